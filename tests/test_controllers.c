/*
 * Controllers of other projects that hold a pod template: OpenShift's
 * DeploymentConfig (apps.openshift.io) and Argo Rollouts' Rollout
 * (argoproj.io) are judged as a Deployment is, the ReplicationController a
 * DeploymentConfig rolled out through it, a Rollout with a workloadRef
 * through the Deployment it names; creating or changing one is creating
 * pods.  A custom resource of another group named Rollout is left alone.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

/* The findings of check id on file under testdata/controllers, run alone. */
static void run(struct tu_checks *r, const char *file, const char *id)
{
	char path[256];
	const char *p[1] = { path };

	snprintf(path, sizeof(path), "testdata/controllers/%s", file);
	tu_check_one(r, tu_scan_paths(p, 1), id);
}

/* The only finding of r, on an object of kind and name. */
static const struct finding *only_on(const struct tu_checks *r,
				     const char *kind, const char *name)
{
	ck_assert_uint_eq(r->f.n, 1);
	ck_assert_str_eq(r->f.v[0]->obj->kind, kind);
	ck_assert_str_eq(r->f.v[0]->obj->name, name);
	return r->f.v[0];
}

START_TEST(test_deploymentconfig_judged_once)
{
	struct tu_checks r;
	const struct finding *fd;

	/* its ReplicationController is owned by it: one finding, not two */
	run(&r, "openshift.yaml", "privileged-container");
	fd = only_on(&r, "DeploymentConfig", "legacy-api");
	ck_assert_uint_eq(fd->nev, 1);
	ck_assert_str_eq(fd->ev[0].path, "spec.template.spec.containers[0]."
					 "securityContext.privileged");
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_rollout_template)
{
	struct tu_checks r;
	const struct finding *fd;

	run(&r, "rollouts.yaml", "host-namespaces");
	fd = only_on(&r, "Rollout", "checkout");
	ck_assert_ptr_nonnull(strstr(fd->message, "hostPID"));
	tu_checks_release(&r);
}
END_TEST

/* a Rollout with a workloadRef runs the Deployment's template */
START_TEST(test_rollout_workload_ref)
{
	struct tu_checks r;
	size_t i;

	run(&r, "rollouts.yaml", "dangerous-capabilities");
	only_on(&r, "Deployment", "search");
	tu_checks_release(&r);
	/* the referring Rollout has no pods of its own to report */
	run(&r, "rollouts.yaml", "missing-network-policy");
	ck_assert_uint_eq(r.f.n, 2);
	for (i = 0; i < r.f.n; i++)
		ck_assert_msg(strcmp(r.f.v[i]->obj->name, "search") ||
				  !strcmp(r.f.v[i]->obj->kind, "Deployment"),
			      "Rollout search reported");
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_other_group_rollout)
{
	struct tu_checks r;
	size_t n;

	run(&r, "other-rollout.yaml", "privileged-container");
	ck_assert_uint_eq(r.f.n, 0);
	ck_assert_ptr_nonnull(inventory_pods(r.s->inv, &n));
	ck_assert_uint_eq(n, 0);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_rbac_create_controllers)
{
	static const char text[] =
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: Role\n"
	    "metadata: {name: deployer, namespace: shop}\n"
	    "rules:\n"
	    "  - apiGroups: [apps.openshift.io]\n"
	    "    resources: [deploymentconfigs]\n"
	    "    verbs: [create]\n"
	    "  - apiGroups: [argoproj.io]\n"
	    "    resources: [rollouts]\n"
	    "    verbs: [patch]\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: RoleBinding\n"
	    "metadata: {name: deployer, namespace: shop}\n"
	    "subjects: [{kind: ServiceAccount, name: ci, namespace: shop}]\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, "
	    "name: deployer}\n";
	struct tu_checks r;

	tu_check_one(&r, tu_scan_text(text), "rbac-create-workloads");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message,
				     "can create workloads and change "
				     "workloads' pod templates"));
	tu_checks_release(&r);
}
END_TEST

Suite *suite_controllers(void)
{
	Suite *s = suite_create("controllers");
	TCase *tc = tcase_create("controllers");

	tcase_add_test(tc, test_deploymentconfig_judged_once);
	tcase_add_test(tc, test_rollout_template);
	tcase_add_test(tc, test_rollout_workload_ref);
	tcase_add_test(tc, test_other_group_rollout);
	tcase_add_test(tc, test_rbac_create_controllers);
	suite_add_tcase(s, tc);
	return s;
}
