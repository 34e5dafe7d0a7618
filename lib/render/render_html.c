/*
 * render_html.c - one self-contained HTML compliance report (docs/reports.md).
 *
 * Inline CSS, no script, no external resource of any kind: the file can be
 * mailed, archived and printed.  Every string that comes from the input is
 * escaped with markup_html().
 */
#include "render/render.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "render/markup.h"
#include "matrix.h"
#include "policy.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

static const char css[] =
    /* exposure: ColorBrewer YlOrRd, a sequential scale readers with
     * colour-blindness tell apart by lightness; clean is blue, the hue
     * pair every common colour vision deficiency keeps apart; not
     * visible is hatched, so it does not depend on colour at all */
    ":root{--x1:#ffffb2;--x2:#fecc5c;--x3:#fd8d3c;--x4:#f03b20;"
    "--x5:#bd0026;--exposed:#f03b20;--clean:#6baed6;--nj:#9e9e9e;"
    "--ink:#1a1a1a;--line:#d0d0d0}\n"
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
    ".x1{background:var(--x1);color:#1a1a1a}"
    ".x2{background:var(--x2);color:#1a1a1a}"
    ".x3{background:var(--x3);color:#1a1a1a}"
    ".x4{background:var(--x4);color:#fff}"
    ".x5{background:var(--x5);color:#fff}"
    ".clean{background:var(--clean);color:#1a1a1a}"
    ".not-visible{background:repeating-linear-gradient(45deg,#bdbdbd 0 "
    "5px,#f2f2f2 5px 10px);color:#1a1a1a}"
    ".not-judgeable{background:#fafafa;color:#666}"
    "td.not-judgeable{border-style:dashed}"
    ".not-checked{background:#fff;color:#666}"
    "td.not-checked{border-style:dotted}"
    "td.empty{border:none;background:none}\n"
    "table.matrix td a{display:block;color:inherit;text-decoration:none;"
    "height:100%}table.matrix td a:hover{text-decoration:underline}\n"
    ".legend span{display:inline-block;padding:2px 8px;margin:0 6px 4px 0;"
    "border:1px solid var(--line)}\n"
    "nav{margin:8px 0 0;padding:6px 10px;background:#f6f6f6;"
    "border:1px solid var(--line)}nav a{margin-right:14px}\n"
    ".when{font-size:15px;margin:2px 0 0}\n"
    "code.id{white-space:nowrap;word-break:normal}\n"
    ".sev{display:inline-block;min-width:64px;text-align:center;"
    "border-radius:3px;padding:0 6px;font-weight:700;font-size:12px;"
    "color:#fff}\n"
    /* the heat map's scale, so a severity has one colour everywhere */
    ".sev-critical{background:var(--x5)}.sev-high{background:var(--x4)}"
    ".sev-medium{background:var(--x3);color:#1a1a1a}"
    ".sev-low{background:var(--x2);color:#1a1a1a}"
    ".sev-none{background:#757575}\n"
    ".finding{border:1px solid var(--line);border-left:6px solid "
    "var(--exposed);padding:6px 10px;margin:8px 0;"
    "break-inside:avoid}\n"
    ".finding.suppressed{border-left-color:var(--nj)}\n"
    "code{font:12px ui-monospace,Menlo,Consolas,monospace;"
    "background:#f4f4f4;padding:0 3px;overflow-wrap:anywhere}\n"
    ".muted{color:#666}\n"
    "@media print{body{margin:0;max-width:none;font-size:11px}"
    "h2{break-after:avoid}table,.finding{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "@page{size:A4 landscape;margin:12mm}}\n";

static void meta_row(struct mout *o, const char *k, const char *v)
{
	if (!v)
		return;
	mout_raw(o, "<tr><th>%s</th><td>", k);
	mout_text(o, v);
	mout_raw(o, "</td></tr>\n");
}

static void meta_num(struct mout *o, const char *k, size_t v)
{
	mout_raw(o, "<tr><th>%s</th><td>%zu</td></tr>\n", k, v);
}

static void metadata(struct mout *o, const struct report *r)
{
	const struct scan_meta *m = r->scan ? &r->scan->meta : NULL;
	const struct score *sc = r->score;

	mout_raw(o, "<h2 id=\"scan\">Scan</h2>\n<table class=\"meta\">\n");
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
	mout_raw(o, "</table>\n");
}

static void score_cell(struct mout *o, int score)
{
	if (score < 0)
		mout_raw(o, "n/a");
	else
		mout_raw(o, "%d", score);
}

static void summary(struct mout *o, const struct report *r)
{
	const struct score *sc = r->score;
	struct render_tally c;
	int s;

	if (!sc)
		return;
	/* the findings this report lists, as in the other formats: the
	 * score's counts still hold the baselined and hidden ones */
	render_tally(r, &c);
	mout_raw(o, "<h2 id=\"summary\">Summary</h2>\n<p>Score "
		    "<span class=\"score\">");
	score_cell(o, sc->overall);
	mout_raw(o, "</span> / 100 (higher is better; see the scoring notes "
		    "at the end)");
	if (sc->partial_coverage)
		mout_raw(o,
			 ". Partial coverage: %zu of %zu techniques judgeable "
			 "from configuration were judged in full",
			 sc->judged, sc->judgeable);
	mout_raw(o,
		 "</p>\n"
		 "<table><tr><th>Critical</th><th>High</th><th>Medium</th>"
		 "<th>Low</th><th>Suppressed by exceptions</th>"
		 "<th>Hidden below minimum severity</th>"
		 "<th>In excluded namespaces</th><th>Already in baseline</th>"
		 "</tr>\n<tr>");
	for (s = SEV_CRITICAL; s >= SEV_LOW; s--)
		mout_raw(o, "<td>%zu</td>", c.by_severity[s]);
	mout_raw(o,
		 "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>"
		 "</table>\n",
		 sc->suppressed, sc->filtered, sc->excluded, sc->baselined);
	mout_raw(o,
		 "<table><tr><th>Techniques exposed</th><th>clean</th>"
		 "<th>not visible</th><th>not checked</th>"
		 "<th>not judgeable from configuration</th>"
		 "</tr>\n<tr><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
		 "<td>%zu</td></tr></table>\n",
		 sc->count[TECH_EXPOSED], sc->count[TECH_CLEAN],
		 sc->count[TECH_NOT_VISIBLE], sc->count[TECH_NOT_CHECKED],
		 sc->count[TECH_NOT_JUDGEABLE]);
}

/* From this many findings an exposed technique is one step darker. */
#define HEAT_MANY 5

/* Intensity 1..5 of an exposed technique: severity, then count. */
static int heat_level(const struct score_technique *st)
{
	int level = st->worst >= SEV_LOW ? (int)st->worst : 1;

	if (st->findings >= HEAT_MANY)
		level++;
	return level > 5 ? 5 : level;
}

/* Findings of technique t this report lists: open, and accepted. */
struct listed {
	size_t open, accepted;
	enum severity worst; /* of the open ones */
};

/*
 * The findings of each technique of the score (sc->tech[k]), in report
 * order: v[start[k]] up to v[start[k + 1]], with their counts in c[k].
 * Built in one pass over the findings, not one per technique.
 */
struct tech_findings {
	struct listed *c;
	size_t *start, *v;
};

/*
 * The techniques of the score that check c names, each once, into ks
 * (room for as many as c names); their number.
 */
static size_t check_techs(const struct score *sc, const struct check *c,
			  size_t *ks)
{
	const char *const *p;
	size_t n = 0, k, j;

	for (p = c ? c->techniques : NULL; p && *p; p++)
		for (k = 0; k < sc->ntech; k++) {
			if (strcmp(*p, sc->tech[k].t->id))
				continue;
			for (j = 0; j < n && ks[j] != k; j++)
				;
			if (j == n)
				ks[n++] = k;
		}
	return n;
}

static size_t ntechniques(const struct check *c)
{
	const char *const *p;
	size_t n = 0;

	for (p = c ? c->techniques : NULL; p && *p; p++)
		n++;
	return n;
}

/*
 * One pass counts, one places; consecutive findings of one check (the
 * report's order) look its techniques up once.
 */
static void tech_findings_build(struct tech_findings *tf,
				const struct report *r)
{
	const struct score *sc = r->score;
	size_t n = r->findings ? r->findings->n : 0, nt = sc->ntech;
	size_t aks = 4, *ks = xrealloc_array(NULL, aks, sizeof(*ks));
	size_t nks = 0, i, j, pass;
	const struct check *last = NULL;
	bool have = false;

	tf->c = xrealloc_array(NULL, nt ? nt : 1, sizeof(*tf->c));
	tf->start = xrealloc_array(NULL, nt + 1, sizeof(*tf->start));
	memset(tf->c, 0, (nt ? nt : 1) * sizeof(*tf->c));
	memset(tf->start, 0, (nt + 1) * sizeof(*tf->start));
	tf->v = NULL;
	for (pass = 0; pass < 2; pass++) {
		have = false;
		for (i = 0; i < n; i++) {
			const struct finding *fd = r->findings->v[i];

			if (!have || fd->check != last) {
				size_t want = ntechniques(fd->check);

				if (want > aks) {
					aks = want;
					ks = xrealloc_array(ks, aks,
							    sizeof(*ks));
				}
				nks = check_techs(sc, fd->check, ks);
				last = fd->check;
				have = true;
			}
			for (j = 0; j < nks; j++) {
				struct listed *c = &tf->c[ks[j]];

				if (pass) {
					tf->v[tf->start[ks[j]]++] = i;
					continue;
				}
				tf->start[ks[j] + 1]++;
				if (fd->suppressed_by) {
					c->accepted++;
					continue;
				}
				c->open++;
				if (fd->severity > c->worst)
					c->worst = fd->severity;
			}
		}
		if (pass)
			break;
		for (j = 0; j < nt; j++)
			tf->start[j + 1] += tf->start[j];
		tf->v = xrealloc_array(NULL, tf->start[nt] ? tf->start[nt] : 1,
				       sizeof(*tf->v));
	}
	/* start[k] is now where technique k's findings end: shift back */
	for (j = nt; j > 0; j--)
		tf->start[j] = tf->start[j - 1];
	tf->start[0] = 0;
	free(ks);
}

static void tech_findings_free(struct tech_findings *tf)
{
	free(tf->c);
	free(tf->start);
	free(tf->v);
}

/*
 * A cell: its colour is the technique's status and exposure in the whole
 * scan (as the scores), its counts are of the findings the report lists.
 */
static void heat_cell(struct mout *o, const struct report *r,
		      const struct tech_findings *tf,
		      const struct score_technique *st)
{
	struct listed c = tf->c[st - r->score->tech];
	bool link;

	link = c.open || c.accepted;
	if (st->status == TECH_EXPOSED)
		mout_raw(o,
			 "<td class=\"x%d\" title=\"exposed: worst %s; %zu "
			 "finding%s listed\">",
			 heat_level(st), severity_name(st->worst), c.open,
			 c.open == 1 ? "" : "s");
	else {
		mout_raw(o, "<td class=\"%s\" title=\"",
			 tech_status_name(st->status));
		mout_text(o, tech_status_label(st->status));
		if (st->status == TECH_NOT_JUDGEABLE && st->t->reveal) {
			mout_raw(o, "; revealed by ");
			mout_text(o, st->t->reveal);
		}
		mout_raw(o, "\">");
	}
	if (link) {
		mout_raw(o, "<a href=\"#t-");
		mout_text(o, st->t->id);
		mout_raw(o, "\">");
	}
	mout_raw(o, "<b>");
	mout_text(o, st->t->id);
	mout_raw(o, "</b><br>");
	mout_text(o, st->t->name);
	if (c.open)
		mout_raw(o, "<br>%zu finding%s, worst %s", c.open,
			 c.open == 1 ? "" : "s", severity_name(c.worst));
	else if (st->status == TECH_EXPOSED)
		mout_raw(o, "<br>findings hidden below the minimum severity");
	if (c.accepted)
		mout_raw(o, "<br>%zu accepted", c.accepted);
	if (link)
		mout_raw(o, "</a>");
	mout_raw(o, "</td>");
}

static void heatmap(struct mout *o, const struct report *r,
		    const struct tech_findings *tf)
{
	const struct score *sc = r->score;
	size_t t, row, rows = 0;

	if (!sc || !tf->c)
		return;
	for (t = 0; t < sc->ntactics; t++) {
		size_t k, n = 0;
		for (k = 0; k < sc->ntech; k++)
			n += matrix_technique_in_tactic(
			    sc->tech[k].t, sc->tactics[t].tactic->id);
		if (n > rows)
			rows = n;
	}
	mout_raw(
	    o,
	    "<h2 id=\"matrix\">Threat matrix</h2>\n<p class=\"legend\">"
	    "Exposed, by worst severity and number of findings: "
	    "<span class=\"x1\">low</span><span class=\"x2\">medium</span>"
	    "<span class=\"x3\">high</span><span class=\"x4\">critical"
	    "</span><span class=\"x5\">critical, %d or more</span> "
	    "(one step darker from %d findings on)<br>"
	    "<span class=\"clean\">clean</span>"
	    "<span class=\"not-visible\">not visible</span>"
	    "<span class=\"not-checked\">not checked</span>"
	    "<span class=\"not-judgeable\">not judgeable from configuration"
	    "</span> &mdash; a cell links to its findings</p>\n",
	    HEAT_MANY, HEAT_MANY);
	if (sc->filtered)
		mout_raw(o,
			 "<p class=\"legend\">%zu finding%s below the minimum "
			 "severity %s hidden (--min-severity): colours and "
			 "scores count them, the findings of a cell do "
			 "not.</p>\n",
			 sc->filtered, sc->filtered == 1 ? "" : "s",
			 sc->filtered == 1 ? "is" : "are");
	mout_raw(o, "<table class=\"matrix\">\n<tr>");
	for (t = 0; t < sc->ntactics; t++) {
		mout_raw(o, "<th>");
		mout_text(o, sc->tactics[t].tactic->name);
		mout_raw(o, "<br>score ");
		score_cell(o, sc->tactics[t].score);
		mout_raw(o, "</th>");
	}
	mout_raw(o, "</tr>\n");
	for (row = 0; row < rows; row++) {
		mout_raw(o, "<tr>");
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
				mout_raw(o, "<td class=\"empty\"></td>");
				continue;
			}
			heat_cell(o, r, tf, st);
		}
		mout_raw(o, "</tr>\n");
	}
	mout_raw(o, "</table>\n");
}

/* Runtime and cloud techniques, each with what would reveal it. */
static void not_judgeable(struct mout *o, const struct report *r)
{
	const struct score *sc = r->score;
	size_t k;

	if (!sc || !sc->count[TECH_NOT_JUDGEABLE])
		return;
	mout_raw(o, "<h3>Not judgeable from configuration</h3>\n<ul>\n");
	for (k = 0; k < sc->ntech; k++) {
		const struct score_technique *st = &sc->tech[k];

		if (st->status != TECH_NOT_JUDGEABLE)
			continue;
		mout_raw(o, "<li class=\"not-judgeable\"><b>");
		mout_text(o, st->t->id);
		mout_raw(o, "</b> ");
		mout_text(o, st->t->name);
		mout_raw(o, " (%s): revealed by ",
			 matrix_observability_name(st->t->observability));
		mout_text(o, st->t->reveal ? st->t->reveal : "-");
		mout_raw(o, "</li>\n");
	}
	mout_raw(o, "</ul>\n");
}

static void unseen(struct mout *o, const struct report *r)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	size_t i, nf = 0, nc = 0, ne = 0, nw = 0;

	if (r->scan && r->scan->inv)
		nf = inventory_forbidden_count(r->scan->inv);
	for (i = 0; i < r->nresults; i++)
		nc += r->results[i].status == CHECK_NOT_VISIBLE ||
		      r->results[i].status == CHECK_ERROR ||
		      r->results[i].partial;
	if (r->scan) {
		ne = r->scan->errors.n;
		nw = r->scan->warnings.n;
	}
	mout_raw(o, "<h2 id=\"unseen\">What could not be seen</h2>\n");
	if (!nf && !nc && !ne && !nw) {
		mout_raw(o, "<p>Every check could read what it needs.</p>\n");
		return;
	}
	if (nf) {
		mout_raw(o,
			 "<table><tr><th>Kind</th><th>Namespace</th></tr>\n");
		for (i = 0; i < nf; i++) {
			const char *kind, *ns;

			inventory_forbidden_at(r->scan->inv, i, &kind, &ns);
			mout_raw(o, "<tr><td>");
			mout_text(o, kind);
			mout_raw(o, "</td><td>");
			mout_text(o, ns ? ns : "all namespaces");
			mout_raw(o, "</td></tr>\n");
		}
		mout_raw(o, "</table>\n");
	}
	if (nc) {
		mout_raw(o, "<table><tr><th>Check</th><th>Status</th>"
			    "<th>Why</th></tr>\n");
		for (i = 0; i < r->nresults; i++) {
			const struct check_result *cr = &r->results[i];

			if (cr->status != CHECK_NOT_VISIBLE &&
			    cr->status != CHECK_ERROR && !cr->partial)
				continue;
			mout_raw(o, "<tr><td><code class=\"id\">");
			mout_text(o, cr->check->id);
			mout_raw(o, "</code></td><td>%s</td><td>",
				 cr->partial && cr->status != CHECK_NOT_VISIBLE
				     ? "partial"
				     : check_status_name(cr->status));
			mout_text(o, cr->why);
			mout_raw(o, "</td></tr>\n");
		}
		mout_raw(o, "</table>\n");
	}
	if (ne) {
		mout_raw(o, "<h3>Input errors</h3>\n<ul>\n");
		for (i = 0; i < ne; i++) {
			mout_raw(o, "<li><code>");
			mout_text(o, diag_format(&r->scan->errors.v[i], buf,
						 sizeof(buf)));
			mout_raw(o, "</code></li>\n");
		}
		mout_raw(o, "</ul>\n");
	}
	if (nw) {
		mout_raw(o, "<h3>Input warnings</h3>\n<ul>\n");
		for (i = 0; i < nw; i++) {
			mout_raw(o, "<li><code>");
			mout_text(o, diag_format(&r->scan->warnings.v[i], buf,
						 sizeof(buf)));
			mout_raw(o, "</code></li>\n");
		}
		mout_raw(o, "</ul>\n");
	}
}

static void id_list(struct mout *o, const char *const *ids)
{
	const char *const *p;

	for (p = ids; p && *p; p++) {
		const struct mx_technique *t = matrix_technique(*p);

		mout_raw(o, "%s<code>", p == ids ? "" : ", ");
		mout_text(o, *p);
		mout_raw(o, "</code>");
		if (t) {
			mout_raw(o, " ");
			mout_text(o, t->name);
		}
	}
}

static void finding(struct mout *o, const struct report *r,
		    const struct finding *fd)
{
	const struct check *c = fd->check;
	struct sbuf ref = SBUF_INIT;
	unsigned line, col;
	size_t i;

	mout_raw(o,
		 "<div class=\"finding%s\" id=\"f-%s\">\n<h3>"
		 "<span class=\"sev sev-%s\">%s</span> ",
		 fd->suppressed_by ? " suppressed" : "", finding_fp(fd),
		 severity_name(fd->severity), severity_name(fd->severity));
	mout_text(o, c ? c->title : "finding");
	mout_raw(o, " <code class=\"id\">");
	mout_text(o, c ? c->id : "");
	mout_raw(o, "</code></h3>\n<p>");
	if (render_objref(&ref, fd->obj))
		o->err = -1;
	mout_text(o, ref.buf);
	sbuf_release(&ref);
	if (fd->container) {
		mout_raw(o, ", container <code>");
		mout_text(o, fd->container);
		mout_raw(o, "</code>");
	}
	finding_location(fd, &line, &col);
	if (fd->obj && fd->obj->file && *fd->obj->file) {
		mout_raw(o, " &mdash; <code>");
		mout_text(o, fd->obj->file);
		if (line)
			mout_raw(o, ":%u", line);
		mout_raw(o, "</code>");
	}
	mout_raw(o, "</p>\n<p>");
	mout_text(o, fd->message);
	mout_raw(o, "</p>\n");
	if (fd->nev) {
		mout_raw(o,
			 "<table><tr><th>Evidence</th><th>Value</th></tr>\n");
		for (i = 0; i < fd->nev; i++) {
			mout_raw(o, "<tr><td><code>");
			mout_text(o, fd->ev[i].path);
			mout_raw(o, "</code></td><td><code>");
			mout_text(o, fd->ev[i].value);
			mout_raw(o, "</code></td></tr>\n");
		}
		mout_raw(o, "</table>\n");
	}
	if (fd->nhops) {
		mout_raw(o, "<p>Attack path:</p>\n<ol>\n");
		for (i = 0; i < fd->nhops; i++) {
			mout_raw(o, "<li>");
			mout_text(o, fd->hops[i].label);
			mout_raw(o, "</li>\n");
		}
		mout_raw(o, "</ol>\n");
	}
	if (c) {
		mout_raw(o, "<p>Techniques: ");
		id_list(o, c->techniques);
		mout_raw(o, "; ATT&amp;CK: ");
		for (i = 0; c->attack && c->attack[i]; i++) {
			mout_raw(o, "%s<code>", i ? ", " : "");
			mout_text(o, c->attack[i]);
			mout_raw(o, "</code>");
		}
		mout_raw(o, "</p>\n<p><b>Remediation:</b> ");
		mout_text(o, c->remediation);
		mout_raw(o, "</p>\n");
	}
	if (fd->suppressed_by) {
		const struct policy_exception *e = policy_match(r->policy, fd);

		mout_raw(o, "<p><b>Accepted risk:</b> ");
		mout_text(o, fd->suppressed_by);
		if (e && e->owner) {
			mout_raw(o, " (owner ");
			mout_text(o, e->owner);
			mout_raw(o, ")");
		}
		if (e && e->expires) {
			mout_raw(o, ", until ");
			mout_text(o, e->expires);
		}
		mout_raw(o, "</p>\n");
	}
	if (r->opts && r->opts->fingerprints)
		mout_raw(o,
			 "<p class=\"muted\">fingerprint <code>%s</code></p>\n",
			 finding_fp(fd));
	mout_raw(o, "</div>\n");
}

static void findings(struct mout *o, const struct report *r)
{
	size_t i, n = r->findings ? r->findings->n : 0, shown = 0;
	int s;

	mout_raw(o, "<h2 id=\"findings\">Findings</h2>\n");
	for (s = SEV_CRITICAL; s >= SEV_NONE; s--) {
		bool head = false;

		for (i = 0; i < n; i++) {
			const struct finding *fd = r->findings->v[i];

			if ((int)fd->severity != s || fd->suppressed_by)
				continue;
			if (!head)
				mout_raw(o, "<h3>%s</h3>\n",
					 severity_name((enum severity)s));
			head = true;
			finding(o, r, fd);
			shown++;
		}
	}
	if (!shown)
		mout_raw(o, "<p>No findings.</p>\n");
	shown = 0;
	for (i = 0; i < n; i++)
		shown += r->findings->v[i]->suppressed_by != NULL;
	mout_raw(o, "<h2 id=\"suppressed\">Suppressed findings (%zu)</h2>\n",
		 shown);
	if (!shown)
		mout_raw(o, "<p>No finding is suppressed.</p>\n");
	for (i = 0; i < n; i++)
		if (r->findings->v[i]->suppressed_by)
			finding(o, r, r->findings->v[i]);
}

/* Per technique with findings, links to them: what a heat-map cell opens. */
static void by_technique(struct mout *o, const struct report *r,
			 const struct tech_findings *tf)
{
	const struct score *sc = r->score;
	size_t k, i;

	if (!sc || !tf->c)
		return;
	mout_raw(o, "<h2 id=\"techniques\">Findings by technique</h2>\n");
	for (k = 0; k < sc->ntech; k++) {
		const struct score_technique *st = &sc->tech[k];
		const struct listed *c = &tf->c[k];

		if (!c->open && !c->accepted)
			continue;
		mout_raw(o, "<h3 id=\"t-");
		mout_text(o, st->t->id);
		mout_raw(o, "\">");
		mout_text(o, st->t->id);
		mout_raw(o, " ");
		mout_text(o, st->t->name);
		mout_raw(o, "</h3>\n<ul>\n");
		for (i = tf->start[k]; i < tf->start[k + 1]; i++) {
			const struct finding *fd = r->findings->v[tf->v[i]];
			struct sbuf ref = SBUF_INIT;

			mout_raw(o,
				 "<li><a href=\"#f-%s\"><span class=\"sev "
				 "sev-%s\">%s</span></a> <code class=\"id\">",
				 finding_fp(fd), severity_name(fd->severity),
				 severity_name(fd->severity));
			mout_text(o, fd->check->id);
			mout_raw(o, "</code> ");
			if (render_objref(&ref, fd->obj))
				o->err = -1;
			mout_text(o, ref.buf);
			sbuf_release(&ref);
			if (fd->suppressed_by)
				mout_raw(o, " (accepted)");
			mout_raw(o, "</li>\n");
		}
		mout_raw(o, "</ul>\n");
	}
}

/* When and what: the line under the title. */
static void when_what(struct mout *o, const struct report *r)
{
	const struct scan_meta *m = r->scan ? &r->scan->meta : NULL;

	mout_raw(o, "<p class=\"when\">");
	if (r->opts && r->opts->generated_at) {
		mout_raw(o, "Report of ");
		mout_text(o, r->opts->generated_at);
	} else {
		mout_raw(o, "Report");
	}
	if (m && m->context) {
		mout_raw(o, " for context <b>");
		mout_text(o, m->context);
		mout_raw(o, "</b>");
	}
	if (m && m->cluster) {
		mout_raw(o, ", cluster <b>");
		mout_text(o, m->cluster);
		mout_raw(o, "</b>");
	}
	if (m && m->source) {
		mout_raw(o, " (");
		mout_text(o, m->source);
		mout_raw(o, ")");
	}
	mout_raw(o, "</p>\n");
}

static void toc(struct mout *o)
{
	mout_raw(o, "<nav><b>Contents</b>: <a href=\"#scan\">Scan</a>"
		    "<a href=\"#summary\">Summary</a>"
		    "<a href=\"#matrix\">Threat matrix</a>"
		    "<a href=\"#unseen\">What could not be seen</a>"
		    "<a href=\"#techniques\">Findings by technique</a>"
		    "<a href=\"#findings\">Findings</a>"
		    "<a href=\"#suppressed\">Suppressed</a>"
		    "<a href=\"#exceptions\">Exceptions</a>"
		    "<a href=\"#checks\">Checks</a>"
		    "<a href=\"#notes\">Scoring notes</a></nav>\n");
}

static void opt_cell(struct mout *o, const char *s, const char *dflt)
{
	mout_raw(o, "<td>");
	if (s) {
		mout_raw(o, "<code>");
		mout_text(o, s);
		mout_raw(o, "</code>");
	} else {
		mout_raw(o, "%s", dflt);
	}
	mout_raw(o, "</td>");
}

static void exceptions(struct mout *o, const struct report *r)
{
	size_t i, n = policy_count(r->policy);

	mout_raw(o, "<h2 id=\"exceptions\">Exceptions</h2>\n");
	if (!n) {
		mout_raw(o, "<p>No exceptions file was given.</p>\n");
		return;
	}
	mout_raw(
	    o, "<table><tr><th>Where</th><th>Checks</th><th>Namespace</th>"
	       "<th>Name</th><th>Kind</th><th>Container</th><th>Reason</th>"
	       "<th>Owner</th><th>Expires</th><th>Status</th><th>Findings</th>"
	       "</tr>\n");
	for (i = 0; i < n; i++) {
		const struct policy_exception *e = policy_at(r->policy, i);
		size_t k;

		mout_raw(o, "<tr><td>");
		mout_text(o, e->file);
		mout_raw(o, ":%u</td><td>", e->line);
		if (!e->checks)
			mout_raw(o, "all");
		for (k = 0; e->checks && e->checks[k]; k++) {
			mout_raw(o, "%s<code class=\"id\">", k ? ", " : "");
			mout_text(o, e->checks[k]);
			mout_raw(o, "</code>");
		}
		mout_raw(o, "</td>");
		opt_cell(o, e->ns_pattern, "");
		opt_cell(o, e->name_pattern, "");
		opt_cell(o, e->kind, "any");
		opt_cell(o, e->container, "any");
		mout_raw(o, "<td>");
		mout_text(o, e->reason);
		mout_raw(o, "</td><td>");
		mout_text(o, e->owner ? e->owner : "");
		mout_raw(o, "</td><td>");
		mout_text(o, e->expires ? e->expires : "never");
		mout_raw(o, "</td><td>%s</td><td>%zu%s</td></tr>\n",
			 e->expired ? "<b>expired</b>, not applied" : "applied",
			 e->matched, e->expired ? " would match" : "");
	}
	mout_raw(o, "</table>\n");
}

static void checks(struct mout *o, const struct report *r)
{
	size_t i;

	mout_raw(o, "<h2 id=\"checks\">Checks</h2>\n<table><tr><th>Check</th>"
		    "<th>Title</th>"
		    "<th>Severity</th><th>Status</th><th>Findings</th>"
		    "<th>Suppressed</th><th>Techniques</th></tr>\n");
	for (i = 0; i < r->nresults; i++) {
		const struct check_result *cr = &r->results[i];
		const struct check *c = cr->check;

		mout_raw(o, "<tr><td><code class=\"id\">");
		mout_text(o, c->id);
		mout_raw(o, "</code></td><td>");
		mout_text(o, c->title);
		mout_raw(o,
			 "</td><td>%s</td><td>%s%s</td><td>%zu</td><td>%zu</td>"
			 "<td>",
			 severity_name(c->severity),
			 check_status_name(cr->status),
			 cr->partial ? " (partial)" : "",
			 render_count(r, c, false), render_count(r, c, true));
		id_list(o, c->techniques);
		mout_raw(o, "</td></tr>\n");
	}
	mout_raw(o, "</table>\n");
}

static void notes(struct mout *o)
{
	mout_raw(
	    o,
	    "<h2 id=\"notes\">Scoring notes</h2>\n<p>Each technique of the "
	    "matrix is "
	    "<i>exposed</i> (a finding no exception covers), <i>clean</i> "
	    "(a covering check ran and left no open finding), <i>not "
	    "visible</i> (every covering check lacked read access) or "
	    "<i>not checked</i> (configuration could judge it, but no "
	    "covering check ran) or <i>not judgeable from configuration</i> "
	    "(it is decided at runtime or in the cloud account, whatever a "
	    "check mapped to it reports). An exposed "
	    "technique weighs 100 (critical), 75 (high), 50 (medium) or 25 "
	    "(low) by its worst finding; a not visible one weighs 50; a "
	    "clean one 0. A score is 100 minus the mean weight of the judged "
	    "techniques; exceptions can only raise it.</p>\n");
}

static int render_html(const struct report *r, struct sbuf *out)
{
	struct mout o = { .sb = out, .escape = markup_html };
	struct tech_findings tf = { 0 };

	mout_raw(
	    &o,
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
	when_what(&o, r);
	toc(&o);
	metadata(&o, r);
	summary(&o, r);
	if (r->score)
		tech_findings_build(&tf, r);
	heatmap(&o, r, &tf);
	not_judgeable(&o, r);
	unseen(&o, r);
	by_technique(&o, r, &tf);
	tech_findings_free(&tf);
	findings(&o, r);
	exceptions(&o, r);
	checks(&o, r);
	notes(&o);
	mout_raw(&o, "</body>\n</html>\n");
	return o.err ? DIAG_LIMIT : 0;
}

const struct renderer renderer_html = {
	.name = "html",
	.extension = "html",
	.render = render_html,
};
