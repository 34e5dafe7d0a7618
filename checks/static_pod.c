/*
 * static-pod: pods the kubelet runs from files (mirror pods and static
 * pod manifests) other than the control plane, and writable mounts of the
 * kubelet's static pod directory.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/program.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static int run(const struct scan *s, struct findings *out);
static void judge_mounts(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9017", NULL };
static const char *const attack[] = { "T1543.005", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Static%20pods/",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"static-pod/",
	NULL,
};

const struct check check_static_pod = {
	.id = "static-pod",
	.title = "Static pod outside the control plane, or a writable static "
		 "pod directory",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The kubelet runs every manifest in its static pod directory "
	    "(/etc/kubernetes/manifests on kubeadm nodes) without asking "
	    "the API server: no admission control, no Pod Security, and a "
	    "file on the node that outlives anything deleted through the "
	    "API.  The API shows such pods as mirror pods, annotated "
	    "kubernetes.io/config.mirror and owned by their Node.  Mirror "
	    "pods and manifests from a static pod directory are reported "
	    "unless they are the control-plane components kubeadm and k3s "
	    "install in kube-system (etcd, kube-apiserver, "
	    "kube-controller-manager, kube-scheduler, kube-proxy, kube-vip, "
	    "cloud-controller-manager), named after the component and "
	    "running it: medium, since an unexpected one is either an "
	    "attacker's foothold or an undocumented exception; high for one "
	    "that takes a component's name without running it, a foothold "
	    "made to pass for the control plane.  "
	    "A container that mounts the static pod directory (or a parent "
	    "of it) writable can plant such a pod on its node: high.",
	.remediation =
	    "Remove unexpected files from the kubelet's staticPodPath and "
	    "run workloads through controllers; mount host directories "
	    "read-only, never the static pod directory, and consider "
	    "disabling staticPodPath on worker nodes.",
	.details =
	    "- **Looks at:** mirror pods (annotation "
	    "`kubernetes.io/config.mirror` or\n"
	    "  an owner of kind `Node`) and Pods read from a static pod "
	    "directory (a\n"
	    "  path with `kubernetes/manifests/` or `/pod-manifests/`), "
	    "medium, unless\n"
	    "  they are control-plane components in `kube-system` (`etcd`,\n"
	    "  `kube-apiserver`, `kube-controller-manager`, `kube-scheduler`,\n"
	    "  `kube-proxy`, `kube-vip`, `cloud-controller-manager`, by name "
	    "prefix) that\n"
	    "  run the component: a container's program by its command, a "
	    "shell script\n"
	    "  or hyperkube, else its image name (kube-vip: its image).\n"
	    "- **High:** a mirror pod or static pod manifest named like a "
	    "component that\n"
	    "  none of its containers runs.\n"
	    "- **High:** a container mounting writable a host path that holds "
	    "a static\n"
	    "  pod directory (`/etc/kubernetes/manifests`, the k3s and RKE2\n"
	    "  `pod-manifests`, or a parent such as `/etc` or `/`): it can "
	    "plant a pod\n"
	    "  the kubelet runs past admission. sensitive-hostpath reports the "
	    "mount\n"
	    "  too, under the hostPath technique.\n",
	.fix = "volumeMounts:\n"
	       "  - name: host-config\n"
	       "    mountPath: /host/etc/kubernetes/pki\n"
	       "    readOnly: true\n",
	.references = references,
	.run = run,
	.container = judge_mounts,
};

static const char *const control_plane[] = {
	"etcd",
	"kube-apiserver",
	"kube-controller-manager",
	"kube-scheduler",
	"kube-proxy",
	"kube-vip",
	"cloud-controller-manager",
};

static const char *const manifest_dirs[][2] = {
	{ "/etc/kubernetes/manifests", "kubeadm" },
	{ "/var/lib/rancher/k3s/agent/pod-manifests", "k3s" },
	{ "/var/lib/rancher/rke2/agent/pod-manifests", "RKE2" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The control-plane component o (a Pod of kube-system) is named after:
 * its name is the component's or starts with it and "-", as kubeadm
 * names mirror pods after their node.  NULL for any other name.
 */
static const char *named_like(const struct kobj *o)
{
	size_t i;

	if (strcmp(kobj_ns(o), "kube-system") != 0)
		return NULL;
	for (i = 0; i < N(control_plane); i++) {
		size_t l = strlen(control_plane[i]);
		if (!strncmp(o->name, control_plane[i], l) &&
		    (o->name[l] == '\0' || o->name[l] == '-'))
			return control_plane[i];
	}
	return NULL;
}

/*
 * A container of Pod o runs component comp: the program its command,
 * args or image name (program_of()), or for kube-vip, which has no
 * flags threatmap reads, an image of that name.
 */
static bool runs(const struct kobj *o, const char *comp)
{
	const struct node *cs = node_path(o->root, "spec.containers");
	enum program_id id;
	size_t i;

	if (strcmp(comp, "kube-vip")) {
		for (id = PROGRAM_OTHER + 1; id < PROGRAM_COUNT; id++)
			if (!strcmp(program_name(id), comp))
				return program_in_pod(node_get(o->root, "spec"),
						      id);
		return false;
	}
	for (i = 0; i < node_count(cs); i++) {
		const char *image = node_get_str(node_at(cs, i), "image");
		if (image && strstr(image, "kube-vip"))
			return true;
	}
	return false;
}

/*
 * o is a control-plane component: named after one, and running it.  A
 * pod that only takes the name (a mirror pod "kube-apiserver-evil"
 * running a shell) is not, and is reported with the name it hides
 * behind in *mimics.
 */
static bool is_control_plane(const struct kobj *o, const char **mimics)
{
	const char *comp = named_like(o);

	*mimics = NULL;
	if (!comp)
		return false;
	if (runs(o, comp))
		return true;
	*mimics = comp;
	return false;
}

/* The Node a mirror pod belongs to, or NULL for other pods. */
static const char *mirror_node(const struct kobj *o, const struct node **at,
			       char *path, size_t n)
{
	const struct node *refs =
	    node_path(o->root, "metadata.ownerReferences");
	size_t i;

	*at = node_get(o->annotations, "kubernetes.io/config.mirror");
	for (i = 0; i < node_count(refs); i++) {
		const struct node *r = node_at(refs, i);
		if (node_str_eq(node_get(r, "kind"), "Node")) {
			fmt_snprintf(path, n, "metadata.ownerReferences[%zu]",
				     i);
			*at = r;
			return node_get_str(r, "name") ? node_get_str(r, "name")
						       : "?";
		}
	}
	if (*at) {
		fmt_snprintf(
		    path, n,
		    "metadata.annotations.kubernetes.io/config.mirror");
		return node_path(o->root, "spec.nodeName")
			   ? node_get_str(node_get(o->root, "spec"), "nodeName")
			   : "?";
	}
	return NULL;
}

static bool from_manifest_dir(const struct kobj *o)
{
	return strstr(o->file, "kubernetes/manifests/") ||
	       strstr(o->file, "/pod-manifests/");
}

static void static_pods(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "Pod", &n);
	for (i = 0; i < n; i++) {
		const struct node *at = NULL;
		char path[128];
		const char *nodename, *mimics;
		struct finding *fd;

		if (is_control_plane(v[i], &mimics))
			continue;
		nodename = mirror_node(v[i], &at, path, sizeof(path));
		if (nodename && mimics) {
			fd = finding_add(out, &check_static_pod, v[i], NULL,
					 "Pod '%s' is a static pod of node "
					 "'%s' (a mirror pod) named like %s, "
					 "but none of its containers runs %s",
					 v[i]->name, nodename, mimics, mimics);
			fd->severity = SEV_HIGH;
			finding_evidence(out, fd, at, path, "%s",
					 node_scalar_text(at));
		} else if (nodename) {
			fd = finding_add(out, &check_static_pod, v[i], NULL,
					 "Pod '%s' is a static pod of node "
					 "'%s' (a mirror pod), not a "
					 "control-plane component",
					 v[i]->name, nodename);
			fd->severity = SEV_MEDIUM;
			finding_evidence(out, fd, at, path, "%s",
					 node_scalar_text(at));
		} else if (from_manifest_dir(v[i])) {
			if (mimics)
				fd = finding_add(
				    out, &check_static_pod, v[i], NULL,
				    "Pod '%s' comes from a kubelet static pod "
				    "directory and is named like %s, but none "
				    "of its containers runs %s",
				    v[i]->name, mimics, mimics);
			else
				fd = finding_add(
				    out, &check_static_pod, v[i], NULL,
				    "Pod '%s' comes from a kubelet "
				    "static pod directory and is "
				    "not a control-plane "
				    "component",
				    v[i]->name);
			fd->severity = mimics ? SEV_HIGH : SEV_MEDIUM;
			finding_evidence(out, fd, v[i]->root, "metadata.name",
					 "%s", v[i]->file);
		}
	}
}

/* The static pod directory (and its distribution) that p covers. */
static const char *const *covers_manifests(const char *p)
{
	size_t i;

	for (i = 0; i < N(manifest_dirs); i++)
		if (wl_path_under(manifest_dirs[i][0], p) ||
		    wl_path_under(p, manifest_dirs[i][0]))
			return manifest_dirs[i];
	return NULL;
}

static void judge_mounts(struct findings *out, const struct wl_iter *it)
{
	const struct node *vms = node_get(it->c, "volumeMounts");
	size_t m;

	for (m = 0; m < node_count(vms); m++) {
		const struct node *vm = node_at(vms, m);
		const struct node *vol =
		    wl_volume(it->pv, node_get_str(vm, "name"), NULL);
		const struct node *hp = node_path(vol, "hostPath.path");
		char norm[1024], path[WL_PATH_MAX + 64];
		const char *const *dir;
		struct finding *fd;

		if (!node_str(hp) || node_is_true(node_get(vm, "readOnly")) ||
		    !wl_path_normalize(node_str(hp),
				       node_get_str(vm, "subPath"), norm,
				       sizeof(norm)) ||
		    !(dir = covers_manifests(norm)))
			continue;
		fd = finding_add(out, &check_static_pod, it->pv->obj, it->name,
				 "%s '%s' mounts host path '%s' writable, "
				 "which holds the %s static pod directory %s",
				 wl_list_noun(it->list), it->name, norm, dir[1],
				 dir[0]);
		fmt_snprintf(path, sizeof(path), "%s.volumeMounts[%zu]",
			     it->path, m);
		finding_evidence(out, fd, vm, path, "%s writable", norm);
		return;
	}
}

static int run(const struct scan *s, struct findings *out)
{
	static_pods(s, out);
	return 0;
}
