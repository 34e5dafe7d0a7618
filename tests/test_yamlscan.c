/*
 * The block YAML scanner (lib/load/yamlscan.c) gives libyaml's events:
 * all of them when it reads a text to its end, the first ones when it
 * gives up; and the loader gives the same trees (positions included) and
 * the same errors with it as with libyaml alone, the text parsed whole or
 * read in pieces of any size.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/limits.h"
#include "load/load.h"
#include "load/loadb.h"
#include "load/yaml.h"
#include "load/yamlscan.h"
#include "node.h"
#include "sbuf.h"
#include "testutil.h"

/* An event as the handlers see it, on one line. */
static void event_line(struct sbuf *sb, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	size_t i;

	ck_assert_int_eq(sbuf_addf(sb, "%d", (int)ev->type), 0);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		ck_assert_int_eq(sbuf_addf(sb, " %u:%u style %d len %zu '",
					   (unsigned)m->line,
					   (unsigned)m->column,
					   (int)ev->data.scalar.style,
					   ev->data.scalar.length),
				 0);
		for (i = 0; i < ev->data.scalar.length;) {
			const unsigned char *v = ev->data.scalar.value;
			size_t k = i;

			/* a run of bytes as they are, then one escaped */
			while (k < ev->data.scalar.length && v[k] >= 0x20 &&
			       v[k] != '\\')
				k++;
			ck_assert_int_eq(
			    sbuf_add(sb, (const char *)v + i, k - i), 0);
			if (k < ev->data.scalar.length)
				ck_assert_int_eq(sbuf_addf(sb, "\\x%02x", v[k]),
						 0);
			i = k + 1;
		}
		ck_assert_int_eq(sbuf_adds(sb, "'"), 0);
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_ALIAS_EVENT:
		ck_assert_int_eq(sbuf_addf(sb, " %u:%u", (unsigned)m->line,
					   (unsigned)m->column),
				 0);
		break;
	default: break;
	}
	ck_assert_int_eq(sbuf_adds(sb, "\n"), 0);
}

struct evlist {
	struct sbuf sb;
	size_t n;
};

static int collect(void *ctx, const yaml_event_t *ev)
{
	struct evlist *l = ctx;

	event_line(&l->sb, ev);
	l->n++;
	return YSC_GO;
}

/* libyaml's events of text; *ok when it read the text to its end. */
static char *libyaml_events(const char *text, size_t len, size_t *n, bool *ok)
{
	struct evlist l = { SBUF_INIT, 0 };
	yaml_parser_t p;
	yaml_event_t ev;

	ck_assert(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	*ok = false;
	while (yaml_parser_parse(&p, &ev)) {
		bool end = ev.type == YAML_STREAM_END_EVENT;

		collect(&l, &ev);
		yaml_event_delete(&ev);
		if (end) {
			*ok = true;
			break;
		}
	}
	yaml_parser_delete(&p);
	*n = l.n;
	ck_assert_int_eq(sbuf_adds(&l.sb, ""), 0);
	return sbuf_detach(&l.sb, NULL);
}

/* Text read in pieces of step bytes. */
struct pieces {
	const char *text;
	size_t len, pos, step;
	unsigned rewinds;
};

static long read_step(void *ctx, char *buf, size_t size)
{
	struct pieces *p = ctx;
	size_t k = p->len - p->pos;

	if (k > p->step)
		k = p->step;
	if (k > size)
		k = size;
	memcpy(buf, p->text + p->pos, k);
	p->pos += k;
	return (long)k;
}

static int rewind_step(void *ctx)
{
	struct pieces *p = ctx;

	p->pos = 0;
	p->rewinds++;
	return 0;
}

/* The first n lines of s, as a length. */
static size_t lines_len(const char *s, size_t n)
{
	const char *p = s;

	while (n-- && (p = strchr(p, '\n')))
		p++;
	return p ? (size_t)(p - s) : strlen(s);
}

/*
 * The scanner's events of text, whole and read in pieces, against
 * libyaml's; returns whether the scanner read it to its end.
 */
static bool same_events(const char *name, const char *text, size_t len)
{
	static const size_t steps[] = { 1, 7, 4096 };
	struct evlist l = { SBUF_INIT, 0 };
	size_t n, i, want;
	bool ok, done;
	char *ly, *sc;

	/* the loader parses no further than the document before a character
	 * libyaml refuses (see yml_parse()) */
	if (lb_bad_char(text, 0, len, true, NULL) < len)
		return false;
	ly = libyaml_events(text, len, &n, &ok);
	done = ysc_scan_buf(text, len, collect, &l, &i) == YSC_DONE;
	ck_assert_uint_eq(i, l.n);
	ck_assert_int_eq(sbuf_adds(&l.sb, ""), 0);
	sc = sbuf_detach(&l.sb, NULL);
	if (done)
		ck_assert_msg(ok && l.n == n, "%s: scanner read it, libyaml %s",
			      name, ok ? "gave other events" : "failed");
	ck_assert_msg(l.n <= n, "%s: %zu events, libyaml %zu", name, l.n, n);
	want = lines_len(ly, l.n);
	if (strlen(sc) != want || memcmp(sc, ly, want)) {
		size_t k = 0;

		while (sc[k] && sc[k] == ly[k])
			k++;
		while (k && sc[k - 1] != '\n')
			k--;
		ck_abort_msg("%s: scanner:\n%.300s\nlibyaml:\n%.300s", name,
			     sc + k, ly + k);
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct pieces p = { text, len, 0, steps[i], 0 };
		struct evlist l2 = { SBUF_INIT, 0 };
		size_t c;
		char *s2;
		bool d2;

		if (steps[i] == 1 && len > 16 * 1024)
			continue;
		d2 = ysc_scan_read(read_step, &p, collect, &l2, &c) == YSC_DONE;
		ck_assert_int_eq(sbuf_adds(&l2.sb, ""), 0);
		s2 = sbuf_detach(&l2.sb, NULL);
		ck_assert_msg(d2 == done && !strcmp(s2, sc),
			      "%s: read in pieces of %zu, not the same", name,
			      steps[i]);
		free(s2);
	}
	free(ly);
	free(sc);
	return done;
}

static int on_doc(void *ctx, struct node *root)
{
	tu_dump_tree(ctx, root, 0);
	return 0;
}

static void on_error(void *ctx, const struct diag *e)
{
	ck_assert_int_eq(sbuf_addf(ctx, "error %d %u:%u %s\n", e->code, e->line,
				   e->col, e->msg),
			 0);
}

/*
 * The trees and errors of text: parsed whole (step 0) or read in pieces
 * of step bytes; the scanner on or off.
 */
static bool trees_k8s; /* the builder prunes as for Kubernetes objects */
static const struct load_limits *trees_lim = &load_limits_default;

static char *trees(const char *text, size_t len, size_t step, int fast,
		   bool single)
{
	struct arena *a = arena_new();
	struct sbuf sb = SBUF_INIT;
	struct pieces p = { text, len, 0, step, 0 };
	struct lb b;
	int rc;

	yml_set_fast(fast);
	lb_init(&b, a, "t.yaml", trees_lim, trees_k8s);
	b.on_doc = on_doc;
	b.on_error = on_error;
	b.ctx = &sb;
	rc = step ? yml_parse_pull(&b, read_step, rewind_step, &p)
		  : yml_parse(&b, text, len, single);
	ck_assert_int_eq(sbuf_addf(&sb, "rc %d\n", rc), 0);
	lb_release(&b);
	arena_free(a);
	yml_set_fast(-1);
	return sbuf_detach(&sb, NULL);
}

static void same_text(const char *name, const char *a, const char *b)
{
	size_t k = 0;

	if (!strcmp(a, b))
		return;
	while (a[k] && a[k] == b[k])
		k++;
	while (k && a[k - 1] != '\n')
		k--;
	ck_abort_msg("%s: scanner:\n%.400s\nlibyaml:\n%.400s", name, a + k,
		     b + k);
}

/* The loader's trees and errors with the scanner and without it. */
static void same_trees(const char *name, const char *text, size_t len)
{
	static const size_t steps[] = { 1, 7, 4096 };
	char *slow = trees(text, len, 0, 0, false);
	char *t;
	size_t i;

	t = trees(text, len, 0, 1, false);
	same_text(name, t, slow);
	free(t);
	t = trees(text, len, 0, 1, true);
	free(slow);
	slow = trees(text, len, 0, 0, true);
	same_text(name, t, slow);
	free(t);
	free(slow);
	/* no bad character (yml_parse_pull()'s caller checks them first) */
	if (lb_bad_char(text, 0, len, true, NULL) < len)
		return;
	slow = trees(text, len, 0, 0, false);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i] == 1 && len > 16 * 1024)
			continue;
		t = trees(text, len, steps[i], 1, false);
		same_text(name, t, slow);
		free(t);
	}
	free(slow);
}

static const char *const accepted[] = {
	"a: 1\nb: two\n",
	"- a\n- b\n",
	"a:\n  b:\n    c: d\n  e: f\ng: h\n",
	"items:\n- name: x\n  value: y\n- name: z\nafter: 1\n",
	"a:\n  - 1\n  - - 2\n    - 3\n  -\n  - k: v\n    k2:\n",
	"- - a\n  - b\n- c\n",
	"-   a: 1\n    b: 2\n-\n  c: 3\n- \n- x\n",
	"k: 'it''s'\nd: \"a\\tb\\n\\\"q\\\"\\\\ \\x41\\u00e9\\U0001F600\\/\"\n",
	"'quoted key': v\n\"dq: key\": w\n'a:b': c\n\"\" : empty\n",
	"a: |\n  line1\n  line2\n\n  line4\nb: >\n  folded\n  text\n\n  "
	"para\n   indented\n  back\nc: |-\n  strip\n\n\nd: |+\n  keep\n\n\n"
	"e: >-\n  x\n",
	"a: |\n  no newline at the end",
	"a: |+\n  kept\n\n",
	"a: >\n\n  after a blank\n    more\n  \n  x\n# c\n",
	"- |\n  in a sequence\n  # not a comment\n- >+\n  y\n",
	"a: |  # a comment\n   three\n    four\n   # five\n",
	"# c\na: 1 # c\n# c\n  # c\nb: 'x' # c\nc: # c\n  d: e\n",
	"---\na: 1\n...\n---\nb: 2\n",
	"a: 1\n---\nb: 2\n--- # c\n- x\n",
	"a:\nb:\nc:\n  d:\n",
	"a: {}\nb: []\nc:\n- {}\n- []\n",
	"ключ: значение\nk: é # c\né: 'ü'\n  # x\n",
	"a: -1\nb: 0x1F\nc: 1.5e3\nd: .inf\ne: ~\nf: yes\ng: 1_000\n",
	"a:b: c\nurl: http://x:80/y\nk: a#b\n",
	"key:    spaced   value   \n",
	"  a: 1\n  b: 2\n",
	"a: 1\na: 2\n",
	"<<: {}\nb: 1\n",
	"",
	"# only a comment\n",
	"a: b\n\n\nc: d\n",
	"a: x\n   # deeper comment\nb: y\n",
	"a:\n- b\n-\n- c: d\n  e:\nf: g\n",
	/* plain scalars over several lines, as kubectl folds long values */
	"a: b\n  c\n",
	"- a\n  b\n",
	"k: word word word\n  word word   \n     word\nn: 1\n",
	"- k: one two\n    three four\n  j: five\n- six\n  seven\n",
	"a:\n  b: x y\n   z\n  c: w\nd: |\n  e\n",
	"a: x\n  y\n  # c\nb: 1\n",
	"a: x\n  y:z a#b -c\n",
	"a: 1 2\n  3 4\nb: 2\n",
	"a: x\n  y\n\nb: 2\n",
	/* lines of it count as none: the event waits for the last one */
	"k: a\n  b\n  c\n  d\n  e\n  f\nn: 1\n",
	/* what would start another node is text there */
	"a: x\n  - y\n",
	"a: x\n  *y &z !t\n  \"q\" 'r'\n  [s] {t} ,u\n  ? v |w >x\n  %y @z "
	"`a\n",
	"- d: For example\n    \"Secret\".\n- e\n",
	/* single-quoted values over several lines, as kubectl folds them */
	"a: 'multi\n  line'\n",
	"k: 'word: word: word\n  word: word'\nn: 1\n",
	"m: ' lead w w\n    w w'\n",
	"- 'a: b\n  c # d'\n- x\n",
	"k: 'it''s\n  ''quoted'' '  # c\nj: 2\n",
	"k: 'a   \n     b  c'\n",
	"k: 'a\n  b   \n  c'\n",
	"k: '\n  x'\n",
	"k: 'a\n  b\n  c\n  d\n  e\n  f'\nn: 1\n",
	"k: 'a\n  '\n",
	"k: 'a\n  #b\n  - c'\n",
	"a:\n  b: 'x\n    y'\n  c: 'z'\n",
	/* double-quoted ones: kubectl's for text with a tab or a control
	 * character, or trailing spaces on a line of it */
	"k: \"a\n  b\"\n",
	"a: \"line\\\n  more\"\n",
	"    a: \"word word word word word word word word word word word "
	"word word word\n      word \\tTAB more words\n      words \"\n"
	"    b: \"aaa x\\x01y b b b\n      b b \"\n",
	"data:\n  nginx.conf: \"server {\\n  listen 80;  \\n  location / "
	"{\\n\n    \\   root /srv;\\n  }\\n}\\n\"\nkind: ConfigMap\n",
	"k: \"x  \n   y\"\n",
	"k: \"a\\ \n  b\"\n",
	"k: \"a  \\\n  b\"\n",
	"k: \"a\\\n  \\ b\"\n",
	"k: \"aaa\n  \\  b\"\n",
	"- \"a\n  b\"\n- x\n",
	"k: \"a\n  b\"  # c\nj: 1\n",
	"k: \"\n  x\"\n",
	"k: \"a\n  \\x41\\u00e9 c\\\"d \\U0001F600\\L\\N\\_\\P\"\n",
	"k: \"a\n  b\n  c\n  d\"\nn: 1\n",
	"k: \"a: b # c\n  - d 'e'\"\n---\nj: \"f\n  g\"\n",
	"k: \"\\\n  x\"\n",
	"k: \"a\n  \"\n",
	"k: \"\u00fc\u00e9 a\n  \u00f6 b\"\n",
	/* block scalars with their indentation given, as kubectl writes text
	 * whose first line starts with a space or is blank */
	"a: |2\n   x\n",
	"data:\n  lead.txt: |2\n      indented first line\n    second\n"
	"  lead2.txt: |2\n\n\n    leading blank lines\n  n: 1\n",
	"a: |2-\n   x\n\n  y\nb: >+2\n   z\n\n\nc: |-1\n  q\n",
	"- |2\n   x\n   y\n- >2\n    a\n   b\n\n   c\n",
	"a:\n  b:\n  - |3\n       x\n      y\n  c: 1\n",
	"a: |2\n     \n  x\n",
	"a: |2  # c\n   x\n",
	"a: |9\n           x\n",
	/* plain scalars starting with ':' or '?', as kubectl writes them */
	"- :9001\n- ::1\n- ?x\n- :a:b\n",
	"host: ::1\nk: ?q\nport: :80 # c\ncidr: ::/0\n",
	":a: 1\n?b: 2\n",
	"- a\n  :b\n",
	/* kubectl's, for a ConfigMap with trailing spaces on two lines */
	"data:\n  nginx.conf: \"server {\\n    listen 80;  \\n    server_name "
	"example.com www.example.com;\\n\n    \\   location / {\\n        "
	"root /srv/www;   \\n        index index.html;\\n    }\\n}\\n\"\n"
	"kind: ConfigMap\n",
};

static const char *const refused[] = {
	"a: [1, 2]\n",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"? a\n: b\n",
	"a:\n\tb: 1\n",
	"a: 1\r\nb: 2\r\n",
	"\xef\xbb\xbf"
	"a: 1\n",
	"%YAML 1.1\n---\na: 1\n",
	"a: 1\nb: {c: d}\ne: 2\n",
	"a: 1\nb: : c\nd: 2\n",
	"a: 1\n  b: 2\n",
	"---\n---\na: 1\n",
	"a: |\nb: 1\n",
	"a: \"x\\qy\"\n",
	"- a\nb: 1\n",
	"a: b: c\n",
	"a: 1\n...\nb: 2\n",
	"a: >\n   \n  x\n",
	"a: 1\nb\n",
	"a: 1\n---\n",
	"a: x\n\n  y\n",
	"a: 1\nb: 2\n- c\n",
	/* a plain scalar going on where libyaml reads more than text */
	"a: x\n  y: z\n",
	"a: x\n  y # c\n",
	"a: x\n  #y\n  z\n",
	"a: x\n\n\n  y\nb: 1\n",
	"a: x\n  y\n\n  z\n",
	"3:\n- a  #v: a\n ---\n",
	"a: x # c\n  y\n",
	/* a single-quoted one where libyaml reads more than folded text */
	"k: 'a\n\n  b'\n",
	"a:\n  k: 'a\n  b'\n",
	"k: 'a\n  b': c\n",
	"'a\n  b': c\n",
	"k: 'a\n",
	"k: 'a\n---\nb'\n",
	"k: 'a\n  b' x\n",
	/* ':' or '?' before a space, or alone */
	"a: :\n",
	"a: : b\n",
	"- ? x\n",
	"? \n",
	"a: ?\n",
	/* a block scalar's indentation given wrong */
	"a: |0\n  x\n",
	"a: |10\n  x\n",
	"a: |2x\n  x\n",
	"a: |22\n  x\n",
	"a: |2\n x\n",
	"a: |2\nb: 1\n",
	"a: |2\n",
	"a: |2\n\t x\n",
	/* and a double-quoted one */
	"k: \"a\n\n  b\"\n",
	"a:\n  k: \"a\n  b\"\n",
	"k: \"a\n  b\": c\n",
	"\"a\n  b\": c\n",
	"k: \"a\n",
	"k: \"a\n---\nb\"\n",
	"k: \"a\n  b\" x\n",
	"k: \"a\n  \\q\"\n",
	"k: \"a\n  \\'\"\n",
	"k: \"a\\\n\n  b\"\n",
	"k: \"a\n  b\\\n\"\n",
	"k: \"a\n  \\x4\"\n",
	"k: \"a\n  b\\\n",
};

/* collect(), answering YSC_QUIET after a sequence starts. */
static int collect_quiet(void *ctx, const yaml_event_t *ev)
{
	collect(ctx, ev);
	return ev->type == YAML_SEQUENCE_START_EVENT ? YSC_QUIET : YSC_GO;
}

/*
 * A handler that answers YSC_QUIET is handed no scalar until the next
 * event that is none, and the scalars left out count as handed out.
 */
START_TEST(test_quiet)
{
	static const char text[] = "a:\n- x\n- y\n- {}\n- z\nb: [] \nc:\n"
				   "  - - p\n    - q\n  - r\nd: 1\n";
	static const char *const want[] = {
		"1",
		"3 0:0",
		"9 0:0",
		"6 0:0 style 1 len 1 'a'",
		"7 1:0",
		/* x and y left out */
		"9 3:2",
		"10",
		"6 4:2 style 1 len 1 'z'",
		"8",
		"6 5:0 style 1 len 1 'b'",
		"7 5:3",
		"8",
		"6 6:0 style 1 len 1 'c'",
		"7 7:2",
		"7 7:4",
		/* p and q left out */
		"8",
		"6 9:4 style 1 len 1 'r'",
		"8",
		"6 10:0 style 1 len 1 'd'",
		"6 10:3 style 1 len 1 '1'",
		"10",
		"4",
		"2",
		NULL,
	};
	struct evlist l = { SBUF_INIT, 0 };
	size_t count = 0, n, k;
	bool ok;
	char *ly = libyaml_events(text, strlen(text), &n, &ok);
	char *got, *line;

	ck_assert(ok);
	ck_assert_int_eq(
	    ysc_scan_buf(text, strlen(text), collect_quiet, &l, &count),
	    YSC_DONE);
	ck_assert_uint_eq(count, n);
	ck_assert_int_eq(sbuf_adds(&l.sb, ""), 0);
	got = sbuf_detach(&l.sb, NULL);
	line = got;
	for (k = 0; want[k]; k++) {
		size_t len = strlen(want[k]);

		ck_assert_msg(!strncmp(line, want[k], len) && line[len] == '\n',
			      "event %zu: want '%s', got:\n%s", k, want[k],
			      line);
		line += len + 1;
	}
	ck_assert_str_eq(line, "");
	free(got);
	free(ly);
}
END_TEST

/* collect(), answering YSC_PRUNE + room to the sequence start it wants. */
struct prune_ctx {
	struct evlist l;
	size_t at; /* the event it prunes (from 0) */
	int room;
};

static int collect_prune(void *ctx, const yaml_event_t *ev)
{
	struct prune_ctx *c = ctx;
	size_t k = c->l.n;

	collect(&c->l, ev);
	return k == c->at ? YSC_PRUNE + c->room : YSC_GO;
}

/*
 * A handler that answers YSC_PRUNE to the start of a collection is
 * handed its end next (the events inside count as handed out), unless
 * they nest deeper than it allows: then it is handed all.  When the
 * scanner gives up before the end, none inside counts as handed out.
 */
START_TEST(test_prune)
{
	static const struct {
		const char *text;
		size_t at;
		int room;
		bool pruned;
	} cases[] = {
		{ "a:\n- x\n- - p\n  - q:\n    - r\n- - s\n  - t\nb: 1\n", 4, 9,
		  true },
		{ "a:\n- x\n- - p\n  - q:\n    - r\n- - s\n  - t\nb: 1\n", 4, 3,
		  true },
		{ "a:\n- x\n- - p\n  - q:\n    - r\n- - s\n  - t\nb: 1\n", 4, 2,
		  false },
		{ "a:\n- x\n- - s\n  - t\nb: 1\n", 4, 0, false },
		{ "a:\n- x\n- y\nb: 1\n", 4, 0, true },
		{ "a:\n  b:\n    c: |\n      t\n\n    d: 'e'\nf: g\n", 4, 3,
		  true },
		{ "a: {}\nb: []\n", 4, 0, true },
		{ "- a: 1\n  b:\n  - 2\n- c\n", 2, 5, true },
		{ "x:\n  y: 1\n---\na:\n- - b\n", 4, 5, true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;
		struct prune_ctx c = { { SBUF_INIT, 0 },
				       cases[i].at,
				       cases[i].room };
		size_t count = 0, n, k, depth = 0, want_n = 0;
		bool ok;
		char *ly = libyaml_events(t, strlen(t), &n, &ok);
		char *got, *line = ly;
		struct sbuf want = SBUF_INIT;

		ck_assert(ok);
		/* libyaml's events, those inside the pruned one left out */
		for (k = 0; k < n; k++) {
			char *nl = strchr(line, '\n');
			int type = atoi(line);
			bool inside = depth > 0;

			if (k >= cases[i].at && cases[i].pruned &&
			    (depth || k == cases[i].at)) {
				if (type == YAML_MAPPING_START_EVENT ||
				    type == YAML_SEQUENCE_START_EVENT)
					depth++;
				else if (type == YAML_MAPPING_END_EVENT ||
					 type == YAML_SEQUENCE_END_EVENT)
					inside = --depth > 0;
			}
			if (!inside) {
				ck_assert_int_eq(
				    sbuf_add(&want, line,
					     (size_t)(nl + 1 - line)),
				    0);
				want_n++;
			}
			line = nl + 1;
		}
		ck_assert_int_eq(
		    ysc_scan_buf(t, strlen(t), collect_prune, &c, &count),
		    YSC_DONE);
		ck_assert_uint_eq(count, n);
		ck_assert_uint_eq(c.l.n, want_n);
		ck_assert_int_eq(sbuf_adds(&c.l.sb, ""), 0);
		ck_assert_int_eq(sbuf_adds(&want, ""), 0);
		got = sbuf_detach(&c.l.sb, NULL);
		ck_assert_msg(!strcmp(got, want.buf), "%s:\ngot\n%s\nwant\n%s",
			      t, got, want.buf);
		free(got);
		sbuf_release(&want);
		free(ly);
	}
	/* given up inside it: the events after its start are not counted */
	{
		static const char t[] =
		    "a:\n- x\n- - y\n- z\n- w\n- &n v\nb: 1\n";
		struct prune_ctx c = { { SBUF_INIT, 0 }, 4, 9 };
		size_t count = 0;

		ck_assert_int_eq(
		    ysc_scan_buf(t, strlen(t), collect_prune, &c, &count),
		    YSC_REFUSED);
		ck_assert_uint_eq(count, 5);
		ck_assert_uint_eq(c.l.n, 5);
		sbuf_release(&c.l.sb);
	}
}
END_TEST

/*
 * Pruned fields of every shape (the handler prunes them whole): the same
 * trees and errors as libyaml's, nested past the depth limit too, and
 * with the scanner giving up inside one.
 */
static const char *const pruned[] = {
	"  managedFields:\n  - manager: m\n    fieldsV1:\n      f:a: {}\n"
	"      f:b:\n        .: {}\n        k:x: []\n  - manager: n\n",
	"  managedFields: []\n",
	"  managedFields: {}\n",
	"  managedFields:\n  - {}\n  - []\n  -\n  - - - x\n",
	"  managedFields:\n    - a: |\n        t\n\n      b: >-\n        u\n",
	"  managedFields:\n  - a: 'q\n      r'\n    b: \"s\\\n      t\"\n",
	"  managedFields:\n  - a: &x 1\n  - b\n",
	"  managedFields:\n  - a: [1, 2]\n  - b: {c: d}\n",
	"  managedFields:\n  - a\n  name: b\n",
	"  managedFields:\n  - a: 1\n   b: 2\n",
	"  managedFields:\n  - a: 'x\n",
	"  managedFields:\n  - a\n  managedFields:\n  - b\n",
};

START_TEST(test_pruned_shapes)
{
	static const struct load_limits shallow = {
		.max_depth = 8,
		.max_scalar = 8u << 20,
		.max_file = SIZE_MAX,
		.max_alias_nodes = 100000,
	};
	struct sbuf sb = SBUF_INIT;
	char *text;
	size_t len, k, depth;

	ck_assert_int_eq(sbuf_addf(&sb,
				   "apiVersion: v1\nkind: Pod\n"
				   "metadata:\n  name: p\n%s"
				   "spec:\n  containers:\n  - name: c\n"
				   "status:\n  phase: Running\n"
				   "  conditions:\n  - type: x\n",
				   pruned[_i]),
			 0);
	text = sbuf_detach(&sb, &len);
	trees_k8s = true;
	same_trees(pruned[_i], text, len);
	trees_lim = &shallow;
	same_trees(pruned[_i], text, len);
	free(text);
	/* nested up to the limit and one past it */
	for (depth = 0; depth < 8; depth++) {
		ck_assert_int_eq(sbuf_adds(&sb, "kind: Pod\nmetadata:\n"
						"  managedFields:\n"),
				 0);
		for (k = 0; k < depth; k++)
			ck_assert_int_eq(
			    sbuf_addf(&sb, "%*s- k:\n", (int)(2 * k + 2), ""),
			    0);
		ck_assert_int_eq(
		    sbuf_addf(&sb, "%*s- v\n  name: q\n", (int)(2 * k + 2), ""),
		    0);
		text = sbuf_detach(&sb, &len);
		same_trees(pruned[_i], text, len);
		free(text);
	}
	trees_lim = &load_limits_default;
	trees_k8s = false;
}
END_TEST

START_TEST(test_accepted)
{
	const char *t = accepted[_i];

	ck_assert_msg(same_events(t, t, strlen(t)), "refused: %s", t);
	same_trees(t, t, strlen(t));
}
END_TEST

START_TEST(test_refused)
{
	const char *t = refused[_i];

	ck_assert_msg(!same_events(t, t, strlen(t)), "accepted: %s", t);
	same_trees(t, t, strlen(t));
}
END_TEST

/* Lines of content before the odd one: the scanner gives up late. */
START_TEST(test_refused_late)
{
	struct sbuf sb = SBUF_INIT;
	char *text;
	size_t len, k;

	for (k = 0; k < 200; k++)
		ck_assert_int_eq(sbuf_addf(&sb, "k%zu:\n  v: %zu\n", k, k), 0);
	ck_assert_int_eq(sbuf_adds(&sb, refused[_i]), 0);
	text = sbuf_detach(&sb, &len);
	ck_assert(!same_events(refused[_i], text, len));
	same_trees(refused[_i], text, len);
	free(text);
}
END_TEST

/*
 * A long line, as kubectl writes a ConfigMap's binaryData (one base64
 * line of up to 1.4 MB): read by the scanner, in pieces too.  One past the
 * scanner's limit (16 MiB) read in pieces is left to libyaml.
 */
START_TEST(test_long_line)
{
	static const size_t sizes[] = { 3u << 20, 17u << 20 };
	size_t n = sizes[_i], len, c;
	struct evlist l = { SBUF_INIT, 0 };
	struct pieces p;
	char *text = xmalloc(n + 64);

	len = (size_t)sprintf(text, "items:\n- binaryData:\n    blob.bin: ");
	memset(text + len, 'Q', n);
	len += n;
	len += (size_t)sprintf(text + len, "\n  kind: ConfigMap\n");
	if (!_i) {
		ck_assert(same_events("long line", text, len));
	} else {
		p = (struct pieces){ text, len, 0, 64u << 10, 0 };
		ck_assert_int_eq(ysc_scan_read(read_step, &p, collect, &l, &c),
				 YSC_REFUSED);
		sbuf_release(&l.sb);
	}
	free(text);
}
END_TEST

/*
 * Any byte, at any place of a line (the scanner checks eight at a time):
 * the scanner refuses the lines libyaml refuses and reads the rest the
 * same.  _i is the byte.
 */
START_TEST(test_line_bytes)
{
	static const size_t at[] = { 0, 1, 5, 7, 8, 12, 15, 16, 19, 21 };
	char text[64];
	size_t i;

	if (_i == '\n')
		return;
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		char value[] = "abcdefghijklmnopqrstuv";
		int n;

		value[at[i]] = (char)_i;
		n = snprintf(text, sizeof(text), "k: %sw\nz: 1\n", value);
		ck_assert_int_gt(n, 0);
		text[3 + at[i]] = (char)_i; /* a NUL too */
		same_events(value, text, (size_t)n);
		same_trees(value, text, (size_t)n);
	}
}
END_TEST

/*
 * lb_bad_char() on any byte at any place among printable ASCII and line
 * feeds (it tests eight bytes at a time): where a byte libyaml refuses
 * is, and nothing where it is allowed.  _i is the byte.
 */
START_TEST(test_bad_char_bytes)
{
	static const char base[] = "ab\ncdefghij\n\n\nklmnopqrstuvw\n xyz~ "
				   "0123456789ABCDEFG\n";
	unsigned char c = (unsigned char)_i;
	bool ok_yaml =
	    c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f);
	bool ok_json = c < 0x80;
	size_t len = sizeof(base) - 1, at;

	for (at = 0; at < len; at++) {
		char text[sizeof(base)];
		long cp = 0;
		size_t r;

		memcpy(text, base, sizeof(base));
		text[at] = (char)c;
		r = lb_bad_char(text, 0, len, true, &cp);
		ck_assert_msg(r == (ok_yaml ? len : at),
			      "byte 0x%02x at %zu: %zu", c, at, r);
		if (!ok_yaml)
			ck_assert_int_eq(cp, c < 0x80 ? (long)c : -1);
		r = lb_bad_char(text, 0, len, false, NULL);
		ck_assert_uint_eq(r, ok_json ? len : at);
		/* from any start */
		r = lb_bad_char(text, at / 2, len, true, NULL);
		ck_assert_uint_eq(r, ok_yaml ? len : at);
	}
}
END_TEST

/* Every YAML file under dir (every eighth under valgrind). */
static size_t walk(const char *dir, size_t *read_whole)
{
	static size_t seen;
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t files = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			files += walk(path, read_whole);
		} else if (S_ISREG(st.st_mode) && tu_is_yaml_name(e->d_name)) {
			size_t len;
			char *text;

			files++;
			if (!tu_sample(&seen))
				continue;
			text = tu_read_file(path, &len);
			ck_assert_ptr_nonnull(text);
			if (same_events(path, text, len))
				++*read_whole;
			same_trees(path, text, len);
			free(text);
		}
	}
	closedir(d);
	return files;
}

START_TEST(test_testdata)
{
	size_t whole = 0;

	ck_assert_uint_ge(walk("testdata", &whole), 300);
	/* most are ordinary block YAML */
	ck_assert_uint_ge(whole, 10);
}
END_TEST

START_TEST(test_real_clusters)
{
	TU_NEED_SHARED(shared);
	char path[1024];
	size_t whole = 0;

	snprintf(path, sizeof(path), "%s/k8s-real", shared);
	ck_assert_uint_ge(walk(path, &whole), 1);
}
END_TEST

/*
 * kubectl label --local prints object after object with no "---"
 * between: each object's top-level keys come sorted, so one starts where
 * a key at the margin is not after the one before.  text with "---"
 * before each object but the first (text is freed).
 */
static char *split_objects(char *text, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	const char *p = text, *prev = NULL;
	size_t prevlen = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		if (n >= 3 && !memcmp(p, "---", 3)) {
			/* a kubectl that marks its documents itself */
			prev = NULL;
		} else if (*p != ' ' && *p != '-' && *p != '#' && *p != '\n') {
			const char *colon = memchr(p, ':', n);
			size_t k = colon ? (size_t)(colon - p) : n;
			int c = prev
				    ? memcmp(p, prev, k < prevlen ? k : prevlen)
				    : 1;

			if (c < 0 || (!c && k <= prevlen))
				ck_assert_int_eq(sbuf_adds(&sb, "---\n"), 0);
			prev = p;
			prevlen = k;
		}
		ck_assert_int_eq(sbuf_add(&sb, p, n), 0);
		p += n;
	}
	free(text);
	return sbuf_detach(&sb, len);
}

/*
 * Every object of ../shared/k8s-real as kubectl writes it (label --local
 * -o yaml: go-yaml's styles, folds and quotes): the scanner reads all of
 * it, with libyaml's events, and the loader builds the same trees with it
 * and without it.
 */
START_TEST(test_kubectl_styles)
{
	TU_NEED_SHARED(shared);
	char *out = NULL;
	size_t len, docs = 0;
	const char *d;

	tu_need_tool("kubectl", "kubernetes-client");
	/* files that are not objects make kubectl end with 1 */
	tu_shf(&out,
	       TU_ENV "timeout 120 kubectl label --local -R "
		      "-f '%s/k8s-real' threatmap-test=1 -o yaml 2>/dev/null",
	       shared);
	ck_assert_uint_gt(strlen(out), 1u << 20);
	out = split_objects(out, &len);
	for (d = out; (d = strstr(d, "\n---\n")); d++)
		docs++;
	ck_assert_uint_gt(docs, 800);
	if (getenv("THREATMAP_TEST_QUICK")) {
		/* under valgrind: the documents of the first 256 KiB */
		const char *cut = strstr(out + (256u << 10), "\n---\n");

		ck_assert_ptr_nonnull(cut);
		len = (size_t)(cut - out) + 1;
		out[len] = '\0';
	}
	ck_assert_msg(same_events("kubectl's YAML", out, len),
		      "kubectl's YAML of ../shared/k8s-real left to libyaml");
	same_trees("kubectl's YAML", out, len);
	free(out);
}
END_TEST

static char *load_digest(const char *path, int fast)
{
	struct diag_list errs = { 0 };
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	char *d;

	yml_set_fast(fast);
	load_file(a, inv, path, NULL, &errs);
	yml_set_fast(-1);
	d = tu_load_digest(inv, &errs);
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
	return d;
}

/*
 * Generated `kubectl get -o yaml` Lists loaded from files (read in pieces
 * and never held whole): the same with the scanner as without, also when
 * it gives up in the middle of the List and the file is read again.
 */
START_TEST(test_generated_lists)
{
	static const char *const cmds[] = {
		"python3 tests/gen_bench.py 300 yaml 2>/dev/null",
		"python3 tests/gen_bench.py 60 yaml 2>/dev/null | sed "
		"'2000s/{}$/{a: b}/'",
		"python3 tests/gen_bench.py 60 yaml 2>/dev/null | sed "
		"'3000s/$/ [/'",
		"python3 tests/gen_bench.py 60 yaml 2>/dev/null | sed "
		"'s/^kind: List$/kind: Bag/'",
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char path[] = "/tmp/threatmap-yamlscan-XXXXXX";
		char *out = NULL, *d0, *d1;
		int fd = mkstemp(path);
		size_t len;

		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(tu_run(cmds[i], &out), 0);
		len = strlen(out);
		ck_assert_uint_gt(len, 300 * 1024);
		ck_assert_int_eq(write(fd, out, len), (ssize_t)len);
		close(fd);
		d0 = load_digest(path, 0);
		d1 = load_digest(path, 1);
		unlink(path);
		same_text(cmds[i], d1, d0);
		ck_assert_uint_gt(strlen(d0), 50);
		free(d0);
		free(d1);
		free(out);
	}
}
END_TEST

Suite *suite_yamlscan(void)
{
	Suite *s = suite_create("yamlscan");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_accepted, 0,
			    sizeof(accepted) / sizeof(accepted[0]));
	tcase_add_loop_test(tc, test_refused, 0,
			    sizeof(refused) / sizeof(refused[0]));
	tcase_add_loop_test(tc, test_refused_late, 0,
			    sizeof(refused) / sizeof(refused[0]));
	tcase_add_loop_test(tc, test_long_line, 0, 2);
	tcase_add_loop_test(tc, test_line_bytes, 1, 256);
	tcase_add_loop_test(tc, test_bad_char_bytes, 0, 256);
	tcase_add_test(tc, test_quiet);
	tcase_add_test(tc, test_prune);
	tcase_add_loop_test(tc, test_pruned_shapes, 0,
			    sizeof(pruned) / sizeof(pruned[0]));
	tcase_add_test(tc, test_testdata);
	tcase_add_test(tc, test_real_clusters);
	tcase_add_test(tc, test_kubectl_styles);
	tcase_add_test(tc, test_generated_lists);
	suite_add_tcase(s, tc);
	return s;
}
