/*
 * nginx.h - the ingress-nginx controllers of the input: which Ingresses
 * each serves, what its global ConfigMap says of the HTTP to HTTPS
 * redirect, and whether its Services publish its HTTP port at all.
 *
 * A controller is a pod view with a container that runs
 * /nginx-ingress-controller (command or first argument), or whose image
 * is ingress-nginx's (ingress-nginx/controller, nginx-ingress-controller).
 * Its flags, as ingress-nginx reads them (--name=value or --name value,
 * $(VAR) expanded from the container's env, where a fieldRef to
 * metadata.namespace is the pod's namespace):
 *  - --configmap=NAMESPACE/NAME: the global ConfigMap.  Its data
 *    ssl-redirect (default true) and force-ssl-redirect (default false)
 *    are the defaults of the annotations nginx.ingress.kubernetes.io/
 *    ssl-redirect and force-ssl-redirect of every Ingress it serves;
 *  - --controller-class (default k8s.io/ingress-nginx), --ingress-class
 *    (default nginx), --watch-ingress-without-class: which Ingresses it
 *    serves (see nginx_lookup());
 *  - --http-port (default 80), --https-port (default 443): the container
 *    ports its HTTP and HTTPS servers listen on;
 *  - --default-ssl-certificate=NAMESPACE/NAME: the Secret whose
 *    certificate nginx serves over HTTPS for a host no spec.tls entry
 *    gives one (without it, a self-signed certificate it makes up,
 *    "Kubernetes Ingress Controller Fake Certificate").
 * Every host nginx serves listens on both ports.  A port is published
 * when the pod uses the host's network, when that container port has a
 * hostPort, or when a Service of type LoadBalancer or NodePort, or with
 * externalIPs, selecting the pod has a port whose targetPort (number,
 * name of a container port, or the port itself when unset) is it, unless
 * the cloud load balancer of a LoadBalancer Service terminates TLS on that
 * port or redirects it to HTTPS (its annotations: AWS
 * aws-load-balancer-ssl-cert with -ssl-ports, DigitalOcean
 * do-loadbalancer-certificate-id with -tls-ports or
 * -redirect-http-to-https, OCI oci-load-balancer-tls-secret with
 * -ssl-ports; Azure and Google balance at layer 4).  When
 * no such Service and no host port publish the controller at all, what
 * fronts it is not in the input and its ports count as unknown.
 *
 * nginx_build() reads the input once (malloc'ed, nginx_free()); lookups
 * are read-only and may run in parallel.
 */
#ifndef THREATMAP_NGINX_H
#define THREATMAP_NGINX_H

#include <stdbool.h>
#include <stddef.h>

struct inventory;
struct kobj;
struct node;

/* What a setting of the global ConfigMap is known to be. */
enum nginx_setting {
	NGINX_UNSET,   /* no ConfigMap, or it does not set it: the default */
	NGINX_TRUE,    /* set to a true value (strconv.ParseBool) */
	NGINX_FALSE,   /* set to a false value, or "" */
	NGINX_UNKNOWN, /* the ConfigMap named is not in the input */
};

/* What a cloud load balancer does on a Service port (nginx.c lb_port). */
enum nginx_lb {
	NGINX_LB_PASS,	   /* passes the connection on as it came */
	NGINX_LB_TLS,	   /* terminates TLS with a certificate it is given */
	NGINX_LB_REDIRECT, /* answers HTTP with a redirect to HTTPS */
};

struct nginx_controller {
	const struct kobj *obj;		      /* the workload running it */
	const char *cm_ns, *cm_name;	      /* --configmap, or NULL */
	const struct kobj *configmap;	      /* it, when in the input */
	const struct node *ssl_at, *force_at; /* its data values, or NULL */
	enum nginx_setting ssl_redirect, force_ssl_redirect;
	/* its ports: whether what publishes the controller is in the
	 * input, and whether any of it publishes HTTP, HTTPS */
	bool fronts_known, http_published, https_published;
	/* the Service publishing HTTP (NULL: host network or hostPort), or
	 * when none does, the first Service publishing HTTPS, else the first
	 * publishing the controller */
	const struct kobj *front;
	/* the first LoadBalancer Service whose load balancer terminates TLS
	 * on a port (lb_tls_port) reaching the HTTP or HTTPS port, or NULL;
	 * such ports, and those it redirects, do not count as publishing */
	const struct kobj *lb_tls;
	const struct node *lb_tls_port;
	long http_port, https_port;
	const char *default_cert; /* --default-ssl-certificate, or NULL */
};

struct nginx;

struct nginx *nginx_build(const struct inventory *inv);
void nginx_free(struct nginx *x);

/* How many ingress-nginx controllers the input holds. */
size_t nginx_count(const struct nginx *x);

/*
 * The controller serving ing, or NULL.  A controller serves ing when its
 * kubernetes.io/ingress.class annotation is the controller's
 * --ingress-class, else when the IngressClass of spec.ingressClassName
 * (the default IngressClass when it names none) has the controller's
 * --controller-class as spec.controller, or, that IngressClass absent
 * from the input, when its name is the controller's --ingress-class;
 * an Ingress of no class is served by controllers told
 * --watch-ingress-without-class.  When none serves it, nginx_class is
 * true (the caller judged ing ingress-nginx's), the input holds exactly
 * one controller, and nothing says for sure (no class annotation; an
 * ingressClassName whose IngressClass is absent), that one.  With
 * several serving it, the first.
 */
const struct nginx_controller *
nginx_lookup(const struct nginx *x, const struct kobj *ing, bool nginx_class);

/* A value as ingress-nginx's strconv.ParseBool reads it. */
enum nginx_setting nginx_bool(const char *v);

#endif
