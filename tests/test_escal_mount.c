/*
 * test_escal_mount.c - the exec step to cluster-admin needs a pod that
 * mounts the account's token: automountServiceAccountToken on the
 * ServiceAccount and on the pod, and projected tokens, as the API server
 * applies them.
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

static const char base[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: hooks}\n"
    "rules:\n"
    "  - apiGroups: [admissionregistration.k8s.io]\n"
    "    resources: [mutatingwebhookconfigurations]\n"
    "    verbs: [create]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: hooks}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "
    "name: hooks}\n"
    "subjects:\n"
    "  - {kind: ServiceAccount, name: ops-agent, namespace: tools}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: Role\n"
    "metadata: {name: debug, namespace: tools}\n"
    "rules:\n"
    "  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: RoleBinding\n"
    "metadata: {name: debugger, namespace: tools}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "
    "debug}\n"
    "subjects:\n"
    "  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "
    "debugger}\n"
    "---\n";

static const struct {
	const char *sa_automount; /* on the ServiceAccount, or NULL: none */
	const char *pod_extra;	  /* more of the pod's spec */
	bool reaches;
} cases[] = {
	/* no ServiceAccount object: the token is mounted */
	{ NULL, "", true },
	{ "true", "", true },
	/* the account turns automounting off, the pod says nothing */
	{ "false", "", false },
	/* the pod's own setting wins over the account's */
	{ "false", "  automountServiceAccountToken: true\n", true },
	{ NULL, "  automountServiceAccountToken: false\n", false },
	/* a projected token is mounted whatever automounting says */
	{ "false",
	  "  automountServiceAccountToken: false\n"
	  "  volumes:\n"
	  "  - name: tok\n"
	  "    projected:\n"
	  "      sources: [{serviceAccountToken: {path: token}}]\n",
	  true },
};

static bool only(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "rbac-cluster-admin-equivalent");
}

START_TEST(test_exec_needs_mounted_token)
{
	char text[4096];
	struct scan *s;
	struct findings f;
	struct check_result *res;
	size_t nres, i;
	bool found = false;

	snprintf(text, sizeof(text),
		 "%s"
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: agent, namespace: tools}\n"
		 "spec:\n  serviceAccountName: ops-agent\n"
		 "  containers: [{name: agent, image: agent:1}]\n%s"
		 "%s%s%s",
		 base, cases[_i].pod_extra,
		 cases[_i].sa_automount ? "---\napiVersion: v1\nkind: "
					  "ServiceAccount\nmetadata: {name: "
					  "ops-agent, namespace: tools}\n"
					  "automountServiceAccountToken: "
					: "",
		 cases[_i].sa_automount ? cases[_i].sa_automount : "",
		 cases[_i].sa_automount ? "\n" : "");
	s = tu_scan_text(text);
	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, only, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++)
		if (strstr(f.v[i]->message, "User debugger")) {
			found = true;
			ck_assert_ptr_nonnull(
			    strstr(f.v[i]->message, "execs into Pod agent"));
		}
	ck_assert_msg(found == cases[_i].reaches, "case %d: %s", _i,
		      found ? "reached" : "not reached");
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/*
 * Adding an ephemeral container (update or patch of
 * pods/ephemeralcontainers, what kubectl debug does) runs code in the pod
 * as exec does, so it is the same step; reading the subresource is not.
 */
static const struct {
	const char *verbs;
	bool reaches;
} debug_cases[] = {
	{ "[patch]", true },
	{ "[update]", true },
	{ "[get, list, watch]", false },
};

static bool exec_checks(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "rbac-cluster-admin-equivalent") ||
	       !strcmp(c->id, "rbac-exec");
}

/*
 * Count the findings of rbac-exec and of the chain to cluster-admin about
 * User debugger in text.
 */
static void count_debugger(const char *text, size_t *execs, size_t *chains)
{
	struct scan *s = tu_scan_text(text);
	struct findings f;
	struct check_result *res;
	size_t nres, i;

	*execs = *chains = 0;
	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, exec_checks, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++) {
		const struct finding *fd = f.v[i];

		if (!strstr(fd->message, "User debugger"))
			continue;
		if (!strcmp(fd->check->id, "rbac-exec")) {
			/* what the role grants, said as it is */
			ck_assert_str_eq(
			    fd->message,
			    strstr(text, "pods/ephemeralcontainers")
				? "User debugger can add ephemeral containers "
				  "to pods in namespace tools through "
				  "RoleBinding debugger (Role debug)"
				: "User debugger can exec into pods in "
				  "namespace tools through RoleBinding "
				  "debugger (Role debug)");
			++*execs;
		} else {
			ck_assert_ptr_nonnull(strstr(
			    fd->message, "it can add ephemeral "
					 "containers to pods in namespace "
					 "tools, so it adds an ephemeral "
					 "container to Pod agent"));
			++*chains;
		}
	}
	findings_release(&f);
	free(res);
	scan_free(s);
}

START_TEST(test_ephemeral_containers_step)
{
	static const char exec_rule[] =
	    "{apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}";
	static const char pod[] =
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: agent, namespace: tools}\n"
	    "spec:\n  serviceAccountName: ops-agent\n"
	    "  containers: [{name: agent, image: agent:1}]\n";
	char rule[128], text[4096];
	const char *at = strstr(base, exec_rule);
	size_t execs, chains;

	ck_assert_ptr_nonnull(at);
	snprintf(rule, sizeof(rule),
		 "{apiGroups: [\"\"], resources: [pods/ephemeralcontainers], "
		 "verbs: %s}",
		 debug_cases[_i].verbs);
	/* no pod holds the powerful token: the grant itself is reported */
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - base), base, rule,
		 at + strlen(exec_rule));
	count_debugger(text, &execs, &chains);
	ck_assert_uint_eq(execs, debug_cases[_i].reaches);
	ck_assert_uint_eq(chains, 0);
	/* with the pod, the step reaches cluster-admin and is said once */
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s", pod);
	count_debugger(text, &execs, &chains);
	ck_assert_uint_eq(execs, 0);
	ck_assert_uint_eq(chains, debug_cases[_i].reaches);
}
END_TEST

Suite *suite_escal_mount(void)
{
	Suite *s = suite_create("escal_mount");
	TCase *t = tcase_create("mount");

	tcase_add_loop_test(t, test_exec_needs_mounted_token, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(t, test_ephemeral_containers_step, 0,
			    sizeof(debug_cases) / sizeof(debug_cases[0]));
	suite_add_tcase(s, t);
	return s;
}
