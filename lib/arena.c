#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (sizeof(max_align_t))

struct block {
	struct block *next;
	size_t size, used;
	max_align_t data[];
};

struct arena {
	struct block *head;
	size_t used;
	void *slot; /* arena_slot() */
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
	a->slot = NULL;
	a->slot_release = NULL;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	while (a->head) {
		struct block *b = a->head;
		a->head = b->next;
		free(b);
	}
	if (a->slot && a->slot_release)
		a->slot_release(a->slot);
	free(a);
}

static struct block *block_new(size_t want)
{
	size_t size = want > ARENA_BLOCK ? want : ARENA_BLOCK;
	struct block *b;

	if (size > SIZE_MAX - sizeof(*b))
		oom();
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
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
		struct block *nb = block_new(need);
		if (b && need > ARENA_BLOCK / 4) {
			/* a big one-off: keep filling the current block */
			nb->next = b->next;
			b->next = nb;
			b = nb;
		} else {
			nb->next = b;
			a->head = b = nb;
		}
		pad = 0;
	}
	b->used += pad;
	p = (char *)b->data + b->used;
	b->used += need;
	a->used += need + pad;
	memset(p, 0, n);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n, ARENA_ALIGN);
}

void *arena_alloc8(struct arena *a, size_t n)
{
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
	char *p = arena_alloc(a, len + 1);
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
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
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
	src->head = NULL;
	src->used = 0;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}

void **arena_slot(struct arena *a, void (*release)(void *))
{
	a->slot_release = release;
	return &a->slot;
}
