/*
 * test_escal_attach.c - attaching to a pod is a step to the token it
 * mounts only when one of its containers keeps stdin open (stdin: true):
 * otherwise an attach streams the container's output and runs nothing.
 * The right itself is still reported by rbac-exec.
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

/* User dev may attach to pods in ci; ServiceAccount ci/deployer is admin. */
static const char rbac[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: Role\n"
    "metadata: {name: attach, namespace: ci}\n"
    "rules:\n"
    "  - {apiGroups: [\"\"], resources: [pods/attach], verbs: [create]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: RoleBinding\n"
    "metadata: {name: dev, namespace: ci}\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "
    "attach}\n"
    "subjects:\n"
    "  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: dev}\n"
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

#define POD(name, spec)                                                        \
	"---\napiVersion: v1\nkind: Pod\n"                                     \
	"metadata: {name: " name ", namespace: ci}\n"                          \
	"spec:\n  serviceAccountName: deployer\n" spec

static const struct {
	const char *what, *pods;
	const char *said; /* in the chain's message; NULL: no chain */
} cases[] = {
	{ "no stdin", POD("tool", "  containers: [{name: tool, image: t:1}]\n"),
	  NULL },
	{ "stdin false",
	  POD("tool",
	      "  containers: [{name: tool, image: t:1, stdin: false}]\n"),
	  NULL },
	{ "stdin on an app container",
	  POD("shell", "  containers: [{name: sh, image: busybox:1, stdin: "
		       "true, tty: true}]\n"),
	  "it can attach to pods in namespace ci, so it attaches to container "
	  "sh of Pod shell, which keeps stdin open (stdin: true), and the pod "
	  "mounts the token of ServiceAccount ci/deployer; then "
	  "ServiceAccount ci/deployer can do anything" },
	{ "stdin on a native sidecar",
	  POD("side", "  initContainers: [{name: repl, image: py:3, "
		      "restartPolicy: Always, stdin: true}]\n"
		      "  containers: [{name: app, image: a:1}]\n"),
	  "attaches to container repl of Pod side," },
	/* the token is not there to take */
	{ "no token",
	  POD("shell", "  automountServiceAccountToken: false\n"
		       "  containers: [{name: sh, image: busybox:1, stdin: "
		       "true}]\n"),
	  NULL },
	/* the pod that takes stdin is found after one that does not */
	{ "second pod",
	  POD("tool", "  containers: [{name: tool, image: t:1}]\n")
	      POD("shell", "  containers: [{name: app, image: a:1}, {name: "
			   "sh, image: busybox:1, stdin: true}]\n"),
	  "attaches to container sh of Pod shell," },
	{ "template",
	  "---\napiVersion: apps/v1\nkind: Deployment\n"
	  "metadata: {name: console, namespace: ci}\n"
	  "spec:\n  selector: {matchLabels: {app: c}}\n"
	  "  template:\n    metadata: {labels: {app: c}}\n"
	  "    spec:\n      serviceAccountName: deployer\n"
	  "      containers: [{name: irb, image: ruby:3, stdin: true}]\n",
	  "attaches to container irb of Deployment console," },
};

static bool only(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "rbac-cluster-admin-equivalent") ||
	       !strcmp(c->id, "rbac-exec");
}

START_TEST(test_attach_needs_stdin)
{
	char text[8192];
	struct scan *s;
	struct findings f;
	struct check_result *res;
	size_t nres, i, chains = 0, execs = 0;

	snprintf(text, sizeof(text), "%s%s", rbac, cases[_i].pods);
	s = tu_scan_text(text);
	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, only, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++) {
		const struct finding *fd = f.v[i];

		if (!strstr(fd->message, "User dev"))
			continue;
		if (!strcmp(fd->check->id, "rbac-exec")) {
			execs++;
			continue;
		}
		chains++;
		ck_assert_msg(cases[_i].said &&
				  strstr(fd->message, cases[_i].said),
			      "%s: %s", cases[_i].what, fd->message);
		ck_assert_uint_eq(fd->nhops, 2);
	}
	ck_assert_msg(chains == (cases[_i].said != NULL), "%s: %zu chains",
		      cases[_i].what, chains);
	/* the right is said once: by the chain, or by rbac-exec */
	ck_assert_msg(execs == (cases[_i].said == NULL), "%s: %zu rbac-exec",
		      cases[_i].what, execs);
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

Suite *suite_escal_attach(void)
{
	Suite *s = suite_create("escal_attach");
	TCase *t = tcase_create("attach");

	tcase_add_loop_test(t, test_attach_needs_stdin, 0,
			    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, t);
	return s;
}
