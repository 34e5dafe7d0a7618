/*
 * Loader: JSON and YAML into trees and the inventory, positions, List
 * expansion, multi-document streams, directories, standard input, pruning,
 * one clear error per broken document, and the public manifests in
 * ../shared/k8s-real.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "load/prune.h"
#include "node.h"
#include "sbuf.h"
#include "testutil.h"

#define FIXTURES "testdata/loader"

struct ld {
	struct arena *a;
	struct inventory *inv;
	struct diag_list errs;
	int n;
};

static void ld_init(struct ld *l)
{
	l->a = arena_new();
	l->inv = inventory_new(l->a);
	memset(&l->errs, 0, sizeof(l->errs));
	l->n = 0;
}

static void ld_free(struct ld *l)
{
	diag_list_release(&l->errs);
	inventory_free(l->inv);
	arena_free(l->a);
}

static void ld_text(struct ld *l, const char *name, const char *text)
{
	l->n +=
	    load_buffer(l->a, l->inv, name, text, strlen(text), NULL, &l->errs);
}

static void ld_path(struct ld *l, const char *path, bool rec,
		    const struct load_limits *lim)
{
	l->n += load_path(l->a, l->inv, path, rec, lim, &l->errs);
}

/* All errors as text, for failure messages. */
static const char *ld_errs(const struct ld *l)
{
	static char out[8192];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < l->errs.n && o + 600 < sizeof(out); i++) {
		char b[1100];
		o += (size_t)snprintf(out + o, sizeof(out) - o, "[%s] ",
				      diag_format(&l->errs.v[i], b, sizeof(b)));
	}
	return out;
}

static const struct kobj *ld_find(const struct ld *l, const char *kind,
				  const char *name)
{
	size_t i;

	for (i = 0; i < inventory_size(l->inv); i++) {
		const struct kobj *o = inventory_object(l->inv, i);
		if (!strcmp(o->kind, kind) && !strcmp(o->name, name))
			return o;
	}
	return NULL;
}

/* Same values, same keys in the same order; positions are ignored. */
static bool tree_eq(const struct node *x, const struct node *y, char *why,
		    size_t n)
{
	size_t i;

	if (x->type != y->type) {
		snprintf(why, n, "%s at %u:%u vs %s at %u:%u",
			 node_type_name(x->type), x->line, node_col(x),
			 node_type_name(y->type), y->line, node_col(y));
		return false;
	}
	switch (x->type) {
	case NODE_NULL: return true;
	case NODE_BOOL:
		if (x->b == y->b)
			return true;
		snprintf(why, n, "bool at %u:%u", x->line, node_col(x));
		return false;
	case NODE_NUMBER:
	case NODE_STRING:
		if (node_len(x) == node_len(y) &&
		    !memcmp(node_text(x), node_text(y), node_len(x)))
			return true;
		snprintf(why, n, "'%s' at %u:%u vs '%s' at %u:%u", node_text(x),
			 x->line, node_col(x), node_text(y), y->line,
			 node_col(y));
		return false;
	case NODE_ARRAY:
		if (node_len(x) != node_len(y)) {
			snprintf(why, n, "array length at %u:%u", x->line,
				 node_col(x));
			return false;
		}
		for (i = 0; i < node_len(x); i++)
			if (!tree_eq(node_at(x, i), node_at(y, i), why, n))
				return false;
		return true;
	case NODE_OBJECT:
		if (node_len(x) != node_len(y)) {
			snprintf(why, n, "object size %zu at %u:%u vs %zu",
				 node_len(x), x->line, node_col(x),
				 node_len(y));
			return false;
		}
		for (i = 0; i < node_len(x); i++) {
			const struct node_member a = node_member_i(x, i);
			const struct node_member b = node_member_i(y, i);
			if (node_key_len(a.key) != node_key_len(b.key) ||
			    memcmp(a.key, b.key, node_key_len(a.key))) {
				snprintf(why, n, "key '%s' vs '%s'", a.key,
					 b.key);
				return false;
			}
			if (!tree_eq(a.val, b.val, why, n))
				return false;
		}
		return true;
	}
	return false;
}

static bool mem_has(const char *s, size_t len, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= len; i++)
		if (!memcmp(s + i, needle, k))
			return true;
	return false;
}

/* needle occurs in a key, string or number text anywhere below n. */
static bool tree_has(const struct node *n, const char *needle)
{
	size_t i;

	switch (n->type) {
	case NODE_STRING:
	case NODE_NUMBER: return mem_has(node_text(n), node_len(n), needle);
	case NODE_ARRAY:
		for (i = 0; i < node_len(n); i++)
			if (tree_has(node_at(n, i), needle))
				return true;
		return false;
	case NODE_OBJECT:
		for (i = 0; i < node_len(n); i++)
			if (mem_has(node_member_i(n, i).key,
				    node_key_len(node_member_i(n, i).key),
				    needle) ||
			    tree_has(node_member_i(n, i).val, needle))
				return true;
		return false;
	default: return false;
	}
}

static bool inv_has(const struct ld *l, const char *needle)
{
	size_t i;

	for (i = 0; i < inventory_size(l->inv); i++)
		if (tree_has(inventory_object(l->inv, i)->root, needle))
			return true;
	return false;
}

static void assert_at(const struct node *n, unsigned line, unsigned col)
{
	ck_assert_ptr_nonnull(n);
	ck_assert_msg(n->line == line && node_col(n) == col,
		      "node at %u:%u, expected %u:%u", n->line, node_col(n),
		      line, col);
}

/* ---- the same objects as JSON and as YAML ---- */

static const char *const pairs[] = { "deployment", "podlist", "kyaml" };

START_TEST(test_json_yaml_equal)
{
	struct ld j, y;
	char path[256], why[512];
	size_t i;

	ld_init(&j);
	ld_init(&y);
	snprintf(path, sizeof(path), FIXTURES "/pairs/%s.json", pairs[_i]);
	ld_path(&j, path, false, NULL);
	snprintf(path, sizeof(path), FIXTURES "/pairs/%s.yaml", pairs[_i]);
	ld_path(&y, path, false, NULL);
	ck_assert_msg(j.errs.n == 0, "json: %s", ld_errs(&j));
	ck_assert_msg(y.errs.n == 0, "yaml: %s", ld_errs(&y));
	ck_assert_int_gt(j.n, 0);
	ck_assert_int_eq(j.n, y.n);
	ck_assert_uint_eq(inventory_size(j.inv), inventory_size(y.inv));
	for (i = 0; i < inventory_size(j.inv); i++) {
		const struct kobj *a = inventory_object(j.inv, i);
		const struct kobj *b = inventory_object(y.inv, i);
		ck_assert_str_eq(a->kind, b->kind);
		ck_assert_str_eq(a->name, b->name);
		ck_assert_msg(tree_eq(a->root, b->root, why, sizeof(why)),
			      "%s %s: %s", pairs[_i], a->name, why);
	}
	ld_free(&j);
	ld_free(&y);
}
END_TEST

/* The comparison helper itself must see differences. */
START_TEST(test_tree_eq_detects)
{
	struct arena *a = arena_new();
	struct diag d;
	char why[256];
	const char *x = "{\"a\": [1, \"2\", {\"b\": true}]}";
	const char *texts[] = {
		"{\"a\": [1, 2, {\"b\": true}]}",
		"{\"a\": [1, \"2\", {\"b\": false}]}",
		"{\"a\": [1, \"2\", {\"c\": true}]}",
		"{\"a\": [1, \"2\"]}",
		"a: [1, \"2\", {b: true, c: 1}]",
	};
	struct node *base = load_tree(a, "x", x, strlen(x), NULL, &d);
	size_t i;

	ck_assert_ptr_nonnull(base);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct node *o =
		    load_tree(a, "y", texts[i], strlen(texts[i]), NULL, &d);
		ck_assert_ptr_nonnull(o);
		ck_assert_msg(!tree_eq(base, o, why, sizeof(why)),
			      "case %zu compared equal", i);
	}
	ck_assert(tree_eq(base, base, why, sizeof(why)));
	arena_free(a);
}
END_TEST

/* ---- positions ---- */

START_TEST(test_positions_json)
{
	const char *text =
	    "{\"apiVersion\": \"v1\",\n"
	    " \"kind\": \"ConfigMap\",\n"
	    " \"metadata\": {\"name\": \"\xc3\xa9\\\"x\", \"labels\": "
	    "{\"k\\u00e9\": \"v\"}},\n"
	    " \"data\": {\"n\": -12.5, \"t\": true, \"z\": null, "
	    "\"s\": \"a\\u00e9\", \"arr\": [1, [2], {}]}}\n";
	struct ld l;
	const struct kobj *o;
	const struct node *data, *arr;

	ld_init(&l);
	ld_text(&l, "p.json", text);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 1);
	o = inventory_object(l.inv, 0);
	ck_assert_str_eq(o->file, "p.json");
	ck_assert_uint_eq(o->line, 1);
	ck_assert_uint_eq(o->col, 1);
	assert_at(node_get(o->root, "kind"), 2, 10);
	assert_at(node_get(o->root, "metadata"), 3, 14);
	assert_at(node_path(o->root, "metadata.name"), 3, 23);
	ck_assert_str_eq(node_get_str(node_get(o->root, "metadata"), "name"),
			 "\xc3\xa9\"x");
	assert_at(node_path(o->root, "metadata.labels"), 3, 41);
	assert_at(node_get(node_path(o->root, "metadata.labels"), "k\xc3\xa9"),
		  3, 53);
	data = node_get(o->root, "data");
	assert_at(node_get(data, "n"), 4, 16);
	ck_assert_str_eq(node_text(node_get(data, "n")), "-12.5");
	assert_at(node_get(data, "t"), 4, 28);
	ck_assert(node_is_true(node_get(data, "t")));
	assert_at(node_get(data, "z"), 4, 39);
	ck_assert(node_is(node_get(data, "z"), NODE_NULL));
	assert_at(node_get(data, "s"), 4, 50);
	ck_assert_str_eq(node_get_str(data, "s"), "a\xc3\xa9");
	arr = node_get(data, "arr");
	assert_at(arr, 4, 68);
	assert_at(node_at(arr, 0), 4, 69);
	assert_at(node_at(arr, 1), 4, 72);
	assert_at(node_at(arr, 2), 4, 77);
	ld_free(&l);
}
END_TEST

START_TEST(test_positions_yaml)
{
	const char *text = "# c\n---\napiVersion: v1\nkind: ConfigMap\n"
			   "metadata:\n  name: \"\xc3\xa9x\"\n"
			   "  labels: {a: b,  c: [1, 2]}\n"
			   "data:\n  block: |\n    text\n  seq:\n  - one\n"
			   "  -   two\n---\n\n  apiVersion: v1\n"
			   "  kind: ConfigMap\n  metadata: {name: second}\n";
	struct ld l;
	const struct kobj *o;
	const struct node *labels, *seq;

	ld_init(&l);
	ld_text(&l, "p.yaml", text);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 2);
	o = inventory_object(l.inv, 0);
	ck_assert_uint_eq(o->line, 3);
	ck_assert_uint_eq(o->col, 1);
	assert_at(node_get(o->root, "kind"), 4, 7);
	assert_at(node_path(o->root, "metadata.name"), 6, 9);
	labels = node_path(o->root, "metadata.labels");
	assert_at(labels, 7, 11);
	assert_at(node_get(labels, "a"), 7, 15);
	assert_at(node_get(labels, "c"), 7, 22);
	assert_at(node_at(node_get(labels, "c"), 1), 7, 26);
	assert_at(node_path(o->root, "data.block"), 9, 10);
	ck_assert_str_eq(node_get_str(node_get(o->root, "data"), "block"),
			 "text\n");
	seq = node_path(o->root, "data.seq");
	assert_at(seq, 12, 3);
	assert_at(node_at(seq, 0), 12, 5);
	assert_at(node_at(seq, 1), 13, 7);
	o = inventory_object(l.inv, 1);
	ck_assert_str_eq(o->name, "second");
	ck_assert_uint_eq(o->line, 16);
	ck_assert_uint_eq(o->col, 3);
	assert_at(node_path(o->root, "metadata.name"), 18, 20);
	ld_free(&l);
}
END_TEST

/* ---- List kinds, multi-document streams ---- */

static void check_list(const char *file, const unsigned *lines, size_t n)
{
	struct ld l;
	size_t i;

	ld_init(&l);
	ld_path(&l, file, false, NULL);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, (int)n);
	ck_assert_ptr_null(ld_find(&l, "List", ""));
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(inventory_object(l.inv, i)->line, lines[i]);
	ck_assert_str_eq(inventory_object(l.inv, 0)->kind, "Pod");
	ck_assert_str_eq(inventory_object(l.inv, 1)->kind, "Secret");
	ck_assert_str_eq(inventory_object(l.inv, 2)->kind, "ReplicaSet");
	ld_free(&l);
}

START_TEST(test_list_json)
{
	static const unsigned lines[] = { 4, 29, 36 };

	check_list(FIXTURES "/pairs/podlist.json", lines, 3);
}
END_TEST

START_TEST(test_list_yaml)
{
	static const unsigned lines[] = { 3, 28, 37 };

	check_list(FIXTURES "/pairs/podlist.yaml", lines, 3);
}
END_TEST

START_TEST(test_list_kinds)
{
	struct ld l;

	ld_init(&l);
	/* A typed list as the API returns it. */
	ld_text(&l, "pods.json",
		"{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{},"
		"\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
		"\"metadata\":{\"name\":\"a\",\"namespace\":\"n\"}},"
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
		"\"metadata\":{\"name\":\"b\",\"namespace\":\"n\"}}]}");
	/* An empty list adds nothing and is no error. */
	ld_text(&l, "empty.yaml", "apiVersion: v1\nkind: List\nitems: []\n");
	/* items in a kind that is no list: the object itself. */
	ld_text(&l, "cr.yaml",
		"apiVersion: example.com/v1\nkind: Shelf\nmetadata:\n"
		"  name: books\nitems: [a, b]\n");
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 3);
	ck_assert_ptr_nonnull(ld_find(&l, "Pod", "a"));
	ck_assert_ptr_nonnull(ld_find(&l, "Pod", "b"));
	ck_assert_ptr_nonnull(ld_find(&l, "Shelf", "books"));
	ld_free(&l);
}
END_TEST

START_TEST(test_multidoc)
{
	const char *text =
	    "---\n---\n# only a comment\n---\n"
	    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
	    "...\n---\n~\n---\n"
	    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"
	    "---\n"
	    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
	    "---\n";
	struct ld l;

	ld_init(&l);
	ld_text(&l, "multi.yaml", text);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 3);
	ck_assert_uint_eq(ld_find(&l, "ConfigMap", "a")->line, 5);
	ck_assert_uint_eq(ld_find(&l, "ConfigMap", "b")->line, 12);
	ck_assert_uint_eq(ld_find(&l, "ConfigMap", "c")->line, 16);
	/* A comment-only file is no error either. */
	ld_text(&l, "comments.yaml", "# nothing rendered\n---\n# Source: x\n");
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	/* Concatenated JSON values are a stream too. */
	ld_text(&l, "stream.json",
		"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
		"{\"name\":\"j1\"}}\n{\"apiVersion\":\"v1\",\"kind\":"
		"\"ConfigMap\",\"metadata\":{\"name\":\"j2\"}}\n");
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_uint_eq(ld_find(&l, "ConfigMap", "j2")->line, 2);
	ck_assert_int_eq(l.n, 5);
	ld_free(&l);
}
END_TEST

/* ---- directories and standard input ---- */

static void names_in_order(const struct ld *l, const char *const *want,
			   size_t n)
{
	size_t i;

	ck_assert_uint_eq(inventory_size(l->inv), n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(inventory_object(l->inv, i)->name, want[i]);
}

START_TEST(test_dir_flat)
{
	static const char *const want[] = { "a1", "a2", "b" };
	struct ld l;

	ld_init(&l);
	ld_path(&l, FIXTURES "/dir", false, NULL);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 3);
	names_in_order(&l, want, 3);
	ck_assert(strstr(inventory_object(l.inv, 2)->file, "/dir/b.json"));
	ld_free(&l);
}
END_TEST

START_TEST(test_dir_recursive)
{
	static const char *const want[] = { "a1", "a2", "b", "c", "d" };
	struct ld l;

	ld_init(&l);
	ld_path(&l, FIXTURES "/dir", true, NULL);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 5);
	names_in_order(&l, want, 5);
	ck_assert(
	    strstr(inventory_object(l.inv, 4)->file, "/dir/sub/deeper/d.json"));
	/* A file given by name is read whatever its extension. */
	ld_path(&l, FIXTURES "/dir/notes.txt", false, NULL);
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_int_eq(l.errs.v[0].code, DIAG_PARSE);
	ld_free(&l);
}
END_TEST

START_TEST(test_missing_path)
{
	struct ld l;

	ld_init(&l);
	ld_path(&l, FIXTURES "/no/such/file.yaml", true, NULL);
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_int_eq(l.errs.v[0].code, DIAG_IO);
	ck_assert_msg(strstr(l.errs.v[0].msg,
			     "cannot open '" FIXTURES "/no/such/file.yaml'"),
		      "%s", l.errs.v[0].msg);
	ld_free(&l);
}
END_TEST

START_TEST(test_stdin_pipe)
{
	const char *text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
			   "  name: piped\n---\n{\"bad\": \n";
	int fds[2], saved;
	struct ld l;
	const struct kobj *o;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, strlen(text)),
			 (ssize_t)strlen(text));
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fds[0], STDIN_FILENO), 0);
	close(fds[0]);
	ld_init(&l);
	ld_path(&l, "-", false, NULL);
	dup2(saved, STDIN_FILENO);
	close(saved);
	ck_assert_int_eq(l.n, 1);
	o = ld_find(&l, "ConfigMap", "piped");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->file, "<stdin>");
	/* The second document is broken: one error, named after stdin. */
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_str_eq(l.errs.v[0].file, "<stdin>");
	ck_assert_uint_eq(l.errs.v[0].line, 7);
	ld_free(&l);
}
END_TEST

/* A symbolic link back up the tree stops with one error, not a hang. */
START_TEST(test_dir_symlink_loop)
{
	char dir[] = "/tmp/threatmap-loop-XXXXXX", path[256];
	struct ld l;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/up", dir);
	ck_assert_int_eq(symlink(dir, path), 0);
	ld_init(&l);
	ld_path(&l, dir, true, NULL);
	ck_assert_int_eq(l.n, 1);
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_int_eq(l.errs.v[0].code, DIAG_IO);
	ck_assert_msg(strstr(l.errs.v[0].msg, "/up'"), "%s", l.errs.v[0].msg);
	ld_free(&l);
	unlink(path);
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* The size limit holds for input of unknown size too. */
START_TEST(test_stdin_too_big)
{
	static const struct load_limits lim = {
		.max_depth = 64,
		.max_scalar = 1024,
		.max_file = 16,
		.max_alias_nodes = 100,
	};
	const char *text = "apiVersion: v1\nkind: ConfigMap\n";
	int fds[2], saved;
	struct ld l;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, strlen(text)),
			 (ssize_t)strlen(text));
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	ck_assert_int_ge(dup2(fds[0], STDIN_FILENO), 0);
	close(fds[0]);
	ld_init(&l);
	ld_path(&l, "-", false, &lim);
	dup2(saved, STDIN_FILENO);
	close(saved);
	ck_assert_int_eq(l.n, 0);
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_int_eq(l.errs.v[0].code, DIAG_LIMIT);
	ck_assert_msg(strstr(l.errs.v[0].msg, "larger than the limit of 16"),
		      "%s", l.errs.v[0].msg);
	ld_free(&l);
}
END_TEST

/* End to end: the binary reads a List and more documents from a pipe. */
START_TEST(test_stdin_cli)
{
	char cmd[1024], *out = NULL;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "(cat " FIXTURES "/pairs/podlist.yaml; echo ---; cat " FIXTURES
		 "/dir/a.yaml) | '%s' scan -f - -o json 2>/dev/null",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0 || rc == 1, "exit %d", rc);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strstr(out, "\"objects\": 5"), "%s", out);
	free(out);
	/* JSON then YAML is no JSON stream: the List loads, then an error. */
	snprintf(cmd, sizeof(cmd),
		 "cat " FIXTURES "/pairs/podlist.json " FIXTURES
		 "/dir/a.yaml | '%s' scan -f - -o json 2>/dev/null",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_int_eq(rc, 3);
	ck_assert_msg(strstr(out, "\"objects\": 3"), "%s", out);
	free(out);
}
END_TEST

/* ---- pruning ---- */

START_TEST(test_prune_metadata)
{
	struct ld l;
	const struct kobj *o;

	ld_init(&l);
	ld_path(&l, FIXTURES "/pairs/podlist.yaml", false, NULL);
	ld_path(&l, FIXTURES "/pairs/podlist.json", false, NULL);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 6);
	o = inventory_object(l.inv, 0);
	ck_assert_ptr_null(node_path(o->root, "metadata.managedFields"));
	ck_assert_ptr_null(node_get(o->annotations,
				    "kubectl.kubernetes.io/"
				    "last-applied-configuration"));
	ck_assert_str_eq(node_get_str(o->annotations, "note"), "kept");
	ck_assert(!inv_has(&l, "fieldsType"));
	ck_assert(!inv_has(&l, "last-applied"));
	ld_free(&l);
}
END_TEST

#define CANARY	   "s3cr3t-CANARY-value"
#define CANARY_B64 "czNjcjN0LUNBTkFSWS12YWx1ZQ=="

/* Secrets written every way kind and data can be ordered. */
static const char *const secret_texts[] = {
	/* JSON, kind first */
	"{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":"
	"\"s\"},"
	"\"data\":{\"pw\":\"" CANARY_B64 "\",\"deep\":{\"x\":\"" CANARY "\"}},"
	"\"stringData\":{\"raw\":\"" CANARY "\"}}",
	/* JSON, kind after the values */
	"{\"data\":{\"pw\":\"" CANARY_B64 "\",\"n\":[\"" CANARY "\", 7]},"
	"\"stringData\":{\"raw\":\"" CANARY "\"},\"apiVersion\":\"v1\","
	"\"metadata\":{\"name\":\"s\"},\"kind\":\"Secret\"}",
	/* YAML, kind first, an alias into the values */
	"apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nx: &c " CANARY
	"x\ndata:\n  pw: " CANARY_B64 "\n  again: *c\nstringData:\n"
	"  raw: |\n    " CANARY "\n",
	/* YAML, kind last, the value anchored and reused outside */
	"stringData:\n  raw: &v \"" CANARY "\"\ndata:\n  pw: " CANARY_B64
	"\nother: *v\napiVersion: v1\nmetadata:\n  name: s\nkind: Secret\n",
	/* A Secret inside a List */
	"{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"data\":"
	"{\"pw\":\"" CANARY_B64 "\"},\"stringData\":{\"raw\":\"" CANARY "\"},"
	"\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":"
	"{\"name\":\"s\"}}]}",
};

START_TEST(test_prune_secret)
{
	struct ld l;
	const struct kobj *o;
	const struct node *data, *sd;
	size_t i;

	ld_init(&l);
	ld_text(&l, "secret", secret_texts[_i]);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 1);
	o = ld_find(&l, "Secret", "s");
	ck_assert_ptr_nonnull(o);
	data = node_get(o->root, "data");
	ck_assert(node_is(data, NODE_OBJECT));
	ck_assert_str_eq(node_get_str(data, "pw"), "");
	for (i = 0; i < node_len(data); i++)
		ck_assert_str_eq(node_str(node_member_i(data, i).val), "");
	sd = node_get(o->root, "stringData");
	ck_assert_str_eq(node_get_str(sd, "raw"), "");
	ck_assert(!inv_has(&l, CANARY_B64));
	if (_i == 2) {
		/* x is no secret value; its alias inside data is redacted. */
		ck_assert_str_eq(node_get_str(o->root, "x"), CANARY "x");
		ck_assert_str_eq(node_get_str(data, "again"), "");
	} else {
		/* Even a value reached through an alias from outside. */
		ck_assert(!inv_has(&l, CANARY));
	}
	ld_free(&l);
}
END_TEST

START_TEST(test_prune_not_secret)
{
	struct ld l;
	const struct kobj *o;

	ld_init(&l);
	ld_text(&l, "cm",
		"{\"data\":{\"k\":\"visible\"},\"apiVersion\":\"v1\","
		"\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	o = ld_find(&l, "ConfigMap", "c");
	ck_assert_str_eq(node_get_str(node_get(o->root, "data"), "k"),
			 "visible");
	ld_free(&l);
}
END_TEST

/* A Secret without values keeps its null data; a scalar data is redacted. */
START_TEST(test_prune_secret_shapes)
{
	struct ld l;
	const struct kobj *o;

	ld_init(&l);
	ld_text(&l, "a.yaml",
		"apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n"
		"data: null\nstringData: " CANARY "\n");
	ld_text(&l, "b.json",
		"{\"data\":null,\"stringData\":[\"" CANARY "\"],"
		"\"apiVersion\":\"v1\",\"kind\":\"Secret\","
		"\"metadata\":{\"name\":\"b\"}}");
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	o = ld_find(&l, "Secret", "a");
	ck_assert(node_is(node_get(o->root, "data"), NODE_NULL));
	ck_assert_str_eq(node_get_str(o->root, "stringData"), "");
	o = ld_find(&l, "Secret", "b");
	ck_assert(node_is(node_get(o->root, "data"), NODE_NULL));
	ck_assert_str_eq(node_get_str(o->root, "stringData"), "");
	ck_assert(!inv_has(&l, CANARY));
	ld_free(&l);
}
END_TEST

static const struct {
	const char *text;
	const char *kept[3];
	const char *gone[2];
} status_cases[] = {
	{ .text = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nstatus:\n"
		  "  phase: Running\n  podIP: 10.0.0.1\n  hostIP: 1.1.1.1\n"
		  "  conditions: [{type: Ready}]\n",
	  .kept = { "phase", "podIP", "hostIP" },
	  .gone = { "conditions" } },
	{ .text =
	      "{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[],"
	      "\"podIP\":\"10.0.0.2\"},\"apiVersion\":\"v1\",\"kind\":\"Pod\","
	      "\"metadata\":{\"name\":\"x\"}}",
	  .kept = { "phase", "podIP" },
	  .gone = { "containerStatuses" } },
	{ .text = "apiVersion: v1\nkind: Node\nmetadata: {name: x}\nstatus:\n"
		  "  nodeInfo: {kubeletVersion: v1.29.0}\n  addresses: []\n"
		  "  images: [{names: [a]}]\n  capacity: {cpu: 4}\n",
	  .kept = { "nodeInfo", "addresses" },
	  .gone = { "images", "capacity" } },
	{ .text =
	      "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nstatus:\n"
	      "  loadBalancer: {ingress: [{ip: 1.2.3.4}]}\n  conditions: []\n",
	  .kept = { "loadBalancer" },
	  .gone = { "conditions" } },
};

/* A declaration of what is read of status (prune.h), for these tests. */
static const struct prune_read status_reads[] = {
	{ PRUNE_STATUS, "Pod", "phase" },
	{ PRUNE_STATUS, "Pod", "podIP" },
	{ PRUNE_STATUS, "Pod", "hostIP" },
	{ PRUNE_STATUS, "Node", "nodeInfo" },
	{ PRUNE_STATUS, "Node", "addresses" },
	{ PRUNE_STATUS, "Service", "loadBalancer" },
	{ PRUNE_STATUS, NULL, NULL },
};

START_TEST(test_prune_status)
{
	struct ld l;
	const struct node *st;
	size_t i;

	ld_init(&l);
	prune_set_reads(status_reads);
	ld_text(&l, "status", status_cases[_i].text);
	prune_set_reads(NULL);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 1);
	st = node_get(inventory_object(l.inv, 0)->root, "status");
	ck_assert(node_is(st, NODE_OBJECT));
	for (i = 0; i < 3 && status_cases[_i].kept[i]; i++)
		ck_assert_ptr_nonnull(node_get(st, status_cases[_i].kept[i]));
	for (i = 0; i < 2 && status_cases[_i].gone[i]; i++)
		ck_assert_ptr_null(node_get(st, status_cases[_i].gone[i]));
	ld_free(&l);
	/* with no declaration nothing of status is dropped */
	ld_init(&l);
	ld_text(&l, "status", status_cases[_i].text);
	st = node_get(inventory_object(l.inv, 0)->root, "status");
	for (i = 0; i < 2 && status_cases[_i].gone[i]; i++)
		ck_assert_ptr_nonnull(node_get(st, status_cases[_i].gone[i]));
	ld_free(&l);
}
END_TEST

START_TEST(test_prune_status_elsewhere)
{
	struct ld l;
	size_t i;

	ld_init(&l);
	prune_set_reads(status_reads);
	ld_text(&l, "d.yaml",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
		"status: {replicas: 3, conditions: [{type: Available}]}\n");
	ld_text(&l, "d.json",
		"{\"status\":{\"replicas\":3},\"apiVersion\":\"apps/v1\","
		"\"kind\":\"Deployment\",\"metadata\":{\"name\":\"e\"}}");
	prune_set_reads(NULL);
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	ck_assert_int_eq(l.n, 2);
	for (i = 0; i < 2; i++)
		ck_assert_ptr_null(
		    node_get(inventory_object(l.inv, i)->root, "status"));
	ld_free(&l);
}
END_TEST

/*
 * prune_keeps() finds a member among those of its place and length:
 * members of every length around the last length bucket (32 bytes and
 * longer share one), in several places, some for one kind, against
 * keys of every length from 0 to 40 that differ from a member in their
 * first, middle or last byte only, compared with a plain search of the
 * declaration.
 */
#define KEEPS_MEMBERS 24
static char keeps_text[KEEPS_MEMBERS][48];
static struct prune_read keeps_reads[KEEPS_MEMBERS + 1];

static bool keeps_plain(enum prune_place place, const char *kind,
			const char *key, size_t len)
{
	const struct prune_read *r;

	for (r = keeps_reads; r->member; r++)
		if (r->place == place && strlen(r->member) == len &&
		    !memcmp(r->member, key, len) &&
		    (!r->kind || !kind || !strcmp(kind, r->kind)))
			return true;
	return false;
}

START_TEST(test_prune_keeps_lengths)
{
	static const size_t lens[] = { 1,  2,  4,  8,  16, 30,
				       31, 32, 32, 33, 34, 40 };
	static const enum prune_place places[] = { PRUNE_CONTAINER,
						   PRUNE_METADATA };
	const char *kinds[] = { NULL, "Pod", "Service" };
	size_t i, n = 0, p, k, len, at;
	char key[48];
	unsigned hits = 0;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		for (p = 0; p < 2; p++) {
			size_t j;

			for (j = 0; j < lens[i]; j++)
				keeps_text[n][j] =
				    (char)('a' + (j + i + p) % 26);
			keeps_text[n][lens[i]] = '\0';
			keeps_reads[n].place = places[p];
			/* a member for one kind, at metadata only */
			keeps_reads[n].kind = p && i % 3 == 1 ? "Pod" : NULL;
			keeps_reads[n].member = keeps_text[n];
			n++;
		}
	ck_assert_uint_eq(n, KEEPS_MEMBERS);
	keeps_reads[n].member = NULL;
	prune_set_reads(keeps_reads);
	for (i = 0; i < n; i++)
		for (len = 0; len <= 40; len++)
			for (at = 0; at < 4; at++)
				for (p = 0; p < 2; p++)
					for (k = 0; k < 3; k++) {
						bool want, got;

						memset(key, 'a', sizeof(key));
						memcpy(key, keeps_text[i],
						       strnlen(keeps_text[i],
							       len));
						/* at 3: unchanged */
						if (at < 3 && len)
							key[at == 0 ? 0
							    : at == 1
								? len / 2
								: len - 1] ^= 1;
						want = keeps_plain(places[p],
								   kinds[k],
								   key, len);
						got = prune_keeps(places[p],
								  kinds[k], key,
								  len);
						ck_assert_msg(
						    want == got,
						    "member %zu, key of %zu "
						    "bytes, change %zu, place "
						    "%zu, kind %zu: %d",
						    i, len, at, p, k, got);
						hits += got;
					}
	prune_set_reads(NULL);
	/* every member was found by itself, for its kind */
	ck_assert_uint_ge(hits, n);
}
END_TEST

/* ---- load_tree: one plain document ---- */

START_TEST(test_load_tree)
{
	struct arena *a = arena_new();
	struct diag d;
	const char *t1 = "apiVersion: v1\nkind: Secret\nmetadata:\n"
			 "  managedFields: [{manager: m}]\ndata: {k: dmFs}\n";
	const char *t2 = "a: 1\n---\nb: 2\n";
	const char *t3 = "{\"a\": 1} {\"b\": 2}";
	const char *t4 = "# just a comment\n";
	struct node *n;

	n = load_tree(a, "t1", t1, strlen(t1), NULL, &d);
	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(node_path(n, "metadata.managedFields"));
	ck_assert_str_eq(node_get_str(node_get(n, "data"), "k"), "dmFs");
	ck_assert_ptr_null(load_tree(a, "t2", t2, strlen(t2), NULL, &d));
	ck_assert_msg(strstr(d.msg, "single document"), "%s", d.msg);
	ck_assert_uint_eq(d.line, 2);
	ck_assert_ptr_null(load_tree(a, "t3", t3, strlen(t3), NULL, &d));
	ck_assert_int_eq(d.code, DIAG_PARSE);
	ck_assert_uint_eq(d.col, 10);
	ck_assert_ptr_null(load_tree(a, "t4", t4, strlen(t4), NULL, &d));
	ck_assert_msg(strstr(d.msg, "no document"), "%s", d.msg);
	ck_assert_ptr_null(load_tree(a, "t5", "", 0, NULL, &d));
	ck_assert_str_eq(d.msg, "file is empty");
	ck_assert_str_eq(d.file, "t5");
	arena_free(a);
}
END_TEST

/*
 * Runs of plain string bytes and of spaces are found sixteen or eight
 * bytes at a time and then byte by byte: strings of 0 to 40 bytes with
 * one byte that ends the plain run (a quote's escape, a control byte, a
 * UTF-8 letter, DEL, which is plain) at each place, after 0 to 40 spaces
 * of indentation, give the value and columns (or the error's column)
 * that one byte at a time would.
 */
START_TEST(test_json_runs_every_place)
{
	static const char *const odd[] = { "\\n", "\x01", "\xc3\xa9", "\x7f",
					   "\\\"" };
	static const char *const want[] = { "\n", NULL, "\xc3\xa9", "\x7f",
					    "\"" };
	char text[160], val[64];
	size_t w, len, at, k;

	for (w = 0; w <= 40; w++) {
		struct arena *a = arena_new();

		for (len = 0; len <= 40; len++)
			for (at = 0; at <= len; at++)
				for (k = 0; k < 5; k++) {
					struct diag d;
					const struct node *n, *v;
					size_t o = 0, vo = 0, i;

					/* at == len: all plain */
					if (at == len && k)
						continue;
					o += (size_t)snprintf(
					    text, sizeof(text),
					    "{\n%*s\"k\": \"", (int)w, "");
					for (i = 0; i < len; i++) {
						const char *c =
						    i == at ? odd[k] : "a";
						const char *wc =
						    i == at ? want[k] : "a";

						memcpy(text + o, c, strlen(c));
						o += strlen(c);
						if (wc) {
							memcpy(val + vo, wc,
							       strlen(wc));
							vo += strlen(wc);
						}
					}
					memcpy(text + o, "\"}", 3);
					val[vo] = '\0';
					n = load_tree(a, "t", text,
						      strlen(text), NULL, &d);
					if (at < len && !want[k]) {
						ck_assert_ptr_null(n);
						ck_assert_int_eq(d.code,
								 DIAG_PARSE);
						ck_assert_uint_eq(d.line, 2);
						ck_assert_uint_eq(d.col,
								  w + 7 + at);
						continue;
					}
					ck_assert_msg(n != NULL,
						      "%zu spaces, %zu bytes, "
						      "%zu at %zu: %s",
						      w, len, k, at, d.msg);
					v = node_get(n, "k");
					ck_assert_ptr_nonnull(v);
					ck_assert_uint_eq(node_len(v), vo);
					ck_assert(
					    !memcmp(node_text(v), val, vo));
					assert_at(v, 2, (unsigned)w + 6);
				}
		arena_free(a);
	}
}
END_TEST

/* ---- YAML scalars resolve as Kubernetes reads them ---- */

static const struct {
	const char *yaml;
	enum node_type type;
	const char *text; /* number or string text; "t"/"f" for bools */
} scalar_cases[] = {
	{ .yaml = "~", .type = NODE_NULL, .text = NULL },
	{ .yaml = "", .type = NODE_NULL, .text = NULL },
	{ .yaml = "null", .type = NODE_NULL, .text = NULL },
	{ .yaml = "NULL", .type = NODE_NULL, .text = NULL },
	{ .yaml = "true", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "True", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "TRUE", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "yes", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "On", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "NO", .type = NODE_BOOL, .text = "f" },
	{ .yaml = "off", .type = NODE_BOOL, .text = "f" },
	{ .yaml = "False", .type = NODE_BOOL, .text = "f" },
	{ .yaml = "tRUE", .type = NODE_STRING, .text = "tRUE" },
	{ .yaml = "yes please", .type = NODE_STRING, .text = "yes please" },
	{ .yaml = "12", .type = NODE_NUMBER, .text = "12" },
	{ .yaml = "-3", .type = NODE_NUMBER, .text = "-3" },
	{ .yaml = "+7", .type = NODE_NUMBER, .text = "7" },
	{ .yaml = "0", .type = NODE_NUMBER, .text = "0" },
	{ .yaml = "0x1F", .type = NODE_NUMBER, .text = "31" },
	{ .yaml = "0o17", .type = NODE_NUMBER, .text = "15" },
	{ .yaml = "017", .type = NODE_NUMBER, .text = "15" },
	{ .yaml = "0b101", .type = NODE_NUMBER, .text = "5" },
	{ .yaml = "1_000", .type = NODE_NUMBER, .text = "1000" },
	{ .yaml = "12345678901234567890",
	  .type = NODE_NUMBER,
	  .text = "12345678901234567890" },
	{ .yaml = "1.5", .type = NODE_NUMBER, .text = "1.5" },
	{ .yaml = "-2.5e-3", .type = NODE_NUMBER, .text = "-2.5e-3" },
	{ .yaml = ".5", .type = NODE_NUMBER, .text = "0.5" },
	{ .yaml = "1e3", .type = NODE_NUMBER, .text = "1e3" },
	{ .yaml = ".inf", .type = NODE_STRING, .text = ".inf" },
	{ .yaml = ".nan", .type = NODE_STRING, .text = ".nan" },
	{ .yaml = "1.2.3", .type = NODE_STRING, .text = "1.2.3" },
	{ .yaml = "0.0.0.0/0", .type = NODE_STRING, .text = "0.0.0.0/0" },
	{ .yaml = "2024-01-01", .type = NODE_STRING, .text = "2024-01-01" },
	{ .yaml = "0x", .type = NODE_STRING, .text = "0x" },
	{ .yaml = "\"12\"", .type = NODE_STRING, .text = "12" },
	{ .yaml = "'true'", .type = NODE_STRING, .text = "true" },
	{ .yaml = "\"\"", .type = NODE_STRING, .text = "" },
	{ .yaml = "!!str 12", .type = NODE_STRING, .text = "12" },
	{ .yaml = "!!int \"12\"", .type = NODE_NUMBER, .text = "12" },
	{ .yaml = "! yes", .type = NODE_STRING, .text = "yes" },
	{ .yaml = "|\n  yes\n", .type = NODE_STRING, .text = "yes\n" },
	{ .yaml = "500m", .type = NODE_STRING, .text = "500m" },
	/* the edges of the words told apart by length and first letter */
	{ .yaml = "y", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "N", .type = NODE_BOOL, .text = "f" },
	{ .yaml = "No", .type = NODE_BOOL, .text = "f" },
	{ .yaml = "ON", .type = NODE_BOOL, .text = "t" },
	{ .yaml = "Null", .type = NODE_NULL, .text = NULL },
	{ .yaml = "FALSE", .type = NODE_BOOL, .text = "f" },
	{ .yaml = "oN", .type = NODE_STRING, .text = "oN" },
	{ .yaml = "YeS", .type = NODE_STRING, .text = "YeS" },
	{ .yaml = "nULL", .type = NODE_STRING, .text = "nULL" },
	{ .yaml = "FaLSE", .type = NODE_STRING, .text = "FaLSE" },
	{ .yaml = "x", .type = NODE_STRING, .text = "x" },
	{ .yaml = "nope", .type = NODE_STRING, .text = "nope" },
	/* decimal integers kept as written, and those that are not */
	{ .yaml = "-0", .type = NODE_NUMBER, .text = "0" },
	{ .yaml = "00", .type = NODE_NUMBER, .text = "0" },
	{ .yaml = "-017", .type = NODE_NUMBER, .text = "-15" },
	{ .yaml = "-x", .type = NODE_STRING, .text = "-x" },
	{ .yaml = "1-2", .type = NODE_STRING, .text = "1-2" },
	{ .yaml = "123456789012345678",
	  .type = NODE_NUMBER,
	  .text = "123456789012345678" },
	{ .yaml = "-9223372036854775808",
	  .type = NODE_NUMBER,
	  .text = "-9223372036854775808" },
	{ .yaml = "-9223372036854775809",
	  .type = NODE_NUMBER,
	  .text = "-9223372036854775809" },
	{ .yaml = "99999999999999999999",
	  .type = NODE_NUMBER,
	  .text = "99999999999999999999" },
};

START_TEST(test_yaml_scalars)
{
	struct arena *a = arena_new();
	struct diag d;
	char text[128];
	struct node *root;
	const struct node *v;

	snprintf(text, sizeof(text), "v: %s\n", scalar_cases[_i].yaml);
	root = load_tree(a, "s.yaml", text, strlen(text), NULL, &d);
	ck_assert_msg(root != NULL, "%s: %s", scalar_cases[_i].yaml, d.msg);
	v = node_get(root, "v");
	ck_assert_ptr_nonnull(v);
	ck_assert_msg(v->type == scalar_cases[_i].type, "'%s' gave a %s",
		      scalar_cases[_i].yaml, node_type_name(v->type));
	if (v->type == NODE_BOOL)
		ck_assert(v->b == (scalar_cases[_i].text[0] == 't'));
	else if (v->type != NODE_NULL)
		ck_assert_str_eq(node_text(v), scalar_cases[_i].text);
	arena_free(a);
}
END_TEST

/* ---- anchors, aliases, duplicate keys at scale ---- */

START_TEST(test_aliases)
{
	struct arena *a = arena_new();
	struct diag d;
	const char *t = "base: &b {x: 1, y: [a, b]}\nuse: *b\nname: &n key\n"
			"map: {*n : v}\n";
	const char *bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
			  "  name: x\n  managedFields: &m [{manager: m}]\n"
			  "data: {a: *m}\n";
	struct node *n = load_tree(a, "a.yaml", t, strlen(t), NULL, &d);
	struct ld l;

	ck_assert_ptr_nonnull(n);
	/* An alias shares the anchored subtree. */
	ck_assert_ptr_eq(node_get(n, "use"), node_get(n, "base"));
	ck_assert_str_eq(node_get_str(node_get(n, "map"), "key"), "v");
	ld_init(&l);
	ld_text(&l, "pruned.yaml", bad);
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_msg(strstr(l.errs.v[0].msg, "pruned field"), "%s",
		      l.errs.v[0].msg);
	ck_assert_uint_eq(l.errs.v[0].line, 6);
	ld_free(&l);
	/* a scalar anchored in a pruned field: not resolved, still known */
	ld_init(&l);
	ld_text(&l, "pruned2.yaml",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
		"  managedFields: [&m 12]\ndata: {a: *m}\n");
	ck_assert_uint_eq(l.errs.n, 1);
	ck_assert_msg(strstr(l.errs.v[0].msg, "'*m' refers to a pruned field"),
		      "%s", l.errs.v[0].msg);
	ck_assert_uint_eq(l.errs.v[0].line, 6);
	ld_free(&l);
	arena_free(a);
}
END_TEST

/*
 * A document abandoned after an error still counts its nesting from where
 * the error was (a depth bomb ends the stream): the collections of a
 * pruned field closed before it count for nothing.
 */
START_TEST(test_depth_after_pruned)
{
	struct sbuf sb = SBUF_INIT;
	struct ld l;
	char *text;
	int i;

	ck_assert_int_eq(sbuf_adds(&sb, "apiVersion: v1\nkind: ConfigMap\n"
					"metadata:\n  name: a\n"
					"  managedFields:\n"),
			 0);
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(sbuf_adds(&sb, "  - {}\n"), 0);
	ck_assert_int_eq(sbuf_adds(&sb, "  name: b\n  labels:\n    x:\n"
					"      y: 1\n---\napiVersion: v1\n"
					"kind: ConfigMap\nmetadata:\n"
					"  name: c\n"),
			 0);
	text = sbuf_detach(&sb, NULL);
	ld_init(&l);
	ld_text(&l, "depth.yaml", text);
	ck_assert_msg(l.errs.n == 1, "%s", ld_errs(&l));
	ck_assert_msg(strstr(l.errs.v[0].msg, "duplicate key 'name'"), "%s",
		      l.errs.v[0].msg);
	ck_assert_uint_eq(l.errs.v[0].line, 306);
	ck_assert_int_eq(l.n, 1);
	ld_free(&l);
	free(text);
}
END_TEST

START_TEST(test_many_keys)
{
	struct arena *a = arena_new();
	size_t cap = 5000 * 24 + 64, o = 0;
	char *text = malloc(cap);
	struct node *n;
	struct diag d;
	int i;

	o += (size_t)snprintf(text + o, cap - o, "{\n");
	for (i = 0; i < 5000; i++)
		o += (size_t)snprintf(text + o, cap - o, "\"key%d\": %d,\n", i,
				      i);
	o += (size_t)snprintf(text + o, cap - o, "\"last\": 0}");
	n = load_tree(a, "wide.json", text, o, NULL, &d);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(node_len(n), 5001);
	ck_assert_int_eq(node_get(n, "key4321")->line, 4323);
	/* Now a duplicate of an early key at the end. */
	o -= strlen("\"last\": 0}");
	o += (size_t)snprintf(text + o, cap - o, "\"key17\": 0}");
	ck_assert_ptr_null(load_tree(a, "wide.json", text, o, NULL, &d));
	ck_assert_str_eq(d.msg, "duplicate key 'key17' (first at line 19)");
	ck_assert_uint_eq(d.line, 5002);
	ck_assert_uint_eq(d.col, 1);
	free(text);
	arena_free(a);
}
END_TEST

/* YAML merge keys where no pruning decides by key. */
START_TEST(test_merge_keys)
{
	struct ld l;
	const struct kobj *o;
	const struct node *labels, *data;
	struct arena *a = arena_new();
	struct diag d;
	const char *t = "base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\n"
			"m: {w: 0, <<: [*b, *o], x: 9}\nbad: {<<: [*b, 5]}\n";

	ld_init(&l);
	ld_path(&l, FIXTURES "/bad/merge-key.yaml", false, NULL);
	o = ld_find(&l, "ConfigMap", "merged");
	ck_assert_ptr_nonnull(o);
	labels = o->labels;
	ck_assert_uint_eq(node_len(labels), 2);
	ck_assert_str_eq(node_get_str(labels, "app"), "web");
	ck_assert_str_eq(node_get_str(labels, "tier"), "front");
	ck_assert_ptr_null(node_get(labels, "<<"));
	data = node_get(o->root, "data");
	ck_assert_uint_eq(node_len(data), 3);
	ck_assert_str_eq(node_get_str(data, "a"), "1");
	ck_assert_str_eq(node_get_str(data, "b"), "3");
	ck_assert_str_eq(node_get_str(data, "c"), "4");
	ld_free(&l);
	ck_assert_ptr_null(load_tree(a, "m.yaml", t, strlen(t), NULL, &d));
	ck_assert_msg(strstr(d.msg, "expected a mapping to merge, found a "
				    "number"),
		      "%s", d.msg);
	ck_assert_uint_eq(d.line, 4);
	ck_assert_uint_eq(d.col, 16);
	t = "base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\n"
	    "m: {w: 0, <<: [*b, *o], x: 9}\n";
	data = node_get(load_tree(a, "m.yaml", t, strlen(t), NULL, &d), "m");
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(node_len(data), 4);
	ck_assert_str_eq(node_text(node_get(data, "x")), "9");
	ck_assert_str_eq(node_text(node_get(data, "y")), "2");
	ck_assert_str_eq(node_text(node_get(data, "z")), "4");
	/* "<<" quoted is an ordinary key. */
	t = "m: {\"<<\": 1}\n";
	data = node_get(load_tree(a, "q.yaml", t, strlen(t), NULL, &d), "m");
	ck_assert_str_eq(node_text(node_get(data, "<<")), "1");
	arena_free(a);
}
END_TEST

/* ---- bad input: one clear error per broken document ---- */

static const struct load_limits small_limits = {
	.max_depth = 256,
	.max_scalar = 100,
	.max_file = 1 << 20,
	.max_alias_nodes = 100000,
};

static const struct load_limits tiny_file = {
	.max_depth = 256,
	.max_scalar = 100,
	.max_file = 64,
	.max_alias_nodes = 100000,
};

static const struct {
	const char *file;
	const struct load_limits *lim;
	unsigned line, col; /* of the first error; 0: none known */
	const char *msg;    /* substring of the first error */
	int objects;	    /* still loaded from the same file */
	size_t errors;
} bad_cases[] = {
	{ .file = "malformed.json",
	  .lim = NULL,
	  .line = 3,
	  .col = 10,
	  .msg = "expected ':' after an object key",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "truncated.json",
	  .lim = NULL,
	  .line = 5,
	  .col = 1,
	  .msg = "unexpected end of input: the object "
		 "opened at line 4 col 15 is not closed",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "truncated.yaml",
	  .lim = NULL,
	  .line = 10,
	  .col = 1,
	  .msg = "found unexpected end of stream while "
		 "scanning a quoted scalar at line 9 col 9",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "truncated-flow.yaml",
	  .lim = NULL,
	  .line = 6,
	  .col = 1,
	  .msg = "did not find expected ',' or "
		 "']' while parsing a flow sequence",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "syntax.yaml",
	  .lim = NULL,
	  .line = 10,
	  .col = 2,
	  .msg = "did not find expected key while "
		 "parsing a block mapping at line 6 col 1",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "top-scalar.yaml",
	  .lim = NULL,
	  .line = 1,
	  .col = 1,
	  .msg = "expected a Kubernetes object",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "top-array.yaml",
	  .lim = NULL,
	  .line = 6,
	  .col = 1,
	  .msg = "expected a Kubernetes object",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "top-array.json",
	  .lim = NULL,
	  .line = 1,
	  .col = 1,
	  .msg = "expected a Kubernetes object",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "list-item.yaml",
	  .lim = NULL,
	  .line = 8,
	  .col = 3,
	  .msg = "expected an object in 'items', "
		 "found a string",
	  .objects = 2,
	  .errors = 1 },
	{ .file = "missing-kind.yaml",
	  .lim = NULL,
	  .line = 1,
	  .col = 1,
	  .msg = "expected 'kind' (a string), "
		 "found none",
	  .objects = 1,
	  .errors = 2 },
	{ .file = "containers-string.yaml",
	  .lim = NULL,
	  .line = 6,
	  .col = 15,
	  .msg = "expected "
		 "'spec.containers' to be an array, found string",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "unknown-kind.yaml",
	  .lim = NULL,
	  .line = 2,
	  .col = 7,
	  .msg = "unknown kind 'Deploymnet' for "
		 "apiVersion 'apps/v1'",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "empty.yaml",
	  .lim = NULL,
	  .line = 0,
	  .col = 0,
	  .msg = "file is empty",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "blank.yaml",
	  .lim = NULL,
	  .line = 0,
	  .col = 0,
	  .msg = "file is empty",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "binary.yaml",
	  .lim = NULL,
	  .line = 4,
	  .col = 10,
	  .msg = "binary file, not JSON or YAML",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "badutf8.json",
	  .lim = NULL,
	  .line = 3,
	  .col = 28,
	  .msg = "invalid UTF-8 in a string (byte 0xc3)",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "badutf8.yaml",
	  .lim = NULL,
	  .line = 9,
	  .col = 13,
	  .msg = "invalid UTF-8 (byte 0xe9)",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "surrogate.json",
	  .lim = NULL,
	  .line = 4,
	  .col = 44,
	  .msg = "unpaired surrogate escape in a string",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "dupkey.yaml",
	  .lim = NULL,
	  .line = 9,
	  .col = 3,
	  .msg = "duplicate key 'resources' (first at "
		 "line 7)",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "dupkey.json",
	  .lim = NULL,
	  .line = 3,
	  .col = 2,
	  .msg = "duplicate key 'kind' (first at line 1)",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "dupkey-many.json",
	  .lim = NULL,
	  .line = 38,
	  .col = 1,
	  .msg = "duplicate key 'k07' (first at "
		 "line 10)",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "deep.json",
	  .lim = NULL,
	  .line = 2,
	  .col = 265,
	  .msg = "nesting deeper than 256 levels",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "deep.yaml",
	  .lim = NULL,
	  .line = 11,
	  .col = 260,
	  .msg = "nesting deeper than 256 levels",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "bigscalar.yaml",
	  .lim = &small_limits,
	  .line = 6,
	  .col = 9,
	  .msg = "scalar of 200 bytes is "
		 "larger than the limit of 100 bytes",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "bigkey.yaml",
	  .lim = &small_limits,
	  .line = 6,
	  .col = 5,
	  .msg = "key of 200 bytes is "
		 "larger than the limit of 100 bytes",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "bigscalar.json",
	  .lim = &small_limits,
	  .line = 2,
	  .col = 19,
	  .msg = "scalar of 200 bytes is "
		 "larger than the limit of 100 bytes",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "bigscalar.json",
	  .lim = &tiny_file,
	  .line = 0,
	  .col = 0,
	  .msg = "is larger than the limit of "
		 "64 bytes",
	  .objects = 0,
	  .errors = 1 },
	{ .file = "laughs.yaml",
	  .lim = NULL,
	  .line = 10,
	  .col = 38,
	  .msg = "alias expansion exceeds 100000 nodes",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "merge-key.yaml",
	  .lim = NULL,
	  .line = 15,
	  .col = 3,
	  .msg = "merge key ('<<') not supported at "
		 "the top of an object or in its metadata",
	  .objects = 1,
	  .errors = 1 },
	{ .file = "unknown-alias.yaml",
	  .lim = NULL,
	  .line = 5,
	  .col = 11,
	  .msg = "unknown alias '*nowhere'",
	  .objects = 1,
	  .errors = 1 },
};

START_TEST(test_bad_input)
{
	char path[256], b[1200];
	struct ld l;
	const struct diag *e;

	snprintf(path, sizeof(path), FIXTURES "/bad/%s", bad_cases[_i].file);
	ld_init(&l);
	ld_path(&l, path, false, bad_cases[_i].lim);
	ck_assert_msg(l.errs.n == bad_cases[_i].errors, "%s: %zu errors: %s",
		      bad_cases[_i].file, l.errs.n, ld_errs(&l));
	e = &l.errs.v[0];
	ck_assert_msg(strstr(e->msg, bad_cases[_i].msg), "%s: got '%s'",
		      bad_cases[_i].file, diag_format(e, b, sizeof(b)));
	ck_assert_msg(e->line == bad_cases[_i].line &&
			  e->col == bad_cases[_i].col,
		      "%s: at %u:%u, expected %u:%u", bad_cases[_i].file,
		      e->line, e->col, bad_cases[_i].line, bad_cases[_i].col);
	ck_assert_str_eq(e->file, path);
	ck_assert_int_ne(e->code, DIAG_OK);
	ck_assert_int_eq(l.n, bad_cases[_i].objects);
	ck_assert_uint_eq(inventory_size(l.inv), (size_t)bad_cases[_i].objects);
	ld_free(&l);
}
END_TEST

/* The whole bad directory: every file reports, the good documents load. */
START_TEST(test_bad_dir)
{
	struct ld l;
	size_t i, errors = 0;
	int objects = 0;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		if (bad_cases[i].lim)
			continue;
		errors += bad_cases[i].errors;
		objects += bad_cases[i].objects;
	}
	ld_init(&l);
	ld_path(&l, FIXTURES "/bad", false, NULL);
	/* bigscalar.* and bigkey.yaml load under the default limits. */
	ck_assert_int_eq(l.n, objects + 5);
	ck_assert_uint_eq(l.errs.n, errors);
	ld_free(&l);
}
END_TEST

/*
 * Nesting far beyond the limit costs no stack and little time, also when
 * the document is already broken (libyaml slows with flow depth).
 */
START_TEST(test_depth_bomb)
{
	size_t n = 2000000, i;
	char *text = malloc(n + 8);
	struct ld l;

	memcpy(text, "a: ", 3);
	memset(text + 3, '[', n - 3);
	text[n] = '\0';
	ld_init(&l);
	ld_text(&l, "bomb.yaml", text);
	ld_text(&l, "bomb.json", text + 3);
	ck_assert_msg(l.errs.n == 2, "%s", ld_errs(&l));
	ck_assert(strstr(l.errs.v[0].msg, "nesting deeper than 256"));
	ck_assert_uint_eq(l.errs.v[0].col, 3 + 256);
	ck_assert(strstr(l.errs.v[1].msg, "nesting deeper than 256"));
	ck_assert_uint_eq(l.errs.v[1].col, 257);
	ld_free(&l);
	/* Sequences as keys: the document fails at once, the bomb after. */
	for (i = 3; i < n; i++)
		text[i] = i % 2 ? '[' : '{';
	ld_init(&l);
	ld_text(&l, "keys.yaml", text);
	ck_assert_msg(l.errs.n == 2, "%s", ld_errs(&l));
	ck_assert(strstr(l.errs.v[0].msg, "expected a scalar key"));
	ck_assert(strstr(l.errs.v[1].msg, "nesting deeper than 256"));
	ld_free(&l);
	free(text);
}
END_TEST

/* ---- the public manifests in ../shared/k8s-real ---- */

START_TEST(test_k8s_real)
{
	static const char *const dirs[] = { "examples", "dashboard",
					    "rbac-bootstrap" };
	char path[512];
	struct ld l;
	size_t i;

	TU_NEED_SHARED(shared);
	ld_init(&l);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/k8s-real/%s", shared, dirs[i]);
		ld_path(&l, path, true, NULL);
	}
	ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
	inventory_finish(l.inv);
	/* 249 objects when written; a much smaller count means lost files. */
	ck_assert_int_ge(l.n, 200);
	ck_assert_uint_ge(inventory_kind(l.inv, "ClusterRole", &i) ? i : 0, 50);
	ck_assert_ptr_nonnull(inventory_kind(l.inv, "Deployment", &i));
	ck_assert_uint_ge(i, 5);
	ld_free(&l);
}
END_TEST

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && !strcmp(s + n - k, suf);
}

START_TEST(test_k8s_kyaml)
{
	char dir[512], path[1024];
	struct dirent *de;
	DIR *d;
	int files = 0;

	TU_NEED_SHARED(shared);
	snprintf(dir, sizeof(dir), "%s/k8s-real/examples/website", shared);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		struct ld l;

		if (!has_suffix(de->d_name, ".kyaml.yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ld_init(&l);
		ld_path(&l, path, false, NULL);
		ck_assert_msg(l.errs.n == 0, "%s", ld_errs(&l));
		ck_assert_msg(l.n >= 1, "%s loaded nothing", path);
		ld_free(&l);
		files++;
	}
	closedir(d);
	ck_assert_int_ge(files, 3);
}
END_TEST

/* Discovery documents are API metadata, read as plain trees. */
START_TEST(test_k8s_discovery)
{
	static const char *const kinds[] = { "APIResourceList", "APIGroupList",
					     "APIGroupDiscoveryList",
					     "APIVersions", "APIGroup" };
	char dir[512], path[1024];
	struct dirent *de;
	DIR *d;
	int files = 0;

	TU_NEED_SHARED(shared);
	snprintf(dir, sizeof(dir), "%s/k8s-real/discovery", shared);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		struct arena *a;
		struct node *n;
		struct diag dg;
		const char *kind;
		size_t len, i;
		char *buf;
		bool known = false;

		if (!has_suffix(de->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		buf = tu_read_file(path, &len);
		ck_assert_ptr_nonnull(buf);
		a = arena_new();
		n = load_tree(a, path, buf, len, NULL, &dg);
		ck_assert_msg(n != NULL, "%s: %s", path, dg.msg);
		kind = node_get_str(n, "kind");
		ck_assert_msg(kind != NULL, "%s has no kind", path);
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			known |= !strcmp(kind, kinds[i]);
		ck_assert_msg(known, "%s: kind %s", path, kind);
		arena_free(a);
		free(buf);
		files++;
	}
	closedir(d);
	ck_assert_int_ge(files, 10);
}
END_TEST

Suite *suite_loader(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("loader");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_json_yaml_equal, 0,
			    sizeof(pairs) / sizeof(pairs[0]));
	tcase_add_test(tc, test_tree_eq_detects);
	tcase_add_test(tc, test_positions_json);
	tcase_add_test(tc, test_positions_yaml);
	tcase_add_test(tc, test_list_json);
	tcase_add_test(tc, test_list_yaml);
	tcase_add_test(tc, test_list_kinds);
	tcase_add_test(tc, test_multidoc);
	tcase_add_test(tc, test_dir_flat);
	tcase_add_test(tc, test_dir_recursive);
	tcase_add_test(tc, test_missing_path);
	tcase_add_test(tc, test_stdin_pipe);
	tcase_add_test(tc, test_stdin_cli);
	tcase_add_test(tc, test_dir_symlink_loop);
	tcase_add_test(tc, test_stdin_too_big);
	tcase_add_test(tc, test_prune_metadata);
	tcase_add_loop_test(tc, test_prune_secret, 0,
			    sizeof(secret_texts) / sizeof(secret_texts[0]));
	tcase_add_test(tc, test_prune_not_secret);
	tcase_add_test(tc, test_prune_secret_shapes);
	tcase_add_loop_test(tc, test_prune_status, 0,
			    sizeof(status_cases) / sizeof(status_cases[0]));
	tcase_add_test(tc, test_prune_status_elsewhere);
	tcase_add_test(tc, test_prune_keeps_lengths);
	tcase_add_test(tc, test_json_runs_every_place);
	tcase_add_test(tc, test_load_tree);
	tcase_add_loop_test(tc, test_yaml_scalars, 0,
			    sizeof(scalar_cases) / sizeof(scalar_cases[0]));
	tcase_add_test(tc, test_aliases);
	tcase_add_test(tc, test_depth_after_pruned);
	tcase_add_test(tc, test_many_keys);
	tcase_add_test(tc, test_merge_keys);
	tcase_add_loop_test(tc, test_bad_input, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, test_bad_dir);
	tcase_add_test(tc, test_depth_bomb);
	tcase_add_test(tc, test_k8s_real);
	tcase_add_test(tc, test_k8s_kyaml);
	tcase_add_test(tc, test_k8s_discovery);
	suite_add_tcase(s, tc);
	return s;
}
