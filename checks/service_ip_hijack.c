/*
 * service-ip-hijack: a Service that claims an address, as an external IP
 * or in its load balancer's status, that already names something else:
 * another Service, a node's kubelet, API server or etcd, or a public DNS
 * resolver.  kube-proxy sends the cluster's traffic to that address and
 * port to the claiming Service's pods (CVE-2020-8554).
 */
#include "check.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9036", NULL };
static const char *const attack[] = { "T1557", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/kubernetes/issues/97076",
	"https://kubernetes.io/docs/concepts/services-networking/service/"
	"#external-ips",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"admission-controllers/#denyserviceexternalips",
	NULL,
};

const struct check check_service_ip_hijack = {
	.id = "service-ip-hijack",
	.title = "Service claims an address that belongs to something else",
	.severity = SEV_HIGH,
	.needs = NEED_SERVICES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "kube-proxy sends traffic for a Service's external IPs, and for "
	    "the ingress IPs in a LoadBalancer Service's status, to that "
	    "Service's pods, on every node and for every pod, whoever owns "
	    "the address (CVE-2020-8554, never fixed in Kubernetes).  A "
	    "Service that claims the cluster IP or external address of "
	    "another Service on one of its ports, a node's address on the "
	    "kubelet, API server or etcd port, or a public DNS resolver on "
	    "port 53 takes that traffic: in-cluster clients of the victim "
	    "talk to the claimant's pods instead.  Addresses shared on "
	    "purpose (the same MetalLB allow-shared-ip key on both Services, "
	    "or two Services of one namespace splitting the ports of one "
	    "address) and claims on ports the victim does not serve are "
	    "left alone.",
	.remediation =
	    "Remove the address from spec.externalIPs (or the status), find "
	    "who wrote it, and turn on the DenyServiceExternalIPs admission "
	    "plugin or an admission policy that allows external IPs from an "
	    "approved range only; keep update on services/status to the "
	    "load-balancer controller (rbac-service-status).",
	.details =
	    "- **Looks at:** each address in `spec.externalIPs` and, for "
	    "LoadBalancer\n"
	    "  Services, `status.loadBalancer.ingress[].ip`, compared as "
	    "addresses\n"
	    "  (IPv6 spellings included) with: the `clusterIP`/`clusterIPs` "
	    "and claimed\n"
	    "  addresses of every other Service, on a port and protocol both "
	    "serve;\n"
	    "  the `status.addresses` of Nodes, on ports 10250, 10255 "
	    "(kubelet),\n"
	    "  6443 (API server), 2379 and 2380 (etcd); public DNS "
	    "resolvers\n"
	    "  (8.8.8.8, 1.1.1.1, 9.9.9.9, 208.67.222.222, ... and their "
	    "IPv6\n"
	    "  addresses) on port 53; the cloud instance metadata addresses "
	    "on any\n"
	    "  port.\n"
	    "- **Silent for:** addresses no other object names; two Services "
	    "with the\n"
	    "  same `metallb.universe.tf/allow-shared-ip` (or "
	    "`metallb.io/allow-shared-ip`)\n"
	    "  key; Services of one namespace on different ports of one "
	    "address;\n"
	    "  a node address on ports that are not the node's own "
	    "services.\n",
	.references = references,
	.run = run,
};

/* An address a Service claims or holds, with what it is. */
enum addr_role { ADDR_CLUSTER, ADDR_EXTERNAL, ADDR_INGRESS };

struct addr {
	unsigned char ip[16];
	const struct kobj *svc;
	enum addr_role role;
	const struct node *at; /* the address node */
	const char *path;      /* its field path, in the scan's arena */
};

struct addrs {
	struct addr *v;
	size_t n, alloc;
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

static void push(struct addrs *a, const unsigned char ip[16],
		 const struct kobj *svc, enum addr_role role,
		 const struct node *at, const char *path)
{
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 64;
		a->v = xrealloc_array(a->v, a->alloc, sizeof(*a->v));
	}
	memcpy(a->v[a->n].ip, ip, 16);
	a->v[a->n].svc = svc;
	a->v[a->n].role = role;
	a->v[a->n].at = at;
	a->v[a->n].path = path;
	a->n++;
}

static int addr_cmp(const void *x, const void *y)
{
	const struct addr *a = x, *b = y;
	int c = memcmp(a->ip, b->ip, 16);

	if (c)
		return c;
	return a->svc->index < b->svc->index   ? -1
	       : a->svc->index > b->svc->index ? 1
					       : (int)a->role - (int)b->role;
}

static void gather(struct arena *ar, const struct kobj *svc, struct addrs *a)
{
	const struct node *spec = node_get(svc->root, "spec");
	const struct node *l;
	unsigned char ip[16];
	size_t i;

	if (parse_ip(node_get_str(spec, "clusterIP"), ip))
		push(a, ip, svc, ADDR_CLUSTER, NULL, NULL);
	l = node_get(spec, "clusterIPs");
	for (i = 0; i < node_count(l); i++)
		if (parse_ip(node_str(node_at(l, i)), ip))
			push(a, ip, svc, ADDR_CLUSTER, NULL, NULL);
	l = node_get(spec, "externalIPs");
	for (i = 0; i < node_count(l); i++)
		if (parse_ip(node_str(node_at(l, i)), ip))
			push(a, ip, svc, ADDR_EXTERNAL, node_at(l, i),
			     arena_printf(ar, "spec.externalIPs[%zu]", i));
	if (!node_str_eq(node_get(spec, "type"), "LoadBalancer"))
		return;
	l = node_path(svc->root, "status.loadBalancer.ingress");
	for (i = 0; i < node_count(l); i++) {
		const struct node *ipn = node_get(node_at(l, i), "ip");

		if (parse_ip(node_str(ipn), ip))
			push(a, ip, svc, ADDR_INGRESS, ipn,
			     arena_printf(
				 ar, "status.loadBalancer.ingress[%zu].ip", i));
	}
}

/* The number of a Service port, or -1. */
static long port_of(const struct node *port)
{
	long long x;

	return node_int(node_get(port, "port"), &x) && x > 0 && x < 65536
		   ? (long)x
		   : -1;
}

/* The protocol of a Service port, "TCP" when unset. */
static const char *proto_of(const struct node *port)
{
	const char *p = node_get_str(port, "protocol");

	return p && *p ? p : "TCP";
}

/* The first port number both Services serve with one protocol, or 0. */
static long shared_port(const struct kobj *a, const struct kobj *b)
{
	const struct node *pa = node_path(a->root, "spec.ports");
	const struct node *pb = node_path(b->root, "spec.ports");
	size_t i, j;

	for (i = 0; i < node_count(pa); i++) {
		long x = port_of(node_at(pa, i));

		for (j = 0; x > 0 && j < node_count(pb); j++)
			if (port_of(node_at(pb, j)) == x &&
			    !strcasecmp(proto_of(node_at(pa, i)),
					proto_of(node_at(pb, j))))
				return x;
	}
	return 0;
}

/*
 * The first of the ports (0-terminated) svc serves over protocol proto
 * (NULL: any), or 0.
 */
static long serves_any(const struct kobj *svc, const long *ports,
		       const char *proto)
{
	const struct node *l = node_path(svc->root, "spec.ports");
	size_t i, k;

	for (i = 0; i < node_count(l); i++) {
		long x = port_of(node_at(l, i));

		if (proto && strcasecmp(proto_of(node_at(l, i)), proto))
			continue;
		for (k = 0; ports[k]; k++)
			if (ports[k] == x)
				return x;
	}
	return 0;
}

static const char *shared_key(const struct kobj *svc)
{
	const char *k = node_get_str(svc->annotations,
				     "metallb.universe.tf/allow-shared-ip");

	return k ? k
		 : node_get_str(svc->annotations, "metallb.io/allow-shared-ip");
}

/* a and b hold one address on purpose: MetalLB's sharing key */
static bool shared_on_purpose(const struct kobj *a, const struct kobj *b)
{
	const char *ka = shared_key(a), *kb = shared_key(b);

	return ka && kb && *ka && !strcmp(ka, kb);
}

static const char *role_text(enum addr_role r)
{
	switch (r) {
	case ADDR_CLUSTER: return "cluster IP";
	case ADDR_EXTERNAL: return "external IP";
	case ADDR_INGRESS: return "load-balancer IP";
	}
	return "address";
}

/* Public resolvers: port 53 of these is the whole cluster's DNS. */
static const char *const resolvers[] = {
	"8.8.8.8",
	"8.8.4.4",
	"1.1.1.1",
	"1.0.0.1",
	"9.9.9.9",
	"149.112.112.112",
	"208.67.222.222",
	"208.67.220.220",
	"2001:4860:4860::8888",
	"2001:4860:4860::8844",
	"2606:4700:4700::1111",
	"2606:4700:4700::1001",
	"2620:fe::fe",
};

/* Instance metadata: credentials of the node's cloud identity. */
static const char *const metadata[] = {
	"169.254.169.254",
	"fd00:ec2::254",
	"100.100.100.200",
};

static bool in_list(const unsigned char ip[16], const char *const *l, size_t n)
{
	unsigned char x[16];
	size_t i;

	for (i = 0; i < n; i++)
		if (parse_ip(l[i], x) && !memcmp(x, ip, 16))
			return true;
	return false;
}

static const long node_ports[] = { 10250, 10255, 6443, 2379, 2380, 0 };
static const long dns_port[] = { 53, 0 };

/*
 * contended: another Service holds the address on that port too, and
 * which of the two kube-proxy's rules pick is not defined.
 */
static void report(struct findings *out, const struct addr *c, const char *what,
		   bool contended)
{
	struct finding *fd;
	char ip[INET6_ADDRSTRLEN];

	if (!node_str(c->at) ||
	    fmt_snprintf(ip, sizeof(ip), "%s", node_str(c->at)) >=
		(int)sizeof(ip))
		ip[0] = '\0';
	fd = finding_add(out, &check_service_ip_hijack, c->svc, NULL,
			 "Service %s/%s claims %s as its %s, %s: kube-proxy "
			 "%s the cluster's traffic for it to this "
			 "Service's pods (CVE-2020-8554)",
			 kobj_ns(c->svc), c->svc->name, ip, role_text(c->role),
			 what, contended ? "may send" : "sends");
	finding_evidence(out, fd, c->at, c->path, "%s", ip);
}

/* The Nodes' addresses, sorted. */
static size_t node_addrs(const struct scan *s, struct addrs *a)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(s->inv, "Node", &n);
	for (i = 0; i < n; i++) {
		const struct node *l =
		    node_path(v[i]->root, "status.addresses");
		unsigned char ip[16];

		for (j = 0; j < node_count(l); j++)
			if (parse_ip(node_get_str(node_at(l, j), "address"),
				     ip))
				push(a, ip, v[i], ADDR_CLUSTER, NULL, NULL);
	}
	if (a->n)
		qsort(a->v, a->n, sizeof(*a->v), addr_cmp);
	return a->n;
}

static const struct addr *node_with(const struct addrs *nodes,
				    const unsigned char ip[16])
{
	size_t lo = 0, hi = nodes->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (memcmp(nodes->v[mid].ip, ip, 16) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nodes->n && !memcmp(nodes->v[lo].ip, ip, 16) ? &nodes->v[lo]
								 : NULL;
}

/* The claim c against the other holders of its address, a[lo..hi). */
static void judge(struct findings *out, const struct addrs *a, size_t lo,
		  size_t hi, const struct addr *c, const struct addrs *nodes)
{
	const struct addr *nd;
	size_t i;
	long port;

	for (i = lo; i < hi; i++) {
		const struct addr *o = &a->v[i];

		if (o->svc == c->svc || shared_on_purpose(c->svc, o->svc))
			continue;
		/* two claims of one namespace splitting ports is a plan,
		 * and two on the same port of one namespace its owner's
		 * mistake; a cluster IP is never the claimant's to take */
		if (o->role != ADDR_CLUSTER &&
		    !strcmp(kobj_ns(o->svc), kobj_ns(c->svc)))
			continue;
		if (!(port = shared_port(c->svc, o->svc)))
			continue;
		report(out, c,
		       arena_printf(out->arena,
				    "the %s of Service %s/%s, on port %ld",
				    role_text(o->role), kobj_ns(o->svc),
				    o->svc->name, port),
		       true);
		return;
	}
	if ((nd = node_with(nodes, c->ip)) &&
	    (port = serves_any(c->svc, node_ports, "TCP"))) {
		report(out, c,
		       arena_printf(out->arena,
				    "an address of Node %s, on port %ld "
				    "(%s)",
				    nd->svc->name, port,
				    port == 6443 ? "the API server"
				    : port >= 2379 && port <= 2380
					? "etcd"
					: "the kubelet"),
		       false);
		return;
	}
	if (in_list(c->ip, resolvers, sizeof(resolvers) / sizeof(*resolvers)) &&
	    serves_any(c->svc, dns_port, NULL)) {
		report(out, c, "a public DNS resolver, on port 53", false);
		return;
	}
	if (in_list(c->ip, metadata, sizeof(metadata) / sizeof(*metadata)))
		report(out, c, "the cloud instance metadata address", false);
}

static int run(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	struct addrs a = { 0 }, nodes = { 0 };
	size_t n, i, lo;

	v = inventory_kind(s->inv, "Service", &n);
	for (i = 0; i < n; i++)
		gather(out->arena, v[i], &a);
	if (!a.n)
		return 0;
	node_addrs(s, &nodes);
	qsort(a.v, a.n, sizeof(*a.v), addr_cmp);
	for (lo = 0; lo < a.n;) {
		size_t hi = lo + 1;

		while (hi < a.n && !memcmp(a.v[hi].ip, a.v[lo].ip, 16))
			hi++;
		for (i = lo; i < hi; i++)
			if (a.v[i].role != ADDR_CLUSTER &&
			    (i == lo || a.v[i - 1].svc != a.v[i].svc ||
			     a.v[i - 1].role != a.v[i].role))
				judge(out, &a, lo, hi, &a.v[i], &nodes);
		lo = hi;
	}
	free(a.v);
	free(nodes.v);
	return 0;
}
