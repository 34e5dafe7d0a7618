/*
 * Objects kept under a made-up name (generateName + "*") are named in
 * every report, where the other notes on what could not be seen are, and
 * not only on standard error.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define UNNAMED "testdata/loader/generate-name.yaml"
#define NOTE	"Pod without metadata.name: named 'debug-*' after its generateName"

static const struct {
	const char *format;
	const char *expect[3]; /* substrings of standard output */
} formats[] = {
	{ "json",
	  { "\"warnings\": [\n    {\n      \"file\": \"" UNNAMED "\"",
	    "\"code\": \"schema\"", "\"message\": \"" NOTE "\"" } },
	{ "sarif",
	  { "\"level\": \"warning\"", "\"text\": \"" UNNAMED ":5:3: " NOTE "\"",
	    NULL } },
	{ "text", { "Input warnings (1)", UNNAMED ":5:3: " NOTE, NULL } },
	{ "html",
	  { "<h3>Input warnings</h3>", "named &#39;debug-*&#39;", NULL } },
	{ "markdown", { "### Input warnings", "debug-\\*", NULL } },
};

START_TEST(test_unnamed_in_report)
{
	char cmd[1024], *out = NULL;
	size_t k;

	snprintf(cmd, sizeof(cmd),
		 "%s scan -f %s -o %s --color never "
		 "2>/dev/null",
		 tu_bin(), UNNAMED, formats[_i].format);
	ck_assert_int_eq(tu_run(cmd, &out), 1);
	for (k = 0; k < 3 && formats[_i].expect[k]; k++)
		ck_assert_msg(strstr(out, formats[_i].expect[k]),
			      "%s report lacks '%s'", formats[_i].format,
			      formats[_i].expect[k]);
	free(out);
}
END_TEST

/*
 * Named objects, each defined once, give no warning: no list, no section.
 */
START_TEST(test_named_no_warning)
{
	char cmd[1024], *out = NULL;

	snprintf(
	    cmd, sizeof(cmd),
	    "%s scan -f testdata/checks/privileged-container/fire -R -o json "
	    "2>/dev/null",
	    tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 1);
	ck_assert_ptr_null(strstr(out, "\"warnings\""));
	free(out);
	snprintf(
	    cmd, sizeof(cmd),
	    "%s scan -f testdata/checks/privileged-container/fire -R -o text "
	    "--color never 2>/dev/null",
	    tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 1);
	ck_assert_ptr_null(strstr(out, "Input warnings"));
	free(out);
}
END_TEST

Suite *suite_catalog_notes(void)
{
	Suite *s = suite_create("catalog_notes");
	TCase *tc = tcase_create("warnings");

	tcase_add_loop_test(tc, test_unnamed_in_report, 0,
			    (int)(sizeof(formats) / sizeof(formats[0])));
	tcase_add_test(tc, test_named_no_warning);
	suite_add_tcase(s, tc);
	return s;
}
