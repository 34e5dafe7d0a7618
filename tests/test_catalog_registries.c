/*
 * Trusted registries kept in a file: the parser (policy_load_registries),
 * the entry rules (image_trusted_entry_valid) and the scan options that
 * read them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "image.h"
#include "policy.h"
#include "testutil.h"

static const struct {
	const char *entry;
	bool ok;
	const char *why; /* substring of the reason, when not ok */
} entries[] = {
	{ "registry.example.com", true, NULL },
	{ "localhost:5000", true, NULL },
	{ "docker.io/library", true, NULL },
	{ "ghcr.io/acme/", true, NULL },
	{ "*.corp.example.com", true, NULL },
	{ "", false, "empty" },
	{ "https://ghcr.io", false, "scheme" },
	{ "ghcr.io, quay.io", false, "comma" },
	{ "/library", false, "no host" },
	{ "ghcr.io/acme/app:1.0", false, "tag" },
	{ "ghcr.io/acme/app@sha256:0123", false, "digest" },
	{ "ghcr.*.io", false, "'*'" },
	{ "*", false, "'*'" },
	{ "ghcr.io//acme", false, "empty path" },
};

START_TEST(test_entry_rules)
{
	const char *why = "unset";
	bool ok = image_trusted_entry_valid(entries[_i].entry, &why);

	ck_assert_msg(ok == entries[_i].ok, "'%s': %s", entries[_i].entry,
		      ok ? "accepted" : why);
	if (ok)
		ck_assert_ptr_null(why);
	else
		ck_assert_msg(strstr(why, entries[_i].why), "'%s': %s",
			      entries[_i].entry, why);
}
END_TEST

static const char **load_file(struct arena *a, const char *path, size_t *n,
			      struct diag *d)
{
	size_t len;
	char *buf = tu_read_file(path, &len);
	const char **v;

	ck_assert_ptr_nonnull(buf);
	v = policy_load_registries(a, path, buf, len, n, d);
	free(buf);
	return v;
}

START_TEST(test_file_ok)
{
	struct arena *a = arena_new();
	struct diag d = { 0 };
	size_t n = 99;
	const char **v =
	    load_file(a, "testdata/registries/trusted.yaml", &n, &d);
	struct image_ref r;

	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "registry.example.com");
	ck_assert_str_eq(v[2], "*.corp.example.com");
	ck_assert(image_parse("mirror.corp.example.com/nginx:1.27", &r));
	ck_assert(image_trusted(&r, v, n));
	ck_assert(image_parse("nginx:1.27", &r));
	ck_assert(!image_trusted(&r, v, n));
	v = load_file(a, "testdata/registries/empty.json", &n, &d);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(n, 0);
	arena_free(a);
}
END_TEST

static const struct {
	const char *file;
	unsigned line, col;
	const char *msg;
} bad[] = {
	{ "testdata/registries/bad-scheme.yaml", 3, 5,
	  "'https://ghcr.io/acme' is not a trusted registry: it has a "
	  "scheme" },
	{ "testdata/registries/bad-key.yaml", 2, 3,
	  "unknown key 'trustedRegistry' at the top level (expected "
	  "'trustedRegistries')" },
	{ "testdata/registries/bad-type.yaml", 3, 5,
	  "expected trustedRegistries[1] to be a string" },
};

START_TEST(test_file_bad)
{
	struct arena *a = arena_new();
	struct diag d = { 0 };
	size_t n = 99;

	ck_assert_ptr_null(load_file(a, bad[_i].file, &n, &d));
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(d.code, DIAG_CONFIG);
	ck_assert_str_eq(d.file, bad[_i].file);
	ck_assert_uint_eq(d.line, bad[_i].line);
	ck_assert_uint_eq(d.col, bad[_i].col);
	ck_assert_msg(strstr(d.msg, bad[_i].msg), "%s", d.msg);
	arena_free(a);
}
END_TEST

static int run_cli(const char *args, char **out)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", tu_bin(), args);
	return tu_run(cmd, out);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

START_TEST(test_cli_file)
{
	char *out = NULL, *both = NULL;

	ck_assert_int_eq(
	    run_cli(
		"scan -R -f testdata/demo --checks image-untrusted-registry "
		"-o json --trusted-registries-file "
		"testdata/registries/trusted.yaml",
		&out),
	    1);
	/* Docker Hub images are outside the file's list */
	ck_assert_ptr_nonnull(strstr(out, "docker.io"));
	ck_assert_uint_gt(
	    count(out, "\"checkId\": \"image-untrusted-registry\""), 0);
	/* the option adds to the file */
	ck_assert_int_eq(
	    run_cli(
		"scan -R -f testdata/demo --checks image-untrusted-registry "
		"-o json --trusted-registries-file "
		"testdata/registries/trusted.yaml --trusted-registries "
		"docker.io,quay.io,ghcr.io,gcr.io,registry.example",
		&both),
	    0);
	ck_assert_uint_eq(
	    count(both, "\"checkId\": \"image-untrusted-registry\""), 0);
	free(out);
	free(both);
}
END_TEST

START_TEST(test_cli_file_errors)
{
	char *out = NULL;

	ck_assert_int_eq(run_cli("scan -f testdata/demo -R "
				 "--trusted-registries-file "
				 "testdata/registries/bad-scheme.yaml",
				 &out),
			 3);
	ck_assert_ptr_nonnull(
	    strstr(out, "testdata/registries/bad-scheme.yaml:3:5: "
			"'https://ghcr.io/acme' is not a trusted registry"));
	free(out);
	ck_assert_int_eq(run_cli("scan -f testdata/demo -R "
				 "--trusted-registries-file "
				 "testdata/registries/missing.yaml",
				 &out),
			 3);
	ck_assert_ptr_nonnull(strstr(out, "missing.yaml"));
	free(out);
	/* the option's entries follow the same rules: a usage error */
	ck_assert_int_eq(run_cli("scan -f testdata/demo -R "
				 "--trusted-registries ghcr.io/acme/app:1.0",
				 &out),
			 2);
	ck_assert_ptr_nonnull(strstr(out, "it holds a tag"));
	free(out);
	ck_assert_int_eq(run_cli("scan --help", &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "--trusted-registries-file FILE"));
	free(out);
}
END_TEST

Suite *suite_catalog_registries(void)
{
	Suite *s = suite_create("catalog_registries");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_entry_rules, 0,
			    (int)(sizeof(entries) / sizeof(entries[0])));
	tcase_add_test(tc, test_file_ok);
	tcase_add_loop_test(tc, test_file_bad, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_add_test(tc, test_cli_file);
	tcase_add_test(tc, test_cli_file_errors);
	suite_add_tcase(s, tc);
	return s;
}
