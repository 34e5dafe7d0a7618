/* seccomp-unconfined: containers without a seccomp profile. */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tutorials/security/seccomp/",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
	NULL,
};

const struct check check_seccomp_unconfined = {
	.id = "seccomp-unconfined",
	.title = "Container runs without a seccomp profile",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Seccomp filters the system calls a container may make; "
	    "the runtime's default profile blocks the rarely needed ones "
	    "(unshare, keyctl, bpf, ptrace on older kernels, ...) through "
	    "which most kernel exploits and container escapes go "
	    "(Privileged container, MS-TA9018, T1611).  The effective "
	    "profile is the container's seccompProfile, else the pod's.  "
	    "Medium for an explicit Unconfined (the Pod Security "
	    "'baseline' level refuses it); low when no profile is set, "
	    "because the kubelet then runs the container unconfined "
	    "unless the node enables --seccomp-default, which is not "
	    "visible through the API ('restricted' requires a profile).  "
	    "Privileged containers (seccomp does not apply) and Windows "
	    "pods are skipped.  Default components that set no profile, "
	    "such as the kube-scheduler static pod of the GCE scripts or "
	    "konnectivity-server, are reported: the low severity is the "
	    "statement about them.",
	.remediation = "Set seccompProfile.type: RuntimeDefault in the pod "
		       "securityContext (or Localhost with a profile on the "
		       "nodes) and remove Unconfined.",
	.details =
	    "- **Severity:** medium for an explicit `Unconfined`, low when no "
	    "profile is\n"
	    "  set. **Techniques:** MS-TA9018; ATT&CK T1610, T1611.\n"
	    "- **Looks at:** the effective `seccompProfile.type` (container, "
	    "else pod).\n"
	    "  `RuntimeDefault` and `Localhost` are silent. Privileged "
	    "containers and\n"
	    "  Windows pods are skipped.\n"
	    "- **Why:** the default profile blocks the system calls most "
	    "kernel exploits\n"
	    "  use. Unset is low because a node may run the kubelet with\n"
	    "  `--seccomp-default`, which the API does not show.\n",
	.fix = "securityContext:\n  seccompProfile:\n"
	       "    type: RuntimeDefault\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    wl_effective(it, "seccompProfile.type", path, sizeof(path));
	struct finding *fd;

	if (node_is_true(wl_container_sc(it, "privileged", NULL, 0)) ||
	    pss_profile_type_confined(node_str(v)))
		return;
	if (v) {
		fd = finding_add(
		    out, &check_seccomp_unconfined, it->pv->obj, it->name,
		    "%s '%s' runs with seccomp profile '%s': "
		    "every system call is allowed",
		    wl_list_noun(it->list), it->name, node_scalar_text(v));
		finding_evidence(out, fd, v, path, "%s", node_scalar_text(v));
		return;
	}
	fd = finding_add(out, &check_seccomp_unconfined, it->pv->obj, it->name,
			 "%s '%s' sets no seccomp profile (unconfined unless "
			 "the node enables --seccomp-default)",
			 wl_list_noun(it->list), it->name);
	fd->severity = SEV_LOW;
	finding_evidence(out, fd, it->c, it->path, "seccompProfile unset");
}
