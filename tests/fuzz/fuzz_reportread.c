/*
 * fuzz_reportread.c - bytes as a JSON report read in pieces (reportread.h)
 * against the same text loaded whole by load_tree().
 *
 * The bytes are written to a temporary file and read back from it by
 * rr_read() with the default 64 KiB window, a window of one byte (up to
 * 4 KiB of text) and one of 2 to 64 bytes chosen by the input, so every boundary of a short text
 * falls inside a string, an escape, a UTF-8 character, a number or a run
 * of white space.  Whatever the reader takes the loader must take too,
 * and the reader's tree must be the loader's tree pruned to the paths:
 * the same members in the same order, the same types and texts, the items
 * of the streamed array handed over one at a time in order, a container
 * that no path goes into kept empty.  Three sets of paths: those of
 * baseline_load_file() (findings streamed), those of fleet_read_fd(), and
 * a few odd ones.  A bounded read one byte short of the text must fail.
 *
 * Then the readers built on it against their whole-text forms:
 * baseline_load_file() (twice into one baseline, so the second adds to
 * entries already there) against baseline_load() -- the same result, the
 * same error with its message, line and column, the same entries in
 * order -- and fleet_read_fd() against load_tree() and
 * fleet_add_report(): what it takes is taken alike, with the same summary.
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "baseline.h"
#include "diag.h"
#include "fleet.h"
#include "load/load.h"
#include "node.h"
#include "reportread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SEGS 8

/* A path as rr_spec writes it and as its segments, "[]" one of them. */
struct fz_path {
	const char *dotted;
	const char *seg[MAX_SEGS];
};

/* baseline.c's finding_paths */
static const struct fz_path baseline_paths[] = {
	{ "findings[].fingerprint", { "findings", "[]", "fingerprint" } },
	{ "findings[].checkId", { "findings", "[]", "checkId" } },
	{ "findings[].check", { "findings", "[]", "check" } },
	{ "findings[].severity", { "findings", "[]", "severity" } },
	{ "findings[].object.kind", { "findings", "[]", "object", "kind" } },
	{ "findings[].object.namespace",
	  { "findings", "[]", "object", "namespace" } },
	{ "findings[].object.name", { "findings", "[]", "object", "name" } },
	{ "findings[].container", { "findings", "[]", "container" } },
	{ "findings[].message", { "findings", "[]", "message" } },
	{ "findings[].suppressedBy", { "findings", "[]", "suppressedBy" } },
};

/* fleet.c's report_paths */
static const struct fz_path fleet_paths[] = {
	{ "tool.name", { "tool", "name" } },
	{ "generatedAt", { "generatedAt" } },
	{ "source.type", { "source", "type" } },
	{ "source.context", { "source", "context" } },
	{ "source.cluster", { "source", "cluster" } },
	{ "summary.objects", { "summary", "objects" } },
	{ "summary.findings", { "summary", "findings" } },
	{ "summary.bySeverity.critical",
	  { "summary", "bySeverity", "critical" } },
	{ "summary.bySeverity.high", { "summary", "bySeverity", "high" } },
	{ "summary.bySeverity.medium", { "summary", "bySeverity", "medium" } },
	{ "summary.bySeverity.low", { "summary", "bySeverity", "low" } },
	{ "summary.checks.notVisible", { "summary", "checks", "notVisible" } },
	{ "summary.errors", { "summary", "errors" } },
	{ "score.overall", { "score", "overall" } },
	{ "checks[].id", { "checks", "[]", "id" } },
	{ "checks[].why", { "checks", "[]", "why" } },
	{ "checks[].status", { "checks", "[]", "status" } },
};

/* a container kept whole but empty, arrays of arrays, a deep path */
static const struct fz_path odd_paths[] = {
	{ "summary", { "summary" } },
	{ "findings[].object", { "findings", "[]", "object" } },
	{ "findings[].evidence[].path",
	  { "findings", "[]", "evidence", "[]", "path" } },
	{ "a[][]", { "a", "[]", "[]" } },
	{ "x.y.z.w.v.u", { "x", "y", "z", "w", "v", "u" } },
	{ "", { NULL } },
};

struct fz_set {
	const struct fz_path *p;
	size_t n;
	const char *items; /* the root member streamed, or NULL */
};

static const struct fz_set sets[] = {
	{ baseline_paths, sizeof(baseline_paths) / sizeof(baseline_paths[0]),
	  "findings" },
	{ fleet_paths, sizeof(fleet_paths) / sizeof(fleet_paths[0]), NULL },
	{ odd_paths, sizeof(odd_paths) / sizeof(odd_paths[0]), NULL },
	{ odd_paths, sizeof(odd_paths) / sizeof(odd_paths[0]), "findings" },
};

/* Paths of mask (bits of set) whose segment depth is s. */
static uint64_t fz_step(const struct fz_set *set, uint64_t mask, unsigned depth,
			const char *s, size_t len)
{
	uint64_t out = 0;
	size_t i;

	for (i = 0; i < set->n; i++) {
		const char *seg;

		if (!(mask & (uint64_t)1 << i) || depth >= MAX_SEGS ||
		    !(seg = set->p[i].seg[depth]))
			continue;
		if (strlen(seg) == len && !memcmp(seg, s, len))
			out |= (uint64_t)1 << i;
	}
	return out;
}

/*
 * got, read in pieces with the paths of mask at depth, is whole pruned
 * to them.
 */
static bool fz_same(const struct fz_set *set, const struct node *got,
		    const struct node *whole, uint64_t mask, unsigned depth)
{
	size_t i, k = 0;

	if (!got || !whole || got->type != whole->type)
		return false;
	switch (got->type) {
	case NODE_NULL: return true;
	case NODE_BOOL: return got->b == whole->b;
	case NODE_NUMBER:
	case NODE_STRING:
		return node_str_len(got) == node_str_len(whole) &&
		       !memcmp(node_text(got), node_text(whole),
			       node_str_len(got));
	case NODE_ARRAY:
		mask = fz_step(set, mask, depth, "[]", 2);
		if (!mask)
			return node_count(got) == 0;
		if (node_count(got) != node_count(whole))
			return false;
		for (i = 0; i < node_count(got); i++)
			if (!fz_same(set, node_at(got, i), node_at(whole, i),
				     mask, depth + 1))
				return false;
		return true;
	case NODE_OBJECT:
		for (i = 0; i < node_member_count(whole); i++) {
			const char *wk, *gk;
			const struct node *wv, *gv;
			uint64_t m;

			node_member_at(whole, i, &wk, &wv);
			m = fz_step(set, mask, depth, wk, node_key_len(wk));
			if (!m)
				continue;
			if (!node_member_at(got, k++, &gk, &gv) ||
			    node_key_len(gk) != node_key_len(wk) ||
			    memcmp(gk, wk, node_key_len(wk)))
				return false;
			/* the streamed array stays, empty */
			if (depth == 0 && set->items &&
			    node_is(wv, NODE_ARRAY) &&
			    node_key_len(wk) == strlen(set->items) &&
			    !memcmp(wk, set->items, node_key_len(wk))) {
				if (!node_is(gv, NODE_ARRAY) || node_count(gv))
					return false;
				continue;
			}
			if (!fz_same(set, gv, wv, m, depth + 1))
				return false;
		}
		return k == node_member_count(got);
	}
	return false;
}

/* The streamed items as they come, against the whole tree's. */
struct fz_items {
	const struct fz_set *set;
	const struct node *whole; /* the whole root, NULL if not loaded */
	size_t n;
};

static int fz_on_item(void *ctx, const struct node *item)
{
	struct fz_items *it = ctx;
	const struct fz_set *set = it->set;
	const struct node *list;
	uint64_t all = ((uint64_t)1 << set->n) - 1, m;

	if (it->whole) {
		/* the loader's root has that member once, an array */
		list = node_get(it->whole, set->items);
		m = fz_step(
		    set, fz_step(set, all, 0, set->items, strlen(set->items)),
		    1, "[]", 2);
		if (!node_is(list, NODE_ARRAY) || it->n >= node_count(list) ||
		    !fz_same(set, item, node_at(list, it->n), m, 2))
			abort();
	}
	it->n++;
	return 0;
}

/* The temporary file the bytes are read from, made once. */
static char fz_path[64];
static int fz_fd = -1;

static void fz_remove(void)
{
	if (fz_fd >= 0) {
		close(fz_fd);
		unlink(fz_path);
	}
}

static void fz_write(const uint8_t *data, size_t size)
{
	if (fz_fd < 0) {
		const char *dir = getenv("TMPDIR");

		snprintf(fz_path, sizeof(fz_path), "%s/threatmap-rrfz-XXXXXX",
			 dir && *dir && strlen(dir) < 30 ? dir : "/tmp");
		if ((fz_fd = mkstemp(fz_path)) < 0)
			abort();
		atexit(fz_remove);
	}
	if (ftruncate(fz_fd, 0) ||
	    (size && pwrite(fz_fd, data, size, 0) != (ssize_t)size))
		abort();
}

/* rr_read() of the file with set, window bytes at a time, at most cap. */
static int fz_read(const struct fz_set *set, size_t window, size_t cap,
		   const struct node *whole, struct arena *a)
{
	const char *dotted[64];
	struct fz_items it = { set, whole, 0 };
	struct rr_spec spec = {
		.paths = dotted,
		.npaths = set->n,
		.items = set->items,
		.on_item = set->items ? fz_on_item : NULL,
		.ctx = &it,
	};
	struct node *root;
	size_t i;
	int rc;

	for (i = 0; i < set->n; i++)
		dotted[i] = set->p[i].dotted;
	if (lseek(fz_fd, 0, SEEK_SET) != 0)
		abort();
	rr_window_set(window);
	rc = rr_read(fz_fd, cap, a, &spec, &root);
	rr_window_set(0);
	if (rc) {
		if (rc != -1 || root)
			abort();
		return -1;
	}
	/* taken: the loader takes it, with the same members and items */
	if (!whole ||
	    !fz_same(set, root, whole, ((uint64_t)1 << set->n) - 1, 0))
		abort();
	if (set->items && node_is(node_get(whole, set->items), NODE_ARRAY) &&
	    it.n != node_count(node_get(whole, set->items)))
		abort();
	return 0;
}

static void fz_same_entries(const struct baseline *x, const struct baseline *y)
{
	size_t i;

	if (baseline_count(x) != baseline_count(y))
		abort();
	for (i = 0; i < baseline_count(x); i++) {
		const struct baseline_entry *e = baseline_at(x, i);
		const struct baseline_entry *f = baseline_at(y, i);

		if (strcmp(e->fingerprint, f->fingerprint) ||
		    strcmp(e->check, f->check) ||
		    strcmp(e->severity, f->severity) ||
		    strcmp(e->kind, f->kind) || strcmp(e->ns, f->ns) ||
		    strcmp(e->name, f->name) ||
		    strcmp(e->message, f->message) ||
		    !e->container != !f->container ||
		    (e->container && strcmp(e->container, f->container)) ||
		    e->suppressed != f->suppressed)
			abort();
	}
}

static void fz_same_diag(const struct diag *x, const struct diag *y)
{
	char mx[1024], my[1024];

	diag_format(x, mx, sizeof(mx));
	diag_format(y, my, sizeof(my));
	if (x->code != y->code || strcmp(mx, my))
		abort();
}

/* baseline_load_file() against baseline_load(), twice into one. */
static void fz_baseline(const uint8_t *data, size_t size, size_t window)
{
	struct arena *a = arena_new();
	struct baseline *x = baseline_new(), *y = baseline_new();
	int round;

	rr_window_set(window);
	for (round = 0; round < 2; round++) {
		struct diag dx = { 0 }, dy = { 0 };
		int rx = baseline_load_file(x, a, fz_path, &dx);
		int ry =
		    baseline_load(y, a, fz_path, (const char *)data, size, &dy);

		if (rx != ry)
			abort();
		if (rx)
			fz_same_diag(&dx, &dy);
		fz_same_entries(x, y);
	}
	rr_window_set(0);
	baseline_free(x);
	baseline_free(y);
	arena_free(a);
}

static void fz_pstr(const char *x, const char *y)
{
	if (!x != !y || (x && strcmp(x, y)))
		abort();
}

/* fleet_read_fd() against load_tree() and fleet_add_report(). */
static void fz_fleet(const uint8_t *data, size_t size, size_t window,
		     int streamed)
{
	struct arena *a = arena_new();
	struct fleet x, y;
	struct diag d = { 0 };
	const struct node *t;
	int rx, ry;
	size_t k, g;

	fleet_init(&x, a);
	fleet_init(&y, a);
	if (lseek(fz_fd, 0, SEEK_SET) != 0)
		abort();
	rr_window_set(window);
	rx = fleet_read_fd(&x, "r.json", NULL, fz_fd);
	rr_window_set(0);
	t = load_tree(a, "r.json", (const char *)data, size, NULL, &d);
	ry = t ? fleet_add_report(&y, "r.json", NULL, t, &d) : -1;
	/* read in pieces: taken when the whole report is */
	if (streamed == 0 && rx != (ry ? -1 : 0))
		abort();
	if (rx == 0 && ry != 0)
		abort();
	if (rx || x.n != y.n)
		goto out;
	for (k = 0; k < x.n; k++) {
		const struct fleet_cluster *c = &x.c[k], *e = &y.c[k];

		fz_pstr(c->name, e->name);
		fz_pstr(c->report, e->report);
		fz_pstr(c->source, e->source);
		fz_pstr(c->generated_at, e->generated_at);
		fz_pstr(c->error, e->error);
		if (c->has_score != e->has_score || c->score != e->score ||
		    c->objects != e->objects || c->findings != e->findings ||
		    c->critical != e->critical || c->high != e->high ||
		    c->medium != e->medium || c->low != e->low ||
		    c->not_visible != e->not_visible ||
		    c->errors != e->errors || c->ngaps != e->ngaps)
			abort();
		for (g = 0; g < c->ngaps; g++)
			fz_pstr(c->gaps[g], e->gaps[g]);
	}
out:
	fleet_release(&x);
	fleet_release(&y);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diag d = { 0 };
	const struct node *whole;
	size_t s, small, h = size;
	int fleet_rc = -1;

	fz_write(data, size);
	whole = load_tree(a, "r.json", (const char *)data, size, NULL, &d);
	if (whole && whole->type != NODE_OBJECT)
		whole = NULL; /* the reader takes only an object */
	/* a window of 2 to 64 bytes chosen by the input */
	for (s = 0; s < size && s < 16; s++)
		h = h * 31 + data[size - 1 - s];
	small = 2 + h % 63;
	for (s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		int r0 = fz_read(&sets[s], 0, size, whole, a);
		/* a byte at a time is a read each: short texts only */
		int r1 =
		    size > 4096 ? r0 : fz_read(&sets[s], 1, SIZE_MAX, whole, a);
		int r2 = fz_read(&sets[s], small, SIZE_MAX, whole, a);

		/* the window changes nothing */
		if (r0 != r1 || r0 != r2)
			abort();
		if (s == 1)
			fleet_rc = r0;
	}
	/* one byte short of the text is past the cap */
	if (size && fz_read(&sets[0], small, size - 1, whole, a) != -1)
		abort();
	arena_free(a);
	fz_baseline(data, size, small);
	fz_fleet(data, size, small, fleet_rc);
	return 0;
}
