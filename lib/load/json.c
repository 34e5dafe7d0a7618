/*
 * json.c - yajl callbacks driving the tree builder.
 */
#include "load/json.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "diag.h"
#include "load/loadb.h"

struct jctx {
	struct lb *b;
	yajl_handle h;
	const char *buf;
	size_t len;
	size_t off;	    /* position tracked so far */
	unsigned line, col; /* of off */
	bool finishing;	    /* inside yajl_complete_parse */
	size_t last_end;    /* end of the last token with a callback */
	int rc;
};

/* Advance the running position to byte off (never backwards). */
static void seek(struct jctx *j, size_t off)
{
	const char *p = j->buf + j->off, *end = j->buf + off;

	if (off > j->len)
		off = j->len;
	if (off <= j->off)
		return;
	for (; p < end; p++) {
		if (*p == '\n') {
			j->line++;
			j->col = 1;
		} else if (((unsigned char)*p & 0xc0) != 0x80) {
			j->col++;
		}
	}
	j->off = off;
}

/*
 * End of the current token.  yajl_complete_parse() lexes a final " ", so
 * there the token (a number at the very end) ends at the end of the input.
 */
static size_t consumed(const struct jctx *j)
{
	size_t c = j->finishing ? j->len : yajl_get_bytes_consumed(j->h);

	return c > j->len ? j->len : c;
}

/* Start of a token of n bytes that ends at the current offset. */
static size_t back(const struct jctx *j, size_t n)
{
	size_t c = consumed(j);

	return c > n ? c - n : 0;
}

/* Start of the string token that ends just before offset end. */
static size_t string_start(const struct jctx *j, size_t end)
{
	size_t q = end ? end - 1 : 0; /* the closing quote */

	while (q > 0) {
		size_t bs = 0;

		q--;
		if (j->buf[q] != '"')
			continue;
		while (q - bs > 0 && j->buf[q - bs - 1] == '\\')
			bs++;
		if (bs % 2 == 0)
			return q;
	}
	return 0;
}

static int done(struct jctx *j, int rc)
{
	j->last_end = consumed(j);
	j->rc = rc;
	return rc == 0;
}

static int cb_null(void *ctx)
{
	struct jctx *j = ctx;

	seek(j, back(j, 4));
	return done(
	    j, lb_scalar(j->b, NODE_NULL, NULL, 0, false, j->line, j->col));
}

static int cb_bool(void *ctx, int v)
{
	struct jctx *j = ctx;

	seek(j, back(j, v ? 4 : 5));
	return done(
	    j, lb_scalar(j->b, NODE_BOOL, NULL, 0, v != 0, j->line, j->col));
}

static int cb_number(void *ctx, const char *s, size_t len)
{
	struct jctx *j = ctx;

	seek(j, back(j, len));
	return done(
	    j, lb_scalar(j->b, NODE_NUMBER, s, len, false, j->line, j->col));
}

/*
 * yajl's own check lets surrogates and overlong forms through; the raw
 * token is checked here instead (escapes are ASCII, so the first bad byte
 * of the raw text is the first bad byte of the string).
 */
static int check_utf8(struct jctx *j, size_t start, const unsigned char *s,
		      size_t len)
{
	size_t end = consumed(j), bad;

	if (end <= start + 1)
		return 0;
	bad = lb_bad_char(j->buf, start + 1, end - 1, false, NULL);
	if (bad != end - 1) {
		seek(j, bad);
		j->rc = lb_fail(j->b, DIAG_ENCODING, j->line, j->col,
				"invalid UTF-8 in a string (byte 0x%02x)",
				(unsigned char)j->buf[bad]);
		return j->rc;
	}
	/* a \u escape of a lone surrogate decodes to bytes that are not
	 * UTF-8 although the raw text is */
	if (lb_bad_char((const char *)s, 0, len, false, NULL) == len)
		return 0;
	seek(j, start);
	j->rc = lb_fail(j->b, DIAG_ENCODING, j->line, j->col,
			"unpaired surrogate escape in a string");
	return j->rc;
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
	struct jctx *j = ctx;
	size_t start = string_start(j, consumed(j));

	if (check_utf8(j, start, s, len))
		return 0;
	seek(j, start);
	return done(j, lb_scalar(j->b, NODE_STRING, (const char *)s, len, false,
				 j->line, j->col));
}

static int cb_key(void *ctx, const unsigned char *s, size_t len)
{
	struct jctx *j = ctx;
	size_t start = string_start(j, consumed(j));

	if (check_utf8(j, start, s, len))
		return 0;
	seek(j, start);
	return done(j, lb_key(j->b, (const char *)s, len, j->line, j->col));
}

static int cb_start_map(void *ctx)
{
	struct jctx *j = ctx;

	seek(j, back(j, 1));
	return done(j, lb_begin(j->b, NODE_OBJECT, j->line, j->col));
}

static int cb_start_array(void *ctx)
{
	struct jctx *j = ctx;

	seek(j, back(j, 1));
	return done(j, lb_begin(j->b, NODE_ARRAY, j->line, j->col));
}

static int cb_end(void *ctx)
{
	struct jctx *j = ctx;

	return done(j, lb_end(j->b));
}

static const yajl_callbacks json_callbacks = {
	.yajl_null = cb_null,
	.yajl_boolean = cb_bool,
	.yajl_number = cb_number,
	.yajl_string = cb_string,
	.yajl_start_map = cb_start_map,
	.yajl_map_key = cb_key,
	.yajl_end_map = cb_end,
	.yajl_start_array = cb_start_array,
	.yajl_end_array = cb_end,
};

/* yajl's wording (a substring) and ours. */
static const struct {
	const char *yajl;
	const char *msg;
} json_errors[] = {
	{ "premature EOF", "unexpected end of input" },
	{ "trailing garbage", "expected end of input after the JSON value" },
	{ "unallowed token", "unexpected token, expected a JSON value" },
	{ "invalid object key",
	  "expected an object key (a string in double quotes)" },
	{ "separated by a colon", "expected ':' after an object key" },
	{ "inside map, I expect",
	  "expected ',' or '}' after an object member" },
	{ "after array element", "expected ',' or ']' after an array item" },
	{ "invalid bytes in UTF8", "invalid UTF-8 in a string" },
	{ "must be escaped",
	  "control character in a string, expected it escaped" },
	{ "non-hex", "expected four hex digits after '\\u'" },
	{ "invalid char in json", "invalid character, expected a JSON value" },
	{ "comment", "comments are not allowed in JSON" },
	{ "invalid string in json",
	  "invalid word, expected a JSON value (true, false, null, a number "
	  "or a string)" },
};

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

/*
 * yajl stops after the token it could not use; step back to its start so
 * the error points at it.
 */
static size_t token_start(const struct jctx *j, size_t end)
{
	if (!end)
		return 0;
	if (j->buf[end - 1] == '"')
		return string_start(j, end);
	if (!is_word(j->buf[end - 1]))
		return end - 1;
	while (end > j->off && is_word(j->buf[end - 1]))
		end--;
	return end;
}

static size_t skip_ws(const struct jctx *j, size_t off)
{
	while (off < j->len && strchr(" \t\r\n", j->buf[off]))
		off++;
	return off;
}

/*
 * The token yajl refused: the first one after the last token it accepted
 * with a callback, past one ',' or ':' when the refusal came after such a
 * separator (a missing key or value).
 */
static size_t bad_token(const struct jctx *j, bool after_sep)
{
	size_t off = skip_ws(j, j->last_end);
	char opened = j->last_end ? j->buf[j->last_end - 1] : '\0';

	if (after_sep && opened != '{' && opened != '[' && off < j->len &&
	    (j->buf[off] == ',' || j->buf[off] == ':'))
		off = skip_ws(j, off + 1);
	return off;
}

static int json_error(struct jctx *j, bool at_end)
{
	unsigned char *raw = yajl_get_error(j->h, 0, NULL, 0);
	const char *raw_text = (const char *)raw, *text = raw_text, *colon;
	char msg[256];
	size_t off = at_end ? j->len : consumed(j), i, n;
	enum node_type t;
	unsigned ol, oc;
	int rc;

	colon = strstr(text, ": ");
	text = colon ? colon + 2 : text;
	n = strcspn(text, "\n");
	if (n && text[n - 1] == '.')
		n--;
	snprintf(msg, sizeof(msg), "%.*s", (int)n, text);
	for (i = 0; i < sizeof(json_errors) / sizeof(json_errors[0]); i++) {
		if (strstr(text, json_errors[i].yajl)) {
			snprintf(msg, sizeof(msg), "%s", json_errors[i].msg);
			break;
		}
	}
	if (strstr(text, "UTF8"))
		off = lb_bad_char(j->buf, j->off, j->len, false, NULL);
	if (off > j->len)
		off = j->len;
	if (!at_end && !strncmp(raw_text, "parse error", 11))
		off = bad_token(j, strstr(text, "invalid object key") ||
				       strstr(text, "unallowed token"));
	else if (!at_end && (strstr(text, "invalid char in json") ||
			     strstr(text, "invalid string in json")))
		off = token_start(j, off);
	seek(j, off);
	if (at_end && lb_open(j->b, &t, &ol, &oc))
		rc = lb_fail(j->b, DIAG_PARSE, j->line, j->col,
			     "%s: the %s opened at line %u col %u is not "
			     "closed",
			     msg, node_type_name(t), ol, oc);
	else
		rc = lb_fail(j->b, DIAG_PARSE, j->line, j->col, "%s", msg);
	yajl_free_error(j->h, raw);
	return rc;
}

int json_parse(struct lb *b, const char *buf, size_t len, bool multi)
{
	struct jctx j = { .b = b, .buf = buf, .len = len, .line = 1, .col = 1 };
	yajl_status st;
	int rc = 0;

	j.h = yajl_alloc(&json_callbacks, NULL, &j);
	if (!j.h)
		return lb_fail(b, DIAG_INTERNAL, 0, 0, "cannot start yajl");
	yajl_config(j.h, yajl_dont_validate_strings, 1);
	if (multi)
		yajl_config(j.h, yajl_allow_multiple_values, 1);
	st = yajl_parse(j.h, (const unsigned char *)buf, len);
	if (st == yajl_status_ok) {
		j.finishing = true;
		st = yajl_complete_parse(j.h);
		if (st == yajl_status_error)
			rc = json_error(&j, true);
	} else if (st == yajl_status_client_canceled) {
		rc = j.rc ? j.rc
			  : lb_fail(b, DIAG_INTERNAL, 0, 0, "parse stopped");
	} else {
		rc = json_error(&j, false);
	}
	yajl_free(j.h);
	if (rc && b->on_error)
		b->on_error(b->ctx, &b->err);
	return rc;
}
