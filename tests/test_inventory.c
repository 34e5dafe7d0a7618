/* Inventory: indexes, owner folding, pod views, namespaces, coverage. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"
#include "selector.h"
#include "testutil.h"

static const char owned_yaml[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: web, namespace: shop, uid: d1}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec:\n"
    "      containers: [{name: app, image: nginx}]\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: ReplicaSet\n"
    "metadata:\n"
    "  name: web-1\n"
    "  namespace: shop\n"
    "  uid: r1\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, "
    "uid: d1, controller: true}]\n"
    "spec:\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: web-1-a\n"
    "  namespace: shop\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, "
    "uid: r1, controller: true}]\n"
    "spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: web-1-b\n"
    "  namespace: shop\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, "
    "uid: r1, controller: true}]\n"
    "spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: orphan\n"
    "  namespace: shop\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: gone, "
    "uid: r9, controller: true}]\n"
    "spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: nightly}\n"
    "spec:\n"
    "  schedule: '@daily'\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        metadata: {labels: {job: nightly}}\n"
    "        spec: {containers: [{name: run, image: busybox}], restartPolicy: "
    "Never}\n";

START_TEST(test_owner_folding)
{
	struct scan *s = tu_scan_text(owned_yaml);
	const struct pod_view *pv;
	const struct kobj *dep;
	size_t n, i;
	bool saw_dep = false, saw_orphan = false, saw_cron = false;

	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(inventory_size(s->inv), 6);
	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 3);
	for (i = 0; i < n; i++) {
		const char *k = pv[i].obj->kind;
		if (!strcmp(k, "Deployment")) {
			saw_dep = true;
			ck_assert_str_eq(pv[i].spec_path, "spec.template.spec");
			ck_assert_uint_eq(pv[i].obj->pods, 2);
			ck_assert_str_eq(
			    label_value(node_get(pv[i].meta, "labels"), "app"),
			    "web");
		} else if (!strcmp(k, "Pod")) {
			saw_orphan = true;
			ck_assert_str_eq(pv[i].obj->name, "orphan");
			ck_assert_str_eq(pv[i].spec_path, "spec");
		} else if (!strcmp(k, "CronJob")) {
			saw_cron = true;
			ck_assert_str_eq(pv[i].spec_path,
					 "spec.jobTemplate.spec.template.spec");
			ck_assert_uint_eq(
			    node_count(node_get(pv[i].spec, "containers")), 1);
			ck_assert_str_eq(pv[i].obj->ns, "default");
			ck_assert(pv[i].obj->ns_defaulted);
		}
	}
	ck_assert(saw_dep && saw_orphan && saw_cron);
	dep = inventory_find(s->inv, "Deployment", "shop", "web");
	ck_assert_ptr_nonnull(dep);
	ck_assert_ptr_nonnull(
	    inventory_find(s->inv, "ReplicaSet", "shop", "web-1"));
	ck_assert_ptr_eq(
	    inventory_find(s->inv, "ReplicaSet", "shop", "web-1")->owner, dep);
	ck_assert_ptr_null(
	    inventory_find(s->inv, "Deployment", "other", "web"));
	scan_free(s);
}
END_TEST

/*
 * A ConfigMap listed first shares the ReplicaSet's uid; a second ReplicaSet
 * is named by the reference but only the first one has the referenced uid.
 */
static const char uid_clash_yaml[] =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: unrelated, namespace: shop, uid: r1}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: web, namespace: shop, uid: d1}\n"
    "spec:\n"
    "  template:\n"
    "    spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: ReplicaSet\n"
    "metadata:\n"
    "  name: web-1\n"
    "  namespace: shop\n"
    "  uid: r1\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, "
    "uid: d1, controller: true}]\n"
    "spec:\n"
    "  template:\n"
    "    spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: ReplicaSet\n"
    "metadata: {name: web-stale, namespace: shop, uid: r7}\n"
    "spec:\n"
    "  template:\n"
    "    spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: web-1-a\n"
    "  namespace: shop\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, "
    "uid: r1, controller: true}]\n"
    "spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: web-1-b\n"
    "  namespace: shop\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: "
    "web-stale, uid: r1, controller: true}]\n"
    "spec: {containers: [{name: app, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: by-name\n"
    "  namespace: shop\n"
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: "
    "web-stale, uid: r404, controller: true}]\n"
    "spec: {containers: [{name: app, image: nginx}]}\n";

START_TEST(test_owner_uid_clash)
{
	struct scan *s = tu_scan_text(uid_clash_yaml);
	const struct kobj *dep, *rs, *stale;
	const struct pod_view *pv;
	size_t n, i;

	ck_assert_uint_eq(s->errors.n, 0);
	dep = inventory_find(s->inv, "Deployment", "shop", "web");
	rs = inventory_find(s->inv, "ReplicaSet", "shop", "web-1");
	stale = inventory_find(s->inv, "ReplicaSet", "shop", "web-stale");
	ck_assert_ptr_nonnull(dep);
	ck_assert_ptr_nonnull(rs);
	ck_assert_ptr_nonnull(stale);
	ck_assert_ptr_eq(rs->owner, dep);
	/* The ConfigMap with uid r1 does not stop the folding. */
	ck_assert_ptr_eq(
	    inventory_find(s->inv, "Pod", "shop", "web-1-a")->owner, rs);
	/* uid and kind agree with web-1: that beats the name web-stale. */
	ck_assert_ptr_eq(
	    inventory_find(s->inv, "Pod", "shop", "web-1-b")->owner, rs);
	/* No object has uid r404: the name decides. */
	ck_assert_ptr_eq(
	    inventory_find(s->inv, "Pod", "shop", "by-name")->owner, stale);
	ck_assert_uint_eq(dep->pods, 2);
	ck_assert_uint_eq(stale->pods, 1);
	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 2);
	for (i = 0; i < n; i++)
		ck_assert(pv[i].obj == dep || pv[i].obj == stale);
	scan_free(s);
}
END_TEST

/*
 * inventory_find(): every object by kind, namespace and name through the
 * index's growth, the first of two alike, and no match across fields (a
 * namespace and a name that join to the same text).
 */
START_TEST(test_find_many)
{
	struct sbuf sb = SBUF_INIT;
	struct scan *s;
	const struct kobj *const *cms;
	size_t i, n;

	ck_assert_int_eq(
	    sbuf_adds(&sb,
		      "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["),
	    0);
	for (i = 0; i < 3000; i++)
		sbuf_addf(&sb,
			  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
			  "\"metadata\":{\"name\":\"m%zu\",\"namespace\":"
			  "\"n%zu\"}},",
			  i, i % 7);
	ck_assert_int_eq(
	    sbuf_adds(&sb,
		      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
		      "\"metadata\":{\"name\":\"m0\",\"namespace\":\"n0\","
		      "\"labels\":{\"second\":\"yes\"}}},"
		      "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":"
		      "{\"name\":\"b\\u001fc\",\"namespace\":\"a\"}},"
		      "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":"
		      "{\"name\":\"c\",\"namespace\":\"a\\u001fb\"}}]}"),
	    0);
	s = tu_scan_text(sb.buf);
	ck_assert_uint_eq(s->errors.n, 0);
	cms = inventory_kind(s->inv, "ConfigMap", &n);
	ck_assert_uint_eq(n, 3001);
	for (i = 0; i < 3000; i++) {
		char name[16], ns[16];

		snprintf(name, sizeof(name), "m%zu", i);
		snprintf(ns, sizeof(ns), "n%zu", i % 7);
		ck_assert_ptr_eq(inventory_find(s->inv, "ConfigMap", ns, name),
				 cms[i]);
		ck_assert_ptr_null(inventory_find(s->inv, "Secret", ns, name));
	}
	ck_assert_ptr_null(inventory_find(s->inv, "ConfigMap", "n1", "m0"));
	ck_assert_ptr_null(node_get(cms[0]->labels, "second"));
	ck_assert_ptr_nonnull(inventory_find(s->inv, "Secret", "a",
					     "b\x1f"
					     "c"));
	ck_assert_ptr_nonnull(inventory_find(s->inv, "Secret",
					     "a\x1f"
					     "b",
					     "c"));
	ck_assert_ptr_ne(inventory_find(s->inv, "Secret", "a",
					"b\x1f"
					"c"),
			 inventory_find(s->inv, "Secret",
					"a\x1f"
					"b",
					"c"));
	ck_assert_ptr_null(inventory_find(s->inv, "Secret",
					  "a\x1f"
					  "b\x1f"
					  "c",
					  ""));
	scan_free(s);
	sbuf_release(&sb);
}
END_TEST

/*
 * struct kobj is 96 bytes (of 112 before the uid went to the tree and the
 * index, the defaulted namespace and the made-up name shared a word); the
 * three packed fields keep their values side by side.
 */
START_TEST(test_kobj_packed)
{
	struct scan *s;
	size_t i;

	if (sizeof(void *) == 8)
		ck_assert_uint_eq(sizeof(struct kobj), 96);
	s = tu_scan_text(
	    "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
	    "\"metadata\":{\"name\":\"a\",\"namespace\":\"x\"}},"
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
	    "\"metadata\":{\"name\":\"b\"}},"
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
	    "\"metadata\":{\"generateName\":\"c-\",\"namespace\":\"x\"}},"
	    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
	    "\"metadata\":{\"generateName\":\"d-\"}}]}");
	ck_assert_uint_eq(inventory_size(s->inv), 4);
	for (i = 0; i < 4; i++) {
		const struct kobj *o = inventory_object(s->inv, i);

		ck_assert_uint_eq(o->index, i);
		ck_assert_int_eq(o->ns_defaulted, i % 2 == 1);
		ck_assert_int_eq(o->name_made_up, i >= 2);
	}
	ck_assert_str_eq(inventory_object(s->inv, 3)->name, "d-*");
	scan_free(s);
}
END_TEST

START_TEST(test_namespaces)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n"
	    "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, "
	    "namespace: x}\n---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: r, namespace: ignored}\n---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: "
	    "shop}\n");
	const struct kobj *const *svcs;
	size_t n;

	ck_assert_uint_eq(s->errors.n, 0);
	svcs = inventory_kind(s->inv, "Service", &n);
	ck_assert_uint_eq(n, 2);
	/* where kubectl apply puts it, and marked as placed there */
	ck_assert_str_eq(svcs[0]->ns, "default");
	ck_assert(svcs[0]->ns_defaulted);
	ck_assert_str_eq(svcs[1]->ns, "shop");
	ck_assert(!svcs[1]->ns_defaulted);
	ck_assert_ptr_null(
	    inventory_find(s->inv, "Namespace", NULL, "shop")->ns);
	ck_assert_ptr_nonnull(
	    inventory_find(s->inv, "ClusterRole", "anything", "r"));
	ck_assert_ptr_eq(inventory_find(s->inv, "Service", "default", "a"),
			 svcs[0]);
	ck_assert_ptr_eq(inventory_find(s->inv, "Service", "shop", "a"),
			 svcs[1]);
	ck_assert_str_eq(svcs[1]->group, "");
	scan_free(s);
}
END_TEST

static const struct {
	const char *doc;
	const char *msg; /* substring of the error */
	unsigned line;
} bad_objects[] = {
	{ .doc = "apiVersion: v1\nmetadata: {name: a}\n",
	  .msg = "'kind'",
	  .line = 1 },
	{ .doc = "apiVersion: v1\nkind: 7\nmetadata: {name: a}\n",
	  .msg = "expected 'kind' to be a non-empty string, found number",
	  .line = 2 },
	{ .doc = "apiVersion: v1\nkind: Pod\n",
	  .msg = "'metadata'",
	  .line = 1 },
	{ .doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: [a]}\n",
	  .msg = "metadata.name",
	  .line = 3 },
	{ .doc = "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: a}\n",
	  .msg = "unknown kind 'Deploymnet' for apiVersion 'apps/v1'",
	  .line = 2 },
	{ .doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  "
		 "containers: nginx\n",
	  .msg = "expected 'spec.containers' to be an array, found string",
	  .line = 5 },
	{ .doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "
		 "a}\nspec:\n"
		 "  template:\n    spec:\n      containers:\n      - name: c\n"
		 "        securityContext: {privileged: \"yes please\"}\n",
	  .msg = "spec.template.spec.containers[0].securityContext.privileged' "
		 "to be "
		 "a boolean",
	  .line = 9 },
	{ .doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  "
		 "containers: [nginx]\n",
	  .msg = "expected 'spec.containers[0]' to be an object, found string",
	  .line = 5 },
};

START_TEST(test_bad_objects)
{
	struct scan *s = tu_scan_text(bad_objects[_i].doc);

	ck_assert_uint_eq(s->errors.n, 1);
	ck_assert_msg(strstr(s->errors.v[0].msg, bad_objects[_i].msg),
		      "case %d: got '%s'", _i, s->errors.v[0].msg);
	ck_assert_uint_eq(s->errors.v[0].line, bad_objects[_i].line);
	ck_assert_str_eq(s->errors.v[0].file, "<test>");
	ck_assert_uint_eq(inventory_size(s->inv), 0);
	scan_free(s);
}
END_TEST

START_TEST(test_custom_resources_kept)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: "
	    "p}\n"
	    "---\napiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\n"
	    "spec: {containers: [{name: a, image: b}]}\n");

	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(inventory_size(s->inv), 2);
	ck_assert_str_eq(inventory_object(s->inv, 0)->group, "kyverno.io");
	ck_assert_str_eq(inventory_object(s->inv, 1)->name, "job-*");
	scan_free(s);
}
END_TEST

START_TEST(test_forbidden)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");

	ck_assert(inventory_can_see(s->inv, "Secret", "a"));
	inventory_forbid(s->inv, "Secret", "a");
	inventory_forbid(s->inv, "Secret", "a");
	ck_assert(!inventory_can_see(s->inv, "Secret", "a"));
	ck_assert(inventory_can_see(s->inv, "Secret", "b"));
	ck_assert(inventory_forbidden_any(s->inv, "Secret"));
	inventory_forbid(s->inv, "ClusterRole", NULL);
	ck_assert(!inventory_can_see(s->inv, "ClusterRole", NULL));
	ck_assert(!inventory_can_see(s->inv, "ClusterRole", "x"));
	ck_assert_uint_eq(inventory_forbidden_count(s->inv), 2);
	scan_free(s);
}
END_TEST

static const struct {
	const char *sel;
	const char *labels;
	bool match;
} selector_cases[] = {
	{ .sel = "{}", .labels = "{app: a}", .match = true },
	{ .sel = "{}", .labels = "{}", .match = true },
	{ .sel = "{matchLabels: {app: a}}",
	  .labels = "{app: a, tier: x}",
	  .match = true },
	{ .sel = "{matchLabels: {app: a}}",
	  .labels = "{app: b}",
	  .match = false },
	{ .sel =
	      "{matchExpressions: [{key: app, operator: In, values: [a, b]}]}",
	  .labels = "{app: b}",
	  .match = true },
	{ .sel =
	      "{matchExpressions: [{key: app, operator: In, values: [a, b]}]}",
	  .labels = "{app: c}",
	  .match = false },
	{ .sel =
	      "{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}",
	  .labels = "{tier: x}",
	  .match = true },
	{ .sel = "{matchExpressions: [{key: app, operator: Exists}]}",
	  .labels = "{tier: x}",
	  .match = false },
	{ .sel = "{matchExpressions: [{key: app, operator: DoesNotExist}]}",
	  .labels = "{tier: x}",
	  .match = true },
	{ .sel =
	      "{matchLabels: {app: a}, matchExpressions: [{key: t, operator: "
	      "Exists}]}",
	  .labels = "{app: a}",
	  .match = false },
	{ .sel = "{matchExpressions: [{key: app, operator: Bogus}]}",
	  .labels = "{app: a}",
	  .match = false },
};

START_TEST(test_selectors)
{
	struct arena *a = arena_new();
	struct diag d;
	struct node *sel = load_tree_for_test(a, selector_cases[_i].sel, &d);
	struct node *labels =
	    load_tree_for_test(a, selector_cases[_i].labels, &d);

	ck_assert_ptr_nonnull(sel);
	ck_assert_ptr_nonnull(labels);
	ck_assert_msg(selector_matches(sel, labels) == selector_cases[_i].match,
		      "case %d", _i);
	arena_free(a);
}
END_TEST

START_TEST(test_selector_map)
{
	struct arena *a = arena_new();
	struct diag d;
	struct node *labels = load_tree_for_test(a, "{app: a, tier: web}", &d);

	ck_assert(selector_map_matches(load_tree_for_test(a, "{app: a}", &d),
				       labels));
	ck_assert(!selector_map_matches(load_tree_for_test(a, "{app: b}", &d),
					labels));
	ck_assert(
	    !selector_map_matches(load_tree_for_test(a, "{}", &d), labels));
	ck_assert(!selector_map_matches(NULL, labels));
	arena_free(a);
}
END_TEST

static const struct check fake_check = {
	.id = "fake-check",
	.title = "fake",
	.severity = SEV_MEDIUM,
};

START_TEST(test_fingerprints)
{
	struct scan *s = tu_scan_text(owned_yaml);
	struct findings f;
	const struct kobj *dep =
	    inventory_find(s->inv, "Deployment", "shop", "web");
	struct finding *a, *b, *c;
	char fa[33];

	findings_init(&f, s->arena);
	a = finding_add(&f, &fake_check, dep, "app", "msg %d", 1);
	finding_evidence(&f, a, NULL, "spec.x", "true");
	b = finding_add(&f, &fake_check, dep, "app", "other text");
	finding_evidence(&f, b, NULL, "spec.x", "false");
	c = finding_add(&f, &fake_check, dep, "app", "msg");
	finding_evidence(&f, c, NULL, "spec.y", "true");
	c->severity = SEV_HIGH;
	findings_finish(&f);
	ck_assert_uint_eq(strlen(finding_fp(a)), 32);
	/* message and value do not matter; the evidence path does */
	ck_assert_str_eq(finding_fp(a), finding_fp(b));
	ck_assert_str_ne(finding_fp(a), finding_fp(c));
	ck_assert_ptr_eq(f.v[0], c); /* higher severity first */
	strcpy(fa, finding_fp(a));
	findings_finish(&f);
	ck_assert_str_eq(fa, finding_fp(a));
	ck_assert_str_eq(a->message, "msg 1");
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* With no object read, no check may report "passed". */
START_TEST(test_empty_input_not_visible)
{
	struct scan *s = tu_scan_text("apiVersion: v1\nkind: Pod\n");
	struct check_result *r;
	struct findings f;
	size_t n, i;

	ck_assert_uint_eq(inventory_size(s->inv), 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &r, &n),
			 0);
	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(r[i].status, CHECK_NOT_VISIBLE);
		ck_assert_str_eq(r[i].why, "no objects were read");
	}
	ck_assert_uint_eq(f.n, 0);
	free(r);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/*
 * kind_is_cluster_scoped finds every built-in cluster-scoped kind (its
 * table is searched by bisection, so one out of order would go missing)
 * and nothing else: no namespaced kind, prefix, longer name or list syntax.
 */
START_TEST(test_cluster_scoped_kinds)
{
	static const char *const scoped[] = {
		"APIService",
		"CSIDriver",
		"CSINode",
		"CertificateSigningRequest",
		"ClusterRole",
		"ClusterRoleBinding",
		"ClusterTrustBundle",
		"ComponentStatus",
		"CustomResourceDefinition",
		"DeviceClass",
		"FlowSchema",
		"IPAddress",
		"IngressClass",
		"MutatingAdmissionPolicy",
		"MutatingAdmissionPolicyBinding",
		"MutatingWebhookConfiguration",
		"Namespace",
		"Node",
		"PersistentVolume",
		"PodSecurityPolicy",
		"PriorityClass",
		"PriorityLevelConfiguration",
		"ResourceSlice",
		"RuntimeClass",
		"ServiceCIDR",
		"StorageClass",
		"StorageVersionMigration",
		"ValidatingAdmissionPolicy",
		"ValidatingAdmissionPolicyBinding",
		"ValidatingWebhookConfiguration",
		"VolumeAttachment",
		"VolumeAttributesClass",
	};
	static const char *const not_scoped[] = {
		"",
		"Pod",
		"Service",
		"Role",
		"RoleBinding",
		"Nod",
		"Nodes",
		"node",
		"Node|",
		"|Node|",
		"ClusterRole|Node",
		"Secret",
		"Aaaa",
		"Zzzz",
		"ConfigMap",
		"A",
	};
	size_t i;

	for (i = 0; i < sizeof(scoped) / sizeof(scoped[0]); i++) {
		ck_assert_msg(kind_is_cluster_scoped(scoped[i]), "%s",
			      scoped[i]);
		if (i)
			ck_assert_msg(strcmp(scoped[i - 1], scoped[i]) < 0,
				      "order at %s", scoped[i]);
	}
	for (i = 0; i < sizeof(not_scoped) / sizeof(not_scoped[0]); i++)
		ck_assert_msg(!kind_is_cluster_scoped(not_scoped[i]), "%s",
			      not_scoped[i]);
}
END_TEST

/*
 * A List of Deployments, their ReplicaSets and Pods (owners by uid, by
 * name only, by a uid of 300 bytes, a Pod before its ReplicaSet), identical copies and variants, as inventory_finish_threads()
 * leaves it on threads threads: each object with its index, owner, pods
 * and tree (the loader's transient nodes gone), the pod views, the
 * warnings and the copies dropped.
 */
static char *finished_digest(const char *path, unsigned threads)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };
	struct sbuf sb = SBUF_INIT;
	const struct pod_view *pv;
	const struct diag_list *w;
	size_t i, n;

	ck_assert_int_eq(load_file(a, inv, path, NULL, &errs), 1749);
	ck_assert_uint_eq(errs.n, 0);
	inventory_finish_threads(inv, threads);
	for (i = 0; i < inventory_size(inv); i++) {
		const struct kobj *o = inventory_object(inv, i);

		ck_assert_uint_eq(o->index, i);
		sbuf_addf(&sb, "%zu %s %s/%s owner %d pods %u\n", i, o->kind,
			  kobj_ns(o), o->name,
			  o->owner ? (int)o->owner->index : -1, o->pods);
		tu_dump_tree(&sb, o->root, 1);
	}
	pv = inventory_pods(inv, &n);
	for (i = 0; i < n; i++)
		sbuf_addf(&sb, "view %u %s\n", pv[i].obj->index,
			  pv[i].spec_path);
	w = inventory_warnings(inv);
	for (i = 0; i < w->n; i++)
		sbuf_addf(&sb, "warning %u %s\n", w->v[i].line, w->v[i].msg);
	sbuf_addf(&sb, "repeated %zu\n", inventory_repeated(inv));
	inventory_free(inv);
	diag_list_release(&errs);
	arena_free(a);
	return sbuf_detach(&sb, NULL);
}

static void add_workload(struct sbuf *sb, const char *api, const char *kind,
			 const char *name, const char *uid, const char *owner,
			 const char *owner_name, const char *owner_uid,
			 const char *image)
{
	sbuf_addf(sb,
		  "{\"apiVersion\":\"%s\",\"kind\":\"%s\",\"metadata\":"
		  "{\"name\":\"%s\",\"namespace\":\"ns\"",
		  api, kind, name);
	if (uid)
		sbuf_addf(sb, ",\"uid\":\"%s\"", uid);
	if (owner) {
		sbuf_addf(sb,
			  ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
			  "\"kind\":\"%s\",\"name\":\"%s\",\"controller\":true",
			  owner, owner_name);
		if (owner_uid)
			sbuf_addf(sb, ",\"uid\":\"%s\"", owner_uid);
		sbuf_adds(sb, "}]");
	}
	if (!strcmp(kind, "Pod"))
		sbuf_addf(sb,
			  "},\"spec\":{\"containers\":[{\"name\":\"c\","
			  "\"image\":\"%s\"}]}},",
			  image);
	else
		sbuf_addf(sb,
			  "},\"spec\":{\"template\":{\"spec\":{\"containers\":"
			  "[{\"name\":\"c\",\"image\":\"%s\"}]}}}},",
			  image);
}

START_TEST(test_finish_threads)
{
	struct sbuf sb = SBUF_INIT;
	char path[64], d[32], r[32], p[48], du[400], ru[32];
	char *one, *two, *four;
	size_t i;
	FILE *f;

	sbuf_adds(&sb, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
	for (i = 0; i < 400; i++) {
		snprintf(d, sizeof(d), "d%zu", i);
		snprintf(r, sizeof(r), "r%zu", i);
		/* every ninth uid a long one */
		if (i % 9 == 4) {
			memset(du, 'u', 300);
			snprintf(du + 300, sizeof(du) - 300, "-%zu", i);
		} else {
			snprintf(du, sizeof(du), "du%zu", i);
		}
		snprintf(ru, sizeof(ru), "ru%zu", i);
		/* a Pod before its ReplicaSet */
		if (i % 13 == 0) {
			snprintf(p, sizeof(p), "early%zu", i);
			add_workload(&sb, "v1", "Pod", p, NULL, "ReplicaSet", r,
				     ru, "nginx");
		}
		add_workload(&sb, "apps/v1", "Deployment", d, du, NULL, NULL,
			     NULL, "nginx");
		add_workload(&sb, "apps/v1", "ReplicaSet", r, ru, "Deployment",
			     d, du, "nginx");
		if (i % 5 == 0) /* an identical copy, dropped */
			add_workload(&sb, "apps/v1", "Deployment", d, du, NULL,
				     NULL, NULL, "nginx");
		if (i % 11 == 0) /* a variant, kept */
			add_workload(&sb, "apps/v1", "Deployment", d, du, NULL,
				     NULL, NULL, "redis");
		snprintf(p, sizeof(p), "%s-a", r);
		add_workload(&sb, "v1", "Pod", p, NULL, "ReplicaSet", r, ru,
			     "nginx");
		/* by name only */
		snprintf(p, sizeof(p), "%s-b", r);
		add_workload(&sb, "v1", "Pod", p, NULL, "ReplicaSet", r,
			     i % 7 ? ru : NULL, "nginx");
	}
	sbuf_adds(&sb, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
		       "\"metadata\":{\"name\":\"ns\"}}]}");
	snprintf(path, sizeof(path), "/tmp/threatmap-finish-%ld.json",
		 (long)getpid());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(sb.buf, 1, sb.len, f), sb.len);
	fclose(f);
	one = finished_digest(path, 1);
	two = finished_digest(path, 2);
	four = finished_digest(path, 4);
	unlink(path);
	ck_assert_str_eq(one, two);
	ck_assert_str_eq(one, four);
	/* owners by uid, the long one and by name; pods counted on the top */
	ck_assert_ptr_nonnull(strstr(one, "ReplicaSet ns/r4 owner "));
	ck_assert_ptr_null(strstr(one, "ReplicaSet ns/r4 owner -1"));
	ck_assert_ptr_nonnull(strstr(one, "Deployment ns/d1 owner -1 pods 2"));
	ck_assert_ptr_nonnull(strstr(one, "Deployment ns/d13 owner -1 pods 3"));
	ck_assert_ptr_nonnull(strstr(one, "repeated 80\n"));
	ck_assert_ptr_nonnull(strstr(one, "other contents: both judged"));
	ck_assert_ptr_null(strstr(one, "ownerReferences"));
	free(one);
	free(two);
	free(four);
	sbuf_release(&sb);
}
END_TEST

Suite *suite_inventory(void)
{
	Suite *s = suite_create("inventory");
	TCase *tc = tcase_create("inventory");

	tcase_add_test(tc, test_owner_folding);
	tcase_add_test(tc, test_owner_uid_clash);
	tcase_add_test(tc, test_namespaces);
	tcase_add_test(tc, test_find_many);
	tcase_add_test(tc, test_kobj_packed);
	tcase_add_loop_test(tc, test_bad_objects, 0,
			    sizeof(bad_objects) / sizeof(bad_objects[0]));
	tcase_add_test(tc, test_custom_resources_kept);
	tcase_add_test(tc, test_forbidden);
	tcase_add_loop_test(tc, test_selectors, 0,
			    sizeof(selector_cases) / sizeof(selector_cases[0]));
	tcase_add_test(tc, test_selector_map);
	tcase_add_test(tc, test_fingerprints);
	tcase_add_test(tc, test_empty_input_not_visible);
	tcase_add_test(tc, test_cluster_scoped_kinds);
	tcase_add_test(tc, test_finish_threads);
	suite_add_tcase(s, tc);
	return s;
}
