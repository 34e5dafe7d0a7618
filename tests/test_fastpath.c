/*
 * Fast paths that must give what the slow ones give: JSON numbers written
 * without printf, plain ASCII copied a word at a time, formatted appends
 * formatted once, credential answers remembered by key and value, the
 * cheap test that spares most keys the secret-name pattern, and checks run
 * on several threads.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "analysis/netpol.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "cred.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "jsonw.h"
#include "render/render.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "strmap.h"
#include "testutil.h"

START_TEST(test_fastpath_json_numbers)
{
	static const long long ints[] = { 0,	     1,		-1,
					  9,	     10,	-10,
					  123456789, LLONG_MAX, LLONG_MIN };
	static const unsigned long long uints[] = { 0, 1, 10, 4294967296ULL,
						    ULLONG_MAX };
	size_t i;

	for (i = 0; i < sizeof(ints) / sizeof(*ints); i++) {
		struct sbuf sb = SBUF_INIT;
		struct jsonw w;
		char want[32];

		jsonw_init(&w, &sb);
		jsonw_int(&w, ints[i]);
		snprintf(want, sizeof(want), "%lld", ints[i]);
		ck_assert_int_eq(w.err, 0);
		ck_assert_str_eq(sb.buf, want);
		sbuf_release(&sb);
	}
	for (i = 0; i < sizeof(uints) / sizeof(*uints); i++) {
		struct sbuf sb = SBUF_INIT;
		struct jsonw w;
		char want[32];

		jsonw_init(&w, &sb);
		jsonw_uint(&w, uints[i]);
		snprintf(want, sizeof(want), "%llu", uints[i]);
		ck_assert_str_eq(sb.buf, want);
		sbuf_release(&sb);
	}
}
END_TEST

/* One byte at a time, as the JSON writer escaped before. */
static void escape_slowly(struct sbuf *sb, const unsigned char *s, size_t n)
{
	size_t i;

	ck_assert_int_eq(sbuf_addch(sb, '"'), 0);
	for (i = 0; i < n; i++) {
		char e[8];

		if (s[i] == '"' || s[i] == '\\')
			snprintf(e, sizeof(e), "\\%c", s[i]);
		else if (s[i] == '\n')
			snprintf(e, sizeof(e), "\\n");
		else if (s[i] == '\t')
			snprintf(e, sizeof(e), "\\t");
		else if (s[i] == '\r')
			snprintf(e, sizeof(e), "\\r");
		else if (s[i] < 0x20)
			snprintf(e, sizeof(e), "\\u%04x", s[i]);
		else if (s[i] >= 0x80) /* alone among ASCII: invalid UTF-8 */
			snprintf(e, sizeof(e), "\\ufffd");
		else
			snprintf(e, sizeof(e), "%c", s[i]);
		ck_assert_int_eq(sbuf_adds(sb, e), 0);
	}
	ck_assert_int_eq(sbuf_addch(sb, '"'), 0);
}

/*
 * ASCII strings of every length to 40 with one byte to escape at every
 * place (or none): what a word-at-a-time scan gets wrong at a word's edge.
 */
START_TEST(test_fastpath_json_escape_every_place)
{
	static const unsigned char special[] = { '"',  '\\', '\n', '\t',
						 0x01, 0x1f, 0x7f, ' ',
						 '~',  0x80, 0xc3, 0xff };
	unsigned char s[41];
	size_t len, at, k;

	for (len = 0; len <= 40; len++)
		for (at = 0; at <= len; at++)
			for (k = 0; k < sizeof(special); k++) {
				struct sbuf got = SBUF_INIT, want = SBUF_INIT;
				size_t i;

				for (i = 0; i < len; i++)
					s[i] = (unsigned char)('a' + i % 26);
				if (at < len)
					s[at] = special[k];
				ck_assert_int_eq(
				    sbuf_add_json_str(&got, (const char *)s,
						      len),
				    0);
				escape_slowly(&want, s, len);
				ck_assert_str_eq(got.buf, want.buf);
				sbuf_release(&got);
				sbuf_release(&want);
			}
}
END_TEST

/*
 * A buffer with room takes the direct path, a capped one the general
 * path: both write the same literal for strings of ASCII, valid and
 * invalid UTF-8, C1 controls and line separators, cut anywhere.
 */
START_TEST(test_fastpath_json_escape_both_paths)
{
	static const char *const pieces[] = {
		"a",
		"Z",
		"\"",
		"\\",
		"\n",
		"\x01",
		"\x7f",
		"\xc3\xa9",
		"\xc2\x85",
		"\xc2\xa0",
		"\xe2\x80\xa8",
		"\xe2\x80\xa9",
		"\xe2\x82\xac",
		"\xf0\x9f\x98\x80",
		"\xff",
		"\xc3",
		"\xe2\x80",
		"\xed\xa0\x80",
		" ",
	};
	const size_t np = sizeof(pieces) / sizeof(*pieces);
	unsigned seed = 12345;
	int round;

	for (round = 0; round < 20000; round++) {
		struct sbuf fast = SBUF_INIT, slow;
		char s[128];
		size_t len = 0, k, want = (seed >> 4) % 24;

		for (k = 0; k < want; k++) {
			const char *p;
			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 8) % np];
			if (len + strlen(p) >= sizeof(s))
				break;
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		seed = seed * 1103515245u + 12345u;
		sbuf_init(&slow, 1 << 20);
		/* room for the worst case (6 bytes a byte) made beforehand */
		ck_assert_int_eq(sbuf_addf(&fast, "%1000s", ""), 0);
		sbuf_reset(&fast);
		ck_assert_int_eq(sbuf_add(&fast, "x", 1), 0);
		ck_assert_int_eq(sbuf_add(&slow, "x", 1), 0);
		ck_assert_int_eq(sbuf_add_json_str(&fast, s, len), 0);
		ck_assert_int_eq(sbuf_add_json_str(&slow, s, len), 0);
		ck_assert_uint_eq(fast.len, slow.len);
		ck_assert_int_eq(memcmp(fast.buf, slow.buf, fast.len), 0);
		sbuf_release(&fast);
		sbuf_release(&slow);
	}
}
END_TEST

/*
 * Strings of 0 to 40 bytes (those to 16 read and written as two words,
 * longer ones a word at a time, their last bytes as the last word) with
 * every byte value at every place, each in a block of its own size:
 * sbuf_json_str_into() writes what the general path writes, nothing past
 * the literal's end, and reads nothing past the string's (make asan).
 */
START_TEST(test_fastpath_json_short_strings)
{
	char d[6 * 40 + 2 + 16];
	size_t len, at;
	unsigned c;

	for (len = 0; len <= 40; len++)
		for (at = 0; at <= len; at++)
			for (c = 0; c < 256; c++) {
				char *s = malloc(len ? len : 1);
				struct sbuf slow;
				size_t i, n;

				ck_assert_ptr_nonnull(s);
				for (i = 0; i < len; i++)
					s[i] = (char)('A' + i);
				if (at < len)
					s[at] = (char)c;
				sbuf_init(&slow, 1 << 20);
				ck_assert_int_eq(
				    sbuf_add_json_str(&slow, s, len), 0);
				memset(d, '#', sizeof(d));
				n = (size_t)(sbuf_json_str_into(d, s, len) - d);
				ck_assert_uint_eq(n, slow.len);
				ck_assert_int_eq(memcmp(d, slow.buf, n), 0);
				ck_assert_int_eq(d[n], '#');
				sbuf_release(&slow);
				free(s);
				if (at == len)
					break; /* nothing to vary */
			}
}
END_TEST

START_TEST(test_fastpath_addf_grows_and_caps)
{
	struct sbuf sb = SBUF_INIT, capped;
	char big[1000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* longer than the room there is: formatted again after growing */
	ck_assert_int_eq(sbuf_addf(&sb, "<%s|%d>", big, 42), 0);
	ck_assert_uint_eq(sb.len, strlen(big) + 5);
	ck_assert_int_eq(sb.buf[0], '<');
	ck_assert_str_eq(sb.buf + sb.len - 4, "|42>");
	sbuf_release(&sb);

	/* over the cap: refused, the buffer as it was */
	sbuf_init(&capped, 10);
	ck_assert_int_eq(sbuf_addf(&capped, "%s", "12345"), 0);
	ck_assert_int_eq(sbuf_addf(&capped, "%s", "678901"), -1);
	ck_assert_str_eq(capped.buf, "12345");
	ck_assert_uint_eq(capped.len, 5);
	ck_assert_int_eq(sbuf_addf(&capped, "%s", "67890"), 0);
	ck_assert_str_eq(capped.buf, "1234567890");
	ck_assert_int_eq(sbuf_addch(&capped, 'x'), -1);
	ck_assert_str_eq(capped.buf, "1234567890");
	sbuf_release(&capped);
}
END_TEST

static const char *const cred_keys[] = {
	"PASSWORD",
	"db_password",
	"apiKey",
	"API_KEY",
	"SETTING_0",
	"token",
	"TOKEN_FILE",
	"client-secret",
	"secretName",
	"DSN",
	"conn_string",
	"LOG_LEVEL",
	"keyId",
	"PWD",
	"passphrase",
	"",
	"Credential",
	"x",
	"MASTER_KEY",
	"tokenizer",
	"\xc5\xbf"
	"ecret", /* "ſecret": s by Unicode case folding */
	"pa\xc3\x9f"
	"word",
	"k\xe2\x84\xaa"
	"ey",
};

static const char *const cred_values[] = {
	"value-0-for-the-service",
	"hunter2",
	"AKIAIOSFODNN7EXAMPLE",
	"postgres://app:s3cr3tP4ss@db:5432/app",
	"${DB_PASSWORD}",
	"",
	"kT9vQ2xLm8ZpR4wN7yB3cF6hJ1",
	"line one\npassword = Zx8Kq2Lm9Np4Rt7Vw\n",
};

/* The memo answers as cred_match() does, the first time and after. */
START_TEST(test_fastpath_cred_memo_same_answers)
{
	struct diag d;
	struct cred *c = cred_new(&d);
	struct cred_memo *m = cred_memo_new();
	size_t round, i, j;

	ck_assert_ptr_nonnull(c);
	for (round = 0; round < 2; round++)
		for (i = 0; i < sizeof(cred_keys) / sizeof(*cred_keys); i++)
			for (j = 0;
			     j < sizeof(cred_values) / sizeof(*cred_values);
			     j++) {
				const char *v = cred_values[j];
				struct cred_hit a, b;
				enum cred_strength sa, sb;

				sa = cred_match(c, cred_keys[i], v, strlen(v),
						&a);
				sb = cred_match_memo(c, m, cred_keys[i], v,
						     strlen(v), &b);
				ck_assert_int_eq(sa, sb);
				ck_assert_str_eq(a.masked, b.masked);
				ck_assert_str_eq(a.line_key, b.line_key);
				ck_assert_ptr_eq(a.pattern, b.pattern);
			}
	/* key NULL and "" are the same question */
	{
		struct cred_hit a, b;
		ck_assert_int_eq(
		    cred_match_memo(c, m, NULL, "AKIAIOSFODNN7EXAMPLE", 20, &a),
		    cred_match(c, "", "AKIAIOSFODNN7EXAMPLE", 20, &b));
	}
	cred_memo_free(m);
	cred_free(c);
}
END_TEST

/*
 * Keys outside ASCII still reach the pattern: "ſecret" is "secret" to a
 * caseless Unicode match, so a test on ASCII words alone would miss it.
 */
START_TEST(test_fastpath_cred_key_words)
{
	struct diag d;
	struct cred *c = cred_new(&d);

	ck_assert_ptr_nonnull(c);
	ck_assert(cred_key_is_secret(c, "DB_PASSWORD"));
	ck_assert(cred_key_is_secret(c, "apiKey"));
	ck_assert(cred_key_is_secret(c, "conn_str"));
	ck_assert(cred_key_is_secret(c, "\xc5\xbf"
					"ecret"));
	ck_assert(!cred_key_is_secret(c, "SETTING_0"));
	ck_assert(!cred_key_is_secret(c, "TOKEN_FILE"));
	ck_assert(!cred_key_is_secret(c, "tokenizer"));
	ck_assert(!cred_key_is_secret(c, ""));
	cred_free(c);
}
END_TEST

/* Run every check of the registry on the demo with threads threads. */
static struct scan *demo_run(unsigned threads, struct findings *f,
			     struct check_result **res, size_t *nres)
{
	const char *p[1] = { "testdata/demo" };
	struct scan *s = tu_scan_paths(p, 1);

	s->threads = threads;
	findings_init(f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, f, res, nres),
			 0);
	return s;
}

/*
 * Checks on two or three threads leave the same findings, in the same
 * order, with the same words, and the same verdict for every check, as
 * on one.
 */
START_TEST(test_fastpath_threads_same_findings)
{
	struct findings one, many;
	struct check_result *r1, *rn;
	size_t n1, nn, i, k;
	struct scan *s1 = demo_run(1, &one, &r1, &n1);
	unsigned threads;

	ck_assert_uint_gt(one.n, 50);
	for (threads = 2; threads <= 3; threads++) {
		struct scan *sn = demo_run(threads, &many, &rn, &nn);

		ck_assert_uint_eq(one.n, many.n);
		for (i = 0; i < one.n; i++) {
			const struct finding *a = one.v[i], *b = many.v[i];

			ck_assert_str_eq(finding_fp(a), finding_fp(b));
			ck_assert_str_eq(a->message, b->message);
			ck_assert_int_eq(a->severity, b->severity);
			ck_assert_uint_eq(a->nev, b->nev);
			for (k = 0; k < a->nev; k++)
				ck_assert_str_eq(a->ev[k].value,
						 b->ev[k].value);
		}
		ck_assert_uint_eq(n1, nn);
		for (i = 0; i < n1; i++) {
			ck_assert_ptr_eq(r1[i].check, rn[i].check);
			ck_assert_int_eq(r1[i].status, rn[i].status);
			ck_assert_uint_eq(r1[i].findings, rn[i].findings);
			ck_assert_int_eq(r1[i].partial, rn[i].partial);
			if (r1[i].why || rn[i].why)
				ck_assert_str_eq(r1[i].why ? r1[i].why : "",
						 rn[i].why ? rn[i].why : "");
		}
		free(rn);
		findings_release(&many);
		scan_free(sn);
	}
	free(r1);
	findings_release(&one);
	scan_free(s1);
}
END_TEST

/* A block whose bytes depend on k only: what a memo may stand for. */
static void memo_block(struct jsonw *w, unsigned k)
{
	jsonw_kstr(w, "check", k == 1 ? "one" : k == 2 ? "two \"2\"" : "x");
	jsonw_karr_open(w, "list");
	jsonw_uint(w, k);
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", "\xc3\xa9t\xc3\xa9");
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

/* Items of keys in runs, with or without the memo; replays counted. */
static unsigned memo_doc(struct sbuf *sb, bool memo)
{
	static const unsigned keys[] = { 1, 2, 3 };
	struct jsonw_memo m = JSONW_MEMO_INIT;
	struct jsonw w;
	unsigned i, replays = 0;

	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_karr_open(&w, "items");
	for (i = 0; i < 6000; i++) {
		const unsigned *k = &keys[(i / 7) % 3];

		jsonw_obj_open(&w);
		if (i % 7 == 0)
			jsonw_kuint(&w, "i", i);
		if (memo && jsonw_memo_replay(&w, &m, k)) {
			replays++;
		} else if (memo) {
			jsonw_memo_begin(&w, &m, k);
			memo_block(&w, *k);
			jsonw_memo_end(&w, &m);
		} else {
			memo_block(&w, *k);
		}
		jsonw_kstr(&w, "after", "z");
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	ck_assert_int_eq(jsonw_finish(&w), 0);
	jsonw_memo_release(&m);
	return replays;
}

static int memo_sink(void *ctx, const char *p, size_t n)
{
	return sbuf_add(ctx, p, n);
}

START_TEST(test_fastpath_jsonw_memo)
{
	struct sbuf plain = SBUF_INIT, memo = SBUF_INIT, streamed = SBUF_INIT;
	struct sbuf all = SBUF_INIT;
	unsigned r;

	ck_assert_uint_eq(memo_doc(&plain, false), 0);
	r = memo_doc(&memo, true);
	/*
	 * A run of seven of one key: the first with "i" before the block
	 * (another state), so two writes and five replays.
	 */
	ck_assert_uint_ge(r, 6000 / 7 * 4);
	ck_assert_uint_eq(memo.len, plain.len);
	ck_assert_mem_eq(memo.buf, plain.buf, plain.len);
	/* through a sink: blocks cut by a flush are written, not kept */
	sbuf_set_sink(&streamed, memo_sink, &all);
	ck_assert_uint_gt(plain.len, 4 * SBUF_SINK_CHUNK);
	ck_assert_uint_ge(memo_doc(&streamed, true), r - 8);
	ck_assert_int_eq(sbuf_flush(&streamed), 0);
	ck_assert_uint_eq(all.len, plain.len);
	ck_assert_mem_eq(all.buf, plain.buf, plain.len);
	sbuf_release(&plain);
	sbuf_release(&memo);
	sbuf_release(&streamed);
	sbuf_release(&all);
}
END_TEST

/* The documented order of findings_finish(), ties left to the caller. */
static int order_cmp(const struct finding *a, const struct finding *b)
{
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->check->id, b->check->id)))
		return c;
	if (a->obj && b->obj &&
	    ((c = strcmp(a->obj->kind, b->obj->kind)) ||
	     (c = strcmp(a->obj->ns ? a->obj->ns : "",
			 b->obj->ns ? b->obj->ns : "")) ||
	     (c = strcmp(a->obj->name, b->obj->name))))
		return c;
	if ((c = strcmp(a->container ? a->container : "",
			b->container ? b->container : "")))
		return c;
	if ((c = strcmp(a->nev ? a->ev[0].path : "",
			b->nev ? b->ev[0].path : "")))
		return c;
	return strcmp(finding_fp(a), finding_fp(b));
}

/*
 * Findings of many ties (tu_findings_ties()); with without_obj, one
 * finding has no object.  On one thread or two.
 */
static void sort_case(bool without_obj, unsigned threads)
{
	struct arena *a = arena_new();
	struct findings f;
	unsigned i;

	findings_init(&f, a);
	tu_findings_ties(&f, 2000, 7, without_obj ? 1000 : 2000);
	findings_finish_threads(&f, threads);
	ck_assert_uint_eq(f.n, 2000);
	for (i = 1; i < f.n; i++) {
		int c = order_cmp(f.v[i - 1], f.v[i]);

		ck_assert_int_le(c, 0);
		if (!c) /* ties in the order they were added */
			ck_assert_uint_lt(
			    strtoul(f.v[i - 1]->message, NULL, 10),
			    strtoul(f.v[i]->message, NULL, 10));
	}
	findings_release(&f);
	arena_free(a);
}

START_TEST(test_fastpath_sort_order)
{
	sort_case(false, 1);
	sort_case(true, 1);
	sort_case(false, 2);
	sort_case(true, 2);
}
END_TEST

/* np_end_name() writes what snprintf() would, cut short as it cuts. */
START_TEST(test_fastpath_np_end_name)
{
	static const struct kobj objs[] = {
		{ .kind = "Deployment", .ns = "shop", .name = "web" },
		{ .kind = "Pod", .ns = NULL, .name = "p" },
	};
	struct pod_view pv[2] = { { .obj = &objs[0] }, { .obj = &objs[1] } };
	struct np_end ends[] = {
		{ .pv = &pv[0] },      { .pv = &pv[1] },
		{ .any_pod = true },   { .internet = true },
		{ .apiserver = true }, { .ip = "169.254.169.254" },
		{ .ip = NULL },
	};
	char got[40], want[40];
	size_t e, n;

	for (e = 0; e < sizeof(ends) / sizeof(ends[0]); e++)
		for (n = 1; n <= sizeof(got); n++) {
			const struct np_end *x = &ends[e];

			memset(got, 'x', sizeof(got));
			memset(want, 'x', sizeof(want));
			if (x->any_pod)
				snprintf(want, n, "any pod");
			else if (x->pv)
				snprintf(want, n, "%s %s/%s", x->pv->obj->kind,
					 x->pv->obj->ns ? x->pv->obj->ns
							: "unspecified",
					 x->pv->obj->name);
			else if (x->internet)
				snprintf(want, n, "the internet");
			else if (x->apiserver)
				snprintf(want, n, "the API server");
			else
				snprintf(want, n, "%s", x->ip ? x->ip : "?");
			ck_assert_ptr_eq(np_end_name(x, got, n), got);
			ck_assert_mem_eq(got, want, sizeof(got));
		}
}
END_TEST

/*
 * Members and values of every kind, escapes in keys and values, values
 * after a key, empty containers, deep nesting (indentation past one copy
 * of spaces).
 */
static int kstr_doc(struct sbuf *sb)
{
	static const char *const vals[] = {
		"",
		"plain",
		"quote \" back \\ nl \n",
		"\xc3\xa9\xe2\x80\xa8\x01",
		"\xff bad",
		NULL,
	};
	struct jsonw w;
	unsigned d, i;

	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	for (d = 0; d < 24; d++) {
		for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			jsonw_kstr(&w, i % 2 ? "k" : "key \"\t\xc3\xa9",
				   vals[i]);
			jsonw_kuint(&w, "n", d * 100 + i);
			jsonw_kpos(&w, "line", i);
		}
		jsonw_kint(&w, "i", d ? -(long long)d * 1000 - 7 : LLONG_MIN);
		jsonw_knum(&w, "x", "9.5");
		jsonw_kbool(&w, "t", d % 3 == 0);
		jsonw_kobj_open(&w, d % 2 ? "o" : "o \"\x01");
		jsonw_key(&w, "v");
		jsonw_str(&w, vals[d % 5]);
		jsonw_key(&w, "u");
		jsonw_uint(&w, d);
		jsonw_key(&w, "z");
		jsonw_null(&w);
		jsonw_key(&w, "m");
		jsonw_int(&w, -(long long)d);
		jsonw_obj_close(&w);
		jsonw_karr_open(&w, "e");
		jsonw_arr_close(&w);
		jsonw_kobj_open(&w, "eo");
		jsonw_obj_close(&w);
		jsonw_karr_open(&w, "a");
		jsonw_int(&w, 0);
		jsonw_bool(&w, true);
		jsonw_null(&w);
		jsonw_num(&w, "1e3");
		jsonw_str(&w, vals[(d + 2) % 5]);
		jsonw_arr_close(&w);
		jsonw_key(&w, "list");
		jsonw_arr_open(&w);
		jsonw_str(&w, "x");
		jsonw_obj_open(&w);
		jsonw_kbool(&w, "b", d % 2);
	}
	for (d = 0; d < 24; d++) {
		jsonw_obj_close(&w);
		jsonw_arr_close(&w);
		jsonw_kstr(&w, "after", "y");
	}
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

/*
 * Keys and string members written straight into the buffer are the bytes
 * of the general path (which a capped buffer takes).
 */
START_TEST(test_fastpath_jsonw_members)
{
	struct sbuf fast = SBUF_INIT, slow;

	sbuf_init(&slow, (size_t)1 << 30);
	ck_assert_int_eq(kstr_doc(&fast), 0);
	ck_assert_int_eq(kstr_doc(&slow), 0);
	ck_assert_uint_eq(fast.len, slow.len);
	ck_assert_mem_eq(fast.buf, slow.buf, slow.len);
	ck_assert(
	    strstr(fast.buf, "\"key \\\"\\t\xc3\xa9\": \"quote \\\" back"));
	ck_assert(strstr(fast.buf, "\"k\": \"\xc3\xa9\\u2028\\u0001\""));
	sbuf_release(&fast);
	sbuf_release(&slow);
}
END_TEST

/* Every key-taking call with key k of n bytes, klen as given. */
static void plain_key_doc(struct jsonw *w, const char *k, size_t n, size_t klen)
{
	jsonw_kstr_n(w, k, klen, "value");
	jsonw_kstr_n(w, k, klen, NULL);
	jsonw_kstrl_n(w, k, klen, "val\"ue", 6);
	jsonw_kuint_n(w, k, klen, n);
	jsonw_kint_n(w, k, klen, -(long long)n);
	jsonw_kraw_n(w, k, klen, "true", 4);
	jsonw_kopen_n(w, k, klen, '{');
	jsonw_key_n(w, k, klen);
	jsonw_kopen_n(w, k, klen, '[');
	jsonw_str(w, "x");
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

/*
 * A key the caller vouches for (JSONW_KEY_PLAIN) is copied without a
 * test: the same bytes as the escaping path, into a buffer with room and
 * a capped one, for keys of 1 to JSONW_PLAIN_MAX (and a few more) bytes, each in a block
 * of its own size (nothing read past it under ASan).  The inline calls
 * vouch only for literal keys that are plain.
 */
START_TEST(test_fastpath_jsonw_plain_keys)
{
	static const char chars[] = "abcXYZ019-_./: ~{}";
	const char *volatile runtime = "apiVersion";
	size_t n, i, k;

	/* past JSONW_PLAIN_MAX a key is escaped, vouched for or not */
	for (n = 1; n <= JSONW_PLAIN_MAX + 8; n++) {
		char *key = malloc(n);
		struct sbuf out[4];
		struct jsonw w;

		ck_assert_ptr_nonnull(key);
		for (i = 0; i < n; i++)
			key[i] = chars[(i * 7 + n) % (sizeof(chars) - 1)];
		for (k = 0; k < 4; k++) {
			if (k < 2)
				out[k] = (struct sbuf)SBUF_INIT;
			else
				sbuf_init(&out[k], (size_t)1 << 20);
			jsonw_init(&w, &out[k]);
			jsonw_obj_open(&w);
			plain_key_doc(&w, key, n,
				      k % 2 ? n | JSONW_KEY_PLAIN : n);
			jsonw_obj_close(&w);
			ck_assert_int_eq(jsonw_finish(&w), 0);
		}
		for (k = 1; k < 4; k++) {
			ck_assert_uint_eq(out[k].len, out[0].len);
			ck_assert_mem_eq(out[k].buf, out[0].buf, out[0].len);
		}
		for (k = 0; k < 4; k++)
			sbuf_release(&out[k]);
		free(key);
	}
	/* what needs an escape, or cannot be seen, is never vouched for */
	ck_assert_uint_eq(jsonw_klen_("a\"b"), 3);
	ck_assert_uint_eq(jsonw_klen_("back\\slash"), 10);
	ck_assert_uint_eq(jsonw_klen_("tab\t"), 4);
	ck_assert_uint_eq(jsonw_klen_("del\x7f"), 4);
	ck_assert_uint_eq(jsonw_klen_("\xc3\xa9t\xc3\xa9"), 5);
	ck_assert_uint_eq(jsonw_klen_(""), 0);
	ck_assert_uint_eq(jsonw_klen_("thirty-three bytes are one too ma"), 33);
	ck_assert_uint_eq(jsonw_klen_(runtime), 10);
#if defined(__GNUC__) && defined(__OPTIMIZE__)
	/* and a plain literal is, where the compiler folds it */
	ck_assert_uint_eq(jsonw_klen_("apiVersion"), 10 | JSONW_KEY_PLAIN);
	ck_assert_uint_eq(jsonw_klen_("thirty-two bytes are the most.ok"),
			  32 | JSONW_KEY_PLAIN);
#endif
}
END_TEST

/*
 * render_fp_hex() writes the digits finding_fp_hex() does: every byte
 * value at every place of the fingerprint.
 */
START_TEST(test_fastpath_fp_hex)
{
	struct finding fd = { 0 };
	char a[33], b[33];
	size_t v, at;

	for (v = 0; v < 256; v++)
		for (at = 0; at < sizeof(fd.fingerprint); at++) {
			memset(fd.fingerprint, (int)(255 - v),
			       sizeof(fd.fingerprint));
			fd.fingerprint[at] = (unsigned char)v;
			fd.fingerprint[(at + 5) % 16] = (unsigned char)(v * 7);
			memset(a, 'x', sizeof(a));
			memset(b, 'y', sizeof(b));
			ck_assert_str_eq(render_fp_hex(&fd, a),
					 finding_fp_hex(&fd, b));
		}
}
END_TEST

/* The fix and URI memos against render_fix() and render_artifact_uri(). */
static void memo_agrees(const struct report *r, const struct finding *fd,
			struct render_fix_memo *fm, struct render_uri_memo *um)
{
	struct sbuf path = SBUF_INIT, yaml = SBUF_INIT, uri = SBUF_INIT;
	const struct kobj *objs[3] = { fd->obj, NULL, NULL };
	size_t k;

	unsigned long made = fm->made;
	char *was_path = strdup(fm->path.buf), *was_yaml = strdup(fm->yaml.buf);
	bool was_has = fm->has;

	ck_assert_ptr_nonnull(was_path);
	ck_assert_ptr_nonnull(was_yaml);
	objs[1] = fd->nhops ? fd->hops[0].obj : NULL;
	objs[2] = fd->nhops ? fd->hops[fd->nhops - 1].obj : NULL;
	ck_assert_int_eq(render_fix_memo(fm, fd), render_fix(fd, &path, &yaml));
	ck_assert_str_eq(fm->path.buf, path.buf);
	ck_assert_str_eq(fm->yaml.buf, yaml.buf);
	/* what renderers made of the texts before holds while made does */
	if (fm->made == made) {
		ck_assert_str_eq(fm->path.buf, was_path);
		ck_assert_str_eq(fm->yaml.buf, was_yaml);
		ck_assert_int_eq(fm->has, was_has);
	}
	free(was_path);
	free(was_yaml);
	for (k = 0; k < 3; k++) {
		const char *b1 = "-", *b2 = "-";
		bool s1 = false, s2 = true;

		sbuf_reset(&uri);
		ck_assert_int_eq(
		    render_artifact_uri(&uri, r, objs[k], &s1, &b1), 0);
		ck_assert_int_eq(
		    render_artifact_uri_memo(um, r, objs[k], &s2, &b2), 0);
		ck_assert_str_eq(um->uri.buf, uri.buf);
		ck_assert_int_eq(s1, s2);
		ck_assert_ptr_eq(b1, b2);
	}
	sbuf_release(&path);
	sbuf_release(&yaml);
	sbuf_release(&uri);
}

/*
 * The fix and artifact URI a renderer keeps from finding to finding are
 * what working them out again gives, for the findings of the demo (read
 * from files) and of a text (no file: URIs per object) in report order,
 * backwards and in a stride that mixes checks, files and containers,
 * with and without a base directory.
 */
START_TEST(test_fastpath_render_memos)
{
	static const char *const demo[] = { "testdata/demo" };
	struct render_opts opts = { 0 };
	struct report rep = { 0 };
	struct tu_checks c;
	char cwd[4096];
	size_t i, pass, in;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	for (in = 0; in < 2; in++) {
		tu_checks_run(
		    &c,
		    in ? tu_scan_text("apiVersion: v1\nkind: Pod\n"
				      "metadata: {name: a, namespace: x}\n"
				      "spec:\n  containers:\n"
				      "  - {name: c, image: nginx, "
				      "securityContext: {privileged: true}}\n"
				      "  - {name: \"d'q\", image: nginx}\n"
				      "---\napiVersion: v1\nkind: Pod\n"
				      "metadata: {name: b}\n"
				      "spec:\n  hostPID: true\n  containers:\n"
				      "  - {name: \"e'q\", image: nginx,\n"
				      "     securityContext: {privileged: "
				      "true}}\n")
		       : tu_scan_paths(demo, 1),
		    check_registry, NULL, NULL);
		findings_finish(&c.f);
		ck_assert_uint_gt(c.f.n, in ? 5 : 50);
		rep.scan = c.s;
		rep.findings = &c.f;
		rep.opts = &opts;
		for (pass = 0; pass < 6; pass++) {
			struct render_fix_memo fm = { .path = SBUF_INIT,
						      .yaml = SBUF_INIT };
			struct render_uri_memo um = { .uri = SBUF_INIT };

			opts.base_dir = pass % 2 ? cwd : NULL;
			for (i = 0; i < c.f.n; i++) {
				size_t at = pass / 2 == 0   ? i
					    : pass / 2 == 1 ? c.f.n - 1 - i
							    : (i * 7) % c.f.n;

				memo_agrees(&rep, c.f.v[at], &fm, &um);
			}
			render_fix_memo_release(&fm);
			render_uri_memo_release(&um);
		}
		tu_checks_release(&c);
	}
}
END_TEST

/*
 * One finding's "fix" object written with a fresh memo, into its own
 * array so that the writer's state is that of a report's finding.
 */
static void fix_json_once(struct sbuf *sb, const struct finding *fd,
			  struct render_fix_json *f, bool nulls)
{
	struct jsonw w;

	sbuf_reset(sb);
	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "x", "y");
	render_fix_json(&w, fd, f, nulls);
	jsonw_obj_close(&w);
	ck_assert_int_eq(jsonw_finish(&w), 0);
}

/*
 * The "fix" JSON and SARIF write, with its bytes kept from finding to
 * finding, is what writing it afresh gives, for the demo's findings in
 * report order, backwards and in a stride, with findings of a check that
 * has no fix mixed in; empty texts are null in the JSON form and left
 * out in the SARIF form, and a finding with neither text writes nothing
 * in either.
 */
START_TEST(test_fastpath_fix_json)
{
	static const char *const demo[] = { "testdata/demo" };
	static const struct check bare = { .id = "no-fix" };
	struct sbuf kept = SBUF_INIT, fresh = SBUF_INIT;
	struct tu_checks c;
	size_t i, pass, nofix = 0, empty = 0, replayed = 0;

	tu_checks_run(&c, tu_scan_paths(demo, 1), check_registry, NULL, NULL);
	findings_finish(&c.f);
	ck_assert_uint_gt(c.f.n, 50);
	for (pass = 0; pass < 6; pass++) {
		struct render_fix_json f = RENDER_FIX_JSON_INIT;
		bool nulls = pass % 2;

		for (i = 0; i < c.f.n; i++) {
			size_t at = pass / 2 == 0   ? i
				    : pass / 2 == 1 ? c.f.n - 1 - i
						    : (i * 7) % c.f.n;
			struct render_fix_json g = RENDER_FIX_JSON_INIT;
			unsigned long made = f.made;
			bool had = f.w.valid;

			struct finding x = *c.f.v[at];

			/* a check with no fix: the evidence's path alone */
			if (i % 5 == 2)
				x.check = &bare;
			/* and none at all */
			if (i % 5 == 4) {
				x.check = &bare;
				x.ev = NULL;
				x.nev = 0;
			}
			fix_json_once(&kept, &x, &f, nulls);
			fix_json_once(&fresh, &x, &g, nulls);
			ck_assert_str_eq(kept.buf, fresh.buf);
			replayed += had && f.made == made &&
				    strstr(kept.buf, "\"fix\"");
			if (!strstr(kept.buf, "\"fix\""))
				nofix++;
			if (strstr(kept.buf, ": null"))
				empty++;
			ck_assert(nulls || !strstr(kept.buf, ": null"));
			render_fix_json_release(&g);
		}
		render_fix_json_release(&f);
	}
	ck_assert_uint_gt(replayed, 0);
	ck_assert_uint_gt(nofix, 0);
	ck_assert_uint_gt(empty, 0);
	sbuf_release(&kept);
	sbuf_release(&fresh);
	tu_checks_release(&c);
}
END_TEST

/*
 * Fingerprints are the first 16 bytes of the SHA-256 of the identity's
 * parts, each with its NUL, also when the identity outgrows the stack
 * buffer it is built in (evidence paths of up to 1,100 bytes, several in
 * one finding, and findings after such a one).  A "%s" value is its
 * string, however long.
 */
START_TEST(test_fastpath_fingerprint_parts)
{
	static const struct check chk = { .id = "fp-check" };
	struct arena *a = arena_new();
	struct findings f;
	char path[3][1200];
	size_t k, i;

	findings_init(&f, a);
	for (k = 0; k < 40; k++) {
		struct finding *fd =
		    finding_add(&f, &chk, NULL, k % 3 ? "c" : NULL, "m%zu", k);
		size_t nev = 1 + k % 3;

		for (i = 0; i < nev; i++) {
			size_t len = (k * 37 + i * 211) % 1100;

			memset(path[i], 'a' + (char)((k + i) % 26), len);
			path[i][len] = '\0';
			if (len)
				path[i][0] = (char)('0' + k % 10);
			if (i == 1) /* "%s": the value is the string */
				finding_evidence(&f, fd, NULL, path[i], "%s",
						 path[i]);
			else
				finding_evidence(&f, fd, NULL, path[i], "v");
		}
		if (k % 4 == 1)
			finding_hop(&f, fd, NULL, NULL, NULL, NULL,
				    "hop label");
	}
	findings_finish(&f);
	for (k = 0; k < f.n; k++) {
		const struct finding *fd = f.v[k];
		struct sbuf in = SBUF_INIT;
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned mdlen = 0;

		ck_assert_int_eq(sbuf_add(&in, "fp-check", 9), 0);
		ck_assert_int_eq(sbuf_add(&in, fd->container ? "c" : "",
					  fd->container ? 2 : 1),
				 0);
		for (i = 0; i < fd->nev; i++)
			ck_assert_str_eq(fd->ev[i].value,
					 i == 1 ? fd->ev[i].path : "v");
		for (i = 0; i < fd->nev; i++)
			ck_assert_int_eq(sbuf_add(&in, fd->ev[i].path,
						  strlen(fd->ev[i].path) + 1),
					 0);
		for (i = 0; i < fd->nhops; i++)
			ck_assert_int_eq(sbuf_add(&in, "\0\0hop label", 12), 0);
		ck_assert(
		    EVP_Digest(in.buf, in.len, md, &mdlen, EVP_sha256(), NULL));
		ck_assert_uint_ge(mdlen, 16);
		ck_assert_mem_eq(fd->fingerprint, md, 16);
		sbuf_release(&in);
	}
	findings_release(&f);
	arena_free(a);
}
END_TEST

/* strmap_hash() as it was written first: the tail copied into zeroes. */
static uint64_t hash_by_copy(const char *key, size_t len)
{
	const unsigned char *p = (const unsigned char *)key;
	unsigned char w[8];
	uint64_t h =
	    0x9e3779b97f4a7c15ull ^ ((uint64_t)len * 0xc2b2ae3d27d4eb4full);
	uint64_t x;
	size_t i;

	for (;; p += 8, len -= 8) {
		memset(w, 0, sizeof(w));
		memcpy(w, p, len < 8 ? len : 8);
		for (x = 0, i = 0; i < 8; i++)
			x |= (uint64_t)w[i] << (8 * i);
		if (len < 8)
			break;
		h = (h ^ x) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	h = (h ^ x) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 32;
	return h ? h : 1;
}

/*
 * The map's hash reads a key's last bytes without copying them: the same
 * values for keys of every length to 40 and all sorts of bytes, each key
 * in a block of its own size (make asan: nothing read outside it).
 */
START_TEST(test_fastpath_strmap_hash_tail)
{
	unsigned seed = 7;
	size_t len, round, i;

	for (len = 0; len <= 40; len++)
		for (round = 0; round < 64; round++) {
			char *k = malloc(len ? len : 1);

			ck_assert_ptr_nonnull(k);
			for (i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				k[i] = (char)(round < 8 ? 0xff - round
							: seed >> 16);
			}
			ck_assert_uint_eq(strmap_hash(k, len),
					  hash_by_copy(k, len));
			free(k);
		}
}
END_TEST

/* Asking about the rules of an identity gathered once answers the same. */
START_TEST(test_fastpath_perm_held_in)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
	    "metadata: {name: r, namespace: a}\n"
	    "rules: [{apiGroups: [''], resources: [secrets], verbs: [get]},\n"
	    "        {apiGroups: [''], resources: [pods/exec], verbs: "
	    "[create]}]\n"
	    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
	    "metadata: {name: rb, namespace: a}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "
	    "r}\n"
	    "subjects: [{kind: ServiceAccount, name: sa, namespace: a}]\n"
	    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: c}\n"
	    "rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n"
	    "---\napiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: ClusterRoleBinding\nmetadata: {name: crb}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "
	    "name: c}\n"
	    "subjects: [{kind: ServiceAccount, name: admin, namespace: b}]\n");
	static const char *const users[] = {
		"system:serviceaccount:a:sa",
		"system:serviceaccount:b:admin",
		"system:serviceaccount:c:none",
	};
	size_t u, i, held = 0;

	for (u = 0; u < sizeof(users) / sizeof(users[0]); u++) {
		struct rbac_identity id = { .user = users[u] };
		struct rbac_grant *rules;
		size_t n = rbac_rules_of(s->rbac, &id, &rules);

		for (i = 0; i < RBAC_PERM_COUNT; i++) {
			struct rbac_grant g1 = { 0 }, g2 = { 0 };
			const char *ns1 = "-", *ns2 = "-";
			bool a = rbac_perm_held(s->rbac, &id, &rbac_perms[i],
						&g1, &ns1);
			bool b = rbac_perm_held_in(rules, n, &rbac_perms[i],
						   &g2, &ns2);

			ck_assert_int_eq(a, b);
			ck_assert_ptr_eq(g1.binding, g2.binding);
			ck_assert_ptr_eq(g1.rule, g2.rule);
			ck_assert_ptr_eq(ns1, ns2);
			held += a;
		}
		free(rules);
	}
	ck_assert_uint_ge(held, 3); /* some held, through both bindings */
	scan_free(s);
}
END_TEST

static int lazy_made, lazy_released;

static void *lazy_make(const struct scan *s)
{
	lazy_made++;
	return (void *)s->inv;
}

static void lazy_release(void *v)
{
	ck_assert_ptr_nonnull(v);
	lazy_released++;
}

/* A slot is made on the first call only and released with the scan. */
START_TEST(test_fastpath_scan_lazy)
{
	struct scan *s = tu_scan_text("apiVersion: v1\nkind: Namespace\n"
				      "metadata: {name: a}\n");
	struct scan_lazy *l = s->lazy;

	lazy_made = lazy_released = 0;
	ck_assert_ptr_eq(
	    scan_lazy_get(s, SCAN_LAZY_CP, lazy_make, lazy_release), s->inv);
	ck_assert_ptr_eq(
	    scan_lazy_get(s, SCAN_LAZY_CP, lazy_make, lazy_release), s->inv);
	ck_assert_int_eq(lazy_made, 1);
	s->lazy = NULL; /* a scan without room does without */
	ck_assert_ptr_null(
	    scan_lazy_get(s, SCAN_LAZY_CP, lazy_make, lazy_release));
	s->lazy = l;
	ck_assert_int_eq(lazy_released, 0);
	scan_free(s);
	ck_assert_int_eq(lazy_made, 1);
	ck_assert_int_eq(lazy_released, 1);
}
END_TEST

Suite *suite_fastpath(void)
{
	Suite *s = suite_create("fastpath");
	TCase *tc = tcase_create("fastpath");

	tcase_add_test(tc, test_fastpath_json_numbers);
	tcase_add_test(tc, test_fastpath_scan_lazy);
	tcase_add_test(tc, test_fastpath_perm_held_in);
	tcase_add_test(tc, test_fastpath_jsonw_members);
	tcase_add_test(tc, test_fastpath_jsonw_plain_keys);
	tcase_add_test(tc, test_fastpath_fp_hex);
	tcase_add_test(tc, test_fastpath_np_end_name);
	tcase_add_test(tc, test_fastpath_sort_order);
	tcase_add_test(tc, test_fastpath_jsonw_memo);
	tcase_add_test(tc, test_fastpath_json_escape_every_place);
	tcase_add_test(tc, test_fastpath_json_escape_both_paths);
	tcase_add_test(tc, test_fastpath_json_short_strings);
	tcase_add_test(tc, test_fastpath_addf_grows_and_caps);
	tcase_add_test(tc, test_fastpath_cred_memo_same_answers);
	tcase_add_test(tc, test_fastpath_cred_key_words);
	tcase_add_test(tc, test_fastpath_threads_same_findings);
	tcase_add_test(tc, test_fastpath_render_memos);
	tcase_add_test(tc, test_fastpath_fix_json);
	tcase_add_test(tc, test_fastpath_fingerprint_parts);
	tcase_add_test(tc, test_fastpath_strmap_hash_tail);
	suite_add_tcase(s, tc);
	return s;
}
