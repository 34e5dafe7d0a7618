#include "kube/discovery.h"

#include <string.h>

#include "node.h"

bool discovery_version_ok(const char *v)
{
	size_t n = v ? strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789") : 0;

	return n && !v[n] && n < 64;
}

const char *discovery_server_version(const struct node *root)
{
	return node_get_str(root, "gitVersion");
}

size_t discovery_core_v1(const struct node *root)
{
	const struct node *arr = node_get(root, "versions");
	size_t i, n = 0;

	for (i = 0; i < node_count(arr); i++)
		n += node_str_eq(node_at(arr, i), "v1");
	return n;
}

void discovery_groups(const struct node *root,
		      void (*fn)(void *ctx, const char *name,
				 const char *group_version),
		      void *ctx)
{
	const struct node *arr = node_get(root, "groups");
	size_t i;

	for (i = 0; i < node_count(arr); i++) {
		const struct node *g = node_at(arr, i);
		const char *name = node_get_str(g, "name");
		const char *gv = node_get_str(node_get(g, "preferredVersion"),
					      "groupVersion");
		size_t nl;

		if (!name || !gv || !*name)
			continue;
		nl = strlen(name);
		if (strncmp(gv, name, nl) || gv[nl] != '/' ||
		    !discovery_version_ok(gv + nl + 1))
			continue;
		fn(ctx, name, gv);
	}
}

void discovery_resources(const struct node *root,
			 void (*fn)(void *ctx,
				    const struct discovery_resource *r),
			 void *ctx)
{
	const char *gv = node_get_str(root, "groupVersion");
	const char *slash = gv ? strchr(gv, '/') : NULL;
	const char *ver = slash ? slash + 1 : gv;
	const struct node *arr = node_get(root, "resources");
	size_t i, k;

	if (!discovery_version_ok(ver))
		return;
	for (i = 0; i < node_count(arr); i++) {
		const struct node *r = node_at(arr, i);
		const struct node *verbs = node_get(r, "verbs");
		struct discovery_resource dr = { ver, node_get_str(r, "name"),
						 node_get_str(r, "kind"),
						 false };
		bool list = false;

		for (k = 0; k < node_count(verbs); k++)
			list |= node_str_eq(node_at(verbs, k), "list");
		if (!dr.name || !list)
			continue;
		dr.namespaced = node_is_true(node_get(r, "namespaced"));
		fn(ctx, &dr);
	}
}
