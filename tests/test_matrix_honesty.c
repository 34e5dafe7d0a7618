/*
 * The matrix data and the reports agree on what configuration can judge:
 * runtime and cloud techniques carry a line on what would reveal them,
 * `matrix` prints it, and the HTML heat map marks exactly those techniques
 * "not judgeable from configuration", whichever checks ran.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"
#include "testutil.h"

START_TEST(test_reveal_data)
{
	size_t i;

	for (i = 0; i < mx_ntechniques; i++) {
		const struct mx_technique *t = &mx_techniques[i];

		if (matrix_judgeable(t))
			ck_assert_msg(t->reveal == NULL,
				      "%s is judgeable but has a reveal line",
				      t->id);
		else
			ck_assert_msg(
			    t->reveal && strlen(t->reveal) > 20,
			    "%s (%s) says nothing on what reveals it", t->id,
			    matrix_observability_name(t->observability));
	}
	/* the clear-container-logs judgement is settled, not uncertain */
	ck_assert_int_eq(matrix_technique("MS-TA9021")->observability,
			 MX_OBS_PARTIAL);
}
END_TEST

START_TEST(test_matrix_prints_reveal)
{
	char cmd[512], *out = NULL;
	size_t i;

	snprintf(cmd, sizeof(cmd), "%s matrix", tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_null(strstr(out, "partial?"));
	for (i = 0; i < mx_ntechniques; i++)
		if (!matrix_judgeable(&mx_techniques[i]))
			ck_assert_msg(strstr(out, mx_techniques[i].reveal),
				      "matrix lacks the reveal line of %s",
				      mx_techniques[i].id);
	free(out);
}
END_TEST

/*
 * Class of every heat-map cell of technique id in the HTML matrix table;
 * fails when a cell disagrees with want_judgeable.
 */
static void cells_agree(const char *html, const struct mx_technique *t,
			const char *run)
{
	const char *table = strstr(html, "<table class=\"matrix\">");
	const char *end = table ? strstr(table, "</table>") : NULL;
	char tag[32];
	const char *p;
	size_t seen = 0;

	ck_assert_msg(table && end, "%s: no matrix table", run);
	snprintf(tag, sizeof(tag), "<b>%s</b>", t->id);
	for (p = strstr(table, tag); p && p < end; p = strstr(p + 1, tag)) {
		const char *td = p, *cls;
		bool nj;

		while (td > table && strncmp(td, "<td class=\"", 11))
			td--;
		cls = td + 11;
		nj = !strncmp(cls, "not-judgeable\"", 14);
		ck_assert_msg(nj == !matrix_judgeable(t),
			      "%s: %s (%s) is in a '%.14s' cell", run, t->id,
			      matrix_observability_name(t->observability), cls);
		if (nj)
			ck_assert_msg(strstr(td, "revealed by") &&
					  strstr(td, "revealed by") < p,
				      "%s: %s cell has no reveal line", run,
				      t->id);
		seen++;
	}
	ck_assert_msg(seen > 0, "%s: %s not in the heat map", run, t->id);
}

static const char *const runs[] = {
	"scan -R -f testdata/demo --format html",
	"scan -R -f testdata/demo --format html --checks app-credentials",
	/* findings mapped to MS-TA9020 (cloud) leave it not judgeable */
	"scan -R -f testdata/checks/cloud-credentials-mounted/fire --format "
	"html",
};

START_TEST(test_html_agrees_with_matrix)
{
	char cmd[512], *out = NULL;
	size_t i;
	int rc;

	snprintf(cmd, sizeof(cmd), "%s %s", tu_bin(), runs[_i]);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0 || rc == 1, "%s: exit %d", cmd, rc);
	for (i = 0; i < mx_ntechniques; i++)
		cells_agree(out, &mx_techniques[i], runs[_i]);
	free(out);
}
END_TEST

/* text names them and points to `explain`, to stay within 80 columns */
static const char *const formats[] = {
	"json", "sarif", "html", "markdown", "junit",
};

/* Every report lists each not judgeable technique with its reveal line. */
START_TEST(test_every_report_says_what_reveals)
{
	char cmd[512], *out = NULL;
	size_t i;
	int rc;

	snprintf(cmd, sizeof(cmd), "%s scan -R -f testdata/demo --format %s",
		 tu_bin(), formats[_i]);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0 || rc == 1, "%s: exit %d", cmd, rc);
	for (i = 0; i < mx_ntechniques; i++)
		if (!matrix_judgeable(&mx_techniques[i]))
			ck_assert_msg(strstr(out, mx_techniques[i].reveal),
				      "%s: no reveal line for %s", formats[_i],
				      mx_techniques[i].id);
	free(out);
}
END_TEST

Suite *suite_matrix_honesty(void)
{
	Suite *s = suite_create("matrix_honesty");
	TCase *tc = tcase_create("data");

	tcase_add_test(tc, test_reveal_data);
	tcase_add_test(tc, test_matrix_prints_reveal);
	suite_add_tcase(s, tc);
	tc = tcase_create("html");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_html_agrees_with_matrix, 0,
			    (int)(sizeof(runs) / sizeof(*runs)));
	tcase_add_loop_test(tc, test_every_report_says_what_reveals, 0,
			    (int)(sizeof(formats) / sizeof(*formats)));
	suite_add_tcase(s, tc);
	return s;
}
