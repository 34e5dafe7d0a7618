/*
 * fuzz_apibody.c - bytes as an API server response body, taken the way
 * the live client and the snapshot reader take one: load_tree() with the
 * default limits, then kube_list_add() as a live list page (objects named
 * by API path, kind forced for metadata-only lists too) and as a
 * cluster-info dump file.  A JSON body must also survive
 * jsonw_tree(): written, parsed again and written again, the text is
 * the same (that is how snapshots store objects).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "jsonw.h"
#include "kube/kube.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(struct arena *a, const struct node *root)
{
	struct sbuf s1, s2;
	struct node *again;
	struct diag d;

	sbuf_init(&s1, 1 << 26);
	sbuf_init(&s2, 1 << 26);
	if (jsonw_tree(&s1, root))
		goto out; /* over the cap */
	again = load_tree(a, "again", s1.buf ? s1.buf : "", s1.len, NULL, &d);
	if (!again || jsonw_tree(&s2, again) || s1.len != s2.len ||
	    (s1.len && memcmp(s1.buf, s2.buf, s1.len)))
		abort();
out:
	sbuf_release(&s1);
	sbuf_release(&s2);
}

static void add_as(struct arena *a, const struct node *root,
		   const struct kube_list_src *src)
{
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = DIAG_LIST_INIT;
	size_t i, n;

	n = kube_list_add(a, inv, src, root, &errs);
	if (n != inventory_size(inv))
		abort();
	for (i = 0; i < errs.n; i++)
		if (errs.v[i].code == DIAG_OK || !errs.v[i].msg[0])
			abort();
	inventory_finish(inv);
	diag_list_release(&errs);
	inventory_free(inv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct kube_list_src live = {
		.file = "/api/v1/pods",
		.api_prefix = "/api/v1",
		.resource = "pods",
		.api_version = "v1",
		.kind = "Pod",
	};
	static const struct kube_list_src meta_only = {
		.file = "/api/v1/secrets",
		.api_prefix = "/api/v1",
		.resource = "secrets",
		.api_version = "v1",
		.kind = "Secret",
		.force = true,
	};
	static const struct kube_list_src dump = { .file = "pods.json" };
	struct arena *a = arena_new();
	const struct node *root;
	struct diag d;

	root = load_tree(a, "/api/v1/pods", (const char *)data, size, NULL, &d);
	if (!root) {
		if (d.code == DIAG_OK || !d.msg[0])
			abort();
	} else if (root->type == NODE_OBJECT) {
		add_as(a, root, &live);
		add_as(a, root, &meta_only);
		add_as(a, root, &dump);
		if (size && data[0] == '{')
			round_trip(a, root);
	}
	arena_free(a);
	return 0;
}
