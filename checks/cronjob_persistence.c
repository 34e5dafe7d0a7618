/*
 * cronjob-persistence: CronJobs whose pods hold the node or a powerful
 * service account: privileged or host-namespace pods, sensitive hostPath
 * volumes, or a mounted token with a dangerous permission.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/sa_token.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "sbuf.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9014", NULL };
static const char *const attack[] = { "T1053.007", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Kubernetes%20CronJob/",
	"https://kubernetes.io/docs/concepts/workloads/controllers/"
	"cron-jobs/",
	NULL,
};

const struct check check_cronjob_persistence = {
	.id = "cronjob-persistence",
	.title = "CronJob with node or cluster power",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS | NEED_RBAC | NEED_SERVICEACCOUNTS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A CronJob starts a fresh pod on schedule for as long as it "
	    "exists, which is why attackers use one to come back: if its "
	    "pod template is privileged, shares the host's PID, IPC or "
	    "network namespace, mounts a sensitive host path (/, /etc, "
	    "/root, /var/lib/kubelet, /etc/kubernetes, /var/run, the "
	    "runtime sockets) or mounts the token of a service account "
	    "holding a dangerous permission, every run hands that power to "
	    "whatever the image (or a changed image tag) does.  The "
	    "container checks report each setting on the CronJob too; this "
	    "check names the CronJob as a persistence foothold.  High.",
	.remediation =
	    "Review every CronJob that needs node or cluster power: drop "
	    "privileged and host settings, mount host paths read-only or "
	    "not at all, give it a dedicated service account with only the "
	    "permissions it uses, pin its image by digest, and restrict who "
	    "can create or patch cronjobs.",
	.details =
	    "- **Looks at:** CronJobs whose pod template is privileged, shares "
	    "the\n"
	    "  host's PID, IPC or network namespace, mounts a sensitive host "
	    "path (`/`,\n"
	    "  `/etc`, `/root`, `/proc`, `/sys`, `/dev`, `/run`, `/var/run`,\n"
	    "  `/var/lib/kubelet`, `/etc/kubernetes`, runtime storage; "
	    "certificate and\n"
	    "  time-zone directories excepted) or mounts the token of a "
	    "service account\n"
	    "  holding a permission of the dangerous RBAC catalogue. One "
	    "finding per\n"
	    "  CronJob names every reason.\n"
	    "- The container checks judge Job and CronJob pod templates as "
	    "they judge\n"
	    "  Deployments; a test builds one bad pod spec as all three.\n",
	.fix = "jobTemplate:\n"
	       "  spec:\n"
	       "    template:\n"
	       "      spec:\n"
	       "        serviceAccountName: report   # only what it needs\n"
	       "        automountServiceAccountToken: false\n"
	       "        containers:\n"
	       "          - name: report\n"
	       "            image: registry.example.com/report@sha256:...\n"
	       "            securityContext:\n"
	       "              privileged: false\n"
	       "              allowPrivilegeEscalation: false\n",
	.references = references,
	.pod = judge_view,
};

static const char *const sensitive[] = {
	"/",
	"/etc",
	"/root",
	"/var/lib/kubelet",
	"/etc/kubernetes",
	"/var/run",
	"/run",
	"/var/lib/docker",
	"/var/lib/containerd",
	"/proc",
	"/sys",
	"/dev",
};

/* Read by many agents; not a foothold. */
static const char *const benign[] = {
	"/etc/ssl",	   "/etc/pki",	    "/etc/ca-certificates",
	"/etc/localtime",  "/etc/timezone", "/etc/machine-id",
	"/etc/os-release",
};

static bool is_benign(const char *norm)
{
	size_t i;

	for (i = 0; i < sizeof(benign) / sizeof(benign[0]); i++)
		if (wl_path_under(norm, benign[i]))
			return true;
	return false;
}

static const char *host_path_hit(const struct pod_view *pv)
{
	const struct node *vols = node_get(pv->spec, "volumes");
	size_t i, j;

	for (i = 0; i < node_count(vols); i++) {
		const char *p =
		    node_str(node_path(node_at(vols, i), "hostPath.path"));
		char norm[1024];
		if (!p || !wl_path_normalize(p, NULL, norm, sizeof(norm)) ||
		    is_benign(norm))
			continue;
		for (j = 0; j < sizeof(sensitive) / sizeof(sensitive[0]); j++)
			if (!strcmp(norm, sensitive[j]) ||
			    (strcmp(sensitive[j], "/") &&
			     wl_path_under(norm, sensitive[j])))
				return p;
	}
	return NULL;
}

static bool privileged(const struct pod_view *pv)
{
	struct wl_iter it;

	wl_iter_init(&it, pv);
	while (wl_next(&it))
		if (node_is_true(wl_container_sc(&it, "privileged", NULL, 0)))
			return true;
	return false;
}

static const char *power(const struct scan *s, const struct pod_view *pv)
{
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };
	struct rbac_identity id;
	const char *groups[4];
	char gbuf[320], user[320];
	struct sa_token t;
	struct rbac_grant *rules;
	size_t i, nrules;

	if (!s->rbac || !scan_sa_token_mounted(s, pv, &t))
		return NULL;
	fmt_snprintf(user, sizeof(user), "system:serviceaccount:%s:%s", t.ns,
		     t.name);
	subj.name = t.name;
	subj.ns = t.ns;
	subj.user = user;
	if (!rbac_subject_identity(&subj, groups, gbuf, sizeof(gbuf), &id))
		return NULL;
	nrules = rbac_rules_of(s->rbac, &id, &rules);
	for (i = 0; i < RBAC_PERM_COUNT; i++)
		if (rbac_perm_held_in(rules, nrules, &rbac_perms[i], NULL,
				      NULL)) {
			free(rules);
			return rbac_perms[i].what;
		}
	free(rules);
	return NULL;
}

static void add(struct sbuf *sb, const char *what)
{
	if ((sb->len && sbuf_adds(sb, "; ")) || sbuf_adds(sb, what))
		oom();
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	static const char *const hostns[] = { "hostPID", "hostIPC",
					      "hostNetwork" };
	struct sbuf sb = SBUF_INIT;
	const char *hp, *pw;
	struct finding *fd;
	char path[WL_PATH_MAX];
	size_t h;

	if (strcmp(pv->obj->kind, "CronJob") != 0 || !pv->spec)
		return;
	if (privileged(pv))
		add(&sb, "a privileged container");
	for (h = 0; h < 3; h++)
		if (node_is_true(node_get(pv->spec, hostns[h])))
			add(&sb, hostns[h]);
	if ((hp = host_path_hit(pv))) {
		char buf[300];
		fmt_snprintf(buf, sizeof(buf), "host path '%s'", hp);
		add(&sb, buf);
	}
	if ((pw = power(s, pv))) {
		char buf[300];
		fmt_snprintf(buf, sizeof(buf),
			     "a service account token that can %s", pw);
		add(&sb, buf);
	}
	if (!sb.len)
		return;
	fd = finding_add(out, &check_cronjob_persistence, pv->obj, NULL,
			 "CronJob '%s' starts pods on schedule with %s",
			 pv->obj->name, sb.buf);
	fmt_snprintf(path, sizeof(path), "%s", pv->spec_path);
	finding_evidence(out, fd, pv->spec, path, "%s", sb.buf);
	sbuf_release(&sb);
}
