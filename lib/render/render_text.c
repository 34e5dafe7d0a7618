/*
 * render_text.c - the report for people.
 *
 * It opens with what a person reads in ten seconds: the score, the worst
 * objects (one line each: worst severity, count, checks) and the attack
 * paths (one line each).  Then every finding once, in full, with the
 * techniques it maps to listed on it, grouped by technique (the first its
 * check names, in matrix order), by object or by check (render_opts.group),
 * wrapped at render_opts.width, each with a one-line fix.  Findings whose
 * check names no technique of the matrix come last, under "Not mapped".
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
#include "render/markup.h"
#include "render/render_index.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

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

/*
 * Input text, through markup_term(): no control sequence and no
 * bidirectional or invisible character from a manifest reaches the
 * terminal as it is.
 */
static void out_text(struct tout *t, const char *s)
{
	if (!t->err && markup_term(t->sb, s ? s : ""))
		t->err = -1;
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
	/* with its group where a project reuses a built-in kind's name */
	out_text(t, kobj_kind_key(o));
	out_s(t, " ");
	if (o->ns) {
		out_text(t, o->ns);
		out_s(t, "/");
	}
	out_text(t, o->name);
	if (!o->ns && kobj_is_namespaced(o))
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

static void out_wrapped(struct tout *t, const char *s, unsigned col,
			unsigned indent, unsigned width);

/* The object as out_object() writes it, unescaped, into sb. */
static void objref_raw(struct sbuf *sb, const struct kobj *o)
{
	int rc = 0;

	if (!o)
		rc = sbuf_adds(sb, "(no object)");
	else if (o->ns)
		rc =
		    sbuf_addf(sb, "%s %s/%s", kobj_kind_key(o), o->ns, o->name);
	else
		rc = sbuf_addf(sb, "%s %s", kobj_kind_key(o), o->name);
	if (rc)
		oom();
}

/*
 * "CRITICAL privileged-container  Deployment shop/web, container app
 * (3 pods)", the part after the severity wrapped at width.
 */
static void out_finding_head(struct tout *t, const struct finding *fd,
			     unsigned width)
{
	struct sbuf sb = SBUF_INIT;
	int rc;

	out_severity(t, fd->severity);
	out_s(t, " ");
	rc = sbuf_addf(&sb, "%s  ", fd->check ? fd->check->id : "(no check)");
	objref_raw(&sb, fd->obj);
	if (fd->obj && !fd->obj->ns && kobj_is_namespaced(fd->obj))
		rc |= sbuf_adds(&sb, " (namespace unspecified)");
	else if (fd->obj && fd->obj->ns_defaulted)
		rc |= sbuf_adds(&sb, " (no namespace in the manifest)");
	if (fd->container)
		rc |= sbuf_addf(&sb, ", container %s", fd->container);
	if (fd->obj && fd->obj->pods && strcmp(fd->obj->kind, "Pod") != 0)
		rc |= sbuf_addf(&sb, " (%u pod%s)", fd->obj->pods,
				fd->obj->pods == 1 ? "" : "s");
	if (rc)
		oom();
	out_wrapped(t, sb.buf, 13, 8, width);
	sbuf_release(&sb);
}

static void out_hops(struct tout *t, const struct finding *fd, unsigned width)
{
	size_t i;

	if (!fd->nhops)
		return;
	out_s(t, "      path:\n");
	for (i = 0; i < fd->nhops; i++) {
		const struct hop *h = &fd->hops[i];
		struct sbuf sb = SBUF_INIT;

		if (sbuf_adds(&sb, h->label ? h->label : ""))
			oom();
		/* the object, unless the label already names it */
		if (h->obj && !(h->label && strstr(h->label, h->obj->name))) {
			if (sbuf_adds(&sb, " ["))
				oom();
			objref_raw(&sb, h->obj);
			if (sbuf_adds(&sb, "]"))
				oom();
		}
		out_f(t, "        %zu. ", i + 1);
		out_wrapped(t, sb.buf, 11, 11, width);
		sbuf_reset(&sb);
		if (h->path && sbuf_addf(&sb, "%s = %s", h->path,
					 h->value ? h->value : ""))
			oom();
		if (h->obj && h->line &&
		    sbuf_addf(&sb, "%s(%s:%u:%u)", sb.len ? " " : "",
			      h->obj->file, h->line, h->col))
			oom();
		if (sb.len) {
			out_s(t, "           ");
			out_wrapped(t, sb.buf, 11, 13, width);
		}
		sbuf_release(&sb);
	}
}

/* ------------------------------------------------------------------ */
/* Wrapping                                                           */

static unsigned text_width(const struct report *r)
{
	unsigned w = r->opts && r->opts->width ? r->opts->width : 100;

	return w < 40 ? 40 : w;
}

/*
 * Input text s, escaped, wrapped at width: the first line continues after
 * whatever the caller wrote (at column col), the others start with indent
 * spaces.  A word longer than a line is cut at the width.  Ends the line.
 */
static void out_wrapped(struct tout *t, const char *s, unsigned col,
			unsigned indent, unsigned width)
{
	struct sbuf esc = SBUF_INIT;
	struct tout e = { .sb = &esc };
	const char *p;

	out_text(&e, s);
	p = esc.buf ? esc.buf : "";
	p += strspn(p, " ");
	while (*p) {
		size_t w = strcspn(p, " ");
		size_t gap = strspn(p + w, " ");

		/* a word longer than a line is cut at the width */
		while (indent + w > width && col < width &&
		       w > (size_t)(width - col)) {
			size_t room = width - col;

			while (room && ((unsigned char)p[room] & 0xc0) == 0x80)
				room--; /* not inside a UTF-8 sequence */
			if (!room)
				break;
			out_raw(t, p, room);
			out_f(t, "\n%*s", (int)indent, "");
			col = indent;
			p += room;
			w -= room;
		}
		out_raw(t, p, w);
		col += (unsigned)w;
		p += w + gap;
		if (!*p)
			break;
		/* the gap as written, unless the next word needs a new line */
		if (col + gap + strcspn(p, " ") > width) {
			out_f(t, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			out_f(t, "%*s", (int)gap, "");
			col += (unsigned)gap;
		}
	}
	out_s(t, "\n");
	if (e.err)
		t->err = -1;
	sbuf_release(&esc);
}

/* The first sentence of s (up to ". " or the end), into sb. */
static void first_sentence(struct sbuf *sb, const char *s)
{
	const char *end = strstr(s, ". ");

	if (sbuf_add(sb, s, end ? (size_t)(end - s) + 1 : strlen(s)))
		oom();
}

/* ------------------------------------------------------------------ */
/* One finding                                                        */

/* The technique a finding is filed under: the first its check names. */
static const struct mx_technique *primary_technique(const struct finding *fd)
{
	const char *const *p;

	for (p = fd->check ? fd->check->techniques : NULL; p && *p; p++) {
		const struct mx_technique *q = matrix_technique(*p);

		if (q)
			return q;
	}
	return NULL;
}

static void out_techniques(struct tout *t, const struct finding *fd,
			   unsigned width)
{
	struct sbuf sb = SBUF_INIT;
	const char *const *p;

	for (p = fd->check ? fd->check->techniques : NULL; p && *p; p++) {
		const struct mx_technique *q = matrix_technique(*p);

		if (sbuf_addf(&sb, "%s%s %s", sb.len ? ", " : "", *p,
			      q ? q->name : "(not in the matrix)"))
			oom();
	}
	if (sb.len) {
		out_s(t, "      techniques: ");
		out_wrapped(t, sb.buf, 18, 8, width);
	}
	sbuf_release(&sb);
}

static void out_finding_full(struct tout *t, const struct report *r,
			     const struct finding *fd)
{
	unsigned line, col, width = text_width(r);
	size_t i;

	out_s(t, "    ");
	out_finding_head(t, fd, width);
	out_s(t, "      ");
	out_wrapped(t, fd->message, 6, 8, width);
	out_techniques(t, fd, width);
	for (i = 0; i < fd->nev; i++) {
		struct sbuf ev = SBUF_INIT;

		if (sbuf_addf(&ev, "%s = %s",
			      fd->ev[i].path ? fd->ev[i].path : "",
			      fd->ev[i].value ? fd->ev[i].value : ""))
			oom();
		out_s(t, "      ");
		out_wrapped(t, ev.buf, 6, 8, width);
		sbuf_release(&ev);
	}
	out_hops(t, fd, width);
	if (fd->check && fd->check->remediation) {
		struct sbuf fix = SBUF_INIT;

		first_sentence(&fix, fd->check->remediation);
		out_s(t, "      ");
		style_on(t, ST_BOLD);
		out_s(t, "fix:");
		style_off(t, ST_BOLD);
		out_s(t, " ");
		out_wrapped(t, fix.buf, 11, 8, width);
		sbuf_release(&fix);
	}
	finding_location(fd, &line, &col);
	out_s(t, "      ");
	style_on(t, ST_DIM);
	out_s(t, "at ");
	out_place(t, fd->obj ? fd->obj->file : NULL, line, col);
	style_off(t, ST_DIM);
	out_s(t, "\n");
}

/* ------------------------------------------------------------------ */
/* The summary a person reads first                                   */

/*
 * Findings are listed one by one unless suppressed (counted only) or of
 * low severity in a report that counts those by check (the default).
 */
static bool collapsed(const struct report *r, const struct finding *fd)
{
	return fd->severity <= SEV_LOW && r->opts && !r->opts->verbose &&
	       !r->opts->expand_low;
}

static bool listed(const struct report *r, const struct finding *fd)
{
	return !fd->suppressed_by && !collapsed(r, fd);
}

/* Unsuppressed findings of one object. */
struct objsum {
	const struct kobj *obj;
	enum severity worst;
	size_t n, first; /* count, index of its first finding */
	size_t listed;	 /* how many of them are listed one by one */
};

static int objsum_cmp(const void *a, const void *b)
{
	const struct objsum *x = a, *y = b;

	if (x->worst != y->worst)
		return x->worst > y->worst ? -1 : 1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/*
 * Findings are read through indexes (render_index.h), so no part of the
 * report reads every finding for each object or check: by object
 * (unsuppressed) for the whole report, the others built where they are
 * read and freed after, so that at most three are held at once.
 */

static bool key_obj(const struct report *r, const struct finding *fd,
		    struct render_key *k)
{
	(void)r;
	*k = (struct render_key){ (uintptr_t)fd->obj, 0 };
	return !fd->suppressed_by;
}

static bool key_obj_check(const struct report *r, const struct finding *fd,
			  struct render_key *k)
{
	(void)r;
	*k = (struct render_key){ (uintptr_t)fd->obj, (uintptr_t)fd->check };
	return !fd->suppressed_by;
}

static bool key_listed_check(const struct report *r, const struct finding *fd,
			     struct render_key *k)
{
	*k = (struct render_key){ (uintptr_t)fd->check, 0 };
	return listed(r, fd);
}

static bool key_low_check(const struct report *r, const struct finding *fd,
			  struct render_key *k)
{
	*k = (struct render_key){ (uintptr_t)fd->check, 0 };
	return !fd->suppressed_by && collapsed(r, fd);
}

static bool key_low_check_obj(const struct report *r, const struct finding *fd,
			      struct render_key *k)
{
	*k = (struct render_key){ (uintptr_t)fd->check, (uintptr_t)fd->obj };
	return !fd->suppressed_by && collapsed(r, fd);
}

/* Objects with unsuppressed findings, worst first; caller frees. */
static struct objsum *by_object(const struct report *r,
				const struct render_index *ox, size_t *n)
{
	struct objsum *v = xrealloc_array(
	    NULL, r->findings->n ? r->findings->n : 1, sizeof(*v));
	size_t i, j, m = 0;

	for (i = 0; i < r->findings->n; i++) {
		if (!render_index_head(ox, i))
			continue;
		v[m].obj = r->findings->v[i]->obj;
		v[m].worst = r->findings->v[i]->severity;
		v[m].n = 0;
		v[m].listed = 0;
		v[m].first = i;
		for (j = i; j != RENDER_NONE; j = ox->next[j]) {
			const struct finding *fd = r->findings->v[j];

			v[m].n++;
			v[m].listed += listed(r, fd);
			if (fd->severity > v[m].worst)
				v[m].worst = fd->severity;
		}
		m++;
	}
	qsort(v, m, sizeof(*v), objsum_cmp);
	*n = m;
	return v;
}

/*
 * s cut to fit width - col columns, with "..." when cut: after the last
 * whole word that fits when words is set and one ends near the edge.
 */
static void out_fit_at(struct tout *t, const char *s, unsigned col,
		       unsigned width, bool words)
{
	size_t room = width > col + 3 ? width - col : 3, len = strlen(s), k;

	if (len <= room) {
		out_raw(t, s, len);
		return;
	}
	room -= 3;
	while (room && ((unsigned char)s[room] & 0xc0) == 0x80)
		room--; /* not inside a UTF-8 sequence */
	/* after a word, unless that drops more than a dozen columns */
	for (k = room; words && k + 12 > room && k && s[k] != ' '; k--)
		;
	if (words && k + 12 > room && k)
		room = k;
	while (room && strchr(" ,;:", s[room - 1]))
		room--;
	out_raw(t, s, room);
	out_s(t, "...");
}

static void out_fit(struct tout *t, const char *s, unsigned col, unsigned width)
{
	out_fit_at(t, s, col, width, false);
}

/* "Deployment shop/web", escaped, into sb. */
static void objref_text(struct sbuf *sb, const struct kobj *o)
{
	struct tout e = { .sb = sb };

	out_object(&e, o);
}

#define SUMMARY_OBJECTS 10
#define SUMMARY_PATHS	8

static void out_worst(struct tout *t, const struct report *r,
		      const struct render_index *ox, const struct objsum *v,
		      size_t n)
{
	unsigned width = text_width(r);
	struct render_index oc; /* unsuppressed, by object and check */
	size_t i, j;

	if (!n)
		return;
	render_index_build(&oc, r, key_obj_check);
	out_s(t, "\n");
	style_on(t, ST_BOLD);
	out_s(t, "Worst findings, by object");
	style_off(t, ST_BOLD);
	out_s(t, "\n");
	for (i = 0; i < n && i < SUMMARY_OBJECTS; i++) {
		struct sbuf line = SBUF_INIT;

		objref_text(&line, v[i].obj);
		if (sbuf_addf(&line, ": %zu finding%s:", v[i].n,
			      v[i].n == 1 ? "" : "s"))
			oom();
		/* its checks, each once, in report (severity) order */
		for (j = v[i].first; j != RENDER_NONE; j = ox->next[j]) {
			const struct finding *fd = r->findings->v[j];
			const char *id = fd->check ? fd->check->id : "?";

			if (render_index_head(&oc, j) &&
			    sbuf_addf(&line, " %s,", id))
				oom();
		}
		line.buf[--line.len] = '\0'; /* the last comma */
		out_s(t, "  ");
		out_severity(t, v[i].worst);
		out_s(t, " ");
		out_fit(t, line.buf, 11, width);
		out_s(t, "\n");
		sbuf_release(&line);
	}
	render_index_free(&oc);
	if (n > SUMMARY_OBJECTS)
		out_f(t, "  ... and %zu more object%s below\n",
		      n - SUMMARY_OBJECTS, n - SUMMARY_OBJECTS == 1 ? "" : "s");
}

static void out_paths(struct tout *t, const struct report *r)
{
	unsigned width = text_width(r);
	size_t i, shown = 0, total = 0;

	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		struct sbuf line = SBUF_INIT;
		size_t h;

		if (fd->suppressed_by || !fd->nhops)
			continue;
		if (total++ >= SUMMARY_PATHS)
			continue;
		if (!shown++) {
			out_s(t, "\n");
			style_on(t, ST_BOLD);
			out_s(t, "Attack paths");
			style_off(t, ST_BOLD);
			out_s(t, "\n");
		}
		if (sbuf_addf(&line, "%s: ", fd->check ? fd->check->id : "?"))
			oom();
		for (h = 0; h < fd->nhops; h++) {
			const struct kobj *o = fd->hops[h].obj;

			if (o && h && o == fd->hops[h - 1].obj)
				continue; /* one object, several hops */
			if (h && sbuf_adds(&line, " -> "))
				oom();
			if (o)
				objref_text(&line, o);
			else
				out_text(&(struct tout){ .sb = &line },
					 fd->hops[h].label);
		}
		out_s(t, "  ");
		out_severity(t, fd->severity);
		out_s(t, " ");
		out_fit(t, line.buf ? line.buf : "", 11, width);
		out_s(t, "\n");
		sbuf_release(&line);
	}
	if (total > SUMMARY_PATHS)
		out_f(t, "  ... and %zu more below\n", total - SUMMARY_PATHS);
}

static void out_score_line(struct tout *t, const struct report *r)
{
	const struct score *sc = r->score;

	if (!sc)
		return;
	out_s(t, "  score:         ");
	if (sc->overall < 0)
		out_s(t, "n/a");
	else
		out_f(t, "%d/100", sc->overall);
	out_s(t, " (higher is better");
	if (sc->partial_coverage)
		out_f(t, "; partial coverage: %zu of %zu techniques",
		      sc->judged, sc->judgeable);
	out_s(t, ")\n");
}

static void out_overview(struct tout *t, const struct report *r,
			 const struct render_index *ox, const struct objsum *v,
			 size_t n)
{
	struct render_tally c;
	const size_t *sev = c.by_severity;

	render_tally(r, &c);
	out_s(t, "\n");
	style_on(t, ST_BOLD);
	out_s(t, "Summary");
	style_off(t, ST_BOLD);
	out_s(t, "\n");
	out_score_line(t, r);
	{
		struct sbuf sb = SBUF_INIT;
		int rc = sbuf_addf(&sb,
				   "%zu on %zu object%s (critical %zu, high "
				   "%zu, medium %zu, low %zu)",
				   c.findings, n, n == 1 ? "" : "s",
				   sev[SEV_CRITICAL], sev[SEV_HIGH],
				   sev[SEV_MEDIUM], sev[SEV_LOW]);

		if (c.suppressed)
			rc |= sbuf_addf(&sb, ", %zu suppressed", c.suppressed);
		if (rc)
			oom();
		out_s(t, "  findings:      ");
		out_wrapped(t, sb.buf, 17, 17, text_width(r));
		sbuf_release(&sb);
	}
	out_worst(t, r, ox, v, n);
	out_paths(t, r);
}

/* ------------------------------------------------------------------ */
/* Details, once per finding                                          */

/*
 * Critical and high findings are read in full; the others fit one line
 * (--verbose gives every finding in full).
 */
static bool in_full(enum severity sev)
{
	return sev >= SEV_HIGH;
}

/*
 * s from column col to the line's end: wrapped (later lines at column
 * cont) for a severity read in full, else cut after a word to one line.
 */
static void out_by_severity(struct tout *t, const struct report *r,
			    enum severity sev, const char *s, unsigned col,
			    unsigned cont)
{
	if (in_full(sev)) {
		out_wrapped(t, s, col, cont, text_width(r));
	} else {
		out_fit_at(t, s, col, text_width(r), true);
		out_s(t, "\n");
	}
}

/*
 * One finding, one entry: "HIGH     rbac-exec  ServiceAccount ci/deployer
 * can ...", the object named too unless the group is the object; the
 * message wrapped under the check ID when critical or high, else cut
 * after a word to fit one line.
 */
static void out_finding_line(struct tout *t, const struct report *r,
			     const struct finding *fd, bool with_object)
{
	struct sbuf sb = SBUF_INIT;
	struct tout e = { .sb = &sb };

	out_s(t, "    ");
	out_severity(t, fd->severity);
	out_s(t, " ");
	out_f(&e, "%s  ", fd->check ? fd->check->id : "(no check)");
	if (with_object) {
		out_object(&e, fd->obj);
		out_s(&e, ": ");
	}
	out_text(&e, fd->message);
	if (e.err)
		oom();
	out_by_severity(t, r, fd->severity, sb.buf, 13, 13);
	sbuf_release(&sb);
}

static void out_finding(struct tout *t, const struct report *r,
			const struct finding *fd, bool with_object)
{
	if (r->opts && r->opts->verbose)
		out_finding_full(t, r, fd);
	else
		out_finding_line(t, r, fd, with_object);
}

static void out_group_head(struct tout *t, const char *text, unsigned width)
{
	out_s(t, "\n  ");
	style_on(t, ST_BOLD);
	out_wrapped(t, text, 2, 4, width);
	style_off(t, ST_BOLD);
}

static void out_technique_head(struct tout *t, const struct report *r,
			       const struct mx_technique *q)
{
	struct sbuf sb = SBUF_INIT;
	const char *const *a;
	size_t k;

	if (sbuf_addf(&sb, "%s %s", q->id, q->name))
		oom();
	for (k = 0; q->tactics[k]; k++) {
		const struct mx_tactic *ta = matrix_tactic(q->tactics[k]);

		if (sbuf_addf(&sb, "%s%s", k ? ", " : " (",
			      ta ? ta->name : q->tactics[k]))
			oom();
	}
	if (k && sbuf_adds(&sb, ")"))
		oom();
	for (a = q->attack_ids; *a; a++)
		if (sbuf_addf(&sb, "%s%s",
			      a == q->attack_ids ? "  [ATT&CK " : ", ", *a))
			oom();
	if (*q->attack_ids && sbuf_adds(&sb, "]"))
		oom();
	out_group_head(t, sb.buf, text_width(r));
	sbuf_release(&sb);
}

static void details_by_technique(struct tout *t, const struct report *r)
{
	/* techniques in matrix order (the mx_techniques table), then those
	 * its check maps to none of (slot mx_ntechniques); a counting sort
	 * keeps each technique's findings in report order */
	size_t n = r->findings->n, nslot = mx_ntechniques + 1, q, i;
	size_t *slot = xrealloc_array(NULL, n ? n : 1, sizeof(*slot));
	size_t *start = xrealloc_array(NULL, nslot + 1, sizeof(*start));
	size_t *order = xrealloc_array(NULL, n ? n : 1, sizeof(*order));
	const struct check *last = NULL; /* no check: not mapped */
	size_t last_slot = mx_ntechniques;

	for (q = 0; q <= nslot; q++)
		start[q] = 0;
	for (i = 0; i < n; i++) {
		const struct finding *fd = r->findings->v[i];

		slot[i] = nslot; /* not listed */
		if (!listed(r, fd))
			continue;
		/* findings of one check come in runs: look it up once a run */
		if (fd->check != last) {
			const struct mx_technique *p = primary_technique(fd);

			last = fd->check;
			last_slot =
			    p ? (size_t)(p - mx_techniques) : mx_ntechniques;
		}
		slot[i] = last_slot;
		start[last_slot + 1]++;
	}
	for (q = 0; q < nslot; q++)
		start[q + 1] += start[q];
	for (i = 0; i < n; i++)
		if (slot[i] < nslot)
			order[start[slot[i]]++] = i;
	/* start[q] is now the end of slot q */
	for (q = 0, i = 0; q < nslot; q++) {
		if (i == start[q])
			continue;
		if (q < mx_ntechniques)
			out_technique_head(t, r, &mx_techniques[q]);
		else
			out_group_head(t, "Not mapped to the matrix",
				       text_width(r));
		for (; i < start[q]; i++)
			out_finding(t, r, r->findings->v[order[i]], true);
	}
	free(slot);
	free(start);
	free(order);
}

/*
 * "Deployment shop/web (3 pods): 12 findings, 4 low; 10-shop.yaml:3", the
 * low ones counted by check after the objects.
 */
static void out_object_head(struct tout *t, const struct report *r,
			    const struct objsum *o)
{
	struct sbuf sb = SBUF_INIT;
	int rc = 0;

	objref_raw(&sb, o->obj);
	if (o->obj && !o->obj->ns && kobj_is_namespaced(o->obj))
		rc |= sbuf_adds(&sb, " (namespace unspecified)");
	else if (o->obj && o->obj->ns_defaulted)
		rc |= sbuf_adds(&sb, " (no namespace in the manifest)");
	if (o->obj && o->obj->pods && strcmp(o->obj->kind, "Pod") != 0)
		rc |= sbuf_addf(&sb, " (%u pod%s)", o->obj->pods,
				o->obj->pods == 1 ? "" : "s");
	rc |= sbuf_addf(&sb, ": %zu finding%s", o->n, o->n == 1 ? "" : "s");
	if (o->listed < o->n)
		rc |= sbuf_addf(&sb, ", %zu low", o->n - o->listed);
	if (o->obj && o->obj->file && *o->obj->file)
		rc |= sbuf_addf(&sb, "; %s:%u", o->obj->file, o->obj->line);
	if (rc)
		oom();
	out_group_head(t, sb.buf, text_width(r));
	sbuf_release(&sb);
}

static void details_by_object(struct tout *t, const struct report *r,
			      const struct render_index *ox,
			      const struct objsum *v, size_t n)
{
	size_t k, i;

	for (k = 0; k < n; k++) {
		if (!v[k].listed)
			continue; /* only low findings: counted below */
		out_object_head(t, r, &v[k]);
		for (i = v[k].first; i != RENDER_NONE; i = ox->next[i]) {
			const struct finding *fd = r->findings->v[i];

			if (listed(r, fd))
				out_finding(t, r, fd, false);
		}
	}
}

static void details_by_check(struct tout *t, const struct report *r)
{
	struct render_index ck;
	size_t i, j;

	render_index_build(&ck, r, key_listed_check);
	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];

		if (!render_index_head(&ck, i))
			continue;
		{
			struct sbuf sb = SBUF_INIT;

			if (sbuf_addf(&sb, "%s: %s",
				      fd->check ? fd->check->id : "?",
				      fd->check ? fd->check->title : ""))
				oom();
			out_group_head(t, sb.buf, text_width(r));
			sbuf_release(&sb);
		}
		for (j = i; j != RENDER_NONE; j = ck.next[j])
			out_finding(t, r, r->findings->v[j], true);
	}
	render_index_free(&ck);
}

/*
 * Low-severity findings counted by check, one line each, unless they are
 * listed: "LOW      image-not-pinned  15 findings on 15 objects: Image
 * not pinned by digest".
 */
static void out_low_by_check(struct tout *t, const struct report *r)
{
	struct render_index low, low_obj; /* by check; by check and object */
	size_t i, j, total = 0;

	for (i = 0; i < r->findings->n; i++)
		total += !r->findings->v[i]->suppressed_by &&
			 collapsed(r, r->findings->v[i]);
	if (!total)
		return;
	out_s(t, "\n");
	style_on(t, ST_BOLD);
	out_f(t, "Low severity, by check (%zu finding%s)", total,
	      total == 1 ? "" : "s");
	style_off(t, ST_BOLD);
	out_s(t, "\n  each listed with --verbose or --min-severity low\n");
	render_index_build(&low, r, key_low_check);
	render_index_build(&low_obj, r, key_low_check_obj);
	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		struct sbuf sb = SBUF_INIT;
		size_t n = 0, objs = 0;

		if (!render_index_head(&low, i))
			continue;
		for (j = i; j != RENDER_NONE; j = low.next[j]) {
			n++;
			objs += render_index_head(&low_obj, j);
		}
		if (sbuf_addf(&sb, "%s  %zu finding%s on %zu object%s: %s",
			      fd->check ? fd->check->id : "?", n,
			      n == 1 ? "" : "s", objs, objs == 1 ? "" : "s",
			      fd->check ? fd->check->title : ""))
			oom();
		out_s(t, "  ");
		out_severity(t, SEV_LOW);
		out_s(t, " ");
		out_wrapped(t, sb.buf, 11, 11, text_width(r));
		sbuf_release(&sb);
	}
	render_index_free(&low);
	render_index_free(&low_obj);
}

/*
 * One fix per check of the listed findings (its remediation's first
 * sentence), so a check found on twenty objects gives its fix once: in
 * full for checks with critical or high findings, else on one line.
 */
static void out_fixes(struct tout *t, const struct report *r)
{
	struct render_index ck;
	size_t i;
	bool head = false;

	if (r->opts && r->opts->verbose)
		return; /* each finding carries its fix */
	render_index_build(&ck, r, key_listed_check);
	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		struct sbuf sb = SBUF_INIT;

		/* the first listed finding of its check */
		if (!render_index_head(&ck, i) || !fd->check ||
		    !fd->check->remediation)
			continue;
		if (!head) {
			out_s(t, "\n");
			style_on(t, ST_BOLD);
			out_s(t, "Fixes, by check");
			style_off(t, ST_BOLD);
			out_s(t, " (each in full: explain CHECK-ID)\n");
			head = true;
		}
		if (sbuf_addf(&sb, "%s: ", fd->check->id))
			oom();
		first_sentence(&sb, fd->check->remediation);
		out_s(t, "  ");
		/* listed worst first: the check's first listed is its worst */
		out_by_severity(t, r, fd->severity, sb.buf, 2, 6);
		sbuf_release(&sb);
	}
	render_index_free(&ck);
}

static void out_details(struct tout *t, const struct report *r,
			const struct render_index *ox, const struct objsum *v,
			size_t n)
{
	enum render_group g = r->opts ? r->opts->group : RENDER_GROUP_OBJECT;
	static const char *const title[] = {
		[RENDER_GROUP_TECHNIQUE] = "Findings by technique",
		[RENDER_GROUP_OBJECT] = "Findings by object",
		[RENDER_GROUP_CHECK] = "Findings by check",
	};
	size_t i, nlisted = 0;

	for (i = 0; i < n; i++)
		nlisted += v[i].listed;
	if (nlisted) {
		out_s(t, "\n");
		style_on(t, ST_BOLD);
		out_s(t, title[g]);
		style_off(t, ST_BOLD);
		if (!(r->opts && r->opts->verbose))
			out_s(t, " (each in full with --verbose)");
		out_s(t, "\n");
		if (g == RENDER_GROUP_OBJECT)
			details_by_object(t, r, ox, v, n);
		else if (g == RENDER_GROUP_CHECK)
			details_by_check(t, r);
		else
			details_by_technique(t, r);
	}
	out_low_by_check(t, r);
	out_fixes(t, r);
}

static void out_errors(struct tout *t, const char *title,
		       const struct diag_list *errs)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i;

	if (!errs->n)
		return;
	out_s(t, "\n");
	style_on(t, ST_BOLD);
	out_f(t, "%s (%zu)", title, errs->n);
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
		{
			struct sbuf sb = SBUF_INIT;

			if (sbuf_addf(
				&sb, "%s: %s%s%s", cr->check->id,
				cr->status == CHECK_NOT_VISIBLE ? "not visible"
				: cr->status == CHECK_ERROR	? "error"
								: "partial",
				cr->why ? ": " : "", cr->why ? cr->why : ""))
				oom();
			out_s(t, "  ");
			out_wrapped(t, sb.buf, 2, 6, text_width(r));
			sbuf_release(&sb);
		}
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
	out_s(t, "Counts");
	style_off(t, ST_BOLD);
	out_s(t, "\n");
	{
		struct sbuf sb = SBUF_INIT;

		if (sbuf_addf(&sb,
			      "%zu (critical %zu, high %zu, medium %zu, low "
			      "%zu)",
			      c.findings, sev[SEV_CRITICAL], sev[SEV_HIGH],
			      sev[SEV_MEDIUM], sev[SEV_LOW]))
			oom();
		out_s(t, "  findings:      ");
		out_wrapped(t, sb.buf, 17, 17, text_width(r));
		sbuf_release(&sb);
	}
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
	struct render_index ox; /* unsuppressed, by object */
	size_t n;
	struct objsum *v;

	render_index_build(&ox, r, key_obj);
	v = by_object(r, &ox, &n);
	out_header(&t, r);
	out_overview(&t, r, &ox, v, n);
	out_details(&t, r, &ox, v, n);
	free(v);
	render_index_free(&ox);
	out_errors(&t, "Input errors", &r->scan->errors);
	out_errors(&t, "Input warnings", &r->scan->warnings);
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
