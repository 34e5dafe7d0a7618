/* rbac-coredns: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9035", NULL };
static const char *const attack[] = { "T1557", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"CoreDNS%20poisoning/",
	NULL,
};

const struct check check_rbac_coredns = {
	.id = "rbac-coredns",
	.title = "Subject can modify the coredns ConfigMap",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "update or patch on the coredns ConfigMap in kube-system "
	    "rewrites the cluster's DNS: an attacker can point service "
	    "names at pods they control and intercept traffic between "
	    "workloads. Rules restricted by resourceNames count when they "
	    "name coredns; RoleBindings count only in kube-system.",
	.remediation =
	    "Keep write access to ConfigMaps in kube-system to cluster "
	    "administrators; manage the Corefile through the cluster's "
	    "provisioning tools.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_coredns, RBAC_PERM_COREDNS, out);
}
