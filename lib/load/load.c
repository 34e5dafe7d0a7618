/*
 * load.c - format detection, documents to inventory objects, files and
 * directories.
 */
#include "load/load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/json.h"
#include "load/loadb.h"
#include "node.h"
#include "safefile.h"
#include "load/yaml.h"

const struct load_limits load_limits_default = {
	.max_depth = 256,
	.max_scalar = 8u << 20,
	.max_file = (size_t)4 << 30,
	.max_alias_nodes = 100000,
};

#define STDIN_NAME "<stdin>"

struct lctx {
	struct inventory *inv;
	const char *file;
	struct diag_list *errs;
	int added;
	/* load_tree */
	struct node *root;
	struct diag *d;
	bool failed;
};

static void add_error(struct diag_list *errs, enum diag_code code,
		      const char *file, unsigned line, unsigned col,
		      const char *msg)
{
	struct srcloc loc = { file, line, col };
	struct diag d;

	diag_set(&d, code, &loc, "%s", msg);
	diag_list_add(errs, &d);
}

static void add_object(struct lctx *l, const struct node *n)
{
	struct diag d;

	if (inventory_add(l->inv, l->file, n, &d))
		diag_list_add(l->errs, &d);
	else
		l->added++;
}

static bool is_list(const struct node *root)
{
	const char *kind = node_get_str(root, "kind");
	size_t n = kind ? strlen(kind) : 0;

	return n >= 4 && !strcmp(kind + n - 4, "List") &&
	       node_is(node_get(root, "items"), NODE_ARRAY);
}

static int k8s_doc(void *ctx, struct node *root)
{
	struct lctx *l = ctx;
	const struct node *items;
	size_t i;

	if (root->type == NODE_NULL)
		return 0; /* an empty document */
	if (!is_list(root)) {
		add_object(l, root);
		return 0;
	}
	items = node_get(root, "items");
	for (i = 0; i < node_count(items); i++) {
		const struct node *it = node_at(items, i);
		char msg[128];

		if (it->type == NODE_OBJECT) {
			add_object(l, it);
			continue;
		}
		snprintf(msg, sizeof(msg),
			 "expected an object in 'items', found a %s",
			 node_type_name(it->type));
		add_error(l->errs, DIAG_SCHEMA, l->file, it->line, it->col,
			  msg);
	}
	return 0;
}

static void k8s_error(void *ctx, const struct diag *d)
{
	struct lctx *l = ctx;

	diag_list_add(l->errs, d);
}

/* Position (1-based) of byte off in buf. */
static void position(const char *buf, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (buf[i] == '\n')
			++*line, *col = 1;
		else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			++*col;
	}
}

enum fmt { FMT_JSON, FMT_YAML };

/*
 * JSON starts with '{' or '['; so may a YAML flow collection ("{app: a}").
 * Past any opening brackets, JSON has a quoted key, a closing bracket or a
 * JSON scalar; an unquoted key means YAML.
 */
static bool looks_like_json(const char *p, size_t n)
{
	size_t i = 0;

	if (!n || (p[0] != '{' && p[0] != '['))
		return false;
	while (i < n && strchr("[{ \t\r\n", p[i]))
		i++;
	if (i == n)
		return true;
	if (p[i] == '"' || p[i] == '}' || p[i] == ']')
		return true;
	/* inside an object an unquoted key is YAML */
	for (size_t j = i; j-- > 0;)
		if (p[j] == '{')
			return false;
		else if (p[j] == '[')
			break;
	return strchr("-0123456789tfn", p[i]) != NULL;
}

/*
 * Checks common to every input; on success body and blen skip a UTF-8 byte
 * order mark and *f is the detected format.  Returns 0 or fills d.
 */
static int precheck(const char *file, const char *buf, size_t len,
		    const struct load_limits *lim, const char **body,
		    size_t *blen, enum fmt *f, struct diag *d)
{
	struct srcloc loc = { file, 0, 0 };
	const char *nul;
	size_t i;

	if (len > lim->max_file)
		return diag_set(d, DIAG_LIMIT, &loc,
				"file of %zu bytes is larger than the limit of "
				"%zu bytes",
				len, lim->max_file);
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		buf += 3, len -= 3;
	if ((nul = memchr(buf, '\0', len))) {
		position(buf, (size_t)(nul - buf), &loc.line, &loc.col);
		return diag_set(d, DIAG_ENCODING, &loc,
				"binary file, not JSON or YAML");
	}
	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", buf[i]))
			break;
	if (i == len)
		return diag_set(d, DIAG_PARSE, &loc, "file is empty");
	*f = looks_like_json(buf + i, len - i) ? FMT_JSON : FMT_YAML;
	*body = buf;
	*blen = len;
	return 0;
}

int load_buffer(struct arena *a, struct inventory *inv, const char *file,
		const char *buf, size_t len, const struct load_limits *lim,
		struct diag_list *errs)
{
	struct lctx l = { .inv = inv, .errs = errs };
	const char *body = NULL;
	size_t blen = 0;
	enum fmt f = FMT_YAML;
	struct diag d;
	struct lb b;

	if (!lim)
		lim = &load_limits_default;
	l.file = arena_strdup(a, file ? file : STDIN_NAME);
	if (precheck(l.file, buf, len, lim, &body, &blen, &f, &d)) {
		diag_list_add(errs, &d);
		return 0;
	}
	lb_init(&b, a, l.file, lim, true);
	b.on_doc = k8s_doc;
	b.on_error = k8s_error;
	b.ctx = &l;
	if (f == FMT_JSON)
		json_parse(&b, body, blen, true);
	else
		yml_parse(&b, body, blen, false);
	lb_release(&b);
	return l.added;
}

static int tree_doc(void *ctx, struct node *root)
{
	struct lctx *l = ctx;

	l->root = root;
	return 0;
}

static void tree_error(void *ctx, const struct diag *d)
{
	struct lctx *l = ctx;

	if (!l->failed)
		*l->d = *d;
	l->failed = true;
}

struct node *load_tree(struct arena *a, const char *file, const char *buf,
		       size_t len, const struct load_limits *lim,
		       struct diag *d)
{
	struct lctx l = { .d = d };
	const char *body = NULL;
	size_t blen = 0;
	enum fmt f = FMT_YAML;
	struct lb b;

	if (!lim)
		lim = &load_limits_default;
	l.file = arena_strdup(a, file ? file : STDIN_NAME);
	if (precheck(l.file, buf, len, lim, &body, &blen, &f, d))
		return NULL;
	lb_init(&b, a, l.file, lim, false);
	b.on_doc = tree_doc;
	b.on_error = tree_error;
	b.ctx = &l;
	if (f == FMT_JSON)
		json_parse(&b, body, blen, false);
	else
		yml_parse(&b, body, blen, true);
	lb_release(&b);
	if (l.failed)
		return NULL;
	if (!l.root) {
		struct srcloc loc = { l.file, 0, 0 };
		diag_set(d, DIAG_PARSE, &loc, "no document in file");
		return NULL;
	}
	return l.root;
}

static void io_error(struct diag_list *errs, const char *path, const char *what,
		     int err)
{
	struct diag d;

	diag_errno(&d, DIAG_IO, err, "cannot %s '%s'", what, path);
	diag_list_add(errs, &d);
}

/*
 * Read fd to its end into a malloc'ed buffer; at most max + 1 bytes so an
 * oversized input is seen without reading all of it.  -1 with errno set.
 */
static int read_all(int fd, size_t hint, size_t max, char **out, size_t *len)
{
	size_t alloc = hint ? hint + 1 : 65536, n = 0;
	char *buf;

	if (alloc > max + 1)
		alloc = max + 1;
	buf = xmalloc(alloc ? alloc : 1);
	for (;;) {
		ssize_t r;

		if (n == alloc) {
			if (n > max)
				break;
			alloc = alloc > SIZE_MAX / 2 ? SIZE_MAX : alloc * 2;
			if (alloc > max + 1)
				alloc = max + 1;
			buf = xrealloc(buf, alloc);
		}
		r = read(fd, buf + n, alloc - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

int load_file(struct arena *a, struct inventory *inv, const char *path,
	      const struct load_limits *lim, struct diag_list *errs)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? STDIN_NAME : path;
	struct load_limits capped;
	struct stat st;
	char *buf;
	size_t len;
	int fd, rc;

	if (!lim)
		lim = &load_limits_default;
	/* the user's --max-input-size caps every limit given here */
	if (lim->max_file > input_limit()) {
		capped = *lim;
		capped.max_file = input_limit();
		lim = &capped;
	}
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		io_error(errs, path, "open", errno);
		return 0;
	}
	if (fstat(fd, &st)) {
		io_error(errs, path, "read", errno);
		goto out_close;
	}
	if (S_ISDIR(st.st_mode)) {
		io_error(errs, path, "read", EISDIR);
		goto out_close;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > lim->max_file) {
		struct srcloc loc = { name, 0, 0 };
		struct diag d;
		diag_set(&d, DIAG_LIMIT, &loc,
			 "file of %jd bytes is larger than the limit of %zu "
			 "bytes",
			 (intmax_t)st.st_size, lim->max_file);
		diag_list_add(errs, &d);
		goto out_close;
	}
	if (read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
		     lim->max_file, &buf, &len)) {
		io_error(errs, path, "read", errno);
		goto out_close;
	}
	rc = load_buffer(a, inv, name, buf, len, lim, errs);
	free(buf);
	if (!is_stdin)
		close(fd);
	return rc;
out_close:
	if (!is_stdin)
		close(fd);
	return 0;
}

static bool wanted_name(const char *name)
{
	static const char *const exts[] = { ".json", ".yaml", ".yml" };
	size_t n = strlen(name), i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcmp(name + n - e, exts[i]))
			return true;
	}
	return false;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Directories being read, to stop at a symbolic link loop. */
struct dir_chain {
	dev_t dev;
	ino_t ino;
	const struct dir_chain *up;
	struct dir_seen *seen; /* every directory read so far */
};

/*
 * Directories already read, by device and inode: symbolic links that
 * reach one directory by several paths (a "diamond") read it once, not
 * once per path (2^depth times).
 */
struct dir_seen {
	struct dir_id {
		dev_t dev;
		ino_t ino;
	} * v;
	size_t n, alloc;
};

/* Whether (dev, ino) was seen; records it when not. */
static bool dir_seen_check(struct dir_seen *s, dev_t dev, ino_t ino)
{
	size_t i, h;

	if (s->n * 2 >= s->alloc) {
		struct dir_seen bigger = { NULL, 0,
					   s->alloc ? s->alloc * 2 : 64 };

		bigger.v =
		    xrealloc_array(NULL, bigger.alloc, sizeof(*bigger.v));
		for (i = 0; i < bigger.alloc; i++)
			bigger.v[i].ino = 0, bigger.v[i].dev = 0;
		for (i = 0; i < s->alloc; i++)
			if (s->v[i].ino || s->v[i].dev)
				dir_seen_check(&bigger, s->v[i].dev,
					       s->v[i].ino);
		free(s->v);
		*s = bigger;
	}
	h = ((size_t)ino * 0x9e3779b97f4a7c15ull ^ (size_t)dev) % s->alloc;
	for (i = h; s->v[i].ino || s->v[i].dev; i = (i + 1) % s->alloc)
		if (s->v[i].ino == ino && s->v[i].dev == dev)
			return true;
	s->v[i].dev = dev;
	s->v[i].ino = ino;
	s->n++;
	return false;
}

static int load_dir(struct arena *a, struct inventory *inv, const char *path,
		    bool recursive, const struct load_limits *lim,
		    struct diag_list *errs, const struct dir_chain *up,
		    const struct stat *dst)
{
	struct dir_chain me = { dst->st_dev, dst->st_ino, up, up->seen };
	const struct dir_chain *c;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	DIR *dir;
	int added = 0;

	for (c = up; c && c->up; c = c->up) {
		if (c->dev == dst->st_dev && c->ino == dst->st_ino) {
			io_error(errs, path, "descend into", ELOOP);
			return 0;
		}
	}
	if (dir_seen_check(me.seen, dst->st_dev, dst->st_ino))
		return 0; /* read already, through another path */
	if (!(dir = opendir(path))) {
		io_error(errs, path, "open", errno);
		return 0;
	}
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			names = xrealloc_array(names, alloc, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		size_t plen = strlen(path);
		size_t flen = plen + strlen(names[i]) + 2;
		char *full = xmalloc(flen);
		struct stat st;

		snprintf(full, flen, "%s%s%s", path,
			 plen && path[plen - 1] == '/' ? "" : "/", names[i]);
		if (stat(full, &st)) {
			io_error(errs, full, "open", errno);
		} else if (S_ISDIR(st.st_mode)) {
			if (recursive)
				added += load_dir(a, inv, full, true, lim, errs,
						  &me, &st);
		} else if (!wanted_name(names[i])) {
			/* not ours: README.md, .git, ... */
		} else if (!S_ISREG(st.st_mode)) {
			/* a FIFO would block, a device never ends */
			struct srcloc loc = { full, 0, 0 };
			struct diag d;
			diag_set(&d, DIAG_SKIPPED, &loc,
				 "skipped: not a regular file (FIFO, device "
				 "or socket); name it with -f to read it");
			diag_list_add(errs, &d);
		} else {
			added += load_file(a, inv, full, lim, errs);
		}
		free(full);
		free(names[i]);
	}
	free(names);
	return added;
}

int load_path(struct arena *a, struct inventory *inv, const char *path,
	      bool recursive, const struct load_limits *lim,
	      struct diag_list *errs)
{
	struct stat st;

	if (!strcmp(path, "-"))
		return load_file(a, inv, path, lim, errs);
	if (stat(path, &st)) {
		io_error(errs, path, "open", errno);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		struct dir_seen seen = { NULL, 0, 0 };
		/* the root of the chain: no directory, only the seen set */
		struct dir_chain root = { 0, 0, NULL, &seen };
		int added;

		added =
		    load_dir(a, inv, path, recursive, lim, errs, &root, &st);
		free(seen.v);
		return added;
	}
	return load_file(a, inv, path, lim, errs);
}
