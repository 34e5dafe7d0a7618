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
#include <string.h>

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
	    "level, no ValidatingAdmissionPolicy with a binding, no "
	    "Kyverno ClusterPolicy or Policy, no Gatekeeper "
	    "ConstraintTemplate or constraint, and no validating webhook "
	    "that sees pods, every identity allowed to create a pod or "
	    "a workload can create a privileged one with the node's "
	    "namespaces and file system: one RBAC grant or one stolen "
	    "token away from every node (New container, MS-TA9008; "
	    "Privileged container, MS-TA9018): high.  When the cluster "
	    "has admission control, a namespace that enforces Pod "
	    "Security 'privileged' and that no policy engine, bound "
	    "policy or pod webhook reaches (its namespaceSelector "
	    "excludes it) is reported alone: medium, as the exception "
	    "is written down, but it is the one place where any pod is "
	    "still admitted.  Kyverno policies in "
	    "Audit mode count as admission control: the engine is "
	    "installed and judges every pod, and turning a policy to "
	    "Enforce is a one-line change.  Judged only on a live scan, a "
	    "snapshot, or "
	    "input that includes Namespace objects; on other manifests "
	    "the check is not visible.  Admission plugins configured on "
	    "the API server (a default PodSecurity level, ImagePolicy "
	    "webhooks in its configuration file) are not visible through "
	    "the API.",
	.remediation = "Enforce Pod Security on every namespace (baseline at "
		       "least, restricted where workloads allow), and for "
		       "rules beyond it install ValidatingAdmissionPolicies "
		       "with bindings or a policy engine.",
	.details =
	    "- **Severity:** high for the cluster; medium for one namespace. "
	    "**Techniques:** MS-TA9018, MS-TA9008; "
	    "ATT&CK T1610,\n"
	    "  T1611. **Needs:** namespaces, webhooks, admission policies (a "
	    "forbidden\n"
	    "  list makes it not visible).\n"
	    "- **Looks at:** the cluster as a whole. It fires when no "
	    "Namespace enforces\n"
	    "  `baseline` or `restricted`, no ValidatingAdmissionPolicyBinding "
	    "names a\n"
	    "  ValidatingAdmissionPolicy of the input, there is no Kyverno\n"
	    "  `ClusterPolicy`/`Policy`, no Gatekeeper `ConstraintTemplate` "
	    "or\n"
	    "  constraint, and no ValidatingWebhookConfiguration with a rule "
	    "on `pods`\n"
	    "  (or `*`). One finding, on the `kube-system` Namespace when "
	    "present.\n"
	    "- **Namespace gaps:** when something does judge pods, each "
	    "non-system\n"
	    "  Namespace that enforces `privileged` and that no Kyverno "
	    "policy,\n"
	    "  Gatekeeper constraint, bound ValidatingAdmissionPolicy "
	    "(its\n"
	    "  `matchResources.namespaceSelector`) or validating pod "
	    "webhook (its\n"
	    "  `namespaceSelector`) reaches is one medium finding. A "
	    "namespace without\n"
	    "  an enforce label is `psa-not-enforced`'s, so every unguarded "
	    "namespace\n"
	    "  is reported by exactly one of the two checks. Kyverno and "
	    "Gatekeeper\n"
	    "  count for every namespace: their exclusions are written in "
	    "their own\n"
	    "  rule languages and are not evaluated.\n"
	    "- **When it judges:** only on a view of the whole cluster: a live "
	    "scan, a\n"
	    "  snapshot, or manifests that include Namespace objects. On "
	    "other\n"
	    "  manifests it is *not visible* (never passed), because a set of\n"
	    "  application manifests cannot show the cluster's admission "
	    "chain.\n"
	    "- **Limits:** a live scan narrowed with `-n` still reads every "
	    "Namespace\n"
	    "  and the cluster-scoped policies, but namespaced Kyverno "
	    "`Policy` objects\n"
	    "  of other namespaces are not read.\n"
	    "- **Deliberate:** Kyverno policies in `Audit` mode count as "
	    "admission\n"
	    "  control (the engine is installed and judges every pod); a\n"
	    "  ValidatingAdmissionPolicy without a binding does not (it takes "
	    "no\n"
	    "  effect), and the message counts such policies.\n"
	    "- **Real data:** the Kyverno pod-security policies, the "
	    "Gatekeeper library\n"
	    "  templates and the ValidatingAdmissionPolicy examples in\n"
	    "  `../shared/k8s-real/admission` all load without errors and each "
	    "count.\n",
	.fix = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
	       "  labels:\n    pod-security.kubernetes.io/enforce: restricted\n"
	       "    pod-security.kubernetes.io/enforce-version: latest\n",
	.references = references,
	.run = run_admission,
};

static size_t count_group(const struct scan *s, const char *kind,
			  const char *group)
{
	const struct kobj *const *o;
	size_t n, i, k = 0;

	o = inventory_kind(s->inv, kind, &n);
	for (i = 0; i < n; i++)
		k += !strcmp(o[i]->group, group);
	return k;
}

/*
 * A binding whose policyName names a policy of the input and whose
 * matchResources.namespaceSelector (missing: every namespace) selects
 * namespace ns, or any namespace when ns is NULL.
 */
static bool bound_policy_covers(const struct scan *s, const struct kobj *ns)
{
	const struct kobj *const *b;
	size_t n, i;

	b = inventory_kind(s->inv, "ValidatingAdmissionPolicyBinding", &n);
	for (i = 0; i < n; i++) {
		const struct node *spec = node_get(b[i]->root, "spec");
		const char *p = node_get_str(spec, "policyName");
		const struct node *sel = node_get(
		    node_get(spec, "matchResources"), "namespaceSelector");

		if (!p || !inventory_find(s->inv, "ValidatingAdmissionPolicy",
					  NULL, p))
			continue;
		if (!ns || !sel ||
		    selector_matches_ns(sel, ns->labels, ns->name))
			return true;
	}
	return false;
}

/*
 * A webhook of a ValidatingWebhookConfiguration has a rule on pods and
 * its namespaceSelector (missing: every namespace) selects ns, or any
 * namespace when ns is NULL.
 */
static bool webhook_covers(const struct kobj *o, const struct kobj *ns)
{
	const struct node *hooks = node_get(o->root, "webhooks");
	size_t h, r, x;

	for (h = 0; h < node_count(hooks); h++) {
		const struct node *wh = node_at(hooks, h);
		const struct node *rules = node_get(wh, "rules");
		const struct node *sel = node_get(wh, "namespaceSelector");
		bool pods = false;

		for (r = 0; r < node_count(rules); r++) {
			const struct node *res =
			    node_get(node_at(rules, r), "resources");

			for (x = 0; x < node_count(res); x++)
				pods |= node_str_eq(node_at(res, x), "pods") ||
					node_str_eq(node_at(res, x), "*") ||
					node_str_eq(node_at(res, x), "*/*");
		}
		if (pods && (!ns || !sel ||
			     selector_matches_ns(sel, ns->labels, ns->name)))
			return true;
	}
	return false;
}

static bool pod_webhook_covers(const struct scan *s, const struct kobj *ns)
{
	const struct kobj *const *o;
	size_t n, i;

	o = inventory_kind(s->inv, "ValidatingWebhookConfiguration", &n);
	for (i = 0; i < n; i++)
		if (webhook_covers(o[i], ns))
			return true;
	return false;
}

static size_t gatekeeper(const struct scan *s)
{
	size_t i, k = 0;

	k += count_group(s, "ConstraintTemplate", "templates.gatekeeper.sh");
	for (i = 0; i < inventory_size(s->inv); i++)
		k += !strcmp(inventory_object(s->inv, i)->group,
			     "constraints.gatekeeper.sh");
	return k;
}

/* A Kyverno Policy lives in namespace ns (any namespace: ns NULL). */
static bool kyverno_policy_in(const struct scan *s, const struct kobj *ns)
{
	const struct kobj *const *o;
	size_t n, i;

	o = inventory_kind(s->inv, "Policy", &n);
	for (i = 0; i < n; i++)
		if (!strcmp(o[i]->group, "kyverno.io") &&
		    (!ns || (o[i]->ns && !strcmp(o[i]->ns, ns->name))))
			return true;
	return false;
}

/*
 * Something judges the pods of namespace ns (of any namespace when ns is
 * NULL, apart from Pod Security labels): the namespace enforces baseline
 * or restricted, or a cluster-wide engine, a bound policy or a pod
 * webhook reaches it.  Kyverno ClusterPolicies and Gatekeeper count for
 * every namespace: their exclusions are rules of their own language.
 */
static bool guarded(const struct scan *s, const struct kobj *ns, bool engine)
{
	if (ns && pss_namespace_level(ns, "enforce", NULL) >= PSS_BASELINE)
		return true;
	return engine || kyverno_policy_in(s, ns) ||
	       bound_policy_covers(s, ns) || pod_webhook_covers(s, ns);
}

/* A cluster-wide engine: a Kyverno ClusterPolicy or Gatekeeper.  Asked
 * once per scan, since finding Gatekeeper's constraints reads every
 * object. */
static bool cluster_engine(const struct scan *s)
{
	return count_group(s, "ClusterPolicy", "kyverno.io") || gatekeeper(s);
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
static void report_gap(const struct scan *s, const struct kobj *ns,
		       size_t nguarded, bool engine, struct findings *out)
{
	const struct node *at;
	struct finding *fd;

	if (system_namespace(ns->name) ||
	    pss_namespace_level(ns, "enforce", &at) != PSS_PRIVILEGED ||
	    guarded(s, ns, engine))
		return;
	fd = finding_add(out, &check_no_admission_control, ns, NULL,
			 "namespace '%s' accepts any pod: it enforces Pod "
			 "Security level 'privileged' and no policy engine, "
			 "bound ValidatingAdmissionPolicy or validating "
			 "webhook on pods reaches it, while %zu other "
			 "namespaces are guarded",
			 ns->name, nguarded);
	fd->severity = SEV_MEDIUM;
	finding_evidence(out, fd, at,
			 "metadata.labels['pod-security.kubernetes.io/"
			 "enforce']",
			 "privileged, and no admission policy reaches the "
			 "namespace");
}

static int run_admission(const struct scan *s, struct findings *out)
{
	const struct kobj *const *ns;
	const struct kobj *anchor;
	size_t nns, unbound, i, nguarded = 0;
	struct finding *fd;
	char why[160] = "";
	bool engine;

	ns = inventory_kind(s->inv, "Namespace", &nns);
	if (!nns &&
	    !strcmp(s->meta.source ? s->meta.source : "manifests", "manifests"))
		return CHECK_RUN_UNJUDGEABLE;
	engine = cluster_engine(s);
	for (i = 0; i < nns; i++)
		nguarded += guarded(s, ns[i], engine);
	if (nguarded || guarded(s, NULL, engine)) {
		for (i = 0; i < nns; i++)
			report_gap(s, ns[i], nguarded, engine, out);
		return 0;
	}
	anchor = inventory_find(s->inv, "Namespace", NULL, "kube-system");
	if (!anchor)
		anchor = nns ? ns[0] : inventory_object(s->inv, 0);
	if (!anchor)
		return 0;
	unbound = count_group(s, "ValidatingAdmissionPolicy",
			      "admissionregistration.k8s.io");
	if (unbound)
		snprintf(why, sizeof(why),
			 "; %zu ValidatingAdmissionPolicies have no binding "
			 "and take no effect",
			 unbound);
	fd = finding_add(out, &check_no_admission_control, anchor, NULL,
			 "the cluster accepts any pod: none of %zu namespaces "
			 "enforces a Pod Security level, and there is no bound "
			 "ValidatingAdmissionPolicy, no Kyverno or Gatekeeper "
			 "policy and no validating webhook on pods%s",
			 nns, why);
	finding_evidence(out, fd,
			 anchor->labels ? anchor->labels
					: node_get(anchor->root, "metadata"),
			 "metadata.labels['pod-security.kubernetes.io/"
			 "enforce']",
			 "baseline or restricted on no namespace");
	return 0;
}
