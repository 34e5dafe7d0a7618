#include "analysis/exposure.h"

#include "analysis/alb.h"
#include "analysis/nginx.h"
#include "analysis/traefik.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"
#include "selector.h"
#include "strmap.h"

#define GW_GROUP    "gateway.networking.k8s.io"
#define GWX_GROUP   "gateway.networking.x-k8s.io"
#define ISTIO_GROUP "networking.istio.io"

/* A front (Ingress, route, VirtualService) naming a Service. */
struct front_ref {
	const struct kobj *front;
	const struct kobj *gateway;
	enum expose_how how;
	const struct node *at;	 /* the backend's service name */
	const struct node *port; /* the backend's port (number or name) */
	char path[160];
	char note[320];
	bool internal, tls;
	bool unexposed_controller;     /* Ingress: its controller is private */
	const struct kobj *controller; /* Ingress: its controller's object */
	const struct kobj *via_external; /* ExternalName Service in between */
	const struct kobj *listener_set; /* the route's ListenerSet parent */
	/*
	 * Gateway API, ALB: the ports of the listeners that take the route,
	 * however many; malloc'ed while the front is indexed, then the
	 * exposure's (keep_ports()), shared by the copies of the front
	 */
	long *ports;
	size_t nports, allocports;
};

/* Port to the listener ports of r, once each. */
static void add_port(struct front_ref *r, long port)
{
	size_t i;

	for (i = 0; i < r->nports; i++)
		if (r->ports[i] == port)
			return;
	if (r->nports == r->allocports) {
		r->allocports = r->allocports ? r->allocports * 2 : 4;
		r->ports =
		    xrealloc_array(r->ports, r->allocports, sizeof(*r->ports));
	}
	r->ports[r->nports++] = port;
}

/* One value of the maps; the key is owned here. */
struct bucket {
	char *key;
	const struct kobj **svcs; /* by_ns: Services of the namespace */
	size_t nsvcs, allocsvcs;
	struct front_ref *refs; /* by_svc: fronts naming it */
	size_t nrefs, allocrefs;
	const struct pod_view **pods; /* by_ns: pods; by_ep: endpoints */
	size_t npods, allocpods;
};

/* A run of a flat list: the Services reaching a pod, the pods of a Service. */
struct span {
	size_t start, n;
};

struct exposure {
	const struct inventory *inv;
	struct strmap by_ns;  /* namespace -> Services and pod views */
	struct strmap by_svc; /* "ns\x1fname" -> fronts naming the Service */
	struct strmap by_ep;  /* "ns\x1fname" -> pods of its endpoints */
	/*
	 * "kind\x1fns\x1fname" -> pod view, while index_endpoints() runs
	 * and only where there are Endpoints or EndpointSlices: a bucket per
	 * view, nothing after the build reads it
	 */
	struct strmap top;
	struct strmap by_gw; /* "ns\x1fname" of a Gateway -> its Services */
	/*
	 * Who reaches whom, worked out once at build: for the inventory's
	 * pod view i, the Services that reach it (in their namespace's
	 * order) are reach[pod_reach[i]]; for the inventory's Service j,
	 * the pod views it reaches (in inventory order) are
	 * reached[svc_reached[j]].  Queries then cost what they return, not
	 * the size of the namespace.
	 */
	const struct pod_view *pv;
	size_t npv;
	const struct kobj *const *svcs;
	size_t nsvcs;
	struct span *pod_reach, *svc_reached;
	const struct kobj **reach;
	const struct pod_view **reached;
	size_t nreach;
	struct expose_external *ext; /* fronts naming ExternalName Services */
	size_t next, allocext;
	size_t work;		 /* exposure_build_work() */
	struct alb *alb;	 /* Ingresses of the ALB controllers */
	struct nginx *nginx;	 /* the ingress-nginx controllers */
	struct traefik *traefik; /* the Traefik controllers' entry points */
	long **portsets;	 /* the fronts' listener ports (keep_ports()) */
	size_t nportsets, allocportsets;
	/* ways in that a status refuses, with repeats (note_refused()) */
	struct expose_refusal *refused;
	size_t nrefused, allocrefused;
};

/*
 * e takes the listener ports of r, to free with itself: the copies of r
 * that the index keeps share them, and r takes no more.
 */
static void keep_ports(struct exposure *e, struct front_ref *r)
{
	if (!r->ports)
		return;
	if (e->nportsets == e->allocportsets) {
		e->allocportsets = e->allocportsets ? e->allocportsets * 2 : 16;
		e->portsets = xrealloc_array(e->portsets, e->allocportsets,
					     sizeof(*e->portsets));
	}
	e->portsets[e->nportsets++] = r->ports;
	r->allocports = r->nports;
}

/* Annotations that keep a cloud load balancer on the private network. */
static const struct {
	const char *key;
	const char *value; /* NULL: any value but "false" */
} internal_lb_annotations[] = {
	{ "service.beta.kubernetes.io/aws-load-balancer-internal", NULL },
	{ "service.beta.kubernetes.io/aws-load-balancer-scheme", "internal" },
	{ "service.beta.kubernetes.io/azure-load-balancer-internal", "true" },
	{ "networking.gke.io/load-balancer-type", "Internal" },
	{ "cloud.google.com/load-balancer-type", "Internal" },
	{ "service.beta.kubernetes.io/oci-load-balancer-internal", "true" },
	{ "service.beta.kubernetes.io/openstack-internal-load-balancer",
	  "true" },
	{ "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
	  "intranet" },
	{ "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type",
	  "private" },
	{ "service.kubernetes.io/qcloud-loadbalancer-internal-subnetid", NULL },
	/* Ingress controllers of the clouds (ALBs: see alb.h) */
	{ "kubernetes.io/ingress.class", "gce-internal" },
	{ "appgw.ingress.kubernetes.io/use-private-ip", "true" },
};

static const char *const how_names[] = {
	[EXPOSE_NONE] = "none",
	[EXPOSE_LOADBALANCER] = "LoadBalancer",
	[EXPOSE_NODEPORT] = "NodePort",
	[EXPOSE_EXTERNAL_IPS] = "externalIPs",
	[EXPOSE_INGRESS] = "Ingress",
	[EXPOSE_GATEWAY] = "Gateway API route",
	[EXPOSE_ISTIO] = "Istio VirtualService",
	[EXPOSE_HOST_PORT] = "hostPort",
	[EXPOSE_HOST_NETWORK] = "hostNetwork",
};

const char *expose_how_name(enum expose_how h)
{
	return (size_t)h < sizeof(how_names) / sizeof(how_names[0])
		   ? how_names[h]
		   : "unknown";
}

const struct kobj *expose_route_via(const struct expose_route *r)
{
	return r->front ? r->front : r->service;
}

const char *expose_route_text(const struct expose_route *r, char *buf, size_t n)
{
	const char *front = r->front ? r->front->kind : "";
	char head[320], svc[300] = "";

	if (r->front)
		fmt_snprintf(head, sizeof(head), "%s %s/%s", front,
			     kobj_ns(r->front), r->front->name);
	else if (r->service)
		fmt_snprintf(head, sizeof(head), "%s Service",
			     expose_how_name(r->how));
	else
		fmt_snprintf(head, sizeof(head), "%s", expose_how_name(r->how));
	if (r->front && r->listener_set)
		fmt_snprintf(head + strlen(head), sizeof(head) - strlen(head),
			     " on %s %s/%s%s", r->listener_set->kind,
			     kobj_ns(r->listener_set), r->listener_set->name,
			     r->gateway ? " of" : "");
	if (r->front && r->gateway)
		fmt_snprintf(head + strlen(head), sizeof(head) - strlen(head),
			     "%s Gateway %s/%s", r->listener_set ? "" : " on",
			     kobj_ns(r->gateway), r->gateway->name);
	if (r->service && r->via_external)
		fmt_snprintf(svc, sizeof(svc),
			     " -> ExternalName Service %s/%s -> Service %s/%s",
			     kobj_ns(r->via_external), r->via_external->name,
			     kobj_ns(r->service), r->service->name);
	else if (r->service)
		fmt_snprintf(svc, sizeof(svc), "%s%s/%s",
			     r->front ? " -> Service " : " ",
			     kobj_ns(r->service), r->service->name);
	fmt_snprintf(
	    buf, n, "%s%s (%s%s%s%s%s%s%s)", head, svc,
	    r->port[0] ? r->port : "all ports",
	    r->private_ranges ? ", private source ranges only"
	    : r->internal && !r->unexposed_controller
		? ", internal load balancer"
	    : r->internal && r->how == EXPOSE_ISTIO
		? ", gateway pods not exposed"
	    : r->internal ? ", controller not exposed"
			  : "",
	    r->restricted && !r->private_ranges ? ", loadBalancerSourceRanges"
						: "",
	    r->front && !r->tls ? ", no TLS" : "",
	    r->front && r->tls ? ", TLS" : "", r->note[0] ? "; " : "", r->note);
	return buf;
}

/* Annotations ann keep a load balancer on the private network. */
static bool internal_annotations(const struct node *ann)
{
	size_t i;

	for (i = 0; i < sizeof(internal_lb_annotations) /
			    sizeof(internal_lb_annotations[0]);
	     i++) {
		const char *v =
		    node_get_str(ann, internal_lb_annotations[i].key);
		if (!v)
			continue;
		if (internal_lb_annotations[i].value
			? !strcmp(v, internal_lb_annotations[i].value)
			: strcmp(v, "false") != 0)
			return true;
	}
	return false;
}

static bool internal_annotated(const struct kobj *o)
{
	return internal_annotations(o->annotations);
}

/*
 * loadBalancerSourceRanges that keep someone out: at least one range, and
 * none of every address ("0.0.0.0/0", "::/0").
 */
static bool ranges_restrict(const struct node *ranges)
{
	size_t i, n = node_count(ranges);

	for (i = 0; i < n; i++) {
		const char *r = node_str(node_at(ranges, i));
		const char *slash = r ? strchr(r, '/') : NULL;
		if (slash && strtol(slash + 1, NULL, 10) == 0 &&
		    slash[1] >= '0' && slash[1] <= '9')
			return false;
	}
	return n > 0;
}

/*
 * cidr ("10.1.0.0/16", "fd00::/8") lies wholly in a private block: its
 * address is in the block and its prefix is at least the block's.
 */
static bool cidr_private(const char *cidr)
{
	static const struct {
		int af;
		unsigned char net[16];
		unsigned bits;
	} blocks[] = {
		{ AF_INET, { 10 }, 8 },	       { AF_INET, { 172, 16 }, 12 },
		{ AF_INET, { 192, 168 }, 16 }, { AF_INET, { 100, 64 }, 10 },
		{ AF_INET6, { 0xfc }, 7 },
	};
	char addr[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	const char *slash = cidr ? strchr(cidr, '/') : NULL;
	char *end;
	unsigned long bits;
	size_t i, len;

	if (!slash || (len = (size_t)(slash - cidr)) >= sizeof(addr) ||
	    slash[1] < '0' || slash[1] > '9')
		return false;
	bits = strtoul(slash + 1, &end, 10);
	if (*end)
		return false;
	memcpy(addr, cidr, len);
	addr[len] = '\0';
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		unsigned b, full, rest;

		if (inet_pton(blocks[i].af, addr, bin) != 1 ||
		    bits < blocks[i].bits ||
		    bits > (blocks[i].af == AF_INET ? 32u : 128u))
			continue;
		full = blocks[i].bits / 8;
		rest = blocks[i].bits % 8;
		for (b = 0; b < full && bin[b] == blocks[i].net[b]; b++)
			;
		if (b < full)
			continue;
		if (!rest || (bin[full] >> (8 - rest)) ==
				 (blocks[i].net[full] >> (8 - rest)))
			return true;
	}
	return false;
}

/* Every range of a non-empty list lies in a private block. */
static bool ranges_all_private(const struct node *ranges)
{
	size_t i, n = node_count(ranges);

	for (i = 0; i < n; i++)
		if (!cidr_private(node_str(node_at(ranges, i))))
			return false;
	return n > 0;
}

/*
 * A LoadBalancer Service that the AWS Load Balancer Controller provisions
 * (spec.loadBalancerClass service.k8s.aws/nlb, or the annotation
 * aws-load-balancer-type "external" or "nlb-ip", which the in-tree
 * controller leaves to it) gets an internal NLB unless its
 * aws-load-balancer-scheme annotation says "internet-facing": internal is
 * that controller's default, unlike the in-tree one's.
 */
static bool aws_lbc_internal(const struct kobj *svc)
{
	const char *type =
	    node_get_str(svc->annotations,
			 "service.beta.kubernetes.io/aws-load-balancer-type");
	bool lbc =
	    node_str_eq(node_path(svc->root, "spec.loadBalancerClass"),
			"service.k8s.aws/nlb") ||
	    (type && (!strcmp(type, "external") || !strcmp(type, "nlb-ip")));

	return lbc && !node_str_eq(node_get(svc->annotations,
					    "service.beta.kubernetes.io/"
					    "aws-load-balancer-scheme"),
				   "internet-facing");
}

/*
 * kube-proxy programs no rule for a Service without a cluster IP: it
 * skips headless Services (clusterIP "None") and ExternalName Services,
 * so their spec.externalIPs route nothing.
 */
static bool proxied(const struct node *spec)
{
	const struct node *ips = node_get(spec, "clusterIPs");

	if (node_str_eq(node_get(spec, "type"), "ExternalName"))
		return false;
	if (node_str_eq(node_get(spec, "clusterIP"), "None"))
		return false;
	return !node_str_eq(node_at(ips, 0), "None");
}

/*
 * The annotation service.beta.kubernetes.io/load-balancer-source-ranges,
 * a comma-separated list of CIDRs that the cloud providers read when
 * spec.loadBalancerSourceRanges is empty: *restrict when it keeps someone
 * out (no range of every address), *private when every range lies in a
 * private block.
 */
static void annotated_ranges(const char *list, bool *restrict_, bool *private_)
{
	char cidr[64];
	size_t n = 0;

	*restrict_ = *private_ = true;
	while (list && *list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);
		const char *slash;

		while (len && (*list == ' ' || *list == '\t')) {
			list++;
			len--;
		}
		while (len && (list[len - 1] == ' ' || list[len - 1] == '\t'))
			len--;
		if (len) {
			fmt_snprintf(cidr, sizeof(cidr), "%.*s",
				     len < sizeof(cidr) ? (int)len : 0, list);
			slash = strchr(cidr, '/');
			if (slash && strtol(slash + 1, NULL, 10) == 0 &&
			    slash[1] >= '0' && slash[1] <= '9')
				*restrict_ = false;
			if (!cidr_private(cidr))
				*private_ = false;
			n++;
		}
		list = end ? end + 1 : NULL;
	}
	if (!n)
		*restrict_ = false;
	*private_ = *private_ && *restrict_;
}

bool service_exposure(const struct kobj *svc, struct svc_exposure *e)
{
	const struct node *spec = node_get(svc->root, "spec");
	const struct node *type = node_get(spec, "type");
	const struct node *ips = node_get(spec, "externalIPs");

	memset(e, 0, sizeof(*e));
	if (node_str_eq(type, "LoadBalancer")) {
		e->how = EXPOSE_LOADBALANCER;
		e->source_ranges =
		    ranges_restrict(node_get(spec, "loadBalancerSourceRanges"));
		e->ranges_private =
		    e->source_ranges && ranges_all_private(node_get(
					    spec, "loadBalancerSourceRanges"));
		e->internal_lb =
		    internal_annotated(svc) || aws_lbc_internal(svc);
		if (!node_count(node_get(spec, "loadBalancerSourceRanges")))
			annotated_ranges(
			    node_get_str(svc->annotations,
					 "service.beta.kubernetes.io/"
					 "load-balancer-source-ranges"),
			    &e->source_ranges, &e->ranges_private);
	} else if (node_str_eq(type, "NodePort")) {
		e->how = EXPOSE_NODEPORT;
	}
	if (e->how) {
		e->at = type;
		e->path = "spec.type";
	} else if (node_count(ips) > 0 && proxied(spec)) {
		e->how = EXPOSE_EXTERNAL_IPS;
		e->at = ips;
		e->path = "spec.externalIPs";
	}
	return e->how != EXPOSE_NONE;
}

/* ---- maps --------------------------------------------------------------- */

static struct bucket *bucket_get(struct strmap *m, const char *key)
{
	size_t len = strlen(key);
	struct bucket *b = strmap_get(m, key, len);

	if (!b) {
		b = xmalloc(sizeof(*b));
		memset(b, 0, sizeof(*b));
		b->key = xstrdup(key); /* the map borrows its keys */
		strmap_put(m, b->key, len, b);
	}
	return b;
}

/* Lookups take it for every Service and route: no formatting. */
size_t exposure_ns_name_key(char *key, size_t n, const char *ns,
			    const char *name)
{
	size_t a = strlen(ns), b = strlen(name), len;

	if (a > n - 1)
		a = n - 1;
	memcpy(key, ns, a);
	len = a;
	if (len < n - 1)
		key[len++] = '\x1f';
	if (b > n - 1 - len)
		b = n - 1 - len;
	memcpy(key + len, name, b);
	len += b;
	key[len] = '\0';
	return len;
}

static const struct bucket *bucket_find(const struct strmap *m, const char *ns,
					const char *name)
{
	char key[512];
	size_t len = exposure_ns_name_key(key, sizeof(key), ns, name);

	return strmap_get(m, key, len);
}

static void bucket_push_pod(struct bucket *b, const struct pod_view *pv)
{
	if (b->npods == b->allocpods) {
		b->allocpods = b->allocpods ? b->allocpods * 2 : 8;
		b->pods =
		    xrealloc_array(b->pods, b->allocpods, sizeof(*b->pods));
	}
	b->pods[b->npods++] = pv;
}

static void bucket_add_pod(struct bucket *b, const struct pod_view *pv)
{
	size_t i;

	for (i = 0; i < b->npods; i++)
		if (b->pods[i] == pv)
			return;
	bucket_push_pod(b, pv);
}

static void free_map(struct strmap *m)
{
	size_t i = 0, kl;
	const char *k;
	void *val;

	while (strmap_next(m, &i, &k, &kl, &val)) {
		struct bucket *b = val;
		free(b->svcs);
		free(b->refs);
		free(b->pods);
		free(b->key);
		free(b);
	}
	strmap_release(m);
}

static void add_ref(struct exposure *e, const char *ns, const char *svcname,
		    const struct front_ref *r)
{
	char key[512];
	struct bucket *b;
	size_t i;

	fmt_snprintf(key, sizeof(key), "%s\x1f%s", ns, svcname);
	b = bucket_get(&e->by_svc, key);
	for (i = 0; i < b->nrefs; i++) /* duplicate refs count once */
		if (b->refs[i].front == r->front &&
		    b->refs[i].gateway == r->gateway &&
		    !strcmp(node_scalar_text(b->refs[i].port),
			    node_scalar_text(r->port)))
			return;
	if (b->nrefs == b->allocrefs) {
		b->allocrefs = b->allocrefs ? b->allocrefs * 2 : 4;
		b->refs =
		    xrealloc_array(b->refs, b->allocrefs, sizeof(*b->refs));
	}
	b->refs[b->nrefs++] = *r;
}

/* ---- Ingress ------------------------------------------------------------ */

static bool http_beside_tls(const struct exposure *e, const struct kobj *ing,
			    char *why, size_t n);

/* A backend: networking.k8s.io/v1 service.name or v1beta1 serviceName. */
static void add_backend(struct exposure *e, const struct kobj *ing,
			const struct node *backend, const char *prefix)
{
	struct front_ref r = { .front = ing, .how = EXPOSE_INGRESS };
	const struct node *n = node_path(backend, "service.name");
	const char *field = "service.name";
	struct alb_ingress ai;

	r.port = node_path(backend, "service.port.number");
	if (!r.port)
		r.port = node_path(backend, "service.port.name");
	if (!n) {
		n = node_get(backend, "serviceName");
		field = "serviceName";
		r.port = node_get(backend, "servicePort");
	}
	if (!node_str(n))
		return;
	r.at = n;
	r.tls = node_count(node_path(ing->root, "spec.tls")) > 0;
	if (alb_lookup(e->alb, ing, &ai)) {
		/* the ALB's scheme, over its IngressGroup */
		r.internal = ai.scheme == ALB_INTERNAL;
		/* the listeners decide; spec.tls gives the ALB no certificate */
		if (ai.listeners_known) {
			size_t k;

			r.tls = !ai.clear_listener;
			for (k = 0; k < ai.nports; k++)
				add_port(&r, ai.ports[k]);
		}
		alb_scheme_text(&ai, ing, r.note, sizeof(r.note));
		keep_ports(e, &r);
	} else {
		char why[512];

		r.internal = internal_annotated(ing);
		/* its controller serves plain HTTP beside the TLS */
		if (r.tls && http_beside_tls(e, ing, why, sizeof(why)))
			r.tls = false;
	}
	fmt_snprintf(r.path, sizeof(r.path), "%s.%s", prefix, field);
	add_ref(e, kobj_ns(ing), node_str(n), &r);
}

static void index_ingress(struct exposure *e, const struct kobj *ing)
{
	const struct node *spec = node_get(ing->root, "spec");
	const struct node *rules = node_get(spec, "rules");
	size_t r, p;
	char prefix[128];

	if (node_get(spec, "defaultBackend"))
		add_backend(e, ing, node_get(spec, "defaultBackend"),
			    "spec.defaultBackend");
	else if (node_get(spec, "backend"))
		add_backend(e, ing, node_get(spec, "backend"), "spec.backend");
	for (r = 0; r < node_count(rules); r++) {
		const struct node *paths =
		    node_path(node_at(rules, r), "http.paths");
		for (p = 0; p < node_count(paths); p++) {
			fmt_snprintf(prefix, sizeof(prefix),
				     "spec.rules[%zu].http.paths[%zu].backend",
				     r, p);
			add_backend(e, ing,
				    node_get(node_at(paths, p), "backend"),
				    prefix);
		}
	}
}

/* ---- Gateway API -------------------------------------------------------- */

/*
 * The first object of kind, group, ns and name in the input.  The
 * inventory's index answers by kind, namespace and name whatever the
 * group; only when its first such object is of another group (an Istio
 * Gateway beside a Gateway API one) are the objects of kind walked.
 */
static const struct kobj *find_grouped(const struct inventory *inv,
				       const char *kind, const char *group,
				       const char *ns, const char *name)
{
	const struct kobj *const *v;
	const struct kobj *o = inventory_find(inv, kind, ns, name);
	size_t n, i;

	if (!o)
		return NULL;
	if (!strcmp(o->group, group))
		return o;
	v = inventory_kind(inv, kind, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(v[i]->group, group) && !strcmp(v[i]->name, name) &&
		    !strcmp(kobj_ns(v[i]), ns))
			return v[i];
	return NULL;
}

/* Route kinds a listener of protocol proto admits by default. */
static bool proto_admits(const char *proto, const char *kind)
{
	if (!proto)
		return true;
	if (!strcmp(proto, "HTTP") || !strcmp(proto, "HTTPS"))
		return !strcmp(kind, "HTTPRoute") || !strcmp(kind, "GRPCRoute");
	if (!strcmp(proto, "TLS"))
		return !strcmp(kind, "TLSRoute") || !strcmp(kind, "TCPRoute");
	if (!strcmp(proto, "TCP"))
		return !strcmp(kind, "TCPRoute");
	if (!strcmp(proto, "UDP"))
		return !strcmp(kind, "UDPRoute");
	return true; /* implementation-specific protocols */
}

static bool listener_admits(const struct inventory *inv, const struct kobj *gw,
			    const struct node *l, const struct kobj *route)
{
	const struct node *ar = node_get(l, "allowedRoutes");
	const struct node *kinds = node_get(ar, "kinds");
	const char *from = node_get_str(node_get(ar, "namespaces"), "from");
	const char *rns = kobj_ns(route);
	size_t i;

	if (node_count(kinds)) {
		bool ok = false;
		for (i = 0; i < node_count(kinds); i++)
			ok |= node_str_eq(node_get(node_at(kinds, i), "kind"),
					  route->kind);
		if (!ok)
			return false;
	} else if (!proto_admits(node_get_str(l, "protocol"), route->kind)) {
		return false;
	}
	if (!from || !strcmp(from, "Same"))
		return !strcmp(rns, kobj_ns(gw));
	if (!strcmp(from, "All"))
		return true;
	if (!strcmp(from, "Selector")) {
		const struct kobj *ns =
		    inventory_find(inv, "Namespace", NULL, rns);
		return selector_matches_ns(
		    node_get(node_get(ar, "namespaces"), "selector"),
		    ns ? ns->labels : NULL, rns);
	}
	return false; /* None */
}

static bool hosts_meet(const char *a, const char *b);

/*
 * Listener hostname lh accepts a route with spec.hostnames rh: either is
 * unset, or some route hostname intersects it (a wildcard "*.example.com"
 * takes any name under example.com, not example.com itself).  The Gateway
 * API does not accept a route on a listener whose hostname none of the
 * route's hostnames meets; TCP and UDP routes have no hostnames.
 */
static bool listener_hosts_meet(const char *lh, const struct node *rh)
{
	size_t i;

	if (!lh || !*lh || !node_count(rh))
		return true;
	for (i = 0; i < node_count(rh); i++)
		if (node_str(node_at(rh, i)) &&
		    hosts_meet(lh, node_str(node_at(rh, i))))
			return true;
	return false;
}

/*
 * The port a parentRef p names (spec.parentRefs[].port): only the
 * listeners on that port, as sectionName names only the listener of that
 * name (both must match when both are given); 0 when it names none.
 */
static long long parent_port(const struct node *p)
{
	long long port = 0;

	return node_int(node_get(p, "port"), &port) && port > 0 ? port : 0;
}

/* metadata.generation of o, 0 when absent. */
static long long generation_of(const struct kobj *o)
{
	long long g = 0;

	return node_int(node_path(o->root, "metadata.generation"), &g) && g > 0
		   ? g
		   : 0;
}

/*
 * The condition of type in conds (a status's conditions) that says
 * "True" or "False", in *c, and what it says: 1 for "True", 0 for
 * "False", -1 when none does ("Unknown", or absent).  A condition whose
 * observedGeneration is older than gen (the object's metadata.generation,
 * 0 when unknown) was written for a spec that is gone: it says nothing.
 */
static int condition_of(const struct node *conds, const char *type,
			long long gen, const struct node **c)
{
	size_t i;

	for (i = 0; i < node_count(conds); i++) {
		const struct node *x = node_at(conds, i);
		long long og;
		if (!node_str_eq(node_get(x, "type"), type))
			continue;
		if (gen && node_int(node_get(x, "observedGeneration"), &og) &&
		    og < gen)
			continue;
		*c = x;
		if (node_str_eq(node_get(x, "status"), "True"))
			return 1;
		if (node_str_eq(node_get(x, "status"), "False"))
			return 0;
	}
	*c = NULL;
	return -1;
}

/*
 * The condition of conds, of an object of generation gen, that refuses:
 * Accepted or Programmed "False"; NULL when none does.
 */
static const struct node *refusing_condition(const struct node *conds,
					     long long gen)
{
	const struct node *c;

	if (!condition_of(conds, "Accepted", gen, &c) ||
	    !condition_of(conds, "Programmed", gen, &c))
		return c;
	return NULL;
}

/*
 * The condition of the status of o (a Gateway or ListenerSet) that says
 * it serves nothing: status.conditions Accepted or Programmed "False",
 * for its generation; NULL when none does.
 */
static const struct node *owner_refused(const struct kobj *o)
{
	return o ? refusing_condition(node_path(o->root, "status.conditions"),
				      generation_of(o))
		 : NULL;
}

/*
 * What the status of owner (a Gateway or ListenerSet) says of its
 * listener l: 0 when Accepted or Programmed is "False" (the
 * implementation serves nothing there; that condition in *c), 1 when
 * Programmed is "True", -1 when it says neither (no status: a manifest,
 * or status written for an older generation of owner).
 */
static int listener_status(const struct kobj *owner, const struct node *l,
			   const struct node **c)
{
	const struct node *st = node_path(owner->root, "status.listeners");
	const char *name = node_get_str(l, "name");
	long long gen = generation_of(owner);
	size_t i;

	*c = NULL;
	for (i = 0; name && i < node_count(st); i++) {
		const struct node *cs = node_get(node_at(st, i), "conditions");
		if (!node_str_eq(node_get(node_at(st, i), "name"), name))
			continue;
		if ((*c = refusing_condition(cs, gen)) != NULL)
			return 0;
		return condition_of(cs, "Programmed", gen, c);
	}
	return -1;
}

/*
 * The spec of listener l, of protocol proto, is one an implementation can
 * serve: for HTTPS and TLS, a tls block whose mode (Terminate by default;
 * HTTPS allows no other) has certificateRefs, or options that name the
 * certificate the implementation's way (the schema asks for one or the
 * other).  A terminating listener without certificate cannot complete a
 * handshake: conformant implementations set its ResolvedRefs condition
 * "False" (InvalidCertificateRef) and Programmed "False" (Invalid), and
 * serve no route there.
 */
static bool listener_spec_valid(const struct node *l, const char *proto)
{
	const struct node *tls = node_get(l, "tls");
	const char *mode = node_get_str(tls, "mode");

	if (strcmp(proto, "HTTPS") && strcmp(proto, "TLS"))
		return true;
	if (!tls)
		return false;
	if (!mode || !*mode)
		mode = "Terminate";
	if (!strcmp(mode, "Passthrough"))
		return !strcmp(proto, "TLS");
	if (strcmp(mode, "Terminate"))
		return false;
	return node_count(node_get(tls, "certificateRefs")) ||
	       node_member_count(node_get(tls, "options"));
}

/* Why a listener serves nothing, when a status says so. */
struct refused_why {
	enum expose_refused_by by;
	const struct kobj *refuser; /* whose status */
	const struct node *cond;    /* the condition that refuses */
};

/*
 * Listener l of owner serves the routes it admits.  A listener without
 * protocol, which the schema requires, serves nothing (the API server
 * refuses such a Gateway).  Neither does a listener of a Gateway or
 * ListenerSet whose own status refuses (Accepted or Programmed "False"),
 * nor of a ListenerSet whose Gateway gw's does.  Else its status, when
 * the input has one for it, decides; without status (a manifest), its
 * spec must be valid.  A status older than the object's generation
 * counts as none.  When a status refuses, w (may be NULL) says which.
 */
static bool listener_serves(const struct kobj *owner, const struct kobj *gw,
			    const struct node *l, struct refused_why *w)
{
	const char *proto = node_get_str(l, "protocol");
	struct refused_why x = { EXPOSE_REFUSED_OWNER, owner, NULL };
	int st;

	if (!proto || !*proto)
		return false;
	if (!(x.cond = owner_refused(owner)) && gw && gw != owner)
		x.cond = owner_refused(x.refuser = gw);
	if (!x.cond) {
		x.refuser = owner;
		x.by = EXPOSE_REFUSED_LISTENER;
		st = listener_status(owner, l, &x.cond);
		if (st)
			return st > 0 || listener_spec_valid(l, proto);
	}
	if (w)
		*w = x;
	return false;
}

/* Optional string member key of a and b are the same (absent is def). */
static bool same_or(const struct node *a, const struct node *b, const char *key,
		    const char *def)
{
	const char *x = node_get_str(a, key), *y = node_get_str(b, key);

	if (!x || !*x)
		x = def;
	if (!y || !*y)
		y = def;
	return x == y || (x && y && !strcmp(x, y));
}

/* Status entry ref (status.parents[].parentRef) is parentRef p of route. */
static bool parent_ref_is(const struct kobj *route, const struct node *p,
			  const struct node *ref)
{
	long long a = 0, b = 0;

	node_int(node_get(p, "port"), &a);
	node_int(node_get(ref, "port"), &b);
	return a == b && same_or(p, ref, "name", NULL) &&
	       same_or(p, ref, "namespace", kobj_ns(route)) &&
	       same_or(p, ref, "kind", "Gateway") &&
	       same_or(p, ref, "group", GW_GROUP) &&
	       same_or(p, ref, "sectionName", NULL);
}

/*
 * The status of route says its parentRef p was refused: an entry of
 * status.parents for that parentRef (name, namespace, kind, group,
 * sectionName and port alike) has condition Accepted "False" (in *c when
 * c is not NULL), and none has it "True" (another implementation may take
 * the same parent).  The route is then not attached there.  A route
 * without status (a manifest), or whose conditions were written for an
 * older generation of it, is refused nowhere.
 */
static bool parent_refused(const struct kobj *route, const struct node *p,
			   const struct node **c)
{
	const struct node *ps = node_path(route->root, "status.parents");
	const struct node *x, *refusal = NULL;
	long long gen = generation_of(route);
	size_t i;

	for (i = 0; i < node_count(ps); i++) {
		int acc;
		x = node_at(ps, i);
		if (!parent_ref_is(route, p, node_get(x, "parentRef")))
			continue;
		acc = condition_of(node_get(x, "conditions"), "Accepted", gen,
				   &x);
		if (acc == 1)
			return false;
		if (acc == 0 && !refusal)
			refusal = x;
	}
	if (c)
		*c = refusal;
	return refusal != NULL;
}

/* A way in that a status refuses, for exposure_refusals(). */
static void note_refused(struct exposure *e, const struct kobj *route,
			 const struct node *p, const struct kobj *owner,
			 const struct node *l, const struct refused_why *w)
{
	struct expose_refusal *x;
	long long port = 0;

	if (e->nrefused == e->allocrefused) {
		e->allocrefused = e->allocrefused ? e->allocrefused * 2 : 8;
		e->refused = xrealloc_array(e->refused, e->allocrefused,
					    sizeof(*e->refused));
	}
	x = &e->refused[e->nrefused++];
	memset(x, 0, sizeof(*x));
	x->route = route;
	x->parent = p;
	x->owner = owner;
	x->listener = l;
	x->port = l && node_int(node_get(l, "port"), &port) ? (long)port : 0;
	x->by = w->by;
	x->refuser = w->refuser;
	x->condition = w->cond;
}

/*
 * The route's status refuses parentRef p (condition c) of route, whose
 * owner (a Gateway or ListenerSet, NULL when absent) has the listeners
 * the parentRef names by sectionName and port: each is refused.
 */
static void note_parent_refused(struct exposure *e, const struct kobj *route,
				const struct node *p, const struct kobj *owner,
				const struct node *c)
{
	const struct refused_why w = { EXPOSE_REFUSED_PARENT, route, c };
	const struct node *ls =
	    owner ? node_path(owner->root, "spec.listeners") : NULL;
	const char *section = node_get_str(p, "sectionName");
	long long want = parent_port(p), lport;
	size_t i, n = 0;

	for (i = 0; i < node_count(ls); i++) {
		const struct node *l = node_at(ls, i);
		if ((section && !node_str_eq(node_get(l, "name"), section)) ||
		    (want &&
		     (!node_int(node_get(l, "port"), &lport) || lport != want)))
			continue;
		note_refused(e, route, p, owner, l, &w);
		n++;
	}
	if (!n)
		note_refused(e, route, p, owner, NULL, &w);
}

/*
 * The listeners of owner (a Gateway or a ListenerSet, whose namespace
 * "Same" means; gw its Gateway, or owner itself) admit route on the
 * listener parentRef p names by sectionName (none: any) and port (none:
 * any); the ports of those that do go to r.  A listener that a status
 * refuses is noted in e (exposure_refusals()).
 * *plain is set when one that admits it terminates no TLS (HTTP, TCP,
 * UDP): the route's backends are then reachable in clear there.  A rule
 * that redirects (RequestRedirect) has no backendRefs -- the API rejects
 * both on one rule -- so a listener used only to redirect to HTTPS sends
 * no backend traffic in clear and needs no exception.
 */
static bool listeners_admit(struct exposure *e, const struct kobj *owner,
			    const struct kobj *gw, const struct node *p,
			    const struct kobj *route, bool *plain,
			    struct front_ref *r)
{
	const struct node *ls = node_path(owner->root, "spec.listeners");
	const char *section = node_get_str(p, "sectionName");
	long long port = parent_port(p);
	size_t i;
	bool ok = false;

	for (i = 0; i < node_count(ls); i++) {
		const struct node *l = node_at(ls, i);
		const char *proto = node_get_str(l, "protocol");
		struct refused_why w = { EXPOSE_REFUSED_LISTENER, NULL, NULL };
		long long lport = 0;

		if (section && !node_str_eq(node_get(l, "name"), section))
			continue;
		if (port &&
		    (!node_int(node_get(l, "port"), &lport) || lport != port))
			continue;
		if (!listener_admits(e->inv, owner, l, route) ||
		    !listener_hosts_meet(
			node_get_str(l, "hostname"),
			node_path(route->root, "spec.hostnames")))
			continue;
		if (!listener_serves(owner, gw, l, &w)) {
			if (w.cond)
				note_refused(e, route, p, owner, l, &w);
			continue;
		}
		ok = true;
		if (strcmp(proto, "HTTPS") && strcmp(proto, "TLS"))
			*plain = true;
		if (node_int(node_get(l, "port"), &lport))
			add_port(r, (long)lport);
	}
	return ok;
}

/*
 * The Gateway a Service was made for, by the labels of its
 * implementation: gateway.networking.k8s.io/gateway-name in the
 * Gateway's namespace (GEP-1762, as Istio and NGINX Gateway Fabric set
 * it), or Envoy Gateway's owning-gateway-name and -namespace (its
 * Services live in its own namespace).  Writes "ns\x1fname" into key.
 */
static bool service_gateway(const struct kobj *svc, char *key, size_t n)
{
	const char *name =
	    node_get_str(svc->labels, "gateway.networking.k8s.io/gateway-name");
	const char *ns = kobj_ns(svc);

	if (!name) {
		name = node_get_str(
		    svc->labels, "gateway.envoyproxy.io/owning-gateway-name");
		ns = node_get_str(svc->labels, "gateway.envoyproxy.io/"
					       "owning-gateway-namespace");
	}
	if (!name || !ns)
		return false;
	fmt_snprintf(key, n, "%s\x1f%s", ns, name);
	return true;
}

static void index_gateway_services(struct exposure *e)
{
	const struct kobj *const *v;
	size_t n, i;
	char key[512];

	v = inventory_kind(e->inv, "Service", &n);
	for (i = 0; i < n; i++) {
		struct bucket *b;
		if (!service_gateway(v[i], key, sizeof(key)))
			continue;
		b = bucket_get(&e->by_gw, key);
		if (b->nsvcs == b->allocsvcs) {
			b->allocsvcs = b->allocsvcs ? b->allocsvcs * 2 : 2;
			b->svcs = xrealloc_array(b->svcs, b->allocsvcs,
						 sizeof(*b->svcs));
		}
		b->svcs[b->nsvcs++] = v[i];
	}
}

/*
 * Gateway gw faces the private network only: an internal load balancer
 * annotation on it or in spec.infrastructure.annotations (which the
 * implementation copies onto the Service it makes), an internal class of
 * GKE, or the Services of gw in the input, none of which faces the
 * outside while one is an internal load balancer or admits private
 * source ranges only.  A Gateway whose Services are absent, or ClusterIP
 * only, stays public.  note (size n) says why when a Service decides.
 */
static bool gateway_internal(const struct exposure *e, const struct kobj *gw,
			     char *note, size_t n)
{
	const char *cls =
	    node_str(node_path(gw->root, "spec.gatewayClassName"));
	const struct node *infra =
	    node_path(gw->root, "spec.infrastructure.annotations");
	const struct bucket *b = bucket_find(&e->by_gw, kobj_ns(gw), gw->name);
	const struct kobj *private_svc = NULL;
	struct svc_exposure se;
	size_t i;

	/* GKE's internal classes: gke-l7-rilb, gke-l7-*-internal-* */
	if (internal_annotated(gw) ||
	    (cls && (strstr(cls, "internal") || strstr(cls, "-rilb"))))
		return true;
	if (internal_annotations(infra)) {
		fmt_snprintf(note, n,
			     "spec.infrastructure.annotations make its load "
			     "balancer internal");
		return true;
	}
	for (i = 0; b && i < b->nsvcs; i++) {
		if (!service_exposure(b->svcs[i], &se))
			continue;
		if (!se.internal_lb && !se.ranges_private)
			return false;
		private_svc = b->svcs[i];
	}
	if (!private_svc)
		return false;
	service_exposure(private_svc, &se);
	fmt_snprintf(note, n, "its Service %s/%s is %s", kobj_ns(private_svc),
		     private_svc->name,
		     se.internal_lb
			 ? "an internal load balancer"
			 : "a load balancer for private source ranges "
			   "only");
	return true;
}

/* A ReferenceGrant in ns lets route reach Service name there. */
static bool reference_granted(const struct inventory *inv,
			      const struct kobj *route, const char *ns,
			      const char *name)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(inv, "ReferenceGrant", &n);
	for (i = 0; i < n; i++) {
		const struct node *from = node_path(v[i]->root, "spec.from");
		const struct node *to = node_path(v[i]->root, "spec.to");
		bool f = false, t = false;
		if (strcmp(kobj_ns(v[i]), ns) != 0)
			continue;
		for (j = 0; j < node_count(from); j++) {
			const struct node *x = node_at(from, j);
			f |= node_str_eq(node_get(x, "group"), GW_GROUP) &&
			     node_str_eq(node_get(x, "kind"), route->kind) &&
			     node_str_eq(node_get(x, "namespace"),
					 kobj_ns(route));
		}
		for (j = 0; j < node_count(to); j++) {
			const struct node *x = node_at(to, j);
			const char *g = node_get_str(x, "group");
			const char *nm = node_get_str(x, "name");
			t |= (!g || !*g) &&
			     node_str_eq(node_get(x, "kind"), "Service") &&
			     (!nm || !strcmp(nm, name));
		}
		if (f && t)
			return true;
	}
	return false;
}

/* A backendRef of route (a Service) through parent gw; tmpl has the rest. */
static void add_backend_ref(struct exposure *e, const struct kobj *route,
			    const struct node *ref, const char *path,
			    const struct front_ref *tmpl)
{
	const char *kind = node_get_str(ref, "kind");
	const char *group = node_get_str(ref, "group");
	const char *ns = node_get_str(ref, "namespace");
	const struct node *name = node_get(ref, "name");
	struct front_ref r = *tmpl;

	if ((kind && strcmp(kind, "Service")) || (group && *group) ||
	    !node_str(name))
		return;
	if (!ns)
		ns = kobj_ns(route);
	if (strcmp(ns, kobj_ns(route)) != 0 &&
	    !reference_granted(e->inv, route, ns, node_str(name)))
		return; /* ResolvedRefs false: no traffic */
	r.at = name;
	r.port = node_get(ref, "port");
	fmt_snprintf(r.path, sizeof(r.path), "%s.name", path);
	add_ref(e, ns, node_str(name), &r);
}

static void route_backends(struct exposure *e, const struct kobj *route,
			   const struct front_ref *tmpl)
{
	const struct node *rules = node_path(route->root, "spec.rules");
	size_t i, j;
	char path[160];

	for (i = 0; i < node_count(rules); i++) {
		const struct node *refs =
		    node_get(node_at(rules, i), "backendRefs");
		const struct node *filters =
		    node_get(node_at(rules, i), "filters");
		for (j = 0; j < node_count(refs); j++) {
			fmt_snprintf(path, sizeof(path),
				     "spec.rules[%zu].backendRefs[%zu]", i, j);
			add_backend_ref(e, route, node_at(refs, j), path, tmpl);
		}
		for (j = 0; j < node_count(filters); j++) {
			const struct node *m = node_path(
			    node_at(filters, j), "requestMirror.backendRef");
			fmt_snprintf(
			    path, sizeof(path),
			    "spec.rules[%zu].filters[%zu].requestMirror."
			    "backendRef",
			    i, j);
			if (m)
				add_backend_ref(e, route, m, path, tmpl);
		}
	}
}

/* Gateway gw lets ListenerSet ls attach (spec.allowedListeners). */
static bool gateway_allows_set(const struct inventory *inv,
			       const struct kobj *gw, const struct kobj *ls)
{
	const struct node *nss = node_path(gw->root, "spec.allowedListeners");
	const char *from = node_get_str(node_get(nss, "namespaces"), "from");
	const char *ns = kobj_ns(ls);

	if (!from || !strcmp(from, "None"))
		return false; /* the default: the Gateway's own listeners only */
	if (!strcmp(from, "Same"))
		return !strcmp(ns, kobj_ns(gw));
	if (!strcmp(from, "All"))
		return true;
	if (!strcmp(from, "Selector")) {
		const struct kobj *n =
		    inventory_find(inv, "Namespace", NULL, ns);
		return selector_matches_ns(
		    node_get(node_get(nss, "namespaces"), "selector"),
		    n ? n->labels : NULL, ns);
	}
	return false;
}

/* The ListenerSet (or XListenerSet) a parentRef names, or NULL. */
static const struct kobj *find_listener_set(const struct inventory *inv,
					    const char *kind, const char *ns,
					    const char *name)
{
	const struct kobj *ls = find_grouped(inv, kind, GW_GROUP, ns, name);

	return ls ? ls : find_grouped(inv, kind, GWX_GROUP, ns, name);
}

/*
 * A route attached to a ListenerSet: the set's listeners must admit it
 * (their "Same" is the set's namespace), and the set's parent Gateway
 * must allow the set (allowedListeners); the Gateway decides whether the
 * way in is public.  A route attached to the Gateway itself does not
 * reach the listeners of its ListenerSets.
 */
static void route_via_listener_set(struct exposure *e, const struct kobj *route,
				   const struct node *p, const char *kind)
{
	const char *ns = node_get_str(p, "namespace");
	const char *name = node_get_str(p, "name");
	struct front_ref r = { .front = route, .how = EXPOSE_GATEWAY };
	const struct kobj *ls, *gw;
	const struct node *pref;
	const char *gns, *gname;
	bool plain = false;

	if (!ns)
		ns = kobj_ns(route);
	ls = find_listener_set(e->inv, kind, ns, name);
	if (!ls) {
		fmt_snprintf(r.note, sizeof(r.note),
			     "%s %s/%s is not in the input", kind, ns, name);
		route_backends(e, route, &r);
		return;
	}
	pref = node_path(ls->root, "spec.parentRef");
	gns = node_get_str(pref, "namespace");
	gname = node_get_str(pref, "name");
	if (!gns)
		gns = kobj_ns(ls);
	gw = gname ? find_grouped(e->inv, "Gateway", GW_GROUP, gns, gname)
		   : NULL;
	if (gw && !gateway_allows_set(e->inv, gw, ls))
		return; /* the set is not attached: no listener */
	if (!listeners_admit(e, ls, gw, p, route, &plain, &r))
		return;
	r.tls = !plain;
	r.listener_set = ls;
	if (gw) {
		r.gateway = gw;
		r.internal = gateway_internal(e, gw, r.note, sizeof(r.note));
	} else {
		fmt_snprintf(
		    r.note, sizeof(r.note),
		    "the Gateway %s/%s of %s %s/%s is not in the input", gns,
		    gname ? gname : "?", ls->kind, kobj_ns(ls), ls->name);
	}
	keep_ports(e, &r);
	route_backends(e, route, &r);
}

static bool is_listener_set(const char *kind, const char *group)
{
	return kind &&
	       (!strcmp(kind, "ListenerSet") ||
		!strcmp(kind, "XListenerSet")) &&
	       (!group || !strcmp(group, GW_GROUP) ||
		!strcmp(group, GWX_GROUP));
}

/*
 * The Gateway parentRef p of route names, found in the input: its
 * namespace and name in *ns and *name.  False when p names no Gateway (a
 * Service parent is mesh routing, GAMMA).
 */
static bool parent_gateway(const struct exposure *e, const struct kobj *route,
			   const struct node *p, const char **ns,
			   const char **name, const struct kobj **gw)
{
	const char *kind = node_get_str(p, "kind");
	const char *group = node_get_str(p, "group");

	*ns = node_get_str(p, "namespace");
	*name = node_get_str(p, "name");
	*gw = NULL;
	if ((kind && strcmp(kind, "Gateway")) ||
	    (group && strcmp(group, GW_GROUP)) || !*name)
		return false;
	if (!*ns)
		*ns = kobj_ns(route);
	*gw = find_grouped(e->inv, "Gateway", GW_GROUP, *ns, *name);
	return true;
}

/* A parentRef of a route that names a Gateway of the input. */
struct parent_gw {
	const struct kobj *gw;
	size_t i; /* the parentRef's index */
};

/* By Gateway, then by parentRef: each Gateway's parentRefs in a run. */
static int parent_gw_cmp(const void *a, const void *b)
{
	const struct parent_gw *x = a, *y = b;
	uintptr_t gx = (uintptr_t)x->gw, gy = (uintptr_t)y->gw;

	if (gx != gy)
		return gx < gy ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * route through Gateway run[0].gw, which the parentRefs of run (n, all
 * naming it) attach it to: the listeners admitting it through any of
 * them decide together whether it is served only over TLS.
 */
static void route_via_gateway(struct exposure *e, const struct kobj *route,
			      const struct node *parents,
			      const struct parent_gw *run, size_t n)
{
	struct front_ref r = { .front = route, .how = EXPOSE_GATEWAY };
	const struct kobj *gw = run[0].gw;
	bool ok = false, plain = false;
	size_t j;

	for (j = 0; j < n; j++)
		ok |= listeners_admit(e, gw, gw, node_at(parents, run[j].i),
				      route, &plain, &r);
	if (!ok) {
		free(r.ports);
		return;
	}
	r.gateway = gw;
	r.tls = !plain;
	r.internal = gateway_internal(e, gw, r.note, sizeof(r.note));
	keep_ports(e, &r);
	route_backends(e, route, &r);
}

/*
 * A route through each Gateway it names, once per Gateway however many
 * parentRefs name it (sorted into runs, so that many parents cost
 * n log n), in the order of their first parentRef; through each
 * ListenerSet it names; and through each Gateway absent from the input,
 * with a note.  A parentRef whose attachment the route's status says was
 * refused counts for nothing, but is noted (exposure_refusals()).
 */
static void index_route(struct exposure *e, const struct kobj *route)
{
	const struct node *parents = node_path(route->root, "spec.parentRefs");
	size_t np = node_count(parents), n = 0, i, k, end;
	struct parent_gw pg_small[16], *pg = pg_small;
	size_t first_small[16], *first = first_small; /* run + 1, or 0 */
	const char *ns, *name;
	const struct kobj *gw;
	const struct node *c;

	if (np > 16) {
		pg = xrealloc_array(NULL, np, sizeof(*pg));
		first = xrealloc_array(NULL, np, sizeof(*first));
	}
	for (i = 0; i < np; i++) {
		const struct node *p = node_at(parents, i);
		first[i] = 0;
		if (!is_listener_set(node_get_str(p, "kind"),
				     node_get_str(p, "group")) &&
		    parent_gateway(e, route, p, &ns, &name, &gw) && gw) {
			if (parent_refused(route, p, &c)) {
				note_parent_refused(e, route, p, gw, c);
				continue;
			}
			pg[n].gw = gw;
			pg[n++].i = i;
		}
	}
	qsort(pg, n, sizeof(*pg), parent_gw_cmp);
	for (k = 0; k < n; k = end) {
		for (end = k + 1; end < n && pg[end].gw == pg[k].gw; end++)
			;
		first[pg[k].i] = k + 1;
	}
	for (i = 0; i < np; i++) {
		const struct node *p = node_at(parents, i);
		const char *kind = node_get_str(p, "kind");
		struct front_ref r = { .front = route, .how = EXPOSE_GATEWAY };

		if (first[i]) {
			k = first[i] - 1;
			for (end = k + 1; end < n && pg[end].gw == pg[k].gw;
			     end++)
				;
			route_via_gateway(e, route, parents, pg + k, end - k);
			continue;
		}
		if (is_listener_set(kind, node_get_str(p, "group")) &&
		    (name = node_get_str(p, "name")) != NULL) {
			if (!parent_refused(route, p, &c)) {
				route_via_listener_set(e, route, p, kind);
				continue;
			}
			ns = node_get_str(p, "namespace");
			note_parent_refused(
			    e, route, p,
			    find_listener_set(e->inv, kind,
					      ns ? ns : kobj_ns(route), name),
			    c);
			continue;
		}
		if (!parent_gateway(e, route, p, &ns, &name, &gw) || gw)
			continue;
		if (parent_refused(route, p, &c)) {
			note_parent_refused(e, route, p, NULL, c);
			continue;
		}
		fmt_snprintf(r.note, sizeof(r.note),
			     "Gateway %s/%s is not in the input", ns, name);
		route_backends(e, route, &r);
	}
	if (pg != pg_small) {
		free(pg);
		free(first);
	}
}

/* Listeners found so far (malloc'ed), with repeats. */
struct clear_list {
	struct expose_clear *v;
	size_t n, alloc;
};

/*
 * The HTTP listeners of owner that take route through parentRef p (index
 * pi), appended to cl; the Gateway gw decides whether the way in is
 * internal.
 */
static void clear_of(const struct exposure *e, const struct kobj *route,
		     const struct node *p, size_t pi, const struct kobj *owner,
		     const struct kobj *gw, struct clear_list *cl)
{
	const struct node *ls = node_path(owner->root, "spec.listeners");
	const char *section = node_get_str(p, "sectionName");
	long long want = parent_port(p);
	char note[320];
	int internal = -1; /* not asked yet */
	size_t i;

	for (i = 0; i < node_count(ls); i++) {
		const struct node *l = node_at(ls, i);
		struct expose_clear *c;
		long long lport = 0;

		if (!node_str_eq(node_get(l, "protocol"), "HTTP") ||
		    (section && !node_str_eq(node_get(l, "name"), section)) ||
		    !listener_serves(owner, gw, l, NULL))
			continue;
		if (!node_int(node_get(l, "port"), &lport))
			lport = 0;
		if ((want && lport != want) ||
		    !listener_admits(e->inv, owner, l, route) ||
		    !listener_hosts_meet(
			node_get_str(l, "hostname"),
			node_path(route->root, "spec.hostnames")))
			continue;
		if (internal < 0)
			internal =
			    gw && gateway_internal(e, gw, note, sizeof(note));
		if (cl->n == cl->alloc) {
			cl->alloc = cl->alloc ? cl->alloc * 2 : 8;
			cl->v =
			    xrealloc_array(cl->v, cl->alloc, sizeof(*cl->v));
		}
		c = &cl->v[cl->n++];
		c->owner = owner;
		c->gateway = gw;
		c->listener = l;
		c->index = i;
		c->parent = pi;
		c->port = (long)lport;
		c->internal = internal > 0;
	}
}

/* A listener found, by owner and index, then by where it was found. */
struct clear_key {
	uintptr_t owner;
	size_t index, pos;
};

static int clear_key_cmp(const void *a, const void *b)
{
	const struct clear_key *x = a, *y = b;

	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/*
 * Keep the first finding of each listener of cl, in order: sorted by
 * listener, a repeat follows its first, so any number of parentRefs
 * costs n log n.
 */
static void clear_unique(struct clear_list *cl)
{
	struct clear_key *k;
	bool *drop;
	size_t i, n = 0;

	if (cl->n < 2)
		return;
	k = xrealloc_array(NULL, cl->n, sizeof(*k));
	drop = xrealloc_array(NULL, cl->n, sizeof(*drop));
	for (i = 0; i < cl->n; i++) {
		k[i].owner = (uintptr_t)cl->v[i].owner;
		k[i].index = cl->v[i].index;
		k[i].pos = i;
		drop[i] = false;
	}
	qsort(k, cl->n, sizeof(*k), clear_key_cmp);
	for (i = 1; i < cl->n; i++)
		drop[k[i].pos] = k[i].owner == k[i - 1].owner &&
				 k[i].index == k[i - 1].index;
	for (i = 0; i < cl->n; i++)
		if (!drop[i])
			cl->v[n++] = cl->v[i];
	cl->n = n;
	free(k);
	free(drop);
}

size_t exposure_clear_listeners(const struct exposure *e,
				const struct kobj *route,
				struct expose_clear **out)
{
	const struct node *parents = node_path(route->root, "spec.parentRefs");
	struct clear_list cl = { NULL, 0, 0 };
	size_t i;

	*out = NULL;
	if (strcmp(route->kind, "HTTPRoute") &&
	    strcmp(route->kind, "GRPCRoute"))
		return 0;
	for (i = 0; i < node_count(parents); i++) {
		const struct node *p = node_at(parents, i);
		const char *kind = node_get_str(p, "kind");
		const char *ns, *name;
		const struct kobj *gw, *ls;

		if (parent_refused(route, p, NULL))
			continue;
		if (is_listener_set(kind, node_get_str(p, "group")) &&
		    (name = node_get_str(p, "name"))) {
			const struct node *pref;
			const char *gns, *gname;

			ns = node_get_str(p, "namespace");
			ls = find_listener_set(e->inv, kind,
					       ns ? ns : kobj_ns(route), name);
			if (!ls)
				continue;
			pref = node_path(ls->root, "spec.parentRef");
			gname = node_get_str(pref, "name");
			gns = node_get_str(pref, "namespace");
			gw = gname
				 ? find_grouped(e->inv, "Gateway", GW_GROUP,
						gns ? gns : kobj_ns(ls), gname)
				 : NULL;
			if (gw && !gateway_allows_set(e->inv, gw, ls))
				continue;
			clear_of(e, route, p, i, ls, gw, &cl);
			continue;
		}
		if (parent_gateway(e, route, p, &ns, &name, &gw) && gw)
			clear_of(e, route, p, i, gw, gw, &cl);
	}
	clear_unique(&cl);
	if (!cl.n)
		free(cl.v);
	else
		*out = cl.v;
	return cl.n;
}

/* ---- Istio -------------------------------------------------------------- */

/* Host patterns a and b ("*", "*.example.com", "shop.example.com") meet. */
static bool hosts_meet(const char *a, const char *b)
{
	size_t la, lb;

	if (!strcmp(a, "*") || !strcmp(b, "*") || !strcasecmp(a, b))
		return true;
	la = strlen(a);
	lb = strlen(b);
	if (a[0] == '*' && lb >= la - 1 &&
	    !strcasecmp(b + lb - (la - 1), a + 1))
		return true;
	return b[0] == '*' && la >= lb - 1 &&
	       !strcasecmp(a + la - (lb - 1), b + 1);
}

/*
 * Server sv of Istio Gateway gw binds VirtualService vs: one of its hosts
 * ("[NS/]HOST"; NS "*" any namespace, "." the Gateway's) meets one of
 * the VirtualService's hosts.
 */
static bool istio_server_binds(const struct kobj *gw, const struct node *sv,
			       const struct kobj *vs)
{
	const struct node *sh = node_get(sv, "hosts");
	const struct node *vh = node_path(vs->root, "spec.hosts");
	size_t i, j;

	for (i = 0; i < node_count(sh); i++) {
		const char *h = node_str(node_at(sh, i));
		const char *slash = h ? strchr(h, '/') : NULL;
		if (!h)
			continue;
		if (slash) {
			size_t nl = (size_t)(slash - h);
			const char *want = kobj_ns(vs);
			if (nl == 1 && h[0] == '.')
				want = kobj_ns(gw);
			if (!(nl == 1 && h[0] == '*') &&
			    (strlen(want) != nl || strncmp(h, want, nl) != 0))
				continue;
			h = slash + 1;
		}
		if (!node_count(vh))
			return true;
		for (j = 0; j < node_count(vh); j++)
			if (node_str(node_at(vh, j)) &&
			    hosts_meet(h, node_str(node_at(vh, j))))
				return true;
	}
	return false;
}

/*
 * Servers of gw that bind vs: any (false when none), and *tls when every
 * one of them terminates or passes TLS, or only redirects to HTTPS
 * (tls.httpsRedirect answers every request with a 301).
 */
static bool istio_binds(const struct kobj *gw, const struct kobj *vs, bool *tls)
{
	const struct node *sv = node_path(gw->root, "spec.servers");
	size_t i;
	bool ok = false, plain = false;

	for (i = 0; i < node_count(sv); i++) {
		const struct node *s = node_at(sv, i);
		const struct node *t = node_get(s, "tls");
		const char *proto =
		    node_get_str(node_get(s, "port"), "protocol");
		if (!istio_server_binds(gw, s, vs))
			continue;
		ok = true;
		if (!(proto &&
		      (!strcmp(proto, "HTTPS") || !strcmp(proto, "TLS"))) &&
		    !node_get_str(t, "mode") &&
		    !node_is_true(node_get(t, "httpsRedirect")))
			plain = true;
	}
	*tls = ok && !plain;
	return ok;
}

/* Service name and namespace of a destination host. */
static void istio_dest(const char *host, const struct kobj *vs, char *name,
		       size_t nn, char *ns, size_t ns_n)
{
	/* svc, svc.ns, svc.ns.svc.cluster.local */
	const char *dot = strchr(host, '.');

	fmt_snprintf(name, nn, "%.*s",
		     dot ? (int)(dot - host) : (int)strlen(host), host);
	if (dot) {
		const char *d2 = strchr(dot + 1, '.');
		fmt_snprintf(ns, ns_n, "%.*s",
			     d2 ? (int)(d2 - dot - 1) : (int)strlen(dot + 1),
			     dot + 1);
	} else {
		fmt_snprintf(ns, ns_n, "%s", kobj_ns(vs));
	}
}

/* The destinations of vs, each a ref like tmpl. */
static void istio_destinations(struct exposure *e, const struct kobj *vs,
			       const struct front_ref *tmpl)
{
	static const char *const lists[] = { "http", "tcp", "tls" };
	struct front_ref r = *tmpl;
	size_t l, i, j;

	for (l = 0; l < 3; l++) {
		const struct node *rs =
		    node_get(node_get(vs->root, "spec"), lists[l]);
		for (i = 0; i < node_count(rs); i++) {
			const struct node *routes =
			    node_get(node_at(rs, i), "route");
			for (j = 0; j < node_count(routes); j++) {
				const struct node *d =
				    node_get(node_at(routes, j), "destination");
				const struct node *h = node_get(d, "host");
				char name[254], ns[254];
				if (!node_str(h))
					continue;
				istio_dest(node_str(h), vs, name, sizeof(name),
					   ns, sizeof(ns));
				r.at = h;
				r.port = node_path(d, "port.number");
				fmt_snprintf(
				    r.path, sizeof(r.path),
				    "spec.%s[%zu].route[%zu].destination."
				    "host",
				    lists[l], i, j);
				add_ref(e, ns, name, &r);
			}
		}
	}
}

/*
 * A VirtualService bound to ingress Gateways (spec.gateways other than
 * "mesh", "NS/NAME" or NAME of its namespace): each Gateway in the input
 * whose servers' hosts meet the VirtualService's hosts is a way in (its
 * pods are judged later, judge_istio()); a Gateway absent from the input
 * still counts, with a note.
 */
static void index_virtualservice(struct exposure *e, const struct kobj *vs)
{
	const struct node *gws = node_path(vs->root, "spec.gateways");
	size_t i;

	for (i = 0; i < node_count(gws); i++) {
		struct front_ref r = { .front = vs, .how = EXPOSE_ISTIO };
		const char *g = node_str(node_at(gws, i));
		const char *slash;
		char ns[254];

		if (!g || !strcmp(g, "mesh"))
			continue;
		slash = strchr(g, '/');
		fmt_snprintf(ns, sizeof(ns), "%.*s",
			     slash ? (int)(slash - g)
				   : (int)strlen(kobj_ns(vs)),
			     slash ? g : kobj_ns(vs));
		r.gateway = find_grouped(e->inv, "Gateway", ISTIO_GROUP, ns,
					 slash ? slash + 1 : g);
		if (r.gateway && !istio_binds(r.gateway, vs, &r.tls))
			continue; /* no server of it takes these hosts */
		if (r.gateway)
			r.internal = internal_annotated(r.gateway);
		else
			fmt_snprintf(r.note, sizeof(r.note),
				     "Istio Gateway %s is not in the input", g);
		istio_destinations(e, vs, &r);
	}
}

/* ---- Endpoints and EndpointSlices -------------------------------------- */

static const struct pod_view *top_view(const struct exposure *e,
				       const struct kobj *o)
{
	char key[768];
	const struct bucket *b;

	while (o->owner)
		o = o->owner;
	fmt_snprintf(key, sizeof(key), "%s\x1f%s\x1f%s", o->kind, kobj_ns(o),
		     o->name);
	b = strmap_get(&e->top, key, strlen(key));
	return b && b->npods ? b->pods[0] : NULL;
}

static void add_endpoint(struct exposure *e, const char *ns, const char *svc,
			 const struct node *ref)
{
	const char *rns = node_get_str(ref, "namespace");
	const char *name = node_get_str(ref, "name");
	const struct kobj *pod;
	const struct pod_view *pv;
	char key[512];

	if (!node_str_eq(node_get(ref, "kind"), "Pod") || !name)
		return;
	pod = inventory_find(e->inv, "Pod", rns ? rns : ns, name);
	if (!pod || !(pv = top_view(e, pod)))
		return;
	fmt_snprintf(key, sizeof(key), "%s\x1f%s", ns, svc);
	bucket_add_pod(bucket_get(&e->by_ep, key), pv);
}

/* e->top: each pod view by its object's kind, namespace and name. */
static void index_top(struct exposure *e)
{
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(e->inv, &n);
	for (i = 0; i < n; i++) {
		char key[768];
		struct bucket *b;

		fmt_snprintf(key, sizeof(key), "%s\x1f%s\x1f%s",
			     pv[i].obj->kind, kobj_ns(pv[i].obj),
			     pv[i].obj->name);
		b = bucket_get(&e->top, key);
		if (!b->npods) /* the first of a repeated name wins */
			bucket_add_pod(b, &pv[i]);
	}
}

static void index_endpoints(struct exposure *e)
{
	static const char *const addr[] = { "addresses", "notReadyAddresses" };
	const struct kobj *const *v;
	size_t n, i, j, k, a, nslices;

	inventory_kind(e->inv, "EndpointSlice", &nslices);
	inventory_kind(e->inv, "Endpoints", &n);
	if (!nslices && !n)
		return;
	index_top(e);
	v = inventory_kind(e->inv, "EndpointSlice", &n);
	for (i = 0; i < n; i++) {
		const char *svc =
		    node_get_str(v[i]->labels, "kubernetes.io/service-name");
		const struct node *eps = node_get(v[i]->root, "endpoints");
		for (j = 0; svc && j < node_count(eps); j++)
			add_endpoint(e, kobj_ns(v[i]), svc,
				     node_get(node_at(eps, j), "targetRef"));
	}
	v = inventory_kind(e->inv, "Endpoints", &n);
	for (i = 0; i < n; i++) {
		const struct node *subs = node_get(v[i]->root, "subsets");
		for (j = 0; j < node_count(subs); j++)
			for (a = 0; a < 2; a++) {
				const struct node *ad =
				    node_get(node_at(subs, j), addr[a]);
				for (k = 0; k < node_count(ad); k++)
					add_endpoint(e, kobj_ns(v[i]),
						     v[i]->name,
						     node_get(node_at(ad, k),
							      "targetRef"));
			}
	}
	free_map(&e->top);
}

/* ---- who reaches whom ---------------------------------------------------- */

static void push_reach(struct exposure *e, const struct kobj *svc,
		       size_t *alloc)
{
	if (e->nreach == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		e->reach = xrealloc_array(e->reach, *alloc, sizeof(*e->reach));
	}
	e->reach[e->nreach++] = svc;
}

/* A pod view (by its index in the inventory) and a Service of its bucket. */
struct ep_pair {
	size_t pod, svc;
};

static int ep_pair_cmp(const void *a, const void *b)
{
	const struct ep_pair *x = a, *y = b;

	if (x->pod != y->pod)
		return x->pod < y->pod ? -1 : 1;
	return x->svc < y->svc ? -1 : x->svc > y->svc;
}

/*
 * The pods the Endpoints of each Service of bucket b name (with a
 * selector or without: exposure_service_reaches() counts them for both):
 * a pair for each, sorted by pod.  Returns how many, in *out (malloc'ed).
 */
static size_t endpoint_pairs(const struct exposure *e, const struct bucket *b,
			     struct ep_pair **out)
{
	size_t i, k, n = 0, alloc = 0;
	struct ep_pair *v = NULL;

	for (i = 0; i < b->nsvcs; i++) {
		const struct kobj *svc = b->svcs[i];
		const struct bucket *ep =
		    bucket_find(&e->by_ep, kobj_ns(svc), svc->name);

		for (k = 0; ep && k < ep->npods; k++) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				v = xrealloc_array(v, alloc, sizeof(*v));
			}
			v[n].pod = (size_t)(ep->pods[k] - e->pv);
			v[n++].svc = i;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), ep_pair_cmp);
	*out = v;
	return n;
}

/*
 * Candidates for pod view idx: those of the selector index (in
 * *scratch, n of them) and the Services whose Endpoints name it (pairs
 * from endpoint_pairs()), sorted and each once.  Returns how many.
 */
static size_t add_endpoint_candidates(size_t idx, const struct ep_pair *pairs,
				      size_t npairs, size_t **scratch,
				      size_t *nscratch, size_t n)
{
	size_t lo = 0, hi = npairs, i;

	while (lo < hi) { /* the first pair of idx */
		size_t mid = lo + (hi - lo) / 2;
		if (pairs[mid].pod < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == npairs || pairs[lo].pod != idx)
		return n;
	for (i = lo; i < npairs && pairs[i].pod == idx; i++) {
		if (n == *nscratch) {
			*nscratch = *nscratch ? *nscratch * 2 : 16;
			*scratch = xrealloc_array(*scratch, *nscratch,
						  sizeof(**scratch));
		}
		(*scratch)[n++] = pairs[i].svc;
	}
	return selidx_unique(*scratch, n);
}

/*
 * The Services of namespace bucket b that reach each of its pods: the
 * selector index gives those whose selector may match, the Endpoints
 * those that name the pod (a Service without a selector reaches no other
 * pod), and exposure_service_reaches() judges each, so the answer is the
 * same as asking it of every Service -- in the time of the pairs that can
 * match rather than of pods times Services.
 */
static void reach_namespace(struct exposure *e, const struct bucket *b,
			    size_t *alloc, size_t **scratch, size_t *nscratch)
{
	struct selidx *x = selidx_new();
	struct ep_pair *pairs;
	size_t npairs = endpoint_pairs(e, b, &pairs);
	size_t i, j, k;

	for (i = 0; i < b->nsvcs; i++) {
		const struct node *sel =
		    node_path(b->svcs[i]->root, "spec.selector");
		/* what selector_map_matches() can find true */
		if (sel && sel->type == NODE_OBJECT && node_len(sel))
			selidx_add(x, i, sel);
	}
	for (j = 0; j < b->npods; j++) {
		const struct pod_view *pv = b->pods[j];
		size_t idx = (size_t)(pv - e->pv);
		size_t n = selidx_candidates(x, node_get(pv->meta, "labels"),
					     scratch, nscratch);

		n = add_endpoint_candidates(idx, pairs, npairs, scratch,
					    nscratch, n);
		e->pod_reach[idx].start = e->nreach;
		for (k = 0; k < n; k++) {
			const struct kobj *svc = b->svcs[(*scratch)[k]];
			if (exposure_service_reaches(e, svc, pv))
				push_reach(e, svc, alloc);
		}
		e->work += n;
		e->pod_reach[idx].n = e->nreach - e->pod_reach[idx].start;
	}
	free(pairs);
	selidx_free(x);
}

/*
 * The place of svc among e->svcs, or (size_t)-1: the inventory lists a
 * kind in the order of its objects' index, so a binary search finds it
 * (a map of the addresses took 1 MiB at 14,000 Services).
 */
static size_t svc_slot(const struct exposure *e, const struct kobj *svc)
{
	size_t lo = 0, hi = e->nsvcs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->svcs[mid]->index < svc->index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->nsvcs && e->svcs[lo] == svc ? lo : (size_t)-1;
}

static void index_reach(struct exposure *e)
{
	size_t i = 0, j, kl, alloc = 0, nscratch = 0, *scratch = NULL, *fill;
	const char *k;
	void *val;

	e->pv = inventory_pods(e->inv, &e->npv);
	e->svcs = inventory_kind(e->inv, "Service", &e->nsvcs);
	e->pod_reach =
	    xrealloc_array(NULL, e->npv ? e->npv : 1, sizeof(*e->pod_reach));
	memset(e->pod_reach, 0, (e->npv ? e->npv : 1) * sizeof(*e->pod_reach));
	while (strmap_next(&e->by_ns, &i, &k, &kl, &val))
		reach_namespace(e, val, &alloc, &scratch, &nscratch);
	free(scratch);

	/* the other way round, pods in inventory order */
	e->svc_reached = xrealloc_array(NULL, e->nsvcs ? e->nsvcs : 1,
					sizeof(*e->svc_reached));
	memset(e->svc_reached, 0,
	       (e->nsvcs ? e->nsvcs : 1) * sizeof(*e->svc_reached));
	for (i = 0; i < e->nreach; i++) {
		size_t s = svc_slot(e, e->reach[i]);
		if (s != (size_t)-1)
			e->svc_reached[s].n++;
	}
	for (j = 0, i = 0; j < e->nsvcs; j++) {
		e->svc_reached[j].start = i;
		i += e->svc_reached[j].n;
	}
	e->reached = xrealloc_array(NULL, i ? i : 1, sizeof(*e->reached));
	fill = xrealloc_array(NULL, e->nsvcs ? e->nsvcs : 1, sizeof(*fill));
	for (j = 0; j < e->nsvcs; j++)
		fill[j] = e->svc_reached[j].start;
	for (i = 0; i < e->npv; i++)
		for (j = 0; j < e->pod_reach[i].n; j++) {
			size_t s =
			    svc_slot(e, e->reach[e->pod_reach[i].start + j]);
			if (s != (size_t)-1)
				e->reached[fill[s]++] = &e->pv[i];
		}
	free(fill);
}

static void index_fronts(struct exposure *e)
{
	static const char *const route_kinds[] = {
		"HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute",
	};
	const struct kobj *const *v;
	size_t n, i, k;

	v = inventory_kind(e->inv, "Ingress", &n);
	for (i = 0; i < n; i++)
		index_ingress(e, v[i]);
	for (k = 0; k < sizeof(route_kinds) / sizeof(route_kinds[0]); k++) {
		v = inventory_kind(e->inv, route_kinds[k], &n);
		for (i = 0; i < n; i++)
			if (!strcmp(v[i]->group, GW_GROUP))
				index_route(e, v[i]);
	}
	v = inventory_kind(e->inv, "VirtualService", &n);
	for (i = 0; i < n; i++)
		if (!strcmp(v[i]->group, ISTIO_GROUP))
			index_virtualservice(e, v[i]);
}

/* ---- Ingress controllers ------------------------------------------------ */

static void host_routes(const struct pod_view *pv, struct expose_route *out,
			size_t max, size_t *n);

/* Controllers by IngressClass spec.controller, and their images. */
static const struct {
	const char *controller, *image;
} ingress_controllers[] = {
	{ "k8s.io/ingress-nginx", "ingress-nginx/controller" },
	{ "k8s.io/ingress-nginx", "nginx-ingress-controller" },
	{ "nginx.org/ingress-controller", "nginx/nginx-ingress" },
	{ "traefik.io/ingress-controller", "traefik" },
	{ "haproxy.org/ingress-controller", "haproxytech/kubernetes-ingress" },
	{ "haproxy-ingress.github.io/controller", "haproxy-ingress" },
	{ "ingress-controllers.konghq.com/kong", "kong" },
	{ "projectcontour.io/ingress-controller", "projectcontour/contour" },
	{ "istio.io/ingress-controller", "istio/proxyv2" },
};

/* Legacy kubernetes.io/ingress.class values and their controllers. */
static const struct {
	const char *cls, *controller;
} legacy_classes[] = {
	{ "nginx", "k8s.io/ingress-nginx" },
	{ "traefik", "traefik.io/ingress-controller" },
	{ "haproxy", "haproxy.org/ingress-controller" },
	{ "kong", "ingress-controllers.konghq.com/kong" },
	{ "contour", "projectcontour.io/ingress-controller" },
	{ "istio", "istio.io/ingress-controller" },
	{ "gce", "k8s.io/ingress-gce" },
	{ "alb", "ingress.k8s.aws/alb" },
	{ "azure/application-gateway", "azure/application-gateway" },
};

/* Controllers run by the cloud: the load balancer is theirs. */
static bool cloud_controller(const char *c)
{
	return !strcmp(c, "k8s.io/ingress-gce") ||
	       !strcmp(c, "networking.gke.io/ingress-gce") ||
	       !strcmp(c, "ingress.k8s.aws/alb") ||
	       !strcmp(c, "eks.amazonaws.com/alb") ||
	       !strncmp(c, "azure/application-gateway", 25);
}

/* The controller name of ing's class, or NULL; *cls its class name. */
static const char *ingress_controller_name(const struct inventory *inv,
					   const struct kobj *ing,
					   const char **cls)
{
	const struct kobj *const *v;
	const struct kobj *ic = NULL;
	size_t n, i;

	*cls = node_get_str(node_get(ing->root, "spec"), "ingressClassName");
	if (!*cls)
		*cls = node_get_str(ing->annotations, "kubernetes.io/"
						      "ingress.class");
	v = inventory_kind(inv, "IngressClass", &n);
	for (i = 0; i < n; i++) {
		if (*cls ? !strcmp(v[i]->name, *cls)
			 : node_str_eq(node_get(v[i]->annotations,
						"ingressclass.kubernetes.io/"
						"is-default-class"),
				       "true"))
			ic = v[i];
	}
	if (ic) {
		*cls = ic->name;
		return node_get_str(node_get(ic->root, "spec"), "controller");
	}
	for (i = 0;
	     *cls && i < sizeof(legacy_classes) / sizeof(legacy_classes[0]);
	     i++)
		if (!strcmp(*cls, legacy_classes[i].cls))
			return legacy_classes[i].controller;
	return NULL;
}

/* The object's kind and name, for a message: "Deployment ns/name". */
static const char *obj_text(const struct kobj *o, char *buf, size_t n)
{
	fmt_snprintf(buf, n, "%s %s/%s", o->kind, kobj_ns(o), o->name);
	return buf;
}

/*
 * ingress-nginx (controller c, when the input holds it) redirects HTTP to
 * HTTPS for ing, which has spec.tls: its annotations ssl-redirect
 * (default true) and force-ssl-redirect (default false) take their
 * defaults from the controller's ConfigMap, and the redirect is off only
 * when ssl-redirect is false and force-ssl-redirect is not true.  A
 * ConfigMap named but absent counts as the defaults.  When it is off but
 * what publishes the controller (Services, host ports) is in the input
 * and none of it publishes the HTTP port, nobody outside reaches HTTP.
 */
static bool nginx_http(const struct nginx_controller *c, const struct kobj *ing,
		       char *why, size_t n)
{
	const struct node *ann = ing->annotations;
	enum nginx_setting ssl = nginx_bool(
	    node_get_str(ann, "nginx.ingress.kubernetes.io/ssl-redirect"));
	enum nginx_setting force = nginx_bool(node_get_str(
	    ann, "nginx.ingress.kubernetes.io/force-ssl-redirect"));
	bool by_cm = false;
	char who[300], how[400];

	if (force == NGINX_UNSET && c)
		force = c->force_ssl_redirect;
	if (ssl == NGINX_UNSET && c && c->ssl_redirect == NGINX_FALSE) {
		ssl = NGINX_FALSE;
		by_cm = true;
	}
	if (force == NGINX_TRUE || ssl != NGINX_FALSE)
		return false;
	if (c && c->fronts_known && !c->http_published)
		return false;
	if (by_cm)
		fmt_snprintf(
		    why, n,
		    "ConfigMap %s/%s of its ingress-nginx controller %s "
		    "sets ssl-redirect \"false\", which keeps it serving "
		    "HTTP",
		    c->cm_ns, c->cm_name, obj_text(c->obj, who, sizeof(who)));
	else
		fmt_snprintf(
		    why, n,
		    "nginx.ingress.kubernetes.io/ssl-redirect: \"false\" "
		    "keeps ingress-nginx serving HTTP");
	how[0] = '\0';
	if (c && c->fronts_known && c->front)
		fmt_snprintf(how, sizeof(how), ", which %s publishes",
			     obj_text(c->front, who, sizeof(who)));
	else if (c && c->fronts_known)
		fmt_snprintf(how, sizeof(how), " on its host's port %ld",
			     c->http_port);
	if (strlen(why) + strlen(how) < n)
		memcpy(why + strlen(why), how, strlen(how) + 1);
	return true;
}

/*
 * Contour serves an Ingress with TLS over HTTP too unless
 * ingress.kubernetes.io/force-ssl-redirect is "true" (Envoy's require_tls:
 * HTTP redirects) or kubernetes.io/ingress.allow-http is "false" (no HTTP
 * route); it reads both as exact strings.
 */
static bool contour_http(const struct kobj *ing, char *why, size_t n)
{
	const struct node *ann = ing->annotations;

	if (node_str_eq(node_get(ann, "ingress.kubernetes.io/"
				      "force-ssl-redirect"),
			"true") ||
	    node_str_eq(node_get(ann, "kubernetes.io/ingress.allow-http"),
			"false"))
		return false;
	fmt_snprintf(why, n,
		     "Contour serves it on its HTTP listener too (no "
		     "ingress.kubernetes.io/force-ssl-redirect \"true\" and no "
		     "kubernetes.io/ingress.allow-http \"false\")");
	return true;
}

/*
 * ing, which has spec.tls, is served over plain HTTP as well, by what its
 * controller does by default or is told: ingress-nginx as nginx_http()
 * says, Contour as contour_http() says, Traefik as traefik_clear() says;
 * a GCE load balancer listens on port 80 beside 443 unless kubernetes.io/ingress.allow-http is "false" or
 * the FrontendConfig it names redirects to HTTPS
 * (spec.redirectToHttps.enabled; one absent from the input may, so it
 * counts as redirecting).  why (size n) says which.
 */
static bool http_beside_tls(const struct exposure *e, const struct kobj *ing,
			    char *why, size_t n)
{
	const struct node *ann = ing->annotations;
	const char *cls, *ctl = ingress_controller_name(e->inv, ing, &cls);
	bool nginx = ctl && !strcmp(ctl, "k8s.io/ingress-nginx");
	const struct nginx_controller *c = nginx_lookup(e->nginx, ing, nginx);
	const char *fc;
	const struct kobj *cfg;

	if (nginx || c)
		return nginx_http(c, ing, why, n);
	if (!ctl)
		return false;
	if (!strcmp(ctl, "projectcontour.io/ingress-controller"))
		return contour_http(ing, why, n);
	if (!strcmp(ctl, "traefik.io/ingress-controller"))
		return traefik_clear(e->traefik, ing, why, n);
	if (strcmp(ctl, "k8s.io/ingress-gce") &&
	    strcmp(ctl, "networking.gke.io/ingress-gce"))
		return false;
	if (node_str_eq(node_get(ann, "kubernetes.io/ingress.allow-http"),
			"false"))
		return false;
	fc = node_get_str(ann, "networking.gke.io/v1beta1.FrontendConfig");
	cfg = fc ? inventory_find(e->inv, "FrontendConfig", kobj_ns(ing), fc)
		 : NULL;
	/* a FrontendConfig that is not in the input may redirect */
	if (fc && (!cfg || node_is_true(node_path(
			       cfg->root, "spec.redirectToHttps.enabled"))))
		return false;
	fmt_snprintf(why, n,
		     "its GCE load balancer listens on port 80 too "
		     "(kubernetes.io/ingress.allow-http is not \"false\"%s)",
		     fc ? ", and its FrontendConfig does not redirect to HTTPS"
			: ", and no FrontendConfig redirects to HTTPS");
	return true;
}

bool exposure_ingress_http_beside_tls(const struct exposure *e,
				      const struct kobj *ing, char *why,
				      size_t n)
{
	return http_beside_tls(e, ing, why, n);
}

/* ing is ingress-nginx's: its class says so, or a controller serves it. */
static const struct nginx_controller *
nginx_of(const struct exposure *e, const struct kobj *ing, bool *nginx)
{
	const char *cls, *ctl = ingress_controller_name(e->inv, ing, &cls);

	*nginx = ctl && !strcmp(ctl, "k8s.io/ingress-nginx");
	return nginx_lookup(e->nginx, ing, *nginx);
}

/* The certificate nginx serves a host no spec.tls entry gives one. */
static void default_cert_text(const struct nginx_controller *c, char *buf,
			      size_t n)
{
	if (c && c->default_cert)
		fmt_snprintf(buf, n,
			     "the certificate of Secret %s "
			     "(--default-ssl-certificate), not one chosen for "
			     "them: encrypted, and authenticated only if it "
			     "happens to name them",
			     c->default_cert);
	else
		fmt_snprintf(
		    buf, n,
		    "its self-signed default certificate (\"Kubernetes "
		    "Ingress Controller Fake Certificate\"): encrypted, "
		    "but no client can authenticate the server");
}

bool exposure_ingress_default_cert(const struct exposure *e,
				   const struct kobj *ing, char *why, size_t n)
{
	bool nginx;
	const struct nginx_controller *c = nginx_of(e, ing, &nginx);
	enum nginx_setting force = nginx_bool(
	    node_get_str(ing->annotations,
			 "nginx.ingress.kubernetes.io/force-ssl-redirect"));
	bool by_cm = false;
	char who[300], via[300], cert[300];

	if (!nginx && !c)
		return false;
	if (force == NGINX_UNSET && c) {
		force = c->force_ssl_redirect;
		by_cm = true;
	}
	default_cert_text(c, cert, sizeof(cert));
	if (c && c->fronts_known && !c->http_published && c->https_published) {
		fmt_snprintf(via, sizeof(via), "%s", "its host's port");
		if (c->front)
			obj_text(c->front, via, sizeof(via));
		fmt_snprintf(
		    why, n,
		    "its ingress-nginx controller %s publishes HTTPS only "
		    "(%s), where nginx serves its hosts with %s",
		    obj_text(c->obj, who, sizeof(who)), via, cert);
		return true;
	}
	/*
	 * force-ssl-redirect redirects whether the host has a certificate or
	 * not; when what publishes the controller is known and does not
	 * publish HTTPS, TLS ends somewhere this input does not show.
	 */
	if (force != NGINX_TRUE ||
	    (c && c->fronts_known && !c->https_published))
		return false;
	if (by_cm)
		fmt_snprintf(via, sizeof(via),
			     "ConfigMap %s/%s's force-ssl-redirect", c->cm_ns,
			     c->cm_name);
	else
		fmt_snprintf(via, sizeof(via), "%s",
			     "nginx.ingress.kubernetes.io/force-ssl-redirect");
	fmt_snprintf(
	    why, n,
	    "%s \"true\" has ingress-nginx redirect HTTP to HTTPS, where "
	    "it serves its hosts with %s",
	    via, cert);
	return true;
}

bool exposure_ingress_lb_tls(const struct exposure *e, const struct kobj *ing,
			     char *why, size_t n)
{
	bool nginx;
	const struct nginx_controller *c = nginx_of(e, ing, &nginx);
	enum nginx_setting force = nginx_bool(
	    node_get_str(ing->annotations,
			 "nginx.ingress.kubernetes.io/force-ssl-redirect"));
	const char *pname;
	long long port = 0;
	char who[300], svc[300];

	if (!c || !c->fronts_known || !c->lb_tls || c->https_published)
		return false;
	if (force == NGINX_UNSET)
		force = c->force_ssl_redirect;
	if (c->http_published && force != NGINX_TRUE)
		return false;
	pname = node_get_str(c->lb_tls_port, "name");
	node_int(node_get(c->lb_tls_port, "port"), &port);
	fmt_snprintf(
	    why, n,
	    "its ingress-nginx controller %s is published by %s, whose "
	    "cloud load balancer terminates TLS on port %lld%s%s%s%s",
	    obj_text(c->obj, who, sizeof(who)),
	    obj_text(c->lb_tls, svc, sizeof(svc)), port, pname ? " (" : "",
	    pname ? pname : "", pname ? ")" : "",
	    c->http_published ? ", and nginx redirects its HTTP to HTTPS" : "");
	return true;
}

bool exposure_ingress_no_clear_router(const struct exposure *e,
				      const struct kobj *ing, char *why,
				      size_t n)
{
	const char *cls, *ctl = ingress_controller_name(e->inv, ing, &cls);

	return ctl && !strcmp(ctl, "traefik.io/ingress-controller") &&
	       traefik_redirects(e->traefik, ing, why, n);
}

bool exposure_ingress_fake_cert(const struct exposure *e,
				const struct kobj *ing, char *who, size_t n)
{
	bool nginx;
	const struct nginx_controller *c = nginx_of(e, ing, &nginx);

	if (!c || c->default_cert)
		return false;
	obj_text(c->obj, who, n);
	return true;
}

/*
 * kind could not be listed in ns (or anywhere): "could not list ..." is
 * added to why (size n).
 */
static void unseen_kind(const struct exposure *e, const char *kind,
			const char *ns, const char *what, char *why, size_t n)
{
	size_t len = strlen(why);

	if (inventory_can_see(e->inv, kind, ns) || len + 2 >= n)
		return;
	fmt_snprintf(why + len, n - len,
		     "%scould not list %ss in namespace %s (%s)",
		     len ? "; " : "", kind, ns, what);
}

bool exposure_ingress_unseen(const struct exposure *e, const struct kobj *ing,
			     bool tls, char *why, size_t n)
{
	static const char *const wl[] = { "Deployment", "DaemonSet",
					  "StatefulSet", "ReplicaSet", "Pod" };
	const struct node *ann = ing->annotations;
	enum nginx_setting ssl = nginx_bool(
	    node_get_str(ann, "nginx.ingress.kubernetes.io/ssl-redirect"));
	enum nginx_setting force = nginx_bool(node_get_str(
	    ann, "nginx.ingress.kubernetes.io/force-ssl-redirect"));
	bool nginx;
	const struct nginx_controller *c = nginx_of(e, ing, &nginx);
	const char *cls, *ctl = ingress_controller_name(e->inv, ing, &cls);
	const char *fc;
	size_t i;

	why[0] = '\0';
	if (nginx || c) {
		/* its own annotations decide: a redirect to its TLS */
		if (tls && (force == NGINX_TRUE || ssl == NGINX_TRUE))
			return false;
		for (i = 0; !c && i < sizeof(wl) / sizeof(wl[0]); i++)
			if (inventory_forbidden_any(e->inv, wl[i])) {
				fmt_snprintf(
				    why, n,
				    "could not list %ss in every "
				    "namespace: its "
				    "ingress-nginx controller, whose "
				    "ConfigMap and Services decide, is "
				    "not in the input",
				    wl[i]);
				return true;
			}
		if (c && c->cm_name && !c->configmap &&
		    (force == NGINX_UNSET || (tls && ssl == NGINX_UNSET)))
			unseen_kind(e, "ConfigMap", c->cm_ns,
				    "its controller's --configmap, whose "
				    "ssl-redirect and force-ssl-redirect are "
				    "its defaults",
				    why, n);
		if (c && !c->http_published)
			unseen_kind(e, "Service", kobj_ns(c->obj),
				    "what publishes its controller's HTTP and "
				    "HTTPS ports",
				    why, n);
	} else if (tls && ctl && strstr(ctl, "ingress-gce") &&
		   (fc = node_get_str(ann, "networking.gke.io/"
					   "v1beta1.FrontendConfig")) &&
		   !inventory_find(e->inv, "FrontendConfig", kobj_ns(ing),
				   fc)) {
		unseen_kind(e, "FrontendConfig", kobj_ns(ing),
			    "whether its GCE load balancer redirects HTTP", why,
			    n);
	}
	return why[0] != '\0';
}

/* A container of pv runs controller ctl (any known one when NULL). */
static bool runs_controller(const struct pod_view *pv, const char *ctl)
{
	const struct node *cs = node_get(pv->spec, "containers");
	size_t i, k;

	for (i = 0; i < node_count(cs); i++) {
		const char *img = node_get_str(node_at(cs, i), "image");
		for (k = 0; img && k < sizeof(ingress_controllers) /
					   sizeof(ingress_controllers[0]);
		     k++)
			if ((!ctl ||
			     !strcmp(ctl, ingress_controllers[k].controller)) &&
			    strstr(img, ingress_controllers[k].image))
				return true;
	}
	return false;
}

/*
 * pv faces the outside on its own: a public Service, hostPort, host net.
 * When it does not, *private_lb is a load balancer Service reaching it
 * that only the private network reaches (internal, or private source
 * ranges), or left alone.
 */
static bool faces_outside(const struct exposure *e, const struct pod_view *pv,
			  char *how, size_t n, const struct kobj **private_lb)
{
	const char *ns = kobj_ns(pv->obj);
	const struct bucket *b = strmap_get(&e->by_ns, ns, strlen(ns));
	const struct kobj *lb = NULL;
	struct expose_route r[4];
	struct svc_exposure se;
	size_t i, nh = 0;

	for (i = 0; b && i < b->nsvcs; i++) {
		if (!service_exposure(b->svcs[i], &se) ||
		    !exposure_service_reaches(e, b->svcs[i], pv))
			continue;
		if (se.internal_lb || se.ranges_private) {
			if (!lb)
				lb = b->svcs[i];
			continue;
		}
		fmt_snprintf(how, n, "%s Service %s/%s",
			     expose_how_name(se.how), ns, b->svcs[i]->name);
		return true;
	}
	host_routes(pv, r, 4, &nh);
	if (nh) {
		fmt_snprintf(how, n, "%s", expose_how_name(r[0].how));
		return true;
	}
	if (lb && !*private_lb)
		*private_lb = lb;
	return false;
}

/* How a private load balancer Service is private, for a note. */
static const char *se_private_how(const struct kobj *svc)
{
	struct svc_exposure se;

	service_exposure(svc, &se);
	return se.internal_lb ? "internal LoadBalancer"
			      : "LoadBalancer (private source ranges only)";
}

/* The pods serving a front, and how its note speaks of them. */
struct front_pods {
	bool (*match)(const struct pod_view *pv, const void *arg);
	const void *arg;
	const char *who; /* "controller", "gateway pods" */
	bool plural;
};

/*
 * What judging by the pods found for one key -- an Ingress controller's
 * name or an Istio Gateway -- kept so that the pods of the input are
 * looked at once for each key rather than once for each front: a cluster
 * with thousands of Ingresses has a handful of controllers.
 */
struct pods_verdict {
	bool matched;  /* a pod of the input matches */
	bool internal; /* none of them faces the outside */
	/* ... and one has an internal load balancer Service */
	bool private_lb;
	const struct kobj *controller;
	char note[sizeof(((struct front_ref *)0)->note)];
};

/*
 * Judge by the pods fp picks: the first that faces the outside makes the
 * front public and is named in its note; when none does, the front is
 * internal.  v->matched false when no pod of the input matches.
 */
static void pods_judge(struct exposure *e, const struct front_pods *fp,
		       struct pods_verdict *v)
{
	const struct pod_view *pv, *found = NULL;
	const struct pod_view *lbpod = NULL;
	const struct kobj *lb = NULL;
	char how[100];
	size_t n, i;

	memset(v, 0, sizeof(*v));
	pv = inventory_pods(e->inv, &n);
	for (i = 0; pv && i < n; i++) {
		e->work++;
		if (!fp->match(&pv[i], fp->arg))
			continue;
		found = &pv[i];
		if (faces_outside(e, &pv[i], how, sizeof(how), &lb)) {
			v->matched = true;
			v->controller = pv[i].obj;
			fmt_snprintf(
			    v->note, sizeof(v->note),
			    "its %s %s %s/%s %s the outside through %s",
			    fp->who, pv[i].obj->kind, kobj_ns(pv[i].obj),
			    pv[i].obj->name, fp->plural ? "face" : "faces",
			    how);
			return;
		}
		if (lb && !lbpod)
			lbpod = &pv[i];
	}
	if (!found)
		return;
	v->matched = v->internal = true;
	v->controller = found->obj;
	if (lb && lbpod) {
		found = lbpod;
		v->controller = found->obj;
		v->private_lb = true;
		fmt_snprintf(
		    v->note, sizeof(v->note),
		    "its %s %s %s/%s %s the private network only, through "
		    "%s Service %s/%s",
		    fp->who, found->obj->kind, kobj_ns(found->obj),
		    found->obj->name, fp->plural ? "face" : "faces",
		    se_private_how(lb), kobj_ns(lb), lb->name);
		return;
	}
	fmt_snprintf(
	    v->note, sizeof(v->note),
	    "its %s %s %s/%s %s no LoadBalancer, NodePort, externalIPs "
	    "or host port",
	    fp->who, found->obj->kind, kobj_ns(found->obj), found->obj->name,
	    fp->plural ? "have" : "has");
}

/* The verdicts made so far, by controller name and by Istio Gateway. */
struct pods_memo {
	struct strmap by_ctl, by_gateway;
	struct pods_verdict *any; /* for any known controller */
	struct arena *a;
};

/*
 * The verdict of map (or *any when map is NULL) under key (klen bytes),
 * made by pods_judge() the first time.
 */
static const struct pods_verdict *memo_verdict(struct exposure *e,
					       const struct front_pods *fp,
					       struct pods_memo *m,
					       struct strmap *map,
					       const void *key, size_t klen)
{
	struct pods_verdict *v = map ? strmap_get(map, key, klen) : m->any;

	if (!v) {
		v = arena_alloc(m->a, sizeof(*v));
		pods_judge(e, fp, v);
		if (map) /* the map keeps the key's address: a copy */
			strmap_put(map, arena_strndup(m->a, key, klen), klen,
				   v);
		else
			m->any = v;
	}
	return v;
}

/* Judge f by verdict v: false, f untouched, when no pod matched. */
static bool judge_by_pods(struct front_ref *f, const struct pods_verdict *v)
{
	if (!v->matched)
		return false;
	f->controller = v->controller;
	memcpy(f->note, v->note, sizeof(f->note));
	if (v->internal) {
		f->internal = true;
		f->unexposed_controller = !v->private_lb;
	}
	return true;
}

static bool match_controller(const struct pod_view *pv, const void *ctl)
{
	return runs_controller(pv, ctl);
}

static bool match_selector(const struct pod_view *pv, const void *sel)
{
	return selector_map_matches(sel, node_get(pv->meta, "labels"));
}

/*
 * An Ingress is public only when its controller is: find the controller's
 * pods in the input (by IngressClass controller and image) and whether
 * they face the outside.  A controller absent from the input keeps the
 * Ingress public, and its note says so.
 */
static void judge_ingress(struct exposure *e, struct front_ref *f,
			  struct pods_memo *m)
{
	const char *cls, *ctl = ingress_controller_name(e->inv, f->front, &cls);
	const struct front_pods fp = { match_controller, ctl, "controller",
				       false };

	if (f->internal)
		return;
	if (ctl && cloud_controller(ctl)) {
		if (f->note[0]) /* an ALB's scheme */
			return;
		fmt_snprintf(f->note, sizeof(f->note),
			     "served by the cloud load balancer of %s", ctl);
		return;
	}
	if (judge_by_pods(f, memo_verdict(e, &fp, m, ctl ? &m->by_ctl : NULL,
					  ctl, ctl ? strlen(ctl) : 0)))
		return;
	fmt_snprintf(f->note, sizeof(f->note),
		     "the Ingress controller%s%s is not in the input: assumed "
		     "exposed",
		     cls ? " of class " : "", cls ? cls : "");
}

/*
 * An Istio Gateway is public only when the gateway pods its spec.selector
 * picks (in any namespace, as istiod matches by default) face the
 * outside, like an Ingress and its controller.
 */
static void judge_istio(struct exposure *e, struct front_ref *f,
			struct pods_memo *m)
{
	const struct node *sel = node_path(f->gateway->root, "spec.selector");
	const struct front_pods fp = { match_selector, sel, "gateway pods",
				       true };

	if (f->internal)
		return;
	if (!node_len(sel)) {
		fmt_snprintf(
		    f->note, sizeof(f->note),
		    "Istio Gateway %s/%s selects no gateway pods: assumed "
		    "exposed",
		    kobj_ns(f->gateway), f->gateway->name);
		return;
	}
	/* the selector is the Gateway's: by the Gateway */
	if (judge_by_pods(f, memo_verdict(e, &fp, m, &m->by_gateway,
					  &f->gateway, sizeof(f->gateway))))
		return;
	fmt_snprintf(
	    f->note, sizeof(f->note),
	    "no pod of the input matches the selector of Istio Gateway "
	    "%s/%s: assumed exposed",
	    kobj_ns(f->gateway), f->gateway->name);
}

static void judge_ingresses(struct exposure *e)
{
	struct pods_memo m;
	size_t it = 0, kl, i;
	const char *k;
	void *val;

	memset(&m, 0, sizeof(m));
	m.a = arena_new();
	while (strmap_next(&e->by_svc, &it, &k, &kl, &val)) {
		struct bucket *b = val;
		for (i = 0; i < b->nrefs; i++)
			if (b->refs[i].how == EXPOSE_INGRESS)
				judge_ingress(e, &b->refs[i], &m);
			else if (b->refs[i].how == EXPOSE_ISTIO &&
				 b->refs[i].gateway)
				judge_istio(e, &b->refs[i], &m);
	}
	strmap_release(&m.by_ctl);
	strmap_release(&m.by_gateway);
	arena_free(m.a);
}

/* ---- ExternalName Services -------------------------------------------- */

static bool port_matches(const struct node *p, const struct node *want);

static int has_namespace(void *ctx, const char *ns)
{
	const struct exposure *e = ctx;

	return inventory_find(e->inv, "Namespace", NULL, ns) != NULL ||
	       strmap_get(&e->by_ns, ns, strlen(ns)) != NULL;
}

/* The port node of ExternalName Service svc that front port want names. */
static const struct node *external_port(const struct kobj *svc,
					const struct node *want)
{
	const struct node *ps = node_path(svc->root, "spec.ports");
	size_t i;

	if (!want || want->type != NODE_STRING)
		return want;
	for (i = 0; i < node_count(ps); i++)
		if (port_matches(node_at(ps, i), want))
			return node_get(node_at(ps, i), "port");
	return NULL;
}

static struct expose_external *push_external(struct exposure *e,
					     const struct front_ref *f,
					     const struct kobj *svc,
					     const char *target)
{
	struct expose_external *x;

	if (e->next == e->allocext) {
		e->allocext = e->allocext ? e->allocext * 2 : 8;
		e->ext = xrealloc_array(e->ext, e->allocext, sizeof(*e->ext));
	}
	x = &e->ext[e->next++];
	memset(x, 0, sizeof(*x));
	x->front = f->front;
	x->service = svc;
	x->gateway = f->gateway;
	x->controller = f->controller;
	x->target = target;
	x->kind = ext_classify(target, x->target_ns, sizeof(x->target_ns),
			       x->target_svc, sizeof(x->target_svc),
			       has_namespace, e);
	if (x->kind == EXT_CLUSTER_SERVICE)
		x->target_service = inventory_find(e->inv, "Service",
						   x->target_ns, x->target_svc);
	x->at = f->at;
	fmt_snprintf(x->path, sizeof(x->path), "%s", f->path);
	fmt_snprintf(x->note, sizeof(x->note), "%s", f->note);
	x->internal = f->internal;
	x->unexposed_controller = f->unexposed_controller;
	x->tls = f->tls;
	return x;
}

/* The ExternalName Service a by_svc key names, with its target; or NULL. */
static const struct kobj *external_service(const struct exposure *e,
					   const char *k, size_t kl,
					   const char **target)
{
	const char *sep = memchr(k, '\x1f', kl);
	const struct kobj *svc;
	char ns[254], name[254];

	if (!sep)
		return NULL;
	fmt_snprintf(ns, sizeof(ns), "%.*s", (int)(sep - k), k);
	fmt_snprintf(name, sizeof(name), "%.*s",
		     (int)(kl - (size_t)(sep - k) - 1), sep + 1);
	svc = inventory_find(e->inv, "Service", ns, name);
	if (!svc ||
	    !node_str_eq(node_path(svc->root, "spec.type"), "ExternalName"))
		return NULL;
	*target = node_get_str(node_get(svc->root, "spec"), "externalName");
	return *target ? svc : NULL;
}

/* Input order of the fronts, then the backend's path. */
static int ext_cmp(const void *a, const void *b)
{
	const struct expose_external *x = a, *y = b;

	if (x->front->index != y->front->index)
		return x->front->index < y->front->index ? -1 : 1;
	return strcmp(x->path, y->path);
}

struct ext_ref {
	struct front_ref r;
	char ns[254], name[254];
};

/*
 * Fronts naming an ExternalName Service: list them, and follow a target
 * that is a Service of the cluster into that Service, as the proxy does.
 * One level only: a chain of ExternalName Services is not followed.
 */
static void index_external(struct exposure *e)
{
	size_t it = 0, kl, i, nadd = 0, alloc = 0;
	struct ext_ref *add = NULL;
	const char *k, *target;
	void *val;

	while (strmap_next(&e->by_svc, &it, &k, &kl, &val)) {
		const struct bucket *b = val;
		const struct kobj *svc = external_service(e, k, kl, &target);

		for (i = 0; svc && i < b->nrefs; i++) {
			const struct expose_external *x =
			    push_external(e, &b->refs[i], svc, target);
			struct ext_ref *a;
			if (x->kind != EXT_CLUSTER_SERVICE)
				continue;
			if (nadd == alloc) {
				alloc = alloc ? alloc * 2 : 4;
				add = xrealloc_array(add, alloc, sizeof(*add));
			}
			a = &add[nadd++];
			a->r = b->refs[i];
			a->r.via_external = svc;
			a->r.port = external_port(svc, a->r.port);
			fmt_snprintf(a->ns, sizeof(a->ns), "%s", x->target_ns);
			fmt_snprintf(a->name, sizeof(a->name), "%s",
				     x->target_svc);
		}
	}
	for (i = 0; i < nadd; i++)
		add_ref(e, add[i].ns, add[i].name, &add[i].r);
	free(add);
	if (e->next > 1)
		qsort(e->ext, e->next, sizeof(*e->ext), ext_cmp);
}

size_t exposure_build_work(const struct exposure *e)
{
	return e->work;
}

size_t exposure_external(const struct exposure *e, struct expose_external *out,
			 size_t max)
{
	size_t i;

	for (i = 0; i < e->next && i < max; i++)
		out[i] = e->ext[i];
	return e->next;
}

struct exposure *exposure_build(const struct inventory *inv)
{
	struct exposure *e = xmalloc(sizeof(*e));
	const struct pod_view *pv;
	const struct kobj *const *v;
	size_t n, i;

	memset(e, 0, sizeof(*e));
	e->inv = inv;
	e->alb = alb_build(inv);
	e->nginx = nginx_build(inv);
	e->traefik = traefik_build(inv);
	v = inventory_kind(inv, "Service", &n);
	for (i = 0; i < n; i++) {
		struct bucket *b = bucket_get(&e->by_ns, kobj_ns(v[i]));
		if (b->nsvcs == b->allocsvcs) {
			b->allocsvcs = b->allocsvcs ? b->allocsvcs * 2 : 8;
			b->svcs = xrealloc_array(b->svcs, b->allocsvcs,
						 sizeof(*b->svcs));
		}
		b->svcs[b->nsvcs++] = v[i];
	}
	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++) /* each view once: no duplicate to look for */
		bucket_push_pod(bucket_get(&e->by_ns, kobj_ns(pv[i].obj)),
				&pv[i]);
	index_gateway_services(e);
	index_fronts(e);
	index_endpoints(e);
	index_reach(e);
	judge_ingresses(e);
	index_external(e);
	return e;
}

void exposure_free(struct exposure *e)
{
	size_t i;

	if (!e)
		return;
	free_map(&e->by_ns);
	free_map(&e->by_svc);
	free_map(&e->by_ep);
	free_map(&e->by_gw);
	free(e->pod_reach);
	free(e->svc_reached);
	free(e->reach);
	free(e->reached);
	free(e->ext);
	alb_free(e->alb);
	nginx_free(e->nginx);
	traefik_free(e->traefik);
	for (i = 0; i < e->nportsets; i++)
		free(e->portsets[i]);
	free(e->portsets);
	free(e->refused);
	free(e);
}

const struct alb *exposure_alb(const struct exposure *e)
{
	return e ? e->alb : NULL;
}

const struct nginx *exposure_nginx(const struct exposure *e)
{
	return e ? e->nginx : NULL;
}

/* ---- queries ------------------------------------------------------------ */

bool service_selects(const struct kobj *svc, const struct pod_view *pv)
{
	if (strcmp(kobj_ns(svc), kobj_ns(pv->obj)) != 0)
		return false;
	return selector_map_matches(node_path(svc->root, "spec.selector"),
				    node_get(pv->meta, "labels"));
}

bool exposure_service_reaches(const struct exposure *e, const struct kobj *svc,
			      const struct pod_view *pv)
{
	const struct bucket *b;
	size_t i;

	if (service_selects(svc, pv))
		return true;
	/*
	 * The Endpoints say where traffic goes now, with a selector or
	 * without: a slice written before the selector changed still routes.
	 * A selector that is a list is malformed and reaches nothing.
	 */
	if (node_count(node_path(svc->root, "spec.selector")) ||
	    strcmp(kobj_ns(svc), kobj_ns(pv->obj)) != 0)
		return false;
	b = bucket_find(&e->by_ep, kobj_ns(svc), svc->name);
	for (i = 0; b && i < b->npods; i++)
		if (b->pods[i] == pv)
			return true;
	return false;
}

/* Container port of pv named name (any container), or NULL. */
static const char *port_protocol(const struct node *p)
{
	const char *proto = node_get_str(p, "protocol");

	return proto ? proto : "TCP";
}

/*
 * The containerPort of pv's port named name and of Service port svc_port's
 * protocol, as the endpoints controller resolves a named targetPort: a
 * port of that name but another protocol (dns over UDP for a TCP Service
 * port) gives the pod no endpoint for it.
 */
static const struct node *named_port(const struct pod_view *pv,
				     const struct node *svc_port,
				     const char *name)
{
	const struct node *cs = node_get(pv->spec, "containers");
	const char *proto = port_protocol(svc_port);
	size_t i, j;

	for (i = 0; i < node_count(cs); i++) {
		const struct node *ps = node_get(node_at(cs, i), "ports");
		for (j = 0; j < node_count(ps); j++) {
			const struct node *cp = node_at(ps, j);

			if (node_str_eq(node_get(cp, "name"), name) &&
			    !strcmp(port_protocol(cp), proto))
				return node_get(cp, "containerPort");
		}
	}
	return NULL;
}

/*
 * Does Service port p (or any port when want is NULL) lead into pv?  want
 * is the front's port: a number matches spec.ports[].port, a string the
 * port's name.  Describes the first match in desc.
 */
static bool port_matches(const struct node *p, const struct node *want)
{
	if (!want)
		return true;
	if (want->type == NODE_STRING)
		return node_str_eq(node_get(p, "name"), node_str(want));
	return !strcmp(node_scalar_text(node_get(p, "port")),
		       node_scalar_text(want));
}

static bool ports_reach(const struct kobj *svc, const struct node *want,
			const struct pod_view *pv, char *desc, size_t n)
{
	const struct node *ps = node_path(svc->root, "spec.ports");
	size_t i;

	desc[0] = '\0';
	if (!node_count(ps))
		return true; /* nothing to resolve: trust the selector */
	for (i = 0; i < node_count(ps); i++) {
		const struct node *p = node_at(ps, i);
		const struct node *t = node_get(p, "targetPort");
		const struct node *cp = NULL;

		if (!port_matches(p, want))
			continue;
		if (!t)
			t = node_get(p, "port");
		if (t && t->type == NODE_STRING &&
		    !(cp = named_port(pv, p, node_str(t))))
			continue; /* the endpoints controller skips the pod */
		if (cp)
			fmt_snprintf(desc, n,
				     "port %s -> container port %s (%s)",
				     node_scalar_text(node_get(p, "port")),
				     node_scalar_text(cp), node_str(t));
		else
			fmt_snprintf(desc, n, "port %s -> container port %s",
				     node_scalar_text(node_get(p, "port")),
				     node_scalar_text(t));
		return true;
	}
	return false;
}

static void put_route(struct expose_route *out, size_t max, size_t *n,
		      const struct expose_route *r)
{
	if (*n < max)
		out[*n] = *r;
	(*n)++;
}

static void service_routes(const struct exposure *e, const struct kobj *svc,
			   const struct pod_view *pv, struct expose_route *out,
			   size_t max, size_t *n)
{
	const struct bucket *refs =
	    bucket_find(&e->by_svc, kobj_ns(svc), svc->name);
	struct svc_exposure se;
	struct expose_route r;
	size_t j;

	memset(&r, 0, sizeof(r));
	if (service_exposure(svc, &se) &&
	    ports_reach(svc, NULL, pv, r.port, sizeof(r.port))) {
		r.how = se.how;
		r.service = svc;
		r.at = se.at;
		fmt_snprintf(r.path, sizeof(r.path), "%s", se.path);
		r.internal = se.internal_lb || se.ranges_private;
		r.private_ranges = se.ranges_private && !se.internal_lb;
		r.restricted = se.source_ranges;
		put_route(out, max, n, &r);
	}
	for (j = 0; refs && j < refs->nrefs; j++) {
		const struct front_ref *f = &refs->refs[j];
		memset(&r, 0, sizeof(r));
		if (!ports_reach(svc, f->port, pv, r.port, sizeof(r.port)))
			continue;
		r.how = f->how;
		r.service = svc;
		r.front = f->front;
		r.gateway = f->gateway;
		r.at = f->at;
		fmt_snprintf(r.path, sizeof(r.path), "%s", f->path);
		fmt_snprintf(r.note, sizeof(r.note), "%s", f->note);
		r.internal = f->internal;
		r.unexposed_controller = f->unexposed_controller;
		r.controller = f->controller;
		r.via_external = f->via_external;
		r.listener_set = f->listener_set;
		r.tls = f->tls;
		r.svc_port = f->port;
		r.listener_ports = f->ports;
		r.nlistener_ports = f->nports;
		put_route(out, max, n, &r);
	}
}

/* hostNetwork with declared ports, else the first hostPort. */
static void host_routes(const struct pod_view *pv, struct expose_route *out,
			size_t max, size_t *n)
{
	const struct node *hn = node_get(pv->spec, "hostNetwork");
	const struct node *cs = node_get(pv->spec, "containers");
	const struct node *first = NULL, *hostport = NULL;
	struct expose_route r;
	size_t i, j, fi = 0, fj = 0;

	for (i = 0; i < node_count(cs); i++) {
		const struct node *ps = node_get(node_at(cs, i), "ports");
		for (j = 0; j < node_count(ps); j++) {
			const struct node *p = node_at(ps, j);
			if (!first)
				first = node_get(p, "containerPort");
			if (!hostport && node_get(p, "hostPort")) {
				hostport = node_get(p, "hostPort");
				fi = i;
				fj = j;
			}
		}
	}
	memset(&r, 0, sizeof(r));
	if (node_is_true(hn) && first) {
		r.how = EXPOSE_HOST_NETWORK;
		r.at = hn;
		fmt_snprintf(r.path, sizeof(r.path), "%s.hostNetwork",
			     pv->spec_path);
		fmt_snprintf(r.port, sizeof(r.port), "node port %s",
			     node_scalar_text(first));
		put_route(out, max, n, &r);
	} else if (hostport) {
		r.how = EXPOSE_HOST_PORT;
		r.at = hostport;
		fmt_snprintf(r.path, sizeof(r.path),
			     "%s.containers[%zu].ports[%zu].hostPort",
			     pv->spec_path, fi, fj);
		fmt_snprintf(r.port, sizeof(r.port), "node port %s",
			     node_scalar_text(hostport));
		put_route(out, max, n, &r);
	}
}

size_t exposure_routes(const struct exposure *e, const struct pod_view *pv,
		       struct expose_route *out, size_t max)
{
	const char *ns = kobj_ns(pv->obj);
	const struct bucket *b;
	size_t i, n = 0;

	if (pv >= e->pv && pv < e->pv + e->npv) {
		const struct span *sp = &e->pod_reach[pv - e->pv];
		for (i = 0; i < sp->n; i++)
			service_routes(e, e->reach[sp->start + i], pv, out, max,
				       &n);
		host_routes(pv, out, max, &n);
		return n;
	}
	/* a view the inventory did not make: ask every Service */
	b = strmap_get(&e->by_ns, ns, strlen(ns));
	for (i = 0; b && i < b->nsvcs; i++)
		if (exposure_service_reaches(e, b->svcs[i], pv))
			service_routes(e, b->svcs[i], pv, out, max, &n);
	host_routes(pv, out, max, &n);
	return n;
}

/* ---- ports of a way in ------------------------------------------------ */

/* Container port a Service port entry p leads to on pv; 0 if none. */
static long service_target(const struct node *p, const struct pod_view *pv)
{
	const struct node *t = node_get(p, "targetPort");
	long long v;

	if (!t)
		t = node_get(p, "port");
	if (node_is(t, NODE_STRING) && !node_int(t, &v))
		t = named_port(pv, p, node_str(t));
	return node_int(t, &v) ? (long)v : 0;
}

static bool in_list(const long *v, size_t n, long x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* The front of r listens on port outside. */
static bool front_listens(const struct expose_route *r, long port)
{
	const struct node *ls;
	size_t i;
	long long v;

	if (r->how == EXPOSE_INGRESS) {
		/* an ALB's listeners, else the controller's 80 and 443 */
		if (r->nlistener_ports)
			return in_list(r->listener_ports, r->nlistener_ports,
				       port);
		return port == 80 || (r->tls && port == 443);
	}
	if (!r->gateway && !r->listener_set)
		return false;
	if (r->how == EXPOSE_GATEWAY)
		return in_list(r->listener_ports, r->nlistener_ports, port);
	ls = node_path(
	    r->listener_set ? r->listener_set->root : r->gateway->root,
	    r->how == EXPOSE_ISTIO ? "spec.servers" : "spec.listeners");
	for (i = 0; i < node_count(ls); i++) {
		const struct node *p = node_get(node_at(ls, i), "port");
		if (r->how == EXPOSE_ISTIO &&
		    !istio_server_binds(r->gateway, node_at(ls, i), r->front))
			continue;
		if (r->how == EXPOSE_ISTIO)
			p = node_get(p, "number");
		if (node_int(p, &v) && v == port)
			return true;
	}
	return false;
}

static bool host_carries(const struct expose_route *r,
			 const struct pod_view *pv, long port, long *container,
			 char *desc, size_t n)
{
	const struct node *cs = node_get(pv->spec, "containers");
	size_t i, j;
	long long cp, hp;

	for (i = 0; i < node_count(cs); i++) {
		const struct node *ps = node_get(node_at(cs, i), "ports");
		for (j = 0; j < node_count(ps); j++) {
			const struct node *p = node_at(ps, j);
			if (!node_int(node_get(p, "containerPort"), &cp))
				continue;
			hp = r->how == EXPOSE_HOST_NETWORK ? cp : 0;
			if (r->how == EXPOSE_HOST_PORT &&
			    !node_int(node_get(p, "hostPort"), &hp))
				continue;
			if (hp != port && cp != port)
				continue;
			*container = (long)cp;
			fmt_snprintf(desc, n,
				     "node port %lld -> container port %lld",
				     hp, cp);
			return true;
		}
	}
	return false;
}

bool exposure_route_carries(const struct expose_route *r,
			    const struct pod_view *pv, long port,
			    long *container, char *desc, size_t n)
{
	const struct node *ps;
	size_t i;

	*container = 0;
	desc[0] = '\0';
	if (r->how == EXPOSE_HOST_PORT || r->how == EXPOSE_HOST_NETWORK)
		return host_carries(r, pv, port, container, desc, n);
	if (!r->service)
		return false;
	ps = node_path(r->service->root, "spec.ports");
	for (i = 0; i < node_count(ps); i++) {
		const struct node *p = node_at(ps, i);
		long t = service_target(p, pv);
		long long sp = 0, np = 0;
		bool hit;

		if (r->front && !port_matches(p, r->svc_port))
			continue;
		node_int(node_get(p, "port"), &sp);
		node_int(node_get(p, "nodePort"), &np);
		if (r->front)
			hit = front_listens(r, port);
		else if (r->how == EXPOSE_NODEPORT)
			hit = np == port;
		else
			hit = sp == port || np == port;
		if (!hit && t != port)
			continue;
		*container = t;
		if (r->front && hit)
			fmt_snprintf(
			    desc, n,
			    "port %ld of the %s -> Service port %lld -> "
			    "container port %ld",
			    port,
			    r->how == EXPOSE_INGRESS ? "Ingress"
			    : r->how == EXPOSE_ISTIO ? "Istio Gateway"
			    : r->listener_set	     ? "ListenerSet"
						     : "Gateway",
			    sp, t);
		else if ((hit && np == port) ||
			 (!r->front && r->how == EXPOSE_NODEPORT && np))
			fmt_snprintf(desc, n,
				     "node port %lld -> container port %ld", np,
				     t);
		else
			fmt_snprintf(desc, n, "port %lld -> container port %ld",
				     sp, t);
		return true;
	}
	return false;
}

bool exposure_public_route(const struct exposure *e, const struct pod_view *pv,
			   struct expose_route *r)
{
	struct expose_route v[32];
	size_t n = exposure_routes(e, pv, v, 32), i;

	for (i = 0; i < n && i < 32; i++)
		if (!v[i].internal) {
			*r = v[i];
			return true;
		}
	return false;
}

size_t exposure_selected(const struct exposure *e, const struct kobj *svc,
			 const struct pod_view **out, size_t max)
{
	const char *ns = kobj_ns(svc);
	const struct bucket *b;
	size_t i, n = 0, s = svc_slot(e, svc);

	if (s != (size_t)-1) {
		const struct span *sp = &e->svc_reached[s];
		for (i = 0; i < sp->n && i < max; i++)
			out[i] = e->reached[sp->start + i];
		return sp->n;
	}
	b = strmap_get(&e->by_ns, ns, strlen(ns));
	for (i = 0; b && i < b->npods; i++) {
		if (!exposure_service_reaches(e, svc, b->pods[i]))
			continue;
		if (n < max)
			out[n] = b->pods[i];
		n++;
	}
	return n;
}

size_t exposure_fronts(const struct exposure *e, const struct kobj *svc,
		       const struct kobj **out, size_t max)
{
	const struct bucket *b =
	    bucket_find(&e->by_svc, kobj_ns(svc), svc->name);
	size_t i, j, n = 0;

	for (i = 0; b && i < b->nrefs; i++) {
		bool seen = false;
		for (j = 0; j < i; j++)
			seen |= b->refs[j].front == b->refs[i].front;
		if (seen)
			continue;
		if (n < max)
			out[n] = b->refs[i].front;
		n++;
	}
	return n;
}

/* ---- ways in a status refuses ------------------------------------------ */

/*
 * Some backendRef of route (or request mirror) is a Service that reaches
 * pv on the port it names, as route_backends() follows them.
 */
static bool route_reaches(const struct exposure *e, const struct kobj *route,
			  const struct pod_view *pv)
{
	const struct node *rules = node_path(route->root, "spec.rules");
	size_t i, j;
	char buf[96];

	for (i = 0; i < node_count(rules); i++) {
		const struct node *rule = node_at(rules, i);
		const struct node *refs = node_get(rule, "backendRefs");
		const struct node *fs = node_get(rule, "filters");
		size_t nrefs = node_count(refs);
		for (j = 0; j < nrefs + node_count(fs); j++) {
			const struct node *ref =
			    j < nrefs ? node_at(refs, j)
				      : node_path(node_at(fs, j - nrefs),
						  "requestMirror.backendRef");
			const char *kind = node_get_str(ref, "kind");
			const char *group = node_get_str(ref, "group");
			const char *ns = node_get_str(ref, "namespace");
			const char *name = node_get_str(ref, "name");
			const struct kobj *svc;
			if (!ref || !name ||
			    (kind && strcmp(kind, "Service")) ||
			    (group && *group))
				continue;
			if (!ns)
				ns = kobj_ns(route);
			if (strcmp(ns, kobj_ns(route)) != 0 &&
			    !reference_granted(e->inv, route, ns, name))
				continue;
			svc = inventory_find(e->inv, "Service", ns, name);
			if (svc && exposure_service_reaches(e, svc, pv) &&
			    ports_reach(svc, node_get(ref, "port"), pv, buf,
					sizeof(buf)))
				return true;
		}
	}
	return false;
}

static bool same_refusal(const struct expose_refusal *a,
			 const struct expose_refusal *b)
{
	return a->route == b->route && a->owner == b->owner &&
	       a->listener == b->listener && a->by == b->by &&
	       a->refuser == b->refuser && (a->owner || a->parent == b->parent);
}

size_t exposure_refusals(const struct exposure *e, const struct pod_view *pv,
			 long port, struct expose_refusal *out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < e->nrefused; i++) {
		const struct expose_refusal *x = &e->refused[i];
		bool seen = false;
		if (port && x->port && x->port != port)
			continue;
		/* a route's refusals are noted in one run, while it is indexed */
		for (j = i;
		     j-- > 0 && e->refused[j].route == x->route && !seen;)
			seen = same_refusal(&e->refused[j], x);
		if (seen || !route_reaches(e, x->route, pv))
			continue;
		if (n < max)
			out[n] = *x;
		n++;
	}
	return n;
}

const char *expose_refusal_text(const struct expose_refusal *r, char *buf,
				size_t n)
{
	const struct node *c = r->condition;
	const char *reason = node_get_str(c, "reason");
	const char *msg = node_get_str(c, "message");
	const char *pns = node_get_str(r->parent, "namespace");
	char where[400], whose[300];

	if (r->owner && r->listener)
		fmt_snprintf(where, sizeof(where),
			     "listener '%s' (port %ld) of %s %s/%s",
			     node_get_str(r->listener, "name")
				 ? node_get_str(r->listener, "name")
				 : "",
			     r->port, r->owner->kind, kobj_ns(r->owner),
			     r->owner->name);
	else if (r->owner)
		fmt_snprintf(where, sizeof(where), "%s %s/%s", r->owner->kind,
			     kobj_ns(r->owner), r->owner->name);
	else
		fmt_snprintf(where, sizeof(where),
			     "%s %s/%s (not in the input)",
			     node_get_str(r->parent, "kind")
				 ? node_get_str(r->parent, "kind")
				 : "Gateway",
			     pns ? pns : kobj_ns(r->route),
			     node_get_str(r->parent, "name")
				 ? node_get_str(r->parent, "name")
				 : "");
	if (r->by == EXPOSE_REFUSED_PARENT)
		fmt_snprintf(whose, sizeof(whose), "its status.parents says");
	else
		fmt_snprintf(whose, sizeof(whose), "status.%s of %s %s/%s %s",
			     r->by == EXPOSE_REFUSED_LISTENER ? "listeners"
							      : "conditions",
			     r->refuser->kind, kobj_ns(r->refuser),
			     r->refuser->name,
			     r->by == EXPOSE_REFUSED_LISTENER ? "says" : "say");
	fmt_snprintf(buf, n, "%s %s/%s on %s: %s %s \"False\"%s%s%s%s%s",
		     r->route->kind, kobj_ns(r->route), r->route->name, where,
		     whose,
		     node_get_str(c, "type") ? node_get_str(c, "type") : "",
		     reason || (msg && *msg) ? " (" : "", reason ? reason : "",
		     reason && msg && *msg ? ": " : "", msg && *msg ? msg : "",
		     reason || (msg && *msg) ? ")" : "");
	return buf;
}
