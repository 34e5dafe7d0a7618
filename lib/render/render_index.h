/*
 * render_index.h - findings grouped by a key in one sort, so a renderer
 * that lists findings by object or by check, or says each check once,
 * reads the report a fixed number of times however many findings it has.
 */
#ifndef THREATMAP_RENDER_INDEX_H
#define THREATMAP_RENDER_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct finding;
struct report;

/* No finding: the end of a chain, or a finding the index left out. */
#define RENDER_NONE SIZE_MAX

/* What findings are grouped by: one or two pointers (b 0 for one). */
struct render_key {
	uintptr_t a, b;
};

/*
 * Sets *k to fd's key and returns true, or returns false to leave fd out
 * of the index.
 */
typedef bool (*render_key_fn)(const struct report *r, const struct finding *fd,
			      struct render_key *k);

/*
 * For each finding i of r (in report order) that the key function takes:
 * first[i], the first finding with the same key (i itself when it is the
 * first), and next[i], the next one after i (RENDER_NONE after the last).
 * Both are RENDER_NONE for a finding left out.
 */
struct render_index {
	size_t *first, *next;
	size_t n;
};

/* Builds ix over r->findings; render_index_free() releases it. */
void render_index_build(struct render_index *ix, const struct report *r,
			render_key_fn key);
void render_index_free(struct render_index *ix);

/* True when finding i is in the index and the first of its key. */
static inline bool render_index_head(const struct render_index *ix, size_t i)
{
	return ix->first[i] == i;
}

#endif
