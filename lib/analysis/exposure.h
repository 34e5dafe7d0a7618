/*
 * exposure.h - every way traffic gets into the cluster, and the pods it
 * reaches.
 *
 * Entry points:
 *  - a Service of type LoadBalancer (public, limited by
 *    loadBalancerSourceRanges, or internal by a cloud annotation), NodePort,
 *    or with spec.externalIPs;
 *  - an Ingress (networking.k8s.io/v1 and the old extensions/v1beta1
 *    serviceName/servicePort form): rules, default backend, TLS or not;
 *  - a Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute,
 *    UDPRoute) attached to a Gateway through parentRefs, when a listener
 *    of the Gateway admits the route's namespace and kind (allowedRoutes),
 *    sending traffic to the Services of its backendRefs (and of request
 *    mirrors); a backendRef to another namespace counts only when a
 *    ReferenceGrant there allows it, as the Gateway API requires;
 *  - an Istio VirtualService bound to an ingress Gateway (spec.gateways
 *    other than "mesh"), to the Services of its destinations;
 *  - a pod with hostNetwork and declared container ports, or with a
 *    hostPort: it listens on its node's address.
 *
 * A route parent or Gateway absent from the input does not hide a route:
 * the route counts and its note says what was not seen.
 *
 * Each Service reaches the pods of its namespace whose labels its selector
 * matches; a Service without selector reaches the pods that its Endpoints
 * or EndpointSlices (label kubernetes.io/service-name) name by targetRef.
 * A route that names a Service port reaches a pod only when that port's
 * targetPort resolves on the pod: a number always does, a name only when a
 * container declares a port of that name (the endpoints controller skips
 * the pod otherwise).
 *
 * exposure_build() indexes everything once (malloc'ed, exposure_free()); it
 * borrows the inventory, which must outlive it.  Queries cost the objects
 * of one namespace.  Read-only after build, so threads may share it.
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
	EXPOSE_GATEWAY,	     /* Gateway API route */
	EXPOSE_ISTIO,	     /* Istio VirtualService on a Gateway */
	EXPOSE_HOST_PORT,    /* a container's hostPort */
	EXPOSE_HOST_NETWORK, /* hostNetwork pod with container ports */
};

/*
 * "LoadBalancer", "NodePort", "externalIPs", "Ingress", "Gateway API
 * route", "Istio VirtualService", "hostPort", "hostNetwork", "none".
 */
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

/* One way into a pod. */
struct expose_route {
	enum expose_how how;
	const struct kobj *service; /* NULL for hostPort and hostNetwork */
	/* Ingress, *Route or VirtualService in front of the Service, or NULL */
	const struct kobj *front;
	const struct kobj *gateway; /* its Gateway when in the input */
	const struct node *at;	    /* what makes the route (see path) */
	char path[160];		    /* field path of at in its object */
	char port[96];		    /* "port 443 -> container port 8443" */
	char note[160];		    /* what the input lacks, or "" */
	bool internal;	 /* private network only (cloud annotation) */
	bool restricted; /* loadBalancerSourceRanges */
	bool tls;	 /* the front terminates or passes through TLS */
	/* the Service port the front names (number or name), or NULL */
	const struct node *svc_port;
};

/* The object a route is reported on: front, else service, else NULL. */
const struct kobj *expose_route_via(const struct expose_route *r);

/*
 * One line for r into buf (size n): "Ingress shop/web -> Service web (port
 * 80 -> container port 8080, no TLS)".  Returns buf.
 */
const char *expose_route_text(const struct expose_route *r, char *buf,
			      size_t n);

struct exposure;

/* Index inv (finished).  Caller frees with exposure_free(). */
struct exposure *exposure_build(const struct inventory *inv);
void exposure_free(struct exposure *e);

/* Service svc selects the pods of pv (same namespace, selector matches). */
bool service_selects(const struct kobj *svc, const struct pod_view *pv);

/* svc sends traffic to pv: by selector, or by its Endpoints/Slices. */
bool exposure_service_reaches(const struct exposure *e, const struct kobj *svc,
			      const struct pod_view *pv);

/*
 * Routes into the pods of pv: up to max into out; returns how many exist
 * (may exceed max).  Routes of one Service come before the next, the
 * Service's own exposure first, then its fronts in input order, then the
 * pod's host ports.  Internal load balancers are included (internal set).
 */
size_t exposure_routes(const struct exposure *e, const struct pod_view *pv,
		       struct expose_route *out, size_t max);

/*
 * Does route r into pv carry port?  port is either a port the way in
 * listens on outside (a LoadBalancer or externalIPs Service port, a
 * nodePort, a hostPort, a Gateway listener or Istio server port, 80 or
 * 443 of an Ingress) or the container port it delivers to.  *container is
 * the container port reached (0 when not known); desc (size n) says how,
 * e.g. "port 443 -> container port 8443".
 */
bool exposure_route_carries(const struct expose_route *r,
			    const struct pod_view *pv, long port,
			    long *container, char *desc, size_t n);

/* The first public (not internal) route into pv, in *r; false if none. */
bool exposure_public_route(const struct exposure *e, const struct pod_view *pv,
			   struct expose_route *r);

/*
 * Pod views that svc reaches, in inventory order: up to max into out;
 * returns how many there are.
 */
size_t exposure_selected(const struct exposure *e, const struct kobj *svc,
			 const struct pod_view **out, size_t max);

/* Objects in front of svc (Ingress, routes, VirtualService), each once. */
size_t exposure_fronts(const struct exposure *e, const struct kobj *svc,
		       const struct kobj **out, size_t max);

#endif
