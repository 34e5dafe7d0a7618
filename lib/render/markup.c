#include "render/markup.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "sbuf.h"

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid.
 * Overlong forms, surrogates and values past U+10FFFF are invalid.
 */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static const char replacement[] = "\xef\xbf\xbd";

/* Entity for an HTML/XML-significant byte, or NULL. */
static const char *entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	}
	return NULL;
}

static int escape_ml(struct sbuf *sb, const char *s, bool keep_newline)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		const char *ent = entity(*p);
		size_t n;

		if (ent) {
			if (sbuf_adds(sb, ent))
				return -1;
			p++;
			continue;
		}
		if (*p < 0x20 &&
		    !(*p == '\t' || (keep_newline && *p == '\n'))) {
			if (sbuf_adds(sb, *p == '\n' || *p == '\r'
					      ? " "
					      : replacement))
				return -1;
			p++;
			continue;
		}
		n = utf8_len(p);
		if (!n) {
			if (sbuf_adds(sb, replacement))
				return -1;
			p++;
			continue;
		}
		if (sbuf_add(sb, p, n))
			return -1;
		p += n;
	}
	return 0;
}

int markup_html(struct sbuf *sb, const char *s)
{
	return escape_ml(sb, s, true);
}

int markup_xml(struct sbuf *sb, const char *s)
{
	return escape_ml(sb, s, true);
}

int markup_md(struct sbuf *sb, const char *s)
{
	static const char punct[] = "\\`*_[]|~";
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		if (*p == '\n' || *p == '\r') {
			if (sbuf_addch(sb, ' '))
				return -1;
			p++;
			continue;
		}
		if (strchr(punct, *p)) {
			if (sbuf_addch(sb, '\\') || sbuf_addch(sb, (char)*p))
				return -1;
			p++;
			continue;
		}
		if (*p == '&' || *p == '<' || *p == '>' || *p < 0x20 ||
		    *p >= 0x80) {
			const char *q = (const char *)p;
			char one[5] = { 0 };
			size_t n = *p < 0x80 ? 1 : utf8_len(p);

			if (!n)
				n = 1;
			memcpy(one, q, n);
			if (*p >= 0x80 && !utf8_len(p))
				one[0] = '\x80'; /* becomes U+FFFD below */
			if (escape_ml(sb, one, false))
				return -1;
			p += n;
			continue;
		}
		if (sbuf_addch(sb, (char)*p))
			return -1;
		p++;
	}
	return 0;
}

int markup_uri_path(struct sbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	for (; p && *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("-._~/", *p);

		if (keep ? sbuf_addch(sb, (char)*p)
			 : sbuf_addf(sb, "%%%c%c", hex[*p >> 4], hex[*p & 15]))
			return -1;
	}
	return 0;
}

void mout_raw(struct mout *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (sbuf_vaddf(o->sb, fmt, ap))
		o->err = -1;
	va_end(ap);
}

void mout_text(struct mout *o, const char *s)
{
	if (o->escape(o->sb, s ? s : ""))
		o->err = -1;
}
