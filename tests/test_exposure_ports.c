/*
 * can-reach from the internet on a port: each way in carries the ports it
 * listens on outside (LoadBalancer and externalIPs Service ports,
 * nodePorts, hostPorts, Gateway listeners, Ingress 80/443) and the
 * container port it delivers to; other ports have no way in, and policies
 * are asked about the container port behind an outside one.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const struct {
	const char *to;
	int rc;
	const char *want[2];
} cases[] = {
	{ "ports/deploy/shop:443",
	  0,
	  { "[carries port 443 -> container port 8443]",
	    "asked for container port 8443, behind outside port 443" } },
	{ "ports/deploy/shop:30443",
	  0,
	  { "[carries node port 30443 -> container port 8443]", NULL } },
	{ "ports/deploy/shop:8443", 0, { "port 8443/TCP: allowed", NULL } },
	{ "ports/deploy/shop:9000",
	  1,
	  { "way in   none on port 9000: 1 way in reaches it on other ports",
	    "port 9000/TCP: denied" } },
	/* a NodePort Service's own port is inside the cluster only */
	{ "ports/deploy/api:30080",
	  0,
	  { "NodePort Service ports/api-np", "node port 30080" } },
	{ "ports/deploy/api:80",
	  0,
	  { "[carries port 80 of the Ingress -> Service port 8000 -> "
	    "container port 8080]",
	    NULL } },
	{ "ports/deploy/api:443", 0, { "port 443 of the Ingress", NULL } },
	{ "ports/deploy/api:8080",
	  0,
	  { "[carries node port 30080 -> container port 8080]",
	    "Ingress ports/api" } },
	{ "ports/ds/agent:18125/UDP",
	  0,
	  { "[carries node port 18125 -> container port 8125]", NULL } },
	{ "ports/ds/agent:9999/UDP", 1, { "none on port 9999", NULL } },
	{ "ports/deploy/store:8088",
	  0,
	  { "port 8088 of the Gateway -> Service port 80 -> container port "
	    "3000",
	    NULL } },
	{ "ports/deploy/store:80", 1, { "none on port 80", NULL } },
};

START_TEST(test_ports_from_internet)
{
	char cmd[1024], *out = NULL;
	int rc;
	size_t k;

	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG -u KUBERNETES_SERVICE_HOST '%s' can-reach "
		 "internet %s -f testdata/network/ports-ways-in.yaml 2>&1",
		 tu_bin(), cases[_i].to);
	rc = tu_run(cmd, &out);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(rc == cases[_i].rc, "%s: exit %d\n%s", cases[_i].to, rc,
		      out);
	for (k = 0; k < 2 && cases[_i].want[k]; k++)
		ck_assert_msg(strstr(out, cases[_i].want[k]),
			      "%s: no '%s' in\n%s", cases[_i].to,
			      cases[_i].want[k], out);
	free(out);
}
END_TEST

/* The JSON form carries the same, and the port behind the outside one. */
START_TEST(test_ports_json)
{
	char cmd[1024], *out = NULL;

	snprintf(cmd, sizeof(cmd),
		 "'%s' can-reach internet ports/deploy/shop:443 -o json -f "
		 "testdata/network/ports-ways-in.yaml 2>&1",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"containerPort\": 8443"));
	ck_assert_ptr_nonnull(
	    strstr(out, "\"carries\": \"port 443 -> container port 8443\""));
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "'%s' can-reach internet ports/deploy/shop:9000 -o json -f "
		 "testdata/network/ports-ways-in.yaml 2>&1",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 1);
	ck_assert_ptr_nonnull(strstr(out, "\"waysInOnOtherPorts\": 1"));
	ck_assert_ptr_nonnull(strstr(out, "\"verdict\": \"denied\""));
	free(out);
}
END_TEST

Suite *suite_exposure_ports(void)
{
	Suite *s = suite_create("exposure_ports");
	TCase *tc = tcase_create("can-reach");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_ports_from_internet, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_ports_json);
	suite_add_tcase(s, tc);
	return s;
}
