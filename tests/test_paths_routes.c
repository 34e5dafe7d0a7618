/*
 * path-exposed-token starts from a Gateway API route and from an Istio
 * Gateway with its VirtualService, as from an Ingress: the route is the
 * first hop and names its Gateway.  A VirtualService bound to the mesh
 * only is no way in.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

static size_t run(const char *dir, struct scan **s, struct findings *f)
{
	const char *p = dir;
	const struct check *one[] = { check_find("path-exposed-token"), NULL };
	struct check_result *res;
	size_t nres;

	*s = tu_scan_paths(&p, 1);
	ck_assert_uint_eq((*s)->errors.n, 0);
	findings_init(f, (*s)->arena);
	ck_assert_int_eq(scan_run(*s, one, NULL, NULL, f, &res, &nres), 0);
	free(res);
	return f->n;
}

static const struct {
	const char *dir, *kind, *label, *value;
} fronts[] = {
	{ "testdata/paths/path-exposed-token/gateway", "HTTPRoute",
	  "HTTPRoute shop/shop, attached to Gateway edge/public, routes "
	  "outside traffic to Service web",
	  "web" },
	{ "testdata/paths/path-exposed-token/istio", "VirtualService",
	  "VirtualService shop/shop, attached to Gateway istio-system/public, "
	  "routes outside traffic to Service web",
	  "web.shop.svc.cluster.local" },
};

START_TEST(test_token_through_route)
{
	struct findings f;
	struct scan *s;
	const struct finding *fd;

	ck_assert_uint_eq(run(fronts[_i].dir, &s, &f), 1);
	fd = f.v[0];
	ck_assert_str_eq(fd->obj->kind, "Deployment");
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	ck_assert_uint_eq(fd->nhops, 5);
	ck_assert_str_eq(fd->hops[0].obj->kind, fronts[_i].kind);
	ck_assert_msg(strstr(fd->hops[0].label, fronts[_i].label), "%s",
		      fd->hops[0].label);
	ck_assert_str_eq(fd->hops[0].value, fronts[_i].value);
	ck_assert_str_eq(fd->hops[1].obj->kind, "Service");
	ck_assert_ptr_nonnull(strstr(fd->hops[1].label, "port 80 -> container "
							"port 8080"));
	ck_assert_str_eq(fd->hops[4].obj->kind, "ClusterRoleBinding");
	findings_release(&f);
	scan_free(s);
}
END_TEST

START_TEST(test_token_mesh_only)
{
	struct findings f;
	struct scan *s;

	ck_assert_uint_eq(
	    run("testdata/paths/path-exposed-token/cut-istio-mesh", &s, &f), 0);
	findings_release(&f);
	scan_free(s);
}
END_TEST

Suite *suite_paths_routes(void)
{
	Suite *s = suite_create("paths_routes");
	TCase *tc = tcase_create("fronts");

	tcase_add_loop_test(tc, test_token_through_route, 0,
			    (int)(sizeof(fronts) / sizeof(fronts[0])));
	tcase_add_test(tc, test_token_mesh_only);
	suite_add_tcase(s, tc);
	return s;
}
