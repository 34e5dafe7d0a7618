/*
 * xalloc.h - malloc and friends that abort on failure.
 *
 * Below everything else that allocates: the arena and the hash maps it
 * keeps both use it.  arena.h includes it for its users' convenience.
 */
#ifndef THREATMAP_XALLOC_H
#define THREATMAP_XALLOC_H

#include <stddef.h>

/* Print "out of memory" to stderr and abort.  Used by every allocator. */
_Noreturn void oom(void);

/* malloc/realloc that abort on failure; realloc_array checks n * size. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
void *xrealloc_array(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

#endif
