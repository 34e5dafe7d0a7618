/*
 * rbac-delete-data: bindings that let a subject delete namespaces,
 * PersistentVolumes, or PersistentVolumeClaims across the cluster.
 */
#include "check.h"

#include <stddef.h>

#include "finding.h"
#include "inventory.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9038", NULL };
static const char *const attack[] = { "T1485", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Data%20destruction/",
	"https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
	"#reclaiming",
	NULL,
};

const struct check check_rbac_delete_data = {
	.id = "rbac-delete-data",
	.title = "Subject can delete namespaces or persistent storage",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Deleting a namespace deletes everything in it; deleting a "
	    "PersistentVolume, or the claim of a volume whose reclaim "
	    "policy is Delete, destroys the data behind it.  A stolen token "
	    "with these verbs is enough for sabotage or ransom.  Reported "
	    "for delete or deletecollection on namespaces and "
	    "persistentvolumes granted by any non-bootstrap binding (high), "
	    "and on persistentvolumeclaims granted in every namespace by a "
	    "ClusterRoleBinding (medium).  Deleting claims inside one's own "
	    "namespace is part of the built-in edit and admin roles and is "
	    "not reported.  Full-wildcard rules are left to rbac-wildcard.",
	.remediation =
	    "Keep delete on namespaces and persistentvolumes to cluster "
	    "administrators, bind claim deletion per namespace, and protect "
	    "important volumes with reclaimPolicy Retain and backups.",
	.details =
	    "- **Looks at:** delete or deletecollection on `namespaces` or\n"
	    "  `persistentvolumes` through any non-bootstrap binding (high), "
	    "and on\n"
	    "  `persistentvolumeclaims` through a ClusterRoleBinding, in every "
	    "namespace\n"
	    "  (medium).\n"
	    "- **Silent for:** deleting claims in one namespace, which the "
	    "built-in\n"
	    "  `edit` and `admin` roles allow; full wildcards, which "
	    "rbac-wildcard\n"
	    "  reports.\n",
	.fix = "rules:\n"
	       "  - apiGroups: [\"\"]\n"
	       "    resources: [persistentvolumeclaims]\n"
	       "    verbs: [get, list, watch, create]\n",
	.references = references,
	.run = run,
};

static const struct rbac_perm_req destroy_req[] = {
	{ "delete", "", "namespaces" },
	{ "deletecollection", "", "namespaces" },
	{ "delete", "", "persistentvolumes" },
	{ "deletecollection", "", "persistentvolumes" },
};

static const struct rbac_perm_req claims_req[] = {
	{ "delete", "", "persistentvolumeclaims" },
	{ "deletecollection", "", "persistentvolumeclaims" },
};

static const struct rbac_perm destroy = {
	.id = "delete-data",
	.what = "delete namespaces or PersistentVolumes",
	.any = destroy_req,
	.nany = sizeof(destroy_req) / sizeof(destroy_req[0]),
};

static const struct rbac_perm claims = {
	.id = "delete-claims",
	.what = "delete PersistentVolumeClaims in every namespace",
	.cluster_scoped = true,
	.any = claims_req,
	.nany = sizeof(claims_req) / sizeof(claims_req[0]),
};

/* Which permission the current binding grants, for fn. */
struct walk_ctx {
	const struct escal *escal; /* folds effective cluster-admins */
	const struct rbac_perm *perm;
	enum severity sev;
};

static const struct rbac_rule *rule_of(const struct rbac *r,
				       const struct rbac_binding *b, void *ctx)
{
	struct walk_ctx *w = ctx;
	const struct rbac_rule *rule;

	(void)r;
	if ((rule =
		 rbac_perm_rule(b->role, &destroy, b->ns, b->cluster, true))) {
		w->perm = &destroy;
		w->sev = SEV_HIGH;
	} else if ((rule = rbac_perm_rule(b->role, &claims, b->ns, b->cluster,
					  true))) {
		w->perm = &claims;
		w->sev = SEV_MEDIUM;
	}
	return rule;
}

static void report(struct findings *out, const struct rbac *r,
		   const struct rbac_grant *g, void *ctx)
{
	const struct walk_ctx *w = ctx;
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	struct finding *fd;

	(void)r;
	int pid = -1;

	if (sj->kind == RBAC_OTHER ||
	    (sj->kind == RBAC_SERVICEACCOUNT && !sj->user))
		return;
	/* an effective cluster-admin is said once, by the escalation checks */
	if (w->escal && escal_owner(w->escal, sj, &pid) != ESC_OWNER_NONE)
		return;
	fd =
	    finding_add(out, &check_rbac_delete_data, b->obj, NULL,
			"%s can %s through %s %s (%s %s)",
			rbac_subject_text(out->arena, sj), w->perm->what,
			b->obj->kind, b->obj->name, b->role_kind, b->role_name);
	fd->severity = w->sev;
	rbac_grant_evidence(out, fd, b, sj, g->rule);
}

static const struct rbac_walk walk = {
	.flags = RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_ROLE,
	.rule_of = rule_of,
	.fn = report,
};

static int run(const struct scan *s, struct findings *out)
{
	struct walk_ctx w = { s->escal, NULL, SEV_NONE };

	if (s->rbac)
		rbac_each_grant(s->rbac, &walk, &w, out);
	return 0;
}
