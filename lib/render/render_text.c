/*
 * render_text.c - the report for people.
 *
 * Findings are grouped by tactic, then technique, both in matrix column
 * order.  A check may name several techniques and a technique may sit
 * under several tactics, so one finding can belong to several places: it
 * is printed in full at the first one and as a one-line reference at each
 * later one.  The summary counts every finding once.  Findings whose check
 * names no technique of the matrix come last, under "Not mapped".
 * Suppressed findings are not listed, only counted.
 *
 * Text from the input (names, messages, evidence values) is printed with
 * control characters escaped, so a manifest cannot move the cursor or
 * change the colours of the terminal that shows the report.
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
#include "matrix.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"

enum style {
	ST_PLAIN,
	ST_BOLD,
	ST_DIM,
	ST_CRITICAL,
	ST_HIGH,
	ST_MEDIUM,
	ST_LOW,
};

static const char *const style_codes[] = {
	[ST_PLAIN] = "",	[ST_BOLD] = "\033[1m",
	[ST_DIM] = "\033[2m",	[ST_CRITICAL] = "\033[1;31m",
	[ST_HIGH] = "\033[31m", [ST_MEDIUM] = "\033[33m",
	[ST_LOW] = "\033[36m",
};

struct tout {
	struct sbuf *sb;
	bool color;
	int err;
};

static void out_raw(struct tout *t, const char *s, size_t n)
{
	if (!t->err && sbuf_add(t->sb, s, n))
		t->err = -1;
}

static void out_s(struct tout *t, const char *s)
{
	out_raw(t, s, strlen(s));
}

static void out_f(struct tout *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void out_f(struct tout *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!t->err && sbuf_vaddf(t->sb, fmt, ap))
		t->err = -1;
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90; /* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	for (i = 1; i < n; i++, lo = 0x80, hi = 0xbf)
		if (p[i] < lo || p[i] > hi)
			return 0;
	return n;
}

/*
 * Input text: C0 controls, DEL, the C1 controls (U+0080-U+009F) and bytes
 * that are not UTF-8 are escaped, so nothing from a manifest reaches the
 * terminal as a control sequence.
 */
static void out_text(struct tout *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		const unsigned char *q = p;
		size_t n;

		while (*q >= 0x20 && *q < 0x7f)
			q++;
		out_raw(t, (const char *)p, (size_t)(q - p));
		p = q;
		if (!*p)
			break;
		if (*p < 0x80) {
			out_f(t, "\\x%02x", *p++);
		} else if (!(n = utf8_len(p))) {
			out_f(t, "\\x%02x", *p++);
		} else if (p[0] == 0xc2 && p[1] <= 0x9f) {
			out_f(t, "\\u%04x", p[1]);
			p += 2;
		} else {
			out_raw(t, (const char *)p, n);
			p += n;
		}
	}
}

static void style_on(struct tout *t, enum style st)
{
	if (t->color && st != ST_PLAIN)
		out_s(t, style_codes[st]);
}

static void style_off(struct tout *t, enum style st)
{
	if (t->color && st != ST_PLAIN)
		out_s(t, "\033[0m");
}

static enum style sev_style(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL: return ST_CRITICAL;
	case SEV_HIGH: return ST_HIGH;
	case SEV_MEDIUM: return ST_MEDIUM;
	case SEV_LOW: return ST_LOW;
	case SEV_NONE: break;
	}
	return ST_PLAIN;
}

static void out_severity(struct tout *t, enum severity s)
{
	const char *name = severity_name(s);
	char up[16];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32
								: name[i]);
	up[i] = '\0';
	style_on(t, sev_style(s));
	out_f(t, "%-8s", up);
	style_off(t, sev_style(s));
}

/*
 * "Deployment team-a/web", "ClusterRole admin",
 * "Pod web (namespace unspecified)".
 */
static void out_object(struct tout *t, const struct kobj *o)
{
	if (!o) {
		out_s(t, "(no object)");
		return;
	}
	out_text(t, o->kind);
	out_s(t, " ");
	if (o->ns) {
		out_text(t, o->ns);
		out_s(t, "/");
	}
	out_text(t, o->name);
	if (!o->ns && !kind_is_cluster_scoped(o->kind))
		out_s(t, " (namespace unspecified)");
}

static void out_place(struct tout *t, const char *file, unsigned line,
		      unsigned col)
{
	out_text(t, file ? file : "(unknown)");
	if (line)
		out_f(t, ":%u", line);
	if (line && col)
		out_f(t, ":%u", col);
}

static void out_finding_head(struct tout *t, const struct finding *fd)
{
	out_severity(t, fd->severity);
	out_s(t, " ");
	style_on(t, ST_BOLD);
	out_text(t, fd->check ? fd->check->id : "(no check)");
	style_off(t, ST_BOLD);
	out_s(t, "  ");
	out_object(t, fd->obj);
	if (fd->container) {
		out_s(t, ", container ");
		out_text(t, fd->container);
	}
	if (fd->obj && fd->obj->pods && strcmp(fd->obj->kind, "Pod") != 0)
		out_f(t, " (%u pod%s)", fd->obj->pods,
		      fd->obj->pods == 1 ? "" : "s");
}

static void out_hops(struct tout *t, const struct finding *fd)
{
	size_t i;

	if (!fd->nhops)
		return;
	out_s(t, "      path:\n");
	for (i = 0; i < fd->nhops; i++) {
		const struct hop *h = &fd->hops[i];

		out_f(t, "        %zu. ", i + 1);
		out_text(t, h->label);
		/* the object, unless the label already names it */
		if (h->obj && !(h->label && strstr(h->label, h->obj->name))) {
			out_s(t, " [");
			out_object(t, h->obj);
			out_s(t, "]");
		}
		if (h->path) {
			out_s(t, "\n           ");
			out_text(t, h->path);
			out_s(t, " = ");
			out_text(t, h->value);
		}
		if (h->obj && h->line) {
			out_s(t, " (");
			out_place(t, h->obj->file, h->line, h->col);
			out_s(t, ")");
		}
		out_s(t, "\n");
	}
}

static void out_finding_full(struct tout *t, const struct finding *fd)
{
	unsigned line, col;
	size_t i;

	out_s(t, "    ");
	out_finding_head(t, fd);
	out_s(t, "\n      ");
	out_text(t, fd->message);
	out_s(t, "\n");
	for (i = 0; i < fd->nev; i++) {
		out_s(t, "      ");
		out_text(t, fd->ev[i].path);
		out_s(t, " = ");
		out_text(t, fd->ev[i].value);
		out_s(t, "\n");
	}
	out_hops(t, fd);
	finding_location(fd, &line, &col);
	out_s(t, "      ");
	style_on(t, ST_DIM);
	out_s(t, "at ");
	out_place(t, fd->obj ? fd->obj->file : NULL, line, col);
	style_off(t, ST_DIM);
	out_s(t, "\n");
}

/* Where a finding was printed in full. */
struct place {
	const struct mx_tactic *tactic;
	const struct mx_technique *technique;
};

static void out_finding_ref(struct tout *t, const struct finding *fd,
			    const struct place *first)
{
	out_s(t, "    ");
	out_finding_head(t, fd);
	style_on(t, ST_DIM);
	out_f(t, "  (details under %s, %s)", first->tactic->name,
	      first->technique->id);
	style_off(t, ST_DIM);
	out_s(t, "\n");
}

static bool check_is_mapped(const struct check *c)
{
	const char *const *p;

	for (p = c ? c->techniques : NULL; p && *p; p++)
		if (matrix_technique(*p))
			return true;
	return false;
}

/*
 * Which findings go under which technique: for technique q (its index in
 * mx_techniques), idx[start[q]] .. idx[start[q + 1] - 1] are finding
 * indexes in report order.  Built once, so the report is linear in the
 * number of findings.
 */
struct layout {
	size_t *start; /* mx_ntechniques + 1 */
	size_t *idx;
	struct place *first; /* per finding: where it was printed in full */
};

/* Call fn(q, i) for each distinct technique q of finding i. */
static void each_technique(const struct report *r,
			   void (*fn)(struct layout *, size_t, size_t),
			   struct layout *l)
{
	size_t i;

	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		const char *const *p, *const *prev;

		if (fd->suppressed_by || !fd->check)
			continue;
		for (p = fd->check->techniques; p && *p; p++) {
			const struct mx_technique *q = matrix_technique(*p);
			bool dup = false;

			for (prev = fd->check->techniques; prev != p; prev++)
				dup |= !strcmp(*prev, *p);
			if (q && !dup)
				fn(l, (size_t)(q - mx_techniques), i);
		}
	}
}

static void count_one(struct layout *l, size_t q, size_t i)
{
	(void)i;
	l->start[q + 1]++;
}

static void place_one(struct layout *l, size_t q, size_t i)
{
	l->idx[l->start[q]++] = i;
}

static void layout_init(struct layout *l, const struct report *r)
{
	size_t q, nf = r->findings->n ? r->findings->n : 1;

	l->start = xrealloc_array(NULL, mx_ntechniques + 1, sizeof(size_t));
	memset(l->start, 0, (mx_ntechniques + 1) * sizeof(size_t));
	each_technique(r, count_one, l);
	for (q = 0; q < mx_ntechniques; q++)
		l->start[q + 1] += l->start[q];
	l->idx =
	    xrealloc_array(NULL, l->start[mx_ntechniques] + 1, sizeof(size_t));
	/* place_one advances start[q] to the end of q's range; undo after */
	each_technique(r, place_one, l);
	for (q = mx_ntechniques; q > 0; q--)
		l->start[q] = l->start[q - 1];
	l->start[0] = 0;
	l->first = xrealloc_array(NULL, nf, sizeof(*l->first));
	memset(l->first, 0, nf * sizeof(*l->first));
}

static void layout_release(struct layout *l)
{
	free(l->start);
	free(l->idx);
	free(l->first);
}

static void out_technique(struct tout *t, const struct report *r,
			  const struct mx_tactic *ta, size_t q,
			  struct layout *l)
{
	const struct mx_technique *tq = &mx_techniques[q];
	const char *const *a;
	size_t k;

	out_s(t, "\n  ");
	style_on(t, ST_BOLD);
	out_f(t, "%s %s", tq->id, tq->name);
	style_off(t, ST_BOLD);
	for (a = tq->attack_ids; *a; a++)
		out_f(t, "%s%s", a == tq->attack_ids ? "  [ATT&CK " : ", ", *a);
	out_s(t, *tq->attack_ids ? "]\n" : "\n");
	for (k = l->start[q]; k < l->start[q + 1]; k++) {
		size_t i = l->idx[k];
		const struct finding *fd = r->findings->v[i];

		if (!l->first[i].technique) {
			l->first[i].tactic = ta;
			l->first[i].technique = tq;
			out_finding_full(t, fd);
		} else {
			out_finding_ref(t, fd, &l->first[i]);
		}
	}
}

static void out_tactic(struct tout *t, const struct report *r,
		       const struct mx_tactic *ta, struct layout *l)
{
	bool shown = false;
	size_t q;

	for (q = 0; q < mx_ntechniques; q++) {
		if (!matrix_technique_in_tactic(&mx_techniques[q], ta->id) ||
		    l->start[q] == l->start[q + 1])
			continue;
		if (!shown) {
			out_s(t, "\n");
			style_on(t, ST_BOLD);
			out_f(t, "%s (%s)", ta->name, ta->attack_id);
			style_off(t, ST_BOLD);
			out_s(t, "\n");
			shown = true;
		}
		out_technique(t, r, ta, q, l);
	}
}

static void out_unmapped(struct tout *t, const struct report *r)
{
	bool shown = false;
	size_t i;

	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];

		if (fd->suppressed_by || check_is_mapped(fd->check))
			continue;
		if (!shown) {
			out_s(t, "\n");
			style_on(t, ST_BOLD);
			out_s(t, "Not mapped to the matrix");
			style_off(t, ST_BOLD);
			out_s(t, "\n\n");
			shown = true;
		}
		out_finding_full(t, fd);
	}
}

static void out_errors(struct tout *t, const struct diag_list *errs)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i;

	if (!errs->n)
		return;
	out_s(t, "\n");
	style_on(t, ST_BOLD);
	out_f(t, "Input errors (%zu)", errs->n);
	style_off(t, ST_BOLD);
	out_s(t, "\n");
	for (i = 0; i < errs->n; i++) {
		out_s(t, "  ");
		out_text(t, diag_format(&errs->v[i], buf, sizeof(buf)));
		out_s(t, "\n");
	}
}

/* Checks that did not run to a verdict, or saw only part of the input. */
static void out_coverage(struct tout *t, const struct report *r)
{
	bool shown = false;
	size_t i;

	for (i = 0; i < r->nresults; i++) {
		const struct check_result *cr = &r->results[i];

		if (cr->status != CHECK_NOT_VISIBLE &&
		    cr->status != CHECK_ERROR && !cr->partial)
			continue;
		if (!shown) {
			out_s(t, "\n");
			style_on(t, ST_BOLD);
			out_s(t, "Coverage gaps");
			style_off(t, ST_BOLD);
			out_s(t, "\n");
			shown = true;
		}
		out_s(t, "  ");
		out_text(t, cr->check->id);
		out_f(t, ": %s",
		      cr->status == CHECK_NOT_VISIBLE ? "not visible"
		      : cr->status == CHECK_ERROR     ? "error"
						      : "partial");
		if (cr->why) {
			out_s(t, ": ");
			out_text(t, cr->why);
		}
		out_s(t, "\n");
	}
}

static void out_summary(struct tout *t, const struct report *r)
{
	struct render_tally c;
	const size_t *sev = c.by_severity, *st = c.by_status;

	render_tally(r, &c);
	if (!c.findings)
		out_s(t, "\nNo findings.\n");
	out_s(t, "\n");
	style_on(t, ST_BOLD);
	out_s(t, "Summary");
	style_off(t, ST_BOLD);
	out_s(t, "\n");
	out_f(t,
	      "  findings:      %zu (critical %zu, high %zu, medium %zu, "
	      "low %zu)\n",
	      c.findings, sev[SEV_CRITICAL], sev[SEV_HIGH], sev[SEV_MEDIUM],
	      sev[SEV_LOW]);
	if (c.suppressed)
		out_f(t, "  suppressed:    %zu\n", c.suppressed);
	out_f(t, "  checks:        %zu passed, %zu failed, %zu not visible",
	      st[CHECK_PASSED], st[CHECK_FAILED], st[CHECK_NOT_VISIBLE]);
	if (st[CHECK_ERROR])
		out_f(t, ", %zu error", st[CHECK_ERROR]);
	if (st[CHECK_SKIPPED])
		out_f(t, ", %zu skipped", st[CHECK_SKIPPED]);
	out_f(t, "\n  objects:       %zu scanned\n",
	      inventory_size(r->scan->inv));
	out_f(t, "  input errors:  %zu\n", r->scan->errors.n);
}

static void out_header(struct tout *t, const struct report *r)
{
	const struct scan_meta *m = &r->scan->meta;

	style_on(t, ST_BOLD);
	out_f(t, "threatmap %s",
	      r->opts && r->opts->tool_version ? r->opts->tool_version : "");
	style_off(t, ST_BOLD);
	out_s(t, ": scan of ");
	out_text(t, m->source ? m->source : "input");
	if (m->context) {
		out_s(t, ", context ");
		out_text(t, m->context);
	}
	if (m->cluster) {
		out_s(t, ", cluster ");
		out_text(t, m->cluster);
	}
	if (m->server_version) {
		out_s(t, ", server ");
		out_text(t, m->server_version);
	}
	if (r->opts && r->opts->generated_at) {
		out_s(t, ", at ");
		out_text(t, r->opts->generated_at);
	}
	out_s(t, "\n");
}

static int render_text(const struct report *r, struct sbuf *out)
{
	struct tout t = { .sb = out, .color = r->opts && r->opts->color };
	struct layout l;
	size_t i;

	layout_init(&l, r);
	out_header(&t, r);
	for (i = 0; i < mx_ntactics; i++)
		out_tactic(&t, r, &mx_tactics[i], &l);
	out_unmapped(&t, r);
	layout_release(&l);
	out_errors(&t, &r->scan->errors);
	out_coverage(&t, r);
	out_summary(&t, r);
	if (!t.err && render_text_extras(r, out)) /* score, suppressed */
		t.err = -1;
	return t.err;
}

const struct renderer renderer_text = {
	.name = "text",
	.extension = "txt",
	.render = render_text,
};
