#include "analysis/escalation.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "node.h"
#include "analysis/sa_token.h"
#include "analysis/rbac_perm.h"
#include "sbuf.h"
#include "strmap.h"

#define RBAC_API "rbac.authorization.k8s.io"
#define N(a)	 (sizeof(a) / sizeof((a)[0]))
#define INF	 UINT_MAX
#define NONE	 SIZE_MAX

/* Target sets of the steps to a service account. */
enum tset { T_ANY, T_SECRET, T_MOUNTED, T_COUNT };

struct cap {
	enum escal_step step;
	const char *ns; /* NULL cluster-wide */
	struct rbac_grant g;
};

struct enode {
	const struct rbac_subject *s; /* the first subject naming it */
	bool is_sa;
	const char *ns; /* service account namespace */
	struct cap *caps;
	size_t ncaps, alloc;
	unsigned dist; /* hops to the goal, INF unreachable */
	size_t how;    /* index in caps */
	size_t next;   /* target node of a step to an account, or NONE */
	const struct kobj *secret, *pod; /* membership of T_SECRET, T_MOUNTED */
};

struct escal {
	struct enode *v;
	size_t n, alloc;
	struct strmap idx;  /* key -> node index + 1 */
	struct arena *keys; /* the map's keys */
};

static const struct rbac_perm_req imp_ug[] = {
	{ "impersonate", "", "users" },
	{ "impersonate", "", "groups" },
};
static const struct rbac_perm_req imp_sa[] = {
	{ "impersonate", "", "serviceaccounts" },
};
static const struct rbac_perm_req bind_cr[] = {
	{ "bind", RBAC_API, "clusterroles" },
};
static const struct rbac_perm_req create_crb[] = {
	{ "create", RBAC_API, "clusterrolebindings" },
};
static const struct rbac_perm_req escalate_cr[] = {
	{ "escalate", RBAC_API, "clusterroles" },
};
static const struct rbac_perm_req update_cr[] = {
	{ "update", RBAC_API, "clusterroles" },
	{ "patch", RBAC_API, "clusterroles" },
};
/* A validating webhook sees writes but rewrites nothing: not a step. */
static const struct rbac_perm_req mutating[] = {
	{ "create", "admissionregistration.k8s.io",
	  "mutatingwebhookconfigurations" },
	{ "update", "admissionregistration.k8s.io",
	  "mutatingwebhookconfigurations" },
	{ "patch", "admissionregistration.k8s.io",
	  "mutatingwebhookconfigurations" },
};
static const struct rbac_perm_req bind_any[] = {
	{ "bind", RBAC_API, "clusterroles" },
	{ "bind", RBAC_API, "roles" },
};

static const struct rbac_perm p_imp_ug = {
	.id = "impersonate", .cluster_scoped = true, .any = imp_ug, .nany = 2
};
static const struct rbac_perm p_imp_sa = { .id = "impersonate-sa",
					   .any = imp_sa,
					   .nany = 1 };
static const struct rbac_perm p_bind = { .id = "bind",
					 .cluster_scoped = true,
					 .any = bind_cr,
					 .nany = 1,
					 .also = create_crb,
					 .nalso = 1 };
static const struct rbac_perm p_escalate = {
	.id = "escalate", .cluster_scoped = true, .any = escalate_cr, .nany = 1
};
static const struct rbac_perm p_update_cr = { .id = "update-clusterroles",
					      .cluster_scoped = true,
					      .any = update_cr,
					      .nany = 2 };
static const struct rbac_perm p_mutating = { .id = "mutating-webhooks",
					     .cluster_scoped = true,
					     .any = mutating,
					     .nany = 3 };
static const struct rbac_perm p_bind_ns = { .id = "bind-ns",
					    .any = bind_any,
					    .nany = 2 };

static const char *const step_text[ESC_NSTEPS] = {
	[ESC_WILDCARD] = "can do anything (* on *) cluster-wide",
	[ESC_BIND] = "can bind or escalate ClusterRoles (cluster-admin "
		     "included)",
	[ESC_IMPERSONATE] = "can impersonate users and groups "
			    "(system:masters included)",
	[ESC_CSR] = "can approve and sign a client certificate for "
		    "system:masters",
	[ESC_WEBHOOKS] = "can write mutating admission webhooks that see and "
			 "rewrite every request",
	[ESC_NODES_PROXY] = "can use the kubelet API of every node through "
			    "nodes/proxy",
	[ESC_NS_ADMIN] = "administers the namespace",
	[ESC_CREATE_PODS] = "can create pods",
	[ESC_SA_TOKEN] = "can create service account tokens",
	[ESC_IMPERSONATE_SA] = "can impersonate service accounts",
	[ESC_READ_SECRETS] = "can read secrets",
	[ESC_EXEC] = "can exec into pods",
};

const char *escal_step_text(enum escal_step st)
{
	return st < ESC_NSTEPS ? step_text[st] : "?";
}

static bool is_goal(enum escal_step st)
{
	return st <= ESC_NODES_PROXY;
}

static enum tset set_of(enum escal_step st)
{
	if (st == ESC_READ_SECRETS)
		return T_SECRET;
	if (st == ESC_EXEC)
		return T_MOUNTED;
	return T_ANY;
}

/* ---- nodes ------------------------------------------------------------ */

static size_t key_of(struct sbuf *sb, enum rbac_subject_kind k, const char *ns,
		     const char *name)
{
	const char *tag = k == RBAC_USER    ? "u\x1f"
			  : k == RBAC_GROUP ? "g\x1f"
					    : "s\x1f";

	sb->len = 0;
	if (sbuf_add(sb, tag, 2) ||
	    sbuf_adds(sb, k == RBAC_SERVICEACCOUNT ? ns : "") ||
	    sbuf_add(sb, "\x1f", 1) || sbuf_adds(sb, name))
		oom();
	return sb->len;
}

static size_t find_node(const struct escal *e, struct sbuf *sb,
			enum rbac_subject_kind k, const char *ns,
			const char *name)
{
	size_t len = key_of(sb, k, ns, name);
	void *v = strmap_get(&e->idx, sb->buf, len);

	return v ? (size_t)(uintptr_t)v - 1 : NONE;
}

static bool subject_usable(const struct rbac_subject *s)
{
	return s->kind != RBAC_OTHER &&
	       (s->kind != RBAC_SERVICEACCOUNT || s->user);
}

static void add_nodes(struct escal *e, const struct rbac *r)
{
	const struct rbac_binding *const *bv;
	struct sbuf sb = SBUF_INIT;
	size_t n, i, j;

	bv = rbac_bindings(r, &n);
	for (i = 0; i < n; i++)
		for (j = 0; j < bv[i]->nsubjects; j++) {
			const struct rbac_subject *s = &bv[i]->subjects[j];
			size_t len;
			void **slot;
			struct enode *x;

			if (!subject_usable(s))
				continue;
			len = key_of(&sb, s->kind, s->ns, s->name);
			if (strmap_get(&e->idx, sb.buf, len))
				continue;
			slot = strmap_slot(
			    &e->idx, arena_strndup(e->keys, sb.buf, len), len);
			if (e->n == e->alloc) {
				e->alloc = e->alloc ? 2 * e->alloc : 64;
				e->v = xrealloc_array(e->v, e->alloc,
						      sizeof(*e->v));
			}
			x = &e->v[e->n++];
			memset(x, 0, sizeof(*x));
			x->s = s;
			x->is_sa = s->kind == RBAC_SERVICEACCOUNT;
			x->ns = s->ns;
			x->dist = INF;
			x->next = NONE;
			*slot = (void *)(uintptr_t)e->n;
		}
	sbuf_release(&sb);
}

static void add_cap(struct enode *x, enum escal_step st, const char *ns,
		    const struct rbac_binding *b, const struct rbac_rule *rule,
		    const struct rbac_subject *subj)
{
	struct cap *c;

	if (x->ncaps == x->alloc) {
		x->alloc = x->alloc ? 2 * x->alloc : 4;
		x->caps = xrealloc_array(x->caps, x->alloc, sizeof(*x->caps));
	}
	c = &x->caps[x->ncaps++];
	c->step = st;
	c->ns = ns;
	c->g.binding = b;
	c->g.rule = rule;
	c->g.subject = subj;
}

/*
 * What one role allows, worked out once per role however many bindings use
 * it: the first rule granting each test, as a ClusterRoleBinding would
 * (a RoleBinding uses the tests that are not cluster-scoped).  Rule
 * matching does not depend on the namespace, so one answer serves all.
 */
enum rtest {
	RT_WILDCARD,
	RT_WEBHOOKS,
	RT_NODES_PROXY,
	RT_CREATE_PODS,
	RT_SA_TOKEN,
	RT_READ_SECRETS,
	RT_EXEC,
	RT_IMPERSONATE,
	RT_IMPERSONATE_SA,
	RT_BIND_NS,
	RT_BIND_CR,
	RT_ESCALATE_CR,
	RT_CSR,
	RT_COUNT,
};

struct rolecaps {
	bool done;
	const struct rbac_rule *rule[RT_COUNT];
};

static const struct {
	const struct rbac_perm *perm;
	enum escal_step step;	 /* ESC_NSTEPS: a paired test, no step alone */
	enum escal_step ns_step; /* through a RoleBinding, or ESC_NSTEPS */
} rtests[RT_COUNT] = {
	[RT_WILDCARD] = { &rbac_perms[RBAC_PERM_WILDCARD], ESC_WILDCARD,
			  ESC_NS_ADMIN },
	[RT_WEBHOOKS] = { &p_mutating, ESC_WEBHOOKS, ESC_NSTEPS },
	[RT_NODES_PROXY] = { &rbac_perms[RBAC_PERM_NODES_PROXY],
			     ESC_NODES_PROXY, ESC_NSTEPS },
	[RT_CREATE_PODS] = { &rbac_perms[RBAC_PERM_CREATE_WORKLOADS],
			     ESC_CREATE_PODS, ESC_CREATE_PODS },
	[RT_SA_TOKEN] = { &rbac_perms[RBAC_PERM_SA_TOKEN], ESC_SA_TOKEN,
			  ESC_SA_TOKEN },
	[RT_READ_SECRETS] = { &rbac_perms[RBAC_PERM_READ_SECRETS],
			      ESC_READ_SECRETS, ESC_READ_SECRETS },
	[RT_EXEC] = { &rbac_perms[RBAC_PERM_EXEC], ESC_EXEC, ESC_EXEC },
	[RT_IMPERSONATE] = { &p_imp_ug, ESC_IMPERSONATE, ESC_NSTEPS },
	[RT_IMPERSONATE_SA] = { &p_imp_sa, ESC_IMPERSONATE_SA,
				ESC_IMPERSONATE_SA },
	[RT_BIND_NS] = { &p_bind_ns, ESC_NSTEPS, ESC_NSTEPS },
	[RT_BIND_CR] = { &p_bind, ESC_NSTEPS, ESC_NSTEPS },
	[RT_ESCALATE_CR] = { &p_escalate, ESC_NSTEPS, ESC_NSTEPS },
	[RT_CSR] = { &rbac_perms[RBAC_PERM_CSR_APPROVE], ESC_NSTEPS,
		     ESC_NSTEPS },
};

static const struct rolecaps *role_caps(struct rolecaps *cache,
					const struct rbac_role *role)
{
	struct rolecaps *rc = &cache[role->id];
	size_t t;

	if (rc->done)
		return rc;
	rc->done = true;
	for (t = 0; t < RT_COUNT; t++)
		rc->rule[t] =
		    rbac_perm_rule(role, rtests[t].perm, NULL, true, false);
	return rc;
}

/*
 * Steps one binding of the node's identity allows; *paired is set when a
 * step needing a second permission (bind, escalate, CSR) may apply.
 */
static void binding_caps(const struct rbac *r, struct enode *x,
			 const struct rbac_identity *id,
			 const struct rbac_grant *g, const struct rolecaps *rc,
			 bool *paired)
{
	const struct rbac_binding *b = g->binding;
	const char *ns = b->cluster ? NULL : b->ns;
	size_t t;

	for (t = 0; t < RT_COUNT; t++) {
		enum escal_step st =
		    b->cluster ? rtests[t].step : rtests[t].ns_step;
		if (rc->rule[t] && st != ESC_NSTEPS)
			add_cap(x, st, ns, b, rc->rule[t], g->subject);
	}
	if (b->cluster && (rc->rule[RT_BIND_CR] || rc->rule[RT_ESCALATE_CR] ||
			   rc->rule[RT_CSR]))
		*paired = true;
	if (!b->cluster && rc->rule[RT_BIND_NS]) {
		struct rbac_request rq = { "create", RBAC_API, "rolebindings",
					   ns,	     NULL,     NULL };
		if (rbac_can(r, id, &rq, NULL))
			add_cap(x, ESC_NS_ADMIN, ns, b, rc->rule[RT_BIND_NS],
				g->subject);
	}
}

/* Steps needing two permissions, possibly from two bindings. */
static void paired_caps(const struct rbac *r, struct enode *x,
			const struct rbac_identity *id)
{
	struct rbac_grant g;

	if (rbac_perm_held(r, id, &p_bind, &g, NULL) ||
	    (rbac_perm_held(r, id, &p_escalate, &g, NULL) &&
	     rbac_perm_held(r, id, &p_update_cr, NULL, NULL)))
		add_cap(x, ESC_BIND, NULL, g.binding, g.rule, g.subject);
	if (rbac_perm_held(r, id, &rbac_perms[RBAC_PERM_CSR_APPROVE], &g, NULL))
		add_cap(x, ESC_CSR, NULL, g.binding, g.rule, g.subject);
}

static void node_caps(const struct rbac *r, struct rolecaps *cache,
		      struct enode *x)
{
	const char *groups[4];
	char buf[320];
	struct rbac_identity id;
	struct rbac_grant *g;
	const struct rbac_binding *last = NULL;
	bool paired = false;
	size_t n, i;

	if (!rbac_subject_identity(x->s, groups, buf, sizeof(buf), &id))
		return;
	n = rbac_rules_of(r, &id, &g);
	for (i = 0; i < n; i++) {
		if (g[i].binding == last || !g[i].binding->role)
			continue;
		last = g[i].binding;
		binding_caps(r, x, &id, &g[i],
			     role_caps(cache, g[i].binding->role), &paired);
	}
	free(g);
	if (paired)
		paired_caps(r, x, &id);
}

/* Legacy token Secrets and pods with a mounted token, per account. */
static void memberships(struct escal *e, const struct inventory *inv)
{
	const struct kobj *const *sv;
	const struct pod_view *pv;
	struct sbuf sb = SBUF_INIT;
	size_t n, i, k;

	sv = inventory_kind(inv, "Secret", &n);
	for (i = 0; i < n; i++) {
		const char *sa =
		    node_get_str(sv[i]->annotations, "kubernetes.io/"
						     "service-account.name");
		const struct node *type = node_get(sv[i]->root, "type");
		/* live lists are metadata only: no type, the annotation says */
		if (!sa ||
		    (type && !node_str_eq(type, "kubernetes.io/"
						"service-account-token")))
			continue;
		k = find_node(e, &sb, RBAC_SERVICEACCOUNT, kobj_ns(sv[i]), sa);
		if (k != NONE && !e->v[k].secret)
			e->v[k].secret = sv[i];
	}
	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++) {
		struct sa_token t;
		if (!sa_token_mounted(inv, &pv[i], &t))
			continue;
		k = find_node(e, &sb, RBAC_SERVICEACCOUNT, t.ns, t.name);
		if (k != NONE && !e->v[k].pod)
			e->v[k].pod = pv[i].obj;
	}
	sbuf_release(&sb);
}

/* ---- solving ---------------------------------------------------------- */

struct best {
	size_t v[T_COUNT];
};

static void best_put(struct best *b, const struct escal *e, size_t k,
		     enum tset t)
{
	if (b->v[t] == NONE || e->v[k].dist < e->v[b->v[t]].dist)
		b->v[t] = k;
}

static struct best *ns_best(struct strmap *m, const char *ns)
{
	void **slot = strmap_slot(m, ns, strlen(ns));
	struct best *b = *slot;
	size_t t;

	if (!b) {
		b = xmalloc(sizeof(*b));
		for (t = 0; t < T_COUNT; t++)
			b->v[t] = NONE;
		*slot = b;
	}
	return b;
}

static void bests(const struct escal *e, struct strmap *m, struct best *all)
{
	size_t k, t;

	for (t = 0; t < T_COUNT; t++)
		all->v[t] = NONE;
	for (k = 0; k < e->n; k++) {
		const struct enode *x = &e->v[k];
		struct best *b;
		if (!x->is_sa || x->dist == INF)
			continue;
		b = ns_best(m, x->ns);
		best_put(b, e, k, T_ANY);
		best_put(all, e, k, T_ANY);
		if (x->secret) {
			best_put(b, e, k, T_SECRET);
			best_put(all, e, k, T_SECRET);
		}
		if (x->pod) {
			best_put(b, e, k, T_MOUNTED);
			best_put(all, e, k, T_MOUNTED);
		}
	}
}

static void release_bests(struct strmap *m)
{
	size_t i = 0, kl;
	const char *k;
	void *v;

	while (strmap_next(m, &i, &k, &kl, &v))
		free(v);
	strmap_release(m);
}

/* Bootstrap defaults and direct cluster-admin bindings rank last. */
static int rank(const struct cap *c)
{
	const struct rbac_binding *b = c->g.binding;

	if (b->is_default)
		return 2;
	return b->cluster && b->role && b->role->cluster &&
	       !strcmp(b->role->name, "cluster-admin");
}

static void solve_goals(struct escal *e)
{
	size_t k, i;

	for (k = 0; k < e->n; k++) {
		struct enode *x = &e->v[k];
		for (i = 0; i < x->ncaps; i++) {
			if (!is_goal(x->caps[i].step))
				continue;
			/* rank first, then "*" before the other steps */
			if (x->dist == 1 &&
			    rank(&x->caps[i]) * ESC_NSTEPS + x->caps[i].step >=
				rank(&x->caps[x->how]) * ESC_NSTEPS +
				    x->caps[x->how].step)
				continue;
			x->dist = 1;
			x->how = i;
		}
	}
}

static bool relax(struct escal *e, const struct strmap *m,
		  const struct best *all)
{
	bool changed = false;
	size_t k, i;

	for (k = 0; k < e->n; k++) {
		struct enode *x = &e->v[k];
		for (i = 0; i < x->ncaps; i++) {
			const struct cap *c = &x->caps[i];
			const struct best *b = all;
			size_t t;
			if (is_goal(c->step))
				continue;
			if (c->ns && !(b = strmap_get(m, c->ns, strlen(c->ns))))
				continue;
			t = b->v[set_of(c->step)];
			if (t == NONE || t == k || e->v[t].dist + 1 >= x->dist)
				continue;
			x->dist = e->v[t].dist + 1;
			x->how = i;
			x->next = t;
			changed = true;
		}
	}
	return changed;
}

static void solve_rounds(struct escal *e);

struct escal *escal_build(const struct rbac *r, const struct inventory *inv)
{
	struct escal *e = xmalloc(sizeof(*e));
	struct rolecaps *cache;
	size_t k, nroles;

	memset(e, 0, sizeof(*e));
	e->keys = arena_new();
	add_nodes(e, r);
	rbac_roles(r, &nroles);
	cache = calloc(nroles ? nroles : 1, sizeof(*cache));
	if (!cache)
		oom();
	for (k = 0; k < e->n; k++)
		node_caps(r, cache, &e->v[k]);
	free(cache);
	memberships(e, inv);
	solve_goals(e);
	solve_rounds(e);
	return e;
}

void escal_free(struct escal *e)
{
	size_t k;

	if (!e)
		return;
	for (k = 0; k < e->n; k++)
		free(e->v[k].caps);
	free(e->v);
	strmap_release(&e->idx);
	arena_free(e->keys);
	free(e);
}

static size_t node_of(const struct escal *e, const struct rbac_subject *s)
{
	struct sbuf sb = SBUF_INIT;
	size_t k;

	if (!subject_usable(s))
		return NONE;
	k = find_node(e, &sb, s->kind, s->ns, s->name);
	sbuf_release(&sb);
	return k;
}

/* The chain from node k; stops at a goal step or a node at distance 0. */
static size_t chain_from(const struct escal *e, size_t k, struct escal_hop *out,
			 size_t max)
{
	size_t n = 0;

	while (k != NONE && n < max && e->v[k].dist) {
		const struct enode *x = &e->v[k];
		const struct cap *c = &x->caps[x->how];
		struct escal_hop *h = &out[n++];

		h->who = x->s;
		h->step = c->step;
		h->grant = c->g;
		h->ns = c->ns;
		h->to = NULL;
		h->via = NULL;
		if (is_goal(c->step))
			break;
		h->to = e->v[x->next].s;
		if (c->step == ESC_READ_SECRETS)
			h->via = e->v[x->next].secret;
		else if (c->step == ESC_EXEC)
			h->via = e->v[x->next].pod;
		k = x->next;
	}
	return n;
}

size_t escal_chain(const struct escal *e, const struct rbac_subject *s,
		   struct escal_hop *out, size_t max)
{
	size_t k = node_of(e, s);

	if (k == NONE || e->v[k].dist == INF)
		return 0;
	return chain_from(e, k, out, max);
}

static void solve_rounds(struct escal *e)
{
	size_t round;

	/* each round settles one more hop; chains are short */
	for (round = 0; round < 32; round++) {
		struct strmap m = STRMAP_INIT;
		struct best all;
		bool changed;

		bests(e, &m, &all);
		changed = relax(e, &m, &all);
		release_bests(&m);
		if (!changed)
			break;
	}
}

size_t escal_who_can(const struct escal *e, const struct rbac *r,
		     const struct rbac_request *rq, bool any_ns,
		     struct escal_reach **out)
{
	struct escal q = *e;
	struct rbac_grant *g;
	struct escal_reach *res = NULL;
	size_t ng = rbac_who_can(r, rq, any_ns, &g), i, k, n = 0;
	bool *direct = calloc(e->n ? e->n : 1, sizeof(*direct));

	if (!direct)
		oom();
	q.v = xrealloc_array(NULL, e->n ? e->n : 1, sizeof(*q.v));
	if (e->n)
		memcpy(q.v, e->v, e->n * sizeof(*q.v));
	for (i = 0; i < ng; i++)
		if ((k = node_of(e, g[i].subject)) != NONE) {
			direct[k] = true;
			q.v[k].dist = 0;
		}
	free(g);
	solve_rounds(&q);
	for (k = 0; k < q.n; k++) {
		struct escal_reach *x;
		if (direct[k] || q.v[k].dist == INF)
			continue;
		res = xrealloc_array(res, n + 1, sizeof(*res));
		x = &res[n++];
		x->who = q.v[k].s;
		x->nhops = chain_from(&q, k, x->hops, ESCAL_MAX_HOPS);
		x->direct = x->nhops && !is_goal(x->hops[x->nhops - 1].step);
	}
	free(q.v);
	free(direct);
	*out = res;
	return n;
}

enum escal_owner escal_owner(const struct escal *e,
			     const struct rbac_subject *s, int *pid)
{
	size_t k = node_of(e, s);
	const struct enode *x;

	if (k == NONE || e->v[k].dist == INF)
		return ESC_OWNER_NONE;
	x = &e->v[k];
	if (rbac_subject_is_system(x->s) || rank(&x->caps[x->how]) != 0)
		return ESC_OWNER_NONE;
	if (x->dist > 1)
		return ESC_OWNER_CHAIN;
	switch (x->caps[x->how].step) {
	case ESC_BIND:
	case ESC_IMPERSONATE: *pid = RBAC_PERM_ESCALATE; break;
	case ESC_CSR: *pid = RBAC_PERM_CSR_APPROVE; break;
	case ESC_WEBHOOKS: *pid = RBAC_PERM_WEBHOOKS; break;
	case ESC_NODES_PROXY: *pid = RBAC_PERM_NODES_PROXY; break;
	default: return ESC_OWNER_CHAIN;
	}
	return ESC_OWNER_PERM;
}

void escal_stats(const struct escal *e, size_t *nodes, size_t *admins)
{
	size_t k;

	*nodes = e->n;
	*admins = 0;
	for (k = 0; k < e->n; k++)
		*admins += e->v[k].dist != INF;
}
