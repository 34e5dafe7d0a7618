/*
 * An object given twice (same group, kind, namespace, name and contents
 * in two files, or twice in one) is one object in the cluster: the
 * inventory keeps the first, every check judges it once, and the repeat
 * is named in the input warnings without changing the exit status.  A
 * copy with other contents is a variant: both are judged.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define REPEATS "testdata/repeats"

/* Whether two findings are about the same thing and say the same. */
static bool same_finding(const struct finding *a, const struct finding *b)
{
	return a->check == b->check && a->obj == b->obj &&
	       !strcmp(a->message, b->message) &&
	       !strcmp(a->container ? a->container : "",
		       b->container ? b->container : "");
}

/*
 * Checks (only, or all when NULL) report nothing twice about one object
 * key: not the same object, nor two objects of one kind, namespace and
 * name.  With in set, only objects of files whose path holds it count.
 * Quadratic, for small inputs.
 */
static void assert_once(const struct tu_checks *r, const char *only,
			const char *in)
{
	size_t i, j;

	for (i = 0; i < r->f.n; i++) {
		const struct finding *a = r->f.v[i];

		if ((only && strcmp(a->check->id, only)) ||
		    (in && !strstr(a->obj->file, in)))
			continue;
		for (j = i + 1; j < r->f.n; j++) {
			const struct finding *b = r->f.v[j];

			if (in && !strstr(b->obj->file, in))
				continue;
			ck_assert_msg(!same_finding(a, b),
				      "%s twice on %s %s/%s: %s", a->check->id,
				      a->obj->kind, kobj_ns(a->obj),
				      a->obj->name, a->message);
			ck_assert_msg(
			    a->obj == b->obj || a->check != b->check ||
				strcmp(a->container ? a->container : "",
				       b->container ? b->container : "") ||
				strcmp(a->obj->kind, b->obj->kind) ||
				strcmp(kobj_ns(a->obj), kobj_ns(b->obj)) ||
				strcmp(a->obj->name, b->obj->name),
			    "%s on two copies of %s %s/%s", a->check->id,
			    a->obj->kind, kobj_ns(a->obj), a->obj->name);
		}
	}
}

static size_t count(const struct tu_checks *r, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < r->f.n; i++)
		n += !strcmp(r->f.v[i]->check->id, id);
	return n;
}

static size_t warnings_with(const struct scan *s, const char *sub)
{
	size_t i, n = 0;

	for (i = 0; i < s->warnings.n; i++)
		n += strstr(s->warnings.v[i].msg, sub) != NULL;
	return n;
}

/* The inventory holds one of each, the first read. */
START_TEST(test_inventory_keeps_first)
{
	const char *p[1] = { REPEATS };
	struct scan *s = tu_scan_paths(p, 1);
	const struct kobj *const *v;
	const struct kobj *o;
	size_t n, i;

	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(inventory_size(s->inv), 5);
	ck_assert_uint_eq(inventory_repeated(s->inv), 5);
	for (i = 0; i < inventory_size(s->inv); i++) {
		o = inventory_object(s->inv, i);
		ck_assert_uint_eq(o->index, i);
		ck_assert_str_eq(o->file, REPEATS "/install.yaml");
	}
	v = inventory_kind(s->inv, "Role", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(v[0]->line, 28);
	inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 1);
	o = inventory_find(s->inv, "Deployment", "shop", "web");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->file, REPEATS "/install.yaml");
	/* one warning per repeat, with both places */
	ck_assert_uint_eq(warnings_with(s, "defined again"), 5);
	ck_assert_uint_eq(
	    warnings_with(s,
			  "Deployment shop/web defined again (first at " REPEATS
			  "/install.yaml:7)"),
	    1);
	for (i = 0; i < s->warnings.n; i++)
		ck_assert_str_eq(s->warnings.v[i].file,
				 REPEATS "/namespace-install.yaml");
	scan_free(s);
}
END_TEST

/* Every check that fires on the install fires once per thing. */
START_TEST(test_each_check_once)
{
	const char *p[1] = { REPEATS };
	static const char *const fire[] = {
		"image-not-pinned",    "resource-limits",
		"sa-token-automount",  "rbac-read-secrets",
		"rbac-workload-sa",    "external-service",
		"exposed-workload",    "path-exposed-token",
		"apiserver-reachable",
	};
	struct tu_checks r;
	const struct finding *f;
	size_t i;

	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	assert_once(&r, NULL, NULL);
	for (i = 0; i < sizeof(fire) / sizeof(fire[0]); i++)
		ck_assert_msg(count(&r, fire[i]) == 1, "%s: %zu findings",
			      fire[i], count(&r, fire[i]));
	/* the copy judged is the first */
	f = tu_checks_find(&r, "image-not-pinned");
	ck_assert_str_eq(f->obj->file, REPEATS "/install.yaml");
	tu_checks_release(&r);
}
END_TEST

/*
 * Not repeats: two objects named after one generateName, the same name
 * in two API groups, and a custom resource with no namespace next to one
 * with a namespace.
 */
static const char distinct_yaml[] =
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {generateName: debug-, namespace: a}\n"
    "spec: {containers: [{name: c, image: busybox}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {generateName: debug-, namespace: a}\n"
    "spec: {containers: [{name: c, image: busybox}]}\n"
    "---\n"
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
    "metadata: {name: deny, namespace: a}\n"
    "spec: {podSelector: {}, policyTypes: [Ingress]}\n"
    "---\n"
    "apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\n"
    "metadata: {name: deny, namespace: a}\n"
    "spec: {selector: all()}\n"
    "---\n"
    "apiVersion: example.com/v1\nkind: Widget\n"
    "metadata: {name: w}\n"
    "---\n"
    "apiVersion: example.com/v1\nkind: Widget\n"
    "metadata: {name: w, namespace: a}\n";

START_TEST(test_distinct_kept)
{
	struct scan *s = tu_scan_text(distinct_yaml);
	const struct kobj *const *v;
	const struct kobj *o;
	size_t n;

	ck_assert_uint_eq(inventory_size(s->inv), 6);
	ck_assert_uint_eq(inventory_repeated(s->inv), 0);
	ck_assert_uint_eq(warnings_with(s, "defined again"), 0);
	inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 2);
	v = inventory_kind(s->inv, "NetworkPolicy", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0]->group, "networking.k8s.io");
	/* a lookup by kind and name still finds the first of any group */
	o = inventory_find(s->inv, "NetworkPolicy", "a", "deny");
	ck_assert_ptr_eq(o, v[0]);
	inventory_kind(s->inv, "Widget", &n);
	ck_assert_uint_eq(n, 2);
	scan_free(s);
}
END_TEST

/* Given twice in one file, or with the namespace written once. */
START_TEST(test_same_file_and_default_ns)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
	    "---\n"
	    "apiVersion: v1\nkind: ConfigMap\n"
	    "metadata: {name: c, namespace: default}\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: r}\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: r}\n");

	ck_assert_uint_eq(inventory_size(s->inv), 2);
	ck_assert_uint_eq(inventory_repeated(s->inv), 2);
	ck_assert_uint_eq(warnings_with(s, "ConfigMap default/c defined again "
					   "(first at <test>:1): identical"),
			  1);
	ck_assert_uint_eq(
	    warnings_with(s, "ClusterRole r defined again (first at <test>:9)"),
	    1);
	scan_free(s);
}
END_TEST

/* The warning is on standard error and in the report; exit status kept. */
START_TEST(test_cli_warns_exit_kept)
{
	char *once = NULL, *twice = NULL;
	int rc1, rc2;

	rc1 = tu_runf(&once, "scan -f " REPEATS "/install.yaml -o json "
			     "--fail-on high 2>/dev/null");
	rc2 = tu_runf(&twice, "scan -R -f " REPEATS " -o json --fail-on high");
	ck_assert_int_eq(rc1, rc2);
	ck_assert_ptr_nonnull(
	    strstr(twice, "warning: " REPEATS "/namespace-install.yaml:7:1: "
			  "Deployment shop/web defined again (first at " REPEATS
			  "/install.yaml:7)"));
	ck_assert_ptr_nonnull(strstr(twice, "\"warnings\": ["));
	free(once);
	free(twice);
	rc1 = tu_runf(NULL, "scan -f " REPEATS "/install.yaml -o json "
			    "--fail-on critical >/dev/null 2>&1");
	rc2 = tu_runf(NULL, "scan -R -f " REPEATS " -o json "
			    "--fail-on critical >/dev/null 2>&1");
	ck_assert_int_eq(rc1, rc2);
}
END_TEST

/*
 * argo-cd's install.yaml and namespace-install.yaml define the same
 * Deployments, ServiceAccounts, Roles and NetworkPolicies.  (kubeflow's
 * kustomize bases name two different Deployments "deployment": variants,
 * both judged.)
 */
START_TEST(test_real_argocd_once)
{
	TU_NEED_SHARED(shared);
	char path[700];
	const char *p[1] = { path };
	struct tu_checks r;
	size_t i, argo = 0;

	snprintf(path, sizeof(path), "%s/k8s-real/sensitive-apps", shared);
	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	ck_assert_uint_gt(inventory_repeated(r.s->inv), 40);
	ck_assert_uint_gt(warnings_with(r.s, "Deployment default/argocd-server "
					     "defined again"),
			  0);
	ck_assert_uint_eq(warnings_with(r.s, "Deployment default/deployment "
					     "defined again"),
			  1);
	ck_assert_uint_eq(warnings_with(r.s, "other contents"), 2);
	assert_once(&r, "image-not-pinned", "/argo-cd/");
	assert_once(&r, "resource-limits", "/argo-cd/");
	assert_once(&r, "sa-token-automount", "/argo-cd/");
	assert_once(&r, "rbac-read-secrets", "/argo-cd/");
	for (i = 0; i < r.f.n; i++) {
		const struct finding *f = r.f.v[i];

		if (!strcmp(f->check->id, "sa-token-automount") &&
		    !strcmp(f->obj->name, "argocd-server"))
			argo++;
	}
	ck_assert_uint_eq(argo, 1);
	tu_checks_release(&r);
}
END_TEST

/*
 * Copies with other contents are variants: both are kept and judged, with
 * a warning naming the first; the privileged one is reported on its own
 * file.
 */
START_TEST(test_variants_both_judged)
{
	const char *p[1] = { "testdata/repeats-variants" };
	struct tu_checks r;
	const struct kobj *const *v;
	const struct finding *f;
	size_t n;

	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, NULL, NULL);
	ck_assert_uint_eq(r.s->errors.n, 0);
	v = inventory_kind(r.s->inv, "Deployment", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0]->file, "testdata/repeats-variants/base.yaml");
	ck_assert_uint_eq(inventory_repeated(r.s->inv), 0);
	ck_assert_uint_eq(
	    warnings_with(r.s, "Deployment shop/web defined again (first at "
			       "testdata/repeats-variants/base.yaml:4) with "
			       "other contents: both judged"),
	    1);
	ck_assert_uint_eq(warnings_with(r.s, "identical"), 0);
	ck_assert_uint_eq(count(&r, "privileged-container"), 1);
	f = tu_checks_find(&r, "privileged-container");
	ck_assert_str_eq(f->obj->file,
			 "testdata/repeats-variants/overlay.yaml");
	ck_assert_uint_eq(count(&r, "image-not-pinned"), 2);
	tu_checks_release(&r);
}
END_TEST

/*
 * Static Pod manifests of two nodes share a name and may be identical:
 * each is a Pod of its own node, never merged.
 */
START_TEST(test_pods_never_merged)
{
	static const char pod[] =
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: kube-apiserver, namespace: kube-system}\n"
	    "spec: {containers: [{name: c, image: "
	    "registry.k8s.io/kube-apiserver:v1.30.0}]}\n";
	char text[1024];
	struct scan *s;
	size_t n;

	snprintf(text, sizeof(text), "%s---\n%s", pod, pod);
	s = tu_scan_text(text);
	inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(inventory_repeated(s->inv), 0);
	ck_assert_uint_eq(warnings_with(s, "defined again"), 0);
	scan_free(s);
}
END_TEST

/*
 * Contents compare as values: key order, flow or block style, quoting and
 * a namespace written or defaulted make no difference; a number written
 * otherwise, an item more or a label changed does.
 */
START_TEST(test_contents_compared_as_values)
{
	static const struct {
		const char *a, *b;
		bool same;
	} cases[] = {
		{ "metadata: {name: c}\ndata: {k: v, j: w}\n",
		  "data:\n  j: w\n  k: \"v\"\nmetadata:\n  name: c\n", true },
		{ "metadata: {name: c}\ndata: {k: v}\n",
		  "metadata: {name: c, namespace: default}\ndata: {k: v}\n",
		  true },
		{ "metadata: {name: c}\ndata: {k: v}\n",
		  "metadata: {name: c}\ndata: {k: w}\n", false },
		{ "metadata: {name: c}\ndata: {k: v}\n",
		  "metadata: {name: c}\ndata: {k: v, j: w}\n", false },
		{ "metadata: {name: c, labels: {a: b}}\n",
		  "metadata: {name: c, labels: {a: c}}\n", false },
		{ "metadata: {name: c}\nbinaryData: {n: [1, 2]}\n",
		  "metadata: {name: c}\nbinaryData: {n: [2, 1]}\n", false },
		{ "metadata: {name: c}\nimmutable: true\n",
		  "metadata: {name: c}\nimmutable: false\n", false },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[1024];
		struct scan *s;

		snprintf(text, sizeof(text),
			 "apiVersion: v1\nkind: ConfigMap\n%s---\n"
			 "apiVersion: v1\nkind: ConfigMap\n%s",
			 cases[i].a, cases[i].b);
		s = tu_scan_text(text);
		ck_assert_uint_eq(s->errors.n, 0);
		ck_assert_msg(inventory_size(s->inv) == (cases[i].same ? 1 : 2),
			      "case %zu: %zu objects", i,
			      inventory_size(s->inv));
		ck_assert_uint_eq(warnings_with(s, "defined again"), 1);
		scan_free(s);
	}
}
END_TEST

Suite *suite_repeats(void)
{
	Suite *s = suite_create("repeats");
	TCase *tc = tcase_create("repeats");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_inventory_keeps_first);
	tcase_add_test(tc, test_each_check_once);
	tcase_add_test(tc, test_distinct_kept);
	tcase_add_test(tc, test_same_file_and_default_ns);
	tcase_add_test(tc, test_cli_warns_exit_kept);
	tcase_add_test(tc, test_real_argocd_once);
	tcase_add_test(tc, test_variants_both_judged);
	tcase_add_test(tc, test_pods_never_merged);
	tcase_add_test(tc, test_contents_compared_as_values);
	suite_add_tcase(s, tc);
	return s;
}
