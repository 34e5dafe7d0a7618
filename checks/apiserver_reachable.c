/*
 * apiserver-reachable: pods that hold a service account token and whose
 * egress lets them reach the API server.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/netpol.h"
#include "analysis/sa_token.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9029", NULL };
static const char *const attack[] = { "T1613", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Access%20the%20K8S%20API%20server/",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"configure-service-account/#opt-out-of-api-credential-automounting",
	NULL,
};

const struct check check_apiserver_reachable = {
	.id = "apiserver-reachable",
	.title = "Pods with a token may reach the API server",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_NETPOL | NEED_SERVICEACCOUNTS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A pod that holds a service account token and may open a "
	    "connection to the API server can query it with that identity: "
	    "list what the account may list, discover the cluster, and "
	    "start the attack paths its permissions allow (Access "
	    "Kubernetes API server, MS-TA9029, T1613).  The API server's "
	    "address is not in the configuration, so it is taken as some "
	    "private address on port 443 or 6443: egress reaches it when no "
	    "NetworkPolicy isolates the pod's egress, or when an egress rule "
	    "allows every destination or an ipBlock in a private range "
	    "(or 0.0.0.0/0 without excepting private ranges) on one of "
	    "those ports; Cilium, Calico and admin network policies that "
	    "select the pod are judged with the NetworkPolicies.  Pods "
	    "without a mounted token are not reported.  Low: the finding marks "
	    "the network half of "
	    "API access; what the token may do is judged by the RBAC "
	    "checks and attack paths.",
	.remediation =
	    "Set automountServiceAccountToken: false where the pod does not "
	    "call the API; otherwise give the namespace a default-deny "
	    "egress policy and allow the API server's address only to the "
	    "workloads that need it.",
	.fix = "spec:\n"
	       "  automountServiceAccountToken: false\n",
	.references = references,
	.pod = judge_view,
};

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	static const long ports[] = { 443, 6443 };
	size_t k;
	struct np_end from = { .pv = pv };
	struct np_end to = { .apiserver = true };
	struct np_reason eg, in;
	struct sa_token t;
	struct finding *fd;
	char path[160];
	bool hit = false;

	if (!scan_sa_token_mounted(s, pv, &t))
		return;
	for (k = 0; k < 2 && !hit; k++) {
		struct np_port port = { .port = ports[k], .proto = "TCP" };
		hit = netpol_query(s->netpol, &from, &to, &port, &eg, &in) ==
		      NP_ALLOW;
	}
	if (!hit)
		return;
	fd =
	    finding_add(out, &check_apiserver_reachable, pv->obj, NULL,
			"holds the token of ServiceAccount %s/%s "
			"(%s) and may reach the API server: %s",
			t.ns[0] ? t.ns : "unspecified", t.name, t.how, eg.text);
	fmt_snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
		     t.sa_path ? t.sa_path : "serviceAccountName");
	finding_evidence(out, fd, t.sa_at, path, "%s",
			 t.sa_at ? t.name : "unset (default)");
	if (eg.policy && eg.at)
		finding_hop(out, fd, eg.policy, eg.at, eg.path,
			    node_scalar_text(eg.at), eg.text);
}
