/*
 * render_junit.c - JUnit XML for CI dashboards (docs/reports.md).
 *
 * One testcase per check; one <failure> per unsuppressed finding;
 * suppressed findings are listed in <system-out>, never as failures;
 * checks that could not see what they need, or were deselected, are
 * <skipped>; a check that failed to run is an <error>.
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
#include "render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

struct out {
	struct sbuf *sb;
	int err;
};

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

static void txt(struct out *o, const char *s)
{
	if (markup_xml(o->sb, s ? s : ""))
		o->err = -1;
}

/* "threatmap.PrivilegeEscalation": the tactic of the first technique. */
static void classname(struct out *o, const struct check *c)
{
	const struct mx_technique *t = c->techniques && c->techniques[0]
					   ? matrix_technique(c->techniques[0])
					   : NULL;

	raw(o, "threatmap");
	if (t && t->tactics && t->tactics[0]) {
		raw(o, ".");
		txt(o, t->tactics[0]);
	}
}

static void failure(struct out *o, const struct finding *fd)
{
	struct sbuf ref = SBUF_INIT;
	unsigned line, col;
	size_t i;

	if (render_objref(&ref, fd->obj))
		o->err = -1;
	raw(o, "      <failure type=\"%s\" message=\"",
	    severity_name(fd->severity));
	txt(o, ref.buf);
	raw(o, ": ");
	txt(o, fd->message);
	raw(o, "\">");
	txt(o, ref.buf);
	if (fd->container) {
		raw(o, " container ");
		txt(o, fd->container);
	}
	finding_location(fd, &line, &col);
	if (fd->obj && fd->obj->file && *fd->obj->file) {
		raw(o, "\n");
		txt(o, fd->obj->file);
		if (line)
			raw(o, ":%u", line);
	}
	raw(o, "\n");
	txt(o, fd->message);
	for (i = 0; i < fd->nev; i++) {
		raw(o, "\n");
		txt(o, fd->ev[i].path);
		raw(o, " = ");
		txt(o, fd->ev[i].value);
	}
	for (i = 0; i < fd->nhops; i++) {
		raw(o, "\n%zu. ", i + 1);
		txt(o, fd->hops[i].label);
	}
	if (fd->check && fd->check->remediation) {
		raw(o, "\nRemediation: ");
		txt(o, fd->check->remediation);
	}
	raw(o, "\nfingerprint %s</failure>\n", fd->fingerprint);
	sbuf_release(&ref);
}

static void suppressed_out(struct out *o, const struct report *r,
			   const struct check *c)
{
	size_t i;
	bool any = false;

	for (i = 0; r->findings && i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		struct sbuf ref = SBUF_INIT;

		if (fd->check != c || !fd->suppressed_by)
			continue;
		if (!any)
			raw(o, "      <system-out>");
		any = true;
		if (render_objref(&ref, fd->obj))
			o->err = -1;
		raw(o, "suppressed: ");
		txt(o, ref.buf);
		raw(o, ": ");
		txt(o, fd->message);
		raw(o, " (exception: ");
		txt(o, fd->suppressed_by);
		raw(o, ")\n");
		sbuf_release(&ref);
	}
	if (any)
		raw(o, "</system-out>\n");
}

static void testcase(struct out *o, const struct report *r,
		     const struct check *c, const struct check_result *cr)
{
	size_t i;

	raw(o, "    <testcase classname=\"");
	classname(o, c);
	raw(o, "\" name=\"");
	txt(o, c->id);
	raw(o, ": ");
	txt(o, c->title);
	raw(o, "\">\n");
	if (cr &&
	    (cr->status == CHECK_NOT_VISIBLE || cr->status == CHECK_SKIPPED)) {
		raw(o, "      <skipped message=\"");
		txt(o, cr->status == CHECK_SKIPPED ? "deselected"
		       : cr->why		   ? cr->why
						   : "not visible");
		raw(o, "\"/>\n");
	} else if (cr && cr->status == CHECK_ERROR) {
		raw(o, "      <error message=\"");
		txt(o, cr->why ? cr->why : "the check failed");
		raw(o, "\"/>\n");
	}
	for (i = 0; r->findings && i < r->findings->n; i++)
		if (r->findings->v[i]->check == c &&
		    !r->findings->v[i]->suppressed_by)
			failure(o, r->findings->v[i]);
	suppressed_out(o, r, c);
	raw(o, "    </testcase>\n");
}

static int render_junit(const struct report *r, struct sbuf *out)
{
	struct out o = { out, 0 };
	const struct check **cs;
	size_t n, i, failed = 0, skipped = 0, errors = 0;

	cs = render_checks(r, &n);
	for (i = 0; i < n; i++) {
		const struct check_result *cr = render_result(r, cs[i]);

		if (cr && (cr->status == CHECK_NOT_VISIBLE ||
			   cr->status == CHECK_SKIPPED))
			skipped++;
		else if (cr && cr->status == CHECK_ERROR)
			errors++;
		if (render_count(r, cs[i], false))
			failed++;
	}
	raw(&o,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"threatmap\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"%zu\" skipped=\"%zu\">\n  <testsuite name=\"threatmap\" "
	    "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
	    n, failed, errors, skipped, n, failed, errors, skipped);
	if (r->opts && r->opts->generated_at) {
		raw(&o, " timestamp=\"");
		txt(&o, r->opts->generated_at);
		raw(&o, "\"");
	}
	raw(&o, ">\n    <properties>\n");
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
			raw(&o, "      <property name=\"%s\" value=\"",
			    kv[i][0]);
			txt(&o, kv[i][1]);
			raw(&o, "\"/>\n");
		}
	}
	if (r->score && r->score->overall >= 0)
		raw(&o, "      <property name=\"score\" value=\"%d\"/>\n",
		    r->score->overall);
	if (r->score)
		raw(&o, "      <property name=\"suppressed\" value=\"%zu\"/>\n",
		    r->score->suppressed);
	raw(&o, "    </properties>\n");
	for (i = 0; i < n; i++)
		testcase(&o, r, cs[i], render_result(r, cs[i]));
	raw(&o, "  </testsuite>\n</testsuites>\n");
	free(cs);
	return o.err ? DIAG_LIMIT : 0;
}

const struct renderer renderer_junit = {
	.name = "junit",
	.extension = "xml",
	.render = render_junit,
};
