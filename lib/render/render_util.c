#include "render/render_util.h"

#include <stdlib.h>
#include <string.h>

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
		if (c && render_check_index(v, k, c) < 0)
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
	if (o->ns)
		return sbuf_addf(sb, "%s %s/%s", o->kind, o->ns, o->name);
	if (kind_is_cluster_scoped(o->kind))
		return sbuf_addf(sb, "%s %s", o->kind, o->name);
	return sbuf_addf(sb, "%s %s (namespace unset)", o->kind, o->name);
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

int render_artifact_uri(struct sbuf *sb, const struct report *r,
			const struct kobj *o, bool *synthetic,
			const char **base_id)
{
	const char *src = r->scan ? r->scan->meta.source : NULL;
	bool manifests = !src || !strcmp(src, "manifests");
	const char *f = o ? o->file : NULL;
	int rc = 0;

	if (base_id)
		*base_id = NULL;
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

/* s with control characters (terminal escapes) replaced by '?'. */
static int add_plain(struct sbuf *sb, const char *s)
{
	int rc = 0;

	for (; s && *s; s++)
		rc |= sbuf_addch(
		    sb, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
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
	for (i = 0; i < sc->ntactics; i++) {
		rc |= sbuf_addf(out, "  %-22s ", sc->tactics[i].tactic->name);
		rc |= sc->tactics[i].score < 0
			  ? sbuf_adds(out, "n/a\n")
			  : sbuf_addf(out, "%d\n", sc->tactics[i].score);
	}
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
			rc |= add_plain(out, ref.buf);
			sbuf_release(&ref);
		}
		if (fd->container) {
			rc |= sbuf_adds(out, ", container ");
			rc |= add_plain(out, fd->container);
		}
		rc |= sbuf_adds(out, "\n    reason: ");
		rc |= add_plain(out, fd->suppressed_by);
		rc |= sbuf_addch(out, '\n');
	}
	for (i = 0; i < policy_count(r->policy); i++) {
		const struct policy_exception *e = policy_at(r->policy, i);

		if (!e->expired)
			continue;
		rc |= sbuf_adds(out, "\nExpired exception (not applied): ");
		rc |= add_plain(out, e->file);
		rc |= sbuf_addf(out, ":%u, expired ", e->line);
		rc |= add_plain(out, e->expires);
		rc |= sbuf_addf(out,
				", would match %zu\n    reason: ", e->matched);
		rc |= add_plain(out, e->reason);
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
