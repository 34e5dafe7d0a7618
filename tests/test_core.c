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
		ck_assert_ptr_eq(strmap_get(&m, keys[i], strlen(keys[i])), keys[i]);
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

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sbuf_basic);
	tcase_add_test(tc, test_sbuf_cap);
	tcase_add_test(tc, test_sbuf_json);
	tcase_add_test(tc, test_strmap);
	tcase_add_test(tc, test_arena);
	suite_add_tcase(s, tc);
	return s;
}
