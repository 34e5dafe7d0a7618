/*
 * sbuf.h - growable, NUL-terminated byte buffer with an explicit length.
 *
 * Invariants: buf is never NULL once a byte was added (before that it points
 * at a shared empty string), buf[len] == '\0', len < alloc.  An optional cap
 * bounds the length: an append that would pass it fails with -1 and leaves
 * the buffer unchanged, so an oversized HTTP body or scalar becomes an error
 * instead of unbounded growth.  Not thread safe; one owner at a time.
 *
 * A buffer with a sink (sbuf_set_sink) streams: once an append brings len
 * to SBUF_SINK_CHUNK or more, the whole contents go to the sink and the
 * buffer is emptied, so a report of any size holds at most about one chunk
 * (plus the largest single append) in memory.  Bytes already handed on are
 * gone from buf: code that measures what it wrote uses sbuf_pos(), never
 * len.  A sink failure is sticky: that append and every later one return
 * -1, and sbuf_flush() reports it.
 */
#ifndef THREATMAP_SBUF_H
#define THREATMAP_SBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Takes n bytes at p; 0, or -1 after which the buffer stops writing. */
typedef int (*sbuf_sink_fn)(void *ctx, const char *p, size_t n);

struct sbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap; /* 0: no limit */
	sbuf_sink_fn sink;
	void *sink_ctx;
	size_t flushed; /* bytes handed to the sink so far */
	int sink_err;
};

/* A streaming buffer hands its contents on from this size. */
#define SBUF_SINK_CHUNK ((size_t)64 << 10)

extern char sbuf_empty[];
#define SBUF_INIT                                                              \
	{                                                                      \
		.buf = sbuf_empty                                              \
	}

void sbuf_init(struct sbuf *sb, size_t cap);
/* Free the storage; the buffer is empty and reusable afterwards. */
void sbuf_release(struct sbuf *sb);
/* Keep the storage, drop the contents. */
void sbuf_reset(struct sbuf *sb);
/* Hand the storage to the caller (free() it); the buffer is reset. */
char *sbuf_detach(struct sbuf *sb, size_t *len);

/*
 * Stream everything appended from now on to sink(ctx, ...); what the
 * buffer holds already goes with the first flush.
 */
void sbuf_set_sink(struct sbuf *sb, sbuf_sink_fn sink, void *ctx);
/*
 * Hand what is buffered to the sink: 0, or -1 when the sink failed now or
 * before.  Without a sink, 0 and nothing happens.
 */
int sbuf_flush(struct sbuf *sb) __attribute__((warn_unused_result));
/* Bytes written so far: those handed to the sink plus those buffered. */
size_t sbuf_pos(const struct sbuf *sb);

/*
 * Appends return 0, or -1 when the cap would be passed or the sink
 * failed.
 */
int sbuf_add_slow(struct sbuf *sb, const void *p, size_t n)
    __attribute__((warn_unused_result));

/*
 * The common case inline: the bytes fit what is allocated, no cap, no
 * chunk to hand to the sink yet, no failure; else sbuf_add_slow().
 */
static inline bool sbuf_fits_(const struct sbuf *sb, size_t n)
{
	return n < sb->alloc - sb->len && !sb->cap && !sb->sink_err &&
	       (!sb->sink || sb->len + n < SBUF_SINK_CHUNK);
}

__attribute__((warn_unused_result)) static inline int
sbuf_add(struct sbuf *sb, const void *p, size_t n)
{
	if (!sbuf_fits_(sb, n))
		return sbuf_add_slow(sb, p, n);
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

static inline int sbuf_adds(struct sbuf *sb, const char *s)
{
	return sbuf_add(sb, s, strlen(s));
}

static inline int sbuf_addch(struct sbuf *sb, char c)
{
	if (!sbuf_fits_(sb, 1))
		return sbuf_add_slow(sb, &c, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
	return 0;
}

/*
 * sbuf_add() for a block that may be large (a part of a report written
 * elsewhere): with a sink, what is buffered and then the block go to it
 * straight, without copying the block into the buffer first.  The same
 * bytes reach the sink, in the same order, as with sbuf_add().
 */
int sbuf_add_large(struct sbuf *sb, const void *p, size_t n)
    __attribute__((warn_unused_result));

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * JSON string literal of (p, n), quotes included.  Control characters (C0,
 * C1), U+2028 and U+2029 become \u escapes; each byte of invalid UTF-8
 * becomes U+FFFD.  DEL (0x7f) is kept as it is.
 */
int sbuf_add_json_str(struct sbuf *sb, const char *p, size_t n);

/*
 * The high bit of each of the eight bytes of x that is not plain ASCII
 * (0 when all are): one with the high bit, one below 0x20 (x - 0x20
 * borrows into a byte's high bit only there), '"' or '\\' (a zero byte
 * of x ^ c).  Above the lowest byte marked, a borrow may mark others.
 */
static inline uint64_t sbuf_word_bad_(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones * 0x80;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');

	return (x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
		((b - ones) & ~b)) &
	       highs;
}

static inline bool sbuf_word_plain_(uint64_t x)
{
	return !sbuf_word_bad_(x);
}

/*
 * A string of at most 16 bytes that needs no escape, read and written as
 * at most two overlapping words (field names, severities, short names and
 * values: most strings of a report), or byte by byte below four; false,
 * with nothing written, for any other.  d has room for n bytes.
 */
static inline bool sbuf_json_short_into_(char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t lo, hi;

	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		if (!sbuf_word_plain_(a) || !sbuf_word_plain_(b))
			return false;
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
		return true;
	}
	if (n > 16)
		return false;
	if (n < 4) {
		/* the first, middle and last byte are all there are */
		unsigned char c0 = n ? (unsigned char)s[0] : ' ';
		unsigned char c1 = n ? (unsigned char)s[n / 2] : ' ';
		unsigned char c2 = n ? (unsigned char)s[n - 1] : ' ';

		if (!sbuf_word_plain_((uint64_t)c0 | (uint64_t)c1 << 8 |
				      (uint64_t)c2 << 16 |
				      0x2020202020ull << 24))
			return false;
		if (n) {
			d[0] = (char)c0;
			d[n / 2] = (char)c1;
			d[n - 1] = (char)c2;
		}
		return true;
	}
	memcpy(&lo, s, 4);
	memcpy(&hi, s + n - 4, 4);
	if (!sbuf_word_plain_((uint64_t)hi << 32 | lo))
		return false;
	memcpy(d, &lo, 4);
	memcpy(d + n - 4, &hi, 4);
	return true;
}

/*
 * Copy n bytes, 1 to 32, from s to d as at most two overlapping blocks
 * (no call, no loop): for text whose length varies but is small, such as
 * a literal key.  Reads and writes only the n bytes.
 */
static inline void sbuf_copy_small_(char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t lo, hi;

	if (n > 16) {
		char x[16], y[16];

		memcpy(x, s, 16);
		memcpy(y, s + n - 16, 16);
		memcpy(d, x, 16);
		memcpy(d + n - 16, y, 16);
	} else if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		memcpy(d, &lo, 4);
		memcpy(d + n - 4, &hi, 4);
	} else if (n) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

/* sbuf_json_str_into() for strings that are not short and plain. */
char *sbuf_json_str_long_(char *d, const char *p, size_t n);

/*
 * The literal of (p, n) as sbuf_add_json_str() writes it, written at d,
 * which must have room for 6 * n + 2 bytes; returns its end.  For writers
 * that reserve room for several pieces at once (see sbuf_fits_()).
 */
__attribute__((always_inline)) static inline char *
sbuf_json_str_into(char *d, const char *p, size_t n)
{
	if (sbuf_json_short_into_(d + 1, p, n)) {
		d[0] = '"';
		d[n + 1] = '"';
		return d + n + 2;
	}
	return sbuf_json_str_long_(d, p, n);
}

/*
 * Append the whole file at path.  0, or -1 with errno set: from fopen or
 * fread, or EFBIG when the cap would be passed (the buffer then holds what
 * fitted).
 */
int sbuf_read_file(struct sbuf *sb, const char *path)
    __attribute__((warn_unused_result));

#endif
