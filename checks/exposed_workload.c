/*
 * exposed-workload: every workload that traffic from outside the cluster
 * reaches, with each way in.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "analysis/exposure.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9004", NULL };
static const char *const attack[] = { "T1190", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/services-networking/service/"
	"#publishing-services-service-types",
	"https://gateway-api.sigs.k8s.io/concepts/api-overview/",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Application%20vulnerability/",
	NULL,
};

const struct check check_exposed_workload = {
	.id = "exposed-workload",
	.title = "Workload reachable from outside the cluster",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Every workload that outside traffic reaches is an "
	    "initial-access point: a vulnerability in its application is "
	    "exploitable from outside (Application vulnerability, "
	    "MS-TA9004, T1190), whatever its service account may do.  "
	    "One finding per workload lists every way in: LoadBalancer, "
	    "NodePort and externalIPs Services, Ingresses, Gateway API "
	    "routes attached to a Gateway that admits them, Istio "
	    "VirtualServices bound to an ingress gateway, hostNetwork "
	    "pods with ports and hostPorts, each resolved through the "
	    "Service's selector (or its EndpointSlices) and its named or "
	    "numbered target ports.  Medium; low when every way in is an "
	    "internal load balancer or a port on the node's address, which "
	    "only the private network reaches unless the nodes' firewall "
	    "lets more in.  A Gateway or Ingress controller is as private "
	    "as the Service in front of it.",
	.remediation =
	    "Publish only what must be public, through one Ingress or "
	    "Gateway with TLS and authentication; keep other Services "
	    "ClusterIP; use internal load balancers or "
	    "loadBalancerSourceRanges for private consumers; avoid "
	    "hostNetwork and hostPort.",
	.details =
	    "- **Severity by case:** medium; low when every way in is "
	    "an internal load\n"
	    "  balancer or a port on the node's own address (hostPort, "
	    "hostNetwork).\n"
	    "- **Internal fronts:** a load balancer is internal by a "
	    "cloud annotation, by\n"
	    "  the AWS Load Balancer Controller's default scheme, or by "
	    "source ranges that\n"
	    "  are all private. An ALB Ingress takes its scheme from "
	    "its class's\n"
	    "  IngressClassParams `spec.scheme`, else its\n"
	    "  `alb.ingress.kubernetes.io/scheme`, else internal (the "
	    "controller's\n"
	    "  default); its IngressGroup is one ALB, internet-facing "
	    "for every member\n"
	    "  when one says so. EKS Auto Mode (`eks.amazonaws.com/alb`) "
	    "documents no\n"
	    "  default scheme: without one its ALB stays public. A Gateway "
	    "route is internal when the "
	    "Gateway is annotated\n"
	    "  so, its `spec.infrastructure.annotations` (copied onto "
	    "the Service the\n"
	    "  implementation makes) say so, or its Services in the "
	    "input (label\n"
	    "  `gateway.networking.k8s.io/gateway-name`, or Envoy "
	    "Gateway's\n"
	    "  `owning-gateway-name`/`-namespace`) include an internal "
	    "load balancer and\n"
	    "  none that faces the outside; an Ingress when its "
	    "controller's pods are\n"
	    "  reached from outside only through such a Service. A "
	    "Gateway without such a\n"
	    "  Service in the input stays public.\n"
	    "- **Looks at:** each way in that [network.md](network.md) "
	    "follows\n"
	    "  (LoadBalancer, NodePort and externalIPs Services, "
	    "Ingresses, Gateway API\n"
	    "  routes their Gateway admits, Istio VirtualServices on an "
	    "ingress gateway,\n"
	    "  host ports), through selectors or EndpointSlices and "
	    "named or numbered\n"
	    "  target ports. One finding per workload lists every way "
	    "in with its port\n"
	    "  and TLS, each also a hop. A Gateway route counts as TLS "
	    "only when every\n"
	    "  listener it is on terminates or passes TLS (an HTTP "
	    "listener serves its\n"
	    "  backends in clear; a redirect rule has no backend), an "
	    "Istio route when\n"
	    "  every server it binds does or only redirects "
	    "(`tls.httpsRedirect`).\n"
	    "- **Why a finding:** it is the inventory of what faces the "
	    "outside,\n"
	    "  whatever the workload's service account may do.\n",
	.fix = "apiVersion: v1\n"
	       "kind: Service\n"
	       "metadata:\n"
	       "  name: web\n"
	       "spec:\n"
	       "  type: ClusterIP        # published by an Ingress with TLS\n"
	       "  selector: {app: web}\n"
	       "  ports: [{port: 80, targetPort: http}]\n",
	.references = references,
	.pod = judge_view,
};

#define MAX_ROUTES 32

static void report(const struct scan *s, struct findings *out,
		   const struct pod_view *pv, const struct expose_route *r,
		   size_t n)
{
	struct sbuf sb = SBUF_INIT;
	struct finding *fd;
	bool public = false;
	char line[900], path[160];
	size_t i;

	(void)s;
	for (i = 0; i < n && i < MAX_ROUTES; i++) {
		public |= !r[i].internal && r[i].how != EXPOSE_HOST_PORT &&
			  r[i].how != EXPOSE_HOST_NETWORK;
		if (sbuf_addf(&sb, "%s%s", i ? "; " : "",
			      expose_route_text(&r[i], line, sizeof(line))))
			oom();
	}
	if (n > MAX_ROUTES && sbuf_addf(&sb, "; and %zu more", n - MAX_ROUTES))
		oom();
	fd = finding_add(out, &check_exposed_workload, pv->obj, NULL,
			 "reachable %s in %zu way%s: %s",
			 public ? "from outside the cluster"
				: "from the private network or at its nodes' "
				  "addresses",
			 n, n == 1 ? "" : "s", sb.buf);
	sbuf_release(&sb);
	if (!public)
		fd->severity = SEV_LOW;
	if (r[0].service || !r[0].at) {
		wl_meta_path(pv, "labels", path, sizeof(path));
		finding_evidence(out, fd, node_get(pv->meta, "labels"), path,
				 "{...}");
	} else {
		finding_evidence(out, fd, r[0].at, r[0].path, "%s",
				 node_scalar_text(r[0].at));
	}
	for (i = 0; i < n && i < MAX_ROUTES; i++) {
		const struct kobj *via = expose_route_via(&r[i]);
		finding_hop(out, fd, via ? via : pv->obj, r[i].at, r[i].path,
			    node_scalar_text(r[i].at),
			    expose_route_text(&r[i], line, sizeof(line)));
	}
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct expose_route r[MAX_ROUTES];
	size_t k = exposure_routes(s->exposure, pv, r, MAX_ROUTES);

	if (k)
		report(s, out, pv, r, k);
}
