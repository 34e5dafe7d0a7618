#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "node.h"
#include "sbuf.h"

void jsonw_init(struct jsonw *w, struct sbuf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void put_n(struct jsonw *w, const char *s, size_t n)
{
	if (!w->err && sbuf_add(w->out, s, n))
		w->err = -1;
}

void jsonw_init_after(struct jsonw *w, struct sbuf *out, const struct jsonw *at,
		      bool need_comma)
{
	jsonw_init(w, out);
	w->depth = at->depth;
	w->need_comma = need_comma;
}

void jsonw_splice(struct jsonw *w, const struct jsonw *part)
{
	if (!w->err && sbuf_add_large(w->out, part->out->buf, part->out->len))
		w->err = -1;
	w->need_comma = part->need_comma;
	if (part->err)
		w->err = part->err;
}

#define put(w, lit) put_n(w, lit, sizeof(lit) - 1)

static void newline(struct jsonw *w)
{
	static const char nl[] = "\n                                ";
	const size_t most = sizeof(nl) - 2; /* spaces in nl */
	size_t want = 2 * (size_t)w->depth;
	size_t n = want < most ? want : most;

	put_n(w, nl, n + 1);
	for (want -= n; !w->err && want; want -= n) {
		n = want < most ? want : most;
		put_n(w, nl + 1, n);
	}
}

static void put_json_str(struct jsonw *w, const char *s, size_t n)
{
	if (!w->err && sbuf_add_json_str(w->out, s, n))
		w->err = -1;
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

/*
 * The fast paths: what a call writes, put straight into the buffer in one
 * step when the most it can take fits what the buffer holds already (see
 * sbuf_fits_()); the same bytes as the general path, which takes over
 * otherwise (an error, a cap, a buffer to grow or a chunk to stream).
 */

/* Indentation up to this is one fixed-size copy of spaces. */
#define INDENT_COPY 32

/*
 * Largest key or value a fast path takes: no sum of sizes can overflow
 * (the indentation, twice an unsigned depth, cannot either).
 */
#define FAST_MAX (((size_t)-1 - 4 * INDENT_COPY) / 16)

/* Whether n bytes fit at the end of w's buffer: *d is where they go. */
static inline bool room(struct jsonw *w, size_t n, char **d)
{
	if (w->err || !sbuf_fits_(w->out, n))
		return false;
	*d = w->out->buf + w->out->len;
	return true;
}

/* The bytes up to d are written. */
static inline void commit(struct jsonw *w, char *d)
{
	w->out->len = (size_t)(d - w->out->buf);
	w->out->buf[w->out->len] = '\0';
}

/* Most bytes sep_into() writes: room() for them covers its copy. */
static inline size_t sep_max(const struct jsonw *w)
{
	size_t ind = 2 * (size_t)w->depth;

	return 2 + (ind > INDENT_COPY ? ind : INDENT_COPY);
}

/* A newline and the indentation of w's depth into d; the end returned. */
static inline char *newline_into(const struct jsonw *w, char *d)
{
	static const char spaces[INDENT_COPY + 1] =
	    "                                ";
	size_t ind = 2 * (size_t)w->depth;

	*d++ = '\n';
	if (ind <= INDENT_COPY)
		memcpy(d, spaces, INDENT_COPY); /* the rest is room */
	else
		memset(d, ' ', ind);
	return d + ind;
}

/* before() into d; the end returned. */
static inline char *sep_into(struct jsonw *w, char *d)
{
	if (w->after_key) {
		w->after_key = false;
		return d;
	}
	if (w->need_comma)
		*d++ = ',';
	return w->depth ? newline_into(w, d) : d;
}

/* The length of a key given as klen (see JSONW_KEY_PLAIN). */
#define KLEN(klen) ((klen) & ~JSONW_KEY_PLAIN)

/* A key given as klen is copied as it is (1 to JSONW_PLAIN_MAX bytes). */
static inline bool key_vouched(size_t klen)
{
	return (klen & JSONW_KEY_PLAIN) && KLEN(klen) - 1 < JSONW_PLAIN_MAX;
}

/* Most bytes the literal of a key given as klen takes. */
static inline size_t key_max(size_t klen)
{
	return key_vouched(klen) ? KLEN(klen) + 2 : 6 * KLEN(klen) + 2;
}

/*
 * Separator, key and ": " into d (key NULL: separator only); kl as the
 * caller gave it: a key the caller vouches for is copied as it is.
 */
__attribute__((always_inline)) static inline char *
key_into(struct jsonw *w, char *d, const char *key, size_t kl)
{
	d = sep_into(w, d);
	if (key) {
		if (key_vouched(kl)) {
			kl = KLEN(kl);
			*d = '"';
			sbuf_copy_small_(d + 1, key, kl);
			d[kl + 1] = '"';
			d += kl + 2;
		} else {
			d = sbuf_json_str_into(d, key, KLEN(kl));
		}
		*d++ = ':';
		*d++ = ' ';
	}
	return d;
}

/*
 * Separator, key (NULL: none) and raw text straight into the buffer:
 * false, with nothing written, when it may not fit or a key would follow
 * a key (the general path's business).
 */
static bool kraw_into(struct jsonw *w, const char *key, size_t kl,
		      const char *text, size_t tl)
{
	char *d;

	if ((key && w->after_key) || KLEN(kl) > FAST_MAX || tl > FAST_MAX ||
	    !room(w, sep_max(w) + key_max(kl) + 2 + tl, &d))
		return false;
	d = key_into(w, d, key, kl);
	if (tl && tl <= 32) /* numbers, true, false, null */
		sbuf_copy_small_(d, text, tl);
	else
		memcpy(d, text, tl);
	commit(w, d + tl);
	w->need_comma = true;
	return true;
}

/*
 * The same with a string value: a key and the string, the string alone
 * (key NULL) or the key alone (s NULL: after_key set).
 */
__attribute__((always_inline)) static inline bool
kstr_into(struct jsonw *w, const char *key, size_t kl, const char *s, size_t sl)
{
	char *d;

	if ((key && w->after_key) || KLEN(kl) > FAST_MAX || sl > FAST_MAX ||
	    !room(w, sep_max(w) + key_max(kl) + 2 + 6 * sl + 2, &d))
		return false;
	d = key_into(w, d, key, kl);
	if (s) {
		d = sbuf_json_str_into(d, s, sl);
		w->need_comma = true;
	} else {
		w->after_key = true;
	}
	commit(w, d);
	return true;
}

void jsonw_key_n(struct jsonw *w, const char *key, size_t klen)
{
	if (kstr_into(w, key, klen, NULL, 0))
		return;
	before(w);
	put_json_str(w, key, KLEN(klen));
	put(w, ": ");
	w->after_key = true;
}

static void nest_open(struct jsonw *w, char c)
{
	char *d;

	if (room(w, sep_max(w) + 1, &d)) {
		d = sep_into(w, d);
		*d++ = c;
		commit(w, d);
	} else {
		before(w);
		put_n(w, &c, 1);
	}
	w->depth++;
	w->need_comma = false;
}

static void nest_close(struct jsonw *w, char c)
{
	char *d;

	w->depth--;
	if (!w->need_comma) {
		put_n(w, &c, 1);
	} else if (room(w, sep_max(w) + 1, &d)) {
		d = newline_into(w, d);
		*d++ = c;
		commit(w, d);
	} else {
		newline(w);
		put_n(w, &c, 1);
	}
	w->need_comma = true;
}

void jsonw_obj_open(struct jsonw *w)
{
	nest_open(w, '{');
}

void jsonw_obj_close(struct jsonw *w)
{
	nest_close(w, '}');
}

void jsonw_arr_open(struct jsonw *w)
{
	nest_open(w, '[');
}

void jsonw_arr_close(struct jsonw *w)
{
	nest_close(w, ']');
}

void jsonw_kopen_n(struct jsonw *w, const char *key, size_t klen, char c)
{
	char *d;

	if (!w->after_key && KLEN(klen) <= FAST_MAX &&
	    room(w, sep_max(w) + key_max(klen) + 3, &d)) {
		d = key_into(w, d, key, klen);
		*d++ = c;
		commit(w, d);
		w->depth++;
		w->need_comma = false;
		return;
	}
	jsonw_key_n(w, key, klen);
	nest_open(w, c);
}

static void raw_value(struct jsonw *w, const char *text, size_t n)
{
	if (kraw_into(w, NULL, 0, text, n))
		return;
	before(w);
	put_n(w, text, n);
	w->need_comma = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	size_t n;

	if (!s) {
		jsonw_null(w);
		return;
	}
	n = strlen(s);
	if (kstr_into(w, NULL, 0, s, n))
		return;
	before(w);
	put_json_str(w, s, n);
	w->need_comma = true;
}

/*
 * The decimal digits of v (a '-' first when neg), as printf writes them,
 * ending at end; their start returned.
 */
static char *decimal(char *end, unsigned long long v, bool neg)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		*--end = '-';
	return end;
}

/* The magnitude of v, LLONG_MIN's too, without signed overflow. */
static unsigned long long magnitude(long long v)
{
	return v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
}

void jsonw_uint(struct jsonw *w, unsigned long long v)
{
	char d[24], *p = decimal(d + sizeof(d), v, false);

	raw_value(w, p, (size_t)(d + sizeof(d) - p));
}

void jsonw_int(struct jsonw *w, long long v)
{
	char d[24], *p = decimal(d + sizeof(d), magnitude(v), v < 0);

	raw_value(w, p, (size_t)(d + sizeof(d) - p));
}

void jsonw_num(struct jsonw *w, const char *text)
{
	raw_value(w, text, strlen(text));
}

void jsonw_bool(struct jsonw *w, bool v)
{
	raw_value(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
	raw_value(w, "null", 4);
}

void jsonw_kstrl_n(struct jsonw *w, const char *key, size_t klen, const char *s,
		   size_t slen)
{
	if (!s) {
		jsonw_kraw_n(w, key, klen, "null", 4);
		return;
	}
	if (kstr_into(w, key, klen, s, slen))
		return;
	jsonw_key_n(w, key, klen);
	before(w);
	put_json_str(w, s, slen);
	w->need_comma = true;
}

void jsonw_kstr_n(struct jsonw *w, const char *key, size_t klen, const char *s)
{
	size_t slen = s ? strlen(s) : 0;

	/* the common case here, without a call */
	if (s && kstr_into(w, key, klen, s, slen))
		return;
	jsonw_kstrl_n(w, key, klen, s, slen);
}

void jsonw_kraw_n(struct jsonw *w, const char *key, size_t klen,
		  const char *text, size_t tlen)
{
	if (kraw_into(w, key, klen, text, tlen))
		return;
	jsonw_key_n(w, key, klen);
	raw_value(w, text, tlen);
}

void jsonw_kuint_n(struct jsonw *w, const char *key, size_t klen,
		   unsigned long long v)
{
	char d[24], *p = decimal(d + sizeof(d), v, false);

	jsonw_kraw_n(w, key, klen, p, (size_t)(d + sizeof(d) - p));
}

void jsonw_kint_n(struct jsonw *w, const char *key, size_t klen, long long v)
{
	char d[24], *p = decimal(d + sizeof(d), magnitude(v), v < 0);

	jsonw_kraw_n(w, key, klen, p, (size_t)(d + sizeof(d) - p));
}

void jsonw_kstrv(struct jsonw *w, const char *key, const char *const *v)
{
	jsonw_karr_open(w, key);
	for (; v && *v; v++)
		jsonw_str(w, *v);
	jsonw_arr_close(w);
}

bool jsonw_memo_replay(struct jsonw *w, struct jsonw_memo *m, const void *key)
{
	if (!m->valid || m->key != key || w->after_key ||
	    m->depth != w->depth || m->need_comma != w->need_comma)
		return false;
	put_n(w, m->text, m->len);
	w->need_comma = m->end_need_comma;
	return true;
}

void jsonw_memo_begin(struct jsonw *w, struct jsonw_memo *m, const void *key)
{
	m->valid = false;
	m->key = key;
	m->depth = w->depth;
	m->need_comma = w->need_comma;
	m->start = sbuf_pos(w->out);
}

void jsonw_memo_end(struct jsonw *w, struct jsonw_memo *m)
{
	const struct sbuf *sb = w->out;
	size_t n;

	/* the run's bytes are all still in the buffer, none failed */
	if (w->err || w->after_key || m->start < sb->flushed ||
	    m->start > sbuf_pos(sb) || m->depth != w->depth)
		return;
	n = sbuf_pos(sb) - m->start;
	if (n + 1 > m->alloc) {
		m->alloc = n + 1;
		m->text = xrealloc(m->text, m->alloc);
	}
	memcpy(m->text, sb->buf + (m->start - sb->flushed), n);
	m->len = n;
	m->end_need_comma = w->need_comma;
	m->valid = true;
}

void jsonw_memo_forget(struct jsonw_memo *m)
{
	m->valid = false;
}

void jsonw_memo_release(struct jsonw_memo *m)
{
	free(m->text);
	memset(m, 0, sizeof(*m));
}

int jsonw_finish(struct jsonw *w)
{
	put(w, "\n");
	return w->err;
}

int jsonw_tree(struct sbuf *sb, const struct node *n)
{
	size_t i;
	int rc = 0;

	switch (n->type) {
	case NODE_NULL: return sbuf_adds(sb, "null");
	case NODE_BOOL: return sbuf_adds(sb, n->b ? "true" : "false");
	case NODE_NUMBER: return sbuf_add(sb, node_text(n), node_len(n));
	case NODE_STRING:
		return sbuf_add_json_str(sb, node_text(n), node_len(n));
	case NODE_ARRAY:
		rc |= sbuf_addch(sb, '[');
		for (i = 0; i < node_len(n) && !rc; i++) {
			if (i)
				rc |= sbuf_addch(sb, ',');
			rc |= jsonw_tree(sb, node_at(n, i));
		}
		return rc | sbuf_addch(sb, ']');
	case NODE_OBJECT:
		rc |= sbuf_addch(sb, '{');
		for (i = 0; i < node_len(n) && !rc; i++) {
			const struct node_member m = node_member_i(n, i);
			if (i)
				rc |= sbuf_addch(sb, ',');
			rc |= sbuf_add_json_str(sb, m.key, node_key_len(m.key));
			rc |= sbuf_addch(sb, ':');
			rc |= jsonw_tree(sb, m.val);
		}
		return rc | sbuf_addch(sb, '}');
	}
	return -1;
}
