/*
 * missing-network-policy: workloads whose pods no NetworkPolicy isolates
 * for ingress.
 */
#include "check.h"

#include <stdio.h>

#include "inventory.h"
#include "analysis/netpol.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static int run_netpol(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9034", "MS-TA9031", NULL };
static const char *const attack[] = { "T1210", "T1046", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/services-networking/"
	"network-policies/",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Cluster%20internal%20networking/",
	NULL,
};

const struct check check_missing_network_policy = {
	.id = "missing-network-policy",
	.title = "Pods not isolated by any NetworkPolicy",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS | NEED_NETPOL,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Kubernetes lets every pod connect to every other pod unless a "
	    "NetworkPolicy selects the destination.  A compromised pod "
	    "can then scan the cluster network (Network mapping, "
	    "MS-TA9031, T1046) and attack any service it finds (Cluster "
	    "internal networking, MS-TA9034, T1210).  A workload is "
	    "reported when no NetworkPolicy of its namespace that "
	    "isolates ingress selects its pod template: an empty "
	    "podSelector ({}) selects every pod, so a namespace "
	    "default-deny keeps all its workloads silent, and a policy "
	    "whose policyTypes is only Egress does not isolate ingress.  "
	    "Objects written without a namespace are grouped as the "
	    "'unspecified' namespace, never as 'default'.  One finding "
	    "per workload, so each can be fixed or excepted on its own; "
	    "the message says whether the namespace has any policy.  "
	    "Medium.",
	.remediation =
	    "Add a default-deny ingress policy to every namespace "
	    "(podSelector: {} and policyTypes: [Ingress]) and allow the "
	    "flows each workload needs with further policies; make sure "
	    "the cluster's CNI enforces NetworkPolicy.",
	.references = references,
	.run = run_netpol,
};

static int run_netpol(const struct scan *s, struct findings *out)
{
	const struct netpol *np = s->netpol;
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(pv[i].obj);
		struct netpol_cover c;
		struct finding *fd;
		char path[128];

		netpol_cover(np, &pv[i], &c);
		if (c.ingress_by)
			continue;
		if (!c.ns_policies)
			fd = finding_add(out, &check_missing_network_policy,
					 pv[i].obj, NULL,
					 "namespace '%s' has no NetworkPolicy: "
					 "any pod can connect to these pods",
					 ns[0] ? ns : "unspecified");
		else if (c.egress_by)
			fd = finding_add(
			    out, &check_missing_network_policy, pv[i].obj, NULL,
			    "in namespace '%s' only NetworkPolicy "
			    "'%s' (egress only) selects these "
			    "pods; their ingress is open",
			    ns[0] ? ns : "unspecified", c.egress_by->name);
		else
			fd = finding_add(
			    out, &check_missing_network_policy, pv[i].obj, NULL,
			    "none of the %zu NetworkPolicies in "
			    "namespace '%s' selects these pods",
			    c.ns_policies, ns[0] ? ns : "unspecified");
		if (pv[i].meta && node_get(pv[i].meta, "labels")) {
			wl_meta_path(&pv[i], "labels", path, sizeof(path));
			finding_evidence(out, fd,
					 node_get(pv[i].meta, "labels"), path,
					 "{...}");
		} else {
			finding_evidence(out, fd, pv[i].spec, pv[i].spec_path,
					 "pod template without labels");
		}
	}
	return 0;
}
