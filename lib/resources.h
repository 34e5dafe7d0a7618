/*
 * resources.h - compute resources of containers, with the defaults a
 * namespace's LimitRange admission would fill in.
 *
 * A container's effective limit of cpu or memory is its own
 * resources.limits entry, else the `default` of a LimitRange item of type
 * Container in its namespace.  Its effective request is its own
 * resources.requests entry, else its own limit (the API server copies a
 * limit into a missing request), else the LimitRange item's
 * `defaultRequest`, else its `default` (which the API server also uses as
 * the default request).  The first LimitRange (in input order) that
 * defines a value wins, as admission applies them in turn.
 *
 * res_ranges_build() indexes the LimitRanges of an inventory by namespace
 * (malloc'ed, freed by res_ranges_free(); it borrows the inventory), so a
 * container's defaults cost the LimitRanges of its own namespace.  The
 * index is read-only after build and may be shared by threads;
 * res_ranges_of() gives the one of a scan, built on first use.
 */
#ifndef THREATMAP_RESOURCES_H
#define THREATMAP_RESOURCES_H

#include <stdbool.h>

struct check;
struct finding;
struct findings;
struct inventory;
struct kobj;
struct node;
struct res_ranges;
struct scan;
struct wl_iter;

enum res_source {
	RES_NONE,	/* nothing sets it */
	RES_CONTAINER,	/* the container's own field */
	RES_FROM_LIMIT, /* a request copied from the container limit */
	RES_LIMITRANGE, /* a LimitRange default */
	RES_POD,	/* the pod's own spec.resources (pod-level resources) */
};

struct res_value {
	enum res_source from;
	const struct node *at;	  /* the field that sets it, or NULL */
	const struct kobj *range; /* the LimitRange, RES_LIMITRANGE only */
};

/* Index inv's LimitRanges by namespace.  Never NULL. */
struct res_ranges *res_ranges_build(const struct inventory *inv);
void res_ranges_free(struct res_ranges *r);
/*
 * The index of s's LimitRanges, built once per scan on first use
 * (scan_lazy_get()) and freed with it; for a scan with no room for it
 * (not made by scan_new()) one built now into *own, which the caller
 * frees with res_ranges_free() (*own stays NULL otherwise).
 */
const struct res_ranges *res_ranges_of(const struct scan *s,
				       struct res_ranges **own);

/*
 * Effective limit (want_limit) or request of resource ("cpu", "memory")
 * for container c in namespace ns ("" unspecified).
 */
void res_effective(const struct res_ranges *r, const char *ns,
		   const struct node *c, const char *resource, bool want_limit,
		   struct res_value *out);

/*
 * Pod-level limit (want_limit) or request of resource for the pod spec
 * spec: spec.resources.limits.<resource>, or for a request
 * spec.resources.requests.<resource> else the limit (the API server
 * copies a pod-level limit into a missing pod-level request).  A pod
 * that sets them bounds all its containers together, so a container with
 * none of its own is not unbounded (PodLevelResources, Kubernetes 1.32+).
 * out->from is RES_POD or RES_NONE.
 */
void res_pod_effective(const struct node *spec, const char *resource,
		       bool want_limit, struct res_value *out);

/*
 * A ResourceQuota in namespace ns caps compute: its spec.hard names cpu or
 * memory (requests.*, limits.* or the bare names).  *any (may be NULL) is
 * set when some ResourceQuota exists there at all.
 */
bool res_quota_caps_compute(const struct inventory *inv, const char *ns,
			    const struct kobj **quota, bool *any);

/*
 * The resource-limits and resource-requests judgement of one container:
 * when its effective CPU or memory limit (limits) or request is missing,
 * and its pod sets none at pod level either (res_pod_effective()),
 * one finding of check ck, "<noun> 'NAME' has <what>", where what is
 * words[0] when both are missing, words[1] when memory is, words[2] when
 * CPU is; the evidence points at <path>.resources.limits or .requests.
 * NULL when both are set; *one_missing tells the partial case.
 */
struct finding *res_report_missing(const struct res_ranges *r,
				   const struct wl_iter *it, bool limits,
				   const struct check *ck,
				   const char *const words[3],
				   struct findings *out, bool *one_missing);

/* A LimitRange exists in ns; *first (may be NULL) gets the first. */
bool res_has_limitrange(const struct inventory *inv, const char *ns,
			const struct kobj **first);

#endif
