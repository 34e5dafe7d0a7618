/*
 * Rules that used to answer "unknown" and are now judged from the input:
 * Calico `services` (a Service's selector, default/kubernetes for the API
 * server, a cluster IP), `serviceAccounts.selector` and the policy-level
 * `serviceAccountSelector` (the labels of ServiceAccount objects), and
 * Cilium host policies (nodeSelector), which decide the traffic of
 * hostNetwork pods on the nodes they select.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/netpol.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

static const char base[] =
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: web, namespace: shop, labels: {app: web}}\n"
    "spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: front, namespace: shop, labels: {app: front}}\n"
    "spec: {serviceAccountName: front, containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: batch, namespace: shop, labels: {app: batch}}\n"
    "spec: {serviceAccountName: batch, containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: ghost, namespace: shop, labels: {app: ghost}}\n"
    "spec: {serviceAccountName: ghost, containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: legacy, namespace: shop, labels: {app: legacy}}\n"
    "spec: {serviceAccount: front, containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: ServiceAccount\n"
    "metadata: {name: front, namespace: shop, labels: {tier: edge}}\n---\n"
    "apiVersion: v1\nkind: ServiceAccount\n"
    "metadata: {name: batch, namespace: shop}\n---\n"
    "apiVersion: v1\nkind: Service\n"
    "metadata: {name: front, namespace: shop}\n"
    "spec: {clusterIP: 10.96.5.5, selector: {app: front}, ports: [{port: "
    "80}]}\n---\n"
    "apiVersion: v1\nkind: Node\n"
    "metadata: {name: edge-1, labels: {role: edge}}\n---\n"
    "apiVersion: v1\nkind: Node\n"
    "metadata: {name: work-1, labels: {role: work}}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: agent, namespace: infra, labels: {app: agent}}\n"
    "spec: {hostNetwork: true, nodeName: edge-1, containers: [{name: c, "
    "ports: [{containerPort: 9100}]}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: worker, namespace: infra, labels: {app: worker}}\n"
    "spec: {hostNetwork: true, nodeSelector: {role: work}, containers: "
    "[{name: c, ports: [{containerPort: 9100}]}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: roamer, namespace: infra, labels: {app: roamer}}\n"
    "spec: {hostNetwork: true, containers: [{name: c, ports: "
    "[{containerPort: 9100}]}]}\n";

#define CAL(spec)                                                              \
	"---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"         \
	"metadata: {name: p, namespace: shop}\nspec: " spec "\n"
#define HOST(spec)                                                             \
	"---\napiVersion: cilium.io/v2\n"                                      \
	"kind: CiliumClusterwideNetworkPolicy\n"                               \
	"metadata: {name: host}\nspec: " spec "\n"
/* ingress to web from the accounts labelled tier=edge */
#define SA_INGRESS                                                             \
	CAL("{selector: app == 'web', ingress: [{action: Allow, source: "      \
	    "{serviceAccounts: {selector: tier == 'edge'}}}]}")
/* egress denied to the pods of the accounts labelled tier=edge */
#define SA_EGRESS_DENY                                                         \
	CAL("{serviceAccountSelector: tier == 'edge', types: [Egress], "       \
	    "egress: [{action: Deny}]}")

static const struct gcase {
	const char *policies;
	const char *from, *to;
	long port;
	enum np_verdict want;
	const char *says;
} cases[] = {
	/* services: the API server behind default/kubernetes */
	{ CAL("{selector: app == 'web', types: [Egress], egress: [{action: "
	      "Allow, destination: {services: {name: kubernetes, namespace: "
	      "default}}}]}"),
	  "shop/web", "apiserver", 443, NP_ALLOW, "allows egress to the API" },
	{ CAL("{selector: app == 'web', types: [Egress], egress: [{action: "
	      "Allow, destination: {services: {name: kubernetes, namespace: "
	      "default}}}]}"),
	  "shop/web", "8.8.8.8", 443, NP_DENY, "ends in a deny" },
	/* services: a Service's pods by its selector, and its cluster IP */
	{ CAL("{selector: app == 'web', ingress: [{action: Allow, source: "
	      "{services: {name: front}}}]}"),
	  "shop/front", "shop/web", 8080, NP_ALLOW, "allows ingress" },
	{ CAL("{selector: app == 'web', ingress: [{action: Allow, source: "
	      "{services: {name: front}}}]}"),
	  "shop/batch", "shop/web", 8080, NP_DENY, "ends in a deny" },
	{ CAL("{selector: app == 'web', types: [Egress], egress: [{action: "
	      "Allow, destination: {services: {name: front}}}]}"),
	  "shop/web", "10.96.5.5", 80, NP_ALLOW, "allows egress" },
	{ CAL("{selector: app == 'web', ingress: [{action: Allow, source: "
	      "{services: {name: missing}}}]}"),
	  "shop/batch", "shop/web", 8080, NP_UNKNOWN,
	  "Service shop/missing of the rule is not in the input" },
	/* serviceAccounts.selector: the ServiceAccounts' labels */
	{ SA_INGRESS, "shop/front", "shop/web", 8080, NP_ALLOW,
	  "allows ingress" },
	{ SA_INGRESS, "shop/batch", "shop/web", 8080, NP_DENY,
	  "ends in a deny" },
	{ SA_INGRESS, "shop/ghost", "shop/web", 8080, NP_UNKNOWN,
	  "ServiceAccount shop/ghost, which is not in the input" },
	/* serviceAccountSelector picks the pods a policy applies to */
	{ SA_EGRESS_DENY, "shop/front", "8.8.8.8", 443, NP_DENY,
	  "denies egress" },
	{ SA_EGRESS_DENY, "shop/batch", "8.8.8.8", 443, NP_ALLOW,
	  "no policy isolates" },
	/* the account named by the deprecated serviceAccount field alone */
	{ SA_EGRESS_DENY, "shop/legacy", "8.8.8.8", 443, NP_DENY,
	  "denies egress" },
	{ SA_INGRESS, "shop/legacy", "shop/web", 8080, NP_ALLOW,
	  "allows ingress" },
	/* Cilium host policies and hostNetwork pods */
	{ HOST("{nodeSelector: {matchLabels: {role: edge}}, ingress: "
	       "[{fromEntities: [cluster]}]}"),
	  "internet", "infra/agent", 9100, NP_DENY,
	  "host policy CiliumClusterwideNetworkPolicy host isolates ingress" },
	{ HOST("{nodeSelector: {matchLabels: {role: edge}}, ingress: "
	       "[{fromEntities: [cluster]}]}"),
	  "shop/web", "infra/agent", 9100, NP_ALLOW,
	  "host policy CiliumClusterwideNetworkPolicy host allows ingress" },
	{ HOST("{nodeSelector: {matchLabels: {role: edge}}, ingress: "
	       "[{fromEntities: [cluster]}]}"),
	  "internet", "infra/worker", 9100, NP_ALLOW,
	  "NetworkPolicy does not apply" },
	{ HOST("{nodeSelector: {matchLabels: {role: edge}}, ingress: "
	       "[{fromEntities: [cluster]}]}"),
	  "internet", "infra/roamer", 9100, NP_UNKNOWN,
	  "may select the node of this pod" },
	{ HOST("{nodeSelector: {}, ingressDeny: [{fromEntities: [world]}], "
	       "ingress: [{fromEntities: [all]}]}"),
	  "internet", "infra/roamer", 9100, NP_DENY, "denies ingress" },
	{ HOST("{nodeSelector: {}, egress: [{toEntities: [cluster]}]}"),
	  "infra/worker", "169.254.169.254", 80, NP_DENY,
	  "isolates egress of the node" },
};

START_TEST(test_netpol_gap)
{
	const struct gcase *c = &cases[_i];
	struct np_end f, t;
	struct np_port p = { .port = c->port };
	struct np_reason eg, in;
	enum np_verdict v;
	struct scan *s = tu_scan_text2(base, c->policies);

	ck_assert_msg(s->errors.n == 0, "case %d: %s", _i,
		      s->errors.n ? s->errors.v[0].msg : "");
	tu_np_end(s, c->from, &f);
	tu_np_end(s, c->to, &t);
	v = netpol_query(s->netpol, &f, &t, &p, &eg, &in);
	ck_assert_msg(v == c->want,
		      "case %d: %s -> %s: %s, want %s\n  %s\n  %s", _i, c->from,
		      c->to, np_verdict_name(v), np_verdict_name(c->want),
		      eg.text, in.text);
	ck_assert_msg(strstr(eg.text, c->says) || strstr(in.text, c->says),
		      "case %d: no '%s' in\n  %s\n  %s", _i, c->says, eg.text,
		      in.text);
	scan_free(s);
}
END_TEST

/* The projects' own examples, with the objects they speak about. */
static const struct real_case {
	const char *file; /* under k8s-real/network-policies */
	const char *objs;
	const char *from, *to;
	long port;
	enum np_verdict want;
	const char *says;
} real_cases[] = {
	{ "calico/docs__service-policy-1.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: "
	  "my-app}\nspec: {containers: [{name: c}]}\n",
	  "my-app/app", "apiserver", 443, NP_ALLOW,
	  "allow-api-access (tier default) allows egress to the API server" },
	{ "calico/docs__service-accounts-3.yaml",
	  "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: intern, "
	  "namespace: prod-engineering, labels: {role: intern}}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	  "prod-engineering}\nspec: {serviceAccountName: intern, containers: "
	  "[{name: c}]}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: "
	  "prod-engineering}\nspec: {serviceAccountName: intern, containers: "
	  "[{name: c}]}\n",
	  "prod-engineering/a", "prod-engineering/b", 80, NP_ALLOW,
	  "restrict-intern-access (tier default) allows ingress" },
	{ "calico/docs__service-accounts-3.yaml",
	  "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: intern, "
	  "namespace: prod-engineering, labels: {role: intern}}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	  "prod-engineering}\nspec: {containers: [{name: c}]}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: "
	  "prod-engineering}\nspec: {serviceAccountName: intern, containers: "
	  "[{name: c}]}\n",
	  "prod-engineering/a", "prod-engineering/b", 80, NP_DENY,
	  "ends in a deny" },
	{ "cilium/host__demo-host-policy.yaml",
	  "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: "
	  "{node-access: ssh}}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: exporter, namespace: "
	  "mon}\nspec: {hostNetwork: true, nodeName: n1, containers: [{name: "
	  "c}]}\n",
	  "internet", "mon/exporter", 22, NP_ALLOW,
	  "host policy CiliumClusterwideNetworkPolicy demo-host-policy allows "
	  "ingress from the internet (spec.ingress[1])" },
	{ "cilium/host__demo-host-policy.yaml",
	  "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: "
	  "{node-access: ssh}}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: exporter, namespace: "
	  "mon}\nspec: {hostNetwork: true, nodeName: n1, containers: [{name: "
	  "c}]}\n",
	  "internet", "mon/exporter", 9100, NP_DENY,
	  "isolates ingress of the node" },
};

START_TEST(test_netpol_gap_real)
{
	const struct real_case *c = &real_cases[_i];
	struct np_end f, t;
	struct np_port p = { .port = c->port };
	struct np_reason eg, in;
	enum np_verdict v;
	struct scan *s;
	TU_NEED_SHARED(shared);

	s = tu_scan_netpol_real(shared, c->file, c->objs);
	tu_np_end(s, c->from, &f);
	tu_np_end(s, c->to, &t);
	v = netpol_query(s->netpol, &f, &t, &p, &eg, &in);
	ck_assert_msg(v == c->want, "%s: %s, want %s\n  %s\n  %s", c->file,
		      np_verdict_name(v), np_verdict_name(c->want), eg.text,
		      in.text);
	ck_assert_msg(strstr(eg.text, c->says) || strstr(in.text, c->says),
		      "%s: no '%s' in\n  %s\n  %s", c->file, c->says, eg.text,
		      in.text);
	scan_free(s);
}
END_TEST

Suite *suite_netpol_gaps(void)
{
	Suite *s = suite_create("netpol_gaps");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_netpol_gap, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_netpol_gap_real, 0,
			    (int)(sizeof(real_cases) / sizeof(real_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
