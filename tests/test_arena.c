/*
 * The arena's blocks: zeroed without a clearing of each allocation (also
 * when malloc hands back memory another arena dirtied), 64 KiB while an
 * arena is small, growing once it is large.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

static bool all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

START_TEST(test_arena_zeroed_after_reuse)
{
	size_t round, i;

	for (round = 0; round < 3; round++) {
		struct arena *a = arena_new();

		for (i = 0; i < 2000; i++) {
			size_t n = 8 + i % 200;
			unsigned char *p = arena_alloc8(a, n);

			ck_assert_msg(all_zero(p, n), "round %zu alloc %zu",
				      round, i);
			/* dirty it for the next arena that gets the memory */
			memset(p, 0xa5, n);
		}
		arena_free(a);
	}
}
END_TEST

/*
 * A small arena, and sizes that cross the part of a block cleared ahead
 * of its allocations and that take a block of their own.
 */
START_TEST(test_arena_small_zeroed_after_reuse)
{
	size_t round, i;

	for (round = 0; round < 4; round++) {
		struct arena *a = round % 2 ? arena_new_small() : arena_new();

		for (i = 0; i < 600; i++) {
			size_t n = 1 + (i * 7919) % (i % 50 ? 1500 : 40000);
			unsigned char *p =
			    i % 3 ? arena_alloc8(a, n) : arena_alloc(a, n);

			ck_assert_msg(all_zero(p, n), "round %zu alloc %zu",
				      round, i);
			memset(p, 0x5a, n);
		}
		arena_free(a);
	}
}
END_TEST

START_TEST(test_arena_small_stays_small)
{
	struct arena *a = arena_new();
	size_t i;

	for (i = 0; i < 3000; i++)
		(void)arena_alloc8(a, 40);
	ck_assert_uint_le(arena_blocks(a), 2);
	arena_free(a);
}
END_TEST

/*
 * A sized arena's first block holds what was asked and no more (the parts
 * of a live item set aside: thousands of them wait at once), then it grows
 * as a small arena.
 */
START_TEST(test_arena_sized_first_block)
{
	struct arena *a = arena_new_sized(1024);
	size_t i;

	for (i = 0; i < 16; i++)
		(void)arena_alloc8(a, 64);
	ck_assert_uint_eq(arena_used(a), 1024);
	ck_assert_uint_eq(arena_blocks(a), 1);
	(void)arena_alloc8(a, 64);
	ck_assert_uint_eq(arena_blocks(a), 2);
	for (i = 0; i < 60; i++)
		(void)arena_alloc8(a, 64);
	ck_assert_uint_eq(arena_blocks(a), 2);
	arena_free(a);
	/* a small arena takes 1,088 bytes in its first block of 4 KiB */
	a = arena_new_small();
	for (i = 0; i < 17; i++)
		(void)arena_alloc8(a, 64);
	ck_assert_uint_eq(arena_blocks(a), 1);
	arena_free(a);
}
END_TEST

START_TEST(test_arena_large_grows)
{
	struct arena *a = arena_new();
	size_t i, n = 64 * 1024 * 1024 / 48 + 1;
	unsigned char *last = NULL;

	for (i = 0; i < n; i++) {
		last = arena_alloc8(a, 48);
		last[0] = 1;
	}
	ck_assert_uint_ge(arena_used(a), 64u * 1024 * 1024);
	/* 64 MiB in 64 KiB blocks would be over a thousand of them */
	ck_assert_uint_lt(arena_blocks(a), 40);
	last = arena_alloc(a, 3 * 1024 * 1024);
	ck_assert(all_zero(last, 3 * 1024 * 1024));
	arena_free(a);
}
END_TEST

/*
 * Blocks of 2 MiB and more are mapped on their own and trimmed to a 2 MiB
 * boundary: every byte of such a block, first and last, is the caller's.
 */
START_TEST(test_arena_mapped_blocks_whole)
{
	static const size_t sizes[] = { 2 * 1024 * 1024 - 16, 2 * 1024 * 1024,
					5 * 1024 * 1024 + 3,
					9 * 1024 * 1024 + 4095,
					17 * 1024 * 1024 };
	struct arena *a = arena_new();
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(a, sizes[i]);

		ck_assert_msg(p[0] == 0 && p[sizes[i] - 1] == 0, "size %zu",
			      sizes[i]);
		memset(p, 0x5a, sizes[i]);
		ck_assert(p[sizes[i] - 1] == 0x5a);
	}
	arena_free(a);
}
END_TEST

Suite *suite_arena(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");

	tcase_add_test(tc, test_arena_zeroed_after_reuse);
	tcase_add_test(tc, test_arena_small_zeroed_after_reuse);
	tcase_add_test(tc, test_arena_small_stays_small);
	tcase_add_test(tc, test_arena_sized_first_block);
	tcase_add_test(tc, test_arena_large_grows);
	tcase_add_test(tc, test_arena_mapped_blocks_whole);
	suite_add_tcase(s, tc);
	return s;
}
