/* ingress-without-tls: an Ingress that serves its hosts over plain HTTP. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/alb.h"
#include "analysis/exposure.h"
#include "analysis/nginx.h"
#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

#define ALB_PORTS "alb.ingress.kubernetes.io/listen-ports"

static int run_tls(const struct scan *s, struct findings *out);
static const char *unjudged(const struct scan *s);

static const char *const techniques[] = { "MS-TA9004", NULL };
static const char *const attack[] = { "T1190", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
	NULL,
};

const struct check check_ingress_without_tls = {
	.id = "ingress-without-tls",
	.title = "Ingress without TLS",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "An Ingress without spec.tls serves its hosts over plain HTTP: "
	    "credentials, session cookies and tokens sent to the "
	    "application cross the network readable and alterable, and "
	    "the application itself is the initial-access point "
	    "(Application vulnerability, MS-TA9004, T1190).  An Ingress "
	    "whose tls entries leave some of its rule hosts out serves "
	    "those hosts in clear, and a rule without host, which takes "
	    "requests for any name, is in clear unless a tls entry "
	    "without hosts covers it.  Medium; low for an Ingress kept on "
	    "the private network by an internal annotation of its "
	    "cloud controller, and low when ingress-nginx reaches those "
	    "hosts over HTTPS only (its HTTP port not published, or "
	    "force-ssl-redirect), where it serves them with its default "
	    "certificate: encrypted, but not a certificate chosen for "
	    "them, self-signed unless the controller names one.  Silent "
	    "when a cloud load balancer in front of ingress-nginx "
	    "terminates TLS on every port that reaches it.  An AWS ALB "
	    "serves what its listeners say, "
	    "whatever spec.tls holds: with HTTP listeners only, or an HTTP "
	    "listener beside HTTPS that no ssl-redirect, and no redirect "
	    "action ahead of each of its paths, turns into a redirect, its "
	    "hosts are in clear.  So are those of an Ingress with TLS whose "
	    "controller keeps serving HTTP: ingress-nginx told "
	    "ssl-redirect \"false\" by the Ingress or by its controller's "
	    "ConfigMap, while the controller's Services publish its HTTP "
	    "port, Contour without force-ssl-redirect \"true\" or "
	    "allow-http \"false\", Traefik routers on an entry point "
	    "without TLS or a redirection (named, else the controller's "
	    "default ones), or a GCE load balancer without "
	    "allow-http \"false\" or a FrontendConfig redirecting to "
	    "HTTPS.  Contour's HTTPProxy is judged alike: a root without "
	    "virtualhost.tls is in clear, and with it a route set to "
	    "permitInsecure (its own or an included proxy's) is served "
	    "over HTTP too.",
	.remediation =
	    "Add a spec.tls entry covering every host (a cert-manager "
	    "annotation can issue the certificate) and redirect HTTP to "
	    "HTTPS at the controller.  For an AWS ALB, name an HTTPS "
	    "listener in alb.ingress.kubernetes.io/listen-ports (or set "
	    "certificate-arn), and set ssl-redirect when HTTP stays.",
	.details =
	    "- **Looks at:** an Ingress without `spec.tls`, and each "
	    "rule host that no\n"
	    "  `tls[].hosts` entry or wildcard covers; a rule without "
	    "`host` (every\n"
	    "  name) unless a `tls` entry without `hosts` (the "
	    "controller's wildcard\n"
	    "  host, the API's default) covers it.\n"
	    "- **Severity by case:** medium; low when its cloud "
	    "controller keeps the\n"
	    "  Ingress private: an internal ALB (the AWS Load Balancer "
	    "Controller's\n"
	    "  `alb.ingress.kubernetes.io/scheme`, overridden by the "
	    "class's\n"
	    "  IngressClassParams `spec.scheme`, internal by default; "
	    "internet-facing\n"
	    "  when any Ingress of its IngressGroup says so; EKS Auto "
	    "Mode documents no\n"
	    "  default and stays medium), class `gce-internal`, or\n"
	    "  `appgw.ingress.kubernetes.io/use-private-ip: \"true\"` "
	    "(Application Gateway's\n"
	    "  private frontend IP only).\n"
	    "- **ALB listeners:** an ALB Ingress is judged by its "
	    "listeners, not\n"
	    "  `spec.tls` (the AWS Load Balancer Controller takes "
	    "certificates from ACM\n"
	    "  only): `listen-ports`, else HTTPS 443 with a "
	    "`certificate-arn` and HTTP 80\n"
	    "  without (hosts in `spec.tls` do not open HTTPS). It "
	    "fires when an HTTP\n"
	    "  listener forwards its rules: no HTTPS listener at all, "
	    "or HTTP beside HTTPS\n"
	    "  with no `ssl-redirect` on any Ingress of its group. "
	    "Silent when HTTP only\n"
	    "  redirects: by `ssl-redirect`, or by the older redirect "
	    "action (annotation\n"
	    "  `actions.NAME` a `redirect` to `HTTPS`, used by a path "
	    "whose backend is\n"
	    "  service NAME, port `use-annotation`) when such a path "
	    "taking every path\n"
	    "  (`/*`, Prefix `/`, none), without host or with a host "
	    "the ALB matches to\n"
	    "  the path's (`*` any characters, `?` one, any case), "
	    "comes\n"
	    "  before each path of the Ingress on the HTTP listener "
	    "(members by\n"
	    "  `group.order`, then namespace/name; a rule's paths Exact, "
	    "then Prefix\n"
	    "  longest first, then as written; a `defaultBackend` "
	    "last).  `Protocol`\n"
	    "  must be `HTTPS` as written (the ELBv2 API refuses other "
	    "spellings); the\n"
	    "  redirect's `Port` does not matter, HTTP answering with "
	    "redirects only.  Listeners the\n"
	    "  controller would refuse (unreadable `listen-ports`, "
	    "HTTPS without a\n"
	    "  certificate named or a host to discover one by, "
	    "`ssl-redirect` without its\n"
	    "  HTTPS port) leave the judgement to `spec.tls`.\n"
	    "- **HTTP beside TLS:** an Ingress with `spec.tls` fires "
	    "when ingress-nginx\n"
	    "  does not redirect it: "
	    "`nginx.ingress.kubernetes.io/ssl-redirect` is false\n"
	    "  and `force-ssl-redirect` is not true, each annotation "
	    "taking its default\n"
	    "  from the `data` of the ConfigMap its controller reads "
	    "(`--configmap`,\n"
	    "  `$(VAR)` expanded from the container's env; one absent "
	    "from the input counts\n"
	    "  as the defaults, redirect on).  The controller serving "
	    "the Ingress is found by\n"
	    "  its `--ingress-class` (class annotation), "
	    "`--controller-class` (IngressClass)\n"
	    "  and `--watch-ingress-without-class`, else the only one in "
	    "the input.  Silent\n"
	    "  when the controller's LoadBalancer, NodePort or "
	    "externalIPs Services are in\n"
	    "  the input and none targets its HTTP port (`--http-port`, "
	    "80), nor a host\n"
	    "  port or the host network.  It fires too for Contour "
	    "(class `contour`,\n"
	    "  controller `projectcontour.io/ingress-controller`), which "
	    "serves an Ingress\n"
	    "  with TLS on its HTTP listener as well unless\n"
	    "  `ingress.kubernetes.io/force-ssl-redirect: \"true\"` "
	    "(HTTP redirects) or\n"
	    "  `kubernetes.io/ingress.allow-http: \"false\"` (no HTTP "
	    "route), and when a GCE\n"
	    "  load balancer (class\n"
	    "  `gce`, `gce-internal`) keeps port 80: no\n"
	    "  `kubernetes.io/ingress.allow-http: \"false\"` and no "
	    "FrontendConfig\n"
	    "  (`networking.gke.io/v1beta1.FrontendConfig`) with\n"
	    "  `spec.redirectToHttps.enabled` (one absent from the "
	    "input counts as\n"
	    "  redirecting).\n"
	    "- **Default certificate:** ingress-nginx listens on its "
	    "HTTPS port for every\n"
	    "  host it serves, with the host's `spec.tls` certificate, "
	    "else its default one:\n"
	    "  the Secret of `--default-ssl-certificate`, else a "
	    "self-signed \"Kubernetes\n"
	    "  Ingress Controller Fake Certificate\".  A host no `tls` "
	    "entry covers is low,\n"
	    "  said to be served with that certificate, when the "
	    "controller's Services or\n"
	    "  host ports in the input publish its HTTPS port "
	    "(`--https-port`, 443) and not\n"
	    "  its HTTP port, or when `force-ssl-redirect` is true (the "
	    "annotation, else the\n"
	    "  ConfigMap; it redirects hosts without a certificate too) "
	    "and the HTTPS port\n"
	    "  is published or what publishes the controller is not in "
	    "the input.  A forced\n"
	    "  redirect whose HTTPS the controller does not publish "
	    "(TLS ends before it, at\n"
	    "  a load balancer this input does not show) stays medium.  "
	    "A `tls` entry\n"
	    "  without `secretName` asks for that default certificate: "
	    "low when the\n"
	    "  controller serving the Ingress is in the input and names "
	    "no\n"
	    "  `--default-ssl-certificate` (nginx's self-signed one), "
	    "silent when it names\n"
	    "  one (the documented way to serve one wildcard "
	    "certificate).\n"
	    "- **Traefik:** its Ingress provider only stores the "
	    "certificates of `spec.tls`;\n"
	    "  a router terminates TLS by annotation or by entry point.  "
	    "Hosts are not in\n"
	    "  clear, whatever `spec.tls` holds, when\n"
	    "  `traefik.ingress.kubernetes.io/router.tls` is true or a "
	    "`router.tls.*` option\n"
	    "  is set (the certificate then comes from Traefik's store by "
	    "SNI, a resolver,\n"
	    "  or its default one, which the input does not show), when "
	    "`router.middlewares`\n"
	    "  names a Middleware of the input (`NS-NAME@kubernetescrd`) "
	    "whose\n"
	    "  `spec.redirectScheme.scheme` is `https`, or when every "
	    "entry point of\n"
	    "  `router.entrypoints` is declared by a Traefik controller "
	    "of the input (its\n"
	    "  `--entrypoints.NAME.*` flags, with "
	    "`--providers.kubernetesingress`) with\n"
	    "  `http.tls` or `http.redirections.entrypoint.to`.  Without "
	    "`router.entrypoints`\n"
	    "  the router is on the controller's default entry points "
	    "(those with\n"
	    "  `asDefault`, else every TCP one but the internal "
	    "`traefik`), judged alike;\n"
	    "  with no such controller in the input, `spec.tls` decides.  "
	    "An Ingress with\n"
	    "  `spec.tls` is in clear too (medium) when one of its entry "
	    "points is declared\n"
	    "  by such a controller without either, no `router.tls` "
	    "applies, and every\n"
	    "  Middleware it names is in the input and none redirects.\n"
	    "- **Cloud load balancer TLS:** ingress-nginx whose "
	    "LoadBalancer Services\n"
	    "  terminate TLS at the cloud's load balancer (AWS "
	    "`aws-load-balancer-ssl-cert`\n"
	    "  on `aws-load-balancer-ssl-ports`, every port when unset; "
	    "DigitalOcean\n"
	    "  `do-loadbalancer-certificate-id` on "
	    "`do-loadbalancer-tls-ports`, 443 by\n"
	    "  default, not with `tls-passthrough`; OCI "
	    "`oci-load-balancer-tls-secret` on\n"
	    "  `oci-load-balancer-ssl-ports`) or redirect HTTP "
	    "(DigitalOcean\n"
	    "  `redirect-http-to-https`) on every port reaching it leaves "
	    "its Ingresses\n"
	    "  silent, as does `force-ssl-redirect` beside such TLS: "
	    "clients meet the load\n"
	    "  balancer's certificate.  A port it passes on as it came "
	    "to nginx's HTTP port\n"
	    "  keeps them in clear.  Azure and Google balance Services at "
	    "layer 4.\n"
	    "- **Contour HTTPProxy:** judged here, as Contour's Ingress "
	    "(it names its own\n"
	    "  host and certificate; `gateway-route-without-tls` judges "
	    "routes attached to\n"
	    "  Gateway listeners).  A root HTTPProxy "
	    "(`spec.virtualhost.fqdn`) without\n"
	    "  `virtualhost.tls` fires: every route in clear.  With "
	    "`tls.secretName` HTTP\n"
	    "  gets a redirect, except routes with `permitInsecure: "
	    "true`, of the root or of\n"
	    "  an HTTPProxy it includes (`spec.includes`, followed 8 "
	    "levels), which fire on\n"
	    "  the proxy that holds them.  `tls.passthrough` and "
	    "`enableFallbackCertificate`\n"
	    "  (a certificate for clients without SNI) are silent; "
	    "Contour's global\n"
	    "  `disablePermitInsecure` is not read.\n"
	    "- **Not seen:** a live scan or snapshot that could not list "
	    "what a verdict\n"
	    "  rests on makes the result *partial*, naming the Ingress "
	    "and the listing:\n"
	    "  workloads (no ingress-nginx controller found), the "
	    "controller's ConfigMap when\n"
	    "  the Ingress's annotations leave the redirect to it, the "
	    "Services of its\n"
	    "  namespace when its HTTP port is not known published, a "
	    "GCE Ingress's\n"
	    "  FrontendConfig.\n",
	.fix = "spec:\n"
	       "  tls:\n"
	       "  - hosts: [shop.example.com]\n"
	       "    secretName: shop-tls\n",
	.references = references,
	.run = run_tls,
	.unjudged = unjudged,
};

/* tls lists host (or a wildcard entry covering it). */
static bool tls_covers(const struct node *tls, const char *host)
{
	size_t i, j;

	for (i = 0; i < node_count(tls); i++) {
		const struct node *hs = node_get(node_at(tls, i), "hosts");
		for (j = 0; j < node_count(hs); j++) {
			const char *h = node_str(node_at(hs, j));
			const char *dot = strchr(host, '.');
			if (!h)
				continue;
			if (!strcmp(h, host) || (h[0] == '*' && h[1] == '.' &&
						 dot && !strcmp(h + 1, dot)))
				return true;
		}
	}
	return false;
}

/*
 * A tls entry without hosts: the API defaults its hosts to the wildcard
 * host of the controller, so it covers a rule without host.
 */
static bool tls_catch_all(const struct node *tls)
{
	size_t i;

	for (i = 0; i < node_count(tls); i++)
		if (!node_count(node_get(node_at(tls, i), "hosts")))
			return true;
	return false;
}

/*
 * Its cloud controller keeps ing on the private network: an internal ALB
 * (alb.h: IngressClassParams or annotation scheme over the IngressGroup,
 * internal by the AWS Load Balancer Controller's default), GKE's class
 * gce-internal, or the Application Gateway Ingress Controller's
 * use-private-ip "true" (the Ingress listens on the gateway's private
 * frontend IP only).
 */
static bool internal(const struct kobj *ing, const struct alb_ingress *ai)
{
	const char *cls =
	    node_get_str(ing->annotations, "kubernetes.io/ingress.class");

	if (ai)
		return ai->scheme == ALB_INTERNAL;
	return (cls && !strcmp(cls, "gce-internal")) ||
	       node_str_eq(
		   node_get(ing->annotations,
			    "appgw.ingress.kubernetes.io/use-private-ip"),
		   "true");
}

/*
 * An ALB listener forwards ing's rules over HTTP.  The controller never
 * reads a spec.tls secret (its certificates come from ACM, named or
 * discovered by host for an HTTPS listener), so with no HTTPS listener
 * the entries are decoration; with one, HTTP still serves the same rules
 * unless ssl-redirect turns it into a redirect.
 */
static void alb_clear(struct findings *out, const struct kobj *ing,
		      const struct alb_ingress *ai)
{
	const struct node *ports = node_get(ing->annotations, ALB_PORTS);
	const struct node *tls = node_path(ing->root, "spec.tls");
	struct finding *fd;

	if (ai->https_listener && ai->action)
		fd = finding_add(
		    out, &check_ingress_without_tls, ing, NULL,
		    "Ingress '%s' is served on an HTTP listener of its ALB "
		    "besides HTTPS, and the redirect action '%s' of Ingress "
		    "%s/%s does not come before each of its paths: those are "
		    "served over plain HTTP too",
		    ing->name, ai->action, kobj_ns(ai->action_by),
		    ai->action_by->name);
	else if (ai->https_listener)
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' is served on an HTTP listener "
				 "of its ALB besides HTTPS, and no "
				 "ssl-redirect in its IngressGroup turns it "
				 "into a redirect: its hosts are served over "
				 "plain HTTP too",
				 ing->name);
	else
		fd = finding_add(
		    out, &check_ingress_without_tls, ing, NULL,
		    "Ingress '%s' has no HTTPS listener on its ALB (%s%s): "
		    "its hosts are served over plain HTTP",
		    ing->name,
		    ai->listen_default ? "no listen-ports and no "
					 "certificate-arn: HTTP 80 only"
				       : "listen-ports names HTTP only",
		    node_count(tls) ? "; spec.tls does not add one" : "");
	if (ports)
		finding_evidence(out, fd, ports,
				 "metadata.annotations." ALB_PORTS, "%s",
				 node_str(ports));
	else
		finding_evidence(out, fd, node_get(ing->root, "metadata"),
				 "metadata.annotations." ALB_PORTS,
				 "unset: HTTP 80");
	if (node_count(tls) && !ai->https_listener)
		finding_evidence(out, fd, tls, "spec.tls",
				 "not used: no HTTPS listener to discover "
				 "certificates for");
	if (internal(ing, ai))
		fd->severity = SEV_LOW;
}

/*
 * ing has spec.tls, but its controller serves it over plain HTTP as well
 * (ingress-nginx told not to redirect, by its annotation or its
 * controller's ConfigMap; Contour not told to redirect; a GCE load
 * balancer still listening on 80): its
 * TLS hosts are readable on port 80 too.
 */
#define NGINX_REDIRECT "nginx.ingress.kubernetes.io/ssl-redirect"
#define TRAEFIK_EPS    "traefik.ingress.kubernetes.io/router.entrypoints"

static void http_too(const struct scan *s, struct findings *out,
		     const struct kobj *ing, const struct alb_ingress *ai)
{
	const struct node *at;
	const struct nginx_controller *c;
	char why[512];
	struct finding *fd;

	if (!exposure_ingress_http_beside_tls(s->exposure, ing, why,
					      sizeof(why)))
		return;
	fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
			 "Ingress '%s' has spec.tls, but %s: its hosts are "
			 "served over plain HTTP too",
			 ing->name, why);
	c = nginx_lookup(exposure_nginx(s->exposure), ing, false);
	if ((at = node_get(ing->annotations, NGINX_REDIRECT)))
		finding_evidence(out, fd, at,
				 "metadata.annotations." NGINX_REDIRECT, "%s",
				 node_scalar_text(at));
	else if (c && c->ssl_at)
		finding_evidence(out, fd, node_get(ing->root, "metadata"),
				 "metadata.annotations." NGINX_REDIRECT,
				 "unset: ConfigMap %s/%s data.ssl-redirect "
				 "\"%s\"",
				 c->cm_ns, c->cm_name,
				 node_scalar_text(c->ssl_at));
	else if ((at = node_get(ing->annotations, TRAEFIK_EPS)))
		finding_evidence(out, fd, at,
				 "metadata.annotations." TRAEFIK_EPS, "%s",
				 node_scalar_text(at));
	else
		finding_evidence(out, fd, node_get(ing->root, "metadata"),
				 "metadata.annotations",
				 "kubernetes.io/ingress.allow-http unset");
	if (internal(ing, ai))
		fd->severity = SEV_LOW;
}

/*
 * A host (or the whole Ingress, or a rule without host) served without a
 * certificate of its own: in clear, or when ingress-nginx reaches it over
 * HTTPS only, with its default certificate (dc, the reason; "" when not):
 * low, as encrypted but not authenticated.
 */
static struct finding *clear_host(struct findings *out, const struct kobj *ing,
				  const struct alb_ingress *ai, const char *dc,
				  const char *host)
{
	struct finding *fd;

	if (*dc && !host)
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' has no spec.tls: %s", ing->name,
				 dc);
	else if (!host)
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' has no spec.tls: its hosts are "
				 "served over plain HTTP",
				 ing->name);
	else if (*dc && !*host)
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' serves a rule without host (any "
				 "host name) that its spec.tls entries do not "
				 "cover: %s",
				 ing->name, dc);
	else if (!*host)
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' serves a rule without host "
				 "(any host name) without TLS: its spec.tls "
				 "entries cover named hosts only",
				 ing->name);
	else if (*dc)
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' serves host '%s', which no "
				 "spec.tls entry lists: %s",
				 ing->name, host, dc);
	else
		fd = finding_add(out, &check_ingress_without_tls, ing, NULL,
				 "Ingress '%s' serves host '%s' without TLS: "
				 "no spec.tls entry lists it",
				 ing->name, host);
	if (*dc || internal(ing, ai))
		fd->severity = SEV_LOW;
	return fd;
}

/*
 * tls entries without secretName: ingress-nginx serves their hosts with
 * its default certificate, self-signed when its controller names none.
 */
static void no_secret(const struct scan *s, struct findings *out,
		      const struct kobj *ing, const struct node *tls)
{
	char who[300], path[64];
	struct finding *fd;
	size_t i;

	for (i = 0; i < node_count(tls); i++) {
		const struct node *t = node_at(tls, i);
		const char *sn = node_get_str(t, "secretName");
		if ((sn && *sn) || !node_is(t, NODE_OBJECT) ||
		    !exposure_ingress_fake_cert(s->exposure, ing, who,
						sizeof(who)))
			continue;
		fd =
		    finding_add(out, &check_ingress_without_tls, ing, NULL,
				"Ingress '%s' has a spec.tls entry without "
				"secretName: its ingress-nginx controller %s "
				"names no --default-ssl-certificate, so nginx "
				"serves those hosts with its self-signed "
				"default certificate: encrypted, but no client "
				"can authenticate the server",
				ing->name, who);
		fmt_snprintf(path, sizeof(path), "spec.tls[%zu]", i);
		finding_evidence(out, fd, t, path, "no secretName");
		fd->severity = SEV_LOW;
	}
}

/*
 * Contour's HTTPProxy (projectcontour.io/v1), judged here rather than by
 * gateway-route-without-tls: it is Contour's Ingress, an object that
 * names its own hosts and certificate, not a route attached to a Gateway
 * listener.  A root (spec.virtualhost.fqdn) without virtualhost.tls
 * serves every route over plain HTTP.  With tls.secretName, Envoy answers
 * HTTP with a 301 to HTTPS, except for routes with permitInsecure: true,
 * of the root or of an HTTPProxy it includes (spec.includes, followed to
 * HTTPPROXY_DEPTH levels), which HTTP still serves.  tls.passthrough
 * hands TLS to the backend; enableFallbackCertificate only adds a
 * certificate for clients without SNI: neither is in clear.
 */
#define HTTPPROXY_DEPTH 8

static bool is_httpproxy(const struct kobj *o)
{
	return !strcmp(o->group, "projectcontour.io");
}

static void insecure_routes(const struct scan *s, struct findings *out,
			    const struct kobj *root, const struct kobj *p,
			    int depth)
{
	const struct node *routes = node_path(p->root, "spec.routes");
	const struct node *inc = node_path(p->root, "spec.includes");
	const char *fqdn =
	    node_get_str(node_path(root->root, "spec.virtualhost"), "fqdn");
	size_t i;

	for (i = 0; i < node_count(routes); i++) {
		const struct node *pi =
		    node_get(node_at(routes, i), "permitInsecure");
		struct finding *fd;
		char path[64];

		if (!node_is_true(pi))
			continue;
		if (p == root)
			fd = finding_add(
			    out, &check_ingress_without_tls, p, NULL,
			    "HTTPProxy '%s' has virtualhost.tls, but its route "
			    "%zu sets permitInsecure: Contour serves it on "
			    "host '%s' over plain HTTP too, without the "
			    "redirect to HTTPS",
			    p->name, i, fqdn ? fqdn : "");
		else
			fd = finding_add(
			    out, &check_ingress_without_tls, p, NULL,
			    "HTTPProxy '%s' is included by HTTPProxy %s/%s, "
			    "which has virtualhost.tls, but its route %zu "
			    "sets permitInsecure: Contour serves it on host "
			    "'%s' over plain HTTP too, without the redirect to "
			    "HTTPS",
			    p->name, kobj_ns(root), root->name, i,
			    fqdn ? fqdn : "");
		fmt_snprintf(path, sizeof(path),
			     "spec.routes[%zu].permitInsecure", i);
		finding_evidence(out, fd, pi, path, "true");
	}
	if (depth >= HTTPPROXY_DEPTH)
		return;
	for (i = 0; i < node_count(inc); i++) {
		const struct node *in = node_at(inc, i);
		const char *name = node_get_str(in, "name");
		const char *ns = node_get_str(in, "namespace");
		const struct kobj *child =
		    name ? inventory_find(s->inv, "HTTPProxy",
					  ns ? ns : kobj_ns(p), name)
			 : NULL;
		if (child && child != root && is_httpproxy(child) &&
		    !node_get(node_get(child->root, "spec"), "virtualhost"))
			insecure_routes(s, out, root, child, depth + 1);
	}
}

static void run_httpproxy(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "HTTPProxy", &n);
	for (i = 0; i < n; i++) {
		const struct node *vh =
		    node_path(v[i]->root, "spec.virtualhost");
		const struct node *tls = node_get(vh, "tls");
		const char *fqdn = node_get_str(vh, "fqdn");
		struct finding *fd;

		/* only a root, with a host of its own, is served */
		if (!is_httpproxy(v[i]) || !fqdn || !*fqdn)
			continue;
		if (node_is_true(node_get(tls, "passthrough")))
			continue;
		if (!tls) {
			fd = finding_add(
			    out, &check_ingress_without_tls, v[i], NULL,
			    "HTTPProxy '%s' has no virtualhost.tls: "
			    "Contour serves host '%s' over plain "
			    "HTTP",
			    v[i]->name, fqdn);
			finding_evidence(out, fd, vh, "spec.virtualhost",
					 "no tls");
			continue;
		}
		/* without a secret Contour refuses the proxy: nothing served */
		if (!node_get_str(tls, "secretName"))
			continue;
		insecure_routes(s, out, v[i], v[i], 0);
	}
}

static int run_tls(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i, r;

	v = inventory_kind(s->inv, "Ingress", &n);
	for (i = 0; i < n; i++) {
		const struct node *spec = node_get(v[i]->root, "spec");
		const struct node *tls = node_get(spec, "tls");
		const struct node *rules = node_get(spec, "rules");
		struct alb_ingress alb;
		const struct alb_ingress *ai = NULL;
		struct finding *fd;
		char dc[512];

		if (alb_lookup(exposure_alb(s->exposure), v[i], &alb)) {
			ai = &alb;
			/* its listeners decide, whatever spec.tls says */
			if (alb.listeners_known) {
				if (alb.clear_listener)
					alb_clear(out, v[i], ai);
				continue;
			}
		}
		/* Traefik's routers say, not spec.tls */
		if (exposure_ingress_no_clear_router(s->exposure, v[i], dc,
						     sizeof(dc)))
			continue;
		/* a cloud load balancer serves it over TLS, not nginx */
		if (exposure_ingress_lb_tls(s->exposure, v[i], dc, sizeof(dc)))
			continue;
		if (!exposure_ingress_default_cert(s->exposure, v[i], dc,
						   sizeof(dc)))
			dc[0] = '\0';

		if (!node_count(tls)) {
			fd = clear_host(out, v[i], ai, dc, NULL);
			finding_evidence(out, fd, spec, "spec", "no tls");
			continue;
		}
		for (r = 0; r < node_count(rules); r++) {
			const struct node *h =
			    node_get(node_at(rules, r), "host");
			char path[64];
			if (!h && node_is(node_at(rules, r), NODE_OBJECT) &&
			    !tls_catch_all(tls)) {
				/* no host: the rule takes every request */
				fd = clear_host(out, v[i], ai, dc, "");
				fmt_snprintf(path, sizeof(path),
					     "spec.rules[%zu]", r);
				finding_evidence(out, fd, node_at(rules, r),
						 path, "no host");
				continue;
			}
			if (!node_str(h) || tls_covers(tls, node_str(h)))
				continue;
			fd = clear_host(out, v[i], ai, dc, node_str(h));
			fmt_snprintf(path, sizeof(path), "spec.rules[%zu].host",
				     r);
			finding_evidence(out, fd, h, path, "%s", node_str(h));
		}
		no_secret(s, out, v[i], tls);
		http_too(s, out, v[i], ai);
	}
	run_httpproxy(s, out);
	return 0;
}

/*
 * The Ingresses whose verdict rests on objects a forbidden listing hid
 * (exposure_ingress_unseen()): the first three named, the rest counted.
 */
static const char *unjudged(const struct scan *s)
{
	const struct kobj *const *v;
	const char *t = NULL;
	size_t n, i, named = 0, more = 0;

	if (!inventory_forbidden_count(s->inv))
		return NULL;
	v = inventory_kind(s->inv, "Ingress", &n);
	for (i = 0; i < n; i++) {
		struct alb_ingress alb;
		char why[512];

		if (alb_lookup(exposure_alb(s->exposure), v[i], &alb) &&
		    alb.listeners_known)
			continue;
		if (!exposure_ingress_unseen(
			s->exposure, v[i],
			node_count(node_path(v[i]->root, "spec.tls")) > 0, why,
			sizeof(why)))
			continue;
		if (named == 3) {
			more++;
			continue;
		}
		named++;
		t = arena_printf(s->arena, "%s%sIngress %s/%s: %s", t ? t : "",
				 t ? "; " : "", kobj_ns(v[i]), v[i]->name, why);
	}
	if (!t)
		return NULL;
	if (more)
		t = arena_printf(s->arena, "%s; and %zu more Ingresses", t,
				 more);
	return arena_printf(s->arena,
			    "cannot tell how ingress-nginx or a GCE load "
			    "balancer serves some Ingresses: %s",
			    t);
}
