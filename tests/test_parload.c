/*
 * A JSON or YAML List file read on two threads (load_set_threads(2),
 * with the size from which it is split lowered) gives what one thread
 * gives: the same objects, trees, lines, columns, owners and errors,
 * whether the second thread's items are all taken, some of them, or none.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "checks/registry.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "load/prune.h"
#include "node.h"
#include "sbuf.h"
#include "testutil.h"

/* An inventory loaded, finished, with its errors. */
struct loaded {
	struct arena *a;
	struct inventory *inv;
	struct diag_list errs;
	size_t taken; /* the second thread's items taken */
};

/*
 * text written to a file and loaded on threads threads; the file's name
 * (in the errors) is the same each time in a test's process.
 */
static struct loaded load_text(const char *text, size_t len, unsigned threads)
{
	char path[64];
	int fd;
	struct loaded l = { 0 };
	size_t before = load_split_taken();

	snprintf(path, sizeof(path), "/tmp/threatmap-parload-%ld",
		 (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	l.a = arena_new();
	l.inv = inventory_new(l.a);
	load_set_threads(threads);
	load_file(l.a, l.inv, path, NULL, &l.errs);
	load_set_threads(1);
	unlink(path);
	l.taken = load_split_taken() - before;
	inventory_finish(l.inv);
	return l;
}

static void loaded_free(struct loaded *l)
{
	diag_list_release(&l->errs);
	inventory_free(l->inv);
	arena_free(l->a);
}

/* The inventory and errors of text loaded on threads threads. */
static char *digest(const char *text, size_t len, unsigned threads,
		    size_t *taken)
{
	struct loaded l = load_text(text, len, threads);
	char *d = tu_load_digest(l.inv, &l.errs);

	*taken = l.taken;
	loaded_free(&l);
	return d;
}

enum expect { TAKEN_ALL, TAKEN_SOME, TAKEN_NONE, TAKEN_ANY };

/*
 * text as a file read on one thread and on two: the same digest; the
 * second thread's items taken as expected (some: at least one).
 */
static void same(const char *name, const char *text, size_t len,
		 enum expect want)
{
	size_t t1, t2;
	char *d1 = digest(text, len, 1, &t1), *d2 = digest(text, len, 2, &t2);

	ck_assert_uint_eq(t1, 0);
	if (strcmp(d1, d2)) {
		size_t i = 0;

		while (d1[i] && d1[i] == d2[i])
			i++;
		while (i && d1[i - 1] != '\n')
			i--;
		ck_abort_msg("%s: one thread:\n%.600s\ntwo threads:\n%.600s",
			     name, d1 + i, d2 + i);
	}
	if (want == TAKEN_NONE)
		ck_assert_msg(t2 == 0, "%s: %zu items taken", name, t2);
	if (want == TAKEN_SOME || want == TAKEN_ALL)
		ck_assert_msg(t2 > 0, "%s: no item taken", name);
	free(d1);
	free(d2);
}

static void same_cmd(const char *cmd, enum expect want)
{
	char *out = NULL;

	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_uint_gt(strlen(out), 1000);
	same(cmd, out, strlen(out), want);
	free(out);
}

static void setup(void)
{
	prune_set_reads(check_reads);
	load_set_split_min(1);
}

static void teardown(void)
{
	load_set_split_min(0);
	load_set_threads(1);
	prune_set_reads(NULL);
}

START_TEST(test_generated)
{
	static const char *const cmds[] = {
		"python3 tests/gen_cluster.py 3000",
		"python3 tests/gen_bench.py 400 json 2>/dev/null",
		"python3 tests/gen_bench.py 400 json kubectl 2>/dev/null",
		/* kubectl's four spaces, jq's two */
		"python3 tests/gen_cluster.py 300 | python3 -c 'import "
		"json,sys; "
		"print(json.dumps(json.load(sys.stdin), indent=4))'",
		"python3 tests/gen_cluster.py 300 | python3 -c 'import "
		"json,sys; "
		"print(json.dumps(json.load(sys.stdin), indent=2))'",
	};

	same_cmd(cmds[_i], TAKEN_ALL);
}
END_TEST

/* The demo's manifests as one List. */
START_TEST(test_demo_list)
{
	same_cmd(
	    "python3 -c 'import glob,json,yaml; items=[d for f in "
	    "sorted(glob.glob(\"testdata/demo/*.yaml\")) for d in "
	    "yaml.safe_load_all(open(f)) if d]; "
	    "print(json.dumps({\"apiVersion\": \"v1\", \"kind\": \"List\", "
	    "\"items\": items}, indent=4, default=str))'",
	    TAKEN_ALL);
}
END_TEST

/* A ConfigMap item of about size bytes, named name, at indentation 2. */
static void cm(struct sbuf *sb, const char *name, size_t size)
{
	size_t i;

	ck_assert_int_eq(
	    sbuf_addf(sb,
		      "  {\n   \"apiVersion\": \"v1\",\n   \"kind\": "
		      "\"ConfigMap\",\n   \"metadata\": {\n    \"name\": "
		      "\"%s\",\n    \"uid\": \"uid-%s\"\n   },\n   \"data\": "
		      "{\n    \"k\": \"",
		      name, name),
	    0);
	for (i = 0; i < size; i++)
		ck_assert_int_eq(sbuf_adds(sb, "x"), 0);
	ck_assert_int_eq(sbuf_adds(sb, "\"\n   }\n  }"), 0);
}

/* A Pod controlled by a ReplicaSet of uid owner. */
static void pod(struct sbuf *sb, const char *name, const char *owner)
{
	ck_assert_int_eq(
	    sbuf_addf(
		sb,
		"  {\n   \"apiVersion\": \"v1\",\n   \"kind\": \"Pod\",\n"
		"   \"metadata\": {\n    \"name\": \"%s\",\n    "
		"\"namespace\": \"ns\",\n    \"uid\": \"uid-%s\",\n"
		"    \"ownerReferences\": [\n     {\n      "
		"\"apiVersion\": \"apps/v1\",\n      \"kind\": "
		"\"ReplicaSet\",\n      \"name\": \"%s\",\n      \"uid\": "
		"\"%s\",\n      \"controller\": true\n     }\n    ]\n   "
		"},\n   \"spec\": {\n    \"containers\": [\n     {\n      "
		"\"name\": \"c\",\n      \"image\": \"i\",\n      "
		"\"securityContext\": {\n       \"privileged\": true\n      "
		"}\n     }\n    ]\n   }\n  }",
		name, name, owner, owner),
	    0);
}

static void rs(struct sbuf *sb, const char *name)
{
	ck_assert_int_eq(
	    sbuf_addf(
		sb,
		"  {\n   \"apiVersion\": \"apps/v1\",\n   \"kind\": "
		"\"ReplicaSet\",\n   \"metadata\": {\n    \"name\": "
		"\"%s\",\n    \"namespace\": \"ns\",\n    \"uid\": "
		"\"%s\"\n   },\n   \"spec\": {\n    \"template\": {\n     "
		"\"spec\": {\n      \"containers\": [\n       {\n        "
		"\"name\": \"c\",\n        \"image\": \"i\"\n       }\n    "
		"  ]\n     }\n    }\n   }\n  }",
		name, name),
	    0);
}

static void head(struct sbuf *sb, const char *kind)
{
	ck_assert_int_eq(sbuf_addf(sb,
				   "{\n \"apiVersion\": \"v1\",\n \"kind\": "
				   "\"%s\",\n \"items\": [\n",
				   kind),
			 0);
}

static void sep(struct sbuf *sb)
{
	ck_assert_int_eq(sbuf_adds(sb, ",\n"), 0);
}

static void tail(struct sbuf *sb)
{
	ck_assert_int_eq(sbuf_adds(sb, "\n ]\n}\n"), 0);
}

static void same_sb(const char *name, struct sbuf *sb, enum expect want)
{
	size_t len;
	char *text = sbuf_detach(sb, &len);

	same(name, text, len, want);
	free(text);
}

/* One to three items, the split on the last. */
START_TEST(test_few_items)
{
	struct sbuf sb = SBUF_INIT;
	int n = _i + 1, i;

	head(&sb, "List");
	for (i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cm-%d", i);
		if (i)
			sep(&sb);
		/* the first one long: the middle of the file is in it */
		cm(&sb, name, i ? 10 : 4000);
	}
	tail(&sb);
	same_sb("few items", &sb, n > 1 ? TAKEN_ALL : TAKEN_NONE);
}
END_TEST

/*
 * Controllers on either side of the split, before and after their Pods,
 * and Pods whose controller is in no item though others name it (the
 * guess is wrong: the items before it are taken, the rest read again).
 */
START_TEST(test_owners)
{
	struct sbuf sb = SBUF_INIT;
	enum expect want = TAKEN_ALL;

	head(&sb, "List");
	rs(&sb, "rs-before");
	sep(&sb);
	pod(&sb, "p-0", "rs-after");
	sep(&sb);
	pod(&sb, "p-1", "rs-missing");
	sep(&sb);
	cm(&sb, "pad", 3000);
	sep(&sb);
	cm(&sb, "cm-0", 10);
	sep(&sb);
	pod(&sb, "p-2", "rs-before");
	sep(&sb);
	pod(&sb, "p-3", "rs-after");
	sep(&sb);
	if (_i == 1) {
		/* named before the split by p-1, never read */
		pod(&sb, "p-4", "rs-missing");
		sep(&sb);
		want = TAKEN_SOME;
	}
	rs(&sb, "rs-after");
	sep(&sb);
	pod(&sb, "p-5", "rs-after");
	tail(&sb);
	same_sb("owners", &sb, want);
}
END_TEST

/*
 * Where the split must not be used: inside an array of an item laid out
 * as items are, in a string that looks like the place between items, in
 * a typed List (its items are pruned by its kind).
 */
START_TEST(test_not_split)
{
	struct sbuf sb = SBUF_INIT;

	head(&sb, "List");
	cm(&sb, "pad", 2000);
	sep(&sb);
	ck_assert_int_eq(
	    sbuf_adds(&sb, "  {\n   \"apiVersion\": \"v1\",\n   \"kind\": "
			   "\"ConfigMap\",\n   \"metadata\": {\"name\": "
			   "\"nested\"},\n   \"x\": [\n  {\n  },\n  {\n  }\n   "
			   "]\n  }"),
	    0);
	sep(&sb);
	cm(&sb, "pad-2", 2000);
	tail(&sb);
	same_sb("nested array", &sb, TAKEN_NONE);

	/*
	 * a string that reads as the place between two items: JSON writes
	 * its newlines as "\n", so the split is after the item instead
	 */
	head(&sb, "List");
	cm(&sb, "pad", 2000);
	sep(&sb);
	ck_assert_int_eq(
	    sbuf_adds(&sb, "  {\n   \"apiVersion\": \"v1\",\n   \"kind\": "
			   "\"ConfigMap\",\n   \"metadata\": {\"name\": "
			   "\"text\"},\n   \"data\": {\"k\": \"\\n  },\\n  "
			   "{\\n\"}\n  }"),
	    0);
	sep(&sb);
	cm(&sb, "after", 10);
	tail(&sb);
	same_sb("string", &sb, TAKEN_ALL);

	head(&sb, "PodList");
	pod(&sb, "p-0", "rs");
	sep(&sb);
	cm(&sb, "pad", 2000);
	sep(&sb);
	pod(&sb, "p-1", "rs");
	sep(&sb);
	rs(&sb, "rs");
	tail(&sb);
	same_sb("typed list", &sb, TAKEN_NONE);
}
END_TEST

/*
 * The uid of an object's metadata is built in the inventory's transient
 * arena and taken out once owners are resolved: the same for the items
 * the second thread read.  A root of another kind with an items array is
 * one object, its items part of its tree: their uids stay in it, as one
 * reading keeps them.  uids counts the uids left in the finished
 * inventory's objects, their items' metadata included.
 */
static size_t uids_left(const char *text, size_t len, unsigned threads,
			size_t *objects, size_t *taken)
{
	struct loaded l = load_text(text, len, threads);
	size_t n = 0, i, k;

	ck_assert_uint_eq(l.errs.n, 0);
	*objects = inventory_size(l.inv);
	*taken = l.taken;
	for (i = 0; i < inventory_size(l.inv); i++) {
		const struct node *root = inventory_object(l.inv, i)->root;
		const struct node *items = node_get(root, "items");

		n += node_path(root, "metadata.uid") != NULL;
		for (k = 0; k < node_count(items); k++)
			n += node_path(node_at(items, k), "metadata.uid") !=
			     NULL;
	}
	loaded_free(&l);
	return n;
}

START_TEST(test_uids)
{
	static const char *const kinds[] = { "List", "Config" };
	struct sbuf sb = SBUF_INIT;
	size_t len, o1, o2, t1, t2, u1, u2;
	char *text;
	int i;

	ck_assert_int_eq(
	    sbuf_addf(&sb,
		      "{\n \"apiVersion\": \"%s\",\n \"kind\": \"%s\",\n "
		      "\"metadata\": {\"name\": \"root\"},\n \"items\": [\n",
		      _i ? "example.com/v1" : "v1", kinds[_i]),
	    0);
	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cm-%d", i);
		if (i)
			sep(&sb);
		cm(&sb, name, i ? 10 : 3000);
	}
	tail(&sb);
	text = sbuf_detach(&sb, &len);
	u1 = uids_left(text, len, 1, &o1, &t1);
	u2 = uids_left(text, len, 2, &o2, &t2);
	free(text);
	ck_assert_uint_eq(t1, 0);
	ck_assert_uint_gt(t2, 0);
	ck_assert_uint_eq(o1, _i ? 1 : 4);
	ck_assert_uint_eq(o2, o1);
	/* a List's objects lose theirs; the Config's items keep all four */
	ck_assert_uint_eq(u1, _i ? 4 : 0);
	ck_assert_uint_eq(u2, u1);
}
END_TEST

/*
 * Errors before the split, after it, at it, and items that are not
 * objects: the same diagnostics at the same places.
 */
START_TEST(test_errors)
{
	static const char *const bad[] = {
		/* a syntax error */
		"  {\n   \"kind\": \"ConfigMap\" \"apiVersion\": \"v1\"\n  }",
		/* a duplicate key */
		"  {\n   \"kind\": \"ConfigMap\",\n   \"kind\": "
		"\"ConfigMap\"\n  "
		"}",
		/* no object */
		"  5",
		"  \"text\"",
		/* a word that is none */
		"  {\n   \"a\": nul\n  }",
	};
	size_t b;
	int at;

	for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
		for (at = 0; at < 4; at++) {
			struct sbuf sb = SBUF_INIT;
			char name[64];

			head(&sb, "List");
			cm(&sb, "cm-0", 10);
			sep(&sb);
			if (at == 0) { /* before */
				ck_assert_int_eq(sbuf_adds(&sb, bad[b]), 0);
				sep(&sb);
			}
			cm(&sb, "pad", 3000);
			sep(&sb);
			if (at == 1) { /* at */
				ck_assert_int_eq(sbuf_adds(&sb, bad[b]), 0);
				sep(&sb);
			}
			cm(&sb, "cm-1", 10);
			sep(&sb);
			if (at == 2) { /* after */
				ck_assert_int_eq(sbuf_adds(&sb, bad[b]), 0);
				sep(&sb);
			}
			cm(&sb, "cm-2", 10);
			if (at == 3) { /* last */
				sep(&sb);
				ck_assert_int_eq(sbuf_adds(&sb, bad[b]), 0);
			}
			tail(&sb);
			snprintf(name, sizeof(name), "error %zu at %d", b, at);
			same_sb(name, &sb, at == 2 ? TAKEN_SOME : TAKEN_ANY);
		}
	}
}
END_TEST

/* Read past the first piece of the file, and cut in the middle of it. */
START_TEST(test_long)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	head(&sb, "List");
	for (i = 0; i < 3000; i++) {
		char name[16];

		snprintf(name, sizeof(name), "rs-%d", i);
		if (i)
			sep(&sb);
		if (i % 3 == 0) {
			rs(&sb, name);
		} else {
			snprintf(name, sizeof(name), "rs-%d", i - i % 3);
			pod(&sb, name + 1, name);
		}
	}
	tail(&sb);
	same_sb("long", &sb, TAKEN_ALL);
}
END_TEST

/*
 * YAML Lists.  A YAML file is read in pieces (pulled) only past the
 * loader's first read of 256 KiB, so each text here is longer: a
 * ConfigMap pad of PAD bytes puts the middle of the file, and so S, in
 * it; S is the entry after it.
 */
#define PAD 600000

static int yind; /* the items' indentation: 0 or 2 */

/* An item written at indentation 0 ("- " then "  "), at yind. */
static void yadd(struct sbuf *sb, const char *item)
{
	while (*item) {
		const char *nl = strchr(item, '\n');
		size_t len = nl ? (size_t)(nl - item) + 1 : strlen(item);

		ck_assert_int_eq(
		    sbuf_addf(sb, "%*s%.*s", yind, "", (int)len, item), 0);
		item += len;
	}
}

/* A ConfigMap of about size bytes of data, in lines of 1000. */
static void ycm(struct sbuf *sb, const char *name, size_t size)
{
	char line[1100];
	size_t i;

	snprintf(line, sizeof(line),
		 "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: "
		 "%s\n    namespace: ns\n    uid: uid-%s\n  data:\n    k: v\n",
		 name, name);
	yadd(sb, line);
	for (i = 0; i < size / 1000; i++) {
		snprintf(line, sizeof(line), "    k%zu: %01000d\n", i, 0);
		yadd(sb, line);
	}
}

/* A Pod controlled by a ReplicaSet of uid owner. */
static void ypod(struct sbuf *sb, const char *name, const char *owner)
{
	char item[1024];

	snprintf(item, sizeof(item),
		 "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: %s\n"
		 "    namespace: ns\n    uid: uid-%s\n    ownerReferences:\n"
		 "    - apiVersion: apps/v1\n      kind: ReplicaSet\n      "
		 "name: %s\n      uid: %s\n      controller: true\n  spec:\n"
		 "    containers:\n    - name: c\n      image: i\n      "
		 "securityContext:\n        privileged: true\n",
		 name, name, owner, owner);
	yadd(sb, item);
}

static void yrs(struct sbuf *sb, const char *name)
{
	char item[512];

	snprintf(item, sizeof(item),
		 "- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    "
		 "name: %s\n    namespace: ns\n    uid: %s\n  spec:\n    "
		 "template:\n      spec:\n        containers:\n        - name: "
		 "c\n          image: i\n",
		 name, name);
	yadd(sb, item);
}

/* kubectl writes the kind after the items; a typed List's here before. */
static void yhead(struct sbuf *sb, const char *kind)
{
	if (kind)
		ck_assert_int_eq(
		    sbuf_addf(sb, "apiVersion: v1\nkind: %s\nitems:\n", kind),
		    0);
	else
		ck_assert_int_eq(sbuf_adds(sb, "apiVersion: v1\nitems:\n"), 0);
}

static void ytail(struct sbuf *sb, bool kind)
{
	if (kind)
		ck_assert_int_eq(sbuf_adds(sb, "kind: List\n"), 0);
	ck_assert_int_eq(sbuf_adds(sb, "metadata:\n  resourceVersion: \"\"\n"),
			 0);
}

/* Generated Lists in several layouts, items at indentation 0 and 2. */
START_TEST(test_yaml_generated)
{
	static const char *const cmds[] = {
		"python3 tests/gen_bench.py 400 yaml kubectl 2>/dev/null",
		"python3 tests/gen_bench.py 400 yaml 2>/dev/null",
		/* multi-line plain scalars */
		"python3 tests/gen_cluster.py 1000 | python3 "
		"tests/yaml_layout.py plain",
		"python3 tests/gen_cluster.py 1000 | python3 "
		"tests/yaml_layout.py indent2",
		/* block scalars */
		"python3 tests/gen_cluster.py 1000 | python3 "
		"tests/yaml_layout.py block",
		/* quoted keys */
		"python3 tests/gen_cluster.py 1000 | python3 "
		"tests/yaml_layout.py quoted",
	};

	same_cmd(cmds[_i], TAKEN_SOME);
}
END_TEST

/*
 * Controllers on either side of the split, before and after their Pods,
 * a Pod whose controller is in no item though another names it (the
 * guess is wrong: the items before it are taken, the rest read again);
 * items at indentation 0 and 2.
 */
START_TEST(test_yaml_owners)
{
	struct sbuf sb = SBUF_INIT;
	enum expect want = TAKEN_SOME;

	yind = _i / 2 ? 2 : 0;
	yhead(&sb, NULL);
	yrs(&sb, "rs-before");
	ypod(&sb, "p-0", "rs-after");
	ypod(&sb, "p-1", "rs-missing");
	ycm(&sb, "pad", PAD);
	ycm(&sb, "cm-0", 10);
	ypod(&sb, "p-2", "rs-before");
	ypod(&sb, "p-3", "rs-after");
	if (_i % 2) {
		/* named before the split by p-1, never read */
		ypod(&sb, "p-4", "rs-missing");
		ycm(&sb, "cm-1", 10);
	}
	yrs(&sb, "rs-after");
	ypod(&sb, "p-5", "rs-after");
	ytail(&sb, true);
	same_sb("yaml owners", &sb, want);
	yind = 0;
}
END_TEST

/*
 * Where the split must not be used: S in a sequence of the root other
 * than the items, inside a multi-line quoted scalar, in a typed List
 * (its items are pruned by its kind); and a document before the List,
 * so the List is a later piece of the file.
 */
START_TEST(test_yaml_not_split)
{
	struct sbuf sb = SBUF_INIT;

	yhead(&sb, NULL);
	ycm(&sb, "cm-0", 10);
	ck_assert_int_eq(sbuf_adds(&sb, "other:\n"), 0);
	ycm(&sb, "pad", PAD);
	ycm(&sb, "cm-1", 10);
	ycm(&sb, "cm-2", 10);
	ytail(&sb, true);
	same_sb("yaml other sequence", &sb, TAKEN_NONE);

	yhead(&sb, NULL);
	ycm(&sb, "cm-0", 10);
	ycm(&sb, "pad", PAD);
	ck_assert_int_eq(
	    sbuf_adds(&sb, "- apiVersion: v1\n  kind: ConfigMap\n  metadata:"
			   "\n    name: quoted\n  data:\n    k: \"text\n- "
			   "apiVersion: v1\n  kind: ConfigMap\n\"\n"),
	    0);
	ycm(&sb, "cm-1", 10);
	ycm(&sb, "cm-2", 10);
	ytail(&sb, true);
	same_sb("yaml quoted", &sb, TAKEN_NONE);

	yhead(&sb, "PodList");
	ypod(&sb, "p-0", "rs");
	ycm(&sb, "pad", PAD);
	ypod(&sb, "p-1", "rs");
	yrs(&sb, "rs");
	ytail(&sb, false);
	same_sb("yaml typed list", &sb, TAKEN_NONE);

	/* a document before: the List starts lines and bytes later */
	ck_assert_int_eq(sbuf_adds(&sb, "apiVersion: v1\nkind: ConfigMap\n"
					"metadata:\n  name: first\n---\n"),
			 0);
	yhead(&sb, NULL);
	ycm(&sb, "cm-0", 10);
	ycm(&sb, "pad", PAD);
	ycm(&sb, "cm-1", 10);
	ycm(&sb, "cm-2", 10);
	ytail(&sb, true);
	ck_assert_int_eq(sbuf_adds(&sb, "---\napiVersion: v1\nkind: "
					"ConfigMap\nmetadata:\n  name: last\n"),
			 0);
	same_sb("yaml second document", &sb, TAKEN_SOME);
}
END_TEST

/*
 * Errors and what the scanner leaves to libyaml before, at and after
 * the split and in the last item: the items of the second thread before
 * them are taken or none is, and one reading says what it says.  An
 * anchor after S makes libyaml read the List again from its start, the
 * events of the items taken counted as handed out.
 */
START_TEST(test_yaml_errors)
{
	static const char *const bad[] = {
		/* a duplicate key */
		"- apiVersion: v1\n  kind: ConfigMap\n  kind: ConfigMap\n  "
		"metadata:\n    name: dup\n",
		/* bad indentation: a syntax error */
		"- apiVersion: v1\n  kind: ConfigMap\n   metadata: x\n",
		/* no object */
		"- 5\n",
		"- text\n",
		/* an anchor and its alias */
		"- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m\n    "
		"name: anchored\n  data:\n    k: v\n- apiVersion: v1\n  "
		"kind: Secret\n  metadata: *m\n",
		/* a tag */
		"- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: "
		"!!str tagged\n",
		/* a flow mapping */
		"- {apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}\n",
		/* a tab */
		"- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    "
		"name:\ttab\n",
		/* the document ends, another starts */
		"---\n- apiVersion: v1\n  kind: ConfigMap\n",
	};
	size_t b;
	int at;

	for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
		for (at = 0; at < 4; at++) {
			struct sbuf sb = SBUF_INIT;
			char name[64];

			yhead(&sb, NULL);
			ycm(&sb, "cm-0", 10);
			if (at == 0) /* before */
				yadd(&sb, bad[b]);
			ycm(&sb, "pad", PAD);
			if (at == 1) /* at */
				yadd(&sb, bad[b]);
			ycm(&sb, "cm-1", 10);
			/* longer: events miscounted would not line up */
			ycm(&sb, "cm-2", 3000);
			if (at == 2) /* after */
				yadd(&sb, bad[b]);
			ycm(&sb, "cm-3", 10);
			if (at == 3) /* last */
				yadd(&sb, bad[b]);
			ytail(&sb, true);
			snprintf(name, sizeof(name), "yaml error %zu at %d", b,
				 at);
			/* cm-1 is taken when what follows cm-2 is read */
			same_sb(name, &sb,
				at == 2 && b != 1 ? TAKEN_SOME : TAKEN_ANY);
		}
	}
}
END_TEST

/* Many items on both sides, read in many pieces, at indentation 0 and 2. */
START_TEST(test_yaml_long)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	yind = _i ? 2 : 0;
	yhead(&sb, NULL);
	for (i = 0; i < 6000; i++) {
		char name[16];

		snprintf(name, sizeof(name), "rs-%d", i);
		if (i % 3 == 0) {
			yrs(&sb, name);
		} else {
			snprintf(name, sizeof(name), "rs-%d", i - i % 3);
			ypod(&sb, name + 1, name);
		}
	}
	ytail(&sb, true);
	same_sb("yaml long", &sb, TAKEN_SOME);
	yind = 0;
}
END_TEST

Suite *suite_parload(void)
{
	Suite *s = suite_create("parload");
	TCase *tc = tcase_create("same");

	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_generated, 0, 5);
	tcase_add_test(tc, test_demo_list);
	tcase_add_loop_test(tc, test_few_items, 0, 3);
	tcase_add_loop_test(tc, test_owners, 0, 2);
	tcase_add_test(tc, test_not_split);
	tcase_add_loop_test(tc, test_uids, 0, 2);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_long);
	tcase_add_loop_test(tc, test_yaml_generated, 0, 6);
	tcase_add_loop_test(tc, test_yaml_owners, 0, 4);
	tcase_add_test(tc, test_yaml_not_split);
	tcase_add_test(tc, test_yaml_errors);
	tcase_add_loop_test(tc, test_yaml_long, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
