/*
 * A namespace's default deny per direction, through the whole decision
 * chain (admin policies, NetworkPolicy with Cilium and Calico tiers,
 * baseline policies): a policy that selects every pod but allows every
 * peer is no default deny, an empty rule or a rule about some peers or
 * ports is, and a rule beyond the model makes the answer unknown.  The
 * check's findings say which directions are open and why; the published
 * examples of Calico and Cilium are judged as their authors mean them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/netpol.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

/* Two namespaces with one labelled pod each; policies are appended. */
#define BASE                                                                   \
	"apiVersion: v1\nkind: Namespace\n"                                    \
	"metadata: {name: shop, labels: {team: a}}\n---\n"                     \
	"apiVersion: v1\nkind: Namespace\n"                                    \
	"metadata: {name: other, labels: {team: b}}\n---\n"                    \
	"apiVersion: v1\nkind: Pod\n"                                          \
	"metadata: {name: web, namespace: shop, labels: {app: web}}\n"         \
	"spec: {containers: [{name: c}]}\n---\n"                               \
	"apiVersion: v1\nkind: Pod\n"                                          \
	"metadata: {name: api, namespace: other, labels: {app: api}}\n"        \
	"spec: {containers: [{name: c}]}\n"

#define CNP(ns, spec)                                                          \
	"---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"           \
	"metadata: {name: c, namespace: " ns "}\nspec: " spec "\n"
#define GNP(name, spec)                                                        \
	"---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n"   \
	"metadata: {name: " name "}\nspec: " spec "\n"
#define TIER(name, order)                                                      \
	"---\napiVersion: projectcalico.org/v3\nkind: Tier\n"                  \
	"metadata: {name: " name "}\nspec: {order: " order "}\n"
#define ANP(spec)                                                              \
	"---\napiVersion: policy.networking.k8s.io/v1alpha1\n"                 \
	"kind: AdminNetworkPolicy\nmetadata: {name: a}\nspec: " spec "\n"
#define BANP(spec)                                                             \
	"---\napiVersion: policy.networking.k8s.io/v1alpha1\n"                 \
	"kind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\n"        \
	"spec: " spec "\n"
#define NP(ns, spec)                                                           \
	"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"         \
	"metadata: {name: p, namespace: " ns "}\nspec: " spec "\n"

#define BANP_DENY                                                              \
	BANP("{subject: {namespaces: {}}, ingress: [{name: d, action: Deny, "  \
	     "from: [{namespaces: {}}]}], egress: [{name: d, action: Deny, "   \
	     "to: [{namespaces: {}}, {networks: ['0.0.0.0/0', '::/0']}]}]}")

static const struct dcase {
	const char *text;
	const char *ns;
	enum np_verdict in, eg;
	const char *says; /* in a reason that is not a deny, or NULL */
} dcases[] = {
	/* nothing at all: both open, no policy named */
	{ BASE, "shop", NP_ALLOW, NP_ALLOW, "no policy isolates" },
	/* Kubernetes NetworkPolicy: policyTypes defaulting as before */
	{ BASE NP("shop", "{podSelector: {}, ingress: [{from: [{podSelector: "
			  "{matchLabels: {app: x}}}]}]}"),
	  "shop", NP_DENY, NP_ALLOW, NULL },
	{ BASE NP("shop", "{podSelector: {}, policyTypes: [Egress]}"), "shop",
	  NP_ALLOW, NP_DENY, NULL },
	{ BASE NP("shop", "{podSelector: {}, egress: [{ports: [{port: 53, "
			  "protocol: UDP}]}]}"),
	  "shop", NP_DENY, NP_DENY, NULL },
	/* the same namespace only: other namespaces stay out */
	{ BASE NP("shop", "{podSelector: {}, ingress: [{from: [{podSelector: "
			  "{}}]}]}"),
	  "shop", NP_DENY, NP_ALLOW, NULL },
	/* an empty podSelector with an allow-all rule is no default deny */
	{ BASE NP("shop", "{podSelector: {}, policyTypes: [Ingress], "
			  "ingress: [{}]}"),
	  "shop", NP_ALLOW, NP_ALLOW, "NetworkPolicy" },
	{ BASE NP("shop", "{podSelector: {}, policyTypes: [Ingress], "
			  "ingress: [{from: [{namespaceSelector: {}}]}]}"),
	  "shop", NP_ALLOW, NP_ALLOW, "NetworkPolicy" },
	/* a policy for some pods only: the namespace is open */
	{ BASE NP("shop", "{podSelector: {matchLabels: {app: web}}, "
			  "policyTypes: [Ingress, Egress]}"),
	  "shop", NP_ALLOW, NP_ALLOW, "no policy isolates" },
	/* every port of one protocol, or a range that covers them */
	{ BASE NP("shop", "{podSelector: {}, policyTypes: [Egress], egress: "
			  "[{ports: [{port: 1, endPort: 65535}]}]}"),
	  "shop", NP_ALLOW, NP_ALLOW, "allows egress" },
	{ BASE NP("shop", "{podSelector: {}, policyTypes: [Egress], egress: "
			  "[{ports: [{port: 1024, endPort: 65535}]}]}"),
	  "shop", NP_ALLOW, NP_DENY, NULL },

	/* ---- Cilium ---- */
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{fromEntities: "
			   "[all]}], egress: [{}]}"),
	  "shop", NP_ALLOW, NP_DENY, "fromEntities" },
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{}], egress: "
			   "[{}]}"),
	  "shop", NP_DENY, NP_DENY, NULL },
	/* egress to every address but no pod: still open */
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{}], egress: "
			   "[{toCIDR: ['0.0.0.0/0']}]}"),
	  "shop", NP_DENY, NP_ALLOW, "internet" },
	/* the namespace's own endpoints only */
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{fromEndpoints: "
			   "[{}]}]}"),
	  "shop", NP_DENY, NP_ALLOW, NULL },
	/* only some pods selected */
	{ BASE CNP("shop", "{endpointSelector: {matchLabels: {app: web}}, "
			   "ingress: [{}], egress: [{}]}"),
	  "shop", NP_ALLOW, NP_ALLOW, NULL },
	/* a port-limited or L7-limited allow is a rule about some requests */
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{fromEntities: "
			   "[all], toPorts: [{ports: [{port: '80'}]}]}]}"),
	  "shop", NP_DENY, NP_ALLOW, NULL },
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{}], egress: "
			   "[{toFQDNs: [{matchName: api.example.com}]}]}"),
	  "shop", NP_DENY, NP_DENY, NULL },
	/* a CIDR group the input lacks: unknown, with the reason */
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{}], egress: "
			   "[{toCIDRSet: [{cidrGroupRef: corp}]}]}"),
	  "shop", NP_DENY, NP_UNKNOWN, "corp" },
	/* the other namespace is not covered by shop's policy */
	{ BASE CNP("shop", "{endpointSelector: {}, ingress: [{}], egress: "
			   "[{}]}"),
	  "other", NP_ALLOW, NP_ALLOW, "no policy isolates" },

	/* ---- Calico ---- */
	{ BASE GNP("default-deny",
		   "{selector: all(), types: [Ingress, Egress]}"),
	  "shop", NP_DENY, NP_DENY, NULL },
	{ BASE GNP("default-deny",
		   "{selector: all(), types: [Ingress, Egress]}"),
	  "other", NP_DENY, NP_DENY, NULL },
	/* an Allow-all in a tier ahead of the default one */
	{ BASE TIER("platform", "100")
	      GNP("platform.open", "{tier: platform, selector: all(), types: "
				   "[Ingress, Egress], ingress: [{action: "
				   "Allow}], egress: [{action: Allow}]}")
		  GNP("default-deny",
		      "{selector: all(), types: [Ingress, Egress]}"),
	  "shop", NP_ALLOW, NP_ALLOW, "tier platform" },
	/* the same Allow-all behind a deny in an earlier tier */
	{ BASE TIER("platform", "100") TIER("open", "200") GNP(
	      "platform.deny", "{tier: platform, selector: all(), types: "
			       "[Ingress, Egress], ingress: [{action: Deny}], "
			       "egress: [{action: Deny}]}")
	      GNP("open.allow", "{tier: open, selector: all(), types: "
				"[Ingress, Egress], ingress: [{action: "
				"Allow}], egress: [{action: Allow}]}"),
	  "shop", NP_DENY, NP_DENY, NULL },
	/* a namespace selector: only the namespaces it names */
	{ BASE GNP("deny-team-a", "{namespaceSelector: team == 'a', types: "
				  "[Ingress, Egress]}"),
	  "other", NP_ALLOW, NP_ALLOW, NULL },
	{ BASE GNP("deny-team-a", "{namespaceSelector: team == 'a', types: "
				  "[Ingress, Egress]}"),
	  "shop", NP_DENY, NP_DENY, NULL },

	/* ---- admin and baseline admin ---- */
	{ BASE BANP_DENY, "shop", NP_DENY, NP_DENY, NULL },
	{ BASE ANP("{priority: 10, subject: {namespaces: {}}, ingress: "
		   "[{name: open, action: Allow, from: [{namespaces: {}}]}]}")
	      BANP_DENY,
	  "shop", NP_ALLOW, NP_DENY, "AdminNetworkPolicy" },
	/* a NetworkPolicy that allows everything beats the baseline */
	{ BASE NP("shop", "{podSelector: {}, policyTypes: [Ingress], "
			  "ingress: [{}]}") BANP_DENY,
	  "shop", NP_ALLOW, NP_DENY, "NetworkPolicy" },
	/* Pass hands the decision to the baseline */
	{ BASE ANP("{priority: 10, subject: {namespaces: {}}, ingress: "
		   "[{name: p, action: Pass, from: [{namespaces: {}}]}]}")
	      BANP_DENY,
	  "shop", NP_DENY, NP_DENY, NULL },
};

static const char *vname(enum np_verdict v)
{
	return np_verdict_name(v);
}

START_TEST(test_default_deny_cases)
{
	const struct dcase *c = &dcases[_i];
	struct scan *s = tu_scan_text(c->text);
	struct np_reason ri, re;
	enum np_verdict vi, ve;

	ck_assert_msg(s->errors.n == 0, "case %d: %s", _i,
		      s->errors.n ? s->errors.v[0].msg : "");
	vi = netpol_ns_open(s->netpol, c->ns, NP_INGRESS, &ri);
	ve = netpol_ns_open(s->netpol, c->ns, NP_EGRESS, &re);
	ck_assert_msg(vi == c->in, "case %d ingress: %s, want %s (%s)", _i,
		      vname(vi), vname(c->in), ri.text);
	ck_assert_msg(ve == c->eg, "case %d egress: %s, want %s (%s)", _i,
		      vname(ve), vname(c->eg), re.text);
	ck_assert_int_eq(ri.verdict, vi);
	ck_assert_int_eq(re.verdict, ve);
	if (c->says)
		ck_assert_msg((vi != NP_DENY && strstr(ri.text, c->says)) ||
				  (ve != NP_DENY && strstr(re.text, c->says)),
			      "case %d: '%s' not in '%s' / '%s'", _i, c->says,
			      ri.text, re.text);
	scan_free(s);
}
END_TEST

/* The check's findings for a text: count, and per namespace. */
static void run_check(struct tu_checks *r, struct scan *s)
{
	const struct check *one[] = {
		check_find("namespace-without-default-deny"), NULL
	};

	ck_assert_ptr_nonnull(one[0]);
	tu_checks_run(r, s, one, NULL, NULL);
}

static const struct finding *of_ns(const struct tu_checks *r, const char *ns)
{
	size_t i;
	char want[80];

	snprintf(want, sizeof(want), "namespace '%s'", ns);
	for (i = 0; i < r->f.n; i++)
		if (!strncmp(r->f.v[i]->message, want, strlen(want)))
			return r->f.v[i];
	return NULL;
}

/* Messages and severities: open ingress medium, egress or unknown low. */
START_TEST(test_default_deny_findings)
{
	struct tu_checks r;
	const struct finding *fd;

	run_check(
	    &r, tu_scan_text(BASE CNP(
		    "shop",
		    "{endpointSelector: {}, ingress: [{fromEntities: [all]}], "
		    "egress: [{}]}")));
	fd = of_ns(&r, "shop");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_MEDIUM);
	ck_assert_ptr_nonnull(
	    strstr(fd->message, "has no default deny for ingress;"));
	ck_assert_ptr_null(strstr(fd->message, "egress"));
	ck_assert_ptr_nonnull(strstr(fd->message, "fromEntities"));
	ck_assert_uint_ge(fd->nev, 2);
	ck_assert_str_eq(fd->ev[1].path, "spec.ingress[0].fromEntities[0]");
	ck_assert_str_eq(fd->obj->kind, "Namespace");
	/* the other namespace has no policy at all */
	fd = of_ns(&r, "other");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->message, "namespace 'other' has no default deny "
				      "for ingress or egress");
	ck_assert_uint_eq(r.f.n, 2);
	tu_checks_release(&r);

	/* egress only open: low */
	run_check(&r, tu_scan_text(BASE CNP("shop", "{endpointSelector: {}, "
						    "ingress: [{}]}")));
	fd = of_ns(&r, "shop");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_LOW);
	ck_assert_str_eq(fd->message,
			 "namespace 'shop' has no default deny for egress");
	tu_checks_release(&r);

	/* unknown: low, with the reason, never called open */
	run_check(&r,
		  tu_scan_text(BASE CNP(
		      "shop", "{endpointSelector: {}, ingress: [{}], egress: "
			      "[{toCIDRSet: [{cidrGroupRef: corp}]}]}")));
	fd = of_ns(&r, "shop");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_LOW);
	ck_assert_ptr_null(strstr(fd->message, "has no default deny"));
	ck_assert_ptr_nonnull(strstr(fd->message,
				     "whether egress is denied by default "
				     "is unknown"));
	ck_assert_ptr_nonnull(strstr(fd->message, "corp"));
	tu_checks_release(&r);

	/* a Calico default deny for all: no finding in any namespace */
	run_check(&r, tu_scan_text(BASE GNP("default-deny",
					    "{selector: all(), types: "
					    "[Ingress, Egress]}")));
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

/* Published examples, with workloads added where they name namespaces. */
static const struct real_case {
	const char *file;
	const char *objs;
	const char *ns;
	enum np_verdict in, eg;
} real_cases[] = {
	/* Calico's GlobalNetworkPolicy default deny: every namespace */
	{ "calico/docs__kubernetes-default-deny-1.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\n"
	  "spec: {containers: [{name: c}]}\n---\napiVersion: v1\nkind: Pod\n"
	  "metadata: {name: b, namespace: billing}\nspec: {containers: "
	  "[{name: c}]}\n",
	  "billing", NP_DENY, NP_DENY },
	{ "calico/docs__kubernetes-default-deny-1.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\n"
	  "spec: {containers: [{name: c}]}\n",
	  "shop", NP_DENY, NP_DENY },
	/* Calico's namespaced default deny: engineering only */
	{ "calico/docs__kubernetes-default-deny-3.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	  "engineering}\nspec: {containers: [{name: c}]}\n",
	  "engineering", NP_DENY, NP_DENY },
	{ "calico/docs__kubernetes-default-deny-3.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\n"
	  "spec: {containers: [{name: c}]}\n",
	  "shop", NP_ALLOW, NP_ALLOW },
	/* the same with a Kubernetes NetworkPolicy */
	{ "calico/docs__kubernetes-default-deny-4.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	  "engineering}\nspec: {containers: [{name: c}]}\n",
	  "engineering", NP_DENY, NP_DENY },
	/* Cilium: isolate ns1 from other namespaces; egress stays open */
	{ "cilium/kubernetes__namespace__isolate-namespaces.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: ns1}\n"
	  "spec: {containers: [{name: c}]}\n",
	  "ns1", NP_DENY, NP_ALLOW },
	/* Cilium's allow-all selects role=victim pods only */
	{ "cilium/l3__ingress-allow-all__ingress-allow-all.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	  "default, labels: {role: victim}}\nspec: {containers: [{name: "
	  "c}]}\n",
	  "default", NP_ALLOW, NP_ALLOW },
};

START_TEST(test_default_deny_real)
{
	const struct real_case *c = &real_cases[_i];
	struct np_reason ri, re;
	enum np_verdict vi, ve;
	struct scan *s;
	TU_NEED_SHARED(shared);

	s = tu_scan_netpol_real(shared, c->file, c->objs);
	vi = netpol_ns_open(s->netpol, c->ns, NP_INGRESS, &ri);
	ve = netpol_ns_open(s->netpol, c->ns, NP_EGRESS, &re);
	ck_assert_msg(vi == c->in && ve == c->eg,
		      "%s in %s: ingress %s (%s), egress %s (%s)", c->file,
		      c->ns, vname(vi), ri.text, vname(ve), re.text);
	scan_free(s);
}
END_TEST

Suite *suite_default_deny_engines(void)
{
	Suite *s = suite_create("default_deny_engines");
	TCase *tc = tcase_create("chain");

	tcase_add_loop_test(tc, test_default_deny_cases, 0,
			    (int)(sizeof(dcases) / sizeof(dcases[0])));
	tcase_add_test(tc, test_default_deny_findings);
	suite_add_tcase(s, tc);
	tc = tcase_create("real data");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_default_deny_real, 0,
			    (int)(sizeof(real_cases) / sizeof(real_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
