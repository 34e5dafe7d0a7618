/*
 * The reports as an auditor and a script read them, end to end through
 * the binary: every format counts the same findings, says what could not
 * be read, and keeps hostile input inert.
 */
#include <check.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "finding.h"
#include "render/renderers.h"
#include "report_fixture.h"
#include "sbuf.h"
#include "testutil.h"

#define DEMO "testdata/demo"

static yajl_val parse(const char *text)
{
	char err[256] = "";
	yajl_val v = yajl_tree_parse(text, err, sizeof(err));

	ck_assert_msg(v != NULL, "not JSON: %s", err);
	return v;
}

static long long num(yajl_val v, const char *a, const char *b, const char *c)
{
	const char *path[] = { a, b, c, NULL };
	yajl_val n = yajl_tree_get(v, path, yajl_t_number);

	ck_assert_msg(n && YAJL_IS_INTEGER(n), "no number at %s.%s.%s", a,
		      b ? b : "", c ? c : "");
	return YAJL_GET_INTEGER(n);
}

/* The scan's output in one format on standard output (stderr dropped). */
static char *scan_out(const char *args, const char *format, int *rc)
{
	char *out = NULL;

	*rc = tu_runf(&out,
		      "scan -R -f %s %s --report-date 2026-01-01 -o %s "
		      "2>/dev/null",
		      DEMO, args, format);
	ck_assert_ptr_nonnull(out);
	return out;
}

/* The shown findings of the JSON report, by severity. */
struct counts {
	long long findings, critical, high, medium, low, suppressed;
};

static void json_counts(const char *args, struct counts *c)
{
	int rc;
	char *out = scan_out(args, "json", &rc);
	yajl_val v = parse(out);

	c->findings = num(v, "summary", "findings", NULL);
	c->critical = num(v, "summary", "bySeverity", "critical");
	c->high = num(v, "summary", "bySeverity", "high");
	c->medium = num(v, "summary", "bySeverity", "medium");
	c->low = num(v, "summary", "bySeverity", "low");
	c->suppressed = num(v, "summary", "suppressed", NULL);
	yajl_tree_free(v);
	free(out);
}

/* A baseline that holds part of the demo's findings: those of shop. */
static char tmpdir[] = "/tmp/threatmap-report-audit-XXXXXX";
static char baseline[sizeof(tmpdir) + 16];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(baseline, sizeof(baseline), "%s/old.json", tmpdir);
	ck_assert_int_eq(tu_runf(NULL,
				 "scan -R -f %s -n shop -q -o json=%s "
				 "2>/dev/null",
				 DEMO, baseline),
			 1);
}

static void teardown(void)
{
	unlink(baseline);
	rmdir(tmpdir);
}

/*
 * With a baseline or a minimum severity, the score still counts every
 * finding; the reports' finding counts must be those of the findings they
 * list, the same in every format.  BASE stands for the baseline.
 */
static const char *const hiding_args[] = {
	"--min-severity high",
	"--baseline BASE",
	"--min-severity medium --baseline BASE",
};

/* hiding_args[i] with the baseline's path in place of BASE. */
static void args_of(size_t i, char *buf, size_t size)
{
	const char *a = hiding_args[i], *b = strstr(a, "BASE");

	if (b)
		snprintf(buf, size, "%.*s%s%s", (int)(b - a), a, baseline,
			 b + 4);
	else
		snprintf(buf, size, "%s", a);
}

START_TEST(test_counts_agree_when_findings_are_hidden)
{
	char args[256];
	struct counts c;
	char want[256], *out;
	const char *path[] = { "runs", NULL };
	yajl_val v, runs, results;
	int rc;

	args_of((size_t)_i, args, sizeof(args));
	json_counts(args, &c);
	ck_assert_msg(c.findings > 0, "%s: nothing left to count", args);

	out = scan_out(args, "markdown", &rc);
	snprintf(want, sizeof(want),
		 "**%lld finding%s** (%lld critical, %lld high, %lld medium, "
		 "%lld low)",
		 c.findings, c.findings == 1 ? "" : "s", c.critical, c.high,
		 c.medium, c.low);
	ck_assert_msg(strstr(out, want), "%s: markdown lacks \"%s\":\n%.400s",
		      args, want, out);
	free(out);

	out = scan_out(args, "html", &rc);
	snprintf(want, sizeof(want),
		 "<tr><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td>"
		 "<td>%lld</td>",
		 c.critical, c.high, c.medium, c.low, c.suppressed);
	ck_assert_msg(strstr(out, want), "%s: HTML summary lacks %s", args,
		      want);
	free(out);

	out = scan_out(args, "sarif", &rc);
	v = parse(out);
	runs = yajl_tree_get(v, path, yajl_t_array);
	ck_assert_msg(runs && YAJL_GET_ARRAY(runs)->len == 1, "one run");
	{
		const char *rp[] = { "results", NULL };
		const char *pp[] = { "properties", "findings", NULL };
		yajl_val run = YAJL_GET_ARRAY(runs)->values[0];
		yajl_val n = yajl_tree_get(run, pp, yajl_t_number);

		results = yajl_tree_get(run, rp, yajl_t_array);
		ck_assert_ptr_nonnull(results);
		ck_assert_ptr_nonnull(n);
		ck_assert_int_eq((long long)YAJL_GET_ARRAY(results)->len,
				 c.findings + c.suppressed);
		ck_assert_int_eq(YAJL_GET_INTEGER(n), c.findings);
	}
	yajl_tree_free(v);
	free(out);
}
END_TEST

/* Write text to dir/name; the path into path. */
static void put(char *path, size_t size, const char *dir, const char *name,
		const char *text)
{
	FILE *fp;

	snprintf(path, size, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fputs(text, fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
}

/*
 * A file that cannot be read is an input error: every format names it,
 * the PR comment and the CI dashboard too, since the findings of a
 * partial scan must not read as complete.
 */
START_TEST(test_input_errors_in_every_format)
{
	static const char *const formats[] = { "text",	   "json", "sarif",
					       "markdown", "html", "junit" };
	char good[sizeof(tmpdir) + 32], bad[sizeof(tmpdir) + 32];
	size_t i;

	put(good, sizeof(good), tmpdir, "good.yaml",
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
	    "spec:\n  containers:\n  - name: c\n    image: nginx:1.25\n"
	    "    securityContext: {privileged: true}\n");
	put(bad, sizeof(bad), tmpdir, "bad|`x`.yaml",
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n");
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *out = NULL;
		int rc = tu_runf(&out, "scan -f %s -f '%s' -o %s 2>/dev/null",
				 good, bad, formats[i]);

		ck_assert_msg(rc == 3, "%s: exit %d, want 3", formats[i], rc);
		ck_assert_msg(strstr(out, "bad"),
			      "%s names no input error:\n%.300s", formats[i],
			      out);
		if (!strcmp(formats[i], "markdown")) {
			/* escaped, and ahead of the findings */
			char *e = strstr(out, "### Input errors");

			ck_assert_ptr_nonnull(e);
			ck_assert_ptr_nonnull(
			    strstr(out, "bad\\|\\`x\\`.yaml:"));
			ck_assert_ptr_nonnull(strstr(out, "1 input error"));
			ck_assert_msg(e < strstr(out, "### Findings"),
				      "input errors after the findings");
		}
		if (!strcmp(formats[i], "junit")) {
			ck_assert_ptr_nonnull(strstr(
			    out,
			    "<property name=\"inputErrors\" value=\"1\"/>"));
			ck_assert_ptr_nonnull(strstr(out, "<system-err>"));
		}
		free(out);
	}
	unlink(good);
	unlink(bad);
}
END_TEST

/*
 * A pull-request comment cut at GitHub's limit still says which checks
 * could not see what they need: those rows come before the findings.
 */
START_TEST(test_markdown_keeps_not_visible_when_truncated)
{
	struct sbuf out = SBUF_INIT;
	const struct kobj *o;
	const char *nv;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	o = fx_find(&x, "Deployment", "shop", "web");
	for (i = 0; i < 3000; i++)
		finding_add(&x.f, &fx_check_priv, o, NULL, "finding %zu", i);
	findings_finish(&x.f);
	fx_score(&x);
	ck_assert_int_eq(renderer_find("markdown")->render(&x.rep, &out), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "> **Truncated:** "));
	nv = strstr(out.buf, "- `test-list-secrets` (not-visible): could not "
			     "list Secret\n");
	ck_assert_msg(nv != NULL, "not-visible check cut from the comment");
	ck_assert_ptr_nonnull(strstr(out.buf, "### Findings"));
	ck_assert(nv < strstr(out.buf, "### Findings"));
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/*
 * JUnit: a check that saw only part of its input says so in its test
 * case; a bare pass would read as a full one on a CI dashboard.
 */
START_TEST(test_junit_partial_check_says_so)
{
	char *out = NULL, *tc, *end;

	ck_assert_int_eq(tu_runf(&out, "scan -f testdata/demo/10-shop.yaml "
				       "-o junit 2>/dev/null"),
			 1);
	tc = strstr(out, "name=\"app-credentials: ");
	ck_assert_msg(tc != NULL, "no app-credentials test case");
	end = strstr(tc, "</testcase>");
	ck_assert_ptr_nonnull(end);
	*end = 0;
	ck_assert_msg(strstr(tc, "<system-out>partial: no ConfigMap in the "
				 "input\n</system-out>"),
		      "partial pass without a note:\n%s", tc);
	ck_assert_ptr_null(strstr(tc, "<failure"));
	free(out);
}
END_TEST

Suite *suite_report_audit(void)
{
	Suite *s = suite_create("report_audit");
	TCase *tc = tcase_create("report_audit");

	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(
	    tc, test_counts_agree_when_findings_are_hidden, 0,
	    (int)(sizeof(hiding_args) / sizeof(hiding_args[0])));
	tcase_add_test(tc, test_input_errors_in_every_format);
	tcase_add_test(tc, test_markdown_keeps_not_visible_when_truncated);
	tcase_add_test(tc, test_junit_partial_check_says_so);
	suite_add_tcase(s, tc);
	return s;
}
