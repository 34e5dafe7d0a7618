/* rbac-workload-sa: a workload's mounted token holds a dangerous right. */
#include "check.h"

#include <stdio.h>

#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/sa_token.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Container%20service%20account/",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"configure-service-account/#opt-out-of-api-credential-automounting",
	NULL,
};

const struct check check_rbac_workload_sa = {
	.id = "rbac-workload-sa",
	.title = "Workload runs with a service account token that holds a "
		 "dangerous permission",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_HIGH,
	.needs = NEED_WORKLOADS | NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The token of a pod's service account is mounted at "
	    "/var/run/secrets/kubernetes.io/serviceaccount unless "
	    "automountServiceAccountToken is false on the pod or its "
	    "ServiceAccount (a projected serviceAccountToken volume "
	    "mounts one regardless). Anyone who gets code execution in "
	    "the pod, through an application bug or a compromised image, "
	    "holds that service account's permissions. Reported when the "
	    "service account holds a permission of the dangerous "
	    "catalogue through any binding, bootstrap ones included, "
	    "since the risk is the token's location. Critical when the "
	    "permission is `*` on `*`.",
	.remediation =
	    "Set automountServiceAccountToken: false where the workload "
	    "does not call the API; otherwise give it a dedicated service "
	    "account with only the permissions it uses.",
	.references = references,
	.run = run,
};

static void report(const struct scan *s, const struct pod_view *pv,
		   const struct sa_token *t, struct findings *out)
{
	struct rbac_identity id;
	const char *groups[4];
	char gbuf[320], path[128];
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };
	char user[320];
	struct finding *fd = NULL;
	size_t i;

	snprintf(user, sizeof(user), "system:serviceaccount:%s:%s", t->ns,
		 t->name);
	subj.name = t->name;
	subj.ns = t->ns;
	subj.user = user;
	if (!rbac_subject_identity(&subj, groups, gbuf, sizeof(gbuf), &id))
		return;
	for (i = 0; i < RBAC_PERM_COUNT; i++) {
		const struct rbac_perm *p = &rbac_perms[i];
		struct rbac_grant g;
		const char *ns;
		if (!rbac_perm_held(s->rbac, &id, p, &g, &ns))
			continue;
		if (!fd) {
			fd = finding_add(
			    out, &check_rbac_workload_sa, pv->obj, NULL,
			    "runs as ServiceAccount %s/%s (token "
			    "%s), which can %s %s%s through %s %s",
			    t->ns, t->name, t->how, p->what,
			    ns ? "in namespace " : "cluster-wide", ns ? ns : "",
			    g.binding->obj->kind, g.binding->obj->name);
			snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
				 t->sa_path ? t->sa_path
					    : "serviceAccountName");
			finding_evidence(out, fd, t->sa_at, path, "%s",
					 t->sa_at ? t->name
						  : "unset (default)");
		}
		snprintf(path, sizeof(path), "rbac.%s", p->id);
		finding_evidence(out, fd, NULL, path, "%s %s (%s %s)",
				 g.binding->obj->kind, g.binding->obj->name,
				 g.binding->role_kind, g.binding->role_name);
		fd->severity =
		    i == RBAC_PERM_WILDCARD ? SEV_CRITICAL : SEV_HIGH;
	}
}

static int run(const struct scan *s, struct findings *out)
{
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct sa_token t;
		if (sa_token_mounted(s->inv, &pv[i], &t))
			report(s, &pv[i], &t, out);
	}
	return 0;
}
