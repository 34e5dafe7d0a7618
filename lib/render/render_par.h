/*
 * render_par.h - the many items of a JSON report (findings, SARIF
 * results) written on two threads, the bytes those of one.
 *
 * Past RENDER_PAR_MIN items, two worker threads each take the next
 * chunk of RENDER_PAR_CHUNK consecutive items and write it with a writer
 * of its own (jsonw_init_after()) into a buffer of its own; the calling
 * thread appends the buffers in item order (jsonw_splice()) as they are
 * done.  The workers stay at most RENDER_PAR_SLOTS chunks ahead of the
 * appending, so a report holds a few chunks in memory, not itself.
 */
#ifndef THREATMAP_RENDER_PAR_H
#define THREATMAP_RENDER_PAR_H

#include <stddef.h>

struct jsonw;

#define RENDER_PAR_WORKERS 2
/*
 * Items a worker writes at a time.  A chunk reaches a sink as one write
 * (sbuf_add_large()): a finding of a JSON report is about 1.5 KB, so 256
 * of them make writes of about 384 KB, which a file takes for less of
 * the kernel's time per byte than the 96 KB of 64 items.
 */
#define RENDER_PAR_CHUNK 256
#define RENDER_PAR_MIN	 1024 /* fewer items are written on one thread */
/*
 * Chunks done or being written at once: one being written by each worker
 * and one done waiting for each.  Four chunks of 256 items hold twice
 * what eight of 64 held; more would raise the peak of a large scan.
 */
#define RENDER_PAR_SLOTS 4

/*
 * Write item i with w.  ctx is shared by every thread and must only be
 * read; local is the thread's own (what it keeps from item to item).
 * Each item writes at least one value and must leave w where it found it
 * (same depth, not after a key); called on any thread, so it may read
 * the report and allocate, but change nothing another item reads.
 */
typedef void (*render_item_fn)(struct jsonw *w, size_t i, const void *ctx,
			       void *local);

struct render_items {
	size_t n; /* items 0 .. n-1 */
	render_item_fn item;
	const void *ctx;
	/* local of the calling thread (items written on it), then the
	 * workers' */
	void *local[RENDER_PAR_WORKERS + 1];
	unsigned threads; /* 2 or more: workers may be used */
	/*
	 * Items a chunk holds, 0 for RENDER_PAR_CHUNK; when set, two chunks
	 * are enough to use the workers (tests use small chunks).
	 */
	size_t chunk;
};

/*
 * Write items 0 .. n-1 with w, in order, as it->item would write them
 * one after another on this thread; w is in an array or object, not after
 * a key.  On one thread when it->threads is below 2, the items are few,
 * or no worker could be started.  A failed append is kept in w->err as
 * the writer keeps it.
 */
void render_items(struct jsonw *w, const struct render_items *it);

#endif
