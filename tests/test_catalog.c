/*
 * The default catalogue on the demo cluster: every check of the registry
 * fires on testdata/demo scanned with default options, or is listed here
 * with the reason it cannot.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

/* Checks that stay silent on the demo with default options, and why. */
static const struct {
	const char *id;
	const char *why;
} quiet[] = {
	{ "image-untrusted-registry",
	  "judges images only against a trusted-registry list, which the "
	  "user gives (--trusted-registries or a registries file); the "
	  "default is no list, so nothing is untrusted" },
	{ "apiserver-audit-policy",
	  "reads the audit Policy file, which is no API object: the demo "
	  "snapshot (which must give the demo's findings) cannot hold it; "
	  "its fixtures and testdata/controlplane/files fire it" },
	{ "apiserver-authentication-config",
	  "reads the AuthenticationConfiguration file, no API object (as "
	  "apiserver-audit-policy)" },
	{ "apiserver-admission-config",
	  "reads the AdmissionConfiguration file, no API object (as "
	  "apiserver-audit-policy)" },
};

static const char *quiet_reason(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		if (!strcmp(quiet[i].id, id))
			return quiet[i].why;
	return NULL;
}

static size_t fired(const struct findings *f, const struct check *c)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->v[i]->check == c;
	return n;
}

START_TEST(test_demo_catalogue)
{
	const char *p[1] = { "testdata/demo" };
	const struct check *const *c;
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0, i, silent = 0;

	s = tu_scan_paths(p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(s->ntrusted_registries, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	for (c = check_registry; *c; c++) {
		const char *why = quiet_reason((*c)->id);
		size_t n = fired(&f, *c);

		if (why) {
			ck_assert_msg(n == 0,
				      "'%s' fires on the demo (%zu): drop it "
				      "from the quiet list",
				      (*c)->id, n);
			ck_assert_uint_gt(strlen(why), 20);
			silent++;
			continue;
		}
		ck_assert_msg(n > 0,
			      "check '%s' does not fire on the demo cluster "
			      "with default options and has no stated reason",
			      (*c)->id);
	}
	/* every entry of the quiet list names a check of the registry */
	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		ck_assert_ptr_nonnull(
		    check_table_find(check_registry, quiet[i].id));
	ck_assert_uint_eq(silent, sizeof(quiet) / sizeof(quiet[0]));
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/* The demo's build namespace is where admission control has a gap. */
START_TEST(test_demo_admission_gap)
{
	const char *p[1] = { "testdata/demo" };
	const struct check *one[] = { check_find("no-admission-control"),
				      NULL };
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0;

	ck_assert_ptr_nonnull(one[0]);
	s = tu_scan_paths(p, 1);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, one, NULL, NULL, &f, &res, &nres), 0);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.v[0]->obj->kind, "Namespace");
	ck_assert_str_eq(f.v[0]->obj->name, "ci");
	ck_assert_int_eq(f.v[0]->severity, SEV_MEDIUM);
	ck_assert_ptr_nonnull(strstr(f.v[0]->message, "'privileged'"));
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/* A vendor's kubelet build of a vulnerable version: cannot tell. */
START_TEST(test_kubelet_vendor_cannot_tell)
{
	const char *p[1] = {
		"testdata/checks/kubelet-subpath-cve/silent/vendor-builds.yaml"
	};
	const struct check *one[] = { check_find("kubelet-subpath-cve"), NULL };
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0;

	ck_assert_ptr_nonnull(one[0]);
	s = tu_scan_paths(p, 1);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, one, NULL, NULL, &f, &res, &nres), 0);
	ck_assert_uint_eq(nres, 1);
	ck_assert_uint_eq(f.n, 0);
	ck_assert_int_eq(res[0].status, CHECK_PASSED);
	ck_assert(res[0].partial);
	ck_assert_ptr_nonnull(res[0].why);
	ck_assert_msg(
	    strstr(res[0].why,
		   "cannot tell whether kubelet v1.20.9-gke.1001 of "
		   "node 'gke-pool-1' has the fix for CVE-2021-25741: "
		   "it is a build of GKE"),
	    "%s", res[0].why);
	ck_assert_ptr_nonnull(strstr(res[0].why, "(and 3 other nodes alike)"));
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/* An upstream kubelet with the fix says nothing about vendors. */
START_TEST(test_kubelet_upstream_judged)
{
	const char *p[1] = {
		"testdata/checks/kubelet-subpath-cve/silent/fixed.yaml"
	};
	const struct check *one[] = { check_find("kubelet-subpath-cve"), NULL };
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0;

	s = tu_scan_paths(p, 1);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, one, NULL, NULL, &f, &res, &nres), 0);
	ck_assert_uint_eq(f.n, 0);
	ck_assert(!res[0].why || !strstr(res[0].why, "cannot tell"));
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

Suite *suite_catalog(void)
{
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("demo");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_demo_catalogue);
	tcase_add_test(tc, test_demo_admission_gap);
	suite_add_tcase(s, tc);
	tc = tcase_create("kubelet");
	tcase_add_test(tc, test_kubelet_vendor_cannot_tell);
	tcase_add_test(tc, test_kubelet_upstream_judged);
	suite_add_tcase(s, tc);
	return s;
}
