/* apiserver-audit-log: the API server keeps no audit log, or logs without a policy. */
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

static const char *const techniques[] = { "MS-TA9022", NULL };
static const char *const attack[] = { "T1070", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
	NULL,
};

const struct check check_apiserver_audit_log = {
	.id = "apiserver-audit-log",
	.title = "API server audit logging is off or has no policy",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The audit log is the only record of who did what through the "
	    "API: which token read the Secrets, created the privileged "
	    "pod, deleted the events. Without --audit-log-path or "
	    "--audit-webhook-config-file nothing is written; without "
	    "--audit-policy-file the API server logs nothing even when a "
	    "backend is set, because the default policy records no event. "
	    "An attacker's actions then leave no trace to investigate.",
	.remediation = "Give kube-apiserver --audit-policy-file (a Policy that "
		       "records at least Metadata for every request and "
		       "RequestResponse for Secrets, RBAC and pods/exec) and a "
		       "backend: --audit-log-path with --audit-log-maxage, or "
		       "--audit-webhook-config-file.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: kube-apiserver\n"
	       "    command:\n"
	       "    - kube-apiserver\n"
	       "    - --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n"
	       "    - --audit-log-path=/var/log/kubernetes/audit.log\n"
	       "    - --audit-log-maxage=30\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *log = cp_flag(p, "audit-log-path");
	const struct cp_flag *hook = cp_flag(p, "audit-webhook-config-file");
	const struct cp_flag *pol = cp_flag(p, "audit-policy-file");

	(void)a;
	if (log && !strcmp(log->value, ""))
		log = NULL;
	if (p->opaque && (!log || !pol))
		return false;
	if (!log && !hook) {
		*why =
		    "neither --audit-log-path nor --audit-webhook-config-file "
		    "is set: API requests are not audited";
		return true;
	}
	if (!pol) {
		*at = log ? log : hook;
		*why = "--audit-policy-file is not set: without a policy no "
		       "event is recorded";
		return true;
	}
	return false;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_apiserver_audit_log, CP_BIT(CP_APISERVER),
			 judge, out);
}
