/*
 * triage.h - from a scan's raw findings to what the reports show.
 *
 * triage_run() applies, in this order:
 *   1. namespace exclusion (--exclude-namespaces): out of scope, dropped;
 *   2. exceptions (--exceptions): matching findings marked suppressed,
 *      kept;
 *   3. scoring (docs/scoring.md) of what is left;
 *   4. baseline (--baseline): findings already known are taken out of f
 *      (into o->unchanged when given, so the JSON report keeps them);
 *   5. minimum severity (--min-severity): lower findings dropped.
 * Counts of 1, 4 and 5 land in the score (excluded, baselined, filtered)
 * so every report can say what it does not show.  --fail-on then looks at
 * the findings that remain (triage_fails()).
 */
#ifndef THREATMAP_TRIAGE_H
#define THREATMAP_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct baseline;
struct check_result;
struct diag;
struct policy;
struct policy_re;
struct score;

struct triage_opts {
	const struct policy_re *exclude_ns; /* NULL: none */
	struct policy *policy;		    /* NULL: no exceptions */
	const char *today;		    /* "YYYY-MM-DD" for expiry */
	const struct baseline *baseline;    /* NULL: none */
	struct findings *unchanged; /* receives baseline findings, or NULL */
	enum severity min_severity; /* SEV_NONE: show all */
};

/*
 * Run the steps above on f and fill sc (caller releases it with
 * score_release()).  Fails only for a malformed today (DIAG_USAGE).
 */
int triage_run(const struct triage_opts *o, struct findings *f,
	       const struct check_result *results, size_t nresults,
	       struct score *sc, struct diag *d);

/* An unsuppressed finding at or above fail_on remains in f. */
bool triage_fails(const struct findings *f, enum severity fail_on);

#endif
