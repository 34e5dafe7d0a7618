#include "testutil.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "analysis/netpol.h"
#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"

const char *tu_shared_dir(void)
{
	static const char *const cands[] = { "../shared", "../../shared" };
	const char *env = getenv("THREATMAP_SHARED");
	struct stat st;
	size_t i;

	if (env && *env)
		return stat(env, &st) == 0 ? env : NULL;
	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++)
		if (stat(cands[i], &st) == 0 && S_ISDIR(st.st_mode))
			return cands[i];
	return NULL;
}

void tu_skip(const char *fn, const char *why)
{
	const char *log = getenv("THREATMAP_SKIP_LOG");
	FILE *fp;

	fprintf(stderr, "skipped %s: %s\n", fn, why);
	if (!log || !*log || !(fp = fopen(log, "a")))
		return;
	fprintf(fp, "%s: %s\n", fn, why);
	fclose(fp);
}

bool tu_sample(size_t *seen)
{
	const char *q = getenv("THREATMAP_TEST_QUICK");

	return !q || !*q || (*seen)++ % 8 == 0;
}

void tu_need_tool(const char *tool, const char *package)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v '%s' >/dev/null 2>&1", tool);
	ck_assert_msg(tu_run(cmd, NULL) == 0,
		      "%s is needed to run this test: install %s", tool,
		      package);
}

const char *tu_bin(void)
{
	const char *env = getenv("THREATMAP_BIN");
	return env && *env ? env : "./kubectl-threatmap";
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct sbuf sb = SBUF_INIT;
	char tmp[65536];
	size_t n;

	if (!fp)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		if (sbuf_add(&sb, tmp, n))
			break;
	fclose(fp);
	return sbuf_detach(&sb, len);
}

int tu_run(const char *cmd, char **out)
{
	FILE *fp = popen(cmd, "r");
	struct sbuf sb = SBUF_INIT;
	char tmp[65536];
	size_t n;
	int st;

	if (!fp)
		return -1;
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		if (sbuf_add(&sb, tmp, n))
			break;
	st = pclose(fp);
	if (out)
		*out = sbuf_detach(&sb, NULL);
	else
		sbuf_release(&sb);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int vshf(char **out, const char *prefix, const char *fmt, va_list ap)
{
	struct sbuf cmd = SBUF_INIT;
	int rc;

	ck_assert_int_eq(sbuf_adds(&cmd, prefix), 0);
	ck_assert_int_eq(sbuf_vaddf(&cmd, fmt, ap), 0);
	rc = tu_run(cmd.buf, out);
	ck_assert_msg(rc >= 0, "cannot run: %s", cmd.buf);
	sbuf_release(&cmd);
	return rc;
}

int tu_shf(char **out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vshf(out, "", fmt, ap);
	va_end(ap);
	return rc;
}

int tu_runf_opts(char **out, const struct tu_run_opts *o, const char *fmt, ...)
{
	const struct tu_run_opts none = { NULL, NULL, NULL };
	char prefix[4096];
	va_list ap;
	int rc;

	if (!o)
		o = &none;
	/* stderr first, so that arguments may still send it elsewhere */
	snprintf(prefix, sizeof(prefix), "%s" TU_ENV "%s%s'%s' 2>%s ",
		 o->sh ? o->sh : "", o->env ? o->env : "", o->env ? " " : "",
		 tu_bin(), o->err_to ? o->err_to : "&1");
	va_start(ap, fmt);
	rc = vshf(out, prefix, fmt, ap);
	va_end(ap);
	return rc;
}

struct scan *tu_scan_paths(const char *const *paths, size_t n)
{
	struct scan *s = scan_new();
	size_t i;

	for (i = 0; i < n; i++)
		load_path(s->arena, s->inv, paths[i], true, NULL, &s->errors);
	scan_finish_input(s);
	return s;
}

struct scan *tu_scan_text(const char *text)
{
	struct scan *s = scan_new();

	load_buffer(s->arena, s->inv, "<test>", text, strlen(text), NULL,
		    &s->errors);
	scan_finish_input(s);
	return s;
}

struct scan *tu_scan_text2(const char *a, const char *b)
{
	struct sbuf sb = SBUF_INIT;
	struct scan *s;

	ck_assert_int_eq(sbuf_adds(&sb, a), 0);
	ck_assert_int_eq(sbuf_adds(&sb, b), 0);
	s = tu_scan_text(sb.buf);
	sbuf_release(&sb);
	return s;
}

struct scan *tu_scan_netpol_real(const char *shared, const char *file,
				 const char *objs)
{
	char path[512], *text;
	struct sbuf sb = SBUF_INIT;
	struct scan *s;

	snprintf(path, sizeof(path), "%s/k8s-real/network-policies/%s", shared,
		 file);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(sbuf_addf(&sb, "%s\n---\n%s", text, objs), 0);
	s = tu_scan_text(sb.buf);
	ck_assert_msg(s->errors.n == 0, "%s: %s", file,
		      s->errors.n ? s->errors.v[0].msg : "");
	sbuf_release(&sb);
	free(text);
	return s;
}

const struct pod_view *tu_find_pod(const struct scan *s, const char *id)
{
	const struct pod_view *pv;
	const char *slash = strchr(id, '/');
	size_t n, i;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; slash && i < n; i++)
		if (!strncmp(kobj_ns(pv[i].obj), id, (size_t)(slash - id)) &&
		    !kobj_ns(pv[i].obj)[slash - id] &&
		    !strcmp(pv[i].obj->name, slash + 1))
			return &pv[i];
	return NULL;
}

void tu_np_end(const struct scan *s, const char *id, struct np_end *e)
{
	memset(e, 0, sizeof(*e));
	if (!strcmp(id, "internet"))
		e->internet = true;
	else if (!strcmp(id, "apiserver"))
		e->apiserver = true;
	else if (strchr(id, '/'))
		ck_assert_ptr_nonnull(e->pv = tu_find_pod(s, id));
	else
		e->ip = id;
}

void tu_checks_run(struct tu_checks *r, struct scan *s,
		   const struct check *const *table,
		   bool (*select)(const struct check *, void *), void *ctx)
{
	r->s = s;
	findings_init(&r->f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, table, select, ctx, &r->f, &r->res, &r->nres), 0);
}

void tu_check_one(struct tu_checks *r, struct scan *s, const char *id)
{
	const struct check *one[2] = { check_find(id), NULL };

	ck_assert_msg(one[0] != NULL, "no check '%s'", id);
	ck_assert_msg(s->errors.n == 0, "%s: %zu input errors", id,
		      s->errors.n);
	tu_checks_run(r, s, one, NULL, NULL);
}

void tu_peer_judge(const struct tu_peer_row *row)
{
	char path[512];
	const char *paths[1] = { path };
	struct tu_checks r;
	struct scan *s;
	const struct finding *hit = NULL;
	size_t i, n = 0;

	ck_assert_ptr_nonnull(check_find(row->check));
	snprintf(path, sizeof(path), "testdata/verdicts/peers/%s", row->file);
	s = tu_scan_paths(paths, 1);
	ck_assert_msg(s->errors.n == 0, "%s: %zu input errors", row->file,
		      s->errors.n);
	tu_checks_run(&r, s, check_registry, NULL, NULL);
	for (i = 0; i < r.f.n; i++) {
		const struct finding *f = r.f.v[i];

		if (strcmp(f->check->id, row->check))
			continue;
		n++;
		if ((!row->sev || f->severity == row->sev) &&
		    (!row->msg || strstr(f->message, row->msg)))
			hit = f;
	}
	if (row->fires)
		ck_assert_msg(hit != NULL,
			      "%s (after %s): %s reports %zu findings, none "
			      "of severity %d holding '%s'",
			      row->file, row->source, row->check, n, row->sev,
			      row->msg ? row->msg : "");
	else
		ck_assert_msg(n == 0, "%s (after %s): %s fires: %s", row->file,
			      row->source, row->check,
			      tu_checks_find(&r, row->check)->message);
	tu_checks_release(&r);
}

size_t tu_peer_agreed(const struct tu_peer_row *rows, size_t n)
{
	size_t i, agreed = 0;

	for (i = 0; i < n; i++)
		agreed += rows[i].peer == rows[i].fires;
	return agreed;
}

void tu_checks_release(struct tu_checks *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->s);
}

const struct finding *tu_checks_find(const struct tu_checks *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		if (!strcmp(r->f.v[i]->check->id, id))
			return r->f.v[i];
	return NULL;
}

const struct finding *tu_checks_with(const struct tu_checks *r, const char *sub)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		if (strstr(r->f.v[i]->message, sub))
			return r->f.v[i];
	return NULL;
}

bool tu_kubelet_checks(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strncmp(c->id, "kubelet-", 8) &&
	       strcmp(c->id, "kubelet-subpath-cve") != 0;
}

struct node *load_tree_for_test(struct arena *a, const char *text,
				struct diag *d)
{
	return load_tree(a, "<test>", text, strlen(text), NULL, d);
}

/* A tree, every node with its position, one line per node. */
void tu_dump_tree(struct sbuf *sb, const struct node *n, int depth)
{
	size_t i;

	ck_assert_int_eq(sbuf_addf(sb, "%*s%s %u:%u", depth, "",
				   node_type_name(n->type), n->line,
				   node_col(n)),
			 0);
	if (n->type == NODE_ARRAY) {
		ck_assert_int_eq(sbuf_adds(sb, "\n"), 0);
		for (i = 0; i < node_count(n); i++)
			tu_dump_tree(sb, node_at(n, i), depth + 1);
		return;
	}
	if (n->type == NODE_OBJECT) {
		ck_assert_int_eq(sbuf_adds(sb, "\n"), 0);
		for (i = 0; i < node_count(n); i++) {
			const char *k;
			const struct node *v;

			ck_assert(node_member_at(n, i, &k, &v));
			ck_assert_int_eq(
			    sbuf_addf(sb, "%*s'%s':\n", depth + 1, "", k), 0);
			tu_dump_tree(sb, v, depth + 2);
		}
		return;
	}
	ck_assert_int_eq(sbuf_addf(sb, " %d '%s'\n", n->b, node_scalar_text(n)),
			 0);
}

/* The objects and errors of one load, each object's tree by tu_dump_tree(). */
char *tu_load_digest(struct inventory *inv, const struct diag_list *errs)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	for (i = 0; i < inventory_size(inv); i++) {
		const struct kobj *o = inventory_object(inv, i);

		ck_assert_int_eq(sbuf_addf(&sb, "object %s %u:%u\n",
					   o->kind ? o->kind : "-", o->line,
					   o->col),
				 0);
		tu_dump_tree(&sb, o->root, 1);
	}
	for (i = 0; i < errs->n; i++)
		ck_assert_int_eq(sbuf_addf(&sb, "error %d %s %u:%u %s\n",
					   errs->v[i].code, errs->v[i].file,
					   errs->v[i].line, errs->v[i].col,
					   errs->v[i].msg),
				 0);
	return sbuf_detach(&sb, NULL);
}

/* name ends in .yaml or .yml. */
bool tu_is_yaml_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && !strcmp(name + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(name + n - 4, ".yml"));
}

void tu_findings_ties(struct findings *f, unsigned n, unsigned seed,
		      unsigned no_obj)
{
	static const struct check checks[] = {
		{ .id = "ab", .severity = SEV_HIGH },
		{ .id = "a", .severity = SEV_HIGH },
		{ .id = "b", .severity = SEV_LOW },
	};
	static const struct kobj objs[] = {
		{ .kind = "Pod", .ns = "x", .name = "n" },
		{ .kind = "Pods", .ns = "x", .name = "n" },
		{ .kind = "Pod", .ns = NULL, .name = "n" },
		{ .kind = "Pod", .ns = "", .name = "n" },
		{ .kind = "Pod", .ns = "x", .name = "n2" },
		{ .kind = "Pod", .ns = "xy", .name = "" },
		/* longer than the bytes a sort record holds */
		{ .kind = "Pod",
		  .ns = "x",
		  .name = "a-name-longer-than-the-bytes-of-a-sort-key-1" },
		{ .kind = "Pod",
		  .ns = "x",
		  .name = "a-name-longer-than-the-bytes-of-a-sort-key-0" },
		/* another object of the same name (another file, say) */
		{ .kind = "Pod", .ns = "x", .name = "n" },
	};
	static const char *const ctrs[] = { NULL, "", "c", "c2",
					    "a-container-with-a-long-name" };
	static const char *const paths[] = { NULL, "spec", "spec.a" };
	unsigned i;

	for (i = 0; i < n; i++) {
		struct finding *fd;

		seed = seed * 1103515245u + 12345u;
		fd = finding_add(f, &checks[(seed >> 8) % 3],
				 i == no_obj ? NULL : &objs[(seed >> 12) % 9],
				 ctrs[(seed >> 16) % 5], "%u", i);
		if (paths[(seed >> 20) % 3])
			finding_evidence(f, fd, NULL, paths[(seed >> 20) % 3],
					 "v");
		if ((seed >> 24) % 5 == 0)
			fd->severity = SEV_CRITICAL;
	}
}
