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

/*
 * Every check fires on the demo with default options: the trusted
 * registries come from the demo's TrustedRegistries document, the API
 * server's files from testdata/demo/control-plane.
 */
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
	size_t nres = 0, i;

	s = tu_scan_paths(p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	/* the demo's own list, named in the findings */
	ck_assert_uint_eq(s->ntrusted_registries, 2);
	ck_assert_str_eq(s->trusted_registries_from,
			 "87-trusted-registries.yaml");
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, NULL, NULL, &f, &res, &nres), 0);
	for (c = check_registry; *c; c++)
		ck_assert_msg(fired(&f, *c) > 0,
			      "check '%s' does not fire on the demo cluster "
			      "with default options",
			      (*c)->id);
	for (i = 0; i < f.n; i++)
		if (!strcmp(f.v[i]->check->id, "image-untrusted-registry"))
			ck_assert_ptr_nonnull(
			    strstr(f.v[i]->message,
				   "outside the trusted registries of "
				   "87-trusted-registries.yaml"));
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
