/* rbac-delete-events: one entry of the catalogue in lib/rbac_perm.c. */
#include "check.h"

#include "analysis/rbac_perm_report.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9022", NULL };
static const char *const attack[] = { "T1070", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Delete%20K8S%20events/",
	NULL,
};

const struct check check_rbac_delete_events = {
	.id = "rbac-delete-events",
	.title = "Subject can delete events",
	.severity = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "delete or deletecollection on events (core or events.k8s.io) "
	    "lets a subject erase the record of what it did, such as pods "
	    "it started or failed access it caused. Medium: it hides an "
	    "attack rather than enabling one.",
	.remediation =
	    "Grant delete on events only to components that "
	    "garbage-collect them; ship events to storage outside the "
	    "cluster.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return rbac_perm_report(s, &check_rbac_delete_events,
				RBAC_PERM_DELETE_EVENTS, out);
}
