/*
 * rbac_perm_report.c - the run function shared by the catalogue checks
 * (rbac-read-secrets, rbac-exec, ...): one finding per grant of one
 * catalogue permission, folded with the escalation graph so a subject that
 * is effectively cluster-admin is said once.
 */
#include "analysis/rbac_perm_report.h"

#include <stdio.h>
#include <string.h>

#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

#define RBAC_API "rbac.authorization.k8s.io"

static const char *scope_text(struct arena *a, const struct rbac_perm *p,
			      const struct rbac_binding *b)
{
	if (p->cluster_scoped)
		return "cluster-wide";
	if (p->ns)
		return arena_printf(a, "in namespace %s", p->ns);
	/* impersonating users or escalating ClusterRoles is no namespace's */
	if (b->cluster)
		return p->ncluster_any ? "cluster-wide" : "in all namespaces";
	if (!*b->ns)
		return "in the binding's (unspecified) namespace";
	return arena_printf(a, "in namespace %s", b->ns);
}

/* The kind of the objects a rule's resource names, or NULL. */
static const char *kind_of(const char *resource)
{
	static const char *const kinds[][2] = {
		{ "pods", "Pod" },
		{ "deployments", "Deployment" },
		{ "daemonsets", "DaemonSet" },
		{ "statefulsets", "StatefulSet" },
		{ "replicasets", "ReplicaSet" },
		{ "cronjobs", "CronJob" },
		{ "replicationcontrollers", "ReplicationController" },
		{ "deploymentconfigs", "DeploymentConfig" },
		{ "rollouts", "Rollout" },
		{ "clonesets", "CloneSet" },
		{ "broadcastjobs", "BroadcastJob" },
		{ "configurations", "Configuration" },
		{ "revisions", "Revision" },
	};
	size_t i, n = strcspn(resource, "/");

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i][0]) == n &&
		    !strncmp(resource, kinds[i][0], n))
			return kinds[i][1];
	return NULL;
}

/*
 * " (only Pod a, b)" for a rule restricted by resourceNames: the kind of
 * its resources when they are of one, the first few names, and how many
 * more.
 */
static const char *names_text(struct arena *a, const struct rbac_rule *rule)
{
	const char *text = "", *kind = NULL;
	size_t i, shown = rule->nnames > 4 ? 3 : rule->nnames;

	for (i = 0; i < rule->nresources; i++) {
		const char *k = kind_of(rule->resources[i]);

		if (!k || (kind && strcmp(kind, k))) {
			kind = NULL;
			break;
		}
		kind = k;
	}
	for (i = 0; i < shown; i++)
		text = arena_printf(a, "%s%s%s", text, i ? ", " : "",
				    rule->names[i]);
	if (shown < rule->nnames)
		text = arena_printf(a, "%s and %zu more", text,
				    rule->nnames - shown);
	if (!kind)
		return arena_printf(a, " (only the objects named %s)", text);
	return arena_printf(a, " (only %s%s %s)", kind,
			    rule->nnames > 1 ? "s" : "", text);
}

/*
 * bind or escalate restricted by resourceNames: dangerous when a named role
 * exists and itself grants a catalogue permission.  *what gets the role.
 */
static const struct rbac_rule *named_escalation(const struct rbac *r,
						const struct rbac_binding *b,
						const char **what)
{
	static const char *const verbs[] = { "bind", "escalate" };
	static const char *const kinds[][2] = {
		{ "clusterroles", "ClusterRole" }, { "roles", "Role" }
	};
	const struct rbac_role *role = b->role;
	size_t i, j, v, k;

	for (i = 0; i < role->nrules; i++) {
		const struct rbac_rule *rule = role->rules[i];
		for (j = 0; j < rule->nnames; j++)
			for (v = 0; v < 2; v++)
				for (k = 0; k < 2; k++) {
					struct rbac_request rq = {
						verbs[v],	RBAC_API,
						kinds[k][0],	b->ns,
						rule->names[j], NULL
					};
					const struct rbac_role *named;
					/* escalate on a ClusterRole is asked
					 * with no namespace */
					if (v == 1 && k == 0 && !b->cluster)
						continue;
					if (!rbac_rule_allows(rule, &rq))
						continue;
					named = rbac_find_role(r, kinds[k][1],
							       b->ns,
							       rule->names[j]);
					if (!named ||
					    !rbac_perm_any(named, b->ns,
							   b->cluster))
						continue;
					*what = named->name;
					return rule;
				}
	}
	return NULL;
}

struct report {
	const struct escal *escal; /* folds effective cluster-admins */
	const struct check *check;
	enum rbac_perm_id pid;
	const char *named; /* the role a named bind or escalate reaches */
	/* exec or a template change limited to the objects this rule names */
	const struct rbac_rule *named_pods;
	/* the binding grants the permission only through "*" on "*" */
	bool wild;
};

/* Some rule of role is "*" on "*" (most are not: no second lookup). */
static bool has_wildcard(const struct rbac_role *role)
{
	size_t i;

	for (i = 0; i < role->nrules; i++)
		if (rbac_rule_is_wildcard(role->rules[i]))
			return true;
	return false;
}

static const struct rbac_rule *
perm_rule(const struct rbac *r, const struct rbac_binding *b, void *ctx)
{
	struct report *rp = ctx;
	const struct rbac_rule *rule;

	rp->named = NULL;
	rp->named_pods = NULL;
	rp->wild = false;
	rule = rbac_perm_rule(b->role, &rbac_perms[rp->pid], b->ns, b->cluster,
			      true);
	if (!rule && rp->pid == RBAC_PERM_ESCALATE)
		rule = named_escalation(r, b, &rp->named);
	if (!rule && (rp->pid == RBAC_PERM_EXEC ||
		      rp->pid == RBAC_PERM_CREATE_WORKLOADS))
		rule = rp->named_pods = rbac_perm_rule_named(
		    b->role, &rbac_perms[rp->pid], b->ns, b->cluster);
	/* "*" on "*" is the wildcard checks' finding: folded into it */
	if (!rule && has_wildcard(b->role) &&
	    (rule = rbac_perm_rule(b->role, &rbac_perms[rp->pid], b->ns,
				   b->cluster, false)))
		rp->wild = true;
	return rule;
}

static void perm_grant(struct findings *out, const struct rbac *r,
		       const struct rbac_grant *g, void *ctx)
{
	const struct report *rp = ctx;
	const struct rbac_perm *p = &rbac_perms[rp->pid];
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	const char *admin, *what;
	enum escal_owner owner;
	struct finding *fd;
	char key[RBAC_SUBJECT_KEY];
	int pid = -1;

	if (!rbac_perm_subject_fits(r, sj, p, b))
		return;
	rbac_subject_key(key, sj);
	if (rp->wild) {
		finding_fold(out, rp->check, key, b->obj);
		return;
	}
	/* said once per subject: here when this permission is the whole
	 * chain, else by rbac-cluster-admin-equivalent */
	owner = rp->escal ? escal_owner(rp->escal, sj, &pid) : ESC_OWNER_NONE;
	if (owner == ESC_OWNER_CHAIN ||
	    (owner == ESC_OWNER_PERM && pid != (int)rp->pid)) {
		finding_fold(out, rp->check, key, NULL);
		return;
	}
	admin = owner == ESC_OWNER_PERM ? ", which makes it effectively "
					  "cluster-admin"
					: "";
	what = rp->named_pods
		   ? rbac_perm_granted_named(out->arena, rp->named_pods, p,
					     b->ns, b->cluster)
		   : rbac_perm_granted(out->arena, b->role, p, b->ns,
				       b->cluster, true);
	if (rp->named)
		fd = finding_add(out, rp->check, b->obj, NULL,
				 "%s can bind or escalate role "
				 "%s, which grants dangerous "
				 "permissions, through %s %s "
				 "(%s %s)%s",
				 rbac_subject_text(out->arena, sj), rp->named,
				 b->obj->kind, b->obj->name, b->role_kind,
				 b->role_name, admin);
	else
		fd = finding_add(out, rp->check, b->obj, NULL,
				 "%s can %s %s%s through %s %s "
				 "(%s %s)%s",
				 rbac_subject_text(out->arena, sj), what,
				 scope_text(out->arena, p, b),
				 rp->named_pods
				     ? names_text(out->arena, rp->named_pods)
				     : "",
				 b->obj->kind, b->obj->name, b->role_kind,
				 b->role_name, admin);
	/*
	 * exec into a few named pods, not every pod of the scope; a named
	 * workload's template still takes any account of the namespace
	 */
	if (rp->named_pods && rp->pid == RBAC_PERM_EXEC)
		fd->severity = SEV_MEDIUM;
	rbac_grant_evidence(out, fd, b, sj, g->rule);
	if (owner == ESC_OWNER_PERM)
		finding_fold_into(out, fd, key, false);
	if (owner == ESC_OWNER_PERM)
		finding_hop(out, fd, b->obj, node_get(b->role_ref, "name"),
			    "roleRef.name", b->role_name,
			    arena_printf(out->arena,
					 "%s %s through %s %s (%s %s)",
					 rbac_subject_text(out->arena, sj),
					 what, b->obj->kind, b->obj->name,
					 b->role_kind, b->role_name));
}

static const struct rbac_walk perm_walk = {
	.flags = RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_ROLE,
	.rule_of = perm_rule,
	.fn = perm_grant,
};

const struct rbac_rule *rbac_perm_rule_wild(const struct rbac_role *role,
					    const struct rbac_perm *p,
					    const char *ns, bool cluster,
					    bool *wild)
{
	const struct rbac_rule *rule =
	    rbac_perm_rule(role, p, ns, cluster, true);

	*wild = false;
	if (!rule && has_wildcard(role) &&
	    (rule = rbac_perm_rule(role, p, ns, cluster, false)))
		*wild = true;
	return rule;
}

bool rbac_grant_folded(struct findings *out, const struct check *c,
		       const struct escal *escal, const struct rbac_subject *s,
		       const struct rbac_binding *b, bool wild)
{
	char key[RBAC_SUBJECT_KEY];
	int pid = -1;

	if (wild) {
		finding_fold(out, c, rbac_subject_key(key, s), b->obj);
		return true;
	}
	if (escal && escal_owner(escal, s, &pid) != ESC_OWNER_NONE) {
		finding_fold(out, c, rbac_subject_key(key, s), NULL);
		return true;
	}
	return false;
}

const char *rbac_binding_where(struct arena *a, const struct rbac_binding *b)
{
	if (b->cluster)
		return "in every namespace";
	if (!*b->ns)
		return "in the binding's (unspecified) namespace";
	return arena_printf(a, "in namespace %s", b->ns);
}

struct one_walk {
	const struct rbac_one *one;
	const struct escal *escal;
	bool wild; /* the current binding's rule is "*" on "*" */
};

static const struct rbac_rule *one_rule(const struct rbac *r,
					const struct rbac_binding *b, void *ctx)
{
	struct one_walk *w = ctx;

	(void)r;
	return rbac_perm_rule_wild(b->role, w->one->perm, b->ns, b->cluster,
				   &w->wild);
}

static void one_grant(struct findings *out, const struct rbac *r,
		      const struct rbac_grant *g, void *ctx)
{
	const struct one_walk *w = ctx;
	struct finding *fd;

	if (!rbac_perm_subject_fits(r, g->subject, w->one->perm, g->binding) ||
	    rbac_grant_folded(out, w->one->check, w->escal, g->subject,
			      g->binding, w->wild) ||
	    !(fd = w->one->say(out, r, g)))
		return;
	rbac_grant_evidence(out, fd, g->binding, g->subject, g->rule);
}

static const struct rbac_walk one_walk = {
	.flags = RBAC_EACH_NO_DEFAULT | RBAC_EACH_WITH_ROLE,
	.rule_of = one_rule,
	.fn = one_grant,
};

int rbac_one_report(const struct scan *s, const struct rbac_one *one,
		    struct findings *out)
{
	struct one_walk w = { one, s->escal, false };

	if (s->rbac)
		rbac_each_grant(s->rbac, &one_walk, &w, out);
	return 0;
}

int rbac_perm_report(const struct scan *s, const struct check *c,
		     enum rbac_perm_id pid, struct findings *out)
{
	struct report rp = { .escal = s->escal, .check = c, .pid = pid };

	rbac_each_grant(s->rbac, &perm_walk, &rp, out);
	return 0;
}
