#include "finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "arena.h"
#include "check.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"

void findings_init(struct findings *f, struct arena *a)
{
	memset(f, 0, sizeof(*f));
	f->arena = a;
}

void findings_release(struct findings *f)
{
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
}

static void push(struct findings *f, struct finding *fd)
{
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 32;
		f->v = xrealloc_array(f->v, f->alloc, sizeof(*f->v));
	}
	f->v[f->n++] = fd;
}

struct finding *finding_add(struct findings *f, const struct check *c,
			    const struct kobj *obj, const char *container,
			    const char *fmt, ...)
{
	struct finding *fd = arena_alloc(f->arena, sizeof(*fd));
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	fd->check = c;
	fd->obj = obj;
	fd->container = container ? arena_strdup(f->arena, container) : NULL;
	fd->severity = c ? c->severity : SEV_NONE;
	va_start(ap, fmt);
	if (sbuf_vaddf(&sb, fmt, ap))
		oom();
	va_end(ap);
	fd->message = arena_strndup(f->arena, sb.buf, sb.len);
	sbuf_release(&sb);
	push(f, fd);
	return fd;
}

void finding_evidence(struct findings *f, struct finding *fd,
		      const struct node *at, const char *path, const char *fmt,
		      ...)
{
	struct evidence *ev = arena_calloc(f->arena, fd->nev + 1, sizeof(*ev));
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	if (fd->nev)
		memcpy(ev, fd->ev, fd->nev * sizeof(*ev));
	va_start(ap, fmt);
	if (sbuf_vaddf(&sb, fmt, ap))
		oom();
	va_end(ap);
	ev[fd->nev].path = arena_strdup(f->arena, path);
	ev[fd->nev].value = arena_strndup(f->arena, sb.buf, sb.len);
	ev[fd->nev].line = at ? at->line : 0;
	ev[fd->nev].col = at ? at->col : 0;
	sbuf_release(&sb);
	fd->ev = ev;
	fd->nev++;
}

void finding_ns_defaulted(struct findings *f, struct finding *fd,
			  const struct kobj *obj)
{
	if (obj && obj->ns_defaulted && obj->ns)
		finding_evidence(f, fd, NULL, "metadata.namespace",
				 "unset: in '%s', where kubectl apply puts it",
				 obj->ns);
}

void finding_hop(struct findings *f, struct finding *fd, const struct kobj *obj,
		 const struct node *at, const char *path, const char *value,
		 const char *label)
{
	struct hop *h = arena_calloc(f->arena, fd->nhops + 1, sizeof(*h));

	if (fd->nhops)
		memcpy(h, fd->hops, fd->nhops * sizeof(*h));
	h[fd->nhops].obj = obj;
	h[fd->nhops].label = arena_strdup(f->arena, label ? label : "");
	h[fd->nhops].path = path ? arena_strdup(f->arena, path) : NULL;
	h[fd->nhops].value = value ? arena_strdup(f->arena, value) : NULL;
	h[fd->nhops].line = at ? at->line : 0;
	h[fd->nhops].col = at ? at->col : 0;
	fd->hops = h;
	fd->nhops++;
}

void findings_merge(struct findings *dst, struct findings *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		push(dst, src->v[i]);
	if (src->arena != dst->arena)
		arena_merge(dst->arena, src->arena);
	src->n = 0;
}

static void add_part(struct sbuf *sb, const char *s)
{
	if (sbuf_adds(sb, s ? s : "") || sbuf_addch(sb, '\0'))
		oom();
}

/*
 * The finding's fingerprint: the first 16 bytes of the SHA-256 of its
 * identity, in hex.  ctx and md are reused across findings (NULL: made
 * here each time); sb is scratch.
 */
static void fingerprint(struct finding *fd, EVP_MD_CTX *ctx,
			const EVP_MD *md_type, struct sbuf *scratch)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	struct sbuf sb = *scratch;
	size_t e;

	sbuf_reset(&sb);

	add_part(&sb, fd->check ? fd->check->id : "");
	if (fd->obj) {
		add_part(&sb, fd->obj->group);
		add_part(&sb, fd->obj->kind);
		add_part(&sb, kobj_ns(fd->obj));
		add_part(&sb, fd->obj->name);
	}
	add_part(&sb, fd->container);
	for (e = 0; e < fd->nev; e++)
		add_part(&sb, fd->ev[e].path);
	for (e = 0; e < fd->nhops; e++) {
		const struct kobj *o = fd->hops[e].obj;
		add_part(&sb, o ? o->kind : "");
		add_part(&sb, o ? kobj_ns(o) : "");
		add_part(&sb, o ? o->name : fd->hops[e].label);
	}
	if (ctx && md_type
		? !EVP_DigestInit_ex(ctx, md_type, NULL) ||
		      !EVP_DigestUpdate(ctx, sb.buf, sb.len) ||
		      !EVP_DigestFinal_ex(ctx, md, &mdlen)
		: !EVP_Digest(sb.buf, sb.len, md, &mdlen, EVP_sha256(), NULL))
		mdlen = 0;
	*scratch = sb;
	for (i = 0; i < 16 && i < mdlen; i++) {
		fd->fingerprint[2 * i] = hex[md[i] >> 4];
		fd->fingerprint[2 * i + 1] = hex[md[i] & 15];
	}
	fd->fingerprint[2 * i] = '\0';
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp0(a->check ? a->check->id : NULL,
			 b->check ? b->check->id : NULL)))
		return c;
	if (a->obj && b->obj) {
		if ((c = strcmp(a->obj->kind, b->obj->kind)) ||
		    (c = strcmp(kobj_ns(a->obj), kobj_ns(b->obj))) ||
		    (c = strcmp(a->obj->name, b->obj->name)))
			return c;
	}
	if ((c = strcmp0(a->container, b->container)))
		return c;
	if ((c = strcmp0(a->nev ? a->ev[0].path : NULL,
			 b->nev ? b->ev[0].path : NULL)))
		return c;
	return strcmp(a->fingerprint, b->fingerprint);
}

void findings_finish(struct findings *f)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	struct sbuf scratch = SBUF_INIT;
	size_t i;

	for (i = 0; i < f->n; i++)
		fingerprint(f->v[i], ctx, md, &scratch);
	sbuf_release(&scratch);
	EVP_MD_free(md);
	EVP_MD_CTX_free(ctx);
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
}

void finding_location(const struct finding *fd, unsigned *line, unsigned *col)
{
	size_t i;

	for (i = 0; i < fd->nev; i++)
		if (fd->ev[i].line) {
			*line = fd->ev[i].line;
			*col = fd->ev[i].col;
			return;
		}
	*line = fd->obj ? fd->obj->line : 0;
	*col = fd->obj ? fd->obj->col : 0;
}
