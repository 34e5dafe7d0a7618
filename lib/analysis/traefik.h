/*
 * traefik.h - what Traefik makes of an Ingress's routers: whether they
 * terminate TLS or redirect, from the Ingress's router annotations, the
 * Middlewares they name, and the entry points the command line of a
 * Traefik controller of the input declares.
 *
 * Traefik's Kubernetes Ingress provider makes one router per rule path;
 * spec.tls only adds certificates to its store.  A router terminates TLS
 * when traefik.ingress.kubernetes.io/router.tls is true (strconv.ParseBool)
 * or a router.tls.* option is set (certresolver, options, domains), or
 * when its entry point declares http.tls; it answers HTTP with a redirect
 * when a Middleware of router.middlewares (NAMESPACE-NAME@kubernetescrd,
 * kind Middleware of traefik.io or traefik.containo.us) has
 * spec.redirectScheme.scheme "https", or when its entry point declares
 * http.redirections.entrypoint.to.  A controller is a container whose
 * image is Traefik's and whose command line enables
 * --providers.kubernetesingress; its entry points are its
 * --entrypoints.NAME.* flags, whatever their letters' case, as Traefik
 * reads them.  A router without router.entrypoints is on the default
 * entry points: those declared with asDefault, or when none is, every TCP
 * entry point (its address not ending in /udp) but the internal one named
 * traefik.  Which controller serves an Ingress is not modelled: an entry
 * point two controllers declare differently counts as unknown, and one
 * that is a default entry point of one controller and not of another is
 * unknown to routers without router.entrypoints.
 *
 * traefik_build() reads the input once (malloc'ed, traefik_free());
 * traefik_redirects() and traefik_clear() are read-only and may run in
 * parallel.
 */
#ifndef THREATMAP_TRAEFIK_H
#define THREATMAP_TRAEFIK_H

#include <stdbool.h>
#include <stddef.h>

struct inventory;
struct kobj;

struct traefik;

struct traefik *traefik_build(const struct inventory *inv);
void traefik_free(struct traefik *t);

/*
 * Ingress ing, which Traefik serves, is not served over plain HTTP by its
 * routers: router.tls says so, a Middleware of the input that its
 * router.middlewares names redirects to HTTPS, or every entry point that
 * router.entrypoints names is declared by a Traefik controller of the
 * input with http.tls or a redirection (without router.entrypoints: every
 * default entry point).  why (size n) says which.  False when nothing of
 * this holds, or when the entry points are unknown (one that no
 * controller of the input declares, or no controller at all).
 */
bool traefik_redirects(const struct traefik *t, const struct kobj *ing,
		       char *why, size_t n);

/*
 * Ingress ing, which Traefik serves, is served over plain HTTP on an entry
 * point, whatever spec.tls says: router.entrypoints names one (without it,
 * a default entry point is one) that a
 * Traefik controller of the input declares without http.tls or a
 * redirection, no router.tls annotation applies, and every Middleware
 * router.middlewares names is in the input and none redirects to HTTPS.
 * why (size n) names the entry point.  False otherwise.
 */
bool traefik_clear(const struct traefik *t, const struct kobj *ing, char *why,
		   size_t n);

#endif
