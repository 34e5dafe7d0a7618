/*
 * workload.h - reading the pod template of a workload.
 *
 * Helpers for container checks: walk every container of a pod view
 * (containers, initContainers and, for a Pod, ephemeralContainers, in that
 * order; the API server refuses a pod template that lists ephemeral
 * containers, so a controller's are not walked) with
 * the field path of each ("spec.template.spec.containers[1]"), merge the
 * pod-level and container-level securityContext the way the kubelet does
 * (the container's field wins when set), and find the volume behind a
 * volumeMount.
 *
 * Everything here reads the inventory's trees and keeps no state; paths are
 * written into caller buffers or the iterator, so the helpers are thread
 * safe.  A path that does not fit its buffer is truncated (paths are for
 * evidence only; the node pointers are what the checks decide on).
 */
#ifndef THREATMAP_WORKLOAD_H
#define THREATMAP_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>

struct findings;
struct inventory;
struct node;
struct pod_view;

#define WL_PATH_MAX 256

enum wl_list {
	WL_CONTAINERS,
	WL_INIT_CONTAINERS,
	WL_EPHEMERAL_CONTAINERS,
};

/* Iterator over the containers of one pod view. */
struct wl_iter {
	const struct pod_view *pv;
	enum wl_list list;	/* list of the current container */
	size_t index;		/* its index in that list */
	const struct node *c;	/* the container object */
	const char *name;	/* its name, "" when missing */
	char path[WL_PATH_MAX]; /* "spec.template.spec.containers[1]" */
	/* private */
	size_t next_list, next_index;
	const struct node *cs; /* list next_list, once looked up */
	bool cs_known;
};

/* Start iterating pv; call wl_next() to get the first container. */
void wl_iter_init(struct wl_iter *it, const struct pod_view *pv);

/* Advance to the next container; false when there is none. */
bool wl_next(struct wl_iter *it);

/*
 * Call fn for every container (init and ephemeral included) of every
 * workload inv reports on, skipping Windows pods when linux_only: what
 * the walk of scan_run() does for one check's container(), on its own
 * (the tests compare the walk with it).
 */
void wl_each_container(const struct inventory *inv, bool linux_only,
		       void (*fn)(struct findings *out,
				  const struct wl_iter *it),
		       struct findings *out);

/*
 * The current container runs as long as the pod: an app container or a
 * native sidecar (an init container with restartPolicy: Always).
 */
bool wl_runs_with_pod(const struct wl_iter *it);

/* "containers", "initContainers", "ephemeralContainers". */
const char *wl_list_key(enum wl_list l);

/* "container", "init container", "ephemeral container" (for messages). */
const char *wl_list_noun(enum wl_list l);

/*
 * A field of the effective securityContext of the current container:
 * the container's securityContext.<field> when present, else the pod's
 * spec.securityContext.<field> (only fields the pod level has: runAsUser,
 * runAsGroup, runAsNonRoot, seccompProfile, seLinuxOptions,
 * appArmorProfile, windowsOptions).  field may be dotted
 * ("seccompProfile.type").  A field written as null is unset, as the API
 * server decodes it: a container's "runAsUser: null" leaves the pod's
 * value in effect.  Returns the node (NULL when set nowhere) and writes
 * its field path to path (size n) when found.
 */
const struct node *wl_effective(const struct wl_iter *it, const char *field,
				char *path, size_t n);

/*
 * A field of the container's own securityContext (no pod fallback), e.g.
 * "privileged", "capabilities.add"; NULL when unset or null.  path as in
 * wl_effective().
 */
const struct node *wl_container_sc(const struct wl_iter *it, const char *field,
				   char *path, size_t n);

/*
 * The pod volume named name (spec.volumes[i].name == name), or NULL; *index
 * (may be NULL) receives i.
 */
const struct node *wl_volume(const struct pod_view *pv, const char *name,
			     size_t *index);

/* An image volume of a pod view (wl_next_image_volume()). */
struct wl_image_volume {
	size_t index;		 /* in spec.volumes */
	const char *name;	 /* the volume's name, "" when missing */
	const struct node *ref;	 /* image.reference, a string */
	const struct node *pull; /* image.pullPolicy, or NULL */
	char path[WL_PATH_MAX];	 /* "spec.volumes[2].image" */
};

/*
 * The next image volume of pv (volumes[].image: an OCI image or artifact
 * mounted read-only into the pod, Kubernetes 1.31+) at or after index
 * *next whose image.reference is a string; fills *v and moves *next past
 * it.  false when there is none left.  Start with *next = 0.
 */
bool wl_next_image_volume(const struct pod_view *pv, size_t *next,
			  struct wl_image_volume *v);

/*
 * Effective service account name: spec.serviceAccountName, else the
 * deprecated spec.serviceAccount, else "default".  *at (may be NULL) gets
 * the node that named it, or NULL for the implied default.
 */
const char *wl_service_account(const struct pod_view *pv,
			       const struct node **at);

/*
 * Normalise an absolute host path lexically into out (size n): "//" and
 * "/./" collapse, ".." drops the previous component (never above "/"), a
 * trailing slash goes ("/etc/" is "/etc").  sub (may be NULL or "") is a
 * volumeMount subPath joined below it.  False when path is not absolute or
 * the result does not fit.
 */
bool wl_path_normalize(const char *path, const char *sub, char *out, size_t n);

/*
 * Normalised path p is dir or lies below it, by whole components:
 * "/etc/ssl" is under "/etc", "/etcetera" is not; everything is under "/".
 */
bool wl_path_under(const char *p, const char *dir);

/*
 * The container runtime whose socket path p's file name names, wherever
 * it is ("/var/run/crio.sock": "the CRI-O socket"), or NULL.
 */
const char *wl_runtime_socket(const char *p);

/*
 * Capability name cap (as written in capabilities.add/drop) is name:
 * "CAP_" prefix optional, case-insensitive ("cap_sys_admin" is SYS_ADMIN).
 */
bool wl_cap_is(const char *cap, const char *name);

/*
 * Field path of the pod (template) metadata field ("labels") of pv into
 * out: "metadata.labels" for a Pod, "spec.template.metadata.labels" for a
 * Deployment, ...
 */
void wl_meta_path(const struct pod_view *pv, const char *field, char *out,
		  size_t n);

/* spec.os.name is "windows": Linux-only settings do not apply. */
bool wl_is_windows(const struct pod_view *pv);

/*
 * pv is a mirror pod: a Pod annotated kubernetes.io/config.mirror, the
 * API's copy of a static pod the kubelet runs from a file on its node.
 */
bool wl_is_mirror_pod(const struct pod_view *pv);

/* A setting of a pod that hands a process in it the node. */
struct wl_escape {
	const struct node *at; /* the field */
	char path[192];	       /* its path in the object */
	char what[256];	       /* what it does, for a message */
};

/*
 * Whether pv hands the node to code running in it, and how (*e): a
 * privileged container, an added SYS_ADMIN or SYS_MODULE (ALL included),
 * hostPID when host_pid is set, or a hostPath volume mounted writable or
 * holding (or lying in a directory of) node credentials or a runtime
 * socket.  hostPID shows the node's processes but reads none of their
 * files without a capability to trace them, so a caller that needs the
 * node's files leaves it out.
 */
bool wl_pod_escape(const struct pod_view *pv, bool host_pid,
		   struct wl_escape *e);

#endif
