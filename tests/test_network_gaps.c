/*
 * Network checks on the ways in and the policy engines: a Cilium, Calico
 * or admin network policy that selects a pod but admits any pod does not
 * count as isolation, and an answer the model cannot give is reported as
 * unknown; Ingresses and routes naming ExternalName Services; routes on
 * ListenerSets; Istio Gateways judged by their servers and gateway pods.
 * Each case loads one fixture of testdata/checks/<check>/ and runs one
 * check; the rest ask can-reach and the exposure model directly.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "analysis/extname.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

struct gcase {
	const char *file; /* under testdata/checks */
	const char *check;
	size_t count;
	enum severity sev; /* of the first finding; SEV_NONE: any */
	const char *msg;   /* substring of the first finding's message */
};

static const struct gcase cases[] = {
	{ "missing-network-policy/fire/cilium-allows-cluster.yaml",
	  "missing-network-policy", 1, SEV_LOW,
	  "any pod may connect to these pods: CiliumNetworkPolicy shop/web "
	  "allows ingress from any pod (spec.ingress[0].fromEntities[0])" },
	{ "missing-network-policy/fire/calico-allow-all.yaml",
	  "missing-network-policy", 1, SEV_LOW,
	  "Calico NetworkPolicy shop/web-open (tier default) allows ingress "
	  "from any pod (spec.ingress[0])" },
	{ "missing-network-policy/fire/anp-allows-all-namespaces.yaml",
	  "missing-network-policy", 1, SEV_LOW,
	  "AdminNetworkPolicy open-shop (priority 10) rule everyone "
	  "(spec.ingress[0]) allows ingress from any pod" },
	{ "missing-network-policy/fire/cilium-unknown.yaml",
	  "missing-network-policy", 1, SEV_LOW,
	  "whether any pod may connect to these pods is unknown: "
	  "CiliumClusterwideNetworkPolicy web may allow ingress from any pod "
	  "(spec.ingress[0].fromEntities[0]): fromRequires" },
	/* the ports of the rule that admits every pod are named */
	{ "missing-network-policy/fire/ip-block-any-some-ports.yaml",
	  "missing-network-policy", 1, SEV_LOW,
	  "NetworkPolicy 'resolver-open' isolates these pods, but its rule "
	  "spec.ingress[0].from[0] admits every pod of every namespace on "
	  "TCP 8053, every UDP port, TCP 30000-30100 and 2 more" },
	{ "missing-network-policy/fire/namespace-selector-everyone.yaml",
	  "missing-network-policy", 1, SEV_LOW,
	  "admits every pod of every namespace on TCP 'http'" },
	{ "missing-network-policy/silent/cilium-namespace-only.yaml",
	  "missing-network-policy", 0, SEV_NONE, NULL },
	{ "missing-network-policy/silent/calico-allow-then-deny.yaml",
	  "missing-network-policy", 0, SEV_NONE, NULL },
	{ "missing-network-policy/silent/cilium-ingress.yaml",
	  "missing-network-policy", 0, SEV_NONE, NULL },
	{ "missing-network-policy/silent/baseline-admin-deny.yaml",
	  "missing-network-policy", 0, SEV_NONE, NULL },
	/* ExternalName backends */
	{ "externalname-backend/fire/metadata.yaml", "externalname-backend", 1,
	  SEV_HIGH,
	  "Ingress 'meta' sends requests to ExternalName Service shop/meta, "
	  "whose name '169.254.169.254' is the cloud instance metadata "
	  "endpoint" },
	{ "externalname-backend/fire/apiserver-httproute.yaml",
	  "externalname-backend", 1, SEV_HIGH, "is the Kubernetes API server" },
	{ "externalname-backend/fire/cross-namespace.yaml",
	  "externalname-backend", 1, SEV_MEDIUM,
	  "'ledger.payments.svc.cluster.local' is a Service of the cluster "
	  "(Service payments/ledger, another namespace)" },
	{ "externalname-backend/fire/loopback-private-controller.yaml",
	  "externalname-backend", 1, SEV_MEDIUM,
	  "is the proxy's own loopback: its proxy connects there for anyone "
	  "who reaches the Ingress (itself private: its controller "
	  "Deployment ingress-nginx/ingress-nginx-controller has no" },
	{ "externalname-backend/fire/outside-host.yaml", "externalname-backend",
	  1, SEV_LOW, "is a host outside the cluster" },
	{ "externalname-backend/silent/no-front.yaml", "externalname-backend",
	  0, SEV_NONE, NULL },
	{ "externalname-backend/silent/selector-backend.yaml",
	  "externalname-backend", 0, SEV_NONE, NULL },
	/* the Service an ExternalName names is a way into its pods */
	{ "externalname-backend/fire/cross-namespace.yaml", "exposed-workload",
	  1, SEV_MEDIUM,
	  "Ingress shop/shop -> ExternalName Service shop/ledger-alias -> "
	  "Service payments/ledger (port 80 -> container port 8080 (http)" },
	/* ListenerSets */
	{ "exposed-workload/fire/gateway-listenerset.yaml", "exposed-workload",
	  1, SEV_MEDIUM,
	  "HTTPRoute team-1/web on ListenerSet team-1/team-1 of Gateway "
	  "infra/shared -> Service team-1/web (port 80 -> container port 8080 "
	  "(http), TLS)" },
	{ "exposed-workload/fire/gateway-xlistenerset.yaml", "exposed-workload",
	  1, SEV_MEDIUM,
	  "HTTPRoute team-1/web on XListenerSet team-1/extra of Gateway "
	  "team-1/shared" },
	{ "exposed-workload/silent/gateway-listenerset-not-allowed.yaml",
	  "exposed-workload", 0, SEV_NONE, NULL },
	/* Istio Gateways: servers' hosts and the gateway pods */
	{ "exposed-workload/fire/istio-gateway-pods-public.yaml",
	  "exposed-workload", 2, SEV_MEDIUM, NULL },
	{ "exposed-workload/fire/istio-gateway-pods-private.yaml",
	  "exposed-workload", 1, SEV_LOW,
	  "VirtualService shop/web on Gateway istio-system/public -> Service "
	  "shop/web (port 80 -> container port 8080 (http), gateway pods not "
	  "exposed, TLS; its gateway pods Deployment "
	  "istio-system/istio-ingressgateway have no LoadBalancer" },
	{ "exposed-workload/silent/istio-hosts-not-served.yaml",
	  "exposed-workload", 0, SEV_NONE, NULL },
	{ "exposed-workload/silent/istio-server-namespace-mismatch.yaml",
	  "exposed-workload", 0, SEV_NONE, NULL },
};

START_TEST(test_gap_case)
{
	const struct gcase *x = &cases[_i];
	const struct check *c = check_find(x->check), *one[] = { c, NULL };
	char path[512];
	const char *paths[] = { path };
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0, i, n = 0;
	const struct finding *first = NULL;

	ck_assert_msg(c != NULL, "no check %s", x->check);
	snprintf(path, sizeof(path), "testdata/checks/%s", x->file);
	s = tu_scan_paths(paths, 1);
	ck_assert_msg(s->errors.n == 0, "%s: %s", x->file,
		      s->errors.n ? s->errors.v[0].msg : "");
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, one, NULL, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++)
		if (f.v[i]->check == c &&
		    (!x->msg || strstr(f.v[i]->message, x->msg)) && !first)
			first = f.v[i];
	for (i = 0; i < f.n; i++)
		n += f.v[i]->check == c;
	ck_assert_msg(n == x->count, "%s: %zu findings, want %zu%s%s", x->file,
		      n, x->count, first ? ": " : "",
		      first ? first->message : "");
	if (first && x->sev != SEV_NONE)
		ck_assert_msg(first->severity == x->sev, "%s: severity %d",
			      x->file, (int)first->severity);
	if (x->msg)
		ck_assert_msg(first != NULL, "%s: no finding says '%s'",
			      x->file, x->msg);
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/* What an ExternalName's name points at. */
static const struct {
	const char *name;
	enum ext_target kind;
	const char *ns, *svc;
} names[] = {
	{ "169.254.169.254", EXT_METADATA, "", "" },
	{ "Metadata.Google.Internal.", EXT_METADATA, "", "" },
	{ "fd00:ec2::254", EXT_METADATA, "", "" },
	{ "kubernetes.default.svc.cluster.local", EXT_APISERVER, "", "" },
	{ "kubernetes.default", EXT_APISERVER, "", "" },
	{ "kubernetes.default.svc.corp.example", EXT_APISERVER, "", "" },
	{ "localhost", EXT_LOOPBACK, "", "" },
	{ "127.0.0.2", EXT_LOOPBACK, "", "" },
	{ "::1", EXT_LOOPBACK, "", "" },
	{ "ledger.payments.svc.cluster.local", EXT_CLUSTER_SERVICE, "payments",
	  "ledger" },
	{ "ledger.payments.svc", EXT_CLUSTER_SERVICE, "payments", "ledger" },
	{ "ledger.payments", EXT_CLUSTER_SERVICE, "payments", "ledger" },
	{ "ledger.unknown", EXT_OUTSIDE, "", "" },
	{ "db.prod.internal", EXT_PRIVATE, "", "" },
	{ "10.0.3.4", EXT_PRIVATE, "", "" },
	{ "fe80::1", EXT_PRIVATE, "", "" },
	{ "db", EXT_PRIVATE, "", "" },
	{ "docs.example.com", EXT_OUTSIDE, "", "" },
	{ "8.8.8.8", EXT_OUTSIDE, "", "" },
	{ "kubernetes.example.com", EXT_OUTSIDE, "", "" },
};

static int only_payments(void *ctx, const char *ns)
{
	(void)ctx;
	return !strcmp(ns, "payments");
}

START_TEST(test_ext_classify)
{
	char ns[254], svc[254];
	enum ext_target t = ext_classify(names[_i].name, ns, sizeof(ns), svc,
					 sizeof(svc), only_payments, NULL);

	ck_assert_msg(t == names[_i].kind, "%s: %s", names[_i].name,
		      ext_target_name(t));
	ck_assert_str_eq(ns, names[_i].ns);
	ck_assert_str_eq(svc, names[_i].svc);
}
END_TEST

/* can-reach from the internet to an address names the proxies to it. */
START_TEST(test_can_reach_proxy)
{
	char *out = NULL;
	int rc = tu_runf(&out, "can-reach internet 169.254.169.254:80 -f "
			       "testdata/checks/externalname-backend/fire/"
			       "metadata.yaml");

	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(out, "proxy    Ingress shop/meta -> ExternalName "
				  "Service shop/meta ('169.254.169.254', the "
				  "cloud instance metadata endpoint)"),
		      "%s", out);
	free(out);
	rc = tu_runf(&out, "can-reach internet apiserver:443 -f "
			   "testdata/checks/externalname-backend/fire/"
			   "apiserver-httproute.yaml -o json");
	ck_assert_msg(strstr(out, "\"proxies\": ["), "%s", out);
	ck_assert_msg(
	    strstr(out, "\"targetIs\": \"the Kubernetes API server\""), "%s",
	    out);
	ck_assert_msg(strstr(out, "\"public\": true"), "%s", out);
	free(out);
	/* the ExternalName Service itself names no workload, and says so */
	rc = tu_runf(&out, "can-reach internet svc/meta:80 -n shop -f "
			   "testdata/checks/externalname-backend/fire/"
			   "metadata.yaml");
	ck_assert_int_eq(rc, 3);
	ck_assert_msg(strstr(out, "it is an ExternalName Service for "
				  "'169.254.169.254'"),
		      "%s", out);
	free(out);
	/* no ExternalName to that address: no proxy line */
	rc = tu_runf(&out, "can-reach internet 10.1.2.3:80 -f "
			   "testdata/checks/externalname-backend/fire/"
			   "metadata.yaml");
	ck_assert_msg(!strstr(out, "proxy "), "%s", out);
	free(out);
}
END_TEST

/*
 * The Gateway API's own ListenerSet example: a route attached to a set
 * whose Gateway allows its namespace by label is a way in, with the
 * set's HTTPS listener; a route of another namespace is not admitted by
 * that set's listener (allowedRoutes Same).
 */
START_TEST(test_listenerset_real)
{
	TU_NEED_SHARED(shared);
	char real[512];
	const char *paths[] = { real,
				"testdata/network/listenerset-route.yaml" };
	struct expose_route r[4];
	const struct pod_view *pv;
	struct scan *s;
	size_t n, i, k, seen = 0;

	snprintf(
	    real, sizeof(real),
	    "%s/k8s-real/gateway-api/standard__listenerset__listenerset.yaml",
	    shared);
	s = tu_scan_paths(paths, 2);
	ck_assert_msg(s->errors.n == 0, "%s",
		      s->errors.n ? s->errors.v[0].msg : "");
	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		k = exposure_routes(s->exposure, &pv[i], r, 4);
		if (!strcmp(pv[i].obj->name, "web")) {
			ck_assert_uint_eq(k, 1);
			ck_assert_int_eq(r[0].how, EXPOSE_GATEWAY);
			ck_assert_ptr_nonnull(r[0].listener_set);
			ck_assert_str_eq(r[0].listener_set->name,
					 "first-workload-listeners");
			ck_assert_ptr_nonnull(r[0].gateway);
			ck_assert_str_eq(r[0].gateway->name, "parent-gateway");
			ck_assert(r[0].tls);
			ck_assert(!r[0].internal);
			seen++;
		} else if (!strcmp(pv[i].obj->name, "other")) {
			ck_assert_uint_eq(k, 0);
			seen++;
		}
	}
	ck_assert_uint_eq(seen, 2);
	scan_free(s);
}
END_TEST

/*
 * argo-cd's install.yaml isolates the repo server and lets every pod of
 * every namespace in on its metrics port only: the finding names the port.
 */
START_TEST(test_open_rule_ports_real)
{
	TU_NEED_SHARED(shared);
	char path[512];
	const char *p[1] = { path };
	struct tu_checks r;
	size_t i, seen = 0;

	snprintf(path, sizeof(path),
		 "%s/k8s-real/sensitive-apps/argo-cd/install.yaml", shared);
	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	for (i = 0; i < r.f.n; i++) {
		const struct finding *f = r.f.v[i];

		if (strcmp(f->check->id, "missing-network-policy") ||
		    strcmp(f->obj->name, "argocd-repo-server"))
			continue;
		ck_assert_int_eq(f->severity, SEV_LOW);
		ck_assert_msg(strstr(f->message,
				     "spec.ingress[1].from[0] admits "
				     "every pod of every namespace "
				     "on TCP 8084"),
			      "%s", f->message);
		seen++;
	}
	ck_assert_uint_eq(seen, 1);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_network_gaps(void)
{
	Suite *s = suite_create("network_gaps");
	TCase *tc = tcase_create("checks");

	tcase_add_loop_test(tc, test_gap_case, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_ext_classify, 0,
			    (int)(sizeof(names) / sizeof(names[0])));
	tcase_add_test(tc, test_can_reach_proxy);
	tcase_add_test(tc, test_listenerset_real);
	tcase_add_test(tc, test_open_rule_ports_real);
	suite_add_tcase(s, tc);
	return s;
}
