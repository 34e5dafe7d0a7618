/* host-port: containers that bind a port on the node's addresses. */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9004", "MS-TA9034", NULL };
static const char *const attack[] = { "T1190", "T1210", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/configuration/overview/#services",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#baseline",
	NULL,
};

const struct check check_host_port = {
	.id = "host-port",
	.title = "Container binds a hostPort",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A hostPort makes the node forward one of its own ports to "
	    "the container: the pod answers on every address of its node, "
	    "outside any Service and, with many CNIs, outside "
	    "NetworkPolicy, so it is reachable from wherever the node is "
	    "(Application vulnerability, MS-TA9004, T1190; Cluster "
	    "internal networking, MS-TA9034, T1210).  The Pod Security "
	    "'baseline' level refuses it.  Low: it widens exposure but "
	    "grants nothing by itself.  Pods with hostNetwork are "
	    "skipped (host-namespaces reports them; every port is a host "
	    "port there).",
	.remediation = "Remove hostPort and expose the port through a "
		       "Service (ClusterIP, or NodePort/LoadBalancer where "
		       "it must leave the cluster).",
	.details =
	    "- **Severity:** low. **Techniques:** MS-TA9004 Application "
	    "vulnerability,\n"
	    "  MS-TA9034 Cluster internal networking; ATT&CK T1190, T1210.\n"
	    "- **Looks at:** non-zero `ports[].hostPort` of every container; "
	    "pods with\n"
	    "  `hostNetwork` are left to `host-namespaces`.\n",
	.fix = "ports:\n- containerPort: 8080\n  protocol: TCP\n",
	.references = references,
	.container = judge,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	const struct node *ports = node_get(it->c, "ports");
	char path[WL_PATH_MAX + 64];
	size_t i;

	if (node_is_true(node_get(it->pv->spec, "hostNetwork")))
		return;
	for (i = 0; i < node_count(ports); i++) {
		const struct node *hp = node_get(node_at(ports, i), "hostPort");
		long long port = 0;
		struct finding *fd;

		if (!node_int(hp, &port) || port == 0)
			continue;
		fmt_snprintf(path, sizeof(path), "%s.ports[%zu].hostPort",
			     it->path, i);
		fd = finding_add(out, &check_host_port, it->pv->obj, it->name,
				 "%s '%s' binds port %lld on its node",
				 wl_list_noun(it->list), it->name, port);
		finding_evidence(out, fd, hp, path, "%lld", port);
	}
}
