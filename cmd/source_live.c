/*
 * source_live.c - hook for scanning the cluster of a kubeconfig.
 *
 * Not implemented yet: it says so, and the scan stops with a usage error.
 * The live client replaces this file: it reads the kubeconfig the flags
 * and environment select (see source_kubeconfig()), lists every resource
 * the checks need into s->inv, records forbidden kinds with
 * inventory_forbid() and fills s->meta (source "live", context, cluster,
 * server version).
 */
#include "source.h"

#include "diag.h"

int source_live_load(struct scan *s, const struct source_opts *o,
		     const char *kubeconfig, struct diag *d)
{
	(void)s, (void)o;
	return diag_set(d, DIAG_USAGE, NULL,
			"scanning a live cluster (kubeconfig '%s') is not "
			"available in this version; save the objects with "
			"'kubectl get ... -o json' and scan them with -f",
			kubeconfig);
}
