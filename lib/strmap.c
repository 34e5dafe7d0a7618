#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Eight bytes from p, the first the lowest: the same on every machine. */
static uint64_t load8(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

/*
 * Eight bytes a step (a multiply and a shift each), then a final mix of
 * all bits into the low ones the table indexes by.  Nothing outside the
 * process sees these values.
 */
/* Four bytes from p, the first the lowest. */
static uint64_t load4(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24;
}

/*
 * The last len (below 8) bytes of a key, the first the lowest and the
 * rest zero, as load8() of them copied into eight zeroed bytes reads them,
 * without the copy: read as the key's last eight bytes (from back before
 * p, when the key is that long) shifted down, as two overlapping halves,
 * or byte by byte.
 */
static uint64_t load_tail(const unsigned char *p, size_t len, size_t keylen)
{
	if (!len)
		return 0;
	if (keylen >= 8)
		return load8(p + len - 8) >> (8 * (8 - len));
	if (len >= 4)
		return load4(p) | load4(p + len - 4) << (8 * (len - 4));
	return (uint64_t)p[0] | (uint64_t)p[len / 2] << (8 * (len / 2)) |
	       (uint64_t)p[len - 1] << (8 * (len - 1));
}

uint64_t strmap_hash(const char *key, size_t len)
{
	const unsigned char *p = (const unsigned char *)key;
	size_t keylen = len;
	uint64_t h =
	    0x9e3779b97f4a7c15ull ^ ((uint64_t)len * 0xc2b2ae3d27d4eb4full);

	for (; len >= 8; p += 8, len -= 8) {
		h = (h ^ load8(p)) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	h = (h ^ load_tail(p, len, keylen)) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 32;
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
