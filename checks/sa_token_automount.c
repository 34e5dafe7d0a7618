/*
 * sa-token-automount: the pod gets its service account's API token mounted,
 * by automount or by a projected serviceAccountToken volume.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"
#include "analysis/sa_token.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"configure-service-account/#opt-out-of-api-credential-automounting",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Container%20service%20account/",
	NULL,
};

const struct check check_sa_token_automount = {
	.id = "sa-token-automount",
	.title = "Service-account token mounted into the pod",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_SERVICEACCOUNTS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Unless automounting is turned off, the kubelet mounts a token "
	    "of the pod's service account at "
	    "/var/run/secrets/kubernetes.io/serviceaccount.  Anyone who "
	    "runs code in the container (an application exploit, a "
	    "malicious dependency) can read it and call the API server "
	    "with every permission the account holds (Container service "
	    "account, MS-TA9016, T1528).  The effective setting is "
	    "decided as the kubelet does: the pod's "
	    "automountServiceAccountToken when set, else the "
	    "ServiceAccount's, else true.  A projected serviceAccountToken "
	    "volume mounts a token too, unless it is asked for another "
	    "audience (a cloud's workload identity, Vault): the API "
	    "server refuses such a token.  Medium for a named service "
	    "account (it usually exists to hold permissions), low for "
	    "the namespace's 'default' account.",
	.remediation =
	    "Set automountServiceAccountToken: false on the ServiceAccount "
	    "and on pods that never call the API server; pods that do "
	    "should use a dedicated service account with the least RBAC "
	    "they need, or a projected token with a short expiry; a token "
	    "meant for another service should name that service's "
	    "audience.",
	.details =
	    "- **Severity:** medium for a named service account (it usually "
	    "exists to\n"
	    "  hold permissions); low for the namespace's `default` account.\n"
	    "- **Techniques:** MS-TA9016 Container service account; ATT&CK "
	    "T1528.\n"
	    "- **Looks at:** whether a token is mounted, decided as the "
	    "kubelet does:\n"
	    "  the pod's `automountServiceAccountToken` when set, else the\n"
	    "  ServiceAccount's, else true. The account is "
	    "`spec.serviceAccountName`,\n"
	    "  else the deprecated `spec.serviceAccount`, else `default`. When "
	    "the\n"
	    "  ServiceAccount object is not in the input, the message says so "
	    "and\n"
	    "  assumes its default (true). A mounted projected volume with a\n"
	    "  `serviceAccountToken` source counts as a token too, even with "
	    "automount\n"
	    "  off, unless its `audience` names another recipient: the API "
	    "server\n"
	    "  accepts only tokens for its own audiences (`--api-audiences`, "
	    "by default\n"
	    "  the issuer), so a token for `sts.amazonaws.com`,\n"
	    "  `api://AzureADTokenExchange` or `vault` opens no API session. "
	    "An unset\n"
	    "  audience is the API server's; one containing\n"
	    "  `kubernetes.default.svc` is taken as the API server's too.\n"
	    "  One finding per workload. Mirror pods (annotation\n"
	    "  `kubernetes.io/config.mirror`) are skipped: a static pod runs "
	    "as no\n"
	    "  service account and gets no token.\n"
	    "- **Why:** code running in the container (an exploited "
	    "application, a\n"
	    "  malicious dependency) can read the token and call the API "
	    "server with\n"
	    "  the account's permissions.\n"
	    "- **Remediation:** `automountServiceAccountToken: false` on\n"
	    "  ServiceAccounts and on pods that never call the API; dedicated "
	    "accounts\n"
	    "  with least privilege, or short-lived projected tokens, for "
	    "those that\n"
	    "  do; a token for another service names that service's "
	    "audience.\n"
	    "- **False positives:** operators and controllers need their "
	    "token; the\n"
	    "  finding then says which account to review. The severity does "
	    "not yet use\n"
	    "  the RBAC engine to tell powerful accounts from empty ones.\n",
	.references = references,
	.pod = judge_view,
};

/* Some container of pv mounts the volume named name. */
static bool volume_mounted(const struct pod_view *pv, const char *name)
{
	struct wl_iter it;
	size_t m;

	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		const struct node *vms = node_get(it.c, "volumeMounts");
		for (m = 0; m < node_count(vms); m++)
			if (node_str_eq(node_get(node_at(vms, m), "name"),
					name))
				return true;
	}
	return false;
}

/* First mounted projected volume with a serviceAccountToken source. */
static const struct node *projected_token(const struct pod_view *pv, char *path,
					  size_t n)
{
	const struct node *vols = node_get(pv->spec, "volumes");
	size_t i, j;

	for (i = 0; i < node_count(vols); i++) {
		const struct node *v = node_at(vols, i);
		const struct node *srcs = node_path(v, "projected.sources");
		const char *name = node_get_str(v, "name");

		if (!name || !volume_mounted(pv, name))
			continue;
		for (j = 0; j < node_count(srcs); j++) {
			const struct node *t =
			    node_get(node_at(srcs, j), "serviceAccountToken");
			if (!t || !sa_token_for_api(t))
				continue;
			fmt_snprintf(path, n,
				     "%s.volumes[%zu].projected.sources[%zu]."
				     "serviceAccountToken",
				     pv->spec_path, i, j);
			return t;
		}
	}
	return NULL;
}

static enum severity sa_severity(const char *sa)
{
	return strcmp(sa, "default") ? SEV_MEDIUM : SEV_LOW;
}

static void report_projected(const struct pod_view *pv, const char *sa,
			     struct findings *out)
{
	char path[WL_PATH_MAX];
	const struct node *t = projected_token(pv, path, sizeof(path));
	struct finding *fd;

	if (!t)
		return;
	fd = finding_add(out, &check_sa_token_automount, pv->obj, NULL,
			 "a projected volume mounts a token of service account "
			 "'%s'",
			 sa);
	fd->severity = sa_severity(sa);
	finding_evidence(out, fd, t, path, "%s", node_scalar_text(t));
}

static void report_automount(const struct scan *s, const struct pod_view *pv,
			     const char *sa, struct findings *out)
{
	const struct node *pod =
	    node_get(pv->spec, "automountServiceAccountToken");
	const struct kobj *sao;
	const struct node *safield = NULL;
	char path[WL_PATH_MAX];
	struct finding *fd;

	if (node_is_false(pod))
		return;
	sao = scan_account(s, kobj_ns(pv->obj), sa);
	if (sao)
		safield = node_get(sao->root, "automountServiceAccountToken");
	if (!node_is_true(pod) && node_is_false(safield))
		return;
	fmt_snprintf(path, sizeof(path), "%s.automountServiceAccountToken",
		     pv->spec_path);
	if (node_is_true(pod)) {
		fd = finding_add(out, &check_sa_token_automount, pv->obj, NULL,
				 "the pod asks for a token of service account "
				 "'%s' to be mounted",
				 sa);
		finding_evidence(out, fd, pod, path, "true");
	} else if (node_is_true(safield)) {
		fd = finding_add(out, &check_sa_token_automount, pv->obj, NULL,
				 "service account '%s' has automounting on and "
				 "the pod does not opt out",
				 sa);
		finding_evidence(out, fd, pv->spec, path,
				 "unset (the ServiceAccount's true applies)");
		finding_hop(out, fd, sao, safield,
			    "automountServiceAccountToken", "true",
			    "the ServiceAccount turns automounting on");
	} else {
		fd =
		    finding_add(out, &check_sa_token_automount, pv->obj, NULL,
				"a token of service account '%s' is mounted "
				"automatically (%s)",
				sa,
				sao ? "neither the pod nor the ServiceAccount "
				      "opts out"
				    : "the ServiceAccount is not in the input; "
				      "assumed its default, automount true");
		finding_evidence(out, fd, pv->spec, path,
				 "unset (defaults to true)");
	}
	fd->severity = sa_severity(sa);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	const char *sa = wl_service_account(pv, NULL);
	size_t before = out->n;

	if (!pv->spec || wl_is_mirror_pod(pv))
		return; /* a static pod gets no token */
	report_automount(s, pv, sa, out);
	if (out->n == before)
		report_projected(pv, sa, out);
}
