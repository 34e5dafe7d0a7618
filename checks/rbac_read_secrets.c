/* rbac-read-secrets: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9025", NULL };
static const char *const attack[] = { "T1552.007", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"List%20Kubernetes%20secrets/",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#listing-secrets",
	NULL,
};

const struct check check_rbac_read_secrets = {
	.id = "rbac-read-secrets",
	.title = "Subject can read Secrets",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "get, list, watch, patch, delete or deletecollection on "
	    "secrets hands over every credential "
	    "stored in the namespace (or the cluster, through a "
	    "ClusterRoleBinding): service account tokens, registry "
	    "credentials, TLS keys, database passwords. list and watch "
	    "return the values of all Secrets at once; a patch is "
	    "answered with the whole Secret (an empty patch changes "
	    "nothing), a delete with foreground propagation with the "
	    "Secret it marks for deletion, a deletecollection with every "
	    "Secret it deleted; create and update are answered with what "
	    "the caller sent. Rules restricted "
	    "by resourceNames to other objects do not count; a "
	    "RoleBinding to a ClusterRole counts in its namespace only. "
	    "High because it turns one identity into many.",
	.remediation =
	    "Grant get on the named Secrets a workload needs "
	    "(resourceNames) instead of list/watch on all of them; bind "
	    "per namespace with a RoleBinding rather than a "
	    "ClusterRoleBinding; mount Secrets into pods instead of "
	    "reading them through the API.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_read_secrets,
				RBAC_PERM_READ_SECRETS, out);
}
