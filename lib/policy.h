/*
 * policy.h - exceptions (accepted risks), namespace exclusion and the
 * severity filter.  The PCRE2 boundary for exception patterns (lib/cred.c
 * is the one for credential patterns).
 *
 * Exceptions file (YAML or JSON, read with load_tree()):
 *
 *   exceptions:
 *     - checks: [privileged-container]   # check ids, or "*" for all
 *       namespace: "kube-system"         # PCRE2, anchored full match
 *       name: "calico-node|kube-proxy"   # PCRE2, anchored full match
 *       kind: DaemonSet                  # optional, exact
 *       container: calico-node           # optional, exact
 *       reason: "CNI needs host access"  # required
 *       expires: 2026-12-31              # optional, YYYY-MM-DD, inclusive
 *       owner: platform-team             # optional
 *
 * namespace and name default to ".*".  A namespace pattern is matched
 * against "" for cluster-scoped objects.  policy_validate_checks() refuses
 * check ids the registry does not hold, naming the nearest one.
 * An exception matches a finding when every given field matches; findings
 * are reported on controllers (see inventory.h), so an exception naming a
 * Deployment suppresses what its pod template shows.
 *
 * policy_apply() sets finding->suppressed_by to the reason of the first
 * matching exception that has not expired.  Suppressed findings stay in the
 * list: every report counts and lists them.  An exception whose expiry date
 * lies before "today" (given by the caller; lib/ has no clock) stops
 * applying; it is reported as expired with the findings it would match.
 *
 * Memory: a policy owns its compiled patterns (malloc, PCRE2) and borrows
 * strings from the arena passed to policy_load(); free with policy_free()
 * before that arena goes away.  After load a policy is read-only except for
 * the counters that policy_apply() updates; apply from one thread.
 */
#ifndef THREATMAP_POLICY_H
#define THREATMAP_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct arena;
struct check;
struct diag;
struct findings;
struct node;
struct policy;
struct policy_re;

struct policy_exception {
	const char *const *checks; /* NULL-terminated; NULL means all ("*") */
	const char *ns_pattern;	   /* as written, ".*" when absent */
	const char *name_pattern;
	const char *kind;      /* NULL: any */
	const char *container; /* NULL: any */
	const char *reason;
	const char *expires; /* "YYYY-MM-DD" or NULL */
	const char *owner;   /* NULL when absent */
	const char *file;
	unsigned line, col; /* where the entry starts */
	bool expired;	    /* set by policy_apply() */
	size_t matched;	    /* findings suppressed (or, when expired,
				      that it would have suppressed) */
};

/* A new, empty policy (no exceptions).  Never NULL. */
struct policy *policy_new(void);
void policy_free(struct policy *p);

/*
 * Parse an exceptions file (buf, len bytes, named file) and append its
 * entries to p.  Strings live in arena a.  On error returns a negative
 * diag code with d set to file:line:col and what was expected: unknown key,
 * missing reason, bad regular expression (PCRE2's message and offset), bad
 * date.  p is unchanged on error.
 */
int policy_load(struct policy *p, struct arena *a, const char *file,
		const char *buf, size_t len, struct diag *d);

/*
 * Every check id of p names a check of table (NULL-terminated); otherwise
 * DIAG_CONFIG at the entry, "unknown check 'x' (did you mean 'y'?)".
 */
int policy_validate_checks(const struct policy *p,
			   const struct check *const *table, struct diag *d);

/* The same from an already parsed tree (root of the document). */
int policy_load_tree(struct policy *p, struct arena *a, const char *file,
		     const struct node *root, struct diag *d);

/*
 * Trusted registries file (YAML or JSON), the list image-untrusted-registry
 * judges images against (entries as image_trusted() in image.h reads them):
 *
 *   trustedRegistries:
 *     - registry.example.com
 *     - docker.io/library
 *     - "*.corp.example.com"
 *
 * The same file may name itself (apiVersion: threatmap.dev/v1, kind:
 * TrustedRegistries, optional metadata), and is then also a document of
 * the scanned input that the scan takes its list from.
 *
 * Returns the entries (strings in arena a, *n of them; an empty list is
 * valid) or NULL with d set to file:line:col and what was expected: an
 * unknown key, a list that is not one, an entry that is not a string or
 * not a registry (image_trusted_entry_valid()).
 */
const char **policy_load_registries(struct arena *a, const char *file,
				    const char *buf, size_t len, size_t *n,
				    struct diag *d);

/* The same from an already parsed document (root), named file. */
const char **policy_registries_tree(struct arena *a, const char *file,
				    const struct node *root, size_t *n,
				    struct diag *d);

size_t policy_count(const struct policy *p);
const struct policy_exception *policy_at(const struct policy *p, size_t i);

/*
 * Mark findings that an unexpired exception matches; today is
 * "YYYY-MM-DD" (NULL: no exception expires).  Resets and recomputes the
 * counters and expired flags.  Returns the number of findings suppressed,
 * or a negative diag code for a malformed today.
 */
int policy_apply(struct policy *p, struct findings *f, const char *today,
		 struct diag *d);

/* Exceptions that have expired (after policy_apply()). */
size_t policy_expired_count(const struct policy *p);

/*
 * The exception that suppresses fd (first unexpired match), or NULL.
 * Used by reports to show owner and expiry next to a suppressed finding.
 */
const struct policy_exception *policy_match(const struct policy *p,
					    const struct finding *fd);

/* True when date is a valid calendar date written YYYY-MM-DD. */
bool policy_date_valid(const char *date);

/*
 * A compiled PCRE2 pattern, anchored at both ends.  NULL with d set
 * ("bad regular expression '...': <PCRE2 message> at offset N") on error;
 * loc (may be NULL) places the error.  Free with policy_re_free().
 * Matching is thread safe (match data per call).
 */
struct policy_re *policy_re_new(const char *pattern, const char *file,
				unsigned line, unsigned col, struct diag *d);
void policy_re_free(struct policy_re *re);
bool policy_re_match(const struct policy_re *re, const char *s);

/*
 * Drop findings whose object's namespace ("" when none) matches re.
 * Meant to run before scoring: excluded namespaces are out of scope.
 * Order is preserved; returns the number dropped.
 */
size_t policy_exclude_namespaces(struct findings *f,
				 const struct policy_re *re);

/*
 * Drop findings below min (SEV_NONE keeps all), suppressed or not.  Meant
 * to run after scoring: it hides, it does not change the posture.  Returns
 * the number dropped (reports show it as "filtered").
 */
size_t policy_min_severity(struct findings *f, enum severity min);

#endif
