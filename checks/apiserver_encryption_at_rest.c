/* apiserver-encryption-at-rest: Secrets are stored in etcd without encryption. */
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

static const char *const techniques[] = { "MS-TA9025", NULL };
static const char *const attack[] = { "T1552.007", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/",
	NULL,
};

const struct check check_apiserver_encryption_at_rest = {
	.id = "apiserver-encryption-at-rest",
	.title = "API server does not encrypt Secrets at rest",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Without --encryption-provider-config the API server stores "
	    "Secrets in etcd as plain base64: whoever reads an etcd "
	    "backup, an etcd data directory on a control-plane disk, or "
	    "etcd itself over a weak client port reads every Secret "
	    "without touching RBAC. An EncryptionConfiguration in the "
	    "input whose first provider for secrets is identity, or with no "
	    "entry for secrets, encrypts nothing either (medium). aescbc "
	    "(open to CBC padding oracles, its key in a file on the "
	    "control-plane disk) and KMS v1 (deprecated, off by default "
	    "since 1.29) protect less than KMS v2, secretbox or aesgcm "
	    "(low). A kube-apiserver pod naming the file (same path or base "
	    "name) is named in the message.",
	.remediation =
	    "Give kube-apiserver --encryption-provider-config naming an "
	    "EncryptionConfiguration whose first provider for secrets is "
	    "kms (apiVersion v2), or secretbox or aesgcm, then rewrite "
	    "existing "
	    "Secrets (kubectl get secrets -A -o json | kubectl replace -f "
	    "-).",
	.fix = "apiVersion: apiserver.config.k8s.io/v1\n"
	       "kind: EncryptionConfiguration\n"
	       "resources:\n"
	       "- resources: [secrets]\n"
	       "  providers:\n"
	       "  - secretbox:\n"
	       "      keys:\n"
	       "      - name: key1\n"
	       "        secret: <base64 32-byte key>\n"
	       "  - identity: {}\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

/* The resources entry that covers Secrets (the first one listing them). */
static const struct node *secrets_entry(const struct node *rs, size_t *idx)
{
	size_t j, k;

	for (j = 0; j < node_count(rs); j++) {
		const struct node *l = node_get(node_at(rs, j), "resources");
		for (k = 0; k < node_count(l); k++)
			if (node_str_eq(node_at(l, k), "secrets") ||
			    node_str_eq(node_at(l, k), "*.") ||
			    node_str_eq(node_at(l, k), "*.*")) {
				*idx = j;
				return node_at(rs, j);
			}
	}
	return NULL;
}

static void add(struct findings *out, const struct cp_file *f,
		enum severity sev, const struct node *at, const char *path,
		const char *value, const char *msg)
{
	struct finding *fd =
	    finding_add(out, &check_apiserver_encryption_at_rest, f->obj, NULL,
			"%s%s", msg, cp_file_user_text(out->arena, f));

	fd->severity = sev;
	finding_evidence(out, fd, at, path, "%s", value);
}

/* The provider that writes Secrets: identity, aescbc and KMS v1 are weak. */
static void judge_file(struct findings *out, const struct cp_file *f)
{
	const struct node *rs = node_get(f->obj->root, "resources");
	size_t idx = 0;
	const struct node *e = secrets_entry(rs, &idx);
	const struct node *first = node_at(node_get(e, "providers"), 0);
	const char *path =
	    arena_printf(out->arena, "resources[%zu].providers[0]", idx);

	if (!e) {
		add(out, f, SEV_MEDIUM, rs, "resources", "no entry for secrets",
		    "no resources entry names secrets: Secrets are written "
		    "to etcd unencrypted");
	} else if (!first || node_get(first, "identity")) {
		add(out, f, SEV_MEDIUM, first, path, "identity",
		    "the first provider for secrets is identity: Secrets are "
		    "written to etcd unencrypted");
	} else if (node_get(first, "aescbc")) {
		add(out, f, SEV_LOW, first, path, "aescbc",
		    "Secrets are encrypted with aescbc, which CBC padding "
		    "oracles weaken and whose key sits in the file beside "
		    "the API server: prefer kms v2, secretbox or aesgcm");
	} else if (node_get(first, "kms") &&
		   !node_str_eq(node_get(node_get(first, "kms"), "apiVersion"),
				"v2")) {
		add(out, f, SEV_LOW, node_get(first, "kms"),
		    arena_printf(out->arena, "%s.kms.apiVersion", path), "v1",
		    "Secrets are encrypted with KMS v1, deprecated and "
		    "disabled by default since Kubernetes 1.29: use KMS v2");
	}
}

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "encryption-provider-config");

	(void)a;
	if (f || p->opaque)
		return false;
	*at = NULL;
	*why = "--encryption-provider-config is not set: Secrets are stored "
	       "in etcd unencrypted";
	return true;
}

static int run(const struct scan *s, struct findings *out)
{
	const struct cp_file *f;
	size_t n, i;

	n = cp_files(s, out->arena, "EncryptionConfiguration",
		     "apiserver.config.k8s.io", "encryption-provider-config",
		     &f);
	for (i = 0; i < n; i++)
		judge_file(out, &f[i]);
	return cp_report(s, &check_apiserver_encryption_at_rest,
			 CP_BIT(CP_APISERVER), judge, out);
}

static const char *unseen(const struct scan *s)
{
	size_t n;

	inventory_kind(s->inv, "EncryptionConfiguration", &n);
	return n ? NULL : cp_unseen(s, CP_BIT(CP_APISERVER));
}
