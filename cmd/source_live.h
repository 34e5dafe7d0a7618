/*
 * source_live.h - the live source: the cluster of a kubeconfig.
 */
#ifndef THREATMAP_SOURCE_LIVE_H
#define THREATMAP_SOURCE_LIVE_H

struct diag;
struct kube_report;
struct scan;
struct kube_sink;
struct source_opts;

/* Fill s from the live cluster of kubeconfig (source.h's hook). */
int source_live_load(struct scan *s, const struct source_opts *o,
		     const char *kubeconfig, struct diag *d);

/*
 * The live source with its collection report (scan and snapshot share
 * it): resolves the kubeconfig as kubectl does, lists the cluster into
 * s->inv (or, with sink, its objects into the sink: kube_opts.sink) and
 * fills s->meta.
 */
int source_live_collect(struct scan *s, const struct source_opts *o,
			const struct kube_sink *sink, struct kube_report *rep,
			struct diag *d);

/* kubectl's --request-timeout ("0", "30", "30s", "1m30s") in ms; -1 bad. */
long source_parse_timeout(const char *s);

#endif
