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

/* The manifest names no namespace: say where it was put. */
static const char *defaulted_note(const struct kobj *o)
{
	return o->ns_defaulted ? " (the manifest names none; kubectl apply "
				 "puts it there)"
			       : "";
}

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
	.title = "Pods reachable from any pod",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_NETPOL,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Kubernetes lets every pod connect to every other pod unless a "
	    "policy isolates the destination.  A compromised pod "
	    "can then scan the cluster network (Network mapping, "
	    "MS-TA9031, T1046) and attack any service it finds (Cluster "
	    "internal networking, MS-TA9034, T1210).  A workload is "
	    "reported when no NetworkPolicy of its namespace that "
	    "isolates ingress selects its pod template (medium), or when "
	    "one does but a rule of it admits every pod of every "
	    "namespace: no from, namespaceSelector {} without "
	    "podSelector, or ipBlock 0.0.0.0/0 (low).  An empty "
	    "podSelector ({}) selects every pod, so a namespace "
	    "default-deny keeps all its workloads silent; a policy "
	    "whose policyTypes is only Egress does not isolate ingress.  "
	    "A pod that a CiliumNetworkPolicy, Calico policy or "
	    "AdminNetworkPolicy selects for ingress counts as isolated, "
	    "since its rules are beyond this model; hostNetwork pods, "
	    "which no NetworkPolicy applies to, are left to "
	    "host-namespaces.  Objects written without a namespace are in "
	    "the namespace kubectl apply would put them in.",
	.remediation =
	    "Add a default-deny ingress policy to every namespace "
	    "(podSelector: {} and policyTypes: [Ingress]) and allow the "
	    "flows each workload needs with further policies; make sure "
	    "the cluster's CNI enforces NetworkPolicy.",
	.details =
	    "- **Severity:** medium.\n"
	    "- **Techniques:** MS-TA9034 Cluster internal networking (T1210), "
	    "MS-TA9031\n"
	    "  Network mapping (T1046).\n"
	    "- **Looks at:** for each workload, whether a NetworkPolicy in "
	    "its\n"
	    "  namespace that isolates **ingress** selects its pod template "
	    "labels:\n"
	    "  - `podSelector: {}` selects every pod of the namespace, so a "
	    "default-deny\n"
	    "    policy keeps all its workloads silent (a mistake other tools "
	    "made);\n"
	    "  - policy types follow the API: `policyTypes` when present, else "
	    "Ingress\n"
	    "    plus Egress when `egress` is present. A policy whose types "
	    "are only\n"
	    "    `Egress` does **not** isolate ingress: the workload is still "
	    "reported,\n"
	    "    and the message names that egress-only policy;\n"
	    "  - objects without a namespace land in `default` (or the `-n`\n"
	    "    namespace), so a default-deny there covers them.\n"
	    "- **One finding per workload**, not per namespace, so each can be "
	    "fixed or\n"
	    "  excepted on its own and keeps a stable fingerprint. The message "
	    "says\n"
	    "  whether the namespace has no policy at all or has policies that "
	    "miss\n"
	    "  these pods; evidence is the pod template's labels.\n"
	    "- **Why:** without a policy selecting it, every pod of the "
	    "cluster can\n"
	    "  connect to the workload: a compromised pod can scan the network "
	    "and\n"
	    "  attack internal services.\n"
	    "- **Remediation:** a default-deny ingress policy per namespace\n"
	    "  (`podSelector: {}`, `policyTypes: [Ingress]`) plus policies "
	    "allowing the\n"
	    "  flows each workload needs; make sure the CNI enforces "
	    "NetworkPolicy.\n"
	    "- **False positives:** host-network pods are not isolated by "
	    "NetworkPolicy\n"
	    "  anyway (host-namespaces reports them); CNI-specific policy "
	    "kinds\n"
	    "  (Calico, Cilium) are not read yet. Egress isolation is not "
	    "judged by\n"
	    "  this check.\n",
	.fix = "apiVersion: networking.k8s.io/v1\n"
	       "kind: NetworkPolicy\n"
	       "metadata:\n"
	       "  name: default-deny-ingress\n"
	       "spec:\n"
	       "  podSelector: {}\n"
	       "  policyTypes: [Ingress]\n",
	.references = references,
	.run = run_netpol,
};

static void evidence(struct findings *out, struct finding *fd,
		     const struct pod_view *pv)
{
	char path[128];

	if (pv->meta && node_get(pv->meta, "labels")) {
		wl_meta_path(pv, "labels", path, sizeof(path));
		finding_evidence(out, fd, node_get(pv->meta, "labels"), path,
				 "{...}");
	} else {
		finding_evidence(out, fd, pv->spec, pv->spec_path,
				 "pod template without labels");
	}
}

static int run_netpol(const struct scan *s, struct findings *out)
{
	const struct netpol *np = s->netpol;
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(pv[i].obj);
		struct netpol_cover c;
		struct np_reason r;
		struct finding *fd;

		netpol_cover(np, &pv[i], &c);
		if (c.host_network ||
		    netpol_open_ingress(np, &pv[i], &r) != NP_ALLOW)
			continue;
		if (r.policy) {
			fd = finding_add(
			    out, &check_missing_network_policy, pv[i].obj, NULL,
			    "NetworkPolicy '%s' isolates these pods, but its "
			    "rule %s admits every pod of every namespace",
			    r.policy->name, r.path);
			fd->severity = SEV_LOW;
			finding_evidence(out, fd, r.at, r.path, "%s",
					 node_scalar_text(r.at));
			continue;
		}
		if (!c.ns_policies)
			fd = finding_add(
			    out, &check_missing_network_policy, pv[i].obj, NULL,
			    "namespace '%s'%s has no NetworkPolicy: "
			    "any pod can connect to these pods",
			    ns[0] ? ns : "unspecified",
			    defaulted_note(pv[i].obj));
		else if (c.egress_by)
			fd = finding_add(
			    out, &check_missing_network_policy, pv[i].obj, NULL,
			    "in namespace '%s'%s only NetworkPolicy "
			    "'%s' (egress only) selects these "
			    "pods; their ingress is open",
			    ns[0] ? ns : "unspecified",
			    defaulted_note(pv[i].obj), c.egress_by->name);
		else
			fd = finding_add(
			    out, &check_missing_network_policy, pv[i].obj, NULL,
			    "none of the %zu NetworkPolicies in "
			    "namespace '%s'%s selects these pods",
			    c.ns_policies, ns[0] ? ns : "unspecified",
			    defaulted_note(pv[i].obj));
		evidence(out, fd, &pv[i]);
		finding_ns_defaulted(out, fd, pv[i].obj);
	}
	return 0;
}
