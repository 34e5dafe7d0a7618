/*
 * Hardening: coverage under partial 403s, reports and snapshots written
 * safely in a shared directory, credentials kept off plain HTTP and out of
 * printed messages, bounded reads, and the small edge cases around them.
 * Every case here failed before its fix.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cred.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/snapshot.h"
#include "policy.h"
#include "sbuf.h"
#include "checks/registry.h"
#include "scan.h"
#include "testutil.h"

/* ---- coverage ---- */

static const char privileged_deploy[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: web\n"
    "        image: nginx:1.27\n"
    "        securityContext: {privileged: true}\n";

static const struct check_result *result_for(const struct check_result *res,
					     size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(res[i].check->id, id))
			return &res[i];
	return NULL;
}

START_TEST(test_pods_forbidden_deployments_read)
{
	struct scan *s = tu_scan_text(privileged_deploy);
	const struct check_result *r;
	struct check_result *res;
	struct findings f;
	size_t n;

	ck_assert_ptr_nonnull(s);
	inventory_forbid(s->inv, "Pod", NULL);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &res, &n),
			 0);
	r = result_for(res, n, "privileged-container");
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(r->status == CHECK_FAILED,
		      "privileged-container is %s, expected failed",
		      check_status_name(r->status));
	ck_assert(r->partial);
	ck_assert_ptr_nonnull(strstr(r->why, "could not list Pod"));
	ck_assert_uint_ge(r->findings, 1);
	free(res);
	findings_release(&f);
	scan_free(s);
}
END_TEST

START_TEST(test_every_workload_kind_forbidden_is_blind)
{
	static const char *const kinds[] = {
		"Pod",	     "Deployment", "StatefulSet",
		"DaemonSet", "ReplicaSet", "ReplicationController",
		"Job",	     "CronJob",
	};
	struct scan *s = tu_scan_text(privileged_deploy);
	const struct check_result *r;
	struct check_result *res;
	struct findings f;
	size_t n, i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		inventory_forbid(s->inv, kinds[i], NULL);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &res, &n),
			 0);
	r = result_for(res, n, "privileged-container");
	ck_assert_int_eq(r->status, CHECK_NOT_VISIBLE);
	free(res);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* ---- reports written safely ---- */

#define FIRING	    "testdata/checks/privileged-container/fire/cronjob.yaml"
#define VICTIM_TEXT "root's file, not to be touched\n"

/* A fresh directory: sticky and world-writable like /tmp when shared. */
static char *tmp_dir(bool shared)
{
	char tpl[] = "/tmp/threatmap-harden-XXXXXX";
	char *d = mkdtemp(tpl);

	ck_assert_ptr_nonnull(d);
	if (shared)
		ck_assert_int_eq(chmod(d, 01777), 0);
	return strdup(d);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void put_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static void assert_victim_untouched(const char *victim, mode_t mode)
{
	struct stat st;
	char *text = tu_read_file(victim, NULL);

	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, VICTIM_TEXT);
	free(text);
	ck_assert_int_eq(stat(victim, &st), 0);
	ck_assert_msg((st.st_mode & 07777) == mode,
		      "'%s' mode changed to %o, expected %o", victim,
		      (unsigned)(st.st_mode & 07777), (unsigned)mode);
}

static int scan_to(const char *report, const char *sh)
{
	const struct tu_run_opts o = { .sh = sh };

	return tu_runf_opts(NULL, &o,
			    "scan -f " FIRING " -o json=%s >/dev/null", report);
}

static void rm_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_report_tmp_symlink_not_followed)
{
	char *dir = tmp_dir(true), *keep = tmp_dir(false);
	char *victim = join(keep, "victim");
	char *report = join(dir, "report.json");
	char *planted = join(dir, "report.json.tmp");
	struct stat st;

	put_file(victim, VICTIM_TEXT, 0600);
	ck_assert_int_eq(symlink(victim, planted), 0);
	ck_assert_int_eq(scan_to(report, NULL), 1);
	assert_victim_untouched(victim, 0600);
	ck_assert_int_eq(lstat(report, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(lstat(planted, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	rm_tree(dir);
	rm_tree(keep);
	free(victim);
	free(report);
	free(planted);
	free(dir);
	free(keep);
}
END_TEST

START_TEST(test_report_foreign_link_refused)
{
	char *dir = tmp_dir(true), *keep = tmp_dir(false);
	char *victim = join(keep, "victim");
	char *fresh = join(keep, "created-by-link");
	char *report = join(dir, "report.json");
	char *report2 = join(dir, "second.json");
	struct stat st;

	/* another user's links in a sticky directory, as root follows them */
	put_file(victim, VICTIM_TEXT, 0600);
	ck_assert_int_eq(symlink(victim, report), 0);
	ck_assert_int_eq(lchown(report, 65534, 65534), 0);
	ck_assert_int_eq(symlink(fresh, report2), 0);
	ck_assert_int_eq(lchown(report2, 65534, 65534), 0);
	ck_assert_int_eq(scan_to(report, NULL), 3);
	assert_victim_untouched(victim, 0600);
	ck_assert_int_eq(scan_to(report2, NULL), 3);
	ck_assert_int_ne(lstat(fresh, &st), 0);
	rm_tree(dir);
	rm_tree(keep);
	free(victim);
	free(fresh);
	free(report);
	free(report2);
	free(dir);
	free(keep);
}
END_TEST

START_TEST(test_report_mode_never_widened)
{
	char *dir = tmp_dir(false);
	char *report = join(dir, "report.json");
	char *fresh = join(dir, "fresh.json");
	struct stat st;

	put_file(report, "old", 0600);
	ck_assert_int_eq(scan_to(report, NULL), 1);
	ck_assert_int_eq(stat(report, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_gt(st.st_size, 10);
	/* the umask is respected on a new file */
	ck_assert_int_eq(scan_to(fresh, "umask 077; "), 1);
	ck_assert_int_eq(stat(fresh, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	unlink(fresh);
	ck_assert_int_eq(scan_to(fresh, "umask 022; "), 1);
	ck_assert_int_eq(stat(fresh, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	rm_tree(dir);
	free(report);
	free(fresh);
	free(dir);
}
END_TEST

/* ---- snapshots written safely ---- */

static struct kube_resource snap_res[] = {
	{ .group = "apps",
	  .version = "v1",
	  .resource = "deployments",
	  .kind = "Deployment",
	  .namespaced = true,
	  .served = true },
	{ .group = "",
	  .version = "v1",
	  .resource = "configmaps",
	  .kind = "ConfigMap",
	  .namespaced = true,
	  .served = true },
};

#define TEST_MASK_KEY "0123456789abcdef-test-key"

static int snapshot_of(const char *text, const char *dir, bool force,
		       const char *key, struct diag *d)
{
	struct scan *s = tu_scan_text(text);
	struct kube_report rep = { .res = snap_res, .nres = 2 };
	struct snapshot_info m = { .tool = "threatmap test",
				   .context = "test" };
	int rc;

	m.mask_key = (const unsigned char *)key;
	m.mask_key_len = strlen(key);
	rc = snapshot_write(dir, force, &m, s->inv, &rep, d);
	scan_free(s);
	return rc;
}

static int take_snapshot(const char *dir, bool force, struct diag *d)
{
	return snapshot_of(privileged_deploy, dir, force, TEST_MASK_KEY, d);
}

static int read_snapshot(const char *dir, struct diag *d)
{
	struct scan *s = scan_new();
	struct snapshot_info m;
	int rc;

	rc = snapshot_read(s->arena, s->inv, dir, &m, &s->errors, d);
	scan_free(s);
	return rc;
}

START_TEST(test_snapshot_dir_symlink_refused)
{
	char *base = tmp_dir(true), *keep = tmp_dir(false);
	char *victim = join(keep, "victim.json");
	char *link = join(base, "snap");
	struct diag d;

	put_file(victim, VICTIM_TEXT, 0644);
	ck_assert_int_eq(symlink(keep, link), 0);
	ck_assert_int_eq(take_snapshot(link, true, &d), DIAG_USAGE);
	ck_assert_ptr_nonnull(strstr(d.msg, "symbolic link"));
	assert_victim_untouched(victim, 0644);
	rm_tree(base);
	rm_tree(keep);
	free(victim);
	free(link);
	free(base);
	free(keep);
}
END_TEST

START_TEST(test_snapshot_foreign_dir_refused)
{
	char *base = tmp_dir(true);
	char *snap = join(base, "snap");
	struct diag d;

	ck_assert_int_eq(mkdir(snap, 0777), 0);
	ck_assert_int_eq(chown(snap, 65534, 65534), 0);
	ck_assert_int_eq(take_snapshot(snap, false, &d), DIAG_USAGE);
	ck_assert_ptr_nonnull(strstr(d.msg, "belongs to uid 65534"));
	rm_tree(base);
	free(snap);
	free(base);
}
END_TEST

START_TEST(test_snapshot_force_removes_only_its_files)
{
	char *base = tmp_dir(false);
	char *snap = join(base, "snap");
	char *mine = join(snap, "my-notes.json");
	char *dep = join(snap, "deployments.json");
	char *meta = join(snap, "meta.json");
	struct diag d;
	struct stat st;

	ck_assert_int_eq(take_snapshot(snap, false, &d), 0);
	ck_assert_int_eq(stat(dep, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	put_file(mine, VICTIM_TEXT, 0600);
	ck_assert_int_eq(take_snapshot(snap, false, &d), DIAG_USAGE);
	ck_assert_int_eq(take_snapshot(snap, true, &d), 0);
	assert_victim_untouched(mine, 0600);
	ck_assert_int_eq(read_snapshot(snap, &d), 0);
	/* a directory with files but no meta.json is not replaced */
	ck_assert_int_eq(unlinkat(AT_FDCWD, mine, 0), 0);
	ck_assert_int_eq(unlink(meta), 0);
	put_file(mine, VICTIM_TEXT, 0600);
	ck_assert_int_eq(take_snapshot(snap, true, &d), DIAG_USAGE);
	ck_assert_ptr_nonnull(strstr(d.msg, "meta.json"));
	rm_tree(base);
	free(snap);
	free(mine);
	free(dep);
	free(meta);
	free(base);
}
END_TEST

START_TEST(test_snapshot_incomplete_refused)
{
	char *base = tmp_dir(false);
	char *snap = join(base, "snap");
	char *meta = join(snap, "meta.json");
	char *text;
	struct diag d;

	ck_assert_int_eq(take_snapshot(snap, false, &d), 0);
	text = tu_read_file(meta, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"complete\": true"));
	free(text);
	/* interrupted before meta.json was completed */
	ck_assert_int_eq(unlink(meta), 0);
	ck_assert_int_ne(read_snapshot(snap, &d), 0);
	ck_assert_msg(strstr(d.msg, "interrupted threatmap snapshot"),
		      "message: %s", d.msg);
	put_file(meta,
		 "{\"formatVersion\": 1, \"resources\": [], "
		 "\"complete\": false}",
		 0600);
	ck_assert_int_eq(read_snapshot(snap, &d), DIAG_USAGE);
	ck_assert_msg(strstr(d.msg, "is incomplete"), "message: %s", d.msg);
	rm_tree(base);
	free(snap);
	free(meta);
	free(base);
}
END_TEST

START_TEST(test_snapshot_fifo_not_read)
{
	char *base = tmp_dir(false);
	char *snap = join(base, "snap");
	char *dep = join(snap, "deployments.json");
	struct scan *s = scan_new();
	struct snapshot_info m;
	struct diag d;

	/* a FIFO where the snapshot lists a file: an error, not a hang */
	ck_assert_int_eq(take_snapshot(snap, false, &d), 0);
	ck_assert_int_eq(unlink(dep), 0);
	ck_assert_int_eq(mkfifo(dep, 0600), 0);
	alarm(20);
	ck_assert_int_eq(
	    snapshot_read(s->arena, s->inv, snap, &m, &s->errors, &d), 0);
	alarm(0);
	ck_assert_uint_eq(s->errors.n, 1);
	ck_assert_ptr_nonnull(strstr(s->errors.v[0].msg, "not a regular file"));
	scan_free(s);
	rm_tree(base);
	free(snap);
	free(dep);
	free(base);
}
END_TEST

/* ---- credentials masked in snapshots ---- */

static const char with_secrets[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: api, namespace: shop}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: api}}\n"
    "  template:\n"
    "    metadata: {labels: {app: api}}\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: api\n"
    "        image: api:1.0\n"
    "        env:\n"
    "        - {name: DB_PASSWORD, value: hunter2-canary-pw}\n"
    "        - {name: LOG_LEVEL, value: debug}\n"
    "        - {name: EMPTY_TOKEN, value: ''}\n"
    "        - name: FROM_SECRET_TOKEN\n"
    "          valueFrom: {secretKeyRef: {name: s, key: k}}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: cfg, namespace: shop}\n"
    "data:\n"
    "  api_token: tok-canary-0123456789abcdef0123456789\n"
    "  region: eu-west-1\n";

static char *snapshot_text(const char *key, const char *file)
{
	char *base = tmp_dir(false), *snap = join(base, "snap");
	char *path = join(snap, file), *text;
	struct diag d;

	ck_assert_int_eq(snapshot_of(with_secrets, snap, false, key, &d), 0);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	rm_tree(base);
	free(base);
	free(snap);
	free(path);
	return text;
}

/* The hash part of the first masked value in text. */
static char *first_hmac(const char *text)
{
	const char *p = strstr(text, "hmac=");

	ck_assert_ptr_nonnull(p);
	return strndup(p + 5, 32);
}

START_TEST(test_snapshot_masks_credentials)
{
	char *dep = snapshot_text(TEST_MASK_KEY, "deployments.json");
	char *dep2 = snapshot_text(TEST_MASK_KEY, "deployments.json");
	char *other =
	    snapshot_text("another-key-0123456789", "deployments.json");
	char *cm = snapshot_text(TEST_MASK_KEY, "configmaps.json");
	char *h1 = first_hmac(dep), *h2 = first_hmac(dep2),
	     *h3 = first_hmac(other);

	ck_assert_ptr_null(strstr(dep, "hunter2-canary-pw"));
	ck_assert_ptr_nonnull(strstr(
	    dep, "\"name\":\"DB_PASSWORD\",\"value\":\"" CRED_MASKED_PREFIX));
	ck_assert_ptr_nonnull(strstr(dep, ":len=16-31:hmac="));
	/* what is not a credential stays; an empty value stays empty */
	ck_assert_ptr_nonnull(strstr(dep, "\"value\":\"debug\""));
	ck_assert_ptr_nonnull(
	    strstr(dep, "\"name\":\"EMPTY_TOKEN\",\"value\":\"\""));
	ck_assert_ptr_nonnull(strstr(dep, "secretKeyRef"));
	/* same key, same hash; another key, another hash */
	ck_assert_str_eq(h1, h2);
	ck_assert_str_ne(h1, h3);
	ck_assert_ptr_null(strstr(cm, "tok-canary"));
	ck_assert_ptr_nonnull(strstr(cm, "\"api_token\":\"" CRED_MASKED_PREFIX
					 "strong:len=32-63"));
	ck_assert_ptr_nonnull(strstr(cm, "\"region\":\"eu-west-1\""));
	free(dep);
	free(dep2);
	free(other);
	free(cm);
	free(h1);
	free(h2);
	free(h3);
}
END_TEST

/* ---- bounded reads ---- */

/* a hang fails the test instead of stalling the suite */
static const struct tu_run_opts bounded = { .env = "timeout 30" };

START_TEST(test_fifo_in_directory_skipped)
{
	char *dir = tmp_dir(false), *fifo = join(dir, "pipe.yaml");
	char *good = join(dir, "good.yaml"), *out;
	char *src = tu_read_file(FIRING, NULL);
	int rc;

	put_file(good, src, 0644);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	rc = tu_runf_opts(&out, &bounded, "scan -f %s -o json%s", dir, "");
	/* a warning, not an input error: the findings decide the status */
	ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "not a regular file"));
	ck_assert_ptr_nonnull(strstr(out, "privileged-container"));
	free(out);
	rm_tree(dir);
	free(src);
	free(dir);
	free(fifo);
	free(good);
}
END_TEST

START_TEST(test_max_input_size)
{
	char *dir = tmp_dir(false), *big = join(dir, "big.yaml"), *out;
	FILE *fp;
	int rc, i;

	/* an endless explicit input stops at the cap */
	rc = tu_runf_opts(&out, &bounded,
			  "scan -f /dev/zero --max-input-size 1M%s%s", "", "");
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "larger than the limit of 1048576"));
	free(out);
	/* a regular file over the cap */
	fp = fopen(big, "w");
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < 3000; i++)
		fprintf(fp, "# %0998d\n", i);
	fputs("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, "
	      "namespace: a}\n",
	      fp);
	fclose(fp);
	rc = tu_runf_opts(&out, &bounded, "scan -f %s --max-input-size 2M%s",
			  big, "");
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	free(out);
	rc = tu_runf_opts(&out, &bounded, "scan -f %s --max-input-size 4M%s",
			  big, "");
	ck_assert_msg(rc == 0 || rc == 1, "exit %d: %s", rc, out);
	free(out);
	/* baseline and exceptions inputs are capped too */
	rc = tu_runf_opts(&out, &bounded,
			  "scan -f " FIRING " --baseline /dev/zero "
			  "--max-input-size 1M%s%s",
			  "", "");
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "larger than 1048576 bytes"));
	free(out);
	rc = tu_runf_opts(&out, &bounded,
			  "scan -f " FIRING " --exceptions /dev/zero "
			  "--max-input-size 1M%s%s",
			  "", "");
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	free(out);
	rc = tu_runf_opts(&out, &bounded, "diff /dev/zero /dev/zero%s%s", "",
			  "");
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "larger than"));
	free(out);
	rc = tu_runf_opts(&out, &bounded,
			  "scan -f x.yaml --max-input-size 12Q%s%s", "", "");
	ck_assert_int_eq(rc, 2);
	free(out);
	rm_tree(dir);
	free(dir);
	free(big);
}
END_TEST

START_TEST(test_symlink_diamond_read_once)
{
	char *base = tmp_dir(false), path[700], target[700];
	const char *p[1];
	struct scan *s;
	int level;

	/* level L holds links a and b, both to level L+1: 2^14 paths */
	for (level = 0; level <= 14; level++) {
		snprintf(path, sizeof(path), "%s/l%d", base, level);
		ck_assert_int_eq(mkdir(path, 0755), 0);
	}
	for (level = 0; level < 14; level++) {
		snprintf(target, sizeof(target), "%s/l%d", base, level + 1);
		snprintf(path, sizeof(path), "%s/l%d/a", base, level);
		ck_assert_int_eq(symlink(target, path), 0);
		snprintf(path, sizeof(path), "%s/l%d/b", base, level);
		ck_assert_int_eq(symlink(target, path), 0);
	}
	snprintf(path, sizeof(path), "%s/l14/pod.yaml", base);
	put_file(path,
		 "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
		 "spec: {containers: [{name: c, image: i}]}\n",
		 0644);
	snprintf(path, sizeof(path), "%s/l0", base);
	p[0] = path;
	alarm(20);
	s = tu_scan_paths(p, 1);
	alarm(0);
	ck_assert_uint_eq(inventory_size(s->inv), 1);
	ck_assert_uint_eq(s->errors.n, 0);
	scan_free(s);
	rm_tree(base);
	free(base);
}
END_TEST

/* ---- --exclude-namespaces cannot stall a scan ---- */

START_TEST(test_exclude_namespaces_bounded)
{
	static const char ns_bad[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
	struct sbuf text = SBUF_INIT;
	struct check_result *res;
	struct policy_re *re;
	struct findings f;
	struct scan *s;
	struct diag d;
	size_t n, i;

	for (i = 0; i < 40; i++)
		ck_assert_int_eq(
		    sbuf_addf(&text,
			      "---\napiVersion: v1\nkind: Pod\n"
			      "metadata: {name: p%zu, namespace: %s}\n"
			      "spec: {containers: [{name: c, image: i:1, "
			      "securityContext: {privileged: true}}]}\n",
			      i, i % 2 ? ns_bad : "aaaa"),
		    0);
	s = tu_scan_text(text.buf);
	sbuf_release(&text);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &res, &n),
			 0);
	free(res);
	ck_assert_uint_gt(f.n, 40);
	re = policy_re_new("(a|a)+", NULL, 0, 0, &d);
	ck_assert_ptr_nonnull(re);
	/* "aaaa" matches and goes; the pathological name stops at the match
	 * limit, counts as not matched, and is matched once, not per finding */
	n = f.n;
	ck_assert_uint_gt(policy_exclude_namespaces(&f, re), 0);
	ck_assert_uint_gt(f.n, 0);
	ck_assert_uint_lt(f.n, n);
	for (i = 0; i < f.n; i++)
		ck_assert_str_eq(kobj_ns(f.v[i]->obj), ns_bad);
	policy_re_free(re);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* ---- SARIF URIs ---- */

/* Whether some "uri" value in the SARIF text holds a "." or ".." segment. */
static bool uri_has_dots(const char *sarif)
{
	const char *p = sarif;

	while ((p = strstr(p, "\"uri\": \""))) {
		const char *end = strchr(p + 8, '"');
		const char *q;

		ck_assert_ptr_nonnull(end);
		for (q = p + 8; q < end; q++)
			if ((q == p + 8 || q[-1] == '/') && q[0] == '.' &&
			    (q[1] == '/' || (q[1] == '.' && q[2] == '/')))
				return true;
		p = end;
	}
	return false;
}

START_TEST(test_sarif_uris_normalized)
{
	char *base = tmp_dir(false), *out, cmd[1500];
	int rc;

	/* an absolute path with ".." outside the working directory */
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/a/b %s/cluster && cp " FIRING " %s/cluster/ && "
		 "%s scan -f %s/a/b/../../cluster -o sarif 2>/dev/null",
		 base, base, base, tu_bin(), base);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 1, "exit %d", rc);
	ck_assert(!uri_has_dots(out));
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"file:///tmp/"));
	ck_assert_ptr_null(strstr(out, "%SRCROOT%"));
	free(out);
	/* a relative path under the working directory: relative to it */
	snprintf(cmd, sizeof(cmd),
		 "%s scan -f ./testdata/checks/../checks/privileged-container/"
		 "fire/cronjob.yaml -o sarif 2>/dev/null",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 1, "exit %d", rc);
	ck_assert(!uri_has_dots(out));
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"" FIRING "\",\n"));
	ck_assert_ptr_nonnull(strstr(out, "\"uriBaseId\": \"%SRCROOT%\""));
	free(out);
	rm_tree(base);
	free(base);
}
END_TEST

/* ---- small edge cases ---- */

START_TEST(test_checks_of_commas_refused)
{
	char *out;
	int rc;

	rc = tu_runf_opts(&out, &bounded, "scan -f " FIRING " --checks ,,,%s%s",
			  "", "");
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "at least one check ID"));
	free(out);
	rc = tu_runf_opts(&out, &bounded,
			  "scan -f " FIRING " --skip-checks ,%s%s", "", "");
	ck_assert_int_eq(rc, 2);
	free(out);
}
END_TEST

START_TEST(test_nul_in_name_refused)
{
	struct scan *s = tu_scan_text(
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
	    "\"web\\u0000evil\",\"namespace\":\"a\"},\"spec\":{\"containers\":"
	    "[{\"name\":\"c\",\"image\":\"i\"}]}}\n"
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
	    "\"web\",\"namespace\":\"a\\u0000b\"},\"spec\":{\"containers\":"
	    "[{\"name\":\"c\",\"image\":\"i\"}]}}\n");

	/* not silently "web": refused with where and why */
	ck_assert_uint_eq(inventory_size(s->inv), 0);
	ck_assert_uint_eq(s->errors.n, 2);
	ck_assert_ptr_nonnull(strstr(s->errors.v[0].msg, "NUL character"));
	ck_assert_uint_eq(s->errors.v[0].line, 1);
	scan_free(s);
}
END_TEST

START_TEST(test_dump_dir_dangling_link)
{
	char *base = tmp_dir(false), *dump = join(base, "dump");
	char *ns = join(dump, "web"), *link = join(ns, "pods.json");
	char *nodes = join(dump, "nodes.json");
	struct scan *s = scan_new();
	struct snapshot_info m;
	struct diag d;

	ck_assert_int_eq(mkdir(dump, 0700), 0);
	ck_assert_int_eq(mkdir(ns, 0700), 0);
	put_file(nodes,
		 "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[]}",
		 0600);
	ck_assert_int_eq(symlink("/nonexistent/pods.json", link), 0);
	ck_assert_int_eq(
	    snapshot_read(s->arena, s->inv, dump, &m, &s->errors, &d), 0);
	ck_assert_str_eq(m.format, "cluster-info-dump");
	scan_free(s);
	rm_tree(base);
	free(base);
	free(dump);
	free(ns);
	free(link);
	free(nodes);
}
END_TEST

Suite *suite_harden(void)
{
	Suite *s = suite_create("harden");
	TCase *tc = tcase_create("coverage");

	tcase_add_test(tc, test_pods_forbidden_deployments_read);
	tcase_add_test(tc, test_every_workload_kind_forbidden_is_blind);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, test_report_tmp_symlink_not_followed);
	tcase_add_test(tc, test_report_foreign_link_refused);
	tcase_add_test(tc, test_report_mode_never_widened);
	tcase_add_test(tc, test_sarif_uris_normalized);
	tcase_add_test(tc, test_snapshot_dir_symlink_refused);
	tcase_add_test(tc, test_snapshot_foreign_dir_refused);
	tcase_add_test(tc, test_snapshot_force_removes_only_its_files);
	tcase_add_test(tc, test_snapshot_incomplete_refused);
	tcase_add_test(tc, test_snapshot_fifo_not_read);
	tcase_add_test(tc, test_snapshot_masks_credentials);
	suite_add_tcase(s, tc);
	tc = tcase_create("bounded");
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_fifo_in_directory_skipped);
	tcase_add_test(tc, test_max_input_size);
	tcase_add_test(tc, test_symlink_diamond_read_once);
	tcase_add_test(tc, test_exclude_namespaces_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("edges");
	tcase_add_test(tc, test_checks_of_commas_refused);
	tcase_add_test(tc, test_nul_in_name_refused);
	tcase_add_test(tc, test_dump_dir_dangling_link);
	suite_add_tcase(s, tc);
	return s;
}
