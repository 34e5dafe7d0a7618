/* Scoring: technique status, tactic and overall scores, monotonicity. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "matrix.h"
#include "report_fixture.h"
#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "policy.h"
#include "render/render.h"
#include "scan.h"
#include "score.h"

static enum tech_status status_of(const struct score *sc, const char *id)
{
	const struct score_technique *st = score_technique(sc, id);

	ck_assert_ptr_nonnull(st);
	return st->status;
}

START_TEST(test_statuses)
{
	struct fx x;

	fx_build(&x, "manifests");
	fx_score(&x);
	ck_assert_int_eq(status_of(&x.score, "MS-TA9018"), TECH_EXPOSED);
	ck_assert_int_eq(score_technique(&x.score, "MS-TA9018")->worst,
			 SEV_CRITICAL);
	ck_assert_uint_eq(score_technique(&x.score, "MS-TA9018")->findings, 2);
	ck_assert_int_eq(status_of(&x.score, "MS-TA9013"), TECH_EXPOSED);
	ck_assert_int_eq(status_of(&x.score, "MS-TA9025"), TECH_NOT_VISIBLE);
	/* no check covers it: judgeable, but not checked */
	ck_assert_int_eq(status_of(&x.score, "MS-TA9014"), TECH_NOT_CHECKED);
	/* runtime only */
	ck_assert_int_eq(status_of(&x.score, "MS-TA9007"), TECH_NOT_JUDGEABLE);
	ck_assert_uint_eq(x.score.findings, 5);
	ck_assert_uint_eq(x.score.suppressed, 0);
	ck_assert_uint_eq(x.score.by_severity[SEV_CRITICAL], 2);
	ck_assert_uint_eq(x.score.by_severity[SEV_HIGH], 3);
	ck_assert_uint_eq(x.score.checks_run, 4);
	ck_assert_uint_eq(x.score.checks_not_visible, 1);
	/* judged: 9018=100, 9013=75, 9019=75, 9025=50, 9005=75, 9016=75 */
	ck_assert_uint_eq(x.score.count[TECH_EXPOSED], 5);
	ck_assert_uint_eq(x.score.count[TECH_NOT_VISIBLE], 1);
	ck_assert_int_eq(x.score.overall, 100 - 75);
	fx_free(&x);
}
END_TEST

START_TEST(test_tactic_scores)
{
	const struct score_tactic *pe = NULL, *impact = NULL;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	fx_score(&x);
	for (i = 0; i < x.score.ntactics; i++) {
		if (!strcmp(x.score.tactics[i].tactic->id,
			    "PrivilegeEscalation"))
			pe = &x.score.tactics[i];
		if (!strcmp(x.score.tactics[i].tactic->id, "Impact"))
			impact = &x.score.tactics[i];
	}
	ck_assert_ptr_nonnull(pe);
	ck_assert_ptr_nonnull(impact);
	/* PE holds 9013 (75), 9018 (100), 9019 (75); 9020 is cloud */
	ck_assert_uint_eq(pe->count[TECH_EXPOSED], 3);
	ck_assert_int_eq(pe->score, 100 - (250 + 1) / 3);
	/* nothing in Impact is covered */
	ck_assert_int_eq(impact->score, -1);
	fx_free(&x);
}
END_TEST

START_TEST(test_clean_and_partial)
{
	static const char *const t[] = { "MS-TA9018", NULL };
	static const struct check a = { .id = "a",
					.severity = SEV_HIGH,
					.techniques = t };
	static const struct check b = { .id = "b",
					.severity = SEV_HIGH,
					.techniques = t };
	struct check_result r[2] = {
		{ .check = &a, .status = CHECK_PASSED, .partial = true },
		{ .check = &b, .status = CHECK_NOT_VISIBLE },
	};
	struct score sc;

	score_compute(&sc, r, 2, NULL);
	ck_assert_int_eq(status_of(&sc, "MS-TA9018"), TECH_CLEAN);
	ck_assert(score_technique(&sc, "MS-TA9018")->partial);
	ck_assert_int_eq(sc.overall, 100);
	score_release(&sc);

	r[0].status = CHECK_NOT_VISIBLE;
	score_compute(&sc, r, 2, NULL);
	ck_assert_int_eq(status_of(&sc, "MS-TA9018"), TECH_NOT_VISIBLE);
	ck_assert_int_eq(sc.overall, 50);
	score_release(&sc);

	/* deselected checks do not count as coverage */
	r[0].status = CHECK_SKIPPED;
	r[1].status = CHECK_SKIPPED;
	score_compute(&sc, r, 2, NULL);
	ck_assert_int_eq(status_of(&sc, "MS-TA9018"), TECH_NOT_CHECKED);
	ck_assert_int_eq(sc.overall, -1);
	ck_assert_uint_eq(sc.checks_skipped, 2);
	score_release(&sc);
}
END_TEST

START_TEST(test_runtime_technique)
{
	static const char *const t[] = { "MS-TA9007", NULL };
	static const struct check c = { .id = "rt",
					.severity = SEV_LOW,
					.techniques = t };
	struct check_result r = { .check = &c, .status = CHECK_PASSED };
	struct score sc;
	struct fx x;
	struct finding *fd;

	score_compute(&sc, &r, 1, NULL);
	ck_assert_int_eq(status_of(&sc, "MS-TA9007"), TECH_NOT_JUDGEABLE);
	score_release(&sc);

	fx_build(&x, "manifests");
	fd = finding_add(&x.f, &c, fx_find(&x, "Deployment", "shop", "web"),
			 NULL, "shell found");
	/*
	 * a finding mapped to a runtime technique is counted, but the
	 * technique stays not judgeable from configuration (as in `matrix`)
	 * and weighs nothing in the score
	 */
	r.status = CHECK_FAILED;
	score_compute(&sc, &r, 1, &x.f);
	ck_assert_int_eq(status_of(&sc, "MS-TA9007"), TECH_NOT_JUDGEABLE);
	ck_assert_uint_eq(score_technique(&sc, "MS-TA9007")->findings, 1);
	score_release(&sc);
	fd->suppressed_by = "accepted";
	score_compute(&sc, &r, 1, &x.f);
	ck_assert_int_eq(status_of(&sc, "MS-TA9007"), TECH_NOT_JUDGEABLE);
	ck_assert_uint_eq(score_technique(&sc, "MS-TA9007")->suppressed, 1);
	score_release(&sc);
	fx_free(&x);
}
END_TEST

/*
 * A technique counts each object once, whatever the order of its findings:
 * two checks of one technique on two objects, their findings interleaved,
 * and a finding on no object, which counts on its own.  A suppressed
 * finding counts as suppressed, not as an object.
 */
START_TEST(test_technique_counts_objects)
{
	static const char *const t[] = { "MS-TA9007", NULL };
	static const struct check a = { .id = "a",
					.severity = SEV_LOW,
					.techniques = t };
	static const struct check b = { .id = "b",
					.severity = SEV_HIGH,
					.techniques = t };
	struct check_result r[2] = { { .check = &a, .status = CHECK_FAILED },
				     { .check = &b, .status = CHECK_FAILED } };
	const struct kobj *web, *svc, *crb;
	const struct score_technique *st;
	struct score sc;
	struct finding *fd;
	struct fx x;

	fx_build(&x, "manifests");
	findings_release(&x.f);
	findings_init(&x.f, x.scan->arena);
	web = fx_find(&x, "Deployment", "shop", "web");
	svc = fx_find(&x, "Service", "shop", "web");
	crb = fx_find(&x, "ClusterRoleBinding", NULL, "ops-admin");
	finding_add(&x.f, &a, web, NULL, "a on web");
	finding_add(&x.f, &b, svc, NULL, "b on svc");
	finding_add(&x.f, &b, web, NULL, "b on web");
	finding_add(&x.f, &a, svc, NULL, "a on svc");
	finding_add(&x.f, &a, web, NULL, "a on web again");
	finding_add(&x.f, &b, NULL, NULL, "b on nothing");
	fd = finding_add(&x.f, &b, crb, NULL, "b on crb");
	fd->suppressed_by = "accepted";
	score_compute(&sc, r, 2, &x.f);
	st = score_technique(&sc, "MS-TA9007");
	ck_assert_uint_eq(st->findings, 3);
	ck_assert_uint_eq(st->suppressed, 1);
	ck_assert_int_eq(st->worst, SEV_HIGH);
	ck_assert_uint_eq(sc.findings, 6);
	ck_assert_uint_eq(sc.suppressed, 1);
	score_release(&sc);
	fx_free(&x);
}
END_TEST

static bool has_technique(const struct check *c, const char *id)
{
	const char *const *p;

	for (p = c && c->techniques ? c->techniques : NULL; p && *p; p++)
		if (!strcmp(*p, id))
			return true;
	return false;
}

/* Distinct objects with a finding of technique id, by brute force. */
static size_t objects_of(const struct findings *f, const char *id)
{
	size_t i, j, n = 0;

	for (i = 0; i < f->n; i++) {
		const struct finding *fd = f->v[i];
		bool seen = false;

		if (fd->suppressed_by || !has_technique(fd->check, id))
			continue;
		for (j = 0; j < i && fd->obj && !seen; j++)
			seen = !f->v[j]->suppressed_by &&
			       f->v[j]->obj == fd->obj &&
			       has_technique(f->v[j]->check, id);
		n += !seen;
	}
	return n;
}

/* Every technique's count of objects in sc against objects_of(). */
static void assert_counts(const struct findings *f, struct check_result *r,
			  size_t nr)
{
	struct score sc;
	size_t t;

	score_compute(&sc, r, nr, f);
	for (t = 0; t < mx_ntechniques; t++)
		ck_assert_msg(sc.tech[t].findings ==
				  objects_of(f, mx_techniques[t].id),
			      "%s: %zu objects counted, %zu expected",
			      mx_techniques[t].id, sc.tech[t].findings,
			      objects_of(f, mx_techniques[t].id));
	score_release(&sc);
}

/*
 * The objects a technique counts, against a brute-force count, over
 * findings of checks with one to three techniques (and an id no matrix
 * holds) in random order on every object of the scenario, some
 * suppressed, some on no object.  Then with objects that share an index
 * with another (objects of two inventories) and with an index far past
 * the findings' number: the count is the same either way.
 */
START_TEST(test_technique_counts_random)
{
	/* up to three techniques, an id no matrix holds, the end */
	const char *ids[4][5];
	struct check ck[4];
	struct check_result r[4];
	struct kobj twin, far;
	struct fx x;
	unsigned seed = 12345;
	size_t i, k, nobj;

	memset(ck, 0, sizeof(ck));
	memset(r, 0, sizeof(r));
	for (k = 0; k < 4; k++) {
		for (i = 0; i <= k && i < 3; i++)
			ids[k][i] =
			    mx_techniques[(k * 7 + i * 5) % mx_ntechniques].id;
		ids[k][i++] = k == 3 ? "MS-TA0000" : NULL;
		ids[k][i] = NULL;
		ck[k].id = "random";
		ck[k].severity = SEV_MEDIUM;
		ck[k].techniques = ids[k];
		r[k].check = &ck[k];
		r[k].status = CHECK_FAILED;
	}
	fx_build(&x, "manifests");
	findings_release(&x.f);
	findings_init(&x.f, x.scan->arena);
	nobj = inventory_size(x.scan->inv);
	ck_assert_uint_gt(nobj, 4);
	for (i = 0; i < 300; i++) {
		const struct kobj *o;
		struct finding *fd;

		seed = seed * 1103515245u + 12345u;
		o = (seed >> 8) % 11
			? inventory_object(x.scan->inv, (seed >> 12) % nobj)
			: NULL;
		fd = finding_add(&x.f, &ck[(seed >> 20) % 4], o, NULL, "r");
		if ((seed >> 24) % 7 == 0)
			fd->suppressed_by = "accepted";
	}
	assert_counts(&x.f, r, 4);
	/* an object under the index of another */
	twin = *inventory_object(x.scan->inv, 1);
	finding_add(&x.f, &ck[2], &twin, NULL, "twin");
	assert_counts(&x.f, r, 4);
	findings_release(&x.f);
	findings_init(&x.f, x.scan->arena);
	/* an index far past the findings' number */
	far = *inventory_object(x.scan->inv, 0);
	far.index = INVENTORY_MAX - 1;
	finding_add(&x.f, &ck[1], inventory_object(x.scan->inv, 0), NULL, "a");
	finding_add(&x.f, &ck[1], &far, NULL, "far");
	finding_add(&x.f, &ck[2], &far, NULL, "far again");
	assert_counts(&x.f, r, 4);
	fx_free(&x);
}
END_TEST

/* Score of every tactic and overall for suppression mask m. */
static void scores_for(struct fx *x, unsigned m, int *out)
{
	size_t i;

	for (i = 0; i < x->f.n; i++)
		x->f.v[i]->suppressed_by = m & (1u << i) ? "accepted" : NULL;
	fx_score(x);
	out[0] = x->score.overall;
	for (i = 0; i < x->score.ntactics; i++)
		out[i + 1] = x->score.tactics[i].score;
}

/*
 * Suppressing more findings never lowers any score: for every pair of
 * suppression sets S within T, score(T) >= score(S) everywhere.
 */
START_TEST(test_suppression_never_lowers)
{
	int a[32], b[32];
	unsigned s, t, n, pairs = 0, raised = 0;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	n = (unsigned)x.f.n;
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_lt(mx_ntactics + 1, 32);
	for (t = 0; t < (1u << n); t++) {
		scores_for(&x, t, b);
		for (s = t;; s = (s - 1) & t) {
			scores_for(&x, s, a);
			for (i = 0; i <= mx_ntactics; i++) {
				ck_assert_msg(b[i] >= a[i],
					      "suppressing %#x -> %#x lowered "
					      "score %zu: %d -> %d",
					      s, t, i, a[i], b[i]);
				raised += b[i] > a[i];
			}
			pairs++;
			if (!s)
				break;
		}
	}
	ck_assert_uint_eq(pairs, 243);
	ck_assert_uint_gt(raised, 0);
	/* all suppressed: the exposed techniques become clean */
	scores_for(&x, (1u << n) - 1, b);
	ck_assert_uint_eq(x.score.suppressed, 5);
	ck_assert_uint_eq(x.score.findings, 0);
	ck_assert_int_eq(status_of(&x.score, "MS-TA9018"), TECH_CLEAN);
	fx_free(&x);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(tech_status_name(TECH_NOT_VISIBLE), "not-visible");
	ck_assert_str_eq(tech_status_label(TECH_NOT_JUDGEABLE),
			 "not judgeable from configuration");
	ck_assert_str_eq(score_security_severity(SEV_CRITICAL), "9.5");
	ck_assert_str_eq(score_security_severity(SEV_HIGH), "8.0");
	ck_assert_str_eq(score_security_severity(SEV_MEDIUM), "5.5");
	ck_assert_str_eq(score_security_severity(SEV_LOW), "3.0");
	ck_assert_uint_gt(score_severity_weight(SEV_CRITICAL),
			  score_severity_weight(SEV_HIGH));
}
END_TEST

Suite *suite_score(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("score");

	tcase_add_test(tc, test_statuses);
	tcase_add_test(tc, test_tactic_scores);
	tcase_add_test(tc, test_clean_and_partial);
	tcase_add_test(tc, test_runtime_technique);
	tcase_add_test(tc, test_technique_counts_objects);
	tcase_add_test(tc, test_technique_counts_random);
	tcase_add_test(tc, test_suppression_never_lowers);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
