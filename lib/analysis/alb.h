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
 * Listeners: a member listens on the ports of its listen-ports annotation,
 * by default HTTPS 443 when it names a certificate (annotation
 * certificate-arn or IngressClassParams certificateArn) and HTTP 80
 * otherwise.  When any member sets ssl-redirect (or the
 * IngressClassParams sslRedirectPort), every HTTP listener of the ALB
 * only redirects to HTTPS.
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
	/* no listener serves its rules in clear: HTTPS only, or HTTP that
	 * redirects, with a certificate named or hosts to discover one by */
	bool https_only;
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
