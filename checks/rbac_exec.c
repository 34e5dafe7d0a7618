/* rbac-exec: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9006", "MS-TA9041", NULL };
static const char *const attack[] = { "T1609", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Exec%20into%20container/",
	"https://kubernetes.io/docs/reference/access-authn-authz/authorization/"
	"#determine-the-request-verb",
	NULL,
};

const struct check check_rbac_exec = {
	.id = "rbac-exec",
	.title = "Subject can exec, attach, port-forward or debug into pods",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "create (or get, which websocket clients use) on pods/exec, "
	    "pods/attach or pods/portforward runs commands in, or opens "
	    "connections to, any pod in scope, with that pod's service "
	    "account token, mounted Secrets and network position.  update "
	    "or patch on pods/ephemeralcontainers (what kubectl debug uses) "
	    "does the same another way: the added container runs any image "
	    "and command inside the pod and can mount its volumes, the "
	    "token's among them.  So does update or patch on pods: a "
	    "container's image is the one field of a running pod that may "
	    "change, and the kubelet restarts the container with the new "
	    "image inside the same pod.  A role that may only create, list "
	    "or delete pods is not reported here (creating pods is "
	    "rbac-create-workloads).  High; medium when the rule names the "
	    "pods it reaches (resourceNames): those pods only, whose own "
	    "reach the attack paths follow.",
	.remediation =
	    "Remove pods/exec, pods/attach, pods/portforward, "
	    "pods/ephemeralcontainers and update or patch on pods from "
	    "roles that do not need interactive access; grant them per "
	    "namespace to named operators only, and audit their use.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_exec, RBAC_PERM_EXEC, out);
}
