/*
 * An Ingress faces the internet only when its controller does: the
 * controller is found by IngressClass controller (or the legacy class
 * annotation, or the default class) and image, and judged by its own
 * Services and host ports.  A controller absent from the input keeps the
 * Ingress public, and the route says so; cloud controllers are public.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

static const char web[] =
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec: {selector: {matchLabels: {app: web}}, template: {metadata: "
    "{labels: {app: web}}, spec: {containers: [{name: web, image: "
    "example/web:1, ports: [{name: http, containerPort: 8080}]}]}}}\n---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
    "spec: {selector: {app: web}, ports: [{port: 80, targetPort: "
    "http}]}\n---\n";

#define INGRESS(cls)                                                           \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\n"                    \
	"metadata: {name: web, namespace: shop" cls "}\n"                      \
	"spec: {rules: [{http: {paths: [{path: /, pathType: Prefix, "          \
	"backend: {service: {name: web, port: {number: 80}}}}]}}]}\n---\n"
#define CLASS(name, ctl, dflt)                                                 \
	"apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"               \
	"metadata: {name: " name dflt "}\nspec: {controller: " ctl "}\n---\n"
#define CONTROLLER(image, podspec)                                             \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: ctl, namespace: edge}\n"                             \
	"spec: {selector: {matchLabels: {app: ctl}}, template: {metadata: "    \
	"{labels: {app: ctl}}, spec: {" podspec "containers: [{name: c, "      \
	"image: " image ", ports: [{containerPort: 80}]}]}}}\n---\n"
#define CTL_SVC(type)                                                          \
	"apiVersion: v1\nkind: Service\nmetadata: {name: ctl, namespace: "     \
	"edge}\nspec: {type: " type ", selector: {app: ctl}, ports: "          \
	"[{port: 80}]}\n"

static const struct {
	const char *objs;
	bool pub;
	const char *note;
} cases[] = {
	{ INGRESS(", annotations: {kubernetes.io/ingress.class: nginx}")
	      CONTROLLER("registry.k8s.io/ingress-nginx/controller:v1.11.2", "")
		  CTL_SVC("LoadBalancer"),
	  true,
	  "its controller Deployment edge/ctl faces the outside through "
	  "LoadBalancer Service edge/ctl" },
	{ CLASS("nginx", "k8s.io/ingress-nginx",
		", annotations: {ingressclass.kubernetes.io/is-default-class: "
		"'true'}") INGRESS("")
	      CONTROLLER("registry.k8s.io/ingress-nginx/controller:v1.11.2", "")
		  CTL_SVC("ClusterIP"),
	  false,
	  "its controller Deployment edge/ctl has no LoadBalancer, NodePort, "
	  "externalIPs or host port" },
	{ CLASS("t", "traefik.io/ingress-controller", "")
	      INGRESS(", annotations: {kubernetes.io/ingress.class: t}")
		  CONTROLLER("traefik:v3.1", "hostNetwork: true, ")
		      CTL_SVC("ClusterIP"),
	  true, "faces the outside through hostNetwork" },
	{ CLASS("t", "traefik.io/ingress-controller", "")
	      INGRESS(", annotations: {kubernetes.io/ingress.class: t}")
		  CONTROLLER("registry.k8s.io/ingress-nginx/controller:v1", "")
		      CTL_SVC("ClusterIP"),
	  true,
	  "the Ingress controller of class t is not in the input: assumed "
	  "exposed" },
	{ INGRESS(""), true, "the Ingress controller is not in the input" },
	{ INGRESS(", annotations: {kubernetes.io/ingress.class: gce}")
	      CONTROLLER("registry.k8s.io/ingress-nginx/controller:v1.11.2", "")
		  CTL_SVC("ClusterIP"),
	  true, "served by the cloud load balancer of k8s.io/ingress-gce" },
};

START_TEST(test_ingress_controller)
{
	size_t len = strlen(web) + strlen(cases[_i].objs) + 1, n, i, k;
	char *text = malloc(len);
	const struct pod_view *pv;
	struct expose_route r[8];
	struct scan *s;
	bool seen = false;

	ck_assert_ptr_nonnull(text);
	snprintf(text, len, "%s%s", web, cases[_i].objs);
	s = tu_scan_text(text);
	ck_assert_msg(s->errors.n == 0, "%s",
		      s->errors.n ? s->errors.v[0].msg : "");
	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(pv[i].obj->name, "web") != 0)
			continue;
		k = exposure_routes(s->exposure, &pv[i], r, 8);
		ck_assert_uint_eq(k, 1);
		ck_assert_int_eq(r[0].how, EXPOSE_INGRESS);
		ck_assert_int_eq(r[0].internal, !cases[_i].pub);
		ck_assert_int_eq(r[0].unexposed_controller, !cases[_i].pub);
		ck_assert_msg(strstr(r[0].note, cases[_i].note), "case %d: %s",
			      _i, r[0].note);
		ck_assert_int_eq(
		    exposure_public_route(s->exposure, &pv[i], &r[1]),
		    cases[_i].pub);
		seen = true;
	}
	ck_assert(seen);
	scan_free(s);
	free(text);
}
END_TEST

Suite *suite_ingress_controller(void)
{
	Suite *s = suite_create("ingress_controller");
	TCase *tc = tcase_create("exposure");

	tcase_add_loop_test(tc, test_ingress_controller, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
