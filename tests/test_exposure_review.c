/*
 * test_exposure_review.c - what the network exposure checks say about
 * Service fields whose meaning depends on who implements them: the
 * externalIPs of Services kube-proxy skips, source ranges given by
 * annotation, and load balancers whose controller makes them internal by
 * default.
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

/* Run check id alone on text, which must load clean; r owns the scan. */
static void run_id(struct tu_checks *r, const char *id, const char *text)
{
	tu_check_one(r, tu_scan_text(text), id);
}

/* Print r's findings when there are not n of them, then fail. */
static void findings_are(const struct tu_checks *r, size_t n)
{
	size_t i;

	if (r->f.n != n)
		for (i = 0; i < r->f.n; i++)
			fprintf(stderr, "  %s %s/%s: %s\n",
				r->f.v[i]->check->id, r->f.v[i]->obj->kind,
				r->f.v[i]->obj->name, r->f.v[i]->message);
	ck_assert_uint_eq(r->f.n, n);
}

/* r has no finding on kind/name. */
static void finding_is_absent(const struct tu_checks *r, const char *kind,
			      const char *name)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		ck_assert_msg(strcmp(r->f.v[i]->obj->kind, kind) ||
				  strcmp(r->f.v[i]->obj->name, name),
			      "%s/%s: unexpected finding: %s", kind, name,
			      r->f.v[i]->message);
}

/* The finding of r on kind/name: severity sev, message holding sub. */
static void finding_is(const struct tu_checks *r, const char *kind,
		       const char *name, enum severity sev, const char *sub)
{
	size_t i;

	for (i = 0; i < r->f.n; i++) {
		const struct finding *f = r->f.v[i];
		if (strcmp(f->obj->kind, kind) || strcmp(f->obj->name, name))
			continue;
		ck_assert_msg(f->severity == sev, "%s/%s: %s, not %s", kind,
			      name, severity_name(f->severity),
			      severity_name(sev));
		ck_assert_msg(!sub || strstr(f->message, sub),
			      "'%s' not in '%s'", sub, f->message);
		return;
	}
	findings_are(r, r->f.n + 1);
}

#define WEB                                                                    \
	"---\n"                                                                \
	"apiVersion: apps/v1\n"                                                \
	"kind: Deployment\n"                                                   \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec:\n"                                                              \
	"  selector: {matchLabels: {app: web}}\n"                              \
	"  template:\n"                                                        \
	"    metadata: {labels: {app: web}}\n"                                 \
	"    spec:\n"                                                          \
	"      containers:\n"                                                  \
	"      - {name: web, image: nginx:1.27, ports: [{containerPort: "      \
	"80}]}\n"

/* ---- externalIPs of Services kube-proxy does not program ---- */

static const char svc_ips[] = "apiVersion: v1\n"
			      "kind: Service\n"
			      "metadata: {name: web, namespace: shop}\n"
			      "spec:\n"
			      "  %s\n"
			      "  externalIPs: [203.0.113.10]\n"
			      "  selector: {app: web}\n"
			      "  ports: [{port: 80}]\n" WEB;

static void ips_case(const char *id, const char *line, size_t want)
{
	struct tu_checks r;
	char text[2048];

	snprintf(text, sizeof(text), svc_ips, line);
	run_id(&r, id, text);
	findings_are(&r, want);
	tu_checks_release(&r);
}

START_TEST(test_external_ips_need_cluster_ip)
{
	static const char *const ids[] = { "external-service",
					   "exposed-workload" };
	size_t i;

	for (i = 0; i < 2; i++) {
		/* a cluster IP, given or allocated: kube-proxy routes them */
		ips_case(ids[i], "type: ClusterIP", 1);
		ips_case(ids[i], "clusterIP: 10.96.0.20", 1);
		/* headless, by clusterIP or clusterIPs: nothing routes */
		ips_case(ids[i], "clusterIP: None", 0);
		ips_case(ids[i], "clusterIPs: [None]", 0);
	}
	ips_case("external-service",
		 "type: ExternalName\n  externalName: db.example.com", 0);
}
END_TEST

START_TEST(test_external_ips_headless_message)
{
	struct tu_checks r;
	char text[2048];

	snprintf(text, sizeof(text), svc_ips, "type: ClusterIP");
	run_id(&r, "external-service", text);
	finding_is(&r, "Service", "web", SEV_MEDIUM, "(externalIPs)");
	tu_checks_release(&r);
}
END_TEST

/* ---- source ranges by annotation ---- */

static const char svc_lb[] = "apiVersion: v1\n"
			     "kind: Service\n"
			     "metadata:\n"
			     "  name: web\n"
			     "  namespace: shop\n"
			     "  annotations: {%s}\n"
			     "spec:\n"
			     "  type: LoadBalancer\n"
			     "  %s\n"
			     "  selector: {app: web}\n"
			     "  ports: [{port: 80}]\n" WEB;

static void lb_case(const char *annotations, const char *spec_line,
		    enum severity sev, const char *sub)
{
	struct tu_checks r;
	char text[2048];

	snprintf(text, sizeof(text), svc_lb, annotations, spec_line);
	run_id(&r, "external-service", text);
	findings_are(&r, 1);
	finding_is(&r, "Service", "web", sev, sub);
	tu_checks_release(&r);
}

#define RANGES "service.beta.kubernetes.io/load-balancer-source-ranges: "

START_TEST(test_source_ranges_annotation)
{
	/* neither: open to everyone */
	lb_case("", "sessionAffinity: None", SEV_HIGH,
		"no loadBalancerSourceRanges");
	/* the annotation stands in for an empty field */
	lb_case(RANGES "'203.0.113.0/24, 198.51.100.7/32'",
		"sessionAffinity: None", SEV_MEDIUM, "(LoadBalancer)");
	lb_case(RANGES "'10.0.0.0/8,192.168.0.0/16'", "sessionAffinity: None",
		SEV_LOW, "private ranges only");
	lb_case(RANGES "'10.0.0.0/8'", "loadBalancerSourceRanges: []", SEV_LOW,
		"private ranges only");
	/* a range of every address, or nothing in it, keeps no one out */
	lb_case(RANGES "'10.0.0.0/8,0.0.0.0/0'", "sessionAffinity: None",
		SEV_HIGH, "no loadBalancerSourceRanges");
	lb_case(RANGES "''", "sessionAffinity: None", SEV_HIGH,
		"no loadBalancerSourceRanges");
	/* the field wins over the annotation */
	lb_case(RANGES "'10.0.0.0/8'", "loadBalancerSourceRanges: [0.0.0.0/0]",
		SEV_HIGH, "no loadBalancerSourceRanges");
	lb_case(RANGES "'0.0.0.0/0'",
		"loadBalancerSourceRanges: [203.0.113.0/24]", SEV_MEDIUM,
		"(LoadBalancer)");
}
END_TEST

START_TEST(test_source_ranges_annotation_fixture)
{
	struct tu_checks r;
	const char *p[1] = { "testdata/checks/external-service/fire/"
			     "loadbalancer-annotated-ranges.yaml" };
	const struct check *one[2] = { check_find("external-service"), NULL };

	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	findings_are(&r, 2);
	finding_is(&r, "Service", "partner-api", SEV_MEDIUM, "(LoadBalancer)");
	finding_is(&r, "Service", "office-api", SEV_LOW, "private ranges only");
	tu_checks_release(&r);
}
END_TEST

/* ---- the AWS Load Balancer Controller's default scheme ---- */

#define AWS "service.beta.kubernetes.io/aws-load-balancer-"

START_TEST(test_aws_lbc_default_internal)
{
	/* the in-tree controller: internet-facing unless told otherwise */
	lb_case(AWS "type: nlb", "sessionAffinity: None", SEV_HIGH,
		"no loadBalancerSourceRanges");
	lb_case(AWS "internal: 'true'", "sessionAffinity: None", SEV_LOW,
		"internal load balancer");
	/* the Load Balancer Controller: internal unless told otherwise */
	lb_case("", "loadBalancerClass: service.k8s.aws/nlb", SEV_LOW,
		"internal load balancer");
	lb_case(AWS "type: external", "sessionAffinity: None", SEV_LOW,
		"internal load balancer");
	lb_case(AWS "type: nlb-ip", "sessionAffinity: None", SEV_LOW,
		"internal load balancer");
	lb_case(AWS "scheme: internal",
		"loadBalancerClass: service.k8s.aws/nlb", SEV_LOW,
		"internal load balancer");
	lb_case(AWS "scheme: internet-facing",
		"loadBalancerClass: service.k8s.aws/nlb", SEV_HIGH,
		"no loadBalancerSourceRanges");
	lb_case(AWS "type: external, " AWS "scheme: internet-facing",
		"sessionAffinity: None", SEV_HIGH,
		"no loadBalancerSourceRanges");
	/* another class is another controller's business */
	lb_case("", "loadBalancerClass: example.com/lb", SEV_HIGH,
		"no loadBalancerSourceRanges");
}
END_TEST

START_TEST(test_aws_lbc_fixture)
{
	struct tu_checks r;
	const char *p[1] = { "testdata/checks/external-service/fire/"
			     "loadbalancer-aws-lbc.yaml" };
	const struct check *one[2] = { check_find("external-service"), NULL };

	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	findings_are(&r, 3);
	finding_is(&r, "Service", "orders-nlb", SEV_LOW, "internal");
	finding_is(&r, "Service", "orders-nlb-ip", SEV_LOW, "internal");
	finding_is(&r, "Service", "storefront-nlb", SEV_HIGH,
		   "no loadBalancerSourceRanges");
	tu_checks_release(&r);
}
END_TEST

/* A workload behind the controller's internal NLB only is low. */
START_TEST(test_aws_lbc_workload_low)
{
	struct tu_checks r;
	char text[2048];

	snprintf(text, sizeof(text), svc_lb, "",
		 "loadBalancerClass: service.k8s.aws/nlb");
	run_id(&r, "exposed-workload", text);
	findings_are(&r, 1);
	finding_is(&r, "Deployment", "web", SEV_LOW, "internal load balancer");
	tu_checks_release(&r);
	snprintf(text, sizeof(text), svc_lb, AWS "scheme: internet-facing",
		 "loadBalancerClass: service.k8s.aws/nlb");
	run_id(&r, "exposed-workload", text);
	findings_are(&r, 1);
	finding_is(&r, "Deployment", "web", SEV_MEDIUM,
		   "from outside the cluster");
	tu_checks_release(&r);
}
END_TEST

/* ---- Gateway listener hostnames and route hostnames ---- */

static const char gw_text[] =
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n"
    "  selector: {app: web}\n"
    "  ports: [{port: 80}]\n"
    "---\n"
    "apiVersion: gateway.networking.k8s.io/v1\n"
    "kind: Gateway\n"
    "metadata: {name: gw, namespace: shop}\n"
    "spec:\n"
    "  gatewayClassName: example\n"
    "  listeners:\n"
    "  - {name: http, protocol: HTTP, port: 80%s}\n"
    "  - {name: https, protocol: HTTPS, port: 443, hostname: secure.test,\n"
    "     tls: {certificateRefs: [{name: cert}]}}\n"
    "---\n"
    "apiVersion: gateway.networking.k8s.io/v1\n"
    "kind: %s\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n"
    "  parentRefs: [{name: gw%s}]\n"
    "  %s\n"
    "  rules: [{backendRefs: [{name: web, port: 80}]}]\n" WEB;

/*
 * exposed-workload on a Gateway whose HTTP listener has the hostname
 * field lh (", hostname: ..." or ""), route kind with parentRef extra
 * and hostnames line: want findings, and sub in the one there is.
 */
static void gw_case(const char *lh, const char *kind, const char *ref,
		    const char *hostnames, size_t want, const char *sub)
{
	struct tu_checks r;
	char text[4096];

	snprintf(text, sizeof(text), gw_text, lh, kind, ref, hostnames);
	run_id(&r, "exposed-workload", text);
	findings_are(&r, want);
	if (want)
		finding_is(&r, "Deployment", "web", SEV_MEDIUM, sub);
	tu_checks_release(&r);
}

START_TEST(test_gateway_hostnames)
{
	const char *wild = ", hostname: '*.example.com'";

	/* no hostname on either side: accepted */
	gw_case("", "HTTPRoute", ", sectionName: http", "hostnames: []", 1,
		"no TLS");
	gw_case(wild, "HTTPRoute", ", sectionName: http", "hostnames: null", 1,
		"no TLS");
	/* a name under the wildcard, or a wildcard meeting it */
	gw_case(wild, "HTTPRoute", ", sectionName: http",
		"hostnames: [shop.example.com]", 1, "no TLS");
	gw_case(wild, "HTTPRoute", ", sectionName: http",
		"hostnames: [a.b.example.com]", 1, "no TLS");
	gw_case(wild, "HTTPRoute", ", sectionName: http",
		"hostnames: ['*.com']", 1, "no TLS");
	gw_case(", hostname: shop.example.com", "GRPCRoute",
		", sectionName: http", "hostnames: ['*.example.com']", 1,
		"no TLS");
	/* nothing meets: the route is not accepted there */
	gw_case(wild, "HTTPRoute", ", sectionName: http",
		"hostnames: [example.com, shop.example.org]", 0, NULL);
	gw_case(", hostname: shop.example.com", "HTTPRoute",
		", sectionName: http", "hostnames: [api.example.com]", 0, NULL);
	gw_case(wild, "HTTPRoute", "", "hostnames: [nothing.test]", 0, NULL);
	/* without sectionName: only the HTTPS listener takes the name */
	gw_case(wild, "HTTPRoute", "", "hostnames: [secure.test]", 1, ", TLS");
}
END_TEST

START_TEST(test_gateway_hostname_fixtures)
{
	const struct check *one[2] = { check_find("exposed-workload"), NULL };
	const char *fire[1] = { "testdata/checks/exposed-workload/fire/"
				"gateway-hostname-match.yaml" };
	const char *silent[1] = { "testdata/checks/exposed-workload/silent/"
				  "gateway-hostname-mismatch.yaml" };
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(fire, 1), one, NULL, NULL);
	findings_are(&r, 1);
	finding_is(&r, "Deployment", "store", SEV_MEDIUM,
		   "HTTPRoute web/store on Gateway web/public");
	tu_checks_release(&r);
	tu_checks_run(&r, tu_scan_paths(silent, 1), one, NULL, NULL);
	findings_are(&r, 0);
	tu_checks_release(&r);
}
END_TEST

/* ---- Ingress rules without host ---- */

static const char ing_text[] =
    "apiVersion: networking.k8s.io/v1\n"
    "kind: Ingress\n"
    "metadata: {name: web, namespace: shop%s}\n"
    "spec:\n"
    "  ingressClassName: nginx\n"
    "  tls: [%s]\n"
    "  rules:\n"
    "  - host: shop.example.com\n"
    "    http:\n"
    "      paths: [{path: /, pathType: Prefix, backend: {service: {name: "
    "web, port: {number: 80}}}}]\n"
    "  - http:\n"
    "      paths: [{path: /, pathType: Prefix, backend: {service: {name: "
    "web, port: {number: 80}}}}]\n";

/* want findings on Ingress web, the first with sub and evidence at path. */
static void ing_case_is(const char *meta, const char *tls, size_t want,
			enum severity sev, const char *sub, const char *path)
{
	struct tu_checks r;
	char text[2048];

	snprintf(text, sizeof(text), ing_text, meta, tls);
	run_id(&r, "ingress-without-tls", text);
	findings_are(&r, want);
	if (want)
		finding_is(&r, "Ingress", "web", sev, sub);
	if (want)
		ck_assert_str_eq(r.f.v[0]->ev[0].path, path);
	tu_checks_release(&r);
}

static void ing_case(const char *meta, const char *tls, size_t want,
		     enum severity sev)
{
	ing_case_is(meta, tls, want, sev, "rule without host", "spec.rules[1]");
}

START_TEST(test_ingress_rule_without_host)
{
	/* named hosts only, even a wildcard: the hostless rule is in clear */
	ing_case("", "{hosts: [shop.example.com], secretName: t}", 1,
		 SEV_MEDIUM);
	ing_case("", "{hosts: ['*.example.com'], secretName: t}", 1,
		 SEV_MEDIUM);
	/*
	 * an ALB (by its scheme annotation) without listen-ports or a
	 * certificate listens on HTTP 80 only: every rule is in clear, and
	 * spec.tls gives it no certificate
	 */
	ing_case_is(
	    ", annotations: {alb.ingress.kubernetes.io/scheme: internal}",
	    "{hosts: [shop.example.com], secretName: t}", 1, SEV_LOW,
	    "no HTTPS listener on its ALB",
	    "metadata.annotations.alb.ingress.kubernetes.io/listen-ports");
	/* the same with an HTTPS listener: the ALB serves nothing in clear */
	ing_case(
	    ", annotations: {alb.ingress.kubernetes.io/scheme: internal, "
	    "alb.ingress.kubernetes.io/listen-ports: '[{\"HTTPS\": 443}]'}",
	    "{hosts: [shop.example.com], secretName: t}", 0, SEV_NONE);
	/* an entry without hosts covers it */
	ing_case("",
		 "{hosts: [shop.example.com], secretName: t}, "
		 "{secretName: d}",
		 0, SEV_NONE);
	ing_case("",
		 "{hosts: [shop.example.com], secretName: t}, "
		 "{hosts: [], secretName: d}",
		 0, SEV_NONE);
}
END_TEST

START_TEST(test_ingress_rule_without_host_fixtures)
{
	const struct check *one[2] = { check_find("ingress-without-tls"),
				       NULL };
	const char *fire[1] = { "testdata/checks/ingress-without-tls/fire/"
				"rule-without-host.yaml" };
	const char *silent[1] = { "testdata/checks/ingress-without-tls/"
				  "silent/tls-without-hosts.yaml" };
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(fire, 1), one, NULL, NULL);
	findings_are(&r, 1);
	finding_is(&r, "Ingress", "web", SEV_MEDIUM, "rule without host");
	tu_checks_release(&r);
	tu_checks_run(&r, tu_scan_paths(silent, 1), one, NULL, NULL);
	findings_are(&r, 0);
	tu_checks_release(&r);
}
END_TEST

/* ---- ALBs: scheme by IngressClassParams, annotation, group, default ---- */

START_TEST(test_alb_scheme_fixture)
{
	const struct check *one[2] = { check_find("exposed-workload"), NULL };
	const char *p[1] = { "testdata/checks/exposed-workload/fire/"
			     "alb-schemes.yaml" };
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	findings_are(&r, 5);
	/* no scheme anywhere: the controller's default, internal */
	finding_is(&r, "Deployment", "intranet", SEV_LOW,
		   "internal ALB of the AWS Load Balancer Controller (its "
		   "default scheme)");
	/* IngressClassParams internet-facing over the annotation internal */
	finding_is(&r, "Deployment", "portal", SEV_MEDIUM,
		   "internet-facing ALB");
	/* one ALB: a member without scheme is as public as the group */
	finding_is(&r, "Deployment", "admin", SEV_MEDIUM,
		   "set by Ingress shop/storefront of IngressGroup shop");
	finding_is(&r, "Deployment", "storefront", SEV_MEDIUM,
		   "internet-facing ALB");
	finding_is(&r, "Deployment", "reports", SEV_MEDIUM,
		   "EKS Auto Mode without a scheme");
	tu_checks_release(&r);
}
END_TEST

static const char alb_ing[] =
    "apiVersion: networking.k8s.io/v1\n"
    "kind: Ingress\n"
    "metadata:\n"
    "  name: %s\n"
    "  namespace: shop\n"
    "  annotations: {%s}\n"
    "spec:\n"
    "  %s\n"
    "  defaultBackend: {service: {name: web, port: {number: 80}}}\n";

/* Severity of ingress-without-tls on Ingress "a" of a and b. */
static void alb_case(const char *ann_a, const char *cls_a, const char *ann_b,
		     size_t want, enum severity sev)
{
	struct tu_checks r;
	char text[4096];
	int k;

	k = snprintf(text, sizeof(text), alb_ing, "a", ann_a, cls_a);
	text[k++] = '-', text[k++] = '-', text[k++] = '-', text[k++] = '\n';
	snprintf(text + k, sizeof(text) - (size_t)k, alb_ing, "b", ann_b,
		 "ingressClassName: alb");
	run_id(&r, "ingress-without-tls", text);
	if (want)
		finding_is(&r, "Ingress", "a", sev, "plain HTTP");
	else
		finding_is_absent(&r, "Ingress", "a");
	tu_checks_release(&r);
}

#define ALB "alb.ingress.kubernetes.io/"

START_TEST(test_alb_scheme_cases)
{
	/* the legacy class annotation "alb": internal by default */
	alb_case("kubernetes.io/ingress.class: alb", "", "", 1, SEV_LOW);
	/* the annotation outranks spec.ingressClassName for the controller */
	alb_case("kubernetes.io/ingress.class: nginx, " ALB "scheme: internal",
		 "ingressClassName: alb", "", 1, SEV_MEDIUM);
	/* internet-facing elsewhere in the group: public */
	alb_case(ALB "group.name: g", "ingressClassName: alb",
		 ALB "group.name: g, " ALB "scheme: internet-facing", 1,
		 SEV_MEDIUM);
	/* the same name without the group: a separate, internal ALB */
	alb_case("", "ingressClassName: alb",
		 ALB "group.name: g, " ALB "scheme: internet-facing", 1,
		 SEV_LOW);
	/* a value the controller rejects: kept public */
	alb_case(ALB "scheme: private", "ingressClassName: alb", "", 1,
		 SEV_MEDIUM);
	/* ssl-redirect on one member turns every HTTP listener of the ALB */
	alb_case(ALB "group.name: g, " ALB "listen-ports: '[{\"HTTP\": 80}, "
		     "{\"HTTPS\": 443}]', " ALB "certificate-arn: arn:x",
		 "ingressClassName: alb",
		 ALB "group.name: g, " ALB "ssl-redirect: '443'", 0, SEV_NONE);
	/* HTTPS only, but no certificate nor host to discover one by */
	alb_case(ALB "listen-ports: '[{\"HTTPS\": 443}]'",
		 "ingressClassName: alb", "", 1, SEV_LOW);
}
END_TEST

START_TEST(test_alb_tls_fixtures)
{
	const struct check *one[2] = { check_find("ingress-without-tls"),
				       NULL };
	const char *fire[1] = { "testdata/checks/ingress-without-tls/fire/"
				"alb-http-listener.yaml" };
	const char *silent[1] = { "testdata/checks/ingress-without-tls/"
				  "silent/alb-https.yaml" };
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(fire, 1), one, NULL, NULL);
	findings_are(&r, 1);
	finding_is(&r, "Ingress", "checkout", SEV_MEDIUM, "plain HTTP");
	tu_checks_release(&r);
	tu_checks_run(&r, tu_scan_paths(silent, 1), one, NULL, NULL);
	findings_are(&r, 0);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_exposure_review(void)
{
	Suite *s = suite_create("exposure_review");
	TCase *tc = tcase_create("services");

	tcase_add_test(tc, test_external_ips_need_cluster_ip);
	tcase_add_test(tc, test_external_ips_headless_message);
	tcase_add_test(tc, test_source_ranges_annotation);
	tcase_add_test(tc, test_source_ranges_annotation_fixture);
	tcase_add_test(tc, test_aws_lbc_default_internal);
	tcase_add_test(tc, test_aws_lbc_fixture);
	tcase_add_test(tc, test_aws_lbc_workload_low);
	suite_add_tcase(s, tc);
	tc = tcase_create("gateway");
	tcase_add_test(tc, test_gateway_hostnames);
	tcase_add_test(tc, test_gateway_hostname_fixtures);
	suite_add_tcase(s, tc);
	tc = tcase_create("ingress");
	tcase_add_test(tc, test_ingress_rule_without_host);
	tcase_add_test(tc, test_ingress_rule_without_host_fixtures);
	tcase_add_test(tc, test_alb_scheme_fixture);
	tcase_add_test(tc, test_alb_scheme_cases);
	tcase_add_test(tc, test_alb_tls_fixtures);
	suite_add_tcase(s, tc);
	return s;
}
