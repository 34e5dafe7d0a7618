/*
 * rbac-create-pv: subjects that may create PersistentVolumes, and so
 * mount any directory of a node into a pod through a claim, past the
 * hostPath rules of Pod Security.
 */
#include "check.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "analysis/rbac_perm_report.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9013", NULL };
static const char *const attack[] = { "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
	"#types-of-persistent-volumes",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
	NULL,
};

const struct check check_rbac_create_pv = {
	.id = "rbac-create-pv",
	.title = "Subject can create PersistentVolumes",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A PersistentVolume may be a hostPath (or local) volume naming "
	    "any directory of a node: bound to a claim, it is mounted into "
	    "whatever pod uses the claim, and Pod Security, which forbids "
	    "hostPath volumes in the pod, sees only a persistentVolumeClaim "
	    "volume, which every level allows.  A subject that may create "
	    "PersistentVolumes and, in some namespace, claims and pods (or "
	    "controllers that make them) can so read and write the node's "
	    "files, its kubelet credentials and the tokens of its other pods "
	    "included (high); one that may create PersistentVolumes only "
	    "needs someone else's claim and pod (medium).  Reported for "
	    "create on persistentvolumes through a non-bootstrap "
	    "ClusterRoleBinding, the only binding that grants it (the "
	    "volume binder and provisioners of the control plane are "
	    "bootstrap).  Full-wildcard rules are left to rbac-wildcard, "
	    "and a subject that is effectively cluster-admin is said once.",
	.remediation =
	    "Keep create on persistentvolumes to the storage provisioners; "
	    "let users ask for storage through claims and StorageClasses, "
	    "and, where PersistentVolumes are made by hand, have an "
	    "admission policy refuse hostPath and local volumes.",
	.details =
	    "- **Looks at:** create on `persistentvolumes` through a "
	    "non-bootstrap\n"
	    "  ClusterRoleBinding: high when the subject may also create\n"
	    "  `persistentvolumeclaims` and run pods (create pods or a "
	    "controller, or\n"
	    "  change a controller's pod template) in one namespace through "
	    "any of its\n"
	    "  bindings, medium otherwise.\n"
	    "- **Silent for:** reading PersistentVolumes; creating claims "
	    "alone, which\n"
	    "  a StorageClass's provisioner serves; update or patch on "
	    "PersistentVolumes,\n"
	    "  whose source cannot change after creation; bootstrap bindings "
	    "of the\n"
	    "  control plane; full wildcards.\n",
	.fix = "rules:\n"
	       "  - apiGroups: [\"\"]\n"
	       "    resources: [persistentvolumes]\n"
	       "    verbs: [get, list, watch]\n",
	.references = references,
	.run = run,
};

static const struct rbac_perm_req pv_req[] = {
	{ "create", "", "persistentvolumes" },
};

static const struct rbac_perm create_pv = {
	.id = "create-pv",
	.what = "create PersistentVolumes",
	.cluster_scoped = true,
	.any = pv_req,
	.nany = sizeof(pv_req) / sizeof(pv_req[0]),
};

static const struct rbac_perm_req claim_req[] = {
	{ "create", "", "persistentvolumeclaims" },
};

static const struct rbac_perm create_claim = {
	.id = "create-claims",
	.what = "create PersistentVolumeClaims",
	.any = claim_req,
	.nany = sizeof(claim_req) / sizeof(claim_req[0]),
};

/*
 * A namespace where the rules g[0..n) of one subject let it create both a
 * claim and a pod: "" for every namespace, NULL when there is none.
 */
static const char *claim_and_pod(const struct rbac_grant *g, size_t n)
{
	const struct rbac_perm *run_pods =
	    &rbac_perms[RBAC_PERM_CREATE_WORKLOADS];
	size_t i, j;

	for (i = 0; i < n; i++) {
		const char *cns;

		if (!rbac_perm_held_in(&g[i], 1, &create_claim, NULL, &cns))
			continue;
		for (j = 0; j < n; j++) {
			const char *pns;

			if (!rbac_perm_held_in(&g[j], 1, run_pods, NULL, &pns))
				continue;
			/* NULL: through a ClusterRoleBinding, everywhere */
			if (!cns && !pns)
				return "";
			if (!cns || !pns || !strcmp(cns, pns))
				return cns ? cns : pns;
		}
	}
	return NULL;
}

static struct finding *say(struct findings *out, const struct rbac *r,
			   const struct rbac_grant *g)
{
	const struct rbac_binding *b = g->binding;
	const struct rbac_subject *sj = g->subject;
	const char *groups[4], *where = NULL;
	struct rbac_identity id;
	struct rbac_grant *rules = NULL;
	struct finding *fd;
	char buf[320];

	if (rbac_subject_identity(sj, groups, buf, sizeof(buf), &id)) {
		size_t n = rbac_rules_of(r, &id, &rules);

		where = claim_and_pod(rules, n);
	}
	if (where)
		fd = finding_add(
		    out, &check_rbac_create_pv, b->obj, NULL,
		    "%s can create PersistentVolumes through %s %s (%s %s), "
		    "and claims and pods %s: a hostPath PersistentVolume "
		    "mounts any directory of a node into its pod, whatever "
		    "Pod Security enforces",
		    rbac_subject_text(out->arena, sj), b->obj->kind,
		    b->obj->name, b->role_kind, b->role_name,
		    *where ? arena_printf(out->arena, "in namespace %s", where)
			   : "in every namespace");
	else
		fd =
		    finding_add(out, &check_rbac_create_pv, b->obj, NULL,
				"%s can create PersistentVolumes through %s "
				"%s (%s %s): with anyone's claim and pod, a "
				"hostPath PersistentVolume mounts any "
				"directory of a node",
				rbac_subject_text(out->arena, sj), b->obj->kind,
				b->obj->name, b->role_kind, b->role_name);
	if (!where)
		fd->severity = SEV_MEDIUM;
	free(rules);
	return fd;
}

static int run(const struct scan *s, struct findings *out)
{
	static const struct rbac_one one = { &check_rbac_create_pv, &create_pv,
					     say };

	return rbac_one_report(s, &one, out);
}
