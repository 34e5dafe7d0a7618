/*
 * yamlscan.h - a fast scanner for block YAML (internal to the loader).
 *
 * It reads the block YAML that `kubectl get -o yaml` and ordinary
 * manifests are written in and hands out the events libyaml would give
 * for it: the same types, values, styles and start marks.  Whatever it
 * does not know for sure (flow collections other than {} and [], anchors,
 * aliases, tags, complex keys, keys over several lines, a value over
 * several lines whose lines do not fold to text with one space (or, in
 * double quotes, with none after an escaped line break), tabs,
 * carriage returns, directives, empty documents, anything odd) makes it
 * stop: the caller then has libyaml parse the text from its start and
 * skips the events already handed out.
 *
 * An event is handed out only once the two lines of content after it are
 * read and understood: libyaml looks ahead about one line, so the events
 * handed out are those libyaml would give before any error it could find
 * in what follows.
 */
#ifndef THREATMAP_YAMLSCAN_H
#define THREATMAP_YAMLSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* What the handler of an event answers. */
enum ysc_emit {
	YSC_GO,	   /* go on */
	YSC_STOP,  /* stop the scan: the stream ends there */
	YSC_QUIET, /* go on, and leave out the scalars up to the next event
		      that is none (they would change nothing): they count
		      as handed out all the same */
	YSC_PRUNE, /* to the start of a collection: leave out the events
		      inside it and hand out its end (YSC_PRUNE + n: they
		      nest at most n deep in it; past that, or when there
		      are too many to hold, they are handed out) */
};

/* One event; what to do next (enum ysc_emit). */
typedef int (*ysc_emit_fn)(void *ctx, const yaml_event_t *ev);

/* Text as yml_read_fn gives it: bytes read, 0 at the end, -1 on error. */
typedef long (*ysc_read_fn)(void *ctx, char *buf, size_t size);

enum ysc_result {
	YSC_DONE,    /* every event up to the stream's end, or emit stopped */
	YSC_REFUSED, /* gave up: *count events were handed out */
	YSC_READ,    /* read failed */
};

/*
 * A block sequence read on two threads (load.c), the items of a root
 * List's at indentation ind.  The main thread's scanner stops at the line
 * that starts at text offset at: when it is an entry of the sequence of
 * the root mapping at that indentation, it asks ready() whether items
 * read by another thread wait, and if so hands out every event it holds
 * and calls take(), which hands the items over and answers where to read
 * on (r: the text offset of a line that starts an entry, its line, the
 * events the items stood for); the scanner then reads from there.  The
 * other thread's scanner, started at S on a root sequence, calls entry()
 * at each entry of that sequence with the line (from 0 at S), the text
 * offset of the entry's line and the events before the entry.
 */
struct ysc_resume {
	size_t off;
	unsigned line;
	size_t events;
};

struct ysc_split {
	size_t at;
	int ind;
	bool (*ready)(void *ctx);
	bool (*take)(void *ctx, unsigned line, struct ysc_resume *r);
	void (*entry)(void *ctx, unsigned line, size_t off, size_t events);
	void *ctx;
};

/* The events of buf[0..len); *count counts those handed out. */
enum ysc_result ysc_scan_buf(const char *buf, size_t len, ysc_emit_fn emit,
			     void *ctx, size_t *count);

/* The same, the text read by read in pieces and never held whole. */
enum ysc_result ysc_scan_read(ysc_read_fn read, void *rctx, ysc_emit_fn emit,
			      void *ctx, size_t *count);

/* ysc_scan_read() with sp (NULL: none). */
enum ysc_result ysc_scan_split(ysc_read_fn read, void *rctx, ysc_emit_fn emit,
			       void *ctx, size_t *count,
			       const struct ysc_split *sp);

#endif
