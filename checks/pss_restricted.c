/*
 * pss_restricted.c - the controls the Pod Security Standard "restricted"
 * adds to baseline, one check each, run by `scan --profile pss-restricted`
 * (see pss_baseline.c for why a level shares one file).
 *
 * Privilege escalation, seccomp and capabilities are Linux-only since
 * policy v1.25: pods with spec.os.name windows are exempt from them.
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

static const char *const ref_restricted[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#restricted",
	"https://kubernetes.io/docs/concepts/security/pod-security-admission/",
	NULL,
};

static const char *const t_priv[] = { "MS-TA9018", NULL };
static const char *const a_priv[] = { "T1610", "T1611", NULL };

/* ---- Volume types ---- */

static void pod_volume_types(const struct scan *s, struct findings *out,
			     const struct pod_view *pv);
static const char *const t_vol[] = { "MS-TA9013", "MS-TA9026", NULL };
static const char *const a_vol[] = { "T1611", "T1552.001", NULL };

const struct check check_pss_volume_types = {
	.id = "pss-volume-types",
	.title = "PSS restricted: volume types",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_vol,
	.attack = a_vol,
	.rationale =
	    "Restricted control 'Volume Types'.  Volumes other than the "
	    "projected, ephemeral and claim-backed kinds reach node files "
	    "(hostPath: MS-TA9013, MS-TA9026), storage outside the "
	    "cluster's access control (nfs, iscsi, rbd, cloud disks by "
	    "ID) or run code on the node (gitRepo, flexVolume).  Field: "
	    "spec.volumes[*].  Allowed: every volume sets one of "
	    "configMap, csi, downwardAPI, emptyDir, ephemeral, "
	    "persistentVolumeClaim, projected, secret (a volume with no "
	    "source is an emptyDir).",
	.remediation = "Use a PersistentVolumeClaim (with a StorageClass or "
		       "CSI driver) instead of in-line volume sources.",
	.fix = "volumes:\n- name: data\n  persistentVolumeClaim:\n"
	       "    claimName: data\n",
	.references = ref_restricted,
	.pod = pod_volume_types,
};

static void pod_volume_types(const struct scan *s, struct findings *out,
			     const struct pod_view *pv)
{
	size_t v;
	const struct node *vols = node_get(pv->spec, "volumes");

	(void)s;
	for (v = 0; v < node_count(vols); v++) {
		const struct node *vol = node_at(vols, v);
		const char *bad = pss_restricted_volume(vol);
		const char *name = node_get_str(vol, "name");
		char path[WL_PATH_MAX + 64];

		if (!bad)
			continue;
		fmt_snprintf(path, sizeof(path), "%s.volumes[%zu].%s",
			     pv->spec_path, v, bad);
		pss_fail(out, &check_pss_volume_types, pv->obj, NULL,
			 node_get(vol, bad), path, bad,
			 "Volume Types: volume '%s' is of type %s "
			 "(allowed: %s)",
			 name ? name : "", bad, pss_restricted_volume_types);
	}
}

/* ---- Privilege escalation ---- */

static void escalation_container(struct findings *out,
				 const struct wl_iter *it);

const struct check check_pss_privilege_escalation = {
	.id = "pss-privilege-escalation",
	.title = "PSS restricted: privilege escalation",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Restricted control 'Privilege Escalation'.  Unless "
	    "allowPrivilegeEscalation is false, setuid binaries and file "
	    "capabilities can raise a process's privileges inside the "
	    "container (MS-TA9018, T1611).  Fields: spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "allowPrivilegeEscalation.  Allowed: false (undefined fails: "
	    "the default allows escalation).  Windows pods are exempt.",
	.remediation = "Set allowPrivilegeEscalation: false on every "
		       "container.",
	.fix = "securityContext:\n  allowPrivilegeEscalation: false\n",
	.references = ref_restricted,
	.container = escalation_container,
	.container_linux_only = true,
};

static void escalation_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "allowPrivilegeEscalation", path, sizeof(path));

	if (node_is_false(v))
		return;
	pss_fail(out, &check_pss_privilege_escalation, it->pv->obj, it->name,
		 v ? v : it->c, v ? path : it->path,
		 v ? node_scalar_text(v) : "allowPrivilegeEscalation unset",
		 "Privilege Escalation: %s %s (allowed: false)",
		 pss_who(it, who, sizeof(who)),
		 v ? "sets allowPrivilegeEscalation to something other than "
		     "false"
		   : "does not set allowPrivilegeEscalation");
}

/* ---- Running as non-root ---- */

static void pod_nonroot(const struct scan *s, struct findings *out,
			const struct pod_view *pv);

const struct check check_pss_run_as_non_root = {
	.id = "pss-run-as-non-root",
	.title = "PSS restricted: running as non-root",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Restricted control 'Running as Non-root'.  Without "
	    "runAsNonRoot: true the image decides the user, and most "
	    "images run as root, which turns any escape into root on the "
	    "node (MS-TA9018, T1611).  Fields: "
	    "spec.securityContext.runAsNonRoot and spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "runAsNonRoot.  Allowed: true; a container may leave it "
	    "undefined when the pod sets true.  An explicit false fails, "
	    "at pod level even when containers set true.  The admission "
	    "plugin relaxes this control for pods with hostUsers: false "
	    "when the API server runs with the "
	    "UserNamespacesPodSecurityStandards feature gate; the API does "
	    "not show the gate, so the control is judged without the "
	    "relaxation unless scan is told --assume-feature "
	    "UserNamespacesPodSecurityStandards.",
	.remediation = "Set runAsNonRoot: true in the pod securityContext "
		       "and build images with a numeric non-root USER.",
	.fix = "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n",
	.references = ref_restricted,
	.pod = pod_nonroot,
};

static void nonroot_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "runAsNonRoot", path, sizeof(path));
	const struct node *pod = node_path(
	    node_get(it->pv->spec, "securityContext"), "runAsNonRoot");

	if (node_is_true(v) || (!v && node_is_true(pod)))
		return;
	pss_fail(out, &check_pss_run_as_non_root, it->pv->obj, it->name,
		 v ? v : it->c, v ? path : it->path,
		 v ? node_scalar_text(v) : "runAsNonRoot unset",
		 "Running as Non-root: %s %s (allowed: true, or undefined "
		 "when the pod sets true)",
		 pss_who(it, who, sizeof(who)),
		 v ? "sets runAsNonRoot to something other than true"
		   : "does not set runAsNonRoot and the pod does not set true");
}

/*
 * The admission plugin skips the two non-root controls for a pod with
 * hostUsers: false when the cluster runs with the
 * UserNamespacesPodSecurityStandards feature gate (the caller says so).
 */
static bool userns_relaxed(const struct scan *s, const struct pod_view *pv)
{
	return (s->features & SCAN_FEATURE_USERNS_PSS) &&
	       node_is_false(node_get(pv->spec, "hostUsers"));
}

static void pod_nonroot(const struct scan *s, struct findings *out,
			const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v;
	struct wl_iter it;

	if (userns_relaxed(s, pv))
		return;
	v = pss_pod_sc(pv, "runAsNonRoot", path, sizeof(path));
	if (v && !node_is_true(v))
		pss_fail(out, &check_pss_run_as_non_root, pv->obj, NULL, v,
			 path, node_scalar_text(v),
			 "Running as Non-root: the pod sets "
			 "runAsNonRoot %s (allowed: true)",
			 node_scalar_text(v));
	wl_iter_init(&it, pv);
	while (wl_next(&it))
		nonroot_container(out, &it);
}

/* ---- Running as non-root user ---- */

static void pod_user(const struct scan *s, struct findings *out,
		     const struct pod_view *pv);

const struct check check_pss_run_as_user = {
	.id = "pss-run-as-user",
	.title = "PSS restricted: runAsUser 0",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Restricted control 'Running as Non-root user'.  runAsUser: 0 "
	    "runs the process as root, root on the node as far as the "
	    "kernel is concerned outside a user namespace (MS-TA9018, "
	    "T1611).  Fields: spec.securityContext.runAsUser and "
	    "spec.{containers,initContainers,ephemeralContainers}[*]."
	    "securityContext.runAsUser.  Allowed: undefined or any "
	    "non-zero value; a pod-level 0 fails even when containers "
	    "override it.  Relaxed, as 'Running as Non-root' is, for pods "
	    "with hostUsers: false under --assume-feature "
	    "UserNamespacesPodSecurityStandards.",
	.remediation = "Set a non-zero runAsUser (10000 or more avoids node "
		       "users) or leave it to the image's numeric USER.",
	.fix = "securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n",
	.references = ref_restricted,
	.pod = pod_user,
};

static void user_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "runAsUser", path, sizeof(path));
	long long u = -1;

	if (node_int(v, &u) && u == 0)
		pss_fail(out, &check_pss_run_as_user, it->pv->obj, it->name, v,
			 path, "0",
			 "Running as Non-root user: %s sets runAsUser 0 "
			 "(allowed: undefined or non-zero)",
			 pss_who(it, who, sizeof(who)));
}

static void pod_user(const struct scan *s, struct findings *out,
		     const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v;
	long long u = -1;
	struct wl_iter it;

	if (userns_relaxed(s, pv))
		return;
	v = pss_pod_sc(pv, "runAsUser", path, sizeof(path));
	if (node_int(v, &u) && u == 0)
		pss_fail(out, &check_pss_run_as_user, pv->obj, NULL, v, path,
			 "0",
			 "Running as Non-root user: the pod sets "
			 "runAsUser 0 (allowed: undefined or "
			 "non-zero)");
	wl_iter_init(&it, pv);
	while (wl_next(&it))
		user_container(out, &it);
}

/* ---- Seccomp (restricted) ---- */

static void pod_seccomp(const struct scan *s, struct findings *out,
			const struct pod_view *pv);

static void seccomp_container(struct findings *out, const struct wl_iter *it);

const struct check check_pss_seccomp_restricted = {
	.id = "pss-seccomp-restricted",
	.title = "PSS restricted: seccomp profile required",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Restricted control 'Seccomp'.  Without a seccomp profile the "
	    "kubelet runs containers unconfined unless the node enables "
	    "--seccomp-default, so every system call, and the kernel bugs "
	    "behind them, is reachable (MS-TA9018, T1611).  Fields: "
	    "spec.securityContext.seccompProfile.type and "
	    "spec.{containers,initContainers,ephemeralContainers}[*]."
	    "securityContext.seccompProfile.type.  Allowed: "
	    "RuntimeDefault or Localhost; a container may leave it "
	    "undefined when the pod sets an allowed type.  Windows pods "
	    "are exempt.",
	.remediation = "Set seccompProfile.type: RuntimeDefault in the pod "
		       "securityContext.",
	.fix = "securityContext:\n  seccompProfile:\n"
	       "    type: RuntimeDefault\n",
	.references = ref_restricted,
	.pod = pod_seccomp,
	.container = seccomp_container,
	.container_linux_only = true,
};

static void seccomp_container(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64], who[128];
	const struct node *v =
	    wl_container_sc(it, "seccompProfile.type", path, sizeof(path));
	const struct node *pod = node_path(
	    node_get(it->pv->spec, "securityContext"), "seccompProfile.type");

	if (pss_seccomp_allowed(PSS_RESTRICTED, node_str(v ? v : pod)))
		return;
	pss_fail(out, &check_pss_seccomp_restricted, it->pv->obj, it->name,
		 v ? v : it->c, v ? path : it->path,
		 v ? node_scalar_text(v) : "seccompProfile unset",
		 "Seccomp: %s %s (allowed: RuntimeDefault or Localhost, or "
		 "undefined when the pod sets one)",
		 pss_who(it, who, sizeof(who)),
		 v ? "sets a seccompProfile.type other than RuntimeDefault "
		     "or Localhost"
		   : "has no seccomp profile and the pod sets none");
}

static void pod_seccomp(const struct scan *s, struct findings *out,
			const struct pod_view *pv)
{
	char path[WL_PATH_MAX + 64];
	const struct node *v;

	(void)s;
	if (wl_is_windows(pv))
		return;
	v = pss_pod_sc(pv, "seccompProfile.type", path, sizeof(path));
	if (v && !pss_seccomp_allowed(PSS_RESTRICTED, node_str(v)))
		pss_fail(out, &check_pss_seccomp_restricted, pv->obj, NULL, v,
			 path, node_scalar_text(v),
			 "Seccomp: the pod sets seccompProfile.type "
			 "'%s' (allowed: RuntimeDefault or Localhost)",
			 node_scalar_text(v));
}

/* ---- Capabilities (restricted) ---- */

static const char *const t_caps[] = { "MS-TA9018", "MS-TA9036", NULL };
static const char *const a_caps[] = { "T1610", "T1557", "T1611", NULL };

static void caps_container(struct findings *out, const struct wl_iter *it);

const struct check check_pss_capabilities_restricted = {
	.id = "pss-capabilities-restricted",
	.title = "PSS restricted: drop ALL, add only NET_BIND_SERVICE",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_caps,
	.attack = a_caps,
	.rationale =
	    "Restricted control 'Capabilities'.  The runtime's default "
	    "set still holds NET_RAW (packet forgery, MS-TA9036), "
	    "DAC_OVERRIDE, SETUID and others that make a foothold "
	    "stronger (MS-TA9018).  Fields: spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "capabilities.drop (allowed: any list that includes ALL, "
	    "exactly so written) and .capabilities.add (allowed: "
	    "undefined or NET_BIND_SERVICE).  Windows pods are exempt.",
	.remediation = "Drop ALL capabilities in every container and add "
		       "back NET_BIND_SERVICE only when binding ports below "
		       "1024.",
	.fix = "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n",
	.references = ref_restricted,
	.container = caps_container,
	.container_linux_only = true,
};

static bool drops_all(const struct node *drop)
{
	size_t i;

	for (i = 0; i < node_count(drop); i++)
		if (node_str_eq(node_at(drop, i), "ALL"))
			return true;
	return false;
}

static bool net_bind_service(const char *cap)
{
	return cap && !strcmp(cap, "NET_BIND_SERVICE");
}

static void caps_container(struct findings *out, const struct wl_iter *it)
{
	char dpath[WL_PATH_MAX + 64], who[128];
	const struct node *drop =
	    wl_container_sc(it, "capabilities.drop", dpath, sizeof(dpath));

	if (!drops_all(drop))
		pss_fail(out, &check_pss_capabilities_restricted, it->pv->obj,
			 it->name, drop ? drop : it->c, drop ? dpath : it->path,
			 drop ? node_scalar_text(drop) : "drop unset",
			 "Capabilities: %s does not drop ALL (allowed: any "
			 "drop list that includes ALL)",
			 pss_who(it, who, sizeof(who)));
	pss_caps_added(out, &check_pss_capabilities_restricted, it,
		       net_bind_service, "undefined or NET_BIND_SERVICE");
}

/* ---- /proc mount type (restricted) ---- */

static void proc_mount_container(struct findings *out,
				 const struct wl_iter *it);

const struct check check_pss_proc_mount_restricted = {
	.id = "pss-proc-mount-restricted",
	.title = "PSS restricted: /proc mount type Default",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = t_priv,
	.attack = a_priv,
	.rationale =
	    "Restricted control '/proc Mount Type'.  Baseline exempts an "
	    "Unmasked /proc in a user namespace (hostUsers: false); "
	    "restricted does not: the masked paths stay masked for every "
	    "pod (MS-TA9018, T1611).  Fields: spec.{containers,"
	    "initContainers,ephemeralContainers}[*].securityContext."
	    "procMount.  Allowed: undefined or Default.",
	.remediation = "Remove procMount or set it to Default.",
	.fix = "securityContext:\n  procMount: Default\n",
	.references = ref_restricted,
	.container = proc_mount_container,
};

static void proc_mount_container(struct findings *out, const struct wl_iter *it)
{
	pss_proc_mount(out, &check_pss_proc_mount_restricted, it, false);
}
