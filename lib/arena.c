/* mmap(MAP_ANONYMOUS) is not POSIX */
#define _DEFAULT_SOURCE

#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fmt.h"

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (sizeof(max_align_t))
/*
 * An arena's first ARENA_SMALL blocks are ARENA_BLOCK bytes, so the many
 * small arenas (one per List item built aside) stay small; after them each
 * new block doubles, up to ARENA_BIG_MAX, so a large tree takes a few
 * hundred blocks instead of thousands.  Blocks of ARENA_BIG or more are
 * mapped on their own: their pages come zeroed and go back to the system
 * when the arena is freed.
 */
#define ARENA_SMALL   8
#define SMALL_BLOCK   4096
#define ARENA_BIG     (2 * 1024 * 1024)
#define ARENA_BIG_MAX (8 * 1024 * 1024)

/*
 * Allocations come zeroed.  A mapped block's pages come zeroed; a block
 * from malloc is zeroed as it is handed out, ZERO_AHEAD bytes or more at a
 * time, up to its mark zeroed: most arenas are small and freed soon (the
 * spec of one object), and clearing all of a block when it is made costs
 * more than the part they use.  Nothing in an arena is freed singly, so
 * bytes below the mark were never handed out before.
 */
#define ZERO_AHEAD 1024

struct block {
	struct block *next;
	size_t size, used;
	size_t zeroed; /* data[0, zeroed) is zero or handed out */
	max_align_t data[];
};

/* A block this size (header included) or larger is mapped (map_block). */
static int is_mapped(const struct block *b)
{
	return sizeof(*b) + b->size >= ARENA_BIG;
}

struct arena {
	struct block *head;
	size_t used;
	size_t nblocks; /* regular blocks made so far (for their size) */
	int small;	/* arena_new_small(): blocks from SMALL_BLOCK */
	size_t first;	/* arena_new_sized(): the first block's size */
	void *slot;	/* arena_slot() */
	void (*slot_release)(void *);
};

_Noreturn void oom(void)
{
	fputs("threatmap: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

void *xrealloc_array(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));
	a->head = NULL;
	a->used = 0;
	a->nblocks = 0;
	a->small = 0;
	a->first = 0;
	a->slot = NULL;
	a->slot_release = NULL;
	return a;
}

struct arena *arena_new_small(void)
{
	struct arena *a = arena_new();

	a->small = 1;
	return a;
}

struct arena *arena_new_sized(size_t first)
{
	struct arena *a = arena_new_small();

	a->first = first < 64 ? 64 : first;
	return a;
}

/* Size of the next regular block of a. */
static size_t block_size(const struct arena *a)
{
	size_t size = ARENA_BLOCK;
	size_t n;

	if (a->first && !a->nblocks)
		return a->first;
	/* 4 KiB, 8, 16, 32 (the header included), then as any arena */
	if (a->small && a->nblocks < 4)
		return ((size_t)SMALL_BLOCK << a->nblocks) -
		       sizeof(struct block);
	for (n = ARENA_SMALL; n < a->nblocks && size < ARENA_BIG_MAX; n++)
		size *= 2;
	/* a mapped block is a whole number of pages, header included */
	return size >= ARENA_BIG ? size - sizeof(struct block) : size;
}

/*
 * len bytes of fresh pages for a block of ARENA_BIG or more, starting at
 * a multiple of ARENA_BIG where the kernel allows, and marked for
 * transparent huge pages: a large tree then costs a page fault per 2 MiB
 * instead of per 4 KiB, which was a third of the time of a 1 GB scan
 * (docs/performance.md).  The hint may be refused; nothing depends on it.
 */
static struct block *map_block(size_t len)
{
	size_t extra = ARENA_BIG;
	char *p = mmap(NULL, len + extra, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t head;

	if (p == MAP_FAILED) {
		extra = 0;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			oom();
	}
	head = (ARENA_BIG - (uintptr_t)p % ARENA_BIG) % ARENA_BIG;
	if (extra) {
		/* keep [p + head, p + head + len) of the larger mapping */
		if (head)
			munmap(p, head);
		if (extra - head)
			munmap(p + head + len, extra - head);
		p += head;
	}
#ifdef MADV_HUGEPAGE
	(void)madvise(p, len, MADV_HUGEPAGE);
#endif
	return (struct block *)(void *)p;
}

/* A zeroed block of size bytes, or of want when that is more. */
static struct block *block_new(size_t want, size_t size)
{
	struct block *b;

	if (want > size)
		size = want;
	if (size > SIZE_MAX - sizeof(*b))
		oom();
	if (sizeof(*b) + size >= ARENA_BIG) {
		b = map_block(sizeof(*b) + size);
		b->zeroed = size;
	} else {
		b = xmalloc(sizeof(*b) + size);
		b->zeroed = 0;
	}
	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
}

static void block_free(struct block *b)
{
	if (is_mapped(b))
		munmap(b, sizeof(*b) + b->size);
	else
		free(b);
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	while (a->head) {
		struct block *b = a->head;
		a->head = b->next;
		block_free(b);
	}
	if (a->slot && a->slot_release)
		a->slot_release(a->slot);
	free(a);
}

/* n zeroed bytes at a multiple of align (a power of two, at most 16). */
static void *alloc(struct arena *a, size_t n, size_t align)
{
	struct block *b = a->head;
	size_t need, pad = 0;
	void *p;

	if (n > SIZE_MAX - ARENA_ALIGN)
		oom();
	need = (n + align - 1) & ~(align - 1);
	if (!need)
		need = align;
	if (b)
		pad = ((b->used + align - 1) & ~(align - 1)) - b->used;
	if (!b || b->size - b->used < need + pad) {
		size_t size = block_size(a);
		struct block *nb;

		if (b && need > size / 4) {
			/* a big one-off: keep filling the current block */
			nb = block_new(need, 0);
			nb->next = b->next;
			b->next = nb;
			b = nb;
		} else {
			nb = block_new(need, size);
			a->nblocks++;
			nb->next = b;
			a->head = b = nb;
		}
		pad = 0;
	}
	b->used += pad;
	p = (char *)b->data + b->used;
	b->used += need;
	a->used += need + pad;
	if (b->used > b->zeroed) {
		size_t to = b->size - b->used < ZERO_AHEAD
				? b->size
				: b->used + ZERO_AHEAD;

		memset((char *)b->data + b->zeroed, 0, to - b->zeroed);
		b->zeroed = to;
	}
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n, ARENA_ALIGN);
}

void *arena_alloc8(struct arena *a, size_t n)
{
	struct block *b = a->head;

	/*
	 * Most requests fit the current block's part already zeroed, at a
	 * multiple of 8: taken here, what alloc() would do without its
	 * checks, padding and zeroing.
	 */
	if (b && n && n <= SIZE_MAX - ARENA_ALIGN && !(b->used & 7)) {
		size_t need = (n + 7) & ~(size_t)7;

		if (b->zeroed - b->used >= need) {
			void *p = (char *)b->data + b->used;

			b->used += need;
			a->used += need;
			return p;
		}
	}
	return alloc(a, n, 8);
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		oom();
	return arena_alloc(a, count * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	/* text needs no alignment: no padding between strings */
	char *p = alloc(a, len + 1, 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* most results fit here: formatted once, then copied */
	char tmp[256];
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = fmt_vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(tmp))
		return arena_strndup(a, tmp, (size_t)n);
	p = alloc(a, (size_t)n + 1, 1);
	va_start(ap, fmt);
	fmt_vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_merge(struct arena *dst, struct arena *src)
{
	struct block **tail = &dst->head;

	while (*tail)
		tail = &(*tail)->next;
	*tail = src->head;
	/* dst's slot stays the canonical one; src's is released */
	if (src->slot && src->slot_release)
		src->slot_release(src->slot);
	src->slot = NULL;
	dst->used += src->used;
	dst->nblocks += src->nblocks;
	src->head = NULL;
	src->used = 0;
	src->nblocks = 0;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}

size_t arena_blocks(const struct arena *a)
{
	const struct block *b;
	size_t n = 0;

	for (b = a->head; b; b = b->next)
		n++;
	return n;
}

void **arena_slot(struct arena *a, void (*release)(void *))
{
	a->slot_release = release;
	return &a->slot;
}
