/*
 * fuzz_jsonpieces.c - the JSON tokenizer fed in pieces against the same
 * text parsed whole.  Strings are passed over from their third byte when
 * dropped or past the scalar limit (json_cut_set(2)), so the counting of
 * decoded bytes, the cut carry and the errors after it are exercised on
 * short inputs; the result must be the whole parse's: the same documents,
 * or the same error with its message, line and column.  The first byte
 * chooses the scalar limit (8 bytes or 64 KiB), Kubernetes mode (subtrees
 * dropped), several top-level values or one, and the piece size (1 to 32
 * bytes).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "jsonw.h"
#include "load/json.h"
#include "load/limits.h"
#include "load/loadb.h"
#include "node.h"
#include "sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct jp_out {
	struct sbuf dump;
	struct diag err;
	bool failed;
};

static int jp_doc(void *ctx, struct node *root)
{
	struct jp_out *o = ctx;

	if (jsonw_tree(&o->dump, root))
		abort();
	return sbuf_addch(&o->dump, '\n');
}

static void jp_error(void *ctx, const struct diag *d)
{
	struct jp_out *o = ctx;

	if (o->failed) /* one error: JSON cannot resume */
		abort();
	o->failed = true;
	o->err = *d;
}

/* Parse t whole (piece 0) or in pieces of piece bytes. */
static void jp_parse(struct jp_out *o, const char *t, size_t len,
		     const struct load_limits *lim, bool k8s, bool multi,
		     size_t piece)
{
	struct arena *a = arena_new();
	struct lb b;

	memset(o, 0, sizeof(*o));
	sbuf_init(&o->dump, 0);
	lb_init(&b, a, "fuzz.json", lim, k8s);
	b.declared = k8s;
	b.on_doc = jp_doc;
	b.on_error = jp_error;
	b.ctx = o;
	if (!piece) {
		json_parse(&b, t, len, multi);
	} else {
		struct json_stream *j = json_stream_new(&b, multi);
		size_t off = 0, n;
		int rc = 0;

		while (off < len && !rc) {
			n = len - off < piece ? len - off : piece;
			rc = json_stream_feed(j, t + off, n);
			off += n;
		}
		if (!rc)
			json_stream_end(j);
		json_stream_free(j);
	}
	lb_release(&b);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_limits lim = {
		.max_depth = 64,
		.max_file = 1 << 22,
		.max_alias_nodes = 5000,
	};
	struct jp_out whole, parts;
	bool k8s, multi;
	size_t piece;

	if (!size)
		return 0;
	lim.max_scalar = data[0] & 1 ? 8 : 1 << 16;
	k8s = data[0] & 2;
	multi = data[0] & 4;
	piece = 1 + (data[0] >> 3);
	json_cut_set(2);
	jp_parse(&whole, (const char *)data + 1, size - 1, &lim, k8s, multi, 0);
	jp_parse(&parts, (const char *)data + 1, size - 1, &lim, k8s, multi,
		 piece);
	json_cut_set(0);
	if (whole.failed != parts.failed ||
	    (whole.failed && (whole.err.code != parts.err.code ||
			      whole.err.line != parts.err.line ||
			      whole.err.col != parts.err.col ||
			      strcmp(whole.err.msg, parts.err.msg))) ||
	    whole.dump.len != parts.dump.len ||
	    (whole.dump.len &&
	     memcmp(whole.dump.buf, parts.dump.buf, whole.dump.len)))
		abort();
	sbuf_release(&whole.dump);
	sbuf_release(&parts.dump);
	return 0;
}
