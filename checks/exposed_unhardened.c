/*
 * exposed-unhardened: workloads reachable from outside the cluster whose
 * containers would hand an exploit root, a writable file system and a
 * service account token all at once.
 */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/exposure.h"
#include "analysis/sa_token.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9009", NULL };
static const char *const attack[] = { "T1190", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Application%20exploit%20(RCE)/",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"security-context/",
	NULL,
};

const struct check check_exposed_unhardened = {
	.id = "exposed-unhardened",
	.title = "Exposed workload without post-exploit hardening",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES |
		 NEED_SERVICEACCOUNTS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Code reachable from outside the cluster is where remote code "
	    "execution starts.  What the exploit gets next is decided by "
	    "the container: running as root, with a writable root file "
	    "system to drop tools into, and with a service account token "
	    "mounted to talk to the API server, a web-application bug "
	    "becomes a foothold in the cluster.  Reported once per "
	    "workload reachable through a LoadBalancer, NodePort, "
	    "externalIPs or Ingress whose container lacks all three "
	    "defences (each is also a check of its own); one of them in "
	    "place breaks the chain this check describes.  Medium: it "
	    "needs a vulnerability in the application first.",
	.remediation =
	    "For internet-facing workloads set runAsNonRoot: true, "
	    "readOnlyRootFilesystem: true (with emptyDir volumes for "
	    "scratch space) and automountServiceAccountToken: false unless "
	    "the application calls the API.",
	.details = "- **Looks at:** a workload reachable through a "
		   "LoadBalancer, NodePort,\n"
		   "  externalIPs or Ingress whose container may run as root, "
		   "has a writable\n"
		   "  root file system and gets a service account token, all "
		   "three at once;\n"
		   "  each of them is a check of its own as well. "
		   "ingress-nginx snippet\n"
		   "  annotations are ingress-snippet-annotation's.\n",
	.fix = "automountServiceAccountToken: false\n"
	       "securityContext: {runAsNonRoot: true, runAsUser: 10001}\n"
	       "containers:\n"
	       "  - name: web\n"
	       "    securityContext:\n"
	       "      readOnlyRootFilesystem: true\n"
	       "      allowPrivilegeEscalation: false\n",
	.references = references,
	.pod = judge_view,
};

static bool may_be_root(const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *u =
	    wl_effective(it, "runAsUser", path, sizeof(path));
	long long uid = -1;

	if (node_int(u, &uid))
		return uid == 0;
	return !node_is_true(
	    wl_effective(it, "runAsNonRoot", path, sizeof(path)));
}

static void judge(const struct scan *s, const struct exposure *ex,
		  const struct pod_view *pv, struct findings *out)
{
	struct expose_route rt;
	struct sa_token t;
	struct wl_iter it;
	char route[512];

	if (!exposure_public_route(ex, pv, &rt) ||
	    !scan_sa_token_mounted(s, pv, &t))
		return;
	expose_route_text(&rt, route, sizeof(route));
	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		char path[WL_PATH_MAX + 64];
		struct finding *fd;

		if (it.list != WL_CONTAINERS ||
		    node_is_true(wl_container_sc(&it, "readOnlyRootFilesystem",
						 path, sizeof(path))) ||
		    !may_be_root(&it))
			continue;
		fd = finding_add(out, &check_exposed_unhardened, pv->obj,
				 it.name,
				 "container '%s' is reachable from outside "
				 "the cluster (%s) and may run as root with a "
				 "writable root file system and the token of "
				 "service account '%s'",
				 it.name, expose_how_name(rt.how), t.name);
		fmt_snprintf(path, sizeof(path), "%s.securityContext", it.path);
		finding_evidence(out, fd, it.c, path,
				 "readOnlyRootFilesystem not true; may run "
				 "as root");
		finding_evidence(out, fd, NULL, "exposure", "%s", route);
		return;
	}
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	judge(s, s->exposure, pv, out);
}
