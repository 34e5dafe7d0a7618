/*
 * kubeconfig.h - pick the cluster, user and credentials as kubectl does.
 *
 * Sources, in kubectl's order: --kubeconfig (one file, must exist), else
 * every file of the KUBECONFIG list (colon separated, missing files
 * skipped), else $HOME/.kube/config.  Files are merged: for clusters,
 * contexts and users the first file that defines a name wins, and
 * current-context comes from the first file that sets it.  --context picks
 * the context; --cluster and --user replace the context's own.  Relative
 * paths in a file (certificate-authority, client-certificate, client-key,
 * tokenFile, exec command with a slash) are resolved against that file's
 * directory.  When no kubeconfig file exists at all and the in-cluster
 * variables are set, the pod's service-account credentials are used.
 *
 * Supported credentials: certificate-authority(-data), client-certificate
 * (-data) with client-key(-data), token, tokenFile, exec plugins, and
 * insecure-skip-tls-verify, tls-server-name and proxy-url on the cluster.
 * auth-provider and username/password are refused with a DIAG_CONFIG error
 * naming the field.
 *
 * lib/ reads no environment: the caller passes KUBECONFIG, HOME and the
 * in-cluster variables in struct kubeconfig_opts.  Every string of the
 * result lives in the caller's arena.  Not thread safe per arena.
 */
#ifndef THREATMAP_KUBECONFIG_H
#define THREATMAP_KUBECONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct node;

#define KUBE_INCLUSTER_DIR "/var/run/secrets/kubernetes.io/serviceaccount"

struct kubeconfig_opts {
	const char *kubeconfig;	    /* --kubeconfig, or NULL */
	const char *env_kubeconfig; /* $KUBECONFIG, or NULL */
	const char *home;	    /* $HOME, or NULL */
	const char *context;	    /* --context, or NULL */
	const char *cluster;	    /* --cluster, or NULL */
	const char *user;	    /* --user, or NULL */
	const char *incluster_host; /* $KUBERNETES_SERVICE_HOST, or NULL */
	const char *incluster_port; /* $KUBERNETES_SERVICE_PORT, or NULL */
	const char *incluster_dir;  /* NULL: KUBE_INCLUSTER_DIR */
};

/* An exec credential plugin as the kubeconfig describes it. */
struct kube_exec {
	const char
	    *api_version;    /* client.authentication.k8s.io/v1 or v1beta1 */
	const char *command; /* resolved when it holds a slash */
	const char **args;   /* nargs strings */
	size_t nargs;
	const char **env; /* "NAME=value", nenv strings */
	size_t nenv;
	const char *interactive_mode; /* "Never", "IfAvailable", "Always" */
	bool provide_cluster_info;
	const char *install_hint;	   /* may be NULL */
	const struct node *cluster_config; /* cluster extension, may be NULL */
};

/* Everything the API client needs; strings in the arena. */
struct kube_target {
	const char *context; /* context name, or "in-cluster" */
	const char *cluster_name;
	const char *user_name;
	const char *namespace; /* the context's namespace, may be NULL */
	const char *server;    /* URL without trailing slash */
	const char *origin; /* file(s) the settings came from, for messages */
	const char *ca;	    /* PEM bytes of the CA bundle, or NULL */
	size_t ca_len;
	const char *cert, *key; /* PEM client certificate and key, or NULL */
	size_t cert_len, key_len;
	const char *token;	      /* bearer token, or NULL */
	const char *token_file;	      /* read once at load; kept for messages */
	const struct kube_exec *exec; /* or NULL */
	bool insecure;		      /* insecure-skip-tls-verify */
	const char *tls_server_name;
	const char *proxy_url;
	bool in_cluster;
};

/*
 * Resolve the target.  Returns 0, or a negative diag code with d filled:
 * DIAG_IO for a file that cannot be read, DIAG_PARSE for a kubeconfig that
 * is not YAML or JSON, DIAG_CONFIG for semantics (unknown context, missing
 * server, unsupported credential field).
 */
int kubeconfig_load(struct arena *a, const struct kubeconfig_opts *o,
		    struct kube_target *t, struct diag *d)
    __attribute__((warn_unused_result));

/*
 * The same for one kubeconfig already in memory (len bytes at buf; NUL
 * not needed), named path: messages name it and relative paths in it are
 * resolved against its directory.  o->kubeconfig and the KUBECONFIG and
 * HOME fields are ignored; context, cluster, user and the in-cluster
 * fields apply as for kubeconfig_load().
 */
int kubeconfig_load_buffer(struct arena *a, const struct kubeconfig_opts *o,
			   const char *path, const char *buf, size_t len,
			   struct kube_target *t, struct diag *d)
    __attribute__((warn_unused_result));

/*
 * url without the userinfo of its authority ("https://u:pw@h/x" becomes
 * "https://h/x"), in a; url itself when it has none.
 */
const char *kube_url_strip_userinfo(struct arena *a, const char *url);

/*
 * Whether s may travel in an HTTP header value: no control character
 * (CR and LF would start a header of their own), no DEL.
 */
bool kube_header_value_ok(const char *s);

/*
 * The names of every context in the kubeconfig files o selects (merged as
 * kubectl merges KUBECONFIG: the first file naming a context wins), in file
 * order, into the arena.  No context need be complete.  Returns 0 or a
 * negative diag code.
 */
int kubeconfig_contexts(struct arena *a, const struct kubeconfig_opts *o,
			const char *const **names, size_t *n, struct diag *d)
    __attribute__((warn_unused_result));

/* The namespaces the contexts of those files name, each once. */
int kubeconfig_namespaces(struct arena *a, const struct kubeconfig_opts *o,
			  const char *const **names, size_t *n, struct diag *d)
    __attribute__((warn_unused_result));

#endif
