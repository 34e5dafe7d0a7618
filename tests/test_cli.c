/*
 * End-to-end: run the built kubectl-threatmap ($THREATMAP_BIN) on the
 * fixtures in testdata/cli/ and check exit codes, outputs and files.
 * Every run gets a clean environment: no KUBECONFIG, no NO_COLOR, and a
 * HOME without ~/.kube/config.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "checks/registry.h"
#include "testutil.h"

#define FIX "testdata/cli/"
#define ENV                                                                    \
	"env -u KUBECONFIG -u NO_COLOR -u KUBERNETES_SERVICE_HOST "            \
	"HOME=/nonexistent-threatmap-home "

static const char *const subcommands[] = {
	"scan", "checks", "matrix", "explain", "version",
};

/* jq checks the JSON outputs; a run without it fails. */
static void need_jq(void)
{
	tu_need_tool("jq", "jq");
}

static char tmpdir[] = "/tmp/threatmap-cli-XXXXXX";

static void setup(void)
{
	strcpy(tmpdir, "/tmp/threatmap-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	tu_shf(NULL, "rm -rf '%s'", tmpdir);
}

/* ------------------------------------------------------------------ */

START_TEST(test_main_help)
{
	char *out = NULL;
	size_t i;

	ck_assert_int_eq(tu_runf(&out, "--help 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "Usage:"));
	for (i = 0; i < sizeof(subcommands) / sizeof(*subcommands); i++)
		ck_assert_msg(strstr(out, subcommands[i]) != NULL,
			      "--help does not list %s", subcommands[i]);
	free(out);
	ck_assert_int_eq(tu_runf(&out, "help 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "Commands:"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "help --help 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "Commands:"));
	free(out);
}
END_TEST

/* `X --help`, `X -h` and `help X` print the same full help. */
START_TEST(test_subcommand_help)
{
	const char *sc = subcommands[_i];
	char *a = NULL, *b = NULL, *c = NULL, want[64];

	ck_assert_int_eq(tu_runf(&a, "%s --help 2>/dev/null", sc), 0);
	ck_assert_int_eq(tu_runf(&b, "help %s 2>/dev/null", sc), 0);
	ck_assert_int_eq(tu_runf(&c, "%s -h 2>/dev/null", sc), 0);
	snprintf(want, sizeof(want), "Usage: kubectl-threatmap %s", sc);
	ck_assert_msg(strstr(a, want) != NULL, "%s --help: %s", sc, a);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, c);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_scan_help_lists_flags)
{
	static const char *const flags[] = {
		"--filename",
		"--recursive",
		"--output",
		"--format",
		"--no-color",
		"--quiet",
		"--checks",
		"--skip-checks",
		"--kubeconfig",
		"--context",
		"--cluster",
		"--user",
		"--namespace",
		"--all-namespaces",
		"--request-timeout",
		"--snapshot",
		"-v",
	};
	char *out = NULL;
	size_t i;

	ck_assert_int_eq(tu_runf(&out, "scan --help 2>/dev/null"), 0);
	for (i = 0; i < sizeof(flags) / sizeof(*flags); i++)
		ck_assert_msg(strstr(out, flags[i]) != NULL,
			      "scan --help lacks %s", flags[i]);
	free(out);
}
END_TEST

/* Usage errors: exit 2 and a message naming the problem. */
static const struct {
	const char *args, *msg;
} usage_cases[] = {
	{ .args = "scan --bogus", .msg = "unknown option '--bogus'" },
	{ .args = "scan -Z", .msg = "unknown option '-Z'" },
	{ .args = "scan -f", .msg = "needs a value" },
	{ .args = "--bogus", .msg = "unknown option '--bogus'" },
	{ .args = "frobnicate", .msg = "unknown command 'frobnicate'" },
	{ .args = "scan -f " FIX "clean.yaml --checks no-such-check",
	  .msg = "unknown check 'no-such-check'" },
	{ .args = "scan -f " FIX "clean.yaml --skip-checks ,also-not-a-check",
	  .msg = "unknown check 'also-not-a-check'" },
	{ .args = "scan -f " FIX "clean.yaml --format yaml",
	  .msg = "unknown format 'yaml'" },
	{ .args = "scan -f " FIX "clean.yaml -o yaml",
	  .msg = "unknown output format" },
	{ .args = "scan -f " FIX "clean.yaml -o text -o json",
	  .msg = "only one output can go to standard output" },
	{ .args = "scan -f " FIX "clean.yaml -o json=",
	  .msg = "names no file" },
	{ .args = "scan -f " FIX "clean.yaml --fail-on severe",
	  .msg = "--fail-on" },
	{ .args = "scan -f " FIX "clean.yaml -v x", .msg = "-v needs a level" },
	{ .args = "scan -f " FIX "clean.yaml --color sometimes",
	  .msg = "--color" },
	{ .args = "scan -f " FIX "clean.yaml stray",
	  .msg = "unexpected argument 'stray'" },
	{ .args = "scan -f " FIX "clean.yaml --checks ''",
	  .msg = "needs at least one" },
	{ .args = "scan", .msg = "nothing to scan" },
	{ .args = "", .msg = "nothing to scan" },
	{ .args = "explain", .msg = "missing argument" },
	{ .args = "explain no-such-thing",
	  .msg = "'no-such-thing' is no check ID" },
	{ .args = "checks extra", .msg = "unexpected argument 'extra'" },
	{ .args = "matrix -o xml", .msg = "unknown output format 'xml'" },
	{ .args = "help frobnicate", .msg = "unknown command 'frobnicate'" },
};

START_TEST(test_usage_errors)
{
	char *out = NULL;
	int rc = tu_runf(&out, "%s", usage_cases[_i].args);

	ck_assert_msg(rc == 2, "'%s' exited %d: %s", usage_cases[_i].args, rc,
		      out);
	ck_assert_msg(strstr(out, usage_cases[_i].msg) != NULL, "'%s' said: %s",
		      usage_cases[_i].args, out);
	ck_assert_ptr_nonnull(strstr(out, "--help"));
	free(out);
}
END_TEST

START_TEST(test_exit_clean)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "clean.yaml 2>/dev/null"),
			 0);
	ck_assert_ptr_nonnull(strstr(out, "No findings."));
	ck_assert_ptr_nonnull(strstr(out, "objects:       1 scanned"));
	free(out);
	/* an input without objects has no verdict to give */
	ck_assert_int_eq(tu_runf(&out, "scan -f %s", tmpdir), 3);
	ck_assert_ptr_nonnull(strstr(out, "no Kubernetes objects were read"));
	free(out);
	/* kubectl's flags are accepted (they apply to live scans) */
	ck_assert_int_eq(
	    tu_runf(&out, "scan -f " FIX "clean.yaml --kubeconfig /nonexistent "
			  "--context c --cluster k --user u -n ns -A "
			  "--request-timeout 5s --namespace=ns2 -q"),
	    0);
	ck_assert_str_eq(out, "");
	free(out);
	/* kubectl's -v=N spelling */
	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "clean.yaml -v=2 -q"), 0);
	ck_assert_ptr_nonnull(strstr(out, "loaded 1 object(s) from manifests"));
	free(out);
	/* json=- is standard output */
	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "clean.yaml "
				       "-o json=- 2>/dev/null"),
			 0);
	ck_assert_ptr_nonnull(strstr(out, "\"schemaVersion\""));
	free(out);
	/* the first argument is a flag: the command is scan */
	ck_assert_int_eq(tu_runf(&out, "-f " FIX "clean.yaml -q 2>/dev/null"),
			 0);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

START_TEST(test_exit_findings)
{
	char *out = NULL;

	ck_assert_msg(check_find("privileged-container") != NULL,
		      "privileged-container is not registered");
	ck_assert_int_eq(check_find("privileged-container")->severity,
			 SEV_CRITICAL);
	ck_assert_int_eq(
	    tu_runf(&out, "scan -f " FIX
			  "privileged.yaml --group-by technique 2>/dev/null"),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "privileged-container"));
	ck_assert_ptr_nonnull(strstr(out, "MS-TA9018 Privileged container"));
	free(out);
	/* deselecting the check that fires */
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f " FIX "privileged.yaml --checks "
				 "privileged-container --skip-checks "
				 "privileged-container 2>/dev/null"),
			 0);
	free(out);
	/* --fail-on above every finding's severity */
	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "privileged.yaml "
				       "--checks privileged-container "
				       "--fail-on critical -q 2>/dev/null"),
			 1);
	free(out);
}
END_TEST

/* An input error wins over findings, and the JSON report is still written. */
START_TEST(test_exit_input_error)
{
	char *out = NULL;
	char path[512];

	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "broken.yaml"), 3);
	ck_assert_ptr_nonnull(strstr(out, "broken.yaml:"));
	ck_assert_ptr_nonnull(strstr(out, "no Kubernetes objects were read"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "no-such-file.yaml"), 3);
	ck_assert_ptr_nonnull(strstr(out, "no-such-file.yaml"));
	free(out);
	snprintf(path, sizeof(path), "%s/r.json", tmpdir);
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f " FIX "privileged.yaml -f " FIX
				 "broken.yaml -o json=%s",
				 path),
			 3);
	/* no text report on stdout: the input error goes to stderr */
	ck_assert_ptr_nonnull(strstr(out, "broken.yaml:"));
	free(out);
	need_jq();
	ck_assert_int_eq(tu_shf(NULL,
				"jq -e '(.errors | length) == 1 and "
				".errors[0].code == \"parse\" and "
				"(.errors[0].line | type) == \"number\" "
				"and .summary.objects == 1' %s >/dev/null",
				path),
			 0);
}
END_TEST

START_TEST(test_output_file)
{
	char path[512], tmp[600], *out = NULL;
	struct stat st;

	snprintf(path, sizeof(path), "%s/report.json", tmpdir);
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f " FIX "clean.yaml -o text "
				 "-o json=%s",
				 path),
			 0);
	ck_assert_ptr_nonnull(strstr(out, "Summary"));
	ck_assert_ptr_nonnull(strstr(out, "wrote "));
	free(out);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ck_assert_int_ne(stat(tmp, &st), 0);
	need_jq();
	ck_assert_int_eq(tu_shf(NULL,
				"jq -e '.schemaVersion == \"1\"' %s "
				">/dev/null",
				path),
			 0);
	/* a plain file path takes --format's format */
	snprintf(path, sizeof(path), "%s/report.out", tmpdir);
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f " FIX "clean.yaml "
				 "--format json -o %s 2>/dev/null",
				 path),
			 0);
	ck_assert_str_eq(out, "");
	free(out);
	need_jq();
	ck_assert_int_eq(tu_shf(NULL, "jq -e .summary %s >/dev/null", path), 0);
	/* a symbolic link stays a link: the file it points to is written */
	snprintf(path, sizeof(path), "%s/real.json", tmpdir);
	ck_assert_int_eq(tu_shf(NULL, "ln -s real.json %s/link.json", tmpdir),
			 0);
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f " FIX "clean.yaml "
				 "-o json=%s/link.json 2>/dev/null",
				 tmpdir),
			 0);
	free(out);
	snprintf(tmp, sizeof(tmp), "%s/link.json", tmpdir);
	ck_assert_int_eq(lstat(tmp, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_gt(st.st_size, 0);
	/* a device is written in place, never renamed over */
	ck_assert_int_eq(tu_runf(&out, "scan -f " FIX "clean.yaml "
				       "-o json=/dev/null 2>/dev/null"),
			 0);
	free(out);
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_int_ne(stat("/dev/null.tmp", &st), 0);
	/* an unwritable destination is an output error */
	ck_assert_int_eq(tu_runf(&out,
				 "scan -f " FIX "clean.yaml "
				 "-o json=%s/missing-dir/x.json",
				 tmpdir),
			 3);
	ck_assert_ptr_nonnull(strstr(out, "cannot create"));
	free(out);
}
END_TEST

/* Types and shape of the JSON report, checked with jq. */
START_TEST(test_json_shape)
{
	char path[512], *out = NULL;

	need_jq();
	snprintf(path, sizeof(path), "%s/p.json", tmpdir);
	tu_runf(&out,
		"scan -f " FIX "privileged.yaml -f " FIX
		"clean.yaml -o json=%s 2>/dev/null",
		path);
	free(out);
	ck_assert_int_eq(
	    tu_shf(NULL,
		   "jq -e '.schemaVersion == \"1\""
		   " and .tool.name == \"threatmap\""
		   " and (.tool.version | type) == \"string\""
		   " and (.generatedAt | type) == \"string\""
		   " and .source.type == \"manifests\""
		   " and .summary.objects == 2"
		   " and (.checks | type) == \"array\""
		   " and (.findings | type) == \"array\""
		   " and (.errors | length) == 0"
		   " and ([.checks[] | (.id | type) == \"string\" and"
		   "       (.findings | type) == \"number\"] | all)"
		   " and ([.findings[] | (.checkId | type) == \"string\""
		   "       and (.techniques | type) == \"array\""
		   "       and (.attack | type) == \"array\""
		   "       and (.object.kind | type) == \"string\""
		   "       and (.evidence | type) == \"array\""
		   "       and (.location.file | type) == \"string\""
		   "       and (.fingerprint | length) == 32] | all)"
		   " and .summary.findings == (.findings | length)' "
		   "%s >/dev/null",
		   path),
	    0);
	if (check_find("privileged-container"))
		ck_assert_int_eq(
		    tu_shf(NULL,
			   "jq -e '.findings | map(select(.checkId == "
			   "\"privileged-container\")) | length > 0 and "
			   ".[0].object.namespace == \"shop\" and "
			   ".[0].container == \"shell\" and "
			   ".[0].location.line > 1' %s >/dev/null",
			   path),
		    0);
}
END_TEST

START_TEST(test_recursive)
{
	char *out = NULL;

	need_jq();
	ck_assert_int_eq(
	    tu_runf(&out, "scan -R -f " FIX "tree -o json 2>/dev/null"), 0);
	free(out);
	ck_assert_int_eq(tu_shf(NULL,
				ENV "%s scan -R -f " FIX "tree --format json | "
				    "jq -e '.summary.objects == 2' >/dev/null",
				tu_bin()),
			 0);
	ck_assert_int_eq(tu_shf(NULL,
				ENV "%s scan -f " FIX "tree --format json | "
				    "jq -e '.summary.objects == 1' >/dev/null",
				tu_bin()),
			 0);
}
END_TEST

START_TEST(test_stdin)
{
	char *out = NULL;
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "cat " FIX "clean.yaml | " ENV "%s -f - 2>&1", tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "objects:       1 scanned"));
	free(out);
}
END_TEST

/* Real public manifests: read without input errors, valid JSON out. */
START_TEST(test_real_manifests)
{
	static const char *const inputs[] = {
		"k8s-real/dashboard/recommended-v2.7.0.yaml",
		"k8s-real/dashboard/alternative-v1.10.1.yaml",
		"k8s-real/rbac-bootstrap",
	};
	char path[512];
	size_t i;
	int rc;

	TU_NEED_SHARED(shared);
	need_jq();
	for (i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		snprintf(path, sizeof(path), "%s/r%zu.json", tmpdir, i);
		rc = tu_shf(NULL, ENV "%s scan -R -f %s/%s -o json=%s -q",
			    tu_bin(), shared, inputs[i], path);
		ck_assert_msg(rc == 0 || rc == 1, "%s: exit %d", inputs[i], rc);
		ck_assert_msg(
		    tu_shf(NULL,
			   "jq -e '.summary.objects > 0 and "
			   "(.errors | length) == 0 and "
			   ".summary.findings == ([.findings[] | "
			   "select(.suppressedBy == null)] | length)' "
			   "%s >/dev/null",
			   path) == 0,
		    "%s: unexpected report", inputs[i]);
	}
}
END_TEST

/* Two scans of the same input give byte-identical reports. */
START_TEST(test_deterministic)
{
	char *out = NULL;
	int i;

	for (i = 0; i < 2; i++) {
		tu_runf(&out,
			"scan -R -f " FIX " -f " FIX "privileged.yaml "
			"--report-date 2026-01-10 "
			"-o json=%s/d.json -o text=%s/d.txt 2>/dev/null",
			tmpdir, tmpdir);
		free(out);
		ck_assert_int_eq(
		    tu_shf(NULL,
			   "cp %s/d.json %s/d%d.json && cp %s/d.txt "
			   "%s/d%d.txt",
			   tmpdir, tmpdir, i, tmpdir, tmpdir, i),
		    0);
	}
	ck_assert_int_eq(
	    tu_shf(NULL, "cmp -s %s/d0.json %s/d1.json", tmpdir, tmpdir), 0);
	ck_assert_int_eq(
	    tu_shf(NULL, "cmp -s %s/d0.txt %s/d1.txt", tmpdir, tmpdir), 0);
}
END_TEST

static bool has_escape(const char *s)
{
	return strchr(s, '\033') != NULL;
}

START_TEST(test_color)
{
	char *out = NULL;
	char cmd[1024];

	/* piped: no colour by default */
	tu_runf(&out, "scan -f " FIX "clean.yaml 2>/dev/null");
	ck_assert(!has_escape(out));
	free(out);
	tu_runf(&out, "scan -f " FIX "clean.yaml --color always 2>/dev/null");
	ck_assert(has_escape(out));
	free(out);
	tu_runf(&out, "scan -f " FIX "clean.yaml --color always "
		      "--no-color 2>/dev/null");
	ck_assert(!has_escape(out));
	free(out);
	/* files never get colour */
	snprintf(cmd, sizeof(cmd), "%s/c.txt", tmpdir);
	tu_runf(&out,
		"scan -f " FIX
		"clean.yaml --color always -o text=%s 2>/dev/null",
		cmd);
	free(out);
	out = tu_read_file(cmd, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "Summary"));
	ck_assert(!has_escape(out));
	free(out);
	tu_need_tool("script", "bsdutils");
	/* on a terminal: colour, unless NO_COLOR or --no-color */
	snprintf(cmd, sizeof(cmd),
		 ENV "script -qec '%s scan -f " FIX "clean.yaml' /dev/null",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_msg(has_escape(out), "no colour on a terminal: %s", out);
	free(out);
	snprintf(cmd, sizeof(cmd),
		 ENV "NO_COLOR=1 script -qec '%s scan -f " FIX
		     "clean.yaml' /dev/null",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert(!has_escape(out));
	free(out);
	snprintf(cmd, sizeof(cmd),
		 ENV "script -qec '%s scan --no-color -f " FIX
		     "clean.yaml' /dev/null",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert(!has_escape(out));
	free(out);
}
END_TEST

START_TEST(test_info_commands)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "version 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "kubectl-threatmap "));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "--version 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "kubectl-threatmap "));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "checks 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "SEVERITY"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "matrix 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "MS-TA9018"));
	ck_assert_ptr_nonnull(strstr(out, "Impact (TA0040)"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "explain MS-TA9018 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "Privileged container"));
	ck_assert_ptr_nonnull(strstr(out, "T1610"));
	free(out);
	ck_assert_int_eq(tu_runf(&out, "explain t1611 2>/dev/null"), 0);
	ck_assert_ptr_nonnull(strstr(out, "Escape to Host"));
	ck_assert_ptr_nonnull(strstr(out, "MS-TA9013"));
	free(out);
	need_jq();
	ck_assert_int_eq(tu_shf(NULL,
				ENV "%s checks -o json | jq -e '.schemaVersion "
				    "== \"1\" and (.checks | length) == %zu' "
				    ">/dev/null",
				tu_bin(), check_count()),
			 0);
	ck_assert_int_eq(tu_shf(NULL,
				ENV
				"%s matrix -o json | jq -e '(.tactics | "
				"length) == 10 and (.techniques | length) "
				"== 40 and (.techniques[0].checks | type) == "
				"\"array\"' >/dev/null",
				tu_bin()),
			 0);
	ck_assert_int_eq(tu_shf(NULL,
				ENV "%s explain MS-TA9005 -o json | jq -e "
				    "'.technique.tactics == [\"InitialAccess\","
				    "\"Discovery\"]' >/dev/null",
				tu_bin()),
			 0);
	ck_assert_int_eq(tu_shf(NULL,
				ENV "%s version -o json | jq -e '.version | "
				    "type == \"string\"' >/dev/null",
				tu_bin()),
			 0);
}
END_TEST

/* Every registered check can be explained, with its full text, is
 * listed by `checks`, and covers its techniques in `matrix -o json`. */
START_TEST(test_explain_check)
{
	const struct check *c = check_registry[_i];
	const char *const *t;
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "checks 2>/dev/null"), 0);
	ck_assert_msg(strstr(out, c->id) != NULL, "checks lacks %s", c->id);
	free(out);
	need_jq();
	for (t = c->techniques; *t; t++)
		ck_assert_msg(tu_shf(NULL,
				     ENV
				     "%s matrix -o json | jq -e '.techniques[]"
				     " | select(.id == \"%s\") | .checks | "
				     "index(\"%s\") != null' >/dev/null",
				     tu_bin(), *t, c->id) == 0,
			      "matrix does not list %s under %s", c->id, *t);

	ck_assert_int_eq(tu_runf(&out, "explain %s 2>/dev/null", c->id), 0);
	ck_assert_ptr_nonnull(strstr(out, c->title));
	ck_assert_ptr_nonnull(strstr(out, "Remediation:"));
	ck_assert_ptr_nonnull(strstr(out, c->techniques[0]));
	free(out);
}
END_TEST

/*
 * The progress line of a scan of files or a snapshot: on a terminal's
 * stderr only (under script(1)), counting the items of a List while it is
 * read, replaced by "judging them" when loading is over and cleared
 * before anything else is written; never with -q or without a terminal.
 * THREATMAP_PROGRESS_MS=0 shows it from the start instead of after half
 * a second.
 */
START_TEST(test_progress_line)
{
	char dir[] = "/tmp/threatmap-progress-XXXXXX", path[64];
	const char *judging, *p;
	char *out = NULL;
	FILE *fp;
	int i;

	tu_need_tool("script", "bsdutils");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/list.json", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [", fp);
	for (i = 0; i < 200; i++)
		fprintf(fp,
			"%s{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", "
			"\"metadata\": {\"name\": \"cm-%d\", "
			"\"namespace\": \"default\"}}",
			i ? ", " : "", i);
	fputs("]}\n", fp);
	ck_assert_int_eq(fclose(fp), 0);

	/* a terminal: the List's items counted as they are read */
	tu_shf(&out,
	       ENV "THREATMAP_PROGRESS_MS=0 script -qec "
		   "\"%s scan -f %s -o json=/dev/null\" /dev/null",
	       tu_bin(), path);
	ck_assert_msg(strstr(out, ": 64 objects read\033[K"), "%s", out);
	judging = strstr(out, ": 200 objects read; judging them\033[K");
	ck_assert_msg(judging, "%s", out);
	/* cleared before the next line */
	p = judging + strlen(": 200 objects read; judging them\033[K");
	ck_assert_msg(!strncmp(p, "\r\033[K", 4), "%s", out);
	free(out);

	/*
	 * a List cut short: its items are never added, yet they were counted
	 * while read, and the error clears the line before it is printed
	 */
	ck_assert_int_eq(truncate(path, 150 * 95), 0);
	tu_shf(&out,
	       ENV "THREATMAP_PROGRESS_MS=0 script -qec "
		   "\"%s scan -f %s -o json=/dev/null\" /dev/null",
	       tu_bin(), path);
	p = strstr(out, ": 64 objects read\033[K");
	ck_assert_msg(p, "%s", out);
	ck_assert_msg(!strstr(out, "judging them"), "%s", out);
	p = strstr(p, "\r\033[K");
	ck_assert_msg(p && strstr(p, "unexpected end of input"), "%s", out);
	free(out);

	/* a snapshot too */
	tu_shf(&out,
	       ENV "THREATMAP_PROGRESS_MS=0 script -qec "
		   "\"%s scan --snapshot testdata/snapshots/demo "
		   "-o json=/dev/null\" /dev/null",
	       tu_bin());
	ck_assert_msg(strstr(out, "objects read; judging them"), "%s", out);
	free(out);

	/* -q: nothing */
	tu_shf(&out,
	       ENV "THREATMAP_PROGRESS_MS=0 script -qec "
		   "\"%s scan -q -f %s -o json=/dev/null\" /dev/null",
	       tu_bin(), path);
	ck_assert_msg(!strstr(out, "objects read") && !strstr(out, "\033[K"),
		      "%s", out);
	free(out);

	/* stderr no terminal: nothing */
	tu_runf_opts(&out,
		     &(struct tu_run_opts){ .env = "THREATMAP_PROGRESS_MS=0" },
		     "scan -f %s -o json=/dev/null", path);
	ck_assert_msg(!strstr(out, "objects read") && !strstr(out, "\033[K"),
		      "%s", out);
	free(out);

	/* the default delay: a small input is read before it is up */
	tu_shf(&out,
	       ENV "script -qec \"%s scan -f %s -o json=/dev/null\" /dev/null",
	       tu_bin(), path);
	ck_assert_msg(!strstr(out, "objects read"), "%s", out);
	free(out);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *suite_cli(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_main_help);
	tcase_add_loop_test(tc, test_subcommand_help, 0,
			    sizeof(subcommands) / sizeof(*subcommands));
	tcase_add_test(tc, test_scan_help_lists_flags);
	tcase_add_loop_test(tc, test_usage_errors, 0,
			    sizeof(usage_cases) / sizeof(*usage_cases));
	tcase_add_test(tc, test_exit_clean);
	tcase_add_test(tc, test_exit_findings);
	tcase_add_test(tc, test_exit_input_error);
	tcase_add_test(tc, test_output_file);
	tcase_add_test(tc, test_json_shape);
	tcase_add_test(tc, test_recursive);
	tcase_add_test(tc, test_stdin);
	tcase_add_test(tc, test_real_manifests);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_color);
	tcase_add_test(tc, test_info_commands);
	tcase_add_test(tc, test_progress_line);
	tcase_add_loop_test(tc, test_explain_check, 0, (int)check_count());
	suite_add_tcase(s, tc);
	return s;
}
