/* rbac-create-workloads: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9008", "MS-TA9012", "MS-TA9014",
					  NULL };
static const char *const attack[] = { "T1610", "T1053.007", "T1543", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"New%20container/",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#workload-creation",
	NULL,
};

const struct check check_rbac_create_workloads = {
	.id = "rbac-create-workloads",
	.title = "Subject can create pods or workloads",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Whoever can create a Pod, or any controller that makes pods "
	    "(Deployment, DaemonSet, StatefulSet, ReplicaSet, "
	    "ReplicationController, Job, CronJob; OpenShift's "
	    "DeploymentConfig, Argo Rollouts' Rollout, OpenKruise's "
	    "CloneSet, Advanced StatefulSet and DaemonSet and BroadcastJob, "
	    "Knative's Service, Configuration and Revision), chooses its "
	    "image, its command and its service account, so it can run "
	    "code as any service account of the namespace and, unless Pod "
	    "Security admission forbids it, a privileged pod on a node.  "
	    "update or patch on any of these controllers but a Job or a "
	    "Revision does the same: the controller replaces its pods with "
	    "pods of the new template (the template of a Job or a Revision "
	    "cannot change once it is created), also when the rule names "
	    "the controllers it may change (resourceNames); a rule with "
	    "resourceNames never grants create, whose request names no "
	    "object.",
	.remediation =
	    "Let a deployment pipeline or a GitOps controller create "
	    "workloads instead of people; enforce Pod Security Standards "
	    "on the namespace; keep powerful service accounts out of "
	    "namespaces where others may create pods.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_create_workloads,
				RBAC_PERM_CREATE_WORKLOADS, out);
}
