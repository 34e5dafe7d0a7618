/* path-exposed-node: exposed pod -> privileged or host access -> node. */
#include "check.h"

#include "analysis/paths.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9004", "MS-TA9018", "MS-TA9013",
					  NULL };
static const char *const attack[] = { "T1190", "T1611", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Privileged%20container/",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#baseline",
	NULL,
};

const struct check check_path_exposed_node = {
	.id = "path-exposed-node",
	.title = "Attack path: exposed workload that can take over its node",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Outside traffic reaches pods that run a privileged "
	    "container, add CAP_SYS_ADMIN or CAP_SYS_MODULE (a kernel "
	    "module runs as the node's kernel), share the node's process "
	    "namespace (hostPID), mount a hostPath volume writable, or "
	    "mount one that holds node credentials or a runtime socket. Code "
	    "execution through the exposed application becomes control "
	    "of the node: its kubelet credentials, the other pods' "
	    "tokens and Secrets, the container runtime. Each hop carries "
	    "its evidence; without the exposure or without the host "
	    "access the path is gone.",
	.remediation =
	    "Do not expose workloads that need host access; otherwise "
	    "drop privileged, the capability, hostPID or the hostPath "
	    "volume, and enforce the baseline Pod Security Standard.",
	.references = references,
	.run = run,
};

static int run(const struct scan *s, struct findings *out)
{
	return paths_exposed_node(s, &check_path_exposed_node, out);
}
