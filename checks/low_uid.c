/*
 * low-uid: containers that run as a UID or GID that can belong to a node
 * user or group.
 */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"security-context/",
	"https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/",
	NULL,
};

#define LOW_UID 10000

const struct check check_low_uid = {
	.id = "low-uid",
	.title = "Container runs with a low UID or GID",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Without user namespaces a container's UID is the node's UID. "
	    " UIDs below 10000 are where node distributions put system "
	    "and login users (daemon, www-data, the first human user at "
	    "1000), so after an escape, or through a hostPath or shared "
	    "volume, the process owns what that node user owns "
	    "(Privileged container, MS-TA9018, T1611).  UIDs of 10000 and "
	    "more avoid the overlap.  The group is the same: a runAsGroup "
	    "below 10000 (0, the root group, included) is a group of the "
	    "node, whose files (disk devices, logs, sockets) the process "
	    "may then read or write; it is reported when the UID is not "
	    "(one finding per container).  Low: it matters only once "
	    "something else has failed.  UID 0 is run-as-root's; pods with "
	    "hostUsers: false (user namespace, the UID is mapped) and "
	    "Windows pods are skipped.  The Kubernetes Dashboard's own "
	    "hardened manifests run as UID 1001 and are reported on "
	    "purpose: the overlap is real, and the severity says how "
	    "little it weighs alone.",
	.remediation = "Run as a UID and GID of 10000 or more (runAsUser, "
		       "runAsGroup and the image's USER), or enable user "
		       "namespaces with hostUsers: false.",
	.details = "- **Severity:** low. **Techniques:** MS-TA9018; ATT&CK "
		   "T1610, T1611.\n"
		   "- **Looks at:** the effective `runAsUser` between 1 and "
		   "9999. UID 0 is\n"
		   "  `run-as-root`'s; pods with `hostUsers: false` and "
		   "Windows pods are\n"
		   "  skipped.\n"
		   "- **Group:** when the UID is not reported (10000 or more, "
		   "or unset), the\n"
		   "  effective `runAsGroup` between 0 and 9999 is: GID 0 is "
		   "the node's root\n"
		   "  group. A container running as UID 0 is run-as-root's "
		   "finding only.\n"
		   "- **Why:** without user namespaces the container's UID is "
		   "the node's, and\n"
		   "  node distributions give UIDs below 10000 to system and "
		   "login users.\n"
		   "- **Deliberate:** the Kubernetes Dashboard's own hardened "
		   "manifests run as\n"
		   "  UID 1001 and are reported (low): the overlap with node "
		   "users is real.\n",
	.fix = "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n"
	       "  runAsGroup: 10001\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

/*
 * The effective runAsGroup of a container whose UID is not reported: a GID
 * below 10000, 0 included, is a group of the node (root's own at 0).
 */
static void judge_group(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    wl_effective(it, "runAsGroup", path, sizeof(path));
	struct finding *fd;
	long long g = 0;

	if (!node_int(v, &g) || g < 0 || g >= LOW_UID)
		return;
	fd = finding_add(out, &check_low_uid, it->pv->obj, it->name,
			 "%s '%s' runs with GID %lld%s, below %d: it can be a "
			 "group of the node",
			 wl_list_noun(it->list), it->name, g,
			 g == 0 ? " (the root group)" : "", LOW_UID);
	finding_evidence(out, fd, v, path, "%lld", g);
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    wl_effective(it, "runAsUser", path, sizeof(path));
	struct finding *fd;
	long long u = 0;
	bool has_uid;

	if (node_is_false(node_get(it->pv->spec, "hostUsers")))
		return;
	has_uid = node_int(v, &u);
	if (has_uid && u == 0)
		return;
	if (!has_uid || u >= LOW_UID) {
		judge_group(out, it);
		return;
	}
	if (u < 0)
		return;
	fd = finding_add(out, &check_low_uid, it->pv->obj, it->name,
			 "%s '%s' runs as UID %lld, below %d: it can be a "
			 "user of the node",
			 wl_list_noun(it->list), it->name, u, LOW_UID);
	finding_evidence(out, fd, v, path, "%lld", u);
}
