#include "policy.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "fmt.h"
#include "image.h"
#include "inventory.h"
#include "load/load.h"
#include "node.h"
#include "strmap.h"
#include "suggest.h"

struct policy_re {
	pcre2_code *code;
};

struct entry {
	struct policy_exception pub;
	struct policy_re *ns_re, *name_re;
};

struct policy {
	struct entry *v;
	size_t n, alloc;
};

/* ---- PCRE2 boundary ---------------------------------------------------- */

struct policy_re *policy_re_new(const char *pattern, const char *file,
				unsigned line, unsigned col, struct diag *d)
{
	struct srcloc loc = { file, line, col };
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off = 0;
	int err = 0;
	pcre2_code *code;
	struct policy_re *re;

	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			     PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF |
				 PCRE2_MATCH_INVALID_UTF,
			     &err, &off, NULL);
	if (!code) {
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			fmt_snprintf((char *)msg, sizeof(msg), "error %d", err);
		diag_set(d, DIAG_CONFIG, &loc,
			 "bad regular expression '%s': %s at offset %zu",
			 pattern, (const char *)msg, (size_t)off);
		return NULL;
	}
	re = xmalloc(sizeof(*re));
	re->code = code;
	return re;
}

void policy_re_free(struct policy_re *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re);
}

/*
 * Backtracking bounds: a pattern such as '(a|a)+' against a long name
 * stops after this much work (PCRE2_ERROR_MATCHLIMIT) instead of running
 * for seconds; such a name counts as not matched, so findings stay.
 */
#define RE_MATCH_LIMIT 100000u
#define RE_DEPTH_LIMIT 10000u

bool policy_re_match(const struct policy_re *re, const char *s)
{
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	pcre2_match_data *md;
	int rc;

	md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (!md || !mc)
		oom();
	pcre2_set_match_limit(mc, RE_MATCH_LIMIT);
	pcre2_set_depth_limit(mc, RE_DEPTH_LIMIT);
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, mc);
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	return rc >= 0;
}

/* ---- dates ------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool policy_date_valid(const char *date)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, m, dd, max;

	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
	    !all_digits(date, 4) || !all_digits(date + 5, 2) ||
	    !all_digits(date + 8, 2))
		return false;
	y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	    (date[2] - '0') * 10 + (date[3] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	dd = (date[8] - '0') * 10 + (date[9] - '0');
	if (m < 1 || m > 12 || dd < 1)
		return false;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return dd <= max;
}

/* ---- parsing ----------------------------------------------------------- */

struct parse {
	struct arena *a;
	const char *file;
	struct diag *d;
};

static int err_at(struct parse *ps, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int err_at(struct parse *ps, const struct node *at, const char *fmt, ...)
{
	struct srcloc loc = { ps->file, at ? at->line : 0, node_col(at) };
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_set(ps->d, DIAG_CONFIG, &loc, "%s", msg);
}

/* A scalar as text: strings, and numbers written like 2026 (for dates). */
static const char *scalar(const struct node *n)
{
	if (n && (n->type == NODE_STRING || n->type == NODE_NUMBER))
		return node_text(n);
	return NULL;
}

static int want_text(struct parse *ps, const struct node *v, const char *key,
		     const char **out)
{
	const char *s = scalar(v);

	if (!s || !*s)
		return err_at(ps, v, "expected '%s' to be a non-empty string",
			      key);
	*out = arena_strdup(ps->a, s);
	return 0;
}

static int parse_checks(struct parse *ps, const struct node *v,
			struct policy_exception *e)
{

	const char **ids;
	size_t i;

	if (v->type == NODE_STRING) {
		if (!node_len(v))
			return err_at(ps, v, "expected '%s' to name a check",
				      "checks");
		if (!strcmp(node_text(v), "*"))
			return 0; /* all checks */
		ids = arena_calloc(ps->a, 2, sizeof(*ids));
		ids[0] = arena_strdup(ps->a, node_text(v));
		e->checks = ids;
		return 0;
	}
	if (v->type != NODE_ARRAY || !node_len(v))
		return err_at(ps, v,
			      "expected '%s' to be a check id, \"*\" or a "
			      "non-empty list of check ids",
			      "checks");
	ids = arena_calloc(ps->a, node_len(v) + 1, sizeof(*ids));
	for (i = 0; i < node_len(v); i++) {
		const struct node *it = node_at(v, i);

		if (it->type != NODE_STRING || !node_len(it))
			return err_at(ps, it,
				      "expected '%s' items to be "
				      "check ids (strings)",
				      "checks");
		if (!strcmp(node_text(it), "*"))
			return 0; /* all checks */
		ids[i] = arena_strdup(ps->a, node_text(it));
	}
	e->checks = ids;
	return 0;
}

static const char *const entry_keys[] = {
	"checks", "namespace", "name",	"kind", "container",
	"reason", "expires",   "owner", NULL,
};

static int check_keys(struct parse *ps, const struct node *obj)
{
	size_t i;

	for (i = 0; i < node_len(obj); i++) {
		const struct node_member m = node_member_i(obj, i);
		const char *const *k;

		for (k = entry_keys; *k; k++)
			if (strlen(*k) == node_key_len(m.key) &&
			    !memcmp(*k, m.key, node_key_len(m.key)))
				break;
		if (!*k)
			return err_at(
			    ps, m.val,
			    "unknown key '%s' in exception (expected "
			    "checks, namespace, name, kind, container, "
			    "reason, expires or owner)",
			    m.key);
	}
	return 0;
}

static int parse_pattern(struct parse *ps, const struct node *obj,
			 const char *key, const char **pat,
			 struct policy_re **re)
{
	const struct node *v = node_get(obj, key);
	int rc;

	*pat = ".*";
	if (v && (rc = want_text(ps, v, key, pat)))
		return rc;
	*re = policy_re_new(*pat, ps->file, v ? v->line : obj->line,
			    v ? node_col(v) : node_col(obj), ps->d);
	return *re ? 0 : DIAG_CONFIG;
}

static int parse_optional(struct parse *ps, const struct node *obj,
			  const char *key, const char **out)
{
	const struct node *v = node_get(obj, key);

	*out = NULL;
	return v ? want_text(ps, v, key, out) : 0;
}

static int parse_entry(struct parse *ps, const struct node *obj,
		       struct entry *en)
{
	struct policy_exception *e = &en->pub;
	const struct node *v;
	int rc;

	memset(en, 0, sizeof(*en));
	e->file = ps->file;
	e->line = obj->line;
	e->col = node_col(obj);
	if (obj->type != NODE_OBJECT)
		return err_at(ps, obj, "expected each exception to be %s",
			      "a mapping");
	if ((rc = check_keys(ps, obj)))
		return rc;
	if (!(v = node_get(obj, "checks")))
		return err_at(ps, obj,
			      "exception has no '%s' (check ids or "
			      "\"*\")",
			      "checks");
	if ((rc = parse_checks(ps, v, e)))
		return rc;
	if (!(v = node_get(obj, "reason")))
		return err_at(ps, obj,
			      "exception has no '%s': say why the "
			      "risk is accepted",
			      "reason");
	if ((rc = want_text(ps, v, "reason", &e->reason)) ||
	    (rc = parse_optional(ps, obj, "kind", &e->kind)) ||
	    (rc = parse_optional(ps, obj, "container", &e->container)) ||
	    (rc = parse_optional(ps, obj, "owner", &e->owner)) ||
	    (rc = parse_optional(ps, obj, "expires", &e->expires)))
		return rc;
	if (e->expires && !policy_date_valid(e->expires))
		return err_at(ps, node_get(obj, "expires"),
			      "bad date '%s' in 'expires' (expected a "
			      "calendar date YYYY-MM-DD)",
			      e->expires);
	if ((rc = parse_pattern(ps, obj, "namespace", &e->ns_pattern,
				&en->ns_re)) ||
	    (rc = parse_pattern(ps, obj, "name", &e->name_pattern,
				&en->name_re)))
		return rc;
	return 0;
}

static void entry_release(struct entry *en)
{
	policy_re_free(en->ns_re);
	policy_re_free(en->name_re);
	en->ns_re = en->name_re = NULL;
}

struct policy *policy_new(void)
{
	struct policy *p = xmalloc(sizeof(*p));

	memset(p, 0, sizeof(*p));
	return p;
}

void policy_free(struct policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		entry_release(&p->v[i]);
	free(p->v);
	free(p);
}

static int parse_root(struct parse *ps, const struct node *root,
		      const struct node **list)
{
	size_t i;

	if (!root || root->type != NODE_OBJECT)
		return err_at(ps, root, "expected a mapping with the key %s",
			      "'exceptions'");
	for (i = 0; i < node_len(root); i++) {
		struct node_member m = node_member_i(root, i);

		if (strcmp(m.key, "exceptions"))
			return err_at(ps, m.val,
				      "unknown key '%s' at the top level "
				      "(expected 'exceptions')",
				      m.key);
	}
	*list = node_get(root, "exceptions");
	if (!*list)
		return err_at(ps, root, "expected the key %s", "'exceptions'");
	if ((*list)->type == NODE_NULL)
		return 0;
	if ((*list)->type != NODE_ARRAY)
		return err_at(ps, *list, "expected 'exceptions' to be %s",
			      "a list");
	return 0;
}

int policy_load_tree(struct policy *p, struct arena *a, const char *file,
		     const struct node *root, struct diag *d)
{
	struct parse ps = { a, arena_strdup(a, file ? file : "<exceptions>"),
			    d };
	const struct node *list = NULL;
	size_t i, n, start = p->n;
	int rc;

	if ((rc = parse_root(&ps, root, &list)))
		return rc;
	n = list && list->type == NODE_ARRAY ? node_len(list) : 0;
	for (i = 0; i < n; i++) {
		if (p->n == p->alloc) {
			p->alloc = p->alloc ? p->alloc * 2 : 8;
			p->v = xrealloc_array(p->v, p->alloc, sizeof(*p->v));
		}
		rc = parse_entry(&ps, node_at(list, i), &p->v[p->n]);
		if (rc) {
			entry_release(&p->v[p->n]);
			while (p->n > start)
				entry_release(&p->v[--p->n]);
			return rc;
		}
		p->n++;
	}
	return 0;
}

int policy_load(struct policy *p, struct arena *a, const char *file,
		const char *buf, size_t len, struct diag *d)
{
	struct node *root = load_tree(a, file, buf, len, NULL, d);

	if (!root)
		return d && d->code ? (int)d->code : DIAG_PARSE;
	return policy_load_tree(p, a, file, root, d);
}

/* ---- trusted registries ------------------------------------------------ */

#define REGISTRIES_KEY	       "trustedRegistries"
#define REGISTRIES_API_VERSION "threatmap.dev/v1"
#define REGISTRIES_KIND	       "TrustedRegistries"

static int registries_root(struct parse *ps, const struct node *root,
			   const struct node **list)
{
	const char *key;
	const struct node *v;
	size_t i;

	if (!node_is(root, NODE_OBJECT))
		return err_at(ps, root, "expected a mapping with the key '%s'",
			      REGISTRIES_KEY);
	for (i = 0; node_member_at(root, i, &key, &v); i++) {
		/* the same list as a document of the scanned input */
		if (!strcmp(key, "apiVersion") &&
		    !node_str_eq(v, REGISTRIES_API_VERSION))
			return err_at(ps, v, "expected apiVersion '%s'",
				      REGISTRIES_API_VERSION);
		if (!strcmp(key, "kind") && !node_str_eq(v, REGISTRIES_KIND))
			return err_at(ps, v, "expected kind '%s'",
				      REGISTRIES_KIND);
		if (strcmp(key, REGISTRIES_KEY) && strcmp(key, "apiVersion") &&
		    strcmp(key, "kind") && strcmp(key, "metadata"))
			return err_at(ps, v,
				      "unknown key '%s' at the top level "
				      "(expected '%s')",
				      key, REGISTRIES_KEY);
	}
	*list = node_get(root, REGISTRIES_KEY);
	if (!*list)
		return err_at(ps, root, "expected the key '%s'",
			      REGISTRIES_KEY);
	if (!node_is(*list, NODE_NULL) && !node_is(*list, NODE_ARRAY))
		return err_at(ps, *list, "expected '%s' to be a list",
			      REGISTRIES_KEY);
	return 0;
}

const char **policy_load_registries(struct arena *a, const char *file,
				    const char *buf, size_t len, size_t *n,
				    struct diag *d)
{
	const struct node *root;

	*n = 0;
	if (!(root = load_tree(a, file, buf, len, NULL, d)))
		return NULL;
	return policy_registries_tree(a, file, root, n, d);
}

const char **policy_registries_tree(struct arena *a, const char *file,
				    const struct node *root, size_t *n,
				    struct diag *d)
{
	struct parse ps = { a, arena_strdup(a, file ? file : "<registries>"),
			    d };
	const struct node *list = NULL;
	const char **v;
	size_t i, k;

	*n = 0;
	if (registries_root(&ps, root, &list))
		return NULL;
	k = node_count(list);
	v = arena_calloc(a, k ? k : 1, sizeof(*v));
	for (i = 0; i < k; i++) {
		const struct node *e = node_at(list, i);
		const char *why;

		if (!node_is(e, NODE_STRING)) {
			err_at(&ps, e,
			       "expected %s[%zu] to be a string (a registry "
			       "host or host/repository prefix)",
			       REGISTRIES_KEY, i);
			return NULL;
		}
		if (!image_trusted_entry_valid(node_str(e), &why)) {
			err_at(&ps, e, "'%s' is not a trusted registry: %s",
			       node_str(e), why);
			return NULL;
		}
		v[i] = arena_strdup(a, node_str(e));
	}
	*n = k;
	return v;
}

size_t policy_count(const struct policy *p)
{
	return p ? p->n : 0;
}

const struct policy_exception *policy_at(const struct policy *p, size_t i)
{
	return p && i < p->n ? &p->v[i].pub : NULL;
}

/* ---- matching ---------------------------------------------------------- */

static bool names_check(const struct policy_exception *e, const struct check *c)
{
	const char *const *id;

	if (!e->checks)
		return true;
	for (id = e->checks; *id; id++)
		if (c && !strcmp(*id, c->id))
			return true;
	return false;
}

static bool entry_matches(const struct entry *en, const struct finding *fd)
{
	const struct policy_exception *e = &en->pub;

	if (!names_check(e, fd->check))
		return false;
	if (e->container &&
	    (!fd->container || strcmp(e->container, fd->container)))
		return false;
	if (!fd->obj)
		return false;
	if (e->kind && strcmp(e->kind, fd->obj->kind))
		return false;
	return policy_re_match(en->ns_re, kobj_ns(fd->obj)) &&
	       policy_re_match(en->name_re, fd->obj->name);
}

const struct policy_exception *policy_match(const struct policy *p,
					    const struct finding *fd)
{
	size_t i;

	for (i = 0; p && i < p->n; i++)
		if (!p->v[i].pub.expired && entry_matches(&p->v[i], fd))
			return &p->v[i].pub;
	return NULL;
}

int policy_apply(struct policy *p, struct findings *f, const char *today,
		 struct diag *d)
{
	size_t i, j;
	int suppressed = 0;

	if (today && !policy_date_valid(today))
		return diag_set(d, DIAG_USAGE, NULL,
				"bad date '%s' (expected YYYY-MM-DD)", today);
	for (i = 0; i < p->n; i++) {
		struct policy_exception *e = &p->v[i].pub;

		e->matched = 0;
		/* Same format, so text order is date order. */
		e->expired =
		    today && e->expires && strcmp(e->expires, today) < 0;
	}
	for (j = 0; j < f->n; j++) {
		struct finding *fd = f->v[j];
		bool done = false;

		fd->suppressed_by = NULL;
		for (i = 0; i < p->n; i++) {
			struct entry *en = &p->v[i];

			if (done && !en->pub.expired)
				continue;
			if (!entry_matches(en, fd))
				continue;
			en->pub.matched++;
			if (en->pub.expired || done)
				continue;
			fd->suppressed_by = en->pub.reason;
			suppressed++;
			done = true;
		}
	}
	return suppressed;
}

size_t policy_expired_count(const struct policy *p)
{
	size_t i, n = 0;

	for (i = 0; p && i < p->n; i++)
		n += p->v[i].pub.expired;
	return n;
}

/* ---- filters ----------------------------------------------------------- */

static size_t drop_if(struct findings *f,
		      bool (*drop)(const struct finding *, const void *),
		      const void *ctx)
{
	size_t i, k = 0;

	for (i = 0; i < f->n; i++)
		if (!drop(f->v[i], ctx))
			f->v[k++] = f->v[i];
	i = f->n - k;
	f->n = k;
	return i;
}

/* The pattern and what it said of each namespace so far. */
struct ns_cache {
	const struct policy_re *re;
	struct strmap seen; /* namespace -> &yes or &no */
};

static const char yes = 1, no = 0;

static bool in_ns(const struct finding *fd, const void *ctx)
{
	struct ns_cache *c = (struct ns_cache *)ctx;
	const char *ns;
	void **slot;

	if (!fd->obj)
		return false;
	/* each namespace is matched once, however many findings it has */
	ns = kobj_ns(fd->obj);
	slot = strmap_slot(&c->seen, ns, strlen(ns));
	if (!*slot)
		*slot = (void *)(policy_re_match(c->re, ns) ? &yes : &no);
	return *slot == &yes;
}

static bool below(const struct finding *fd, const void *ctx)
{
	return fd->severity < *(const enum severity *)ctx;
}

size_t policy_exclude_namespaces(struct findings *f, const struct policy_re *re)
{
	struct ns_cache c = { re, STRMAP_INIT };
	size_t n;

	if (!re)
		return 0;
	n = drop_if(f, in_ns, &c);
	strmap_release(&c.seen);
	return n;
}

size_t policy_min_severity(struct findings *f, enum severity min)
{
	return drop_if(f, below, &min);
}

int policy_validate_checks(const struct policy *p,
			   const struct check *const *table, struct diag *d)
{
	size_t i;

	for (i = 0; i < policy_count(p); i++) {
		const struct policy_exception *e = policy_at(p, i);
		struct srcloc loc = { e->file, e->line, e->col };
		const char *const *id;
		const char *near;

		for (id = e->checks; id && *id; id++) {
			if (check_table_find(table, *id))
				continue;
			near = suggest_check(table, *id);
			if (near)
				return diag_set(d, DIAG_CONFIG, &loc,
						"unknown check '%s' (did you "
						"mean '%s'?)",
						*id, near);
			return diag_set(d, DIAG_CONFIG, &loc,
					"unknown check '%s' (see "
					"'kubectl-threatmap checks')",
					*id);
		}
	}
	return 0;
}
