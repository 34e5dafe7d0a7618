/*
 * render_junit.c - JUnit XML for CI dashboards (docs/reports.md).
 *
 * One testcase per check; one <failure> per unsuppressed finding;
 * suppressed findings are listed in <system-out>, never as failures,
 * after what a partial check could not see;
 * checks that could not see what they need, or were deselected, are
 * <skipped>; a check that failed to run is an <error>.
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
#include "render/render_index.h"
#include "matrix.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

/* "threatmap.PrivilegeEscalation": the tactic of the first technique. */
static void classname(struct mout *o, const struct check *c)
{
	const struct mx_technique *t = c->techniques && c->techniques[0]
					   ? matrix_technique(c->techniques[0])
					   : NULL;

	mout_raw(o, "threatmap");
	if (t && t->tactics && t->tactics[0]) {
		mout_raw(o, ".");
		mout_text(o, t->tactics[0]);
	}
}

static void failure(struct mout *o, const struct finding *fd)
{
	struct sbuf ref = SBUF_INIT;
	unsigned line, col;
	size_t i;

	if (render_objref(&ref, fd->obj))
		o->err = -1;
	mout_raw(o, "      <failure type=\"%s\" message=\"",
		 severity_name(fd->severity));
	mout_text(o, ref.buf);
	mout_raw(o, ": ");
	mout_text(o, fd->message);
	mout_raw(o, "\">");
	mout_text(o, ref.buf);
	if (fd->container) {
		mout_raw(o, " container ");
		mout_text(o, fd->container);
	}
	finding_location(fd, &line, &col);
	if (fd->obj && fd->obj->file && *fd->obj->file) {
		mout_raw(o, "\n");
		mout_text(o, fd->obj->file);
		if (line)
			mout_raw(o, ":%u", line);
	}
	mout_raw(o, "\n");
	mout_text(o, fd->message);
	for (i = 0; i < fd->nev; i++) {
		mout_raw(o, "\n");
		mout_text(o, fd->ev[i].path);
		mout_raw(o, " = ");
		mout_text(o, fd->ev[i].value);
	}
	for (i = 0; i < fd->nhops; i++) {
		mout_raw(o, "\n%zu. ", i + 1);
		mout_text(o, fd->hops[i].label);
	}
	if (fd->check && fd->check->remediation) {
		mout_raw(o, "\nRemediation: ");
		mout_text(o, fd->check->remediation);
	}
	mout_raw(o, "\nfingerprint %s</failure>\n", finding_fp(fd));
	sbuf_release(&ref);
}

/*
 * <system-out>: for a check that saw only part of what it needs, what it
 * missed (it may pass or fail on the rest: a pass is a partial one); then
 * the suppressed findings.
 */
static void suppressed_out(struct mout *o, const struct report *r,
			   const struct render_index *ix, size_t first,
			   const struct check_result *cr)
{
	size_t i;
	bool any = false;

	if (cr && cr->partial && cr->status != CHECK_NOT_VISIBLE &&
	    cr->status != CHECK_SKIPPED) {
		mout_raw(o, "      <system-out>partial: ");
		mout_text(o,
			  cr->why ? cr->why : "some objects were not visible");
		mout_raw(o, "\n");
		any = true;
	}

	for (i = first; i != RENDER_NONE; i = ix->next[i]) {
		const struct finding *fd = r->findings->v[i];
		struct sbuf ref = SBUF_INIT;

		if (!fd->suppressed_by)
			continue;
		if (!any)
			mout_raw(o, "      <system-out>");
		any = true;
		if (render_objref(&ref, fd->obj))
			o->err = -1;
		mout_raw(o, "suppressed: ");
		mout_text(o, ref.buf);
		mout_raw(o, ": ");
		mout_text(o, fd->message);
		mout_raw(o, " (exception: ");
		mout_text(o, fd->suppressed_by);
		mout_raw(o, ")\n");
		sbuf_release(&ref);
	}
	if (any)
		mout_raw(o, "</system-out>\n");
}

/* first: the check's first finding in ix, RENDER_NONE when it has none */
static void testcase(struct mout *o, const struct report *r,
		     const struct render_index *ix, size_t first,
		     const struct check *c, const struct check_result *cr)
{
	size_t i;

	mout_raw(o, "    <testcase classname=\"");
	classname(o, c);
	mout_raw(o, "\" name=\"");
	mout_text(o, c->id);
	mout_raw(o, ": ");
	mout_text(o, c->title);
	mout_raw(o, "\">\n");
	if (cr &&
	    (cr->status == CHECK_NOT_VISIBLE || cr->status == CHECK_SKIPPED)) {
		mout_raw(o, "      <skipped message=\"");
		mout_text(o, cr->status == CHECK_SKIPPED ? "deselected"
			     : cr->why			 ? cr->why
							 : "not visible");
		mout_raw(o, "\"/>\n");
	} else if (cr && cr->status == CHECK_ERROR) {
		mout_raw(o, "      <error message=\"");
		mout_text(o, cr->why ? cr->why : "the check failed");
		mout_raw(o, "\"/>\n");
	}
	for (i = first; i != RENDER_NONE; i = ix->next[i])
		if (!r->findings->v[i]->suppressed_by)
			failure(o, r->findings->v[i]);
	suppressed_out(o, r, ix, first, cr);
	mout_raw(o, "    </testcase>\n");
}

/*
 * Files or documents that could not be read, after the test cases (where
 * the JUnit schema puts a suite's output): the checks did not see them.
 */
static void input_errors(struct mout *o, const struct report *r)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i;

	if (!r->scan || !r->scan->errors.n)
		return;
	mout_raw(o, "    <system-err>");
	for (i = 0; i < r->scan->errors.n; i++) {
		mout_raw(o, "input error, not judged: ");
		mout_text(o,
			  diag_format(&r->scan->errors.v[i], buf, sizeof(buf)));
		mout_raw(o, "\n");
	}
	mout_raw(o, "</system-err>\n");
}

static bool key_check(const struct report *r, const struct finding *fd,
		      struct render_key *k)
{
	(void)r;
	*k = (struct render_key){ (uintptr_t)fd->check, 0 };
	return true;
}

/*
 * For each check of cs, the index of its first finding (RENDER_NONE when
 * it has none), its findings chained in ix: one pass over the findings,
 * not one per check; malloc'ed.
 */
static size_t *check_firsts(const struct report *r, struct render_index *ix,
			    const struct check *const *cs, size_t n)
{
	size_t nf = r->findings ? r->findings->n : 0, nh = 0, i, k;
	size_t *heads = xrealloc_array(NULL, nf ? nf : 1, sizeof(*heads));
	size_t *first = xrealloc_array(NULL, n ? n : 1, sizeof(*first));

	render_index_build(ix, r, key_check);
	for (i = 0; i < nf; i++)
		if (render_index_head(ix, i))
			heads[nh++] = i;
	/* a check table's size squared, not the findings' */
	for (k = 0; k < n; k++) {
		first[k] = RENDER_NONE;
		for (i = 0; i < nh && first[k] == RENDER_NONE; i++)
			if (r->findings->v[heads[i]]->check == cs[k])
				first[k] = heads[i];
	}
	free(heads);
	return first;
}

static int render_junit(const struct report *r, struct sbuf *out)
{
	struct mout o = { .sb = out, .escape = markup_xml };
	const struct check **cs;
	struct render_index ix;
	size_t n, i, j, failed = 0, skipped = 0, errors = 0, *first;

	cs = render_checks(r, &n);
	first = check_firsts(r, &ix, cs, n);
	for (i = 0; i < n; i++) {
		const struct check_result *cr = render_result(r, cs[i]);

		if (cr && (cr->status == CHECK_NOT_VISIBLE ||
			   cr->status == CHECK_SKIPPED))
			skipped++;
		else if (cr && cr->status == CHECK_ERROR)
			errors++;
		for (j = first[i]; j != RENDER_NONE; j = ix.next[j])
			if (!r->findings->v[j]->suppressed_by)
				break;
		failed += j != RENDER_NONE; /* an unsuppressed finding */
	}
	mout_raw(
	    &o,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"threatmap\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"%zu\" skipped=\"%zu\">\n  <testsuite name=\"threatmap\" "
	    "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
	    n, failed, errors, skipped, n, failed, errors, skipped);
	if (r->opts && r->opts->generated_at) {
		mout_raw(&o, " timestamp=\"");
		mout_text(&o, r->opts->generated_at);
		mout_raw(&o, "\"");
	}
	mout_raw(&o, ">\n    <properties>\n");
	if (r->scan) {
		const struct scan_meta *m = &r->scan->meta;
		const char *const kv[][2] = {
			{ "source", m->source },
			{ "context", m->context },
			{ "cluster", m->cluster },
			{ "serverVersion", m->server_version },
			{ "toolVersion",
			  r->opts ? r->opts->tool_version : NULL },
		};
		for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
			if (!kv[i][1])
				continue;
			mout_raw(&o, "      <property name=\"%s\" value=\"",
				 kv[i][0]);
			mout_text(&o, kv[i][1]);
			mout_raw(&o, "\"/>\n");
		}
	}
	if (r->score && r->score->overall >= 0)
		mout_raw(&o, "      <property name=\"score\" value=\"%d\"/>\n",
			 r->score->overall);
	if (r->score)
		mout_raw(
		    &o, "      <property name=\"suppressed\" value=\"%zu\"/>\n",
		    r->score->suppressed);
	if (r->scan && r->scan->errors.n)
		mout_raw(&o,
			 "      <property name=\"inputErrors\" "
			 "value=\"%zu\"/>\n",
			 r->scan->errors.n);
	for (i = 0; r->score && i < r->score->ntech; i++) {
		const struct score_technique *st = &r->score->tech[i];

		if (st->status != TECH_NOT_JUDGEABLE)
			continue;
		mout_raw(&o,
			 "      <property name=\"notJudgeable.%s\" value=\"",
			 st->t->id);
		mout_text(&o, st->t->reveal ? st->t->reveal : "");
		mout_raw(&o, "\"/>\n");
	}
	mout_raw(&o, "    </properties>\n");
	for (i = 0; i < n; i++)
		testcase(&o, r, &ix, first[i], cs[i], render_result(r, cs[i]));
	input_errors(&o, r);
	mout_raw(&o, "  </testsuite>\n</testsuites>\n");
	render_index_free(&ix);
	free(first);
	free(cs);
	return o.err ? DIAG_LIMIT : 0;
}

const struct renderer renderer_junit = {
	.name = "junit",
	.extension = "xml",
	.render = render_junit,
};
