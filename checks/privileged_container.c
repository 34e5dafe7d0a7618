/* privileged-container: securityContext.privileged on any container. */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Privileged%20container/",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
	NULL,
};

const struct check check_privileged_container = {
	.id = "privileged-container",
	.title = "Privileged container",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A privileged container runs with every capability, without "
	    "seccomp or AppArmor confinement and with access to all host "
	    "devices, so a process in it can mount the node's disks, load "
	    "kernel modules or enter the host's namespaces: compromising "
	    "the container compromises the node and every pod on it. "
	    "Init and ephemeral containers run with the same power and "
	    "are checked too, and so are Windows HostProcess containers "
	    "(windowsOptions.hostProcess), which run on the node itself.  "
	    "Critical because the escape needs no "
	    "vulnerability at all.",
	.remediation =
	    "Remove securityContext.privileged (or set it to false) and "
	    "grant only the specific capabilities the process needs; "
	    "enforce the Pod Security Standard 'baseline' or 'restricted' "
	    "on the namespace (pod-security.kubernetes.io/enforce).",
	.details =
	    "- **Severity:** critical.\n"
	    "- **Techniques:** MS-TA9018 Privileged container; ATT&CK T1610, "
	    "T1611.\n"
	    "- **Looks at:** `securityContext.privileged: true` on any "
	    "container, init\n"
	    "  container or ephemeral container, and Windows HostProcess "
	    "containers\n"
	    "  (`securityContext.windowsOptions.hostProcess: true`, at pod or "
	    "container\n"
	    "  level), which run directly on the node. One finding per "
	    "container.\n"
	    "- **Why:** a privileged container has every capability, no "
	    "seccomp or\n"
	    "  AppArmor confinement and access to all host devices. It can "
	    "mount the\n"
	    "  node's disks or load kernel modules, so whoever controls the "
	    "container\n"
	    "  controls the node. No vulnerability is needed, hence critical.\n"
	    "- **Remediation:** remove `privileged` (or set it to `false`), "
	    "add only the\n"
	    "  capabilities the process needs, and enforce Pod Security "
	    "`baseline` or\n"
	    "  `restricted` on the namespace.\n"
	    "- **False positives:** node agents (CNI plugins, storage drivers, "
	    "some\n"
	    "  security agents) need it. Keep them in a dedicated namespace "
	    "and record an\n"
	    "  exception, rather than silencing the check.\n",
	.fix = "securityContext:\n"
	       "  privileged: false\n",
	.references = references,
	.container = judge,
};

/*
 * Linux privileged mode, or a Windows HostProcess container (which runs
 * directly on the node, with the node's network and file system).
 */
static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *p =
	    wl_container_sc(it, "privileged", path, sizeof(path));
	struct finding *fd;

	if (node_is_true(p)) {
		fd = finding_add(out, &check_privileged_container, it->pv->obj,
				 it->name, "%s '%s' runs privileged",
				 wl_list_noun(it->list), it->name);
		finding_evidence(out, fd, p, path, "true");
		return;
	}
	p = wl_effective(it, "windowsOptions.hostProcess", path, sizeof(path));
	if (!node_is_true(p))
		return;
	fd =
	    finding_add(out, &check_privileged_container, it->pv->obj, it->name,
			"%s '%s' runs as a Windows HostProcess container "
			"(directly on the node)",
			wl_list_noun(it->list), it->name);
	finding_evidence(out, fd, p, path, "true");
}
