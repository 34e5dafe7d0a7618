/*
 * yamlscan.c - block YAML read line by line into libyaml's events.
 *
 * The structure is libyaml's as its scanner sees block YAML: a stack of
 * open mappings and sequences with the column each started at (a
 * sequence at its mapping's column, "key:\n- a", is indentless and does
 * not count as an indentation level).  A line at a lower column closes
 * what was opened deeper; a line at the column of the innermost one adds
 * to it; a deeper line fills a value left empty.  Marks count from 0 as
 * libyaml's do; columns count characters.
 */
#include "load/yamlscan.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "load/bytes8.h"

#define YSC_CHUNK 65536
/*
 * A longer line is left to libyaml.  The API server stores no object of
 * more than about 1.5 MiB (a ConfigMap's or Secret's data, base64 on one
 * line, up to 1.4 MB), so kubectl writes no line near this.
 */
#define YSC_LINE_MAX (16u << 20)
#define YSC_KEY_MAX  1000 /* libyaml's simple keys end at 1024 */
/* The most events of a pruned collection held back until its end. */
#define YSC_PRUNE_MAX 65536

/* An event held back until the lines after it are read. */
struct hev {
	yaml_event_type_t type;
	yaml_scalar_style_t style;
	unsigned line, col;
	size_t off, len; /* a scalar's value in the store */
	unsigned unit;	 /* the line of content it came from */
};

/* An open block mapping or sequence. */
struct frame {
	bool map;
	bool indentless; /* a sequence at its mapping's column */
	bool want;	 /* a value (a key's, an entry's) is still missing */
	int indent;
	unsigned pl, pc; /* where the empty value would be */
};

enum { DOC_NONE, DOC_OPEN, DOC_CONTENT, DOC_ENDED };

/* Where a node starts: its context decides what it may be. */
enum { CTX_LINE, CTX_MAPKEY, CTX_DASH, CTX_VALUE };

struct ysc {
	/* the text: buf[pos..len), own buffer when read */
	const char *buf;
	size_t len, pos;
	char *own;
	size_t alloc;
	ysc_read_fn read;
	void *rctx;
	size_t tbase;	     /* the text offset of buf[0] */
	const char *ls, *le; /* the line being read */
	const struct ysc_split *sp;
	bool sp_done; /* the line at sp->at is past */
	/* events */
	ysc_emit_fn emit;
	void *ectx;
	size_t count;
	struct hev *ev;
	size_t head, nev, aev;
	char *store;
	size_t slen, salloc;
	/* structure */
	struct frame *st;
	size_t nst, ast;
	/* a block scalar being read: libyaml's trailing_breaks, its text */
	size_t bs_trailing;
	size_t bs_off;
	yaml_event_t e; /* the event handed out: no anchor, no tag */
	unsigned line;	/* of the line being read */
	unsigned unit;
	int doc;
	int plain_indent;
	int bs_chomp;
	int bs_indent; /* 0 until its first line of text, if not given */
	int bs_parent;
	int bs_max;
	unsigned bs_line, bs_col, bs_unit;
	bool eof;
	bool hi;      /* the line holds bytes past ASCII */
	bool clean;   /* the line is all printable ASCII */
	bool quiet;   /* the handler wants no scalars for now */
	bool prune;   /* ... nor the events inside the collection it opened */
	size_t pscan; /* the next event to look at for its end */
	unsigned pdepth; /* collections open up to pscan, that one's too */
	unsigned proom;	 /* how deep they may nest inside it */
	bool stopped;
	bool root_done;
	bool plain_open; /* a plain scalar ended the last line of content */
	bool plain_gap;	 /* ... and a blank line followed it */
	bool plain_note; /* ... and a comment ended it */
	bool quote_open; /* a quoted scalar goes on to the next line */
	bool quote_gap;	 /* ... after a blank line */
	bool quote_dq;	 /* ... double-quoted */
	bool quote_join; /* ... its line ended in an escaped break */
	int quote_indent;
	bool bs;
	bool bs_literal;
	bool bs_lbreak; /* libyaml's leading_break holds a line break */
	bool bs_lblank;
	bool bs_any; /* a line of text was read */
};

static void store_grow(struct ysc *s, size_t n)
{
	s->salloc =
	    s->slen + n > s->salloc * 2 ? s->slen + n + 256 : s->salloc * 2;
	s->store = xrealloc(s->store, s->salloc);
}

static inline void store_need(struct ysc *s, size_t n)
{
	if (s->salloc - s->slen < n)
		store_grow(s, n);
}

static inline void store_add(struct ysc *s, const char *p, size_t n)
{
	if (!n)
		return;
	store_need(s, n);
	memcpy(s->store + s->slen, p, n);
	s->slen += n;
}

static inline void store_byte(struct ysc *s, char c)
{
	store_need(s, 1);
	s->store[s->slen++] = c;
}

static void store_bytes(struct ysc *s, char c, size_t n)
{
	if (!n)
		return;
	store_need(s, n);
	memset(s->store + s->slen, c, n);
	s->slen += n;
}

static void ev_grow(struct ysc *s)
{
	s->aev = s->aev ? s->aev * 2 : 64;
	s->ev = xrealloc(s->ev, s->aev * sizeof(*s->ev));
}

static inline void push(struct ysc *s, yaml_event_type_t type,
			yaml_scalar_style_t style, unsigned line, unsigned col,
			size_t off, size_t len)
{
	struct hev *h;

	if (s->nev == s->aev)
		ev_grow(s);
	h = &s->ev[s->nev++];
	h->type = type;
	h->style = style;
	h->line = line;
	h->col = col;
	h->off = off;
	h->len = len;
	h->unit = s->unit;
}

static inline void push_mark(struct ysc *s, yaml_event_type_t type,
			     unsigned col)
{
	push(s, type, YAML_ANY_SCALAR_STYLE, s->line, col, 0, 0);
}

/* A scalar whose value is store[off..slen): it ends there. */
static inline void push_scalar(struct ysc *s, yaml_scalar_style_t style,
			       unsigned line, unsigned col, size_t off)
{
	size_t len = s->slen - off;

	store_byte(s, '\0');
	push(s, YAML_SCALAR_EVENT, style, line, col, off, len);
}

/*
 * The handler answered YSC_PRUNE to the start of a collection: look for
 * its end among the events from s->pscan before keep_from.  True when
 * the events up to s->pscan, the end, are to be left out (or, with
 * s->prune false, handed out as ever: they nest deeper than the handler
 * allows, or are too many to hold); false when the end is not read yet.
 * Until then nothing past the start counts as handed out, so libyaml,
 * should it take over, hands the handler every one of them.
 */
static bool prune_past(struct ysc *s, size_t head, unsigned keep_from)
{
	const struct hev *ev = s->ev;
	size_t k = s->pscan, nev = s->nev;
	unsigned depth = s->pdepth;

	for (; k < nev && ev[k].unit < keep_from; k++) {
		yaml_event_type_t t = ev[k].type;

		if (t == YAML_MAPPING_START_EVENT ||
		    t == YAML_SEQUENCE_START_EVENT) {
			if (depth > s->proom || k - head >= YSC_PRUNE_MAX) {
				s->prune = false;
				return true;
			}
			depth++;
		} else if (t == YAML_MAPPING_END_EVENT ||
			   t == YAML_SEQUENCE_END_EVENT) {
			if (!--depth) {
				s->pscan = k;
				return true;
			}
		}
	}
	s->pscan = k;
	s->pdepth = depth;
	if (k - head >= YSC_PRUNE_MAX) {
		s->prune = false;
		return true;
	}
	return false;
}

/* Hand out the events of the lines of content before keep_from. */
static void deliver(struct ysc *s, unsigned keep_from)
{
	const struct hev *ev = s->ev;
	size_t base, k, head = s->head, nev = s->nev, count = s->count;
	yaml_event_t *e = &s->e;
	ysc_emit_fn emit = s->emit;
	void *ectx = s->ectx;
	bool quiet = s->quiet;

	/* the handler sees none of this: what it reads stays in registers */
	while (head < nev && ev[head].unit < keep_from && !s->stopped) {
		const struct hev *h;
		int r;

		if (s->prune && !prune_past(s, head, keep_from))
			break;
		if (s->prune) { /* all up to its end count as handed out */
			count += s->pscan - head;
			head = s->pscan;
			s->prune = false;
		}
		h = &ev[head++];
		count++;
		if (quiet && h->type == YAML_SCALAR_EVENT)
			continue;

		e->type = h->type;
		e->start_mark.line = h->line;
		e->start_mark.column = h->col;
		e->end_mark = e->start_mark;
		if (h->type == YAML_SCALAR_EVENT) {
			e->data.scalar.value =
			    (yaml_char_t *)(s->store + h->off);
			e->data.scalar.length = h->len;
			e->data.scalar.style = h->style;
			e->data.scalar.plain_implicit =
			    h->style == YAML_PLAIN_SCALAR_STYLE;
			e->data.scalar.quoted_implicit =
			    h->style != YAML_PLAIN_SCALAR_STYLE;
		} else if (h->type == YAML_MAPPING_START_EVENT) {
			e->data.mapping_start.implicit = 1;
			e->data.mapping_start.style =
			    (yaml_mapping_style_t)h->style;
		} else if (h->type == YAML_SEQUENCE_START_EVENT) {
			e->data.sequence_start.implicit = 1;
			e->data.sequence_start.style =
			    (yaml_sequence_style_t)h->style;
		} else if (h->type == YAML_DOCUMENT_START_EVENT) {
			e->data.document_start.version_directive = NULL;
			e->data.document_start.tag_directives.start = NULL;
			e->data.document_start.tag_directives.end = NULL;
			e->data.document_start.implicit = 1;
		}
		r = emit(ectx, e);
		if (r == YSC_STOP) {
			s->stopped = true;
			break;
		}
		quiet = r == YSC_QUIET;
		if (r >= YSC_PRUNE && (h->type == YAML_MAPPING_START_EVENT ||
				       h->type == YAML_SEQUENCE_START_EVENT)) {
			s->prune = true;
			s->pscan = head;
			s->pdepth = 1;
			s->proom = (unsigned)(r - YSC_PRUNE);
		}
	}
	s->head = head;
	s->count = count;
	s->quiet = quiet;
	/* drop what was handed out once it is half of what is held */
	if (s->head < 64 || s->head * 2 < s->nev)
		return;
	base = s->bs ? s->bs_off : s->slen;
	for (k = s->head; k < s->nev; k++)
		if (s->ev[k].type == YAML_SCALAR_EVENT && s->ev[k].off < base)
			base = s->ev[k].off;
	memmove(s->ev, s->ev + s->head, (s->nev - s->head) * sizeof(*s->ev));
	if (s->prune)
		s->pscan -= s->head;
	s->nev -= s->head;
	s->head = 0;
	for (k = 0; k < s->nev; k++)
		if (s->ev[k].type == YAML_SCALAR_EVENT)
			s->ev[k].off -= base;
	if (s->bs)
		s->bs_off -= base;
	if (base) {
		memmove(s->store, s->store + base, s->slen - base);
		s->slen -= base;
	}
}

/* Past the spaces from p, eight at a time. */
static inline const char *skip_spaces(const char *p, const char *e)
{
#ifdef first_flagged
	while (e - p >= 8) {
		uint64_t x = load8(p) ^ (ONES * ' ');

		if (x)
			return p + first_flagged(x);
		p += 8;
	}
#endif
	while (p < e && *p == ' ')
		p++;
	return p;
}

/*
 * Check a line: 1 when it holds bytes past ASCII, -1 when it holds what
 * this scanner leaves to libyaml (a control character, a tab unless
 * tab_ok, a byte order mark, a line break other than "\n").
 */
static int line_check(const char *p, const char *e, bool tab_ok)
{
	int hi = 0;

	/* eight bytes at a time while all are 0x20..0x7e; the last eight
	 * of a line as long at once, over those already checked */
	if (e - p >= 8) {
		for (; e - p >= 8; p += 8)
			if (unprintable8(load8(p)))
				break;
		if (p < e && e - p < 8 && !unprintable8(load8(e - 8)))
			return 0;
	}
	for (; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x20 && c < 0x7f)
			continue;
		if (c == '\t' && tab_ok)
			continue;
		if (c < 0x80)
			return -1;
		hi = 1;
		if (c == 0xc2 && e - p > 1 && (unsigned char)p[1] == 0x85)
			return -1;
		if (c == 0xe2 && e - p > 2 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xa8 ||
		     (unsigned char)p[2] == 0xa9))
			return -1;
		if (c == 0xef && e - p > 2 && (unsigned char)p[1] == 0xbb &&
		    (unsigned char)p[2] == 0xbf)
			return -1;
	}
	return hi;
}

/* The column of p in the line being read, in characters. */
static unsigned col_of(const struct ysc *s, const char *p)
{
	const char *q;
	unsigned col = 0;

	if (!s->hi)
		return (unsigned)(p - s->ls);
	for (q = s->ls; q < p; q++)
		if (((unsigned char)*q & 0xc0) != 0x80)
			col++;
	return col;
}

/* libyaml's indentation level: the innermost collection that set one. */
static int parser_indent(const struct ysc *s)
{
	size_t i;

	for (i = s->nst; i > 0; i--)
		if (!s->st[i - 1].indentless)
			return s->st[i - 1].indent;
	return -1;
}

static struct frame *open_frame(struct ysc *s, bool map, int indent,
				bool indentless)
{
	struct frame *f;

	if (s->nst == s->ast) {
		s->ast = s->ast ? s->ast * 2 : 16;
		s->st = xrealloc(s->st, s->ast * sizeof(*s->st));
	}
	f = &s->st[s->nst++];
	memset(f, 0, sizeof(*f));
	f->map = map;
	f->indent = indent;
	f->indentless = indentless;
	return f;
}

static void fill_empty(struct ysc *s, struct frame *f)
{
	if (!f->want)
		return;
	f->want = false;
	store_byte(s, '\0');
	push(s, YAML_SCALAR_EVENT, YAML_PLAIN_SCALAR_STYLE, f->pl, f->pc,
	     s->slen - 1, 0);
}

static void close_top(struct ysc *s)
{
	struct frame *f = &s->st[s->nst - 1];

	fill_empty(s, f);
	push_mark(s, f->map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
		  0);
	s->nst--;
}

static void close_all(struct ysc *s)
{
	while (s->nst)
		close_top(s);
}

static bool is_blank_end(const char *p, const char *e)
{
	return p == e || *p == ' ';
}

/* After a value: nothing but spaces and a comment may follow. */
static bool line_rest_ok(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && *q == ' ')
		q++;
	return q == e || (*q == '#' && q > p);
}

/* Append the hex escape of n digits at p as UTF-8; false if invalid. */
static bool hex_escape(struct ysc *s, const char *p, const char *e, int n)
{
	unsigned long v = 0;
	int i;
	char u[4];

	if (e - p < n)
		return false;
	for (i = 0; i < n; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return false;
	}
	if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return false;
	if (v <= 0x7f) {
		store_byte(s, (char)v);
	} else if (v <= 0x7ff) {
		u[0] = (char)(0xc0 + (v >> 6));
		u[1] = (char)(0x80 + (v & 0x3f));
		store_add(s, u, 2);
	} else if (v <= 0xffff) {
		u[0] = (char)(0xe0 + (v >> 12));
		u[1] = (char)(0x80 + ((v >> 6) & 0x3f));
		u[2] = (char)(0x80 + (v & 0x3f));
		store_add(s, u, 3);
	} else {
		u[0] = (char)(0xf0 + (v >> 18));
		u[1] = (char)(0x80 + ((v >> 12) & 0x3f));
		u[2] = (char)(0x80 + ((v >> 6) & 0x3f));
		u[3] = (char)(0x80 + (v & 0x3f));
		store_add(s, u, 4);
	}
	return true;
}

/* How a line of double-quoted text ended. */
enum dq_end {
	DQ_CLOSED, /* at the closing quote */
	DQ_OPEN,   /* at the line break: the scalar goes on */
	DQ_JOIN,   /* at an escaped line break: joined without a space */
	DQ_BAD,	   /* an escape libyaml reads otherwise or refuses */
};

/*
 * Double-quoted text from p: past its closing quote, or e when the line
 * ends first (the spaces before an unescaped break are not text, as in
 * libyaml; those before an escaped one are).
 */
static const char *dq_run(struct ysc *s, const char *p, const char *e,
			  enum dq_end *end)
{
	const char *q = p;

	for (;;) {
		const char *r = q;
		char c;

		while (r < e && *r != '"' && *r != '\\')
			r++;
		if (r == e) {
			while (r > q && r[-1] == ' ')
				r--;
			store_add(s, q, (size_t)(r - q));
			*end = DQ_OPEN;
			return e;
		}
		store_add(s, q, (size_t)(r - q));
		if (*r == '"') {
			*end = DQ_CLOSED;
			return r + 1;
		}
		if (r + 1 == e) {
			*end = DQ_JOIN;
			return e;
		}
		c = r[1];
		q = r + 2;
		switch (c) {
		case '0': store_byte(s, '\0'); break;
		case 'a': store_byte(s, '\x07'); break;
		case 'b': store_byte(s, '\x08'); break;
		case 't': store_byte(s, '\x09'); break;
		case 'n': store_byte(s, '\x0a'); break;
		case 'v': store_byte(s, '\x0b'); break;
		case 'f': store_byte(s, '\x0c'); break;
		case 'r': store_byte(s, '\x0d'); break;
		case 'e': store_byte(s, '\x1b'); break;
		case ' ': store_byte(s, ' '); break;
		case '"': store_byte(s, '"'); break;
		case '/': store_byte(s, '/'); break;
		case '\\': store_byte(s, '\\'); break;
		case 'N': store_add(s, "\xc2\x85", 2); break;
		case '_': store_add(s, "\xc2\xa0", 2); break;
		case 'L': store_add(s, "\xe2\x80\xa8", 3); break;
		case 'P': store_add(s, "\xe2\x80\xa9", 3); break;
		case 'x':
			if (!hex_escape(s, q, e, 2))
				goto bad;
			q += 2;
			break;
		case 'u':
			if (!hex_escape(s, q, e, 4))
				goto bad;
			q += 4;
			break;
		case 'U':
			if (!hex_escape(s, q, e, 8))
				goto bad;
			q += 8;
			break;
		default: goto bad;
		}
	}
bad:
	*end = DQ_BAD;
	return NULL;
}

/* A double-quoted scalar on one line, p at its quote: past it, or NULL. */
static const char *double_quoted(struct ysc *s, const char *p, const char *e)
{
	enum dq_end end;
	const char *q = dq_run(s, p + 1, e, &end);

	return end == DQ_CLOSED ? q : NULL;
}

/*
 * The scalar of style a line folds onto: the last event, still held,
 * its text the last in the store.  Its NUL becomes the space of the fold;
 * NULL (nothing changed) when it is not so.
 */
static struct hev *fold_onto(struct ysc *s, yaml_scalar_style_t style)
{
	struct hev *h;

	if (s->head >= s->nev)
		return NULL;
	h = &s->ev[s->nev - 1];
	if (h->type != YAML_SCALAR_EVENT || h->style != style ||
	    h->off + h->len + 1 != s->slen)
		return NULL;
	s->store[s->slen - 1] = ' ';
	return h;
}

/*
 * Single-quoted text from p to its closing quote or the end of the line:
 * past the quote, or e (*closed false).
 */
static const char *sq_run(struct ysc *s, const char *p, const char *e,
			  bool *closed)
{
	for (;;) {
		const char *r = memchr(p, '\'', (size_t)(e - p));

		if (!r) {
			store_add(s, p, (size_t)(e - p));
			*closed = false;
			return e;
		}
		store_add(s, p, (size_t)(r - p));
		if (r + 1 < e && r[1] == '\'') {
			store_byte(s, '\'');
			p = r + 2;
			continue;
		}
		*closed = true;
		return r + 1;
	}
}

/* A single-quoted scalar on one line, p at its quote: past it, or NULL. */
static const char *single_quoted(struct ysc *s, const char *p, const char *e)
{
	bool closed;
	const char *q = sq_run(s, p + 1, e, &closed);

	return closed ? q : NULL;
}

/* The spaces before a line break in a quoted scalar are not its text. */
static void trim_spaces(struct ysc *s, size_t off)
{
	while (s->slen > off && s->store[s->slen - 1] == ' ')
		s->slen--;
}

/*
 * A quoted value that does not end on its line, p at its quote (kubectl
 * folds a long quoted value over several lines): its event now, with the
 * text so far; quote_more() adds the lines after it.  1 for an escape the
 * scanner leaves to libyaml.
 */
static int quote_start(struct ysc *s, const char *p, const char *e,
		       unsigned col, size_t off)
{
	bool closed;
	enum dq_end end = DQ_OPEN;

	s->slen = off; /* single_quoted() or double_quoted() stored part */
	if (*p == '"') {
		if (!dq_run(s, p + 1, e, &end))
			return 1;
	} else {
		sq_run(s, p + 1, e, &closed);
		trim_spaces(s, off);
	}
	push_scalar(s,
		    *p == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
			      : YAML_SINGLE_QUOTED_SCALAR_STYLE,
		    s->line, col, off);
	s->quote_open = true;
	s->quote_gap = false;
	s->quote_join = end == DQ_JOIN;
	s->quote_dq = *p == '"';
	s->quote_indent = parser_indent(s);
	return 0;
}

/*
 * A line of an open quoted scalar: folded onto it with one space (leading
 * spaces dropped, and unescaped ones before the break), or with none after
 * an escaped line break.  Given up where the fold is not one space (a
 * blank line between), where the line is no deeper than the scalar's
 * collection or is a document marker, and where something other than a
 * comment follows the closing quote.  The scalar's event is still held
 * (the last one; lines of it count as no line of content).
 */
static int quote_more(struct ysc *s, const char *ls, const char *e)
{
	const char *p = ls, *q;
	struct hev *h;
	size_t off;
	bool closed;
	enum dq_end end = DQ_OPEN;

	while (p < e && *p == ' ')
		p++;
	if (p == e) {
		s->quote_gap = true;
		return 0;
	}
	if (s->quote_gap || (int)(p - ls) <= s->quote_indent ||
	    !(h = fold_onto(s, s->quote_dq ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
					   : YAML_SINGLE_QUOTED_SCALAR_STYLE)))
		return 1;
	off = h->off;
	if (s->quote_join)
		s->slen--; /* no space where the break was escaped */
	if (s->quote_dq) {
		if (!(q = dq_run(s, p, e, &end)))
			return 1;
		closed = end == DQ_CLOSED;
	} else {
		q = sq_run(s, p, e, &closed);
		if (!closed)
			trim_spaces(s, off);
	}
	if (closed && !line_rest_ok(q, e))
		return 1;
	store_byte(s, '\0');
	h->len = s->slen - 1 - off;
	s->quote_open = !closed;
	s->quote_join = end == DQ_JOIN;
	return 0;
}

static int node(struct ysc *s, const char *p, int ctx);

/* Characters no plain scalar starts with (and NUL, as strchr() had it). */
static const bool indicator[256] = {
	[0] = true,   ['?'] = true, [':'] = true, [','] = true, ['['] = true,
	[']'] = true, ['{'] = true, ['}'] = true, ['#'] = true, ['&'] = true,
	['*'] = true, ['!'] = true, ['|'] = true, ['>'] = true, ['\''] = true,
	['"'] = true, ['%'] = true, ['@'] = true, ['`'] = true,
};

/* A sequence entry, p at its dash (the innermost frame). */
static int entry(struct ysc *s, const char *p)
{
	struct frame *f = &s->st[s->nst - 1];
	const char *q = p + 1;

	/* an entry of the first document's root sequence: it starts its line */
	if (s->sp && s->sp->entry && s->nst == 1 && !s->sp_done)
		s->sp->entry(s->sp->ctx, s->line,
			     s->tbase + (size_t)(s->ls - s->buf),
			     s->count + s->nev - s->head);

	while (q < s->le && *q == ' ')
		q++;
	if (q == s->le || *q == '#') {
		f->want = true;
		f->pl = s->line;
		f->pc = col_of(s, p) + 1;
		return 0;
	}
	return node(s, q, CTX_DASH);
}

/* The header of a block scalar at p; its text is on the lines after. */
static int block_header(struct ysc *s, const char *p)
{
	const char *q = p + 1, *e = s->le;
	int chomp = 0, inc = 0;

	/* the chomping and indentation indicators, in either order */
	if (q < e && (*q == '+' || *q == '-'))
		chomp = *q++ == '+' ? 1 : -1;
	if (q < e && *q >= '1' && *q <= '9')
		inc = *q++ - '0';
	if (!chomp && inc && q < e && (*q == '+' || *q == '-'))
		chomp = *q++ == '+' ? 1 : -1;
	while (q < e && *q == ' ')
		q++;
	if (q < e && *q != '#')
		return 1;
	s->bs = true;
	s->bs_literal = *p == '|';
	s->bs_chomp = chomp;
	s->bs_parent = parser_indent(s);
	/* kubectl writes |2 for text whose first line starts with a space */
	s->bs_indent = inc ? (s->bs_parent >= 0 ? s->bs_parent : 0) + inc : 0;
	s->bs_any = false;
	s->bs_max = 0;
	s->bs_lbreak = false;
	s->bs_trailing = 0;
	s->bs_lblank = false;
	s->bs_line = s->line;
	s->bs_col = col_of(s, p);
	s->bs_unit = s->unit;
	s->bs_off = s->slen;
	return 0;
}

static void bs_end(struct ysc *s)
{
	unsigned unit = s->unit;

	if (s->bs_chomp != -1 && s->bs_lbreak)
		store_byte(s, '\n');
	if (s->bs_chomp == 1)
		store_bytes(s, '\n', s->bs_trailing);
	s->unit = s->bs_unit;
	push_scalar(s,
		    s->bs_literal ? YAML_LITERAL_SCALAR_STYLE
				  : YAML_FOLDED_SCALAR_STYLE,
		    s->bs_line, s->bs_col, s->bs_off);
	s->unit = unit;
	s->bs = false;
}

/* A line of a block scalar's text, p past its indentation. */
static int bs_text(struct ysc *s, const char *p, const char *e, bool nl)
{
	bool tblank = *p == ' ' || *p == '\t';

	if (!s->clean && line_check(p, e, true) < 0)
		return 1;
	if (!s->bs_literal && s->bs_lbreak && !s->bs_lblank && !tblank) {
		if (!s->bs_trailing)
			store_byte(s, ' ');
	} else if (s->bs_lbreak) {
		store_byte(s, '\n');
	}
	store_bytes(s, '\n', s->bs_trailing);
	s->bs_trailing = 0;
	s->bs_lblank = tblank;
	s->bs_any = true;
	store_add(s, p, (size_t)(e - p));
	s->bs_lbreak = nl;
	return 0;
}

/*
 * A line while a block scalar is open: 0 when it is part of it, 2 when
 * it ends it (the line is then read as any other), 1 to give up.
 */
static int bs_line(struct ysc *s, const char *ls, const char *le, bool nl)
{
	const char *p = ls;
	int sp, ind;

	if (!s->bs_indent) {
		while (p < le && *p == ' ')
			p++;
		sp = (int)(p - ls);
		if (sp > s->bs_max)
			s->bs_max = sp;
		if (p == le) {
			if (!nl)
				return 1;
			s->bs_trailing++;
			return 0;
		}
		ind = s->bs_max;
		if (ind < s->bs_parent + 1)
			ind = s->bs_parent + 1;
		if (ind < 1)
			ind = 1;
		/* an empty block scalar, or a tab: left to libyaml */
		if (*p == '\t' || sp < ind)
			return 1;
		s->bs_indent = ind;
		return bs_text(s, p, le, nl);
	}
	while (p < le && *p == ' ' && p - ls < s->bs_indent)
		p++;
	if (p == le) {
		if (!nl)
			return 1;
		s->bs_trailing++;
		return 0;
	}
	if (p - ls < s->bs_indent) {
		/* a tab, or an empty one with its indentation given */
		if (*p == '\t' || !s->bs_any)
			return 1;
		bs_end(s);
		return 2;
	}
	return bs_text(s, p, le, nl);
}

/*
 * A node at p.  CTX_LINE: a line's first, a new mapping or sequence;
 * CTX_MAPKEY: a key of the innermost mapping; CTX_DASH: after "- ", any
 * node; CTX_VALUE: after "key: ", a scalar or {} or [].
 */
static int node(struct ysc *s, const char *p, int ctx)
{
	const char *e = s->le, *q, *end;
	char c = *p;
	size_t off = s->slen;
	yaml_scalar_style_t style;
	unsigned col = col_of(s, p);
	bool key = false, note = false;
	struct frame *f;

	if (c == '-' && is_blank_end(p + 1, e)) {
		if (ctx == CTX_VALUE || ctx == CTX_MAPKEY)
			return 1;
		push_mark(s, YAML_SEQUENCE_START_EVENT, col);
		s->ev[s->nev - 1].style =
		    (yaml_scalar_style_t)YAML_BLOCK_SEQUENCE_STYLE;
		open_frame(s, false, (int)col, false);
		return entry(s, p);
	}
	if (c == '|' || c == '>') {
		if (ctx == CTX_LINE || ctx == CTX_MAPKEY)
			return 1;
		return block_header(s, p);
	}
	if (c == '{' || c == '[') {
		bool map = c == '{';

		if (ctx == CTX_LINE || ctx == CTX_MAPKEY || e - p < 2 ||
		    p[1] != (map ? '}' : ']') || !line_rest_ok(p + 2, e))
			return 1;
		push_mark(s,
			  map ? YAML_MAPPING_START_EVENT
			      : YAML_SEQUENCE_START_EVENT,
			  col);
		s->ev[s->nev - 1].style =
		    (yaml_scalar_style_t)(map ? YAML_FLOW_MAPPING_STYLE
					      : YAML_FLOW_SEQUENCE_STYLE);
		push_mark(
		    s, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
		    col);
		return 0;
	}
	if (c == '"' || c == '\'') {
		style = c == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
				 : YAML_SINGLE_QUOTED_SCALAR_STYLE;
		q = c == '"' ? double_quoted(s, p, e) : single_quoted(s, p, e);
		if (!q && (ctx == CTX_VALUE || ctx == CTX_DASH))
			return quote_start(s, p, e, col, off);
		if (!q)
			return 1;
		end = q;
		if (q < e && *q != ' ' && *q != ':')
			return 1;
		while (q < e && *q == ' ')
			q++;
		if (q < e && *q == ':' && is_blank_end(q + 1, e))
			key = true;
		else if (q < e && !(*q == '#' && q > end))
			return 1;
	} else {
		/* a plain scalar: no indicator starts it but a dash, or a
		 * '?' or ':' before a non-space ("- :9001", "::1") */
		if ((indicator[(unsigned char)c] &&
		     !((c == ':' || c == '?') && !is_blank_end(p + 1, e))) ||
		    (c == '-' && p + 1 == e))
			return 1;
		style = YAML_PLAIN_SCALAR_STYLE;
		end = q = p;
		while (q < e) {
#ifdef first_flagged
			/* eight bytes at a time up to a colon or a space */
			if (e - q >= 8) {
				uint64_t x = load8(q);
				uint64_t m =
				    bytes_eq(x, ':') | bytes_eq(x, ' ');

				if (!m) {
					end = q += 8;
					continue;
				}
				if (first_flagged(m))
					end = q += first_flagged(m);
			}
#endif
			if (*q == ':' && is_blank_end(q + 1, e)) {
				key = true;
				break;
			}
			if (*q == ' ') {
				if (q + 1 < e && q[1] == '#') {
					note = true;
					break;
				}
				q++;
				continue;
			}
			end = ++q;
		}
		store_add(s, p, (size_t)(end - p));
	}
	if (!key) {
		if (ctx == CTX_LINE || ctx == CTX_MAPKEY)
			return 1;
		push_scalar(s, style, s->line, col, off);
		if (style == YAML_PLAIN_SCALAR_STYLE) {
			s->plain_open = true;
			s->plain_gap = false;
			s->plain_note = note;
			s->plain_indent = parser_indent(s);
		}
		return 0;
	}
	/* a key: q at its colon */
	if (ctx == CTX_VALUE || q - p > YSC_KEY_MAX)
		return 1;
	if (ctx != CTX_MAPKEY) {
		push_mark(s, YAML_MAPPING_START_EVENT, col);
		s->ev[s->nev - 1].style =
		    (yaml_scalar_style_t)YAML_BLOCK_MAPPING_STYLE;
		open_frame(s, true, (int)col, false);
	}
	push_scalar(s, style, s->line, col, off);
	f = &s->st[s->nst - 1];
	end = q + 1;
	while (end < e && *end == ' ')
		end++;
	if (end == e || *end == '#') {
		f->want = true;
		f->pl = s->line;
		f->pc = col_of(s, q) + 1;
		return 0;
	}
	return node(s, end, CTX_VALUE);
}

/*
 * The line at S, an entry of the sequence of the root mapping at the
 * items' indentation (st[1]; indentless at column 0): the items another
 * thread read are handed over and the text is read on after them.
 * True when they were; false leaves everything as it was but for the
 * events handed out, which the other thread's reading of the lines
 * after S vouches for.
 */
static bool split_at(struct ysc *s, int ind)
{
	const struct ysc_split *sp = s->sp;
	const struct frame *f = &s->st[1];
	struct ysc_resume r;

	if (s->nst != 2 || ind != sp->ind || s->doc != DOC_CONTENT ||
	    !s->st[0].map || s->st[0].indent != 0 || s->st[0].want || f->map ||
	    f->indent != ind || f->want || f->indentless != (ind == 0) ||
	    s->bs || s->quote_open || s->stopped || !sp->ready(sp->ctx))
		return false;
	deliver(s, UINT_MAX);
	if (s->stopped || s->head != s->nev || s->prune ||
	    !sp->take(sp->ctx, s->line, &r))
		return false;
	s->count += r.events;
	s->line = r.line - 1; /* run() counts the line read */
	if (s->read) {	      /* the reader was moved there */
		s->tbase = r.off;
		s->pos = s->len = 0;
		s->eof = false;
	} else {
		s->pos = r.off;
	}
	return true;
}

/* A line of content, p past its indentation of ind spaces. */
static int content(struct ysc *s, const char *p, int ind)
{
	bool dash = *p == '-' && is_blank_end(p + 1, s->le);
	struct frame *f;

	if (s->doc == DOC_ENDED)
		return 1;
	if (s->doc == DOC_NONE)
		push_mark(s, YAML_DOCUMENT_START_EVENT, (unsigned)ind);
	s->doc = DOC_CONTENT;
	while (s->nst && s->st[s->nst - 1].indent > ind)
		close_top(s);
	if (s->nst && s->st[s->nst - 1].indentless &&
	    s->st[s->nst - 1].indent == ind && !dash)
		close_top(s);
	if (s->sp && s->sp->take && !s->sp_done &&
	    s->tbase + (size_t)(s->ls - s->buf) >= s->sp->at) {
		s->sp_done = true;
		if (dash && s->tbase + (size_t)(s->ls - s->buf) == s->sp->at &&
		    split_at(s, ind))
			return 0;
	}
	if (!s->nst) {
		if (s->root_done)
			return 1;
		s->root_done = true;
		return node(s, p, CTX_LINE);
	}
	f = &s->st[s->nst - 1];
	if (f->indent == ind) {
		if (f->map && dash) {
			if (!f->want)
				return 1;
			f->want = false;
			push_mark(s, YAML_SEQUENCE_START_EVENT, (unsigned)ind);
			s->ev[s->nev - 1].style =
			    (yaml_scalar_style_t)YAML_BLOCK_SEQUENCE_STYLE;
			open_frame(s, false, ind, true);
			return entry(s, p);
		}
		if (f->map) {
			fill_empty(s, f);
			return node(s, p, CTX_MAPKEY);
		}
		if (!dash)
			return 1;
		fill_empty(s, f);
		return entry(s, p);
	}
	/* deeper than the innermost collection: the value it misses */
	if (!f->want)
		return 1;
	f->want = false;
	return node(s, p, CTX_LINE);
}

/* A "---" or "..." line. */
static int marker(struct ysc *s, bool start)
{
	if (s->sp && s->sp->entry)
		s->sp_done = true; /* no entry of a later document is noted */
	if (!start) {
		if (s->doc != DOC_CONTENT)
			return 1;
		close_all(s);
		push_mark(s, YAML_DOCUMENT_END_EVENT, 0);
		s->doc = DOC_ENDED;
		return 0;
	}
	if (s->doc == DOC_OPEN) /* an empty document */
		return 1;
	if (s->doc == DOC_CONTENT) {
		close_all(s);
		push_mark(s, YAML_DOCUMENT_END_EVENT, 0);
	}
	push_mark(s, YAML_DOCUMENT_START_EVENT, 0);
	s->doc = DOC_OPEN;
	s->root_done = false;
	return 0;
}

/*
 * A line that goes on the plain scalar before it, p past its indentation
 * (deeper than the scalar's collection): the two fold into one with a
 * space, as kubectl's long values are written over several lines.  Given
 * up where the fold is not one space (a blank line between), after a
 * scalar a comment ended, and where the line would not be all text to
 * libyaml: a ": " or " #" in it (what would start a node elsewhere, a
 * dash, a quote, a bracket, is text here).  The scalar's event is still
 * held (it is the last one, and a line of it counts no unit), so its
 * text grows in place.
 */
static int plain_more(struct ysc *s, const char *p, const char *e)
{
	const char *q, *end = p;
	struct hev *h;

	if (s->plain_gap || s->plain_note)
		return 1;
	for (q = p; q < e; q++) {
		if (*q == ':' && is_blank_end(q + 1, e))
			return 1;
		if (*q == ' ' && q + 1 < e && q[1] == '#')
			return 1;
		if (*q != ' ')
			end = q + 1;
	}
	if (!(h = fold_onto(s, YAML_PLAIN_SCALAR_STYLE)))
		return 1;
	store_add(s, p, (size_t)(end - p));
	store_byte(s, '\0');
	h->len = s->slen - 1 - h->off;
	return 0;
}

/* One line: 0 when read, 1 to give up. */
static int do_line(struct ysc *s, const char *ls, const char *le, bool nl)
{
	const char *p = ls;
	int hi, ind, rc;

	s->ls = ls;
	s->le = le;
	if (s->bs && (rc = bs_line(s, ls, le, nl)) != 2)
		return rc;
	if (s->clean)
		hi = 0;
	else if ((hi = line_check(ls, le, false)) < 0)
		return 1;
	s->hi = hi;
	if (s->quote_open)
		return quote_more(s, ls, le);
	p = skip_spaces(p, le);
	ind = (int)(p - ls);
	if (!ind && le - ls >= 3 &&
	    (!memcmp(ls, "---", 3) || !memcmp(ls, "...", 3)) &&
	    is_blank_end(ls + 3, le)) {
		s->plain_open = false;
		if (!line_rest_ok(ls + 3, le))
			return 1;
		s->unit++;
		return marker(s, *ls == '-');
	}
	if (!ind && p < le && *p == '%')
		return 1;
	if (p == le) {
		s->plain_gap = s->plain_open;
		return 0;
	}
	if (*p == '#') {
		s->plain_open = false;
		return 0;
	}
	if (s->plain_open) {
		/* deeper, it goes on the plain scalar before */
		if (ind > s->plain_indent)
			return plain_more(s, p, le);
		s->plain_open = false;
	}
	s->unit++;
	return content(s, p, ind);
}

/*
 * The first line feed in [p, e), or NULL.  *clean, when true, stays true
 * while the bytes before it are printable ASCII (0x20 to 0x7e): such a
 * line needs no line_check().  Eight bytes at a time while they are.
 */
static inline const char *find_nl(const char *p, const char *e, bool *clean)
{
	if (!*clean)
		return memchr(p, '\n', (size_t)(e - p));
#ifdef first_flagged
	while (e - p >= 8) {
		uint64_t m = unprintable8(load8(p));

		if (m) {
			p += first_flagged(m);
			if (*p == '\n')
				return p;
			*clean = false;
			return memchr(p, '\n', (size_t)(e - p));
		}
		p += 8;
	}
#endif
	for (; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n')
			return p;
		if (c < 0x20 || c >= 0x7f) {
			*clean = false;
			return memchr(p, '\n', (size_t)(e - p));
		}
	}
	return NULL;
}

/*
 * The next line: [*ls, *le), *nl when "\n" ends it; s->clean when it is
 * all printable ASCII.  1 for a line, 0 at
 * the end of the text, -1 when read failed, -2 for a line too long.
 */
static int next_line(struct ysc *s, const char **ls, const char **le, bool *nl)
{
	size_t from = s->pos;

	s->clean = true;
	for (;;) {
		const char *p = s->buf + s->pos;
		size_t rest = s->len - s->pos;
		const char *q =
		    find_nl(s->buf + from, s->buf + s->len, &s->clean);
		long r;

		if (q) {
			*ls = p;
			*le = q;
			*nl = true;
			s->pos = (size_t)(q + 1 - s->buf);
			return 1;
		}
		if (!s->read || s->eof) {
			if (!rest)
				return 0;
			*ls = p;
			*le = p + rest;
			*nl = false;
			s->pos = s->len;
			return 1;
		}
		if (rest > YSC_LINE_MAX)
			return -2;
		/* keep the open line, read after it */
		s->tbase += (size_t)(p - s->buf);
		memmove(s->own, p, rest);
		s->len = rest;
		s->pos = 0;
		from = rest;
		if (s->alloc - s->len < YSC_CHUNK) {
			s->alloc = s->len + YSC_CHUNK > s->alloc * 2
				       ? s->len + YSC_CHUNK
				       : s->alloc * 2;
			s->own = xrealloc(s->own, s->alloc);
		}
		s->buf = s->own;
		r = s->read(s->rctx, s->own + s->len, s->alloc - s->len);
		if (r < 0)
			return -1;
		if (r == 0)
			s->eof = true;
		s->len += (size_t)r;
	}
}

/* The end of the text. */
static int finish(struct ysc *s)
{
	if (s->bs && !s->bs_any) /* an empty block scalar */
		return 1;
	if (s->quote_open) /* a quoted scalar the text ends in */
		return 1;
	if (s->bs)
		bs_end(s);
	if (s->doc == DOC_OPEN)
		return 1;
	if (s->doc == DOC_CONTENT) {
		close_all(s);
		push_mark(s, YAML_DOCUMENT_END_EVENT, 0);
	}
	push_mark(s, YAML_STREAM_END_EVENT, 0);
	return 0;
}

static enum ysc_result run(struct ysc *s)
{
	enum ysc_result res = YSC_REFUSED;

	push_mark(s, YAML_STREAM_START_EVENT, 0);
	for (;;) {
		const char *ls, *le;
		bool nl;
		int r = next_line(s, &ls, &le, &nl);

		if (r == -1) {
			res = YSC_READ;
			goto out;
		}
		if (r < 0)
			goto out;
		if (!r)
			break;
		if (do_line(s, ls, le, nl))
			goto out;
		s->line++;
		if (s->unit >= 2)
			deliver(s, s->unit - 1);
		if (s->stopped) {
			res = YSC_DONE;
			goto out;
		}
	}
	if (finish(s))
		goto out;
	deliver(s, UINT_MAX);
	res = YSC_DONE;
out:
	free(s->ev);
	free(s->store);
	free(s->st);
	free(s->own);
	return res;
}

enum ysc_result ysc_scan_buf(const char *buf, size_t len, ysc_emit_fn emit,
			     void *ctx, size_t *count)
{
	struct ysc s;
	enum ysc_result r;

	memset(&s, 0, sizeof(s));
	s.buf = buf;
	s.len = len;
	s.emit = emit;
	s.ectx = ctx;
	r = run(&s);
	*count = s.count;
	return r;
}

enum ysc_result ysc_scan_read(ysc_read_fn read, void *rctx, ysc_emit_fn emit,
			      void *ctx, size_t *count)
{
	return ysc_scan_split(read, rctx, emit, ctx, count, NULL);
}

enum ysc_result ysc_scan_split(ysc_read_fn read, void *rctx, ysc_emit_fn emit,
			       void *ctx, size_t *count,
			       const struct ysc_split *sp)
{
	struct ysc s;
	enum ysc_result r;

	memset(&s, 0, sizeof(s));
	s.read = read;
	s.rctx = rctx;
	s.alloc = YSC_CHUNK;
	s.own = xmalloc(s.alloc);
	s.buf = s.own;
	s.emit = emit;
	s.ectx = ctx;
	s.sp = sp;
	r = run(&s);
	*count = s.count;
	return r;
}
