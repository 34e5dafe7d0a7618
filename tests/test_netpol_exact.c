/*
 * Exact network policy verdicts: what -n means to can-reach, and the
 * subtle API rules the engines must keep.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/netpol.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define PRIVATE                                                                \
	"testdata/checks/exposed-workload/fire/"                               \
	"ingress-controller-private.yaml"

/*
 * -n names the namespace of KIND/NAME endpoints only: the controller of
 * an Ingress in another namespace still decides that it is private.
 */
START_TEST(test_ns_flag_keeps_controller)
{
	char *out = NULL;
	int rc = tu_runf(&out, "can-reach internet deploy/web:80 -n shop -f %s",
			 PRIVATE);

	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, ": denied"), "%s", out);
	ck_assert_msg(strstr(out, "way in   none public"), "%s", out);
	ck_assert_msg(strstr(out, "not exposed"), "%s", out);
	free(out);
}
END_TEST

/* ... and an endpoint of another namespace is still found. */
START_TEST(test_ns_flag_other_namespace_endpoint)
{
	char *out = NULL;
	int rc = tu_runf(&out,
			 "can-reach deploy/storefront payments/sts/ledger:5432 "
			 "-n shop -R -f testdata/demo");

	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, "Deployment shop/storefront -> StatefulSet "
				  "payments/ledger, port 5432/TCP: denied"),
		      "%s", out);
	free(out);
}
END_TEST

/*
 * A Service's cluster IP is the Service: kube-proxy hands the connection
 * to a CoreDNS pod before the DNS-only egress policy looks at it.
 */
START_TEST(test_cluster_ip_is_the_service)
{
	char *out = NULL;
	int rc =
	    tu_runf(&out, "can-reach shop/deploy/catalog 10.96.0.10:53/UDP "
			  "-R -f testdata/demo");

	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(out, "Deployment shop/catalog -> Deployment "
				  "kube-system/coredns, port 53/UDP: allowed"),
		      "%s", out);
	free(out);
	rc = tu_runf(&out, "can-reach shop/deploy/catalog 10.96.0.10:443 -R -f "
			   "testdata/demo");
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, "kube-system/coredns, port 443/TCP: denied"),
		      "%s", out);
	free(out);
}
END_TEST

static const char pods[] =
    "apiVersion: v1\nkind: Namespace\n"
    "metadata: {name: ops, labels: {team: ops}}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: dns, namespace: infra, labels: {app: dns}}\n"
    "spec: {containers: [{name: c, ports: [{name: dns, containerPort: 53, "
    "protocol: UDP}, {name: metrics, containerPort: 9153}]}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: tool, namespace: ops, labels: {app: tool}}\n"
    "spec: {containers: [{name: c}]}\n---\n";

#define NP(spec)                                                               \
	"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"              \
	"metadata: {name: p, namespace: infra}\nspec: " spec "\n"
#define CNP(spec)                                                              \
	"apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"                \
	"metadata: {name: c, namespace: infra}\nspec: " spec "\n"

static const struct ecase {
	const char *policies, *from, *to;
	long port;
	const char *proto;
	enum np_verdict want;
} ecases[] = {
	/* a named port matches only on the rule's protocol (TCP default) */
	{ NP("{podSelector: {}, ingress: [{ports: [{port: dns}]}]}"),
	  "ops/tool", "infra/dns", 53, "UDP", NP_DENY },
	{ NP("{podSelector: {}, ingress: [{ports: [{port: dns}]}]}"),
	  "ops/tool", "infra/dns", 0, NULL, NP_DENY },
	{ NP("{podSelector: {}, ingress: [{ports: [{port: dns, protocol: "
	     "UDP}]}]}"),
	  "ops/tool", "infra/dns", 53, "UDP", NP_ALLOW },
	{ NP("{podSelector: {}, ingress: [{ports: [{port: metrics}]}]}"),
	  "ops/tool", "infra/dns", 9153, NULL, NP_ALLOW },
	{ CNP("{endpointSelector: {}, ingress: [{fromEntities: [cluster], "
	      "toPorts: [{ports: [{port: dns, protocol: TCP}]}]}]}"),
	  "ops/tool", "infra/dns", 53, "TCP", NP_DENY },
	{ CNP("{endpointSelector: {}, ingress: [{fromEntities: [cluster], "
	      "toPorts: [{ports: [{port: dns}]}]}]}"),
	  "ops/tool", "infra/dns", 53, "UDP", NP_ALLOW },
	/* some port: any protocol, in every engine */
	{ CNP("{endpointSelector: {}, ingress: [{fromEntities: [cluster], "
	      "toPorts: [{ports: [{port: '53', protocol: UDP}]}]}]}"),
	  "ops/tool", "infra/dns", 0, NULL, NP_ALLOW },
	{ CNP("{endpointSelector: {}, ingress: [{fromEntities: [cluster], "
	      "toPorts: [{ports: [{port: '53', protocol: UDP}]}]}]}"),
	  "ops/tool", "infra/dns", 53, "TCP", NP_DENY },
	/* a deny of one protocol leaves the others to the allow */
	{ CNP("{endpointSelector: {}, ingress: [{fromEntities: [cluster]}], "
	      "ingressDeny: [{fromEntities: [cluster], toPorts: [{ports: "
	      "[{port: '0', protocol: UDP}]}]}]}"),
	  "ops/tool", "infra/dns", 0, NULL, NP_ALLOW },
	{ CNP("{endpointSelector: {}, ingress: [{fromEntities: [cluster]}], "
	      "ingressDeny: [{fromEntities: [cluster], toPorts: [{ports: "
	      "[{port: '0', protocol: UDP}]}]}]}"),
	  "ops/tool", "infra/dns", 53, "UDP", NP_DENY },
	/* egress: [] adds no Egress type; policyTypes: [] is absent */
	{ NP("{podSelector: {}, policyTypes: [], egress: []}"), "infra/dns",
	  "1.1.1.1", 443, NULL, NP_ALLOW },
	{ NP("{podSelector: {}, policyTypes: [Egress], ingress: []}"),
	  "ops/tool", "infra/dns", 9153, NULL, NP_ALLOW },
	/* from: [] is every source; an except keeps the metadata address */
	{ NP("{podSelector: {}, ingress: [{from: []}]}"), "ops/tool",
	  "infra/dns", 9153, NULL, NP_ALLOW },
	{ NP("{podSelector: {}, policyTypes: [Egress], egress: [{to: "
	     "[{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]}"),
	  "infra/dns", "169.254.169.254", 80, NULL, NP_DENY },
};

START_TEST(test_exact_verdict)
{
	const struct ecase *c = &ecases[_i];
	struct np_end f, t;
	struct np_port p = { .port = c->port, .proto = c->proto };
	struct np_reason eg, in;
	enum np_verdict v;
	struct scan *s = tu_scan_text2(pods, c->policies);

	ck_assert_msg(s->errors.n == 0, "case %d: %s", _i,
		      s->errors.n ? s->errors.v[0].msg : "");
	tu_np_end(s, c->from, &f);
	tu_np_end(s, c->to, &t);
	v = netpol_query(s->netpol, &f, &t, &p, &eg, &in);
	ck_assert_msg(v == c->want,
		      "case %d: %s -> %s: %s, want %s\n  %s\n  %s", _i, c->from,
		      c->to, np_verdict_name(v), np_verdict_name(c->want),
		      eg.text, in.text);
	scan_free(s);
}
END_TEST

Suite *suite_netpol_exact(void)
{
	Suite *s = suite_create("netpol_exact");
	TCase *tc = tcase_create("canreach_ns");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_ns_flag_keeps_controller);
	tcase_add_test(tc, test_ns_flag_other_namespace_endpoint);
	tcase_add_test(tc, test_cluster_ip_is_the_service);
	suite_add_tcase(s, tc);
	tc = tcase_create("verdicts");
	tcase_add_loop_test(tc, test_exact_verdict, 0,
			    (int)(sizeof(ecases) / sizeof(ecases[0])));
	suite_add_tcase(s, tc);
	return s;
}
