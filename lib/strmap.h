/*
 * strmap.h - open-addressing hash map from byte-string keys to pointers.
 *
 * Keys are borrowed: the caller keeps them alive (usually in an arena) for
 * the map's life.  The table is malloc'ed; strmap_release() frees it.  Not
 * thread safe for writers; concurrent readers are fine.
 */
#ifndef THREATMAP_STRMAP_H
#define THREATMAP_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char *key;
	size_t keylen;
	uint64_t hash;
	void *val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t n, cap;
};
#define STRMAP_INIT                                                            \
	{                                                                      \
		0                                                              \
	}

/* Value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t keylen);

/* Pointer to the value slot for key, created (NULL) when absent. */
void **strmap_slot(struct strmap *m, const char *key, size_t keylen);

/* Set key to val; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, size_t keylen, void *val);

void strmap_release(struct strmap *m);

/* Iterate: *i starts at 0; false at the end. */
bool strmap_next(const struct strmap *m, size_t *i, const char **key,
		 size_t *keylen, void **val);

uint64_t strmap_hash(const char *key, size_t len);

#endif
