/*
 * netpol_query.c - may one end connect to another: the rules of policy
 * engines beside Kubernetes NetworkPolicy, and the order in which all of
 * them decide:
 *
 *  1. AdminNetworkPolicy (and ClusterNetworkPolicy of tier Admin), lowest
 *     priority number first, rules in order: the first matching rule's
 *     Allow/Accept or Deny is final, Pass hands the decision on;
 *  2. the NetworkPolicy tier: Kubernetes NetworkPolicy, Cilium and Calico.
 *     Calico, when its policies select the pod, decides by tier and order
 *     (Kubernetes NetworkPolicies sit in its default tier at order 1000);
 *     otherwise a Cilium deny rule wins, then any allow of a Kubernetes or
 *     Cilium policy, and a pod they isolate is denied the rest;
 *  3. BaselineAdminNetworkPolicy (and ClusterNetworkPolicy of tier
 *     Baseline); then the connection is allowed.
 *
 * What the configuration cannot tell (an address behind an FQDN, a node's
 * address, a Service a rule names, a selector syntax this model does not
 * read) makes a rule "maybe" match, and a maybe that could decide makes the
 * answer unknown, saying why.  L7, FQDN and TLS server name rules allow the
 * connection on their ports and say that requests are further limited.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/netpol.h"
#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "selector.h"

enum m3 { M_NO, M_YES, M_MAYBE };

/* Why a match is only "maybe", or what limits an allow. */
struct note {
	char maybe[200];
	char limit[120];
};

static enum m3 m_or(enum m3 a, enum m3 b)
{
	if (a == M_YES || b == M_YES)
		return M_YES;
	return a == M_MAYBE || b == M_MAYBE ? M_MAYBE : M_NO;
}

static enum m3 m_and(enum m3 a, enum m3 b)
{
	if (a == M_NO || b == M_NO)
		return M_NO;
	return a == M_MAYBE || b == M_MAYBE ? M_MAYBE : M_YES;
}

static void set_maybe(struct note *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_maybe(struct note *w, const char *fmt, ...)
{
	va_list ap;

	if (w->maybe[0])
		return;
	va_start(ap, fmt);
	vsnprintf(w->maybe, sizeof(w->maybe), fmt, ap);
	va_end(ap);
}

static const char *dname(enum np_dir d)
{
	return d == NP_INGRESS ? "ingress" : "egress";
}

static const char *dprep(enum np_dir d)
{
	return d == NP_INGRESS ? "from" : "to";
}

/* ---- ports ------------------------------------------------------------- */

/*
 * A question about some port without a protocol (who may connect at
 * all) is about every protocol, as for Kubernetes NetworkPolicy: a rule
 * of one protocol allows some port, but denies only its own.
 */
static bool q_any_proto(const struct np_port *q)
{
	return !q->port && !q->every && !q->proto;
}

/* A rule of protocol proto (NULL or "ANY": every protocol) holds q's. */
static bool proto_in(const char *proto, const struct np_port *q, bool deny)
{
	if (!proto || !strcasecmp(proto, "ANY"))
		return true;
	if (q_any_proto(q))
		return !deny;
	return !strcasecmp(proto, q->proto ? q->proto : "TCP");
}

/*
 * Ports lo..hi (lo 0: every port) of protocol proto (NULL or "ANY": every
 * protocol) hold the query port.  For a deny, a question about any port
 * is answered only by a rule about every port.
 */
static bool port_in(long lo, long hi, const char *proto,
		    const struct np_port *q, bool deny)
{
	if (!proto_in(proto, q, deny))
		return false;
	if (!q->port)
		return (!deny && !q->every) || lo == 0 ||
		       (q->every && lo <= 1 && hi >= 65535);
	return lo == 0 || (q->port >= lo && q->port <= hi);
}

static bool all_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Port text ("80", "http", 8080) on dst, lo..hi; false when unresolved. */
static bool port_range(const struct node *port, const struct node *end,
		       const struct pod_view *dst, long *lo, long *hi,
		       const char **proto)
{
	const char *t = node_scalar_text(port);
	long long v;

	*lo = *hi = 0;
	if (!port || node_is(port, NODE_NULL))
		return true;
	if (all_digits(t)) {
		*lo = *hi = strtol(t, NULL, 10);
		if (node_int(end, &v) && v >= *lo)
			*hi = (long)v;
		return true;
	}
	{
		long p;
		const char *pp;
		if (!np_resolve_named(dst, t, &p, &pp))
			return false;
		/* a name on another protocol is not the rule's port */
		if (*proto && strcasecmp(*proto, "ANY") != 0 &&
		    strcasecmp(*proto, pp) != 0)
			return false;
		*lo = *hi = p;
		if (!*proto || !strcasecmp(*proto, "ANY"))
			*proto = pp;
		return true;
	}
}

/* ---- Cilium -------------------------------------------------------------- */

static bool cilium_selects(const struct node *r, const struct podlabels *p)
{
	const struct node *sel = node_get(r, "endpointSelector");

	return sel && !node_get(r, "nodeSelector") &&
	       selector_matches_fn(sel, np_cilium_value, (void *)p);
}

static bool is_ns_key(const char *k)
{
	if (!strncmp(k, "k8s:", 4) || !strncmp(k, "any:", 4))
		k += 4;
	return !strcmp(k, "io.kubernetes.pod.namespace");
}

/* An endpoint selector names the namespace itself. */
static bool names_namespace(const struct node *sel)
{
	const struct node *ml = node_get(sel, "matchLabels");
	const struct node *me = node_get(sel, "matchExpressions");
	const struct node *v;
	const char *k;
	size_t i;

	for (i = 0; node_member_at(ml, i, &k, &v); i++)
		if (is_ns_key(k))
			return true;
	for (i = 0; i < node_count(me); i++)
		if (node_get_str(node_at(me, i), "key") &&
		    is_ns_key(node_get_str(node_at(me, i), "key")))
			return true;
	return false;
}

static enum m3 cilium_entity(const char *e, const struct np_end *peer)
{
	if (!e)
		return M_NO;
	if (!strcmp(e, "all"))
		return M_YES;
	if (peer->pv)
		return !strcmp(e, "cluster") ? M_YES : M_NO;
	if (peer->internet)
		return !strncmp(e, "world", 5) ? M_YES : M_NO;
	if (peer->apiserver) {
		if (!strcmp(e, "kube-apiserver"))
			return M_YES;
		return !strcmp(e, "cluster") || !strcmp(e, "host") ||
			       !strcmp(e, "remote-node") ||
			       !strncmp(e, "world", 5)
			   ? M_MAYBE
			   : M_NO;
	}
	if (peer->ip && np_private_addr(peer->ip))
		return !strncmp(e, "world", 5) || !strcmp(e, "cluster") ||
			       !strcmp(e, "host") ||
			       !strcmp(e, "remote-node") ||
			       !strcmp(e, "kube-apiserver")
			   ? M_MAYBE
			   : M_NO;
	if (!strcmp(e, "world"))
		return M_YES;
	if (!strcmp(e, "world-ipv4"))
		return peer->ip && !strchr(peer->ip, ':') ? M_YES : M_NO;
	if (!strcmp(e, "world-ipv6"))
		return peer->ip && strchr(peer->ip, ':') ? M_YES : M_NO;
	return M_NO;
}

/* The layer-3 part of a Cilium rule matches peer; *l3 any present. */
static enum m3 cilium_peer(const struct netpol *n, const struct kobj *pol,
			   const struct node *rule, enum np_dir dir,
			   const struct np_end *peer, bool *l3, struct note *w,
			   char *at, size_t atn)
{
	const char *pre = dprep(dir);
	char key[32];
	const struct node *l;
	enum m3 m = M_NO, one;
	size_t i;

	*l3 = false;
	at[0] = '\0';
#define FIELD(name) (fmt_snprintf(key, sizeof(key), "%s%s", pre, name), key)
	l = node_get(rule, FIELD("Endpoints"));
	for (i = 0; i < node_count(l) && m != M_YES; i++) {
		const struct node *sel = node_at(l, i);
		struct podlabels pl;
		*l3 = true;
		if (!peer->pv)
			continue;
		np_podlabels(n, peer->pv, &pl);
		if (pol->ns && strcmp(pol->kind, "CiliumNetworkPolicy") == 0 &&
		    !names_namespace(sel) && strcmp(pl.ns, kobj_ns(pol)) != 0)
			continue;
		if (selector_matches_fn(sel, np_cilium_value, &pl)) {
			m = M_YES;
			fmt_snprintf(at, atn, "%s[%zu]", key, i);
		}
	}
	l = node_get(rule, FIELD("Entities"));
	for (i = 0; i < node_count(l) && m != M_YES; i++) {
		*l3 = true;
		one = cilium_entity(node_str(node_at(l, i)), peer);
		if (one == M_MAYBE)
			set_maybe(w,
				  "entity %s may include it (addresses are "
				  "not in the configuration)",
				  node_str(node_at(l, i)));
		if (one != M_NO)
			fmt_snprintf(at, atn, "%s[%zu]", key, i);
		m = m_or(m, one);
	}
	l = node_get(rule, FIELD("CIDR"));
	for (i = 0; i < node_count(l) && m != M_YES; i++) {
		*l3 = true;
		if (!peer->pv &&
		    np_cidr_matches(node_str(node_at(l, i)), NULL, peer)) {
			m = M_YES;
			fmt_snprintf(at, atn, "%s[%zu]", key, i);
		}
	}
	l = node_get(rule, FIELD("CIDRSet"));
	for (i = 0; i < node_count(l) && m != M_YES; i++) {
		const struct node *c = node_at(l, i);
		*l3 = true;
		if (peer->pv)
			continue;
		if (node_get(c, "cidrGroupRef") ||
		    node_get(c, "cidrGroupSelector")) {
			set_maybe(w, "a CiliumCIDRGroup %s is not resolved",
				  node_get_str(c, "cidrGroupRef"));
			m = m_or(m, M_MAYBE);
			continue;
		}
		if (np_cidr_matches(node_get_str(c, "cidr"),
				    node_get(c, "except"), peer)) {
			m = M_YES;
			fmt_snprintf(at, atn, "%s[%zu]", key, i);
		}
	}
	if (dir == NP_EGRESS) {
		l = node_get(rule, "toFQDNs");
		if (node_count(l)) {
			*l3 = true;
			if (peer->internet && m != M_YES) {
				m = M_YES;
				fmt_snprintf(at, atn, "toFQDNs");
				fmt_snprintf(w->limit, sizeof(w->limit),
					     "to the DNS names of its toFQDNs");
			} else if (!peer->pv && m == M_NO) {
				set_maybe(w,
					  "toFQDNs: whether the address is "
					  "behind one of its names is not in "
					  "the configuration");
				m = M_MAYBE;
			}
		}
		if (node_count(node_get(rule, "toServices"))) {
			*l3 = true;
			if (m == M_NO) {
				set_maybe(w,
					  "toServices: the Service's endpoints "
					  "are not resolved");
				m = M_MAYBE;
			}
		}
	}
	l = node_get(rule, FIELD("Nodes"));
	if (node_count(l)) {
		*l3 = true;
		if (m == M_NO && !peer->pv && !peer->internet) {
			set_maybe(w, "%s may be a node's address",
				  peer->apiserver ? "the API server"
						  : peer->ip);
			m = M_MAYBE;
		}
	}
	l = node_get(rule, FIELD("Groups"));
	if (node_count(l)) {
		*l3 = true;
		if (m == M_NO && !peer->pv) {
			set_maybe(w, "cloud groups (%sGroups) are not resolved",
				  pre);
			m = M_MAYBE;
		}
	}
	if (node_count(node_get(rule, FIELD("Requires")))) {
		*l3 = true;
		if (m == M_YES) {
			set_maybe(w,
				  "%sRequires adds conditions this model does "
				  "not judge",
				  pre);
			m = M_MAYBE;
		}
	}
#undef FIELD
	return m;
}

/* The toPorts / icmps part of a Cilium rule; *l4 when present. */
static enum m3 cilium_ports(const struct node *rule, const struct np_port *q,
			    const struct pod_view *dst, bool deny, bool *l4,
			    struct note *w)
{
	const struct node *tp = node_get(rule, "toPorts");
	size_t i, j;

	*l4 = tp || node_get(rule, "icmps");
	if (!tp)
		return node_get(rule, "icmps") ? M_NO : M_YES;
	for (i = 0; i < node_count(tp); i++) {
		const struct node *pr = node_at(tp, i);
		const struct node *ports = node_get(pr, "ports");
		const struct node *rules = node_get(pr, "rules");
		bool hit = !node_count(ports) && port_in(0, 0, NULL, q, deny);

		for (j = 0; j < node_count(ports) && !hit; j++) {
			const struct node *pt = node_at(ports, j);
			const char *proto = node_get_str(pt, "protocol");
			long lo, hi;
			if (!port_range(node_get(pt, "port"),
					node_get(pt, "endPort"), dst, &lo, &hi,
					&proto))
				continue;
			hit = port_in(lo, hi, proto, q, deny);
		}
		if (!hit)
			continue;
		if (rules && !w->limit[0]) {
			const char *k = "L7";
			const struct node *v;
			node_member_at(rules, 0, &k, &v);
			fmt_snprintf(w->limit, sizeof(w->limit),
				     "by its L7 rules (%s)", k);
		} else if (node_count(node_get(pr, "serverNames")) &&
			   !w->limit[0]) {
			fmt_snprintf(w->limit, sizeof(w->limit),
				     "to its TLS server names");
		} else if (node_get(pr, "listener") && !w->limit[0]) {
			fmt_snprintf(w->limit, sizeof(w->limit),
				     "by the proxy listener it names");
		}
		return M_YES;
	}
	return M_NO;
}

/* One Cilium rule (of a list) matches peer on q. */
static enum m3 cilium_rule_match(const struct netpol *n, const struct kobj *pol,
				 const struct node *rule, enum np_dir dir,
				 const struct np_end *self,
				 const struct np_end *peer,
				 const struct np_port *q, bool deny,
				 struct note *w, char *at, size_t atn)
{
	const struct pod_view *dst = dir == NP_INGRESS ? self->pv : peer->pv;
	bool l3, l4;
	enum m3 p = cilium_peer(n, pol, rule, dir, peer, &l3, w, at, atn);
	enum m3 pt = cilium_ports(rule, q, dst, deny, &l4, w);

	if (!l3)
		p = l4 ? M_YES : M_NO; /* {} allows nothing; ports alone any */
	return m_and(p, pt);
}

struct decision {
	enum np_tier t;
	const struct kobj *policy;
	const struct node *at;
	char path[160];
	char text[1024];
};

static void policy_name(const struct kobj *o, char *buf, size_t n)
{
	const char *cal = !strcmp(o->kind, "NetworkPolicy") && !netpol_is_k8s(o)
			      ? "Calico "
			      : "";

	if (o->ns && *o->ns)
		fmt_snprintf(buf, n, "%s%s %s/%s", cal, o->kind, o->ns,
			     o->name);
	else
		fmt_snprintf(buf, n, "%s %s", o->kind, o->name);
}

static void fill(struct np_reason *r, const struct kobj *pol,
		 const struct node *at, const char *path)
{
	size_t len = strlen(path);

	r->policy = pol;
	r->at = at;
	if (len >= sizeof(r->path))
		len = sizeof(r->path) - 1;
	memcpy(r->path, path, len);
	r->path[len] = '\0';
}

/* The Cilium rule nodes of e that select p: spec and specs[]. */
static size_t cilium_rules(const struct engine_pol *e,
			   const struct podlabels *p, const struct node **out,
			   char (*prefix)[32], size_t max)
{
	const struct node *spec = node_get(e->obj->root, "spec");
	const struct node *specs = node_get(e->obj->root, "specs");
	size_t k = 0, i;

	if (e->eng == ENG_CILIUM && strcmp(kobj_ns(e->obj), p->ns) != 0)
		return 0;
	if (e->eng != ENG_CILIUM && e->eng != ENG_CILIUM_CW)
		return 0;
	if (spec && cilium_selects(spec, p) && k < max) {
		fmt_snprintf(prefix[k], 32, "spec");
		out[k++] = spec;
	}
	for (i = 0; i < node_count(specs) && k < max; i++)
		if (cilium_selects(node_at(specs, i), p)) {
			fmt_snprintf(prefix[k], 32, "specs[%zu]", i);
			out[k++] = node_at(specs, i);
		}
	return k;
}

/* ---- Calico ------------------------------------------------------------- */

static bool calico_sel(const char *expr,
		       const char *(*value)(void *ctx, const char *key),
		       void *ctx, bool *ok)
{
	bool good = true, m = netpol_calico_matches(expr, value, ctx, &good);

	if (!good)
		*ok = false;
	return m;
}

/* Labels of a Calico network set, for selectors on addresses. */
struct setlabels {
	const struct node *labels;
};

static const char *set_value(void *ctx, const char *key)
{
	return node_get_str(((struct setlabels *)ctx)->labels, key);
}

/* A (Global)NetworkSet that sel selects holds the address end e. */
static enum m3 calico_sets(const struct netpol *n, const char *sel,
			   const char *ns, const struct np_end *e,
			   struct note *w)
{
	static const char *const kinds[] = { "GlobalNetworkSet", "NetworkSet" };
	size_t k, i, j, cnt;

	for (k = 0; k < 2; k++) {
		const struct kobj *const *v =
		    inventory_kind(n->inv, kinds[k], &cnt);
		for (i = 0; i < cnt; i++) {
			struct setlabels sl = { v[i]->labels };
			const struct node *nets =
			    node_path(v[i]->root, "spec.nets");
			bool ok = true;
			if (k == 1 && ns && strcmp(kobj_ns(v[i]), ns) != 0)
				continue;
			if (!calico_sel(sel, set_value, &sl, &ok)) {
				if (!ok) {
					set_maybe(w,
						  "selector '%s' is beyond "
						  "this model",
						  sel);
					return M_MAYBE;
				}
				continue;
			}
			for (j = 0; j < node_count(nets); j++)
				if (np_cidr_matches(node_str(node_at(nets, j)),
						    NULL, e))
					return M_YES;
		}
	}
	return M_NO;
}

/*
 * serviceAccounts.selector over the labels of pod p's ServiceAccount,
 * unknown when it is not in the input (the namespace's "default" and the
 * any-pod end's are unlabelled).
 */
static enum m3 calico_sa_selector(const char *sel, const struct podlabels *p,
				  bool *ok, struct note *w)
{
	if (!p->sa_known) {
		set_maybe(w,
			  "serviceAccounts.selector reads the labels of "
			  "ServiceAccount %s/%s, which is not in the input",
			  p->ns, p->sa);
		return M_MAYBE;
	}
	return calico_sel(sel, np_sa_value, (void *)p, ok) ? M_YES : M_NO;
}

/*
 * A Calico services match: the endpoints of Service ns/name.  A pod is
 * one when the Service's selector picks it; the API server is behind
 * default/kubernetes; an address is one when it is the Service's cluster
 * IP.  A Service without selector (endpoints written by hand) or absent
 * from the input leaves pods and private addresses unknown.
 */
static enum m3 calico_services(const struct netpol *n, const struct kobj *pol,
			       const struct node *svcs, const struct np_end *e,
			       struct note *w)
{
	const char *name = node_get_str(svcs, "name");
	const char *ns = node_get_str(svcs, "namespace");
	const struct kobj *svc;
	const struct node *sel, *ips;
	size_t i;

	if (!ns)
		ns = kobj_ns(pol);
	if (!name)
		return M_NO;
	if (!strcmp(ns, "default") && !strcmp(name, "kubernetes")) {
		/* the API server's endpoints, in the private ranges here */
		if (e->apiserver)
			return M_YES;
		if (!e->ip || !np_private_addr(e->ip))
			return M_NO;
		set_maybe(w, "%s may be an address of the API server", e->ip);
		return M_MAYBE;
	}
	if (e->apiserver)
		return M_NO;
	svc = inventory_find(n->inv, "Service", ns, name);
	if (!svc) {
		if (e->internet)
			return M_NO;
		set_maybe(w, "Service %s/%s of the rule is not in the input",
			  ns, name);
		return M_MAYBE;
	}
	sel = node_path(svc->root, "spec.selector");
	if (e->pv) {
		if (!node_len(sel)) {
			set_maybe(w,
				  "Service %s/%s has no selector: its "
				  "endpoints are not resolved",
				  ns, name);
			return M_MAYBE;
		}
		return !strcmp(kobj_ns(e->pv->obj), ns) &&
			       selector_map_matches(
				   sel, node_get(e->pv->meta, "labels"))
			   ? M_YES
			   : M_NO;
	}
	if (!e->ip)
		return M_NO;
	ips = node_path(svc->root, "spec.clusterIPs");
	if (node_str_eq(node_path(svc->root, "spec.clusterIP"), e->ip))
		return M_YES;
	for (i = 0; i < node_count(ips); i++)
		if (node_str_eq(node_at(ips, i), e->ip))
			return M_YES;
	if (!node_len(sel) && np_private_addr(e->ip)) {
		set_maybe(w,
			  "Service %s/%s has no selector: whether %s is one "
			  "of its endpoints is not resolved",
			  ns, name, e->ip);
		return M_MAYBE;
	}
	return M_NO;
}

/* A Calico EntityRule (source or destination) matches end e. */
static enum m3 calico_entity(const struct netpol *n, const struct kobj *pol,
			     const struct node *ent, const struct np_end *e,
			     struct note *w)
{
	const char *sel = node_get_str(ent, "selector");
	const char *notsel = node_get_str(ent, "notSelector");
	const char *nssel = node_get_str(ent, "namespaceSelector");
	const struct node *nets = node_get(ent, "nets");
	const struct node *notnets = node_get(ent, "notNets");
	const struct node *sas = node_get(ent, "serviceAccounts");
	bool global = !pol->ns || !strcmp(pol->kind, "GlobalNetworkPolicy");
	bool ok = true;
	enum m3 m = M_YES;
	size_t i;

	if (node_get(ent, "services"))
		return calico_services(n, pol, node_get(ent, "services"), e, w);
	if (e->pv) {
		struct podlabels p;
		np_podlabels(n, e->pv, &p);
		if (nssel && *nssel) {
			if (!calico_sel(nssel, np_calico_ns_value, &p, &ok))
				m = M_NO;
		} else if ((sel || notsel) && !global &&
			   strcmp(p.ns, kobj_ns(pol)) != 0) {
			m = M_NO;
		}
		if (sel && *sel && !calico_sel(sel, np_calico_value, &p, &ok))
			m = M_NO;
		if (notsel && *notsel &&
		    calico_sel(notsel, np_calico_value, &p, &ok))
			m = M_NO;
		if (node_count(node_get(sas, "names"))) {
			bool in = false;
			for (i = 0; i < node_count(node_get(sas, "names")); i++)
				in |= node_str_eq(
				    node_at(node_get(sas, "names"), i), p.sa);
			if (!in)
				m = M_NO;
		}
		if (node_get_str(sas, "selector") && m != M_NO)
			m = m_and(
			    m, calico_sa_selector(node_get_str(sas, "selector"),
						  &p, &ok, w));
	} else {
		if (sas)
			return M_NO;
		if ((sel && *sel) || (nssel && *nssel)) {
			enum m3 s =
			    calico_sets(n, sel && *sel ? sel : "all()",
					global ? NULL : kobj_ns(pol), e, w);
			if (s == M_NO && !(sel && *sel) && nssel &&
			    !strcmp(nssel, "global()"))
				s = M_NO;
			m = m_and(m, s);
		}
	}
	if (!ok) {
		set_maybe(w, "a selector of the rule is beyond this model");
		return M_MAYBE;
	}
	if (node_count(nets) && m != M_NO) {
		bool in = false;
		for (i = 0; i < node_count(nets); i++)
			in |= np_cidr_matches(node_str(node_at(nets, i)), NULL,
					      e);
		if (!in)
			m = M_NO;
	}
	for (i = 0; i < node_count(notnets) && m != M_NO; i++)
		if (np_cidr_matches(node_str(node_at(notnets, i)), NULL, e))
			m = M_NO;
	return m;
}

static const char *calico_proto(const struct node *p)
{
	const char *t = node_scalar_text(p);

	if (!p || node_is(p, NODE_NULL))
		return NULL;
	if (!strcmp(t, "6"))
		return "TCP";
	if (!strcmp(t, "17"))
		return "UDP";
	if (!strcmp(t, "132"))
		return "SCTP";
	return t;
}

/* Calico ports: 80, "80:90", or a named port. */
static bool calico_port_list(const struct node *ports, const char *proto,
			     const struct np_port *q,
			     const struct pod_view *dst, bool deny)
{
	size_t i;

	for (i = 0; i < node_count(ports); i++) {
		const char *t = node_scalar_text(node_at(ports, i));
		const char *colon = strchr(t, ':');
		const char *pr = proto;
		long lo, hi;
		if (colon) {
			lo = strtol(t, NULL, 10);
			hi = strtol(colon + 1, NULL, 10);
		} else if (!port_range(node_at(ports, i), NULL, dst, &lo, &hi,
				       &pr)) {
			continue;
		}
		if (lo == 0 && !colon)
			continue; /* port 0 is no port */
		if (port_in(lo, hi, pr, q, deny))
			return true;
	}
	return false;
}

static enum m3 calico_rule(const struct netpol *n, const struct kobj *pol,
			   const struct node *rule, enum np_dir dir,
			   const struct np_end *self, const struct np_end *peer,
			   const struct np_port *q, bool deny, struct note *w)
{
	const char *proto = calico_proto(node_get(rule, "protocol"));
	const char *notproto = calico_proto(node_get(rule, "notProtocol"));
	const char *qp = q->proto ? q->proto : "TCP";
	const struct node *src = node_get(rule, "source");
	const struct node *dstn = node_get(rule, "destination");
	const struct pod_view *dpod = dir == NP_INGRESS ? self->pv : peer->pv;
	const struct node *ports = node_get(dstn, "ports");
	const struct node *notports = node_get(dstn, "notPorts");
	enum m3 m;

	if (!proto_in(proto, q, deny))
		return M_NO;
	if (notproto && (q_any_proto(q) ? deny : !strcasecmp(notproto, qp)))
		return M_NO;
	if (node_count(ports) && !calico_port_list(ports, proto, q, dpod, deny))
		return M_NO;
	if (node_count(notports) &&
	    (calico_port_list(notports, proto, q, dpod, false) ||
	     (!q->port && (deny || q->every))))
		return M_NO;
	m = m_and(
	    calico_entity(n, pol, dir == NP_INGRESS ? src : dstn, peer, w),
	    calico_entity(n, pol, dir == NP_INGRESS ? dstn : src, self, w));
	if (m != M_NO && node_count(node_get(src, "ports"))) {
		set_maybe(w, "source ports are not part of the question");
		m = M_MAYBE;
	}
	if (m == M_YES && node_get(rule, "http") && !w->limit[0])
		fmt_snprintf(w->limit, sizeof(w->limit), "by its HTTP rules");
	return m;
}

struct cal_entry {
	const struct kobj *obj;
	bool k8s; /* a Kubernetes NetworkPolicy in the default tier */
	const char *tier;
	double tier_order, order;
	size_t index;
};

static double order_of(const struct node *v)
{
	const char *t = node_scalar_text(v);
	char *end;
	double d;

	if (!v || !node_is(v, NODE_NUMBER))
		return INFINITY;
	d = strtod(t, &end);
	return end == t ? INFINITY : d;
}

static const char *tier_of(const struct kobj *o)
{
	const char *t = node_path(o->root, "spec") &&
				node_get_str(node_path(o->root, "spec"), "tier")
			    ? node_get_str(node_path(o->root, "spec"), "tier")
			    : "default";
	return *t ? t : "default";
}

static double tier_order(const struct netpol *n, const char *tier)
{
	const struct kobj *t = inventory_find(n->inv, "Tier", NULL, tier);

	if (t && node_path(t->root, "spec.order"))
		return order_of(node_path(t->root, "spec.order"));
	return !strcmp(tier, "default") ? 1000000.0 : INFINITY;
}

static int cal_cmp(const void *a, const void *b)
{
	const struct cal_entry *x = a, *y = b;
	int c;

	if (x->tier_order != y->tier_order)
		return x->tier_order < y->tier_order ? -1 : 1;
	if ((c = strcmp(x->tier, y->tier)) != 0)
		return c;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if ((c = strcmp(x->obj->name, y->obj->name)) != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static enum np_tier decided(struct np_reason *r, enum np_tier t)
{
	r->verdict = t == NPT_ALLOW  ? NP_ALLOW
		     : t == NPT_DENY ? NP_DENY
				     : NP_UNKNOWN;
	return t;
}

static enum np_tier calico_eval(const struct netpol *n, struct cal_entry *v,
				size_t cnt, const struct np_end *self,
				const struct np_end *peer,
				const struct np_port *q, enum np_dir dir,
				struct np_reason *r)
{
	const char *d = dname(dir), *pre = dprep(dir);
	char me[256], other[256], pn[300];
	size_t i = 0, j;

	np_end_name(self, me, sizeof(me));
	np_end_name(peer, other, sizeof(other));
	qsort(v, cnt, sizeof(*v), cal_cmp);
	while (i < cnt) {
		const char *tier = v[i].tier;
		const struct kobj *first = v[i].obj;
		bool pass = false;
		const struct kobj *t;

		for (; i < cnt && !strcmp(v[i].tier, tier) && !pass; i++) {
			const struct node *rules;
			if (v[i].k8s) {
				if (np_rule_admits(n, v[i].obj, dir, self, peer,
						   q, r)) {
					fmt_snprintf(
					    r->text, sizeof(r->text),
					    "NetworkPolicy %s/%s allows "
					    "%s %s %s (%s; Calico tier "
					    "default, order 1000)",
					    kobj_ns(v[i].obj), v[i].obj->name,
					    d, pre, other, r->path);
					return decided(r, NPT_ALLOW);
				}
				continue;
			}
			rules = node_path(v[i].obj->root, "spec");
			rules = node_get(rules, d);
			policy_name(v[i].obj, pn, sizeof(pn));
			for (j = 0; j < node_count(rules); j++) {
				const struct node *rule = node_at(rules, j);
				const char *act = node_get_str(rule, "action");
				struct note w;
				char path[64];
				enum m3 m;
				bool allow = act && !strcmp(act, "Allow");
				memset(&w, 0, sizeof(w));
				m = calico_rule(n, v[i].obj, rule, dir, self,
						peer, q, !allow, &w);
				if (m == M_NO || (act && !strcmp(act, "Log")))
					continue;
				fmt_snprintf(path, sizeof(path), "spec.%s[%zu]",
					     d, j);
				fill(r, v[i].obj, rule, path);
				if (m == M_MAYBE) {
					fmt_snprintf(
					    r->text, sizeof(r->text),
					    "%s (tier %s) rule %s (%s) "
					    "may apply to %s %s %s: %s",
					    pn, tier, path,
					    act ? act : "no action", d, pre,
					    other, w.maybe);
					return decided(r, NPT_UNKNOWN);
				}
				if (act && !strcmp(act, "Pass")) {
					pass = true;
					break;
				}
				if (allow || (act && !strcmp(act, "Deny"))) {
					fmt_snprintf(
					    r->text, sizeof(r->text),
					    "%s (tier %s) %s %s %s %s "
					    "(%s)%s%s",
					    pn, tier,
					    allow ? "allows" : "denies", d, pre,
					    other, path,
					    w.limit[0] ? ", limited " : "",
					    w.limit);
					r->limited = allow && w.limit[0];
					return decided(r, allow ? NPT_ALLOW
								: NPT_DENY);
				}
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s rule %s has action '%s', which "
				    "this model does not know",
				    pn, path, act ? act : "");
				return decided(r, NPT_UNKNOWN);
			}
		}
		if (pass) {
			while (i < cnt && !strcmp(v[i].tier, tier))
				i++;
			continue;
		}
		t = inventory_find(n->inv, "Tier", NULL, tier);
		if (t && node_str_eq(node_path(t->root, "spec.defaultAction"),
				     "Pass"))
			continue;
		memset(r, 0, sizeof(*r));
		policy_name(first, pn, sizeof(pn));
		fill(r, first, node_path(first->root, "spec"), "spec");
		fmt_snprintf(
		    r->text, sizeof(r->text),
		    "policies of Calico tier %s (first %s) select %s for "
		    "%s and no rule allows %s %s: the tier ends in a deny",
		    tier, pn, me, d, pre, other);
		return decided(r, NPT_DENY);
	}
	return NPT_NONE;
}

/* ---- the NetworkPolicy tier -------------------------------------------- */

/* np_end_name() of e into buf, written on the first call (buf[0] NUL). */
static const char *lazy_name(const struct np_end *e, char *buf, size_t n)
{
	if (!buf[0])
		np_end_name(e, buf, n);
	return buf;
}

enum np_tier np_eval_policies(const struct netpol *n, const struct np_end *self,
			      const struct np_end *peer,
			      const struct np_port *q, enum np_dir dir,
			      struct np_reason *r)
{
	const char *d = dname(dir), *pre = dprep(dir);
	const char *ns = kobj_ns(self->pv->obj);
	const struct ns_list *l = strmap_get(&n->by_ns, ns, strlen(ns));
	const struct node *labels = node_get(self->pv->meta, "labels");
	const struct kobj *isolating = NULL;
	struct np_reason maybe;
	struct podlabels p;
	struct cal_entry *cal = NULL;
	char me[256], other[256], pn[300];
	const struct kobj *const *sel;
	size_t i, k, ncal = 0, nsel = 0;
	bool in, eg, indexed;

	memset(r, 0, sizeof(*r));
	memset(&maybe, 0, sizeof(maybe));
	/* the names only for a text: most pods get none from this tier */
	me[0] = other[0] = '\0';
	/* what engines' selectors read: none without an engine policy */
	if (n->neng)
		np_podlabels(n, self->pv, &p);
	else
		memset(&p, 0, sizeof(p));
	sel = np_selecting(n, self->pv, &nsel);
	indexed = sel != NULL;
	if (!indexed) {
		sel = l ? l->v : NULL;
		nsel = l ? l->n : 0;
	}

	/* Calico decides by tier and order when its policies select self */
	for (i = 0; i < n->neng; i++) {
		const struct engine_pol *e = &n->eng[i];
		if (e->eng != ENG_CALICO && e->eng != ENG_CALICO_GLOB)
			continue;
		np_engine_dirs(e, &p, &in, &eg);
		if (!(dir == NP_INGRESS ? in : eg))
			continue;
		cal = xrealloc_array(cal, ncal + 1, sizeof(*cal));
		cal[ncal].obj = e->obj;
		cal[ncal].k8s = false;
		cal[ncal].tier = tier_of(e->obj);
		cal[ncal].tier_order = tier_order(n, cal[ncal].tier);
		cal[ncal].order =
		    order_of(node_path(e->obj->root, "spec.order"));
		cal[ncal].index = ncal;
		ncal++;
	}
	if (ncal) {
		enum np_tier t;
		for (i = 0; i < nsel; i++) {
			if (!indexed && !netpol_selects(sel[i], labels))
				continue;
			netpol_types(sel[i], &in, &eg);
			if (!(dir == NP_INGRESS ? in : eg))
				continue;
			cal = xrealloc_array(cal, ncal + 1, sizeof(*cal));
			cal[ncal].obj = sel[i];
			cal[ncal].k8s = true;
			cal[ncal].tier = "default";
			cal[ncal].tier_order = tier_order(n, "default");
			cal[ncal].order = 1000.0;
			cal[ncal].index = ncal;
			ncal++;
		}
		t = calico_eval(n, cal, ncal, self, peer, q, dir, r);
		free(cal);
		return t;
	}

	/* Cilium deny rules win over every allow */
	for (i = 0; i < n->neng; i++) {
		const struct node *rules[8];
		char prefix[8][32];
		size_t nr = cilium_rules(&n->eng[i], &p, rules, prefix, 8);
		for (k = 0; k < nr; k++) {
			char key[16], path[200], at[64];
			const struct node *list;
			size_t j;
			fmt_snprintf(key, sizeof(key), "%sDeny", d);
			list = node_get(rules[k], key);
			policy_name(n->eng[i].obj, pn, sizeof(pn));
			for (j = 0; j < node_count(list); j++) {
				struct note w;
				enum m3 m;
				memset(&w, 0, sizeof(w));
				m = cilium_rule_match(
				    n, n->eng[i].obj, node_at(list, j), dir,
				    self, peer, q, true, &w, at, sizeof(at));
				if (m == M_NO)
					continue;
				fmt_snprintf(path, sizeof(path),
					     "%s.%s[%zu]%s%s", prefix[k], key,
					     j, at[0] ? "." : "", at);
				if (m == M_MAYBE) {
					if (maybe.text[0])
						continue;
					fill(&maybe, n->eng[i].obj,
					     node_at(list, j), path);
					fmt_snprintf(
					    maybe.text, sizeof(maybe.text),
					    "%s may deny %s %s %s (%s): "
					    "%s",
					    pn, d, pre,
					    lazy_name(peer, other,
						      sizeof(other)),
					    path, w.maybe);
					continue;
				}
				fill(r, n->eng[i].obj, node_at(list, j), path);
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s denies %s %s %s (%s)", pn, d, pre,
				    lazy_name(peer, other, sizeof(other)),
				    path);
				return decided(r, NPT_DENY);
			}
		}
	}
	if (maybe.text[0]) {
		*r = maybe;
		return decided(r, NPT_UNKNOWN);
	}

	/* any allow of a Kubernetes NetworkPolicy */
	for (i = 0; i < nsel; i++) {
		const struct kobj *np = sel[i];
		if (!indexed && !netpol_selects(np, labels))
			continue;
		netpol_types(np, &in, &eg);
		if (!(dir == NP_INGRESS ? in : eg))
			continue;
		if (!isolating)
			isolating = np;
		if (np_rule_admits(n, np, dir, self, peer, q, r)) {
			fmt_snprintf(r->text, sizeof(r->text),
				     "NetworkPolicy %s/%s allows %s %s %s (%s)",
				     kobj_ns(np), np->name, d, pre,
				     lazy_name(peer, other, sizeof(other)),
				     r->path);
			return decided(r, NPT_ALLOW);
		}
	}

	/* ... or of a Cilium policy */
	for (i = 0; i < n->neng; i++) {
		const struct node *rules[8];
		char prefix[8][32];
		size_t nr = cilium_rules(&n->eng[i], &p, rules, prefix, 8);
		for (k = 0; k < nr; k++) {
			const struct node *list = node_get(rules[k], d);
			char path[200], at[64];
			size_t j;
			bool ci, ce;
			if (np_cilium_rule(rules[k], &p, &ci, &ce) &&
			    (dir == NP_INGRESS ? ci : ce) && !isolating)
				isolating = n->eng[i].obj;
			policy_name(n->eng[i].obj, pn, sizeof(pn));
			for (j = 0; j < node_count(list); j++) {
				struct note w;
				enum m3 m;
				memset(&w, 0, sizeof(w));
				m = cilium_rule_match(
				    n, n->eng[i].obj, node_at(list, j), dir,
				    self, peer, q, false, &w, at, sizeof(at));
				if (m == M_NO)
					continue;
				fmt_snprintf(path, sizeof(path),
					     "%s.%s[%zu]%s%s", prefix[k], d, j,
					     at[0] ? "." : "", at);
				if (m == M_MAYBE) {
					if (!maybe.text[0]) {
						fill(&maybe, n->eng[i].obj,
						     node_at(list, j), path);
						fmt_snprintf(
						    maybe.text,
						    sizeof(maybe.text),
						    "%s may allow %s %s "
						    "%s (%s): %s",
						    pn, d, pre,
						    lazy_name(peer, other,
							      sizeof(other)),
						    path, w.maybe);
					}
					continue;
				}
				fill(r, n->eng[i].obj, node_at(list, j), path);
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s allows %s %s %s (%s)%s%s", pn, d, pre,
				    lazy_name(peer, other, sizeof(other)), path,
				    w.limit[0] ? ", limited " : "", w.limit);
				r->limited = w.limit[0] != '\0';
				return decided(r, NPT_ALLOW);
			}
		}
	}
	if (!isolating)
		return NPT_NONE;
	if (maybe.text[0]) {
		*r = maybe;
		return decided(r, NPT_UNKNOWN);
	}
	memset(r, 0, sizeof(*r));
	policy_name(isolating, pn, sizeof(pn));
	if (netpol_is_k8s(isolating))
		fill(r, isolating,
		     node_path(isolating->root, "spec.podSelector"),
		     "spec.podSelector");
	else
		fill(r, isolating,
		     node_path(isolating->root, "spec.endpointSelector"),
		     "spec.endpointSelector");
	fmt_snprintf(
	    r->text, sizeof(r->text),
	    "%s isolates %s of %s and no selecting policy allows %s %s", pn, d,
	    lazy_name(self, me, sizeof(me)), pre,
	    lazy_name(peer, other, sizeof(other)));
	return decided(r, NPT_DENY);
}

/* ---- admin network policies ------------------------------------------- */

static bool is_baseline(const struct kobj *o)
{
	if (!strcmp(o->kind, "BaselineAdminNetworkPolicy"))
		return true;
	return !strcmp(o->kind, "ClusterNetworkPolicy") &&
	       node_str_eq(node_path(o->root, "spec.tier"), "Baseline");
}

static enum m3 anp_peer(const struct netpol *n, const struct node *peer,
			const struct np_end *e, bool allow, struct note *w)
{
	const struct node *nss = node_get(peer, "namespaces");
	const struct node *pods = node_get(peer, "pods");
	const struct node *nets = node_get(peer, "networks");
	size_t i;

	if (nss) {
		if (node_get(nss, "sameLabels") ||
		    node_get(nss, "notSameLabels")) {
			set_maybe(w, "sameLabels/notSameLabels are not judged");
			return e->pv ? M_MAYBE : M_NO;
		}
		if (node_get(nss, "namespaceSelector"))
			nss = node_get(nss, "namespaceSelector");
		return e->pv && selector_matches_ns(
				    nss, np_ns_labels(n, kobj_ns(e->pv->obj)),
				    kobj_ns(e->pv->obj))
			   ? M_YES
			   : M_NO;
	}
	if (pods) {
		const struct node *ps = node_get(pods, "namespaceSelector");
		if (!ps)
			ps = node_get(pods, "namespaces");
		if (!e->pv)
			return M_NO;
		return selector_matches_ns(ps,
					   np_ns_labels(n, kobj_ns(e->pv->obj)),
					   kobj_ns(e->pv->obj)) &&
			       selector_matches(node_get(pods, "podSelector"),
						node_get(e->pv->meta, "labels"))
			   ? M_YES
			   : M_NO;
	}
	if (nets) {
		for (i = 0; i < node_count(nets); i++)
			if (np_cidr_matches(node_str(node_at(nets, i)), NULL,
					    e))
				return M_YES;
		return M_NO;
	}
	if (node_get(peer, "nodes")) {
		if (e->pv || e->internet)
			return M_NO;
		set_maybe(w, "%s may be a node's address",
			  e->apiserver ? "the API server" : e->ip);
		return M_MAYBE;
	}
	if (node_get(peer, "domainNames")) {
		if (e->pv)
			return M_NO;
		if (e->internet && allow) {
			fmt_snprintf(w->limit, sizeof(w->limit),
				     "to the DNS names of its domainNames");
			return M_YES;
		}
		if (e->internet)
			return M_NO;
		set_maybe(w,
			  "domainNames: whether the address is behind one of "
			  "its names is not in the configuration");
		return M_MAYBE;
	}
	return M_NO;
}

static bool anp_port(const struct node *pt, const struct np_port *q,
		     const struct pod_view *dst, bool deny)
{
	const struct node *v;
	const char *proto;
	long lo, hi;
	long long a, b;

	if ((v = node_get(pt, "portNumber")) != NULL) {
		if (!node_int(node_get(v, "port"), &a))
			return false;
		proto = node_get_str(v, "protocol");
		return port_in((long)a, (long)a, proto ? proto : "TCP", q,
			       deny);
	}
	if ((v = node_get(pt, "portRange")) != NULL) {
		if (!node_int(node_get(v, "start"), &a) ||
		    !node_int(node_get(v, "end"), &b))
			return false;
		proto = node_get_str(v, "protocol");
		return port_in((long)a, (long)b, proto ? proto : "TCP", q,
			       deny);
	}
	if ((v = node_get(pt, "namedPort")) != NULL ||
	    (v = node_get(pt, "destinationNamedPort")) != NULL) {
		proto = NULL;
		if (!port_range(v, NULL, dst, &lo, &hi, &proto))
			return false;
		return port_in(lo, hi, proto, q, deny);
	}
	/* v1alpha2: {tcp: {destinationPort: {number | range}}} */
	{
		static const char *const protos[] = { "tcp", "udp", "sctp" };
		size_t i;
		for (i = 0; i < 3; i++) {
			const struct node *dp = node_get(
			    node_get(pt, protos[i]), "destinationPort");
			if (!node_get(pt, protos[i]))
				continue;
			if (!dp)
				return port_in(0, 0, protos[i], q, deny);
			if (node_int(node_get(dp, "number"), &a))
				return port_in((long)a, (long)a, protos[i], q,
					       deny);
			if (node_int(node_path(dp, "range.start"), &a) &&
			    node_int(node_path(dp, "range.end"), &b))
				return port_in((long)a, (long)b, protos[i], q,
					       deny);
			return false;
		}
	}
	return false;
}

static bool anp_ports(const struct node *rule, const struct np_port *q,
		      const struct pod_view *dst, bool deny)
{
	const struct node *ports = node_get(rule, "ports");
	size_t i;

	if (!ports)
		ports = node_get(rule, "protocols");
	if (!node_count(ports))
		return port_in(0, 0, NULL, q, deny);
	for (i = 0; i < node_count(ports); i++)
		if (anp_port(node_at(ports, i), q, dst, deny))
			return true;
	return false;
}

struct anp_entry {
	const struct kobj *obj;
	long long priority;
	size_t index;
};

static int anp_cmp(const void *a, const void *b)
{
	const struct anp_entry *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

enum np_tier np_eval_admin(const struct netpol *n, const struct np_end *self,
			   const struct np_end *peer, const struct np_port *q,
			   enum np_dir dir, bool baseline, struct np_reason *r)
{
	const char *d = dname(dir), *pre = dprep(dir);
	const struct pod_view *dst = dir == NP_INGRESS ? self->pv : peer->pv;
	struct anp_entry *v = NULL;
	struct podlabels p;
	char other[256], pn[300];
	size_t i, j, k, cnt = 0;
	enum np_tier res = NPT_NONE;

	/* most clusters have no admin policy of this tier: nothing to judge */
	for (i = 0; i < n->neng; i++)
		if (n->eng[i].eng == ENG_ANP &&
		    is_baseline(n->eng[i].obj) == baseline)
			break;
	if (i == n->neng) {
		memset(r, 0, sizeof(*r));
		return NPT_NONE;
	}
	np_podlabels(n, self->pv, &p);
	np_end_name(peer, other, sizeof(other));
	for (i = 0; i < n->neng; i++) {
		const struct kobj *o = n->eng[i].obj;
		if (n->eng[i].eng != ENG_ANP || is_baseline(o) != baseline ||
		    !np_anp_subject(node_path(o->root, "spec.subject"), &p))
			continue;
		v = xrealloc_array(v, cnt + 1, sizeof(*v));
		v[cnt].obj = o;
		v[cnt].priority = 0;
		node_int(node_path(o->root, "spec.priority"), &v[cnt].priority);
		v[cnt].index = cnt;
		cnt++;
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), anp_cmp);
	for (i = 0; i < cnt && res == NPT_NONE; i++) {
		const struct node *rules =
		    node_get(node_get(v[i].obj->root, "spec"), d);
		policy_name(v[i].obj, pn, sizeof(pn));
		for (j = 0; j < node_count(rules) && res == NPT_NONE; j++) {
			const struct node *rule = node_at(rules, j);
			const struct node *peers = node_get(rule, pre);
			const char *act = node_get_str(rule, "action");
			const char *name = node_get_str(rule, "name");
			bool allow = act && (!strcmp(act, "Allow") ||
					     !strcmp(act, "Accept"));
			enum m3 m = M_NO;
			char path[64], prio[48];
			struct note w;

			memset(&w, 0, sizeof(w));
			if (!anp_ports(rule, q, dst, !allow))
				continue;
			for (k = 0; k < node_count(peers) && m != M_YES; k++)
				m = m_or(m, anp_peer(n, node_at(peers, k), peer,
						     allow, &w));
			if (m == M_NO)
				continue;
			fmt_snprintf(path, sizeof(path), "spec.%s[%zu]", d, j);
			prio[0] = '\0';
			if (!baseline)
				fmt_snprintf(prio, sizeof(prio),
					     " (priority %lld)", v[i].priority);
			fill(r, v[i].obj, rule, path);
			if (m == M_MAYBE) {
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s%s rule %s (%s, %s) may apply to "
				    "%s %s %s: %s",
				    pn, prio, name ? name : "", path,
				    act ? act : "no action", d, pre, other,
				    w.maybe);
				res = NPT_UNKNOWN;
			} else if (act && !strcmp(act, "Pass")) {
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s%s rule %s (%s) passes %s %s %s on "
				    "to NetworkPolicy",
				    pn, prio, name ? name : "", path, d, pre,
				    other);
				res = NPT_PASS;
			} else if (allow || (act && !strcmp(act, "Deny"))) {
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s%s rule %s (%s) %s %s %s %s%s%s", pn,
				    prio, name ? name : "", path,
				    allow ? "allows" : "denies", d, pre, other,
				    w.limit[0] ? ", limited " : "", w.limit);
				r->limited = allow && w.limit[0];
				res = allow ? NPT_ALLOW : NPT_DENY;
			} else {
				fmt_snprintf(
				    r->text, sizeof(r->text),
				    "%s rule %s has action '%s', which "
				    "this model does not know",
				    pn, path, act ? act : "");
				res = NPT_UNKNOWN;
			}
		}
	}
	free(v);
	if (res != NPT_NONE && res != NPT_PASS)
		decided(r, res);
	else if (res == NPT_NONE)
		memset(r, 0, sizeof(*r));
	return res;
}

/* ---- queries ------------------------------------------------------------- */

static enum np_verdict of_tier(enum np_tier t)
{
	return t == NPT_ALLOW ? NP_ALLOW : t == NPT_DENY ? NP_DENY : NP_UNKNOWN;
}

/*
 * Decide one direction at pod end self, towards or from peer: admin
 * network policies by priority, then the NetworkPolicy tier (Kubernetes,
 * Cilium and Calico policies), then baseline admin network policies.
 */
/* ---- Cilium host policies ------------------------------------------- */

/* Labels of a Node (plus kubernetes.io/hostname), for nodeSelector. */
struct nodelabels {
	const struct kobj *node;
};

static const char *node_value(void *ctx, const char *key)
{
	const struct kobj *nd = ((struct nodelabels *)ctx)->node;
	const char *v = node_get_str(nd->labels, key);

	if (!v && !strcmp(key, "kubernetes.io/hostname"))
		v = nd->name;
	return v;
}

/*
 * Host policy selector sel covers the node(s) hostNetwork pod pv runs on:
 * its spec.nodeName's Node, else every Node of the input that the pod's
 * nodeSelector admits (all: yes, none: no, some: maybe).  Without Nodes
 * in the input, a selector that is empty or whose matchLabels the pod's
 * nodeSelector repeats covers it; anything else is maybe.
 */
static enum m3 host_covers(const struct netpol *n, const struct node *sel,
			   const struct pod_view *pv, struct note *w)
{
	const char *name = node_get_str(pv->spec, "nodeName");
	const struct node *want = node_get(pv->spec, "nodeSelector");
	const struct kobj *const *nodes;
	struct nodelabels nl;
	size_t cnt, i, yes = 0, cand = 0;

	if (!node_count(node_get(sel, "matchExpressions")) &&
	    !node_len(node_get(sel, "matchLabels")))
		return M_YES;
	nodes = inventory_kind(n->inv, "Node", &cnt);
	for (i = 0; i < cnt; i++) {
		nl.node = nodes[i];
		if (name ? strcmp(nodes[i]->name, name) != 0
			 : !selector_map_matches(want, nodes[i]->labels))
			continue;
		cand++;
		yes += selector_matches_fn(sel, node_value, &nl);
	}
	if (cand)
		return yes == cand ? M_YES : yes ? M_MAYBE : M_NO;
	if (node_len(want) &&
	    selector_map_matches(node_get(sel, "matchLabels"), want) &&
	    !node_count(node_get(sel, "matchExpressions")))
		return M_YES;
	set_maybe(w,
		  "whether the host policy's nodeSelector covers the node of "
		  "this hostNetwork pod is not in the configuration");
	return M_MAYBE;
}

/*
 * A hostNetwork pod shares its node's identity, so Cilium host policies
 * (CiliumClusterwideNetworkPolicy with nodeSelector) decide its traffic:
 * a deny rule that matches wins, then an allow; a host policy with rules
 * in the direction isolates it (unless enableDefaultDeny says no).
 * NPT_NONE when no host policy covers the pod's node for dir.
 */
static enum np_tier host_policies(const struct netpol *n,
				  const struct np_end *self,
				  const struct np_end *peer,
				  const struct np_port *q, enum np_dir dir,
				  struct np_reason *r)
{
	const char *d = dname(dir), *pre = dprep(dir);
	const struct kobj *isolating = NULL;
	struct np_reason maybe;
	char other[256], pn[300], key[16], path[200], at[64];
	size_t i, k, j;
	int pass;

	memset(&maybe, 0, sizeof(maybe));
	np_end_name(peer, other, sizeof(other));
	for (pass = 0; pass < 2 && !(pass && maybe.text[0]); pass++)
		for (i = 0; i < n->neng; i++) { /* deny rules, then allows */
			const struct kobj *o = n->eng[i].obj;
			const struct node *spec = node_get(o->root, "spec");
			const struct node *specs = node_get(o->root, "specs");
			if (n->eng[i].eng != ENG_CILIUM_CW)
				continue;
			policy_name(o, pn, sizeof(pn));
			for (k = 0; k < 1 + node_count(specs); k++) {
				const struct node *rule =
				    k ? node_at(specs, k - 1) : spec;
				const struct node *ns =
				    node_get(rule, "nodeSelector");
				const struct node *dd =
				    node_get(rule, "enableDefaultDeny");
				const struct node *list;
				struct note w;
				char prefix[32];
				enum m3 cov;
				if (!ns)
					continue;
				memset(&w, 0, sizeof(w));
				cov = host_covers(n, ns, self->pv, &w);
				if (cov == M_NO)
					continue;
				if (k)
					fmt_snprintf(prefix, sizeof(prefix),
						     "specs[%zu]", k - 1);
				else
					fmt_snprintf(prefix, sizeof(prefix),
						     "spec");
				if (cov == M_MAYBE) {
					if (!maybe.text[0]) {
						fill(&maybe, o, ns, prefix);
						fmt_snprintf(
						    maybe.text,
						    sizeof(maybe.text),
						    "host policy %s may "
						    "select the node of "
						    "this pod: %s",
						    pn, w.maybe);
					}
					continue;
				}
				fmt_snprintf(key, sizeof(key), "%sDeny", d);
				if (pass && !isolating &&
				    (node_get(rule, d) ||
				     node_get(rule, key)) &&
				    !node_is_false(node_get(dd, d)))
					isolating = o;
				if (pass)
					fmt_snprintf(key, sizeof(key), "%s", d);
				list = node_get(rule, key);
				for (j = 0; j < node_count(list); j++) {
					enum m3 m;
					memset(&w, 0, sizeof(w));
					m = cilium_rule_match(
					    n, o, node_at(list, j), dir, self,
					    peer, q, !pass, &w, at, sizeof(at));
					if (m == M_NO)
						continue;
					fmt_snprintf(path, sizeof(path),
						     "%s.%s[%zu]%s%s", prefix,
						     key, j, at[0] ? "." : "",
						     at);
					if (m == M_MAYBE) {
						if (!maybe.text[0]) {
							fill(&maybe, o,
							     node_at(list, j),
							     path);
							fmt_snprintf(
							    maybe.text,
							    sizeof(maybe.text),
							    "host policy %s "
							    "may %s %s %s %s "
							    "(%s): %s",
							    pn,
							    pass ? "allow"
								 : "deny",
							    d, pre, other, path,
							    w.maybe);
						}
						continue;
					}
					fill(r, o, node_at(list, j), path);
					fmt_snprintf(
					    r->text, sizeof(r->text),
					    "host policy %s %s %s %s %s "
					    "(%s) of this hostNetwork pod",
					    pn, pass ? "allows" : "denies", d,
					    pre, other, path);
					return decided(r, pass ? NPT_ALLOW
							       : NPT_DENY);
				}
			}
		}
	if (maybe.text[0]) {
		*r = maybe;
		return decided(r, NPT_UNKNOWN);
	}
	if (!isolating)
		return NPT_NONE;
	memset(r, 0, sizeof(*r));
	policy_name(isolating, pn, sizeof(pn));
	fill(r, isolating, node_path(isolating->root, "spec.nodeSelector"),
	     "spec.nodeSelector");
	fmt_snprintf(
	    r->text, sizeof(r->text),
	    "host policy %s isolates %s of the node this hostNetwork pod "
	    "shares, and no rule allows %s %s",
	    pn, d, pre, other);
	return decided(r, NPT_DENY);
}

static enum np_verdict direction(const struct netpol *n,
				 const struct np_end *self,
				 const struct np_end *peer,
				 const struct np_port *q, enum np_dir dir,
				 struct np_reason *r)
{
	const char *d = dir == NP_INGRESS ? "ingress" : "egress";
	enum np_tier t;
	char me[256];

	memset(r, 0, sizeof(*r));
	if (node_is_true(node_get(self->pv->spec, "hostNetwork"))) {
		t = host_policies(n, self, peer, q, dir, r);
		if (t != NPT_NONE)
			return r->verdict = of_tier(t);
		memset(r, 0, sizeof(*r));
		fmt_snprintf(
		    r->text, sizeof(r->text),
		    "%s uses hostNetwork: NetworkPolicy does not apply "
		    "to it",
		    np_end_name(self, me, sizeof(me)));
		return r->verdict = NP_ALLOW;
	}
	t = np_eval_admin(n, self, peer, q, dir, false, r);
	if (t != NPT_NONE && t != NPT_PASS)
		return r->verdict = of_tier(t);
	t = np_eval_policies(n, self, peer, q, dir, r);
	if (t != NPT_NONE)
		return r->verdict = of_tier(t);
	t = np_eval_admin(n, self, peer, q, dir, true, r);
	if (t != NPT_NONE)
		return r->verdict = of_tier(t);
	memset(r, 0, sizeof(*r));
	fmt_snprintf(r->text, sizeof(r->text), "no policy isolates %s of %s", d,
		     np_end_name(self, me, sizeof(me)));
	return r->verdict = NP_ALLOW;
}

enum np_verdict netpol_query(const struct netpol *n, const struct np_end *from,
			     const struct np_end *to,
			     const struct np_port *port,
			     struct np_reason *egress,
			     struct np_reason *ingress)
{
	char who[320];

	memset(egress, 0, sizeof(*egress));
	memset(ingress, 0, sizeof(*ingress));
	if (from->pv) {
		direction(n, from, to, port, NP_EGRESS, egress);
	} else {
		fmt_snprintf(egress->text, sizeof(egress->text),
			     "%s is no pod: no egress policy applies",
			     np_end_name(from, who, sizeof(who)));
		egress->verdict = NP_ALLOW;
	}
	if (to->pv) {
		direction(n, to, from, port, NP_INGRESS, ingress);
	} else {
		fmt_snprintf(ingress->text, sizeof(ingress->text),
			     "%s is no pod: no ingress policy applies",
			     np_end_name(to, who, sizeof(who)));
		ingress->verdict = NP_ALLOW;
	}
	if (egress->verdict == NP_DENY || ingress->verdict == NP_DENY)
		return NP_DENY;
	if (egress->verdict == NP_UNKNOWN || ingress->verdict == NP_UNKNOWN)
		return NP_UNKNOWN;
	return NP_ALLOW;
}

enum np_verdict netpol_open_ingress(const struct netpol *n,
				    const struct pod_view *pv,
				    struct np_reason *r)
{
	struct kobj obj = { .kind = "Pod",
			    .ns = NP_ANY_NS,
			    .name = "(any pod)" };
	struct pod_view anyv = { .obj = &obj, .spec_path = "spec" };
	struct np_end self = { .pv = pv },
		      peer = { .pv = &anyv, .any_pod = true };
	struct np_port q = { .port = 0 };

	return direction(n, &self, &peer, &q, NP_INGRESS, r);
}

/* The stronger of two answers for "is this direction open?". */
static bool more_open(enum np_verdict a, enum np_verdict b)
{
	static const int rank[] = {
		[NP_ALLOW] = 2, [NP_UNKNOWN] = 1, [NP_DENY] = 0
	};
	return rank[a] > rank[b];
}

enum np_verdict netpol_ns_open(const struct netpol *n, const char *ns,
			       enum np_dir dir, struct np_reason *r)
{
	struct kobj obj = { .kind = "Pod", .ns = ns, .name = "(any pod)" };
	struct kobj anyobj = { .kind = "Pod",
			       .ns = NP_ANY_NS,
			       .name = "(any pod)" };
	struct pod_view selfv = { .obj = &obj, .spec_path = "spec" };
	struct pod_view anyv = { .obj = &anyobj, .spec_path = "spec" };
	struct np_end self = { .pv = &selfv };
	struct np_end peers[2] = { { .pv = &anyv, .any_pod = true },
				   { .internet = true } };
	struct np_port q = { .port = 0, .every = true };
	struct np_reason tmp;
	enum np_verdict v = NP_DENY;
	size_t i, np = dir == NP_EGRESS ? 2 : 1;

	memset(r, 0, sizeof(*r));
	r->verdict = NP_DENY;
	for (i = 0; i < np && v != NP_ALLOW; i++) {
		enum np_verdict w =
		    direction(n, &self, &peers[i], &q, dir, &tmp);
		/* an allow only for some requests is a rule about some */
		if (w == NP_ALLOW && tmp.limited)
			w = tmp.verdict = NP_DENY;
		if (i == 0 || more_open(w, v)) {
			v = w;
			*r = tmp;
		}
	}
	return v;
}
