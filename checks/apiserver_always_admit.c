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
	.title = "API server runs the AlwaysAdmit admission plugin",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The AlwaysAdmit admission plugin (deprecated) refuses nothing. "
	    "Admission plugins run as a chain in which any one may refuse, "
	    "so next to other plugins it changes nothing, and it is low: a "
	    "deprecated setting the CIS benchmark asks to remove, and a "
	    "sign the plugin list was written by hand.  The legacy "
	    "--admission-control flag is different: its list replaces the "
	    "default plugins, so --admission-control=AlwaysAdmit leaves no "
	    "plugin at all: no Pod Security Admission, no webhooks, no "
	    "NodeRestriction, and whoever may create pods may take a node "
	    "(high).",
	.remediation =
	    "Remove AlwaysAdmit from --enable-admission-plugins, and "
	    "replace --admission-control with --enable-admission-plugins "
	    "(which adds to the defaults instead of replacing them).",
	.details =
	    "- **Severity by case:** high for `--admission-control` whose "
	    "only plugin is\n"
	    "  AlwaysAdmit (admission is off); low for AlwaysAdmit beside "
	    "other plugins\n"
	    "  or in `--enable-admission-plugins`, where the other plugins "
	    "still refuse\n"
	    "  what they refuse.\n"
	    "- **Where peers differ:** the CIS benchmark and kube-bench fail "
	    "any\n"
	    "  AlwaysAdmit at the same level; the plugin cannot override "
	    "another\n"
	    "  plugin's refusal, so only the case that leaves no plugin is "
	    "high here.\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

/* list names AlwaysAdmit and no other plugin. */
static bool only_always_admit(const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n;

		p += strspn(p, ", ");
		n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n && (n != 11 || strncmp(p, "AlwaysAdmit", 11) != 0))
			return false;
		p += strcspn(p, ",");
	}
	return true;
}

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	/* string slices: every occurrence of each flag counts */
	const struct cp_flag *legacy =
	    cp_list_flag(p, "admission-control", "AlwaysAdmit");
	const struct cp_flag *f =
	    cp_list_flag(p, "enable-admission-plugins", "AlwaysAdmit");

	if (legacy) {
		*at = legacy;
		*why = !p->opaque && only_always_admit(
					 cp_list_all(p, a, "admission-control"))
			   ? "--admission-control=AlwaysAdmit replaces every "
			     "admission plugin: nothing is refused at "
			     "admission"
			   : "the deprecated AlwaysAdmit plugin is enabled "
			     "(it refuses nothing; the other plugins still "
			     "refuse)";
		return true;
	}
	if (f) {
		*at = f;
		*why = "the deprecated AlwaysAdmit plugin is enabled (it "
		       "refuses nothing; the other plugins still refuse)";
		return true;
	}
	return false;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	size_t before = out->n, i;
	int rc = cp_report(s, &check_apiserver_always_admit,
			   CP_BIT(CP_APISERVER), judge, out);

	/* only the legacy list of AlwaysAdmit alone turns admission off */
	for (i = before; i < out->n; i++)
		if (!strstr(out->v[i]->message, "replaces every"))
			out->v[i]->severity = SEV_LOW;
	return rc;
}
