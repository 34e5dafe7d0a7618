/*
 * Threads: a scan on one thread and on two (or three) writes the same
 * reports, byte for byte, in every format.  The binary runs on the demo,
 * the manifests and snapshot behind the golden reports, generated
 * clusters, and the real manifests of ../shared when they are there; and
 * findings_finish_threads() leaves the order findings_finish() leaves.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "checks/registry.h"
#include "finding.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

static const char *build_dir(void)
{
	const char *b = getenv("THREATMAP_BUILD");

	return b && *b ? b : "build";
}

/* The working directory (the source tree), for paths a scan in another
 * directory reads. */
static const char *cwd(void)
{
	static char buf[512];

	ck_assert_ptr_nonnull(getcwd(buf, sizeof(buf)));
	return buf;
}

/* Every report format, each to its own file in the current directory. */
#define ALL_OUTPUTS                                                            \
	"-o json=r.json -o sarif=r.sarif -o html=r.html "                      \
	"-o markdown=r.md -o junit=r.xml -o text=r.txt"

static const char *const report_files[] = {
	"r.json", "r.sarif", "r.html", "r.md", "r.xml", "r.txt",
};

/*
 * Scan input (the words after "scan": "-R -f DIR", "--snapshot DIR") in
 * directory dir with THREATMAP_THREADS=threads ("" for the default), keep
 * its reports and standard output under dir/tag/ and return its exit
 * status.
 */
static int scan_into(const char *dir, const char *tag, const char *threads,
		     const char *input)
{
	char env[64], sh[1024];
	struct tu_run_opts o = { .sh = sh, .env = env, .err_to = "/dev/null" };
	char *out = NULL;
	int rc;

	snprintf(env, sizeof(env), "THREATMAP_THREADS=%s", threads);
	snprintf(sh, sizeof(sh), "cd '%s' && rm -rf '%s' && mkdir '%s' && ",
		 dir, tag, tag);
	/* the same directory and command line each time: SARIF and JSON
	 * name them */
	rc = tu_runf_opts(&out, &o,
			  "scan %s --report-date 2026-01-01 --no-color "
			  "--show-fingerprints " ALL_OUTPUTS
			  " -o text --verbose",
			  input);
	/* 3: input errors, reported with the findings */
	ck_assert_msg(rc == 0 || rc == 1 || rc == 3, "scan %s: exit %d", input,
		      rc);
	ck_assert_int_eq(
	    tu_shf(NULL,
		   "cd '%s' && mv r.json r.sarif r.html r.md r.xml r.txt '%s'/",
		   dir, tag),
	    0);
	{
		char path[1024];
		FILE *fp;

		snprintf(path, sizeof(path), "%s/%s/stdout", dir, tag);
		fp = fopen(path, "wb");
		ck_assert_ptr_nonnull(fp);
		fputs(out, fp);
		fclose(fp);
	}
	free(out);
	return rc;
}

/* Whether file name is the same under dir/a and dir/b. */
static void same_file(const char *dir, const char *a, const char *b,
		      const char *name, const char *input)
{
	char pa[1024], pb[1024];
	size_t na = 0, nb = 0;
	char *ta, *tb;

	snprintf(pa, sizeof(pa), "%s/%s/%s", dir, a, name);
	snprintf(pb, sizeof(pb), "%s/%s/%s", dir, b, name);
	ta = tu_read_file(pa, &na);
	tb = tu_read_file(pb, &nb);
	ck_assert_msg(ta && tb, "missing %s or %s", pa, pb);
	ck_assert_uint_gt(na, 100);
	ck_assert_msg(na == nb && !memcmp(ta, tb, na),
		      "%s of scan %s differs between %s and %s threads: "
		      "diff %s %s",
		      name, input, a, b, pa, pb);
	free(ta);
	free(tb);
}

/* One thread against two (and more), for input, in dir. */
static void compare_threads(const char *input, const char *const *more,
			    size_t nmore)
{
	char dir[512];
	size_t i, k;
	int rc1;

	snprintf(dir, sizeof(dir), "%s/threads", build_dir());
	mkdir(dir, 0755);
	rc1 = scan_into(dir, "1", "1", input);
	for (k = 0; k < nmore; k++) {
		const char *tag = *more[k] ? more[k] : "default";

		ck_assert_int_eq(scan_into(dir, tag, more[k], input), rc1);
		for (i = 0; i < sizeof(report_files) / sizeof(*report_files);
		     i++)
			same_file(dir, "1", tag, report_files[i], input);
		same_file(dir, "1", tag, "stdout", input);
	}
}

static const char *const two[] = { "2" };
static const char *const many[] = { "2", "3", "" };

START_TEST(test_threads_demo)
{
	char in[2200];

	snprintf(in, sizeof(in), "-R -f '%s/testdata/demo'", cwd());
	compare_threads(in, many, 3);
}
END_TEST

/* The inputs of the golden reports (tests/report_fixture.c). */
START_TEST(test_threads_golden_sets)
{
	const char *here = cwd();
	char in[2200];

	snprintf(in, sizeof(in), "-R -f '%s/testdata/reports/manifests'", here);
	compare_threads(in, two, 1);
	snprintf(in, sizeof(in),
		 "-R -f '%s/testdata/reports/manifests' --exceptions "
		 "'%s/testdata/reports/exceptions.yaml'",
		 here, here);
	compare_threads(in, two, 1);
	snprintf(in, sizeof(in), "--snapshot '%s/testdata/snapshots/demo'",
		 here);
	compare_threads(in, two, 1);
}
END_TEST

/*
 * Generated clusters large enough that the default is two threads on two
 * CPUs, and that fingerprints and sorting are split.
 */
START_TEST(test_threads_generated)
{
	static const char *const gen[] = {
		"python3 tests/gen_cluster.py 3000",
		"python3 tests/gen_bench.py 400 json",
	};
	char dir[512], path[1024], in[2200];

	tu_need_tool("python3", "python3");
	snprintf(dir, sizeof(dir), "%s/threads", build_dir());
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/gen%d.json", dir, _i);
	ck_assert_int_eq(tu_shf(NULL,
				"test -s '%s' || { %s > '%s.tmp' "
				"2>/dev/null && mv '%s.tmp' '%s'; }",
				path, gen[_i], path, path, path),
			 0);
	if (path[0] == '/')
		snprintf(in, sizeof(in), "-f '%s'", path);
	else
		snprintf(in, sizeof(in), "-f '%s/%s'", cwd(), path);
	compare_threads(in, many, 3);
}
END_TEST

START_TEST(test_threads_shared_real)
{
	const char *shared = tu_shared_dir();
	char in[2200];

	if (!shared) {
		tu_skip(__func__, "../shared is missing");
		return;
	}
	if (shared[0] == '/')
		snprintf(in, sizeof(in), "-R -f '%s/k8s-real'", shared);
	else
		snprintf(in, sizeof(in), "-R -f '%s/%s/k8s-real'", cwd(),
			 shared);
	compare_threads(in, two, 1);
}
END_TEST

/* Findings of the registry's checks on paths, finished on one thread. */
static struct scan *scan_findings(const char *path, struct findings *f)
{
	const char *p[1] = { path };
	struct scan *s = tu_scan_paths(p, 1);
	struct check_result *r;
	size_t n;

	s->threads = 1;
	findings_init(f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, f, &r, &n), 0);
	free(r);
	return s;
}

/*
 * The same findings in another order, fingerprints cleared, finished on
 * one thread and on two: the same order, the same fingerprints.  Without
 * an object on some finding the keys are not used, and only the
 * fingerprints are split.
 */
START_TEST(test_threads_finish_same_order)
{
	char path[512];
	struct findings f, a, b;
	struct scan *s;
	size_t i, n;

	snprintf(path, sizeof(path), "%s/threads/gen0.json", build_dir());
	/* under valgrind (make valgrind) the demo is enough */
	if (getenv("THREATMAP_TEST_QUICK") || access(path, R_OK))
		snprintf(path, sizeof(path), "testdata/demo");
	s = scan_findings(path, &f);
	n = f.n;
	ck_assert_uint_gt(n, 256);
	findings_init(&a, s->arena);
	findings_init(&b, s->arena);
	for (i = 0; i < n; i++) {
		size_t k = (i * 7919) % n;
		struct finding *fd = f.v[k];

		memset(fd->fingerprint, 0, sizeof(fd->fingerprint));
		finding_add(&a, fd->check, fd->obj, fd->container, "%s",
			    fd->message);
		finding_add(&b, fd->check, fd->obj, fd->container, "%s",
			    fd->message);
		a.v[i]->severity = b.v[i]->severity = fd->severity;
		a.v[i]->ev = b.v[i]->ev = fd->ev;
		a.v[i]->nev = b.v[i]->nev = fd->nev;
		a.v[i]->hops = b.v[i]->hops = fd->hops;
		a.v[i]->nhops = b.v[i]->nhops = fd->nhops;
		if (_i && i % 97 == 5)
			a.v[i]->obj = b.v[i]->obj = NULL;
	}
	findings_finish_threads(&a, 1);
	findings_finish_threads(&b, 2);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(finding_fp(a.v[i]), finding_fp(b.v[i]));
		ck_assert_uint_eq(strlen(finding_fp(a.v[i])), 32);
		ck_assert_str_eq(a.v[i]->message, b.v[i]->message);
		ck_assert_ptr_eq(a.v[i]->obj, b.v[i]->obj);
		if (i)
			ck_assert(a.v[i - 1]->severity >= a.v[i]->severity);
	}
	findings_release(&a);
	findings_release(&b);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/*
 * A text repeated by many findings is kept once (finding.h): message,
 * container, evidence and hop texts of equal bytes share one copy within
 * a struct findings, texts that differ do not, and a merge keeps what
 * each thread added.
 */
START_TEST(test_findings_texts_once)
{
	struct arena *a1 = arena_new(), *a2 = arena_new();
	struct findings x, y;
	struct finding *f1, *f2, *f3, *g;

	findings_init(&x, a1);
	findings_init(&y, a2);
	f1 = finding_add(&x, NULL, NULL, "app", "runs as %s", "root");
	f2 = finding_add(&x, NULL, NULL, "app", "runs as root");
	f3 = finding_add(&x, NULL, NULL, "sidecar", "runs as %d", 0);
	finding_evidence(&x, f1, NULL, "spec.x", "%s", "true");
	finding_evidence(&x, f2, NULL, "spec.x", "true");
	finding_evidence(&x, f3, NULL, "spec.y", "true");
	finding_evidence(&x, f3, NULL, "spec.x", "false");
	finding_hop(&x, f1, NULL, NULL, "spec.x", "true", "runs as root");
	g = finding_add(&y, NULL, NULL, "app", "runs as root");
	ck_assert_str_eq(f1->message, "runs as root");
	ck_assert_ptr_eq(f1->message, f2->message);
	ck_assert_ptr_eq(f1->container, f2->container);
	ck_assert_ptr_ne(f1->container, f3->container);
	ck_assert_str_eq(f3->message, "runs as 0");
	ck_assert_ptr_eq(f1->ev[0].path, f2->ev[0].path);
	ck_assert_ptr_eq(f1->ev[0].path, f3->ev[1].path);
	ck_assert_ptr_ne(f1->ev[0].path, f3->ev[0].path);
	ck_assert_ptr_eq(f1->ev[0].value, f3->ev[0].value);
	ck_assert_str_eq(f3->ev[1].value, "false");
	ck_assert_ptr_eq(f1->hops[0].label, f1->message);
	ck_assert_ptr_eq(f1->hops[0].value, f1->ev[0].value);
	ck_assert_ptr_ne(g->message, f1->message);
	/* after a check, texts are found again among the next check's */
	findings_texts_done(&x);
	f2 = finding_add(&x, NULL, NULL, "app", "runs as root");
	f3 = finding_add(&x, NULL, NULL, "app", "runs as root");
	ck_assert_str_eq(f2->message, "runs as root");
	ck_assert_ptr_ne(f2->message, f1->message);
	ck_assert_ptr_eq(f2->message, f3->message);
	ck_assert_str_eq(f1->message, "runs as root");
	findings_merge(&x, &y);
	ck_assert_uint_eq(x.n, 6);
	ck_assert_str_eq(x.v[5]->message, "runs as root");
	ck_assert_str_eq(x.v[5]->container, "app");
	findings_release(&y);
	findings_release(&x);
	arena_free(a1);
	arena_free(a2);
}
END_TEST

Suite *suite_threads(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("same reports");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_threads_demo);
	tcase_add_test(tc, test_threads_golden_sets);
	tcase_add_loop_test(tc, test_threads_generated, 0, 2);
	tcase_add_test(tc, test_threads_shared_real);
	tcase_add_loop_test(tc, test_threads_finish_same_order, 0, 2);
	tcase_add_test(tc, test_findings_texts_once);
	suite_add_tcase(s, tc);
	return s;
}
