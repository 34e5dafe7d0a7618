/*
 * exec_cred.h - client.authentication.k8s.io exec credential plugins.
 *
 * The plugin named by a kubeconfig user's exec block is run with fork and
 * execve (never a shell): a command with a slash as given (already resolved
 * against its kubeconfig), any other through the PATH of the environment
 * the caller passes.  Its environment is the caller's envp plus the exec
 * block's env entries plus KUBERNETES_EXEC_INFO, an ExecCredential whose
 * spec says interactive false and, with provideClusterInfo, describes the
 * cluster.  stdin is /dev/null: a scan never has a terminal for the plugin,
 * so interactiveMode Always fails before running anything.  stdout must hold
 * an ExecCredential of the same apiVersion with status.token or
 * status.clientCertificateData and clientKeyData; expirationTimestamp is
 * kept so the client runs the plugin again once it passed.
 *
 * The plugin is killed when it runs longer than the timeout.  Its stderr is
 * captured (never printed) and its last line quoted in error messages.
 */
#ifndef THREATMAP_EXEC_CRED_H
#define THREATMAP_EXEC_CRED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct arena;
struct diag;
struct kube_target;

struct exec_cred {
	const char *token;	/* bearer token, or NULL */
	const char *cert, *key; /* PEM client certificate and key, or NULL */
	size_t cert_len, key_len;
	bool expires;
	time_t expiry; /* when expires is true */
};

/*
 * Run t->exec and fill out (strings in a).  envp is the environment to
 * start from (NULL: empty).  timeout_ms bounds the plugin's run time.
 * Returns 0 or a negative diag code: DIAG_AUTH for a plugin that fails,
 * times out or prints no usable credential, DIAG_CONFIG for an
 * interactiveMode that cannot be honoured.
 */
int exec_cred_run(struct arena *a, const struct kube_target *t,
		  const char *const *envp, long timeout_ms,
		  struct exec_cred *out, struct diag *d)
    __attribute__((warn_unused_result));

/*
 * Parse a plugin's standard output (len bytes) as t->exec expects it into
 * out (strings in a).  0, or DIAG_AUTH with d saying what was wrong.
 */
int exec_cred_parse(struct arena *a, const struct kube_target *t,
		    const char *buf, size_t len, struct exec_cred *out,
		    struct diag *d) __attribute__((warn_unused_result));

/* The credential has an expiry and it is at or before now. */
bool exec_cred_expired(const struct exec_cred *c, time_t now);

/* Parse an RFC 3339 UTC or offset timestamp; false when malformed. */
bool exec_cred_parse_time(const char *s, time_t *out);

#endif
