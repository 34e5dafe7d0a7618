#include "finding.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
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

/*
 * A finding's place in the sort, apart from the finding: cmp_finding()'s
 * fields one after another in a buffer of their own, each ended by a NUL,
 * so that comparing those bytes compares the fields in turn (strcmp()
 * compares unsigned chars too, and a NUL sorts before any other byte).
 * The first eight bytes are held in pfx, and the finding's index breaks
 * ties as the stable merge sort of glibc's qsort() does: most comparisons
 * read neither the finding nor the strings it points to, scattered
 * through the arena.
 */
struct sort_rec {
	uint64_t pfx; /* the first key bytes, big-endian, zero-padded */
	const unsigned char *key;
	uint32_t len, idx;
	struct finding *fd;
};

static int cmp_rec(const void *pa, const void *pb)
{
	const struct sort_rec *a = pa, *b = pb;
	int c;

	if (a->pfx != b->pfx)
		return a->pfx < b->pfx ? -1 : 1;
	c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void add_key(struct sbuf *sb, const char *s)
{
	if (sbuf_add(sb, s ? s : "", s ? strlen(s) + 1 : 1))
		oom();
}

/* fd's key (see struct sort_rec) appended to sb. */
static void sort_key(struct sbuf *sb, const struct finding *fd)
{
	/* severity high first: its complement */
	if (sbuf_addch(sb, (char)(unsigned char)(UCHAR_MAX - fd->severity)))
		oom();
	add_key(sb, fd->check ? fd->check->id : NULL);
	add_key(sb, fd->obj->kind);
	add_key(sb, kobj_ns(fd->obj));
	add_key(sb, fd->obj->name);
	add_key(sb, fd->container);
	add_key(sb, fd->nev ? fd->ev[0].path : NULL);
	add_key(sb, fd->fingerprint);
}

/* Whether every finding has an object: keys stand for cmp_finding(). */
static bool keys_can_sort(const struct findings *f)
{
	size_t i;

	if (f->n > UINT32_MAX)
		return false;
	for (i = 0; i < f->n; i++)
		if (!f->v[i]->obj)
			return false;
	return true;
}

/*
 * Sort f as cmp_finding() orders it, ties in the order they come, by the
 * keys of its findings in keys, the key of finding i at off[i].
 */
static void sort_by_keys(struct findings *f, const struct sbuf *keys,
			 const size_t *off)
{
	struct sort_rec *r = xrealloc_array(NULL, f->n, sizeof(*r));
	size_t i;

	for (i = 0; i < f->n; i++) {
		const unsigned char *k =
		    (const unsigned char *)keys->buf + off[i];
		size_t len = off[i + 1] - off[i], j;

		r[i].pfx = 0;
		for (j = 0; j < 8; j++)
			r[i].pfx = r[i].pfx << 8 | (j < len ? k[j] : 0);
		r[i].key = k;
		r[i].len = (uint32_t)len;
		r[i].idx = (uint32_t)i;
		r[i].fd = f->v[i];
	}
	qsort(r, f->n, sizeof(*r), cmp_rec);
	for (i = 0; i < f->n; i++)
		f->v[i] = r[i].fd;
	free(r);
}

/*
 * Ask for what the fingerprint and the key of finding i will read, a few
 * findings ahead, each step once the pointer to it should have arrived:
 * the findings, their objects and their strings lie scattered through the
 * arena, and waiting for them one after another was most of the time.
 */
static void prefetch(const struct findings *f, size_t i)
{
	const struct finding *fd;

	if (i + 12 < f->n)
		__builtin_prefetch(f->v[i + 12]);
	if (i + 8 < f->n) {
		fd = f->v[i + 8];
		__builtin_prefetch(fd->obj);
		__builtin_prefetch(fd->ev);
	}
	if (i + 4 < f->n) {
		fd = f->v[i + 4];
		if (fd->obj) {
			__builtin_prefetch(fd->obj->kind);
			__builtin_prefetch(fd->obj->ns);
			__builtin_prefetch(fd->obj->name);
		}
		__builtin_prefetch(fd->container);
		if (fd->nev)
			__builtin_prefetch(fd->ev[0].path);
	}
}

void findings_finish(struct findings *f)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	struct sbuf scratch = SBUF_INIT, keys = SBUF_INIT;
	bool by_keys = f->n > 1 && keys_can_sort(f);
	size_t i, *off = NULL;

	if (by_keys)
		off = xrealloc_array(NULL, f->n + 1, sizeof(*off));
	/* each key right after the fingerprint, its strings still cached */
	for (i = 0; i < f->n; i++) {
		prefetch(f, i);
		fingerprint(f->v[i], ctx, md, &scratch);
		if (by_keys) {
			off[i] = keys.len;
			sort_key(&keys, f->v[i]);
		}
	}
	sbuf_release(&scratch);
	EVP_MD_free(md);
	EVP_MD_CTX_free(ctx);
	if (by_keys) {
		off[f->n] = keys.len;
		sort_by_keys(f, &keys, off);
	} else if (f->n > 1) {
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
	}
	free(off);
	sbuf_release(&keys);
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
