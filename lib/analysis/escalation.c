#include "analysis/escalation.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/admission.h"
#include "analysis/program.h"
#include "analysis/sa_token.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "sbuf.h"
#include "strmap.h"
#include "workload.h"

#define RBAC_API "rbac.authorization.k8s.io"
#define N(a)	 (sizeof(a) / sizeof((a)[0]))
#define INF	 UINT_MAX
#define NONE	 SIZE_MAX

/* Target sets of the steps to a service account. */
enum tset { T_ANY, T_SECRET, T_MOUNTED, T_STDIN, T_COUNT };

struct cap {
	enum escal_step step;
	const char *ns; /* NULL cluster-wide */
	size_t nsi;	/* index of ns, NONE cluster-wide */
	struct rbac_grant g;
	/*
	 * ESC_NODE_ESCAPE and ESC_CP_NODE in a namespace that only Pod
	 * Security guards: the grant to update or patch that Namespace, whose
	 * enforce label is set to privileged first.  Binding NULL otherwise.
	 */
	struct rbac_grant relabel;
	/* the same steps taken through a hostPath PersistentVolume: the
	 * grant to create one (escal_hop.volume) */
	struct rbac_grant volume;
	/*
	 * ESC_EXEC and ESC_ATTACH by a rule with resourceNames: it reaches
	 * the pods it names only, targets t0 .. t0 + nt - 1 of the escal.
	 */
	bool named;
	size_t t0, nt;
	/* ESC_EXEC_NODE: the DaemonSet (or its Pod) that hands over nodes */
	const struct kobj *entry;
};

/* A pod a named step reaches: the node of its account, and how. */
struct target {
	size_t k;
	const struct kobj *pod;
	const char *ctr; /* attach: the container reading stdin */
};

struct enode {
	const struct rbac_subject *s; /* the first subject naming it */
	bool is_sa;
	const char *ns;	    /* service account namespace */
	size_t nsi;	    /* its index */
	struct cap *caps;   /* into the escal's pool, set once all are made */
	size_t cap0, ncaps; /* first cap in the pool, count */
	unsigned dist;	    /* hops to the goal, INF unreachable */
	size_t how;	    /* index in caps */
	size_t next;	    /* target node of a step to an account, or NONE */
	/* membership of T_SECRET, T_MOUNTED, T_STDIN */
	const struct kobj *secret, *pod, *stdin_pod;
	const char *stdin_ctr; /* the container of stdin_pod reading stdin */
	bool no_automount; /* its ServiceAccount object turns automount off */
	/* the pod step how goes through, when that step names its pods */
	const struct kobj *hop_pod;
	const char *hop_ctr;
};

struct escal {
	struct enode *v;
	size_t n, alloc;
	const struct rbac *r;
	size_t *by_list[2]; /* node index + 1 by rbac_refs_at() id */
	size_t nlists;
	struct strmap nsidx; /* namespace -> dense index + 1 */
	size_t nns;
	const char *last_ns; /* the namespace ns_index() found last */
	size_t last_nsi;
	struct cap *pool; /* every node's caps, a node's in a row */
	size_t npool, allocpool;
	/* which namespaces admit a privileged pod (ESC_NODE_ESCAPE) */
	const struct inventory *inv;
	struct adm_policies pol;
	struct strmap open;   /* namespace -> &admits or &refuses */
	const char *any_open; /* the first Namespace that admits one */
	bool pol_done, any_done;
	/* namespaces that Pod Security alone guards (relabel_open()) */
	struct strmap psa_only;
	const char **psa_list;
	size_t npsa;
	bool psa_done;
	bool ns_writers; /* some rule may update or patch a Namespace */
	const struct kobj *cp_pod; /* control_plane_pod() */
	struct target *tg;	   /* the pods of named steps */
	size_t ntg, alloctg;
	/* escape_entry(): namespace -> the first every-node escaping pod */
	struct strmap esc_ns;
	const struct kobj *esc_any;
	bool esc_done;
};

/*
 * The dense index of namespace ns, made on first use.  Nodes and their
 * bindings come namespace by namespace, so the last answer is kept.
 */
static size_t ns_index(struct escal *e, const char *ns)
{
	void **slot;

	if (e->last_ns && (ns == e->last_ns || !strcmp(ns, e->last_ns)))
		return e->last_nsi;
	slot = strmap_slot(&e->nsidx, ns, strlen(ns));
	if (!*slot)
		*slot = (void *)(uintptr_t)++e->nns;
	e->last_ns = ns;
	e->last_nsi = (size_t)(uintptr_t)*slot - 1;
	return e->last_nsi;
}

static const struct rbac_perm_req imp_users[] = {
	{ "impersonate", "", "users" },
};
static const struct rbac_perm_req imp_groups[] = {
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

/*
 * Running code in a pod that mounts a token, each way with its words.
 * Not port-forward: it reaches the pod's ports, never its files.  Attach
 * is a step of its own (attach_pod): it only reaches the process a
 * container already runs, through its stdin.
 */
static const struct rbac_perm_req run_in_pod[] = {
	{ "create", "", "pods/exec" },
	{ "get", "", "pods/exec" },
	{ "update", "", "pods/ephemeralcontainers" },
	{ "patch", "", "pods/ephemeralcontainers" },
	{ "update", "", "pods" },
	{ "patch", "", "pods" },
};
static const struct {
	const char *can, *does;
} run_in_pod_text[] = {
	{ "can exec into pods", "execs into" },
	{ "can exec into pods", "execs into" },
	{ "can add ephemeral containers to pods",
	  "adds an ephemeral container to" },
	{ "can add ephemeral containers to pods",
	  "adds an ephemeral container to" },
	{ "can change the images of pods", "changes an image of" },
	{ "can change the images of pods", "changes an image of" },
};

_Static_assert(sizeof(run_in_pod) / sizeof(run_in_pod[0]) ==
		   sizeof(run_in_pod_text) / sizeof(run_in_pod_text[0]),
	       "one text per way");

/* Attach: exec and attach over a websocket are authorized as get. */
static const struct rbac_perm_req attach_pod[] = {
	{ "create", "", "pods/attach" },
	{ "get", "", "pods/attach" },
};

/*
 * Impersonating any user is taken as the step (some user is powerful);
 * impersonating groups only beside a user to carry them (see
 * imp_carrier()).  A rule limited to the group system:masters
 * impersonates the one group that matters.
 */
static const char *const imp_masters_names[] = { "system:masters" };
static const struct rbac_perm p_imp_users = {
	.id = "impersonate", .cluster_scoped = true, .any = imp_users, .nany = 1
};
static const struct rbac_perm p_imp_groups = { .id = "impersonate-groups",
					       .cluster_scoped = true,
					       .any = imp_groups,
					       .nany = 1,
					       .cluster_named = imp_groups,
					       .cluster_names =
						   imp_masters_names,
					       .ncluster_named = 1 };
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
static const struct rbac_perm p_run_in_pod = {
	.id = "run-in-pod",
	.any = run_in_pod,
	.nany = sizeof(run_in_pod) / sizeof(run_in_pod[0]),
};
static const struct rbac_perm p_attach = {
	.id = "attach",
	.any = attach_pod,
	.nany = 2,
};

/*
 * Reading a legacy token Secret, as rbac-read-secrets counts reading,
 * but for delete and deletecollection: their answers hold the token, yet
 * the API server stops accepting a legacy token once its Secret is marked
 * for deletion.
 */
static const struct rbac_perm_req read_token_secrets[] = {
	{ "get", "", "secrets" },
	{ "list", "", "secrets" },
	{ "watch", "", "secrets" },
	{ "patch", "", "secrets" },
};
static const struct rbac_perm p_read_tokens = {
	.id = "read-secrets",
	.what = "read secrets",
	.any = read_token_secrets,
	.nany = sizeof(read_token_secrets) / sizeof(read_token_secrets[0]),
};

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
	[ESC_CP_NODE] = "can place a privileged pod, which no admission "
			"control refuses, on a control-plane node and read the "
			"API server's keys there",
	[ESC_NS_ADMIN] = "administers the namespace",
	[ESC_CREATE_PODS] = "can create pods",
	[ESC_SA_TOKEN] = "can create service account tokens",
	[ESC_IMPERSONATE_SA] = "can impersonate service accounts",
	[ESC_READ_SECRETS] = "can read secrets",
	[ESC_EXEC] = "can exec into pods",
	[ESC_ATTACH] = "can attach to pods",
	[ESC_NODE_ESCAPE] = "can create privileged pods, which no admission "
			    "control refuses,",
	[ESC_EXEC_NODE] = "can exec into pods",
};

const char *escal_step_text(enum escal_step st)
{
	return st < ESC_NSTEPS ? step_text[st] : "?";
}

/* The rule of hop h allows catalogue request q in the hop's scope. */
static bool hop_allows(const struct escal_hop *h, const struct rbac_perm_req *q)
{
	struct rbac_request rq = { .verb = q->verb,
				   .group = q->group,
				   .resource = q->resource,
				   .ns = h->ns,
				   .name = h->via ? h->via->name : NULL };

	return h->grant.rule && rbac_rule_allows(h->grant.rule, &rq);
}

/* Which of run_in_pod the rule of an exec hop grants (the first). */
static size_t run_in_pod_way(const struct escal_hop *h)
{
	size_t i;

	for (i = 0; i < p_run_in_pod.nany; i++)
		if (hop_allows(h, &run_in_pod[i]))
			return i;
	return 0;
}

/*
 * A create-pods hop granted by update or patch on controllers only: the
 * pod comes from a changed template, not a new object.
 */
static bool by_template(const struct escal_hop *h)
{
	const struct rbac_perm *p = &rbac_perms[RBAC_PERM_CREATE_WORKLOADS];
	size_t i;

	if (h->step != ESC_CREATE_PODS || !h->grant.rule)
		return false;
	for (i = 0; i < p->nany; i++)
		if (!strcmp(p->any[i].verb, "create") &&
		    hop_allows(h, &p->any[i]))
			return false;
	return true;
}

const char *escal_hop_text(const struct escal_hop *h)
{
	if (h->relabel.binding && h->step == ESC_NODE_ESCAPE)
		return "can set the Pod Security enforce label of the "
		       "namespace, its only admission control, to privileged "
		       "and create privileged pods";
	if (h->relabel.binding && h->step == ESC_CP_NODE)
		return "can set the Pod Security enforce label of a "
		       "namespace, its only admission control, to privileged, "
		       "place a privileged pod on a control-plane node and "
		       "read "
		       "the API server's keys there";
	if (h->volume.binding && h->step == ESC_NODE_ESCAPE)
		return "can create pods and claim a hostPath PersistentVolume "
		       "of its own for them, which Pod Security does not look "
		       "at,";
	if (h->volume.binding && h->step == ESC_CP_NODE)
		return "can create a pod on a control-plane node with a "
		       "hostPath PersistentVolume of its own claimed for it, "
		       "which Pod Security does not look at, and read the API "
		       "server's keys there";
	if (h->step == ESC_EXEC || h->step == ESC_EXEC_NODE)
		return run_in_pod_text[run_in_pod_way(h)].can;
	if (by_template(h))
		return "can change the pod templates of workloads";
	return escal_step_text(h->step);
}

static bool is_goal(enum escal_step st)
{
	return st <= ESC_CP_NODE;
}

static enum tset set_of(enum escal_step st)
{
	if (st == ESC_READ_SECRETS)
		return T_SECRET;
	if (st == ESC_EXEC || st == ESC_NODE_ESCAPE || st == ESC_EXEC_NODE)
		return T_MOUNTED;
	if (st == ESC_ATTACH)
		return T_STDIN;
	return T_ANY;
}

/* ---- nodes ------------------------------------------------------------ */

/*
 * Nodes are found by the id of the binding list their name is filed under
 * in the rbac (a subject's refs), one array for users and groups, one for
 * service accounts (a User named like a service account is another node).
 */
static size_t node_by_refs(const struct escal *e, bool sa, size_t refs)
{
	if (!refs || refs > e->nlists)
		return NONE;
	return e->by_list[sa][refs - 1] ? e->by_list[sa][refs - 1] - 1 : NONE;
}

/* The node of service account ns/name, or NONE. */
static size_t find_sa(const struct escal *e, const char *ns, const char *name)
{
	static const char pre[] = "system:serviceaccount:";
	char buf[320];
	const char *user = buf;
	struct sbuf sb = SBUF_INIT;
	size_t k, nl = strlen(ns), ml = strlen(name), p = sizeof(pre) - 1;

	/* no snprintf: this runs once per pod and per token Secret */
	if (p + nl + 1 + ml < sizeof(buf)) {
		memcpy(buf, pre, p);
		memcpy(buf + p, ns, nl);
		buf[p + nl] = ':';
		memcpy(buf + p + nl + 1, name, ml + 1);
	} else {
		if (sbuf_addf(&sb, "%s%s:%s", pre, ns, name))
			oom();
		user = sb.buf;
	}
	k = node_by_refs(e, true, rbac_refs_id(e->r, false, user));
	sbuf_release(&sb);
	return k;
}

static bool subject_usable(const struct rbac_subject *s)
{
	return s->kind != RBAC_OTHER &&
	       (s->kind != RBAC_SERVICEACCOUNT || s->user);
}

static void add_nodes(struct escal *e, const struct rbac *r)
{
	const struct rbac_binding *const *bv;
	size_t n, i, j;

	e->nlists = rbac_refs_count(r);
	for (i = 0; i < 2; i++) {
		e->by_list[i] =
		    calloc(e->nlists ? e->nlists : 1, sizeof(*e->by_list[i]));
		if (!e->by_list[i])
			oom();
	}
	bv = rbac_bindings(r, &n);
	/* at most one node per subject: no copying while they are made */
	for (i = 0, j = 0; i < n; i++)
		j += bv[i]->nsubjects;
	e->alloc = j ? j : 1;
	e->v = xrealloc_array(NULL, e->alloc, sizeof(*e->v));
	for (i = 0; i < n; i++)
		for (j = 0; j < bv[i]->nsubjects; j++) {
			const struct rbac_subject *s = &bv[i]->subjects[j];
			size_t *slot;
			struct enode *x;

			if (!subject_usable(s) || !s->refs)
				continue;
			slot = &e->by_list[s->kind == RBAC_SERVICEACCOUNT]
					  [s->refs - 1];
			if (*slot)
				continue;
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
			x->nsi = x->is_sa ? ns_index(e, s->ns) : NONE;
			x->dist = INF;
			x->next = NONE;
			*slot = e->n;
		}
}

/*
 * Namespace ns (every namespace when NULL: the first of them that does)
 * admits a privileged pod: its Namespace object is in the input and
 * neither Pod Security nor an admission policy refuses pods there
 * (adm_guarded()).  Returns that namespace's name, or NULL.  Without the
 * Namespace object (manifests, a chart) its labels are unknown, so no.
 */
static const char admits, refuses; /* the two values of escal.open */

static const char *admits_privileged(struct escal *e, const char *ns)
{
	const struct kobj *const *v;
	const struct kobj *o;
	size_t n, i;
	void **slot;

	if (!e->inv)
		return NULL;
	if (!e->pol_done) {
		adm_policies_collect(e->inv, &e->pol);
		e->pol_done = true;
	}
	if (!ns) {
		if (!e->any_done) {
			v = inventory_kind(e->inv, "Namespace", &n);
			for (i = 0; i < n && !e->any_open; i++)
				if (admits_privileged(e, v[i]->name))
					e->any_open = v[i]->name;
			e->any_done = true;
		}
		return e->any_open;
	}
	slot = strmap_slot(&e->open, ns, strlen(ns));
	if (!*slot) {
		o = inventory_find(e->inv, "Namespace", NULL, ns);
		*slot = o && !adm_guarded(e->inv, &e->pol, o, NULL, 0)
			    ? (void *)&admits
			    : (void *)&refuses;
	}
	return *slot == &admits ? ns : NULL;
}

/*
 * Namespace ns refuses a privileged pod through Pod Security only: its
 * Namespace object is in the input, adm_guarded() holds and
 * adm_policy_guarded() does not.  Pod Security reads the namespace's
 * labels, and they are plain labels: "kubectl label namespace" (a patch
 * of the Namespace) changes them, and the admission plugin only warns
 * about running pods that the new level would refuse
 * (https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/).
 * A label pod-security.kubernetes.io/enforce: privileged also overrides
 * the defaults of an AdmissionConfiguration, which apply to namespaces
 * without the label.
 */
static bool psa_only(struct escal *e, const char *ns)
{
	const struct kobj *o;
	void **slot;

	if (!e->inv || admits_privileged(e, ns))
		return false;
	slot = strmap_slot(&e->psa_only, ns, strlen(ns));
	if (!*slot) {
		o = inventory_find(e->inv, "Namespace", NULL, ns);
		*slot = o && !adm_policy_guarded(e->inv, &e->pol, o, NULL, 0)
			    ? (void *)&admits
			    : (void *)&refuses;
	}
	return *slot == &admits;
}

/*
 * Identity id may update or patch Namespace ns (*g gets the grant).  The
 * API server takes a request on /api/v1/namespaces/NS as one in namespace
 * NS naming NS (its RequestInfo sets both from the path), so a
 * ClusterRoleBinding grants it, a rule whose resourceNames name NS, and
 * also a RoleBinding of NS itself (kubernetes/kubernetes#134929: a
 * namespace's own admin deletes it the same way).
 */
static bool may_relabel(const struct escal *e, const struct rbac_identity *id,
			const char *ns, struct rbac_grant *g)
{
	static const char *const verbs[] = { "patch", "update" };
	size_t i;

	for (i = 0; i < N(verbs); i++) {
		struct rbac_request rq = { verbs[i], "", "namespaces",
					   ns,	     ns, NULL };
		if (rbac_can(e->r, id, &rq, g))
			return true;
	}
	return false;
}

/*
 * A namespace whose Pod Security label id can lift to privileged before it
 * creates a pod there: ns itself, or when ns is NULL (pods in every
 * namespace) the first such Namespace of the input.  *g gets the grant to
 * update or patch it.  NULL when there is none.
 */
static const char *relabel_open(struct escal *e, const struct rbac_identity *id,
				const char *ns, struct rbac_grant *g)
{
	const struct kobj *const *v;
	size_t n, i;

	if (!e->inv || !e->ns_writers || !id)
		return NULL;
	if (ns)
		return psa_only(e, ns) && may_relabel(e, id, ns, g) ? ns : NULL;
	if (!e->psa_done) {
		v = inventory_kind(e->inv, "Namespace", &n);
		e->psa_list =
		    xrealloc_array(NULL, n ? n : 1, sizeof(*e->psa_list));
		for (i = 0; i < n; i++)
			if (psa_only(e, v[i]->name))
				e->psa_list[e->npsa++] = v[i]->name;
		e->psa_done = true;
	}
	for (i = 0; i < e->npsa; i++)
		if (may_relabel(e, id, e->psa_list[i], g))
			return e->psa_list[i];
	return NULL;
}

/* A rule that may update or patch some Namespace (any or a named one). */
static bool rule_writes_ns(const struct rbac_rule *rule)
{
	static const char *const verbs[] = { "patch", "update" };
	size_t i, j;

	for (i = 0; i < N(verbs); i++)
		for (j = 0; j < (rule->nnames ? rule->nnames : 1); j++) {
			struct rbac_request rq = {
				verbs[i],
				"",
				"namespaces",
				NULL,
				rule->nnames ? rule->names[j] : NULL,
				NULL
			};
			if (rbac_rule_allows(rule, &rq))
				return true;
		}
	return false;
}

static bool any_ns_writer(const struct rbac *r)
{
	const struct rbac_role *const *roles;
	size_t n, i, k;

	roles = rbac_roles(r, &n);
	for (i = 0; i < n; i++)
		for (k = 0; k < roles[i]->nrules; k++)
			if (rule_writes_ns(roles[i]->rules[k]))
				return true;
	return false;
}

static void push_cap(struct escal *e, struct enode *x, enum escal_step st,
		     const char *ns, size_t nsi, const struct rbac_binding *b,
		     const struct rbac_rule *rule,
		     const struct rbac_subject *subj)
{
	struct cap *c;

	if (e->npool == e->allocpool) {
		e->allocpool = e->allocpool ? 2 * e->allocpool : 1024;
		e->pool =
		    xrealloc_array(e->pool, e->allocpool, sizeof(*e->pool));
	}
	if (!x->ncaps)
		x->cap0 = e->npool;
	c = &e->pool[e->npool++];
	x->ncaps++;
	c->step = st;
	c->ns = ns;
	c->nsi = nsi;
	c->g.binding = b;
	c->g.rule = rule;
	c->g.subject = subj;
	memset(&c->relabel, 0, sizeof(c->relabel));
	memset(&c->volume, 0, sizeof(c->volume));
	c->named = false;
	c->t0 = c->nt = 0;
	c->entry = NULL;
}

/*
 * Identity id may create a PersistentVolume (cluster-scoped: a
 * ClusterRoleBinding grants it, *g) and a PersistentVolumeClaim in ns
 * (NULL: in every namespace), so that a pod there mounts a hostPath
 * volume of its choosing through the claim, which no level of Pod
 * Security refuses.  A grant of "*" on "*" (cluster-admin's, say) is no
 * such step: whoever holds it cluster-wide is the goal already.
 */
static bool may_claim_volume(const struct escal *e,
			     const struct rbac_identity *id, const char *ns,
			     struct rbac_grant *g)
{
	struct rbac_request pv = { "create", "",   "persistentvolumes",
				   NULL,     NULL, NULL };
	struct rbac_request pvc = { "create", "",   "persistentvolumeclaims",
				    ns,	      NULL, NULL };

	return id && rbac_can(e->r, id, &pv, g) && g->rule &&
	       !rbac_rule_is_wildcard(g->rule) && !g->binding->is_default &&
	       rbac_can(e->r, id, &pvc, NULL);
}

/* The pod view of o, a Pod or a workload with a pod template. */
static void view_of(const struct kobj *o, struct pod_view *pv)
{
	memset(pv, 0, sizeof(*pv));
	pv->obj = o;
	if (!strcmp(o->kind, "Pod")) {
		pv->meta = node_get(o->root, "metadata");
		pv->spec = node_get(o->root, "spec");
		pv->spec_path = "spec";
	} else {
		pv->meta = node_path(o->root, "spec.template.metadata");
		pv->spec = node_path(o->root, "spec.template.spec");
		pv->spec_path = "spec.template.spec";
	}
}

/*
 * pv's pods run on every node: a DaemonSet (or a Pod a DaemonSet owns)
 * that no nodeSelector or required node affinity keeps to some nodes.
 */
static bool on_every_node(const struct pod_view *pv)
{
	const struct node *refs, *sel;
	bool ds = !strcmp(pv->obj->kind, "DaemonSet");
	size_t i;

	refs = node_get(pv->meta, "ownerReferences");
	if (!ds && !strcmp(pv->obj->kind, "Pod"))
		for (i = 0; i < node_count(refs) && !ds; i++)
			ds = node_str_eq(node_get(node_at(refs, i), "kind"),
					 "DaemonSet") &&
			     node_is_true(
				 node_get(node_at(refs, i), "controller"));
	if (!ds)
		return false;
	sel = node_get(pv->spec, "nodeSelector");
	if (node_member_count(sel))
		return false;
	return !node_path(pv->spec,
			  "affinity.nodeAffinity."
			  "requiredDuringSchedulingIgnoredDuringExecution");
}

/*
 * The first workload of namespace ns (any namespace when NULL) whose pods
 * run on every node and hand it over to code run in them, or NULL.
 */
static const struct kobj *escape_entry(struct escal *e, const char *ns)
{
	if (!e->esc_done) {
		const struct pod_view *pv;
		size_t n, i;

		e->esc_done = true;
		pv = e->inv ? inventory_pods(e->inv, &n) : NULL;
		for (i = 0; pv && i < n; i++) {
			struct wl_escape pe;
			const char *pns = kobj_ns(pv[i].obj);
			void **slot;

			if (!on_every_node(&pv[i]) ||
			    !wl_pod_escape(&pv[i], false, &pe))
				continue;
			if (!e->esc_any)
				e->esc_any = pv[i].obj;
			slot = strmap_slot(&e->esc_ns, pns, strlen(pns));
			if (!*slot)
				*slot = (void *)pv[i].obj;
		}
	}
	if (!ns)
		return e->esc_any;
	return e->esc_any ? strmap_get(&e->esc_ns, ns, strlen(ns)) : NULL;
}

/*
 * A step of node x (identity id), which is the node whose caps are being
 * made.  Whoever may run pods in a namespace that admits privileged ones
 * may also take a node (ESC_NODE_ESCAPE, after the step itself so that it
 * loses ties); so may whoever can also lift the Pod Security label of a
 * namespace that nothing else guards (relabel_open()); so may whoever
 * can also make a hostPath PersistentVolume and claim it there
 * (may_claim_volume()), whatever admits pods.
 */
static void add_cap(struct escal *e, struct enode *x, enum escal_step st,
		    const char *ns, size_t nsi, const struct rbac_binding *b,
		    const struct rbac_rule *rule,
		    const struct rbac_subject *subj,
		    const struct rbac_identity *id)
{
	struct rbac_grant rg = { NULL, NULL, NULL }, vg = { NULL, NULL, NULL };
	const char *open;

	push_cap(e, x, st, ns, nsi, b, rule, subj);
	if (st != ESC_CREATE_PODS && st != ESC_NS_ADMIN)
		return;
	if (!(open = admits_privileged(e, ns)) &&
	    !(open = relabel_open(e, id, ns, &rg))) {
		if (!may_claim_volume(e, id, ns, &vg))
			return;
		open = ns;
	}
	if (e->cp_pod) {
		push_cap(e, x, ESC_CP_NODE, open, NONE, b, rule, subj);
		e->pool[e->npool - 1].relabel = rg;
		e->pool[e->npool - 1].volume = vg;
	}
	push_cap(e, x, ESC_NODE_ESCAPE, open, NONE, b, rule, subj);
	e->pool[e->npool - 1].relabel = rg;
	e->pool[e->npool - 1].volume = vg;
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
	RT_ATTACH,
	RT_IMPERSONATE,
	RT_IMPERSONATE_GROUPS,
	RT_IMPERSONATE_SA,
	RT_BIND_NS,
	RT_BIND_CR,
	RT_ESCALATE_CR,
	RT_CSR,
	RT_COUNT,
};

struct rolecaps {
	bool done;
	unsigned tests; /* bit t set when rule[t] is */
	const struct rbac_rule *rule[RT_COUNT];
	/* a rule binding an all-powerful ClusterRole by its name */
	const struct rbac_rule *bind_wild;
	/* rules with resourceNames that exec or attach: named0 .. + nnamed */
	size_t named0, nnamed;
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
	[RT_READ_SECRETS] = { &p_read_tokens, ESC_READ_SECRETS,
			      ESC_READ_SECRETS },
	[RT_EXEC] = { &p_run_in_pod, ESC_EXEC, ESC_EXEC },
	[RT_ATTACH] = { &p_attach, ESC_ATTACH, ESC_ATTACH },
	[RT_IMPERSONATE] = { &p_imp_users, ESC_IMPERSONATE, ESC_NSTEPS },
	[RT_IMPERSONATE_GROUPS] = { &p_imp_groups, ESC_NSTEPS, ESC_NSTEPS },
	[RT_IMPERSONATE_SA] = { &p_imp_sa, ESC_IMPERSONATE_SA,
				ESC_IMPERSONATE_SA },
	[RT_BIND_NS] = { &p_bind_ns, ESC_NSTEPS, ESC_NSTEPS },
	[RT_BIND_CR] = { &p_bind, ESC_NSTEPS, ESC_NSTEPS },
	[RT_ESCALATE_CR] = { &p_escalate, ESC_NSTEPS, ESC_NSTEPS },
	[RT_CSR] = { &rbac_perms[RBAC_PERM_CSR_APPROVE], ESC_NSTEPS,
		     ESC_NSTEPS },
};

/*
 * A sieve in front of rule matching: the verbs and resources the tests ask
 * for, as bits.  A rule lacking every verb, or every resource, of a test
 * cannot grant it, so most rules are never matched string by string
 * (rbac_rule_allows() compares strings).  A rule's "*" is every bit; a
 * test asking for "*" (the wildcard test) needs the rule's "*" (STAR); a
 * rule's "*\/sub" has the bits of every test resource ending in "/sub".
 */
#define STAR	  (UINT64_C(1) << 63)
#define SIEVE_MAX 62

/* A few dozen names: open addressing on a cheap hash beats strmap here. */
#define SIEVE_SLOTS 256

struct sieve_map {
	struct {
		const char *name;
		size_t len;
		uint64_t bits;
	} v[SIEVE_SLOTS];
};

struct sieve {
	struct sieve_map verbs, res;
	size_t nbits;
	bool off; /* too many names: match everything */
	uint64_t vneed[RT_COUNT], rneed[RT_COUNT];
};

static size_t sieve_hash(const char *s, size_t len)
{
	return ((unsigned char)s[0] * 31u + (unsigned char)s[len - 1] * 7u +
		len) %
	       SIEVE_SLOTS;
}

/* The slot of name in m: its own, or the empty one it would take. */
static size_t sieve_slot(const struct sieve_map *m, const char *s, size_t len)
{
	size_t h = sieve_hash(s, len);

	while (m->v[h].name &&
	       (m->v[h].len != len || memcmp(m->v[h].name, s, len)))
		h = (h + 1) % SIEVE_SLOTS;
	return h;
}

static uint64_t sieve_get(const struct sieve_map *m, const char *name)
{
	size_t len = strlen(name);

	return len ? m->v[sieve_slot(m, name, len)].bits : 0;
}

/* Add bit to name's bits in m; the names are static strings. */
static void sieve_put(struct sieve *sv, struct sieve_map *m, const char *name,
		      size_t len, uint64_t bit)
{
	size_t h;

	if (!len || sv->nbits + 1 >= SIEVE_SLOTS / 2) {
		sv->off = true;
		return;
	}
	h = sieve_slot(m, name, len);
	if (!m->v[h].name) {
		m->v[h].name = name;
		m->v[h].len = len;
		sv->nbits++;
	}
	m->v[h].bits |= bit;
}

/* A new bit, or none (and the sieve off) past SIEVE_MAX. */
static uint64_t sieve_new(struct sieve *sv, size_t *n)
{
	if (*n >= SIEVE_MAX) {
		sv->off = true;
		return 0;
	}
	return UINT64_C(1) << (*n)++;
}

/* The bit of a test's verb or resource (names are static strings). */
static uint64_t sieve_name(struct sieve *sv, struct sieve_map *m, size_t *n,
			   const char *name)
{
	uint64_t b;

	if (!strcmp(name, "*"))
		return STAR;
	if ((b = sieve_get(m, name)))
		return b;
	b = sieve_new(sv, n);
	sieve_put(sv, m, name, strlen(name), b);
	return b;
}

/* A rule's "*\/sub" resource: the bits of every test resource ending in
 * "/sub". */
static uint64_t sieve_sub(const struct sieve *sv, const char *sub)
{
	uint64_t b = 0;
	size_t i, sl = strlen(sub);

	for (i = 0; i < SIEVE_SLOTS; i++) {
		const char *r = sv->res.v[i].name;
		size_t rl = sv->res.v[i].len;
		if (r && rl > sl && r[rl - sl - 1] == '/' &&
		    !memcmp(r + rl - sl, sub, sl))
			b |= sv->res.v[i].bits;
	}
	return b;
}

static void sieve_init(struct sieve *sv)
{
	size_t t, i, nv = 0, nr = 0;

	memset(sv, 0, sizeof(*sv));
	for (t = 0; t < RT_COUNT; t++) {
		const struct rbac_perm *p = rtests[t].perm;
		for (i = 0; i < p->nany + p->ncluster_any; i++) {
			const struct rbac_perm_req *q =
			    i < p->nany ? &p->any[i]
					: &p->cluster_any[i - p->nany];
			sv->vneed[t] |=
			    sieve_name(sv, &sv->verbs, &nv, q->verb);
			sv->rneed[t] |=
			    sieve_name(sv, &sv->res, &nr, q->resource);
		}
	}
}

/* The bits of a rule's verbs or resources; "*" is every bit. */
static uint64_t rule_bits(const struct sieve *sv, const struct sieve_map *m,
			  const char *const *v, size_t n)
{
	uint64_t b = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(v[i], "*"))
			return ~UINT64_C(0);
		b |= sieve_get(m, v[i]);
		if (m == &sv->res && v[i][0] == '*' && v[i][1] == '/')
			b |= sieve_sub(sv, v[i] + 2);
	}
	return b;
}

/*
 * rbac_perm_rule() for a ClusterRoleBinding, past the sieve; single is the
 * role with one rule, *one, which is set to each rule in turn.
 */
static const struct rbac_rule *
role_rule(const struct rbac_role *role, struct rbac_role *single,
	  const struct rbac_rule **one, const struct rbac_perm *p,
	  const struct sieve *sv, size_t t, const uint64_t (*masks)[2])
{
	size_t i;

	for (i = 0; i < role->nrules; i++) {
		if (!sv->off && (!(masks[i][0] & sv->vneed[t]) ||
				 !(masks[i][1] & sv->rneed[t])))
			continue;
		*one = role->rules[i];
		if (rbac_perm_rule(single, p, NULL, true, false))
			return role->rules[i];
	}
	return NULL;
}

/* The bindings naming one group, looked up once. */
struct refs {
	const struct rbac_ref *v;
	size_t n;
	bool done;
};

struct rcache {
	struct rolecaps *v; /* by role id */
	const char **wild;  /* names of the ClusterRoles with "*" on "*" */
	size_t nwild;
	struct sieve sieve;
	struct refs common[3]; /* the groups of the names below */
	const char *seen[3];   /* the strings last found equal to them */
	struct refs *sa_ns;    /* system:serviceaccounts:NS, by index */
	/* the rules of rolecaps' named0 .. named0 + nnamed, with their step */
	struct named_rule {
		const struct rbac_rule *rule;
		enum escal_step step;
	} * named;
	size_t nnamed;
};

static const char *const common_groups[3] = {
	"system:authenticated",
	"system:unauthenticated",
	"system:serviceaccounts",
};

/*
 * A rule of role restricted by resourceNames that allows bind on one of
 * the all-powerful ClusterRoles: whoever may also write a binding grants
 * it to themselves.  (Unrestricted bind is RT_BIND_CR's and RT_BIND_NS's.)
 */
static const struct rbac_rule *bind_wild_rule(const struct rcache *cache,
					      const struct rbac_role *role)
{
	size_t i, w;

	for (i = 0; i < role->nrules; i++) {
		const struct rbac_rule *rule = role->rules[i];

		for (w = 0; rule->nnames && w < cache->nwild; w++) {
			struct rbac_request rq = { "bind",	   RBAC_API,
						   "clusterroles", NULL,
						   cache->wild[w], NULL };
			if (rbac_rule_allows(rule, &rq))
				return rule;
		}
	}
	return NULL;
}

/*
 * Rule (with resourceNames) allows one of requests q for the pod called
 * name.  rbac_perm_rule() asks about no object, so such a rule grants no
 * exec there.
 */
static bool named_allows(const struct rbac_rule *rule,
			 const struct rbac_perm_req *q, size_t nq,
			 const char *name)
{
	size_t i;

	for (i = 0; i < nq; i++) {
		struct rbac_request rq = { q[i].verb, q[i].group, q[i].resource,
					   NULL,      name,	  NULL };
		if (rbac_rule_allows(rule, &rq))
			return true;
	}
	return false;
}

static bool named_step_allows(const struct rbac_rule *rule, enum escal_step st,
			      const char *name)
{
	return st == ESC_ATTACH
		   ? named_allows(rule, attach_pod, N(attach_pod), name)
		   : named_allows(rule, run_in_pod, N(run_in_pod), name);
}

/*
 * The rules of role that exec into, attach to, add ephemeral containers to
 * or update the pods their resourceNames name: each reaches those pods
 * only (named_targets()), not every pod of the scope.
 */
static void named_rules(struct rcache *cache, const struct rbac_role *role,
			struct rolecaps *rc)
{
	static const enum escal_step steps[] = { ESC_EXEC, ESC_ATTACH };
	size_t i, j, s;

	rc->named0 = cache->nnamed;
	for (i = 0; i < role->nrules; i++) {
		const struct rbac_rule *rule = role->rules[i];

		for (s = 0; rule->nnames && s < N(steps); s++) {
			for (j = 0; j < rule->nnames; j++)
				if (named_step_allows(rule, steps[s],
						      rule->names[j]))
					break;
			if (j == rule->nnames)
				continue;
			cache->named =
			    xrealloc_array(cache->named, cache->nnamed + 1,
					   sizeof(*cache->named));
			cache->named[cache->nnamed].rule = rule;
			cache->named[cache->nnamed++].step = steps[s];
		}
	}
	rc->nnamed = cache->nnamed - rc->named0;
}

static const struct rolecaps *role_caps(struct rcache *cache,
					const struct rbac_role *role)
{
	struct rolecaps *rc = &cache->v[role->id];
	const struct sieve *sv = &cache->sieve;
	uint64_t small[8][2], (*masks)[2] = small, vall = 0, rall = 0;
	const struct rbac_rule *one[1];
	struct rbac_role single;
	size_t t, i;

	if (rc->done)
		return rc;
	rc->done = true;
	if (role->nrules > N(small))
		masks = xrealloc_array(NULL, role->nrules, sizeof(*masks));
	for (i = 0; i < role->nrules; i++) {
		const struct rbac_rule *rule = role->rules[i];
		masks[i][0] =
		    rule_bits(sv, &sv->verbs, rule->verbs, rule->nverbs);
		masks[i][1] =
		    rule_bits(sv, &sv->res, rule->resources, rule->nresources);
		vall |= masks[i][0];
		rall |= masks[i][1];
	}
	single = *role;
	single.rules = one;
	single.nrules = 1;
	for (t = 0; t < RT_COUNT; t++) {
		/* no rule has a verb and no rule a resource of the test */
		if (!sv->off &&
		    (!(vall & sv->vneed[t]) || !(rall & sv->rneed[t])))
			continue;
		rc->rule[t] =
		    role_rule(role, &single, one, rtests[t].perm, sv, t, masks);
		if (rc->rule[t])
			rc->tests |= 1u << t;
	}
	if (masks != small)
		free(masks);
	/*
	 * A template change limited to named controllers still rolls out
	 * pods of any image and account of the namespace: creating pods.
	 */
	if (!rc->rule[RT_CREATE_PODS] &&
	    (rc->rule[RT_CREATE_PODS] = rbac_perm_rule_named(
		 role, &rbac_perms[RBAC_PERM_CREATE_WORKLOADS], NULL, true)))
		rc->tests |= 1u << RT_CREATE_PODS;
	rc->bind_wild = cache->nwild ? bind_wild_rule(cache, role) : NULL;
	named_rules(cache, role, rc);
	return rc;
}

/*
 * Steps one binding of the node's identity allows; *paired is set when a
 * step needing a second permission (bind, escalate, CSR) may apply.
 */
static void binding_caps(struct escal *e, const struct rbac *r, struct enode *x,
			 const struct rbac_identity *id,
			 const struct rbac_grant *g, const struct rcache *cache,
			 const struct rolecaps *rc, bool *paired)
{
	const struct rbac_binding *b = g->binding;
	const char *ns = b->cluster ? NULL : b->ns;
	size_t t, nsi;
	unsigned left = rc->tests;

	if (!left && !rc->bind_wild && !rc->nnamed)
		return;
	nsi = ns ? ns_index(e, ns) : NONE;
	for (t = rc->named0; t < rc->named0 + rc->nnamed; t++) {
		add_cap(e, x, cache->named[t].step, ns, nsi, b,
			cache->named[t].rule, g->subject, id);
		e->pool[e->npool - 1].named = true;
	}
	if (rc->bind_wild) {
		struct rbac_request rq = {
			"create",
			RBAC_API,
			b->cluster ? "clusterrolebindings" : "rolebindings",
			ns,
			NULL,
			NULL
		};
		if (rbac_can(r, id, &rq, NULL))
			add_cap(e, x, b->cluster ? ESC_BIND : ESC_NS_ADMIN, ns,
				nsi, b, rc->bind_wild, g->subject, id);
	}
	for (t = 0; left; t++, left >>= 1) {
		enum escal_step st;
		if (!(left & 1))
			continue;
		st = b->cluster ? rtests[t].step : rtests[t].ns_step;
		if (st != ESC_NSTEPS)
			add_cap(e, x, st, ns, nsi, b, rc->rule[t], g->subject,
				id);
	}
	if (rc->tests & (1u << RT_EXEC)) {
		const struct kobj *entry = escape_entry(e, ns);
		if (entry) {
			push_cap(e, x, ESC_EXEC_NODE, ns, NONE, b,
				 rc->rule[RT_EXEC], g->subject);
			e->pool[e->npool - 1].entry = entry;
		}
	}
	if (b->cluster && (rc->rule[RT_BIND_CR] || rc->rule[RT_ESCALATE_CR] ||
			   rc->rule[RT_CSR] || rc->rule[RT_IMPERSONATE_GROUPS]))
		*paired = true;
	if (!b->cluster && rc->rule[RT_BIND_NS]) {
		struct rbac_request rq = { "create", RBAC_API, "rolebindings",
					   ns,	     NULL,     NULL };
		if (rbac_can(r, id, &rq, NULL))
			add_cap(e, x, ESC_NS_ADMIN, ns, nsi, b,
				rc->rule[RT_BIND_NS], g->subject, id);
	}
}

/*
 * id may impersonate some user or service account, by any name: the
 * API server refuses Impersonate-Group without Impersonate-User, and asks
 * about a user (with no namespace) or a service account (in its
 * namespace) by name, so a rule limited by resourceNames carries the
 * groups as well as an unrestricted one.
 */
static bool imp_carrier(const struct rbac *r, const struct rbac_identity *id)
{
	struct rbac_grant *v = NULL;
	size_t i, n = rbac_rules_of(r, id, &v);
	bool ok = false;

	for (i = 0; i < n && !ok; i++) {
		const struct rbac_rule *rule = v[i].rule;
		const char *ns =
		    v[i].binding->cluster ? NULL : v[i].binding->ns;
		const char *name = rule->nnames ? rule->names[0] : "x";
		struct rbac_request user = { "impersonate", "",	  "users",
					     NULL,	    name, NULL };
		struct rbac_request sa = {
			"impersonate", "", "serviceaccounts", ns, name, NULL
		};

		ok = (!ns && rbac_rule_allows(rule, &user)) ||
		     rbac_rule_allows(rule, &sa);
	}
	free(v);
	return ok;
}

/* Steps needing two permissions, possibly from two bindings. */
static void paired_caps(struct escal *e, const struct rbac *r, struct enode *x,
			const struct rbac_identity *id)
{
	struct rbac_grant g;

	if (rbac_perm_held(r, id, &p_bind, &g, NULL) ||
	    (rbac_perm_held(r, id, &p_escalate, &g, NULL) &&
	     rbac_perm_held(r, id, &p_update_cr, NULL, NULL)))
		add_cap(e, x, ESC_BIND, NULL, NONE, g.binding, g.rule,
			g.subject, id);
	if (rbac_perm_held(r, id, &rbac_perms[RBAC_PERM_CSR_APPROVE], &g, NULL))
		add_cap(e, x, ESC_CSR, NULL, NONE, g.binding, g.rule, g.subject,
			id);
	if (rbac_perm_held(r, id, &p_imp_groups, &g, NULL) &&
	    imp_carrier(r, id))
		add_cap(e, x, ESC_IMPERSONATE, NULL, NONE, g.binding, g.rule,
			g.subject, id);
}

/*
 * The steps of one node: the bindings naming its user and each of its
 * groups, walked in the order rbac_rules_of() lists them, each binding
 * once in a row.
 */
/*
 * rbac_refs() of group g of node x: the groups every user or every
 * service account of a namespace is in are looked up once, not per node.
 */
static size_t group_refs(const struct rbac *r, struct rcache *cache,
			 const struct enode *x, const char *g,
			 const char *sa_group, const struct rbac_ref **v)
{
	struct refs *m = NULL;
	size_t i;

	if (g == sa_group && x->is_sa)
		m = &cache->sa_ns[x->nsi];
	else if (x->s->kind == RBAC_GROUP && g == x->s->name)
		return rbac_refs_at(r, x->s->refs, v);
	/* the same static strings come back for every node */
	for (i = 0; !m && i < N(common_groups); i++)
		if (g == cache->seen[i])
			m = &cache->common[i];
	for (i = 0; !m && i < N(common_groups); i++)
		if (!strcmp(g, common_groups[i])) {
			m = &cache->common[i];
			cache->seen[i] = g;
		}
	if (!m)
		return rbac_refs(r, true, g, v);
	if (!m->done) {
		m->n = rbac_refs(r, true, g, &m->v);
		m->done = true;
	}
	*v = m->v;
	return m->n;
}

static void node_caps(struct escal *e, const struct rbac *r,
		      struct rcache *cache, struct enode *x)
{
	const char *groups[4];
	char buf[320];
	struct rbac_identity id;
	const struct rbac_binding *last = NULL;
	bool paired = false;
	size_t k, i, n;

	if (!rbac_subject_identity(x->s, groups, buf, sizeof(buf), &id))
		return;
	for (k = 0; k <= id.ngroups; k++) {
		const struct rbac_ref *v;
		if (k == 0 && !*id.user)
			continue;
		n = k ? group_refs(r, cache, x, id.groups[k - 1], buf, &v)
		      : rbac_refs_at(r, x->s->refs, &v);
		for (i = 0; i < n; i++) {
			const struct rbac_binding *b = v[i].b;
			struct rbac_grant g = { b, v[i].s, NULL };
			if (!b->role || !b->role->nrules || b == last)
				continue;
			last = b;
			binding_caps(e, r, x, &id, &g, cache,
				     role_caps(cache, b->role), &paired);
		}
	}
	if (paired)
		paired_caps(e, r, x, &id);
}

/*
 * The first container of pv that keeps stdin open (stdin: true), so an
 * attach reaches the process it runs.  Without it the kubelet gives an
 * attach the container's output only: nothing the attacker chose runs.
 * Every list counts: the API server attaches to any container of the pod
 * by name, and a classic init container that waits on stdin holds the
 * pod in its init phase for as long as nobody writes to it.
 */
static const char *stdin_container(const struct pod_view *pv)
{
	struct wl_iter it;

	wl_iter_init(&it, pv);
	while (wl_next(&it))
		if (node_is_true(node_get(it.c, "stdin")))
			return it.name;
	return NULL;
}

/* Legacy token Secrets and pods with a mounted token, per account. */
static void memberships(struct escal *e, const struct inventory *inv)
{
	const struct kobj *const *sv;
	const struct pod_view *pv;
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
		k = find_sa(e, kobj_ns(sv[i]), sa);
		if (k != NONE && !e->v[k].secret)
			e->v[k].secret = sv[i];
	}
	/* the accounts that turn automounting off, looked up once */
	sv = inventory_kind(inv, "ServiceAccount", &n);
	for (i = 0; i < n; i++) {
		if (!node_is_false(node_get(sv[i]->root,
					    "automountServiceAccountToken")) ||
		    inventory_find(inv, "ServiceAccount", kobj_ns(sv[i]),
				   sv[i]->name) != sv[i])
			continue;
		k = find_sa(e, kobj_ns(sv[i]), sv[i]->name);
		if (k != NONE)
			e->v[k].no_automount = true;
	}
	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++) {
		struct sa_token t;
		struct enode *x;
		/* only accounts bound to something are nodes */
		sa_token_account(&pv[i], &t);
		k = find_sa(e, t.ns, t.name);
		if (k == NONE)
			continue;
		x = &e->v[k];
		if ((x->pod && x->stdin_pod) ||
		    !sa_token_mounted_known(&pv[i], &t, x->no_automount))
			continue;
		if (!x->pod)
			x->pod = pv[i].obj;
		if (!x->stdin_pod && (x->stdin_ctr = stdin_container(&pv[i])))
			x->stdin_pod = pv[i].obj;
	}
}

/*
 * Pod o as a target of named step c: the node of the account whose token
 * it mounts, for attach only when a container keeps stdin open.
 */
static void add_target(struct escal *e, struct cap *c, const struct kobj *o)
{
	struct pod_view pv;
	struct sa_token t;
	const char *ctr = NULL;
	struct target *g;
	size_t k;

	view_of(o, &pv);
	sa_token_account(&pv, &t);
	k = find_sa(e, t.ns, t.name);
	if (k == NONE ||
	    !sa_token_mounted_known(&pv, &t, e->v[k].no_automount) ||
	    (c->step == ESC_ATTACH && !(ctr = stdin_container(&pv))))
		return;
	if (e->ntg == e->alloctg) {
		e->alloctg = e->alloctg ? 2 * e->alloctg : 16;
		e->tg = xrealloc_array(e->tg, e->alloctg, sizeof(*e->tg));
	}
	g = &e->tg[e->ntg++];
	g->k = k;
	g->pod = o;
	g->ctr = ctr;
	c->nt++;
}

/*
 * The StatefulSet of namespace ns whose pod is called name: "SET-N", N an
 * ordinal it runs (from spec.ordinals.start, 0 by default, spec.replicas
 * pods, 1 by default), written without leading zeros as the controller
 * names its pods.  NULL for any other name.
 */
static const struct kobj *stateful_set_of(const struct inventory *inv,
					  const char *ns, const char *name)
{
	const char *dash = strrchr(name, '-'), *d;
	const struct kobj *set;
	long long ord = 0, start = 0, replicas = 1;
	char base[256];

	if (!dash || dash == name || !dash[1] ||
	    (size_t)(dash - name) >= sizeof(base) ||
	    (dash[1] == '0' && dash[2]))
		return NULL;
	for (d = dash + 1; *d; d++) {
		if (*d < '0' || *d > '9' || ord > 1000000000)
			return NULL;
		ord = ord * 10 + (*d - '0');
	}
	memcpy(base, name, (size_t)(dash - name));
	base[dash - name] = 0;
	set = inventory_find(inv, "StatefulSet", ns, base);
	if (!set)
		return NULL;
	node_int(node_path(set->root, "spec.replicas"), &replicas);
	node_int(node_path(set->root, "spec.ordinals.start"), &start);
	return ord >= start && ord - start < replicas ? set : NULL;
}

/*
 * The pods each named step reaches: the Pods of its scope whose names its
 * rule lists (for the step's verbs), and the pods of a StatefulSet, whose
 * names are known in advance.  Other controllers' pods have names the
 * input does not know.
 */
static void named_targets(struct escal *e, const struct inventory *inv)
{
	const struct kobj *const *pods = NULL, *const *sets = NULL;
	size_t i, j, p, npods = 0, nsets = 0;

	for (i = 0; i < e->npool; i++) {
		struct cap *c = &e->pool[i];
		const struct rbac_rule *rule = c->g.rule;

		if (!c->named)
			continue;
		c->t0 = e->ntg;
		if (!c->ns && !pods) {
			pods = inventory_kind(inv, "Pod", &npods);
			sets = inventory_kind(inv, "StatefulSet", &nsets);
		}
		for (j = 0; j < rule->nnames; j++) {
			const char *name = rule->names[j];
			const struct kobj *o;

			if (!named_step_allows(rule, c->step, name))
				continue;
			if (c->ns) {
				o = inventory_find(inv, "Pod", c->ns, name);
				if (!o)
					o = stateful_set_of(inv, c->ns, name);
				if (o)
					add_target(e, c, o);
				continue;
			}
			for (p = 0; p < npods; p++)
				if (!strcmp(pods[p]->name, name))
					add_target(e, c, pods[p]);
			for (p = 0; p < nsets; p++)
				if (stateful_set_of(inv, kobj_ns(sets[p]),
						    name) == sets[p])
					add_target(e, c, sets[p]);
		}
	}
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

/*
 * The best service account of each namespace (by dense index) and of the
 * whole cluster (all), for each target set.
 */
static void bests(const struct escal *e, struct best *per_ns, struct best *all)
{
	size_t k, t;

	for (t = 0; t < T_COUNT; t++)
		all->v[t] = NONE;
	for (k = 0; k < e->nns; k++)
		for (t = 0; t < T_COUNT; t++)
			per_ns[k].v[t] = NONE;
	for (k = 0; k < e->n; k++) {
		const struct enode *x = &e->v[k];
		struct best *b;
		if (!x->is_sa || x->dist == INF)
			continue;
		b = &per_ns[x->nsi];
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
		if (x->stdin_pod) {
			best_put(b, e, k, T_STDIN);
			best_put(all, e, k, T_STDIN);
		}
	}
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

/* Named step i of node k through its nearest target. */
static bool relax_named(struct escal *e, size_t k, size_t i)
{
	struct enode *x = &e->v[k];
	const struct cap *c = &x->caps[i];
	const struct target *best = NULL;
	size_t j;

	for (j = c->t0; j < c->t0 + c->nt; j++) {
		const struct target *g = &e->tg[j];
		if (g->k != k && e->v[g->k].dist != INF &&
		    (!best || e->v[g->k].dist < e->v[best->k].dist))
			best = g;
	}
	if (!best || e->v[best->k].dist + 1 >= x->dist)
		return false;
	x->dist = e->v[best->k].dist + 1;
	x->how = i;
	x->next = best->k;
	x->hop_pod = best->pod;
	x->hop_ctr = best->ctr;
	return true;
}

static bool relax(struct escal *e, const struct best *per_ns,
		  const struct best *all)
{
	bool changed = false;
	size_t k, i;

	for (k = 0; k < e->n; k++) {
		struct enode *x = &e->v[k];
		for (i = 0; i < x->ncaps; i++) {
			const struct cap *c = &x->caps[i];
			const struct best *b =
			    c->nsi == NONE ? all : &per_ns[c->nsi];
			size_t t;
			if (is_goal(c->step))
				continue;
			if (c->named) {
				changed |= relax_named(e, k, i);
				continue;
			}
			t = b->v[set_of(c->step)];
			if (t == NONE || t == k || e->v[t].dist + 1 >= x->dist)
				continue;
			x->dist = e->v[t].dist + 1;
			x->how = i;
			x->next = t;
			x->hop_pod = NULL;
			x->hop_ctr = NULL;
			changed = true;
		}
	}
	return changed;
}

static void solve_rounds(struct escal *e);

/* The ClusterRoles of r with a "*" on "*" rule, by name, into cache. */
static void wild_roles(const struct rbac *r, struct rcache *cache)
{
	size_t n, i, k;
	const struct rbac_role *const *roles = rbac_roles(r, &n);

	for (i = 0; i < n; i++) {
		const struct rbac_role *role = roles[i];

		for (k = 0; role->cluster && k < role->nrules; k++)
			if (rbac_rule_is_wildcard(role->rules[k]))
				break;
		if (!role->cluster || k == role->nrules)
			continue;
		cache->wild = xrealloc_array(cache->wild, cache->nwild + 1,
					     sizeof(*cache->wild));
		cache->wild[cache->nwild++] = role->name;
	}
}

/*
 * A Pod of kube-system that runs the cluster's own API server or etcd (a
 * kubeadm static pod or its mirror): the node it runs on holds their keys
 * as files.  NULL when the control plane is not in the input (managed
 * clusters, manifests).
 */
static const struct kobj *control_plane_pod(const struct inventory *inv)
{
	const struct kobj *const *v, *found = NULL;
	struct arena *a = NULL;
	size_t n, i, k;

	v = inventory_kind(inv, "Pod", &n);
	for (i = 0; i < n && !found; i++) {
		const struct node *cs =
		    node_path(v[i]->root, "spec.containers");
		if (strcmp(kobj_ns(v[i]), "kube-system"))
			continue;
		for (k = 0; k < node_count(cs) && !found; k++) {
			const struct node *c = node_at(cs, k);
			enum program_id id;
			if (!program_mentioned(c))
				continue;
			if (!a)
				a = arena_new();
			id = program_of(c, NULL, a, NULL);
			if (id == PROGRAM_KUBE_APISERVER || id == PROGRAM_ETCD)
				found = v[i];
		}
	}
	if (a)
		arena_free(a);
	return found;
}

struct escal *escal_build(const struct rbac *r, const struct inventory *inv)
{
	struct escal *e = xmalloc(sizeof(*e));
	struct rcache cache;
	size_t k, nroles;

	memset(e, 0, sizeof(*e));
	e->r = r;
	e->inv = inv;
	e->cp_pod = control_plane_pod(inv);
	e->ns_writers = any_ns_writer(r);
	add_nodes(e, r);
	rbac_roles(r, &nroles);
	memset(&cache, 0, sizeof(cache));
	cache.v = calloc(nroles ? nroles : 1, sizeof(*cache.v));
	cache.sa_ns = calloc(e->nns ? e->nns : 1, sizeof(*cache.sa_ns));
	if (!cache.v || !cache.sa_ns)
		oom();
	sieve_init(&cache.sieve);
	wild_roles(r, &cache);
	e->allocpool = e->n > 1024 ? e->n : 1024;
	e->pool = xrealloc_array(NULL, e->allocpool, sizeof(*e->pool));
	for (k = 0; k < e->n; k++)
		node_caps(e, r, &cache, &e->v[k]);
	for (k = 0; k < e->n; k++)
		e->v[k].caps = e->pool ? e->pool + e->v[k].cap0 : NULL;
	free(cache.v);
	free(cache.sa_ns);
	free(cache.wild);
	free(cache.named);
	if (e->pol_done)
		adm_policies_release(&e->pol);
	strmap_release(&e->open);
	strmap_release(&e->psa_only);
	strmap_release(&e->esc_ns);
	free(e->psa_list);
	e->psa_list = NULL;
	e->inv = NULL;
	memberships(e, inv);
	named_targets(e, inv);
	solve_goals(e);
	solve_rounds(e);
	return e;
}

void escal_free(struct escal *e)
{
	if (!e)
		return;
	free(e->pool);
	free(e->tg);
	free(e->v);
	free(e->by_list[0]);
	free(e->by_list[1]);
	strmap_release(&e->nsidx);
	free(e);
}

/* The node of s: a subject of the rbac's bindings, or one made by hand. */
static size_t node_of(const struct escal *e, const struct rbac_subject *s)
{
	bool sa = s->kind == RBAC_SERVICEACCOUNT;

	if (!subject_usable(s))
		return NONE;
	if (s->refs)
		return node_by_refs(e, sa, s->refs);
	if (sa)
		return find_sa(e, s->ns, s->name);
	return node_by_refs(e, false,
			    rbac_refs_id(e->r, s->kind == RBAC_GROUP, s->name));
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
		h->relabel = c->relabel;
		h->volume = c->volume;
		h->entry = c->entry;
		h->to = NULL;
		h->via = NULL;
		h->via_container = NULL;
		if (is_goal(c->step))
			break;
		h->to = e->v[x->next].s;
		if (c->named) {
			h->via = x->hop_pod;
			h->via_container = x->hop_ctr;
		} else if (c->step == ESC_READ_SECRETS)
			h->via = e->v[x->next].secret;
		else if (c->step == ESC_EXEC || c->step == ESC_NODE_ESCAPE ||
			 c->step == ESC_EXEC_NODE)
			h->via = e->v[x->next].pod;
		else if (c->step == ESC_ATTACH) {
			h->via = e->v[x->next].stdin_pod;
			h->via_container = e->v[x->next].stdin_ctr;
		}
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
	struct best *per_ns, all;
	size_t round;

	per_ns = xrealloc_array(NULL, e->nns ? e->nns : 1, sizeof(*per_ns));
	/* each round settles one more hop; chains are short */
	for (round = 0; round < 32; round++) {
		bests(e, per_ns, &all);
		if (!relax(e, per_ns, &all))
			break;
	}
	free(per_ns);
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

/* ---- text --------------------------------------------------------------- */

static const char *scope(struct arena *a, const char *ns)
{
	if (!ns)
		return "in every namespace";
	return arena_printf(a, "in namespace %s", *ns ? ns : "(unspecified)");
}

/* What taking a step to a service account does. */
static const char *reach(struct arena *a, const struct escal_hop *h)
{
	const struct rbac_subject *to = h->to;
	const char *sa =
	    arena_printf(a, "ServiceAccount %s/%s", to->ns, to->name);

	switch (h->step) {
	case ESC_READ_SECRETS:
		return arena_printf(a, "reads Secret %s, the token of %s",
				    h->via ? h->via->name : "?", sa);
	case ESC_EXEC:
		return arena_printf(a, "%s %s %s, which mounts the token of %s",
				    run_in_pod_text[run_in_pod_way(h)].does,
				    h->via ? h->via->kind : "pod",
				    h->via ? h->via->name : "?", sa);
	case ESC_EXEC_NODE: {
		struct pod_view pv;
		struct wl_escape pe;

		if (!h->entry)
			return arena_printf(
			    a, "takes a node, so the token of %s", sa);
		view_of(h->entry, &pv);
		if (!wl_pod_escape(&pv, false, &pe))
			pe.what[0] = 0;
		return arena_printf(
		    a,
		    "%s %s %s/%s, where %s, so it takes every node and "
		    "the token that %s %s/%s mounts, of %s",
		    run_in_pod_text[run_in_pod_way(h)].does, h->entry->kind,
		    kobj_ns(h->entry), h->entry->name, pe.what,
		    h->via ? h->via->kind : "pod",
		    h->via ? kobj_ns(h->via) : "?", h->via ? h->via->name : "?",
		    sa);
	}
	case ESC_NODE_ESCAPE:
		return arena_printf(a,
				    "takes the node of %s %s/%s, which mounts "
				    "the token of %s",
				    h->via ? h->via->kind : "pod",
				    h->via ? kobj_ns(h->via) : "?",
				    h->via ? h->via->name : "?", sa);
	case ESC_ATTACH:
		return arena_printf(a,
				    "attaches to container %s of %s %s, "
				    "which keeps stdin open (stdin: true), "
				    "and the pod mounts the token of %s",
				    h->via_container ? h->via_container : "?",
				    h->via ? h->via->kind : "pod",
				    h->via ? h->via->name : "?", sa);
	case ESC_SA_TOKEN: return arena_printf(a, "requests a token of %s", sa);
	case ESC_IMPERSONATE_SA: return arena_printf(a, "impersonates %s", sa);
	default: break;
	}
	if (by_template(h))
		return arena_printf(a, "rolls out a pod as %s", sa);
	return arena_printf(a, "runs a pod as %s", sa);
}

const char *escal_chain_text(struct arena *a, const struct escal_hop *h,
			     size_t n)
{
	if (!n)
		return "";
	const char *t;
	size_t i;

	if (n == 1)
		return arena_printf(a, "it %s", escal_hop_text(&h[0]));
	t = arena_printf(a, "it %s %s, so it %s", escal_hop_text(&h[0]),
			 scope(a, h[0].ns), reach(a, &h[0]));
	/* each middle step is taken by the account the one before reached */
	for (i = 1; i + 1 < n; i++)
		t = arena_printf(a, "%s; then it %s %s, so it %s", t,
				 escal_hop_text(&h[i]), scope(a, h[i].ns),
				 reach(a, &h[i]));
	return arena_printf(a, "%s; then %s %s", t,
			    rbac_subject_text(a, h[n - 1].who),
			    escal_hop_text(&h[n - 1]));
}

void escal_hops(struct findings *out, struct finding *fd,
		const struct escal_hop *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct rbac_binding *b = h[i].grant.binding;
		const char *who = rbac_subject_text(out->arena, h[i].who);
		const char *label;
		const struct rbac_binding *rb = h[i].relabel.binding;
		const struct rbac_binding *vb = h[i].volume.binding;

		if (vb)
			finding_hop(
			    out, fd, vb->obj, node_get(vb->role_ref, "name"),
			    "roleRef.name", vb->role_name,
			    arena_printf(out->arena,
					 "%s can create PersistentVolumes "
					 "through %s %s (%s %s), so it makes "
					 "one of a node's directories "
					 "(hostPath)",
					 who, vb->obj->kind, vb->obj->name,
					 vb->role_kind, vb->role_name));
		if (rb)
			finding_hop(
			    out, fd, rb->obj, node_get(rb->role_ref, "name"),
			    "roleRef.name", rb->role_name,
			    arena_printf(out->arena,
					 "%s can update or patch Namespace %s "
					 "through %s %s (%s %s), so it sets "
					 "pod-security.kubernetes.io/enforce: "
					 "privileged there",
					 who, h[i].ns ? h[i].ns : "?",
					 rb->obj->kind, rb->obj->name,
					 rb->role_kind, rb->role_name));

		if (h[i].entry) {
			struct pod_view pv;
			struct wl_escape pe;

			view_of(h[i].entry, &pv);
			if (wl_pod_escape(&pv, false, &pe))
				finding_hop(
				    out, fd, h[i].entry, pe.at, pe.path,
				    node_scalar_text(pe.at),
				    arena_printf(out->arena,
						 "%s %s/%s runs on every node "
						 "and %s, so code run in it "
						 "controls the node",
						 h[i].entry->kind,
						 kobj_ns(h[i].entry),
						 h[i].entry->name, pe.what));
		}
		if (!h[i].to)
			label = arena_printf(
			    out->arena, "%s %s through %s %s (%s %s)", who,
			    escal_hop_text(&h[i]), b->obj->kind, b->obj->name,
			    b->role_kind, b->role_name);
		else
			label = arena_printf(
			    out->arena,
			    "%s %s %s through %s %s (%s %s), so it %s", who,
			    escal_hop_text(&h[i]), scope(out->arena, h[i].ns),
			    b->obj->kind, b->obj->name, b->role_kind,
			    b->role_name, reach(out->arena, &h[i]));
		finding_hop(out, fd, b->obj, node_get(b->role_ref, "name"),
			    "roleRef.name", b->role_name, label);
	}
}
