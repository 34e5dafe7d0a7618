/*
 * kubectl-threatmap can-reach: answers on manifests, on the demo snapshot
 * and against the test API server, in text and JSON, with exit codes.
 * The live answer must equal the answer on the same objects as files.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "testutil.h"

static int reach(char **out, const char *args)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG -u KUBERNETES_SERVICE_HOST '%s' can-reach "
		 "%s 2>&1",
		 tu_bin(), args);
	return tu_run(cmd, out);
}

static const struct {
	const char *args;
	int rc;
	const char *want[3]; /* substrings of the output */
} cases[] = {
	{ "deploy/storefront shop/deploy/catalog:8080 -n shop -R -f "
	  "testdata/demo",
	  0,
	  { "Deployment shop/storefront -> Deployment shop/catalog, port "
	    "8080/TCP: allowed",
	    "NetworkPolicy shop/catalog-from-storefront allows ingress from "
	    "Deployment shop/storefront (spec.ingress[0].from[0])",
	    NULL } },
	{ "shop/deploy/storefront shop/deploy/catalog:9090 -R -f testdata/demo",
	  1,
	  { "port 9090/TCP: denied",
	    "NetworkPolicy shop/catalog-from-storefront isolates ingress",
	    NULL } },
	{ "internet shop/deploy/catalog -R -f testdata/demo",
	  1,
	  { "the internet -> Deployment shop/catalog, any port: denied",
	    "way in   none", NULL } },
	{ "internet analytics/deploy/grafana:3000 -R -f testdata/demo",
	  0,
	  { "way in   HTTPRoute analytics/grafana on Gateway analytics/public "
	    "-> Service analytics/grafana",
	    ": allowed", NULL } },
	/* a route attached to port 443 of a Gateway: not on its port 80 */
	{ "internet shop/deploy/web:443 -R -f testdata/network/gateway-port",
	  0,
	  { "(port 8080 -> container port 8080, TLS) [carries port 443 of "
	    "the Gateway",
	    NULL } },
	{ "internet shop/deploy/web:80 -R -f testdata/network/gateway-port",
	  1,
	  { "port 80/TCP: denied",
	    "way in   none on port 80: 1 way in reaches it on other ports",
	    NULL } },
	/* an ALB listens where listen-ports says, not on 80 and 443 */
	{ "internet shop/deploy/web:8443 -R -f testdata/network/alb-ports",
	  0,
	  { "[carries port 8443 of the Ingress -> Service port 8080", NULL } },
	{ "internet shop/deploy/web:443 -R -f testdata/network/alb-ports",
	  1,
	  { "port 443/TCP: denied", "way in   none on port 443", NULL } },
	{ "shop/deploy/catalog 169.254.169.254:80 -R -f testdata/demo",
	  1,
	  { "egress   denied: NetworkPolicy shop/catalog-egress-dns-only "
	    "isolates egress of Deployment shop/catalog",
	    NULL } },
	{ "shop/deploy/storefront [fd00:ec2::254]:80 -R -f testdata/demo",
	  0,
	  { "-> fd00:ec2::254, port 80/TCP: allowed", NULL } },
	{ "shop/deploy/catalog apiserver:443 -R -f testdata/demo",
	  1,
	  { "Deployment shop/catalog -> the API server, port 443/TCP: denied",
	    NULL } },
	/* a Service port is translated to its target port (named or not) */
	{ "shop/deploy/storefront svc/catalog:8080 -n shop -R -f testdata/demo",
	  0,
	  { "-> Deployment shop/catalog, port 8080/TCP: allowed", NULL } },
	{ "ns/shop payments/sts/ledger:5432 -R -f testdata/demo",
	  1,
	  { "Deployment shop/storefront -> StatefulSet payments/ledger",
	    "Deployment shop/catalog -> StatefulSet payments/ledger",
	    "answer: denied" } },
	/* the snapshot of the demo answers the same */
	{ "deploy/storefront shop/deploy/catalog:8080 -n shop --snapshot "
	  "testdata/snapshots/demo",
	  0,
	  { "NetworkPolicy shop/catalog-from-storefront allows ingress",
	    NULL } },
	{ "internet analytics/deploy/grafana:3000 --snapshot "
	  "testdata/snapshots/demo",
	  0,
	  { "way in   HTTPRoute analytics/grafana", NULL } },
	/* usage and input errors */
	{ "internet -R -f testdata/demo", 2, { "need FROM and TO", NULL } },
	{ "internet shop/deploy/catalog:99999 -R -f testdata/demo",
	  2,
	  { "port '99999' is not 1-65535", NULL } },
	{ "internet shop/deploy/catalog:80/ICMP -R -f testdata/demo",
	  2,
	  { "protocol 'ICMP'", NULL } },
	{ "internet shop/gizmo/catalog -R -f testdata/demo",
	  2,
	  { "unknown kind 'gizmo'", NULL } },
	{ "internet shop/deploy/nothing -R -f testdata/demo",
	  3,
	  { "'shop/deploy/nothing' names no workload in the input", NULL } },
};

START_TEST(test_can_reach_cases)
{
	char *out = NULL;
	int rc = reach(&out, cases[_i].args);
	size_t k;

	ck_assert_ptr_nonnull(out);
	ck_assert_msg(rc == cases[_i].rc, "%s: exit %d, want %d\n%s",
		      cases[_i].args, rc, cases[_i].rc, out);
	for (k = 0; k < 3 && cases[_i].want[k]; k++)
		ck_assert_msg(strstr(out, cases[_i].want[k]),
			      "%s: no '%s' in\n%s", cases[_i].args,
			      cases[_i].want[k], out);
	free(out);
}
END_TEST

START_TEST(test_can_reach_json)
{
	char *out = NULL;
	int rc = reach(&out, "shop/deploy/catalog 169.254.169.254:80 -R -f "
			     "testdata/demo -o json");

	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(strstr(out, "\"verdict\": \"denied\""));
	ck_assert_ptr_nonnull(strstr(out, "\"address\": \"169.254.169.254\""));
	ck_assert_ptr_nonnull(
	    strstr(out, "\"name\": \"catalog-egress-dns-only\""));
	ck_assert_ptr_nonnull(strstr(out, "\"path\": \"spec.podSelector\""));
	ck_assert_ptr_nonnull(strstr(out, "\"port\": 80"));
	free(out);
	rc = reach(&out, "internet analytics/deploy/grafana -R -f "
			 "testdata/demo -o json");
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "\"waysIn\": ["));
	ck_assert_ptr_nonnull(strstr(out, "\"how\": \"Gateway API route\""));
	ck_assert_ptr_nonnull(strstr(out, "\"kind\": \"HTTPRoute\""));
	free(out);
}
END_TEST

/* Live, through the test API server, equals the same objects as files. */
START_TEST(test_can_reach_live)
{
	static const char *const asks[] = {
		"web/deploy/web payments/sts/ledger:5432",
		"internet web/deploy/web:80",
	};
	struct srv s;
	char kc[600], args[1200];
	char *live = NULL, *files = NULL;
	size_t i;

	char cluster[700];

	srv_start(&s, NULL);
	snprintf(kc, sizeof(kc), "%s/kubeconfig.json",
		 live_dir("can-reach-kc"));
	snprintf(cluster, sizeof(cluster),
		 "\"server\":\"https://localhost:%d\","
		 "\"certificate-authority\":\"%s/ca.crt\"",
		 s.port, live_certs);
	write_kubeconfig(kc, cluster, "\"token\":\"admin-token\"");
	for (i = 0; i < 2; i++) {
		int lrc, frc;
		snprintf(args, sizeof(args), "%s --kubeconfig '%s' -o json",
			 asks[i], kc);
		lrc = reach(&live, args);
		snprintf(args, sizeof(args),
			 "%s -R -f testdata/live/cluster -o json", asks[i]);
		frc = reach(&files, args);
		ck_assert_int_eq(lrc, frc);
		ck_assert_int_eq(lrc, i == 0 ? 1 : 0);
		/* policy files differ (API path vs file); verdicts agree */
		ck_assert_msg(strstr(live, i == 0 ? "\"verdict\": \"denied\""
						  : "\"verdict\": \"allowed\""),
			      "%s", live);
		ck_assert_ptr_nonnull(strstr(files, i == 0 ? "\"verdict\": "
							     "\"denied\""
							   : "\"verdict\": "
							     "\"allowed\""));
		ck_assert_ptr_nonnull(strstr(live, "\"reason\": "));
		free(live);
		free(files);
	}
	srv_stop(&s);
}
END_TEST

Suite *suite_canreach(void)
{
	Suite *s = suite_create("canreach");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_can_reach_cases, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_can_reach_json);
	suite_add_tcase(s, tc);
	tc = tcase_create("live");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_add_test(tc, test_can_reach_live);
	suite_add_tcase(s, tc);
	return s;
}
