/*
 * storage-reclaim-delete: StorageClasses whose volumes are deleted with
 * their claim, and bound PersistentVolumes with reclaim policy Delete that
 * no StorageClass of the input accounts for.
 */
#include "check.h"

#include <string.h>

#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9038", NULL };
static const char *const attack[] = { "T1485", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/storage/persistent-volumes/"
	"#reclaiming",
	"https://kubernetes.io/docs/concepts/storage/storage-classes/"
	"#reclaim-policy",
	NULL,
};

const struct check check_storage_reclaim_delete = {
	.id = "storage-reclaim-delete",
	.title = "Volumes deleted together with their claim",
	.severity = SEV_LOW,
	.needs = NEED_STORAGE,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "With reclaim policy Delete, deleting a PersistentVolumeClaim "
	    "deletes the volume and its data at the storage provider, so "
	    "anyone who can delete claims in a namespace can destroy its "
	    "data for good, and a mistaken or malicious namespace deletion "
	    "takes the data along.  Delete is the default of every "
	    "StorageClass that does not set reclaimPolicy.  Reported once "
	    "per StorageClass that deletes (with the number of bound "
	    "volumes of the input it provisioned), and for bound "
	    "PersistentVolumes with Delete whose StorageClass is not in "
	    "the input.  Low: it turns a deletion into data loss, but "
	    "someone must be able to delete first (see rbac-delete-data); "
	    "Retain is the choice for data that matters, together with "
	    "backups.",
	.remediation =
	    "Use reclaimPolicy: Retain for classes holding data that must "
	    "survive its claim, patch existing volumes "
	    "(persistentVolumeReclaimPolicy: Retain), and keep backups or "
	    "volume snapshots outside the cluster.",
	.details = "- **Looks at:** each StorageClass whose `reclaimPolicy` is "
		   "`Delete` or\n"
		   "  unset (the default), with how many bound volumes of the "
		   "input it\n"
		   "  provisioned; and each bound PersistentVolume with "
		   "`Delete` whose class is\n"
		   "  not in the input. What matters is which data goes with "
		   "its claim, so\n"
		   "  there is no line per dynamically provisioned volume.\n",
	.fix = "apiVersion: storage.k8s.io/v1\n"
	       "kind: StorageClass\n"
	       "metadata: {name: data-retain}\n"
	       "provisioner: ebs.csi.aws.com\n"
	       "reclaimPolicy: Retain\n",
	.references = references,
	.run = run,
};

static bool pv_deletes(const struct kobj *pv)
{
	const struct node *p =
	    node_path(pv->root, "spec.persistentVolumeReclaimPolicy");

	return node_str_eq(p, "Delete");
}

static bool pv_bound(const struct kobj *pv)
{
	return node_path(pv->root, "spec.claimRef") != NULL;
}

static const char *pv_class(const struct kobj *pv)
{
	return node_get_str(node_get(pv->root, "spec"), "storageClassName");
}

static int run(const struct scan *s, struct findings *out)
{
	const struct kobj *const *sc, *const *pv;
	size_t nsc, npv, i, j;

	sc = inventory_kind(s->inv, "StorageClass", &nsc);
	pv = inventory_kind(s->inv, "PersistentVolume", &npv);
	for (i = 0; i < nsc; i++) {
		const struct node *p = node_get(sc[i]->root, "reclaimPolicy");
		struct finding *fd;
		size_t bound = 0;

		if (p && !node_str_eq(p, "Delete"))
			continue;
		for (j = 0; j < npv; j++)
			bound += pv_deletes(pv[j]) && pv_bound(pv[j]) &&
				 pv_class(pv[j]) &&
				 !strcmp(pv_class(pv[j]), sc[i]->name);
		fd =
		    finding_add(out, &check_storage_reclaim_delete, sc[i], NULL,
				"StorageClass '%s' deletes each volume with "
				"its claim (reclaimPolicy %s; %zu bound "
				"volume%s in the input)",
				sc[i]->name, p ? "Delete" : "unset, Delete",
				bound, bound == 1 ? "" : "s");
		finding_evidence(out, fd, p ? p : sc[i]->root, "reclaimPolicy",
				 "%s", p ? "Delete" : "unset (Delete)");
	}
	for (j = 0; j < npv; j++) {
		const char *cls = pv_class(pv[j]);
		const struct node *p;
		struct finding *fd;

		if (!pv_deletes(pv[j]) || !pv_bound(pv[j]) ||
		    (cls && inventory_find(s->inv, "StorageClass", NULL, cls)))
			continue;
		p = node_path(pv[j]->root,
			      "spec.persistentVolumeReclaimPolicy");
		fd = finding_add(
		    out, &check_storage_reclaim_delete, pv[j], NULL,
		    "PersistentVolume '%s' is bound to claim %s/%s and is "
		    "deleted with it (reclaimPolicy Delete)",
		    pv[j]->name,
		    node_get_str(node_path(pv[j]->root, "spec.claimRef"),
				 "namespace")
			? node_get_str(node_path(pv[j]->root, "spec.claimRef"),
				       "namespace")
			: "?",
		    node_get_str(node_path(pv[j]->root, "spec.claimRef"),
				 "name")
			? node_get_str(node_path(pv[j]->root, "spec.claimRef"),
				       "name")
			: "?");
		finding_evidence(
		    out, fd, p, "spec.persistentVolumeReclaimPolicy", "Delete");
	}
	return 0;
}
