/*
 * The rules of Cilium, Calico and admin network policies: peers, entities,
 * CIDRs, FQDN and L7 rules, ports, Calico tiers, order and actions, admin
 * priorities and Pass, and the order of the three layers (admin, then
 * NetworkPolicy/Cilium/Calico, then baseline).  Each answer is checked by
 * verdict and by the words of its reason; the published examples of each
 * project are judged as their authors describe them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/netpol.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

/* Two namespaces with labelled pods; policies are appended. */
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
    "spec: {serviceAccountName: api, containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: api, namespace: other, labels: {app: api}}\n"
    "spec: {containers: [{name: c}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: client, namespace: other, labels: {app: client}}\n"
    "spec: {containers: [{name: c}]}\n";

#define CNP(ns, spec)                                                          \
	"---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"           \
	"metadata: {name: c, namespace: " ns "}\nspec: " spec "\n"
#define CCNP(spec)                                                             \
	"---\napiVersion: cilium.io/v2\n"                                      \
	"kind: CiliumClusterwideNetworkPolicy\n"                               \
	"metadata: {name: cc}\nspec: " spec "\n"
#define CAL(name, ns, spec)                                                    \
	"---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"         \
	"metadata: {name: " name ", namespace: " ns "}\nspec: " spec "\n"
#define GNP(name, spec)                                                        \
	"---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n"   \
	"metadata: {name: " name "}\nspec: " spec "\n"
#define ANP(name, spec)                                                        \
	"---\napiVersion: policy.networking.k8s.io/v1alpha1\n"                 \
	"kind: AdminNetworkPolicy\nmetadata: {name: " name "}\nspec: " spec    \
	"\n"
#define BANP(spec)                                                             \
	"---\napiVersion: policy.networking.k8s.io/v1alpha1\n"                 \
	"kind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\n"        \
	"spec: " spec "\n"
#define NP(ns, spec)                                                           \
	"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"         \
	"metadata: {name: p, namespace: " ns "}\nspec: " spec "\n"

#define WEB	 "{matchLabels: {app: web}}"
#define ALL_SHOP "{namespaces: {matchLabels: {team: a}}}"

static const struct ecase {
	const char *policies;
	const char *from, *to; /* "ns/name", an address, "internet", ... */
	long port;
	enum np_verdict want;
	const char *says; /* in the deciding reason, or NULL */
} ecases[] = {
	/* ---- Cilium ---- */
	{ CNP("shop", "{endpointSelector: " WEB ", ingress: [{fromEndpoints: "
		      "[{matchLabels: {'k8s:io.kubernetes.pod.namespace': "
		      "other}}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, "fromEndpoints[0]" },
	{ CCNP("{endpointSelector: {}, ingress: [{fromEndpoints: [{}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CNP("shop", "{endpointSelector: " WEB
		      ", ingress: [{fromEntities: [world]}]}"),
	  "internet", "shop/web", 8080, NP_ALLOW, "fromEntities[0]" },
	{ CNP("shop", "{endpointSelector: " WEB
		      ", ingress: [{fromEntities: [world]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY,
	  "CiliumNetworkPolicy shop/c isolates ingress" },
	{ CNP("shop", "{endpointSelector: " WEB
		      ", ingress: [{fromEntities: [cluster]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CNP("shop", "{endpointSelector: " WEB
		      ", ingress: [{fromEntities: [cluster]}]}"),
	  "internet", "shop/web", 8080, NP_DENY, NULL },
	/* ports alone admit any peer; L7 rules limit the allow */
	{ CNP("shop", "{endpointSelector: " WEB ", ingress: [{toPorts: "
		      "[{ports: [{port: '8080', protocol: TCP}], rules: "
		      "{http: [{method: GET}]}}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW,
	  "limited by its L7 rules (http)" },
	{ CNP("shop", "{endpointSelector: " WEB ", ingress: [{toPorts: "
		      "[{ports: [{port: '8080', protocol: TCP}], rules: "
		      "{http: [{method: GET}]}}]}]}"),
	  "other/client", "shop/web", 9090, NP_DENY, NULL },
	{ CNP("shop", "{endpointSelector: " WEB ", ingress: [{toPorts: "
		      "[{ports: [{port: http}]}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CNP("shop", "{endpointSelector: " WEB ", ingress: [{toPorts: "
		      "[{ports: [{port: '8000', endPort: 8100}]}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CNP("shop", "{endpointSelector: " WEB ", ingress: [{toPorts: "
		      "[{ports: [{port: '8080', protocol: UDP}]}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	/* deny rules win over allows */
	{ CCNP("{endpointSelector: {}, ingressDeny: [{fromEntities: [world]}], "
	       "ingress: [{fromEntities: [all]}]}"),
	  "internet", "shop/web", 8080, NP_DENY,
	  "CiliumClusterwideNetworkPolicy cc denies ingress" },
	{ CCNP("{endpointSelector: {}, ingressDeny: [{fromEntities: [world]}], "
	       "ingress: [{fromEntities: [all]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	/* FQDN rules: the internet on the names; an address unknown */
	{ CNP("other", "{endpointSelector: {}, egress: [{toFQDNs: "
		       "[{matchName: api.example.com}]}]}"),
	  "other/client", "internet", 443, NP_ALLOW,
	  "limited to the DNS names of its toFQDNs" },
	{ CNP("other", "{endpointSelector: {}, egress: [{toFQDNs: "
		       "[{matchName: api.example.com}]}]}"),
	  "other/client", "8.8.8.8", 443, NP_UNKNOWN, "toFQDNs" },
	{ CNP("other", "{endpointSelector: {}, egress: [{toFQDNs: "
		       "[{matchName: api.example.com}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	/* CIDRs */
	{ CNP("other", "{endpointSelector: {}, egress: [{toCIDR: "
		       "[192.0.2.0/24], toPorts: [{ports: [{port: '80'}]}]}]}"),
	  "other/client", "192.0.2.5", 80, NP_ALLOW, "toCIDR[0]" },
	{ CNP("other", "{endpointSelector: {}, egress: [{toCIDR: "
		       "[192.0.2.0/24], toPorts: [{ports: [{port: '80'}]}]}]}"),
	  "other/client", "192.0.2.5", 443, NP_DENY, NULL },
	{ CNP("other", "{endpointSelector: {}, egress: [{toCIDRSet: [{cidr: "
		       "0.0.0.0/0, except: [169.254.169.254/32]}]}]}"),
	  "other/client", "169.254.169.254", 80, NP_DENY, NULL },
	{ CNP("other", "{endpointSelector: {}, egress: [{toCIDRSet: [{cidr: "
		       "0.0.0.0/0, except: [169.254.169.254/32]}]}]}"),
	  "other/client", "8.8.8.8", 80, NP_ALLOW, NULL },
	/* CIDR rules do not select pods (they have identities) */
	{ CNP("other",
	      "{endpointSelector: {}, egress: [{toCIDR: [0.0.0.0/0]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	/* entities: the API server, the metadata address is world */
	{ CNP("other", "{endpointSelector: {}, egress: [{toEntities: "
		       "[kube-apiserver]}]}"),
	  "other/client", "apiserver", 443, NP_ALLOW, NULL },
	{ CNP("other",
	      "{endpointSelector: {}, egress: [{toEntities: [world]}]}"),
	  "other/client", "169.254.169.254", 80, NP_ALLOW, NULL },
	{ CNP("other",
	      "{endpointSelector: {}, egress: [{toEntities: [world]}]}"),
	  "other/client", "apiserver", 443, NP_UNKNOWN,
	  "entity world may include it" },
	/* egress: [{}] allows nothing */
	{ CNP("other", "{endpointSelector: {}, egress: [{}]}"), "other/client",
	  "8.8.8.8", 53, NP_DENY, NULL },
	/* enableDefaultDeny false: no isolation */
	{ CNP("shop", "{endpointSelector: " WEB
		      ", enableDefaultDeny: {ingress: false}, ingress: "
		      "[{fromEntities: [world]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CNP("other", "{endpointSelector: {}, egress: [{toServices: "
		       "[{k8sService: {serviceName: s, namespace: x}}]}]}"),
	  "other/client", "8.8.8.8", 80, NP_UNKNOWN, "toServices" },
	/* specs[]: each rule has its own selector */
	{ "---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
	  "metadata: {name: m, namespace: shop}\n"
	  "specs: [{endpointSelector: {matchLabels: {app: api}}, ingress: "
	  "[{}]}, {endpointSelector: " WEB ", ingress: [{fromEntities: "
	  "[world]}]}]\n",
	  "internet", "shop/web", 80, NP_ALLOW, "specs[1].ingress[0]" },
	/* Kubernetes and Cilium allows add up */
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{podSelector: "
		     "{matchLabels: {app: api}}}]}]}")
	      CNP("shop", "{endpointSelector: " WEB
			  ", ingress: [{fromEntities: [world]}]}"),
	  "internet", "shop/web", 8080, NP_ALLOW, NULL },
	{ NP("shop", "{podSelector: {}, ingress: [{from: [{podSelector: "
		     "{matchLabels: {app: api}}}]}]}")
	      CNP("shop", "{endpointSelector: " WEB
			  ", ingress: [{fromEntities: [world]}]}"),
	  "shop/api", "shop/web", 8080, NP_ALLOW, "NetworkPolicy shop/p" },

	/* ---- Calico ---- */
	{ CAL("a", "shop",
	      "{selector: app == 'web', ingress: [{action: "
	      "Allow, source: {selector: app == 'api'}}]}"),
	  "shop/api", "shop/web", 8080, NP_ALLOW,
	  "Calico NetworkPolicy shop/a (tier default) allows" },
	{ CAL("a", "shop",
	      "{selector: app == 'web', ingress: [{action: "
	      "Allow, source: {selector: app == 'api'}}]}"),
	  "other/api", "shop/web", 8080, NP_DENY, "the tier ends in a deny" },
	{ GNP("g", "{selector: app == 'web', ingress: [{action: Allow, "
		   "source: {selector: app == 'api'}}]}"),
	  "other/api", "shop/web", 8080, NP_ALLOW, NULL },
	{ CAL("a", "shop",
	      "{selector: app == 'web', ingress: [{action: "
	      "Allow, source: {namespaceSelector: team == "
	      "'b'}}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CAL("a", "shop",
	      "{selector: app == 'web', ingress: [{action: "
	      "Allow, source: {serviceAccounts: {names: "
	      "[api]}}}]}"),
	  "shop/api", "shop/web", 8080, NP_ALLOW, NULL },
	/* order: the lower order decides first */
	{ GNP("deny-b", "{order: 10, selector: all(), types: [Ingress], "
			"ingress: [{action: Deny, source: {namespaceSelector: "
			"team == 'b'}}]}") CAL("allow", "shop",
					       "{order: 100, selector: all(), "
					       "ingress: [{action: Allow}]}"),
	  "other/client", "shop/web", 8080, NP_DENY,
	  "GlobalNetworkPolicy deny-b (tier default) denies" },
	{ GNP("deny-b", "{order: 10, selector: all(), types: [Ingress], "
			"ingress: [{action: Deny, source: {namespaceSelector: "
			"team == 'b'}}]}") CAL("allow", "shop",
					       "{order: 100, selector: all(), "
					       "ingress: [{action: Allow}]}"),
	  "shop/api", "shop/web", 8080, NP_ALLOW, NULL },
	{ GNP("deny-b", "{order: 200, selector: all(), types: [Ingress], "
			"ingress: [{action: Deny, source: {namespaceSelector: "
			"team == 'b'}}]}") CAL("allow", "shop",
					       "{order: 100, selector: all(), "
					       "ingress: [{action: Allow}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	/* Log goes on; the next rule decides */
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Log}, "
	      "{action: Deny, protocol: TCP}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, "spec.ingress[1]" },
	/* tiers: Pass goes to the next tier, where NetworkPolicy sits */
	{ "---\napiVersion: projectcalico.org/v3\nkind: Tier\n"
	  "metadata: {name: security}\nspec: {order: 100}\n" GNP(
	      "security.pass-shop",
	      "{tier: security, selector: all(), ingress: [{action: Pass, "
	      "source: {namespaceSelector: team == 'a'}}]}")
	      NP("shop", "{podSelector: {}, ingress: [{from: [{podSelector: "
			 "{matchLabels: {app: api}}}]}]}"),
	  "shop/api", "shop/web", 8080, NP_ALLOW,
	  "NetworkPolicy shop/p allows ingress" },
	{ "---\napiVersion: projectcalico.org/v3\nkind: Tier\n"
	  "metadata: {name: security}\nspec: {order: 100}\n" GNP(
	      "security.pass-shop",
	      "{tier: security, selector: all(), ingress: [{action: Pass, "
	      "source: {namespaceSelector: team == 'a'}}]}")
	      NP("shop", "{podSelector: {}, ingress: [{from: [{podSelector: "
			 "{matchLabels: {app: api}}}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY,
	  "policies of Calico tier security" },
	/* a tier whose default action is Pass */
	{ "---\napiVersion: projectcalico.org/v3\nkind: Tier\n"
	  "metadata: {name: soft}\nspec: {order: 100, defaultAction: "
	  "Pass}\n" GNP("soft.x",
			"{tier: soft, selector: all(), ingress: [{action: "
			"Deny, source: {selector: app == 'nothing'}}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	/* ports, ranges and named ports */
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Allow, "
	      "protocol: TCP, destination: {ports: [80, "
	      "'8000:8100']}}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Allow, "
	      "protocol: TCP, destination: {ports: [80, "
	      "'8000:8100']}}]}"),
	  "other/client", "shop/web", 9090, NP_DENY, NULL },
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Allow, "
	      "protocol: UDP}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Allow, "
	      "protocol: TCP, destination: {ports: [http]}}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	/* nets and network sets */
	{ CAL("a", "other",
	      "{selector: all(), types: [Egress], egress: "
	      "[{action: Allow, destination: {nets: "
	      "[10.0.0.0/8]}}]}"),
	  "other/client", "10.1.2.3", 80, NP_ALLOW, NULL },
	{ CAL("a", "other",
	      "{selector: all(), types: [Egress], egress: "
	      "[{action: Allow, destination: {nets: "
	      "[10.0.0.0/8]}}]}"),
	  "other/client", "internet", 443, NP_DENY, NULL },
	{ "---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\n"
	  "metadata: {name: meta, labels: {kind: metadata}}\n"
	  "spec: {nets: [169.254.169.254/32]}\n" GNP(
	      "g", "{selector: all(), types: [Egress], egress: [{action: "
		   "Deny, destination: {selector: kind == 'metadata'}}, "
		   "{action: Allow}]}"),
	  "other/client", "169.254.169.254", 80, NP_DENY, "spec.egress[0]" },
	{ "---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\n"
	  "metadata: {name: meta, labels: {kind: metadata}}\n"
	  "spec: {nets: [169.254.169.254/32]}\n" GNP(
	      "g", "{selector: all(), types: [Egress], egress: [{action: "
		   "Deny, destination: {selector: kind == 'metadata'}}, "
		   "{action: Allow}]}"),
	  "other/client", "8.8.8.8", 80, NP_ALLOW, "spec.egress[1]" },
	/* HTTP rules limit; Services and unknown syntax are unknown */
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Allow, "
	      "http: {methods: [GET]}}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW,
	  "limited by its HTTP rules" },
	{ CAL("a", "other",
	      "{selector: all(), types: [Egress], egress: "
	      "[{action: Allow, destination: {services: {name: "
	      "k, namespace: default}}}]}"),
	  "other/client", "8.8.8.8", 443, NP_UNKNOWN, "Service" },
	{ CAL("a", "shop",
	      "{selector: all(), ingress: [{action: Allow, "
	      "source: {selector: app =~ 'x'}}]}"),
	  "other/client", "shop/web", 8080, NP_UNKNOWN, "beyond this model" },

	/* ---- admin network policies ---- */
	{ ANP("deny-b", "{priority: 10, subject: " ALL_SHOP ", ingress: "
			"[{name: no-b, action: Deny, from: [{namespaces: "
			"{matchLabels: {team: b}}}]}]}")
	      NP("shop", "{podSelector: {}, "
			 "ingress: [{}]}"),
	  "other/client", "shop/web", 8080, NP_DENY,
	  "AdminNetworkPolicy deny-b (priority 10) rule no-b" },
	{ ANP("deny-b", "{priority: 10, subject: " ALL_SHOP ", ingress: "
			"[{name: no-b, action: Deny, from: [{namespaces: "
			"{matchLabels: {team: b}}}]}]}"),
	  "shop/api", "shop/web", 8080, NP_ALLOW, "no policy isolates" },
	/* the lower priority number wins */
	{ ANP("allow-b", "{priority: 5, subject: " ALL_SHOP
			 ", ingress: [{action: Allow, from: [{namespaces: "
			 "{matchLabels: {team: b}}}]}]}")
	      ANP("deny-all", "{priority: 10, subject: " ALL_SHOP
			      ", ingress: [{action: Deny, from: "
			      "[{namespaces: {}}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, "priority 5" },
	{ ANP("deny-all", "{priority: 10, subject: " ALL_SHOP
			  ", ingress: [{action: Deny, from: [{namespaces: "
			  "{}}]}]}")
	      ANP("allow-b", "{priority: 50, subject: " ALL_SHOP
			     ", ingress: [{action: Allow, from: "
			     "[{namespaces: {matchLabels: {team: "
			     "b}}}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, "priority 10" },
	/* Pass: NetworkPolicy decides, then the baseline */
	{ ANP("pass", "{priority: 1, subject: " ALL_SHOP
		      ", ingress: [{action: Pass, from: [{namespaces: "
		      "{}}]}]}") NP("shop", "{podSelector: {}}"),
	  "other/client", "shop/web", 8080, NP_DENY, "NetworkPolicy shop/p" },
	{ ANP("pass", "{priority: 1, subject: " ALL_SHOP
		      ", ingress: [{action: Pass, from: [{namespaces: "
		      "{}}]}]}")
	      BANP("{subject: " ALL_SHOP ", ingress: [{action: Deny, from: "
		   "[{namespaces: {}}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY,
	  "BaselineAdminNetworkPolicy default" },
	/* a NetworkPolicy's allow wins over the baseline */
	{ NP("shop", "{podSelector: {}, ingress: [{}]}")
	      BANP("{subject: " ALL_SHOP ", ingress: [{action: Deny, from: "
		   "[{namespaces: {}}]}]}"),
	  "other/client", "shop/web", 8080, NP_ALLOW, "NetworkPolicy shop/p" },
	/* ports */
	{ ANP("p", "{priority: 3, subject: " ALL_SHOP
		   ", ingress: [{action: Deny, from: [{namespaces: {}}], "
		   "ports: [{portNumber: {protocol: TCP, port: 8080}}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	{ ANP("p", "{priority: 3, subject: " ALL_SHOP
		   ", ingress: [{action: Deny, from: [{namespaces: {}}], "
		   "ports: [{portNumber: {protocol: TCP, port: 8080}}]}]}"),
	  "other/client", "shop/web", 9090, NP_ALLOW, NULL },
	{ ANP("p", "{priority: 3, subject: " ALL_SHOP
		   ", ingress: [{action: Deny, from: [{namespaces: {}}], "
		   "ports: [{namedPort: http}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	{ ANP("p", "{priority: 3, subject: " ALL_SHOP
		   ", ingress: [{action: Deny, from: [{pods: "
		   "{namespaceSelector: {}, podSelector: {matchLabels: {app: "
		   "client}}}}], ports: [{portRange: {start: 8000, end: "
		   "8100}}]}]}"),
	  "other/client", "shop/web", 8080, NP_DENY, NULL },
	/* egress to networks, and nodes that may hold the API server */
	{ ANP("meta", "{priority: 1, subject: {namespaces: {}}, egress: "
		      "[{action: Deny, to: [{networks: "
		      "[169.254.169.254/32]}]}]}"),
	  "other/client", "169.254.169.254", 80, NP_DENY, NULL },
	{ ANP("nodes", "{priority: 1, subject: {namespaces: {}}, egress: "
		       "[{action: Deny, to: [{nodes: {matchLabels: {role: "
		       "cp}}}]}]}"),
	  "other/client", "apiserver", 443, NP_UNKNOWN, "node's address" },
	/* v1alpha2 ClusterNetworkPolicy: tiers, Accept and protocols */
	{ "---\napiVersion: policy.networking.k8s.io/v1alpha2\n"
	  "kind: ClusterNetworkPolicy\nmetadata: {name: c}\n"
	  "spec: {tier: Admin, priority: 4, subject: " ALL_SHOP
	  ", ingress: [{action: Accept, from: [{namespaces: {}}], "
	  "protocols: [{tcp: {destinationPort: {number: 8080}}}]}, "
	  "{action: Deny, from: [{namespaces: {}}]}]}\n",
	  "other/client", "shop/web", 8080, NP_ALLOW, NULL },
	{ "---\napiVersion: policy.networking.k8s.io/v1alpha2\n"
	  "kind: ClusterNetworkPolicy\nmetadata: {name: c}\n"
	  "spec: {tier: Admin, priority: 4, subject: " ALL_SHOP
	  ", ingress: [{action: Accept, from: [{namespaces: {}}], "
	  "protocols: [{tcp: {destinationPort: {number: 8080}}}]}, "
	  "{action: Deny, from: [{namespaces: {}}]}]}\n",
	  "other/client", "shop/web", 9090, NP_DENY, NULL },
	{ "---\napiVersion: policy.networking.k8s.io/v1alpha2\n"
	  "kind: ClusterNetworkPolicy\nmetadata: {name: c}\n"
	  "spec: {tier: Baseline, priority: 4, subject: " ALL_SHOP
	  ", ingress: [{action: Deny, from: [{namespaces: {}}]}]}\n" NP(
	      "shop", "{podSelector: {}, ingress: [{}]}"),
	  "other/client", "shop/web", 9090, NP_ALLOW, NULL },
};

/* Ask from -> to:port of s; check the verdict and the words. */
static void ask(const struct scan *s, const char *what, const char *from,
		const char *to, long port, enum np_verdict want,
		const char *says)
{
	struct np_end f, t;
	struct np_port p = { .port = port };
	struct np_reason eg, in;
	enum np_verdict v;
	const struct np_reason *r;

	tu_np_end(s, from, &f);
	tu_np_end(s, to, &t);
	v = netpol_query(s->netpol, &f, &t, &p, &eg, &in);
	ck_assert_msg(v == want, "%s: %s -> %s:%ld: %s, want %s\n  %s\n  %s",
		      what, from, to, port, np_verdict_name(v),
		      np_verdict_name(want), eg.text, in.text);
	/* the deciding direction names a policy and says why */
	r = eg.verdict != NP_ALLOW || !in.policy ? &eg : &in;
	if (v != NP_ALLOW)
		ck_assert_ptr_nonnull(r->policy);
	if (says)
		ck_assert_msg(strstr(eg.text, says) || strstr(in.text, says),
			      "%s: %s -> %s: no '%s' in\n  %s\n  %s", what,
			      from, to, says, eg.text, in.text);
}

START_TEST(test_engine_cases)
{
	const struct ecase *c = &ecases[_i];
	char what[32];
	struct scan *s = tu_scan_text2(base, c->policies);

	ck_assert_msg(s->errors.n == 0, "case %d: %s", _i,
		      s->errors.n ? s->errors.v[0].msg : "");
	snprintf(what, sizeof(what), "case %d", _i);
	ask(s, what, c->from, c->to, c->port, c->want, c->says);
	scan_free(s);
}
END_TEST

/* ---- the projects' own examples ----------------------------------------- */

static const struct real_case {
	const char *file; /* under k8s-real/network-policies */
	const char *objs; /* namespaces and pods placed next to it */
	const char *from, *to;
	long port;
	enum np_verdict want;
	const char *says;
} real_cases[] = {
	/* the ANP denies slytherin -> gryffindor before the NetworkPolicy
	 * that allows it is read */
	{ "network-policy-api/v0.1.8/"
	  "conformance__base__api_integration__standard-anp-np-banp.yaml",
	  "apiVersion: v1\nkind: Namespace\nmetadata: {name: "
	  "network-policy-conformance-gryffindor, labels: {conformance-house: "
	  "gryffindor}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: "
	  "{name: s, labels: {conformance-house: slytherin}}\n---\n"
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: harry, namespace: "
	  "network-policy-conformance-gryffindor}\nspec: {containers: "
	  "[{name: c}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: "
	  "draco, namespace: s}\nspec: {containers: [{name: c}]}\n",
	  "s/draco", "network-policy-conformance-gryffindor/harry", 80, NP_DENY,
	  "AdminNetworkPolicy pass-example (priority 10) rule "
	  "deny-all-ingress-from-slytherin" },
	{ "cilium/l3__entities__world.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: site, labels: {role: "
	  "public}}\nspec: {containers: [{name: c}]}\n---\napiVersion: v1\n"
	  "kind: Pod\nmetadata: {name: peer}\nspec: {containers: [{name: "
	  "c}]}\n",
	  "internet", "default/site", 443, NP_ALLOW,
	  "CiliumNetworkPolicy default/from-world-to-role-public allows" },
	{ "cilium/l3__entities__world.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: site, labels: {role: "
	  "public}}\nspec: {containers: [{name: c}]}\n---\napiVersion: v1\n"
	  "kind: Pod\nmetadata: {name: peer}\nspec: {containers: [{name: "
	  "c}]}\n",
	  "default/peer", "default/site", 443, NP_DENY, NULL },
	{ "cilium/l7__http__http.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: svc, labels: {app: "
	  "myService}}\nspec: {containers: [{name: c}]}\n---\napiVersion: "
	  "v1\nkind: Pod\nmetadata: {name: peer}\nspec: {containers: [{name: "
	  "c}]}\n",
	  "default/peer", "default/svc", 80, NP_ALLOW,
	  "limited by its L7 rules (http)" },
	{ "cilium/l7__http__http.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: svc, labels: {app: "
	  "myService}}\nspec: {containers: [{name: c}]}\n---\napiVersion: "
	  "v1\nkind: Pod\nmetadata: {name: peer}\nspec: {containers: [{name: "
	  "c}]}\n",
	  "default/peer", "default/svc", 8080, NP_DENY, NULL },
	{ "cilium/l3__fqdn__fqdn.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: t, labels: {app: "
	  "test-app}}\nspec: {containers: [{name: c}]}\n",
	  "default/t", "internet", 443, NP_ALLOW, "toFQDNs" },
	{ "cilium/l3__entities__from_world_deny.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n"
	  "spec: {containers: [{name: c}]}\n",
	  "internet", "x/a", 443, NP_DENY, "ingressDeny[0]" },
	{ "calico/docs__globalnetworkpolicy-1.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: db, labels: {role: "
	  "database}}\nspec: {containers: [{name: c}]}\n---\napiVersion: v1\n"
	  "kind: Pod\nmetadata: {name: fe, namespace: web, labels: {role: "
	  "frontend}}\nspec: {containers: [{name: c}]}\n",
	  "web/fe", "default/db", 6379, NP_ALLOW, "spec.ingress[0]" },
	{ "calico/docs__globalnetworkpolicy-1.yaml",
	  "apiVersion: v1\nkind: Pod\nmetadata: {name: db, labels: {role: "
	  "database}}\nspec: {containers: [{name: c}]}\n---\napiVersion: v1\n"
	  "kind: Pod\nmetadata: {name: fe, namespace: web, labels: {role: "
	  "frontend}}\nspec: {containers: [{name: c}]}\n",
	  "web/fe", "default/db", 5432, NP_DENY, "tier ends in a deny" },
};

START_TEST(test_engine_real)
{
	const struct real_case *c = &real_cases[_i];
	char what[600];
	struct scan *s;
	TU_NEED_SHARED(shared);

	s = tu_scan_netpol_real(shared, c->file, c->objs);
	snprintf(what, sizeof(what), "%s", c->file);
	ask(s, what, c->from, c->to, c->port, c->want, c->says);
	scan_free(s);
}
END_TEST

/*
 * The Calico page whose example is written with Metadata/Spec (upstream
 * typo): an input error for that object, the rest judged as usual.
 */
START_TEST(test_engine_broken_calico)
{
	char path[512];
	const char *p[2] = { path, "build/netpol-engines-pod.yaml" };
	struct scan *s;
	FILE *f;
	TU_NEED_SHARED(shared);

	snprintf(path, sizeof(path),
		 "%s/k8s-real/network-policies/calico/"
		 "docs__calico-network-policy-10.yaml",
		 shared);
	f = fopen(p[1], "w");
	ck_assert_ptr_nonnull(f);
	fputs("apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: "
	      "production, labels: {role: database}}\nspec: {containers: "
	      "[{name: c}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: "
	      "{name: fe, namespace: production, labels: {role: frontend}}\n"
	      "spec: {containers: [{name: c}]}\n",
	      f);
	fclose(f);
	s = tu_scan_paths(p, 2);
	ck_assert_uint_eq(s->errors.n, 1);
	ck_assert_ptr_nonnull(strstr(s->errors.v[0].file, "policy-10"));
	/* the broken policy is not read: nothing isolates the database */
	ask(s, "broken calico", "production/fe", "production/db", 6379,
	    NP_ALLOW, "no policy isolates");
	scan_free(s);
}
END_TEST

Suite *suite_netpol_engines(void)
{
	Suite *s = suite_create("netpol_engines");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_engine_cases, 0,
			    (int)(sizeof(ecases) / sizeof(ecases[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("real data");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_engine_real, 0,
			    (int)(sizeof(real_cases) / sizeof(real_cases[0])));
	tcase_add_test(tc, test_engine_broken_calico);
	suite_add_tcase(s, tc);
	return s;
}
