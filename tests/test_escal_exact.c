/*
 * test_escal_exact.c - two exact edges of the escalation paths.
 *
 * A namespace that only Pod Security guards is no guard for a subject that
 * may also update or patch its Namespace: it sets the enforce label to
 * privileged and then creates a privileged pod, a step to the node.  A
 * Kyverno or ValidatingAdmissionPolicy guard stays, and so does the label
 * for whoever cannot write that Namespace.
 *
 * A rule that execs into, attaches to, adds ephemeral containers to or
 * updates pods by resourceNames reaches the Pods it names, not the most
 * powerful pod of the namespace.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define RELABEL	   "testdata/rbac/node-escape/relabel/"
#define NAMED_EXEC "testdata/rbac/named-exec/"

/*
 * The rbac-cluster-admin-equivalent finding on binding `on` of file: its
 * message (malloc'ed), or NULL.  With want_ev, *ev_ok says whether some
 * evidence value and some hop label hold want_ev.
 */
static char *chain_on(const char *file, const char *on, const char *want_ev,
		      bool *ev_ok)
{
	const struct check *one[2] = {
		check_find("rbac-cluster-admin-equivalent"), NULL
	};
	const char *p[1] = { file };
	struct tu_checks r;
	char *msg = NULL;
	size_t i, n = 0;
	unsigned k;

	ck_assert_ptr_nonnull(one[0]);
	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	ck_assert_msg(r.s->errors.n == 0, "%s: input errors", file);
	for (i = 0; i < r.f.n; i++) {
		const struct finding *fd = r.f.v[i];
		bool in_ev = false, in_hop = false;

		if (strcmp(fd->obj->name, on))
			continue;
		n++;
		msg = strdup(fd->message);
		for (k = 0; want_ev && k < fd->nev; k++)
			if (fd->ev[k].value && strstr(fd->ev[k].value, want_ev))
				in_ev = true;
		for (k = 0; want_ev && k < fd->nhops; k++)
			if (fd->hops[k].label &&
			    strstr(fd->hops[k].label, want_ev))
				in_hop = true;
		if (ev_ok)
			*ev_ok = in_ev && in_hop;
	}
	ck_assert_msg(n <= 1, "%s: %zu findings on %s", file, n, on);
	tu_checks_release(&r);
	return msg;
}

START_TEST(test_relabel_fires)
{
	bool ev = false;
	char *m = chain_on(RELABEL "relabel.yaml", "builder-pods",
			   "ClusterRole ci-labeler", &ev);

	ck_assert_msg(m != NULL, "no chain through a relabelled namespace");
	ck_assert_msg(strstr(m, "in 2 steps: it can set the Pod Security "
				"enforce label of the namespace, its only "
				"admission control, to privileged and create "
				"privileged pods in namespace ci, so it takes "
				"the node of Deployment ops/operator") != NULL,
		      "%s", m);
	/* both grants: the pods one is the finding's binding */
	ck_assert_msg(ev, "the Namespace patch grant is not in the evidence "
			  "and the path");
	free(m);
	/* a RoleBinding of ci is a grant on Namespace ci itself */
	m = chain_on(RELABEL "relabel-own-role.yaml", "builder-pods", NULL,
		     NULL);
	ck_assert_msg(m && strstr(m, "enforce label of the namespace"), "%s",
		      m ? m : "no chain");
	free(m);
}
END_TEST

START_TEST(test_relabel_silent)
{
	static const char *const silent[] = {
		RELABEL "relabel-kyverno.yaml",
		RELABEL "relabel-vap.yaml",
		RELABEL "relabel-without-namespace-update.yaml",
		RELABEL "relabel-other-namespace.yaml",
	};
	size_t i;

	for (i = 0; i < sizeof(silent) / sizeof(silent[0]); i++) {
		char *m = chain_on(silent[i], "builder-pods", NULL, NULL);
		ck_assert_msg(m == NULL, "%s: %s", silent[i], m);
	}
}
END_TEST

/* who-can --effective tells the relabel step too. */
START_TEST(test_relabel_who_can)
{
	char *out = NULL;

	ck_assert_int_eq(tu_runf(&out,
				 "who-can get secrets -A --effective -f "
				 "%srelabel.yaml",
				 RELABEL),
			 0);
	ck_assert_msg(strstr(out, "ServiceAccount ci/builder\n  1. can set the "
				  "Pod Security enforce label of the "
				  "namespace") != NULL,
		      "%s", out);
	free(out);
	ck_assert_int_eq(tu_runf(&out,
				 "who-can get secrets -A --effective -f "
				 "%srelabel-vap.yaml",
				 RELABEL),
			 0);
	ck_assert_ptr_null(strstr(out, "ServiceAccount ci/builder\n"));
	free(out);
}
END_TEST

START_TEST(test_named_exec_reaches_named_pods)
{
	char *m =
	    chain_on(NAMED_EXEC "exec-powerful.yaml", "dev-debug", NULL, NULL);

	ck_assert_msg(m != NULL, "no chain through the named pod");
	ck_assert_msg(strstr(m, "it can exec into pods in namespace app, so "
				"it execs into Pod agent, which mounts the "
				"token of ServiceAccount app/agent") != NULL,
		      "%s", m);
	free(m);
	/* a StatefulSet's pods are named SET-N: ledger-1 is its second */
	m = chain_on(NAMED_EXEC "statefulset-powerful.yaml", "dev-dba", NULL,
		     NULL);
	ck_assert_msg(m && strstr(m, "so it execs into StatefulSet ledger, "
				     "which mounts the token of "
				     "ServiceAccount app/ledger"),
		      "%s", m ? m : "no chain");
	free(m);
	m = chain_on(NAMED_EXEC "ephemeral-powerful.yaml", "dev-debug", NULL,
		     NULL);
	ck_assert_msg(m && strstr(m, "adds an ephemeral container to Pod "
				     "agent"),
		      "%s", m ? m : "no chain");
	free(m);
}
END_TEST

START_TEST(test_named_exec_other_pods)
{
	static const char *const silent[] = {
		NAMED_EXEC "exec-harmless.yaml",
		NAMED_EXEC "ephemeral-harmless.yaml",
		NAMED_EXEC "attach-no-stdin.yaml",
	};
	size_t i;

	for (i = 0; i < sizeof(silent) / sizeof(silent[0]); i++) {
		char *m = chain_on(silent[i], "dev-debug", NULL, NULL);
		ck_assert_msg(m == NULL, "%s: %s", silent[i], m);
	}
	/* ledger-2 past the replicas, ledger-01 with a leading zero, the
	 * set's own name: no pod of it */
	{
		char *m = chain_on(NAMED_EXEC "statefulset-other-ordinal.yaml",
				   "dev-dba", NULL, NULL);
		ck_assert_msg(m == NULL, "%s", m);
	}
}
END_TEST

Suite *suite_escal_exact(void)
{
	Suite *s = suite_create("escal_exact");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_relabel_fires);
	tcase_add_test(tc, test_relabel_silent);
	tcase_add_test(tc, test_relabel_who_can);
	tcase_add_test(tc, test_named_exec_reaches_named_pods);
	tcase_add_test(tc, test_named_exec_other_pods);
	suite_add_tcase(s, tc);
	return s;
}
