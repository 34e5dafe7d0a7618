/*
 * apiserver-admission-config: the admission configuration file
 * (--admission-control-config-file) gives Pod Security a privileged
 * default or exempts namespaces, users or runtime classes from it.
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
	    "turns the check off for every pod that names it (low).",
	.details =
	    "Read from AdmissionConfiguration objects "
	    "(apiserver.config.k8s.io) given as input: the `PodSecurity` "
	    "plugin's inline `configuration` (PodSecurityConfiguration). "
	    "A kube-apiserver pod naming the file with "
	    "`--admission-control-config-file` (same path or base name) is "
	    "named in the message. A plugin configured by `path` is not "
	    "followed. Namespace labels still override the defaults: "
	    "psa-not-enforced judges the namespaces.",
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
};

static void add(struct findings *out, const struct cp_file *f,
		enum severity sev, const struct node *at, const char *path,
		const char *value, const char *msg)
{
	struct finding *fd =
	    finding_add(out, &check_apiserver_admission_config, f->obj, NULL,
			"admission configuration%s: %s",
			cp_file_user_text(out->arena, f), msg);

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

static void judge_psa(struct findings *out, const struct cp_file *f,
		      const struct node *cfg, const char *base)
{
	const struct node *def = node_get(cfg, "defaults");
	const struct node *enf = node_get(def, "enforce");
	const struct node *ex = node_get(cfg, "exemptions");
	const char *l;

	if (!enf || node_str_eq(enf, "privileged"))
		add(out, f, SEV_MEDIUM, enf ? enf : cfg,
		    arena_printf(out->arena, "%s.defaults.enforce", base),
		    enf ? "privileged" : "unset (privileged)",
		    "Pod Security enforces privileged by default: every "
		    "namespace without a pod-security label admits "
		    "privileged and host-namespace pods");
	if ((l = others(out->arena, node_get(ex, "namespaces"), "kube-system")))
		add(out, f, SEV_MEDIUM, node_get(ex, "namespaces"),
		    arena_printf(out->arena, "%s.exemptions.namespaces", base),
		    l,
		    arena_printf(out->arena,
				 "Pod Security exempts namespaces %s: any pod "
				 "is admitted there",
				 l));
	if ((l = others(out->arena, node_get(ex, "usernames"), NULL)))
		add(out, f, SEV_MEDIUM, node_get(ex, "usernames"),
		    arena_printf(out->arena, "%s.exemptions.usernames", base),
		    l,
		    arena_printf(out->arena,
				 "Pod Security exempts users %s: whoever "
				 "holds their credentials creates any pod",
				 l));
	if ((l = others(out->arena, node_get(ex, "runtimeClasses"), NULL)))
		add(out, f, SEV_LOW, node_get(ex, "runtimeClasses"),
		    arena_printf(out->arena, "%s.exemptions.runtimeClasses",
				 base),
		    l,
		    arena_printf(out->arena,
				 "Pod Security exempts runtime classes %s: a "
				 "pod naming one skips the check",
				 l));
}

static int run(const struct scan *s, struct findings *out)
{
	const struct cp_file *f;
	size_t n, i, k;

	n = cp_files(s, out->arena, "AdmissionConfiguration",
		     "apiserver.config.k8s.io", "admission-control-config-file",
		     &f);
	for (i = 0; i < n; i++) {
		const struct node *pl = node_get(f[i].obj->root, "plugins");
		for (k = 0; k < node_count(pl); k++) {
			const struct node *p = node_at(pl, k);
			const struct node *cfg = node_get(p, "configuration");
			if (!node_str_eq(node_get(p, "name"), "PodSecurity") ||
			    !cfg)
				continue;
			judge_psa(out, &f[i], cfg,
				  arena_printf(out->arena,
					       "plugins[%zu].configuration",
					       k));
		}
	}
	return 0;
}

static const char *unseen(const struct scan *s)
{
	const struct cp_file *f;
	struct arena *a = arena_new();
	size_t n =
	    cp_files(s, a, "AdmissionConfiguration", "apiserver.config.k8s.io",
		     "admission-control-config-file", &f);

	arena_free(a);
	return n ? NULL
		 : "no AdmissionConfiguration in the input (give the file "
		   "--admission-control-config-file names)";
}
