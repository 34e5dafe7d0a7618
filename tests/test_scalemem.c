/*
 * Streaming input and its bounds: a file read in pieces is capped by the
 * stream limit, not by the limit on text held whole; a YAML document,
 * which is parsed whole, is capped by the latter.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/wait.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "kube/snapshot.h"
#include "load/load.h"
#include "load/prune.h"
#include "node.h"
#include "safefile.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

/* A temporary file holding text; path gets its name. */
static void write_temp(char *path, size_t n, const char *text, size_t len)
{
	FILE *f;

	snprintf(path, n, "/tmp/threatmap-scalemem-%ld-XXXXXX", (long)getpid());
	ck_assert_int_ge(mkstemp(path), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* count ConfigMaps, each a YAML document or a List item. */
static char *configmaps(size_t count, bool yaml, size_t *len)
{
	size_t cap = count * 160 + 64, n = 0, i;
	char *s = malloc(cap);

	ck_assert_ptr_nonnull(s);
	if (!yaml)
		n += (size_t)snprintf(s + n, cap - n,
				      "{\"apiVersion\":\"v1\",\"items\":[");
	for (i = 0; i < count; i++) {
		if (yaml)
			n += (size_t)snprintf(
			    s + n, cap - n,
			    "---\napiVersion: v1\nkind: ConfigMap\n"
			    "metadata:\n  name: cm-%zu\n  namespace: a\n",
			    i);
		else
			n += (size_t)snprintf(
			    s + n, cap - n,
			    "%s{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
			    "\"metadata\":{\"name\":\"cm-%zu\",\"namespace\":"
			    "\"a\"}}",
			    i ? "," : "", i);
	}
	if (!yaml)
		n += (size_t)snprintf(s + n, cap - n, "],\"kind\":\"List\"}");
	*len = n;
	return s;
}

static int load_with(const char *text, size_t len, struct diag_list *errs)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	char path[128];
	int added;

	write_temp(path, sizeof(path), text, len);
	added = load_file(a, inv, path, NULL, errs);
	unlink(path);
	inventory_free(inv);
	arena_free(a);
	return added;
}

/* Files larger than the cap on text held whole still load as streams. */
START_TEST(test_stream_cap_not_held_cap)
{
	static const bool yaml[] = { false, true };
	struct diag_list errs = { 0 };
	size_t len;
	char *text = configmaps(2000, yaml[_i], &len);

	ck_assert_uint_gt(len, 64 * 1024);
	input_limit_set(4096);
	stream_limit_set(len + 1);
	ck_assert_int_eq(load_with(text, len, &errs), 2000);
	ck_assert_uint_eq(errs.n, 0);
	/* and the stream cap still stops a file larger than it */
	stream_limit_set(len / 2);
	load_with(text, len, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.v[0].code, DIAG_LIMIT);
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "larger than the limit"));
	input_limit_reset();
	diag_list_release(&errs);
	free(text);
}
END_TEST

/* text (len bytes) loaded from a pipe a child process writes into. */
static int load_piped(const char *text, size_t len, struct diag_list *errs)
{
	struct arena *a;
	struct inventory *inv;
	char path[32];
	int fds[2], added, status;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork(); /* before the parent's allocations: none to inherit */
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		size_t off = 0;
		ssize_t w;

		close(fds[0]);
		while (off < len &&
		       (w = write(fds[1], text + off, len - off)) > 0)
			off += (size_t)w;
		_exit(off == len ? 0 : 1);
	}
	close(fds[1]);
	a = arena_new();
	inv = inventory_new(a);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	added = load_file(a, inv, path, NULL, errs);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	inventory_free(inv);
	arena_free(a);
	return added;
}

/*
 * A YAML document from a regular file is parsed as it is read, and only
 * a line is held whole; from a pipe it is held up to the cap on text held
 * whole, then parsed as the rest comes.
 */
START_TEST(test_yaml_document_capped_as_held)
{
	struct diag_list errs = { 0 };
	size_t len, n = 0, cap = 600000, i;
	char *text = malloc(cap);

	ck_assert_ptr_nonnull(text);
	n += (size_t)snprintf(text, cap,
			      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
			      "  name: small\n---\napiVersion: v1\nkind: "
			      "ConfigMap\nmetadata:\n  name: big\ndata:\n");
	for (i = 0; n + 40 < cap - 100; i++)
		n += (size_t)snprintf(text + n, cap - n, "  k%zu: value\n", i);
	len = n;
	input_limit_set(256 * 1024);
	stream_limit_set((size_t)1 << 30);
	/* the file, and the pipe (the big one read as it comes): both */
	ck_assert_int_eq(load_with(text, len, &errs), 2);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_int_eq(load_piped(text, len, &errs), 2);
	ck_assert_uint_eq(errs.n, 0);
	/*
	 * a file with a line longer than the cap (by more than the 256 KiB
	 * the loader reads at a time): held, so refused
	 */
	free(text);
	cap = 1 << 20;
	text = malloc(cap);
	ck_assert_ptr_nonnull(text);
	n = (size_t)snprintf(text, cap,
			     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
			     "  name: small\n---\napiVersion: v1\nkind: "
			     "ConfigMap\nmetadata:\n  name: big\n  "
			     "annotations:\n    a: ");
	memset(text + n, 'x', 600 * 1024);
	n += 600 * 1024;
	n += (size_t)snprintf(text + n, cap - n, "\n");
	ck_assert_int_eq(load_with(text, n, &errs), 1);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.v[0].code, DIAG_LIMIT);
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "YAML document"));
	input_limit_reset();
	ck_assert_uint_eq(input_limit(), SAFEFILE_DEFAULT_MAX_INPUT);
	ck_assert_uint_eq(stream_limit(), SAFEFILE_DEFAULT_MAX_STREAM);
	diag_list_release(&errs);
	free(text);
}
END_TEST

/* A YAML List of count ConfigMaps, then tail (a document, or ""). */
static char *yaml_list(size_t count, const char *mid, size_t at,
		       const char *tail, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	ck_assert_int_eq(sbuf_adds(&sb, "apiVersion: v1\nkind: List\nitems:\n"),
			 0);
	for (i = 0; i < count; i++) {
		ck_assert_int_eq(
		    sbuf_addf(&sb,
			      "- apiVersion: v1\n  kind: ConfigMap\n  "
			      "metadata:\n    name: cm-%zu\n    namespace: "
			      "a\n  data:\n    k: value %zu\n",
			      i, i),
		    0);
		if (i == at && mid)
			ck_assert_int_eq(sbuf_adds(&sb, mid), 0);
	}
	ck_assert_int_eq(sbuf_adds(&sb, tail), 0);
	return sbuf_detach(&sb, len);
}

/*
 * A YAML document from a pipe is held up to the pipe hold, not the cap on
 * text held whole: past it the rest is parsed as it comes, so what only
 * libyaml reads is an error there, while the same text within the hold,
 * or within --max-input-size when given (the hold is then that cap), is
 * read.
 */
START_TEST(test_yaml_pipe_hold)
{
	struct diag_list errs = { 0 };
	size_t len;
	char *text = yaml_list(
	    3000,
	    "- &x {apiVersion: v1, kind: Namespace, metadata: {name: ns1}}\n",
	    2500, "", &len);

	ck_assert_uint_gt(len, 4 * 64 * 1024);
	ck_assert_uint_lt(len, LOAD_PIPE_HOLD);
	ck_assert(!input_limit_given());
	/* the default hold: all of it held, libyaml reads the anchor */
	ck_assert_int_eq(load_piped(text, len, &errs), 3001);
	ck_assert_uint_eq(errs.n, 0);
	/* a 64 KiB hold under the default 256 MiB cap: read as it comes */
	load_set_pipe_hold(64 * 1024);
	ck_assert_int_eq(load_piped(text, len, &errs), 0);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.v[0].code, DIAG_LIMIT);
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "longer than 65536 bytes"));
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "--max-input-size"));
	diag_list_release(&errs);
	memset(&errs, 0, sizeof(errs));
	/* --max-input-size given: the document is held up to it, below
	 * the hold or above */
	input_limit_set(32 * 1024);
	stream_limit_set((size_t)1 << 30);
	ck_assert(input_limit_given());
	ck_assert_int_eq(load_piped(text, len, &errs), 0);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "longer than 32768 bytes"));
	diag_list_release(&errs);
	memset(&errs, 0, sizeof(errs));
	input_limit_set(1 << 20);
	ck_assert_int_eq(load_piped(text, len, &errs), 3001);
	ck_assert_uint_eq(errs.n, 0);
	load_set_pipe_hold(0);
	input_limit_reset();
	ck_assert(!input_limit_given());
	diag_list_release(&errs);
	free(text);
}
END_TEST

/*
 * A YAML List from a pipe past the cap on text held whole: read as it
 * comes, the documents after it held again; what the scanner leaves to
 * libyaml, which reads a document from its start, and a bad byte past
 * the cap are errors at their place.
 */
START_TEST(test_yaml_pipe_past_cap)
{
	struct diag_list errs = { 0 };
	size_t len;
	char *text;

	input_limit_set(64 * 1024);
	stream_limit_set((size_t)1 << 30);
	/* 3000 items (about 330 KB), then a document needing libyaml */
	text = yaml_list(3000, NULL, 0,
			 "---\napiVersion: v1\nkind: ConfigMap\nmetadata: "
			 "&m {name: after, namespace: a}\ndata: {k: *m}\n"
			 "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
			 "  name: 5\n",
			 &len);
	ck_assert_uint_gt(len, 4 * 64 * 1024);
	/* the second document's error where it is: lines counted through */
	ck_assert_int_eq(load_piped(text, len, &errs), 3001);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_uint_eq(errs.v[0].line, 3 + 7 * 3000 + 10);
	ck_assert_uint_eq(errs.v[0].col, 9);
	ck_assert_int_eq(load_with(text, len, &errs), 3001);
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_uint_eq(errs.v[1].line, errs.v[0].line);
	ck_assert_uint_eq(errs.v[1].col, errs.v[0].col);
	diag_list_release(&errs);
	memset(&errs, 0, sizeof(errs));
	free(text);
	/* an anchor in item 2500, past the cap: the List is lost, said so */
	text = yaml_list(
	    3000,
	    "- &x {apiVersion: v1, kind: Namespace, metadata: {name: ns1}}\n",
	    2500, "", &len);
	ck_assert_int_eq(load_piped(text, len, &errs), 0);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.v[0].code, DIAG_LIMIT);
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "read it from a file"));
	ck_assert_uint_eq(errs.v[0].line, 1);
	diag_list_release(&errs);
	memset(&errs, 0, sizeof(errs));
	/* the same from a file: libyaml reads it again, all of it */
	ck_assert_int_eq(load_with(text, len, &errs), 3001);
	ck_assert_uint_eq(errs.n, 0);
	free(text);
	/* a byte that is not UTF-8 in item 2800 (line 3 + 7 * 2801 + 1) */
	text = yaml_list(3000, "- x\xff\n", 2800, "", &len);
	ck_assert_int_eq(load_piped(text, len, &errs), 0);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.v[0].code, DIAG_ENCODING);
	ck_assert_ptr_nonnull(strstr(errs.v[0].msg, "invalid UTF-8"));
	ck_assert_uint_eq(errs.v[0].line, 3 + 7 * 2801 + 1);
	ck_assert_uint_eq(errs.v[0].col, 4);
	diag_list_release(&errs);
	memset(&errs, 0, sizeof(errs));
	free(text);
	/* ... and in item 100, among what was held before the cap */
	text = yaml_list(3000, "- x\xff\n", 100, "", &len);
	ck_assert_int_eq(load_piped(text, len, &errs), 0);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.v[0].code, DIAG_ENCODING);
	ck_assert_uint_eq(errs.v[0].line, 3 + 7 * 101 + 1);
	ck_assert_uint_eq(errs.v[0].col, 4);
	diag_list_release(&errs);
	input_limit_reset();
	free(text);
}
END_TEST

/*
 * Pruning by declaration (checks/fields.def) must change no finding: every
 * fixture is scanned with the declaration and without it, and what the
 * checks report -- each finding with its evidence, locations, hops and
 * fingerprint, each check's status -- must be the same byte for byte.  A
 * check that reads a member the declaration leaves out fails here on the
 * fixture that shows it.
 */
static void add(struct sbuf *sb, const char *pre, const char *s,
		const char *post)
{
	ck_assert_int_eq(sbuf_adds(sb, pre), 0);
	ck_assert_int_eq(sbuf_adds(sb, s ? s : "(null)"), 0);
	ck_assert_int_eq(sbuf_adds(sb, post), 0);
}

static void add_u(struct sbuf *sb, unsigned long v)
{
	ck_assert_int_eq(sbuf_addf(sb, " %lu", v), 0);
}

/* What the checks of table said about scan s, added to sb. */
static void run_digest(struct scan *s, const struct check *const *table,
		       struct sbuf *sb)
{
	struct check_result *res = NULL;
	struct findings out;
	size_t n = 0, i, k;

	findings_init(&out, s->arena);
	ck_assert_int_eq(scan_run(s, table, NULL, NULL, &out, &res, &n), 0);
	for (i = 0; i < n; i++) {
		add(sb, "check ", res[i].check->id, "");
		add(sb, " ", check_status_name(res[i].status), "");
		add_u(sb, res[i].findings);
		add_u(sb, res[i].partial);
		add(sb, " ", res[i].why, "\n");
	}
	for (i = 0; i < out.n; i++) {
		const struct finding *f = out.v[i];

		add(sb, "finding ", f->check->id, "");
		add(sb, " ", finding_fp(f), "");
		add(sb, " ", f->obj ? f->obj->kind : NULL, "");
		add(sb, "/", f->obj ? f->obj->name : NULL, "");
		add(sb, " [", f->container, "]");
		add(sb, " ", severity_name(f->severity), "");
		add(sb, " ", f->message, "\n");
		for (k = 0; k < f->nev; k++) {
			add(sb, "  ev ", f->ev[k].path, "");
			add(sb, " = ", f->ev[k].value, "");
			add_u(sb, f->ev[k].line);
			add_u(sb, f->ev[k].col);
			add(sb, "", "", "\n");
		}
		for (k = 0; k < f->nhops; k++) {
			add(sb, "  hop ", f->hops[k].label, "");
			add(sb, " ", f->hops[k].path, "");
			add(sb, " = ", f->hops[k].value, "");
			add_u(sb, f->hops[k].line);
			add_u(sb, f->hops[k].col);
			add(sb, "", "", "\n");
		}
	}
	free(res);
	findings_release(&out);
}

/*
 * A scan of path (or of the snapshot there) loaded with the declaration
 * reads (NULL: none), its input finished.
 */
static struct scan *scan_load(const char *path, bool snapshot,
			      const struct prune_read *reads)
{
	struct scan *s = scan_new();

	prune_set_reads(reads);
	if (snapshot) {
		struct snapshot_info m;
		struct diag d;

		ck_assert_int_eq(
		    snapshot_read(s->arena, s->inv, path, &m, &s->errors, &d),
		    0);
	} else {
		load_path(s->arena, s->inv, path, true, NULL, &s->errors);
	}
	prune_set_reads(NULL);
	scan_finish_input(s);
	return s;
}

/*
 * Everything the checks (the default catalogue and the profiles) said
 * about the scan of path (or a snapshot), loaded with the declaration
 * reads (NULL: none).
 */
static char *scan_digest(const char *path, bool snapshot,
			 const struct prune_read *reads, size_t *objects)
{
	struct sbuf sb = SBUF_INIT;
	struct scan *s = scan_load(path, snapshot, reads);
	size_t i;

	*objects = inventory_size(s->inv);
	for (i = 0; i < s->errors.n; i++)
		add(&sb, "error ", s->errors.v[i].msg, "\n");
	run_digest(s, check_registry, &sb);
	run_digest(s, profile_checks, &sb);
	scan_free(s);
	return sbuf_detach(&sb, NULL);
}

/* Same findings with and without the declaration; *objects loaded. */
static void same_findings(const char *path, bool snapshot, size_t *objects)
{
	size_t n1, n2;
	char *with = scan_digest(path, snapshot, check_reads, &n1);
	char *without = scan_digest(path, snapshot, NULL, &n2);

	ck_assert_uint_eq(n1, n2);
	if (strcmp(with, without)) {
		size_t i = 0;

		while (with[i] && with[i] == without[i])
			i++;
		while (i && with[i - 1] != '\n')
			i--;
		ck_abort_msg("%s: findings differ with pruning by declaration; "
			     "with:\n%.600s\nwithout:\n%.600s",
			     path, with + i, without + i);
	}
	*objects += n1;
	free(with);
	free(without);
}

START_TEST(test_declared_pruning_changes_no_finding)
{
	static const char *const dirs[] = {
		"testdata/demo",	 "testdata/rbac",
		"testdata/network",	 "testdata/paths",
		"testdata/pss-userns",	 "testdata/verdicts",
		"testdata/controlplane", "testdata/registries",
		"testdata/score",	 "testdata/loader",
		"testdata/controllers",
	};
	size_t objects = 0, fixtures = 0, i;
	struct dirent *e;
	DIR *d = opendir("testdata/checks");
	char path[512];

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "testdata/checks/%s", e->d_name);
		same_findings(path, false, &objects);
		fixtures++;
	}
	closedir(d);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		same_findings(dirs[i], false, &objects);
	same_findings("testdata/snapshots/demo", true, &objects);
	same_findings("testdata/live/cluster-info-dump", true, &objects);
	ck_assert_uint_ge(fixtures, 100);
	ck_assert_uint_ge(objects, 1000);
}
END_TEST

/* The real clusters of ../shared, where they are. */
START_TEST(test_declared_pruning_real_clusters)
{
	TU_NEED_SHARED(shared);
	char path[1024];
	size_t objects = 0;

	snprintf(path, sizeof(path), "%s/k8s-real", shared);
	same_findings(path, false, &objects);
	ck_assert_uint_ge(objects, 10);
}
END_TEST

/* A pod whose startup probe connects to another host. */
static const char tcp_probe[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
    "spec:\n  containers:\n  - name: c\n    image: x\n    startupProbe:\n"
    "      tcpSocket: {host: 10.0.0.9, port: 22}\n";

/* Pods mounting a kubeconfig from a Secret and from a ConfigMap. */
static const char kubeconfig_secret[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
    "spec:\n  containers:\n  - name: c\n    image: x\n    volumeMounts:\n"
    "    - {name: data, mountPath: /etc/data}\n  volumes:\n  - name: data\n"
    "    secret: {secretName: admin-kubeconfig}\n";
static const char kubeconfig_configmap[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
    "spec:\n  containers:\n  - name: c\n    image: x\n    volumeMounts:\n"
    "    - {name: data, mountPath: /etc/data}\n  volumes:\n  - name: data\n"
    "    configMap: {name: admin-kubeconfig}\n";

/* A Deployment, its ReplicaSet and its Pod, each owned by the one before. */
static const char owned[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: "
    "a, uid: d1}\nspec:\n  template:\n    spec:\n      containers:\n"
    "      - {name: c, image: x, securityContext: {privileged: true}}\n"
    "---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, "
    "namespace: a, uid: r1, ownerReferences: [{apiVersion: apps/v1, kind: "
    "Deployment, name: d, uid: d1, controller: true}]}\nspec:\n  "
    "template:\n    spec:\n      containers:\n      - {name: c, image: "
    "x, securityContext: {privileged: true}}\n---\napiVersion: v1\nkind: "
    "Pod\nmetadata: {name: p, namespace: a, uid: p1, ownerReferences: "
    "[{apiVersion: apps/v1, kind: ReplicaSet, name: r, uid: r1, "
    "controller: true}]}\nspec:\n  containers:\n  - {name: c, image: x, "
    "securityContext: {privileged: true}}\n";

/*
 * Each place is proven by the comparison above: a declaration without one
 * of its members changes the findings of the fixture that reads it (or of
 * the text given).  (A place the declaration names nothing at is kept
 * whole, so the only member of a place cannot be shown this way.)
 */
START_TEST(test_declaration_member_needed)
{
	/*
	 * instead: another member of the place to declare in its stead, for
	 * a place the declaration names one member at (without any, a place
	 * is kept whole)
	 */
	static const struct {
		enum prune_place place;
		const char *member, *fixture, *instead;
	} cases[] = {
		{ PRUNE_PROBE, "httpGet", "testdata/checks/pss-host-probes",
		  NULL },
		{ PRUNE_PROBE, "tcpSocket", tcp_probe, NULL },
		{ PRUNE_METADATA, "labels", "testdata/checks/psa-not-enforced",
		  NULL },
		{ PRUNE_METADATA, "annotations",
		  "testdata/checks/ingress-snippet-annotation", NULL },
		{ PRUNE_METADATA, "ownerReferences", "testdata/demo", NULL },
		{ PRUNE_CONTAINER, "livenessProbe",
		  "testdata/checks/pss-host-probes", NULL },
		{ PRUNE_PODSPEC, "hostPID", "testdata/demo", NULL },
		{ PRUNE_VOLUME_SOURCE, "path",
		  "testdata/checks/hostpath-volume", NULL },
		{ PRUNE_VOLUME_SOURCE, "sources",
		  "testdata/checks/sa-token-automount", NULL },
		{ PRUNE_VOLUME_SOURCE, "secretName", kubeconfig_secret, NULL },
		{ PRUNE_VOLUME_SOURCE, "name", kubeconfig_configmap, NULL },
		{ PRUNE_OWNER_REF, "controller", owned, NULL },
		{ PRUNE_OWNED_META, "ownerReferences", owned, NULL },
		{ PRUNE_OWNER_REF, "kind", "testdata/checks/static-pod", NULL },
		/* a Revision owns a Deployment by the group it names */
		{ PRUNE_OWNER_REF, "apiVersion", "testdata/controllers", NULL },
		{ PRUNE_WORKLOAD_SPEC, "template", "testdata/demo",
		  "replicas" },
		{ PRUNE_SPEC, "selector", "testdata/checks/exposed-workload",
		  NULL },
		{ PRUNE_SPEC, "type", "testdata/checks/external-service",
		  NULL },
	};
	struct prune_read less[128];
	size_t n = 0, k = 0, objects, i;
	const char *path = cases[_i].fixture;
	char *all, *part, tmp[128];

	while (check_reads[n].member)
		n++;
	ck_assert_uint_lt(n, 128);
	for (i = 0; i <= n; i++)
		if (!check_reads[i].member ||
		    check_reads[i].place != cases[_i].place ||
		    strcmp(check_reads[i].member, cases[_i].member))
			less[k++] = check_reads[i];
		else if (cases[_i].instead)
			less[k++] = (struct prune_read){ cases[_i].place, NULL,
							 cases[_i].instead };
	/* the member was declared, once */
	ck_assert_uint_eq(k, n + !!cases[_i].instead);
	if (!strncmp(path, "apiVersion", 10)) {
		write_temp(tmp, sizeof(tmp), path, strlen(path));
		path = tmp;
	}
	all = scan_digest(path, false, NULL, &objects);
	part = scan_digest(path, false, less, &objects);
	if (path == tmp)
		unlink(tmp);
	ck_assert_msg(strcmp(all, part), "%s: no finding needs %s",
		      cases[_i].fixture, cases[_i].member);
	free(all);
	free(part);
}
END_TEST

/*
 * text loaded under the whole declaration into a new inventory (*a its
 * arena), which must add objects objects and report no error.
 */
static struct inventory *load_declared(struct arena **a, const char *text,
				       int objects)
{
	struct inventory *inv;
	struct diag_list errs = { 0 };

	*a = arena_new();
	inv = inventory_new(*a);
	prune_set_reads(check_reads);
	ck_assert_int_eq(
	    load_buffer(*a, inv, "t.yaml", text, strlen(text), NULL, &errs),
	    objects);
	prune_set_reads(NULL);
	ck_assert_uint_eq(errs.n, 0);
	return inv;
}

/* The declaration does drop what no check reads. */
START_TEST(test_declared_pruning_drops)
{
	static const char text[] =
	    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, "
	    "namespace: a, resourceVersion: '7', generation: 2, "
	    "ownerReferences: [{apiVersion: v1, kind: X, name: x, uid: u, "
	    "controller: true, blockOwnerDeletion: true}]}\nspec:\n  "
	    "replicas: 3\n  strategy: {type: RollingUpdate}\n  "
	    "template:\n    spec:\n      "
	    "tolerations: [{operator: Exists}]\n      hostNetwork: true\n"
	    "      volumes:\n      - name: v\n        projected:\n          "
	    "defaultMode: 420\n          sources:\n          - configMap: "
	    "{name: m, items: [{key: k, path: p}]}\n"
	    "      containers:\n      - name: c\n        image: x\n        "
	    "terminationMessagePath: /t\n        livenessProbe: {httpGet: "
	    "{path: /h, port: 80, host: h}, periodSeconds: 5, exec: "
	    "{command: [x]}}\nstatus: {replicas: 1}\n---\n"
	    "apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: "
	    "e, namespace: a}\nspec:\n  replicas: 1\n  template:\n    "
	    "spec:\n      tolerations: []\n";
	struct arena *a;
	struct inventory *inv = load_declared(&a, text, 2);
	const struct node *ps, *c;

	/* of the spec, its template and how many pods it runs */
	ck_assert_uint_eq(
	    node_member_count(node_get(inventory_object(inv, 0)->root, "spec")),
	    2);
	ck_assert_ptr_null(
	    node_path(inventory_object(inv, 0)->root, "spec.strategy"));
	ck_assert_ptr_nonnull(
	    node_path(inventory_object(inv, 0)->root, "spec.replicas"));
	ps = node_path(inventory_object(inv, 0)->root, "spec.template.spec");
	ck_assert_ptr_null(node_get(ps, "tolerations"));
	ck_assert(node_is_true(node_get(ps, "hostNetwork")));
	c = node_at(node_get(ps, "containers"), 0);
	ck_assert_str_eq(node_get_str(c, "image"), "x");
	ck_assert_ptr_null(node_get(c, "terminationMessagePath"));
	/* of a probe, the host of its httpGet or tcpSocket */
	ck_assert_str_eq(
	    node_get_str(node_path(c, "livenessProbe.httpGet"), "host"), "h");
	ck_assert_uint_eq(
	    node_member_count(node_path(c, "livenessProbe.httpGet")), 1);
	ck_assert_uint_eq(node_member_count(node_get(c, "livenessProbe")), 1);
	ck_assert_ptr_null(node_get(inventory_object(inv, 0)->root, "status"));
	/* of a volume's source, what names or locates what it mounts */
	c = node_at(node_get(ps, "volumes"), 0);
	ck_assert_uint_eq(node_member_count(c), 2);
	ck_assert_uint_eq(node_member_count(node_get(c, "projected")), 1);
	c = node_at(node_path(c, "projected.sources"), 0);
	ck_assert_str_eq(node_get_str(node_get(c, "configMap"), "name"), "m");
	ck_assert_uint_eq(node_member_count(node_get(c, "configMap")), 1);
	/* of metadata, what the inventory and the checks read */
	ck_assert_uint_eq(node_member_count(node_get(
			      inventory_object(inv, 0)->root, "metadata")),
			  3);
	ck_assert_uint_eq(
	    node_member_count(node_at(node_path(inventory_object(inv, 0)->root,
						"metadata.ownerReferences"),
				      0)),
	    5); /* not blockOwnerDeletion */
	/* a custom resource of the same kind keeps all it says */
	ps = node_path(inventory_object(inv, 1)->root, "spec.template.spec");
	ck_assert_ptr_nonnull(node_get(ps, "tolerations"));
	ck_assert_ptr_nonnull(
	    node_path(inventory_object(inv, 1)->root, "spec.replicas"));
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/*
 * Of a Service's spec, what exposure reads; a Service of another group (a
 * Knative Service, with a pod template) keeps all of its spec.
 */
START_TEST(test_declared_pruning_service_spec)
{
	static const char text[] =
	    "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: "
	    "a}\nspec:\n  type: NodePort\n  selector: {app: w}\n  ports: "
	    "[{port: 80}]\n  sessionAffinity: None\n  ipFamilies: [IPv4]\n"
	    "  ipFamilyPolicy: SingleStack\n---\n"
	    "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: "
	    "{name: k, namespace: a}\nspec:\n  template:\n    spec:\n      "
	    "containers: [{image: x}]\n";
	struct arena *a;
	struct inventory *inv = load_declared(&a, text, 2);
	const struct node *spec;

	spec = node_get(inventory_object(inv, 0)->root, "spec");
	ck_assert_uint_eq(node_member_count(spec), 3);
	ck_assert_str_eq(node_get_str(spec, "type"), "NodePort");
	ck_assert_str_eq(node_get_str(node_get(spec, "selector"), "app"), "w");
	ck_assert_uint_eq(node_count(node_get(spec, "ports")), 1);
	ck_assert_ptr_null(node_get(spec, "sessionAffinity"));
	spec = node_get(inventory_object(inv, 1)->root, "spec");
	ck_assert_ptr_nonnull(node_path(spec, "template.spec.containers"));
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/*
 * A metadata member declared for some kinds only (generation, for the
 * Gateway API's kinds) is kept for those and dropped for the others; a
 * List item whose kind comes after its metadata keeps it, its kind not
 * known when the member is read.
 */
START_TEST(test_declared_metadata_by_kind)
{
	static const char text[] =
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
	    "metadata: {name: g, namespace: a, generation: 4, "
	    "resourceVersion: '7'}\nspec: {gatewayClassName: x}\n---\n"
	    "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
	    "metadata: {name: r, namespace: a, generation: 2}\n---\n"
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: d, namespace: a, generation: 5}\n---\n"
	    "apiVersion: v1\nkind: List\nitems:\n"
	    "- metadata: {name: late, namespace: a, generation: 6}\n"
	    "  apiVersion: apps/v1\n  kind: Deployment\n";
	static const long long want[] = { 4, 2, 0, 6 };
	struct arena *a;
	struct inventory *inv = load_declared(&a, text, 4);
	size_t i;

	for (i = 0; i < 4; i++) {
		const struct node *m =
		    node_get(inventory_object(inv, i)->root, "metadata");
		long long g = 0;
		ck_assert_msg(node_int(node_get(m, "generation"), &g) ==
				  (want[i] != 0),
			      "object %zu: generation kept or not", i);
		ck_assert_int_eq(g, want[i]);
		ck_assert_ptr_null(node_get(m, "resourceVersion"));
	}
	prune_set_reads(check_reads);
	ck_assert(prune_keeps(PRUNE_METADATA, "Gateway", "generation", 10));
	ck_assert(!prune_keeps(PRUNE_METADATA, "Pod", "generation", 10));
	ck_assert(prune_keeps(PRUNE_METADATA, NULL, "generation", 10));
	ck_assert(!prune_keeps(PRUNE_METADATA, NULL, "resourceVersion", 15));
	prune_set_reads(NULL);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/*
 * In pod specs, text that repeats is kept once: the image of a Deployment
 * and of its Pod is one copy, each node with its own line and column.
 * Elsewhere (an annotation) each string holds its own copy.
 */
START_TEST(test_podspec_text_shared)
{
	static const char text[] =
	    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, "
	    "namespace: a, annotations: {x: registry.example/app:1.0}}\n"
	    "spec:\n  template:\n    spec:\n      containers:\n      - "
	    "name: c\n        image: registry.example/app:1.0\n---\n"
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a, "
	    "annotations: {x: registry.example/app:1.0}}\nspec:\n  "
	    "containers:\n  - name: c\n    image: registry.example/app:1.0\n";
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };
	const struct node *i1, *i2, *a1, *a2;
	struct node_bytes nb;

	prune_set_reads(check_reads);
	ck_assert_int_eq(
	    load_buffer(a, inv, "t.yaml", text, strlen(text), NULL, &errs), 2);
	prune_set_reads(NULL);
	i1 = node_get(node_at(node_path(inventory_object(inv, 0)->root,
					"spec.template.spec.containers"),
			      0),
		      "image");
	i2 = node_get(node_at(node_path(inventory_object(inv, 1)->root,
					"spec.containers"),
			      0),
		      "image");
	ck_assert_str_eq(node_str(i1), "registry.example/app:1.0");
	ck_assert_ptr_eq(node_str(i1), node_str(i2));
	ck_assert_uint_eq(node_str_len(i2), 24);
	ck_assert_uint_ne(i1->line, i2->line);
	node_bytes(i1, &nb);
	ck_assert_uint_eq(nb.text, sizeof(char *));
	/* wiping a node's text leaves shared text alone */
	node_wipe_text((struct node *)i1);
	ck_assert_str_eq(node_str(i2), "registry.example/app:1.0");
	a1 = node_get(inventory_object(inv, 0)->annotations, "x");
	a2 = node_get(inventory_object(inv, 1)->annotations, "x");
	ck_assert_str_eq(node_str(a1), node_str(a2));
	ck_assert_ptr_ne(node_str(a1), node_str(a2));
	ck_assert_uint_eq(errs.n, 0);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/* An object of n members "k0", "k1"...: string values equal to their
 * keys, member i in column i + 1. */
static struct node *numbered_object(struct arena *a, size_t n)
{
	struct node *o = node_new_object(a, 1, 1, n);
	char key[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		node_add(o, node_intern(a, key, strlen(key)),
			 node_new_str(a, NODE_STRING, key, strlen(key), 2,
				      (unsigned)i + 1));
	}
	return o;
}

/*
 * The same object made whole (node_new_object_keys()), as the loaders
 * make theirs: its keys kept once per key sequence when it has 1 to 254
 * members.
 */
static struct node *numbered_shaped(struct arena *a, size_t n)
{
	const char **ks = xrealloc_array(NULL, n + 1, sizeof(*ks));
	struct node **vs = xrealloc_array(NULL, n + 1, sizeof(*vs));
	struct node *o;
	char key[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		ks[i] = node_intern(a, key, strlen(key));
		vs[i] = node_new_str(a, NODE_STRING, key, strlen(key), 2,
				     (unsigned)i + 1);
	}
	o = node_new_object_keys(a, a, 1, 1, ks, vs, n);
	free(ks);
	free(vs);
	return o;
}

/* Loop tests over sizes and both ways of making an object. */
static struct node *object_of(struct arena *a, size_t n, bool whole)
{
	return whole ? numbered_shaped(a, n) : numbered_object(a, n);
}

/*
 * Every member of an object is found, with or without an index, whose
 * slots are bytes below 255 members and 32-bit numbers from there on;
 * the same made whole, whose shape holds the index up to 254 members
 * (8 bytes a member and the shape's pointer) and which is made as any
 * other from 255.
 */
START_TEST(test_object_index)
{
	static const size_t sizes[] = { 5, 9, 20, 254, 255, 300, 1000 };
	/* 2n slots rounded up to a power of two; bytes, then 4 bytes each */
	static const size_t index[] = { 0, 32, 64, 512, 2048, 4096, 8192 };
	struct arena *a = arena_new();
	size_t n = sizes[_i % 7], i;
	bool whole = _i >= 7;
	struct node *o = object_of(a, n, whole);
	struct node_bytes nb;
	char key[32];

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		ck_assert_str_eq(node_get_str(o, key), key);
		ck_assert_uint_eq(node_col(node_get(o, key)), i + 1);
	}
	ck_assert_ptr_null(node_get(o, "k-1"));
	ck_assert_ptr_null(node_get(o, "missing"));
	node_bytes(o, &nb);
	/* made whole up to 254 members: the index is the shape's */
	ck_assert_uint_eq(nb.index, whole && n <= 254 ? 0 : index[_i % 7]);
	ck_assert_uint_eq(nb.members, whole && n <= 254
					  ? (n + 1) * sizeof(void *)
					  : n * sizeof(struct node_member));
	arena_free(a);
}
END_TEST

/*
 * node_remove() takes one member out and keeps the others in order and
 * found, with or without an index, in an object made either way; a key it
 * does not hold, one that only starts like a member's, changes nothing.
 */
START_TEST(test_node_remove)
{
	static const size_t sizes[] = { 1, 5, 9, 20, 300 };
	struct arena *a = arena_new();
	size_t n = sizes[_i % 5], i, gone = n / 2;
	struct node *o = object_of(a, n, _i >= 5);
	const struct node *v;
	const char *k;
	char key[32];

	ck_assert(!node_remove(o, "missing"));
	ck_assert(!node_remove(o, "k"));
	ck_assert_uint_eq(node_member_count(o), n);
	snprintf(key, sizeof(key), "k%zu", gone);
	ck_assert(node_remove(o, key));
	ck_assert(!node_remove(o, key));
	ck_assert_ptr_null(node_get(o, key));
	ck_assert_uint_eq(node_member_count(o), n - 1);
	for (i = 0; i + 1 < n; i++) {
		size_t was = i < gone ? i : i + 1;

		ck_assert(node_member_at(o, i, &k, &v));
		snprintf(key, sizeof(key), "k%zu", was);
		ck_assert_str_eq(k, key);
		ck_assert_ptr_eq(node_get(o, key), v);
		ck_assert_uint_eq(node_col(v), was + 1);
	}
	ck_assert(!node_remove(node_new(a, NODE_ARRAY, 1, 1), "k0"));
	ck_assert(!node_remove(NULL, "k0"));
	arena_free(a);
}
END_TEST

/*
 * node_remove_transient() takes out every member marked transient (every
 * third here) and keeps the others in order and found, with or without an
 * index, in an object made either way; node_replace() gives a member
 * another value in its place, and none to a member taken out.
 */
START_TEST(test_node_remove_transient)
{
	static const size_t sizes[] = { 1, 5, 9, 20, 300 };
	struct arena *a = arena_new();
	size_t n = sizes[_i % 5], i, k, marked = 0;
	struct node *o = object_of(a, n, _i >= 5);
	struct node *other = node_new(a, NODE_NULL, 1, 1);
	const struct node *v;
	const char *key;
	char name[32];

	ck_assert_uint_eq(node_remove_transient(o), 0);
	for (i = 0; i < n; i += 3, marked++) {
		snprintf(name, sizeof(name), "k%zu", i);
		node_set_transient((struct node *)node_get(o, name));
	}
	ck_assert_uint_eq(node_remove_transient(o), marked);
	ck_assert_uint_eq(node_member_count(o), n - marked);
	for (i = k = 0; i < n; i++) {
		snprintf(name, sizeof(name), "k%zu", i);
		if (i % 3 == 0) {
			ck_assert_ptr_null(node_get(o, name));
			continue;
		}
		ck_assert(node_member_at(o, k++, &key, &v));
		ck_assert_str_eq(key, name);
		ck_assert_ptr_eq(node_get(o, name), v);
		ck_assert_uint_eq(node_col(v), i + 1);
	}
	ck_assert_uint_eq(node_remove_transient(o), 0);
	if (n > 1) {
		ck_assert(node_replace(o, "k1", other));
		ck_assert_ptr_eq(node_get(o, "k1"), other);
		ck_assert(node_member_at(o, 0, &key, &v));
		ck_assert_str_eq(key, "k1");
	}
	ck_assert(!node_replace(o, "k0", other));
	ck_assert_uint_eq(node_remove_transient(NULL), 0);
	arena_free(a);
}
END_TEST

/*
 * A node's header holds its column and length in 8 bytes up to column
 * 2047 and length 16383 and is 8 bytes wider past either (or with an
 * index); either way every field reads back as written, marking a node
 * changes none of them, and a length grows to its last item without
 * touching the column.
 */
static const struct header_case {
	enum node_type type;
	unsigned line, col;
	size_t len; /* bytes, items or members */
	bool shared;
	size_t header; /* bytes */
} header_cases[] = {
	{ NODE_STRING, 1, 1, 0, false, 8 },
	{ NODE_STRING, 7, 2047, 16383, false, 8 },
	{ NODE_STRING, 7, 2048, 3, false, 16 },
	{ NODE_STRING, 4000000000u, 9, 16384, false, 16 },
	{ NODE_NUMBER, 3, 2047, 16383, true, 8 },
	{ NODE_NUMBER, 3, 5, 70000, true, 16 },
	{ NODE_ARRAY, 2, 2047, 16383, false, 8 },
	{ NODE_ARRAY, 2, 40000000, 16384, false, 16 },
	{ NODE_OBJECT, 2, 2047, 8, false, 8 },
	{ NODE_OBJECT, 2, 2048, 8, false, 16 },
	{ NODE_OBJECT, 2, 3, 9, false, 16 },
	{ NODE_BOOL, 5, 2047, 0, false, 8 },
	{ NODE_NULL, 5, 1u << 30, 0, false, 16 },
};

/*
 * A copy of n's tree as a live item's parts are copied: at line 0, col 0,
 * each object made whole with its keys in keys.
 */
static struct node *copy_unplaced(struct arena *a, struct arena *keys,
				  const struct node *n)
{
	const char *k;
	const struct node *v;
	struct node *c;
	size_t i;

	switch (n->type) {
	case NODE_STRING:
	case NODE_NUMBER:
		return node_text_is_shared(n)
			   ? node_new_shared_str_in(a, keys, n->type,
						    node_text(n), node_len(n),
						    0, 0)
			   : node_new_str(a, n->type, node_text(n), node_len(n),
					  0, 0);
	case NODE_ARRAY:
		c = node_new_array(a, 0, 0, node_count(n));
		for (i = 0; i < node_count(n); i++)
			node_push(c, copy_unplaced(a, keys, node_at(n, i)));
		return c;
	case NODE_OBJECT: {
		size_t m = node_member_count(n);
		const char **ks = xrealloc_array(NULL, m + 1, sizeof(*ks));
		struct node **vs = xrealloc_array(NULL, m + 1, sizeof(*vs));

		for (i = 0; node_member_at(n, i, &k, &v); i++) {
			ks[i] = node_intern(keys, k, node_key_len(k));
			vs[i] = copy_unplaced(a, keys, v);
		}
		/* the keys, and the shape of them, in the other arena */
		c = node_new_object_keys(a, keys, 0, 0, ks, vs, m);
		free(ks);
		free(vs);
		return c;
	}
	default:
		c = node_new(a, n->type, 0, 0);
		c->b = n->b;
		return c;
	}
}

/*
 * Objects made whole share the record of their keys when the keys and
 * their order are the same: a second such object takes its header, the
 * shape's pointer and its values, and no more; another order or another
 * key takes a shape of its own, even with the same first and last keys.
 * Either way each reads as an object made member by member, equal to
 * it, and a member taken out of it is gone from its lookups and from its
 * order.
 */
START_TEST(test_object_shapes)
{
	struct arena *a = arena_new();
	const char *k3[3], *r3[3], *mid[3];
	struct node *v3[3], *o, *p, *q, *x, *keyed;
	const struct node *v;
	const char *k;
	size_t used, i;

	for (i = 0; i < 3; i++) {
		char key[8];

		snprintf(key, sizeof(key), "m%zu", i);
		k3[i] = node_intern(a, key, strlen(key));
		r3[2 - i] = k3[i];
		v3[i] = node_new(a, NODE_NULL, 1, 1);
	}
	o = node_new_object_keys(a, a, 1, 1, k3, v3, 3);
	used = arena_used(a);
	p = node_new_object_keys(a, a, 1, 1, k3, v3, 3);
	ck_assert_uint_eq(arena_used(a) - used, 8 + 4 * sizeof(void *));
	used = arena_used(a);
	q = node_new_object_keys(a, a, 1, 1, r3, v3, 3);
	ck_assert_uint_gt(arena_used(a) - used, 8 + 4 * sizeof(void *));
	/* the same first and last keys, another between: another shape */
	mid[0] = k3[0];
	mid[1] = node_intern(a, "other", 5);
	mid[2] = k3[2];
	used = arena_used(a);
	x = node_new_object_keys(a, a, 1, 1, mid, v3, 3);
	ck_assert_uint_gt(arena_used(a) - used, 8 + 4 * sizeof(void *));
	ck_assert_ptr_eq(node_get(x, "other"), v3[1]);
	ck_assert_ptr_null(node_get(x, "m1"));
	used = arena_used(a);
	(void)node_new_object_keys(a, a, 1, 1, k3, v3, 3);
	ck_assert_uint_eq(arena_used(a) - used, 8 + 4 * sizeof(void *));
	ck_assert_ptr_eq(node_get(o, "m1"), v3[1]);
	keyed = node_new_object(a, 1, 1, 3);
	for (i = 0; i < 3; i++)
		node_add(keyed, k3[i], v3[i]);
	ck_assert(node_equal(o, keyed));
	ck_assert(node_equal(keyed, o));
	ck_assert(node_equal(o, q));
	for (i = 0; i < 3; i++) {
		ck_assert(node_member_at(q, i, &k, &v));
		ck_assert_ptr_eq(k, r3[i]);
		ck_assert(node_member_at(o, i, &k, &v));
		ck_assert_ptr_eq(k, k3[i]);
		ck_assert_ptr_eq(v, v3[i]);
		ck_assert_ptr_eq(node_member_i(o, i).key, k3[i]);
	}
	ck_assert(!node_member_at(o, 3, &k, &v));
	ck_assert_ptr_null(node_member_i(o, 3).key);
	ck_assert(node_remove(p, "m1"));
	ck_assert_ptr_null(node_get(p, "m1"));
	ck_assert_ptr_nonnull(node_get(o, "m1")); /* its shape is shared */
	ck_assert_uint_eq(node_member_count(p), 2);
	ck_assert(node_member_at(p, 1, &k, &v));
	ck_assert_str_eq(k, "m2");
	ck_assert(!node_equal(o, p));
	ck_assert(!node_replace(p, "m1", v3[0]));
	ck_assert(node_equal_except(o, p, "m1"));
	/* none: an empty object as node_new_object() makes it */
	ck_assert_uint_eq(
	    node_member_count(node_new_object_keys(a, a, 1, 1, k3, v3, 0)), 0);
	arena_free(a);
}
END_TEST

/*
 * The loader makes its objects whole: of a List of objects with the same
 * keys, each object's members take a pointer to their shared keys and
 * their values.
 */
START_TEST(test_loader_objects_whole)
{
	static const char text[] =
	    "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
	    "\"metadata\":{\"name\":\"a\",\"namespace\":\"n\"},"
	    "\"data\":{\"x\":\"1\",\"y\":\"2\"}},"
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
	    "\"metadata\":{\"name\":\"b\",\"namespace\":\"n\"},"
	    "\"data\":{\"x\":\"3\",\"y\":\"4\"}}]}";
	struct scan *s = scan_new();
	struct node_bytes nb;
	size_t i;

	ck_assert_int_eq(load_buffer(s->arena, s->inv, "l.json", text,
				     strlen(text), NULL, &s->errors),
			 2);
	ck_assert_uint_eq(inventory_size(s->inv), 2);
	for (i = 0; i < 2; i++) {
		const struct node *root = inventory_object(s->inv, i)->root;

		node_bytes(root, &nb);
		ck_assert_uint_eq(nb.members, 5 * sizeof(void *));
		node_bytes(node_get(root, "data"), &nb);
		ck_assert_uint_eq(nb.members, 3 * sizeof(void *));
		ck_assert_str_eq(node_get_str(node_get(root, "data"), "y"),
				 i ? "4" : "2");
	}
	scan_free(s);
}
END_TEST

/*
 * node_copy_bytes() says to the byte what such a copy takes (the arena of
 * a live item's parts set aside is made that size): every kind of node,
 * positions past the narrow header's, texts past its length, shared
 * texts, indexed objects of bytes and of 32-bit slots.
 */
START_TEST(test_node_copy_bytes)
{
	struct arena *a = arena_new(), *keys = arena_new();
	struct sbuf sb = SBUF_INIT;
	const struct node *root;
	struct node *obj;
	struct diag d;
	size_t i, used;
	struct arena *c;

	ck_assert_int_eq(sbuf_adds(&sb, "{\"a\": [1, 2.50, true, null, \"x\"],"
					"\"b\": {\"c\": {}, \"d\": []},"
					"\"long\": \""),
			 0);
	for (i = 0; i < 20000; i++)
		ck_assert_int_eq(sbuf_addch(&sb, 'q'), 0);
	ck_assert_int_eq(sbuf_adds(&sb, "\", \"nine\": {"), 0);
	for (i = 0; i < 9; i++)
		ck_assert_int_eq(
		    sbuf_addf(&sb, "%s\"k%zu\": %zu", i ? "," : "", i, i), 0);
	ck_assert_int_eq(sbuf_adds(&sb, "}, \"many\": {"), 0);
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(
		    sbuf_addf(&sb, "%s\"m%zu\": \"v%zu\"", i ? "," : "", i, i),
		    0);
	ck_assert_int_eq(sbuf_adds(&sb, "}}"), 0);
	root = load_tree(a, "t.json", sb.buf, sb.len, NULL, &d);
	ck_assert_msg(root != NULL, "%s", d.msg);
	/* shared texts, short and long, as a pod spec's builder makes them */
	obj = node_new_object(a, 1, 5000, 3);
	node_add_str(a, obj, "s",
		     node_new_shared_str(a, NODE_STRING, "abc", 3, 1, 1));
	node_add_str(a, obj, "t",
		     node_new_shared_str(a, NODE_STRING,
					 "registry.example/app:1.2.3", 26, 1,
					 3000));
	node_add_str(a, obj, "r", root);
	c = arena_new_small();
	(void)copy_unplaced(c, keys, obj);
	used = arena_used(c);
	ck_assert_uint_eq(node_copy_bytes(obj), used);
	ck_assert_uint_gt(used, 20000 + 300 * 16);
	arena_free(c);
	ck_assert_uint_eq(node_copy_bytes(NULL), 0);
	sbuf_release(&sb);
	arena_free(keys);
	arena_free(a);
}
END_TEST

START_TEST(test_node_header)
{
	const struct header_case *c = &header_cases[_i];
	struct arena *a = arena_new_small();
	struct node *n, *item = node_new(a, NODE_NULL, 1, 1);
	struct node_bytes nb;
	char *text = xmalloc(c->len + 1);
	size_t i;

	memset(text, 'x', c->len);
	text[c->len] = '\0';
	if (c->len)
		text[c->len - 1] = 'z';
	switch (c->type) {
	case NODE_STRING:
	case NODE_NUMBER:
		n = c->shared ? node_new_shared_str(a, c->type, text, c->len,
						    c->line, c->col)
			      : node_new_str(a, c->type, text, c->len, c->line,
					     c->col);
		ck_assert_uint_eq(node_str_len(n), c->len);
		ck_assert_int_eq(memcmp(node_text(n), text, c->len + 1), 0);
		ck_assert(node_text_is_shared(n) == c->shared);
		break;
	case NODE_ARRAY:
		n = node_new_array(a, c->line, c->col, c->len);
		for (i = 0; i < c->len; i++)
			node_push(n, i + 1 == c->len ? n : item);
		ck_assert_uint_eq(node_count(n), c->len);
		ck_assert_ptr_eq(node_at(n, c->len - 1), n);
		ck_assert_ptr_eq(node_at(n, 0), c->len > 1 ? item : n);
		ck_assert_ptr_null(node_at(n, c->len));
		break;
	case NODE_OBJECT:
		n = node_new_object(a, c->line, c->col, c->len);
		for (i = 0; i < c->len; i++) {
			char key[24];

			snprintf(key, sizeof(key), "k%zu", i);
			node_add_str(a, n, key, i + 1 == c->len ? n : item);
		}
		ck_assert_uint_eq(node_member_count(n), c->len);
		ck_assert_ptr_eq(node_get(n, "k0"), item);
		ck_assert_ptr_null(node_get(n, "k99"));
		break;
	default:
		n = node_new(a, c->type, c->line, c->col);
		n->b = c->col % 2;
		ck_assert(node_is_true(n) == (c->type == NODE_BOOL));
		ck_assert_str_eq(node_scalar_text(n),
				 c->type == NODE_BOOL ? "true" : "null");
		break;
	}
	ck_assert_int_eq(n->type, c->type);
	ck_assert_uint_eq(n->line, c->line);
	ck_assert_uint_eq(node_col(n), c->col);
	ck_assert_uint_eq(node_len(n), c->len);
	node_bytes(n, &nb);
	ck_assert_uint_eq(nb.header, c->header);
	ck_assert(!node_is_transient(n));
	node_set_transient(n);
	ck_assert(node_is_transient(n));
	ck_assert_uint_eq(node_col(n), c->col);
	ck_assert_uint_eq(node_len(n), c->len);
	ck_assert_uint_eq(n->line, c->line);
	ck_assert_int_eq(n->type, c->type);
	if (c->type == NODE_ARRAY || c->type == NODE_OBJECT) {
		node_hollow(n);
		ck_assert_uint_eq(node_len(n), 0);
		ck_assert_uint_eq(node_col(n), c->col);
		ck_assert(node_is_transient(n));
	}
	ck_assert_uint_eq(node_col(NULL), 0);
	free(text);
	arena_free(a);
}
END_TEST

/* Lookups in a declaration give the same answers however long it is. */
START_TEST(test_prune_keeps_long)
{
	static struct prune_read reads[400];
	static char names[400][8];
	size_t n = _i ? 398 : 40, i;

	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "m%zu", i);
		reads[i].place = i % 2 ? PRUNE_CONTAINER : PRUNE_STATUS;
		reads[i].kind = i % 2 ? NULL : "Pod";
		reads[i].member = names[i];
	}
	reads[n].member = NULL;
	prune_set_reads(reads);
	ck_assert(prune_keeps(PRUNE_STATUS, "Pod", "m0", 2));
	ck_assert(!prune_keeps(PRUNE_STATUS, "Node", "m0", 2));
	ck_assert(!prune_keeps(PRUNE_STATUS, "Pod", "m1", 2));
	ck_assert(prune_keeps(PRUNE_CONTAINER, NULL, "m1", 2));
	ck_assert(prune_keeps(PRUNE_CONTAINER, NULL, names[n - 1],
			      strlen(names[n - 1])));
	ck_assert(!prune_keeps(PRUNE_CONTAINER, NULL, "m", 1));
	ck_assert(!prune_keeps(PRUNE_PODSPEC, NULL, "m1", 2));
	ck_assert(prune_declares(PRUNE_CONTAINER));
	ck_assert(!prune_declares(PRUNE_METADATA));
	prune_set_reads(NULL);
	ck_assert(prune_keeps(PRUNE_PODSPEC, NULL, "m1", 2));
	ck_assert(!prune_declares(PRUNE_CONTAINER));
}
END_TEST

/*
 * The metadata of a List page is kept whole (it says how to fetch the next
 * one); that of its items is pruned by the declaration.
 */
struct seen_item {
	bool seen;
	char name[16];
	bool has_rv; /* metadata.resourceVersion survived */
};

/* The item lives in a scratch arena released after this returns. */
static int keep_item(void *ctx, const struct node *it)
{
	struct seen_item *si = ctx;
	const struct node *m = node_get(it, "metadata");
	const char *name = node_get_str(m, "name");

	si->seen = true;
	snprintf(si->name, sizeof(si->name), "%s", name ? name : "");
	si->has_rv = node_get(m, "resourceVersion") != NULL;
	return 0;
}

/*
 * A workload whose controller is in the input keeps only its metadata
 * (prune.h, PRUNE_OWNED): skipped while parsing when the controller came
 * first, emptied when it comes later -- and kept whole whenever the
 * controller may not be added after all.  Each case is a directory of
 * files read in name order; the findings must be those of a scan without
 * the declaration, byte for byte.
 */
#define RS_Y                                                                   \
	"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, "          \
	"namespace: a, uid: r1, labels: {app: w}}\nspec:\n  template:\n    "   \
	"spec:\n      "                                                        \
	"containers:\n      - {name: c, image: x, securityContext: "           \
	"{privileged: true}}\n"
#define RS_SELF_Y                                                              \
	"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, "          \
	"namespace: a, uid: r1, ownerReferences: [{kind: ReplicaSet, name: "   \
	"r, uid: r1, controller: true}]}\nspec:\n  template:\n    spec:\n  "   \
	"    containers:\n      - {name: c, image: x}\n"
#define RS_BAD_Y                                                               \
	"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, "          \
	"namespace: a, uid: r1}\nspec:\n  template:\n    spec:\n      "        \
	"containers: 5\n"
#define POD_Y(ns)                                                              \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: " ns        \
	", uid: p1, labels: {app: w}, annotations: {note: n}, "                \
	"ownerReferences: [{apiVersion: apps/v1, kind: "                       \
	"ReplicaSet, name: r, uid: r1, controller: true}]}\nspec:\n  "         \
	"containers:\n  - {name: c, image: x, securityContext: {privileged: "  \
	"true}}\nstatus: {phase: Running}\n"
#define RS_J                                                                   \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{"   \
	"\"name\":\"r\",\"namespace\":\"a\",\"uid\":\"r1\",\"labels\":{"       \
	"\"app\":\"w\"}},\"spec\":{"                                           \
	"\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":"   \
	"\"x\",\"securityContext\":{\"privileged\":true}}]}}}}"
#define POD_J                                                                  \
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"      \
	"\"p\",\"namespace\":\"a\",\"uid\":\"p1\",\"labels\":{\"app\":"        \
	"\"w\"},\"annotations\":{\"note\":\"n\"},\"ownerReferences\":[{"       \
	"\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"r\","   \
	"\"uid\":\"r1\",\"controller\":true}]},\"spec\":{\"containers\":[{"    \
	"\"name\":\"c\",\"image\":\"x\",\"securityContext\":{\"privileged\":"  \
	"true}}]},\"status\":{\"phase\":\"Running\"}}"
#define RS_BAD_J                                                               \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{"   \
	"\"name\":\"r\",\"namespace\":\"a\",\"uid\":\"r1\"},\"spec\":{"        \
	"\"template\":{\"spec\":{\"containers\":5}}}}"
#define LIST_J(items)                                                          \
	"{\"apiVersion\":\"v1\",\"items\":[" items "],\"kind\":\"List\","      \
	"\"metadata\":{}}"

static const struct owned_case {
	const char *what;
	const char *files[6]; /* name, text, ... */
	const char *pod_ns;
	bool dropped;  /* the Pod's spec is not kept */
	bool released; /* ... because it was emptied once its owner came */
	bool snapshot;
	/* the Pod keeps its labels although its spec is dropped */
	bool labels_kept;
} owned_cases[] = {
	{ "controller first",
	  { "1.yaml", RS_Y "---\n" POD_Y("a") },
	  "a",
	  true,
	  false,
	  false,
	  false },
	{ "controller after, same stream",
	  { "1.yaml", POD_Y("a") "---\n" RS_Y },
	  "a",
	  true,
	  true,
	  false,
	  false },
	/* found by a look ahead: the Pod's spec is never built */
	{ "controller after, same List",
	  { "1.json", LIST_J(POD_J "," RS_J) },
	  "a",
	  true,
	  false,
	  false,
	  false },
	/* the look ahead reads the List being read, not the next one */
	{ "controller after, next List of the file",
	  { "1.json", LIST_J(POD_J) "\n" LIST_J(RS_J) },
	  "a",
	  true,
	  true,
	  false,
	  false },
	/* the look ahead expects no controller the List will not add */
	{ "controller after in the same List, rejected",
	  { "1.json", LIST_J(POD_J "," RS_BAD_J) },
	  "a",
	  false,
	  false,
	  false,
	  false },
	{ "controller after, next file",
	  { "1.yaml", POD_Y("a"), "2.yaml", RS_Y },
	  "a",
	  true,
	  true,
	  false,
	  false },
	{ "controller in another namespace",
	  { "1.yaml", POD_Y("b") "---\n" RS_Y },
	  "b",
	  false,
	  false,
	  false,
	  false },
	{ "controller rejected",
	  { "1.yaml", RS_BAD_Y "---\n" POD_Y("a") },
	  "a",
	  false,
	  false,
	  false,
	  false },
	{ "controller rejected, after",
	  { "1.yaml", POD_Y("a") "---\n" RS_BAD_Y },
	  "a",
	  false,
	  false,
	  false,
	  false },
	{ "controller's List dropped",
	  { "1.json", "{\"apiVersion\":\"v1\",\"items\":[" RS_J ",{", "2.yaml",
	    POD_Y("a") },
	  "a",
	  false,
	  false,
	  false,
	  false },
	{ "controller's List dropped, after",
	  { "1.yaml", POD_Y("a"), "2.json",
	    "{\"apiVersion\":\"v1\",\"items\":[" RS_J ",{" },
	  "a",
	  false,
	  false,
	  false,
	  false },
	{ "controller in a document that is no List",
	  { "1.json",
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
	    "\"name\":\"m\",\"namespace\":\"a\"},\"items\":[" RS_J "]}",
	    "2.yaml", POD_Y("a") },
	  "a",
	  false,
	  false,
	  false,
	  false },
	{ "controller never read",
	  { "1.yaml", POD_Y("a") },
	  "a",
	  false,
	  false,
	  false,
	  false },
	/* the ReplicaSet names itself as its controller: it has none */
	{ "controller naming itself",
	  { "1.yaml", POD_Y("a") "---\n" RS_SELF_Y },
	  "a",
	  true,
	  true,
	  false,
	  false },
	/* an alias elsewhere points into the Pod's spec: kept whole */
	{ "anchor in the spec",
	  { "1.yaml",
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a, "
	    "ownerReferences: [{kind: ReplicaSet, name: r, uid: r1, "
	    "controller: true}]}\nspec:\n  containers:\n  - &c {name: c, "
	    "image: x, securityContext: {privileged: true}}\n---\n"
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: q, namespace: a}\n"
	    "spec:\n  containers:\n  - *c\n---\n" RS_Y },
	  "a",
	  false,
	  false,
	  false,
	  false },
	/*
	 * an alias in another item of the List points into the Pod's
	 * labels: they are kept, its spec is not
	 */
	{ "anchor in the labels",
	  { "1.yaml", RS_Y
	    "---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n"
	    "  kind: Pod\n  metadata: {name: p, namespace: a, labels: &l "
	    "{app: w}, ownerReferences: [{kind: ReplicaSet, name: r, uid: r1, "
	    "controller: true}]}\n  spec:\n    containers:\n    - {name: c, "
	    "image: x, securityContext: {privileged: true}}\n"
	    "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: m, "
	    "namespace: a}\n  data: *l\n" },
	  "a",
	  true,
	  false,
	  false,
	  true },
	/* meta.json lists Pods first: read after their controllers anyway */
	{ "snapshot, Pods listed first",
	  { "meta.json",
	    "{\"formatVersion\":1,\"complete\":true,\"resources\":["
	    "{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\","
	    "\"kind\":\"Pod\",\"namespaced\":true,\"file\":\"pods.json\"},"
	    "{\"group\":\"apps\",\"version\":\"v1\",\"resource\":"
	    "\"replicasets\",\"kind\":\"ReplicaSet\",\"namespaced\":true,"
	    "\"file\":\"replicasets.json\"}]}",
	    "pods.json", LIST_J(POD_J), "replicasets.json", LIST_J(RS_J) },
	  "a",
	  true,
	  false,
	  true,
	  false },
};

START_TEST(test_owned_metadata_only)
{
	const struct owned_case *c = &owned_cases[_i];
	char dir[64], path[128];
	struct scan *s;
	const struct kobj *pod, *rs;
	size_t i, objects = 0, labels, annotations, rs_labels;

	snprintf(dir, sizeof(dir), "/tmp/threatmap-owned-%ld-XXXXXX",
		 (long)getpid());
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < 6 && c->files[i]; i += 2) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, c->files[i]);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		ck_assert_int_ge(fputs(c->files[i + 1], f), 0);
		ck_assert_int_eq(fclose(f), 0);
	}
	/* what the Pod and the ReplicaSet hold without the declaration */
	s = scan_load(dir, c->snapshot, NULL);
	pod = inventory_find(s->inv, "Pod", c->pod_ns, "p");
	rs = inventory_find(s->inv, "ReplicaSet", "a", "r");
	ck_assert_ptr_nonnull(pod);
	labels = node_member_count(pod->labels);
	annotations = node_member_count(pod->annotations);
	rs_labels = rs ? node_member_count(rs->labels) : 0;
	scan_free(s);
	s = scan_load(dir, c->snapshot, check_reads);
	pod = inventory_find(s->inv, "Pod", c->pod_ns, "p");
	rs = inventory_find(s->inv, "ReplicaSet", "a", "r");
	ck_assert_msg(pod != NULL, "%s: no Pod", c->what);
	ck_assert_msg(node_get(pod->root, "metadata") != NULL, "%s", c->what);
	/* of its metadata, labels and annotations go with the spec */
	ck_assert_msg(node_member_count(pod->labels) ==
			  (c->dropped && !c->labels_kept ? 0 : labels),
		      "%s: %zu labels", c->what,
		      node_member_count(pod->labels));
	ck_assert_uint_eq(node_member_count(pod->annotations),
			  c->dropped && !c->labels_kept ? 0 : annotations);
	ck_assert_str_eq(node_get_str(node_get(pod->root, "metadata"), "name"),
			 "p");
	if (rs) { /* no controller: kept, with their text and positions */
		ck_assert_uint_eq(node_member_count(rs->labels), rs_labels);
		if (rs_labels) {
			ck_assert_str_eq(node_get_str(rs->labels, "app"), "w");
			ck_assert_uint_gt(node_get(rs->labels, "app")->line, 0);
		}
	}
	/*
	 * its ownerReferences, when its controller was read before it, were
	 * read to resolve the owner and are gone; else they stay
	 */
	ck_assert_msg(
	    node_count(node_path(pod->root, "metadata.ownerReferences")) ==
		(c->dropped && !c->released && !c->labels_kept ? 0 : 1),
	    "%s: %zu ownerReferences", c->what,
	    node_count(node_path(pod->root, "metadata.ownerReferences")));
	if (c->dropped) {
		ck_assert_msg(!node_member_count(node_get(pod->root, "spec")),
			      "%s: the Pod's spec was kept", c->what);
		ck_assert_ptr_eq(pod->owner, rs);
	} else {
		ck_assert_msg(node_member_count(node_get(pod->root, "spec")) ==
				  1,
			      "%s: the Pod's spec was not kept", c->what);
	}
	/* the Pod's status is read by no check: never kept */
	ck_assert(!node_member_count(node_get(pod->root, "status")));
	ck_assert_uint_eq(inventory_deferred_released(s->inv), c->released);
	if (rs)
		ck_assert_uint_eq(node_member_count(node_get(rs->root, "spec")),
				  1);
	scan_free(s);
	same_findings(dir, c->snapshot, &objects);
	ck_assert_uint_ge(objects, 1);
	for (i = 0; i < 6 && c->files[i]; i += 2) {
		snprintf(path, sizeof(path), "%s/%s", dir, c->files[i]);
		unlink(path);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/*
 * The uid of an object read with the declaration is read by the owners'
 * lookup only: built in the inventory's transient arena and gone from the
 * metadata once owners are resolved (by uid, here), the arena freed.  A
 * YAML alias of such a uid holds a copy of its own, which outlives the
 * arena; an object an anchor pins (q) keeps its uid, and so do the items
 * of a document that is no List (the ConfigMap m), which stay in its tree.
 * Without the declaration uids stay.
 */
static const char uid_yaml[] =
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r, namespace: "
    "a, uid: r1}\nspec:\n  template:\n    spec:\n      containers:\n"
    "      - {name: c, image: x}\n---\n"
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
    "  metadata:\n    name: p\n    namespace: a\n    uid: &u p1\n"
    "    ownerReferences:\n    - {apiVersion: apps/v1, kind: ReplicaSet, "
    "name: other, uid: r1, controller: true}\n  spec:\n    containers:\n"
    "    - {name: c, image: x}\n- apiVersion: v1\n  kind: Pod\n"
    "  metadata: &m\n    name: q\n    namespace: a\n    uid: q1\n"
    "  spec:\n    containers:\n    - {name: c, image: x}\n"
    "- apiVersion: example.com/v1\n  kind: Thing\n  metadata: {name: t, "
    "namespace: a}\n  spec:\n    copy: *u\n    merged:\n      <<: *m\n";
static const char uid_json[] =
    "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
    "\"s\",\"namespace\":\"a\",\"uid\":\"s1\"}}\n"
    "{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":"
    "\"Pod\",\"metadata\":{\"name\":\"i\",\"namespace\":\"a\",\"uid\":"
    "\"i1\"}}],\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"m\","
    "\"namespace\":\"a\",\"uid\":\"m1\"}}\n";

static const char *uid_of(const struct scan *s, const char *kind,
			  const char *name)
{
	const struct kobj *o = inventory_find(s->inv, kind, "a", name);

	ck_assert_ptr_nonnull(o);
	return node_get_str(node_get(o->root, "metadata"), "uid");
}

START_TEST(test_uid_transient)
{
	char dir[64], path[128];
	static const char *const files[] = { "1.yaml", uid_yaml, "2.json",
					     uid_json };
	const struct node *spec, *item;
	struct scan *s;
	size_t i;

	snprintf(dir, sizeof(dir), "/tmp/threatmap-uid-%ld-XXXXXX",
		 (long)getpid());
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < 4; i += 2) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		ck_assert_int_ge(fputs(files[i + 1], f), 0);
		ck_assert_int_eq(fclose(f), 0);
	}
	s = scan_load(dir, false, NULL);
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_str_eq(uid_of(s, "Pod", "p"), "p1");
	ck_assert_str_eq(uid_of(s, "Service", "s"), "s1");
	scan_free(s);

	s = scan_load(dir, false, check_reads);
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_ptr_null(uid_of(s, "ReplicaSet", "r"));
	ck_assert_ptr_null(uid_of(s, "Pod", "p"));
	ck_assert_str_eq(uid_of(s, "Pod", "q"), "q1");
	ck_assert_ptr_null(uid_of(s, "ConfigMap", "m"));
	item = node_path(
	    node_at(
		node_get(inventory_find(s->inv, "ConfigMap", "a", "m")->root,
			 "items"),
		0),
	    "metadata");
	ck_assert_str_eq(node_get_str(item, "uid"), "i1");
	ck_assert(!node_is_transient(node_get(item, "uid")));
	ck_assert_ptr_null(uid_of(s, "Service", "s"));
	/* found by its uid (the reference names another ReplicaSet) */
	ck_assert_ptr_eq(inventory_find(s->inv, "Pod", "a", "p")->owner,
			 inventory_find(s->inv, "ReplicaSet", "a", "r"));
	ck_assert_str_eq(
	    node_get_str(node_get(inventory_find(s->inv, "Pod", "a", "q")->root,
				  "metadata"),
			 "name"),
	    "q");
	spec =
	    node_get(inventory_find(s->inv, "Thing", "a", "t")->root, "spec");
	ck_assert_str_eq(node_get_str(spec, "copy"), "p1");
	ck_assert(!node_is_transient(node_get(spec, "copy")));
	ck_assert_str_eq(node_get_str(node_get(spec, "merged"), "uid"), "q1");
	ck_assert(
	    !node_is_transient(node_get(node_get(spec, "merged"), "uid")));
	ck_assert_str_eq(node_get_str(node_get(spec, "merged"), "name"), "q");
	scan_free(s);
	for (i = 0; i < 4; i += 2) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/*
 * The look ahead (load.c): in a List that holds a Pod before its
 * ReplicaSet, as kubectl writes one, the Pod's spec is not built once the
 * List has been read ahead; the text is read again in memory or from the
 * file, once per load and only for an item.
 */
#define POD_NAMED_J(n)                                                         \
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" n  \
	"\",\"namespace\":\"a\",\"uid\":\"" n "1\",\"ownerReferences\":[{"     \
	"\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"r\","   \
	"\"uid\":\"r1\",\"controller\":true}]},\"spec\":{\"containers\":[{"    \
	"\"name\":\"c\",\"image\":\"x\"}]}}"
#define RS_OWNED_J                                                             \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{"   \
	"\"name\":\"r\",\"namespace\":\"a\",\"uid\":\"r1\","                   \
	"\"ownerReferences\""                                                  \
	":[{\"apiVersion\":\"apps/"                                            \
	"v1\",\"kind\":\"Deployment\",\"name\":\"d\","                         \
	"\"uid\":\"d1\",\"controller\":true}]},\"spec\":{\"template\":{"       \
	"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}"
#define RS_SELF_J                                                              \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{"   \
	"\"name\":\"r\",\"namespace\":\"a\",\"uid\":\"r1\","                   \
	"\"ownerReferences\""                                                  \
	":[{\"apiVersion\":\"apps/"                                            \
	"v1\",\"kind\":\"ReplicaSet\",\"name\":\"r\","                         \
	"\"uid\":\"r1\",\"controller\":true}]},\"spec\":{\"template\":{"       \
	"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}"
#define DEPLOY_J                                                               \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{"   \
	"\"name\":\"d\",\"namespace\":\"a\",\"uid\":\"d1\"},\"spec\":{"        \
	"\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":"   \
	"\"x\"}]}}}}"

/* The same objects in block YAML, as `kubectl get -o yaml` writes a List. */
#define POD_NAMED_Y(n)                                                         \
	"- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: " n             \
	"\n    namespace: a\n    uid: " n "1\n    ownerReferences:\n    - "    \
	"apiVersion: apps/v1\n      kind: ReplicaSet\n      name: r\n      "   \
	"uid: r1\n      controller: true\n  spec:\n    containers:\n    - "    \
	"name: c\n      image: x\n"
#define RS_ITEM_Y(owner, containers)                                           \
	"- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    name: "   \
	"r\n    namespace: a\n    uid: r1\n" owner "  spec:\n    template:\n"  \
	"      spec:\n        containers:" containers "\n"
#define RS_CONTAINERS_Y "\n        - name: c\n          image: x"
#define OWNED_BY_Y(kind, name)                                                 \
	"    ownerReferences:\n    - apiVersion: apps/v1\n      kind: " kind   \
	"\n      name: " name "\n      uid: " name                             \
	"1\n      controller: true\n"
#define DEPLOY_ITEM_Y                                                          \
	"- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: "   \
	"d\n    namespace: a\n    uid: d1\n  spec:\n    template:\n      "     \
	"spec:\n        containers:" RS_CONTAINERS_Y "\n"
#define LIST_Y(items)                                                          \
	"apiVersion: v1\nitems:\n" items "kind: List\nmetadata: {}\n"
#define POD_DOC_Y(n)                                                           \
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: " n "\n  namespace: "   \
	"a\n  uid: " n "1\n  ownerReferences:\n  - {apiVersion: apps/v1, "     \
	"kind: ReplicaSet, name: r, uid: r1, controller: true}\nspec:\n  "     \
	"containers:\n  - {name: c, image: x}\n"

static const struct ahead_case {
	const char *what, *text;
	int added;	   /* objects added */
	size_t errors;	   /* errors reported */
	const char *bare;  /* the Pods with no spec, space separated */
	const char *whole; /* those with one */
	size_t released;   /* Pods emptied when their controller came */
	/* YAML: read ahead from a pipe too (a piece is held whole) */
	bool yaml;
} ahead_cases[] = {
	{ "Pod, ReplicaSet", LIST_J(POD_NAMED_J("p") "," RS_J), 2, 0, "Pod/p",
	  "ReplicaSet/r", 0, false },
	/* the ReplicaSet is pruned too: its Deployment comes after it */
	{ "Pod, ReplicaSet, Deployment",
	  LIST_J(POD_NAMED_J("p") "," RS_OWNED_J "," DEPLOY_J), 3, 0,
	  "Pod/p ReplicaSet/r", "Deployment/d", 0, false },
	/* the ReplicaSet is rejected: the Pod is kept whole, and the look
	 * ahead reports nothing (one error, not two) */
	{ "Pod, rejected ReplicaSet", LIST_J(POD_NAMED_J("p") "," RS_BAD_J), 1,
	  1, "", "Pod/p", 0, false },
	/* the List breaks after the ReplicaSet: nothing of it is added */
	{ "Pod, ReplicaSet, broken List",
	  "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" POD_NAMED_J(
	      "p") "," RS_J ",{",
	  0, 1, "", "", 0, false },
	/*
	 * A Pod that is no item waits (no look ahead for it); the look ahead
	 * at the first item that needs one finds the ReplicaSet.  Were the
	 * first Pod to use up the load's look ahead, q would wait too.
	 */
	{ "Pod, then a List: Pod, ReplicaSet",
	  POD_NAMED_J("p") LIST_J(POD_NAMED_J("q") "," RS_J), 3, 0,
	  "Pod/p Pod/q", "ReplicaSet/r", 1, false },
	/*
	 * The ReplicaSet names itself as its controller: it has none, and
	 * keeps its spec although the look ahead found it before it was read
	 */
	{ "Pod, ReplicaSet naming itself",
	  LIST_J(POD_NAMED_J("p") "," RS_SELF_J), 2, 0, "Pod/p", "ReplicaSet/r",
	  0, false },
	/* YAML is read ahead as JSON is */
	{ "YAML: Pod, ReplicaSet",
	  LIST_Y(POD_NAMED_Y("p") RS_ITEM_Y("", RS_CONTAINERS_Y)), 2, 0,
	  "Pod/p", "ReplicaSet/r", 0, true },
	{ "YAML: Pod, ReplicaSet, Deployment",
	  LIST_Y(POD_NAMED_Y("p") RS_ITEM_Y(OWNED_BY_Y("Deployment", "d"),
					    RS_CONTAINERS_Y) DEPLOY_ITEM_Y),
	  3, 0, "Pod/p ReplicaSet/r", "Deployment/d", 0, true },
	{ "YAML: Pod, rejected ReplicaSet",
	  LIST_Y(POD_NAMED_Y("p") RS_ITEM_Y("", " 5")), 1, 1, "", "Pod/p", 0,
	  true },
	{ "YAML: Pod, ReplicaSet naming itself",
	  LIST_Y(POD_NAMED_Y("p")
		     RS_ITEM_Y(OWNED_BY_Y("ReplicaSet", "r"), RS_CONTAINERS_Y)),
	  2, 0, "Pod/p", "ReplicaSet/r", 0, true },
	/*
	 * The documents before the List are counted (from a file, the List is
	 * a piece read again on its own): its ReplicaSet is expected.
	 */
	{ "YAML: Pod, then a List: Pod, ReplicaSet",
	  POD_DOC_Y("p") "---\n" LIST_Y(POD_NAMED_Y("q")
					    RS_ITEM_Y("", RS_CONTAINERS_Y)),
	  3, 0, "Pod/p Pod/q", "ReplicaSet/r", 1, true },
	/* ... and the List after it is not read ahead: p waits */
	{ "YAML: a List: Pod, then a List: ReplicaSet",
	  LIST_Y(POD_NAMED_Y("p")) "---\n" LIST_Y(
	      RS_ITEM_Y("", RS_CONTAINERS_Y)),
	  2, 0, "Pod/p", "ReplicaSet/r", 1, true },
	/*
	 * An anchor ends the look ahead (a later alias to it would reach into
	 * an item it has released): it stops in r before expecting it, so p
	 * and q wait for r; s, after r, is pruned, its labels an alias.
	 */
	{ "YAML: Pods, an anchor in the ReplicaSet, a Pod aliasing it",
	  LIST_Y(POD_NAMED_Y("p") POD_NAMED_Y("q") RS_ITEM_Y(
	      "    labels: &l {app: w}\n",
	      RS_CONTAINERS_Y) "- apiVersion: v1\n  kind: Pod\n  metadata:\n "
			       "   name: s\n    namespace: a\n    uid: s1\n "
			       "   labels: *l\n    ownerReferences:\n    - "
			       "{apiVersion: apps/v1, kind: ReplicaSet, name: "
			       "r, uid: r1, controller: true}\n  spec:\n    "
			       "containers:\n    - {name: c, image: x}\n"),
	  4, 0, "Pod/p Pod/q Pod/s", "ReplicaSet/r", 2, true },
};

/* A pipe holding text, open for reading: its name under /dev/fd. */
static int pipe_of(char *path, size_t n, const char *text)
{
	int fds[2];
	size_t len = strlen(text);

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_uint_lt(len, 4096); /* fits the pipe: no writer waits */
	ck_assert_int_eq(write(fds[1], text, len), (ssize_t)len);
	ck_assert_int_eq(close(fds[1]), 0);
	snprintf(path, n, "/dev/fd/%d", fds[0]);
	return fds[0];
}

/* Each object named in names ("Kind/name", space separated, namespace a)
 * has a spec or has none. */
static void specs(const struct inventory *inv, const char *names, bool spec,
		  const char *what)
{
	char buf[96], *save = NULL, *n;

	snprintf(buf, sizeof(buf), "%s", names);
	for (n = strtok_r(buf, " ", &save); n; n = strtok_r(NULL, " ", &save)) {
		char *slash = strchr(n, '/');
		const struct kobj *o;

		ck_assert_ptr_nonnull(slash);
		*slash = '\0';
		o = inventory_find(inv, n, "a", slash + 1);
		ck_assert_msg(o != NULL, "%s: no %s %s", what, n, slash + 1);
		ck_assert_msg(
		    (node_member_count(node_get(o->root, "spec")) > 0) == spec,
		    "%s: %s %s %s a spec", what, n, slash + 1,
		    spec ? "lacks" : "has");
	}
}

START_TEST(test_look_ahead)
{
	const struct ahead_case *c = &ahead_cases[_i];
	char path[128];
	int round;

	if (c->yaml) {
		/*
		 * A YAML file longer than the loader's first read is parsed
		 * as it is read, and read ahead from the file; a comment
		 * before the documents makes it so.
		 */
		size_t pad = 300 * 1024, len = strlen(c->text);
		char *t = malloc(pad + len);

		ck_assert_ptr_nonnull(t);

		for (size_t i = 0; i < pad; i += 10)
			memcpy(t + i, "# padding\n", 10);
		memcpy(t + pad, c->text, len);
		write_temp(path, sizeof(path), t, pad + len);
		free(t);
	} else {
		write_temp(path, sizeof(path), c->text, strlen(c->text));
	}
	/*
	 * In memory, then the file, then (YAML) a pipe; YAML again with
	 * libyaml on a thread of its own (the anchor case is libyaml's)
	 */
	for (round = 0; round < (c->yaml ? 6 : 2); round++) {
		struct arena *a = arena_new();
		struct inventory *inv = inventory_new(a);
		struct diag_list errs = { 0 };
		char fifo[32];
		int added, fd = -1, how = round % 3;

		prune_set_reads(check_reads);
		load_set_yaml_threads((unsigned)round / 3 + 1);
		if (how == 2)
			fd = pipe_of(fifo, sizeof(fifo), c->text);
		added = how == 2 ? load_file(a, inv, fifo, NULL, &errs)
			: how	 ? load_file(a, inv, path, NULL, &errs)
				 : load_buffer(a, inv, "t.json", c->text,
					       strlen(c->text), NULL, &errs);
		load_set_yaml_threads(1);
		prune_set_reads(NULL);
		if (fd >= 0)
			close(fd);
		ck_assert_msg(added == c->added, "%s (%d): %d added", c->what,
			      round, added);
		ck_assert_msg(errs.n == c->errors, "%s (%d): %zu errors",
			      c->what, round, errs.n);
		inventory_finish(inv);
		specs(inv, c->bare, false, c->what);
		specs(inv, c->whole, true, c->what);
		ck_assert_msg(inventory_deferred_released(inv) == c->released,
			      "%s (%d): %zu released", c->what, round,
			      inventory_deferred_released(inv));
		diag_list_release(&errs);
		inventory_free(inv);
		arena_free(a);
	}
	unlink(path);
}
END_TEST

/*
 * A workload found by a look ahead that its List never hands over (the
 * file changed between the readings) is forgotten and counted.
 */
START_TEST(test_look_ahead_unread)
{
	static const char rs[] = RS_J, pod[] = POD_J;
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag d;
	struct node *r = load_tree(a, "r.json", rs, strlen(rs), NULL, &d);
	struct node *p = load_tree(a, "p.json", pod, strlen(pod), NULL, &d);
	const struct node *meta = node_get(p, "metadata");

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_LATER);
	inventory_expect_ahead(inv, "r.json", r);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_READ);
	ck_assert_uint_eq(inventory_expect_end(inv, true), 1);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_LATER);
	/* read by the List as well: nothing is counted */
	inventory_expect_ahead(inv, "r.json", r);
	inventory_expect(inv, "r.json", r);
	ck_assert_uint_eq(inventory_expect_end(inv, true), 0);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_READ);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/*
 * An item expected by its List keeps its entry until the List ends: read
 * while the List lasts, forgotten when the List is dropped, kept when its
 * items are added (inventory_add() takes the entry kept with the item,
 * not a lookup); the first workload of a uid is the one asked about, in
 * its namespace; a Pod whose references name no controller has none.
 */
START_TEST(test_expected_entry)
{
	static const char rs[] = RS_J, pod[] = POD_J;
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag d;
	struct node *r = load_tree(a, "r.json", rs, strlen(rs), NULL, &d);
	struct node *r2 = load_tree(a, "r.json", rs, strlen(rs), NULL, &d);
	struct node *p = load_tree(a, "p.json", pod, strlen(pod), NULL, &d);
	struct node *pb = load_tree(a, "p.json", pod, strlen(pod), NULL, &d);
	struct node *meta, *ns;
	const struct node *refs;

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(p);
	meta = (struct node *)node_get(p, "metadata");
	/* a second ReplicaSet of uid r1, in namespace b */
	ns = node_new_str(a, NODE_STRING, "b", 1, 1, 1);
	node_replace((struct node *)node_get(r2, "metadata"), "namespace", ns);
	/* the dropped List takes its entry along */
	inventory_expect(inv, "r.json", r);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_READ);
	ck_assert_uint_eq(inventory_expect_end(inv, false), 0);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_LATER);
	/* b's comes first now, a's is expected after it: the first wins */
	inventory_expect(inv, "r.json", r2);
	inventory_expect(inv, "r.json", r);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_LATER);
	ck_assert_int_eq(inventory_add(inv, "r.json", r2, &d), 0);
	ck_assert_int_eq(inventory_add(inv, "r.json", r, &d), 0);
	ck_assert_uint_eq(inventory_expect_end(inv, true), 0);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_LATER);
	node_replace(meta, "namespace", ns);
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod", meta),
			 INV_OWNER_READ);
	/* no controller among the references: none to wait for */
	refs =
	    node_at(node_get(node_get(pb, "metadata"), "ownerReferences"), 0);
	node_replace((struct node *)refs, "controller",
		     node_new(a, NODE_NULL, 1, 1));
	ck_assert_int_eq(inventory_controller_read(inv, "v1", "Pod",
						   node_get(pb, "metadata")),
			 INV_OWNER_NONE);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/*
 * Emptied in place: an indexed object finds none of its former keys, nor
 * does one made whole.
 */
START_TEST(test_node_hollow)
{
	struct arena *a = arena_new_small();
	struct node *o = node_new_object(a, 1, 1, 20);
	struct node *arr = node_new_array(a, 1, 1, 2);
	const struct node *v;
	const char *k;
	char key[16];
	unsigned i;

	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		node_add_str(a, o, key,
			     node_new_str(a, NODE_STRING, "v", 1, 1, 1));
	}
	node_push(arr, o);
	ck_assert_ptr_nonnull(node_get(o, "k7"));
	node_hollow(o);
	node_hollow(arr);
	ck_assert_uint_eq(node_member_count(o), 0);
	ck_assert_uint_eq(node_count(arr), 0);
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		ck_assert_ptr_null(node_get(o, key));
	}
	ck_assert_int_eq(o->type, NODE_OBJECT);
	o = numbered_shaped(a, 20);
	ck_assert_ptr_nonnull(node_get(o, "k7"));
	node_hollow(o);
	ck_assert_uint_eq(node_member_count(o), 0);
	ck_assert(!node_member_at(o, 0, &k, &v));
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		ck_assert_ptr_null(node_get(o, key));
	}
	/* a small arena starts at 4 KiB and grows */
	ck_assert_uint_ge(arena_blocks(a), 1);
	arena_free(a);
}
END_TEST

START_TEST(test_list_metadata_kept)
{
	static const char text[] =
	    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":"
	    "{\"resourceVersion\":\"9\",\"continue\":\"tok\"},\"items\":"
	    "[{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"3\"}}]}";
	struct arena *a = arena_new();
	const struct node *root;
	struct seen_item item = { false, "", true };
	struct load_items li = { keep_item, &item, "Pod", "v1", true };
	struct load_stream *ls;
	struct diag d;

	prune_set_reads(check_reads);
	ls = load_stream_new_items(a, "page", NULL, &li);
	ck_assert_int_eq(load_stream_feed(ls, text, strlen(text)), 0);
	root = load_stream_end(ls, &d);
	prune_set_reads(NULL);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(node_get_str(node_get(root, "metadata"), "continue"),
			 "tok");
	ck_assert_str_eq(
	    node_get_str(node_get(root, "metadata"), "resourceVersion"), "9");
	ck_assert(item.seen);
	ck_assert_str_eq(item.name, "p");
	ck_assert(!item.has_rv);
	arena_free(a);
}
END_TEST

/* Items of a streamed List page: copied out one at a time. */
struct got {
	struct arena *a;
	size_t n;
	size_t managed; /* items that still had managedFields */
	const char *last_name;
};

static int got_item(void *ctx, const struct node *it)
{
	struct got *g = ctx;
	const struct node *m = node_get(it, "metadata");

	g->n++;
	g->managed += node_get(m, "managedFields") != NULL;
	g->last_name = arena_strdup(g->a, node_get_str(m, "name"));
	return 1;
}

START_TEST(test_list_page_items_streamed)
{
	size_t cap = 4 << 20, n = 0, i, off;
	char *text = malloc(cap);
	struct arena *whole = arena_new(), *page = arena_new();
	struct got g = { arena_new(), 0, 0, NULL };
	struct load_items li = { got_item, &g, NULL, NULL, false };
	struct load_stream *ls;
	const struct node *root;
	struct diag d;

	ck_assert_ptr_nonnull(text);
	n += (size_t)snprintf(text, cap, "{\"apiVersion\":\"v1\",\"items\":[");
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(
		    text + n, cap - n,
		    "%s{\"metadata\":{\"name\":\"p%zu\",\"managedFields\":"
		    "[{\"manager\":\"kubectl\"}]},\"spec\":{\"containers\":"
		    "[{\"name\":\"c\",\"image\":\"registry/app:%zu\"}]}}",
		    i ? "," : "", i, i);
	n += (size_t)snprintf(text + n, cap - n,
			      "],\"kind\":\"PodList\",\"metadata\":{}}");
	ls = load_stream_new_items(page, "page", NULL, &li);
	for (off = 0; off < n; off += 1000)
		ck_assert_int_eq(
		    load_stream_feed(ls, text + off,
				     n - off < 1000 ? n - off : 1000),
		    0);
	root = load_stream_end(ls, &d);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(node_get_str(root, "kind"), "PodList");
	ck_assert_uint_eq(node_count(node_get(root, "items")), 0);
	ck_assert_uint_eq(g.n, 3000);
	ck_assert_uint_eq(g.managed, 0);
	ck_assert_str_eq(g.last_name, "p2999");
	/* the page never held its items: a small part of the whole tree */
	ck_assert_ptr_nonnull(load_tree(whole, "page", text, n, NULL, &d));
	ck_assert_uint_lt(arena_used(page) * 20, arena_used(whole));
	arena_free(g.a);
	arena_free(page);
	arena_free(whole);
	free(text);
}
END_TEST

/*
 * A workload whose metadata is a sequence is an error, never a mapping
 * built from the sequence's items (their labels are put aside only in a
 * mapping).
 */
START_TEST(test_owned_metadata_not_mapping)
{
	static const char text[] =
	    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n- x\nspec: "
	    "{}\n---\napiVersion: v1\nkind: Pod\nmetadata: [name, p]\nspec: "
	    "{containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: "
	    "Pod\nmetadata: {name: q, namespace: a, labels: {app: w}}\nspec: "
	    "{containers: [{name: c, image: x}]}\n";
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };

	prune_set_reads(check_reads);
	ck_assert_int_eq(
	    load_buffer(a, inv, "t.yaml", text, strlen(text), NULL, &errs), 1);
	prune_set_reads(NULL);
	ck_assert_uint_eq(errs.n, 2);
	inventory_finish(inv);
	ck_assert_uint_eq(inventory_size(inv), 1);
	ck_assert_str_eq(
	    node_get_str(inventory_find(inv, "Pod", "a", "q")->labels, "app"),
	    "w");
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

/*
 * A cluster-info dump: pods.json comes before replicasets.json by name and
 * the items of its PodList name no kind.  The Lists' kinds say what the
 * items are, the files are read controllers first, and the Pods keep
 * their metadata only.
 */
START_TEST(test_dump_reads_controllers_first)
{
	struct scan *s =
	    scan_load("testdata/live/cluster-info-dump", true, check_reads);
	const struct kobj *pod =
	    inventory_find(s->inv, "Pod", "web", "web-5d8f-0");

	ck_assert_ptr_nonnull(pod);
	ck_assert_ptr_nonnull(pod->owner);
	ck_assert_str_eq(pod->owner->kind, "ReplicaSet");
	ck_assert_ptr_null(node_get(pod->root, "spec"));
	ck_assert_ptr_null(pod->labels);
	ck_assert_str_eq(pod->kind, "Pod");
	ck_assert_uint_eq(inventory_deferred_released(s->inv), 0);
	/* a Pod with no controller keeps its spec */
	pod = inventory_find(s->inv, "Pod", "kube-system", "coredns-1");
	ck_assert_ptr_nonnull(pod);
	ck_assert_ptr_null(pod->owner);
	ck_assert_ptr_nonnull(node_get(pod->root, "spec"));
	scan_free(s);
}
END_TEST

/* A snapshot list larger than the cap on text held whole still loads. */
START_TEST(test_snapshot_list_streams)
{
	char dir[] = "/tmp/threatmap-scalemem-snap-XXXXXX", path[256];
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };
	struct snapshot_info m;
	struct diag d;
	size_t len;
	char *text = configmaps(3000, false, &len);
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/configmaps.json", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
		"{\"formatVersion\":%d,\"complete\":true,\"resources\":"
		"[{\"group\":\"\",\"version\":\"v1\",\"kind\":"
		"\"ConfigMap\",\"file\":\"configmaps.json\"}]}",
		SNAPSHOT_FORMAT_VERSION);
	ck_assert_int_eq(fclose(f), 0);
	input_limit_set(64 * 1024);
	stream_limit_set(len + 1);
	ck_assert_uint_gt(len, 64 * 1024);
	ck_assert_int_eq(snapshot_read(a, inv, dir, &m, &errs, &d), 0);
	input_limit_reset();
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_uint_eq(inventory_size(inv), 3000);
	ck_assert_str_eq(inventory_object(inv, 2999)->name, "cm-2999");
	ck_assert_uint_gt(inventory_object(inv, 2999)->line, 0);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(tu_run(path, NULL), 0);
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
	free(text);
}
END_TEST

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) &&                    \
    !defined(__SANITIZE_THREAD__)
#define MMAP_THRESHOLD_TESTED
/*
 * A scan keeps glibc's mmap threshold at its start: a block of 4 MiB
 * freed does not make the next block of 2 MiB come from the heap (where
 * its pages would stay resident once it is freed), it is mapped.
 */
START_TEST(test_mmap_threshold_kept)
{
	struct scan *s = scan_new();
	char *big = malloc((size_t)4 << 20), *p;
	size_t held, before, after;

	ck_assert_ptr_nonnull(big);
	memset(big, 1, 4096);
	held = mallinfo2().hblks;
	free(big);
	if (!held) {
		/* a malloc other than glibc's (valgrind's) has no threshold */
		scan_free(s);
		fprintf(stderr, "test_mmap_threshold_kept: skipped, malloc "
				"is not glibc's\n");
		return;
	}
	before = mallinfo2().hblks;
	p = malloc((size_t)2 << 20);
	ck_assert_ptr_nonnull(p);
	after = mallinfo2().hblks;
	free(p);
	scan_free(s);
	ck_assert_uint_eq(after, before + 1);
}
END_TEST
#endif

Suite *suite_scalemem(void)
{
	Suite *s = suite_create("scalemem");
	TCase *tc = tcase_create("limits");

	tcase_add_loop_test(tc, test_stream_cap_not_held_cap, 0, 2);
	tcase_add_test(tc, test_yaml_document_capped_as_held);
	tcase_add_test(tc, test_yaml_pipe_past_cap);
	tcase_add_test(tc, test_yaml_pipe_hold);
	tcase_add_test(tc, test_list_page_items_streamed);
	tcase_add_test(tc, test_snapshot_list_streams);
	tcase_add_test(tc, test_dump_reads_controllers_first);
	tcase_add_test(tc, test_owned_metadata_not_mapping);
	tcase_add_loop_test(
	    tc, test_look_ahead, 0,
	    (int)(sizeof(ahead_cases) / sizeof(ahead_cases[0])));
	tcase_add_test(tc, test_look_ahead_unread);
	tcase_add_test(tc, test_expected_entry);
#ifdef MMAP_THRESHOLD_TESTED
	tcase_add_test(tc, test_mmap_threshold_kept);
#endif
	suite_add_tcase(s, tc);
	tc = tcase_create("declared");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_declared_pruning_changes_no_finding);
	tcase_add_test(tc, test_declared_pruning_real_clusters);
	tcase_add_test(tc, test_declared_pruning_drops);
	tcase_add_test(tc, test_declared_pruning_service_spec);
	tcase_add_test(tc, test_declared_metadata_by_kind);
	tcase_add_loop_test(tc, test_declaration_member_needed, 0, 18);
	tcase_add_test(tc, test_list_metadata_kept);
	tcase_add_test(tc, test_uid_transient);
	tcase_add_loop_test(tc, test_owned_metadata_only, 0,
			    sizeof(owned_cases) / sizeof(owned_cases[0]));
	tcase_add_test(tc, test_node_hollow);
	tcase_add_test(tc, test_podspec_text_shared);
	tcase_add_loop_test(tc, test_object_index, 0, 14);
	tcase_add_loop_test(tc, test_node_remove, 0, 10);
	tcase_add_loop_test(tc, test_node_remove_transient, 0, 10);
	tcase_add_test(tc, test_object_shapes);
	tcase_add_test(tc, test_loader_objects_whole);
	tcase_add_test(tc, test_node_copy_bytes);
	tcase_add_loop_test(tc, test_node_header, 0,
			    sizeof(header_cases) / sizeof(header_cases[0]));
	tcase_add_loop_test(tc, test_prune_keeps_long, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
