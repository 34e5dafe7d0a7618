/* rbac-dangling-binding: bindings to roles or service accounts not there. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/rbac.h"
#include "scan.h"
#include "strmap.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1098.006", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#rolebinding-and-clusterrolebinding",
	NULL,
};

const struct check check_rbac_dangling_binding = {
	.id = "rbac-dangling-binding",
	.title = "Binding to a role or service account that does not exist",
	.severity = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The API server accepts bindings whose role or service "
	    "account does not exist yet. Whoever later creates a role "
	    "with that name gets to decide what the binding's subjects "
	    "may do, and whoever creates a service account with that "
	    "name inherits the binding: a quiet way to plant or take "
	    "over privileges. Missing built-in ClusterRoles (system:*, "
	    "cluster-admin, admin, edit, view) are reported only when "
	    "the input holds the bootstrap roles, and a missing service "
	    "account only when the input holds service accounts of its "
	    "namespace, so partial manifests do not flood the report.",
	.remediation =
	    "Delete bindings left behind by removed roles and service "
	    "accounts, or restore what they name.",
	.references = references,
	.run = run,
};

/* What the subject walk needs beside the engine. */
struct walk_ctx {
	const struct scan *s;
	struct strmap sa_ns; /* namespaces with a ServiceAccount in the input */
};

static bool builtin_name(const char *name)
{
	return !strncmp(name, "system:", 7) || !strcmp(name, "cluster-admin") ||
	       !strcmp(name, "admin") || !strcmp(name, "edit") ||
	       !strcmp(name, "view");
}

/* The input carries the cluster's bootstrap roles (a live scan, a dump). */
static bool has_bootstrap(const struct scan *s)
{
	const struct rbac_role *const *rv;
	size_t n, i;

	rv = rbac_roles(s->rbac, &n);
	for (i = 0; i < n; i++)
		if (rv[i]->cluster && rv[i]->is_default && !rv[i]->implied)
			return true;
	return false;
}

/* Namespaces whose ServiceAccounts were collected, into m. */
static void sa_namespaces(const struct scan *s, struct strmap *m)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "ServiceAccount", &n);
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(v[i]);
		strmap_put(m, ns, strlen(ns), (void *)v[i]);
	}
}

static void missing_role(const struct rbac_binding *b, bool boot,
			 struct findings *out)
{
	struct finding *fd;

	if (b->role || b->bad_ref || !b->role_name)
		return;
	if (!strcmp(b->role_kind, "ClusterRole") &&
	    builtin_name(b->role_name) && !boot)
		return;
	fd =
	    finding_add(out, &check_rbac_dangling_binding, b->obj, NULL,
			"%s %s grants %s %s%s%s, which does not exist: whoever "
			"creates it decides what %zu subject(s) may do",
			b->obj->kind, b->obj->name, b->role_kind,
			b->cluster || strcmp(b->role_kind, "Role") ? "" : b->ns,
			b->cluster || strcmp(b->role_kind, "Role") ? "" : "/",
			b->role_name, b->nsubjects);
	finding_evidence(out, fd, node_get(b->role_ref, "name"), "roleRef.name",
			 "%s %s", b->role_kind, b->role_name);
}

/* A service account subject that is not there (the RBAC engine walks). */
static void missing_sa(struct findings *out, const struct rbac *r,
		       const struct rbac_grant *g, void *ctx)
{
	const struct walk_ctx *wc = ctx;
	const struct scan *s = wc->s;
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	struct finding *fd;
	char path[48];

	(void)r;
	if (sj->kind != RBAC_SERVICEACCOUNT || !sj->user ||
	    !strcmp(sj->name, "default") ||
	    !strmap_get(&wc->sa_ns, sj->ns, strlen(sj->ns)) ||
	    inventory_find(s->inv, "ServiceAccount", sj->ns, sj->name))
		return;
	fd = finding_add(out, &check_rbac_dangling_binding, b->obj, NULL,
			 "%s %s binds ServiceAccount %s/%s, which does "
			 "not exist: whoever creates it inherits %s %s",
			 b->obj->kind, b->obj->name, sj->ns, sj->name,
			 b->role_kind ? b->role_kind : "?",
			 b->role_name ? b->role_name : "?");
	fmt_snprintf(path, sizeof(path), "subjects[%zu]", sj->index);
	finding_evidence(out, fd, sj->at, path, "ServiceAccount %s/%s", sj->ns,
			 sj->name);
}

/* every binding, its role there or not */
static const struct rbac_walk subjects = {
	.fn = missing_sa,
};

static int run(const struct scan *s, struct findings *out)
{
	const struct rbac_binding *const *bv;
	struct walk_ctx wc = { .s = s };
	size_t n, i;
	bool boot;

	sa_namespaces(s, &wc.sa_ns);
	boot = has_bootstrap(s);
	bv = rbac_bindings(s->rbac, &n);
	for (i = 0; i < n; i++)
		missing_role(bv[i], boot, out);
	rbac_each_grant(s->rbac, &subjects, &wc, out);
	strmap_release(&wc.sa_ns);
	return 0;
}
