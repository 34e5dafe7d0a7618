/*
 * report_opts.h - the scan flags that shape reports: --exceptions,
 * --exclude-namespaces, --baseline, --min-severity.  Loads what they name
 * before the scan starts, so a bad file fails fast with exit status 3.
 */
#ifndef THREATMAP_REPORT_OPTS_H
#define THREATMAP_REPORT_OPTS_H

#include "triage.h"

struct arena;

struct report_opts {
	struct arena *arena;
	struct policy *policy;	   /* NULL without --exceptions */
	struct policy_re *exclude; /* NULL without --exclude-namespaces */
	struct baseline *baseline; /* NULL without --baseline */
	char today[16];		   /* UTC date, YYYY-MM-DD */
	struct triage_opts triage;
};

/*
 * Load the named files (each may be NULL).  Prints what failed and returns
 * CLI_EXIT_USAGE for a bad pattern, CLI_EXIT_INPUT for a file that cannot
 * be read or is malformed, else 0.  Release with report_opts_release().
 */
int report_opts_load(struct report_opts *ro, const char *exceptions,
		     const char *exclude_ns, const char *baseline,
		     enum severity min_severity);

/* Notes on stderr for every expired exception (after triage). */
void report_opts_notes(const struct report_opts *ro);

void report_opts_release(struct report_opts *ro);

#endif
