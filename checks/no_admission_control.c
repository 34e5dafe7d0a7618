/*
 * no-admission-control: nothing in the cluster judges the pods it
 * admits: no namespace enforces a Pod Security level, no bound
 * ValidatingAdmissionPolicy, no policy engine (Kyverno, Gatekeeper) and
 * no validating webhook on pods.  When the cluster has admission control,
 * a namespace that enforces 'privileged' and that no policy reaches is
 * reported on its own: it is where a pod that every other namespace
 * refuses is still admitted.
 *
 * Judged only on a view of the whole cluster: a live scan, a snapshot,
 * or objects that include Namespaces (a cluster dump).  A set of
 * application manifests cannot show the cluster's admission chain, so the
 * check is "not visible" there rather than passed or failed.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/admission.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"
#include "selector.h"

static int run_admission(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9018", "MS-TA9008", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-admission/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"validating-admission-policy/",
	"https://kyverno.io/policies/pod-security/",
	"https://open-policy-agent.github.io/gatekeeper-library/website/",
	NULL,
};

const struct check check_no_admission_control = {
	.id = "no-admission-control",
	.title = "The cluster accepts any pod (no admission control)",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_NAMESPACES | NEED_WEBHOOKS | NEED_ADMISSION,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "RBAC decides who may create pods; admission control decides "
	    "which pods.  With no namespace enforcing a Pod Security "
	    "level and no admission policy that refuses pods (a bound "
	    "ValidatingAdmissionPolicy with the Deny action, a Kyverno "
	    "policy in Enforce mode, a Gatekeeper constraint that denies, "
	    "a validating webhook on pods), every identity allowed to "
	    "create a pod or a workload can create a privileged one with "
	    "the node's namespaces and file system: one RBAC grant or one "
	    "stolen token away from every node (New container, MS-TA9008; "
	    "Privileged container, MS-TA9018): high.  A policy that only "
	    "audits or warns records the pod and admits it, and one that "
	    "excludes a namespace, or pods by a name or label their "
	    "creator chooses, guards nothing there.  When the cluster "
	    "has admission control, a namespace that enforces Pod "
	    "Security 'privileged' and that no policy guards is reported "
	    "alone: medium, as the exception is written down, but it is "
	    "the one place where any pod is still admitted.  Judged only "
	    "on a live scan, a snapshot, or input that includes Namespace "
	    "objects; on other manifests the check is not visible.  "
	    "Admission plugins configured on the API server (a default "
	    "PodSecurity level, its exemptions) are not visible through "
	    "the API; when its AdmissionConfiguration file is in the "
	    "input, they are honoured.",
	.remediation = "Enforce Pod Security on every namespace (baseline at "
		       "least, restricted where workloads allow), and for "
		       "rules beyond it install ValidatingAdmissionPolicies "
		       "bound with validationActions [Deny], or a policy "
		       "engine whose policies enforce; exclude namespaces "
		       "and identities, never pod names or labels.",
	.details =
	    "- **Severity:** high for the cluster; medium for one namespace. "
	    "**Techniques:** MS-TA9018, MS-TA9008; ATT&CK T1610,\n"
	    "  T1611. **Needs:** namespaces, webhooks, admission policies (a "
	    "forbidden\n"
	    "  list makes it not visible).\n"
	    "- **Question asked:** is a pod created by an ordinary identity "
	    "in this\n"
	    "  namespace refused when it breaks a policy? A Namespace "
	    "enforcing `baseline`\n"
	    "  or `restricted` answers yes: by its enforce label, or without "
	    "one by the\n"
	    "  `defaults.enforce` of the API server's AdmissionConfiguration "
	    "when that\n"
	    "  file is in the input (several files: the weakest wins, a "
	    "request may\n"
	    "  reach any API server); a namespace that file exempts enforces "
	    "nothing\n"
	    "  whatever its label says (exempt users and runtime classes are\n"
	    "  `apiserver-admission-config`'s). Otherwise each policy object "
	    "is judged for\n"
	    "  CREATE of a Pod there. Whatever the pod's creator chooses (its "
	    "name,\n"
	    "  labels, annotations) is assumed chosen to escape: a match "
	    "narrowed by them\n"
	    "  does not guard, an exclusion by them is an open door. A match "
	    "or\n"
	    "  exclusion by identity (users, groups, service accounts, "
	    "roles) is not the\n"
	    "  creator's to choose: a match limited to some identities "
	    "does not guard,\n"
	    "  an exclusion of some identities leaves the namespace guarded "
	    "for the rest.\n"
	    "- **Kyverno** `ClusterPolicy`/`Policy` (a `Policy` only in its "
	    "namespace): a\n"
	    "  rule with `validate` whose `match` (`resources`, `any` = one "
	    "block, `all` =\n"
	    "  every block) takes kind `Pod` (or `*`) for CREATE, with "
	    "`namespaces`\n"
	    "  (wildcards) and `namespaceSelector` selecting the namespace, "
	    "and whose\n"
	    "  `exclude` cannot hold for it, in a namespace that the "
	    "`resourceFilters`\n"
	    "  of Kyverno's ConfigMap `kyverno/kyverno` (`[Pod or *,NS,*]`) do "
	    "not skip.\n"
	    "  The action is the rule's "
	    "`validate.failureAction`,\n"
	    "  else `spec.validationFailureAction` (default `Audit`), "
	    "overridden per\n"
	    "  namespace by `failureActionOverrides` / "
	    "`validationFailureActionOverrides`;\n"
	    "  only `Enforce` guards. `admission: false` never sees a "
	    "request;\n"
	    "  `background` scans report after the fact and do not count. "
	    "Rules matching\n"
	    "  only Deployments or other controllers do not guard: a bare "
	    "pod escapes them.\n"
	    "- **Gatekeeper** constraints: `spec.match.kinds` (missing: every "
	    "kind) with\n"
	    "  `Pod` in the core group, `scope` not `Cluster`, "
	    "`namespaces`, `excludedNamespaces`\n"
	    "  (prefix or suffix `*`) and `namespaceSelector`; a "
	    "`labelSelector` or `name`\n"
	    "  narrows to the creator's choice. `enforcementAction` `deny` "
	    "(the default)\n"
	    "  guards, `dryrun` and `warn` do not, `scoped` guards when a "
	    "`deny` entry\n"
	    "  names `validation.gatekeeper.sh` (or `*`). A namespace in "
	    "`excludedNamespaces`\n"
	    "  of the `Config` for process `webhook` or `*`, or labelled\n"
	    "  `admission.gatekeeper.sh/ignore`, is outside every "
	    "constraint. A\n"
	    "  `ConstraintTemplate` without a constraint of its kind judges "
	    "nothing.\n"
	    "- **ValidatingAdmissionPolicyBinding:** its policy must be in "
	    "the input and\n"
	    "  its `matchConstraints.resourceRules` take CREATE of `pods`; the "
	    "policy's\n"
	    "  and the binding's `namespaceSelector` must select the "
	    "namespace, their\n"
	    "  `excludeResourceRules` must not name pods (with "
	    "`resourceNames`: the\n"
	    "  creator picks the name), their `objectSelector` must be "
	    "empty, and\n"
	    "  `validationActions` must hold `Deny` (`Warn` and `Audit` "
	    "admit).\n"
	    "- **Validating webhooks** with a rule on CREATE of `pods`, a "
	    "`namespaceSelector`\n"
	    "  selecting the namespace and no `objectSelector`. Kyverno's and "
	    "Gatekeeper's\n"
	    "  own webhooks are judged through their policies, not as "
	    "webhooks.\n"
	    "- **Findings:** when no namespace is guarded and no policy "
	    "guards any\n"
	    "  namespace, one finding on `kube-system` (or the first "
	    "Namespace), naming\n"
	    "  the policy that came closest and why it does not guard, and "
	    "counting\n"
	    "  unbound ValidatingAdmissionPolicies and unused "
	    "ConstraintTemplates. Otherwise\n"
	    "  each non-system Namespace that enforces `privileged` and "
	    "that no policy\n"
	    "  guards is one medium finding with the closest policy's "
	    "reason, and so is\n"
	    "  one labelled `baseline` or `restricted` that the "
	    "AdmissionConfiguration\n"
	    "  exempts. A namespace\n"
	    "  without an enforce label is `psa-not-enforced`'s, so every "
	    "unguarded\n"
	    "  namespace is reported by exactly one of the two checks.\n"
	    "- **When it judges:** only on a view of the whole cluster: a live "
	    "scan, a\n"
	    "  snapshot, or manifests that include Namespace objects. On "
	    "other\n"
	    "  manifests it is *not visible* (never passed).\n"
	    "- **Limits:** Kyverno's webhook settings in its ConfigMap, CEL "
	    "`matchConditions`,\n"
	    "  a policy's `failurePolicy: Ignore`, Kyverno `ValidatingPolicy` "
	    "and the rule\n"
	    "  bodies themselves (what a pattern or a Rego program forbids) "
	    "are not\n"
	    "  evaluated: any enforced validate rule on pods counts. A live "
	    "scan narrowed\n"
	    "  with `-n` still reads every Namespace and the cluster-scoped "
	    "policies, but\n"
	    "  not the namespaced Kyverno `Policy` objects of other "
	    "namespaces. A live\n"
	    "  scan (and a snapshot of one) reads Gatekeeper's "
	    "ConstraintTemplates, every\n"
	    "  constraint resource the group `constraints.gatekeeper.sh` "
	    "serves, and its\n"
	    "  `Config`, so constraints are judged as from files. Only where "
	    "a template's\n"
	    "  constraints could not be read (403 on their list or on the "
	    "group's\n"
	    "  discovery, listed among what the scan could not see) does "
	    "the template\n"
	    "  stand for a constraint that denies everywhere.\n"
	    "- **Deliberate:** Kyverno policies in `Audit` mode, Gatekeeper "
	    "`dryrun`/`warn`\n"
	    "  and bindings without `Deny` do not count: they record the pod "
	    "and admit\n"
	    "  it. Peers that count an installed engine as admission control "
	    "disagree.\n"
	    "- **Real data:** of the Kyverno pod-security policies in\n"
	    "  `../shared/k8s-real/admission`, 17 are `Audit` (judged, not "
	    "guarding) and\n"
	    "  `restrict-apparmor-profiles` is `Enforce`; the Gatekeeper "
	    "sample\n"
	    "  constraint guards every namespace but `kube-system`; the "
	    "upstream\n"
	    "  deny-privileged binding every namespace but `kube-system`.\n",
	.fix = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
	       "  labels:\n    pod-security.kubernetes.io/enforce: restricted\n"
	       "    pod-security.kubernetes.io/enforce-version: latest\n",
	.references = references,
	.run = run_admission,
};

/* ValidatingAdmissionPolicies that no binding of the input names. */
static size_t unbound_policies(const struct scan *s)
{
	const struct kobj *const *pol, *const *b;
	size_t np, nb, i, j, k = 0;

	pol = inventory_kind(s->inv, "ValidatingAdmissionPolicy", &np);
	b = inventory_kind(s->inv, "ValidatingAdmissionPolicyBinding", &nb);
	for (i = 0; i < np; i++) {
		bool bound = false;

		for (j = 0; j < nb && !bound; j++)
			bound =
			    node_str_eq(node_get(node_get(b[j]->root, "spec"),
						 "policyName"),
					pol[i]->name);
		k += !bound;
	}
	return k;
}

/* Gatekeeper ConstraintTemplates without a constraint of their kind. */
static size_t idle_templates(const struct scan *s)
{
	const struct kobj *const *t;
	size_t nt, i, j, k = 0, n = inventory_size(s->inv);

	t = inventory_kind(s->inv, "ConstraintTemplate", &nt);
	for (i = 0; i < nt; i++) {
		const char *kind =
		    node_str(node_path(t[i]->root, "spec.crd.spec.names.kind"));
		bool used = false;

		if (strcmp(t[i]->group, "templates.gatekeeper.sh"))
			continue;
		for (j = 0; j < n && !used && kind; j++) {
			const struct kobj *o = inventory_object(s->inv, j);
			used = !strcmp(o->group, "constraints.gatekeeper.sh") &&
			       !strcmp(o->kind, kind);
		}
		k += !used;
	}
	return k;
}

/*
 * The Pod Security level enforced on ns (adm_psa_level()): its label or
 * the API server's default; none where the API server exempts it.
 */
static enum pss_level enforced_level(const struct scan *s,
				     const struct kobj *ns,
				     const char **exempt_by)
{
	struct adm_psa q;

	adm_psa_level(s->inv, ns, &q);
	if (exempt_by)
		*exempt_by = q.exempt_by;
	return q.level;
}

/* adm_guarded() for the scan's inventory. */
static bool guarded(const struct scan *s, const struct adm_policies *p,
		    const struct kobj *ns, char *why, size_t n)
{
	return adm_guarded(s->inv, p, ns, why, n);
}

static bool system_namespace(const char *name)
{
	return !strcmp(name, "kube-system") || !strcmp(name, "kube-public") ||
	       !strcmp(name, "kube-node-lease");
}

/*
 * The cluster has admission control, but namespace ns explicitly
 * enforces 'privileged' and nothing else reaches it.  Namespaces without
 * an enforce label are psa-not-enforced's; system namespaces hold the
 * node components that need privileges.
 */
static void report_gap(const struct scan *s, const struct adm_policies *p,
		       const struct kobj *ns, size_t nguarded,
		       struct findings *out)
{
	const struct node *at = NULL;
	const char *exempt_by = NULL;
	enum pss_level label = pss_namespace_level(ns, "enforce", &at);
	struct finding *fd;
	char why[256];

	enforced_level(s, ns, &exempt_by);
	if (system_namespace(ns->name) ||
	    !(label == PSS_PRIVILEGED ||
	      (exempt_by && label >= PSS_BASELINE)) ||
	    guarded(s, p, ns, why, sizeof(why)))
		return;
	if (label == PSS_PRIVILEGED)
		fd = finding_add(out, &check_no_admission_control, ns, NULL,
				 "namespace '%s' accepts any pod: it enforces "
				 "Pod Security level 'privileged' and no "
				 "admission policy refuses pods there (%s), "
				 "while %zu other namespaces are guarded",
				 ns->name, *why ? why : "none reaches it",
				 nguarded);
	else
		fd =
		    finding_add(out, &check_no_admission_control, ns, NULL,
				"namespace '%s' accepts any pod: its label "
				"says '%s', but the API server's "
				"AdmissionConfiguration %s exempts it from "
				"Pod Security, and no admission policy refuses "
				"pods there (%s), while %zu other namespaces "
				"are guarded",
				ns->name, pss_level_name(label), exempt_by,
				*why ? why : "none reaches it", nguarded);
	fd->severity = SEV_MEDIUM;
	finding_evidence(out, fd, at,
			 "metadata.labels['pod-security.kubernetes.io/"
			 "enforce']",
			 label == PSS_PRIVILEGED
			     ? "privileged, and no admission policy reaches "
			       "the namespace"
			     : "exempt from Pod Security, and no admission "
			       "policy reaches the namespace");
}

static int run_admission(const struct scan *s, struct findings *out)
{
	const struct kobj *const *ns;
	const struct kobj *anchor;
	size_t nns, unbound, idle, i, nguarded = 0;
	struct adm_policies p;
	struct finding *fd;
	char why[256], unb[256] = "";

	ns = inventory_kind(s->inv, "Namespace", &nns);
	if (!nns &&
	    !strcmp(s->meta.source ? s->meta.source : "manifests", "manifests"))
		return CHECK_RUN_UNJUDGEABLE;
	adm_policies_collect(s->inv, &p);
	for (i = 0; i < nns; i++)
		nguarded += guarded(s, &p, ns[i], NULL, 0);
	if (nguarded || guarded(s, &p, NULL, NULL, 0)) {
		for (i = 0; i < nns; i++)
			report_gap(s, &p, ns[i], nguarded, out);
		adm_policies_release(&p);
		return 0;
	}
	guarded(s, &p, NULL, why, sizeof(why));
	adm_policies_release(&p);
	anchor = inventory_find(s->inv, "Namespace", NULL, "kube-system");
	if (!anchor)
		anchor = nns ? ns[0] : inventory_object(s->inv, 0);
	if (!anchor)
		return 0;
	unbound = unbound_policies(s);
	idle = idle_templates(s);
	if (unbound)
		fmt_snprintf(
		    unb, sizeof(unb),
		    "; %zu ValidatingAdmissionPolicies have no binding "
		    "and take no effect",
		    unbound);
	if (idle)
		fmt_snprintf(unb + strlen(unb), sizeof(unb) - strlen(unb),
			     "; %zu Gatekeeper ConstraintTemplates have no "
			     "constraint and judge nothing",
			     idle);
	fd = finding_add(out, &check_no_admission_control, anchor, NULL,
			 "the cluster accepts any pod: none of %zu namespaces "
			 "enforces a Pod Security level, and no admission "
			 "policy refuses pods (%s)%s",
			 nns,
			 *why ? why
			      : "no bound ValidatingAdmissionPolicy, Kyverno "
				"or Gatekeeper policy, or validating webhook "
				"on pods",
			 unb);
	finding_evidence(out, fd,
			 anchor->labels ? anchor->labels
					: node_get(anchor->root, "metadata"),
			 "metadata.labels['pod-security.kubernetes.io/"
			 "enforce']",
			 "baseline or restricted on no namespace");
	return 0;
}
