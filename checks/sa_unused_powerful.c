/*
 * sa-unused-powerful: a ServiceAccount that holds dangerous permissions but
 * that no workload runs as.
 */
#include "check.h"

#include <string.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"
#include "strmap.h"
#include "workload.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/service-accounts/"
	"#cleanup",
	"https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
	"#periodic-review",
	NULL,
};

const struct check check_sa_unused_powerful = {
	.id = "sa-unused-powerful",
	.title = "Powerful service account that no workload uses",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_RBAC | NEED_SERVICEACCOUNTS | NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A service account no pod runs as has no reason to hold "
	    "permissions, yet one bound to dangerous rules is a ready "
	    "identity for whoever can mint its token (create on "
	    "serviceaccounts/token in its namespace), read a legacy token "
	    "Secret, or create a pod that names it; leftovers of removed "
	    "applications and CI accounts used from outside the cluster "
	    "are the usual cases. Nobody watches an unused account's "
	    "activity, so its use goes unnoticed. Only bindings that "
	    "name the account count: a grant to a group of every "
	    "account (system:serviceaccounts[:NS], system:authenticated) "
	    "is rbac-public-binding's. High when it is "
	    "effectively cluster-admin, medium otherwise on a live "
	    "cluster or snapshot; one step lower on manifests, where the "
	    "workload using it may live in files that were not scanned.",
	.remediation =
	    "Delete the service account and its bindings when nothing "
	    "uses it; for an account used from outside the cluster, give "
	    "it short-lived tokens (TokenRequest) and only the rules it "
	    "needs, and watch its use in the audit log.",
	.references = references,
	.run = run,
};

/* Catalogue permissions worth a finding, worst first. */
static const enum rbac_perm_id worst_first[] = {
	RBAC_PERM_WILDCARD,	    RBAC_PERM_ESCALATE,
	RBAC_PERM_CSR_APPROVE,	    RBAC_PERM_WEBHOOKS,
	RBAC_PERM_NODES_PROXY,	    RBAC_PERM_SA_TOKEN,
	RBAC_PERM_READ_SECRETS,	    RBAC_PERM_EXEC,
	RBAC_PERM_CREATE_WORKLOADS,
};

/* "NS\x1fNAME" of every account some workload of inv runs as. */
static void used_accounts(struct arena *a, const struct inventory *inv,
			  struct strmap *m)
{
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++) {
		const char *sa = node_get_str(pv[i].spec, "serviceAccountName");
		const char *ns = kobj_ns(pv[i].obj), *k;
		char buf[512];
		size_t nl = strlen(ns), sl, len;

		if (!sa || !*sa)
			sa = node_get_str(pv[i].spec, "serviceAccount");
		if (!sa || !*sa)
			sa = "default";
		sl = strlen(sa);
		len = nl + 1 + sl;
		/* most pods share an account: a key of its own only for the
		 * first */
		if (len < sizeof(buf)) {
			memcpy(buf, ns, nl);
			buf[nl] = '\x1f';
			memcpy(buf + nl + 1, sa, sl + 1);
			if (strmap_get(m, buf, len))
				continue;
			k = arena_strndup(a, buf, len);
		} else {
			k = arena_printf(a, "%s\x1f%s", ns, sa);
		}
		*strmap_slot(m, k, len) = (void *)k;
	}
}

static void judge(const struct scan *s, struct findings *out,
		  const struct kobj *sa, bool complete)
{
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };
	const char *groups[4];
	char buf[320];
	struct rbac_identity id;
	struct rbac_grant g;
	struct finding *fd;
	size_t i;
	int pid;

	subj.name = sa->name;
	subj.ns = kobj_ns(sa);
	subj.user = arena_printf(out->arena, "system:serviceaccount:%s:%s",
				 subj.ns, subj.name);
	if (!rbac_subject_identity(&subj, groups, buf, sizeof(buf), &id))
		return;
	/*
	 * Only what is bound to the account by name: a grant to
	 * system:serviceaccounts[:NS] or system:authenticated reaches every
	 * account alike, used or not, and deleting this one takes nothing
	 * away (rbac-public-binding reports the group).
	 */
	id.ngroups = 0;
	for (i = 0; i < sizeof(worst_first) / sizeof(worst_first[0]); i++) {
		const struct rbac_perm *p = &rbac_perms[worst_first[i]];
		bool admin;
		if (!rbac_perm_held(s->rbac, &id, p, &g, NULL) ||
		    g.binding->is_default)
			continue;
		admin = s->escal &&
			escal_owner(s->escal, &subj, &pid) != ESC_OWNER_NONE;
		fd = finding_add(
		    out, &check_sa_unused_powerful, sa, NULL,
		    "ServiceAccount %s/%s can %s%s through %s %s, but %s",
		    subj.ns, subj.name,
		    rbac_perm_granted(out->arena, g.binding->role, p,
				      g.binding->ns, g.binding->cluster, false),
		    admin ? " (it is effectively cluster-admin)" : "",
		    g.binding->obj->kind, g.binding->obj->name,
		    complete ? "no workload runs as it"
			     : "no workload in what was scanned runs as it");
		fd->severity = admin ? SEV_HIGH : SEV_MEDIUM;
		if (!complete)
			fd->severity = admin ? SEV_MEDIUM : SEV_LOW;
		finding_evidence(out, fd, node_path(sa->root, "metadata.name"),
				 "metadata.name", "%s", sa->name);
		rbac_grant_evidence(out, fd, g.binding, g.subject, g.rule);
		return;
	}
}

static int run(const struct scan *s, struct findings *out)
{
	struct strmap used = STRMAP_INIT;
	const struct kobj *const *v;
	bool complete;
	size_t n, i;

	if (!s->rbac)
		return 0;
	complete = s->meta.source && (!strcmp(s->meta.source, "live") ||
				      !strcmp(s->meta.source, "snapshot"));
	used_accounts(out->arena, s->inv, &used);
	v = inventory_kind(s->inv, "ServiceAccount", &n);
	for (i = 0; i < n; i++) {
		const char *k = arena_printf(out->arena, "%s\x1f%s",
					     kobj_ns(v[i]), v[i]->name);
		if (!strmap_get(&used, k, strlen(k)))
			judge(s, out, v[i], complete);
	}
	strmap_release(&used);
	return 0;
}
