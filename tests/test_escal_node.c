/*
 * test_escal_node.c - creating pods where nothing refuses a privileged
 * one is a step to a node, and so to the token of every pod the nodes
 * run, in any namespace.  Pod Security baseline, an enforcing admission
 * policy or an unknown Namespace keep it from being a step, and a plain
 * pod as the account wins a tie.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define DIR "testdata/rbac/node-escape/"

/* The rbac-cluster-admin-equivalent message for builder-pods, or NULL. */
static char *chain_of(const char *file)
{
	const struct check *one[2] = {
		check_find("rbac-cluster-admin-equivalent"), NULL
	};
	const char *p[1] = { file };
	struct tu_checks r;
	char *msg = NULL;
	size_t i, n = 0;

	ck_assert_ptr_nonnull(one[0]);
	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	ck_assert_msg(r.s->errors.n == 0, "%s: input errors", file);
	for (i = 0; i < r.f.n; i++) {
		if (strcmp(r.f.v[i]->obj->name, "builder-pods"))
			continue;
		n++;
		msg = strdup(r.f.v[i]->message);
	}
	ck_assert_msg(n <= 1, "%s: %zu findings for builder-pods", file, n);
	tu_checks_release(&r);
	return msg;
}

START_TEST(test_node_escape_open_namespace)
{
	char *m = chain_of(DIR "open.yaml");

	ck_assert_msg(m != NULL, "no chain through a node");
	ck_assert_msg(strstr(m, "in 2 steps: it can create privileged pods, "
				"which no admission control refuses, in "
				"namespace ci, so it takes the node of "
				"Deployment ops/operator, which mounts the "
				"token of ServiceAccount ops/operator") != NULL,
		      "%s", m);
	free(m);
}
END_TEST

START_TEST(test_node_escape_guarded)
{
	static const char *const guarded[] = {
		DIR "baseline.yaml",
		DIR "kyverno.yaml",
		DIR "no-namespace.yaml",
		/* a PersistentVolume of its own, but no claim to mount it */
		DIR "volume-no-claim.yaml",
	};
	size_t i;

	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++) {
		char *m = chain_of(guarded[i]);
		ck_assert_msg(m == NULL, "%s: %s", guarded[i], m);
	}
}
END_TEST

START_TEST(test_node_escape_loses_ties)
{
	char *m = chain_of(DIR "cluster-wide.yaml");

	ck_assert_msg(m != NULL, "no chain");
	ck_assert_msg(strstr(m, "it can create pods in every namespace, so "
				"it runs a pod as ServiceAccount "
				"ops/operator") != NULL,
		      "%s", m);
	ck_assert_ptr_null(strstr(m, "privileged"));
	free(m);
}
END_TEST

/*
 * Pod Security restricted admits no privileged pod, but a hostPath
 * PersistentVolume made by the subject and claimed in the namespace
 * reaches the node all the same: Pod Security sees a claim.
 */
START_TEST(test_node_escape_volume)
{
	const struct check *one[2] = {
		check_find("rbac-cluster-admin-equivalent"), NULL
	};
	const char *p[1] = { DIR "volume.yaml" };
	const struct finding *fd = NULL;
	struct tu_checks r;
	char *m = chain_of(DIR "volume.yaml");
	size_t i;
	bool hop = false, ev = false;

	ck_assert_msg(m != NULL, "no chain through a PersistentVolume");
	ck_assert_msg(strstr(m,
			     "in 2 steps: it can create pods and claim a "
			     "hostPath PersistentVolume of its own for "
			     "them, which Pod Security does not look at, "
			     "in namespace imagebuild, so it takes the node of "
			     "Deployment unseal-ops/unsealer") != NULL,
		      "%s", m);
	free(m);
	/* the grant to create the volume is evidence and a hop */
	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	for (i = 0; i < r.f.n && !fd; i++)
		if (!strcmp(r.f.v[i]->obj->name, "builder-pods"))
			fd = r.f.v[i];
	ck_assert_ptr_nonnull(fd);
	for (i = 0; i < fd->nev; i++)
		ev |= !strcmp(fd->ev[i].value, "ClusterRole node-volume-maker");
	for (i = 0; i < fd->nhops; i++)
		hop |= strstr(fd->hops[i].label,
			      "can create PersistentVolumes through "
			      "ClusterRoleBinding kaniko-volumes") != NULL;
	ck_assert_msg(ev, "no evidence of the volume grant");
	ck_assert_msg(hop, "no hop for the volume grant");
	tu_checks_release(&r);
}
END_TEST

/* A kubeadm control plane in the input: the node is the goal itself. */
START_TEST(test_node_escape_control_plane)
{
	char *m = chain_of(DIR "control-plane.yaml");

	ck_assert_msg(m != NULL, "no chain onto the control-plane node");
	ck_assert_msg(strstr(m, "is effectively cluster-admin: it can place a "
				"privileged pod, which no admission control "
				"refuses, on a control-plane node and read "
				"the API server's keys there through "
				"RoleBinding builder-pods") != NULL,
		      "%s", m);
	free(m);
	m = chain_of(DIR "control-plane-baseline.yaml");
	ck_assert_msg(m == NULL, "baseline: %s", m);
}
END_TEST

/*
 * The API server is found however it is started (program_of()): behind
 * "sh -c 'exec kube-apiserver ...'" and as "/hyperkube apiserver".  An
 * etcd operator and an etcd backup job in kube-system are no control
 * plane: the chain there goes through the operator's node, as in
 * open.yaml.
 */
START_TEST(test_node_escape_control_plane_programs)
{
	static const char *const cp[] = {
		DIR "control-plane-wrapper.yaml",
		DIR "hyperkube.yaml",
	};
	size_t i;
	char *m;

	for (i = 0; i < sizeof(cp) / sizeof(cp[0]); i++) {
		m = chain_of(cp[i]);
		ck_assert_msg(m != NULL, "%s: no chain", cp[i]);
		ck_assert_msg(strstr(m, "is effectively cluster-admin: it can "
					"place a privileged pod, which no "
					"admission control refuses, on a "
					"control-plane node") != NULL,
			      "%s: %s", cp[i], m);
		free(m);
	}
	m = chain_of(DIR "etcd-operator.yaml");
	ck_assert_msg(m != NULL, "etcd-operator: no chain");
	ck_assert_msg(strstr(m, "in 2 steps: it can create privileged pods, "
				"which no admission control refuses, in "
				"namespace ci, so it takes the node of "
				"Deployment ops/operator") != NULL,
		      "etcd-operator: %s", m);
	ck_assert_ptr_null(strstr(m, "control-plane"));
	free(m);
}
END_TEST

/* who-can --effective names the step and the namespace it is taken in. */
START_TEST(test_node_escape_who_can)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out,
				 "who-can get secrets -A --effective -f "
				 "%sopen.yaml",
				 DIR),
			 0);
	ck_assert_msg(strstr(out, "ServiceAccount ci/builder\n  1. can create "
				  "privileged pods, which no admission "
				  "control refuses, in namespace ci") != NULL,
		      "%s", out);
	free(out);
}
END_TEST

Suite *suite_escal_node(void)
{
	Suite *s = suite_create("escal_node");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_node_escape_open_namespace);
	tcase_add_test(tc, test_node_escape_guarded);
	tcase_add_test(tc, test_node_escape_loses_ties);
	tcase_add_test(tc, test_node_escape_volume);
	tcase_add_test(tc, test_node_escape_who_can);
	tcase_add_test(tc, test_node_escape_control_plane);
	tcase_add_test(tc, test_node_escape_control_plane_programs);
	suite_add_tcase(s, tc);
	return s;
}
