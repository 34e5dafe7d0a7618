/* kubelet-anonymous-auth: the kubelet serves anonymous requests. */
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

static const char *const techniques[] = { "MS-TA9030", NULL };
static const char *const attack[] = { "T1613", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/config-api/"
	"kubelet-config.v1beta1/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"kubelet-authn-authz/",
	NULL,
};

const struct check check_kubelet_anonymous_auth = {
	.id = "kubelet-anonymous-auth",
	.title = "Kubelet accepts anonymous requests",
	.severity = SEV_HIGH,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The kubelet API on port 10250 lists pods, reads logs and, "
	    "through /exec and /run, runs commands in any container of "
	    "the node. With authentication.anonymous.enabled true a "
	    "request without credentials is served as system:anonymous; "
	    "together with authorization mode AlwaysAllow (see "
	    "kubelet-authorization-mode) anyone on the network runs code "
	    "on the node.",
	.remediation =
	    "Set authentication.anonymous.enabled: false and "
	    "authentication.webhook.enabled: true in the "
	    "KubeletConfiguration (the config file default), and never "
	    "pass --anonymous-auth=true.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "authentication:\n"
	       "  anonymous:\n"
	       "    enabled: false\n"
	       "  webhook:\n"
	       "    enabled: true\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

static bool judge(const struct cp_kubelet *k, struct arena *a, const char **why,
		  struct cp_setting *at)
{
	if (!cp_kubelet_get(k, a, "authentication.anonymous.enabled", at) ||
	    !cp_true(at->value))
		return false;
	*why = "anonymous requests to the kubelet API are served as "
	       "system:anonymous";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_kubelet_report(s, &check_kubelet_anonymous_auth, judge, out);
}
