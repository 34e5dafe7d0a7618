/*
 * test_rbac_implied.c - the built-in ClusterRoles (cluster-admin, admin,
 * edit, view and the system:aggregate-to-* roles they collect) for an
 * input that binds them without holding them: what they grant must be
 * what the API server's bootstrap policy grants, CRD roles aggregate
 * into them, and they are never reported as objects of the input.
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

#define IMPLIED "testdata/rbac/implied"

/* The rule lines of `can-i --list` for an account of apps, sorted. */
static char *rule_lines(const char *sa, const char *extra)
{
	char *out = NULL, *sorted;
	int rc;

	rc = tu_runf(&out,
		     "can-i --list --as system:serviceaccount:apps:%s -n apps "
		     "-f %s/bindings.yaml%s%s",
		     sa, IMPLIED, extra ? " -f " : "", extra ? extra : "");
	ck_assert_msg(rc == 0, "can-i --list for %s exited %d: %s", sa, rc,
		      out);
	free(out);
	rc = tu_shf(&sorted,
		    "'%s' can-i --list --as system:serviceaccount:apps:%s "
		    "-n apps -f %s/bindings.yaml%s%s | grep '^namespace' | "
		    "sort",
		    tu_bin(), sa, IMPLIED, extra ? " -f " : "",
		    extra ? extra : "");
	ck_assert_msg(rc == 0, "sorting the rules of %s failed", sa);
	return sorted;
}

/* admin, edit and view grant what the real bootstrap roles grant. */
START_TEST(test_implied_matches_bootstrap)
{
	static const char *const sas[] = { "ci", "deployer", "dashboard" };
	static const size_t min_rules[] = { 13, 15, 10 };
	char boot[1024];
	size_t i;
	TU_NEED_SHARED(shared);

	snprintf(boot, sizeof(boot),
		 "%s/k8s-real/rbac-bootstrap/"
		 "cluster-roles.yaml",
		 shared);
	for (i = 0; i < 3; i++) {
		char *implied = rule_lines(sas[i], NULL);
		char *real = rule_lines(sas[i], boot);
		size_t lines = 0;
		const char *p;

		for (p = implied; (p = strchr(p, '\n')); p++)
			lines++;
		ck_assert_msg(lines >= min_rules[i],
			      "%s holds only %zu rules: %s", sas[i], lines,
			      implied);
		ck_assert_msg(!strcmp(implied, real),
			      "%s: implied rules differ from the bootstrap "
			      "policy's:\n%s\n---\n%s",
			      sas[i], implied, real);
		free(implied);
		free(real);
	}
}
END_TEST

/* Findings of check id on the RBAC object named name. */
static size_t count_on(const struct tu_checks *r, const char *id,
		       const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < r->f.n; i++)
		if (!strcmp(r->f.v[i]->check->id, id) &&
		    !strcmp(r->f.v[i]->obj->name, name))
			n++;
	return n;
}

START_TEST(test_implied_edit_admin_view_verdicts)
{
	static const char *const p[1] = { IMPLIED "/bindings.yaml" };
	static const char *const fire[] = { "rbac-read-secrets", "rbac-exec",
					    "rbac-create-workloads",
					    "rbac-sa-token", "rbac-escalate" };
	struct tu_checks r;
	size_t i;

	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	for (i = 0; i < sizeof(fire) / sizeof(fire[0]); i++) {
		ck_assert_msg(count_on(&r, fire[i], "ci-edit") == 1,
			      "edit: no %s", fire[i]);
		ck_assert_msg(count_on(&r, fire[i], "deployer-admin") == 1,
			      "admin: no %s", fire[i]);
		/* view reads no Secrets, runs nothing, binds nothing */
		ck_assert_msg(count_on(&r, fire[i], "dashboard-view") == 0,
			      "view: %s", fire[i]);
	}
	/* the built-in names are not dangling, and no implied role is an
	 * object of the input that a check could report */
	ck_assert_uint_eq(count_on(&r, "rbac-dangling-binding", "ci-edit"), 0);
	for (i = 0; i < r.f.n; i++)
		ck_assert_msg(strcmp(r.f.v[i]->obj->file, "(bootstrap policy)"),
			      "%s reported on the implied %s",
			      r.f.v[i]->check->id, r.f.v[i]->obj->name);
	tu_checks_release(&r);
}
END_TEST

/* A CRD role labelled aggregate-to-view reaches view, edit and admin. */
START_TEST(test_implied_aggregates_input_roles)
{
	static const char *const p[1] = { IMPLIED };
	struct tu_checks r;
	char *out = NULL;

	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	ck_assert_uint_eq(count_on(&r, "rbac-read-secrets", "dashboard-view"),
			  1);
	tu_checks_release(&r);
	ck_assert_int_eq(tu_runf(&out,
				 "can-i get secrets -n apps --as "
				 "system:serviceaccount:apps:deployer -f %s",
				 IMPLIED),
			 0);
	ck_assert_msg(strstr(out, "yes") != NULL, "%s", out);
	free(out);
	/* without the CRD role, view does not read Secrets */
	ck_assert_int_eq(tu_runf(&out,
				 "can-i get secrets -n apps --as "
				 "system:serviceaccount:apps:dashboard -f "
				 "%s/bindings.yaml",
				 IMPLIED),
			 1);
	free(out);
}
END_TEST

/* The demo's developers group holds edit in shop, where release-bot may
 * impersonate system:masters. */
START_TEST(test_implied_demo_edit_chain)
{
	static const char *const p[1] = { "testdata/demo" };
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	ck_assert_uint_eq(
	    count_on(&r, "rbac-cluster-admin-equivalent", "shop-developers"),
	    1);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_rbac_implied(void)
{
	Suite *s = suite_create("rbac_implied");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_implied_matches_bootstrap);
	tcase_add_test(tc, test_implied_edit_admin_view_verdicts);
	tcase_add_test(tc, test_implied_aggregates_input_roles);
	tcase_add_test(tc, test_implied_demo_edit_chain);
	suite_add_tcase(s, tc);
	return s;
}
