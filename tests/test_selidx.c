/*
 * The selector index: the candidates it gives for a label set include
 * every selector that matches it, sorted, each once.
 */
#include <check.h>
#include <stdlib.h>

#include "arena.h"
#include "diag.h"
#include "node.h"
#include "selector.h"
#include "testutil.h"

static const char *const sels[] = {
	"{app: web}", "{app: web, tier: front}", "{tier: front}",
	"{}",	    /* selects nothing as a map, a candidate for all */
	"{app: 1}", /* not a string: never matches, a candidate for all */
	"{app: db}",  "{team: x, app: web}",	 "[a, b]", /* not a map */
};

static const char *const label_sets[] = {
	"{app: web}",
	"{app: web, tier: front}",
	"{tier: front, team: x, app: web}",
	"{}",
	"{other: thing}",
};

START_TEST(test_selidx_candidates_cover_matches)
{
	struct arena *a = arena_new();
	struct selidx *x = selidx_new();
	const struct node *sel[sizeof(sels) / sizeof(sels[0])];
	size_t nsel = sizeof(sels) / sizeof(sels[0]), i, j, k, *v = NULL,
	       alloc = 0;
	struct diag d;

	for (i = 0; i < nsel; i++) {
		sel[i] = load_tree_for_test(a, sels[i], &d);
		ck_assert_ptr_nonnull(sel[i]);
		selidx_add(x, i, sel[i]);
	}
	selidx_add(x, nsel, NULL); /* no selector at all */
	for (j = 0; j < sizeof(label_sets) / sizeof(label_sets[0]); j++) {
		const struct node *labels =
		    load_tree_for_test(a, label_sets[j], &d);
		size_t n = selidx_candidates(x, labels, &v, &alloc);
		bool seen_none = false;

		ck_assert_ptr_nonnull(labels);
		for (k = 1; k < n; k++)
			ck_assert_uint_lt(v[k - 1], v[k]); /* sorted, once */
		for (i = 0; i < nsel; i++) {
			bool cand = false;
			for (k = 0; k < n; k++)
				cand |= v[k] == i;
			if (selector_map_matches(sel[i], labels))
				ck_assert_msg(cand, "%s on %s missed", sels[i],
					      label_sets[j]);
			/* a map whose first pair the labels lack is not tried */
			if (i == 5 && j == 1)
				ck_assert(!cand);
		}
		for (k = 0; k < n; k++)
			seen_none |= v[k] == nsel;
		ck_assert(seen_none);
	}
	/* "{app: web}": the two app=web maps, the three unusable ones */
	{
		const struct node *labels =
		    load_tree_for_test(a, "{app: web}", &d);
		size_t n = selidx_candidates(x, labels, &v, &alloc);
		const size_t want[] = { 0, 1, 3, 4, 7, 8 };

		ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
		for (k = 0; k < n; k++)
			ck_assert_uint_eq(v[k], want[k]);
	}
	free(v);
	selidx_free(x);
	arena_free(a);
}
END_TEST

/* Candidates merged from two sources come back sorted, each once. */
START_TEST(test_selidx_unique)
{
	size_t v[] = { 7, 3, 7, 0, 3, 3, 9, 0 };
	size_t one[] = { 5 };

	ck_assert_uint_eq(selidx_unique(v, 8), 4);
	ck_assert_uint_eq(v[0], 0);
	ck_assert_uint_eq(v[1], 3);
	ck_assert_uint_eq(v[2], 7);
	ck_assert_uint_eq(v[3], 9);
	ck_assert_uint_eq(selidx_unique(one, 1), 1);
	ck_assert_uint_eq(one[0], 5);
	ck_assert_uint_eq(selidx_unique(NULL, 0), 0);
}
END_TEST

Suite *suite_selidx(void)
{
	Suite *s = suite_create("selidx");
	TCase *tc = tcase_create("selidx");

	tcase_add_test(tc, test_selidx_candidates_cover_matches);
	tcase_add_test(tc, test_selidx_unique);
	suite_add_tcase(s, tc);
	return s;
}
