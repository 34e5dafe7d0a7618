/*
 * node.h - the one tree type that JSON and YAML load into.
 *
 * A node is null, bool, number, string, array or object.  Nodes, their
 * strings and their child arrays live in the scan's arena and are never
 * modified after the loader returns them.  Numbers keep the text they were
 * written as.  Every node knows the line and column (1-based) where it
 * starts; the file is kept once per top-level object (struct kobj).
 *
 * Strings are NUL-terminated and also carry a length (a JSON string may hold
 * "\u0000"; such strings compare by length).  Object members keep document
 * order; duplicate keys never reach this type (the loader rejects them).
 *
 * Accessors accept NULL and wrong types and answer NULL/false/0, so a check
 * can walk spec.template.spec.containers without testing each step.  Read
 * trees through the accessors; of the fields below only type, b and line
 * may be read directly (the column through node_col()).  The rest of the
 * layout is the loader's.
 *
 * Layout: a header of 8 bytes, then the payload in the same allocation: a
 * string's or number's text (or a pointer to its interned copy), an
 * array's item pointers, an object's members.  The header holds the
 * column and the length in 25 bits; a node whose column, length or index
 * does not fit there has 8 bytes more of header (a minified document
 * beyond column 2047, a string of 16 KiB, an object with an index).
 * Member keys are interned once per arena, with their length and hash, so a
 * lookup hashes the wanted key once and compares hashes; objects of more
 * than NODE_INDEX_MIN members also carry a hash index (before the header),
 * of a byte per slot below 255 members.  An object made whole by
 * node_new_object_keys() holds instead a pointer to its keys, shared with
 * every object with the same keys in the same order (and with them the
 * index), and its values.
 */
#ifndef THREATMAP_NODE_H
#define THREATMAP_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena;

enum node_type {
	NODE_NULL,
	NODE_BOOL,
	NODE_NUMBER,
	NODE_STRING,
	NODE_ARRAY,
	NODE_OBJECT,
};

struct node_member;

struct node {
	unsigned type : 3;  /* enum node_type */
	unsigned b : 1;	    /* NODE_BOOL */
	unsigned bits : 28; /* internal: the layout's, see node.c */
	unsigned line;
};

struct node_member {
	const char *key; /* interned: see node_intern() */
	struct node *val;
};

/* Objects with more members than this get a hash index. */
#define NODE_INDEX_MIN 8

/*
 * Constructors (the loaders, the live client, tests): nodes in arena a.
 * node_new makes a null, a bool (set ->b), an empty string, an empty array
 * or an empty object; node_new_str copies its text.
 */
struct node *node_new(struct arena *a, enum node_type t, unsigned line,
		      unsigned col);
struct node *node_new_str(struct arena *a, enum node_type t, const char *s,
			  size_t len, unsigned line, unsigned col);
/*
 * A string or number whose text is interned in arena a (node_intern()):
 * one copy of each text however many nodes hold it.  For values that
 * repeat (images, environment, mounts of a Deployment, its ReplicaSets and
 * their Pods); short texts are copied into the node as node_new_str does.
 */
struct node *node_new_shared_str(struct arena *a, enum node_type t,
				 const char *s, size_t len, unsigned line,
				 unsigned col);
/* node_new_shared_str() with the node in a and the text interned in text. */
struct node *node_new_shared_str_in(struct arena *a, struct arena *text,
				    enum node_type t, const char *s, size_t len,
				    unsigned line, unsigned col);
/*
 * Empty an array or object in place: it keeps its type and place and has
 * no items or members (its index emptied too), so what they pointed to may
 * be freed.
 */
void node_hollow(struct node *n);
/*
 * A node built in an arena that goes before the checks run (the
 * inventory's, inventory_transient()): whoever frees that arena first
 * takes the node out of the tree that holds it (node_remove()).
 */
void node_set_transient(struct node *n);
bool node_is_transient(const struct node *n);
/*
 * Take member key (interned, or any string equal to one) out of object
 * obj, keeping the order of the others; false when obj has no such member.
 * For the inventory, before the checks read its trees.
 */
bool node_remove(struct node *obj, const char *key);
/*
 * Take every member whose value is transient (node_set_transient()) out of
 * object obj, keeping the order of the others; how many were taken.
 */
size_t node_remove_transient(struct node *obj);
/*
 * Give member key (interned, or any string equal to one) of object obj the
 * value val in place, keeping its order; false when obj has no such
 * member.  For the loader, before anything reads the tree.
 */
bool node_replace(struct node *obj, const char *key, const struct node *val);
/* Zero the text of a string or number that holds its own copy. */
void node_wipe_text(struct node *n);
/* An array or object with room for cap items or members, none yet. */
struct node *node_new_array(struct arena *a, unsigned line, unsigned col,
			    size_t cap);
struct node *node_new_object(struct arena *a, unsigned line, unsigned col,
			     size_t cap);
/*
 * An object in arena a of n members with keys (each from node_intern() on
 * arena ka, or node_member_at() on its trees) and values: the loaders'
 * objects, made whole.  Its keys are kept once in ka for every object
 * with the same keys in the same order (a shape), so a member takes 8
 * bytes instead of 16; ka must live as long as a.  Such an object takes
 * no node_add(); node_remove() and the rest work on it as on any.
 */
struct node *node_new_object_keys(struct arena *a, struct arena *ka,
				  unsigned line, unsigned col,
				  const char *const *keys,
				  struct node *const *vals, size_t n);
/* Append to a node from node_new_array/object (fewer than its cap). */
void node_push(struct node *arr, const struct node *item);
/* key must come from node_intern() or node_member_at() on arena a's trees. */
void node_add(struct node *obj, const char *key, const struct node *val);
/* The one copy of key (len bytes) in arena a, with its length and hash. */
const char *node_intern(struct arena *a, const char *key, size_t len);
/* node_add(obj, node_intern(a, key, strlen(key)), val). */
void node_add_str(struct arena *a, struct node *obj, const char *key,
		  const struct node *val);

/* Column (1-based) where n starts; 0 for NULL. */
unsigned node_col(const struct node *n);

/* Name of a type for messages: "string", "object", ... */
const char *node_type_name(enum node_type t);

/*
 * The hash of a member key (len bytes) that objects index by: the key a
 * word of 8 bytes at a time (the last word ending at its end), a short
 * key by its first and last 4 bytes or first, middle and last byte.
 * Inline, so that for a string literal the compiler computes it.
 */
static inline uint64_t node_key_word(const char *s, size_t at, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, &s[at], n);
	return v;
}

static inline unsigned node_key_hash(const char *s, size_t len)
{
	const uint64_t m = 0x9e3779b97f4a7c15ull;
	uint64_t h = len * 0xc2b2ae3d27d4eb4full;
	size_t i;

	if (len >= 8) {
		for (i = 8; i < len; i += 8)
			h = (h ^ node_key_word(s, i - 8, 8)) * m;
		h ^= node_key_word(s, len - 8, 8);
	} else if (len >= 4) {
		h ^= node_key_word(s, 0, 4) | node_key_word(s, len - 4, 4)
						  << 32;
	} else if (len) {
		const unsigned char *u = (const unsigned char *)s;

		h ^= u[0] | (uint64_t)u[len / 2] << 8 |
		     (uint64_t)u[len - 1] << 16;
	}
	return (unsigned)(h * m >> 32);
}

/* Member of an object by key (len bytes, hash node_key_hash), or NULL. */
const struct node *node_get_hashed(const struct node *obj, const char *key,
				   size_t len, unsigned hash);

/*
 * Member of an object by key, or NULL.  Inline: for a literal key the
 * length and the hash are constants.
 */
static inline const struct node *node_get(const struct node *obj,
					  const char *key)
{
	size_t len = strlen(key);

	return node_get_hashed(obj, key, len, node_key_hash(key, len));
}

/*
 * a and b hold the same value: the same types, texts (numbers as written:
 * 1 and 1.0 differ) and items in order, and objects the same keys with
 * equal values in any order.  node_equal_except() leaves out a member
 * named skip (of a and b when both are objects, at the top level only):
 * its values may differ, or one of them be absent.  Lines and columns are
 * not compared.
 */
bool node_equal(const struct node *a, const struct node *b);
bool node_equal_except(const struct node *a, const struct node *b,
		       const char *skip);

/*
 * Follow a dotted path of object keys ("spec.template.spec"); no array
 * indexes.  NULL when any step is missing or not an object.
 */
const struct node *node_path(const struct node *n, const char *path);

/* String value, or NULL when n is not a string. */
const char *node_str(const struct node *n);

/* node_str(node_get(obj, key)). */
static inline const char *node_get_str(const struct node *obj, const char *key)
{
	return node_str(node_get(obj, key));
}

/* n is a string equal to s. */
bool node_str_eq(const struct node *n, const char *s);

/* n is the boolean true / false (a missing field is neither). */
bool node_is_true(const struct node *n);
bool node_is_false(const struct node *n);

/* Integer value of a number node; false when n is no integer in range. */
bool node_int(const struct node *n, long long *out);

/* Items of an array (0 for anything else) and item i (NULL out of range). */
size_t node_count(const struct node *n);
const struct node *node_at(const struct node *n, size_t i);

/* Member i of an object: key and value; false out of range. */
bool node_member_at(const struct node *obj, size_t i, const char **key,
		    const struct node **val);

/* A string's bytes, an array's items or an object's members; 0 for NULL. */
size_t node_len(const struct node *n);

/* Members of an object (0 for anything else). */
size_t node_member_count(const struct node *obj);

/* Length of a key returned by node_member_at() (keys may hold NUL). */
size_t node_key_len(const char *key);

/* Bytes of a string's or number's text (0 for anything else). */
size_t node_str_len(const struct node *n);

/* Text of a string or number node, or NULL. */
const char *node_text(const struct node *n);

/*
 * A string or number whose text is interned (node_new_shared_str()): a
 * copy into another arena shares it there too.
 */
bool node_text_is_shared(const struct node *n);

/* Member i of an object ({ NULL, NULL } out of range or for NULL). */
struct node_member node_member_i(const struct node *obj, size_t i);

/* The items of an array as one vector (NULL when none). */
const struct node *const *node_items(const struct node *n);

bool node_is(const struct node *n, enum node_type t);

/*
 * Text of a scalar for evidence ("true", "0", the string itself); "null"
 * for null; "{...}" or "[...]" for containers.
 */
const char *node_scalar_text(const struct node *n);

/*
 * The bytes a copy of n's tree takes in the arena of its nodes when each
 * node is made by the constructors above at line 0, column 0, with room
 * for as many items as n has, each object made whole by
 * node_new_object_keys() with its keys in another arena, a text n shares
 * shared again (node_new_shared_str_in()) and any other copied: interned
 * keys, shapes and shared texts, which live elsewhere, apart.  For sizing
 * an arena.
 */
size_t node_copy_bytes(const struct node *n);

/*
 * What one node takes in its arena, apart from its children and its keys
 * (interned once per arena): for measuring memory, not for walking trees.
 */
struct node_bytes {
	size_t header;	/* the node itself */
	size_t text;	/* a string's or number's bytes, NUL and padding */
	size_t items;	/* an array's item pointers */
	size_t members; /* an object's member vector */
	size_t index;	/* an object's hash index */
};
void node_bytes(const struct node *n, struct node_bytes *out);

#endif
