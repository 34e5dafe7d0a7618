/*
 * jout.h - a small pretty-printing JSON writer over an sbuf (two-space
 * indent, one member per line), used by the SARIF renderer and the
 * baseline diff.  Errors (cap reached) are sticky: check w->err at the end.
 */
#ifndef THREATMAP_JOUT_H
#define THREATMAP_JOUT_H

#include <stdbool.h>

struct sbuf;

#define JOUT_MAX_DEPTH 64

struct jout {
	struct sbuf *sb;
	int depth;
	bool first[JOUT_MAX_DEPTH];
	int err;
};

void jout_init(struct jout *w, struct sbuf *sb);

/* Open an object ('{') or array ('['); key NULL inside arrays or at top. */
void jout_open(struct jout *w, const char *key, char bracket);
void jout_close(struct jout *w, char bracket);

/* Members (key NULL for array items).  jout_str(NULL value) writes null. */
void jout_str(struct jout *w, const char *key, const char *val);
void jout_int(struct jout *w, const char *key, long long val);
void jout_bool(struct jout *w, const char *key, bool val);
/* A number written as given ("9.5"). */
void jout_num(struct jout *w, const char *key, const char *text);

/* Final newline; returns 0 or -1 when any append failed. */
int jout_finish(struct jout *w);

#endif
