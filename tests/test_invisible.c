/*
 * Bidirectional, invisible and control characters from the input: every
 * report for people shows them as code points, JSON and SARIF escape
 * them, and no report carries invalid UTF-8.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "fleet.h"
#include "render/markup.h"
#include "sbuf.h"
#include "testutil.h"
#include "utf8.h"

/* RLO, LRI, RLM, ALM, ZWSP, ESC, NEL (C1), a tag character, a bad byte */
static const char nasty[] = "a\xe2\x80\xae"
			    "b\xe2\x81\xa6"
			    "c\xe2\x80\x8f"
			    "d\xd8\x9c"
			    "e\xe2\x80\x8b"
			    "f\x1b[31m"
			    "g\xc2\x85"
			    "h\xf3\xa0\x81\x81"
			    "i\xff"
			    "j";

/* True when s (len bytes) is UTF-8 throughout. */
static bool all_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_decode(p + i, len - i, NULL);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

/* True when s holds a bidirectional control as it is. */
static bool has_raw_bidi(const char *s)
{
	static const char *const bidi[] = {
		"\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\x8f",
		"\xd8\x9c",	"\xe2\x80\x8b", "\x1b",
	};
	size_t i;

	for (i = 0; i < sizeof(bidi) / sizeof(*bidi); i++)
		if (strstr(s, bidi[i]))
			return true;
	return false;
}

START_TEST(test_hidden_set)
{
	static const unsigned long hidden[] = {
		0x061c, 0x200e, 0x200f, 0x202a, 0x202e,	 0x2066,
		0x2069, 0x200b, 0xfeff, 0x2028, 0xe0041,
	};
	static const unsigned long shown[] = { 'a',    0xe9,   0x5d0,
					       0x2030, 0x4e2d, 0x1f600 };
	size_t i;

	for (i = 0; i < sizeof(hidden) / sizeof(*hidden); i++)
		ck_assert_msg(utf8_is_hidden(hidden[i]), "%lx", hidden[i]);
	for (i = 0; i < sizeof(shown) / sizeof(*shown); i++)
		ck_assert_msg(!utf8_is_hidden(shown[i]), "%lx", shown[i]);
}
END_TEST

START_TEST(test_term)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(markup_term(&sb, nasty), 0);
	ck_assert_str_eq(sb.buf, "a\\u202eb\\u2066c\\u200fd\\u061ce\\u200bf"
				 "\\x1b[31mg\\u0085h\\U000e0041i\\xffj");
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_markup)
{
	static const char want[] =
	    "a&lt;U+202E&gt;b&lt;U+2066&gt;c"
	    "&lt;U+200F&gt;d&lt;U+061C&gt;e"
	    "&lt;U+200B&gt;f&lt;U+001B&gt;[31mg"
	    "&lt;U+0085&gt;h&lt;U+E0041&gt;i\xef\xbf\xbdj";
	int (*const fn[])(struct sbuf *, const char *) = {
		markup_html,
		markup_xml,
		markup_md,
	};
	size_t i;

	for (i = 0; i < sizeof(fn) / sizeof(*fn); i++) {
		struct sbuf sb = SBUF_INIT;
		const char *bracket;

		ck_assert_int_eq(fn[i](&sb, nasty), 0);
		/* Markdown puts a backslash before '[' too */
		bracket = strstr(sb.buf, "\\[");
		if (fn[i] == markup_md && bracket)
			memmove((char *)bracket, bracket + 1,
				strlen(bracket + 1) + 1);
		ck_assert_str_eq(sb.buf, want);
		sbuf_release(&sb);
	}
}
END_TEST

START_TEST(test_json)
{
	struct sbuf sb = SBUF_INIT, big = SBUF_INIT;

	ck_assert_int_eq(sbuf_add_json_str(&sb, nasty, strlen(nasty)), 0);
	ck_assert_str_eq(sb.buf, "\"a\\u202eb\\u2066c\\u200fd\\u061ce\\u200bf"
				 "\\u001b[31mg\\u0085h\\udb40\\udc41i"
				 "\\ufffdj\"");
	/* the path that grows the buffer piece by piece says the same */
	sbuf_init(&big, 40);
	ck_assert_int_ne(sbuf_add_json_str(&big, nasty, strlen(nasty)), 0);
	sbuf_release(&big);
	sbuf_init(&big, 200);
	ck_assert_int_eq(sbuf_add_json_str(&big, nasty, strlen(nasty)), 0);
	ck_assert_str_eq(big.buf, sb.buf);
	sbuf_release(&big);
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_fleet_text)
{
	struct arena *a = arena_new();
	struct fleet f;
	struct fleet_cluster c[1];
	struct sbuf sb = SBUF_INIT;

	memset(c, 0, sizeof(c));
	c[0].name = "prod\xe2\x80\xae";
	c[0].error = "cannot read 'x\x1b]0;owned\x07'";
	c[0].gaps[0] = "rbac-exec: \xe2\x81\xa6hidden";
	c[0].ngaps = 1;
	c[0].not_visible = 1;
	fleet_init(&f, a);
	f.c = c;
	f.n = 1;
	ck_assert_int_eq(fleet_render_text(&f, &sb), 0);
	ck_assert_msg(!has_raw_bidi(sb.buf), "%s", sb.buf);
	ck_assert_ptr_nonnull(strstr(sb.buf, "prod\\u202e"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "x\\x1b]0;owned\\x07"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "\\u2066hidden"));
	sbuf_release(&sb);
	arena_free(a);
}
END_TEST

/*
 * A manifest whose file name holds a right-to-left override and whose
 * image reference (echoed in messages and evidence) holds an isolate.
 */
START_TEST(test_reports)
{
	static const struct {
		const char *format, *mark;
	} want[] = {
		{ "text", "ev\\u202eil.yaml" },
		{ "json", "ev\\u202eil.yaml" },
		{ "sarif", "ev%E2%80%AEil.yaml" },
		{ "html", "ev&lt;U+202E&gt;il.yaml" },
		{ "markdown", "ev&lt;U+202E&gt;il.yaml" },
		{ "junit", "ev&lt;U+202E&gt;il.yaml" },
	};
	static const struct {
		const char *format, *mark;
	} image[] = {
		{ "text", "nginx:1.\\u2066" },
		{ "json", "nginx:1.\\u2066" },
		{ "sarif", "nginx:1.\\u2066" },
		{ "html", "nginx:1.&lt;U+2066&gt;" },
		{ "markdown", "nginx:1.&lt;U+2066&gt;" },
		{ "junit", "nginx:1.&lt;U+2066&gt;" },
	};
	char dir[] = "/tmp/threatmap-invisible-XXXXXX";
	char path[128];
	FILE *fp;
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ev\xe2\x80\xaeil.yaml", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
	      "  namespace: shop\nspec:\n  containers:\n  - name: app\n"
	      "    image: \"nginx:1.\\u2066x\"\n"
	      "    securityContext:\n      privileged: true\n",
	      fp);
	ck_assert_int_eq(fclose(fp), 0);
	for (i = 0; i < sizeof(want) / sizeof(*want); i++) {
		char *out = NULL;

		tu_runf(&out,
			"scan -f '%s' --no-color --min-severity low "
			"--verbose -o %s 2>/dev/null",
			dir, want[i].format);
		ck_assert_ptr_nonnull(out);
		ck_assert_msg(all_utf8(out, strlen(out)), "%s: not UTF-8",
			      want[i].format);
		ck_assert_msg(!has_raw_bidi(out), "%s: %s", want[i].format,
			      out);
		ck_assert_msg(strstr(out, want[i].mark), "%s: no %s in %s",
			      want[i].format, want[i].mark, out);
		ck_assert_msg(strstr(out, image[i].mark), "%s: no %s in %s",
			      image[i].format, image[i].mark, out);
		free(out);
	}
	tu_shf(NULL, "rm -rf '%s'", dir);
}
END_TEST

Suite *suite_invisible(void)
{
	Suite *s = suite_create("invisible");
	TCase *tc = tcase_create("invisible");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hidden_set);
	tcase_add_test(tc, test_term);
	tcase_add_test(tc, test_markup);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_fleet_text);
	tcase_add_test(tc, test_reports);
	suite_add_tcase(s, tc);
	return s;
}
