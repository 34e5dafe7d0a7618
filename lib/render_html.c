/*
 * render_html.c - one self-contained HTML compliance report (docs/reports.md).
 *
 * Inline CSS, no script, no external resource of any kind: the file can be
 * mailed, archived and printed.  Every string that comes from the input is
 * escaped with markup_html().
 */
#include "render.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "markup.h"
#include "matrix.h"
#include "policy.h"
#include "render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

struct out {
	struct sbuf *sb;
	int err;
};

/* Raw markup written by this file. */
static void raw(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void raw(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (sbuf_vaddf(o->sb, fmt, ap))
		o->err = -1;
	va_end(ap);
}

/* Text from the input, escaped. */
static void txt(struct out *o, const char *s)
{
	if (markup_html(o->sb, s ? s : ""))
		o->err = -1;
}

static const char css[] =
    ":root{--exposed:#c62828;--clean:#2e7d32;--blind:#f9a825;"
    "--nj:#9e9e9e;--ink:#1a1a1a;--line:#d0d0d0}\n"
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;"
    "color:var(--ink);margin:24px auto;max-width:1400px;padding:0 16px}\n"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;"
    "border-bottom:2px solid var(--ink);padding-bottom:2px}"
    "h3{font-size:15px;margin:14px 0 4px}\n"
    "table{border-collapse:collapse;margin:6px 0}"
    "th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;"
    "vertical-align:top}th{background:#f2f2f2}\n"
    "table.meta th{width:180px}\n"
    ".score{font-size:30px;font-weight:700}\n"
    "table.matrix{table-layout:fixed;width:100%}"
    "table.matrix th{font-size:12px}"
    "table.matrix td{font-size:11px;height:46px;padding:3px}\n"
    "td.exposed{background:var(--exposed);color:#fff}"
    "td.clean{background:var(--clean);color:#fff}"
    "td.not-visible{background:var(--blind);color:#000}"
    "td.not-judgeable{background:#eeeeee;color:#555}"
    "td.empty{border:none}\n"
    ".legend span{display:inline-block;padding:2px 8px;margin-right:6px;"
    "border:1px solid var(--line)}\n"
    ".sev{display:inline-block;min-width:64px;text-align:center;"
    "border-radius:3px;padding:0 6px;font-weight:700;font-size:12px;"
    "color:#fff}\n"
    ".sev-critical{background:#7b1fa2}.sev-high{background:#c62828}"
    ".sev-medium{background:#ef6c00}.sev-low{background:#1565c0}"
    ".sev-none{background:#757575}\n"
    ".finding{border:1px solid var(--line);border-left:6px solid "
    "var(--exposed);padding:6px 10px;margin:8px 0;"
    "break-inside:avoid}\n"
    ".finding.suppressed{border-left-color:var(--nj)}\n"
    "code{font:12px ui-monospace,Menlo,Consolas,monospace;"
    "background:#f4f4f4;padding:0 3px;word-break:break-all}\n"
    ".muted{color:#666}\n"
    "@media print{body{margin:0;max-width:none;font-size:11px}"
    "h2{break-after:avoid}table,.finding{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "@page{size:A4 landscape;margin:12mm}}\n";

static void meta_row(struct out *o, const char *k, const char *v)
{
	if (!v)
		return;
	raw(o, "<tr><th>%s</th><td>", k);
	txt(o, v);
	raw(o, "</td></tr>\n");
}

static void meta_num(struct out *o, const char *k, size_t v)
{
	raw(o, "<tr><th>%s</th><td>%zu</td></tr>\n", k, v);
}

static void metadata(struct out *o, const struct report *r)
{
	const struct scan_meta *m = r->scan ? &r->scan->meta : NULL;
	const struct score *sc = r->score;

	raw(o, "<h2>Scan</h2>\n<table class=\"meta\">\n");
	if (m) {
		meta_row(o, "Source", m->source);
		meta_row(o, "Cluster", m->cluster);
		meta_row(o, "Context", m->context);
		meta_row(o, "Server version", m->server_version);
		meta_row(o, "Collected at", m->collected_at);
	}
	if (r->opts) {
		meta_row(o, "Report generated", r->opts->generated_at);
		meta_row(o, "Tool version", r->opts->tool_version);
		meta_row(o, "Command", r->opts->command_line);
	}
	if (r->scan && r->scan->inv)
		meta_num(o, "Objects read", inventory_size(r->scan->inv));
	if (sc) {
		meta_num(o, "Checks run", sc->checks_run);
		meta_num(o, "Checks not visible", sc->checks_not_visible);
		meta_num(o, "Checks skipped", sc->checks_skipped);
		if (sc->checks_error)
			meta_num(o, "Checks in error", sc->checks_error);
	}
	raw(o, "</table>\n");
}

static void score_cell(struct out *o, int score)
{
	if (score < 0)
		raw(o, "n/a");
	else
		raw(o, "%d", score);
}

static void summary(struct out *o, const struct report *r)
{
	const struct score *sc = r->score;
	int s;

	if (!sc)
		return;
	raw(o, "<h2>Summary</h2>\n<p>Score <span class=\"score\">");
	score_cell(o, sc->overall);
	raw(o, "</span> / 100 (see the scoring notes at the end)</p>\n"
	       "<table><tr><th>Critical</th><th>High</th><th>Medium</th>"
	       "<th>Low</th><th>Suppressed by exceptions</th>"
	       "<th>Hidden below minimum severity</th>"
	       "<th>In excluded namespaces</th><th>Already in baseline</th>"
	       "</tr>\n<tr>");
	for (s = SEV_CRITICAL; s >= SEV_LOW; s--)
		raw(o, "<td>%zu</td>", sc->by_severity[s]);
	raw(o,
	    "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>"
	    "</table>\n",
	    sc->suppressed, sc->filtered, sc->excluded, sc->baselined);
	raw(o,
	    "<table><tr><th>Techniques exposed</th><th>clean</th>"
	    "<th>not visible</th><th>not judgeable from configuration</th>"
	    "</tr>\n<tr><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
	    "</tr></table>\n",
	    sc->count[TECH_EXPOSED], sc->count[TECH_CLEAN],
	    sc->count[TECH_NOT_VISIBLE], sc->count[TECH_NOT_JUDGEABLE]);
}

static void heatmap(struct out *o, const struct report *r)
{
	const struct score *sc = r->score;
	size_t t, row, rows = 0;

	if (!sc)
		return;
	for (t = 0; t < sc->ntactics; t++) {
		size_t k, n = 0;
		for (k = 0; k < sc->ntech; k++)
			n += matrix_technique_in_tactic(
			    sc->tech[k].t, sc->tactics[t].tactic->id);
		if (n > rows)
			rows = n;
	}
	raw(o, "<h2>Threat matrix</h2>\n<p class=\"legend\">"
	       "<span style=\"background:var(--exposed);color:#fff\">exposed"
	       "</span><span style=\"background:var(--clean);color:#fff\">clean"
	       "</span><span style=\"background:var(--blind)\">not visible"
	       "</span><span style=\"background:#eee\">not judgeable from "
	       "configuration</span></p>\n<table class=\"matrix\">\n<tr>");
	for (t = 0; t < sc->ntactics; t++) {
		raw(o, "<th>");
		txt(o, sc->tactics[t].tactic->name);
		raw(o, "<br>score ");
		score_cell(o, sc->tactics[t].score);
		raw(o, "</th>");
	}
	raw(o, "</tr>\n");
	for (row = 0; row < rows; row++) {
		raw(o, "<tr>");
		for (t = 0; t < sc->ntactics; t++) {
			const struct score_technique *st = NULL;
			size_t k, seen = 0;

			for (k = 0; k < sc->ntech && !st; k++)
				if (matrix_technique_in_tactic(
					sc->tech[k].t,
					sc->tactics[t].tactic->id) &&
				    seen++ == row)
					st = &sc->tech[k];
			if (!st) {
				raw(o, "<td class=\"empty\"></td>");
				continue;
			}
			raw(o, "<td class=\"%s\" title=\"%s\"><b>",
			    tech_status_name(st->status),
			    tech_status_label(st->status));
			txt(o, st->t->id);
			raw(o, "</b><br>");
			txt(o, st->t->name);
			if (st->findings)
				raw(o, "<br>%zu finding%s", st->findings,
				    st->findings == 1 ? "" : "s");
			if (st->suppressed)
				raw(o, "<br>%zu accepted", st->suppressed);
			raw(o, "</td>");
		}
		raw(o, "</tr>\n");
	}
	raw(o, "</table>\n");
}

static void unseen(struct out *o, const struct report *r)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	size_t i, nf = 0, nc = 0, ne = 0;

	if (r->scan && r->scan->inv)
		nf = inventory_forbidden_count(r->scan->inv);
	for (i = 0; i < r->nresults; i++)
		nc += r->results[i].status == CHECK_NOT_VISIBLE ||
		      r->results[i].status == CHECK_ERROR ||
		      r->results[i].partial;
	if (r->scan)
		ne = r->scan->errors.n;
	raw(o, "<h2>What could not be seen</h2>\n");
	if (!nf && !nc && !ne) {
		raw(o, "<p>Every check could read what it needs.</p>\n");
		return;
	}
	if (nf) {
		raw(o, "<table><tr><th>Kind</th><th>Namespace</th></tr>\n");
		for (i = 0; i < nf; i++) {
			const char *kind, *ns;

			inventory_forbidden_at(r->scan->inv, i, &kind, &ns);
			raw(o, "<tr><td>");
			txt(o, kind);
			raw(o, "</td><td>");
			txt(o, ns ? ns : "all namespaces");
			raw(o, "</td></tr>\n");
		}
		raw(o, "</table>\n");
	}
	if (nc) {
		raw(o, "<table><tr><th>Check</th><th>Status</th>"
		       "<th>Why</th></tr>\n");
		for (i = 0; i < r->nresults; i++) {
			const struct check_result *cr = &r->results[i];

			if (cr->status != CHECK_NOT_VISIBLE &&
			    cr->status != CHECK_ERROR && !cr->partial)
				continue;
			raw(o, "<tr><td><code>");
			txt(o, cr->check->id);
			raw(o, "</code></td><td>%s</td><td>",
			    cr->partial && cr->status != CHECK_NOT_VISIBLE
				? "partial"
				: check_status_name(cr->status));
			txt(o, cr->why);
			raw(o, "</td></tr>\n");
		}
		raw(o, "</table>\n");
	}
	if (ne) {
		raw(o, "<h3>Input errors</h3>\n<ul>\n");
		for (i = 0; i < ne; i++) {
			raw(o, "<li><code>");
			txt(o, diag_format(&r->scan->errors.v[i], buf,
					   sizeof(buf)));
			raw(o, "</code></li>\n");
		}
		raw(o, "</ul>\n");
	}
}

static void id_list(struct out *o, const char *const *ids)
{
	const char *const *p;

	for (p = ids; p && *p; p++) {
		const struct mx_technique *t = matrix_technique(*p);

		raw(o, "%s<code>", p == ids ? "" : ", ");
		txt(o, *p);
		raw(o, "</code>");
		if (t) {
			raw(o, " ");
			txt(o, t->name);
		}
	}
}

static void finding(struct out *o, const struct report *r,
		    const struct finding *fd)
{
	const struct check *c = fd->check;
	struct sbuf ref = SBUF_INIT;
	unsigned line, col;
	size_t i;

	raw(o,
	    "<div class=\"finding%s\">\n<h3><span class=\"sev sev-%s\">"
	    "%s</span> ",
	    fd->suppressed_by ? " suppressed" : "", severity_name(fd->severity),
	    severity_name(fd->severity));
	txt(o, c ? c->title : "finding");
	raw(o, " <code>");
	txt(o, c ? c->id : "");
	raw(o, "</code></h3>\n<p>");
	if (render_objref(&ref, fd->obj))
		o->err = -1;
	txt(o, ref.buf);
	sbuf_release(&ref);
	if (fd->container) {
		raw(o, ", container <code>");
		txt(o, fd->container);
		raw(o, "</code>");
	}
	finding_location(fd, &line, &col);
	if (fd->obj && fd->obj->file && *fd->obj->file) {
		raw(o, " &mdash; <code>");
		txt(o, fd->obj->file);
		if (line)
			raw(o, ":%u", line);
		raw(o, "</code>");
	}
	raw(o, "</p>\n<p>");
	txt(o, fd->message);
	raw(o, "</p>\n");
	if (fd->nev) {
		raw(o, "<table><tr><th>Evidence</th><th>Value</th></tr>\n");
		for (i = 0; i < fd->nev; i++) {
			raw(o, "<tr><td><code>");
			txt(o, fd->ev[i].path);
			raw(o, "</code></td><td><code>");
			txt(o, fd->ev[i].value);
			raw(o, "</code></td></tr>\n");
		}
		raw(o, "</table>\n");
	}
	if (fd->nhops) {
		raw(o, "<p>Attack path:</p>\n<ol>\n");
		for (i = 0; i < fd->nhops; i++) {
			raw(o, "<li>");
			txt(o, fd->hops[i].label);
			raw(o, "</li>\n");
		}
		raw(o, "</ol>\n");
	}
	if (c) {
		raw(o, "<p>Techniques: ");
		id_list(o, c->techniques);
		raw(o, "; ATT&amp;CK: ");
		for (i = 0; c->attack && c->attack[i]; i++) {
			raw(o, "%s<code>", i ? ", " : "");
			txt(o, c->attack[i]);
			raw(o, "</code>");
		}
		raw(o, "</p>\n<p><b>Remediation:</b> ");
		txt(o, c->remediation);
		raw(o, "</p>\n");
	}
	if (fd->suppressed_by) {
		const struct policy_exception *e = policy_match(r->policy, fd);

		raw(o, "<p><b>Accepted risk:</b> ");
		txt(o, fd->suppressed_by);
		if (e && e->owner) {
			raw(o, " (owner ");
			txt(o, e->owner);
			raw(o, ")");
		}
		if (e && e->expires) {
			raw(o, ", until ");
			txt(o, e->expires);
		}
		raw(o, "</p>\n");
	}
	raw(o, "<p class=\"muted\">fingerprint <code>%s</code></p>\n</div>\n",
	    fd->fingerprint);
}

static void findings(struct out *o, const struct report *r)
{
	size_t i, n = r->findings ? r->findings->n : 0, shown = 0;
	int s;

	raw(o, "<h2>Findings</h2>\n");
	for (s = SEV_CRITICAL; s >= SEV_NONE; s--) {
		bool head = false;

		for (i = 0; i < n; i++) {
			const struct finding *fd = r->findings->v[i];

			if ((int)fd->severity != s || fd->suppressed_by)
				continue;
			if (!head)
				raw(o, "<h3>%s</h3>\n",
				    severity_name((enum severity)s));
			head = true;
			finding(o, r, fd);
			shown++;
		}
	}
	if (!shown)
		raw(o, "<p>No findings.</p>\n");
	shown = 0;
	for (i = 0; i < n; i++)
		shown += r->findings->v[i]->suppressed_by != NULL;
	raw(o, "<h2>Suppressed findings (%zu)</h2>\n", shown);
	if (!shown)
		raw(o, "<p>No finding is suppressed.</p>\n");
	for (i = 0; i < n; i++)
		if (r->findings->v[i]->suppressed_by)
			finding(o, r, r->findings->v[i]);
}

static void opt_cell(struct out *o, const char *s, const char *dflt)
{
	raw(o, "<td>");
	if (s) {
		raw(o, "<code>");
		txt(o, s);
		raw(o, "</code>");
	} else {
		raw(o, "%s", dflt);
	}
	raw(o, "</td>");
}

static void exceptions(struct out *o, const struct report *r)
{
	size_t i, n = policy_count(r->policy);

	raw(o, "<h2>Exceptions</h2>\n");
	if (!n) {
		raw(o, "<p>No exceptions file was given.</p>\n");
		return;
	}
	raw(o, "<table><tr><th>Where</th><th>Checks</th><th>Namespace</th>"
	       "<th>Name</th><th>Kind</th><th>Container</th><th>Reason</th>"
	       "<th>Owner</th><th>Expires</th><th>Status</th><th>Findings</th>"
	       "</tr>\n");
	for (i = 0; i < n; i++) {
		const struct policy_exception *e = policy_at(r->policy, i);
		size_t k;

		raw(o, "<tr><td>");
		txt(o, e->file);
		raw(o, ":%u</td><td>", e->line);
		if (!e->checks)
			raw(o, "all");
		for (k = 0; e->checks && e->checks[k]; k++) {
			raw(o, "%s<code>", k ? ", " : "");
			txt(o, e->checks[k]);
			raw(o, "</code>");
		}
		raw(o, "</td>");
		opt_cell(o, e->ns_pattern, "");
		opt_cell(o, e->name_pattern, "");
		opt_cell(o, e->kind, "any");
		opt_cell(o, e->container, "any");
		raw(o, "<td>");
		txt(o, e->reason);
		raw(o, "</td><td>");
		txt(o, e->owner ? e->owner : "");
		raw(o, "</td><td>");
		txt(o, e->expires ? e->expires : "never");
		raw(o, "</td><td>%s</td><td>%zu%s</td></tr>\n",
		    e->expired ? "<b>expired</b>, not applied" : "applied",
		    e->matched, e->expired ? " would match" : "");
	}
	raw(o, "</table>\n");
}

static void checks(struct out *o, const struct report *r)
{
	size_t i;

	raw(o, "<h2>Checks</h2>\n<table><tr><th>Check</th><th>Title</th>"
	       "<th>Severity</th><th>Status</th><th>Findings</th>"
	       "<th>Suppressed</th><th>Techniques</th></tr>\n");
	for (i = 0; i < r->nresults; i++) {
		const struct check_result *cr = &r->results[i];
		const struct check *c = cr->check;

		raw(o, "<tr><td><code>");
		txt(o, c->id);
		raw(o, "</code></td><td>");
		txt(o, c->title);
		raw(o,
		    "</td><td>%s</td><td>%s%s</td><td>%zu</td><td>%zu</td>"
		    "<td>",
		    severity_name(c->severity), check_status_name(cr->status),
		    cr->partial ? " (partial)" : "", render_count(r, c, false),
		    render_count(r, c, true));
		id_list(o, c->techniques);
		raw(o, "</td></tr>\n");
	}
	raw(o, "</table>\n");
}

static void notes(struct out *o)
{
	raw(o,
	    "<h2>Scoring notes</h2>\n<p>Each technique of the matrix is "
	    "<i>exposed</i> (a finding no exception covers), <i>clean</i> "
	    "(a covering check ran and left no open finding), <i>not "
	    "visible</i> (every covering check lacked read access) or "
	    "<i>not judgeable from configuration</i> (no check covers it, or "
	    "it is decided at runtime or in the cloud account). An exposed "
	    "technique weighs 100 (critical), 75 (high), 50 (medium) or 25 "
	    "(low) by its worst finding; a not visible one weighs 50; a "
	    "clean one 0. A score is 100 minus the mean weight of the judged "
	    "techniques; exceptions can only raise it.</p>\n");
}

static int render_html(const struct report *r, struct sbuf *out)
{
	struct out o = { out, 0 };

	raw(&o,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<title>threatmap report</title>\n<style>\n%s</style>\n"
	    "</head>\n<body>\n<h1>Kubernetes threat matrix report</h1>\n"
	    "<p class=\"muted\">Microsoft Threat Matrix for Kubernetes with "
	    "MITRE ATT&amp;CK identifiers, from the cluster's "
	    "configuration.</p>\n",
	    css);
	metadata(&o, r);
	summary(&o, r);
	heatmap(&o, r);
	unseen(&o, r);
	findings(&o, r);
	exceptions(&o, r);
	checks(&o, r);
	notes(&o);
	raw(&o, "</body>\n</html>\n");
	return o.err ? DIAG_LIMIT : 0;
}

const struct renderer renderer_html = {
	.name = "html",
	.extension = "html",
	.render = render_html,
};
