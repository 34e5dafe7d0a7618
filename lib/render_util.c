#include "render_util.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "markup.h"
#include "render.h"
#include "sbuf.h"
#include "scan.h"

long render_check_index(const struct check *const *list, size_t n,
			const struct check *c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == c)
			return (long)i;
	return -1;
}

const struct check **render_checks(const struct report *r, size_t *n)
{
	size_t cap = r->nresults + (r->findings ? r->findings->n : 0) + 1;
	const struct check **v = xrealloc_array(NULL, cap, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < r->nresults; i++)
		if (r->results[i].check &&
		    render_check_index(v, k, r->results[i].check) < 0)
			v[k++] = r->results[i].check;
	for (i = 0; r->findings && i < r->findings->n; i++) {
		const struct check *c = r->findings->v[i]->check;
		if (c && render_check_index(v, k, c) < 0)
			v[k++] = c;
	}
	v[k] = NULL;
	*n = k;
	return v;
}

const struct check_result *render_result(const struct report *r,
					 const struct check *c)
{
	size_t i;

	for (i = 0; i < r->nresults; i++)
		if (r->results[i].check == c)
			return &r->results[i];
	return NULL;
}

int render_objref(struct sbuf *sb, const struct kobj *o)
{
	if (!o)
		return sbuf_adds(sb, "(no object)");
	if (o->ns)
		return sbuf_addf(sb, "%s %s/%s", o->kind, o->ns, o->name);
	if (kind_is_cluster_scoped(o->kind))
		return sbuf_addf(sb, "%s %s", o->kind, o->name);
	return sbuf_addf(sb, "%s %s (namespace unset)", o->kind, o->name);
}

static bool named_file(const char *f)
{
	return f && *f && strcmp(f, "-") && f[0] != '<';
}

int render_artifact_uri(struct sbuf *sb, const struct report *r,
			const struct kobj *o, bool *synthetic)
{
	const char *src = r->scan ? r->scan->meta.source : NULL;
	bool manifests = !src || !strcmp(src, "manifests");
	const char *f = o ? o->file : NULL;
	int rc = 0;

	if (manifests && named_file(f)) {
		if (synthetic)
			*synthetic = false;
		while (f[0] == '.' && f[1] == '/')
			f += 2;
		if (f[0] == '/')
			rc |= sbuf_adds(sb, "file://");
		return rc | markup_uri_path(sb, f);
	}
	if (synthetic)
		*synthetic = true;
	rc |= sbuf_adds(sb, "k8s/");
	if (!o)
		return rc | sbuf_adds(sb, "_cluster/_unknown.yaml");
	rc |= markup_uri_path(sb, o->ns ? o->ns : "_cluster");
	rc |= sbuf_addch(sb, '/');
	rc |= markup_uri_path(sb, o->kind);
	rc |= sbuf_addch(sb, '/');
	/* a name never holds '/', but keep the URI one segment if it does */
	{
		const char *p;
		for (p = o->name; *p; p++) {
			char one[2] = { *p, 0 };
			rc |= *p == '/' ? sbuf_adds(sb, "%2F") :
					  markup_uri_path(sb, one);
		}
	}
	return rc | sbuf_adds(sb, ".yaml");
}

size_t render_count(const struct report *r, const struct check *c,
		    bool suppressed)
{
	size_t i, n = 0;

	for (i = 0; r->findings && i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		if (fd->check == c && (fd->suppressed_by != NULL) == suppressed)
			n++;
	}
	return n;
}
