/*
 * test_cp_files.c - the API server's configuration files given as input
 * (audit Policy, AuthenticationConfiguration, AdmissionConfiguration,
 * EncryptionConfiguration): how they are judged, and how a kube-apiserver
 * pod naming them by path is linked to them.
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

static bool only(const struct check *c, void *ctx)
{
	return !strcmp(c->id, (const char *)ctx);
}

static void run_on(struct tu_checks *r, struct scan *s, const char *id)
{
	tu_checks_run(r, s, check_registry, only, (void *)id);
}

#define FILES "testdata/controlplane/files"

static const struct {
	const char *check, *flag, *file, *what;
} linked[] = {
	{ "apiserver-audit-policy", "audit-policy-file", "audit-policy.yaml",
	  "reading Secrets is not recorded" },
	{ "apiserver-authentication-config", "authentication-config",
	  "authn.yaml", "anonymous requests are served" },
	{ "apiserver-admission-config", "admission-control-config-file",
	  "admission.yaml", "enforces privileged by default" },
	{ "apiserver-encryption-at-rest", "encryption-provider-config",
	  "encryption.yaml", "first provider for secrets is identity" },
};

/* Each file is named by the pod's flag (same base name) and says so. */
START_TEST(test_linked_by_path)
{
	const char *p[2] = { FILES "/kube-apiserver.yaml", NULL };
	char file[256], user[256];
	const struct finding *fd;
	struct tu_checks r;

	snprintf(file, sizeof(file), FILES "/%s", linked[_i].file);
	p[1] = file;
	snprintf(user, sizeof(user),
		 "(--%s of kube-apiserver in Pod kube-system/"
		 "kube-apiserver-cp1)",
		 linked[_i].flag);
	run_on(&r, tu_scan_paths(p, 2), linked[_i].check);
	fd = tu_checks_with(&r, linked[_i].what);
	ck_assert_msg(fd != NULL, "%s: no finding", linked[_i].check);
	ck_assert_msg(strstr(fd->message, user) != NULL, "%s", fd->message);
	ck_assert_str_eq(fd->obj->file, file);
	tu_checks_release(&r);
}
END_TEST

/* Alone, the file is still judged; no API server is named. */
START_TEST(test_file_alone)
{
	char file[256];
	const char *p = file;
	const struct finding *fd;
	struct tu_checks r;

	snprintf(file, sizeof(file), FILES "/%s", linked[_i].file);
	run_on(&r, tu_scan_paths(&p, 1), linked[_i].check);
	fd = tu_checks_with(&r, linked[_i].what);
	ck_assert_ptr_nonnull(fd);
	ck_assert_ptr_null(strstr(fd->message, "of kube-apiserver"));
	tu_checks_release(&r);
}
END_TEST

/* Without the file, the check cannot judge: not visible, never passed. */
START_TEST(test_unseen_without_file)
{
	const char *p = FILES "/kube-apiserver.yaml";
	struct tu_checks r;
	size_t i;

	if (!strcmp(linked[_i].check, "apiserver-encryption-at-rest"))
		return; /* judges the flag too: seen with the pod */
	run_on(&r, tu_scan_paths(&p, 1), linked[_i].check);
	ck_assert_uint_eq(r.f.n, 0);
	for (i = 0; i < r.nres; i++)
		if (!strcmp(r.res[i].check->id, linked[_i].check))
			ck_assert_int_eq(r.res[i].status, CHECK_NOT_VISIBLE);
	tu_checks_release(&r);
}
END_TEST

/*
 * The real GCE API server manifest hides its flags behind {{params}}: a
 * policy given beside it is judged on its own, not linked.
 */
START_TEST(test_real_gce_apiserver_not_linked)
{
	char a[600];
	const char *p[2] = { a, FILES "/audit-policy.yaml" };
	const struct finding *fd;
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	snprintf(a, sizeof(a),
		 "%s/k8s-real/control-plane/kubernetes-gce/"
		 "kube-apiserver.manifest",
		 shared);
	run_on(&r, tu_scan_paths(p, 2), "apiserver-audit-policy");
	ck_assert_uint_eq(r.f.n, 2); /* Secrets unrecorded; RBAC Metadata */
	fd = tu_checks_with(&r, "reading Secrets");
	ck_assert_ptr_nonnull(fd);
	ck_assert_ptr_null(strstr(fd->message, "kube-apiserver"));
	ck_assert_int_eq(fd->severity, SEV_MEDIUM);
	fd = tu_checks_with(&r, "not RequestResponse");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_LOW);
	tu_checks_release(&r);
}
END_TEST

/* The audit checker's matching: which rule decides each request. */
static const struct {
	const char *rules; /* YAML list under rules: */
	const char *want;  /* a message part, or NULL for no finding */
} policies[] = {
	/* the star-slash-exec and pods-slash-star forms match subresources */
	{ "- {level: None, resources: [{group: '', resources: ['*/exec']}]}\n"
	  "- {level: RequestResponse}\n",
	  "exec into pods is not recorded" },
	{ "- {level: None, resources: [{group: '', resources: ['pods/*']}]}\n"
	  "- {level: RequestResponse}\n",
	  "exec into pods is not recorded" },
	/* rules for other users, namespaces or names do not match */
	{ "- {level: None, users: [admin]}\n"
	  "- {level: None, namespaces: [kube-system]}\n"
	  "- {level: None, resources: [{group: '', resources: [secrets], "
	  "resourceNames: [x]}]}\n"
	  "- {level: RequestResponse}\n",
	  NULL },
	/* a group rule for everyone does */
	{ "- {level: None, userGroups: ['system:authenticated'], "
	  "resources: [{group: ''}]}\n"
	  "- {level: RequestResponse}\n",
	  "reading Secrets, requesting service account tokens and exec into "
	  "pods are not recorded" },
	/* nothing matches: the default is None */
	{ "- {level: Metadata, verbs: [delete]}\n",
	  "reading Secrets, requesting service account tokens and exec into "
	  "pods are not recorded" },
	/* a group's rule without resources matches all of it */
	{ "- {level: Request, resources: [{group: "
	  "rbac.authorization.k8s.io}]}\n"
	  "- {level: RequestResponse}\n",
	  "recorded at level Request, not RequestResponse" },
	{ "- {level: None, nonResourceURLs: ['/healthz*']}\n"
	  "- {level: RequestResponse}\n",
	  NULL },
};

START_TEST(test_audit_matching)
{
	char text[1024];
	struct tu_checks r;

	snprintf(text, sizeof(text),
		 "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n%s",
		 policies[_i].rules);
	run_on(&r, tu_scan_text(text), "apiserver-audit-policy");
	if (!policies[_i].want)
		ck_assert_msg(r.f.n == 0, "case %d: %s", _i,
			      r.f.n ? r.f.v[0]->message : "");
	else
		ck_assert_msg(tu_checks_with(&r, policies[_i].want) != NULL,
			      "case %d: %zu findings, first: %s", _i, r.f.n,
			      r.f.n ? r.f.v[0]->message : "");
	tu_checks_release(&r);
}
END_TEST

Suite *suite_cp_files(void)
{
	Suite *s = suite_create("cp_files");
	TCase *t = tcase_create("files");
	const int nl = (int)(sizeof(linked) / sizeof(linked[0]));

	tcase_add_loop_test(t, test_linked_by_path, 0, nl);
	tcase_add_loop_test(t, test_file_alone, 0, nl);
	tcase_add_loop_test(t, test_unseen_without_file, 0, nl);
	tcase_add_test(t, test_real_gce_apiserver_not_linked);
	tcase_add_loop_test(t, test_audit_matching, 0,
			    (int)(sizeof(policies) / sizeof(policies[0])));
	suite_add_tcase(s, t);
	return s;
}
