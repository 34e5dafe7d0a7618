/*
 * json.h - JSON input through yajl's callbacks into the tree builder
 * (internal to the loader).
 *
 * yajl reports no positions, only the bytes it consumed; the callbacks turn
 * that offset into the token's start and keep a running line and column
 * (columns count characters, as libyaml's marks do), so positions cost one
 * pass over the input.
 */
#ifndef THREATMAP_JSON_H
#define THREATMAP_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct lb;

/*
 * Parse buf (len bytes) into b; each top-level value goes to b->on_doc.
 * multi allows several values separated by white space.  Returns 0, or a
 * negative diag code after passing b->err to b->on_error (one error: JSON
 * cannot resume).
 */
int json_parse(struct lb *b, const char *buf, size_t len, bool multi);

#endif
