/*
 * Streaming output: an sbuf with a sink, the piecewise safe file writer,
 * and reports written to their destination as they are rendered, byte for
 * byte the same as when built in memory.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "render/render.h"
#include "render/renderers.h"
#include "safefile.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

/* A sink that collects into another sbuf and records the largest chunk. */
struct collect {
	struct sbuf all;
	size_t calls, biggest;
	size_t fail_at; /* fail on this call (1-based); 0: never */
};

static int collect_sink(void *ctx, const char *p, size_t n)
{
	struct collect *c = ctx;

	c->calls++;
	if (c->fail_at && c->calls == c->fail_at)
		return -1;
	if (n > c->biggest)
		c->biggest = n;
	return sbuf_add(&c->all, p, n);
}

/* The same appends, whatever the buffer. */
static int fill(struct sbuf *sb, unsigned rounds)
{
	unsigned i;
	int rc = 0;

	for (i = 0; i < rounds && !rc; i++) {
		rc |= sbuf_addf(sb, "line %u: ", i);
		rc |= sbuf_add_json_str(sb, "quote \" and \n newline", 22);
		rc |= sbuf_adds(sb, " tail\n");
	}
	return rc;
}

START_TEST(test_sink_streams_same_bytes)
{
	struct sbuf plain = SBUF_INIT, streamed = SBUF_INIT;
	struct collect c = { .all = SBUF_INIT };

	ck_assert_int_eq(fill(&plain, 20000), 0);
	ck_assert_uint_gt(plain.len, 4 * SBUF_SINK_CHUNK);

	sbuf_set_sink(&streamed, collect_sink, &c);
	ck_assert_int_eq(sbuf_adds(&streamed, "start\n"), 0);
	ck_assert_int_eq(fill(&streamed, 20000), 0);
	/* never more than a chunk and one append held */
	ck_assert_uint_lt(streamed.len, SBUF_SINK_CHUNK + 64);
	ck_assert_uint_eq(sbuf_pos(&streamed), plain.len + 6);
	ck_assert_int_eq(sbuf_flush(&streamed), 0);
	ck_assert_uint_eq(streamed.len, 0);
	ck_assert_uint_ge(c.calls, 4);
	ck_assert_uint_lt(c.biggest, SBUF_SINK_CHUNK + 64);
	ck_assert_uint_eq(c.all.len, plain.len + 6);
	ck_assert_mem_eq(c.all.buf, "start\n", 6);
	ck_assert_mem_eq(c.all.buf + 6, plain.buf, plain.len);
	/* flushing an empty buffer hands nothing on */
	c.calls = 0;
	ck_assert_int_eq(sbuf_flush(&streamed), 0);
	ck_assert_uint_eq(c.calls, 0);
	sbuf_release(&streamed);
	ck_assert_ptr_null(streamed.sink);
	ck_assert_uint_eq(sbuf_pos(&streamed), 0);
	sbuf_release(&plain);
	sbuf_release(&c.all);
}
END_TEST

START_TEST(test_sink_failure_is_sticky)
{
	struct sbuf sb = SBUF_INIT;
	struct collect c = { .all = SBUF_INIT, .fail_at = 2 };

	sbuf_set_sink(&sb, collect_sink, &c);
	ck_assert_int_ne(fill(&sb, 20000), 0);
	ck_assert_uint_eq(c.calls, 2);
	ck_assert_int_eq(sbuf_adds(&sb, "x"), -1);
	ck_assert_int_eq(sbuf_addf(&sb, "%d", 1), -1);
	ck_assert_int_eq(sbuf_flush(&sb), -1);
	ck_assert_uint_eq(c.calls, 2);
	/* only the first chunk arrived */
	ck_assert_uint_ge(c.all.len, SBUF_SINK_CHUNK);
	ck_assert_uint_lt(c.all.len, SBUF_SINK_CHUNK + 64);
	sbuf_release(&sb);
	sbuf_release(&c.all);
}
END_TEST

START_TEST(test_no_sink_flush_is_noop)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(fill(&sb, 10000), 0);
	ck_assert_int_eq(sbuf_flush(&sb), 0);
	ck_assert_uint_gt(sb.len, 2 * SBUF_SINK_CHUNK);
	ck_assert_uint_eq(sbuf_pos(&sb), sb.len);
	sbuf_release(&sb);
}
END_TEST

/* A fresh private directory for file tests. */
static void tmpdir(char *buf, size_t n)
{
	snprintf(buf, n, "%s/threatmap-stream-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(buf));
}

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' || strstr(e->d_name, ".tmp") != NULL;
	closedir(d);
	return n;
}

START_TEST(test_safefile_pieces)
{
	char dir[256], path[400];
	struct safefile_out o;
	struct diag d;
	size_t len;
	char *got;

	tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	ck_assert_int_eq(safefile_write(path, "old\n", 4, 0644, &d), 0);

	/* written in pieces: the target changes only at commit */
	ck_assert_int_eq(safefile_open(path, 0666, &o, &d), 0);
	ck_assert_int_eq(safefile_out_write(&o, "new ", 4), 0);
	ck_assert_int_eq(safefile_out_write(&o, "content\n", 8), 0);
	got = tu_read_file(path, &len);
	ck_assert_str_eq(got, "old\n");
	free(got);
	ck_assert_uint_eq(entries(dir), 2); /* target and temporary */
	ck_assert_int_eq(safefile_commit(&o, &d), 0);
	got = tu_read_file(path, &len);
	ck_assert_str_eq(got, "new content\n");
	free(got);
	ck_assert_uint_eq(entries(dir), 1);

	/* abort: target untouched, temporary gone */
	ck_assert_int_eq(safefile_open(path, 0666, &o, &d), 0);
	ck_assert_int_eq(safefile_out_write(&o, "half", 4), 0);
	safefile_abort(&o);
	got = tu_read_file(path, &len);
	ck_assert_str_eq(got, "new content\n");
	free(got);
	ck_assert_uint_eq(entries(dir), 1);

	/* a directory in the way is refused before anything is written */
	ck_assert_int_eq(safefile_open(dir, 0666, &o, &d), DIAG_IO);
	ck_assert_ptr_nonnull(strstr(d.msg, "not a regular file"));

	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* 3 MiB of piece i of a file: every byte tells where it is. */
static void fill_piece(char *buf, size_t len, size_t i)
{
	size_t k;

	for (k = 0; k < len; k++)
		buf[k] = (char)('a' + (i * len + k) % 26);
}

/*
 * A file that replaces another is written out as it grows, every
 * SAFEFILE_WRITEBACK_STEP bytes (Linux), so that the rename does not wait
 * for all of it; a new file is left to the kernel.  The bytes are those
 * written either way.
 */
START_TEST(test_safefile_writeback_replacing)
{
	const size_t piece = (size_t)3 << 20, npieces = 7;
	char dir[256], path[400], *buf = malloc(piece), *got;
	struct safefile_out o;
	struct diag d;
	size_t len, i, round;

	ck_assert_ptr_nonnull(buf);
	tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	for (round = 0; round < 2; round++) {
		/* first a new file, then the same name again: a replacement */
		ck_assert_int_eq(safefile_open(path, 0644, &o, &d), 0);
		ck_assert(o.replacing == (round == 1));
		for (i = 0; i < npieces; i++) {
			fill_piece(buf, piece, i);
			ck_assert_int_eq(safefile_out_write(&o, buf, piece), 0);
		}
		ck_assert_uint_eq(o.written, piece * npieces);
#ifdef __linux__
		if (round == 1) {
			ck_assert_uint_ge(
			    o.started, o.written - SAFEFILE_WRITEBACK_STEP + 1);
			ck_assert_uint_le(o.started, o.written);
		} else {
			ck_assert_uint_eq(o.started, 0);
		}
#endif
		ck_assert_int_eq(safefile_commit(&o, &d), 0);
		got = tu_read_file(path, &len);
		ck_assert_uint_eq(len, piece * npieces);
		for (i = 0; i < npieces; i++) {
			fill_piece(buf, piece, i);
			ck_assert(!memcmp(got + i * piece, buf, piece));
		}
		free(got);
		ck_assert_uint_eq(entries(dir), 1);
	}
	free(buf);
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/*
 * Many findings: every renderer gives the same bytes into a plain buffer
 * and through a sink that receives them in chunks.
 */
START_TEST(test_renderers_stream_identically)
{
	struct sbuf text = SBUF_INIT;
	struct findings f;
	struct check_result *res;
	struct render_opts opts = { .tool_version = "0.0.0-test" };
	struct report rep;
	const struct renderer *const *r;
	struct scan *s;
	size_t nres, i;

	for (i = 0; i < 600; i++)
		ck_assert_int_eq(
		    sbuf_addf(&text,
			      "---\napiVersion: v1\nkind: Pod\nmetadata:\n"
			      "  name: p-%zu\n  namespace: ns-%zu\nspec:\n"
			      "  hostNetwork: true\n  containers:\n"
			      "  - name: c\n    image: nginx\n"
			      "    securityContext:\n"
			      "      privileged: true\n",
			      i, i % 7),
		    0);
	s = tu_scan_text(text.buf);
	ck_assert_ptr_nonnull(s);
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	ck_assert_uint_gt(f.n, 1000);
	memset(&rep, 0, sizeof(rep));
	rep.scan = s;
	rep.findings = &f;
	rep.results = res;
	rep.nresults = nres;
	rep.opts = &opts;

	for (r = renderer_table; *r; r++) {
		struct sbuf plain = SBUF_INIT, streamed = SBUF_INIT;
		struct collect c = { .all = SBUF_INIT };

		ck_assert_int_eq((*r)->render(&rep, &plain), 0);
		sbuf_set_sink(&streamed, collect_sink, &c);
		ck_assert_int_eq((*r)->render(&rep, &streamed), 0);
		ck_assert_int_eq(sbuf_flush(&streamed), 0);
		ck_assert_msg(c.all.len == plain.len &&
				  !memcmp(c.all.buf, plain.buf, plain.len),
			      "%s differs when streamed", (*r)->name);
		/* big reports leave in chunks, not at the end */
		if (plain.len > 2 * SBUF_SINK_CHUNK)
			ck_assert_uint_ge(c.calls, 2);
		sbuf_release(&plain);
		sbuf_release(&streamed);
		sbuf_release(&c.all);
	}
	free(res);
	findings_release(&f);
	scan_free(s);
	sbuf_release(&text);
}
END_TEST

/* The command line: a file target gets what standard output gets. */
START_TEST(test_cli_file_equals_stdout)
{
	char dir[256], cmd[4096], *a = NULL, *b = NULL;
	size_t la, lb, i;
	FILE *fp;
	int rc;

	tmpdir(dir, sizeof(dir));
	snprintf(cmd, sizeof(cmd), "%s/in.yaml", dir);
	fp = fopen(cmd, "w");
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < 400; i++)
		fprintf(fp,
			"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: "
			"p-%zu\n  namespace: default\nspec:\n  containers:\n"
			"  - name: c\n    image: nginx\n    securityContext:\n"
			"      privileged: true\n",
			i);
	fclose(fp);
	snprintf(cmd, sizeof(cmd),
		 "'%s' scan -q -f '%s/in.yaml' --format text -o "
		 "text='%s/out.txt' > '%s/stdout.txt'; "
		 "'%s' scan -f '%s/in.yaml' --format text > '%s/stdout.txt'",
		 tu_bin(), dir, dir, dir, tu_bin(), dir, dir);
	rc = tu_run(cmd, NULL);
	ck_assert_int_eq(rc, 1);
	snprintf(cmd, sizeof(cmd), "%s/out.txt", dir);
	a = tu_read_file(cmd, &la);
	snprintf(cmd, sizeof(cmd), "%s/stdout.txt", dir);
	b = tu_read_file(cmd, &lb);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_gt(la, 2 * SBUF_SINK_CHUNK);
	/* the two runs may straddle a second: compare after the header line */
	{
		const char *ea = memchr(a, '\n', la), *eb = memchr(b, '\n', lb);

		ck_assert_ptr_nonnull(ea);
		ck_assert_ptr_nonnull(eb);
		ck_assert_uint_eq(la - (size_t)(ea - a), lb - (size_t)(eb - b));
		ck_assert_mem_eq(ea, eb, la - (size_t)(ea - a));
	}
	free(a);
	free(b);

	/* a write that fails half way is an output error, exit 3 */
	snprintf(cmd, sizeof(cmd),
		 "'%s' scan -f '%s/in.yaml' --format sarif -o /dev/full "
		 "2>&1",
		 tu_bin(), dir);
	rc = tu_run(cmd, &a);
	ck_assert_int_eq(rc, 3);
	ck_assert_ptr_nonnull(strstr(a, "cannot write '/dev/full'"));
	free(a);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
}
END_TEST

Suite *suite_stream(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sink_streams_same_bytes);
	tcase_add_test(tc, test_sink_failure_is_sticky);
	tcase_add_test(tc, test_no_sink_flush_is_noop);
	tcase_add_test(tc, test_safefile_pieces);
	tcase_add_test(tc, test_safefile_writeback_replacing);
	tcase_add_test(tc, test_renderers_stream_identically);
	tcase_add_test(tc, test_cli_file_equals_stdout);
	suite_add_tcase(s, tc);
	return s;
}
