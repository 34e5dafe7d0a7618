#include "analysis/exposure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "node.h"
#include "selector.h"
#include "strmap.h"

struct ing_ref {
	const struct kobj *ing;
	const struct node *at;
	char path[128];
};

/* One value of either map; the key is owned here. */
struct bucket {
	char *key;
	const struct kobj **svcs; /* by_ns: Services of the namespace */
	size_t nsvcs, allocsvcs;
	struct ing_ref *refs; /* by_svc: Ingress backends naming it */
	size_t nrefs, allocrefs;
	const struct pod_view **pods; /* by_ns: pod views of the namespace */
	size_t npods, allocpods;
};

struct exposure {
	struct strmap by_ns;  /* namespace -> Services and pod views */
	struct strmap by_svc; /* "ns\x1fname" -> bucket of Ingress refs */
};

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
	{ "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type",
	  "private" },
};

static const char *const how_names[] = {
	[EXPOSE_NONE] = "none",		[EXPOSE_LOADBALANCER] = "LoadBalancer",
	[EXPOSE_NODEPORT] = "NodePort", [EXPOSE_EXTERNAL_IPS] = "externalIPs",
	[EXPOSE_INGRESS] = "Ingress",
};

const char *expose_how_name(enum expose_how h)
{
	return (size_t)h < sizeof(how_names) / sizeof(how_names[0])
		   ? how_names[h]
		   : "unknown";
}

static bool internal_lb(const struct kobj *svc)
{
	size_t i;

	for (i = 0; i < sizeof(internal_lb_annotations) /
			    sizeof(internal_lb_annotations[0]);
	     i++) {
		const char *v = node_get_str(svc->annotations,
					     internal_lb_annotations[i].key);
		if (!v)
			continue;
		if (internal_lb_annotations[i].value
			? !strcmp(v, internal_lb_annotations[i].value)
			: strcmp(v, "false") != 0)
			return true;
	}
	return false;
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
		    node_count(node_get(spec, "loadBalancerSourceRanges")) > 0;
		e->internal_lb = internal_lb(svc);
	} else if (node_str_eq(type, "NodePort")) {
		e->how = EXPOSE_NODEPORT;
	}
	if (e->how) {
		e->at = type;
		e->path = "spec.type";
	} else if (node_count(ips) > 0) {
		e->how = EXPOSE_EXTERNAL_IPS;
		e->at = ips;
		e->path = "spec.externalIPs";
	}
	return e->how != EXPOSE_NONE;
}

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

static void add_ref(struct exposure *e, const struct kobj *ing,
		    const char *svcname, const struct node *at,
		    const char *path)
{
	char key[512];
	struct bucket *b;

	snprintf(key, sizeof(key), "%s\x1f%s", kobj_ns(ing), svcname);
	b = bucket_get(&e->by_svc, key);
	if (b->nrefs == b->allocrefs) {
		b->allocrefs = b->allocrefs ? b->allocrefs * 2 : 4;
		b->refs =
		    xrealloc_array(b->refs, b->allocrefs, sizeof(*b->refs));
	}
	b->refs[b->nrefs].ing = ing;
	b->refs[b->nrefs].at = at;
	snprintf(b->refs[b->nrefs].path, sizeof(b->refs[b->nrefs].path), "%s",
		 path);
	b->nrefs++;
}

/* A backend: networking.k8s.io/v1 service.name or v1beta1 serviceName. */
static void add_backend(struct exposure *e, const struct kobj *ing,
			const struct node *backend, const char *prefix)
{
	char path[128];
	const struct node *n = node_path(backend, "service.name");
	const char *field = "service.name";

	if (!n) {
		n = node_get(backend, "serviceName");
		field = "serviceName";
	}
	if (!node_str(n))
		return;
	snprintf(path, sizeof(path), "%s.%s", prefix, field);
	add_ref(e, ing, node_str(n), n, path);
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
			snprintf(prefix, sizeof(prefix),
				 "spec.rules[%zu].http.paths[%zu].backend", r,
				 p);
			add_backend(e, ing,
				    node_get(node_at(paths, p), "backend"),
				    prefix);
		}
	}
}

struct exposure *exposure_build(const struct inventory *inv)
{
	struct exposure *e = xmalloc(sizeof(*e));
	const struct pod_view *pv;
	const struct kobj *const *v;
	size_t n, i;

	memset(e, 0, sizeof(*e));
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
	v = inventory_kind(inv, "Ingress", &n);
	for (i = 0; i < n; i++)
		index_ingress(e, v[i]);
	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++) {
		struct bucket *b = bucket_get(&e->by_ns, kobj_ns(pv[i].obj));
		if (b->npods == b->allocpods) {
			b->allocpods = b->allocpods ? b->allocpods * 2 : 8;
			b->pods = xrealloc_array(b->pods, b->allocpods,
						 sizeof(*b->pods));
		}
		b->pods[b->npods++] = &pv[i];
	}
	return e;
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

void exposure_free(struct exposure *e)
{
	if (!e)
		return;
	free_map(&e->by_ns);
	free_map(&e->by_svc);
	free(e);
}

bool service_selects(const struct kobj *svc, const struct pod_view *pv)
{
	if (strcmp(kobj_ns(svc), kobj_ns(pv->obj)) != 0)
		return false;
	return selector_map_matches(node_path(svc->root, "spec.selector"),
				    node_get(pv->meta, "labels"));
}

size_t exposure_selected(const struct exposure *e, const struct kobj *svc,
			 const struct pod_view **out, size_t max)
{
	const char *ns = kobj_ns(svc);
	const struct bucket *b = strmap_get(&e->by_ns, ns, strlen(ns));
	size_t i, n = 0;

	for (i = 0; b && i < b->npods; i++) {
		if (!service_selects(svc, b->pods[i]))
			continue;
		if (n < max)
			out[n] = b->pods[i];
		n++;
	}
	return n;
}

static const struct bucket *refs_of(const struct exposure *e,
				    const struct kobj *svc)
{
	char key[512];

	snprintf(key, sizeof(key), "%s\x1f%s", kobj_ns(svc), svc->name);
	return strmap_get(&e->by_svc, key, strlen(key));
}

size_t exposure_ingresses(const struct exposure *e, const struct kobj *svc,
			  const struct kobj **out, size_t max)
{
	const struct bucket *b = refs_of(e, svc);
	size_t i, n = 0;

	for (i = 0; b && i < b->nrefs; i++) {
		/* one Ingress may name the Service in several rules */
		size_t j;
		bool seen = false;
		for (j = 0; j < i; j++)
			if (b->refs[j].ing == b->refs[i].ing)
				seen = true;
		if (seen)
			continue;
		if (n < max)
			out[n] = b->refs[i].ing;
		n++;
	}
	return n;
}

static void put_route(struct expose_route *out, size_t max, size_t *n,
		      const struct expose_route *r)
{
	if (*n < max)
		out[*n] = *r;
	(*n)++;
}

size_t exposure_routes(const struct exposure *e, const struct pod_view *pv,
		       struct expose_route *out, size_t max)
{
	const struct bucket *b =
	    strmap_get(&e->by_ns, kobj_ns(pv->obj), strlen(kobj_ns(pv->obj)));
	size_t i, j, n = 0;

	for (i = 0; b && i < b->nsvcs; i++) {
		const struct kobj *svc = b->svcs[i];
		const struct bucket *refs;
		struct svc_exposure se;
		struct expose_route r;

		if (!service_selects(svc, pv))
			continue;
		if (service_exposure(svc, &se) && !se.internal_lb) {
			r = (struct expose_route){ .service = svc,
						   .how = se.how,
						   .at = se.at,
						   .path = se.path };
			put_route(out, max, &n, &r);
		}
		refs = refs_of(e, svc);
		for (j = 0; refs && j < refs->nrefs; j++) {
			size_t k;
			bool seen = false;
			for (k = 0; k < j; k++)
				if (refs->refs[k].ing == refs->refs[j].ing)
					seen = true;
			if (seen)
				continue;
			r = (struct expose_route){ .service = svc,
						   .ingress = refs->refs[j].ing,
						   .how = EXPOSE_INGRESS,
						   .at = refs->refs[j].at,
						   .path = refs->refs[j].path };
			put_route(out, max, &n, &r);
		}
	}
	return n;
}
