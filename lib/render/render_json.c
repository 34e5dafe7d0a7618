/*
 * render_json.c - the machine report, schema version 1.
 *
 * docs/json-format.md documents every field; field names and their order
 * are part of the schema.  Changing a field's meaning or removing one bumps
 * schemaVersion; adding a field does not.  No clock here: generatedAt is
 * the time the caller supplies (cmd/ reads the clock), or null.
 */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "jsonw.h"
#include "matrix.h"
#include "render/render_par.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"

static void write_tool(struct jsonw *w, const struct report *r)
{
	const struct render_opts *o = r->opts;

	jsonw_key(w, "tool");
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", "threatmap");
	jsonw_kstr(w, "version", o && o->tool_version ? o->tool_version : NULL);
	jsonw_obj_close(w);
	jsonw_kstr(w, "generatedAt", o ? o->generated_at : NULL);
}

static void write_source(struct jsonw *w, const struct report *r)
{
	const struct scan_meta *m = &r->scan->meta;

	jsonw_key(w, "source");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", m->source);
	jsonw_kstr(w, "context", m->context);
	jsonw_kstr(w, "cluster", m->cluster);
	jsonw_kstr(w, "serverVersion", m->server_version);
	jsonw_kstr(w, "collectedAt", m->collected_at);
	jsonw_kstr(w, "commandLine", r->opts ? r->opts->command_line : NULL);
	jsonw_obj_close(w);
}

static void write_summary(struct jsonw *w, const struct report *r)
{
	struct render_tally c;

	render_tally(r, &c);
	jsonw_key(w, "summary");
	jsonw_obj_open(w);
	jsonw_kuint(w, "objects", inventory_size(r->scan->inv));
	jsonw_kuint(w, "findings", c.findings);
	jsonw_key(w, "bySeverity");
	jsonw_obj_open(w);
	jsonw_kuint(w, "critical", c.by_severity[SEV_CRITICAL]);
	jsonw_kuint(w, "high", c.by_severity[SEV_HIGH]);
	jsonw_kuint(w, "medium", c.by_severity[SEV_MEDIUM]);
	jsonw_kuint(w, "low", c.by_severity[SEV_LOW]);
	jsonw_kuint(w, "none", c.by_severity[SEV_NONE]);
	jsonw_obj_close(w);
	jsonw_kuint(w, "suppressed", c.suppressed);
	jsonw_key(w, "checks");
	jsonw_obj_open(w);
	jsonw_kuint(w, "total", r->nresults);
	jsonw_kuint(w, "passed", c.by_status[CHECK_PASSED]);
	jsonw_kuint(w, "failed", c.by_status[CHECK_FAILED]);
	jsonw_kuint(w, "notVisible", c.by_status[CHECK_NOT_VISIBLE]);
	jsonw_kuint(w, "skipped", c.by_status[CHECK_SKIPPED]);
	jsonw_kuint(w, "error", c.by_status[CHECK_ERROR]);
	jsonw_obj_close(w);
	jsonw_kuint(w, "errors", r->scan->errors.n);
	jsonw_obj_close(w);
}

static void write_checks(struct jsonw *w, const struct report *r)
{
	size_t i;

	jsonw_key(w, "checks");
	jsonw_arr_open(w);
	for (i = 0; i < r->nresults; i++) {
		const struct check_result *cr = &r->results[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", cr->check->id);
		jsonw_kstr(w, "title", cr->check->title);
		jsonw_kstr(w, "severity", severity_name(cr->check->severity));
		jsonw_kstr(w, "status", check_status_name(cr->status));
		jsonw_kuint(w, "findings", cr->findings);
		/* only when there are any: other checks stay as they were */
		if (cr->folded)
			jsonw_kuint(w, "folded", cr->folded);
		jsonw_kbool(w, "partial", cr->partial);
		jsonw_kstr(w, "why", cr->why);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void write_techniques(struct jsonw *w, const struct check *c)
{
	const char *const *id;

	jsonw_key(w, "techniques");
	jsonw_arr_open(w);
	for (id = c ? c->techniques : NULL; id && *id; id++) {
		const struct mx_technique *t = matrix_technique(*id);
		const char *const *tac;

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", *id);
		jsonw_kstr(w, "name", t ? t->name : NULL);
		jsonw_key(w, "tactics");
		jsonw_arr_open(w);
		for (tac = t ? t->tactics : NULL; tac && *tac; tac++) {
			const struct mx_tactic *ta = matrix_tactic(*tac);

			jsonw_obj_open(w);
			jsonw_kstr(w, "id", *tac);
			jsonw_kstr(w, "name", ta ? ta->name : NULL);
			jsonw_kstr(w, "attackId", ta ? ta->attack_id : NULL);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_kstrv(w, "attack", c ? c->attack : NULL);
}

static void write_object(struct jsonw *w, const char *key, const struct kobj *o)
{
	jsonw_key(w, key);
	if (!o) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_open(w);
	jsonw_kstr(w, "apiVersion", o->api_version);
	jsonw_kstr(w, "group", o->group);
	jsonw_kstr(w, "kind", o->kind);
	jsonw_kstr(w, "namespace", o->ns);
	if (o->ns_defaulted)
		jsonw_kbool(w, "namespaceDefaulted", true);
	jsonw_kstr(w, "name", o->name);
	jsonw_obj_close(w);
}

static void write_evidence(struct jsonw *w, const struct finding *fd)
{
	size_t i;

	jsonw_key(w, "evidence");
	jsonw_arr_open(w);
	for (i = 0; i < fd->nev; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "path", fd->ev[i].path);
		jsonw_kstr(w, "value", fd->ev[i].value);
		jsonw_kpos(w, "line", fd->ev[i].line);
		jsonw_kpos(w, "col", fd->ev[i].col);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void write_hops(struct jsonw *w, const struct finding *fd)
{
	size_t i;

	if (!fd->nhops)
		return;
	jsonw_key(w, "hops");
	jsonw_arr_open(w);
	for (i = 0; i < fd->nhops; i++) {
		const struct hop *h = &fd->hops[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "label", h->label);
		write_object(w, "object", h->obj);
		jsonw_kstr(w, "path", h->path);
		jsonw_kstr(w, "value", h->value);
		jsonw_kstr(w, "file", h->obj ? h->obj->file : NULL);
		jsonw_kpos(w, "line", h->line);
		jsonw_kpos(w, "col", h->col);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/*
 * The members of a finding that only its check decides, as written for
 * the check of the finding before: findings come sorted by check.  And
 * the fix of the finding before, which the next one of its check mostly
 * shares.
 */
struct check_memo {
	struct jsonw_memo head;	      /* checkId, title */
	struct jsonw_memo techniques; /* techniques, attack */
	/* "fix": "path" and "yaml" (see render_fix()), nulls when empty */
	struct render_fix_json fix;
};

static void write_finding(struct jsonw *w, const struct finding *fd,
			  const char *state, struct check_memo *cm)
{
	char fp[33];
	unsigned line, col;

	finding_location(fd, &line, &col);
	jsonw_obj_open(w);
	if (!jsonw_memo_replay(w, &cm->head, fd->check)) {
		jsonw_memo_begin(w, &cm->head, fd->check);
		jsonw_kstr(w, "checkId", fd->check ? fd->check->id : NULL);
		jsonw_kstr(w, "title", fd->check ? fd->check->title : NULL);
		jsonw_memo_end(w, &cm->head);
	}
	jsonw_kstr(w, "severity", severity_name(fd->severity));
	if (!jsonw_memo_replay(w, &cm->techniques, fd->check)) {
		jsonw_memo_begin(w, &cm->techniques, fd->check);
		write_techniques(w, fd->check);
		jsonw_memo_end(w, &cm->techniques);
	}
	write_object(w, "object", fd->obj);
	jsonw_kstr(w, "container", fd->container);
	jsonw_kstr(w, "message", fd->message);
	write_evidence(w, fd);
	jsonw_key(w, "location");
	jsonw_obj_open(w);
	jsonw_kstr(w, "file", fd->obj ? fd->obj->file : NULL);
	jsonw_kpos(w, "line", line);
	jsonw_kpos(w, "col", col);
	jsonw_obj_close(w);
	jsonw_kstrl(w, "fingerprint", render_fp_hex(fd, fp), 32);
	if (fd->obj && fd->obj->pods)
		jsonw_kuint(w, "pods", fd->obj->pods);
	write_hops(w, fd);
	if (fd->suppressed_by)
		jsonw_kstr(w, "suppressedBy", fd->suppressed_by);
	render_fix_json(w, fd, &cm->fix, true);
	if (state)
		jsonw_kstr(w, "baselineState", state);
	jsonw_obj_close(w);
}

static void write_errors(struct jsonw *w, const char *key,
			 const struct diag_list *errs)
{
	size_t i;

	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (i = 0; i < errs->n; i++) {
		const struct diag *d = &errs->v[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "file", d->file[0] ? d->file : NULL);
		jsonw_kpos(w, "line", d->line);
		jsonw_kpos(w, "col", d->col);
		jsonw_kstr(w, "code", diag_code_name(d->code));
		jsonw_kstr(w, "message", d->msg);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/*
 * Ask for the strings finding i + 4 of v will write while this one is
 * written: they lie scattered through the arena, and waiting for each in
 * turn was a good part of the report's time.
 */
static void prefetch(const struct findings *v, size_t i)
{
	const struct finding *fd;

	if (i + 8 < v->n)
		__builtin_prefetch(v->v[i + 8]);
	if (i + 4 >= v->n)
		return;
	fd = v->v[i + 4];
	__builtin_prefetch(fd->message);
	__builtin_prefetch(fd->container);
	if (fd->nev) {
		__builtin_prefetch(fd->ev[0].path);
		__builtin_prefetch(fd->ev[0].value);
	}
	if (fd->obj) {
		__builtin_prefetch(fd->obj->api_version);
		__builtin_prefetch(fd->obj->name);
		__builtin_prefetch(fd->obj->ns);
		__builtin_prefetch(fd->obj->file);
	}
}

/* Finding i of the findings then the unchanged ones. */
static void write_item(struct jsonw *w, size_t i, const void *ctx, void *local)
{
	const struct report *r = ctx;
	size_t nf = r->findings->n;

	if (i < nf) {
		prefetch(r->findings, i);
		write_finding(w, r->findings->v[i], r->unchanged ? "new" : NULL,
			      local);
	} else {
		write_finding(w, r->unchanged->v[i - nf], "unchanged", local);
	}
}

static int render_json(const struct report *r, struct sbuf *out)
{
	struct check_memo cm[RENDER_PAR_WORKERS + 1];
	struct render_items it = {
		.n = r->findings->n + (r->unchanged ? r->unchanged->n : 0),
		.item = write_item,
		.ctx = r,
		.threads = r->scan->threads,
		.chunk = r->opts ? r->opts->report_chunk : 0,
	};
	struct jsonw w;
	size_t i;
	int rc;

	for (i = 0; i < RENDER_PAR_WORKERS + 1; i++) {
		cm[i] = (struct check_memo){
			JSONW_MEMO_INIT,
			JSONW_MEMO_INIT,
			RENDER_FIX_JSON_INIT,
		};
		it.local[i] = &cm[i];
	}

	jsonw_init(&w, out);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	write_tool(&w, r);
	write_source(&w, r);
	write_summary(&w, r);
	render_json_extras(&w, r); /* score, exceptions */
	write_checks(&w, r);
	jsonw_key(&w, "findings");
	jsonw_arr_open(&w);
	render_items(&w, &it);
	jsonw_arr_close(&w);
	write_errors(&w, "errors", &r->scan->errors);
	/* only when there are any: reports without stay as they were */
	if (r->scan->warnings.n)
		write_errors(&w, "warnings", &r->scan->warnings);
	jsonw_obj_close(&w);
	rc = jsonw_finish(&w);
	for (i = 0; i < RENDER_PAR_WORKERS + 1; i++) {
		jsonw_memo_release(&cm[i].head);
		jsonw_memo_release(&cm[i].techniques);
		render_fix_json_release(&cm[i].fix);
	}
	return rc;
}

const struct renderer renderer_json = {
	.name = "json",
	.extension = "json",
	.render = render_json,
};
