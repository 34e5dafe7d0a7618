/*
 * capabilities-not-dropped: containers that keep the runtime's default
 * capability set because capabilities.drop does not include ALL.
 */
#include "check.h"

#include <strings.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9036", "MS-TA9018", NULL };
static const char *const attack[] = { "T1557", "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#restricted",
	"https://man7.org/linux/man-pages/man7/capabilities.7.html",
	NULL,
};

const struct check check_capabilities_not_dropped = {
	.id = "capabilities-not-dropped",
	.title = "Container keeps the default capabilities (no drop ALL)",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Without capabilities.drop: [ALL] a container keeps the "
	    "runtime's default set: CHOWN, DAC_OVERRIDE, FOWNER, FSETID, "
	    "KILL, MKNOD, SETUID, SETGID, SETPCAP, SETFCAP, "
	    "NET_BIND_SERVICE, SYS_CHROOT, AUDIT_WRITE and, with most "
	    "runtimes, NET_RAW.  NET_RAW is what ARP poisoning and IP "
	    "spoofing from a pod need (MS-TA9036, T1557); the rest make a "
	    "root foothold stronger and feed escapes (MS-TA9018).  The "
	    "Pod Security 'restricted' level requires drop ALL.  Low: it "
	    "is the Kubernetes default and no escape on its own; the "
	    "message says when NET_RAW is kept.  Privileged containers "
	    "(every capability regardless) and Windows pods are skipped; "
	    "'ALL' is matched in any case here, although the admission "
	    "plugin accepts only 'ALL'.  A drop list naming each of the "
	    "fourteen default capabilities, in any case and with or "
	    "without CAP_, leaves what ALL leaves and is not reported; "
	    "naming only some of them is.  Default components that keep the "
	    "default set (the GCE kube-scheduler static pod, the "
	    "Dashboard v2.7.0) are reported at low on purpose.",
	.remediation = "Add capabilities.drop: [\"ALL\"] to every container "
		       "and add back only what the process needs (usually "
		       "nothing, or NET_BIND_SERVICE).",
	.details = "- **Severity:** low. **Techniques:** MS-TA9036 ARP "
		   "poisoning and IP\n"
		   "  spoofing, MS-TA9018 Privileged container; ATT&CK T1557, "
		   "T1610, T1611.\n"
		   "- **Looks at:** `securityContext.capabilities.drop` of "
		   "every container;\n"
		   "  reports it when it does not contain `ALL` (any case). "
		   "A list naming\n"
		   "  every one of the fourteen default capabilities (any "
		   "case, with or\n"
		   "  without `CAP_`) counts as `ALL`; naming only some "
		   "does not. The message\n"
		   "  says whether `NET_RAW` is still held. Privileged "
		   "containers and Windows\n"
		   "  pods are skipped.\n"
		   "- **Why:** the runtime's default set keeps `NET_RAW` "
		   "(packet forgery) and a\n"
		   "  dozen other pieces of root; Pod Security `restricted` "
		   "requires drop ALL.\n"
		   "  Low because it is the Kubernetes default and no escape "
		   "by itself.\n",
	.fix = "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

/*
 * The set containerd, CRI-O and Docker grant a container by default; a drop
 * list naming each of them leaves what drop ALL leaves.
 */
static const char *const default_set[] = {
	"CHOWN",       "DAC_OVERRIDE", "FOWNER",	   "FSETID",
	"KILL",	       "SETGID",       "SETUID",	   "SETPCAP",
	"NET_RAW",     "MKNOD",	       "NET_BIND_SERVICE", "SYS_CHROOT",
	"AUDIT_WRITE", "SETFCAP",
};

_Static_assert(sizeof(default_set) / sizeof(default_set[0]) <= 32,
	       "the dropped set is kept in a 32-bit mask");

/* The bit of cap in default_set (any case, with or without CAP_), or 0. */
static unsigned long default_bit(const char *cap)
{
	size_t i;

	for (i = 0; i < sizeof(default_set) / sizeof(default_set[0]); i++)
		if (wl_cap_is(cap, default_set[i]))
			return 1UL << i;
	return 0;
}

/* "SETPCAP and NET_RAW": the capabilities of the default set not dropped. */
static const char *kept_text(struct arena *a, unsigned long dropped)
{
	size_t i, n = 0, kept = 0;
	const char *text = "";

	for (i = 0; i < sizeof(default_set) / sizeof(default_set[0]); i++)
		kept += !(dropped & (1UL << i));
	for (i = 0; i < sizeof(default_set) / sizeof(default_set[0]); i++) {
		if (dropped & (1UL << i))
			continue;
		n++;
		text = arena_printf(a, "%s%s%s", text,
				    n == 1	? ""
				    : n == kept ? " and "
						: ", ",
				    default_set[i]);
	}
	return text;
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	const unsigned long all_default =
	    (1UL << (sizeof(default_set) / sizeof(default_set[0]))) - 1;
	char path[WL_PATH_MAX + 64];
	const struct node *drop =
	    wl_container_sc(it, "capabilities.drop", path, sizeof(path));
	unsigned long dropped = 0;
	bool net_raw;
	struct finding *fd;
	size_t i;

	if (node_is_true(wl_container_sc(it, "privileged", NULL, 0)))
		return;
	for (i = 0; i < node_count(drop); i++) {
		const char *c = node_str(node_at(drop, i));

		/* the runtimes drop everything for "ALL" in any case, but
		 * take "CAP_ALL" for a capability of that name */
		if (c && !strcasecmp(c, "ALL"))
			return;
		dropped |= default_bit(c);
	}
	if (dropped == all_default)
		return;
	net_raw = dropped & default_bit("NET_RAW");
	if (dropped)
		fd = finding_add(out, &check_capabilities_not_dropped,
				 it->pv->obj, it->name,
				 "%s '%s' does not drop ALL capabilities: it "
				 "keeps %s of the runtime's default set%s",
				 wl_list_noun(it->list), it->name,
				 kept_text(out->arena, dropped),
				 net_raw ? ""
					 : ", NET_RAW included (packet "
					   "forgery)");
	else
		fd = finding_add(out, &check_capabilities_not_dropped,
				 it->pv->obj, it->name,
				 "%s '%s' does not drop ALL capabilities: it "
				 "keeps the runtime's default set, NET_RAW "
				 "included (packet forgery)",
				 wl_list_noun(it->list), it->name);
	if (drop)
		finding_evidence(out, fd, drop, path, "%s",
				 node_scalar_text(drop));
	else
		finding_evidence(out, fd, it->c, it->path,
				 "capabilities.drop unset");
}
