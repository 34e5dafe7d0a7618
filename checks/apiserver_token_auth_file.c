/* apiserver-token-auth-file: the API server accepts static tokens or passwords from a file. */
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

static const char *const techniques[] = { "MS-TA9029", NULL };
static const char *const attack[] = { "T1613", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"authentication/#static-token-file",
	NULL,
};

const struct check check_apiserver_token_auth_file = {
	.id = "apiserver-token-auth-file",
	.title = "API server accepts static token or password files",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "--token-auth-file (and --basic-auth-file before 1.19) makes "
	    "the API server accept bearer tokens or passwords listed in a "
	    "CSV file on the control-plane node. They never expire, "
	    "cannot be revoked without restarting the API server, and "
	    "usually carry system:masters: one leaked line is permanent "
	    "cluster-admin.",
	.remediation =
	    "Remove --token-auth-file and --basic-auth-file; authenticate "
	    "people with client certificates of short life or OIDC, and "
	    "workloads with bound service account tokens.",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "token-auth-file");

	/* an empty --token-auth-file= reads no file: look at the other */
	if (!f || !*f->value)
		f = cp_flag(p, "basic-auth-file");
	if (!f || !*f->value)
		return false;
	*at = f;
	*why = arena_printf(a,
			    "--%s accepts never-expiring credentials listed in "
			    "%s",
			    f->name, f->value);
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_apiserver_token_auth_file,
			 CP_BIT(CP_APISERVER), judge, out);
}
