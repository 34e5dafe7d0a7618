/*
 * fuzz_discovery.c - bytes as an API server discovery document (/version,
 * /api, /apis, an APIResourceList), parsed with load_tree() and read by
 * each discovery reader as the live client does.  Whatever the server
 * says, a version handed on is safe in a URL path and a group's version
 * is "<name>/<version>".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "kube/discovery.h"
#include "load/load.h"
#include "node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_group(void *ctx, const char *name, const char *gv)
{
	size_t nl = strlen(name);

	(void)ctx;
	if (!nl || strncmp(gv, name, nl) || gv[nl] != '/' ||
	    !discovery_version_ok(gv + nl + 1) || strstr(gv + nl + 1, ".."))
		abort();
}

static void on_resource(void *ctx, const struct discovery_resource *r)
{
	size_t *n = ctx;

	if (!r->name || !discovery_version_ok(r->version) ||
	    strchr(r->version, '/') || strchr(r->version, '%'))
		abort();
	++*n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const struct node *root;
	struct diag d;
	size_t n = 0;

	root = load_tree(a, "/apis", (const char *)data, size, NULL, &d);
	if (!root) {
		if (d.code == DIAG_OK || !d.msg[0])
			abort();
	} else {
		const char *v = discovery_server_version(root);

		if (v && v != node_get_str(root, "gitVersion"))
			abort();
		if (discovery_core_v1(root) >
		    node_count(node_get(root, "versions")))
			abort();
		discovery_groups(root, on_group, NULL);
		discovery_resources(root, on_resource, &n);
		if (n > node_count(node_get(root, "resources")))
			abort();
	}
	arena_free(a);
	return 0;
}
