/*
 * metadata-api-reachable: pods whose egress lets them reach the cloud
 * instance metadata endpoint.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/netpol.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9033", NULL };
static const char *const attack[] = { "T1552.005", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Instance%20Metadata%20API/",
	"https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/"
	"configuring-instance-metadata-service.html",
	NULL,
};

const struct check check_metadata_api_reachable = {
	.id = "metadata-api-reachable",
	.title = "Pods may reach the cloud instance metadata API",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_NETPOL,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "On a cloud node, the instance metadata endpoint "
	    "(169.254.169.254, and fd00:ec2::254 on AWS IPv6) hands out "
	    "the node's identity and, unless the cloud hides it, "
	    "credentials of the node's role (Instance Metadata API, "
	    "MS-TA9033, T1552.005).  A pod reaches it unless an egress "
	    "policy that selects it leaves the address out: no "
	    "NetworkPolicy isolating egress, or an egress rule allowing "
	    "every destination or an ipBlock that covers the address "
	    "without excepting it.  Cilium, Calico and admin network "
	    "policies that select the pod are judged with the "
	    "NetworkPolicies, in the order the network plugin applies "
	    "them.  Low, since "
	    "IMDSv2 hop limits, metadata concealment or workload identity "
	    "may block it outside the cluster's configuration; medium "
	    "for hostNetwork pods, which no NetworkPolicy restricts and "
	    "which reach the endpoint as the node itself.",
	.remediation =
	    "Give every namespace a default-deny egress policy and allow "
	    "0.0.0.0/0 only with except: [169.254.169.254/32] (and "
	    "fd00:ec2::254/128); on AWS require IMDSv2 with a hop limit "
	    "of 1, on GKE use Workload Identity, on AKS block the "
	    "endpoint with the network plugin.",
	.details = "- **Looks at:** whether each workload's egress reaches "
		   "169.254.169.254 or\n"
		   "  fd00:ec2::254 on port 80: no egress isolation, a rule "
		   "allowing any\n"
		   "  destination, or an `ipBlock` covering the address "
		   "without an `except`.\n"
		   "  Cilium, Calico and admin network policies count too "
		   "(Cilium's `world`\n"
		   "  entity holds the address). The rule that decides is a "
		   "hop.\n"
		   "- **Severity by case:** low; medium for hostNetwork pods, "
		   "which no\n"
		   "  NetworkPolicy restrains.\n"
		   "- **False positives:** clouds that already hide the "
		   "endpoint from pods.\n",
	.fix = "egress:\n"
	       "- to:\n"
	       "  - ipBlock:\n"
	       "      cidr: 0.0.0.0/0\n"
	       "      except: [169.254.169.254/32]\n",
	.references = references,
	.pod = judge_view,
};

static const char *const addrs[] = { "169.254.169.254", "fd00:ec2::254" };

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	const struct netpol *np = s->netpol;
	size_t k;
	struct np_end from = { .pv = pv };
	struct np_port port = { .port = 80 };
	struct np_reason eg, in, first;
	struct finding *fd;
	char path[128];
	bool hit = false;
	const char *which = NULL;

	for (k = 0; k < 2; k++) {
		struct np_end to = { .ip = addrs[k] };
		if (netpol_query(np, &from, &to, &port, &eg, &in) != NP_ALLOW)
			continue;
		if (!hit)
			first = eg;
		which = which ? "169.254.169.254 and fd00:ec2::254" : addrs[k];
		hit = true;
	}
	if (!hit)
		return;
	fd = finding_add(out, &check_metadata_api_reachable, pv->obj, NULL,
			 "may reach the instance metadata API at "
			 "%s: %s",
			 which, first.text);
	if (node_is_true(node_get(pv->spec, "hostNetwork"))) {
		fd->severity = SEV_MEDIUM;
		fmt_snprintf(path, sizeof(path), "%s.hostNetwork",
			     pv->spec_path);
		finding_evidence(out, fd, node_get(pv->spec, "hostNetwork"),
				 path, "true");
	} else {
		fd->severity = SEV_LOW;
		wl_meta_path(pv, "labels", path, sizeof(path));
		finding_evidence(out, fd, node_get(pv->meta, "labels"), path,
				 "%s",
				 first.policy ? "{...}"
					      : "no egress policy selects "
						"it");
		if (first.policy && first.at)
			finding_hop(out, fd, first.policy, first.at, first.path,
				    node_scalar_text(first.at), first.text);
	}
}
