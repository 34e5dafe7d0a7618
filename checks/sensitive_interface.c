/*
 * sensitive-interface-exposed: an admin UI or API (Grafana, Argo, Jupyter,
 * etcd, the kubelet, ...) that outside traffic reaches.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/exposure.h"
#include "analysis/sensitive.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9005", NULL };
static const char *const attack[] = { "T1133", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Exposed%20sensitive%20interfaces/",
	"https://kubernetes.io/docs/tasks/access-application-cluster/"
	"port-forward-access-application-cluster/",
	NULL,
};

const struct check check_sensitive_interface_exposed = {
	.id = "sensitive-interface-exposed",
	.title = "Admin interface reachable from outside the cluster",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Admin UIs and management APIs hand whoever reaches them far "
	    "more than an ordinary application: Jupyter and Argo run code, "
	    "Weave Scope opens shells in containers, Grafana holds data "
	    "source credentials, etcd holds every Secret, the kubelet and "
	    "Docker APIs run commands on the node.  Reachable from outside "
	    "they are exposed sensitive interfaces (MS-TA9005, T1133), "
	    "often with default or no authentication.  An interface is "
	    "recognised by image, by a port number that names it, or by "
	    "its app label (docs/network.md has the table); the "
	    "Kubernetes Dashboard has its own check (kubernetes-dashboard). "
	    " High; medium when only an internal load balancer reaches it.",
	.remediation =
	    "Keep admin interfaces ClusterIP and reach them through kubectl "
	    "port-forward, a VPN or an authenticating proxy; when one must "
	    "be published, put it behind SSO at the Ingress or Gateway "
	    "and restrict source ranges.",
	.details =
	    "- **Looks at:** workloads that the interface table of\n"
	    "  [network.md](network.md) recognises (Jupyter, Argo, Weave "
	    "Scope, Jenkins,\n"
	    "  Grafana, Prometheus, Alertmanager, Kibana, Elasticsearch, NiFi, "
	    "Tiller,\n"
	    "  etcd, the kubelet and Docker APIs, Ollama, vLLM, the Ray "
	    "dashboard,\n"
	    "  MLflow) and a way in reaches.\n"
	    "  The evidence is the image, port or label that identified it.\n"
	    "- **Severity by case:** high; medium when only an internal load "
	    "balancer\n"
	    "  reaches it.\n"
	    "- **Silent for:** the Kubernetes Dashboard, which "
	    "kubernetes-dashboard\n"
	    "  judges; a workload whose name merely contains an "
	    "interface's name\n"
	    "  (`jenkins-exporter` runs no Jenkins).\n",
	.fix = "apiVersion: v1\n"
	       "kind: Service\n"
	       "metadata:\n"
	       "  name: grafana\n"
	       "spec:\n"
	       "  type: ClusterIP   # kubectl port-forward svc/grafana 3000\n"
	       "  selector: {app.kubernetes.io/name: grafana}\n"
	       "  ports: [{name: http, port: 3000, targetPort: http}]\n",
	.references = references,
	.pod = judge_view,
};

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	const struct exposure *e = s->exposure;
	struct expose_route r[32];
	size_t j;
	struct sensitive_match m;
	struct finding *fd;
	size_t k;
	const struct expose_route *best = NULL;
	char line[900];

	if (!sensitive_find(pv, &m) || m.iface->own_check)
		return;
	k = exposure_routes(e, pv, r, 32);
	for (j = 0; j < k && j < 32; j++)
		if (!best || (best->internal && !r[j].internal))
			best = &r[j];
	if (!best)
		return;
	fd = finding_add(out, &check_sensitive_interface_exposed, pv->obj, NULL,
			 "%s (%s) is reachable from outside the "
			 "cluster through %s: whoever reaches it may "
			 "get %s",
			 m.iface->name, m.why,
			 expose_route_text(best, line, sizeof(line)),
			 m.iface->what);
	if (best->internal)
		fd->severity = SEV_MEDIUM;
	finding_evidence(out, fd, m.at, m.path, "%s", node_scalar_text(m.at));
	for (j = 0; j < k && j < 32; j++) {
		const struct kobj *via = expose_route_via(&r[j]);
		finding_hop(out, fd, via ? via : pv->obj, r[j].at, r[j].path,
			    node_scalar_text(r[j].at),
			    expose_route_text(&r[j], line, sizeof(line)));
	}
}
