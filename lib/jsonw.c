#include "jsonw.h"

#include <string.h>

#include "sbuf.h"

void jsonw_init(struct jsonw *w, struct sbuf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void put(struct jsonw *w, const char *s)
{
	if (!w->err && sbuf_adds(w->out, s))
		w->err = -1;
}

static void newline(struct jsonw *w)
{
	unsigned i;

	put(w, "\n");
	for (i = 0; i < w->depth; i++)
		put(w, "  ");
}

/* Separator and indentation before a value or a key. */
static void before(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma)
		put(w, ",");
	if (w->depth)
		newline(w);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before(w);
	if (!w->err && sbuf_add_json_str(w->out, key, strlen(key)))
		w->err = -1;
	put(w, ": ");
	w->after_key = true;
}

static void nest_open(struct jsonw *w, const char *c)
{
	before(w);
	put(w, c);
	w->depth++;
	w->need_comma = false;
}

static void nest_close(struct jsonw *w, const char *c)
{
	w->depth--;
	if (w->need_comma)
		newline(w);
	put(w, c);
	w->need_comma = true;
}

void jsonw_obj_open(struct jsonw *w)
{
	nest_open(w, "{");
}

void jsonw_obj_close(struct jsonw *w)
{
	nest_close(w, "}");
}

void jsonw_arr_open(struct jsonw *w)
{
	nest_open(w, "[");
}

void jsonw_arr_close(struct jsonw *w)
{
	nest_close(w, "]");
}

static void raw_value(struct jsonw *w, const char *text)
{
	before(w);
	put(w, text);
	w->need_comma = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	before(w);
	if (!w->err && sbuf_add_json_str(w->out, s, strlen(s)))
		w->err = -1;
	w->need_comma = true;
}

void jsonw_uint(struct jsonw *w, unsigned long long v)
{
	before(w);
	if (!w->err && sbuf_addf(w->out, "%llu", v))
		w->err = -1;
	w->need_comma = true;
}

void jsonw_bool(struct jsonw *w, bool v)
{
	raw_value(w, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
	raw_value(w, "null");
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void jsonw_kuint(struct jsonw *w, const char *key, unsigned long long v)
{
	jsonw_key(w, key);
	jsonw_uint(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}

void jsonw_kpos(struct jsonw *w, const char *key, unsigned v)
{
	jsonw_key(w, key);
	if (v)
		jsonw_uint(w, v);
	else
		jsonw_null(w);
}

void jsonw_kstrv(struct jsonw *w, const char *key, const char *const *v)
{
	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (; v && *v; v++)
		jsonw_str(w, *v);
	jsonw_arr_close(w);
}

int jsonw_finish(struct jsonw *w)
{
	put(w, "\n");
	return w->err;
}
