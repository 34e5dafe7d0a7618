/*
 * kubelet-event-qps: the kubelet's events are not rate limited
 * (eventRecordQPS: 0, --event-qps=0).
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

static const char *const techniques[] = { "MS-TA9040", NULL };
static const char *const attack[] = { "T1499", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/config-api/"
	"kubelet-config.v1beta1/",
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kubelet/",
	NULL,
};

const struct check check_kubelet_event_qps = {
	.id = "kubelet-event-qps",
	.title = "Kubelet events are not rate limited",
	.severity = SEV_LOW,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "eventRecordQPS (--event-qps) caps the events a kubelet sends "
	    "to the API server; 0 removes the cap. A pod that crash-loops, "
	    "fails its probes or its mounts on purpose then makes the "
	    "kubelet write events as fast as it can, into the API server "
	    "and etcd that the whole cluster shares, and the flood buries "
	    "the events a responder looks for. Low: the audit log, not "
	    "events, is the record of what was done, and API Priority and "
	    "Fairness still queues the kubelet's requests. The default "
	    "(50 per second, burst 100) passes.",
	.details =
	    "- **Looks at:** every kubelet the input shows (see "
	    "kubelet-anonymous-auth): `eventRecordQPS` in its config file, "
	    "`--event-qps` on its command line (the flag wins).\n"
	    "- **Fires on:** the value 0 (unlimited).\n"
	    "- **Silent on:** any positive value, and unset. A low positive "
	    "value drops events in a burst; no threshold says where too "
	    "few starts, so it is not judged (the CIS rule asking for "
	    "\"appropriate event capture\" is a manual one).\n",
	.remediation =
	    "Leave eventRecordQPS unset (50) or set a positive value with "
	    "an eventBurst above it, and never pass --event-qps=0.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "eventRecordQPS: 50\n"
	       "eventBurst: 100\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

static bool judge(const struct cp_kubelet *k, struct arena *a, const char **why,
		  struct cp_setting *at)
{
	char *end;
	double v;

	if (!cp_kubelet_get(k, a, "eventRecordQPS", at) || !at->value)
		return false;
	v = strtod(at->value, &end);
	if (end == at->value || *end || v != 0)
		return false;
	*why = "events are not rate limited (eventRecordQPS 0): a failing or "
	       "hostile pod makes the kubelet flood the API server and etcd "
	       "with events";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_kubelet_report(s, &check_kubelet_event_qps, judge, out);
}
