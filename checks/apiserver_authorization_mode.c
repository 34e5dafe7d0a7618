/* apiserver-authorization-mode: the API server authorizes every request, or without RBAC. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "analysis/controlplane.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);
static const char *unseen(const struct scan *s);

static const char *const techniques[] = { "MS-TA9029", "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/reference/access-authn-authz/authorization/"
	"#authorization-modules",
	NULL,
};

const struct check check_apiserver_authorization_mode = {
	.id = "apiserver-authorization-mode",
	.title = "API server authorizes everything or does not use RBAC",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "--authorization-mode lists the authorizers a request goes "
	    "through. AlwaysAllow in the list allows every authenticated "
	    "request that an earlier authorizer did not decide, so every "
	    "user and every service account token is cluster-admin "
	    "(critical; it was also the default before 1.x installers set "
	    "the flag). A list without RBAC (ABAC, Node alone, Webhook "
	    "alone) leaves every Role and binding of the cluster without "
	    "effect and threatmap's RBAC findings meaningless (high).",
	.remediation =
	    "Start kube-apiserver with --authorization-mode=Node,RBAC "
	    "(kubeadm's default); remove AlwaysAllow and ABAC.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: kube-apiserver\n"
	       "    command:\n"
	       "    - kube-apiserver\n"
	       "    - --authorization-mode=Node,RBAC\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	/* a string slice: every occurrence of the flag adds its modes */
	const struct cp_flag *f = cp_flag(p, "authorization-mode");
	const struct cp_flag *all =
	    cp_list_flag(p, "authorization-mode", "AlwaysAllow");

	(void)a;
	if (!f && (p->opaque || cp_flag(p, "authorization-config")))
		return false;
	if (!f || all) {
		*at = all;
		*why = f ? "AlwaysAllow is an authorization mode: every "
			   "authenticated request is allowed"
			 : "--authorization-mode is not set, so it defaults "
			   "to AlwaysAllow: every authenticated request is "
			   "allowed";
		return true;
	}
	/* a hidden occurrence may add RBAC */
	if (cp_list_flag(p, "authorization-mode", "RBAC") || p->opaque)
		return false;
	*at = f;
	*why = "RBAC is not an authorization mode, so Roles and bindings "
	       "have no effect";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	size_t before = out->n, i;
	int rc = cp_report(s, &check_apiserver_authorization_mode,
			   CP_BIT(CP_APISERVER), judge, out);

	/* AlwaysAllow is critical; a list without RBAC is high */
	for (i = before; i < out->n; i++)
		if (!strstr(out->v[i]->message, "AlwaysAllow"))
			out->v[i]->severity = SEV_HIGH;
	return rc;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}
