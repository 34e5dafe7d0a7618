/* path-pod-create-pivot: pod -> SA that creates pods -> stronger SA. */
#include "check.h"

#include "analysis/paths.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", "MS-TA9008", NULL };
static const char *const attack[] = { "T1528", "T1610", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#workload-creation",
	NULL,
};

const struct check check_path_pod_create_pivot = {
	.id = "path-pod-create-pivot",
	.title = "Attack path: pod token can create pods and so become a "
		 "stronger service account",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS | NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A pod mounts the token of a service account that may create "
	    "pods (or pod controllers) in a namespace, or in all of them. "
	    "A pod it creates may name any service account of that "
	    "namespace, so the token is worth the most powerful of them. "
	    "Reported when some service account in reach holds a "
	    "dangerous permission the pod's own account lacks, naming "
	    "that account and the binding that makes it strong.",
	.remediation =
	    "Do not give workload service accounts create on pods or "
	    "controllers; where a controller needs it, run it in a "
	    "namespace that holds no stronger service account.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return paths_pod_create_pivot(s, &check_path_pod_create_pivot, out);
}
