/*
 * Fleets: `scan --contexts` / `--all-contexts` against the test API server
 * (two contexts that work, one whose server is down) and `merge` of JSON
 * reports collected elsewhere.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apiserver.h"
#include "arena.h"
#include "diag.h"
#include "load/load.h"
#include "node.h"
#include "testutil.h"

#define ENV                                                                    \
	"env -u KUBECONFIG -u NO_COLOR -u KUBERNETES_SERVICE_HOST "            \
	"HOME=/nonexistent-threatmap-home "

/* printf into one of four rotating static buffers. */
static const char *fmt(const char *f, ...)
    __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char bufs[4][1024];
	static unsigned k;
	char *b = bufs[k++ % 4];
	va_list ap;

	va_start(ap, f);
	vsnprintf(b, sizeof(bufs[0]), f, ap);
	va_end(ap);
	return b;
}

/* The file at path as a tree (aborts the test when it is not JSON). */
static const struct node *json_file(struct arena *a, const char *path)
{
	struct diag d = { 0 };
	size_t n = 0;
	char *buf = tu_read_file(path, &n);
	const struct node *t;

	ck_assert_msg(buf != NULL, "missing %s", path);
	t = load_tree(a, path, buf, n, NULL, &d);
	ck_assert_msg(t != NULL, "%s: %s", path, d.msg);
	free(buf);
	return t;
}

static const struct node *cluster(const struct node *sum, const char *name)
{
	const struct node *arr = node_get(sum, "clusters");
	size_t i;

	for (i = 0; i < node_count(arr); i++)
		if (node_str_eq(node_get(node_at(arr, i), "name"), name))
			return node_at(arr, i);
	return NULL;
}

static long long num(const struct node *n, const char *path)
{
	long long v = -1;

	ck_assert_msg(node_int(node_path(n, path), &v), "no number at %s",
		      path);
	return v;
}

static const char *three_contexts(const struct srv *s, const char *dir)
{
	static char kc[700];

	snprintf(kc, sizeof(kc), "%s/kubeconfig.yaml", dir);
	write_filef(
	    kc,
	    "apiVersion: v1\nkind: Config\nclusters:\n"
	    "- name: ok\n  cluster:\n    server: https://localhost:%d\n"
	    "    certificate-authority: %s/ca.crt\n"
	    "- name: down\n  cluster:\n    server: https://localhost:1\n"
	    "    certificate-authority: %s/ca.crt\n"
	    "users:\n- name: admin\n  user:\n    token: admin-token\n"
	    "contexts:\n"
	    "- name: prod\n  context: {cluster: ok, user: admin}\n"
	    "- name: staging/eu\n  context: {cluster: ok, user: admin}\n"
	    "- name: broken\n  context: {cluster: down, user: admin}\n"
	    "current-context: prod\n",
	    s->port, live_certs, live_certs);
	return kc;
}

START_TEST(test_fleet_three_contexts_one_down)
{
	struct srv s;
	struct arena *a = arena_new();
	const char *dir, *kc;
	const struct node *sum, *prod, *staging, *broken;
	char *out = NULL;
	int rc;

	srv_start(&s, NULL);
	dir = live_dir("fleet");
	kc = three_contexts(&s, dir);
	rc = tu_shf(&out,
		    ENV
		    "'%s' scan --kubeconfig '%s' --all-contexts --parallel 2 "
		    "-o json='%s/fleet.json' -o html='%s/fleet.html' "
		    "-o sarif='%s/r.sarif' -o text 2>&1",
		    tu_bin(), kc, dir, dir, dir);
	srv_stop(&s);
	ck_assert_msg(rc == 3, "exit %d (a failed cluster is exit 3):\n%s", rc,
		      out);
	ck_assert_ptr_nonnull(strstr(out, "3 clusters, 1 failed"));
	ck_assert_ptr_nonnull(strstr(out, "context 'broken'"));
	ck_assert_ptr_null(strstr(out, "admin-token"));
	free(out);

	/* One report per cluster that answered, in every format asked. */
	prod = json_file(a, fmt("%s/fleet-prod.json", dir));
	ck_assert(node_str_eq(node_path(prod, "source.context"), "prod"));
	ck_assert(num(prod, "summary.findings") > 0);
	staging = json_file(a, fmt("%s/fleet-staging_eu.json", dir));
	ck_assert(
	    node_str_eq(node_path(staging, "source.context"), "staging/eu"));
	ck_assert(access(fmt("%s/r-prod.sarif", dir), R_OK) == 0);
	ck_assert(access(fmt("%s/fleet-prod.html", dir), R_OK) == 0);
	ck_assert(access(fmt("%s/r-broken.sarif", dir), R_OK) != 0);

	/* The summary agrees with the per-cluster reports. */
	sum = json_file(a, fmt("%s/fleet.json", dir));
	ck_assert(node_str_eq(node_get(sum, "kind"), "FleetSummary"));
	ck_assert_int_eq(num(sum, "totals.clusters"), 3);
	ck_assert_int_eq(num(sum, "totals.failed"), 1);
	ck_assert_ptr_nonnull(cluster(sum, "prod"));
	ck_assert_int_eq(num(cluster(sum, "prod"), "score"),
			 num(prod, "score.overall"));
	ck_assert_int_eq(num(cluster(sum, "prod"), "bySeverity.critical"),
			 num(prod, "summary.bySeverity.critical"));
	ck_assert_int_eq(num(cluster(sum, "staging/eu"), "findings"),
			 num(staging, "summary.findings"));
	ck_assert_int_eq(num(sum, "totals.findings"),
			 num(prod, "summary.findings") +
			     num(staging, "summary.findings"));
	broken = cluster(sum, "broken");
	ck_assert_ptr_nonnull(broken);
	ck_assert(node_str_eq(node_get(broken, "status"), "failed"));
	ck_assert_ptr_nonnull(
	    strstr(node_get_str(broken, "error"), "cannot reach"));
	out = tu_read_file(fmt("%s/fleet.html", dir), NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "staging/eu"));
	ck_assert_ptr_nonnull(strstr(out, "class=\"failed\""));
	free(out);
	arena_free(a);
}
END_TEST

START_TEST(test_fleet_contexts_list_and_errors)
{
	struct srv s;
	const char *dir, *kc;
	char *out = NULL;
	int rc;

	srv_start(&s, NULL);
	dir = live_dir("fleet2");
	kc = three_contexts(&s, dir);
	rc = tu_shf(&out,
		    ENV "'%s' scan --kubeconfig '%s' --contexts prod,prod "
			"--format json 2>/dev/null",
		    tu_bin(), kc);
	srv_stop(&s);
	ck_assert_msg(rc == 1, "exit %d (findings, no failure)", rc);
	ck_assert_ptr_nonnull(strstr(out, "\"clusters\": 1"));
	free(out);
	rc = tu_shf(&out, ENV "'%s' scan --contexts a --context b 2>&1",
		    tu_bin());
	ck_assert_int_eq(rc, 2);
	free(out);
	rc = tu_shf(&out, ENV "'%s' scan --contexts a --format sarif 2>&1",
		    tu_bin());
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "sarif=FILE"));
	free(out);
	rc = tu_shf(&out, ENV "'%s' scan --contexts a --parallel 0 2>&1",
		    tu_bin());
	ck_assert_int_eq(rc, 2);
	free(out);
}
END_TEST

START_TEST(test_merge_reports)
{
	struct arena *a = arena_new();
	const char *dir = live_dir("merge");
	const struct node *sum;
	char *out = NULL;
	int rc;

	ck_assert_int_eq(
	    tu_shf(NULL,
		   ENV
		   "'%s' scan -R -f testdata/demo -q -o json='%s/demo.json'; "
		   "'%s' scan -f testdata/cli/clean.yaml -q "
		   "-o json='%s/clean.json'; echo '{}' > '%s/bad.json'",
		   tu_bin(), dir, tu_bin(), dir, dir),
	    0);
	rc = tu_shf(&out,
		    ENV "'%s' merge eu='%s/demo.json' '%s/clean.json' "
			"'%s/bad.json' '%s/missing.json' --format json "
			"-o markdown='%s/fleet.md' 2>/dev/null",
		    tu_bin(), dir, dir, dir, dir, dir);
	ck_assert_int_eq(rc, 3);
	free(out);
	rc = tu_shf(NULL,
		    ENV "'%s' merge eu='%s/demo.json' '%s/clean.json' -q "
			"-o json='%s/sum.json'",
		    tu_bin(), dir, dir, dir);
	ck_assert_int_eq(rc, 0);
	sum = json_file(a, fmt("%s/sum.json", dir));
	ck_assert_int_eq(num(sum, "totals.clusters"), 2);
	ck_assert_int_eq(num(sum, "totals.failed"), 0);
	ck_assert_ptr_nonnull(cluster(sum, "eu"));
	ck_assert_ptr_nonnull(cluster(sum, "clean.json"));
	ck_assert_int_eq(num(cluster(sum, "clean.json"), "findings"), 0);
	{
		/* the summary's score is the report's own */
		const struct node *clean =
		    json_file(a, fmt("%s/clean.json", dir));

		ck_assert_int_eq(num(cluster(sum, "clean.json"), "score"),
				 num(clean, "score.overall"));
	}
	out = tu_read_file(fmt("%s/fleet.md", dir), NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "| eu |"));
	ck_assert_ptr_nonnull(strstr(out, "not a threatmap JSON report"));
	ck_assert_ptr_nonnull(strstr(out, "cannot open"));
	free(out);
	rc = tu_shf(&out, ENV "'%s' merge 2>&1", tu_bin());
	ck_assert_int_eq(rc, 2);
	free(out);
	arena_free(a);
}
END_TEST

Suite *suite_fleet(void)
{
	Suite *s = suite_create("fleet");
	TCase *tc = tcase_create("fleet");

	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fleet_three_contexts_one_down);
	tcase_add_test(tc, test_fleet_contexts_list_and_errors);
	tcase_add_test(tc, test_merge_reports);
	suite_add_tcase(s, tc);
	return s;
}
