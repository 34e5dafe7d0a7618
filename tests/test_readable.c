/*
 * Reports people read first: the text report of the demo cluster opens
 * with a summary that fits one screen, then every finding once with its
 * techniques and a fix, wrapped to the width; --group-by; the report date;
 * corrected YAML for container-level findings in JSON.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DEMO "-R -f testdata/demo --no-color --report-date 2026-01-10 "

/* The report alone: stderr is not part of what a reader sees. */
static const struct tu_run_opts quiet = { .err_to = "/dev/null" };

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Lines up to (not including) the first line starting with stop. */
static size_t lines_before(const char *s, const char *stop)
{
	const char *end = strstr(s, stop);
	size_t n = 0;

	ck_assert_ptr_nonnull(end);
	for (; s < end; s++)
		n += *s == '\n';
	return n;
}

/* Every line fits in width, unless it is one word after its indent. */
static void assert_wrapped(const char *s, unsigned width)
{
	while (*s) {
		size_t len = strcspn(s, "\n");

		if (len > width) {
			size_t lead = strspn(s, " ");
			const char *sp = memchr(s + lead, ' ', len - lead);

			ck_assert_msg(!sp, "line of %zu columns: %.*s", len,
				      (int)len, s);
		}
		s += len + (s[len] == '\n');
	}
}

START_TEST(test_summary_first)
{
	char *out = NULL;
	size_t findings;

	ck_assert_int_eq(tu_runf_opts(&out, &quiet, "scan " DEMO), 1);
	/* the summary, worst objects and attack paths come before details */
	ck_assert_ptr_nonnull(strstr(out, "\nSummary\n"));
	ck_assert(strstr(out, "\nSummary\n") <
		  strstr(out, "\nWorst findings, by object\n"));
	ck_assert(strstr(out, "\nWorst findings, by object\n") <
		  strstr(out, "\nAttack paths\n"));
	ck_assert(strstr(out, "\nAttack paths\n") <
		  strstr(out, "\nFindings by object"));
	/* one screen: a terminal of 50 rows shows all of it */
	ck_assert_uint_le(lines_before(out, "Findings by object"), 40);
	ck_assert_ptr_nonnull(strstr(out, "(higher is better"));
	ck_assert_ptr_null(strstr(out, "(details under"));
	assert_wrapped(out, 100);
	free(out);
	/* --verbose: each finding in full once, one place and one fix each */
	ck_assert_int_eq(tu_runf_opts(&out, &quiet, "scan " DEMO "--verbose"),
			 1);
	findings = count(out, "\n      at ");
	ck_assert_uint_gt(findings, 20);
	ck_assert_uint_eq(count(out, "\n      fix: "), findings);
	ck_assert_uint_eq(count(out, "\n      techniques: "), findings);
	ck_assert_ptr_null(strstr(out, "(details under"));
	assert_wrapped(out, 100);
	free(out);
}
END_TEST

START_TEST(test_wrapped_to_terminal)
{
	const struct tu_run_opts narrow = { .env = "COLUMNS=72",
					    .err_to = "/dev/null" };
	char *out = NULL;

	ck_assert_int_eq(tu_runf_opts(&out, &narrow, "scan " DEMO), 1);
	assert_wrapped(out, 72);
	free(out);
}
END_TEST

START_TEST(test_group_by)
{
	char *out = NULL;

	ck_assert_int_eq(
	    tu_runf_opts(&out, &quiet, "scan " DEMO "--group-by object"), 1);
	ck_assert_ptr_nonnull(strstr(out, "\nFindings by object ("));
	ck_assert_ptr_nonnull(
	    strstr(out, "\n  DaemonSet monitoring/log-collector: "));
	free(out);
	ck_assert_int_eq(
	    tu_runf_opts(&out, &quiet, "scan " DEMO "--group-by technique"), 1);
	ck_assert_ptr_nonnull(strstr(out, "\nFindings by technique ("));
	ck_assert_ptr_nonnull(strstr(out, "\n  MS-TA9018 "));
	free(out);
	ck_assert_int_eq(
	    tu_runf_opts(&out, &quiet, "scan " DEMO "--group-by check"), 1);
	ck_assert_ptr_nonnull(strstr(out, "\nFindings by check ("));
	ck_assert_ptr_nonnull(strstr(out, "\n  privileged-container: "));
	free(out);
	ck_assert_int_eq(
	    tu_runf_opts(&out, &quiet, "scan " DEMO "--group-by tactic"), 2);
	free(out);
}
END_TEST

/* The clock is read in cmd/; --report-date makes reports reproducible. */
START_TEST(test_report_date)
{
	char *a = NULL, *b = NULL;

	ck_assert_int_eq(tu_runf_opts(&a, &quiet,
				      "scan " DEMO "-o json | jq -r "
				      ".generatedAt"),
			 0);
	ck_assert_str_eq(a, "2026-01-10T00:00:00Z\n");
	free(a);
	tu_runf_opts(&a, &quiet,
		     "scan -R -f testdata/demo -o json | jq -r .generatedAt");
	ck_assert_msg(strlen(a) == 21 && a[10] == 'T' && a[19] == 'Z', "%s", a);
	free(a);
	tu_runf_opts(&a, &quiet, "scan " DEMO "-o html");
	tu_runf_opts(&b, &quiet, "scan " DEMO "-o html");
	ck_assert_str_eq(a, b);
	ck_assert_ptr_nonnull(strstr(a, "2026-01-10"));
	free(a);
	free(b);
	ck_assert_int_eq(
	    tu_runf_opts(&a, &quiet, "scan " DEMO "--report-date yesterday"),
	    2);
	free(a);
}
END_TEST

/* Container-level findings carry a corrected fragment in JSON. */
START_TEST(test_json_fix)
{
	char *out = NULL;

	ck_assert_msg(tu_run("command -v jq >/dev/null", NULL) == 0,
		      "jq is needed to check the JSON report");
	ck_assert_int_eq(
	    tu_runf_opts(
		&out, &quiet,
		"scan " DEMO "-o json | jq -en 'input | [.findings[] | "
		"select(.checkId == \"privileged-container\")] | length > 0 "
		"and all(.fix.yaml | test(\"name: [a-z-]+\\n    "
		"securityContext:\\n      privileged: false\\n\"))' "
		">/dev/null"),
	    0);
	free(out);
	/* a fragment placed in a container sits at that container's path */
	ck_assert_int_eq(
	    tu_runf_opts(&out, &quiet,
			 "scan " DEMO
			 "-o json | jq -en 'input | [.findings[] | "
			 "select(.fix.yaml // \"\" | "
			 "test(\"^(init)?[cC]ontainers:\\n  - name: \"))] "
			 "| length > 20 and all(.fix.path | "
			 "test(\"[cC]ontainers\\\\[[0-9]+\\\\]$\"))'"
			 " >/dev/null"),
	    0);
	free(out);
	/* every finding of the demo names the field its fix goes to */
	ck_assert_int_eq(
	    tu_runf_opts(&out, &quiet,
			 "scan " DEMO
			 "-o json | jq -en 'input | all(.findings[]; "
			 ".fix.path | type == \"string\")' >/dev/null"),
	    0);
	free(out);
}
END_TEST

/* The HTML heat map: intensity by severity and count, links, contents. */
START_TEST(test_html_report)
{
	char *out = NULL;
	const char *p;

	ck_assert_int_eq(tu_runf_opts(&out, &quiet, "scan " DEMO "-o html"), 1);
	/* a scale of five exposure levels, used by the demo's techniques */
	ck_assert_ptr_nonnull(strstr(out, "<td class=\"x5\""));
	ck_assert_ptr_nonnull(strstr(out, "<td class=\"x2\""));
	ck_assert_ptr_null(strstr(out, "td.exposed{"));
	/* every cell link has its target, every finding link too */
	for (p = strstr(out, "href=\"#"); p; p = strstr(p + 1, "href=\"#")) {
		char id[128];
		size_t n = strcspn(p + 7, "\"");

		ck_assert_uint_lt(n, sizeof(id) - 8);
		snprintf(id, sizeof(id), "id=\"%.*s\"", (int)n, p + 7);
		ck_assert_msg(strstr(out, id) != NULL, "no target %s", id);
	}
	ck_assert_ptr_nonnull(strstr(out, "<nav><b>Contents</b>"));
	ck_assert_ptr_nonnull(strstr(out, "Report of 2026-01-10T00:00:00Z"));
	/* check ids do not break inside a word */
	ck_assert_ptr_nonnull(strstr(out, "code.id{white-space:nowrap"));
	ck_assert_ptr_nonnull(
	    strstr(out, "<code class=\"id\">privileged-container</code>"));
	ck_assert_ptr_null(strstr(out, "word-break:break-all"));
	/* fingerprints only when asked */
	ck_assert_ptr_null(strstr(out, "fingerprint <code>"));
	free(out);
	ck_assert_int_eq(tu_runf_opts(&out, &quiet,
				      "scan " DEMO
				      "--show-fingerprints -o html"),
			 1);
	ck_assert_ptr_nonnull(strstr(out, "fingerprint <code>"));
	free(out);
}
END_TEST

/* Markdown: a technique column and a fix, under GitHub's comment limit. */
START_TEST(test_markdown_columns)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf_opts(&out, &quiet, "scan " DEMO "-o markdown"),
			 1);
	ck_assert_ptr_nonnull(strstr(out,
				     "| Severity | Check | Techniques | "
				     "Object | Finding | Fix | Location |"));
	ck_assert_ptr_nonnull(strstr(out, " | MS-TA9018 | "));
	ck_assert_uint_lt(strlen(out), 65536);
	free(out);
}
END_TEST

Suite *suite_readable(void)
{
	Suite *s = suite_create("readable");
	TCase *tc = tcase_create("readable");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_summary_first);
	tcase_add_test(tc, test_wrapped_to_terminal);
	tcase_add_test(tc, test_group_by);
	tcase_add_test(tc, test_report_date);
	tcase_add_test(tc, test_json_fix);
	tcase_add_test(tc, test_html_report);
	tcase_add_test(tc, test_markdown_columns);
	suite_add_tcase(s, tc);
	return s;
}
