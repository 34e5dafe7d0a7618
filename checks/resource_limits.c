/*
 * resource-limits: containers without a CPU or memory limit, counting the
 * defaults a LimitRange of the namespace fills in.
 */
#include "check.h"

#include <stdio.h>

#include "inventory.h"
#include "node.h"
#include "resources.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9039", "MS-TA9040", NULL };
static const char *const attack[] = { "T1496", "T1499", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Resource%20Hijacking/",
	"https://kubernetes.io/docs/concepts/configuration/"
	"manage-resources-containers/",
	"https://kubernetes.io/docs/concepts/policy/limit-range/",
	NULL,
};

const struct check check_resource_limits = {
	.id = "resource-limits",
	.title = "Container without CPU or memory limit",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_RESOURCE_POLICY,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A container without a memory limit can take all of its node's "
	    "memory and get other pods evicted or killed; one without a CPU "
	    "limit can run a cryptominer on every core it reaches.  Either "
	    "is what an attacker with code execution in the pod uses for "
	    "resource hijacking or denial of service.  A LimitRange of type "
	    "Container with `default` limits in the namespace sets them on "
	    "containers that have none, and a pod-level limit in the pod's "
	    "spec.resources bounds all its containers together, so such "
	    "containers are not reported.  Init containers are judged too (a "
	    "hung or hijacked "
	    "init container runs unbounded like any other); ephemeral "
	    "containers cannot declare resources and are skipped.  Medium "
	    "when both limits are missing, low when one is: the finding "
	    "enables impact, not access, and it is on nearly every "
	    "manifest written without a LimitRange.",
	.remediation =
	    "Set resources.limits.memory (and limits.cpu where throttling "
	    "is acceptable) on every container, or give the namespace a "
	    "LimitRange with default limits.",
	.details =
	    "- **Looks at:** every container and init container (a hung or "
	    "hijacked\n"
	    "  init container runs unbounded too); ephemeral containers cannot "
	    "declare\n"
	    "  resources. A `Container` LimitRange with `default` values in "
	    "the\n"
	    "  namespace supplies limits, and those containers are silent; so "
	    "does a\n"
	    "  pod-level limit (`spec.resources.limits`, Kubernetes 1.32+), "
	    "which bounds\n"
	    "  the pod's containers together.\n"
	    "- **Severity by case:** medium without memory and CPU limits, low "
	    "with one\n"
	    "  of them.\n"
	    "- **Default components:** CoreDNS ships no CPU limit and "
	    "kube-proxy no\n"
	    "  limit at all; both are reported on purpose, as they are "
	    "unbounded.\n"
	    "  Except them by name where that is the accepted design.\n",
	.fix = "resources:\n"
	       "  requests: {cpu: 100m, memory: 128Mi}\n"
	       "  limits: {cpu: \"1\", memory: 256Mi}\n",
	.references = references,
	.pod = judge_view,
};

static void judge(const struct res_ranges *lr, const struct wl_iter *it,
		  struct findings *out)
{
	static const char *const words[3] = {
		"no memory limit and no CPU limit",
		"no memory limit",
		"no CPU limit",
	};
	bool one;
	struct finding *fd = res_report_missing(
	    lr, it, true, &check_resource_limits, words, out, &one);

	if (fd && one)
		fd->severity = SEV_LOW;
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct res_ranges *own;
	const struct res_ranges *lr = res_ranges_of(s, &own);
	struct wl_iter it;

	wl_iter_init(&it, pv);
	while (wl_next(&it))
		if (it.list != WL_EPHEMERAL_CONTAINERS)
			judge(lr, &it, out);
	res_ranges_free(own);
}
