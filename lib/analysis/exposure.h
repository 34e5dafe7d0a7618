/*
 * exposure.h - which Services and Ingresses make which pods reachable from
 * outside the cluster.
 *
 * A Service is external when its type is LoadBalancer or NodePort or when
 * it lists spec.externalIPs.  An Ingress is external by nature (its
 * controller listens outside the cluster) and reaches the Services its
 * rules and default backend name, in its own namespace.  A Service reaches
 * the pods of its namespace whose template labels its spec.selector map
 * matches (selector.h: an empty or missing selector matches nothing).
 *
 * exposure_build() indexes Services and pod views by namespace and Ingress
 * backends by Service, so a query costs the objects of one namespace.  The index is
 * malloc'ed (exposure_free()); it borrows the inventory, which must outlive
 * it.  Read-only after build, so threads may share it.
 */
#ifndef THREATMAP_EXPOSURE_H
#define THREATMAP_EXPOSURE_H

#include <stdbool.h>
#include <stddef.h>

struct inventory;
struct kobj;
struct node;
struct pod_view;

enum expose_how {
	EXPOSE_NONE = 0,
	EXPOSE_LOADBALANCER,
	EXPOSE_NODEPORT,
	EXPOSE_EXTERNAL_IPS,
	EXPOSE_INGRESS,
};

/* "LoadBalancer", "NodePort", "externalIPs", "Ingress", "none". */
const char *expose_how_name(enum expose_how h);

/* How a Service is reachable from outside on its own. */
struct svc_exposure {
	enum expose_how
	    how; /* strongest: LoadBalancer > NodePort > externalIPs */
	const struct node *at; /* spec.type or spec.externalIPs */
	const char *path;      /* "spec.type" or "spec.externalIPs" */
	bool
	    source_ranges; /* LoadBalancer limited by loadBalancerSourceRanges */
	bool internal_lb;  /* a cloud "internal load balancer" annotation */
};

/* Fill e for Service svc; false (e->how EXPOSE_NONE) when internal. */
bool service_exposure(const struct kobj *svc, struct svc_exposure *e);

/* One way a pod is reached: a Service, and the Ingress in front of it. */
struct expose_route {
	const struct kobj *service;
	const struct kobj *ingress; /* NULL unless how == EXPOSE_INGRESS */
	enum expose_how how;
	const struct node *at; /* in the Ingress when via one, else Service */
	const char *path;      /* field path of at, static or arena-free */
};

struct exposure;

/* Index inv (finished).  Caller frees with exposure_free(). */
struct exposure *exposure_build(const struct inventory *inv);
void exposure_free(struct exposure *e);

/* Service svc selects the pods of pv (same namespace, selector matches). */
bool service_selects(const struct kobj *svc, const struct pod_view *pv);

/*
 * External routes to the pods of pv: up to max into out; returns how many
 * exist (may exceed max).  Routes of one Service come before the next.
 * A Service both external itself and behind an Ingress yields two routes.
 */
size_t exposure_routes(const struct exposure *e, const struct pod_view *pv,
		       struct expose_route *out, size_t max);

/*
 * Pod views in svc's namespace that svc selects, in inventory order: up to
 * max into out; returns how many there are.
 */
size_t exposure_selected(const struct exposure *e, const struct kobj *svc,
			 const struct pod_view **out, size_t max);

/* Ingresses (in order) that route to svc: up to max into out; count. */
size_t exposure_ingresses(const struct exposure *e, const struct kobj *svc,
			  const struct kobj **out, size_t max);

#endif
