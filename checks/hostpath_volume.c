/*
 * hostpath-volume: every hostPath volume that sensitive-hostpath does not
 * already report, so that no hostPath goes unmentioned.
 */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "hostpath.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9013", "MS-TA9026", NULL };
static const char *const attack[] = { "T1611", "T1552.001", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Writable%20hostPath%20mount/",
	NULL,
};

const struct check check_hostpath_volume = {
	.id = "hostpath-volume",
	.title = "Pod mounts a directory of its node (hostPath)",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Any hostPath volume ties the pod to its node's file system: "
	    "what it reads there can hold node secrets, what it writes "
	    "there outlives the pod and is seen by the node and the next "
	    "pod (Writable hostPath mount, MS-TA9013, T1611; Mount service "
	    "principal, MS-TA9026, T1552.001).  The Pod Security "
	    "'baseline' level refuses every hostPath, whatever the path.  "
	    "Paths known to be dangerous (runtime sockets, /, /etc, "
	    "kubelet and Kubernetes directories, credentials, logs, and "
	    "the node's programs when writable) are "
	    "reported by sensitive-hostpath at their own severity; this "
	    "check reports each other hostPath volume once: medium when a "
	    "container mounts it writable, low when every mount is "
	    "read-only or no container mounts it.",
	.remediation = "Replace the hostPath with emptyDir, a ConfigMap, a "
		       "projected volume or a CSI driver; where a node agent "
		       "must read host files, mount them readOnly: true.",
	.details =
	    "- **Severity:** medium when a container mounts the volume "
	    "writable, low\n"
	    "  when every mount is read-only or no container mounts it.\n"
	    "- **Techniques:** MS-TA9013 Writable hostPath mount, MS-TA9026 "
	    "Mount\n"
	    "  service principal; ATT&CK T1611, T1552.001.\n"
	    "- **Looks at:** every `spec.volumes[].hostPath`. A volume that\n"
	    "  `sensitive-hostpath` reports (runtime sockets, `/`, `/etc`, "
	    "kubelet and\n"
	    "  Kubernetes directories, credentials, logs, a writable `/usr` or "
	    "`/lib`, ...) is left to it, "
	    "so each\n"
	    "  hostPath is reported by exactly one of the two checks.\n"
	    "- **Why:** Pod Security `baseline` refuses every hostPath; even "
	    "an\n"
	    "  ordinary node directory outlives the pod and is shared with the "
	    "node.\n"
	    "- **Real data:** Weave Scope's agents (writable "
	    "`/var/run/scope/plugins`)\n"
	    "  are medium; the newrelic agent's hostPaths are all sensitive "
	    "and appear\n"
	    "  only under `sensitive-hostpath`.\n",
	.fix = "volumes:\n- name: scratch\n  emptyDir: {}\n",
	.references = references,
	.pod = judge_view,
};

/*
 * Walk the mounts of volume vi: *rw gets a writable mount's path (or
 * stays empty), *mounted whether any container mounts it; true when
 * sensitive-hostpath reports one of them.
 */
static bool mounts(const struct pod_view *pv, const struct node *vol,
		   const char *name, char *rw, size_t n,
		   const struct node **rwnode, bool *mounted)
{
	struct wl_iter it;

	*mounted = false;
	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		const struct node *vms = node_get(it.c, "volumeMounts");
		size_t m;

		for (m = 0; m < node_count(vms); m++) {
			const struct node *vm = node_at(vms, m);
			bool ro = node_is_true(node_get(vm, "readOnly"));

			if (!node_str_eq(node_get(vm, "name"), name))
				continue;
			*mounted = true;
			if (hostpath_is_sensitive(
				vol, node_get_str(vm, "subPath"), ro))
				return true;
			if (!ro && !*rw) {
				fmt_snprintf(rw, n, "%s.volumeMounts[%zu]",
					     it.path, m);
				*rwnode = vm;
			}
		}
	}
	return !*mounted && hostpath_is_sensitive(vol, NULL, false);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	size_t v;
	const struct node *vols = node_get(pv->spec, "volumes");

	(void)s;
	for (v = 0; v < node_count(vols); v++) {
		const struct node *vol = node_at(vols, v);
		const struct node *hp = node_path(vol, "hostPath.path");
		const char *name = node_get_str(vol, "name");
		char rw[WL_PATH_MAX + 64] = "", path[WL_PATH_MAX + 64];
		const struct node *rwnode = NULL;
		struct finding *fd;
		bool mounted;

		if (!node_str(hp) || !name ||
		    mounts(pv, vol, name, rw, sizeof(rw), &rwnode, &mounted))
			continue;
		fd = finding_add(out, &check_hostpath_volume, pv->obj, NULL,
				 "hostPath volume '%s' mounts node "
				 "path '%s' (%s)",
				 name, node_str(hp),
				 *rw	   ? "writable"
				 : mounted ? "read-only"
					   : "mounted by no container");
		fd->severity = *rw ? SEV_MEDIUM : SEV_LOW;
		fmt_snprintf(path, sizeof(path),
			     "%s.volumes[%zu].hostPath.path", pv->spec_path, v);
		finding_evidence(out, fd, hp, path, "%s", node_str(hp));
		if (*rw)
			finding_evidence(out, fd, rwnode, rw,
					 "readOnly unset (writable)");
	}
}
