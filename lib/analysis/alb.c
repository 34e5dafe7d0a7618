#include "analysis/alb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "node.h"
#include "strmap.h"

#define ANN	      "alb.ingress.kubernetes.io/"
#define CTL_LBC	      "ingress.k8s.aws/alb"
#define CTL_AUTO      "eks.amazonaws.com/alb"
#define PARAMS_LBC    "elbv2.k8s.aws"
#define PARAMS_AUTO   "eks.amazonaws.com"
#define SCHEME_PUBLIC "internet-facing"

/* One ALB: the Ingresses of one IngressGroup. */
struct group {
	const char *name; /* explicit group name, or NULL */
	const struct kobj *public_by, *odd_by, *internal_by;
	const char *odd_value;
	bool auto_mode, redirect;
};

struct member {
	struct group *g;
	bool ports_ok, http, cert;
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

/* A listen port annotation names protocol proto ("HTTP" or "HTTPS"). */
static bool names_proto(const char *ports, const char *quoted)
{
	return strstr(ports, quoted) != NULL;
}

/* An integer port, as ssl-redirect takes it. */
static bool port_value(const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	return !errno && !*end && v > 0 && v < 65536;
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
	const char *ports = node_get_str(ann, ANN "listen-ports");
	const char *arn = node_get_str(ann, ANN "certificate-arn");
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
	if (port_value(node_get_str(ps, "sslRedirectPort")) ||
	    port_value(node_get_str(ann, ANN "ssl-redirect")))
		g->redirect = true;

	m->g = g;
	m->cert = (arn && *arn) || node_count(node_get(ps, "certificateArn")) ||
		  node_count(node_get(ps, "certificateARNs"));
	if (ports) {
		m->http = names_proto(ports, "\"HTTP\"");
		m->ports_ok = m->http || names_proto(ports, "\"HTTPS\"");
	} else {
		m->http = !m->cert;
		m->ports_ok = true;
	}
	/* discovery by host stands for a certificate */
	if (!m->cert)
		m->cert = has_hosts(node_get(ing->root, "spec"));
	strmap_put(&x->members, (const char *)at, sizeof(*at), m);
}

struct alb *alb_build(const struct inventory *inv)
{
	struct alb *x = xmalloc(sizeof(*x));
	const struct kobj *dflt = default_class(inv);
	const struct kobj *const *v;
	size_t n, i;

	memset(x, 0, sizeof(*x));
	x->a = arena_new_small();
	v = inventory_kind(inv, "Ingress", &n);
	for (i = 0; i < n; i++) {
		const struct kobj *params;
		const char *ctl = controller_of(inv, dflt, v[i], &params);
		if (ctl)
			add_member(x, &v[i], ctl, params);
	}
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
	out->https_only = m->ports_ok && m->cert && (!m->http || g->redirect);
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
		snprintf(buf, n, "internal ALB of the %s%s", who,
			 d ? "" : " (its default scheme)");
	else if (ai->scheme == ALB_INTERNET_FACING)
		snprintf(buf, n, "internet-facing ALB of the %s%s%s%s%s%s%s",
			 who, other ? ", set by Ingress " : "",
			 other ? kobj_ns(d) : "", other ? "/" : "",
			 other ? d->name : "",
			 ai->group ? " of IngressGroup " : "",
			 ai->group ? ai->group : "");
	else if (d)
		snprintf(buf, n,
			 "ALB scheme '%s' (Ingress %s/%s) is neither internal "
			 "nor internet-facing: assumed exposed",
			 ai->value, kobj_ns(d), d->name);
	else
		snprintf(buf, n,
			 "ALB of %s without a scheme: its default is not "
			 "documented, assumed exposed",
			 who);
	return buf;
}
