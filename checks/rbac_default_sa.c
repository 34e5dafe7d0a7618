/* rbac-default-sa: permissions granted to default service accounts. */
#include "check.h"

#include <string.h>

#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", "T1078.001", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/service-accounts/"
	"#default-service-accounts",
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#service-account-permissions",
	NULL,
};

const struct check check_rbac_default_sa = {
	.id = "rbac-default-sa",
	.title = "Default service account holds permissions",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Every pod that names no service account runs as its "
	    "namespace's default service account, usually with the token "
	    "mounted. Permissions bound to it (as a ServiceAccount, as "
	    "the User system:serviceaccount:NS:default, or through "
	    "system:serviceaccounts:NS, which contains it) reach every "
	    "such pod, including ones deployed later by anyone allowed "
	    "to create pods there. High when a dangerous permission is "
	    "granted this way.",
	.remediation =
	    "Create a dedicated service account per workload and bind "
	    "permissions to it; leave the default service account "
	    "without bindings and set automountServiceAccountToken: "
	    "false on it.",
	.references = references,
	.run = run,
};

/* "system:serviceaccount:NS:default": the account by its username. */
static bool default_username(const char *name)
{
	static const char pre[] = "system:serviceaccount:";
	const char *rest;

	if (strncmp(name, pre, sizeof(pre) - 1))
		return false;
	rest = strchr(name + sizeof(pre) - 1, ':');
	return rest && rest > name + sizeof(pre) - 1 &&
	       !strcmp(rest + 1, "default");
}

static bool includes_default(const struct rbac_subject *s)
{
	if (s->kind == RBAC_SERVICEACCOUNT)
		return s->user && !strcmp(s->name, "default");
	/* the authorizer matches a User subject against the username */
	if (s->kind == RBAC_USER)
		return default_username(s->name);
	return s->kind == RBAC_GROUP &&
	       !strncmp(s->name, "system:serviceaccounts:", 23);
}

static void judge(struct findings *out, const struct rbac *r,
		  const struct rbac_grant *g, void *ctx)
{
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	const struct rbac_perm *p;
	struct finding *fd;

	(void)r;
	(void)ctx;
	if (!includes_default(sj))
		return;
	p = rbac_perm_any(b->role, b->ns, b->cluster);
	fd = finding_add(out, &check_rbac_default_sa, b->obj, NULL,
			 "%s is bound to %s %s through %s %s%s%s",
			 rbac_subject_text(out->arena, sj), b->role_kind,
			 b->role_name, b->obj->kind, b->obj->name,
			 p ? ", which can " : "",
			 p ? rbac_perm_granted(out->arena, b->role, p, b->ns,
					       b->cluster, false)
			   : "");
	rbac_grant_evidence(out, fd, b, sj, NULL);
	fd->severity = p ? SEV_HIGH : SEV_MEDIUM;
}

static const struct rbac_walk walk = {
	.flags =
	    RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_ROLE | RBAC_EACH_WITH_RULES,
	.fn = judge,
};

static int run(const struct scan *s, struct findings *out)
{
	rbac_each_grant(s->rbac, &walk, NULL, out);
	return 0;
}
