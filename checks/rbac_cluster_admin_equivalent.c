/*
 * rbac-cluster-admin-equivalent: subjects that are effectively cluster-admin,
 * directly (`*` on `*` under another name) or through a chain of steps the
 * API server allows (escalation.h), each with its shortest chain.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "analysis/escalation.h"

#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"
#include "strmap.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.003", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Cluster-admin%20binding/",
	"https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
	"#user-facing-roles",
	NULL,
};

const struct check check_rbac_cluster_admin_equivalent = {
	.id = "rbac-cluster-admin-equivalent",
	.title = "Subject is effectively cluster-admin",
	.severity = SEV_CRITICAL,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A subject is effectively cluster-admin when its permissions "
	    "reach full control through steps the API server allows: a "
	    "ClusterRole with \"*\" on \"*\" under another name; bind or "
	    "escalate on ClusterRoles; impersonating users, or groups "
	    "(system:masters) beside a user to carry them; "
	    "approving and signing a certificate for system:masters; "
	    "writing admission webhooks; nodes/proxy; or becoming a "
	    "stronger service account by creating pods (or any pod "
	    "controller) in its namespace, requesting its token, "
	    "impersonating it, reading its token Secret or exec'ing into "
	    "a pod that mounts it (only the pods a resourceNames list "
	    "names, when the rule has one); or, where a namespace admits "
	    "privileged "
	    "pods (no Pod Security baseline, no enforcing admission "
	    "policy, or Pod Security alone and the subject may update or "
	    "patch the Namespace, whose label it rewrites), running one on "
	    "the node of a pod that mounts a "
	    "stronger token, or on a control-plane node whose files hold "
	    "the API server's keys. Each such subject gets one finding with "
	    "the shortest chain as its path; the per-permission findings "
	    "(rbac-read-secrets, rbac-exec, rbac-wildcard, ...) that the "
	    "chain makes moot are folded into it. Direct bindings to the "
	    "cluster-admin ClusterRole are reported by "
	    "cluster-admin-binding; system components (system: users and "
	    "groups) and chains that start at a bootstrap binding are "
	    "left out; system:authenticated and other public groups are "
	    "not. See docs/rbac.md for the steps and their limits.",
	.remediation =
	    "Cut the first hop of the chain: bind a role that lists the "
	    "resources and verbs the subject needs, never \"*\", bind, "
	    "escalate, impersonate, webhook writes, CSR approval or "
	    "nodes/proxy; keep pod creation and token requests out of "
	    "namespaces whose service accounts are stronger than the "
	    "subject; keep full control for break-glass accounts only.",
	.references = references,
	.run = run,
};

#define MAX_HOPS 16

static void report(struct findings *out, const struct escal_hop *h, size_t n)
{
	const struct rbac_binding *b = h[0].grant.binding;
	const char *who = rbac_subject_text(out->arena, h[0].who);
	char key[RBAC_SUBJECT_KEY];
	struct finding *fd;

	if (n == 1 && h[0].step == ESC_WILDCARD)
		fd = finding_add(out, &check_rbac_cluster_admin_equivalent,
				 b->obj, NULL,
				 "%s holds cluster-admin power through "
				 "ClusterRoleBinding %s (ClusterRole %s)",
				 who, b->obj->name, b->role_name);
	else if (n == 1)
		fd = finding_add(out, &check_rbac_cluster_admin_equivalent,
				 b->obj, NULL,
				 "%s is effectively cluster-admin: it %s "
				 "through %s %s (%s %s)",
				 who, escal_hop_text(&h[0]), b->obj->kind,
				 b->obj->name, b->role_kind, b->role_name);
	else
		fd = finding_add(out, &check_rbac_cluster_admin_equivalent,
				 b->obj, NULL,
				 "%s is effectively cluster-admin in %zu "
				 "steps: %s",
				 who, n, escal_chain_text(out->arena, h, n));
	finding_fold_into(out, fd, rbac_subject_key(key, h[0].who), false);
	rbac_grant_evidence(out, fd, b, h[0].grant.subject, h[0].grant.rule);
	/* a first hop through a relabelled namespace needs two grants */
	if (h[0].relabel.binding)
		rbac_grant_evidence(out, fd, h[0].relabel.binding,
				    h[0].relabel.subject, h[0].relabel.rule);
	/* and one through a PersistentVolume of its own */
	if (h[0].volume.binding)
		rbac_grant_evidence(out, fd, h[0].volume.binding,
				    h[0].volume.subject, h[0].volume.rule);
	escal_hops(out, fd, h, n);
}

struct seen {
	const struct escal *e;
	struct strmap done;
};

static void judge(struct findings *out, const struct rbac *r,
		  const struct rbac_grant *g, void *ctx)
{
	struct seen *sn = ctx;
	struct escal_hop h[MAX_HOPS];
	const char *key;
	void **slot;
	size_t n;

	(void)r;
	int pid;

	if (escal_owner(sn->e, g->subject, &pid) != ESC_OWNER_CHAIN)
		return;
	key = rbac_subject_text(out->arena, g->subject);
	slot = strmap_slot(&sn->done, key, strlen(key));
	if (*slot)
		return;
	*slot = (void *)key;
	n = escal_chain(sn->e, g->subject, h, MAX_HOPS);
	if (n)
		report(out, h, n);
}

static const struct rbac_walk walk = {
	.flags = RBAC_EACH_NO_DEFAULT,
	.fn = judge,
};

static int run(const struct scan *s, struct findings *out)
{
	struct seen sn = { s->escal, STRMAP_INIT };

	if (s->escal)
		rbac_each_grant(s->rbac, &walk, &sn, out);
	strmap_release(&sn.done);
	return 0;
}
