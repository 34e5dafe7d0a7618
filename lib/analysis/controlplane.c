#include "analysis/controlplane.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/program.h"
#include "sbuf.h"
#include "scan.h"

/* The program each component runs (program_of() tells them apart). */
static const enum program_id programs[CP_COMPONENTS] = {
	[CP_APISERVER] = PROGRAM_KUBE_APISERVER,
	[CP_ETCD] = PROGRAM_ETCD,
	[CP_CONTROLLER_MANAGER] = PROGRAM_KUBE_CONTROLLER_MANAGER,
	[CP_SCHEDULER] = PROGRAM_KUBE_SCHEDULER,
	[CP_KUBELET] = PROGRAM_KUBELET,
};

/* Flags of these programs that pflag (or Go's flag) parses as booleans. */
static const char *const bool_flags[] = {
	"allow-privileged",
	"anonymous-auth",
	"authentication-token-webhook",
	"auto-tls",
	"client-cert-auth",
	"enable-aggregator-routing",
	"enable-bootstrap-token-auth",
	"enable-garbage-collector",
	"enable-priority-and-fairness",
	"leader-elect",
	"peer-auto-tls",
	"fail-swap-on",
	"peer-client-cert-auth",
	"profiling",
	"protect-kernel-defaults",
	"rotate-certificates",
	"rotate-server-certificates",
	"use-service-account-credentials",
	"v",
	NULL,
};

const char *cp_component_name(enum cp_component c)
{
	return c < CP_COMPONENTS ? program_name(programs[c]) : "?";
}

/* ---- words of a command line ------------------------------------------- */

struct word {
	const char *s;
	const struct node *at;
	const char *path;
	const struct kobj *obj; /* holding at, when not the process's */
};

struct words {
	struct word *v;
	size_t n, alloc;
	bool opaque;
};

static void words_add(struct words *w, const char *s, const struct node *at,
		      const char *path)
{
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 16;
		w->v = xrealloc_array(w->v, w->alloc, sizeof(*w->v));
	}
	w->v[w->n].s = s;
	w->v[w->n].at = at;
	w->v[w->n].path = path;
	w->v[w->n].obj = NULL;
	w->n++;
	if (strstr(s, "{{") || strchr(s, '$'))
		w->opaque = true;
}

/* Split a shell command string into words, honouring simple quotes. */
static void words_shell(struct words *w, struct arena *a, const char *s,
			const struct node *at, const char *path)
{
	char *buf = arena_alloc(a, strlen(s) + 1);

	while (*s) {
		char *o = buf, q = 0;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		for (; *s && (q || (*s != ' ' && *s != '\t' && *s != '\n'));
		     s++) {
			if (q && *s == q)
				q = 0;
			else if (!q && (*s == '\'' || *s == '"'))
				q = *s;
			else
				*o++ = *s;
		}
		*o++ = '\0';
		words_add(w, buf, at, path);
		buf = o;
	}
}

static const char *basename_of(const char *s)
{
	const char *b = strrchr(s, '/');

	return b ? b + 1 : s;
}

static bool in_list(const char *const *l, const char *s, size_t n)
{
	for (; *l; l++)
		if (strlen(*l) == n && !strncmp(*l, s, n))
			return true;
	return false;
}

/* Parse the flags of words from index i on into p. */
static void parse_flags(struct cp_proc *p, struct arena *a,
			const struct words *w, size_t i)
{
	struct cp_flag *f = arena_calloc(a, w->n ? w->n : 1, sizeof(*f));
	size_t n = 0;

	for (; i < w->n; i++) {
		const char *s = w->v[i].s, *eq;
		size_t nl;
		if (s[0] != '-' || !s[1])
			continue;
		s += s[1] == '-' ? 2 : 1;
		eq = strchr(s, '=');
		nl = eq ? (size_t)(eq - s) : strlen(s);
		f[n].name = arena_strndup(a, s, nl);
		f[n].at = w->v[i].at;
		f[n].path = w->v[i].path;
		f[n].obj = w->v[i].obj;
		if (eq)
			f[n].value = eq + 1;
		else if (!in_list(bool_flags, s, nl) && i + 1 < w->n &&
			 w->v[i + 1].s[0] != '-')
			f[n].value = w->v[++i].s;
		else
			f[n].value = "true";
		n++;
	}
	p->flags = f;
	p->nflags = n;
}

static void add_proc(struct cp_proc **v, size_t *n, size_t *alloc,
		     const struct cp_proc *p)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 4;
		*v = xrealloc_array(*v, *alloc, sizeof(**v));
	}
	(*v)[(*n)++] = *p;
}

/* One container of the pods of the inventory, and the component it runs. */
struct cp_at {
	size_t pod, ctr;
	enum cp_component comp;
};

/*
 * The containers that run a component (program_of()), in inventory
 * order: cp_find() looks only at these.  Made by the first cp_find() of a
 * scan (scan_lazy_get()).
 */
struct cp_index {
	struct cp_at *v;
	size_t n;
};

static void index_free(void *p)
{
	struct cp_index *x = p;

	if (!x)
		return;
	free(x->v);
	free(x);
}

/* The component container c runs, or CP_COMPONENTS for none. */
static enum cp_component component_of(const struct node *c, struct arena *a)
{
	enum program_id id;
	size_t k;

	if (!program_mentioned(c))
		return CP_COMPONENTS;
	id = program_of(c, NULL, a, NULL);
	for (k = 0; k < CP_COMPONENTS; k++)
		if (programs[k] == id)
			return (enum cp_component)k;
	return CP_COMPONENTS;
}

static void *index_make(const struct scan *s)
{
	struct cp_index *x = xmalloc(sizeof(*x));
	struct arena *a = arena_new();
	const struct pod_view *pv;
	size_t np, i, j, alloc = 0;

	memset(x, 0, sizeof(*x));
	pv = inventory_pods(s->inv, &np);
	for (i = 0; i < np; i++) {
		const struct node *cs = node_get(pv[i].spec, "containers");
		for (j = 0; j < node_count(cs); j++) {
			enum cp_component k = component_of(node_at(cs, j), a);
			if (k == CP_COMPONENTS)
				continue;
			if (x->n == alloc) {
				alloc = alloc ? 2 * alloc : 8;
				x->v =
				    xrealloc_array(x->v, alloc, sizeof(*x->v));
			}
			x->v[x->n].pod = i;
			x->v[x->n].ctr = j;
			x->v[x->n].comp = k;
			x->n++;
		}
	}
	arena_free(a);
	return x;
}

static const struct cp_index *cp_index(const struct scan *s)
{
	return scan_lazy_get(s, SCAN_LAZY_CP, index_make, index_free);
}

size_t cp_index_count(const struct scan *s)
{
	const struct cp_index *x = cp_index(s);

	return x ? x->n : 0;
}

/*
 * etcd takes a flag its command line does not give from the environment
 * variable ETCD_NAME (ETCD_CLIENT_CERT_AUTH for --client-cert-auth; an
 * empty value is ignored, and etcd refuses to start when both are given):
 * the variables become flags before the command line's.  A value the
 * input does not show (valueFrom, envFrom, a placeholder) makes the
 * process opaque.  With --config-file (or ETCD_CONFIG_FILE) etcd reads
 * neither flags nor variables, only that file, which the input never
 * holds.
 */
static void etcd_env(struct cp_proc *p, struct arena *a, const struct node *c,
		     const char *base)
{
	const struct node *env = node_get(c, "env");
	const struct cp_flag *cf;
	struct cp_flag *f;
	size_t n = node_count(env), i, j, k = 0;

	f = arena_calloc(a, n + p->nflags + 1, sizeof(*f));
	if (node_count(node_get(c, "envFrom")))
		p->opaque = true;
	for (i = 0; i < n; i++) {
		const struct node *e = node_at(env, i);
		const char *name = node_get_str(e, "name");
		const char *v;
		char *fl;
		if (!name || strncmp(name, "ETCD_", 5) || !name[5])
			continue;
		v = node_get_str(e, "value");
		if (!v || !*v || strstr(v, "{{") || strstr(v, "$(")) {
			p->opaque |= (v && *v) || node_get(e, "valueFrom");
			continue;
		}
		fl = arena_strdup(a, name + 5);
		for (j = 0; fl[j]; j++)
			fl[j] = fl[j] == '_'
				    ? '-'
				    : (char)tolower((unsigned char)fl[j]);
		f[k].name = fl;
		f[k].value = v;
		f[k].at = node_get(e, "value");
		f[k].path = arena_printf(a, "%s.env[%zu].value", base, i);
		k++;
	}
	if (p->nflags)
		memcpy(f + k, p->flags, p->nflags * sizeof(*f));
	p->flags = f;
	p->nflags += k;
	cf = cp_flag(p, "config-file");
	if (cf && *cf->value) {
		p->nflags = 0;
		p->opaque = true;
	}
}

/* Container j of pod view pv as component comp, added to v when it is. */
static void find_in(const struct inventory *inv, struct arena *a,
		    enum cp_component comp, const struct pod_view *pv, size_t j,
		    struct cp_proc **v, size_t *n, size_t *alloc)
{
	const struct node *c = node_at(node_get(pv->spec, "containers"), j);
	struct words w = { 0 };
	struct cp_proc p = { 0 };
	struct program prog;
	const char *base;
	size_t i;

	if (!program_mentioned(c))
		return;
	base = arena_printf(a, "%s.containers[%zu]", pv->spec_path, j);
	if (program_of(c, base, a, &prog) != programs[comp])
		return;
	for (i = 0; i < prog.argc; i++)
		words_add(&w, prog.argv[i].s, prog.argv[i].at,
			  prog.argv[i].path);
	p.comp = comp;
	p.obj = pv->obj;
	p.container = node_get_str(c, "name");
	p.image = node_get_str(c, "image");
	p.cmd_at = prog.list;
	p.cmd_path = prog.list_path;
	p.opaque = prog.opaque;
	p.inv = inv;
	parse_flags(&p, a, &w, 0);
	if (comp == CP_ETCD)
		etcd_env(&p, a, c, base);
	add_proc(v, n, alloc, &p);
	free(w.v);
}

size_t cp_find(const struct scan *s, struct arena *a, enum cp_component comp,
	       const struct cp_proc **out)
{
	const struct pod_view *pv;
	const struct cp_index *x;
	const struct cp_at *at;
	struct cp_proc *v = NULL, *res;
	size_t np, nat, n = 0, alloc = 0, i, j;

	pv = inventory_pods(s->inv, &np);
	if ((x = cp_index(s))) {
		at = x->v;
		nat = x->n;
		for (i = 0; i < nat; i++)
			if (at[i].comp == comp)
				find_in(s->inv, a, comp, &pv[at[i].pod],
					at[i].ctr, &v, &n, &alloc);
	} else {
		for (i = 0; i < np; i++) {
			const struct node *cs =
			    node_get(pv[i].spec, "containers");
			for (j = 0; j < node_count(cs); j++)
				find_in(s->inv, a, comp, &pv[i], j, &v, &n,
					&alloc);
		}
	}
	res = arena_calloc(a, n ? n : 1, sizeof(*res));
	if (n)
		memcpy(res, v, n * sizeof(*res));
	free(v);
	*out = res;
	return n;
}

int cp_minor(const struct cp_proc *p)
{
	const char *t, *b;
	char *end;
	long minor;

	if (!p->image)
		return -1;
	b = basename_of(p->image);
	if (!(t = strchr(b, ':')) || strncmp(t + 1, "v1.", 3))
		return -1;
	minor = strtol(t + 4, &end, 10);
	if (end == t + 4 || (*end && *end != '.') || minor < 0 || minor > 999)
		return -1;
	return (int)minor;
}

const struct cp_flag *cp_flag(const struct cp_proc *p, const char *name)
{
	size_t i;

	for (i = p->nflags; i > 0; i--)
		if (!strcmp(p->flags[i - 1].name, name))
			return &p->flags[i - 1];
	return NULL;
}

bool cp_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	while (list && *list) {
		size_t l = strcspn(list, ",");
		const char *s = list;
		while (l && *s == ' ')
			s++, l--;
		while (l && s[l - 1] == ' ')
			l--;
		if (l == n && !strncmp(s, item, n))
			return true;
		list += strcspn(list, ",");
		if (*list)
			list++;
	}
	return false;
}

const struct cp_flag *cp_list_flag(const struct cp_proc *p, const char *name,
				   const char *item)
{
	size_t i;

	for (i = p->nflags; i > 0; i--)
		if (!strcmp(p->flags[i - 1].name, name) &&
		    cp_list_has(p->flags[i - 1].value, item))
			return &p->flags[i - 1];
	return NULL;
}

const char *cp_list_all(const struct cp_proc *p, struct arena *a,
			const char *name)
{
	const char *t = NULL;
	size_t i;

	for (i = 0; i < p->nflags; i++) {
		const char *v = p->flags[i].value;
		if (strcmp(p->flags[i].name, name))
			continue;
		if (!t)
			t = v;
		else if (*v)
			t = *t ? arena_printf(a, "%s,%s", t, v) : v;
	}
	return t;
}

const char *cp_unseen(const struct scan *s, unsigned mask)
{
	struct arena *a = arena_new();
	const struct cp_proc *p;
	const char *why = NULL;
	size_t k;
	bool seen = false;

	for (k = 0; k < CP_COMPONENTS && !seen; k++)
		if (mask & CP_BIT(k))
			seen = cp_find(s, a, (enum cp_component)k, &p) > 0;
	arena_free(a);
	if (seen)
		return NULL;
	for (k = 0; k < CP_COMPONENTS; k++)
		if (mask & CP_BIT(k)) {
			why = arena_printf(
			    s->arena, "%s%s%s", why ? why : "", why ? ", " : "",
			    cp_component_name((enum cp_component)k));
		}
	return arena_printf(s->arena,
			    "no %s pod in the input (a managed control plane "
			    "hides it, or kube-system pods were not read)",
			    why ? why : "control-plane");
}

int cp_report(const struct scan *s, const struct check *c, unsigned mask,
	      cp_judge_fn *judge, struct findings *out)
{
	size_t k, i, n;

	for (k = 0; k < CP_COMPONENTS; k++) {
		const struct cp_proc *p;
		if (!(mask & CP_BIT(k)))
			continue;
		n = cp_find(s, out->arena, (enum cp_component)k, &p);
		for (i = 0; i < n; i++) {
			const char *why = NULL;
			const struct cp_flag *at = NULL;
			struct finding *fd;
			if (!judge(&p[i], out->arena, &why, &at))
				continue;
			fd = finding_add(
			    out, c, p[i].obj, p[i].container, "%s: %s",
			    cp_component_name((enum cp_component)k), why);
			if (at)
				finding_evidence(out, fd, at->at, at->path,
						 "--%s=%s", at->name,
						 at->value);
			else
				finding_evidence(out, fd, p[i].cmd_at,
						 p[i].cmd_path, "%s",
						 "flag unset (default)");
		}
	}
	return 0;
}

/* ---- configuration files ---------------------------------------------- */

/* Flag value path names file: equal, or equal base names. */
static bool names_file(const char *path, const char *file)
{
	if (!path || !file || !*path)
		return false;
	return !strcmp(path, file) ||
	       !strcmp(basename_of(path), basename_of(file));
}

static bool in_group(const struct kobj *o, const char *group)
{
	size_t n = strlen(group);
	const char *api = o->api_version ? o->api_version : "";

	return !strncmp(api, group, n) && api[n] == '/';
}

size_t cp_files(const struct scan *s, struct arena *a, const char *kind,
		const char *group, const char *flag, const struct cp_file **out)
{
	const struct kobj *const *v;
	const struct cp_proc *p;
	struct cp_file *f;
	size_t n, np, i, j, k = 0;

	v = inventory_kind(s->inv, kind, &n);
	np = cp_find(s, a, CP_APISERVER, &p);
	f = arena_calloc(a, n ? n : 1, sizeof(*f));
	for (i = 0; i < n; i++) {
		if (!in_group(v[i], group))
			continue;
		f[k].obj = v[i];
		for (j = 0; j < np && !f[k].user; j++) {
			const struct cp_flag *fl = cp_flag(&p[j], flag);
			if (fl && names_file(fl->value, v[i]->file)) {
				f[k].user = &p[j];
				f[k].flag = fl;
			}
		}
		k++;
	}
	*out = f;
	return k;
}

const struct kobj *cp_file_named(const struct scan *s, const char *path,
				 const char *kind, const char *group)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, kind, &n);
	for (i = 0; i < n; i++)
		if (in_group(v[i], group) && names_file(path, v[i]->file))
			return v[i];
	return NULL;
}

const struct kobj *cp_proc_file(const struct cp_proc *p, const char *flag,
				const char *kind, const char *group)
{
	const struct cp_flag *f = cp_flag(p, flag);
	const struct kobj *const *v;
	size_t n, i;

	if (!f || !p->inv)
		return NULL;
	v = inventory_kind(p->inv, kind, &n);
	for (i = 0; i < n; i++)
		if (in_group(v[i], group) && names_file(f->value, v[i]->file))
			return v[i];
	return NULL;
}

const char *cp_file_user_text(struct arena *a, const struct cp_file *f)
{
	const struct kobj *o;

	if (!f->user)
		return "";
	o = f->user->obj;
	return arena_printf(a, " (--%s of kube-apiserver in %s %s%s%s)",
			    f->flag->name, o->kind, o->ns ? o->ns : "",
			    o->ns ? "/" : "", o->name);
}

/* ---- kubelets ------------------------------------------------------------ */

/* A KubeletConfiguration of the input whose file path names. */
static const struct kobj *config_named(const struct scan *s, const char *path,
				       bool *used, size_t *idx)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "KubeletConfiguration", &n);
	for (i = 0; i < n; i++)
		if (names_file(path, v[i]->file)) {
			used[i] = true;
			*idx = i;
			return v[i];
		}
	return NULL;
}

/*
 * --config-dir names a directory of drop-ins (beta and on since 1.30) that
 * override the --config file; the input never holds them, so what the
 * file leaves unset is unknown, and without --config so is every field.
 */
static bool has_dropins(const struct cp_proc *p)
{
	const struct cp_flag *d = cp_flag(p, "config-dir");

	return d && *d->value;
}

/* A kubelet run by a pod: its flags, and the config file --config names. */
static void pod_kubelet(const struct scan *s, const struct cp_proc *p,
			bool *used, struct cp_kubelet *k)
{
	const struct cp_flag *cf = cp_flag(p, "config");
	const struct kobj *cfg;
	size_t idx;

	k->obj = p->obj;
	k->container = p->container;
	k->flags = p->flags;
	k->nflags = p->nflags;
	k->opaque = p->opaque;
	k->cmd_at = p->cmd_at;
	k->cmd_path = p->cmd_path;
	k->flags_only = !cf && !has_dropins(p);
	if (cf && (cfg = config_named(s, cf->value, used, &idx))) {
		k->cfg = cfg->root;
		k->cfg_path = "";
	} else if (cf) {
		k->base_unknown = true;
	}
	if (has_dropins(p))
		k->base_unknown = true;
}

/* An EKS NodeConfig: spec.kubelet.config and spec.kubelet.flags. */
static void nodeconfig_kubelet(struct arena *a, const struct kobj *o,
			       struct cp_kubelet *k)
{
	const struct node *kub = node_path(o->root, "spec.kubelet");
	const struct node *fl = node_get(kub, "flags");
	struct words w = { 0 };
	struct cp_proc p = { 0 };
	size_t i;

	for (i = 0; i < node_count(fl); i++) {
		const char *str = node_str(node_at(fl, i));
		if (str)
			words_shell(
			    &w, a, str, node_at(fl, i),
			    arena_printf(a, "spec.kubelet.flags[%zu]", i));
	}
	parse_flags(&p, a, &w, 0);
	free(w.v);
	k->obj = o;
	/* a drop-in over the config nodeadm writes, which is not in sight */
	k->base_unknown = true;
	k->cfg = node_get(kub, "config");
	k->cfg_path = "spec.kubelet.config.";
	k->flags = p.flags;
	k->nflags = p.nflags;
	k->opaque = w.opaque;
	k->cmd_at = fl ? fl : kub;
	k->cmd_path = fl ? "spec.kubelet.flags" : "spec.kubelet";
}

/* ---- kubelets of systemd units ---------------------------------------- */

#define UNIT_GROUP "systemd.threatmap.dev"

/* One variable's assignment, where it is written. */
struct assign {
	const char *value;
	const struct node *at;
	const struct kobj *obj;
	const char *name;
};

struct unit_env {
	struct assign *v; /* in order; the last of a name wins */
	size_t n, alloc;
	bool missing; /* an EnvironmentFile= the input lacks */
};

static void env_push(struct unit_env *e, const struct assign *as)
{
	if (e->n == e->alloc) {
		e->alloc = e->alloc ? 2 * e->alloc : 16;
		e->v = xrealloc_array(e->v, e->alloc, sizeof(*e->v));
	}
	e->v[e->n++] = *as;
}

static void env_put(struct unit_env *e, const struct kobj *o,
		    const struct node *assignments)
{
	size_t i;

	for (i = 0; i < node_count(assignments); i++) {
		const struct node *x = node_at(assignments, i);
		struct assign as;
		as.name = node_get_str(x, "name");
		as.value = node_get_str(x, "value");
		as.at = node_get(x, "value");
		as.obj = o;
		env_push(e, &as);
	}
}

static const struct assign *env_get(const struct unit_env *e, const char *name,
				    size_t nl)
{
	size_t i;

	for (i = e->n; i > 0; i--)
		if (e->v[i - 1].name && strlen(e->v[i - 1].name) == nl &&
		    !strncmp(e->v[i - 1].name, name, nl))
			return &e->v[i - 1];
	return NULL;
}

/* The directory a unit file belongs to: NAME.service.d counts as its
 * parent. */
static size_t unit_dir(const char *file, const char **dir)
{
	const char *b = strrchr(file, '/'), *d;
	size_t n;

	*dir = file;
	if (!b)
		return 0;
	n = (size_t)(b - file);
	d = b;
	while (d > file && d[-1] != '/')
		d--;
	if ((size_t)(b - d) > 10 && !strncmp(b - 10, ".service.d", 10))
		n = d > file ? (size_t)(d - file - 1) : 0;
	return n;
}

static bool same_dir(const struct kobj *x, const struct kobj *y)
{
	const char *dx, *dy;
	size_t nx = unit_dir(x->file ? x->file : "", &dx);
	size_t ny = unit_dir(y->file ? y->file : "", &dy);

	return nx == ny && !strncmp(dx, dy, nx);
}

/* NAME.service before its drop-ins, drop-ins by name, as systemd. */
static int unit_cmp(const void *x, const void *y)
{
	const struct kobj *a = *(const struct kobj *const *)x;
	const struct kobj *b = *(const struct kobj *const *)y;
	size_t al = strlen(a->name), bl = strlen(b->name);
	bool as = al > 8 && !strcmp(a->name + al - 8, ".service");
	bool bs = bl > 8 && !strcmp(b->name + bl - 8, ".service");

	if (as != bs)
		return as ? -1 : 1;
	if (strcmp(a->name, b->name))
		return strcmp(a->name, b->name);
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Add the words of one ExecStart word, expanding variables. */
static void unit_word(struct words *w, struct arena *a,
		      const struct unit_env *env, const char *s,
		      const struct node *at, const struct kobj *unit)
{
	struct sbuf out = SBUF_INIT;
	size_t nl;

	if (s[0] == '$' && (nl = strlen(s + 1)) && s[1] != '{') {
		const struct assign *as = env_get(env, s + 1, nl);
		size_t from = w->n, i;
		if (!as) {
			w->opaque |= env->missing;
			return;
		}
		words_shell(w, a, as->value ? as->value : "", as->at, as->name);
		for (i = from; i < w->n; i++)
			w->v[i].obj = as->obj == unit ? NULL : as->obj;
		return;
	}
	while (*s) {
		const char *e;
		const struct assign *as;
		if (s[0] != '$' || s[1] != '{' || !(e = strchr(s, '}'))) {
			if (sbuf_add(&out, s, 1))
				oom();
			s++;
			continue;
		}
		as = env_get(env, s + 2, (size_t)(e - s - 2));
		if (!as)
			w->opaque |= env->missing;
		else if (as->value &&
			 sbuf_add(&out, as->value, strlen(as->value)))
			oom();
		s = e + 1;
	}
	words_add(w, arena_strdup(a, out.buf ? out.buf : ""), at, "execStart");
	sbuf_release(&out);
}

/*
 * One kubelet of the units v[0..n) (one directory, sorted): environment
 * files of the input they name are marked in env_used.
 */
static bool unit_kubelet(const struct scan *s, struct arena *a,
			 const struct kobj *const *v, size_t n, bool *cfg_used,
			 bool *env_used, struct cp_kubelet *k)
{
	const struct kobj *const *envs;
	const struct kobj *exec_obj = NULL;
	const struct node *exec = NULL;
	struct unit_env env = { 0 }, files = { 0 };
	struct words w = { 0 };
	struct cp_proc p = { 0 };
	const struct cp_flag *cf;
	const struct kobj *cfg;
	const char *prog;
	size_t nenv, i, j, e, idx;

	envs = inventory_kind(s->inv, "EnvironmentFile", &nenv);
	for (i = 0; i < n; i++) {
		const struct node *fl =
		    node_get(v[i]->root, "environmentFiles");
		if (node_is_true(node_get(v[i]->root, "execStartReset")))
			exec = NULL;
		if (node_get(v[i]->root, "execStart")) {
			exec = node_get(v[i]->root, "execStart");
			exec_obj = v[i];
		}
		env_put(&env, v[i], node_get(v[i]->root, "environment"));
		for (j = 0; j < node_count(fl); j++) {
			const char *path = node_get_str(node_at(fl, j), "path");
			bool found = false;
			for (e = 0; e < nenv; e++)
				if (in_group(envs[e], UNIT_GROUP) &&
				    names_file(path, envs[e]->file)) {
					env_put(&files, envs[e],
						node_get(envs[e]->root,
							 "environment"));
					env_used[e] = true;
					found = true;
				}
			if (!found)
				env.missing = true;
		}
	}
	prog = node_str(node_at(exec, 0));
	while (prog && *prog && strchr("@-:+!", *prog))
		prog++;
	if (!prog || strcmp(basename_of(prog), "kubelet")) {
		free(env.v);
		free(files.v);
		return false;
	}
	/* EnvironmentFile= overrides Environment= */
	for (i = 0; i < files.n; i++)
		env_push(&env, &files.v[i]);
	for (i = 1; i < node_count(exec); i++)
		unit_word(&w, a, &env, node_str(node_at(exec, i)),
			  node_at(exec, i), exec_obj);
	parse_flags(&p, a, &w, 0);
	k->obj = exec_obj;
	k->flags = p.flags;
	k->nflags = p.nflags;
	k->opaque = w.opaque;
	k->cmd_at = exec;
	k->cmd_path = "execStart";
	cf = cp_flag(&p, "config");
	k->flags_only = !cf && !k->opaque && !has_dropins(&p);
	if (cf && (cfg = config_named(s, cf->value, cfg_used, &idx))) {
		k->cfg = cfg->root;
		k->cfg_path = "";
	} else if (cf) {
		k->base_unknown = true;
	}
	if (has_dropins(&p))
		k->base_unknown = true;
	free(w.v);
	free(env.v);
	free(files.v);
	return true;
}

/* An environment file no unit reads: the KUBELET_ variables it sets. */
static bool env_kubelet(struct arena *a, const struct kobj *o,
			struct cp_kubelet *k)
{
	const struct node *l = node_get(o->root, "environment");
	struct words w = { 0 };
	struct cp_proc p = { 0 };
	size_t i;

	for (i = 0; i < node_count(l); i++) {
		const char *name = node_get_str(node_at(l, i), "name");
		const char *val = node_get_str(node_at(l, i), "value");
		if (name && val && !strncmp(name, "KUBELET_", 8))
			words_shell(&w, a, val,
				    node_get(node_at(l, i), "value"), name);
	}
	if (!node_count(l))
		return false;
	parse_flags(&p, a, &w, 0);
	k->obj = o;
	k->flags = p.flags;
	k->nflags = p.nflags;
	/* the unit around it, and what else it passes, are not in sight */
	k->opaque = true;
	k->base_unknown = true;
	k->cmd_at = l;
	k->cmd_path = "environment";
	free(w.v);
	return true;
}

static size_t unit_kubelets(const struct scan *s, struct arena *a,
			    bool *cfg_used, struct cp_kubelet *v)
{
	const struct kobj *const *units;
	const struct kobj *const *envs;
	const struct kobj **mine;
	size_t nu, nenv, i, j, m, n = 0;
	bool *done, *env_used;

	units = inventory_kind(s->inv, "SystemdUnit", &nu);
	envs = inventory_kind(s->inv, "EnvironmentFile", &nenv);
	done = arena_calloc(a, nu + 1, sizeof(*done));
	env_used = arena_calloc(a, nenv + 1, sizeof(*env_used));
	mine = arena_calloc(a, nu + 1, sizeof(*mine));
	for (i = 0; i < nu; i++) {
		if (done[i] || !in_group(units[i], UNIT_GROUP))
			continue;
		for (j = i, m = 0; j < nu; j++)
			if (!done[j] && in_group(units[j], UNIT_GROUP) &&
			    same_dir(units[i], units[j])) {
				done[j] = true;
				mine[m++] = units[j];
			}
		qsort(mine, m, sizeof(*mine), unit_cmp);
		if (unit_kubelet(s, a, mine, m, cfg_used, env_used, &v[n]))
			n++;
	}
	for (i = 0; i < nenv; i++)
		if (!env_used[i] && in_group(envs[i], UNIT_GROUP) &&
		    env_kubelet(a, envs[i], &v[n]))
			n++;
	return n;
}

/*
 * A file of a kubelet's drop-in directory (--config-dir; nodeadm writes
 * config.json.d/00-nodeadm.conf): the kubelet reads the ".conf" files of
 * a directory usually named "*.d".  Alone it is a part of a configuration
 * whose base file the input lacks.
 */
static bool dropin_file(const char *file)
{
	const char *b;
	size_t n;

	if (!file)
		return false;
	n = strlen(file);
	if (n > 5 && !strcmp(file + n - 5, ".conf"))
		return true;
	b = strrchr(file, '/');
	return b && b - file >= 2 && b[-2] == '.' && b[-1] == 'd';
}

size_t cp_kubelets(const struct scan *s, struct arena *a,
		   const struct cp_kubelet **out)
{
	const struct kobj *const *cfgs, *const *ncs;
	const struct cp_proc *p;
	struct cp_kubelet *v;
	size_t ncfg, nnc, nu, nenv, np, i, n = 0;
	bool *used;

	cfgs = inventory_kind(s->inv, "KubeletConfiguration", &ncfg);
	ncs = inventory_kind(s->inv, "NodeConfig", &nnc);
	inventory_kind(s->inv, "SystemdUnit", &nu);
	inventory_kind(s->inv, "EnvironmentFile", &nenv);
	np = cp_find(s, a, CP_KUBELET, &p);
	v = arena_calloc(a, ncfg + nnc + np + nu + nenv + 1, sizeof(*v));
	used = arena_calloc(a, ncfg + 1, sizeof(*used));
	for (i = 0; i < np; i++)
		pod_kubelet(s, &p[i], used, &v[n++]);
	n += unit_kubelets(s, a, used, &v[n]);
	for (i = 0; i < nnc; i++)
		if (in_group(ncs[i], "node.eks.aws"))
			nodeconfig_kubelet(a, ncs[i], &v[n++]);
	for (i = 0; i < ncfg; i++)
		if (!used[i]) {
			v[n].obj = cfgs[i];
			v[n].cfg = cfgs[i]->root;
			v[n].cfg_path = "";
			v[n].cmd_path = "kind";
			v[n].base_unknown = dropin_file(cfgs[i]->file);
			n++;
		}
	*out = v;
	return n;
}

enum ktype { K_BOOL, K_TEXT, K_LIST };

/*
 * Config fields and the flags that override them; dflt is the flag's
 * default, which holds for a kubelet run without any config file (the
 * config file's defaults are safer: anonymous off, Webhook, port 0).
 */
static const struct {
	const char *field, *flag;
	enum ktype type;
	const char *dflt;
} kfields[] = {
	{ "authentication.anonymous.enabled", "anonymous-auth", K_BOOL,
	  "true" },
	{ "authentication.webhook.enabled", "authentication-token-webhook",
	  K_BOOL, "false" },
	{ "authorization.mode", "authorization-mode", K_TEXT, "AlwaysAllow" },
	{ "readOnlyPort", "read-only-port", K_TEXT, "10255" },
	{ "rotateCertificates", "rotate-certificates", K_BOOL, "false" },
	{ "serverTLSBootstrap", "rotate-server-certificates", K_BOOL, "false" },
	{ "protectKernelDefaults", "protect-kernel-defaults", K_BOOL, "false" },
	{ "eventRecordQPS", "event-qps", K_TEXT, "50" },
	{ "tlsMinVersion", "tls-min-version", K_TEXT, NULL },
	{ "tlsCipherSuites", "tls-cipher-suites", K_LIST, NULL },
};

/* pflag's ParseBool spellings, as "true"/"false"; others as written. */
static const char *bool_text(const char *v)
{
	static const char *const yes[] = {
		"1", "t", "T", "TRUE", "true", "True"
	};
	static const char *const no[] = { "0",	   "f",	    "F",
					  "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < 6; i++) {
		if (!strcmp(v, yes[i]))
			return "true";
		if (!strcmp(v, no[i]))
			return "false";
	}
	return v;
}

bool cp_true(const char *v)
{
	return v && !strcmp(bool_text(v), "true");
}

static const char *field_text(struct arena *a, const struct node *n)
{
	const char *t = NULL;
	size_t i;

	if (!node_is(n, NODE_ARRAY))
		return node_scalar_text(n);
	for (i = 0; i < node_count(n); i++)
		t = arena_printf(a, "%s%s%s", t ? t : "", t ? "," : "",
				 node_scalar_text(node_at(n, i)));
	return t ? t : "";
}

bool cp_kubelet_get(const struct cp_kubelet *k, struct arena *a,
		    const char *field, struct cp_setting *out)
{
	const struct cp_flag *f = NULL;
	const struct node *n;
	size_t i, t;

	memset(out, 0, sizeof(*out));
	for (t = 0; t < sizeof(kfields) / sizeof(kfields[0]); t++)
		if (!strcmp(kfields[t].field, field))
			break;
	if (t == sizeof(kfields) / sizeof(kfields[0]))
		return false;
	for (i = k->nflags; i > 0 && !f; i--)
		if (!strcmp(k->flags[i - 1].name, kfields[t].flag))
			f = &k->flags[i - 1];
	if (f) {
		out->value =
		    kfields[t].type == K_BOOL ? bool_text(f->value) : f->value;
		/* a string slice: every occurrence adds its items */
		for (i = f - k->flags; kfields[t].type == K_LIST && i > 0; i--)
			if (!strcmp(k->flags[i - 1].name, f->name) &&
			    *k->flags[i - 1].value)
				out->value =
				    *out->value
					? arena_printf(a, "%s,%s",
						       k->flags[i - 1].value,
						       out->value)
					: k->flags[i - 1].value;
		out->at = f->at;
		out->path = f->path;
		out->flag = f->name;
		out->obj = f->obj;
		out->from_flag = true;
		return true;
	}
	if (k->opaque)
		return false; /* a hidden flag may set it */
	n = node_path(k->cfg, field);
	if (!n && k->base_unknown)
		return false; /* so may a file the input lacks */
	out->path =
	    arena_printf(a, "%s%s", k->cfg_path ? k->cfg_path : "", field);
	if (n) {
		out->value = field_text(a, n);
		out->at = n;
	} else if (k->flags_only && kfields[t].dflt) {
		out->value = kfields[t].dflt;
		out->defaulted = true;
		out->at = k->cmd_at;
		out->path = k->cmd_path;
	}
	return true;
}

const char *cp_kubelet_unseen(const struct scan *s)
{
	struct arena *a = arena_new();
	const struct cp_kubelet *k;
	size_t n = cp_kubelets(s, a, &k);

	arena_free(a);
	if (n)
		return NULL;
	return "no kubelet in the input (give a node's KubeletConfiguration "
	       "or NodeConfig, a pod running kubelet, or scan live with "
	       "--kubelet-config)";
}

int cp_kubelet_report(const struct scan *s, const struct check *c,
		      cp_kubelet_fn *judge, struct findings *out)
{
	const struct cp_kubelet *k;
	size_t n, i;

	n = cp_kubelets(s, out->arena, &k);
	for (i = 0; i < n; i++) {
		struct cp_setting at;
		const char *why = NULL;
		struct finding *fd;

		memset(&at, 0, sizeof(at));
		if (!judge(&k[i], out->arena, &why, &at))
			continue;
		fd = finding_add(out, c, at.obj ? at.obj : k[i].obj,
				 k[i].container, "kubelet: %s", why);
		if (at.value && at.from_flag)
			finding_evidence(out, fd, at.at, at.path, "--%s=%s",
					 at.flag, at.value);
		else if (at.value && !at.defaulted)
			finding_evidence(out, fd, at.at, at.path, "%s",
					 at.value);
		else
			finding_evidence(out, fd, at.at,
					 at.path ? at.path : "kind", "%s",
					 at.defaulted ? "flag unset (default)"
						      : "unset (default)");
	}
	return 0;
}
