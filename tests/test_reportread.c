/*
 * Reports read in pieces (reportread.h) for diff, merge and scan
 * --baseline: the pruned tree holds exactly the members asked for, and
 * baseline_load_file() / fleet_read_fd() give what the whole-text loaders
 * give -- the same entries, or the same error at the same line and column.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "baseline.h"
#include "diag.h"
#include "fleet.h"
#include "load/load.h"
#include "node.h"
#include "reportread.h"
#include "sbuf.h"
#include "testutil.h"

/* text written to a fresh temporary file; its path in path */
static void write_tmp(char *path, size_t n, const char *text, size_t len)
{
	int fd;

	snprintf(path, n, "/tmp/threatmap-rr-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static char *big_string(size_t n, char c)
{
	char *s = malloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/*
 * A report with its members in an unusual order, members and nested
 * objects nobody reads, escapes, and a message longer than the reader's
 * 64 KiB window.
 */
static char *odd_report(size_t *len)
{
	char *msg = big_string(200000, 'm');
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb,
		  "\r\n {\"extra\": {\"deep\": [1, {\"findings\": [{}]}, "
		  "-0.5e+3, true, null]},\n"
		  "  \"findings\" :[ {\"object\": {\"name\": \"w\\u00e9b\","
		  " \"x\": {\"kind\": 1}, \"kind\": \"Deployment\"},"
		  " \"evidence\": [{\"path\": \"a\\\"b\"}],"
		  " \"message\": \"%s\\n\\ud83d\\ude00 caf\xc3\xa9\","
		  " \"fingerprint\": \"f\\/1\", \"checkId\": \"c1\"},\n"
		  "  {\"fingerprint\": \"f2\", \"check\": \"old-name\","
		  " \"severity\": \"low\", \"object\": \"not an object\","
		  " \"container\": \"app\", \"suppressedBy\": \"accepted\"},"
		  "  {\"fingerprint\": \"f/1\", \"checkId\": \"dup fp\"},"
		  "  {\"container\": null, \"fingerprint\": \"f3\","
		  " \"checkId\": 7, \"message\": [\"x\"]}],\n"
		  " \"summary\": {\"findings\": 4}}\n\t ",
		  msg);
	free(msg);
	*len = sb.len;
	return sb.buf;
}

START_TEST(test_rr_pruned)
{
	static const char *const paths[] = { "findings[].fingerprint",
					     "findings[].object.kind",
					     "summary.findings" };
	struct rr_spec spec = { .paths = paths, .npaths = 3 };
	struct arena *a = arena_new();
	struct node *root;
	const struct node *f, *o;
	char path[64];
	size_t len;
	char *text = odd_report(&len);
	int fd;

	write_tmp(path, sizeof(path), text, len);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(rr_read(fd, SIZE_MAX, a, &spec, &root), 0);
	close(fd);
	/* only findings and summary: "extra" is not kept */
	ck_assert_uint_eq(node_len(root), 2);
	f = node_get(root, "findings");
	ck_assert_uint_eq(node_count(f), 4);
	ck_assert_uint_eq(node_len(node_at(f, 0)), 2);
	ck_assert(node_str_eq(node_get(node_at(f, 0), "fingerprint"), "f/1"));
	o = node_get(node_at(f, 0), "object");
	ck_assert_uint_eq(node_len(o), 1);
	ck_assert(node_str_eq(node_get(o, "kind"), "Deployment"));
	/* a member named by a path keeps its type, whatever it is */
	ck_assert(node_is(node_get(node_at(f, 1), "object"), NODE_STRING));
	ck_assert(
	    node_int(node_path(root, "summary.findings"), &(long long){ 0 }));
	/* with a bounded read, past the cap it is not read */
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(rr_read(fd, len - 1, a, &spec, &root), -1);
	close(fd);
	unlink(path);
	free(text);
	arena_free(a);
}
END_TEST

/*
 * An empty string kept before any text with a byte: the buffer it is
 * decoded into is not there yet, and is not handed to memchr() or
 * memcpy() as a null pointer (found by fuzz_reportread under UBSan).
 */
START_TEST(test_rr_empty_first)
{
	static const char text[] = "{\"a\": \"\", \"b\": [\"\", 1, \"x\"]}";
	static const char *const paths[] = { "a", "b[]" };
	struct rr_spec spec = { .paths = paths, .npaths = 2 };
	struct arena *a = arena_new();
	struct node *root;
	const struct node *b;
	char path[64];
	int fd;

	write_tmp(path, sizeof(path), text, strlen(text));
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(rr_read(fd, SIZE_MAX, a, &spec, &root), 0);
	close(fd);
	ck_assert(node_is(node_get(root, "a"), NODE_STRING));
	ck_assert_uint_eq(node_str_len(node_get(root, "a")), 0);
	ck_assert_str_eq(node_get_str(root, "a"), "");
	b = node_get(root, "b");
	ck_assert_uint_eq(node_count(b), 3);
	ck_assert_str_eq(node_str(node_at(b, 0)), "");
	ck_assert_str_eq(node_str(node_at(b, 2)), "x");
	unlink(path);
	arena_free(a);
}
END_TEST

/* the texts of the items handed over, each followed by ';' */
static int collect_item(void *ctx, const struct node *item)
{
	char *got = ctx;
	size_t len = strlen(got), n = node_str_len(item);

	ck_assert_uint_lt(len + n + 1, 64);
	memcpy(got + len, node_text(item), n);
	got[len + n] = ';';
	got[len + n + 1] = '\0';
	return 0;
}

/*
 * Past the cap in the middle of a number, read a byte at a time: the
 * read fails, and keeps failing, so "20.5" is not handed over as "20"
 * (found by fuzz_reportread); the item before it was whole.
 */
START_TEST(test_rr_cap_in_number)
{
	static const char text[] = "{\"findings\": [10, 20.5]}";
	static const char *const paths[] = { "findings[].fingerprint" };
	char got[64];
	struct rr_spec spec = { .paths = paths,
				.npaths = 1,
				.items = "findings",
				.on_item = collect_item,
				.ctx = got };
	struct arena *a = arena_new();
	struct node *root;
	char path[64];
	size_t window;
	int fd;

	write_tmp(path, sizeof(path), text, strlen(text));
	for (window = 1; window <= 3; window++) {
		got[0] = '\0';
		fd = open(path, O_RDONLY);
		rr_window_set(window);
		/* the cap ends the text before the '.' */
		ck_assert_int_eq(rr_read(fd, strlen("{\"findings\": [10, 20"),
					 a, &spec, &root),
				 -1);
		rr_window_set(0);
		close(fd);
		ck_assert_str_eq(got, "10;");
	}
	unlink(path);
	arena_free(a);
}
END_TEST

static void assert_same_entries(const struct baseline *x,
				const struct baseline *y)
{
	size_t i;

	ck_assert_uint_eq(baseline_count(x), baseline_count(y));
	for (i = 0; i < baseline_count(x); i++) {
		const struct baseline_entry *e = baseline_at(x, i);
		const struct baseline_entry *f = baseline_at(y, i);

		ck_assert_str_eq(e->fingerprint, f->fingerprint);
		ck_assert_str_eq(e->check, f->check);
		ck_assert_str_eq(e->severity, f->severity);
		ck_assert_str_eq(e->kind, f->kind);
		ck_assert_str_eq(e->ns, f->ns);
		ck_assert_str_eq(e->name, f->name);
		ck_assert_str_eq(e->message, f->message);
		ck_assert_int_eq(!e->container, !f->container);
		if (e->container)
			ck_assert_str_eq(e->container, f->container);
		ck_assert_int_eq(e->suppressed, f->suppressed);
	}
}

/*
 * Texts the reader takes (streamed: 1) or leaves to the whole-text loader
 * (0), which then gives its error or, for what the reader only refuses
 * to be simple, its entries.
 */
static const struct {
	const char *text;
	int streamed;
} cases[] = {
	{ "{\"findings\": []}", 1 },
	{ "{\"findings\": [{\"fingerprint\": \"a\"}], \"x\": {\"y\": [[]]}}",
	  1 },
	/* errors of the report */
	{ "{\"findings\": {}}", 1 },
	{ "{\"nofindings\": []}", 1 },
	{ "{\"findings\": [{\"fingerprint\": \"a\"},\n 3]}", 1 },
	{ "{\"findings\": [{\"fingerprint\": \"a\"},\n {\"fingerprint\": "
	  "\"\"}]}",
	  1 },
	{ "{\"findings\": [{\"fingerprint\": 5}]}", 1 },
	{ "{\"findings\": [{\"fingerprint\": \"\"}]}", 1 },
	{ "[]", 0 },
	/* errors of the JSON text */
	{ "{\"findings\": [\n  {\"fingerprint\": \"a\",}\n]}", 0 },
	{ "{\"findings\": [], \"findings\": []}", 0 },
	{ "{\"a\": 1, \"findings\": [{\"fingerprint\": \"a\", \"b\": 1, "
	  "\"b\": 2}]}",
	  0 },
	{ "{\"findings\": []} x", 0 },
	{ "{\"findings\": []", 0 },
	{ "{\"findings\": [], \"s\": \"\\ud800\"}", 0 },
	{ "{\"findings\": [], \"s\": \"\\udc00\\ud800\"}", 0 },
	{ "{\"findings\": [], \"s\": \"a\xc0\xaf\"}", 0 },
	{ "{\"findings\": [], \"s\": \"a\xed\xa0\x80\"}", 0 },
	{ "{\"findings\": [], \"s\": \"tab\there\"}", 0 },
	{ "{\"findings\": [], \"s\": \"\\x\"}", 0 },
	{ "{\"findings\": [], \"n\": 01}", 0 },
	{ "{\"findings\": [], \"n\": 1.}", 0 },
	{ "{\"findings\": [], \"n\": -}", 0 },
	{ "{\"findings\": [], \"n\": 1e}", 0 },
	{ "{\"findings\": [], \"n\": tru}", 0 },
	{ "{\"findings\": [], \"n\": nullx}", 0 },
	{ "{\"findings\": [], \"n\": [1 2]}", 0 },
	{ "{\"findings\": []}\f", 0 },
	{ "", 0 },
	{ "  \n ", 0 },
	{ "findings: []\n", 0 },
	{ "{findings: []}", 0 },
	/* taken as they are by the loader; the reader leaves them to it */
	{ "\xef\xbb\xbf{\"findings\": [{\"fingerprint\": \"a\"}]}", 0 },
	{ "{\"findings\": [{\"fingerprint\": \"a\\u0000b\"}]}", 0 },
	{ "{\"findings\": [{\"fingerprint\": \"a\", \"<<\": {}}]}", 0 },
};

START_TEST(test_rr_baseline_same)
{
	static const char *const paths[] = { "findings[].fingerprint" };
	struct rr_spec spec = { .paths = paths, .npaths = 1 };
	const char *text = cases[_i].text;
	size_t len = strlen(text);
	struct arena *a = arena_new();
	struct baseline *x = baseline_new(), *y = baseline_new();
	struct diag dx = { 0 }, dy = { 0 };
	char path[64], mx[700], my[700];
	struct node *root;
	int rx, ry, fd;

	write_tmp(path, sizeof(path), text, len);
	fd = open(path, O_RDONLY);
	ck_assert_msg((rr_read(fd, SIZE_MAX, a, &spec, &root) == 0) ==
			  (cases[_i].streamed == 1),
		      "case %d", _i);
	close(fd);
	rx = baseline_load_file(x, a, path, &dx);
	ry = baseline_load(y, a, path, text, len, &dy);
	ck_assert_int_eq(!rx, !ry);
	if (rx) {
		diag_format(&dx, mx, sizeof(mx));
		diag_format(&dy, my, sizeof(my));
		ck_assert_str_eq(mx, my);
		ck_assert_uint_eq(dx.code, dy.code);
	}
	assert_same_entries(x, y);
	unlink(path);
	baseline_free(x);
	baseline_free(y);
	arena_free(a);
}
END_TEST

/* The odd report, the fixtures, a list too long and a nesting too deep. */
START_TEST(test_rr_baseline_files)
{
	static const char *const fixtures[] = {
		"testdata/reports/baseline/old.json",
		"testdata/reports/baseline/new.json",
		"testdata/reports/baseline/no-fingerprint.json",
		"testdata/reports/baseline/not-a-report.json",
	};
	struct arena *a = arena_new();
	struct sbuf deep = SBUF_INIT, wide = SBUF_INIT;
	char path[64];
	size_t i, len;
	char *odd = odd_report(&len);

	sbuf_adds(&deep, "{\"findings\": [{\"fingerprint\": \"a\", \"x\": ");
	for (i = 0; i < 300; i++)
		sbuf_adds(&deep, "[");
	for (i = 0; i < 300; i++)
		sbuf_adds(&deep, "]");
	sbuf_adds(&deep, "}]}");
	sbuf_adds(&wide, "{\"findings\": [{\"fingerprint\": \"a\"");
	for (i = 0; i < RR_MAX_KEYS + 5; i++)
		sbuf_addf(&wide, ", \"k%zu\": %zu", i, i);
	sbuf_adds(&wide, "}]}");
	for (i = 0; i < 4 + 3; i++) {
		struct baseline *x = baseline_new(), *y = baseline_new();
		struct diag dx = { 0 }, dy = { 0 };
		char mx[700], my[700];
		const char *file = path;
		char *text = NULL;
		size_t n = 0;
		int rx, ry;

		if (i < 4) {
			file = fixtures[i];
			text = tu_read_file(file, &n);
		} else {
			const struct sbuf *s = i == 4	? NULL
					       : i == 5 ? &deep
							: &wide;

			text = s ? s->buf : odd;
			n = s ? s->len : len;
			write_tmp(path, sizeof(path), text, n);
		}
		rx = baseline_load_file(x, a, file, &dx);
		ry = baseline_load(y, a, file, text, n, &dy);
		ck_assert_int_eq(rx, ry);
		diag_format(&dx, mx, sizeof(mx));
		diag_format(&dy, my, sizeof(my));
		ck_assert_str_eq(mx, my);
		assert_same_entries(x, y);
		if (i == 4) {
			/* "f\/1" and "f/1" are one fingerprint, counted once */
			ck_assert_uint_eq(baseline_count(x), 3);
			ck_assert_uint_eq(
			    strlen(baseline_at(x, 0)->message),
			    200000 + strlen("\n\xf0\x9f\x98\x80 caf\xc3\xa9"));
			ck_assert_str_eq(baseline_at(x, 0)->name, "w\xc3\xa9"
								  "b");
			ck_assert_str_eq(baseline_at(x, 1)->check, "old-name");
			ck_assert_str_eq(baseline_at(x, 1)->kind, "");
			ck_assert(baseline_at(x, 1)->suppressed);
			ck_assert_ptr_null(baseline_at(x, 2)->container);
		}
		if (i < 4)
			free(text);
		else
			unlink(path);
		baseline_free(x);
		baseline_free(y);
	}
	sbuf_release(&deep);
	sbuf_release(&wide);
	free(odd);
	arena_free(a);
}
END_TEST

/*
 * Texts with a scalar longer than the loader's limit (8 MiB) once
 * decoded: the reader gives up on them, whether it keeps the scalar or
 * not, and the whole-text loader gives its error.  A number is as long
 * as it is written; "\u20ac" is 6 bytes of text and 3 decoded.
 */
START_TEST(test_rr_scalar_limit)
{
	static const char *const paths[] = { "findings[].message" };
	struct rr_spec spec = { .paths = paths, .npaths = 1 };
	size_t limit = (size_t)8 << 20, i, k;
	struct arena *a = arena_new();

	for (i = 0; i < 4; i++) {
		struct baseline *x = baseline_new(), *y = baseline_new();
		struct diag dx = { 0 }, dy = { 0 };
		struct sbuf sb = SBUF_INIT;
		char path[64], mx[700], my[700];
		struct node *root;
		int fd;

		/* the first key of the root: no other key on the stack */
		sbuf_adds(&sb, i == 3
				   ? "{\""
				   : "{\"findings\": [{\"fingerprint\": \"a\"");
		if (i == 0) { /* a number not kept, one digit too long */
			sbuf_adds(&sb, ", \"n\": ");
			for (k = 0; k <= limit; k++)
				sbuf_addch(&sb, '1');
		} else {
			/* a string not kept, kept, or a key, with escapes */
			sbuf_adds(&sb, i == 1	? ", \"s\": \""
				       : i == 2 ? ", \"message\": \""
						: "");
			for (k = 0; k < limit / 3 + 1; k++)
				sbuf_adds(&sb, "\\u20ac");
			sbuf_adds(&sb, "\"");
		}
		sbuf_adds(&sb,
			  i == 3
			      ? ": 1, \"findings\": [{\"fingerprint\": \"a\"}]}"
			      : "}]}");
		write_tmp(path, sizeof(path), sb.buf, sb.len);
		fd = open(path, O_RDONLY);
		ck_assert_int_eq(rr_read(fd, SIZE_MAX, a, &spec, &root), -1);
		close(fd);
		ck_assert_int_eq(baseline_load_file(x, a, path, &dx),
				 DIAG_LIMIT);
		ck_assert_int_eq(baseline_load(y, a, path, sb.buf, sb.len, &dy),
				 DIAG_LIMIT);
		diag_format(&dx, mx, sizeof(mx));
		diag_format(&dy, my, sizeof(my));
		ck_assert_str_eq(mx, my);
		ck_assert_uint_eq(baseline_count(x), 0);
		unlink(path);
		sbuf_release(&sb);
		baseline_free(x);
		baseline_free(y);
	}
	arena_free(a);
}
END_TEST

/* A baseline that already has entries: the new ones are added to them. */
START_TEST(test_rr_baseline_adds)
{
	static const char t1[] = "{\"findings\": [{\"fingerprint\": \"a\"}]}";
	static const char t2[] = "{\"findings\": [{\"fingerprint\": \"b\"}, "
				 "{\"fingerprint\": \"a\"}]}";
	struct arena *a = arena_new();
	struct baseline *b = baseline_new();
	struct diag d = { 0 };
	char p1[64], p2[64];

	write_tmp(p1, sizeof(p1), t1, strlen(t1));
	write_tmp(p2, sizeof(p2), t2, strlen(t2));
	ck_assert_int_eq(baseline_load_file(b, a, p1, &d), 0);
	ck_assert_int_eq(baseline_load_file(b, a, p2, &d), 0);
	ck_assert_uint_eq(baseline_count(b), 2);
	ck_assert_str_eq(baseline_at(b, 1)->fingerprint, "b");
	unlink(p1);
	unlink(p2);
	baseline_free(b);
	arena_free(a);
}
END_TEST

static const char *const fleet_cases[] = {
	"{\"tool\": {\"name\": \"threatmap\", \"v\": {}}, \"findings\": "
	"[{\"a\": [1]}], \"summary\": {\"objects\": 3, \"findings\": 2, "
	"\"bySeverity\": {\"critical\": 1, \"high\": -2, \"medium\": 1.5, "
	"\"low\": \"4\"}, \"checks\": {\"notVisible\": 2}, \"errors\": 9}, "
	"\"score\": {\"overall\": 42}, \"source\": {\"type\": \"live\", "
	"\"context\": \"\", \"cluster\": \"c1\"}, \"generatedAt\": \"now\", "
	"\"checks\": [{\"id\": \"x\", \"status\": \"not-visible\"}, 7, "
	"{\"id\": \"y\", \"status\": \"passed\"}, {\"status\": "
	"\"not-visible\", \"why\": \"no RBAC\"}]}",
	"{\"tool\": {\"name\": \"threatmap\"}, \"summary\": {}, \"score\": "
	"{\"overall\": 1e3}, \"checks\": {}}",
	/* refused: the same error */
	"{\"tool\": {\"name\": \"other\"}, \"summary\": {}}",
	"{\"tool\": {\"name\": \"threatmap\"}, \"summary\": []}",
	"{\n  \"tool\": {\"name\": \"threatmap\"},\n  \"summary\": {},\n  "
	"\"x\": tru\n}",
	"[1]",
};

START_TEST(test_rr_fleet_same)
{
	const char *text = fleet_cases[_i];
	size_t len = strlen(text);
	struct arena *a = arena_new();
	struct fleet x, y;
	struct diag d = { 0 };
	const struct node *t;
	char path[64];
	int fd, rx, ry;
	size_t k;

	fleet_init(&x, a);
	fleet_init(&y, a);
	write_tmp(path, sizeof(path), text, len);
	fd = open(path, O_RDONLY);
	rx = fleet_read_fd(&x, path, NULL, fd);
	close(fd);
	t = load_tree(a, path, text, len, NULL, &d);
	ry = t ? fleet_add_report(&y, path, NULL, t, &d) : -1;
	/* what fleet_read_fd() refuses the whole-text loaders refuse */
	ck_assert_int_eq(rx, ry < 0 ? -1 : 0);
	ck_assert_uint_eq(x.n, y.n);
	for (k = 0; k < x.n; k++) {
		const struct fleet_cluster *c = &x.c[k], *e = &y.c[k];
		size_t g;

		ck_assert_str_eq(c->name, e->name);
		ck_assert_str_eq(c->report, e->report);
		ck_assert_pstr_eq(c->source, e->source);
		ck_assert_pstr_eq(c->generated_at, e->generated_at);
		ck_assert_int_eq(c->has_score, e->has_score);
		ck_assert_uint_eq(c->score, e->score);
		ck_assert_uint_eq(c->objects, e->objects);
		ck_assert_uint_eq(c->findings, e->findings);
		ck_assert_uint_eq(c->critical, e->critical);
		ck_assert_uint_eq(c->high, e->high);
		ck_assert_uint_eq(c->medium, e->medium);
		ck_assert_uint_eq(c->low, e->low);
		ck_assert_uint_eq(c->not_visible, e->not_visible);
		ck_assert_uint_eq(c->errors, e->errors);
		ck_assert_uint_eq(c->ngaps, e->ngaps);
		for (g = 0; g < c->ngaps; g++)
			ck_assert_str_eq(c->gaps[g], e->gaps[g]);
	}
	if (_i == 0) {
		ck_assert_uint_eq(x.n, 1);
		ck_assert_str_eq(x.c[0].name, "c1");
		ck_assert_uint_eq(x.c[0].critical, 1);
		ck_assert_uint_eq(x.c[0].ngaps, 2);
	}
	unlink(path);
	fleet_release(&x);
	fleet_release(&y);
	arena_free(a);
}
END_TEST

Suite *suite_reportread(void)
{
	Suite *s = suite_create("reportread");
	TCase *tc = tcase_create("reportread");

	tcase_add_test(tc, test_rr_pruned);
	tcase_add_test(tc, test_rr_empty_first);
	tcase_add_test(tc, test_rr_cap_in_number);
	tcase_add_loop_test(tc, test_rr_baseline_same, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_rr_baseline_files);
	tcase_add_test(tc, test_rr_baseline_adds);
	tcase_add_test(tc, test_rr_scalar_limit);
	tcase_add_loop_test(tc, test_rr_fleet_same, 0,
			    sizeof(fleet_cases) / sizeof(fleet_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
