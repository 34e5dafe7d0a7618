/*
 * The tree's layering: no two modules of lib/, checks/ or cmd/ depend on
 * each other, through headers or calls (tests/module-cycles.sh).  The
 * script must also catch a cycle, so each kind is planted in a small tree
 * of its own.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static char root[PATH_MAX];

/* The script, by absolute path: it runs inside the planted trees. */
static const char *script(void)
{
	static char path[PATH_MAX + 32];

	ck_assert_ptr_nonnull(getcwd(root, sizeof(root)));
	snprintf(path, sizeof(path), "%s/tests/module-cycles.sh", root);
	return path;
}

static const char *build_dir(void)
{
	const char *b = getenv("THREATMAP_BUILD");

	return b && *b ? b : "build";
}

START_TEST(test_layout_no_module_cycle)
{
	char *out = NULL;
	int rc =
	    tu_shf(&out, "sh tests/module-cycles.sh '%s' 2>&1", build_dir());

	ck_assert_msg(rc == 0, "modules depend on each other:\n%s", out);
	ck_assert_ptr_nonnull(strstr(out, "no cycle"));
	free(out);
}
END_TEST

/* A tree with lib/a.h and lib/b.h, each including the other. */
START_TEST(test_layout_include_cycle_caught)
{
	char dir[] = "/tmp/threatmap-layout-XXXXXX";
	const char *sh = script();
	char *out = NULL;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(tu_shf(NULL,
				"cd '%s' && mkdir lib && "
				"printf '#include \"b.h\"\\n' > lib/a.h && "
				"printf '#include \"a.h\"\\n' > lib/b.h && "
				"printf '#include \"a.h\"\\n' > lib/c.c",
				dir),
			 0);
	rc = tu_shf(&out, "cd '%s' && sh '%s' --includes 2>&1", dir, sh);
	ck_assert_msg(rc == 1, "exit %d:\n%s", rc, out);
	ck_assert_msg(strstr(out, "lib/a -> lib/b (include:b.h)") &&
			  strstr(out, "lib/b -> lib/a (include:a.h)"),
		      "cycle not named:\n%s", out);
	ck_assert_ptr_null(strstr(out, "lib/c ->"));
	free(out);
	tu_shf(NULL, "rm -rf '%s'", dir);
}
END_TEST

/* Two objects calling each other, with no include between them. */
START_TEST(test_layout_call_cycle_caught)
{
	char dir[] = "/tmp/threatmap-layout-XXXXXX";
	const char *sh = script();
	char *out = NULL;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(
	    tu_shf(NULL,
		   "cd '%s' && mkdir -p lib build/lib && "
		   "printf 'int y(int);\\nint x(int n) { return n ? y(n - 1) "
		   ": 0; }\\n' > lib/x.c && "
		   "printf 'int x(int);\\nint y(int n) { return x(n); }\\n' "
		   "> lib/y.c && "
		   "cc -c -o build/lib/x.o lib/x.c && "
		   "cc -c -o build/lib/y.o lib/y.c",
		   dir),
	    0);
	rc = tu_shf(&out, "cd '%s' && sh '%s' --includes 2>&1", dir, sh);
	ck_assert_msg(rc == 0, "headers alone have no cycle: %s", out);
	free(out);
	rc = tu_shf(&out, "cd '%s' && sh '%s' build 2>&1", dir, sh);
	ck_assert_msg(rc == 1, "exit %d:\n%s", rc, out);
	ck_assert_msg(strstr(out, "lib/x -> lib/y (call:y)") &&
			  strstr(out, "lib/y -> lib/x (call:x)"),
		      "cycle not named:\n%s", out);
	free(out);
	tu_shf(NULL, "rm -rf '%s'", dir);
}
END_TEST

/*
 * A private header joins the files that include it into one module:
 * lib/p.c and lib/p_more.c share lib/p_int.h, which includes lib/p.h.
 * That is one module, not a cycle; lib/q.h including p_int.h from
 * outside still closes one through p.
 */
START_TEST(test_layout_private_header_joins)
{
	char dir[] = "/tmp/threatmap-layout-XXXXXX";
	const char *sh = script();
	char *out = NULL;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(tu_shf(NULL,
				"cd '%s' && mkdir lib && "
				"printf '#include \"p_int.h\"\n' > lib/p.c && "
				"printf '#include \"p_int.h\"\n' > "
				"lib/p_more.c && "
				"printf '#include \"p.h\"\n' > lib/p_int.h && "
				"printf 'int p;\n' > lib/p.h",
				dir),
			 0);
	rc = tu_shf(&out, "cd '%s' && sh '%s' --includes 2>&1", dir, sh);
	ck_assert_msg(rc == 0, "exit %d:\n%s", rc, out);
	free(out);
	ck_assert_int_eq(tu_shf(NULL,
				"cd '%s' && printf '#include \"q.h\"\n' "
				">> lib/p.h && printf '#include \"p.h\"\n' > "
				"lib/q.h",
				dir),
			 0);
	rc = tu_shf(&out, "cd '%s' && sh '%s' --includes 2>&1", dir, sh);
	ck_assert_msg(rc == 1, "exit %d:\n%s", rc, out);
	ck_assert_msg(strstr(out, "lib/q -> lib/p"), "cycle not named:\n%s",
		      out);
	free(out);
	tu_shf(NULL, "rm -rf '%s'", dir);
}
END_TEST

Suite *suite_layout(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, test_layout_no_module_cycle);
	tcase_add_test(tc, test_layout_include_cycle_caught);
	tcase_add_test(tc, test_layout_call_cycle_caught);
	tcase_add_test(tc, test_layout_private_header_joins);
	suite_add_tcase(s, tc);
	return s;
}
