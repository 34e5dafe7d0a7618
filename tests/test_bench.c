/*
 * make bench stays out of make check, but its scripts must not rot: they
 * are syntax-checked, and the main one runs end to end at a tiny size.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

START_TEST(test_bench_scripts_parse)
{
	ck_assert_int_eq(tu_run("sh -n tests/bench.sh 2>&1", NULL), 0);
	ck_assert_int_eq(tu_run("sh -n tests/bench-rbac.sh 2>&1", NULL), 0);
	/* parsed, not run; nothing written next to the scripts */
	ck_assert_int_eq(
	    tu_run("python3 -c 'import sys\nfor f in sys.argv[1:]: "
		   "compile(open(f).read(), f, \"exec\")' tests/gen_bench.py "
		   "tests/gen_cluster.py tests/gen_rbac.py 2>&1",
		   NULL),
	    0);
}
END_TEST

/*
 * The same objects as JSON, as YAML and as JSON in `kubectl get all`
 * order (every workload before its controller): the same findings.
 */
START_TEST(test_generator_json_yaml_agree)
{
	char dir[256], cwd[1024], cmd[6144], *out = NULL;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(dir, sizeof(dir), "%s/threatmap-genb-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && python3 '%s/tests/gen_bench.py' 130 json > c.json "
		 "2> n.json && python3 '%s/tests/gen_bench.py' 130 yaml > "
		 "c.yaml 2> n.yaml && python3 '%s/tests/gen_bench.py' 130 json "
		 "kubectl > c.kget.json 2> n.kget && python3 "
		 "'%s/tests/gen_bench.py' 130 yaml kubectl > c.kgety.yaml 2> "
		 "n.kgety && cmp n.json n.yaml && cmp n.json n.kget && cmp "
		 "n.json n.kgety && cat n.json",
		 dir, cwd, cwd, cwd, cwd);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_str_eq(out, "objects 170\n");
	free(out);
	/* findings keyed without positions: check, object, message */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && for f in json yaml kget.json kgety.yaml; do '%s' "
		 "scan -f c.$f --format json -o r.$f; "
		 "grep -E '\"(checkId|message|name)\"' r.$f > k.$f; done; "
		 "cmp k.json k.yaml && cmp k.json k.kget.json && "
		 "cmp k.json k.kgety.yaml && wc -l < k.json",
		 dir, tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_int_gt(atoi(out), 100);
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
}
END_TEST

START_TEST(test_bench_smoke)
{
	char dir[256], cmd[2048], *out = NULL;

	snprintf(dir, sizeof(dir), "%s/threatmap-bench-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "TMPDIR='%s' BENCH_LIVE_SIZE=60 sh tests/bench.sh '%s' 60 "
		 "130 2>&1",
		 dir, tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	/* one row per tool and input, then the ratios */
	ck_assert_ptr_nonnull(strstr(out, "\nthreatmap  json       113 "));
	ck_assert_ptr_nonnull(strstr(out, "\nthreatmap  yaml       170 "));
	ck_assert_ptr_nonnull(strstr(out, "\nthreatmap  kget       170 "));
	ck_assert_ptr_nonnull(strstr(out, "\nthreatmap  kgety      170 "));
	ck_assert_ptr_nonnull(strstr(out, "\nthreatmap  dense "));
	ck_assert_ptr_nonnull(
	    strstr(out, "dense: threatmap JSON / json_verify"));
	ck_assert_ptr_nonnull(strstr(out, "dense: threatmap peak RSS"));
	ck_assert_ptr_nonnull(strstr(out, "the same, kubectl get all order"));
	ck_assert_ptr_nonnull(strstr(out, "the same, as YAML (kgety)"));
	ck_assert_ptr_nonnull(strstr(out, "threatmap JSON / json_verify"));
	ck_assert_ptr_nonnull(strstr(out, "jq / threatmap JSON"));
	ck_assert_ptr_nonnull(strstr(out, "json 113 -> 170 objects"));
	ck_assert_ptr_nonnull(strstr(out, "yaml 113 -> 170 objects"));
	ck_assert_ptr_nonnull(strstr(out, "  dense "));
	/* the parser floor and jq, or a clear word that they are missing */
	ck_assert(strstr(out, "\njson_verify json") ||
		  strstr(out, "json_verify not found"));
	ck_assert(strstr(out, "\njq         json") ||
		  strstr(out, "jq not found"));
	/* the live part: both rows, or why it did not run */
	ck_assert((strstr(out, "\nsnapshot   live") &&
		   strstr(out, "\nkubectl    live")) ||
		  strstr(out, "live: kubectl not found"));
	ck_assert_ptr_null(strstr(out, "bench:"));
	free(out);
	/* the inputs stay cached, the live one shared with the first size */
	snprintf(cmd, sizeof(cmd),
		 "ls '%s/threatmap-bench' | grep -c '^bench-[0-9]*\\.\\(json\\|"
		 "yaml\\)$'",
		 dir);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_str_eq(out, "4\n");
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
}
END_TEST

Suite *suite_bench(void)
{
	Suite *s = suite_create("bench");
	TCase *tc = tcase_create("bench");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bench_scripts_parse);
	tcase_add_test(tc, test_generator_json_yaml_agree);
	tcase_add_test(tc, test_bench_smoke);
	suite_add_tcase(s, tc);
	return s;
}
