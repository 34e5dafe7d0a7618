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
#include <stddef.h>
#include <string.h>

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

/*
 * Start w on out in the nesting of at, inside an array or object at its
 * depth (not after a key), as if the values before had been written:
 * need_comma says whether any was.  What w writes then is the bytes at
 * would write next, so a run of values can be written elsewhere (on
 * another thread, into another buffer) and joined with jsonw_splice().
 */
void jsonw_init_after(struct jsonw *w, struct sbuf *out, const struct jsonw *at,
		      bool need_comma);

/*
 * Append what part (started with jsonw_init_after() at w) wrote, and take
 * the state part ended in: its comma state and its error.  part must be
 * at w's depth and not after a key.
 */
void jsonw_splice(struct jsonw *w, const struct jsonw *part);

/*
 * Member name inside an object; the next call writes its value.  The
 * key-taking calls below measure their key inline (a literal key is
 * measured by the compiler) and pass its length to the _n function.
 *
 * A klen with JSONW_KEY_PLAIN set says the caller vouches that the key's
 * bytes need no escape (1 to 32 bytes of printable ASCII without '"' or
 * '\\'): it is copied without being tested.  The inline calls set it for
 * a literal key the compiler finds plain (jsonw_klen_()), so the keys of
 * a report cost a copy; any other key goes through the escaping.
 */
#define JSONW_KEY_PLAIN ((size_t)1 << (sizeof(size_t) * 8 - 1))
#define JSONW_PLAIN_MAX 32

/* The bytes a key vouched for may hold: printable ASCII but '"' and '\\'. */
#define JSONW_PLAIN_CHARS                                                      \
	" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"      \
	"abcdefghijklmnopqrstuvwxyz{|}~"

/*
 * strlen(key), with JSONW_KEY_PLAIN when the compiler can tell the key is
 * plain: for a literal key it works out both strlen() and strspn() while
 * compiling.  Any other key (one it cannot see) gets the length alone,
 * and nothing runs at run time but the strlen().
 */
__attribute__((always_inline)) static inline size_t jsonw_klen_(const char *key)
{
	size_t n = strlen(key);

	if (__builtin_constant_p(strspn(key, JSONW_PLAIN_CHARS) == n) && n &&
	    n <= JSONW_PLAIN_MAX && strspn(key, JSONW_PLAIN_CHARS) == n)
		return n | JSONW_KEY_PLAIN;
	return n;
}

void jsonw_key_n(struct jsonw *w, const char *key, size_t klen);
__attribute__((always_inline)) static inline void jsonw_key(struct jsonw *w,
							    const char *key)
{
	jsonw_key_n(w, key, jsonw_klen_(key));
}

void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
/* key + open shorthands. */
void jsonw_kopen_n(struct jsonw *w, const char *key, size_t klen, char c);
__attribute__((always_inline)) static inline void
jsonw_kobj_open(struct jsonw *w, const char *key)
{
	jsonw_kopen_n(w, key, jsonw_klen_(key), '{');
}
__attribute__((always_inline)) static inline void
jsonw_karr_open(struct jsonw *w, const char *key)
{
	jsonw_kopen_n(w, key, jsonw_klen_(key), '[');
}

void jsonw_str(struct jsonw *w, const char *s);
void jsonw_uint(struct jsonw *w, unsigned long long v);
void jsonw_int(struct jsonw *w, long long v);
/* A number written as given ("9.5"); the caller vouches for its syntax. */
void jsonw_num(struct jsonw *w, const char *text);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* key + value shorthands. */
void jsonw_kstr_n(struct jsonw *w, const char *key, size_t klen, const char *s);
/* s of slen bytes (its length known); s NULL: null. */
void jsonw_kstrl_n(struct jsonw *w, const char *key, size_t klen, const char *s,
		   size_t slen);
void jsonw_kuint_n(struct jsonw *w, const char *key, size_t klen,
		   unsigned long long v);
void jsonw_kint_n(struct jsonw *w, const char *key, size_t klen, long long v);
/* text written as it is: a number, true, false or null */
void jsonw_kraw_n(struct jsonw *w, const char *key, size_t klen,
		  const char *text, size_t tlen);

__attribute__((always_inline)) static inline void
jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_kstr_n(w, key, jsonw_klen_(key), s);
}
__attribute__((always_inline)) static inline void
jsonw_kstrl(struct jsonw *w, const char *key, const char *s, size_t slen)
{
	jsonw_kstrl_n(w, key, jsonw_klen_(key), s, slen);
}
__attribute__((always_inline)) static inline void
jsonw_kuint(struct jsonw *w, const char *key, unsigned long long v)
{
	jsonw_kuint_n(w, key, jsonw_klen_(key), v);
}
__attribute__((always_inline)) static inline void
jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
	jsonw_kraw_n(w, key, jsonw_klen_(key), v ? "true" : "false", v ? 4 : 5);
}
__attribute__((always_inline)) static inline void
jsonw_kint(struct jsonw *w, const char *key, long long v)
{
	jsonw_kint_n(w, key, jsonw_klen_(key), v);
}
__attribute__((always_inline)) static inline void
jsonw_knum(struct jsonw *w, const char *key, const char *text)
{
	jsonw_kraw_n(w, key, jsonw_klen_(key), text, strlen(text));
}

/* A line or column: the number, or null when 0 (unknown). */
__attribute__((always_inline)) static inline void
jsonw_kpos(struct jsonw *w, const char *key, unsigned v)
{
	if (v)
		jsonw_kuint_n(w, key, jsonw_klen_(key), v);
	else
		jsonw_kraw_n(w, key, jsonw_klen_(key), "null", 4);
}

/* An array of strings from a NULL-terminated list (NULL list: []). */
void jsonw_kstrv(struct jsonw *w, const char *key, const char *const *v);

/*
 * What a run of calls wrote, to write it again without making the calls:
 * the parts of a report that repeat for every finding of one check.  The
 * bytes are remembered for a caller's key (a pointer that decides what
 * the calls write) and the writer's state when they began; replaying
 * them leaves the writer in the state the calls left it in.  The calls
 * must close what they open and end after a value, not after a key.
 *
 *	if (!jsonw_memo_replay(w, &m, check)) {
 *		jsonw_memo_begin(w, &m, check);
 *		... the calls ...
 *		jsonw_memo_end(w, &m);
 *	}
 *
 * Memory is malloc'ed; jsonw_memo_release() frees it.  A run part of
 * which went to the buffer's sink already is not remembered (the next
 * run is).
 */
struct jsonw_memo {
	const void *key;
	bool valid;
	unsigned depth; /* the state at the start (after_key false) */
	bool need_comma;
	bool end_need_comma; /* at the end, at the same depth */
	size_t start;	     /* sbuf_pos() at jsonw_memo_begin() */
	char *text;
	size_t len, alloc;
};

#define JSONW_MEMO_INIT                                                        \
	{                                                                      \
		.key = NULL                                                    \
	}

/*
 * When m holds the bytes for key written from w's present state: write
 * them, take the state the calls ended in, and return true.
 */
bool jsonw_memo_replay(struct jsonw *w, struct jsonw_memo *m, const void *key);
void jsonw_memo_begin(struct jsonw *w, struct jsonw_memo *m, const void *key);
void jsonw_memo_end(struct jsonw *w, struct jsonw_memo *m);
/* Drop what m holds: the next replay writes nothing and returns false. */
void jsonw_memo_forget(struct jsonw_memo *m);
void jsonw_memo_release(struct jsonw_memo *m);

/* End the document with a newline; 0, or -1 when an append failed. */
int jsonw_finish(struct jsonw *w);

/*
 * Append tree n as compact JSON (no spaces; numbers as written, strings
 * escaped) to sb: the snapshot's object lines and the exec credential
 * plugin's input.  0, or -1 when sb's cap was reached.
 */
int jsonw_tree(struct sbuf *sb, const struct node *n);

#endif
