/*
 * score.h - per-technique status and a risk score per tactic and overall.
 *
 * score_compute() reads the check results of a scan and its (finished,
 * policy-applied) findings and rates every technique of the matrix:
 *
 *   exposed        a finding that no exception suppresses, from a check
 *                  keyed to the technique;
 *   clean          at least one covering check ran and none left an
 *                  unsuppressed finding;
 *   not visible    every covering check that was selected could not see
 *                  what it needs (403s: CHECK_NOT_VISIBLE) or failed; or
 *                  the manifests held none of the kinds its checks read
 *                  (then left out of the score, which covers less);
 *   not judgeable  no selected check covers it, or the matrix says the
 *                  technique is decided at runtime or in the cloud account
 *                  (and nothing was found).
 *
 * Scores run from 0 (worst) to 100 (no exposure, everything visible); the
 * formula is in docs/scoring.md.  A suppressed finding never lowers a score:
 * suppression can only move a technique from exposed to clean or lower its
 * worst severity.  Pure function of its input; no allocation in any arena.
 */
#ifndef THREATMAP_SCORE_H
#define THREATMAP_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct check_result;
struct mx_tactic;
struct mx_technique;

enum tech_status {
	TECH_EXPOSED,
	TECH_CLEAN,
	TECH_NOT_VISIBLE,
	TECH_NOT_JUDGEABLE, /* runtime or cloud: configuration cannot tell */
	TECH_NOT_CHECKED,   /* judgeable, but no covering check ran */
};
#define TECH_NSTATUS 5

/* "exposed", "clean", "not-visible", "not-judgeable", "not-checked". */
const char *tech_status_name(enum tech_status st);

/*
 * "exposed", "clean", "not visible", "not judgeable from configuration",
 * "not checked".
 */
const char *tech_status_label(enum tech_status st);

struct score_technique {
	const struct mx_technique *t;
	enum tech_status status;
	enum severity worst; /* of unsuppressed findings; SEV_NONE if none */
	/*
	 * Objects with an unsuppressed finding of a covering check: two
	 * checks reporting the technique on one object count once.
	 */
	size_t findings;
	size_t suppressed;    /* suppressed findings of covering checks */
	size_t checks;	      /* covering checks that were selected */
	size_t checks_run;    /* ... that ran (passed or failed) */
	size_t checks_blind;  /* ... not visible or in error */
	size_t checks_absent; /* ... not visible: kinds absent from manifests */
	bool partial;	      /* a covering check ran with partial visibility */
	/*
	 * Worst severity of covering checks that failed with their findings
	 * folded into another check's (check_result.folded); SEV_NONE if
	 * none.
	 */
	enum severity folded;
	bool unweighted; /* not visible for absent kinds: not scored */
	unsigned risk;	 /* 0..100, see docs/scoring.md */
};

struct score_tactic {
	const struct mx_tactic *tactic;
	int score;		    /* 0..100, -1 when nothing is judgeable */
	size_t count[TECH_NSTATUS]; /* techniques by status */
	size_t findings; /* its techniques' findings (objects), summed */
};

struct score {
	struct score_technique *tech; /* matrix order; malloc'ed */
	size_t ntech;
	struct score_tactic *tactics; /* matrix column order; malloc'ed */
	size_t ntactics;
	int overall;		    /* 0..100, -1 when nothing is judgeable */
	size_t count[TECH_NSTATUS]; /* techniques by status */
	size_t findings;	    /* unsuppressed findings */
	size_t suppressed;	    /* suppressed findings */
	size_t by_severity[SEV_CRITICAL + 1]; /* unsuppressed, by severity */
	size_t filtered;  /* hidden by --min-severity (set by caller) */
	size_t excluded;  /* dropped by namespace exclusion (caller) */
	size_t baselined; /* hidden as already in the baseline */
	size_t checks_run, checks_not_visible, checks_skipped, checks_error;
	/*
	 * Coverage: techniques judgeable from configuration that some check
	 * of the results (skipped ones too) covers, and those of them this
	 * scan judged in full
	 * (exposed, or clean with every covering check seeing all it needs).
	 * partial_coverage: judged < judgeable, so the score speaks for part
	 * of the matrix only (checks deselected, kinds absent or forbidden).
	 */
	size_t judgeable, judged;
	bool partial_coverage;
};

/*
 * Fill sc from results (one per check, any order) and findings f.
 * Findings of checks absent from results still count toward technique
 * status.  Caller releases with score_release().  Always returns 0.
 */
int score_compute(struct score *sc, const struct check_result *results,
		  size_t nresults, const struct findings *f);

void score_release(struct score *sc);

/* Entry for a technique id in sc, or NULL. */
const struct score_technique *score_technique(const struct score *sc,
					      const char *id);

/* Risk weight of a severity (0..100) used for exposed techniques. */
unsigned score_severity_weight(enum severity s);

/* GitHub's security-severity for a severity: "9.5", "8.0", "5.5", "3.0". */
const char *score_security_severity(enum severity s);

#endif
