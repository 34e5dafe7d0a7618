/*
 * discovery.h - reading the API server's discovery documents: /version,
 * /api (APIVersions), /apis (APIGroupList) and one group version's
 * APIResourceList.  The live client (kube.c) asks these what to list;
 * they only read a parsed document and never keep anything but what they
 * hand to the callback.  Internal to lib/kube and its tests.
 *
 * The server's words never reach a URL unchecked: a version is handed on
 * only when it is lower-case letters and digits (no "/", "..", "?", "%").
 */
#ifndef THREATMAP_KUBE_DISCOVERY_H
#define THREATMAP_KUBE_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>

struct node;

/* "v1", "v1beta1": safe to put into a request path (under 64 bytes). */
bool discovery_version_ok(const char *v);

/* /version: gitVersion, or NULL. */
const char *discovery_server_version(const struct node *root);

/* /api: how many times versions[] lists "v1". */
size_t discovery_core_v1(const struct node *root);

/*
 * /apis: fn(ctx, name, group_version) for each group whose preferred
 * groupVersion is "<name>/<version>" with a version that passes
 * discovery_version_ok(), in document order.
 */
void discovery_groups(const struct node *root,
		      void (*fn)(void *ctx, const char *name,
				 const char *group_version),
		      void *ctx);

/* One listable resource of an APIResourceList. */
struct discovery_resource {
	const char *version; /* from groupVersion: "v1" */
	const char *name;    /* "deployments", "pods/exec" */
	const char *kind;    /* may be NULL */
	bool namespaced;
};

/*
 * An APIResourceList: fn(ctx, r) for each named resource whose verbs
 * include "list", in document order; nothing when groupVersion's version
 * fails discovery_version_ok().
 */
void discovery_resources(const struct node *root,
			 void (*fn)(void *ctx,
				    const struct discovery_resource *r),
			 void *ctx);

#endif
