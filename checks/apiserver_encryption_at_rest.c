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
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Without --encryption-provider-config the API server stores "
	    "Secrets in etcd as plain base64: whoever reads an etcd "
	    "backup, an etcd data directory on a control-plane disk, or "
	    "etcd itself over a weak client port reads every Secret "
	    "without touching RBAC. An EncryptionConfiguration in the "
	    "input whose first provider for secrets is identity encrypts "
	    "nothing either.",
	.remediation =
	    "Give kube-apiserver --encryption-provider-config naming an "
	    "EncryptionConfiguration whose first provider for secrets is "
	    "kms (v2), aescbc, aesgcm or secretbox, then rewrite existing "
	    "Secrets (kubectl get secrets -A -o json | kubectl replace -f "
	    "-).",
	.fix = "apiVersion: apiserver.config.k8s.io/v1\n"
	       "kind: EncryptionConfiguration\n"
	       "resources:\n"
	       "- resources: [secrets]\n"
	       "  providers:\n"
	       "  - aescbc:\n"
	       "      keys:\n"
	       "      - name: key1\n"
	       "        secret: <base64 32-byte key>\n"
	       "  - identity: {}\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

/* An EncryptionConfiguration of the input whose secrets stay plain. */
static const struct node *plain_secrets(const struct scan *s)
{
	const struct kobj *const *v;
	size_t n, i, j, k;

	v = inventory_kind(s->inv, "EncryptionConfiguration", &n);
	for (i = 0; i < n; i++) {
		const struct node *rs = node_get(v[i]->root, "resources");
		for (j = 0; j < node_count(rs); j++) {
			const struct node *r = node_at(rs, j);
			const struct node *l = node_get(r, "resources");
			const struct node *first =
			    node_at(node_get(r, "providers"), 0);
			bool secrets = false;
			for (k = 0; k < node_count(l); k++)
				secrets |=
				    node_str_eq(node_at(l, k), "secrets") ||
				    node_str_eq(node_at(l, k), "*.*");
			if (secrets && node_get(first, "identity"))
				return first;
		}
	}
	return NULL;
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
	const struct node *plain = plain_secrets(s);
	const struct kobj *const *v;
	size_t n;

	if (plain) {
		struct finding *fd;
		v = inventory_kind(s->inv, "EncryptionConfiguration", &n);
		fd = finding_add(out, &check_apiserver_encryption_at_rest, v[0],
				 NULL,
				 "the first provider for secrets is identity: "
				 "Secrets are written to etcd unencrypted");
		finding_evidence(out, fd, plain, "resources[].providers[0]",
				 "identity");
	}
	return cp_report(s, &check_apiserver_encryption_at_rest,
			 CP_BIT(CP_APISERVER), judge, out);
}

static const char *unseen(const struct scan *s)
{
	size_t n;

	inventory_kind(s->inv, "EncryptionConfiguration", &n);
	return n ? NULL : cp_unseen(s, CP_BIT(CP_APISERVER));
}
