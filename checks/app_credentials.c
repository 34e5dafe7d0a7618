/*
 * app-credentials: credentials written into configuration: literal env
 * values, command-line flags, ConfigMap data and annotations.  Patterns
 * live in lib/cred.c; evidence never holds more than a masked prefix.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cred.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static int run_app_credentials(const struct scan *s, struct findings *out);
static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9027", NULL };
static const char *const attack[] = { "T1552", "T1552.001", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Application%20credentials%20in%20configuration%20files/",
	"https://kubernetes.io/docs/concepts/configuration/secret/",
	"https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
	NULL,
};

const struct check check_app_credentials = {
	.id = "app-credentials",
	.title = "Credential written into configuration",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS | NEED_CONFIGMAPS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Pod specs, ConfigMaps and annotations are read far more widely "
	    "than Secrets: the built-in 'view' role reads ConfigMaps and pod "
	    "specs but not Secrets, CI systems and GitOps repositories keep "
	    "manifests in clear, and 'kubectl describe' prints env values.  "
	    "A password, token, private key or cloud key written there is "
	    "exposed to all of them (Application credentials in "
	    "configuration files, MS-TA9027, T1552).  Found: env values "
	    "given literally (not valueFrom), env taken from a ConfigMap "
	    "key under a credential name, --password=... style arguments, "
	    "ConfigMap data (whole files are read line by line), names of "
	    "binaryData keys that are key stores, and annotations.  High "
	    "when the value has a known credential format (PEM private "
	    "key, AWS/Google/Azure keys, provider tokens, JSON Web Tokens, "
	    "connection strings with a password) or is a random-looking "
	    "value under a credential name; medium for a short or "
	    "dictionary-like literal under such a name (often a default "
	    "password), and for credentials read from ConfigMaps.  "
	    "Placeholders ('', '${VAR}', '<nil>', 'changeme', numbers, "
	    "paths, secret-store references) stay silent.  Evidence shows "
	    "the key, the pattern and at most four leading characters.",
	.remediation =
	    "Move the value into a Secret (or an external secret store "
	    "synchronised into one) and reference it with "
	    "valueFrom.secretKeyRef, envFrom.secretRef or a secret volume; "
	    "rotate the credential, since it has already been exposed; "
	    "keep credentials out of args (they show in the process list) "
	    "and out of annotations.",
	.details =
	    "- **Severity by case:** high for a value in a known credential "
	    "format, or\n"
	    "  a random-looking value under a credential name; medium for a "
	    "short or\n"
	    "  dictionary-like literal under a credential name (MinIO's "
	    "default\n"
	    "  `password`, say), for env read from a ConfigMap key under a "
	    "credential\n"
	    "  name, and for `binaryData` keys named like key stores.\n"
	    "- **Looks at:**\n"
	    "  - literal `env[].value` of every container, and\n"
	    "    `env[].valueFrom.configMapKeyRef` under a credential name "
	    "(reported on\n"
	    "    the workload unless the ConfigMap's own key already is, or "
	    "the value\n"
	    "    is a placeholder);\n"
	    "  - `command` and `args` (`--password=x`, `--api-token x`, the "
	    "password flag\n"
	    "    of clients that take one, spaced or attached: `mysql -pX`, "
	    "`sshpass -p X`,\n"
	    "    `ldapsearch -wX`; curl's `-u user:X`; and credential formats "
	    "in any\n"
	    "    word);\n"
	    "  - ConfigMap `data` values, whole and, for files, line by line\n"
	    "    (`key=value`, `key: value`, `export KEY=value`, JSON; comment "
	    "lines\n"
	    "    skipped), and `binaryData` key names (`id_rsa`, `*.key`, "
	    "`*.p12`,\n"
	    "    `*.jks`, `credentials.json`, ...);\n"
	    "  - annotations of workloads, pod templates and ConfigMaps, for "
	    "formats\n"
	    "    and random values only (Vault's injector and the like put\n"
	    "    secret-sounding names with harmless values there).\n"
	    "- **Formats** (`lib/cred.c`): PEM private keys, AWS access key "
	    "IDs, Google\n"
	    "  API keys and service-account key files, Azure storage keys, SAS "
	    "tokens\n"
	    "  and AD client secrets, GitHub, GitLab, Slack, Stripe, SendGrid "
	    "and npm\n"
	    "  tokens, Slack webhooks, JSON Web Tokens, Authorization header "
	    "values\n"
	    "  (`Bearer` and a token, `Basic` and base64), docker config "
	    "`auth`, and\n"
	    "  connection strings with a password in them.\n"
	    "- **Credential names:** password, passwd, pwd, passphrase, "
	    "secret, token,\n"
	    "  api key, private/secret/auth/session/signing/encryption/master "
	    "key,\n"
	    "  credential, connection string, DSN; not names that only point "
	    "at or\n"
	    "  describe a secret (`*_FILE`, `*_PATH`, `*_NAME`, `*_URL`, "
	    "`*_TTL`,\n"
	    "  `*_LENGTH`, `*_ID`, `*_ENABLED`, ...). Random-looking means 16 "
	    "bytes or\n"
	    "  more with at least 3.5 bits of entropy per byte, and hex or "
	    "three of the\n"
	    "  four character classes.\n"
	    "- **Silent for:** placeholders and references (`\"\"`, `${VAR}`, "
	    "`$(VAR)`,\n"
	    "  `$VAR`, `{{ ... }}`, `<...>`, booleans, `null`, numbers, paths\n"
	    "  (absolute, `./`, `../`, `~/`, or relative ending in a file\n"
	    "  extension such as `secrets/db.txt`; `a/b` alone is a value), "
	    "URLs\n"
	    "  with no password in them (`postgres://db:5432`), one\n"
	    "  repeated character, `changeme`, `replace-me`, `placeholder`, "
	    "`redacted`,\n"
	    "  `example`, `dummy`, values under four bytes); secret-store "
	    "references\n"
	    "  (`vault:`, `ref+`, `arn:aws:secretsmanager:`, `arn:aws:ssm:`,\n"
	    "  `@Microsoft.KeyVault(`, `sm://`, `projects/...`); connection "
	    "strings with\n"
	    "  a placeholder password; kubeconfigs (kubeconfig-exposed's);\n"
	    "  values that only name an environment variable (upper-case "
	    "words\n"
	    "  joined by underscores, `VAULT_TOKEN` under "
	    "`VAULT_TOKEN_ENV`) unless\n"
	    "  they look random.\n"
	    "- **Evidence never holds the value:** the key, the pattern and at "
	    "most four\n"
	    "  leading characters with a length class (`AKIA... (16-31 "
	    "chars)`; two\n"
	    "  under 16 bytes, none under 6). A test runs every output format "
	    "over\n"
	    "  canary values and fails if one shows.\n"
	    "- **Where peers differ:** a literal `password` under a credential "
	    "name is\n"
	    "  a default credential, not a placeholder, and is reported. "
	    "`*_ACCESS_KEY`\n"
	    "  alone is no credential name (MinIO and S3 clients use it for "
	    "the user);\n"
	    "  AWS key IDs are found by their format.\n",
	.fix = "env:\n"
	       "  - name: DB_PASSWORD\n"
	       "    valueFrom:\n"
	       "      secretKeyRef:\n"
	       "        name: db-credentials\n"
	       "        key: password\n",
	.references = references,
	.run = run_app_credentials,
	.pod = judge_view,
};

/* key and value named for evidence: "pattern: value" */
static void report(struct findings *out, const struct kobj *obj,
		   const char *container, const struct cred_hit *h,
		   const struct node *at, const char *path, const char *what)
{
	struct finding *fd;

	if (h->line_key[0]) {
		fd = finding_add(out, &check_app_credentials, obj, container,
				 "%s holds a credential in its line '%s' (%s)",
				 what, h->line_key, h->pattern);
		finding_evidence(out, fd, at, path, "%s: %s: %s", h->line_key,
				 h->pattern, h->masked);
	} else {
		fd =
		    finding_add(out, &check_app_credentials, obj, container,
				"%s holds a credential (%s)", what, h->pattern);
		finding_evidence(out, fd, at, path, "%s: %s", h->pattern,
				 h->masked);
	}
	fd->severity = h->strength == CRED_STRONG ? SEV_HIGH : SEV_MEDIUM;
}

/* ---- containers -------------------------------------------------------- */

/*
 * env[i].valueFrom.configMapKeyRef under a credential name: the value sits
 * in a ConfigMap.  Silent when the ConfigMap is present and its value is a
 * placeholder, or when the ConfigMap's own key already reports it.
 */
static void env_from_configmap(const struct scan *s, struct findings *out,
			       const struct wl_iter *it, const char *name,
			       const struct node *ref, const char *path)
{
	const char *cm = node_get_str(ref, "name");
	const char *key = node_get_str(ref, "key");
	const struct kobj *o;
	const struct node *v;
	struct cred_hit h;
	char what[384];
	struct finding *fd;

	if (!cm || !key || !cred_key_is_secret(s->cred, name))
		return;
	o = inventory_find(s->inv, "ConfigMap", kobj_ns(it->pv->obj), cm);
	v = o ? node_get(node_get(o->root, "data"), key) : NULL;
	if (v && node_is(v, NODE_STRING)) {
		if (cred_match(s->cred, key, node_text(v), node_len(v), &h) !=
		    CRED_NONE)
			return; /* reported on the ConfigMap */
		if (cred_match(s->cred, name, node_text(v), node_len(v), &h) ==
		    CRED_NONE)
			return;
		fmt_snprintf(
		    what, sizeof(what),
		    "env '%s' of %s '%s' (from ConfigMap '%s' key '%s')", name,
		    wl_list_noun(it->list), it->name, cm, key);
		report(out, it->pv->obj, it->name, &h, ref, path, what);
		return;
	}
	fd = finding_add(out, &check_app_credentials, it->pv->obj, it->name,
			 "env '%s' of %s '%s' reads a credential from "
			 "ConfigMap '%s' key '%s' instead of a Secret",
			 name, wl_list_noun(it->list), it->name, cm, key);
	fd->severity = SEV_MEDIUM;
	finding_evidence(out, fd, ref, path, "configMapKeyRef %s/%s", cm, key);
}

static void container_env(const struct scan *s, struct findings *out,
			  const struct wl_iter *it, struct cred_memo *memo)
{
	const struct node *env = node_get(it->c, "env");
	size_t i;

	for (i = 0; i < node_count(env); i++) {
		const struct node *e = node_at(env, i);
		const char *name = node_get_str(e, "name");
		const struct node *v, *ref;
		char path[WL_PATH_MAX + 64], what[256];
		struct cred_hit h;

		if (!name)
			continue;
		ref = node_path(e, "valueFrom.configMapKeyRef");
		if (ref) {
			fmt_snprintf(path, sizeof(path),
				     "%s.env[%zu].valueFrom.configMapKeyRef",
				     it->path, i);
			env_from_configmap(s, out, it, name, ref, path);
			continue;
		}
		v = node_get(e, "value");
		if (!node_is(v, NODE_STRING) ||
		    cred_match_memo(s->cred, memo, name, node_text(v),
				    node_len(v), &h) == CRED_NONE)
			continue;
		fmt_snprintf(path, sizeof(path), "%s.env[%zu].value", it->path,
			     i);
		fmt_snprintf(what, sizeof(what), "env '%s' of %s '%s'", name,
			     wl_list_noun(it->list), it->name);
		report(out, it->pv->obj, it->name, &h, v, path, what);
	}
}

struct args_ctx {
	const struct scan *s;
	struct findings *out;
	const struct wl_iter *it;
	const struct node *list;
	const char *field;
};

static void on_arg_hit(void *ctx, const struct cred_args_hit *h)
{
	const struct args_ctx *ac = ctx;
	char path[WL_PATH_MAX + 64], what[256];

	fmt_snprintf(path, sizeof(path), "%s.%s[%zu]", ac->it->path, ac->field,
		     h->arg);
	fmt_snprintf(what, sizeof(what), "%s %zu of %s '%s'",
		     strcmp(ac->field, "args") ? "command word" : "argument",
		     h->arg, wl_list_noun(ac->it->list), ac->it->name);
	report(ac->out, ac->it->pv->obj, ac->it->name, &h->hit,
	       node_at(ac->list, h->arg), path, what);
}

/*
 * "--password=x", "--token x", "-p x", a credential format, or any of
 * them inside a shell script (cred_args() in cred.h).
 */
static void container_args(const struct scan *s, struct findings *out,
			   const struct wl_iter *it, const char *field)
{
	const struct node *list = node_get(it->c, field);
	struct args_ctx ac = { s, out, it, list, field };
	size_t i, n = node_count(list);
	const char **v, *prog = NULL;

	if (!n)
		return;
	/* args go to the command, which tells what "-p" means */
	if (!strcmp(field, "args"))
		prog = node_str(node_at(node_get(it->c, "command"), 0));
	v = xmalloc(n * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = node_str(node_at(list, i));
	cred_args_for(s->cred, prog, v, n, on_arg_hit, &ac);
	free(v);
}

/* ---- annotations ------------------------------------------------------- */

/*
 * Annotations carry tool settings ("vault.hashicorp.com/agent-inject-
 * secret-db: database/creds/app"), so a credential-like name proves
 * nothing: only known formats and random values under such a name count.
 */
static void annotations(const struct scan *s, struct findings *out,
			const struct kobj *obj, const struct node *ann,
			const char *prefix)
{
	size_t i;

	const char *key;
	const struct node *v;

	for (i = 0; node_member_at(ann, i, &key, &v); i++) {
		char path[WL_PATH_MAX + 256], what[300];
		struct cred_hit h;

		if (!node_is(v, NODE_STRING))
			continue;
		if (cred_match(s->cred, key, node_text(v), node_len(v), &h) !=
		    CRED_STRONG)
			continue;
		fmt_snprintf(path, sizeof(path), "%s.%s", prefix, key);
		fmt_snprintf(what, sizeof(what), "annotation '%s'", key);
		report(out, obj, NULL, &h, v, path, what);
	}
}

/* ---- ConfigMaps -------------------------------------------------------- */

/* binaryData keys that name private-key or credential stores. */
static const char *const keystore_names[] = {
	"id_rsa",	    "id_dsa",	   "id_ecdsa",
	"id_ed25519",	    ".netrc",	   ".pgpass",
	".git-credentials", "credentials", "credentials.json",
};
static const char *const keystore_suffixes[] = {
	".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk",
};

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

static bool keystore_name(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(keystore_names) / sizeof(*keystore_names); i++)
		if (!strcmp(key, keystore_names[i]))
			return true;
	for (i = 0; i < sizeof(keystore_suffixes) / sizeof(*keystore_suffixes);
	     i++)
		if (ends_with(key, keystore_suffixes[i]))
			return true;
	return false;
}

static void configmap(const struct scan *s, struct findings *out,
		      const struct kobj *o)
{
	const struct node *data = node_get(o->root, "data");
	const struct node *bin = node_get(o->root, "binaryData");
	const char *key;
	const struct node *v;
	size_t i;

	for (i = 0; node_member_at(data, i, &key, &v); i++) {
		char path[WL_PATH_MAX + 256], what[300];
		struct cred_hit h;

		if (!node_is(v, NODE_STRING) ||
		    cred_kubeconfig(node_text(v), node_len(v), NULL))
			continue; /* kubeconfigs: kubeconfig-exposed */
		if (cred_match(s->cred, key, node_text(v), node_len(v), &h) ==
		    CRED_NONE)
			continue;
		fmt_snprintf(path, sizeof(path), "data.%s", key);
		fmt_snprintf(what, sizeof(what), "ConfigMap key '%s'", key);
		report(out, o, NULL, &h, v, path, what);
	}
	for (i = 0; node_member_at(bin, i, &key, &v); i++) {
		char path[WL_PATH_MAX + 256];
		struct finding *fd;

		if (!keystore_name(key))
			continue;
		fd = finding_add(out, &check_app_credentials, o, NULL,
				 "binaryData key '%s' is named like a private "
				 "key or credential store",
				 key);
		fd->severity = SEV_MEDIUM;
		fmt_snprintf(path, sizeof(path), "binaryData.%s", key);
		finding_evidence(out, fd, v, path, "key store name: %s", key);
	}
	annotations(s, out, o, o->annotations, "metadata.annotations");
}

static void pod_view(const struct scan *s, struct findings *out,
		     const struct pod_view *pv, struct cred_memo *memo)
{
	struct wl_iter it;
	char meta[WL_PATH_MAX];

	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		container_env(s, out, &it, memo);
		container_args(s, out, &it, "command");
		container_args(s, out, &it, "args");
	}
	annotations(s, out, pv->obj, pv->obj->annotations,
		    "metadata.annotations");
	if (pv->meta &&
	    node_get(pv->meta, "annotations") != pv->obj->annotations) {
		wl_meta_path(pv, "annotations", meta, sizeof(meta));
		annotations(s, out, pv->obj, node_get(pv->meta, "annotations"),
			    meta);
	}
}

static void *memo_make(void)
{
	return cred_memo_new();
}

static void memo_free(void *m)
{
	cred_memo_free(m);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	/* templates of many workloads share their environment: judged once */
	struct cred_memo *memo =
	    scan_local_get(s, SCAN_LOCAL_CRED_MEMO, memo_make, memo_free);

	if (s->cred) /* else run_app_credentials() fails the check */
		pod_view(s, out, pv, memo);
}

static int run_app_credentials(const struct scan *s, struct findings *out)
{
	const struct kobj *const *cms;
	size_t n, i;

	if (!s->cred)
		return -1;
	cms = inventory_kind(s->inv, "ConfigMap", &n);
	for (i = 0; i < n; i++)
		configmap(s, out, cms[i]);
	return 0;
}
