/*
 * loadb.h - tree builder shared by the JSON and YAML loaders (internal).
 *
 * A parser drives the builder with events (begin, key, scalar, reference,
 * end); the builder keeps an explicit stack of open containers, so input
 * depth never becomes C recursion.  Children are collected on one growable
 * stack and copied into an arena array when their container ends.
 *
 * The builder enforces the limits it can see (depth, scalar size, alias
 * nodes), rejects duplicate keys (a hash per object above 16 members), and
 * in Kubernetes mode prunes while building (see load.h for the list).
 *
 * Every event returns 0 or a negative diag code with b->err filled; after an
 * error the parser abandons the document and calls lb_reset().  When a value
 * completes at depth 0, b->on_doc is called with it.
 */
#ifndef THREATMAP_LOADB_H
#define THREATMAP_LOADB_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "node.h"

struct arena;
struct load_limits;
struct lb_frame;
struct lb_ent;
struct lb_tuid;

struct lb {
	struct arena *a;
	/*
	 * The arena keys and shared text are interned in: b->a, but while a
	 * member of an object is built in an arena of its own (deferred).
	 */
	struct arena *home;
	const struct load_limits *lim;
	const char *file;
	bool k8s; /* Kubernetes pruning and contexts */
	/* and pruning by the declaration of what checks read (prune.h) */
	bool declared;
	/* lines before the text being parsed (a YAML stream read in pieces) */
	unsigned line_base;
	struct lb_frame *fr;
	size_t nfr, afr;
	struct lb_ent *ent;
	size_t nent, aent;
	/* an object's keys and values as it is made (new_object()) */
	const char **okeys;
	struct node **ovals;
	size_t aobj;
	/* Pending action for the next value (set by a key). */
	int next;
	const void *next_arg;
	/* Skipping a pruned subtree: nesting inside it. */
	unsigned skip;
	/*
	 * Inside a pod spec (pruned by declaration): string texts are
	 * interned, since a workload's controllers and pods repeat them.
	 */
	unsigned share;
	size_t alias_nodes; /* nodes reached through references */
	struct node *last;  /* last completed value (for YAML anchors) */
	size_t last_count;  /* nodes in it */
	/* Called with each completed top-level value; non-zero stops. */
	int (*on_doc)(void *ctx, struct node *root);
	/*
	 * Optional (Kubernetes mode): called with each object of the items
	 * array of a document root as soon as it is complete and pruned;
	 * 1 when it was taken (it is left out of the array), 0 to keep it
	 * there, negative to stop with b->err filled.
	 */
	int (*on_item)(void *ctx, struct node *item);
	/*
	 * With on_item: build each item in an arena of its own, released
	 * when on_item returns (which must copy what it keeps), so a List
	 * never holds more than one item's tree.  JSON only: a YAML alias
	 * could point into a released item.
	 */
	bool item_scratch;
	/*
	 * With on_item: each item stays as built and goes whole into another
	 * builder's items array (lb_put_item()), so its uid may be built in
	 * the transient arena as without on_item (see uid_transient()).
	 */
	bool items_put;
	/* the kind and apiVersion of items that do not state theirs (the
	 * items of a typed API list), or NULL */
	const char *item_kind, *item_api;
	/* item_kind and item_api were taken from the List being read (a
	 * PodList's items are Pods): cleared when its items end */
	bool item_inferred;
	struct arena *saved_a; /* b->a while an item is built aside */
	/*
	 * Optional, with the declaration (prune.h, PRUNE_OWNED): has the
	 * controlling owner of the object with this apiVersion, kind and
	 * metadata been read?  Asked once per object of a built-in workload
	 * kind, when its first member after metadata arrives.
	 */
	int (*owner_read)(void *ctx, const char *api, const char *kind,
			  const struct node *meta);
	/*
	 * Optional, with owner_read: when it answers LB_OWNER_LATER (the
	 * controller may still be read), the members owner_read would have
	 * dropped are built if they are arrays or objects with what they
	 * hold in an arena of the object's own.  When the object ends,
	 * deferred gets it, the arena, and those members' nodes, which live
	 * in the caller's arena: node_hollow() them and free the arena once
	 * the controller is read; merge the arena into the caller's if not.
	 * An object a YAML anchor points into is built whole instead.
	 */
	void (*deferred)(void *ctx, const char *api, const char *kind,
			 const struct node *meta, struct node *const *nodes,
			 size_t n, struct arena *own);
	/*
	 * Optional, with deferred: an arena the caller frees before anything
	 * reads the trees but itself.  The ownerReferences of an object whose
	 * controller was read (LB_OWNER_READ) are built there and marked
	 * (node_set_transient()): only the owner's lookup reads them, and the
	 * caller takes them out of the metadata before freeing the arena.
	 * NULL: they stay in the caller's arena.
	 */
	struct arena *transient;
	/*
	 * The metadata of the document being read whose uid was built in
	 * transient: kept there if its object reaches the inventory (the
	 * root, or the items of a List), else copied back when the
	 * document ends (loadb.c, uid_transient()).
	 */
	struct lb_tuid *tuid;
	size_t ntuid, atuid;
	/* Optional: each complete object of a document root's items. */
	void (*item_read)(void *ctx, const struct node *item);
	/* Called with each error (b->err) a parser reports. */
	void (*on_error)(void *ctx, const struct diag *d);
	void *ctx;
	struct diag err;
	/*
	 * The error ends the stream: after a depth error libyaml's scanner
	 * would spend time quadratic in the remaining nesting.
	 */
	bool fatal;
};

/* owner_read()'s answers. */
enum { LB_OWNER_NONE, LB_OWNER_LATER, LB_OWNER_READ };

/* A YAML anchor was set: the object it is in is built whole. */
void lb_pin(struct lb *b);

void lb_init(struct lb *b, struct arena *a, const char *file,
	     const struct load_limits *lim, bool k8s);
/* Drop any partly built document (after an error), zeroing its text. */
void lb_reset(struct lb *b);
void lb_release(struct lb *b);

/* Depth of open containers (0 between documents). */
size_t lb_depth(const struct lb *b);
/* Inside an item of the items of a document root (a List's). */
bool lb_in_item(const struct lb *b);
/* The innermost open container is an object waiting for a key. */
bool lb_want_key(const struct lb *b);

/*
 * A List read from the middle of its text (load.c): lb_enter_items() puts
 * a fresh builder inside the items array of a document root whose kind is
 * not known (items are pruned as a plain List's); lb_between_items(): b
 * is exactly there, between items of a plain List's, nothing pending;
 * lb_items_kept(): the values the innermost container holds so far;
 * lb_put_item(): item, complete and pruned (by another builder, with the
 * same answers from owner_read), goes into the array as if it had been
 * built here (item_read is called with it).
 */
int lb_enter_items(struct lb *b);
bool lb_between_items(const struct lb *b);
size_t lb_items_kept(const struct lb *b);
int lb_put_item(struct lb *b, struct node *item);

/* Type and position of the innermost open container; false when none. */
bool lb_open(const struct lb *b, enum node_type *t, unsigned *line,
	     unsigned *col);

int lb_begin(struct lb *b, enum node_type t, unsigned line, unsigned col);
/*
 * Inside a subtree the builder drops (after an lb_begin() whose value is
 * pruned): until the matching lb_end() every key and scalar is ignored, so
 * a parser may pass over them without events.
 */
bool lb_skipping(const struct lb *b);
/*
 * 0 when extra more levels of nesting below the current depth plus one
 * stay within the depth limit, else the depth error (as lb_begin() gives
 * it).  For a parser passing over a dropped subtree without events.
 */
int lb_deeper(struct lb *b, size_t extra, unsigned line, unsigned col);
int lb_end(struct lb *b);
int lb_key(struct lb *b, const char *k, size_t len, unsigned line,
	   unsigned col);
/*
 * The error lb_key() (key) or lb_scalar() gives a text of len bytes
 * longer than the scalar limit, 0 when it fits or is dropped; for a
 * parser that passed over the text of one too long without keeping it.
 */
int lb_too_long(struct lb *b, bool key, size_t len, unsigned line,
		unsigned col);
/*
 * A YAML merge key ("<<" written plain) in the current object: its value,
 * a mapping or a list of mappings, is merged when the object ends.  Not
 * allowed where pruning decides by key (object root, metadata, Secret
 * data, status) in Kubernetes mode.
 */
int lb_merge_key(struct lb *b, unsigned line, unsigned col);
/* A scalar: NODE_NULL, NODE_BOOL (bv), NODE_NUMBER or NODE_STRING. */
int lb_scalar(struct lb *b, enum node_type t, const char *s, size_t len,
	      bool bv, unsigned line, unsigned col);
/* An existing subtree of count nodes (YAML alias), shared by reference. */
int lb_ref(struct lb *b, struct node *n, size_t count, unsigned line,
	   unsigned col);

/*
 * Offset of the first character at or after from (and before len) that is
 * not well-formed UTF-8 (overlong forms and surrogates included), or len.
 * With yaml, characters YAML does not allow in a stream (C0 controls other
 * than tab, CR and LF, DEL, C1 controls but NEL, U+FFFE, U+FFFF) count as
 * bad too.  *cp (if not NULL) gets the bad code point, or -1 for bytes
 * that are not UTF-8.
 */
size_t lb_bad_char(const char *buf, size_t from, size_t len, bool yaml,
		   long *cp);

/* Fill b->err and return code (convenience for the parsers). */
int lb_fail(struct lb *b, enum diag_code code, unsigned line, unsigned col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
