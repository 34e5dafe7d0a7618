/*
 * Pod Security restricted under the UserNamespacesPodSecurityStandards
 * feature gate: pods with hostUsers: false skip the two non-root
 * controls, only when the caller says the gate is on.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define USERNS "testdata/checks/pss-run-as-user/fire/user-namespace.yaml"
#define HOSTNS "testdata/pss-userns/host-users.yaml"

/* Findings of check id on object name, scanning path with features. */
static size_t count(const char *path, unsigned features, const char *id,
		    const char *name)
{
	const char *p[1] = { path };
	const struct check *one[] = { check_find(id), NULL };
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0, i, n = 0;

	ck_assert_ptr_nonnull(one[0]);
	s = tu_scan_paths(p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	s->features = features;
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, one, NULL, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++)
		n += !name || !strcmp(f.v[i]->obj->name, name);
	findings_release(&f);
	free(res);
	scan_free(s);
	return n;
}

START_TEST(test_gate_names)
{
	ck_assert_uint_eq(
	    scan_feature_parse("UserNamespacesPodSecurityStandards"),
	    SCAN_FEATURE_USERNS_PSS);
	ck_assert_uint_eq(scan_feature_parse("UserNamespacesSupport"), 0);
	ck_assert_uint_eq(scan_feature_parse(""), 0);
	ck_assert_uint_eq(scan_feature_parse(NULL), 0);
	ck_assert_str_eq(scan_feature_names[0],
			 "UserNamespacesPodSecurityStandards");
}
END_TEST

START_TEST(test_relaxed_with_gate)
{
	static const char *const ids[] = { "pss-run-as-user",
					   "pss-run-as-non-root" };
	size_t i;

	for (i = 0; i < 2; i++) {
		/* default: judged without the relaxation */
		ck_assert_uint_ge(count(USERNS, 0, ids[i], "builder"), 1);
		/* the gate on: hostUsers: false skips the control */
		ck_assert_uint_eq(
		    count(USERNS, SCAN_FEATURE_USERNS_PSS, ids[i], "builder"),
		    0);
		/* no user namespace: the gate changes nothing */
		ck_assert_uint_eq(count(HOSTNS, SCAN_FEATURE_USERNS_PSS, ids[i],
					"builder-host"),
				  count(HOSTNS, 0, ids[i], "builder-host"));
		ck_assert_uint_ge(count(HOSTNS, SCAN_FEATURE_USERNS_PSS, ids[i],
					"builder-host"),
				  1);
		ck_assert_uint_ge(count(HOSTNS, SCAN_FEATURE_USERNS_PSS, ids[i],
					"builder-default"),
				  1);
	}
	/* other restricted controls still apply to the user-namespace pod */
	ck_assert_uint_eq(count(USERNS, SCAN_FEATURE_USERNS_PSS,
				"pss-seccomp-restricted", "builder"),
			  0);
}
END_TEST

static int run_cli(const char *args, char **out)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", tu_bin(), args);
	return tu_run(cmd, out);
}

START_TEST(test_cli_assume_feature)
{
	char *out = NULL;

	ck_assert_int_eq(
	    run_cli("scan --profile pss-restricted -o json -f " USERNS, &out),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "\"checkId\": \"pss-run-as-user\""));
	free(out);
	ck_assert_int_eq(
	    run_cli("scan --profile pss-restricted -o json -f " USERNS
		    " --assume-feature "
		    "UserNamespacesPodSecurityStandards",
		    &out),
	    0);
	ck_assert_ptr_null(strstr(out, "\"checkId\": \"pss-run-as-user\""));
	ck_assert_ptr_null(strstr(out, "\"checkId\": \"pss-run-as-non-root\""));
	free(out);
	ck_assert_int_eq(
	    run_cli("scan -f " USERNS " --assume-feature UserNamespaces", &out),
	    2);
	ck_assert_ptr_nonnull(
	    strstr(out, "unknown feature gate 'UserNamespaces' (known: "
			"UserNamespacesPodSecurityStandards)"));
	free(out);
}
END_TEST

Suite *suite_catalog_userns(void)
{
	Suite *s = suite_create("catalog_userns");
	TCase *tc = tcase_create("gate");

	tcase_add_test(tc, test_gate_names);
	tcase_add_test(tc, test_relaxed_with_gate);
	tcase_add_test(tc, test_cli_assume_feature);
	suite_add_tcase(s, tc);
	return s;
}
