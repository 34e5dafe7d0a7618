/* kubelet-protect-kernel-defaults: the kubelet lets pods change kernel tunables. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "analysis/controlplane.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9030", NULL };
static const char *const attack[] = { "T1613", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/config-api/"
	"kubelet-config.v1beta1/",
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kubelet/",
	NULL,
};

const struct check check_kubelet_protect_kernel_defaults = {
	.id = "kubelet-protect-kernel-defaults",
	.title = "Kubelet rewrites kernel tunables",
	.severity = SEV_LOW,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "With protectKernelDefaults (--protect-kernel-defaults) the "
	    "kubelet refuses to start when the node's kernel tunables "
	    "(vm.overcommit_memory, kernel.panic, kernel.panic_on_oops and "
	    "the like) differ from what it expects, instead of rewriting "
	    "them. Without it (the default is false) the node's hardening "
	    "of those tunables is silently undone, and a node set up to "
	    "reboot on a kernel oops keeps running after one. A "
	    "hardening gap rather than an attack path: low.",
	.details =
	    "- **Looks at:** the kubelet's config file "
	    "(KubeletConfiguration, an "
	    "EKS NodeConfig drop-in) and its command line (a pod running "
	    "kubelet, NodeConfig's `spec.kubelet.flags`); the flag wins. "
	    "A NodeConfig that leaves the field to nodeadm's own config, or "
	    "a command line whose `--config` file is not in the input, is "
	    "not judged for it.\n",
	.remediation = "Set protectKernelDefaults: true in the "
		       "KubeletConfiguration (or --protect-kernel-defaults) "
		       "after setting the kernel tunables it checks on the "
		       "node.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "protectKernelDefaults: true\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

static bool judge(const struct cp_kubelet *k, struct arena *a, const char **why,
		  struct cp_setting *at)
{
	if (!cp_kubelet_get(k, a, "protectKernelDefaults", at) ||
	    cp_true(at->value))
		return false;
	*why = "protectKernelDefaults is not true: kernel tunables that "
	       "differ from the kubelet's expectations are overwritten "
	       "instead of refused";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_kubelet_report(s, &check_kubelet_protect_kernel_defaults,
				 judge, out);
}
