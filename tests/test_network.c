/*
 * The network model: NetworkPolicy semantics per direction (policyTypes
 * defaulting, empty selectors, one peer versus two, ipBlock except, named
 * ports, endPort, protocols, hostNetwork), other engines (Cilium, Calico,
 * admin network policies), Calico selectors and CIDRs, the exposure model
 * on the Gateway API's own examples, the real CNI and admin-UI manifests,
 * and the can-reach command.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "analysis/netpol.h"
#include "analysis/sensitive.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "testutil.h"

/* ---- queries ------------------------------------------------------------ */

/* Two namespaces, each with labelled pods; policies are appended. */
static const char base[] =
    "apiVersion: v1\nkind: Namespace\n"
    "metadata: {name: shop, labels: {team: a}}\n---\n"
    "apiVersion: v1\nkind: Namespace\n"
    "metadata: {name: other, labels: {team: b}}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: web, namespace: shop, labels: {app: web}}\n"
    "spec: {containers: [{name: c, ports: [{name: http, "
    "containerPort: 8080}]}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: api, namespace: shop, labels: {app: api}}\n"
    "spec: {containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: api, namespace: other, labels: {app: api}}\n"
    "spec: {containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: client, namespace: other, labels: {app: client}}\n"
    "spec: {containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: agent, namespace: other, labels: {app: agent}}\n"
    "spec: {hostNetwork: true, containers: [{name: c}]}\n";

#define NP(ns, spec)                                                           \
	"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"         \
	"metadata: {name: p, namespace: " ns "}\nspec: " spec "\n"

static const struct qcase {
	const char *policies;
	const char *from, *to; /* "ns/name", an address, or "internet" */
	long port;
	const char *proto;
	enum np_verdict want;
} qcases[] = {
	/* no policy: open */
	{ "", "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	/* default deny ingress: podSelector {} selects every pod */
	{ NP("shop", "{podSelector: {}}"), "other/client", "shop/web", 8080,
	  NULL, NP_DENY },
	/* a missing podSelector is the same */
	{ NP("shop", "{policyTypes: [Ingress]}"), "shop/api", "shop/web", 0,
	  NULL, NP_DENY },
	/* podSelector alone means the policy's own namespace */
	{ NP("shop",
	     "{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}"),
	  "shop/api", "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("shop",
	     "{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	/* namespaceSelector and podSelector in one peer: both must match */
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{namespaceSelector: "
		     "{matchLabels: {team: b}}, podSelector: {matchLabels: "
		     "{app: api}}}]}]}"),
	  "other/api", "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{namespaceSelector: "
		     "{matchLabels: {team: b}}, podSelector: {matchLabels: "
		     "{app: api}}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{namespaceSelector: "
		     "{matchLabels: {team: b}}, podSelector: {matchLabels: "
		     "{app: api}}}]}]}"),
	  "shop/api", "shop/web", 8080, NULL, NP_DENY },
	/* the same selectors in two peers: either matches */
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{namespaceSelector: "
		     "{matchLabels: {team: b}}}, {podSelector: {matchLabels: "
		     "{app: api}}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{namespaceSelector: "
		     "{matchLabels: {team: b}}}, {podSelector: {matchLabels: "
		     "{app: api}}}]}]}"),
	  "shop/api", "shop/web", 8080, NULL, NP_ALLOW },
	/* the implicit kubernetes.io/metadata.name label */
	{ NP("shop",
	     "{podSelector: {}, ingress: [{from: [{namespaceSelector: "
	     "{matchLabels: {kubernetes.io/metadata.name: other}}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	/* named port resolved on the destination pod */
	{ NP("shop", "{podSelector: {}, ingress: [{ports: [{port: http}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("shop", "{podSelector: {}, ingress: [{ports: [{port: http}]}]}"),
	  "other/client", "shop/web", 9090, NULL, NP_DENY },
	/* endPort ranges */
	{ NP("shop", "{podSelector: {}, ingress: [{ports: [{port: 8000, "
		     "endPort: 8100}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("shop", "{podSelector: {}, ingress: [{ports: [{port: 8000, "
		     "endPort: 8100}]}]}"),
	  "other/client", "shop/web", 9090, NULL, NP_DENY },
	/* protocol defaults to TCP */
	{ NP("shop", "{podSelector: {}, ingress: [{ports: [{protocol: UDP, "
		     "port: 8080}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	{ NP("shop", "{podSelector: {}, ingress: [{ports: [{protocol: UDP, "
		     "port: 8080}]}]}"),
	  "other/client", "shop/web", 8080, "UDP", NP_ALLOW },
	/* ingress: [{}] allows everything, ingress: [] nothing */
	{ NP("shop", "{podSelector: {}, ingress: [{}]}"), "other/client",
	  "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("shop", "{podSelector: {}, ingress: []}"), "other/client",
	  "shop/web", 8080, NULL, NP_DENY },
	/* policyTypes omitted: Egress only because spec.egress is present */
	{ NP("other", "{podSelector: {}, egress: [{to: [{podSelector: {}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	/* ... and Ingress always: the egress rule lets client out, but the
	 * same policy isolates api's ingress with no ingress rule */
	{ NP("other", "{podSelector: {}, egress: [{to: [{podSelector: {}}]}]}"),
	  "other/client", "other/api", 8080, NULL, NP_DENY },
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{podSelector: {}}]}]}"),
	  "other/client", "other/api", 8080, NULL, NP_ALLOW },
	/* Egress only: ingress stays open */
	{ NP("shop", "{podSelector: {}, policyTypes: [Egress]}"),
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	/* ipBlock with except */
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 0.0.0.0/0, except: "
		      "[169.254.169.254/32]}}]}]}"),
	  "other/client", "169.254.169.254", 80, NULL, NP_DENY },
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 0.0.0.0/0, except: "
		      "[169.254.169.254/32]}}]}]}"),
	  "other/client", "8.8.8.8", 53, "UDP", NP_ALLOW },
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 0.0.0.0/0, except: "
		      "[169.254.169.254/32]}}]}]}"),
	  "other/client", "internet", 443, NULL, NP_ALLOW },
	/* 0.0.0.0/0 covers pod addresses too, unless a pod range is excepted */
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 0.0.0.0/0}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
	{ NP("other",
	     "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
	     "[{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}"),
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	/* a private ipBlock is no way to the internet */
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 10.0.0.0/8}}]}]}"),
	  "other/client", "internet", 443, NULL, NP_DENY },
	/* the API server: some private address on 443 */
	{ "", "other/client", "apiserver", 443, NULL, NP_ALLOW },
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 172.16.0.0/12}}], ports: [{port: "
		      "443}]}]}"),
	  "other/client", "apiserver", 443, NULL, NP_ALLOW },
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, "
		      "172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10]}}]}]}"),
	  "other/client", "apiserver", 443, NULL, NP_DENY },
	{ NP("other", "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
		      "[{ipBlock: {cidr: 169.254.169.254/32}}]}]}"),
	  "other/client", "apiserver", 443, NULL, NP_DENY },
	/* hostNetwork pods are outside NetworkPolicy */
	{ NP("other", "{podSelector: {}, policyTypes: [Ingress, Egress]}"),
	  "other/agent", "169.254.169.254", 80, NULL, NP_ALLOW },
	/* other engines decide by their own rules (more in
	 * test_netpol_engines.c): a namespaced Cilium fromEndpoints {} means
	 * the policy's namespace only */
	{ "---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
	  "metadata: {name: c, namespace: shop}\n"
	  "spec: {endpointSelector: {matchLabels: {'k8s:app': web}}, "
	  "ingress: [{fromEndpoints: [{}]}]}\n",
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	{ "---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n"
	  "metadata: {name: g}\n"
	  "spec: {selector: all(), namespaceSelector: "
	  "\"projectcalico.org/name == 'shop'\", types: [Ingress]}\n",
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	{ "---\napiVersion: policy.networking.k8s.io/v1alpha1\n"
	  "kind: AdminNetworkPolicy\nmetadata: {name: a}\n"
	  "spec: {priority: 10, subject: {namespaces: {matchLabels: "
	  "{team: b}}}, egress: [{name: d, action: Deny, to: "
	  "[{namespaces: {}}]}]}\n",
	  "other/client", "shop/web", 8080, NULL, NP_DENY },
	/* Calico's own NetworkPolicy kind is no Kubernetes NetworkPolicy */
	{ "---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"
	  "metadata: {name: c, namespace: shop}\n"
	  "spec: {selector: app == 'db', types: [Ingress]}\n",
	  "other/client", "shop/web", 8080, NULL, NP_ALLOW },
};

START_TEST(test_query_cases)
{
	const struct qcase *q = &qcases[_i];
	struct np_end from, to;
	struct np_port port = { .port = q->port, .proto = q->proto };
	struct np_reason eg, in;
	enum np_verdict v;
	struct scan *s = tu_scan_text2(base, q->policies);

	ck_assert_uint_eq(s->errors.n, 0);
	tu_np_end(s, q->from, &from);
	tu_np_end(s, q->to, &to);
	v = netpol_query(s->netpol, &from, &to, &port, &eg, &in);
	ck_assert_msg(v == q->want, "case %d %s -> %s: %s, want %s\n  %s\n  %s",
		      _i, q->from, q->to, np_verdict_name(v),
		      np_verdict_name(q->want), eg.text, in.text);
	ck_assert(eg.text[0] && in.text[0]);
	if (v == NP_DENY)
		ck_assert_ptr_nonnull(eg.verdict == NP_DENY ? eg.policy
							    : in.policy);
	scan_free(s);
}
END_TEST

/* ---- CIDRs and Calico selectors --------------------------------------- */

static const struct {
	const char *cidr, *ip;
	bool in;
} cidrs[] = {
	{ "10.0.0.0/8", "10.1.2.3", true },
	{ "10.0.0.0/8", "11.0.0.1", false },
	{ "169.254.169.254/32", "169.254.169.254", true },
	{ "169.254.0.0/16", "169.254.169.254", true },
	{ "172.16.0.0/12", "172.32.0.1", false },
	{ "0.0.0.0/0", "203.0.113.9", true },
	{ "::/0", "fd00:ec2::254", true },
	{ "0.0.0.0/0", "fd00:ec2::254", false },
	{ "fd00:ec2::/32", "fd00:ec2::254", true },
	{ "fd00:ec3::/32", "fd00:ec2::254", false },
	{ "10.0.0.0/33", "10.0.0.1", false },
	{ "10.0.0.0/", "10.0.0.1", false },
	{ "not-an-address/8", "10.0.0.1", false },
};

START_TEST(test_cidr)
{
	ck_assert_msg(netpol_cidr_contains(cidrs[_i].cidr, cidrs[_i].ip) ==
			  cidrs[_i].in,
		      "%s in %s", cidrs[_i].ip, cidrs[_i].cidr);
}
END_TEST

static const char *labels_value(void *ctx, const char *key)
{
	static const char *const kv[] = { "app",   "web",  "tier",
					  "front", "role", "database-admin",
					  NULL };
	size_t i;

	(void)ctx;
	for (i = 0; kv[i]; i += 2)
		if (!strcmp(kv[i], key))
			return kv[i + 1];
	return NULL;
}

static const struct {
	const char *expr;
	bool match, ok;
} calico[] = {
	{ "all()", true, true },
	{ "app == 'web'", true, true },
	{ "app == \"web\"", true, true },
	{ "app != 'web'", false, true },
	{ "has(tier)", true, true },
	{ "!has(tier)", false, true },
	{ "has(missing)", false, true },
	{ "app in {'db', 'web'}", true, true },
	{ "app not in {'db', 'web'}", false, true },
	{ "app == 'web' && tier == 'back'", false, true },
	{ "app == 'db' || tier == 'front'", true, true },
	{ "!(app == 'db') && (has(tier))", true, true },
	{ "role starts with 'database'", true, true },
	{ "role ends with 'admin'", true, true },
	{ "role contains 'base-ad'", true, true },
	{ "missing != 'x'", true, true },
	{ "app = 'web'", false, false },
	{ "app == 'web' &&", false, false },
	{ "<your selector>", false, false },
};

START_TEST(test_calico_selectors)
{
	bool ok;
	bool m =
	    netpol_calico_matches(calico[_i].expr, labels_value, NULL, &ok);

	ck_assert_msg(ok == calico[_i].ok, "'%s' ok %d", calico[_i].expr, ok);
	ck_assert_msg(m == calico[_i].match, "'%s' matched %d", calico[_i].expr,
		      m);
}
END_TEST

/* ---- exposure on the Gateway API's own examples ----------------------- */

static struct scan *scan_gateway(const char *shared, const char *const *files,
				 size_t n, const char *backends)
{
	const char *paths[8];
	char buf[8][512];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%s/k8s-real/gateway-api/%s",
			 shared, files[i]);
		paths[i] = buf[i];
	}
	paths[n] = backends;
	return tu_scan_paths(paths, n + 1);
}

static size_t gateway_routes(const struct scan *s, const char *name,
			     struct expose_route *r)
{
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(pv[i].obj->name, name))
			return exposure_routes(s->exposure, &pv[i], r, 8);
	ck_abort_msg("no workload %s", name);
	return 0;
}

START_TEST(test_gateway_cross_namespace)
{
	static const char *const files[] = {
		"standard__cross-namespace-routing__0-namespaces.yaml",
		"standard__cross-namespace-routing__gateway.yaml",
		"standard__cross-namespace-routing__site-route.yaml",
		"standard__cross-namespace-routing__store-route.yaml",
	};
	struct expose_route r[8];
	struct scan *s;
	size_t n;
	TU_NEED_SHARED(shared);

	s = scan_gateway(shared, files, 4,
			 "testdata/network/gateway-cross-namespace-backends."
			 "yaml");
	ck_assert_uint_eq(s->errors.n, 0);
	n = gateway_routes(s, "store", r);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0].how, EXPOSE_GATEWAY);
	ck_assert_str_eq(r[0].front->name, "store");
	ck_assert_str_eq(r[0].gateway->name, "shared-gateway");
	ck_assert(r[0].tls); /* an HTTPS listener */
	ck_assert_str_eq(r[0].path, "spec.rules[0].backendRefs[0].name");
	ck_assert_str_eq(r[0].port, "port 8080 -> container port 8080 (http)");
	ck_assert_uint_eq(gateway_routes(s, "home", r), 1);
	ck_assert_uint_eq(gateway_routes(s, "login-v1", r), 1);
	ck_assert_uint_eq(gateway_routes(s, "login-v2", r), 1);
	scan_free(s);
	/* without the namespace labels the Gateway admits no route */
	s = scan_gateway(shared, files + 1, 3,
			 "testdata/network/gateway-cross-namespace-backends."
			 "yaml");
	ck_assert_uint_eq(gateway_routes(s, "store", r), 0);
	ck_assert_uint_eq(gateway_routes(s, "home", r), 0);
	scan_free(s);
}
END_TEST

START_TEST(test_gateway_basic_http)
{
	static const char *const files[] = { "standard__basic-http.yaml" };
	struct expose_route r[8];
	struct scan *s;
	TU_NEED_SHARED(shared);

	s = scan_gateway(shared, files, 1,
			 "testdata/network/gateway-basic-backends.yaml");
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(gateway_routes(s, "my-service1", r), 1);
	ck_assert_str_eq(r[0].gateway->name, "my-gateway");
	ck_assert(!r[0].tls);
	ck_assert_str_eq(r[0].path, "spec.rules[0].backendRefs[0].name");
	ck_assert_uint_eq(gateway_routes(s, "my-service2", r), 1);
	ck_assert_str_eq(r[0].path, "spec.rules[1].backendRefs[0].name");
	scan_free(s);
	/* the route alone: its Gateway is missing, the note says so */
	{
		char p1[512];
		const char *paths[2] = {
			p1, "testdata/network/gateway-basic-backends.yaml"
		};
		FILE *f;

		snprintf(p1, sizeof(p1), "build/network-route.yaml");
		f = fopen(p1, "w");
		ck_assert_ptr_nonnull(f);
		fputs("apiVersion: gateway.networking.k8s.io/v1\n"
		      "kind: HTTPRoute\nmetadata: {name: r}\n"
		      "spec: {parentRefs: [{name: absent}], rules: "
		      "[{backendRefs: [{name: my-service1, port: 8080}]}]}\n",
		      f);
		fclose(f);
		s = tu_scan_paths(paths, 2);
		ck_assert_uint_eq(gateway_routes(s, "my-service1", r), 1);
		ck_assert_ptr_null(r[0].gateway);
		ck_assert_str_eq(r[0].note,
				 "Gateway default/absent is not in the input");
		scan_free(s);
	}
}
END_TEST

/* ---- the real data loads, and is judged as its authors meant ----------- */

/* Files broken upstream on purpose (or by an upstream typo). */
static const char *const broken[] = {
	"user-story-4-v1.yaml",
	"user-story-4-v2.yaml",
	/* upstream writes "Metadata:" and "Spec:" (capitalised) */
	"docs__calico-network-policy-10.yaml",
	NULL,
};

static bool expected_broken(const char *file)
{
	const char *const *b;

	for (b = broken; *b; b++)
		if (strstr(file, *b))
			return true;
	return false;
}

START_TEST(test_real_data_loads)
{
	static const char *const dirs[] = {
		"gateway-api",
		"network-policies",
		"sensitive-apps",
	};
	char path[512];
	struct scan *s;
	size_t i;
	TU_NEED_SHARED(shared);

	snprintf(path, sizeof(path), "%s/k8s-real/%s", shared, dirs[_i]);
	{
		const char *p[1] = { path };
		s = tu_scan_paths(p, 1);
	}
	ck_assert_uint_gt(inventory_size(s->inv), 20);
	for (i = 0; i < s->errors.n; i++)
		ck_assert_msg(expected_broken(s->errors.v[i].file),
			      "unexpected input error in %s: %s",
			      s->errors.v[i].file, s->errors.v[i].msg);
	if (_i == 1)
		ck_assert_uint_eq(s->errors.n, 4);
	else
		ck_assert_uint_eq(s->errors.n, 0);
	scan_free(s);
}
END_TEST

/* Pods placed next to the CNI examples, and how each is covered. */
static const struct cover_case {
	const char *file; /* under k8s-real/network-policies */
	const char *pod;  /* YAML of one Pod */
	bool ingress, egress;
} cover_cases[] = {
	{ "cilium/l3__egress-default-deny__egress-default-deny.yaml",
	  "metadata: {name: p, labels: {role: restricted}}", false, true },
	{ "cilium/l3__egress-default-deny__egress-default-deny.yaml",
	  "metadata: {name: p, labels: {role: free}}", false, false },
	{ "cilium/kubernetes__namespace__isolate-namespaces.yaml",
	  "metadata: {name: p, namespace: ns1}", true, false },
	{ "cilium/kubernetes__namespace__isolate-namespaces.yaml",
	  "metadata: {name: p, namespace: ns3}", false, false },
	{ "cilium/l3__entities__from_world_deny.yaml",
	  "metadata: {name: p, namespace: any}", true, false },
	{ "cilium/host__lock-down-dev-vms.yaml",
	  "metadata: {name: p, namespace: any}", false, false },
	{ "calico/docs__kubernetes-default-deny-1.yaml",
	  "metadata: {name: p, namespace: shop}", true, true },
	{ "calico/docs__kubernetes-default-deny-1.yaml",
	  "metadata: {name: p, namespace: kube-system}", true, true },
	{ "calico/docs__kubernetes-default-deny-2.yaml",
	  "metadata: {name: p, namespace: shop}", true, true },
	{ "calico/docs__kubernetes-default-deny-2.yaml",
	  "metadata: {name: p, namespace: kube-system}", false, false },
	{ "network-policy-api/v0.1.8/"
	  "conformance__base__baseline_admin_network_policy__"
	  "standard-gress-rules-combined.yaml",
	  "metadata: {name: p, namespace: "
	  "network-policy-conformance-gryffindor}",
	  true, true },
};

START_TEST(test_real_cni_cover)
{
	const struct cover_case *c = &cover_cases[_i];
	char pol[512], pod[512];
	const char *paths[2] = { pol, pod };
	const struct pod_view *pv;
	struct netpol_cover cv;
	struct scan *s;
	size_t n;
	FILE *f;
	TU_NEED_SHARED(shared);

	snprintf(pol, sizeof(pol), "%s/k8s-real/network-policies/%s", shared,
		 c->file);
	snprintf(pod, sizeof(pod), "build/network-cover-pod.yaml");
	f = fopen(pod, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
		"apiVersion: v1\nkind: Pod\n%s\nspec: {containers: [{name: "
		"c}]}\n",
		c->pod);
	fclose(f);
	s = tu_scan_paths(paths, 2);
	ck_assert_uint_eq(s->errors.n, 0);
	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 1);
	netpol_cover(s->netpol, &pv[0], &cv);
	ck_assert_msg((cv.ingress_engine != NULL) == c->ingress,
		      "%s / %s: ingress", c->file, c->pod);
	ck_assert_msg((cv.egress_engine != NULL) == c->egress,
		      "%s / %s: egress", c->file, c->pod);
	scan_free(s);
}
END_TEST

/* The admin UIs of sensitive-apps are recognised; installs keep them inside. */
START_TEST(test_real_sensitive_apps)
{
	static const char *const want[] = {
		"Grafana",	  "Weave Scope",      "Argo Workflows server",
		"Argo CD server", "Jupyter notebook",
	};
	const struct check *c = check_find("sensitive-interface-exposed");
	char path[512];
	const char *p[1] = { path };
	const struct pod_view *pv;
	struct findings f;
	struct check_result *res;
	size_t nres, n, i, k;
	bool seen[5] = { false };
	struct scan *s;
	TU_NEED_SHARED(shared);

	snprintf(path, sizeof(path), "%s/k8s-real/sensitive-apps", shared);
	s = tu_scan_paths(p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct sensitive_match m;
		if (!sensitive_find(&pv[i], &m))
			continue;
		for (k = 0; k < 5; k++)
			seen[k] |= !strcmp(m.iface->name, want[k]);
	}
	for (k = 0; k < 5; k++)
		ck_assert_msg(seen[k], "%s not recognised", want[k]);
	/* as installed (ClusterIP Services), nothing faces the outside */
	findings_init(&f, s->arena);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++)
		ck_assert_msg(f.v[i]->check != c, "%s/%s exposed: %s",
			      f.v[i]->obj->kind, f.v[i]->obj->name,
			      f.v[i]->message);
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/* ---- each entry point, as the exposure model reports it -------------- */

static const struct route_case {
	const char *file; /* under testdata/checks/exposed-workload/fire */
	const char *workload;
	enum expose_how how;
	const char *via_kind; /* NULL: no front */
	bool tls, internal;
	const char *port;
} route_cases[] = {
	{ "ingress-named-port.yaml", "web", EXPOSE_INGRESS, "Ingress", true,
	  false, "port 80 -> container port 8080 (http)" },
	{ "ingress-v1beta1.yaml", "legacy", EXPOSE_INGRESS, "Ingress", false,
	  false, "port 80 -> container port 8080" },
	{ "gateway-httproute.yaml", "store", EXPOSE_GATEWAY, "HTTPRoute", false,
	  false, "port 80 -> container port 8080 (http)" },
	{ "gateway-cross-namespace-granted.yaml", "api", EXPOSE_GATEWAY,
	  "HTTPRoute", true, false, "port 80 -> container port 8080" },
	{ "gateway-l4-routes.yaml", "udp", EXPOSE_GATEWAY, "UDPRoute", false,
	  false, "port 80 -> container port 8080" },
	{ "istio-virtualservice.yaml", "reviews", EXPOSE_ISTIO,
	  "VirtualService", false, false, "port 80 -> container port 8080" },
	{ "hostport.yaml", "agent", EXPOSE_HOST_PORT, NULL, false, false,
	  "node port 8125" },
	{ "endpointslice.yaml", "mirror", EXPOSE_LOADBALANCER, "Service", false,
	  false, "port 80 -> container port 8080" },
	{ "internal-loadbalancer.yaml", "billing", EXPOSE_LOADBALANCER,
	  "Service", false, true, "port 80 -> container port 8080 (http)" },
	/* a named targetPort resolves by name and protocol (UDP here) */
	{ "named-port-protocol.yaml", "resolver", EXPOSE_LOADBALANCER,
	  "Service", false, false, "port 53 -> container port 53 (dns)" },
};

START_TEST(test_route_kinds)
{
	const struct route_case *c = &route_cases[_i];
	char path[256];
	const char *p[1] = { path };
	struct expose_route r[8];
	struct scan *s;
	const struct kobj *via;
	size_t n;

	snprintf(path, sizeof(path), "testdata/checks/exposed-workload/fire/%s",
		 c->file);
	s = tu_scan_paths(p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	n = gateway_routes(s, c->workload, r);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0].how, c->how);
	via = expose_route_via(&r[0]);
	if (c->via_kind)
		ck_assert_str_eq(via->kind, c->via_kind);
	else
		ck_assert_ptr_null(via);
	ck_assert_int_eq(r[0].tls, c->tls);
	ck_assert_int_eq(r[0].internal, c->internal);
	ck_assert_str_eq(r[0].port, c->port);
	ck_assert_int_eq(
	    exposure_public_route(s->exposure, inventory_pods(s->inv, &n), r),
	    !c->internal || n > 1);
	scan_free(s);
}
END_TEST

/* Istio: an HTTPS server makes the route TLS; mesh-only binds nothing. */
START_TEST(test_istio_tls)
{
	static const char text[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: r, namespace: b}\n"
	    "spec: {selector: {matchLabels: {app: r}}, template: {metadata: "
	    "{labels: {app: r}}, spec: {containers: [{name: r}]}}}\n---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: r, namespace: b}\n"
	    "spec: {selector: {app: r}, ports: [{port: 443, targetPort: "
	    "8443}]}\n---\n"
	    "apiVersion: networking.istio.io/v1\nkind: Gateway\n"
	    "metadata: {name: g, namespace: b}\n"
	    "spec: {servers: [{port: {number: 443, name: https, protocol: "
	    "HTTPS}, hosts: ['*']}]}\n---\n"
	    "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
	    "metadata: {name: v, namespace: b}\n"
	    "spec: {gateways: [g, mesh], tls: [{route: [{destination: {host: "
	    "r.b.svc.cluster.local, port: {number: 443}}}]}]}\n";
	struct scan *s = tu_scan_text(text);
	struct expose_route r[4];

	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(gateway_routes(s, "r", r), 1);
	ck_assert(r[0].tls);
	ck_assert_str_eq(r[0].gateway->name, "g");
	ck_assert_str_eq(r[0].path, "spec.tls[0].route[0].destination.host");
	ck_assert_str_eq(r[0].port, "port 443 -> container port 8443");
	scan_free(s);
}
END_TEST

/* ---- attack paths start from every kind of entry point --------------- */

START_TEST(test_paths_every_entry)
{
	static const struct {
		const char *name, *hop_kind;
	} want[] = {
		{ "lb", "Service" },	      { "np", "Service" },
		{ "eip", "Service" },	      { "ing", "Ingress" },
		{ "httproute", "HTTPRoute" }, { "grpcroute", "GRPCRoute" },
		{ "tlsroute", "TLSRoute" },   { "tcproute", "TCPRoute" },
		{ "udproute", "UDPRoute" },   { "vs", "VirtualService" },
		{ "hostport", "Deployment" }, { "hostnet", "Deployment" },
	};
	const struct check *c = check_find("path-exposed-node");
	const char *p[1] = { "testdata/network/paths-every-entry.yaml" };
	const struct check *one[2] = { c, NULL };
	struct check_result *res;
	struct findings f;
	struct scan *s = tu_scan_paths(p, 1);
	size_t nres, i, k;

	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, one, NULL, NULL, &f, &res, &nres), 0);
	ck_assert_uint_eq(f.n, sizeof(want) / sizeof(want[0]));
	for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		bool found = false;
		for (i = 0; i < f.n; i++) {
			if (strcmp(f.v[i]->obj->name, want[k].name) != 0)
				continue;
			found = true;
			ck_assert_uint_ge(f.v[i]->nhops, 3);
			ck_assert_msg(!strcmp(f.v[i]->hops[0].obj->kind,
					      want[k].hop_kind),
				      "%s: first hop on %s", want[k].name,
				      f.v[i]->hops[0].obj->kind);
		}
		ck_assert_msg(found, "no path from %s", want[k].name);
	}
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

Suite *suite_network(void)
{
	Suite *s = suite_create("network");
	TCase *tc = tcase_create("netpol");

	tcase_add_loop_test(tc, test_query_cases, 0,
			    (int)(sizeof(qcases) / sizeof(qcases[0])));
	tcase_add_loop_test(tc, test_cidr, 0,
			    (int)(sizeof(cidrs) / sizeof(cidrs[0])));
	tcase_add_loop_test(tc, test_calico_selectors, 0,
			    (int)(sizeof(calico) / sizeof(calico[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("real data");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gateway_cross_namespace);
	tcase_add_test(tc, test_gateway_basic_http);
	tcase_add_loop_test(tc, test_real_data_loads, 0, 3);
	tcase_add_loop_test(
	    tc, test_real_cni_cover, 0,
	    (int)(sizeof(cover_cases) / sizeof(cover_cases[0])));
	tcase_add_test(tc, test_real_sensitive_apps);
	tcase_add_test(tc, test_paths_every_entry);
	tcase_add_loop_test(
	    tc, test_route_kinds, 0,
	    (int)(sizeof(route_cases) / sizeof(route_cases[0])));
	tcase_add_test(tc, test_istio_tls);
	suite_add_tcase(s, tc);
	return s;
}
