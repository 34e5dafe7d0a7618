/* kubelet-cert-rotation: the kubelet never rotates its certificates. */
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
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"kubelet-tls-bootstrapping/#certificate-rotation",
	NULL,
};

const struct check check_kubelet_cert_rotation = {
	.id = "kubelet-cert-rotation",
	.title = "Kubelet does not rotate its certificates",
	.severity = SEV_LOW,
	.needs = NEED_NODES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "rotateCertificates renews the kubelet's client certificate "
	    "before it expires, and serverTLSBootstrap has the serving "
	    "certificate signed by the cluster CA and renewed. With "
	    "neither (both default to false in the config file) a kubelet "
	    "key copied from a node stays valid for the certificate's "
	    "whole life, often a year, and the serving certificate is "
	    "self-signed so clients cannot verify they talk to the real "
	    "kubelet.",
	.remediation =
	    "Set rotateCertificates: true and serverTLSBootstrap: true in "
	    "the KubeletConfiguration, and approve kubelet-serving CSRs "
	    "with a controller that checks the node's addresses.",
	.fix = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
	       "kind: KubeletConfiguration\n"
	       "rotateCertificates: true\n"
	       "serverTLSBootstrap: true\n",
	.references = references,
	.run = run,
	.unseen = cp_kubelet_unseen,
};

static bool judge(const struct cp_kubelet *k, struct arena *a, const char **why,
		  struct cp_setting *at)
{
	struct cp_setting st;

	if (!cp_kubelet_get(k, a, "rotateCertificates", at) ||
	    !cp_kubelet_get(k, a, "serverTLSBootstrap", &st))
		return false;
	if (cp_true(at->value) || cp_true(st.value))
		return false;
	/* point at whichever of the two is written */
	if (!at->value && st.value)
		*at = st;
	*why = "neither rotateCertificates nor serverTLSBootstrap is true: "
	       "its certificates are never renewed";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_kubelet_report(s, &check_kubelet_cert_rotation, judge, out);
}
