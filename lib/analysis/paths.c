#include "analysis/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "analysis/exposure.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "analysis/sa_token.h"
#include "scan.h"
#include "strmap.h"
#include "workload.h"

/* ---- exposure ---------------------------------------------------------- */

/* The first public route reaching pv (exposure.h), in *rt. */
static bool route_to(const struct exposure *e, const struct pod_view *pv,
		     struct expose_route *rt)
{
	return exposure_public_route(e, pv, rt);
}

/* "Ingress shop/web", "HTTPRoute shop/r", "hostPort" for messages. */
static const char *route_name(const struct expose_route *rt, char *buf,
			      size_t n)
{
	const struct kobj *via = expose_route_via(rt);

	if (!via)
		fmt_snprintf(buf, n, "its %s (%s)", rt->port,
			     expose_how_name(rt->how));
	else
		fmt_snprintf(buf, n, "%s %s", via->kind, via->name);
	return buf;
}

/* ---- hops --------------------------------------------------------------- */

static void hop_route(struct findings *out, struct finding *fd,
		      const struct expose_route *rt, const struct pod_view *pv)
{
	const struct kobj *svc = rt->service;
	char label[640];

	if (!svc) {
		fmt_snprintf(label, sizeof(label),
			     "%s %s/%s listens on its node's address (%s, %s)",
			     pv->obj->kind, kobj_ns(pv->obj), pv->obj->name,
			     expose_how_name(rt->how), rt->port);
		finding_hop(out, fd, pv->obj, rt->at, rt->path,
			    node_scalar_text(rt->at), label);
		return;
	}
	if (rt->front) {
		if (rt->gateway)
			fmt_snprintf(
			    label, sizeof(label),
			    "%s %s/%s, attached to Gateway %s/%s, routes "
			    "outside traffic to Service %s",
			    rt->front->kind, kobj_ns(rt->front),
			    rt->front->name, kobj_ns(rt->gateway),
			    rt->gateway->name, svc->name);
		else
			fmt_snprintf(
			    label, sizeof(label),
			    "%s %s/%s routes outside traffic to Service "
			    "%s%s%s",
			    rt->front->kind, kobj_ns(rt->front),
			    rt->front->name, svc->name, rt->note[0] ? "; " : "",
			    rt->note);
		finding_hop(out, fd, rt->front, rt->at, rt->path,
			    node_scalar_text(rt->at), label);
		finding_hop(out, fd, svc, node_path(svc->root, "spec.selector"),
			    "spec.selector", "{...}",
			    arena_printf(out->arena,
					 "Service %s/%s is reachable through "
					 "the %s%s%s",
					 kobj_ns(svc), svc->name,
					 rt->front->kind,
					 rt->port[0] ? ", " : "", rt->port));
		return;
	}
	fmt_snprintf(
	    label, sizeof(label),
	    "Service %s/%s is reachable from outside the cluster (%s%s%s)",
	    kobj_ns(svc), svc->name, expose_how_name(rt->how),
	    rt->port[0] ? ", " : "", rt->port);
	finding_hop(out, fd, svc, rt->at, rt->path, node_scalar_text(rt->at),
		    label);
}

static void hop_workload(struct findings *out, struct finding *fd,
			 const struct pod_view *pv, const char *what)
{
	char label[512], path[160];

	fmt_snprintf(label, sizeof(label),
		     "%s %s/%s runs the selected pods%s%s", pv->obj->kind,
		     kobj_ns(pv->obj), pv->obj->name, what ? ", " : "",
		     what ? what : "");
	fmt_snprintf(path, sizeof(path), "%s.metadata.labels",
		     strcmp(pv->spec_path, "spec") ? "spec.template" : "");
	finding_hop(out, fd, pv->obj, node_get(pv->meta, "labels"),
		    strcmp(pv->spec_path, "spec") ? path : "metadata.labels",
		    "{...}", label);
}

static void hop_token(struct findings *out, struct finding *fd,
		      const struct pod_view *pv, const struct sa_token *t)
{
	char label[512], path[160];

	fmt_snprintf(label, sizeof(label),
		     "the token of ServiceAccount %s/%s is mounted (%s)", t->ns,
		     t->name, t->how);
	fmt_snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
		     t->sa_path ? t->sa_path : "serviceAccountName");
	finding_hop(out, fd, pv->obj, t->sa_at, path,
		    t->sa_at ? t->name : "unset (default)", label);
}

static void hop_grant(struct findings *out, struct finding *fd, const char *who,
		      const struct rbac_perm *p, const struct rbac_grant *g,
		      const char *ns)
{
	char label[640];
	const struct rbac_binding *b = g->binding;

	fmt_snprintf(
	    label, sizeof(label), "%s %s %s%s through %s %s (%s %s)", who,
	    rbac_perm_granted(out->arena, b->role, p, b->ns, b->cluster, false),
	    ns ? "in namespace " : "cluster-wide", ns ? ns : "", b->obj->kind,
	    b->obj->name, b->role_kind, b->role_name);
	finding_hop(out, fd, b->obj, node_get(b->role_ref, "name"),
		    "roleRef.name", b->role_name, label);
}

/* ---- identities of service accounts ---------------------------------- */

struct sa_id {
	char user[320];
	char gbuf[320];
	const char *groups[4];
	struct rbac_identity id;
};

static bool sa_id_init(struct sa_id *x, const char *ns, const char *name)
{
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };

	memset(x, 0, sizeof(*x));
	fmt_snprintf(x->user, sizeof(x->user), "system:serviceaccount:%s:%s",
		     ns, name);
	subj.name = name;
	subj.ns = ns;
	subj.user = x->user;
	return rbac_subject_identity(&subj, x->groups, x->gbuf, sizeof(x->gbuf),
				     &x->id);
}

/* Catalogue permissions from most to least dangerous. */
static const enum rbac_perm_id by_danger[] = {
	RBAC_PERM_WILDCARD,	    RBAC_PERM_ESCALATE,
	RBAC_PERM_CSR_APPROVE,	    RBAC_PERM_WEBHOOKS,
	RBAC_PERM_NODES_PROXY,	    RBAC_PERM_SA_TOKEN,
	RBAC_PERM_READ_SECRETS,	    RBAC_PERM_EXEC,
	RBAC_PERM_CREATE_WORKLOADS, RBAC_PERM_COREDNS,
	RBAC_PERM_DELETE_EVENTS,
};
#define NDANGER (sizeof(by_danger) / sizeof(by_danger[0]))

/* Index in by_danger of the worst permission id holds; NDANGER if none. */
static size_t worst_perm(const struct rbac *r, const struct rbac_identity *id,
			 struct rbac_grant *g, const char **ns)
{
	struct rbac_grant *rules;
	size_t i, n = rbac_rules_of(r, id, &rules);

	for (i = 0; i < NDANGER; i++)
		if (rbac_perm_held_in(rules, n, &rbac_perms[by_danger[i]], g,
				      ns))
			break;
	free(rules);
	return i;
}

static void sa_evidence(struct findings *out, struct finding *fd,
			const struct pod_view *pv, const struct sa_token *t)
{
	char path[160];

	fmt_snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
		     t->sa_path ? t->sa_path : "serviceAccountName");
	finding_evidence(out, fd, t->sa_at, path, "%s",
			 t->sa_at ? t->name : "unset (default)");
}

/* ---- exposed Service or Ingress -> pod -> token -> permission -------- */

int paths_exposed_token(const struct scan *s, const struct check *c,
			struct findings *out)
{
	const struct exposure *e = s->exposure;
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct expose_route rt;
		struct sa_token t;
		struct sa_id x;
		struct rbac_grant g;
		const char *ns;
		const struct rbac_perm *p;
		struct finding *fd;
		char who[400], via[320];
		size_t w;

		if (!route_to(e, &pv[i], &rt) ||
		    !scan_sa_token_mounted(s, &pv[i], &t) ||
		    !sa_id_init(&x, t.ns, t.name))
			continue;
		w = worst_perm(s->rbac, &x.id, &g, &ns);
		if (w == NDANGER)
			continue;
		p = &rbac_perms[by_danger[w]];
		fd =
		    finding_add(out, c, pv[i].obj, NULL,
				"reachable from outside through %s; an "
				"attacker in its pods holds ServiceAccount "
				"%s/%s, which can %s",
				route_name(&rt, via, sizeof(via)), t.ns, t.name,
				rbac_perm_granted(out->arena, g.binding->role,
						  p, g.binding->ns,
						  g.binding->cluster, false));
		sa_evidence(out, fd, &pv[i], &t);
		hop_route(out, fd, &rt, &pv[i]);
		hop_workload(out, fd, &pv[i], NULL);
		hop_token(out, fd, &pv[i], &t);
		fmt_snprintf(who, sizeof(who), "ServiceAccount %s/%s can", t.ns,
			     t.name);
		hop_grant(out, fd, who, p, &g, ns);
	}
	return 0;
}

/* ---- exposed pod -> privileged or host-mounting container -> node ---- */

int paths_exposed_node(const struct scan *s, const struct check *c,
		       struct findings *out)
{
	const struct pod_view *pv;
	const struct exposure *ex = s->exposure;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct expose_route rt;
		struct wl_escape e;
		struct finding *fd;
		char label[320], via[320];

		if (!route_to(ex, &pv[i], &rt) ||
		    !wl_pod_escape(&pv[i], true, &e))
			continue;
		fd = finding_add(out, c, pv[i].obj, NULL,
				 "reachable from outside through %s, and %s: "
				 "a compromise of the application is a "
				 "compromise of its node",
				 route_name(&rt, via, sizeof(via)), e.what);
		finding_evidence(out, fd, e.at, e.path, "%s",
				 node_scalar_text(e.at));
		hop_route(out, fd, &rt, &pv[i]);
		hop_workload(out, fd, &pv[i], NULL);
		fmt_snprintf(label, sizeof(label),
			     "%s, so code in it controls the "
			     "node it runs on",
			     e.what);
		finding_hop(out, fd, pv[i].obj, e.at, e.path,
			    node_scalar_text(e.at), label);
	}
	return 0;
}

/* ---- pod -> SA that can create pods -> any service account ----------- */

/*
 * Every service account named by a binding, ranked once by the most
 * dangerous permission it holds, and filed per namespace and for the whole
 * cluster (a pod creator everywhere can run as any of them).  A pod's
 * target is then the first account of its scope, other than its own, whose
 * permission outranks the pod's own: at most two looks per pod.
 */
struct target {
	const struct rbac_subject *sa;
	size_t perm; /* index in by_danger */
	struct rbac_grant g;
	const char *ns; /* where g applies, NULL cluster-wide */
	size_t order;	/* binding order, for a stable sort */
};

struct ranking {
	struct target *all; /* sorted by perm, then binding order */
	size_t n;
	struct strmap by_ns; /* namespace -> struct target_list */
};

struct target_list {
	const struct target **v;
	size_t n, alloc;
};

static int target_cmp(const void *a, const void *b)
{
	const struct target *x = a, *y = b;

	if (x->perm != y->perm)
		return x->perm < y->perm ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void rank_file(struct ranking *rk, const struct target *t)
{
	void **slot = strmap_slot(&rk->by_ns, t->sa->ns, strlen(t->sa->ns));
	struct target_list *l = *slot;

	if (!l) {
		l = xmalloc(sizeof(*l));
		memset(l, 0, sizeof(*l));
		*slot = l;
	}
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 4;
		l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = t;
}

struct ranking_ctx {
	struct ranking *rk;
	struct strmap seen; /* service account users already ranked */
	size_t alloc;
};

static void rank_subject(struct findings *out, const struct rbac *r,
			 const struct rbac_grant *g, void *ctx)
{
	struct ranking_ctx *x = ctx;
	struct ranking *rk = x->rk;
	const struct rbac_subject *sj = g->subject;
	struct target t = { .sa = sj };
	struct sa_id id;
	void **slot;

	(void)out;
	if (sj->kind != RBAC_SERVICEACCOUNT || !sj->user)
		return;
	slot = strmap_slot(&x->seen, sj->user, strlen(sj->user));
	if (*slot || !sa_id_init(&id, sj->ns, sj->name))
		return;
	*slot = (void *)sj;
	t.perm = worst_perm(r, &id.id, &t.g, &t.ns);
	if (t.perm == NDANGER)
		return;
	if (rk->n == x->alloc) {
		x->alloc = x->alloc ? 2 * x->alloc : 16;
		rk->all = xrealloc_array(rk->all, x->alloc, sizeof(*rk->all));
	}
	t.order = rk->n;
	rk->all[rk->n++] = t;
}

static const struct rbac_walk ranking_walk = { .fn = rank_subject };

static void ranking_build(const struct rbac *r, struct ranking *rk)
{
	struct ranking_ctx x = { .rk = rk, .seen = STRMAP_INIT };
	size_t i;

	memset(rk, 0, sizeof(*rk));
	rbac_each_grant(r, &ranking_walk, &x, NULL);
	strmap_release(&x.seen);
	if (rk->n)
		qsort(rk->all, rk->n, sizeof(*rk->all), target_cmp);
	for (i = 0; i < rk->n; i++)
		rank_file(rk, &rk->all[i]);
}

static void ranking_release(struct ranking *rk)
{
	size_t i = 0, kl;
	const char *k;
	void *v;

	while (strmap_next(&rk->by_ns, &i, &k, &kl, &v)) {
		struct target_list *l = v;
		free(l->v);
		free(l);
	}
	strmap_release(&rk->by_ns);
	free(rk->all);
}

/* The strongest account of scope ns (NULL: all) other than self, or NULL. */
static const struct target *find_target(const struct ranking *rk,
					const char *ns, const char *self,
					size_t limit)
{
	const struct target_list *l = NULL;
	size_t i, n = rk->n;

	if (ns) {
		l = strmap_get(&rk->by_ns, ns, strlen(ns));
		n = l ? l->n : 0;
	}
	for (i = 0; i < n; i++) {
		const struct target *t = l ? l->v[i] : &rk->all[i];
		if (t->perm >= limit)
			return NULL;
		if (strcmp(t->sa->user, self) != 0)
			return t;
	}
	return NULL;
}

int paths_pod_create_pivot(const struct scan *s, const struct check *c,
			   struct findings *out)
{
	const struct rbac_perm *create =
	    &rbac_perms[RBAC_PERM_CREATE_WORKLOADS];
	const struct pod_view *pv;
	struct ranking rk;
	bool ranked = false;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct sa_token t;
		struct sa_id x;
		struct rbac_grant g;
		const char *ns;
		const struct target *tg;
		struct finding *fd;
		char who[400];
		size_t own;

		/* the account's rights first: most cannot create pods */
		sa_token_account(&pv[i], &t);
		if (!sa_id_init(&x, t.ns, t.name) ||
		    !rbac_perm_held(s->rbac, &x.id, create, &g, &ns) ||
		    !scan_sa_token_mounted(s, &pv[i], &t))
			continue;
		own = worst_perm(s->rbac, &x.id, NULL, NULL);
		if (!ranked) {
			ranking_build(s->rbac, &rk);
			ranked = true;
		}
		if (!(tg = find_target(&rk, ns, x.user, own)))
			continue;
		fd = finding_add(
		    out, c, pv[i].obj, NULL,
		    "its ServiceAccount %s/%s can create pods %s%s, "
		    "so an attacker in its pods can run as "
		    "ServiceAccount %s/%s, which can %s",
		    t.ns, t.name,
		    ns ? "in namespace "
		       : "in every "
			 "namespace",
		    ns ? ns : "", tg->sa->ns, tg->sa->name,
		    rbac_perms[by_danger[tg->perm]].what);
		sa_evidence(out, fd, &pv[i], &t);
		hop_workload(out, fd, &pv[i], NULL);
		hop_token(out, fd, &pv[i], &t);
		fmt_snprintf(who, sizeof(who), "ServiceAccount %s/%s can", t.ns,
			     t.name);
		hop_grant(out, fd, who, create, &g, ns);
		fmt_snprintf(
		    who, sizeof(who),
		    "a pod it creates may run as ServiceAccount %s/%s, "
		    "which can",
		    tg->sa->ns, tg->sa->name);
		hop_grant(out, fd, who, &rbac_perms[by_danger[tg->perm]],
			  &tg->g, tg->ns);
	}
	if (ranked)
		ranking_release(&rk);
	return 0;
}
