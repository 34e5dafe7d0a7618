#include "kube/kubeconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "base64.h"
#include "diag.h"
#include "fmt.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"

#define KC_MAX_FILES	  64
#define KC_MAX_FILE_BYTES (16u << 20)

struct kc_file {
	const char *path;
	const char *dir;
	const struct node *root;
};

struct kc {
	struct arena *a;
	struct kc_file f[KC_MAX_FILES];
	size_t n;
	struct sbuf origin; /* "a.yaml:b.yaml" for messages */
};

/*
 * A whole (small) file into the arena, NUL added.  NULL and d (naming what
 * and path) filled on error.
 */
static char *read_small_file(struct arena *a, const char *what,
			     const char *path, size_t *len, struct diag *d)
{
	struct sbuf sb;
	char *out;

	sbuf_init(&sb, KC_MAX_FILE_BYTES);
	if (sbuf_read_file(&sb, path)) {
		int err = errno;

		sbuf_release(&sb);
		if (err == EFBIG)
			diag_set(d, DIAG_LIMIT, NULL,
				 "%s '%s' is larger than %u bytes", what, path,
				 KC_MAX_FILE_BYTES);
		else
			diag_errno(d, DIAG_IO, err, "cannot read %s '%s'", what,
				   path);
		return NULL;
	}
	out = arena_strndup(a, sb.buf, sb.len);
	if (len)
		*len = sb.len;
	sbuf_release(&sb);
	return out;
}

static bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

static const char *dir_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

static const char *resolve(struct arena *a, const char *dir, const char *p)
{
	if (!p || !*p || p[0] == '/')
		return p;
	return arena_printf(a, "%s/%s", dir, p);
}

static int kc_add_buffer(struct kc *kc, const char *path, const char *buf,
			 size_t len, struct diag *d)
{
	struct kc_file *f;
	struct node *root;

	root = load_tree(kc->a, path, buf, len, NULL, d);
	if (!root)
		return d->code;
	if (root->type == NODE_NULL)
		return 0; /* an empty file is an empty config */
	if (root->type != NODE_OBJECT) {
		struct srcloc loc = { path, root->line, node_col(root) };
		return diag_set(d, DIAG_CONFIG, &loc,
				"expected a kubeconfig mapping, found %s",
				node_type_name(root->type));
	}
	f = &kc->f[kc->n++];
	f->path = arena_strdup(kc->a, path);
	f->dir = dir_of(kc->a, f->path);
	f->root = root;
	if (kc->origin.len && sbuf_addch(&kc->origin, ':'))
		return diag_set(d, DIAG_LIMIT, NULL,
				"kubeconfig list too long");
	if (sbuf_adds(&kc->origin, path))
		return diag_set(d, DIAG_LIMIT, NULL,
				"kubeconfig list too long");
	return 0;
}

static int kc_add_file(struct kc *kc, const char *path, struct diag *d)
{
	size_t i, len;
	char *buf;

	for (i = 0; i < kc->n; i++)
		if (!strcmp(kc->f[i].path, path))
			return 0;
	if (kc->n == KC_MAX_FILES)
		return diag_set(d, DIAG_LIMIT, NULL,
				"more than %d kubeconfig files", KC_MAX_FILES);
	buf = read_small_file(kc->a, "kubeconfig", path, &len, d);
	if (!buf)
		return d->code;
	return kc_add_buffer(kc, path, buf, len, d);
}

static int kc_collect(struct kc *kc, const struct kubeconfig_opts *o,
		      struct diag *d)
{
	const char *list = o->env_kubeconfig;
	int rc;

	if (o->kubeconfig && *o->kubeconfig) {
		if (!file_exists(o->kubeconfig))
			return diag_set(d, DIAG_IO, NULL,
					"kubeconfig '%s' does not exist",
					o->kubeconfig);
		return kc_add_file(kc, o->kubeconfig, d);
	}
	if (list && *list) {
		const char *p = list;
		while (*p) {
			const char *end = strchr(p, ':');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len) {
				char *path = arena_strndup(kc->a, p, len);
				/* kubectl skips files of the list that are missing */
				if (file_exists(path) &&
				    (rc = kc_add_file(kc, path, d)))
					return rc;
			}
			p += len;
			if (*p == ':')
				p++;
		}
		return 0;
	}
	if (o->home && *o->home) {
		char *path = arena_printf(kc->a, "%s/.kube/config", o->home);
		if (file_exists(path))
			return kc_add_file(kc, path, d);
	}
	return 0;
}

/* The first entry called name in section ("clusters", ...) of any file. */
static const struct node *kc_find(const struct kc *kc, const char *section,
				  const char *inner, const char *name,
				  const struct kc_file **from)
{
	size_t i, j;

	for (i = 0; i < kc->n; i++) {
		const struct node *arr = node_get(kc->f[i].root, section);
		for (j = 0; j < node_count(arr); j++) {
			const struct node *e = node_at(arr, j);
			if (node_str_eq(node_get(e, "name"), name)) {
				*from = &kc->f[i];
				return node_get(e, inner);
			}
		}
	}
	return NULL;
}

static const char *kc_str(const struct node *obj, const char *key)
{
	const char *s = node_get_str(obj, key);

	return s && *s ? s : NULL;
}

static int cfg_error(struct diag *d, const struct kc_file *f,
		     const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int cfg_error(struct diag *d, const struct kc_file *f,
		     const struct node *at, const char *fmt, ...)
{
	struct srcloc loc = { f ? f->path : NULL, at ? at->line : 0,
			      node_col(at) };
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_set(d, DIAG_CONFIG, &loc, "%s", msg);
}

/* Bytes of a "-data" field (base64) or of the file a path field names. */
static int load_pem(struct arena *a, const struct kc_file *f,
		    const struct node *obj, const char *field, const char *what,
		    const char **out, size_t *out_len, struct diag *d)
{
	char key[64];
	const char *data, *path;

	fmt_snprintf(key, sizeof(key), "%s-data", field);
	data = kc_str(obj, key);
	path = kc_str(obj, field);
	if (data) {
		*out = base64_decode(a, data, strlen(data), out_len);
		if (!*out)
			return cfg_error(d, f, node_get(obj, key),
					 "'%s' is not valid base64%s", key, "");
		return 0;
	}
	if (path) {
		*out = read_small_file(a, what, resolve(a, f->dir, path),
				       out_len, d);
		return *out ? 0 : d->code;
	}
	*out = NULL;
	*out_len = 0;
	return 0;
}

bool kube_header_value_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

const char *kube_url_strip_userinfo(struct arena *a, const char *url)
{
	const char *auth = strstr(url, "://"), *at = NULL;
	size_t i, alen;

	if (!auth)
		return url;
	auth += 3;
	alen = strcspn(auth, "/?#");
	for (i = 0; i < alen; i++)
		if (auth[i] == '@')
			at = auth + i;
	if (!at)
		return url;
	return arena_printf(a, "%.*s%s", (int)(auth - url), url, at + 1);
}

static int load_cluster(struct arena *a, const struct kc_file *f,
			const struct node *c, struct kube_target *t,
			struct diag *d)
{
	const char *server = kc_str(c, "server"), *host;
	size_t len;
	int rc;

	if (!server)
		return cfg_error(d, f, c, "cluster '%s' has no server%s",
				 t->cluster_name, "");
	/* a user:password@ in the URL is neither sent nor ever printed */
	server = kube_url_strip_userinfo(a, server);
	if (strncmp(server, "https://", 8) && strncmp(server, "http://", 7))
		return cfg_error(d, f, node_get(c, "server"),
				 "cluster '%s': server '%s' is not an http(s) "
				 "URL",
				 t->cluster_name, server);
	host = server + (server[4] == 's' ? 8 : 7);
	if (!*host || *host == '/')
		return cfg_error(d, f, node_get(c, "server"),
				 "cluster '%s': server '%s' names no host",
				 t->cluster_name, server);
	len = strlen(server);
	while (len > 8 && server[len - 1] == '/')
		len--;
	t->server = arena_strndup(a, server, len);
	t->insecure = node_is_true(node_get(c, "insecure-skip-tls-verify"));
	t->tls_server_name = kc_str(c, "tls-server-name");
	t->proxy_url = kc_str(c, "proxy-url");
	if ((rc = load_pem(a, f, c, "certificate-authority",
			   "certificate authority", &t->ca, &t->ca_len, d)))
		return rc;
	if (t->insecure && t->ca)
		return cfg_error(
		    d, f, c,
		    "cluster '%s' sets both a certificate authority "
		    "and insecure-skip-tls-verify%s",
		    t->cluster_name, "");
	return 0;
}

static const char **str_array(struct arena *a, const struct node *arr,
			      size_t *n)
{
	const char **v = arena_calloc(a, node_count(arr) + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < node_count(arr); i++) {
		const char *s = node_str(node_at(arr, i));
		if (!s)
			return NULL;
		v[(*n)++] = s;
	}
	return v;
}

static int load_exec(struct arena *a, const struct kc_file *f,
		     const struct node *x, const struct node *cluster,
		     struct kube_target *t, struct diag *d)
{
	struct kube_exec *e = arena_alloc(a, sizeof(*e));
	const struct node *env = node_get(x, "env");
	const struct node *exts = node_get(cluster, "extensions");
	const char *v1 = "client.authentication.k8s.io/v1";
	const char *v1b = "client.authentication.k8s.io/v1beta1";
	size_t i;

	e->api_version = kc_str(x, "apiVersion");
	if (!e->api_version ||
	    (strcmp(e->api_version, v1) && strcmp(e->api_version, v1b)))
		return cfg_error(d, f, x,
				 "user '%s': exec apiVersion must be "
				 "client.authentication.k8s.io/v1 or v1beta1, "
				 "found '%s'",
				 t->user_name,
				 e->api_version ? e->api_version : "");
	e->command = kc_str(x, "command");
	if (!e->command)
		return cfg_error(d, f, x, "user '%s': exec has no command%s",
				 t->user_name, "");
	/* like client-go: a command with a slash is relative to its file */
	if (strchr(e->command, '/'))
		e->command = resolve(a, f->dir, e->command);
	e->args = str_array(a, node_get(x, "args"), &e->nargs);
	if (!e->args)
		return cfg_error(d, f, node_get(x, "args"),
				 "user '%s': exec args must be strings%s",
				 t->user_name, "");
	e->env = arena_calloc(a, node_count(env) + 1, sizeof(*e->env));
	for (i = 0; i < node_count(env); i++) {
		const struct node *kv = node_at(env, i);
		const char *name = kc_str(kv, "name");
		const char *val = node_get_str(kv, "value");
		if (!name || !val || strchr(name, '='))
			return cfg_error(d, f, kv,
					 "user '%s': exec env entries need a "
					 "name and a string value%s",
					 t->user_name, "");
		e->env[e->nenv++] = arena_printf(a, "%s=%s", name, val);
	}
	e->interactive_mode = kc_str(x, "interactiveMode");
	if (!e->interactive_mode) {
		if (!strcmp(e->api_version, v1))
			return cfg_error(d, f, x,
					 "user '%s': exec interactiveMode is "
					 "required for %s",
					 t->user_name, v1);
		e->interactive_mode = "IfAvailable";
	}
	if (strcmp(e->interactive_mode, "Never") &&
	    strcmp(e->interactive_mode, "IfAvailable") &&
	    strcmp(e->interactive_mode, "Always"))
		return cfg_error(d, f, node_get(x, "interactiveMode"),
				 "user '%s': exec interactiveMode '%s' is not "
				 "Never, IfAvailable or Always",
				 t->user_name, e->interactive_mode);
	e->provide_cluster_info =
	    node_is_true(node_get(x, "provideClusterInfo"));
	e->install_hint = kc_str(x, "installHint");
	for (i = 0; i < node_count(exts); i++) {
		const struct node *ext = node_at(exts, i);
		if (node_str_eq(node_get(ext, "name"),
				"client.authentication.k8s.io/exec"))
			e->cluster_config = node_get(ext, "extension");
	}
	t->exec = e;
	return 0;
}

static int load_user(struct arena *a, const struct kc_file *f,
		     const struct node *u, const struct node *cluster,
		     struct kube_target *t, struct diag *d)
{
	static const char *const refused[][2] = {
		{ "auth-provider", "use an exec credential plugin instead" },
		{ "username", "basic authentication is not supported" },
		{ "password", "basic authentication is not supported" },
		{ "as", "impersonation is not supported" },
		{ "as-groups", "impersonation is not supported" },
		{ "as-uid", "impersonation is not supported" },
	};
	const char *tf;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		const struct node *n = node_get(u, refused[i][0]);
		if (n && n->type != NODE_NULL &&
		    !(n->type == NODE_STRING && !node_len(n))) {
			struct srcloc loc = { f->path, n->line, node_col(n) };
			return diag_set(
			    d, DIAG_CONFIG, &loc,
			    "user '%s': field '%s' is not supported "
			    "(%s)",
			    t->user_name, refused[i][0], refused[i][1]);
		}
	}
	if ((rc = load_pem(a, f, u, "client-certificate", "client certificate",
			   &t->cert, &t->cert_len, d)) ||
	    (rc = load_pem(a, f, u, "client-key", "client key", &t->key,
			   &t->key_len, d)))
		return rc;
	if (!t->cert != !t->key)
		return cfg_error(
		    d, f, u, "user '%s' has %s", t->user_name,
		    t->cert ? "a client certificate but no client key"
			    : "a client key but no client certificate");
	t->token = kc_str(u, "token");
	tf = kc_str(u, "tokenFile");
	if (tf) {
		size_t len;
		char *tok;
		t->token_file = resolve(a, f->dir, tf);
		tok = read_small_file(a, "token file", t->token_file, &len, d);
		if (!tok)
			return d->code;
		while (len && (tok[len - 1] == '\n' || tok[len - 1] == '\r' ||
			       tok[len - 1] == ' '))
			tok[--len] = '\0';
		/* client-go: a token file's contents win over token */
		t->token = tok;
	}
	if (node_get(u, "exec") && node_get(u, "exec")->type == NODE_OBJECT)
		return load_exec(a, f, node_get(u, "exec"), cluster, t, d);
	return 0;
}

static int load_incluster(struct arena *a, const struct kubeconfig_opts *o,
			  struct kube_target *t, struct diag *d)
{
	const char *dir =
	    o->incluster_dir ? o->incluster_dir : KUBE_INCLUSTER_DIR;
	const char *host = o->incluster_host;
	size_t len;
	char *ns, *tok;

	t->in_cluster = true;
	t->context = "in-cluster";
	t->cluster_name = "in-cluster";
	t->user_name = "service account";
	t->origin = dir;
	t->server = arena_printf(
	    a, strchr(host, ':') ? "https://[%s]:%s" : "https://%s:%s", host,
	    o->incluster_port);
	t->ca =
	    read_small_file(a, "in-cluster CA",
			    arena_printf(a, "%s/ca.crt", dir), &t->ca_len, d);
	if (!t->ca)
		return d->code;
	t->token_file = arena_printf(a, "%s/token", dir);
	tok =
	    read_small_file(a, "service account token", t->token_file, &len, d);
	if (!tok)
		return d->code;
	while (len && (tok[len - 1] == '\n' || tok[len - 1] == ' '))
		tok[--len] = '\0';
	t->token = tok;
	ns = read_small_file(a, "namespace",
			     arena_printf(a, "%s/namespace", dir), &len, NULL);
	if (ns) {
		while (len && ns[len - 1] == '\n')
			ns[--len] = '\0';
		t->namespace = len ? ns : NULL;
	}
	return 0;
}

static const char *first_current_context(const struct kc *kc)
{
	size_t i;

	for (i = 0; i < kc->n; i++) {
		const char *c = kc_str(kc->f[i].root, "current-context");
		if (c)
			return c;
	}
	return NULL;
}

static int kc_select(struct kc *kc, const struct kubeconfig_opts *o,
		     struct kube_target *t, struct diag *d)
{
	const struct kc_file *cf = NULL, *clf = NULL, *uf = NULL;
	const struct node *ctx = NULL, *cluster, *user = NULL;
	const char *origin = kc->origin.buf;
	int rc;

	t->context =
	    o->context && *o->context ? o->context : first_current_context(kc);
	if (t->context) {
		ctx = kc_find(kc, "contexts", "context", t->context, &cf);
		if (!ctx)
			return diag_set(d, DIAG_CONFIG, NULL,
					"context '%s' not found in kubeconfig "
					"'%s'",
					t->context, origin);
	} else if (!(o->cluster && *o->cluster)) {
		return diag_set(d, DIAG_CONFIG, NULL,
				"no context selected: kubeconfig '%s' sets no "
				"current-context (use --context)",
				origin);
	}
	t->cluster_name =
	    o->cluster && *o->cluster ? o->cluster : kc_str(ctx, "cluster");
	t->user_name = o->user && *o->user ? o->user : kc_str(ctx, "user");
	t->namespace = kc_str(ctx, "namespace");
	if (!t->cluster_name)
		return cfg_error(d, cf, ctx, "context '%s' names no cluster%s",
				 t->context, "");
	cluster = kc_find(kc, "clusters", "cluster", t->cluster_name, &clf);
	if (!cluster)
		return diag_set(d, DIAG_CONFIG, NULL,
				"cluster '%s' not found in kubeconfig '%s'",
				t->cluster_name, origin);
	if ((rc = load_cluster(kc->a, clf, cluster, t, d)))
		return rc;
	if (!t->user_name) {
		t->user_name = "(none)";
		return 0;
	}
	user = kc_find(kc, "users", "user", t->user_name, &uf);
	if (!user)
		return diag_set(d, DIAG_CONFIG, NULL,
				"user '%s' not found in kubeconfig '%s'",
				t->user_name, origin);
	return load_user(kc->a, uf, user, cluster, t, d);
}

/* One file's bytes (path names it and anchors relative paths), or NULL. */
static int kc_load(struct arena *a, const struct kubeconfig_opts *o,
		   const char *path, const char *buf, size_t len,
		   struct kube_target *t, struct diag *d)
{
	struct kc kc;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&kc, 0, sizeof(kc));
	kc.a = a;
	sbuf_init(&kc.origin, 1 << 16);
	if (path)
		rc = kc_add_buffer(&kc, path, buf, len, d);
	else
		rc = kc_collect(&kc, o, d);
	if (rc)
		goto out;
	if (!kc.n) {
		if (o->incluster_host && *o->incluster_host &&
		    o->incluster_port && *o->incluster_port) {
			rc = load_incluster(a, o, t, d);
			goto out;
		}
		rc = diag_set(d, DIAG_CONFIG, NULL,
			      "no kubeconfig found (set KUBECONFIG, use "
			      "--kubeconfig, or create ~/.kube/config) and not "
			      "running inside a cluster");
		goto out;
	}
	t->origin = arena_strdup(a, kc.origin.buf);
	rc = kc_select(&kc, o, t, d);
out:
	sbuf_release(&kc.origin);
	return rc;
}

int kubeconfig_load(struct arena *a, const struct kubeconfig_opts *o,
		    struct kube_target *t, struct diag *d)
{
	return kc_load(a, o, NULL, NULL, 0, t, d);
}

int kubeconfig_load_buffer(struct arena *a, const struct kubeconfig_opts *o,
			   const char *path, const char *buf, size_t len,
			   struct kube_target *t, struct diag *d)
{
	return kc_load(a, o, path ? path : "kubeconfig", buf, len, t, d);
}

/* Each distinct string at contexts[].KEY of every file, in file order. */
static int kc_context_strings(struct arena *a, const struct kubeconfig_opts *o,
			      const char *key, const char *const **names,
			      size_t *n, struct diag *d)
{
	struct kc kc;
	const char **v = NULL;
	size_t i, j, k, alloc = 0;
	int rc;

	*names = NULL;
	*n = 0;
	memset(&kc, 0, sizeof(kc));
	kc.a = a;
	sbuf_init(&kc.origin, 1 << 16);
	rc = kc_collect(&kc, o, d);
	sbuf_release(&kc.origin);
	if (rc)
		return rc;
	for (i = 0; i < kc.n; i++) {
		const struct node *arr = node_get(kc.f[i].root, "contexts");

		for (j = 0; j < node_count(arr); j++) {
			const struct node *e = node_at(arr, j);
			const char *name = strchr(key, '.')
					       ? node_str(node_path(e, key))
					       : node_get_str(e, key);

			if (!name || !*name)
				continue;
			for (k = 0; k < *n && strcmp(v[k], name); k++)
				;
			if (k < *n)
				continue; /* the first file that names it wins */
			if (*n == alloc) {
				const char **nv;

				alloc = alloc ? 2 * alloc : 16;
				nv = arena_calloc(a, alloc, sizeof(*nv));
				if (*n)
					memcpy(nv, v, *n * sizeof(*nv));
				v = nv;
			}
			v[(*n)++] = arena_strdup(a, name);
		}
	}
	*names = v;
	return 0;
}

int kubeconfig_contexts(struct arena *a, const struct kubeconfig_opts *o,
			const char *const **names, size_t *n, struct diag *d)
{
	return kc_context_strings(a, o, "name", names, n, d);
}

int kubeconfig_namespaces(struct arena *a, const struct kubeconfig_opts *o,
			  const char *const **names, size_t *n, struct diag *d)
{
	return kc_context_strings(a, o, "context.namespace", names, n, d);
}
