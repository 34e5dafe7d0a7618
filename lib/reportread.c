/*
 * reportread.c - a JSON report read in pieces into a pruned tree (see
 * reportread.h).
 *
 * A recursive descent over a 64 KiB window of the file.  Keys are decoded
 * into a stack (one run per open object) for the duplicate check and for
 * matching the paths; a string value is decoded only when it is kept.
 */
#include "reportread.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "node.h"

/* Below the loader's limits (load_limits_default), so never past them. */
#define RR_MAX_DEPTH  200
#define RR_MAX_SCALAR (8u << 20)
#define RR_MAX_SEGS   8
#define RR_WINDOW     65536
/* Items built in one scratch arena before it is released. */
#define RR_ITEMS_PER_ARENA 1024
/* 0x0101...01: a byte repeated in a word */
#define ONES 0x0101010101010101ull

struct rr_seg {
	const char *s;
	size_t len;
};

struct rr_path {
	struct rr_seg seg[RR_MAX_SEGS];
	unsigned nseg;
};

struct rr_ent {
	const char *key; /* interned in the arena of the object */
	struct node *val;
};

struct rr {
	int fd;
	size_t cap, total;
	char *buf;
	size_t pos, len;
	int end; /* 0, or what refill() returns from now on: -1 or -2 */

	const struct rr_spec *spec;
	struct rr_path path[64];
	size_t npath;

	struct arena *a;       /* the tree's arena */
	struct arena *scratch; /* items are built here, or NULL */
	bool in_item;
	size_t nitems;

	/* decoded keys of the open objects: [len][hash][bytes] runs */
	char *keys;
	size_t klen, kalloc;
	/* members kept of the open objects and arrays */
	struct rr_ent *ent;
	size_t nent, aent;
	/* a string value being decoded */
	char *str;
	size_t slen, salloc;
};

struct rr_key {
	uint32_t len, hash;
};

/* Bytes read at a time (rr_window_set()). */
static size_t rr_window = RR_WINDOW;

void rr_window_set(size_t n)
{
	rr_window = n ? n : RR_WINDOW;
}

static int refill(struct rr *r)
{
	ssize_t n;

	if (r->end)
		return r->end;
	do
		n = read(r->fd, r->buf, rr_window);
	while (n < 0 && errno == EINTR);
	if (n <= 0 || (size_t)n > r->cap - r->total) {
		/* an error stays one: a number that peeked at it must
		 * not take the -1 after it for the end of the text */
		r->end = n ? -2 : -1;
		r->len = r->pos = 0;
		return r->end;
	}
	r->total += (size_t)n;
	r->len = (size_t)n;
	r->pos = 0;
	return 0;
}

/* The next byte, -1 at the end, -2 on a read error or past the cap. */
static inline int next(struct rr *r)
{
	if (r->pos == r->len) {
		int rc = refill(r);

		if (rc)
			return rc;
	}
	return (unsigned char)r->buf[r->pos++];
}

static inline int peek(struct rr *r)
{
	if (r->pos == r->len) {
		int rc = refill(r);

		if (rc)
			return rc;
	}
	return (unsigned char)r->buf[r->pos];
}

/* The next byte after white space (consumed). */
static int next_nonws(struct rr *r)
{
	int rc;

	for (;;) {
		while (r->pos < r->len) {
			int c = (unsigned char)r->buf[r->pos++];
			uint64_t w;

			if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
				return c;
			/* indentation: 8 spaces a step */
			while (
			    r->pos + 8 <= r->len &&
			    (memcpy(&w, r->buf + r->pos, 8), w == ONES * 0x20))
				r->pos += 8;
		}
		if ((rc = refill(r)))
			return rc;
	}
}

static inline int put(char **p, size_t *len, size_t *alloc, const char *s,
		      size_t n)
{
	if (*len + n > RR_MAX_SCALAR + 16)
		return -1;
	if (*len + n > *alloc) {
		size_t na = *alloc ? *alloc : 256;

		while (na < *len + n)
			na *= 2;
		*p = xrealloc(*p, na);
		*alloc = na;
	}
	memcpy(*p + *len, s, n);
	*len += n;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 4 hex digits after "\u"; -1 when bad. */
static long hex4(struct rr *r)
{
	long v = 0;
	int k;

	for (k = 0; k < 4; k++) {
		int h = hexval(next(r));

		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/*
 * The rest of a string after its opening quote, decoded into *p (from
 * *len on) when p is not NULL.  0, or -1 when it is not one the loader
 * takes as it is; past RR_MAX_SCALAR bytes decoded (the loader's limit:
 * an escape is 1 to 4 of them), kept or not.
 */
static int string(struct rr *r, char **p, size_t *len, size_t *alloc)
{
	size_t dec = 0;

	for (;;) {
		size_t i = r->pos, run;
		int c;

		/* a run of plain ASCII within the window, 8 bytes a step */
		while (i + 8 <= r->len) {
			uint64_t w;

			memcpy(&w, r->buf + i, 8);
			if (((w - ONES * 0x20) | w |
			     ((w ^ ONES * 0x22) - ONES) |
			     ((w ^ ONES * 0x5c) - ONES)) &
			    ONES * 0x80)
				break;
			i += 8;
		}
		while (i < r->len) {
			unsigned char b = (unsigned char)r->buf[i];

			if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
				break;
			i++;
		}
		run = i - r->pos;
		if (run) {
			if ((dec += run) > RR_MAX_SCALAR)
				return -1;
			if (p && put(p, len, alloc, r->buf + r->pos, run))
				return -1;
			r->pos = i;
		}
		if (r->pos == r->len) {
			if (refill(r))
				return -1;
			continue;
		}
		c = (unsigned char)r->buf[r->pos++];
		if (c < 0x20)
			return -1;
		if (c == '"')
			return 0;
		if (c == '\\') {
			char out[4];
			size_t n = 1;
			long cp;

			switch ((c = next(r))) {
			case '"':
			case '\\':
			case '/': out[0] = (char)c; break;
			case 'b': out[0] = '\b'; break;
			case 'f': out[0] = '\f'; break;
			case 'n': out[0] = '\n'; break;
			case 'r': out[0] = '\r'; break;
			case 't': out[0] = '\t'; break;
			case 'u':
				if ((cp = hex4(r)) <= 0 ||
				    (cp >= 0xdc00 && cp <= 0xdfff))
					return -1;
				if (cp >= 0xd800 && cp <= 0xdbff) {
					int bs = next(r), u = next(r);
					long lo;

					if (bs != '\\' || u != 'u')
						return -1;
					lo = hex4(r);
					if (lo < 0xdc00 || lo > 0xdfff)
						return -1;
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
				}
				if (cp < 0x80) {
					out[0] = (char)cp;
				} else if (cp < 0x800) {
					out[0] = (char)(0xc0 | cp >> 6);
					out[1] = (char)(0x80 | (cp & 0x3f));
					n = 2;
				} else if (cp < 0x10000) {
					out[0] = (char)(0xe0 | cp >> 12);
					out[1] =
					    (char)(0x80 | (cp >> 6 & 0x3f));
					out[2] = (char)(0x80 | (cp & 0x3f));
					n = 3;
				} else {
					out[0] = (char)(0xf0 | cp >> 18);
					out[1] =
					    (char)(0x80 | (cp >> 12 & 0x3f));
					out[2] =
					    (char)(0x80 | (cp >> 6 & 0x3f));
					out[3] = (char)(0x80 | (cp & 0x3f));
					n = 4;
				}
				break;
			default: return -1;
			}
			if ((dec += n) > RR_MAX_SCALAR ||
			    (p && put(p, len, alloc, out, n)))
				return -1;
			continue;
		}
		/* a UTF-8 character of 2 to 4 bytes, well formed */
		{
			unsigned char u[4];
			unsigned need, k;
			unsigned long v, min;

			u[0] = (unsigned char)c;
			if (c >= 0xc2 && c <= 0xdf)
				need = 1, min = 0x80, v = (unsigned)c & 0x1f;
			else if (c >= 0xe0 && c <= 0xef)
				need = 2, min = 0x800, v = (unsigned)c & 0x0f;
			else if (c >= 0xf0 && c <= 0xf4)
				need = 3, min = 0x10000, v = (unsigned)c & 0x07;
			else
				return -1;
			for (k = 1; k <= need; k++) {
				int cc = next(r);

				if (cc < 0 || (cc & 0xc0) != 0x80)
					return -1;
				u[k] = (unsigned char)cc;
				v = v << 6 | ((unsigned)cc & 0x3f);
			}
			if (v < min || v > 0x10ffff ||
			    (v >= 0xd800 && v <= 0xdfff))
				return -1;
			if ((dec += need + 1) > RR_MAX_SCALAR ||
			    (p &&
			     put(p, len, alloc, (const char *)u, need + 1)))
				return -1;
		}
	}
}

static uint32_t hash_of(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/*
 * Decode a key into the key stack after the keys of its object (from
 * base on, nkeys of them); fails on a duplicate.  *key gets its text.
 */
static int key(struct rr *r, size_t base, unsigned nkeys, const char **k,
	       size_t *klen)
{
	struct rr_key h;
	size_t at = r->klen, off, i;

	memset(&h, 0, sizeof(h));
	if (put(&r->keys, &r->klen, &r->kalloc, (const char *)&h, sizeof(h)) ||
	    string(r, &r->keys, &r->klen, &r->kalloc))
		return -1;
	h.len = (uint32_t)(r->klen - at - sizeof(h));
	h.hash = hash_of(r->keys + at + sizeof(h), h.len);
	if (h.len == 2 && !memcmp(r->keys + at + sizeof(h), "<<", 2))
		return -1;
	memcpy(r->keys + at, &h, sizeof(h));
	for (off = base, i = 0; i < nkeys; i++) {
		struct rr_key o;

		memcpy(&o, r->keys + off, sizeof(o));
		if (o.hash == h.hash && o.len == h.len &&
		    !memcmp(r->keys + off + sizeof(o), r->keys + at + sizeof(h),
			    h.len))
			return -1;
		off += sizeof(o) + o.len;
	}
	*k = r->keys + at + sizeof(h);
	*klen = h.len;
	return 0;
}

/* Paths of mask whose segment depth is s (len bytes). */
static uint64_t step(const struct rr *r, uint64_t mask, unsigned depth,
		     const char *s, size_t len)
{
	uint64_t out = 0;
	size_t i;

	for (i = 0; mask && i < r->npath; i++) {
		const struct rr_path *p = &r->path[i];

		if (!(mask & (uint64_t)1 << i) || p->nseg <= depth)
			continue;
		if (p->seg[depth].len == len &&
		    !memcmp(p->seg[depth].s, s, len))
			out |= (uint64_t)1 << i;
	}
	return out;
}

static struct arena *cur_arena(struct rr *r)
{
	return r->in_item ? r->scratch : r->a;
}

static void push_ent(struct rr *r, const char *k, struct node *v)
{
	if (r->nent == r->aent) {
		r->aent = r->aent ? 2 * r->aent : 64;
		r->ent = xrealloc_array(r->ent, r->aent, sizeof(*r->ent));
	}
	r->ent[r->nent].key = k;
	r->ent[r->nent++].val = v;
}

static int value(struct rr *r, int c, uint64_t mask, unsigned depth, bool keep,
		 bool items, struct node **out);

static int object(struct rr *r, uint64_t mask, unsigned depth, bool keep,
		  struct node **out)
{
	size_t kbase = r->klen, ebase = r->nent, i;
	unsigned nkeys = 0;
	int c = next_nonws(r);

	if (c != '}') {
		for (;;) {
			const char *k;
			size_t klen;
			uint64_t m;
			struct node *v = NULL;
			bool items;

			if (c != '"' || ++nkeys > RR_MAX_KEYS ||
			    key(r, kbase, nkeys - 1, &k, &klen) ||
			    next_nonws(r) != ':')
				return -1;
			m = keep ? step(r, mask, depth, k, klen) : 0;
			items = depth == 0 && r->spec->items &&
				strlen(r->spec->items) == klen &&
				!memcmp(r->spec->items, k, klen);
			if (value(r, next_nonws(r), m, depth + 1, m != 0, items,
				  &v))
				return -1;
			if (v) {
				/* the key again: the stack may have moved */
				k = r->keys + r->klen - klen;
				push_ent(r, node_intern(cur_arena(r), k, klen),
					 v);
			}
			if ((c = next_nonws(r)) == '}')
				break;
			if (c != ',' || (c = next_nonws(r)) < 0)
				return -1;
		}
	}
	r->klen = kbase;
	if (keep) {
		struct node *o =
		    node_new_object(cur_arena(r), 0, 0, r->nent - ebase);

		for (i = ebase; i < r->nent; i++)
			node_add(o, r->ent[i].key, r->ent[i].val);
		*out = o;
	}
	r->nent = ebase;
	return 0;
}

/* An item of the items array: built aside, handed over, forgotten. */
static int item(struct rr *r, int c, uint64_t mask, unsigned depth)
{
	struct node *v = NULL;
	int rc;

	if (!r->scratch)
		r->scratch = arena_new_small();
	r->in_item = true;
	rc = value(r, c, mask, depth, mask != 0, false, &v);
	r->in_item = false;
	if (!rc && v && r->spec->on_item(r->spec->ctx, v))
		rc = -1;
	if (++r->nitems % RR_ITEMS_PER_ARENA == 0) {
		arena_free(r->scratch);
		r->scratch = NULL;
	}
	return rc;
}

static int array(struct rr *r, uint64_t mask, unsigned depth, bool keep,
		 bool items, struct node **out)
{
	size_t ebase = r->nent, i;
	uint64_t m = keep ? step(r, mask, depth, "[]", 2) : 0;
	int c = next_nonws(r);

	items = items && keep && r->spec->on_item;
	if (c != ']') {
		for (;;) {
			struct node *v = NULL;

			if (items) {
				if (item(r, c, m, depth + 1))
					return -1;
			} else {
				if (value(r, c, m, depth + 1, m != 0, false,
					  &v))
					return -1;
				if (v)
					push_ent(r, NULL, v);
			}
			if ((c = next_nonws(r)) == ']')
				break;
			if (c != ',' || (c = next_nonws(r)) < 0)
				return -1;
		}
	}
	if (keep) {
		struct node *a =
		    node_new_array(cur_arena(r), 0, 0, r->nent - ebase);

		for (i = ebase; i < r->nent; i++)
			node_push(a, r->ent[i].val);
		*out = a;
	}
	r->nent = ebase;
	return 0;
}

static int literal(struct rr *r, const char *rest)
{
	for (; *rest; rest++)
		if (next(r) != *rest)
			return -1;
	return 0;
}

static bool delim(int c)
{
	return c < 0 || c == ',' || c == '}' || c == ']' || c == ' ' ||
	       c == '\t' || c == '\r' || c == '\n';
}

/*
 * A number from its first byte c, as written, into r->str when kept; -1
 * past RR_MAX_SCALAR bytes (the loader's limit), kept or not.
 */
static int number(struct rr *r, int c, bool keep)
{
	size_t n = 0;
	char ch;
	int d;

	r->slen = 0;
#define RR_TAKE(x)                                                             \
	do {                                                                   \
		ch = (char)(x);                                                \
		if (++n > RR_MAX_SCALAR ||                                     \
		    (keep && put(&r->str, &r->slen, &r->salloc, &ch, 1)))      \
			return -1;                                             \
	} while (0)
	if (c == '-') {
		RR_TAKE(c);
		c = next(r);
	}
	if (c == '0') {
		RR_TAKE(c);
	} else if (c >= '1' && c <= '9') {
		RR_TAKE(c);
		while ((d = peek(r)) >= '0' && d <= '9')
			RR_TAKE(next(r));
	} else {
		return -1;
	}
	if (peek(r) == '.') {
		RR_TAKE(next(r));
		if ((d = peek(r)) < '0' || d > '9')
			return -1;
		while ((d = peek(r)) >= '0' && d <= '9')
			RR_TAKE(next(r));
	}
	if ((d = peek(r)) == 'e' || d == 'E') {
		RR_TAKE(next(r));
		if ((d = peek(r)) == '+' || d == '-')
			RR_TAKE(next(r));
		if ((d = peek(r)) < '0' || d > '9')
			return -1;
		while ((d = peek(r)) >= '0' && d <= '9')
			RR_TAKE(next(r));
	}
#undef RR_TAKE
	d = peek(r);
	return d == -2 || !delim(d) ? -1 : 0;
}

static int value(struct rr *r, int c, uint64_t mask, unsigned depth, bool keep,
		 bool items, struct node **out)
{
	struct node *n = NULL;
	int d;

	*out = NULL;
	switch (c) {
	case '{':
		if (depth >= RR_MAX_DEPTH)
			return -1;
		return object(r, mask, depth, keep, out);
	case '[':
		if (depth >= RR_MAX_DEPTH)
			return -1;
		return array(r, mask, depth, keep, items, out);
	case '"':
		r->slen = 0;
		if (string(r, keep ? &r->str : NULL, &r->slen, &r->salloc))
			return -1;
		if (keep) {
			/* r->str is NULL until a kept text had a byte */
			const char *s = r->slen ? r->str : "";

			if (memchr(s, '\0', r->slen))
				return -1;
			n = node_new_str(cur_arena(r), NODE_STRING, s, r->slen,
					 0, 0);
		}
		break;
	case 't':
	case 'f':
		if (literal(r, c == 't' ? "rue" : "alse"))
			return -1;
		if (keep) {
			n = node_new(cur_arena(r), NODE_BOOL, 0, 0);
			n->b = c == 't';
		}
		break;
	case 'n':
		if (literal(r, "ull"))
			return -1;
		if (keep)
			n = node_new(cur_arena(r), NODE_NULL, 0, 0);
		break;
	default:
		if (number(r, c, keep))
			return -1;
		if (keep)
			n = node_new_str(cur_arena(r), NODE_NUMBER, r->str,
					 r->slen, 0, 0);
		*out = n;
		return 0;
	}
	/* a literal or string ends at a delimiter */
	d = peek(r);
	if (d == -2 || !delim(d))
		return -1;
	*out = n;
	return 0;
}

static int parse_paths(struct rr *r, const struct rr_spec *spec)
{
	size_t i;

	if (spec->npaths > 64)
		return -1;
	for (i = 0; i < spec->npaths; i++) {
		struct rr_path *p = &r->path[i];
		const char *s = spec->paths[i];

		p->nseg = 0;
		while (*s) {
			size_t n = strcspn(s, ".[");

			if (p->nseg + 2 > RR_MAX_SEGS)
				return -1;
			if (n)
				p->seg[p->nseg++] = (struct rr_seg){ s, n };
			s += n;
			if (!strncmp(s, "[]", 2)) {
				p->seg[p->nseg++] = (struct rr_seg){ "[]", 2 };
				s += 2;
			}
			if (*s == '.')
				s++;
			else if (*s && n == 0 && s[-1] != ']')
				return -1;
		}
	}
	r->npath = spec->npaths;
	return 0;
}

int rr_read(int fd, size_t cap, struct arena *a, const struct rr_spec *spec,
	    struct node **root)
{
	struct rr r;
	int rc = -1, c;

	memset(&r, 0, sizeof(r));
	r.fd = fd;
	r.cap = cap;
	r.a = a;
	r.spec = spec;
	*root = NULL;
	if (parse_paths(&r, spec))
		return -1;
	r.buf = xmalloc(rr_window);
	if ((c = next_nonws(&r)) == '{' &&
	    !value(&r, c,
		   spec->npaths >= 64 ? UINT64_MAX
				      : ((uint64_t)1 << spec->npaths) - 1,
		   0, true, false, root) &&
	    next_nonws(&r) == -1)
		rc = 0;
	if (r.scratch)
		arena_free(r.scratch);
	free(r.buf);
	free(r.keys);
	free(r.ent);
	free(r.str);
	if (rc)
		*root = NULL;
	return rc;
}
