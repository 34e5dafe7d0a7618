/*
 * arena.h - bump allocator for objects that share one lifetime.
 *
 * Everything the loader builds for a scan (trees, strings, indexes) comes
 * from one arena and is released at once by arena_free().  Nothing is freed
 * singly.  An arena is used by one thread at a time; give each worker its
 * own and combine them with arena_merge().
 *
 * Allocation failure aborts the process: there is no sane way to continue a
 * scan without memory, and checking every small allocation hides real bugs.
 */
#ifndef THREATMAP_ARENA_H
#define THREATMAP_ARENA_H

#include <stddef.h>

struct arena;

/* A new, empty arena.  Caller frees with arena_free(). */
struct arena *arena_new(void);

/*
 * A new arena for a small tree that may be freed soon (the spec of one
 * object): its first block is 4 KiB and each next one doubles, up to the
 * blocks of arena_new().
 */
struct arena *arena_new_small(void);
/*
 * A small arena whose first block holds first bytes (at least 64): for a
 * tree whose size is known about beforehand, kept on its own for a while
 * (a live item's parts set aside until its controller is read).
 */
struct arena *arena_new_sized(size_t first);

/* Release every block of the arena and the arena itself.  NULL is a no-op. */
void arena_free(struct arena *a);

/* n zeroed bytes aligned for any type.  Never NULL. */
void *arena_alloc(struct arena *a, size_t n);

/*
 * n zeroed bytes aligned to 8 (pointers, 32-bit integers), for the many
 * small nodes of a tree.
 */
void *arena_alloc8(struct arena *a, size_t n);

/* count * size zeroed bytes; aborts on multiplication overflow. */
void *arena_calloc(struct arena *a, size_t count, size_t size);

/*
 * Copies of s (len bytes, NUL added) and of a NUL-terminated string, and
 * printf into the arena: text, packed without alignment.
 */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Move every block of src into dst; src is left empty but valid. */
void arena_merge(struct arena *dst, struct arena *src);

/*
 * One pointer that shares the arena's lifetime, for the module that interns
 * keys in it (node.c): *slot starts NULL; release(*slot) runs when the arena
 * is freed, or when arena_merge() empties it into another arena (whose own
 * slot stays).  One owner per program: the arena does not know its type.
 */
void **arena_slot(struct arena *a, void (*release)(void *));

/* Bytes handed out so far (for statistics and benchmarks). */
size_t arena_used(const struct arena *a);

/*
 * Blocks the arena holds (for statistics and tests): its first blocks are
 * 64 KiB, so a small arena stays small, and later ones grow to a few MiB.
 */
size_t arena_blocks(const struct arena *a);

/* Print "out of memory" to stderr and abort.  Used by every allocator. */
_Noreturn void oom(void);

/* malloc/realloc that abort on failure; realloc_array checks n * size. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
void *xrealloc_array(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

#endif
