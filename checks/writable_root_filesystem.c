/* writable-root-filesystem: readOnlyRootFilesystem is not true. */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9009", "MS-TA9021", NULL };
static const char *const attack[] = { "T1190", "T1070", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"security-context/",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Clear%20container%20logs/",
	NULL,
};

const struct check check_writable_root_filesystem = {
	.id = "writable-root-filesystem",
	.title = "Container root filesystem is writable",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "With a writable root filesystem an attacker who gets code "
	    "execution through the application (Application exploit, "
	    "MS-TA9009, T1190) can drop tools and binaries, change the "
	    "application's own files so that the foothold survives in "
	    "the running container, and rewrite or delete logs kept "
	    "inside it (Clear container logs, MS-TA9021, T1070).  "
	    "readOnlyRootFilesystem: true closes that; writable paths the "
	    "application needs come from emptyDir volumes.  Low: it "
	    "hardens the step after a compromise and is not a weakness "
	    "by itself.  Windows pods are skipped (the field has no "
	    "effect there).  Most default components (control-plane "
	    "static pods, konnectivity-server, aws-iam-authenticator) "
	    "leave the root writable and are reported at that severity.",
	.remediation = "Set securityContext.readOnlyRootFilesystem: true and "
		       "mount emptyDir volumes where the process writes "
		       "(/tmp, caches).",
	.details =
	    "- **Severity:** low. **Techniques:** MS-TA9009 Application "
	    "exploit,\n"
	    "  MS-TA9021 Clear container logs; ATT&CK T1190, T1070.\n"
	    "- **Looks at:** `securityContext.readOnlyRootFilesystem` of "
	    "every\n"
	    "  container (not true is reported); Windows pods are skipped.\n"
	    "- **Why:** after an application exploit a writable root lets the "
	    "attacker\n"
	    "  drop tools, change the application and erase logs kept in the "
	    "container.\n",
	.fix = "securityContext:\n  readOnlyRootFilesystem: true\n"
	       "volumeMounts:\n- name: tmp\n  mountPath: /tmp\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    wl_container_sc(it, "readOnlyRootFilesystem", path, sizeof(path));
	struct finding *fd;

	if (node_is_true(v))
		return;
	fd = finding_add(
	    out, &check_writable_root_filesystem, it->pv->obj, it->name,
	    "%s '%s' has a writable root filesystem "
	    "(readOnlyRootFilesystem %s)",
	    wl_list_noun(it->list), it->name, v ? "is false" : "is unset");
	if (v)
		finding_evidence(out, fd, v, path, "%s", node_scalar_text(v));
	else
		finding_evidence(out, fd, it->c, it->path,
				 "readOnlyRootFilesystem unset");
}
