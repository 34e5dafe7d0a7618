/*
 * Snapshots: `snapshot -d DIR` against the test API server (modes,
 * meta.json, redaction, refusal to overwrite), `scan --snapshot` of it and
 * of a kubectl cluster-info dump, and the invariant that a live scan, a
 * scan of its snapshot and a scan of the same objects as manifests report
 * the same findings.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apiserver.h"
#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"
#include "kube/snapshot.h"

#define CANARY	   "THREATMAP-CANARY-7f3c9a"
#define CANARY_B64 "VEhSRUFUTUFQLUNBTkFSWS03ZjNjOWE="

static char kc[700];

static const char *fmt_path(const char *dir, const char *name)
{
	static char buf[4][1200];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

/* A kubeconfig for server s with the given token. */
static void snap_kubeconfig(const struct srv *s, const char *token)
{
	char cluster[1200], user[200];

	snprintf(kc, sizeof(kc), "%s/kubeconfig.json", live_dir("snap-kc"));
	snprintf(cluster, sizeof(cluster),
		 "\"server\":\"https://localhost:%d\","
		 "\"certificate-authority\":\"%s/ca.crt\"",
		 s->port, live_certs);
	snprintf(user, sizeof(user), "\"token\":\"%s\"", token);
	write_kubeconfig(kc, cluster, user);
}

/* Run the binary with a clean environment; stdout+stderr in *out. */
static int bin(char **out, const char *args)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG -u KUBERNETES_SERVICE_HOST HOME='%s' "
		 "'%s' %s 2>&1",
		 live_tmp, tu_bin(), args);
	return tu_run(cmd, out);
}

/* Sorted, newline-joined fingerprints of a JSON report (malloc'ed). */
static char *fingerprints(const char *path)
{
	struct arena *a = arena_new();
	struct diag d;
	size_t len, i, n;
	char *text = tu_read_file(path, &len), *out;
	const struct node *root, *fs;
	const char **v;
	struct sbuf sb = SBUF_INIT;

	ck_assert_msg(text != NULL, "no report %s", path);
	root = load_tree(a, path, text, len, NULL, &d);
	ck_assert_msg(root != NULL, "%s", d.msg);
	fs = node_get(root, "findings");
	n = node_count(fs);
	v = calloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = node_get_str(node_at(fs, i), "fingerprint");
	for (i = 1; i < n; i++) { /* insertion sort: a few dozen entries */
		size_t j = i;
		while (j && strcmp(v[j - 1], v[j]) > 0) {
			const char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
			j--;
		}
	}
	for (i = 0; i < n; i++)
		if (sbuf_addf(&sb, "%s\n", v[i]))
			abort();
	out = sbuf_detach(&sb, NULL);
	free(v);
	free(text);
	arena_free(a);
	return out;
}

/* Every regular file of dir: mode (0: any), no canary, no token. */
static size_t check_files(const char *dir, const char *token, unsigned mode)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp))) {
		char p[1200];
		struct stat st;
		char *text;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		ck_assert_int_eq(stat(p, &st), 0);
		ck_assert_msg(!mode || (st.st_mode & 07777) == mode,
			      "%s mode %o", p, st.st_mode & 07777);
		text = tu_read_file(p, NULL);
		ck_assert_msg(!strstr(text, CANARY) &&
				  !strstr(text, CANARY_B64),
			      "canary in %s", p);
		ck_assert_msg(!strstr(text, token), "token in %s", p);
		ck_assert_msg(!strstr(text, "managedFields"), "%s", p);
		ck_assert_msg(!strstr(text, "last-applied-configuration"), "%s",
			      p);
		free(text);
		n++;
	}
	closedir(dp);
	return n;
}

START_TEST(test_snapshot_write_and_parity)
{
	struct srv s;
	struct stat st;
	char *out, *meta, *fl, *fs, *fm, *pods, args[2500];
	char dir[600], rep[600];
	int rc;

	srv_start(&s, NULL);
	snap_kubeconfig(&s, "admin-token");
	snprintf(dir, sizeof(dir), "%s", live_dir("snap"));
	rmdir(dir); /* snapshot creates it */
	snprintf(args, sizeof(args), "snapshot -d '%s' --kubeconfig '%s' -v 1",
		 dir, kc);
	rc = bin(&out, args);
	ck_assert_msg(rc == 0, "snapshot failed: %s", out);
	/* -v logs requests, never the token or a secret value */
	ck_assert_ptr_nonnull(strstr(out, "GET https://localhost:"));
	ck_assert_ptr_null(strstr(out, "admin-token"));
	ck_assert_ptr_null(strstr(out, CANARY_B64));
	free(out);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0700);
	ck_assert_uint_ge(check_files(dir, "admin-token", 0600), 20);
	meta = tu_read_file(fmt_path(dir, "meta.json"), NULL);
	ck_assert_ptr_nonnull(strstr(meta, "\"formatVersion\": 1"));
	ck_assert_ptr_nonnull(
	    strstr(meta, "\"serverVersion\": \"v1.30.2-threatmap-test\""));
	ck_assert_ptr_nonnull(strstr(meta, "\"context\": \"test\""));
	ck_assert_ptr_nonnull(strstr(meta, "\"file\": \"pods.json\""));
	ck_assert_ptr_nonnull(
	    strstr(meta, "\"file\": \"clusterpolicies.kyverno.io.json\""));
	ck_assert_ptr_nonnull(strstr(meta, "\"collectedAt\": \"20"));
	free(meta);
	/* items carry apiVersion and kind although the API left them out */
	pods = tu_read_file(fmt_path(dir, "pods.json"), NULL);
	ck_assert_uint_eq(
	    count_str(pods, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\""), 4);
	free(pods);

	/* an existing snapshot is not overwritten without --force */
	rc = bin(&out, args);
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "--force"));
	free(out);
	snprintf(args, sizeof(args),
		 "snapshot -d '%s' --kubeconfig '%s' --force", dir, kc);
	rc = bin(&out, args);
	ck_assert_msg(rc == 0, "%s", out);
	free(out);

	/* live, snapshot and manifests: the same findings */
	snprintf(rep, sizeof(rep), "%s", live_dir("reports"));
	snprintf(args, sizeof(args),
		 "scan --kubeconfig '%s' -q -o json=%s/live.json", kc, rep);
	rc = bin(&out, args);
	srv_stop(&s);
	ck_assert_msg(rc == 0 || rc == 1, "live scan: %s", out);
	free(out);
	snprintf(args, sizeof(args),
		 "scan --snapshot '%s' -q -o json=%s/snap.json", dir, rep);
	rc = bin(&out, args);
	ck_assert_msg(rc == 0 || rc == 1, "snapshot scan: %s", out);
	free(out);
	snprintf(
	    args, sizeof(args),
	    "scan -R -f testdata/live/cluster -q -o json=%s/manifests.json",
	    rep);
	rc = bin(&out, args);
	ck_assert_msg(rc == 0 || rc == 1, "manifest scan: %s", out);
	free(out);
	fl = fingerprints(fmt_path(rep, "live.json"));
	fs = fingerprints(fmt_path(rep, "snap.json"));
	fm = fingerprints(fmt_path(rep, "manifests.json"));
	ck_assert_uint_ge(count_str(fl, "\n"), 5);
	ck_assert_str_eq(fl, fs);
	ck_assert_str_eq(fl, fm);
	free(fl);
	free(fs);
	free(fm);
	ck_assert_uint_eq(check_files(rep, "admin-token", 0), 3);
}
END_TEST

START_TEST(test_snapshot_keeps_coverage_gaps)
{
	struct srv s;
	struct arena *a;
	struct inventory *inv;
	struct snapshot_info m;
	struct diag_list errs = DIAG_LIST_INIT;
	struct diag d;
	char *out, *meta, args[2500];
	const char *dir;
	int rc;

	srv_start(
	    &s, "{\"tokens\":{\"limited-token\":\"limited\"},"
		"\"forbid\":{\"limited\":[\"secrets\",\"clusterrolebindings\","
		"\"roles@payments\"]}}");
	snap_kubeconfig(&s, "limited-token");
	dir = live_dir("gaps");
	snprintf(args, sizeof(args),
		 "snapshot -d '%s' --kubeconfig '%s' --force", dir, kc);
	rc = bin(&out, args);
	srv_stop(&s);
	ck_assert_msg(rc == 0, "%s", out);
	ck_assert_ptr_nonnull(
	    strstr(out, "could not list roles in namespace 'payments'"));
	free(out);
	meta = tu_read_file(fmt_path(dir, "meta.json"), NULL);
	ck_assert_ptr_nonnull(
	    strstr(meta, "\"kind\": \"Secret\",\n      \"namespace\": null"));
	ck_assert_ptr_nonnull(strstr(
	    meta, "\"kind\": \"Role\",\n      \"namespace\": \"payments\""));
	ck_assert_ptr_null(strstr(meta, "\"file\": \"secrets.json\""));
	free(meta);

	a = arena_new();
	inv = inventory_new(a);
	ck_assert_int_eq(snapshot_read(a, inv, dir, &m, &errs, &d), 0);
	inventory_finish(inv);
	ck_assert_str_eq(m.format, "threatmap");
	ck_assert_str_eq(m.context, "test");
	ck_assert(!inventory_can_see(inv, "Secret", NULL));
	ck_assert(!inventory_can_see(inv, "ClusterRoleBinding", NULL));
	ck_assert(!inventory_can_see(inv, "Role", "payments"));
	ck_assert(inventory_can_see(inv, "Role", "web"));
	ck_assert_ptr_nonnull(inventory_find(inv, "Pod", "web", "web-5d8f-1"));
	ck_assert_uint_eq(errs.n, 0);
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

START_TEST(test_cluster_info_dump)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct snapshot_info m;
	struct diag_list errs = DIAG_LIST_INIT;
	struct diag d;
	const struct kobj *o;
	char *out;
	int rc;

	rc = snapshot_read(a, inv, "testdata/live/cluster-info-dump", &m, &errs,
			   &d);
	ck_assert_msg(rc == 0, "%s", d.msg);
	inventory_finish(inv);
	ck_assert_str_eq(m.format, "cluster-info-dump");
	ck_assert_msg(errs.n == 0, "%s", errs.n ? errs.v[0].msg : "");
	/* typed lists without per-item kinds get them from the list */
	o = inventory_find(inv, "Pod", "web", "web-5d8f-0");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->api_version, "v1");
	ck_assert_ptr_nonnull(
	    strstr(o->file, "cluster-info-dump/web/pods.json"));
	ck_assert_uint_gt(o->line, 1);
	o = inventory_find(inv, "Deployment", "web", "web");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->api_version, "apps/v1");
	ck_assert_ptr_nonnull(inventory_find(inv, "Node", NULL, "node-1"));
	ck_assert_ptr_nonnull(
	    inventory_find(inv, "DaemonSet", "kube-system", "node-agent"));
	ck_assert_uint_eq(inventory_size(inv), 10);
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);

	rc = bin(&out, "scan --snapshot testdata/live/cluster-info-dump -q "
		       "--format json");
	ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
	free(out);
	rc = bin(&out, fmt_path("scan --snapshot ", live_dir("empty")));
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "neither a threatmap snapshot"));
	free(out);
}
END_TEST

/*
 * Every SARIF result of report path carries a physical location: a file
 * and a line.  Returns the number of results.
 */
static size_t sarif_located(const char *path)
{
	struct arena *a = arena_new();
	struct diag d;
	size_t len, i, n;
	char *text = tu_read_file(path, &len);
	const struct node *root, *res;

	ck_assert_msg(text != NULL, "no report %s", path);
	root = load_tree(a, path, text, len, NULL, &d);
	ck_assert_msg(root != NULL, "%s", d.msg);
	res = node_get(node_at(node_get(root, "runs"), 0), "results");
	n = node_count(res);
	for (i = 0; i < n; i++) {
		const struct node *pl =
		    node_get(node_at(node_get(node_at(res, i), "locations"), 0),
			     "physicalLocation");
		const char *uri =
		    node_get_str(node_get(pl, "artifactLocation"), "uri");
		long long line = 0;

		ck_assert_msg(uri && *uri, "%s: result %zu has no file", path,
			      i);
		ck_assert_msg(
		    node_int(node_get(node_get(pl, "region"), "startLine"),
			     &line) &&
			line >= 1,
		    "%s: result %zu has no line", path, i);
	}
	free(text);
	arena_free(a);
	return n;
}

/*
 * The committed snapshot of the demo cluster (tests/make-demo-snapshot.sh)
 * and the demo manifests give the same findings, and its SARIF places
 * every result in a file.
 */
START_TEST(test_demo_snapshot_parity)
{
	const char *snap = "testdata/snapshots/demo";
	char args[3000], rep[600], *out, *fs, *fm;
	int rc;

	ck_assert_uint_ge(check_files(snap, "demo-token", 0), 20);
	snprintf(rep, sizeof(rep), "%s", live_dir("demo"));
	snprintf(args, sizeof(args),
		 "scan --snapshot %s -q -o json=%s/snap.json "
		 "-o sarif=%s/snap.sarif",
		 snap, rep, rep);
	rc = bin(&out, args);
	ck_assert_msg(rc == 1, "snapshot scan exited %d: %s", rc, out);
	ck_assert_msg(!*out, "snapshot scan said: %s", out);
	free(out);
	snprintf(args, sizeof(args),
		 "scan -R -f testdata/demo -q -o json=%s/manifests.json", rep);
	rc = bin(&out, args);
	ck_assert_msg(rc == 1, "manifest scan exited %d: %s", rc, out);
	free(out);
	fs = fingerprints(fmt_path(rep, "snap.json"));
	fm = fingerprints(fmt_path(rep, "manifests.json"));
	ck_assert_uint_ge(count_str(fs, "\n"), 20);
	ck_assert_str_eq(fs, fm);
	ck_assert_uint_eq(sarif_located(fmt_path(rep, "snap.sarif")),
			  count_str(fs, "\n"));
	free(fs);
	free(fm);
}
END_TEST

Suite *suite_snapshot(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("snapshot");

	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_snapshot_write_and_parity);
	tcase_add_test(tc, test_snapshot_keeps_coverage_gaps);
	tcase_add_test(tc, test_cluster_info_dump);
	tcase_add_test(tc, test_demo_snapshot_parity);
	suite_add_tcase(s, tc);
	return s;
}
