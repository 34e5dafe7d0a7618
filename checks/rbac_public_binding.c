/* rbac-public-binding: grants to anonymous, all users or all pods. */
#include "check.h"

#include <string.h>

#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9029", "MS-TA9019", NULL };
static const char *const attack[] = { "T1613", "T1078.001", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#discovery-roles",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#least-privilege",
	NULL,
};

const struct check check_rbac_public_binding = {
	.id = "rbac-public-binding",
	.title = "Role bound to anonymous, every user or every service "
		 "account",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "system:anonymous and system:unauthenticated are whoever "
	    "reaches the API server without credentials; "
	    "system:authenticated is every user and every pod's service "
	    "account; system:serviceaccounts[:NS] is every pod. A binding "
	    "to them hands its role to anyone with network access or a "
	    "foothold in any pod. The bootstrap bindings (discovery, "
	    "basic-user, public-info-viewer) are expected and not "
	    "reported; any other is. Critical when the role grants a "
	    "permission of the dangerous catalogue or when no "
	    "credentials are needed.",
	.remediation =
	    "Bind the role to the users, groups or service accounts that "
	    "need it; disable anonymous authentication "
	    "(--anonymous-auth=false) where it is not required.",
	.references = references,
	.run = run,
};

static const char *who(const struct rbac_subject *s)
{
	if (!strcmp(s->name, "system:anonymous") ||
	    !strcmp(s->name, "system:unauthenticated"))
		return "anyone, without credentials";
	if (!strcmp(s->name, "system:authenticated"))
		return "every user and service account";
	if (!strcmp(s->name, "system:serviceaccounts"))
		return "every service account";
	return "every service account of the namespace";
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
	if (!rbac_subject_is_public(sj))
		return;
	p = rbac_perm_any(b->role, b->ns, b->cluster);
	fd = finding_add(out, &check_rbac_public_binding, b->obj, NULL,
			 "%s (%s) is bound to %s %s through %s "
			 "%s%s%s",
			 rbac_subject_text(out->arena, sj), who(sj),
			 b->role_kind, b->role_name, b->obj->kind, b->obj->name,
			 p ? ", which can " : "",
			 p ? rbac_perm_granted(out->arena, b->role, p, b->ns,
					       b->cluster, false)
			   : "");
	rbac_grant_evidence(out, fd, b, sj, NULL);
	fd->severity =
	    p || strstr(who(sj), "without") ? SEV_CRITICAL : SEV_HIGH;
}

/* a dangling binding is reported too: it grants once the role appears */
static const struct rbac_walk walk = {
	.flags = RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_RULES,
	.fn = judge,
};

static int run(const struct scan *s, struct findings *out)
{
	rbac_each_grant(s->rbac, &walk, NULL, out);
	return 0;
}
