/*
 * missing-network-policy: workloads whose pods no NetworkPolicy isolates
 * for ingress.
 */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
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

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

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
	    "CiliumNetworkPolicy, Calico and admin network policies are "
	    "evaluated with their rules, in the order their APIs define: "
	    "one that selects the pod but admits any pod (an unlabelled "
	    "pod of another namespace) is reported low, naming the rule, "
	    "and where a rule that could decide is beyond the model the "
	    "finding says the answer is unknown and why; hostNetwork pods, "
	    "which no NetworkPolicy applies to, are left to "
	    "host-namespaces.  Objects written without a namespace are in "
	    "the namespace kubectl apply would put them in.",
	.remediation =
	    "Add a default-deny ingress policy to every namespace "
	    "(podSelector: {} and policyTypes: [Ingress]) and allow the "
	    "flows each workload needs with further policies; make sure "
	    "the cluster's CNI enforces NetworkPolicy.",
	.details =
	    "- **Severity:** medium when no policy isolates the workload's "
	    "ingress; low\n"
	    "  when one does but one of its rules admits every pod of every "
	    "namespace.\n"
	    "- **Techniques:** MS-TA9034 Cluster internal networking (T1210), "
	    "MS-TA9031\n"
	    "  Network mapping (T1046).\n"
	    "- **Looks at:** whether any pod may connect to the workload, by "
	    "the rules of\n"
	    "  [network.md](network.md):\n"
	    "  - `podSelector: {}` selects the whole namespace, so one "
	    "default-deny\n"
	    "    policy silences all its workloads;\n"
	    "  - `policyTypes` decides what a policy isolates; without it, "
	    "Ingress, plus\n"
	    "    Egress when `egress` is written. An Egress-only policy leaves "
	    "ingress\n"
	    "    open, and the message names it (a CiliumNetworkPolicy or "
	    "Calico policy\n"
	    "    with egress rules only too);\n"
	    "  - an isolating policy whose rule has no `from`, a bare\n"
	    "    `namespaceSelector: {}` or `ipBlock 0.0.0.0/0` lets every pod "
	    "in:\n"
	    "    reported low, naming the rule and the ports it opens (all "
	    "when it\n"
	    "    lists none);\n"
	    "  - CiliumNetworkPolicy, Calico and admin network policies are "
	    "evaluated\n"
	    "    rule by rule: one that selects the pod but admits any pod "
	    "(`fromEntities:\n"
	    "    [cluster]`, a Calico `Allow` without source, an admin "
	    "`Allow` from every\n"
	    "    namespace) is reported low; where the model cannot tell "
	    "(`fromRequires`,\n"
	    "    `sameLabels`, ...) the finding says \"unknown\" and why;\n"
	    "  - objects without a namespace belong to `default` (or the `-n`\n"
	    "    namespace), whose default deny covers them.\n"
	    "- **One finding per workload**, so each is fixed or excepted on "
	    "its own;\n"
	    "  namespace-without-default-deny judges namespaces.\n"
	    "- **Why:** without isolation any pod of the cluster, a "
	    "compromised one\n"
	    "  included, can scan for and attack the workload.\n"
	    "- **Remediation:** a default-deny ingress policy per namespace\n"
	    "  (`podSelector: {}`, `policyTypes: [Ingress]`) plus policies for "
	    "the flows\n"
	    "  each workload needs, on a CNI that enforces NetworkPolicy.\n"
	    "- **False positives:** host-network pods are beyond "
	    "NetworkPolicy; they are\n"
	    "  host-namespaces' finding and silent here.\n",
	.fix = "apiVersion: networking.k8s.io/v1\n"
	       "kind: NetworkPolicy\n"
	       "metadata:\n"
	       "  name: default-deny-ingress\n"
	       "spec:\n"
	       "  podSelector: {}\n"
	       "  policyTypes: [Ingress]\n",
	.references = references,
	.pod = judge_view,
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

/*
 * " on TCP 8080, UDP 53" for the ports of the ingress rule at path (the
 * rule's "spec.ingress[N]..."), or "" when it names none and so admits
 * every port.  A port without number is every port of its protocol; a
 * named port is the container port of that name.
 */
static const char *rule_ports(const struct kobj *policy, const char *path,
			      char *buf, size_t size)
{
	const struct node *ports;
	size_t i, n, rule, len = 0;

	buf[0] = '\0';
	if (sscanf(path, "spec.ingress[%zu]", &rule) != 1)
		return buf;
	ports = node_get(node_at(node_path(policy->root, "spec.ingress"), rule),
			 "ports");
	n = node_count(ports);
	for (i = 0; i < n && len < size; i++) {
		const struct node *p = node_at(ports, i);
		const char *proto = node_get_str(p, "protocol");
		const struct node *port = node_get(p, "port");
		long long from, to;
		int w;

		if (!proto)
			proto = "TCP";
		if (i == 3 && n > 4) {
			fmt_snprintf(buf + len, size - len, " and %zu more",
				     n - i);
			break;
		}
		if (!port)
			w = fmt_snprintf(buf + len, size - len,
					 "%severy %s port", i ? ", " : " on ",
					 proto);
		else if (node_int(port, &from) &&
			 node_int(node_get(p, "endPort"), &to) && to > from)
			w = fmt_snprintf(buf + len, size - len,
					 "%s%s %lld-%lld", i ? ", " : " on ",
					 proto, from, to);
		else
			w = fmt_snprintf(
			    buf + len, size - len,
			    node_is(port, NODE_STRING) ? "%s%s '%s'"
						       : "%s%s %s",
			    i ? ", " : " on ", proto, node_scalar_text(port));
		len += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

/* A policy decided: low, naming the rule that admits any pod, or unknown. */
static void report_rule(struct findings *out, const struct pod_view *pv,
			const struct np_reason *r)
{
	struct finding *fd;
	char ports[160];

	if (r->verdict == NP_UNKNOWN)
		fd = finding_add(out, &check_missing_network_policy, pv->obj,
				 NULL,
				 "whether any pod may connect to these pods "
				 "is unknown: %s",
				 r->text);
	else if (r->policy && netpol_is_k8s(r->policy))
		fd = finding_add(
		    out, &check_missing_network_policy, pv->obj, NULL,
		    "NetworkPolicy '%s' isolates these pods, but "
		    "its rule %s admits every pod of every "
		    "namespace%s",
		    r->policy->name, r->path,
		    rule_ports(r->policy, r->path, ports, sizeof(ports)));
	else
		fd = finding_add(out, &check_missing_network_policy, pv->obj,
				 NULL, "any pod may connect to these pods: %s",
				 r->text);
	fd->severity = SEV_LOW;
	if (r->at)
		finding_evidence(out, fd, r->at, r->path, "%s",
				 node_scalar_text(r->at));
	else if (r->policy)
		finding_evidence(out, fd, r->policy->root, "", "%s %s",
				 r->policy->kind, r->policy->name);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	const struct netpol *np = s->netpol;
	const char *ns = kobj_ns(pv->obj);
	struct netpol_cover c;
	struct np_reason r;
	struct finding *fd;
	enum np_verdict v;

	netpol_cover(np, pv, &c);
	if (c.host_network)
		return;
	v = netpol_open_ingress(np, pv, &r);
	if (v == NP_DENY)
		return;
	if (r.policy || v == NP_UNKNOWN) {
		report_rule(out, pv, &r);
		return;
	}
	if (!c.ns_policies && c.egress_engine)
		fd = finding_add(
		    out, &check_missing_network_policy, pv->obj, NULL,
		    "in namespace '%s'%s only %s '%s' (egress "
		    "only) selects these pods; their ingress is "
		    "open",
		    ns[0] ? ns : "unspecified", defaulted_note(pv->obj),
		    c.egress_engine->kind, c.egress_engine->name);
	else if (!c.ns_policies)
		fd = finding_add(
		    out, &check_missing_network_policy, pv->obj, NULL,
		    "namespace '%s'%s has no NetworkPolicy: "
		    "any pod can connect to these pods",
		    ns[0] ? ns : "unspecified", defaulted_note(pv->obj));
	else if (c.egress_by)
		fd = finding_add(out, &check_missing_network_policy, pv->obj,
				 NULL,
				 "in namespace '%s'%s only NetworkPolicy "
				 "'%s' (egress only) selects these "
				 "pods; their ingress is open",
				 ns[0] ? ns : "unspecified",
				 defaulted_note(pv->obj), c.egress_by->name);
	else
		fd = finding_add(out, &check_missing_network_policy, pv->obj,
				 NULL,
				 "none of the %zu NetworkPolicies in "
				 "namespace '%s'%s selects these pods",
				 c.ns_policies, ns[0] ? ns : "unspecified",
				 defaulted_note(pv->obj));
	evidence(out, fd, pv);
	finding_ns_defaulted(out, fd, pv->obj);
}
