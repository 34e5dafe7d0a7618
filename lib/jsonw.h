/*
 * jsonw.h - a small pretty-printing JSON writer over an sbuf (two-space
 * indent, one member per line), used by the SARIF renderer and the
 * baseline diff.  Errors (cap reached) are sticky: check w->err at the end.
 */
#ifndef THREATMAP_JSONW_H
#define THREATMAP_JSONW_H

#include <stdbool.h>

struct sbuf;

#define JSONW_MAX_DEPTH 64

struct jsonw {
	struct sbuf *sb;
	int depth;
	bool first[JSONW_MAX_DEPTH];
	int err;
};

void jsonw_init(struct jsonw *w, struct sbuf *sb);

/* Open an object ('{') or array ('['); key NULL inside arrays or at top. */
void jsonw_open(struct jsonw *w, const char *key, char bracket);
void jsonw_close(struct jsonw *w, char bracket);

/* Members (key NULL for array items).  jsonw_str(NULL value) writes null. */
void jsonw_str(struct jsonw *w, const char *key, const char *val);
void jsonw_int(struct jsonw *w, const char *key, long long val);
void jsonw_bool(struct jsonw *w, const char *key, bool val);
/* A number written as given ("9.5"). */
void jsonw_num(struct jsonw *w, const char *key, const char *text);

/* Final newline; returns 0 or -1 when any append failed. */
int jsonw_finish(struct jsonw *w);

#endif
