/* path-exposed-token: exposed pod -> mounted token -> dangerous right. */
#include "check.h"

#include "analysis/paths.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9004", "MS-TA9016", NULL };
static const char *const attack[] = { "T1190", "T1528", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Application%20vulnerability/",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Container%20service%20account/",
	NULL,
};

const struct check check_path_exposed_token = {
	.id = "path-exposed-token",
	.title = "Attack path: exposed workload whose token holds a dangerous "
		 "permission",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES | NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A LoadBalancer or NodePort Service, externalIPs, or an "
	    "Ingress sends outside traffic to the workload's pods; the "
	    "pods mount their service account token; that service "
	    "account holds a permission of the dangerous catalogue. One "
	    "application bug is then enough to act on the cluster with "
	    "that permission. Each hop is listed with its evidence; "
	    "removing any one of them (the exposure, the token mount, "
	    "the binding) breaks the path. Critical because the whole "
	    "chain starts outside the cluster.",
	.remediation =
	    "Break the chain at the cheapest hop: set "
	    "automountServiceAccountToken: false on the workload, move "
	    "the permission to a service account that no exposed pod "
	    "uses, or put the workload behind an internal Service.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return paths_exposed_token(s, &check_path_exposed_token, out);
}
