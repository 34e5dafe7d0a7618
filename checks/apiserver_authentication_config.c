/*
 * apiserver-authentication-config: the structured authentication file
 * (--authentication-config) lets anonymous requests in everywhere, or
 * trusts JWT issuers without checking whom their tokens are for.
 */
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
static const char *unseen(const struct scan *s);

static const char *const techniques[] = { "MS-TA9005", "MS-TA9029", NULL };
static const char *const attack[] = { "T1133", "T1613", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"authentication/#using-authentication-configuration",
	"https://kubernetes.io/docs/reference/config-api/apiserver-config.v1/",
	NULL,
};

const struct check check_apiserver_authentication_config = {
	.id = "apiserver-authentication-config",
	.title = "Structured authentication admits anonymous or unchecked "
		 "tokens",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "With --authentication-config the API server takes its "
	    "authenticators from an AuthenticationConfiguration file "
	    "instead of flags. anonymous.enabled without conditions serves "
	    "every request without credentials as system:anonymous, on "
	    "every path (medium, as --anonymous-auth). A JWT issuer whose "
	    "audiences are empty accepts any token that issuer signs, "
	    "including tokens it issued to other applications (high); an "
	    "issuer URL over http lets the discovery document and keys be "
	    "swapped on the way (high). An issuer without "
	    "claimValidationRules accepts every token for the audience "
	    "whatever its other claims say (low).",
	.details =
	    "Read from AuthenticationConfiguration objects "
	    "(apiserver.config.k8s.io) given as input; a kube-apiserver pod "
	    "naming the file with `--authentication-config` (same path or "
	    "base name) is named in the message.",
	.remediation =
	    "Keep anonymous off, or limit it with conditions to /healthz, "
	    "/readyz and /livez; give every JWT issuer an https URL, the "
	    "audiences this cluster's tokens carry, and claimValidationRules "
	    "for the claims your provider guarantees.",
	.fix = "apiVersion: apiserver.config.k8s.io/v1\n"
	       "kind: AuthenticationConfiguration\n"
	       "anonymous:\n"
	       "  enabled: true\n"
	       "  conditions:\n"
	       "  - path: /livez\n"
	       "  - path: /readyz\n"
	       "  - path: /healthz\n"
	       "jwt:\n"
	       "- issuer:\n"
	       "    url: https://issuer.example.com\n"
	       "    audiences: [my-cluster]\n"
	       "  claimValidationRules:\n"
	       "  - claim: hd\n"
	       "    requiredValue: example.com\n"
	       "  claimMappings:\n"
	       "    username:\n"
	       "      claim: email\n"
	       "      prefix: \"oidc:\"\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static void add(struct findings *out, const struct cp_file *f,
		enum severity sev, const struct node *at, const char *path,
		const char *value, const char *msg)
{
	struct finding *fd =
	    finding_add(out, &check_apiserver_authentication_config, f->obj,
			NULL, "authentication configuration%s: %s",
			cp_file_user_text(out->arena, f), msg);

	fd->severity = sev;
	finding_evidence(out, fd, at, path, "%s", value);
}

static void judge_jwt(struct findings *out, const struct cp_file *f,
		      const struct node *j, size_t i)
{
	const struct node *iss = node_get(j, "issuer");
	const char *url = node_get_str(iss, "url");
	const char *path;

	if (!url)
		url = "?";
	path = arena_printf(out->arena, "jwt[%zu].issuer", i);
	if (!node_count(node_get(iss, "audiences")))
		add(out, f, SEV_HIGH, iss, path, url,
		    arena_printf(out->arena,
				 "JWT issuer %s has no audiences: any token "
				 "it signs, for any application, logs in",
				 url));
	else if (!strncmp(url, "http://", 7))
		add(out, f, SEV_HIGH, node_get(iss, "url"),
		    arena_printf(out->arena, "%s.url", path), url,
		    arena_printf(out->arena,
				 "JWT issuer %s is reached over plain http: "
				 "its keys can be replaced in transit",
				 url));
	else if (!node_count(node_get(j, "claimValidationRules")))
		add(out, f, SEV_LOW, j, arena_printf(out->arena, "jwt[%zu]", i),
		    url,
		    arena_printf(out->arena,
				 "JWT issuer %s has no claimValidationRules: "
				 "every token for the audience is accepted "
				 "whatever its other claims say",
				 url));
}

static int run(const struct scan *s, struct findings *out)
{
	const struct cp_file *f;
	size_t n, i, k;

	n = cp_files(s, out->arena, "AuthenticationConfiguration",
		     "apiserver.config.k8s.io", "authentication-config", &f);
	for (i = 0; i < n; i++) {
		const struct node *root = f[i].obj->root;
		const struct node *an = node_get(root, "anonymous");
		const struct node *jwt = node_get(root, "jwt");
		if (node_is_true(node_get(an, "enabled")) &&
		    !node_count(node_get(an, "conditions")))
			add(out, &f[i], SEV_MEDIUM, node_get(an, "enabled"),
			    "anonymous.enabled", "true",
			    "anonymous requests are served as system:anonymous "
			    "on every path (no conditions)");
		for (k = 0; k < node_count(jwt); k++)
			judge_jwt(out, &f[i], node_at(jwt, k), k);
	}
	return 0;
}

static const char *unseen(const struct scan *s)
{
	const struct cp_file *f;
	struct arena *a = arena_new();
	size_t n =
	    cp_files(s, a, "AuthenticationConfiguration",
		     "apiserver.config.k8s.io", "authentication-config", &f);

	arena_free(a);
	return n ? NULL
		 : "no AuthenticationConfiguration in the input (give the "
		   "file --authentication-config names)";
}
