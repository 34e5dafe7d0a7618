/* kubelet-read-only-port: the kubelet serves its unauthenticated read-only port. */
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

static const char *const techniques[] = { "MS-TA9030", "MS-TA9005", NULL };
static const char *const attack[] = { "T1613", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/config-api/"
	"kubelet-config.v1beta1/",
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kubelet/",
	NULL,
};

const struct check check_kubelet_read_only_port = {
	.id = "kubelet-read-only-port",
	.title = "Kubelet serves the read-only port",
	.severity = SEV_MEDIUM,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "readOnlyPort (usually 10255) serves /pods, /spec and /stats "
	    "over plain HTTP with no authentication and no authorization: "
	    "every pod of the node with its environment variables, "
	    "images, service accounts and volumes, for anyone on the "
	    "network. The config file default is 0 (off).",
	.remediation =
	    "Set readOnlyPort: 0 in the KubeletConfiguration and remove "
	    "--read-only-port from the kubelet's command line.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "readOnlyPort: 0\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

static bool judge(const struct cp_kubelet *k, struct arena *a, const char **why,
		  struct cp_setting *at)
{
	if (!cp_kubelet_get(k, a, "readOnlyPort", at) || !at->value ||
	    !strcmp(at->value, "0"))
		return false;
	*why = arena_printf(a,
			    "read-only port %s serves pods and their "
			    "environment without authentication",
			    at->value);
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_kubelet_report(s, &check_kubelet_read_only_port, judge, out);
}
