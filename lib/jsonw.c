#include "jsonw.h"

#include <string.h>

#include "sbuf.h"

void jsonw_init(struct jsonw *w, struct sbuf *sb)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
	w->first[0] = true;
}

static void add(struct jsonw *w, const char *s)
{
	if (sbuf_adds(w->sb, s))
		w->err = -1;
}

static void indent(struct jsonw *w)
{
	int i;

	for (i = 0; i < w->depth; i++)
		add(w, "  ");
}

/* Separator, newline and indent before a value, then "key": */
static void prefix(struct jsonw *w, const char *key)
{
	if (w->depth > 0) {
		add(w, w->first[w->depth] ? "\n" : ",\n");
		indent(w);
	}
	w->first[w->depth] = false;
	if (key) {
		if (sbuf_add_json_str(w->sb, key, strlen(key)))
			w->err = -1;
		add(w, ": ");
	}
}

void jsonw_open(struct jsonw *w, const char *key, char bracket)
{
	char s[2] = { bracket, 0 };

	prefix(w, key);
	add(w, s);
	if (w->depth + 1 < JSONW_MAX_DEPTH) {
		w->depth++;
		w->first[w->depth] = true;
	} else {
		w->err = -1;
	}
}

void jsonw_close(struct jsonw *w, char bracket)
{
	char s[2] = { bracket, 0 };
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		add(w, "\n");
		indent(w);
	}
	add(w, s);
}

void jsonw_str(struct jsonw *w, const char *key, const char *val)
{
	prefix(w, key);
	if (!val)
		add(w, "null");
	else if (sbuf_add_json_str(w->sb, val, strlen(val)))
		w->err = -1;
}

void jsonw_int(struct jsonw *w, const char *key, long long val)
{
	prefix(w, key);
	if (sbuf_addf(w->sb, "%lld", val))
		w->err = -1;
}

void jsonw_bool(struct jsonw *w, const char *key, bool val)
{
	prefix(w, key);
	add(w, val ? "true" : "false");
}

void jsonw_num(struct jsonw *w, const char *key, const char *text)
{
	prefix(w, key);
	add(w, text);
}

int jsonw_finish(struct jsonw *w)
{
	add(w, "\n");
	return w->err;
}
