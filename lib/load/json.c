/*
 * json.c - yajl callbacks driving the tree builder.
 */
#include "load/json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "arena.h"
#include "diag.h"
#include "load/loadb.h"

/*
 * Offsets are from the start of the input.  The input arrives in chunks;
 * the window win holds the bytes from wbase on: everything from the start
 * of the last token seen (off), so a token split between chunks, and the
 * text an error message points into, are still there.
 */
struct json_stream {
	struct lb *b;
	yajl_handle h;
	char *win;
	size_t wbase, wlen, walloc;
	size_t chunk;	    /* offset of the chunk yajl is parsing */
	size_t len;	    /* bytes received so far */
	size_t off;	    /* position tracked so far */
	unsigned line, col; /* of off */
	bool finishing;	    /* inside yajl_complete_parse */
	bool stopped;	    /* an error ended the stream */
	bool borrowed;	    /* win is json_parse's caller's, never fed */
	size_t last_end;    /* end of the last token with a callback */
	int rc;
};

#define jctx json_stream
/* Byte at offset g (g >= wbase). */
#define AT(j, g) ((j)->win[(g) - (j)->wbase])

/* Advance the running position to byte off (never backwards). */
static void seek(struct jctx *j, size_t off)
{
	const char *p, *end, *nl;
	unsigned col;

	if (off > j->len)
		off = j->len;
	if (off <= j->off)
		return;
	p = &AT(j, j->off);
	end = p + (off - j->off);
	col = j->col;
	/* lines by memchr; columns count the bytes after the last newline
	 * that do not continue a UTF-8 character */
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		j->line++;
		col = 1;
		p = nl + 1;
	}
	for (; p < end; p++)
		col += ((unsigned char)*p & 0xc0) != 0x80;
	j->col = col;
	j->off = off;
}

/*
 * End of the current token.  yajl_complete_parse() lexes a final " ", so
 * there the token (a number at the very end) ends at the end of the input.
 */
static size_t consumed(const struct jctx *j)
{
	size_t c =
	    j->finishing ? j->len : j->chunk + yajl_get_bytes_consumed(j->h);

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

	while (q > j->wbase) {
		size_t bs = 0;

		q--;
		if (AT(j, q) != '"')
			continue;
		while (q - bs > j->wbase && AT(j, q - bs - 1) == '\\')
			bs++;
		if (bs % 2 == 0)
			return q;
	}
	return j->wbase;
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
	size_t end = consumed(j), bad, i;

	if (end <= start + 1)
		return 0;
	/*
	 * Escapes are ASCII and decode to ASCII only below U+0080, so a
	 * decoded string of ASCII bytes had only ASCII in its raw text.
	 */
	for (i = 0; i < len && s[i] < 0x80; i++)
		;
	if (i == len)
		return 0;
	bad = j->wbase + lb_bad_char(j->win, start + 1 - j->wbase,
				     end - 1 - j->wbase, false, NULL);
	if (bad != end - 1) {
		seek(j, bad);
		j->rc = lb_fail(j->b, DIAG_ENCODING, j->line, j->col,
				"invalid UTF-8 in a string (byte 0x%02x)",
				(unsigned char)AT(j, bad));
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
	if (end <= j->wbase)
		return end;
	if (AT(j, end - 1) == '"')
		return string_start(j, end);
	if (!is_word(AT(j, end - 1)))
		return end - 1;
	while (end > j->off && is_word(AT(j, end - 1)))
		end--;
	return end;
}

static size_t skip_ws(const struct jctx *j, size_t off)
{
	while (off < j->len && strchr(" \t\r\n", AT(j, off)))
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
	char opened = j->last_end > j->wbase ? AT(j, j->last_end - 1) : '\0';

	if (after_sep && opened != '{' && opened != '[' && off < j->len &&
	    (AT(j, off) == ',' || AT(j, off) == ':'))
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
		off = j->wbase + lb_bad_char(j->win, j->off - j->wbase,
					     j->len - j->wbase, false, NULL);
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

struct json_stream *json_stream_new(struct lb *b, bool multi)
{
	struct jctx *j = xmalloc(sizeof(*j));

	memset(j, 0, sizeof(*j));
	j->b = b;
	j->line = 1;
	j->col = 1;
	j->h = yajl_alloc(&json_callbacks, NULL, j);
	if (!j->h) {
		j->stopped = true;
		j->rc = lb_fail(b, DIAG_INTERNAL, 0, 0, "cannot start yajl");
		if (b->on_error)
			b->on_error(b->ctx, &b->err);
		return j;
	}
	yajl_config(j->h, yajl_dont_validate_strings, 1);
	if (multi)
		yajl_config(j->h, yajl_allow_multiple_values, 1);
	return j;
}

/* An error ends the stream: report it once. */
static int stop(struct jctx *j, int rc)
{
	j->stopped = true;
	j->rc = rc;
	if (rc && j->b->on_error)
		j->b->on_error(j->b->ctx, &j->b->err);
	return rc;
}

/* Keep the window from the last token on and append len bytes of buf. */
static void window_add(struct jctx *j, const char *buf, size_t len)
{
	size_t keep = j->off < j->last_end ? j->off : j->last_end;

	if (keep > j->wbase) {
		size_t drop = keep - j->wbase;

		memmove(j->win, j->win + drop, j->wlen - drop);
		j->wlen -= drop;
		j->wbase = keep;
	}
	if (j->walloc - j->wlen < len) {
		if (len > SIZE_MAX / 2 - j->wlen)
			oom();
		j->walloc = (j->wlen + len) * 2;
		j->win = xrealloc(j->win, j->walloc);
	}
	memcpy(j->win + j->wlen, buf, len);
	j->wlen += len;
	j->len += len;
}

/* yajl parses len bytes at offset j->chunk of the window. */
static int parse_chunk(struct jctx *j, size_t len)
{
	yajl_status st;

	st = yajl_parse(j->h,
			len ? (const unsigned char *)&AT(j, j->chunk)
			    : (const unsigned char *)"",
			len);
	if (st == yajl_status_ok)
		return 0;
	if (st == yajl_status_client_canceled)
		return stop(j, j->rc ? j->rc
				     : lb_fail(j->b, DIAG_INTERNAL, 0, 0,
					       "parse stopped"));
	return stop(j, json_error(j, false));
}

int json_stream_feed(struct json_stream *j, const char *buf, size_t len)
{
	if (j->stopped)
		return j->rc;
	j->chunk = j->len;
	window_add(j, buf, len);
	return parse_chunk(j, len);
}

int json_stream_end(struct json_stream *j)
{
	yajl_status st;

	if (j->stopped)
		return j->rc;
	j->finishing = true;
	st = yajl_complete_parse(j->h);
	j->stopped = true;
	if (st == yajl_status_error)
		return stop(j, json_error(j, true));
	if (st == yajl_status_client_canceled)
		return stop(j, j->rc ? j->rc
				     : lb_fail(j->b, DIAG_INTERNAL, 0, 0,
					       "parse stopped"));
	return 0;
}

void json_stream_free(struct json_stream *j)
{
	if (!j)
		return;
	if (j->h)
		yajl_free(j->h);
	if (!j->borrowed)
		free(j->win);
	free(j);
}

int json_parse(struct lb *b, const char *buf, size_t len, bool multi)
{
	struct json_stream *j = json_stream_new(b, multi);
	int rc = j->rc;

	if (!j->stopped) {
		/* one buffer: parse it where it is, without a copy */
		j->win = (char *)buf;
		j->wlen = len;
		j->len = len;
		j->borrowed = true;
		rc = parse_chunk(j, len);
		if (!rc)
			rc = json_stream_end(j);
	}
	json_stream_free(j);
	return rc;
}
