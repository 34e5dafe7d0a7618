/* Exceptions: parsing errors with positions, matching, expiry, filters. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "report_fixture.h"
#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "render/render.h"
#include "scan.h"
#include "score.h"
#include "testutil.h"

/* One exception entry at line (keys on following lines), in a document. */
static struct node *doc(struct arena *a, struct node *entry)
{
	return fx_map(a, 1, 1, "exceptions", fx_list(a, 2, 3, entry, NULL),
		      NULL);
}

static struct node *entry(struct arena *a, const char *checks, const char *ns,
			  const char *name, const char *reason,
			  const char *expires)
{
	struct node *e = node_new_object(a, 2, 5, 5);

	node_add_str(a, e, "checks", fx_str(a, checks, 2, 13));
	node_add_str(a, e, "reason", fx_str(a, reason, 3, 13));
	if (ns)
		node_add_str(a, e, "namespace", fx_str(a, ns, 4, 16));
	if (name)
		node_add_str(a, e, "name", fx_str(a, name, 5, 11));
	if (expires)
		node_add_str(a, e, "expires", fx_str(a, expires, 6, 14));
	return e;
}

static int load_one(struct policy *p, struct arena *a, struct node *e,
		    struct diag *d, char *msg, size_t n)
{
	int rc = policy_load_tree(p, a, "exc.yaml", doc(a, e), d);

	diag_format(d, msg, n);
	return rc;
}

START_TEST(test_parse_ok)
{
	struct arena *a = arena_new();
	struct policy *p = policy_new();
	const struct policy_exception *e;
	struct diag d = { 0 };
	char msg[600];

	ck_assert_int_eq(load_one(p, a,
				  entry(a, "test-privileged", "kube-.*", NULL,
					"CNI", "2026-12-31"),
				  &d, msg, sizeof(msg)),
			 0);
	ck_assert_uint_eq(policy_count(p), 1);
	e = policy_at(p, 0);
	ck_assert_str_eq(e->checks[0], "test-privileged");
	ck_assert_ptr_null(e->checks[1]);
	ck_assert_str_eq(e->ns_pattern, "kube-.*");
	ck_assert_str_eq(e->name_pattern, ".*");
	ck_assert_str_eq(e->expires, "2026-12-31");
	ck_assert_str_eq(e->reason, "CNI");
	ck_assert_uint_eq(e->line, 2);
	policy_free(p);
	arena_free(a);
}
END_TEST

START_TEST(test_parse_errors)
{
	struct arena *a = arena_new();
	struct policy *p = policy_new();
	struct node *e;
	struct diag d = { 0 };
	char msg[600];

	/* bad regular expression: PCRE2's message and offset, at the node */
	ck_assert_int_eq(
	    load_one(p, a, entry(a, "*", "kube-(system", NULL, "r", NULL), &d,
		     msg, sizeof(msg)),
	    DIAG_CONFIG);
	ck_assert_msg(strstr(msg, "exc.yaml:4:16: bad regular expression "
				  "'kube-(system': missing closing parenthesis "
				  "at offset 12"),
		      "%s", msg);
	/* impossible date */
	ck_assert_int_eq(load_one(p, a,
				  entry(a, "*", NULL, NULL, "r", "2026-02-30"),
				  &d, msg, sizeof(msg)),
			 DIAG_CONFIG);
	ck_assert_msg(strstr(msg, "exc.yaml:6:14: bad date '2026-02-30'"), "%s",
		      msg);
	ck_assert_int_eq(load_one(p, a,
				  entry(a, "*", NULL, NULL, "r", "31.12.2026"),
				  &d, msg, sizeof(msg)),
			 DIAG_CONFIG);
	/* empty reason */
	ck_assert_int_eq(load_one(p, a, entry(a, "*", NULL, NULL, "", NULL), &d,
				  msg, sizeof(msg)),
			 DIAG_CONFIG);
	ck_assert_msg(strstr(msg, "exc.yaml:3:13: expected 'reason' to be a "
				  "non-empty string"),
		      "%s", msg);
	/* missing reason */
	e = fx_map(a, 2, 5, "checks", fx_str(a, "*", 2, 13), NULL);
	ck_assert_int_eq(load_one(p, a, e, &d, msg, sizeof(msg)), DIAG_CONFIG);
	ck_assert_msg(strstr(msg, "exc.yaml:2:5: exception has no 'reason'"),
		      "%s", msg);
	/* unknown key */
	e = fx_map(a, 2, 5, "checks", fx_str(a, "*", 2, 13), "reason",
		   fx_str(a, "r", 3, 13), "namspace", fx_str(a, "x", 4, 15),
		   NULL);
	ck_assert_int_eq(load_one(p, a, e, &d, msg, sizeof(msg)), DIAG_CONFIG);
	ck_assert_msg(strstr(msg, "exc.yaml:4:15: unknown key 'namspace'"),
		      "%s", msg);
	/* missing checks */
	e = fx_map(a, 2, 5, "reason", fx_str(a, "r", 3, 13), NULL);
	ck_assert_int_eq(load_one(p, a, e, &d, msg, sizeof(msg)), DIAG_CONFIG);
	ck_assert_msg(strstr(msg, "exception has no 'checks'"), "%s", msg);
	/* wrong top level */
	ck_assert_int_eq(policy_load_tree(p, a, "exc.yaml",
					  fx_map(a, 1, 1, "exception",
						 fx_list(a, 2, 3, NULL), NULL),
					  &d),
			 DIAG_CONFIG);
	ck_assert_str_eq(d.msg, "unknown key 'exception' at the top level "
				"(expected 'exceptions')");
	/* nothing was added by the failing loads */
	ck_assert_uint_eq(policy_count(p), 0);
	policy_free(p);
	arena_free(a);
}
END_TEST

START_TEST(test_dates)
{
	ck_assert(policy_date_valid("2024-02-29"));
	ck_assert(!policy_date_valid("2023-02-29"));
	ck_assert(!policy_date_valid("1900-02-29"));
	ck_assert(policy_date_valid("2000-02-29"));
	ck_assert(!policy_date_valid("2026-13-01"));
	ck_assert(!policy_date_valid("2026-04-31"));
	ck_assert(!policy_date_valid("2026-4-01"));
	ck_assert(!policy_date_valid("2026-04-01x"));
	ck_assert(!policy_date_valid(""));
}
END_TEST

START_TEST(test_regex_anchored)
{
	struct diag d;
	struct policy_re *re = policy_re_new("kube", NULL, 0, 0, &d);

	ck_assert_ptr_nonnull(re);
	ck_assert(policy_re_match(re, "kube"));
	ck_assert(!policy_re_match(re, "kube-system"));
	ck_assert(!policy_re_match(re, "my-kube"));
	policy_re_free(re);
	re = policy_re_new("kube-.*|default", NULL, 0, 0, &d);
	ck_assert(policy_re_match(re, "kube-system"));
	ck_assert(policy_re_match(re, "default"));
	ck_assert(!policy_re_match(re, "defaults"));
	ck_assert(!policy_re_match(re, "a-kube-system"));
	policy_re_free(re);
	ck_assert_ptr_null(policy_re_new("a{2,1}", "f", 1, 1, &d));
	ck_assert_int_eq(d.code, DIAG_CONFIG);
}
END_TEST

static size_t count_suppressed(const struct findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->v[i]->suppressed_by != NULL;
	return n;
}

START_TEST(test_apply_and_expiry)
{
	struct policy *p = policy_new();
	const struct policy_exception *e;
	struct diag d = { 0 };
	struct fx x;
	char msg[600];

	fx_build(&x, "manifests");
	ck_assert_int_eq(
	    load_one(p, x.scan->arena,
		     entry(x.scan->arena, "test-hostpath", "kube-system",
			   "calico-.*", "CNI needs it", "2026-06-30"),
		     &d, msg, sizeof(msg)),
	    0);
	ck_assert_int_eq(policy_apply(p, &x.f, "2026-06-30", &d), 1);
	ck_assert_uint_eq(count_suppressed(&x.f), 1);
	e = policy_at(p, 0);
	ck_assert(!e->expired);
	ck_assert_uint_eq(e->matched, 1);
	ck_assert_uint_eq(policy_expired_count(p), 0);
	/* the day after expiry the exception stops applying */
	ck_assert_int_eq(policy_apply(p, &x.f, "2026-07-01", &d), 0);
	ck_assert_uint_eq(count_suppressed(&x.f), 0);
	ck_assert(e->expired);
	ck_assert_uint_eq(e->matched, 1); /* would have matched */
	ck_assert_uint_eq(policy_expired_count(p), 1);
	/* no date given: nothing expires */
	ck_assert_int_eq(policy_apply(p, &x.f, NULL, &d), 1);
	ck_assert_int_lt(policy_apply(p, &x.f, "tomorrow", &d), 0);
	policy_free(p);
	fx_free(&x);
}
END_TEST

START_TEST(test_kind_container_and_wildcard)
{
	struct policy *p = policy_new();
	struct arena *a;
	struct diag d = { 0 };
	struct node *e;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	a = x.scan->arena;
	/* kind must match exactly: Pod is not Deployment */
	e = fx_map(a, 2, 5, "checks",
		   fx_list(a, 2, 13, fx_str(a, "test-privileged", 2, 14), NULL),
		   "kind", fx_str(a, "Pod", 3, 11), "reason",
		   fx_str(a, "r", 4, 13), "name", fx_str(a, "web", 5, 11),
		   NULL);
	ck_assert_int_eq(policy_load_tree(p, a, "e.yaml", doc(a, e), &d), 0);
	ck_assert_int_eq(policy_apply(p, &x.f, "2026-01-01", &d), 0);
	policy_free(p);
	/* container must match exactly */
	p = policy_new();
	e = fx_map(a, 2, 5, "checks", fx_str(a, "*", 2, 13), "container",
		   fx_str(a, "app", 3, 16), "reason", fx_str(a, "r", 4, 13),
		   NULL);
	ck_assert_int_eq(policy_load_tree(p, a, "e.yaml", doc(a, e), &d), 0);
	ck_assert_int_eq(policy_apply(p, &x.f, "2026-01-01", &d), 1);
	for (i = 0; i < x.f.n; i++)
		if (x.f.v[i]->suppressed_by)
			ck_assert_str_eq(x.f.v[i]->container, "app");
	policy_free(p);
	/* "*" with default patterns suppresses everything */
	p = policy_new();
	e = fx_map(a, 2, 5, "checks", fx_str(a, "*", 2, 13), "reason",
		   fx_str(a, "all", 4, 13), NULL);
	ck_assert_int_eq(policy_load_tree(p, a, "e.yaml", doc(a, e), &d), 0);
	ck_assert_int_eq(policy_apply(p, &x.f, NULL, &d), (int)x.f.n);
	ck_assert_ptr_nonnull(policy_match(p, x.f.v[0]));
	ck_assert_str_eq(policy_match(p, x.f.v[0])->reason, "all");
	/* suppressed findings stay in the list */
	ck_assert_uint_eq(x.f.n, 5);
	policy_free(p);
	fx_free(&x);
}
END_TEST

/*
 * An exception written for a pod template's controller applies to the
 * finding, which the inventory reports on the Deployment, not on the Pod
 * or ReplicaSet it owns.
 */
START_TEST(test_exception_on_controller)
{
	struct scan *s = scan_new();
	struct arena *a = s->arena;
	struct policy *p = policy_new();
	const struct pod_view *pv;
	struct node *ctl, *refs;
	struct findings f;
	struct diag d = { 0 };
	struct node *e;
	size_t n, i;

	fx_object(s, "app.yaml", 1, "apps/v1", "Deployment", "shop", "web");
	ctl = node_new(a, NODE_BOOL, 9, 20);
	ctl->b = true;
	refs = fx_list(a, 8, 5,
		       fx_map(a, 8, 7, "kind", fx_str(a, "Deployment", 8, 13),
			      "name", fx_str(a, "web", 9, 13), "controller",
			      ctl, NULL),
		       NULL);
	inventory_add(
	    s->inv, "app.yaml",
	    fx_map(a, 20, 1, "apiVersion", fx_str(a, "apps/v1", 20, 13), "kind",
		   fx_str(a, "ReplicaSet", 21, 7), "metadata",
		   fx_map(a, 22, 3, "name", fx_str(a, "web-5d8f", 22, 9),
			  "namespace", fx_str(a, "shop", 23, 14),
			  "ownerReferences", refs, NULL),
		   NULL),
	    &d);
	refs = fx_list(a, 38, 5,
		       fx_map(a, 38, 7, "kind", fx_str(a, "ReplicaSet", 38, 13),
			      "name", fx_str(a, "web-5d8f", 39, 13),
			      "controller", ctl, NULL),
		       NULL);
	inventory_add(
	    s->inv, "app.yaml",
	    fx_map(a, 30, 1, "apiVersion", fx_str(a, "v1", 30, 13), "kind",
		   fx_str(a, "Pod", 31, 7), "metadata",
		   fx_map(a, 32, 3, "name", fx_str(a, "web-5d8f-x1", 32, 9),
			  "namespace", fx_str(a, "shop", 33, 14),
			  "ownerReferences", refs, NULL),
		   NULL),
	    &d);
	scan_finish_input(s);

	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(pv[0].obj->kind, "Deployment");
	ck_assert_uint_eq(pv[0].obj->pods, 1);
	findings_init(&f, a);
	for (i = 0; i < n; i++)
		finding_add(&f, &fx_check_priv, pv[i].obj, "app", "privileged");
	findings_finish(&f);

	e = fx_map(a, 2, 5, "checks", fx_str(a, "test-privileged", 2, 13),
		   "kind", fx_str(a, "Deployment", 3, 11), "namespace",
		   fx_str(a, "shop", 4, 16), "name", fx_str(a, "web", 5, 11),
		   "reason", fx_str(a, "debug build, removed in Q1", 6, 13),
		   NULL);
	ck_assert_int_eq(policy_load_tree(p, a, "e.yaml", doc(a, e), &d), 0);
	ck_assert_int_eq(policy_apply(p, &f, "2026-01-01", &d), 1);
	ck_assert_str_eq(f.v[0]->suppressed_by, "debug build, removed in Q1");
	policy_free(p);
	findings_release(&f);
	scan_free(s);
}
END_TEST

START_TEST(test_filters)
{
	struct diag d;
	struct policy_re *re = policy_re_new("kube-.*", NULL, 0, 0, &d);
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	ck_assert_uint_eq(policy_exclude_namespaces(&x.f, re), 1);
	ck_assert_uint_eq(x.f.n, 4);
	for (i = 0; i < x.f.n; i++)
		ck_assert_str_ne(kobj_ns(x.f.v[i]->obj), "kube-system");
	ck_assert_uint_eq(policy_min_severity(&x.f, SEV_CRITICAL), 2);
	ck_assert_uint_eq(x.f.n, 2);
	for (i = 0; i < x.f.n; i++)
		ck_assert_int_eq(x.f.v[i]->severity, SEV_CRITICAL);
	ck_assert_uint_eq(policy_min_severity(&x.f, SEV_NONE), 0);
	ck_assert_uint_eq(policy_exclude_namespaces(&x.f, NULL), 0);
	policy_re_free(re);
	fx_free(&x);
}
END_TEST

/* Load an exceptions file from testdata/exceptions into p. */
static int load_file(struct policy *p, struct arena *a, const char *name,
		     char *msg, size_t n)
{
	char path[256];
	struct diag d = { 0 };
	size_t len = 0;
	char *buf;
	int rc;

	snprintf(path, sizeof(path), "testdata/exceptions/%s", name);
	buf = tu_read_file(path, &len);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	rc = policy_load(p, a, path, buf, len, &d);
	diag_format(&d, msg, n);
	free(buf);
	return rc;
}

static const struct {
	const char *file;
	const char *want; /* prefix of the formatted diag */
} bad_files[] = {
	{ .file = "unknown-key.yaml",
	  .want = "testdata/exceptions/unknown-key.yaml:3:15: "
		  "unknown key 'namspace' in exception" },
	{ .file = "missing-reason.yaml",
	  .want = "testdata/exceptions/missing-reason.yaml:2:"
		  "5: exception has no 'reason'" },
	{ .file = "bad-regex.yaml",
	  .want =
	      "testdata/exceptions/bad-regex.yaml:4:11: bad "
	      "regular expression 'web-(frontend': missing closing parenthesis "
	      "at offset 13" },
	{ .file = "bad-date.yaml",
	  .want = "testdata/exceptions/bad-date.yaml:4:14: bad date "
		  "'2026-02-29'" },
	{ .file = "not-a-list.yaml",
	  .want = "testdata/exceptions/not-a-list.yaml:2:3: "
		  "expected 'exceptions' to be a list" },
	{ .file = "duplicate-key.yaml",
	  .want = "testdata/exceptions/duplicate-key.yaml:4:5" },
};

START_TEST(test_file_errors)
{
	struct arena *a = arena_new();
	struct policy *p = policy_new();
	char msg[700];

	ck_assert_int_lt(load_file(p, a, bad_files[_i].file, msg, sizeof(msg)),
			 0);
	ck_assert_msg(
	    !strncmp(msg, bad_files[_i].want, strlen(bad_files[_i].want)),
	    "got: %s\nwant: %s", msg, bad_files[_i].want);
	ck_assert_uint_eq(policy_count(p), 0);
	policy_free(p);
	arena_free(a);
}
END_TEST

START_TEST(test_file_valid)
{
	struct arena *a = arena_new();
	struct policy *p = policy_new();
	const struct policy_exception *e;
	char msg[700];

	ck_assert_msg(load_file(p, a, "valid.yaml", msg, sizeof(msg)) == 0,
		      "%s", msg);
	ck_assert_uint_eq(policy_count(p), 3);
	e = policy_at(p, 0);
	ck_assert_str_eq(e->checks[1], "sensitive-hostpath");
	ck_assert_str_eq(e->kind, "DaemonSet");
	ck_assert_str_eq(e->expires, "2027-03-31");
	ck_assert_str_eq(e->owner, "platform-team");
	ck_assert_uint_eq(e->line, 3);
	ck_assert_ptr_null(policy_at(p, 1)->checks);
	ck_assert_str_eq(policy_at(p, 2)->container, "debug");
	policy_free(p);
	arena_free(a);
}
END_TEST

/* The same controller rule, end to end from YAML text. */
START_TEST(test_controller_yaml)
{
	static const char manifests[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: web, namespace: shop, uid: d1}\n"
	    "spec:\n  template:\n    spec:\n      containers:\n"
	    "        - name: app\n          image: nginx\n---\n"
	    "apiVersion: apps/v1\nkind: ReplicaSet\n"
	    "metadata:\n  name: web-5d8f\n  namespace: shop\n  uid: r1\n"
	    "  ownerReferences:\n    - {kind: Deployment, name: web, uid: d1,"
	    " controller: true}\n---\n"
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata:\n  name: web-5d8f-x1\n  namespace: shop\n"
	    "  ownerReferences:\n    - {kind: ReplicaSet, name: web-5d8f, "
	    "uid: r1, controller: true}\n"
	    "spec:\n  containers:\n    - name: app\n      image: nginx\n";
	static const char exc[] =
	    "exceptions:\n  - checks: [test-privileged]\n"
	    "    kind: Deployment\n    namespace: shop\n    name: web\n"
	    "    reason: accepted for the load test\n";
	struct scan *s = tu_scan_text(manifests);
	struct policy *p = policy_new();
	const struct pod_view *pv;
	struct findings f;
	struct diag d = { 0 };
	size_t n;

	ck_assert_uint_eq(s->errors.n, 0);
	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(pv[0].obj->kind, "Deployment");
	findings_init(&f, s->arena);
	finding_add(&f, &fx_check_priv, pv[0].obj, "app", "privileged");
	findings_finish(&f);
	ck_assert_int_eq(
	    policy_load(p, s->arena, "exc.yaml", exc, strlen(exc), &d), 0);
	ck_assert_int_eq(policy_apply(p, &f, "2026-11-23", &d), 1);
	ck_assert_str_eq(f.v[0]->suppressed_by, "accepted for the load test");
	policy_free(p);
	findings_release(&f);
	scan_free(s);
}
END_TEST

Suite *suite_policy(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, test_parse_ok);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_regex_anchored);
	tcase_add_test(tc, test_apply_and_expiry);
	tcase_add_test(tc, test_kind_container_and_wildcard);
	tcase_add_test(tc, test_exception_on_controller);
	tcase_add_test(tc, test_filters);
	tcase_add_loop_test(tc, test_file_errors, 0,
			    sizeof(bad_files) / sizeof(bad_files[0]));
	tcase_add_test(tc, test_file_valid);
	tcase_add_test(tc, test_controller_yaml);
	suite_add_tcase(s, tc);
	return s;
}
