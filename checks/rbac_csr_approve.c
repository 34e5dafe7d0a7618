/* rbac-csr-approve: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"certificate-signing-requests/#authorization",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#csrs-and-certificate-issuing",
	NULL,
};

const struct check check_rbac_csr_approve = {
	.id = "rbac-csr-approve",
	.title = "Subject can approve certificate signing requests",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "update on certificatesigningrequests/approval together with "
	    "approve on signers lets a subject approve its own CSR for a "
	    "client certificate naming any user and group, system:masters "
	    "included: a credential that RBAC cannot revoke until it "
	    "expires. Both rights are needed and may come from different "
	    "bindings. Approvers restricted with resourceNames to signers "
	    "other than kubernetes.io/kube-apiserver-client (or "
	    "kubernetes.io/*), whose certificates the API server does "
	    "not take for any group, are not reported.",
	.remediation =
	    "Leave CSR approval to the controller manager's approvers; "
	    "grant approve on signers only with resourceNames naming the "
	    "signers a component handles.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_csr_approve,
				RBAC_PERM_CSR_APPROVE, out);
}
