/* external-service: Services reachable from outside the cluster. */
#include "check.h"

#include <string.h>

#include "arena.h"
#include "analysis/exposure.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"

static int run_external(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9004", NULL };
static const char *const attack[] = { "T1190", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/services-networking/service/"
	"#publishing-services-service-types",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Application%20vulnerability/",
	NULL,
};

const struct check check_external_service = {
	.id = "external-service",
	.title = "Service exposed outside the cluster",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_SERVICES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A LoadBalancer, NodePort or externalIPs Service accepts "
	    "connections from outside the cluster, so every vulnerability "
	    "of the application behind it is an initial-access point "
	    "(Application vulnerability, MS-TA9004, T1190).  Exposure "
	    "is often intended; the finding is an inventory of the "
	    "attack surface, naming the workloads each Service selects.  "
	    "High for a LoadBalancer without loadBalancerSourceRanges "
	    "(open to the internet on most clouds); medium for NodePort, "
	    "externalIPs and a LoadBalancer restricted by source ranges; "
	    "low for a load balancer marked internal by its cloud "
	    "annotation (or left at the AWS Load Balancer Controller's "
	    "internal default) or whose source ranges all lie in private "
	    "blocks "
	    "(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, "
	    "fc00::/7).  Management UIs are judged by their own checks "
	    "(kubernetes-dashboard for MS-TA9005).",
	.remediation =
	    "Keep Services ClusterIP unless they must be public; publish "
	    "HTTP through an Ingress or Gateway with TLS and "
	    "authentication; restrict LoadBalancers with "
	    "loadBalancerSourceRanges or an internal load balancer "
	    "annotation, and guard node ports with firewall rules.",
	.details = "- **Severity:** high for a LoadBalancer without "
		   "`loadBalancerSourceRanges`;\n"
		   "  medium for NodePort, externalIPs and a LoadBalancer "
		   "limited by source\n"
		   "  ranges; low for a LoadBalancer carrying a cloud "
		   "\"internal\" annotation\n"
		   "  (AWS, Azure, GCP, OCI, IBM), provisioned by the AWS Load "
		   "Balancer\n"
		   "  Controller (`loadBalancerClass: service.k8s.aws/nlb`, or "
		   "the\n"
		   "  `aws-load-balancer-type` annotation `external` or "
		   "`nlb-ip`) without\n"
		   "  `aws-load-balancer-scheme: internet-facing` (its default "
		   "scheme is\n"
		   "  internal), or whose source ranges all lie in private\n"
		   "  blocks (RFC 1918, 100.64.0.0/10, fc00::/7). Source "
		   "ranges are\n"
		   "  `spec.loadBalancerSourceRanges`, or when it is empty the "
		   "annotation\n"
		   "  `service.beta.kubernetes.io/load-balancer-source-ranges` "
		   "(CIDRs\n"
		   "  separated by commas), which the cloud providers read "
		   "instead.\n"
		   "- **Techniques:** MS-TA9004 Application vulnerability; "
		   "ATT&CK T1190.\n"
		   "  Management interfaces (MS-TA9005) are the dashboard "
		   "check's business.\n"
		   "- **Looks at:** each Service of type LoadBalancer or "
		   "NodePort or with\n"
		   "  `externalIPs`. The message names the workloads its "
		   "selector selects in\n"
		   "  the same namespace (or says it selects none in the "
		   "input). ClusterIP,\n"
		   "  headless and ExternalName Services are silent, the "
		   "last two even with\n"
		   "  `externalIPs` (kube-proxy programs no rule for a "
		   "Service without a\n"
		   "  cluster IP); an empty `externalIPs` list is silent.\n"
		   "- **Why:** an exposed Service makes every vulnerability of "
		   "the application\n"
		   "  behind it an entry point. The finding is an inventory of "
		   "the attack\n"
		   "  surface; exposure is often intended.\n"
		   "- **Remediation:** keep Services ClusterIP unless they "
		   "must be public;\n"
		   "  publish HTTP through an Ingress or Gateway with TLS and "
		   "authentication;\n"
		   "  restrict LoadBalancers by source range or make them "
		   "internal; firewall\n"
		   "  node ports.\n"
		   "- **False positives:** the public entry points of the "
		   "cluster (ingress\n"
		   "  controllers, the shop front end) are expected; except "
		   "them by name.\n"
		   "  Ingress objects are not reported by this check.\n",
	.references = references,
	.run = run_external,
};

#define SHOW_MAX 8

/* "Deployment/web, StatefulSet/db" of the workloads svc selects. */
static const char *selected(const struct scan *s, const struct exposure *e,
			    const struct kobj *svc, size_t *count)
{
	const struct pod_view *pv[SHOW_MAX];
	struct sbuf sb = SBUF_INIT;
	const char *res;
	size_t i;

	*count = exposure_selected(e, svc, pv, SHOW_MAX);
	for (i = 0; i < *count && i < SHOW_MAX; i++)
		if (sbuf_addf(&sb, "%s%s/%s", i ? ", " : "", pv[i]->obj->kind,
			      pv[i]->obj->name))
			oom();
	if (*count > SHOW_MAX &&
	    sbuf_addf(&sb, " and %zu more", *count - SHOW_MAX))
		oom();
	res = arena_strndup(s->arena, sb.buf, sb.len);
	sbuf_release(&sb);
	return res;
}

/* Severity and a note for the message, from how the Service is exposed. */
static enum severity grade(const struct svc_exposure *e, const char **note)
{
	*note = "";
	if (e->how != EXPOSE_LOADBALANCER)
		return SEV_MEDIUM;
	if (e->internal_lb) {
		*note = ", internal load balancer";
		return SEV_LOW;
	}
	if (e->ranges_private) {
		*note = ", loadBalancerSourceRanges in private ranges only";
		return SEV_LOW;
	}
	if (e->source_ranges)
		return SEV_MEDIUM;
	*note = ", no loadBalancerSourceRanges";
	return SEV_HIGH;
}

static int run_external(const struct scan *s, struct findings *out)
{
	const struct exposure *ex = s->exposure;
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "Service", &n);
	for (i = 0; i < n; i++) {
		struct svc_exposure e;
		struct finding *fd;
		const char *who, *note;
		enum severity sev;
		size_t count;

		if (!service_exposure(v[i], &e))
			continue;
		who = selected(s, ex, v[i], &count);
		sev = grade(&e, &note);
		fd = finding_add(out, &check_external_service, v[i], NULL,
				 "Service '%s' is reachable from outside the "
				 "cluster (%s%s); it selects %s",
				 v[i]->name, expose_how_name(e.how), note,
				 count ? who : "no workload in the input");
		fd->severity = sev;
		if (e.how == EXPOSE_EXTERNAL_IPS)
			finding_evidence(out, fd, e.at, e.path,
					 "externalIPs set");
		else
			finding_evidence(out, fd, e.at, e.path, "%s",
					 node_scalar_text(e.at));
	}
	return 0;
}
