/*
 * test_exposure_fronts.c - whether a front (a Gateway, an Ingress
 * controller) faces the outside follows the Service in front of it: an
 * internal load balancer, or one for private source ranges only, keeps
 * its routes on the private network, and exposed-workload says so.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

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

#define ROUTE                                                                  \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"          \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec: {parentRefs: [{name: gw, namespace: edge}], rules: "            \
	"[{backendRefs: [{name: web, port: 80}]}]}\n---\n"

/* Gateway edge/gw; extra goes into its spec. */
#define GATEWAY(extra)                                                         \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"            \
	"metadata: {name: gw, namespace: edge}\n"                              \
	"spec: {gatewayClassName: eg, " extra "listeners: [{name: http, "      \
	"protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: "        \
	"All}}}]}\n---\n"

/* A LoadBalancer Service in ns with labels and annotations. */
#define LB_SVC(ns, labels, annotations, spec)                                  \
	"apiVersion: v1\nkind: Service\nmetadata: {name: gw-eg, "              \
	"namespace: " ns ", labels: {" labels "}, annotations: {" annotations  \
	"}}\n"                                                                 \
	"spec: {type: LoadBalancer, " spec "selector: {app: gw}, ports: "      \
	"[{port: 80}]}\n---\n"

#define GEP_LABEL "gateway.networking.k8s.io/gateway-name: gw"
#define ENVOY_LABELS                                                           \
	"gateway.envoyproxy.io/owning-gateway-name: gw, "                      \
	"gateway.envoyproxy.io/owning-gateway-namespace: edge"
#define AWS_INTERNAL                                                           \
	"service.beta.kubernetes.io/aws-load-balancer-internal: 'true'"

static const struct {
	const char *objs;
	bool internal;
	const char *note; /* in the route's note, or NULL for "" */
} gw_cases[] = {
	/* the Service GEP-1762 names, internal by annotation */
	{ GATEWAY("") LB_SVC("edge", GEP_LABEL, AWS_INTERNAL, ""), true,
	  "its Service edge/gw-eg is an internal load balancer" },
	/* Envoy Gateway's Service, in its own namespace */
	{ GATEWAY("")
	      LB_SVC("envoy-gateway-system", ENVOY_LABELS,
		     "networking.gke.io/load-balancer-type: Internal", ""),
	  true, "its Service envoy-gateway-system/gw-eg is an internal" },
	/* private source ranges only */
	{ GATEWAY("") LB_SVC("edge", GEP_LABEL, "",
			     "loadBalancerSourceRanges: [10.0.0.0/8], "),
	  true, "for private source ranges only" },
	/* a public Service of the Gateway keeps it public */
	{ GATEWAY("") LB_SVC("edge", GEP_LABEL, "", ""), false, NULL },
	{ GATEWAY("") LB_SVC(
	      "edge", GEP_LABEL, AWS_INTERNAL,
	      "") "apiVersion: v1\nkind: Service\nmetadata: {name: gw-pub, "
		  "namespace: edge, labels: {" GEP_LABEL "}}\n"
		  "spec: {type: NodePort, selector: {app: gw}, ports: [{port: "
		  "80}]}\n---\n",
	  false, NULL },
	/* the label names another Gateway, or the wrong namespace */
	{ GATEWAY("") LB_SVC("edge",
			     "gateway.networking.k8s.io/gateway-name: "
			     "other",
			     AWS_INTERNAL, ""),
	  false, NULL },
	{ GATEWAY("") LB_SVC("shop", GEP_LABEL, AWS_INTERNAL, ""), false,
	  NULL },
	/* the Gateway's infrastructure annotations reach its Service */
	{ GATEWAY("infrastructure: {annotations: {"
		  "service.beta.kubernetes.io/azure-load-balancer-internal: "
		  "'true'}}, "),
	  true, "spec.infrastructure.annotations make its load balancer" },
	{ GATEWAY("infrastructure: {annotations: {"
		  "service.beta.kubernetes.io/azure-load-balancer-internal: "
		  "'false'}}, "),
	  false, NULL },
	/* no Service of the Gateway in the input: public, as before */
	{ GATEWAY(""), false, NULL },
};

START_TEST(test_gateway_follows_service)
{
	size_t len = strlen(WEB ROUTE) + strlen(gw_cases[_i].objs) + 1;
	char *text = malloc(len);
	const struct pod_view *pv;
	struct expose_route r[8];
	struct scan *s;
	size_t k;

	ck_assert_ptr_nonnull(text);
	snprintf(text, len, "%s%s", WEB ROUTE, gw_cases[_i].objs);
	s = tu_scan_text(text);
	ck_assert_msg(s->errors.n == 0, "%s",
		      s->errors.n ? s->errors.v[0].msg : "");
	pv = tu_find_pod(s, "shop/web");
	ck_assert_ptr_nonnull(pv);
	k = exposure_routes(s->exposure, pv, r, 8);
	ck_assert_uint_eq(k, 1);
	ck_assert_int_eq(r[0].how, EXPOSE_GATEWAY);
	ck_assert_msg(r[0].internal == gw_cases[_i].internal, "case %d", _i);
	ck_assert(!r[0].unexposed_controller);
	ck_assert_msg(gw_cases[_i].note
			  ? strstr(r[0].note, gw_cases[_i].note) != NULL
			  : !r[0].note[0],
		      "case %d: '%s'", _i, r[0].note);
	scan_free(s);
	free(text);
}
END_TEST

/* Run check id alone on text; r owns the scan. */
static void run_id(struct tu_checks *r, const char *id, const char *text)
{
	tu_check_one(r, tu_scan_text(text), id);
}

/* The finding of r on Deployment web: severity sev, message holding sub. */
static void web_finding(const struct tu_checks *r, enum severity sev,
			const char *sub)
{
	const struct finding *f = NULL;
	size_t i;

	for (i = 0; i < r->f.n; i++)
		if (!strcmp(r->f.v[i]->obj->name, "web"))
			f = r->f.v[i];
	ck_assert_msg(f != NULL, "no finding on web");
	ck_assert_msg(f->severity == sev, "%s, not %s",
		      severity_name(f->severity), severity_name(sev));
	ck_assert_msg(strstr(f->message, sub), "'%s' not in '%s'", sub,
		      f->message);
}

START_TEST(test_gateway_internal_workload_low)
{
	struct tu_checks r;

	run_id(&r, "exposed-workload",
	       WEB ROUTE GATEWAY("")
		   LB_SVC("edge", GEP_LABEL, AWS_INTERNAL, ""));
	web_finding(&r, SEV_LOW, "from the private network");
	web_finding(&r, SEV_LOW, ", internal load balancer");
	tu_checks_release(&r);
	run_id(&r, "exposed-workload",
	       WEB ROUTE GATEWAY("") LB_SVC("edge", GEP_LABEL, "", ""));
	web_finding(&r, SEV_MEDIUM, "from outside the cluster");
	tu_checks_release(&r);
}
END_TEST

/* ---- Ingress controllers behind an internal load balancer ---- */

#define INGRESS                                                                \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec: {ingressClassName: nginx, rules: [{http: {paths: [{path: /, "   \
	"pathType: Prefix, backend: {service: {name: web, port: {number: "     \
	"80}}}}]}}]}\n---\n"                                                   \
	"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"               \
	"metadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n"  \
	"---\n"                                                                \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: ctl, namespace: edge}\n"                             \
	"spec: {selector: {matchLabels: {app: ctl}}, template: {metadata: "    \
	"{labels: {app: ctl}}, spec: {containers: [{name: c, image: "          \
	"registry.k8s.io/ingress-nginx/controller:v1.11.2}]}}}\n---\n"
#define CTL_SVC(annotations, spec)                                             \
	"apiVersion: v1\nkind: Service\nmetadata: {name: ctl, namespace: "     \
	"edge, annotations: {" annotations "}}\n"                              \
	"spec: {type: LoadBalancer, " spec "selector: {app: ctl}, ports: "     \
	"[{port: 80}]}\n"

START_TEST(test_ingress_controller_internal_lb)
{
	static const struct {
		const char *svc;
		bool internal;
		const char *note;
	} cases[] = {
		{ CTL_SVC(AWS_INTERNAL, ""), true,
		  "its controller Deployment edge/ctl faces the private "
		  "network only, through internal LoadBalancer Service "
		  "edge/ctl" },
		{ CTL_SVC("", "loadBalancerSourceRanges: [192.168.0.0/16], "),
		  true, "through LoadBalancer (private source ranges only)" },
		{ CTL_SVC("", "loadBalancerSourceRanges: [203.0.113.0/24], "),
		  false, "faces the outside through LoadBalancer Service" },
	};
	char text[4096];
	const struct pod_view *pv;
	struct expose_route r[8];
	struct tu_checks c;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scan *s;
		snprintf(text, sizeof(text), "%s%s%s", WEB, INGRESS,
			 cases[i].svc);
		s = tu_scan_text(text);
		ck_assert_uint_eq(s->errors.n, 0);
		pv = tu_find_pod(s, "shop/web");
		ck_assert_ptr_nonnull(pv);
		ck_assert_uint_eq(exposure_routes(s->exposure, pv, r, 8), 1);
		ck_assert_msg(r[0].internal == cases[i].internal, "case %zu",
			      i);
		/* a load balancer, not a controller without one */
		ck_assert(!r[0].unexposed_controller);
		ck_assert_msg(strstr(r[0].note, cases[i].note),
			      "case %zu: '%s'", i, r[0].note);
		scan_free(s);
		run_id(&c, "exposed-workload", text);
		web_finding(&c, cases[i].internal ? SEV_LOW : SEV_MEDIUM,
			    cases[i].internal ? ", internal load balancer"
					      : ", no TLS");
		tu_checks_release(&c);
	}
}
END_TEST

/* A LoadBalancer for private source ranges only is no public way in. */
START_TEST(test_private_ranges_service_low)
{
	struct tu_checks r;

	run_id(&r, "exposed-workload",
	       "apiVersion: apps/v1\nkind: Deployment\n"
	       "metadata: {name: web, namespace: shop}\n"
	       "spec: {selector: {matchLabels: {app: web}}, template: "
	       "{metadata: {labels: {app: web}}, spec: {containers: [{name: "
	       "web, image: example/web:1}]}}}\n---\n"
	       "apiVersion: v1\nkind: Service\nmetadata: {name: web, "
	       "namespace: shop}\n"
	       "spec: {type: LoadBalancer, loadBalancerSourceRanges: "
	       "[10.0.0.0/8, 'fd00::/8'], selector: {app: web}, ports: "
	       "[{port: 80}]}\n");
	web_finding(&r, SEV_LOW, ", private source ranges only)");
	tu_checks_release(&r);
}
END_TEST

/* ---- TLS only when every listener the route is on serves TLS ---- */

#define TLS_GATEWAY                                                            \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"            \
	"metadata: {name: gw, namespace: edge}\n"                              \
	"spec: {gatewayClassName: eg, listeners: [{name: http, protocol: "     \
	"HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}, {name: "   \
	"https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: "   \
	"c}]}, allowedRoutes: {namespaces: {from: All}}}]}\n---\n"

#define TLS_ROUTE(parents)                                                     \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"          \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec: {parentRefs: [" parents "], rules: [{backendRefs: [{name: "     \
	"web, port: 80}]}]}\n---\n"

/* The one route into shop/web of text: its tls. */
static bool route_tls(const char *text)
{
	struct expose_route r[8];
	const struct pod_view *pv;
	struct scan *s = tu_scan_text(text);
	bool tls;

	ck_assert_msg(s->errors.n == 0, "%s",
		      s->errors.n ? s->errors.v[0].msg : "");
	pv = tu_find_pod(s, "shop/web");
	ck_assert_ptr_nonnull(pv);
	ck_assert_uint_eq(exposure_routes(s->exposure, pv, r, 8), 1);
	tls = r[0].tls;
	scan_free(s);
	return tls;
}

START_TEST(test_gateway_tls_every_listener)
{
	/* on both listeners: served in clear on port 80 */
	ck_assert(!route_tls(
	    WEB TLS_GATEWAY TLS_ROUTE("{name: gw, namespace: edge}")));
	/* both named, HTTPS first: the second parentRef counts too */
	ck_assert(!route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, sectionName: https}, {name: gw, "
	    "namespace: edge, sectionName: http}")));
	/* a section that is not admitted adds nothing */
	ck_assert(route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, sectionName: https}, {name: gw, "
	    "namespace: edge, sectionName: nosuch}")));
	ck_assert(route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, sectionName: https}")));
	ck_assert(!route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, sectionName: http}")));
}
END_TEST

/*
 * A parentRef's port names the listeners on that port only; with a
 * sectionName both must match, and a port no listener has attaches the
 * route nowhere.
 */
START_TEST(test_gateway_tls_parent_port)
{
	struct scan *s;
	struct expose_route r[8];
	const struct pod_view *pv;

	ck_assert(route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, port: 443}")));
	ck_assert(!route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, port: 80}")));
	ck_assert(route_tls(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, port: 443, sectionName: https}, "
	    "{name: gw, namespace: edge, port: 443, sectionName: http}")));
	s = tu_scan_text(WEB TLS_GATEWAY TLS_ROUTE(
	    "{name: gw, namespace: edge, port: 8443}"));
	pv = tu_find_pod(s, "shop/web");
	ck_assert_ptr_nonnull(pv);
	ck_assert_uint_eq(exposure_routes(s->exposure, pv, r, 8), 0);
	scan_free(s);
}
END_TEST

/*
 * The Gateway API's own redirect example: the HTTP listener carries only
 * a RequestRedirect route (no backend), the backend route is on HTTPS.
 */
START_TEST(test_gateway_tls_redirect_real)
{
	static const char *const files[] = {
		"gateway-redirect-http-https.yaml",
		"httproute-redirect-http.yaml",
		"httproute-redirect-https.yaml",
	};
	struct sbuf sb = SBUF_INIT;
	char path[1024], *text;
	size_t i, len;
	TU_NEED_SHARED(shared);

	ck_assert(!sbuf_addf(
	    &sb, "%s",
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: web, namespace: default}\n"
	    "spec: {selector: {matchLabels: {app: web}}, template: {metadata: "
	    "{labels: {app: web}}, spec: {containers: [{name: web, image: "
	    "example/web:1}]}}}\n---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: example-svc, "
	    "namespace: default}\n"
	    "spec: {selector: {app: web}, ports: [{port: 80}]}\n"));
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path),
			 "%s/k8s-real/gateway-api/"
			 "standard__http-redirect-rewrite__%s",
			 shared, files[i]);
		text = tu_read_file(path, &len);
		ck_assert_msg(text != NULL, "%s", path);
		ck_assert(!sbuf_addf(&sb, "---\n%s\n", text));
		free(text);
	}
	{
		struct scan *s = tu_scan_text(sb.buf);
		const struct pod_view *pv = tu_find_pod(s, "default/web");
		struct expose_route r[8];

		ck_assert_ptr_nonnull(pv);
		ck_assert_uint_eq(exposure_routes(s->exposure, pv, r, 8), 1);
		ck_assert_str_eq(r[0].front->name, "https-route");
		ck_assert(r[0].tls);
		scan_free(s);
	}
	sbuf_release(&sb);
}
END_TEST

#define ISTIO_GW(http_tls)                                                     \
	"apiVersion: networking.istio.io/v1\nkind: Gateway\n"                  \
	"metadata: {name: gw, namespace: shop}\n"                              \
	"spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, "   \
	"hosts: ['*'], " http_tls "}, {port: {number: 443, name: https, "      \
	"protocol: HTTPS}, hosts: ['*'], tls: {mode: SIMPLE, "                 \
	"credentialName: c}}]}\n---\n"                                         \
	"apiVersion: networking.istio.io/v1\nkind: VirtualService\n"           \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec: {hosts: ['*'], gateways: [gw], http: [{route: [{destination: "  \
	"{host: web}}]}]}\n---\n"

START_TEST(test_istio_tls_every_server)
{
	ck_assert(!route_tls(WEB ISTIO_GW("tls: {httpsRedirect: false}")));
	/* the plain server answers every request with a redirect */
	ck_assert(route_tls(WEB ISTIO_GW("tls: {httpsRedirect: true}")));
}
END_TEST

/* ---- Application Gateway's private frontend ---- */

#define APPGW_INGRESS(private_ip)                                              \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata: {name: web, namespace: shop, annotations: "                 \
	"{kubernetes.io/ingress.class: azure/application-gateway, "            \
	"appgw.ingress.kubernetes.io/use-private-ip: '" private_ip "'}}\n"     \
	"spec: {rules: [{host: shop.example.com, http: {paths: [{path: /, "    \
	"pathType: Prefix, backend: {service: {name: web, port: {number: "     \
	"80}}}}]}}]}\n"

START_TEST(test_appgw_private_ip)
{
	struct tu_checks r;

	run_id(&r, "ingress-without-tls", APPGW_INGRESS("true"));
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_LOW);
	tu_checks_release(&r);
	run_id(&r, "ingress-without-tls", APPGW_INGRESS("false"));
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_MEDIUM);
	tu_checks_release(&r);
	/* the exposure analysis agrees: an internal way in */
	run_id(&r, "exposed-workload", WEB APPGW_INGRESS("true"));
	web_finding(&r, SEV_LOW, ", internal load balancer");
	tu_checks_release(&r);
	run_id(&r, "exposed-workload", WEB APPGW_INGRESS("false"));
	web_finding(&r, SEV_MEDIUM, "from outside the cluster");
	tu_checks_release(&r);
}
END_TEST

Suite *suite_exposure_fronts(void)
{
	Suite *s = suite_create("exposure_fronts");
	TCase *tc = tcase_create("internal");

	tcase_add_loop_test(tc, test_gateway_follows_service, 0,
			    (int)(sizeof(gw_cases) / sizeof(gw_cases[0])));
	tcase_add_test(tc, test_gateway_internal_workload_low);
	tcase_add_test(tc, test_ingress_controller_internal_lb);
	tcase_add_test(tc, test_private_ranges_service_low);
	suite_add_tcase(s, tc);
	tc = tcase_create("tls");
	tcase_add_test(tc, test_gateway_tls_every_listener);
	tcase_add_test(tc, test_gateway_tls_parent_port);
	tcase_add_test(tc, test_gateway_tls_redirect_real);
	tcase_add_test(tc, test_istio_tls_every_server);
	tcase_add_test(tc, test_appgw_private_ip);
	suite_add_tcase(s, tc);
	return s;
}
