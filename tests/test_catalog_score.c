/*
 * A technique counts once per object: two checks reporting the same
 * technique on one volume of one workload expose it on one object.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "score.h"
#include "testutil.h"

struct srun {
	struct scan *scan;
	struct findings f;
	struct check_result *res;
	size_t nres;
	struct score sc;
};

static void srun(struct srun *r, const char *path)
{
	const char *p[1] = { path };

	memset(r, 0, sizeof(*r));
	r->scan = tu_scan_paths(p, 1);
	ck_assert_uint_eq(r->scan->errors.n, 0);
	findings_init(&r->f, r->scan->arena);
	ck_assert_int_eq(scan_run(r->scan, check_registry, NULL, NULL, &r->f,
				  &r->res, &r->nres),
			 0);
	ck_assert_int_eq(score_compute(&r->sc, r->res, r->nres, &r->f), 0);
}

static void srelease(struct srun *r)
{
	score_release(&r->sc);
	findings_release(&r->f);
	free(r->res);
	scan_free(r->scan);
}

static size_t with_technique(const struct findings *f, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++) {
		const char *const *t;

		for (t = f->v[i]->check->techniques; t && *t; t++)
			n += !strcmp(*t, id);
	}
	return n;
}

START_TEST(test_one_volume_two_checks)
{
	struct srun r;
	const struct score_technique *st;

	srun(&r, "testdata/score/one-volume-two-checks.yaml");
	/* both checks fire on the one Deployment, both under MS-TA9026 */
	ck_assert_uint_eq(with_technique(&r.f, "MS-TA9026"), 2);
	st = score_technique(&r.sc, "MS-TA9026");
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(st->status, TECH_EXPOSED);
	ck_assert_uint_eq(st->findings, 1);
	ck_assert_int_eq(st->worst, SEV_MEDIUM);
	/* MS-TA9013 comes from hostpath-volume alone */
	ck_assert_uint_eq(score_technique(&r.sc, "MS-TA9013")->findings, 1);
	/* the report's finding total still counts findings */
	ck_assert_uint_eq(r.sc.findings, r.f.n);
	srelease(&r);
}
END_TEST

/* Two objects with the same technique still count twice. */
START_TEST(test_two_objects_count_twice)
{
	struct srun r;

	srun(&r, "testdata/checks/hostpath-volume/fire");
	ck_assert_uint_ge(with_technique(&r.f, "MS-TA9013"), 2);
	ck_assert_uint_ge(score_technique(&r.sc, "MS-TA9013")->findings, 2);
	srelease(&r);
}
END_TEST

Suite *suite_catalog_score(void)
{
	Suite *s = suite_create("catalog_score");
	TCase *tc = tcase_create("per_object");

	tcase_add_test(tc, test_one_volume_two_checks);
	tcase_add_test(tc, test_two_objects_count_twice);
	suite_add_tcase(s, tc);
	return s;
}
