/*
 * load.c - format detection, documents to inventory objects, files and
 * directories.
 */
#include "load/load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "inventory.h"
#include "load/json.h"
#include "load/loadb.h"
#include "load/unit.h"
#include "node.h"
#include "safefile.h"
#include "strmap.h"
#include "load/yaml.h"
#include "load/yamlscan.h"

const struct load_limits load_limits_default = {
	.max_depth = 256,
	.max_scalar = 8u << 20,
	.max_file = SIZE_MAX,
	.max_alias_nodes = 100000,
};

#define STDIN_NAME "<stdin>"

static const char msg_binary[] = "binary file, not JSON or YAML";

void load_set_yaml_threads(unsigned n)
{
	yml_set_threads(n < 1 ? 1 : n > 2 ? 2 : n);
}

static unsigned load_threads = 1; /* load_set_threads() */

void load_set_threads(unsigned n)
{
	load_threads = n < 2 ? 1 : 2;
}

static size_t split_min_set;	   /* load_set_split_min(); 0: LOAD_SPLIT_MIN */
static _Atomic size_t split_taken; /* load_split_taken() */

size_t load_split_taken(void)
{
	return atomic_load(&split_taken);
}

void load_set_split_min(size_t bytes)
{
	split_min_set = bytes;
}

static size_t pipe_hold_set; /* load_set_pipe_hold(); 0: LOAD_PIPE_HOLD */

void load_set_pipe_hold(size_t bytes)
{
	pipe_hold_set = bytes;
}

/*
 * How much of a YAML document from a pipe is held before the rest of it
 * is parsed as it comes: the cap on text held whole when --max-input-size
 * gave it, else LOAD_PIPE_HOLD or that cap, the lower.  Held text buys
 * what a pipe cannot give twice -- libyaml reading the document from its
 * start where the scanner gives up, and the look ahead for controllers --
 * and costs its size: a `kubectl get -o yaml` List of a large cluster is
 * one document, which the scanner reads.
 */
static size_t pipe_hold(void)
{
	size_t cap = input_limit();
	size_t hold = pipe_hold_set ? pipe_hold_set : LOAD_PIPE_HOLD;

	return input_limit_given() || cap < hold ? cap : hold;
}

struct lctx {
	struct inventory *inv;
	const struct load_sink *sink; /* instead of inv */
	struct load_stream *stream;   /* load_stream_new_items() */
	const char *file;
	struct diag_list *errs;
	int added;
	/* load_tree */
	struct node *root;
	struct diag *d;
	bool failed;
	/*
	 * A look ahead (look_ahead()) reads the text again: in memory (mem),
	 * or a regular file from offset at (fd; -1 when neither).  That
	 * text starts after doc0 documents and line0 lines (a YAML stream
	 * is parsed in pieces); yaml: it is YAML.  ndoc: documents ended
	 * so far.
	 */
	struct lb *b;
	const struct load_limits *lim;
	const char *mem;
	size_t mlen;
	int fd;
	off_t at;
	size_t doc0;
	unsigned line0;
	bool yaml;
	size_t ndoc;
	bool looked;
};

static void add_error(struct diag_list *errs, enum diag_code code,
		      const char *file, unsigned line, unsigned col,
		      const char *msg)
{
	struct srcloc loc = { file, line, col };
	struct diag d;

	diag_set(&d, code, &loc, "%s", msg);
	diag_list_add(errs, &d);
}

static void add_object(struct lctx *l, const struct node *n)
{
	struct diag d;

	if (inventory_add(l->inv, l->file, n, &d))
		diag_list_add(l->errs, &d);
	else
		l->added++;
}

/* The text read again (a look ahead) was not the text read. */
static void changed_error(struct diag_list *errs, const char *file)
{
	struct srcloc loc = { file, 0, 0 };
	struct diag d;

	diag_set(&d, DIAG_IO, &loc,
		 "cannot read '%s': it changed while it was read", file);
	diag_list_add(errs, &d);
}

static bool is_list(const struct node *root)
{
	const char *kind = node_get_str(root, "kind");
	size_t n = kind ? strlen(kind) : 0;

	return n >= 4 && !strcmp(kind + n - 4, "List") &&
	       node_is(node_get(root, "items"), NODE_ARRAY);
}

/* The inventory asked whether controllers were read, or NULL. */
static struct inventory *owners(const struct lctx *l)
{
	return l->sink ? l->sink->inv : l->inv;
}

static int k8s_doc(void *ctx, struct node *root)
{
	struct lctx *l = ctx;
	const struct node *items;
	size_t i;

	l->ndoc++;
	if (root->type == NODE_NULL)
		return 0; /* an empty document */
	if (l->sink) {
		l->sink->on_root(l->sink->ctx, root);
		if (l->sink->inv)
			inventory_expect_end(l->sink->inv, true);
		return 0;
	}
	if (!is_list(root)) {
		inventory_expect_end(l->inv, false); /* its items are not */
		add_object(l, root);
		return 0;
	}
	items = node_get(root, "items");
	for (i = 0; i < node_count(items); i++) {
		const struct node *it = node_at(items, i);
		char msg[128];

		if (it->type == NODE_OBJECT) {
			add_object(l, it);
			continue;
		}
		fmt_snprintf(msg, sizeof(msg),
			     "expected an object in 'items', found a %s",
			     node_type_name(it->type));
		add_error(l->errs, DIAG_SCHEMA, l->file, it->line, node_col(it),
			  msg);
	}
	if (inventory_expect_end(l->inv, true))
		changed_error(l->errs, l->file);
	return 0;
}

/* An item of a List is complete: the inventory will take it at its end. */
static void k8s_item_read(void *ctx, const struct node *item)
{
	struct lctx *l = ctx;

	inventory_expect(l->inv, l->file, item);
}

static void look_ahead(struct lctx *l);

/* owner_read()'s answer; in_item: the object is an item of a List. */
static int owner_answer(struct lctx *l, const char *api, const char *kind,
			const struct node *meta, bool in_item)
{
	int rc = inventory_controller_read(owners(l), api, kind, meta);

	/* an item whose controller may come further on in its List */
	if (rc == INV_OWNER_LATER && !l->sink && !l->looked &&
	    (l->mem || l->fd >= 0) && in_item) {
		l->looked = true;
		look_ahead(l);
		rc = inventory_controller_read(owners(l), api, kind, meta);
	}
	switch (rc) {
	case INV_OWNER_READ: return LB_OWNER_READ;
	case INV_OWNER_LATER: return LB_OWNER_LATER;
	default: return LB_OWNER_NONE;
	}
}

static int k8s_owner_read(void *ctx, const char *api, const char *kind,
			  const struct node *meta)
{
	struct lctx *l = ctx;

	return owner_answer(l, api, kind, meta, l->b && lb_in_item(l->b));
}

static void k8s_deferred(void *ctx, const char *api, const char *kind,
			 const struct node *meta, struct node *const *nodes,
			 size_t n, struct arena *own)
{
	struct lctx *l = ctx;

	inventory_defer(owners(l), api, kind, meta, nodes, n, own);
}

/*
 * Ask the inventory what was read, so that a workload whose controller is
 * read keeps its metadata only (prune.h, PRUNE_OWNED).  A sink that adds
 * to an inventory names it; items it takes are added as they complete.
 */
static void k8s_ask_inventory(struct lb *b, struct lctx *l)
{
	if (!owners(l))
		return;
	if (!l->sink)
		b->item_read = k8s_item_read;
	b->owner_read = k8s_owner_read;
	b->deferred = k8s_deferred;
	b->transient = inventory_transient(owners(l));
}

static int k8s_item(void *ctx, struct node *item)
{
	struct lctx *l = ctx;

	return l->sink->on_item(l->sink->ctx, item);
}

static void k8s_error(void *ctx, const struct diag *d)
{
	struct lctx *l = ctx;

	if (owners(l)) /* the document is dropped */
		inventory_expect_end(owners(l), false);

	diag_list_add(l->errs, d);
}

/* Position (1-based) of byte off in buf. */
static void position(const char *buf, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (buf[i] == '\n')
			++*line, *col = 1;
		else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			++*col;
	}
}

enum fmt { FMT_JSON, FMT_YAML };

/*
 * JSON starts with '{' or '['; so may a YAML flow collection ("{app: a}").
 * Past any opening brackets, JSON has a quoted key, a closing bracket or a
 * JSON scalar; an unquoted key means YAML.
 */
static bool looks_like_json(const char *p, size_t n)
{
	size_t i = 0;

	if (!n || (p[0] != '{' && p[0] != '['))
		return false;
	while (i < n && strchr("[{ \t\r\n", p[i]))
		i++;
	if (i == n)
		return true;
	if (p[i] == '"' || p[i] == '}' || p[i] == ']')
		return true;
	/* inside an object an unquoted key is YAML */
	for (size_t j = i; j-- > 0;)
		if (p[j] == '{')
			return false;
		else if (p[j] == '[')
			break;
	return strchr("-0123456789tfn", p[i]) != NULL;
}

/*
 * Checks common to every input; on success body and blen skip a UTF-8 byte
 * order mark and *f is the detected format.  Returns 0 or fills d.
 */
static int precheck(const char *file, const char *buf, size_t len,
		    const struct load_limits *lim, const char **body,
		    size_t *blen, enum fmt *f, struct diag *d)
{
	struct srcloc loc = { file, 0, 0 };
	const char *nul;
	size_t i;

	if (len > lim->max_file)
		return diag_set(d, DIAG_LIMIT, &loc,
				"file of %zu bytes is larger than the limit of "
				"%zu bytes",
				len, lim->max_file);
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		buf += 3, len -= 3;
	if ((nul = memchr(buf, '\0', len))) {
		position(buf, (size_t)(nul - buf), &loc.line, &loc.col);
		return diag_set(d, DIAG_ENCODING, &loc, msg_binary);
	}
	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", buf[i]))
			break;
	if (i == len)
		return diag_set(d, DIAG_PARSE, &loc, "file is empty");
	*f = looks_like_json(buf + i, len - i) ? FMT_JSON : FMT_YAML;
	*body = buf;
	*blen = len;
	return 0;
}

int load_buffer(struct arena *a, struct inventory *inv, const char *file,
		const char *buf, size_t len, const struct load_limits *lim,
		struct diag_list *errs)
{
	struct lctx l = { .inv = inv, .errs = errs, .fd = -1 };
	const char *body = NULL;
	size_t blen = 0;
	enum fmt f = FMT_YAML;
	enum unit_type ut;
	struct diag d;
	struct lb b;

	if (!lim)
		lim = &load_limits_default;
	l.file = arena_strdup(a, file ? file : STDIN_NAME);
	/* a kubelet's systemd unit or environment file */
	if ((ut = unit_detect(l.file, buf, len)) != UNIT_NONE)
		return unit_load(a, inv, l.file, ut, buf, len, errs);
	if (precheck(l.file, buf, len, lim, &body, &blen, &f, &d)) {
		diag_list_add(errs, &d);
		return 0;
	}
	lb_init(&b, a, l.file, lim, true);
	b.declared = true;
	b.on_doc = k8s_doc;
	b.on_error = k8s_error;
	b.ctx = &l;
	k8s_ask_inventory(&b, &l);
	l.b = &b;
	l.lim = lim;
	l.mem = body;
	l.mlen = blen;
	l.yaml = f == FMT_YAML;
	if (f == FMT_JSON)
		json_parse(&b, body, blen, true);
	else
		yml_parse(&b, body, blen, false);
	lb_release(&b);
	inventory_expect_end(inv, false); /* a document left unfinished */
	return l.added;
}

static int tree_doc(void *ctx, struct node *root)
{
	struct lctx *l = ctx;

	l->root = root;
	return 0;
}

static void tree_error(void *ctx, const struct diag *d)
{
	struct lctx *l = ctx;

	if (!l->failed)
		*l->d = *d;
	l->failed = true;
}

struct node *load_tree(struct arena *a, const char *file, const char *buf,
		       size_t len, const struct load_limits *lim,
		       struct diag *d)
{
	struct lctx l = { .d = d };
	const char *body = NULL;
	size_t blen = 0;
	enum fmt f = FMT_YAML;
	struct lb b;

	if (!lim)
		lim = &load_limits_default;
	l.file = arena_strdup(a, file ? file : STDIN_NAME);
	if (precheck(l.file, buf, len, lim, &body, &blen, &f, d))
		return NULL;
	lb_init(&b, a, l.file, lim, false);
	b.on_doc = tree_doc;
	b.on_error = tree_error;
	b.ctx = &l;
	if (f == FMT_JSON)
		json_parse(&b, body, blen, false);
	else
		yml_parse(&b, body, blen, true);
	lb_release(&b);
	if (l.failed)
		return NULL;
	if (!l.root) {
		struct srcloc loc = { l.file, 0, 0 };
		diag_set(d, DIAG_PARSE, &loc, "no document in file");
		return NULL;
	}
	return l.root;
}

struct load_stream {
	struct arena *a;
	struct lctx l;
	int (*on_item)(void *ctx, const struct node *item);
	void *item_ctx;
	struct diag d;
	const struct load_limits *lim;
	struct lb b;
	struct json_stream *js; /* JSON, once the first piece says so */
	char *head;		/* text before the format is known, or all
				 * of it when it is not JSON */
	size_t nhead, ahead;
	size_t total;	    /* bytes fed */
	unsigned line, col; /* position after the bytes fed */
	char bom[3];	    /* the first bytes, until a byte order mark is ruled
		      * out or skipped */
	size_t nbom;
	bool bom_checked;
	bool decided; /* the format is known */
	bool nul;     /* a NUL byte: the text is binary */
};

struct load_stream *load_stream_new(struct arena *a, const char *file,
				    const struct load_limits *lim)
{
	struct load_stream *s = xmalloc(sizeof(*s));

	memset(s, 0, sizeof(*s));
	s->a = a;
	s->lim = lim ? lim : &load_limits_default;
	s->l.d = &s->d;
	s->l.file = arena_strdup(a, file ? file : STDIN_NAME);
	s->line = s->col = 1;
	lb_init(&s->b, a, s->l.file, s->lim, false);
	s->b.on_doc = tree_doc;
	s->b.on_error = tree_error;
	s->b.ctx = &s->l;
	return s;
}

static int stream_item(void *ctx, struct node *item)
{
	struct load_stream *s = ((struct lctx *)ctx)->stream;

	s->on_item(s->item_ctx, item);
	return 1;
}

struct load_stream *load_stream_new_items(struct arena *a, const char *file,
					  const struct load_limits *lim,
					  const struct load_items *li)
{
	struct load_stream *s = load_stream_new(a, file, lim);

	/* items are pruned as objects (managedFields, last-applied) and
	 * each is built aside and released once on_item has copied it */
	s->b.k8s = true;
	s->b.on_item = stream_item;
	s->b.item_scratch = true;
	s->b.declared = li->declared;
	s->b.item_kind = li->kind;
	s->b.item_api = li->api_version;
	s->on_item = li->on_item;
	s->item_ctx = li->ctx;
	s->l.stream = s;
	return s;
}

static void head_add(struct load_stream *s, const char *buf, size_t len)
{
	if (s->ahead - s->nhead < len) {
		s->ahead = (s->nhead + len) * 2;
		s->head = xrealloc(s->head, s->ahead);
	}
	memcpy(s->head + s->nhead, buf, len);
	s->nhead += len;
}

/* Advance the running position over len bytes of buf. */
static void stream_pos(struct load_stream *s, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		s->line++;
		s->col = 1;
		p = nl + 1;
	}
	for (; p < end; p++)
		s->col += ((unsigned char)*p & 0xc0) != 0x80;
}

/* Text after the byte order mark: to the parser, or collected. */
static void stream_text(struct load_stream *s, const char *buf, size_t len)
{
	size_t i, k;

	if (s->l.failed)
		return; /* the first error stands; a NUL byte still counts */
	if (s->js) {
		json_stream_feed(s->js, buf, len);
		return;
	}
	head_add(s, buf, len);
	if (s->decided)
		return; /* YAML: parsed whole at the end */
	for (i = 0; i < s->nhead && strchr(" \t\r\n", s->head[i]); i++)
		;
	if (i == s->nhead)
		return;
	/* looks_like_json() wants the text up to the first token */
	for (k = i; k < s->nhead && strchr("[{ \t\r\n", s->head[k]); k++)
		;
	if (k == s->nhead && (s->head[i] == '{' || s->head[i] == '['))
		return;
	s->decided = true;
	if (!looks_like_json(s->head + i, s->nhead - i))
		return;
	s->js = json_stream_new(&s->b, false);
	json_stream_feed(s->js, s->head, s->nhead);
	s->nhead = 0;
}

int load_stream_feed(struct load_stream *s, const char *buf, size_t len)
{
	const char *nul;
	size_t pre;

	if (s->nul)
		return -1;
	if (!s->bom_checked) {
		/* up to 3 bytes wait, to skip a byte order mark whole */
		pre = s->nbom + len < 3 ? len : 3 - s->nbom;
		memcpy(s->bom + s->nbom, buf, pre);
		s->nbom += pre;
		buf += pre;
		len -= pre;
		if (s->nbom < 3 && !memcmp(s->bom, "\xef\xbb\xbf", s->nbom))
			return 0;
		s->bom_checked = true;
		if (s->nbom < 3 || memcmp(s->bom, "\xef\xbb\xbf", 3)) {
			size_t n = s->nbom;

			s->nbom = 0;
			if (load_stream_feed(s, s->bom, n))
				return -1;
		}
	}
	/* a NUL byte anywhere makes the text binary, whatever else */
	if ((nul = memchr(buf, '\0', len))) {
		stream_pos(s, buf, (size_t)(nul - buf));
		s->nul = true;
		return -1;
	}
	stream_pos(s, buf, len);
	stream_text(s, buf, len);
	return 0;
}

struct node *load_stream_end(struct load_stream *s, struct diag *d)
{
	struct srcloc loc = { s->l.file, 0, 0 };
	struct node *root = NULL;

	if (!s->bom_checked) {
		/* fewer than 3 bytes, the start of a byte order mark */
		s->bom_checked = true;
		if (s->nbom)
			load_stream_feed(s, s->bom, s->nbom);
	}
	if (s->nul) {
		loc.line = s->line;
		loc.col = s->col;
		diag_set(d, DIAG_ENCODING, &loc, msg_binary);
	} else if (s->l.failed) {
		*d = s->d;
	} else if (s->js) {
		json_stream_end(s->js);
		if (s->l.failed)
			*d = s->d;
		else if (!s->l.root)
			diag_set(d, DIAG_PARSE, &loc, "no document in file");
		else
			root = s->l.root;
	} else {
		/* YAML, or nothing but white space: the whole text */
		root = load_tree(s->a, s->l.file, s->head ? s->head : "",
				 s->nhead, s->lim, d);
	}
	if (s->js)
		json_stream_free(s->js);
	lb_release(&s->b);
	free(s->head);
	free(s);
	return root;
}

static void io_error(struct diag_list *errs, const char *path, const char *what,
		     int err)
{
	struct diag d;

	diag_errno(&d, DIAG_IO, err, "cannot %s '%s'", what, path);
	diag_list_add(errs, &d);
}

/* Input is read in pieces of this size. */
#define LOAD_CHUNK (256 * 1024)

/*
 * Up to n bytes (fewer only at the end of the input) by read(), or by
 * pread() from offset at when at is not negative; -1 with errno set on
 * error.
 */
static ssize_t read_at(int fd, char *buf, size_t n, off_t at)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r =
		    at < 0 ? read(fd, buf + got, n - got)
			   : pread(fd, buf + got, n - got, at + (off_t)got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static ssize_t read_full(int fd, char *buf, size_t n)
{
	return read_at(fd, buf, n, -1);
}

/*
 * The look ahead.  kubectl lists Pods before their ReplicaSets and Jobs,
 * so in such a List every owned Pod would wait with its spec until its
 * controller came (inventory_defer()).  At the first item whose
 * controller was not read yet, the document being read is parsed once
 * more on its own, from the start of its text (of the piece of a YAML
 * stream that holds it), each item in a scratch arena released at once,
 * and each workload it holds is expected (inventory_expect_ahead()) as
 * the List's own items are, so the items still to come whose controller
 * it names are pruned at once.  Each item is built as fully as it will
 * be in the main reading or more, so that what is expected here passes
 * the same checks there.  If the List does not hand over a workload
 * found this way, the file changed and k8s_doc() says so.  Errors here
 * are the main reading's to report.  A YAML anchor ends the look ahead
 * (yaml.c): an alias to it could reach into a released item.
 */
struct ahead {
	struct lctx *l;
	struct lb *b;
	size_t doc; /* documents ended in this reading */
};

static int ahead_doc(void *ctx, struct node *root)
{
	struct ahead *h = ctx;

	(void)root;
	if (++h->doc <= h->l->ndoc)
		return 0;
	h->b->fatal = true; /* past the one being read: stop (YAML too) */
	return 1;
}

/*
 * A Pod controls nothing in practice, and the Pods of a List in kubectl's
 * order are most of its text: the look ahead neither builds their specs
 * nor expects them.  (A Pod named as the controller of a later item is
 * then waited for, as without a look ahead.)
 */
static bool ahead_skips(const char *kind)
{
	return kind && !strcmp(kind, "Pod");
}

static int ahead_item(void *ctx, struct node *item)
{
	struct ahead *h = ctx;

	if (h->doc == h->l->ndoc && !ahead_skips(node_get_str(item, "kind")))
		inventory_expect_ahead(h->l->inv, h->l->file, item);
	return 1;
}

/*
 * An item is pruned here as in the main reading only when its controller
 * was read before it (it will be there too), or when it is not expected
 * at all; else it is built whole, so that a workload the main reading
 * rejects is not expected.
 */
static int ahead_owner(void *ctx, const char *api, const char *kind,
		       const struct node *meta)
{
	struct ahead *h = ctx;

	return ahead_skips(kind) ||
		       inventory_controller_read(h->l->inv, api, kind, meta) ==
			   INV_OWNER_READ
		   ? LB_OWNER_READ
		   : LB_OWNER_NONE;
}

static void ahead_error(void *ctx, const struct diag *d)
{
	(void)ctx;
	(void)d;
}

/* A YAML file read again from an offset, without moving its own. */
struct ahead_file {
	int fd;
	off_t from, at;
	size_t total, cap;
};

static long ahead_pull(void *ctx, char *out, size_t size)
{
	struct ahead_file *f = ctx;
	ssize_t r;

	if (size > f->cap - f->total)
		size = f->cap - f->total;
	if (!size)
		return 0;
	if ((r = read_at(f->fd, out, size, f->at)) < 0)
		return -1;
	f->at += r;
	f->total += (size_t)r;
	return (long)r;
}

static int ahead_rewind(void *ctx)
{
	struct ahead_file *f = ctx;

	f->at = f->from;
	f->total = 0;
	return 0;
}

static void look_ahead_json(struct lctx *l, struct ahead *h, struct lb *b)
{
	struct json_stream *js;
	char *buf;
	size_t total = 0;
	ssize_t r;

	if (l->mem) {
		json_parse(b, l->mem, l->mlen, true);
		return;
	}
	js = json_stream_new(b, true);
	buf = xmalloc(LOAD_CHUNK);
	while (h->doc <= l->ndoc && total <= l->lim->max_file &&
	       (r = read_at(l->fd, buf, LOAD_CHUNK, l->at + (off_t)total)) >
		   0) {
		total += (size_t)r;
		if (json_stream_feed(js, buf, (size_t)r))
			break;
	}
	json_stream_free(js);
	free(buf);
}

static void look_ahead(struct lctx *l)
{
	struct ahead h = { l, NULL, l->doc0 };
	struct arena *a = arena_new();
	struct lb b;

	lb_init(&b, a, l->file, l->lim, true);
	b.declared = true;
	b.on_doc = ahead_doc;
	b.on_item = ahead_item;
	b.item_scratch = true;
	b.owner_read = ahead_owner;
	b.on_error = ahead_error;
	b.line_base = l->line0;
	b.ctx = &h;
	h.b = &b;
	if (!l->yaml) {
		look_ahead_json(l, &h, &b);
	} else if (l->mem) {
		yml_parse(&b, l->mem, l->mlen, false);
	} else {
		struct ahead_file f = { l->fd, l->at, l->at, 0,
					l->lim->max_file };

		yml_parse_pull(&b, ahead_pull, ahead_rewind, &f);
	}
	lb_release(&b);
	arena_free(a);
}

static bool all_space(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr(" \t\r\n", p[i]))
			return false;
	return true;
}

static void limit_error(struct diag_list *errs, const char *name, size_t len,
			const struct load_limits *lim)
{
	struct srcloc loc = { name, 0, 0 };
	struct diag d;

	diag_set(&d, DIAG_LIMIT, &loc,
		 "file of %zu bytes is larger than the limit of %zu bytes", len,
		 lim->max_file);
	diag_list_add(errs, &d);
}

/*
 * Where a YAML stream may be cut into pieces parsed one by one: before a
 * line "---" (a document start) once the piece that starts at start holds
 * a line with content (not blank, a comment or a directive).  Looks at the
 * whole lines from *scanned on; returns the offset of the cut, or 0 when
 * none is in buf[..len) yet.  *lines counts the lines before *scanned.
 */
static size_t yaml_cut(const char *buf, size_t start, size_t len,
		       size_t *scanned, bool *content, unsigned *lines)
{
	size_t ls = *scanned;
	const char *nl;

	while (ls < len && (nl = memchr(buf + ls, '\n', len - ls))) {
		size_t le = (size_t)(nl - buf), k;

		if (le - ls >= 3 && !memcmp(buf + ls, "---", 3) &&
		    (le - ls == 3 || strchr(" \t\r", buf[ls + 3]))) {
			if (*content && ls > start) {
				*scanned = ls;
				return ls;
			}
			*content = true;
		} else if (!*content) {
			for (k = ls;
			     k < le && (buf[k] == ' ' || buf[k] == '\t' ||
					buf[k] == '\r');
			     k++)
				;
			if (k < le && buf[k] != '#' && buf[ls] != '%')
				*content = true;
		}
		++*lines;
		ls = le + 1;
	}
	*scanned = ls;
	return 0;
}

/*
 * The piece of a YAML stream about to be parsed is held whole at p: a
 * look ahead reads it there (documents and lines before it as counted).
 */
static void piece_held(struct lctx *l, const char *p, size_t n, unsigned lines)
{
	l->mem = p;
	l->mlen = n;
	l->doc0 = l->ndoc;
	l->line0 = lines;
}

static bool yaml_stream_piece(struct lb *b, struct lctx *l, char **bufp,
			      size_t *allocp, size_t *n, size_t *start,
			      size_t *scanned, unsigned *lines, size_t *total,
			      bool *eof, int fd, size_t cap);

/*
 * A YAML stream read in pieces of whole documents: each piece is parsed
 * (yml_parse, positions shifted by the lines before it) as soon as the
 * next document starts, so the text is never held whole.  *bufp holds the
 * n bytes read so far (*allocp allocated), the text from start on (after
 * a byte order mark).  Stops at a piece whose stream cannot go on (a
 * syntax or encoding error), as one parse of the whole stream would.
 */
static void yaml_pieces(struct lb *b, struct lctx *l, char **bufp,
			size_t *allocp, size_t n, size_t start, int fd,
			bool eof, size_t cap, const struct load_limits *lim,
			bool pipe)
{
	size_t scanned = start, total = n, cut, want;
	unsigned lines = 0, scan_lines = 0;
	bool content = false;
	const char *nul;
	char *buf = *bufp;
	ssize_t r;
	size_t doc_cap = input_limit(), hold = pipe ? pipe_hold() : doc_cap;
	int rc;

	for (;;) {
		while ((cut = yaml_cut(buf, start, n, &scanned, &content,
				       &scan_lines))) {
			b->line_base = lines;
			piece_held(l, buf + start, cut - start, lines);
			rc = yml_parse(b, buf + start, cut - start, false);
			l->mem = NULL;
			if (rc < 0)
				return;
			start = cut;
			lines = scan_lines;
			content = false;
		}
		if (eof)
			break;
		/*
		 * a document is parsed whole: it is held, so it is capped as
		 * text held in memory is; from a pipe, one longer than
		 * pipe_hold() is then parsed as the rest of it comes (it
		 * cannot be read twice like a file)
		 */
		if (n - start > hold && pipe) {
			b->line_base = lines;
			if (!yaml_stream_piece(b, l, bufp, allocp, &n, &start,
					       &scanned, &scan_lines, &total,
					       &eof, fd, cap))
				return;
			buf = *bufp;
			lines = scan_lines;
			content = false;
			continue;
		}
		if (n - start > doc_cap) {
			char msg[160];

			fmt_snprintf(
			    msg, sizeof(msg),
			    "YAML document larger than the limit of %zu "
			    "bytes for text held whole "
			    "(--max-input-size)",
			    doc_cap);
			add_error(l->errs, DIAG_LIMIT, l->file, lines + 1, 1,
				  msg);
			return;
		}
		/* keep the open piece, read more after it */
		memmove(buf, buf + start, n - start);
		n -= start;
		scanned -= start;
		start = 0;
		if (*allocp - n < LOAD_CHUNK) {
			*allocp = n + LOAD_CHUNK > *allocp * 2 ? n + LOAD_CHUNK
							       : *allocp * 2;
			*bufp = buf = xrealloc(buf, *allocp);
		}
		want = cap - total < LOAD_CHUNK ? cap - total : LOAD_CHUNK;
		r = read_full(fd, buf + n, want);
		if (r < 0) {
			io_error(l->errs, l->file, "read", errno);
			return;
		}
		total += (size_t)r;
		eof = (size_t)r < want;
		if (!eof && total >= cap) {
			limit_error(l->errs, l->file, total, lim);
			return;
		}
		if ((nul = memchr(buf + n, '\0', (size_t)r))) {
			unsigned line, col;

			position(buf + start, (size_t)(nul - buf) - start,
				 &line, &col);
			add_error(l->errs, DIAG_ENCODING, l->file, line + lines,
				  col, msg_binary);
			return;
		}
		n += (size_t)r;
	}
	b->line_base = lines;
	if (n > start) {
		piece_held(l, buf + start, n - start, lines);
		yml_parse(b, buf + start, n - start, false);
		l->mem = NULL;
	}
}

/*
 * A YAML file read twice: once to make sure that reading it in pieces
 * gives what yaml_pieces() gives, then to parse it with libyaml pulling
 * the text as it goes, so no document, however long (a `kubectl get -o
 * yaml` List is one), is held whole.
 */
struct ystream {
	int fd;
	char *buf;
	size_t alloc;
	size_t n;	/* bytes in buf */
	size_t pos;	/* next byte for libyaml */
	size_t checked; /* bytes of buf known free of bad characters */
	size_t scanned; /* bytes of buf looked at by yaml_cut() */
	size_t cut;	/* the end of the open piece once found, else 0 */
	size_t total, cap;
	size_t off;	/* offset in the text of buf[0] */
	unsigned lines; /* lines before buf[scanned] */
	bool content;
	bool eof;
	size_t size; /* the length the first pass found */
	bool failed; /* a read error or a change since the first pass */
	int err;     /* errno of a read error */
	/* the open piece's start, to read it again (ys_rewind()) */
	off_t pfile;	 /* its offset in the file */
	size_t ptotal;	 /* total there */
	unsigned plines; /* lines before it */
	/*
	 * A pipe read as it comes (yaml_stream_piece()): no first pass, so
	 * the bytes are checked as they arrive (a bad one at badat, NUL
	 * when badnul, else code point badcp or -1), the text cannot be
	 * read again (refused: the scanner gave up), and what libyaml has
	 * read is let go.
	 */
	bool stream;
	bool bad, badnul, refused;
	size_t badat;
	long badcp;
	/* a List read on two threads (yaml_split_start()), or NULL */
	struct split *split;
	struct lctx *l;
	struct lb *b;
};

/*
 * Check the new bytes of buf, from checked on: no NUL and no character
 * libyaml would refuse; false with the first such byte in badat (and
 * badnul, badcp).  A multibyte character cut by the end of what was
 * read waits for the next read.
 */
static bool ys_clean(struct ystream *y)
{
	const char *nul = memchr(y->buf + y->checked, '\0', y->n - y->checked);
	size_t lim = nul ? (size_t)(nul - y->buf) : y->n;
	size_t bad = lb_bad_char(y->buf, y->checked, lim, true, &y->badcp);

	if (bad == lim && nul) {
		y->badat = lim;
		y->badnul = true;
		return false;
	}
	if (bad < lim && !(!nul && !y->eof && y->n - bad < 4 &&
			   ((unsigned char)y->buf[bad] & 0xc0) == 0xc0)) {
		y->badat = bad;
		return false;
	}
	y->checked = bad;
	return true;
}

/*
 * Drop the bytes before keep, then read the next piece of the file.
 * false on a read error, or when the file reaches the cap.
 */
static bool ys_read(struct ystream *y, size_t keep)
{
	size_t want;
	ssize_t r;

	memmove(y->buf, y->buf + keep, y->n - keep);
	y->off += keep;
	y->n -= keep;
	/* a pipe's document was held up to the cap: give it back as read */
	if (y->stream && y->alloc > 8 * LOAD_CHUNK &&
	    y->n + 2 * LOAD_CHUNK < y->alloc / 4) {
		y->alloc = y->n + 2 * LOAD_CHUNK;
		y->buf = xrealloc(y->buf, y->alloc);
	}
	/* the first pass keeps from the lower of scanned and checked, the
	 * second from pos; what a pass does not use may fall behind */
	y->pos = y->pos > keep ? y->pos - keep : 0;
	y->checked = y->checked > keep ? y->checked - keep : 0;
	y->scanned -= keep;
	if (y->cut)
		y->cut -= keep;
	if (y->alloc - y->n < LOAD_CHUNK) {
		y->alloc = y->n + LOAD_CHUNK > y->alloc * 2 ? y->n + LOAD_CHUNK
							    : y->alloc * 2;
		y->buf = xrealloc(y->buf, y->alloc);
	}
	want = y->cap - y->total < LOAD_CHUNK ? y->cap - y->total : LOAD_CHUNK;
	r = read_full(y->fd, y->buf + y->n, want);
	if (r < 0) {
		y->err = errno;
		return false;
	}
	y->total += (size_t)r;
	y->n += (size_t)r;
	y->eof = (size_t)r < want;
	return y->eof || y->total < y->cap;
}

/*
 * Look for the end of the open piece in the lines read; a piece that
 * ends gets its size checked against the cap on one document.
 */
static void ys_scan(struct ystream *y)
{
	y->cut = yaml_cut(y->buf, 0, y->n, &y->scanned, &y->content, &y->lines);
}

/*
 * The first pass: true when no line is longer than the cap on text held
 * whole (the second pass holds a line at a time, never a document), no
 * byte is NUL or refused, and the file ends within its cap.  Anything else is left to yaml_pieces(), which reports
 * it as it always has.  A document of any length passes: a `kubectl get
 * -o yaml` List of a large cluster is one, and it is not held.
 */
static bool ys_first_pass(struct ystream *y, size_t line_cap)
{
	for (;;) {
		if (!ys_clean(y))
			return false;
		while (ys_scan(y), y->cut) {
			y->cut = 0;
			y->content = false;
		}
		/* the line not yet whole (one that ends in the piece just
		 * read may be longer by a piece: the bound is loose by that) */
		if (y->n - y->scanned > line_cap)
			return false;
		if (y->eof)
			return y->checked == y->n;
		/* keep a line not yet whole, and a character cut in two */
		if (!ys_read(y,
			     y->scanned < y->checked ? y->scanned : y->checked))
			return false;
	}
}

/*
 * The file can be read twice (a regular file: its offset goes back) and
 * passes the first pass; fd is left where it was.  buf holds the n bytes
 * read so far, the text from start on.
 */
static bool yaml_pullable(int fd, const char *buf, size_t n, size_t start,
			  size_t cap, size_t *size)
{
	struct ystream y = { .fd = fd,
			     .n = n,
			     .pos = start,
			     .checked = start,
			     .scanned = start,
			     .total = n,
			     .cap = cap };
	struct stat st;
	off_t at;
	bool ok;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (at = lseek(fd, 0, SEEK_CUR)) < 0)
		return false;
	y.alloc = n + LOAD_CHUNK;
	y.buf = xmalloc(y.alloc);
	memcpy(y.buf, buf, n);
	ok = ys_first_pass(&y, input_limit());
	*size = y.total;
	free(y.buf);
	return lseek(fd, at, SEEK_SET) == at && ok;
}

/* libyaml's text: the open piece, read as it asks for it. */
static long ys_pull(void *ctx, char *out, size_t size)
{
	struct ystream *y = ctx;
	size_t end, k;

	if (y->failed)
		return -1;
	for (;;) {
		end = y->cut ? y->cut : y->eof ? y->n : y->scanned;
		if (y->pos < end) {
			k = end - y->pos < size ? end - y->pos : size;
			memcpy(out, y->buf + y->pos, k);
			y->pos += k;
			return (long)k;
		}
		if (y->cut || y->eof)
			return 0;
		if (!ys_read(y, y->pos) ||
		    (!y->stream && y->eof && y->total != y->size)) {
			y->failed = true;
			return -1;
		}
		if (y->stream && !ys_clean(y)) {
			y->failed = y->bad = true;
			return -1;
		}
		ys_scan(y);
	}
}

/* A pipe cannot be read again: the scanner must not give up. */
static int ys_no_rewind(void *ctx)
{
	struct ystream *y = ctx;

	y->refused = true;
	return -1;
}

/*
 * yaml_pieces() on a pipe whose open piece has passed the cap on text
 * held whole: that piece is parsed as the rest of it comes, libyaml
 * pulling it through the scanner, and let go as it is read.  The state
 * is yaml_pieces()': *bufp holds *n bytes, the piece from *start on,
 * whole lines looked at up to *scanned (*lines before it).  True when
 * the piece ended before another: the state is then the next piece's.
 * False when the stream is over, or cannot go on (said in l->errs).
 */
static bool yaml_stream_piece(struct lb *b, struct lctx *l, char **bufp,
			      size_t *allocp, size_t *n, size_t *start,
			      size_t *scanned, unsigned *lines, size_t *total,
			      bool *eof, int fd, size_t cap)
{
	struct ystream y = { .fd = fd,
			     .buf = *bufp,
			     .alloc = *allocp,
			     .n = *n,
			     .pos = *start,
			     .checked = *start,
			     .scanned = *scanned,
			     .total = *total,
			     .cap = cap,
			     .lines = *lines,
			     .content = true,
			     .stream = true };
	unsigned base = b->line_base, line, col;
	bool held_bad = false; /* in what was held before: none read yet */
	char msg[256];
	int rc = 0;

	l->mem = NULL; /* not read ahead: it is not held */
	if (!ys_clean(&y))
		y.failed = y.bad = held_bad = true;
	else
		rc = yml_parse_pull(b, ys_pull, ys_no_rewind, &y);
	*bufp = y.buf;
	*allocp = y.alloc;
	if (rc < 0 && !y.failed && !y.refused)
		return false; /* an error the parser reported */
	if (y.bad) {
		/* from a line's start: the piece's, or the first not looked
		 * at (bytes read later are checked before they are looked at) */
		size_t from = held_bad ? *start : y.scanned;

		position(y.buf + from, y.badat - from, &line, &col);
		line += held_bad ? base : y.lines;
		if (y.badnul)
			fmt_snprintf(msg, sizeof(msg), "%s", msg_binary);
		else
			yml_bad_char_msg(msg, sizeof(msg),
					 (unsigned char)y.buf[y.badat],
					 y.badcp);
		add_error(l->errs, DIAG_ENCODING, l->file, line, col, msg);
		return false;
	}
	if (y.refused) {
		fmt_snprintf(
		    msg, sizeof(msg),
		    "a YAML document longer than %zu bytes is read from "
		    "a pipe as it comes, and this one holds YAML read "
		    "only whole: read it from a file, or give "
		    "--max-input-size (a document from a pipe is then "
		    "held up to it)",
		    pipe_hold());
		add_error(l->errs, DIAG_LIMIT, l->file, base + 1, 1, msg);
		return false;
	}
	if (y.failed && y.err) {
		io_error(l->errs, l->file, "read", y.err);
		return false;
	}
	if (y.failed) {
		limit_error(l->errs, l->file, y.total, l->lim);
		return false;
	}
	if (!y.cut)
		return false; /* the end of the stream */
	*n = y.n;
	*start = y.cut;
	*scanned = y.scanned;
	*lines = y.lines;
	*total = y.total;
	*eof = y.eof;
	return true;
}

/*
 * Back to the start of the open piece: the scanner of yml_parse_pull()
 * gave up and libyaml reads the piece from its start.  The state is the
 * one yaml_pull() starts a piece with, the buffer emptied.
 */
static int ys_rewind(void *ctx)
{
	struct ystream *y = ctx;

	if (lseek(y->fd, y->pfile, SEEK_SET) != y->pfile) {
		y->err = errno;
		y->failed = true;
		return -1;
	}
	y->off += y->n;
	y->n = y->pos = y->checked = y->scanned = y->cut = 0;
	y->total = y->ptotal;
	y->lines = y->plines;
	y->content = false;
	y->eof = false;
	return 0;
}

/*
 * The second pass: each piece to the scanner and libyaml
 * (yml_parse_pull()) as yaml_pieces() cuts them,
 * read as it goes.  *bufp holds the n bytes before the file offset, the
 * text from start on; the first pass has checked the rest.
 */
static bool ys_ready(void *ctx);
static bool ys_take(void *ctx, unsigned line, struct ysc_resume *r);
static void yaml_split_end(struct split *s);
static bool yaml_split_at(const struct split *s, off_t from,
			  struct ysc_split *sp);

static void yaml_pull(struct lb *b, struct lctx *l, char **bufp, size_t *allocp,
		      size_t n, size_t start, int fd, size_t cap, size_t size,
		      struct split *sp)
{
	struct ystream y = { .fd = fd,
			     .buf = *bufp,
			     .alloc = *allocp,
			     .n = n,
			     .pos = start,
			     .checked = start,
			     .scanned = start,
			     .total = n,
			     .cap = cap,
			     .size = size,
			     .split = sp,
			     .l = l,
			     .b = b };
	unsigned base = 0;

	ys_scan(&y);
	while (!y.failed) {
		struct ysc_split ysp = { 0 };
		int rc;

		/* a cut stops the scan: lines counts those before it */
		b->line_base = base;
		y.ptotal = y.total - (y.n - y.pos);
		y.pfile = lseek(fd, 0, SEEK_CUR);
		if (y.pfile < 0) {
			y.err = errno;
			y.failed = true;
			break;
		}
		y.pfile -= (off_t)(y.n - y.pos);
		y.plines = base;
		/* a look ahead reads the piece again from the file */
		l->fd = fd;
		l->at = y.pfile;
		l->doc0 = l->ndoc;
		l->line0 = base;
		if (y.split && yaml_split_at(y.split, y.pfile, &ysp)) {
			ysp.ready = ys_ready;
			ysp.take = ys_take;
			ysp.ctx = &y;
		}
		rc = yml_parse_split(b, ys_pull, ys_rewind, &y,
				     ysp.take ? &ysp : NULL);
		if (rc < 0 || !y.cut)
			break;
		base = y.lines;
		y.cut = 0;
		y.content = false;
		ys_scan(&y);
	}
	l->fd = -1;
	if (y.split)
		yaml_split_end(y.split);
	if (y.failed && y.err) {
		io_error(l->errs, l->file, "read", y.err);
	} else if (y.failed) {
		changed_error(l->errs, l->file);
	}
	*bufp = y.buf;
	*allocp = y.alloc;
}

/*
 * The uids the second thread knows of, as their hashes: eight bytes a uid
 * in an open-addressed table (0: a free slot) grown in an arena.  A map
 * of copied strings took a 32-byte slot and the copy; in kubectl's order
 * every uid of the List is looked for, and at 1 GB (100,005 uids) that
 * was a table of 8 MiB and 4 MiB of text, where this takes 2 MiB.  Two
 * uids of one hash make a guess "read" that is not: the main thread asks
 * the inventory before it takes an item and reads the item itself when
 * the answer differs, so no object depends on it.
 */
struct uidset {
	uint64_t *h;
	size_t n, cap;
};

static uint64_t uid_hash(const char *uid, size_t len)
{
	uint64_t h = strmap_hash(uid, len);

	return h ? h : 1;
}

/* The slot of hash h in u (u->cap > 0): where it is or would go. */
static uint64_t *uidset_slot(const struct uidset *u, uint64_t h)
{
	size_t mask = u->cap - 1, i = (size_t)h & mask;

	while (u->h[i] && u->h[i] != h)
		i = (i + 1) & mask;
	return &u->h[i];
}

static bool uidset_has(const struct uidset *u, const char *uid, size_t len)
{
	return u->cap && *uidset_slot(u, uid_hash(uid, len));
}

static void uidset_add(struct uidset *u, struct arena *a, const char *uid,
		       size_t len)
{
	uint64_t h = uid_hash(uid, len), *slot;

	if ((u->n + 1) * 4 > u->cap * 3) {
		struct uidset g = { NULL, 0, u->cap ? u->cap * 2 : 1024 };
		size_t i;

		g.h = arena_calloc(a, g.cap, sizeof(*g.h));
		for (i = 0; i < u->cap; i++)
			if (u->h[i])
				*uidset_slot(&g, u->h[i]) = u->h[i];
		g.n = u->n;
		*u = g;
	}
	slot = uidset_slot(u, h);
	if (!*slot) {
		*slot = h;
		u->n++;
	}
}

/*
 * A large JSON List in a regular file, read on two threads.  The main
 * thread reads the text up to a point S after its middle, where a line
 * opens an item of the List as kubectl and jq lay it out ("},\n" and the
 * next line "{" at the indentation of the first item); meanwhile a
 * second thread reads the items from S on with a builder of its own, in
 * an arena of its own, asking no inventory: it guesses what owner_read()
 * will answer (inventory_owner_guess(): a controller is read when its uid
 * is that of an earlier item of its own or occurs just before S, or else,
 * a look ahead having read them all, of an item anywhere in the List)
 * and notes each item,
 * where it ends and what the builder asked and handed over.  At S the
 * main thread checks that its own reading stands exactly between two
 * items of a document root's items array (else it throws the other
 * thread's work away and reads on from S itself), then takes the items
 * in order as its own reading would have built them, asking the real
 * questions: up to the first answer that is not the guessed one, or the
 * last item the other thread completed; it reads on after that item.
 * Errors, limits and anything unusual stop the second thread before the
 * item concerned, which the main thread then reads itself, so every
 * object, tree, message and position is that of one reading.
 */
struct split_item {
	struct node *item;
	off_t end;	    /* offset after its '}' */
	unsigned line, col; /* of that '}' */
	int guess;	    /* owner_read()'s answer given, -1: not asked */
	/* the deferred() call made for it (own set) */
	const char *api, *kind;
	const struct node *meta;
	struct node **nodes;
	size_t n;
	struct arena *own;
};

struct split {
	/* set before the thread starts */
	int fd;
	off_t from, at; /* the body's offset; S */
	/* "\n" + indentation + "},\n" + indentation + "{" between items */
	char pat[2 * 64 + 8];
	size_t npat, ind;
	const char *file;
	const struct load_limits *lim;
	pthread_t th;
	/* the thread's */
	struct arena *a, *transient, *uid_a;
	struct uidset uids; /* uids before S and of items read */
	struct lb b;
	struct json_stream *js;
	struct split_item *it;
	size_t n, alloc;
	struct split_item cur; /* the item being read */
	/* the piece being parsed, from file offset off */
	const char *piece;
	size_t plen;
	off_t poff;
	/* the text just before S (split_seen()) */
	char *win;
	size_t nwin;
	unsigned windows; /* uids looked for before S (split_seen()) */
	bool scanned;	  /* every uid of the List is in uids */
	/* what split_uids() looks for: "\"uid\"" after its indentation */
	char upat[2 * 64 + 16];
	size_t nupat;
	/*
	 * YAML (yaml_split_start()): the items at indentation yind; the
	 * entries of their sequence from S on (offsets in the file, lines
	 * from S's, the events before each), S's line, the next offset to
	 * read; bad once the first entry is not at S
	 */
	bool yaml, bad;
	int yind;
	struct split_entry {
		off_t off;
		unsigned line;
		size_t events;
	} * ent;
	size_t nent, aent;
	unsigned line;
	off_t rd;
	bool joined;
};

/*
 * A guess looks for a controller's uid that is not an earlier item's in
 * the last SPLIT_WINDOW bytes before S (kubectl lists a workload's
 * controller shortly before it), at most SPLIT_WINDOWS times; once it is
 * not found there, or after that, in the uids of the whole List, read
 * once.  Longer uids than SPLIT_UID_MAX are not looked for.
 */
#define SPLIT_WINDOW  ((size_t)1 << 20)
#define SPLIT_WINDOWS 16
#define SPLIT_UID_MAX 256

/* Lists this large (bytes) are read on two threads (load_set_threads()). */
#define LOAD_SPLIT_MIN ((size_t)8 << 20)

/*
 * The second thread reads the file in pieces of at least this size (more
 * for an item longer than that), each ending between two items.
 */
#define SPLIT_PIECE ((size_t)4 << 20)

/*
 * The first m-byte nd in h[0..n), or NULL; looked for by its byte at k
 * (a rare one, so that memchr() does most of the work).
 */
static const char *mem_find(const char *h, size_t n, const char *nd, size_t m,
			    size_t k)
{
	const char *p = h, *end = h + n, *q;

	if (n < m)
		return NULL;
	while ((q = memchr(p + k, nd[k], (size_t)(end - p) - k))) {
		if ((size_t)(end - (q - k)) < m)
			return NULL;
		if (!memcmp(q - k, nd, m))
			return q - k;
		p = q - k + 1;
		if ((size_t)(end - p) < m)
			return NULL;
	}
	return NULL;
}

static void split_uids(struct split *s);

static bool split_seen(void *ctx, const char *uid, size_t len)
{
	struct split *s = ctx;
	char q[SPLIT_UID_MAX + 2];

	if (uidset_has(&s->uids, uid, len))
		return true;
	if (s->scanned || len > SPLIT_UID_MAX)
		return false;
	if (s->windows < SPLIT_WINDOWS) {
		/* as a string in the text just before S */
		s->windows++;
		q[0] = s->yaml ? ' ' : '"';
		memcpy(q + 1, uid, len);
		q[len + 1] = s->yaml ? '\n' : '"';
		if (mem_find(s->win, s->nwin, q, len + 2, 1)) {
			uidset_add(&s->uids, s->uid_a, uid, len);
			return true;
		}
	}
	split_uids(s);
	s->scanned = true;
	return uidset_has(&s->uids, uid, len);
}

static int split_owner(void *ctx, const char *api, const char *kind,
		       const struct node *meta)
{
	struct split *s = ctx;

	switch (inventory_owner_guess(api, kind, meta, split_seen, s)) {
	case INV_OWNER_READ: s->cur.guess = LB_OWNER_READ; break;
	case INV_OWNER_LATER: s->cur.guess = LB_OWNER_LATER; break;
	default: s->cur.guess = LB_OWNER_NONE; break;
	}
	return s->cur.guess;
}

static void split_deferred(void *ctx, const char *api, const char *kind,
			   const struct node *meta, struct node *const *nodes,
			   size_t n, struct arena *own)
{
	struct split *s = ctx;

	s->cur.api = api;
	s->cur.kind = kind;
	s->cur.meta = meta;
	s->cur.nodes = xrealloc_array(NULL, n ? n : 1, sizeof(*nodes));
	memcpy(s->cur.nodes, nodes, n * sizeof(*nodes));
	s->cur.n = n;
	s->cur.own = own;
}

static int split_item(void *ctx, struct node *item)
{
	struct split *s = ctx;
	struct split_item *it;
	unsigned line, col;
	const char *p = NULL;
	const char *uid;

	/*
	 * YAML: a value before it that is no object, or no entry after it
	 * (the sequence ends): the main thread reads on from the item before
	 */
	if (s->yaml && (lb_items_kept(&s->b) || s->bad || s->nent < s->n + 2 ||
			item->line != s->line + s->ent[s->n].line))
		return lb_fail(&s->b, DIAG_INTERNAL, 0, 0, "stop");
	if (!s->yaml)
		p = json_stream_punct(s->js, &line, &col);
	/*
	 * a value before it that is no object, or an end not in the piece:
	 * the main thread reads on from the item before
	 */
	if (!s->yaml &&
	    (lb_items_kept(&s->b) || (uintptr_t)p < (uintptr_t)s->piece ||
	     (uintptr_t)p >= (uintptr_t)s->piece + s->plen || *p != '}'))
		return lb_fail(&s->b, DIAG_INTERNAL, line, col, "stop");
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 1024;
		s->it = xrealloc_array(s->it, s->alloc, sizeof(*s->it));
	}
	it = &s->it[s->n++];
	*it = s->cur;
	it->item = item;
	if (s->yaml) {
		it->end = s->ent[s->n].off;
	} else {
		it->end = s->poff + (off_t)(p - s->piece) + 1;
		it->line = line;
		it->col = col;
	}
	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.guess = -1;
	uid = node_get_str(node_get(item, "metadata"), "uid");
	if (uid)
		uidset_add(&s->uids, s->uid_a, uid, strlen(uid));
	return 1;
}

static int split_doc(void *ctx, struct node *root)
{
	(void)ctx;
	(void)root;
	return 1; /* past the items: the main thread reads the rest */
}

static void split_error(void *ctx, const struct diag *d)
{
	(void)ctx;
	(void)d;
}

/*
 * Every uid of an item's metadata ("uid": "..." at the indentation of an
 * item's metadata's members, or anywhere when that is not known), in the
 * whole List: once a workload's controller was not read before it, a
 * look ahead (look_ahead()) has made every controller in the List read.
 */
static void split_uids(struct split *s)
{
	size_t piece = SPLIT_PIECE, keep = 2 * SPLIT_UID_MAX + 256;
	char *buf = xmalloc(piece);
	off_t off = s->from;

	for (;;) {
		ssize_t r = read_at(s->fd, buf, piece, off);
		const char *p = buf, *end, *q;

		if (r <= 0)
			break;
		end = buf + r;
		while ((q = mem_find(p, (size_t)(end - p), s->upat, s->nupat,
				     s->nupat - 4))) {
			const char *v;

			for (q += s->nupat;
			     q < end && (*q == ' ' || *q == '\t'); q++)
				;
			if (q < end && *q == ':')
				q++;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			p = q;
			if (s->yaml && q < end && *q != '"' && *q != '\'') {
				/* a plain scalar to the end of its line */
				for (v = q; q < end && *q != '\n' &&
					    *q != ' ' && q - v < SPLIT_UID_MAX;
				     q++)
					;
				p = q;
				if (q < end && *q == '\n' && q != v)
					uidset_add(&s->uids, s->uid_a, v,
						   (size_t)(q - v));
				continue;
			}
			if (q >= end || (*q != '"' && !(s->yaml && *q == '\'')))
				continue;
			v = ++q;
			while (q < end && *q != v[-1] && *q != '\\' &&
			       *q != '\n' && q - v < SPLIT_UID_MAX)
				q++;
			p = q;
			if (q < end && *q == v[-1] && q != v)
				uidset_add(&s->uids, s->uid_a, v,
					   (size_t)(q - v));
		}
		if ((size_t)r < piece)
			break;
		/* a uid cut by the end is seen whole in the next piece */
		off += r - (off_t)keep;
	}
	free(buf);
}

#if defined(__GNUC__)
typedef unsigned char nl_vec __attribute__((vector_size(16)));
#endif

/* Newlines in p[0..n), sixteen bytes at a time where the compiler can. */
static size_t count_nl(const char *p, size_t n)
{
	size_t i = 0, c = 0, k;

#if defined(__GNUC__)
	while (n - i >= 16) {
		nl_vec sum = { 0 };
		size_t m = (n - i) / 16 < 255 ? (n - i) / 16 : 255;

		/* each byte of sum counts up to 255 newlines */
		for (k = 0; k < m; k++, i += 16) {
			nl_vec x;

			memcpy(&x, p + i, sizeof(x));
			sum -= (nl_vec)(x == '\n');
		}
		for (k = 0; k < sizeof(sum); k++)
			c += sum[k];
	}
#endif
	for (k = i; k < n; k++)
		c += p[k] == '\n';
	return c;
}

/*
 * The line S is on: the newlines before it, counted in the file read
 * again in pieces; 0 on a read error.
 */
static unsigned split_lines(struct split *s)
{
	size_t piece = (size_t)128 << 10, nl = 0; /* read while in cache */
	off_t at = s->from;
	char *buf = xmalloc(piece);

	while (at < s->at) {
		size_t want =
		    (size_t)(s->at - at) < piece ? (size_t)(s->at - at) : piece;
		ssize_t r = read_at(s->fd, buf, want, at);

		if (r <= 0) {
			free(buf);
			return 0;
		}
		nl += count_nl(buf, (size_t)r);
		at += r;
	}
	free(buf);
	return nl + 1 > UINT_MAX ? 0 : (unsigned)(nl + 1);
}

/*
 * Where a piece of buf[0..n) may end: after the ",\n" and indentation
 * of the last place between two items, before the "{" (0: none).
 */
static size_t split_cut(const struct split *s, const char *buf, size_t n)
{
	size_t i = n < s->npat ? 0 : n - s->npat + 1;

	while (i--)
		if (buf[i + 1 + s->ind] == '}' &&
		    !memcmp(buf + i, s->pat, s->npat))
			return i + s->npat - 1;
	return 0;
}

/* The items from S on, a piece at a time, to the stream. */
static void split_items(struct split *s)
{
	size_t alloc = SPLIT_PIECE, have = 0;
	char *buf = xmalloc(alloc);
	off_t off = s->at; /* of buf[0] */
	bool eof = false;

	for (;;) {
		size_t cut;

		if (!eof && have < alloc) {
			ssize_t r = read_at(s->fd, buf + have, alloc - have,
					    off + (off_t)have);

			if (r < 0)
				break;
			eof = (size_t)r < alloc - have;
			have += (size_t)r;
		}
		cut = eof ? have : split_cut(s, buf, have);
		if (!cut) { /* an item longer than the piece */
			alloc *= 2;
			buf = xrealloc(buf, alloc);
			continue;
		}
		s->piece = buf;
		s->plen = cut;
		s->poff = off;
		if (json_stream_feed(s->js, buf, cut) || eof)
			break;
		memmove(buf, buf + cut, have - cut);
		have -= cut;
		off += (off_t)cut;
	}
	free(buf);
}

/* The second thread's YAML: the file from S on. */
static long split_yread(void *ctx, char *buf, size_t size)
{
	struct split *s = ctx;
	ssize_t r = read_at(s->fd, buf, size, s->rd);

	if (r < 0)
		return -1;
	s->rd += r;
	return (long)r;
}

/* An entry of the items' sequence starts (yml_scan_items()). */
static void split_entry(void *ctx, unsigned line, size_t off, size_t events)
{
	struct split *s = ctx;

	if (!s->nent && (line || off))
		s->bad = true; /* S is no entry of it */
	if (s->nent == s->aent) {
		s->aent = s->aent ? s->aent * 2 : 1024;
		s->ent = xrealloc_array(s->ent, s->aent, sizeof(*s->ent));
	}
	s->ent[s->nent].off = s->at + (off_t)off;
	s->ent[s->nent].line = line;
	s->ent[s->nent].events = events;
	s->nent++;
}

static void *split_main(void *arg)
{
	struct split *s = arg;
	unsigned line = split_lines(s);
	off_t lo = s->at - s->from > (off_t)SPLIT_WINDOW
		       ? s->at - (off_t)SPLIT_WINDOW
		       : s->from;
	ssize_t r;

	s->win = xmalloc((size_t)(s->at - lo));
	r = read_at(s->fd, s->win, (size_t)(s->at - lo), lo);
	s->nwin = r > 0 ? (size_t)r : 0;
	lb_init(&s->b, s->a, s->file, s->lim, true);
	s->b.declared = true;
	s->b.on_doc = split_doc;
	s->b.on_error = split_error;
	s->b.on_item = split_item;
	s->b.items_put = true;
	s->b.owner_read = split_owner;
	s->b.deferred = split_deferred;
	s->b.transient = s->transient;
	s->b.ctx = s;
	s->cur.guess = -1;
	/* a read error: the main thread will say */
	if (s->yaml && line && r == s->at - lo && !lb_enter_items(&s->b)) {
		struct ysc_split sp = { 0 };

		sp.ind = s->yind;
		sp.entry = split_entry;
		sp.ctx = s;
		s->line = line;
		s->b.line_base = line - 1;
		s->rd = s->at;
		yml_scan_items(&s->b, split_yread, s, &sp);
	} else if (line && r == s->at - lo && !lb_enter_items(&s->b)) {
		/* S is after "\n" and the indentation */
		s->js = json_stream_items(&s->b, line, (unsigned)s->ind + 1);
		split_items(s);
		json_stream_free(s->js);
		s->js = NULL;
	}
	lb_release(&s->b);
	if (s->cur.own)
		arena_free(s->cur.own);
	free(s->cur.nodes);
	free(s->win);
	return NULL;
}

/*
 * The indentation of the first item of an items array in the first piece
 * (body on), "\n" + it + "{" opening it; 0 when there is none to be seen.
 * *member: the indentation of that item's members when they are on
 * lines of their own indented by spaces, else 0.
 */
static size_t item_indent(const char *body, size_t n, const char **ind,
			  size_t *member)
{
	const char *p = mem_find(body, n, "\"items\"", 7, 1), *end = body + n,
		   *q;

	if (!p)
		return 0;
	for (p += 7; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (p >= end || *p++ != ':')
		return 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p++ != '[')
		return 0;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p >= end || *p++ != '\n')
		return 0;
	for (q = p; q < end && (*q == ' ' || *q == '\t'); q++)
		;
	if (q >= end || *q != '{' || q - p > 64)
		return 0;
	*ind = p;
	/* the indentation of its members, in spaces, else 0 */
	*member = 0;
	for (p = q + 1; p < end && *p == ' '; p++)
		;
	if (p < end && *p++ == '\n') {
		const char *m = p;

		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '"' && p - m > q - *ind && p - m <= 64 &&
		    !memchr(*ind, '\t', (size_t)(q - *ind)))
			*member = (size_t)(p - m);
	}
	return (size_t)(q - *ind);
}

/*
 * Start the second thread on the JSON in fd (a regular file of size
 * bytes, from offset start; its first piece buf[body..n) read), or NULL
 * when it is not worth it or the text offers no point to start at.
 */
static struct split *split_start(const struct lctx *l,
				 const struct load_limits *lim, int fd,
				 const char *buf, size_t body, size_t n,
				 off_t start, off_t size, size_t cap)
{
	size_t min = split_min_set ? split_min_set : LOAD_SPLIT_MIN;
	const char *ind = NULL, *hit;
	size_t ni, nm, win;
	struct split *s;
	off_t mid;
	char *w;
	ssize_t r;

	if (load_threads < 2 || l->sink || !l->inv || start < 0 ||
	    size <= start || (uintmax_t)(size - start) < min ||
	    (uintmax_t)(size - start) >= cap ||
	    !(ni = item_indent(buf + body, n - body, &ind, &nm)))
		return NULL;
	s = xmalloc(sizeof(*s));
	memset(s, 0, sizeof(*s));
	/* "\n" ind "},\n" ind "{" */
	s->pat[0] = '\n';
	memcpy(s->pat + 1, ind, ni);
	memcpy(s->pat + 1 + ni, "},\n", 3);
	memcpy(s->pat + 4 + ni, ind, ni);
	s->pat[4 + 2 * ni] = '{';
	s->npat = 5 + 2 * ni;
	s->ind = ni;
	/* S: the first such place after the middle */
	mid = start + (size - start) / 2;
	win = size - mid < (off_t)SPLIT_WINDOW ? (size_t)(size - mid)
					       : SPLIT_WINDOW;
	w = xmalloc(win);
	r = read_at(fd, w, win, mid);
	hit = r > 0 ? mem_find(w, (size_t)r, s->pat, s->npat, 1 + ni) : NULL;
	if (hit)
		s->at = mid + (off_t)(hit - w) + (off_t)s->npat - 1;
	free(w);
	if (!hit || s->at <= start + (off_t)body) {
		free(s);
		return NULL;
	}
	s->fd = fd;
	s->from = start + (off_t)body;
	s->file = l->file;
	s->lim = lim;
	if (nm) { /* a member of an item's metadata: two levels in */
		size_t nu = 2 * nm - ni;

		s->upat[0] = '\n';
		memset(s->upat + 1, ' ', nu);
		memcpy(s->upat + 1 + nu, "\"uid\"", 5);
		s->nupat = nu + 6;
	} else {
		memcpy(s->upat, "\"uid\"", 5);
		s->nupat = 5;
	}
	s->a = arena_new();
	s->transient = arena_new();
	s->uid_a = arena_new();
	if (pthread_create(&s->th, NULL, split_main, s)) {
		arena_free(s->a);
		arena_free(s->transient);
		arena_free(s->uid_a);
		free(s);
		return NULL;
	}
	return s;
}

/* What the second thread left (joined), and the split. */
static void split_free(struct split *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->it[i].own)
			arena_free(s->it[i].own);
		free(s->it[i].nodes);
	}
	free(s->it);
	free(s->ent);
	arena_free(s->a);
	arena_free(s->transient);
	arena_free(s->uid_a);
	free(s);
}

/*
 * The main thread's reading stands at S (ok: without an error): wait
 * for the second thread, take its items as far as they are what this
 * reading would have built, and free the rest.  Returns the offset to
 * read on from (S, or after the last item taken).
 */
static off_t split_take(struct split *s, struct lctx *l, struct lb *b,
			struct json_stream *js, bool ok)
{
	off_t r = s->at;
	size_t k = 0;

	pthread_join(s->th, NULL);
	if (ok && json_stream_between_items(js) && lb_between_items(b)) {
		for (; k < s->n; k++) {
			struct split_item *it = &s->it[k];
			const struct node *x = it->item;

			if (it->guess >= 0 &&
			    owner_answer(l, node_get_str(x, "apiVersion"),
					 node_get_str(x, "kind"),
					 node_get(x, "metadata"),
					 true) != it->guess)
				break;
			if (it->own) {
				k8s_deferred(l, it->api, it->kind, it->meta,
					     it->nodes, it->n, it->own);
				it->own = NULL;
			}
			lb_put_item(b, it->item);
		}
	}
	atomic_fetch_add(&split_taken, k);
	if (k) {
		json_stream_resume(js, s->it[k - 1].line, s->it[k - 1].col + 1);
		r = s->it[k - 1].end;
		arena_merge(b->home, s->a);
		arena_merge(inventory_transient(owners(l)), s->transient);
	}
	split_free(s);
	return r;
}

/*
 * The JSON of a regular file with a second thread started (split_start()):
 * the text from buf[body..n) on, read from offset start + n, to js.  As
 * the reading loop of load_fd(), but for the split; -1 on a read error
 * (errno set).
 */
static int split_json(struct lctx *l, struct lb *b, struct json_stream *js,
		      struct split *s, int fd, char *buf, size_t alloc,
		      size_t body, size_t n, off_t start, bool eof, size_t cap)
{
	const char *p = buf + body;
	size_t len = n - body, total = n;
	off_t off = start + (off_t)body;

	for (;;) {
		ssize_t r;

		if (s && off + (off_t)len >= s->at) {
			size_t k = (size_t)(s->at - off);
			int rc = json_stream_feed(js, p, k);
			off_t to = split_take(s, l, b, js, !rc);

			s = NULL;
			if (rc)
				return 0;
			if (to < off + (off_t)len) {
				p += to - off;
				len = (size_t)(off + (off_t)len - to);
			} else {
				len = 0;
				total = (size_t)(to - start);
			}
		}
		if (len && json_stream_feed(js, p, len))
			break;
		if (eof) {
			json_stream_end(js);
			break;
		}
		r = read_at(fd, buf,
			    total < cap && cap - total < alloc ? cap - total
							       : alloc,
			    start + (off_t)total);
		if (r < 0) {
			if (s)
				split_take(s, l, b, js, false);
			return -1;
		}
		total += (size_t)r;
		eof = (size_t)r < alloc && total < cap;
		if (!eof && total >= cap) {
			limit_error(l->errs, l->file, total, l->lim);
			break;
		}
		p = buf;
		len = (size_t)r;
		off = start + (off_t)(total - (size_t)r);
	}
	if (s)
		split_take(s, l, b, js, false);
	return 0;
}

/*
 * The indentation of the items of a YAML List laid out as kubectl writes
 * it ("items:", or the key quoted, at the start of a line, the next line
 * an entry "- " of the items' sequence), in buf[0..n); -1 when there is
 * none to be seen.
 */
static int yaml_items_indent(const char *p, size_t n)
{
	const char *end = p + n, *q, *ls;

	if (n >= 6 && !memcmp(p, "items:", 6))
		q = p + 6;
	else if (n >= 8 && !memcmp(p, "\"items\":", 8))
		q = p + 8;
	else if ((q = mem_find(p, n, "\nitems:", 7, 1)))
		q += 7;
	else if ((q = mem_find(p, n, "\n\"items\":", 9, 2)))
		q += 9;
	else
		return -1;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || *q++ != '\n')
		return -1;
	for (ls = q; q < end && *q == ' '; q++)
		;
	if (q - ls > 64 || end - q < 3 || q[0] != '-' || q[1] != ' ')
		return -1;
	return (int)(q - ls);
}

/*
 * Start the second thread on a YAML List in fd (a regular file of size
 * bytes, from offset start; its first piece buf[body..n) read), or NULL.
 * S is the first line after the middle that starts an entry "- " at the
 * items' indentation, a key after it (plain, or double-quoted).
 */
static struct split *yaml_split_start(const struct lctx *l,
				      const struct load_limits *lim, int fd,
				      const char *buf, size_t body, size_t n,
				      off_t start, off_t size, size_t cap)
{
	size_t min = split_min_set ? split_min_set : LOAD_SPLIT_MIN;
	const char *hit = NULL, *p;
	size_t npat, win;
	struct split *s;
	off_t mid;
	char pat[64 + 4], *w;
	ssize_t r;
	int ind;

	if (load_threads < 2 || l->sink || !l->inv || start < 0 ||
	    size <= start || (uintmax_t)(size - start) < min ||
	    (uintmax_t)(size - start) >= cap || !yml_fast_on() ||
	    (ind = yaml_items_indent(buf + body, n - body)) < 0)
		return NULL;
	/* "\n" ind "- " */
	pat[0] = '\n';
	memset(pat + 1, ' ', (size_t)ind);
	memcpy(pat + 1 + ind, "- ", 2);
	npat = (size_t)ind + 3;
	mid = start + (size - start) / 2;
	win = size - mid < (off_t)SPLIT_WINDOW ? (size_t)(size - mid)
					       : SPLIT_WINDOW;
	w = xmalloc(win);
	r = read_at(fd, w, win, mid);
	for (p = w; r > 0 && (hit = mem_find(p, (size_t)(w + r - p), pat, npat,
					     npat - 2));
	     p = hit + 1) {
		char c = hit + npat < w + r ? hit[npat] : '\0';

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '"')
			break;
	}
	s = xmalloc(sizeof(*s));
	memset(s, 0, sizeof(*s));
	if (hit)
		s->at = mid + (off_t)(hit - w) + 1;
	free(w);
	if (!hit || s->at <= start + (off_t)body) {
		free(s);
		return NULL;
	}
	s->yaml = true;
	s->yind = ind;
	s->fd = fd;
	s->from = start + (off_t)body;
	s->file = l->file;
	s->lim = lim;
	/* a member of an item's metadata: two levels of two spaces in */
	s->upat[0] = '\n';
	memset(s->upat + 1, ' ', (size_t)ind + 4);
	memcpy(s->upat + 5 + ind, "uid:", 4);
	s->nupat = (size_t)ind + 9;
	s->a = arena_new();
	s->transient = arena_new();
	s->uid_a = arena_new();
	if (pthread_create(&s->th, NULL, split_main, s)) {
		arena_free(s->a);
		arena_free(s->transient);
		arena_free(s->uid_a);
		free(s);
		return NULL;
	}
	return s;
}

/* S in a piece that starts at offset from: where in it, and the indentation. */
static bool yaml_split_at(const struct split *s, off_t from,
			  struct ysc_split *sp)
{
	if (s->at <= from)
		return false;
	sp->at = (size_t)(s->at - from);
	sp->ind = s->yind;
	return true;
}

/* The second thread is done with: join it, free what it left. */
static void yaml_split_end(struct split *s)
{
	if (!s->joined)
		pthread_join(s->th, NULL);
	split_free(s);
}

/* The main thread's scanner stands at S: wait for the second thread. */
static bool ys_ready(void *ctx)
{
	struct ystream *y = ctx;
	struct split *s = y->split;

	pthread_join(s->th, NULL);
	s->joined = true;
	return s->n > 0 && !s->bad;
}

/*
 * The main thread's reading stands at S, between two items of a root
 * List: take the second thread's items as far as they are what this
 * reading would have built (as split_take()), move the file to the line
 * after the last one taken and say where that is.
 */
static bool ys_take(void *ctx, unsigned line, struct ysc_resume *r)
{
	struct ystream *y = ctx;
	struct split *s = y->split;
	struct lctx *l = y->l;
	struct lb *b = y->b;
	size_t k = 0;

	y->split = NULL;
	if (b->line_base + line + 1 == s->line && !s->bad &&
	    lb_between_items(b)) {
		for (; k < s->n; k++) {
			struct split_item *it = &s->it[k];
			const struct node *x = it->item;

			if (it->guess >= 0 &&
			    owner_answer(l, node_get_str(x, "apiVersion"),
					 node_get_str(x, "kind"),
					 node_get(x, "metadata"),
					 true) != it->guess)
				break;
			if (it->own) {
				k8s_deferred(l, it->api, it->kind, it->meta,
					     it->nodes, it->n, it->own);
				it->own = NULL;
			}
			lb_put_item(b, it->item);
		}
	}
	atomic_fetch_add(&split_taken, k);
	if (k) {
		off_t to = s->ent[k].off;

		r->off = (size_t)(to - y->pfile);
		r->line = line + s->ent[k].line;
		r->events = s->ent[k].events - s->ent[0].events;
		arena_merge(b->home, s->a);
		arena_merge(inventory_transient(owners(l)), s->transient);
		/* the piece goes on from there, its content begun */
		if (lseek(y->fd, to, SEEK_SET) != to) {
			y->err = errno;
			y->failed = true;
		}
		y->total = y->ptotal + (size_t)(to - y->pfile);
		y->lines = s->line - 1 + s->ent[k].line;
		y->n = y->pos = y->checked = y->scanned = y->cut = 0;
		y->content = true;
		y->eof = false;
	}
	split_free(s);
	return k > 0;
}

/*
 * Read fd and add its objects.  The first piece decides the format; JSON
 * is then parsed piece by piece and never held whole; YAML (libyaml wants
 * to see a broken document before it reads it) is read whole first.
 */
static int load_fd(struct arena *a, struct inventory *inv, const char *name,
		   int fd, const struct load_limits *lim,
		   const struct load_sink *sink, struct diag_list *errs)
{
	struct lctx l = { .inv = inv, .sink = sink, .errs = errs, .fd = -1 };
	size_t cap = lim->max_file < SIZE_MAX ? lim->max_file + 1 : SIZE_MAX;
	size_t alloc = LOAD_CHUNK, n = 0, blen = 0, ysize = 0;
	const char *body = NULL;
	enum fmt f = FMT_YAML;
	enum unit_type ut;
	struct json_stream *js;
	struct split *sp;
	struct diag d;
	struct stat st;
	off_t start;
	struct lb b;
	char *buf;
	ssize_t r;
	bool eof = false;

	l.file = arena_strdup(a, name);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (start = lseek(fd, 0, SEEK_CUR)) < 0)
		start = -1;
	buf = xmalloc(alloc);
	/* the first piece, longer while it holds only white space */
	do {
		if (n == alloc)
			buf = xrealloc(buf, alloc *= 2);
		r = read_full(fd, buf + n,
			      alloc - n < cap - n ? alloc - n : cap - n);
		if (r < 0)
			goto io_fail;
		n += (size_t)r;
		eof = n < alloc && n < cap;
	} while (!eof && n < cap && all_space(buf, n));
	if (!eof && n >= cap) {
		limit_error(errs, l.file, n, lim);
		goto out;
	}
	/* a kubelet's systemd unit or environment file: small, read whole */
	if (eof && (ut = unit_detect(l.file, buf, n)) != UNIT_NONE) {
		l.added = unit_load(a, inv, l.file, ut, buf, n, errs);
		goto out;
	}
	if (precheck(l.file, buf, n, lim, &body, &blen, &f, &d)) {
		diag_list_add(errs, &d);
		goto out;
	}
	lb_init(&b, a, l.file, lim, true);
	b.declared = true;
	b.on_doc = k8s_doc;
	b.on_error = k8s_error;
	if (sink && sink->on_item)
		b.on_item = k8s_item;
	b.ctx = &l;
	k8s_ask_inventory(&b, &l);
	l.b = &b;
	l.lim = lim;
	l.yaml = f == FMT_YAML;
	if (f == FMT_YAML && !eof &&
	    yaml_pullable(fd, buf, n, (size_t)(body - buf), cap, &ysize)) {
		yaml_pull(&b, &l, &buf, &alloc, n, (size_t)(body - buf), fd,
			  cap, ysize,
			  yaml_split_start(&l, lim, fd, buf,
					   (size_t)(body - buf), n, start,
					   st.st_size, cap));
		lb_release(&b);
		goto out;
	}
	if (f == FMT_YAML) {
		yaml_pieces(&b, &l, &buf, &alloc, n, (size_t)(body - buf), fd,
			    eof, cap, lim, start < 0);
		lb_release(&b);
		goto out;
	}
	if (start >= 0) { /* a regular file: it can be read again */
		l.fd = fd;
		l.at = start + (off_t)(body - buf);
	}
	js = json_stream_new(&b, true);
	sp = split_start(&l, lim, fd, buf, (size_t)(body - buf), n, start,
			 st.st_size, cap);
	if (sp) {
		if (split_json(&l, &b, js, sp, fd, buf, alloc,
			       (size_t)(body - buf), n, start, eof, cap)) {
			json_stream_free(js);
			lb_release(&b);
			goto io_fail;
		}
	} else if (!json_stream_feed(js, body, blen)) {
		size_t total = n;

		while (!eof) {
			r = read_full(fd, buf,
				      total < cap && cap - total < alloc
					  ? cap - total
					  : alloc);
			if (r < 0) {
				json_stream_free(js);
				lb_release(&b);
				goto io_fail;
			}
			total += (size_t)r;
			eof = (size_t)r < alloc && total < cap;
			if (!eof && total >= cap) {
				limit_error(errs, l.file, total, lim);
				break;
			}
			if (json_stream_feed(js, buf, (size_t)r))
				break;
		}
		if (eof)
			json_stream_end(js);
	}
	json_stream_free(js);
	lb_release(&b);
out:
	free(buf);
	if (owners(&l)) /* a document left unfinished */
		inventory_expect_end(owners(&l), false);
	return l.added;
io_fail:
	io_error(errs, name, "read", errno);
	free(buf);
	if (owners(&l))
		inventory_expect_end(owners(&l), false);
	return l.added;
}

int load_file(struct arena *a, struct inventory *inv, const char *path,
	      const struct load_limits *lim, struct diag_list *errs)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? STDIN_NAME : path;
	struct load_limits capped;
	struct stat st;
	int fd, rc = 0;

	if (!lim)
		lim = &load_limits_default;
	/* the user's --max-input-size caps every limit given here; a file
	 * is read in pieces, so the cap is the one for streams */
	if (lim->max_file > stream_limit()) {
		capped = *lim;
		capped.max_file = stream_limit();
		lim = &capped;
	}
	/* O_NONBLOCK: a FIFO named with -f that has no writer yet must not
	 * hang at open; safefile_ready() waits for one, bounded */
	fd = is_stdin ? STDIN_FILENO
		      : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		io_error(errs, path, "open", errno);
		return 0;
	}
	if (fstat(fd, &st)) {
		io_error(errs, path, "read", errno);
		goto out_close;
	}
	if (S_ISDIR(st.st_mode)) {
		io_error(errs, path, "read", EISDIR);
		goto out_close;
	}
	if (!is_stdin) {
		struct diag d;

		if (safefile_ready(fd, path, S_ISFIFO(st.st_mode), &d)) {
			diag_list_add(errs, &d);
			goto out_close;
		}
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > lim->max_file) {
		struct srcloc loc = { name, 0, 0 };
		struct diag d;
		diag_set(&d, DIAG_LIMIT, &loc,
			 "file of %jd bytes is larger than the limit of %zu "
			 "bytes",
			 (intmax_t)st.st_size, lim->max_file);
		diag_list_add(errs, &d);
		goto out_close;
	}
	rc = load_fd(a, inv, name, fd, lim, NULL, errs);
out_close:
	if (!is_stdin)
		close(fd);
	return rc;
}

int load_fd_sink(struct arena *a, const char *name, int fd,
		 const struct load_limits *lim, const struct load_sink *sink,
		 struct diag_list *errs)
{
	struct load_limits capped;

	if (!lim)
		lim = &load_limits_default;
	if (lim->max_file > stream_limit()) {
		capped = *lim;
		capped.max_file = stream_limit();
		lim = &capped;
	}
	return load_fd(a, NULL, name, fd, lim, sink, errs);
}

static bool wanted_name(const char *name)
{
	static const char *const exts[] = { ".json", ".yaml", ".yml" };
	size_t n = strlen(name), i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcmp(name + n - e, exts[i]))
			return true;
	}
	return false;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Directories being read, to stop at a symbolic link loop. */
struct dir_chain {
	dev_t dev;
	ino_t ino;
	const struct dir_chain *up;
	struct dir_seen *seen; /* every directory read so far */
};

/*
 * Directories already read, by device and inode: symbolic links that
 * reach one directory by several paths (a "diamond") read it once, not
 * once per path (2^depth times).
 */
struct dir_seen {
	struct dir_id {
		dev_t dev;
		ino_t ino;
	} * v;
	size_t n, alloc;
};

/* Whether (dev, ino) was seen; records it when not. */
static bool dir_seen_check(struct dir_seen *s, dev_t dev, ino_t ino)
{
	size_t i, h;

	if (s->n * 2 >= s->alloc) {
		struct dir_seen bigger = { NULL, 0,
					   s->alloc ? s->alloc * 2 : 64 };

		bigger.v =
		    xrealloc_array(NULL, bigger.alloc, sizeof(*bigger.v));
		for (i = 0; i < bigger.alloc; i++)
			bigger.v[i].ino = 0, bigger.v[i].dev = 0;
		for (i = 0; i < s->alloc; i++)
			if (s->v[i].ino || s->v[i].dev)
				dir_seen_check(&bigger, s->v[i].dev,
					       s->v[i].ino);
		free(s->v);
		*s = bigger;
	}
	h = ((size_t)ino * 0x9e3779b97f4a7c15ull ^ (size_t)dev) % s->alloc;
	for (i = h; s->v[i].ino || s->v[i].dev; i = (i + 1) % s->alloc)
		if (s->v[i].ino == ino && s->v[i].dev == dev)
			return true;
	s->v[i].dev = dev;
	s->v[i].ino = ino;
	s->n++;
	return false;
}

static int load_dir(struct arena *a, struct inventory *inv, const char *path,
		    bool recursive, const struct load_limits *lim,
		    struct diag_list *errs, const struct dir_chain *up,
		    const struct stat *dst)
{
	struct dir_chain me = { dst->st_dev, dst->st_ino, up, up->seen };
	const struct dir_chain *c;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	DIR *dir;
	int added = 0;

	for (c = up; c && c->up; c = c->up) {
		if (c->dev == dst->st_dev && c->ino == dst->st_ino) {
			io_error(errs, path, "descend into", ELOOP);
			return 0;
		}
	}
	if (dir_seen_check(me.seen, dst->st_dev, dst->st_ino))
		return 0; /* read already, through another path */
	if (!(dir = opendir(path))) {
		io_error(errs, path, "open", errno);
		return 0;
	}
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			names = xrealloc_array(names, alloc, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		size_t plen = strlen(path);
		size_t flen = plen + strlen(names[i]) + 2;
		char *full = xmalloc(flen);
		struct stat st;

		fmt_snprintf(full, flen, "%s%s%s", path,
			     plen && path[plen - 1] == '/' ? "" : "/",
			     names[i]);
		if (stat(full, &st)) {
			io_error(errs, full, "open", errno);
		} else if (S_ISDIR(st.st_mode)) {
			if (recursive)
				added += load_dir(a, inv, full, true, lim, errs,
						  &me, &st);
		} else if (!wanted_name(names[i])) {
			/* not ours: README.md, .git, ... */
		} else if (!S_ISREG(st.st_mode)) {
			/* a FIFO would block, a device never ends */
			struct srcloc loc = { full, 0, 0 };
			struct diag d;
			diag_set(&d, DIAG_SKIPPED, &loc,
				 "skipped: not a regular file (FIFO, device "
				 "or socket); name it with -f to read it");
			diag_list_add(errs, &d);
		} else {
			added += load_file(a, inv, full, lim, errs);
		}
		free(full);
		free(names[i]);
	}
	free(names);
	return added;
}

int load_path(struct arena *a, struct inventory *inv, const char *path,
	      bool recursive, const struct load_limits *lim,
	      struct diag_list *errs)
{
	struct stat st;

	if (!strcmp(path, "-"))
		return load_file(a, inv, path, lim, errs);
	if (stat(path, &st)) {
		io_error(errs, path, "open", errno);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		struct dir_seen seen = { NULL, 0, 0 };
		/* the root of the chain: no directory, only the seen set */
		struct dir_chain root = { 0, 0, NULL, &seen };
		int added;

		added =
		    load_dir(a, inv, path, recursive, lim, errs, &root, &st);
		free(seen.v);
		return added;
	}
	return load_file(a, inv, path, lim, errs);
}
