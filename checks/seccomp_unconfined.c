/* seccomp-unconfined: containers without a seccomp profile. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/program.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

/* The annotations of the seccomp beta, still read on pod creation. */
#define POD_ANNOTATION	     "seccomp.security.alpha.kubernetes.io/pod"
#define CONTAINER_ANNOTATION "container.seccomp.security.alpha.kubernetes.io/"

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
	    "statement about them.  A manifest that still carries the "
	    "retired annotations (seccomp.security.alpha.kubernetes.io/pod, "
	    "container.seccomp.security.alpha.kubernetes.io/NAME) is read "
	    "as the API server reads it when it creates the pod: an "
	    "annotation fills its level's field when that field is unset.  "
	    "Static pods are the exception: the kubelet reads them from "
	    "its disk and, since 1.25, ignores the annotations.",
	.remediation = "Set seccompProfile.type: RuntimeDefault in the pod "
		       "securityContext (or Localhost with a profile on the "
		       "nodes) and remove Unconfined.",
	.details =
	    "- **Severity:** medium for an explicit `Unconfined`, low when no "
	    "profile is\n"
	    "  set. **Techniques:** MS-TA9018; ATT&CK T1610, T1611.\n"
	    "- **Looks at:** the effective `seccompProfile.type` (container, "
	    "else pod).\n"
	    "  A retired `seccomp.security.alpha.kubernetes.io` annotation "
	    "stands for\n"
	    "  an unset field of its level, as the API server copies it there "
	    "on pod\n"
	    "  creation (`runtime/default`, `docker/default`, `localhost/...`, "
	    "`unconfined`).\n"
	    "  Not for static pods, whose annotations the kubelet ignores.\n"
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

/*
 * The profile type the API server gives a pod or container field it fills
 * from a seccomp annotation, or NULL when the value names none.
 */
static const char *annotation_type(const char *v)
{
	if (!v)
		return NULL;
	if (!strcmp(v, "unconfined"))
		return "Unconfined";
	if (!strcmp(v, "runtime/default") || !strcmp(v, "docker/default"))
		return "RuntimeDefault";
	if (!strncmp(v, "localhost/", 10) && v[10])
		return "Localhost";
	return NULL;
}

/*
 * The kubelet runs pv from a file, not through the API server, and since
 * 1.25 it reads no seccomp annotation: a mirror pod, a Pod read from a
 * static pod directory, or a bare Pod running a node or control-plane
 * program (the static pods of kubeadm and of the GCE scripts).
 */
static bool static_pod(const struct pod_view *pv)
{
	const char *file = pv->obj->file ? pv->obj->file : "";

	if (strcmp(pv->obj->kind, "Pod"))
		return false;
	return wl_is_mirror_pod(pv) || strstr(file, "kubernetes/manifests/") ||
	       strstr(file, "/pod-manifests/") ||
	       program_in_pod(pv->spec, PROGRAM_OTHER);
}

/*
 * The annotation key of the current container (or of the pod when pod),
 * when it holds a value the API server turns into a profile; its path in
 * path.
 */
static const struct node *annotation(const struct wl_iter *it, bool pod,
				     char *path, size_t n)
{
	char key[256];
	const struct node *v;

	if (static_pod(it->pv))
		return NULL;
	if (pod)
		fmt_snprintf(key, sizeof(key), "%s", POD_ANNOTATION);
	else
		fmt_snprintf(key, sizeof(key), CONTAINER_ANNOTATION "%s",
			     it->name);
	v = node_get(node_get(it->pv->meta, "annotations"), key);
	if (!annotation_type(node_str(v)))
		return NULL;
	wl_meta_path(it->pv, "annotations", path, n);
	fmt_snprintf(path + strlen(path), n - strlen(path), "['%s']", key);
	return v;
}

/*
 * The profile in force, as the API server settles it on pod creation: the
 * container's field, else its annotation, else the pod's field, else the
 * pod's annotation.  Its type in *type.
 */
static const struct node *effective(const struct wl_iter *it, const char **type,
				    char *path, size_t n)
{
	const struct node *v;

	v = wl_container_sc(it, "seccompProfile.type", path, n);
	if (!v && (v = annotation(it, false, path, n)) != NULL) {
		*type = annotation_type(node_str(v));
		return v;
	}
	if (!v)
		v = wl_effective(it, "seccompProfile.type", path, n);
	if (!v && (v = annotation(it, true, path, n)) != NULL) {
		*type = annotation_type(node_str(v));
		return v;
	}
	*type = node_str(v);
	return v;
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 320];
	const char *type = NULL;
	const struct node *v = effective(it, &type, path, sizeof(path));
	struct finding *fd;

	if (node_is_true(wl_container_sc(it, "privileged", NULL, 0)) ||
	    pss_profile_type_confined(type))
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
