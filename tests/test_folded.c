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
#include "diag.h"
#include "finding.h"
#include "policy.h"
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

/*
 * The same, with the exceptions file exc (YAML) applied before the score,
 * as triage does; every exception must suppress something.
 */
static void frun_exc(struct frun *r, const char *text, const char *exc)
{
	struct policy *p = policy_new();
	struct diag d = { 0 };
	char msg[512];

	r->s = tu_scan_text(text);
	ck_assert_uint_eq(r->s->errors.n, 0);
	findings_init(&r->f, r->s->arena);
	ck_assert_int_eq(scan_run(r->s, check_registry, NULL, NULL, &r->f,
				  &r->res, &r->nres),
			 0);
	if (policy_load(p, r->s->arena, "exc.yaml", exc, strlen(exc), &d)) {
		diag_format(&d, msg, sizeof(msg));
		ck_abort_msg("exceptions: %s", msg);
	}
	ck_assert_int_ge(policy_apply(p, &r->f, NULL, &d), 1);
	ck_assert_int_eq(score_compute(&r->sc, r->res, r->nres, &r->f), 0);
	policy_free(p);
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
		    !strcmp(c->check->id, "rbac-coredns") ||
		    !strcmp(c->check->id, "rbac-delete-data") ||
		    !strcmp(c->check->id, "rbac-service-status") ||
		    !strcmp(c->check->id, "rbac-create-pv") ||
		    !strcmp(c->check->id, "rbac-endpoints-write"))
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

/*
 * An exception on the finding the grants went to covers them too: the
 * check stays failed (it found them), but what it folded no longer
 * exposes its techniques, as a suppressed finding of its own would not.
 */
START_TEST(test_folded_suppressed_with_target)
{
	static const char exc[] =
	    "exceptions:\n"
	    "  - checks: [rbac-webhooks]\n"
	    "    kind: ClusterRoleBinding\n"
	    "    name: release-managers\n"
	    "    reason: release pipeline, reviewed each quarter\n";
	struct frun r;
	const struct check_result *c;
	const struct score_technique *t;

	frun_exc(&r, update_all, exc);
	c = result(&r, "rbac-coredns");
	ck_assert_int_eq(c->status, CHECK_FAILED);
	ck_assert_uint_eq(c->folded, 1);
	t = score_technique(&r.sc, "MS-TA9035");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->status, TECH_CLEAN);
	ck_assert_int_eq(t->folded, SEV_NONE);
	ck_assert_uint_ge(t->suppressed, 1);
	frelease(&r);
}
END_TEST

#define WILD_ROLE(ns)                                                          \
	"---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"          \
	"metadata: {name: everything, namespace: " ns "}\n"                    \
	"rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n"
#define WILD_BINDING(ns, name, user)                                           \
	"---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"   \
	"metadata: {name: " name ", namespace: " ns "}\n"                      \
	"subjects: [{kind: User, name: " user                                  \
	", apiGroup: rbac.authorization.k8s.io}]\n"                            \
	"roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, "          \
	"name: everything}\n"

/* the state of the technique rbac-exec folds into (Exec into container) */
static enum tech_status exec_state(const struct frun *r)
{
	const struct check_result *c = result(r, "rbac-exec");
	const struct score_technique *t;

	ck_assert_int_eq(c->status, CHECK_FAILED);
	ck_assert_uint_eq(c->findings, 0);
	ck_assert_uint_ge(c->folded, 1);
	t = score_technique(&r->sc, "MS-TA9006");
	ck_assert_ptr_nonnull(t);
	return t->status;
}

static const char exc_ana[] = "exceptions:\n"
			      "  - checks: [rbac-wildcard]\n"
			      "    namespace: payments\n"
			      "    name: ana-everything\n"
			      "    reason: on-call lead of the namespace\n";

/* "*" on "*" in a namespace: folded into rbac-wildcard's finding there */
START_TEST(test_folded_wildcard_suppressed)
{
	static const char one[] = WILD_ROLE("payments")
	    WILD_BINDING("payments", "ana-everything", "ana");
	struct frun r;

	frun(&r, one);
	ck_assert_uint_eq(result(&r, "rbac-wildcard")->findings, 1);
	ck_assert_int_eq(exec_state(&r), TECH_EXPOSED);
	frelease(&r);
	frun_exc(&r, one, exc_ana);
	ck_assert_int_eq(exec_state(&r), TECH_CLEAN);
	frelease(&r);
}
END_TEST

/* another subject's grant, not excepted, still exposes it */
START_TEST(test_folded_other_subject_live)
{
	static const char two[] = WILD_ROLE("payments")
	    WILD_BINDING("payments", "ana-everything", "ana")
		WILD_BINDING("payments", "bo-everything", "bo");
	struct frun r;

	frun_exc(&r, two, exc_ana);
	ck_assert_uint_eq(result(&r, "rbac-wildcard")->findings, 2);
	ck_assert_int_eq(exec_state(&r), TECH_EXPOSED);
	frelease(&r);
}
END_TEST

/*
 * One subject, "*" on "*" through two bindings: the exception covers the
 * grants of the binding it names, not those of the other.
 */
START_TEST(test_folded_other_binding_live)
{
	static const char two[] = WILD_ROLE("payments")
	    WILD_BINDING("payments", "ana-everything", "ana")
		WILD_ROLE("ledger") WILD_BINDING("ledger", "ana-ledger", "ana");
	struct frun r;

	frun_exc(&r, two, exc_ana);
	ck_assert_int_eq(exec_state(&r), TECH_EXPOSED);
	frelease(&r);
}
END_TEST

/*
 * A subject that is effectively cluster-admin is said once, by
 * rbac-cluster-admin-equivalent: its "*" on "*" in a namespace goes there
 * too (rbac-wildcard folds it), and so does an exception on it.
 */
START_TEST(test_folded_wildcard_into_subject)
{
	static const char text[] =
	    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	    "metadata: {name: all-of-it}\n"
	    "rules: [{apiGroups: ['*'], resources: ['*'], verbs: "
	    "['*']}]\n" BINDING("User", "ana", "all-of-it")
		WILD_ROLE("payments")
		    WILD_BINDING("payments", "ana-everything", "ana");
	static const char exc[] =
	    "exceptions:\n"
	    "  - checks: [rbac-cluster-admin-equivalent]\n"
	    "    name: ana\n"
	    "    reason: break-glass account\n";
	struct frun r;
	const struct check_result *c;

	frun(&r, text);
	c = result(&r, "rbac-wildcard");
	ck_assert_uint_eq(c->findings, 0);
	ck_assert_int_eq(c->status, CHECK_FAILED);
	ck_assert_uint_eq(c->folded, 1);
	ck_assert_int_eq(exec_state(&r), TECH_EXPOSED);
	frelease(&r);
	frun_exc(&r, text, exc);
	ck_assert_int_eq(exec_state(&r), TECH_CLEAN);
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
	tcase_add_test(tc, test_folded_suppressed_with_target);
	tcase_add_test(tc, test_folded_wildcard_suppressed);
	tcase_add_test(tc, test_folded_other_subject_live);
	tcase_add_test(tc, test_folded_other_binding_live);
	tcase_add_test(tc, test_folded_wildcard_into_subject);
	suite_add_tcase(s, tc);
	return s;
}
