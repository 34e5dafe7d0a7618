/*
 * A small snprintf: literal runs are copied with memcpy, %s with one
 * strlen (or strnlen under a precision) and memcpy, integers through a
 * digit buffer.  A format it does not handle is given, whole, to libc's
 * vsnprintf with a copy of the arguments taken before any was read.
 */
#include "fmt.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct out {
	char *buf;
	size_t size; /* room in buf, including the terminating NUL */
	size_t len;  /* bytes the full result has so far */
};

/* Appends n bytes at p, keeping what fits before the final NUL. */
static void put(struct out *o, const char *p, size_t n)
{
	if (o->len + 1 < o->size) {
		size_t room = o->size - 1 - o->len;

		memcpy(o->buf + o->len, p, n < room ? n : room);
	}
	o->len += n;
}

/* Appends n copies of byte c. */
static void pad(struct out *o, char c, size_t n)
{
	if (o->len + 1 < o->size) {
		size_t room = o->size - 1 - o->len;

		memset(o->buf + o->len, c, n < room ? n : room);
	}
	o->len += n;
}

enum {
	F_LEFT = 1,
	F_ZERO = 2,
	F_PLUS = 4,
	F_SPACE = 8,
};

enum lenmod { LM_NONE, LM_HH, LM_H, LM_L, LM_LL, LM_Z, LM_J, LM_T };

/*
 * Writes the digits of v in base (8, 10 or 16) ending just before end;
 * returns where they start.
 */
static char *digits(char *end, uintmax_t v, unsigned base, int upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = set[v % base];
		v /= base;
	} while (v);
	return end;
}

/* One integer conversion: sign, precision zeros, width, the digits. */
static void put_int(struct out *o, int flags, int width, int prec, char sign,
		    const char *dig, size_t ndig)
{
	size_t zeros = 0, body, w = width > 0 ? (size_t)width : 0;

	if (prec >= 0) {
		if ((size_t)prec > ndig)
			zeros = (size_t)prec - ndig;
	}
	body = (sign ? 1 : 0) + zeros + ndig;
	if (w > body && !(flags & F_LEFT)) {
		if ((flags & F_ZERO) && prec < 0)
			zeros += w - body;
		else
			pad(o, ' ', w - body);
	}
	if (sign)
		put(o, &sign, 1);
	pad(o, '0', zeros);
	put(o, dig, ndig);
	if (w > body && (flags & F_LEFT))
		pad(o, ' ', w - body);
}

/* Width or precision digits at *pp; -1 when too large to be ours. */
static int read_num(const char **pp)
{
	const char *p = *pp;
	int n = 0;

	while (*p >= '0' && *p <= '9') {
		if (n > 100000)
			return -1;
		n = n * 10 + (*p - '0');
		p++;
	}
	*pp = p;
	return n;
}

/*
 * Formats fmt into o reading ap; returns 0, or -1 when the format needs
 * something this formatter leaves to libc.
 */
static int format(struct out *o, const char *fmt, va_list ap)
{
	const char *p = fmt;

	for (;;) {
		const char *pct = strchr(p, '%');
		int flags = 0, width = 0, prec = -1;
		enum lenmod lm = LM_NONE;
		char numbuf[3 * sizeof(uintmax_t) + 2];
		char *end = numbuf + sizeof(numbuf);

		if (!pct) {
			put(o, p, strlen(p));
			return 0;
		}
		if (pct > p)
			put(o, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == 's') {
			/* plain %s, most conversions: no flags to read */
			const char *str = va_arg(ap, const char *);

			if (!str)
				return -1;
			put(o, str, strlen(str));
			p++;
			continue;
		}
		for (;; p++) {
			if (*p == '-')
				flags |= F_LEFT;
			else if (*p == '0')
				flags |= F_ZERO;
			else if (*p == '+')
				flags |= F_PLUS;
			else if (*p == ' ')
				flags |= F_SPACE;
			else if (*p == '#' || *p == '\'' || *p == 'I')
				return -1;
			else
				break;
		}
		if (*p == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				if (width == INT_MIN)
					return -1;
				flags |= F_LEFT;
				width = -width;
			}
			p++;
		} else {
			width = read_num(&p);
			if (width < 0 || *p == '$')
				return -1;
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
				p++;
			} else {
				prec = read_num(&p);
				if (prec < 0 || *p == '$')
					return -1;
			}
		}
		if (width > 100000 || prec > 100000)
			return -1;
		switch (*p) {
		case 'h':
			lm = p[1] == 'h' ? LM_HH : LM_H;
			p += lm == LM_HH ? 2 : 1;
			break;
		case 'l':
			lm = p[1] == 'l' ? LM_LL : LM_L;
			p += lm == LM_LL ? 2 : 1;
			break;
		case 'z':
			lm = LM_Z;
			p++;
			break;
		case 'j':
			lm = LM_J;
			p++;
			break;
		case 't':
			lm = LM_T;
			p++;
			break;
		default: break;
		}
		switch (*p) {
		case 'd':
		case 'i': {
			intmax_t v;
			uintmax_t u;
			char sign = 0;
			char *dig;

			switch (lm) {
			case LM_HH: v = (signed char)va_arg(ap, int); break;
			case LM_H: v = (short)va_arg(ap, int); break;
			case LM_L: v = va_arg(ap, long); break;
			case LM_LL: v = va_arg(ap, long long); break;
			case LM_Z: /* the signed type of size_t's width */
				v = va_arg(ap, ptrdiff_t);
				break;
			case LM_J: v = va_arg(ap, intmax_t); break;
			case LM_T: v = va_arg(ap, ptrdiff_t); break;
			default: v = va_arg(ap, int); break;
			}
			if (v < 0) {
				sign = '-';
				u = (uintmax_t)0 - (uintmax_t)v;
			} else {
				u = (uintmax_t)v;
				if (flags & F_PLUS)
					sign = '+';
				else if (flags & F_SPACE)
					sign = ' ';
			}
			dig =
			    (prec == 0 && u == 0) ? end : digits(end, u, 10, 0);
			put_int(o, flags, width, prec, sign, dig,
				(size_t)(end - dig));
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uintmax_t u;
			unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
			char *dig;

			switch (lm) {
			case LM_HH:
				u = (unsigned char)va_arg(ap, unsigned);
				break;
			case LM_H:
				u = (unsigned short)va_arg(ap, unsigned);
				break;
			case LM_L: u = va_arg(ap, unsigned long); break;
			case LM_LL: u = va_arg(ap, unsigned long long); break;
			case LM_Z: u = va_arg(ap, size_t); break;
			case LM_J: u = va_arg(ap, uintmax_t); break;
			case LM_T: u = (size_t)va_arg(ap, ptrdiff_t); break;
			default: u = va_arg(ap, unsigned); break;
			}
			dig = (prec == 0 && u == 0)
				  ? end
				  : digits(end, u, base, *p == 'X');
			put_int(o, flags, width, prec, 0, dig,
				(size_t)(end - dig));
			break;
		}
		case 'c': {
			char c;

			if (lm != LM_NONE || (flags & F_ZERO))
				return -1;
			c = (char)(unsigned char)va_arg(ap, int);
			if (width > 1 && !(flags & F_LEFT))
				pad(o, ' ', (size_t)width - 1);
			put(o, &c, 1);
			if (width > 1 && (flags & F_LEFT))
				pad(o, ' ', (size_t)width - 1);
			break;
		}
		case 's': {
			const char *s;
			size_t n;

			if (lm != LM_NONE || (flags & F_ZERO))
				return -1;
			s = va_arg(ap, const char *);
			if (!s)
				return -1;
			n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			if ((size_t)width > n && !(flags & F_LEFT))
				pad(o, ' ', (size_t)width - n);
			put(o, s, n);
			if ((size_t)width > n && (flags & F_LEFT))
				pad(o, ' ', (size_t)width - n);
			break;
		}
		case '%':
			if (flags || width || prec >= 0 || lm != LM_NONE ||
			    p != pct + 1)
				return -1;
			put(o, "%", 1);
			break;
		default: return -1;
		}
		p++;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list orig;
	int rc;

	va_copy(orig, ap);
	if (format(&o, fmt, ap) == 0 && o.len <= INT_MAX) {
		if (size)
			buf[o.len < size ? o.len : size - 1] = '\0';
		rc = (int)o.len;
	} else {
		rc = vsnprintf(buf, size, fmt, orig);
	}
	va_end(orig);
	return rc;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return rc;
}
