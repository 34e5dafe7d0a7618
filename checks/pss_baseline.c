/*
 * pss_baseline.c - the controls of the Pod Security Standard "baseline",
 * one check each (pss-<control>), run by `scan --profile pss-baseline` and
 * `--profile pss-restricted`.
 *
 * The controls of a level are one family read from one standard, so they
 * share this file and its wording instead of one file each.  Every field
 * is judged the way the PodSecurity admission plugin judges it (newest
 * policy version): exact strings, pod-level fields that fail even when
 * every container overrides them, init and ephemeral containers included.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "pss.h"
#include "pss_checks.h"
#include "scan.h"
#include "workload.h"

#define PSS_URL                                                                \
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"

static const char *const ref_baseline[] = {
	PSS_URL "#baseline",
	"https://kubernetes.io/docs/concepts/security/pod-security-admission/",
	NULL,
};

static const char *const t_priv[] = { "MS-TA9018", NULL };
static const char *const a_priv[] = { "T1610", "T1611", NULL };
static const char *const t_net[] = { "MS-TA9018", "MS-TA9036", NULL };
static const char *const a_net[] = { "T1610", "T1557", "T1611", NULL };

/* ---- shared helpers (declared in checks/pss.h) ---- */

void pss_fail(struct findings *out, const struct check *c,
	      const struct kobj *obj, const char *container,
	      const struct node *at, const char *path, const char *value,
	      const char *fmt, ...)
{
	char msg[768];
	struct finding *fd;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fd = finding_add(out, c, obj, container, "%s", msg);
	finding_evidence(out, fd, at, path, "%s", value);
}

const char *pss_who(const struct wl_iter *it, char *buf, size_t n)
{
	fmt_snprintf(buf, n, "%s '%s'", wl_list_noun(it->list), it->name);
	return buf;
}

const struct node *pss_pod_sc(const struct pod_view *pv, const char *field,
			      char *path, size_t n)
{
	fmt_snprintf(path, n, "%s.securityContext.%s", pv->spec_path, field);
	return node_path(node_get(pv->spec, "securityContext"), field);
}

void pss_caps_added(struct findings *out, const struct check *c,
		    const struct wl_iter *it, bool (*allowed)(const char *cap),
		    const char *allowed_text)
{
	char path[WL_PATH_MAX + 64], ipath[WL_PATH_MAX + 96], who[128];
	const struct node *add =
	    wl_container_sc(it, "capabilities.add", path, sizeof(path));
	size_t i;

	for (i = 0; i < node_count(add); i++) {
		const char *cap = node_str(node_at(add, i));

		if (allowed(cap))
			continue;
		fmt_snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
		pss_fail(out, c, it->pv->obj, it->name, node_at(add, i), ipath,
			 cap ? cap : "",
			 "Capabilities: %s adds '%s' (allowed: %s)",
			 pss_who(it, who, sizeof(who)), cap ? cap : "",
			 allowed_text);
	}
}

void pss_proc_mount(struct findings *out, const struct check *c,
		    const struct wl_iter *it, bool userns_unmasked)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "procMount", path, sizeof(path));

	if (!v || node_str_eq(v, "Default") || node_is(v, NODE_NULL))
		return;
	if (userns_unmasked && node_str_eq(v, "Unmasked") &&
	    node_is_false(node_get(it->pv->spec, "hostUsers")))
		return;
	pss_fail(out, c, it->pv->obj, it->name, v, path, node_scalar_text(v),
		 "/proc Mount Type: %s sets procMount '%s'%s (allowed: "
		 "undefined or Default%s)",
		 pss_who(it, who, sizeof(who)), node_scalar_text(v),
		 userns_unmasked ? " without a user namespace" : "",
		 userns_unmasked ? "; Unmasked only with hostUsers: false"
				 : "");
}

/* ---- HostProcess ---- */

static void pod_host_process(const struct scan *s, struct findings *out,
			     const struct pod_view *pv);

static void host_process_container(struct findings *out,
				   const struct wl_iter *it);

const struct check check_pss_host_process = {
	.id = "pss-host-process",
	.title = "PSS baseline: HostProcess",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Baseline control 'HostProcess'.  A Windows HostProcess "
	    "container runs directly on the node with the node's network "
	    "and file system: privileged access to the host (Privileged "
	    "container, MS-TA9018).  Fields: "
	    "spec.securityContext.windowsOptions.hostProcess and "
	    "spec.{containers,initContainers,ephemeralContainers}[*]."
	    "securityContext.windowsOptions.hostProcess.  Allowed: "
	    "undefined or false.",
	.remediation = "Remove windowsOptions.hostProcess (or set it to "
		       "false) at pod and container level.",
	.fix = "securityContext:\n  windowsOptions:\n    hostProcess: false\n",
	.references = ref_baseline,
	.pod = pod_host_process,
	.container = host_process_container,
};

static void host_process_container(struct findings *out,
				   const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v = wl_container_sc(it, "windowsOptions.hostProcess",
					       path, sizeof(path));

	if (node_is_true(v))
		pss_fail(out, &check_pss_host_process, it->pv->obj, it->name, v,
			 path, "true",
			 "HostProcess: %s sets "
			 "windowsOptions.hostProcess: true (allowed: "
			 "undefined or false)",
			 pss_who(it, who, sizeof(who)));
}

static void pod_host_process(const struct scan *s, struct findings *out,
			     const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    pss_pod_sc(pv, "windowsOptions.hostProcess", path, sizeof(path));

	(void)s;
	if (node_is_true(v))
		pss_fail(out, &check_pss_host_process, pv->obj, NULL, v, path,
			 "true",
			 "HostProcess: the pod sets "
			 "windowsOptions.hostProcess: true (allowed: "
			 "undefined or false)");
}

/* ---- Host namespaces ---- */

static void pod_host_namespaces(const struct scan *s, struct findings *out,
				const struct pod_view *pv);

const struct check check_pss_host_namespaces = {
	.id = "pss-host-namespaces",
	.title = "PSS baseline: host namespaces",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = t_net,
	.attack = a_net,
	.rationale =
	    "Baseline control 'Host Namespaces'.  Sharing the node's PID, "
	    "IPC or network namespace exposes host processes, shared "
	    "memory and node traffic to the pod (Privileged container, "
	    "MS-TA9018; ARP poisoning and IP spoofing, MS-TA9036).  "
	    "Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC.  "
	    "Allowed: undefined or false.",
	.remediation = "Remove hostNetwork, hostPID and hostIPC from the pod "
		       "spec.",
	.fix = "spec:\n  hostNetwork: false\n  hostPID: false\n"
	       "  hostIPC: false\n",
	.references = ref_baseline,
	.pod = pod_host_namespaces,
};

static void pod_host_namespaces(const struct scan *s, struct findings *out,
				const struct pod_view *pv)
{
	static const char *const fields[] = { "hostNetwork", "hostPID",
					      "hostIPC" };
	size_t f;

	(void)s;
	for (f = 0; f < 3; f++) {
		const struct node *v = node_get(pv->spec, fields[f]);
		char path[WL_PATH_MAX];

		if (!node_is_true(v))
			continue;
		fmt_snprintf(path, sizeof(path), "%s.%s", pv->spec_path,
			     fields[f]);
		pss_fail(out, &check_pss_host_namespaces, pv->obj, NULL, v,
			 path, "true",
			 "Host Namespaces: %s is true (allowed: "
			 "undefined or false)",
			 fields[f]);
	}
}

/* ---- Privileged containers ---- */

static void privileged_container(struct findings *out,
				 const struct wl_iter *it);

const struct check check_pss_privileged = {
	.id = "pss-privileged",
	.title = "PSS baseline: privileged containers",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Baseline control 'Privileged Containers'.  A privileged "
	    "container has every capability and every host device and no "
	    "seccomp or AppArmor confinement: the node is one mount away "
	    "(MS-TA9018, T1611).  Fields: spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "privileged.  Allowed: undefined or false.",
	.remediation = "Remove securityContext.privileged or set it to false; "
		       "grant single capabilities where really needed.",
	.fix = "securityContext:\n  privileged: false\n",
	.references = ref_baseline,
	.container = privileged_container,
};

static void privileged_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "privileged", path, sizeof(path));

	if (node_is_true(v))
		pss_fail(out, &check_pss_privileged, it->pv->obj, it->name, v,
			 path, "true",
			 "Privileged Containers: %s sets privileged: true "
			 "(allowed: undefined or false)",
			 pss_who(it, who, sizeof(who)));
}

/* ---- Capabilities ---- */

static void capabilities_container(struct findings *out,
				   const struct wl_iter *it);

const struct check check_pss_capabilities = {
	.id = "pss-capabilities",
	.title = "PSS baseline: capabilities beyond the baseline set",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = t_net,
	.attack = a_net,
	.rationale =
	    "Baseline control 'Capabilities'.  Adding a capability beyond "
	    "the runtime's default set hands the container a piece of "
	    "root that the default profile withholds (SYS_ADMIN, "
	    "NET_RAW, SYS_PTRACE, ...): escape paths (MS-TA9018) and "
	    "packet forgery (MS-TA9036).  Fields: spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "capabilities.add.  Allowed: undefined or AUDIT_WRITE, CHOWN, "
	    "DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, "
	    "SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, written exactly "
	    "so: the admission plugin compares strings, so 'chown' and "
	    "'CAP_CHOWN' fail.",
	.remediation = "Add only capabilities of the baseline set, in upper "
		       "case without the CAP_ prefix; better, drop ALL and "
		       "add back NET_BIND_SERVICE at most.",
	.fix = "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n"
	       "    add: [\"NET_BIND_SERVICE\"]\n",
	.references = ref_baseline,
	.container = capabilities_container,
};

static void capabilities_container(struct findings *out,
				   const struct wl_iter *it)
{
	pss_caps_added(out, &check_pss_capabilities, it,
		       pss_baseline_capability, pss_baseline_capabilities);
}

/* ---- HostPath volumes ---- */

static void pod_host_path(const struct scan *s, struct findings *out,
			  const struct pod_view *pv);
static const char *const t_hostpath[] = { "MS-TA9013", "MS-TA9026", NULL };
static const char *const a_hostpath[] = { "T1611", "T1552.001", NULL };

const struct check check_pss_host_path = {
	.id = "pss-host-path",
	.title = "PSS baseline: hostPath volumes",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = t_hostpath,
	.attack = a_hostpath,
	.rationale =
	    "Baseline control 'HostPath Volumes'.  A hostPath volume puts "
	    "the node's file system in the pod; writable, it is an escape "
	    "(Writable hostPath mount, MS-TA9013), read-only it still "
	    "leaks node credentials (Mount service principal, "
	    "MS-TA9026).  Field: spec.volumes[*].hostPath.  Allowed: "
	    "undefined.  Every hostPath fails, whatever its path or "
	    "readOnly.",
	.remediation = "Replace hostPath with emptyDir, a ConfigMap, a "
		       "projected volume or a CSI driver.",
	.fix = "volumes:\n- name: scratch\n  emptyDir: {}\n",
	.references = ref_baseline,
	.pod = pod_host_path,
};

static void pod_host_path(const struct scan *s, struct findings *out,
			  const struct pod_view *pv)
{
	size_t v;
	const struct node *vols = node_get(pv->spec, "volumes");

	(void)s;
	for (v = 0; v < node_count(vols); v++) {
		const struct node *hp = node_get(node_at(vols, v), "hostPath");
		const char *p = node_get_str(hp, "path");
		char path[WL_PATH_MAX];

		if (!hp || node_is(hp, NODE_NULL))
			continue;
		fmt_snprintf(path, sizeof(path), "%s.volumes[%zu].hostPath",
			     pv->spec_path, v);
		pss_fail(out, &check_pss_host_path, pv->obj, NULL, hp, path,
			 p ? p : "",
			 "HostPath Volumes: volume '%s' is a hostPath "
			 "of '%s' (allowed: undefined)",
			 node_get_str(node_at(vols, v), "name")
			     ? node_get_str(node_at(vols, v), "name")
			     : "",
			 p ? p : "");
	}
}

/* ---- Host ports ---- */

static const char *const t_ports[] = { "MS-TA9004", "MS-TA9034", NULL };
static const char *const a_ports[] = { "T1190", "T1210", NULL };

static void host_ports_container(struct findings *out,
				 const struct wl_iter *it);

const struct check check_pss_host_ports = {
	.id = "pss-host-ports",
	.title = "PSS baseline: host ports",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_ports,
	.attack = a_ports,
	.rationale =
	    "Baseline control 'Host Ports'.  A hostPort opens the "
	    "container on the node's own addresses, outside any Service "
	    "and, with many CNIs, outside NetworkPolicy: it widens what "
	    "an attacker can reach (Application vulnerability, MS-TA9004; "
	    "Cluster internal networking, MS-TA9034).  Fields: "
	    "spec.{containers,initContainers,ephemeralContainers}[*]."
	    "ports[*].hostPort.  Allowed: undefined or 0 (the built-in "
	    "plugin supports no list of known ports).",
	.remediation = "Remove hostPort and expose the port through a "
		       "Service.",
	.fix = "ports:\n- containerPort: 8080\n  protocol: TCP\n",
	.references = ref_baseline,
	.container = host_ports_container,
};

static void host_ports_container(struct findings *out, const struct wl_iter *it)
{
	const struct node *ports = node_get(it->c, "ports");
	char path[WL_PATH_MAX + 64], who[128];
	size_t i;

	for (i = 0; i < node_count(ports); i++) {
		const struct node *hp = node_get(node_at(ports, i), "hostPort");
		long long port = 0;

		if (!hp || (node_int(hp, &port) && port == 0) ||
		    node_is(hp, NODE_NULL))
			continue;
		fmt_snprintf(path, sizeof(path), "%s.ports[%zu].hostPort",
			     it->path, i);
		pss_fail(out, &check_pss_host_ports, it->pv->obj, it->name, hp,
			 path, node_scalar_text(hp),
			 "Host Ports: %s uses hostPort %s (allowed: "
			 "undefined or 0)",
			 pss_who(it, who, sizeof(who)), node_scalar_text(hp));
	}
}

/* ---- Host probes and lifecycle hooks ---- */

static const char *const t_probe[] = { "MS-TA9031", NULL };
static const char *const a_probe[] = { "T1046", NULL };

static void host_probes_container(struct findings *out,
				  const struct wl_iter *it);

const struct check check_pss_host_probes = {
	.id = "pss-host-probes",
	.title = "PSS baseline: probe and lifecycle hook hosts",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_probe,
	.attack = a_probe,
	.rationale =
	    "Baseline control 'Host Probes / Lifecycle Hooks' (policy "
	    "v1.34 and later).  The kubelet performs httpGet and tcpSocket "
	    "probes and hooks from the node; a 'host' other than the pod "
	    "lets a pod author make the kubelet connect to any address "
	    "its node can reach (other pods, node-local services, the "
	    "metadata address): a way to map the network from the node's "
	    "position (Network mapping, MS-TA9031).  Fields: "
	    "spec.{containers,initContainers,ephemeralContainers}[*]."
	    "{livenessProbe,readinessProbe,startupProbe}.{httpGet,"
	    "tcpSocket}.host and lifecycle.{postStart,preStop}.{httpGet,"
	    "tcpSocket}.host.  Allowed: undefined or \"\" (127.0.0.1 "
	    "fails too).",
	.remediation = "Remove 'host' from probes and lifecycle hooks; the "
		       "kubelet then connects to the pod's own IP.",
	.fix = "livenessProbe:\n  httpGet:\n    path: /healthz\n"
	       "    port: 8080\n",
	.references = ref_baseline,
	.container = host_probes_container,
};

static void host_probes_container(struct findings *out,
				  const struct wl_iter *it)
{
	static const char *const handlers[] = {
		"livenessProbe",       "readinessProbe",    "startupProbe",
		"lifecycle.postStart", "lifecycle.preStop",
	};
	static const char *const actions[] = { "httpGet", "tcpSocket" };
	char path[WL_PATH_MAX + 64], who[128];
	size_t h, a;

	for (h = 0; h < sizeof(handlers) / sizeof(handlers[0]); h++)
		for (a = 0; a < 2; a++) {
			const struct node *host = node_get(
			    node_get(node_path(it->c, handlers[h]), actions[a]),
			    "host");
			const char *hs = node_str(host);

			if (!host || node_is(host, NODE_NULL) || (hs && !*hs))
				continue;
			fmt_snprintf(path, sizeof(path), "%s.%s.%s.host",
				     it->path, handlers[h], actions[a]);
			pss_fail(out, &check_pss_host_probes, it->pv->obj,
				 it->name, host, path, node_scalar_text(host),
				 "Host Probes / Lifecycle Hooks: %s sets "
				 "%s.%s.host '%s' (allowed: undefined or "
				 "\"\")",
				 pss_who(it, who, sizeof(who)), handlers[h],
				 actions[a], node_scalar_text(host));
		}
}

/* ---- AppArmor ---- */

static void pod_apparmor(const struct scan *s, struct findings *out,
			 const struct pod_view *pv);

#define APPARMOR_PREFIX "container.apparmor.security.beta.kubernetes.io/"

static void apparmor_container(struct findings *out, const struct wl_iter *it);

const struct check check_pss_apparmor = {
	.id = "pss-apparmor",
	.title = "PSS baseline: AppArmor profile overridden",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Baseline control 'AppArmor'.  On AppArmor hosts the runtime "
	    "confines containers with its default profile; 'Unconfined' "
	    "removes that layer, so a kernel or runtime bug is easier to "
	    "turn into an escape (MS-TA9018, T1611).  Fields: "
	    "spec.securityContext.appArmorProfile.type and "
	    "spec.{containers,initContainers,ephemeralContainers}[*]."
	    "securityContext.appArmorProfile.type (allowed: undefined, "
	    "RuntimeDefault, Localhost); the annotations "
	    "container.apparmor.security.beta.kubernetes.io/* (allowed: "
	    "undefined, runtime/default, localhost/*).",
	.remediation = "Remove the Unconfined profile; use RuntimeDefault or "
		       "a Localhost profile loaded on the nodes.",
	.fix = "securityContext:\n  appArmorProfile:\n"
	       "    type: RuntimeDefault\n",
	.references = ref_baseline,
	.pod = pod_apparmor,
	.container = apparmor_container,
};

static void apparmor_annotations(struct findings *out,
				 const struct pod_view *pv)
{
	const struct node *ann = node_get(pv->meta, "annotations");
	const struct node *v;
	const char *key;
	size_t i;

	for (i = 0; node_member_at(ann, i, &key, &v); i++) {
		const char *val = node_str(v);
		char path[WL_PATH_MAX + 128];

		if (strncmp(key, APPARMOR_PREFIX, strlen(APPARMOR_PREFIX)) != 0)
			continue;
		if (val && (!*val || !strcmp(val, "runtime/default") ||
			    !strncmp(val, "localhost/", 10)))
			continue;
		wl_meta_path(pv, "annotations", path, sizeof(path));
		fmt_snprintf(path + strlen(path), sizeof(path) - strlen(path),
			     "['%s']", key);
		pss_fail(out, &check_pss_apparmor, pv->obj,
			 key + strlen(APPARMOR_PREFIX), v, path,
			 node_scalar_text(v),
			 "AppArmor: annotation for container '%s' is '%s' "
			 "(allowed: undefined, runtime/default, "
			 "localhost/*)",
			 key + strlen(APPARMOR_PREFIX), node_scalar_text(v));
	}
}

static void apparmor_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "appArmorProfile.type", path, sizeof(path));

	if (v && !pss_profile_type_confined(node_str(v)))
		pss_fail(out, &check_pss_apparmor, it->pv->obj, it->name, v,
			 path, node_scalar_text(v),
			 "AppArmor: %s sets appArmorProfile.type '%s' "
			 "(allowed: undefined, RuntimeDefault, Localhost)",
			 pss_who(it, who, sizeof(who)), node_scalar_text(v));
}

static void pod_apparmor(const struct scan *s, struct findings *out,
			 const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    pss_pod_sc(pv, "appArmorProfile.type", path, sizeof(path));

	(void)s;
	apparmor_annotations(out, pv);
	if (v && !pss_profile_type_confined(node_str(v)))
		pss_fail(out, &check_pss_apparmor, pv->obj, NULL, v, path,
			 node_scalar_text(v),
			 "AppArmor: the pod sets appArmorProfile.type "
			 "'%s' (allowed: undefined, RuntimeDefault, "
			 "Localhost)",
			 node_scalar_text(v));
}

/* ---- SELinux ---- */

static void pod_selinux(const struct scan *s, struct findings *out,
			const struct pod_view *pv);

static void selinux_container(struct findings *out, const struct wl_iter *it);

const struct check check_pss_selinux = {
	.id = "pss-selinux",
	.title = "PSS baseline: SELinux options",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Baseline control 'SELinux'.  A custom SELinux type (spc_t "
	    "is unconfined), user or role lifts the labels that keep a "
	    "container away from host files and other containers "
	    "(MS-TA9018, T1611).  Fields: seLinuxOptions.type of the pod "
	    "and of every container (allowed: undefined, \"\", "
	    "container_t, container_init_t, container_kvm_t, "
	    "container_engine_t), seLinuxOptions.user and .role "
	    "(allowed: undefined or \"\").  The level is not restricted.",
	.remediation = "Remove seLinuxOptions.type, .user and .role, or use "
		       "one of the container types.",
	.fix = "securityContext:\n  seLinuxOptions:\n    type: container_t\n",
	.references = ref_baseline,
	.pod = pod_selinux,
	.container = selinux_container,
};

/* Judge one seLinuxOptions object at path base (pod or container). */
static void selinux_options(struct findings *out, const struct pod_view *pv,
			    const char *container, const char *who,
			    const struct node *o, const char *base)
{
	static const char *const keys[] = { "type", "user", "role" };
	size_t k;

	for (k = 0; k < 3; k++) {
		const struct node *v = node_get(o, keys[k]);
		const char *sv = node_str(v);
		char path[WL_PATH_MAX + 96];

		if (!v || node_is(v, NODE_NULL))
			continue;
		if (k == 0 ? pss_selinux_type_allowed(sv) : (sv && !*sv))
			continue;
		fmt_snprintf(path, sizeof(path), "%s.%s", base, keys[k]);
		pss_fail(out, &check_pss_selinux, pv->obj, container, v, path,
			 node_scalar_text(v),
			 "SELinux: %s sets seLinuxOptions.%s '%s' (allowed: "
			 "%s)",
			 who, keys[k], node_scalar_text(v),
			 k == 0 ? "undefined, \"\", container_t, "
				  "container_init_t, container_kvm_t, "
				  "container_engine_t"
				: "undefined or \"\"");
	}
}

static void selinux_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *o =
	    wl_container_sc(it, "seLinuxOptions", path, sizeof(path));

	if (o)
		selinux_options(out, it->pv, it->name,
				pss_who(it, who, sizeof(who)), o, path);
}

static void pod_selinux(const struct scan *s, struct findings *out,
			const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *o =
	    pss_pod_sc(pv, "seLinuxOptions", path, sizeof(path));

	(void)s;
	if (o)
		selinux_options(out, pv, NULL, "the pod", o, path);
}

/* ---- /proc mount type ---- */

static void proc_mount_container(struct findings *out,
				 const struct wl_iter *it);

const struct check check_pss_proc_mount = {
	.id = "pss-proc-mount",
	.title = "PSS baseline: /proc mount type",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Baseline control '/proc Mount Type'.  The default /proc "
	    "masks hide kernel interfaces (/proc/sys, /proc/kcore, "
	    "/proc/sysrq-trigger) from the container; Unmasked exposes "
	    "them (MS-TA9018, T1611).  Fields: spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "procMount.  Allowed: undefined or Default; since policy "
	    "v1.35 Unmasked is exempt for pods in a user namespace "
	    "(spec.hostUsers: false), where the unmasked files belong to "
	    "the namespace's own unprivileged root.",
	.remediation = "Remove procMount or set it to Default; a pod that "
		       "needs an unmasked /proc (nested containers) must run "
		       "with hostUsers: false.",
	.fix = "securityContext:\n  procMount: Default\n",
	.references = ref_baseline,
	.container = proc_mount_container,
};

static void proc_mount_container(struct findings *out, const struct wl_iter *it)
{
	pss_proc_mount(out, &check_pss_proc_mount, it, true);
}

/* ---- Seccomp ---- */

static void pod_seccomp(const struct scan *s, struct findings *out,
			const struct pod_view *pv);

static void seccomp_container(struct findings *out, const struct wl_iter *it);

const struct check check_pss_seccomp = {
	.id = "pss-seccomp",
	.title = "PSS baseline: seccomp Unconfined",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Baseline control 'Seccomp'.  Unconfined lifts the system "
	    "call filter, so every kernel entry point is reachable from "
	    "the container: the attack surface of most container escapes "
	    "(MS-TA9018, T1611).  Fields: "
	    "spec.securityContext.seccompProfile.type and spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "seccompProfile.type.  Allowed: undefined, RuntimeDefault, "
	    "Localhost.  A pod-level Unconfined fails even when every "
	    "container overrides it.",
	.remediation = "Set seccompProfile.type: RuntimeDefault at pod level "
		       "and remove Unconfined everywhere.",
	.fix = "securityContext:\n  seccompProfile:\n"
	       "    type: RuntimeDefault\n",
	.references = ref_baseline,
	.pod = pod_seccomp,
	.container = seccomp_container,
};

static void seccomp_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "seccompProfile.type", path, sizeof(path));

	if (!pss_seccomp_allowed(PSS_BASELINE, node_str(v)))
		pss_fail(out, &check_pss_seccomp, it->pv->obj, it->name, v,
			 path, "Unconfined",
			 "Seccomp: %s sets seccompProfile.type Unconfined "
			 "(allowed: undefined, RuntimeDefault, Localhost)",
			 pss_who(it, who, sizeof(who)));
}

static void pod_seccomp(const struct scan *s, struct findings *out,
			const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v =
	    pss_pod_sc(pv, "seccompProfile.type", path, sizeof(path));

	(void)s;
	if (!pss_seccomp_allowed(PSS_BASELINE, node_str(v)))
		pss_fail(out, &check_pss_seccomp, pv->obj, NULL, v, path,
			 "Unconfined",
			 "Seccomp: the pod sets seccompProfile.type "
			 "Unconfined (allowed: undefined, "
			 "RuntimeDefault, Localhost)");
}

/* ---- Sysctls ---- */

static void pod_sysctls(const struct scan *s, struct findings *out,
			const struct pod_view *pv);
static const char *const t_sysctl[] = { "MS-TA9018", "MS-TA9040", NULL };
static const char *const a_sysctl[] = { "T1610", "T1499", "T1611", NULL };

const struct check check_pss_sysctls = {
	.id = "pss-sysctls",
	.title = "PSS baseline: unsafe sysctls",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_sysctl,
	.attack = a_sysctl,
	.rationale =
	    "Baseline control 'Sysctls'.  Sysctls outside the safe set "
	    "are not isolated between pods or can exhaust kernel "
	    "resources of the node (Denial of service, MS-TA9040) or "
	    "weaken kernel protections (MS-TA9018).  Field: "
	    "spec.securityContext.sysctls[*].name.  Allowed: undefined, "
	    "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
	    "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, "
	    "net.ipv4.ip_unprivileged_port_start, "
	    "net.ipv4.ip_local_reserved_ports, "
	    "net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, "
	    "net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, "
	    "net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, "
	    "net.ipv4.tcp_slow_start_after_idle, "
	    "net.ipv4.tcp_notsent_lowat.",
	.remediation = "Remove sysctls outside the safe set; tune the node "
		       "instead, or move the workload to dedicated nodes.",
	.fix = "securityContext:\n  sysctls:\n"
	       "  - name: net.ipv4.ip_local_port_range\n"
	       "    value: \"32768 60999\"\n",
	.references = ref_baseline,
	.pod = pod_sysctls,
};

static void pod_sysctls(const struct scan *s, struct findings *out,
			const struct pod_view *pv)
{
	size_t k;
	char path[WL_PATH_MAX + 64], ipath[WL_PATH_MAX + 96];
	const struct node *l = pss_pod_sc(pv, "sysctls", path, sizeof(path));

	(void)s;
	for (k = 0; k < node_count(l); k++) {
		const struct node *nm = node_get(node_at(l, k), "name");
		const char *name = node_str(nm);

		if (pss_safe_sysctl(name))
			continue;
		fmt_snprintf(ipath, sizeof(ipath), "%s[%zu].name", path, k);
		pss_fail(out, &check_pss_sysctls, pv->obj, NULL, nm, ipath,
			 name ? name : "",
			 "Sysctls: the pod sets '%s' (allowed: %s)",
			 name ? name : "", pss_safe_sysctls);
	}
}
