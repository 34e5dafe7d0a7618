/*
 * fuzz_yamlscan.c - the block YAML scanner against libyaml: when it reads
 * a text to its end its events are libyaml's, when it gives up those it
 * handed out are libyaml's first ones, and libyaml gives them before any
 * error; the same read in pieces of 3 bytes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "load/loadb.h"
#include "load/yamlscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An event as the handlers see it. */
struct fev {
	int type, style;
	size_t line, col, len;
	unsigned char *val;
};

struct fevs {
	struct fev *v;
	size_t n, alloc;
};

static int add(void *ctx, const yaml_event_t *ev)
{
	struct fevs *l = ctx;
	struct fev *f;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	f->type = ev->type;
	if (ev->type == YAML_SCALAR_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT ||
	    ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_ALIAS_EVENT) {
		f->line = ev->start_mark.line;
		f->col = ev->start_mark.column;
	}
	if (ev->type == YAML_SCALAR_EVENT) {
		f->style = ev->data.scalar.style;
		f->len = ev->data.scalar.length;
		f->val = xmalloc(f->len + 1);
		memcpy(f->val, ev->data.scalar.value, f->len);
	}
	return YSC_GO;
}

static void release(struct fevs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].val);
	free(l->v);
}

static bool same(const struct fev *a, const struct fev *b)
{
	return a->type == b->type && a->style == b->style &&
	       a->line == b->line && a->col == b->col && a->len == b->len &&
	       (!a->len || !memcmp(a->val, b->val, a->len));
}

struct text {
	const char *p;
	size_t len, pos;
};

static long read3(void *ctx, char *buf, size_t size)
{
	struct text *t = ctx;
	size_t k = t->len - t->pos;

	if (k > 3)
		k = 3;
	if (k > size)
		k = size;
	memcpy(buf, t->p + t->pos, k);
	t->pos += k;
	return (long)k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct fevs ly = { 0 }, sc = { 0 }, sp = { 0 };
	struct text t;
	yaml_parser_t p;
	yaml_event_t ev;
	bool ok = false, done, done2;
	size_t n, n2, i;

	/* the loader hands the scanner no character libyaml refuses */
	size = lb_bad_char(text, 0, size, true, NULL);
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, data, size);
	while (yaml_parser_parse(&p, &ev)) {
		bool end = ev.type == YAML_STREAM_END_EVENT;

		add(&ly, &ev);
		yaml_event_delete(&ev);
		if (end) {
			ok = true;
			break;
		}
	}
	yaml_parser_delete(&p);
	done = ysc_scan_buf(text, size, add, &sc, &n) == YSC_DONE;
	t.p = text;
	t.len = size;
	t.pos = 0;
	done2 = ysc_scan_read(read3, &t, add, &sp, &n2) == YSC_DONE;
	if (n != sc.n || n2 != sp.n || done != done2 || n != n2)
		abort();
	if (done && (!ok || sc.n != ly.n))
		abort();
	if (sc.n > ly.n)
		abort();
	for (i = 0; i < sc.n; i++)
		if (!same(&sc.v[i], &ly.v[i]) || !same(&sc.v[i], &sp.v[i]))
			abort();
	release(&ly);
	release(&sc);
	release(&sp);
	return 0;
}
