/*
 * baseline.h - compare findings with an earlier JSON report by fingerprint.
 *
 * A baseline is the set of findings of a previous `scan --output json`
 * (docs/json-format.md): for each, its fingerprint and enough to describe
 * it (check, severity, object, container, message, suppressed).  Only
 * "findings[].fingerprint" is required; other fields are read when present.
 *
 *   baseline_diff()    new, fixed and unchanged findings between two
 *                      reports (`kubectl-threatmap diff OLD NEW`);
 *   baseline_filter()  keep only the findings of a scan that the baseline
 *                      does not hold (`scan --baseline OLD`).
 *
 * Fingerprints ignore file locations (finding.h), so a manifest scan, a
 * snapshot and a live scan of the same cluster compare cleanly.
 *
 * Memory: entries and their strings live in the arena passed in; the
 * index is malloc'ed; baseline_free() releases it.  Read-only after load.
 */
#ifndef THREATMAP_BASELINE_H
#define THREATMAP_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct findings;
struct node;
struct sbuf;

struct baseline_entry {
	const char *fingerprint;
	const char *check;	      /* "" when absent */
	const char *severity;	      /* "" when absent */
	const char *kind, *ns, *name; /* "" when absent */
	const char *container;	      /* NULL when absent */
	const char *message;	      /* "" when absent */
	bool suppressed;
};

struct baseline;

struct baseline *baseline_new(void);
void baseline_free(struct baseline *b);

/*
 * Read a JSON report (buf, len bytes, named file) and add its findings.
 * DIAG_PARSE for bad JSON, DIAG_SCHEMA with file:line:col when the report
 * has no findings array or a finding lacks a fingerprint.
 */
int baseline_load(struct baseline *b, struct arena *a, const char *file,
		  const char *buf, size_t len, struct diag *d);
int baseline_load_tree(struct baseline *b, struct arena *a, const char *file,
		       const struct node *root, struct diag *d);
/*
 * baseline_load() of the file at path (at most input_limit() bytes, opened
 * as safefile_read() opens it).  A regular file is read in pieces keeping
 * only the members an entry holds (reportread.h); anything that reader
 * does not take is read whole as before, so errors are the same.
 * Returns 0 or the error code with d filled.
 */
int baseline_load_file(struct baseline *b, struct arena *a, const char *path,
		       struct diag *d);

/* Add the findings of a finished scan (strings copied into a). */
void baseline_add_findings(struct baseline *b, struct arena *a,
			   const struct findings *f);

size_t baseline_count(const struct baseline *b);
const struct baseline_entry *baseline_at(const struct baseline *b, size_t i);
bool baseline_has(const struct baseline *b, const char *fingerprint);

/*
 * Drop from f every finding whose fingerprint old holds; order kept.
 * Returns the number dropped.  When known is not NULL the dropped findings
 * are appended to it (pointers; known shares f's arena), so a report can
 * still carry them as unchanged.
 */
size_t baseline_filter(struct findings *f, const struct baseline *old,
		       struct findings *known);

/* Version of the JSON diff (a string, as in the scan report). */
#define BASELINE_DIFF_SCHEMA_VERSION "1"

struct baseline_diff {
	const struct baseline_entry **added;	 /* in new only */
	const struct baseline_entry **fixed;	 /* in old only */
	const struct baseline_entry **unchanged; /* in both (new's entry) */
	size_t nadded, nfixed, nunchanged;
};

/* Fill d (arrays malloc'ed; release with baseline_diff_release()). */
void baseline_diff(const struct baseline *old, const struct baseline *new_,
		   struct baseline_diff *d);
void baseline_diff_release(struct baseline_diff *d);

/* The diff as text (one line per finding) or as JSON. */
int baseline_diff_text(const struct baseline_diff *d, struct sbuf *out);
int baseline_diff_json(const struct baseline_diff *d, const char *old_name,
		       const char *new_name, struct sbuf *out);

#endif
