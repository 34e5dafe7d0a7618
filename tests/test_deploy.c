/*
 * deploy/: threatmap's own in-cluster manifests.  They must be what the
 * tool asks of others (nothing above low once its own token is accepted),
 * and the ClusterRole must let the in-cluster scan read every resource the
 * live client lists, except Secrets, which it leaves out on purpose.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rbac.h"
#include "kube/kube.h"
#include "scan.h"
#include "testutil.h"

START_TEST(test_deploy_clean_with_own_exception)
{
	char *out = NULL;
	int rc = tu_runf(&out, "scan -f deploy/ --exceptions "
			       "deploy/exceptions/self.yaml --fail-on low -q");

	ck_assert_msg(rc == 0, "deploy/ has findings (exit %d):\n%s", rc,
		      out ? out : "");
	free(out);
}
END_TEST

/* The pods threatmap runs itself meet the Pod Security "restricted" level. */
START_TEST(test_deploy_pods_pss_restricted)
{
	static const char *const files[] = { "deploy/job.yaml",
					     "deploy/cronjob.yaml" };
	size_t i;

	for (i = 0; i < 2; i++) {
		char args[256], *out = NULL;
		int rc;

		snprintf(args, sizeof(args),
			 "scan -f %s --profile pss-restricted --fail-on low "
			 "--no-color",
			 files[i]);
		rc = tu_runf(&out, "%s", args);
		ck_assert_msg(rc == 0, "%s fails pss-restricted (exit %d):\n%s",
			      files[i], rc, out ? out : "");
		free(out);
	}
	/* and the profile does fail a pod that breaks it */
	{
		char *out = NULL;
		int rc = tu_runf(&out, "scan -f testdata/cli/privileged.yaml "
				       "--profile pss-restricted -q");

		ck_assert_int_eq(rc, 1);
		free(out);
	}
}
END_TEST

/*
 * Without the exceptions, only the accepted findings are reported: the
 * token (mounted, and reaching the API server with it), and the tag of an
 * image that each user builds and pushes.
 */
START_TEST(test_deploy_only_token_finding)
{
	char *out = NULL, *p;
	size_t n = 0;
	int rc = tu_runf(&out, "scan -f deploy/ --format json");

	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(out);
	for (p = out; (p = strstr(p, "\"checkId\"")) != NULL; p++) {
		ck_assert_msg(
		    !strncmp(p, "\"checkId\": \"sa-token-automount\"", 31) ||
			!strncmp(p, "\"checkId\":\"sa-token-automount\"", 30) ||
			!strncmp(p, "\"checkId\": \"apiserver-reachable\"",
				 32) ||
			!strncmp(p, "\"checkId\": \"image-not-pinned\"", 29),
		    "unexpected finding in deploy/: %.80s", p);
		n += !strncmp(p, "\"checkId\": \"sa-token-automount\"", 31);
	}
	ck_assert_msg(n >= 2, "expected the two token findings, got %zu", n);
	free(out);
}
END_TEST

START_TEST(test_deploy_role_reads_what_live_lists)
{
	static const char *const paths[] = { "deploy/rbac.yaml" };
	struct scan *s = tu_scan_paths(paths, 1);
	struct rbac_identity id;
	const char *group, *resource;
	bool meta;
	size_t i, checked = 0;

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(s->rbac);
	rbac_identity_sa(s->rbac, "threatmap", "threatmap", &id);
	for (i = 0; kube_wanted(i, &group, &resource, &meta); i++) {
		const char *verbs[] = { "get", "list", "watch" };
		size_t v;

		for (v = 0; v < 3; v++) {
			struct rbac_request rq = {
				.verb = verbs[v],
				.group = group,
				.resource = resource,
			};
			bool can = rbac_can(s->rbac, &id, &rq, NULL);

			if (meta)
				ck_assert_msg(!can,
					      "deploy/rbac.yaml grants %s on "
					      "%s: that gives secret values",
					      verbs[v], resource);
			else
				ck_assert_msg(can,
					      "deploy/rbac.yaml does not grant "
					      "%s on %s%s%s",
					      verbs[v], resource,
					      *group ? "." : "", group);
			checked++;
		}
	}
	ck_assert_uint_gt(checked, 60);
	/* Read-only: no write verb anywhere. */
	{
		static const char *const writes[] = {
			"create",	    "update",	   "patch", "delete",
			"deletecollection", "impersonate", "bind",  "escalate"
		};
		size_t w;

		for (w = 0; w < sizeof(writes) / sizeof(writes[0]); w++) {
			struct rbac_request rq = {
				.verb = writes[w],
				.group = "",
				.resource = "pods",
			};

			ck_assert(!rbac_can(s->rbac, &id, &rq, NULL));
		}
	}
	scan_free(s);
}
END_TEST

Suite *suite_deploy(void)
{
	Suite *s = suite_create("deploy");
	TCase *tc = tcase_create("deploy");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_deploy_clean_with_own_exception);
	tcase_add_test(tc, test_deploy_only_token_finding);
	tcase_add_test(tc, test_deploy_pods_pss_restricted);
	tcase_add_test(tc, test_deploy_role_reads_what_live_lists);
	suite_add_tcase(s, tc);
	return s;
}
