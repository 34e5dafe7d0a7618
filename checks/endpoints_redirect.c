/*
 * endpoints-redirect: the hand-written endpoints of a Service (Endpoints
 * of a Service without a selector, EndpointSlices no controller manages)
 * that point at an address belonging to something else: the cloud
 * instance metadata, a node's kubelet, API server or etcd, or a pod of
 * another namespace.  Clients of the Service, Ingress controllers among
 * them, are sent there (CVE-2021-25740).
 */
#include "check.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9036", "MS-TA9034", NULL };
static const char *const attack[] = { "T1557", "T1210", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/kubernetes/issues/103675",
	"https://kubernetes.io/docs/concepts/services-networking/service/"
	"#services-without-selectors",
	NULL,
};

const struct check check_endpoints_redirect = {
	.id = "endpoints-redirect",
	.title = "Service's hand-written endpoints point at another's address",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_SERVICES | NEED_ENDPOINTS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A Service without a selector sends its traffic to the "
	    "addresses its Endpoints name, and any Service to those of an "
	    "EndpointSlice labelled with its name that the EndpointSlice "
	    "controller does not manage; whoever writes them chooses the "
	    "addresses.  kube-proxy, and the Ingress and Gateway "
	    "controllers that forward to a Service's endpoints with their "
	    "own network reach, then carry the Service's clients to them "
	    "(CVE-2021-25740).  Endpoints that name the cloud instance "
	    "metadata address hand out the node's cloud credentials, and "
	    "those that name a node's kubelet, API server or etcd port "
	    "reach the node's control services (high); those that name a "
	    "pod of another namespace cross the namespace boundary past "
	    "its NetworkPolicies (medium).  Endpoints the controllers "
	    "write from a selector, and addresses of the Service's own "
	    "namespace, are left alone.",
	.remediation =
	    "Delete the Endpoints or EndpointSlice, or give the Service a "
	    "selector, find who wrote it, and keep write on endpoints and "
	    "endpointslices to the controllers (rbac-endpoints-write); "
	    "where an Ingress controller serves several teams, turn off "
	    "its use of Services without selectors or of ExternalName "
	    "Services.",
	.details =
	    "- **Looks at:** the `subsets[].addresses[]` and "
	    "`notReadyAddresses[]` of\n"
	    "  the Endpoints of a Service in the input without a `selector`, "
	    "and the\n"
	    "  `endpoints[].addresses[]` of an EndpointSlice whose\n"
	    "  `kubernetes.io/service-name` names a Service in the input and "
	    "whose\n"
	    "  `endpointslice.kubernetes.io/managed-by` is neither the "
	    "EndpointSlice\n"
	    "  controller's nor the mirroring controller's (the Endpoints it "
	    "mirrors\n"
	    "  are judged instead).  An address is reported when it is the "
	    "cloud\n"
	    "  instance metadata address (169.254.169.254, fd00:ec2::254,\n"
	    "  100.100.100.200) on any port (high), an address of a Node on "
	    "port\n"
	    "  10250, 10255 (kubelet), 6443 (API server), 2379 or 2380 "
	    "(etcd) (high),\n"
	    "  or the `podIP`/`podIPs` of a Pod of another namespace, or a "
	    "`targetRef`\n"
	    "  naming one (medium).\n"
	    "- **Silent for:** Endpoints of Services with a selector, which "
	    "the\n"
	    "  endpoints controller rewrites; slices the controllers manage; "
	    "addresses\n"
	    "  of pods of the Service's own namespace or outside the "
	    "cluster; node\n"
	    "  addresses on other ports, and on any port in the endpoints "
	    "of\n"
	    "  `default/kubernetes` (the API server's own) or of a Service "
	    "in\n"
	    "  `kube-system` (a Prometheus operator's `kubelet` Service); "
	    "pods of the\n"
	    "  host's network (`podIP` equal to `hostIP`), whose address is "
	    "the node's;\n"
	    "  endpoints whose Service is not in the input.\n"
	    "  The API server refuses link-local addresses in Endpoints, "
	    "and in\n"
	    "  EndpointSlices since the fix of CVE-2021-25737, so "
	    "169.254.169.254 is\n"
	    "  seen in manifests and older clusters; fd00:ec2::254 and "
	    "100.100.100.200\n"
	    "  are accepted everywhere.\n",
	.references = references,
	.run = run,
};

/* 16 bytes for an IPv4 or IPv6 address, the IPv4 ones mapped. */
static bool parse_ip(const char *s, unsigned char out[16])
{
	unsigned char a4[4];

	if (!s)
		return false;
	if (inet_pton(AF_INET, s, a4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, a4, 4);
		return true;
	}
	return inet_pton(AF_INET6, s, out) == 1;
}

/* An address of a Node or a Pod. */
struct owner {
	unsigned char ip[16];
	const struct kobj *obj;
};

struct owners {
	struct owner *v;
	size_t n, alloc;
};

static void push(struct owners *a, const char *text, const struct kobj *obj)
{
	unsigned char ip[16];

	if (!parse_ip(text, ip))
		return;
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 64;
		a->v = xrealloc_array(a->v, a->alloc, sizeof(*a->v));
	}
	memcpy(a->v[a->n].ip, ip, 16);
	a->v[a->n].obj = obj;
	a->n++;
}

static int owner_cmp(const void *x, const void *y)
{
	const struct owner *a = x, *b = y;
	int c = memcmp(a->ip, b->ip, 16);

	if (c)
		return c;
	return a->obj->index < b->obj->index   ? -1
	       : a->obj->index > b->obj->index ? 1
					       : 0;
}

/* The first owner of ip at or after lo, or NULL. */
static const struct owner *first_of(const struct owners *a,
				    const unsigned char ip[16], size_t *at)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (memcmp(a->v[mid].ip, ip, 16) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < a->n && !memcmp(a->v[lo].ip, ip, 16) ? &a->v[lo] : NULL;
}

struct ctx {
	const struct scan *s;
	struct findings *out;
	struct owners nodes, pods;
};

static void gather(struct ctx *c)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(c->s->inv, "Node", &n);
	for (i = 0; i < n; i++) {
		const struct node *l =
		    node_path(v[i]->root, "status.addresses");

		for (j = 0; j < node_count(l); j++)
			push(&c->nodes, node_get_str(node_at(l, j), "address"),
			     v[i]);
	}
	v = inventory_kind(c->s->inv, "Pod", &n);
	for (i = 0; i < n; i++) {
		const struct node *st = node_get(v[i]->root, "status");
		const struct node *l = node_get(st, "podIPs");
		const char *host = node_get_str(st, "hostIP");
		const char *ip = node_get_str(st, "podIP");

		/* a pod of the host's network has the node's address */
		if (ip && host && !strcmp(ip, host))
			continue;
		push(&c->pods, ip, v[i]);
		for (j = 0; j < node_count(l); j++)
			push(&c->pods, node_get_str(node_at(l, j), "ip"), v[i]);
	}
	if (c->nodes.n)
		qsort(c->nodes.v, c->nodes.n, sizeof(*c->nodes.v), owner_cmp);
	if (c->pods.n)
		qsort(c->pods.v, c->pods.n, sizeof(*c->pods.v), owner_cmp);
}

/* Instance metadata: credentials of the node's cloud identity. */
static const char *const metadata[] = {
	"169.254.169.254",
	"fd00:ec2::254",
	"100.100.100.200",
};

static bool is_metadata(const unsigned char ip[16])
{
	unsigned char x[16];
	size_t i;

	for (i = 0; i < sizeof(metadata) / sizeof(*metadata); i++)
		if (parse_ip(metadata[i], x) && !memcmp(x, ip, 16))
			return true;
	return false;
}

/* The first port of the list (`ports` of a subset or slice) that is a
 * node's own service, or 0. */
static long node_port(const struct node *ports)
{
	static const long own[] = { 10250, 10255, 6443, 2379, 2380 };
	size_t i, k;

	for (i = 0; i < node_count(ports); i++) {
		const struct node *p = node_at(ports, i);
		const char *proto = node_get_str(p, "protocol");
		long long x;

		if ((proto && strcmp(proto, "TCP")) ||
		    !node_int(node_get(p, "port"), &x))
			continue;
		for (k = 0; k < sizeof(own) / sizeof(*own); k++)
			if (x == own[k])
				return (long)x;
	}
	return 0;
}

/*
 * A Pod of another namespace than ns at ip, or NULL; none when a pod of
 * ns holds it too (an address reused after a pod ended).
 */
static const struct kobj *
foreign_pod(const struct ctx *c, const unsigned char ip[16], const char *ns)
{
	const struct kobj *other = NULL;
	size_t at;

	if (!first_of(&c->pods, ip, &at))
		return NULL;
	for (; at < c->pods.n && !memcmp(c->pods.v[at].ip, ip, 16); at++) {
		if (!strcmp(kobj_ns(c->pods.v[at].obj), ns))
			return NULL;
		if (!other)
			other = c->pods.v[at].obj;
	}
	return other;
}

/*
 * The control plane's own endpoints on node addresses: the API server
 * writes those of default/kubernetes, and kube-system holds the Services
 * of the node's daemons (the kubelet Service a Prometheus operator keeps).
 */
static bool control_plane_own(const struct kobj *svc)
{
	return !strcmp(kobj_ns(svc), "kube-system") ||
	       (!strcmp(kobj_ns(svc), "default") &&
		!strcmp(svc->name, "kubernetes"));
}

/*
 * What the address ip (or the targetRef ref) of obj, the endpoints of
 * svc serving ports, belongs to, and how bad: NULL when nothing of
 * another's.
 */
static const char *judge(const struct ctx *c, const struct kobj *obj,
			 const struct kobj *svc, const char *ip,
			 const struct node *ref, const struct node *ports,
			 enum severity *sev)
{
	struct arena *a = c->out->arena;
	unsigned char x[16];
	const struct owner *nd;
	const struct kobj *pod;
	const char *rns = node_get_str(ref, "namespace");
	size_t at;
	long port;

	*sev = SEV_HIGH;
	if (parse_ip(ip, x)) {
		if (is_metadata(x))
			return "the cloud instance metadata address";
		if ((nd = first_of(&c->nodes, x, &at)) &&
		    !control_plane_own(svc) && (port = node_port(ports)))
			return arena_printf(
			    a, "an address of Node %s, on port %ld (%s)",
			    nd->obj->name, port,
			    port == 6443   ? "the API server"
			    : port <= 2380 ? "etcd"
					   : "the kubelet");
		*sev = SEV_MEDIUM;
		if ((pod = foreign_pod(c, x, kobj_ns(obj))))
			return arena_printf(a, "the address of Pod %s/%s",
					    kobj_ns(pod), pod->name);
	}
	*sev = SEV_MEDIUM;
	if (node_str_eq(node_get(ref, "kind"), "Pod") && rns && *rns &&
	    strcmp(rns, kobj_ns(obj)))
		return arena_printf(a, "Pod %s/%s by its targetRef", rns,
				    node_get_str(ref, "name")
					? node_get_str(ref, "name")
					: "?");
	return NULL;
}

static void report(struct ctx *c, const struct kobj *obj,
		   const struct kobj *svc, const struct node *at,
		   const char *path, const struct node *ref,
		   const struct node *ports)
{
	const char *ip = node_str(at);
	enum severity sev;
	const char *what = judge(c, obj, svc, ip, ref, ports, &sev);
	struct finding *fd;

	if (!what)
		return;
	fd = finding_add(c->out, &check_endpoints_redirect, obj, NULL,
			 "%s %s/%s sends the traffic of Service %s/%s to %s, "
			 "%s: its clients, Ingress controllers included, "
			 "are carried there (CVE-2021-25740)",
			 obj->kind, kobj_ns(obj), obj->name, kobj_ns(svc),
			 svc->name, ip ? ip : "?", what);
	fd->severity = sev;
	finding_evidence(c->out, fd, at, path, "%s", ip ? ip : "");
}

/* The Service of ns/name when one is in the input. */
static const struct kobj *service(const struct ctx *c, const char *ns,
				  const char *name)
{
	return name ? inventory_find(c->s->inv, "Service", ns, name) : NULL;
}

static bool has_selector(const struct kobj *svc)
{
	return node_member_count(node_path(svc->root, "spec.selector")) > 0;
}

static void endpoints(struct ctx *c, const struct kobj *ep)
{
	static const char *const lists[] = { "addresses", "notReadyAddresses" };
	const struct kobj *svc = service(c, kobj_ns(ep), ep->name);
	const struct node *subs = node_get(ep->root, "subsets");
	size_t i, l, k;

	if (!svc || has_selector(svc))
		return;
	for (i = 0; i < node_count(subs); i++) {
		const struct node *sub = node_at(subs, i);

		for (l = 0; l < 2; l++) {
			const struct node *ad = node_get(sub, lists[l]);

			for (k = 0; k < node_count(ad); k++) {
				const struct node *e = node_at(ad, k);

				report(c, ep, svc, node_get(e, "ip"),
				       arena_printf(c->out->arena,
						    "subsets[%zu].%s[%zu].ip",
						    i, lists[l], k),
				       node_get(e, "targetRef"),
				       node_get(sub, "ports"));
			}
		}
	}
}

static void slice(struct ctx *c, const struct kobj *sl)
{
	const char *by =
	    node_get_str(sl->labels, "endpointslice.kubernetes.io/managed-by");
	const struct kobj *svc =
	    service(c, kobj_ns(sl),
		    node_get_str(sl->labels, "kubernetes.io/service-name"));
	const struct node *eps = node_get(sl->root, "endpoints");
	const struct node *ports = node_get(sl->root, "ports");
	size_t i, k;

	if (!svc || node_str_eq(node_get(sl->root, "addressType"), "FQDN") ||
	    (by && (!strcmp(by, "endpointslice-controller.k8s.io") ||
		    !strcmp(by, "endpointslicemirroring-controller.k8s.io"))))
		return;
	for (i = 0; i < node_count(eps); i++) {
		const struct node *e = node_at(eps, i);
		const struct node *ad = node_get(e, "addresses");

		for (k = 0; k < node_count(ad); k++)
			report(c, sl, svc, node_at(ad, k),
			       arena_printf(c->out->arena,
					    "endpoints[%zu].addresses[%zu]", i,
					    k),
			       node_get(e, "targetRef"), ports);
	}
}

static int run(const struct scan *s, struct findings *out)
{
	struct ctx c = { s, out, { 0 }, { 0 } };
	const struct kobj *const *v;
	size_t n, m, i;

	inventory_kind(s->inv, "Endpoints", &n);
	inventory_kind(s->inv, "EndpointSlice", &m);
	if (!n && !m)
		return 0;
	gather(&c);
	v = inventory_kind(s->inv, "Endpoints", &n);
	for (i = 0; i < n; i++)
		endpoints(&c, v[i]);
	v = inventory_kind(s->inv, "EndpointSlice", &n);
	for (i = 0; i < n; i++)
		slice(&c, v[i]);
	free(c.nodes.v);
	free(c.pods.v);
	return 0;
}
