/*
 * rbac-service-status: subjects that may write the status of Services,
 * and so claim any IP address as a load balancer's (CVE-2020-8554).
 */
#include "check.h"

#include <stddef.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "analysis/rbac_perm_report.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9036", NULL };
static const char *const attack[] = { "T1557", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/kubernetes/issues/97076",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"admission-controllers/#denyserviceexternalips",
	NULL,
};

const struct check check_rbac_service_status = {
	.id = "rbac-service-status",
	.title = "Subject can write Services' load-balancer status",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "kube-proxy sends traffic for the IPs in a LoadBalancer "
	    "Service's status.loadBalancer.ingress to that Service's pods, "
	    "from every node and every pod.  Whoever may update or patch "
	    "services/status can write any address there, the API server's "
	    "or a public DNS resolver's included, and receive the cluster's "
	    "traffic to it (CVE-2020-8554, never fixed in Kubernetes; no "
	    "admission plugin guards the status).  Only the service and "
	    "cloud controllers need it, through bootstrap bindings, which "
	    "are not reported; a load-balancer controller installed by hand "
	    "(MetalLB, a cloud controller manager) holds it by design and "
	    "is reported so that its account is guarded.  Full-wildcard "
	    "rules are left to rbac-wildcard, and a subject that is "
	    "effectively cluster-admin is said once.",
	.remediation =
	    "Grant update and patch on services/status only to the account "
	    "of the load-balancer controller, keep that account's token "
	    "out of other workloads, and watch Services whose ingress IPs "
	    "do not belong to the cluster's load balancers.",
	.details =
	    "- **Looks at:** update or patch on `services/status` (or on\n"
	    "  `*/status`) through a non-bootstrap binding: in every "
	    "namespace\n"
	    "  through a ClusterRoleBinding (high), in one namespace through "
	    "a\n"
	    "  RoleBinding (medium: a LoadBalancer Service must exist there "
	    "or be\n"
	    "  made; the traffic drawn is the whole cluster's either way).\n"
	    "- **Silent for:** reading the status, which the built-in view "
	    "role\n"
	    "  allows; update or patch on `services` alone, which leaves "
	    "the status\n"
	    "  untouched; rules restricted by `resourceNames` (they reach "
	    "the named\n"
	    "  Services only); `services/*`, which the API server compares "
	    "as a\n"
	    "  subresource literally named `*`; bootstrap bindings of the "
	    "controllers;\n"
	    "  full wildcards.\n",
	.fix = "rules:\n"
	       "  - apiGroups: [\"\"]\n"
	       "    resources: [services/status]\n"
	       "    verbs: [get, list, watch]\n",
	.references = references,
	.run = run,
};

static const struct rbac_perm_req status_req[] = {
	{ "update", "", "services/status" },
	{ "patch", "", "services/status" },
};

static const struct rbac_perm service_status = {
	.id = "service-status",
	.what = "write the status of Services",
	.any = status_req,
	.nany = sizeof(status_req) / sizeof(status_req[0]),
};

static struct finding *say(struct findings *out, const struct rbac *r,
			   const struct rbac_grant *g)
{
	const struct rbac_binding *b = g->binding;
	struct finding *fd;

	(void)r;
	fd = finding_add(out, &check_rbac_service_status, b->obj, NULL,
			 "%s can write the status of Services %s through %s "
			 "%s (%s %s): a LoadBalancer Service's ingress IPs "
			 "then draw the cluster's traffic to any address "
			 "(CVE-2020-8554)",
			 rbac_subject_text(out->arena, g->subject),
			 rbac_binding_where(out->arena, b), b->obj->kind,
			 b->obj->name, b->role_kind, b->role_name);
	if (!b->cluster)
		fd->severity = SEV_MEDIUM;
	return fd;
}

static int run(const struct scan *s, struct findings *out)
{
	static const struct rbac_one one = { &check_rbac_service_status,
					     &service_status, say };

	return rbac_one_report(s, &one, out);
}
