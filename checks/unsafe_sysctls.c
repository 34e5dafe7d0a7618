/* unsafe-sysctls: pod sysctls outside the Pod Security safe set. */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9040", "MS-TA9018", NULL };
static const char *const attack[] = { "T1499", "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#baseline",
	NULL,
};

const struct check check_unsafe_sysctls = {
	.id = "unsafe-sysctls",
	.title = "Pod sets an unsafe sysctl",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Pod sysctls outside the safe set (the one the Pod Security "
	    "'baseline' level allows and every kubelet accepts) are not "
	    "isolated between pods on a node or can take kernel "
	    "resources from them: IPC limits (kernel.shm*, kernel.msg*, "
	    "kernel.sem), socket backlogs and buffers (net.core.*) — "
	    "Denial of service against the node (MS-TA9040, T1499) — or "
	    "weaken kernel protections the container relies on "
	    "(MS-TA9018).  The kubelet starts such pods only where the "
	    "administrator allowed the sysctl with --allowed-unsafe-"
	    "sysctls, which is not visible through the API: medium.",
	.remediation = "Remove the sysctl, or run the workload on dedicated, "
		       "tainted nodes whose kubelet allows exactly that "
		       "sysctl.",
	.details =
	    "- **Severity:** medium. **Techniques:** MS-TA9040 Denial of "
	    "service,\n"
	    "  MS-TA9018; ATT&CK T1499, T1610, T1611.\n"
	    "- **Looks at:** `spec.securityContext.sysctls[].name` outside the "
	    "safe set\n"
	    "  of the newest Pod Security policy: `kernel.shm_rmid_forced`,\n"
	    "  `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`,\n"
	    "  `net.ipv4.ping_group_range`, "
	    "`net.ipv4.ip_unprivileged_port_start`,\n"
	    "  `net.ipv4.ip_local_reserved_ports`, "
	    "`net.ipv4.tcp_keepalive_time`,\n"
	    "  `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`,\n"
	    "  `net.ipv4.tcp_keepalive_probes`, `net.ipv4.tcp_rmem`, "
	    "`net.ipv4.tcp_wmem`,\n"
	    "  `net.ipv4.tcp_slow_start_after_idle`, "
	    "`net.ipv4.tcp_notsent_lowat`.\n",
	.fix = "securityContext:\n  sysctls:\n"
	       "  - name: net.ipv4.ip_local_port_range\n"
	       "    value: \"32768 60999\"\n",
	.references = references,
	.pod = judge_view,
};

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	size_t k;
	const struct node *l = node_path(pv->spec, "securityContext.sysctls");

	(void)s;
	for (k = 0; k < node_count(l); k++) {
		const struct node *nm = node_get(node_at(l, k), "name");
		const char *name = node_str(nm);
		char path[256];
		struct finding *fd;

		if (!name || pss_safe_sysctl(name))
			continue;
		fmt_snprintf(path, sizeof(path),
			     "%s.securityContext.sysctls[%zu].name",
			     pv->spec_path, k);
		fd = finding_add(out, &check_unsafe_sysctls, pv->obj, NULL,
				 "the pod sets sysctl '%s', outside the "
				 "safe set",
				 name);
		finding_evidence(out, fd, nm, path, "%s", name);
	}
}
