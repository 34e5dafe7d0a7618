/* host-namespaces: hostPID, hostIPC and hostNetwork on a pod template. */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9018", "MS-TA9036", NULL };
static const char *const attack[] = { "T1610", "T1557", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"ARP%20poisoning%20and%20IP%20spoofing/",
	NULL,
};

const struct check check_host_namespaces = {
	.id = "host-namespaces",
	.title = "Pod shares the node's PID, IPC or network namespace",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "hostPID lets the pod see and signal every process on the node "
	    "and, with ptrace or a privileged container, enter them "
	    "(nsenter -t 1): an escape path, hence Privileged container "
	    "(MS-TA9018) and T1611.  hostIPC exposes the node's shared "
	    "memory and semaphores to the pod.  hostNetwork puts the pod "
	    "on the node's interfaces: it can sniff and spoof traffic of "
	    "other pods (ARP poisoning and IP spoofing, MS-TA9036, "
	    "T1557), reach services bound to the node's localhost such as "
	    "the kubelet, and it escapes NetworkPolicy.  hostPID is high, "
	    "hostIPC and hostNetwork medium.",
	.remediation =
	    "Remove hostPID, hostIPC and hostNetwork from the pod spec; "
	    "node agents that truly need them belong in a dedicated "
	    "namespace with the Pod Security Standard 'privileged' level "
	    "and tight RBAC, and every other namespace should enforce "
	    "'baseline'.",
	.details = "- **Severity:** high for `hostPID`; medium for `hostIPC` "
		   "and `hostNetwork`.\n"
		   "- **Techniques:** MS-TA9018 Privileged container (hostPID "
		   "and hostIPC: the\n"
		   "  way out to host processes), MS-TA9036 ARP poisoning and "
		   "IP spoofing\n"
		   "  (hostNetwork: the pod sits on the node's interfaces); "
		   "ATT&CK T1610, T1557,\n"
		   "  T1611.\n"
		   "- **Looks at:** `hostPID`, `hostIPC` and `hostNetwork` set "
		   "to `true` on the\n"
		   "  pod spec. One finding per field, on the workload (these "
		   "are pod-level\n"
		   "  settings, so no container is named).\n"
		   "- **Why:** with `hostPID` every process of the node is "
		   "visible and, with\n"
		   "  ptrace or privilege, can be entered (`nsenter -t 1`). "
		   "`hostIPC` shares the\n"
		   "  node's shared memory. `hostNetwork` lets the pod sniff "
		   "and spoof traffic,\n"
		   "  reach services bound to the node's loopback (the "
		   "kubelet, local\n"
		   "  databases) and escape NetworkPolicy, which does not "
		   "apply to host-network\n"
		   "  pods.\n"
		   "- **Remediation:** drop these fields; node agents that "
		   "need them belong in\n"
		   "  a dedicated namespace with the `privileged` Pod Security "
		   "level and tight\n"
		   "  RBAC.\n"
		   "- **False positives:** monitoring agents (node-exporter "
		   "uses hostPID and\n"
		   "  hostNetwork) and CNI daemons. `hostPort` is not reported "
		   "here.\n",
	.references = references,
	.pod = judge_view,
};

static const struct {
	const char *field;
	enum severity sev;
	const char *why;
} host_fields[] = {
	{ "hostPID", SEV_HIGH,
	  "shares the node's PID namespace: every host process is visible "
	  "and reachable" },
	{ "hostIPC", SEV_MEDIUM,
	  "shares the node's IPC namespace: host shared memory is readable" },
	{ "hostNetwork", SEV_MEDIUM,
	  "uses the node's network namespace: it can sniff and spoof node "
	  "traffic, reach node-local services and bypasses NetworkPolicy" },
};

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	size_t f;

	(void)s;
	for (f = 0; f < sizeof(host_fields) / sizeof(host_fields[0]); f++) {
		const struct node *v = node_get(pv->spec, host_fields[f].field);
		struct finding *fd;
		char path[128];

		if (!node_is_true(v))
			continue;
		fmt_snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
			     host_fields[f].field);
		fd = finding_add(out, &check_host_namespaces, pv->obj, NULL,
				 "%s: the pod %s", host_fields[f].field,
				 host_fields[f].why);
		fd->severity = host_fields[f].sev;
		finding_evidence(out, fd, v, path, "true");
	}
}
