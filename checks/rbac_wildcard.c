/* rbac-wildcard: `*` on `*` granted inside a namespace. */
#include "check.h"

#include <string.h>

#include "finding.h"
#include "inventory.h"
#include "analysis/escalation.h"
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

static const struct rbac_rule *
wildcard_rule(const struct rbac *r, const struct rbac_binding *b, void *ctx)
{
	(void)r;
	(void)ctx;
	if (b->role->cluster && !strcmp(b->role->name, "cluster-admin"))
		return NULL;
	return rbac_perm_rule(b->role, &rbac_perms[RBAC_PERM_WILDCARD], b->ns,
			      false, false);
}

static void judge(struct findings *out, const struct rbac *r,
		  const struct rbac_grant *g, void *ctx)
{
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	char key[RBAC_SUBJECT_KEY];
	struct finding *fd;
	int pid;

	(void)r;
	if (sj->kind == RBAC_OTHER)
		return;
	rbac_subject_key(key, sj);
	/* folded into the subject's rbac-cluster-admin-equivalent finding */
	if (ctx && escal_owner(ctx, sj, &pid) != ESC_OWNER_NONE) {
		finding_fold(out, &check_rbac_wildcard, key, NULL);
		return;
	}
	fd = finding_add(out, &check_rbac_wildcard, b->obj, NULL,
			 "%s can do anything in namespace %s "
			 "through RoleBinding %s (%s %s)",
			 rbac_subject_text(out->arena, sj),
			 *b->ns ? b->ns : "(unspecified)", b->obj->name,
			 b->role_kind, b->role_name);
	rbac_grant_evidence(out, fd, b, sj, g->rule);
	finding_fold_into(out, fd, key, true);
}

static const struct rbac_walk walk = {
	.flags =
	    RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_ROLE | RBAC_EACH_NAMESPACED,
	.rule_of = wildcard_rule,
	.fn = judge,
};

static int run(const struct scan *s, struct findings *out)
{
	rbac_each_grant(s->rbac, &walk, s->escal, out);
	return 0;
}
