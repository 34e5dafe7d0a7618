/*
 * sanitize.h - text from the other side (API server Status messages,
 * exec-plugin stderr) made safe to print.
 *
 * Control characters (C0, DEL, the C1 range in UTF-8) and invalid UTF-8
 * bytes become '?' (newlines and tabs a space), so a message cannot move
 * the cursor, set a terminal title or forge a line of its own.  Values
 * that look like credentials are masked as "***": the value after a key
 * ending in token, secret, password, passwd, apikey, api_key or
 * credential(s) followed by '=' or ':', after "Bearer " and "Basic ", and
 * JSON Web Tokens (eyJ... with two dots).
 */
#ifndef THREATMAP_SANITIZE_H
#define THREATMAP_SANITIZE_H

#include <stddef.h>

struct arena;

/* The sanitized copy of s (len bytes), at most max bytes of it, in a. */
const char *sanitize_text(struct arena *a, const char *s, size_t len,
			  size_t max);

#endif
