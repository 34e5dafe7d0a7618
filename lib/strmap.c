#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

uint64_t strmap_hash(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 29;
	return h ? h : 1;
}

static struct strmap_slot *find(const struct strmap *m, const char *key,
				size_t keylen, uint64_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	for (;;) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->keylen == keylen &&
		    !memcmp(s->key, key, keylen))
			return s;
		i = (i + 1) & mask;
	}
}

static void grow(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = m->cap ? m->cap * 2 : 16;
	m->slots = xrealloc_array(NULL, m->cap, sizeof(*m->slots));
	memset(m->slots, 0, m->cap * sizeof(*m->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].keylen, old[i].hash) =
			    old[i];
	free(old);
}

void *strmap_get(const struct strmap *m, const char *key, size_t keylen)
{
	struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = find(m, key, keylen, strmap_hash(key, keylen));
	return s->key ? s->val : NULL;
}

void **strmap_slot(struct strmap *m, const char *key, size_t keylen)
{
	uint64_t h = strmap_hash(key, keylen);
	struct strmap_slot *s;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	s = find(m, key, keylen, h);
	if (!s->key) {
		s->key = key;
		s->keylen = keylen;
		s->hash = h;
		s->val = NULL;
		m->n++;
	}
	return &s->val;
}

void *strmap_put(struct strmap *m, const char *key, size_t keylen, void *val)
{
	void **slot = strmap_slot(m, key, keylen);
	void *old = *slot;

	*slot = val;
	return old;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->n = m->cap = 0;
}

bool strmap_next(const struct strmap *m, size_t *i, const char **key,
		 size_t *keylen, void **val)
{
	while (*i < m->cap) {
		const struct strmap_slot *s = &m->slots[(*i)++];
		if (s->key) {
			*key = s->key;
			*keylen = s->keylen;
			*val = s->val;
			return true;
		}
	}
	return false;
}
