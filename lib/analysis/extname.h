/*
 * extname.h - what the DNS name of an ExternalName Service points at.
 *
 * A Service of type ExternalName is a DNS CNAME: kube-proxy programs
 * nothing, and a client resolving the Service's name gets
 * spec.externalName.  An Ingress, Gateway route or VirtualService whose
 * backend is such a Service makes its proxy connect to that name from the
 * proxy's own network position, whatever the name is: another namespace's
 * Service (the confused deputy of CVE-2021-25740), the API server, the
 * proxy's own loopback (its admin port), or the cloud's instance metadata
 * endpoint.  The API server validates the name only as a DNS subdomain,
 * so "169.254.169.254" is accepted.
 *
 * Pure functions; no state.
 */
#ifndef THREATMAP_EXTNAME_H
#define THREATMAP_EXTNAME_H

#include <stddef.h>

/* Worst first: the order the checks grade by. */
enum ext_target {
	EXT_OUTSIDE,	     /* a host outside the cluster */
	EXT_PRIVATE,	     /* a private address or internal-only name */
	EXT_CLUSTER_SERVICE, /* NAME.NS.svc[.DOMAIN] or NAME.NS */
	EXT_LOOPBACK,	     /* localhost, 127.0.0.0/8, ::1 */
	EXT_APISERVER,	     /* kubernetes.default[.svc[.DOMAIN]] */
	EXT_METADATA,	     /* 169.254.169.254, metadata.google.internal */
};

/*
 * "a host outside the cluster", "a private address or internal name",
 * "a Service of the cluster", "the proxy's own loopback", "the Kubernetes
 * API server", "the cloud instance metadata endpoint".
 */
const char *ext_target_name(enum ext_target t);

/*
 * Classify name (case and a final dot ignored).  For EXT_CLUSTER_SERVICE
 * the Service's namespace and name are copied into ns and svc (sizes nn,
 * sn); has_ns(ctx, ns) tells whether a namespace exists, for the short
 * NAME.NS form (may be NULL: the short form is then a private name).
 */
enum ext_target ext_classify(const char *name, char *ns, size_t nn, char *svc,
			     size_t sn,
			     int (*has_ns)(void *ctx, const char *ns),
			     void *ctx);

#endif
