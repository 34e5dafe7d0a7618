/* rbac-cluster-admin-equivalent: cluster-wide `*` on `*` through any role. */
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
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Cluster-admin%20binding/",
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#user-facing-roles",
	NULL,
};

const struct check check_rbac_cluster_admin_equivalent = {
	.id = "rbac-cluster-admin-equivalent",
	.title = "Non-system subject holds cluster-admin power through "
		 "another role",
	.severity = SEV_CRITICAL,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A ClusterRoleBinding to any ClusterRole with a rule of verbs, "
	    "apiGroups and resources all \"*\" (written directly or "
	    "gathered by aggregation) is cluster-admin under another "
	    "name: whoever holds it controls every object of the "
	    "cluster. Bindings to the cluster-admin ClusterRole itself "
	    "are reported by cluster-admin-binding; this check finds the "
	    "equivalents a name-based check misses. System components "
	    "(system: users and groups) and the bootstrap bindings are "
	    "left out; system:authenticated and other public groups are "
	    "not.",
	.remediation =
	    "Bind a role that lists the resources and verbs the subject "
	    "needs; keep full control for break-glass accounts only.",
	.references = references,
	.run = run,
};

static const struct rbac_rule *
wildcard_rule(const struct rbac *r, const struct rbac_binding *b, void *ctx)
{
	(void)r;
	(void)ctx;
	if (!strcmp(b->role->name, "cluster-admin"))
		return NULL;
	return rbac_perm_rule(b->role, &rbac_perms[RBAC_PERM_WILDCARD], NULL,
			      true, false);
}

static void judge(struct findings *out, const struct rbac *r,
		  const struct rbac_grant *g, void *ctx)
{
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	struct finding *fd;

	(void)r;
	(void)ctx;
	if (sj->kind == RBAC_OTHER || rbac_subject_is_system(sj) ||
	    (sj->kind == RBAC_SERVICEACCOUNT && !sj->user))
		return;
	fd = finding_add(
	    out, &check_rbac_cluster_admin_equivalent, b->obj, NULL,
	    "%s holds cluster-admin power through "
	    "ClusterRoleBinding %s (ClusterRole %s)",
	    rbac_subject_text(out->arena, sj), b->obj->name, b->role_name);
	rbac_grant_evidence(out, fd, b, sj, g->rule);
}

static const struct rbac_walk walk = {
	.flags = RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_ROLE | RBAC_EACH_CLUSTER,
	.rule_of = wildcard_rule,
	.fn = judge,
};

static int run(const struct scan *s, struct findings *out)
{
	rbac_each_grant(s->rbac, &walk, NULL, out);
	return 0;
}
