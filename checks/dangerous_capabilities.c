/*
 * dangerous-capabilities: Linux capabilities added beyond the runtime's
 * default set, graded by what each one lets a container do to its node.
 */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", "MS-TA9036", NULL };
static const char *const attack[] = { "T1610", "T1557", "T1611", NULL };
static const char *const references[] = {
	"https://man7.org/linux/man-pages/man7/capabilities.7.html",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#baseline",
	NULL,
};

const struct check check_dangerous_capabilities = {
	.id = "dangerous-capabilities",
	.title = "Dangerous Linux capability added",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Capabilities split root's power; some pieces are enough to "
	    "leave the container.  ALL, SYS_ADMIN and SYS_MODULE make a "
	    "container nearly or fully privileged (mount, cgroup release "
	    "agents, kernel modules): critical, Privileged container "
	    "(MS-TA9018, T1611).  SYS_PTRACE (inject into processes, "
	    "with hostPID those of the node), DAC_READ_SEARCH "
	    "(open_by_handle_at reads host files), SYS_RAWIO, BPF, "
	    "MAC_ADMIN and MAC_OVERRIDE (change or bypass the AppArmor "
	    "or SELinux policy that confines the container) and SYS_BOOT "
	    "(reboot the node or load a new kernel with kexec) are high.  "
	    "NET_ADMIN and NET_RAW let a container forge packets and "
	    "rewrite routing: ARP poisoning and IP spoofing (MS-TA9036, "
	    "T1557), medium.  DAC_OVERRIDE, PERFMON, SYS_TIME (the clock "
	    "is not namespaced: the node's time moves, and with it "
	    "certificate and token validity; kube-prometheus' "
	    "node-exporter adds it and is reported), AUDIT_CONTROL (rewrite or "
	    "stop the node's kernel audit), SYSLOG (kernel log with "
	    "kernel addresses), SYS_RESOURCE, SYS_NICE, LINUX_IMMUTABLE "
	    "and IPC_OWNER are medium.  AUDIT_CONTROL is low in a pod "
	    "without hostPID: the kernel (audit_netlink_ok) refuses audit "
	    "control messages from any PID namespace but the node's.  "
	    "Any other capability outside the "
	    "Pod Security baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, "
	    "FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, "
	    "SETGID, SETPCAP, SETUID, SYS_CHROOT) is low: the baseline "
	    "level would refuse the pod.  SETPCAP is deliberately not "
	    "reported although some tools flag it: it is in the "
	    "runtime's default set and in the baseline set, and it only "
	    "moves capabilities within the container's bounding set, so "
	    "it cannot raise a process above what the container already "
	    "holds; containers that keep the default set are reported by "
	    "capabilities-not-dropped instead.  Names are matched with or "
	    "without the CAP_ prefix, in any case (the Pod Security "
	    "profile checks compare exactly, as the admission plugin "
	    "does).  In a pod with its own user namespace (hostUsers: "
	    "false) capabilities count only over that namespace: those the "
	    "kernel checks against the node's (SYS_MODULE, SYS_RAWIO, "
	    "SYS_BOOT, SYS_TIME, BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE, "
	    "AUDIT_CONTROL, SYSLOG, DAC_READ_SEARCH, LINUX_IMMUTABLE) are "
	    "low there, and ALL and SYS_ADMIN high: they no longer reach "
	    "the node, but the mounts and namespaces they allow expose "
	    "kernel code that has had escapes.",
	.remediation =
	    "Drop ALL capabilities and add back only what the process "
	    "needs (usually nothing, or NET_BIND_SERVICE); run the "
	    "process as non-root so added capabilities stay out of its "
	    "effective set unless granted to the binary.",
	.details =
	    "- **Severity:** per capability: critical for `ALL`, `SYS_ADMIN`,\n"
	    "  `SYS_MODULE`; high for `SYS_PTRACE`, `DAC_READ_SEARCH`, "
	    "`SYS_RAWIO`,\n"
	    "  `BPF`, `MAC_ADMIN`, `MAC_OVERRIDE`, `SYS_BOOT`; medium for "
	    "`NET_ADMIN`,\n"
	    "  `NET_RAW`, `DAC_OVERRIDE`, `PERFMON`, `SYS_TIME`, "
	    "`AUDIT_CONTROL`,\n"
	    "  `SYSLOG`, `SYS_RESOURCE`, `SYS_NICE`, `LINUX_IMMUTABLE`, "
	    "`IPC_OWNER`;\n"
	    "  `AUDIT_CONTROL` is low when the pod does not set `hostPID: "
	    "true`: the\n"
	    "  kernel accepts audit control messages only from the "
	    "initial PID\n"
	    "  namespace (`audit_netlink_ok`);\n"
	    "  low for any other capability outside the Pod Security baseline "
	    "set\n"
	    "  (`AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD\n"
	    "  NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT`).\n"
	    "- **User namespaces:** with `spec.hostUsers: false` the "
	    "capabilities the\n"
	    "  kernel checks against the node's namespace (`SYS_MODULE`, "
	    "`SYS_RAWIO`,\n"
	    "  `SYS_BOOT`, `SYS_TIME`, `BPF`, `PERFMON`, `MAC_ADMIN`, "
	    "`MAC_OVERRIDE`,\n"
	    "  `AUDIT_CONTROL`, `SYSLOG`, `DAC_READ_SEARCH`, "
	    "`LINUX_IMMUTABLE`) grant\n"
	    "  nothing on the node and are low; `ALL` and `SYS_ADMIN` are "
	    "high instead\n"
	    "  of critical; the rest keep their severity.\n"
	    "- **SETPCAP:** not reported, on purpose, although some tools flag "
	    "it. It is\n"
	    "  in the runtimes' default set and in the baseline set, and it "
	    "only moves\n"
	    "  capabilities within the container's bounding set: it cannot "
	    "lift a\n"
	    "  process above what the container already holds. Containers that "
	    "keep\n"
	    "  the default set are reported by `capabilities-not-dropped`.\n"
	    "- **Techniques:** MS-TA9018 Privileged container, MS-TA9036 ARP "
	    "poisoning\n"
	    "  and IP spoofing (NET_RAW, NET_ADMIN); ATT&CK T1610, T1557, "
	    "T1611.\n"
	    "- **Looks at:** `securityContext.capabilities.add` of every "
	    "container.\n"
	    "  Names match with or without the `CAP_` prefix and in any case\n"
	    "  (`cap_sys_admin` is `SYS_ADMIN`). One finding per added "
	    "dangerous\n"
	    "  capability, evidence `...capabilities.add[i]`.\n"
	    "- **Why:** `SYS_ADMIN` alone allows mounts, cgroup release-agent "
	    "escapes\n"
	    "  and namespace tricks; `SYS_MODULE` loads kernel code; "
	    "`SYS_PTRACE`\n"
	    "  injects into processes (the node's, with hostPID); "
	    "`DAC_READ_SEARCH`\n"
	    "  opens host files by handle; `NET_RAW` and `NET_ADMIN` forge "
	    "packets and\n"
	    "  change routing.\n"
	    "- **Remediation:** `drop: [\"ALL\"]` and add back only what is "
	    "needed\n"
	    "  (usually nothing, or `NET_BIND_SERVICE`).\n"
	    "- **False positives:** network plugins and VPN sidecars need "
	    "`NET_ADMIN`;\n"
	    "  kube-prometheus' node-exporter adds `SYS_TIME` (medium: its "
	    "container\n"
	    "  can set the node's clock). `NET_RAW` is in the default set of "
	    "most\n"
	    "  runtimes; this check reports only capabilities added "
	    "explicitly, those\n"
	    "  kept by default are `capabilities-not-dropped`'s.\n",
	.fix = "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n"
	       "    add: [\"NET_BIND_SERVICE\"]\n",
	.references = references,
	.container = judge,
};

/*
 * init_ns: the kernel checks the capability against the initial user
 * namespace (capable()), so in a pod with its own user namespace
 * (hostUsers: false) holding it grants nothing on the node.
 * init_pidns: the kernel also refuses the capability's operations from
 * any PID namespace but the initial one, so it grants nothing on the
 * node to a pod without hostPID.
 */
static const struct {
	const char *name;
	const char *why;
	enum severity sev;
	bool init_ns;
	bool init_pidns;
} dangerous[] = {
	{ "ALL",
	  "every capability: the container is "
	  "effectively privileged",
	  SEV_CRITICAL, false, false },
	{ "SYS_ADMIN",
	  "mount, namespaces and cgroup control "
	  "enable known escapes",
	  SEV_CRITICAL, false, false },
	{ "SYS_MODULE", "loads kernel modules into the node", SEV_CRITICAL,
	  true, false },
	{ "SYS_PTRACE", "traces and injects into other processes", SEV_HIGH,
	  false, false },
	{ "DAC_READ_SEARCH",
	  "bypasses read checks and opens host "
	  "files by handle",
	  SEV_HIGH, true, false },
	{ "SYS_RAWIO", "raw access to I/O ports and devices", SEV_HIGH, true,
	  false },
	{ "BPF", "loads eBPF programs into the kernel", SEV_HIGH, true, false },
	{ "NET_ADMIN",
	  "reconfigures interfaces, routes and "
	  "firewall rules (spoofing, interception)",
	  SEV_MEDIUM, false, false },
	{ "NET_RAW",
	  "forges raw packets (ARP poisoning, IP "
	  "spoofing)",
	  SEV_MEDIUM, false, false },
	{ "DAC_OVERRIDE", "bypasses file permission checks", SEV_MEDIUM, false,
	  false },
	{ "PERFMON",
	  "kernel performance monitoring and "
	  "tracing",
	  SEV_MEDIUM, true, false },
	{ "MAC_ADMIN",
	  "changes the AppArmor or SELinux policy that confines "
	  "containers",
	  SEV_HIGH, true, false },
	{ "MAC_OVERRIDE",
	  "bypasses the mandatory access control (AppArmor, SELinux) of "
	  "the node",
	  SEV_HIGH, true, false },
	{ "SYS_BOOT", "reboots the node or loads a new kernel with kexec",
	  SEV_HIGH, true, false },
	{ "SYS_TIME",
	  "sets the node's clock (not namespaced): certificate and token "
	  "validity move with it",
	  SEV_MEDIUM, true, false },
	/* audit_netlink_ok() answers EPERM to audit control messages sent
	 * from a PID namespace other than the initial one */
	{ "AUDIT_CONTROL", "changes or disables the node's kernel audit rules",
	  SEV_MEDIUM, true, true },
	{ "SYSLOG", "reads the kernel log, including kernel addresses",
	  SEV_MEDIUM, true, false },
	{ "SYS_RESOURCE",
	  "overrides resource limits and quotas of the node's kernel",
	  SEV_MEDIUM, false, false },
	{ "SYS_NICE",
	  "raises scheduling priority of its processes over the node's",
	  SEV_MEDIUM, false, false },
	{ "LINUX_IMMUTABLE", "sets immutable and append-only file attributes",
	  SEV_MEDIUM, true, false },
	{ "IPC_OWNER", "bypasses permission checks on System V IPC objects",
	  SEV_MEDIUM, false, false },
};

/* In the baseline set, with or without CAP_, in any case. */
static bool baseline_cap(const char *cap)
{
	static const char *const set[] = {
		"AUDIT_WRITE", "CHOWN",	 "DAC_OVERRIDE", "FOWNER",
		"FSETID",      "KILL",	 "MKNOD",	 "NET_BIND_SERVICE",
		"SETFCAP",     "SETGID", "SETPCAP",	 "SETUID",
		"SYS_CHROOT",
	};
	size_t i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (wl_cap_is(cap, set[i]))
			return pss_baseline_capability(set[i]);
	return false;
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], ipath[WL_PATH_MAX + 96];
	const struct node *add =
	    wl_container_sc(it, "capabilities.add", path, sizeof(path));
	bool userns = node_is_false(node_get(it->pv->spec, "hostUsers"));
	bool hostpid = node_is_true(node_get(it->pv->spec, "hostPID"));
	size_t i, d;

	for (i = 0; i < node_count(add); i++) {
		const char *cap = node_str(node_at(add, i));
		struct finding *fd;

		for (d = 0; d < sizeof(dangerous) / sizeof(dangerous[0]); d++)
			if (wl_cap_is(cap, dangerous[d].name))
				break;
		if (d < sizeof(dangerous) / sizeof(dangerous[0]) && userns &&
		    (dangerous[d].init_ns ||
		     dangerous[d].sev == SEV_CRITICAL)) {
			/*
			 * In its own user namespace the container's
			 * capabilities count only over that namespace's
			 * objects: those the kernel checks against the node's
			 * namespace grant nothing; ALL and SYS_ADMIN keep the
			 * mounts and namespaces of the pod, and the kernel
			 * code they reach.
			 */
			fd = finding_add(
			    out, &check_dangerous_capabilities, it->pv->obj,
			    it->name,
			    "%s '%s' adds capability %s: %s, but the pod has "
			    "its own user namespace (hostUsers: false), %s",
			    wl_list_noun(it->list), it->name, dangerous[d].name,
			    dangerous[d].why,
			    dangerous[d].init_ns
				? "and the kernel checks it against the "
				  "node's, "
				  "so it grants nothing there"
				: "so it acts on the pod's own namespaces "
				  "only, "
				  "with the kernel surface they expose");
			fd->severity =
			    dangerous[d].init_ns ? SEV_LOW : SEV_HIGH;
		} else if (d < sizeof(dangerous) / sizeof(dangerous[0]) &&
			   dangerous[d].init_pidns && !hostpid) {
			fd = finding_add(
			    out, &check_dangerous_capabilities, it->pv->obj,
			    it->name,
			    "%s '%s' adds capability %s: %s, but the pod has "
			    "its own PID namespace (no hostPID), and the "
			    "kernel accepts those requests only from the "
			    "node's, so it grants nothing there",
			    wl_list_noun(it->list), it->name, dangerous[d].name,
			    dangerous[d].why);
			fd->severity = SEV_LOW;
		} else if (d < sizeof(dangerous) / sizeof(dangerous[0])) {
			fd = finding_add(out, &check_dangerous_capabilities,
					 it->pv->obj, it->name,
					 "%s '%s' adds capability %s: %s",
					 wl_list_noun(it->list), it->name,
					 dangerous[d].name, dangerous[d].why);
			fd->severity = dangerous[d].sev;
		} else if (cap && !baseline_cap(cap)) {
			fd = finding_add(
			    out, &check_dangerous_capabilities, it->pv->obj,
			    it->name,
			    "%s '%s' adds capability %s, outside the Pod "
			    "Security baseline set (%s)",
			    wl_list_noun(it->list), it->name, cap,
			    pss_baseline_capabilities);
			fd->severity = SEV_LOW;
		} else {
			continue;
		}
		fmt_snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
		finding_evidence(out, fd, node_at(add, i), ipath, "%s", cap);
	}
}
