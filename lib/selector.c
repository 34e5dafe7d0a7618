#include "selector.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "node.h"
#include "sbuf.h"
#include "strmap.h"

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
		const struct node_member m = node_member_i(sel, i);
		const char *v = label_value(labels, m.key);
		const char *want = node_str(m.val);
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
			const struct node_member m = node_member_i(ml, i);
			const char *v = lset_value(labels, m.key);
			const char *want = node_str(m.val);
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

/* ---- selector index ------------------------------------------------------ */

struct selidx_list {
	size_t *v;
	size_t n, alloc;
	char *key; /* "key\x1fvalue", owned (the map borrows it) */
};

struct selidx {
	struct strmap by_pair;
	struct selidx_list any;
};

static void sl_add(struct selidx_list *l, size_t item)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 4;
		l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = item;
}

/* "key\x1fvalue" into sb (reset first); false when it cannot be built. */
static bool pair_key(struct sbuf *sb, const char *k, const char *v)
{
	sbuf_reset(sb);
	return !sbuf_adds(sb, k) && !sbuf_addch(sb, '\x1f') &&
	       !sbuf_adds(sb, v);
}

struct selidx *selidx_new(void)
{
	struct selidx *x = xmalloc(sizeof(*x));

	memset(x, 0, sizeof(*x));
	return x;
}

void selidx_free(struct selidx *x)
{
	size_t i = 0, kl;
	const char *k;
	void *val;

	if (!x)
		return;
	while (strmap_next(&x->by_pair, &i, &k, &kl, &val)) {
		struct selidx_list *l = val;
		free(l->v);
		free(l->key);
		free(l);
	}
	strmap_release(&x->by_pair);
	free(x->any.v);
	free(x);
}

void selidx_add(struct selidx *x, size_t item, const struct node *map)
{
	struct sbuf key = SBUF_INIT;
	const struct node *val;
	struct selidx_list *l;
	const char *k;

	if (!node_member_at(map, 0, &k, &val) || !node_str(val) ||
	    !pair_key(&key, k, node_str(val))) {
		sl_add(&x->any, item);
		sbuf_release(&key);
		return;
	}
	l = strmap_get(&x->by_pair, key.buf, key.len);
	if (!l) {
		l = xmalloc(sizeof(*l));
		memset(l, 0, sizeof(*l));
		l->key = sbuf_detach(&key, NULL);
		strmap_put(&x->by_pair, l->key, strlen(l->key), l);
	}
	sl_add(l, item);
	sbuf_release(&key);
}

static int cmp_item(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void put_items(size_t **v, size_t *alloc, size_t *n,
		      const struct selidx_list *l)
{
	if (*n + l->n > *alloc) {
		*alloc = (*n + l->n) * 2;
		*v = xrealloc_array(*v, *alloc, sizeof(**v));
	}
	if (l->n)
		memcpy(*v + *n, l->v, l->n * sizeof(**v));
	*n += l->n;
}

size_t selidx_candidates(const struct selidx *x, const struct node *labels,
			 size_t **v, size_t *alloc)
{
	struct sbuf key = SBUF_INIT;
	const struct node *val;
	const char *k;
	size_t i, n = 0;

	for (i = 0; node_member_at(labels, i, &k, &val); i++) {
		const struct selidx_list *l;

		if (!node_str(val) || !pair_key(&key, k, node_str(val)))
			continue;
		l = strmap_get(&x->by_pair, key.buf, key.len);
		if (l)
			put_items(v, alloc, &n, l);
	}
	sbuf_release(&key);
	put_items(v, alloc, &n, &x->any);
	/* a label key given twice: once each */
	return selidx_unique(*v, n);
}

size_t selidx_unique(size_t *v, size_t n)
{
	size_t i, out = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_item);
	for (i = 0; i < n; i++)
		if (!out || v[i] != v[out - 1])
			v[out++] = v[i];
	return out;
}
