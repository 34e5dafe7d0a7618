#include "render/markup.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "sbuf.h"
#include "utf8.h"

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

/* A control or hidden character made visible: "<U+202E>" as markup. */
static int add_visible_ml(struct sbuf *sb, unsigned long cp)
{
	return sbuf_addf(sb, "&lt;U+%04lX&gt;", cp);
}

/* Printable ASCII that markup shows as it is: copied a run at a time. */
static bool ml_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && !entity(c);
}

static int escape_ml(struct sbuf *sb, const char *s, bool keep_newline)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		const unsigned char *q = p;
		const char *ent;
		unsigned long cp;
		size_t n;

		while (ml_plain(*q))
			q++;
		if (q > p && sbuf_add(sb, p, (size_t)(q - p)))
			return -1;
		p = q;
		if (!*p)
			break;
		ent = entity(*p);
		if (ent) {
			if (sbuf_adds(sb, ent))
				return -1;
			p++;
			continue;
		}
		if (*p == '\n' || *p == '\r') {
			if (sbuf_adds(sb,
				      keep_newline && *p == '\n' ? "\n" : " "))
				return -1;
			p++;
			continue;
		}
		n = utf8_decode(p, 4, &cp);
		if (!n) {
			if (sbuf_adds(sb, replacement))
				return -1;
			p++;
			continue;
		}
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
		    utf8_is_hidden(cp)) {
			if (add_visible_ml(sb, cp))
				return -1;
		} else if (sbuf_add(sb, p, n)) {
			return -1;
		}
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
		const unsigned char *run = p;

		/* printable ASCII neither markdown nor markup reads */
		while (*run >= 0x20 && *run < 0x7f && !strchr(punct, *run) &&
		       *run != '&' && *run != '<' && *run != '>')
			run++;
		if (run > p && sbuf_add(sb, p, (size_t)(run - p)))
			return -1;
		p = run;
		if (!*p)
			break;
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
		    *p >= 0x7f) {
			const char *q = (const char *)p;
			char one[5] = { 0 };
			size_t n = utf8_decode(p, 4, NULL);

			if (!n)
				n = 1;
			memcpy(one, q, n);
			if (*p >= 0x80 && !utf8_decode(p, 4, NULL))
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

int markup_term(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		const unsigned char *q = p;
		unsigned long cp;
		size_t n;
		int rc;

		while (*q >= 0x20 && *q < 0x7f)
			q++;
		if (q > p && sbuf_add(sb, p, (size_t)(q - p)))
			return -1;
		p = q;
		if (!*p)
			break;
		n = utf8_decode(p, 4, &cp);
		if (!n || cp < 0x80)
			rc = sbuf_addf(sb, "\\x%02x", *p), n = 1;
		else if (cp <= 0x9f || utf8_is_hidden(cp))
			rc = sbuf_addf(
			    sb, cp > 0xffff ? "\\U%08lx" : "\\u%04lx", cp);
		else
			rc = sbuf_add(sb, p, n);
		if (rc)
			return -1;
		p += n;
	}
	return 0;
}
