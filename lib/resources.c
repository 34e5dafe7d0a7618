#include "resources.h"

#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "arena.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "strmap.h"
#include "workload.h"

static bool in_ns(const struct kobj *o, const char *ns)
{
	return !strcmp(kobj_ns(o), ns ? ns : "");
}

/* The LimitRanges of one namespace, in input order. */
struct range_list {
	const struct kobj **v;
	size_t n, alloc;
};

struct res_ranges {
	struct strmap by_ns; /* namespace -> struct range_list */
};

struct res_ranges *res_ranges_build(const struct inventory *inv)
{
	struct res_ranges *r = xmalloc(sizeof(*r));
	const struct kobj *const *v;
	size_t n, i;

	memset(r, 0, sizeof(*r));
	v = inventory_kind(inv, "LimitRange", &n);
	for (i = 0; i < n; i++) {
		const char *ns = kobj_ns(v[i]);
		void **slot = strmap_slot(&r->by_ns, ns, strlen(ns));
		struct range_list *l = *slot;

		if (!l) {
			l = xmalloc(sizeof(*l));
			memset(l, 0, sizeof(*l));
			*slot = l;
		}
		if (l->n == l->alloc) {
			l->alloc = l->alloc ? l->alloc * 2 : 2;
			l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
		}
		l->v[l->n++] = v[i];
	}
	return r;
}

void res_ranges_free(struct res_ranges *r)
{
	size_t i = 0, kl;
	const char *k;
	void *v;

	if (!r)
		return;
	while (strmap_next(&r->by_ns, &i, &k, &kl, &v)) {
		struct range_list *l = v;
		free(l->v);
		free(l);
	}
	strmap_release(&r->by_ns);
	free(r);
}

static void *ranges_make(const struct scan *s)
{
	return res_ranges_build(s->inv);
}

static void ranges_free(void *v)
{
	res_ranges_free(v);
}

const struct res_ranges *res_ranges_of(const struct scan *s,
				       struct res_ranges **own)
{
	const struct res_ranges *r =
	    scan_lazy_get(s, SCAN_LAZY_RANGES, ranges_make, ranges_free);

	*own = r ? NULL : res_ranges_build(s->inv);
	return r ? r : *own;
}

/* The first Container item of a LimitRange in ns with section.resource. */
static const struct node *range_value(const struct res_ranges *r,
				      const char *ns, const char *section,
				      const char *resource,
				      const struct kobj **from)
{
	const struct range_list *l;
	size_t i, j;

	if (!ns)
		ns = "";
	l = strmap_get(&r->by_ns, ns, strlen(ns));
	for (i = 0; l && i < l->n; i++) {
		const struct node *items =
		    node_path(l->v[i]->root, "spec.limits");
		for (j = 0; j < node_count(items); j++) {
			const struct node *it = node_at(items, j);
			const struct node *val =
			    node_get(node_get(it, section), resource);
			if (!node_str_eq(node_get(it, "type"), "Container") ||
			    !val || val->type == NODE_NULL)
				continue;
			*from = l->v[i];
			return val;
		}
	}
	return NULL;
}

static const struct node *own(const struct node *c, const char *section,
			      const char *resource)
{
	const struct node *v =
	    node_get(node_get(node_get(c, "resources"), section), resource);

	return v && v->type != NODE_NULL ? v : NULL;
}

void res_effective(const struct res_ranges *r, const char *ns,
		   const struct node *c, const char *resource, bool want_limit,
		   struct res_value *out)
{
	const struct kobj *lr = NULL;
	const struct node *v;

	memset(out, 0, sizeof(*out));
	if ((v = own(c, want_limit ? "limits" : "requests", resource))) {
		out->from = RES_CONTAINER;
		out->at = v;
		return;
	}
	if (!want_limit && (v = own(c, "limits", resource))) {
		out->from = RES_FROM_LIMIT;
		out->at = v;
		return;
	}
	if (!want_limit &&
	    (v = range_value(r, ns, "defaultRequest", resource, &lr))) {
		out->from = RES_LIMITRANGE;
		out->at = v;
		out->range = lr;
		return;
	}
	if ((v = range_value(r, ns, "default", resource, &lr))) {
		out->from = RES_LIMITRANGE;
		out->at = v;
		out->range = lr;
	}
}

void res_pod_effective(const struct node *spec, const char *resource,
		       bool want_limit, struct res_value *out)
{
	const struct node *v;

	memset(out, 0, sizeof(*out));
	if ((v = own(spec, want_limit ? "limits" : "requests", resource)) ||
	    (!want_limit && (v = own(spec, "limits", resource)))) {
		out->from = RES_POD;
		out->at = v;
	}
}

static bool names_compute(const char *key)
{
	static const char *const keys[] = {
		"cpu",	      "memory",		 "requests.cpu",
		"limits.cpu", "requests.memory", "limits.memory",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

bool res_quota_caps_compute(const struct inventory *inv, const char *ns,
			    const struct kobj **quota, bool *any)
{
	const struct kobj *const *v;
	size_t n, i, j;

	if (any)
		*any = false;
	if (quota)
		*quota = NULL;
	v = inventory_kind(inv, "ResourceQuota", &n);
	for (i = 0; i < n; i++) {
		const struct node *hard, *val;
		const char *key;
		if (!in_ns(v[i], ns))
			continue;
		if (any)
			*any = true;
		hard = node_path(v[i]->root, "spec.hard");
		for (j = 0; node_member_at(hard, j, &key, &val); j++) {
			if (!names_compute(key))
				continue;
			if (quota)
				*quota = v[i];
			return true;
		}
	}
	return false;
}

bool res_has_limitrange(const struct inventory *inv, const char *ns,
			const struct kobj **first)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(inv, "LimitRange", &n);
	for (i = 0; i < n; i++) {
		if (in_ns(v[i], ns)) {
			if (first)
				*first = v[i];
			return true;
		}
	}
	return false;
}

struct finding *res_report_missing(const struct res_ranges *r,
				   const struct wl_iter *it, bool limits,
				   const struct check *ck,
				   const char *const words[3],
				   struct findings *out, bool *one_missing)
{
	const char *ns = kobj_ns(it->pv->obj);
	const struct node *res = node_get(it->c, "resources");
	struct res_value cpu, mem;
	char path[WL_PATH_MAX + 32];
	struct finding *fd;
	const char *what;

	res_effective(r, ns, it->c, "cpu", limits, &cpu);
	res_effective(r, ns, it->c, "memory", limits, &mem);
	if (cpu.from == RES_NONE)
		res_pod_effective(it->pv->spec, "cpu", limits, &cpu);
	if (mem.from == RES_NONE)
		res_pod_effective(it->pv->spec, "memory", limits, &mem);
	*one_missing = false;
	if (cpu.from != RES_NONE && mem.from != RES_NONE)
		return NULL;
	if (cpu.from == RES_NONE && mem.from == RES_NONE)
		what = words[0];
	else if (mem.from == RES_NONE)
		what = words[1];
	else
		what = words[2];
	*one_missing = cpu.from != RES_NONE || mem.from != RES_NONE;
	fd = finding_add(out, ck, it->pv->obj, it->name, "%s '%s' has %s",
			 wl_list_noun(it->list), it->name, what);
	fmt_snprintf(path, sizeof(path), "%s.resources.%s", it->path,
		     limits ? "limits" : "requests");
	finding_evidence(out, fd, res ? res : it->c, path, "%s",
			 mem.from == RES_NONE ? "memory unset" : "cpu unset");
	return fd;
}
