/*
 * rbac-unbound-role: a Role or ClusterRole with dangerous rules that no
 * binding in the input uses.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"
#include "sbuf.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", "T1098.006", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#default-roles-and-role-bindings",
	NULL,
};

const struct check check_rbac_unbound_role = {
	.id = "rbac-unbound-role",
	.title = "Role with dangerous rules that no binding uses",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Helm charts and operator bundles ship their Roles and "
	    "ClusterRoles in one file and their bindings in another, or "
	    "create the bindings at run time: a role that grants "
	    "exec, Secrets, workload creation, bind, escalate or "
	    "impersonate, token requests, CSR approval, admission webhook "
	    "writes, nodes/proxy or \"*\" is a grant waiting for a "
	    "subject. Unbound, it harms nobody yet, so the severity is "
	    "lower than the bound grant's: medium when it hands over the "
	    "cluster (\"*\" on \"*\", bind or escalate, impersonate, CSR "
	    "approval, webhooks, nodes/proxy), low otherwise. On a live "
	    "cluster or a snapshot, where every binding was read, the role "
	    "is unused: low, and the fix is to delete it. The roles every "
	    "cluster ships (labelled kubernetes.io/bootstrapping="
	    "rbac-defaults, named system:*, cluster-admin, admin, edit, "
	    "view) and roles whose rules are gathered into a bound "
	    "aggregated ClusterRole are not reported.",
	.remediation =
	    "Narrow the role to the verbs and resources its subject needs "
	    "before binding it (no \"*\", resourceNames for Secrets), or "
	    "delete it when nothing binds it.",
	.references = references,
	.run = run,
};

/* Permissions worth a finding on a role, worst first; the first
 * RBAC_TAKEOVER of them hand over the cluster. */
static const enum rbac_perm_id reported[] = {
	RBAC_PERM_WILDCARD,	    RBAC_PERM_ESCALATE,
	RBAC_PERM_CSR_APPROVE,	    RBAC_PERM_WEBHOOKS,
	RBAC_PERM_NODES_PROXY,	    RBAC_PERM_SA_TOKEN,
	RBAC_PERM_READ_SECRETS,	    RBAC_PERM_EXEC,
	RBAC_PERM_CREATE_WORKLOADS,
};
#define NREPORTED     (sizeof(reported) / sizeof(reported[0]))
#define RBAC_TAKEOVER 5

static bool shipped_name(const char *name)
{
	static const char *const names[] = {
		"cluster-admin",
		"admin",
		"edit",
		"view",
		"extension-apiserver-authentication-reader",
		NULL,
	};
	const char *const *n;

	if (!strncmp(name, "system:", 7))
		return true;
	for (n = names; *n; n++)
		if (!strcmp(*n, name))
			return true;
	return false;
}

/* A bootstrap role: the label alone can be forged, the name cannot be
 * chosen freely without showing. */
static bool is_shipped(const struct rbac_role *r)
{
	return r->is_default && shipped_name(r->name);
}

/* Rules aggregated into another ClusterRole are used through it. */
static bool aggregated_away(const struct kobj *o)
{
	size_t i;
	const char *k;
	const struct node *v;

	for (i = 0; node_member_at(o->labels, i, &k, &v); i++)
		if (!strncmp(k, "rbac.authorization.k8s.io/aggregate-to-",
			     39) &&
		    node_str_eq(v, "true"))
			return true;
	return false;
}

/* Mark every role a binding names, and the roles aggregated into it. */
static void mark_used(const struct rbac *r, bool *used)
{
	const struct rbac_binding *const *bv;
	const struct rbac_role *const *rv;
	size_t n, i, k;

	bv = rbac_bindings(r, &n);
	for (i = 0; i < n; i++) {
		const struct rbac_role *role = bv[i]->role;
		if (!role)
			continue;
		used[role->id] = true;
		for (k = 0; k < role->nrules; k++)
			used[role->rules[k]->origin->id] = true;
	}
	/*
	 * The same role given twice (two variants of one install in the
	 * scanned files) is one object in the cluster, bound or not as a
	 * whole: a binding names it, whichever copy it resolved to.
	 */
	rv = rbac_roles(r, &n);
	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++) {
			const struct rbac_role *first = rbac_find_role(
			    r, rv[i]->cluster ? "ClusterRole" : "Role",
			    rv[i]->ns, rv[i]->name);
			if (!first || first == rv[i])
				continue;
			if (k == 0)
				used[first->id] |= used[rv[i]->id];
			else
				used[rv[i]->id] = used[first->id];
		}
}

static void report(const struct scan *s, struct findings *out,
		   const struct rbac_role *role, bool complete)
{
	const struct rbac_rule *first = NULL;
	struct sbuf what = SBUF_INIT;
	struct finding *fd;
	size_t i, worst = NREPORTED;

	for (i = 0; i < NREPORTED; i++) {
		const struct rbac_perm *p = &rbac_perms[reported[i]];
		const struct rbac_rule *rule =
		    rbac_perm_rule(role, p, role->ns, role->cluster, false);
		if (!rule)
			continue;
		if (worst == NREPORTED) {
			worst = i;
			first = rule;
		}
		if ((what.len && sbuf_adds(&what, ", ")) ||
		    sbuf_adds(&what,
			      rbac_perm_granted(out->arena, role, p, role->ns,
						role->cluster, false)))
			oom();
		if (reported[i] == RBAC_PERM_WILDCARD)
			break; /* the rest is implied */
	}
	(void)s;
	if (worst < NREPORTED) {
		fd = finding_add(
		    out, &check_rbac_unbound_role, role->obj, NULL,
		    "%s %s grants dangerous permissions (%s) but %s",
		    role->cluster ? "ClusterRole" : "Role", role->name,
		    what.buf,
		    complete ? "no binding uses it: it is unused"
			     : "is not bound in what was scanned");
		fd->severity =
		    !complete && worst < RBAC_TAKEOVER ? SEV_MEDIUM : SEV_LOW;
		if (first->origin == role)
			finding_evidence(out, fd, first->at,
					 arena_printf(out->arena, "rules[%zu]",
						      first->index),
					 "%s",
					 rbac_rule_text(out->arena, first));
		else /* gathered from another ClusterRole */
			finding_evidence(
			    out, fd,
			    node_get(role->obj->root, "aggregationRule"),
			    "aggregationRule", "ClusterRole %s rules[%zu]: %s",
			    first->origin->name, first->index,
			    rbac_rule_text(out->arena, first));
	}
	sbuf_release(&what);
}

static int run(const struct scan *s, struct findings *out)
{
	const struct rbac_role *const *rv;
	bool *used, complete;
	size_t n, i;

	if (!s->rbac)
		return 0;
	complete = s->meta.source && (!strcmp(s->meta.source, "live") ||
				      !strcmp(s->meta.source, "snapshot"));
	rv = rbac_roles(s->rbac, &n);
	used = calloc(n ? n : 1, sizeof(*used));
	if (!used)
		oom();
	mark_used(s->rbac, used);
	for (i = 0; i < n; i++) {
		const struct rbac_role *role = rv[i];
		if (used[role->id] || is_shipped(role) ||
		    (role->cluster && aggregated_away(role->obj)))
			continue;
		report(s, out, role, complete);
	}
	free(used);
	return 0;
}
