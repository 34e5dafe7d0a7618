/*
 * Exact network policy verdicts: what -n means to can-reach, and the
 * subtle API rules the engines must keep.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define PRIVATE                                                                \
	"testdata/checks/exposed-workload/fire/"                               \
	"ingress-controller-private.yaml"

/*
 * -n names the namespace of KIND/NAME endpoints only: the controller of
 * an Ingress in another namespace still decides that it is private.
 */
START_TEST(test_ns_flag_keeps_controller)
{
	char *out = NULL;
	int rc = tu_runf(&out, "can-reach internet deploy/web:80 -n shop -f %s",
			 PRIVATE);

	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, ": denied"), "%s", out);
	ck_assert_msg(strstr(out, "way in   none public"), "%s", out);
	ck_assert_msg(strstr(out, "not exposed"), "%s", out);
	free(out);
}
END_TEST

/* ... and an endpoint of another namespace is still found. */
START_TEST(test_ns_flag_other_namespace_endpoint)
{
	char *out = NULL;
	int rc = tu_runf(&out,
			 "can-reach deploy/storefront payments/sts/ledger:5432 "
			 "-n shop -R -f testdata/demo");

	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, "Deployment shop/storefront -> StatefulSet "
				  "payments/ledger, port 5432/TCP: denied"),
		      "%s", out);
	free(out);
}
END_TEST

Suite *suite_netpol_exact(void)
{
	Suite *s = suite_create("netpol_exact");
	TCase *tc = tcase_create("canreach_ns");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_ns_flag_keeps_controller);
	tcase_add_test(tc, test_ns_flag_other_namespace_endpoint);
	suite_add_tcase(s, tc);
	return s;
}
