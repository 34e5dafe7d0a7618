/*
 * can-reach from the internet names the ways in that exist but stay
 * private: an Ingress whose controller faces no outside port (with the
 * controller found), an internal load balancer; in text and JSON.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define PRIVATE                                                                \
	"testdata/checks/exposed-workload/fire/"                               \
	"ingress-controller-private.yaml"
#define PUBLIC                                                                 \
	"testdata/checks/exposed-workload/fire/ingress-controller-public.yaml"

START_TEST(test_private_ingress_text)
{
	char *out = NULL;
	int rc = tu_runf(&out, "can-reach internet shop/deploy/web:80 -f %s",
			 PRIVATE);

	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, ": denied"), "%s", out);
	ck_assert_msg(strstr(out, "way in   none public"), "%s", out);
	ck_assert_msg(strstr(out, "private  Ingress shop/web exists but is "
				  "private: its controller Deployment "
				  "ingress-nginx/ingress-nginx-controller is "
				  "not exposed"),
		      "%s", out);
	free(out);
}
END_TEST

START_TEST(test_private_ingress_json)
{
	char *out = NULL;
	int rc =
	    tu_runf(&out, "can-reach internet shop/deploy/web:80 -f %s -o json",
		    PRIVATE);

	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, "\"privateWaysIn\": ["), "%s", out);
	ck_assert_msg(strstr(out, "\"why\": \"controller not exposed\""), "%s",
		      out);
	ck_assert_msg(strstr(out, "\"controller\": {"), "%s", out);
	ck_assert_msg(strstr(out, "\"name\": \"ingress-nginx-controller\""),
		      "%s", out);
	ck_assert_msg(strstr(out, "\"waysIn\": []"), "%s", out);
	free(out);
}
END_TEST

/* A controller behind a LoadBalancer: the Ingress is a way in, no note. */
START_TEST(test_public_ingress_not_private)
{
	char *out = NULL;
	int rc = tu_runf(&out, "can-reach internet shop/deploy/web:80 -f %s",
			 PUBLIC);

	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(out, "way in   Ingress shop/web"), "%s", out);
	ck_assert_msg(!strstr(out, "private "), "%s", out);
	free(out);
	rc =
	    tu_runf(&out, "can-reach internet shop/deploy/web:80 -f %s -o json",
		    PUBLIC);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(!strstr(out, "privateWaysIn"), "%s", out);
	free(out);
}
END_TEST

Suite *suite_canreach_private(void)
{
	Suite *s = suite_create("canreach_private");
	TCase *tc = tcase_create("private");

	tcase_add_test(tc, test_private_ingress_text);
	tcase_add_test(tc, test_private_ingress_json);
	tcase_add_test(tc, test_public_ingress_not_private);
	suite_add_tcase(s, tc);
	return s;
}
