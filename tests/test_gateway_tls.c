/*
 * test_gateway_tls.c - gateway-route-without-tls: an HTTPRoute or
 * GRPCRoute with backends is served in clear text on every listener of
 * protocol HTTP that takes it, as the exposure analysis attaches routes
 * (sectionName and port of a parentRef, allowedRoutes, hostnames, a
 * ListenerSet's allowedListeners); a redirect-only route is not.
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
#include "scan.h"
#include "testutil.h"

#define ID "gateway-route-without-tls"

/* Gateway edge/gw: HTTP 80 and 8080, HTTPS 443, routes from any namespace. */
#define GW                                                                     \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"            \
	"metadata: {name: gw, namespace: edge}\n"                              \
	"spec:\n  gatewayClassName: eg\n  listeners:\n"                        \
	"  - {name: http, protocol: HTTP, port: 80, allowedRoutes: "           \
	"{namespaces: {from: All}}}\n"                                         \
	"  - {name: alt, protocol: HTTP, port: 8080, hostname: "               \
	"'*.internal.example', allowedRoutes: {namespaces: {from: All}}}\n"    \
	"  - {name: https, protocol: HTTPS, port: 443, tls: "                  \
	"{certificateRefs: [{name: c}]}, allowedRoutes: {namespaces: {from: "  \
	"All}}}\n---\n"

/* HTTPRoute shop/web with parentRefs parents and extra spec lines. */
#define ROUTE(parents, extra)                                                  \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"          \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec:\n  parentRefs: [" parents "]\n" extra                           \
	"  rules:\n  - backendRefs: [{name: web, port: 80}]\n---\n"

static const struct {
	const char *why, *text;
	size_t n;	 /* findings */
	const char *msg; /* in the first, or NULL */
} cases[] = {
	{ "no sectionName: both HTTP listeners",
	  GW ROUTE("{name: gw, namespace: edge}", ""), 2,
	  "HTTPRoute 'web' is served in clear text on listener 'http' "
	  "(HTTP, port 80) of Gateway edge/gw" },
	{ "hostnames that meet only the listener without hostname",
	  GW ROUTE("{name: gw, namespace: edge}",
		   "  hostnames: [shop.example.com]\n"),
	  1, "listener 'http' (HTTP, port 80)" },
	{ "hostnames under the alt listener's wildcard",
	  GW ROUTE("{name: gw, namespace: edge, sectionName: alt}",
		   "  hostnames: [a.internal.example]\n"),
	  1, "listener 'alt' (HTTP, port 8080)" },
	{ "port 8080 picks the alt listener",
	  GW ROUTE("{name: gw, namespace: edge, port: 8080}", ""), 1,
	  "listener 'alt' (HTTP, port 8080)" },
	{ "port 443: TLS only",
	  GW ROUTE("{name: gw, namespace: edge, port: 443}", ""), 0, NULL },
	{ "sectionName and port must both match",
	  GW ROUTE("{name: gw, namespace: edge, sectionName: http, port: 443}",
		   ""),
	  0, NULL },
	{ "two parentRefs to one listener: said once",
	  GW ROUTE("{name: gw, namespace: edge, sectionName: http}, {name: "
		   "gw, namespace: edge, port: 80}",
		   ""),
	  1, "listener 'http'" },
	{ "the Gateway is not in the input",
	  ROUTE("{name: gw, namespace: edge}", ""), 0, NULL },
};

static void run_text(struct tu_checks *r, const char *text)
{
	tu_check_one(r, tu_scan_text(text), ID);
}

START_TEST(test_listener_cases)
{
	struct tu_checks r;

	run_text(&r, cases[_i].text);
	ck_assert_msg(r.f.n == cases[_i].n, "%s: %zu findings", cases[_i].why,
		      r.f.n);
	if (cases[_i].msg)
		ck_assert_msg(strstr(r.f.v[0]->message, cases[_i].msg),
			      "%s: %s", cases[_i].why, r.f.v[0]->message);
	tu_checks_release(&r);
}
END_TEST

/* A route whose rules only redirect sends nothing to a backend. */
START_TEST(test_redirect_only_silent)
{
	struct tu_checks r;

	run_text(&r, GW
		 "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
		 "metadata: {name: up, namespace: shop}\n"
		 "spec:\n  parentRefs: [{name: gw, namespace: edge}]\n"
		 "  rules:\n  - filters: [{type: RequestRedirect, "
		 "requestRedirect: {scheme: https}}]\n");
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

/*
 * Through a ListenerSet, only when its Gateway allows it; the finding
 * names the set and a hop shows the listener's protocol.
 */
START_TEST(test_listener_set)
{
	static const char set[] =
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
	    "metadata: {name: shared, namespace: infra}\n"
	    "spec:\n  gatewayClassName: eg\n%s"
	    "  listeners: [{name: https, protocol: HTTPS, port: 443, tls: "
	    "{certificateRefs: [{name: c}]}}]\n---\n"
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\n"
	    "metadata: {name: team, namespace: shop}\n"
	    "spec:\n  parentRef: {name: shared, namespace: infra}\n"
	    "  listeners: [{name: plain, protocol: HTTP, port: 8081}]\n---\n"
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
	    "metadata: {name: web, namespace: shop}\n"
	    "spec:\n  parentRefs: [{name: team, kind: ListenerSet}]\n"
	    "  rules:\n  - backendRefs: [{name: web, port: 80}]\n";
	char text[2048];
	struct tu_checks r;
	const struct finding *fd;

	snprintf(text, sizeof(text), set,
		 "  allowedListeners: {namespaces: {from: All}}\n");
	run_text(&r, text);
	ck_assert_uint_eq(r.f.n, 1);
	fd = r.f.v[0];
	ck_assert_str_eq(fd->message,
			 "HTTPRoute 'web' is served in clear text on listener "
			 "'plain' (HTTP, port 8081) of ListenerSet shop/team");
	ck_assert_uint_eq(fd->nhops, 1);
	ck_assert_str_eq(fd->hops[0].obj->kind, "ListenerSet");
	ck_assert_str_eq(fd->hops[0].path, "spec.listeners[0].protocol");
	ck_assert_str_eq(fd->ev[0].path, "spec.parentRefs[0]");
	tu_checks_release(&r);
	/* the Gateway lets no ListenerSet attach (its default) */
	snprintf(text, sizeof(text), set, "");
	run_text(&r, text);
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

/* An internal Gateway (GKE's internal class) is reported at low. */
START_TEST(test_internal_low)
{
	struct tu_checks r;

	run_text(&r, "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
		     "metadata: {name: gw, namespace: edge}\n"
		     "spec:\n  gatewayClassName: gke-l7-rilb\n"
		     "  listeners: [{name: http, protocol: HTTP, port: 80, "
		     "allowedRoutes: {namespaces: {from: All}}}]\n---\n" ROUTE(
			 "{name: gw, namespace: edge}", ""));
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_LOW);
	tu_checks_release(&r);
}
END_TEST

/* A manifest input without routes: the check saw nothing to judge. */
START_TEST(test_no_routes_not_seen)
{
	char *out = NULL;

	ck_assert_int_eq(
	    tu_runf(&out, "scan -f testdata/checks/ingress-without-tls/fire "
			  "--checks " ID " -o json 2>/dev/null"),
	    0);
	ck_assert_ptr_nonnull(
	    strstr(out, "no HTTPRoute, GRPCRoute, Gateway, ListenerSet or "
			"XListenerSet in the input"));
	free(out);
}
END_TEST

/*
 * The Gateway API's own examples, each scanned alone (they reuse their
 * Gateways' names): a route on the HTTP listener of basic-http and of
 * simple-gateway; the redirect example's HTTP listener only redirects;
 * the gRPC example listens on HTTPS.
 */
START_TEST(test_real_examples)
{
	TU_NEED_SHARED(shared);
	static const struct {
		const char *files[3];
		size_t n;
		const char *msg;
	} ex[] = {
		{ { "standard__basic-http.yaml" },
		  1,
		  "HTTPRoute 'http-app-1' is served in clear text on listener "
		  "'http' (HTTP, port 80) of Gateway default/my-gateway" },
		{ { "standard__simple-gateway__gateway.yaml",
		    "standard__simple-gateway__httproute.yaml" },
		  1,
		  "listener 'prod-web-gw' (HTTP, port 80) of Gateway "
		  "default/prod-web" },
		{ { "standard__http-redirect-rewrite__gateway-redirect-http-"
		    "https.yaml",
		    "standard__http-redirect-rewrite__httproute-redirect-http."
		    "yaml",
		    "standard__http-redirect-rewrite__httproute-redirect-https."
		    "yaml" },
		  0,
		  NULL },
		{ { "standard__grpc-routing__gateway.yaml",
		    "standard__grpc-routing__foo-grpcroute.yaml" },
		  0,
		  NULL },
	};
	size_t i, k;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		char paths[3][700];
		const char *p[3];
		size_t np = 0;
		struct tu_checks r;

		for (k = 0; k < 3 && ex[i].files[k]; k++) {
			snprintf(paths[k], sizeof(paths[k]),
				 "%s/k8s-real/gateway-api/%s", shared,
				 ex[i].files[k]);
			p[np++] = paths[k];
		}
		tu_check_one(&r, tu_scan_paths(p, np), ID);
		ck_assert_msg(r.f.n == ex[i].n, "%s: %zu findings",
			      ex[i].files[0], r.f.n);
		if (ex[i].msg)
			ck_assert_msg(strstr(r.f.v[0]->message, ex[i].msg),
				      "%s", r.f.v[0]->message);
		tu_checks_release(&r);
	}
}
END_TEST

/*
 * A listing that could not read Gateways leaves the routes' listeners
 * unknown: not visible, never passed; with every kind read and no route,
 * passed.
 */
START_TEST(test_forbidden_gateways_not_visible)
{
	const struct check *c = check_find(ID);
	const struct check_result *res = NULL;
	struct tu_checks r;
	size_t i, k;

	ck_assert_ptr_nonnull(c);
	for (k = 0; k < 2; k++) {
		r.s = tu_scan_text(ROUTE("{name: gw, namespace: edge}", ""));
		if (!k)
			inventory_forbid(r.s->inv, "Gateway", NULL);
		r.s->meta.source = "snapshot";
		findings_init(&r.f, r.s->arena);
		ck_assert_int_eq(scan_run(r.s, check_registry, NULL, NULL, &r.f,
					  &r.res, &r.nres),
				 0);
		for (i = 0; i < r.nres; i++)
			if (r.res[i].check == c)
				res = &r.res[i];
		ck_assert_ptr_nonnull(res);
		ck_assert_int_eq(res->status,
				 k ? CHECK_PASSED : CHECK_NOT_VISIBLE);
		if (!k)
			ck_assert_ptr_nonnull(strstr(res->why, "Gateway"));
		tu_checks_release(&r);
	}
}
END_TEST

Suite *suite_gateway_tls(void)
{
	Suite *s = suite_create("gateway_tls");
	TCase *tc = tcase_create("gateway_tls");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_listener_cases, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_redirect_only_silent);
	tcase_add_test(tc, test_listener_set);
	tcase_add_test(tc, test_internal_low);
	tcase_add_test(tc, test_no_routes_not_seen);
	tcase_add_test(tc, test_forbidden_gateways_not_visible);
	tcase_add_test(tc, test_real_examples);
	suite_add_tcase(s, tc);
	return s;
}
