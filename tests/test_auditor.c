/*
 * What an auditor reads: the text report lists findings by object, one
 * entry each, low-severity ones counted by check unless asked for; every
 * line fits the width; one binding's permissions are one piece of
 * evidence; every finding's fix names the field it goes to; a manifest
 * without metadata.namespace is judged where kubectl apply puts it, and
 * the verdict says so.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DEMO  "-f testdata/demo --no-color --report-date 2026-01-10 "
#define NSDEF "testdata/verdicts/ns-defaulted"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static size_t lines(const char *s)
{
	return count(s, "\n");
}

/*
 * Every line of s fits in width columns, whatever it holds, up to the
 * score's fixed table (at most 72 columns; wide terminals only matter).
 */
static void assert_fits(const char *s, unsigned width)
{
	const char *end = strstr(s, "\nScore\n");

	if (!end)
		end = s + strlen(s);
	while (s < end) {
		size_t len = strcspn(s, "\n");

		ck_assert_msg(len <= width, "line of %zu columns: %.*s", len,
			      (int)len, s);
		s += len + (s[len] == '\n');
	}
}

/* A number jq prints from the demo's JSON report. */
static unsigned long demo_jq(const char *filter)
{
	char *out = NULL;
	unsigned long v;
	char *end;

	ck_assert_int_eq(
	    tu_runf(&out, "scan " DEMO "-o json 2>/dev/null | jq '%s'", filter),
	    0);
	v = strtoul(out, &end, 10);
	ck_assert_msg(end != out && *end == '\n', "jq gave '%s'", out);
	free(out);
	return v;
}

#define SEVERITY_COUNT(sev)                                                    \
	demo_jq("[.findings[] | select(.severity == \"" sev "\")] | length")

START_TEST(test_text_one_entry_per_finding)
{
	unsigned long crit, high, med, low, pinned, pinned_objs;
	char *out = NULL, *full = NULL, want[128];
	const char *p;

	tu_need_tool("jq", "jq");
	crit = SEVERITY_COUNT("critical");
	high = SEVERITY_COUNT("high");
	med = SEVERITY_COUNT("medium");
	low = SEVERITY_COUNT("low");
	ck_assert_uint_gt(low, 20);
	ck_assert_int_eq(tu_runf(&out, "scan " DEMO "2>/dev/null"), 1);
	/* grouped by object, each finding one entry, none twice */
	ck_assert_ptr_nonnull(strstr(out, "\nFindings by object ("));
	ck_assert_uint_eq(count(out, "\n    CRITICAL "), crit);
	ck_assert_uint_eq(count(out, "\n    HIGH     "), high);
	ck_assert_uint_eq(count(out, "\n    MEDIUM   "), med);
	ck_assert_uint_eq(count(out, "\n    LOW      "), 0);
	/* a medium finding is one line: no continuation follows it */
	for (p = strstr(out, "\n    MEDIUM   "); p;
	     p = strstr(p + 1, "\n    MEDIUM   "))
		ck_assert_msg(
		    strncmp(strchr(p + 1, '\n'), "\n             ", 14) != 0,
		    "medium entry continues: %.200s", p + 1);
	/* low findings counted by check, with their numbers */
	snprintf(want, sizeof(want),
		 "\nLow severity, by check (%lu findings)\n", low);
	ck_assert_msg(strstr(out, want) != NULL, "no '%s'", want + 1);
	pinned = demo_jq("[.findings[] | select(.checkId == "
			 "\"image-not-pinned\" and .severity == \"low\")] | "
			 "length");
	pinned_objs = demo_jq("[.findings[] | select(.checkId == "
			      "\"image-not-pinned\" and .severity == \"low\") "
			      "| .object] | unique | length");
	snprintf(want, sizeof(want),
		 "  LOW      image-not-pinned  %lu findings on %lu objects: ",
		 pinned, pinned_objs);
	ck_assert_msg(strstr(out, want) != NULL, "no '%s'", want);
	/* a fix once per check, no back-references */
	ck_assert_uint_eq(count(out, "\n  privileged-container: "), 1);
	ck_assert_ptr_null(strstr(out, "(details under"));
	assert_fits(out, 100);
	/* far shorter than every finding in full */
	ck_assert_int_eq(tu_runf(&full, "scan " DEMO "--verbose 2>/dev/null"),
			 1);
	ck_assert_uint_lt(3 * lines(out), lines(full));
	free(full);
	free(out);
}
END_TEST

START_TEST(test_text_verbose_and_min_severity)
{
	unsigned long all, low;
	char *out = NULL;

	tu_need_tool("jq", "jq");
	all = demo_jq(".findings | length");
	low = SEVERITY_COUNT("low");
	/* --verbose: every finding in full, low ones too */
	ck_assert_int_eq(tu_runf(&out, "scan " DEMO "--verbose 2>/dev/null"),
			 1);
	ck_assert_uint_eq(count(out, "\n      at "), all);
	ck_assert_uint_eq(count(out, "\n    LOW      "), low);
	ck_assert_ptr_null(strstr(out, "\nLow severity, by check"));
	ck_assert_ptr_null(strstr(out, "\nFixes, by check"));
	assert_fits(out, 100);
	free(out);
	/* --min-severity low asks for the low findings: one line each */
	ck_assert_int_eq(
	    tu_runf(&out, "scan " DEMO "--min-severity low 2>/dev/null"), 1);
	ck_assert_uint_eq(count(out, "\n    LOW      "), low);
	ck_assert_ptr_null(strstr(out, "\nLow severity, by check"));
	free(out);
	/* --min-severity medium: none listed, none counted by check */
	ck_assert_int_eq(
	    tu_runf(&out, "scan " DEMO "--min-severity medium 2>/dev/null"), 1);
	ck_assert_uint_eq(count(out, "\n    LOW      "), 0);
	ck_assert_ptr_null(strstr(out, "\nLow severity, by check"));
	free(out);
}
END_TEST

/* Long words (image references, field paths) are cut at the width too. */
START_TEST(test_text_fits_narrow_terminal)
{
	char *out = NULL;

	ck_assert_int_eq(tu_shf(&out,
				TU_ENV "COLUMNS=60 '%s' scan " DEMO "--verbose "
				       "2>/dev/null",
				tu_bin()),
			 1);
	assert_fits(out, 60);
	ck_assert_ptr_nonnull(strstr(out, "\n      techniques: "));
	free(out);
	ck_assert_int_eq(
	    tu_shf(&out, TU_ENV "COLUMNS=60 '%s' scan " DEMO "2>/dev/null",
		   tu_bin()),
	    1);
	assert_fits(out, 60);
	free(out);
}
END_TEST

/*
 * rbac-workload-sa: the permissions one binding grants are one piece of
 * evidence, counted in the message, alike in JSON, SARIF and text.
 */
START_TEST(test_binding_folded)
{
	const char *msg = "(3 dangerous permissions through 1 binding)";
	char *out = NULL;

	tu_need_tool("jq", "jq");
	ck_assert_int_eq(
	    tu_runf(
		&out,
		"scan " DEMO "-o json 2>/dev/null | jq -e '[.findings[] "
		"| select(.checkId == \"rbac-workload-sa\" and "
		".object.name == \"storefront\")] | length == 1 and "
		"(.[0].evidence | map(select(.path | startswith(\"rbac.\")))"
		" | length == 1 and .[0].path == \"rbac.binding\" and "
		"(.[0].value | endswith(\": read-secrets, exec, "
		"create-workloads\")))'"),
	    0);
	free(out);
	ck_assert_int_eq(tu_runf(&out,
				 "scan " DEMO "-o sarif 2>/dev/null | jq -r "
				 "'.runs[0].results[] | select(.ruleId == "
				 "\"rbac-workload-sa\") | .message.text'"),
			 0);
	ck_assert_uint_ge(count(out, msg), 1);
	free(out);
	ck_assert_int_eq(tu_runf(&out, "scan " DEMO
				       "--verbose --checks rbac-workload-sa "
				       "2>/dev/null"),
			 1);
	ck_assert_uint_ge(count(out, msg), 1);
	ck_assert_uint_eq(count(out, "\n      rbac.binding = "),
			  count(out, "\n    HIGH     rbac-workload-sa  ") +
			      count(out, "\n    CRITICAL rbac-workload-sa  "));
	ck_assert_ptr_null(strstr(out, "rbac.exec"));
	free(out);
}
END_TEST

/* jq -e on the demo's JSON report succeeds */
static void demo_holds(const char *filter)
{
	char *out = NULL;
	int rc = tu_runf(&out, "scan " DEMO "-o json 2>/dev/null | jq -e '%s'",
			 filter);

	ck_assert_msg(rc == 0, "jq -e '%s' gave %d: %s", filter, rc, out);
	free(out);
}

/* fix.path names the field to change, wherever the evidence lies. */
START_TEST(test_fix_path_beyond_containers)
{
	tu_need_tool("jq", "jq");
	/* the type, or the external IPs a Service publishes */
	demo_holds("[.findings[] | select(.checkId == \"external-service\")] | "
		   "length > 0 and all(.fix.path == \"spec.type\" or "
		   "(.fix.path == \"spec.externalIPs\" and "
		   "(.message | test(\"externalIPs\"))))");
	demo_holds("[.findings[] | select(.checkId == \"hostpath-volume\")] | "
		   "length > 0 and all(.fix.path | "
		   "test(\"volumes\\\\[[0-9]+\\\\]$\"))");
	demo_holds("[.findings[] | select(.checkId == \"unsafe-sysctls\")] | "
		   "length > 0 and all(.fix.path == "
		   "\"spec.template.spec.securityContext\")");
	demo_holds("[.findings[] | select(.checkId == "
		   "\"rbac-dangling-binding\")] | length > 0 and "
		   "all(.fix.path | test(\"^subjects\\\\[[0-9]+\\\\]$\"))");
	demo_holds("[.findings[] | select(.checkId == \"rbac-unbound-role\")] "
		   "| length > 0 and all(.fix.path | "
		   "test(\"^rules\\\\[[0-9]+\\\\]$\"))");
	demo_holds("[.findings[] | select(.checkId == "
		   "\"ingress-snippet-annotation\")] | length > 0 and "
		   "all(.fix.path | startswith(\"metadata.annotations.\"))");
	/* a pod-level fragment stays at the pod, not inside a container */
	demo_holds("[.findings[] | select(.checkId == \"low-uid\" and "
		   "(.fix.path | endswith(\"spec.securityContext\")))] | "
		   "length > 0 and all(.fix.yaml | startswith("
		   "\"securityContext:\"))");
	demo_holds("[.findings[] | select(.checkId == "
		   "\"exposed-unhardened\")] | length > 0 and all(.fix.yaml | "
		   "startswith(\"automountServiceAccountToken: false\"))");
	/* evidence that names no field gives none */
	demo_holds("all(.findings[]; .fix.path | (startswith(\"rbac.\") or "
		   ". == \"exposure\" or . == \"rule\") | not)");
}
END_TEST

/*
 * A manifest without metadata.namespace: judged in default, or in the -n
 * namespace, and the namespace verdicts say where it came from.
 */
START_TEST(test_namespace_defaulted)
{
	char *out = NULL;

	tu_need_tool("jq", "jq");
	ck_assert_int_eq(
	    tu_runf(&out,
		    "scan -f " NSDEF "/app.yaml -o json 2>/dev/null | jq -e "
		    "'[.findings[] | select(.checkId == "
		    "\"missing-network-policy\" or .checkId == "
		    "\"namespace-without-default-deny\")] | length == 2 and "
		    "all(.object.namespaceDefaulted and (.message | "
		    "test(\"^namespace .default. \\\\(the manifests? names? "
		    "none; kubectl apply puts (it|them) there\\\\)\")) and "
		    "(.evidence | any(.path == \"metadata.namespace\" and "
		    ".value == \"unset: in '\"'\"'default'\"'\"', where "
		    "kubectl apply puts it\")))'"),
	    0);
	free(out);
	/* the namespace stands for a workload placed there on purpose */
	ck_assert_int_eq(
	    tu_runf(&out,
		    "scan -f " NSDEF " -o json 2>/dev/null | jq -e "
		    "'[.findings[] | select(.checkId == "
		    "\"namespace-without-default-deny\")] | length == 1 and "
		    ".[0].object.name == \"legacy\" and (.[0].message | "
		    "contains(\"names none\") | not)'"),
	    0);
	free(out);
	/* -n web: it lands in web, whose policy covers it; default is
	 * never blamed */
	ck_assert_int_eq(
	    tu_runf(&out,
		    "scan -n web -f " NSDEF " -o json 2>/dev/null | jq -e "
		    "'(.findings | length > 0) and all(.findings[]; "
		    ".object.namespace == \"web\" and (.message | "
		    "test(\"namespace .default.\") | not) and .checkId != "
		    "\"missing-network-policy\" and .checkId != "
		    "\"namespace-without-default-deny\")'"),
	    0);
	free(out);
}
END_TEST

Suite *suite_auditor(void)
{
	Suite *s = suite_create("auditor");
	TCase *tc = tcase_create("auditor");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_text_one_entry_per_finding);
	tcase_add_test(tc, test_text_verbose_and_min_severity);
	tcase_add_test(tc, test_text_fits_narrow_terminal);
	tcase_add_test(tc, test_binding_folded);
	tcase_add_test(tc, test_fix_path_beyond_containers);
	tcase_add_test(tc, test_namespace_defaulted);
	suite_add_tcase(s, tc);
	return s;
}
