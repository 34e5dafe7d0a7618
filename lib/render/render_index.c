/*
 * render_index.c - findings grouped by a key: the findings taken sorted by
 * (key, position), each run of one key chained in report order.
 */
#include "render/render_index.h"

#include <stdlib.h>

#include "arena.h"
#include "finding.h"
#include "render/render.h"

struct keyed {
	struct render_key k;
	size_t i;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->k.a != y->k.a)
		return x->k.a < y->k.a ? -1 : 1;
	if (x->k.b != y->k.b)
		return x->k.b < y->k.b ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void render_index_build(struct render_index *ix, const struct report *r,
			render_key_fn key)
{
	size_t n = r->findings ? r->findings->n : 0, m = 0, i, j;
	struct keyed *v = xrealloc_array(NULL, n ? n : 1, sizeof(*v));

	ix->n = n;
	ix->first = xrealloc_array(NULL, n ? n : 1, sizeof(*ix->first));
	ix->next = xrealloc_array(NULL, n ? n : 1, sizeof(*ix->next));
	for (i = 0; i < n; i++) {
		ix->first[i] = ix->next[i] = RENDER_NONE;
		if (key(r, r->findings->v[i], &v[m].k))
			v[m++].i = i;
	}
	qsort(v, m, sizeof(*v), keyed_cmp);
	for (i = 0; i < m; i = j) {
		for (j = i;
		     j < m && v[j].k.a == v[i].k.a && v[j].k.b == v[i].k.b;
		     j++) {
			ix->first[v[j].i] = v[i].i;
			if (j > i)
				ix->next[v[j - 1].i] = v[j].i;
		}
	}
	free(v);
}

void render_index_free(struct render_index *ix)
{
	free(ix->first);
	free(ix->next);
	ix->first = ix->next = NULL;
	ix->n = 0;
}
