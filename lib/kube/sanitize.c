#include "kube/sanitize.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "sbuf.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (need == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 0; /* C1 controls: CSI, OSC, ... */
	if (need == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0;
	if (need == 4 &&
	    ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f)))
		return 0;
	return need;
}

static bool value_char(char c)
{
	return c && !isspace((unsigned char)c) && !strchr("\"'&,;)]}<>", c);
}

static bool key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

static bool ends_with_ci(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);

	return n >= l && !strncasecmp(s + n - l, suffix, l);
}

/* Whether the key that ends just before p (start of text s) is secret. */
static bool secret_key_before(const char *s, const char *p)
{
	static const char *const suffixes[] = {
		"token",       "secret",      "password",   "passwd",
		"apikey",      "api_key",     "api-key",    "credential",
		"credentials", "private_key", "privatekey", NULL,
	};
	const char *end = p, *start;
	size_t i;

	while (end > s && (end[-1] == '"' || end[-1] == '\''))
		end--;
	start = end;
	while (start > s && key_char(start[-1]))
		start--;
	for (i = 0; suffixes[i]; i++)
		if (ends_with_ci(start, (size_t)(end - start), suffixes[i]))
			return true;
	return false;
}

static bool looks_jwt(const char *p, size_t *len)
{
	size_t n = 0, dots = 0;

	if (strncmp(p, "eyJ", 3))
		return false;
	while (value_char(p[n])) {
		if (p[n] == '.')
			dots++;
		n++;
	}
	*len = n;
	return dots == 2 && n > 20;
}

/*
 * Copy p up to the value at v, then "***" in place of the value: the text
 * after it, or NULL (nothing copied) when no value starts at v.
 */
static const char *masked_value(struct sbuf *out, const char *p, const char *v)
{
	if (!value_char(*v))
		return NULL;
	if (sbuf_add(out, p, (size_t)(v - p)) || sbuf_adds(out, "***"))
		oom();
	while (value_char(*v))
		v++;
	return v;
}

/* Mask credential-looking values in the plain text t (NUL-terminated). */
static void mask(struct sbuf *out, const char *t)
{
	const char *p = t, *after;

	while (*p) {
		size_t n;

		if ((*p == '=' || *p == ':') && secret_key_before(t, p)) {
			const char *v = p + 1;

			while (*v == ' ' || *v == '"' || *v == '\'')
				v++;
			if ((after = masked_value(out, p, v))) {
				p = after;
				continue;
			}
		}
		if ((!strncasecmp(p, "bearer ", 7) ||
		     !strncasecmp(p, "basic ", 6)) &&
		    (p == t || !key_char(p[-1])) &&
		    (after = masked_value(
			 out, p, p + (p[1] == 'e' || p[1] == 'E' ? 7 : 6)))) {
			p = after;
			continue;
		}
		if ((p == t || !key_char(p[-1])) && looks_jwt(p, &n)) {
			if (sbuf_adds(out, "***"))
				oom();
			p += n;
			continue;
		}
		if (sbuf_add(out, p, 1))
			oom();
		p++;
	}
}

const char *sanitize_text(struct arena *a, const char *s, size_t len,
			  size_t max)
{
	struct sbuf plain = SBUF_INIT, out = SBUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	const char *r;
	size_t i = 0;

	if (len > max)
		len = max;
	while (i < len) {
		size_t n = utf8_len(u + i, len - i);
		int rc;

		if (n == 1 && (u[i] == '\n' || u[i] == '\r' || u[i] == '\t'))
			rc = sbuf_adds(&plain, " ");
		else if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			rc = sbuf_adds(&plain, "?");
		else if (!n)
			rc = sbuf_adds(&plain, "?");
		else
			rc = sbuf_add(&plain, s + i, n);
		if (rc)
			oom();
		i += n ? n : 1;
	}
	if (sbuf_adds(&plain, ""))
		oom();
	mask(&out, plain.buf);
	r = arena_strndup(a, out.buf, out.len);
	sbuf_release(&plain);
	sbuf_release(&out);
	return r;
}
