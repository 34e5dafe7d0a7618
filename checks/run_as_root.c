/* run-as-root: containers that run, or may run, as UID 0. */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#restricted",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"security-context/",
	NULL,
};

const struct check check_run_as_root = {
	.id = "run-as-root",
	.title = "Container may run as root",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A process running as UID 0 in a container is root on the "
	    "node as far as the kernel is concerned (without user "
	    "namespaces): any container escape, writable hostPath or "
	    "mounted socket becomes root on the node, and files it "
	    "writes to shared volumes are root-owned.  This is the "
	    "privilege part of Privileged container (MS-TA9018); T1611 "
	    "because root is what turns a kernel or runtime bug into an "
	    "escape.  The effective settings merge the pod's and the "
	    "container's securityContext (the container wins).  High when "
	    "runAsUser is 0; medium when neither runAsNonRoot: true nor "
	    "a non-zero runAsUser is set, so the image's USER decides "
	    "(and most images run as root).  runAsUser: 0 together with "
	    "runAsNonRoot: true is not reported: the kubelet refuses to "
	    "start such a container.  In a user namespace (spec.hostUsers: "
	    "false) UID 0 is mapped to an unprivileged UID of the node, "
	    "so root in the container is not root on the node: both cases "
	    "are low there.  Low UIDs other than 0 are low-uid's.",
	.remediation =
	    "Set securityContext.runAsNonRoot: true and a non-zero "
	    "runAsUser (and runAsGroup) at pod level, and build images "
	    "with a numeric non-root USER.  Windows pods are skipped.",
	.details =
	    "- **Severity:** high when the effective `runAsUser` is 0; medium "
	    "when\n"
	    "  neither `runAsNonRoot: true` nor a non-zero `runAsUser` is in "
	    "effect, so\n"
	    "  the image's `USER` decides (and most images run as root).\n"
	    "- **Techniques:** MS-TA9018 Privileged container; ATT&CK T1610, "
	    "T1611. Root\n"
	    "  in a container is root on the node as far as the kernel is "
	    "concerned\n"
	    "  (without user namespaces), so any escape, writable hostPath or "
	    "socket\n"
	    "  becomes node root: the privilege side of MS-TA9018, and T1611 "
	    "because it\n"
	    "  turns a kernel or runtime bug into an escape.\n"
	    "- **Looks at:** the effective securityContext of each container: "
	    "the\n"
	    "  container's `runAsUser` and `runAsNonRoot` when set, else the "
	    "pod's (the\n"
	    "  kubelet's merge). `runAsUser: 0` together with `runAsNonRoot: "
	    "true` is\n"
	    "  not reported: the kubelet refuses to start such a container. "
	    "Windows pods\n"
	    "  are skipped. Evidence points at the field that decided (pod or "
	    "container\n"
	    "  level), or at the container when nothing is set.\n"
	    "- **Remediation:** `runAsNonRoot: true` and a non-zero "
	    "`runAsUser` at pod\n"
	    "  level; build images with a numeric non-root `USER`.\n"
	    "- **User namespaces:** with `spec.hostUsers: false` UID 0 in the "
	    "container\n"
	    "  is an unprivileged UID of the node: both cases are low there.\n"
	    "- **False positives:** images that already run as non-root "
	    "without saying\n"
	    "  so in the manifest are reported at medium: the cluster cannot "
	    "tell, so\n"
	    "  the manifest should state it.\n",
	.fix = "securityContext:\n"
	       "  runAsNonRoot: true\n"
	       "  runAsUser: 10001\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	char upath[WL_PATH_MAX + 64], npath[WL_PATH_MAX + 64];
	const struct node *uid =
	    wl_effective(it, "runAsUser", upath, sizeof(upath));
	const struct node *nonroot =
	    wl_effective(it, "runAsNonRoot", npath, sizeof(npath));
	struct finding *fd;
	long long u = -1;
	bool has_uid = node_int(uid, &u);
	bool userns = node_is_false(node_get(it->pv->spec, "hostUsers"));

	if (has_uid && u == 0) {
		if (node_is_true(nonroot))
			return; /* refused by the kubelet */
		fd = finding_add(out, &check_run_as_root, it->pv->obj, it->name,
				 "%s '%s' runs as root (runAsUser 0)%s",
				 wl_list_noun(it->list), it->name,
				 userns ? ", mapped to an unprivileged node "
					  "UID (hostUsers: false)"
					: "");
		fd->severity = userns ? SEV_LOW : SEV_HIGH;
		finding_evidence(out, fd, uid, upath, "0");
		return;
	}
	if ((has_uid && u > 0) || node_is_true(nonroot))
		return;
	fd = finding_add(
	    out, &check_run_as_root, it->pv->obj, it->name,
	    "%s '%s' may run as root: neither runAsNonRoot: true "
	    "nor a non-zero runAsUser is set, so the image decides%s",
	    wl_list_noun(it->list), it->name,
	    userns ? " (in a user namespace: not root on the node)" : "");
	fd->severity = userns ? SEV_LOW : SEV_MEDIUM;
	if (nonroot)
		finding_evidence(out, fd, nonroot, npath, "%s",
				 node_scalar_text(nonroot));
	else
		finding_evidence(out, fd, it->c, it->path,
				 "runAsNonRoot and runAsUser unset");
}
