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
	const size_t room = sizeof(nl) - 2; /* spaces in nl */
	size_t want = 2 * (size_t)w->depth;
	size_t n = want < room ? want : room;

	put_n(w, nl, n + 1);
	for (want -= n; !w->err && want; want -= n) {
		n = want < room ? want : room;
		put_n(w, nl + 1, n);
	}
}

static void put_json_str(struct jsonw *w, const char *s)
{
	if (!w->err && sbuf_add_json_str(w->out, s, strlen(s)))
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

static bool kstr_into(struct jsonw *w, const char *key, const char *s);

void jsonw_key(struct jsonw *w, const char *key)
{
	if (kstr_into(w, key, NULL)) {
		w->after_key = true;
		return;
	}
	before(w);
	put_json_str(w, key);
	put(w, ": ");
	w->after_key = true;
}

static void nest_open(struct jsonw *w, char c)
{
	before(w);
	put_n(w, &c, 1);
	w->depth++;
	w->need_comma = false;
}

static void nest_close(struct jsonw *w, char c)
{
	w->depth--;
	if (w->need_comma)
		newline(w);
	put_n(w, &c, 1);
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

void jsonw_kobj_open(struct jsonw *w, const char *key)
{
	jsonw_key(w, key);
	jsonw_obj_open(w);
}

void jsonw_karr_open(struct jsonw *w, const char *key)
{
	jsonw_key(w, key);
	jsonw_arr_open(w);
}

static void raw_value(struct jsonw *w, const char *text)
{
	before(w);
	put_n(w, text, strlen(text));
	w->need_comma = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	before(w);
	put_json_str(w, s);
	w->need_comma = true;
}

/* The decimal digits of v (a '-' first when neg), as printf writes them. */
static void put_decimal(struct jsonw *w, unsigned long long v, bool neg)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		d[--i] = '-';
	put_n(w, d + i, sizeof(d) - i);
}

void jsonw_uint(struct jsonw *w, unsigned long long v)
{
	before(w);
	put_decimal(w, v, false);
	w->need_comma = true;
}

void jsonw_int(struct jsonw *w, long long v)
{
	before(w);
	/* the magnitude, LLONG_MIN's too, without signed overflow */
	put_decimal(
	    w, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
	    v < 0);
	w->need_comma = true;
}

void jsonw_num(struct jsonw *w, const char *text)
{
	raw_value(w, text);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	raw_value(w, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
	raw_value(w, "null");
}

/*
 * The separator, indentation, key and string value (s NULL: none) of
 * jsonw_kstr() written straight into the buffer when they fit it whatever
 * their escapes: the same bytes as the calls one by one.  False when they
 * may not fit.
 */
static bool kstr_into(struct jsonw *w, const char *key, const char *s)
{
	struct sbuf *sb = w->out;
	size_t kl = strlen(key), sl = s ? strlen(s) : 0;
	size_t ind = 2 * (size_t)w->depth;
	const size_t lim = ((size_t)-1 - 64) / 16;
	char *d;

	if (w->err || w->after_key || kl > lim || sl > lim || ind > lim ||
	    !sbuf_fits_(sb, 2 + ind + 6 * kl + 2 + 2 + 6 * sl + 2))
		return false;
	d = sb->buf + sb->len;
	if (w->need_comma)
		*d++ = ',';
	if (w->depth) {
		*d++ = '\n';
		memset(d, ' ', ind);
		d += ind;
	}
	d = sbuf_json_str_into(d, key, kl);
	*d++ = ':';
	*d++ = ' ';
	if (s) {
		d = sbuf_json_str_into(d, s, sl);
		w->need_comma = true;
	}
	sb->len = (size_t)(d - sb->buf);
	sb->buf[sb->len] = '\0';
	return true;
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	if (s && kstr_into(w, key, s))
		return;
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

void jsonw_kint(struct jsonw *w, const char *key, long long v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void jsonw_knum(struct jsonw *w, const char *key, const char *text)
{
	jsonw_key(w, key);
	jsonw_num(w, text);
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
			const struct node_member *m = &node_members(n)[i];
			if (i)
				rc |= sbuf_addch(sb, ',');
			rc |=
			    sbuf_add_json_str(sb, m->key, node_key_len(m->key));
			rc |= sbuf_addch(sb, ':');
			rc |= jsonw_tree(sb, m->val);
		}
		return rc | sbuf_addch(sb, '}');
	}
	return -1;
}
