/*
 * psa-not-enforced: namespaces without a Pod Security Admission enforce
 * label.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/admission.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"

static int run_psa(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9008", "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-admission/",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"enforce-standards-namespace-labels/",
	NULL,
};

const struct check check_psa_not_enforced = {
	.id = "psa-not-enforced",
	.title = "Namespace without Pod Security Admission enforcement",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_NAMESPACES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The PodSecurity admission plugin refuses pods that break a "
	    "namespace's level only when the namespace carries "
	    "pod-security.kubernetes.io/enforce; audit and warn labels "
	    "let such pods in.  Without it, whoever can create pods or "
	    "workloads in the namespace can run privileged, host-namespace "
	    "or hostPath pods (New container, MS-TA9008; Privileged "
	    "container, MS-TA9018): medium.  The API server's admission "
	    "configuration can set a cluster-wide default level, which "
	    "the API does not show: given that file, an unlabelled "
	    "namespace is judged at its default.  kube-system, "
	    "kube-public and kube-node-lease are low: node components "
	    "that need privileges live in kube-system, and the other two "
	    "hold no pods.  A namespace that enforces 'privileged' "
	    "explicitly is a recorded decision and not reported here; "
	    "scan --profile pss-baseline or pss-restricted judges every "
	    "namespace against a level.",
	.remediation = "Label every namespace with the strictest level its "
		       "workloads meet: kubectl label ns NAME "
		       "pod-security.kubernetes.io/enforce=baseline "
		       "(or restricted), and warn=restricted to see what "
		       "restricted would refuse.",
	.details =
	    "- **Severity:** medium; low for `kube-system`, `kube-public` and\n"
	    "  `kube-node-lease`. **Techniques:** MS-TA9008 New container, "
	    "MS-TA9018;\n"
	    "  ATT&CK T1610, T1611.\n"
	    "- **Looks at:** Namespace objects without a valid\n"
	    "  `pod-security.kubernetes.io/enforce` label (audit and warn do "
	    "not block\n"
	    "  and are named in the message).\n"
	    "- **Deliberate:** a namespace that enforces `privileged` "
	    "explicitly is a\n"
	    "  recorded decision and not reported here; the profiles judge it "
	    "against\n"
	    "  their level.\n"
	    "- **API server defaults:** given the API server's "
	    "AdmissionConfiguration\n"
	    "  (`-f`, or kept in a snapshot), a namespace without the label "
	    "is judged at\n"
	    "  the PodSecurity plugin's `defaults.enforce`: `baseline` or "
	    "`restricted`\n"
	    "  there is silent, unless `exemptions.namespaces` names the "
	    "namespace. This\n"
	    "  is the reading `no-admission-control` uses, so the two "
	    "agree. The\n"
	    "  defaults are not visible through the API: a live scan "
	    "without the file\n"
	    "  judges at `privileged`.\n",
	.fix = "metadata:\n  labels:\n"
	       "    pod-security.kubernetes.io/enforce: baseline\n"
	       "    pod-security.kubernetes.io/enforce-version: latest\n"
	       "    pod-security.kubernetes.io/warn: restricted\n",
	.references = references,
	.run = run_psa,
};

static bool system_namespace(const char *name)
{
	return !strcmp(name, "kube-system") || !strcmp(name, "kube-public") ||
	       !strcmp(name, "kube-node-lease");
}

static int run_psa(const struct scan *s, struct findings *out)
{
	const struct kobj *const *ns;
	size_t n, i;

	ns = inventory_kind(s->inv, "Namespace", &n);
	for (i = 0; i < n; i++) {
		const struct node *at;
		enum pss_level l = pss_namespace_level(ns[i], "enforce", &at);
		enum pss_level audit =
		    pss_namespace_level(ns[i], "audit", NULL);
		enum pss_level warn = pss_namespace_level(ns[i], "warn", NULL);
		struct finding *fd;
		struct adm_psa q;
		char dflt[256];

		if (l != PSS_NONE)
			continue;
		/* the API server's own default may enforce, unless it
		 * exempts the namespace (no-admission-control's reading) */
		adm_psa_level(s->inv, ns[i], &q);
		if (q.level >= PSS_BASELINE)
			continue;
		if (q.exempt_by)
			fmt_snprintf(dflt, sizeof(dflt),
				     "the API server's AdmissionConfiguration "
				     "'%s' exempts it from Pod Security",
				     q.exempt_by);
		else if (q.default_by)
			fmt_snprintf(
			    dflt, sizeof(dflt),
			    "pods are admitted at the default level '%s' "
			    "of the API server's AdmissionConfiguration "
			    "'%s'",
			    pss_level_name(q.level), q.default_by);
		else
			fmt_snprintf(dflt, sizeof(dflt),
				     "pods are admitted at the API server's "
				     "default level (privileged unless "
				     "configured)");
		fd = finding_add(
		    out, &check_psa_not_enforced, ns[i], NULL,
		    "namespace '%s' %s pod-security.kubernetes.io/enforce "
		    "label%s%s%s%s: %s",
		    ns[i]->name, at ? "has an invalid" : "has no",
		    audit || warn ? " (only" : "", audit ? " audit" : "",
		    warn ? " warn" : "",
		    audit || warn ? ", which do not block)" : "", dflt);
		if (system_namespace(ns[i]->name))
			fd->severity = SEV_LOW;
		finding_evidence(out, fd,
				 at ? at
				 : ns[i]->labels
				     ? ns[i]->labels
				     : node_get(ns[i]->root, "metadata"),
				 "metadata.labels['pod-security.kubernetes.io/"
				 "enforce']",
				 "%s", at ? node_scalar_text(at) : "unset");
	}
	return 0;
}
