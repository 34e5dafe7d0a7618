/*
 * Commands people already type: "did you mean", kubectl's flag spellings,
 * no silent prefix matching, the program named as invoked, -k through
 * kubectl kustomize, and every documented example.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define ENV                                                                    \
	"env -u KUBECONFIG -u NO_COLOR -u KUBERNETES_SERVICE_HOST "            \
	"-u KUBECTL_PATH HOME=/nonexistent-threatmap-home "
#define PRIV "testdata/cli/privileged.yaml"
static void expect(const char *args, int status, const char *needle)
{
	char *out = NULL;
	int rc = tu_runf(&out, "%s", args);

	ck_assert_msg(rc == status, "'%s' exited %d, not %d: %s", args, rc,
		      status, out);
	ck_assert_msg(strstr(out, needle) != NULL, "'%s' lacks \"%s\": %s",
		      args, needle, out);
	free(out);
}

static const struct {
	const char *args, *says;
} typos[] = {
	{ "scna -f " PRIV, "unknown command 'scna' (did you mean 'scan'?)" },
	{ "chekcs", "(did you mean 'checks'?)" },
	{ "scan --recursiv -f testdata/demo",
	  "unknown option '--recursiv' (did you mean '--recursive'?)" },
	{ "scan --check=privileged-container -f " PRIV,
	  "unknown option '--check' (did you mean '--checks'?)" },
	{ "scan --fail-onn high -f " PRIV, "(did you mean '--fail-on'?)" },
	{ "checks --outptu json", "(did you mean '--output'?)" },
	{ "scan -f " PRIV " --checks privileged-containr",
	  "unknown check 'privileged-containr' (did you mean "
	  "'privileged-container'?)" },
	{ "scan -f " PRIV " --skip-checks run-as-rot",
	  "(did you mean 'run-as-root'?)" },
	{ "explain MS-TA918", "unknown ID 'MS-TA918' (did you mean" },
	{ "explain T16111", "unknown ID 'T16111' (did you mean 'T1611'?)" },
	{ "explain privileged-containr",
	  "(did you mean 'privileged-container'?)" },
};

START_TEST(test_did_you_mean)
{
	expect(typos[_i].args, 2, typos[_i].says);
}
END_TEST

/* kubectl's spellings: --flag=value, -f=value, -fvalue. */
START_TEST(test_flag_spellings)
{
	expect("scan --filename=" PRIV " --checks=privileged-container", 1,
	       "privileged-container");
	expect("scan -f=" PRIV " --checks privileged-container", 1,
	       "Pod shop/debug");
	expect("scan -f" PRIV " -o=json --checks privileged-container", 1,
	       "\"schemaVersion\"");
	expect("scan -f " PRIV " --fail-on=critical -q", 1, "");
	expect("-f=" PRIV " -q", 1, "");
	/* a value that starts with '-' after a flag that takes one */
	expect("scan -f " PRIV " -o - -q", 1, "");
}
END_TEST

/* Messages and help name the program as kubectl ran it. */
START_TEST(test_plugin_name)
{
	char dir[] = "/tmp/threatmap-plugin-XXXXXX", cmd[8192], *out = NULL;
	char bin[4096];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	if (tu_bin()[0] == '/') {
		snprintf(bin, sizeof(bin), "%s", tu_bin());
	} else {
		char cwd[2048];

		ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
		snprintf(bin, sizeof(bin), "%s/%s", cwd, tu_bin());
	}
	snprintf(cmd, sizeof(cmd), "ln -s '%s' %s/kubectl-threatmap", bin, dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	ck_assert_msg(tu_run("command -v kubectl >/dev/null", NULL) == 0,
		      "kubectl is needed on PATH");
	snprintf(cmd, sizeof(cmd),
		 ENV "PATH=%s:$PATH kubectl threatmap scan --bogus 2>&1", dir);
	ck_assert_int_eq(tu_run(cmd, &out), 2);
	ck_assert_msg(strstr(out, "kubectl threatmap: unknown option "
				  "'--bogus'") &&
			  strstr(out, "Run 'kubectl threatmap scan --help'"),
		      "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd),
		 ENV "PATH=%s:$PATH kubectl threatmap scan --help", dir);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "Usage: kubectl threatmap scan"));
	ck_assert_ptr_null(strstr(out, "kubectl-threatmap"));
	free(out);
	/* called directly, it is kubectl-threatmap */
	expect("scan --bogus", 2, "kubectl-threatmap: unknown option");
	/* and so when kubectl says it ran us (KUBECTL_PATH) */
	snprintf(cmd, sizeof(cmd),
		 ENV "KUBECTL_PATH=/usr/bin/kubectl %s nope 2>&1", tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 2);
	ck_assert_ptr_nonnull(strstr(out, "kubectl threatmap: unknown"));
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	tu_run(cmd, NULL);
}
END_TEST

/* -k DIR is what kubectl kustomize DIR renders. */
START_TEST(test_kustomize)
{
	char cmd[4096], *out = NULL;

	ck_assert_msg(tu_run("command -v kubectl >/dev/null", NULL) == 0,
		      "kubectl is needed on PATH");
	expect("scan -k testdata/verdicts/kustomize --checks "
	       "privileged-container --no-color",
	       1, "Deployment shop/api: 1 finding; kustomize:");
	/* without kubectl: say what is needed */
	snprintf(cmd, sizeof(cmd),
		 ENV "PATH=/nonexistent-dir %s scan -k "
		     "testdata/verdicts/kustomize 2>&1",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 3);
	ck_assert_ptr_nonnull(strstr(out, "needs kubectl on PATH"));
	free(out);
}
END_TEST

/* --help lists every format and -k. */
START_TEST(test_scan_help_current)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "scan --help"), 0);
	ck_assert_ptr_null(strstr(out, "text (default) or json\n"));
	ck_assert_ptr_nonnull(strstr(out, "sarif, html, markdown or junit"));
	ck_assert_ptr_nonnull(strstr(out, "-k, --kustomize DIR"));
	free(out);
}
END_TEST

/* Every example of README.md and docs/ runs (tests/doc-examples.sh). */
START_TEST(test_documented_examples)
{
	char cmd[4096], *out = NULL;
	int rc;

	snprintf(cmd, sizeof(cmd), "sh tests/doc-examples.sh '%s' 2>&1",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "documented examples, 0 failed"));
	free(out);
	/* the extraction itself finds the examples of each kind */
	snprintf(cmd, sizeof(cmd), "sh tests/doc-examples.sh '%s' --list",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "helm template"));
	ck_assert_ptr_nonnull(strstr(out, "kubectl threatmap scan"));
	ck_assert_ptr_nonnull(strstr(out, "diff yesterday.json today.json"));
	free(out);
}
END_TEST

Suite *suite_commands(void)
{
	Suite *s = suite_create("commands");
	TCase *tc = tcase_create("commands");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_did_you_mean, 0,
			    sizeof(typos) / sizeof(typos[0]));
	tcase_add_test(tc, test_flag_spellings);
	tcase_add_test(tc, test_plugin_name);
	tcase_add_test(tc, test_kustomize);
	tcase_add_test(tc, test_scan_help_current);
	tcase_add_test(tc, test_documented_examples);
	suite_add_tcase(s, tc);
	return s;
}
