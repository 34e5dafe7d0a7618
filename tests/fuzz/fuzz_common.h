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

/* The objects loaded with the declaration: objects, with what they say. */
static void fuzz_load_declared(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = DIAG_LIST_INIT;
	size_t i;

	prune_set_reads(check_reads);
	load_buffer(a, inv, "fuzz", (const char *)data, size, &fuzz_limits,
		    &errs);
	prune_set_reads(NULL);
	for (i = 0; i < inventory_size(inv); i++)
		if (inventory_object(inv, i)->root->type != NODE_OBJECT ||
		    !inventory_object(inv, i)->name)
			abort();
	inventory_finish(inv);
	diag_list_release(&errs);
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
