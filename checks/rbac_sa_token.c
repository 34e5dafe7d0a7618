/* rbac-sa-token: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/kubernetes-api/"
	"authentication-resources/token-request-v1/",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Container%20service%20account/",
	NULL,
};

const struct check check_rbac_sa_token = {
	.id = "rbac-sa-token",
	.title = "Subject can create service account tokens",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale = "create on serviceaccounts/token mints a token for any "
		     "service account in scope (TokenRequest), so the subject "
		     "holds every permission of those service accounts, for as "
		     "long as the token it asks for lives.",
	.remediation =
	    "Grant serviceaccounts/token only to components that issue "
	    "tokens, restricted with resourceNames to the service "
	    "accounts they serve.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_sa_token, RBAC_PERM_SA_TOKEN,
				out);
}
