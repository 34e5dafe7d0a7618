#include "pss.h"

#include <stdio.h>
#include <string.h>

#include "inventory.h"
#include "node.h"

const char pss_baseline_capabilities[] =
    "AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
    "NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT";

static const char *const baseline_caps[] = {
	"AUDIT_WRITE", "CHOWN",	 "DAC_OVERRIDE",     "FOWNER",	"FSETID",
	"KILL",	       "MKNOD",	 "NET_BIND_SERVICE", "SETFCAP", "SETGID",
	"SETPCAP",     "SETUID", "SYS_CHROOT",
};

/*
 * The safe set as of the newest policy version: 1.0, then
 * ip_local_reserved_ports (1.27), the TCP keepalive and fin_timeout
 * sysctls (1.29), tcp_rmem/tcp_wmem and the two newest TCP tunables.
 */
const char pss_safe_sysctls[] =
    "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
    "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, "
    "net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, "
    "net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, "
    "net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, "
    "net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, "
    "net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat";

static const char *const safe_sysctls[] = {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
};

const char pss_selinux_types[] =
    "container_t, container_init_t, container_kvm_t, container_engine_t";

static const char *const selinux_types[] = {
	"container_t",
	"container_init_t",
	"container_kvm_t",
	"container_engine_t",
};

const char pss_restricted_volume_types[] =
    "configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, "
    "projected, secret";

static const char *const restricted_volumes[] = {
	"configMap", "csi",	  "downwardAPI",
	"emptyDir",  "ephemeral", "persistentVolumeClaim",
	"projected", "secret",
};

#define IN(tab, s) in_table(tab, sizeof(tab) / sizeof(tab[0]), s)

static bool in_table(const char *const *tab, size_t n, const char *s)
{
	size_t i;

	if (!s)
		return false;
	for (i = 0; i < n; i++)
		if (!strcmp(tab[i], s))
			return true;
	return false;
}

const char *pss_level_name(enum pss_level l)
{
	switch (l) {
	case PSS_NONE: return "none";
	case PSS_PRIVILEGED: return "privileged";
	case PSS_BASELINE: return "baseline";
	case PSS_RESTRICTED: return "restricted";
	}
	return "none";
}

enum pss_level pss_level_parse(const char *s)
{
	if (!s)
		return PSS_NONE;
	if (!strcmp(s, "privileged"))
		return PSS_PRIVILEGED;
	if (!strcmp(s, "baseline"))
		return PSS_BASELINE;
	if (!strcmp(s, "restricted"))
		return PSS_RESTRICTED;
	return PSS_NONE;
}

const char *pss_label_key(const char *mode)
{
	if (!strcmp(mode, "audit"))
		return "pod-security.kubernetes.io/audit";
	if (!strcmp(mode, "warn"))
		return "pod-security.kubernetes.io/warn";
	return "pod-security.kubernetes.io/enforce";
}

enum pss_level pss_namespace_level(const struct kobj *ns, const char *mode,
				   const struct node **at)
{
	const struct node *v = node_get(ns->labels, pss_label_key(mode));

	if (at)
		*at = v;
	return pss_level_parse(node_str(v));
}

bool pss_baseline_capability(const char *cap)
{
	return IN(baseline_caps, cap);
}

bool pss_safe_sysctl(const char *name)
{
	return IN(safe_sysctls, name);
}

bool pss_selinux_type_allowed(const char *t)
{
	return !t || !*t || IN(selinux_types, t);
}

const char *pss_restricted_volume(const struct node *v)
{
	const char *bad = NULL, *key;
	const struct node *val;
	size_t i;

	for (i = 0; node_member_at(v, i, &key, &val); i++) {
		if (!strcmp(key, "name") || node_is(val, NODE_NULL))
			continue;
		if (IN(restricted_volumes, key))
			return NULL;
		if (!bad)
			bad = key;
	}
	return bad;
}

bool pss_profile_type_confined(const char *t)
{
	return t && (!strcmp(t, "RuntimeDefault") || !strcmp(t, "Localhost"));
}

bool pss_seccomp_allowed(enum pss_level l, const char *t)
{
	if (l == PSS_RESTRICTED)
		return pss_profile_type_confined(t);
	return l != PSS_BASELINE || !t || strcmp(t, "Unconfined") != 0;
}
