/*
 * json.c - a streaming JSON tokenizer driving the tree builder.
 *
 * One pass over the bytes: white space, punctuation, strings, numbers and
 * the words true, false and null are recognised, checked (UTF-8 included)
 * and handed to the builder with their line and column, which are counted
 * on the way.  Input arrives in pieces; a token cut by the end of a piece
 * is copied aside (the carry) with how far it was checked, and completed
 * from the next piece, so only the unfinished token is kept.
 *
 * Inside a subtree the builder drops (managedFields, undeclared members),
 * tokens are checked and passed over without builder calls.
 */
#include "load/json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "load/bytes8.h"
#include "load/limits.h"
#include "load/loadb.h"

/* Where the parser stands between tokens. */
enum json_state {
	JS_VALUE,	 /* a value must come */
	JS_VALUE_OR_END, /* after '[' */
	JS_KEY,		 /* after ',' in an object */
	JS_KEY_OR_END,	 /* after '{' */
	JS_COLON,	 /* after a key */
	JS_NEXT,	 /* after a member or item: ',' or the close */
	JS_DONE,	 /* after a top-level value */
};

/* A token being read (it may continue in the next piece). */
enum json_tok { TOK_NONE, TOK_STR, TOK_NUM, TOK_WORD };

/* Number grammar: where the scan stands. */
enum json_num {
	NUM_START, /* nothing yet */
	NUM_MINUS, /* '-': a digit must come */
	NUM_ZERO,  /* a leading 0: no more integer digits */
	NUM_INT,   /* integer digits */
	NUM_DOT,   /* '.': a digit must come */
	NUM_FRAC,  /* fraction digits */
	NUM_E,	   /* 'e': a sign or a digit must come */
	NUM_ESIGN, /* exponent sign: a digit must come */
	NUM_EXP,   /* exponent digits */
};

struct json_stream {
	struct lb *b;
	bool multi;
	bool stopped; /* an error ended the stream */
	int rc;
	enum json_state st;
	unsigned line, col; /* of the next byte not yet taken */
	/* open containers, '{' or '[' each */
	unsigned char *stk;
	size_t depth, astk;
	/* nesting inside a subtree the builder drops (0: none) */
	size_t skip;
	/* the token being read: its kind, start and how far it is checked */
	enum json_tok tok;
	unsigned tline, tcol;
	size_t tpos;   /* bytes of the token checked */
	unsigned pcol; /* column after them */
	bool esc;      /* a string with escapes */
	bool hi;       /* a high surrogate escape waits for its low half */
	/*
	 * A long string in the carry: its bytes before dpos are counted (dlen
	 * bytes once decoded); cut: those before the carry's were let go.
	 */
	size_t dpos, dlen;
	size_t cut_min;
	bool cut;
	enum json_num nst;
	/* column of the number or word just read, 0 once anything follows */
	unsigned wcol;
	/* an unfinished token copied from the end of a piece */
	char *carry;
	size_t clen, ccap;
	/* decoded strings with escapes */
	char *dec;
	size_t dalloc;
	/* the punctuation being acted on (json_stream_punct()) */
	const unsigned char *pc;
};

#define jctx json_stream

/* Byte classes inside a string. */
enum { SC_PLAIN, SC_QUOTE, SC_ESC, SC_CTRL, SC_HIGH };

#define P SC_PLAIN
#define Q SC_QUOTE
#define E SC_ESC
#define C SC_CTRL
#define H SC_HIGH
/* clang-format off */
static const unsigned char str_class[256] = {
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
	P, P, Q, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, E, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
/* clang-format on */
#undef P
#undef Q
#undef E
#undef C
#undef H

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * End of the run of plain string bytes (printable ASCII but '"' and '\\')
 * from s[i], eight bytes at a time while they last.
 */
static inline size_t plain_run(const unsigned char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
	/*
	 * Sixteen at a time: below 0x20 and from 0x80 are both below 0x20
	 * as signed bytes.
	 */
	while (n - i >= 16) {
		__m128i x = _mm_loadu_si128((const void *)(s + i));
		__m128i bad = _mm_or_si128(
		    _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
		    _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
				 _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
		unsigned m = (unsigned)_mm_movemask_epi8(bad);

		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (n - i >= 8) {
		uint64_t x = load8(s + i);
		/*
		 * A borrow can flag a byte above a flagged one, never the
		 * lowest flagged byte itself.
		 */
		uint64_t m = has_below(x, 0x20) |
			     has_below(x ^ (ONES * '"'), 1) |
			     has_below(x ^ (ONES * '\\'), 1) | (x & HIGHS);

		if (m) {
#ifdef first_flagged
			return i + first_flagged(m);
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && str_class[s[i]] == SC_PLAIN)
		i++;
	return i;
}

/* End of the run of spaces from s[i]. */
static size_t space_run(const unsigned char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
	/* indentation of kubectl's output is often longer than eight */
	while (n - i >= 16) {
		__m128i x = _mm_loadu_si128((const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(
				 _mm_cmpeq_epi8(x, _mm_set1_epi8(' '))) ^
			     0xffffu;

		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (n - i >= 8) {
		uint64_t x = load8(s + i) ^ (ONES * ' ');

		if (x) {
#ifdef first_flagged
			/* a byte that is not a space has a bit set */
			return i + first_flagged(x);
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/*
 * Pass the white space from s[i] and count its lines and columns;
 * indentation goes eight spaces at a time.
 */
static size_t skip_space(struct jctx *j, const unsigned char *s, size_t i,
			 size_t n)
{
	size_t from = i; /* columns count from here */
	unsigned col = j->col;

	while (i < n) {
		unsigned char c = s[i];

		if (c == ' ') {
			i = space_run(s, i, n);
		} else if (c == '\n') {
			j->line++;
			col = 1;
			from = ++i;
		} else if (c == '\t' || c == '\r') {
			i++;
		} else {
			break;
		}
	}
	j->col = col + (unsigned)(i - from);
	return i;
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

/*
 * A syntax error at line/col.  at_end: found because the input ended,
 * which names the container left open.
 */
static int fail_at(struct jctx *j, enum diag_code code, unsigned line,
		   unsigned col, bool at_end, const char *msg)
{
	enum node_type t;
	unsigned ol, oc;

	if (at_end && lb_open(j->b, &t, &ol, &oc))
		return stop(j, lb_fail(j->b, code, line, col,
				       "%s: the %s opened at line %u col %u "
				       "is not closed",
				       msg, node_type_name(t), ol, oc));
	return stop(j, lb_fail(j->b, code, line, col, "%s", msg));
}

static const char msg_eof[] = "unexpected end of input";
static const char msg_value[] = "unexpected token, expected a JSON value";
static const char msg_key[] =
    "expected an object key (a string in double quotes)";
static const char msg_colon[] = "expected ':' after an object key";
static const char msg_member[] = "expected ',' or '}' after an object member";
static const char msg_item[] = "expected ',' or ']' after an array item";
static const char msg_garbage[] = "expected end of input after the JSON value";
static const char msg_char[] = "invalid character, expected a JSON value";
static const char msg_word[] =
    "invalid word, expected a JSON value (true, false, null, a number or "
    "a string)";
static const char msg_comment[] = "comments are not allowed in JSON";
static const char msg_ctrl[] = "invalid character inside string";
static const char msg_escape[] =
    "inside a string, '\\' occurs before a character which it may not";
static const char msg_hex[] = "expected four hex digits after '\\u'";
static const char msg_surrogate[] = "unpaired surrogate escape in a string";

/* Columns (characters) in n bytes of UTF-8. */
static unsigned columns(const unsigned char *s, size_t n)
{
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += (s[i] & 0xc0) != 0x80;
	return c;
}

/*
 * Length of the well-formed UTF-8 character at s[0] (a byte >= 0x80), 0
 * when it is not one, or -1 when n bytes end before it does.
 */
static int utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], need, k;
	unsigned long v, min;

	if (c >= 0xc2 && c <= 0xdf)
		need = 1, min = 0x80, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, min = 0x800, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, min = 0x10000, v = c & 0x07;
	else
		return 0;
	for (k = 1; k <= need; k++) {
		if (k >= n) {
			/* a prefix that could still become a character */
			return -1;
		}
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[k] & 0x3f);
		/* reject overlong and surrogate prefixes early */
		if (k == 1 && need == 2 &&
		    (v < 0x20 || (v >= 0x360 && v < 0x380)))
			return 0;
		if (k == 1 && need == 3 && (v < 0x10 || v > 0x10f))
			return 0;
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	return (int)need + 1;
}

/*
 * Check a \u escape at s[i] ('\\'); *cp gets its value.  Returns the bytes
 * it takes (6), 0 after reporting an error, or -1 when the input ends
 * first (final: reported).
 */
static int unicode_escape(struct jctx *j, const unsigned char *s, size_t i,
			  size_t n, bool final, unsigned col, unsigned *cp)
{
	unsigned v = 0, k;
	int h;

	for (k = 2; k < 6; k++) {
		if (i + k >= n) {
			if (!final)
				return -1;
			fail_at(j, DIAG_PARSE, j->tline, col + k, true,
				msg_hex);
			return 0;
		}
		if ((h = hexval(s[i + k])) < 0) {
			fail_at(j, DIAG_PARSE, j->tline, col + k, false,
				msg_hex);
			return 0;
		}
		v = v << 4 | (unsigned)h;
	}
	*cp = v;
	return 6;
}

/*
 * Scan the string token s[0..n) (s[0] is its '"') from j->tpos.  Returns
 * its length through the closing quote, 0 when n ends first (the checked
 * part is kept in j->tpos/pcol), or -1 after reporting an error.
 */
static long scan_str(struct jctx *j, const unsigned char *s, size_t n,
		     bool final)
{
	size_t i = j->tpos;
	unsigned col = j->pcol;

	for (;;) {
		size_t k = i;
		int len;

		k = plain_run(s, k, n);
		if (k > i && j->hi)
			goto unpaired;
		col += (unsigned)(k - i);
		i = k;
		if (i >= n)
			break;
		switch (str_class[s[i]]) {
		case SC_QUOTE:
			if (j->hi)
				goto unpaired;
			j->pcol = col + 1;
			return (long)i + 1;
		case SC_CTRL:
			fail_at(j, DIAG_PARSE, j->tline, col, false, msg_ctrl);
			return -1;
		case SC_HIGH:
			if (j->hi)
				goto unpaired;
			len = utf8_len(s + i, n - i);
			if (len < 0 && !final)
				goto more;
			if (len < 0) {
				/* cut by the end of the input */
				col += columns(s + i, n - i);
				fail_at(j, DIAG_PARSE, j->tline, col, true,
					msg_eof);
				return -1;
			}
			if (!len) {
				char m[64];

				fmt_snprintf(m, sizeof(m),
					     "invalid UTF-8 in a string "
					     "(byte 0x%02x)",
					     s[i]);
				fail_at(j, DIAG_ENCODING, j->tline, col, false,
					m);
				return -1;
			}
			i += (size_t)len;
			col++;
			break;
		default: /* SC_ESC */
			if (i + 1 >= n) {
				if (!final)
					goto more;
				fail_at(j, DIAG_PARSE, j->tline, col + 1, true,
					msg_escape);
				return -1;
			}
			j->esc = true;
			if (s[i + 1] == 'u') {
				unsigned cp;
				int r =
				    unicode_escape(j, s, i, n, final, col, &cp);

				if (r < 0)
					goto more;
				if (!r)
					return -1;
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					if (!j->hi)
						goto unpaired;
					j->hi = false;
				} else if (j->hi) {
					goto unpaired;
				} else if (cp >= 0xd800 && cp <= 0xdbff) {
					j->hi = true;
				}
				i += 6;
				col += 6;
				break;
			}
			if (j->hi)
				goto unpaired;
			if (!strchr("\"\\/bfnrt", s[i + 1]) || !s[i + 1]) {
				fail_at(j, DIAG_PARSE, j->tline, col + 1, false,
					msg_escape);
				return -1;
			}
			i += 2;
			col += 2;
			break;
		}
	}
more:
	/* n ended inside the string: keep what is checked */
	if (final) {
		col += columns(s + i, n - i);
		fail_at(j, DIAG_PARSE, j->tline, col, true, msg_eof);
		return -1;
	}
	j->tpos = i;
	j->pcol = col;
	return 0;
unpaired:
	fail_at(j, DIAG_ENCODING, j->tline, j->tcol, false, msg_surrogate);
	return -1;
}

/* Append the UTF-8 form of code point cp at d; returns the bytes. */
static size_t put_utf8(char *d, unsigned long cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Four hex digits, checked before (scan_str()), as their value. */
static unsigned hex4(const unsigned char *s)
{
	/* unsigned: shifting what hexval() answers for no digit (-1) would
	 * be undefined, and the analyzer cannot see the check */
	return (unsigned)hexval(s[0]) << 12 | (unsigned)hexval(s[1]) << 8 |
	       (unsigned)hexval(s[2]) << 4 | (unsigned)hexval(s[3]);
}

/*
 * Decode the checked string token s[0..n) (quotes included) into j->dec;
 * returns the length.  Escapes never grow the text.
 */
static size_t decode_str(struct jctx *j, const unsigned char *s, size_t n)
{
	size_t i, o = 0;
	char *d;

	if (j->dalloc < n) {
		j->dalloc = n < 256 ? 256 : n;
		free(j->dec);
		j->dec = xmalloc(j->dalloc);
	}
	d = j->dec;
	for (i = 1; i < n - 1;) {
		unsigned long cp;

		if (s[i] != '\\') {
			d[o++] = (char)s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b': d[o++] = '\b'; break;
		case 'f': d[o++] = '\f'; break;
		case 'n': d[o++] = '\n'; break;
		case 'r': d[o++] = '\r'; break;
		case 't': d[o++] = '\t'; break;
		case 'u':
			cp = hex4(s + i + 2);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (hex4(s + i + 8) - 0xdc00);
				i += 6;
			}
			o += put_utf8(d + o, cp);
			i += 4;
			break;
		default: d[o++] = (char)s[i + 1]; break;
		}
		i += 2;
	}
	return o;
}

/*
 * Bytes the checked string text s[i..n) takes once decoded (a surrogate
 * escape counts 2, its pair's 4 bytes of UTF-8 between the two).
 */
static size_t decoded_len(const unsigned char *s, size_t i, size_t n)
{
	size_t o = 0;

	while (i < n) {
		unsigned cp;

		if (s[i] != '\\') {
			o++;
			i++;
			continue;
		}
		if (s[i + 1] != 'u') {
			o++;
			i += 2;
			continue;
		}
		cp = hex4(s + i + 2);
		if (cp >= 0xd800 && cp <= 0xdfff)
			o += 2;
		else
			o += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
		i += 6;
	}
	return o;
}

/* Number grammar: the state after c, or -1 when c ends the number. */
static int num_step(enum json_num st, unsigned char c)
{
	bool dig = is_digit(c);

	switch (st) {
	case NUM_START:
		return c == '-' ? NUM_MINUS : c == '0' ? NUM_ZERO : NUM_INT;
	case NUM_MINUS: return c == '0' ? NUM_ZERO : dig ? NUM_INT : -1;
	case NUM_ZERO:
	case NUM_INT:
		if (dig && st == NUM_INT)
			return NUM_INT;
		return c == '.' ? NUM_DOT : c == 'e' || c == 'E' ? NUM_E : -1;
	case NUM_DOT:
	case NUM_FRAC:
		if (dig)
			return NUM_FRAC;
		return st == NUM_FRAC && (c == 'e' || c == 'E') ? NUM_E : -1;
	case NUM_E:
		if (c == '+' || c == '-')
			return NUM_ESIGN;
		return dig ? NUM_EXP : -1;
	case NUM_ESIGN:
	case NUM_EXP: return dig ? NUM_EXP : -1;
	}
	return -1;
}

/*
 * Scan the number token s[0..n) from j->tpos.  Returns its length, 0 when
 * n ends first (not final), -1 after an error.
 */
static long scan_num(struct jctx *j, const unsigned char *s, size_t n,
		     bool final)
{
	size_t i = j->tpos;
	enum json_num st = j->nst;
	const char *what;
	int nx;

	for (; i < n; i++) {
		if ((nx = num_step(st, s[i])) < 0)
			break;
		st = (enum json_num)nx;
	}
	if (i == n && !final) {
		j->tpos = i;
		j->nst = st;
		return 0;
	}
	switch (st) {
	case NUM_MINUS: what = "minus sign"; break;
	case NUM_DOT: what = "decimal point"; break;
	case NUM_E:
	case NUM_ESIGN: what = "exponent"; break;
	default: return (long)i;
	}
	{
		char m[80];

		fmt_snprintf(
		    m, sizeof(m),
		    "malformed number, a digit is required after the %s", what);
		fail_at(j, DIAG_PARSE, j->tline, j->tcol + (unsigned)i, i == n,
			m);
	}
	return -1;
}

/*
 * Scan the word (true, false, null) s[0..n).  Returns its length, 0 when
 * n ends first, -1 after an error; *t and *bv get what it is.
 */
static long scan_word(struct jctx *j, const unsigned char *s, size_t n,
		      bool final, enum node_type *t, bool *bv)
{
	static const char *const words[] = { "true", "false", "null" };
	const char *w = words[s[0] == 't' ? 0 : s[0] == 'f' ? 1 : 2];
	size_t len = strlen(w), i;

	for (i = 1; i < len && i < n; i++)
		if (s[i] != (unsigned char)w[i])
			break;
	if (i == len) {
		*t = s[0] == 'n' ? NODE_NULL : NODE_BOOL;
		*bv = s[0] == 't';
		return (long)len;
	}
	if (i == n && !final)
		return 0;
	if (i == n)
		fail_at(j, DIAG_PARSE, j->tline, j->tcol + (unsigned)n, true,
			msg_word);
	else
		fail_at(j, DIAG_PARSE, j->tline, j->tcol, false, msg_word);
	return -1;
}

static void push(struct jctx *j, unsigned char c)
{
	if (j->depth == j->astk) {
		j->astk = j->astk ? j->astk * 2 : 64;
		j->stk = xrealloc(j->stk, j->astk);
	}
	j->stk[j->depth++] = c;
}

/* A value ended: what may come next. */
static void after_value(struct jctx *j)
{
	j->st = j->depth ? JS_NEXT : JS_DONE;
}

/* A builder event's result: 0, or the error that stops the stream. */
static int built(struct jctx *j, int rc)
{
	return rc ? stop(j, rc) : 0;
}

/* '{' or '[' at line/col. */
static int open_container(struct jctx *j, unsigned char c, unsigned col)
{
	int rc;

	if (j->skip) {
		if ((rc = lb_deeper(j->b, j->skip - 1, j->line, col)))
			return stop(j, rc);
		j->skip++;
	} else {
		rc = lb_begin(j->b, c == '{' ? NODE_OBJECT : NODE_ARRAY,
			      j->line, col);
		if (rc)
			return stop(j, rc);
		/* the builder drops this value: pass over what it holds */
		j->skip = lb_skipping(j->b);
	}
	push(j, c);
	j->st = c == '{' ? JS_KEY_OR_END : JS_VALUE_OR_END;
	return 0;
}

static int close_container(struct jctx *j)
{
	j->depth--;
	if (j->skip && --j->skip) {
		j->st = JS_NEXT;
		return 0;
	}
	if (built(j, lb_end(j->b)))
		return -1;
	after_value(j);
	return 0;
}

/*
 * The token s[0..n) is complete: hand it to the builder (a key or a
 * scalar).
 */
static int token_done(struct jctx *j, const unsigned char *s, size_t n,
		      enum node_type t, bool bv)
{
	const char *p = (const char *)s;
	bool key = j->st == JS_KEY || j->st == JS_KEY_OR_END;
	int rc = 0;

	if (j->skip) {
		j->st = key ? JS_COLON : JS_NEXT;
		return 0;
	}
	if (t == NODE_STRING && j->cut) {
		/* passed over as too long: what lb_key()/lb_scalar() say */
		n = j->dlen + decoded_len(s, j->dpos, n - 1);
		rc = lb_too_long(j->b, key, n, j->tline, j->tcol);
		if (!rc) /* cut only when dropped or too long */
			rc = lb_fail(j->b, DIAG_INTERNAL, j->tline, j->tcol,
				     "string of %zu bytes not kept", n);
		return stop(j, rc);
	}
	if (t == NODE_STRING) {
		if (j->esc) {
			n = decode_str(j, s, n);
			p = j->dec;
		} else {
			p++;
			n -= 2;
		}
	}
	if (key) {
		rc = lb_key(j->b, p, n, j->tline, j->tcol);
		j->st = JS_COLON;
	} else {
		rc = lb_scalar(j->b, t,
			       t == NODE_STRING || t == NODE_NUMBER ? p : NULL,
			       t == NODE_STRING || t == NODE_NUMBER ? n : 0, bv,
			       j->tline, j->tcol);
		after_value(j);
	}
	return built(j, rc);
}

/* The parse error for a token that cannot stand here. */
static const char *misplaced(const struct jctx *j)
{
	switch (j->st) {
	case JS_KEY:
	case JS_KEY_OR_END: return msg_key;
	case JS_COLON: return msg_colon;
	case JS_NEXT:
		return j->stk[j->depth - 1] == '{' ? msg_member : msg_item;
	default: return msg_value;
	}
}

/* May a value (or a key, for strings) start here? */
static bool token_fits(const struct jctx *j, unsigned char c)
{
	switch (j->st) {
	case JS_VALUE:
	case JS_VALUE_OR_END:
	case JS_DONE: return true;
	case JS_KEY:
	case JS_KEY_OR_END: return c == '"';
	default: return false;
	}
}

/*
 * Scan the token that starts at s[0] (continuing from j->tpos).  Returns
 * its length, 0 when n ends first, -1 after an error.
 */
static long scan_token(struct jctx *j, const unsigned char *s, size_t n,
		       bool final)
{
	enum node_type t = NODE_STRING;
	bool bv = false;
	long len;

	switch (j->tok) {
	case TOK_STR: len = scan_str(j, s, n, final); break;
	case TOK_NUM:
		len = scan_num(j, s, n, final);
		t = NODE_NUMBER;
		break;
	default: len = scan_word(j, s, n, final, &t, &bv); break;
	}
	if (len <= 0)
		return len;
	/* checked first, as a lexer does, then placed */
	if (!token_fits(j, s[0])) {
		fail_at(j, DIAG_PARSE, j->tline, j->tcol, false, misplaced(j));
		return -1;
	}
	if (j->tok == TOK_STR) {
		j->col = j->pcol;
		j->wcol = 0;
	} else {
		j->col = j->tcol + (unsigned)len;
		j->wcol = j->tcol;
	}
	if (token_done(j, s, (size_t)len, t, bv))
		return -1;
	j->tok = TOK_NONE;
	return len;
}

/*
 * A key ended at s[i]: take the ':' and one space after it when they come
 * next, as run() would.  Returns the bytes taken from s[0].
 */
static long after_key(struct jctx *j, const unsigned char *s, size_t i,
		      size_t n)
{
	if (i < n && s[i] == ':') {
		j->st = JS_VALUE;
		j->col++;
		i++;
		if (i < n && s[i] == ' ') {
			j->col++;
			i++;
		}
	}
	return (long)i;
}

/*
 * An item or member value ended at s[i]: take the ',' after it when it
 * comes next, as run() would.  Returns the bytes taken from s[0].
 */
static long after_item(struct jctx *j, const unsigned char *s, size_t i,
		       size_t n)
{
	if (j->st == JS_NEXT && i < n && s[i] == ',') {
		j->st = j->stk[j->depth - 1] == '{' ? JS_KEY : JS_VALUE;
		j->col++;
		i++;
	}
	return (long)i;
}

/*
 * The string token at s[0] ('"') when it is whole in s[0..n), plain
 * printable ASCII without escapes, and may stand here: handed to the
 * builder as scan_token() would, without the state a token cut by the end
 * of the piece needs, with the punctuation that follows as after_key()
 * and after_item() take it.  Returns the bytes taken, 0 when it is not
 * such a string (scan_token() takes it), or -1 after an error.
 */
static long plain_str(struct jctx *j, const unsigned char *s, size_t n)
{
	size_t k = plain_run(s, 1, n);
	unsigned col = j->col;
	bool key;
	int rc;

	if (k >= n || s[k] != '"' || j->st == JS_COLON || j->st == JS_NEXT)
		return 0;
	j->col = col + (unsigned)(k + 1);
	j->wcol = 0;
	key = j->st == JS_KEY || j->st == JS_KEY_OR_END;
	if (j->skip) {
		j->st = key ? JS_COLON : JS_NEXT;
		return key ? after_key(j, s, k + 1, n)
			   : after_item(j, s, k + 1, n);
	}
	if (key) {
		rc = lb_key(j->b, (const char *)s + 1, k - 1, j->line, col);
		j->st = JS_COLON;
		if (!rc)
			return after_key(j, s, k + 1, n);
	} else {
		rc = lb_scalar(j->b, NODE_STRING, (const char *)s + 1, k - 1,
			       false, j->line, col);
		after_value(j);
	}
	if (rc) {
		stop(j, rc);
		return -1;
	}
	return after_item(j, s, k + 1, n);
}

/* Is punctuation c allowed now?  Acts on it when so. */
static int punct(struct jctx *j, unsigned char c, unsigned col)
{
	bool in_obj = j->depth && j->stk[j->depth - 1] == '{';

	switch (c) {
	case '{':
	case '[':
		if (j->st <= JS_VALUE_OR_END || j->st == JS_DONE)
			return open_container(j, c, col);
		break;
	case '}':
		if (in_obj && (j->st == JS_KEY_OR_END || j->st == JS_NEXT))
			return close_container(j);
		break;
	case ']':
		if (!in_obj && j->depth &&
		    (j->st == JS_VALUE_OR_END || j->st == JS_NEXT))
			return close_container(j);
		break;
	case ',':
		if (j->st == JS_NEXT) {
			j->st = in_obj ? JS_KEY : JS_VALUE;
			return 0;
		}
		break;
	default: /* ':' */
		if (j->st == JS_COLON) {
			j->st = JS_VALUE;
			return 0;
		}
		break;
	}
	return fail_at(j, DIAG_PARSE, j->line, col, false, misplaced(j));
}

/* A byte that starts no token at all. */
static int bad_char(struct jctx *j, unsigned char c)
{
	unsigned col = j->col;

	if (c == '/')
		return fail_at(j, DIAG_PARSE, j->line, col, false, msg_comment);
	/* a word stuck to the number or word before it starts there */
	if (is_word(c) && j->wcol)
		col = j->wcol;
	return fail_at(j, DIAG_PARSE, j->line, col, false, msg_char);
}

/*
 * Parse s[0..n) (final: nothing follows).  Returns the bytes taken: all of
 * them, or up to the start of a token n cuts short; j->stopped after an
 * error.
 */
static size_t run(struct jctx *j, const unsigned char *s, size_t n, bool final)
{
	size_t i = 0;

	if (j->tok != TOK_NONE)
		goto token;
	for (;;) {
		unsigned char c;

		if (i < n && is_space(s[i])) {
			j->wcol = 0;
			i = skip_space(j, s, i, n);
		}
		if (i >= n)
			return n;
		c = s[i];
		if (j->st == JS_DONE && !j->multi) {
			fail_at(j, DIAG_PARSE, j->line, j->col, false,
				msg_garbage);
			return i;
		}
		if (c == '"') {
			long len = plain_str(j, s + i, n - i);

			if (len < 0)
				return i;
			if (len) {
				i += (size_t)len;
				continue;
			}
			j->tok = TOK_STR;
		} else if (c == '{' || c == '}' || c == '[' || c == ']' ||
			   c == ',' || c == ':') {
			/* punctuation, more common than numbers and words */
			j->pc = s + i;
			if (punct(j, c, j->col))
				return i;
			j->wcol = 0;
			j->col++;
			i++;
			continue;
		} else if (c == '-' || is_digit(c)) {
			j->tok = TOK_NUM;
		} else if (c == 't' || c == 'f' || c == 'n') {
			j->tok = TOK_WORD;
		} else {
			bad_char(j, c);
			return i;
		}
		j->tline = j->line;
		j->tcol = j->col;
		j->tpos = 1;
		j->pcol = j->col + 1;
		j->esc = false;
		j->hi = false;
		j->dpos = 1;
		j->dlen = 0;
		j->cut = false;
		j->nst = NUM_START;
		if (j->tok == TOK_NUM) {
			j->tpos = 0;
			j->pcol = j->col;
		}
	token : {
		long len = scan_token(j, s + i, n - i, final);

		if (len <= 0)
			return i;
		i += (size_t)len;
	}
	}
}

/* A string in the carry is counted and may be let go past this. */
#define CUT_MIN ((size_t)64 << 10)

static size_t cut_min = CUT_MIN;

void json_cut_set(size_t n)
{
	cut_min = n ? n : CUT_MIN;
}

struct json_stream *json_stream_new(struct lb *b, bool multi)
{
	struct jctx *j = xmalloc(sizeof(*j));

	memset(j, 0, sizeof(*j));
	j->b = b;
	j->multi = multi;
	j->cut_min = cut_min;
	j->line = 1;
	j->col = 1;
	j->st = JS_VALUE;
	return j;
}

struct json_stream *json_stream_items(struct lb *b, unsigned line, unsigned col)
{
	struct jctx *j = json_stream_new(b, true);

	push(j, '{');
	push(j, '[');
	j->line = line;
	j->col = col;
	return j;
}

bool json_stream_between_items(const struct json_stream *j)
{
	return !j->stopped && j->st == JS_VALUE && j->tok == TOK_NONE &&
	       !j->clen && !j->skip && j->depth == 2 && j->stk[0] == '{' &&
	       j->stk[1] == '[';
}

void json_stream_resume(struct json_stream *j, unsigned line, unsigned col)
{
	j->st = JS_NEXT;
	j->line = line;
	j->col = col;
	j->wcol = 0;
}

const char *json_stream_punct(const struct json_stream *j, unsigned *line,
			      unsigned *col)
{
	*line = j->line;
	*col = j->col;
	return (const char *)j->pc;
}

/* Add len bytes of buf to the carry. */
static void carry_add(struct jctx *j, const char *buf, size_t len)
{
	if (!len)
		return;
	if (j->ccap - j->clen < len) {
		if (len > SIZE_MAX / 2 - j->clen)
			oom();
		j->ccap = (j->clen + len) * 2;
		j->carry = xrealloc(j->carry, j->ccap);
	}
	memcpy(j->carry + j->clen, buf, len);
	j->clen += len;
}

/*
 * The carry holds an unfinished string: once its checked text is long,
 * count it, and let it go when the builder will not keep it (dropped, or
 * past the scalar limit), so that a string of any length takes no more
 * memory than the limit.  Its opening quote stays.
 */
static void carry_cut(struct jctx *j)
{
	const unsigned char *s = (const unsigned char *)j->carry;

	if (j->tok != TOK_STR || j->tpos < j->cut_min)
		return;
	j->dlen += decoded_len(s, j->dpos, j->tpos);
	j->dpos = j->tpos;
	if (!j->skip && j->dlen <= j->b->lim->max_scalar)
		return;
	memmove(j->carry + 1, j->carry + j->tpos, j->clen - j->tpos);
	j->clen -= j->tpos - 1;
	j->tpos = j->dpos = 1;
	j->cut = true;
	if (j->ccap > 2 * CUT_MIN && j->clen < CUT_MIN) {
		j->ccap = CUT_MIN;
		j->carry = xrealloc(j->carry, j->ccap);
	}
}

/* Parse the carry; keep its unfinished end. */
static void carry_run(struct jctx *j, bool final)
{
	size_t used = run(j, (const unsigned char *)j->carry, j->clen, final);

	if (j->stopped)
		return;
	memmove(j->carry, j->carry + used, j->clen - used);
	j->clen -= used;
}

int json_stream_feed(struct json_stream *j, const char *buf, size_t len)
{
	size_t used;

	if (j->stopped)
		return j->rc;
	/*
	 * A token left unfinished takes bytes from this piece, more each
	 * time, until it ends; the rest is parsed where it is.
	 */
	while (j->clen && len) {
		size_t take = j->clen < 4096 ? 4096 : j->clen;

		if (take > len)
			take = len;
		carry_add(j, buf, take);
		buf += take;
		len -= take;
		carry_run(j, false);
		if (j->stopped)
			return j->rc;
		if (j->clen > take) {
			/* still in the token: nothing of this piece is left
			 * before it */
			carry_cut(j);
			continue;
		}
		if (j->clen) {
			/* a new token started in the bytes taken: give them
			 * back */
			buf -= j->clen;
			len += j->clen;
			j->clen = 0;
			j->tok = TOK_NONE;
		}
	}
	if (!len)
		return 0;
	used = run(j, (const unsigned char *)buf, len, false);
	if (j->stopped)
		return j->rc;
	carry_add(j, buf + used, len - used);
	return 0;
}

/* The end of the input: a value must have been read, and closed. */
static int finish(struct jctx *j)
{
	if (j->st != JS_DONE)
		return fail_at(j, DIAG_PARSE, j->line, j->col, true, msg_eof);
	j->stopped = true;
	return 0;
}

int json_stream_end(struct json_stream *j)
{
	if (j->stopped)
		return j->rc;
	if (j->clen)
		carry_run(j, true);
	if (j->stopped)
		return j->rc;
	return finish(j);
}

void json_stream_free(struct json_stream *j)
{
	if (!j)
		return;
	free(j->stk);
	free(j->carry);
	free(j->dec);
	free(j);
}

size_t json_stream_held(const struct json_stream *j)
{
	return j->ccap + j->dalloc;
}

int json_parse(struct lb *b, const char *buf, size_t len, bool multi)
{
	struct json_stream *j = json_stream_new(b, multi);
	int rc;

	run(j, (const unsigned char *)buf, len, true);
	rc = j->stopped ? j->rc : finish(j);
	json_stream_free(j);
	return rc;
}
