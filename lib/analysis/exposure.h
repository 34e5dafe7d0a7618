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
 *    of the Gateway admits the route's namespace and kind (allowedRoutes)
 *    and, when both are set, a route hostname meets the listener's,
 *    sending traffic to the Services of its backendRefs (and of request
 *    mirrors); a backendRef to another namespace counts only when a
 *    ReferenceGrant there allows it, as the Gateway API requires; a
 *    route may attach to a ListenerSet (gateway.networking.k8s.io, or
 *    XListenerSet of gateway.networking.x-k8s.io) instead, whose
 *    listeners admit it and whose parent Gateway allows the set
 *    (spec.allowedListeners, None by default).  Status counts where the
 *    input has it (a live cluster, a snapshot): a parentRef whose entry
 *    of the route's status.parents says Accepted "False" attaches
 *    nothing, a Gateway or ListenerSet whose status.conditions say
 *    Accepted or Programmed "False" serves nothing (nor do the
 *    ListenerSets of such a Gateway), and a listener whose entry of its
 *    owner's status.listeners says Accepted or Programmed "False" serves
 *    nothing (Programmed "True" vouches for it).  A condition whose
 *    observedGeneration is older than its object's metadata.generation
 *    was written for a spec that is gone and counts as absent.  What a
 *    status refuses is kept for exposure_refusals().  Without status the
 *    spec decides: a
 *    listener without protocol, or of protocol HTTPS or TLS that
 *    terminates TLS without certificateRefs (or tls options), is invalid
 *    and serves nothing;
 *  - an Istio VirtualService bound to an ingress Gateway (spec.gateways
 *    other than "mesh"), to the Services of its destinations;
 *  - a pod with hostNetwork and declared container ports, or with a
 *    hostPort: it listens on its node's address;
 *  - a front whose backend is an ExternalName Service: its proxy connects
 *    to the name the Service gives (exposure_external()); a name that is
 *    a Service of the cluster leads on into that Service's pods.
 *
 * A route parent or Gateway absent from the input does not hide a route:
 * the route counts and its note says what was not seen.  A Gateway is
 * internal by an internal load balancer annotation on it or in its
 * spec.infrastructure.annotations, by an internal GKE class, or when its
 * Services in the input (labelled for it by the implementation) include
 * an internal load balancer and none that faces the outside; an Ingress
 * controller likewise by the Services that reach its pods.
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

#include "analysis/extname.h"

struct alb;
struct inventory;
struct kobj;
struct nginx;
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
	/*
	 * LoadBalancer limited by loadBalancerSourceRanges, or when that is
	 * empty by the load-balancer-source-ranges annotation (none is /0)
	 */
	bool source_ranges;
	/* ... and every range lies in a private block (RFC 1918, RFC 6598
	 * shared space, IPv6 unique local): reachable from private networks
	 * only */
	bool ranges_private;
	/* a cloud "internal load balancer" annotation, or the AWS Load
	 * Balancer Controller's default scheme (internal) */
	bool internal_lb;
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
	char note[320];		    /* what the input lacks, or "" */
	/* private network only: internal or private-ranges load balancer */
	bool internal;
	/* an Ingress whose controller in the input faces no outside port */
	bool unexposed_controller;
	/* the Ingress controller found in the input (Ingress only), or NULL */
	const struct kobj *controller;
	/* the ExternalName Service the front names, which points at service */
	const struct kobj *via_external;
	/* the route's ListenerSet (or XListenerSet) parent, or NULL */
	const struct kobj *listener_set;
	bool restricted; /* loadBalancerSourceRanges */
	/* ... all private, and no internal annotation: what makes it internal */
	bool private_ranges;
	/* the front terminates or passes through TLS on every listener or
	 * server that takes the route (Gateway, Istio), or has spec.tls */
	bool tls;
	/* the Service port the front names (number or name), or NULL */
	const struct node *svc_port;
	/* Gateway API: the ports of the listeners that take the route (their
	 * sectionName, port, allowed routes and hostnames admit it); an ALB
	 * Ingress: the ports of its listeners that serve its rules.  Each
	 * once, however many; borrowed from the exposure */
	const long *listener_ports;
	size_t nlistener_ports;
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

/*
 * The key of a namespaced name in the analysis' maps, "ns\x1fname", into
 * key[n] (n >= 1) as fmt_snprintf(key, n, "%s\x1f%s", ns, name) writes it,
 * cut at n - 1 bytes; its length.
 */
size_t exposure_ns_name_key(char *key, size_t n, const char *ns,
			    const char *name);
void exposure_free(struct exposure *e);

/*
 * What building e took, in steps: Service and pod pairs judged, and pods
 * looked at for the controller or gateway pods of a front.  Grows with
 * the pairs that can match, not with pods times Services or fronts times
 * pods (tests).
 */
size_t exposure_build_work(const struct exposure *e);

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

/*
 * Ingress ing, which has spec.tls, is served over plain HTTP too by its
 * controller (ingress-nginx told ssl-redirect "false" by its annotation
 * or its controller's ConfigMap, and not force-ssl-redirect "true", while
 * the controller's Services publish its HTTP port, see nginx.h; Contour
 * without ingress.kubernetes.io/force-ssl-redirect "true" or
 * kubernetes.io/ingress.allow-http "false"; a GCE
 * load balancer without allow-http "false" or a FrontendConfig
 * redirecting to HTTPS); why (size n, 512 is enough) says how and which
 * object decided.  False for other controllers, which are not modelled
 * here (an ALB's listeners are alb.h's).
 */
bool exposure_ingress_http_beside_tls(const struct exposure *e,
				      const struct kobj *ing, char *why,
				      size_t n);

/*
 * The hosts of Ingress ing that no spec.tls entry covers are reached over
 * HTTPS only, where ingress-nginx serves them with its default
 * certificate (every host it serves listens on its HTTPS port too): the
 * controller's Services or host ports publish its HTTPS port and not its
 * HTTP port, or force-ssl-redirect "true" (its annotation, else its
 * controller's ConfigMap) redirects HTTP to HTTPS while the HTTPS port is
 * published or what publishes it is not in the input.  why (size n, 512
 * is enough) says how and which certificate: the Secret of the
 * controller's --default-ssl-certificate, else nginx's self-signed one.
 * False for other controllers.
 */
bool exposure_ingress_default_cert(const struct exposure *e,
				   const struct kobj *ing, char *why, size_t n);

/*
 * Ingress ing is served by an ingress-nginx controller of the input that a
 * cloud load balancer fronts with TLS (nginx.h): what publishes the
 * controller is in the input, a LoadBalancer Service's load balancer
 * terminates TLS on a port reaching it, and nothing publishes its HTTPS
 * port as it is nor its HTTP port in clear, unless nginx redirects HTTP to
 * HTTPS for every host (force-ssl-redirect, the annotation else the
 * ConfigMap).  Clients then meet the load balancer's certificate, never
 * nginx's.  why (size n, 512 is enough) names the Service and port.
 */
bool exposure_ingress_lb_tls(const struct exposure *e, const struct kobj *ing,
			     char *why, size_t n);

/*
 * Ingress ing is Traefik's and its routers serve no plain HTTP, whatever
 * spec.tls says: they terminate TLS or redirect (traefik.h).  why (size
 * n, 512 is enough) says how.  False for other controllers.
 */
bool exposure_ingress_no_clear_router(const struct exposure *e,
				      const struct kobj *ing, char *why,
				      size_t n);

/*
 * Ingress ing is served by an ingress-nginx controller of the input that
 * has no --default-ssl-certificate, so a spec.tls entry without secretName
 * gets nginx's self-signed certificate; who (size n) names the controller
 * ("Deployment ns/name").  False when no controller of the input serves
 * ing, or it names a default certificate.
 */
bool exposure_ingress_fake_cert(const struct exposure *e,
				const struct kobj *ing, char *who, size_t n);

/*
 * What the verdicts above on ing (with spec.tls when tls) rest on and the
 * input could not show, because listing it was forbidden: an ingress-
 * nginx controller not found while workloads were forbidden somewhere;
 * its ConfigMap, when ing's annotations leave the redirect to it; the
 * Services of its namespace, when its HTTP port is not known published;
 * a GCE Ingress's FrontendConfig.  One sentence into why (size n, 512 is
 * enough); false when nothing was hidden.
 */
bool exposure_ingress_unseen(const struct exposure *e, const struct kobj *ing,
			     bool tls, char *why, size_t n);

/* One listener that serves a Gateway API route in clear text. */
struct expose_clear {
	const struct kobj *owner;   /* the Gateway or ListenerSet listening */
	const struct kobj *gateway; /* the Gateway of it, NULL when absent */
	const struct node *listener;
	size_t index;  /* in owner's spec.listeners */
	size_t parent; /* the route's parentRef attaching it there */
	long port;     /* the listener's port, 0 when not a number */
	bool internal; /* the Gateway faces the private network only */
};

/*
 * The listeners of protocol HTTP (no TLS) that take route (an HTTPRoute
 * or GRPCRoute of the Gateway API) as the exposure attaches routes: by
 * each parentRef's sectionName and port, the listener's allowedRoutes and
 * hostname, and for a ListenerSet, its Gateway's allowedListeners.  A
 * parentRef the route's status says was refused, and a listener whose
 * status (or its owner's, or a ListenerSet's Gateway's) says it is not
 * accepted or not programmed, take no part.  Each
 * listener once, in the order of the parentRefs that first reach them,
 * into *out (malloc'ed, the caller frees; NULL when none); returns how
 * many.  Gateways and ListenerSets absent from the input give none.
 */
size_t exposure_clear_listeners(const struct exposure *e,
				const struct kobj *route,
				struct expose_clear **out);

/* Whose status refuses a way in. */
enum expose_refused_by {
	/* the route's status.parents: Accepted "False" for the parentRef */
	EXPOSE_REFUSED_PARENT,
	/* the owner's status.listeners: Accepted or Programmed "False" */
	EXPOSE_REFUSED_LISTENER,
	/*
	 * the status.conditions of the owner, or of a ListenerSet's
	 * Gateway: Accepted or Programmed "False", so no listener serves
	 */
	EXPOSE_REFUSED_OWNER,
};

/*
 * A way in a Gateway API route would have but for a status (a live
 * cluster's, a snapshot's): the route's status refuses the parent, or
 * the Gateway's or ListenerSet's status refuses the listener or the whole
 * object.  Everything is borrowed from the inventory.
 */
struct expose_refusal {
	const struct kobj *route;
	const struct node *parent;   /* the parentRef */
	const struct kobj *owner;    /* the Gateway or ListenerSet, or NULL */
	const struct node *listener; /* the listener refused, or NULL */
	long port;		     /* its port, or 0 */
	enum expose_refused_by by;
	const struct kobj *refuser;   /* whose status refuses */
	const struct node *condition; /* the condition saying "False" */
};

/*
 * The ways into pv (through a backend Service that reaches it, on the
 * port the backendRef names) that a status refuses, on outside port port
 * (0: any; a refusal whose port is unknown counts for every port): up to
 * max into out, each once; returns how many there are.  A condition
 * written for an older generation of its object (observedGeneration less
 * than metadata.generation) refuses nothing: the spec decides there.
 */
size_t exposure_refusals(const struct exposure *e, const struct pod_view *pv,
			 long port, struct expose_refusal *out, size_t max);

/*
 * One line for r into buf (size n): "HTTPRoute shop/web on listener
 * 'http' (port 80) of Gateway shop/edge: its status.parents says Accepted
 * "False" (NotAllowedByListeners)".  Returns buf.
 */
const char *expose_refusal_text(const struct expose_refusal *r, char *buf,
				size_t n);

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

/*
 * A front (Ingress, Gateway route, VirtualService) whose backend is a
 * Service of type ExternalName: its proxy connects to the Service's
 * spec.externalName, whatever it names (see extname.h).
 */
struct expose_external {
	const struct kobj *front;      /* Ingress, *Route or VirtualService */
	const struct kobj *service;    /* the ExternalName Service */
	const struct kobj *gateway;    /* the front's Gateway, or NULL */
	const struct kobj *controller; /* the Ingress controller, or NULL */
	const char *target;	       /* spec.externalName */
	enum ext_target kind;
	char target_ns[254], target_svc[254]; /* EXT_CLUSTER_SERVICE */
	const struct kobj *target_service;    /* that Service, if in input */
	const struct node *at; /* the front's backend naming the Service */
	char path[160];	       /* field path of at in the front */
	char note[320];	       /* the front's note (controller, Gateway) */
	bool internal;	       /* the front itself is private */
	bool unexposed_controller;
	bool tls;
};

/*
 * Fronts naming ExternalName Services, in index order: up to max into
 * out; returns how many there are.  A target that is a Service of the
 * cluster also becomes a way into that Service's pods (exposure_routes()
 * gives it with via_external set).
 */
size_t exposure_external(const struct exposure *e, struct expose_external *out,
			 size_t max);

/* The ALB view of the input's Ingresses (alb.h); NULL when e is. */
const struct alb *exposure_alb(const struct exposure *e);
/* The ingress-nginx controllers of the input (nginx.h), borrowed. */
const struct nginx *exposure_nginx(const struct exposure *e);

#endif
