/*
 * limits.h - the bounds every parser and the tree builder enforce, so a
 * hostile input becomes a clean error instead of unbounded memory or
 * recursion.  load_limits_default (load.h) holds the defaults.
 */
#ifndef THREATMAP_LOAD_LIMITS_H
#define THREATMAP_LOAD_LIMITS_H

#include <stddef.h>

struct load_limits {
	unsigned max_depth;	/* nesting of arrays/objects */
	size_t max_scalar;	/* bytes in one string, key or value */
	size_t max_file;	/* bytes in one input file */
	size_t max_alias_nodes; /* nodes created by YAML alias expansion */
};

#endif
