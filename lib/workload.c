#include "workload.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"

static const char *const list_keys[] = {
	[WL_CONTAINERS] = "containers",
	[WL_INIT_CONTAINERS] = "initContainers",
	[WL_EPHEMERAL_CONTAINERS] = "ephemeralContainers",
};

static const char *const list_nouns[] = {
	[WL_CONTAINERS] = "container",
	[WL_INIT_CONTAINERS] = "init container",
	[WL_EPHEMERAL_CONTAINERS] = "ephemeral container",
};

#define NLISTS (sizeof(list_keys) / sizeof(list_keys[0]))

/* Pod-level securityContext fields that containers inherit. */
static const char *const pod_level_fields[] = {
	"runAsUser",	  "runAsGroup",	     "runAsNonRoot",   "seccompProfile",
	"seLinuxOptions", "appArmorProfile", "windowsOptions",
};

const char *wl_list_key(enum wl_list l)
{
	return (size_t)l < NLISTS ? list_keys[l] : "";
}

const char *wl_list_noun(enum wl_list l)
{
	return (size_t)l < NLISTS ? list_nouns[l] : "";
}

void wl_iter_init(struct wl_iter *it, const struct pod_view *pv)
{
	memset(it, 0, sizeof(*it));
	it->pv = pv;
}

/* Append s to buf (its length *len, size n), cut short as snprintf is. */
static void path_add(char *buf, size_t n, size_t *len, const char *s, size_t sl)
{
	if (*len + 1 >= n)
		return;
	if (sl > n - 1 - *len)
		sl = n - 1 - *len;
	memcpy(buf + *len, s, sl);
	*len += sl;
	buf[*len] = '\0';
}

/* it->path: "<spec path>.<list>[<index>]", without printf in the loop. */
static void container_path(struct wl_iter *it)
{
	char num[24];
	size_t len = 0, k = sizeof(num), i = it->index;
	const char *sp = it->pv->spec_path, *key = list_keys[it->list];

	do {
		num[--k] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	it->path[0] = '\0';
	path_add(it->path, sizeof(it->path), &len, sp, strlen(sp));
	path_add(it->path, sizeof(it->path), &len, ".", 1);
	path_add(it->path, sizeof(it->path), &len, key, strlen(key));
	path_add(it->path, sizeof(it->path), &len, "[", 1);
	path_add(it->path, sizeof(it->path), &len, num + k, sizeof(num) - k);
	path_add(it->path, sizeof(it->path), &len, "]", 1);
}

/*
 * Ephemeral containers are added to running pods (kubectl debug); the API
 * server refuses a pod template that lists any ("ephemeral containers not
 * allowed in pod template"), so a controller's never run and are not
 * walked.
 */
static bool may_hold_ephemeral(const struct pod_view *pv)
{
	return !pv->obj || !pv->obj->kind || !strcmp(pv->obj->kind, "Pod");
}

bool wl_next(struct wl_iter *it)
{
	while (it->next_list < NLISTS) {
		const struct node *c;

		if (it->next_list == WL_EPHEMERAL_CONTAINERS &&
		    !may_hold_ephemeral(it->pv)) {
			it->next_list++;
			continue;
		}
		if (!it->cs_known) {
			it->cs =
			    node_get(it->pv->spec, list_keys[it->next_list]);
			it->cs_known = true;
		}
		c = node_at(it->cs, it->next_index);
		if (!c) {
			it->next_list++;
			it->next_index = 0;
			it->cs_known = false;
			continue;
		}
		it->list = (enum wl_list)it->next_list;
		it->index = it->next_index++;
		it->c = c;
		it->name = node_get_str(c, "name");
		if (!it->name)
			it->name = "";
		container_path(it);
		return true;
	}
	it->c = NULL;
	return false;
}

static bool pod_level(const char *field)
{
	size_t i, len = strcspn(field, ".");

	for (i = 0; i < sizeof(pod_level_fields) / sizeof(pod_level_fields[0]);
	     i++)
		if (strlen(pod_level_fields[i]) == len &&
		    !strncmp(pod_level_fields[i], field, len))
			return true;
	return false;
}

const struct node *wl_container_sc(const struct wl_iter *it, const char *field,
				   char *path, size_t n)
{
	const struct node *v =
	    node_path(node_get(it->c, "securityContext"), field);

	if (node_is(v, NODE_NULL))
		return NULL; /* null is unset, as the API decodes it */
	if (v && path && n)
		fmt_snprintf(path, n, "%s.securityContext.%s", it->path, field);
	return v;
}

const struct node *wl_effective(const struct wl_iter *it, const char *field,
				char *path, size_t n)
{
	const struct node *v = wl_container_sc(it, field, path, n);

	if (v || !pod_level(field))
		return v;
	v = node_path(node_get(it->pv->spec, "securityContext"), field);
	if (node_is(v, NODE_NULL))
		return NULL;
	if (v && path && n)
		fmt_snprintf(path, n, "%s.securityContext.%s",
			     it->pv->spec_path, field);
	return v;
}

const struct node *wl_volume(const struct pod_view *pv, const char *name,
			     size_t *index)
{
	const struct node *vols = node_get(pv->spec, "volumes");
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < node_count(vols); i++) {
		const struct node *v = node_at(vols, i);
		if (node_str_eq(node_get(v, "name"), name)) {
			if (index)
				*index = i;
			return v;
		}
	}
	return NULL;
}

bool wl_runs_with_pod(const struct wl_iter *it)
{
	return it->list == WL_CONTAINERS ||
	       (it->list == WL_INIT_CONTAINERS &&
		node_str_eq(node_get(it->c, "restartPolicy"), "Always"));
}

bool wl_next_image_volume(const struct pod_view *pv, size_t *next,
			  struct wl_image_volume *v)
{
	const struct node *vols = node_get(pv->spec, "volumes");

	for (; *next < node_count(vols); ++*next) {
		const struct node *vol = node_at(vols, *next);
		const struct node *img = node_get(vol, "image");
		const struct node *ref = node_get(img, "reference");

		if (!node_str(ref))
			continue;
		v->index = *next;
		v->name = node_str(node_get(vol, "name"));
		if (!v->name)
			v->name = "";
		v->ref = ref;
		v->pull = node_get(img, "pullPolicy");
		fmt_snprintf(v->path, sizeof(v->path), "%s.volumes[%zu].image",
			     pv->spec_path, *next);
		++*next;
		return true;
	}
	return false;
}

const char *wl_service_account(const struct pod_view *pv,
			       const struct node **at)
{
	static const char *const keys[] = { "serviceAccountName",
					    "serviceAccount" };
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct node *n = node_get(pv->spec, keys[i]);
		if (n && n->type == NODE_STRING && node_len(n)) {
			if (at)
				*at = n;
			return node_text(n);
		}
	}
	if (at)
		*at = NULL;
	return "default";
}

bool wl_is_windows(const struct pod_view *pv)
{
	return node_str_eq(node_path(pv->spec, "os.name"), "windows");
}

bool wl_is_mirror_pod(const struct pod_view *pv)
{
	return !strcmp(pv->obj->kind, "Pod") &&
	       node_get(pv->obj->annotations, "kubernetes.io/config.mirror");
}

/* Append the components of s to out (len *ol, size n), resolving . and .. */
static bool add_components(const char *s, char *out, size_t *ol, size_t n)
{
	while (*s) {
		size_t len;

		while (*s == '/')
			s++;
		len = strcspn(s, "/");
		if (!len)
			break;
		if (len == 1 && s[0] == '.') {
			/* nothing */
		} else if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (*ol > 0 && out[*ol - 1] != '/')
				(*ol)--;
			if (*ol > 0)
				(*ol)--; /* the slash before it */
		} else {
			if (*ol + 1 + len + 1 > n)
				return false;
			out[(*ol)++] = '/';
			memcpy(out + *ol, s, len);
			*ol += len;
		}
		s += len;
	}
	return true;
}

bool wl_path_normalize(const char *path, const char *sub, char *out, size_t n)
{
	size_t ol = 0;

	if (!path || path[0] != '/' || n < 2)
		return false;
	if (!add_components(path, out, &ol, n) ||
	    (sub && !add_components(sub, out, &ol, n)))
		return false;
	if (!ol)
		out[ol++] = '/';
	out[ol] = '\0';
	return true;
}

const char *wl_runtime_socket(const char *p)
{
	static const char *const sockets[][2] = {
		{ "docker.sock", "the Docker socket" },
		{ "containerd.sock", "the containerd socket" },
		{ "crio.sock", "the CRI-O socket" },
		{ "cri-dockerd.sock", "the cri-dockerd socket" },
		{ "dockershim.sock", "the dockershim socket" },
		{ "podman.sock", "the Podman socket" },
	};
	const char *base = strrchr(p, '/');
	size_t i;

	for (i = 0; base && i < sizeof(sockets) / sizeof(sockets[0]); i++)
		if (!strcmp(base + 1, sockets[i][0]))
			return sockets[i][1];
	return NULL;
}

bool wl_path_under(const char *p, const char *dir)
{
	size_t dl = strlen(dir);

	if (!strcmp(dir, "/"))
		return p[0] == '/';
	return !strncmp(p, dir, dl) && (p[dl] == '\0' || p[dl] == '/');
}

bool wl_cap_is(const char *cap, const char *name)
{
	if (!cap || !name)
		return false;
	if (!strncasecmp(cap, "CAP_", 4))
		cap += 4;
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	return !strcasecmp(cap, name);
}

void wl_meta_path(const struct pod_view *pv, const char *field, char *out,
		  size_t n)
{
	size_t len = strlen(pv->spec_path);

	/* the metadata sits beside the spec: replace the last "spec" */
	if (len >= 4 && !strcmp(pv->spec_path + len - 4, "spec"))
		len -= 4;
	fmt_snprintf(out, n, "%.*smetadata.%s", (int)len, pv->spec_path, field);
}

void wl_each_container(const struct inventory *inv, bool linux_only,
		       void (*fn)(struct findings *out,
				  const struct wl_iter *it),
		       struct findings *out)
{
	const struct pod_view *pv;
	size_t n, i;

	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++) {
		struct wl_iter it;

		if (linux_only && wl_is_windows(&pv[i]))
			continue;
		wl_iter_init(&it, &pv[i]);
		while (wl_next(&it))
			fn(out, &it);
	}
}

/* ---- settings that hand the node to code in the pod ---------------- */

static bool container_escape(const struct node *list, const char *key,
			     const struct pod_view *pv, struct wl_escape *e)
{
	size_t i, j;

	for (i = 0; i < node_count(list); i++) {
		const struct node *c = node_at(list, i);
		const struct node *sc = node_get(c, "securityContext");
		const struct node *priv = node_get(sc, "privileged");
		const struct node *add = node_path(sc, "capabilities.add");
		const char *name = node_get_str(c, "name");

		if (node_is_true(priv)) {
			e->at = priv;
			fmt_snprintf(e->path, sizeof(e->path),
				     "%s.%s[%zu].securityContext.privileged",
				     pv->spec_path, key, i);
			fmt_snprintf(e->what, sizeof(e->what),
				     "container '%s' is privileged",
				     name ? name : "");
			return true;
		}
		for (j = 0; j < node_count(add); j++) {
			const char *cap = node_str(node_at(add, j));
			if (!cap || (strcmp(cap, "SYS_ADMIN") &&
				     strcmp(cap, "CAP_SYS_ADMIN") &&
				     strcmp(cap, "SYS_MODULE") &&
				     strcmp(cap, "CAP_SYS_MODULE") &&
				     strcmp(cap, "ALL")))
				continue;
			e->at = node_at(add, j);
			fmt_snprintf(e->path, sizeof(e->path),
				     "%s.%s[%zu].securityContext.capabilities."
				     "add[%zu]",
				     pv->spec_path, key, i, j);
			fmt_snprintf(e->what, sizeof(e->what),
				     "container '%s' adds capability %s",
				     name ? name : "", cap);
			return true;
		}
	}
	return false;
}

/* Node files and sockets that hand over the node (or its credentials). */
static const char *const host_secrets[] = {
	"/etc/shadow",
	"/etc/kubernetes",
	"/root",
	"/proc",
	"/var/lib/kubelet",
	"/var/lib/docker",
	"/var/lib/containerd",
	"/var/run/docker.sock",
	"/run/containerd/containerd.sock",
	"/var/run/containerd/containerd.sock",
	"/run/crio/crio.sock",
	"/var/run/crio/crio.sock",
	NULL,
};

/*
 * How the containers of spec mount volume name: 0 not at all, 1 read-only
 * everywhere, 2 writable somewhere.
 */
static int mount_mode(const struct node *spec, const char *name)
{
	static const char *const lists[] = { "containers", "initContainers",
					     NULL };
	const char *const *l;
	size_t i, j;
	int mode = 0;

	for (l = lists; *l; l++) {
		const struct node *cs = node_get(spec, *l);
		for (i = 0; i < node_count(cs); i++) {
			const struct node *vm =
			    node_get(node_at(cs, i), "volumeMounts");
			for (j = 0; j < node_count(vm); j++) {
				const struct node *m = node_at(vm, j);
				if (!node_str_eq(node_get(m, "name"), name))
					continue;
				if (!node_is_true(node_get(m, "readOnly")))
					return 2;
				mode = 1;
			}
		}
	}
	return mode;
}

/*
 * A hostPath volume mounted writable, or mounted at all when it holds one
 * of host_secrets (a parent directory counts: "/" holds them all) or lies
 * in one (/var/lib/kubelet/pods holds every pod's token).
 */
static bool hostpath_escape(const struct pod_view *pv, struct wl_escape *e)
{
	const struct node *vols = node_get(pv->spec, "volumes");
	char norm[256] = { 0 };
	size_t i, k;

	for (i = 0; i < node_count(vols); i++) {
		const struct node *v = node_at(vols, i);
		const struct node *p = node_path(v, "hostPath.path");
		const char *name = node_get_str(v, "name");
		bool secret = false;
		int mode;

		if (!p || !name || !node_str(p) ||
		    !(mode = mount_mode(pv->spec, name)))
			continue;
		if (wl_path_normalize(node_str(p), NULL, norm, sizeof(norm))) {
			/* a directory of node credentials, or one in it (not
			 * /proc, where only what lies above reads anything) */
			for (k = 0; host_secrets[k] && !secret; k++)
				secret = wl_path_under(host_secrets[k], norm) ||
					 (strcmp(host_secrets[k], "/proc") &&
					  wl_path_under(norm, host_secrets[k]));
			secret = secret || wl_runtime_socket(norm);
		}
		if (mode < 2 && !secret)
			continue;
		e->at = p;
		fmt_snprintf(e->path, sizeof(e->path),
			     "%s.volumes[%zu].hostPath.path", pv->spec_path, i);
		fmt_snprintf(e->what, sizeof(e->what),
			     "volume '%s' mounts the node's %s%s", name,
			     node_str(p), mode == 2 ? " writable" : "");
		return true;
	}
	return false;
}

bool wl_pod_escape(const struct pod_view *pv, bool host_pid,
		   struct wl_escape *e)
{
	const struct node *spec = pv->spec, *hp;

	if (container_escape(node_get(spec, "containers"), "containers", pv,
			     e) ||
	    container_escape(node_get(spec, "initContainers"), "initContainers",
			     pv, e))
		return true;
	if (host_pid && node_is_true(hp = node_get(spec, "hostPID"))) {
		e->at = hp;
		fmt_snprintf(e->path, sizeof(e->path), "%s.hostPID",
			     pv->spec_path);
		fmt_snprintf(e->what, sizeof(e->what),
			     "the pod shares the node's process namespace");
		return true;
	}
	return hostpath_escape(pv, e);
}
