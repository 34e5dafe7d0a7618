#include "jout.h"

#include <string.h>

#include "sbuf.h"

void jout_init(struct jout *w, struct sbuf *sb)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
	w->first[0] = true;
}

static void add(struct jout *w, const char *s)
{
	if (sbuf_adds(w->sb, s))
		w->err = -1;
}

static void indent(struct jout *w)
{
	int i;

	for (i = 0; i < w->depth; i++)
		add(w, "  ");
}

/* Separator, newline and indent before a value, then "key": */
static void prefix(struct jout *w, const char *key)
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

void jout_open(struct jout *w, const char *key, char bracket)
{
	char s[2] = { bracket, 0 };

	prefix(w, key);
	add(w, s);
	if (w->depth + 1 < JOUT_MAX_DEPTH) {
		w->depth++;
		w->first[w->depth] = true;
	} else {
		w->err = -1;
	}
}

void jout_close(struct jout *w, char bracket)
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

void jout_str(struct jout *w, const char *key, const char *val)
{
	prefix(w, key);
	if (!val)
		add(w, "null");
	else if (sbuf_add_json_str(w->sb, val, strlen(val)))
		w->err = -1;
}

void jout_int(struct jout *w, const char *key, long long val)
{
	prefix(w, key);
	if (sbuf_addf(w->sb, "%lld", val))
		w->err = -1;
}

void jout_bool(struct jout *w, const char *key, bool val)
{
	prefix(w, key);
	add(w, val ? "true" : "false");
}

void jout_num(struct jout *w, const char *key, const char *text)
{
	prefix(w, key);
	add(w, text);
}

int jout_finish(struct jout *w)
{
	add(w, "\n");
	return w->err;
}
