/*
 * test_identity_review.c - service account tokens and RBAC subjects as the
 * API server sees them: which projected tokens open an API session, which
 * subjects name one account, which objects a binding really uses.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "scan.h"
#include "testutil.h"

#define FX "testdata/checks"

/* Run check id alone on s, which r then owns; s must have loaded clean. */
static void run1(struct tu_checks *r, struct scan *s, const char *id)
{
	tu_check_one(r, s, id);
}

static size_t count_text(const char *id, const char *text)
{
	struct tu_checks r;
	size_t n;

	run1(&r, tu_scan_text(text), id);
	n = r.f.n;
	tu_checks_release(&r);
	return n;
}

static size_t count_file(const char *id, const char *path)
{
	struct tu_checks r;
	const char *p[1] = { path };
	size_t n;

	run1(&r, tu_scan_paths(p, 1), id);
	n = r.f.n;
	tu_checks_release(&r);
	return n;
}

/* ---- projected tokens: only the API server's audience opens a session */

static const char pod_head[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: app, namespace: shop}\n"
    "spec:\n"
    "  serviceAccountName: app\n"
    "  automountServiceAccountToken: false\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: registry.example/app:1.0\n"
    "    volumeMounts: [{name: t, mountPath: /var/run/secrets/tokens}]\n"
    "  volumes:\n"
    "  - name: t\n"
    "    projected:\n"
    "      sources:\n"
    "      - serviceAccountToken: {path: token";

/* a, b and c joined (caller frees). */
static char *join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	ck_assert_ptr_nonnull(s);
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

/* The pod above with its token source ending in tail. */
static char *pod_with(const char *tail)
{
	return join3(pod_head, tail, "}\n");
}

START_TEST(test_projected_audience)
{
	static const struct {
		const char *tail;
		size_t want;
	} cases[] = {
		{ "", 1 }, /* the API server's audience by default */
		{ ", audience: \"\"", 1 },
		{ ", audience: https://kubernetes.default.svc.cluster.local",
		  1 },
		{ ", audience: https://kubernetes.default.svc", 1 },
		{ ", audience: vault", 0 },
		{ ", audience: sts.amazonaws.com", 0 },
		{ ", audience: api://AzureADTokenExchange", 0 },
	};
	static const char *const ids[] = { "sa-token-automount",
					   "rbac-workload-sa" };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = pod_with(cases[i].tail);
		ck_assert_msg(count_text(ids[0], text) == cases[i].want,
			      "sa-token-automount, audience '%s'",
			      cases[i].tail);
		free(text);
	}
	/* a token the API server refuses holds no RBAC right either */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *pod = pod_with(cases[i].tail);
		char *text =
		    join3(pod,
			  "---\n"
			  "apiVersion: rbac.authorization.k8s.io/v1\n"
			  "kind: ClusterRoleBinding\n"
			  "metadata: {name: app-reader}\n"
			  "roleRef: {apiGroup: rbac.authorization.k8s.io, "
			  "kind: ClusterRole, name: reader}\n"
			  "subjects: [{kind: ServiceAccount, name: app, "
			  "namespace: shop}]\n",
			  "---\n"
			  "apiVersion: rbac.authorization.k8s.io/v1\n"
			  "kind: ClusterRole\n"
			  "metadata: {name: reader}\n"
			  "rules: [{apiGroups: [\"\"], resources: [secrets], "
			  "verbs: [list]}]\n");
		ck_assert_msg(count_text(ids[1], text) == cases[i].want,
			      "rbac-workload-sa, audience '%s'", cases[i].tail);
		free(pod);
		free(text);
	}
}
END_TEST

START_TEST(test_projected_audience_fixtures)
{
	ck_assert_uint_eq(
	    count_file("sa-token-automount",
		       FX "/sa-token-automount/fire/projected-token.yaml"),
	    1);
	ck_assert_uint_eq(count_file("sa-token-automount",
				     FX "/sa-token-automount/silent/"
					"projected-other-audience.yaml"),
			  0);
}
END_TEST

/* ---- sa-unused-powerful: only what is bound to the account by name ---- */

START_TEST(test_unused_account_group_grant)
{
	static const char text[] =
	    "apiVersion: v1\n"
	    "kind: ServiceAccount\n"
	    "metadata: {name: a, namespace: shop}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: ServiceAccount\n"
	    "metadata: {name: b, namespace: shop}\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: ClusterRole\n"
	    "metadata: {name: reader}\n"
	    "rules: [{apiGroups: [\"\"], resources: [secrets], verbs: "
	    "[list]}]\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: RoleBinding\n"
	    "metadata: {name: all, namespace: shop}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: "
	    "ClusterRole, name: reader}\n"
	    "subjects: [{kind: Group, name: \"system:serviceaccounts:shop\"}, "
	    "{kind: Group, name: \"system:serviceaccounts\"}, "
	    "{kind: Group, name: \"system:authenticated\"}]\n";
	static const char named[] =
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: RoleBinding\n"
	    "metadata: {name: b, namespace: shop}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: "
	    "ClusterRole, name: reader}\n"
	    "subjects: [{kind: User, name: "
	    "\"system:serviceaccount:shop:b\"}]\n";
	struct tu_checks r;
	char *both = join3(text, named, "");

	ck_assert_uint_eq(count_text("sa-unused-powerful", text), 0);
	/* the group grant is still said, once, by rbac-public-binding */
	ck_assert_uint_eq(count_text("rbac-public-binding", text), 3);
	/* an account bound by its username is reported, alone */
	run1(&r, tu_scan_text(both), "sa-unused-powerful");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message, "shop/b"));
	tu_checks_release(&r);
	free(both);
	ck_assert_uint_eq(
	    count_file("sa-unused-powerful",
		       FX "/sa-unused-powerful/silent/group-grant.yaml"),
	    0);
	ck_assert_uint_eq(
	    count_file("sa-unused-powerful",
		       FX "/sa-unused-powerful/fire/user-subject.yaml"),
	    1);
}
END_TEST

/* ---- rbac-default-sa: the default account under its username ---- */

START_TEST(test_default_account_as_user)
{
	static const char role[] =
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: Role\n"
	    "metadata: {name: reader, namespace: shop}\n"
	    "rules: [{apiGroups: [\"\"], resources: [secrets], verbs: "
	    "[get]}]\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: RoleBinding\n"
	    "metadata: {name: b, namespace: shop}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, "
	    "name: reader}\n"
	    "subjects: [{kind: User, name: ";
	static const struct {
		const char *user;
		size_t want;
	} cases[] = {
		{ "\"system:serviceaccount:shop:default\"", 1 },
		{ "\"system:serviceaccount:other:default\"", 1 },
		{ "\"system:serviceaccount:shop:default-ci\"", 0 },
		{ "\"system:serviceaccount:shop:notdefault\"", 0 },
		{ "\"system:serviceaccount::default\"", 0 },
		{ "\"system:serviceaccount:default\"", 0 },
		{ "default", 0 },
	};
	struct tu_checks r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = join3(role, cases[i].user, "}]\n");
		run1(&r, tu_scan_text(text), "rbac-default-sa");
		ck_assert_msg(r.f.n == cases[i].want, "user %s: %zu findings",
			      cases[i].user, r.f.n);
		if (r.f.n)
			ck_assert_int_eq(r.f.v[0]->severity, SEV_HIGH);
		tu_checks_release(&r);
		free(text);
	}
	ck_assert_uint_eq(count_file("rbac-default-sa", FX
				     "/rbac-default-sa/fire/user-subject.yaml"),
			  1);
	ck_assert_uint_eq(
	    count_file("rbac-default-sa",
		       FX "/rbac-default-sa/silent/user-subject.yaml"),
	    0);
}
END_TEST

/* ---- rbac-unbound-role: a role given twice is one role ---- */

START_TEST(test_unbound_role_given_twice)
{
	char a[700], b[700];
	const char *paths[2] = { a, b };
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	ck_assert_uint_eq(
	    count_file("rbac-unbound-role",
		       FX "/rbac-unbound-role/silent/same-role-twice.yaml"),
	    0);
	/*
	 * Argo CD's install.yaml and namespace-install.yaml hold the same
	 * five Roles and RoleBindings (no namespace: both land in one);
	 * every Role is bound, so nothing is unbound with both scanned.
	 */
	snprintf(a, sizeof(a),
		 "%s/k8s-real/sensitive-apps/argo-cd/install.yaml", shared);
	snprintf(b, sizeof(b),
		 "%s/k8s-real/sensitive-apps/argo-cd/namespace-install.yaml",
		 shared);
	run1(&r, tu_scan_paths(paths, 2), "rbac-unbound-role");
	ck_assert_msg(r.f.n == 0, "%zu findings, first: %s", r.f.n,
		      r.f.n ? r.f.v[0]->message : "");
	tu_checks_release(&r);
	/* an unbound role given twice is still unbound */
	{
		static const char text[] =
		    "apiVersion: rbac.authorization.k8s.io/v1\n"
		    "kind: Role\n"
		    "metadata: {name: x, namespace: shop}\n"
		    "rules: [{apiGroups: [\"\"], resources: [secrets], "
		    "verbs: [list]}]\n"
		    "---\n"
		    "apiVersion: rbac.authorization.k8s.io/v1\n"
		    "kind: Role\n"
		    "metadata: {name: x, namespace: shop}\n"
		    "rules: [{apiGroups: [\"\"], resources: [secrets], "
		    "verbs: [list]}]\n";
		ck_assert_uint_ge(count_text("rbac-unbound-role", text), 1);
	}
}
END_TEST

Suite *suite_identity_review(void)
{
	Suite *s = suite_create("identity_review");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_projected_audience);
	tcase_add_test(tc, test_projected_audience_fixtures);
	tcase_add_test(tc, test_unused_account_group_grant);
	tcase_add_test(tc, test_default_account_as_user);
	tcase_add_test(tc, test_unbound_role_given_twice);
	suite_add_tcase(s, tc);
	return s;
}
