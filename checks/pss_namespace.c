/*
 * pss_namespace.c - namespaces whose Pod Security Admission enforce label
 * is missing or weaker than the profile: pss-namespace-baseline (in both
 * profiles' baseline part) and pss-namespace-restricted.
 */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"

static int run_ns_baseline(const struct scan *s, struct findings *out);
static int run_ns_restricted(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9018", "MS-TA9008", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-admission/",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"enforce-standards-namespace-labels/",
	NULL,
};

#define NS_RATIONALE                                                           \
	"The PodSecurity admission plugin enforces a level on a namespace "    \
	"through the label pod-security.kubernetes.io/enforce (privileged, "   \
	"baseline or restricted); audit and warn only record or warn.  A "     \
	"namespace without the label gets the API server's default, which "    \
	"is privileged unless its admission configuration says otherwise "     \
	"(that file is not visible through the API), so anyone who can "       \
	"create pods there can create privileged ones (New container, "        \
	"MS-TA9008; Privileged container, MS-TA9018).  The profile checks "    \
	"judge the pods that exist; this control judges what the namespace "   \
	"will accept next.  An enforce-version other than latest pins an "     \
	"older policy and is shown in the message.  Exemptions (users, "       \
	"runtime classes, namespaces) live in the same admission "             \
	"configuration and are not visible either.  "

const struct check check_pss_namespace_baseline = {
	.id = "pss-namespace-baseline",
	.title = "PSS baseline: namespace does not enforce baseline",
	.severity = SEV_MEDIUM,
	.needs = NEED_NAMESPACES,
	.techniques = techniques,
	.attack = attack,
	.rationale = NS_RATIONALE
	"Allowed for the baseline profile: enforce baseline or restricted.",
	.remediation = "Label the namespace: kubectl label ns NAME "
		       "pod-security.kubernetes.io/enforce=baseline "
		       "pod-security.kubernetes.io/enforce-version=latest.",
	.fix = "metadata:\n  labels:\n"
	       "    pod-security.kubernetes.io/enforce: baseline\n"
	       "    pod-security.kubernetes.io/enforce-version: latest\n"
	       "    pod-security.kubernetes.io/warn: restricted\n",
	.references = references,
	.run = run_ns_baseline,
};

const struct check check_pss_namespace_restricted = {
	.id = "pss-namespace-restricted",
	.title = "PSS restricted: namespace does not enforce restricted",
	.severity = SEV_MEDIUM,
	.needs = NEED_NAMESPACES,
	.techniques = techniques,
	.attack = attack,
	.rationale = NS_RATIONALE
	"Allowed for the restricted profile: enforce restricted.",
	.remediation = "Label the namespace: kubectl label ns NAME "
		       "pod-security.kubernetes.io/enforce=restricted "
		       "pod-security.kubernetes.io/enforce-version=latest.",
	.fix = "metadata:\n  labels:\n"
	       "    pod-security.kubernetes.io/enforce: restricted\n"
	       "    pod-security.kubernetes.io/enforce-version: latest\n",
	.references = references,
	.run = run_ns_restricted,
};

static void judge(const struct scan *s, struct findings *out,
		  const struct check *c, enum pss_level want)
{
	const struct kobj *const *ns;
	size_t n, i;

	ns = inventory_kind(s->inv, "Namespace", &n);
	for (i = 0; i < n; i++) {
		const struct node *at, *ver;
		enum pss_level l = pss_namespace_level(ns[i], "enforce", &at);
		const char *v;
		char pin[96] = "";
		struct finding *fd;

		if (l >= want)
			continue;
		ver = node_get(ns[i]->labels,
			       "pod-security.kubernetes.io/enforce-version");
		v = node_str(ver);
		if (v && *v && !node_str_eq(ver, "latest"))
			fmt_snprintf(pin, sizeof(pin), " (pinned to policy %s)",
				     v);
		if (at)
			fd = finding_add(out, c, ns[i], NULL,
					 "namespace '%s' enforces '%s'%s, "
					 "weaker than %s",
					 ns[i]->name, node_scalar_text(at), pin,
					 pss_level_name(want));
		else
			fd = finding_add(out, c, ns[i], NULL,
					 "namespace '%s' has no "
					 "pod-security.kubernetes.io/enforce "
					 "label (the API server default "
					 "applies, privileged unless "
					 "configured); %s is required",
					 ns[i]->name, pss_level_name(want));
		finding_evidence(out, fd,
				 at ? at
				 : ns[i]->labels
				     ? ns[i]->labels
				     : node_get(ns[i]->root, "metadata"),
				 "metadata.labels['pod-security.kubernetes.io/"
				 "enforce']",
				 "%s", at ? node_scalar_text(at) : "unset");
	}
}

static int run_ns_baseline(const struct scan *s, struct findings *out)
{
	judge(s, out, &check_pss_namespace_baseline, PSS_BASELINE);
	return 0;
}

static int run_ns_restricted(const struct scan *s, struct findings *out)
{
	judge(s, out, &check_pss_namespace_restricted, PSS_RESTRICTED);
	return 0;
}
