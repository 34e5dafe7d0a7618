/*
 * test_cp_admission_paths.c - apiserver-admission-config follows a
 * plugin's "path:" to the file of the input it names (PodSecurity,
 * EventRateLimit), reports into that file, and names the files the input
 * lacks; EventRateLimit without a per-namespace or per-user limit.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define PDIR "testdata/controlplane/admission-paths"

struct run {
	struct scan *s;
	struct findings f;
	struct check_result *res;
	size_t nres;
	const struct check_result *mine; /* the result of the check */
};

static bool only_admission(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "apiserver-admission-config");
}

static void run_paths(struct run *r, const char *const *p, size_t n)
{
	size_t i;

	r->s = tu_scan_paths(p, n);
	findings_init(&r->f, r->s->arena);
	ck_assert_int_eq(scan_run(r->s, check_registry, only_admission, NULL,
				  &r->f, &r->res, &r->nres),
			 0);
	ck_assert_uint_eq(r->s->errors.n, 0);
	r->mine = NULL;
	for (i = 0; i < r->nres; i++)
		if (only_admission(r->res[i].check, NULL))
			r->mine = &r->res[i];
	ck_assert_ptr_nonnull(r->mine);
}

static void run_release(struct run *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->s);
}

static const struct finding *on(const struct run *r, const char *kind,
				const char *path)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		if (!strcmp(r->f.v[i]->obj->kind, kind) &&
		    !strcmp(r->f.v[i]->ev[0].path, path))
			return r->f.v[i];
	return NULL;
}

/* Both files followed: findings point into them, at their lines. */
START_TEST(test_paths_followed)
{
	const char *p[3] = { PDIR "/admission.yaml", PDIR "/pod-security.yaml",
			     PDIR "/eventratelimit.yaml" };
	const struct finding *fd;
	struct run r;

	run_paths(&r, p, 3);
	ck_assert_uint_eq(r.f.n, 3);
	fd = on(&r, "PodSecurityConfiguration", "defaults.enforce");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->obj->file, PDIR "/pod-security.yaml");
	ck_assert_uint_eq(fd->ev[0].line, 4);
	ck_assert(strstr(fd->message,
			 "(/etc/kubernetes/admission/pod-security.yaml)"));
	fd = on(&r, "PodSecurityConfiguration", "exemptions.namespaces");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->ev[0].value, "ci");
	fd = on(&r, "Configuration", "limits");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_LOW);
	ck_assert_str_eq(fd->ev[0].value, "Server only");
	/* ImagePolicyWebhook's file is no concern of this check */
	ck_assert(!r.mine->partial);
	run_release(&r);
}
END_TEST

/*
 * A safe Pod Security file, and no EventRateLimit file: silent, and
 * partial, naming the missing file only.
 */
START_TEST(test_missing_file_named)
{
	const char *p[2] = { PDIR "/admission.yaml",
			     PDIR "/baseline/pod-security.yaml" };
	struct run r;

	run_paths(&r, p, 2);
	ck_assert_uint_eq(r.f.n, 0);
	ck_assert(r.mine->partial);
	ck_assert_ptr_nonnull(r.mine->why);
	ck_assert(strstr(r.mine->why,
			 "/etc/kubernetes/admission/eventratelimit.yaml "
			 "(EventRateLimit of admission.yaml)"));
	ck_assert(!strstr(r.mine->why, "pod-security.yaml"));
	ck_assert(!strstr(r.mine->why, "image-policy"));
	run_release(&r);
}
END_TEST

/* Inline EventRateLimit: a server-wide limit alone fires, per-namespace
 * passes. */
START_TEST(test_event_rate_inline)
{
	const char *fire = "testdata/checks/apiserver-admission-config/fire/"
			   "event-rate-server-only.yaml";
	const char *quiet = "testdata/checks/apiserver-admission-config/silent/"
			    "event-rate-per-namespace.yaml";
	struct run r;

	run_paths(&r, &fire, 1);
	ck_assert_uint_eq(r.f.n, 1);
	ck_assert_str_eq(r.f.v[0]->ev[0].path,
			 "plugins[0].configuration.limits");
	ck_assert_uint_eq(r.f.v[0]->ev[0].line, 11);
	ck_assert(!r.mine->partial);
	run_release(&r);
	run_paths(&r, &quiet, 1);
	ck_assert_uint_eq(r.f.n, 0);
	ck_assert_int_eq(r.mine->status, CHECK_PASSED);
	run_release(&r);
}
END_TEST

Suite *suite_cp_admission_paths(void)
{
	Suite *s = suite_create("cp_admission_paths");
	TCase *t = tcase_create("paths");

	tcase_add_test(t, test_paths_followed);
	tcase_add_test(t, test_missing_file_named);
	tcase_add_test(t, test_event_rate_inline);
	suite_add_tcase(s, t);
	return s;
}
