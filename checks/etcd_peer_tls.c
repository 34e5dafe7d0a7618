/* etcd-peer-tls: etcd members talk to each other without authenticated TLS. */
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
	"https://etcd.io/docs/v3.5/op-guide/security/",
	NULL,
};

const struct check check_etcd_peer_tls = {
	.id = "etcd-peer-tls",
	.title = "etcd peer traffic is not authenticated",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "etcd members replicate every write, Secrets included, to "
	    "each other. Without --peer-client-cert-auth=true any host "
	    "that reaches the peer port (2380) can pose as a member and "
	    "receive the data; --peer-auto-tls=true without "
	    "--peer-cert-file and --peer-key-file uses self-signed "
	    "certificates nobody verifies, and http:// peer URLs send it "
	    "in the clear.",
	.remediation =
	    "Start etcd with --peer-client-cert-auth=true, "
	    "--peer-trusted-ca-file, --peer-cert-file and --peer-key-file "
	    "from the etcd CA, https:// peer URLs, and no "
	    "--peer-auto-tls.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: etcd\n"
	       "    command:\n"
	       "    - etcd\n"
	       "    - --peer-client-cert-auth=true\n"
	       "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "peer-client-cert-auth");
	const struct cp_flag *t = cp_flag(p, "peer-auto-tls");
	const struct cp_flag *u = cp_flag(p, "listen-peer-urls");

	(void)a;
	/* etcd ignores --peer-auto-tls when it is given a peer certificate */
	if (t && cp_true(t->value) &&
	    !(cp_flag(p, "peer-cert-file") && cp_flag(p, "peer-key-file"))) {
		*at = t;
		*why = "--peer-auto-tls=true: members use self-signed "
		       "certificates nobody verifies";
		return true;
	}
	if (u && strstr(u->value, "http://")) {
		*at = u;
		*why = "peers are reached over plain http://";
		return true;
	}
	if (f && cp_true(f->value))
		return false;
	if (!f && p->opaque)
		return false;
	*at = f;
	*why = "etcd accepts peers without a certificate "
	       "(--peer-client-cert-auth is not true)";
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_ETCD));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_etcd_peer_tls, CP_BIT(CP_ETCD), judge, out);
}
