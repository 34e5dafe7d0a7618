/*
 * test_nginx_tls.c - "HTTP beside TLS" of ingress-without-tls, and the
 * TLS of the route exposure builds, as the controllers decide it:
 * ingress-nginx's global ConfigMap (ssl-redirect, force-ssl-redirect)
 * under the Ingress's own annotations, the controller's Services that
 * publish its HTTP port or not (nginx.h), and the AWS Load Balancer
 * Controller's legacy redirect action (alb.h); hosts ingress-nginx serves
 * with its default certificate, Contour's HTTP beside TLS, Traefik's
 * routers (traefik.h), and the partial result when a listing was denied.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "analysis/nginx.h"
#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define N "nginx.ingress.kubernetes.io/"
#define A "alb.ingress.kubernetes.io/"

/* The controller's ConfigMap in ingress-nginx, with data lines. */
#define CM(data)                                                               \
	"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "                   \
	"ingress-nginx-controller, namespace: ingress-nginx}\n"                \
	"data: {" data "}\n---\n"

#define LABELS "{app.kubernetes.io/name: ingress-nginx}"

/* The controller Deployment: pod spec extras, extra args, env items. */
#define CTL_SPEC(spec, args, env)                                              \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "             \
	"ingress-nginx-controller, namespace: ingress-nginx}\n"                \
	"spec:\n  selector: {matchLabels: " LABELS "}\n"                       \
	"  template:\n    metadata: {labels: " LABELS "}\n"                    \
	"    spec:\n" spec "      containers:\n      - name: controller\n"     \
	"        image: registry.k8s.io/ingress-nginx/controller:v1.11.2\n"    \
	"        args: [/nginx-ingress-controller, "                           \
	"'--configmap=$(POD_NAMESPACE)/ingress-nginx-controller'" args "]\n"   \
	"        env: [" env "]\n"                                             \
	"        ports: [{name: http, containerPort: 80}, {name: https, "      \
	"containerPort: 443}]\n---\n"

#define NS_ENV                                                                 \
	"{name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: "             \
	"metadata.namespace}}}"
#define CTL CTL_SPEC("", "", NS_ENV)

/* A Service selecting the controller, of type and ports. */
#define SVC(type, ports)                                                       \
	"apiVersion: v1\nkind: Service\nmetadata: {name: "                     \
	"ingress-nginx-controller, namespace: ingress-nginx}\n"                \
	"spec: {type: " type ", selector: " LABELS ", ports: [" ports          \
	"]}\n---\n"
#define P_HTTP	"{name: http, port: 80, targetPort: http}"
#define P_HTTPS "{name: https, port: 443, targetPort: https}"
#define LB	SVC("LoadBalancer", P_HTTP ", " P_HTTPS)

#define CLASS_OF(name, ctl)                                                    \
	"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"               \
	"metadata: {name: " name "}\nspec: {controller: " ctl "}\n---\n"
#define CLASS CLASS_OF("nginx", "k8s.io/ingress-nginx")

/* Ingress shop/a with TLS: class line, annotations. */
#define ING_C(cls, ann)                                                        \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: a\n  namespace: shop\n  annotations: {" ann "}\n"  \
	"spec:\n" cls "  tls: [{hosts: [a.example.com], secretName: a}]\n"     \
	"  rules:\n  - host: a.example.com\n    http:\n      paths: [{path: "  \
	"/, pathType: Prefix, backend: {service: {name: web, port: {number: "  \
	"80}}}}]\n---\n"
#define ING(ann) ING_C("  ingressClassName: nginx\n", ann)

#define WEB                                                                    \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec: {selector: {matchLabels: {app: web}}, template: {metadata: "    \
	"{labels: {app: web}}, spec: {containers: [{name: web, image: "        \
	"example/web:1, ports: [{containerPort: 8080}]}]}}}\n---\n"            \
	"apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: "     \
	"shop}\n"                                                              \
	"spec: {selector: {app: web}, ports: [{port: 80, targetPort: "         \
	"8080}]}\n---\n"

/* Ingress shop/a of class nginx whose tls entry names no secret. */
#define NO_SECRET                                                              \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata: {name: a, namespace: shop}\n"                               \
	"spec:\n  ingressClassName: nginx\n"                                   \
	"  tls: [{hosts: [a.example.com]}]\n"                                  \
	"  rules:\n  - host: a.example.com\n    http: {paths: [{path: /, "     \
	"pathType: Prefix, backend: {service: {name: web, port: {number: "     \
	"80}}}}]}\n---\n"
#define NO_SECRET_MSG                                                          \
	"has a spec.tls entry without secretName: its ingress-nginx "          \
	"controller Deployment ingress-nginx/ingress-nginx-controller names "  \
	"no --default-ssl-certificate, so nginx serves those hosts with its "  \
	"self-signed default certificate"

#define OFF    "ssl-redirect: 'false'"
#define BY_CM  "ConfigMap ingress-nginx/ingress-nginx-controller"
#define BY_ANN N "ssl-redirect: \"false\" keeps ingress-nginx serving HTTP"
#define VIA_LB "which Service ingress-nginx/ingress-nginx-controller publishes"

struct tls_case {
	const char *why;
	const char *text;
	const char *sub; /* in the finding on Ingress shop/a; NULL: none */
};

static const struct tls_case cases[] = {
	/* the global ConfigMap */
	{ "ConfigMap ssl-redirect false", CM(OFF) CTL LB CLASS ING(""),
	  BY_CM " of its ingress-nginx controller Deployment "
		"ingress-nginx/ingress-nginx-controller sets ssl-redirect "
		"\"false\", which keeps it serving HTTP, " VIA_LB },
	{ "ConfigMap ssl-redirect 0 (ParseBool)",
	  CM("ssl-redirect: '0'") CTL LB CLASS ING(""), BY_CM },
	{ "ConfigMap ssl-redirect empty (a weak false)",
	  CM("ssl-redirect: ''") CTL LB CLASS ING(""), BY_CM },
	{ "ConfigMap ssl-redirect unreadable keeps the default",
	  CM("ssl-redirect: 'nope'") CTL LB CLASS ING(""), NULL },
	{ "the Ingress asks for the redirect",
	  CM(OFF) CTL LB CLASS ING(N "ssl-redirect: 'true'"), NULL },
	{ "the Ingress forces the redirect",
	  CM(OFF) CTL LB CLASS ING(N "force-ssl-redirect: 'true'"), NULL },
	{ "ConfigMap forces the redirect over the Ingress's false",
	  CM(OFF ", force-ssl-redirect: 'true'") CTL LB CLASS ING(N OFF),
	  NULL },
	{ "the Ingress's force false under a global force",
	  CM("force-ssl-redirect: 'true'")
	      CTL LB CLASS ING(N OFF ", " N "force-ssl-redirect: 'false'"),
	  BY_ANN ", " VIA_LB },
	{ "ConfigMap says nothing", CM("use-gzip: 'true'") CTL LB CLASS ING(""),
	  NULL },
	{ "ConfigMap named but absent", CTL LB CLASS ING(""), NULL },
	{ "ConfigMap absent, the Ingress's false", CTL LB CLASS ING(N OFF),
	  BY_ANN ", " VIA_LB },
	{ "no controller, ConfigMap alone", CM(OFF) CLASS ING(""), NULL },
	{ "$(POD_NAMESPACE) from a literal value elsewhere",
	  CM(OFF) CTL_SPEC("", "", "{name: POD_NAMESPACE, value: other}")
	      LB CLASS ING(""),
	  NULL },
	{ "$(POD_NAMESPACE) undefined stays literal",
	  CM(OFF) CTL_SPEC("", "", "") LB CLASS ING(""), NULL },
	{ "$(POD_NAMESPACE) from a literal value",
	  CM(OFF)
	      CTL_SPEC("", "", "{name: POD_NAMESPACE, value: ingress-nginx}")
		  LB CLASS ING(""),
	  BY_CM },
	/* which Ingresses the controller serves */
	{ "legacy class annotation",
	  CM(OFF) CTL LB ING_C("", "kubernetes.io/ingress.class: nginx"),
	  BY_CM },
	{ "legacy class annotation of another controller",
	  CM(OFF) CTL LB ING_C("", "kubernetes.io/ingress.class: other"),
	  NULL },
	{ "its own controller class",
	  CM(OFF) CTL_SPEC("",
			   ", --controller-class=example.com/internal, "
			   "--ingress-class=internal",
			   NS_ENV)
	      LB CLASS_OF("internal", "example.com/internal")
		  ING_C("  ingressClassName: internal\n", ""),
	  BY_CM },
	{ "the class of another controller",
	  CM(OFF) CTL_SPEC("",
			   ", --controller-class=example.com/internal, "
			   "--ingress-class=internal",
			   NS_ENV) LB CLASS ING(""),
	  NULL },
	{ "class absent from the input, the one controller",
	  CM(OFF) CTL_SPEC("", ", --ingress-class=internal", NS_ENV) LB ING(""),
	  BY_CM },
	{ "no class, default IngressClass",
	  CM(OFF) CTL LB
	  "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
	  "metadata: {name: nginx, annotations: {ingressclass.kubernetes.io/"
	  "is-default-class: 'true'}}\nspec: {controller: "
	  "k8s.io/ingress-nginx}\n---\n" ING_C("", ""),
	  BY_CM },
	{ "no class, watch-ingress-without-class",
	  CM(OFF) CTL_SPEC("", ", --watch-ingress-without-class", NS_ENV)
	      LB ING_C("", ""),
	  BY_CM },
	{ "no class, not watched", CM(OFF) CTL LB ING_C("", ""), NULL },
	/* what publishes the controller's HTTP port */
	{ "Service publishes HTTPS only",
	  CM(OFF) CTL SVC("LoadBalancer", P_HTTPS) CLASS ING(""), NULL },
	{ "Service publishes HTTPS only, the Ingress's false",
	  CTL SVC("NodePort", P_HTTPS) CLASS ING(N OFF), NULL },
	{ "Service targets port 80 by number",
	  CM(OFF) CTL SVC("NodePort", "{port: 8080, targetPort: 80}")
	      CLASS ING(""),
	  "which Service ingress-nginx/ingress-nginx-controller publishes" },
	{ "Service port 80 without targetPort",
	  CM(OFF) CTL SVC("LoadBalancer", "{port: 80}") CLASS ING(""), BY_CM },
	{ "--http-port moves the HTTP port",
	  CM(OFF) CTL_SPEC("", ", --http-port=8080", NS_ENV)
	      SVC("LoadBalancer", P_HTTP ", " P_HTTPS) CLASS ING(""),
	  NULL },
	{ "ClusterIP Service only: fronts unknown",
	  CM(OFF) CTL SVC("ClusterIP", P_HTTPS) CLASS ING(""),
	  "sets ssl-redirect \"false\", which keeps it serving HTTP: its" },
	{ "a tls entry without secretName, --default-ssl-certificate",
	  CTL_SPEC("", ", --default-ssl-certificate=ingress-nginx/wild", NS_ENV)
	      LB CLASS NO_SECRET,
	  NULL },
	{ "a tls entry without secretName, no controller in the input",
	  CLASS NO_SECRET, NULL },
	{ "host network",
	  CM(OFF) CTL_SPEC("      hostNetwork: true\n", "", NS_ENV)
	      CLASS ING(""),
	  "serving HTTP on its host's port 80" },
};

/* The finding of r on Ingress name, or NULL. */
static const struct finding *on_ingress(const struct tu_checks *r,
					const char *name)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		if (!strcmp(r->f.v[i]->obj->kind, "Ingress") &&
		    !strcmp(r->f.v[i]->obj->name, name))
			return r->f.v[i];
	return NULL;
}

/* Run ingress-without-tls on text; the finding on shop/a must be sub's. */
static void expect(const char *why, const char *text, const char *sub)
{
	const struct finding *f;
	struct tu_checks r;
	struct scan *s = tu_scan_text(text);

	ck_assert_msg(s->errors.n == 0, "%s: %s", why,
		      s->errors.n ? s->errors.v[0].msg : "");
	tu_check_one(&r, s, "ingress-without-tls");
	f = on_ingress(&r, "a");
	if (!sub) {
		ck_assert_msg(!f, "%s: unexpected '%s'", why,
			      f ? f->message : "");
	} else {
		ck_assert_msg(f != NULL, "%s: no finding", why);
		ck_assert_msg(strstr(f->message, sub) != NULL,
			      "%s: '%s' not in '%s'", why, sub, f->message);
	}
	tu_checks_release(&r);
}

START_TEST(test_nginx_cases)
{
	expect(cases[_i].why, cases[_i].text, cases[_i].sub);
}
END_TEST

/* The controller's facts as nginx.h reads them. */
START_TEST(test_nginx_facts)
{
	struct scan *s = tu_scan_text(CM(OFF) CTL LB CLASS ING(""));
	const struct kobj *ing = inventory_find(s->inv, "Ingress", "shop", "a");
	const struct nginx *x = exposure_nginx(s->exposure);
	const struct nginx_controller *c;

	ck_assert_uint_eq(nginx_count(x), 1);
	c = nginx_lookup(x, ing, false);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->cm_ns, "ingress-nginx");
	ck_assert_str_eq(c->cm_name, "ingress-nginx-controller");
	ck_assert_ptr_nonnull(c->configmap);
	ck_assert_int_eq(c->ssl_redirect, NGINX_FALSE);
	ck_assert_int_eq(c->force_ssl_redirect, NGINX_UNSET);
	ck_assert(c->fronts_known && c->http_published);
	ck_assert_str_eq(c->front->name, "ingress-nginx-controller");
	ck_assert_int_eq(c->http_port, 80);
	scan_free(s);
	ck_assert_int_eq(nginx_bool("True"), NGINX_TRUE);
	ck_assert_int_eq(nginx_bool("F"), NGINX_FALSE);
	ck_assert_int_eq(nginx_bool("yes"), NGINX_UNSET);
	ck_assert_int_eq(nginx_bool(NULL), NGINX_UNSET);
}
END_TEST

/* The route into the backend carries TLS as the check judges it. */
START_TEST(test_nginx_route_tls)
{
	static const struct {
		const char *text;
		bool tls;
	} t[] = {
		{ WEB CM(OFF) CTL LB CLASS ING(""), false },
		{ WEB CM(OFF) CTL SVC("LoadBalancer", P_HTTPS) CLASS ING(""),
		  true },
		{ WEB CTL LB CLASS ING(""), true },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct scan *s = tu_scan_text(t[i].text);
		const struct pod_view *pv = tu_find_pod(s, "shop/web");
		struct expose_route r[4];

		ck_assert_ptr_nonnull(pv);
		ck_assert_uint_eq(exposure_routes(s->exposure, pv, r, 4), 1);
		ck_assert_int_eq(r[0].how, EXPOSE_INGRESS);
		ck_assert_msg(r[0].tls == t[i].tls, "case %zu", i);
		scan_free(s);
	}
}
END_TEST

/* ---- Contour: HTTP beside TLS unless told otherwise ------------------ */

#define CONTOUR(ann) ING_C("  ingressClassName: contour\n", ann)
#define BY_CONTOUR   "Contour serves it on its HTTP listener too"

static const struct tls_case contour_cases[] = {
	{ "no annotation", CONTOUR(""), BY_CONTOUR },
	{ "force-ssl-redirect true",
	  CONTOUR("ingress.kubernetes.io/force-ssl-redirect: 'true'"), NULL },
	{ "allow-http false",
	  CONTOUR("kubernetes.io/ingress.allow-http: 'false'"), NULL },
	{ "force-ssl-redirect True (Contour reads the exact string)",
	  CONTOUR("ingress.kubernetes.io/force-ssl-redirect: 'True'"),
	  BY_CONTOUR },
	{ "allow-http False (the exact string)",
	  CONTOUR("kubernetes.io/ingress.allow-http: 'False'"), BY_CONTOUR },
	{ "ingress-nginx's annotation means nothing to Contour",
	  CONTOUR(N "force-ssl-redirect: 'true'"), BY_CONTOUR },
	{ "its IngressClass",
	  CLASS_OF("edge", "projectcontour.io/ingress-controller")
	      ING_C("  ingressClassName: edge\n", ""),
	  BY_CONTOUR },
};

START_TEST(test_contour_cases)
{
	expect(contour_cases[_i].why, contour_cases[_i].text,
	       contour_cases[_i].sub);
}
END_TEST

/* ---- Traefik: routers decide, not spec.tls ---------------------------- */

#define T "traefik.ingress.kubernetes.io/"
/* A Traefik controller with extra flags. */
#define TRAEFIK(flags)                                                         \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: traefik, "    \
	"namespace: edge}\nspec: {selector: {matchLabels: {app: t}}, "         \
	"template: {metadata: {labels: {app: t}}, spec: {containers: [{name: " \
	"traefik, image: 'traefik:v3.0', args: [" flags "]}]}}}\n---\n"
#define EPS                                                                    \
	"'--entryPoints.web.address=:8000', "                                  \
	"'--entryPoints.websecure.address=:8443', "                            \
	"'--entryPoints.websecure.http.tls=true', "
#define KI "'--providers.kubernetesingress'"
/* A second Traefik controller, a DaemonSet, with flags. */
#define TRAEFIK2(flags)                                                        \
	"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: traefik-b, "   \
	"namespace: edge}\nspec: {selector: {matchLabels: {app: tb}}, "        \
	"template: {metadata: {labels: {app: tb}}, spec: {containers: "        \
	"[{name: "                                                             \
	"traefik, image: 'traefik:v3.0', args: [" flags "]}]}}}\n---\n"
#define MW(name, spec)                                                         \
	"apiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: "        \
	"{name: " name ", namespace: shop}\nspec: " spec "\n---\n"
/* Ingress shop/a of class cls without spec.tls: annotations. */
#define TING_C(cls, ann)                                                       \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: a\n  namespace: shop\n  annotations: {" ann "}\n"  \
	"spec:\n  ingressClassName: " cls "\n"                                 \
	"  rules:\n  - host: a.example.com\n    http:\n      paths: [{path: "  \
	"/, pathType: Prefix, backend: {service: {name: web, port: {number: "  \
	"80}}}}]\n---\n"
#define TING(ann) TING_C("traefik", ann)
#define TTLS(ann) ING_C("  ingressClassName: traefik\n", ann)
#define CLEAR	  "has no spec.tls: its hosts are served over plain HTTP"

static const struct tls_case traefik_cases[] = {
	{ "no annotation", TRAEFIK(EPS KI) TING(""), CLEAR },
	{ "router.tls true", TRAEFIK(EPS KI) TING(T "router.tls: 'true'"),
	  NULL },
	{ "router.tls 1 (ParseBool)", TING(T "router.tls: '1'"), NULL },
	{ "router.tls false", TRAEFIK(EPS KI) TING(T "router.tls: 'false'"),
	  CLEAR },
	{ "a certificate resolver", TING(T "router.tls.certresolver: le"),
	  NULL },
	{ "on a TLS entry point",
	  TRAEFIK(EPS KI) TING(T "router.entrypoints: websecure"), NULL },
	{ "entry point names in any case",
	  TRAEFIK(EPS KI) TING(T "router.entrypoints: WebSecure"), NULL },
	{ "on a plain entry point too",
	  TRAEFIK(EPS KI) TING(T "router.entrypoints: 'websecure, web'"),
	  CLEAR },
	{ "an entry point that redirects",
	  TRAEFIK(EPS "'--entryPoints.web.http.redirections.entryPoint.to="
		      "websecure', " KI)
	      TING(T "router.entrypoints: 'web,websecure'"),
	  NULL },
	{ "entry points of a controller without the Ingress provider",
	  TRAEFIK(EPS "'--providers.kubernetescrd'")
	      TING(T "router.entrypoints: websecure"),
	  CLEAR },
	{ "entry points unknown: no controller",
	  TING(T "router.entrypoints: websecure"), CLEAR },
	{ "a redirecting Middleware",
	  MW("https", "{redirectScheme: {scheme: https}}")
	      TING(T "router.middlewares: 'shop-auth@kubernetescrd, "
		     "shop-https@kubernetescrd'"),
	  NULL },
	{ "a Middleware of another kind",
	  MW("strip", "{stripPrefix: {prefixes: [/a]}}")
	      TING(T "router.middlewares: shop-strip@kubernetescrd"),
	  CLEAR },
	{ "a redirecting Middleware of another provider",
	  MW("https", "{redirectScheme: {scheme: https}}")
	      TING(T "router.middlewares: shop-https@file"),
	  CLEAR },
	/* with spec.tls: a plain entry point serves it in clear too */
	{ "TLS, on a plain entry point too",
	  TRAEFIK(EPS KI) TTLS(T "router.entrypoints: 'web,websecure'"),
	  "Traefik serves it on entry point web too, which its controller "
	  "declares without TLS or a redirection" },
	{ "TLS, on the TLS entry point only",
	  TRAEFIK(EPS KI) TTLS(T "router.entrypoints: websecure"), NULL },
	{ "TLS, router.tls",
	  TRAEFIK(EPS KI)
	      TTLS(T "router.entrypoints: web, " T "router.tls: 'true'"),
	  NULL },
	{ "TLS, a Middleware not in the input",
	  TRAEFIK(EPS KI) TTLS(T "router.entrypoints: web, " T
				 "router.middlewares: shop-x@kubernetescrd"),
	  NULL },
	{ "TLS, a Middleware that does not redirect",
	  TRAEFIK(EPS KI) MW("strip", "{stripPrefix: {prefixes: [/a]}}")
	      TTLS(T "router.entrypoints: web, " T
		     "router.middlewares: shop-strip@kubernetescrd"),
	  "on entry point web too" },
	/* no router.entrypoints: the controller's default entry points */
	{ "TLS, no entry points: the defaults include web",
	  TRAEFIK(EPS KI) TTLS(""),
	  "it names no router.entrypoints, so Traefik serves it on every "
	  "default entry point, web too, which its controller declares "
	  "without TLS or a redirection" },
	{ "no TLS, no entry points, every default one redirects or has TLS",
	  TRAEFIK(EPS "'--entryPoints.web.http.redirections.entryPoint.to="
		      "websecure', " KI) TING(""),
	  NULL },
	{ "TLS, no entry points, the TLS one marked asDefault",
	  TRAEFIK(EPS "'--entryPoints.websecure.asDefault=true', " KI) TTLS(""),
	  NULL },
	{ "no TLS, no entry points, the plain one marked asDefault",
	  TRAEFIK(EPS "'--entryPoints.web.asDefault', " KI) TING(""), CLEAR },
	{ "no TLS, no entry points, beside the internal one and UDP",
	  TRAEFIK("'--entryPoints.websecure.address=:8443', "
		  "'--entryPoints.websecure.http.tls', "
		  "'--entryPoints.traefik.address=:9000', "
		  "'--entryPoints.dns.address=:5353/udp', " KI) TING(""),
	  NULL },
	{ "no TLS, no entry points, asDefault=false marks none",
	  TRAEFIK(EPS "'--entryPoints.websecure.asDefault=false', " KI)
	      TING(""),
	  CLEAR },
	{ "TLS, no entry points, no controller", TTLS(""), NULL },
	/* a second controller marks websecure alone as default */
	{ "TLS, no entry points, controllers disagree on the defaults",
	  TRAEFIK(EPS KI)
	      TRAEFIK2(EPS "'--entryPoints.websecure.asDefault', " KI) TTLS(""),
	  NULL },
	{ "TLS, web named, controllers disagree only on the defaults",
	  TRAEFIK(EPS KI)
	      TRAEFIK2(EPS "'--entryPoints.websecure.asDefault', " KI)
		  TTLS(T "router.entrypoints: web"),
	  "Traefik serves it on entry point web too" },
	{ "TLS, two controllers declare web differently",
	  TRAEFIK(EPS KI) "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: "
			  "{name: traefik2, "
			  "namespace: edge}\nspec: {selector: {matchLabels: "
			  "{app: t2}}, "
			  "template: {metadata: {labels: {app: t2}}, spec: "
			  "{containers: "
			  "[{name: traefik, image: 'traefik:v3.0', args: "
			  "['--entrypoints.web."
			  "http.redirections.entrypoint.to=websecure', " KI
			  "]}]}}}\n---\n" TTLS(T "router.entrypoints: web"),
	  NULL },
	{ "TLS, entry points unknown: no controller",
	  TTLS(T "router.entrypoints: web"), NULL },
	{ "Traefik's annotations on an ingress-nginx Ingress",
	  CLASS TING_C("nginx", T "router.tls: 'true'"), CLEAR },
};

START_TEST(test_traefik_cases)
{
	expect(traefik_cases[_i].why, traefik_cases[_i].text,
	       traefik_cases[_i].sub);
}
END_TEST

/* ---- Contour's HTTPProxy ---------------------------------------------- */

/* HTTPProxy shop/a: virtualhost members, routes' extra members, includes. */
#define HP(vh, route, more)                                                    \
	"apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata: "        \
	"{name: a, namespace: shop}\nspec:\n  virtualhost: {fqdn: "            \
	"a.example.com" vh "}\n  routes: [{" route "services: [{name: web, "   \
	"port: 80}]}]\n" more "---\n"
/* HTTPProxy blog/child without virtualhost: its route's extra members. */
#define HP_CHILD(route)                                                        \
	"apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata: "        \
	"{name: child, namespace: blog}\nspec:\n  routes: [{" route            \
	"services: [{name: blog, port: 80}]}]\n---\n"
#define HP_TLS	   ", tls: {secretName: a-tls}"
#define HP_INSEC   "permitInsecure: true, "
#define HP_INCLUDE "  includes: [{name: child, namespace: blog}]\n"

struct hp_case {
	const char *why;
	const char *text;
	const char *name; /* the HTTPProxy with the finding; NULL: none */
	const char *sub;
};

static const struct hp_case hp_cases[] = {
	{ "no virtualhost.tls", HP("", "", ""), "a",
	  "HTTPProxy 'a' has no virtualhost.tls: Contour serves host "
	  "'a.example.com' over plain HTTP" },
	{ "TLS: HTTP redirects", HP(HP_TLS, "", ""), NULL, NULL },
	{ "TLS, a route permits insecure", HP(HP_TLS, HP_INSEC, ""), "a",
	  "its route 0 sets permitInsecure: Contour serves it on host "
	  "'a.example.com' over plain HTTP too" },
	{ "TLS, permitInsecure false",
	  HP(HP_TLS, "permitInsecure: false, ", ""), NULL, NULL },
	{ "TLS, an included route permits insecure",
	  HP(HP_TLS, "", HP_INCLUDE) HP_CHILD(HP_INSEC), "child",
	  "is included by HTTPProxy shop/a, which has virtualhost.tls" },
	{ "TLS, an included route redirects",
	  HP(HP_TLS, "", HP_INCLUDE) HP_CHILD(""), NULL, NULL },
	{ "an insecure route included by no root", HP_CHILD(HP_INSEC), NULL,
	  NULL },
	{ "TLS passthrough", HP(", tls: {passthrough: true}", "", ""), NULL,
	  NULL },
	{ "TLS with the fallback certificate",
	  HP(", tls: {secretName: a-tls, enableFallbackCertificate: true}", "",
	     ""),
	  NULL, NULL },
	{ "tls without a secret: refused", HP(", tls: {}", "", ""), NULL,
	  NULL },
	{ "an HTTPProxy of another group",
	  "apiVersion: example.com/v1\nkind: HTTPProxy\nmetadata: {name: a, "
	  "namespace: shop}\nspec: {virtualhost: {fqdn: a.example.com}}\n",
	  NULL, NULL },
};

START_TEST(test_httpproxy_cases)
{
	const struct hp_case *c = &hp_cases[_i];
	const struct finding *f = NULL;
	struct tu_checks r;
	struct scan *s = tu_scan_text(c->text);
	size_t i;

	ck_assert_msg(s->errors.n == 0, "%s: %s", c->why,
		      s->errors.n ? s->errors.v[0].msg : "");
	tu_check_one(&r, s, "ingress-without-tls");
	for (i = 0; i < r.f.n; i++)
		if (!strcmp(r.f.v[i]->obj->kind, "HTTPProxy"))
			f = r.f.v[i];
	if (!c->name) {
		ck_assert_msg(!f, "%s: unexpected '%s'", c->why,
			      f ? f->message : "");
	} else {
		ck_assert_msg(r.f.n == 1, "%s: %zu findings", c->why, r.f.n);
		ck_assert_msg(f != NULL, "%s: no finding", c->why);
		ck_assert_str_eq(f->obj->name, c->name);
		ck_assert_msg(strstr(f->message, c->sub) != NULL,
			      "%s: '%s' not in '%s'", c->why, c->sub,
			      f->message);
		ck_assert_int_eq(f->severity, SEV_MEDIUM);
	}
	tu_checks_release(&r);
}
END_TEST

/* ---- hosts left to the controller's default certificate ------------- */

/* Ingress shop/a of class nginx without spec.tls: annotations. */
#define BARE(ann)                                                              \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: a\n  namespace: shop\n  annotations: {" ann "}\n"  \
	"spec:\n  ingressClassName: nginx\n"                                   \
	"  rules:\n  - host: a.example.com\n    http:\n      paths: [{path: "  \
	"/, pathType: Prefix, backend: {service: {name: web, port: {number: "  \
	"80}}}}]\n---\n"
#define HTTPS_LB  SVC("LoadBalancer", P_HTTPS)
#define FORCE	  N "force-ssl-redirect: 'true'"
#define FAKE	  "self-signed default certificate"
#define HTTPS_VIA "publishes HTTPS only (Service ingress-nginx/"
#define PLAIN	  "has no spec.tls: its hosts are served over plain HTTP"

struct cert_case {
	const char *why;
	const char *text;
	const char *sub; /* in the finding on Ingress shop/a */
	enum severity sev;
};

static const struct cert_case cert_cases[] = {
	{ "HTTPS only, no default certificate", CTL HTTPS_LB CLASS BARE(""),
	  HTTPS_VIA "ingress-nginx-controller), where nginx serves its hosts "
		    "with its " FAKE,
	  SEV_LOW },
	{ "HTTP and HTTPS published", CTL LB CLASS BARE(""), PLAIN,
	  SEV_MEDIUM },
	{ "HTTPS only, --default-ssl-certificate",
	  CTL_SPEC("", ", '--default-ssl-certificate=$(POD_NAMESPACE)/wild'",
		   NS_ENV) HTTPS_LB CLASS BARE(""),
	  "the certificate of Secret ingress-nginx/wild "
	  "(--default-ssl-certificate), not one chosen for them",
	  SEV_LOW },
	{ "HTTPS only by a host port",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: edge, "
	  "namespace: ingress-nginx}\nspec: {containers: [{name: c, "
	  "image: registry.k8s.io/ingress-nginx/controller:v1, args: "
	  "[/nginx-ingress-controller, --ingress-class=nginx], ports: "
	  "[{containerPort: 80}, {containerPort: 443, hostPort: "
	  "443}]}]}\n---\n" CLASS BARE(""),
	  "publishes HTTPS only (its host's port)", SEV_LOW },
	{ "the Ingress forces the redirect", CTL LB CLASS BARE(FORCE),
	  N "force-ssl-redirect \"true\" has ingress-nginx redirect HTTP to "
	    "HTTPS, where it serves its hosts with its " FAKE,
	  SEV_LOW },
	{ "the ConfigMap forces the redirect",
	  CM("force-ssl-redirect: 'true'") CTL LB CLASS BARE(""),
	  "ConfigMap ingress-nginx/ingress-nginx-controller's "
	  "force-ssl-redirect \"true\"",
	  SEV_LOW },
	{ "the Ingress's force false under a global force",
	  CM("force-ssl-redirect: 'true'")
	      CTL LB CLASS BARE(N "force-ssl-redirect: 'false'"),
	  PLAIN, SEV_MEDIUM },
	{ "a forced redirect, no controller in the input", CLASS BARE(FORCE),
	  "redirect HTTP to HTTPS, where it serves its hosts with its " FAKE,
	  SEV_LOW },
	{ "a forced redirect to HTTPS the controller does not publish",
	  CTL SVC("LoadBalancer", "{name: https, port: 443, targetPort: http}")
	      CLASS BARE(FORCE),
	  PLAIN, SEV_MEDIUM },
	{ "what publishes the controller is unknown", CTL CLASS BARE(""), PLAIN,
	  SEV_MEDIUM },
	{ "HTTPS only, a host no tls entry lists",
	  CTL HTTPS_LB CLASS
	  "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
	  "metadata: {name: a, namespace: shop}\n"
	  "spec:\n  ingressClassName: nginx\n"
	  "  tls: [{hosts: [b.example.com], secretName: b}]\n"
	  "  rules:\n  - host: a.example.com\n    http: {paths: [{path: /, "
	  "pathType: Prefix, backend: {service: {name: web, port: {number: "
	  "80}}}}]}\n---\n",
	  "serves host 'a.example.com', which no spec.tls entry lists: its "
	  "ingress-nginx controller",
	  SEV_LOW },
	{ "a tls entry without secretName", CTL LB CLASS NO_SECRET,
	  NO_SECRET_MSG, SEV_LOW },
	{ "HTTPS only, an Ingress of another controller",
	  CTL HTTPS_LB CLASS_OF(
	      "other",
	      "example.com/other") "apiVersion: networking.k8s.io/v1\nkind: "
				   "Ingress\n"
				   "metadata: {name: a, namespace: shop}\n"
				   "spec:\n  ingressClassName: other\n"
				   "  rules:\n  - host: a.example.com\n    "
				   "http: {paths: [{path: /, "
				   "pathType: Prefix, backend: {service: "
				   "{name: web, port: "
				   "{number: 80}}}}]}\n---\n",
	  PLAIN, SEV_MEDIUM },
};

/* ---- a cloud load balancer terminating TLS in front of nginx --------- */

/* The controller's LoadBalancer Service with annotations, ports. */
#define LB_ANN(ann, ports)                                                     \
	"apiVersion: v1\nkind: Service\nmetadata: {name: "                     \
	"ingress-nginx-controller, namespace: ingress-nginx, annotations: "    \
	"{" ann "}}\n"                                                         \
	"spec: {type: LoadBalancer, selector: " LABELS ", ports: [" ports      \
	"]}\n---\n"
#define SB "service.beta.kubernetes.io/"
#define AWS_CERT                                                               \
	SB "aws-load-balancer-ssl-cert: 'arn:aws:acm:x:1:certificate/c'"
#define P_TLS_HTTP  "{name: https, port: 443, targetPort: http}"
#define LB_TLS_ONLY LB_ANN(AWS_CERT, P_TLS_HTTP)
#define LB_TLS_AND_HTTP                                                        \
	LB_ANN(AWS_CERT ", " SB "aws-load-balancer-ssl-ports: https",          \
	       P_HTTP ", " P_TLS_HTTP)

struct lb_case {
	const char *why;
	const char *text;
	const char *sub; /* in the finding on Ingress shop/a; NULL: none */
};

static const struct lb_case lb_cases[] = {
	{ "AWS: TLS on every port", CTL LB_TLS_ONLY CLASS BARE(""), NULL },
	{ "AWS: TLS on 443, HTTP 80 in clear",
	  CTL LB_TLS_AND_HTTP CLASS BARE(""), PLAIN },
	{ "AWS: TLS on 443 by port number, HTTP 80 in clear",
	  CTL LB_ANN(AWS_CERT ", " SB "aws-load-balancer-ssl-ports: '443'",
		     P_HTTP ", " P_TLS_HTTP) CLASS BARE(""),
	  PLAIN },
	{ "AWS: HTTP 80 in clear, but nginx forces the redirect",
	  CTL LB_TLS_AND_HTTP CLASS BARE(FORCE), NULL },
	{ "AWS: ssl-ports without a certificate",
	  CTL LB_ANN(SB "aws-load-balancer-ssl-ports: '*'", P_TLS_HTTP)
	      CLASS BARE(""),
	  PLAIN },
	{ "AWS: TLS on every port, nginx's HTTPS passed through too",
	  CTL LB_ANN(AWS_CERT ", " SB "aws-load-balancer-ssl-ports: tls",
		     "{name: tls, port: 8443, targetPort: http}, " P_HTTPS)
	      CLASS BARE(""),
	  "publishes HTTPS only" },
	{ "AWS: TLS only, ssl-redirect false on an Ingress with TLS",
	  CTL LB_TLS_ONLY CLASS ING(N OFF), NULL },
	{ "AWS: TLS only, a tls entry without secretName",
	  CTL LB_TLS_ONLY CLASS NO_SECRET, NULL },
	{ "DigitalOcean: certificate on 443, 80 redirected",
	  CTL LB_ANN(SB "do-loadbalancer-certificate-id: 'c-1', " SB
			"do-loadbalancer-redirect-http-to-https: 'true'",
		     P_HTTP ", " P_TLS_HTTP) CLASS BARE(""),
	  NULL },
	{ "DigitalOcean: certificate on 443, 80 in clear",
	  CTL LB_ANN(SB "do-loadbalancer-certificate-id: 'c-1'",
		     P_HTTP ", " P_TLS_HTTP) CLASS BARE(""),
	  PLAIN },
	{ "DigitalOcean: TLS passthrough",
	  CTL LB_ANN(SB "do-loadbalancer-certificate-id: 'c-1', " SB
			"do-loadbalancer-tls-passthrough: 'true'",
		     P_TLS_HTTP) CLASS BARE(""),
	  PLAIN },
	{ "OCI: ssl-ports with a TLS secret",
	  CTL LB_ANN(SB "oci-load-balancer-ssl-ports: '443', " SB
			"oci-load-balancer-tls-secret: lb-cert",
		     P_TLS_HTTP) CLASS BARE(""),
	  NULL },
	{ "OCI: ssl-ports without a secret",
	  CTL LB_ANN(SB "oci-load-balancer-ssl-ports: '443'", P_TLS_HTTP)
	      CLASS BARE(""),
	  PLAIN },
	{ "Azure: a layer-4 load balancer",
	  CTL LB_ANN(SB "azure-load-balancer-internal: 'false'", P_TLS_HTTP)
	      CLASS BARE(""),
	  PLAIN },
	{ "AWS annotations on a NodePort Service",
	  CTL "apiVersion: v1\nkind: Service\nmetadata: {name: np, namespace: "
	      "ingress-nginx, annotations: {" AWS_CERT "}}\nspec: {type: "
	      "NodePort, selector: " LABELS ", ports: [" P_TLS_HTTP
	      "]}\n---\n" CLASS BARE(""),
	  PLAIN },
};

START_TEST(test_lb_tls_cases)
{
	expect(lb_cases[_i].why, lb_cases[_i].text, lb_cases[_i].sub);
}
END_TEST

/* What exposure says of the load balancer, Service and port named. */
START_TEST(test_lb_tls_why)
{
	struct scan *s = tu_scan_text(CTL LB_TLS_AND_HTTP CLASS BARE(FORCE));
	const struct kobj *ing = inventory_find(s->inv, "Ingress", "shop", "a");
	char why[512];

	ck_assert_ptr_nonnull(ing);
	ck_assert(exposure_ingress_lb_tls(s->exposure, ing, why, sizeof(why)));
	ck_assert_str_eq(
	    why, "its ingress-nginx controller Deployment "
		 "ingress-nginx/ingress-nginx-controller is published by "
		 "Service ingress-nginx/ingress-nginx-controller, whose cloud "
		 "load balancer terminates TLS on port 443 (https), and nginx "
		 "redirects its HTTP to HTTPS");
	scan_free(s);
}
END_TEST

START_TEST(test_default_cert_cases)
{
	const struct cert_case *c = &cert_cases[_i];
	const struct finding *f;
	struct tu_checks r;
	struct scan *s = tu_scan_text(c->text);

	ck_assert_msg(s->errors.n == 0, "%s: %s", c->why,
		      s->errors.n ? s->errors.v[0].msg : "");
	tu_check_one(&r, s, "ingress-without-tls");
	ck_assert_msg(r.f.n == 1, "%s: %zu findings", c->why, r.f.n);
	f = on_ingress(&r, "a");
	ck_assert_msg(f != NULL, "%s: no finding", c->why);
	ck_assert_msg(strstr(f->message, c->sub) != NULL,
		      "%s: '%s' not in '%s'", c->why, c->sub, f->message);
	ck_assert_msg(f->severity == c->sev, "%s: severity %d", c->why,
		      (int)f->severity);
	tu_checks_release(&r);
}
END_TEST

/* ---- the AWS Load Balancer Controller's legacy redirect action ------- */

#define ALB_CLASS CLASS_OF("alb", "ingress.k8s.aws/alb")
#define ACTION(proto)                                                          \
	A "actions.ssl-redirect: '{\"Type\": \"redirect\", "                   \
	  "\"RedirectConfig\": {\"Protocol\": \"" proto "\", \"Port\": "       \
	  "\"443\", \"StatusCode\": \"HTTP_301\"}}'"
#define ALB_ANN(extra)                                                         \
	A "scheme: internet-facing, " A "certificate-arn: arn:aws:acm:x, " A   \
	  "listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": 443}]', " ACTION(       \
	      "HTTPS") extra

/* Ingress shop/name of class alb: annotations, then rules. */
#define ALB_ING(name, ann, rules)                                              \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: " name "\n  namespace: shop\n"                     \
	"  annotations: {" ann "}\n"                                           \
	"spec:\n  ingressClassName: alb\n" rules "---\n"
#define RULE(host, paths) "  - " host "http: {paths: [" paths "]}\n"
#define RULES(r)	  "  rules:\n" r
#define HOST(h)		  "host: " h "\n    "
#define REDIRECT(path, type)                                                   \
	"{path: '" path "', pathType: " type ", backend: {service: {name: "    \
	"ssl-redirect, port: {name: use-annotation}}}}"
#define FWD(path, type)                                                        \
	"{path: '" path "', pathType: " type ", backend: {service: {name: "    \
	"web, port: {number: 80}}}}"
#define IS "ImplementationSpecific"

#define PARTIAL "does not come before each of its paths"
#define BESIDES "HTTP listener of its ALB besides HTTPS"

static const struct tls_case alb_cases[] = {
	{ "the guide's example: /* first",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE("", REDIRECT("/*", IS) ", " FWD(
				 "/users/*", IS) ", " FWD("/*", IS)))),
	  NULL },
	{ "Prefix / first",
	  ALB_CLASS ALB_ING("a", ALB_ANN(""),
			    RULES(RULE("", REDIRECT("/", "Prefix")) RULE(
				HOST("a.example.com"), FWD("/", "Prefix")))),
	  NULL },
	{ "a path without pathType and path",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES("  - http: {paths: [{backend: {serviceName: ssl-redirect, "
		    "servicePort: use-annotation}}]}\n" RULE(
			"", FWD("/api", "Prefix")))),
	  NULL },
	{ "a longer Prefix goes first",
	  ALB_CLASS ALB_ING("a", ALB_ANN(""),
			    RULES(RULE("", REDIRECT("/", "Prefix") ", " FWD(
					       "/api", "Prefix")))),
	  "redirect action 'ssl-redirect' of Ingress shop/a " PARTIAL },
	{ "an Exact path goes first",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE("", REDIRECT("/*", IS) ", " FWD("/login", "Exact")))),
	  PARTIAL },
	{ "a forwarding rule before the redirect",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE("", FWD("/api/*", IS)) RULE("", REDIRECT("/*", IS)))),
	  PARTIAL },
	{ "the redirect takes part of the paths",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE("", REDIRECT("/app/*", IS) ", " FWD("/app/*", IS)))),
	  BESIDES },
	{ "a redirect to HTTP",
	  ALB_CLASS ALB_ING(
	      "a",
	      A "scheme: internet-facing, " A
		"certificate-arn: arn:aws:acm:x, " A
		"listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": "
		"443}]', " ACTION("HTTP"),
	      RULES(RULE("", REDIRECT("/*", IS) ", " FWD("/*", IS)))),
	  BESIDES },
	{ "conditions narrow the redirect",
	  ALB_CLASS ALB_ING(
	      "a",
	      ALB_ANN(", " A "conditions.ssl-redirect: "
		      "'[{\"field\": \"source-ip\"}]'"),
	      RULES(RULE("", REDIRECT("/*", IS) ", " FWD("/*", IS)))),
	  BESIDES },
	{ "the redirect of one host",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("a.example.com"),
			 REDIRECT("/", "Prefix") ", " FWD("/", "Prefix")))),
	  NULL },
	{ "the redirect of one host, another host forwards",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("a.example.com"),
			 REDIRECT("/", "Prefix") ", " FWD("/", "Prefix"))
			RULE(HOST("b.example.com"), FWD("/", "Prefix")))),
	  PARTIAL },
	{ "the default backend after a redirect of one host",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      "  defaultBackend: {service: {name: web, port: {number: "
	      "80}}}\n" RULES(
		  RULE(HOST("a.example.com"), REDIRECT("/", "Prefix")))),
	  PARTIAL },
	{ "the group's redirect comes first (group.order)",
	  ALB_CLASS ALB_ING("a",
			    A "scheme: internet-facing, " A "group.name: g, " A
			      "group.order: '10', " A
			      "listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": "
			      "443}]'",
			    RULES(RULE("", FWD("/*", IS))))
	      ALB_ING("b",
		      ALB_ANN(", " A "group.name: g, " A "group.order: '1'"),
		      RULES(RULE("", REDIRECT("/*", IS)))),
	  NULL },
	{ "the group's redirect comes after (group.order)",
	  ALB_CLASS ALB_ING("a",
			    A "scheme: internet-facing, " A "group.name: g, " A
			      "group.order: '10', " A
			      "listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": "
			      "443}]'",
			    RULES(RULE("", FWD("/*", IS))))
	      ALB_ING("b",
		      ALB_ANN(", " A "group.name: g, " A "group.order: '20'"),
		      RULES(RULE("", REDIRECT("/*", IS)))),
	  "redirect action 'ssl-redirect' of Ingress shop/b " PARTIAL },
	{ "a wildcard redirect host takes a named host",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("'*.example.com'"), REDIRECT("/*", IS))
			RULE(HOST("a.example.com"), FWD("/*", IS)))),
	  NULL },
	{ "a wildcard redirect host with ? and letters in upper case",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("'?.Example.*'"), REDIRECT("/*", IS))
			RULE(HOST("a.example.com"), FWD("/*", IS)))),
	  NULL },
	{ "a wildcard redirect host of another domain",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("'*.example.org'"), REDIRECT("/*", IS))
			RULE(HOST("a.example.com"), FWD("/*", IS)))),
	  PARTIAL },
	{ "a named redirect host leaves a wildcard host",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("a.example.com"), REDIRECT("/*", IS))
			RULE(HOST("'*.example.com'"), FWD("/*", IS)))),
	  PARTIAL },
	{ "a ? redirect host leaves a wildcard host",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("'?.example.com'"), REDIRECT("/*", IS))
			RULE(HOST("'*.example.com'"), FWD("/*", IS)))),
	  PARTIAL },
	{ "a wildcard redirect host takes a narrower wildcard",
	  ALB_CLASS ALB_ING(
	      "a", ALB_ANN(""),
	      RULES(RULE(HOST("'*.example.com'"), REDIRECT("/*", IS))
			RULE(HOST("'*.shop.example.com'"), FWD("/*", IS)))),
	  NULL },
	{ "Protocol in lower case: the API refuses it",
	  ALB_CLASS ALB_ING(
	      "a",
	      A "scheme: internet-facing, " A
		"certificate-arn: arn:aws:acm:x, " A
		"listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": "
		"443}]', " ACTION("https"),
	      RULES(RULE("", REDIRECT("/*", IS) ", " FWD("/*", IS)))),
	  BESIDES },
	{ "a redirect to HTTPS on another port",
	  ALB_CLASS ALB_ING(
	      "a",
	      A "scheme: internet-facing, " A
		"certificate-arn: arn:aws:acm:x, " A
		"listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": 8443}]', " A
		"actions.ssl-redirect: '{\"Type\": \"redirect\", "
		"\"RedirectConfig\": {\"Protocol\": \"HTTPS\", \"Port\": "
		"\"9443\", \"StatusCode\": \"HTTP_302\"}}'",
	      RULES(RULE("", REDIRECT("/*", IS) ", " FWD("/*", IS)))),
	  NULL },
	{ "HTTP only, all redirected",
	  ALB_CLASS ALB_ING(
	      "a",
	      A "scheme: internet-facing, " A
		"listen-ports: '[{\"HTTP\": 80}]', " ACTION("HTTPS"),
	      RULES(RULE("", REDIRECT("/*", IS)))),
	  NULL },
};

START_TEST(test_alb_action_cases)
{
	expect(alb_cases[_i].why, alb_cases[_i].text, alb_cases[_i].sub);
}
END_TEST

/* ---- what a forbidden listing hid ------------------------------------ */

struct hid_case {
	const char *why;
	const char *text;
	const char *kind, *ns; /* forbidden (ns NULL: everywhere) */
	const char *sub;       /* in the result's why; NULL: not partial */
};

#define GCE_ING                                                                \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: a\n  namespace: shop\n  annotations: "             \
	"{kubernetes.io/ingress.class: gce, networking.gke.io/"                \
	"v1beta1.FrontendConfig: redirect}\n"                                  \
	"spec:\n  tls: [{secretName: a}]\n"                                    \
	"  defaultBackend: {service: {name: web, port: {number: 80}}}\n---\n"

static const struct hid_case hid_cases[] = {
	{ "the controller's ConfigMap", CTL LB CLASS ING(""), "ConfigMap",
	  "ingress-nginx",
	  "Ingress shop/a: could not list ConfigMaps in namespace "
	  "ingress-nginx (its controller's --configmap" },
	{ "the Ingress's own redirect decides",
	  CTL LB CLASS ING(N "ssl-redirect: 'true'"), "ConfigMap",
	  "ingress-nginx", NULL },
	{ "a ConfigMap of another namespace", CTL LB CLASS ING(""), "ConfigMap",
	  "other", NULL },
	{ "the ConfigMap was read", CM(OFF) CTL LB CLASS ING(""), "ConfigMap",
	  "ingress-nginx", NULL },
	{ "the controller's Services", CTL CLASS BARE(""), "Service",
	  "ingress-nginx",
	  "could not list Services in namespace ingress-nginx (what "
	  "publishes its controller's HTTP and HTTPS ports)" },
	{ "Services hidden, HTTP published by the host",
	  CTL_SPEC("      hostNetwork: true\n", "", NS_ENV) CLASS BARE(""),
	  "Service", "ingress-nginx", NULL },
	{ "no controller, Deployments hidden", CLASS ING(""), "Deployment",
	  NULL,
	  "could not list Deployments in every namespace: its ingress-nginx "
	  "controller" },
	{ "nothing hidden", CTL CLASS BARE(""), NULL, NULL, NULL },
	{ "a GCE Ingress's FrontendConfig", GCE_ING, "FrontendConfig", "shop",
	  "could not list FrontendConfigs in namespace shop" },
	{ "an ALB Ingress judged by its listeners",
	  CLASS_OF("alb", "ingress.k8s.aws/alb")
	      ALB_ING("a",
		      A "listen-ports: '[{\"HTTPS\": 443}]', " A
			"certificate-arn: arn:aws:acm:x",
		      RULES(RULE("", FWD("/", "Prefix")))),
	  "Deployment", NULL, NULL },
};

START_TEST(test_hidden_cases)
{
	const struct hid_case *c = &hid_cases[_i];
	struct tu_checks r;
	struct scan *s = tu_scan_text(c->text);

	ck_assert_msg(s->errors.n == 0, "%s: %s", c->why,
		      s->errors.n ? s->errors.v[0].msg : "");
	if (c->kind)
		inventory_forbid(s->inv, c->kind, c->ns);
	tu_check_one(&r, s, "ingress-without-tls");
	ck_assert_uint_eq(r.nres, 1);
	if (!c->sub) {
		ck_assert_msg(!r.res[0].partial, "%s: partial: %s", c->why,
			      r.res[0].why);
	} else {
		ck_assert_msg(r.res[0].partial, "%s: not partial", c->why);
		ck_assert_msg(strstr(r.res[0].why, c->sub) != NULL,
			      "%s: '%s' not in '%s'", c->why, c->sub,
			      r.res[0].why);
	}
	tu_checks_release(&r);
}
END_TEST

/* Ingress shop/name of class nginx with TLS. */
#define ING_N(name)                                                            \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata: {name: " name ", namespace: shop}\n"                        \
	"spec:\n  ingressClassName: nginx\n"                                   \
	"  tls: [{hosts: [" name ".example.com], secretName: " name "}]\n"     \
	"  rules:\n  - host: " name ".example.com\n    http: {paths: [{path: " \
	"/, pathType: Prefix, backend: {service: {name: web, port: {number: "  \
	"80}}}}]}\n---\n"

/* Three Ingresses are named, the rest counted. */
START_TEST(test_hidden_many)
{
	struct tu_checks r;
	struct scan *s = tu_scan_text(CTL LB CLASS ING_N("a") ING_N("b")
					  ING_N("c") ING_N("d") ING_N("e"));

	inventory_forbid(s->inv, "ConfigMap", NULL);
	tu_check_one(&r, s, "ingress-without-tls");
	ck_assert_uint_eq(r.f.n, 0);
	ck_assert(r.res[0].partial);
	ck_assert_ptr_nonnull(strstr(r.res[0].why,
				     "cannot tell how ingress-nginx or a GCE "
				     "load balancer serves some Ingresses: "
				     "Ingress shop/a: could not list "
				     "ConfigMaps in namespace ingress-nginx"));
	ck_assert_ptr_nonnull(strstr(r.res[0].why, "; Ingress shop/c: "));
	ck_assert_ptr_null(strstr(r.res[0].why, "Ingress shop/d"));
	ck_assert_ptr_nonnull(strstr(r.res[0].why, "; and 2 more Ingresses"));
	tu_checks_release(&r);
}
END_TEST

#define DIR "testdata/checks/ingress-without-tls/"

/* The fixture files: what fires says why, what is silent stays so. */
START_TEST(test_nginx_fixture_files)
{
	static const char *const fire[] = {
		DIR "fire/nginx-configmap-ssl-redirect-false.yaml",
		DIR "fire/alb-action-redirect-partial.yaml",
		DIR "fire/alb-action-wildcard-other-host.yaml",
	};
	static const char *const silent[] = {
		DIR "silent/nginx-configmap-force-ssl-redirect.yaml",
		DIR "silent/nginx-service-https-only.yaml",
		DIR "silent/alb-action-ssl-redirect.yaml",
		DIR "silent/nginx-https-only-tls-hosts.yaml",
		DIR "silent/alb-action-wildcard-host.yaml",
		DIR "silent/contour-force-ssl-redirect.yaml",
		DIR "silent/nginx-tls-default-certificate.yaml",
		DIR "silent/traefik-routers-tls.yaml",
	};
	static const char *const contour = DIR "fire/contour-tls-http-too.yaml";
	static const struct {
		const char *file, *sub;
	} low[] = {
		{ DIR "fire/nginx-no-tls-https-only.yaml",
		  "DaemonSet edge-tls-only/edge-proxy publishes HTTPS only "
		  "(Service edge-tls-only/edge-proxy), where nginx serves its "
		  "hosts with its " FAKE },
		{ DIR "fire/nginx-no-tls-force-redirect.yaml",
		  "force-ssl-redirect \"true\" has ingress-nginx redirect HTTP "
		  "to HTTPS, where it serves its hosts with the certificate of "
		  "Secret frontdoor/fallback-cert" },
		{ DIR "fire/nginx-tls-without-secret.yaml",
		  "Ingress 'notebooks' has a spec.tls entry without "
		  "secretName: "
		  "its ingress-nginx controller Deployment "
		  "lab-edge/lab-ingress "
		  "names no --default-ssl-certificate" },
	};
	const struct finding *f;
	struct tu_checks r;
	size_t i;

	tu_check_one(&r, tu_scan_paths(fire, 1), "ingress-without-tls");
	ck_assert_uint_eq(r.f.n, 1);
	f = on_ingress(&r, "shop");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(strstr(f->message, BY_CM));
	ck_assert_ptr_nonnull(strstr(f->message, VIA_LB));
	ck_assert_int_eq(f->severity, SEV_MEDIUM);
	ck_assert_str_eq(f->ev[0].path,
			 "metadata.annotations." N "ssl-redirect");
	ck_assert_ptr_nonnull(strstr(f->ev[0].value, BY_CM));
	tu_checks_release(&r);
	for (i = 1; i < sizeof(fire) / sizeof(fire[0]); i++) {
		tu_check_one(&r, tu_scan_paths(fire + i, 1),
			     "ingress-without-tls");
		ck_assert_uint_eq(r.f.n, 1);
		ck_assert_ptr_nonnull(strstr(r.f.v[0]->message, PARTIAL));
		tu_checks_release(&r);
	}
	tu_check_one(&r, tu_scan_paths(&contour, 1), "ingress-without-tls");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message, BY_CONTOUR));
	ck_assert_int_eq(r.f.v[0]->severity, SEV_MEDIUM);
	tu_checks_release(&r);
	for (i = 0; i < sizeof(low) / sizeof(low[0]); i++) {
		tu_check_one(&r, tu_scan_paths(&low[i].file, 1),
			     "ingress-without-tls");
		ck_assert_uint_eq(r.f.n, 1);
		ck_assert_msg(strstr(r.f.v[0]->message, low[i].sub) != NULL,
			      "%s: %s", low[i].file, r.f.v[0]->message);
		ck_assert_int_eq(r.f.v[0]->severity, SEV_LOW);
		tu_checks_release(&r);
	}
	for (i = 0; i < sizeof(silent) / sizeof(silent[0]); i++) {
		tu_check_one(&r, tu_scan_paths(silent + i, 1),
			     "ingress-without-tls");
		ck_assert_msg(r.f.n == 0, "%s: %s", silent[i],
			      r.f.n ? r.f.v[0]->message : "");
		tu_checks_release(&r);
	}
}
END_TEST

Suite *suite_nginx_tls(void)
{
	Suite *s = suite_create("nginx_tls");
	TCase *tc = tcase_create("redirect");

	tcase_add_loop_test(tc, test_nginx_cases, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_nginx_facts);
	tcase_add_test(tc, test_nginx_route_tls);
	tcase_add_loop_test(tc, test_alb_action_cases, 0,
			    (int)(sizeof(alb_cases) / sizeof(alb_cases[0])));
	tcase_add_test(tc, test_nginx_fixture_files);
	tcase_add_loop_test(
	    tc, test_traefik_cases, 0,
	    (int)(sizeof(traefik_cases) / sizeof(traefik_cases[0])));
	tcase_add_loop_test(tc, test_lb_tls_cases, 0,
			    (int)(sizeof(lb_cases) / sizeof(lb_cases[0])));
	tcase_add_test(tc, test_lb_tls_why);
	tcase_add_loop_test(tc, test_httpproxy_cases, 0,
			    (int)(sizeof(hp_cases) / sizeof(hp_cases[0])));
	tcase_add_loop_test(
	    tc, test_contour_cases, 0,
	    (int)(sizeof(contour_cases) / sizeof(contour_cases[0])));
	tcase_add_loop_test(tc, test_default_cert_cases, 0,
			    (int)(sizeof(cert_cases) / sizeof(cert_cases[0])));
	tcase_add_test(tc, test_hidden_many);
	tcase_add_loop_test(tc, test_hidden_cases, 0,
			    (int)(sizeof(hid_cases) / sizeof(hid_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
