/*
 * netpol.h - network policy: which pods are isolated, and whether one
 * endpoint may connect to another.
 *
 * Kubernetes NetworkPolicy (networking.k8s.io) is evaluated as the API
 * server stores it and CNIs enforce it:
 *  - a policy applies to the pods of its namespace that spec.podSelector
 *    selects; {} (or an omitted selector) selects every pod;
 *  - policyTypes, when omitted, is Ingress plus Egress when spec.egress is
 *    present; a pod selected by a policy of a type is isolated in that
 *    direction, and only what some selecting policy allows gets through;
 *  - a rule with no from/to allows every peer, with no ports every port;
 *    an empty list of rules allows nothing;
 *  - a peer with namespaceSelector and podSelector in ONE element selects
 *    the selected pods of the selected namespaces; in two elements, either;
 *    a podSelector alone means the policy's namespace; namespaceSelector
 *    {} means every namespace;
 *  - ipBlock matches addresses inside cidr and outside every except; it
 *    matches pods only when it covers every address (0.0.0.0/0, ::/0) and
 *    excepts no private range pods are usually numbered from, since pod
 *    addresses are not in the configuration;
 *  - ports: protocol (TCP when omitted), a number or a container port name
 *    resolved on the destination pod, endPort for a range.
 *  A connection is allowed when the source's egress and the destination's
 *  ingress both allow it.  Pods with hostNetwork are not subject to
 *  NetworkPolicy at all; Cilium host policies (nodeSelector) that cover
 *  their node decide for them instead.
 *
 * Other engines select pods too, and a pod they select counts as isolated
 * in the direction they cover: CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy (endpointSelector; ingress/ingressDeny,
 * egress/egressDeny; enableDefaultDeny), Calico NetworkPolicy and
 * GlobalNetworkPolicy (projectcalico.org/v3 and crd.projectcalico.org/v1;
 * selector expressions, types, namespaceSelector, serviceAccountSelector
 * over ServiceAccount labels), AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy and ClusterNetworkPolicy
 * (policy.networking.k8s.io; subject).  Queries evaluate their rules in
 * the order the APIs define (netpol_query.c): admin policies by priority,
 * then NetworkPolicy with Cilium and Calico (Calico by tier and order),
 * then baseline policies.  A rule whose match the configuration cannot
 * tell (FQDNs for an address, node addresses, a Service or ServiceAccount
 * absent from the input, CIDR groups) makes the answer "unknown" and the
 * reason says why.
 *
 * netpol_build() indexes policies once (malloc'ed, netpol_free()); it
 * borrows the inventory.  Read-only after build, so threads may share it.
 */
#ifndef THREATMAP_NETPOL_H
#define THREATMAP_NETPOL_H

#include <stdbool.h>
#include <stddef.h>

#include "strmap.h"

struct inventory;
struct kobj;
struct node;
struct pod_view;

/*
 * Directions a NetworkPolicy isolates, with policyTypes defaulted as the
 * API server does (empty or absent: Ingress, and Egress when there are
 * egress rules).
 */
void netpol_types(const struct kobj *np, bool *ingress, bool *egress);

/* NetworkPolicy np selects pods with these template labels (may be NULL). */
bool netpol_selects(const struct kobj *np, const struct node *labels);

/* np is a Kubernetes NetworkPolicy (not Calico's kind of the same name). */
bool netpol_is_k8s(const struct kobj *np);

struct netpol;

struct netpol *netpol_build(const struct inventory *inv);
void netpol_free(struct netpol *n);

/*
 * Which policies select the pods of one pod view, per direction.  This is
 * selection, not isolation: whether the rules still let any pod in is
 * netpol_open_ingress()'s answer.
 */
struct netpol_cover {
	const struct kobj
	    *ingress_by; /* first NetworkPolicy isolating ingress */
	const struct kobj *egress_by; /* first NetworkPolicy isolating egress */
	/* first policy of another engine covering each direction */
	const struct kobj *ingress_engine, *egress_engine;
	size_t ns_policies; /* NetworkPolicies in the pod's namespace */
	bool host_network;  /* NetworkPolicy does not apply */
};

/* Fill c for pv. */
void netpol_cover(const struct netpol *n, const struct pod_view *pv,
		  struct netpol_cover *c);

enum np_dir { NP_INGRESS, NP_EGRESS };

/* One end of a connection: a pod view, or an address. */
struct np_end {
	const struct pod_view *pv; /* NULL for an address */
	const char *ip;		   /* "169.254.169.254", "::1"; pv NULL */
	bool internet;		   /* any public address (ip NULL) */
	/*
	 * The API server: an address outside the pod network that the
	 * configuration does not give.  An ipBlock may cover it when it
	 * covers every address or lies in a private range.
	 */
	bool apiserver;
	/*
	 * pv stands for any pod: one that no rule names by its labels,
	 * namespace or service account (an unlabelled pod of a namespace of
	 * its own).  Rules that single out some pods neither admit nor
	 * refuse it; "any pod" in answers.
	 */
	bool any_pod;
};

/* The namespace of the any_pod end: no real namespace has this name. */
#define NP_ANY_NS "(any namespace)"

/*
 * A port of a query: 0 for some port (a rule about any one port admits),
 * or with every set, each port of the protocol (only a rule about all of
 * them admits).
 */
struct np_port {
	long port;
	const char *proto; /* "TCP" when NULL */
	bool every;
};

enum np_verdict { NP_ALLOW, NP_DENY, NP_UNKNOWN };

/* "allowed", "denied", "unknown". */
const char *np_verdict_name(enum np_verdict v);

/* Why one direction was decided. */
struct np_reason {
	enum np_verdict verdict;
	const struct kobj *policy; /* deciding policy, or NULL */
	const struct node *at;	   /* rule, selector or type node */
	char path[160];		   /* field path of at in policy */
	char text[1024];	   /* one sentence */
	/* an allow that holds only for some requests (L7 rules, names) */
	bool limited;
};

/*
 * May from connect to to on port?  Fills the egress reason (at from), the
 * ingress reason (at to) and returns the combined verdict: denied when
 * either denies, unknown when either is unknown, else allowed.  An address
 * end has no policy of its own (its direction is allowed).
 */
enum np_verdict netpol_query(const struct netpol *n, const struct np_end *from,
			     const struct np_end *to,
			     const struct np_port *port,
			     struct np_reason *egress,
			     struct np_reason *ingress);

/*
 * May any pod (see np_end.any_pod) connect to pv, on some port?  The full
 * evaluation of netpol_query() for ingress at pv: admin policies, then
 * NetworkPolicy, Cilium and Calico, then baseline ones.  Allowed when
 * nothing isolates pv (r->policy NULL) or a rule admits any pod (r names
 * it); denied when pv stays isolated from it; unknown when a rule that
 * could decide is beyond the model (r says why).  For a hostNetwork pod
 * the Cilium host policies covering its node decide; with none it is
 * outside policy: allowed, r->policy NULL.
 */
enum np_verdict netpol_open_ingress(const struct netpol *n,
				    const struct pod_view *pv,
				    struct np_reason *r);

/*
 * Is direction dir of namespace ns open by default?  The full evaluation
 * of netpol_query() for an unlabelled pod of ns with the default service
 * account, against any pod (see np_end.any_pod) and, for egress, the
 * internet too, on every TCP port: allowed when nothing isolates that pod
 * or a rule admits the peer on every port (r names it); denied when only
 * rules about some peers, ports or requests (L7 rules, DNS names: an
 * allow r->limited) let traffic through; unknown when
 * a rule that could decide is beyond the model (r says why).  Egress takes
 * the more open answer of its two peers.  A policy that selects only some
 * pods of ns (by their labels) does not count: the pod here has none.
 */
enum np_verdict netpol_ns_open(const struct netpol *n, const char *ns,
			       enum np_dir dir, struct np_reason *r);

/* IPv4 or IPv6 address ip lies in cidr ("10.0.0.0/8"); false if malformed. */
bool netpol_cidr_contains(const char *cidr, const char *ip);

/*
 * A Calico selector expression matches labels (see netpol.c for the
 * grammar: all(), global(), has(k), !has(k), k == 'v', k != 'v',
 * k in {'a','b'}, k not in {...}, k contains/starts with/ends with 'v',
 * !, &&, ||, parentheses).  *ok is false for a syntax this model does
 * not know (the result is then false).
 */
bool netpol_calico_matches(const char *expr,
			   const char *(*value)(void *ctx, const char *key),
			   void *ctx, bool *ok);

/* ---- shared by netpol.c and netpol_query.c only ------------------------ */

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
 * The NetworkPolicies of pv's namespace that select it, in list order, or
 * NULL for a view the inventory did not make (the caller then tests each
 * policy of the namespace with netpol_selects()).
 */
const struct kobj *const *np_selecting(const struct netpol *n,
				       const struct pod_view *pv, size_t *cnt);

/* What selectors of any engine see of a pod. */
struct podlabels {
	const struct node *labels; /* pod template labels */
	const char *ns;
	const struct node *ns_labels; /* the Namespace's, may be NULL */
	const char *sa;
	/* the ServiceAccount's labels (NULL: none, or not in the input) */
	const struct node *sa_labels;
	bool sa_known; /* in the input, or the unlabelled "default" */
};

void np_podlabels(const struct netpol *n, const struct pod_view *pv,
		  struct podlabels *p);
const struct node *np_ns_labels(const struct netpol *n, const char *ns);

/* Label lookups of Cilium endpoint selectors and Calico selectors. */
const char *np_cilium_value(void *ctx, const char *key);
/* Labels of the pod's ServiceAccount (ctx a struct podlabels). */
const char *np_sa_value(void *ctx, const char *key);
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
