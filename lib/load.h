/*
 * load.h - JSON and YAML input into trees and the inventory.
 *
 * JSON is read with yajl's callbacks, YAML with libyaml's event API; both
 * build the same struct node trees in the caller's arena, each node with its
 * line and column.  The format is detected from the content, not the name.
 *
 * Kubernetes input (load_buffer, load_file, load_path): YAML multi-document
 * streams, JSON and YAML `List` kinds (kubectl get -o json|yaml; items are
 * expanded and each keeps its own line), Helm-rendered output.  Pruned while
 * parsing: metadata.managedFields, the kubectl.kubernetes.io/last-applied-
 * configuration annotation, and the values of Secret data and stringData
 * (keys kept, each value replaced by "").  A secret value is never stored in
 * the tree.
 *
 * Every problem becomes one diag "file:line:col: what was expected" appended
 * to errs; the rest of the input is still read.  Limits guard depth, scalar
 * size, file size and YAML alias expansion.
 */
#ifndef THREATMAP_LOAD_H
#define THREATMAP_LOAD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct diag_list;
struct inventory;
struct node;

struct load_limits {
	unsigned max_depth;     /* nesting of arrays/objects */
	size_t max_scalar;      /* bytes in one string */
	size_t max_file;        /* bytes in one input file */
	size_t max_alias_nodes; /* nodes created by YAML alias expansion */
};

/* Depth 256, scalar 8 MiB, file 4 GiB, alias nodes 100000. */
extern const struct load_limits load_limits_default;

/*
 * Parse buf (len bytes) named file and add every object to inv.  Returns
 * the number of objects added; problems go to errs (which may gain entries
 * even when objects were added).  lim NULL means the defaults.
 */
int load_buffer(struct arena *a, struct inventory *inv, const char *file,
		const char *buf, size_t len, const struct load_limits *lim,
		struct diag_list *errs);

/* Read a file ("-" is standard input) and load_buffer() it. */
int load_file(struct arena *a, struct inventory *inv, const char *path,
	      const struct load_limits *lim, struct diag_list *errs);

/*
 * A file, or a directory: its *.json, *.yaml and *.yml files in name order,
 * descending into subdirectories when recursive.  Returns objects added.
 */
int load_path(struct arena *a, struct inventory *inv, const char *path,
	      bool recursive, const struct load_limits *lim,
	      struct diag_list *errs);

/*
 * One JSON or YAML document as a plain tree, with no Kubernetes meaning and
 * no pruning (kubeconfig, exceptions file, API responses).  NULL and d
 * filled on error.  A stream of several YAML documents is an error.
 */
struct node *load_tree(struct arena *a, const char *file, const char *buf,
		       size_t len, const struct load_limits *lim,
		       struct diag *d);

#endif
