/* kubelet-tls: the kubelet's API accepts old TLS versions or weak ciphers. */
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

static const char *const techniques[] = { "MS-TA9030", NULL };
static const char *const attack[] = { "T1613", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/config-api/"
	"kubelet-config.v1beta1/",
	"https://pkg.go.dev/crypto/tls#pkg-constants",
	NULL,
};

const struct check check_kubelet_tls = {
	.id = "kubelet-tls",
	.title = "Kubelet API accepts weak TLS",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The kubelet API on port 10250 carries exec sessions, logs and "
	    "the API server's credentials to the kubelet. tlsMinVersion "
	    "(--tls-min-version) VersionTLS10 or VersionTLS11 lets a "
	    "client, or someone in the middle, settle on protocol "
	    "versions with known downgrade and CBC attacks (medium). "
	    "tlsCipherSuites (--tls-cipher-suites) naming RC4, 3DES or "
	    "CBC-mode suites offers ciphers Go itself marks insecure "
	    "(low). Unset, Go's defaults (TLS 1.2 and its secure suites) "
	    "apply and nothing is reported.",
	.details = "- **Looks at:** the kubelet's config file and "
		   "command line as "
		   "kubelet-protect-kernel-defaults says; the flag wins.\n",
	.remediation = "Leave tlsMinVersion unset or set it to VersionTLS12 "
		       "(or VersionTLS13), and list only AEAD suites (GCM, "
		       "ChaCha20-Poly1305) in tlsCipherSuites.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "tlsMinVersion: VersionTLS12\n"
	       "tlsCipherSuites:\n"
	       "- TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n"
	       "- TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
	       "- TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305\n"
	       "- TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

/* The first weak suite of a comma-separated list, or NULL. */
static const char *weak_suite(struct arena *a, const char *list)
{
	while (list && *list) {
		size_t l = strcspn(list, ",");
		const char *s = arena_strndup(a, list, l);
		if (strstr(s, "RC4") || strstr(s, "3DES") || strstr(s, "_CBC_"))
			return s;
		list += l;
		if (*list)
			list++;
	}
	return NULL;
}

static bool judge_version(const struct cp_kubelet *k, struct arena *a,
			  const char **why, struct cp_setting *at)
{
	if (!cp_kubelet_get(k, a, "tlsMinVersion", at) || !at->value ||
	    (strcmp(at->value, "VersionTLS10") &&
	     strcmp(at->value, "VersionTLS11")))
		return false;
	*why = arena_printf(a,
			    "TLS minimum version %s: clients may negotiate "
			    "TLS 1.0 or 1.1",
			    at->value);
	return true;
}

static bool judge_suites(const struct cp_kubelet *k, struct arena *a,
			 const char **why, struct cp_setting *at)
{
	const char *w;

	if (!cp_kubelet_get(k, a, "tlsCipherSuites", at) || !at->value ||
	    !(w = weak_suite(a, at->value)))
		return false;
	*why = arena_printf(a,
			    "cipher suite %s is offered: Go marks it "
			    "insecure",
			    w);
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	size_t n, i;

	cp_kubelet_report(s, &check_kubelet_tls, judge_version, out);
	n = out->n;
	cp_kubelet_report(s, &check_kubelet_tls, judge_suites, out);
	for (i = n; i < out->n; i++)
		out->v[i]->severity = SEV_LOW;
	return 0;
}
