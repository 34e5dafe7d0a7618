/*
 * suggest.h - "did you mean": the closest of a set of known words.
 *
 * Feed every candidate to suggest_try(); best is then the candidate nearest
 * to word by edit distance (insertions, deletions, substitutions and swaps
 * of neighbours), or NULL when none is near enough to be a likely typo: at
 * most a third of the word's length, and at least one edit.  A candidate
 * that word is a prefix of also counts, so "--recursiv" suggests
 * "--recursive" without being accepted for it.  No allocation; strings are
 * borrowed.
 */
#ifndef THREATMAP_SUGGEST_H
#define THREATMAP_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

struct suggest {
	const char *word;
	const char *best; /* NULL until a near candidate is seen */
	size_t dist;
};

void suggest_init(struct suggest *sg, const char *word);
/* Returns true when candidate became the best so far. */
bool suggest_try(struct suggest *sg, const char *candidate);

struct check;

/* The closest id of a check of table (NULL-terminated) to id, or NULL. */
const char *suggest_check(const struct check *const *table, const char *id);

/* The closest check id of table, matrix or ATT&CK technique id, or NULL. */
const char *suggest_check_or_technique(const struct check *const *table,
				       const char *id);

#endif
