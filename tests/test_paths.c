/*
 * test_paths.c - attack paths: each fixture cluster has the path; the same
 * cluster with one hop cut (no exposure, token not mounted, binding
 * removed, ...) must not.
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

/* Run check id over dir; findings in *f (caller releases and frees s). */
static struct scan *run_dir(const char *id, const char *dir, struct findings *f)
{
	const char *p = dir;
	struct scan *s = tu_scan_paths(&p, 1);
	const struct check *one[] = { check_find(id), NULL };
	struct check_result *res;
	size_t nres;

	ck_assert_msg(one[0] != NULL, "%s not registered", id);
	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(f, s->arena);
	scan_run(s, one, NULL, NULL, f, &res, &nres);
	free(res);
	return s;
}

static size_t count(const char *id, const char *dir)
{
	struct findings f;
	struct scan *s = run_dir(id, dir, &f);
	size_t n = f.n;

	findings_release(&f);
	scan_free(s);
	return n;
}

static bool hop_says(const struct finding *fd, size_t i, const char *kind,
		     const char *text)
{
	const struct hop *h = &fd->hops[i];

	if (kind && (!h->obj || strcmp(h->obj->kind, kind)))
		return false;
	return h->label && strstr(h->label, text);
}

START_TEST(test_exposed_token)
{
	struct findings f;
	struct scan *s = run_dir("path-exposed-token",
				 "testdata/checks/path-exposed-token/fire", &f);
	const struct finding *fd;

	ck_assert_uint_eq(f.n, 1);
	fd = f.v[0];
	ck_assert_str_eq(fd->obj->kind, "Deployment");
	ck_assert_uint_eq(fd->nhops, 4);
	ck_assert(hop_says(fd, 0, "Service", "reachable from outside"));
	ck_assert_str_eq(fd->hops[0].value, "NodePort");
	ck_assert(hop_says(fd, 1, "Deployment", "runs the selected pods"));
	ck_assert(hop_says(fd, 2, "Deployment", "ServiceAccount shop/web"));
	ck_assert_str_eq(fd->hops[2].path,
			 "spec.template.spec.serviceAccountName");
	ck_assert(hop_says(fd, 3, "ClusterRoleBinding", "read secrets"));
	ck_assert_uint_gt(fd->hops[3].line, 0);
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	findings_release(&f);
	scan_free(s);
}
END_TEST

START_TEST(test_exposed_token_ingress)
{
	struct findings f;
	struct scan *s =
	    run_dir("path-exposed-token",
		    "testdata/paths/path-exposed-token/ingress", &f);

	ck_assert_uint_eq(f.n, 1);
	ck_assert_uint_eq(f.v[0]->nhops, 5);
	ck_assert(hop_says(f.v[0], 0, "Ingress", "routes outside traffic"));
	ck_assert(hop_says(f.v[0], 1, "Service", "through the Ingress"));
	findings_release(&f);
	scan_free(s);
}
END_TEST

static const char *const cuts[][2] = {
	{ "path-exposed-token",
	  "testdata/paths/path-exposed-token/cut-exposure" },
	{ "path-exposed-token",
	  "testdata/paths/path-exposed-token/cut-automount" },
	{ "path-exposed-token",
	  "testdata/paths/path-exposed-token/cut-binding" },
	{ "path-exposed-token",
	  "testdata/paths/path-exposed-token/cut-internal-lb" },
	{ "path-exposed-node",
	  "testdata/paths/path-exposed-node/cut-exposure" },
	{ "path-exposed-node",
	  "testdata/paths/path-exposed-node/cut-privileged" },
	{ "path-exposed-node",
	  "testdata/paths/path-exposed-node/cut-harmless-hostpath" },
	{ "path-pod-create-pivot",
	  "testdata/paths/path-pod-create-pivot/cut-automount" },
	{ "path-pod-create-pivot",
	  "testdata/paths/path-pod-create-pivot/cut-binding" },
	{ "path-pod-create-pivot",
	  "testdata/paths/path-pod-create-pivot/cut-namespace" },
};

START_TEST(test_cut_hop)
{
	ck_assert_msg(count(cuts[_i][0], cuts[_i][1]) == 0, "%s fires on %s",
		      cuts[_i][0], cuts[_i][1]);
}
END_TEST

START_TEST(test_exposed_node)
{
	struct findings f;
	struct scan *s = run_dir("path-exposed-node",
				 "testdata/checks/path-exposed-node/fire", &f);

	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.v[0]->obj->kind, "DaemonSet");
	ck_assert_uint_eq(f.v[0]->nhops, 3);
	ck_assert(hop_says(f.v[0], 0, "Service", "outside the cluster"));
	ck_assert(hop_says(f.v[0], 2, "DaemonSet", "controls the node"));
	ck_assert_str_eq(f.v[0]->hops[2].path,
			 "spec.template.spec.containers[0].securityContext."
			 "privileged");
	findings_release(&f);
	scan_free(s);
	s = run_dir("path-exposed-node",
		    "testdata/paths/path-exposed-node/hostpath", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(hop_says(f.v[0], 2, NULL, "mounts the node's /"));
	findings_release(&f);
	scan_free(s);
	s = run_dir("path-exposed-node",
		    "testdata/paths/path-exposed-node/writable-hostpath", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(hop_says(f.v[0], 2, NULL, "/var/spool/agent writable"));
	findings_release(&f);
	scan_free(s);
	/* a runtime socket by its name, read-only, outside its usual place */
	s = run_dir("path-exposed-node",
		    "testdata/paths/path-exposed-node/runtime-socket", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(
	    hop_says(f.v[0], 2, NULL, "mounts the node's /var/run/crio.sock"));
	findings_release(&f);
	scan_free(s);
}
END_TEST

START_TEST(test_pivot)
{
	struct findings f;
	struct scan *s =
	    run_dir("path-pod-create-pivot",
		    "testdata/checks/path-pod-create-pivot/fire", &f);
	const struct finding *fd;

	ck_assert_uint_eq(f.n, 1);
	fd = f.v[0];
	ck_assert_uint_eq(fd->nhops, 4);
	ck_assert(hop_says(fd, 2, "RoleBinding", "create pods"));
	ck_assert(hop_says(fd, 3, "ClusterRoleBinding",
			   "ServiceAccount ci/deployer"));
	ck_assert(strstr(fd->message, "read secrets") != NULL);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* The hops reach the JSON report with their evidence. */
START_TEST(test_json_hops)
{
	char cmd[512], *out = NULL;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "%s scan --format json --checks path-exposed-token -f "
		 "testdata/checks/path-exposed-token/fire 2>/dev/null",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "\"hops\""));
	ck_assert_ptr_nonnull(strstr(out, "is reachable from outside"));
	ck_assert_ptr_nonnull(
	    strstr(out, "\"path\": \"spec.template.spec.serviceAccountName\""));
	ck_assert_ptr_nonnull(strstr(out, "ClusterRoleBinding web-secrets"));
	free(out);
}
END_TEST

Suite *suite_paths(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("paths");

	tcase_add_test(tc, test_exposed_token);
	tcase_add_test(tc, test_exposed_token_ingress);
	tcase_add_test(tc, test_exposed_node);
	tcase_add_test(tc, test_pivot);
	tcase_add_test(tc, test_json_hops);
	tcase_add_loop_test(tc, test_cut_hop, 0,
			    (int)(sizeof(cuts) / sizeof(cuts[0])));
	suite_add_tcase(s, tc);
	return s;
}
