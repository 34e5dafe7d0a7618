/*
 * test_docs.c - the generated reference pages are the committed ones.
 *
 * docs/checks.md and docs/matrix-coverage.md come from the check table and
 * the matrix (`kubectl-threatmap docs PAGE`); a check added or changed
 * without regenerating them fails here, with the command that fixes it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testutil.h"

static const struct {
	const char *page;
	const char *file;
} pages[] = {
	{ .page = "checks", .file = "docs/checks.md" },
	{ .page = "coverage", .file = "docs/matrix-coverage.md" },
};

/* Line number of the first difference between a and b (1-based). */
static size_t first_diff_line(const char *a, const char *b)
{
	size_t line = 1;

	for (; *a && *a == *b; a++, b++)
		if (*a == '\n')
			line++;
	return line;
}

START_TEST(test_page_is_current)
{
	char cmd[1024], *out = NULL, *committed;

	snprintf(cmd, sizeof(cmd), "%s docs %s", tu_bin(), pages[_i].page);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	committed = tu_read_file(pages[_i].file, NULL);
	ck_assert_msg(committed != NULL, "cannot read %s", pages[_i].file);
	ck_assert_msg(!strcmp(out, committed),
		      "%s is out of date (first difference at line %zu); "
		      "regenerate it: ./kubectl-threatmap docs %s > %s",
		      pages[_i].file, first_diff_line(out, committed),
		      pages[_i].page, pages[_i].file);
	free(committed);
	free(out);
}
END_TEST

/* Every check of the table has a section, so a new check cannot hide. */
START_TEST(test_checks_page_names_every_check)
{
	char cmd[1024], *out = NULL, *list = NULL, *line, *save = NULL;
	size_t n = 0;

	snprintf(cmd, sizeof(cmd), "%s docs checks", tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	snprintf(cmd, sizeof(cmd),
		 "%s checks | sed -n '2,/^$/p' | cut -d' ' -f1", tu_bin());
	ck_assert_int_eq(tu_run(cmd, &list), 0);
	for (line = strtok_r(list, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char head[256];

		snprintf(head, sizeof(head), "\n## %s\n", line);
		ck_assert_msg(strstr(out, head), "no section for %s", line);
		n++;
	}
	ck_assert_uint_gt(n, 0);
	free(list);
	free(out);
}
END_TEST

/*
 * Every need a check can declare has a name for the pages: a need with
 * kinds and no name printed "?" under "Needs:" in docs/checks.md.
 */
START_TEST(test_every_need_named)
{
	char cmd[1024], *out = NULL, *line, *save = NULL;
	unsigned bit;
	size_t named = 0;

	for (bit = 1; bit; bit <<= 1) {
		bool has_kinds = need_kinds(bit)[0] != NULL;
		bool has_name = strcmp(need_name(bit), "?") != 0;

		ck_assert_msg(has_kinds == has_name,
			      "need bit 0x%x: kinds %d, name '%s'", bit,
			      has_kinds, need_name(bit));
		named += has_name;
	}
	ck_assert_uint_ge(named, 14);
	snprintf(cmd, sizeof(cmd), "%s docs checks", tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "- **Needs:**", 12))
			ck_assert_msg(!strstr(line, "?"), "%s", line);
	free(out);
}
END_TEST

START_TEST(test_unknown_page)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s docs nothing 2>/dev/null", tu_bin());
	ck_assert_int_eq(tu_run(cmd, NULL), 2);
}
END_TEST

Suite *suite_docs(void)
{
	Suite *s = suite_create("docs");
	TCase *tc = tcase_create("docs");

	tcase_add_loop_test(tc, test_page_is_current, 0,
			    (int)(sizeof(pages) / sizeof(pages[0])));
	tcase_add_test(tc, test_checks_page_names_every_check);
	tcase_add_test(tc, test_every_need_named);
	tcase_add_test(tc, test_unknown_page);
	suite_add_tcase(s, tc);
	return s;
}
