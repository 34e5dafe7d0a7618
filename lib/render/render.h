/*
 * render.h - turning a finished scan into text, JSON, SARIF, HTML, ...
 *
 * A renderer reads a struct report and appends its output to a caller's
 * sbuf; it does no I/O of its own and never looks at the terminal (the
 * caller says whether to use colour).  Output is deterministic for the same
 * report: no clock, no addresses, stable order.
 */
#ifndef THREATMAP_RENDER_H
#define THREATMAP_RENDER_H

#include <stdbool.h>
#include <stddef.h>

struct check_result;
struct findings;
struct policy;
struct scan;
struct sbuf;
struct score;

/* Version of the JSON report schema (docs/json-format.md). */
#define RENDER_JSON_SCHEMA_VERSION "1"

/* How the text report orders its details (--group-by). */
enum render_group {
	RENDER_GROUP_OBJECT,	/* the object, worst first (the default) */
	RENDER_GROUP_TECHNIQUE, /* the matrix technique a check names first */
	RENDER_GROUP_CHECK,	/* the check */
};

struct render_opts {
	bool color;		 /* ANSI colour (text) */
	unsigned width;		 /* text columns to wrap at; 0: 100 */
	enum render_group group; /* text: how details are grouped */
	/*
	 * Text: every finding in full (evidence, techniques, fix, place)
	 * instead of one line each, low-severity ones included.
	 */
	bool verbose;
	/*
	 * Text: list low-severity findings one by one; without it (and
	 * without verbose) they are counted by check in one line each.
	 */
	bool expand_low;
	bool fingerprints;	  /* HTML: show fingerprints */
	const char *tool_version; /* "0.1.0" */
	const char
	    *generated_at; /* RFC 3339 time given by the caller, or NULL */
	const char *command_line; /* for report metadata, or NULL */
	/*
	 * The absolute working directory, or NULL: SARIF writes manifest
	 * paths under it relative to the %SRCROOT% base.
	 */
	const char *base_dir;
	/*
	 * JSON and SARIF: findings a thread writes at a time when the scan
	 * runs on several threads (struct scan.threads), and two such chunks
	 * are then enough to write on several; 0 for the default (see
	 * render/render_par.h).  Output is the same bytes whatever it is.
	 */
	size_t report_chunk;
};

struct report {
	const struct scan *scan;
	const struct findings *findings; /* finished: fingerprinted, sorted */
	const struct check_result *results;
	size_t nresults;
	const struct score *score;   /* NULL when not computed */
	const struct policy *policy; /* exceptions applied, or NULL */
	/*
	 * With --baseline: the findings the baseline already holds, taken
	 * out of findings (the JSON report lists them as unchanged, so it
	 * stays a complete record); NULL without a baseline.
	 */
	const struct findings *unchanged;
	const struct render_opts *opts;
};

struct renderer {
	const char *name;      /* "text", "json", ... as given to --output */
	const char *extension; /* "txt", "json", "sarif", ... */
	int (*render)(const struct report *r, struct sbuf *out);
};

#endif
