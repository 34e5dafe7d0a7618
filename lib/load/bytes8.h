/*
 * bytes8.h - eight bytes of text tested at once in a 64-bit word, for the
 * JSON tokenizer and the YAML scanner.  Each test sets bit 7 of the bytes
 * it flags; a borrow or a carry may flag a byte above a flagged one as
 * well, never the lowest flagged byte itself, so first_flagged() of the
 * mask is exact.
 */
#ifndef THREATMAP_LOAD_BYTES8_H
#define THREATMAP_LOAD_BYTES8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Eight bytes at p, whatever the alignment. */
static inline uint64_t load8(const void *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof(x));
	return x;
}

/* The bytes of x below b (b <= 0x80). */
static inline uint64_t has_below(uint64_t x, unsigned b)
{
	return (x - ONES * b) & ~x & HIGHS;
}

/* The bytes of x that are c. */
static inline uint64_t bytes_eq(uint64_t x, unsigned char c)
{
	return has_below(x ^ (ONES * c), 1);
}

/* The bytes of x that are not printable ASCII (0x20 to 0x7e). */
static inline uint64_t unprintable8(uint64_t x)
{
	return (((x - 0x20 * ONES) & ~x) | ((x + ONES) | x)) & HIGHS;
}

/*
 * The index of the lowest byte of m (not 0) with a bit set: on a
 * little-endian machine, the first of the eight in memory.  Left undefined
 * elsewhere, where callers go a byte at a time.
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define first_flagged(m) ((size_t)__builtin_ctzll(m) / 8)
#endif

#endif
