/*
 * The JSON loader against yajl: on the fuzz corpora, every JSON file of
 * testdata/ and ../shared/k8s-real, and generated edge cases, both must
 * accept or reject the same input, and accepted input must give the same
 * tree.  Each input is also fed in two pieces cut at every byte (or at
 * many bytes for large files), which must change nothing, message and
 * position included.
 *
 * yajl 2.1 is more lenient in a few documented ways; a difference is
 * allowed only when the loader's error is one of them: stricter UTF-8
 * (overlong forms, encoded surrogates, unpaired surrogate escapes), the
 * depth and size limits, a form feed or vertical tab taken for white space,
 * an unfinished token after the value, and duplicate keys.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yajl/yajl_parse.h>

#include "arena.h"
#include "diag.h"
#include "jsonw.h"
#include "load/json.h"
#include "load/limits.h"
#include "load/loadb.h"
#include "node.h"
#include "sbuf.h"
#include "testutil.h"

#define JD_DEPTH 64

static const struct load_limits jd_limits = {
	.max_depth = JD_DEPTH,
	.max_scalar = 1 << 24,
	.max_file = (size_t)1 << 30,
	.max_alias_nodes = 1000,
};

/* What one parse gave: the documents (one per line) or the error. */
struct jd_out {
	struct sbuf dump;
	struct diag err;
	bool failed;
};

static int jd_doc(void *ctx, struct node *root)
{
	struct jd_out *o = ctx;

	ck_assert_int_eq(jsonw_tree(&o->dump, root), 0);
	return sbuf_addch(&o->dump, '\n');
}

static void jd_error(void *ctx, const struct diag *d)
{
	struct jd_out *o = ctx;

	ck_assert_msg(!o->failed, "second error: %s", d->msg);
	o->failed = true;
	o->err = *d;
}

/*
 * The loader's parser on t: whole (first 0), or fed [0, first) and then
 * pieces of piece bytes; *held (when not NULL) gets the most the stream
 * held between pieces.
 */
static void parse_feed(struct jd_out *o, const char *t, size_t len,
		       const struct load_limits *lim, bool k8s, bool multi,
		       size_t first, size_t piece, size_t *held)
{
	struct arena *a = arena_new();
	struct lb b;

	memset(o, 0, sizeof(*o));
	sbuf_init(&o->dump, 0);
	lb_init(&b, a, "t.json", lim, k8s);
	b.declared = k8s;
	b.on_doc = jd_doc;
	b.on_error = jd_error;
	b.ctx = o;
	if (held)
		*held = 0;
	if (!first) {
		json_parse(&b, t, len, multi);
	} else {
		struct json_stream *j = json_stream_new(&b, multi);
		size_t off, n;
		int rc = 0;

		for (off = 0; off < len && !rc; off += n) {
			n = off ? piece : first;
			if (n > len - off)
				n = len - off;
			rc = json_stream_feed(j, t + off, n);
			if (held && json_stream_held(j) > *held)
				*held = json_stream_held(j);
		}
		if (!rc)
			json_stream_end(j);
		json_stream_free(j);
	}
	lb_release(&b);
	arena_free(a);
}

/* The loader's parser; cut > 0 feeds [0, cut) and [cut, len) apart. */
static void ours(struct jd_out *o, const char *buf, size_t len, bool multi,
		 size_t cut)
{
	parse_feed(o, buf, len, &jd_limits, false, multi, cut, len, NULL);
}

/* yajl's events written out as jsonw_tree() writes a tree. */
struct jd_yajl {
	struct sbuf *sb;
	unsigned char first[4096]; /* per depth: no member yet */
	size_t depth;
	bool after_key;
};

static int y_sep(struct jd_yajl *y)
{
	if (y->after_key) {
		y->after_key = false;
		return 1;
	}
	if (y->depth && !y->first[y->depth])
		sbuf_addch(y->sb, ',');
	if (y->depth)
		y->first[y->depth] = 0;
	return 1;
}

static int y_done(struct jd_yajl *y)
{
	if (!y->depth)
		sbuf_addch(y->sb, '\n');
	return 1;
}

static int y_null(void *ctx)
{
	struct jd_yajl *y = ctx;

	y_sep(y);
	sbuf_adds(y->sb, "null");
	return y_done(y);
}

static int y_bool(void *ctx, int v)
{
	struct jd_yajl *y = ctx;

	y_sep(y);
	sbuf_adds(y->sb, v ? "true" : "false");
	return y_done(y);
}

static int y_number(void *ctx, const char *s, size_t len)
{
	struct jd_yajl *y = ctx;

	y_sep(y);
	if (sbuf_add(y->sb, s, len))
		return 0;
	return y_done(y);
}

static int y_string(void *ctx, const unsigned char *s, size_t len)
{
	struct jd_yajl *y = ctx;

	y_sep(y);
	sbuf_add_json_str(y->sb, (const char *)s, len);
	return y_done(y);
}

static int y_key(void *ctx, const unsigned char *s, size_t len)
{
	struct jd_yajl *y = ctx;

	y_sep(y);
	sbuf_add_json_str(y->sb, (const char *)s, len);
	sbuf_addch(y->sb, ':');
	y->after_key = true;
	return 1;
}

static int y_open(struct jd_yajl *y, char c)
{
	y_sep(y);
	sbuf_addch(y->sb, c);
	if (++y->depth >= sizeof(y->first))
		return 0;
	y->first[y->depth] = 1;
	return 1;
}

static int y_close(struct jd_yajl *y, char c)
{
	sbuf_addch(y->sb, c);
	y->depth--;
	return y_done(y);
}

static int y_start_map(void *ctx)
{
	return y_open(ctx, '{');
}

static int y_end_map(void *ctx)
{
	return y_close(ctx, '}');
}

static int y_start_array(void *ctx)
{
	return y_open(ctx, '[');
}

static int y_end_array(void *ctx)
{
	return y_close(ctx, ']');
}

static const yajl_callbacks jd_callbacks = {
	.yajl_null = y_null,
	.yajl_boolean = y_bool,
	.yajl_number = y_number,
	.yajl_string = y_string,
	.yajl_start_map = y_start_map,
	.yajl_map_key = y_key,
	.yajl_end_map = y_end_map,
	.yajl_start_array = y_start_array,
	.yajl_end_array = y_end_array,
};

/* yajl (validating UTF-8) on the whole input: accepted, with its dump. */
static bool theirs(struct sbuf *dump, const char *buf, size_t len, bool multi)
{
	struct jd_yajl *y = calloc(1, sizeof(*y));
	yajl_handle h;
	bool ok;

	ck_assert_ptr_nonnull(y);
	y->sb = dump;
	h = yajl_alloc(&jd_callbacks, NULL, y);
	ck_assert_ptr_nonnull(h);
	if (multi)
		yajl_config(h, yajl_allow_multiple_values, 1);
	ok = yajl_parse(h, (const unsigned char *)buf, len) == yajl_status_ok &&
	     yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	free(y);
	return ok;
}

/* Byte offset of line/col (columns count characters), or len. */
static size_t offset_of(const char *buf, size_t len, unsigned line,
			unsigned col)
{
	size_t i = 0;
	unsigned l = 1, c = 1;

	for (; i < len && (l < line || c < col); i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	/* the continuation bytes of the character before belong to it */
	while (i < len && ((unsigned char)buf[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* A rejection yajl 2.1 does not make, on purpose (see the top). */
static bool known_stricter(const struct jd_out *o, const char *buf, size_t len)
{
	size_t at = offset_of(buf, len, o->err.line, o->err.col);

	if (o->err.code == DIAG_ENCODING || o->err.code == DIAG_LIMIT)
		return true;
	if (!strncmp(o->err.msg, "duplicate key", 13))
		return true;
	/* an unfinished token after a value: trailing text, or the end of
	 * the input inside the next value */
	if (strstr(o->err.msg, "expected end of input after") ||
	    !strcmp(o->err.msg, "unexpected end of input"))
		return true;
	return at < len && (buf[at] == '\f' || buf[at] == '\v');
}

static void compare_one(const char *name, const char *buf, size_t len,
			bool multi, size_t step)
{
	struct jd_out o, s;
	struct sbuf yd = SBUF_INIT;
	bool yok = theirs(&yd, buf, len, multi);
	size_t cut;

	ours(&o, buf, len, multi, 0);
	if (yok && o.failed)
		ck_assert_msg(known_stricter(&o, buf, len),
			      "%s (multi %d): yajl accepts, loader says "
			      "%u:%u %s",
			      name, multi, o.err.line, o.err.col, o.err.msg);
	else
		ck_assert_msg(yok == !o.failed,
			      "%s (multi %d): yajl rejects, loader accepts",
			      name, multi);
	if (yok && !o.failed)
		ck_assert_msg(yd.len == o.dump.len &&
				  !memcmp(yd.buf, o.dump.buf, yd.len),
			      "%s (multi %d): trees differ:\nyajl:   %.300s\n"
			      "loader: %.300s",
			      name, multi, yd.buf, o.dump.buf);
	for (cut = 1; cut < len; cut += step) {
		ours(&s, buf, len, multi, cut);
		ck_assert_msg(s.failed == o.failed, "%s cut at %zu: verdict",
			      name, cut);
		if (o.failed)
			ck_assert_msg(s.err.code == o.err.code &&
					  s.err.line == o.err.line &&
					  s.err.col == o.err.col &&
					  !strcmp(s.err.msg, o.err.msg),
				      "%s cut at %zu: %u:%u %s, whole: %u:%u "
				      "%s",
				      name, cut, s.err.line, s.err.col,
				      s.err.msg, o.err.line, o.err.col,
				      o.err.msg);
		ck_assert_msg(s.dump.len == o.dump.len &&
				  !memcmp(s.dump.buf, o.dump.buf, s.dump.len),
			      "%s cut at %zu: documents differ", name, cut);
		sbuf_release(&s.dump);
	}
	sbuf_release(&o.dump);
	sbuf_release(&yd);
}

static void compare(const char *name, const char *buf, size_t len, size_t step)
{
	compare_one(name, buf, len, false, step);
	compare_one(name, buf, len, true, step);
}

/* Generated inputs: escapes, UTF-8, numbers, words, structure, nesting. */
static const char *const jd_cases[] = {
	"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
	"[\"\\u0000\\u001f\\u0041\\u00e9\\u07ff\\u0800\\uffff\"]",
	"[\"\\ud83d\\ude00\\uD83D\\uDE00\\udbff\\udfff\\ud800\\udc00\"]",
	"[\"\\ud800\"]",
	"[\"\\udc00\"]",
	"[\"\\ud800\\u0041\"]",
	"[\"\\ud800x\"]",
	"[\"\\ud800\\n\"]",
	"[\"\\ud800\\ud800\"]",
	"[\"\\q\"]",
	"[\"\\u12G4\"]",
	"[\"\\u12\"]",
	"[\"\\U0041\"]",
	"[\"\\",
	"[\"\\u00",
	"[\"a\tb\"]",
	"[\"a\nb\"]",
	"[\"\x7f\"]",
	"[\"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\"]",
	"[\"\xc0\xaf\"]",
	"[\"\xe0\x80\xaf\"]",
	"[\"\xed\xa0\x80\"]",
	"[\"\xf4\x90\x80\x80\"]",
	"[\"\xf8\x88\x80\x80\x80\"]",
	"[\"\x80\"]",
	"[\"\xc3\"]",
	"[\"\xc3",
	"[\"\xe6\x97\"]",
	"{\"k\xff\": 1}",
	"[-0, 0, -0.0, 0e0, 1E+2, 1e-2, 12.5e10, 1e400, -1e-400]",
	"[123456789012345678901234567890]",
	"[01]",
	"[-01]",
	"[1.]",
	"[.5]",
	"[-]",
	"[-a]",
	"[+1]",
	"[1e]",
	"[1e+]",
	"[1.e5]",
	"[0x10]",
	"[1-2]",
	"[Infinity]",
	"[NaN]",
	"-0",
	"1e400",
	"01",
	"1.",
	".5",
	"-",
	"12",
	"[true, false, null]",
	"[tru]",
	"[nul",
	"[fals]",
	"[truex]",
	"[true1]",
	"[nulll]",
	"[True]",
	"tru",
	"true false",
	"{\"a\": 1 \"b\": 2}",
	"[1 2]",
	"{\"a\" 1}",
	"{\"a\":}",
	"[1,]",
	"{\"a\":1,}",
	"{,}",
	"[,]",
	"{1: 2}",
	"{\"a\"::1}",
	"]",
	"}",
	",",
	":",
	"{\"a\":1}}",
	"[]]",
	"{\"a\":1} x",
	"{\"a\":1} \"abc",
	"{\"a\":1} tru",
	"{\"a\":1} {\"b\":2}",
	"{}{}",
	"[][]",
	"1 2",
	"\"a\"\"b\"",
	"[1, /* c */ 2]",
	"[1] // c",
	"#",
	"[\x01]",
	"\xef\xbb\xbf[]",
	"",
	"   ",
	"\n\r\t []",
	"\f[]",
	"[1]\v",
	"{\"a\":\n1,\n\"b\"",
	"[\n\n  {\"a\": [\n",
	"{\"a\":1,\"a\":2}",
	"{\"\":0, \"a\\u0000b\": 1, \"a\": {\"b\": [[], {}, [{}]]}}",
	"\"just a string\"",
	"null",
};

static char *nest(size_t depth, bool objects)
{
	char *s = malloc(depth * 6 + 8);
	size_t i, n = 0;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < depth; i++)
		n += (size_t)sprintf(s + n, "%s", objects ? "{\"a\":" : "[");
	s[n++] = '1';
	for (i = 0; i < depth; i++)
		s[n++] = objects ? '}' : ']';
	s[n] = '\0';
	return s;
}

START_TEST(test_jsondiff_generated)
{
	const char *c = jd_cases[_i];

	compare(c, c, strlen(c), 1);
}
END_TEST

START_TEST(test_jsondiff_nesting)
{
	size_t d;

	for (d = JD_DEPTH - 1; d <= JD_DEPTH + 1; d++) {
		char *a = nest(d, false), *o = nest(d, true);
		struct jd_out r;

		compare(a, a, strlen(a), 1);
		compare(o, o, strlen(o), 1);
		ours(&r, a, strlen(a), false, 0);
		ck_assert_int_eq(r.failed, d > JD_DEPTH);
		if (r.failed) {
			ck_assert_int_eq(r.err.code, DIAG_LIMIT);
			ck_assert_uint_eq(r.err.col, JD_DEPTH + 1);
		}
		sbuf_release(&r.dump);
		free(a);
		free(o);
	}
}
END_TEST

/*
 * Exact diagnostics, also inside subtrees the builder drops in Kubernetes
 * mode (managedFields, the last-applied annotation), which are checked
 * without being built.
 */
#define POD                                                                    \
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"      \
	"\"p\","
static const struct {
	const char *text;
	bool k8s;
	enum diag_code code;
	unsigned line, col;
	const char *msg;
} jd_errors[] = {
	{ "[1, 2 3]", false, DIAG_PARSE, 1, 7,
	  "expected ',' or ']' after an array item" },
	{ "{\"a\":1 \"b\":2}", false, DIAG_PARSE, 1, 8,
	  "expected ',' or '}' after an object member" },
	{ "{\"a\" 1}", false, DIAG_PARSE, 1, 6,
	  "expected ':' after an object key" },
	{ "{\"a\":1,}", false, DIAG_PARSE, 1, 8,
	  "expected an object key (a string in double quotes)" },
	{ ",", false, DIAG_PARSE, 1, 1,
	  "unexpected token, expected a JSON value" },
	{ "12 13", false, DIAG_PARSE, 1, 4,
	  "expected end of input after the JSON value" },
	{ "{\"a\":1} tru", false, DIAG_PARSE, 1, 9,
	  "expected end of input after the JSON value" },
	{ "[truex]", false, DIAG_PARSE, 1, 2,
	  "invalid character, expected a JSON value" },
	{ "[1@]", false, DIAG_PARSE, 1, 3,
	  "invalid character, expected a JSON value" },
	{ "[tx]", false, DIAG_PARSE, 1, 2,
	  "invalid word, expected a JSON value (true, false, null, a number "
	  "or a string)" },
	{ "[nul", false, DIAG_PARSE, 1, 5,
	  "invalid word, expected a JSON value (true, false, null, a number "
	  "or a string): the array opened at line 1 col 1 is not closed" },
	{ "[1.]", false, DIAG_PARSE, 1, 4,
	  "malformed number, a digit is required after the decimal point" },
	{ "[-", false, DIAG_PARSE, 1, 3,
	  "malformed number, a digit is required after the minus sign: the "
	  "array opened at line 1 col 1 is not closed" },
	{ "[1, /* c */ 2]", false, DIAG_PARSE, 1, 5,
	  "comments are not allowed in JSON" },
	{ "[\"a\\qb\"]", false, DIAG_PARSE, 1, 5,
	  "inside a string, '\\' occurs before a character which it may not" },
	{ "[\"a\\u12G4\"]", false, DIAG_PARSE, 1, 8,
	  "expected four hex digits after '\\u'" },
	{ "[1,\n\"ab\x01\"]", false, DIAG_PARSE, 2, 4,
	  "invalid character inside string" },
	{ "[\"\xc3\xa9\xc0\xaf\"]", false, DIAG_ENCODING, 1, 4,
	  "invalid UTF-8 in a string (byte 0xc0)" },
	{ "[\"x\", \"\\ud800\"]", false, DIAG_ENCODING, 1, 7,
	  "unpaired surrogate escape in a string" },
	{ "[\"\\ud800\\u0041\"]", false, DIAG_ENCODING, 1, 2,
	  "unpaired surrogate escape in a string" },
	{ "{\"a\":\n1,\n\"b\"", false, DIAG_PARSE, 3, 4,
	  "unexpected end of input: the object opened at line 1 col 1 is not "
	  "closed" },
	{ "{\"a\":1,\"a\":2}", false, DIAG_PARSE, 1, 8,
	  "duplicate key 'a' (first at line 1)" },
	{ POD "\"managedFields\":[{\"a\":[1,\n{\"b\":tru}]}]}}", true,
	  DIAG_PARSE, 2, 6,
	  "invalid word, expected a JSON value (true, false, null, a number "
	  "or a string)" },
	{ POD "\"managedFields\":[{\"a\":\"\xc0\"}]}}", true, DIAG_ENCODING, 1,
	  79, "invalid UTF-8 in a string (byte 0xc0)" },
	{ POD "\"managedFields\":[{\"a\":\"\\udc00\"}]}}", true, DIAG_ENCODING,
	  1, 78, "unpaired surrogate escape in a string" },
	{ POD "\"managedFields\":[{\"a\":1 \"b\":2}]}}", true, DIAG_PARSE, 1,
	  80, "expected ',' or '}' after an object member" },
	{ POD "\"managedFields\":[{\"a\":1]}]}}", true, DIAG_PARSE, 1, 79,
	  "expected ',' or '}' after an object member" },
	{ POD "\"annotations\":{\"kubectl.kubernetes.io/"
	      "last-applied-configuration\":\"{\\\"a\\\":\\x\"}}}",
	  true, DIAG_PARSE, 1, 131,
	  "inside a string, '\\' occurs before a character which it may not" },
	{ POD "\"managedFields\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}",
	  true, DIAG_LIMIT, 1, 134,
	  "nesting deeper than 64 levels of arrays and objects" },
	{ POD "\"managedFields\":[{\"a\":[1,2", true, DIAG_PARSE, 1, 82,
	  "unexpected end of input: the object opened at line 1 col 44 is not "
	  "closed" },
};

START_TEST(test_jsondiff_errors)
{
	struct arena *a = arena_new();
	struct jd_out o;
	struct lb b;
	const char *t = jd_errors[_i].text;
	size_t cut;

	for (cut = 0; cut < strlen(t); cut++) {
		memset(&o, 0, sizeof(o));
		sbuf_init(&o.dump, 0);
		lb_init(&b, a, "t.json", &jd_limits, jd_errors[_i].k8s);
		b.declared = jd_errors[_i].k8s;
		b.on_doc = jd_doc;
		b.on_error = jd_error;
		b.ctx = &o;
		if (!cut) {
			json_parse(&b, t, strlen(t), false);
		} else {
			struct json_stream *j = json_stream_new(&b, false);

			if (!json_stream_feed(j, t, cut) &&
			    !json_stream_feed(j, t + cut, strlen(t) - cut))
				json_stream_end(j);
			json_stream_free(j);
		}
		lb_release(&b);
		ck_assert_msg(o.failed, "%s: accepted", t);
		ck_assert_msg(o.err.code == jd_errors[_i].code &&
				  o.err.line == jd_errors[_i].line &&
				  o.err.col == jd_errors[_i].col &&
				  !strcmp(o.err.msg, jd_errors[_i].msg),
			      "%s (cut %zu): got %d %u:%u '%s'", t, cut,
			      o.err.code, o.err.line, o.err.col, o.err.msg);
		sbuf_release(&o.dump);
	}
	arena_free(a);
}
END_TEST

/* A dropped subtree leaves nothing behind and costs no builder event. */
START_TEST(test_jsondiff_skip_drops)
{
	static const char text[] =
	    POD "\"managedFields\":[{\"a\":[1,{\"b\":\"\\u00e9\"}],\"c\":{}}],"
		"\"labels\":{\"x\":\"y\"}},\"status\":{\"phase\":\"Running\","
		"\"conditions\":[{\"type\":\"Ready\"}]}}";
	struct arena *a = arena_new();
	struct jd_out o;
	struct lb b;

	memset(&o, 0, sizeof(o));
	sbuf_init(&o.dump, 0);
	lb_init(&b, a, "t.json", &jd_limits, true);
	b.declared = true;
	b.on_doc = jd_doc;
	b.on_error = jd_error;
	b.ctx = &o;
	ck_assert_int_eq(json_parse(&b, text, strlen(text), false), 0);
	ck_assert_msg(!strstr(o.dump.buf, "managedFields") &&
			  strstr(o.dump.buf, "\"labels\":{\"x\":\"y\"}"),
		      "%s", o.dump.buf);
	lb_release(&b);
	sbuf_release(&o.dump);
	arena_free(a);
}
END_TEST

/*
 * Long strings: before + units copies of unit + after.  A unit of 27
 * bytes decodes to 14: two letters, a two-byte escape, a surrogate pair,
 * '\n', a two-byte character and three letters.
 */
#define MIXED "ab\\u00e9\\ud83d\\ude00\\n\xc3\xa9xyz"

static char *repeat(const char *before, const char *unit, size_t units,
		    const char *after, size_t *len)
{
	size_t b = strlen(before), u = strlen(unit), a = strlen(after), i;
	char *t = xmalloc(b + u * units + a + 1);

	memcpy(t, before, b);
	for (i = 0; i < units; i++)
		memcpy(t + b + i * u, unit, u);
	memcpy(t + b + u * units, after, a + 1);
	*len = b + u * units + a;
	return t;
}

/*
 * Parse text whole (piece 0) or fed in pieces of piece bytes; *held gets
 * the most the stream held between pieces.
 */
static void parse_lim(struct jd_out *o, const char *t, size_t len,
		      const struct load_limits *lim, bool k8s, size_t piece,
		      size_t *held)
{
	parse_feed(o, t, len, lim, k8s, false, piece, piece, held);
}

/* jd_limits with another scalar limit. */
static struct load_limits scalar_limit(size_t max)
{
	struct load_limits l = jd_limits;

	l.max_scalar = max;
	return l;
}

static const struct {
	const char *before, *unit;
	size_t units;
	const char *after;
	bool k8s;
	const char *msg; /* NULL: accepted */
} long_cases[] = {
	/* a value, then a key, past the limit */
	{ "{\"a\":\"", MIXED, 20000, "\"}", false,
	  "scalar of 280000 bytes is larger than the limit of 102400 bytes" },
	{ "{\"a\":{\"", MIXED, 20000, "\":1}}", false,
	  "key of 280000 bytes is larger than the limit of 102400 bytes" },
	/* 102,400 bytes decoded from 307,200 of text: kept */
	{ "{\"a\":\"", "\\u00e9", 51200, "\"}", false, NULL },
	{ "{\"a\":\"", "\\ud83d\\ude00", 25600, "\"}", false, NULL },
	/* one byte more */
	{ "{\"a\":\"", "\\u00e9", 51200, "x\"}", false,
	  "scalar of 102401 bytes is larger than the limit of 102400 bytes" },
	/* dropped: any length */
	{ POD "\"managedFields\":[{\"a\":\"", MIXED, 20000,
	  "\"}]},\"spec\":{}}", true, NULL },
	{ POD "\"managedFields\":[{\"", MIXED, 20000, "\":1}]},\"spec\":{}}",
	  true, NULL },
	/* errors found after the text is let go */
	{ "{\"a\":\"", MIXED, 20000, "\xff\"}", false,
	  "invalid UTF-8 in a string (byte 0xff)" },
	{ "{\"a\":\"", MIXED, 20000, "\\ude00\"}", false,
	  "unpaired surrogate escape in a string" },
	{ POD "\"managedFields\":[{\"a\":\"", MIXED, 20000, "\\x\"}]}}", true,
	  "inside a string, '\\' occurs before a character which it may not" },
	{ "{\"a\":\"", MIXED, 20000, "", false,
	  "unexpected end of input: the object opened at line 1 col 1 is not "
	  "closed" },
};

/*
 * A string is passed over once it is dropped or past the limit: the same
 * result (tree, or error, message and position) as when parsed whole, in
 * pieces of any size.
 */
START_TEST(test_jsondiff_long_strings)
{
	static const size_t pieces[] = { 1, 7, 4096, 65536, 300000 };
	const struct load_limits lim = scalar_limit(100 << 10);
	size_t len, held, i;
	char *t = repeat(long_cases[_i].before, long_cases[_i].unit,
			 long_cases[_i].units, long_cases[_i].after, &len);
	struct jd_out whole, o;

	parse_lim(&whole, t, len, &lim, long_cases[_i].k8s, 0, &held);
	if (long_cases[_i].msg) {
		ck_assert_msg(whole.failed, "accepted");
		ck_assert_str_eq(whole.err.msg, long_cases[_i].msg);
	} else {
		ck_assert_msg(!whole.failed, "%s", whole.err.msg);
		ck_assert_uint_gt(whole.dump.len, 0);
	}
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		parse_lim(&o, t, len, &lim, long_cases[_i].k8s, pieces[i],
			  &held);
		ck_assert_msg(o.failed == whole.failed, "piece %zu", pieces[i]);
		if (o.failed)
			ck_assert_msg(o.err.code == whole.err.code &&
					  o.err.line == whole.err.line &&
					  o.err.col == whole.err.col &&
					  !strcmp(o.err.msg, whole.err.msg),
				      "piece %zu: %d %u:%u %s, whole %d %u:%u",
				      pieces[i], o.err.code, o.err.line,
				      o.err.col, o.err.msg, whole.err.code,
				      whole.err.line, whole.err.col);
		else
			ck_assert_str_eq(o.dump.buf, whole.dump.buf);
		sbuf_release(&o.dump);
	}
	sbuf_release(&whole.dump);
	free(t);
}
END_TEST

/*
 * What a stream holds: a string of 32 MiB, dropped or past a limit of 1
 * MiB, read in pieces of 64 KiB, never takes more than a few times the
 * limit between pieces; one within the limit is held.
 */
START_TEST(test_jsondiff_long_string_held)
{
	const struct load_limits lim = scalar_limit(1 << 20);
	static const struct {
		const char *before, *after;
		bool k8s;
		size_t units, most;
	} c[] = {
		{ "{\"a\":\"", "\"}", false, (32 << 20) / 27, 8 << 20 },
		{ "{\"", "\":1}", false, (32 << 20) / 27, 8 << 20 },
		{ POD "\"managedFields\":[\"", "\"]}}", true, (32 << 20) / 27,
		  1 << 20 },
		/* 896 KiB of text, under the limit: held whole */
		{ "{\"a\":\"", "\"}", false, (896 << 10) / 27, 4 << 20 },
	};
	size_t len, held;
	char *t = repeat(c[_i].before, MIXED, c[_i].units, c[_i].after, &len);
	struct jd_out o;

	parse_lim(&o, t, len, &lim, c[_i].k8s, 64 << 10, &held);
	ck_assert_msg(held <= c[_i].most, "held %zu of %zu", held, len);
	if (c[_i].units < (1 << 20) / 14) {
		ck_assert_msg(!o.failed, "%s", o.err.msg);
		ck_assert_uint_ge(held, 896 << 10);
	} else if (!c[_i].k8s) {
		ck_assert(o.failed);
		ck_assert_ptr_nonnull(strstr(o.err.msg, "of 17398584 bytes"));
	} else {
		ck_assert_msg(!o.failed, "%s", o.err.msg);
	}
	sbuf_release(&o.dump);
	free(t);
}
END_TEST

/* Empty pieces, before anything and between tokens, change nothing. */
START_TEST(test_jsondiff_empty_pieces)
{
	static const char text[] = "{\"a\": [1, \"b\", true]}";
	struct arena *a = arena_new();
	struct json_stream *j;
	struct jd_out o;
	struct lb b;
	size_t i;

	memset(&o, 0, sizeof(o));
	sbuf_init(&o.dump, 0);
	lb_init(&b, a, "t.json", &jd_limits, false);
	b.on_doc = jd_doc;
	b.on_error = jd_error;
	b.ctx = &o;
	j = json_stream_new(&b, false);
	ck_assert_int_eq(json_stream_feed(j, NULL, 0), 0);
	for (i = 0; i < sizeof(text) - 1; i++) {
		ck_assert_int_eq(json_stream_feed(j, text + i, 1), 0);
		ck_assert_int_eq(json_stream_feed(j, text + i + 1, 0), 0);
	}
	ck_assert_int_eq(json_stream_end(j), 0);
	json_stream_free(j);
	ck_assert_str_eq(o.dump.buf, "{\"a\":[1,\"b\",true]}\n");
	lb_release(&b);
	sbuf_release(&o.dump);
	arena_free(a);
}
END_TEST

/*
 * Feed every JSON file under dir (recursively) to compare(); under
 * THREATMAP_TEST_QUICK every eighth (tu_sample).  Returns how many files
 * there are.
 */
typedef void (*jd_file_fn)(const char *name, const char *buf, size_t len);

static void compare_file(const char *name, const char *buf, size_t len)
{
	/* cut at every byte of small files, at 40 places of others */
	compare(name, buf, len, len < 2048 ? 1 : len / 40 + 1);
}

static size_t walk_dir(const char *dir, bool all_files, jd_file_fn fn)
{
	static size_t seen;
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;
		size_t len, nl = strlen(e->d_name);
		char *buf;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += walk_dir(path, all_files, fn);
			continue;
		}
		if (!all_files &&
		    (nl < 5 || strcmp(e->d_name + nl - 5, ".json")))
			continue;
		n++;
		if (!tu_sample(&seen))
			continue;
		buf = tu_read_file(path, &len);
		ck_assert_ptr_nonnull(buf);
		fn(path, buf, len);
		free(buf);
	}
	closedir(d);
	return n;
}

static size_t compare_dir(const char *dir, bool all_files)
{
	return walk_dir(dir, all_files, compare_file);
}

/*
 * Strings passed over from their third byte on (json_cut_set(2)), under a
 * scalar limit of 8 bytes and of 16 MiB, in Kubernetes mode (subtrees
 * dropped) and not: fed in pieces, every input gives what it gives
 * parsed whole (where nothing is passed over), tree or error.
 */
static void cut_file(const char *name, const char *buf, size_t len)
{
	static const size_t pieces[] = { 1, 3, 64, 4096 };
	size_t i, k, held;
	struct jd_out whole, o;

	for (k = 0; k < 4; k++) {
		const struct load_limits lim =
		    scalar_limit(k & 1 ? 8 : 1 << 24);

		parse_lim(&whole, buf, len, &lim, k & 2, 0, &held);
		for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
			if (pieces[i] < 64 && len > 64 * 1024)
				continue;
			parse_lim(&o, buf, len, &lim, k & 2, pieces[i], &held);
			ck_assert_msg(o.failed == whole.failed &&
					  (!o.failed ||
					   (o.err.code == whole.err.code &&
					    o.err.line == whole.err.line &&
					    o.err.col == whole.err.col &&
					    !strcmp(o.err.msg, whole.err.msg))),
				      "%s (limit %zu, k8s %d, pieces of %zu): "
				      "%u:%u %s, whole %u:%u %s",
				      name, lim.max_scalar, (int)(k & 2),
				      pieces[i], o.err.line, o.err.col,
				      o.failed ? o.err.msg : "accepted",
				      whole.err.line, whole.err.col,
				      whole.failed ? whole.err.msg
						   : "accepted");
			ck_assert_msg(
			    o.dump.len == whole.dump.len &&
				!memcmp(o.dump.buf, whole.dump.buf, o.dump.len),
			    "%s (limit %zu, k8s %d, pieces of %zu): "
			    "documents differ",
			    name, lim.max_scalar, (int)(k & 2), pieces[i]);
			sbuf_release(&o.dump);
		}
		sbuf_release(&whole.dump);
	}
}

START_TEST(test_jsondiff_cut_everywhere)
{
	size_t i;

	json_cut_set(2);
	for (i = 0; i < sizeof(jd_cases) / sizeof(jd_cases[0]); i++)
		cut_file(jd_cases[i], jd_cases[i], strlen(jd_cases[i]));
	for (i = 0; i < sizeof(jd_errors) / sizeof(jd_errors[0]); i++)
		cut_file(jd_errors[i].text, jd_errors[i].text,
			 strlen(jd_errors[i].text));
	ck_assert_uint_gt(walk_dir("tests/fuzz/corpus/json", true, cut_file),
			  0);
	ck_assert_uint_gt(walk_dir("testdata", false, cut_file), 10);
	json_cut_set(0);
}
END_TEST

START_TEST(test_jsondiff_cut_shared)
{
	char dir[4096];

	TU_NEED_SHARED(shared);
	json_cut_set(2);
	snprintf(dir, sizeof(dir), "%s/k8s-real", shared);
	ck_assert_uint_gt(walk_dir(dir, false, cut_file), 0);
	json_cut_set(0);
}
END_TEST

START_TEST(test_jsondiff_corpus)
{
	ck_assert_uint_gt(compare_dir("tests/fuzz/corpus/json", true), 0);
	ck_assert_uint_gt(compare_dir("tests/fuzz/corpus/apibody", true), 0);
}
END_TEST

START_TEST(test_jsondiff_testdata)
{
	ck_assert_uint_gt(compare_dir("testdata", false), 10);
}
END_TEST

START_TEST(test_jsondiff_shared)
{
	char dir[4096];

	TU_NEED_SHARED(shared);
	snprintf(dir, sizeof(dir), "%s/k8s-real", shared);
	ck_assert_uint_gt(compare_dir(dir, false), 0);
}
END_TEST

Suite *suite_jsondiff(void)
{
	Suite *s = suite_create("jsondiff");
	TCase *tc = tcase_create("jsondiff");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_jsondiff_generated, 0,
			    (int)(sizeof(jd_cases) / sizeof(jd_cases[0])));
	tcase_add_test(tc, test_jsondiff_nesting);
	tcase_add_loop_test(tc, test_jsondiff_errors, 0,
			    (int)(sizeof(jd_errors) / sizeof(jd_errors[0])));
	tcase_add_test(tc, test_jsondiff_skip_drops);
	tcase_add_loop_test(tc, test_jsondiff_long_strings, 0,
			    (int)(sizeof(long_cases) / sizeof(long_cases[0])));
	tcase_add_loop_test(tc, test_jsondiff_long_string_held, 0, 4);
	tcase_add_test(tc, test_jsondiff_empty_pieces);
	tcase_add_test(tc, test_jsondiff_cut_everywhere);
	tcase_add_test(tc, test_jsondiff_cut_shared);
	tcase_add_test(tc, test_jsondiff_corpus);
	tcase_add_test(tc, test_jsondiff_testdata);
	tcase_add_test(tc, test_jsondiff_shared);
	suite_add_tcase(s, tc);
	return s;
}
