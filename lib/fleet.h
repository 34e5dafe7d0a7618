/*
 * fleet.h - many clusters' reports summed up.
 *
 * A fleet is a list of clusters, each one either a JSON report that a scan
 * wrote (`scan -o json=...`, possibly by an in-cluster CronJob elsewhere)
 * or a failure (the scan of that context did not finish).  fleet_add_report()
 * reads what the summary needs from a report's tree; the renderers write
 * one row per cluster: score, findings by severity, coverage gaps.
 */
#ifndef THREATMAP_FLEET_H
#define THREATMAP_FLEET_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct node;
struct sbuf;

#define FLEET_MAX_GAPS 8

struct fleet_cluster {
	const char *name;   /* context, cluster, or the report's file name */
	const char *report; /* file the report was read from, or NULL */
	const char *error;  /* why the scan failed; NULL when it finished */
	const char *source; /* "live", "snapshot", "manifests" */
	const char *generated_at;
	bool has_score; /* false: nothing was read, no score */
	unsigned long long score;
	unsigned long long objects, findings;
	unsigned long long critical, high, medium, low;
	unsigned long long not_visible; /* checks that could not see */
	unsigned long long errors;	/* input errors */
	/* "check-id: why" for the first FLEET_MAX_GAPS not-visible checks */
	const char *gaps[FLEET_MAX_GAPS];
	size_t ngaps;
};

struct fleet {
	struct arena *a;
	struct fleet_cluster *c;
	size_t n, alloc;
};

void fleet_init(struct fleet *f, struct arena *a);
void fleet_release(struct fleet *f);

/*
 * Add the report whose root is tree (file names it).  The cluster is named
 * by name when not NULL, else the report's context, cluster or file.
 * Returns 0, or DIAG_PARSE with d filled when tree is not a threatmap JSON
 * report.
 */
int fleet_add_report(struct fleet *f, const char *file, const char *name,
		     const struct node *tree, struct diag *d);

/*
 * fleet_add_report() of the JSON report read from fd (a regular file) in
 * pieces, keeping only the members the summary reads (reportread.h).
 * Returns 0, or -1 with nothing added when that reader does not take it
 * or the report is refused: load_tree() and fleet_add_report() then say
 * why.
 */
int fleet_read_fd(struct fleet *f, const char *file, const char *name, int fd);

/* Add a cluster whose scan failed, with the reason. */
void fleet_add_failure(struct fleet *f, const char *name, const char *why);

/* Clusters that failed. */
size_t fleet_failed(const struct fleet *f);

/* The summary as text (one aligned table), JSON, Markdown or HTML. */
int fleet_render_text(const struct fleet *f, struct sbuf *out);
int fleet_render_json(const struct fleet *f, struct sbuf *out);
int fleet_render_markdown(const struct fleet *f, struct sbuf *out);
int fleet_render_html(const struct fleet *f, const char *generated_at,
		      struct sbuf *out);

#endif
