/* apiserver-anonymous-auth: the API server answers anonymous requests. */
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

static const char *const techniques[] = { "MS-TA9005", "MS-TA9029", NULL };
static const char *const attack[] = { "T1133", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"authentication/#anonymous-requests",
	NULL,
};

const struct check check_apiserver_anonymous_auth = {
	.id = "apiserver-anonymous-auth",
	.title = "API server accepts anonymous requests",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "With --anonymous-auth true (the default) every request "
	    "without credentials is served as system:anonymous in the "
	    "group system:unauthenticated. RBAC then decides what it may "
	    "do: by default only discovery and health endpoints, but one "
	    "binding to either name opens the API to anyone who reaches "
	    "it, and the endpoints it serves tell an attacker the exact "
	    "version to exploit. Medium: the harm depends on bindings, "
	    "which the rbac-public-binding check reports. An "
	    "AuthenticationConfiguration (--authentication-config) with an "
	    "anonymous section replaces the flag; one without it leaves "
	    "the flag, and its default, in force.",
	.remediation =
	    "Start kube-apiserver with --anonymous-auth=false, or (1.32+) "
	    "keep anonymous access only for /healthz, /readyz and /livez "
	    "with an AuthenticationConfiguration anonymous.conditions "
	    "list. Probes of kubeadm's static pod use /livez, which works "
	    "with authentication.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: kube-apiserver\n"
	       "    command:\n"
	       "    - kube-apiserver\n"
	       "    - --anonymous-auth=false\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "anonymous-auth");
	const struct kobj *cfg = NULL;

	if (f && !cp_true(f->value))
		return false;
	/*
	 * The anonymous field of an AuthenticationConfiguration replaces the
	 * flag (apiserver-authentication-config judges it); a file without
	 * it leaves the flag's default in force.  A file the input lacks
	 * may say either.
	 */
	if (!f && cp_flag(p, "authentication-config")) {
		cfg = cp_proc_file(p, "authentication-config",
				   "AuthenticationConfiguration",
				   "apiserver.config.k8s.io");
		if (!cfg || node_get(cfg->root, "anonymous"))
			return false;
	}
	if (!f && p->opaque)
		return false;
	*at = f;
	*why = f ? "--anonymous-auth=true serves requests without credentials "
		   "as system:anonymous"
		 : "--anonymous-auth is not set, so requests without "
		   "credentials are served as system:anonymous";
	if (cfg)
		*why = arena_printf(a,
				    "%s (AuthenticationConfiguration %s has no "
				    "anonymous section)",
				    *why, cfg->name);
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_apiserver_anonymous_auth,
			 CP_BIT(CP_APISERVER), judge, out);
}
