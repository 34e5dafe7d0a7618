/*
 * rbac-delete-data: bindings that let a subject delete namespaces,
 * PersistentVolumes, or PersistentVolumeClaims across the cluster.
 */
#include "check.h"

#include <stddef.h>

#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "analysis/rbac_perm_report.h"
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
	    "persistentvolumes granted by a non-bootstrap "
	    "ClusterRoleBinding (high), for delete on the namespace a "
	    "RoleBinding sits in (high: the API server asks a request on "
	    "namespace N in namespace N, so a RoleBinding there can grant "
	    "it, though no other namespace and no PersistentVolume, which "
	    "have none), "
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
	    "  `persistentvolumes` through a non-bootstrap ClusterRoleBinding "
	    "(high);\n"
	    "  delete on its own namespace through a RoleBinding (high), the "
	    "one\n"
	    "  namespace and the only such object a RoleBinding can grant; "
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

/* Only a ClusterRoleBinding grants these: their requests name no namespace. */
static const struct rbac_perm destroy = {
	.id = "delete-data",
	.what = "delete namespaces or PersistentVolumes",
	.cluster_scoped = true,
	.any = destroy_req,
	.nany = sizeof(destroy_req) / sizeof(destroy_req[0]),
};

/*
 * The API server puts a request on namespace N in namespace N, so a
 * RoleBinding there may grant delete on that one namespace; .ns and .name
 * are filled in with the binding's namespace.
 */
static const struct rbac_perm_req own_req[] = {
	{ "delete", "", "namespaces" },
};

static const struct rbac_perm own_namespace = {
	.id = "delete-data",
	.what = "delete its own namespace",
	.any = own_req,
	.nany = sizeof(own_req) / sizeof(own_req[0]),
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
	bool wild; /* the binding's rule is "*" on "*": rbac-wildcard's */
	struct rbac_perm own; /* own_namespace for the current RoleBinding */
};

static const struct rbac_rule *rule_of(const struct rbac *r,
				       const struct rbac_binding *b, void *ctx)
{
	struct walk_ctx *w = ctx;
	const struct rbac_rule *rule;

	(void)r;
	w->perm = &destroy;
	w->sev = SEV_HIGH;
	w->wild = false;
	if ((rule = rbac_perm_rule(b->role, &destroy, b->ns, b->cluster, true)))
		return rule;
	if (!b->cluster && b->ns && *b->ns) {
		w->own = own_namespace;
		w->own.ns = b->ns;
		w->own.name = b->ns;
		w->perm = &w->own;
		if ((rule =
			 rbac_perm_rule(b->role, &w->own, b->ns, false, true)))
			return rule;
	}
	w->perm = &claims;
	w->sev = SEV_MEDIUM;
	if ((rule = rbac_perm_rule(b->role, &claims, b->ns, b->cluster, true)))
		return rule;
	/* found, and folded into the wildcard's finding */
	w->wild = true;
	if ((rule =
		 rbac_perm_rule(b->role, &destroy, b->ns, b->cluster, false)) ||
	    (!b->cluster && b->ns && *b->ns &&
	     (rule = rbac_perm_rule(b->role, &w->own, b->ns, false, false))))
		return rule;
	return rbac_perm_rule(b->role, &claims, b->ns, b->cluster, false);
}

static void report(struct findings *out, const struct rbac *r,
		   const struct rbac_grant *g, void *ctx)
{
	const struct walk_ctx *w = ctx;
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	struct finding *fd;

	(void)r;
	if (sj->kind == RBAC_OTHER ||
	    (sj->kind == RBAC_SERVICEACCOUNT && !sj->user) ||
	    rbac_grant_folded(out, &check_rbac_delete_data, w->escal, sj, b,
			      w->wild))
		return;
	if (w->perm == &w->own)
		fd = finding_add(
		    out, &check_rbac_delete_data, b->obj, NULL,
		    "%s can delete namespace %s, and everything in "
		    "it, through %s %s (%s %s)",
		    rbac_subject_text(out->arena, sj), b->ns, b->obj->kind,
		    b->obj->name, b->role_kind, b->role_name);
	else
		fd = finding_add(out, &check_rbac_delete_data, b->obj, NULL,
				 "%s can %s through %s %s (%s %s)",
				 rbac_subject_text(out->arena, sj),
				 w->perm->what, b->obj->kind, b->obj->name,
				 b->role_kind, b->role_name);
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
	struct walk_ctx w = { s->escal, NULL, SEV_NONE, false, own_namespace };

	if (s->rbac)
		rbac_each_grant(s->rbac, &walk, &w, out);
	return 0;
}
