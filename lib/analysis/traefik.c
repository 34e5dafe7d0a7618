#include "analysis/traefik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"

#define ANN "traefik.ingress.kubernetes.io/"
#define EP  "--entrypoints."

/* An entry point a controller declares, and what it does to HTTP. */
struct ep {
	const char *name; /* in the arena, as written */
	bool tls, redirect;
	bool as_default, udp; /* asDefault; an address ending in /udp */
	bool dflt;	      /* a router without router.entrypoints is on it */
	bool conflict; /* two controllers declare it differently: unknown */
	bool dflt_conflict; /* default for one controller, not another */
};

struct traefik {
	const struct inventory *inv;
	struct arena *a;
	struct ep *v;
	size_t n, alloc;
};

/* strconv.ParseBool's true. */
static bool parse_true(const char *v)
{
	static const char *const yes[] = {
		"1", "t", "T", "TRUE", "true", "True"
	};
	size_t i;

	for (i = 0; v && i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcmp(v, yes[i]))
			return true;
	return false;
}

/* The entry point named name (len bytes), added when new. */
static struct ep *ep_get(struct traefik *t, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i].name) == len &&
		    !strncasecmp(t->v[i].name, name, len))
			return &t->v[i];
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 8;
		t->v = xrealloc_array(t->v, t->alloc, sizeof(*t->v));
	}
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	t->v[t->n].name = arena_strndup(t->a, name, len);
	return &t->v[t->n++];
}

/* One flag of a controller: --entrypoints.NAME.KEY[=VALUE]. */
static void read_flag(struct traefik *t, const char *f)
{
	const char *name = f + strlen(EP), *dot = strchr(name, '.');
	const char *eq, *key;
	size_t klen;
	struct ep *p;

	if (!dot || dot == name)
		return;
	key = dot + 1;
	eq = strchr(key, '=');
	klen = eq ? (size_t)(eq - key) : strlen(key);
	p = ep_get(t, name, (size_t)(dot - name));
	if (klen >= 8 && !strncasecmp(key, "http.tls", 8) &&
	    (klen == 8 || key[8] == '.')) {
		/* http.tls, http.tls=true, or an option of it */
		if (klen > 8 || !eq || parse_true(eq + 1))
			p->tls = true;
	} else if (klen == 31 &&
		   !strncasecmp(key, "http.redirections.entrypoint.to", 31)) {
		p->redirect = eq && eq[1];
	} else if (klen == 9 && !strncasecmp(key, "asdefault", 9)) {
		p->as_default = !eq || parse_true(eq + 1);
	} else if (klen == 7 && !strncasecmp(key, "address", 7) && eq) {
		size_t l = strlen(eq + 1);
		p->udp = l >= 4 && !strcasecmp(eq + 1 + l - 4, "/udp");
	}
}

/*
 * The default entry points of one controller, those a router without
 * entry points of its own is on: the ones marked asDefault, or when none
 * is, every TCP entry point but the internal one named traefik.
 */
static void mark_defaults(struct traefik *one)
{
	bool any = false;
	size_t i;

	for (i = 0; i < one->n; i++)
		any |= one->v[i].as_default;
	for (i = 0; i < one->n; i++)
		one->v[i].dflt =
		    any ? one->v[i].as_default
			: !one->v[i].udp && strcmp(one->v[i].name, "traefik");
}

/*
 * Add the entry points of one controller to t's; which controller serves
 * an Ingress is not modelled, so one that two controllers declare
 * differently is unknown.
 */
static void merge(struct traefik *t, const struct traefik *one)
{
	size_t i, k;

	for (i = 0; i < one->n; i++) {
		const struct ep *o = &one->v[i];
		struct ep *p = NULL;
		for (k = 0; k < t->n && !p; k++)
			if (!strcasecmp(t->v[k].name, o->name))
				p = &t->v[k];
		if (!p) {
			p = ep_get(t, o->name, strlen(o->name));
			p->tls = o->tls;
			p->redirect = o->redirect;
			p->dflt = o->dflt;
		} else {
			if (p->tls != o->tls || p->redirect != o->redirect)
				p->conflict = true;
			if (p->dflt != o->dflt)
				p->dflt_conflict = true;
		}
	}
}

/* c runs Traefik with its Kubernetes Ingress provider: read its flags. */
static void read_container(struct traefik *t, const struct node *c)
{
	const struct node *lists[2] = { node_get(c, "command"),
					node_get(c, "args") };
	const char *img = node_get_str(c, "image");
	struct traefik one;
	bool ingress = false;
	size_t l, i;

	if (!img || !strstr(img, "traefik"))
		return;
	for (l = 0; l < 2; l++)
		for (i = 0; i < node_count(lists[l]); i++) {
			const char *f = node_str(node_at(lists[l], i));
			ingress |= f && !strncasecmp(f,
						     "--providers."
						     "kubernetesingress",
						     29);
		}
	if (!ingress)
		return;
	memset(&one, 0, sizeof(one));
	one.a = t->a;
	for (l = 0; l < 2; l++)
		for (i = 0; i < node_count(lists[l]); i++) {
			const char *f = node_str(node_at(lists[l], i));
			if (f && !strncasecmp(f, EP, strlen(EP)))
				read_flag(&one, f);
		}
	mark_defaults(&one);
	merge(t, &one);
	free(one.v);
}

struct traefik *traefik_build(const struct inventory *inv)
{
	struct traefik *t = xmalloc(sizeof(*t));
	const struct pod_view *pv;
	size_t n, i, j;

	memset(t, 0, sizeof(*t));
	t->inv = inv;
	t->a = arena_new_small();
	pv = inventory_pods(inv, &n);
	for (i = 0; pv && i < n; i++) {
		const struct node *cs = node_get(pv[i].spec, "containers");
		for (j = 0; j < node_count(cs); j++)
			read_container(t, node_at(cs, j));
	}
	return t;
}

void traefik_free(struct traefik *t)
{
	if (!t)
		return;
	free(t->v);
	arena_free(t->a);
	free(t);
}

/* A router.tls annotation makes the routers terminate TLS. */
static bool router_tls(const struct kobj *ing)
{
	const char *k;
	const struct node *v;
	size_t i;

	if (parse_true(node_get_str(ing->annotations, ANN "router.tls")))
		return true;
	for (i = 0; node_member_at(ing->annotations, i, &k, &v); i++)
		if (node_key_len(k) > strlen(ANN "router.tls.") &&
		    !strncmp(k, ANN "router.tls.", strlen(ANN "router.tls.")))
			return true;
	return false;
}

/*
 * The Middleware of the input ref names (len bytes,
 * "NS-NAME@kubernetescrd"), or NULL; *redirects: it redirects to HTTPS.
 */
static const struct kobj *middleware(const struct traefik *t, const char *ref,
				     size_t len, bool *redirects)
{
	const struct kobj *const *v;
	const char *at = memchr(ref, '@', len);
	size_t n, i, ns;

	if (!at || (size_t)(ref + len - at) != 14 ||
	    strncmp(at, "@kubernetescrd", 14))
		return NULL;
	len = (size_t)(at - ref);
	v = inventory_kind(t->inv, "Middleware", &n);
	for (i = 0; i < n; i++) {
		ns = strlen(kobj_ns(v[i]));
		if (strcmp(v[i]->group, "traefik.io") &&
		    strcmp(v[i]->group, "traefik.containo.us"))
			continue;
		if (len != ns + 1 + strlen(v[i]->name) ||
		    strncmp(ref, kobj_ns(v[i]), ns) || ref[ns] != '-' ||
		    strncmp(ref + ns + 1, v[i]->name, len - ns - 1))
			continue;
		*redirects = node_str_eq(
		    node_path(v[i]->root, "spec.redirectScheme.scheme"),
		    "https");
		return v[i];
	}
	return NULL;
}

/* The entry point name (len bytes) a controller declares, or NULL. */
static const struct ep *ep_find(const struct traefik *t, const char *name,
				size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i].name) == len &&
		    !strncasecmp(t->v[i].name, name, len))
			return &t->v[i];
	return NULL;
}

/* Each item of list (comma-separated, spaces trimmed): its start, length */
static bool next_item(const char **p, const char **item, size_t *len)
{
	const char *s = *p, *e;

	while (*s == ' ' || *s == ',')
		s++;
	if (!*s)
		return false;
	e = s;
	while (*e && *e != ',')
		e++;
	*item = s;
	*len = (size_t)(e - s);
	while (*len && s[*len - 1] == ' ')
		(*len)--;
	*p = e;
	return true;
}

/*
 * Routers without router.entrypoints are on the default entry points:
 * every one of them known and with TLS or a redirection.
 */
static bool defaults_secure(const struct traefik *t, char *why, size_t n)
{
	size_t i, count = 0, len = 0;
	char names[200];

	names[0] = '\0';
	for (i = 0; i < t->n; i++) {
		const struct ep *e = &t->v[i];
		if (!e->dflt && !e->dflt_conflict)
			continue;
		if (e->conflict || e->dflt_conflict ||
		    (!e->tls && !e->redirect))
			return false;
		if (len + strlen(e->name) + 3 < sizeof(names))
			len += (size_t)fmt_snprintf(names + len,
						    sizeof(names) - len, "%s%s",
						    count ? ", " : "", e->name);
		count++;
	}
	if (!count)
		return false;
	fmt_snprintf(why, n,
		     "it names no router.entrypoints, and every default entry "
		     "point of its Traefik controller (%s) has TLS or a "
		     "redirection",
		     names);
	return true;
}

/* The default entry point without TLS or a redirection, or NULL. */
static const struct ep *default_clear(const struct traefik *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].dflt && !t->v[i].conflict &&
		    !t->v[i].dflt_conflict && !t->v[i].tls && !t->v[i].redirect)
			return &t->v[i];
	return NULL;
}

bool traefik_redirects(const struct traefik *t, const struct kobj *ing,
		       char *why, size_t n)
{
	const char *mws =
	    node_get_str(ing->annotations, ANN "router.middlewares");
	const char *eps =
	    node_get_str(ing->annotations, ANN "router.entrypoints");
	const char *p, *item;
	const struct kobj *mw;
	size_t len, count = 0;
	bool redir;

	if (!t)
		return false;
	if (router_tls(ing)) {
		fmt_snprintf(why, n,
			     "its routers terminate TLS (" ANN "router.tls)");
		return true;
	}
	for (p = mws; p && next_item(&p, &item, &len);)
		if ((mw = middleware(t, item, len, &redir)) && redir) {
			fmt_snprintf(
			    why, n,
			    "Middleware %s/%s of its routers redirects to "
			    "HTTPS",
			    kobj_ns(mw), mw->name);
			return true;
		}
	if (!eps)
		return defaults_secure(t, why, n);
	for (p = eps; p && next_item(&p, &item, &len); count++) {
		const struct ep *e = ep_find(t, item, len);
		if (!e || e->conflict || (!e->tls && !e->redirect))
			return false;
	}
	if (!count)
		return false;
	fmt_snprintf(why, n,
		     "its routers are on entry points (%s) that its Traefik "
		     "controller declares with TLS or a redirection",
		     eps);
	return true;
}

bool traefik_clear(const struct traefik *t, const struct kobj *ing, char *why,
		   size_t n)
{
	const char *mws =
	    node_get_str(ing->annotations, ANN "router.middlewares");
	const char *eps =
	    node_get_str(ing->annotations, ANN "router.entrypoints");
	const char *p, *item;
	const struct ep *e;
	size_t len;
	bool redir;

	if (!t || router_tls(ing))
		return false;
	/* every middleware known, none redirecting */
	for (p = mws; p && next_item(&p, &item, &len);)
		if (!middleware(t, item, len, &redir) || redir)
			return false;
	if (!eps && (e = default_clear(t))) {
		fmt_snprintf(
		    why, n,
		    "it names no router.entrypoints, so Traefik serves it "
		    "on every default entry point, %s too, which its "
		    "controller declares without TLS or a redirection, "
		    "and no router.tls annotation makes its routers "
		    "terminate TLS",
		    e->name);
		return true;
	}
	for (p = eps; p && next_item(&p, &item, &len);) {
		e = ep_find(t, item, len);
		if (e && !e->conflict && !e->tls && !e->redirect) {
			fmt_snprintf(
			    why, n,
			    "Traefik serves it on entry point %s too, which "
			    "its controller declares without TLS or a "
			    "redirection, and no router.tls annotation "
			    "makes its routers terminate TLS",
			    e->name);
			return true;
		}
	}
	return false;
}
