/*
 * A snapshot written while the cluster is collected (kube_opts.sink,
 * snapshot_stream_*): against the test API server with pages cut in the
 * middle, an expired continue token, retried errors, a list denied
 * cluster-wide and read namespace by namespace, and the kubelets'
 * configurations, its directory must be byte for byte the one written
 * from the same objects collected into an inventory first -- nothing
 * lost, nothing twice -- while the inventory itself stays empty.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apiserver.h"
#include "diag.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"
#include "kube/snapshot.h"
#include "safefile.h"
#include "scan.h"
#include "testutil.h"

/* The faults of one run: each is used up, so every run starts a server. */
static const char faults[] =
    "{\"tokens\":{\"admin-token\":\"limited\"},"
    "\"forbid\":{\"limited\":[\"roles@payments\"]},"
    "\"faults\":["
    /* the first page of Pods cut after its first item, then the second
     * page cut too, then the second page's token expired: the list is
     * read again from the start */
    "{\"path\":\"/api/v1/pods\",\"type\":\"cut\",\"times\":1},"
    "{\"path\":\"/api/v1/pods\",\"type\":\"cut\",\"continue\":true,"
    "\"times\":1},"
    "{\"path\":\"/api/v1/pods\",\"type\":\"gone\",\"times\":1},"
    "{\"path\":\"/api/v1/services\",\"type\":\"503\",\"times\":1},"
    "{\"path\":\"/api/v1/configmaps\",\"type\":\"cut\",\"times\":1},"
    "{\"path\":\"/apis/rbac.authorization.k8s.io/v1/namespaces/web/"
    "roles\",\"type\":\"cut\","
    "\"times\":1}]}";

static char kcpath[700];

/* dir/name in a static buffer (four at a time). */
static const char *pathof(const char *dir, const char *name)
{
	static char buf[4][1200];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

struct collected {
	struct scan *s;
	struct kube_target t;
	struct kube_report rep;
	char *log;
};

static void noop_log(void *ctx, enum kube_log_level lvl, const char *msg)
{
	(void)ctx;
	(void)lvl;
	(void)msg;
}

/*
 * Serve testdata/live with the faults and collect it two objects a page,
 * kubelet configurations included, into r->s->inv or into sink.
 */
static void collect(struct collected *r, const struct kube_sink *sink)
{
	struct kubeconfig_opts ko = { 0 };
	struct kube_opts o = { 0 };
	extern char **environ;
	char cluster[1200];
	struct srv srv;
	struct diag d;
	int rc;

	memset(r, 0, sizeof(*r));
	ck_assert(srv_start(&srv, faults));
	snprintf(kcpath, sizeof(kcpath), "%s/kubeconfig.json",
		 live_dir("snapstream-kc"));
	snprintf(cluster, sizeof(cluster),
		 "\"server\":\"https://localhost:%d\","
		 "\"certificate-authority\":\"%s/ca.crt\"",
		 srv.port, live_certs);
	write_kubeconfig(kcpath, cluster, "\"token\":\"admin-token\"");
	r->s = scan_new();
	ko.kubeconfig = kcpath;
	rc = kubeconfig_load(r->s->arena, &ko, &r->t, &d);
	ck_assert_msg(rc == 0, "%s", d.msg);
	o.target = &r->t;
	o.request_timeout_ms = 10000;
	o.backoff_ms = 20;
	o.page_limit = 2;
	o.kubelet_config = true;
	o.envp = (const char *const *)environ;
	o.log = noop_log;
	o.sink = sink;
	rc = kube_collect(r->s->arena, r->s->inv, &o, &r->rep, &r->s->errors,
			  &d);
	r->log = srv_log(&srv);
	if (getenv("SNAP_DEBUG"))
		fprintf(stderr, "%s\n", r->log);
	srv_stop(&srv);
	ck_assert_msg(rc == 0, "%s", d.msg);
}

static void info(struct snapshot_info *m, const unsigned char *key)
{
	memset(m, 0, sizeof(*m));
	m->tool = "threatmap test";
	m->server_version = "v1.30.2-threatmap-test";
	m->context = "test";
	m->cluster = "https://localhost";
	m->collected_at = "2026-01-01T00:00:00Z";
	m->mask_key = key;
	m->mask_key_len = 32;
}

/* Entries of dir other than "." and "..". */
static size_t entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(dp);
	return n;
}

/* Every file of a is in b with the same bytes, and b has no others. */
static size_t same_dirs(const char *a, const char *b)
{
	DIR *dp = opendir(a);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp))) {
		char pa[1200], pb[1200];
		char *ta, *tb;
		size_t la, lb;

		if (e->d_name[0] == '.')
			continue;
		snprintf(pa, sizeof(pa), "%s/%s", a, e->d_name);
		snprintf(pb, sizeof(pb), "%s/%s", b, e->d_name);
		ta = tu_read_file(pa, &la);
		tb = tu_read_file(pb, &lb);
		ck_assert_msg(ta && tb, "%s: missing in one of them",
			      e->d_name);
		ck_assert_msg(la == lb && !memcmp(ta, tb, la),
			      "%s differs:\n%s\n--\n%s", e->d_name, ta, tb);
		free(ta);
		free(tb);
		n++;
	}
	closedir(dp);
	/* no other file in either, no temporary one left behind */
	ck_assert_uint_eq(entries(a), n);
	ck_assert_uint_eq(entries(b), n);
	return n;
}

START_TEST(test_stream_equals_inventory_snapshot)
{
	unsigned char key[32];
	struct snapshot_info m;
	struct snapshot_stream *ss;
	struct collected inv, st;
	struct diag d;
	char dir_inv[600], dir_st[600];
	char *pods, *roles;
	int rc;

	memset(key, 'k', sizeof(key));
	info(&m, key);
	snprintf(dir_inv, sizeof(dir_inv), "%s", live_dir("snap-inv"));
	snprintf(dir_st, sizeof(dir_st), "%s", live_dir("snap-stream"));
	rmdir(dir_st); /* the stream makes it */

	collect(&inv, NULL);
	ck_assert_uint_gt(inventory_size(inv.s->inv), 20);
	rc = snapshot_write(dir_inv, true, &m, inv.s->inv, &inv.rep, &d);
	ck_assert_msg(rc == 0, "%s", d.msg);

	rc = snapshot_stream_open(dir_st, false, &m, &ss, &d);
	ck_assert_msg(rc == 0, "%s", d.msg);
	collect(&st, snapshot_stream_sink(ss));
	/* the objects went to the stream, not the inventory */
	ck_assert_uint_eq(inventory_size(st.s->inv), 0);
	ck_assert_uint_eq(st.rep.objects, inventory_size(inv.s->inv));
	ck_assert_uint_eq(st.rep.objects, inv.rep.objects);
	rc = snapshot_stream_finish(ss, &m, st.s->inv, &st.rep, &d);
	ck_assert_msg(rc == 0, "%s", d.msg);
	snapshot_stream_free(ss);

	/* the faults were met, in both runs */
	ck_assert_uint_ge(st.rep.restarts, 1);
	ck_assert_uint_ge(st.rep.retries, 4);
	ck_assert_uint_eq(st.rep.restarts, inv.rep.restarts);
	ck_assert_uint_eq(st.rep.retries, inv.rep.retries);
	ck_assert_uint_ge(
	    count_str(st.log, "\"path\": \"/apis/rbac.authorization.k8s.io/"
			      "v1/namespaces/"
			      "payments/roles\""),
	    1);
	ck_assert_uint_ge(count_str(st.log, "/proxy/configz"), 1);

	ck_assert_uint_ge(same_dirs(dir_inv, dir_st), 20);
	/* each Pod once although its page was read three times */
	pods = tu_read_file(pathof(dir_st, "pods.json"), NULL);
	ck_assert_uint_eq(count_str(pods, "\"kind\":\"Pod\""), 4);
	free(pods);
	/* the one Role is in the namespace the user may not list */
	roles = tu_read_file(pathof(dir_st, "roles.json"), NULL);
	ck_assert_ptr_nonnull(roles);
	ck_assert_ptr_null(strstr(roles, "secret-reader"));
	ck_assert_ptr_nonnull(strstr(roles, "\"items\":["));
	free(roles);
	free(inv.log);
	free(st.log);
	scan_free(inv.s);
	scan_free(st.s);
}
END_TEST

/*
 * The directory is judged before anything is collected, and a directory
 * the stream made is gone again when the snapshot is not finished.
 */
START_TEST(test_stream_directory)
{
	unsigned char key[32];
	struct snapshot_info m;
	struct snapshot_stream *ss;
	struct diag d;
	char dir[600];
	struct stat st;
	FILE *f;

	memset(key, 'k', sizeof(key));
	info(&m, key);
	snprintf(dir, sizeof(dir), "%s", live_dir("snap-abandoned"));
	rmdir(dir);
	ck_assert_int_eq(snapshot_stream_open(dir, false, &m, &ss, &d), 0);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0700);
	snapshot_stream_free(ss);
	ck_assert_int_ne(stat(dir, &st), 0);

	/* not empty, no --force: refused at once */
	snprintf(dir, sizeof(dir), "%s", live_dir("snap-busy"));
	f = fopen(pathof(dir, "notes.txt"), "w");
	ck_assert_ptr_nonnull(f);
	fputs("mine\n", f);
	fclose(f);
	ck_assert_int_eq(snapshot_stream_open(dir, false, &m, &ss, &d),
			 DIAG_USAGE);
	ck_assert_ptr_null(ss);
	ck_assert_ptr_nonnull(strstr(d.msg, "--force"));
	/* --force, but what is there is no snapshot: refused at once too */
	ck_assert_int_eq(snapshot_stream_open(dir, true, &m, &ss, &d),
			 DIAG_USAGE);
	ck_assert_ptr_nonnull(strstr(d.msg, "no readable meta.json"));
	ck_assert_int_eq(stat(pathof(dir, "notes.txt"), &st), 0);

	/* a short mask key */
	m.mask_key_len = 8;
	ck_assert_int_eq(snapshot_stream_open(dir, true, &m, &ss, &d),
			 DIAG_USAGE);
}
END_TEST

/* The scratch file: readable back, 0600, and never seen in its directory. */
START_TEST(test_scratch_file)
{
	const char *dir = live_dir("scratch");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct diag d;
	struct stat st;
	char buf[8];
	int k;

	ck_assert_int_ge(dfd, 0);
	for (k = 0; k < 2; k++) {
		int fd = k ? safefile_scratch_named_at(dfd, dir, &d)
			   : safefile_scratch_at(dfd, dir, &d);

		ck_assert_msg(fd >= 0, "%s", d.msg);
		ck_assert_uint_eq(entries(dir), 0);
		ck_assert_int_eq(safefile_write_all(fd, "abcdef", 6), 0);
		ck_assert_int_eq(pread(fd, buf, 3, 2), 3);
		ck_assert(!memcmp(buf, "cde", 3));
		ck_assert_int_eq(fstat(fd, &st), 0);
		ck_assert_uint_eq(st.st_mode & 0777, 0600);
		close(fd);
		ck_assert_uint_eq(entries(dir), 0);
	}
	/* a directory that cannot be written to */
	ck_assert_int_eq(fchmod(dfd, 0500), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(safefile_scratch_at(dfd, dir, &d), DIAG_IO);
		ck_assert_ptr_nonnull(strstr(d.msg, dir));
	}
	close(dfd);
}
END_TEST

Suite *suite_snapstream(void)
{
	Suite *s = suite_create("snapstream");
	TCase *tc = tcase_create("snapstream");

	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_stream_equals_inventory_snapshot);
	tcase_add_test(tc, test_stream_directory);
	tcase_add_test(tc, test_scratch_file);
	suite_add_tcase(s, tc);
	return s;
}
