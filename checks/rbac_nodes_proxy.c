/* rbac-nodes-proxy: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9030", NULL };
static const char *const attack[] = { "T1613", "T1609", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#access-to-proxy-subresource-of-nodes",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Access%20Kubelet%20API/",
	NULL,
};

const struct check check_rbac_nodes_proxy = {
	.id = "rbac-nodes-proxy",
	.title = "Subject can reach the kubelet API through nodes/proxy",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "nodes/proxy forwards requests to the kubelet of any node, "
	    "whose API lists every pod and can run commands in them; the "
	    "kubelet authorizes the call as a node proxy request, so the "
	    "API server's audit log does not show the exec. Only "
	    "ClusterRoleBindings can grant it, as nodes are "
	    "cluster-scoped.",
	.remediation =
	    "Grant nodes/proxy only to monitoring components that need "
	    "kubelet metrics, and prefer nodes/metrics or nodes/stats "
	    "which do not allow exec.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_nodes_proxy,
				RBAC_PERM_NODES_PROXY, out);
}
