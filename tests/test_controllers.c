/*
 * Controllers of other projects that hold a pod template: OpenShift's
 * DeploymentConfig (apps.openshift.io) and Argo Rollouts' Rollout
 * (argoproj.io) are judged as a Deployment is, the ReplicationController a
 * DeploymentConfig rolled out through it, a Rollout with a workloadRef
 * through the Deployment it names; so are OpenKruise's CloneSet, Advanced
 * StatefulSet and DaemonSet and BroadcastJob, and Knative's Service and
 * Configuration (spec.template) and Revision (spec), a Revision owned by
 * a Configuration through it; creating or changing one is creating pods.
 * A Kruise StatefulSet is no apps StatefulSet of the same name, a Knative
 * Service no Kubernetes Service; a custom resource of another group named
 * Rollout, Revision, Configuration or CloneSet is left alone.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rbac.h"
#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "testutil.h"

/* The findings of check id on file under testdata/controllers, run alone. */
static void run(struct tu_checks *r, const char *file, const char *id)
{
	char path[256];
	const char *p[1] = { path };

	snprintf(path, sizeof(path), "testdata/controllers/%s", file);
	tu_check_one(r, tu_scan_paths(p, 1), id);
}

/* The only finding of r, on an object of kind and name. */
static const struct finding *only_on(const struct tu_checks *r,
				     const char *kind, const char *name)
{
	ck_assert_uint_eq(r->f.n, 1);
	ck_assert_str_eq(r->f.v[0]->obj->kind, kind);
	ck_assert_str_eq(r->f.v[0]->obj->name, name);
	return r->f.v[0];
}

START_TEST(test_deploymentconfig_judged_once)
{
	struct tu_checks r;
	const struct finding *fd;

	/* its ReplicationController is owned by it: one finding, not two */
	run(&r, "openshift.yaml", "privileged-container");
	fd = only_on(&r, "DeploymentConfig", "legacy-api");
	ck_assert_uint_eq(fd->nev, 1);
	ck_assert_str_eq(fd->ev[0].path, "spec.template.spec.containers[0]."
					 "securityContext.privileged");
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_rollout_template)
{
	struct tu_checks r;
	const struct finding *fd;

	run(&r, "rollouts.yaml", "host-namespaces");
	fd = only_on(&r, "Rollout", "checkout");
	ck_assert_ptr_nonnull(strstr(fd->message, "hostPID"));
	tu_checks_release(&r);
}
END_TEST

/* a Rollout with a workloadRef runs the Deployment's template */
START_TEST(test_rollout_workload_ref)
{
	struct tu_checks r;
	size_t i;

	run(&r, "rollouts.yaml", "dangerous-capabilities");
	only_on(&r, "Deployment", "search");
	tu_checks_release(&r);
	/* the referring Rollout has no pods of its own to report */
	run(&r, "rollouts.yaml", "missing-network-policy");
	ck_assert_uint_eq(r.f.n, 2);
	for (i = 0; i < r.f.n; i++)
		ck_assert_msg(strcmp(r.f.v[i]->obj->name, "search") ||
				  !strcmp(r.f.v[i]->obj->kind, "Deployment"),
			      "Rollout search reported");
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_other_group_rollout)
{
	struct tu_checks r;
	size_t n;

	run(&r, "other-rollout.yaml", "privileged-container");
	ck_assert_uint_eq(r.f.n, 0);
	ck_assert_ptr_nonnull(inventory_pods(r.s->inv, &n));
	ck_assert_uint_eq(n, 0);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_rbac_create_controllers)
{
	static const char text[] =
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: Role\n"
	    "metadata: {name: deployer, namespace: shop}\n"
	    "rules:\n"
	    "  - apiGroups: [apps.openshift.io]\n"
	    "    resources: [deploymentconfigs]\n"
	    "    verbs: [create]\n"
	    "  - apiGroups: [argoproj.io]\n"
	    "    resources: [rollouts]\n"
	    "    verbs: [patch]\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: RoleBinding\n"
	    "metadata: {name: deployer, namespace: shop}\n"
	    "subjects: [{kind: ServiceAccount, name: ci, namespace: shop}]\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, "
	    "name: deployer}\n";
	struct tu_checks r;

	tu_check_one(&r, tu_scan_text(text), "rbac-create-workloads");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_ptr_nonnull(strstr(r.f.v[0]->message,
				     "can create workloads and change "
				     "workloads' pod templates"));
	tu_checks_release(&r);
}
END_TEST

/* Each finding of r is on an object of group and kind; their names. */
static void all_on(const struct tu_checks *r, size_t n, const char *group,
		   const char *kind, const char *const *names)
{
	size_t i;

	ck_assert_uint_eq(r->f.n, n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(r->f.v[i]->obj->group, group);
		ck_assert_str_eq(r->f.v[i]->obj->kind, kind);
		ck_assert_str_eq(r->f.v[i]->obj->name, names[i]);
	}
}

START_TEST(test_kruise_cloneset_judged_once)
{
	static const char *const cart[] = { "cart" };
	struct tu_checks r;

	/* the Pod it created is owned by it: one finding, with its pod */
	run(&r, "kruise.yaml", "privileged-container");
	all_on(&r, 1, "apps.kruise.io", "CloneSet", cart);
	ck_assert_uint_eq(r.f.v[0]->obj->pods, 1);
	ck_assert_uint_eq(r.f.v[0]->nev, 1);
	ck_assert_str_eq(r.f.v[0]->ev[0].path,
			 "spec.template.spec.containers[0]."
			 "securityContext.privileged");
	tu_checks_release(&r);
}
END_TEST

/* a Kruise StatefulSet beside an apps one of the same name */
START_TEST(test_kruise_statefulset_not_apps)
{
	struct tu_checks r;
	const struct kobj *plain, *kruise;
	size_t n, i;

	run(&r, "kruise.yaml", "host-namespaces");
	ck_assert_uint_eq(r.f.n, 2);
	for (i = 0; i < r.f.n; i++)
		ck_assert_str_eq(r.f.v[i]->obj->group, "apps.kruise.io");
	plain = inventory_find(r.s->inv, "StatefulSet", "store", "ledger");
	kruise = inventory_find(r.s->inv, "StatefulSet.apps.kruise.io", "store",
				"ledger");
	ck_assert_ptr_nonnull(plain);
	ck_assert_ptr_nonnull(kruise);
	ck_assert_str_eq(plain->group, "apps");
	ck_assert_str_eq(kruise->group, "apps.kruise.io");
	ck_assert_str_eq(kobj_kind_key(kruise), "StatefulSet.apps.kruise.io");
	/* its pod names it by group, without a uid: counted there only */
	ck_assert_uint_eq(kruise->pods, 1);
	ck_assert_uint_eq(plain->pods, 0);
	ck_assert_ptr_eq(
	    inventory_find(r.s->inv, "Pod", "store", "ledger-0")->owner,
	    kruise);
	inventory_kind(r.s->inv, "StatefulSet", &n);
	ck_assert_uint_eq(n, 1);
	inventory_kind(r.s->inv, "DaemonSet.apps.kruise.io", &n);
	ck_assert_uint_eq(n, 1);
	inventory_kind(r.s->inv, "DaemonSet", &n);
	ck_assert_uint_eq(n, 0);
	/* two objects, not one defined again */
	ck_assert_uint_eq(inventory_warnings(r.s->inv)->n, 0);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_kruise_broadcastjob)
{
	static const char *const warm[] = { "warm-cache" };
	struct tu_checks r;

	run(&r, "kruise.yaml", "dangerous-capabilities");
	all_on(&r, 1, "apps.kruise.io", "BroadcastJob", warm);
	tu_checks_release(&r);
}
END_TEST

/* Service -> Configuration -> Revision -> Deployment: judged once */
START_TEST(test_knative_service_chain)
{
	static const char *const greeter[] = { "greeter" };
	struct tu_checks r;
	const struct kobj *svc, *ksvc, *dep;
	size_t n;

	run(&r, "knative.yaml", "privileged-container");
	all_on(&r, 1, "serving.knative.dev", "Service", greeter);
	ck_assert_str_eq(r.f.v[0]->ev[0].path,
			 "spec.template.spec.containers[0]."
			 "securityContext.privileged");
	ksvc = r.f.v[0]->obj;
	dep = inventory_find(r.s->inv, "Deployment", "serve",
			     "greeter-00003-deployment");
	ck_assert_ptr_nonnull(dep);
	ck_assert_str_eq(dep->owner->kind, "Revision");
	ck_assert_str_eq(dep->owner->owner->kind, "Configuration");
	ck_assert_ptr_eq(dep->owner->owner->owner, ksvc);
	/* the Kubernetes Service of the same name is another object */
	svc = inventory_find(r.s->inv, "Service", "serve", "greeter");
	ck_assert_ptr_nonnull(svc);
	ck_assert_str_eq(svc->group, "");
	ck_assert_ptr_eq(inventory_find(r.s->inv, "Service.serving.knative.dev",
					"serve", "greeter"),
			 ksvc);
	inventory_kind(r.s->inv, "Service", &n);
	ck_assert_uint_eq(n, 1);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_knative_revision_and_configuration)
{
	static const char *const pinger[] = { "pinger-00001", "pinger-00001" };
	static const char *const report[] = { "nightly-report" };
	struct tu_checks r;

	/* a Revision's own spec is its pod spec */
	run(&r, "knative.yaml", "dangerous-capabilities");
	all_on(&r, 2, "serving.knative.dev", "Revision", pinger);
	ck_assert_str_eq(r.f.v[0]->ev[0].path,
			 "spec.containers[0].securityContext.capabilities."
			 "add[1]");
	tu_checks_release(&r);
	run(&r, "knative.yaml", "host-namespaces");
	all_on(&r, 1, "serving.knative.dev", "Configuration", report);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_other_groups_no_workloads)
{
	static const char *const ids[] = { "privileged-container",
					   "host-namespaces",
					   "missing-network-policy" };
	struct tu_checks r;
	size_t i, n;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		run(&r, "other-groups.yaml", ids[i]);
		ck_assert_uint_eq(r.f.n, 0);
		ck_assert_ptr_nonnull(inventory_pods(r.s->inv, &n));
		ck_assert_uint_eq(n, 0);
		tu_checks_release(&r);
	}
	ck_assert(kind_is_workload("serving.knative.dev", "Revision"));
	ck_assert(!kind_is_workload("releases.example.com", "Revision"));
	ck_assert(!kind_is_workload("", "Service"));
	ck_assert(kind_is_workload("apps.kruise.io", "StatefulSet"));
	ck_assert_str_eq(kind_key("", "Service"), "Service");
	ck_assert_str_eq(kind_key("example.com", "StatefulSet"), "StatefulSet");
}
END_TEST

/* A Role with rules, bound to ServiceAccount ci in shop, as text. */
static const char *bound_role(char *buf, size_t n, const char *rules)
{
	snprintf(buf, n,
		 "apiVersion: rbac.authorization.k8s.io/v1\n"
		 "kind: Role\n"
		 "metadata: {name: releaser, namespace: shop}\n"
		 "rules:\n%s"
		 "---\n"
		 "apiVersion: rbac.authorization.k8s.io/v1\n"
		 "kind: RoleBinding\n"
		 "metadata: {name: releaser, namespace: shop}\n"
		 "subjects: [{kind: ServiceAccount, name: ci, namespace: "
		 "shop}]\n"
		 "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, "
		 "name: releaser}\n",
		 rules);
	return buf;
}

START_TEST(test_rbac_kruise_knative)
{
	static const struct {
		const char *rules;
		size_t findings;
	} cases[] = {
		{ "  - {apiGroups: [apps.kruise.io], resources: [clonesets], "
		  "verbs: [create]}\n",
		  1 },
		{ "  - {apiGroups: [apps.kruise.io], resources: "
		  "[statefulsets], "
		  "verbs: [patch]}\n",
		  1 },
		{ "  - {apiGroups: [apps.kruise.io], resources: "
		  "[broadcastjobs], "
		  "verbs: [update]}\n",
		  1 },
		{ "  - {apiGroups: [serving.knative.dev], resources: "
		  "[services], "
		  "verbs: [patch]}\n",
		  1 },
		{ "  - {apiGroups: [serving.knative.dev], resources: "
		  "[revisions], "
		  "verbs: [create]}\n",
		  1 },
		/* a Revision's spec cannot change; reading is no writing */
		{ "  - {apiGroups: [serving.knative.dev], resources: "
		  "[revisions], "
		  "verbs: [update, patch]}\n",
		  0 },
		{ "  - {apiGroups: [apps.kruise.io], resources: [clonesets, "
		  "daemonsets], verbs: [get, list, watch]}\n",
		  0 },
		/* Services of the core group run nothing */
		{ "  - {apiGroups: [\"\"], resources: [services], verbs: "
		  "[create, "
		  "patch]}\n",
		  0 },
		/* statefulsets of another group */
		{ "  - {apiGroups: [apps.example.com], resources: "
		  "[statefulsets], "
		  "verbs: [create]}\n",
		  0 },
	};
	char text[2048];
	struct tu_checks r;

	tu_check_one(
	    &r, tu_scan_text(bound_role(text, sizeof(text), cases[_i].rules)),
	    "rbac-create-workloads");
	ck_assert_msg(r.f.n == cases[_i].findings, "case %d: %zu findings", _i,
		      r.f.n);
	tu_checks_release(&r);
}
END_TEST

/* creating a CloneSet is a create-pods hop toward a stronger account */
START_TEST(test_escalation_through_cloneset)
{
	static const char text[] =
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: builder, namespace: ci}\n"
	    "spec:\n"
	    "  selector: {matchLabels: {app: builder}}\n"
	    "  template:\n"
	    "    metadata: {labels: {app: builder}}\n"
	    "    spec:\n"
	    "      serviceAccountName: builder\n"
	    "      containers: [{name: b, image: example.com/builder:1}]\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: Role\n"
	    "metadata: {name: clone-maker, namespace: ci}\n"
	    "rules:\n"
	    "- {apiGroups: [apps.kruise.io], resources: [clonesets], verbs: "
	    "[create]}\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: RoleBinding\n"
	    "metadata: {name: builder-clones, namespace: ci}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "
	    "clone-maker}\n"
	    "subjects: [{kind: ServiceAccount, name: builder, namespace: ci}]\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: ClusterRole\n"
	    "metadata: {name: all-secrets}\n"
	    "rules:\n"
	    "- {apiGroups: [\"\"], resources: [secrets], verbs: [get, list]}\n"
	    "---\n"
	    "apiVersion: rbac.authorization.k8s.io/v1\n"
	    "kind: ClusterRoleBinding\n"
	    "metadata: {name: publisher-secrets}\n"
	    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "
	    "name: all-secrets}\n"
	    "subjects: [{kind: ServiceAccount, name: publisher, namespace: "
	    "ci}]\n";
	struct tu_checks r;
	char *silent, *at;

	tu_check_one(&r, tu_scan_text(text), "path-pod-create-pivot");
	ck_assert_uint_eq(r.f.n, 1);
	tu_checks_release(&r);
	/* the same grant on the Deployments of another group: no hop */
	silent = strdup(text);
	ck_assert_ptr_nonnull(silent);
	at = strstr(silent, "[apps.kruise.io]");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "[apps.kruise.zz]", 16);
	tu_check_one(&r, tu_scan_text(silent), "path-pod-create-pivot");
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
	free(silent);
}
END_TEST

/* who-can's names: short names and groups pick the project's resource */
START_TEST(test_resolve_project_resources)
{
	static const struct {
		const char *arg, *resource, *group;
	} cases[] = {
		{ "clone", "clonesets", "apps.kruise.io" },
		{ "asts", "statefulsets", "apps.kruise.io" },
		{ "statefulsets", "statefulsets", "apps" },
		{ "sts", "statefulsets", "apps" },
		{ "statefulsets.apps.kruise.io", "statefulsets",
		  "apps.kruise.io" },
		{ "ads", "daemonsets", "apps.kruise.io" },
		{ "ds", "daemonsets", "apps" },
		{ "bcj", "broadcastjobs", "apps.kruise.io" },
		{ "ksvc", "services", "serving.knative.dev" },
		{ "svc", "services", "" },
		{ "services.serving.knative.dev", "services",
		  "serving.knative.dev" },
		{ "cfg", "configurations", "serving.knative.dev" },
		{ "rev", "revisions", "serving.knative.dev" },
	};
	struct arena *a = arena_new();
	const char *res, *grp;
	bool cl, known;

	rbac_resolve_resource(a, cases[_i].arg, &res, &grp, &cl, &known);
	ck_assert(known && !cl);
	ck_assert_str_eq(res, cases[_i].resource);
	ck_assert_str_eq(grp, cases[_i].group);
	arena_free(a);
}
END_TEST

/* The result of check id in r. */
static const struct check_result *result_of(const struct tu_checks *r,
					    const char *id)
{
	size_t i;

	for (i = 0; i < r->nres; i++)
		if (!strcmp(r->res[i].check->id, id))
			return &r->res[i];
	ck_abort_msg("no result of %s", id);
	return NULL;
}

/*
 * OpenKruise's StatefulSets and Knative's Services forbidden in a
 * cluster that has none read: the built-in StatefulSets and Services
 * stay visible, and so do the checks that need them.
 */
START_TEST(test_forbidden_project_kinds)
{
	static const char text[] =
	    "apiVersion: apps/v1\n"
	    "kind: StatefulSet\n"
	    "metadata: {name: vault, namespace: keys}\n"
	    "spec:\n"
	    "  serviceName: vault\n"
	    "  selector: {matchLabels: {app: vault}}\n"
	    "  template:\n"
	    "    metadata: {labels: {app: vault}}\n"
	    "    spec:\n"
	    "      containers:\n"
	    "        - name: vault\n"
	    "          image: example.com/vault:1\n"
	    "          securityContext: {privileged: true}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Service\n"
	    "metadata: {name: vault, namespace: keys}\n"
	    "spec:\n"
	    "  type: LoadBalancer\n"
	    "  selector: {app: vault}\n"
	    "  ports: [{port: 8200}]\n";
	const struct check_result *res;
	struct tu_checks r;

	r.s = tu_scan_text(text);
	inventory_forbid(r.s->inv, "StatefulSet.apps.kruise.io", NULL);
	inventory_forbid(r.s->inv, "Service.serving.knative.dev", NULL);
	ck_assert(
	    !inventory_can_see(r.s->inv, "StatefulSet.apps.kruise.io", "keys"));
	ck_assert(inventory_can_see(r.s->inv, "StatefulSet", "keys"));
	ck_assert(inventory_can_see(r.s->inv, "Service", "keys"));
	r.s->meta.source = "snapshot";
	findings_init(&r.f, r.s->arena);
	ck_assert_int_eq(
	    scan_run(r.s, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	res = result_of(&r, "privileged-container");
	ck_assert_int_eq(res->status, CHECK_FAILED);
	res = result_of(&r, "external-service");
	ck_assert_int_eq(res->status, CHECK_FAILED);
	ck_assert(!res->partial);
	tu_checks_release(&r);
}
END_TEST

/* Reports name a kind reused under a built-in name with its group. */
START_TEST(test_reports_name_group)
{
	char *out = NULL;

	tu_runf(&out, "scan -f testdata/controllers/kruise.yaml -o text");
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "StatefulSet.apps.kruise.io "
					  "store/ledger (1 pod)"));
	ck_assert_ptr_nonnull(strstr(out, "\n  StatefulSet store/ledger:"));
	ck_assert_ptr_nonnull(strstr(out, "CloneSet store/cart (1 pod)"));
	free(out);
	tu_runf(&out, "scan -f testdata/controllers/knative.yaml -o sarif");
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(
	    strstr(out, "\"serve/Service.serving.knative.dev/greeter\""));
	free(out);
}
END_TEST

/* can-reach names the projects' workloads by kubectl's short names */
START_TEST(test_can_reach_short_names)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out, "can-reach store/asts/ledger "
				       "store/clone/cart -o json -f "
				       "testdata/controllers/kruise.yaml"),
			 0);
	ck_assert_ptr_nonnull(strstr(out,
				     "\"kind\": \"StatefulSet\",\n"
				     "        \"group\": \"apps.kruise.io\""));
	ck_assert_ptr_nonnull(strstr(out, "\"kind\": \"CloneSet\",\n"
					  "        \"namespace\""));
	ck_assert_ptr_nonnull(strstr(out, "egress of "
					  "StatefulSet.apps.kruise.io "
					  "store/ledger"));
	free(out);
	/* sts is the built-in StatefulSet of the same name */
	ck_assert_int_eq(tu_runf(&out, "can-reach store/sts/ledger "
				       "serve/ksvc/greeter -o json -f "
				       "testdata/controllers/kruise.yaml -f "
				       "testdata/controllers/knative.yaml"),
			 0);
	ck_assert_ptr_nonnull(
	    strstr(out, "\"group\": \"serving.knative.dev\""));
	ck_assert_ptr_nonnull(
	    strstr(out, "egress of StatefulSet store/ledger"));
	free(out);
}
END_TEST

/* written without a namespace, they land where kubectl apply puts them */
START_TEST(test_namespace_defaulted)
{
	static const char text[] =
	    "apiVersion: apps.kruise.io/v1alpha1\n"
	    "kind: CloneSet\n"
	    "metadata: {name: loose-clone}\n"
	    "spec:\n"
	    "  template:\n"
	    "    spec:\n"
	    "      containers: [{name: c, image: example.com/c:1}]\n"
	    "---\n"
	    "apiVersion: serving.knative.dev/v1\n"
	    "kind: Revision\n"
	    "metadata: {name: loose-rev-00001}\n"
	    "spec:\n"
	    "  containers: [{name: r, image: example.com/r:1}]\n"
	    "---\n"
	    "apiVersion: fleet.example.com/v1\n"
	    "kind: CloneSet\n"
	    "metadata: {name: loose-fleet}\n"
	    "spec: {}\n";
	struct scan *s = tu_scan_text(text);
	const struct kobj *o;

	o = inventory_find(s->inv, "CloneSet", "default", "loose-clone");
	ck_assert_ptr_nonnull(o);
	ck_assert(o->ns_defaulted);
	o = inventory_find(s->inv, "Revision", "default", "loose-rev-00001");
	ck_assert_ptr_nonnull(o);
	ck_assert(o->ns_defaulted);
	/* a custom resource of another group stays unspecified */
	ck_assert_ptr_null(
	    inventory_find(s->inv, "CloneSet", "default", "loose-fleet"));
	o = inventory_find(s->inv, "CloneSet", NULL, "loose-fleet");
	ck_assert_ptr_nonnull(o);
	ck_assert(!o->ns_defaulted);
	scan_free(s);
}
END_TEST

Suite *suite_controllers(void)
{
	Suite *s = suite_create("controllers");
	TCase *tc = tcase_create("controllers");

	tcase_add_test(tc, test_deploymentconfig_judged_once);
	tcase_add_test(tc, test_rollout_template);
	tcase_add_test(tc, test_rollout_workload_ref);
	tcase_add_test(tc, test_other_group_rollout);
	tcase_add_test(tc, test_rbac_create_controllers);
	tcase_add_test(tc, test_kruise_cloneset_judged_once);
	tcase_add_test(tc, test_kruise_statefulset_not_apps);
	tcase_add_test(tc, test_kruise_broadcastjob);
	tcase_add_test(tc, test_knative_service_chain);
	tcase_add_test(tc, test_knative_revision_and_configuration);
	tcase_add_test(tc, test_other_groups_no_workloads);
	tcase_add_loop_test(tc, test_rbac_kruise_knative, 0, 9);
	tcase_add_test(tc, test_escalation_through_cloneset);
	tcase_add_loop_test(tc, test_resolve_project_resources, 0, 13);
	tcase_add_test(tc, test_forbidden_project_kinds);
	tcase_add_test(tc, test_reports_name_group);
	tcase_add_test(tc, test_can_reach_short_names);
	tcase_add_test(tc, test_namespace_defaulted);
	suite_add_tcase(s, tc);
	return s;
}
