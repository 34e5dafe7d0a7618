/*
 * test_alb_tls.c - an AWS ALB serves an Ingress on the listeners the AWS
 * Load Balancer Controller builds for it, not on what spec.tls says:
 * listen-ports, else HTTPS 443 with a certificate-arn and HTTP 80
 * without; spec.tls hosts only find ACM certificates for an HTTPS
 * listener.  ingress-without-tls fires when an HTTP listener forwards the
 * Ingress's rules, and exposure marks such a route as without TLS.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/alb.h"
#include "analysis/exposure.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define A "alb.ingress.kubernetes.io/"

#define CLASS                                                                  \
	"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"               \
	"metadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n"     \
	"---\n"

/* Ingress shop/name of class cls, annotations ann, extra spec lines. */
#define ING_OF(cls, name, ann, spec)                                           \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: " name "\n  namespace: shop\n"                     \
	"  annotations: {" ann "}\n"                                           \
	"spec:\n  ingressClassName: " cls "\n" spec                            \
	"  rules:\n  - host: " name ".example.com\n    http:\n"                \
	"      paths: [{path: /, pathType: Prefix, backend: {service: "        \
	"{name: web, port: {number: 80}}}}]\n---\n"

#define ING(name, ann, spec) ING_OF("alb", name, ann, spec)

/* Ingress shop/name of class alb with a default backend and no host. */
#define ING_BARE(name, ann)                                                    \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata:\n  name: " name "\n  namespace: shop\n"                     \
	"  annotations: {" ann "}\n"                                           \
	"spec:\n  ingressClassName: alb\n"                                     \
	"  defaultBackend: {service: {name: web, port: {number: 80}}}\n---\n"

#define PUBLIC	    A "scheme: internet-facing"
#define PORTS(json) ", " A "listen-ports: '" json "'"
#define CERT	    ", " A "certificate-arn: arn:aws:acm:eu-west-1:1:certificate/c"
#define REDIRECT    ", " A "ssl-redirect: '443'"
#define GROUP	    ", " A "group.name: g"
#define TLS(name)   "  tls: [{hosts: [" name ".example.com]}]\n"

/* Messages, as ingress-without-tls words them. */
#define NO_HTTPS    "has no HTTPS listener on its ALB"
#define BESIDES	    "HTTP listener of its ALB besides HTTPS"
#define NO_SPEC_TLS "has no spec.tls"

struct alb_case {
	const char *why;
	const char *text;
	const char *sub; /* on Ingress "a"; NULL: no finding on it */
	enum severity sev;
};

static const struct alb_case cases[] = {
	/* no HTTPS listener: spec.tls is decoration */
	{ "listen-ports HTTP only, spec.tls",
	  CLASS ING("a", PUBLIC PORTS("[{\"HTTP\": 80}]"), TLS("a")),
	  NO_HTTPS " (listen-ports names HTTP only; spec.tls does not add "
		   "one)",
	  SEV_MEDIUM },
	{ "no listen-ports, no certificate, spec.tls",
	  CLASS ING("a", PUBLIC, TLS("a")),
	  NO_HTTPS " (no listen-ports and no certificate-arn: HTTP 80 only; "
		   "spec.tls does not add one)",
	  SEV_MEDIUM },
	{ "no listen-ports, no certificate, no spec.tls",
	  CLASS ING("a", PUBLIC, ""), "HTTP 80 only): its hosts", SEV_MEDIUM },
	{ "internal by default", CLASS ING("a", A "group.order: '1'", TLS("a")),
	  NO_HTTPS, SEV_LOW },
	{ "EKS Auto Mode",
	  "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
	  "metadata: {name: alb}\nspec: {controller: eks.amazonaws.com/alb}\n"
	  "---\n" ING("a", PUBLIC PORTS("[{\"HTTP\": 80}]"), TLS("a")),
	  NO_HTTPS, SEV_MEDIUM },
	/* HTTPS listeners */
	{ "certificate-arn, no listen-ports: HTTPS 443 only",
	  CLASS ING("a", PUBLIC CERT, TLS("a")), NULL, SEV_NONE },
	{ "listen-ports HTTPS, certificate by the tls host",
	  CLASS ING("a", PUBLIC PORTS("[{\"HTTPS\": 443}]"), TLS("a")), NULL,
	  SEV_NONE },
	{ "listen-ports HTTPS, certificate by the rule host",
	  CLASS ING("a", PUBLIC PORTS("[{\"HTTPS\": 8443}]"), ""), NULL,
	  SEV_NONE },
	{ "a port named twice takes the last protocol",
	  CLASS ING("a",
		    PUBLIC CERT PORTS("[{\"HTTP\": 443}, {\"HTTPS\": 443}]"),
		    ""),
	  NULL, SEV_NONE },
	/* HTTP beside HTTPS */
	{ "HTTP and HTTPS, no ssl-redirect",
	  CLASS ING("a",
		    PUBLIC CERT PORTS("[{\"HTTP\": 80}, {\"HTTPS\": 443}]"),
		    TLS("a")),
	  BESIDES, SEV_MEDIUM },
	{ "both in one object",
	  CLASS ING("a", PUBLIC PORTS("[{\"HTTP\": 80, \"HTTPS\": 443}]"),
		    TLS("a")),
	  BESIDES, SEV_MEDIUM },
	{ "HTTP and HTTPS with ssl-redirect",
	  CLASS ING(
	      "a",
	      PUBLIC CERT REDIRECT PORTS("[{\"HTTP\": 80}, {\"HTTPS\": 443}]"),
	      ""),
	  NULL, SEV_NONE },
	/* IngressGroups share listeners and the redirect */
	{ "HTTP only, redirected by the group's ssl-redirect",
	  CLASS ING("a", PUBLIC GROUP PORTS("[{\"HTTP\": 80}]"), TLS("a")) ING(
	      "b", A "group.name: g" CERT REDIRECT PORTS("[{\"HTTPS\": 443}]"),
	      ""),
	  NULL, SEV_NONE },
	{ "HTTP only, the group's HTTPS listener does not redirect it",
	  CLASS ING("a", PUBLIC GROUP PORTS("[{\"HTTP\": 80}]"), TLS("a"))
	      ING("b", A "group.name: g" CERT PORTS("[{\"HTTPS\": 443}]"), ""),
	  NO_HTTPS, SEV_MEDIUM },
	{ "an HTTPS port without a certificate or host takes the group's",
	  CLASS ING_BARE("a", PUBLIC GROUP PORTS("[{\"HTTPS\": 443}]"))
	      ING("b", A "group.name: g" CERT PORTS("[{\"HTTPS\": 443}]"), ""),
	  NULL, SEV_NONE },
	/* listeners the controller refuses: spec.tls decides */
	{ "ssl-redirect without its HTTPS listener, spec.tls",
	  CLASS ING("a", PUBLIC REDIRECT PORTS("[{\"HTTP\": 80}]"), TLS("a")),
	  NULL, SEV_NONE },
	{ "ssl-redirect without its HTTPS listener, no spec.tls",
	  CLASS ING("a", PUBLIC REDIRECT PORTS("[{\"HTTP\": 80}]"), ""),
	  NO_SPEC_TLS, SEV_MEDIUM },
	{ "listen-ports not JSON",
	  CLASS ING("a", PUBLIC PORTS("[{HTTP: 80}]"), ""), NO_SPEC_TLS,
	  SEV_MEDIUM },
	{ "listen-ports with a string port",
	  CLASS ING("a", PUBLIC PORTS("[{\"HTTP\": \"80\"}]"), TLS("a")), NULL,
	  SEV_NONE },
	{ "listen-ports with a protocol in lower case",
	  CLASS ING("a", PUBLIC PORTS("[{\"http\": 80}]"), ""), NO_SPEC_TLS,
	  SEV_MEDIUM },
	{ "listen-ports empty", CLASS ING("a", PUBLIC PORTS("[]"), ""),
	  NO_SPEC_TLS, SEV_MEDIUM },
	{ "one port, two protocols in the group",
	  CLASS ING("a", PUBLIC GROUP PORTS("[{\"HTTP\": 443}]"), "")
	      ING("b", A "group.name: g" CERT PORTS("[{\"HTTPS\": 443}]"), ""),
	  NO_SPEC_TLS, SEV_MEDIUM },
	{ "HTTPS without a certificate or a host to discover one by",
	  CLASS ING_BARE("a", PUBLIC PORTS("[{\"HTTPS\": 443}]")), NO_SPEC_TLS,
	  SEV_MEDIUM },
	/* not an ALB: spec.tls is what its controller serves */
	{ "nginx with spec.tls", ING_OF("nginx", "a", "", TLS("a")), NULL,
	  SEV_NONE },
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

START_TEST(test_alb_listener_cases)
{
	const struct alb_case *c = &cases[_i];
	const struct finding *f;
	struct tu_checks r;
	struct scan *s = tu_scan_text(c->text);

	ck_assert_msg(s->errors.n == 0, "%s: %s", c->why,
		      s->errors.n ? s->errors.v[0].msg : "");
	tu_check_one(&r, s, "ingress-without-tls");
	f = on_ingress(&r, "a");
	if (!c->sub) {
		ck_assert_msg(!f, "%s: unexpected '%s'", c->why,
			      f ? f->message : "");
	} else {
		ck_assert_msg(f != NULL, "%s: no finding", c->why);
		ck_assert_msg(strstr(f->message, c->sub) != NULL,
			      "%s: '%s' not in '%s'", c->why, c->sub,
			      f->message);
		ck_assert_msg(f->severity == c->sev, "%s: severity %d", c->why,
			      (int)f->severity);
	}
	tu_checks_release(&r);
}
END_TEST

/* The listener facts themselves, for the Ingress alone in text. */
START_TEST(test_alb_listener_facts)
{
	static const struct {
		const char *text;
		bool known, https, clear, dflt;
	} t[] = {
		{ CLASS ING("a", PUBLIC, TLS("a")), true, false, true, true },
		{ CLASS ING("a", PUBLIC CERT, ""), true, true, false, true },
		{ CLASS ING("a",
			    PUBLIC PORTS("[{\"HTTP\": 80}, {\"HTTPS\": 443}]"),
			    TLS("a")),
		  true, true, true, false },
		{ CLASS ING("a", PUBLIC PORTS("[{\"HTTPS\": 443}, ]"), ""),
		  false, false, false, false },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct scan *s = tu_scan_text(t[i].text);
		const struct kobj *ing =
		    inventory_find(s->inv, "Ingress", "shop", "a");
		struct alb_ingress ai;

		ck_assert_ptr_nonnull(ing);
		ck_assert(alb_lookup(exposure_alb(s->exposure), ing, &ai));
		ck_assert_msg(ai.listeners_known == t[i].known, "case %zu", i);
		ck_assert_msg(ai.https_listener == t[i].https, "case %zu", i);
		ck_assert_msg(ai.clear_listener == t[i].clear, "case %zu", i);
		ck_assert_msg(ai.listen_default == t[i].dflt, "case %zu", i);
		scan_free(s);
	}
}
END_TEST

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

/* The route through an ALB carries TLS by its listeners, not spec.tls. */
START_TEST(test_alb_route_tls)
{
	static const struct {
		const char *text;
		bool tls;
	} t[] = {
		{ WEB CLASS ING("a", PUBLIC PORTS("[{\"HTTP\": 80}]"),
				TLS("a")),
		  false },
		{ WEB CLASS ING("a", PUBLIC PORTS("[{\"HTTPS\": 443}]"), ""),
		  true },
		/* refused listeners: spec.tls as for any Ingress */
		{ WEB CLASS ING("a", PUBLIC PORTS("nope"), TLS("a")), true },
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

static const char *const fire[] = {
	"testdata/checks/ingress-without-tls/fire/"
	"alb-tls-no-https-listener.yaml",
};
static const char *const silent[] = {
	"testdata/checks/ingress-without-tls/silent/"
	"alb-tls-https-listener.yaml",
};

START_TEST(test_alb_tls_fixture_files)
{
	static const char *const names[] = { "catalog", "search", "cart" };
	static const char *const subs[] = { "listen-ports names HTTP only",
					    "HTTP 80 only", BESIDES };
	struct tu_checks r;
	size_t i;

	tu_check_one(&r, tu_scan_paths(fire, 1), "ingress-without-tls");
	ck_assert_uint_eq(r.f.n, 3);
	for (i = 0; i < 3; i++) {
		const struct finding *f = on_ingress(&r, names[i]);
		ck_assert_msg(f && strstr(f->message, subs[i]), "%s: %s",
			      names[i], f ? f->message : "no finding");
		ck_assert_int_eq(f->severity, SEV_MEDIUM);
		ck_assert_str_eq(f->ev[0].path,
				 "metadata.annotations." A "listen-ports");
	}
	/* spec.tls is named as unused only where no HTTPS listener is */
	ck_assert_uint_eq(on_ingress(&r, "catalog")->nev, 2);
	ck_assert_str_eq(on_ingress(&r, "catalog")->ev[1].path, "spec.tls");
	ck_assert_uint_eq(on_ingress(&r, "cart")->nev, 1);
	tu_checks_release(&r);
	tu_check_one(&r, tu_scan_paths(silent, 1), "ingress-without-tls");
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_alb_tls(void)
{
	Suite *s = suite_create("alb_tls");
	TCase *tc = tcase_create("listeners");

	tcase_add_loop_test(tc, test_alb_listener_cases, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_alb_listener_facts);
	tcase_add_test(tc, test_alb_route_tls);
	tcase_add_test(tc, test_alb_tls_fixture_files);
	suite_add_tcase(s, tc);
	return s;
}
