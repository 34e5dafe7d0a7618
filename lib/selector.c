#include "selector.h"

#include <string.h>

#include "node.h"

const char *label_value(const struct node *labels, const char *key)
{
	return node_get_str(labels, key);
}

#define NS_NAME_LABEL "kubernetes.io/metadata.name"

/* Labels plus the one a Namespace carries implicitly (nsname may be NULL). */
struct lset {
	const struct node *labels;
	const char *nsname;
	const char *(*fn)(void *ctx, const char *key);
	void *ctx;
};

static const char *lset_value(const struct lset *l, const char *key)
{
	const char *v;

	if (l->fn)
		return l->fn(l->ctx, key);
	v = label_value(l->labels, key);

	if (!v && l->nsname && !strcmp(key, NS_NAME_LABEL))
		return l->nsname;
	return v;
}

bool selector_map_matches(const struct node *sel, const struct node *labels)
{
	size_t i;

	if (!sel || sel->type != NODE_OBJECT || !node_len(sel))
		return false;
	for (i = 0; i < node_len(sel); i++) {
		const struct node_member *m = &node_members(sel)[i];
		const char *v = label_value(labels, m->key);
		const char *want = node_str(m->val);
		if (!v || !want || strcmp(v, want) != 0)
			return false;
	}
	return true;
}

static bool value_in(const struct node *values, const char *v)
{
	size_t i;

	for (i = 0; i < node_count(values); i++)
		if (v && node_str_eq(node_at(values, i), v))
			return true;
	return false;
}

static bool expression_matches(const struct node *e, const struct lset *labels)
{
	const char *key = node_get_str(e, "key");
	const char *op = node_get_str(e, "operator");
	const struct node *values = node_get(e, "values");
	const char *v;

	if (!key || !op)
		return false; /* the API server rejects it; select nothing */
	v = lset_value(labels, key);
	if (!strcmp(op, "In"))
		return v && value_in(values, v);
	if (!strcmp(op, "NotIn"))
		return !v || !value_in(values, v);
	if (!strcmp(op, "Exists"))
		return v != NULL;
	if (!strcmp(op, "DoesNotExist"))
		return v == NULL;
	return false;
}

static bool lset_matches(const struct node *sel, const struct lset *labels)
{
	const struct node *ml, *me;
	size_t i;

	if (!sel || sel->type != NODE_OBJECT)
		return false;
	ml = node_get(sel, "matchLabels");
	me = node_get(sel, "matchExpressions");
	if (ml && ml->type == NODE_OBJECT)
		for (i = 0; i < node_len(ml); i++) {
			const struct node_member *m = &node_members(ml)[i];
			const char *v = lset_value(labels, m->key);
			const char *want = node_str(m->val);
			if (!v || !want || strcmp(v, want) != 0)
				return false;
		}
	for (i = 0; i < node_count(me); i++)
		if (!expression_matches(node_at(me, i), labels))
			return false;
	return true;
}

bool selector_matches(const struct node *sel, const struct node *labels)
{
	struct lset l = { labels, NULL, NULL, NULL };

	return lset_matches(sel, &l);
}

bool selector_matches_ns(const struct node *sel, const struct node *labels,
			 const char *name)
{
	struct lset l = { labels, name, NULL, NULL };

	return lset_matches(sel, &l);
}

bool selector_matches_fn(const struct node *sel,
			 const char *(*value)(void *ctx, const char *key),
			 void *ctx)
{
	struct lset l = { NULL, NULL, value, ctx };

	return lset_matches(sel, &l);
}
