/*
 * webhook-pod-mutation: mutating admission webhooks that may rewrite pods
 * as they are created, the injection point for sidecars (service meshes,
 * agents) and for an attacker's container.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/webhook.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run_pod_mutation(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9011", "MS-TA9015", NULL };
static const char *const attack[] = { "T1610", "T1546", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Sidecar%20injection/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"extensible-admission-controllers/",
	NULL,
};

const struct check check_webhook_pod_mutation = {
	.id = "webhook-pod-mutation",
	.title = "Mutating webhook rewrites pods",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WEBHOOKS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A mutating admission webhook that matches pod creation can "
	    "change every pod it sees before it is stored: add a container, "
	    "a hostPath volume, an image or an environment variable.  "
	    "Service meshes and agents use this to inject sidecars; an "
	    "attacker who controls the webhook or its server uses it the "
	    "same way (Sidecar injection, MS-TA9011; Malicious admission "
	    "controller, MS-TA9015).  Each such webhook is worth knowing "
	    "about and keeping under review.  Low when selectors limit it "
	    "to opted-in namespaces or objects; medium when it matches "
	    "every resource ('*') or exempts nothing (no namespaceSelector, "
	    "objectSelector or matchConditions), so it also rewrites "
	    "kube-system pods.  Who may create or change webhooks is "
	    "rbac-webhooks; where the webhook's server lives is "
	    "webhook-endpoint.",
	.remediation =
	    "Scope each mutating webhook to the resources and namespaces it "
	    "needs: rules on pods only, a namespaceSelector or "
	    "objectSelector that opts namespaces in (and leaves kube-system "
	    "out); review which mutating webhooks exist and who can edit "
	    "them; enforce what injected pods may contain with a "
	    "validating policy that runs after mutation.",
	.details =
	    "- **Looks at:** mutating webhooks whose rules match pod `CREATE`\n"
	    "  (resources `pods`, `*` or `*/*`; operations `CREATE` or `*`; "
	    "group `\"\"`\n"
	    "  or `*`).\n"
	    "- **Severity by case:** low when selectors narrow it; medium when "
	    "it\n"
	    "  matches every resource of every group or exempts nothing (no\n"
	    "  namespaceSelector, objectSelector or matchConditions), so "
	    "kube-system\n"
	    "  pods are rewritten too.\n"
	    "- **Silent for:** mutating webhooks on other resources or on pod\n"
	    "  subresources (`pods/status`), and validating webhooks. Who may "
	    "create or\n"
	    "  change webhooks is rbac-webhooks'.\n"
	    "- **Why a legitimate injector is reported:** any mutating webhook "
	    "on pods\n"
	    "  can change what runs; the low finding is the list a reviewer "
	    "needs.\n"
	    "  Except a known injector (a service mesh) by name.\n",
	.fix = "webhooks:\n"
	       "  - name: sidecar.example.com\n"
	       "    rules:\n"
	       "      - apiGroups: [\"\"]\n"
	       "        apiVersions: [\"v1\"]\n"
	       "        operations: [\"CREATE\"]\n"
	       "        resources: [\"pods\"]\n"
	       "    namespaceSelector:\n"
	       "      matchLabels:\n"
	       "        sidecar-injection: enabled\n",
	.references = references,
	.run = run_pod_mutation,
};

static void judge(struct findings *out, const struct kobj *o, size_t i,
		  const struct node *wh)
{
	const char *name = node_get_str(wh, "name");
	bool all = webhook_matches_all(wh);
	bool open = webhook_exempts_nothing(wh);
	char path[64];
	struct finding *fd;
	size_t ri;

	if (!webhook_rules_cover(wh, "", "pods", "CREATE", &ri))
		return;
	fd = finding_add(out, &check_webhook_pod_mutation, o, NULL,
			 "mutating webhook '%s' can rewrite %s pod created%s",
			 name ? name : "",
			 all ? "every object, including every" : "every",
			 open ? " in any namespace (no selector exempts "
				"kube-system)"
			      : " that its selectors match");
	fd->severity = all || open ? SEV_MEDIUM : SEV_LOW;
	fmt_snprintf(path, sizeof(path), "webhooks[%zu].rules[%zu]", i, ri);
	finding_evidence(out, fd, node_at(node_get(wh, "rules"), ri), path,
			 "%s", webhook_rule_text(out->arena, wh, ri));
}

static int run_pod_mutation(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(s->inv, "MutatingWebhookConfiguration", &n);
	for (i = 0; i < n; i++) {
		const struct node *whs = node_get(v[i]->root, "webhooks");
		for (j = 0; j < node_count(whs); j++)
			judge(out, v[i], j, node_at(whs, j));
	}
	return 0;
}
