/*
 * jsonw.h - a small streaming JSON writer into an sbuf.
 *
 * Values are written in call order, so field order is whatever the caller
 * writes: renderers rely on that for a stable schema.  Output is indented
 * with two spaces per level.  Every string goes through sbuf_add_json_str
 * (escaping, invalid UTF-8 replaced).  A NULL string is written as null.
 *
 * Errors (an sbuf cap reached) are sticky: the first one is kept in err
 * and jsonw_finish() returns it.  Not thread safe; one writer per buffer.
 */
#ifndef THREATMAP_JSONW_H
#define THREATMAP_JSONW_H

#include <stdbool.h>

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

void jsonw_str(struct jsonw *w, const char *s);
void jsonw_uint(struct jsonw *w, unsigned long long v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* key + value shorthands. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kuint(struct jsonw *w, const char *key, unsigned long long v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);

/* A line or column: the number, or null when 0 (unknown). */
void jsonw_kpos(struct jsonw *w, const char *key, unsigned v);

/* An array of strings from a NULL-terminated list (NULL list: []). */
void jsonw_kstrv(struct jsonw *w, const char *key, const char *const *v);

/* End the document with a newline; 0, or -1 when an append failed. */
int jsonw_finish(struct jsonw *w);

#endif
