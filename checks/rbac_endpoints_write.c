/*
 * rbac-endpoints-write: subjects that may write Endpoints or
 * EndpointSlices, and so point a Service at any address for the clients
 * and Ingress controllers that trust it (CVE-2021-25740).
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

static const char *const techniques[] = { "MS-TA9036", "MS-TA9034", NULL };
static const char *const attack[] = { "T1557", "T1210", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/kubernetes/issues/103675",
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#write-access-for-endpoints",
	NULL,
};

const struct check check_rbac_endpoints_write = {
	.id = "rbac-endpoints-write",
	.title = "Subject can write Endpoints or EndpointSlices",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The Endpoints of a Service without a selector, and the "
	    "EndpointSlices no controller manages, are written by hand: "
	    "whoever may create, update or patch them decides where the "
	    "Service's traffic goes, any pod of any namespace or a node's "
	    "address included.  kube-proxy and Ingress or Gateway "
	    "controllers forward to those addresses with their own network "
	    "reach, past the NetworkPolicies that keep the writer's pods "
	    "out of other namespaces (CVE-2021-25740, which Kubernetes "
	    "answered by taking this write out of the built-in edit and "
	    "admin roles of new clusters).  Through a ClusterRoleBinding "
	    "the subject can also redirect Services of other teams, so "
	    "their clients talk to it (high); through a RoleBinding, the "
	    "Services of one namespace (medium).  The endpoint controllers' "
	    "bootstrap bindings are not reported; a controller installed "
	    "by hand that writes endpoints (a load balancer, a service "
	    "mesh) is, so that its account is guarded.  Full-wildcard "
	    "rules are left to rbac-wildcard, and a subject that is "
	    "effectively cluster-admin is said once.",
	.remediation =
	    "Grant create, update and patch on endpoints and "
	    "discovery.k8s.io endpointslices only to the controllers that "
	    "manage them; in clusters created before Kubernetes 1.22, "
	    "remove that write from the system:aggregate-to-edit "
	    "ClusterRole, which upgrades do not take away.",
	.details =
	    "- **Looks at:** create, update or patch on `endpoints` (core "
	    "group) or on\n"
	    "  `endpointslices` (`discovery.k8s.io`), wildcards included, "
	    "through a\n"
	    "  non-bootstrap binding: in every namespace through a\n"
	    "  ClusterRoleBinding (high), in one namespace through a "
	    "RoleBinding\n"
	    "  (medium).\n"
	    "- **Silent for:** reading them, which the built-in view, edit "
	    "and admin\n"
	    "  roles allow; delete alone, which sends traffic nowhere; "
	    "rules restricted\n"
	    "  by `resourceNames` (they reach the named objects only); the "
	    "bootstrap\n"
	    "  bindings of the endpoint, EndpointSlice and mirroring "
	    "controllers;\n"
	    "  full wildcards.\n",
	.fix = "rules:\n"
	       "  - apiGroups: [\"\"]\n"
	       "    resources: [endpoints]\n"
	       "    verbs: [get, list, watch]\n"
	       "  - apiGroups: [discovery.k8s.io]\n"
	       "    resources: [endpointslices]\n"
	       "    verbs: [get, list, watch]\n",
	.references = references,
	.run = run,
};

static const struct rbac_perm_req endpoints_req[] = {
	{ "create", "", "endpoints" },
	{ "update", "", "endpoints" },
	{ "patch", "", "endpoints" },
};

static const struct rbac_perm_req slices_req[] = {
	{ "create", "discovery.k8s.io", "endpointslices" },
	{ "update", "discovery.k8s.io", "endpointslices" },
	{ "patch", "discovery.k8s.io", "endpointslices" },
};

static const struct rbac_perm_req any_req[] = {
	{ "create", "", "endpoints" },
	{ "update", "", "endpoints" },
	{ "patch", "", "endpoints" },
	{ "create", "discovery.k8s.io", "endpointslices" },
	{ "update", "discovery.k8s.io", "endpointslices" },
	{ "patch", "discovery.k8s.io", "endpointslices" },
};

static const struct rbac_perm write_endpoints = {
	.id = "write-endpoints",
	.what = "write Endpoints",
	.any = endpoints_req,
	.nany = sizeof(endpoints_req) / sizeof(endpoints_req[0]),
};

static const struct rbac_perm write_slices = {
	.id = "write-endpointslices",
	.what = "write EndpointSlices",
	.any = slices_req,
	.nany = sizeof(slices_req) / sizeof(slices_req[0]),
};

static const struct rbac_perm write_any = {
	.id = "write-endpoints-or-slices",
	.what = "write Endpoints or EndpointSlices",
	.any = any_req,
	.nany = sizeof(any_req) / sizeof(any_req[0]),
};

/* Which of the two kinds the binding's role lets the subject write. */
static const char *kinds_written(const struct rbac_binding *b)
{
	bool ep = rbac_perm_rule(b->role, &write_endpoints, b->ns, b->cluster,
				 false) != NULL;
	bool sl = rbac_perm_rule(b->role, &write_slices, b->ns, b->cluster,
				 false) != NULL;

	return ep && sl ? "Endpoints and EndpointSlices"
	       : ep	? "Endpoints"
			: "EndpointSlices";
}

static struct finding *say(struct findings *out, const struct rbac *r,
			   const struct rbac_grant *g)
{
	const struct rbac_binding *b = g->binding;
	struct finding *fd;

	(void)r;
	fd = finding_add(
	    out, &check_rbac_endpoints_write, b->obj, NULL,
	    "%s can write %s %s through %s %s (%s %s): a Service without a "
	    "selector then sends its clients' traffic, and an Ingress "
	    "controller's, to any address, pods of other namespaces and "
	    "nodes included (CVE-2021-25740)",
	    rbac_subject_text(out->arena, g->subject), kinds_written(b),
	    rbac_binding_where(out->arena, b), b->obj->kind, b->obj->name,
	    b->role_kind, b->role_name);
	if (!b->cluster)
		fd->severity = SEV_MEDIUM;
	return fd;
}

static int run(const struct scan *s, struct findings *out)
{
	static const struct rbac_one one = { &check_rbac_endpoints_write,
					     &write_any, say };

	return rbac_one_report(s, &one, out);
}
