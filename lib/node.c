#include "node.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct node *node_new(struct arena *a, enum node_type t, unsigned line,
		      unsigned col)
{
	struct node *n = arena_alloc(a, sizeof(*n));

	n->type = t;
	n->line = line;
	n->col = col;
	return n;
}

struct node *node_new_str(struct arena *a, enum node_type t, const char *s,
			  size_t len, unsigned line, unsigned col)
{
	struct node *n = node_new(a, t, line, col);

	n->u.str = arena_strndup(a, s, len);
	n->len = len;
	return n;
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

const struct node *node_get(const struct node *obj, const char *key)
{
	size_t i, klen;

	if (!obj || obj->type != NODE_OBJECT)
		return NULL;
	klen = strlen(key);
	for (i = 0; i < obj->len; i++) {
		const struct node_member *m = &obj->u.members[i];
		if (m->keylen == klen && !memcmp(m->key, key, klen))
			return m->val;
	}
	return NULL;
}

const struct node *node_path(const struct node *n, const char *path)
{
	char key[128];

	while (n && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);

		if (len >= sizeof(key))
			return NULL;
		memcpy(key, path, len);
		key[len] = '\0';
		n = node_get(n, key);
		path += len + (dot ? 1 : 0);
	}
	return n;
}

const char *node_str(const struct node *n)
{
	return n && n->type == NODE_STRING ? n->u.str : NULL;
}

const char *node_get_str(const struct node *obj, const char *key)
{
	return node_str(node_get(obj, key));
}

bool node_str_eq(const struct node *n, const char *s)
{
	return n && n->type == NODE_STRING && n->len == strlen(s) &&
	       !memcmp(n->u.str, s, n->len);
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
	v = strtoll(n->u.str, &end, 10);
	if (errno || end == n->u.str || *end)
		return false;
	*out = v;
	return true;
}

size_t node_count(const struct node *n)
{
	return n && n->type == NODE_ARRAY ? n->len : 0;
}

const struct node *node_at(const struct node *n, size_t i)
{
	return n && n->type == NODE_ARRAY && i < n->len ? n->u.items[i] : NULL;
}

bool node_member_at(const struct node *obj, size_t i, const char **key,
		    const struct node **val)
{
	if (!obj || obj->type != NODE_OBJECT || i >= obj->len)
		return false;
	*key = obj->u.members[i].key;
	*val = obj->u.members[i].val;
	return true;
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
	case NODE_STRING: return n->u.str;
	case NODE_ARRAY: return "[...]";
	case NODE_OBJECT: return "{...}";
	}
	return "";
}
