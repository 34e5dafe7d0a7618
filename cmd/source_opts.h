/*
 * source_opts.h - the flags that say where a scan's objects come from,
 * shared by the source dispatcher (source.h) and its hooks.
 */
#ifndef THREATMAP_SOURCE_OPTS_H
#define THREATMAP_SOURCE_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#define SOURCE_MAX_FILES 256

struct source_opts {
	const char *files[SOURCE_MAX_FILES]; /* -f, in order; "-" is stdin */
	size_t nfiles;
	const char *kustomize[SOURCE_MAX_FILES]; /* -k DIR, in order */
	size_t nkustomize;
	bool recursive;	      /* -R */
	const char *snapshot; /* --snapshot DIR */
	/* kubectl flags for the live source */
	const char *kubeconfig;
	const char *context;
	const char *cluster;
	const char *user;
	const char *ns;	     /* -n */
	bool all_namespaces; /* -A */
	/*
	 * -n only says where objects without a namespace land and what is
	 * asked (who-can, can-i): manifests of other namespaces are kept.
	 */
	bool ns_keeps_all;
	const char *request_timeout;
	bool kubelet_config; /* --kubelet-config: read nodes' /configz */
	int verbosity;	     /* -v */
	bool progress;	     /* a progress line on a terminal's stderr */
};

#endif
