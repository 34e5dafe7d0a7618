/*
 * unit.h - a node's kubelet service files as objects: systemd units and
 * drop-ins (kubelet.service, kubelet.service.d/10-kubeadm.conf) and the
 * environment files they read (/var/lib/kubelet/kubeadm-flags.env,
 * /etc/default/kubelet, /etc/sysconfig/kubelet).
 *
 * A unit becomes a SystemdUnit (apiVersion systemd.threatmap.dev/v1, named
 * after its file) holding what its [Service] section says about the
 * command line:
 *   environment:      [{name, value}]  Environment= assignments, in order
 *   environmentFiles: [{path, optional}]  EnvironmentFile= ("-" optional)
 *   execStart:        [word, ...]  the last ExecStart=, split into words
 *                                  as systemd does (quotes, backslashes);
 *                                  "$VAR" and "${VAR}" are kept as written
 *   execStartReset:   true when an empty ExecStart= clears earlier ones
 * An environment file becomes an EnvironmentFile with environment: [{name,
 * value}] ("export " allowed, quoted values unquoted).  Every node carries
 * the line and column of what it was read from.  Other sections and keys
 * are ignored.
 *
 * A line that is not "[Section]", "KEY=VALUE" or a comment, an Environment=
 * word without "=", an unterminated quote: one diag "file:line:col: ..."
 * each; the file's object is still added when its other lines are good.
 */
#ifndef THREATMAP_LOAD_UNIT_H
#define THREATMAP_LOAD_UNIT_H

#include <stddef.h>

struct arena;
struct diag_list;
struct inventory;

enum unit_type {
	UNIT_NONE,
	UNIT_SYSTEMD, /* a unit or drop-in */
	UNIT_ENV,     /* an environment file */
};

/*
 * What file (its path) with content buf is: by name (NAME.service,
 * NAME.service.d/X.conf, *.env, default/kubelet, sysconfig/kubelet) or by
 * content (a first "[Unit]", "[Service]" or "[Install]" line; or only
 * NAME=VALUE lines, one of them a KUBELET_ variable).
 */
enum unit_type unit_detect(const char *file, const char *buf, size_t len);

/* Parse buf as type t and add its object to inv; returns objects added. */
int unit_load(struct arena *a, struct inventory *inv, const char *file,
	      enum unit_type t, const char *buf, size_t len,
	      struct diag_list *errs);

#endif
