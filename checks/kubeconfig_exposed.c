/*
 * kubeconfig-exposed: kubeconfig files with embedded credentials stored in
 * ConfigMaps, Secrets that hold kubeconfigs (by name and keys; Secrets are
 * read as metadata), and kubeconfigs given to pods through Secret,
 * ConfigMap or projected volumes.  Kubeconfigs mounted from the node
 * (hostPath /etc/kubernetes, /root/.kube, /var/lib/kubelet/kubeconfig)
 * belong to sensitive-hostpath, which rates them by the mount.
 */
#include "check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "cred.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static int run_kubeconfig(const struct scan *s, struct findings *out);
static void pod_mounts(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9003", NULL };
static const char *const attack[] = { "T1552.001", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Kubeconfig%20file/",
	"https://kubernetes.io/docs/concepts/configuration/"
	"organize-cluster-access-kubeconfig/",
	NULL,
};

const struct check check_kubeconfig_exposed = {
	.id = "kubeconfig-exposed",
	.title = "Kubeconfig with credentials stored or handed to a pod",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_CONFIGMAPS | NEED_SECRETS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A kubeconfig with an embedded token, client key or password is "
	    "a complete login to a cluster: whoever copies it acts as its "
	    "user, often an administrator or a CI deployer, from anywhere "
	    "the API server is reachable (Kubeconfig file, MS-TA9003).  "
	    "High for a kubeconfig with credentials in a ConfigMap, which "
	    "the 'view' role and most tooling read.  Medium for a pod that "
	    "gets a kubeconfig from a Secret, ConfigMap or projected volume "
	    "or names one in KUBECONFIG: code in the pod acts with that "
	    "identity instead of its service account, outside the RBAC "
	    "review of the account.  Low for a Secret whose name or keys "
	    "say it holds a kubeconfig (Cluster API, Argo CD and CI "
	    "systems keep them so): storing it in a Secret is right, but "
	    "every reader of Secrets in its namespace holds the cluster it "
	    "points to.  Kubeconfigs mounted from the node through hostPath "
	    "are reported by sensitive-hostpath.",
	.remediation =
	    "Keep kubeconfigs out of ConfigMaps; prefer in-cluster "
	    "service-account credentials (projected tokens) for pods, or a "
	    "kubeconfig with an exec plugin or short-lived token over one "
	    "with an embedded long-lived credential; restrict who can read "
	    "Secrets that hold kubeconfigs and rotate any credential that "
	    "was stored in a ConfigMap.",
	.details = "- **Severity by case:** high for a kubeconfig with an "
		   "embedded credential\n"
		   "  (`users[].user.token`, `client-key-data` or `password`) "
		   "in a ConfigMap;\n"
		   "  medium for a pod handed a kubeconfig through a Secret, "
		   "ConfigMap or\n"
		   "  projected volume (named like one, from an object named "
		   "like one, or\n"
		   "  mounted at `.kube`) or through `KUBECONFIG`; low for a "
		   "Secret whose name\n"
		   "  or keys say it holds a kubeconfig, or an Argo CD cluster "
		   "Secret (a\n"
		   "  Secret is the right place, but every reader of Secrets "
		   "in that namespace\n"
		   "  holds the cluster).\n"
		   "- **ATT&CK:** Microsoft maps none to MS-TA9003; T1552.001 "
		   "(Credentials In\n"
		   "  Files) is the one that fits.\n"
		   "- **Silent for:** kubeconfigs without users "
		   "(`kube-public/cluster-info`)\n"
		   "  or whose users only name an exec plugin, a token file or "
		   "key files;\n"
		   "  emptyDir volumes at `~/.kube`; kubeconfigs from the node "
		   "through\n"
		   "  hostPath, and `KUBECONFIG` pointing into such a mount\n"
		   "  (sensitive-hostpath's).\n",
	.fix = "# let the pod use its own service account instead of a\n"
	       "# mounted kubeconfig\n"
	       "spec:\n"
	       "  serviceAccountName: deployer\n"
	       "  automountServiceAccountToken: true\n"
	       "  containers:\n"
	       "    - name: app\n"
	       "      # no KUBECONFIG env, no kubeconfig volume\n",
	.references = references,
	.run = run_kubeconfig,
	.container = pod_mounts,
};

/* "kubeconfig", "kube-config", "kube_config", "admin.conf" in s. */
static bool names_kubeconfig(const char *s)
{
	static const char *const words[] = {
		"kubeconfig",  "kube-config", "kube_config",
		"kube.config", "admin.conf",  "kubelet.conf",
	};
	char low[256];
	size_t i;

	if (!s)
		return false;
	for (i = 0; i < sizeof(low) - 1 && s[i]; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strstr(low, words[i]))
			return true;
	return false;
}

static void configmaps(struct findings *out, const struct kobj *o)
{
	const struct node *data = node_get(o->root, "data");
	const struct node *v;
	const char *key, *what;
	size_t i, user;

	for (i = 0; node_member_at(data, i, &key, &v); i++) {
		char path[WL_PATH_MAX + 256];
		struct finding *fd;

		if (!node_is(v, NODE_STRING) ||
		    !(what = cred_kubeconfig(node_text(v), node_len(v), &user)))
			continue;
		fd = finding_add(out, &check_kubeconfig_exposed, o, NULL,
				 "ConfigMap key '%s' holds a kubeconfig with "
				 "an embedded credential (users[%zu].user.%s)",
				 key, user, what);
		fmt_snprintf(path, sizeof(path), "data.%s", key);
		finding_evidence(out, fd, v, path,
				 "kubeconfig: users[%zu].user.%s set", user,
				 what);
	}
}

static void secrets(struct findings *out, const struct kobj *o)
{
	const struct node *data = node_get(o->root, "data");
	const struct node *at = NULL;
	const char *key = NULL, *why, *path;
	struct finding *fd;
	size_t i;

	if (names_kubeconfig(o->name)) {
		why = "its name";
		path = "metadata.name";
		at = node_path(o->root, "metadata.name");
		key = o->name;
	} else if (node_str_eq(
		       node_get(o->labels, "argocd.argoproj.io/secret-type"),
		       "cluster")) {
		why = "its Argo CD cluster label";
		path = "metadata.labels.argocd.argoproj.io/secret-type";
		at = node_get(o->labels, "argocd.argoproj.io/secret-type");
		key = "cluster";
	} else {
		for (i = 0; node_member_at(data, i, &key, &at); i++)
			if (names_kubeconfig(key))
				break;
		if (!node_member_at(data, i, &key, &at))
			return;
		why = "a data key";
		path = arena_printf(out->arena, "data.%s", key);
	}
	fd = finding_add(out, &check_kubeconfig_exposed, o, NULL,
			 "Secret '%s' holds a kubeconfig or cluster "
			 "credential (by %s): every reader of Secrets in its "
			 "namespace gets the cluster access it grants",
			 o->name, why);
	fd->severity = SEV_LOW;
	finding_evidence(out, fd, at, path, "%s", key);
}

/*
 * The volume behind a mount gives a kubeconfig: a Secret, ConfigMap or
 * projected volume named like one, from an object named like one, or
 * mounted at .kube.
 */
static bool kubeconfig_volume(const struct node *vol, const char *mount)
{
	const struct node *srcs = node_path(vol, "projected.sources");
	size_t i;

	/* emptyDir, PVC, hostPath, ...: nothing handed to the pod */
	if (!node_get(vol, "secret") && !node_get(vol, "configMap") &&
	    !node_get(vol, "projected"))
		return false;
	if (names_kubeconfig(node_get_str(vol, "name")) ||
	    names_kubeconfig(node_str(node_path(vol, "secret.secretName"))) ||
	    names_kubeconfig(node_str(node_path(vol, "configMap.name"))))
		return true;
	for (i = 0; i < node_count(srcs); i++) {
		const struct node *src = node_at(srcs, i);
		if (names_kubeconfig(node_str(node_path(src, "secret.name"))) ||
		    names_kubeconfig(
			node_str(node_path(src, "configMap.name"))))
			return true;
	}
	return mount && (strstr(mount, "/.kube") || names_kubeconfig(mount));
}

/* path lies in a hostPath volume the container mounts. */
static bool in_hostpath_mount(const struct wl_iter *it, const char *path)
{
	const struct node *vms = node_get(it->c, "volumeMounts");
	size_t i;

	for (i = 0; i < node_count(vms); i++) {
		const struct node *vm = node_at(vms, i);
		const char *mp = node_get_str(vm, "mountPath");
		const struct node *vol =
		    wl_volume(it->pv, node_get_str(vm, "name"), NULL);

		if (mp && node_get(vol, "hostPath") && wl_path_under(path, mp))
			return true;
	}
	return false;
}

static void pod_mounts(struct findings *out, const struct wl_iter *it)
{
	const struct node *vms = node_get(it->c, "volumeMounts");
	const struct node *env = node_get(it->c, "env");
	size_t i;

	for (i = 0; i < node_count(vms); i++) {
		const struct node *vm = node_at(vms, i);
		const char *mount = node_get_str(vm, "mountPath");
		const char *name = node_get_str(vm, "name");
		char path[WL_PATH_MAX + 64];
		struct finding *fd;

		if (!kubeconfig_volume(wl_volume(it->pv, name, NULL), mount))
			continue;
		fd = finding_add(out, &check_kubeconfig_exposed, it->pv->obj,
				 it->name,
				 "%s '%s' mounts kubeconfig volume '%s' at "
				 "'%s'",
				 wl_list_noun(it->list), it->name,
				 name ? name : "", mount ? mount : "");
		fd->severity = SEV_MEDIUM;
		fmt_snprintf(path, sizeof(path), "%s.volumeMounts[%zu]",
			     it->path, i);
		finding_evidence(out, fd, vm, path, "%s", mount ? mount : "");
		return;
	}
	for (i = 0; i < node_count(env); i++) {
		const struct node *e = node_at(env, i);
		const struct node *v;
		char path[WL_PATH_MAX + 64];
		struct finding *fd;

		if (!node_str_eq(node_get(e, "name"), "KUBECONFIG"))
			continue;
		v = node_get(e, "value");
		if (!node_str(v) || !*node_str(v) ||
		    in_hostpath_mount(it, node_str(v)))
			continue; /* a node file: sensitive-hostpath */
		fd = finding_add(out, &check_kubeconfig_exposed, it->pv->obj,
				 it->name, "%s '%s' points KUBECONFIG at '%s'",
				 wl_list_noun(it->list), it->name, node_str(v));
		fd->severity = SEV_MEDIUM;
		fmt_snprintf(path, sizeof(path), "%s.env[%zu].value", it->path,
			     i);
		finding_evidence(out, fd, v, path, "%s", node_str(v));
		return;
	}
}

static int run_kubeconfig(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "ConfigMap", &n);
	for (i = 0; i < n; i++)
		configmaps(out, v[i]);
	v = inventory_kind(s->inv, "Secret", &n);
	for (i = 0; i < n; i++)
		secrets(out, v[i]);
	return 0;
}
