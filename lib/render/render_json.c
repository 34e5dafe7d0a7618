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

/* Evidence paths that name no field of the object ("rbac.binding"). */
static bool is_field_path(const char *path)
{
	static const char *const synthetic[] = { "rbac", "rule", "exposure",
						 NULL };
	size_t n = strcspn(path, ".[");
	const char *const *p;

	if (!n || (*path >= 'A' && *path <= 'Z'))
		return false;
	for (p = synthetic; *p; p++)
		if (strlen(*p) == n && !strncmp(path, *p, n))
			return false;
	return true;
}

/*
 * Where the fix goes: the first evidence path that names a field of the
 * object, cut after the first container, volume, RBAC rule, subject or pod
 * securityContext it lies in ("spec.template.spec.containers[0]",
 * "spec.volumes[2]", "rules[1]", "subjects[0]",
 * "spec.template.spec.securityContext"); other fields as they are
 * ("spec.type", "metadata.annotations.x").  Into sb; empty when no
 * evidence names a field.
 */
static void fix_path(struct sbuf *sb, const struct finding *fd)
{
	static const char *const anchors[] = {
		"containers[",	   "initContainers[", "ephemeralContainers[",
		"volumes[",	   "rules[",	      "subjects[",
		"securityContext",
	};
	const char *path = NULL, *cut = NULL;
	size_t i, k;

	for (i = 0; i < fd->nev && !path; i++)
		if (fd->ev[i].path && is_field_path(fd->ev[i].path))
			path = fd->ev[i].path;
	if (!path)
		return;
	/* each segment start: the path's start or after a '.' */
	for (i = 0; path[i] && !cut; i += strcspn(path + i + 1, ".") + 1) {
		const char *seg = path + i + (path[i] == '.');

		for (k = 0; k < sizeof(anchors) / sizeof(*anchors) && !cut;
		     k++) {
			size_t n = strlen(anchors[k]);

			if (strncmp(seg, anchors[k], n))
				continue;
			if (anchors[k][n - 1] == '[')
				cut = strchr(seg + n, ']');
			else if (!seg[n] || seg[n] == '.')
				cut = seg + n - 1;
		}
	}
	if (sbuf_add(sb, path, cut ? (size_t)(cut - path) + 1 : strlen(path)))
		oom();
}

/* The fragment holds fields of a container ("image:", "securityContext:"). */
static bool fragment_is_container_level(const char *yaml)
{
	static const char *const keys[] = {
		"image",	"imagePullPolicy", "securityContext",
		"args",		"command",	   "env",
		"envFrom",	"ports",	   "resources",
		"volumeMounts", "livenessProbe",   "readinessProbe",
		"startupProbe", "lifecycle",	   NULL,
	};
	const char *p = yaml;
	const char *const *k;
	size_t n;

	while (*p == '#') /* comment lines */
		p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
	n = strcspn(p, ":\n");
	for (k = keys; *k; k++)
		if (strlen(*k) == n && !strncmp(p, *k, n))
			return true;
	return false;
}

/*
 * "fix": "path", the field the finding is about (see fix_path()), for every
 * finding whose evidence names one; "yaml", the check's corrected fragment:
 * placed in the finding's container ("containers:\n  - name: app\n
 * securityContext: ...") when it holds container fields and the path is
 * that container's, else as the check wrote it (a pod spec, a pod's
 * securityContext or a whole object).
 */
static void write_fix(struct jsonw *w, const struct finding *fd)
{
	struct sbuf yaml = SBUF_INIT, path = SBUF_INIT;
	const char *fix = fd->check ? fd->check->fix : NULL, *p;
	const char *list = "containers", *last;
	int rc = 0;

	fix_path(&path, fd);
	if (!path.len && !fix)
		return;
	/* the path ends at the container, if any: its last segment */
	last = strrchr(path.buf, '.');
	last = last ? last + 1 : path.buf;
	if (!strncmp(last, "initContainers[", 15))
		list = "initContainers";
	if (fix && fd->container && fragment_is_container_level(fix) &&
	    (!path.len || !strncmp(last, list, strlen(list)))) {
		/* a DNS label as it is; anything else quoted, so the YAML holds */
		rc |= sbuf_addf(&yaml, "%s:\n  - name: ", list);
		if (fd->container[strspn(
			fd->container,
			"abcdefghijklmnopqrstuvwxyz0123456789-")]) {
			rc |= sbuf_addch(&yaml, '\'');
			for (p = fd->container; *p; p++)
				rc |= *p == '\'' ? sbuf_adds(&yaml, "''")
				      : (unsigned char)*p < 0x20
					  ? sbuf_addch(&yaml, '?')
					  : sbuf_addch(&yaml, *p);
			rc |= sbuf_addch(&yaml, '\'');
		} else {
			rc |= sbuf_adds(&yaml, fd->container);
		}
		rc |= sbuf_addch(&yaml, '\n');
		for (p = fix; *p;) {
			size_t n = strcspn(p, "\n");

			rc |= sbuf_adds(&yaml, "    ");
			rc |= sbuf_add(&yaml, p, n);
			rc |= sbuf_addch(&yaml, '\n');
			p += n + (p[n] == '\n');
		}
	} else if (fix) {
		rc |= sbuf_adds(&yaml, fix);
	}
	if (rc)
		oom();
	jsonw_key(w, "fix");
	jsonw_obj_open(w);
	jsonw_kstr(w, "path", path.len ? path.buf : NULL);
	jsonw_kstr(w, "yaml", yaml.len ? yaml.buf : NULL);
	jsonw_obj_close(w);
	sbuf_release(&yaml);
	sbuf_release(&path);
}

static void write_finding(struct jsonw *w, const struct finding *fd,
			  const char *state)
{
	unsigned line, col;

	finding_location(fd, &line, &col);
	jsonw_obj_open(w);
	jsonw_kstr(w, "checkId", fd->check ? fd->check->id : NULL);
	jsonw_kstr(w, "title", fd->check ? fd->check->title : NULL);
	jsonw_kstr(w, "severity", severity_name(fd->severity));
	write_techniques(w, fd->check);
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
	jsonw_kstr(w, "fingerprint", fd->fingerprint);
	if (fd->obj && fd->obj->pods)
		jsonw_kuint(w, "pods", fd->obj->pods);
	write_hops(w, fd);
	if (fd->suppressed_by)
		jsonw_kstr(w, "suppressedBy", fd->suppressed_by);
	write_fix(w, fd);
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

static int render_json(const struct report *r, struct sbuf *out)
{
	struct jsonw w;
	size_t i;

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
	for (i = 0; i < r->findings->n; i++)
		write_finding(&w, r->findings->v[i],
			      r->unchanged ? "new" : NULL);
	for (i = 0; r->unchanged && i < r->unchanged->n; i++)
		write_finding(&w, r->unchanged->v[i], "unchanged");
	jsonw_arr_close(&w);
	write_errors(&w, "errors", &r->scan->errors);
	/* only when there are any: reports without stay as they were */
	if (r->scan->warnings.n)
		write_errors(&w, "warnings", &r->scan->warnings);
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

const struct renderer renderer_json = {
	.name = "json",
	.extension = "json",
	.render = render_json,
};
