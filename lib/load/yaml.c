/*
 * yaml.c - libyaml events driving the tree builder.  Block YAML is read by
 * the scanner of yamlscan.c first, which gives the same events; libyaml
 * takes over from the start of the text where it gives up.
 *
 * libyaml's conventions (1 for success, 0-based marks, parser error
 * fields) stop in this file.
 */
#include "load/yaml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "load/limits.h"
#include "load/loadb.h"
#include "load/yamlscan.h"
#include "strmap.h"

/* An anchor: its node, or NULL when the anchored value was pruned. */
struct yanchor {
	struct node *n;
	size_t count;
};

/* An open mapping or sequence and the anchor it will define. */
struct yopen {
	const char *anchor;
	bool built;	    /* a builder frame was opened for it */
	struct node *fixed; /* else: what it became ("" or pruned) */
};

/* Where the events stand: documents seen, one abandoned after an error. */
struct yrun {
	bool single;
	int docs;
	bool bad_doc;
	size_t depth; /* nesting of the abandoned document */
	int rc;	      /* the error that ended the stream, or 0 */
};

struct yctx {
	struct lb *b;
	struct yrun run;
	const char *buf;
	size_t len;
	struct strmap anchors;
	struct yopen *open;
	size_t nopen, aopen;
	/* yml_parse_read(): where the text comes from */
	yml_read_fn read;
	void *read_ctx;
	bool read_failed;
	/* yml_parse_split(), yml_scan_items() */
	const struct ysc_split *split;
	int items; /* yml_scan_items(): 0 before its sequence, 1 in it */
};

#define TAG_PREFIX "tag:yaml.org,2002:"

static unsigned yml_threads = 1;
static int yml_fast = -1;

void yml_set_threads(unsigned n)
{
	yml_threads = n;
}

void yml_set_fast(int on)
{
	yml_fast = on;
}

/* The scanner of yamlscan.c first: unless THREATMAP_YAML_FAST=0. */
static bool fast_on(void)
{
	if (yml_fast < 0) {
		const char *e = getenv("THREATMAP_YAML_FAST");

		yml_fast = !(e && !strcmp(e, "0"));
	}
	return yml_fast > 0;
}

/*
 * s (len bytes, 1 to 5) is word w (lower case, as long) in one of the
 * three forms go-yaml knows: lower, Capitalised, UPPER.
 */
static bool word_is(const char *s, const char *w, size_t len)
{
	size_t i;

	if (s[0] == w[0])
		return !memcmp(s + 1, w + 1, len - 1);
	if (s[0] != w[0] - ('a' - 'A'))
		return false;
	if (!memcmp(s + 1, w + 1, len - 1))
		return true;
	for (i = 1; i < len; i++)
		if (s[i] != w[i] - ('a' - 'A'))
			return false;
	return true;
}

enum yword { YW_NONE, YW_NULL, YW_TRUE, YW_FALSE };

/* s (len bytes) is word a, giving ra, or word b, giving rb, or neither. */
static enum yword word_of(const char *s, size_t len, const char *a,
			  enum yword ra, const char *b, enum yword rb)
{
	if (word_is(s, a, len))
		return ra;
	return word_is(s, b, len) ? rb : YW_NONE;
}

/*
 * The null and boolean words of YAML 1.1 ("", ~, null, true, yes, on, y,
 * false, no, off, n in their three forms), told apart by length and
 * first letter before any comparison.
 */
static enum yword yaml_word(const char *s, size_t len)
{
	switch (len) {
	case 0: return YW_NULL;
	case 1:
		if (s[0] == '~')
			return YW_NULL;
		if (s[0] == 'y' || s[0] == 'Y')
			return YW_TRUE;
		if (s[0] == 'n' || s[0] == 'N')
			return YW_FALSE;
		return YW_NONE;
	case 2: return word_of(s, 2, "on", YW_TRUE, "no", YW_FALSE);
	case 3: return word_of(s, 3, "yes", YW_TRUE, "off", YW_FALSE);
	case 4: return word_of(s, 4, "null", YW_NULL, "true", YW_TRUE);
	case 5: return word_is(s, "false", 5) ? YW_FALSE : YW_NONE;
	default: return YW_NONE;
	}
}

/* s is a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number_ok(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return false;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* YAML float text: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool yaml_float_ok(const char *s)
{
	bool digits = false;

	if (*s == '+' || *s == '-')
		s++;
	while (*s >= '0' && *s <= '9')
		s++, digits = true;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++, digits = true;
	}
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* Integer in base 2, 8, 10 or 16 as go-yaml reads it; false if none. */
static bool yaml_int(const char *s, char *out, size_t n)
{
	bool neg = false;
	const char *d;
	char *end;
	int base = 10;
	unsigned long long v;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	d = s;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, d = s + 2;
	else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, d = s + 2;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, d = s + 2;
	else if (s[0] == '0' && s[1])
		base = 8, d = s + 1;
	if (!*d || *d == '+' || *d == '-' || *d == ' ')
		return false;
	errno = 0;
	v = strtoull(d, &end, base);
	if (*end || errno == ERANGE)
		return false;
	if (neg && v > (unsigned long long)LLONG_MAX + 1)
		return false;
	if (neg && v)
		fmt_snprintf(out, n, "-%llu", v);
	else
		fmt_snprintf(out, n, "%llu", v);
	return true;
}

/*
 * s is a decimal integer whose text yaml_int() leaves as it is: "0", or
 * [1-9][0-9]* of at most 18 digits (no overflow), with or without a
 * minus sign.
 */
static bool decimal_plain(const char *s, size_t len)
{
	size_t i = len && s[0] == '-';

	if (len == 1 && s[0] == '0')
		return true;
	if (len - i < 1 || len - i > 18 || s[i] < '1' || s[i] > '9')
		return false;
	for (i++; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Resolve a plain scalar.  Numbers get their JSON text in num (size n) when
 * it differs from the input.
 */
static enum node_type resolve_plain(const char *s, size_t len, bool *bv,
				    char *num, size_t n)
{
	char tmp[128];
	size_t i, k = 0;

	*num = '\0';
	switch (yaml_word(s, len)) {
	case YW_NULL: return NODE_NULL;
	case YW_TRUE: return *bv = true, NODE_BOOL;
	case YW_FALSE: return *bv = false, NODE_BOOL;
	case YW_NONE: break;
	}
	if (decimal_plain(s, len))
		return NODE_NUMBER; /* its JSON text is the input */
	if (!len || len >= sizeof(tmp) ||
	    !((s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '-' ||
	      s[0] == '.'))
		return NODE_STRING;
	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return NODE_STRING;
		if (s[i] != '_')
			tmp[k++] = s[i];
	}
	tmp[k] = '\0';
	if (yaml_int(tmp, num, n))
		return NODE_NUMBER;
	if (yaml_float_ok(tmp)) {
		double d;

		if (json_number_ok(tmp)) {
			fmt_snprintf(num, n, "%s", tmp);
			return NODE_NUMBER;
		}
		d = strtod(tmp, NULL);
		if (isfinite(d)) {
			snprintf(num, n, "%.17g", d);
			if (json_number_ok(num))
				return NODE_NUMBER;
		}
	}
	*num = '\0';
	return NODE_STRING;
}

/* Lines count from the start of the file, not of the piece parsed. */
static unsigned mark_line(const struct yctx *y, const yaml_mark_t *m)
{
	return (unsigned)m->line + 1 + y->b->line_base;
}

static unsigned mark_col(const yaml_mark_t *m)
{
	return (unsigned)m->column + 1;
}

static int scalar_value(struct yctx *y, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length;
	unsigned line = mark_line(y, &ev->start_mark),
		 col = mark_col(&ev->start_mark);
	enum node_type t = NODE_STRING;
	bool bv = false,
	     plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	char num[128];

	num[0] = '\0';
	if (tag && !strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX))) {
		const char *t2 = tag + strlen(TAG_PREFIX);
		if (!strcmp(t2, "str") || !strcmp(t2, "binary")) {
			plain = false;
		} else if (!strcmp(t2, "null") || !strcmp(t2, "bool") ||
			   !strcmp(t2, "int") || !strcmp(t2, "float")) {
			plain = true;
		}
	} else if (tag && !strcmp(tag, "!")) {
		plain = false;
	}
	if (plain && len <= y->b->lim->max_scalar)
		t = resolve_plain(s, len, &bv, num, sizeof(num));
	if (t == NODE_NUMBER && num[0]) {
		s = num;
		len = strlen(num);
	}
	return lb_scalar(y->b, t, s, len, bv, line, col);
}

static int set_anchor(struct yctx *y, const char *name, struct node *n,
		      size_t count)
{
	struct arena *a = y->b->a;
	struct yanchor *an = arena_alloc(a, sizeof(*an));
	size_t len = strlen(name);

	lb_pin(y->b); /* an alias may point into the object: keep it */
	an->n = n;
	an->count = count;
	strmap_put(&y->anchors, arena_strndup(a, name, len), len, an);
	return 0;
}

/*
 * An anchor where items are built in scratch arenas (lb.item_scratch,
 * the loader's look ahead) ends the stream: an alias to it from a later
 * item would reach into a released one.
 */
static int scratch_anchor(struct yctx *y, const yaml_event_t *ev)
{
	y->b->fatal = true;
	return lb_fail(y->b, DIAG_PARSE, mark_line(y, &ev->start_mark),
		       mark_col(&ev->start_mark),
		       "an anchor where items are read one by one");
}

static int on_scalar(struct yctx *y, const yaml_event_t *ev)
{
	struct lb *b = y->b;
	const char *s = (const char *)ev->data.scalar.value;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	size_t len = ev->data.scalar.length;
	unsigned line = mark_line(y, &ev->start_mark),
		 col = mark_col(&ev->start_mark);
	bool skipping = b->skip > 0;
	int rc;

	if (anchor && b->item_scratch)
		return scratch_anchor(y, ev);
	/* inside a pruned subtree a scalar builds nothing: no resolving */
	if (skipping) {
		if (anchor)
			set_anchor(y, anchor, NULL, 1);
		return 0;
	}
	if (lb_want_key(b)) {
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    len == 2 && !memcmp(s, "<<", 2))
			rc = lb_merge_key(b, line, col);
		else
			rc = lb_key(b, s, len, line, col);
		if (!rc && anchor)
			rc = set_anchor(
			    y, anchor,
			    node_new_str(b->a, NODE_STRING, s, len, line, col),
			    1);
		return rc;
	}
	if ((rc = scalar_value(y, ev)))
		return rc;
	if (anchor)
		set_anchor(y, anchor, b->last, 1);
	return 0;
}

static int on_alias(struct yctx *y, const yaml_event_t *ev)
{
	struct lb *b = y->b;
	const char *name = (const char *)ev->data.alias.anchor;
	unsigned line = mark_line(y, &ev->start_mark),
		 col = mark_col(&ev->start_mark);
	struct yanchor *an;
	const char *text;

	if (b->skip)
		return 0;
	an = strmap_get(&y->anchors, name, strlen(name));
	if (!an)
		return lb_fail(b, DIAG_PARSE, line, col,
			       "unknown alias '*%s', expected an anchor "
			       "defined before it",
			       name);
	if (!an->n)
		return lb_fail(b, DIAG_PARSE, line, col,
			       "alias '*%s' refers to a pruned field", name);
	if (!lb_want_key(b))
		return lb_ref(b, an->n, an->count, line, col);
	if (an->n->type == NODE_ARRAY || an->n->type == NODE_OBJECT)
		return lb_fail(b, DIAG_PARSE, line, col,
			       "alias '*%s' used as a key refers to a %s, "
			       "expected a scalar",
			       name, node_type_name(an->n->type));
	text = node_scalar_text(an->n);
	return lb_key(b, text,
		      an->n->type == NODE_STRING ? node_len(an->n)
						 : strlen(text),
		      line, col);
}

static int on_start(struct yctx *y, const yaml_event_t *ev, enum node_type t)
{
	struct lb *b = y->b;
	const char *anchor =
	    (const char *)(t == NODE_OBJECT ? ev->data.mapping_start.anchor
					    : ev->data.sequence_start.anchor);
	unsigned line = mark_line(y, &ev->start_mark),
		 col = mark_col(&ev->start_mark);
	unsigned pre = b->skip;
	struct yopen *o;
	int rc;

	if (anchor && b->item_scratch)
		return scratch_anchor(y, ev);
	if (lb_want_key(b))
		return lb_fail(b, DIAG_PARSE, line, col,
			       "expected a scalar key, found a %s",
			       t == NODE_OBJECT ? "mapping" : "sequence");
	if ((rc = lb_begin(b, t, line, col)))
		return rc;
	if (y->nopen == y->aopen) {
		y->aopen = y->aopen ? y->aopen * 2 : 32;
		y->open = xrealloc_array(y->open, y->aopen, sizeof(*y->open));
	}
	o = &y->open[y->nopen++];
	if (anchor)
		lb_pin(b); /* the object it opens or is in is kept whole */
	o->anchor = anchor ? arena_strdup(b->a, anchor) : NULL;
	o->built = b->skip == 0;
	o->fixed = !pre && b->skip ? b->last : NULL;
	return 0;
}

static int on_end(struct yctx *y)
{
	struct lb *b = y->b;
	struct yopen o;
	int rc;

	/* libyaml pairs every end with a start; this guards the stack only */
	if (!y->nopen)
		return lb_fail(b, DIAG_INTERNAL, 0, 0,
			       "unbalanced YAML events");
	o = y->open[--y->nopen];
	if ((rc = lb_end(b)))
		return rc;
	if (o.anchor)
		set_anchor(y, o.anchor, o.built ? b->last : o.fixed,
			   o.built ? b->last_count : 1);
	return 0;
}

static void reader_pos(const struct yctx *y, size_t off, unsigned *line,
		       unsigned *col)
{
	size_t i;

	*line = 1 + y->b->line_base;
	*col = 1;
	for (i = 0; i < off && i < y->len; i++) {
		if (y->buf[i] == '\n')
			++*line, *col = 1;
		else if (((unsigned char)y->buf[i] & 0xc0) != 0x80)
			++*col;
	}
}

static int syntax_error(struct yctx *y, const yaml_parser_t *p)
{
	struct lb *b = y->b;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	unsigned line, col;

	if (p->error == YAML_READER_ERROR && y->read_failed)
		return DIAG_IO; /* the read function's own error */
	if (p->error == YAML_READER_ERROR) {
		reader_pos(y, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			return lb_fail(b, DIAG_ENCODING, line, col,
				       "%s (byte 0x%02x), expected UTF-8 text",
				       problem, (unsigned)p->problem_value);
		return lb_fail(b, DIAG_ENCODING, line, col, "%s", problem);
	}
	if (p->error == YAML_MEMORY_ERROR)
		return lb_fail(b, DIAG_INTERNAL, 0, 0,
			       "out of memory in libyaml");
	if (p->context)
		return lb_fail(b, DIAG_PARSE, mark_line(y, &p->problem_mark),
			       mark_col(&p->problem_mark),
			       "%s %s at line %u col %u", problem, p->context,
			       mark_line(y, &p->context_mark),
			       mark_col(&p->context_mark));
	return lb_fail(b, DIAG_PARSE, mark_line(y, &p->problem_mark),
		       mark_col(&p->problem_mark), "%s", problem);
}

static int on_event(struct yctx *y, const yaml_event_t *ev, bool single,
		    int *docs)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1 && single)
			return lb_fail(y->b, DIAG_PARSE,
				       mark_line(y, &ev->start_mark),
				       mark_col(&ev->start_mark),
				       "expected a single document, found "
				       "another one");
		strmap_release(&y->anchors);
		return 0;
	case YAML_MAPPING_START_EVENT: return on_start(y, ev, NODE_OBJECT);
	case YAML_SEQUENCE_START_EVENT: return on_start(y, ev, NODE_ARRAY);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT: return on_end(y);
	case YAML_SCALAR_EVENT: return on_scalar(y, ev);
	case YAML_ALIAS_EVENT: return on_alias(y, ev);
	default: return 0;
	}
}

/*
 * Events of a document abandoned after an error.  Its nesting still counts:
 * libyaml's scanner slows quadratically with flow depth, so a depth bomb
 * ends the stream here too.
 */
static int skip_event(struct yctx *y, const yaml_event_t *ev, bool *bad_doc,
		      size_t *depth)
{
	switch (ev->type) {
	case YAML_DOCUMENT_END_EVENT: *bad_doc = false; return 0;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (++*depth <= y->b->lim->max_depth)
			return 0;
		y->b->fatal = true;
		return lb_fail(y->b, DIAG_LIMIT, mark_line(y, &ev->start_mark),
			       mark_col(&ev->start_mark),
			       "nesting deeper than %u levels of arrays and "
			       "objects",
			       y->b->lim->max_depth);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (*depth)
			--*depth;
		return 0;
	default: return 0;
	}
}

static void report(struct lb *b)
{
	if (b->on_error)
		b->on_error(b->ctx, &b->err);
}

/*
 * Start of the document holding byte off: the last line before it that
 * starts with a document marker ("---" or "..."), else 0.
 */
static size_t doc_start(const char *buf, size_t off)
{
	size_t i = off;

	while (i > 0) {
		size_t ls = i;

		while (ls > 0 && buf[ls - 1] != '\n')
			ls--;
		if (off - ls >= 3 &&
		    (!memcmp(buf + ls, "---", 3) ||
		     !memcmp(buf + ls, "...", 3)) &&
		    (ls + 3 == off || strchr(" \t\r\n", buf[ls + 3])))
			return ls;
		i = ls ? ls - 1 : 0;
	}
	return 0;
}

/* The bad character found before parsing: report it where it is. */
static int bad_char(struct yctx *y, size_t off, long cp)
{
	unsigned line, col;

	char msg[96];

	reader_pos(y, off, &line, &col);
	yml_bad_char_msg(msg, sizeof(msg), (unsigned char)y->buf[off], cp);
	return lb_fail(y->b, DIAG_ENCODING, line, col, "%s", msg);
}

void yml_bad_char_msg(char *out, size_t n, unsigned char byte, long cp)
{
	if (cp < 0)
		fmt_snprintf(out, n,
			     "invalid UTF-8 (byte 0x%02x), expected UTF-8 text",
			     byte);
	else
		fmt_snprintf(out, n, "character U+%04lX is not allowed in YAML",
			     (unsigned long)cp);
}

/*
 * libyaml on a thread of its own (yml_parse_read() with two threads): it
 * parses ahead into a ring of event batches, the caller's thread builds.
 * The events and their order are those of one thread; only the batches
 * in the ring are held.  The builder copies what it keeps and never frees
 * an event: the parser thread frees a batch's events when it refills the
 * batch, so memory goes back to the thread that allocated it (freeing it
 * on the other thread cost more than the second thread saved).
 */
#define YQ_EVENTS  256
#define YQ_BATCHES 4

struct ybatch {
	yaml_event_t ev[YQ_EVENTS];
	size_t n;
	bool used; /* ev[0..n) still hold libyaml's memory */
	bool last; /* the stream ended, or libyaml failed, after these */
};

struct yqueue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	yaml_parser_t *p; /* the parser thread's until it has ended */
	struct ybatch b[YQ_BATCHES];
	size_t head, count; /* batches ready, from b[head] on */
	bool stop;	    /* the builder wants no more */
};

/* Free the events of a batch (the builder is done with them). */
static void batch_free(struct ybatch *bt)
{
	size_t k;

	if (bt->used)
		for (k = 0; k < bt->n; k++)
			yaml_event_delete(&bt->ev[k]);
	bt->n = 0;
	bt->used = false;
}

static void *yq_parse(void *arg)
{
	struct yqueue *q = arg;
	bool last = false;

	while (!last) {
		struct ybatch *bt;

		pthread_mutex_lock(&q->mu);
		while (q->count == YQ_BATCHES && !q->stop)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->stop) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		/* a free slot: the builder reads none but the ready ones */
		bt = &q->b[(q->head + q->count) % YQ_BATCHES];
		pthread_mutex_unlock(&q->mu);
		batch_free(bt);
		bt->used = true;
		while (!last && bt->n < YQ_EVENTS) {
			if (!yaml_parser_parse(q->p, &bt->ev[bt->n]))
				last = true;
			else if (bt->ev[bt->n++].type == YAML_STREAM_END_EVENT)
				last = true;
		}
		bt->last = last;
		pthread_mutex_lock(&q->mu);
		q->count++;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
	return NULL;
}

/* Where run_events() takes its events: a parser, or its thread. */
struct ysrc {
	yaml_parser_t *p;
	struct yqueue *q;
	struct ybatch *cur; /* the batch being read, b[head] */
	size_t i;
};

/* The next event; false when libyaml failed (its error is in p). */
static bool src_next(struct ysrc *s, yaml_event_t *ev)
{
	struct yqueue *q = s->q;

	if (!q)
		return yaml_parser_parse(s->p, ev);
	for (;;) {
		bool last;

		if (s->cur && s->i < s->cur->n) {
			*ev = s->cur->ev[s->i++];
			return true;
		}
		last = s->cur && s->cur->last;
		pthread_mutex_lock(&q->mu);
		if (s->cur) {
			q->head = (q->head + 1) % YQ_BATCHES;
			q->count--;
			s->cur = NULL;
			pthread_cond_broadcast(&q->cv);
		}
		while (!last && !q->count)
			pthread_cond_wait(&q->cv, &q->mu);
		if (!last) {
			s->cur = &q->b[q->head];
			s->i = 0;
		}
		pthread_mutex_unlock(&q->mu);
		if (last)
			return false;
	}
}

/* Stop the parser thread, wait for it, drop the events it left. */
static void src_end(struct ysrc *s, pthread_t t)
{
	struct yqueue *q = s->q;
	size_t k;

	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(t, NULL);
	s->cur = NULL;
	q->count = 0;
	for (k = 0; k < YQ_BATCHES; k++)
		batch_free(&q->b[k]);
}

/*
 * One event to the builder: YSC_STOP (true) when the stream ends with it,
 * else YSC_GO (false).
 */
static int run_one(struct yctx *y, const yaml_event_t *ev)
{
	struct yrun *r = &y->run;
	struct lb *b = y->b;
	int erc;

	if (r->bad_doc)
		erc = skip_event(y, ev, &r->bad_doc, &r->depth);
	else
		erc = on_event(y, ev, r->single, &r->docs);
	if (erc) {
		report(b);
		r->depth = y->nopen;
		lb_reset(b);
		y->nopen = 0;
		r->bad_doc = true;
		if (r->single || b->fatal) {
			r->rc = erc;
			return YSC_STOP;
		}
	}
	return ev->type == YAML_STREAM_END_EVENT ? YSC_STOP : YSC_GO;
}

/*
 * The scanner's events go where libyaml's do.  They hold no anchor, so a
 * scalar in a pruned subtree or an abandoned document does nothing (the
 * scanner is then told to leave out the scalars that follow it), and the
 * end of a pruned collection only closes it: both are taken here.
 */
static int scan_emit(void *ctx, const yaml_event_t *ev)
{
	struct yctx *y = ctx;
	struct lb *b = y->b;

	if (ev->type == YAML_SCALAR_EVENT && (b->skip || y->run.bad_doc))
		return YSC_QUIET;
	if ((ev->type == YAML_MAPPING_END_EVENT ||
	     ev->type == YAML_SEQUENCE_END_EVENT) &&
	    b->skip && !y->run.bad_doc && y->nopen) {
		y->nopen--;
		lb_end(b); /* 0: it only counts the depth down */
		return b->skip ? YSC_QUIET : YSC_GO;
	}
	if (run_one(ctx, ev))
		return YSC_STOP;
	/*
	 * A collection pruned whole: what is inside it only counts the depth
	 * up and down, so the scanner may leave it out as long as it nests
	 * no deeper than the limit allows (an anchor or alias in it makes
	 * the scanner give up before it could matter).
	 */
	if (b->skip == 1 && !y->run.bad_doc &&
	    (ev->type == YAML_MAPPING_START_EVENT ||
	     ev->type == YAML_SEQUENCE_START_EVENT) &&
	    lb_depth(b) < b->lim->max_depth)
		return YSC_PRUNE + (int)(b->lim->max_depth - lb_depth(b));
	return YSC_GO;
}

/*
 * libyaml's events from src to the end of its stream, or to an error that
 * ends it, the first skip of them left out (the scanner gave them).
 */
static void run_events(struct yctx *y, struct ysrc *src, size_t skip)
{
	for (;;) {
		yaml_event_t ev;
		bool stop;

		if (!src_next(src, &ev)) {
			y->run.rc = syntax_error(y, src->p);
			if (y->run.rc != DIAG_IO)
				report(y->b);
			break;
		}
		if (skip) {
			skip--;
			stop = ev.type == YAML_STREAM_END_EVENT;
		} else {
			stop = run_one(y, &ev);
		}
		if (!src->q)
			yaml_event_delete(&ev);
		if (stop)
			break;
	}
}

static void run_end(struct yctx *y)
{
	strmap_release(&y->anchors);
	free(y->open);
	y->open = NULL;
	y->nopen = y->aopen = 0;
	lb_reset(y->b);
}

int yml_parse(struct lb *b, const char *buf, size_t len, bool single)
{
	struct yctx y = { .b = b, .buf = buf, .len = len };
	yaml_parser_t p;
	struct ysrc src = { .p = &p };
	size_t bad, plen = len, skip = 0;
	long cp = 0;
	int rc;

	y.run.single = single;
	/*
	 * libyaml decodes ahead of its events, so an encoding error would cost
	 * the documents before it; find it first and parse up to its document.
	 */
	bad = lb_bad_char(buf, 0, len, true, &cp);
	if (bad < len)
		plen = doc_start(buf, bad);
	if (!fast_on() ||
	    ysc_scan_buf(buf, plen, scan_emit, &y, &skip) != YSC_DONE) {
		if (!yaml_parser_initialize(&p)) {
			run_end(&y);
			return lb_fail(b, DIAG_INTERNAL, 0, 0,
				       "cannot start libyaml");
		}
		yaml_parser_set_input_string(&p, (const unsigned char *)buf,
					     plen);
		run_events(&y, &src, skip);
		yaml_parser_delete(&p);
	}
	run_end(&y);
	rc = y.run.rc;
	if (bad < len && !(single && rc)) {
		rc = bad_char(&y, bad, cp);
		report(b);
	}
	return rc ? rc : y.run.docs;
}

/* libyaml's read handler over a yml_read function. */
static int pull(void *data, unsigned char *buf, size_t size, size_t *got)
{
	struct yctx *y = data;
	long r = y->read(y->read_ctx, (char *)buf, size);

	if (r < 0) {
		y->read_failed = true;
		*got = 0;
		return 0;
	}
	*got = (size_t)r;
	return 1;
}

/* libyaml pulling the text, the first skip events left out. */
static void parse_pull(struct yctx *y, size_t skip)
{
	yaml_parser_t p;
	struct ysrc src = { .p = &p };
	struct yqueue *q = NULL;
	pthread_t t;

	if (!yaml_parser_initialize(&p)) {
		y->run.rc =
		    lb_fail(y->b, DIAG_INTERNAL, 0, 0, "cannot start libyaml");
		return;
	}
	yaml_parser_set_input(&p, pull, y);
	if (yml_threads > 1) {
		q = xmalloc(sizeof(*q));
		memset(q, 0, sizeof(*q));
		q->p = &p;
		pthread_mutex_init(&q->mu, NULL);
		pthread_cond_init(&q->cv, NULL);
		if (pthread_create(&t, NULL, yq_parse, q) == 0) {
			src.q = q;
		} else {
			pthread_mutex_destroy(&q->mu);
			pthread_cond_destroy(&q->cv);
			free(q);
			q = NULL;
		}
	}
	run_events(y, &src, skip);
	if (q) {
		src_end(&src, t);
		pthread_mutex_destroy(&q->mu);
		pthread_cond_destroy(&q->cv);
		free(q);
	}
	yaml_parser_delete(&p);
}

bool yml_fast_on(void)
{
	return fast_on();
}

static bool split_ready(void *ctx)
{
	const struct yctx *y = ctx;

	return y->split->ready(y->split->ctx);
}

/* Inside the root mapping and its sequence, nothing abandoned. */
static bool split_take(void *ctx, unsigned line, struct ysc_resume *r)
{
	const struct yctx *y = ctx;

	return y->nopen == 2 && !y->run.bad_doc && !y->open[0].anchor &&
	       !y->open[1].anchor && y->open[0].built && y->open[1].built &&
	       y->split->take(y->split->ctx, line, r);
}

int yml_parse_split(struct lb *b, yml_read_fn read, yml_rewind_fn rewind,
		    void *ctx, const struct ysc_split *sp)
{
	struct yctx y = { .b = b, .read = read, .read_ctx = ctx, .split = sp };
	struct ysc_split mine = { 0 };
	size_t skip = 0;
	enum ysc_result r = YSC_REFUSED;

	if (sp) {
		mine.at = sp->at;
		mine.ind = sp->ind;
		mine.ready = split_ready;
		mine.take = split_take;
		mine.ctx = &y;
	}
	if (fast_on())
		r = ysc_scan_split(read, ctx, scan_emit, &y, &skip,
				   sp ? &mine : NULL);
	if (r == YSC_READ || (r == YSC_REFUSED && rewind(ctx)))
		y.run.rc = DIAG_IO;
	else if (r == YSC_REFUSED)
		parse_pull(&y, skip);
	run_end(&y);
	return y.run.rc ? y.run.rc : y.run.docs;
}

/*
 * yml_scan_items(): the root sequence's entries go to the builder (inside
 * its items array), nothing else; anything but a mapping as an entry, the
 * sequence's end, an error stop the scan.
 */
static int items_emit(void *ctx, const yaml_event_t *ev)
{
	struct yctx *y = ctx;
	int r;

	if (!y->items) {
		if (ev->type == YAML_STREAM_START_EVENT ||
		    ev->type == YAML_DOCUMENT_START_EVENT)
			return YSC_GO;
		if (ev->type != YAML_SEQUENCE_START_EVENT)
			return YSC_STOP;
		y->items = 1;
		return YSC_GO;
	}
	if (!y->nopen && ev->type != YAML_MAPPING_START_EVENT)
		return YSC_STOP;
	r = scan_emit(ctx, ev);
	return y->run.bad_doc ? YSC_STOP : r;
}

void yml_scan_items(struct lb *b, yml_read_fn read, void *ctx,
		    const struct ysc_split *sp)
{
	struct yctx y = { .b = b, .read = read, .read_ctx = ctx };
	size_t count = 0;

	ysc_scan_split(read, ctx, items_emit, &y, &count, sp);
	run_end(&y);
}

int yml_parse_read(struct lb *b, yml_read_fn read, void *ctx)
{
	struct yctx y = { .b = b, .read = read, .read_ctx = ctx };

	parse_pull(&y, 0);
	run_end(&y);
	return y.run.rc ? y.run.rc : y.run.docs;
}

int yml_parse_pull(struct lb *b, yml_read_fn read, yml_rewind_fn rewind,
		   void *ctx)
{
	return yml_parse_split(b, read, rewind, ctx, NULL);
}
