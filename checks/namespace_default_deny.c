/*
 * namespace-without-default-deny: namespaces with workloads and no policy
 * that isolates every pod, per direction.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/netpol.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "strmap.h"
#include "workload.h"

static int run_default_deny(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9034", "MS-TA9031", NULL };
static const char *const attack[] = { "T1210", "T1046", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/services-networking/"
	"network-policies/#default-policies",
	NULL,
};

const struct check check_namespace_without_default_deny = {
	.id = "namespace-without-default-deny",
	.title = "Namespace without a default-deny network policy",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_NETPOL | NEED_NAMESPACES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A default deny is the baseline that makes every other policy "
	    "meaningful: without one, each new workload of the namespace "
	    "starts open to every pod of the cluster (Cluster internal "
	    "networking, MS-TA9034, T1210) and may connect anywhere, the "
	    "cloud metadata endpoint and the API server included (Network "
	    "mapping, MS-TA9031, T1046).  A namespace has one in a "
	    "direction when, for an unlabelled pod of it, the whole policy "
	    "chain (admin, NetworkPolicy with Cilium and Calico tiers, "
	    "baseline) denies any pod (and, for egress, the internet) "
	    "unless a rule about some peers, ports or requests admits it. "
	    " One finding per namespace that holds workloads, naming the "
	    "open directions: medium when ingress is open, low when only "
	    "egress is, low when the answer is unknown.",
	.remediation =
	    "Add a NetworkPolicy with podSelector: {} and policyTypes: "
	    "[Ingress, Egress] to the namespace, then allow DNS and the "
	    "flows its workloads need.",
	.details =
	    "- **Looks at:** each namespace with workloads, per direction: "
	    "may any pod\n"
	    "  connect to an unlabelled pod of it (ingress), and may that pod "
	    "connect to\n"
	    "  any pod or the internet (egress), on every TCP port, by "
	    "admin, NetworkPolicy,\n"
	    "  Cilium, Calico (tiers, order) and baseline rules in API "
	    "order. A policy\n"
	    "  selecting every pod whose rule admits everything is no "
	    "default deny; an\n"
	    "  empty rule or one about some peers, ports or L7 requests is. "
	    "One finding per\n"
	    "  namespace, on its Namespace object when the input has one "
	    "(else on its first\n"
	    "  workload), naming the open directions and the rule that opens "
	    "each.\n"
	    "- **Severity by case:** medium when ingress has no default "
	    "deny; low when\n"
	    "  only egress has none; low when a deciding rule is beyond the "
	    "model\n"
	    "  (\"unknown\", with the reason).\n",
	.fix = "apiVersion: networking.k8s.io/v1\n"
	       "kind: NetworkPolicy\n"
	       "metadata:\n"
	       "  name: default-deny\n"
	       "spec:\n"
	       "  podSelector: {}\n"
	       "  policyTypes: [Ingress, Egress]\n",
	.references = references,
	.run = run_default_deny,
};

/* What one direction contributes to the message: "" when denied. */
static void direction_note(const char *d, enum np_verdict v,
			   const struct np_reason *r, char *buf, size_t n)
{
	buf[0] = '\0';
	if (v == NP_UNKNOWN)
		fmt_snprintf(buf, n,
			     "; whether %s is denied by default is unknown: %s",
			     d, r->text);
	else if (v == NP_ALLOW && r->policy)
		fmt_snprintf(buf, n, "; %s: %s", d, r->text);
}

static void rule_evidence(struct findings *out, struct finding *fd,
			  const struct np_reason *r)
{
	if (r->verdict == NP_DENY || !r->policy)
		return;
	if (r->at && r->at->type != NODE_OBJECT && r->at->type != NODE_ARRAY)
		finding_evidence(out, fd, r->at, r->path, "%s %s: %s",
				 r->policy->kind, r->policy->name,
				 node_scalar_text(r->at));
	else if (r->at)
		finding_evidence(out, fd, r->at, r->path, "%s %s",
				 r->policy->kind, r->policy->name);
	else
		finding_evidence(out, fd, r->policy->root, "", "%s %s",
				 r->policy->kind, r->policy->name);
}

static void report(const struct scan *s, struct findings *out,
		   const struct netpol *np, const struct pod_view *first)
{
	const char *ns = kobj_ns(first->obj);
	const struct kobj *nso =
	    ns[0] ? inventory_find(s->inv, "Namespace", NULL, ns) : NULL;
	struct np_reason ri, re;
	enum np_verdict vi, ve;
	struct finding *fd;
	char path[128], ni[1200], ne[1200];
	bool in_open, eg_open;

	vi = netpol_ns_open(np, ns, NP_INGRESS, &ri);
	ve = netpol_ns_open(np, ns, NP_EGRESS, &re);
	if (vi == NP_DENY && ve == NP_DENY)
		return;
	in_open = vi == NP_ALLOW;
	eg_open = ve == NP_ALLOW;
	direction_note("ingress", vi, &ri, ni, sizeof(ni));
	direction_note("egress", ve, &re, ne, sizeof(ne));
	if (in_open || eg_open)
		fd = finding_add(
		    out, &check_namespace_without_default_deny,
		    nso ? nso : first->obj, NULL,
		    "namespace '%s'%s has no default deny for %s%s%s%s%s",
		    ns[0] ? ns : "unspecified",
		    !nso && first->obj->ns_defaulted
			? " (the manifests name none; kubectl apply puts "
			  "them there)"
			: "",
		    in_open ? "ingress" : "", in_open && eg_open ? " or " : "",
		    eg_open ? "egress" : "", ni, ne);
	else
		fd = finding_add(out, &check_namespace_without_default_deny,
				 nso ? nso : first->obj, NULL,
				 "namespace '%s'%s: %s%s",
				 ns[0] ? ns : "unspecified",
				 !nso && first->obj->ns_defaulted
				     ? " (the manifests name none; kubectl "
				       "apply puts them there)"
				     : "",
				 ni[0] ? ni + 2 : ne + 2, ni[0] ? ne : "");
	fd->severity = in_open ? SEV_MEDIUM : SEV_LOW;
	if (nso) {
		finding_evidence(out, fd, node_path(nso->root, "metadata.name"),
				 "metadata.name", "%s", nso->name);
	} else if (first->obj->ns_defaulted) {
		/* the namespace is not in the input: say where it came from */
		finding_ns_defaulted(out, fd, first->obj);
	} else {
		wl_meta_path(first, "labels", path, sizeof(path));
		finding_evidence(out, fd, node_get(first->meta, "labels"), path,
				 "first workload of the namespace");
	}
	rule_evidence(out, fd, &ri);
	rule_evidence(out, fd, &re);
}

static int run_default_deny(const struct scan *s, struct findings *out)
{
	const struct netpol *np = s->netpol;
	struct strmap seen = STRMAP_INIT;
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	/*
	 * One workload per namespace stands for it: the first placed there
	 * by its manifest, else the first that only fell there for want of
	 * metadata.namespace.
	 */
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(pv[i].obj);
		void **slot = strmap_slot(&seen, ns, strlen(ns));
		const struct pod_view *had = *slot;

		if (!had ||
		    (had->obj->ns_defaulted && !pv[i].obj->ns_defaulted))
			*slot = (void *)&pv[i];
	}
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(pv[i].obj);

		if (strmap_get(&seen, ns, strlen(ns)) == &pv[i])
			report(s, out, np, &pv[i]);
	}
	strmap_release(&seen);
	return 0;
}
