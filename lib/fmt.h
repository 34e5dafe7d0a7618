/*
 * fmt.h - snprintf without the C library's stream machinery.
 *
 * fmt_snprintf and fmt_vsnprintf behave exactly as snprintf and vsnprintf:
 * the return value is the length the whole result has (also when it did not
 * fit), the output is truncated to size - 1 bytes and always NUL-terminated
 * when size > 0, and buf may be NULL when size is 0.  They format the
 * conversions the code base uses themselves (%d %i %u %x %X %o %c %s %%,
 * with the flags '-' '0' '+' ' ', field width and precision, '*' for
 * either, and the hh h l ll z j t length modifiers).  Anything else (%f,
 * %g, %p, '#', positional arguments, a NULL %s argument, a result longer
 * than INT_MAX) goes to the C library's vsnprintf, so every format gives
 * the same bytes and return value as libc.  Thread safe; no allocation.
 */
#ifndef THREATMAP_FMT_H
#define THREATMAP_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
