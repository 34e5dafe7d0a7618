/*
 * apiserver-admission-config: the admission configuration file
 * (--admission-control-config-file) gives Pod Security a privileged
 * default or exempts namespaces, users or runtime classes from it, or
 * configures EventRateLimit with no limit per namespace or user.  A
 * plugin's "path:" is followed to the file of the input it names.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "analysis/controlplane.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);
static const char *unseen(const struct scan *s);
static const char *unjudged(const struct scan *s);

static const char *const techniques[] = { "MS-TA9013", "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"enforce-standards-admission-controller/",
	"https://kubernetes.io/docs/concepts/security/pod-security-admission/"
	"#exemptions",
	NULL,
};

const struct check check_apiserver_admission_config = {
	.id = "apiserver-admission-config",
	.title = "Pod Security admission defaults to privileged or exempts "
		 "broadly",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The PodSecurity plugin's configuration in the "
	    "AdmissionConfiguration sets the level enforced on every "
	    "namespace that carries no pod-security label, and who is "
	    "exempt. An enforce default of privileged (or none, which is "
	    "privileged) admits privileged, hostPath and host-namespace "
	    "pods in every unlabelled namespace (medium). Exempt users "
	    "and namespaces other than kube-system create any pod there "
	    "unchecked, and a username exemption follows the credential "
	    "wherever it is stolen (medium); an exempt runtime class "
	    "turns the check off for every pod that names it (low). "
	    "EventRateLimit with only a server-wide limit lets one noisy "
	    "namespace or user (a flooding node or pod, or an attacker "
	    "burying their traces) spend the whole budget, so the events "
	    "of everyone else are refused (low).",
	.details =
	    "- **Looks at:** AdmissionConfiguration objects "
	    "(apiserver.config.k8s.io) given as input: the `PodSecurity` "
	    "plugin's inline `configuration` (PodSecurityConfiguration). "
	    "A kube-apiserver pod naming the file with "
	    "`--admission-control-config-file` (same path or base name) is "
	    "named in the message. A plugin configured by `path` is "
	    "followed to the file of the input that the path names (same "
	    "path or base name: a PodSecurityConfiguration, or the "
	    "EventRateLimit `Configuration`), and the finding points into "
	    "that file; a path whose file is not in the input makes the "
	    "check partial, naming the file. The `EventRateLimit` plugin's "
	    "configuration: `limits` without a `Namespace`, `User` or "
	    "`SourceAndObject` limit. A configuration without "
	    "EventRateLimit is not reported (the plugin is alpha; API "
	    "Priority and Fairness bounds the load of every client). "
	    "Namespace labels still override the Pod Security defaults: "
	    "psa-not-enforced judges the namespaces.\n",
	.remediation =
	    "Set defaults.enforce to baseline (or restricted) with a "
	    "matching audit and warn level, exempt only kube-system (and "
	    "label it privileged instead where possible), and no users or "
	    "runtime classes.",
	.fix = "apiVersion: apiserver.config.k8s.io/v1\n"
	       "kind: AdmissionConfiguration\n"
	       "plugins:\n"
	       "- name: PodSecurity\n"
	       "  configuration:\n"
	       "    apiVersion: pod-security.admission.config.k8s.io/v1\n"
	       "    kind: PodSecurityConfiguration\n"
	       "    defaults:\n"
	       "      enforce: baseline\n"
	       "      audit: restricted\n"
	       "      warn: restricted\n"
	       "    exemptions:\n"
	       "      namespaces: [kube-system]\n",
	.references = references,
	.run = run,
	.unseen = unseen,
	.unjudged = unjudged,
};

/* Where a plugin's configuration is: inline, or the file its path names. */
struct where {
	const struct cp_file *f;
	const struct kobj *obj; /* holding the configuration */
	const char *via;	/* " (PATH)" for a followed path, or "" */
};

static void add(struct findings *out, const struct where *w, enum severity sev,
		const struct node *at, const char *path, const char *value,
		const char *msg)
{
	struct finding *fd =
	    finding_add(out, &check_apiserver_admission_config, w->obj, NULL,
			"admission configuration%s%s: %s",
			cp_file_user_text(out->arena, w->f), w->via, msg);

	fd->severity = sev;
	finding_evidence(out, fd, at, path, "%s", value);
}

/* Items of list l other than those in keep, comma-separated, or NULL. */
static const char *others(struct arena *a, const struct node *l,
			  const char *keep)
{
	const char *t = NULL;
	size_t i;

	for (i = 0; i < node_count(l); i++) {
		const char *s = node_str(node_at(l, i));
		if (!s || (keep && !strcmp(s, keep)))
			continue;
		t = arena_printf(a, "%s%s%s", t ? t : "", t ? ", " : "", s);
	}
	return t;
}

static void judge_psa(struct findings *out, const struct where *f,
		      const struct node *cfg, const char *base)
{
	const struct node *def = node_get(cfg, "defaults");
	const struct node *enf = node_get(def, "enforce");
	const struct node *ex = node_get(cfg, "exemptions");
	const char *l;

	if (!enf || node_str_eq(enf, "privileged"))
		add(out, f, SEV_MEDIUM, enf ? enf : cfg,
		    arena_printf(out->arena, "%sdefaults.enforce", base),
		    enf ? "privileged" : "unset (privileged)",
		    "Pod Security enforces privileged by default: every "
		    "namespace without a pod-security label admits "
		    "privileged and host-namespace pods");
	if ((l = others(out->arena, node_get(ex, "namespaces"), "kube-system")))
		add(out, f, SEV_MEDIUM, node_get(ex, "namespaces"),
		    arena_printf(out->arena, "%sexemptions.namespaces", base),
		    l,
		    arena_printf(out->arena,
				 "Pod Security exempts namespaces %s: any pod "
				 "is admitted there",
				 l));
	if ((l = others(out->arena, node_get(ex, "usernames"), NULL)))
		add(out, f, SEV_MEDIUM, node_get(ex, "usernames"),
		    arena_printf(out->arena, "%sexemptions.usernames", base), l,
		    arena_printf(out->arena,
				 "Pod Security exempts users %s: whoever "
				 "holds their credentials creates any pod",
				 l));
	if ((l = others(out->arena, node_get(ex, "runtimeClasses"), NULL)))
		add(out, f, SEV_LOW, node_get(ex, "runtimeClasses"),
		    arena_printf(out->arena, "%sexemptions.runtimeClasses",
				 base),
		    l,
		    arena_printf(out->arena,
				 "Pod Security exempts runtime classes %s: a "
				 "pod naming one skips the check",
				 l));
}

/* EventRateLimit: some limit must be per namespace, user or source. */
static void judge_erl(struct findings *out, const struct where *w,
		      const struct node *cfg, const char *base)
{
	const struct node *l = node_get(cfg, "limits");
	size_t i;

	for (i = 0; i < node_count(l); i++) {
		const struct node *t = node_get(node_at(l, i), "type");
		if (node_str_eq(t, "Namespace") || node_str_eq(t, "User") ||
		    node_str_eq(t, "SourceAndObject"))
			return;
	}
	add(out, w, SEV_LOW, l ? l : cfg,
	    arena_printf(out->arena, "%slimits", base),
	    node_count(l) ? "Server only" : "none",
	    "EventRateLimit sets no limit per namespace or user: one noisy "
	    "or hostile source spends the server's whole event budget and "
	    "the events of everyone else are refused");
}

static const struct {
	const char *name, *kind, *group;
	void (*judge)(struct findings *, const struct where *,
		      const struct node *, const char *);
} plugins[] = {
	{ "PodSecurity", "PodSecurityConfiguration",
	  "pod-security.admission.config.k8s.io", judge_psa },
	{ "EventRateLimit", "Configuration", "eventratelimit.admission.k8s.io",
	  judge_erl },
};

/* The judged plugin named by p, or -1. */
static int plugin_of(const struct node *p)
{
	size_t i;

	for (i = 0; i < sizeof(plugins) / sizeof(plugins[0]); i++)
		if (node_str_eq(node_get(p, "name"), plugins[i].name))
			return (int)i;
	return -1;
}

static size_t admission_files(const struct scan *s, struct arena *a,
			      const struct cp_file **f)
{
	return cp_files(s, a, "AdmissionConfiguration",
			"apiserver.config.k8s.io",
			"admission-control-config-file", f);
}

/* Walks the judged plugins of every AdmissionConfiguration of the input. */
struct entries {
	const struct cp_file *f; /* the files; f[i] holds the current one */
	size_t n, i, k, next;	 /* it is plugins[k] of f[i] */
	const struct node *p;
	int pi; /* its index in plugins[] */
};

static void entries_init(struct entries *it, const struct scan *s,
			 struct arena *a)
{
	memset(it, 0, sizeof(*it));
	it->n = admission_files(s, a, &it->f);
}

static bool entries_next(struct entries *it)
{
	for (; it->i < it->n; it->i++, it->next = 0) {
		const struct node *pl =
		    node_get(it->f[it->i].obj->root, "plugins");
		while (it->next < node_count(pl)) {
			it->k = it->next++;
			it->p = node_at(pl, it->k);
			it->pi = plugin_of(it->p);
			if (it->pi >= 0)
				return true;
		}
	}
	return false;
}

static int run(const struct scan *s, struct findings *out)
{
	struct entries e;

	entries_init(&e, s, out->arena);
	while (entries_next(&e)) {
		const struct node *cfg = node_get(e.p, "configuration");
		const char *path = node_get_str(e.p, "path");
		const struct kobj *file;
		struct where w = { &e.f[e.i], e.f[e.i].obj, "" };
		if (cfg) {
			plugins[e.pi].judge(
			    out, &w, cfg,
			    arena_printf(out->arena,
					 "plugins[%zu].configuration.", e.k));
			continue;
		}
		file = path ? cp_file_named(s, path, plugins[e.pi].kind,
					    plugins[e.pi].group)
			    : NULL;
		if (!file)
			continue; /* unjudged() names it */
		w.obj = file;
		w.via = arena_printf(out->arena, " (%s)", path);
		plugins[e.pi].judge(out, &w, file->root, "");
	}
	return 0;
}

/* The plugin files named by path that the input lacks. */
static const char *unjudged(const struct scan *s)
{
	struct entries e;
	const char *t = NULL;

	entries_init(&e, s, s->arena);
	while (entries_next(&e)) {
		const char *path = node_get_str(e.p, "path");
		if (node_get(e.p, "configuration") || !path ||
		    cp_file_named(s, path, plugins[e.pi].kind,
				  plugins[e.pi].group))
			continue;
		t = arena_printf(s->arena, "%s%s%s (%s of %s)", t ? t : "",
				 t ? ", " : "", path, plugins[e.pi].name,
				 e.f[e.i].obj->name);
	}
	if (!t)
		return NULL;
	return arena_printf(s->arena,
			    "plugin configuration not in the input: %s; give "
			    "the files with -f to have them judged",
			    t);
}

static const char *unseen(const struct scan *s)
{
	const struct cp_file *f;
	struct arena *a = arena_new();
	size_t n = admission_files(s, a, &f);

	arena_free(a);
	return n ? NULL : "no AdmissionConfiguration file in the input";
}
