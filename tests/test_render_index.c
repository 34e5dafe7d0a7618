/*
 * Findings grouped by object and check for the reports: the index against
 * a reading of every earlier finding, and the text report of findings
 * whose objects and checks come back again and again, late and between
 * others' (the grouping the index gives), small against a golden file and
 * large by what it must count.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "finding.h"
#include "golden.h"
#include "inventory.h"
#include "render/render_index.h"
#include "render/renderers.h"
#include "sbuf.h"
#include "scan.h"

static int run_nothing(const struct scan *s, struct findings *out)
{
	(void)s, (void)out;
	return 0;
}

/* Critical on some objects, medium on the others: found at two places. */
static const struct check ix_raised = {
	.id = "ix-raised",
	.title = "Raised on some objects",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9018", NULL },
	.remediation = "Lower it. Then look again.",
	.run = run_nothing,
};

static const struct check ix_high = {
	.id = "ix-high",
	.title = "High everywhere",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9013", "MS-TA9018", NULL },
	.remediation = "Fix the high one.",
	.run = run_nothing,
};

static const struct check ix_medium = {
	.id = "ix-medium",
	.title = "Medium, mapped",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9005", NULL },
	.remediation = "Fix the medium one.",
	.run = run_nothing,
};

static const struct check ix_unmapped = {
	.id = "ix-unmapped",
	.title = "Medium, not in the matrix",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.run = run_nothing,
};

static const struct check ix_low = {
	.id = "ix-low",
	.title = "Low, counted",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9005", NULL },
	.remediation = "Fix the low one.",
	.run = run_nothing,
};

struct ixfx {
	struct scan *scan;
	struct findings f;
	struct kobj *objs;
	size_t nobjs;
	struct check_result res[5];
	struct render_opts opts;
	struct report rep;
};

static void ixfx_objects(struct ixfx *x, size_t n)
{
	size_t i;

	x->objs = calloc(n, sizeof(*x->objs));
	ck_assert_ptr_nonnull(x->objs);
	x->nobjs = n;
	for (i = 0; i < n; i++) {
		struct kobj *o = &x->objs[i];
		char name[32];

		snprintf(name, sizeof(name), "o%06zu", i);
		o->api_version = "apps/v1";
		o->group = "apps";
		o->kind = "Deployment";
		o->ns = "ix";
		o->name = arena_strdup(x->scan->arena, name);
		o->file = "ix.yaml";
		o->line = (unsigned)i * 10 + 1;
		o->col = 1;
	}
}

static struct finding *ixfx_add(struct ixfx *x, const struct check *c,
				size_t obj, const char *container,
				enum severity sev)
{
	struct finding *fd =
	    finding_add(&x->f, c, &x->objs[obj], container, "%s on %s%s%s",
			c->id, x->objs[obj].name, container ? " in " : "",
			container ? container : "");

	fd->severity = (unsigned char)sev;
	return fd;
}

static void ixfx_finish(struct ixfx *x)
{
	static const struct check *const checks[] = {
		&ix_raised, &ix_high, &ix_medium, &ix_unmapped, &ix_low,
	};
	size_t i, k;

	findings_finish(&x->f);
	for (k = 0; k < 5; k++) {
		x->res[k].check = checks[k];
		for (i = 0; i < x->f.n; i++)
			x->res[k].findings += x->f.v[i]->check == checks[k];
		x->res[k].status =
		    x->res[k].findings ? CHECK_FAILED : CHECK_PASSED;
	}
	x->opts.tool_version = "9.9.9-test";
	x->rep.scan = x->scan;
	x->rep.findings = &x->f;
	x->rep.results = x->res;
	x->rep.nresults = 5;
	x->rep.opts = &x->opts;
}

static void ixfx_init(struct ixfx *x, size_t nobjs)
{
	memset(x, 0, sizeof(*x));
	x->scan = scan_new();
	scan_finish_input(x->scan);
	findings_init(&x->f, x->scan->arena);
	ixfx_objects(x, nobjs);
}

static void ixfx_release(struct ixfx *x)
{
	findings_release(&x->f);
	scan_free(x->scan);
	free(x->objs);
}

/*
 * Eight objects, each check back on objects seen before: o1 has findings
 * at every severity, first in the middle of the report; ix-raised is
 * critical on o5 and o2 and medium on the rest, so its findings come in
 * two runs with others between; one of o3's is suppressed ahead of its
 * others; low findings, two on some objects, are counted by check.
 */
static void ixfx_small(struct ixfx *x)
{
	static const size_t raised_crit[] = { 5, 2 };
	static const size_t raised_med[] = { 1, 6, 3 };
	static const size_t high[] = { 7, 1, 3, 4 };
	static const size_t low[] = { 0, 1, 1, 6, 3, 3, 7 };
	size_t i;

	ixfx_init(x, 8);
	for (i = 0; i < 2; i++)
		ixfx_add(x, &ix_raised, raised_crit[i], "a", SEV_CRITICAL);
	for (i = 0; i < 3; i++)
		ixfx_add(x, &ix_raised, raised_med[i], "b", SEV_MEDIUM);
	for (i = 0; i < 4; i++)
		ixfx_add(x, &ix_high, high[i], NULL, SEV_HIGH);
	ixfx_add(x, &ix_high, 3, "side", SEV_HIGH)->suppressed_by =
	    "exceptions.yaml:1";
	ixfx_add(x, &ix_medium, 2, NULL, SEV_MEDIUM);
	ixfx_add(x, &ix_medium, 1, NULL, SEV_MEDIUM);
	ixfx_add(x, &ix_unmapped, 4, NULL, SEV_MEDIUM);
	ixfx_add(x, &ix_unmapped, 1, "b", SEV_MEDIUM);
	for (i = 0; i < 7; i++)
		ixfx_add(x, &ix_low, low[i], i % 2 ? "x" : "y", SEV_LOW);
	ixfx_finish(x);
}

/* key functions as the text report's */
static bool key_obj(const struct report *r, const struct finding *fd,
		    struct render_key *k)
{
	(void)r;
	*k = (struct render_key){ (uintptr_t)fd->obj, 0 };
	return !fd->suppressed_by;
}

static bool key_check_obj(const struct report *r, const struct finding *fd,
			  struct render_key *k)
{
	(void)r;
	*k = (struct render_key){ (uintptr_t)fd->check, (uintptr_t)fd->obj };
	return fd->severity > SEV_LOW;
}

/* The index, against a look at every earlier and later finding. */
static void check_index(const struct report *r, render_key_fn key)
{
	struct render_index ix;
	size_t n = r->findings->n, i, j;

	render_index_build(&ix, r, key);
	ck_assert_uint_eq(ix.n, n);
	for (i = 0; i < n; i++) {
		struct render_key ki, kj;
		size_t first = RENDER_NONE, next = RENDER_NONE;

		if (key(r, r->findings->v[i], &ki)) {
			for (j = 0; j < n; j++) {
				if (!key(r, r->findings->v[j], &kj) ||
				    ki.a != kj.a || ki.b != kj.b)
					continue;
				if (first == RENDER_NONE)
					first = j;
				if (j > i && next == RENDER_NONE)
					next = j;
			}
		}
		ck_assert_uint_eq(ix.first[i], first);
		ck_assert_uint_eq(ix.next[i], next);
		ck_assert(render_index_head(&ix, i) == (first == i));
	}
	render_index_free(&ix);
}

START_TEST(test_index_against_scan)
{
	struct ixfx x;
	size_t heads = 0, i;
	struct render_index ix;

	ixfx_small(&x);
	check_index(&x.rep, key_obj);
	check_index(&x.rep, key_check_obj);
	/* every unsuppressed object has one head: o0 to o7 */
	render_index_build(&ix, &x.rep, key_obj);
	for (i = 0; i < x.f.n; i++)
		heads += render_index_head(&ix, i);
	ck_assert_uint_eq(heads, 8);
	render_index_free(&ix);
	ixfx_release(&x);
}
END_TEST

START_TEST(test_index_empty)
{
	struct ixfx x;
	struct render_index ix;

	ixfx_init(&x, 1);
	ixfx_finish(&x);
	render_index_build(&ix, &x.rep, key_obj);
	ck_assert_uint_eq(ix.n, 0);
	render_index_free(&ix);
	ck_assert_ptr_null(ix.first);
	ixfx_release(&x);
}
END_TEST

static char *render_text_with(struct ixfx *x, enum render_group g, bool verbose,
			      bool expand_low)
{
	struct sbuf sb = SBUF_INIT;

	x->opts.group = g;
	x->opts.verbose = verbose;
	x->opts.expand_low = expand_low;
	ck_assert_int_eq(renderer_find("text")->render(&x->rep, &sb), 0);
	return sbuf_detach(&sb, NULL);
}

/*
 * The grouped report of the interleaved findings, in each grouping; the
 * golden files hold what the report gave when each group was found by
 * reading every earlier finding.
 */
START_TEST(test_text_interleaved_golden)
{
	static const struct {
		const char *file;
		enum render_group g;
		bool verbose, expand_low;
	} cases[] = {
		{ "text-index-object.txt", RENDER_GROUP_OBJECT, false, false },
		{ "text-index-check.txt", RENDER_GROUP_CHECK, false, false },
		{ "text-index-technique.txt", RENDER_GROUP_TECHNIQUE, false,
		  false },
		{ "text-index-check-low.txt", RENDER_GROUP_CHECK, false, true },
		{ "text-index-object-verbose.txt", RENDER_GROUP_OBJECT, true,
		  false },
	};
	struct ixfx x;
	size_t i;

	ixfx_small(&x);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = render_text_with(&x, cases[i].g, cases[i].verbose,
					     cases[i].expand_low);

		golden_check(cases[i].file, out, strlen(out));
		free(out);
	}
	ixfx_release(&x);
}
END_TEST

/* What the small report must say, whatever the golden files hold. */
START_TEST(test_text_interleaved_groups)
{
	struct ixfx x;
	char *out;

	ixfx_small(&x);
	out = render_text_with(&x, RENDER_GROUP_OBJECT, false, false);
	/* o1: worst high, its checks once each in report order */
	ck_assert_ptr_nonnull(
	    strstr(out, "HIGH     Deployment ix/o000001: 6 findings: ix-high, "
			"ix-medium, ix-raised, ix-unmapped, ix-low\n"));
	/* o3: the suppressed one neither counted nor its check named twice */
	ck_assert_ptr_nonnull(strstr(out, "Deployment ix/o000003: 4 findings: "
					  "ix-high, ix-raised, ix-low\n"));
	ck_assert_ptr_nonnull(
	    strstr(out, "ix-low  7 findings on 5 objects: Low, counted\n"));
	/* one fix per check */
	ck_assert_ptr_nonnull(strstr(out, "ix-raised: Lower it.\n"));
	ck_assert_ptr_null(strstr(strstr(out, "ix-raised: Lower it.") + 1,
				  "ix-raised: Lower it."));
	free(out);
	out = render_text_with(&x, RENDER_GROUP_CHECK, false, false);
	/* ix-raised's medium findings under its one heading, before ix-high */
	ck_assert_ptr_nonnull(strstr(out, "ix-raised: Raised on some objects"));
	ck_assert_ptr_null(
	    strstr(strstr(out, "ix-raised: Raised") + 1, "ix-raised: Raised"));
	ck_assert(strstr(out, "ix-raised on o000003 in b") <
		  strstr(out, "ix-high: High everywhere"));
	free(out);
	ixfx_release(&x);
}
END_TEST

/* Occurrences of s in text. */
static size_t count(const char *text, const char *s)
{
	size_t n = 0;

	for (text = strstr(text, s); text; text = strstr(text + 1, s))
		n++;
	return n;
}

#define LARGE_OBJECTS 4000

/*
 * 22,000 findings on 4,000 objects: each object has ix-raised (critical
 * on every seventh, else medium), ix-high, ix-medium, two low ones and,
 * on odd objects, ix-unmapped.
 */
static void ixfx_large(struct ixfx *x)
{
	size_t i;

	ixfx_init(x, LARGE_OBJECTS);
	for (i = 0; i < LARGE_OBJECTS; i++) {
		ixfx_add(x, &ix_raised, i, NULL,
			 i % 7 ? SEV_MEDIUM : SEV_CRITICAL);
		ixfx_add(x, &ix_high, i, NULL, SEV_HIGH);
		ixfx_add(x, &ix_medium, i, NULL, SEV_MEDIUM);
		ixfx_add(x, &ix_low, i, "a", SEV_LOW);
		ixfx_add(x, &ix_low, i, "b", SEV_LOW);
		if (i % 2)
			ixfx_add(x, &ix_unmapped, i, NULL, SEV_MEDIUM);
	}
	ixfx_finish(x);
	ck_assert_uint_eq(x->f.n, 22000);
}

START_TEST(test_text_large)
{
	struct ixfx x;
	char *out;

	ixfx_large(&x);
	out = render_text_with(&x, RENDER_GROUP_OBJECT, false, false);
	ck_assert_ptr_nonnull(strstr(out, "22000 on 4000 objects"));
	/* worst: critical with six findings, the first of them in order */
	ck_assert_ptr_nonnull(
	    strstr(out, "  CRITICAL Deployment ix/o000007: 6 findings: "
			"ix-raised, ix-high, ix-medium, ix-unmapped, ix-low\n"
			"  CRITICAL Deployment ix/o000021: 6 findings:"));
	ck_assert_ptr_nonnull(strstr(out, "... and 3990 more objects below"));
	ck_assert_uint_eq(count(out, ": 6 findings, 2 low; ix.yaml:"), 2000);
	ck_assert_uint_eq(count(out, ": 5 findings, 2 low; ix.yaml:"), 2000);
	ck_assert_ptr_nonnull(
	    strstr(out, "ix-low  8000 findings on 4000 objects"));
	ck_assert_uint_eq(count(out, "ix-raised: Lower it."), 1);
	ck_assert_uint_eq(count(out, "ix-high: Fix the high one."), 1);
	free(out);

	out = render_text_with(&x, RENDER_GROUP_CHECK, false, false);
	ck_assert_uint_eq(count(out, "ix-raised: Raised on some objects"), 1);
	ck_assert_uint_eq(count(out, "ix-unmapped: Medium, not in the matrix"),
			  1);
	ck_assert_uint_eq(count(out, "    MEDIUM   ix-raised  "), 3428);
	ck_assert_uint_eq(count(out, "    CRITICAL ix-raised  "), 572);
	ck_assert_uint_eq(count(out, "    MEDIUM   ix-unmapped  "), 2000);
	free(out);

	out = render_text_with(&x, RENDER_GROUP_TECHNIQUE, false, true);
	ck_assert_uint_eq(count(out, "\n  MS-TA9018 "), 1);
	/* ix-high is filed under the first technique it names only */
	ck_assert_uint_eq(count(out, "\n  MS-TA9013 "), 1);
	ck_assert_uint_eq(count(out, "\n  MS-TA9005 "), 1);
	ck_assert_uint_eq(count(out, "\n  Not mapped to the matrix\n"), 1);
	ck_assert_uint_eq(count(out, "    LOW      ix-low  "), 8000);
	ck_assert(strstr(out, "Not mapped to the matrix") <
		  strstr(out, "ix-unmapped  Deployment ix/o000001"));
	free(out);
	ixfx_release(&x);
}
END_TEST

Suite *suite_render_index(void)
{
	Suite *s = suite_create("render_index");
	TCase *tc = tcase_create("render_index");

	tcase_add_test(tc, test_index_against_scan);
	tcase_add_test(tc, test_index_empty);
	tcase_add_test(tc, test_text_interleaved_golden);
	tcase_add_test(tc, test_text_interleaved_groups);
	tcase_add_test(tc, test_text_large);
	suite_add_tcase(s, tc);
	return s;
}
