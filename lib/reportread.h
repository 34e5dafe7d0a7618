/*
 * reportread.h - read a JSON report in pieces, keeping only the members
 * that are used.
 *
 * `diff`, `merge` and `scan --baseline` read a few members of a report
 * (fingerprints, the summary) that may be hundreds of megabytes long.
 * rr_read() parses the text from a descriptor 64 KiB at a time and builds
 * a tree of only the members its paths name, so neither the text nor its
 * whole tree is ever held.  The items of one array of the root can go one
 * at a time to a callback instead of into the tree.
 *
 * The reader accepts only what the loader's JSON tokenizer accepts, and
 * is stricter where that is simpler: a byte order mark, a root that is no
 * object, a "\u0000" escape, an object of more than RR_MAX_KEYS members,
 * a duplicate key, deep nesting or a long string make it give up.  On
 * any -1 the caller loads the file whole with load_tree(), which gives
 * the same members or the error (file, line, column) it always gave.
 */
#ifndef THREATMAP_REPORTREAD_H
#define THREATMAP_REPORTREAD_H

#include <stddef.h>

struct arena;
struct node;

/* Members of one object beyond which the reader gives up. */
#define RR_MAX_KEYS 64

struct rr_spec {
	/*
	 * Members to keep, as dotted paths from the root; "[]" names every
	 * item of an array ("findings[].object.kind").  The containers on
	 * the way are kept with only those members; at most 64 paths.
	 */
	const char *const *paths;
	size_t npaths;
	/*
	 * Optional: the root member whose items (when it is an array) go to
	 * on_item one at a time, each built in an arena released soon after
	 * (on_item copies what it keeps); the array stays in the tree empty.
	 * on_item returns 0, or non-zero to give up.
	 */
	const char *items;
	int (*on_item)(void *ctx, const struct node *item);
	void *ctx;
};

/*
 * Parse the JSON text read from fd (at most cap bytes) into a pruned tree
 * in a; *root gets it.  Returns 0, or -1 when the text is not read (see
 * above; a read error too).
 */
int rr_read(int fd, size_t cap, struct arena *a, const struct rr_spec *spec,
	    struct node **root);

/*
 * For tests: readers started after this read n bytes at a time (0: the
 * default, 64 KiB), so short texts cross the window's end.  Not thread
 * safe.
 */
void rr_window_set(size_t n);

#endif
