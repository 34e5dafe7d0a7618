/*
 * fmt_snprintf against the C library's snprintf: the same return value and
 * the same bytes, for each format over many values and every buffer size
 * from 0 up (truncation), with no byte written past the size given.
 */
#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "fmt.h"

#define BUFSZ 600

/* The sizes each format is tried with: all small ones, then a few more. */
static const size_t sizes[] = { 0,  1,	2,  3,	4,  5,	 6,   7,   8,	 9,
				10, 11, 12, 15, 16, 17,	 20,  21,  24,	 32,
				33, 40, 63, 64, 65, 100, 300, 599, BUFSZ };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

/* Both results for one size; fails the test on any difference. */
static void compare(int line, const char *fmt, size_t size, int rc_lib,
		    const char *lib, int rc_fmt, const char *ours)
{
	ck_assert_msg(rc_lib == rc_fmt, "line %d '%s' size %zu: rc %d vs %d",
		      line, fmt, size, rc_lib, rc_fmt);
	ck_assert_msg(!memcmp(lib, ours, BUFSZ + 16),
		      "line %d '%s' size %zu: '%s' vs '%s'", line, fmt, size,
		      lib, ours);
}

/*
 * Runs the format (a literal, so the compiler checks it against the
 * arguments) through both at every size in sizes[].
 */
#define CMP(...)                                                               \
	do {                                                                   \
		for (size_t k_ = 0; k_ < NSIZES; k_++) {                       \
			char lib_[BUFSZ + 16], ours_[BUFSZ + 16];              \
			int rl_, ro_;                                          \
                                                                               \
			memset(lib_, 0x5a, sizeof(lib_));                      \
			memset(ours_, 0x5a, sizeof(ours_));                    \
			rl_ = snprintf(lib_, sizes[k_], __VA_ARGS__);          \
			ro_ = fmt_snprintf(ours_, sizes[k_], __VA_ARGS__);     \
			compare(__LINE__, #__VA_ARGS__, sizes[k_], rl_, lib_,  \
				ro_, ours_);                                   \
		}                                                              \
	} while (0)

static const int ints[] = { 0,	     1,	      -1,      7,	   -7,
			    9,	     10,      -10,     99,	   100,
			    12345,   -12345,  65535,   65536,	   -32768,
			    1 << 30, INT_MAX, INT_MIN, INT_MIN + 1 };
static const long long llongs[] = { 0,
				    1,
				    -1,
				    4294967295LL,
				    4294967296LL,
				    -4294967296LL,
				    1000000000000LL,
				    LLONG_MAX,
				    LLONG_MIN,
				    LLONG_MIN + 1 };
static const unsigned long long ullongs[] = { 0,
					      1,
					      9,
					      15,
					      16,
					      255,
					      256,
					      4294967295ULL,
					      4294967296ULL,
					      ULLONG_MAX,
					      ULLONG_MAX - 1,
					      0x8000000000000000ULL };
static const char *const strs[] = { "",
				    "a",
				    "ab",
				    "hello",
				    "exactly-16-bytes",
				    "a somewhat longer string of text, 40 byt",
				    "tab\tand\nnewline",
				    "utf-8 \xc3\xa9\xe2\x82\xac",
				    "\xff\xfe odd bytes" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_fmt_literals)
{
	CMP("%s", "");
	CMP("plain text, no conversions");
	CMP("%%");
	CMP("100%% sure %%%% of it");
	CMP("%s%%%s", "a", "b");
	CMP("tail %s", "x");
}
END_TEST

START_TEST(test_fmt_strings)
{
	for (size_t i = 0; i < N(strs); i++) {
		const char *s = strs[i];
		int n = (int)strlen(s);

		CMP("%s", s);
		CMP("[%s]", s);
		CMP("%s/%s/%s", s, s, s);
		CMP("%20s|", s);
		CMP("%-20s|", s);
		CMP("%4s|", s);
		CMP("%-8s|", s);
		CMP("%-46s|", s);
		CMP("%.3s|", s);
		CMP("%.0s|", s);
		CMP("%.60s|", s);
		CMP("%10.3s|", s);
		CMP("%-10.3s|", s);
		CMP("%.*s|", 2, s);
		CMP("%.*s|", n, s);
		CMP("%.*s|", -1, s);
		CMP("%.*s|", 0, s);
		CMP("%*s|", 12, s);
		CMP("%*s|", -12, s);
		CMP("%-*s|", 12, s);
		CMP("%-*s|", 0, s);
		CMP("%*.*s|", 9, 3, s);
		CMP("%c%s%c", '<', s, '>');
	}
	/* %.*s over bytes without a NUL within the precision */
	{
		char raw[4] = { 'a', 'b', 'c', 'd' };

		CMP("%.*s", 4, raw);
		CMP("%.*s", 2, raw);
		CMP("%.4s|", raw);
	}
}
END_TEST

START_TEST(test_fmt_ints)
{
	for (size_t i = 0; i < N(ints); i++) {
		int v = ints[i];
		unsigned u = (unsigned)v;

		CMP("%d", v);
		CMP("%i", v);
		CMP("%u", u);
		CMP("%x", u);
		CMP("%X", u);
		CMP("%o", u);
		CMP("%5d|", v);
		CMP("%-5d|", v);
		CMP("%05d|", v);
		CMP("%02d|", v);
		CMP("%+d|", v);
		CMP("% d|", v);
		CMP("%+05d|", v);
		CMP("% 05d|", v);
		CMP("%.3d|", v);
		CMP("%.0d|", v);
		CMP("%8.3d|", v);
		CMP("%-8.3d|", v);
		CMP("%.0u|", u);
		CMP("%.0x|", u);
		CMP("%5.0x|", u);
		CMP("%2u|", u);
		CMP("%4u|", u);
		CMP("%02x|", u);
		CMP("%08x|", u);
		CMP("%-8X|", u);
		CMP("%20u|", u);
		CMP("%*d|", 7, v);
		CMP("%*d|", -7, v);
		CMP("%.*d|", 4, v);
		CMP("%.*d|", -4, v);
		CMP("%hhd|%hhu|%hhx", (signed char)v, (unsigned char)u,
		    (unsigned char)u);
		CMP("%hd|%hu|%hx", (short)v, (unsigned short)u,
		    (unsigned short)u);
		CMP("%d items, %u left (%s)", v, u, "why");
	}
}
END_TEST

START_TEST(test_fmt_wide_ints)
{
	for (size_t i = 0; i < N(llongs); i++) {
		long long v = llongs[i];
		long l = (long)v;

		CMP("%lld", v);
		CMP("%ld", l);
		CMP("%li", l);
		CMP("%+lld|", v);
		CMP("%25lld|", v);
		CMP("%-25lld|", v);
		CMP("%025lld|", v);
		CMP("%.22lld|", v);
		CMP("%jd", (intmax_t)v);
		CMP("%zd", (ptrdiff_t)v);
		CMP("%td", (ptrdiff_t)v);
	}
	for (size_t i = 0; i < N(ullongs); i++) {
		unsigned long long u = ullongs[i];
		unsigned long ul = (unsigned long)u;

		CMP("%llu", u);
		CMP("%llx", u);
		CMP("%llX", u);
		CMP("%llo", u);
		CMP("%lu", ul);
		CMP("%lx", ul);
		CMP("%04lX", ul);
		CMP("%04lx", ul);
		CMP("%08lx", ul);
		CMP("%zu", (size_t)u);
		CMP("%zx", (size_t)u);
		CMP("%20zu|", (size_t)u);
		CMP("%-20zu|", (size_t)u);
		CMP("%ju", (uintmax_t)u);
		CMP("%tu", (ptrdiff_t)u);
	}
	CMP("%zu", SIZE_MAX);
	CMP("%lld %lld", LLONG_MIN, LLONG_MAX);
	CMP("%d %d", INT_MIN, INT_MAX);
	CMP("%ld %lu", LONG_MIN, ULONG_MAX);
}
END_TEST

START_TEST(test_fmt_chars)
{
	static const int cs[] = { 'a', 'Z', ' ', '%', '\n', 0x7f, 0xe9, 0xff };

	for (size_t i = 0; i < N(cs); i++) {
		CMP("%c", cs[i]);
		CMP("[%c]", cs[i]);
		CMP("%3c|", cs[i]);
		CMP("%-3c|", cs[i]);
		CMP("%c%c%c", cs[i], cs[i], cs[i]);
	}
	/* a NUL byte counts and is written */
	CMP("a%cb", 0);
}
END_TEST

/*
 * Flags the standard ignores in some combinations ('0' with '-' or with a
 * precision, ' ' with '+', '0' with %s); the compiler warns about each.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
START_TEST(test_fmt_ignored_flags)
{
	for (size_t i = 0; i < N(ints); i++) {
		int v = ints[i];

		CMP("%-05d|", v);
		CMP("%+ d|", v);
		CMP("%08.3d|", v);
		CMP("%-08.3u|", (unsigned)v);
	}
	CMP("%05s|", "ab");
	CMP("%05c|", 'c');
}
END_TEST
#pragma GCC diagnostic pop

/* The forms left to libc give its result too. */
START_TEST(test_fmt_fallback)
{
	static const double ds[] = { 0.0, 1.5, -2.25, 1e10, 3.14159265358979 };

	for (size_t i = 0; i < N(ds); i++) {
		CMP("%.3f", ds[i]);
		CMP("%.17g", ds[i]);
		CMP("%s=%.3f (%d)", "x", ds[i], 42);
		CMP("%e|%g|%a", ds[i], ds[i], ds[i]);
	}
	CMP("%#x|%#o", 255u, 8u);
	CMP("%p", (void *)&ds[0]);
	CMP("%p", (void *)NULL);
	CMP("%1$s %1$s", "pos");
	CMP("%lc", (wint_t)'w');
	/* glibc writes "(null)" for a NULL string */
	{
		const char *volatile null = NULL;

		CMP("%s|%.3s|%10s", null, null, null);
	}
}
END_TEST

/* Long results: cut at every size, the return value still the length. */
START_TEST(test_fmt_long)
{
	char big[2000];

	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CMP("%s", big);
	CMP("<%s>%d", big, -5);
	CMP("%.550s", big);
	CMP("%580d|", 12);
	CMP("%-580u|", 12u);
	CMP("%0580lld|", LLONG_MIN);
	CMP("%.570d|", -3);
	CMP("%*s|", 590, "w");
}
END_TEST

/* fmt_snprintf hands its arguments to fmt_vsnprintf as a va_list. */
START_TEST(test_fmt_va_list)
{
	char buf[64];

	ck_assert_int_eq(
	    fmt_snprintf(buf, sizeof(buf), "%s-%zu-%d", "k", (size_t)7, -1), 6);
	ck_assert_str_eq(buf, "k-7--1");
	ck_assert_int_eq(fmt_snprintf(buf, 4, "%s", "abcdef"), 6);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(fmt_snprintf(NULL, 0, "%d%s", 12, "xyz"), 5);
	ck_assert_int_eq(fmt_snprintf(buf, sizeof(buf), "%.2f", 0.125), 4);
	ck_assert_str_eq(buf, "0.12");
}
END_TEST

Suite *suite_fmt(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("fmt");

	tcase_add_test(tc, test_fmt_literals);
	tcase_add_test(tc, test_fmt_strings);
	tcase_add_test(tc, test_fmt_ints);
	tcase_add_test(tc, test_fmt_wide_ints);
	tcase_add_test(tc, test_fmt_chars);
	tcase_add_test(tc, test_fmt_ignored_flags);
	tcase_add_test(tc, test_fmt_fallback);
	tcase_add_test(tc, test_fmt_long);
	tcase_add_test(tc, test_fmt_va_list);
	suite_add_tcase(s, tc);
	return s;
}
