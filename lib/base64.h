/*
 * base64.h - base64 (RFC 4648) into the arena: kubeconfig data fields,
 * Secret values, the exec plugin's cluster CA.
 */
#ifndef THREATMAP_BASE64_H
#define THREATMAP_BASE64_H

#include <stddef.h>

struct arena;

/*
 * Decode standard or URL-safe base64 (whitespace ignored) into the arena;
 * NUL added, length in *out_len (may be NULL).  NULL when s is not base64.
 */
char *base64_decode(struct arena *a, const char *s, size_t len,
		    size_t *out_len);

/* Encode (p, n) as standard base64 into the arena, NUL-terminated. */
char *base64_encode(struct arena *a, const char *p, size_t n);

#endif
