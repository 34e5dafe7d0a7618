/*
 * webhook-endpoint: admission webhooks whose server or trust is weak: an
 * endpoint outside the cluster (clientConfig.url), a url without caBundle,
 * and security webhooks that fail open (failurePolicy: Ignore).
 */
#include "check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "analysis/webhook.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run_webhook_endpoint(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9015", "MS-TA9011", NULL };
static const char *const attack[] = { "T1546", "T1610", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Malicious%20admission%20controller/",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"extensible-admission-controllers/#contacting-the-webhook",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"extensible-admission-controllers/#failure-policy",
	NULL,
};

const struct check check_webhook_endpoint = {
	.id = "webhook-endpoint",
	.title = "Admission webhook calls outside the cluster or fails open",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_WEBHOOKS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The API server sends every matching request, with the whole "
	    "object, to the webhook's server and, for a mutating webhook, "
	    "applies the patch it returns.  A server outside the cluster "
	    "(clientConfig.url) receives Secrets, pod specs and tokens in "
	    "those requests and, when mutating, can plant containers in "
	    "every pod; whoever controls that host or its DNS controls "
	    "admission (Malicious admission controller, MS-TA9015; Sidecar "
	    "injection, MS-TA9011).  Without caBundle the API server "
	    "accepts any certificate its system roots trust for that "
	    "host.  High for a mutating webhook or one that receives "
	    "Secrets with an external url; medium for other external "
	    "validating webhooks; low for a policy or security webhook "
	    "with failurePolicy: Ignore, which an attacker bypasses by "
	    "making its server unavailable.  In-cluster services whose "
	    "caBundle a controller injects after install (cert-manager, "
	    "Kyverno, Gatekeeper) are not reported for a missing caBundle.",
	.remediation =
	    "Serve admission webhooks from a Service in the cluster "
	    "(clientConfig.service) with a pinned caBundle; if an external "
	    "endpoint is required, pin its CA in caBundle and narrow its "
	    "rules so Secrets are never sent; give policy webhooks "
	    "failurePolicy: Fail with a namespaceSelector that exempts only "
	    "the policy engine's own namespace.",
	.details =
	    "- **Severity by case:** high for a mutating webhook, or one whose "
	    "rules\n"
	    "  send it Secrets, served from `clientConfig.url` (outside the "
	    "cluster);\n"
	    "  medium for other external validating webhooks. The message says "
	    "when\n"
	    "  such a url has no `caBundle` (the API server then accepts any\n"
	    "  certificate its system roots trust for that host). Low for a "
	    "policy or\n"
	    "  security webhook (Gatekeeper, Kyverno, OPA, Kubewarden, "
	    "Polaris, Pod\n"
	    "  Security, image verification, ...) with `failurePolicy: "
	    "Ignore`, which\n"
	    "  lets everything through while its server is down.\n"
	    "- **Silent for:** in-cluster services without `caBundle` "
	    "(cert-manager,\n"
	    "  Kyverno and Gatekeeper inject it after install, so manifests "
	    "lack it),\n"
	    "  policy webhooks that fail closed, and other webhooks that fail "
	    "open.\n"
	    "- **Where peers differ:** Gatekeeper ships `failurePolicy: "
	    "Ignore`; that is\n"
	    "  a known trade-off, reported low rather than as a "
	    "misconfiguration.\n",
	.fix = "webhooks:\n"
	       "  - name: policy.example.com\n"
	       "    failurePolicy: Fail\n"
	       "    clientConfig:\n"
	       "      service:\n"
	       "        namespace: policy-system\n"
	       "        name: policy-webhook\n"
	       "        path: /validate\n"
	       "      caBundle: LS0tLS1CRUdJTi...  # the serving CA\n",
	.references = references,
	.run = run_webhook_endpoint,
};

/* Words in the name of a webhook that enforces security policy. */
static const char *const security_words[] = {
	"gatekeeper", "kyverno", "opa",		 "policy",  "kubewarden",
	"security",   "psp",	 "pod-security", "polaris", "datree",
	"neuvector",  "falco",	 "sigstore",	 "cosign",  "image-verif",
};

static bool security_name(const char *a, const char *b)
{
	char low[512];
	size_t i, n = 0;

	for (i = 0; a && a[i] && n < sizeof(low) - 2; i++)
		low[n++] = (char)tolower((unsigned char)a[i]);
	low[n++] = ' ';
	for (i = 0; b && b[i] && n < sizeof(low) - 1; i++)
		low[n++] = (char)tolower((unsigned char)b[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof(security_words) / sizeof(*security_words); i++)
		if (strstr(low, security_words[i]))
			return true;
	return false;
}

static void external(struct findings *out, const struct kobj *o, size_t i,
		     const struct node *wh, bool mutating)
{
	const struct node *url = node_path(wh, "clientConfig.url");
	const struct node *ca = node_path(wh, "clientConfig.caBundle");
	bool no_ca = !node_str(ca) || !*node_str(ca);
	bool secrets = webhook_rules_cover(wh, "", "secrets", "CREATE", NULL) ||
		       webhook_rules_cover(wh, "", "secrets", "UPDATE", NULL);
	char path[64];
	struct finding *fd;

	if (!node_str(url))
		return;
	fd = finding_add(out, &check_webhook_endpoint, o, NULL,
			 "%s webhook '%s' sends admission requests%s to '%s' "
			 "outside the cluster%s",
			 mutating ? "mutating" : "validating",
			 node_get_str(wh, "name") ? node_get_str(wh, "name")
						  : "",
			 secrets ? " (Secrets included)" : "", node_str(url),
			 no_ca ? ", trusting any certificate of the system "
				 "roots (no caBundle)"
			       : "");
	fd->severity = mutating || secrets ? SEV_HIGH : SEV_MEDIUM;
	fmt_snprintf(path, sizeof(path), "webhooks[%zu].clientConfig.url", i);
	finding_evidence(out, fd, url, path, "%s", node_str(url));
	if (no_ca) {
		fmt_snprintf(path, sizeof(path),
			     "webhooks[%zu].clientConfig.caBundle", i);
		finding_evidence(out, fd, ca ? ca : url, path, "unset");
	}
}

static void fail_open(struct findings *out, const struct kobj *o, size_t i,
		      const struct node *wh, bool mutating)
{
	const struct node *fp = node_get(wh, "failurePolicy");
	char path[64];
	struct finding *fd;

	if (!node_str_eq(fp, "Ignore") ||
	    !security_name(o->name, node_get_str(wh, "name")))
		return;
	fd = finding_add(out, &check_webhook_endpoint, o, NULL,
			 "%s policy webhook '%s' fails open "
			 "(failurePolicy: Ignore): requests pass unchecked "
			 "while its server is down",
			 mutating ? "mutating" : "validating",
			 node_get_str(wh, "name") ? node_get_str(wh, "name")
						  : "");
	fd->severity = SEV_LOW;
	fmt_snprintf(path, sizeof(path), "webhooks[%zu].failurePolicy", i);
	finding_evidence(out, fd, fp, path, "Ignore");
}

static void each(const struct scan *s, struct findings *out, const char *kind,
		 bool mutating)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(s->inv, kind, &n);
	for (i = 0; i < n; i++) {
		const struct node *whs = node_get(v[i]->root, "webhooks");
		for (j = 0; j < node_count(whs); j++) {
			external(out, v[i], j, node_at(whs, j), mutating);
			fail_open(out, v[i], j, node_at(whs, j), mutating);
		}
	}
}

static int run_webhook_endpoint(const struct scan *s, struct findings *out)
{
	each(s, out, "MutatingWebhookConfiguration", true);
	each(s, out, "ValidatingWebhookConfiguration", false);
	return 0;
}
