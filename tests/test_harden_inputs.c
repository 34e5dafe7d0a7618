/*
 * Inputs at the edges: credentials on container command lines (masked in
 * snapshots, never echoed by a report), special files among manifests and
 * as configuration files, and the warnings that are not errors.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "checks/registry.h"
#include "cred.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "kube/discovery.h"
#include "kube/kube.h"
#include "arena.h"
#include "load/load.h"
#include "node.h"
#include "kube/snapshot.h"
#include "scan.h"
#include "testutil.h"

static char *tmp_dir(void)
{
	char tpl[] = "/tmp/threatmap-inputs-XXXXXX";
	char *d = mkdtemp(tpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static void rm_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static int run_bin(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int run_bin(char **out, const char *fmt, ...)
{
	char args[3000], cmd[3500];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	/* a hang fails the test instead of stalling the suite */
	snprintf(cmd, sizeof(cmd), "timeout 30 %s %s 2>&1", tu_bin(), args);
	return tu_run(cmd, out);
}

/* ---- credentials on command lines ---- */

/* Each canary is a credential; none may be written or printed whole. */
static const char *const canaries[] = {
	"Cnry-flag-9f3k", "Cnry-next-7q2m", "Cnry-shrt-4x8v",
	"Cnry-dsn-2w6z",  "Cnry-sh-5h1r",   "Cnry-sudo-8j4t",
};

static const char args_deploy[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: app, namespace: shop}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: app}}\n"
    "  template:\n"
    "    metadata: {labels: {app: app}}\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: app\n"
    "        image: registry.example/app:1.0\n"
    "        command: [/app/server]\n"
    "        args:\n"
    "        - --password=Cnry-flag-9f3k\n"
    "        - --token\n"
    "        - Cnry-next-7q2m\n"
    "        - -p\n"
    "        - Cnry-shrt-4x8v\n"
    "        - postgres://app:Cnry-dsn-2w6z@db.shop:5432/orders\n"
    "        - --port=8080\n"
    "        - --log-level\n"
    "        - debug\n"
    "      - name: job\n"
    "        image: registry.example/tools:1.0\n"
    "        command: [sh, -c, \"mysql -u root --password='Cnry-sh-5h1r' "
    "orders\"]\n"
    "      - name: admin\n"
    "        image: registry.example/tools:1.0\n"
    "        command: [sh, -c, \"sudo -u app /bin/run --api-key "
    "Cnry-sudo-8j4t\"]\n";

struct hits {
	size_t n;
	char text[16][64];
};

static void on_hit(void *ctx, const struct cred_args_hit *h)
{
	struct hits *hs = ctx;

	ck_assert_uint_lt(hs->n, 16);
	snprintf(hs->text[hs->n++], 64, "%zu:%zu:%zu", h->arg, h->off, h->len);
}

START_TEST(test_cred_args_spans)
{
	static const char *const v[] = {
		"--password=Cnry-flag-9f3k",
		"--token",
		"Cnry-next-7q2m",
		"-p",
		"Cnry-shrt-4x8v",
		"--port=8080",
		"-p",
		"8080",
		"--log-level",
		"debug",
		"mysql --password='Cnry-sh-5h1r' x",
		"--password=${DB_PASSWORD}",
		NULL,
	};
	struct diag d;
	struct cred *c = cred_new(&d);
	struct hits hs = { 0 };

	ck_assert_ptr_nonnull(c);
	cred_args(c, v, sizeof(v) / sizeof(v[0]), on_hit, &hs);
	ck_assert_uint_eq(hs.n, 4);
	ck_assert_str_eq(hs.text[0], "0:11:14");  /* after "--password=" */
	ck_assert_str_eq(hs.text[1], "2:0:14");	  /* the word after --token */
	ck_assert_str_eq(hs.text[2], "4:0:14");	  /* the word after -p */
	ck_assert_str_eq(hs.text[3], "10:18:12"); /* inside the quotes */
	cred_free(c);
}
END_TEST

static struct kube_resource args_res[] = {
	{ .group = "apps",
	  .version = "v1",
	  .resource = "deployments",
	  .kind = "Deployment",
	  .namespaced = true,
	  .served = true },
};

static size_t count_check(const char *id, const struct findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += !strcmp(f->v[i]->check->id, id);
	return n;
}

static size_t app_credential_findings(struct scan *s)
{
	struct check_result *res = NULL;
	struct findings f;
	size_t nres = 0, n;

	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	n = count_check("app-credentials", &f);
	free(res);
	findings_release(&f);
	return n;
}

START_TEST(test_snapshot_masks_args)
{
	char *dir = tmp_dir(), *snap = join(dir, "snap");
	char *file = join(snap, "deployments.json"), *text;
	struct scan *s = tu_scan_text(args_deploy), *back = scan_new();
	struct kube_report rep = { .res = args_res, .nres = 1 };
	struct snapshot_info m = { .tool = "threatmap test", .context = "t" };
	struct snapshot_info rm;
	struct diag d;
	size_t i, live;

	m.mask_key = (const unsigned char *)"0123456789abcdef-args-key";
	m.mask_key_len = strlen((const char *)m.mask_key);
	ck_assert_int_eq(snapshot_write(snap, false, &m, s->inv, &rep, &d), 0);
	text = tu_read_file(file, NULL);
	ck_assert_ptr_nonnull(text);
	for (i = 0; i < sizeof(canaries) / sizeof(canaries[0]); i++)
		ck_assert_msg(!strstr(text, canaries[i]), "'%s' in %s",
			      canaries[i], text);
	/* the flag and the script around a value stay */
	ck_assert_ptr_nonnull(strstr(text, "\"--password=" CRED_MASKED_PREFIX));
	ck_assert_ptr_nonnull(
	    strstr(text, "\"--token\",\"" CRED_MASKED_PREFIX));
	ck_assert_ptr_nonnull(
	    strstr(text, "mysql -u root --password='" CRED_MASKED_PREFIX));
	ck_assert_ptr_nonnull(strstr(text, "\"--port=8080\""));
	ck_assert_ptr_nonnull(strstr(text, "\"--log-level\",\"debug\""));
	/* the snapshot scans as the manifests did */
	live = app_credential_findings(s);
	ck_assert_uint_ge(live, 6);
	ck_assert_int_eq(
	    snapshot_read(back->arena, back->inv, snap, &rm, &back->errors, &d),
	    0);
	scan_finish_input(back);
	ck_assert_uint_eq(app_credential_findings(back), live);
	scan_free(back);
	scan_free(s);
	free(text);
	rm_tree(dir);
	free(file);
	free(snap);
	free(dir);
}
END_TEST

START_TEST(test_reports_never_echo_args)
{
	static const char *const formats[] = { "text", "json",	   "sarif",
					       "html", "markdown", "junit" };
	char *dir = tmp_dir(), *in = join(dir, "app.yaml"), *out;
	size_t f, i;
	int rc;

	put_file(in, args_deploy);
	for (f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		char *rep = join(dir, formats[f]), *text;

		rc = run_bin(&out, "scan -f %s -o %s=%s -v 1 --group-by object",
			     in, formats[f], rep);
		ck_assert_msg(rc == 1, "%s: exit %d: %s", formats[f], rc, out);
		text = tu_read_file(rep, NULL);
		ck_assert_ptr_nonnull(text);
		ck_assert_msg(strstr(text, "app-credentials"), "%s",
			      formats[f]);
		for (i = 0; i < sizeof(canaries) / sizeof(canaries[0]); i++) {
			ck_assert_msg(!strstr(text, canaries[i]),
				      "'%s' in the %s report", canaries[i],
				      formats[f]);
			ck_assert_msg(!strstr(out, canaries[i]),
				      "'%s' printed: %s", canaries[i], out);
		}
		free(text);
		free(out);
		free(rep);
	}
	/* explain-style detail on the terminal too */
	rc = run_bin(&out, "scan -f %s -o text --group-by check", in);
	ck_assert_int_eq(rc, 1);
	for (i = 0; i < sizeof(canaries) / sizeof(canaries[0]); i++)
		ck_assert_msg(!strstr(out, canaries[i]), "'%s' printed",
			      canaries[i]);
	free(out);
	rm_tree(dir);
	free(in);
	free(dir);
}
END_TEST

/* ---- discovery documents ---- */

static const struct node *shared_doc(struct arena *a, const char *dir,
				     const char *name)
{
	char path[1024];
	const struct node *root;
	struct diag d;
	size_t len;
	char *text;

	snprintf(path, sizeof(path), "%s/k8s-real/discovery/%s", dir, name);
	text = tu_read_file(path, &len);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	root = load_tree(a, path, text, len, NULL, &d);
	ck_assert_msg(root != NULL, "%s: %s", path, d.msg);
	free(text);
	return root;
}

struct seen {
	char text[64][96];
	size_t n;
};

static void on_seen_group(void *ctx, const char *name, const char *gv)
{
	struct seen *sn = ctx;

	(void)name;
	ck_assert_uint_lt(sn->n, 64);
	snprintf(sn->text[sn->n++], 96, "%s", gv);
}

static void on_seen_resource(void *ctx, const struct discovery_resource *r)
{
	struct seen *sn = ctx;

	ck_assert_uint_lt(sn->n, 64);
	snprintf(sn->text[sn->n++], 96, "%s %s %s %s", r->version, r->name,
		 r->kind ? r->kind : "-", r->namespaced ? "ns" : "cluster");
}

static bool seen_has(const struct seen *sn, const char *text)
{
	size_t i;

	for (i = 0; i < sn->n; i++)
		if (!strcmp(sn->text[i], text))
			return true;
	return false;
}

START_TEST(test_discovery_real_documents)
{
	TU_NEED_SHARED(shared);
	struct arena *a = arena_new();
	struct seen groups = { .n = 0 }, core = { .n = 0 }, apps = { .n = 0 };

	ck_assert_uint_eq(discovery_core_v1(shared_doc(a, shared, "api.json")),
			  1);
	discovery_groups(shared_doc(a, shared, "apis.json"), on_seen_group,
			 &groups);
	ck_assert_uint_eq(groups.n, 22);
	ck_assert(seen_has(&groups, "apps/v1"));
	ck_assert(seen_has(&groups, "internal.apiserver.k8s.io/v1alpha1"));
	discovery_resources(shared_doc(a, shared, "api__v1.json"),
			    on_seen_resource, &core);
	/* listable resources only: no pods/exec, nodes/proxy, bindings */
	ck_assert_uint_eq(core.n, 16);
	ck_assert(seen_has(&core, "v1 pods Pod ns"));
	ck_assert(seen_has(&core, "v1 nodes Node cluster"));
	ck_assert(seen_has(&core, "v1 secrets Secret ns"));
	discovery_resources(shared_doc(a, shared, "apis__apps__v1.json"),
			    on_seen_resource, &apps);
	ck_assert_uint_eq(apps.n, 5);
	ck_assert(seen_has(&apps, "v1 deployments Deployment ns"));
	arena_free(a);
}
END_TEST

START_TEST(test_discovery_versions_checked)
{
	struct arena *a = arena_new();
	struct seen sn = { .n = 0 };
	struct diag d;
	static const char apis[] =
	    "{\"groups\":[{\"name\":\"apps\",\"preferredVersion\":"
	    "{\"groupVersion\":\"apps/../v1\"}},{\"name\":\"batch\","
	    "\"preferredVersion\":{\"groupVersion\":\"batch/v1\"}},"
	    "{\"name\":\"x\",\"preferredVersion\":{\"groupVersion\":"
	    "\"y/v1\"}}]}";
	static const char list[] =
	    "{\"groupVersion\":\"apps/v1?watch=1\",\"resources\":[{\"name\":"
	    "\"deployments\",\"kind\":\"Deployment\",\"verbs\":[\"list\"]}]}";
	const struct node *root;

	ck_assert(discovery_version_ok("v1beta1"));
	ck_assert(!discovery_version_ok("v1/.."));
	ck_assert(!discovery_version_ok(""));
	ck_assert(!discovery_version_ok(NULL));
	root = load_tree(a, "apis", apis, sizeof(apis) - 1, NULL, &d);
	ck_assert_ptr_nonnull(root);
	discovery_groups(root, on_seen_group, &sn);
	ck_assert_uint_eq(sn.n, 1);
	ck_assert_str_eq(sn.text[0], "batch/v1");
	sn.n = 0;
	root = load_tree(a, "list", list, sizeof(list) - 1, NULL, &d);
	ck_assert_ptr_nonnull(root);
	discovery_resources(root, on_seen_resource, &sn);
	ck_assert_uint_eq(sn.n, 0);
	arena_free(a);
}
END_TEST

/* ---- special files ---- */

static const char quiet_cm[] = "apiVersion: v1\n"
			       "kind: ConfigMap\n"
			       "metadata: {name: settings, namespace: shop}\n"
			       "data: {region: eu-west-1}\n";

START_TEST(test_skipped_fifo_is_a_warning)
{
	char *dir = tmp_dir(), *in = join(dir, "in"), *out, *text;
	char *fifo = join(in, "pipe.yaml"), *good = join(in, "settings.yaml");
	char *json = join(dir, "r.json"), *sarif = join(dir, "r.sarif");
	char *txt = join(dir, "r.txt");
	int rc;

	ck_assert_int_eq(mkdir(in, 0700), 0);
	put_file(good, quiet_cm);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	rc = run_bin(&out,
		     "scan -f %s --fail-on critical -o json=%s -o sarif=%s "
		     "-o text=%s",
		     in, json, sarif, txt);
	/* reported, but the status is what the findings make it */
	ck_assert_msg(rc == 0, "exit %d: %s", rc, out);
	ck_assert_msg(strstr(out, "warning: ") &&
			  strstr(out, "pipe.yaml: skipped: not a regular file"),
		      "%s", out);
	free(out);
	text = tu_read_file(json, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"errors\": []"));
	ck_assert_ptr_nonnull(strstr(text, "\"warnings\": [\n"));
	ck_assert_ptr_nonnull(strstr(text, "\"code\": \"skipped\""));
	free(text);
	text = tu_read_file(sarif, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"level\": \"warning\""));
	ck_assert_ptr_nonnull(strstr(text, "not a regular file"));
	free(text);
	text = tu_read_file(txt, NULL);
	ck_assert_ptr_nonnull(strstr(text, "Input warnings (1)"));
	ck_assert_ptr_null(strstr(text, "Input errors"));
	free(text);
	/* a real input error still makes it 3 */
	put_file(good, "kind: [\n");
	rc = run_bin(&out, "scan -f %s --fail-on critical -o json", in);
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	free(out);
	rm_tree(dir);
	free(in);
	free(fifo);
	free(good);
	free(json);
	free(sarif);
	free(txt);
	free(dir);
}
END_TEST

/* A kubeconfig whose file fields name path (and its user, user). */
static void put_kubeconfig(const char *path, const char *cluster,
			   const char *user)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "apiVersion: v1\n"
		 "kind: Config\n"
		 "clusters:\n"
		 "- name: c\n"
		 "  cluster: {server: 'https://127.0.0.1:9', %s}\n"
		 "users:\n"
		 "- name: u\n"
		 "  user: {%s}\n"
		 "contexts:\n"
		 "- name: x\n"
		 "  context: {cluster: c, user: u}\n"
		 "current-context: x\n",
		 cluster, user);
	put_file(path, text);
}

/* The scan stops at the cap with exit 3 and names what was too large. */
static void expect_capped(const char *what, const char *cmd)
{
	char *out;
	int rc = tu_run(cmd, &out);

	ck_assert_msg(rc == 3, "%s: exit %d: %s", what, rc, out);
	ck_assert_msg(strstr(out, "is larger than"), "%s: %s", what, out);
	free(out);
}

START_TEST(test_config_files_capped)
{
	char *dir = tmp_dir(), *fifo = join(dir, "endless");
	char *kc = join(dir, "kc.yaml"), cmd[4096], field[1200];

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	/* a FIFO that never ends, as the kubeconfig */
	snprintf(cmd, sizeof(cmd),
		 "(yes 'clusters: []' > %s 2>/dev/null &); "
		 "timeout 60 %s scan --kubeconfig %s 2>&1",
		 fifo, tu_bin(), fifo);
	expect_capped("kubeconfig FIFO", cmd);
	snprintf(cmd, sizeof(cmd),
		 "timeout 60 %s scan --kubeconfig /dev/zero 2>&1", tu_bin());
	expect_capped("kubeconfig /dev/zero", cmd);
	/* the token file */
	put_kubeconfig(kc, "insecure-skip-tls-verify: true",
		       "tokenFile: /dev/zero");
	snprintf(cmd, sizeof(cmd), "timeout 60 %s scan --kubeconfig %s 2>&1",
		 tu_bin(), kc);
	expect_capped("token file /dev/zero", cmd);
	/* the CA file, an endless FIFO */
	snprintf(field, sizeof(field), "certificate-authority: %s", fifo);
	put_kubeconfig(kc, field, "token: abc");
	snprintf(cmd, sizeof(cmd),
		 "(yes AAAA > %s 2>/dev/null &); "
		 "timeout 60 %s scan --kubeconfig %s 2>&1",
		 fifo, tu_bin(), kc);
	expect_capped("CA FIFO", cmd);
	/* a client key from /dev/urandom */
	put_kubeconfig(kc, "insecure-skip-tls-verify: true",
		       "client-certificate: /dev/urandom, "
		       "client-key: /dev/urandom");
	snprintf(cmd, sizeof(cmd), "timeout 60 %s scan --kubeconfig %s 2>&1",
		 tu_bin(), kc);
	expect_capped("client certificate /dev/urandom", cmd);
	/* an exec plugin that prints forever */
	snprintf(field, sizeof(field),
		 "exec: {apiVersion: client.authentication.k8s.io/v1, "
		 "command: /bin/sh, args: [-c, 'cat /dev/zero'], "
		 "interactiveMode: Never}");
	put_kubeconfig(kc, "insecure-skip-tls-verify: true", field);
	snprintf(cmd, sizeof(cmd), "timeout 60 %s scan --kubeconfig %s 2>&1",
		 tu_bin(), kc);
	{
		char *out;
		int rc = tu_run(cmd, &out);

		ck_assert_msg(rc == 3, "plugin: exit %d: %s", rc, out);
		ck_assert_msg(strstr(out, "printed more than"), "plugin: %s",
			      out);
		free(out);
	}
	/* an exceptions file from a pipe that never ends */
	put_file(kc, quiet_cm);
	snprintf(cmd, sizeof(cmd),
		 "yes '# c' 2>/dev/null | timeout 60 %s scan -f %s "
		 "--exceptions /dev/stdin --max-input-size 1M 2>&1",
		 tu_bin(), kc);
	expect_capped("exceptions pipe", cmd);
	/* a FIFO whose writer comes a moment after it is opened */
	snprintf(cmd, sizeof(cmd),
		 "(sleep 1; yes '# c' > %s) >/dev/null 2>&1 & "
		 "timeout 60 %s scan -f %s --exceptions %s "
		 "--max-input-size 1M 2>&1",
		 fifo, tu_bin(), kc, fifo);
	expect_capped("exceptions FIFO, late writer", cmd);
	rm_tree(dir);
	free(fifo);
	free(kc);
	free(dir);
}
END_TEST

/* The committed demo snapshot holds none of the demo's canary values. */
START_TEST(test_demo_snapshot_has_no_canary)
{
	char *out;
	int rc;

	/* the demo carries them, in env, ConfigMaps and args */
	rc = tu_run("grep -rlq TmCanary testdata/demo", &out);
	ck_assert_int_eq(rc, 0);
	free(out);
	rc = tu_run("grep -rl TmCanary testdata/snapshots/demo", &out);
	ck_assert_msg(rc == 1, "canary in the demo snapshot: %s", out);
	free(out);
}
END_TEST

Suite *suite_harden_inputs(void)
{
	Suite *s = suite_create("harden_inputs");
	TCase *tc = tcase_create("args");

	tcase_add_test(tc, test_cred_args_spans);
	tcase_add_test(tc, test_snapshot_masks_args);
	tcase_add_test(tc, test_reports_never_echo_args);
	tcase_add_test(tc, test_demo_snapshot_has_no_canary);
	suite_add_tcase(s, tc);
	tc = tcase_create("special");
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_skipped_fifo_is_a_warning);
	tcase_add_test(tc, test_config_files_capped);
	suite_add_tcase(s, tc);
	tc = tcase_create("discovery");
	tcase_add_test(tc, test_discovery_real_documents);
	tcase_add_test(tc, test_discovery_versions_checked);
	suite_add_tcase(s, tc);
	return s;
}
