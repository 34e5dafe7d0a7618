/*
 * fuzz_baseline.c - bytes as a JSON report given to --baseline or diff:
 * baseline_load(), then a diff against itself (nothing added or fixed)
 * and against an empty report (all added), written as text and JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "baseline.h"
#include "diag.h"
#include "sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct baseline *b = baseline_new(), *empty = baseline_new();
	struct baseline_diff d = { 0 };
	struct sbuf out = SBUF_INIT;
	struct diag dg;

	if (baseline_load(b, a, "old.json", (const char *)data, size, &dg)) {
		if (dg.code == DIAG_OK || !dg.msg[0])
			abort();
		goto out;
	}
	baseline_diff(b, b, &d);
	if (d.nadded || d.nfixed)
		abort();
	baseline_diff_release(&d);
	baseline_diff(empty, b, &d);
	if (d.nfixed || d.nunchanged)
		abort();
	if (baseline_diff_text(&d, &out) ||
	    baseline_diff_json(&d, "a.json", "b.json", &out))
		abort();
	baseline_diff_release(&d);
out:
	sbuf_release(&out);
	baseline_free(b);
	baseline_free(empty);
	arena_free(a);
	return 0;
}
