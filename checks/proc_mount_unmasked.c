/* proc-mount-unmasked: containers that ask for an unmasked /proc. */
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
	"#baseline",
	"https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/",
	NULL,
};

const struct check check_proc_mount_unmasked = {
	.id = "proc-mount-unmasked",
	.title = "Container mounts /proc unmasked",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The runtime masks and makes read-only parts of /proc "
	    "(/proc/kcore, /proc/sysrq-trigger, /proc/sys, /proc/acpi, "
	    "...) that reach straight into the node's kernel.  procMount: "
	    "Unmasked lifts those masks: with the node's users (no user "
	    "namespace) a root process can write kernel tunables and "
	    "trigger the node, an escape path (Privileged container, "
	    "MS-TA9018, T1611): high.  In a user namespace "
	    "(spec.hostUsers: false) the kernel checks those writes "
	    "against the namespace's unprivileged root, which is why the "
	    "Pod Security 'baseline' level allows it there: low.  Windows "
	    "pods are skipped.",
	.remediation = "Remove procMount or set it to Default; nested "
		       "container builds that need an unmasked /proc must "
		       "run with hostUsers: false.",
	.details =
	    "- **Severity:** high with the node's users; low in a user "
	    "namespace\n"
	    "  (`hostUsers: false`), which Pod Security `baseline` allows.\n"
	    "- **Techniques:** MS-TA9018; ATT&CK T1610, T1611.\n"
	    "- **Looks at:** `securityContext.procMount: Unmasked`.\n",
	.fix = "securityContext:\n  procMount: Default\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    wl_container_sc(it, "procMount", path, sizeof(path));
	bool userns = node_is_false(node_get(it->pv->spec, "hostUsers"));
	struct finding *fd;

	if (!node_str_eq(v, "Unmasked"))
		return;
	fd = finding_add(out, &check_proc_mount_unmasked, it->pv->obj, it->name,
			 "%s '%s' mounts /proc unmasked%s",
			 wl_list_noun(it->list), it->name,
			 userns ? " inside a user namespace (hostUsers: false)"
				: " with the node's users (no user namespace)");
	if (userns)
		fd->severity = SEV_LOW;
	finding_evidence(out, fd, v, path, "Unmasked");
}
