/*
 * default-sa-automount: a namespace's default ServiceAccount leaves token
 * automounting on.  Pods that run as it with the token mounted are
 * sa-token-automount's; this check reports the account itself, once.
 */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run_default_sa(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/service-accounts/"
	"#default-service-accounts",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"configure-service-account/#opt-out-of-api-credential-automounting",
	NULL,
};

const struct check check_default_sa_automount = {
	.id = "default-sa-automount",
	.title = "Default service account mounts its token",
	.severity = SEV_LOW,
	.needs = NEED_SERVICEACCOUNTS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Every pod that names no service account runs as its "
	    "namespace's 'default' account and, unless the account or the "
	    "pod says otherwise, gets its API token mounted.  Setting "
	    "automountServiceAccountToken: false on the default account "
	    "makes token access an explicit choice of each workload, so a "
	    "pod deployed later (or by someone with only pod creation "
	    "rights) does not carry a token it does not need (Container "
	    "service account, MS-TA9016).  Low: the default account holds "
	    "no permissions unless someone binds them (rbac-default-sa "
	    "reports that), and the pods that do mount the token are "
	    "reported by sa-token-automount.",
	.remediation =
	    "Set automountServiceAccountToken: false on the default "
	    "ServiceAccount of every namespace; workloads that call the "
	    "API server use a dedicated service account that turns it on.",
	.details = "- **Looks at:** each ServiceAccount named `default` whose\n"
		   "  `automountServiceAccountToken` is not `false`.\n"
		   "- **No duplicates:** a workload running as the default "
		   "account with the\n"
		   "  token mounted is sa-token-automount's finding, and "
		   "permissions bound to\n"
		   "  the account are rbac-default-sa's. This check names the "
		   "account once,\n"
		   "  so a namespace is fixed in one place.\n",
	.fix = "apiVersion: v1\n"
	       "kind: ServiceAccount\n"
	       "metadata:\n"
	       "  name: default\n"
	       "  namespace: shop\n"
	       "automountServiceAccountToken: false\n",
	.references = references,
	.run = run_default_sa,
};

static int run_default_sa(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "ServiceAccount", &n);
	for (i = 0; i < n; i++) {
		const struct node *am =
		    node_get(v[i]->root, "automountServiceAccountToken");
		struct finding *fd;

		if (node_is(am, NODE_NULL))
			am = NULL; /* null is unset, as the API decodes it */
		if (!node_str_eq(node_path(v[i]->root, "metadata.name"),
				 "default") ||
		    node_is_false(am))
			continue;
		fd = finding_add(out, &check_default_sa_automount, v[i], NULL,
				 "default service account of namespace '%s' "
				 "%s token automounting on",
				 *kobj_ns(v[i]) ? kobj_ns(v[i]) : "unspecified",
				 am ? "turns" : "leaves");
		finding_evidence(out, fd, am ? am : v[i]->root,
				 "automountServiceAccountToken",
				 am ? "true" : "unset (defaults to true)");
	}
	return 0;
}
