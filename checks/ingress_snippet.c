/*
 * ingress-snippet-annotation: ingress-nginx snippet annotations, which let
 * whoever writes an Ingress inject configuration into the controller
 * (CVE-2021-25742).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run_snippet(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", "MS-TA9025", NULL };
static const char *const attack[] = { "T1528", "T1552.007", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/ingress-nginx/issues/7837",
	"https://kubernetes.github.io/ingress-nginx/user-guide/"
	"nginx-configuration/annotations/#configuration-snippet",
	"https://nvd.nist.gov/vuln/detail/CVE-2021-25742",
	NULL,
};

const struct check check_ingress_snippet_annotation = {
	.id = "ingress-snippet-annotation",
	.title = "Ingress injects nginx configuration through a snippet",
	.severity = SEV_HIGH,
	.needs = NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "ingress-nginx copies the configuration-snippet, server-snippet, "
	    "auth-snippet, stream-snippet and modsecurity-snippet "
	    "annotations of any Ingress verbatim into the controller's "
	    "nginx.conf.  Whoever may create an Ingress in any namespace "
	    "can so make the controller serve its own files, including its "
	    "service account token, which reads every Secret of the "
	    "cluster (CVE-2021-25742; Container service account, "
	    "MS-TA9016, T1528; List Kubernetes secrets, MS-TA9025).  "
	    "Recent controllers refuse snippets unless "
	    "allow-snippet-annotations is true, so an Ingress that still "
	    "carries one shows a controller configured to accept them.  "
	    "High.",
	.remediation =
	    "Remove the snippet annotation and express the setting with a "
	    "dedicated ingress-nginx annotation or a ConfigMap key; keep "
	    "allow-snippet-annotations false in the controller's ConfigMap "
	    "and, where snippets are unavoidable, admit them only from "
	    "trusted namespaces with an admission policy.",
	.details = "- **Looks at:** `nginx.ingress.kubernetes.io/*-snippet` "
		   "annotations\n"
		   "  (configuration, server, auth, stream and modsecurity "
		   "snippets).\n"
		   "  ingress-nginx pastes their text into its nginx.conf, so "
		   "anyone allowed to\n"
		   "  write an Ingress can read the controller's token, and "
		   "that token reads\n"
		   "  every Secret (CVE-2021-25742).\n",
	.fix = "metadata:\n"
	       "  annotations:\n"
	       "    # instead of nginx.ingress.kubernetes.io/"
	       "configuration-snippet\n"
	       "    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n",
	.references = references,
	.run = run_snippet,
};

#define PREFIX "nginx.ingress.kubernetes.io/"

static bool is_snippet(const char *key)
{
	size_t n = strlen(key);

	return !strncmp(key, PREFIX, sizeof(PREFIX) - 1) && n > 8 &&
	       !strcmp(key + n - 8, "-snippet");
}

static int run_snippet(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i, k;

	v = inventory_kind(s->inv, "Ingress", &n);
	for (i = 0; i < n; i++) {
		const struct node *an = v[i]->annotations;
		struct finding *fd = NULL;
		const char *key;
		const struct node *val;

		for (k = 0; node_member_at(an, k, &key, &val); k++) {
			char path[320];
			if (!is_snippet(key))
				continue;
			if (!fd)
				fd = finding_add(
				    out, &check_ingress_snippet_annotation,
				    v[i], NULL,
				    "Ingress '%s' carries the ingress-nginx "
				    "annotation '%s': its text goes verbatim "
				    "into the controller's configuration",
				    v[i]->name, key);
			fmt_snprintf(path, sizeof(path),
				     "metadata.annotations.%s", key);
			finding_evidence(
			    out, fd, val, path, "%.60s%s",
			    node_scalar_text(val),
			    strlen(node_scalar_text(val)) > 60 ? "..." : "");
		}
	}
	return 0;
}
