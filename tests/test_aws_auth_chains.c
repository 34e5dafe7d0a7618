/*
 * test_aws_auth_chains.c - aws-auth mappings judged through the paths to
 * cluster-admin: a group that RBAC chains make cluster-admin is reported as
 * such, with the chain as the finding's path.
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

static bool only_aws(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "aws-auth-mapping");
}

static void run_on(struct tu_checks *r, struct scan *s)
{
	tu_checks_run(r, s, check_registry, only_aws, NULL);
}

/* Creating Deployments in ci runs a pod as ci/builder, which holds "*". */
START_TEST(test_group_chain_fixture)
{
	const char *p =
	    "testdata/checks/aws-auth-mapping/fire/group-chain.yaml";
	const struct finding *fd;
	struct tu_checks r;

	run_on(&r, tu_scan_paths(&p, 1));
	ck_assert_uint_eq(r.f.n, 1);
	fd = tu_checks_with(
	    &r, "role/ci-deployers is mapped to Group deployers, which "
		"is effectively cluster-admin in 2 steps");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	ck_assert_ptr_nonnull(strstr(fd->message, "ServiceAccount ci/builder"));
	ck_assert_str_eq(fd->ev[0].path, "data.mapRoles[0]");
	ck_assert_uint_eq(fd->nhops, 2);
	ck_assert_str_eq(fd->hops[0].obj->name, "deployers");
	ck_assert_str_eq(fd->hops[1].obj->name, "builder-ops");
	tu_checks_release(&r);
}
END_TEST

/* A direct "*" binding is one hop, still cluster-admin. */
START_TEST(test_direct_group_is_one_hop)
{
	const char *p = "testdata/checks/aws-auth-mapping/fire/"
			"group-bound-to-cluster-admin.yaml";
	const struct finding *fd;
	struct tu_checks r;

	run_on(&r, tu_scan_paths(&p, 1));
	ck_assert_uint_eq(r.f.n, 1);
	fd = r.f.v[0];
	ck_assert_ptr_nonnull(strstr(fd->message, "which is effectively "
						  "cluster-admin: it can do "
						  "anything"));
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	ck_assert_uint_eq(fd->nhops, 1);
	tu_checks_release(&r);
}
END_TEST

static const char *const exec_only =
    "apiVersion: v1\nkind: ConfigMap\n"
    "metadata: {name: aws-auth, namespace: kube-system}\n"
    "data:\n  mapUsers: |\n"
    "    - userarn: arn:aws:iam::111122223333:user/dana\n"
    "      username: dana\n      groups: [debuggers]\n"
    "    - userarn: arn:aws:iam::111122223333:user/erin\n"
    "      username: erin\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
    "metadata: {name: debug, namespace: web}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, "
    "name: debug}\n"
    "subjects: [{kind: Group, name: debuggers}]\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
    "metadata: {name: debug, namespace: web}\n"
    "rules: [{apiGroups: [\"\"], resources: [pods/exec], "
    "verbs: [create]}]\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\nmetadata: {name: erin}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "
    "name: hooks}\n"
    "subjects: [{kind: User, name: erin}]\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
    "metadata: {name: hooks}\n"
    "rules: [{apiGroups: [admissionregistration.k8s.io], "
    "resources: [mutatingwebhookconfigurations], verbs: [create]}]\n";

/*
 * exec with no pod mounting a stronger token is dangerous, not admin; the
 * user name counts too: erin's own binding lets it write mutating webhooks.
 */
START_TEST(test_exec_high_and_user_chain)
{
	const struct finding *fd;
	struct tu_checks r;

	run_on(&r, tu_scan_text(exec_only));
	ck_assert_uint_eq(r.f.n, 2);
	fd = tu_checks_with(&r, "user/dana");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_HIGH);
	ck_assert_ptr_nonnull(strstr(fd->message, "which can exec"));
	ck_assert_uint_eq(fd->nhops, 0);
	fd = tu_checks_with(
	    &r, "user/erin is mapped to User erin, which is effectively "
		"cluster-admin: it can write mutating admission webhooks");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	ck_assert_uint_eq(fd->nhops, 1);
	tu_checks_release(&r);
}
END_TEST

/*
 * The authenticator's real example configuration with bindings that let
 * its developers group read a kube-system token Secret of an account that
 * binds ClusterRoles: KubernetesUsers becomes a fifth, critical finding.
 */
START_TEST(test_real_example_with_chain)
{
	char a[600];
	const char *p[2] = { a,
			     "testdata/rbac/aws-auth/developers-chain.yaml" };
	const struct finding *fd;
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	snprintf(a, sizeof(a),
		 "%s/k8s-real/control-plane/aws-iam-authenticator/"
		 "deploy__example.yaml",
		 shared);
	run_on(&r, tu_scan_paths(p, 2));
	ck_assert_uint_eq(r.f.n, 5);
	fd = tu_checks_with(
	    &r, "role/KubernetesUsers is mapped to Group developers, "
		"which is effectively cluster-admin in 2 steps");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	ck_assert_ptr_nonnull(strstr(fd->message, "Secret rbac-manager-token"));
	ck_assert_str_eq(fd->ev[0].path, "data.config.yaml:server.mapRoles[4]");
	ck_assert_uint_eq(fd->nhops, 2);
	ck_assert_str_eq(fd->hops[1].obj->name, "rbac-manager");
	/* the node role's aws:instances group is bound by nothing */
	ck_assert_ptr_null(tu_checks_with(&r, "role/KubernetesNode"));
	tu_checks_release(&r);
}
END_TEST

Suite *suite_aws_auth_chains(void)
{
	Suite *s = suite_create("aws_auth_chains");
	TCase *t = tcase_create("chains");

	tcase_add_test(t, test_group_chain_fixture);
	tcase_add_test(t, test_direct_group_is_one_hop);
	tcase_add_test(t, test_exec_high_and_user_chain);
	tcase_add_test(t, test_real_example_with_chain);
	suite_add_tcase(s, t);
	return s;
}
