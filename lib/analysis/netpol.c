#include "analysis/netpol.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "node.h"
#include "selector.h"
#include "strmap.h"

struct ns_list {
	const struct kobj **v;
	size_t n, alloc;
};

struct netpol {
	struct strmap by_ns; /* namespace -> ns_list; keys are kobj strings */
};

void netpol_types(const struct kobj *np, bool *ingress, bool *egress)
{
	const struct node *spec = node_get(np->root, "spec");
	const struct node *types = node_get(spec, "policyTypes");
	size_t i;

	if (!types) {
		*ingress = true;
		*egress = node_get(spec, "egress") != NULL;
		return;
	}
	*ingress = *egress = false;
	for (i = 0; i < node_count(types); i++) {
		if (node_str_eq(node_at(types, i), "Ingress"))
			*ingress = true;
		else if (node_str_eq(node_at(types, i), "Egress"))
			*egress = true;
	}
}

bool netpol_selects(const struct kobj *np, const struct node *labels)
{
	const struct node *sel = node_path(np->root, "spec.podSelector");

	if (!sel || sel->type == NODE_NULL)
		return true;
	return selector_matches(sel, labels);
}

struct netpol *netpol_build(const struct inventory *inv)
{
	struct netpol *n = xmalloc(sizeof(*n));
	const struct kobj *const *v;
	size_t cnt, i;

	memset(n, 0, sizeof(*n));
	v = inventory_kind(inv, "NetworkPolicy", &cnt);
	for (i = 0; i < cnt; i++) {
		const char *ns = kobj_ns(v[i]);
		void **slot = strmap_slot(&n->by_ns, ns, strlen(ns));
		struct ns_list *l = *slot;

		if (!l) {
			l = xmalloc(sizeof(*l));
			memset(l, 0, sizeof(*l));
			*slot = l;
		}
		if (l->n == l->alloc) {
			l->alloc = l->alloc ? l->alloc * 2 : 4;
			l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
		}
		l->v[l->n++] = v[i];
	}
	return n;
}

void netpol_free(struct netpol *n)
{
	size_t i = 0, kl;
	const char *k;
	void *val;

	if (!n)
		return;
	while (strmap_next(&n->by_ns, &i, &k, &kl, &val)) {
		struct ns_list *l = val;
		free(l->v);
		free(l);
	}
	strmap_release(&n->by_ns);
	free(n);
}

void netpol_cover(const struct netpol *n, const struct pod_view *pv,
		  struct netpol_cover *c)
{
	const char *ns = kobj_ns(pv->obj);
	const struct ns_list *l = strmap_get(&n->by_ns, ns, strlen(ns));
	const struct node *labels = node_get(pv->meta, "labels");
	size_t i;

	memset(c, 0, sizeof(*c));
	if (!l)
		return;
	c->ns_policies = l->n;
	for (i = 0; i < l->n; i++) {
		bool in, eg;

		if (!netpol_selects(l->v[i], labels))
			continue;
		netpol_types(l->v[i], &in, &eg);
		if (in && !c->ingress_by)
			c->ingress_by = l->v[i];
		if (eg && !c->egress_by)
			c->egress_by = l->v[i];
	}
}
