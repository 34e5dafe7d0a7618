/*
 * Scale: a generated cluster of about 3000 objects, as one JSON List and as
 * a stream of YAML documents, scanned by the binary; the JSON report (less
 * its clock and command line) must hash to the digests in
 * testdata/golden/scale-3000.sha256.  The loader, the tree layout and the
 * indexes may change how a scan runs, never what it finds or where.
 *
 * Regenerate on purpose with THREATMAP_UPDATE_GOLDEN=1 make check when the
 * findings on the generated cluster change (a new check, say).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#define SCALE_N	      3000
#define SCALE_DIGESTS "testdata/golden/scale-3000.sha256"

static const char *build_dir(void)
{
	const char *b = getenv("THREATMAP_BUILD");

	return b && *b ? b : "build";
}

/* The generated inputs, made once per build directory. */
static void make_inputs(char *dir, size_t n)
{
	char cmd[2048];

	snprintf(dir, n, "%s/scale", build_dir());
	mkdir(dir, 0755);
	tu_need_tool("python3", "python3");
	snprintf(cmd, sizeof(cmd),
		 "test -s '%s/cluster.json' || { python3 tests/gen_cluster.py "
		 "%d > '%s/cluster.json.tmp' 2>/dev/null && "
		 "mv '%s/cluster.json.tmp' '%s/cluster.json'; }",
		 dir, SCALE_N, dir, dir, dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	snprintf(cmd, sizeof(cmd),
		 "test -s '%s/cluster.yaml' || { python3 tests/json2yaml.py "
		 "< '%s/cluster.json' > '%s/cluster.yaml.tmp' && "
		 "mv '%s/cluster.yaml.tmp' '%s/cluster.yaml'; }",
		 dir, dir, dir, dir, dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
}

/* Digest of the JSON report of a scan of dir/cluster.EXT. */
static char *report_digest(const char *dir, const char *ext)
{
	char cmd[2048], *out = NULL;
	int rc;

	/* relative names, so the report names the same file everywhere */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && '%s' scan -f cluster.%s --format json "
		 "-o report-%s.json 2>/dev/null; rc=$?; [ $rc -le 1 ] && "
		 "grep -v -e '\"generatedAt\":' -e '\"commandLine\":' "
		 "report-%s.json | sha256sum | cut -d' ' -f1",
		 dir, tu_bin(), ext, ext, ext);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "scan of %s/cluster.%s failed", dir, ext);
	ck_assert_ptr_nonnull(out);
	out[strcspn(out, "\n")] = '\0';
	ck_assert_uint_eq(strlen(out), 64);
	return out;
}

/* The digest recorded for ext ("json", "yaml"), or NULL. */
static char *recorded(const char *ext)
{
	char *all = tu_read_file(SCALE_DIGESTS, NULL), *p, *res = NULL;
	size_t el = strlen(ext);

	ck_assert_msg(all != NULL, "missing %s", SCALE_DIGESTS);
	for (p = all; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, ext, el) && p[el] == ' ') {
			res = strndup(p + el + 1, 64);
			break;
		}
	}
	free(all);
	return res;
}

static const char *const scale_exts[] = { "json", "yaml" };

START_TEST(test_scale_findings_unchanged)
{
	const char *upd = getenv("THREATMAP_UPDATE_GOLDEN");
	char dir[1024], *got[2], *want;
	size_t i;

	make_inputs(dir, sizeof(dir));
	for (i = 0; i < 2; i++)
		got[i] = report_digest(dir, scale_exts[i]);
	if (upd && *upd && strcmp(upd, "0")) {
		FILE *fp = fopen(SCALE_DIGESTS, "w");

		ck_assert_ptr_nonnull(fp);
		for (i = 0; i < 2; i++)
			fprintf(fp, "%s %s\n", scale_exts[i], got[i]);
		fclose(fp);
		fprintf(stderr, "updated %s\n", SCALE_DIGESTS);
	}
	for (i = 0; i < 2; i++) {
		want = recorded(scale_exts[i]);
		ck_assert_msg(want != NULL, "no %s digest in %s", scale_exts[i],
			      SCALE_DIGESTS);
		ck_assert_msg(!strcmp(want, got[i]),
			      "the report on the generated cluster (%s) "
			      "changed: %s/report-%s.json hashes to %s, "
			      "recorded %s",
			      scale_exts[i], dir, scale_exts[i], got[i], want);
		free(want);
		free(got[i]);
	}
}
END_TEST

/* The same objects as JSON and as YAML give the same findings. */
START_TEST(test_scale_yaml_matches_json)
{
	char dir[1024], cmd[2048], *out = NULL;

	make_inputs(dir, sizeof(dir));
	free(report_digest(dir, "json"));
	free(report_digest(dir, "yaml"));
	snprintf(
	    cmd, sizeof(cmd),
	    "cd '%s' && for e in json yaml; do "
	    "jq -c '[.findings[] | [.checkId, .object.kind, "
	    ".object.namespace, .object.name]]' report-$e.json "
	    "> ids-$e.json || exit 1; done; cmp ids-json.json ids-yaml.json"
	    " && jq length ids-json.json",
	    dir);
	tu_need_tool("jq", "jq");
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_gt(atoi(out), 1000);
	free(out);
}
END_TEST

Suite *suite_scale(void)
{
	Suite *s = suite_create("scale");
	TCase *tc = tcase_create("generated");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_scale_findings_unchanged);
	tcase_add_test(tc, test_scale_yaml_matches_json);
	suite_add_tcase(s, tc);
	return s;
}
