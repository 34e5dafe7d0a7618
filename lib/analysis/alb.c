#include "analysis/alb.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "inventory.h"
#include "load/load.h"
#include "node.h"
#include "strmap.h"

#define ANN	      "alb.ingress.kubernetes.io/"
#define CTL_LBC	      "ingress.k8s.aws/alb"
#define CTL_AUTO      "eks.amazonaws.com/alb"
#define PARAMS_LBC    "elbv2.k8s.aws"
#define PARAMS_AUTO   "eks.amazonaws.com"
#define SCHEME_PUBLIC "internet-facing"

/* A listener of one ALB: its port and protocol, as its members name it. */
struct lport {
	long port;
	bool https;
	bool cert; /* a member on it names a certificate or a host */
	struct lport *next;
};

/* One ALB: the Ingresses of one IngressGroup. */
struct group {
	const char *name; /* explicit group name, or NULL */
	const struct kobj *public_by, *odd_by, *internal_by;
	const char *odd_value;
	struct lport *ports;
	long redirect; /* the ssl-redirect port, when has_redirect */
	bool has_redirect;
	bool auto_mode;
	/* an IngressClassParams sslRedirectPort that is no number: the
	 * controller drops the group's redirect */
	bool redirect_off;
	bool rejected;		/* the controller refuses to build the group */
	struct member *members; /* in input order, most recent first */
	size_t nmembers;
	/* the first action redirecting every path of an HTTP listener to
	 * HTTPS, and the Ingress whose annotation holds it */
	const char *action;
	const struct kobj *action_by;
};

struct member {
	struct group *g;
	const struct kobj *ing;
	struct member *next;  /* of its group */
	struct lport **ports; /* the listeners its rules go to */
	size_t nports;
	long order; /* group.order: rules of a lower order come first */
	bool listen_default; /* no listen-ports annotation */
	/* on an HTTP listener: a path of it forwards, and a redirect action
	 * to HTTPS came before or instead */
	bool forwards, redirect_seen;
};

struct alb {
	struct arena *a;
	struct strmap members; /* Ingress kobj address -> member */
	struct strmap groups;  /* controller and group key -> group */
};

/* The IngressClass marked default, or NULL. */
static const struct kobj *default_class(const struct inventory *inv)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(inv, "IngressClass", &n);
	for (i = 0; i < n; i++)
		if (node_str_eq(node_get(v[i]->annotations,
					 "ingressclass.kubernetes.io/"
					 "is-default-class"),
				"true"))
			return v[i];
	return NULL;
}

static bool ctl_alb(const char *ctl)
{
	return ctl && (!strcmp(ctl, CTL_LBC) || !strcmp(ctl, CTL_AUTO));
}

/*
 * The ALB controller serving ing, or NULL; *params its class's
 * IngressClassParams when in the input.  The Load Balancer Controller
 * reads the legacy class annotation first, and then takes no parameters.
 */
static const char *controller_of(const struct inventory *inv,
				 const struct kobj *dflt,
				 const struct kobj *ing,
				 const struct kobj **params)
{
	const char *legacy =
	    node_get_str(ing->annotations, "kubernetes.io/ingress.class");
	const char *name =
	    node_str(node_path(ing->root, "spec.ingressClassName"));
	const struct kobj *ic = dflt;
	const struct node *ref;
	const char *ctl, *group, *pname;

	*params = NULL;
	if (legacy)
		return !strcmp(legacy, "alb") ? CTL_LBC : NULL;
	if (name)
		ic = inventory_find(inv, "IngressClass", NULL, name);
	if (!ic) {
		/* the class the controller's chart installs, or its annotation */
		if ((name && !strcmp(name, "alb")) ||
		    node_get(ing->annotations, ANN "scheme"))
			return CTL_LBC;
		return NULL;
	}
	ctl = node_str(node_path(ic->root, "spec.controller"));
	if (!ctl_alb(ctl))
		return NULL;
	ref = node_path(ic->root, "spec.parameters");
	group = node_get_str(ref, "apiGroup");
	pname = node_get_str(ref, "name");
	if (pname && group &&
	    node_str_eq(node_get(ref, "kind"), "IngressClassParams")) {
		const struct kobj *p =
		    inventory_find(inv, "IngressClassParams", NULL, pname);
		if (p && !strcmp(p->group, group) &&
		    (!strcmp(group, PARAMS_LBC) || !strcmp(group, PARAMS_AUTO)))
			*params = p;
	}
	return ctl;
}

/* An integer, as the controller parses ssl-redirect (strconv). */
static bool int_value(const char *s, long *v)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*v = strtol(s, &end, 10);
	return !errno && !*end;
}

static void skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* The next token is c: step over it. */
static bool take(const char **p, char c)
{
	skip_ws(p);
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* A key "HTTP" or "HTTPS", case as written: *https says which. */
static bool take_proto(const char **p, bool *https)
{
	skip_ws(p);
	if (!strncmp(*p, "\"HTTP\"", 6)) {
		*https = false;
		*p += 6;
		return true;
	}
	if (!strncmp(*p, "\"HTTPS\"", 7)) {
		*https = true;
		*p += 7;
		return true;
	}
	return false;
}

/* A JSON integer in 1-65535 (a fraction or exponent fails, as in Go). */
static bool take_port(const char **p, long *v)
{
	const char *s;
	char *end;

	skip_ws(p);
	s = *p;
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return false;
	errno = 0;
	*v = strtol(*p, &end, 10);
	if (errno || *end == '.' || *end == 'e' || *end == 'E')
		return false;
	*p = end;
	return *v >= 1 && *v <= 65535;
}

/*
 * The group's listener on port, made on first use.  A member naming it
 * with the other protocol makes the controller refuse the group.
 */
static struct lport *group_port(struct alb *x, struct group *g, long port,
				bool https)
{
	struct lport *lp;

	for (lp = g->ports; lp; lp = lp->next)
		if (lp->port == port) {
			if (lp->https != https)
				g->rejected = true;
			return lp;
		}
	lp = arena_alloc(x->a, sizeof(*lp));
	lp->port = port;
	lp->https = https;
	lp->next = g->ports;
	g->ports = lp;
	return lp;
}

/* m listens on port too; a port named twice takes the last protocol. */
static void member_port(struct alb *x, struct member *m, long port, bool https,
			size_t cap)
{
	size_t i;

	if (!m->ports)
		m->ports = arena_calloc(x->a, cap, sizeof(*m->ports));
	for (i = 0; i < m->nports; i++)
		if (m->ports[i]->port == port)
			break;
	if (i == m->nports && m->nports == cap)
		return;
	if (i == m->nports)
		m->nports++;
	m->ports[i] = arena_alloc(x->a, sizeof(**m->ports));
	m->ports[i]->port = port;
	m->ports[i]->https = https;
}

/*
 * listen-ports as the controller reads it (json.Unmarshal into a list of
 * protocol-to-port maps): a non-empty JSON list of objects whose keys are
 * "HTTP" or "HTTPS" and whose values are ports.  false when it refuses it.
 * m's ports are scratch entries here, replaced by the group's after.
 */
static bool parse_ports(struct alb *x, struct member *m, const char *text)
{
	const char *p = text;
	size_t cap = 1;
	bool https;
	long port;

	for (; *p; p++)
		cap += *p == ':';
	p = text;
	if (!take(&p, '['))
		return false;
	do {
		if (!take(&p, '{'))
			return false;
		skip_ws(&p);
		if (*p != '}')
			do {
				if (!take_proto(&p, &https) || !take(&p, ':') ||
				    !take_port(&p, &port))
					return false;
				member_port(x, m, port, https, cap);
			} while (take(&p, ','));
		if (!take(&p, '}'))
			return false;
	} while (take(&p, ','));
	if (!take(&p, ']'))
		return false;
	skip_ws(&p);
	return !*p;
}

/* ing names a host a certificate could be discovered by. */
static bool has_hosts(const struct node *spec)
{
	const struct node *rules = node_get(spec, "rules");
	const struct node *tls = node_get(spec, "tls");
	size_t i;

	for (i = 0; i < node_count(rules); i++)
		if (node_get_str(node_at(rules, i), "host"))
			return true;
	for (i = 0; i < node_count(tls); i++)
		if (node_count(node_get(node_at(tls, i), "hosts")))
			return true;
	return false;
}

/*
 * The ssl-redirect of one member: its IngressClassParams sslRedirectPort
 * over its annotation.  The controller refuses a group whose members name
 * two ports or an annotation that is no integer, and drops the redirect of
 * the whole group for a class parameter that is no integer.
 */
static void add_redirect(struct group *g, const struct node *ps,
			 const struct node *ann)
{
	const char *icp = node_get_str(ps, "sslRedirectPort");
	const char *val = node_get_str(ann, ANN "ssl-redirect");
	long v;

	if (icp && *icp) {
		if (!int_value(icp, &v)) {
			g->redirect_off = true;
			return;
		}
	} else if (val) {
		if (!int_value(val, &v)) {
			g->rejected = true;
			return;
		}
	} else {
		return;
	}
	if (g->has_redirect && g->redirect != v)
		g->rejected = true;
	g->redirect = v;
	g->has_redirect = true;
}

/*
 * The listeners m's rules go to (see alb.h): its listen-ports, else HTTPS
 * 443 when it names a certificate and HTTP 80 when it does not.  A
 * certificate is named by the class's IngressClassParams certificateArn
 * (certificateARNs for EKS Auto Mode) or the certificate-arn annotation;
 * for an HTTPS listener without one the controller looks one up in ACM
 * by the Ingress's tls and rule hosts.
 */
static void add_listeners(struct alb *x, struct group *g, struct member *m,
			  const struct kobj *ing, const struct node *ps)
{
	const struct node *ann = ing->annotations;
	const char *ports = node_get_str(ann, ANN "listen-ports");
	const char *arn = node_get_str(ann, ANN "certificate-arn");
	bool cert = (arn && *arn) ||
		    node_count(node_get(ps, "certificateArn")) ||
		    node_count(node_get(ps, "certificateARNs"));
	bool hosts = has_hosts(node_get(ing->root, "spec"));
	size_t i;

	if (!ports) {
		m->listen_default = true;
		member_port(x, m, cert ? 443 : 80, cert, 1);
	} else if (!parse_ports(x, m, ports)) {
		g->rejected = true;
		m->nports = 0;
		return;
	}
	for (i = 0; i < m->nports; i++) {
		struct lport *lp =
		    group_port(x, g, m->ports[i]->port, m->ports[i]->https);
		if (lp->https && (cert || hosts))
			lp->cert = true;
		m->ports[i] = lp;
	}
}

/* *at: the map keeps the key's address, so the inventory's own slot. */
static void add_member(struct alb *x, const struct kobj *const *at,
		       const char *ctl, const struct kobj *params)
{
	const struct kobj *ing = *at;
	const struct node *ps = params ? node_get(params->root, "spec") : NULL;
	const struct node *ann = ing->annotations;
	bool auto_mode = !strcmp(ctl, CTL_AUTO);
	const char *gname = node_str(node_path(ps, "group.name"));
	const char *scheme = node_get_str(ps, "scheme");
	struct member *m = arena_alloc(x->a, sizeof(*m));
	struct group *g;
	char *key;
	void **slot;

	if (!gname && !auto_mode)
		gname = node_get_str(ann, ANN "group.name");
	if (gname && *gname)
		key = arena_printf(x->a, "%s\x1fg\x1f%s", ctl, gname);
	else
		key = arena_printf(x->a, "%s\x1fi\x1f%s/%s", ctl, kobj_ns(ing),
				   ing->name);
	slot = strmap_slot(&x->groups, key, strlen(key));
	if (!*slot) {
		g = arena_alloc(x->a, sizeof(*g));
		g->name = gname && *gname ? gname : NULL;
		g->auto_mode = auto_mode;
		*slot = g;
	}
	g = *slot;
	if (!scheme)
		scheme = node_get_str(ann, ANN "scheme");
	if (scheme && !strcmp(scheme, SCHEME_PUBLIC)) {
		if (!g->public_by)
			g->public_by = ing;
	} else if (scheme && !strcmp(scheme, "internal")) {
		if (!g->internal_by)
			g->internal_by = ing;
	} else if (scheme && !g->odd_by) {
		g->odd_by = ing;
		g->odd_value = scheme;
	}
	add_redirect(g, ps, ann);
	m->g = g;
	m->ing = ing;
	m->next = g->members;
	g->members = m;
	g->nmembers++;
	if (!int_value(node_get_str(ann, ANN "group.order"), &m->order))
		m->order = 0;
	add_listeners(x, g, m, ing, ps);
	strmap_put(&x->members, (const char *)at, sizeof(*at), m);
}

/*
 * Legacy redirect actions.  Before ssl-redirect, the controller's guide
 * had HTTP sent to HTTPS by a rule of the Ingress itself: an annotation
 * actions.NAME holding {"Type": "redirect", "RedirectConfig": {"Protocol":
 * "HTTPS", ...}} and a path whose backend is service NAME, port name
 * use-annotation, first and taking every path.  The controller puts each
 * path of the group's members on every listener of the member, members
 * by group.order and then namespace/name, the paths of a rule Exact
 * first, then Prefix longest first, then the others as written (its
 * sortIngressPaths); the ALB takes the first rule that matches, then the
 * listener's default action (a defaultBackend).  On the HTTPS listener
 * the controller drops a redirect that would loop (its rule_optimizer),
 * so only the HTTP listener redirects.  A path of a member on an HTTP
 * listener forwards in clear unless an earlier redirect rule without host,
 * or whose host the ALB matches to the path's (host_glob()), takes every
 * path; a redirect narrowed by
 * conditions.NAME, or taking part of the paths, is not counted.
 */

/* The action a backend names (service NAME, port use-annotation), or NULL */
static const char *action_name(const struct node *backend)
{
	const char *svc = node_str(node_path(backend, "service.name"));
	const struct node *port = node_path(backend, "service.port.name");

	if (!svc) {
		svc = node_get_str(backend, "serviceName");
		port = node_get(backend, "servicePort");
	}
	return svc && node_str_eq(port, "use-annotation") ? svc : NULL;
}

/* Member key of obj, whatever the case of its letters (Go's JSON). */
static const struct node *get_fold(const struct node *obj, const char *key)
{
	const struct node *v;
	const char *k;
	size_t i;

	for (i = 0; node_member_at(obj, i, &k, &v); i++)
		if (node_key_len(k) == strlen(key) &&
		    !strncasecmp(k, key, strlen(key)))
			return v;
	return NULL;
}

/*
 * Action name of ing redirects to HTTPS, for every request it takes.  The
 * controller hands RedirectConfig to the ELBv2 API as written, which
 * takes "HTTP", "HTTPS" or "#{protocol}" only: it refuses "https", the
 * group is not deployed as written, and no redirect is counted (the
 * comparison keeps the case).
 * Port is not read: whatever port the redirect names, the HTTP listener
 * answers with a redirect and serves nothing in clear.
 */
static bool https_action(struct alb *x, const struct kobj *ing,
			 const char *name)
{
	const char *text;
	const struct node *root;
	struct diag d;
	char key[320];

	fmt_snprintf(key, sizeof(key), ANN "conditions.%s", name);
	if (node_get(ing->annotations, key))
		return false;
	fmt_snprintf(key, sizeof(key), ANN "actions.%s", name);
	if (!(text = node_get_str(ing->annotations, key)))
		return false;
	memset(&d, 0, sizeof(d));
	root = load_tree(x->a, key, text, strlen(text), NULL, &d);
	return node_is(root, NODE_OBJECT) &&
	       node_str_eq(get_fold(root, "Type"), "redirect") &&
	       node_str_eq(
		   get_fold(get_fold(root, "RedirectConfig"), "Protocol"),
		   "HTTPS");
}

/* Path p of a rule takes every path: none, Prefix "/", or slash-star. */
static bool every_path(const struct node *p)
{
	const char *path = node_get_str(p, "path");
	const char *type = node_get_str(p, "pathType");

	if (!path || !*path)
		return true;
	if (type && !strcmp(type, "Prefix"))
		return !strcmp(path, "/");
	if (type && !strcmp(type, "Exact"))
		return false;
	return !strcmp(path, "/*");
}

/* Where path p sorts among its rule's: Exact, Prefix, the others. */
static int path_rank(const struct node *p)
{
	const char *type = node_get_str(p, "pathType");

	if (type && !strcmp(type, "Exact"))
		return 0;
	return type && !strcmp(type, "Prefix") ? 1 : 2;
}

/* p goes before q (a stable sort keeps the rest as written). */
static bool path_before(const struct node *p, const struct node *q)
{
	int rp = path_rank(p), rq = path_rank(q);

	if (rp != rq)
		return rp < rq;
	return rp == 1 && node_str_len(node_get(p, "path")) >
			      node_str_len(node_get(q, "path"));
}

/* Hosts that earlier redirect rules take every path of. */
struct cover {
	bool any; /* a redirect rule without host */
	const char **hosts;
	size_t n, alloc;
};

/*
 * The ALB's host-header condition pat takes every request for host:
 * letters in any case, "*" any run of characters (dots too), "?" one.  A
 * wildcard host of the Ingress ("*.example.com") is a pattern itself;
 * only a "*" of pat takes its "*".
 */
static bool host_glob(const char *pat, const char *host)
{
	const char *star = NULL, *back = NULL;

	while (*host) {
		if (*pat == '*') {
			star = pat++;
			back = host;
		} else if (*pat && ((*pat == '?' && *host != '*') ||
				    tolower((unsigned char)*pat) ==
					tolower((unsigned char)*host))) {
			pat++;
			host++;
		} else if (star) {
			pat = star + 1;
			host = ++back;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

static bool covered(const struct cover *cv, const char *host)
{
	size_t i;

	if (cv->any)
		return true;
	for (i = 0; host && i < cv->n; i++)
		if (host_glob(cv->hosts[i], host))
			return true;
	return false;
}

static void cover_add(struct cover *cv, const char *host)
{
	if (!host) {
		cv->any = true;
		return;
	}
	if (cv->n == cv->alloc) {
		cv->alloc = cv->alloc ? cv->alloc * 2 : 8;
		cv->hosts =
		    xrealloc_array(cv->hosts, cv->alloc, sizeof(*cv->hosts));
	}
	cv->hosts[cv->n++] = host;
}

/* The paths of one rule of m on an HTTP listener, in the ALB's order. */
static void walk_rule(struct alb *x, struct member *m, const struct node *rule,
		      struct cover *cv)
{
	const struct node *paths = node_path(rule, "http.paths");
	const char *host = node_get_str(rule, "host");
	const struct node *v[64];
	size_t n = node_count(paths), i, j;

	if (host && !*host)
		host = NULL;
	if (n > sizeof(v) / sizeof(v[0])) {
		m->forwards = true; /* too many to follow: assume one does */
		return;
	}
	for (i = 0; i < n; i++) {
		const struct node *p = node_at(paths, i);
		for (j = i; j > 0 && path_before(p, v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = p;
	}
	for (i = 0; i < n; i++) {
		const char *act = action_name(node_get(v[i], "backend"));
		if (act && https_action(x, m->ing, act)) {
			if (!every_path(v[i]) || covered(cv, host))
				continue;
			cover_add(cv, host);
			if (!m->g->action) {
				m->g->action = act;
				m->g->action_by = m->ing;
			}
			continue;
		}
		if (!covered(cv, host))
			m->forwards = true;
	}
}

/* m's default backend, when it forwards (no redirect action). */
static bool default_forwards(struct alb *x, const struct member *m)
{
	const struct node *spec = node_get(m->ing->root, "spec");
	const struct node *b = node_get(spec, "defaultBackend");
	const char *act;

	if (!b)
		b = node_get(spec, "backend");
	if (!b)
		return false;
	act = action_name(b);
	return !act || !https_action(x, m->ing, act);
}

static bool on_port(const struct member *m, const struct lport *lp)
{
	size_t i;

	for (i = 0; i < m->nports; i++)
		if (m->ports[i] == lp)
			return true;
	return false;
}

/* The rules of the group's members (sorted, v) on HTTP listener lp. */
static void walk_listener(struct alb *x, struct member **v, size_t n,
			  const struct lport *lp)
{
	struct cover cv = { 0 };
	size_t i, r;

	for (i = 0; i < n; i++) {
		const struct node *rules;
		if (!on_port(v[i], lp))
			continue;
		rules = node_path(v[i]->ing->root, "spec.rules");
		for (r = 0; r < node_count(rules); r++)
			walk_rule(x, v[i], node_at(rules, r), &cv);
	}
	/* the default action comes after every rule */
	for (i = 0; i < n; i++) {
		if (!on_port(v[i], lp))
			continue;
		if (!cv.any && default_forwards(x, v[i]))
			v[i]->forwards = true;
		if (cv.any || cv.n)
			v[i]->redirect_seen = true;
	}
	free(cv.hosts);
}

/* The controller's order of group members: group.order, then ns/name. */
static int member_cmp(const void *a, const void *b)
{
	const struct member *p = *(struct member *const *)a;
	const struct member *q = *(struct member *const *)b;
	int c;

	if (p->order != q->order)
		return p->order < q->order ? -1 : 1;
	c = strcmp(kobj_ns(p->ing), kobj_ns(q->ing));
	return c ? c : strcmp(p->ing->name, q->ing->name);
}

static void walk_group(struct alb *x, struct group *g)
{
	struct member **v, *m;
	const struct lport *lp;
	size_t i = 0;

	if (g->rejected || !g->nmembers)
		return;
	v = xrealloc_array(NULL, g->nmembers, sizeof(*v));
	for (m = g->members; m; m = m->next)
		v[i++] = m;
	qsort(v, g->nmembers, sizeof(*v), member_cmp);
	for (lp = g->ports; lp; lp = lp->next)
		if (!lp->https)
			walk_listener(x, v, g->nmembers, lp);
	free(v);
}

struct alb *alb_build(const struct inventory *inv)
{
	struct alb *x = xmalloc(sizeof(*x));
	const struct kobj *dflt = default_class(inv);
	const struct kobj *const *v;
	const char *key;
	size_t n, i, kl;
	void *val;

	memset(x, 0, sizeof(*x));
	x->a = arena_new_small();
	v = inventory_kind(inv, "Ingress", &n);
	for (i = 0; i < n; i++) {
		const struct kobj *params;
		const char *ctl = controller_of(inv, dflt, v[i], &params);
		if (ctl)
			add_member(x, &v[i], ctl, params);
	}
	i = 0;
	while (strmap_next(&x->groups, &i, &key, &kl, &val))
		walk_group(x, val);
	return x;
}

void alb_free(struct alb *x)
{
	if (!x)
		return;
	strmap_release(&x->members);
	strmap_release(&x->groups);
	arena_free(x->a);
	free(x);
}

/*
 * What the listeners of m's ALB do with its rules.  ssl-redirect turns
 * every HTTP listener of the group into a redirect, and needs an HTTPS
 * listener of the group on its port, or the controller refuses the group.
 */
static void listeners(const struct member *m, struct alb_ingress *out)
{
	const struct group *g = m->g;
	const struct lport *lp;
	bool redirect = false;
	size_t i;

	if (g->rejected)
		return;
	if (g->has_redirect && !g->redirect_off) {
		for (lp = g->ports; lp && lp->port != g->redirect;
		     lp = lp->next)
			;
		if (!lp || !lp->https)
			return;
		redirect = true;
	}
	for (i = 0; i < m->nports; i++) {
		lp = m->ports[i];
		if (lp->https && !lp->cert)
			return; /* an HTTPS listener needs a certificate */
	}
	out->listeners_known = true;
	out->listen_default = m->listen_default;
	if (!redirect && m->redirect_seen) {
		out->action = g->action;
		out->action_by = g->action_by;
		/* every path of it on HTTP meets a redirect action first */
		redirect = !m->forwards;
	}
	for (i = 0; i < m->nports; i++) {
		lp = m->ports[i];
		if (lp->https)
			out->https_listener = true;
		else if (!redirect)
			out->clear_listener = true;
		if ((lp->https || !redirect) &&
		    out->nports < sizeof(out->ports) / sizeof(out->ports[0]))
			out->ports[out->nports++] = lp->port;
	}
}

bool alb_lookup(const struct alb *x, const struct kobj *ing,
		struct alb_ingress *out)
{
	const struct member *m =
	    x ? strmap_get(&x->members, (const char *)&ing, sizeof(ing)) : NULL;
	const struct group *g;

	memset(out, 0, sizeof(*out));
	if (!m)
		return false;
	g = m->g;
	out->group = g->name;
	out->auto_mode = g->auto_mode;
	if (g->public_by) {
		out->scheme = ALB_INTERNET_FACING;
		out->decider = g->public_by;
	} else if (g->odd_by) {
		out->scheme = ALB_SCHEME_UNKNOWN;
		out->decider = g->odd_by;
		out->value = g->odd_value;
	} else if (g->internal_by) {
		out->scheme = ALB_INTERNAL;
		out->decider = g->internal_by;
	} else {
		/* the Load Balancer Controller's default; Auto Mode's is not
		 * documented */
		out->scheme = g->auto_mode ? ALB_SCHEME_UNKNOWN : ALB_INTERNAL;
	}
	listeners(m, out);
	return true;
}

const char *alb_scheme_text(const struct alb_ingress *ai,
			    const struct kobj *ing, char *buf, size_t n)
{
	const char *who = ai->auto_mode ? "EKS Auto Mode"
					: "AWS Load Balancer "
					  "Controller";
	const struct kobj *d = ai->decider;
	bool other = d && d != ing;

	if (ai->scheme == ALB_INTERNAL)
		fmt_snprintf(buf, n, "internal ALB of the %s%s", who,
			     d ? "" : " (its default scheme)");
	else if (ai->scheme == ALB_INTERNET_FACING)
		fmt_snprintf(
		    buf, n, "internet-facing ALB of the %s%s%s%s%s%s%s", who,
		    other ? ", set by Ingress " : "", other ? kobj_ns(d) : "",
		    other ? "/" : "", other ? d->name : "",
		    ai->group ? " of IngressGroup " : "",
		    ai->group ? ai->group : "");
	else if (d)
		fmt_snprintf(
		    buf, n,
		    "ALB scheme '%s' (Ingress %s/%s) is neither internal "
		    "nor internet-facing: assumed exposed",
		    ai->value, kobj_ns(d), d->name);
	else
		fmt_snprintf(buf, n,
			     "ALB of %s without a scheme: its default is not "
			     "documented, assumed exposed",
			     who);
	return buf;
}
