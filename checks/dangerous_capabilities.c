/*
 * dangerous-capabilities: Linux capabilities added beyond the runtime's
 * default set, graded by what each one lets a container do to its node.
 */
#include "check.h"

#include <stdio.h>

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
	    "and IPC_OWNER are medium.  Any other capability outside the "
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
	    "does).",
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
	    "  low for any other capability outside the Pod Security baseline "
	    "set\n"
	    "  (`AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD\n"
	    "  NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT`).\n"
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

static const struct {
	const char *name;
	enum severity sev;
	const char *why;
} dangerous[] = {
	{ "ALL", SEV_CRITICAL,
	  "every capability: the container is "
	  "effectively privileged" },
	{ "SYS_ADMIN", SEV_CRITICAL,
	  "mount, namespaces and cgroup control "
	  "enable known escapes" },
	{ "SYS_MODULE", SEV_CRITICAL, "loads kernel modules into the node" },
	{ "SYS_PTRACE", SEV_HIGH, "traces and injects into other processes" },
	{ "DAC_READ_SEARCH", SEV_HIGH,
	  "bypasses read checks and opens host "
	  "files by handle" },
	{ "SYS_RAWIO", SEV_HIGH, "raw access to I/O ports and devices" },
	{ "BPF", SEV_HIGH, "loads eBPF programs into the kernel" },
	{ "NET_ADMIN", SEV_MEDIUM,
	  "reconfigures interfaces, routes and "
	  "firewall rules (spoofing, interception)" },
	{ "NET_RAW", SEV_MEDIUM,
	  "forges raw packets (ARP poisoning, IP "
	  "spoofing)" },
	{ "DAC_OVERRIDE", SEV_MEDIUM, "bypasses file permission checks" },
	{ "PERFMON", SEV_MEDIUM,
	  "kernel performance monitoring and "
	  "tracing" },
	{ "MAC_ADMIN", SEV_HIGH,
	  "changes the AppArmor or SELinux policy that confines "
	  "containers" },
	{ "MAC_OVERRIDE", SEV_HIGH,
	  "bypasses the mandatory access control (AppArmor, SELinux) of "
	  "the node" },
	{ "SYS_BOOT", SEV_HIGH,
	  "reboots the node or loads a new kernel with kexec" },
	{ "SYS_TIME", SEV_MEDIUM,
	  "sets the node's clock (not namespaced): certificate and token "
	  "validity move with it" },
	{ "AUDIT_CONTROL", SEV_MEDIUM,
	  "changes or disables the node's kernel audit rules" },
	{ "SYSLOG", SEV_MEDIUM,
	  "reads the kernel log, including kernel addresses" },
	{ "SYS_RESOURCE", SEV_MEDIUM,
	  "overrides resource limits and quotas of the node's kernel" },
	{ "SYS_NICE", SEV_MEDIUM,
	  "raises scheduling priority of its processes over the node's" },
	{ "LINUX_IMMUTABLE", SEV_MEDIUM,
	  "sets immutable and append-only file attributes" },
	{ "IPC_OWNER", SEV_MEDIUM,
	  "bypasses permission checks on System V IPC objects" },
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
	size_t i, d;

	for (i = 0; i < node_count(add); i++) {
		const char *cap = node_str(node_at(add, i));
		struct finding *fd;

		for (d = 0; d < sizeof(dangerous) / sizeof(dangerous[0]); d++)
			if (wl_cap_is(cap, dangerous[d].name))
				break;
		if (d < sizeof(dangerous) / sizeof(dangerous[0])) {
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
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
		finding_evidence(out, fd, node_at(add, i), ipath, "%s", cap);
	}
}
