/* rbac-wildcard: `*` on `*` granted inside a namespace. */
#include "check.h"

#include <string.h>

#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#least-privilege",
	NULL,
};

const struct check check_rbac_wildcard = {
	.id = "rbac-wildcard",
	.title = "Subject holds every permission (* on *) in a namespace",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A RoleBinding to a role with verbs, apiGroups and resources "
	    "all \"*\" gives full control of the namespace: its Secrets, "
	    "its pods (exec, create with any service account), its "
	    "RoleBindings, and every resource type added later, custom "
	    "ones included. Grants through ClusterRoleBindings are "
	    "reported by rbac-cluster-admin-equivalent instead, and "
	    "RoleBindings to the cluster-admin ClusterRole itself by "
	    "cluster-admin-binding; the "
	    "catalogue checks skip wildcard rules so one grant yields "
	    "one finding.",
	.remediation =
	    "Replace the wildcard role with the built-in admin or edit "
	    "ClusterRole bound by RoleBinding, or with a role listing the "
	    "resources and verbs the subject uses.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	const struct rbac_perm *p = &rbac_perms[RBAC_PERM_WILDCARD];
	const struct rbac_binding *const *bv;
	size_t n, i, j;

	if (!s->rbac)
		return 0;
	bv = rbac_bindings(s->rbac, &n);
	for (i = 0; i < n; i++) {
		const struct rbac_binding *b = bv[i];
		const struct rbac_rule *rule;
		if (b->cluster || b->is_default || !b->role ||
		    (b->role->cluster &&
		     !strcmp(b->role->name, "cluster-admin")))
			continue;
		rule = rbac_perm_rule(b->role, p, b->ns, false, false);
		for (j = 0; rule && j < b->nsubjects; j++) {
			const struct rbac_subject *sj = &b->subjects[j];
			struct finding *fd;
			if (sj->kind == RBAC_OTHER)
				continue;
			fd = finding_add(
			    out, &check_rbac_wildcard, b->obj, NULL,
			    "%s can do anything in namespace %s "
			    "through RoleBinding %s (%s %s)",
			    rbac_subject_text(out->arena, sj),
			    *b->ns ? b->ns : "(unspecified)", b->obj->name,
			    b->role_kind, b->role_name);
			rbac_grant_evidence(out, fd, b, sj, rule);
		}
	}
	return 0;
}
