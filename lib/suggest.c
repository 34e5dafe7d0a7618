#include "suggest.h"

#include <ctype.h>
#include <string.h>

#include "check.h"
#include "matrix.h"

/* Words longer than this are never typos of a known name. */
#define SUGGEST_MAX 64

/* Optimal string alignment distance, case-insensitive; SIZE_MAX if long. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];

	if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

void suggest_init(struct suggest *sg, const char *word)
{
	sg->word = word;
	sg->best = NULL;
	sg->dist = (size_t)-1;
}

bool suggest_try(struct suggest *sg, const char *candidate)
{
	size_t len = strlen(sg->word), limit = len / 3, d;

	if (!candidate || !strcmp(candidate, sg->word))
		return false;
	if (limit < 1)
		limit = 1;
	d = distance(sg->word, candidate);
	/* a cut-off word ("--recursiv") is worth naming in full */
	if (len >= 3 && !strncmp(candidate, sg->word, len) && d > limit)
		d = limit;
	if (d > limit || d >= sg->dist)
		return false;
	sg->best = candidate;
	sg->dist = d;
	return true;
}

const char *suggest_check(const struct check *const *table, const char *id)
{
	const struct check *const *c;
	struct suggest sg;

	suggest_init(&sg, id);
	for (c = table; c && *c; c++)
		suggest_try(&sg, (*c)->id);
	return sg.best;
}

const char *suggest_check_or_technique(const struct check *const *table,
				       const char *id)
{
	const struct check *const *c;
	struct suggest sg;
	size_t i;

	suggest_init(&sg, id);
	for (c = table; c && *c; c++)
		suggest_try(&sg, (*c)->id);
	for (i = 0; i < mx_ntechniques; i++)
		suggest_try(&sg, mx_techniques[i].id);
	for (i = 0; i < mx_nattack; i++)
		suggest_try(&sg, mx_attack[i].id);
	return sg.best;
}
