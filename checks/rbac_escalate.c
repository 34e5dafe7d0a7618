/* rbac-escalate: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", "T1098.006", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#privilege-escalation-prevention-and-bootstrapping",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#escalate-verb",
	NULL,
};

const struct check check_rbac_escalate = {
	.id = "rbac-escalate",
	.title = "Subject can bind, escalate or impersonate",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "bind on roles lets a subject grant roles it does not hold; "
	    "escalate lets it write roles with more permissions than it "
	    "has; impersonate on users, groups or service accounts lets "
	    "it act as any of them (system:masters included). Each "
	    "defeats RBAC's privilege-escalation prevention. A controller "
	    "that holds these rights is reported here, not as exec or "
	    "secret access.",
	.remediation =
	    "Remove bind, escalate and impersonate from roles that do not "
	    "manage RBAC; where a controller needs bind, restrict it with "
	    "resourceNames to the roles it hands out.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_escalate, RBAC_PERM_ESCALATE,
				out);
}
