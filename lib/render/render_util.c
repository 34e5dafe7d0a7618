#include "render/render_util.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "arena.h"
#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "jsonw.h"
#include "render/markup.h"
#include "matrix.h"
#include "policy.h"
#include "render/render.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

long render_check_index(const struct check *const *list, size_t n,
			const struct check *c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == c)
			return (long)i;
	return -1;
}

const struct check **render_checks(const struct report *r, size_t *n)
{
	size_t cap = r->nresults + (r->findings ? r->findings->n : 0) + 1;
	const struct check **v = xrealloc_array(NULL, cap, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < r->nresults; i++)
		if (r->results[i].check &&
		    render_check_index(v, k, r->results[i].check) < 0)
			v[k++] = r->results[i].check;
	for (i = 0; r->findings && i < r->findings->n; i++) {
		const struct check *c = r->findings->v[i]->check;

		/* sorted findings come in runs of one check: one lookup a run */
		if (c && (!i || c != r->findings->v[i - 1]->check) &&
		    render_check_index(v, k, c) < 0)
			v[k++] = c;
	}
	v[k] = NULL;
	*n = k;
	return v;
}

const struct check_result *render_result(const struct report *r,
					 const struct check *c)
{
	size_t i;

	for (i = 0; i < r->nresults; i++)
		if (r->results[i].check == c)
			return &r->results[i];
	return NULL;
}

int render_objref(struct sbuf *sb, const struct kobj *o)
{
	if (!o)
		return sbuf_adds(sb, "(no object)");
	/* with its group where a project reuses a built-in kind's name */
	if (o->ns)
		return sbuf_addf(sb, "%s %s/%s", kobj_kind_key(o), o->ns,
				 o->name);
	if (!kobj_is_namespaced(o))
		return sbuf_addf(sb, "%s %s", kobj_kind_key(o), o->name);
	return sbuf_addf(sb, "%s %s (namespace unset)", kobj_kind_key(o),
			 o->name);
}

static bool named_file(const char *f)
{
	return f && *f && strcmp(f, "-") && f[0] != '<';
}

/*
 * Resolve ".", ".." and repeated slashes in the path in p, in place.  A
 * ".." above the start of a relative path is kept; one above "/" is
 * dropped, as the kernel does.
 */
static int path_normalize(struct sbuf *p)
{
	struct seg {
		const char *s;
		size_t n;
	} * v;
	struct sbuf out = SBUF_INIT;
	bool abs = p->len && p->buf[0] == '/';
	const char *s = p->buf;
	size_t k = 0, i;
	int rc = 0;

	v = xrealloc_array(NULL, p->len / 2 + 2, sizeof(*v));
	while (*s) {
		size_t n = strcspn(s, "/");
		bool dotdot = n == 2 && s[0] == '.' && s[1] == '.';

		if (!n || (n == 1 && s[0] == '.'))
			; /* empty or "." */
		else if (dotdot && k &&
			 !(v[k - 1].n == 2 && !memcmp(v[k - 1].s, "..", 2)))
			k--;
		else if (!dotdot || !abs)
			v[k].s = s, v[k++].n = n;
		s += n;
		while (*s == '/')
			s++;
	}
	if (abs)
		rc |= sbuf_addch(&out, '/');
	for (i = 0; i < k; i++) {
		if (i)
			rc |= sbuf_addch(&out, '/');
		rc |= sbuf_add(&out, v[i].s, v[i].n);
	}
	if (!out.len)
		rc |= sbuf_addch(&out, '.');
	free(v);
	sbuf_reset(p);
	rc |= sbuf_add(p, out.buf, out.len);
	sbuf_release(&out);
	return rc;
}

static bool from_manifests(const struct report *r)
{
	const char *src = r->scan ? r->scan->meta.source : NULL;

	return !src || !strcmp(src, "manifests");
}

bool render_from_stdin(const struct report *r, const struct kobj *o)
{
	return from_manifests(r) && o && o->file &&
	       (!strcmp(o->file, "<stdin>") || !strcmp(o->file, "-"));
}

int render_artifact_uri(struct sbuf *sb, const struct report *r,
			const struct kobj *o, bool *synthetic,
			const char **base_id)
{
	bool manifests = from_manifests(r);
	const char *f = o ? o->file : NULL;
	int rc = 0;

	if (base_id)
		*base_id = NULL;
	if (render_from_stdin(r, o)) {
		/* the input's own name on the command line; lines are real */
		if (synthetic)
			*synthetic = false;
		return sbuf_addch(sb, '-');
	}
	if (manifests && named_file(f)) {
		const char *base = r->opts ? r->opts->base_dir : NULL;
		struct sbuf path = SBUF_INIT;
		size_t bl = base ? strlen(base) : 0;

		if (synthetic)
			*synthetic = false;
		/* one absolute, normalized path: no ".", "..", "//" in a URI */
		if (f[0] != '/' && base && base[0] == '/')
			rc |= sbuf_addf(&path, "%s/", base);
		rc |= sbuf_adds(&path, f);
		rc |= path_normalize(&path);
		while (bl > 1 && base[bl - 1] == '/')
			bl--;
		if (!rc && bl && path.buf[0] == '/' &&
		    !strncmp(path.buf, base, bl) &&
		    (bl == 1 || path.buf[bl] == '/')) {
			/* under the working directory: relative to it */
			if (base_id)
				*base_id = "%SRCROOT%";
			rc |= markup_uri_path(sb, path.buf + bl +
						      (bl == 1 ? 0 : 1));
		} else {
			if (path.buf[0] == '/')
				rc |= sbuf_adds(sb, "file://");
			rc |= markup_uri_path(sb, path.buf);
		}
		sbuf_release(&path);
		return rc;
	}
	if (synthetic)
		*synthetic = true;
	rc |= sbuf_adds(sb, "k8s/");
	if (!o)
		return rc | sbuf_adds(sb, "_cluster/_unknown.yaml");
	rc |= markup_uri_path(sb, o->ns ? o->ns : "_cluster");
	rc |= sbuf_addch(sb, '/');
	rc |= markup_uri_path(sb, o->kind);
	rc |= sbuf_addch(sb, '/');
	/* a name never holds '/', but keep the URI one segment if it does */
	{
		const char *p;
		for (p = o->name; *p; p++) {
			char one[2] = { *p, 0 };
			rc |= *p == '/' ? sbuf_adds(sb, "%2F")
					: markup_uri_path(sb, one);
		}
	}
	return rc | sbuf_adds(sb, ".yaml");
}

int render_artifact_uri_memo(struct render_uri_memo *m, const struct report *r,
			     const struct kobj *o, bool *synthetic,
			     const char **base_id)
{
	const char *f = o ? o->file : NULL;
	/* a named manifest: the URI is the file's alone (not stdin's) */
	bool by_file = from_manifests(r) && named_file(f);
	int rc;

	if (by_file && m->valid && m->file == f) {
		if (synthetic)
			*synthetic = false;
		if (base_id)
			*base_id = m->base_id;
		return 0;
	}
	m->valid = false;
	sbuf_reset(&m->uri);
	rc = render_artifact_uri(&m->uri, r, o, synthetic, &m->base_id);
	if (base_id)
		*base_id = m->base_id;
	if (!rc && by_file) {
		m->file = f;
		m->valid = true;
	}
	return rc;
}

void render_uri_memo_release(struct render_uri_memo *m)
{
	sbuf_release(&m->uri);
	m->valid = false;
}

size_t render_count(const struct report *r, const struct check *c,
		    bool suppressed)
{
	size_t i, n = 0;

	for (i = 0; r->findings && i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];
		if (fd->check == c && (fd->suppressed_by != NULL) == suppressed)
			n++;
	}
	return n;
}

/* Runtime and cloud techniques, each with what would reveal it. */
static int text_not_judgeable(const struct score *sc, struct sbuf *out)
{
	size_t i;
	int rc = 0;

	if (!sc->count[TECH_NOT_JUDGEABLE])
		return 0;
	rc |= sbuf_adds(out, "  not judgeable from configuration (what reveals "
			     "them: explain ID):\n");
	for (i = 0; i < sc->ntech; i++) {
		const struct mx_technique *t = sc->tech[i].t;

		if (sc->tech[i].status != TECH_NOT_JUDGEABLE)
			continue;
		rc |= sbuf_addf(out, "    %s %s (%s)\n", t->id, t->name,
				matrix_observability_name(t->observability));
	}
	return rc;
}

static int text_score(const struct score *sc, struct sbuf *out)
{
	int rc = sbuf_adds(out, "\nScore\n  overall:       ");
	size_t i;

	rc |= sc->overall < 0 ? sbuf_adds(out, "n/a")
			      : sbuf_addf(out, "%d/100", sc->overall);
	rc |= sbuf_adds(out, " (higher is better)\n");
	if (sc->partial_coverage)
		rc |=
		    sbuf_addf(out,
			      "  coverage:      partial: %zu of %zu techniques "
			      "judgeable from configuration were judged in "
			      "full\n",
			      sc->judged, sc->judgeable);
	rc |= sbuf_addf(out,
			"  techniques:    %zu exposed, %zu clean, %zu not "
			"visible, %zu not judgeable\n",
			sc->count[TECH_EXPOSED], sc->count[TECH_CLEAN],
			sc->count[TECH_NOT_VISIBLE],
			sc->count[TECH_NOT_JUDGEABLE]);
	if (sc->count[TECH_NOT_CHECKED])
		rc |= sbuf_addf(out,
				"  not checked:   %zu (judgeable, but no "
				"covering check ran)\n",
				sc->count[TECH_NOT_CHECKED]);
	for (i = 0; i < sc->ntactics; i++) {
		rc |= sbuf_addf(out, "  %-22s ", sc->tactics[i].tactic->name);
		rc |= sc->tactics[i].score < 0
			  ? sbuf_adds(out, "n/a\n")
			  : sbuf_addf(out, "%d\n", sc->tactics[i].score);
	}
	rc |= text_not_judgeable(sc, out);
	if (sc->excluded || sc->filtered || sc->baselined)
		rc |= sbuf_addf(
		    out,
		    "  not shown:     %zu in excluded namespaces,\n"
		    "                 %zu below the minimum severity,\n"
		    "                 %zu already in the baseline\n",
		    sc->excluded, sc->filtered, sc->baselined);
	return rc;
}

int render_text_extras(const struct report *r, struct sbuf *out)
{
	size_t i, n = r->findings ? r->findings->n : 0;
	bool head = false;
	int rc = 0;

	if (r->score)
		rc |= text_score(r->score, out);
	for (i = 0; i < n; i++) {
		const struct finding *fd = r->findings->v[i];

		if (!fd->suppressed_by)
			continue;
		if (!head)
			rc |= sbuf_adds(out, "\nSuppressed by exceptions\n");
		head = true;
		rc |= sbuf_addf(out, "  %-8s %s  ", severity_name(fd->severity),
				fd->check ? fd->check->id : "");
		{
			struct sbuf ref = SBUF_INIT;

			rc |= render_objref(&ref, fd->obj);
			rc |= markup_term(out, ref.buf);
			sbuf_release(&ref);
		}
		if (fd->container) {
			rc |= sbuf_adds(out, ", container ");
			rc |= markup_term(out, fd->container);
		}
		rc |= sbuf_adds(out, "\n    reason: ");
		rc |= markup_term(out, fd->suppressed_by);
		rc |= sbuf_addch(out, '\n');
	}
	for (i = 0; i < policy_count(r->policy); i++) {
		const struct policy_exception *e = policy_at(r->policy, i);

		if (!e->expired)
			continue;
		rc |= sbuf_adds(out, "\nExpired exception (not applied): ");
		rc |= markup_term(out, e->file);
		rc |= sbuf_addf(out, ":%u, expired ", e->line);
		rc |= markup_term(out, e->expires);
		rc |= sbuf_addf(out,
				", would match %zu\n    reason: ", e->matched);
		rc |= markup_term(out, e->reason);
		rc |= sbuf_addch(out, '\n');
	}
	return rc ? -1 : 0;
}

static void json_int_or_null(struct jsonw *w, const char *key, int v)
{
	jsonw_key(w, key);
	if (v < 0)
		jsonw_null(w);
	else
		jsonw_uint(w, (unsigned long long)v);
}

static void json_score(struct jsonw *w, const struct score *sc)
{
	size_t i;

	jsonw_key(w, "score");
	jsonw_obj_open(w);
	json_int_or_null(w, "overall", sc->overall);
	jsonw_key(w, "coverage");
	jsonw_obj_open(w);
	jsonw_kuint(w, "judgeable", sc->judgeable);
	jsonw_kuint(w, "judged", sc->judged);
	jsonw_kbool(w, "partial", sc->partial_coverage);
	jsonw_obj_close(w);
	jsonw_kuint(w, "excluded", sc->excluded);
	jsonw_kuint(w, "filtered", sc->filtered);
	jsonw_kuint(w, "baselined", sc->baselined);
	jsonw_key(w, "tactics");
	jsonw_arr_open(w);
	for (i = 0; i < sc->ntactics; i++) {
		const struct score_tactic *ta = &sc->tactics[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", ta->tactic->id);
		jsonw_kstr(w, "name", ta->tactic->name);
		json_int_or_null(w, "score", ta->score);
		jsonw_kuint(w, "exposed", ta->count[TECH_EXPOSED]);
		jsonw_kuint(w, "clean", ta->count[TECH_CLEAN]);
		jsonw_kuint(w, "notVisible", ta->count[TECH_NOT_VISIBLE]);
		jsonw_kuint(w, "notJudgeable", ta->count[TECH_NOT_JUDGEABLE]);
		jsonw_kuint(w, "notChecked", ta->count[TECH_NOT_CHECKED]);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "techniques");
	jsonw_arr_open(w);
	for (i = 0; i < sc->ntech; i++) {
		const struct score_technique *st = &sc->tech[i];

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", st->t->id);
		jsonw_kstr(w, "status", tech_status_name(st->status));
		jsonw_kuint(w, "findings", st->findings);
		jsonw_kuint(w, "suppressed", st->suppressed);
		if (st->status == TECH_NOT_JUDGEABLE && st->t->reveal)
			jsonw_kstr(w, "revealedBy", st->t->reveal);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

void render_json_extras(struct jsonw *w, const struct report *r)
{
	size_t i;

	if (r->score)
		json_score(w, r->score);
	if (!r->policy)
		return;
	jsonw_key(w, "exceptions");
	jsonw_arr_open(w);
	for (i = 0; i < policy_count(r->policy); i++) {
		const struct policy_exception *e = policy_at(r->policy, i);

		jsonw_obj_open(w);
		jsonw_kstr(w, "file", e->file);
		jsonw_kpos(w, "line", e->line);
		if (e->checks)
			jsonw_kstrv(w, "checks", e->checks);
		else
			jsonw_kstr(w, "checks", "*");
		jsonw_kstr(w, "namespace", e->ns_pattern);
		jsonw_kstr(w, "name", e->name_pattern);
		jsonw_kstr(w, "kind", e->kind);
		jsonw_kstr(w, "container", e->container);
		jsonw_kstr(w, "reason", e->reason);
		jsonw_kstr(w, "owner", e->owner);
		jsonw_kstr(w, "expires", e->expires);
		jsonw_kbool(w, "expired", e->expired);
		jsonw_kuint(w, "matched", e->matched);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

_Static_assert(SEV_CRITICAL < 5 && CHECK_ERROR < 5,
	       "render_tally arrays cover every severity and status");

void render_tally(const struct report *r, struct render_tally *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];

		if (fd->suppressed_by) {
			c->suppressed++;
			continue;
		}
		c->findings++;
		if ((unsigned)fd->severity <= SEV_CRITICAL)
			c->by_severity[fd->severity]++;
	}
	for (i = 0; i < r->nresults; i++)
		if ((unsigned)r->results[i].status <= CHECK_ERROR)
			c->by_status[r->results[i].status]++;
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
 * Where the fix goes: path, the first evidence path that names a field of
 * the object (fix_field(); NULL: none), cut after the first container, volume, RBAC rule, subject or pod
 * securityContext it lies in ("spec.template.spec.containers[0]",
 * "spec.volumes[2]", "rules[1]", "subjects[0]",
 * "spec.template.spec.securityContext"); other fields as they are
 * ("spec.type", "metadata.annotations.x").  Into sb; nothing when no
 * evidence names a field.
 */
/* The first evidence path that names a field of the object, or NULL. */
static const char *fix_field(const struct finding *fd)
{
	size_t i;

	for (i = 0; i < fd->nev; i++)
		if (fd->ev[i].path && is_field_path(fd->ev[i].path))
			return fd->ev[i].path;
	return NULL;
}

static void fix_path(struct sbuf *sb, const char *path)
{
	static const char *const anchors[] = {
		"containers[",	   "initContainers[", "ephemeralContainers[",
		"volumes[",	   "rules[",	      "subjects[",
		"securityContext",
	};
	const char *cut = NULL;
	size_t i, k;

	if (!path)
		return;
	/* each segment start: the path's start or after a '.' */
	for (i = 0; path[i] && !cut; i += strcspn(path + i + 1, ".") + 1) {
		const char *seg = path + i + (path[i] == '.');

		for (k = 0; k < sizeof(anchors) / sizeof(*anchors) && !cut;
		     k++) {
			size_t n;

			if (seg[0] !=
			    anchors[k][0]) /* most segments, cheaply */
				continue;
			n = strlen(anchors[k]);
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

/* The list a container path names ("spec.initContainers[0]"), or NULL. */
static const char *container_list(const char *path)
{
	static const char *const lists[] = { "containers", "initContainers",
					     "ephemeralContainers" };
	const char *last = strrchr(path, '.');
	size_t i, n;

	last = last ? last + 1 : path;
	for (i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		n = strlen(lists[i]);
		if (!strncmp(last, lists[i], n) && last[n] == '[')
			return lists[i];
	}
	return NULL;
}

/* render_fix() of a finding whose fix path is field's. */
static bool fix_of(const struct finding *fd, const char *field,
		   struct sbuf *path, struct sbuf *yaml)
{
	const char *fix = fd->check ? fd->check->fix : NULL, *p, *list;
	int rc = 0;

	fix_path(path, field);
	if (!path->len && !fix)
		return false;
	/* the path ends at the container, if any; none: the pod's own */
	list = path->len ? container_list(path->buf) : "containers";
	if (fix && fd->container && list && fragment_is_container_level(fix)) {
		/* a DNS label as it is; anything else quoted, so the YAML holds */
		rc |= sbuf_addf(yaml, "%s:\n  - name: ", list);
		if (fd->container[strspn(
			fd->container,
			"abcdefghijklmnopqrstuvwxyz0123456789-")]) {
			rc |= sbuf_addch(yaml, '\'');
			for (p = fd->container; *p; p++)
				rc |= *p == '\'' ? sbuf_adds(yaml, "''")
				      : (unsigned char)*p < 0x20
					  ? sbuf_addch(yaml, '?')
					  : sbuf_addch(yaml, *p);
			rc |= sbuf_addch(yaml, '\'');
		} else {
			rc |= sbuf_adds(yaml, fd->container);
		}
		rc |= sbuf_addch(yaml, '\n');
		for (p = fix; *p;) {
			size_t n = strcspn(p, "\n");

			rc |= sbuf_adds(yaml, "    ");
			rc |= sbuf_add(yaml, p, n);
			rc |= sbuf_addch(yaml, '\n');
			p += n + (p[n] == '\n');
		}
	} else if (fix) {
		rc |= sbuf_adds(yaml, fix);
	}
	if (rc)
		oom();
	return true;
}

bool render_fix(const struct finding *fd, struct sbuf *path, struct sbuf *yaml)
{
	return fix_of(fd, fix_field(fd), path, yaml);
}

bool render_fix_memo(struct render_fix_memo *m, const struct finding *fd)
{
	const char *field = fix_field(fd);

	/* the same check, container and field: the same texts */
	if (m->valid && m->check == fd->check &&
	    m->container == fd->container && m->field == field)
		return m->has;
	sbuf_reset(&m->path);
	sbuf_reset(&m->yaml);
	m->has = fix_of(fd, field, &m->path, &m->yaml);
	m->check = fd->check;
	m->container = fd->container;
	m->field = field;
	m->valid = true;
	m->made++;
	return m->has;
}

void render_fix_memo_release(struct render_fix_memo *m)
{
	sbuf_release(&m->path);
	sbuf_release(&m->yaml);
	m->valid = false;
}

void render_fix_json(struct jsonw *w, const struct finding *fd,
		     struct render_fix_json *f, bool nulls)
{
	const struct render_fix_memo *m = &f->fix;

	if (!render_fix_memo(&f->fix, fd))
		return;
	/* the texts of the finding before: the bytes written for them */
	if (f->made != m->made) {
		jsonw_memo_forget(&f->w);
		f->made = m->made;
	}
	if (jsonw_memo_replay(w, &f->w, m))
		return;
	jsonw_memo_begin(w, &f->w, m);
	jsonw_kobj_open(w, "fix");
	if (m->path.len || nulls)
		jsonw_kstrl(w, "path", m->path.len ? m->path.buf : NULL,
			    m->path.len);
	if (m->yaml.len || nulls)
		jsonw_kstrl(w, "yaml", m->yaml.len ? m->yaml.buf : NULL,
			    m->yaml.len);
	jsonw_obj_close(w);
	jsonw_memo_end(w, &f->w);
}

void render_fix_json_release(struct render_fix_json *f)
{
	render_fix_memo_release(&f->fix);
	jsonw_memo_release(&f->w);
}

const char *render_fp_hex(const struct finding *fd, char *buf)
{
#if defined(__SSE2__)
	_Static_assert(sizeof(fd->fingerprint) == 16, "16 bytes, 32 digits");
	const __m128i nib = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9);
	__m128i v =
	    _mm_loadu_si128((const __m128i *)(const void *)fd->fingerprint);
	__m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), nib);
	__m128i lo = _mm_and_si128(v, nib);
	/* each byte's high digit, then its low one */
	__m128i d[2] = { _mm_unpacklo_epi8(hi, lo), _mm_unpackhi_epi8(hi, lo) };
	size_t i;

	for (i = 0; i < 2; i++) {
		/* '0' + n, and 'a' - '0' - 10 more above 9 */
		__m128i above = _mm_cmpgt_epi8(d[i], nine);

		d[i] = _mm_add_epi8(_mm_add_epi8(d[i], _mm_set1_epi8('0')),
				    _mm_and_si128(above, _mm_set1_epi8(39)));
		_mm_storeu_si128((__m128i *)(void *)(buf + 16 * i), d[i]);
	}
	buf[32] = '\0';
	return buf;
#else
	return finding_fp_hex(fd, buf);
#endif
}
