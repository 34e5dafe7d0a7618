/*
 * netpol_int.h - what netpol.c shares with netpol_engine.c, the rules of
 * Cilium, Calico and admin network policies.  Not for other callers.
 */
#ifndef THREATMAP_NETPOL_INT_H
#define THREATMAP_NETPOL_INT_H

#include "analysis/netpol.h"
#include "strmap.h"

struct ns_list {
	const struct kobj **v;
	size_t n, alloc;
};

enum engine {
	ENG_CILIUM,	 /* CiliumNetworkPolicy (namespaced) */
	ENG_CILIUM_CW,	 /* CiliumClusterwideNetworkPolicy */
	ENG_CALICO,	 /* Calico NetworkPolicy (namespaced) */
	ENG_CALICO_GLOB, /* Calico GlobalNetworkPolicy */
	ENG_ANP,	 /* Admin-, BaselineAdmin-, ClusterNetworkPolicy */
};

struct engine_pol {
	const struct kobj *obj;
	enum engine eng;
};

struct netpol {
	const struct inventory *inv;
	struct strmap by_ns; /* namespace -> ns_list; keys are kobj strings */
	struct engine_pol *eng;
	size_t neng, alloceng;
	/*
	 * For the inventory's pod view i, the NetworkPolicies of its
	 * namespace that select it, in the namespace list's order:
	 * sel[sel_at[i] .. sel_at[i] + sel_n[i]).  Worked out once, so a
	 * query costs the policies that select the pod, not all of them.
	 */
	const struct pod_view *pv;
	size_t npv;
	size_t *sel_at, *sel_n;
	const struct kobj **sel;
	size_t nsel, allocsel;
};

/*
 * The Kubernetes NetworkPolicies of pv's namespace that may select it, in
 * the namespace's order, into *v; returns how many.  *test is false when
 * each of them is known to select pv; true for a view the inventory did
 * not make, where every policy of the namespace is given and the caller
 * tests each with netpol_selects().
 */
size_t np_k8s_selecting(const struct netpol *n, const struct pod_view *pv,
			const struct kobj *const **v, bool *test);

/* What selectors of any engine see of a pod. */
struct podlabels {
	const struct node *labels; /* pod template labels */
	const char *ns;
	const struct node *ns_labels; /* the Namespace's, may be NULL */
	const char *sa;
};

void np_podlabels(const struct netpol *n, const struct pod_view *pv,
		  struct podlabels *p);
const struct node *np_ns_labels(const struct netpol *n, const char *ns);

/* Label lookups of Cilium endpoint selectors and Calico selectors. */
const char *np_cilium_value(void *ctx, const char *key);
const char *np_calico_value(void *ctx, const char *key);
const char *np_calico_ns_value(void *ctx, const char *key);

/* Does engine policy e select p, and for which directions. */
void np_engine_dirs(const struct engine_pol *e, const struct podlabels *p,
		    bool *in, bool *eg);
/* One Cilium rule (spec or specs[i]) selects p; its directions. */
bool np_cilium_rule(const struct node *r, const struct podlabels *p, bool *in,
		    bool *eg);
bool np_anp_subject(const struct node *subj, const struct podlabels *p);

/* CIDR cidr (with except list ex, may be NULL) covers end e. */
bool np_cidr_matches(const char *cidr, const struct node *ex,
		     const struct np_end *e);
/* ip lies in a range pods are usually numbered from. */
bool np_private_addr(const char *ip);

/* Container port named name of pv: number and protocol. */
bool np_resolve_named(const struct pod_view *pv, const char *name, long *port,
		      const char **proto);

/* A Kubernetes NetworkPolicy rule of np admits peer on q; fills r. */
bool np_rule_admits(const struct netpol *n, const struct kobj *np,
		    enum np_dir dir, const struct np_end *self,
		    const struct np_end *peer, const struct np_port *q,
		    struct np_reason *r);

/* "Deployment shop/web", "the internet", ... */
const char *np_end_name(const struct np_end *e, char *buf, size_t n);

/*
 * Results of one tier of evaluation.  NPT_NONE: nothing in the tier
 * decides (the next tier does); NPT_PASS: an admin rule passed the
 * decision on to the NetworkPolicy tier.
 */
enum np_tier { NPT_NONE, NPT_ALLOW, NPT_DENY, NPT_UNKNOWN, NPT_PASS };

/* Admin (baseline false) or baseline admin network policies. */
enum np_tier np_eval_admin(const struct netpol *n, const struct np_end *self,
			   const struct np_end *peer, const struct np_port *q,
			   enum np_dir dir, bool baseline, struct np_reason *r);

/*
 * The NetworkPolicy tier: Kubernetes NetworkPolicy, Cilium and Calico
 * rules together.  NPT_NONE when nothing there isolates self.
 */
enum np_tier np_eval_policies(const struct netpol *n, const struct np_end *self,
			      const struct np_end *peer,
			      const struct np_port *q, enum np_dir dir,
			      struct np_reason *r);

#endif
