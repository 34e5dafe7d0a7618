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
#include "jsonw.h"
#include "render/render.h"
#include "render/render_par.h"
#include "render/renderers.h"
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

/* Item i: an object of its number, its local's count and a nested list. */
static void count_item(struct jsonw *w, size_t i, const void *ctx, void *local)
{
	const char *tag = ctx;
	size_t *seen = local;

	(*seen)++;
	jsonw_obj_open(w);
	jsonw_kuint(w, "i", i);
	jsonw_kstr(w, "tag", tag);
	jsonw_karr_open(w, "sub");
	if (i % 3)
		jsonw_uint(w, i % 3);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

/* Items written with it, after one value when lead, into a new buffer. */
static char *items_text(struct render_items *it, bool lead)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	jsonw_init(&w, &sb);
	jsonw_obj_open(&w);
	jsonw_karr_open(&w, "items");
	if (lead)
		jsonw_str(&w, "lead");
	render_items(&w, it);
	jsonw_arr_close(&w);
	jsonw_kstr(&w, "after", "x");
	jsonw_obj_close(&w);
	ck_assert_int_eq(jsonw_finish(&w), 0);
	return sbuf_detach(&sb, NULL);
}

/*
 * render_items() on two threads, in chunks of 1 to 5 items, writes what
 * one thread writes: item counts that fill their last chunk or not, none
 * or one value before them, each item once.
 */
START_TEST(test_render_items_chunks)
{
	static const size_t counts[] = { 0, 1, 2, 3, 9, 10, 64, 257 };
	size_t c, k, lead, seen[RENDER_PAR_WORKERS + 1];

	for (c = 0; c < sizeof(counts) / sizeof(*counts); c++)
		for (k = 1; k <= 5; k++)
			for (lead = 0; lead < 2; lead++) {
				struct render_items it = {
					.n = counts[c],
					.item = count_item,
					.ctx = "t",
					.threads = 1,
					.chunk = k,
				};
				char *one, *par;
				size_t i;

				memset(seen, 0, sizeof(seen));
				for (i = 0; i <= RENDER_PAR_WORKERS; i++)
					it.local[i] = &seen[i];
				one = items_text(&it, lead);
				ck_assert_uint_eq(seen[0], counts[c]);
				memset(seen, 0, sizeof(seen));
				it.threads = 2;
				par = items_text(&it, lead);
				ck_assert_str_eq(one, par);
				ck_assert_uint_eq(seen[0] + seen[1] + seen[2],
						  counts[c]);
				/* two chunks or more: none on the caller */
				if (counts[c] >= 2 * k)
					ck_assert_uint_eq(seen[0], 0);
				free(one);
				free(par);
			}
}
END_TEST

static int collect_sink(void *ctx, const char *p, size_t n)
{
	return sbuf_add(ctx, p, n);
}

/*
 * Report r in format into a new buffer, through a sink when streamed;
 * threads and chunk as given.
 */
static char *render_with(const char *format, struct report *r, struct scan *s,
			 unsigned threads, size_t chunk, bool streamed,
			 size_t *len)
{
	struct render_opts opts = { .tool_version = "0.0.0-test",
				    .report_chunk = chunk };
	struct sbuf out = SBUF_INIT, all = SBUF_INIT;

	s->threads = threads;
	r->opts = &opts;
	if (streamed)
		sbuf_set_sink(&out, collect_sink, &all);
	ck_assert_int_eq(renderer_find(format)->render(r, &out), 0);
	if (!streamed)
		return sbuf_detach(&out, len);
	ck_assert_int_eq(sbuf_flush(&out), 0);
	ck_assert_uint_lt(out.alloc, 4 * SBUF_SINK_CHUNK);
	sbuf_release(&out);
	return sbuf_detach(&all, len);
}

/*
 * Many findings: the JSON report (new and unchanged findings) and SARIF
 * written on two and three threads, in small chunks and in the default
 * ones, into a buffer and through a sink, are the bytes of one thread.
 */
/* A scan of 700 privileged Pods, and its findings (more than
 * RENDER_PAR_MIN) in rep. */
static struct scan *many_findings(struct findings *f, struct report *rep)
{
	struct sbuf text = SBUF_INIT;
	struct check_result *res;
	struct scan *s;
	size_t nres, i;

	for (i = 0; i < 700; i++)
		ck_assert_int_eq(
		    sbuf_addf(&text,
			      "---\napiVersion: v1\nkind: Pod\nmetadata:\n"
			      "  name: p-%zu\n  namespace: ns-%zu\nspec:\n"
			      "  hostNetwork: true\n  containers:\n"
			      "  - name: c%zu\n    image: nginx\n"
			      "    securityContext:\n"
			      "      privileged: true\n",
			      i, i % 7, i % 5),
		    0);
	s = tu_scan_text(text.buf);
	ck_assert_ptr_nonnull(s);
	s->threads = 1;
	findings_init(f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, f, &res, &nres), 0);
	ck_assert_uint_ge(f->n, RENDER_PAR_MIN);
	memset(rep, 0, sizeof(*rep));
	rep->scan = s;
	rep->findings = f;
	rep->results = res;
	rep->nresults = nres;
	sbuf_release(&text);
	return s;
}

START_TEST(test_threads_reports_in_chunks)
{
	static const char *const formats[] = { "json", "sarif" };
	static const size_t chunks[] = { 0, 1, 5, 64 };
	struct findings f;
	struct report rep;
	struct scan *s = many_findings(&f, &rep);
	size_t i, k, t, la, lb;

	for (i = 0; i < 2 * 2; i++) {
		const char *fmt = formats[i / 2];
		char *one;

		/* JSON with a baseline lists the findings again, unchanged */
		rep.unchanged = i % 2 ? &f : NULL;
		one = render_with(fmt, &rep, s, 1, 0, false, &la);
		for (k = 0; k < sizeof(chunks) / sizeof(*chunks); k++)
			for (t = 2; t <= 3; t++) {
				char *b = render_with(fmt, &rep, s, (unsigned)t,
						      chunks[k], k % 2, &lb);

				ck_assert_msg(la == lb && !memcmp(one, b, la),
					      "%s differs on %zu threads in "
					      "chunks of %zu",
					      fmt, t, chunks[k]);
				free(b);
			}
		free(one);
	}
	free((void *)rep.results);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* The writes a sink was given: how many, and their bytes. */
struct writes {
	size_t n, bytes;
};

static int count_sink(void *ctx, const char *p, size_t n)
{
	struct writes *w = ctx;

	(void)p;
	w->n++;
	w->bytes += n;
	return 0;
}

/*
 * A report written on two threads in the default chunks reaches a file
 * in writes of 128 KiB or more, on average: no more writes than one per
 * 128 KiB, and a few for the report's head and end and the last chunk,
 * partly filled.  The kernel takes large writes for less time per byte.
 * Chunks of 64 findings make writes of about 80 KB here.
 */
START_TEST(test_threads_report_writes_large)
{
	static const char *const formats[] = { "json", "sarif" };
	struct findings f;
	struct report rep;
	struct scan *s = many_findings(&f, &rep);
	size_t i;

	s->threads = 2;
	for (i = 0; i < 2; i++) {
		struct render_opts opts = { .tool_version = "0.0.0-test" };
		struct sbuf out = SBUF_INIT;
		struct writes w = { 0, 0 };

		rep.opts = &opts;
		sbuf_set_sink(&out, count_sink, &w);
		ck_assert_int_eq(renderer_find(formats[i])->render(&rep, &out),
				 0);
		ck_assert_int_eq(sbuf_flush(&out), 0);
		sbuf_release(&out);
		ck_assert_uint_ge(w.bytes, (size_t)4 << 20);
		ck_assert_msg(w.n <= (w.bytes >> 17) + 6,
			      "%s: %zu bytes in %zu writes", formats[i],
			      w.bytes, w.n);
	}
	free((void *)rep.results);
	findings_release(&f);
	scan_free(s);
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
	tcase_add_test(tc, test_render_items_chunks);
	tcase_add_test(tc, test_threads_reports_in_chunks);
	tcase_add_test(tc, test_threads_report_writes_large);
	suite_add_tcase(s, tc);
	return s;
}
