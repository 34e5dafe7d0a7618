/*
 * json.c - yajl callbacks driving the tree builder.
 */
#include "json.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "diag.h"
#include "loadb.h"

struct jctx {
	struct lb *b;
	yajl_handle h;
	const char *buf;
	size_t len;
	size_t off;         /* position tracked so far */
	unsigned line, col; /* of off */
	int rc;
};

/* Advance the running position to byte off (never backwards). */
static void seek(struct jctx *j, size_t off)
{
	const char *p = j->buf + j->off, *end = j->buf + off;

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

static size_t consumed(const struct jctx *j)
{
	return yajl_get_bytes_consumed(j->h);
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
	j->rc = rc;
	return rc == 0;
}

static int cb_null(void *ctx)
{
	struct jctx *j = ctx;

	seek(j, consumed(j) - 4);
	return done(j, lb_scalar(j->b, NODE_NULL, NULL, 0, false, j->line,
				 j->col));
}

static int cb_bool(void *ctx, int v)
{
	struct jctx *j = ctx;

	seek(j, consumed(j) - (v ? 4 : 5));
	return done(j, lb_scalar(j->b, NODE_BOOL, NULL, 0, v != 0, j->line,
				 j->col));
}

static int cb_number(void *ctx, const char *s, size_t len)
{
	struct jctx *j = ctx;

	seek(j, consumed(j) - len);
	return done(j, lb_scalar(j->b, NODE_NUMBER, s, len, false, j->line,
				 j->col));
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
	struct jctx *j = ctx;

	seek(j, string_start(j, consumed(j)));
	return done(j, lb_scalar(j->b, NODE_STRING, (const char *)s, len,
				 false, j->line, j->col));
}

static int cb_key(void *ctx, const unsigned char *s, size_t len)
{
	struct jctx *j = ctx;

	seek(j, string_start(j, consumed(j)));
	return done(j, lb_key(j->b, (const char *)s, len, j->line, j->col));
}

static int cb_start_map(void *ctx)
{
	struct jctx *j = ctx;

	seek(j, consumed(j) - 1);
	return done(j, lb_begin(j->b, NODE_OBJECT, j->line, j->col));
}

static int cb_start_array(void *ctx)
{
	struct jctx *j = ctx;

	seek(j, consumed(j) - 1);
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
	{ "inside map, I expect", "expected ',' or '}' after an object member" },
	{ "after array element", "expected ',' or ']' after an array item" },
	{ "invalid bytes in UTF8", "invalid UTF-8 in a string" },
	{ "must be escaped",
	  "control character in a string, expected it escaped" },
	{ "non-hex", "expected four hex digits after '\\u'" },
	{ "invalid char in json", "invalid character, expected a JSON value" },
	{ "comment", "comments are not allowed in JSON" },
};

/* First invalid UTF-8 byte at or after from, or len. */
static size_t bad_utf8(const unsigned char *s, size_t from, size_t len)
{
	size_t i = from;

	while (i < len) {
		unsigned c = s[i], need, min;
		unsigned long cp;
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1, min = 0x80, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2, min = 0x800, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return i;
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return len;
}

static int json_error(struct jctx *j, bool at_end)
{
	unsigned char *raw = yajl_get_error(j->h, 0, NULL, 0);
	const char *text = (const char *)raw, *colon;
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
		off = bad_utf8((const unsigned char *)j->buf, j->off, j->len);
	if (off > j->len)
		off = j->len;
	seek(j, off);
	if (at_end && lb_open(j->b, &t, &ol, &oc))
		rc = lb_fail(j->b, DIAG_PARSE, j->line, j->col,
			     "%s: the %s opened at line %u col %u is not "
			     "closed", msg, node_type_name(t), ol, oc);
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
	if (multi)
		yajl_config(j.h, yajl_allow_multiple_values, 1);
	st = yajl_parse(j.h, (const unsigned char *)buf, len);
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(j.h);
		if (st == yajl_status_error)
			rc = json_error(&j, true);
	} else if (st == yajl_status_client_canceled) {
		rc = j.rc ? j.rc : lb_fail(b, DIAG_INTERNAL, 0, 0,
					   "parse stopped");
	} else {
		rc = json_error(&j, false);
	}
	yajl_free(j.h);
	if (rc && b->on_error)
		b->on_error(b->ctx, &b->err);
	return rc;
}
