/*
 * Files no API serves, carried by a snapshot (snapshot -f, files/NAME)
 * and read back as the files themselves; the TrustedRegistries document
 * of the input and how the command line replaces it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/snapshot.h"
#include "node.h"
#include "scan.h"
#include "testutil.h"

#define CP "testdata/demo/control-plane"
#define ENC                                                                    \
	"testdata/checks/apiserver-encryption-at-rest/fire/aescbc-first.yaml"
#define ENC_SECRET "c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg=="
#define KEY	   "0123456789abcdef-files-test"

static char *tmp_dir(void)
{
	char tpl[] = "/tmp/threatmap-snapfiles-XXXXXX";
	char *d = mkdtemp(tpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static void rm_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The configuration documents of s (what snapshot -f keeps). */
static const struct kobj **config_docs(struct scan *s, size_t *n)
{
	size_t i, k = inventory_size(s->inv);
	const struct kobj **v = calloc(k ? k : 1, sizeof(*v));

	*n = 0;
	for (i = 0; i < k; i++) {
		const struct kobj *o = inventory_object(s->inv, i);
		if (inventory_is_config_doc(o))
			v[(*n)++] = o;
	}
	return v;
}

static int write_snap(struct scan *s, const char *dir, bool force,
		      struct diag *d)
{
	struct kube_report rep = { 0 };
	struct snapshot_info m = { .tool = "threatmap test",
				   .context = "test" };
	size_t n;
	const struct kobj **v = config_docs(s, &n);
	int rc;

	m.mask_key = (const unsigned char *)KEY;
	m.mask_key_len = strlen(KEY);
	m.config_docs = v;
	m.nconfig_docs = n;
	rc = snapshot_write(dir, force, &m, s->inv, &rep, d);
	free(v);
	return rc;
}

/* Sorted "check kind name path" lines of the findings of s. */
static char *finding_lines(struct scan *s)
{
	struct check_result *res = NULL;
	struct findings f;
	size_t nres = 0, i, len = 0;
	char *out = calloc(1, 1);

	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++) {
		char line[1024];
		int w = snprintf(line, sizeof(line), "%s %s %s %s\n",
				 f.v[i]->check->id, f.v[i]->obj->kind,
				 f.v[i]->obj->name, finding_fp(f.v[i]));
		out = realloc(out, len + (size_t)w + 1);
		memcpy(out + len, line, (size_t)w + 1);
		len += (size_t)w;
	}
	findings_release(&f);
	free(res);
	return out;
}

/*
 * The demo's control-plane files and an EncryptionConfiguration with key
 * material: kept in files/, the key masked, read back as the files.
 */
START_TEST(test_files_round_trip)
{
	const char *p[2] = { CP, ENC };
	char *dir = tmp_dir(), *snap, path[1024], *text, *want, *got;
	struct scan *s = tu_scan_paths(p, 2), *back;
	struct snapshot_info m;
	struct diag d;
	struct stat st;

	ck_assert_uint_eq(s->errors.n, 0);
	snap = malloc(strlen(dir) + 8);
	sprintf(snap, "%s/snap", dir);
	ck_assert_int_eq(write_snap(s, snap, false, &d), 0);
	snprintf(path, sizeof(path), "%s/files/aescbc-first.yaml", snap);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_null(strstr(text, ENC_SECRET));
	ck_assert_ptr_nonnull(
	    strstr(text, "\"secret\":\"threatmap-masked:v1:"));
	ck_assert_ptr_nonnull(strstr(text, "\"name\":\"key1\""));
	free(text);
	snprintf(path, sizeof(path), "%s/meta.json", snap);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"files/audit-policy.yaml\""));
	ck_assert_ptr_nonnull(strstr(text, "\"" CP "/audit-policy.yaml\""));
	free(text);

	back = scan_new();
	ck_assert_int_eq(
	    snapshot_read(back->arena, back->inv, snap, &m, &back->errors, &d),
	    0);
	back->meta.source = "snapshot";
	scan_finish_input(back);
	ck_assert_uint_eq(back->errors.n, 0);
	/* named after their files, as when scanned from them */
	ck_assert_ptr_nonnull(
	    inventory_find(back->inv, "Policy", NULL, "audit-policy.yaml"));
	ck_assert_ptr_nonnull(inventory_find(
	    back->inv, "EncryptionConfiguration", NULL, "aescbc-first.yaml"));
	/* judged alike: both as a snapshot (a cluster view) */
	s->meta.source = "snapshot";
	want = finding_lines(s);
	got = finding_lines(back);
	ck_assert_ptr_nonnull(strstr(want, "apiserver-audit-policy Policy"));
	ck_assert_ptr_nonnull(strstr(want, "apiserver-admission-config"));
	ck_assert_ptr_nonnull(strstr(want, "apiserver-authentication-config"));
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	scan_free(back);

	/* --force replaces them; the directory holds nothing stale */
	ck_assert_int_eq(write_snap(s, snap, true, &d), 0);
	snprintf(path, sizeof(path), "%s/files/audit-policy.yaml", snap);
	ck_assert_int_eq(stat(path, &st), 0);
	scan_free(s);
	rm_tree(dir);
	free(snap);
	free(dir);
}
END_TEST

/* Two inputs of one base name cannot both be kept. */
START_TEST(test_files_same_name)
{
	const char *p[2] = { "testdata/controlplane/files/audit-policy.yaml",
			     CP "/audit-policy.yaml" };
	char *dir = tmp_dir(), snap[300];
	struct scan *s = tu_scan_paths(p, 2);
	struct diag d;

	snprintf(snap, sizeof(snap), "%s/snap", dir);
	ck_assert_int_eq(write_snap(s, snap, false, &d), DIAG_USAGE);
	ck_assert_ptr_nonnull(strstr(d.msg, "have the same name"));
	scan_free(s);
	rm_tree(dir);
	free(dir);
}
END_TEST

/* meta.json cannot point out of files/. */
START_TEST(test_files_bad_name)
{
	const char *p[1] = { CP "/audit-policy.yaml" };
	char *dir = tmp_dir(), snap[300], path[400], *text, *at;
	struct scan *s = tu_scan_paths(p, 1), *back;
	struct snapshot_info m;
	struct diag d;
	FILE *fp;

	snprintf(snap, sizeof(snap), "%s/snap", dir);
	ck_assert_int_eq(write_snap(s, snap, false, &d), 0);
	scan_free(s);
	snprintf(path, sizeof(path), "%s/meta.json", snap);
	text = tu_read_file(path, NULL);
	at = strstr(text, "files/audit-policy.yaml");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "files/../xxxxxxxxxxxxxx", 23);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	free(text);
	back = scan_new();
	ck_assert_int_eq(
	    snapshot_read(back->arena, back->inv, snap, &m, &back->errors, &d),
	    0);
	ck_assert_uint_eq(back->errors.n, 1);
	ck_assert_ptr_nonnull(
	    strstr(back->errors.v[0].msg, "expected a file 'files/NAME'"));
	ck_assert_ptr_null(
	    inventory_find(back->inv, "Policy", NULL, "audit-policy.yaml"));
	scan_free(back);
	rm_tree(dir);
	free(dir);
}
END_TEST

/* snapshot -f: what it refuses before reaching for a cluster. */
START_TEST(test_cli_snapshot_files)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "snapshot -d /tmp/threatmap-snapfiles-"
				       "never -f testdata/demo/10-shop.yaml"),
			 2);
	ck_assert_ptr_nonnull(strstr(out, "hold no configuration document"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "snapshot -d /tmp/threatmap-snapfiles-"
				       "never -R"),
			 2);
	ck_assert_ptr_nonnull(strstr(out, "-R needs -f"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "snapshot --help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "TrustedRegistries list"));
	free(out);
}
END_TEST

/* The demo snapshot carries the files: its scan fires their checks. */
START_TEST(test_demo_snapshot_files)
{
	char *out = NULL;

	ck_assert_int_eq(
	    tu_runf(&out,
		    "scan --snapshot testdata/snapshots/demo -o json "
		    "--checks apiserver-audit-policy,"
		    "apiserver-authentication-config,"
		    "apiserver-admission-config,image-untrusted-registry"),
	    1);
	ck_assert_ptr_nonnull(
	    strstr(out, "\"checkId\": \"apiserver-audit-policy\""));
	ck_assert_ptr_nonnull(
	    strstr(out, "\"checkId\": \"apiserver-authentication-config\""));
	ck_assert_ptr_nonnull(
	    strstr(out, "\"checkId\": \"apiserver-admission-config\""));
	ck_assert_ptr_nonnull(
	    strstr(out, "registry.example, outside the trusted registries of "
			"87-trusted-registries.yaml"));
	free(out);
}
END_TEST

/* The command line's list replaces the input's. */
START_TEST(test_trusted_option_replaces_input)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "scan -R -f testdata/demo -o json "
				       "--checks image-untrusted-registry "
				       "--trusted-registries "
				       "registry.example.com,registry.k8s.io,"
				       "docker.io,quay.io,registry.example"),
			 0);
	free(out);
	ck_assert_int_eq(tu_runf(&out, "scan -R -f testdata/demo -o json "
				       "--checks image-untrusted-registry "
				       "--trusted-registries quay.io"),
			 1);
	/* registry.example.com was trusted by the demo's list, not here */
	ck_assert_ptr_nonnull(strstr(out, "registry.example.com/shop"));
	ck_assert_ptr_null(strstr(out, "trusted registries of"));
	free(out);
	/* the demo's document is a valid --trusted-registries-file */
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f testdata/demo/10-shop.yaml -o json "
				 "--checks image-untrusted-registry "
				 "--trusted-registries-file "
				 "testdata/demo/87-trusted-registries.yaml"),
			 0);
	free(out);
}
END_TEST

/* A malformed list in the input is an input error at its line. */
START_TEST(test_trusted_document_errors)
{
	struct scan *s = tu_scan_text("apiVersion: threatmap.dev/v1\n"
				      "kind: TrustedRegistries\n"
				      "trustedRegistries:\n"
				      "  - https://ghcr.io/acme\n");
	const char *q[1] = { "testdata/demo/87-trusted-registries.yaml" };
	struct scan *ok = tu_scan_paths(q, 1);

	ck_assert_uint_eq(s->errors.n, 1);
	ck_assert_ptr_nonnull(
	    strstr(s->errors.v[0].msg, "https://ghcr.io/acme"));
	ck_assert_uint_eq(s->errors.v[0].line, 4);
	ck_assert_uint_eq(s->ntrusted_registries, 0);
	ck_assert_uint_eq(ok->errors.n, 0);
	ck_assert_uint_eq(ok->ntrusted_registries, 2);
	ck_assert_str_eq(ok->trusted_registries[0], "registry.example.com");
	scan_free(s);
	scan_free(ok);
}
END_TEST

Suite *suite_snapshot_files(void)
{
	Suite *s = suite_create("snapshot_files");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_files_round_trip);
	tcase_add_test(tc, test_files_same_name);
	tcase_add_test(tc, test_files_bad_name);
	tcase_add_test(tc, test_cli_snapshot_files);
	tcase_add_test(tc, test_demo_snapshot_files);
	tcase_add_test(tc, test_trusted_option_replaces_input);
	tcase_add_test(tc, test_trusted_document_errors);
	suite_add_tcase(s, tc);
	return s;
}
