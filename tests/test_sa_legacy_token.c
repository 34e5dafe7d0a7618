/*
 * test_sa_legacy_token.c - a Secret of type
 * kubernetes.io/service-account-token holds a token that never expires;
 * the finding names the Secret, the account and what the account can do,
 * and its severity follows that power.
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

#define SECRET(type)                                                           \
	"apiVersion: v1\nkind: Secret\n"                                       \
	"metadata:\n  name: bot-token\n  namespace: ops\n"                     \
	"  annotations: {kubernetes.io/service-account.name: bot}\n" type      \
	"---\n"

#define TOKEN_TYPE "type: kubernetes.io/service-account-token\n"

#define BIND(role_rules)                                                       \
	"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"        \
	"metadata: {name: bot}\nrules:\n" role_rules                           \
	"---\napiVersion: rbac.authorization.k8s.io/v1\n"                      \
	"kind: ClusterRoleBinding\nmetadata: {name: bot}\n"                    \
	"roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, "   \
	"name: bot}\n"                                                         \
	"subjects: [{kind: ServiceAccount, name: bot, namespace: ops}]\n"

static const struct {
	const char *what, *text;
	const char *source; /* NULL: manifests */
	enum severity sev;  /* SEV_NONE: no finding */
	const char *said;
} cases[] = {
	{ "admin",
	  SECRET(TOKEN_TYPE) BIND(
	      "- {apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}\n"),
	  NULL, SEV_HIGH,
	  "Secret ops/bot-token holds a token of ServiceAccount ops/bot that "
	  "never expires; the account is effectively cluster-admin: it can do "
	  "anything (* on *) cluster-wide" },
	{ "reads secrets",
	  SECRET(TOKEN_TYPE) BIND(
	      "- {apiGroups: [\"\"], resources: [secrets], verbs: [list]}\n"),
	  NULL, SEV_MEDIUM,
	  "Secret ops/bot-token holds a token of ServiceAccount ops/bot that "
	  "never expires; the account can read secrets cluster-wide through "
	  "ClusterRoleBinding bot" },
	{ "harmless",
	  SECRET(TOKEN_TYPE) BIND(
	      "- {apiGroups: [\"\"], resources: [configmaps], verbs: [get]}\n"),
	  NULL, SEV_LOW,
	  "the account holds no permission of the dangerous catalogue in the "
	  "input" },
	{ "unbound", SECRET(TOKEN_TYPE), NULL, SEV_LOW,
	  "Secret ops/bot-token holds a token of ServiceAccount ops/bot" },
	/* a manifest Secret without a type is Opaque */
	{ "no type", SECRET(""), NULL, SEV_NONE, NULL },
	{ "opaque", SECRET("type: Opaque\n"), NULL, SEV_NONE, NULL },
	/* a live list or snapshot shows no type: the annotation decides */
	{ "metadata only", SECRET(""), "snapshot", SEV_LOW,
	  "ServiceAccount ops/bot that never expires" },
	{ "not annotated",
	  "apiVersion: v1\nkind: Secret\nmetadata: {name: t, namespace: ops}\n"
	  "type: kubernetes.io/service-account-token\n",
	  NULL, SEV_NONE, NULL },
};

static bool only(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "sa-legacy-token");
}

START_TEST(test_legacy_token)
{
	struct scan *s = tu_scan_text(cases[_i].text);
	struct tu_checks r;

	ck_assert_uint_eq(s->errors.n, 0);
	if (cases[_i].source)
		s->meta.source = cases[_i].source;
	tu_checks_run(&r, s, check_registry, only, NULL);
	if (cases[_i].sev == SEV_NONE) {
		ck_assert_msg(r.f.n == 0, "%s: %s", cases[_i].what,
			      r.f.n ? r.f.v[0]->message : "");
	} else {
		ck_assert_msg(r.f.n == 1, "%s: %zu findings", cases[_i].what,
			      r.f.n);
		ck_assert_msg(strstr(r.f.v[0]->message, cases[_i].said),
			      "%s: %s", cases[_i].what, r.f.v[0]->message);
		ck_assert_int_eq(r.f.v[0]->severity, cases[_i].sev);
		ck_assert_str_eq(r.f.v[0]->obj->name, "bot-token");
	}
	tu_checks_release(&r);
}
END_TEST

/* argo-workflows' quick start creates default.service-account-token. */
START_TEST(test_legacy_token_argo)
{
	char path[700];
	const char *p[1] = { path };
	struct tu_checks r;
	const struct finding *fd;
	TU_NEED_SHARED(shared);

	snprintf(path, sizeof(path),
		 "%s/k8s-real/sensitive-apps/argo-workflows/"
		 "quick-start-minimal.yaml",
		 shared);
	tu_checks_run(&r, tu_scan_paths(p, 1), check_registry, only, NULL);
	ck_assert_uint_eq(r.f.n, 2);
	fd = tu_checks_with(&r, "Secret default/default.service-account-token "
				"holds a token of ServiceAccount "
				"default/default that never expires; the "
				"account can create pods");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_MEDIUM);
	ck_assert_uint_eq(fd->ev[0].line, 3444);
	fd = tu_checks_with(&r, "ServiceAccount default/github.com that never "
				"expires; the account holds no permission");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_LOW);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_sa_legacy_token(void)
{
	Suite *s = suite_create("sa_legacy_token");
	TCase *t = tcase_create("token");

	tcase_add_loop_test(t, test_legacy_token, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(t, test_legacy_token_argo);
	suite_add_tcase(s, t);
	return s;
}
