/* rbac-webhooks: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9015", NULL };
static const char *const attack[] = { "T1546", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Malicious%20admission%20controller/",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#control-admission-webhooks",
	NULL,
};

const struct check check_rbac_webhooks = {
	.id = "rbac-webhooks",
	.title = "Subject can write admission webhook configurations",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "create, update or patch on mutating or validating webhook "
	    "configurations lets a subject register a webhook that sees "
	    "(and, when mutating, rewrites) every object sent to the API "
	    "server, Secrets included: a malicious admission controller "
	    "that persists and collects credentials.",
	.remediation =
	    "Grant write access to webhook configurations only to the "
	    "installer of the admission controller, and review webhooks "
	    "that send to URLs outside the cluster.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_webhooks, RBAC_PERM_WEBHOOKS,
				out);
}
