/*
 * fuzz_common.h - the body shared by the loader harnesses: bytes into a
 * fresh arena and inventory through load_buffer(), without and with the
 * checks' declaration of what they read (pruning by declaration, shared
 * text), and through load_tree(), with small limits so the limit paths are
 * reached too.
 */
#ifndef THREATMAP_FUZZ_COMMON_H
#define THREATMAP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "checks/registry.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "load/prune.h"
#include "node.h"

static const struct load_limits fuzz_limits = {
	.max_depth = 64,
	.max_scalar = 1 << 16,
	.max_file = 1 << 22,
	.max_alias_nodes = 5000,
};

/* data loaded with the declaration reads into a new inventory in *ap. */
static struct inventory *fuzz_load_with(const uint8_t *data, size_t size,
					const struct prune_read *reads,
					struct arena **ap)
{
	struct arena *a = *ap = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = DIAG_LIST_INIT;
	size_t i;

	prune_set_reads(reads);
	load_buffer(a, inv, "fuzz", (const char *)data, size, &fuzz_limits,
		    &errs);
	prune_set_reads(NULL);
	for (i = 0; i < inventory_size(inv); i++)
		if (inventory_object(inv, i)->root->type != NODE_OBJECT ||
		    !inventory_object(inv, i)->name)
			abort();
	/* text in memory cannot change: a look ahead (load.c) that found
	 * a workload its List did not hand over was wrong */
	for (i = 0; i < errs.n; i++)
		if (errs.v[i].code == DIAG_IO)
			abort();
	inventory_finish(inv);
	diag_list_release(&errs);
	return inv;
}

/*
 * The objects loaded with the declaration: objects, with what they say.
 * Against a load with the declaration but for what it says of owned
 * workloads (prune.h, PRUNE_OWNED, PRUNE_OWNED_META), when both hold the
 * same objects: an object whose spec or labels were left out or emptied
 * has a controller.
 */
static void fuzz_load_declared(const uint8_t *data, size_t size)
{
	static struct prune_read kept[256];
	struct arena *a, *b;
	struct inventory *inv, *whole;
	size_t i, n = 0;

	for (i = 0; check_reads[i].member && n < 255; i++)
		if (check_reads[i].place != PRUNE_OWNED &&
		    check_reads[i].place != PRUNE_OWNED_META)
			kept[n++] = check_reads[i];
	kept[n] = check_reads[i];
	inv = fuzz_load_with(data, size, check_reads, &a);
	whole = fuzz_load_with(data, size, kept, &b);
	for (i = 0; inventory_size(inv) == inventory_size(whole) &&
		    i < inventory_size(inv);
	     i++) {
		const struct kobj *o = inventory_object(inv, i);
		const struct kobj *w = inventory_object(whole, i);
		const struct node *os = node_get(o->root, "spec");
		const struct node *ws = node_get(w->root, "spec");

		if (strcmp(o->kind, w->kind) || strcmp(o->name, w->name))
			break; /* not the same objects: nothing to compare */
		if (node_len(ws) && !node_len(os) && !o->owner)
			abort(); /* a workload reported on lost its spec */
		if (node_len(w->labels) && !node_len(o->labels) && !o->owner)
			abort(); /* ... or its labels */
		if ((o->owner == NULL) != (w->owner == NULL))
			abort(); /* owners are resolved alike */
	}
	inventory_free(whole);
	arena_free(b);
	inventory_free(inv);
	arena_free(a);
}

static void fuzz_load(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = DIAG_LIST_INIT;
	struct diag d;
	size_t i;

	load_buffer(a, inv, "fuzz", (const char *)data, size, &fuzz_limits,
		    &errs);
	for (i = 0; i < inventory_size(inv); i++)
		if (inventory_object(inv, i)->root->type != NODE_OBJECT)
			abort();
	for (i = 0; i < errs.n; i++)
		if (errs.v[i].code == DIAG_OK || !errs.v[i].msg[0])
			abort();
	inventory_finish(inv);
	if (!load_tree(a, "fuzz", (const char *)data, size, &fuzz_limits, &d) &&
	    (d.code == DIAG_OK || !d.msg[0]))
		abort();
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
	fuzz_load_declared(data, size);
}

#endif
