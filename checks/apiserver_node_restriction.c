/* apiserver-node-restriction: the NodeRestriction admission plugin is off. */
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

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"admission-controllers/#noderestriction",
	NULL,
};

const struct check check_apiserver_node_restriction = {
	.id = "apiserver-node-restriction",
	.title = "API server does not restrict kubelets to their own node",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The Node authorizer lets a kubelet read what its pods need; "
	    "the NodeRestriction admission plugin stops it from writing "
	    "other nodes' objects: their labels (so it cannot attract "
	    "workloads with node-restriction.kubernetes.io labels), their "
	    "status, and mirror pods bound to other nodes. Without it a "
	    "single stolen kubelet credential (any node, any container "
	    "escape) modifies every Node and Pod object of the cluster.",
	.remediation =
	    "Add NodeRestriction to --enable-admission-plugins (kubeadm "
	    "enables it) and keep Node in --authorization-mode.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: kube-apiserver\n"
	       "    command:\n"
	       "    - kube-apiserver\n"
	       "    - --enable-admission-plugins=NodeRestriction\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	/* string slices: every occurrence of each flag counts */
	const struct cp_flag *dis =
	    cp_list_flag(p, "disable-admission-plugins", "NodeRestriction");

	(void)a;
	if (dis) {
		*at = dis;
		*why = "NodeRestriction is disabled: a kubelet may modify "
		       "other nodes and their pods";
		return true;
	}
	if (cp_list_flag(p, "enable-admission-plugins", "NodeRestriction") ||
	    cp_list_flag(p, "admission-control", "NodeRestriction"))
		return false;
	/* a hidden occurrence may enable it */
	if (p->opaque)
		return false;
	*at = cp_flag(p, "enable-admission-plugins");
	if (!*at)
		*at = cp_flag(p, "admission-control");
	*why = "NodeRestriction is not an enabled admission plugin: a kubelet "
	       "may modify other nodes and their pods";
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_apiserver_node_restriction,
			 CP_BIT(CP_APISERVER), judge, out);
}
