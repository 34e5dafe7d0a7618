#include "node.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

/* An interned key: node_member.key points at s. */
struct node_key {
	unsigned len, hash;
	char s[];
};

#define KEY_REC(k) ((const struct node_key *)((k)-offsetof(struct node_key, s)))
/*
 * struct node's bits: the mark, whether the header is wide, whether a text
 * is interned; then in a narrow header the column (11 bits) and the length
 * (14 bits), in a wide one the index's flags (the column and the length
 * follow the header in struct node_wide).
 */
#define B_MARK	    0x1u
#define B_WIDE	    0x2u
#define B_SHARED    0x4u /* a string's or number's */
#define B_SHAPED    0x4u /* an object's: see struct node_shape */
#define COL_SHIFT   3
#define COL_MAX	    0x7ffu
#define LEN_SHIFT   14
#define LEN_MAX	    0x3fffu
#define FLAGS_SHIFT 3
#define F_INDEX	    0x80
#define F_IX8	    0x20 /* the index holds bytes (fewer than 255 members) */
#define F_BITS	    0x1f

struct node_wide {
	unsigned col, len;
};

/*
 * The keys of an object, in order, kept once per arena for every object
 * with the same keys in the same order (node_new_object_keys()): such an
 * object (B_SHAPED) holds a pointer to its shape and then its values, 8
 * bytes a member instead of the 16 of a key and a value.  A shape of more
 * than NODE_INDEX_MIN keys carries the index its objects share (slot i
 * holds a key's number + 1, a byte each: shapes stop at SHAPE_MAX keys).
 * A member taken out (node_remove()) leaves a NULL value: the object's
 * length counts the values left.
 */
struct node_shape {
	unsigned n, flags; /* flags: F_INDEX, F_BITS, as an object's */
	const char *keys[];
};

#define SHAPE_MAX 254

_Static_assert(sizeof(struct node) == 8, "a narrow header is 8 bytes");
_Static_assert(sizeof(struct node_wide) == 8, "a wide one 8 more");

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static struct node_wide *wide(const struct node *n)
{
	return (struct node_wide *)(void *)(uintptr_t)(n + 1);
}

static void *payload(const struct node *n)
{
	return (char *)(uintptr_t)(n + 1) +
	       (n->bits & B_WIDE ? sizeof(struct node_wide) : 0);
}

static unsigned len_of(const struct node *n)
{
	return n->bits & B_WIDE ? wide(n)->len : n->bits >> LEN_SHIFT;
}

static void set_len(struct node *n, unsigned len)
{
	if (n->bits & B_WIDE)
		wide(n)->len = len;
	else
		n->bits =
		    (n->bits & ~(LEN_MAX << LEN_SHIFT)) | len << LEN_SHIFT;
}

/* The index's flags (F_*): only a wide header has them. */
static unsigned flags_of(const struct node *n)
{
	return n->bits & B_WIDE ? (n->bits >> FLAGS_SHIFT) & 0xffu : 0;
}

static struct node_member *members(const struct node *n)
{
	return payload(n);
}

static bool shaped(const struct node *obj)
{
	return obj->bits & B_SHAPED;
}

static const struct node_shape *shape_of(const struct node *obj)
{
	return *(const struct node_shape *const *)payload(obj);
}

static struct node **values(const struct node *obj)
{
	return (struct node **)payload(obj) + 1;
}

static const uint8_t *shape_index(const struct node_shape *sh)
{
	return (const uint8_t *)&sh->keys[sh->n];
}

/*
 * Member i of an object: its key and value, in either layout (i below
 * its length).  A shaped object with members taken out skips their
 * places.
 */
static void member(const struct node *obj, size_t i, const char **key,
		   struct node **val)
{
	const struct node_shape *sh;
	struct node **v;
	size_t j;

	if (!shaped(obj)) {
		*key = members(obj)[i].key;
		*val = members(obj)[i].val;
		return;
	}
	sh = shape_of(obj);
	v = values(obj);
	if (len_of(obj) == sh->n) {
		j = i;
	} else {
		for (j = 0; !v[j] || i--; j++)
			;
	}
	*key = sh->keys[j];
	*val = v[j];
}

static struct node **items(const struct node *n)
{
	return payload(n);
}

/* A string's or number's text: in the node, or interned. */
static const char *text(const struct node *n)
{
	return n->bits & B_SHARED ? *(const char *const *)payload(n)
				  : (const char *)payload(n);
}

unsigned node_col(const struct node *n)
{
	if (!n)
		return 0;
	return n->bits & B_WIDE ? wide(n)->col
				: (n->bits >> COL_SHIFT) & COL_MAX;
}

/* Bytes of an index of 1 << bits slots of width bytes, before the node. */
static size_t index_bytes(unsigned bits, size_t width)
{
	return round8(((size_t)1 << bits) * width);
}

/* The index: slot i holds a member number + 1, or 0 when free. */
static void *index_of(const struct node *n)
{
	unsigned f = flags_of(n);

	return (char *)n -
	       index_bytes(f & F_BITS, f & F_IX8 ? 1 : sizeof(uint32_t));
}

/*
 * A node of type t at line:col with extra bytes of payload, pre bytes of
 * index before it, room for a length up to max and index flags f.
 */
static struct node *alloc_node(struct arena *a, size_t pre, size_t extra,
			       enum node_type t, unsigned line, unsigned col,
			       size_t max, unsigned f)
{
	bool w = col > COL_MAX || max > LEN_MAX || f;
	size_t head = sizeof(struct node) + (w ? sizeof(struct node_wide) : 0);
	struct node *n;

	if (extra > SIZE_MAX - head - pre)
		oom();
	n = (struct node *)(void *)((char *)arena_alloc8(a,
							 pre + head + extra) +
				    pre);
	n->type = (unsigned)t & 7u;
	n->b = 0;
	n->line = line;
	if (w) {
		n->bits = B_WIDE | f << FLAGS_SHIFT;
		wide(n)->col = col;
		wide(n)->len = 0;
	} else {
		n->bits = col << COL_SHIFT;
	}
	return n;
}

struct node *node_new(struct arena *a, enum node_type t, unsigned line,
		      unsigned col)
{
	/* a string or number made here is "" */
	return alloc_node(a, 0, t == NODE_STRING || t == NODE_NUMBER ? 1 : 0, t,
			  line, col, 0, 0);
}

struct node *node_new_str(struct arena *a, enum node_type t, const char *s,
			  size_t len, unsigned line, unsigned col)
{
	struct node *n;
	char *text;

	if (len >= UINT_MAX)
		oom();
	n = alloc_node(a, 0, len + 1, t, line, col, len, 0);
	text = payload(n);
	if (len)
		memcpy(text, s, len);
	text[len] = '\0';
	set_len(n, (unsigned)len);
	return n;
}

struct node *node_new_shared_str(struct arena *a, enum node_type t,
				 const char *s, size_t len, unsigned line,
				 unsigned col)
{
	return node_new_shared_str_in(a, a, t, s, len, line, col);
}

struct node *node_new_shared_str_in(struct arena *a, struct arena *text,
				    enum node_type t, const char *s, size_t len,
				    unsigned line, unsigned col)
{
	struct node *n;

	/* below a pointer's size the text takes no more than the pointer */
	if (len < sizeof(const char *))
		return node_new_str(a, t, s, len, line, col);
	if (len >= UINT_MAX)
		oom();
	n = alloc_node(a, 0, sizeof(const char *), t, line, col, len, 0);
	*(const char **)payload(n) = node_intern(text, s, len);
	n->bits |= B_SHARED;
	set_len(n, (unsigned)len);
	return n;
}

bool node_text_is_shared(const struct node *n)
{
	return n && (n->type == NODE_STRING || n->type == NODE_NUMBER) &&
	       (n->bits & B_SHARED);
}

void node_hollow(struct node *n)
{
	unsigned f;

	if (n->type != NODE_ARRAY && n->type != NODE_OBJECT)
		return;
	if (n->type == NODE_OBJECT && shaped(n)) {
		memset(values(n), 0, shape_of(n)->n * sizeof(struct node *));
		set_len(n, 0);
		return;
	}
	f = flags_of(n);
	if (f & F_INDEX)
		memset(index_of(n), 0,
		       ((size_t)1 << (f & F_BITS)) *
			   (f & F_IX8 ? 1 : sizeof(uint32_t)));
	set_len(n, 0);
}

void node_set_transient(struct node *n)
{
	n->bits |= B_MARK;
}

bool node_is_transient(const struct node *n)
{
	return n && (n->bits & B_MARK);
}

/*
 * where key stands among the members of obj (an object): their count if
 * not; in a shaped object, its place in the shape, whose count it is if
 * not or if that member was taken out
 */
static unsigned member_index(const struct node *obj, const char *key)
{
	size_t len = strlen(key);
	unsigned i, n;

	if (shaped(obj)) {
		const struct node_shape *sh = shape_of(obj);

		for (i = 0; i < sh->n && (KEY_REC(sh->keys[i])->len != len ||
					  memcmp(sh->keys[i], key, len) != 0);
		     i++)
			;
		return i < sh->n && values(obj)[i] ? i : sh->n;
	}
	n = len_of(obj);
	for (i = 0; i < n && (KEY_REC(members(obj)[i].key)->len != len ||
			      memcmp(members(obj)[i].key, key, len) != 0);
	     i++)
		;
	return i;
}

bool node_remove(struct node *obj, const char *key)
{
	struct node_member *m;
	unsigned i, n;

	if (!obj || obj->type != NODE_OBJECT)
		return false;
	i = member_index(obj, key);
	if (shaped(obj)) {
		if (i == shape_of(obj)->n)
			return false;
		values(obj)[i] = NULL;
		set_len(obj, len_of(obj) - 1);
		return true;
	}
	m = members(obj);
	n = len_of(obj);
	if (i == n)
		return false;
	memmove(&m[i], &m[i + 1], (size_t)(n - i - 1) * sizeof(*m));
	/* the index numbers members: build it again from the rest */
	node_hollow(obj);
	n--;
	for (i = 0; i < n; i++)
		node_add(obj, m[i].key, m[i].val);
	return true;
}

size_t node_remove_transient(struct node *obj)
{
	struct node_member *m;
	unsigned i, k, n;

	if (!obj || obj->type != NODE_OBJECT)
		return 0;
	if (shaped(obj)) {
		struct node **v = values(obj);

		for (i = k = 0; i < shape_of(obj)->n; i++)
			if (v[i] && (v[i]->bits & B_MARK)) {
				v[i] = NULL;
				k++;
			}
		set_len(obj, len_of(obj) - k);
		return k;
	}
	m = members(obj);
	n = len_of(obj);
	for (i = k = 0; i < n; i++)
		if (!(m[i].val->bits & B_MARK))
			m[k++] = m[i];
	if (k == n)
		return 0;
	if (!(flags_of(obj) & F_INDEX)) {
		set_len(obj, k);
		return n - k;
	}
	/* the index numbers members: build it again from the rest */
	node_hollow(obj);
	for (i = 0; i < k; i++)
		node_add(obj, m[i].key, m[i].val);
	return n - k;
}

bool node_replace(struct node *obj, const char *key, const struct node *val)
{
	unsigned i;

	if (!obj || obj->type != NODE_OBJECT)
		return false;
	i = member_index(obj, key);
	if (shaped(obj)) {
		if (i == shape_of(obj)->n)
			return false;
		values(obj)[i] = (struct node *)val;
		return true;
	}
	if (i == len_of(obj))
		return false;
	members(obj)[i].val = (struct node *)val;
	return true;
}

void node_wipe_text(struct node *n)
{
	if ((n->type == NODE_STRING || n->type == NODE_NUMBER) &&
	    !(n->bits & B_SHARED))
		memset(payload(n), 0, len_of(n));
}

/* What alloc_node() takes of its arena for the same arguments. */
static size_t alloc_bytes(size_t pre, size_t extra, size_t max, unsigned f)
{
	bool w = max > LEN_MAX || f;

	return round8(pre + sizeof(struct node) +
		      (w ? sizeof(struct node_wide) : 0) + extra);
}

size_t node_copy_bytes(const struct node *n)
{
	size_t i, len, sum = 0;
	unsigned bits = 0;

	if (!n)
		return 0;
	len = len_of(n);
	switch (n->type) {
	case NODE_NULL:
	case NODE_BOOL: return alloc_bytes(0, 0, 0, 0);
	case NODE_NUMBER:
	case NODE_STRING:
		if ((n->bits & B_SHARED) && len >= sizeof(const char *))
			return alloc_bytes(0, sizeof(const char *), len, 0);
		return alloc_bytes(0, len + 1, len, 0);
	case NODE_ARRAY:
		for (i = 0; i < len; i++)
			sum += node_copy_bytes(items(n)[i]);
		return sum +
		       alloc_bytes(0, len * sizeof(struct node *), len, 0);
	case NODE_OBJECT: break;
	}
	for (i = 0; i < len; i++) {
		const char *k;
		struct node *v;

		member(n, i, &k, &v);
		sum += node_copy_bytes(v);
	}
	/* made whole: a shape's pointer and the values (the shape elsewhere) */
	if (len && len <= SHAPE_MAX)
		return sum + alloc_bytes(0, (len + 1) * sizeof(struct node *),
					 len, 0);
	if (len <= NODE_INDEX_MIN)
		return sum +
		       alloc_bytes(0, len * sizeof(struct node_member), len, 0);
	while (((size_t)1 << bits) < 2 * len)
		bits++;
	return sum +
	       alloc_bytes(
		   index_bytes(bits, len < UINT8_MAX ? 1 : sizeof(uint32_t)),
		   len * sizeof(struct node_member), len, F_INDEX);
}

struct node *node_new_array(struct arena *a, unsigned line, unsigned col,
			    size_t cap)
{
	if (cap >= UINT_MAX / sizeof(struct node *))
		oom();
	return alloc_node(a, 0, cap * sizeof(struct node *), NODE_ARRAY, line,
			  col, cap, 0);
}

struct node *node_new_object(struct arena *a, unsigned line, unsigned col,
			     size_t cap)
{
	size_t bits = 0;
	bool ix8 = cap < UINT8_MAX;

	if (cap >= UINT_MAX / (2 * sizeof(struct node_member)))
		oom();
	if (cap <= NODE_INDEX_MIN)
		return alloc_node(a, 0, cap * sizeof(struct node_member),
				  NODE_OBJECT, line, col, cap, 0);
	while (((size_t)1 << bits) < 2 * cap)
		bits++;
	/* the index (zeroed by the arena) goes before a wide header */
	return alloc_node(
	    a, index_bytes((unsigned)bits, ix8 ? 1 : sizeof(uint32_t)),
	    cap * sizeof(struct node_member), NODE_OBJECT, line, col, cap,
	    F_INDEX | (ix8 ? F_IX8 : 0) | (unsigned)bits);
}

void node_push(struct node *arr, const struct node *item)
{
	unsigned len = len_of(arr);

	items(arr)[len] = (struct node *)item;
	set_len(arr, len + 1);
}

void node_add(struct node *obj, const char *key, const struct node *val)
{
	unsigned len = len_of(obj), f = flags_of(obj);
	struct node_member *m = &members(obj)[len];

	if (shaped(obj))
		abort(); /* made whole by node_new_object_keys() */

	m->key = key;
	m->val = (struct node *)val;
	set_len(obj, ++len);
	if (f & F_INDEX) {
		size_t mask = ((size_t)1 << (f & F_BITS)) - 1;
		size_t i = KEY_REC(key)->hash & mask;

		if (f & F_IX8) {
			uint8_t *ix = index_of(obj);

			while (ix[i])
				i = (i + 1) & mask;
			ix[i] = (uint8_t)len;
		} else {
			uint32_t *ix = index_of(obj);

			while (ix[i])
				i = (i + 1) & mask;
			ix[i] = len;
		}
	}
}

/*
 * An arena's interned keys: the map, and in front of it a direct-mapped
 * table of the keys last found or added.  Documents repeat a few keys
 * ("name", "image", "containerPort") in every object; such a key is found
 * by a cheap mix of its bytes and a compare or two, without hashing it
 * whole and probing the map.  A pair of slots holds the last two keys
 * that mapped to it (two keys that alternate share a pair without
 * pushing each other out); a key that finds neither goes to the map.
 */
#define RECENT_BITS	  8
#define RECENT_SHAPE_BITS 6

struct recent {
	const struct node_key *k;
	uint64_t head, tail; /* of k: see key_ends() */
};

struct keys {
	struct strmap map;
	struct recent recent[1u << RECENT_BITS];
	/* the arena's shapes, by the bytes of their key pointers */
	struct strmap shapes;
	/* the shapes last found, by their first and last keys (shape_at()) */
	const struct node_shape *recent_shape[1u << RECENT_SHAPE_BITS];
};

static void keys_release(void *p)
{
	strmap_release(&((struct keys *)p)->map);
	strmap_release(&((struct keys *)p)->shapes);
	free(p);
}

/* The arena's interned keys, made on first use. */
static struct keys *arena_keys(struct arena *a)
{
	void **slot = arena_slot(a, keys_release);

	if (!*slot) {
		*slot = xmalloc(sizeof(struct keys));
		memset(*slot, 0, sizeof(struct keys));
	}
	return *slot;
}

static uint64_t get64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * The first and the last bytes of key (len bytes): eight and eight from
 * 8 bytes on, four and four from 4, else its first, middle and last
 * byte.  Up to 16 bytes they hold all of it: two keys of one length up to
 * 16 with the same ends are equal.  Reads no byte outside the key.
 */
static void key_ends(const char *key, size_t len, uint64_t *head,
		     uint64_t *tail)
{
	const unsigned char *u = (const unsigned char *)key;

	if (len >= 8) {
		*head = get64(key);
		*tail = get64(key + len - 8);
	} else if (len >= 4) {
		*head = get32(key);
		*tail = get32(key + len - 4);
	} else if (len) {
		*head = u[0] | (uint64_t)u[len / 2] << 8 |
			(uint64_t)u[len - 1] << 16;
		*tail = 0;
	} else {
		*head = *tail = 0;
	}
}

/* Slot r holds key (len bytes, with those ends). */
static bool recent_is(const struct recent *r, const char *key, size_t len,
		      uint64_t head, uint64_t tail)
{
	return r->k && r->k->len == len && r->head == head && r->tail == tail &&
	       (len <= 16 || !memcmp(r->k->s + 8, key + 8, len - 16));
}

const char *node_intern(struct arena *a, const char *key, size_t len)
{
	struct keys *keys = arena_keys(a);
	struct recent *r;
	struct node_key *k;
	uint64_t head, tail, h;

	key_ends(key, len, &head, &tail);
	h = (head * 0x9e3779b97f4a7c15ull ^ tail * 0xc2b2ae3d27d4eb4full ^
	     len) *
	    0xff51afd7ed558ccdull;
	r = &keys->recent[h >> (64 - RECENT_BITS) & ~1u];
	if (recent_is(&r[0], key, len, head, tail))
		return r[0].k->s;
	if (recent_is(&r[1], key, len, head, tail))
		return r[1].k->s;
	k = strmap_get(&keys->map, key, len);
	if (!k) {
		if (len >= UINT_MAX)
			oom();
		k = arena_alloc8(a, sizeof(*k) + len + 1);
		k->len = (unsigned)len;
		k->hash = node_key_hash(key, len);
		if (len)
			memcpy(k->s, key, len);
		k->s[len] = '\0';
		/* the map holds the arena copy, never the caller's bytes */
		strmap_put(&keys->map, k->s, len, k);
	}
	/* the newer of the pair first; the older goes */
	r[1] = r[0];
	r[0].k = k;
	r[0].head = head;
	r[0].tail = tail;
	return k->s;
}

/*
 * The slot of the shapes last found for keys (n of them): most objects
 * have the keys of one of the objects made just before them, so a slot
 * picked by their count, first key and last key spares hashing all of
 * them.
 */
static const struct node_shape **shape_at(struct keys *ks,
					  const char *const *keys, size_t n)
{
	uint64_t h = ((uintptr_t)keys[0] * 0x9e3779b97f4a7c15ull) ^
		     ((uintptr_t)keys[n - 1] * 0xc2b2ae3d27d4eb4full) ^ n;

	return &ks->recent_shape[(h * 0xff51afd7ed558ccdull) >>
				 (64 - RECENT_SHAPE_BITS)];
}

/* The shape of keys (n of them, 1 to SHAPE_MAX) in arena a. */
static const struct node_shape *shape_intern(struct arena *a,
					     const char *const *keys, size_t n)
{
	struct keys *ks = arena_keys(a);
	const struct node_shape **at = shape_at(ks, keys, n);
	struct node_shape *sh;
	size_t i, bits = 0;
	void **slot;

	if (*at && (*at)->n == n &&
	    !memcmp((*at)->keys, keys, n * sizeof(*keys)))
		return *at;
	sh = strmap_get(&ks->shapes, (const char *)keys, n * sizeof(*keys));
	if (sh)
		return *at = sh;
	if (n > NODE_INDEX_MIN)
		while (((size_t)1 << bits) < 2 * n)
			bits++;
	sh = arena_alloc8(a, sizeof(*sh) + n * sizeof(*keys) +
				 (n > NODE_INDEX_MIN ? (size_t)1 << bits : 0));
	sh->n = (unsigned)n;
	memcpy(sh->keys, keys, n * sizeof(*keys));
	if (n > NODE_INDEX_MIN) {
		uint8_t *ix = (uint8_t *)&sh->keys[n];
		size_t mask = ((size_t)1 << bits) - 1;

		sh->flags = F_INDEX | (unsigned)bits;
		for (i = 0; i < n; i++) {
			size_t slot_i = KEY_REC(keys[i])->hash & mask;

			while (ix[slot_i])
				slot_i = (slot_i + 1) & mask;
			ix[slot_i] = (uint8_t)(i + 1);
		}
	}
	/* the map's key is the shape's own copy of the pointers */
	slot =
	    strmap_slot(&ks->shapes, (const char *)sh->keys, n * sizeof(*keys));
	*slot = sh;
	return *at = sh;
}

struct node *node_new_object_keys(struct arena *a, struct arena *ka,
				  unsigned line, unsigned col,
				  const char *const *keys,
				  struct node *const *vals, size_t n)
{
	struct node *obj;
	size_t i;

	if (!n || n > SHAPE_MAX) {
		obj = node_new_object(a, line, col, n);
		for (i = 0; i < n; i++)
			node_add(obj, keys[i], vals[i]);
		return obj;
	}
	obj = alloc_node(a, 0, (n + 1) * sizeof(struct node *), NODE_OBJECT,
			 line, col, n, 0);
	obj->bits |= B_SHAPED;
	*(const struct node_shape **)payload(obj) = shape_intern(ka, keys, n);
	memcpy(values(obj), vals, n * sizeof(*vals));
	set_len(obj, (unsigned)n);
	return obj;
}

void node_add_str(struct arena *a, struct node *obj, const char *key,
		  const struct node *val)
{
	node_add(obj, node_intern(a, key, strlen(key)), val);
}

const char *node_type_name(enum node_type t)
{
	switch (t) {
	case NODE_NULL: return "null";
	case NODE_BOOL: return "boolean";
	case NODE_NUMBER: return "number";
	case NODE_STRING: return "string";
	case NODE_ARRAY: return "array";
	case NODE_OBJECT: return "object";
	}
	return "unknown";
}

/*
 * Keys a and b of len bytes, at most 16, are equal.  Two overlapping
 * words on each side hold all of such a key; comparing them in line
 * instead of calling memcmp leaves the lookup of a short key a leaf
 * function that saves no registers (most member keys are short).
 */
static inline bool short_key_eq(const char *a, const char *b, size_t len)
{
	if (len >= 8)
		return node_key_word(a, 0, 8) == node_key_word(b, 0, 8) &&
		       node_key_word(a, len - 8, 8) ==
			   node_key_word(b, len - 8, 8);
	if (len >= 4)
		return node_key_word(a, 0, 4) == node_key_word(b, 0, 4) &&
		       node_key_word(a, len - 4, 4) ==
			   node_key_word(b, len - 4, 4);
	/* up to 3 bytes: the first, the middle and the last are all of it */
	return !len || (a[0] == b[0] && a[len / 2] == b[len / 2] &&
			a[len - 1] == b[len - 1]);
}

static inline bool key_eq(const char *a, const char *b, size_t len,
			  bool is_short)
{
	return is_short ? short_key_eq(a, b, len) : !memcmp(a, b, len);
}

/*
 * Member value of key (len bytes, hash h), or NULL; is_short: len is at
 * most 16 (a constant in each of the two copies, get_short and get_long).
 */
static inline __attribute__((always_inline)) const struct node *
find(const struct node *obj, const char *key, size_t len, unsigned h,
     bool is_short)
{
	const struct node_member *m = members(obj);
	unsigned f = flags_of(obj);
	size_t i, n;

	if (shaped(obj)) {
		const struct node_shape *sh = shape_of(obj);
		struct node *const *v = values(obj);

		if (sh->flags & F_INDEX) {
			const uint8_t *ix = shape_index(sh);
			size_t mask = ((size_t)1 << (sh->flags & F_BITS)) - 1;

			for (i = h & mask; ix[i]; i = (i + 1) & mask) {
				const struct node_key *k =
				    KEY_REC(sh->keys[ix[i] - 1]);
				if (k->hash == h && k->len == len &&
				    key_eq(k->s, key, len, is_short))
					return v[ix[i] - 1];
			}
			return NULL;
		}
		for (i = 0; i < sh->n; i++) {
			const struct node_key *k = KEY_REC(sh->keys[i]);
			if (k->hash == h && k->len == len &&
			    key_eq(k->s, key, len, is_short))
				return v[i];
		}
		return NULL;
	}
	if (f & F_INDEX && f & F_IX8) {
		const uint8_t *ix = index_of(obj);
		size_t mask = ((size_t)1 << (f & F_BITS)) - 1;

		for (i = h & mask; ix[i]; i = (i + 1) & mask) {
			const struct node_member *x = &m[ix[i] - 1];
			const struct node_key *k = KEY_REC(x->key);
			if (k->hash == h && k->len == len &&
			    key_eq(k->s, key, len, is_short))
				return x->val;
		}
		return NULL;
	}
	if (f & F_INDEX) {
		const uint32_t *ix = index_of(obj);
		size_t mask = ((size_t)1 << (f & F_BITS)) - 1;

		for (i = h & mask; ix[i]; i = (i + 1) & mask) {
			const struct node_member *x = &m[ix[i] - 1];
			const struct node_key *k = KEY_REC(x->key);
			if (k->hash == h && k->len == len &&
			    key_eq(k->s, key, len, is_short))
				return x->val;
		}
		return NULL;
	}
	n = len_of(obj);
	for (i = 0; i < n; i++) {
		const struct node_key *k = KEY_REC(m[i].key);
		if (k->hash == h && k->len == len &&
		    key_eq(k->s, key, len, is_short))
			return m[i].val;
	}
	return NULL;
}

static const struct node *get_short(const struct node *obj, const char *key,
				    size_t len, unsigned h)
{
	return find(obj, key, len, h, true);
}

static const struct node *get_long(const struct node *obj, const char *key,
				   size_t len, unsigned h)
{
	return find(obj, key, len, h, false);
}

/* Member value of key (len bytes, hash h), or NULL. */
static const struct node *get(const struct node *obj, const char *key,
			      size_t len, unsigned h)
{
	return len <= 16 ? get_short(obj, key, len, h)
			 : get_long(obj, key, len, h);
}

const struct node *node_get_hashed(const struct node *obj, const char *key,
				   size_t len, unsigned hash)
{
	if (!obj || obj->type != NODE_OBJECT)
		return NULL;
	return get(obj, key, len, hash);
}

/* 1 when obj has a member named key (none when key is NULL), else 0. */
static size_t has_key(const struct node *obj, const char *key)
{
	return key && node_get(obj, key);
}

bool node_equal_except(const struct node *a, const struct node *b,
		       const char *skip)
{
	size_t i, n;

	if (a == b)
		return true;
	if (!a || !b || a->type != b->type)
		return false;
	switch ((enum node_type)a->type) {
	case NODE_NULL: return true;
	case NODE_BOOL: return a->b == b->b;
	case NODE_NUMBER:
	case NODE_STRING:
		n = len_of(a);
		return n == len_of(b) && !memcmp(text(a), text(b), n);
	case NODE_ARRAY:
		n = len_of(a);
		if (n != len_of(b))
			return false;
		for (i = 0; i < n; i++)
			if (!node_equal(items(a)[i], items(b)[i]))
				return false;
		return true;
	case NODE_OBJECT: break;
	}
	n = len_of(a);
	if (n - has_key(a, skip) != len_of(b) - has_key(b, skip))
		return false;
	for (i = 0; i < n; i++) {
		const struct node_key *k;
		const struct node *v;
		const char *key;
		struct node *av;

		member(a, i, &key, &av);
		k = KEY_REC(key);
		if (skip && k->len == strlen(skip) &&
		    !memcmp(k->s, skip, k->len))
			continue;
		/* keys interned in other arenas hash alike */
		v = get(b, k->s, k->len, k->hash);
		if (!v || !node_equal(av, v))
			return false;
	}
	return true;
}

bool node_equal(const struct node *a, const struct node *b)
{
	return node_equal_except(a, b, NULL);
}

const struct node *node_path(const struct node *n, const char *path)
{
	while (n && *path) {
		const char *p;

		if (n->type != NODE_OBJECT)
			return NULL;
		for (p = path; *p && *p != '.'; p++)
			;
		n = get(n, path, (size_t)(p - path),
			node_key_hash(path, (size_t)(p - path)));
		path = *p ? p + 1 : p;
	}
	return n;
}

const char *node_str(const struct node *n)
{
	return n && n->type == NODE_STRING ? text(n) : NULL;
}

bool node_str_eq(const struct node *n, const char *s)
{
	size_t len;

	if (!n || n->type != NODE_STRING)
		return false;
	len = len_of(n);
	return len == strlen(s) && !memcmp(text(n), s, len);
}

bool node_is_true(const struct node *n)
{
	return n && n->type == NODE_BOOL && n->b;
}

bool node_is_false(const struct node *n)
{
	return n && n->type == NODE_BOOL && !n->b;
}

bool node_int(const struct node *n, long long *out)
{
	char *end;
	long long v;

	if (!n || n->type != NODE_NUMBER)
		return false;
	errno = 0;
	v = strtoll(node_text(n), &end, 10);
	if (errno || end == node_text(n) || *end)
		return false;
	*out = v;
	return true;
}

size_t node_count(const struct node *n)
{
	return n && n->type == NODE_ARRAY ? len_of(n) : 0;
}

const struct node *node_at(const struct node *n, size_t i)
{
	return n && n->type == NODE_ARRAY && i < len_of(n) ? items(n)[i] : NULL;
}

bool node_member_at(const struct node *obj, size_t i, const char **key,
		    const struct node **val)
{
	struct node *v;

	if (!obj || obj->type != NODE_OBJECT || i >= len_of(obj))
		return false;
	member(obj, i, key, &v);
	*val = v;
	return true;
}

size_t node_len(const struct node *n)
{
	return n ? len_of(n) : 0;
}

size_t node_member_count(const struct node *obj)
{
	return obj && obj->type == NODE_OBJECT ? len_of(obj) : 0;
}

size_t node_key_len(const char *key)
{
	return KEY_REC(key)->len;
}

size_t node_str_len(const struct node *n)
{
	return n && (n->type == NODE_STRING || n->type == NODE_NUMBER)
		   ? len_of(n)
		   : 0;
}

const char *node_text(const struct node *n)
{
	return n && (n->type == NODE_STRING || n->type == NODE_NUMBER) ? text(n)
								       : NULL;
}

struct node_member node_member_i(const struct node *obj, size_t i)
{
	struct node_member m = { NULL, NULL };

	if (obj && obj->type == NODE_OBJECT && i < len_of(obj))
		member(obj, i, &m.key, &m.val);
	return m;
}

const struct node *const *node_items(const struct node *n)
{
	return n && n->type == NODE_ARRAY && len_of(n)
		   ? (const struct node *const *)items(n)
		   : NULL;
}

bool node_is(const struct node *n, enum node_type t)
{
	return n && n->type == t;
}

const char *node_scalar_text(const struct node *n)
{
	if (!n)
		return "";
	switch (n->type) {
	case NODE_NULL: return "null";
	case NODE_BOOL: return n->b ? "true" : "false";
	case NODE_NUMBER:
	case NODE_STRING: return text(n);
	case NODE_ARRAY: return "[...]";
	case NODE_OBJECT: return "{...}";
	}
	return "";
}

void node_bytes(const struct node *n, struct node_bytes *out)
{
	size_t total;

	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	out->header = (size_t)((const char *)payload(n) - (const char *)n);
	switch (n->type) {
	case NODE_STRING:
	case NODE_NUMBER:
		out->text =
		    n->bits & B_SHARED ? sizeof(const char *) : len_of(n) + 1;
		break;
	case NODE_ARRAY: out->items = len_of(n) * sizeof(struct node *); break;
	case NODE_OBJECT:
		if (shaped(n)) {
			/* the shape's pointer and the values */
			out->members =
			    (shape_of(n)->n + 1) * sizeof(struct node *);
			break;
		}
		out->members = len_of(n) * sizeof(struct node_member);
		if (flags_of(n) & F_INDEX)
			out->index = index_bytes(
			    flags_of(n) & F_BITS,
			    flags_of(n) & F_IX8 ? 1 : sizeof(uint32_t));
		break;
	default: break;
	}
	/* the arena hands out multiples of 8 */
	total = out->header + out->text + out->items + out->members;
	out->text += round8(total) - total;
}
