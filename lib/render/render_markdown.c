/*
 * render_markdown.c - a summary for pull-request comments (docs/reports.md).
 *
 * GitHub refuses comments longer than 65536 characters; the summary stays
 * under MD_LIMIT bytes (bytes >= characters) by dropping the rows that do
 * not fit and saying how many were left out.
 */
#include "render/render.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "render/markup.h"
#include "matrix.h"
#include "policy.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

/* Room kept for the truncation note and the footer. */
#define MD_RESERVE 1024

struct md {
	struct sbuf *sb;
	size_t limit;
	size_t omitted; /* rows left out */
	int err;
};

static void raw(struct md *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void raw(struct md *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (sbuf_vaddf(m->sb, fmt, ap))
		m->err = -1;
	va_end(ap);
}

static void esc(struct sbuf *sb, const char *s, int *err)
{
	if (markup_md(sb, s ? s : ""))
		*err = -1;
}

/* Append a finished row when it fits the budget; count it otherwise. */
static bool row(struct md *m, const struct sbuf *r)
{
	if (m->omitted || sbuf_pos(m->sb) + r->len + MD_RESERVE > m->limit) {
		m->omitted++;
		return false;
	}
	if (sbuf_add(m->sb, r->buf, r->len))
		m->err = -1;
	return true;
}

static void score_text(struct sbuf *sb, int score, int *err)
{
	if (score < 0 ? sbuf_adds(sb, "n/a") : sbuf_addf(sb, "%d", score))
		*err = -1;
}

static void header(struct md *m, const struct report *r)
{
	const struct score *sc = r->score;
	struct sbuf t = SBUF_INIT;
	struct render_tally c;
	size_t i;

	raw(m, "## threatmap");
	if (sc) {
		raw(m, ": score ");
		score_text(m->sb, sc->overall, &m->err);
		raw(m, "/100 (higher is better");
		if (sc->partial_coverage)
			raw(m, "; partial coverage: %zu of %zu techniques",
			    sc->judged, sc->judgeable);
		raw(m, ")");
	}
	raw(m, "\n\n");
	if (!sc)
		return;
	/* the rows below, not the score's count, which still holds the
	 * findings hidden by the baseline or the minimum severity */
	render_tally(r, &c);
	raw(m,
	    "**%zu finding%s** (%zu critical, %zu high, %zu medium, "
	    "%zu low)",
	    c.findings, c.findings == 1 ? "" : "s", c.by_severity[SEV_CRITICAL],
	    c.by_severity[SEV_HIGH], c.by_severity[SEV_MEDIUM],
	    c.by_severity[SEV_LOW]);
	raw(m, " · %zu suppressed by exceptions", sc->suppressed);
	if (sc->filtered)
		raw(m, " · %zu below the minimum severity", sc->filtered);
	if (sc->excluded)
		raw(m, " · %zu in excluded namespaces", sc->excluded);
	if (sc->baselined)
		raw(m, " · %zu already in the baseline", sc->baselined);
	if (sc->checks_not_visible)
		raw(m, " · %zu check%s not visible", sc->checks_not_visible,
		    sc->checks_not_visible == 1 ? "" : "s");
	if (r->scan && r->scan->errors.n)
		raw(m, " · %zu input error%s", r->scan->errors.n,
		    r->scan->errors.n == 1 ? "" : "s");
	raw(m, "\n\n| Tactic | Score | Exposed | Clean | Not visible | "
	       "Not checked | Not judgeable |\n"
	       "|---|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < sc->ntactics; i++) {
		const struct score_tactic *ta = &sc->tactics[i];

		sbuf_reset(&t);
		if (sbuf_addf(&t, "| %s | ", ta->tactic->name))
			m->err = -1;
		score_text(&t, ta->score, &m->err);
		if (sbuf_addf(&t, " | %zu | %zu | %zu | %zu | %zu |\n",
			      ta->count[TECH_EXPOSED], ta->count[TECH_CLEAN],
			      ta->count[TECH_NOT_VISIBLE],
			      ta->count[TECH_NOT_CHECKED],
			      ta->count[TECH_NOT_JUDGEABLE]))
			m->err = -1;
		raw(m, "%s", t.buf);
	}
	raw(m, "\n");
	if (sc->count[TECH_NOT_JUDGEABLE])
		raw(m, "Not judgeable from configuration:\n\n");
	for (i = 0; i < sc->ntech; i++) {
		const struct mx_technique *q = sc->tech[i].t;

		if (sc->tech[i].status != TECH_NOT_JUDGEABLE)
			continue;
		sbuf_reset(&t);
		if (sbuf_addf(&t, "- %s ", q->id))
			m->err = -1;
		esc(&t, q->name, &m->err);
		if (sbuf_addf(&t, " (%s): revealed by ",
			      matrix_observability_name(q->observability)))
			m->err = -1;
		esc(&t, q->reveal ? q->reveal : "-", &m->err);
		raw(m, "%s\n", t.buf);
	}
	if (sc->count[TECH_NOT_JUDGEABLE])
		raw(m, "\n");
	sbuf_release(&t);
}

/* "MS-TA9018, MS-TA9013": the matrix techniques of the check. */
static void techniques(struct sbuf *r, const struct check *c, int *err)
{
	const char *const *p;

	for (p = c ? c->techniques : NULL; p && *p; p++) {
		if (p != c->techniques && sbuf_adds(r, ", "))
			*err = -1;
		esc(r, *p, err);
	}
}

/* Longest fix shown in a row; a comment has room for many rows. */
#define MD_FIX_MAX 160

/*
 * The first sentence of the check's remediation, cut at MD_FIX_MAX, and
 * the field to change: "Set privileged: false. At `spec.containers[0]`."
 */
static void fix(struct sbuf *r, const struct finding *fd, int *err)
{
	const struct check *c = fd->check;
	struct sbuf t = SBUF_INIT, path = SBUF_INIT, yaml = SBUF_INIT;
	const char *s = c && c->remediation ? c->remediation : "";
	const char *end = strstr(s, ". ");
	size_t full = end ? (size_t)(end - s) + 1 : strlen(s), n = full;

	if (n > MD_FIX_MAX) {
		n = MD_FIX_MAX;
		while (n && s[n] != ' ')
			n--; /* at a word */
	}
	if (sbuf_add(&t, s, n) || (n < full && sbuf_adds(&t, " ...")))
		*err = -1;
	esc(r, t.buf ? t.buf : "", err);
	if (render_fix(fd, &path, &yaml) && path.len) {
		/* a code span holds no escapes: only a path of field names and
		 * indexes goes in one, any other as escaped text */
		bool span =
		    !path.buf[strspn(path.buf, "abcdefghijklmnopqrstuvwxyz"
					       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					       "0123456789.-_/[]")];

		if (sbuf_adds(r, *s ? " At " : "At ") ||
		    (span && sbuf_addch(r, '`')))
			*err = -1;
		if (!span)
			esc(r, path.buf, err);
		else if (sbuf_add(r, path.buf, path.len))
			*err = -1;
		if (sbuf_adds(r, span ? "`." : "."))
			*err = -1;
	}
	sbuf_release(&t);
	sbuf_release(&path);
	sbuf_release(&yaml);
}

static void finding_row(struct md *m, const struct finding *fd, bool supp)
{
	struct sbuf r = SBUF_INIT, ref = SBUF_INIT;
	unsigned line, col;

	/* past the budget every row is only counted (row()): not built */
	if (m->omitted) {
		m->omitted++;
		return;
	}
	if (render_objref(&ref, fd->obj))
		m->err = -1;
	if (sbuf_addf(&r, "| %s | `", severity_name(fd->severity)))
		m->err = -1;
	/* check ids are kebab-case; escape anyway, outside the code span */
	esc(&r, fd->check ? fd->check->id : "", &m->err);
	if (sbuf_adds(&r, "` | "))
		m->err = -1;
	techniques(&r, fd->check, &m->err);
	if (sbuf_adds(&r, " | "))
		m->err = -1;
	esc(&r, ref.buf, &m->err);
	if (fd->container) {
		if (sbuf_adds(&r, ", container "))
			m->err = -1;
		esc(&r, fd->container, &m->err);
	}
	if (sbuf_adds(&r, " | "))
		m->err = -1;
	esc(&r, supp ? fd->suppressed_by : fd->message, &m->err);
	if (sbuf_adds(&r, " | "))
		m->err = -1;
	if (!supp)
		fix(&r, fd, &m->err);
	if (sbuf_adds(&r, " | "))
		m->err = -1;
	finding_location(fd, &line, &col);
	if (fd->obj && fd->obj->file && *fd->obj->file) {
		esc(&r, fd->obj->file, &m->err);
		if (line && sbuf_addf(&r, ":%u", line))
			m->err = -1;
	}
	if (sbuf_adds(&r, " |\n"))
		m->err = -1;
	row(m, &r);
	sbuf_release(&r);
	sbuf_release(&ref);
}

static void findings(struct md *m, const struct report *r)
{
	size_t i, n = r->findings ? r->findings->n : 0, open = 0, supp = 0;

	for (i = 0; i < n; i++) {
		if (r->findings->v[i]->suppressed_by)
			supp++;
		else
			open++;
	}
	raw(m, "### Findings\n\n");
	if (!open) {
		raw(m, "No open findings.\n\n");
	} else {
		raw(m, "| Severity | Check | Techniques | Object | Finding | "
		       "Fix | Location |\n|---|---|---|---|---|---|---|\n");
		for (i = 0; i < n; i++)
			if (!r->findings->v[i]->suppressed_by)
				finding_row(m, r->findings->v[i], false);
		raw(m, "\n");
	}
	if (!supp)
		return;
	raw(m,
	    "### Suppressed by exceptions (%zu)\n\n| Severity | Check | "
	    "Techniques | Object | Reason | | Location |\n"
	    "|---|---|---|---|---|---|---|\n",
	    supp);
	for (i = 0; i < n; i++)
		if (r->findings->v[i]->suppressed_by)
			finding_row(m, r->findings->v[i], true);
	raw(m, "\n");
}

static void expired(struct md *m, const struct report *r)
{
	size_t i, n = policy_count(r->policy);
	struct sbuf t = SBUF_INIT;

	if (!policy_expired_count(r->policy))
		return;
	raw(m, "### Expired exceptions (not applied)\n\n");
	for (i = 0; i < n; i++) {
		const struct policy_exception *e = policy_at(r->policy, i);

		if (!e->expired)
			continue;
		sbuf_reset(&t);
		if (sbuf_adds(&t, "- "))
			m->err = -1;
		esc(&t, e->file, &m->err);
		if (sbuf_addf(&t, ":%u: expired ", e->line))
			m->err = -1;
		esc(&t, e->expires, &m->err);
		if (sbuf_adds(&t, " (would match "))
			m->err = -1;
		if (sbuf_addf(&t, "%zu): ", e->matched))
			m->err = -1;
		esc(&t, e->reason, &m->err);
		if (sbuf_adds(&t, "\n"))
			m->err = -1;
		row(m, &t);
	}
	raw(m, "\n");
	sbuf_release(&t);
}

/*
 * Input errors: files or documents that could not be read, so the
 * findings may be incomplete.  Before the findings, so that a long list
 * of them cannot push these out of the comment.
 */
static void input_errors(struct md *m, const struct report *r)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	struct sbuf t = SBUF_INIT;
	const struct diag_list *e;
	size_t i;

	if (!r->scan || !(e = &r->scan->errors)->n)
		return;
	raw(m, "### Input errors\n\nNot read, so not judged: the findings "
	       "below may be incomplete.\n\n");
	for (i = 0; i < e->n; i++) {
		sbuf_reset(&t);
		if (sbuf_adds(&t, "- "))
			m->err = -1;
		esc(&t, diag_format(&e->v[i], buf, sizeof(buf)), &m->err);
		if (sbuf_adds(&t, "\n"))
			m->err = -1;
		row(m, &t);
	}
	raw(m, "\n");
	sbuf_release(&t);
}

/*
 * Input warnings: inputs skipped on purpose and objects kept under a
 * made-up name, with their place.
 */
static void warnings(struct md *m, const struct report *r, struct sbuf *t)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	const struct diag_list *w;
	size_t i;

	if (!r->scan || !(w = &r->scan->warnings)->n)
		return;
	raw(m, "### Input warnings\n\n");
	for (i = 0; i < w->n; i++) {
		sbuf_reset(t);
		if (sbuf_adds(t, "- "))
			m->err = -1;
		esc(t, diag_format(&w->v[i], buf, sizeof(buf)), &m->err);
		if (sbuf_adds(t, "\n"))
			m->err = -1;
		row(m, t);
	}
	raw(m, "\n");
}

static void unseen(struct md *m, const struct report *r)
{
	struct sbuf t = SBUF_INIT;
	size_t i;
	bool any = false;

	for (i = 0; i < r->nresults; i++) {
		const struct check_result *cr = &r->results[i];

		if (cr->status != CHECK_NOT_VISIBLE &&
		    cr->status != CHECK_ERROR && !cr->partial)
			continue;
		if (!any)
			raw(m, "### Not visible\n\n");
		any = true;
		sbuf_reset(&t);
		if (sbuf_adds(&t, "- `"))
			m->err = -1;
		esc(&t, cr->check->id, &m->err);
		if (sbuf_addf(&t, "` (%s): ",
			      cr->partial && cr->status != CHECK_NOT_VISIBLE
				  ? "partial"
				  : check_status_name(cr->status)))
			m->err = -1;
		esc(&t, cr->why, &m->err);
		if (sbuf_adds(&t, "\n"))
			m->err = -1;
		row(m, &t);
	}
	if (any)
		raw(m, "\n");
	warnings(m, r, &t);
	sbuf_release(&t);
}

int render_markdown_limited(const struct report *r, struct sbuf *out,
			    size_t limit)
{
	struct md m = { out, limit, 0, 0 };
	size_t start = sbuf_pos(out);

	m.limit = start + limit;
	header(&m, r);
	input_errors(&m, r);
	/* what could not be seen before the findings: a long list of
	 * findings must not push it out of the comment */
	unseen(&m, r);
	findings(&m, r);
	expired(&m, r);
	if (m.omitted)
		raw(&m,
		    "> **Truncated:** %zu more row%s did not fit in a "
		    "comment; see the full report (HTML, SARIF or JSON "
		    "output).\n\n",
		    m.omitted, m.omitted == 1 ? "" : "s");
	raw(&m, "<sub>threatmap %s",
	    r->opts && r->opts->tool_version ? r->opts->tool_version
					     : THREATMAP_VERSION);
	if (r->scan && r->scan->meta.source)
		raw(&m, " · %s", r->scan->meta.source);
	raw(&m, "</sub>\n");
	return m.err ? DIAG_LIMIT : 0;
}

/* GitHub's comment limit is 65536 characters; keep a margin. */
#define MD_LIMIT 65000

static int render_markdown(const struct report *r, struct sbuf *out)
{
	return render_markdown_limited(r, out, MD_LIMIT);
}

const struct renderer renderer_markdown = {
	.name = "markdown",
	.extension = "md",
	.render = render_markdown,
};
