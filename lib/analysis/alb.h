/*
 * alb.h - what an AWS Application Load Balancer controller makes of an
 * Ingress: whether the ALB is internal or internet-facing, and whether the
 * Ingress's rules are served over plain HTTP.
 *
 * Two controllers build ALBs for Ingresses: the AWS Load Balancer
 * Controller (IngressClass controller ingress.k8s.aws/alb, or the legacy
 * kubernetes.io/ingress.class annotation "alb", which it reads before
 * spec.ingressClassName) and EKS Auto Mode (eks.amazonaws.com/alb).  An
 * Ingress whose class is not in the input but that carries the
 * alb.ingress.kubernetes.io/scheme annotation counts as the former's.
 *
 * Ingresses sharing an IngressGroup share one ALB.  The group is the
 * spec.group.name of the class's IngressClassParams, else the annotation
 * alb.ingress.kubernetes.io/group.name (the Load Balancer Controller
 * only), else the Ingress alone.  Each member's scheme is its
 * IngressClassParams spec.scheme, else its annotation
 * alb.ingress.kubernetes.io/scheme; the controller refuses a group whose
 * members disagree.  The group's ALB is:
 *  - internet-facing when any member says so (a conflicting group keeps
 *    whatever ALB it had, and every member's backends are behind it);
 *  - of unknown scheme (public) when a member gives another value;
 *  - internal when every member that says something says internal, or,
 *    for the Load Balancer Controller, when none does (its default);
 *  - of unknown scheme (public) for EKS Auto Mode when none does: its
 *    documentation gives no default.
 *
 * Listeners, as the Load Balancer Controller builds them
 * (docs/guide/ingress/annotations.md#listen-ports and cert_discovery.md of
 * kubernetes-sigs/aws-load-balancer-controller; computeIngressListenPorts
 * in its pkg/ingress/model_build_listener.go):
 *  - a member's rules go to the listeners of its listen-ports annotation,
 *    a JSON list such as '[{"HTTP": 80}, {"HTTPS": 443}]';
 *  - without the annotation, to HTTPS 443 when it names a certificate
 *    (annotation certificate-arn, or its IngressClassParams
 *    certificateArn) and to HTTP 80 otherwise.  Hosts do not count here:
 *    "You need to explicitly specify to use HTTPS listener with
 *    listen-ports annotation" (cert_discovery.md), so spec.tls alone
 *    leaves the Ingress on HTTP 80;
 *  - an HTTPS listener without a named certificate gets the ACM
 *    certificates of the Ingress's spec.tls hosts and rule hosts
 *    (assumed found: ACM is not in the input); spec.tls secretName is
 *    never read;
 *  - ssl-redirect (or the IngressClassParams sslRedirectPort) on any
 *    member makes every HTTP listener of the ALB only redirect to HTTPS;
 *    its port must be an HTTPS listener of the group.
 *  - the legacy redirect: a rule path whose backend is service NAME, port
 *    name use-annotation, with annotation actions.NAME a redirect to
 *    HTTPS, makes the HTTP listener redirect the requests it takes (every
 *    path, for its host, hosts its wildcards match, or any): a member
 *    all of whose paths on HTTP
 *    listeners (and its defaultBackend) meet such a rule first only
 *    redirects there (see alb.c for the order of the rules).
 * The controller refuses a group whose listen-ports it cannot read, whose
 * members give one port two protocols or two ssl-redirect ports, or whose
 * ssl-redirect has no HTTPS listener; and AWS refuses an HTTPS listener
 * without a certificate.  Their listeners are then unknown.
 *
 * alb_build() indexes the Ingresses once (malloc'ed, alb_free()).
 */
#ifndef THREATMAP_ALB_H
#define THREATMAP_ALB_H

#include <stdbool.h>
#include <stddef.h>

struct inventory;
struct kobj;

enum alb_scheme {
	ALB_INTERNAL,
	ALB_INTERNET_FACING,
	ALB_SCHEME_UNKNOWN, /* treated as internet-facing */
};

struct alb_ingress {
	const struct kobj
	    *decider;	   /* the member whose scheme decided, or NULL */
	const char *group; /* explicit group name, or NULL */
	const char *value; /* ALB_SCHEME_UNKNOWN by decider: its value */
	enum alb_scheme scheme;
	bool auto_mode; /* EKS Auto Mode, not the Load Balancer Controller */
	/* the controller can build the listeners below (see above) */
	bool listeners_known;
	/* ... an HTTPS listener serves its rules */
	bool https_listener;
	/* ... an HTTP listener forwards its rules: no ssl-redirect */
	bool clear_listener;
	/* ... it has no listen-ports annotation: the default listener */
	bool listen_default;
	/* ... the ports of the listeners that serve its rules (an HTTP one
	 * that ssl-redirect turns into a redirect does not), first 8 */
	long ports[8];
	size_t nports;
	/* a legacy redirect action (the NAME of annotation actions.NAME) of
	 * Ingress action_by is on its HTTP listener, or NULL; HTTP only
	 * redirects unless clear_listener says a path comes before it */
	const char *action;
	const struct kobj *action_by;
};

struct alb;

struct alb *alb_build(const struct inventory *inv);
void alb_free(struct alb *a);

/* false when no ALB controller serves ing; else *out filled. */
bool alb_lookup(const struct alb *a, const struct kobj *ing,
		struct alb_ingress *out);

/* Internal or internet-facing, as a note says it (never NULL). */
const char *alb_scheme_text(const struct alb_ingress *ai,
			    const struct kobj *ing, char *buf, size_t n);

#endif
