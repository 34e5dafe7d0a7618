#include "kube/snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "jsonw.h"
#include "kube/kube.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"

#define SNAP_MAX_FILE ((size_t)4 << 30)

const char *snapshot_file_name(struct arena *a, const char *group,
			       const char *resource)
{
	size_t gl = strlen(group);

	if (!gl || !strchr(group, '.') ||
	    (gl > 7 && !strcmp(group + gl - 7, ".k8s.io")))
		return arena_printf(a, "%s.json", resource);
	return arena_printf(a, "%s.%s.json", resource, group);
}

/* ---- writing --------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const struct sbuf *sb,
		      struct diag *d)
{
	char path[4096], tmp[4200];
	size_t off = 0;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, 0600))
		goto fail_close;
	while (off < sb->len) {
		ssize_t w = write(fd, sb->buf + off, sb->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail_close;
		off += (size_t)w;
	}
	if (close(fd))
		goto fail;
	if (rename(tmp, path))
		goto fail;
	return 0;
fail_close:
	err = errno;
	close(fd);
	errno = err;
fail:
	err = errno;
	unlink(tmp);
	return diag_errno(d, DIAG_IO, err, "cannot write '%s'", path);
}

static int prepare_dir(const char *dir, bool force, struct diag *d)
{
	struct dirent *e;
	bool empty = true;
	DIR *dp;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return diag_errno(d, DIAG_IO, errno, "cannot create '%s'", dir);
	dp = opendir(dir);
	if (!dp)
		return diag_errno(d, DIAG_IO, errno, "cannot open '%s'", dir);
	while ((e = readdir(dp))) {
		size_t n = strlen(e->d_name);
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		empty = false;
		if (force && n > 5 && !strcmp(e->d_name + n - 5, ".json")) {
			char p[4096];
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	}
	closedir(dp);
	if (!empty && !force)
		return diag_set(d, DIAG_USAGE, NULL,
				"snapshot directory '%s' exists and is not "
				"empty; use --force to replace the snapshot in "
				"it",
				dir);
	if (chmod(dir, 0700))
		return diag_errno(d, DIAG_IO, errno, "cannot chmod '%s'", dir);
	return 0;
}

/* One List file for a resource; *count set to the items written. */
static int write_resource(const char *dir, const char *name,
			  const struct inventory *inv,
			  const struct kube_resource *r, size_t *count,
			  struct diag *d)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, n = inventory_size(inv);
	int rc = 0;

	*count = 0;
	rc |= sbuf_adds(&sb, "{\"apiVersion\":\"v1\",\"kind\":\"List\","
			     "\"metadata\":{},\"items\":[\n");
	for (i = 0; i < n && !rc; i++) {
		const struct kobj *o = inventory_object(inv, i);
		if (strcmp(o->kind, r->kind) || strcmp(o->group, r->group))
			continue;
		if (*count)
			rc |= sbuf_adds(&sb, ",\n");
		rc |= jsonw_tree(&sb, o->root);
		++*count;
	}
	rc |= sbuf_adds(&sb, "\n]}\n");
	if (rc)
		rc = diag_set(d, DIAG_LIMIT, NULL, "'%s' is too large", name);
	else
		rc = write_file(dir, name, &sb, d);
	sbuf_release(&sb);
	return rc;
}

static void meta_head(struct jsonw *w, const struct snapshot_info *m)
{
	jsonw_obj_open(w);
	jsonw_kuint(w, "formatVersion", SNAPSHOT_FORMAT_VERSION);
	jsonw_kstr(w, "tool", m->tool);
	jsonw_kstr(w, "serverVersion", m->server_version);
	jsonw_kstr(w, "context", m->context);
	jsonw_kstr(w, "cluster", m->cluster);
	jsonw_kstr(w, "namespace", m->namespace);
	jsonw_kstr(w, "collectedAt", m->collected_at);
}

static void meta_tail(struct jsonw *w, const struct inventory *inv,
		      const struct kube_report *rep)
{
	size_t i;

	jsonw_key(w, "forbidden");
	jsonw_arr_open(w);
	for (i = 0; i < inventory_forbidden_count(inv); i++) {
		const char *kind, *ns;
		inventory_forbidden_at(inv, i, &kind, &ns);
		jsonw_obj_open(w);
		jsonw_kstr(w, "kind", kind);
		jsonw_kstr(w, "namespace", ns);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "notes");
	jsonw_arr_open(w);
	for (i = 0; i < rep->nnotes; i++)
		jsonw_str(w, rep->notes[i]);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

int snapshot_write(const char *dir, bool force, const struct snapshot_info *m,
		   const struct inventory *inv, const struct kube_report *rep,
		   struct diag *d)
{
	struct arena *a = arena_new();
	struct sbuf meta = SBUF_INIT;
	struct jsonw w;
	size_t i;
	int rc;

	rc = prepare_dir(dir, force, d);
	if (rc)
		goto out;
	jsonw_init(&w, &meta);
	meta_head(&w, m);
	jsonw_key(&w, "resources");
	jsonw_arr_open(&w);
	for (i = 0; i < rep->nres && !rc; i++) {
		const struct kube_resource *r = &rep->res[i];
		const char *name;
		size_t count;

		if (!r->served || r->forbidden)
			continue;
		name = snapshot_file_name(a, r->group, r->resource);
		rc = write_resource(dir, name, inv, r, &count, d);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "group", r->group);
		jsonw_kstr(&w, "version", r->version);
		jsonw_kstr(&w, "resource", r->resource);
		jsonw_kstr(&w, "kind", r->kind);
		jsonw_kbool(&w, "namespaced", r->namespaced);
		jsonw_kstr(&w, "file", name);
		jsonw_kuint(&w, "count", count);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	meta_tail(&w, inv, rep);
	if (!rc && jsonw_finish(&w))
		rc = diag_set(d, DIAG_LIMIT, NULL, "meta.json is too large");
	/* meta.json last: a snapshot without it is visibly incomplete */
	if (!rc)
		rc = write_file(dir, "meta.json", &meta, d);
out:
	sbuf_release(&meta);
	arena_free(a);
	return rc;
}

/* ---- reading --------------------------------------------------------- */

static const struct node *read_tree(struct arena *a, const char *path,
				    struct diag *d)
{
	struct load_limits lim = load_limits_default;
	struct sbuf sb;
	const struct node *n = NULL;

	sbuf_init(&sb, SNAP_MAX_FILE);
	if (sbuf_read_file(&sb, path)) {
		if (errno == EFBIG)
			diag_set(d, DIAG_LIMIT, NULL, "'%s' is too large",
				 path);
		else
			diag_errno(d, DIAG_IO, errno, "cannot read '%s'", path);
		goto out;
	}
	lim.max_file = SNAP_MAX_FILE;
	n = load_tree(a, path, sb.buf, sb.len, &lim, d);
out:
	sbuf_release(&sb);
	return n;
}

static const char *str_or_null(struct arena *a, const struct node *obj,
			       const char *key)
{
	const char *s = node_get_str(obj, key);

	return s ? arena_strdup(a, s) : NULL;
}

static bool plain_name(const char *f)
{
	return f && *f && !strchr(f, '/') && strcmp(f, ".") && strcmp(f, "..");
}

static int read_threatmap(struct arena *a, struct inventory *inv,
			  const char *dir, const struct node *meta,
			  struct snapshot_info *m, struct diag_list *errs,
			  struct diag *d)
{
	const struct node *res = node_get(meta, "resources");
	const struct node *forb = node_get(meta, "forbidden");
	long long ver;
	size_t i;

	if (!node_int(node_get(meta, "formatVersion"), &ver) ||
	    ver != SNAPSHOT_FORMAT_VERSION)
		return diag_set(
		    d, DIAG_SCHEMA, NULL,
		    "'%s/meta.json': formatVersion %s is not %d", dir,
		    node_scalar_text(node_get(meta, "formatVersion")),
		    SNAPSHOT_FORMAT_VERSION);
	m->format = "threatmap";
	m->context = str_or_null(a, meta, "context");
	m->cluster = str_or_null(a, meta, "cluster");
	m->server_version = str_or_null(a, meta, "serverVersion");
	m->namespace = str_or_null(a, meta, "namespace");
	m->collected_at = str_or_null(a, meta, "collectedAt");
	m->tool = str_or_null(a, meta, "tool");
	for (i = 0; i < node_count(res); i++) {
		const struct node *r = node_at(res, i);
		const char *file = node_get_str(r, "file");
		const char *group = node_get_str(r, "group");
		const char *version = node_get_str(r, "version");
		struct kube_list_src src = { 0 };
		const struct node *list;
		struct diag fd;

		if (!plain_name(file) || !group || !version) {
			struct srcloc loc = { "meta.json", r->line, r->col };
			diag_set(
			    &fd, DIAG_SCHEMA, &loc,
			    "expected a resource with group, version and a "
			    "plain file name");
			diag_list_add(errs, &fd);
			continue;
		}
		src.file = arena_printf(a, "%s/%s", dir, file);
		src.api_version =
		    *group ? arena_printf(a, "%s/%s", group, version) : version;
		src.kind = node_get_str(r, "kind");
		list = read_tree(a, src.file, &fd);
		if (!list) {
			diag_list_add(errs, &fd);
			continue;
		}
		kube_list_add(a, inv, &src, list, errs);
	}
	for (i = 0; i < node_count(forb); i++) {
		const struct node *f = node_at(forb, i);
		const char *kind = node_get_str(f, "kind");
		if (kind)
			inventory_forbid(inv, kind,
					 node_get_str(f, "namespace"));
	}
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* One cluster-info dump file: a List (or a single object). */
static void read_dump_file(struct arena *a, struct inventory *inv,
			   const char *path, struct diag_list *errs)
{
	struct kube_list_src src = { .file = path };
	const struct node *root;
	struct diag d;

	root = read_tree(a, path, &d);
	if (!root) {
		diag_list_add(errs, &d);
		return;
	}
	if (node_get(root, "items"))
		kube_list_add(a, inv, &src, root, errs);
	else
		kube_items_add(a, inv, &src, &root, 1, NULL, NULL, errs);
}

static int read_dump_dir(struct arena *a, struct inventory *inv,
			 const char *dir, int depth, size_t *files,
			 struct diag_list *errs)
{
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *e;
	DIR *dp = opendir(dir);

	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			names = xrealloc_array(names, alloc, sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		char *p = arena_printf(a, "%s/%s", dir, names[i]);
		size_t l = strlen(names[i]);
		struct stat st;

		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth == 0) {
			read_dump_dir(a, inv, p, 1, files, errs);
		} else if (S_ISREG(st.st_mode) && l > 5 &&
			   !strcmp(names[i] + l - 5, ".json") &&
			   strcmp(names[i], "events.json")) {
			/* events say nothing about configuration */
			read_dump_file(a, inv, p, errs);
			++*files;
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

int snapshot_read(struct arena *a, struct inventory *inv, const char *dir,
		  struct snapshot_info *m, struct diag_list *errs,
		  struct diag *d)
{
	const char *mpath = arena_printf(a, "%s/meta.json", dir);
	struct stat st;
	size_t files = 0;

	memset(m, 0, sizeof(*m));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return diag_set(d, DIAG_IO, NULL,
				"snapshot '%s' is not a directory", dir);
	if (stat(mpath, &st) == 0) {
		const struct node *meta = read_tree(a, mpath, d);
		if (!meta)
			return d->code;
		return read_threatmap(a, inv, dir, meta, m, errs, d);
	}
	m->format = "cluster-info-dump";
	if (read_dump_dir(a, inv, dir, 0, &files, errs))
		return diag_errno(d, DIAG_IO, errno, "cannot read '%s'", dir);
	if (!files)
		return diag_set(d, DIAG_USAGE, NULL,
				"'%s' holds neither a threatmap snapshot "
				"(meta.json) nor a kubectl cluster-info dump "
				"(*.json files)",
				dir);
	return 0;
}
