#include "baseline.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "jsonw.h"
#include "load/load.h"
#include "node.h"
#include "reportread.h"
#include "safefile.h"
#include "sbuf.h"
#include "strmap.h"

struct baseline {
	struct baseline_entry *v;
	size_t n, alloc;
	struct strmap by_fp; /* fingerprint -> entry index + 1 */
};

struct baseline *baseline_new(void)
{
	struct baseline *b = xmalloc(sizeof(*b));

	memset(b, 0, sizeof(*b));
	return b;
}

void baseline_free(struct baseline *b)
{
	if (!b)
		return;
	strmap_release(&b->by_fp);
	free(b->v);
	free(b);
}

/* Append e unless its fingerprint is already there. */
static void add(struct baseline *b, const struct baseline_entry *e)
{
	void **slot =
	    strmap_slot(&b->by_fp, e->fingerprint, strlen(e->fingerprint));

	if (*slot)
		return;
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? b->alloc * 2 : 64;
		b->v = xrealloc_array(b->v, b->alloc, sizeof(*b->v));
	}
	b->v[b->n++] = *e;
	*slot = (void *)(uintptr_t)b->n;
}

static const char *dup_or(struct arena *a, const char *s, const char *dflt)
{
	return s ? arena_strdup(a, s) : dflt;
}

static int schema_err(struct diag *d, const char *file, const struct node *at,
		      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int schema_err(struct diag *d, const char *file, const struct node *at,
		      const char *fmt, ...)
{
	struct srcloc loc = { file, at ? at->line : 0, node_col(at) };
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_set(d, DIAG_SCHEMA, &loc, "%s", msg);
}

/* The entry of finding f (an object with a fingerprint), strings in a. */
static void entry_of(struct arena *a, const struct node *f,
		     struct baseline_entry *e)
{
	const struct node *o = node_get(f, "object");
	const char *check = node_get_str(f, "checkId");

	if (!check)
		check = node_get_str(f, "check");
	e->fingerprint = arena_strdup(a, node_get_str(f, "fingerprint"));
	e->check = dup_or(a, check, "");
	e->severity = dup_or(a, node_get_str(f, "severity"), "");
	e->kind = dup_or(a, node_get_str(o, "kind"), "");
	e->ns = dup_or(a, node_get_str(o, "namespace"), "");
	e->name = dup_or(a, node_get_str(o, "name"), "");
	e->container = dup_or(a, node_get_str(f, "container"), NULL);
	e->message = dup_or(a, node_get_str(f, "message"), "");
	e->suppressed = node_get_str(f, "suppressedBy") != NULL;
}

int baseline_load_tree(struct baseline *b, struct arena *a, const char *file,
		       const struct node *root, struct diag *d)
{
	const struct node *list = node_get(root, "findings");
	size_t i;

	if (!root || root->type != NODE_OBJECT || !list ||
	    list->type != NODE_ARRAY) {
		const struct node *at = list ? list : root;
		struct srcloc loc = { file, at ? at->line : 0, node_col(at) };

		return diag_set(d, DIAG_SCHEMA, &loc,
				"expected a threatmap "
				"JSON report with a 'findings' array");
	}
	/* validate first, so a bad report adds nothing */
	for (i = 0; i < node_len(list); i++) {
		const struct node *f = node_at(list, i);
		const struct node *fp = node_get(f, "fingerprint");

		if (f->type != NODE_OBJECT)
			return schema_err(d, file, f,
					  "expected 'findings[%zu]'"
					  " to be an object",
					  i);
		if (!fp || fp->type != NODE_STRING || !node_len(fp))
			return schema_err(d, file, fp ? fp : f,
					  "expected 'findings[%zu].fingerprint'"
					  " (a non-empty string)",
					  i);
	}
	for (i = 0; i < node_len(list); i++) {
		struct baseline_entry e;

		entry_of(a, node_at(list, i), &e);
		add(b, &e);
	}
	return 0;
}

int baseline_load(struct baseline *b, struct arena *a, const char *file,
		  const char *buf, size_t len, struct diag *d)
{
	struct node *root = load_tree(a, file, buf, len, NULL, d);

	if (!root)
		return d && d->code ? (int)d->code : DIAG_PARSE;
	return baseline_load_tree(b, a, file, root, d);
}

/* A report read in pieces: its entries go straight into b. */
struct stream_ctx {
	struct arena *a;
	struct baseline *b;
	struct strmap shared; /* texts that repeat: check, object, ... */
};

/* s (NULL: dflt) in a, one copy of each text. */
static const char *shared(struct stream_ctx *c, const char *s, const char *dflt)
{
	size_t len;
	char *t;

	if (!s)
		return dflt;
	len = strlen(s);
	if ((t = strmap_get(&c->shared, s, len)) == NULL) {
		/* the map keeps the key: the copy, not the item's text */
		t = arena_strndup(c->a, s, len);
		strmap_put(&c->shared, t, len, t);
	}
	return t;
}

static int stream_item(void *ctx, const struct node *f)
{
	struct stream_ctx *c = ctx;
	const struct node *fp = node_get(f, "fingerprint");
	const struct node *o = node_get(f, "object");
	const char *check = node_get_str(f, "checkId");
	struct baseline_entry e;

	/* what baseline_load_tree() refuses: load whole for its error */
	if (!node_is(f, NODE_OBJECT) || !node_is(fp, NODE_STRING) ||
	    !node_len(fp))
		return -1;
	/* entry_of(), with the texts that repeat shared */
	if (!check)
		check = node_get_str(f, "check");
	e.fingerprint = arena_strdup(c->a, node_str(fp));
	e.check = shared(c, check, "");
	e.severity = shared(c, node_get_str(f, "severity"), "");
	e.kind = shared(c, node_get_str(o, "kind"), "");
	e.ns = shared(c, node_get_str(o, "namespace"), "");
	e.name = shared(c, node_get_str(o, "name"), "");
	e.container = shared(c, node_get_str(f, "container"), NULL);
	e.message = dup_or(c->a, node_get_str(f, "message"), "");
	e.suppressed = node_get_str(f, "suppressedBy") != NULL;
	add(c->b, &e);
	return 0;
}

/* The members of a finding that entry_of() reads. */
static const char *const finding_paths[] = {
	"findings[].fingerprint", "findings[].checkId",
	"findings[].check",	  "findings[].severity",
	"findings[].object.kind", "findings[].object.namespace",
	"findings[].object.name", "findings[].container",
	"findings[].message",	  "findings[].suppressedBy",
};

/*
 * 0 when fd was read in pieces and its findings added to b (empty), else
 * -1 with b left empty.
 */
static int load_stream(struct baseline *b, struct arena *a, int fd, size_t cap)
{
	struct stream_ctx c = { .a = a, .b = b };
	struct rr_spec spec = {
		.paths = finding_paths,
		.npaths = sizeof(finding_paths) / sizeof(finding_paths[0]),
		.items = "findings",
		.on_item = stream_item,
		.ctx = &c,
	};
	struct node *root;
	int rc = rr_read(fd, cap, a, &spec, &root);

	if (!rc && !node_is(node_get(root, "findings"), NODE_ARRAY))
		rc = -1;
	strmap_release(&c.shared);
	if (rc) {
		strmap_release(&b->by_fp);
		b->n = 0;
	}
	return rc;
}

int baseline_load_file(struct baseline *b, struct arena *a, const char *path,
		       struct diag *d)
{
	struct sbuf sb = SBUF_INIT;
	struct stat st;
	size_t cap = input_limit();
	int fd, rc;

	if ((rc = safefile_open_read(path, cap, true, true, &fd, d)))
		return rc;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode)) {
		struct baseline *t = b->n ? baseline_new() : b;
		size_t i;

		rc = load_stream(t, a, fd, cap);
		close(fd);
		for (i = 0; t != b && i < t->n; i++)
			add(b, &t->v[i]);
		if (t != b)
			baseline_free(t);
		if (!rc)
			return 0;
		/* read it whole as it always was, for the same error */
		if ((rc = safefile_read(path, cap, true, true, &sb, d)) == 0)
			rc = baseline_load(b, a, path, sb.buf, sb.len, d);
	} else {
		if ((rc = safefile_read_fd(fd, path, cap, &sb, d)) == 0)
			rc = baseline_load(b, a, path, sb.buf, sb.len, d);
		close(fd);
	}
	sbuf_release(&sb);
	return rc;
}

void baseline_add_findings(struct baseline *b, struct arena *a,
			   const struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct finding *fd = f->v[i];
		struct baseline_entry e;

		e.fingerprint = arena_strdup(a, finding_fp(fd));
		e.check = fd->check ? fd->check->id : "";
		e.severity = severity_name(fd->severity);
		e.kind = fd->obj ? fd->obj->kind : "";
		e.ns = fd->obj ? kobj_ns(fd->obj) : "";
		e.name = fd->obj ? fd->obj->name : "";
		e.container = fd->container;
		e.message = fd->message;
		e.suppressed = fd->suppressed_by != NULL;
		add(b, &e);
	}
}

size_t baseline_count(const struct baseline *b)
{
	return b ? b->n : 0;
}

const struct baseline_entry *baseline_at(const struct baseline *b, size_t i)
{
	return b && i < b->n ? &b->v[i] : NULL;
}

bool baseline_has(const struct baseline *b, const char *fingerprint)
{
	return b && strmap_get(&b->by_fp, fingerprint, strlen(fingerprint));
}

size_t baseline_filter(struct findings *f, const struct baseline *old,
		       struct findings *known)
{
	size_t i, k = 0;

	for (i = 0; i < f->n; i++) {
		if (!baseline_has(old, finding_fp(f->v[i]))) {
			f->v[k++] = f->v[i];
			continue;
		}
		if (!known)
			continue;
		if (known->n == known->alloc) {
			known->alloc = known->alloc ? known->alloc * 2 : 64;
			known->v = xrealloc_array(known->v, known->alloc,
						  sizeof(*known->v));
		}
		known->v[known->n++] = f->v[i];
	}
	i = f->n - k;
	f->n = k;
	return i;
}

static void push(const struct baseline_entry ***v, size_t *n,
		 const struct baseline_entry *e)
{
	*v = xrealloc_array(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = e;
}

void baseline_diff(const struct baseline *old, const struct baseline *new_,
		   struct baseline_diff *d)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < baseline_count(new_); i++) {
		const struct baseline_entry *e = &new_->v[i];

		if (baseline_has(old, e->fingerprint))
			push(&d->unchanged, &d->nunchanged, e);
		else
			push(&d->added, &d->nadded, e);
	}
	for (i = 0; i < baseline_count(old); i++)
		if (!baseline_has(new_, old->v[i].fingerprint))
			push(&d->fixed, &d->nfixed, &old->v[i]);
}

void baseline_diff_release(struct baseline_diff *d)
{
	free(d->added);
	free(d->fixed);
	free(d->unchanged);
	memset(d, 0, sizeof(*d));
}

static int text_line(struct sbuf *sb, const char *tag,
		     const struct baseline_entry *e)
{
	int rc = sbuf_addf(sb, "%-9s %-8s %s %s", tag, e->severity, e->check,
			   e->kind);

	rc |= *e->ns ? sbuf_addf(sb, " %s/%s", e->ns, e->name)
		     : sbuf_addf(sb, " %s", e->name);
	if (e->container)
		rc |= sbuf_addf(sb, " container %s", e->container);
	if (e->suppressed)
		rc |= sbuf_adds(sb, " (suppressed)");
	rc |= sbuf_addf(sb, ": %s [%s]\n", e->message, e->fingerprint);
	return rc ? -1 : 0;
}

int baseline_diff_text(const struct baseline_diff *d, struct sbuf *out)
{
	int rc = sbuf_addf(out, "%zu new, %zu fixed, %zu unchanged\n",
			   d->nadded, d->nfixed, d->nunchanged);
	size_t i;

	for (i = 0; i < d->nadded; i++)
		rc |= text_line(out, "new", d->added[i]);
	for (i = 0; i < d->nfixed; i++)
		rc |= text_line(out, "fixed", d->fixed[i]);
	for (i = 0; i < d->nunchanged; i++)
		rc |= text_line(out, "unchanged", d->unchanged[i]);
	return rc ? DIAG_LIMIT : 0;
}

static void json_list(struct jsonw *w, const char *key,
		      const struct baseline_entry *const *v, size_t n)
{
	size_t i;

	jsonw_karr_open(w, key);
	for (i = 0; i < n; i++) {
		const struct baseline_entry *e = v[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "fingerprint", e->fingerprint);
		jsonw_kstr(w, "checkId", e->check);
		jsonw_kstr(w, "severity", e->severity);
		jsonw_kobj_open(w, "object");
		jsonw_kstr(w, "kind", e->kind);
		jsonw_kstr(w, "namespace", *e->ns ? e->ns : NULL);
		jsonw_kstr(w, "name", e->name);
		jsonw_obj_close(w);
		jsonw_kstr(w, "container", e->container);
		jsonw_kstr(w, "message", e->message);
		jsonw_kbool(w, "suppressed", e->suppressed);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

int baseline_diff_json(const struct baseline_diff *d, const char *old_name,
		       const char *new_name, struct sbuf *out)
{
	struct jsonw w;

	jsonw_init(&w, out);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", BASELINE_DIFF_SCHEMA_VERSION);
	jsonw_kstr(&w, "old", old_name);
	jsonw_kstr(&w, "new", new_name);
	jsonw_kobj_open(&w, "summary");
	jsonw_kint(&w, "new", (long long)d->nadded);
	jsonw_kint(&w, "fixed", (long long)d->nfixed);
	jsonw_kint(&w, "unchanged", (long long)d->nunchanged);
	jsonw_obj_close(&w);
	json_list(&w, "new", d->added, d->nadded);
	json_list(&w, "fixed", d->fixed, d->nfixed);
	json_list(&w, "unchanged", d->unchanged, d->nunchanged);
	jsonw_obj_close(&w);
	return jsonw_finish(&w) ? DIAG_LIMIT : 0;
}
