/* apiserver-always-admit: the API server runs the AlwaysAdmit admission plugin. */
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

static const char *const techniques[] = { "MS-TA9018", "MS-TA9008", NULL };
static const char *const attack[] = { "T1610", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"admission-controllers/#alwaysadmit",
	NULL,
};

const struct check check_apiserver_always_admit = {
	.id = "apiserver-always-admit",
	.title = "API server admits every request (AlwaysAdmit)",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The AlwaysAdmit admission plugin (deprecated) lets every "
	    "request through admission regardless of other plugins' "
	    "verdicts, so Pod Security Admission and webhooks no longer "
	    "stop a privileged pod: whoever may create pods may take a "
	    "node.",
	.remediation =
	    "Remove AlwaysAdmit from --enable-admission-plugins (and "
	    "--admission-control).",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	static const char *const flags[] = { "enable-admission-plugins",
					     "admission-control" };
	size_t i;

	(void)a;
	for (i = 0; i < 2; i++) {
		const struct cp_flag *f = cp_flag(p, flags[i]);
		if (f && cp_list_has(f->value, "AlwaysAdmit")) {
			*at = f;
			*why = "AlwaysAdmit lets every request through "
			       "admission";
			return true;
		}
	}
	return false;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_apiserver_always_admit, CP_BIT(CP_APISERVER),
			 judge, out);
}
