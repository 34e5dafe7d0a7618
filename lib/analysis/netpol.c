#include "analysis/netpol.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "selector.h"
#include "strmap.h"
#include "workload.h"

static void list_add(struct ns_list *l, const struct kobj *o)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 4;
		l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = o;
}

const char *np_verdict_name(enum np_verdict v)
{
	return v == NP_ALLOW ? "allowed" : v == NP_DENY ? "denied" : "unknown";
}

bool netpol_is_k8s(const struct kobj *np)
{
	return !strcmp(np->group, "networking.k8s.io") ||
	       !strcmp(np->group, "extensions");
}

void netpol_types(const struct kobj *np, bool *ingress, bool *egress)
{
	const struct node *spec = node_get(np->root, "spec");
	const struct node *types = node_get(spec, "policyTypes");
	size_t i;

	/*
	 * The API server's defaulting: an absent or empty policyTypes is
	 * Ingress, plus Egress when there is at least one egress rule
	 * ("egress: []" adds nothing).
	 */
	if (!node_count(types)) {
		*ingress = true;
		*egress = node_count(node_get(spec, "egress")) > 0;
		return;
	}
	*ingress = *egress = false;
	for (i = 0; i < node_count(types); i++) {
		if (node_str_eq(node_at(types, i), "Ingress"))
			*ingress = true;
		else if (node_str_eq(node_at(types, i), "Egress"))
			*egress = true;
	}
}

bool netpol_selects(const struct kobj *np, const struct node *labels)
{
	const struct node *sel = node_path(np->root, "spec.podSelector");

	if (!sel || sel->type == NODE_NULL)
		return true;
	return selector_matches(sel, labels);
}

/* ---- build -------------------------------------------------------------- */

/* The selector index of ns's policies (list l), built on first use. */
static struct selidx *ns_index(struct strmap *m, const char *ns,
			       const struct ns_list *l)
{
	void **slot = strmap_slot(m, ns, strlen(ns));
	size_t j;

	if (!*slot) {
		struct selidx *x = selidx_new();
		for (j = 0; j < l->n; j++) {
			const struct node *ps =
			    node_path(l->v[j]->root, "spec.podSelector");
			/* no podSelector: every pod, a candidate for all */
			selidx_add(x, j, node_get(ps, "matchLabels"));
		}
		*slot = x;
	}
	return *slot;
}

static void index_selected(struct netpol *n)
{
	struct strmap idx = { 0 };
	size_t i = 0, k, kl, *cand = NULL, ncand = 0;
	const char *key;
	void *val;

	n->pv = inventory_pods(n->inv, &n->npv);
	n->sel_at =
	    xrealloc_array(NULL, n->npv ? n->npv : 1, sizeof(*n->sel_at));
	n->sel_n = xrealloc_array(NULL, n->npv ? n->npv : 1, sizeof(*n->sel_n));
	for (i = 0; i < n->npv; i++) {
		const struct pod_view *pv = &n->pv[i];
		const char *ns = kobj_ns(pv->obj);
		const struct ns_list *l = strmap_get(&n->by_ns, ns, strlen(ns));
		const struct node *labels = node_get(pv->meta, "labels");
		size_t c = 0;

		n->sel_at[i] = n->nsel;
		if (l)
			c = selidx_candidates(ns_index(&idx, ns, l), labels,
					      &cand, &ncand);
		for (k = 0; k < c; k++) {
			if (!netpol_selects(l->v[cand[k]], labels))
				continue;
			if (n->nsel == n->allocsel) {
				n->allocsel =
				    n->allocsel ? n->allocsel * 2 : 64;
				n->sel = xrealloc_array(n->sel, n->allocsel,
							sizeof(*n->sel));
			}
			n->sel[n->nsel++] = l->v[cand[k]];
		}
		n->sel_n[i] = n->nsel - n->sel_at[i];
	}
	free(cand);
	i = 0;
	while (strmap_next(&idx, &i, &key, &kl, &val))
		selidx_free(val);
	strmap_release(&idx);
}

/*
 * The policies of pv's namespace that select it, in list order, or NULL
 * for a view the inventory did not make (the caller then tries them all).
 */
const struct kobj *const *np_selecting(const struct netpol *n,
				       const struct pod_view *pv, size_t *cnt)
{
	if (pv < n->pv || pv >= n->pv + n->npv)
		return NULL;
	*cnt = n->sel_n[pv - n->pv];
	return n->sel + n->sel_at[pv - n->pv];
}

static bool engine_of(const struct kobj *o, enum engine *e)
{
	const char *g = o->group, *k = o->kind;

	if (!strcmp(g, "cilium.io")) {
		if (!strcmp(k, "CiliumNetworkPolicy"))
			return *e = ENG_CILIUM, true;
		if (!strcmp(k, "CiliumClusterwideNetworkPolicy"))
			return *e = ENG_CILIUM_CW, true;
	} else if (!strcmp(g, "projectcalico.org") ||
		   !strcmp(g, "crd.projectcalico.org")) {
		if (!strcmp(k, "NetworkPolicy"))
			return *e = ENG_CALICO, true;
		if (!strcmp(k, "GlobalNetworkPolicy"))
			return *e = ENG_CALICO_GLOB, true;
	} else if (!strcmp(g, "policy.networking.k8s.io")) {
		if (!strcmp(k, "AdminNetworkPolicy") ||
		    !strcmp(k, "BaselineAdminNetworkPolicy") ||
		    !strcmp(k, "ClusterNetworkPolicy"))
			return *e = ENG_ANP, true;
	}
	return false;
}

struct netpol *netpol_build(const struct inventory *inv)
{
	static const char *const kinds[] = {
		"CiliumNetworkPolicy",
		"CiliumClusterwideNetworkPolicy",
		"GlobalNetworkPolicy",
		"AdminNetworkPolicy",
		"BaselineAdminNetworkPolicy",
		"ClusterNetworkPolicy",
		"NetworkPolicy",
	};
	struct netpol *n = xmalloc(sizeof(*n));
	const struct kobj *const *v;
	size_t cnt, i, k;

	memset(n, 0, sizeof(*n));
	n->inv = inv;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		v = inventory_kind(inv, kinds[k], &cnt);
		for (i = 0; i < cnt; i++) {
			enum engine e;
			if (netpol_is_k8s(v[i])) {
				const char *ns = kobj_ns(v[i]);
				void **slot =
				    strmap_slot(&n->by_ns, ns, strlen(ns));
				if (!*slot) {
					*slot = xmalloc(sizeof(struct ns_list));
					memset(*slot, 0,
					       sizeof(struct ns_list));
				}
				list_add(*slot, v[i]);
				continue;
			}
			if (!engine_of(v[i], &e))
				continue;
			if (n->neng == n->alloceng) {
				n->alloceng = n->alloceng ? n->alloceng * 2 : 8;
				n->eng = xrealloc_array(n->eng, n->alloceng,
							sizeof(*n->eng));
			}
			n->eng[n->neng].obj = v[i];
			n->eng[n->neng++].eng = e;
		}
	}
	index_selected(n);
	return n;
}

void netpol_free(struct netpol *n)
{
	size_t i = 0, kl;
	const char *k;
	void *val;

	if (!n)
		return;
	while (strmap_next(&n->by_ns, &i, &k, &kl, &val)) {
		struct ns_list *l = val;
		free(l->v);
		free(l);
	}
	strmap_release(&n->by_ns);
	free(n->eng);
	free(n->sel_at);
	free(n->sel_n);
	free(n->sel);
	free(n);
}

/* ---- other engines: which pods they select ----------------------------- */

const struct node *np_ns_labels(const struct netpol *n, const char *ns)
{
	const struct kobj *o = inventory_find(n->inv, "Namespace", NULL, ns);

	return o ? o->labels : NULL;
}

/* Cilium: "k8s:" and "any:" prefixes, and the namespace pseudo-labels. */
const char *np_cilium_value(void *ctx, const char *key)
{
	const struct podlabels *p = ctx;

	if (!strncmp(key, "k8s:", 4))
		key += 4;
	else if (!strncmp(key, "any:", 4))
		key += 4;
	if (!strcmp(key, "io.kubernetes.pod.namespace"))
		return p->ns;
	if (!strcmp(key, "io.cilium.k8s.policy.serviceaccount"))
		return p->sa;
	if (!strncmp(key, "io.cilium.k8s.namespace.labels.", 31))
		return node_get_str(p->ns_labels, key + 31);
	return node_get_str(p->labels, key);
}

const char *np_sa_value(void *ctx, const char *key)
{
	return node_get_str(((const struct podlabels *)ctx)->sa_labels, key);
}

const char *np_calico_value(void *ctx, const char *key)
{
	const struct podlabels *p = ctx;

	if (!strcmp(key, "projectcalico.org/namespace"))
		return p->ns;
	if (!strcmp(key, "projectcalico.org/orchestrator"))
		return "k8s";
	if (!strcmp(key, "projectcalico.org/serviceaccount"))
		return p->sa;
	return node_get_str(p->labels, key);
}

const char *np_calico_ns_value(void *ctx, const char *key)
{
	const struct podlabels *p = ctx;

	if (!strcmp(key, "projectcalico.org/name") ||
	    !strcmp(key, "kubernetes.io/metadata.name"))
		return p->ns;
	return node_get_str(p->ns_labels, key);
}

static bool has_key(const struct node *o, const char *k)
{
	return node_get(o, k) != NULL;
}

/* A Cilium rule (one of spec/specs) selects the pod; sets directions. */
bool np_cilium_rule(const struct node *r, const struct podlabels *p, bool *in,
		    bool *eg)
{
	const struct node *sel = node_get(r, "endpointSelector");
	const struct node *dd = node_get(r, "enableDefaultDeny");

	*in = *eg = false;
	if (!sel || node_get(r, "nodeSelector"))
		return false; /* host policies select nodes, not pods */
	if (!selector_matches_fn(sel, np_cilium_value, (void *)p))
		return false;
	*in = (has_key(r, "ingress") || has_key(r, "ingressDeny")) &&
	      !node_is_false(node_get(dd, "ingress"));
	*eg = (has_key(r, "egress") || has_key(r, "egressDeny")) &&
	      !node_is_false(node_get(dd, "egress"));
	return *in || *eg;
}

static void cilium_dirs(const struct kobj *o, const struct podlabels *p,
			bool *in, bool *eg)
{
	const struct node *spec = node_get(o->root, "spec");
	const struct node *specs = node_get(o->root, "specs");
	bool a, b;
	size_t i;

	*in = *eg = false;
	if (spec && np_cilium_rule(spec, p, &a, &b))
		*in |= a, *eg |= b;
	for (i = 0; i < node_count(specs); i++)
		if (np_cilium_rule(node_at(specs, i), p, &a, &b))
			*in |= a, *eg |= b;
}

static void calico_dirs(const struct kobj *o, const struct podlabels *p,
			bool global, bool *in, bool *eg)
{
	const struct node *spec = node_get(o->root, "spec");
	const char *sel = node_get_str(spec, "selector");
	const char *nssel = node_get_str(spec, "namespaceSelector");
	const char *sasel = node_get_str(spec, "serviceAccountSelector");
	const struct node *types = node_get(spec, "types");
	bool ok = true;
	size_t i;

	*in = *eg = false;
	if (node_is_true(node_get(spec, "doNotTrack")) ||
	    node_is_true(node_get(spec, "preDNAT")))
		return; /* host endpoint policies */
	if (sel && *sel &&
	    !netpol_calico_matches(sel, np_calico_value, (void *)p, &ok))
		return;
	if (global && nssel && *nssel &&
	    !netpol_calico_matches(nssel, np_calico_ns_value, (void *)p, &ok))
		return;
	/* pods by the labels of their ServiceAccount (unknown: unlabelled) */
	if (sasel && *sasel &&
	    !netpol_calico_matches(sasel, np_sa_value, (void *)p, &ok))
		return;
	if (!ok)
		return;
	if (node_count(types)) {
		for (i = 0; i < node_count(types); i++) {
			*in |= node_str_eq(node_at(types, i), "Ingress");
			*eg |= node_str_eq(node_at(types, i), "Egress");
		}
		return;
	}
	/*
	 * Calico's default for missing or empty types: Egress when there are
	 * egress rules, Ingress when there are ingress rules or no rules at
	 * all (an empty list is no rules).
	 */
	*eg = node_count(node_get(spec, "egress")) > 0;
	*in = node_count(node_get(spec, "ingress")) > 0 || !*eg;
}

bool np_anp_subject(const struct node *subj, const struct podlabels *p)
{
	const struct node *nss = node_get(subj, "namespaces");
	const struct node *pods = node_get(subj, "pods");

	if (nss)
		return selector_matches_ns(nss, p->ns_labels, p->ns);
	if (pods)
		return selector_matches_ns(node_get(pods, "namespaceSelector"),
					   p->ns_labels, p->ns) &&
		       selector_matches(node_get(pods, "podSelector"),
					p->labels);
	return false;
}

static void anp_dirs(const struct kobj *o, const struct podlabels *p, bool *in,
		     bool *eg)
{
	const struct node *spec = node_get(o->root, "spec");

	*in = *eg = false;
	if (!np_anp_subject(node_get(spec, "subject"), p))
		return;
	*in = node_count(node_get(spec, "ingress")) > 0;
	*eg = node_count(node_get(spec, "egress")) > 0;
}

void np_engine_dirs(const struct engine_pol *e, const struct podlabels *p,
		    bool *in, bool *eg)
{
	*in = *eg = false;
	switch (e->eng) {
	case ENG_CILIUM:
		if (!strcmp(kobj_ns(e->obj), p->ns))
			cilium_dirs(e->obj, p, in, eg);
		break;
	case ENG_CILIUM_CW: cilium_dirs(e->obj, p, in, eg); break;
	case ENG_CALICO:
		if (!strcmp(kobj_ns(e->obj), p->ns))
			calico_dirs(e->obj, p, false, in, eg);
		break;
	case ENG_CALICO_GLOB: calico_dirs(e->obj, p, true, in, eg); break;
	case ENG_ANP: anp_dirs(e->obj, p, in, eg); break;
	}
}

void np_podlabels(const struct netpol *n, const struct pod_view *pv,
		  struct podlabels *p)
{
	const struct kobj *sao;

	p->labels = node_get(pv->meta, "labels");
	p->ns = kobj_ns(pv->obj);
	p->ns_labels = np_ns_labels(n, p->ns);
	/* serviceAccountName, else the deprecated serviceAccount */
	p->sa = wl_service_account(pv, NULL);
	if (!strcmp(p->ns, NP_ANY_NS))
		p->sa = "(any service account)"; /* named by no rule */
	sao = inventory_find(n->inv, "ServiceAccount", p->ns, p->sa);
	p->sa_labels = sao ? sao->labels : NULL;
	p->sa_known =
	    sao || !strcmp(p->sa, "default") || !strcmp(p->ns, NP_ANY_NS);
}

void netpol_cover(const struct netpol *n, const struct pod_view *pv,
		  struct netpol_cover *c)
{
	const char *ns = kobj_ns(pv->obj);
	const struct ns_list *l = strmap_get(&n->by_ns, ns, strlen(ns));
	const struct node *labels = node_get(pv->meta, "labels");
	struct podlabels p;
	size_t i, nsel = 0;
	const struct kobj *const *sel = np_selecting(n, pv, &nsel);
	bool indexed = sel != NULL;

	memset(c, 0, sizeof(*c));
	c->host_network = node_is_true(node_get(pv->spec, "hostNetwork"));
	if (!indexed && l) {
		sel = l->v;
		nsel = l->n;
	}
	for (i = 0; i < nsel; i++) {
		bool in, eg;

		if (!indexed && !netpol_selects(sel[i], labels))
			continue;
		netpol_types(sel[i], &in, &eg);
		if (in && !c->ingress_by)
			c->ingress_by = sel[i];
		if (eg && !c->egress_by)
			c->egress_by = sel[i];
	}
	c->ns_policies = l ? l->n : 0;
	if (!n->neng) /* the labels are for engines' selectors */
		return;
	np_podlabels(n, pv, &p);
	for (i = 0; i < n->neng; i++) {
		bool in, eg;
		np_engine_dirs(&n->eng[i], &p, &in, &eg);
		if (in && !c->ingress_engine)
			c->ingress_engine = n->eng[i].obj;
		if (eg && !c->egress_engine)
			c->egress_engine = n->eng[i].obj;
	}
}

/* ---- addresses ---------------------------------------------------------- */

static int parse_addr(const char *s, unsigned char out[16])
{
	char buf[64];
	size_t n = strcspn(s, "/");

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, out) == 1)
		return 16;
	return 0;
}

bool netpol_cidr_contains(const char *cidr, const char *ip)
{
	unsigned char net[16], a[16];
	int nl = parse_addr(cidr, net), al = parse_addr(ip, a);
	const char *slash = strchr(cidr, '/');
	char *end;
	long bits;
	int i;

	if (!nl || nl != al)
		return false;
	bits = slash ? strtol(slash + 1, &end, 10) : nl * 8;
	if ((slash && (*end || end == slash + 1)) || bits < 0 || bits > nl * 8)
		return false;
	for (i = 0; i < nl && bits > 0; i++, bits -= 8) {
		unsigned mask =
		    bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
		if ((net[i] & mask) != (a[i] & mask))
			return false;
	}
	return true;
}

/* cidr's prefix length is 0: it covers every address of its family. */
static bool cidr_is_all(const char *cidr)
{
	const char *slash = cidr ? strchr(cidr, '/') : NULL;

	return slash && !strcmp(slash, "/0");
}

/* Private ranges: a CIDR inside one of them holds no public address. */
static const char *const private_nets[] = {
	"10.0.0.0/8",  "172.16.0.0/12",	 "192.168.0.0/16",
	"127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
	"fc00::/7",    "fe80::/10",	 "::1/128",
};

static bool cidr_private(const char *cidr)
{
	const char *slash = strchr(cidr, '/');
	long bits = slash ? strtol(slash + 1, NULL, 10) : 128;
	size_t i;

	for (i = 0; i < sizeof(private_nets) / sizeof(private_nets[0]); i++) {
		long pb = strtol(strchr(private_nets[i], '/') + 1, NULL, 10);
		if (bits >= pb && netpol_cidr_contains(private_nets[i], cidr))
			return true;
	}
	return false;
}

/* Where pod addresses usually come from: an except of these hides pods. */
static const char *const pod_nets[] = {
	"10.0.0.0/8",	 "172.16.0.0/12", "192.168.0.0/16",
	"100.64.0.0/10", "fc00::/7",
};

static bool except_hides_pods(const char *ex)
{
	size_t i;

	for (i = 0; i < sizeof(pod_nets) / sizeof(pod_nets[0]); i++)
		if (netpol_cidr_contains(ex, pod_nets[i]) ||
		    netpol_cidr_contains(pod_nets[i], ex))
			return true;
	return false;
}

bool np_private_addr(const char *ip)
{
	size_t i;

	for (i = 0; i < sizeof(pod_nets) / sizeof(pod_nets[0]); i++)
		if (netpol_cidr_contains(pod_nets[i], ip))
			return true;
	return false;
}

bool np_cidr_matches(const char *cidr, const struct node *ex,
		     const struct np_end *e)
{
	size_t i;

	if (!cidr)
		return false;
	if (e->apiserver && !cidr_is_all(cidr)) /* somewhere private */
		return except_hides_pods(cidr);
	if (e->pv || e->apiserver) {
		if (!cidr_is_all(cidr))
			return false;
		for (i = 0; i < node_count(ex); i++)
			if (!node_str(node_at(ex, i)) ||
			    except_hides_pods(node_str(node_at(ex, i))))
				return false;
		return true;
	}
	if (e->internet)
		return !cidr_private(cidr);
	if (!e->ip || !netpol_cidr_contains(cidr, e->ip))
		return false;
	for (i = 0; i < node_count(ex); i++)
		if (node_str(node_at(ex, i)) &&
		    netpol_cidr_contains(node_str(node_at(ex, i)), e->ip))
			return false;
	return true;
}

/* ipBlock b matches end e (an address, the internet, or a pod). */
static bool ipblock_matches(const struct node *b, const struct np_end *e)
{
	return np_cidr_matches(node_get_str(b, "cidr"), node_get(b, "except"),
			       e);
}

/* ---- Kubernetes NetworkPolicy rules ----------------------------------- */

/* One peer element of a rule matches end e; np is the policy. */
static bool peer_matches(const struct netpol *n, const struct kobj *np,
			 const struct node *peer, const struct np_end *e)
{
	const struct node *ps = node_get(peer, "podSelector");
	const struct node *nss = node_get(peer, "namespaceSelector");
	const char *ns;

	if (node_get(peer, "ipBlock"))
		return ipblock_matches(node_get(peer, "ipBlock"), e);
	if (!e->pv || (!ps && !nss))
		return false;
	ns = kobj_ns(e->pv->obj);
	if (nss ? !selector_matches_ns(nss, np_ns_labels(n, ns), ns)
		: strcmp(ns, kobj_ns(np)) != 0)
		return false;
	return !ps || selector_matches(ps, node_get(e->pv->meta, "labels"));
}

/* Container port named name of pv: number and protocol. */
bool np_resolve_named(const struct pod_view *pv, const char *name, long *port,
		      const char **proto)
{
	const struct node *cs = node_get(pv ? pv->spec : NULL, "containers");
	size_t i, j;

	for (i = 0; i < node_count(cs); i++) {
		const struct node *ps = node_get(node_at(cs, i), "ports");
		for (j = 0; j < node_count(ps); j++) {
			const struct node *p = node_at(ps, j);
			long long v;
			if (!node_str_eq(node_get(p, "name"), name) ||
			    !node_int(node_get(p, "containerPort"), &v))
				continue;
			*port = (long)v;
			*proto = node_get_str(p, "protocol");
			if (!*proto)
				*proto = "TCP";
			return true;
		}
	}
	return false;
}

/* One ports element admits q; dst is the destination pod (may be NULL). */
static bool port_matches(const struct node *p, const struct np_port *q,
			 const struct pod_view *dst)
{
	const char *proto = node_get_str(p, "protocol");
	const char *qproto = q->proto ? q->proto : "TCP";
	const struct node *port = node_get(p, "port");
	long long lo, hi;
	long named;

	if (!proto)
		proto = "TCP";
	if (!port)
		return (!q->port && !q->every) || !strcmp(proto, qproto);
	if (port->type == NODE_STRING) {
		const char *np;
		/* the pod's port of that name, on the rule's protocol */
		if (q->every ||
		    !np_resolve_named(dst, node_str(port), &named, &np) ||
		    strcmp(np, proto) != 0)
			return false;
		return !q->port || (named == q->port && !strcmp(np, qproto));
	}
	if (!q->port && !q->every)
		return true;
	if (strcmp(proto, qproto) != 0 || !node_int(port, &lo))
		return false;
	hi = lo;
	node_int(node_get(p, "endPort"), &hi);
	if (!q->port) /* every port */
		return lo <= 1 && hi >= 65535;
	return q->port >= lo && q->port <= hi;
}

static bool ports_match(const struct node *ports, const struct np_port *q,
			const struct pod_view *dst)
{
	size_t i;

	if (!node_count(ports))
		return true;
	for (i = 0; i < node_count(ports); i++)
		if (port_matches(node_at(ports, i), q, dst))
			return true;
	return false;
}

/* s appended at *at in buf (n bytes), cut as fmt_snprintf() cuts. */
static void name_part(char *buf, size_t n, size_t *at, const char *s)
{
	size_t l = strlen(s);

	if (*at + 1 >= n)
		return;
	if (l > n - 1 - *at)
		l = n - 1 - *at;
	memcpy(buf + *at, s, l);
	*at += l;
	buf[*at] = '\0';
}

const char *np_end_name(const struct np_end *e, char *buf, size_t n)
{
	size_t at = 0;

	if (!n)
		return buf;
	buf[0] = '\0';
	if (e->any_pod) {
		name_part(buf, n, &at, "any pod");
	} else if (e->pv) {
		const char *ns = kobj_ns(e->pv->obj);

		/* "Kind ns/name", with the group of a kind another
		 * project reuses */
		name_part(buf, n, &at, kobj_kind_key(e->pv->obj));
		name_part(buf, n, &at, " ");
		name_part(buf, n, &at, ns[0] ? ns : "unspecified");
		name_part(buf, n, &at, "/");
		name_part(buf, n, &at, e->pv->obj->name);
	} else if (e->internet) {
		name_part(buf, n, &at, "the internet");
	} else if (e->apiserver) {
		name_part(buf, n, &at, "the API server");
	} else {
		name_part(buf, n, &at, e->ip ? e->ip : "?");
	}
	return buf;
}

/* A rule of np (in direction dir) admits peer on q; fills r. */
bool np_rule_admits(const struct netpol *n, const struct kobj *np,
		    enum np_dir dir, const struct np_end *self,
		    const struct np_end *peer, const struct np_port *q,
		    struct np_reason *r)
{
	const char *list = dir == NP_INGRESS ? "ingress" : "egress";
	const char *key = dir == NP_INGRESS ? "from" : "to";
	const struct node *rules = node_path(np->root, "spec");
	const struct pod_view *dst = dir == NP_INGRESS ? self->pv : peer->pv;
	size_t i, j;

	rules = node_get(rules, list);
	for (i = 0; i < node_count(rules); i++) {
		const struct node *rule = node_at(rules, i);
		const struct node *peers = node_get(rule, key);
		bool hit = !node_count(peers);
		size_t which = 0;

		for (j = 0; j < node_count(peers) && !hit; j++)
			if (peer_matches(n, np, node_at(peers, j), peer)) {
				hit = true;
				which = j;
			}
		if (!hit || !ports_match(node_get(rule, "ports"), q, dst))
			continue;
		r->policy = np;
		r->at = node_count(peers) ? node_at(peers, which) : rule;
		if (node_count(peers))
			fmt_snprintf(r->path, sizeof(r->path),
				     "spec.%s[%zu].%s[%zu]", list, i, key,
				     which);
		else
			fmt_snprintf(r->path, sizeof(r->path), "spec.%s[%zu]",
				     list, i);
		return true;
	}
	return false;
}

/* ---- Calico selectors --------------------------------------------------- */

/*
 * expr    := or
 * or      := and ("||" and)*
 * and     := unary ("&&" unary)*
 * unary   := "!" unary | "(" or ")" | term
 * term    := "all()" | "global()" | "has(" key ")" | key op value
 * op      := "==" | "!=" | "in" set | "not in" set | "contains" |
 *            "starts with" | "ends with"
 */
struct cal {
	const char *p;
	const char *(*value)(void *ctx, const char *key);
	void *ctx;
	bool ok;
};

static void cal_ws(struct cal *c)
{
	while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n')
		c->p++;
}

static bool cal_lit(struct cal *c, const char *lit)
{
	size_t n = strlen(lit);

	cal_ws(c);
	if (strncmp(c->p, lit, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool cal_key(struct cal *c, char *out, size_t n)
{
	size_t i = 0;

	cal_ws(c);
	while ((*c->p >= 'a' && *c->p <= 'z') ||
	       (*c->p >= 'A' && *c->p <= 'Z') ||
	       (*c->p >= '0' && *c->p <= '9') || strchr("._-/", *c->p)) {
		if (!*c->p || i + 1 >= n)
			return false;
		out[i++] = *c->p++;
	}
	out[i] = '\0';
	return i > 0;
}

static bool cal_str(struct cal *c, char *out, size_t n)
{
	char q;
	size_t i = 0;

	cal_ws(c);
	q = *c->p;
	if (q != '\'' && q != '"')
		return false;
	c->p++;
	while (*c->p && *c->p != q) {
		if (i + 1 >= n)
			return false;
		out[i++] = *c->p++;
	}
	if (*c->p != q)
		return false;
	c->p++;
	out[i] = '\0';
	return true;
}

static bool cal_set(struct cal *c, const char *v)
{
	char s[256];
	bool in = false;

	if (!cal_lit(c, "{"))
		return c->ok = false;
	if (cal_lit(c, "}"))
		return false;
	do {
		if (!cal_str(c, s, sizeof(s)))
			return c->ok = false;
		in |= v && !strcmp(s, v);
	} while (cal_lit(c, ","));
	if (!cal_lit(c, "}"))
		return c->ok = false;
	return in;
}

static bool cal_or(struct cal *c);

static bool cal_term(struct cal *c)
{
	char key[256], s[256];
	const char *v;
	size_t sl, vl;

	if (cal_lit(c, "all()") || cal_lit(c, "global()"))
		return true;
	if (cal_lit(c, "has(")) {
		if (!cal_key(c, key, sizeof(key)) || !cal_lit(c, ")"))
			return c->ok = false;
		return c->value(c->ctx, key) != NULL;
	}
	if (!cal_key(c, key, sizeof(key)))
		return c->ok = false;
	v = c->value(c->ctx, key);
	if (cal_lit(c, "=="))
		return cal_str(c, s, sizeof(s)) ? v && !strcmp(v, s)
						: (c->ok = false);
	if (cal_lit(c, "!="))
		return cal_str(c, s, sizeof(s)) ? !v || strcmp(v, s) != 0
						: (c->ok = false);
	if (cal_lit(c, "not in"))
		return !cal_set(c, v);
	if (cal_lit(c, "in"))
		return cal_set(c, v);
	if (cal_lit(c, "contains"))
		return cal_str(c, s, sizeof(s)) ? v && strstr(v, s)
						: (c->ok = false);
	if (cal_lit(c, "starts with"))
		return cal_str(c, s, sizeof(s)) ? v && !strncmp(v, s, strlen(s))
						: (c->ok = false);
	if (cal_lit(c, "ends with")) {
		if (!cal_str(c, s, sizeof(s)))
			return c->ok = false;
		sl = strlen(s);
		vl = v ? strlen(v) : 0;
		return v && vl >= sl && !strcmp(v + vl - sl, s);
	}
	return c->ok = false;
}

static bool cal_unary(struct cal *c)
{
	bool v;

	if (cal_lit(c, "!"))
		return !cal_unary(c);
	if (cal_lit(c, "(")) {
		v = cal_or(c);
		if (!cal_lit(c, ")"))
			c->ok = false;
		return v;
	}
	return cal_term(c);
}

static bool cal_and(struct cal *c)
{
	bool v = cal_unary(c);

	while (c->ok && cal_lit(c, "&&"))
		v = cal_unary(c) && v; /* parse both sides */
	return v;
}

static bool cal_or(struct cal *c)
{
	bool v = cal_and(c);

	while (c->ok && cal_lit(c, "||"))
		v = cal_and(c) || v;
	return v;
}

bool netpol_calico_matches(const char *expr,
			   const char *(*value)(void *ctx, const char *key),
			   void *ctx, bool *ok)
{
	struct cal c = { expr, value, ctx, true };
	bool v = cal_or(&c);

	cal_ws(&c);
	if (*c.p)
		c.ok = false;
	if (ok)
		*ok = c.ok;
	return c.ok && v;
}
