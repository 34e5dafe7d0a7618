/*
 * test_identity.c - roles as shipped (unbound dangerous roles, bootstrap
 * roles quiet, "unused" on complete inputs) and identities from outside
 * RBAC (aws-auth), against fixtures and ../shared/k8s-real.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

struct ran {
	struct scan *s;
	struct findings f;
	struct check_result *res;
	size_t nres;
};

static bool only(const struct check *c, void *ctx)
{
	return !ctx || !strcmp(c->id, (const char *)ctx);
}

static void ran_run(struct ran *r, struct scan *s, const char *id)
{
	r->s = s;
	findings_init(&r->f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, only, (void *)id, &r->f,
				  &r->res, &r->nres),
			 0);
}

static void ran_release(struct ran *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->s);
}

static const struct finding *find_msg(const struct ran *r, const char *sub)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		if (strstr(r->f.v[i]->message, sub))
			return r->f.v[i];
	return NULL;
}

static struct scan *bootstrap(const char *shared)
{
	static const char *const files[] = {
		"cluster-roles.yaml",	 "cluster-role-bindings.yaml",
		"controller-roles.yaml", "controller-role-bindings.yaml",
		"namespace-roles.yaml",	 "namespace-role-bindings.yaml",
	};
	char buf[6][512];
	const char *paths[6];
	size_t i;

	for (i = 0; i < 6; i++) {
		snprintf(buf[i], sizeof(buf[i]),
			 "%s/k8s-real/rbac-bootstrap/%s", shared, files[i]);
		paths[i] = buf[i];
	}
	return tu_scan_paths(paths, 6);
}

/* Every role a cluster ships is quiet, bound or not (admin, edit, view,
 * cluster-admin are bound by nothing at bootstrap). */
START_TEST(test_bootstrap_roles_quiet)
{
	struct ran r;
	TU_NEED_SHARED(shared);

	ran_run(&r, bootstrap(shared), "rbac-unbound-role");
	ck_assert_uint_ge(inventory_size(r.s->inv), 100);
	ck_assert_msg(r.f.n == 0, "first: %s", r.f.n ? r.f.v[0]->message : "");
	ran_release(&r);
}
END_TEST

/* Roles only (no bindings at all): still quiet. */
START_TEST(test_bootstrap_roles_alone_quiet)
{
	char a[512], b[512];
	const char *p[2] = { a, b };
	struct ran r;
	TU_NEED_SHARED(shared);

	snprintf(a, sizeof(a), "%s/k8s-real/rbac-bootstrap/cluster-roles.yaml",
		 shared);
	snprintf(b, sizeof(b),
		 "%s/k8s-real/rbac-bootstrap/controller-roles.yaml", shared);
	ran_run(&r, tu_scan_paths(p, 2), "rbac-unbound-role");
	ck_assert_uint_ge(inventory_size(r.s->inv), 50);
	ck_assert_uint_eq(r.f.n, 0);
	ran_release(&r);
}
END_TEST

static const char *const operator_role =
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
    "metadata: {name: acme-operator}\nrules:\n"
    "- {apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
    "metadata: {name: reader, namespace: shop}\nrules:\n"
    "- {apiGroups: [\"\"], resources: [secrets], verbs: [list]}\n";

START_TEST(test_unbound_severity_and_wording)
{
	struct ran r;
	const struct finding *fd;

	ran_run(&r, tu_scan_text(operator_role), "rbac-unbound-role");
	ck_assert_uint_eq(r.f.n, 2);
	fd = find_msg(&r, "acme-operator");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_MEDIUM);
	ck_assert_ptr_nonnull(strstr(fd->message, "do anything"));
	ck_assert_ptr_nonnull(
	    strstr(fd->message, "is not bound in what was scanned"));
	ck_assert_str_eq(fd->ev[0].path, "rules[0]");
	fd = find_msg(&r, "Role reader");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_LOW);
	ran_release(&r);
}
END_TEST

/* A snapshot or a live cluster holds every binding: the role is unused. */
START_TEST(test_unbound_on_complete_input_is_unused)
{
	struct scan *s = tu_scan_text(operator_role);
	struct ran r;
	size_t i;

	s->meta.source = "snapshot";
	ran_run(&r, s, "rbac-unbound-role");
	ck_assert_uint_eq(r.f.n, 2);
	for (i = 0; i < r.f.n; i++) {
		ck_assert_ptr_nonnull(strstr(r.f.v[i]->message, "unused"));
		ck_assert_int_eq(r.f.v[i]->severity, SEV_LOW);
	}
	ran_release(&r);
}
END_TEST

/* ---- aws-auth ---- */

static struct ran aws(const char *shared, const char *file)
{
	char path[600];
	const char *p = path;
	struct ran r;

	snprintf(path, sizeof(path),
		 "%s/k8s-real/control-plane/aws-iam-authenticator/%s", shared,
		 file);
	ran_run(&r, tu_scan_paths(&p, 1), "aws-auth-mapping");
	return r;
}

START_TEST(test_real_aws_auth)
{
	static const char *const files[] = {
		"aws-auth.yaml",
		"aws-auth-missing-bar.yaml",
		"aws-auth-crazy-case-keys.yaml",
		"aws-auth-space-out-of-place.yaml",
	};
	size_t i;
	TU_NEED_SHARED(shared);

	for (i = 0; i < 4; i++) {
		struct ran r = aws(shared, files[i]);
		const struct finding *m = find_msg(&r, "system:masters");
		/* user admin -> system:masters, account 555555555555; the
		 * node role maps to system:bootstrappers and system:nodes */
		ck_assert_msg(r.f.n == 2, "%s: %zu findings", files[i], r.f.n);
		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(m->severity, SEV_CRITICAL);
		ck_assert_ptr_nonnull(strstr(m->message, "user/admin"));
		ck_assert_str_eq(m->ev[0].path, "data.mapUsers[0]");
		ck_assert_ptr_nonnull(find_msg(&r, "account 555555555555"));
		ran_release(&r);
	}
}
END_TEST

START_TEST(test_real_authenticator_config)
{
	struct ran r;
	TU_NEED_SHARED(shared);

	r = aws(shared, "deploy__example.yaml");
	/* KubernetesAdmin twice, KubernetesOtherAdmin, user Alice */
	ck_assert_uint_eq(r.f.n, 4);
	ck_assert_ptr_nonnull(find_msg(&r, "role/KubernetesOtherAdmin"));
	ck_assert_ptr_null(find_msg(&r, "role/KubernetesNode"));
	ck_assert_ptr_null(find_msg(&r, "role/KubernetesUsers"));
	ran_release(&r);
}
END_TEST

/* ---- paths to cluster-admin ---- */

static struct ran esc(const char *file, const char *check)
{
	char path[300];
	const char *p = path;
	struct ran r;

	snprintf(path, sizeof(path), "testdata/rbac/escalation/%s", file);
	ran_run(&r, tu_scan_paths(&p, 1), check);
	return r;
}

static size_t count_all(const char *file, const char *sub)
{
	char path[300];
	const char *p = path;
	struct ran r;
	size_t i, n = 0;

	snprintf(path, sizeof(path), "testdata/rbac/escalation/%s", file);
	ran_run(&r, tu_scan_paths(&p, 1), NULL);
	for (i = 0; i < r.f.n; i++)
		n += !!strstr(r.f.v[i]->message, sub);
	ran_release(&r);
	return n;
}

/* Eight per-permission findings become one sentence with a path. */
START_TEST(test_every_verb_is_one_finding)
{
	struct ran r;
	const struct finding *fd;

	ck_assert_uint_eq(count_all("every-verb.yaml", "User carol"), 1);
	r = esc("every-verb.yaml", "rbac-escalate");
	ck_assert_uint_eq(r.f.n, 1);
	fd = r.f.v[0];
	ck_assert_ptr_nonnull(strstr(fd->message, "effectively cluster-admin"));
	ck_assert_uint_eq(fd->nhops, 1);
	ran_release(&r);
	r = esc("every-verb.yaml", "rbac-read-secrets");
	ck_assert_uint_eq(r.f.n, 0);
	ran_release(&r);
}
END_TEST

START_TEST(test_pod_create_chain)
{
	struct ran r =
	    esc("pod-create-chain.yaml", "rbac-cluster-admin-equivalent");
	const struct finding *dev = find_msg(&r, "User dev");

	/* deployer itself (one hop), dev (two) */
	ck_assert_uint_eq(r.f.n, 2);
	ck_assert_ptr_nonnull(dev);
	ck_assert_ptr_nonnull(strstr(dev->message, "in 2 steps"));
	ck_assert_ptr_nonnull(
	    strstr(dev->message, "ServiceAccount ci/deployer"));
	ck_assert_uint_eq(dev->nhops, 2);
	ck_assert_str_eq(dev->obj->name, "dev-deploy");
	ck_assert_str_eq(dev->hops[0].path, "roleRef.name");
	ck_assert_ptr_nonnull(strstr(dev->hops[0].label, "can create pods"));
	ck_assert_ptr_nonnull(strstr(dev->hops[1].label, "anything"));
	ck_assert_str_eq(dev->hops[1].obj->name, "ci-deployer");
	ck_assert_ptr_null(find_msg(&r, "intern"));
	ran_release(&r);
	/* dev's own create-workloads finding is folded; intern's stays */
	r = esc("pod-create-chain.yaml", "rbac-create-workloads");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(find_msg(&r, "User intern"));
	ran_release(&r);
}
END_TEST

START_TEST(test_secret_and_exec_chains)
{
	struct ran r =
	    esc("secret-and-exec-chain.yaml", "rbac-cluster-admin-equivalent");
	const struct finding *rd = find_msg(&r, "User reader");
	const struct finding *dbg = find_msg(&r, "User debugger");

	ck_assert_uint_eq(r.f.n, 2);
	ck_assert_ptr_nonnull(rd);
	ck_assert_ptr_nonnull(
	    strstr(rd->message, "reads Secret admin-bot-token"));
	ck_assert_ptr_nonnull(dbg);
	ck_assert_ptr_nonnull(strstr(dbg->message, "execs into Pod agent"));
	ck_assert_ptr_nonnull(strstr(dbg->message, "tools/ops-agent"));
	ck_assert_uint_eq(dbg->nhops, 2);
	ran_release(&r);
	/* the accounts' own webhook right names them effectively admin */
	r = esc("secret-and-exec-chain.yaml", "rbac-webhooks");
	ck_assert_uint_eq(r.f.n, 2);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message, "effectively"));
	ran_release(&r);
}
END_TEST

/* Every step of a longer chain is in its message, in order. */
START_TEST(test_three_step_chain)
{
	struct ran r =
	    esc("three-step-chain.yaml", "rbac-cluster-admin-equivalent");
	const struct finding *sup = find_msg(&r, "User support");

	ck_assert_ptr_nonnull(sup);
	ck_assert_uint_eq(sup->nhops, 3);
	ck_assert_str_eq(
	    sup->message,
	    "User support is effectively cluster-admin in 3 steps: it can "
	    "exec into pods in namespace tools, so it execs into Pod runner, "
	    "which mounts the token of ServiceAccount tools/runner; then it "
	    "can change the pod templates of workloads in namespace infra, "
	    "so it rolls out a pod as ServiceAccount infra/admin; then "
	    "ServiceAccount infra/admin can do anything (* on *) "
	    "cluster-wide");
	ck_assert_str_eq(sup->hops[1].obj->name, "runner-rollout");
	ran_release(&r);
}
END_TEST

/* ci/a bound to cluster-admin, the role itself left out. */
#define ADMIN_A                                                                \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: ClusterRoleBinding\nmetadata: {name: a}\n"                      \
	"roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "   \
	"name: cluster-admin}\n"                                               \
	"subjects: [{kind: ServiceAccount, name: a, namespace: ci}]\n---\n"

/*
 * A binding to cluster-admin counts though the input lacks the role: the
 * bootstrap policy puts it in every cluster.  It is no dangling binding,
 * and the input does not become one that carries the bootstrap roles.
 */
START_TEST(test_implied_cluster_admin)
{
	struct ran r =
	    esc("implied-cluster-admin.yaml", "rbac-cluster-admin-equivalent");
	const struct finding *dev = find_msg(&r, "User dev");

	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(dev);
	ck_assert_ptr_nonnull(strstr(dev->message, "in 2 steps"));
	ck_assert_ptr_nonnull(strstr(dev->message, "ServiceAccount ci/deployer "
						   "can do anything"));
	ck_assert_str_eq(dev->hops[1].obj->name, "ci-deployer");
	ran_release(&r);
	r = esc("implied-cluster-admin.yaml", "rbac-dangling-binding");
	ck_assert_uint_eq(r.f.n, 0);
	ran_release(&r);
	r = esc("implied-cluster-admin.yaml", "rbac-unbound-role");
	ck_assert_uint_eq(r.f.n, 0);
	ran_release(&r);
	/* edit, missing as the chart's cluster-admin is, is not dangling */
	ran_run(&r,
		tu_scan_text(
		    ADMIN_A
		    "apiVersion: rbac.authorization.k8s.io/v1\n"
		    "kind: RoleBinding\nmetadata: {name: b, namespace: ci}\n"
		    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: "
		    "ClusterRole, name: edit}\n"
		    "subjects: [{kind: ServiceAccount, name: b}]\n"),
		"rbac-dangling-binding");
	ck_assert_uint_eq(r.f.n, 0);
	ran_release(&r);
	/* a pod of the account: "*" on "*" heads the list of what it can */
	ran_run(
	    &r,
	    tu_scan_text(ADMIN_A
			 "apiVersion: v1\nkind: Pod\n"
			 "metadata: {name: p, namespace: ci}\n"
			 "spec: {serviceAccountName: a, containers: [{name: c, "
			 "image: c:1}]}\n"),
	    "rbac-workload-sa");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_CRITICAL);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message,
				     "which can do anything (* on *) "
				     "cluster-wide through "
				     "ClusterRoleBinding a"));
	ran_release(&r);
}
END_TEST

/* bind restricted by name to an all-powerful role is a step to it. */
START_TEST(test_named_bind)
{
	struct ran r = esc("named-bind.yaml", "rbac-escalate");
	const struct finding *m = find_msg(&r, "User mallory");

	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(
	    m->message, "User mallory can bind or escalate role cluster-admin, "
			"which grants dangerous permissions, through "
			"ClusterRoleBinding binder (ClusterRole binder), which "
			"makes it effectively cluster-admin");
	ran_release(&r);
}
END_TEST

START_TEST(test_not_steps)
{
	struct ran r = esc("not-steps.yaml", "rbac-cluster-admin-equivalent");

	/* frank writes bindings, roles and nodes but may not bind: the API
	 * server refuses any grant beyond his own; reader finds no token */
	ck_assert_ptr_nonnull(find_msg(&r, "ServiceAccount ops/admin-bot"));
	ck_assert_ptr_null(find_msg(&r, "User reader"));
	ck_assert_ptr_null(find_msg(&r, "User frank"));
	ran_release(&r);
	/* eve holds bind and create on clusterrolebindings: a step */
	r = esc("not-steps.yaml", "rbac-escalate");
	ck_assert_ptr_null(find_msg(&r, "User frank"));
	ck_assert_ptr_nonnull(find_msg(&r, "User eve"));
	ck_assert_ptr_nonnull(strstr(find_msg(&r, "User eve")->message,
				     "effectively cluster-admin"));
	ran_release(&r);
	r = esc("not-steps.yaml", "rbac-read-secrets");
	ck_assert_ptr_nonnull(find_msg(&r, "User reader"));
	ran_release(&r);
}
END_TEST

/* The controllers' chains start at bootstrap bindings: nothing reported. */
START_TEST(test_bootstrap_no_effective_admin)
{
	struct ran r;
	TU_NEED_SHARED(shared);

	ran_run(&r, bootstrap(shared), "rbac-cluster-admin-equivalent");
	ck_assert_uint_eq(r.f.n, 0);
	ran_release(&r);
}
END_TEST

/* who-can --effective answers through the same chains. */
START_TEST(test_who_can_effective)
{
	char cmd[1200], *out = NULL;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "'%s' who-can get secrets -n ops -f "
		 "testdata/rbac/escalation/secret-and-exec-chain.yaml "
		 "--effective 2>&1",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, out);
	/* reader directly; debugger through ops-agent's webhook right */
	ck_assert_ptr_nonnull(strstr(out, "RoleBinding/ops/reader"));
	ck_assert_ptr_nonnull(strstr(out, "through a chain of steps:"));
	ck_assert_ptr_nonnull(
	    strstr(out, "User debugger\n  1. can exec into pods in namespace "
			"tools (RoleBinding/tools/debugger) -> ServiceAccount "
			"tools/ops-agent\n"));
	ck_assert_ptr_null(strstr(out, "User reader\n"));
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "'%s' who-can get secrets -n ops -f "
		 "testdata/rbac/escalation/secret-and-exec-chain.yaml 2>&1",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(strstr(out, "chain"));
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "'%s' can-i get secrets --as x --effective -f "
		 "testdata/rbac/escalation/not-steps.yaml 2>&1",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_int_eq(rc, 2);
	free(out);
}
END_TEST

/* An account nobody runs as: lower on manifests, "no workload" on a
 * snapshot; the same account used by a Deployment is quiet. */
START_TEST(test_unused_powerful_sa)
{
	const char *p = "testdata/checks/sa-unused-powerful/fire/"
			"leftover-ci.yaml";
	struct scan *s = tu_scan_paths(&p, 1);
	struct ran r;

	ran_run(&r, s, "sa-unused-powerful");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_LOW);
	ck_assert_ptr_nonnull(
	    strstr(r.f.v[0]->message, "no workload in what was scanned"));
	ran_release(&r);
	s = tu_scan_paths(&p, 1);
	s->meta.source = "live";
	ran_run(&r, s, "sa-unused-powerful");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_MEDIUM);
	ck_assert_ptr_nonnull(
	    strstr(r.f.v[0]->message, "but no workload runs"));
	ck_assert_str_eq(r.f.v[0]->obj->name, "old-ci");
	ran_release(&r);
}
END_TEST

/* PEERS.md pitfalls: names alone do not bind; "*" verbs count. */
START_TEST(test_unbound_pitfalls)
{
	const char *p = "testdata/checks/rbac-unbound-role/fire/"
			"same-name-clusterrole-bound.yaml";
	struct ran r;

	ran_run(&r, tu_scan_paths(&p, 1), "rbac-unbound-role");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_str_eq(r.f.v[0]->obj->kind, "Role");
	ran_release(&r);
	p = "testdata/checks/rbac-unbound-role/fire/star-verbs-on-secrets.yaml";
	ran_run(&r, tu_scan_paths(&p, 1), "rbac-unbound-role");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message, "read secrets"));
	ran_release(&r);
}
END_TEST

/* The Dashboard's account is cluster-admin through a token request. */
START_TEST(test_dashboard_effective_admin)
{
	const char *p = "testdata/checks/kubernetes-dashboard/fire/"
			"effective-admin-sa.yaml";
	struct ran r;
	const struct finding *fd;

	ran_run(&r, tu_scan_paths(&p, 1), "kubernetes-dashboard");
	ck_assert_uint_eq(r.f.n, 1);
	fd = r.f.v[0];
	ck_assert_ptr_nonnull(strstr(fd->message, "cluster-admin"));
	ck_assert_int_eq(fd->severity, SEV_HIGH);
	ck_assert_uint_eq(fd->nhops, 2);
	ck_assert_ptr_nonnull(
	    strstr(fd->hops[0].label, "ServiceAccount kube-system/ops-bot"));
	ran_release(&r);
}
END_TEST

Suite *suite_identity(void)
{
	Suite *s = suite_create("identity");
	TCase *tc = tcase_create("roles");
	TCase *ext = tcase_create("outside-rbac");

	tcase_add_test(tc, test_bootstrap_roles_quiet);
	tcase_add_test(tc, test_bootstrap_roles_alone_quiet);
	tcase_add_test(tc, test_unbound_severity_and_wording);
	tcase_add_test(tc, test_unbound_on_complete_input_is_unused);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, test_every_verb_is_one_finding);
	tcase_add_test(tc, test_pod_create_chain);
	tcase_add_test(tc, test_three_step_chain);
	tcase_add_test(tc, test_implied_cluster_admin);
	tcase_add_test(tc, test_named_bind);
	tcase_add_test(tc, test_secret_and_exec_chains);
	tcase_add_test(tc, test_not_steps);
	tcase_add_test(tc, test_bootstrap_no_effective_admin);
	tcase_add_test(tc, test_who_can_effective);
	tcase_add_test(tc, test_unused_powerful_sa);
	tcase_add_test(tc, test_unbound_pitfalls);
	tcase_add_test(tc, test_dashboard_effective_admin);
	tcase_add_test(ext, test_real_aws_auth);
	tcase_add_test(ext, test_real_authenticator_config);
	suite_add_tcase(s, ext);
	return s;
}
