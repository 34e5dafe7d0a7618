/* kubelet-authorization-mode: the kubelet authorizes every request. */
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

static const char *const techniques[] = { "MS-TA9030", "MS-TA9006", NULL };
static const char *const attack[] = { "T1609", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/config-api/"
	"kubelet-config.v1beta1/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"kubelet-authn-authz/#kubelet-authorization",
	NULL,
};

const struct check check_kubelet_authorization_mode = {
	.id = "kubelet-authorization-mode",
	.title = "Kubelet authorizes every request (AlwaysAllow)",
	.severity = SEV_CRITICAL,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "authorization.mode AlwaysAllow lets every request the "
	    "kubelet authenticated use its whole API: exec into any "
	    "container of the node, read every pod's logs and "
	    "environment. With anonymous authentication on, that is "
	    "everyone who reaches port 10250. The config file default is "
	    "Webhook, which asks the API server (SubjectAccessReview on "
	    "nodes/proxy and friends).",
	.remediation =
	    "Set authorization.mode: Webhook in the KubeletConfiguration, "
	    "and never pass --authorization-mode=AlwaysAllow.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "authorization:\n"
	       "  mode: Webhook\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

static bool judge(const struct cp_kubelet *k, struct arena *a, const char **why,
		  struct cp_setting *at)
{
	if (!cp_kubelet_get(k, a, "authorization.mode", at) || !at->value ||
	    strcmp(at->value, "AlwaysAllow"))
		return false;
	*why = "authorization mode AlwaysAllow: every authenticated request "
	       "may exec into the node's containers";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_kubelet_report(s, &check_kubelet_authorization_mode, judge,
				 out);
}
