#include "sbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fmt.h"
#include "utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

char sbuf_empty[1];

void sbuf_init(struct sbuf *sb, size_t cap)
{
	memset(sb, 0, sizeof(*sb));
	sb->buf = sbuf_empty;
	sb->cap = cap;
}

void sbuf_release(struct sbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = sbuf_empty;
	sb->len = sb->alloc = 0;
	sb->sink = NULL;
	sb->sink_ctx = NULL;
	sb->flushed = 0;
	sb->sink_err = 0;
}

void sbuf_set_sink(struct sbuf *sb, sbuf_sink_fn sink, void *ctx)
{
	sb->sink = sink;
	sb->sink_ctx = ctx;
}

int sbuf_flush(struct sbuf *sb)
{
	if (!sb->sink || sb->sink_err)
		return sb->sink_err ? -1 : 0;
	if (sb->len && sb->sink(sb->sink_ctx, sb->buf, sb->len)) {
		sb->sink_err = -1;
		return -1;
	}
	sb->flushed += sb->len;
	sbuf_reset(sb);
	return 0;
}

size_t sbuf_pos(const struct sbuf *sb)
{
	return sb->flushed + sb->len;
}

/* After an append: stream a full chunk on. */
static int sbuf_spill(struct sbuf *sb)
{
	if (!sb->sink || sb->len < SBUF_SINK_CHUNK)
		return 0;
	return sbuf_flush(sb);
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

char *sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p = sb->alloc ? sb->buf : xstrdup("");

	if (len)
		*len = sb->len;
	sb->buf = sbuf_empty;
	sb->len = sb->alloc = 0;
	return p;
}

static int sbuf_grow(struct sbuf *sb, size_t extra)
{
	size_t want;

	if (extra > (size_t)-1 / 2 - sb->len)
		return -1;
	if (sb->cap && sb->len + extra > sb->cap)
		return -1;
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return 0;
	if (want < sb->alloc * 2)
		want = sb->alloc * 2;
	if (want < 64)
		want = 64;
	if (!sb->alloc) {
		sb->buf = xmalloc(want);
		sb->buf[0] = '\0';
	} else {
		sb->buf = xrealloc(sb->buf, want);
	}
	sb->alloc = want;
	return 0;
}

int sbuf_add_slow(struct sbuf *sb, const void *p, size_t n)
{
	if (sb->sink_err || sbuf_grow(sb, n))
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return sbuf_spill(sb);
}

int sbuf_add_large(struct sbuf *sb, const void *p, size_t n)
{
	if (!sb->sink || sb->cap || n < SBUF_SINK_CHUNK / 4)
		return sbuf_add(sb, p, n);
	if (sbuf_flush(sb))
		return -1;
	if (n && sb->sink(sb->sink_ctx, p, n)) {
		sb->sink_err = -1;
		return -1;
	}
	sb->flushed += n;
	return 0;
}

int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->sink_err)
		return -1;
	/* format once into the room there is; again only if it was short */
	if (sb->alloc - sb->len < 128 && sbuf_grow(sb, 128) && sbuf_grow(sb, 0))
		return -1;
	va_copy(cp, ap);
	n = fmt_vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0 || (sb->cap && sb->len + (size_t)n > sb->cap)) {
		sb->buf[sb->len] = '\0';
		return -1;
	}
	if ((size_t)n >= sb->alloc - sb->len) {
		if (sbuf_grow(sb, (size_t)n)) {
			sb->buf[sb->len] = '\0';
			return -1;
		}
		fmt_vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
	return sbuf_spill(sb);
}

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * Length of the run of bytes at s (at most n) that a JSON string literal
 * holds as they are: ASCII from 0x20 except '"' and '\\', and valid UTF-8
 * sequences other than the C1 controls (U+0080-U+009F) and the line and
 * paragraph separators (U+2028, U+2029), which terminals and JavaScript
 * treat as control characters.
 */
#define word_bad   sbuf_word_bad_
#define word_plain sbuf_word_plain_

/*
 * How many bytes of a word read from memory come before the first one
 * word_bad() marks (bad not 0).  A borrow marks bytes only above the one
 * it starts from, so the lowest mark is exact where the first byte in
 * memory is the least significant; elsewhere 0 (the bytes are then taken
 * one by one).
 */
static inline size_t plain_before(uint64_t bad)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(bad) >> 3;
#else
	(void)bad;
	return 0;
#endif
}

static size_t json_plain_run(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	unsigned long cp;

	/* eight bytes at a time while they are plain ASCII */
	while (i + 8 <= n) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if (!word_plain(x))
			break;
		i += 8;
	}
	/*
	 * Fewer than eight bytes left: test them in one word too, read as
	 * the last eight bytes of the string or as two overlapping halves,
	 * never past its end (the bytes tested twice are plain already).
	 */
	if (i < n && n - i < 8) {
		uint64_t x = 0;
		uint32_t lo, hi;

		if (n >= 8) {
			memcpy(&x, s + n - 8, 8);
		} else if (n - i >= 4) {
			memcpy(&lo, s + i, 4);
			memcpy(&hi, s + n - 4, 4);
			x = (uint64_t)hi << 32 | lo;
		}
		if ((n >= 8 || n - i >= 4) && word_plain(x))
			return n;
	}
	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			if (c < 0x20 || c == '"' || c == '\\')
				break;
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (!k || cp <= 0x9f || utf8_is_hidden(cp))
			break;
		i += k;
	}
	return i;
}

static int add_u_escape(struct sbuf *sb, unsigned cp)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u' };
	int i;

	for (i = 0; i < 4; i++)
		e[2 + i] = hex[(cp >> (12 - 4 * i)) & 0xf];
	return sbuf_add(sb, e, sizeof(e));
}

static char *put_u_escape(char *d, unsigned cp)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	*d++ = '\\';
	*d++ = 'u';
	for (i = 0; i < 4; i++)
		*d++ = hex[(cp >> (12 - 4 * i)) & 0xf];
	return d;
}

/* cp as \uXXXX, or a surrogate pair of them past U+FFFF; the end. */
static char *put_cp_escape(char *d, unsigned long cp)
{
	if (cp <= 0xffff)
		return put_u_escape(d, (unsigned)cp);
	cp -= 0x10000;
	d = put_u_escape(d, (unsigned)(0xd800 | cp >> 10));
	return put_u_escape(d, (unsigned)(0xdc00 | (cp & 0x3ff)));
}

#if defined(__SSE2__)
/*
 * The sixteen bytes at s copied to d, and a bit for each that is not plain
 * ASCII (byte i, bit i; 0 when all are): below 0x20 or from 0x80 (both
 * below 0x20 as signed bytes), '"' or '\\'.
 */
static inline unsigned copy16_bad(char *d, const unsigned char *s)
{
	__m128i x = _mm_loadu_si128((const void *)s);
	__m128i bad =
	    _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
			 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
				      _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));

	_mm_storeu_si128((void *)d, x);
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/*
 * The literal of (s, n) written straight into d, which has room for the
 * worst case (6 bytes a byte, and the quotes); the end returned.  The same
 * bytes as the general path of sbuf_add_json_str() below, without an
 * append per piece.  Short plain strings are sbuf_json_str_into()'s.
 */
char *sbuf_json_str_long_(char *d, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, k;
	unsigned long cp;

	*d++ = '"';
	/*
	 * Sixteen (with SSE2) or eight bytes at a time: each block is copied
	 * whole, and where it holds a byte to escape only what comes before
	 * that byte counts.  The room for the rest of the string (six bytes
	 * a byte) holds the block.  The last few bytes are tested as the
	 * string's last eight and, when plain, copied over what was written
	 * for the plain bytes among them (the same bytes).
	 */
	while (i < n) {
		unsigned char c;
		uint64_t x, bad;

#if defined(__SSE2__)
		if (n - i >= 16) {
			unsigned m = copy16_bad(d, s + i);

			if (!m) {
				d += 16;
				i += 16;
				continue;
			}
			k = (size_t)__builtin_ctz(m);
			d += k;
			i += k; /* the test below finds s[i] too */
		}
#endif
		if (n - i >= 8) {
			memcpy(&x, s + i, 8);
			memcpy(d, &x, 8);
			if (!(bad = word_bad(x))) {
				d += 8;
				i += 8;
				continue;
			}
			k = plain_before(bad);
			d += k;
			i += k;
		} else if (n >= 8) {
			memcpy(&x, s + n - 8, 8);
			if (word_plain(x)) {
				memcpy(d - (8 - (n - i)), &x, 8);
				d += n - i;
				break;
			}
		}
		c = s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			*d++ = (char)c;
			i++;
			continue;
		}
		if (c >= 0x80 && (k = json_plain_run(s + i, n - i)) != 0) {
			memcpy(d, s + i, k);
			d += k;
			i += k;
			continue;
		}
		if (c == '"' || c == '\\') {
			*d++ = '\\';
			*d++ = (char)c;
			i++;
		} else if (c < 0x20) {
			*d++ = '\\';
			switch (c) {
			case '\n': *d++ = 'n'; break;
			case '\t': *d++ = 't'; break;
			case '\r': *d++ = 'r'; break;
			default: d = put_u_escape(d - 1, c); break;
			}
			i++;
		} else if ((k = utf8_decode(s + i, n - i, &cp)) != 0) {
			d = put_cp_escape(d, cp); /* C1 control, hidden */
			i += k;
		} else {
			d = put_u_escape(d, 0xfffd);
			i++;
		}
	}
	*d++ = '"';
	return d;
}

int sbuf_add_json_str(struct sbuf *sb, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, k;
	unsigned long cp;
	int rc;

	if (n < ((size_t)-1 - 2) / 6 && sbuf_fits_(sb, 6 * n + 2)) {
		char *end = sbuf_json_str_into(sb->buf + sb->len, p, n);

		sb->len = (size_t)(end - sb->buf);
		sb->buf[sb->len] = '\0';
		return 0;
	}
	rc = sbuf_addch(sb, '"');

	while (!rc && i < n) {
		unsigned char c;

		k = json_plain_run(s + i, n - i);
		if (k) {
			rc = sbuf_add(sb, s + i, k);
			i += k;
			continue;
		}
		c = s[i];
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			rc = sbuf_add(sb, esc, 2);
			i++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': rc = sbuf_add(sb, "\\n", 2); break;
			case '\t': rc = sbuf_add(sb, "\\t", 2); break;
			case '\r': rc = sbuf_add(sb, "\\r", 2); break;
			default: rc = add_u_escape(sb, c); break;
			}
			i++;
		} else if ((k = utf8_decode(s + i, n - i, &cp)) != 0) {
			char e[12];

			rc =
			    sbuf_add(sb, e, (size_t)(put_cp_escape(e, cp) - e));
			i += k; /* C1 control, hidden */
		} else {
			rc = add_u_escape(sb, 0xfffd);
			i++;
		}
	}
	return rc ? rc : sbuf_addch(sb, '"');
}

int sbuf_read_file(struct sbuf *sb, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char tmp[8192];
	size_t n;
	int err = 0;

	if (!fp)
		return -1;
	while (!err && (n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		if (sbuf_add(sb, tmp, n))
			err = EFBIG;
	if (!err && ferror(fp))
		err = errno ? errno : EIO;
	fclose(fp);
	if (!err)
		return 0;
	errno = err;
	return -1;
}
