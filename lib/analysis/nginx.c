#include "analysis/nginx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"
#include "selector.h"

#define BINARY	      "nginx-ingress-controller"
#define DEFAULT_CLASS "k8s.io/ingress-nginx"

/* One controller and the flags that say which Ingresses it serves. */
struct ctl {
	struct nginx_controller c;
	const char *controller_class, *ingress_class;
	bool without_class, class_by_name;
};

struct nginx {
	const struct inventory *inv;
	struct arena *a;
	struct ctl *v;
	size_t n, alloc;
	const struct kobj *dflt; /* the default IngressClass, or NULL */
};

enum nginx_setting nginx_bool(const char *v)
{
	static const char *const yes[] = {
		"1", "t", "T", "TRUE", "true", "True"
	};
	static const char *const no[] = { "0",	   "f",	    "F",
					  "FALSE", "false", "False" };
	size_t i;

	for (i = 0; v && i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(v, yes[i]))
			return NGINX_TRUE;
		if (!strcmp(v, no[i]))
			return NGINX_FALSE;
	}
	return NGINX_UNSET;
}

/* The last path element of s is the controller's binary. */
static bool is_binary(const char *s)
{
	const char *base = s ? strrchr(s, '/') : NULL;

	base = base ? base + 1 : s;
	return base && !strcmp(base, BINARY);
}

/* c runs ingress-nginx: its binary first on its command line, or its image */
static bool runs_nginx(const struct node *c)
{
	const char *first = node_str(node_at(node_get(c, "command"), 0));
	const char *img = node_get_str(c, "image");

	if (!first)
		first = node_str(node_at(node_get(c, "args"), 0));
	if (is_binary(first))
		return true;
	return img &&
	       (strstr(img, "ingress-nginx/controller") || strstr(img, BINARY));
}

/*
 * The value of variable name (len bytes) in c's env, as the kubelet
 * expands $(name): a literal value, or the pod's namespace for a fieldRef
 * to metadata.namespace.  NULL when c does not define it so.
 */
static const char *env_value(const struct node *c, const char *ns,
			     const char *name, size_t len)
{
	const struct node *env = node_get(c, "env");
	const char *v = NULL;
	size_t i;

	for (i = 0; i < node_count(env); i++) {
		const struct node *e = node_at(env, i);
		const char *n = node_get_str(e, "name");
		if (!n || strlen(n) != len || memcmp(n, name, len))
			continue;
		/* the last definition wins, as for the kubelet */
		if (node_get(e, "value"))
			v = node_get_str(e, "value");
		else if (node_str_eq(node_path(e, "valueFrom.fieldRef."
						  "fieldPath"),
				     "metadata.namespace"))
			v = ns;
		else
			v = NULL;
	}
	return v;
}

/* s with $(VAR) of c's env expanded ($$ escapes), in x's arena. */
static const char *expand(struct nginx *x, const struct node *c, const char *ns,
			  const char *s)
{
	struct sbuf b = SBUF_INIT;
	const char *p, *end, *v, *out;
	int rc = 0;

	if (!strchr(s, '$'))
		return s;
	for (p = s; *p;) {
		if (p[0] == '$' && p[1] == '$') {
			rc |= sbuf_add(&b, "$", 1);
			p += 2;
		} else if (p[0] == '$' && p[1] == '(' &&
			   (end = strchr(p + 2, ')')) &&
			   (v = env_value(c, ns, p + 2,
					  (size_t)(end - p - 2)))) {
			rc |= sbuf_add(&b, v, strlen(v));
			p = end + 1;
		} else {
			rc |= sbuf_add(&b, p, 1);
			p++;
		}
	}
	out = rc ? s : arena_strndup(x->a, b.buf ? b.buf : "", b.len);
	sbuf_release(&b);
	return out;
}

/*
 * The value of flag --name on c's command line, expanded; "" for a flag
 * given bare (a boolean); NULL when absent.  The last one given wins.
 */
static const char *flag(struct nginx *x, const struct node *c, const char *ns,
			const char *name)
{
	const struct node *lists[2] = { node_get(c, "command"),
					node_get(c, "args") };
	const char *val = NULL;
	size_t len = strlen(name), l, i;

	for (l = 0; l < 2; l++)
		for (i = 0; i < node_count(lists[l]); i++) {
			const char *t = node_str(node_at(lists[l], i));
			if (!t || strncmp(t, "--", 2) ||
			    strncmp(t + 2, name, len))
				continue;
			if (t[2 + len] == '=')
				val = t + 3 + len;
			else if (!t[2 + len])
				val = "";
		}
	return val ? expand(x, c, ns, val) : NULL;
}

/* The value of flag name given as "--name value" (not a boolean). */
static const char *flag_value(struct nginx *x, const struct node *c,
			      const char *ns, const char *name)
{
	const struct node *lists[2] = { node_get(c, "command"),
					node_get(c, "args") };
	const char *val = flag(x, c, ns, name);
	size_t l, i;

	if (!val || *val)
		return val;
	/* bare: the next word is its value */
	for (l = 0; l < 2; l++)
		for (i = 0; i < node_count(lists[l]); i++) {
			const char *t = node_str(node_at(lists[l], i));
			if (t && !strncmp(t, "--", 2) && !strcmp(t + 2, name) &&
			    node_str(node_at(lists[l], i + 1)))
				val = node_str(node_at(lists[l], i + 1));
		}
	return *val ? expand(x, c, ns, val) : NULL;
}

/* A setting of the global ConfigMap's data (mapstructure's weak bool). */
static enum nginx_setting cm_setting(const struct node *v)
{
	const char *s = node_scalar_text(v);

	if (!v)
		return NGINX_UNSET;
	if (s && !*s)
		return NGINX_FALSE;
	return nginx_bool(s);
}

/* Read --configmap and the two redirect settings of its data. */
static void read_configmap(struct nginx *x, struct ctl *k, const char *arg)
{
	const char *slash = arg ? strchr(arg, '/') : NULL;
	const struct node *data;

	k->c.ssl_redirect = k->c.force_ssl_redirect = NGINX_UNSET;
	if (!arg)
		return; /* no ConfigMap: the defaults */
	if (!slash || slash == arg || !slash[1]) {
		/* the controller refuses it; nothing to read */
		k->c.ssl_redirect = k->c.force_ssl_redirect = NGINX_UNKNOWN;
		return;
	}
	k->c.cm_ns = arena_strndup(x->a, arg, (size_t)(slash - arg));
	k->c.cm_name = slash + 1;
	k->c.configmap =
	    inventory_find(x->inv, "ConfigMap", k->c.cm_ns, k->c.cm_name);
	if (!k->c.configmap) {
		k->c.ssl_redirect = k->c.force_ssl_redirect = NGINX_UNKNOWN;
		return;
	}
	data = node_get(k->c.configmap->root, "data");
	k->c.ssl_at = node_get(data, "ssl-redirect");
	k->c.force_at = node_get(data, "force-ssl-redirect");
	k->c.ssl_redirect = cm_setting(k->c.ssl_at);
	k->c.force_ssl_redirect = cm_setting(k->c.force_at);
}

/* The containerPort of the port named name in c, or -1. */
static long named_port(const struct node *c, const char *name)
{
	const struct node *ps = node_get(c, "ports");
	long long v;
	size_t i;

	for (i = 0; i < node_count(ps); i++)
		if (node_str_eq(node_get(node_at(ps, i), "name"), name) &&
		    node_int(node_get(node_at(ps, i), "containerPort"), &v))
			return (long)v;
	return -1;
}

/* Service port p sends traffic to container port want of c. */
static bool targets(const struct node *p, const struct node *c, long want)
{
	const struct node *t = node_get(p, "targetPort");
	long long v;

	if (!t)
		t = node_get(p, "port");
	if (node_is(t, NODE_STRING) && node_str(t)) {
		char *end;
		errno = 0;
		v = strtoll(node_str(t), &end, 10);
		if (errno || *end || end == node_str(t))
			return named_port(c, node_str(t)) == want;
		return v == want;
	}
	return node_int(t, &v) && v == want;
}

/*
 * svc publishes the pods of pv beyond the cluster: it selects them and is
 * of type LoadBalancer or NodePort or has externalIPs (exposure.h judges
 * these further; here any of them counts as a front).
 */
static bool publishes(const struct kobj *svc, const struct pod_view *pv)
{
	const struct node *spec = node_get(svc->root, "spec");
	const struct node *sel = node_get(spec, "selector");

	if (strcmp(kobj_ns(svc), kobj_ns(pv->obj)) || !node_len(sel) ||
	    !selector_map_matches(sel, node_get(pv->meta, "labels")))
		return false;
	return node_str_eq(node_get(spec, "type"), "LoadBalancer") ||
	       node_str_eq(node_get(spec, "type"), "NodePort") ||
	       node_count(node_get(spec, "externalIPs")) > 0;
}

#define AWS "service.beta.kubernetes.io/aws-load-balancer-"
#define DO  "service.beta.kubernetes.io/do-loadbalancer-"
#define OCI "service.beta.kubernetes.io/oci-load-balancer-"

/*
 * list (comma-separated, spaces around items ignored) holds p's port
 * number, or, when names is true, its name; "*" holds every port.
 */
static bool port_listed(const char *list, const struct node *p, bool names)
{
	const char *name = node_get_str(p, "name");
	long long port = -1;
	const char *s = list, *e;
	size_t len;

	node_int(node_get(p, "port"), &port);
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		for (e = s; *e && *e != ','; e++)
			;
		len = (size_t)(e - s);
		while (len && s[len - 1] == ' ')
			len--;
		if (len == 1 && *s == '*')
			return true;
		if (len && names && name && strlen(name) == len &&
		    !strncmp(s, name, len))
			return true;
		if (len && len < 12) {
			char num[12], *end;
			long long v;
			memcpy(num, s, len);
			num[len] = '\0';
			errno = 0;
			v = strtoll(num, &end, 10);
			if (!errno && !*end && v == port)
				return true;
		}
		s = e;
	}
	return false;
}

/*
 * What the cloud load balancer of LoadBalancer Service svc does on its
 * port p: terminate TLS (AWS: aws-load-balancer-ssl-cert, on the ports
 * of aws-load-balancer-ssl-ports, names or numbers, every port when
 * unset; DigitalOcean: do-loadbalancer-certificate-id or -name, on
 * do-loadbalancer-tls-ports, 443 when unset, unless tls-passthrough;
 * OCI: oci-load-balancer-tls-secret on oci-load-balancer-ssl-ports),
 * answer HTTP with a redirect to HTTPS (DigitalOcean's
 * redirect-http-to-https on do-loadbalancer-http-ports, 80 when unset),
 * or pass the connection on as it came.  Azure's and Google's Service
 * load balancers work at layer 4 and never terminate TLS.
 */
static enum nginx_lb lb_port(const struct kobj *svc, const struct node *p)
{
	const struct node *ann = svc->annotations;
	const char *cert, *ports;

	if (!node_str_eq(node_path(svc->root, "spec.type"), "LoadBalancer"))
		return NGINX_LB_PASS;
	cert = node_get_str(ann, AWS "ssl-cert");
	ports = node_get_str(ann, AWS "ssl-ports");
	if (cert && *cert && port_listed(ports ? ports : "*", p, true))
		return NGINX_LB_TLS;
	cert = node_get_str(ann, DO "certificate-id");
	if (!cert || !*cert)
		cert = node_get_str(ann, DO "certificate-name");
	ports = node_get_str(ann, DO "tls-ports");
	if (cert && *cert &&
	    !node_str_eq(node_get(ann, DO "tls-passthrough"), "true") &&
	    port_listed(ports ? ports : "443", p, false))
		return NGINX_LB_TLS;
	ports = node_get_str(ann, DO "http-ports");
	if (node_str_eq(node_get(ann, DO "redirect-http-to-https"), "true") &&
	    port_listed(ports ? ports : "80", p, false))
		return NGINX_LB_REDIRECT;
	cert = node_get_str(ann, OCI "tls-secret");
	ports = node_get_str(ann, OCI "ssl-ports");
	if (cert && *cert && ports && port_listed(ports, p, false))
		return NGINX_LB_TLS;
	return NGINX_LB_PASS;
}

/* The hostPorts of c: which of k's HTTP and HTTPS ports they publish. */
static void host_ports(struct ctl *k, const struct node *c)
{
	const struct node *ps = node_get(c, "ports");
	long long v;
	size_t i;

	for (i = 0; i < node_count(ps); i++) {
		const struct node *p = node_at(ps, i);
		if (!node_int(node_get(p, "hostPort"), &v) || v <= 0)
			continue;
		k->c.fronts_known = true;
		if (!node_int(node_get(p, "containerPort"), &v))
			continue;
		k->c.http_published |= v == k->c.http_port;
		k->c.https_published |= v == k->c.https_port;
	}
}

/*
 * What publishes k's HTTP and HTTPS ports (container c of pv): the host's
 * network, a hostPort, or a LoadBalancer, NodePort or externalIPs
 * Service.  k->c.front is the first Service publishing HTTP, else the
 * first publishing HTTPS, else the first publishing the controller (NULL
 * when the host publishes HTTP).
 */
static void read_fronts(struct nginx *x, struct ctl *k,
			const struct pod_view *pv, const struct node *c)
{
	const struct kobj *const *svcs;
	const struct kobj *any = NULL, *http = NULL, *https = NULL;
	bool host_http;
	size_t i, j, n;

	if (node_is_true(node_get(pv->spec, "hostNetwork"))) {
		k->c.fronts_known = k->c.http_published = true;
		k->c.https_published = true;
		return;
	}
	host_ports(k, c);
	host_http = k->c.http_published;
	svcs = inventory_kind(x->inv, "Service", &n);
	for (i = 0; i < n; i++) {
		const struct node *sp;
		if (!publishes(svcs[i], pv))
			continue;
		k->c.fronts_known = true;
		if (!any)
			any = svcs[i];
		sp = node_path(svcs[i]->root, "spec.ports");
		for (j = 0; j < node_count(sp); j++) {
			const struct node *p = node_at(sp, j);
			bool to_http = targets(p, c, k->c.http_port);
			bool to_https = targets(p, c, k->c.https_port);
			enum nginx_lb how = lb_port(svcs[i], p);
			if ((to_http || to_https) && how != NGINX_LB_PASS) {
				/* TLS or a redirect at the load balancer */
				if (how == NGINX_LB_TLS && !k->c.lb_tls) {
					k->c.lb_tls = svcs[i];
					k->c.lb_tls_port = p;
				}
				continue;
			}
			if (to_http && !http) {
				http = svcs[i];
				k->c.http_published = true;
			}
			if (to_https && !https) {
				https = svcs[i];
				k->c.https_published = true;
			}
		}
	}
	if (host_http)
		k->c.front = NULL;
	else
		k->c.front = http ? http : https ? https : any;
}

/* The value of port flag name of c, or dflt when absent or no number. */
static long port_flag(struct nginx *x, const struct node *c, const char *ns,
		      const char *name, long dflt)
{
	const char *port = flag_value(x, c, ns, name);
	char *end;
	long v;

	if (!port)
		return dflt;
	errno = 0;
	v = strtol(port, &end, 10);
	return errno || *end || end == port ? dflt : v;
}

static void add_controller(struct nginx *x, const struct pod_view *pv,
			   const struct node *c)
{
	const char *ns = kobj_ns(pv->obj);
	const char *port;
	struct ctl *k;

	if (x->n == x->alloc) {
		x->alloc = x->alloc ? x->alloc * 2 : 4;
		x->v = xrealloc_array(x->v, x->alloc, sizeof(*x->v));
	}
	k = &x->v[x->n++];
	memset(k, 0, sizeof(*k));
	k->c.obj = pv->obj;
	k->controller_class = flag_value(x, c, ns, "controller-class");
	if (!k->controller_class)
		k->controller_class = DEFAULT_CLASS;
	k->ingress_class = flag_value(x, c, ns, "ingress-class");
	if (!k->ingress_class)
		k->ingress_class = "nginx";
	port = flag(x, c, ns, "watch-ingress-without-class");
	k->without_class = port && (!*port || nginx_bool(port) == NGINX_TRUE);
	port = flag(x, c, ns, "ingress-class-by-name");
	k->class_by_name = port && (!*port || nginx_bool(port) == NGINX_TRUE);
	k->c.http_port = port_flag(x, c, ns, "http-port", 80);
	k->c.https_port = port_flag(x, c, ns, "https-port", 443);
	k->c.default_cert = flag_value(x, c, ns, "default-ssl-certificate");
	read_configmap(x, k, flag_value(x, c, ns, "configmap"));
	read_fronts(x, k, pv, c);
}

struct nginx *nginx_build(const struct inventory *inv)
{
	struct nginx *x = xmalloc(sizeof(*x));
	const struct kobj *const *ics;
	const struct pod_view *pv;
	size_t n, i, j;

	memset(x, 0, sizeof(*x));
	x->inv = inv;
	x->a = arena_new_small();
	ics = inventory_kind(inv, "IngressClass", &n);
	for (i = 0; i < n && !x->dflt; i++)
		if (node_str_eq(node_get(ics[i]->annotations,
					 "ingressclass.kubernetes.io/"
					 "is-default-class"),
				"true"))
			x->dflt = ics[i];
	pv = inventory_pods(inv, &n);
	for (i = 0; pv && i < n; i++) {
		const struct node *cs = node_get(pv[i].spec, "containers");
		for (j = 0; j < node_count(cs); j++)
			if (runs_nginx(node_at(cs, j))) {
				add_controller(x, &pv[i], node_at(cs, j));
				break;
			}
	}
	return x;
}

void nginx_free(struct nginx *x)
{
	if (!x)
		return;
	free(x->v);
	arena_free(x->a);
	free(x);
}

size_t nginx_count(const struct nginx *x)
{
	return x ? x->n : 0;
}

/* IngressClass ic belongs to controller k. */
static bool class_of(const struct ctl *k, const struct kobj *ic)
{
	return node_str_eq(node_path(ic->root, "spec.controller"),
			   k->controller_class) ||
	       (k->class_by_name && !strcmp(ic->name, k->ingress_class));
}

/* k serves ing (see nginx_lookup()). */
static bool serves(const struct nginx *x, const struct ctl *k,
		   const struct kobj *ing)
{
	const char *ann =
	    node_get_str(ing->annotations, "kubernetes.io/ingress.class");
	const char *name =
	    node_str(node_path(ing->root, "spec.ingressClassName"));
	const struct kobj *ic;

	if (ann)
		return !strcmp(ann, k->ingress_class);
	if (name) {
		ic = inventory_find(x->inv, "IngressClass", NULL, name);
		return ic ? class_of(k, ic) : !strcmp(name, k->ingress_class);
	}
	if (x->dflt && class_of(k, x->dflt))
		return true;
	return k->without_class;
}

const struct nginx_controller *
nginx_lookup(const struct nginx *x, const struct kobj *ing, bool nginx_class)
{
	const char *name =
	    node_str(node_path(ing->root, "spec.ingressClassName"));
	size_t i;

	for (i = 0; x && i < x->n; i++)
		if (serves(x, &x->v[i], ing))
			return &x->v[i].c;
	/*
	 * The class annotation and an IngressClass of the input say for
	 * sure; a class name whose IngressClass is absent does not.
	 */
	if (nginx_class && x && x->n == 1 &&
	    !node_get(ing->annotations, "kubernetes.io/ingress.class") &&
	    name && !inventory_find(x->inv, "IngressClass", NULL, name))
		return &x->v[0].c;
	return NULL;
}
