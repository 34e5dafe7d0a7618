/*
 * test_rbac_verbs.c - which verbs on which workload resources are reported
 * as creating pods (rbac-create-workloads) or running code in existing
 * ones (rbac-exec), and that changing a controller's template is a step
 * to cluster-admin as creating it is.
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

/* A Role in ci with one rule, bound to User dev. */
#define ROLE_FMT                                                               \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: Role\n"                                                         \
	"metadata: {name: r, namespace: ci}\n"                                 \
	"rules:\n"                                                             \
	"  - {apiGroups: [\"%s\"], resources: [%s], verbs: [%s]}\n"            \
	"---\n"                                                                \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: RoleBinding\n"                                                  \
	"metadata: {name: dev, namespace: ci}\n"                               \
	"roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "    \
	"r}\n"                                                                 \
	"subjects:\n"                                                          \
	"  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: dev}\n"

/* The service account deployer in ci may do anything cluster-wide. */
static const char admin_sa[] =
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: all}\n"
    "rules:\n"
    "  - {apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: ci-deployer}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "
    "name: all}\n"
    "subjects:\n"
    "  - {kind: ServiceAccount, name: deployer, namespace: ci}\n";

static const struct {
	const char *group, *resource, *verbs;
	bool creates; /* rbac-create-workloads fires */
	bool execs;   /* rbac-exec fires */
} cases[] = {
	{ "apps", "deployments", "create", true, false },
	/* a new template is a new set of pods */
	{ "apps", "deployments", "patch", true, false },
	{ "apps", "deployments", "update", true, false },
	{ "apps", "daemonsets", "patch", true, false },
	{ "apps", "statefulsets", "update", true, false },
	{ "apps", "replicasets", "patch", true, false },
	{ "batch", "cronjobs", "update", true, false },
	{ "", "replicationcontrollers", "patch", true, false },
	{ "apps", "deployments", "\"*\"", true, false },
	/* a Job's template cannot change */
	{ "batch", "jobs", "update, patch", false, false },
	{ "batch", "jobs", "create", true, false },
	/* scaling and reading change no template */
	{ "apps", "deployments/scale", "update, patch", false, false },
	{ "apps", "deployments", "get, list, watch", false, false },
	{ "apps", "deployments/status", "update, patch", false, false },
	/* a pod's image may change: code in the pod, not a new pod */
	{ "", "pods", "patch", false, true },
	{ "", "pods", "update", false, true },
	{ "", "pods", "create", true, false },
	{ "", "pods", "get, list, watch, delete", false, false },
	{ "", "pods/status", "update, patch", false, false },
	/* the wrong group is another resource */
	{ "extensions", "pods", "patch", false, false },
};

/* A scan of text with check id run alone; free with done(). */
struct ran {
	struct scan *s;
	struct findings f;
	struct check_result *res;
};

static void run(struct ran *r, const char *text, const char *id)
{
	const struct check *one[2] = { check_find(id), NULL };
	size_t nres;

	ck_assert_ptr_nonnull(one[0]);
	r->s = tu_scan_text(text);
	ck_assert_uint_eq(r->s->errors.n, 0);
	findings_init(&r->f, r->s->arena);
	ck_assert_int_eq(scan_run(r->s, one, NULL, NULL, &r->f, &r->res, &nres),
			 0);
}

static void done(struct ran *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->s);
}

/* The first finding of r about User dev, or NULL. */
static const struct finding *dev_finding(const struct ran *r, size_t *n)
{
	const struct finding *fd = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < r->f.n; i++)
		if (strstr(r->f.v[i]->message, "User dev") && !(*n)++)
			fd = r->f.v[i];
	return fd;
}

/* The findings of check id about User dev in text. */
static size_t count(const char *text, const char *id)
{
	struct ran r;
	size_t n;

	run(&r, text, id);
	dev_finding(&r, &n);
	done(&r);
	return n;
}

START_TEST(test_workload_verbs)
{
	char text[2048];

	snprintf(text, sizeof(text), ROLE_FMT, cases[_i].group,
		 cases[_i].resource, cases[_i].verbs);
	ck_assert_msg(count(text, "rbac-create-workloads") == cases[_i].creates,
		      "%s %s/%s: rbac-create-workloads", cases[_i].verbs,
		      cases[_i].group, cases[_i].resource);
	ck_assert_msg(count(text, "rbac-exec") == cases[_i].execs,
		      "%s %s/%s: rbac-exec", cases[_i].verbs, cases[_i].group,
		      cases[_i].resource);
}
END_TEST

/* The one finding of check id in text, its message. */
static void message_is(const char *text, const char *id, const char *want)
{
	struct ran r;

	run(&r, text, id);
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_str_eq(r.f.v[0]->message, want);
	done(&r);
}

START_TEST(test_workload_verbs_messages)
{
	char text[2048];

	snprintf(text, sizeof(text), ROLE_FMT, "apps", "deployments", "patch");
	message_is(text, "rbac-create-workloads",
		   "User dev can change workloads' pod templates in "
		   "namespace ci through RoleBinding dev (Role r)");
	snprintf(text, sizeof(text), ROLE_FMT, "", "pods", "patch");
	message_is(text, "rbac-exec",
		   "User dev can change the images of running pods in "
		   "namespace ci through RoleBinding dev (Role r)");
}
END_TEST

/*
 * The message says what the role grants, each kind of request once, in
 * the catalogue's order: not every way the check knows.
 */
static const struct {
	const char *group, *resources, *verbs, *id, *says;
} said[] = {
	{ "", "pods/exec", "create", "rbac-exec", "exec into pods" },
	{ "", "pods/exec", "get", "rbac-exec", "exec into pods" },
	{ "", "pods/attach, pods/exec", "create, get", "rbac-exec",
	  "exec into pods and attach to pods" },
	{ "", "pods/portforward", "create", "rbac-exec",
	  "port-forward to pods" },
	{ "", "pods/ephemeralcontainers", "patch", "rbac-exec",
	  "add ephemeral containers to pods" },
	/* catalogue order, whatever the rule's */
	{ "",
	  "pods/ephemeralcontainers, pods/portforward, pods/attach, pods/exec",
	  "update, create", "rbac-exec",
	  "exec into pods, attach to pods, port-forward to pods and add "
	  "ephemeral containers to pods" },
	{ "", "pods", "create", "rbac-create-workloads", "create pods" },
	{ "apps", "deployments, daemonsets", "create, update",
	  "rbac-create-workloads",
	  "create workloads and change workloads' pod templates" },
	{ "batch", "cronjobs", "create", "rbac-create-workloads",
	  "create workloads" },
	{ "rbac.authorization.k8s.io", "roles", "bind", "rbac-escalate",
	  "bind roles" },
	{ "rbac.authorization.k8s.io", "roles, clusterroles", "bind",
	  "rbac-escalate", "bind roles and bind cluster roles" },
	{ "rbac.authorization.k8s.io", "roles", "escalate", "rbac-escalate",
	  "escalate roles" },
	{ "", "serviceaccounts", "impersonate", "rbac-escalate",
	  "impersonate service accounts" },
};

START_TEST(test_message_says_what_is_granted)
{
	char text[2048], want[512];

	snprintf(text, sizeof(text), ROLE_FMT, said[_i].group,
		 said[_i].resources, said[_i].verbs);
	snprintf(want, sizeof(want),
		 "User dev can %s in namespace ci through RoleBinding dev "
		 "(Role r)",
		 said[_i].says);
	message_is(text, said[_i].id, want);
}
END_TEST

/* ROLE_FMT with resourceNames: group, resources, verbs, names. */
#define NAMED_FMT                                                              \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: Role\n"                                                         \
	"metadata: {name: r, namespace: ci}\n"                                 \
	"rules:\n"                                                             \
	"  - {apiGroups: [\"%s\"], resources: [%s], verbs: [%s], "             \
	"resourceNames: [%s]}\n"                                               \
	"---\n"                                                                \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: RoleBinding\n"                                                  \
	"metadata: {name: dev, namespace: ci}\n"                               \
	"roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "    \
	"r}\n"                                                                 \
	"subjects:\n"                                                          \
	"  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: dev}\n"

/*
 * exec limited by resourceNames reaches the pods named: reported, at
 * medium, with their names (the first three and how many more of five);
 * a named rule of another kind (reading a pod's log) is not exec.
 */
START_TEST(test_named_exec_message)
{
	char text[2048];
	struct ran r;

	snprintf(text, sizeof(text), NAMED_FMT, "", "pods/exec", "create",
		 "web");
	message_is(text, "rbac-exec",
		   "User dev can exec into pods in namespace ci (only Pod "
		   "web) through RoleBinding dev (Role r)");
	run(&r, text, "rbac-exec");
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_MEDIUM);
	done(&r);
	snprintf(text, sizeof(text), NAMED_FMT, "", "pods/attach, pods/exec",
		 "get", "a, b, c, d, e");
	message_is(text, "rbac-exec",
		   "User dev can exec into pods and attach to pods in "
		   "namespace ci (only Pods a, b, c and 2 more) through "
		   "RoleBinding dev (Role r)");
	snprintf(text, sizeof(text), NAMED_FMT, "", "pods/log", "get", "web");
	run(&r, text, "rbac-exec");
	ck_assert_uint_eq(r.f.n, 0);
	done(&r);
}
END_TEST

/*
 * A template change limited to named workloads still runs pods of any
 * account of the namespace: high, with the names.  resourceNames never
 * grants create, whose request names no object.
 */
START_TEST(test_named_workload_message)
{
	char text[2048];
	struct ran r;

	snprintf(text, sizeof(text), NAMED_FMT, "apps", "deployments", "patch",
		 "web");
	message_is(text, "rbac-create-workloads",
		   "User dev can change workloads' pod templates in "
		   "namespace ci (only Deployment web) through RoleBinding "
		   "dev (Role r)");
	run(&r, text, "rbac-create-workloads");
	ck_assert_int_eq(r.f.v[0]->severity, SEV_HIGH);
	done(&r);
	snprintf(text, sizeof(text), NAMED_FMT, "apps",
		 "deployments, statefulsets", "update", "web, db");
	message_is(text, "rbac-create-workloads",
		   "User dev can change workloads' pod templates in "
		   "namespace ci (only the objects named web, db) through "
		   "RoleBinding dev (Role r)");
	snprintf(text, sizeof(text), NAMED_FMT, "", "pods", "create", "x");
	run(&r, text, "rbac-create-workloads");
	ck_assert_uint_eq(r.f.n, 0);
	done(&r);
	snprintf(text, sizeof(text), NAMED_FMT, "apps", "deployments", "create",
		 "web");
	run(&r, text, "rbac-create-workloads");
	ck_assert_uint_eq(r.f.n, 0);
	done(&r);
}
END_TEST

/*
 * Patching a Deployment in ci lets dev run a pod as ci/deployer, which
 * may do anything: two steps to cluster-admin, as creating one is.  A
 * Job's template is fixed, so patching Jobs leads nowhere.  The same when
 * the rule names its controllers (resourceNames): the named Deployment's
 * new template may take the powerful account too; a named create grants
 * nothing.
 */
START_TEST(test_template_change_chain)
{
	static const struct {
		const char *group, *resource, *verbs;
		const char *names; /* resourceNames, or NULL */
		bool reaches;
		const char *label;
	} chain[] = {
		{ "apps", "deployments", "patch", NULL, true,
		  "can change the pod templates of workloads in namespace ci "
		  "through RoleBinding dev (Role r), so it rolls out a pod as "
		  "ServiceAccount ci/deployer" },
		{ "batch", "cronjobs", "update", NULL, true,
		  "can change the pod templates of workloads" },
		/* create and patch: said as creating */
		{ "apps", "deployments", "create, patch", NULL, true,
		  "can create pods in namespace ci through RoleBinding dev "
		  "(Role r), so it runs a pod as ServiceAccount ci/deployer" },
		{ "batch", "jobs", "patch", NULL, false, NULL },
		{ "apps", "deployments/scale", "patch", NULL, false, NULL },
		{ "apps", "deployments", "patch", "web", true,
		  "can change the pod templates of workloads in namespace ci" },
		{ "batch", "cronjobs", "update", "nightly", true,
		  "can change the pod templates of workloads in namespace ci" },
		{ "", "pods", "create", "web", false, NULL },
		{ "apps", "deployments", "create", "web", false, NULL },
		{ "batch", "jobs", "patch", "once", false, NULL },
	};
	size_t k;

	for (k = 0; k < sizeof(chain) / sizeof(chain[0]); k++) {
		char text[4096];
		const struct finding *dev;
		struct ran r;
		size_t n;

		if (chain[k].names)
			snprintf(text, sizeof(text), NAMED_FMT "%s",
				 chain[k].group, chain[k].resource,
				 chain[k].verbs, chain[k].names, admin_sa);
		else
			snprintf(text, sizeof(text), ROLE_FMT "%s",
				 chain[k].group, chain[k].resource,
				 chain[k].verbs, admin_sa);
		run(&r, text, "rbac-cluster-admin-equivalent");
		dev = dev_finding(&r, &n);
		ck_assert_msg(n == chain[k].reaches, "%s %s/%s %s",
			      chain[k].verbs, chain[k].group, chain[k].resource,
			      chain[k].names ? chain[k].names : "");
		if (dev) {
			ck_assert_ptr_nonnull(
			    strstr(dev->message, "in 2 steps"));
			ck_assert_uint_eq(dev->nhops, 2);
			ck_assert_ptr_nonnull(
			    strstr(dev->hops[0].label, chain[k].label));
		}
		done(&r);
	}
}
END_TEST

/*
 * Each way of running code in a pod that mounts a powerful token is a
 * step, said as what it is; port-forward reaches the pod's ports only.
 */
START_TEST(test_run_in_pod_ways)
{
	static const char pod[] =
	    "---\napiVersion: v1\nkind: Pod\n"
	    "metadata: {name: tool, namespace: ci}\n"
	    "spec:\n  serviceAccountName: deployer\n"
	    "  containers: [{name: tool, image: tool:1}]\n";
	static const struct {
		const char *resource, *verbs;
		const char *said; /* NULL: no chain */
	} ways[] = {
		{ "pods/exec", "create",
		  "it can exec into pods in namespace ci, so it execs into "
		  "Pod tool, which mounts the token of ServiceAccount "
		  "ci/deployer" },
		{ "pods/exec", "get", "so it execs into Pod tool" },
		/* no container of the pod keeps stdin open */
		{ "pods/attach", "create", NULL },
		{ "pods/ephemeralcontainers", "patch",
		  "it can add ephemeral containers to pods in namespace ci, so "
		  "it adds an ephemeral container to Pod tool" },
		{ "pods", "update",
		  "it can change the images of pods in namespace ci, so it "
		  "changes an image of Pod tool" },
		/* both: said as exec */
		{ "pods/exec, pods", "get, patch",
		  "so it execs into Pod tool" },
		{ "pods/portforward", "create, get", NULL },
		{ "pods", "get, list, delete", NULL },
	};
	size_t k;

	for (k = 0; k < sizeof(ways) / sizeof(ways[0]); k++) {
		char text[4096];
		const struct finding *dev;
		struct ran r;
		size_t n;

		snprintf(text, sizeof(text), ROLE_FMT "%s%s", "",
			 ways[k].resource, ways[k].verbs, admin_sa, pod);
		run(&r, text, "rbac-cluster-admin-equivalent");
		dev = dev_finding(&r, &n);
		ck_assert_msg((dev != NULL) == (ways[k].said != NULL), "%s %s",
			      ways[k].verbs, ways[k].resource);
		if (dev)
			ck_assert_msg(strstr(dev->message, ways[k].said),
				      "'%s' not in '%s'", ways[k].said,
				      dev->message);
		done(&r);
	}
}
END_TEST

Suite *suite_rbac_verbs(void)
{
	Suite *s = suite_create("rbac_verbs");
	TCase *t = tcase_create("verbs");

	tcase_add_loop_test(t, test_workload_verbs, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(t, test_workload_verbs_messages);
	tcase_add_test(t, test_named_exec_message);
	tcase_add_test(t, test_named_workload_message);
	tcase_add_loop_test(t, test_message_says_what_is_granted, 0,
			    sizeof(said) / sizeof(said[0]));
	tcase_add_test(t, test_template_change_chain);
	tcase_add_test(t, test_run_in_pod_ways);
	suite_add_tcase(s, t);
	return s;
}
