/*
 * A subject that is effectively cluster-admin, or holds "*" on "*", is
 * reported once; the per-permission checks whose grants that finding
 * explains have no finding of their own for it.  They still failed: their
 * result says so ("failed", folded > 0) and the techniques they cover are
 * exposed, so a compliance report never calls CoreDNS poisoning clean
 * while a subject may rewrite the coredns ConfigMap.  System and bootstrap
 * subjects, which no check reports, fold nothing.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "scan.h"
#include "score.h"
#include "testutil.h"

struct frun {
	struct scan *s;
	struct findings f;
	struct check_result *res;
	size_t nres;
	struct score sc;
};

static void frun(struct frun *r, const char *text)
{
	r->s = tu_scan_text(text);
	ck_assert_uint_eq(r->s->errors.n, 0);
	findings_init(&r->f, r->s->arena);
	ck_assert_int_eq(scan_run(r->s, check_registry, NULL, NULL, &r->f,
				  &r->res, &r->nres),
			 0);
	ck_assert_int_eq(score_compute(&r->sc, r->res, r->nres, &r->f), 0);
}

static void frelease(struct frun *r)
{
	score_release(&r->sc);
	findings_release(&r->f);
	free(r->res);
	scan_free(r->s);
}

static const struct check_result *result(const struct frun *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nres; i++)
		if (!strcmp(r->res[i].check->id, id))
			return &r->res[i];
	ck_abort_msg("no result for %s", id);
	return NULL;
}

#define BINDING(kind, name, role)                                              \
	"---\napiVersion: rbac.authorization.k8s.io/v1\n"                      \
	"kind: ClusterRoleBinding\nmetadata: {name: " name "}\n"               \
	"subjects: [{kind: " kind ", name: " name                              \
	", apiGroup: rbac.authorization.k8s.io}]\n"                            \
	"roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "   \
	"name: " role "}\n"

/* update on everything: webhook writes make the group cluster-admin */
static const char update_all[] =
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
    "metadata: {name: updater}\n"
    "rules: [{apiGroups: ['*'], resources: ['*'], verbs: [update]}]\n" BINDING(
	"Group", "release-managers", "updater");

START_TEST(test_folded_into_webhooks)
{
	struct frun r;
	const struct check_result *c;
	const struct score_technique *t;

	frun(&r, update_all);
	c = result(&r, "rbac-webhooks");
	ck_assert_int_eq(c->status, CHECK_FAILED);
	ck_assert_uint_eq(c->findings, 1);
	ck_assert_uint_eq(c->folded, 0);
	c = result(&r, "rbac-coredns");
	ck_assert_int_eq(c->status, CHECK_FAILED);
	ck_assert_uint_eq(c->findings, 0);
	ck_assert_uint_eq(c->folded, 1);
	ck_assert_ptr_nonnull(c->why);
	ck_assert_ptr_nonnull(strstr(c->why, "reported once"));
	/* CoreDNS poisoning: exposed at the check's severity, not clean */
	t = score_technique(&r.sc, "MS-TA9035");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->status, TECH_EXPOSED);
	ck_assert_int_eq(t->folded, SEV_HIGH);
	ck_assert_uint_eq(t->findings, 0);
	/* update grants no read, no create: those stay passed */
	ck_assert_int_eq(result(&r, "rbac-read-secrets")->status, CHECK_PASSED);
	frelease(&r);
}
END_TEST

/* "*" on "*" under another name: the wildcard check's finding */
START_TEST(test_folded_into_wildcard)
{
	static const char text[] =
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: everything}\n"
	    "rules: [{apiGroups: ['*'], resources: ['*'], verbs: "
	    "['*']}]\n" BINDING("User", "ops-lead", "everything");
	struct frun r;
	size_t i;

	frun(&r, text);
	ck_assert_uint_ge(result(&r, "rbac-cluster-admin-equivalent")->findings,
			  1);
	for (i = 0; i < r.nres; i++) {
		const struct check_result *c = &r.res[i];

		if (strncmp(c->check->id, "rbac-", 5) || c->findings)
			continue;
		if (!strcmp(c->check->id, "rbac-read-secrets") ||
		    !strcmp(c->check->id, "rbac-exec") ||
		    !strcmp(c->check->id, "rbac-coredns"))
			ck_assert_msg(c->status == CHECK_FAILED && c->folded,
				      "%s: %s, folded %zu", c->check->id,
				      check_status_name(c->status), c->folded);
	}
	frelease(&r);
}
END_TEST

/* the bootstrap cluster-admin binding of system:masters folds nothing */
START_TEST(test_bootstrap_folds_nothing)
{
	static const char text[] =
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: cluster-admin, labels: "
	    "{kubernetes.io/bootstrapping: rbac-defaults}}\n"
	    "rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}, "
	    "{nonResourceURLs: ['*'], verbs: ['*']}]\n"
	    "---\napiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: ClusterRoleBinding\nmetadata: {name: cluster-admin, "
	    "labels: {kubernetes.io/bootstrapping: rbac-defaults}}\n"
	    "subjects: [{kind: Group, name: 'system:masters', "
	    "apiGroup: rbac.authorization.k8s.io}]\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "
	    "name: cluster-admin}\n";
	struct frun r;
	size_t i;

	frun(&r, text);
	for (i = 0; i < r.nres; i++)
		ck_assert_msg(!r.res[i].folded, "%s folded %zu",
			      r.res[i].check->id, r.res[i].folded);
	ck_assert_int_eq(result(&r, "rbac-coredns")->status, CHECK_PASSED);
	frelease(&r);
}
END_TEST

Suite *suite_folded(void)
{
	Suite *s = suite_create("folded");
	TCase *tc = tcase_create("folded");

	tcase_add_test(tc, test_folded_into_webhooks);
	tcase_add_test(tc, test_folded_into_wildcard);
	tcase_add_test(tc, test_bootstrap_folds_nothing);
	suite_add_tcase(s, tc);
	return s;
}
