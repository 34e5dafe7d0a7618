/*
 * test_gateway_attach.c - how a Gateway API route attaches to the
 * listeners of its parents, beyond its spec: the status a live cluster
 * writes (a parentRef the route's status.parents says was refused, a
 * listener whose status.listeners entry is not accepted or not
 * programmed), listeners the spec makes invalid (HTTPS or TLS terminating
 * without certificate, no protocol), and a route with many parents.  The
 * exposure, gateway-route-without-tls and can-reach agree.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "finding.h"
#include "inventory.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

#define COND(type, status)                                                     \
	"{type: " type ", status: '" status "', reason: R, message: '', "      \
	"lastTransitionTime: '2026-01-01T00:00:00Z'}"

/* A condition written for generation og. */
#define CONDG(type, status, og)                                                \
	"{type: " type ", status: '" status "', reason: R, message: '', "      \
	"observedGeneration: " og ", "                                         \
	"lastTransitionTime: '2026-01-01T00:00:00Z'}"

/* Deployment and Service shop/web, port 80 to container port 8080. */
#define WEB                                                                    \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec:\n  selector: {matchLabels: {app: web}}\n  template:\n"          \
	"    metadata: {labels: {app: web}}\n"                                 \
	"    spec: {containers: [{name: web, image: web:1, ports: "            \
	"[{containerPort: 8080}]}]}\n---\n"                                    \
	"apiVersion: v1\nkind: Service\n"                                      \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec: {selector: {app: web}, ports: [{port: 80, targetPort: "         \
	"8080}]}\n---\n"

/* Gateway shop/gw with listeners ls and extra top-level lines. */
#define GW(ls, extra)                                                          \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"            \
	"metadata: {name: gw, namespace: shop}\n"                              \
	"spec:\n  gatewayClassName: eg\n  listeners: [" ls "]\n" extra "---\n"

/* Gateway shop/gw of generation gen (metadata.generation). */
#define GWG(gen, ls, extra)                                                    \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"            \
	"metadata: {name: gw, namespace: shop, generation: " gen "}\n"         \
	"spec:\n  gatewayClassName: eg\n  listeners: [" ls "]\n" extra "---\n"

/* status.conditions of a Gateway: Accepted acc, Programmed pr, for og. */
#define GCONDS(acc, pr, og)                                                    \
	"status:\n  conditions: [" CONDG("Accepted", acc, og) ", " CONDG(      \
	    "Programmed", pr, og) "]\n"

#define HTTP "{name: http, protocol: HTTP, port: 80}"
#define HTTPS                                                                  \
	"{name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: "    \
	"[{name: c}]}}"
#define NOCERT "{name: https, protocol: HTTPS, port: 443}"

/* HTTPRoute shop/web with parentRefs parents and extra top-level lines. */
#define ROUTE(parents, extra)                                                  \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"          \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec:\n  parentRefs: [" parents "]\n"                                 \
	"  rules:\n  - backendRefs: [{name: web, port: 80}]\n" extra "---\n"

/* HTTPRoute shop/web of generation gen. */
#define ROUTEG(gen, parents, extra)                                            \
	"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"          \
	"metadata: {name: web, namespace: shop, generation: " gen "}\n"        \
	"spec:\n  parentRefs: [" parents "]\n"                                 \
	"  rules:\n  - backendRefs: [{name: web, port: 80}]\n" extra "---\n"

/* status.parents, one entry: parentRef ref, Accepted acc written for og. */
#define PARENTSG(ref, acc, og)                                                 \
	"status:\n  parents:\n  - parentRef: " ref "\n"                        \
	"    controllerName: example.com/gw\n"                                 \
	"    conditions: [" CONDG("Accepted", acc, og) "]\n"

/* status.listeners, one entry for name: Accepted acc, Programmed pr, og. */
#define LSTATUSG(name, acc, pr, og)                                            \
	"status:\n  listeners:\n  - name: " name "\n    attachedRoutes: 1\n"   \
	"    supportedKinds: [{kind: HTTPRoute}]\n"                            \
	"    conditions: [" CONDG("Accepted", acc,                             \
				  og) ", " CONDG("Programmed", pr, og) "]\n"

/* status.parents with one entry: parentRef ref, condition Accepted acc. */
#define PARENTS(ref, acc)                                                      \
	"status:\n  parents:\n  - parentRef: " ref "\n"                        \
	"    controllerName: example.com/gw\n"                                 \
	"    conditions: [" COND("Accepted", acc) "]\n"

/* status.listeners with one entry for name: Accepted acc, Programmed pr. */
#define LSTATUS(name, acc, pr)                                                 \
	"status:\n  listeners:\n  - name: " name "\n    attachedRoutes: 1\n"   \
	"    supportedKinds: [{kind: HTTPRoute}]\n"                            \
	"    conditions: [" COND("Accepted", acc) ", " COND("Programmed",      \
							    pr) "]\n"

static const struct {
	const char *why, *text;
	size_t n;      /* routes into shop/web */
	bool tls;      /* the first is served over TLS only */
	long port;     /* ... and listens on this port (0: not asked) */
	size_t nclear; /* gateway-route-without-tls findings */
} cases[] = {
	/* the route's status */
	{ "no status: attached as the spec says",
	  GW(HTTP, "") ROUTE("{name: gw}", ""), 1, false, 80, 1 },
	{ "status: refused on its only parent",
	  GW(HTTP, "")
	      ROUTE("{name: gw}",
		    PARENTS("{name: gw, namespace: shop, kind: "
			    "Gateway, group: gateway.networking.k8s.io}",
			    "False")),
	  0, false, 0, 0 },
	{ "status: refused, the parentRef's defaults written out or not",
	  GW(HTTP, "") ROUTE("{name: gw, namespace: shop, kind: Gateway}",
			     PARENTS("{name: gw}", "False")),
	  0, false, 0, 0 },
	{ "status: accepted",
	  GW(HTTP, "") ROUTE("{name: gw}",
			     PARENTS("{name: gw, namespace: shop}", "True")),
	  1, false, 80, 1 },
	{ "status: Accepted Unknown is no refusal",
	  GW(HTTP, "") ROUTE("{name: gw}", PARENTS("{name: gw}", "Unknown")), 1,
	  false, 80, 1 },
	{ "status: refused on another sectionName only",
	  GW(HTTP ", " HTTPS, "") ROUTE(
	      "{name: gw, sectionName: http}, {name: gw, sectionName: https}",
	      PARENTS("{name: gw, sectionName: http}", "False")),
	  1, true, 443, 0 },
	{ "status: refused on another port only",
	  GW(HTTP ", " HTTPS, "")
	      ROUTE("{name: gw, port: 80}",
		    PARENTS("{name: gw, port: 443}", "False")),
	  1, false, 80, 1 },
	{ "status: refused on the Gateway of another namespace only",
	  GW(HTTP, "") ROUTE("{name: gw}",
			     PARENTS("{name: gw, namespace: edge}", "False")),
	  1, false, 80, 1 },
	{ "status: one implementation refuses, another accepts",
	  GW(HTTP, "") ROUTE(
	      "{name: gw}",
	      PARENTS("{name: gw}", "False") "  - parentRef: {name: gw}\n"
					     "    controllerName: other/gw\n"
					     "    conditions: [" COND(
						 "Accepted", "True") "]\n"),
	  1, false, 80, 1 },
	/* the Gateway's status */
	{ "listener not programmed",
	  GW(HTTP, LSTATUS("http", "True", "False")) ROUTE("{name: gw}", ""), 0,
	  false, 0, 0 },
	{ "listener not accepted",
	  GW(HTTP, LSTATUS("http", "False", "True")) ROUTE("{name: gw}", ""), 0,
	  false, 0, 0 },
	{ "another listener not programmed",
	  GW(HTTP ", " HTTPS, LSTATUS("https", "True", "False"))
	      ROUTE("{name: gw}", ""),
	  1, false, 80, 1 },
	/* listeners the spec makes invalid */
	{ "HTTPS without tls", GW(NOCERT, "") ROUTE("{name: gw}", ""), 0, false,
	  0, 0 },
	{ "HTTPS Terminate without certificateRefs",
	  GW("{name: https, protocol: HTTPS, port: 443, tls: {mode: "
	     "Terminate, certificateRefs: []}}",
	     "") ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "HTTPS Passthrough (the schema allows Terminate only)",
	  GW("{name: https, protocol: HTTPS, port: 443, tls: {mode: "
	     "Passthrough}}",
	     "") ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "HTTPS with a certificate by implementation options",
	  GW("{name: https, protocol: HTTPS, port: 443, tls: {options: "
	     "{networking.gke.io/pre-shared-certs: shop}}}",
	     "") ROUTE("{name: gw}", ""),
	  1, true, 443, 0 },
	{ "HTTPS without certificate that the status says is programmed",
	  GW(NOCERT, LSTATUS("https", "True", "True")) ROUTE("{name: gw}", ""),
	  1, true, 443, 0 },
	{ "beside HTTP, the invalid HTTPS listener adds no port",
	  GW(HTTP ", " NOCERT, "") ROUTE("{name: gw}", ""), 1, false, 80, 1 },
	{ "a listener without protocol is no clear-text listener",
	  GW("{name: bare, port: 80}", "") ROUTE("{name: gw}", ""), 0, false, 0,
	  0 },
	{ "without protocol beside HTTPS: served over TLS only",
	  GW("{name: bare, port: 80}, " HTTPS, "") ROUTE("{name: gw}", ""), 1,
	  true, 443, 0 },
	/* the Gateway's own conditions */
	{ "Gateway not programmed: no listener serves",
	  GWG("2", HTTP ", " HTTPS, GCONDS("True", "False", "2"))
	      ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "Gateway not accepted: no listener serves",
	  GWG("2", HTTP, GCONDS("False", "Unknown", "2"))
	      ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "Gateway not programmed, its listener's status programmed",
	  GWG("1", HTTP,
	      GCONDS("True", "False", "1") "  listeners:\n  - name: http\n"
					   "    attachedRoutes: 1\n"
					   "    supportedKinds: []\n"
					   "    conditions: [" CONDG(
					       "Programmed", "True", "1") "]\n")
	      ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "Gateway accepted and programmed",
	  GWG("2", HTTP, GCONDS("True", "True", "2")) ROUTE("{name: gw}", ""),
	  1, false, 80, 1 },
	{ "Gateway conditions Unknown (waiting for its controller)",
	  GW(HTTP,
	     "status:\n  conditions: [" COND("Accepted", "Unknown") ", " COND(
		 "Programmed", "Unknown") "]\n") ROUTE("{name: gw}", ""),
	  1, false, 80, 1 },
	/* observedGeneration older than metadata.generation: not trusted */
	{ "Gateway not programmed, for an older generation",
	  GWG("3", HTTP, GCONDS("True", "False", "2")) ROUTE("{name: gw}", ""),
	  1, false, 80, 1 },
	{ "Gateway not programmed, for a newer generation than the input's",
	  GWG("3", HTTP, GCONDS("True", "False", "4")) ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "listener not programmed, for an older generation: spec decides",
	  GWG("5", HTTP, LSTATUSG("http", "True", "False", "4"))
	      ROUTE("{name: gw}", ""),
	  1, false, 80, 1 },
	{ "listener not programmed, for the current generation",
	  GWG("5", HTTP, LSTATUSG("http", "True", "False", "5"))
	      ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "HTTPS without certificate, programmed for an older generation",
	  GWG("2", NOCERT, LSTATUSG("https", "True", "True", "1"))
	      ROUTE("{name: gw}", ""),
	  0, false, 0, 0 },
	{ "HTTPS without certificate, programmed for the current one",
	  GWG("2", NOCERT, LSTATUSG("https", "True", "True", "2"))
	      ROUTE("{name: gw}", ""),
	  1, true, 443, 0 },
	{ "route refused for an older generation: spec decides",
	  GW(HTTP, "")
	      ROUTEG("7", "{name: gw}", PARENTSG("{name: gw}", "False", "6")),
	  1, false, 80, 1 },
	{ "route refused for the current generation",
	  GW(HTTP, "")
	      ROUTEG("7", "{name: gw}", PARENTSG("{name: gw}", "False", "7")),
	  0, false, 0, 0 },
	{ "route refused, observedGeneration without metadata.generation",
	  GW(HTTP, "")
	      ROUTE("{name: gw}", PARENTSG("{name: gw}", "False", "1")),
	  0, false, 0, 0 },
	{ "route accepted for an older generation, refused for this one",
	  GW(HTTP, "")
	      ROUTEG("2", "{name: gw}",
		     PARENTSG("{name: gw}", "True",
			      "1") "  - parentRef: {name: gw}\n"
				   "    controllerName: other/gw\n"
				   "    conditions: [" CONDG(
				       "Accepted", "False", "2") "]\n"),
	  0, false, 0, 0 },
};

/* Routes into shop/web of WEB text, up to 64 into r; the scan in *sp. */
static size_t routes_of(const char *text, struct scan **sp,
			const struct pod_view **pv, struct expose_route *r)
{
	struct sbuf sb = SBUF_INIT;
	struct scan *s;

	sbuf_addf(&sb, "%s%s", WEB, text);
	s = tu_scan_text(sb.buf);
	sbuf_release(&sb);
	ck_assert_msg(s->errors.n == 0, "%s",
		      s->errors.n ? s->errors.v[0].msg : "");
	*pv = tu_find_pod(s, "shop/web");
	ck_assert_ptr_nonnull(*pv);
	*sp = s;
	return exposure_routes(s->exposure, *pv, r, 64);
}

START_TEST(test_attach_cases)
{
	struct expose_route r[64];
	const struct pod_view *pv;
	struct tu_checks c;
	struct scan *s;
	char desc[160];
	long cport;
	size_t n;

	n = routes_of(cases[_i].text, &s, &pv, r);
	ck_assert_msg(n == cases[_i].n, "%s: %zu routes", cases[_i].why, n);
	if (n) {
		ck_assert_int_eq(r[0].how, EXPOSE_GATEWAY);
		ck_assert_msg(r[0].tls == cases[_i].tls, "%s: tls %d",
			      cases[_i].why, r[0].tls);
		ck_assert_msg(r[0].nlistener_ports == 1 &&
				  r[0].listener_ports[0] == cases[_i].port,
			      "%s: %zu ports, first %ld", cases[_i].why,
			      r[0].nlistener_ports, r[0].listener_ports[0]);
		ck_assert_msg(
		    exposure_route_carries(&r[0], pv, cases[_i].port, &cport,
					   desc, sizeof(desc)),
		    "%s: port %ld not carried", cases[_i].why, cases[_i].port);
	}
	scan_free(s);
	tu_check_one(&c, tu_scan_text(cases[_i].text),
		     "gateway-route-without-tls");
	ck_assert_msg(c.f.n == cases[_i].nclear, "%s: %zu findings",
		      cases[_i].why, c.f.n);
	tu_checks_release(&c);
}
END_TEST

/*
 * A ListenerSet's listeners: its status decides as a Gateway's does, and
 * a route refused by the set (its status.parents names the set) is not
 * served there.
 */
START_TEST(test_listener_set_status)
{
	static const char fmt[] =
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
	    "metadata: {name: gw, namespace: shop}\n"
	    "spec:\n  gatewayClassName: eg\n"
	    "  allowedListeners: {namespaces: {from: Same}}\n"
	    "  listeners: [" HTTPS "]\n%s---\n"
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\n"
	    "metadata: {name: team, namespace: shop}\n"
	    "spec:\n  parentRef: {name: gw}\n"
	    "  listeners: [{name: plain, protocol: HTTP, port: 8081}]\n%s---\n"
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
	    "metadata: {name: web, namespace: shop}\n"
	    "spec:\n  parentRefs: [{name: team, kind: ListenerSet}]\n"
	    "  rules:\n  - backendRefs: [{name: web, port: 80}]\n%s";
	static const struct {
		const char *gw, *set, *route;
		size_t n;
	} v[] = {
		{ "", "", "", 1 },
		{ "", LSTATUS("plain", "True", "False"), "", 0 },
		{ "", LSTATUS("plain", "True", "True"), "", 1 },
		{ "", "",
		  PARENTS("{name: team, kind: ListenerSet, group: "
			  "gateway.networking.k8s.io}",
			  "False"),
		  0 },
		/* the status of a Gateway of that name is not the set's */
		{ "", "", PARENTS("{name: team}", "False"), 1 },
		/* the set's own conditions, and its Gateway's */
		{ "", GCONDS("False", "False", "1"), "", 0 },
		{ "", GCONDS("True", "True", "1"), "", 1 },
		{ GCONDS("True", "False", "1"), "", "", 0 },
		{ GCONDS("True", "True", "1"), "", "", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char text[4096];
		struct expose_route r[64];
		const struct pod_view *pv;
		struct tu_checks c;
		struct scan *s;
		size_t n;

		snprintf(text, sizeof(text), fmt, v[i].gw, v[i].set,
			 v[i].route);
		n = routes_of(text, &s, &pv, r);
		ck_assert_msg(n == v[i].n, "case %zu: %zu routes", i, n);
		if (n)
			ck_assert_ptr_nonnull(r[0].listener_set);
		scan_free(s);
		tu_check_one(&c, tu_scan_text(text),
			     "gateway-route-without-tls");
		ck_assert_msg(c.f.n == v[i].n, "case %zu: %zu findings", i,
			      c.f.n);
		if (c.f.n)
			ck_assert_str_eq(c.f.v[0]->message,
					 "HTTPRoute 'web' is served in clear "
					 "text on listener 'plain' (HTTP, port "
					 "8081) of ListenerSet shop/team");
		tu_checks_release(&c);
	}
}
END_TEST

/*
 * A route attached to 20 Gateways, each named twice (the whole Gateway,
 * then its listener): one way in per Gateway, in the order of their
 * first parentRef, and one finding per clear-text listener -- more than
 * the 16 a fixed table once held.
 */
START_TEST(test_many_gateways)
{
	enum { NGW = 20 };
	struct sbuf sb = SBUF_INIT;
	struct expose_route r[64];
	const struct pod_view *pv;
	struct tu_checks c;
	struct scan *s;
	size_t n, i;
	int k, pass;

	for (k = 0; k < NGW; k++)
		sbuf_addf(&sb,
			  "apiVersion: gateway.networking.k8s.io/v1\n"
			  "kind: Gateway\n"
			  "metadata: {name: gw-%02d, namespace: shop}\n"
			  "spec:\n  gatewayClassName: eg\n"
			  "  listeners: [" HTTP "]\n---\n",
			  k);
	sbuf_addf(&sb, "apiVersion: gateway.networking.k8s.io/v1\n"
		       "kind: HTTPRoute\n"
		       "metadata: {name: web, namespace: shop}\n"
		       "spec:\n  parentRefs:\n");
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < NGW; k++)
			sbuf_addf(&sb, "  - {name: gw-%02d%s}\n", k,
				  pass ? ", sectionName: http" : "");
	sbuf_addf(&sb, "  rules:\n  - backendRefs: [{name: web, port: 80}]\n");

	n = routes_of(sb.buf, &s, &pv, r);
	ck_assert_uint_eq(n, NGW);
	for (i = 0; i < n; i++) {
		char want[16];
		snprintf(want, sizeof(want), "gw-%02zu", i);
		ck_assert_ptr_nonnull(r[i].gateway);
		ck_assert_str_eq(r[i].gateway->name, want);
	}
	scan_free(s);

	tu_check_one(&c, tu_scan_text(sb.buf), "gateway-route-without-tls");
	ck_assert_uint_eq(c.f.n, NGW);
	for (k = 0; k < NGW; k++) {
		char want[128];
		size_t hits = 0;
		snprintf(want, sizeof(want),
			 "HTTPRoute 'web' is served in clear text on listener "
			 "'http' (HTTP, port 80) of Gateway shop/gw-%02d",
			 k);
		for (i = 0; i < c.f.n; i++) {
			char path[32];
			if (strcmp(c.f.v[i]->message, want))
				continue;
			hits++;
			/* the first parentRef naming the Gateway */
			snprintf(path, sizeof(path), "spec.parentRefs[%d]", k);
			ck_assert_uint_gt(c.f.v[i]->nev, 0);
			ck_assert_str_eq(c.f.v[i]->ev[0].path, path);
		}
		ck_assert_msg(hits == 1, "gw-%02d: %zu findings", k, hits);
	}
	tu_checks_release(&c);
	sbuf_release(&sb);
}
END_TEST

/*
 * A route on a Gateway of 12 HTTP listeners, ports 8001 to 8012: it is
 * carried on each of them (8 were once kept), and on no other port.
 */
START_TEST(test_many_listener_ports)
{
	enum { NL = 12 };
	struct sbuf sb = SBUF_INIT;
	struct expose_route r[64];
	const struct pod_view *pv;
	struct scan *s;
	char desc[160];
	long cport;
	size_t n;
	int k;

	sbuf_addf(&sb, "apiVersion: gateway.networking.k8s.io/v1\n"
		       "kind: Gateway\nmetadata: {name: gw, namespace: shop}\n"
		       "spec:\n  gatewayClassName: eg\n  listeners:\n");
	for (k = 1; k <= NL; k++)
		sbuf_addf(&sb, "  - {name: l%d, protocol: HTTP, port: %d}\n", k,
			  8000 + k);
	sbuf_addf(&sb, "---\n%s", ROUTE("{name: gw}", ""));
	n = routes_of(sb.buf, &s, &pv, r);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(r[0].nlistener_ports, NL);
	for (k = 1; k <= NL; k++)
		ck_assert_msg(exposure_route_carries(&r[0], pv, 8000 + k,
						     &cport, desc,
						     sizeof(desc)),
			      "port %d", 8000 + k);
	ck_assert_str_eq(desc, "port 8012 of the Gateway -> Service port 80 "
			       "-> container port 8080");
	ck_assert(!exposure_route_carries(&r[0], pv, 8013, &cport, desc,
					  sizeof(desc)));
	scan_free(s);
	sbuf_release(&sb);
}
END_TEST

/* can-reach: on a live snapshot, the ports the status leaves serving. */
START_TEST(test_can_reach_status)
{
	static const struct {
		long port;
		int rc;
		const char *want;
	} v[] = {
		{ 443, 0,
		  "(port 8080 -> container port 8080, TLS) [carries port 443 "
		  "of the Gateway" },
		{ 80, 1,
		  "way in   none on port 80: 1 way in reaches it on "
		  "other ports" },
		{ 8443, 1, "way in   none on port 8443" },
		{ 9090, 1, "way in   none on port 9090" },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *out = NULL;
		int rc = tu_runf(&out,
				 "can-reach internet shop/deploy/web:%ld -R -f "
				 "testdata/network/gateway-status 2>&1",
				 v[i].port);
		ck_assert_msg(rc == v[i].rc, "port %ld: rc %d: %s", v[i].port,
			      rc, out);
		ck_assert_msg(strstr(out, v[i].want), "port %ld: %s", v[i].port,
			      out);
		free(out);
	}
}
END_TEST

/*
 * can-reach names what a status refuses instead of reporting no way in:
 * the route's refusal of its HTTP listener, the listener on 9090 that is
 * not programmed, on the port asked only; the Gateway-level refusal of a
 * Gateway whose conditions say it is not programmed; nothing for a
 * refusal written for an older generation.
 */
START_TEST(test_can_reach_refused)
{
	static const char parent[] =
	    "  refused  HTTPRoute shop/web on listener 'http' (port 80) of "
	    "Gateway shop/edge: its status.parents says Accepted \"False\" "
	    "(NotAllowedByListeners)\n";
	static const char listener[] =
	    "  refused  HTTPRoute shop/web on listener 'alt' (port 9090) of "
	    "Gateway shop/edge: status.listeners of Gateway shop/edge says "
	    "Programmed \"False\" (Invalid: address in use)\n";
	static const struct {
		const char *args;
		int rc;
		const char *want, *want2, *not ;
	} v[] = {
		{ "shop/deploy/web -R -f testdata/network/gateway-status", 0,
		  parent, listener, NULL },
		{ "shop/deploy/web:80 -R -f testdata/network/gateway-status", 1,
		  parent, "way in   none on port 80", listener },
		{ "shop/deploy/web:9090 -R -f testdata/network/gateway-status",
		  1, listener, "way in   none on port 9090", parent },
		{ "shop/deploy/web:443 -R -f testdata/network/gateway-status",
		  0, "[carries port 443", NULL, "refused" },
		{ "books/deploy/ledger -f testdata/checks/exposed-workload/"
		  "silent/gateway-not-programmed.yaml",
		  1,
		  "  way in   none: the status of the cluster refuses each "
		  "route "
		  "that would reach it\n",
		  "  refused  HTTPRoute books/ledger on listener 'web' (port "
		  "80) "
		  "of Gateway books/books-edge: status.conditions of Gateway "
		  "books/books-edge say Programmed \"False\" "
		  "(AddressNotAssigned: no address assigned)\n",
		  "no LoadBalancer" },
		{ "harbor/deploy/tides -f "
		  "testdata/checks/exposed-workload/fire/"
		  "gateway-stale-refusal.yaml",
		  0,
		  "way in   HTTPRoute harbor/tides on Gateway "
		  "harbor/harbor-edge",
		  NULL, "refused" },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *out = NULL;
		int rc = tu_runf(&out, "can-reach internet %s 2>&1", v[i].args);
		ck_assert_msg(rc == v[i].rc, "%s: rc %d: %s", v[i].args, rc,
			      out);
		ck_assert_msg(strstr(out, v[i].want), "%s: %s", v[i].args, out);
		ck_assert_msg(!v[i].want2 || strstr(out, v[i].want2), "%s: %s",
			      v[i].args, out);
		ck_assert_msg(!v[i].not || !strstr(out, v[i].not ), "%s: %s",
			      v[i].args, out);
		free(out);
	}
}
END_TEST

/* can-reach -o json: refusedWaysIn, each field of a refusal. */
START_TEST(test_can_reach_refused_json)
{
	char *out = NULL;
	int rc;

	tu_need_tool("jq", "jq");
	rc = tu_shf(
	    &out,
	    TU_ENV
	    "'%s' can-reach internet shop/deploy/web -R -f "
	    "testdata/network/gateway-status -o json | jq -c "
	    "'.pairs[0].refusedWaysIn | map([.route.name, .parent.kind, "
	    ".parent.name, .listener, .port, .refusedBy, .statusOf.kind, "
	    ".condition.type, .condition.status, .condition.reason])'",
	    tu_bin());
	ck_assert_msg(rc == 0, "rc %d: %s", rc, out);
	ck_assert_str_eq(
	    out, "[[\"web\",\"Gateway\",\"edge\",\"http\",80,\"route "
		 "status.parents\",\"HTTPRoute\",\"Accepted\",\"False\","
		 "\"NotAllowedByListeners\"],[\"web\",\"Gateway\",\"edge\","
		 "\"alt\",9090,\"status.listeners\",\"Gateway\","
		 "\"Programmed\",\"False\",\"Invalid\"]]\n");
	free(out);
}
END_TEST

/*
 * Refusals through a ListenerSet whose Gateway is not programmed, and of
 * parents absent from the input that the route's status refuses: each
 * named, with whose status refuses.
 */
START_TEST(test_refusals_listener_set_and_absent)
{
	static const char text[] =
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
	    "metadata: {name: gw, namespace: shop}\n"
	    "spec:\n  gatewayClassName: eg\n"
	    "  allowedListeners: {namespaces: {from: Same}}\n"
	    "  listeners: [" HTTPS "]\n" GCONDS(
		"True", "False",
		"1") "---\n"
		     "apiVersion: gateway.networking.k8s.io/v1\nkind: "
		     "ListenerSet\n"
		     "metadata: {name: team, namespace: shop}\n"
		     "spec:\n  parentRef: {name: gw}\n"
		     "  listeners: [{name: plain, protocol: HTTP, port: "
		     "8081}]\n---\n"
		     "apiVersion: gateway.networking.k8s.io/v1\nkind: "
		     "HTTPRoute\n"
		     "metadata: {name: web, namespace: shop}\n"
		     "spec:\n  parentRefs: [{name: team, kind: ListenerSet}, "
		     "{name: "
		     "gone, kind: ListenerSet}, {name: nogw}]\n"
		     "  rules:\n  - backendRefs: [{name: web, port: 80}]\n"
		     "status:\n  parents:\n"
		     "  - parentRef: {name: gone, kind: ListenerSet, group: "
		     "gateway.networking.k8s.io}\n"
		     "    controllerName: example.com/gw\n"
		     "    conditions: [" COND(
			 "Accepted",
			 "False") "]\n"
				  "  - parentRef: {name: nogw}\n"
				  "    controllerName: example.com/gw\n"
				  "    conditions: [" COND("Accepted",
							   "False") "]\n";
	static const char *const want[] = {
		"HTTPRoute shop/web on listener 'plain' (port 8081) of "
		"ListenerSet shop/team: status.conditions of Gateway shop/gw "
		"say Programmed \"False\" (R)",
		"HTTPRoute shop/web on ListenerSet shop/gone (not in the "
		"input): its status.parents says Accepted \"False\" (R)",
		"HTTPRoute shop/web on Gateway shop/nogw (not in the input): "
		"its status.parents says Accepted \"False\" (R)",
	};
	struct expose_refusal x[8];
	struct expose_route r[8];
	const struct pod_view *pv;
	struct scan *s;
	char line[600];
	size_t n, i;

	n = routes_of(text, &s, &pv, r);
	ck_assert_uint_eq(n, 0);
	n = exposure_refusals(s->exposure, pv, 0, x, 8);
	ck_assert_uint_eq(n, 3);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(expose_refusal_text(&x[i], line, sizeof(line)),
				 want[i]);
	ck_assert_int_eq(x[0].by, EXPOSE_REFUSED_OWNER);
	ck_assert_str_eq(x[0].refuser->kind, "Gateway");
	ck_assert_str_eq(x[0].owner->kind, "ListenerSet");
	ck_assert_ptr_null(x[1].owner);
	ck_assert_int_eq(x[2].by, EXPOSE_REFUSED_PARENT);
	/* on port 443 only the refusals whose listener is unknown */
	ck_assert_uint_eq(exposure_refusals(s->exposure, pv, 443, x, 8), 2);
	scan_free(s);

	/* a listener two parentRefs name is refused once */
	n = routes_of(GWG("1", HTTP ", " HTTPS, GCONDS("True", "False", "1"))
			  ROUTE("{name: gw}, {name: gw, sectionName: http}, "
				"{name: gw, port: 80}",
				""),
		      &s, &pv, r);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(exposure_refusals(s->exposure, pv, 0, x, 8), 2);
	ck_assert_uint_eq(exposure_refusals(s->exposure, pv, 80, x, 8), 1);
	ck_assert_int_eq(x[0].port, 80);
	scan_free(s);
}
END_TEST

/*
 * The Gateway API's own example (simple-http-https): a route on its
 * HTTPS listener reaches the app over TLS on 443, as long as no status
 * says otherwise; the same objects with the status a live cluster might
 * write (the listener not programmed, or the route refused) lead nowhere.
 * The example's HTTPS listener without tls.mode (Terminate by default,
 * with certificateRefs) is valid.
 */
START_TEST(test_real_simple_http_https)
{
	TU_NEED_SHARED(shared);
	static const char app[] =
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: foo-app, namespace: default}\n"
	    "spec:\n  selector: {matchLabels: {app: foo}}\n  template:\n"
	    "    metadata: {labels: {app: foo}}\n"
	    "    spec: {containers: [{name: foo, image: foo:1, ports: "
	    "[{containerPort: 8080}]}]}\n---\n"
	    "apiVersion: v1\nkind: Service\n"
	    "metadata: {name: foo-app, namespace: default}\n"
	    "spec: {selector: {app: foo}, ports: [{port: 80, targetPort: "
	    "8080}]}\n";
	static const struct {
		const char *gw_status, *route_status;
		size_t n;
	} v[] = {
		{ "", "", 1 },
		{ LSTATUS("https", "True", "False"), "", 0 },
		{ LSTATUS("https", "True", "True"), "", 1 },
		{ "",
		  PARENTS("{name: example-gateway, sectionName: https}",
			  "False"),
		  0 },
		{ "",
		  PARENTS("{name: example-gateway, sectionName: https}",
			  "True"),
		  1 },
	};
	char path[700], *gw, *route;
	size_t i;

	snprintf(path, sizeof(path),
		 "%s/k8s-real/gateway-api/standard__simple-http-https__"
		 "gateway.yaml",
		 shared);
	gw = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(gw);
	snprintf(path, sizeof(path),
		 "%s/k8s-real/gateway-api/standard__simple-http-https__"
		 "foo-route.yaml",
		 shared);
	route = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(route);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		struct expose_route r[64];
		const struct pod_view *p;
		struct scan *s;
		size_t n;

		/* the status follows each file's only document */
		sbuf_addf(&sb, "%s%s---\n%s%s%s", gw, v[i].gw_status, route,
			  v[i].route_status, app);
		s = tu_scan_text(sb.buf);
		ck_assert_msg(s->errors.n == 0, "%s",
			      s->errors.n ? s->errors.v[0].msg : "");
		p = tu_find_pod(s, "default/foo-app");
		ck_assert_ptr_nonnull(p);
		n = exposure_routes(s->exposure, p, r, 64);
		ck_assert_msg(n == v[i].n, "case %zu: %zu routes", i, n);
		if (n) {
			ck_assert(r[0].tls);
			ck_assert_uint_eq(r[0].nlistener_ports, 1);
			ck_assert_int_eq(r[0].listener_ports[0], 443);
		}
		scan_free(s);
		sbuf_release(&sb);
	}
	free(gw);
	free(route);
}
END_TEST

/*
 * The status the API server gives a new Gateway, from the default of the
 * Gateway API's own CRD (v1, the first version it serves): "status:" and
 * the block under status.default, re-indented for a Gateway document.
 * Malloc'ed.
 */
static char *crd_default_status(const char *shared)
{
	static const char at[] = "\n          status:\n            default:\n";
	struct sbuf sb = SBUF_INIT;
	char path[700], *crd;
	const char *p;

	snprintf(path, sizeof(path),
		 "%s/k8s-real/gateway-api/"
		 "crd__standard__gateway.networking.k8s.io_gateways.yaml",
		 shared);
	crd = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(crd);
	p = strstr(crd, at);
	ck_assert_ptr_nonnull(p);
	sbuf_addf(&sb, "status:\n");
	/* the lines indented deeper than "default:" */
	for (p += strlen(at); !strncmp(p, "              ", 14);) {
		const char *nl = strchr(p, '\n');
		ck_assert_ptr_nonnull(nl);
		ck_assert_int_eq(
		    sbuf_add(&sb, p + 12, (size_t)(nl + 1 - (p + 12))), 0);
		p = nl + 1;
	}
	free(crd);
	ck_assert_ptr_nonnull(strstr(sb.buf, "type: Programmed"));
	return sbuf_detach(&sb, NULL);
}

/*
 * The Gateway API's simple-gateway example with the status its CRD gives
 * a Gateway no controller has looked at yet (Accepted and Programmed
 * "Unknown", "Waiting for controller"): no refusal, the route is served.
 * The same block saying Programmed "False" refuses every listener, and
 * can-reach's refusals name it; written for an older generation of the
 * Gateway, it refuses nothing.
 */
START_TEST(test_real_crd_default_status)
{
	TU_NEED_SHARED(shared);
	static const char app[] =
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: foo, namespace: default}\n"
	    "spec:\n  selector: {matchLabels: {app: foo}}\n  template:\n"
	    "    metadata: {labels: {app: foo}}\n"
	    "    spec: {containers: [{name: foo, image: foo:1, ports: "
	    "[{containerPort: 8080}]}]}\n---\n"
	    "apiVersion: v1\nkind: Service\n"
	    "metadata: {name: foo-svc, namespace: default}\n"
	    "spec: {selector: {app: foo}, ports: [{port: 8080}]}\n";
	char path[700], *gw, *route, *status, *prog;
	int k;

	snprintf(path, sizeof(path),
		 "%s/k8s-real/gateway-api/standard__simple-gateway__"
		 "gateway.yaml",
		 shared);
	gw = tu_read_file(path, NULL);
	snprintf(path, sizeof(path),
		 "%s/k8s-real/gateway-api/standard__simple-gateway__"
		 "httproute.yaml",
		 shared);
	route = tu_read_file(path, NULL);
	ck_assert(gw && route);
	ck_assert_ptr_nonnull(strstr(gw, "  name: prod-web\n"));
	status = crd_default_status(shared);
	/* Programmed is the second condition: its status said "False" */
	prog = strstr(status, "type: Programmed");
	ck_assert_ptr_nonnull(prog);
	for (k = 0; k < 3; k++) {
		struct sbuf sb = SBUF_INIT, st = SBUF_INIT;
		struct expose_refusal x[4];
		struct expose_route r[8];
		const struct pod_view *pv;
		struct tu_checks c;
		struct scan *s;
		char *at, line[600];
		size_t n, nx;

		sbuf_addf(&st, "%s", status);
		if (k > 0) { /* the last "Unknown" is Programmed's */
			at = strstr(st.buf, "type: Programmed");
			while (at > st.buf && strncmp(at, "Unknown", 7))
				at--;
			ck_assert(!strncmp(at, "Unknown", 7));
			memcpy(at, "'False'", 7);
		}
		sbuf_addf(&sb, "%s%s---\n%s%s", gw, st.buf, route, app);
		if (k ==
		    2) { /* written for generation 1; the Gateway is at 2 */
			struct sbuf t = SBUF_INIT;
			const char *m = strstr(sb.buf, "  name: prod-web\n");
			char *o;
			ck_assert_int_eq(
			    sbuf_add(&t, sb.buf, (size_t)(m - sb.buf)), 0);
			sbuf_addf(&t, "  name: prod-web\n  generation: 2\n");
			m += strlen("  name: prod-web\n");
			/* each condition of the CRD's default says type last */
			while ((o = strstr(m, "    type: ")) != NULL) {
				ck_assert_int_eq(
				    sbuf_add(&t, m, (size_t)(o - m)), 0);
				sbuf_addf(&t, "    observedGeneration: 1\n");
				ck_assert_int_eq(sbuf_add(&t, o, 4), 0);
				m = o + 4;
			}
			sbuf_addf(&t, "%s", m);
			sbuf_release(&sb);
			sb = t;
		}
		s = tu_scan_text(sb.buf);
		ck_assert_msg(s->errors.n == 0, "%s",
			      s->errors.n ? s->errors.v[0].msg : "");
		pv = tu_find_pod(s, "default/foo");
		ck_assert_ptr_nonnull(pv);
		n = exposure_routes(s->exposure, pv, r, 8);
		nx = exposure_refusals(s->exposure, pv, 0, x, 4);
		ck_assert_msg(n == (k == 1 ? 0 : 1), "case %d: %zu routes", k,
			      n);
		ck_assert_msg(nx == (k == 1 ? 1 : 0), "case %d: %zu refused", k,
			      nx);
		if (nx) {
			ck_assert_int_eq(x[0].by, EXPOSE_REFUSED_OWNER);
			ck_assert_int_eq(x[0].port, 80);
			ck_assert_str_eq(
			    expose_refusal_text(&x[0], line, sizeof(line)),
			    "HTTPRoute default/foo on listener 'prod-web-gw' "
			    "(port 80) of Gateway default/prod-web: "
			    "status.conditions of Gateway default/prod-web "
			    "say Programmed \"False\" (Pending: Waiting for "
			    "controller)");
		}
		scan_free(s);
		tu_check_one(&c, tu_scan_text(sb.buf),
			     "gateway-route-without-tls");
		ck_assert_msg(c.f.n == (k == 1 ? 0u : 1u),
			      "case %d: %zu findings", k, c.f.n);
		tu_checks_release(&c);
		sbuf_release(&sb);
		sbuf_release(&st);
	}
	free(status);
	free(gw);
	free(route);
}
END_TEST

Suite *suite_gateway_attach(void)
{
	Suite *s = suite_create("gateway_attach");
	TCase *tc = tcase_create("gateway_attach");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_attach_cases, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_listener_set_status);
	tcase_add_test(tc, test_many_gateways);
	tcase_add_test(tc, test_many_listener_ports);
	tcase_add_test(tc, test_can_reach_status);
	tcase_add_test(tc, test_can_reach_refused);
	tcase_add_test(tc, test_can_reach_refused_json);
	tcase_add_test(tc, test_refusals_listener_set_and_absent);
	tcase_add_test(tc, test_real_simple_http_https);
	tcase_add_test(tc, test_real_crd_default_status);
	suite_add_tcase(s, tc);
	return s;
}
