/*
 * resource-requests: long-running containers without CPU or memory
 * requests, counting what limits and LimitRange defaults fill in.
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

static const char *const techniques[] = { "MS-TA9040", NULL };
static const char *const attack[] = { "T1499", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Denial%20of%20service/",
	"https://kubernetes.io/docs/concepts/configuration/"
	"manage-resources-containers/",
	"https://kubernetes.io/docs/concepts/workloads/pods/"
	"pod-qos/#besteffort",
	NULL,
};

const struct check check_resource_requests = {
	.id = "resource-requests",
	.title = "Container without CPU or memory request",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_RESOURCE_POLICY,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The scheduler places pods by their requests.  Containers that "
	    "request nothing are packed onto nodes without reserving "
	    "anything (BestEffort pods are the first evicted), so one busy "
	    "neighbour starves or evicts them: a cheap denial of service.  "
	    "A request is counted when the container sets it, when it sets "
	    "a limit (the API server copies the limit into the request), "
	    "when a LimitRange of the namespace has a defaultRequest or "
	    "default, or when the pod requests it (or limits it) for all "
	    "its containers at pod level in spec.resources.  Judged on app "
	    "containers and sidecars (init "
	    "containers with restartPolicy Always); ordinary init "
	    "containers run to completion before the app starts and the "
	    "pod reserves the larger of their requests and the app's, so "
	    "they are not reported.  Low: availability only.",
	.remediation =
	    "Set resources.requests.cpu and requests.memory on every "
	    "long-running container, or give the namespace a LimitRange "
	    "with defaultRequest values.",
	.details = "- **Looks at:** app containers and native sidecars (init "
		   "containers with\n"
		   "  `restartPolicy: Always`). Ordinary init containers "
		   "finish first and the\n"
		   "  pod reserves the larger of theirs and the app's, so they "
		   "are skipped.\n"
		   "  A request counts when written, when a limit is written "
		   "(the API server\n"
		   "  copies it), when a LimitRange has `defaultRequest` or "
		   "`default`, or\n"
		   "  when the pod sets it at pod level (`spec.resources`, "
		   "Kubernetes 1.32+:\n"
		   "  the pod's request or limit covers its containers "
		   "together).\n"
		   "- With no resources at all, a container has two findings "
		   "(this one and\n"
		   "  resource-limits'), neither above medium.\n",
	.fix = "resources:\n"
	       "  requests: {cpu: 100m, memory: 128Mi}\n",
	.references = references,
	.pod = judge_view,
};

static void judge(const struct res_ranges *lr, const struct wl_iter *it,
		  struct findings *out)
{
	static const char *const words[3] = {
		"no CPU or memory request",
		"no memory request",
		"no CPU request",
	};
	bool one;

	res_report_missing(lr, it, false, &check_resource_requests, words, out,
			   &one);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct res_ranges *own;
	const struct res_ranges *lr = res_ranges_of(s, &own);
	struct wl_iter it;

	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		if (wl_runs_with_pod(&it))
			judge(lr, &it, out);
	}
	res_ranges_free(own);
}
