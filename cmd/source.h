/*
 * source.h - where a scan's objects come from.
 *
 * source_load() is the one entry the scan command calls.  It picks the
 * source the flags ask for: manifests (-f), a snapshot directory
 * (--snapshot), or the live cluster of a kubeconfig; the last two are
 * hooks (source_snapshot_load, source_live_load) whose implementations
 * live in their own files, below this one.  Each fills scan->inv and scan->meta and adds
 * input problems to scan->errors; a failure that stops the whole source
 * returns a negative enum diag_code with d filled (DIAG_USAGE: nothing to
 * scan or a source this build cannot read).
 */
#ifndef THREATMAP_SOURCE_H
#define THREATMAP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "source_live.h"
#include "source_opts.h"
#include "source_snapshot.h"

struct diag;
struct scan;

/*
 * The flags that choose and shape the source, shared by every command that
 * scans: -f, -R and kubectl's cluster flags.  Add SOURCE_SHORTOPTS to the
 * getopt_long option string and SOURCE_LONGOPTS to the long options (codes
 * from enum in cli.h), and hand each option to source_opt().
 */
#define SOURCE_SHORTOPTS "f:k:Rn:Av:"
#define SOURCE_LONGOPTS                                                        \
	{ "filename", required_argument, NULL, 'f' },                          \
	    { "kustomize", required_argument, NULL, 'k' },                     \
	    { "recursive", no_argument, NULL, 'R' },                           \
	    { "kubeconfig", required_argument, NULL, CLI_OPT_KUBECONFIG },     \
	    { "context", required_argument, NULL, CLI_OPT_CONTEXT },           \
	    { "cluster", required_argument, NULL, CLI_OPT_CLUSTER },           \
	    { "user", required_argument, NULL, CLI_OPT_USER },                 \
	    { "namespace", required_argument, NULL, 'n' },                     \
	    { "all-namespaces", no_argument, NULL, 'A' },                      \
	    { "request-timeout", required_argument, NULL,                      \
	      CLI_OPT_REQUEST_TIMEOUT },                                       \
	    { "snapshot", required_argument, NULL, CLI_OPT_SNAPSHOT },         \
	    { "kubelet-config", no_argument, NULL, CLI_OPT_KUBELET_CONFIG },   \
	{                                                                      \
		"v", required_argument, NULL, 'v'                              \
	}

/*
 * Handle one source option (c is getopt's return).  Returns 1 when c was
 * one, 0 when not, or CLI_EXIT_USAGE (printed) for a bad value.
 */
int source_opt(struct source_opts *o, const char *cmd, int c, const char *arg);

int source_load(struct scan *s, const struct source_opts *o, struct diag *d);

/*
 * A new scan filled from the source and finished, or NULL after printing
 * why; *exit_code is then CLI_EXIT_USAGE or CLI_EXIT_INPUT.  Input errors
 * do not fail here: they are in scan->errors.  Free with scan_free().
 */
struct scan *source_scan(const struct source_opts *o, const char *cmd,
			 int *exit_code);

/*
 * The kubeconfig a live scan would use: --kubeconfig, the first existing
 * file of $KUBECONFIG, ~/.kube/config, or "in-cluster" when running in a
 * pod with a service-account token.  NULL when there is none.
 */
const char *source_kubeconfig(const struct source_opts *o);

#endif
