/*
 * canreach.c - `can-reach FROM TO[:PORT]`: may one endpoint connect to
 * another, and which policies and entry points decide it.  The network
 * model is lib/analysis/netpol.h and exposure.h; this file parses the
 * endpoints, pairs them up and prints.
 */
#include "cli.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/exposure.h"
#include "analysis/netpol.h"
#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "jsonw.h"
#include "node.h"
#include "render/render.h"
#include "sbuf.h"
#include "scan.h"
#include "source.h"

extern const struct subcmd subcmd_can_reach;

static const char can_reach_help[] =
    "Usage: " PROG " can-reach FROM TO[:PORT[/PROTOCOL]] [FLAGS]\n"
    "\n"
    "May FROM open a connection to TO?  The answer follows the\n"
    "NetworkPolicies of both ends as the API server and CNIs apply them\n"
    "(egress of FROM, ingress of TO), together with admin network\n"
    "policies (by priority, before them) and baseline ones (after), and\n"
    "Cilium and Calico policies (Calico by tier and order).  It names\n"
    "the policy and rule that allow or deny each direction, and says\n"
    "'unknown', with the reason, only where the configuration cannot\n"
    "tell (an FQDN rule for an address, a node's address, ...).  From\n"
    "the internet, TO must also have a way in on the port asked (a\n"
    "LoadBalancer, NodePort, Ingress, Gateway route, ...): each one is\n"
    "listed, and so is each Gateway API way in that a status refuses\n"
    "(the route's, the listener's or the Gateway's), with the condition.\n"
    "\n"
    "Endpoints:\n"
    "  KIND/NAME           a workload of namespace -n (default: default):\n"
    "                      pod, deploy, sts, ds, rs, job, cronjob, rc\n"
    "  NS/KIND/NAME        a workload of namespace NS\n"
    "  svc/NAME            the workloads a Service reaches; PORT is the\n"
    "                      Service port, translated to its targetPort\n"
    "  ns/NAME             every workload of a namespace\n"
    "  internet            any public address\n"
    "  apiserver           the API server (an unknown private address)\n"
    "  ADDRESS             an IPv4 or IPv6 address ([ADDR]:PORT for v6);\n"
    "                      a Service's cluster IP is that Service, as\n"
    "                      svc/NAME (default/kubernetes: apiserver)\n"
    "PORT is a number (any port when omitted), PROTOCOL TCP (default),\n"
    "UDP or SCTP.\n"
    "\n"
    "Source (as for scan):\n"
    "  -f, --filename PATH manifests: file, directory or - (repeatable)\n"
    "  -R, --recursive     descend into directories given with -f\n"
    "      --snapshot DIR  a snapshot directory\n"
    "      --kubeconfig, --context, --cluster, --user, -v N: live cluster\n"
    "  -n, --namespace NS  namespace of KIND/NAME endpoints\n"
    "\n"
    "Output:\n"
    "  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"
    "      --format FORMAT text (default) or json\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 allowed (for some pair), 1 denied or unknown, 2 usage,\n"
    "3 input errors or an endpoint that names nothing in the input.\n";

static const struct option longopts[] = {
	SOURCE_LONGOPTS,
	CLI_OUTPUT_LONGOPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One parsed endpoint: a set of ends. */
struct ends {
	const char *label; /* as given, for messages */
	struct np_end *v;
	size_t n;
	const struct kobj *svc; /* svc/NAME */
};

/* One pair and its answer. */
struct pair {
	struct np_end from, to;
	struct np_port port;
	enum np_verdict verdict;
	struct np_reason eg, in;
	struct expose_route routes[16];
	char carries[16][160]; /* how each way in carries the port asked */
	size_t nroutes;
	/* ways in on the port that stay private (internal LB, controller) */
	struct expose_route priv[8];
	size_t npriv;
	/* to an address from the internet: fronts proxying to it */
	struct expose_external prox[8];
	struct np_reason prox_eg[8]; /* the proxy pods' egress, if found */
	size_t nprox;
	/* Gateway API ways in to it that a status refuses */
	struct expose_refusal refused[8];
	size_t nrefused; /* how many there are (may exceed 8) */
	bool no_entry;	 /* from the internet with no public way in */
	size_t off_port; /* public ways in that miss the port asked */
	long inner;	 /* container port behind an outside port, or 0 */
};

struct cr {
	struct cli_outputs out;
	struct source_opts src;
	char *args[2];
	size_t nargs;
	struct scan *scan;
	struct ends from, to;
	struct np_port port;
	struct pair *pairs;
	size_t npairs;
	enum np_verdict verdict;
};

static const struct {
	const char *name, *kind;
} kinds[] = {
	{ "pod", "Pod" },
	{ "pods", "Pod" },
	{ "po", "Pod" },
	{ "deploy", "Deployment" },
	{ "deployment", "Deployment" },
	{ "deployments", "Deployment" },
	{ "sts", "StatefulSet" },
	{ "statefulset", "StatefulSet" },
	{ "statefulsets", "StatefulSet" },
	{ "ds", "DaemonSet" },
	{ "daemonset", "DaemonSet" },
	{ "daemonsets", "DaemonSet" },
	{ "rs", "ReplicaSet" },
	{ "replicaset", "ReplicaSet" },
	{ "replicasets", "ReplicaSet" },
	{ "job", "Job" },
	{ "jobs", "Job" },
	{ "cj", "CronJob" },
	{ "cronjob", "CronJob" },
	{ "cronjobs", "CronJob" },
	{ "rc", "ReplicationController" },
	{ "replicationcontroller", "ReplicationController" },
	/* other projects' workloads, by kubectl's short names; those that
	 * reuse a built-in kind's name only so, or with their group */
	{ "dc", "DeploymentConfig" },
	{ "deploymentconfig", "DeploymentConfig" },
	{ "ro", "Rollout" },
	{ "rollout", "Rollout" },
	{ "clone", "CloneSet" },
	{ "cloneset", "CloneSet" },
	{ "asts", "StatefulSet.apps.kruise.io" },
	{ "statefulset.apps.kruise.io", "StatefulSet.apps.kruise.io" },
	{ "ads", "DaemonSet.apps.kruise.io" },
	{ "daemonset.apps.kruise.io", "DaemonSet.apps.kruise.io" },
	{ "bcj", "BroadcastJob" },
	{ "broadcastjob", "BroadcastJob" },
	{ "ksvc", "Service.serving.knative.dev" },
	{ "service.serving.knative.dev", "Service.serving.knative.dev" },
	{ "cfg", "Configuration" },
	{ "configuration", "Configuration" },
	{ "rev", "Revision" },
	{ "revision", "Revision" },
};

static const char *kind_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			return kinds[i].kind;
	return NULL;
}

static void ends_add(struct ends *e, const struct np_end *x)
{
	e->v = xrealloc_array(e->v, e->n + 1, sizeof(*e->v));
	e->v[e->n++] = *x;
}

/* The pod view reporting object o (a Pod may be reported on its owner). */
static const struct pod_view *view_of(const struct scan *s,
				      const struct kobj *o)
{
	const struct pod_view *pv;
	size_t n, i;

	while (o->owner)
		o = o->owner;
	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++)
		if (pv[i].obj == o)
			return &pv[i];
	return NULL;
}

static bool is_address(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	       inet_pton(AF_INET6, s, buf) == 1;
}

/* Two textual addresses name the same address. */
static bool same_address(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (!a || !b)
		return false;
	if (inet_pton(AF_INET, a, x) == 1)
		return inet_pton(AF_INET, b, y) == 1 && !memcmp(x, y, 4);
	return inet_pton(AF_INET6, a, x) == 1 &&
	       inet_pton(AF_INET6, b, y) == 1 && !memcmp(x, y, 16);
}

/*
 * The Service whose cluster IP ip is: kube-proxy turns a connection to
 * it into one to a pod behind it before any NetworkPolicy looks.
 */
static const struct kobj *service_of_ip(const struct inventory *inv,
					const char *ip)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(inv, "Service", &n);
	for (i = 0; i < n; i++) {
		const struct node *spec = node_get(v[i]->root, "spec");
		const struct node *ips = node_get(spec, "clusterIPs");
		if (same_address(node_get_str(spec, "clusterIP"), ip))
			return v[i];
		for (j = 0; j < node_count(ips); j++)
			if (same_address(node_str(node_at(ips, j)), ip))
				return v[i];
	}
	return NULL;
}

/* Split "a/b/c" into at most 3 parts in place; returns the count. */
static size_t split(char *s, char **part)
{
	size_t n = 0;
	char *p = s;

	part[n++] = p;
	while ((p = strchr(p, '/')) != NULL && n < 3) {
		*p++ = '\0';
		part[n++] = p;
	}
	return p ? 4 : n; /* 4: too many parts */
}

static int resolve_ends(struct cr *c, const char *arg, struct ends *e)
{
	struct arena *a = c->scan->arena;
	char *buf = arena_strdup(a, arg), *part[3];
	const char *ns = c->src.ns && *c->src.ns ? c->src.ns : "default";
	const char *kind;
	size_t n, i, np;
	struct np_end x;

	memset(&x, 0, sizeof(x));
	e->label = arg;
	if (!strcmp(arg, "internet")) {
		x.internet = true;
		ends_add(e, &x);
		return 0;
	}
	if (!strcmp(arg, "apiserver")) {
		x.apiserver = true;
		ends_add(e, &x);
		return 0;
	}
	if (is_address(arg)) {
		const struct kobj *svc = service_of_ip(c->scan->inv, arg);
		const struct pod_view *sel[256];
		np = svc ? exposure_selected(c->scan->exposure, svc, sel, 256)
			 : 0;
		if (svc && !strcmp(kobj_ns(svc), "default") &&
		    !strcmp(svc->name, "kubernetes")) {
			x.apiserver = true;
			ends_add(e, &x);
			return 0;
		}
		if (np) { /* the Service's pods, its port translated */
			e->svc = svc;
			for (i = 0; i < np && i < 256; i++) {
				x.pv = sel[i];
				ends_add(e, &x);
			}
			return 0;
		}
		x.ip = arg;
		ends_add(e, &x);
		return 0;
	}
	n = split(buf, part);
	if (n < 2 || n > 3)
		return cli_usage("can-reach", "cannot read endpoint '%s'", arg);
	if (n == 3) {
		ns = part[0];
		part[0] = part[1];
		part[1] = part[2];
	}
	if (!strcmp(part[0], "ns") || !strcmp(part[0], "namespace")) {
		const struct pod_view *pv = inventory_pods(c->scan->inv, &np);
		for (i = 0; i < np; i++)
			if (!strcmp(kobj_ns(pv[i].obj), part[1])) {
				x.pv = &pv[i];
				ends_add(e, &x);
			}
		return 0;
	}
	if (!strcmp(part[0], "svc") || !strcmp(part[0], "service")) {
		const struct pod_view *sel[256];
		e->svc = inventory_find(c->scan->inv, "Service", ns, part[1]);
		if (!e->svc)
			return 0;
		np = exposure_selected(c->scan->exposure, e->svc, sel, 256);
		for (i = 0; i < np && i < 256; i++) {
			x.pv = sel[i];
			ends_add(e, &x);
		}
		return 0;
	}
	kind = kind_of(part[0]);
	if (!kind)
		return cli_usage("can-reach", "unknown kind '%s' in '%s'",
				 part[0], arg);
	{
		const struct kobj *o =
		    inventory_find(c->scan->inv, kind, ns, part[1]);
		if (o && (x.pv = view_of(c->scan, o)) != NULL)
			ends_add(e, &x);
	}
	return 0;
}

/* "host:port/proto" or "[v6]:port": strips the port into c->port. */
static int parse_to(struct cr *c, char *arg)
{
	char *colon, *slash, *end;
	long v;

	if (arg[0] == '[') {
		char *close = strchr(arg, ']');
		if (!close)
			return cli_usage("can-reach", "missing ']' in '%s'",
					 arg);
		*close = '\0'; /* the bytes after it stay in place */
		memmove(arg, arg + 1, strlen(arg + 1) + 1);
		colon = close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = strrchr(arg, ':');
		if (colon && strchr(arg, ':') != colon)
			colon = NULL; /* a bare IPv6 address */
	}
	if (!colon)
		return 0;
	*colon++ = '\0';
	slash = strchr(colon, '/');
	if (slash) {
		*slash++ = '\0';
		if (strcmp(slash, "TCP") && strcmp(slash, "UDP") &&
		    strcmp(slash, "SCTP"))
			return cli_usage("can-reach",
					 "protocol '%s' is not TCP, UDP or "
					 "SCTP",
					 slash);
		c->port.proto = slash;
	}
	v = strtol(colon, &end, 10);
	if (*end || end == colon || v < 1 || v > 65535)
		return cli_usage("can-reach", "port '%s' is not 1-65535",
				 colon);
	c->port.port = v;
	return 0;
}

static int parse_args(struct cr *c, int argc, char **argv)
{
	int opt, rc;

	cli_outputs_init(&c->out);
	cli_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":" SOURCE_SHORTOPTS "o:qh",
				  longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option("can-reach", opt, argv);
		if (opt == 'h') {
			cli_print_help(&subcmd_can_reach);
			return -1;
		}
		rc = cli_outputs_opt(&c->out, "can-reach", opt, optarg);
		if (rc == 1)
			continue;
		if (rc)
			return rc;
		rc = source_opt(&c->src, "can-reach", opt, optarg);
		if (rc == 1)
			continue;
		if (rc)
			return rc;
		return cli_usage("can-reach", "unhandled option");
	}
	for (; optind < argc; optind++) {
		if (c->nargs == 2)
			return cli_usage("can-reach",
					 "unexpected argument '%s'",
					 argv[optind]);
		c->args[c->nargs++] = argv[optind];
	}
	if (c->nargs != 2)
		return cli_usage("can-reach", "need FROM and TO");
	return cli_outputs_resolve(&c->out, "can-reach",
				   cli_format_text_or_json, "text, json");
}

/* The Service port asked for, translated to the pod's target port. */
static struct np_port target_port(const struct kobj *svc,
				  const struct np_port *q,
				  const struct pod_view *pv)
{
	const struct node *ps = node_path(svc->root, "spec.ports");
	struct np_port r = *q;
	size_t i, j, k;

	for (i = 0; q->port && i < node_count(ps); i++) {
		const struct node *p = node_at(ps, i);
		const struct node *t = node_get(p, "targetPort");
		long long v;
		if (!node_int(node_get(p, "port"), &v) || v != q->port)
			continue;
		if (!r.proto)
			r.proto = node_get_str(p, "protocol");
		if (!t)
			return r;
		if (node_int(t, &v)) {
			r.port = (long)v;
			return r;
		}
		/* a named target port: the container port of that name */
		for (j = 0; j < node_count(node_get(pv->spec, "containers"));
		     j++) {
			const struct node *cps = node_get(
			    node_at(node_get(pv->spec, "containers"), j),
			    "ports");
			for (k = 0; k < node_count(cps); k++)
				if (node_str_eq(
					node_get(node_at(cps, k), "name"),
					node_str(t)) &&
				    node_int(node_get(node_at(cps, k),
						      "containerPort"),
					     &v)) {
					r.port = (long)v;
					return r;
				}
		}
	}
	return r;
}

/*
 * From the internet: keep the public ways in that carry the port asked
 * (an outside port or the container port).  When the port asked is only
 * an outside port, policies are asked about the container port behind it.
 */
static void ways_in(struct cr *c, struct pair *p)
{
	struct expose_route all[16];
	size_t n = exposure_routes(c->scan->exposure, p->to.pv, all, 16), i;
	bool direct = false;

	for (i = 0; i < n && i < 16; i++) {
		long inner = 0;
		char desc[160];
		if (all[i].internal) {
			if (p->npriv < 8 &&
			    (!p->port.port ||
			     exposure_route_carries(&all[i], p->to.pv,
						    p->port.port, &inner, desc,
						    sizeof(desc))))
				p->priv[p->npriv++] = all[i];
			continue;
		}
		if (p->port.port &&
		    !exposure_route_carries(&all[i], p->to.pv, p->port.port,
					    &inner, p->carries[p->nroutes],
					    sizeof(p->carries[0]))) {
			p->off_port++;
			continue;
		}
		if (!p->port.port)
			p->carries[p->nroutes][0] = '\0';
		direct |= !p->port.port || inner == p->port.port || !inner;
		if (!p->inner && inner && inner != p->port.port)
			p->inner = inner;
		p->routes[p->nroutes++] = all[i];
	}
	if (direct)
		p->inner = 0;
}

/* ExternalName target x names end e (an address or the API server). */
static bool proxies_to(const struct expose_external *x, const struct np_end *e)
{
	char ns[254], svc[254];

	if (e->apiserver)
		return x->kind == EXT_APISERVER;
	if (!e->ip)
		return false;
	if (!strcasecmp(x->target, e->ip))
		return true;
	return x->kind == EXT_METADATA &&
	       ext_classify(e->ip, ns, sizeof(ns), svc, sizeof(svc), NULL,
			    NULL) == EXT_METADATA;
}

/*
 * From the internet to an address: the fronts whose ExternalName backend
 * names it, and whether their proxy pods' egress lets them connect.
 */
static void proxies(struct cr *c, struct pair *p, const struct np_port *q)
{
	size_t n = exposure_external(c->scan->exposure, NULL, 0), i;
	struct expose_external *v;

	if (!n)
		return;
	v = xrealloc_array(NULL, n, sizeof(*v));
	exposure_external(c->scan->exposure, v, n);
	for (i = 0; i < n && p->nprox < 8; i++) {
		struct np_end from = { 0 };
		struct np_reason in;
		size_t k = p->nprox;
		if (!proxies_to(&v[i], &p->to))
			continue;
		p->prox[k] = v[i];
		memset(&p->prox_eg[k], 0, sizeof(p->prox_eg[k]));
		if (v[i].controller &&
		    (from.pv = view_of(c->scan, v[i].controller)) != NULL)
			netpol_query(c->scan->netpol, &from, &p->to, q,
				     &p->prox_eg[k], &in);
		p->nprox++;
	}
	free(v);
}

static void answer(struct cr *c, struct pair *p)
{
	struct np_port q = p->port;

	if (p->from.internet && p->to.pv) {
		ways_in(c, p);
		p->nrefused = exposure_refusals(c->scan->exposure, p->to.pv,
						p->port.port, p->refused, 8);
	}
	if (p->inner)
		q.port = p->inner;
	p->verdict =
	    netpol_query(c->scan->netpol, &p->from, &p->to, &q, &p->eg, &p->in);
	if (p->from.internet && !p->to.pv)
		proxies(c, p, &q);
	if (p->from.internet && p->to.pv && !p->nroutes) {
		p->no_entry = true;
		p->verdict = NP_DENY;
	}
}

static void run_pairs(struct cr *c)
{
	size_t i, j;

	c->verdict = NP_DENY;
	c->pairs =
	    xrealloc_array(NULL, c->from.n * c->to.n + 1, sizeof(*c->pairs));
	for (i = 0; i < c->from.n; i++)
		for (j = 0; j < c->to.n; j++) {
			struct pair *p = &c->pairs[c->npairs++];
			memset(p, 0, sizeof(*p));
			p->from = c->from.v[i];
			p->to = c->to.v[j];
			p->port =
			    c->to.svc && p->to.pv
				? target_port(c->to.svc, &c->port, p->to.pv)
				: c->port;
			answer(c, p);
			if (p->verdict == NP_ALLOW ||
			    (p->verdict == NP_UNKNOWN && c->verdict == NP_DENY))
				c->verdict = p->verdict;
		}
}

/* ---- printing ----------------------------------------------------------- */

static const char *end_text(struct arena *a, const struct np_end *e)
{
	if (e->pv)
		return arena_printf(a, "%s %s/%s", e->pv->obj->kind,
				    kobj_ns(e->pv->obj)[0] ? kobj_ns(e->pv->obj)
							   : "unspecified",
				    e->pv->obj->name);
	if (e->internet)
		return "the internet";
	if (e->apiserver)
		return "the API server";
	return e->ip;
}

static const char *port_text(struct arena *a, const struct np_port *p)
{
	if (!p->port)
		return "any port";
	return arena_printf(a, "port %ld/%s", p->port,
			    p->proto ? p->proto : "TCP");
}

/* Why way in r stays private: one sentence into buf. */
static const char *private_why(const struct expose_route *r, char *buf,
			       size_t n)
{
	const struct kobj *via = expose_route_via(r);

	if (r->unexposed_controller && r->controller && r->gateway &&
	    r->how == EXPOSE_ISTIO)
		snprintf(buf, n,
			 "%s %s/%s exists but is private: the gateway pods "
			 "%s %s/%s of Istio Gateway %s/%s are not exposed (no "
			 "LoadBalancer, NodePort, externalIPs or host port)",
			 via->kind, kobj_ns(via), via->name,
			 r->controller->kind, kobj_ns(r->controller),
			 r->controller->name, kobj_ns(r->gateway),
			 r->gateway->name);
	else if (r->unexposed_controller && r->controller)
		snprintf(buf, n,
			 "%s %s/%s exists but is private: its controller %s "
			 "%s/%s is not exposed (no LoadBalancer, NodePort, "
			 "externalIPs or host port)",
			 via->kind, kobj_ns(via), via->name,
			 r->controller->kind, kobj_ns(r->controller),
			 r->controller->name);
	else if (via)
		snprintf(buf, n,
			 "%s %s/%s exists but is private: an internal load "
			 "balancer (cloud annotation)",
			 via->kind, kobj_ns(via), via->name);
	else
		snprintf(buf, n, "%s is private", expose_how_name(r->how));
	return buf;
}

static int pair_text(struct arena *a, const struct pair *p, struct sbuf *sb)
{
	char line[900];
	size_t i;
	int rc = 0;

	rc |= sbuf_addf(sb, "%s -> %s, %s: %s\n", end_text(a, &p->from),
			end_text(a, &p->to), port_text(a, &p->port),
			np_verdict_name(p->verdict));
	if (p->from.internet) {
		if (p->no_entry && p->npriv)
			rc |= sbuf_addf(sb, "  way in   none public\n");
		else if (p->no_entry && p->off_port)
			rc |=
			    sbuf_addf(sb,
				      "  way in   none on port %ld: %zu way%s "
				      "in reach%s it on other ports\n",
				      p->port.port, p->off_port,
				      p->off_port == 1 ? "" : "s",
				      p->off_port == 1 ? "es" : "");
		else if (p->no_entry && p->nrefused)
			rc |=
			    sbuf_addf(sb, "  way in   none: the status of the "
					  "cluster refuses each route that "
					  "would reach it\n");
		else if (p->no_entry)
			rc |= sbuf_addf(sb, "  way in   none: no LoadBalancer, "
					    "NodePort, externalIPs, Ingress, "
					    "route or host port reaches it\n");
		for (i = 0; i < p->nroutes; i++)
			rc |= sbuf_addf(sb, "  way in   %s%s%s%s\n",
					expose_route_text(&p->routes[i], line,
							  sizeof(line)),
					p->carries[i][0] ? " [carries " : "",
					p->carries[i],
					p->carries[i][0] ? "]" : "");
		for (i = 0; i < p->npriv; i++)
			rc |= sbuf_addf(
			    sb, "  private  %s\n",
			    private_why(&p->priv[i], line, sizeof(line)));
		for (i = 0; i < p->nrefused && i < 8; i++)
			rc |=
			    sbuf_addf(sb, "  refused  %s\n",
				      expose_refusal_text(&p->refused[i], line,
							  sizeof(line)));
		if (p->nrefused > 8)
			rc |= sbuf_addf(sb, "  refused  ... and %zu more\n",
					p->nrefused - 8);
		if (p->inner)
			rc |= sbuf_addf(sb,
					"  policy   asked for container port "
					"%ld, behind outside port %ld\n",
					p->inner, p->port.port);
	}
	for (i = 0; i < p->nprox; i++) {
		const struct expose_external *x = &p->prox[i];
		rc |= sbuf_addf(
		    sb,
		    "  proxy    %s %s/%s -> ExternalName Service %s/%s ('%s', "
		    "%s): its proxy connects there for the internet%s%s%s\n",
		    x->front->kind, kobj_ns(x->front), x->front->name,
		    kobj_ns(x->service), x->service->name, x->target,
		    ext_target_name(x->kind),
		    x->internal ? " (itself private: " : "",
		    x->internal ? x->note : "", x->internal ? ")" : "");
		if (p->prox_eg[i].text[0])
			rc |= sbuf_addf(sb, "           proxy egress %s: %s\n",
					np_verdict_name(p->prox_eg[i].verdict),
					p->prox_eg[i].text);
	}
	rc |= sbuf_addf(sb, "  egress   %s: %s\n",
			np_verdict_name(p->eg.verdict), p->eg.text);
	rc |= sbuf_addf(sb, "  ingress  %s: %s\n",
			np_verdict_name(p->in.verdict), p->in.text);
	return rc ? -1 : 0;
}

static void json_end(struct jsonw *w, const char *key, const struct np_end *e)
{
	jsonw_kobj_open(w, key);
	if (e->pv) {
		jsonw_kstr(w, "kind", e->pv->obj->kind);
		/* a kind another project reuses names its group */
		if (strcmp(kobj_kind_key(e->pv->obj), e->pv->obj->kind))
			jsonw_kstr(w, "group", e->pv->obj->group);
		jsonw_kstr(w, "namespace", e->pv->obj->ns);
		jsonw_kstr(w, "name", e->pv->obj->name);
	} else if (e->internet) {
		jsonw_kbool(w, "internet", true);
	} else if (e->apiserver) {
		jsonw_kbool(w, "apiserver", true);
	} else {
		jsonw_kstr(w, "address", e->ip);
	}
	jsonw_obj_close(w);
}

static void json_reason(struct jsonw *w, const char *key,
			const struct np_reason *r)
{
	jsonw_kobj_open(w, key);
	jsonw_kstr(w, "verdict", np_verdict_name(r->verdict));
	if (r->policy) {
		jsonw_kobj_open(w, "policy");
		jsonw_kstr(w, "kind", r->policy->kind);
		jsonw_kstr(w, "apiVersion", r->policy->api_version);
		jsonw_kstr(w, "namespace", r->policy->ns);
		jsonw_kstr(w, "name", r->policy->name);
		jsonw_kstr(w, "file", r->policy->file);
		jsonw_kpos(w, "line", r->at ? r->at->line : r->policy->line);
		jsonw_obj_close(w);
		jsonw_kstr(w, "path", r->path[0] ? r->path : NULL);
	}
	jsonw_kstr(w, "reason", r->text);
	jsonw_obj_close(w);
}

/* privateWaysIn: ways in that exist but stay private, and why. */
static void json_private(struct jsonw *w, const struct pair *p)
{
	char line[900];
	size_t i;

	if (!p->npriv)
		return;
	jsonw_karr_open(w, "privateWaysIn");
	for (i = 0; i < p->npriv; i++) {
		const struct expose_route *r = &p->priv[i];
		const struct kobj *via = expose_route_via(r);
		jsonw_obj_open(w);
		jsonw_kstr(w, "how", expose_how_name(r->how));
		if (via) {
			jsonw_kstr(w, "kind", via->kind);
			jsonw_kstr(w, "namespace", via->ns);
			jsonw_kstr(w, "name", via->name);
		}
		jsonw_kstr(w, "why",
			   !r->unexposed_controller ? "internal load balancer"
			   : r->how == EXPOSE_ISTIO ? "gateway pods not exposed"
						    : "controller not exposed");
		if (r->controller) {
			jsonw_kobj_open(w, "controller");
			jsonw_kstr(w, "kind", r->controller->kind);
			jsonw_kstr(w, "namespace", r->controller->ns);
			jsonw_kstr(w, "name", r->controller->name);
			jsonw_obj_close(w);
		}
		jsonw_kstr(w, "text", private_why(r, line, sizeof(line)));
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static const char *const refused_by_names[] = {
	[EXPOSE_REFUSED_PARENT] = "route status.parents",
	[EXPOSE_REFUSED_LISTENER] = "status.listeners",
	[EXPOSE_REFUSED_OWNER] = "status.conditions",
};

static void json_obj_ref(struct jsonw *w, const char *key, const struct kobj *o)
{
	jsonw_kobj_open(w, key);
	jsonw_kstr(w, "kind", o->kind);
	jsonw_kstr(w, "namespace", o->ns);
	jsonw_kstr(w, "name", o->name);
	jsonw_obj_close(w);
}

/* refusedWaysIn: Gateway API ways in that a status refuses, and why. */
static void json_refused(struct jsonw *w, const struct pair *p)
{
	char line[900];
	size_t i;

	if (!p->nrefused)
		return;
	jsonw_karr_open(w, "refusedWaysIn");
	for (i = 0; i < p->nrefused && i < 8; i++) {
		const struct expose_refusal *r = &p->refused[i];
		const struct node *c = r->condition;
		jsonw_obj_open(w);
		json_obj_ref(w, "route", r->route);
		if (r->owner) {
			json_obj_ref(w, "parent", r->owner);
		} else {
			const char *pns = node_get_str(r->parent, "namespace");
			jsonw_kobj_open(w, "parent");
			jsonw_kstr(w, "kind",
				   node_get_str(r->parent, "kind")
				       ? node_get_str(r->parent, "kind")
				       : "Gateway");
			jsonw_kstr(w, "namespace", pns ? pns : r->route->ns);
			jsonw_kstr(w, "name", node_get_str(r->parent, "name"));
			jsonw_kbool(w, "inInput", false);
			jsonw_obj_close(w);
		}
		if (r->listener)
			jsonw_kstr(w, "listener",
				   node_get_str(r->listener, "name"));
		if (r->port)
			jsonw_kint(w, "port", r->port);
		jsonw_kstr(w, "refusedBy", refused_by_names[r->by]);
		json_obj_ref(w, "statusOf", r->refuser);
		jsonw_kobj_open(w, "condition");
		jsonw_kstr(w, "type", node_get_str(c, "type"));
		jsonw_kstr(w, "status", "False");
		jsonw_kstr(w, "reason", node_get_str(c, "reason"));
		jsonw_kstr(w, "message", node_get_str(c, "message"));
		jsonw_obj_close(w);
		jsonw_kstr(w, "text",
			   expose_refusal_text(r, line, sizeof(line)));
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	if (p->nrefused > 8)
		jsonw_kint(w, "refusedWaysInNotListed",
			   (long)(p->nrefused - 8));
}

/* proxies: fronts whose ExternalName backend names the address asked. */
static void json_proxies(struct jsonw *w, const struct pair *p)
{
	size_t i;

	if (!p->nprox)
		return;
	jsonw_karr_open(w, "proxies");
	for (i = 0; i < p->nprox; i++) {
		const struct expose_external *x = &p->prox[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "kind", x->front->kind);
		jsonw_kstr(w, "namespace", x->front->ns);
		jsonw_kstr(w, "name", x->front->name);
		jsonw_kobj_open(w, "externalName");
		jsonw_kstr(w, "namespace", x->service->ns);
		jsonw_kstr(w, "name", x->service->name);
		jsonw_kstr(w, "target", x->target);
		jsonw_kstr(w, "targetIs", ext_target_name(x->kind));
		jsonw_obj_close(w);
		jsonw_kbool(w, "public", !x->internal);
		if (x->note[0])
			jsonw_kstr(w, "note", x->note);
		if (p->prox_eg[i].text[0])
			json_reason(w, "proxyEgress", &p->prox_eg[i]);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void json_pair(struct jsonw *w, const struct pair *p)
{
	char line[900];
	size_t i;

	jsonw_obj_open(w);
	json_end(w, "from", &p->from);
	json_end(w, "to", &p->to);
	if (p->port.port)
		jsonw_kint(w, "port", p->port.port);
	jsonw_kstr(w, "protocol", p->port.proto ? p->port.proto : "TCP");
	jsonw_kstr(w, "verdict", np_verdict_name(p->verdict));
	if (p->from.internet) {
		jsonw_karr_open(w, "waysIn");
		for (i = 0; i < p->nroutes; i++) {
			const struct kobj *via =
			    expose_route_via(&p->routes[i]);
			jsonw_obj_open(w);
			jsonw_kstr(w, "how", expose_how_name(p->routes[i].how));
			if (via) {
				jsonw_kstr(w, "kind", via->kind);
				jsonw_kstr(w, "namespace", via->ns);
				jsonw_kstr(w, "name", via->name);
			}
			jsonw_kstr(w, "text",
				   expose_route_text(&p->routes[i], line,
						     sizeof(line)));
			if (p->carries[i][0])
				jsonw_kstr(w, "carries", p->carries[i]);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		json_private(w, p);
		json_refused(w, p);
		if (p->inner)
			jsonw_kint(w, "containerPort", p->inner);
		if (p->off_port)
			jsonw_kint(w, "waysInOnOtherPorts", (long)p->off_port);
	}
	json_proxies(w, p);
	json_reason(w, "egress", &p->eg);
	json_reason(w, "ingress", &p->in);
	jsonw_obj_close(w);
}

static int produce(const char *format, bool color, struct sbuf *sb, void *ctx)
{
	struct cr *c = ctx;
	struct arena *a = c->scan->arena;
	struct jsonw w;
	size_t i;
	int rc = 0;

	(void)color;
	if (strcmp(format, "json") != 0) {
		if (!c->npairs)
			return sbuf_addf(sb, "nothing to answer: %s\n",
					 !c->from.n ? c->from.label
						    : c->to.label);
		for (i = 0; i < c->npairs; i++)
			rc |= pair_text(a, &c->pairs[i], sb);
		if (c->npairs > 1)
			rc |= sbuf_addf(sb, "answer: %s\n",
					np_verdict_name(c->verdict));
		return rc ? -1 : 0;
	}
	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	jsonw_kstr(&w, "from", c->from.label);
	jsonw_kstr(&w, "to", c->to.label);
	if (c->port.port)
		jsonw_kint(&w, "port", c->port.port);
	jsonw_kstr(&w, "protocol", c->port.proto ? c->port.proto : "TCP");
	jsonw_kstr(&w, "verdict", np_verdict_name(c->verdict));
	jsonw_karr_open(&w, "pairs");
	for (i = 0; i < c->npairs; i++)
		json_pair(&w, &c->pairs[i]);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

/* ---- command ------------------------------------------------------------ */

/* ": it is an ExternalName Service for 'HOST' (ADDRESS or apiserver)". */
static const char *external_hint(struct arena *a, const struct kobj *svc)
{
	const char *host;

	if (!svc ||
	    !node_str_eq(node_path(svc->root, "spec.type"), "ExternalName"))
		return "";
	host = node_get_str(node_get(svc->root, "spec"), "externalName");
	return arena_printf(a,
			    ": it is an ExternalName Service for '%s'; ask "
			    "for that address, or apiserver",
			    host ? host : "");
}

static int setup(struct cr *c, int argc, char **argv)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	char *to;
	size_t i;
	int rc;

	/*
	 * -n names the namespace of KIND/NAME endpoints: the other end, its
	 * policies and the controllers in front of it may live elsewhere.
	 */
	c->src.ns_keeps_all = true;
	rc = parse_args(c, argc, argv);
	if (rc)
		return rc < 0 ? CLI_EXIT_CLEAN : rc;
	if (cli_args_only)
		return CLI_EXIT_CLEAN; /* no scan */
	c->scan = source_scan(&c->src, "can-reach", &rc);
	if (!c->scan)
		return rc;
	for (i = 0; i < c->scan->errors.n; i++)
		cli_note("%s",
			 diag_format(&c->scan->errors.v[i], buf, sizeof(buf)));
	for (i = 0; i < c->scan->warnings.n; i++)
		cli_note("warning: %s", diag_format(&c->scan->warnings.v[i],
						    buf, sizeof(buf)));
	to = arena_strdup(c->scan->arena, c->args[1]);
	if ((rc = parse_to(c, to)) != 0 ||
	    (rc = resolve_ends(c, c->args[0], &c->from)) != 0 ||
	    (rc = resolve_ends(c, to, &c->to)) != 0)
		return rc;
	if (!c->from.n)
		cli_note("'%s' names no workload in the input", c->args[0]);
	if (!c->to.n)
		cli_note("'%s' names no workload in the input%s", to,
			 external_hint(c->scan->arena, c->to.svc));
	return 0;
}

static int run_can_reach(int argc, char **argv)
{
	struct cr c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = setup(&c, argc, argv);
	if (!rc && c.scan) {
		run_pairs(&c);
		rc = cli_outputs_emit(&c.out, produce, &c);
		if (!rc && (c.scan->errors.n || !c.npairs))
			rc = CLI_EXIT_INPUT;
		else if (!rc && c.verdict != NP_ALLOW)
			rc = CLI_EXIT_FINDINGS;
	}
	free(c.from.v);
	free(c.to.v);
	free(c.pairs);
	scan_free(c.scan);
	return rc;
}

const struct subcmd subcmd_can_reach = {
	.name = "can-reach",
	.summary = "may FROM connect to TO[:PORT], and which policies decide",
	.help = can_reach_help,
	.run = run_can_reach,
};
