/* rbac-workload-sa: a workload's mounted token holds a dangerous right. */
#include "check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/sa_token.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "sbuf.h"
#include "scan.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

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
	    "permission is `*` on `*`. One finding per workload: its "
	    "evidence names each binding once with the permissions it "
	    "grants, and the message counts them.",
	.remediation =
	    "Set automountServiceAccountToken: false where the workload "
	    "does not call the API; otherwise give it a dedicated service "
	    "account with only the permissions it uses.",
	.references = references,
	.pod = judge_view,
};

/* One binding through which the token holds dangerous permissions. */
struct via {
	const struct rbac_binding *binding;
	struct sbuf perms; /* "read-secrets, exec" */
};

/*
 * One finding per workload, its evidence one entry per binding listing the
 * permissions that binding grants, so a binding granting eleven rights is
 * one line, not eleven; the message counts them.
 */
static void report(const struct scan *s, const struct pod_view *pv,
		   const struct sa_token *t, struct findings *out)
{
	struct rbac_identity id;
	const char *groups[4];
	char gbuf[320], path[128], more[96] = "";
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };
	char user[320];
	struct finding *fd;
	struct via via[RBAC_PERM_COUNT];
	const struct rbac_perm *first = NULL;
	const struct rbac_binding *first_b = NULL;
	const char *first_ns = NULL;
	bool wildcard = false;
	struct rbac_grant *rules;
	size_t i, k, nvia = 0, nperm = 0, nrules;

	fmt_snprintf(user, sizeof(user), "system:serviceaccount:%s:%s", t->ns,
		     t->name);
	subj.name = t->name;
	subj.ns = t->ns;
	subj.user = user;
	if (!rbac_subject_identity(&subj, groups, gbuf, sizeof(gbuf), &id))
		return;
	nrules = rbac_rules_of(s->rbac, &id, &rules);
	for (i = 0; i < RBAC_PERM_COUNT; i++) {
		const struct rbac_perm *p = &rbac_perms[i];
		struct rbac_grant g;
		const char *ns;
		if (!rbac_perm_held_in(rules, nrules, p, &g, &ns))
			continue;
		/* the headline: the first held, or "*" on "*", which says it
		 * all */
		if (!first || i == RBAC_PERM_WILDCARD) {
			first = p;
			first_b = g.binding;
			first_ns = ns;
		}
		for (k = 0; k < nvia && via[k].binding != g.binding; k++)
			;
		if (k == nvia) {
			via[nvia].binding = g.binding;
			sbuf_init(&via[nvia].perms, 0);
			nvia++;
		}
		if (sbuf_addf(&via[k].perms, "%s%s",
			      via[k].perms.len ? ", " : "", p->id))
			oom();
		nperm++;
		wildcard |= i == RBAC_PERM_WILDCARD;
	}
	free(rules);
	if (!first)
		return;
	if (nperm > 1)
		fmt_snprintf(
		    more, sizeof(more),
		    " (%zu dangerous permissions through %zu binding%s)", nperm,
		    nvia, nvia == 1 ? "" : "s");
	fd = finding_add(out, &check_rbac_workload_sa, pv->obj, NULL,
			 "runs as ServiceAccount %s/%s (token %s), which can "
			 "%s %s%s through %s %s%s",
			 t->ns, t->name, t->how, first->what,
			 first_ns ? "in namespace " : "cluster-wide",
			 first_ns ? first_ns : "", first_b->obj->kind,
			 first_b->obj->name, more);
	fd->severity = wildcard ? SEV_CRITICAL : SEV_HIGH;
	fmt_snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
		     t->sa_path ? t->sa_path : "serviceAccountName");
	finding_evidence(out, fd, t->sa_at, path, "%s",
			 t->sa_at ? t->name : "unset (default)");
	for (k = 0; k < nvia; k++) {
		const struct kobj *b = via[k].binding->obj;

		finding_evidence(out, fd, NULL, "rbac.binding",
				 "%s %s%s%s (%s %s): %s", b->kind,
				 b->ns ? b->ns : "", b->ns ? "/" : "", b->name,
				 via[k].binding->role_kind,
				 via[k].binding->role_name, via[k].perms.buf);
		sbuf_release(&via[k].perms);
	}
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct sa_token t;

	if (scan_sa_token_mounted(s, pv, &t))
		report(s, pv, &t, out);
}
