/*
 * A finding's fix (the field to change and the corrected fragment) in
 * every report format that has a place for it: JSON, SARIF (the result's
 * property bag) and Markdown (the Fix column); the fragment of a
 * container sits under the list the container is in.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "testutil.h"

#define PODS "testdata/fixes/containers.yaml"

/* The binary's report of PODS (privileged-container only) as a tree. */
static yajl_val report(const char *format)
{
	char *out, err[256];
	yajl_val v;
	int rc;

	rc = tu_runf(&out,
		     "scan -f " PODS " --checks privileged-container "
		     "--format %s 2>/dev/null",
		     format);
	ck_assert_msg(rc == 1, "exit %d: %.1500s", rc, out);
	v = yajl_tree_parse(out, err, sizeof(err));
	ck_assert_msg(v != NULL, "%s: %.1500s", err, out);
	free(out);
	return v;
}

/* Member p1.p2.p3 of v (p2, p3 may be NULL), or NULL. */
static yajl_val get(yajl_val v, const char *p1, const char *p2, const char *p3)
{
	const char *path[] = { p1, p2, p3, NULL };

	return yajl_tree_get(v, path, yajl_t_any);
}

static const char *str(yajl_val v, const char *p1, const char *p2,
		       const char *p3)
{
	return YAJL_GET_STRING(get(v, p1, p2, p3));
}

/* The one element of array arr whose member key is value. */
static yajl_val find(yajl_val arr, const char *key, const char *value)
{
	yajl_val hit = NULL;
	size_t i;

	ck_assert(YAJL_IS_ARRAY(arr));
	for (i = 0; i < arr->u.array.len; i++) {
		const char *s = str(arr->u.array.values[i], key, NULL, NULL);

		if (s && !strcmp(s, value)) {
			ck_assert_msg(!hit, "two with %s", value);
			hit = arr->u.array.values[i];
		}
	}
	ck_assert_msg(hit != NULL, "none with %s", value);
	return hit;
}

static const struct {
	const char *container, *path, *yaml;
} want[] = {
	{ "api", "spec.containers[0]",
	  "containers:\n  - name: api\n    securityContext:\n"
	  "      privileged: false\n" },
	{ "setup", "spec.initContainers[0]",
	  "initContainers:\n  - name: setup\n    securityContext:\n"
	  "      privileged: false\n" },
	{ "debugger", "spec.ephemeralContainers[0]",
	  "ephemeralContainers:\n  - name: debugger\n    securityContext:\n"
	  "      privileged: false\n" },
};

START_TEST(test_json_fix_under_its_list)
{
	yajl_val v = report("json");
	yajl_val fd = find(get(v, "findings", NULL, NULL), "container",
			   want[_i].container);

	ck_assert_str_eq(str(fd, "fix", "path", NULL), want[_i].path);
	ck_assert_str_eq(str(fd, "fix", "yaml", NULL), want[_i].yaml);
	yajl_tree_free(v);
}
END_TEST

START_TEST(test_sarif_fix_in_properties)
{
	yajl_val v = report("sarif"), res = NULL, arr;
	size_t i;

	arr = get(v, "runs", NULL, NULL);
	ck_assert(YAJL_IS_ARRAY(arr) && arr->u.array.len == 1);
	arr = get(arr->u.array.values[0], "results", NULL, NULL);
	ck_assert(YAJL_IS_ARRAY(arr));
	/* the result whose evidence lies in the container's list */
	for (i = 0; i < arr->u.array.len && !res; i++) {
		yajl_val ev =
		    get(arr->u.array.values[i], "properties", "evidence", NULL);
		const char *p =
		    YAJL_IS_ARRAY(ev) && ev->u.array.len
			? str(ev->u.array.values[0], "path", NULL, NULL)
			: NULL;

		if (p && !strncmp(p, want[_i].path, strlen(want[_i].path)))
			res = arr->u.array.values[i];
	}
	ck_assert_msg(res != NULL, "no result at %s", want[_i].path);
	ck_assert_str_eq(str(res, "properties", "fix", "path"), want[_i].path);
	ck_assert_str_eq(str(res, "properties", "fix", "yaml"), want[_i].yaml);
	yajl_tree_free(v);
}
END_TEST

START_TEST(test_markdown_fix_names_the_field)
{
	char *out, *row, *end, needle[80];
	int rc;

	rc = tu_runf(&out, "scan -f " PODS " --checks privileged-container "
			   "--format markdown 2>/dev/null");
	ck_assert_msg(rc == 1, "exit %d: %.1500s", rc, out);
	snprintf(needle, sizeof(needle), "container %s |", want[_i].container);
	row = strstr(out, needle);
	ck_assert_msg(row != NULL, "no row for %s: %.1500s", needle, out);
	end = strchr(row, '\n');
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	snprintf(needle, sizeof(needle), " At `%s`. |", want[_i].path);
	ck_assert_msg(strstr(row, needle), "%s not in %s", needle, row);
	free(out);
}
END_TEST

Suite *suite_fixes(void)
{
	Suite *s = suite_create("fixes");
	TCase *tc = tcase_create("fixes");
	int n = (int)(sizeof(want) / sizeof(*want));

	tcase_add_loop_test(tc, test_json_fix_under_its_list, 0, n);
	tcase_add_loop_test(tc, test_sarif_fix_in_properties, 0, n);
	tcase_add_loop_test(tc, test_markdown_fix_names_the_field, 0, n);
	suite_add_tcase(s, tc);
	return s;
}
