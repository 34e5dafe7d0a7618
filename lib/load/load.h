/*
 * load.h - JSON and YAML input into trees and the inventory.
 *
 * JSON is read by the loader's own tokenizer (json.h), YAML with libyaml's
 * event API; both build the same struct node trees in the caller's arena, each node with its
 * line and column (1-based; columns count characters).  The format is
 * detected from the content, not the name: '{' or '[' followed by what JSON
 * allows there is JSON, anything else (KYAML and YAML flow style included)
 * is YAML.  A UTF-8 byte order mark is skipped.
 *
 * Kubernetes input (load_buffer, load_file, load_path): YAML multi-document
 * streams, concatenated JSON values, `List` kinds (a kind ending in "List"
 * with an `items` array, as kubectl get -o json|yaml writes them: each item
 * becomes an object with its own line; the list itself is not added),
 * Helm-rendered output.  Empty documents ("---" alone, comments only, null)
 * are skipped silently.  YAML scalars resolve as Kubernetes reads them
 * (YAML 1.1: yes/no/on/off are booleans, 0x1F and 017 are numbers); see
 * yaml.h.
 *
 * Pruned while parsing, in each object (a document root or a List item;
 * an item that names no kind in a List whose kind names it, a PodList's,
 * is pruned as a Pod of the List's apiVersion, though it still needs its
 * own kind to be added):
 *   - metadata.managedFields;
 *   - the annotation kubectl.kubernetes.io/last-applied-configuration;
 *   - for kind Secret, every value of data and stringData: the keys stay,
 *     each value becomes "".  When kind comes after data (JSON allows any
 *     order) the values are zeroed in the arena at the end of the object,
 *     so a secret value is never kept in the tree;
 *   - when a declaration of what the checks read is installed
 *     (prune_set_reads(), prune.h; the program installs checks/fields.def):
 *     the members of status, of a pod spec and of a container that it
 *     does not name, and of a built-in workload whose controller is in
 *     the input everything but apiVersion, kind and metadata, and of
 *     the metadata what PRUNE_OWNED_META does not name (labels,
 *     annotations): not built when the controller was read first (the
 *     metadata's are built aside until it ends), built in an arena of the
 *     object's own and emptied when it comes later (inventory_defer();
 *     an object a YAML anchor points into is kept whole).  In JSON read
 *     from memory or a regular file, and in YAML read from memory, a
 *     regular file or a pipe (a YAML stream is parsed a held piece at a
 *     time), the first List item whose controller was not read yet makes
 *     the loader read that List once more ahead (once per load), so that
 *     its items whose controllers come later in it (kubectl lists Pods
 *     before ReplicaSets) are not built either.
 *     Without a declaration they are kept.
 * An alias (YAML) to an anchor inside a pruned field is an error.
 *
 * Every problem becomes one diag "file:line:col: what was expected" appended
 * to errs, at most one per broken document; the other documents and files
 * are still read.  JSON cannot resume after a syntax error, nor YAML after
 * a syntax, encoding or depth error: the documents before it are kept.
 * Limits guard depth, scalar size, file size and YAML alias expansion.
 * YAML merge keys ("<<") work as in YAML 1.1 (keys written in the mapping
 * win, then the first merged mapping), except where pruning decides by key
 * (object top level, metadata, annotations, Secret data, status): there
 * they are an error.
 *
 * Not thread safe on one arena or inventory; separate loads may run in
 * parallel.  Strings in diags are copies, trees live in the arena.
 */
#ifndef THREATMAP_LOAD_H
#define THREATMAP_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "load/limits.h"

struct arena;
struct diag;
struct diag_list;
struct inventory;
struct node;

/*
 * Depth 256, scalar (a key or a value) 8 MiB -- JSON passes over the
 * text of a longer one, or of one in a dropped subtree, rather than hold
 * it --, alias nodes 100000, no file size of its own:
 * load_file() caps a file at stream_limit(), and at input_limit()
 * (safefile.h, --max-input-size) a line of a YAML file (parsed as it is
 * read) and what of a YAML document from a pipe is held before the rest
 * of it is parsed as it comes.
 */
extern const struct load_limits load_limits_default;

/*
 * Threads a YAML file read in pieces is parsed on: 1 (the default), or 2
 * for libyaml on a thread of its own, ahead of the tree builder.  The
 * objects, their trees and every error are the same either way.  Set
 * before loading; the command reads THREATMAP_YAML_THREADS.
 */
void load_set_yaml_threads(unsigned n);

/*
 * Threads a large JSON List in a regular file is read on: 1 (the
 * default), or 2: a second thread reads the items of its second half
 * while the first half is read, and they are taken over where they are
 * what one reading builds (load.c).  The objects, their trees and every
 * error are the same either way.  Set before loading; the command sets
 * it from THREATMAP_THREADS and the CPUs.  Only files of LOAD_SPLIT_MIN
 * bytes or more are read so; load_set_split_min() puts another size in
 * its place (tests), 0 goes back to it.
 */
void load_set_threads(unsigned n);
void load_set_split_min(size_t bytes);
/* Items the second thread read that were taken, over every load (tests). */
size_t load_split_taken(void);

/*
 * A YAML document from a pipe is held up to LOAD_PIPE_HOLD bytes, or the
 * cap on text held whole when that is lower or --max-input-size gave it,
 * then parsed as the rest of it comes.  load_set_pipe_hold() puts another
 * amount in LOAD_PIPE_HOLD's place (tests); 0 goes back to it.
 */
#define LOAD_PIPE_HOLD ((size_t)16 << 20)
void load_set_pipe_hold(size_t bytes);

/*
 * Parse buf (len bytes) named file and add every object to inv.  Returns
 * the number of objects added; problems go to errs (which may gain entries
 * even when objects were added).  lim NULL means the defaults.
 */
int load_buffer(struct arena *a, struct inventory *inv, const char *file,
		const char *buf, size_t len, const struct load_limits *lim,
		struct diag_list *errs);

/*
 * Read a file ("-" is standard input, named "<stdin>" in objects and
 * errors) and load_buffer() it.  A file larger than lim->max_file is an
 * error before it is read.
 */
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
 * For a caller that files objects itself (snapshot lists): read fd (named
 * name in objects and errors) as load_file() reads a file, pruned alike,
 * with no inventory.  Each object in the items array of a document root
 * goes to on_item (if set) as soon as it is complete, so a List of any
 * size never sits whole in memory: on_item returns 1 when it took the
 * item (it is then left out of the array), 0 to leave it there.  on_root
 * gets each document root once complete, a List without the items taken.
 * An error stops the document; items taken before it stay taken.
 * Returns 0; problems go to errs.
 */
struct load_sink {
	int (*on_item)(void *ctx, const struct node *item);
	void (*on_root)(void *ctx, const struct node *root);
	void *ctx;
	/*
	 * Optional: the inventory the sink adds every object to, whole or as
	 * inventory_add() takes it, at once or at its document's end.  The
	 * loader then asks it whether workloads' controllers were read
	 * (inventory_controller_read()), as load_file() does.
	 */
	struct inventory *inv;
};
int load_fd_sink(struct arena *a, const char *name, int fd,
		 const struct load_limits *lim, const struct load_sink *sink,
		 struct diag_list *errs);

/*
 * One JSON or YAML document as a plain tree, with no Kubernetes meaning and
 * no pruning (kubeconfig, exceptions file, API responses).  NULL and d
 * filled on error.  A stream of several YAML documents is an error.
 */
struct node *load_tree(struct arena *a, const char *file, const char *buf,
		       size_t len, const struct load_limits *lim,
		       struct diag *d);

/*
 * load_tree() for a body that arrives in pieces (an HTTP response as it is
 * received): JSON is parsed piece by piece and never held whole; anything
 * else is collected and parsed at the end, so the answer is always the one
 * load_tree() gives for the whole text.  feed returns 0, or -1 once the
 * text is known to be bad (stop feeding; end says why).  end returns the
 * tree or NULL with d filled, and frees s.
 */
struct load_stream;
struct load_stream *load_stream_new(struct arena *a, const char *file,
				    const struct load_limits *lim);
int load_stream_feed(struct load_stream *s, const char *buf, size_t len);
/*
 * The same for a List (an API list page): each object of the root's items
 * array is pruned as an object (managedFields, last-applied-configuration;
 * with declared, also by the installed declaration of prune.h, judging an
 * item that names no kind and apiVersion by kind and api_version) and
 * handed to on_item as soon as it is complete, built in an arena of its
 * own that is released when on_item returns, so on_item copies what it
 * keeps; the root load_stream_end() returns has those items left out.  A
 * page of any size then holds one item's tree at a time.  A body that is
 * not JSON is parsed whole at the end, its items left in the root.
 */
struct load_items {
	int (*on_item)(void *ctx, const struct node *item);
	void *ctx;
	const char *kind, *api_version; /* of items that name none; NULL */
	bool declared;
};
struct load_stream *load_stream_new_items(struct arena *a, const char *file,
					  const struct load_limits *lim,
					  const struct load_items *li);
struct node *load_stream_end(struct load_stream *s, struct diag *d);

#endif
