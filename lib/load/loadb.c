/*
 * loadb.c - the tree builder behind the JSON and YAML loaders.
 *
 * Pruning (Kubernetes mode) works on contexts: each open container knows
 * what it is (an object root, its metadata, its annotations, Secret data, a
 * kept status, the items of a List), and a key sets what its value becomes
 * (built, skipped, redacted to "").  When a key arrives before `kind` is
 * known, the member is built and fixed when the object ends: Secret values
 * are zeroed in the arena and replaced by "", status is filtered.
 */
#include "load/loadb.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "load/limits.h"
#include "load/prune.h"
#include "strmap.h"

enum lb_ctx {
	CTX_PLAIN,
	CTX_OBJ,    /* a Kubernetes object: document root or List item */
	CTX_META,   /* its metadata */
	CTX_ANNOT,  /* its metadata.annotations */
	CTX_SECRET, /* data or stringData of a Secret: values redacted */
	CTX_STATUS, /* status of a kind whose status is partly kept */
	CTX_SPEC,   /* spec of a core kind the declaration names */
	CTX_ITEMS,  /* items of a document root (List kinds) */
	/* pruned by declaration (prune.h), on the way to a pod spec */
	CTX_WSPEC,     /* spec of a controller: its template */
	CTX_CJSPEC,    /* spec of a CronJob: its jobTemplate */
	CTX_JOBTMPL,   /* a CronJob's jobTemplate: its spec */
	CTX_TMPL,      /* a pod template: its spec */
	CTX_PODSPEC,   /* a pod spec: declared members only */
	CTX_CLIST,     /* containers, initContainers, ephemeralContainers */
	CTX_CONTAINER, /* one of them: declared members only */
	CTX_PROBE,     /* a probe of a container: declared members only */
	CTX_PROBE_ACT, /* its httpGet or tcpSocket: declared members only */
	CTX_VLIST,     /* volumes of a pod spec */
	CTX_VOLUME,    /* one of them, or a projected volume's source */
	CTX_VSRC,      /* a member's value there: declared members only */
	CTX_SRCLIST,   /* the sources of a projected volume */
	CTX_OWNERS,    /* metadata.ownerReferences */
	CTX_OWNER,     /* one of them: declared members only */
};

/* b->next beyond the contexts: what the next value becomes. */
enum {
	NX_SKIP = -1,
	NX_REDACT = -2,
};

enum lb_mark { MARK_NONE, MARK_DATA, MARK_STATUS, MARK_MERGE };

/* Objects switch from a linear scan to a hash for duplicate keys here. */
#define LB_DUP_LINEAR 16

struct lb_ent {
	const char *key;
	size_t keylen;
	unsigned kline;
	struct node *val; /* NULL: member pruned (its key still counts) */
};

struct lb_frame {
	enum node_type type;
	unsigned line, col;
	size_t base;
	enum lb_ctx ctx;
	size_t nodes;
	/* object under construction */
	const char *key;
	size_t keylen;
	unsigned kline;
	bool has_key;
	enum lb_mark mark;
	struct strmap *dup;
	/* CTX_OBJ (and CTX_STATUS: the object's kind) */
	const char *kind;
	const char *api;	  /* CTX_OBJ: apiVersion */
	size_t data_at[2], ndata; /* entry index + 1 */
	size_t status_at;
	/* a YAML merge key: its entry index + 1 and its position */
	size_t merge_at;
	unsigned merge_line;
	/* CTX_META: members pruned by declaration */
	bool prune_meta;
	/*
	 * CTX_META of a built-in workload whose owner is not known yet: its
	 * arrays and objects not named at PRUNE_OWNED_META are built in the
	 * object's own arena until it ends (meta_end())
	 */
	bool meta_aside;
	/* a pod spec: counted in b->share while open */
	bool shares;
	/* CTX_OBJ: its metadata once built; whether its owner was read
	 * (0 not asked yet, else 1 + owner_read()'s answer) */
	const struct node *meta;
	unsigned char owned;
	/* CTX_OBJ: members built in an arena of its own (lb.deferred) */
	bool defer_next; /* the next member's value is */
	bool pinned;	 /* a YAML anchor points into it: built whole */
	struct arena *own;
	struct node **hollow; /* those members' nodes */
	size_t nhollow, ahollow;
	/* the value of such a member: b->a goes back home at its end */
	bool aside;
	/* CTX_META: its uid was built in b->transient (uid_transient()) */
	bool tuid;
};

/*
 * A frame's start: copied rather than memset(), which compilers make a
 * string instruction whose start-up costs more than these few stores.
 */
static const struct lb_frame zero_frame;

/* Metadata holding a transient uid, and whether it is the root's. */
struct lb_tuid {
	struct node *meta;
	bool root;
};

/* Prune by the installed declaration (files and snapshots only). */
static bool declared(const struct lb *b)
{
	return b->declared && prune_reads();
}

static bool key_is(const char *k, size_t len, const char *lit)
{
	return strlen(lit) == len && !memcmp(k, lit, len);
}

void lb_init(struct lb *b, struct arena *a, const char *file,
	     const struct load_limits *lim, bool k8s)
{
	memset(b, 0, sizeof(*b));
	b->a = a;
	b->home = a;
	b->file = file;
	b->lim = lim;
	b->k8s = k8s;
	b->next = CTX_PLAIN;
}

/* Zero every string byte of a subtree (shared nodes may repeat). */
static void wipe_tree(struct node *root)
{
	struct node **stack = NULL;
	size_t n = 0, alloc = 0, i;

	stack = xrealloc_array(stack, alloc = 64, sizeof(*stack));
	stack[n++] = root;
	while (n) {
		struct node *x = stack[--n];
		size_t kids = x->type == NODE_ARRAY || x->type == NODE_OBJECT
				  ? node_len(x)
				  : 0;

		node_wipe_text(x); /* interned text is no Secret's */
		if (n + kids > alloc) {
			alloc = (n + kids) * 2;
			stack = xrealloc_array(stack, alloc, sizeof(*stack));
		}
		for (i = 0; i < kids; i++) {
			const struct node *c;
			const char *k;

			if (x->type == NODE_ARRAY)
				c = node_at(x, i);
			else
				node_member_at(x, i, &k, &c);
			stack[n++] = (struct node *)c;
		}
	}
	free(stack);
}

/* Back to the caller's arena after an item built aside. */
static void scratch_done(struct lb *b)
{
	if (!b->saved_a)
		return;
	arena_free(b->a);
	b->a = b->home = b->saved_a;
	b->saved_a = NULL;
	b->last = NULL;
}

/* Forget what an object built in its own arena (after an error). */
static void own_drop(struct lb_frame *f)
{
	arena_free(f->own);
	free(f->hollow);
	f->own = NULL;
	f->hollow = NULL;
	f->nhollow = f->ahollow = 0;
}

static void forget_item_kind(struct lb *b);

void lb_reset(struct lb *b)
{
	size_t i;

	for (i = 0; i < b->nfr; i++) {
		if (b->fr[i].dup) {
			strmap_release(b->fr[i].dup);
			free(b->fr[i].dup);
		}
	}
	/*
	 * An abandoned document may hold Secret values whose kind was not
	 * seen yet; nothing of it is used, so zero all its text.
	 */
	for (i = 0; i < b->nent; i++)
		if (b->ent[i].val)
			wipe_tree(b->ent[i].val);
	for (i = 0; i < b->nfr; i++)
		own_drop(&b->fr[i]);
	if (!b->saved_a)
		b->a = b->home;
	scratch_done(b);
	b->nfr = 0;
	b->nent = 0;
	b->ntuid = 0;
	b->skip = 0;
	b->share = 0;
	b->next = CTX_PLAIN;
	forget_item_kind(b);
}

void lb_release(struct lb *b)
{
	lb_reset(b);
	free(b->fr);
	free(b->ent);
	free(b->tuid);
	free(b->okeys);
	free(b->ovals);
	b->fr = NULL;
	b->ent = NULL;
	b->tuid = NULL;
	b->okeys = NULL;
	b->ovals = NULL;
	b->afr = b->aent = b->atuid = b->aobj = 0;
}

size_t lb_depth(const struct lb *b)
{
	return b->nfr + b->skip;
}

bool lb_in_item(const struct lb *b)
{
	return b->nfr >= 3 && b->fr[1].ctx == CTX_ITEMS;
}

bool lb_want_key(const struct lb *b)
{
	const struct lb_frame *f;

	/* Inside a pruned subtree keys and values are dropped alike. */
	if (b->skip)
		return false;
	if (!b->nfr)
		return false;
	f = &b->fr[b->nfr - 1];
	return f->type == NODE_OBJECT && !f->has_key;
}

bool lb_open(const struct lb *b, enum node_type *t, unsigned *line,
	     unsigned *col)
{
	const struct lb_frame *f;

	if (!b->nfr)
		return false;
	f = &b->fr[b->nfr - 1];
	*t = f->type;
	*line = f->line;
	*col = f->col;
	return true;
}

int lb_fail(struct lb *b, enum diag_code code, unsigned line, unsigned col,
	    const char *fmt, ...)
{
	struct srcloc loc = { b->file, line, col };
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_set(&b->err, code, &loc, "%s", msg);
}

/* A key for a message: at most 60 bytes, controls shown as '?'. */
static void key_text(char *out, size_t n, const char *k, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 4 < n && i < 60; i++)
		out[o++] =
		    (unsigned char)k[i] < 0x20 || k[i] == 0x7f ? '?' : k[i];
	if (i < len && o + 4 < n) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static bool yaml_printable(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0x7e) ||
	       c == 0x85 || (c >= 0xa0 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/*
 * Eight bytes of printable ASCII (0x20 to 0x7e) or line feeds, tested at
 * once (each test is exact per byte: no carry crosses a byte).
 */
static bool ascii8(const unsigned char *p)
{
	const uint64_t lo = 0x0101010101010101u, hi = lo * 0x80;
	uint64_t v, low, x, ok;

	memcpy(&v, p, sizeof(v));
	low = v & ~hi;
	x = v ^ (lo * '\n');
	/* bit 7 of a byte: its low seven bits are 0x20 or more and not
	 * 0x7f, or it is a line feed */
	ok = ((low + lo * 0x60) & ~(low + lo)) | ~(((x & ~hi) + lo * 0x7f) | x);
	return !((v | ~ok) & hi);
}

size_t lb_bad_char(const char *buf, size_t from, size_t len, bool yaml,
		   long *cp)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = from;

	while (i < len) {
		unsigned c, need, k;
		unsigned long v, min;

		while (len - i >= 8 && ascii8(s + i))
			i += 8;
		if (i == len)
			break;
		c = s[i];

		/* the common case first: printable ASCII, a line break */
		if ((c >= 0x20 && c < 0x7f) || c == '\n') {
			i++;
			continue;
		}
		if (c < 0x80) {
			if (yaml && !yaml_printable(c))
				goto bad_cp;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, min = 0x80, v = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, min = 0x800, v = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, min = 0x10000, v = c & 0x07;
		else
			goto bad_bytes;
		for (k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				goto bad_bytes;
			v = v << 6 | (s[i + k] & 0x3f);
		}
		if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			goto bad_bytes;
		if (yaml && !yaml_printable(v)) {
			c = (unsigned)v;
			goto bad_cp;
		}
		i += need + 1;
		continue;
	bad_cp:
		if (cp)
			*cp = (long)c;
		return i;
	bad_bytes:
		if (cp)
			*cp = -1;
		return i;
	}
	return len;
}

static size_t sat_add(size_t x, size_t y)
{
	return x > SIZE_MAX - y ? SIZE_MAX : x + y;
}

static void push_ent(struct lb *b, const struct lb_ent *e)
{
	struct lb_ent *d;

	if (b->nent == b->aent) {
		b->aent = b->aent ? b->aent * 2 : 256;
		b->ent = xrealloc_array(b->ent, b->aent, sizeof(*b->ent));
	}
	/*
	 * Member by member: *e was just written so, and a copy of the whole
	 * would read two of those writes at once, which waits for them to
	 * reach the cache instead of taking them from the store buffer.
	 */
	d = &b->ent[b->nent++];
	d->key = e->key;
	d->keylen = e->keylen;
	d->kline = e->kline;
	d->val = e->val;
}

/* Record what an object-root member is once its value is in place. */
static void obj_note(struct lb_frame *f, size_t idx, const struct node *n)
{
	if (key_is(f->key, f->keylen, "kind") && n && n->type == NODE_STRING)
		f->kind = node_str(n);
	if (key_is(f->key, f->keylen, "apiVersion") && n &&
	    n->type == NODE_STRING)
		f->api = node_str(n);
	if (key_is(f->key, f->keylen, "metadata") && n &&
	    n->type == NODE_OBJECT)
		f->meta = n;
	if (f->mark == MARK_DATA && f->ndata < 2)
		f->data_at[f->ndata++] = idx + 1;
	else if (f->mark == MARK_STATUS)
		f->status_at = idx + 1;
}

/* A complete value (n may be NULL for a pruned member) goes to its parent. */
static int put_value(struct lb *b, struct node *n, size_t count)
{
	struct lb_frame *f;
	struct lb_ent e = { 0 };

	b->last = n;
	b->last_count = count;
	if (!b->nfr)
		return n && b->on_doc ? b->on_doc(b->ctx, n) : 0;
	f = &b->fr[b->nfr - 1];
	if (f->ctx == CTX_ITEMS && b->item_read && n && n->type == NODE_OBJECT)
		b->item_read(b->ctx, n);
	if (f->ctx == CTX_ITEMS && b->on_item && n && n->type == NODE_OBJECT) {
		bool aside = b->saved_a != NULL;
		int rc = b->on_item(b->ctx, n);

		scratch_done(b);
		if (rc < 0)
			return rc;
		if (rc > 0 || aside)
			return 0; /* taken: not kept in the array */
	}
	if (f->type == NODE_OBJECT) {
		e.key = f->key;
		e.keylen = f->keylen;
		e.kline = f->kline;
		if (f->ctx == CTX_OBJ)
			obj_note(f, b->nent - f->base, n);
		if (f->mark == MARK_MERGE)
			f->merge_at = b->nent - f->base + 1;
		f->defer_next = false;
		f->has_key = false;
		f->mark = MARK_NONE;
	} else if (!n) {
		return 0;
	}
	e.val = n;
	push_ent(b, &e);
	f->nodes = sat_add(f->nodes, count);
	return 0;
}

int lb_enter_items(struct lb *b)
{
	struct lb_frame *f;
	int i;

	if (b->nfr || !b->k8s)
		return -1;
	if (b->afr < 2) {
		b->afr = 16;
		b->fr = xrealloc_array(b->fr, b->afr, sizeof(*b->fr));
	}
	for (i = 0; i < 2; i++) {
		f = &b->fr[b->nfr++];
		memset(f, 0, sizeof(*f));
		f->type = i ? NODE_ARRAY : NODE_OBJECT;
		f->line = f->col = 1;
		f->base = b->nent;
		f->ctx = i ? CTX_ITEMS : CTX_OBJ;
		f->nodes = 1;
	}
	b->fr[0].key = node_intern(b->home, "items", 5);
	b->fr[0].keylen = 5;
	b->fr[0].kline = 1;
	b->fr[0].has_key = true;
	return 0;
}

bool lb_between_items(const struct lb *b)
{
	return b->k8s && b->nfr == 2 && b->fr[0].ctx == CTX_OBJ &&
	       b->fr[1].ctx == CTX_ITEMS && b->fr[1].type == NODE_ARRAY &&
	       !b->fr[1].aside && !b->skip && !b->share &&
	       b->next == CTX_PLAIN && !b->item_kind && !b->item_api &&
	       !b->saved_a && !b->on_item && b->a == b->home;
}

size_t lb_items_kept(const struct lb *b)
{
	return b->nfr ? b->nent - b->fr[b->nfr - 1].base : 0;
}

static void tuid_note(struct lb *b, struct node *meta, bool root);

int lb_put_item(struct lb *b, struct node *item)
{
	/* its own builder noted a transient uid there: this one settles it */
	struct node *meta = (struct node *)node_get(item, "metadata");

	if (node_is_transient(node_get(meta, "uid")))
		tuid_note(b, meta, false);
	return put_value(b, item, 1);
}

/* A string or number node with its text in the same allocation. */
static struct node *new_text(struct lb *b, enum node_type t, const char *s,
			     size_t len, unsigned line, unsigned col)
{
	return node_new_str(b->a, t, s, len, line, col);
}

static struct node *empty_string(struct lb *b, unsigned line, unsigned col)
{
	return new_text(b, NODE_STRING, "", 0, line, col);
}

/*
 * Keys repeat in every object ("name", "image"); one copy each, with its
 * length and hash, saves a good part of the tree and makes lookups cheap.
 */
static const char *intern_key(struct lb *b, const char *k, size_t len)
{
	return node_intern(b->home, k, len);
}

/* Take the pending action for the value now starting. */
static int take_next(struct lb *b)
{
	int nx = b->next;

	b->next = CTX_PLAIN;
	return nx;
}

int lb_deeper(struct lb *b, size_t extra, unsigned line, unsigned col)
{
	if (lb_depth(b) + extra + 1 > b->lim->max_depth) {
		b->fatal = true;
		return lb_fail(b, DIAG_LIMIT, line, col,
			       "nesting deeper than %u levels of arrays and "
			       "objects",
			       b->lim->max_depth);
	}
	return 0;
}

static int check_depth(struct lb *b, unsigned line, unsigned col)
{
	return lb_deeper(b, 0, line, col);
}

bool lb_skipping(const struct lb *b)
{
	return b->skip != 0;
}

/*
 * The metadata frame just opened is pruned by declaration: that of a List
 * item, or of a document whose kind is known and names no List (a List's
 * own metadata holds the token for its next page).
 */
static bool meta_pruned(const struct lb *b)
{
	const struct lb_frame *o = &b->fr[b->nfr - 2];
	size_t n;

	if (!declared(b) || !prune_declares(PRUNE_METADATA))
		return false;
	if (b->nfr > 2)
		return true;
	if (!o->kind)
		return false;
	n = strlen(o->kind);
	return n < 4 || strcmp(o->kind + n - 4, "List");
}

static int podspec_route(const struct lb *b, const struct lb_frame *f,
			 const char *k, size_t len);

/*
 * The items of a typed List (a PodList, a ReplicaSetList: what the API
 * server answers and `kubectl cluster-info dump` writes) need not name
 * their kind: they are of the List's kind without "List", in its
 * apiVersion.  Known while parsing, so they are pruned as their kind is
 * (status, pod spec, a controller read first); the objects themselves
 * are left as written.  Not for a plain List, nor when the caller names
 * the items' kind (a live list).
 */
static void infer_item_kind(struct lb *b, const struct lb_frame *root)
{
	size_t n = root->kind ? strlen(root->kind) : 0;

	if (b->item_kind || !root->api || n <= 4 ||
	    strcmp(root->kind + n - 4, "List"))
		return;
	b->item_kind = arena_strndup(b->home, root->kind, n - 4);
	b->item_api = root->api;
	b->item_inferred = true;
}

/* The items of the List that infer_item_kind() named end. */
static void forget_item_kind(struct lb *b)
{
	if (b->item_inferred) {
		b->item_kind = b->item_api = NULL;
		b->item_inferred = false;
	}
}

/*
 * May the metadata of object frame o keep its labels and annotations
 * aside until its owner is known (prune.h, PRUNE_OWNED_META)?  Only where
 * the answer can come: a built-in workload whose kind and apiVersion came
 * first, loaded with the declaration and an inventory to ask, outside an
 * item built aside and with no YAML anchor in it yet.
 */
static bool meta_aside_ok(const struct lb *b, const struct lb_frame *o)
{
	return o->ctx == CTX_OBJ && b->owner_read && b->deferred &&
	       !b->saved_a && !o->pinned && !o->owned && o->kind && o->api &&
	       prune_declares(PRUNE_OWNED) &&
	       prune_declares(PRUNE_OWNED_META) &&
	       podspec_route(b, o, "spec", 4) != CTX_PLAIN;
}

/*
 * The frame whose arena holds a member built aside, given the frame the
 * member is in: an object's own, or the object's for its metadata's.
 */
static struct lb_frame *own_frame(struct lb *b, size_t i)
{
	return b->fr[i].ctx == CTX_META && i ? &b->fr[i - 1] : &b->fr[i];
}

int lb_begin(struct lb *b, enum node_type t, unsigned line, unsigned col)
{
	struct lb_frame *f;
	int nx, rc;

	if ((rc = check_depth(b, line, col)))
		return rc;
	if (b->skip) {
		b->skip++;
		return 0;
	}
	nx = take_next(b);
	if (nx == NX_SKIP) {
		b->skip = 1;
		return put_value(b, NULL, 0);
	}
	if (nx == NX_REDACT || (nx == CTX_SECRET && t != NODE_OBJECT)) {
		b->skip = 1;
		return put_value(b, empty_string(b, line, col), 1);
	}
	if (!b->nfr && b->k8s && t == NODE_OBJECT)
		nx = CTX_OBJ;
	else if (b->nfr && b->fr[b->nfr - 1].ctx == CTX_ITEMS &&
		 t == NODE_OBJECT) {
		nx = CTX_OBJ;
		if (b->item_scratch && b->on_item && !b->saved_a) {
			b->saved_a = b->a;
			b->a = b->home = arena_new();
		}
	} else if (b->nfr && b->fr[b->nfr - 1].ctx == CTX_CLIST &&
		   t == NODE_OBJECT)
		nx = CTX_CONTAINER;
	else if (b->nfr &&
		 (b->fr[b->nfr - 1].ctx == CTX_VLIST ||
		  b->fr[b->nfr - 1].ctx == CTX_SRCLIST) &&
		 t == NODE_OBJECT)
		nx = CTX_VOLUME;
	else if (b->nfr && b->fr[b->nfr - 1].ctx == CTX_OWNERS &&
		 t == NODE_OBJECT)
		nx = CTX_OWNER;
	else if ((nx == CTX_VLIST || nx == CTX_SRCLIST || nx == CTX_OWNERS) &&
		 t != NODE_ARRAY)
		nx = CTX_PLAIN;
	else if ((nx == CTX_ITEMS || nx == CTX_CLIST) && t != NODE_ARRAY)
		nx = CTX_PLAIN;
	else if (((nx >= CTX_WSPEC && nx <= CTX_PODSPEC) || nx == CTX_SPEC) &&
		 t != NODE_OBJECT)
		nx = CTX_PLAIN;
	if (b->nfr == b->afr) {
		b->afr = b->afr ? b->afr * 2 : 16;
		b->fr = xrealloc_array(b->fr, b->afr, sizeof(*b->fr));
	}
	f = &b->fr[b->nfr++];
	*f = zero_frame;
	if (b->nfr > 1 && b->fr[b->nfr - 2].defer_next) {
		struct lb_frame *o = own_frame(b, b->nfr - 2);

		b->fr[b->nfr - 2].defer_next = false;
		if (!o->own)
			o->own = arena_new_small();
		b->a = o->own;
		f->aside = true;
	}
	f->type = t;
	f->line = line;
	f->col = col;
	f->base = b->nent;
	f->ctx = (enum lb_ctx)nx;
	if (nx == CTX_STATUS || nx == CTX_SPEC)
		f->kind = b->next_arg;
	if (nx == CTX_OBJ && b->nfr > 1) { /* a List item */
		f->kind = b->item_kind;
		f->api = b->item_api;
	}
	if (nx == CTX_ITEMS)
		infer_item_kind(b, &b->fr[b->nfr - 2]);
	if (nx == CTX_META) {
		f->prune_meta = meta_pruned(b);
		f->meta_aside = t == NODE_OBJECT && f->prune_meta &&
				meta_aside_ok(b, &b->fr[b->nfr - 2]);
	}
	if (nx == CTX_PODSPEC) {
		f->shares = true;
		b->share++;
	}
	f->nodes = 1;
	return 0;
}

/* A Secret's data built before its kind was known: zero it, keep keys. */
static struct node *redact(struct lb *b, struct node *v)
{
	struct node *r;
	size_t i;

	wipe_tree(v);
	if (v->type == NODE_NULL)
		return v;
	if (v->type != NODE_OBJECT)
		return empty_string(b, v->line, node_col(v));
	r = node_new_object(b->a, v->line, node_col(v), node_len(v));
	for (i = 0; i < node_len(v); i++) {
		const struct node *old;
		const char *k;

		node_member_at(v, i, &k, &old);
		node_add(r, k, empty_string(b, old->line, node_col(old)));
	}
	return r;
}

/* Status built before its kind was known: keep the declared members. */
static struct node *filter_status(struct lb *b, struct node *v,
				  const char *kind)
{
	struct node *r;
	size_t i, k = 0;

	if (!declared(b))
		return v;
	if (!kind || !prune_keeps_status(kind))
		return NULL;
	if (v->type != NODE_OBJECT)
		return v;
	for (i = 0; i < node_len(v); i++) {
		const struct node *x;
		const char *key;

		node_member_at(v, i, &key, &x);
		k += prune_keeps(PRUNE_STATUS, kind, key, node_key_len(key));
	}
	r = node_new_object(b->a, v->line, node_col(v), k);
	for (i = 0; i < node_len(v); i++) {
		const struct node *x;
		const char *key;

		node_member_at(v, i, &key, &x);
		if (prune_keeps(PRUNE_STATUS, kind, key, node_key_len(key)))
			node_add(r, key, x);
	}
	return r;
}

static void obj_fixup(struct lb *b, struct lb_frame *f)
{
	size_t i;

	for (i = 0; i < f->ndata; i++) {
		struct lb_ent *e = &b->ent[f->base + f->data_at[i] - 1];
		if (e->val && prune_member(PRUNE_AT_ROOT, f->kind, e->key,
					   e->keylen) == PRUNE_BLANK_VALUES)
			e->val = redact(b, e->val);
	}
	if (f->status_at) {
		struct lb_ent *e = &b->ent[f->base + f->status_at - 1];
		if (e->val)
			e->val = filter_status(b, e->val, f->kind);
	}
}

static unsigned find_dup(struct lb *b, struct lb_frame *f, const char *k,
			 size_t len);
static void note_key(struct lb *b, struct lb_frame *f, const char *k,
		     size_t len, unsigned line);

static struct node *copy_home(struct lb *b, const struct node *n);

/*
 * Members of src not yet in the object f get added, by reference (a
 * transient one by a copy: see uid_transient()).
 */
static void merge_one(struct lb *b, struct lb_frame *f, const struct node *src)
{
	size_t i;

	for (i = 0; i < node_len(src); i++) {
		const struct node *v;
		const char *k;
		size_t klen;
		struct lb_ent e;

		node_member_at(src, i, &k, &v);
		klen = node_key_len(k);
		e.key = k;
		e.keylen = klen;
		e.kline = f->merge_line;
		e.val =
		    node_is_transient(v) ? copy_home(b, v) : (struct node *)v;
		if (find_dup(b, f, k, klen))
			continue;
		note_key(b, f, k, klen, f->merge_line);
		push_ent(b, &e);
	}
}

/*
 * Resolve "<<" when its object ends, as YAML 1.1 (and Kubernetes) does:
 * keys written in the object win wherever they stand, and among several
 * merged mappings the first one that has a key wins.
 */
static int merge(struct lb *b, struct lb_frame *f)
{
	struct lb_ent *m = &b->ent[f->base + f->merge_at - 1];
	struct node *src = m->val;
	size_t i;

	m->val = NULL;
	f->merge_at = 0;
	if (!src || src->type == NODE_OBJECT) {
		if (src)
			merge_one(b, f, src);
		return 0;
	}
	if (src->type == NODE_ARRAY) {
		for (i = 0; i < node_len(src); i++) {
			const struct node *it = node_at(src, i);
			if (it->type != NODE_OBJECT)
				return lb_fail(b, DIAG_PARSE, it->line,
					       node_col(it),
					       "expected a mapping to merge, "
					       "found a %s",
					       node_type_name(it->type));
		}
		for (i = 0; i < node_len(src); i++)
			merge_one(b, f, node_at(src, i));
		return 0;
	}
	return lb_fail(b, DIAG_PARSE, src->line, node_col(src),
		       "expected a mapping or a list of mappings after '<<', "
		       "found a %s",
		       node_type_name(src->type));
}

/*
 * The object of frame f in arena a: its members with values (cnt of
 * them), in order, with their keys kept once in b->home, where they are
 * interned, for every object with the same keys (node_new_object_keys()).
 */
static struct node *new_object(struct lb *b, struct arena *a,
			       const struct lb_frame *f, size_t cnt)
{
	size_t i, k = 0;
	struct node *n;

	/* an item built aside is copied and released: made as it was */
	if (b->saved_a) {
		n = node_new_object(a, f->line, f->col, cnt);
		for (i = f->base; i < b->nent; i++)
			if (b->ent[i].val)
				node_add(n, b->ent[i].key, b->ent[i].val);
		return n;
	}
	if (cnt > b->aobj) {
		b->aobj = cnt < 16 ? 16 : cnt;
		b->okeys = xrealloc_array(b->okeys, b->aobj, sizeof(*b->okeys));
		b->ovals = xrealloc_array(b->ovals, b->aobj, sizeof(*b->ovals));
	}
	for (i = f->base; i < b->nent; i++)
		if (b->ent[i].val) {
			b->okeys[k] = b->ent[i].key;
			b->ovals[k++] = b->ent[i].val;
		}
	return node_new_object_keys(a, b->home, f->line, f->col, b->okeys,
				    b->ovals, k);
}

/* n, a member of object frame o, has its contents in o->own. */
static void own_note(struct lb_frame *o, struct node *n)
{
	if (o->nhollow == o->ahollow) {
		o->ahollow = o->ahollow ? o->ahollow * 2 : 4;
		o->hollow =
		    xrealloc_array(o->hollow, o->ahollow, sizeof(*o->hollow));
	}
	o->hollow[o->nhollow++] = n;
}

/* Object frame f ends: its own arena goes to b->deferred. */
static void own_done(struct lb *b, struct lb_frame *f)
{
	if (f->pinned || !f->nhollow) { /* kept as any member */
		arena_merge(b->home, f->own);
		arena_free(f->own);
	} else {
		b->deferred(b->ctx, f->api, f->kind, f->meta, f->hollow,
			    f->nhollow, f->own);
	}
	free(f->hollow);
	f->own = NULL;
	f->hollow = NULL;
	f->nhollow = f->ahollow = 0;
}

void lb_pin(struct lb *b)
{
	size_t i = b->nfr;

	while (i--)
		if (b->fr[i].ctx == CTX_OBJ) {
			b->fr[i].pinned = true;
			return;
		}
}

static struct node *meta_end(struct lb *b, struct lb_frame *f);
static void tuid_settle(struct lb *b, const struct node *root);

int lb_end(struct lb *b)
{
	struct lb_frame *f;
	struct node *n;
	size_t i, cnt = 0, count;
	int rc;

	if (b->skip) {
		b->skip--;
		return 0;
	}
	f = &b->fr[b->nfr - 1];
	if (f->merge_at && (rc = merge(b, f)))
		return rc;
	if (f->ctx == CTX_OBJ)
		obj_fixup(b, f);
	for (i = f->base; i < b->nent; i++)
		cnt += b->ent[i].val != NULL;
	/* the node itself is the caller's, but for metadata's (meta_end()) */
	if (f->aside && b->fr[b->nfr - 2].ctx != CTX_META)
		b->a = b->home;
	if (f->ctx == CTX_META && f->meta_aside) {
		n = meta_end(b, f);
	} else if (f->type == NODE_ARRAY) {
		n = node_new_array(b->a, f->line, f->col, cnt);
		for (i = f->base; i < b->nent; i++)
			if (b->ent[i].val)
				node_push(n, b->ent[i].val);
	} else {
		n = new_object(b, b->a, f, cnt);
	}
	if (f->aside)
		b->a = b->home;
	count = f->nodes;
	b->nent = f->base;
	if (f->aside)
		own_note(own_frame(b, b->nfr - 2), n);
	if (f->ctx == CTX_OBJ && f->own)
		own_done(b, f);
	if (f->ctx == CTX_ITEMS)
		forget_item_kind(b);
	/* items put whole into another builder are noted there */
	if (f->ctx == CTX_META && f->tuid && !b->items_put)
		tuid_note(b, n, b->nfr == 2);
	if (f->ctx == CTX_OBJ && b->nfr == 1)
		tuid_settle(b, n);
	if (f->shares)
		b->share--;
	if (f->dup) {
		strmap_release(f->dup);
		free(f->dup);
	}
	b->nfr--;
	return put_value(b, n, count);
}

/* First line of key k in frame f, or 0. */
static unsigned find_dup(struct lb *b, struct lb_frame *f, const char *k,
			 size_t len)
{
	size_t i;

	if (f->dup)
		return (unsigned)(uintptr_t)strmap_get(f->dup, k, len);
	/* keys are interned in b->a: one pointer per distinct key */
	for (i = f->base; i < b->nent; i++)
		if (b->ent[i].key == k)
			return b->ent[i].kline;
	(void)len;
	return 0;
}

static void note_key(struct lb *b, struct lb_frame *f, const char *k,
		     size_t len, unsigned line)
{
	size_t i;

	if (!f->dup && b->nent - f->base >= LB_DUP_LINEAR) {
		f->dup = xmalloc(sizeof(*f->dup));
		memset(f->dup, 0, sizeof(*f->dup));
		for (i = f->base; i < b->nent; i++)
			strmap_put(f->dup, b->ent[i].key, b->ent[i].keylen,
				   (void *)(uintptr_t)b->ent[i].kline);
	}
	if (f->dup)
		strmap_put(f->dup, k, len, (void *)(uintptr_t)line);
}

/* The group of an apiVersion ("apps/v1": "apps"; "v1": ""), as len. */
static size_t api_group(const char *api)
{
	const char *slash = api ? strchr(api, '/') : NULL;

	return slash ? (size_t)(slash - api) : 0;
}

static bool group_is(const char *api, const char *group)
{
	size_t n = api_group(api);

	return api && strlen(group) == n && !strncmp(api, group, n);
}

/*
 * Where the pod spec of an object of this kind and apiVersion sits below
 * its member key: the context that member's value gets, or CTX_PLAIN.
 * Built-in groups only: a custom resource may reuse a kind's name.
 */
static int podspec_route(const struct lb *b, const struct lb_frame *f,
			 const char *k, size_t len)
{
	static const struct {
		const char *kind, *group, *key;
		enum lb_ctx ctx;
	} routes[] = {
		{ "Pod", "", "spec", CTX_PODSPEC },
		{ "PodTemplate", "", "template", CTX_TMPL },
		{ "ReplicationController", "", "spec", CTX_WSPEC },
		{ "Deployment", "apps", "spec", CTX_WSPEC },
		{ "ReplicaSet", "apps", "spec", CTX_WSPEC },
		{ "StatefulSet", "apps", "spec", CTX_WSPEC },
		{ "DaemonSet", "apps", "spec", CTX_WSPEC },
		{ "Deployment", "extensions", "spec", CTX_WSPEC },
		{ "ReplicaSet", "extensions", "spec", CTX_WSPEC },
		{ "DaemonSet", "extensions", "spec", CTX_WSPEC },
		{ "Job", "batch", "spec", CTX_WSPEC },
		{ "CronJob", "batch", "spec", CTX_CJSPEC },
		/* controllers of other projects with a pod template */
		{ "DeploymentConfig", "apps.openshift.io", "spec", CTX_WSPEC },
		{ "Rollout", "argoproj.io", "spec", CTX_WSPEC },
		{ "CloneSet", "apps.kruise.io", "spec", CTX_WSPEC },
		{ "StatefulSet", "apps.kruise.io", "spec", CTX_WSPEC },
		{ "DaemonSet", "apps.kruise.io", "spec", CTX_WSPEC },
		{ "BroadcastJob", "apps.kruise.io", "spec", CTX_WSPEC },
		{ "Service", "serving.knative.dev", "spec", CTX_WSPEC },
		{ "Configuration", "serving.knative.dev", "spec", CTX_WSPEC },
		/* a Revision's spec is a pod spec */
		{ "Revision", "serving.knative.dev", "spec", CTX_PODSPEC },
	};
	/* every route's key is one of these two */
	bool spec = key_is(k, len, "spec");
	size_t i;

	if ((!spec && !key_is(k, len, "template")) || !f->kind || !f->api ||
	    !declared(b))
		return CTX_PLAIN;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if ((routes[i].key[0] == 's') == spec &&
		    routes[i].kind[0] == f->kind[0] &&
		    !strcmp(f->kind, routes[i].kind) &&
		    group_is(f->api, routes[i].group))
			return routes[i].ctx;
	return CTX_PLAIN;
}

/* A copy of n in arena a (keys and shared text are in b's home already). */
static struct node *copy_to(struct lb *b, struct arena *a, const struct node *n)
{
	struct node *c;
	size_t i;

	switch (n->type) {
	case NODE_STRING:
	case NODE_NUMBER:
		if (node_text_is_shared(n))
			return node_new_shared_str_in(
			    a, b->home, n->type, node_text(n), node_str_len(n),
			    n->line, node_col(n));
		return node_new_str(a, n->type, node_text(n), node_str_len(n),
				    n->line, node_col(n));
	case NODE_ARRAY:
		c = node_new_array(a, n->line, node_col(n), node_len(n));
		for (i = 0; i < node_len(n); i++)
			node_push(c, copy_to(b, a, node_at(n, i)));
		return c;
	case NODE_OBJECT:
		c = node_new_object(a, n->line, node_col(n), node_len(n));
		for (i = 0; i < node_len(n); i++) {
			struct node_member m = node_member_i(n, i);

			node_add(c, m.key, copy_to(b, a, m.val));
		}
		return c;
	default:
		c = node_new(a, (enum node_type)n->type, n->line, node_col(n));
		c->b = n->b;
		return c;
	}
}

static struct node *copy_home(struct lb *b, const struct node *n)
{
	return copy_to(b, b->home, n);
}

/*
 * The ownerReferences of an object whose controller was read: in the
 * caller's transient arena, marked (see struct lb), else at home.
 */
static struct node *copy_transient(struct lb *b, const struct node *n)
{
	struct node *c;

	if (!b->transient)
		return copy_home(b, n);
	c = copy_to(b, b->transient, n);
	node_set_transient(c);
	return c;
}

/* A container of the caller's arena holding what n holds. */
static struct node *shell_home(struct lb *b, const struct node *n)
{
	struct node *c;
	size_t i;

	if (n->type == NODE_ARRAY) {
		c = node_new_array(b->home, n->line, node_col(n), node_len(n));
		for (i = 0; i < node_len(n); i++)
			node_push(c, node_at(n, i));
	} else {
		c = node_new_object(b->home, n->line, node_col(n), node_len(n));
		for (i = 0; i < node_len(n); i++) {
			struct node_member m = node_member_i(n, i);

			node_add(c, m.key, m.val);
		}
	}
	return c;
}

static int owner_was_read(struct lb *b, struct lb_frame *f);

/*
 * The metadata frame f of a built-in workload ends, its labels,
 * annotations and ownerReferences built in the object's own arena
 * (f->meta_aside): ask whether the controller was read, then build the
 * metadata with what PRUNE_OWNED_META names only (read: the object is
 * reported on its controller), with copies of them (no controller), or
 * with containers of the caller's whose contents wait in the own arena
 * with the spec (it may still come).  The ownerReferences are copied back
 * unless the controller was read: then only the owner's lookup reads
 * them, and they go to the caller's transient arena (struct lb).  An
 * anchor in it keeps it as it is: own_done() merges the arena.
 */
static struct node *meta_end(struct lb *b, struct lb_frame *f)
{
	struct lb_frame *o = f - 1;
	struct node *tmp, *n;
	size_t i, k, cnt = 0;
	int owner;

	if (!o->own)
		o->own = arena_new_small();
	tmp = node_new_object(o->own, f->line, f->col, b->nent - f->base);
	for (i = f->base; i < b->nent; i++)
		if (b->ent[i].val)
			node_add(tmp, b->ent[i].key, b->ent[i].val);
	o->meta = tmp;
	owner = owner_was_read(b, o);
	o->meta = NULL;
	for (i = f->base; i < b->nent; i++) {
		struct node *v = b->ent[i].val;

		for (k = 0; v && k < o->nhollow && o->hollow[k] != v; k++)
			;
		if (v && owner == LB_OWNER_READ && !o->pinned &&
		    !prune_keeps(PRUNE_OWNED_META, NULL, b->ent[i].key,
				 b->ent[i].keylen)) {
			v = b->ent[i].val = NULL;
		} else if (v && k < o->nhollow && !o->pinned) {
			bool refs = key_is(b->ent[i].key, b->ent[i].keylen,
					   "ownerReferences");

			if (owner == LB_OWNER_READ)
				v = refs ? copy_transient(b, v) : NULL;
			else if (owner == LB_OWNER_NONE || refs)
				v = copy_home(b, v);
			else
				v = o->hollow[k] = shell_home(b, v);
			b->ent[i].val = v;
		}
		cnt += v != NULL;
	}
	n = new_object(b, b->home, f, cnt);
	if (!o->pinned && owner != LB_OWNER_LATER) {
		arena_free(o->own);
		free(o->hollow);
		o->own = NULL;
		o->hollow = NULL;
		o->nhollow = o->ahollow = 0;
	}
	return n;
}

/*
 * Is f an object of a built-in workload kind whose controlling owner was
 * read before it (prune.h, PRUNE_OWNED)?  Asked once its kind, apiVersion
 * and metadata are known; until then (and with no declaration) false.
 */
static int owner_was_read(struct lb *b, struct lb_frame *f)
{
	if (f->owned)
		return f->owned - 1;
	if (!b->owner_read || !f->kind || !f->api || !f->meta || !declared(b) ||
	    !prune_declares(PRUNE_OWNED))
		return LB_OWNER_NONE;
	f->owned = 1 + LB_OWNER_NONE;
	if (podspec_route(b, f, "spec", 4) != CTX_PLAIN)
		f->owned = (unsigned char)(1 + b->owner_read(b->ctx, f->api,
							     f->kind, f->meta));
	/* built aside only where nothing can point into it later */
	if (f->owned == 1 + LB_OWNER_LATER &&
	    (!b->deferred || b->saved_a || f->pinned))
		f->owned = 1 + LB_OWNER_NONE;
	return f->owned - 1;
}

/* What the value of key k in an object of context f->ctx becomes. */
static int key_action(struct lb *b, struct lb_frame *f, const char *k,
		      size_t len)
{
	switch (f->ctx) {
	case CTX_OBJ: {
		int owner = owner_was_read(b, f);

		if (owner != LB_OWNER_NONE && !key_is(k, len, "apiVersion") &&
		    !key_is(k, len, "kind") && !key_is(k, len, "metadata") &&
		    !prune_keeps(PRUNE_OWNED, NULL, k, len)) {
			if (owner == LB_OWNER_READ)
				return NX_SKIP;
			f->defer_next = !f->pinned;
		}
	}
		if (key_is(k, len, "metadata"))
			return CTX_META;
		if (key_is(k, len, "items") && b->nfr == 1)
			return CTX_ITEMS;
		if (key_is(k, len, "status")) {
			if (!declared(b))
				return CTX_PLAIN;
			if (!f->kind) {
				f->mark = MARK_STATUS;
				return CTX_PLAIN;
			}
			b->next_arg = f->kind;
			return prune_keeps_status(f->kind) ? CTX_STATUS
							   : NX_SKIP;
		}
		if (prune_depends_on_kind(PRUNE_AT_ROOT, k, len)) {
			if (!f->kind) {
				f->mark = MARK_DATA;
				return CTX_PLAIN;
			}
			return prune_member(PRUNE_AT_ROOT, f->kind, k, len) ==
				       PRUNE_BLANK_VALUES
				   ? CTX_SECRET
				   : CTX_PLAIN;
		}
		if (key_is(k, len, "spec") && declared(b) && f->api &&
		    !strcmp(f->api, "v1") &&
		    prune_names_kind(PRUNE_SPEC, f->kind)) {
			b->next_arg = f->kind;
			return CTX_SPEC;
		}
		return podspec_route(b, f, k, len);
	case CTX_META:
		if (prune_member(PRUNE_AT_METADATA, f->kind, k, len) ==
		    PRUNE_DROP)
			return NX_SKIP;
		/* by the object's kind (NULL while unknown: kept for any) */
		if (f->prune_meta &&
		    !prune_keeps(PRUNE_METADATA, b->fr[b->nfr - 2].kind, k,
				 len))
			return NX_SKIP;
		/* ownerReferences too: only the owner's lookup reads them */
		if (f->meta_aside &&
		    (!prune_keeps(PRUNE_OWNED_META, NULL, k, len) ||
		     key_is(k, len, "ownerReferences")))
			f->defer_next = true;
		if (f->prune_meta && key_is(k, len, "ownerReferences") &&
		    prune_declares(PRUNE_OWNER_REF))
			return CTX_OWNERS;
		if (key_is(k, len, "annotations"))
			return CTX_ANNOT;
		return CTX_PLAIN;
	case CTX_ANNOT:
		return prune_member(PRUNE_AT_ANNOTATIONS, NULL, k, len) ==
			       PRUNE_DROP
			   ? NX_SKIP
			   : CTX_PLAIN;
	case CTX_SECRET: return NX_REDACT;
	case CTX_STATUS:
		return prune_keeps(PRUNE_STATUS, f->kind, k, len) ? CTX_PLAIN
								  : NX_SKIP;
	case CTX_SPEC:
		return prune_keeps(PRUNE_SPEC, f->kind, k, len) ? CTX_PLAIN
								: NX_SKIP;
	case CTX_WSPEC:
		if (prune_declares(PRUNE_WORKLOAD_SPEC) &&
		    !prune_keeps(PRUNE_WORKLOAD_SPEC, NULL, k, len))
			return NX_SKIP;
		return key_is(k, len, "template") ? CTX_TMPL : CTX_PLAIN;
	case CTX_CJSPEC:
		return key_is(k, len, "jobTemplate") ? CTX_JOBTMPL : CTX_PLAIN;
	case CTX_JOBTMPL: return key_is(k, len, "spec") ? CTX_WSPEC : CTX_PLAIN;
	case CTX_TMPL: return key_is(k, len, "spec") ? CTX_PODSPEC : CTX_PLAIN;
	case CTX_PODSPEC:
		if (!prune_keeps(PRUNE_PODSPEC, NULL, k, len))
			return NX_SKIP;
		if (key_is(k, len, "containers") ||
		    key_is(k, len, "initContainers") ||
		    key_is(k, len, "ephemeralContainers"))
			return CTX_CLIST;
		if (key_is(k, len, "volumes") &&
		    prune_declares(PRUNE_VOLUME_SOURCE))
			return CTX_VLIST;
		return CTX_PLAIN;
	case CTX_CONTAINER:
		if (!prune_keeps(PRUNE_CONTAINER, NULL, k, len))
			return NX_SKIP;
		if ((key_is(k, len, "livenessProbe") ||
		     key_is(k, len, "readinessProbe") ||
		     key_is(k, len, "startupProbe")) &&
		    prune_declares(PRUNE_PROBE))
			return CTX_PROBE;
		return CTX_PLAIN;
	case CTX_PROBE:
		if (!prune_keeps(PRUNE_PROBE, NULL, k, len))
			return NX_SKIP;
		if ((key_is(k, len, "httpGet") ||
		     key_is(k, len, "tcpSocket")) &&
		    prune_declares(PRUNE_PROBE_ACTION))
			return CTX_PROBE_ACT;
		return CTX_PLAIN;
	case CTX_PROBE_ACT:
		return prune_keeps(PRUNE_PROBE_ACTION, NULL, k, len) ? CTX_PLAIN
								     : NX_SKIP;
	case CTX_VOLUME: return CTX_VSRC; /* every key names a source */
	case CTX_VSRC:
		if (!prune_keeps(PRUNE_VOLUME_SOURCE, NULL, k, len))
			return NX_SKIP;
		return key_is(k, len, "sources") ? CTX_SRCLIST : CTX_PLAIN;
	case CTX_OWNER:
		return prune_keeps(PRUNE_OWNER_REF, NULL, k, len) ? CTX_PLAIN
								  : NX_SKIP;
	default: return CTX_PLAIN;
	}
}

int lb_too_long(struct lb *b, bool key, size_t len, unsigned line, unsigned col)
{
	if (b->skip || len <= b->lim->max_scalar)
		return 0;
	return lb_fail(b, DIAG_LIMIT, line, col,
		       "%s of %zu bytes is larger than the limit of %zu bytes",
		       key ? "key" : "scalar", len, b->lim->max_scalar);
}

int lb_key(struct lb *b, const char *k, size_t len, unsigned line, unsigned col)
{
	struct lb_frame *f;
	const char *ik;
	unsigned first;
	int rc;

	if (b->skip)
		return 0;
	if ((rc = lb_too_long(b, true, len, line, col)))
		return rc;
	f = &b->fr[b->nfr - 1];
	ik = intern_key(b, k, len);
	if ((first = find_dup(b, f, ik, len))) {
		char kt[80];
		key_text(kt, sizeof(kt), k, len);
		return lb_fail(b, DIAG_PARSE, line, col,
			       "duplicate key '%s' (first at line %u)", kt,
			       first);
	}
	f->key = ik;
	f->keylen = len;
	f->kline = line;
	f->has_key = true;
	/* a map of the keys only for an object of many (note_key()) */
	if (f->dup || b->nent - f->base >= LB_DUP_LINEAR)
		note_key(b, f, f->key, len, line);
	b->next = key_action(b, f, k, len);
	return 0;
}

int lb_merge_key(struct lb *b, unsigned line, unsigned col)
{
	struct lb_frame *f;
	int rc;

	if (b->skip)
		return 0;
	f = &b->fr[b->nfr - 1];
	/*
	 * Below a pod spec pruning only saves memory: the merged keys and
	 * those after them are kept, which changes nothing a check sees.
	 */
	if (f->ctx >= CTX_WSPEC)
		f->ctx = CTX_PLAIN;
	/*
	 * Pruning decides by key as keys arrive; keys merged in at the end of
	 * an object root, its metadata, Secret data or status would escape it.
	 */
	if (f->ctx != CTX_PLAIN)
		return lb_fail(b, DIAG_PARSE, line, col,
			       "merge key ('<<') not supported at the top of "
			       "an object or in its metadata, data or status, "
			       "expected the keys written out");
	if ((rc = lb_key(b, "<<", 2, line, col)))
		return rc;
	f->mark = MARK_MERGE;
	f->merge_line = line;
	return 0;
}

/*
 * The value now starting is the uid of an object's metadata, pruned by the
 * declaration, and the caller has a transient arena (struct lb): only the
 * owners' lookup in inventory_finish() reads it (36 bytes of text and its
 * node per object), and the inventory takes it out of the metadata of its
 * objects before it frees the arena.  Whether the object will be one is
 * known when its document ends (a List's items are, its root is not; the
 * items of a root of another kind are not, it is): tuid_settle() copies
 * the others back (an item another builder built, put here with
 * lb_put_item(), is noted here too).  Not where items are handed over one
 * by one (on_item) unless they stay as built (items_put), or built aside, nor in an object a YAML anchor pinned already; a YAML
 * alias or merge key that names such a node gets a copy of it (lb_ref(),
 * merge_one()).
 */
static bool uid_transient(const struct lb *b)
{
	const struct lb_frame *f = b->nfr >= 2 ? &b->fr[b->nfr - 1] : NULL;

	/* most scalars are elsewhere: their frame answers first */
	return f && f->ctx == CTX_META && f->prune_meta && f->keylen == 3 &&
	       b->transient && (!b->on_item || b->items_put) && !b->saved_a &&
	       b->a == b->home && b->fr[b->nfr - 2].ctx == CTX_OBJ &&
	       !b->fr[b->nfr - 2].pinned && key_is(f->key, f->keylen, "uid");
}

static void tuid_note(struct lb *b, struct node *meta, bool root)
{
	if (b->ntuid == b->atuid) {
		b->atuid = b->atuid ? b->atuid * 2 : 64;
		b->tuid = xrealloc_array(b->tuid, b->atuid, sizeof(*b->tuid));
	}
	b->tuid[b->ntuid].meta = meta;
	b->tuid[b->ntuid++].root = root;
}

/*
 * The document root ends: the metadata whose object the inventory will
 * not take (as load.c decides: a List's items, or else the root) get
 * their uid back in the caller's arena.
 */
static void tuid_settle(struct lb *b, const struct node *root)
{
	const char *kind = node_get_str(root, "kind");
	size_t i, n = kind ? strlen(kind) : 0;
	bool list = n >= 4 && !strcmp(kind + n - 4, "List") &&
		    node_is(node_get(root, "items"), NODE_ARRAY);

	for (i = 0; i < b->ntuid; i++) {
		struct node *meta = b->tuid[i].meta;
		const struct node *uid = node_get(meta, "uid");

		if (b->tuid[i].root == list && node_is_transient(uid))
			node_replace(meta, "uid", copy_home(b, uid));
	}
	b->ntuid = 0;
}

int lb_scalar(struct lb *b, enum node_type t, const char *s, size_t len,
	      bool bv, unsigned line, unsigned col)
{
	struct node *n;
	int nx, rc;

	if (b->skip)
		return 0;
	if ((rc = lb_too_long(b, false, len, line, col)))
		return rc;
	nx = take_next(b);
	if (nx == NX_SKIP)
		return put_value(b, NULL, 0);
	if (nx == NX_REDACT || (nx == CTX_SECRET && t != NODE_NULL))
		return put_value(b, empty_string(b, line, col), 1);
	if ((t == NODE_STRING || t == NODE_NUMBER) && b->share) {
		n = node_new_shared_str_in(b->a, b->home, t, s, len, line, col);
	} else if (t == NODE_STRING && uid_transient(b)) {
		n = node_new_str(b->transient, t, s, len, line, col);
		node_set_transient(n);
		b->fr[b->nfr - 1].tuid = true;
	} else if (t == NODE_STRING || t == NODE_NUMBER) {
		n = new_text(b, t, s, len, line, col);
	} else {
		n = node_new(b->a, t, line, col);
		n->b = bv;
	}
	return put_value(b, n, 1);
}

int lb_ref(struct lb *b, struct node *n, size_t count, unsigned line,
	   unsigned col)
{
	int nx;

	if (b->skip)
		return 0;
	nx = take_next(b);
	if (nx == NX_SKIP)
		return put_value(b, NULL, 0);
	if (nx == NX_REDACT || nx == CTX_SECRET)
		return put_value(b, empty_string(b, line, col), 1);
	b->alias_nodes = sat_add(b->alias_nodes, count);
	if (b->alias_nodes > b->lim->max_alias_nodes)
		return lb_fail(b, DIAG_LIMIT, line, col,
			       "alias expansion exceeds %zu nodes",
			       b->lim->max_alias_nodes);
	/* a transient uid goes with its arena: the alias keeps a copy */
	if (node_is_transient(n))
		n = copy_home(b, n);
	return put_value(b, n, count);
}
