/* etcd-client-cert-auth: etcd accepts clients without a certificate. */
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

static const char *const techniques[] = { "MS-TA9025", "MS-TA9005", NULL };
static const char *const attack[] = { "T1552.007", NULL };
static const char *const references[] = {
	"https://etcd.io/docs/v3.5/op-guide/security/",
	"https://kubernetes.io/docs/tasks/administer-cluster/"
	"configure-upgrade-etcd/#securing-etcd-clusters",
	NULL,
};

const struct check check_etcd_client_cert_auth = {
	.id = "etcd-client-cert-auth",
	.title = "etcd does not require client certificates",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "etcd holds every object of the cluster, Secrets included, "
	    "and answers anyone it accepts as a client with no RBAC in "
	    "between. Without --client-cert-auth=true any process that "
	    "reaches its client port (2379) reads and writes the whole "
	    "cluster; --auto-tls=true without --cert-file and --key-file "
	    "makes it present a self-signed certificate that clients "
	    "cannot verify (given a certificate, etcd ignores it).",
	.remediation =
	    "Start etcd with --client-cert-auth=true and "
	    "--trusted-ca-file (kubeadm does), serve TLS with --cert-file "
	    "and --key-file from the cluster's etcd CA, and drop "
	    "--auto-tls.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: etcd\n"
	       "    command:\n"
	       "    - etcd\n"
	       "    - --client-cert-auth=true\n"
	       "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

/* Flag name is given a non-empty value. */
static bool given(const struct cp_proc *p, const char *name)
{
	const struct cp_flag *f = cp_flag(p, name);

	return f && *f->value;
}

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "client-cert-auth");
	const struct cp_flag *t = cp_flag(p, "auto-tls");

	(void)a;
	/* etcd ignores --auto-tls when it is given a server certificate */
	if (t && cp_true(t->value) &&
	    !(given(p, "cert-file") && given(p, "key-file"))) {
		*at = t;
		*why = "--auto-tls=true serves clients a self-signed "
		       "certificate";
		return true;
	}
	if (f && cp_true(f->value))
		return false;
	if (!f && p->opaque)
		return false;
	*at = f;
	*why = "etcd accepts clients without a certificate (--client-cert-auth "
	       "is not true): whoever reaches port 2379 reads every Secret";
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_ETCD));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_etcd_client_cert_auth, CP_BIT(CP_ETCD),
			 judge, out);
}
