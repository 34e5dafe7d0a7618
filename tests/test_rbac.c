/*
 * test_rbac.c - the RBAC engine against the default RBAC of a real cluster
 * (../shared/k8s-real/rbac-bootstrap) and fixtures for every rule form
 * (testdata/rbac/).
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "analysis/rbac.h"
#include "scan.h"
#include "testutil.h"

/* Load files or directories with the project loader. */
static struct scan *scan_files(const char *const *paths, size_t n)
{
	return tu_scan_paths(paths, n);
}

static struct scan *bootstrap(const char *shared, const char *extra)
{
	static const char *const files[] = {
		"cluster-roles.yaml",	 "cluster-role-bindings.yaml",
		"controller-roles.yaml", "controller-role-bindings.yaml",
		"namespace-roles.yaml",	 "namespace-role-bindings.yaml",
	};
	const char *paths[8];
	char buf[6][512];
	size_t i, n = 0;

	for (i = 0; i < 6; i++) {
		snprintf(buf[i], sizeof(buf[i]),
			 "%s/k8s-real/rbac-bootstrap/%s", shared, files[i]);
		paths[n++] = buf[i];
	}
	if (extra)
		paths[n++] = extra;
	return scan_files(paths, n);
}

static struct scan *fixture(const char *name)
{
	char path[256];
	const char *p = path;

	snprintf(path, sizeof(path), "testdata/rbac/%s", name);
	return scan_files(&p, 1);
}

static struct rbac_request res(const char *verb, const char *group,
			       const char *resource, const char *ns,
			       const char *name)
{
	struct rbac_request rq = { verb, group, resource, ns, name, NULL };
	return rq;
}

static struct rbac_request url(const char *verb, const char *path)
{
	struct rbac_request rq = { verb, NULL, NULL, NULL, NULL, path };
	return rq;
}

static const struct rbac_role *crole(const struct scan *s, const char *name)
{
	const struct rbac_role *r =
	    rbac_find_role(s->rbac, "ClusterRole", NULL, name);
	ck_assert_msg(r != NULL, "ClusterRole %s missing", name);
	return r;
}

static bool role_can(const struct scan *s, const char *role,
		     struct rbac_request rq)
{
	return rbac_role_allows(crole(s, role), &rq, NULL);
}

static bool user_can(struct scan *s, const char *user, const char *group,
		     struct rbac_request rq)
{
	struct rbac_identity id;

	rbac_identity_user(s->rbac, user, group ? &group : NULL, group ? 1 : 0,
			   &id);
	return rbac_can(s->rbac, &id, &rq, NULL);
}

static bool sa_can(struct scan *s, const char *ns, const char *name,
		   struct rbac_request rq)
{
	struct rbac_identity id;

	rbac_identity_sa(s->rbac, ns, name, &id);
	return rbac_can(s->rbac, &id, &rq, NULL);
}

/* ---- real bootstrap data ---------------------------------------------- */

START_TEST(test_boot_loaded)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);
	size_t nroles, nbind, i;
	const struct rbac_binding *const *b;

	ck_assert_uint_eq(s->errors.n, 0);
	rbac_roles(s->rbac, &nroles);
	b = rbac_bindings(s->rbac, &nbind);
	ck_assert_uint_gt(nroles, 60);
	ck_assert_uint_gt(nbind, 40);
	/* every bootstrap binding resolves and is recognised as a default */
	for (i = 0; i < nbind; i++) {
		ck_assert_msg(b[i]->role != NULL, "%s dangling",
			      b[i]->obj->name);
		ck_assert_msg(b[i]->is_default, "%s not default",
			      b[i]->obj->name);
	}
	scan_free(s);
}
END_TEST

START_TEST(test_boot_view_edit)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);

	ck_assert(role_can(s, "view", res("get", "", "pods", "default", "p")));
	ck_assert(role_can(
	    s, "view", res("list", "apps", "deployments", "default", NULL)));
	ck_assert(
	    !role_can(s, "view", res("get", "", "secrets", "default", "s")));
	ck_assert(
	    !role_can(s, "view", res("list", "", "secrets", "default", NULL)));
	ck_assert(!role_can(s, "view",
			    res("create", "", "pods/exec", "default", "p")));
	ck_assert(role_can(s, "edit",
			   res("create", "", "pods/exec", "default", "p")));
	ck_assert(
	    role_can(s, "edit", res("get", "", "secrets", "default", "s")));
	ck_assert(role_can(
	    s, "edit",
	    res("impersonate", "", "serviceaccounts", "default", "sa")));
	/* edit may not touch RBAC; admin may */
	ck_assert(!role_can(s, "edit",
			    res("create", "rbac.authorization.k8s.io",
				"rolebindings", "default", NULL)));
	ck_assert(role_can(s, "admin",
			   res("create", "rbac.authorization.k8s.io",
			       "rolebindings", "default", NULL)));
	/* scale: explicit subresource rule in edit */
	ck_assert(role_can(
	    s, "edit",
	    res("patch", "apps", "deployments/scale", "default", "d")));
	scan_free(s);
}
END_TEST

static size_t mark_rules(const struct rbac_role *r, unsigned char *seen,
			 size_t n)
{
	size_t i;

	for (i = 0; i < r->nrules; i++) {
		ck_assert_uint_lt(r->rules[i]->id, n);
		seen[r->rules[i]->id] = 1;
	}
	return r->nrules;
}

START_TEST(test_boot_aggregation)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);
	const struct rbac_role *admin = crole(s, "admin");
	const struct rbac_role *edit = crole(s, "edit");
	const struct rbac_role *view = crole(s, "view");
	unsigned char want[4096] = { 0 }, got[4096] = { 0 };
	size_t i, parts = 0;

	ck_assert(admin->aggregated && edit->aggregated && view->aggregated);
	/* admin aggregates edit (labelled aggregate-to-admin), edit view */
	parts += mark_rules(crole(s, "system:aggregate-to-admin"), want, 4096);
	parts += mark_rules(crole(s, "system:aggregate-to-edit"), want, 4096);
	parts += mark_rules(crole(s, "system:aggregate-to-view"), want, 4096);
	mark_rules(admin, got, 4096);
	ck_assert_uint_eq(admin->nrules, parts);
	ck_assert(!memcmp(want, got, sizeof(want)));
	ck_assert_uint_eq(view->nrules,
			  crole(s, "system:aggregate-to-view")->nrules);
	ck_assert_uint_eq(edit->nrules,
			  crole(s, "system:aggregate-to-edit")->nrules +
			      view->nrules);
	for (i = 0; i < admin->nrules; i++)
		ck_assert(admin->rules[i]->origin != admin);
	scan_free(s);
}
END_TEST

START_TEST(test_boot_masters)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);
	struct rbac_identity id;
	struct rbac_request rq = res("delete", "", "nodes", NULL, "n1");
	struct rbac_grant why;
	const char *masters = "system:masters";

	ck_assert(user_can(s, "bob", masters, rq));
	ck_assert(
	    user_can(s, "bob", masters,
		     res("create", "", "pods/exec", "kube-system", "etcd")));
	ck_assert(user_can(s, "bob", masters,
			   res("escalate", "rbac.authorization.k8s.io",
			       "clusterroles", NULL, "x")));
	ck_assert(user_can(s, "bob", masters, url("post", "/anything/at/all")));
	ck_assert(!user_can(s, "bob", NULL, rq));
	rbac_identity_user(s->rbac, "bob", &masters, 1, &id);
	ck_assert(rbac_can(s->rbac, &id, &rq, &why));
	ck_assert_str_eq(why.binding->obj->name, "cluster-admin");
	ck_assert_str_eq(why.subject->name, "system:masters");
	ck_assert_str_eq(why.rule->origin->name, "cluster-admin");
	scan_free(s);
}
END_TEST

START_TEST(test_boot_public)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);

	/* system:public-info-viewer: authenticated and unauthenticated */
	ck_assert(
	    user_can(s, "system:anonymous", NULL, url("get", "/healthz")));
	ck_assert(
	    user_can(s, "system:anonymous", NULL, url("get", "/version")));
	ck_assert(
	    !user_can(s, "system:anonymous", NULL, url("post", "/healthz")));
	/* system:discovery is for authenticated users only */
	ck_assert(!user_can(s, "system:anonymous", NULL, url("get", "/apis")));
	ck_assert(user_can(s, "alice", NULL, url("get", "/apis")));
	ck_assert(user_can(s, "alice", NULL, url("get", "/apis/apps/v1")));
	ck_assert(user_can(s, "alice", NULL, url("get", "/version")));
	/* system:basic-user */
	ck_assert(user_can(s, "alice", NULL,
			   res("create", "authorization.k8s.io",
			       "selfsubjectaccessreviews", NULL, NULL)));
	ck_assert(!user_can(s, "system:anonymous", NULL,
			    res("create", "authorization.k8s.io",
				"selfsubjectaccessreviews", NULL, NULL)));
	ck_assert(!user_can(s, "alice", NULL,
			    res("list", "", "pods", "default", NULL)));
	/* a service account is authenticated too */
	ck_assert(sa_can(s, "default", "default", url("get", "/apis")));
	scan_free(s);
}
END_TEST

START_TEST(test_boot_controllers)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);
	struct rbac_grant *g;
	size_t n, i;
	bool masters = false, anon = false;
	struct rbac_request rq = res("get", "", "secrets", "kube-system", "x");

	/* controller service accounts hold what their roles say, no more */
	ck_assert(sa_can(s, "kube-system", "namespace-controller",
			 res("delete", "", "pods", NULL, NULL)) ||
		  sa_can(s, "kube-system", "namespace-controller",
			 res("deletecollection", "", "pods", "ns1", NULL)));
	ck_assert(!sa_can(s, "kube-system", "deployment-controller",
			  res("create", "", "pods/exec", "ns1", "p")));
	ck_assert(sa_can(s, "kube-system", "deployment-controller",
			 res("create", "apps", "replicasets", "ns1", NULL)));
	ck_assert(!sa_can(s, "kube-system", "no-such-controller",
			  res("create", "apps", "replicasets", "ns1", NULL)));
	n = rbac_who_can(s->rbac, &rq, false, &g);
	for (i = 0; i < n; i++) {
		if (!strcmp(g[i].subject->name, "system:masters"))
			masters = true;
		if (!strcmp(g[i].subject->name, "system:unauthenticated"))
			anon = true;
	}
	ck_assert(masters && !anon);
	free(g);
	scan_free(s);
}
END_TEST

/* ---- own fixtures ----------------------------------------------------- */

START_TEST(test_same_name_roles)
{
	struct scan *s = fixture("same-name-roles.yaml");

	/* Role "reader" reads secrets in team-a only; bob is bound in team-b */
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert(!user_can(s, "bob", NULL,
			    res("get", "", "secrets", "team-b", "x")));
	ck_assert(user_can(s, "bob", NULL,
			   res("get", "", "configmaps", "team-b", "x")));
	ck_assert(user_can(s, "carol", NULL,
			   res("get", "", "secrets", "team-a", "x")));
	ck_assert(!user_can(s, "carol", NULL,
			    res("get", "", "secrets", "team-b", "x")));
	scan_free(s);
}
END_TEST

START_TEST(test_rule_forms)
{
	struct scan *s = fixture("rule-forms.yaml");
	const char *ns = "forms";

	ck_assert_uint_eq(s->errors.n, 0);
	/* verbs ["*"] on secrets */
	ck_assert(
	    user_can(s, "star", NULL, res("delete", "", "secrets", ns, "x")));
	ck_assert(
	    user_can(s, "star", NULL, res("list", "", "secrets", ns, NULL)));
	ck_assert(!user_can(s, "star", NULL,
			    res("list", "", "configmaps", ns, NULL)));
	ck_assert(!user_can(s, "star", NULL,
			    res("get", "", "secrets", "other", "x")));
	/* resourceNames: only named objects; never list or create */
	ck_assert(user_can(s, "named", NULL,
			   res("get", "", "secrets", ns, "db-pass")));
	ck_assert(!user_can(s, "named", NULL,
			    res("get", "", "secrets", ns, "other")));
	ck_assert(
	    !user_can(s, "named", NULL, res("list", "", "secrets", ns, NULL)));
	ck_assert(!user_can(s, "named", NULL,
			    res("create", "", "secrets", ns, NULL)));
	ck_assert(user_can(s, "named", NULL,
			   res("bind", "rbac.authorization.k8s.io",
			       "clusterroles", ns, "view")));
	ck_assert(!user_can(s, "named", NULL,
			    res("bind", "rbac.authorization.k8s.io",
				"clusterroles", ns, "cluster-admin")));
	/* "*\/scale" matches any scale subresource, nothing else */
	ck_assert(
	    user_can(s, "scaler", NULL,
		     res("update", "apps", "deployments/scale", ns, "d")));
	ck_assert(
	    user_can(s, "scaler", NULL,
		     res("update", "apps", "statefulsets/scale", ns, "d")));
	ck_assert(!user_can(s, "scaler", NULL,
			    res("update", "apps", "deployments", ns, "d")));
	/* pods-slash-star is no wildcard for the authorizer: literal only */
	ck_assert(!user_can(s, "podstar", NULL,
			    res("create", "", "pods/exec", ns, "p")));
	/* apiGroups: core "" is not apps */
	ck_assert(
	    user_can(s, "coreonly", NULL, res("list", "", "pods", ns, NULL)));
	ck_assert(!user_can(s, "coreonly", NULL,
			    res("list", "apps", "pods", ns, NULL)));
	/* nonResourceURLs: exact and trailing-* prefix, ClusterRoleBinding */
	ck_assert(user_can(s, "urls", NULL, url("get", "/metrics")));
	ck_assert(!user_can(s, "urls", NULL, url("get", "/metrics/x")));
	ck_assert(user_can(s, "urls", NULL, url("get", "/logs/kubelet.log")));
	ck_assert(user_can(s, "urls", NULL, url("get", "/logs")));
	ck_assert(!user_can(s, "urls", NULL, url("get", "/log")));
	/* the same ClusterRole through a RoleBinding grants no URL */
	ck_assert(!user_can(s, "urls-ns", NULL, url("get", "/metrics")));
	scan_free(s);
}
END_TEST

START_TEST(test_subjects)
{
	struct scan *s = fixture("subjects.yaml");
	struct rbac_identity id;
	struct rbac_request rq = res("list", "", "pods", "apps", NULL);
	const char *g = "devs";

	ck_assert_uint_eq(s->errors.n, 0);
	/* SA subject without namespace in a RoleBinding: the binding's */
	ck_assert(sa_can(s, "apps", "builder", rq));
	ck_assert(!sa_can(s, "other", "builder", rq));
	/* ... and in a ClusterRoleBinding: nobody */
	ck_assert(
	    !sa_can(s, "apps", "orphan", res("list", "", "nodes", NULL, NULL)));
	/* a User subject spelled as a service account's user name */
	ck_assert(sa_can(s, "apps", "runner",
			 res("get", "", "configmaps", "apps", "c")));
	/* every SA of a namespace through system:serviceaccounts:apps */
	ck_assert(sa_can(s, "apps", "anything",
			 res("get", "", "services", "apps", "svc")));
	ck_assert(!sa_can(s, "web", "anything",
			  res("get", "", "services", "apps", "svc")));
	ck_assert(user_can(s, "system:serviceaccount:apps:x", NULL,
			   res("get", "", "services", "apps", "svc")));
	/* groups */
	ck_assert(
	    user_can(s, "dana", g, res("get", "", "endpoints", "apps", "e")));
	ck_assert(!user_can(s, "dana", NULL,
			    res("get", "", "endpoints", "apps", "e")));
	rbac_identity_group(s->rbac, g, &id);
	rq = res("get", "", "endpoints", "apps", "e");
	ck_assert(rbac_can(s->rbac, &id, &rq, NULL));
	/* RoleBinding to a ClusterRole: its namespace only */
	ck_assert(
	    user_can(s, "erin", NULL, res("delete", "", "pods", "apps", "p")));
	ck_assert(
	    !user_can(s, "erin", NULL, res("delete", "", "pods", "web", "p")));
	ck_assert(
	    !user_can(s, "erin", NULL, res("delete", "", "pods", NULL, "p")));
	scan_free(s);
}
END_TEST

START_TEST(test_aggregation_fixture)
{
	struct scan *s = fixture("aggregation.yaml");
	const struct rbac_role *top, *cyc;

	ck_assert_uint_eq(s->errors.n, 0);
	top = crole(s, "top");
	/* top <- mid (matchExpressions) <- leaf (matchLabels) */
	ck_assert(role_can(s, "top", res("get", "", "secrets", "x", "s")));
	ck_assert(role_can(s, "top", res("list", "", "pods", "x", NULL)));
	ck_assert(role_can(s, "mid", res("get", "", "secrets", "x", "s")));
	/* NotIn excludes the role labelled tier=secret-off */
	ck_assert(!role_can(s, "top", res("delete", "", "nodes", NULL, "n")));
	/* written rules of an aggregated role are replaced */
	ck_assert(!role_can(s, "top", res("get", "", "configmaps", "x", "c")));
	ck_assert_uint_eq(top->nrules, 2);
	/* cycle: ring-a and ring-b select each other; both get ring-c's */
	cyc = crole(s, "ring-a");
	ck_assert(role_can(s, "ring-a", res("get", "", "events", "x", "e")));
	ck_assert(role_can(s, "ring-b", res("get", "", "events", "x", "e")));
	ck_assert_uint_eq(cyc->nrules, 1);
	/* a role that selects itself */
	ck_assert_uint_eq(crole(s, "selfish")->nrules, 2);
	ck_assert(
	    role_can(s, "selfish", res("list", "", "endpoints", "x", NULL)));
	scan_free(s);
}
END_TEST

START_TEST(test_dangling)
{
	struct scan *s = fixture("dangling.yaml");
	size_t n, i, missing = 0, bad = 0;
	const struct rbac_binding *const *b = rbac_bindings(s->rbac, &n);

	ck_assert_uint_eq(s->errors.n, 0);
	for (i = 0; i < n; i++) {
		if (!b[i]->role && !b[i]->bad_ref)
			missing++;
		if (b[i]->bad_ref)
			bad++;
	}
	ck_assert_uint_eq(missing, 2);
	ck_assert_uint_eq(bad, 1);
	ck_assert(
	    !user_can(s, "frank", NULL, res("get", "", "pods", "d", "p")));
	scan_free(s);
}
END_TEST

START_TEST(test_who_can_and_rules_of)
{
	struct scan *s = fixture("subjects.yaml");
	struct rbac_request rq = res("delete", "", "pods", "apps", "p");
	struct rbac_identity id;
	struct rbac_grant *g;
	size_t n, i;
	bool erin = false;

	n = rbac_who_can(s->rbac, &rq, false, &g);
	for (i = 0; i < n; i++)
		if (!strcmp(g[i].subject->name, "erin")) {
			erin = true;
			ck_assert_str_eq(g[i].binding->obj->name, "erin-edit");
		}
	ck_assert(erin);
	free(g);
	rq.ns = "web";
	n = rbac_who_can(s->rbac, &rq, false, &g);
	for (i = 0; i < n; i++)
		ck_assert_str_ne(g[i].subject->name, "erin");
	free(g);
	n = rbac_who_can(s->rbac, &rq, true, &g);
	ck_assert_uint_gt(n, 0);
	free(g);
	rbac_identity_user(s->rbac, "erin", NULL, 0, &id);
	n = rbac_rules_of(s->rbac, &id, &g);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(g[0].binding->ns, "apps");
	ck_assert_str_eq(
	    rbac_rule_text(s->arena, g[0].rule),
	    "verbs=[delete,get] apiGroups=[\"\"] resources=[pods]");
	free(g);
	scan_free(s);
}
END_TEST

START_TEST(test_who_can_urls)
{
	struct scan *s = fixture("rule-forms.yaml");
	struct rbac_request rq = url("get", "/metrics");
	struct rbac_grant *g;
	size_t n;

	/* URLs: the ClusterRoleBinding counts, the RoleBinding never does */
	n = rbac_who_can(s->rbac, &rq, false, &g);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(g[0].subject->name, "urls");
	free(g);
	n = rbac_who_can(s->rbac, &rq, true, &g);
	ck_assert_uint_eq(n, 1);
	free(g);
	scan_free(s);
}
END_TEST

START_TEST(test_resolve_resource)
{
	struct arena *a = arena_new();
	const char *res, *grp;
	bool cl, known;

	rbac_resolve_resource(a, "po", &res, &grp, &cl, &known);
	ck_assert(known && !cl);
	ck_assert_str_eq(res, "pods");
	ck_assert_str_eq(grp, "");
	rbac_resolve_resource(a, "deploy", &res, &grp, &cl, &known);
	ck_assert_str_eq(res, "deployments");
	ck_assert_str_eq(grp, "apps");
	rbac_resolve_resource(a, "cronjobs.batch", &res, &grp, &cl, &known);
	ck_assert(known);
	ck_assert_str_eq(res, "cronjobs");
	rbac_resolve_resource(a, "nodes", &res, &grp, &cl, &known);
	ck_assert(known && cl);
	rbac_resolve_resource(a, "clusterroles", &res, &grp, &cl, &known);
	ck_assert_str_eq(grp, "rbac.authorization.k8s.io");
	/* a known name with the wrong group is another resource */
	rbac_resolve_resource(a, "pods.example.com", &res, &grp, &cl, &known);
	ck_assert(!known);
	ck_assert_str_eq(res, "pods");
	ck_assert_str_eq(grp, "example.com");
	rbac_resolve_resource(a, "widgets", &res, &grp, &cl, &known);
	ck_assert(!known);
	ck_assert_str_eq(grp, "");
	rbac_resolve_resource(a, "*", &res, &grp, &cl, &known);
	ck_assert_str_eq(res, "*");
	ck_assert_str_eq(grp, "*");
	rbac_resolve_resource(a, "", &res, &grp, &cl, &known);
	ck_assert(!known);
	arena_free(a);
}
END_TEST

/* ---- checks ----------------------------------------------------------- */

static const char *const my_checks[] = {
	"rbac-cluster-admin-equivalent",
	"rbac-wildcard",
	"rbac-read-secrets",
	"rbac-exec",
	"rbac-create-workloads",
	"rbac-escalate",
	"rbac-nodes-proxy",
	"rbac-sa-token",
	"rbac-csr-approve",
	"rbac-webhooks",
	"rbac-coredns",
	"rbac-delete-events",
	"rbac-public-binding",
	"rbac-default-sa",
	"rbac-dangling-binding",
	"rbac-workload-sa",
	"path-exposed-token",
	"path-exposed-node",
	"path-pod-create-pivot",
};

static size_t run_one(struct scan *s, const char *id, enum severity *max)
{
	struct findings f;
	const struct check *one[] = { id ? check_find(id) : NULL, NULL };
	struct check_result *res;
	size_t nres, n, i;

	ck_assert(!id || one[0]);
	findings_init(&f, s->arena);
	scan_run(s, id ? one : check_registry, NULL, NULL, &f, &res, &nres);
	n = f.n;
	if (max)
		for (*max = SEV_NONE, i = 0; i < f.n; i++) {
			if (f.v[i]->severity > *max)
				*max = f.v[i]->severity;
			if (getenv("TM_DEBUG"))
				fprintf(stderr, "%s: %s\n", f.v[i]->check->id,
					f.v[i]->message);
		}
	findings_release(&f);
	free(res);
	return n;
}

START_TEST(test_check_fixtures)
{
	const char *id = my_checks[_i];
	char path[256];
	const char *p = path;
	struct scan *s;
	enum severity max;

	ck_assert_msg(check_find(id) != NULL, "%s not registered", id);
	snprintf(path, sizeof(path), "testdata/checks/%s/fire", id);
	s = scan_files(&p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_msg(run_one(s, id, &max) > 0, "%s: fire is silent", id);
	scan_free(s);
	snprintf(path, sizeof(path), "testdata/checks/%s/silent", id);
	s = scan_files(&p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_msg(run_one(s, id, NULL) == 0, "%s: silent fires", id);
	scan_free(s);
}
END_TEST

START_TEST(test_bootstrap_public_bindings)
{
	TU_NEED_SHARED(shared);
	struct scan *s =
	    bootstrap(shared, "testdata/rbac/public-bindings.yaml");
	const struct check *one[] = { check_find("rbac-public-binding"), NULL };
	struct findings f;
	struct check_result *results;
	size_t nres, i;
	int high = 0, critical = 0;

	/* view for every user: read pods anywhere, still no secrets */
	ck_assert(
	    user_can(s, "alice", NULL, res("list", "", "pods", "any", NULL)));
	ck_assert(
	    sa_can(s, "web", "default", res("list", "", "pods", "any", NULL)));
	ck_assert(!user_can(s, "alice", NULL,
			    res("list", "", "secrets", "any", NULL)));
	/* edit for anonymous, in shop only */
	ck_assert(user_can(s, "system:anonymous", NULL,
			   res("get", "", "secrets", "shop", "x")));
	ck_assert(!user_can(s, "system:anonymous", NULL,
			    res("get", "", "secrets", "other", "x")));
	findings_init(&f, s->arena);
	scan_run(s, one, NULL, NULL, &f, &results, &nres);
	ck_assert_uint_eq(f.n, 2);
	for (i = 0; i < f.n; i++) {
		if (f.v[i]->severity == SEV_CRITICAL)
			critical++;
		if (f.v[i]->severity == SEV_HIGH)
			high++;
	}
	/* edit reads secrets and execs, and anonymous needs no credentials */
	ck_assert_int_eq(critical, 1);
	ck_assert_int_eq(high, 1);
	findings_release(&f);
	free(results);
	scan_free(s);
}
END_TEST

START_TEST(test_named_bind)
{
	const char *p = "testdata/checks/rbac-escalate/fire/named-bind.yaml";
	struct scan *s = scan_files(&p, 1);

	/* bind limited by name to a role that can do anything */
	ck_assert_uint_eq(run_one(s, "rbac-escalate", NULL), 1);
	scan_free(s);
}
END_TEST

START_TEST(test_bootstrap_quiet)
{
	TU_NEED_SHARED(shared);
	struct scan *s = bootstrap(shared, NULL);
	enum severity max;
	size_t i, n = sizeof(my_checks) / sizeof(my_checks[0]);

	/* the defaults every cluster ships are no finding of any check */
	run_one(s, NULL, &max);
	ck_assert_int_lt(max, SEV_HIGH);
	for (i = 0; i < n; i++)
		ck_assert_msg(run_one(s, my_checks[i], NULL) == 0,
			      "%s reports a bootstrap default", my_checks[i]);
	scan_free(s);
}
END_TEST

/* ---- who-can and can-i, end to end ----------------------------------- */

static int cli(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int cli(char **out, const char *fmt, ...)
{
	char cmd[2048], args[1800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", tu_bin(), args);
	return tu_run(cmd, out);
}

START_TEST(test_cli_bootstrap)
{
	TU_NEED_SHARED(shared);
	char *out;
	int rc;

	rc = cli(&out,
		 "who-can get secrets -n kube-system -f "
		 "%s/k8s-real/rbac-bootstrap",
		 shared);
	ck_assert_int_eq(rc, 0);
	ck_assert(strstr(out, "Group           system:masters") != NULL);
	ck_assert(strstr(out, "ClusterRoleBinding/cluster-admin") != NULL);
	ck_assert(strstr(out, "system:authenticated") == NULL);
	free(out);
	rc = cli(&out,
		 "can-i get /healthz --as system:anonymous -f "
		 "%s/k8s-real/rbac-bootstrap",
		 shared);
	ck_assert_int_eq(rc, 0);
	ck_assert(!strncmp(out, "yes\n", 4));
	ck_assert(strstr(out, "system:public-info-viewer") != NULL);
	free(out);
	rc = cli(&out,
		 "can-i '*' '*' -A --as bob --as-group system:masters "
		 "-f %s/k8s-real/rbac-bootstrap",
		 shared);
	ck_assert_int_eq(rc, 0);
	free(out);
	rc = cli(&out, "can-i '*' '*' --as alice -f %s/k8s-real/rbac-bootstrap",
		 shared);
	ck_assert_int_eq(rc, 1);
	free(out);
	rc = cli(&out,
		 "can-i get /apis --as system:anonymous -f "
		 "%s/k8s-real/rbac-bootstrap",
		 shared);
	ck_assert_int_eq(rc, 1);
	ck_assert_str_eq(out, "no\n");
	free(out);
	rc = cli(&out,
		 "can-i create pods --subresource exec -n prod --as bob "
		 "--as-group system:masters --format json -f "
		 "%s/k8s-real/rbac-bootstrap",
		 shared);
	ck_assert_int_eq(rc, 0);
	ck_assert(strstr(out, "\"allowed\": true") != NULL);
	ck_assert(strstr(out, "\"resource\": \"pods/exec\"") != NULL);
	free(out);
}
END_TEST

START_TEST(test_cli_fixture)
{
	const char *f = "-f testdata/rbac/subjects.yaml";
	char *out;

	ck_assert_int_eq(cli(&out, "can-i delete pods -n apps --as erin %s", f),
			 0);
	ck_assert(strstr(out, "RoleBinding/apps/erin-edit") != NULL);
	free(out);
	ck_assert_int_eq(cli(&out, "can-i delete po -n web --as erin %s", f),
			 1);
	free(out);
	ck_assert_int_eq(cli(&out,
			     "can-i list pods -n apps --as "
			     "system:serviceaccount:apps:builder %s",
			     f),
			 0);
	free(out);
	ck_assert_int_eq(cli(&out, "can-i --list --as erin %s", f), 0);
	ck_assert(strstr(out, "namespace apps") != NULL);
	ck_assert(strstr(out, "resources=[pods]") != NULL);
	free(out);
	ck_assert_int_eq(
	    cli(&out, "who-can delete pods -A --format json %s", f), 0);
	ck_assert(strstr(out, "\"grants\"") != NULL);
	ck_assert(strstr(out, "\"name\": \"erin\"") != NULL);
	free(out);
	ck_assert_int_eq(cli(&out, "who-can delete pods -n web %s", f), 0);
	ck_assert_str_eq(out, "nobody\n");
	free(out);
	/* a kubectl get -o json List; nodes are cluster-scoped, -n is moot */
	ck_assert_int_eq(cli(&out,
			     "can-i get nodes --subresource proxy -n x "
			     "--as system:serviceaccount:monitoring:"
			     "prometheus -f testdata/rbac/kubectl-get.json"),
			 0);
	free(out);
	ck_assert_int_eq(cli(&out, "who-can list no -f "
				   "testdata/rbac/kubectl-get.json"),
			 0);
	ck_assert(strstr(out, "monitoring/prometheus") != NULL);
	free(out);
	/* usage errors */
	ck_assert_int_eq(cli(&out, "can-i get pods %s", f), 2);
	free(out);
	ck_assert_int_eq(cli(&out, "who-can get %s", f), 2);
	free(out);
}
END_TEST

Suite *suite_rbac(void)
{
	Suite *s = suite_create("rbac");
	TCase *tc = tcase_create("bootstrap");

	tcase_add_test(tc, test_boot_loaded);
	tcase_add_test(tc, test_boot_view_edit);
	tcase_add_test(tc, test_boot_aggregation);
	tcase_add_test(tc, test_boot_masters);
	tcase_add_test(tc, test_boot_public);
	tcase_add_test(tc, test_boot_controllers);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_same_name_roles);
	tcase_add_test(tc, test_rule_forms);
	tcase_add_test(tc, test_subjects);
	tcase_add_test(tc, test_aggregation_fixture);
	tcase_add_test(tc, test_dangling);
	tcase_add_test(tc, test_who_can_and_rules_of);
	tcase_add_test(tc, test_resolve_resource);
	tcase_add_test(tc, test_who_can_urls);
	suite_add_tcase(s, tc);
	tc = tcase_create("checks");
	tcase_add_loop_test(tc, test_check_fixtures, 0,
			    (int)(sizeof(my_checks) / sizeof(my_checks[0])));
	tcase_add_test(tc, test_bootstrap_quiet);
	tcase_add_test(tc, test_named_bind);
	tcase_add_test(tc, test_bootstrap_public_bindings);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_add_test(tc, test_cli_bootstrap);
	tcase_add_test(tc, test_cli_fixture);
	suite_add_tcase(s, tc);
	return s;
}
