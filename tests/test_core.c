/* Core utilities: arena, sbuf, strmap, node accessors, selectors. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "node.h"
#include "sbuf.h"
#include "strmap.h"

START_TEST(test_sbuf_basic)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(sbuf_adds(&sb, "abc"), 0);
	ck_assert_int_eq(sbuf_addf(&sb, "-%d", 42), 0);
	ck_assert_str_eq(sb.buf, "abc-42");
	ck_assert_uint_eq(sb.len, 6);
	sbuf_release(&sb);
	ck_assert_str_eq(sb.buf, "");
}
END_TEST

START_TEST(test_sbuf_cap)
{
	struct sbuf sb;

	sbuf_init(&sb, 4);
	ck_assert_int_eq(sbuf_adds(&sb, "abcd"), 0);
	ck_assert_int_eq(sbuf_addch(&sb, 'e'), -1);
	ck_assert_str_eq(sb.buf, "abcd");
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_sbuf_json)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(sbuf_add_json_str(&sb, "a\"b\\\n\x01\xff", 7), 0);
	ck_assert_str_eq(sb.buf, "\"a\\\"b\\\\\\n\\u0001\\ufffd\"");
	sbuf_release(&sb);
}
END_TEST

/* Input (with its length: some hold NUL) and the literal expected. */
static const struct {
	const char *in;
	size_t len;
	const char *want;
} json_cases[] = {
#define JC(in_, want_)                                                         \
	{                                                                      \
		.in = (in_), .len = sizeof(in_) - 1, .want = (want_)           \
	}
	JC("", "\"\""),
	JC("plain text", "\"plain text\""),
	JC("a\0b", "\"a\\u0000b\""),
	JC("tab\there\r\n", "\"tab\\there\\r\\n\""),
	JC("del\x7f", "\"del\x7f\""),
	/* C1 controls: U+0080, U+0085 (NEL), U+009B (CSI), U+009F */
	JC("a\xc2\x80"
	   "b\xc2\x85"
	   "c\xc2\x9b"
	   "d\xc2\x9f",
	   "\"a\\u0080b\\u0085c\\u009bd\\u009f\""),
	/* U+00A0 and U+00E9 are not controls */
	JC("\xc2\xa0\xc3\xa9", "\"\xc2\xa0\xc3\xa9\""),
	/* U+2028, U+2029 escaped; U+2027 kept, U+202A (a bidi control) not */
	JC("x\xe2\x80\xa8y\xe2\x80\xa9z", "\"x\\u2028y\\u2029z\""),
	JC("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\\u202a\""),
	/* invalid UTF-8 inside a run: each bad byte is one U+FFFD */
	JC("abc\xe2\x80"
	   "def",
	   "\"abc\\ufffd\\ufffddef\""),
	JC("ab\xc0\xaf"
	   "cd",
	   "\"ab\\ufffd\\ufffdcd\""),
	JC("\xc3\xa9\xff\xc3\xa9", "\"\xc3\xa9\\ufffd\xc3\xa9\""),
	JC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""),
	JC("end\xf0\x9f\x98", "\"end\\ufffd\\ufffd\\ufffd\""),
	JC("\xf0\x9f\x98\x80"
	   "ok\"q\\",
	   "\"\xf0\x9f\x98\x80ok\\\"q\\\\\""),
#undef JC
};

START_TEST(test_sbuf_json_cases)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(
	    sbuf_add_json_str(&sb, json_cases[_i].in, json_cases[_i].len), 0);
	ck_assert_str_eq(sb.buf, json_cases[_i].want);
	ck_assert_uint_eq(sb.len, strlen(json_cases[_i].want));
	sbuf_release(&sb);
}
END_TEST

/* A long run of plain ASCII and multibyte text comes out byte for byte. */
START_TEST(test_sbuf_json_long_run)
{
	static const char unit[] = "abc \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/";
	struct sbuf in = SBUF_INIT, sb = SBUF_INIT;
	int i;

	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(sbuf_add(&in, unit, sizeof(unit) - 1), 0);
	ck_assert_int_eq(sbuf_add_json_str(&sb, in.buf, in.len), 0);
	ck_assert_uint_eq(sb.len, in.len + 2);
	ck_assert_int_eq(sb.buf[0], '"');
	ck_assert_int_eq(sb.buf[sb.len - 1], '"');
	ck_assert_int_eq(memcmp(sb.buf + 1, in.buf, in.len), 0);
	/* a control in the middle splits the run and nothing else changes */
	in.buf[in.len / 2] = '\x1b';
	sbuf_reset(&sb);
	ck_assert_int_eq(sbuf_add_json_str(&sb, in.buf, in.len), 0);
	ck_assert_uint_eq(sb.len, in.len + 2 + 5);
	ck_assert_int_eq(memcmp(sb.buf + 1 + in.len / 2, "\\u001b", 6), 0);
	sbuf_release(&in);
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_strmap)
{
	struct strmap m = STRMAP_INIT;
	char keys[500][16];
	int i;

	for (i = 0; i < 500; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		strmap_put(&m, keys[i], strlen(keys[i]), keys[i]);
	}
	for (i = 0; i < 500; i++)
		ck_assert_ptr_eq(strmap_get(&m, keys[i], strlen(keys[i])),
				 keys[i]);
	ck_assert_ptr_null(strmap_get(&m, "nope", 4));
	ck_assert_uint_eq(m.n, 500);
	strmap_release(&m);
}
END_TEST

START_TEST(test_arena)
{
	struct arena *a = arena_new();
	struct arena *b = arena_new();
	char *s = arena_printf(a, "%s-%d", "x", 7);
	void *big = arena_alloc(b, 1 << 20);

	ck_assert_str_eq(s, "x-7");
	ck_assert_ptr_nonnull(big);
	arena_merge(a, b);
	ck_assert_uint_ge(arena_used(a), 1 << 20);
	arena_free(b);
	arena_free(a);
}
END_TEST

START_TEST(test_node_intern)
{
	/*
	 * Keys that share a recent-key slot (more keys than slots; keys equal
	 * in their first and last eight bytes; prefixes of each other; with a
	 * NUL inside) each keep their one copy, found again however the
	 * lookups interleave.
	 */
	static const char *const fixed[] = {
		"",
		"a",
		"name",
		"namespace",
		"nameSpace",
		"ab",
		"ba",
		"aXa",
		"aYa",
		"abXde",
		"abYde",
		"abcdXfgh",
		"abcdefgh",
		"abcdefghi",
		"abcdefgh12345678",
		"abcdefgh12345679",
		"abcdefghX2345678",
		"abcdefgh-1-ijklmnop",
		"abcdefgh-2-ijklmnop",
		"abcdefgh-22-ijklmnop",
		"abcdefghXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXijklmnop",
		"abcdefghYXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXijklmnop",
	};
	enum {
		NFIXED = sizeof(fixed) / sizeof(fixed[0]),
		NGEN = 2000,
		N = NFIXED + NGEN + 1
	};
	struct arena *a = arena_new();
	struct arena *b = arena_new();
	const char *first[N];
	char gen[NGEN][24];
	const char nul[] = { 'k', '\0', 'x' };
	int round, i;

	for (i = 0; i < NGEN; i++)
		snprintf(gen[i], sizeof(gen[i]), "key-%d-of-many", i);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < N; i++) {
			/* forwards, backwards, then in steps of 7 (prime to N) */
			int j = round == 0   ? i
				: round == 1 ? N - 1 - i
					     : (int)((7L * i) % N);
			const char *k = j < NFIXED	    ? fixed[j]
					: j < NFIXED + NGEN ? gen[j - NFIXED]
							    : nul;
			size_t len =
			    j < NFIXED + NGEN ? strlen(k) : sizeof(nul);
			const char *got = node_intern(a, k, len);

			ck_assert_uint_eq(node_key_len(got), len);
			ck_assert_int_eq(memcmp(got, k, len), 0);
			ck_assert_int_eq(got[len], '\0');
			if (round == 0)
				first[j] = got;
			else
				ck_assert_ptr_eq(got, first[j]);
		}
	}
	for (i = 0; i < N; i++) {
		int j;

		for (j = i + 1; j < N && j < i + 64; j++)
			ck_assert_ptr_ne(first[i], first[j]);
	}
	/* another arena keeps its own copies */
	ck_assert_ptr_ne(node_intern(b, "name", 4), first[2]);
	ck_assert_ptr_eq(node_intern(b, "name", 4), node_intern(b, "name", 4));
	ck_assert_ptr_eq(node_intern(a, "name", 4), first[2]);
	arena_free(b);
	arena_free(a);
}
END_TEST

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sbuf_basic);
	tcase_add_test(tc, test_sbuf_cap);
	tcase_add_test(tc, test_sbuf_json);
	tcase_add_loop_test(tc, test_sbuf_json_cases, 0,
			    (int)(sizeof(json_cases) / sizeof(json_cases[0])));
	tcase_add_test(tc, test_sbuf_json_long_run);
	tcase_add_test(tc, test_strmap);
	tcase_add_test(tc, test_arena);
	tcase_add_test(tc, test_node_intern);
	suite_add_tcase(s, tc);
	return s;
}
