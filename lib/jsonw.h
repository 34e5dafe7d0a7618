/*
 * jsonw.h - the JSON writer: a small streaming writer into an sbuf, and
 * jsonw_tree() for a parsed tree.
 *
 * Values are written in call order, so field order is whatever the caller
 * writes: renderers, SARIF and the baseline diff rely on that for a stable
 * schema.  Output is indented with two spaces per level.  Every string goes through sbuf_add_json_str
 * (escaping, invalid UTF-8 replaced).  A NULL string is written as null.
 *
 * Errors (an sbuf cap reached) are sticky: the first one is kept in err
 * and jsonw_finish() returns it.  Not thread safe; one writer per buffer.
 */
#ifndef THREATMAP_JSONW_H
#define THREATMAP_JSONW_H

#include <stdbool.h>

struct node;
struct sbuf;

struct jsonw {
	struct sbuf *out;
	unsigned depth;
	bool need_comma; /* a value was written at this level */
	bool after_key;	 /* the next value follows "key": */
	int err;
};

void jsonw_init(struct jsonw *w, struct sbuf *out);

/* Member name inside an object; the next call writes its value. */
void jsonw_key(struct jsonw *w, const char *key);

void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
/* key + open shorthands. */
void jsonw_kobj_open(struct jsonw *w, const char *key);
void jsonw_karr_open(struct jsonw *w, const char *key);

void jsonw_str(struct jsonw *w, const char *s);
void jsonw_uint(struct jsonw *w, unsigned long long v);
void jsonw_int(struct jsonw *w, long long v);
/* A number written as given ("9.5"); the caller vouches for its syntax. */
void jsonw_num(struct jsonw *w, const char *text);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* key + value shorthands. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kuint(struct jsonw *w, const char *key, unsigned long long v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);
void jsonw_kint(struct jsonw *w, const char *key, long long v);
void jsonw_knum(struct jsonw *w, const char *key, const char *text);

/* A line or column: the number, or null when 0 (unknown). */
void jsonw_kpos(struct jsonw *w, const char *key, unsigned v);

/* An array of strings from a NULL-terminated list (NULL list: []). */
void jsonw_kstrv(struct jsonw *w, const char *key, const char *const *v);

/* End the document with a newline; 0, or -1 when an append failed. */
int jsonw_finish(struct jsonw *w);

/*
 * Append tree n as compact JSON (no spaces; numbers as written, strings
 * escaped) to sb: the snapshot's object lines and the exec credential
 * plugin's input.  0, or -1 when sb's cap was reached.
 */
int jsonw_tree(struct sbuf *sb, const struct node *n);

#endif
