#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fmt.h"

int diag_set(struct diag *d, enum diag_code code, const struct srcloc *loc,
	     const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return code;
	d->code = code;
	d->file[0] = '\0';
	d->line = d->col = 0;
	if (loc) {
		if (loc->file)
			fmt_snprintf(d->file, sizeof(d->file), "%s", loc->file);
		d->line = loc->line;
		d->col = loc->col;
	}
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return code;
}

int diag_errno(struct diag *d, enum diag_code code, int err, const char *fmt,
	       ...)
{
	char what[DIAG_MSG_MAX], text[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (strerror_r(err, text, sizeof(text)))
		fmt_snprintf(text, sizeof(text), "error %d", err);
	return diag_set(d, code, NULL, "%s: %s", what, text);
}

void diag_clear(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

const char *diag_format(const struct diag *d, char *buf, size_t n)
{
	if (d->file[0] && d->line && d->col)
		fmt_snprintf(buf, n, "%s:%u:%u: %s", d->file, d->line, d->col,
			     d->msg);
	else if (d->file[0] && d->line)
		fmt_snprintf(buf, n, "%s:%u: %s", d->file, d->line, d->msg);
	else if (d->file[0])
		fmt_snprintf(buf, n, "%s: %s", d->file, d->msg);
	else
		fmt_snprintf(buf, n, "%s", d->msg);
	return buf;
}

const char *diag_code_name(enum diag_code code)
{
	switch (code) {
	case DIAG_OK: return "ok";
	case DIAG_IO: return "io";
	case DIAG_PARSE: return "parse";
	case DIAG_SCHEMA: return "schema";
	case DIAG_LIMIT: return "limit";
	case DIAG_ENCODING: return "encoding";
	case DIAG_USAGE: return "usage";
	case DIAG_NET: return "network";
	case DIAG_AUTH: return "auth";
	case DIAG_FORBIDDEN: return "forbidden";
	case DIAG_HTTP: return "http";
	case DIAG_CONFIG: return "config";
	case DIAG_INTERNAL: return "internal";
	case DIAG_SKIPPED: return "skipped";
	}
	return "unknown";
}

void diag_list_add(struct diag_list *l, const struct diag *d)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = *d;
}

void diag_list_release(struct diag_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}
