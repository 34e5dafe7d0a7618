/*
 * namespace-resource-quota: namespaces that run workloads with neither a
 * ResourceQuota capping compute nor a LimitRange.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#include "inventory.h"
#include "node.h"
#include "resources.h"
#include "scan.h"
#include "strmap.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9039", "MS-TA9040", NULL };
static const char *const attack[] = { "T1496", "T1499", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/policy/resource-quotas/",
	"https://kubernetes.io/docs/concepts/policy/limit-range/",
	NULL,
};

const struct check check_namespace_resource_quota = {
	.id = "namespace-resource-quota",
	.title = "Namespace without ResourceQuota or LimitRange",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_NAMESPACES | NEED_WORKLOADS | NEED_RESOURCE_POLICY,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A ResourceQuota caps what a namespace may consume in total and "
	    "a LimitRange gives every container default limits; without "
	    "either, whoever can create pods there (a CI token, a "
	    "compromised controller) can take the cluster's capacity for "
	    "mining or starve other tenants.  Judged on Namespace objects "
	    "in the input that hold at least one workload.  Medium with "
	    "neither; low with a LimitRange but no ResourceQuota on cpu or "
	    "memory (each container is bounded, their number is not).  A "
	    "ResourceQuota that counts only objects does not cap compute.  "
	    "kube-system is left out: the cluster's own components run "
	    "there with system priority classes and a quota there can keep "
	    "them from starting.",
	.remediation =
	    "Create a ResourceQuota with requests.cpu, requests.memory, "
	    "limits.cpu and limits.memory in each application namespace, "
	    "and a LimitRange with default limits and requests.",
	.details = "- **Looks at:** each Namespace object of the input that "
		   "holds a workload.\n"
		   "  A quota counting only objects (`pods: \"20\"`) caps no "
		   "compute.\n"
		   "- **Severity by case:** medium with neither a "
		   "ResourceQuota on cpu or\n"
		   "  memory nor a LimitRange; low with a LimitRange only.\n"
		   "- **Silent for:** `kube-system`, whose components run at "
		   "system priority\n"
		   "  and which a quota could keep from starting.\n",
	.fix = "apiVersion: v1\n"
	       "kind: ResourceQuota\n"
	       "metadata: {name: compute, namespace: team-a}\n"
	       "spec:\n"
	       "  hard: {requests.cpu: \"8\", requests.memory: 16Gi,\n"
	       "         limits.cpu: \"16\", limits.memory: 32Gi}\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: LimitRange\n"
	       "metadata: {name: defaults, namespace: team-a}\n"
	       "spec:\n"
	       "  limits:\n"
	       "    - type: Container\n"
	       "      default: {cpu: 500m, memory: 256Mi}\n"
	       "      defaultRequest: {cpu: 100m, memory: 128Mi}\n",
	.references = references,
	.run = run,
};

/* Workloads per namespace name, counted in one pass (values are counts). */
static void count_workloads(const struct scan *s, struct strmap *m)
{
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(pv[i].obj);
		void **slot = strmap_slot(m, ns, strlen(ns));
		*slot = (void *)((uintptr_t)*slot + 1);
	}
}

static int run(const struct scan *s, struct findings *out)
{
	struct strmap counts = STRMAP_INIT;
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "Namespace", &n);
	if (n)
		count_workloads(s, &counts);
	for (i = 0; i < n; i++) {
		const char *ns = v[i]->name;
		const struct kobj *lr = NULL;
		size_t k;
		bool any_quota, has_lr;
		struct finding *fd;

		k = (size_t)(uintptr_t)strmap_get(&counts, ns, strlen(ns));
		if (!strcmp(ns, "kube-system") || !k)
			continue;
		if (res_quota_caps_compute(s->inv, ns, NULL, &any_quota))
			continue;
		has_lr = res_has_limitrange(s->inv, ns, &lr);
		fd = finding_add(
		    out, &check_namespace_resource_quota, v[i], NULL,
		    "namespace '%s' runs %zu workload%s with %s%s", ns, k,
		    k == 1 ? "" : "s",
		    has_lr ? "a LimitRange but no ResourceQuota on cpu or "
			     "memory"
			   : "no ResourceQuota and no LimitRange",
		    any_quota ? " (its ResourceQuota counts objects only)"
			      : "");
		if (has_lr) {
			fd->severity = SEV_LOW;
			finding_evidence(out, fd, NULL, "LimitRange", "%s",
					 lr->name);
		} else {
			finding_evidence(out, fd, v[i]->root, "metadata.name",
					 "%s", ns);
		}
	}
	strmap_release(&counts);
	return 0;
}
