/*
 * render_fleet.c - the fleet summary: one row per cluster.
 */
#include "fleet.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "jsonw.h"
#include "render/markup.h"
#include "sbuf.h"

static void num_or_dash(char *buf, size_t n, const struct fleet_cluster *c,
			unsigned long long v)
{
	if (c->error)
		fmt_snprintf(buf, n, "-");
	else
		fmt_snprintf(buf, n, "%llu", v);
}

static void score_text(char *buf, size_t n, const struct fleet_cluster *c)
{
	if (c->error || !c->has_score)
		fmt_snprintf(buf, n, "-");
	else
		fmt_snprintf(buf, n, "%llu", c->score);
}

/* A cluster's cells: score, findings by severity, checks not visible. */
struct cells {
	char sc[24], cr[24], hi[24], me[24], lo[24], nv[24];
};

static void cells_of(struct cells *x, const struct fleet_cluster *c)
{
	score_text(x->sc, sizeof(x->sc), c);
	num_or_dash(x->cr, sizeof(x->cr), c, c->critical);
	num_or_dash(x->hi, sizeof(x->hi), c, c->high);
	num_or_dash(x->me, sizeof(x->me), c, c->medium);
	num_or_dash(x->lo, sizeof(x->lo), c, c->low);
	num_or_dash(x->nv, sizeof(x->nv), c, c->not_visible);
}

static const char *status_text(const struct fleet_cluster *c)
{
	if (c->error)
		return "failed";
	if (!c->has_score)
		return "nothing read";
	return c->not_visible ? "partial" : "scanned";
}

static void totals(const struct fleet *f, struct fleet_cluster *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];

		if (c->error)
			continue;
		t->objects += c->objects;
		t->findings += c->findings;
		t->critical += c->critical;
		t->high += c->high;
		t->medium += c->medium;
		t->low += c->low;
		t->not_visible += c->not_visible;
	}
}

/* c's name for the terminal, escaped, into sb (emptied first). */
static int term_name(struct sbuf *sb, const struct fleet_cluster *c)
{
	sbuf_reset(sb);
	return markup_term(sb, c->name) || sbuf_addch(sb, '\0') ? -1 : 0;
}

int fleet_render_text(const struct fleet *f, struct sbuf *out)
{
	struct sbuf name = SBUF_INIT;
	size_t i, w = 7;
	struct fleet_cluster t;
	int rc = 0;

	for (i = 0; i < f->n; i++) {
		rc |= term_name(&name, &f->c[i]);
		if (!rc && strlen(name.buf) > w)
			w = strlen(name.buf);
	}
	rc |= sbuf_addf(out,
			"threatmap fleet summary: %zu cluster%s, %zu failed "
			"(score: higher is better, 100 = nothing found)\n\n",
			f->n, f->n == 1 ? "" : "s", fleet_failed(f));
	rc |= sbuf_addf(out, "%-*s  %5s  %8s  %4s  %6s  %4s  %11s  %s\n",
			(int)w, "CLUSTER", "SCORE", "CRITICAL", "HIGH",
			"MEDIUM", "LOW", "NOT VISIBLE", "STATUS");
	for (i = 0; !rc && i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];
		struct cells x;

		cells_of(&x, c);
		rc |= term_name(&name, c);
		rc |= sbuf_addf(out, "%-*s  %5s  %8s  %4s  %6s  %4s  %11s  %s",
				(int)w, name.buf, x.sc, x.cr, x.hi, x.me, x.lo,
				x.nv, status_text(c));
		if (c->error) {
			rc |= sbuf_adds(out, ": ");
			rc |= markup_term(out, c->error);
		}
		rc |= sbuf_addch(out, '\n');
	}
	totals(f, &t);
	rc |= sbuf_addf(out,
			"\ntotal: %llu findings (critical %llu, high %llu, "
			"medium %llu, low %llu) on %llu objects\n",
			t.findings, t.critical, t.high, t.medium, t.low,
			t.objects);
	for (i = 0; !rc && i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];
		size_t g;

		if (!c->ngaps)
			continue;
		rc |= sbuf_adds(out, "\ncoverage gaps in ");
		rc |= markup_term(out, c->name);
		rc |= sbuf_adds(out, ":\n");
		for (g = 0; g < c->ngaps; g++) {
			rc |= sbuf_adds(out, "  ");
			rc |= markup_term(out, c->gaps[g]);
			rc |= sbuf_addch(out, '\n');
		}
		if (c->not_visible > c->ngaps)
			rc |= sbuf_addf(out, "  ... and %llu more\n",
					c->not_visible - c->ngaps);
	}
	sbuf_release(&name);
	return rc ? -1 : 0;
}

int fleet_render_json(const struct fleet *f, struct sbuf *out)
{
	struct fleet_cluster t;
	struct jsonw w;
	size_t i, g;

	jsonw_init(&w, out);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", "1");
	jsonw_kstr(&w, "kind", "FleetSummary");
	jsonw_key(&w, "clusters");
	jsonw_arr_open(&w);
	for (i = 0; i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", c->name);
		jsonw_kstr(&w, "status", status_text(c));
		jsonw_kstr(&w, "error", c->error);
		jsonw_kstr(&w, "report", c->report);
		if (c->error) {
			jsonw_obj_close(&w);
			continue;
		}
		jsonw_kstr(&w, "source", c->source);
		jsonw_kstr(&w, "generatedAt", c->generated_at);
		jsonw_key(&w, "score");
		if (c->has_score)
			jsonw_uint(&w, c->score);
		else
			jsonw_null(&w);
		jsonw_kuint(&w, "objects", c->objects);
		jsonw_kuint(&w, "findings", c->findings);
		jsonw_key(&w, "bySeverity");
		jsonw_obj_open(&w);
		jsonw_kuint(&w, "critical", c->critical);
		jsonw_kuint(&w, "high", c->high);
		jsonw_kuint(&w, "medium", c->medium);
		jsonw_kuint(&w, "low", c->low);
		jsonw_obj_close(&w);
		jsonw_kuint(&w, "notVisibleChecks", c->not_visible);
		jsonw_kuint(&w, "inputErrors", c->errors);
		jsonw_key(&w, "coverageGaps");
		jsonw_arr_open(&w);
		for (g = 0; g < c->ngaps; g++)
			jsonw_str(&w, c->gaps[g]);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	totals(f, &t);
	jsonw_key(&w, "totals");
	jsonw_obj_open(&w);
	jsonw_kuint(&w, "clusters", f->n);
	jsonw_kuint(&w, "failed", fleet_failed(f));
	jsonw_kuint(&w, "objects", t.objects);
	jsonw_kuint(&w, "findings", t.findings);
	jsonw_key(&w, "bySeverity");
	jsonw_obj_open(&w);
	jsonw_kuint(&w, "critical", t.critical);
	jsonw_kuint(&w, "high", t.high);
	jsonw_kuint(&w, "medium", t.medium);
	jsonw_kuint(&w, "low", t.low);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

int fleet_render_markdown(const struct fleet *f, struct sbuf *out)
{
	size_t i;
	int rc = 0;

	rc |= sbuf_addf(out,
			"## threatmap fleet summary\n\n%zu clusters, %zu "
			"failed. Score: higher is better (100 = nothing "
			"found).\n\n",
			f->n, fleet_failed(f));
	rc |= sbuf_adds(out, "| cluster | score | critical | high | medium "
			     "| low | not visible | status |\n"
			     "| --- | ---: | ---: | ---: | ---: | ---: | ---: "
			     "| --- |\n");
	for (i = 0; i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];
		struct cells x;

		cells_of(&x, c);
		rc |= sbuf_adds(out, "| ");
		rc |= markup_md(out, c->name);
		rc |= sbuf_addf(out, " | %s | %s | %s | %s | %s | %s | ", x.sc,
				x.cr, x.hi, x.me, x.lo, x.nv);
		rc |= markup_md(out, status_text(c));
		if (c->error) {
			rc |= sbuf_adds(out, ": ");
			rc |= markup_md(out, c->error);
		}
		rc |= sbuf_adds(out, " |\n");
	}
	return rc ? -1 : 0;
}

static int html_cell(struct sbuf *out, const char *cls, const char *s)
{
	int rc = sbuf_addf(out, "<td%s%s%s>", cls ? " class=\"" : "",
			   cls ? cls : "", cls ? "\"" : "");

	rc |= markup_html(out, s);
	return rc | sbuf_adds(out, "</td>");
}

int fleet_render_html(const struct fleet *f, const char *generated_at,
		      struct sbuf *out)
{
	size_t i, g;
	int rc = 0;

	rc |= sbuf_adds(
	    out,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<title>threatmap fleet summary</title>\n"
	    "<style>\nbody{font-family:system-ui,sans-serif;margin:2rem;"
	    "color:#1b1b1b}\ntable{border-collapse:collapse}\nth,td{padding:"
	    ".35rem .7rem;border-bottom:1px solid #ccc;text-align:left}\n"
	    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	    ".failed{color:#a40000;font-weight:600}\n.crit{background:#fde0dd}"
	    "\n</style>\n</head>\n<body>\n<h1>threatmap fleet summary</h1>\n");
	rc |= sbuf_addf(out,
			"<p>%zu clusters, %zu failed. Score: higher is "
			"better (100 = nothing found).",
			f->n, fleet_failed(f));
	if (generated_at) {
		rc |= sbuf_adds(out, " Generated ");
		rc |= markup_html(out, generated_at);
		rc |= sbuf_adds(out, ".");
	}
	rc |= sbuf_adds(out, "</p>\n<table>\n<thead><tr><th>Cluster</th>"
			     "<th>Score</th><th>Critical</th><th>High</th>"
			     "<th>Medium</th><th>Low</th><th>Not visible</th>"
			     "<th>Status</th><th>Report</th></tr></thead>\n"
			     "<tbody>\n");
	for (i = 0; i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];
		struct cells x;
		char st[512];

		cells_of(&x, c);
		fmt_snprintf(st, sizeof(st), "%s%s%s", status_text(c),
			     c->error ? ": " : "", c->error ? c->error : "");
		rc |= sbuf_adds(out, "<tr>");
		rc |= html_cell(out, NULL, c->name);
		rc |= html_cell(out, "n", x.sc);
		rc |= html_cell(out, c->critical ? "n crit" : "n", x.cr);
		rc |= html_cell(out, "n", x.hi);
		rc |= html_cell(out, "n", x.me);
		rc |= html_cell(out, "n", x.lo);
		rc |= html_cell(out, "n", x.nv);
		rc |= html_cell(out, c->error ? "failed" : NULL, st);
		rc |= html_cell(out, NULL, c->report ? c->report : "-");
		rc |= sbuf_adds(out, "</tr>\n");
	}
	rc |= sbuf_adds(out, "</tbody>\n</table>\n");
	for (i = 0; i < f->n; i++) {
		const struct fleet_cluster *c = &f->c[i];

		if (!c->ngaps)
			continue;
		rc |= sbuf_adds(out, "<h2>Coverage gaps in ");
		rc |= markup_html(out, c->name);
		rc |= sbuf_adds(out, "</h2>\n<ul>\n");
		for (g = 0; g < c->ngaps; g++) {
			rc |= sbuf_adds(out, "<li>");
			rc |= markup_html(out, c->gaps[g]);
			rc |= sbuf_adds(out, "</li>\n");
		}
		rc |= sbuf_adds(out, "</ul>\n");
	}
	rc |= sbuf_adds(out, "</body>\n</html>\n");
	return rc ? -1 : 0;
}
