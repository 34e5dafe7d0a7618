/*
 * externalname-backend: an Ingress, Gateway route or VirtualService whose
 * backend is an ExternalName Service, so its proxy connects wherever the
 * Service's DNS name points.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run_externalname(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9004", "MS-TA9033", "MS-TA9029",
					  "MS-TA9034", NULL };
static const char *const attack[] = { "T1190", "T1552.005", "T1613", "T1210",
				      NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/services-networking/service/"
	"#externalname",
	"https://github.com/kubernetes/kubernetes/issues/103675",
	"https://github.com/kubernetes/ingress-nginx/issues/4661",
	"https://projectcontour.io/docs/main/config/external-service-routing/",
	NULL,
};

const struct check check_externalname_backend = {
	.id = "externalname-backend",
	.title = "Entry point proxies to an ExternalName Service",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_SERVICES | NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A Service of type ExternalName is only a DNS CNAME, and the "
	    "API server accepts any DNS-shaped name for it, an address "
	    "such as 169.254.169.254 included.  An Ingress, Gateway route "
	    "or Istio VirtualService whose backend is such a Service makes "
	    "its proxy connect to that name from the proxy's own network "
	    "position, bypassing the NetworkPolicy of whoever sends the "
	    "request: the cloud instance metadata endpoint (Instance "
	    "Metadata API, MS-TA9033), the API server (MS-TA9029), the "
	    "proxy's own admin port on localhost, or a Service of another "
	    "namespace that the Ingress owner could not otherwise publish "
	    "(the confused deputy of CVE-2021-25740; Cluster internal "
	    "networking, MS-TA9034).  Anyone who can create a Service and "
	    "an Ingress in one namespace can do this.  High for the "
	    "metadata endpoint, the API server and loopback; medium for a "
	    "Service of another namespace or a private address; low for "
	    "a Service of the same namespace or an outside host; one step "
	    "lower when the entry point itself is private.",
	.remediation =
	    "Point Ingresses and routes at Services with selectors; publish "
	    "outside hosts through an egress gateway instead.  Turn "
	    "ExternalName backends off in the controller where it can "
	    "(ingress-nginx --disable-svc-external-name, Contour "
	    "--disable-externalname-service, Kong), and forbid ExternalName "
	    "Services with an admission policy outside the namespaces that "
	    "need them.",
	.details = "- **Severity:** high when the name is the instance "
		   "metadata endpoint\n"
		   "  (169.254.169.254, fd00:ec2::254, "
		   "metadata.google.internal, ...), the API\n"
		   "  server (`kubernetes.default...`) or loopback "
		   "(`localhost`, 127.0.0.0/8,\n"
		   "  `::1`); medium for a Service of another namespace "
		   "(`NAME.NS.svc...` or\n"
		   "  `NAME.NS`) or a private address or internal name; low "
		   "for a Service of\n"
		   "  the same namespace or an outside host.  One step lower "
		   "(never below low)\n"
		   "  when the entry point is private: an internal load "
		   "balancer or an Ingress\n"
		   "  whose controller faces no outside port.\n"
		   "- **Techniques:** MS-TA9004 Application vulnerability "
		   "(T1190), MS-TA9033\n"
		   "  Instance Metadata API (T1552.005), MS-TA9029 Access "
		   "Kubernetes API server\n"
		   "  (T1613), MS-TA9034 Cluster internal networking "
		   "(T1210).\n"
		   "- **Looks at:** every Ingress backend, Gateway API "
		   "`backendRef` and Istio\n"
		   "  destination that names a Service of `type: "
		   "ExternalName`, and that\n"
		   "  Service's `externalName`.  A name that is a Service of "
		   "the cluster is\n"
		   "  followed: `can-reach internet` and the attack paths "
		   "list the way in to\n"
		   "  its pods.\n"
		   "- **Why:** the proxy fetches the name for whoever can "
		   "reach the entry\n"
		   "  point, with the proxy's network access "
		   "(CVE-2021-25740, ingress-nginx\n"
		   "  issue 4661, Contour's Envoy admin advisory).\n"
		   "- **Remediation:** Services with selectors as backends; "
		   "disable\n"
		   "  ExternalName support in the controller; forbid "
		   "ExternalName Services by\n"
		   "  admission policy.\n"
		   "- **False positives:** a deliberate proxy to an outside "
		   "host is low; except\n"
		   "  it by name.\n",
	.references = references,
	.run = run_externalname,
};

static enum severity grade(const struct expose_external *x)
{
	enum severity sev;

	switch (x->kind) {
	case EXT_METADATA:
	case EXT_APISERVER:
	case EXT_LOOPBACK: sev = SEV_HIGH; break;
	case EXT_CLUSTER_SERVICE:
		sev = strcmp(x->target_ns, kobj_ns(x->front)) ? SEV_MEDIUM
							      : SEV_LOW;
		break;
	case EXT_PRIVATE: sev = SEV_MEDIUM; break;
	default: sev = SEV_LOW; break;
	}
	if (x->internal && sev == SEV_HIGH)
		return SEV_MEDIUM;
	if (x->internal)
		return SEV_LOW;
	return sev;
}

/* " (Service db/ledger, another namespace)" and the like. */
static void target_detail(const struct expose_external *x, char *buf, size_t n)
{
	buf[0] = '\0';
	if (x->kind != EXT_CLUSTER_SERVICE)
		return;
	fmt_snprintf(
	    buf, n, " (Service %s/%s%s%s)", x->target_ns, x->target_svc,
	    strcmp(x->target_ns, kobj_ns(x->front)) ? ", another namespace"
						    : "",
	    x->target_service ? "" : ", not in the input");
}

static void report(struct findings *out, const struct expose_external *x)
{
	struct finding *fd;
	char detail[600], priv[400] = "";

	target_detail(x, detail, sizeof(detail));
	if (x->internal)
		fmt_snprintf(priv, sizeof(priv), " (itself private%s%s)",
			     x->note[0] ? ": " : "", x->note);
	fd = finding_add(out, &check_externalname_backend, x->front, NULL,
			 "%s '%s' sends requests to ExternalName Service "
			 "%s/%s, whose name '%s' is %s%s: its proxy connects "
			 "there for anyone who reaches the %s%s",
			 x->front->kind, x->front->name, kobj_ns(x->service),
			 x->service->name, x->target, ext_target_name(x->kind),
			 detail, x->front->kind, priv);
	fd->severity = grade(x);
	finding_evidence(out, fd, x->at, x->path, "%s",
			 node_scalar_text(x->at));
}

static int run_externalname(const struct scan *s, struct findings *out)
{
	size_t n = exposure_external(s->exposure, NULL, 0), i;
	struct expose_external *v;

	if (!n)
		return 0;
	v = xrealloc_array(NULL, n, sizeof(*v));
	exposure_external(s->exposure, v, n);
	for (i = 0; i < n; i++)
		report(out, &v[i]);
	free(v);
	return 0;
}
