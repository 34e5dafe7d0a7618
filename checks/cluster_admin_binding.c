/* cluster-admin-binding: cluster-admin granted beyond the bootstrap default. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/rbac.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run_cluster_admin(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", "T1098.006", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#user-facing-roles",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Cluster-admin%20binding/",
	NULL,
};

const struct check check_cluster_admin_binding = {
	.id = "cluster-admin-binding",
	.title = "cluster-admin bound to a non-default subject",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The cluster-admin ClusterRole allows every verb on every "
	    "resource.  Out of the box only the group system:masters "
	    "holds it (ClusterRoleBinding 'cluster-admin'), and that "
	    "group bypasses authorization anyway, so it is not reported "
	    "wherever it is bound.  Every other subject bound to it is a "
	    "standing full-cluster credential (Cluster-admin binding, "
	    "MS-TA9019, T1078.003; T1098.006 when an attacker adds it).  "
	    "High through a ClusterRoleBinding; critical when the subject "
	    "is a service account (its token lives in pods) or a group "
	    "that everybody is in (system:authenticated, "
	    "system:unauthenticated, system:serviceaccounts); medium "
	    "through a RoleBinding, which grants full control of that one "
	    "namespace only, its Secrets included.  Only roleRef kind "
	    "ClusterRole with name cluster-admin counts: a namespaced "
	    "Role that happens to be called cluster-admin is a different "
	    "object.",
	.remediation =
	    "Bind narrower roles (admin, edit, view or custom ones) and "
	    "scope them with RoleBindings; keep break-glass cluster-admin "
	    "access in system:masters certificates kept offline, and "
	    "review who can create ClusterRoleBindings.",
	.details = "- **Severity:** high for a ClusterRoleBinding; critical "
		   "when the subject is\n"
		   "  a ServiceAccount (its token lives in pods) or a group "
		   "everyone belongs to\n"
		   "  (`system:authenticated`, `system:unauthenticated`,\n"
		   "  `system:serviceaccounts[:ns]`, or the user "
		   "`system:anonymous`); medium for\n"
		   "  a RoleBinding, which grants full control of one "
		   "namespace only (its\n"
		   "  Secrets included) and says \"namespace-scoped\".\n"
		   "- **Techniques:** MS-TA9019 Cluster-admin binding; ATT&CK "
		   "T1078.003,\n"
		   "  T1098.006.\n"
		   "- **Looks at:** ClusterRoleBindings and RoleBindings whose "
		   "`roleRef` has\n"
		   "  kind `ClusterRole` **and** name `cluster-admin`. A Role "
		   "that happens to be\n"
		   "  called `cluster-admin` is another object and is not "
		   "matched (matching by\n"
		   "  name only is a known mistake of other tools). One "
		   "finding per subject,\n"
		   "  evidence `subjects[i]`.\n"
		   "- **Default:** the group `system:masters` is never "
		   "reported: it is the\n"
		   "  bootstrap subject of the `cluster-admin` "
		   "ClusterRoleBinding and bypasses\n"
		   "  authorization anyway. Any other subject, even one added "
		   "to that bootstrap\n"
		   "  binding, is reported. The bootstrap RBAC of a fresh API "
		   "server gives no\n"
		   "  finding.\n"
		   "- **Remediation:** bind narrower roles (admin, edit, view "
		   "or custom) with\n"
		   "  RoleBindings; keep break-glass access in offline "
		   "`system:masters`\n"
		   "  credentials; review who may create ClusterRoleBindings.\n"
		   "- **False positives:** some installers bind cluster-admin "
		   "to their own\n"
		   "  service account; it is still a standing full-cluster "
		   "credential worth an\n"
		   "  explicit exception.\n",
	.references = references,
	.run = run_cluster_admin,
};

/* Groups every authenticated (or any) caller belongs to. */
static bool broad_subject(const char *kind, const char *name)
{
	if (!strcmp(kind, "Group"))
		return !strcmp(name, "system:authenticated") ||
		       !strcmp(name, "system:unauthenticated") ||
		       !strncmp(name, "system:serviceaccounts", 22);
	return !strcmp(kind, "User") && !strcmp(name, "system:anonymous");
}

static void judge(const struct kobj *b, bool cluster, struct findings *out)
{
	const struct node *roleref = node_get(b->root, "roleRef");
	const struct node *subjects = node_get(b->root, "subjects");
	size_t i;

	if (!node_str_eq(node_get(roleref, "kind"), "ClusterRole") ||
	    !node_str_eq(node_get(roleref, "name"), "cluster-admin"))
		return;
	for (i = 0; i < node_count(subjects); i++) {
		const struct node *sub = node_at(subjects, i);
		const char *kind = node_get_str(sub, "kind");
		const char *name = node_get_str(sub, "name");
		const char *sns = node_get_str(sub, "namespace");
		char who[512], path[64], key[RBAC_SUBJECT_KEY];
		struct finding *fd;

		if (!kind || !name)
			continue;
		if (!strcmp(kind, "Group") && !strcmp(name, "system:masters"))
			continue;
		if (!strcmp(kind, "ServiceAccount"))
			fmt_snprintf(who, sizeof(who), "ServiceAccount %s/%s",
				     sns	     ? sns
				     : kobj_ns(b)[0] ? kobj_ns(b)
						     : "(unspecified)",
				     name);
		else
			fmt_snprintf(who, sizeof(who), "%s %s", kind, name);
		if (cluster)
			fd = finding_add(
			    out, &check_cluster_admin_binding, b, NULL,
			    "ClusterRoleBinding '%s' grants "
			    "cluster-admin on the whole cluster to %s",
			    b->name, who);
		else
			fd = finding_add(
			    out, &check_cluster_admin_binding, b, NULL,
			    "RoleBinding '%s' grants cluster-admin "
			    "rights in namespace '%s' to %s "
			    "(namespace-scoped)",
			    b->name, kobj_ns(b)[0] ? kobj_ns(b) : "unspecified",
			    who);
		if (!cluster)
			fd->severity = SEV_MEDIUM;
		else if (!strcmp(kind, "ServiceAccount") ||
			 broad_subject(kind, name))
			fd->severity = SEV_CRITICAL;
		else
			fd->severity = SEV_HIGH;
		fmt_snprintf(path, sizeof(path), "subjects[%zu]", i);
		finding_evidence(out, fd, sub, path, "%s", who);
		rbac_subject_key_of(key, kind,
				    sns		    ? sns
				    : kobj_ns(b)[0] ? kobj_ns(b)
						    : NULL,
				    name);
		finding_fold_into(out, fd, key, true);
	}
}

static int run_cluster_admin(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "ClusterRoleBinding", &n);
	for (i = 0; i < n; i++)
		judge(v[i], true, out);
	v = inventory_kind(s->inv, "RoleBinding", &n);
	for (i = 0; i < n; i++)
		judge(v[i], false, out);
	return 0;
}
