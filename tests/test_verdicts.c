/*
 * Verdicts never claim more than was seen: kinds absent from manifests are
 * not visible, an empty input has no score, -n and -A work on files,
 * namespaces are defaulted as kubectl apply does, exceptions name real
 * checks, and a baseline-filtered report still diffs right.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "policy.h"
#include "checks/registry.h"
#include "scan.h"
#include "score.h"
#include "suggest.h"
#include "testutil.h"

#define TD "testdata/verdicts/"

static const char pod_yaml[] = "apiVersion: v1\n"
			       "kind: Pod\n"
			       "metadata: {name: debug, namespace: shop}\n"
			       "spec:\n"
			       "  containers:\n"
			       "  - name: shell\n"
			       "    image: busybox\n"
			       "    securityContext: {privileged: true}\n";

static char tmpdir[] = "/tmp/threatmap-verdicts-XXXXXX";

static void setup(void)
{
	strcpy(tmpdir, "/tmp/threatmap-verdicts-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	tu_shf(NULL, "rm -rf '%s'", tmpdir);
}

/* COLUMNS=200 keeps reasons on one line; stderr stays the test's own. */
static const struct tu_run_opts wide = { .env = "COLUMNS=200", .err_to = "&2" };

/* Run the binary: stdout into *out, stderr into *err (both may be NULL). */
static int runf(char **out, char **err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int runf(char **out, char **err, const char *fmt, ...)
{
	char args[2048], errfile[512];
	struct tu_run_opts o = { .env = "COLUMNS=200", .err_to = errfile };
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(errfile, sizeof(errfile), "%s/stderr", tmpdir);
	rc = tu_runf_opts(out, &o, "%s", args);
	if (err) {
		*err = tu_read_file(errfile, NULL);
		ck_assert_ptr_nonnull(*err);
	}
	return rc;
}

/* jq must be there: a JSON assertion that cannot run is a failure. */
static void need_jq(void)
{
	ck_assert_msg(tu_shf(NULL, "command -v jq >/dev/null 2>&1") == 0,
		      "jq is needed to check the JSON reports");
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static const struct check_result *result_of(const struct check_result *r,
					    size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(r[i].check->id, id))
			return &r[i];
	ck_abort_msg("no result for %s", id);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Kinds absent from manifests are not visible, not passed.            */

START_TEST(test_absent_kinds_not_visible)
{
	struct scan *s = tu_scan_text(pod_yaml);
	struct check_result *res = NULL;
	const struct check_result *r;
	const struct score_technique *st;
	struct findings f;
	struct score sc;
	size_t n = 0;

	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &res, &n),
			 0);
	r = result_of(res, n, "cluster-admin-binding");
	ck_assert_int_eq(r->status, CHECK_NOT_VISIBLE);
	ck_assert(r->absent);
	ck_assert_ptr_nonnull(r->why);
	ck_assert_msg(strstr(r->why, "ClusterRoleBinding") &&
			  strstr(r->why, "in the input"),
		      "%s", r->why);
	ck_assert_int_eq(result_of(res, n, "rbac-wildcard")->status,
			 CHECK_NOT_VISIBLE);
	/* what the pod shows is still judged */
	ck_assert_int_eq(result_of(res, n, "privileged-container")->status,
			 CHECK_FAILED);
	/* a check that also reads Services ran, and says what it lacked */
	r = result_of(res, n, "path-exposed-node");
	ck_assert(r->partial || r->status == CHECK_NOT_VISIBLE);
	score_compute(&sc, res, n, &f);
	st = score_technique(&sc, "MS-TA9019");
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(st->status, TECH_NOT_VISIBLE);
	ck_assert(sc.partial_coverage);
	ck_assert_uint_lt(sc.judged, sc.judgeable);
	score_release(&sc);
	free(res);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* What was seen is scored; what the input lacked does not pull it down. */
START_TEST(test_absent_kinds_not_penalised)
{
	struct scan *s = tu_scan_text(pod_yaml);
	struct check_result *res = NULL;
	struct findings f;
	struct score with_absent, judged_only;
	size_t n = 0, i;

	findings_init(&f, s->arena);
	scan_run(s, check_registry, NULL, NULL, &f, &res, &n);
	score_compute(&with_absent, res, n, &f);
	for (i = 0; i < n; i++)
		if (res[i].absent)
			res[i].status = CHECK_SKIPPED;
	score_compute(&judged_only, res, n, &f);
	ck_assert_int_eq(with_absent.overall, judged_only.overall);
	score_release(&with_absent);
	score_release(&judged_only);
	free(res);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* A live scan or a snapshot listed every kind: absence means none. */
START_TEST(test_listing_absence_is_none)
{
	struct scan *s = tu_scan_text(pod_yaml);
	struct check_result *res = NULL;
	struct findings f;
	size_t n = 0;

	s->meta.source = "snapshot";
	findings_init(&f, s->arena);
	scan_run(s, check_registry, NULL, NULL, &f, &res, &n);
	ck_assert_int_eq(result_of(res, n, "cluster-admin-binding")->status,
			 CHECK_PASSED);
	free(res);
	findings_release(&f);
	scan_free(s);
}
END_TEST

START_TEST(test_cli_pod_only_partial)
{
	char *out = NULL, path[600];

	need_jq();
	snprintf(path, sizeof(path), "%s/pod.yaml", tmpdir);
	write_file(path, pod_yaml);
	ck_assert_int_eq(runf(&out, NULL, "scan -f %s --no-color", path), 1);
	/* (the runs get COLUMNS=200, so reasons stay on one line) */
	ck_assert_ptr_nonnull(strstr(out,
				     "cluster-admin-binding: not visible: "
				     "no Role, ClusterRole, RoleBinding "
				     "or ClusterRoleBinding in the input"));
	ck_assert_ptr_nonnull(strstr(out, "(higher is better)"));
	ck_assert_ptr_nonnull(strstr(out, "coverage:      partial: "));
	free(out);
	ck_assert_int_eq(
	    tu_runf_opts(
		NULL, &wide,
		"scan -f %s -o json | jq -en 'input | "
		".score.coverage.partial "
		"and (.score.techniques[] | select(.id == \"MS-TA9019\") "
		"| .status == \"not-visible\") and (.checks[] | "
		"select(.id == \"rbac-wildcard\") | .status == "
		"\"not-visible\")' >/dev/null",
		path),
	    0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Nothing read: no report, no score, exit 3 and a hint.               */

START_TEST(test_nothing_read)
{
	char *out = NULL, *err = NULL, sub[600];

	ck_assert_int_eq(runf(&out, &err, "scan -f %s/no-such.yaml", tmpdir),
			 3);
	ck_assert_str_eq(out, ""); /* no report at all */
	ck_assert_ptr_nonnull(strstr(err, "no-such.yaml"));
	ck_assert_ptr_nonnull(strstr(err, "no Kubernetes objects were read"));
	free(out);
	free(err);
	/* manifests only in a subfolder, without -R */
	snprintf(sub, sizeof(sub), "%s/deep", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/deep/pod.yaml", tmpdir);
	write_file(sub, pod_yaml);
	ck_assert_int_eq(runf(&out, &err, "scan -f %s -o json", tmpdir), 3);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "-R reads them too"));
	free(out);
	free(err);
	/* and with -R it is read */
	ck_assert_int_eq(runf(&out, NULL, "scan -R -f %s -q", tmpdir), 1);
	free(out);
	/* a check selection does not invent a score from nothing */
	ck_assert_int_eq(runf(&out, &err,
			      "scan -f %s/no-such.yaml --checks "
			      "privileged-container,run-as-root -o json",
			      tmpdir),
			 3);
	ck_assert_ptr_null(strstr(out, "\"overall\""));
	free(out);
	free(err);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Namespaces: defaulted like kubectl apply, -n and -A honoured.       */

START_TEST(test_defaulted_namespace_flag)
{
	static const char two[] = "apiVersion: v1\nkind: Service\n"
				  "metadata: {name: a}\n---\n"
				  "apiVersion: v1\nkind: Service\n"
				  "metadata: {name: b, namespace: shop}\n";
	struct scan *s = scan_new();
	const struct kobj *const *v;
	size_t n;

	/* -n web: the namespace kubectl apply -n web would use, and a filter */
	inventory_set_namespace(s->inv, "web", true);
	load_buffer(s->arena, s->inv, "<test>", two, strlen(two), NULL,
		    &s->errors);
	scan_finish_input(s);
	v = inventory_kind(s->inv, "Service", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0]->ns, "web");
	ck_assert(v[0]->ns_defaulted);
	ck_assert_uint_eq(inventory_skipped(s->inv), 1);
	scan_free(s);
	s = tu_scan_text("apiVersion: v1\nkind: Service\n"
			 "metadata: {name: a}\n---\n"
			 "apiVersion: v1\nkind: Service\n"
			 "metadata: {name: b, namespace: default}\n---\n"
			 "apiVersion: example.com/v1\nkind: Widget\n"
			 "metadata: {name: w}\n");
	v = inventory_kind(s->inv, "Service", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0]->ns, "default");
	ck_assert(v[0]->ns_defaulted);
	ck_assert_str_eq(v[1]->ns, "default");
	ck_assert(!v[1]->ns_defaulted); /* placed there on purpose */
	/* a custom resource's scope is unknown: left unspecified */
	v = inventory_kind(s->inv, "Widget", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_null(v[0]->ns);
	scan_free(s);
}
END_TEST

START_TEST(test_lb_without_namespace_selects_default)
{
	char *out = NULL;

	ck_assert_int_eq(runf(&out, NULL,
			      "scan -f " TD "lb --checks external-service "
			      "--no-color"),
			 1);
	ck_assert_msg(strstr(out, "it selects Deployment/web") != NULL, "%s",
		      out);
	ck_assert_ptr_null(strstr(out, "selects no workload"));
	ck_assert_ptr_nonnull(strstr(out,
				     "Service default/web (no namespace in "
				     "the manifest)"));
	free(out);
	/* and the JSON says the namespace was filled in */
	need_jq();
	ck_assert_int_eq(
	    tu_runf_opts(
		NULL, &wide,
		"scan -f " TD "lb --checks external-service -o json | "
		"jq -en 'input | .findings[0].object.namespaceDefaulted == "
		"true' "
		">/dev/null"),
	    0);
}
END_TEST

START_TEST(test_namespace_flag_on_files)
{
	char *out = NULL;

	need_jq();
	/* -n web: the Service written without a namespace lands in web */
	ck_assert_int_eq(
	    tu_runf_opts(
		NULL, &wide,
		"scan -f " TD "lb -n web -o json | jq -en "
		"'input | [.findings[] | .object.namespace] | unique == "
		"[\"web\"]'"
		" >/dev/null"),
	    0);
	/* the Deployment in default is left out, as kubectl get -n web */
	ck_assert_int_eq(
	    tu_runf_opts(NULL, &wide,
			 "scan -f " TD "lb -n web -o json | jq -en "
			 "'input | .summary.objects == 1' >/dev/null"),
	    0);
	/* -A keeps every namespace */
	ck_assert_int_eq(
	    tu_runf_opts(NULL, &wide,
			 "scan -f " TD "lb -A -o json | jq -en "
			 "'input | .summary.objects == 2' >/dev/null"),
	    0);
	/* only the namespaced object written without a namespace follows */
	ck_assert_int_eq(
	    runf(&out, NULL, "scan -f " TD "lb/deploy.yaml -n nowhere"), 3);
	free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Exceptions and --checks refuse unknown check ids alike.             */

START_TEST(test_exceptions_unknown_check)
{
	char *out = NULL, *err = NULL;

	ck_assert_int_eq(runf(&out, &err,
			      "scan -f testdata/cli/privileged.yaml "
			      "--exceptions testdata/exceptions/"
			      "unknown-check.yaml"),
			 3);
	ck_assert_msg(strstr(err, "unknown-check.yaml:4:5: unknown check "
				  "'privilege-container' (did you mean "
				  "'privileged-container'?)"),
		      "%s", err);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
	ck_assert_int_eq(runf(&out, &err,
			      "scan -f testdata/cli/privileged.yaml "
			      "--checks privilege-container"),
			 2);
	ck_assert_ptr_nonnull(strstr(err, "did you mean "
					  "'privileged-container'?"));
	free(out);
	free(err);
}
END_TEST

/* The YAML example of docs/exceptions.md loads and names real checks. */
START_TEST(test_exceptions_doc_example)
{
	char *out = NULL, path[600];

	snprintf(path, sizeof(path), "%s/doc-example.yaml", tmpdir);
	ck_assert_int_eq(
	    tu_shf(NULL,
		   "awk '/^```yaml$/ {on=1; next} /^```$/ {if (on) "
		   "exit} on' docs/exceptions.md > %s && test -s %s",
		   path, path),
	    0);
	ck_assert_int_eq(runf(&out, NULL,
			      "scan -f testdata/cli/privileged.yaml -q "
			      "--exceptions %s",
			      path),
			 1);
	free(out);
}
END_TEST

START_TEST(test_suggest)
{
	struct suggest sg;

	ck_assert_str_eq(suggest_check(check_registry, "privilege-container"),
			 "privileged-container");
	ck_assert_str_eq(suggest_check(check_registry, "run-as-rot"),
			 "run-as-root");
	ck_assert_ptr_null(suggest_check(check_registry, "host-path-writable"));
	ck_assert_ptr_null(suggest_check(check_registry, "x"));
	suggest_init(&sg, "--recursiv");
	suggest_try(&sg, "--recursive");
	suggest_try(&sg, "--request-timeout");
	ck_assert_str_eq(sg.best, "--recursive");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Baseline: the filtered report keeps every finding, diff is right.   */

START_TEST(test_baseline_then_diff)
{
	char *out = NULL, *truth = NULL, dir[600];

	need_jq();
	snprintf(dir, sizeof(dir), "%s/in", tmpdir);
	ck_assert_int_eq(tu_shf(NULL, "cp -r testdata/demo %s", dir), 0);
	ck_assert_int_eq(runf(&out, NULL,
			      "scan -R -f %s -q -o json=%s/yesterday.json", dir,
			      tmpdir),
			 1);
	free(out);
	/* one fix, one new weakness */
	ck_assert_int_eq(
	    tu_shf(NULL,
		   "sed -i 's/privileged: true/privileged: false/' "
		   "%s/30-monitoring.yaml && printf '%%s' '---\napiVersion: "
		   "v1\nkind: Pod\nmetadata: {name: newpod, namespace: "
		   "shop}\nspec:\n  containers:\n  - name: c\n    image: x\n"
		   "    securityContext: {privileged: true}\n' >> "
		   "%s/10-shop.yaml",
		   dir, dir),
	    0);
	runf(&out, NULL,
	     "scan -R -f %s -q -o json=%s/today.json --baseline "
	     "%s/yesterday.json",
	     dir, tmpdir, tmpdir);
	free(out);
	runf(&out, NULL, "scan -R -f %s -q -o json=%s/full.json", dir, tmpdir);
	free(out);
	/* the baseline-filtered report diffs like the full one */
	runf(&truth, NULL, "diff %s/yesterday.json %s/full.json", tmpdir,
	     tmpdir);
	runf(&out, NULL, "diff %s/yesterday.json %s/today.json", tmpdir,
	     tmpdir);
	ck_assert_str_eq(strchr(out, '\n') ? out : "", truth);
	ck_assert_msg(strstr(out, ", 1 fixed, ") != NULL, "%s", out);
	free(out);
	free(truth);
	/* each finding says whether the baseline held it */
	ck_assert_int_eq(
	    tu_shf(NULL,
		   "jq -en 'input | ([.findings[] | select(.baselineState == "
		   "\"new\")] "
		   "| length) > 0 and ([.findings[] | select(.baselineState == "
		   "\"unchanged\")] | length) > 10 and all(.findings[]; "
		   ".baselineState != null)' %s/today.json >/dev/null",
		   tmpdir),
	    0);
	/* diff -o json: schemaVersion is a string, as in the scan report */
	ck_assert_int_eq(
	    tu_runf_opts(NULL, &wide,
			 "diff -o json %s/yesterday.json "
			 "%s/today.json | jq -en 'input | .schemaVersion | "
			 "type == \"string\"' >/dev/null",
			 tmpdir, tmpdir),
	    0);
}
END_TEST

Suite *suite_verdicts(void)
{
	Suite *s = suite_create("verdicts");
	TCase *tc = tcase_create("verdicts");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_absent_kinds_not_visible);
	tcase_add_test(tc, test_absent_kinds_not_penalised);
	tcase_add_test(tc, test_listing_absence_is_none);
	tcase_add_test(tc, test_cli_pod_only_partial);
	tcase_add_test(tc, test_nothing_read);
	tcase_add_test(tc, test_defaulted_namespace_flag);
	tcase_add_test(tc, test_lb_without_namespace_selects_default);
	tcase_add_test(tc, test_namespace_flag_on_files);
	tcase_add_test(tc, test_exceptions_unknown_check);
	tcase_add_test(tc, test_exceptions_doc_example);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_baseline_then_diff);
	suite_add_tcase(s, tc);
	return s;
}
