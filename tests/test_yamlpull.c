/*
 * A YAML file read in pieces (libyaml pulling the text as it goes) gives
 * what the same text parsed whole gives: the same objects, the same tree
 * with the same line and column on every node, the same errors.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/limits.h"
#include "load/load.h"
#include "load/loadb.h"
#include "load/yaml.h"
#include "node.h"
#include "sbuf.h"
#include "testutil.h"

/* Padding that makes a file longer than the loader's first read. */
#define PAD_TO (300 * 1024)

/*
 * text loaded from a file (read in pieces when it is longer than the
 * first read) and from a buffer (parsed whole) must give the same digest;
 * trailing comment lines make it long enough to be read in pieces.
 */
static void same_both_ways(const char *name, const char *text, size_t len)
{
	char path[] = "/tmp/threatmap-yamlpull-XXXXXX";
	struct sbuf sb = SBUF_INIT;
	struct diag_list e1 = { 0 }, e2 = { 0 };
	struct arena *a1 = arena_new(), *a2 = arena_new();
	struct inventory *i1 = inventory_new(a1), *i2 = inventory_new(a2);
	char *d1, *d2, *padded;
	size_t plen;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(sbuf_add(&sb, text, len), 0);
	if (len && text[len - 1] != '\n')
		ck_assert_int_eq(sbuf_adds(&sb, "\n"), 0);
	while (sb.len < PAD_TO)
		ck_assert_int_eq(
		    sbuf_adds(&sb, "# a comment line that makes the file long "
				   "enough to be read in pieces\n"),
		    0);
	padded = sbuf_detach(&sb, &plen);
	ck_assert_int_eq(write(fd, padded, plen), (ssize_t)plen);
	close(fd);
	load_file(a1, i1, path, NULL, &e1);
	load_buffer(a2, i2, path, padded, plen, NULL, &e2);
	unlink(path);
	d1 = tu_load_digest(i1, &e1);
	d2 = tu_load_digest(i2, &e2);
	if (strcmp(d1, d2)) {
		size_t i = 0;

		while (d1[i] && d1[i] == d2[i])
			i++;
		while (i && d1[i - 1] != '\n')
			i--;
		ck_abort_msg(
		    "%s: read in pieces:\n%.400s\nparsed whole:\n%.400s", name,
		    d1 + i, d2 + i);
	}
	free(d1);
	free(d2);
	free(padded);
	diag_list_release(&e1);
	diag_list_release(&e2);
	inventory_free(i1);
	inventory_free(i2);
	arena_free(a1);
	arena_free(a2);
}

/*
 * Under valgrind every eighth file is compared (tu_sample()): each is
 * padded to 300 KiB and parsed twice, which there would take most of an
 * hour.
 */
static bool compare_this_one(void)
{
	static size_t seen;

	return tu_sample(&seen);
}

/* Every YAML file under dir (compared: see above); returns how many. */
static size_t walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t files = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			files += walk(path);
		} else if (S_ISREG(st.st_mode) && tu_is_yaml_name(e->d_name)) {
			size_t len;
			char *text;

			files++;
			if (!compare_this_one())
				continue;
			text = tu_read_file(path, &len);
			same_both_ways(path, text, len);
			free(text);
		}
	}
	closedir(d);
	return files;
}

START_TEST(test_testdata_same)
{
	load_set_yaml_threads((unsigned)_i + 1);
	ck_assert_uint_ge(walk("testdata"), 300);
}
END_TEST

START_TEST(test_real_clusters_same)
{
	TU_NEED_SHARED(shared);
	char path[1024];

	snprintf(path, sizeof(path), "%s/k8s-real", shared);
	ck_assert_uint_ge(walk(path), 1);
}
END_TEST

/* Generated `kubectl get -o yaml` Lists, each several reads long. */
START_TEST(test_generated_lists_same)
{
	static const char *const cmds[] = {
		"python3 tests/gen_bench.py 300 yaml 2>/dev/null",
		"python3 tests/gen_bench.py 120 json 2>/dev/null | python3 "
		"tests/json2yaml.py",
		"python3 tests/gen_bench.py 60 yaml 2>/dev/null | sed "
		"'s/^kind: "
		"List$/kind: "
		"Bag/'",
		"python3 tests/gen_bench.py 60 yaml 2>/dev/null | sed '300s/$/ "
		"[/'",
	};
	size_t i;

	load_set_yaml_threads((unsigned)_i + 1);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *out = NULL;

		ck_assert_int_eq(tu_run(cmds[i], &out), 0);
		ck_assert_uint_gt(strlen(out), 64 * 1024);
		same_both_ways(cmds[i], out, strlen(out));
		free(out);
	}
}
END_TEST

/* Several documents, errors in some, bad characters and NUL bytes. */
START_TEST(test_streams_same)
{
	static const char *const docs[] = {
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata: [\n---\n",
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"
		"data:\n  k: dmFsdWU=\n---\n",
		"x: &a {y: 1}\nz: *a\n---\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"
		"data:\n  k: \"\x01\"\n---\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
		"\"\xc3\"\n",
		"- a\n- b\n...\n---\n",
	};
	size_t i, k;

	load_set_yaml_threads((unsigned)_i + 1);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		char *text;
		size_t len;

		/* the odd document after many good ones, in a later read */
		for (k = 0; k < 3000; k++)
			ck_assert_int_eq(
			    sbuf_addf(&sb,
				      "apiVersion: v1\nkind: ConfigMap\n"
				      "metadata:\n  name: cm-%zu\n---\n",
				      k),
			    0);
		ck_assert_int_eq(sbuf_adds(&sb, docs[i]), 0);
		ck_assert_int_eq(sbuf_adds(&sb, docs[0]), 0);
		text = sbuf_detach(&sb, &len);
		same_both_ways(docs[i], text, len);
		free(text);
	}
}
END_TEST

/* yml_parse_read() hands the text over in pieces of the size asked for. */
struct pieces {
	const char *text;
	size_t len, pos, step;
	size_t at_doc[4]; /* bytes read when each document completed */
	size_t docs;
};

static long read_step(void *ctx, char *buf, size_t size)
{
	struct pieces *p = ctx;
	size_t k = p->len - p->pos;

	if (k > p->step)
		k = p->step;
	if (k > size)
		k = size;
	memcpy(buf, p->text + p->pos, k);
	p->pos += k;
	return (long)k;
}

struct docs {
	struct pieces *p;
	struct sbuf sb;
};

static int on_doc(void *ctx, struct node *root)
{
	struct docs *d = ctx;

	if (d->p && d->p->docs < 4)
		d->p->at_doc[d->p->docs++] = d->p->pos;
	tu_dump_tree(&d->sb, root, 0);
	return 0;
}

static void on_error(void *ctx, const struct diag *e)
{
	struct docs *d = ctx;

	ck_assert_int_eq(
	    sbuf_addf(&d->sb, "error %u:%u %s\n", e->line, e->col, e->msg), 0);
}

static char *parse(const char *text, size_t len, struct pieces *p)
{
	struct arena *a = arena_new();
	struct docs d = { .p = p, .sb = SBUF_INIT };
	struct lb b;
	int rc;

	lb_init(&b, a, "t.yaml", &load_limits_default, false);
	b.on_doc = on_doc;
	b.on_error = on_error;
	b.ctx = &d;
	rc = p ? yml_parse_read(&b, read_step, p)
	       : yml_parse(&b, text, len, false);
	ck_assert_int_eq(sbuf_addf(&d.sb, "rc %d\n", rc), 0);
	lb_release(&b);
	arena_free(a);
	return sbuf_detach(&d.sb, NULL);
}

START_TEST(test_parse_read_pulls)
{
	static const char *const texts[] = {
		"a: 1\n---\nb: [1, 2]\n---\nc: {d: e}\n",
		"a: &x [1, 2]\nb: *x\nc: |\n  text\n  more\n---\nd: 'e\n  f'\n",
		"a: 1\n---\nb: [1,\n---\nc: 2\n",
		"- 1\n- 2\n...\n---\nk: v\n",
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t len = strlen(texts[i]);
		struct pieces p = { texts[i], len, 0, 3, { 0 }, 0 };
		char *whole = parse(texts[i], len, NULL);
		char *pulled = parse(texts[i], len, &p);

		ck_assert_str_eq(pulled, whole);
		/* the first document was complete before the text was read */
		ck_assert_uint_ge(p.docs, 1);
		ck_assert_uint_lt(p.at_doc[0], len);
		free(whole);
		free(pulled);
	}
}
END_TEST

/*
 * A YAML List is not held whole: a scan of 12 MB of it peaks no higher
 * than a scan of its JSON (read in pieces, 2.5 times the bytes) by much
 * less than its size (by 9 MB when it was held).  The program runs in a process of its own, so its
 * peak is its own; a sanitizer's quarantine of freed memory, which the
 * many small allocations of libyaml would fill, is turned off there.
 */
static void run_scan(const char *path)
{
	int null = open("/dev/null", O_WRONLY);

	if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		_exit(127);
	setenv("ASAN_OPTIONS", "quarantine_size_mb=0:detect_leaks=0", 1);
	/* one check and no report: the peak is the load's */
	execl(tu_bin(), tu_bin(), "scan", "-f", path, "--checks",
	      "privileged-container", "-q", "--format", "text", "-o",
	      "/dev/null", (char *)NULL);
	_exit(127);
}

/* Peak resident set (KiB) of a scan of path, -1 if it failed. */
static long peak_kb(const char *path)
{
	int fds[2];
	long kb = -1;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* the scan is this process's only child: its peak is theirs */
		struct rusage ru;
		int status;
		pid_t scan = fork();

		if (scan == 0)
			run_scan(path);
		if (scan < 0 || waitpid(scan, &status, 0) != scan ||
		    !WIFEXITED(status) || WEXITSTATUS(status) > 1 ||
		    getrusage(RUSAGE_CHILDREN, &ru))
			kb = -1;
		else
			kb = ru.ru_maxrss;
		_exit(write(fds[1], &kb, sizeof(kb)) == sizeof(kb) ? 0 : 1);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &kb, sizeof(kb)), sizeof(kb));
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return kb;
}

START_TEST(test_list_not_held)
{
	char y[64], j[64], cmd[256];
	struct stat st;
	long ky, kj;

	snprintf(y, sizeof(y), "/tmp/threatmap-yamlpull-%ld.yaml",
		 (long)getpid());
	snprintf(j, sizeof(j), "/tmp/threatmap-yamlpull-%ld.json",
		 (long)getpid());
	snprintf(cmd, sizeof(cmd),
		 "python3 tests/gen_bench.py 3000 yaml 2>/dev/null > %s", y);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	snprintf(cmd, sizeof(cmd),
		 "python3 tests/gen_bench.py 3000 json 2>/dev/null > %s", j);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	ck_assert_int_eq(stat(y, &st), 0);
	ck_assert_int_gt(st.st_size, 10 << 20);
	ky = peak_kb(y);
	kj = peak_kb(j);
	unlink(y);
	unlink(j);
	ck_assert_int_gt(ky, 0);
	ck_assert_int_gt(kj, 0);
	/* held whole, the text alone would add up to st_size */
	ck_assert_int_lt(ky, kj + (long)(st.st_size / 1024) / 4);
}
END_TEST

/* Back to one thread after each test. */
static void one_thread(void)
{
	load_set_yaml_threads(1);
}

Suite *suite_yamlpull(void)
{
	Suite *s = suite_create("yamlpull");
	TCase *tc = tcase_create("same");

	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, NULL, one_thread);
	tcase_add_loop_test(tc, test_testdata_same, 0, 2);
	tcase_add_test(tc, test_real_clusters_same);
	tcase_add_loop_test(tc, test_generated_lists_same, 0, 2);
	tcase_add_loop_test(tc, test_streams_same, 0, 2);
	tcase_add_test(tc, test_parse_read_pulls);
	tcase_add_test(tc, test_list_not_held);
	suite_add_tcase(s, tc);
	return s;
}
