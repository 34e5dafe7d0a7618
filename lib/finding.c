#include "finding.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <openssl/evp.h>

#include "arena.h"
#include "check.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"
#include "strmap.h"

void findings_init(struct findings *f, struct arena *a)
{
	memset(f, 0, sizeof(*f));
	f->arena = a;
}

static void release_texts(struct findings *f)
{
	if (f->texts) {
		strmap_release(f->texts);
		free(f->texts);
		f->texts = NULL;
	}
}

void findings_release(struct findings *f)
{
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
	free(f->folds);
	f->folds = NULL;
	f->nfolds = f->afolds = 0;
	f->quoting = 0;
	release_texts(f);
}

/* The one copy of s (len bytes) among f's texts, in f's arena. */
static const char *text(struct findings *f, const char *s, size_t len)
{
	char *copy;

	if (!f->texts) {
		f->texts = calloc(1, sizeof(*f->texts));
		if (!f->texts)
			oom();
	} else if ((copy = strmap_get(f->texts, s, len)))
		return copy;
	copy = arena_strndup(f->arena, s, len);
	strmap_put(f->texts, copy, len, copy);
	return copy;
}

static const char *text_z(struct findings *f, const char *s)
{
	return text(f, s, strlen(s));
}

/*
 * The text fmt makes of ap: formatted on the stack when it fits (nearly
 * always), else into a heap buffer sized by that first try.
 */
static const char *text_vf(struct findings *f, const char *fmt, va_list ap)
{
	char tmp[512];
	struct sbuf sb = SBUF_INIT;
	const char *t;
	va_list cp;
	int n;

	/* "%s" of a string (most evidence values): the string itself */
	if (fmt[0] == '%' && fmt[1] == 's' && !fmt[2]) {
		va_copy(cp, ap);
		t = va_arg(cp, const char *);
		va_end(cp);
		if (t)
			return text_z(f, t);
	}
	va_copy(cp, ap);
	n = fmt_vsnprintf(tmp, sizeof(tmp), fmt, cp);
	va_end(cp);
	if (n < 0)
		oom();
	if ((size_t)n < sizeof(tmp))
		return text(f, tmp, (size_t)n);
	if (sbuf_vaddf(&sb, fmt, ap))
		oom();
	t = text(f, sb.buf, sb.len);
	sbuf_release(&sb);
	return t;
}

void findings_texts_done(struct findings *f)
{
	release_texts(f);
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
	/* pointers and unsigned at most: 8 bytes of alignment do */
	struct finding *fd = arena_alloc8(f->arena, sizeof(*fd));
	va_list ap;

	fd->check = c;
	fd->obj = obj;
	fd->container = container ? text_z(f, container) : NULL;
	fd->severity = c ? c->severity : SEV_NONE;
	va_start(ap, fmt);
	fd->message = text_vf(f, fmt, ap);
	va_end(ap);
	push(f, fd);
	return fd;
}

bool finding_path_quotes_args(const char *path)
{
	return path && (strstr(path, "args[") || strstr(path, "command["));
}

void finding_evidence(struct findings *f, struct finding *fd,
		      const struct node *at, const char *path, const char *fmt,
		      ...)
{
	struct evidence *ev =
	    arena_alloc8(f->arena, (fd->nev + 1) * sizeof(*ev));
	va_list ap;

	if (fd->nev)
		memcpy(ev, fd->ev, fd->nev * sizeof(*ev));
	ev[fd->nev].path = text_z(f, path);
	if (finding_path_quotes_args(path))
		f->quoting++;
	va_start(ap, fmt);
	ev[fd->nev].value = text_vf(f, fmt, ap);
	va_end(ap);
	ev[fd->nev].line = at ? at->line : 0;
	ev[fd->nev].col = node_col(at);
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
	struct hop *h;

	/* no attack path comes near; the count is 16 bits */
	if (fd->nhops == USHRT_MAX)
		return;
	h = arena_alloc8(f->arena, (fd->nhops + 1) * sizeof(*h));

	if (fd->nhops)
		memcpy(h, fd->hops, fd->nhops * sizeof(*h));
	h[fd->nhops].obj = obj;
	h[fd->nhops].label = text_z(f, label ? label : "");
	h[fd->nhops].path = path ? text_z(f, path) : NULL;
	h[fd->nhops].value = value ? text_z(f, value) : NULL;
	h[fd->nhops].line = at ? at->line : 0;
	h[fd->nhops].col = node_col(at);
	fd->hops = h;
	fd->nhops++;
}

static struct fold *fold_push(struct findings *f)
{
	if (f->nfolds == f->afolds) {
		f->afolds = f->afolds ? 2 * f->afolds : 16;
		f->folds =
		    xrealloc_array(f->folds, f->afolds, sizeof(*f->folds));
	}
	memset(&f->folds[f->nfolds], 0, sizeof(*f->folds));
	return &f->folds[f->nfolds++];
}

void finding_fold(struct findings *f, const struct check *c,
		  const char *subject, const struct kobj *binding)
{
	struct fold *fo = fold_push(f);

	fo->check = c;
	fo->subject = text_z(f, subject);
	fo->binding = binding;
	f->folded++;
}

void finding_fold_into(struct findings *f, const struct finding *fd,
		       const char *subject, bool on_binding)
{
	struct fold *fo = fold_push(f);

	fo->target = fd;
	fo->subject = text_z(f, subject);
	fo->binding = on_binding ? fd->obj : NULL;
}

void findings_merge(struct findings *dst, struct findings *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		push(dst, src->v[i]);
	for (i = 0; i < src->nfolds; i++)
		*fold_push(dst) = src->folds[i];
	src->nfolds = 0;
	dst->quoting += src->quoting;
	src->quoting = 0;
	if (src->arena != dst->arena)
		arena_merge(dst->arena, src->arena);
	src->n = 0;
	release_texts(src); /* its texts stay in dst's arena */
}

/*
 * What fingerprint() hashes, built in a buffer: on the stack while it
 * fits (nearly always), else in the heap scratch buffer.
 */
struct fp_input {
	char *buf;
	size_t len, alloc;
	struct sbuf *heap;
	bool in_heap; /* buf is heap's */
};

/* s (NULL: "") and its terminating NUL. */
static void add_part(struct fp_input *in, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 1;

	if (!in->in_heap && n <= in->alloc - in->len) {
		if (s)
			memcpy(in->buf + in->len, s, n);
		else
			in->buf[in->len] = '\0';
		in->len += n;
		return;
	}
	if (!in->in_heap) {
		sbuf_reset(in->heap);
		if (sbuf_add(in->heap, in->buf, in->len))
			oom();
		in->in_heap = true;
	}
	if (sbuf_add(in->heap, s ? s : "", n))
		oom();
	in->buf = in->heap->buf;
	in->len = in->heap->len;
}

/*
 * The finding's fingerprint: the first 16 bytes of the SHA-256 of its
 * identity.  ctx and md are reused across findings (NULL: made
 * here each time); scratch holds an identity too long for the stack.
 */
static void fingerprint(struct finding *fd, EVP_MD_CTX *ctx,
			const EVP_MD *md_type, struct sbuf *scratch)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	char stack[512];
	struct fp_input in = { stack, 0, sizeof(stack), scratch, false };
	size_t e;

	add_part(&in, fd->check ? fd->check->id : "");
	if (fd->obj) {
		add_part(&in, fd->obj->group);
		add_part(&in, fd->obj->kind);
		add_part(&in, kobj_ns(fd->obj));
		add_part(&in, fd->obj->name);
	}
	add_part(&in, fd->container);
	for (e = 0; e < fd->nev; e++)
		add_part(&in, fd->ev[e].path);
	for (e = 0; e < fd->nhops; e++) {
		const struct kobj *o = fd->hops[e].obj;
		add_part(&in, o ? o->kind : "");
		add_part(&in, o ? kobj_ns(o) : "");
		add_part(&in, o ? o->name : fd->hops[e].label);
	}
	if (ctx && md_type
		? !EVP_DigestInit_ex(ctx, md_type, NULL) ||
		      !EVP_DigestUpdate(ctx, in.buf, in.len) ||
		      !EVP_DigestFinal_ex(ctx, md, &mdlen)
		: !EVP_Digest(in.buf, in.len, md, &mdlen, EVP_sha256(), NULL))
		mdlen = 0;
	for (i = 0; i < sizeof(fd->fingerprint); i++)
		fd->fingerprint[i] = i < mdlen ? md[i] : 0;
}

struct finding_hasher {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
	struct sbuf scratch;
};

struct finding_hasher *finding_hasher_new(void)
{
	struct finding_hasher *h = xmalloc(sizeof(*h));

	h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	h->ctx = EVP_MD_CTX_new();
	h->scratch = (struct sbuf)SBUF_INIT;
	return h;
}

void finding_hasher_free(struct finding_hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	sbuf_release(&h->scratch);
	free(h);
}

void findings_fingerprint(struct findings *f, size_t from,
			  struct finding_hasher *h)
{
	for (; from < f->n; from++)
		fingerprint(f->v[from], h->ctx, h->md, &h->scratch);
}

const char *finding_fp_hex(const struct finding *fd, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	/* two bytes a step, a digit in each nibble of a 32-bit word */
	for (i = 0; i < sizeof(fd->fingerprint); i += 2) {
		unsigned a = fd->fingerprint[i], b = fd->fingerprint[i + 1];

		buf[2 * i] = hex[a >> 4];
		buf[2 * i + 1] = hex[a & 15];
		buf[2 * i + 2] = hex[b >> 4];
		buf[2 * i + 3] = hex[b & 15];
	}
	buf[2 * i] = '\0';
	return buf;
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
		if ((c = strcmp(kobj_kind_key(a->obj),
				kobj_kind_key(b->obj))) ||
		    (c = strcmp(kobj_ns(a->obj), kobj_ns(b->obj))) ||
		    (c = strcmp(a->obj->name, b->obj->name)))
			return c;
	}
	if ((c = strcmp0(a->container, b->container)))
		return c;
	if ((c = strcmp0(a->nev ? a->ev[0].path : NULL,
			 b->nev ? b->ev[0].path : NULL)))
		return c;
	return memcmp(a->fingerprint, b->fingerprint, sizeof(a->fingerprint));
}

/*
 * A finding's place in the sort, apart from the finding: its severity,
 * the rank of its check id among the ids and the rank of its object's
 * kind, namespace and name among the objects, in one number, so that most
 * comparisons read neither the finding nor the strings it points to,
 * scattered through the arena.  Where two numbers are equal (one check on
 * one object: another container, another piece of evidence),
 * cmp_finding() decides, and the finding's index breaks ties as the
 * stable merge sort of glibc's qsort() did.  16 bytes a finding, sorted
 * in place: the sort takes little memory at the moment the scan holds
 * the most.
 */
struct sort_rec {
	uint64_t key; /* severity, check rank, object rank */
	uint32_t idx; /* in f->v */
};

#define KEY_CHECK_SHIFT 40
#define KEY_SEV_SHIFT	56

/* The ranks of the check ids of a set of findings, strcmp0() order. */
struct check_ranks {
	const struct check **c; /* distinct checks, by id */
	uint16_t *rank;		/* of c[i]: equal ids, equal ranks */
	size_t n;
	const struct check *last; /* the last looked up, and its rank */
	uint16_t last_rank;
	bool have_last;
};

static int cmp_check_id(const void *pa, const void *pb)
{
	const struct check *a = *(const struct check *const *)pa;
	const struct check *b = *(const struct check *const *)pb;

	return strcmp0(a ? a->id : NULL, b ? b->id : NULL);
}

static size_t check_at(const struct check_ranks *r, const struct check *c)
{
	size_t i;

	for (i = 0; i < r->n && r->c[i] != c; i++)
		;
	return i;
}

/*
 * The ranks of the checks of f, and in objs[i] the object of f->v[i], in
 * one pass over the findings.  False when keys cannot stand for
 * cmp_finding(): a finding without an object, too many findings for an
 * index of 32 bits (and an object's rank for the key's 40), or too many
 * distinct checks for two bytes.
 */
static bool ranks_init(struct check_ranks *r, const struct findings *f,
		       uintptr_t *objs)
{
	size_t i, alloc = 0;

	memset(r, 0, sizeof(*r));
	if (f->n > UINT32_MAX)
		return false;
	for (i = 0; i < f->n; i++) {
		const struct check *c = f->v[i]->check;

		if (!(objs[i] = (uintptr_t)f->v[i]->obj))
			return false;
		if ((i && c == f->v[i - 1]->check) || check_at(r, c) < r->n)
			continue;
		if (r->n == UINT16_MAX)
			return false;
		if (r->n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			r->c = xrealloc_array(r->c, alloc, sizeof(*r->c));
		}
		r->c[r->n++] = c;
	}
	if (r->n > 1)
		qsort(r->c, r->n, sizeof(*r->c), cmp_check_id);
	r->rank = xrealloc_array(NULL, r->n ? r->n : 1, sizeof(*r->rank));
	for (i = 0; i < r->n; i++)
		r->rank[i] = i && !cmp_check_id(&r->c[i - 1], &r->c[i])
				 ? r->rank[i - 1]
				 : (uint16_t)i;
	return true;
}

static uint16_t rank_of(struct check_ranks *r, const struct check *c)
{
	if (c != r->last || !r->have_last) {
		r->last = c;
		r->have_last = true;
		r->last_rank = r->rank[check_at(r, c)];
	}
	return r->last_rank;
}

static void ranks_release(struct check_ranks *r)
{
	free(r->c);
	free(r->rank);
}

/*
 * The objects of a set of findings, by address, each with the rank of
 * its kind, namespace and name (cmp_finding()'s order; equal names, equal
 * ranks).
 */
struct obj_rank {
	const struct kobj *obj;
	uint64_t rank;
};

struct obj_ranks {
	struct obj_rank *v;
	size_t n;
};

/*
 * Sort n addresses in place, smallest first, a byte at a time from the
 * lowest (tmp has room for n): only the bytes in which they differ.
 */
static void sort_addrs(uintptr_t *a, uintptr_t *tmp, size_t n)
{
	uintptr_t vary = 0, *from = a, *to = tmp, *t;
	unsigned shift;
	size_t i;

	for (i = 1; i < n; i++)
		vary |= a[i] ^ a[0];
	for (shift = 0; shift < 8 * sizeof(*a) && vary >> shift; shift += 8) {
		size_t count[256] = { 0 }, at = 0;

		if (!((vary >> shift) & 0xff))
			continue;
		for (i = 0; i < n; i++)
			count[(from[i] >> shift) & 0xff]++;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = at;
			at += c;
		}
		for (i = 0; i < n; i++)
			to[count[(from[i] >> shift) & 0xff]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
}

/*
 * An object's kind, namespace and name for sorting by them, each with
 * its first eight bytes in one number (big-endian, zeros after its end),
 * so that most comparisons read none of the strings.
 */
struct name_key {
	uint64_t kind8, ns8, name8;
	const char *kind, *ns, *name;
	struct obj_rank *r;
};

static uint64_t first8(const char *s)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < 8 && s[i]; i++)
		k |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return k;
}

/* strcmp(a, b) of two strings whose first eight bytes are a8 == b8. */
static int cmp_rest(uint64_t a8, const char *a, const char *b)
{
	/* ended within the first eight: equal */
	if (a == b || !(a8 & 0xff))
		return 0;
	return strcmp(a + 8, b + 8);
}

static int cmp3(uint64_t a8, uint64_t b8, const char *a, const char *b)
{
	if (a8 != b8)
		return a8 < b8 ? -1 : 1;
	return cmp_rest(a8, a, b);
}

/* By kind, namespace and name, each in strcmp() order. */
static int cmp_name_key(const void *pa, const void *pb)
{
	const struct name_key *a = pa, *b = pb;
	int c;

	if ((c = cmp3(a->kind8, b->kind8, a->kind, b->kind)) ||
	    (c = cmp3(a->ns8, b->ns8, a->ns, b->ns)))
		return c;
	return cmp3(a->name8, b->name8, a->name, b->name);
}

/* The objects p[0..n) of the findings (ranks_init()); frees p. */
static void obj_ranks_init(struct obj_ranks *r, uintptr_t *p, size_t n)
{
	uintptr_t *tmp = xrealloc_array(NULL, n, sizeof(*tmp));
	struct name_key *by_name;
	size_t i, m = 0;

	sort_addrs(p, tmp, n);
	free(tmp);
	for (i = 0; i < n; i++)
		if (!m || p[i] != p[m - 1])
			p[m++] = p[i];
	r->v = xrealloc_array(NULL, m, sizeof(*r->v));
	r->n = m;
	for (i = 0; i < m; i++)
		r->v[i].obj = (const struct kobj *)p[i];
	free(p);
	by_name = xrealloc_array(NULL, m, sizeof(*by_name));
	for (i = 0; i < m; i++) {
		const struct kobj *o = r->v[i].obj;
		struct name_key *k = &by_name[i];

		k->kind = kobj_kind_key(o);
		k->ns = kobj_ns(o);
		k->name = o->name;
		k->kind8 = first8(k->kind);
		k->ns8 = first8(k->ns);
		k->name8 = first8(k->name);
		k->r = &r->v[i];
	}
	qsort(by_name, m, sizeof(*by_name), cmp_name_key);
	for (i = 0; i < m; i++)
		by_name[i].r->rank =
		    i && !cmp_name_key(&by_name[i - 1], &by_name[i])
			? by_name[i - 1].r->rank
			: (uint64_t)i;
	free(by_name);
}

static uint64_t obj_rank_of(const struct obj_ranks *r, const struct kobj *o)
{
	size_t lo = 0, hi = r->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].obj <= o)
			lo = mid;
		else
			hi = mid;
	}
	return r->v[lo].rank;
}

static int cmp_rec(const struct findings *f, const struct sort_rec *a,
		   const struct sort_rec *b)
{
	int c;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if ((c = cmp_finding(&f->v[a->idx], &f->v[b->idx])))
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void sift_down(const struct findings *f, struct sort_rec *r, size_t at,
		      size_t n)
{
	struct sort_rec t = r[at];

	for (;;) {
		size_t c = 2 * at + 1;

		if (c >= n)
			break;
		if (c + 1 < n && cmp_rec(f, &r[c], &r[c + 1]) < 0)
			c++;
		if (cmp_rec(f, &t, &r[c]) >= 0)
			break;
		r[at] = r[c];
		at = c;
	}
	r[at] = t;
}

/* Sort n records in place (no two are equal: see cmp_rec()). */
static void heap_sort(const struct findings *f, struct sort_rec *r, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(f, r, i, n);
	while (n > 1) {
		struct sort_rec t = r[0];

		r[0] = r[--n];
		r[n] = t;
		sift_down(f, r, 0, n);
	}
}

static void swap_rec(struct sort_rec *a, struct sort_rec *b)
{
	struct sort_rec t = *a;

	*a = *b;
	*b = t;
}

/*
 * Sort n records in place (no two are equal: see cmp_rec(), so any sort
 * gives the one order): quicksort on the middle of three, which reads
 * the records in runs where heap_sort() jumps about them; heap_sort()
 * past depth levels, insertion below 16 records.
 */
static void quick_sort(const struct findings *f, struct sort_rec *r, size_t n,
		       unsigned depth)
{
	size_t i, j;

	while (n > 16) {
		size_t mid = n / 2, left;
		struct sort_rec p;

		if (!depth--) {
			heap_sort(f, r, n);
			return;
		}
		if (cmp_rec(f, &r[mid], &r[0]) < 0)
			swap_rec(&r[mid], &r[0]);
		if (cmp_rec(f, &r[n - 1], &r[0]) < 0)
			swap_rec(&r[n - 1], &r[0]);
		if (cmp_rec(f, &r[n - 1], &r[mid]) < 0)
			swap_rec(&r[n - 1], &r[mid]);
		p = r[mid];
		/* Hoare's: r[0..j] <= p <= r[j+1..n), both parts non-empty */
		i = 0;
		j = n - 1;
		for (;;) {
			while (cmp_rec(f, &r[i], &p) < 0)
				i++;
			while (cmp_rec(f, &p, &r[j]) < 0)
				j--;
			if (i >= j)
				break;
			swap_rec(&r[i++], &r[j--]);
		}
		left = j + 1;
		/* the smaller part by recursion, the larger in this loop */
		if (left < n - left) {
			quick_sort(f, r, left, depth);
			r += left;
			n -= left;
		} else {
			quick_sort(f, r + left, n - left, depth);
			n = left;
		}
	}
	for (i = 1; i < n; i++) {
		struct sort_rec t = r[i];

		for (j = i; j > 0 && cmp_rec(f, &t, &r[j - 1]) < 0; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

/* Sort n records in place (no two are equal: see cmp_rec()). */
static void sort_recs(const struct findings *f, struct sort_rec *r, size_t n)
{
	unsigned depth = 0;
	size_t k;

	for (k = n; k > 1; k >>= 1)
		depth += 2;
	quick_sort(f, r, n, depth);
}

/*
 * Ask for what the fingerprint will read, a few findings ahead (below
 * end), each step once the pointer to it should have arrived: the
 * findings, their objects and their strings lie scattered through the
 * arena, and waiting for them one after another was most of the time.
 */
static void prefetch(const struct findings *f, size_t i, size_t end)
{
	const struct finding *fd;

	if (i + 12 < end)
		__builtin_prefetch(f->v[i + 12]);
	if (i + 8 < end) {
		fd = f->v[i + 8];
		__builtin_prefetch(fd->obj);
		__builtin_prefetch(fd->ev);
	}
	if (i + 4 < end) {
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

/*
 * One share of findings_finish(): the fingerprints of findings from..to
 * and, with records, theirs, sorted among themselves.  Each share has its
 * own digest context, scratch and copy of the check ranks (rank_of()
 * keeps its last lookup), and writes only its own findings and records.
 */
struct finish_part {
	struct findings *f;
	struct check_ranks ranks;
	const struct obj_ranks *objs;
	struct sort_rec *rec; /* NULL: no records */
	EVP_MD_CTX *ctx;
	const EVP_MD *md; /* shared: a fetched digest is read-only */
	size_t from, to;
	bool fingerprints; /* false: they are made already */
};

static void *finish_part(void *arg)
{
	struct finish_part *p = arg;
	struct sbuf scratch = SBUF_INIT;
	const struct kobj *last = NULL;
	uint64_t last_rank = 0;
	size_t i;

	for (i = p->from; i < p->to; i++) {
		const struct finding *fd = p->f->v[i];

		if (p->fingerprints) {
			prefetch(p->f, i, p->to);
			fingerprint(p->f->v[i], p->ctx, p->md, &scratch);
		} else if (i + 8 < p->to) {
			__builtin_prefetch(p->f->v[i + 8]);
		}
		if (!p->rec)
			continue;
		if (fd->obj != last) {
			last = fd->obj;
			last_rank = obj_rank_of(p->objs, last);
		}
		p->rec[i].key =
		    (uint64_t)(UCHAR_MAX - fd->severity) << KEY_SEV_SHIFT |
		    (uint64_t)rank_of(&p->ranks, fd->check) << KEY_CHECK_SHIFT |
		    last_rank;
		p->rec[i].idx = (uint32_t)i;
	}
	sbuf_release(&scratch);
	if (p->rec)
		sort_recs(p->f, p->rec + p->from, p->to - p->from);
	return NULL;
}

/*
 * The findings of two sorted runs of records, in order, into v.
 * cmp_rec() never finds two records equal (the index decides last), so
 * this is the order one sort of all the records gives.
 */
static void merge_runs(const struct findings *f, struct finding **v,
		       const struct sort_rec *a, size_t na,
		       const struct sort_rec *b, size_t nb)
{
	size_t i = 0, j = 0, k = 0;

	while (i < na && j < nb)
		v[k++] = f->v[cmp_rec(f, &a[i], &b[j]) < 0 ? a[i++].idx
							   : b[j++].idx];
	while (i < na)
		v[k++] = f->v[a[i++].idx];
	while (j < nb)
		v[k++] = f->v[b[j++].idx];
}

/* Fewer findings than this are finished on one thread. */
#define FINISH_SPLIT_MIN 128

/*
 * findings_finish_threads(), the fingerprints made here when fingerprints
 * is true, else already made (findings_fingerprint()).
 */
static void finish(struct findings *f, unsigned threads, bool fingerprints)
{
	struct check_ranks ranks = { 0 };
	struct obj_ranks objs = { 0 };
	struct finish_part part[2];
	struct sort_rec *rec = NULL;
	uintptr_t *objp =
	    f->n > 1 ? xrealloc_array(NULL, f->n, sizeof(*objp)) : NULL;
	bool by_keys = f->n > 1 && ranks_init(&ranks, f, objp);
	bool two = threads > 1 && f->n >= FINISH_SPLIT_MIN;
	/* OpenSSL set up here, before a second thread uses it */
	EVP_MD *md = fingerprints ? EVP_MD_fetch(NULL, "SHA256", NULL) : NULL;
	pthread_t t;
	size_t i, half = two ? f->n / 2 : f->n;

	if (by_keys) {
		obj_ranks_init(&objs, objp, f->n);
		rec = xrealloc_array(NULL, f->n, sizeof(*rec));
	}
	for (i = 0; i < 2; i++) {
		part[i].f = f;
		part[i].ranks = ranks;
		part[i].objs = &objs;
		part[i].rec = rec;
		part[i].ctx =
		    !fingerprints || (i && !two) ? NULL : EVP_MD_CTX_new();
		part[i].md = md;
		part[i].fingerprints = fingerprints;
		part[i].from = i ? half : 0;
		part[i].to = i ? f->n : half;
	}
	if (two && pthread_create(&t, NULL, finish_part, &part[1]) == 0) {
		finish_part(&part[0]);
		pthread_join(t, NULL);
	} else {
		finish_part(&part[0]);
		finish_part(&part[1]);
	}
	free(objs.v);
	if (!by_keys)
		free(objp);
	if (by_keys) {
		struct finding **v = xrealloc_array(NULL, f->n, sizeof(*v));

		merge_runs(f, v, rec, half, rec + half, f->n - half);
		free(f->v);
		f->v = v;
		f->alloc = f->n;
	} else if (f->n > 1) {
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
	}
	EVP_MD_CTX_free(part[0].ctx);
	EVP_MD_CTX_free(part[1].ctx);
	EVP_MD_free(md);
	free(rec);
	ranks_release(&ranks);
}

void findings_finish_threads(struct findings *f, unsigned threads)
{
	finish(f, threads, true);
}

void findings_sort_threads(struct findings *f, unsigned threads)
{
	finish(f, threads, false);
}

void findings_finish(struct findings *f)
{
	findings_finish_threads(f, 1);
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
