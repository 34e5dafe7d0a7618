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
 * can walk spec.template.spec.containers without testing each step.
 */
#ifndef THREATMAP_NODE_H
#define THREATMAP_NODE_H

#include <stdbool.h>
#include <stddef.h>

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
	enum node_type type;
	bool b; /* NODE_BOOL */
	unsigned line, col;
	size_t len; /* string bytes, array items or object members */
	union {
		const char *str;	     /* NODE_STRING, NODE_NUMBER */
		struct node **items;	     /* NODE_ARRAY */
		struct node_member *members; /* NODE_OBJECT */
	} u;
};

struct node_member {
	const char *key;
	size_t keylen;
	struct node *val;
};

/* Constructors for loaders: nodes in arena a, strings copied. */
struct node *node_new(struct arena *a, enum node_type t, unsigned line,
		      unsigned col);
struct node *node_new_str(struct arena *a, enum node_type t, const char *s,
			  size_t len, unsigned line, unsigned col);

/* Name of a type for messages: "string", "object", ... */
const char *node_type_name(enum node_type t);

/* Member of an object by key, or NULL. */
const struct node *node_get(const struct node *obj, const char *key);

/*
 * Follow a dotted path of object keys ("spec.template.spec"); no array
 * indexes.  NULL when any step is missing or not an object.
 */
const struct node *node_path(const struct node *n, const char *path);

/* String value, or NULL when n is not a string. */
const char *node_str(const struct node *n);

/* node_str(node_get(obj, key)). */
const char *node_get_str(const struct node *obj, const char *key);

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

bool node_is(const struct node *n, enum node_type t);

/*
 * Text of a scalar for evidence ("true", "0", the string itself); "null"
 * for null; "{...}" or "[...]" for containers.
 */
const char *node_scalar_text(const struct node *n);

#endif
