/*
 * fleet.c - read the summary of each cluster's JSON report.
 *
 * Only the report's own documented fields are read (docs/json-format.md):
 * source, generatedAt, summary, score and checks.  Anything else may
 * change without the fleet noticing.
 */
#include "fleet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "node.h"
#include "reportread.h"

void fleet_init(struct fleet *f, struct arena *a)
{
	memset(f, 0, sizeof(*f));
	f->a = a;
}

void fleet_release(struct fleet *f)
{
	free(f->c);
	memset(f, 0, sizeof(*f));
}

static struct fleet_cluster *fleet_new(struct fleet *f)
{
	struct fleet_cluster *c;

	if (f->n == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 8;
		f->c = xrealloc_array(f->c, f->alloc, sizeof(*f->c));
	}
	c = &f->c[f->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

static unsigned long long uint_at(const struct node *n, const char *path)
{
	long long v = 0;

	if (!node_int(node_path(n, path), &v) || v < 0)
		return 0;
	return (unsigned long long)v;
}

static const char *str_or_null(struct arena *a, const struct node *n)
{
	const char *s = node_str(n);

	return s && *s ? arena_strdup(a, s) : NULL;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int fleet_add_report(struct fleet *f, const char *file, const char *name,
		     const struct node *tree, struct diag *d)
{
	const struct node *summary = node_get(tree, "summary");
	const struct node *checks = node_get(tree, "checks");
	const struct node *tool = node_get(tree, "tool");
	const struct node *score;
	struct fleet_cluster *c;
	size_t i;

	if (!node_is(tree, NODE_OBJECT) || !node_is(summary, NODE_OBJECT) ||
	    !node_str_eq(node_get(tool, "name"), "threatmap")) {
		struct srcloc loc = { file, tree ? tree->line : 0,
				      node_col(tree) };

		return diag_set(d, DIAG_PARSE, &loc,
				"not a threatmap JSON report (expected the "
				"output of scan --format json)");
	}
	c = fleet_new(f);
	c->report = arena_strdup(f->a, file);
	c->source = str_or_null(f->a, node_path(tree, "source.type"));
	c->generated_at = str_or_null(f->a, node_get(tree, "generatedAt"));
	if (name)
		c->name = arena_strdup(f->a, name);
	else if ((c->name = str_or_null(
		      f->a, node_path(tree, "source.context"))) == NULL)
		c->name = str_or_null(f->a, node_path(tree, "source.cluster"));
	if (!c->name)
		c->name = arena_strdup(f->a, base_name(file));
	c->objects = uint_at(summary, "objects");
	c->findings = uint_at(summary, "findings");
	c->critical = uint_at(summary, "bySeverity.critical");
	c->high = uint_at(summary, "bySeverity.high");
	c->medium = uint_at(summary, "bySeverity.medium");
	c->low = uint_at(summary, "bySeverity.low");
	c->not_visible = uint_at(summary, "checks.notVisible");
	c->errors = uint_at(summary, "errors");
	score = node_path(tree, "score.overall");
	if (node_is(score, NODE_NUMBER)) {
		long long v = 0;

		c->has_score = node_int(score, &v) && v >= 0;
		c->score = c->has_score ? (unsigned long long)v : 0;
	}
	for (i = 0; i < node_count(checks) && c->ngaps < FLEET_MAX_GAPS; i++) {
		const struct node *ck = node_at(checks, i);
		const char *why = node_get_str(ck, "why");

		const char *id = node_get_str(ck, "id");

		if (!node_str_eq(node_get(ck, "status"), "not-visible"))
			continue;
		c->gaps[c->ngaps++] =
		    arena_printf(f->a, "%s: %s", id ? id : "?",
				 why && *why ? why : "not visible");
	}
	return 0;
}

void fleet_add_failure(struct fleet *f, const char *name, const char *why)
{
	struct fleet_cluster *c = fleet_new(f);

	c->name = arena_strdup(f->a, name);
	c->error = arena_strdup(f->a, why && *why ? why : "scan failed");
}

size_t fleet_failed(const struct fleet *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->c[i].error != NULL;
	return n;
}

/* The members fleet_add_report() reads. */
static const char *const report_paths[] = {
	"tool.name",
	"generatedAt",
	"source.type",
	"source.context",
	"source.cluster",
	"summary.objects",
	"summary.findings",
	"summary.bySeverity.critical",
	"summary.bySeverity.high",
	"summary.bySeverity.medium",
	"summary.bySeverity.low",
	"summary.checks.notVisible",
	"summary.errors",
	"score.overall",
	"checks[].id",
	"checks[].why",
	"checks[].status",
};

int fleet_read_fd(struct fleet *f, const char *file, const char *name, int fd)
{
	struct rr_spec spec = {
		.paths = report_paths,
		.npaths = sizeof(report_paths) / sizeof(report_paths[0]),
	};
	struct diag d = { 0 };
	struct node *tree;

	if (rr_read(fd, SIZE_MAX, f->a, &spec, &tree) ||
	    fleet_add_report(f, file, name, tree, &d) < 0)
		return -1;
	return 0;
}
