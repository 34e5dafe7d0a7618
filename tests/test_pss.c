/*
 * The Pod Security Standards profiles: their tables, the firing and silent
 * fixtures of every profile check (testdata/checks/pss-*), and the
 * upstream PodSecurity admission fixtures (../shared/k8s-real/pod-security/
 * psa-testdata/<level>/<version>/{fail,pass}): every fail Pod fails its
 * control under its level's profile, every pass Pod passes the profile.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "matrix.h"
#include "pss.h"
#include "scan.h"
#include "testutil.h"

#define PSA_VERSION "v1.37"

/* Upstream control (fixture name without its number) -> our check. */
static const struct {
	const char *upstream, *check;
} controls[] = {
	{ .upstream = "windowshostprocess", .check = "pss-host-process" },
	{ .upstream = "hostnamespaces", .check = "pss-host-namespaces" },
	{ .upstream = "privileged", .check = "pss-privileged" },
	{ .upstream = "capabilities_baseline", .check = "pss-capabilities" },
	{ .upstream = "hostpathvolumes", .check = "pss-host-path" },
	{ .upstream = "hostports", .check = "pss-host-ports" },
	{ .upstream = "hostprobesandhostlifecycle",
	  .check = "pss-host-probes" },
	{ .upstream = "apparmorprofile", .check = "pss-apparmor" },
	{ .upstream = "selinuxoptions", .check = "pss-selinux" },
	{ .upstream = "procmount", .check = "pss-proc-mount" },
	{ .upstream = "seccompprofile_baseline", .check = "pss-seccomp" },
	{ .upstream = "sysctls", .check = "pss-sysctls" },
	{ .upstream = "restrictedvolumes", .check = "pss-volume-types" },
	{ .upstream = "allowprivilegeescalation",
	  .check = "pss-privilege-escalation" },
	{ .upstream = "runasnonroot", .check = "pss-run-as-non-root" },
	{ .upstream = "runasuser", .check = "pss-run-as-user" },
	{ .upstream = "seccompprofile_restricted",
	  .check = "pss-seccomp-restricted" },
	{ .upstream = "capabilities_restricted",
	  .check = "pss-capabilities-restricted" },
	{ .upstream = "procmount_restricted",
	  .check = "pss-proc-mount-restricted" },
};

#define NCONTROLS (sizeof(controls) / sizeof(controls[0]))

/* Our check for a fixture file name ("capabilities_baseline2.yaml"). */
static const char *control_of(const char *file)
{
	char stem[128];
	size_t len = strcspn(file, ".");
	size_t i;

	if (len >= sizeof(stem))
		return NULL;
	memcpy(stem, file, len);
	while (len && stem[len - 1] >= '0' && stem[len - 1] <= '9')
		len--;
	stem[len] = '\0';
	for (i = 0; i < NCONTROLS; i++)
		if (!strcmp(controls[i].upstream, stem))
			return controls[i].check;
	return NULL;
}

struct prun {
	struct scan *scan;
	struct findings f;
	struct check_result *res;
	size_t nres;
};

static void prun_path(struct prun *r, const struct profile *p, const char *path)
{
	const char *paths[1] = { path };
	size_t i;

	r->scan = tu_scan_paths(paths, 1);
	for (i = 0; i < r->scan->errors.n; i++) {
		char buf[1024];
		ck_abort_msg(
		    "%s: load error: %s", path,
		    diag_format(&r->scan->errors.v[i], buf, sizeof(buf)));
	}
	findings_init(&r->f, r->scan->arena);
	ck_assert_int_eq(
	    scan_run(r->scan, p->checks, NULL, NULL, &r->f, &r->res, &r->nres),
	    0);
}

static void prun_release(struct prun *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->scan);
}

static size_t count_id(const struct prun *r, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < r->f.n; i++)
		n += !strcmp(r->f.v[i]->check->id, id);
	return n;
}

static void dump(const struct prun *r)
{
	size_t i;

	for (i = 0; i < r->f.n; i++)
		fprintf(stderr, "  %s %s: %s\n", r->f.v[i]->check->id,
			r->f.v[i]->obj->name, r->f.v[i]->message);
}

/* ---- the tables ---- */

START_TEST(test_profiles_table)
{
	const struct profile *b = profile_find("pss-baseline");
	const struct profile *r = profile_find("pss-restricted");
	const struct check *const *c;
	size_t nb = 0, nr = 0, i;

	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(profile_find("pss-privileged"));
	for (c = b->checks; *c; c++, nb++) {
		ck_assert_ptr_eq(check_find((*c)->id), *c);
		ck_assert_msg(!strncmp((*c)->id, "pss-", 4), "%s", (*c)->id);
	}
	for (c = r->checks; *c; c++, nr++)
		ck_assert_ptr_eq(check_find((*c)->id), *c);
	/* restricted holds every baseline control plus its own */
	for (c = b->checks; *c; c++) {
		const struct check *const *d;
		bool found = !strcmp((*c)->id, "pss-namespace-baseline");

		for (d = r->checks; *d && !found; d++)
			found = *d == *c;
		ck_assert_msg(found, "%s missing from pss-restricted",
			      (*c)->id);
	}
	ck_assert_uint_eq(nb, 13);
	ck_assert_uint_eq(nr, 20);
	/* every upstream control is a check of a profile */
	for (i = 0; i < NCONTROLS; i++)
		ck_assert_msg(check_find(controls[i].check) != NULL, "%s",
			      controls[i].check);
	/* profile checks stay out of the default catalogue */
	for (c = check_registry; *c; c++)
		ck_assert_ptr_null(profile_of(*c));
}
END_TEST

/* Every profile check is documented like a catalogue check. */
START_TEST(test_profile_checks_metadata)
{
	const struct check *const *c, *const *d;
	const char *const *t;

	for (c = profile_checks; *c; c++) {
		ck_assert_msg(check_table_find(check_registry, (*c)->id) ==
				  NULL,
			      "%s is also a catalogue id", (*c)->id);
		for (d = profile_checks; d != c; d++)
			ck_assert_str_ne((*d)->id, (*c)->id);
		ck_assert_msg((*c)->rationale && strlen((*c)->rationale) > 80,
			      "%s: rationale", (*c)->id);
		ck_assert_msg(strstr((*c)->rationale, "Allowed") ||
				  strstr((*c)->rationale, "allowed"),
			      "%s: rationale names no allowed values",
			      (*c)->id);
		ck_assert_msg((*c)->remediation &&
				  strlen((*c)->remediation) > 20,
			      "%s: remediation", (*c)->id);
		ck_assert_msg((*c)->fix != NULL, "%s: no fix", (*c)->id);
		ck_assert_msg((*c)->needs != 0, "%s: needs", (*c)->id);
		ck_assert_ptr_nonnull(profile_of(*c));
		for (t = (*c)->techniques; *t; t++)
			ck_assert_msg(matrix_technique(*t) != NULL, "%s: %s",
				      (*c)->id, *t);
		ck_assert_ptr_nonnull((*c)->techniques[0]);
		for (t = (*c)->attack; *t; t++)
			ck_assert_msg(matrix_attack(*t) != NULL, "%s: %s",
				      (*c)->id, *t);
		ck_assert_ptr_nonnull((*c)->attack[0]);
	}
}
END_TEST

/* ---- own fixtures of every profile check ---- */

static void own_fixtures(const struct check *c, bool fire)
{
	const struct profile *p = profile_of(c);
	char dir[512];
	DIR *d;
	struct dirent *e;
	size_t files = 0;

	ck_assert_ptr_nonnull(p);
	snprintf(dir, sizeof(dir), "testdata/checks/%s/%s", c->id,
		 fire ? "fire" : "silent");
	d = opendir(dir);
	ck_assert_msg(d != NULL, "check '%s' has no fixtures in %s", c->id,
		      dir);
	while ((e = readdir(d))) {
		char path[1024];
		struct prun r;
		size_t got;

		if (!strstr(e->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		prun_path(&r, p, path);
		got = count_id(&r, c->id);
		if (fire ? got == 0 : got != 0)
			dump(&r);
		if (fire)
			ck_assert_msg(got >= 1, "%s: %s gave no finding", c->id,
				      path);
		else
			ck_assert_msg(got == 0, "%s: %s gave %zu findings",
				      c->id, path, got);
		prun_release(&r);
		files++;
	}
	closedir(d);
	ck_assert_msg(files > 0, "check '%s' has no fixtures in %s", c->id,
		      dir);
}

static size_t nprofile_checks(void)
{
	size_t n = 0;

	while (profile_checks[n])
		n++;
	return n;
}

START_TEST(test_own_fire)
{
	own_fixtures(profile_checks[_i], true);
}
END_TEST

START_TEST(test_own_silent)
{
	own_fixtures(profile_checks[_i], false);
}
END_TEST

/* ---- the upstream admission fixtures ---- */

/*
 * Walk psa-testdata/<level>/<version>/<kind>: fail Pods must fail their
 * control under the level's profile, pass Pods must have no finding at
 * all.  Marks each control seen in seen[] and returns the file count.
 */
static size_t walk(const char *shared, const char *level, bool fail, bool *seen)
{
	const struct profile *p;
	char dir[1024], prof[32];
	struct dirent *e;
	size_t files = 0;
	DIR *d;

	snprintf(prof, sizeof(prof), "pss-%s", level);
	p = profile_find(prof);
	ck_assert_ptr_nonnull(p);
	snprintf(dir, sizeof(dir),
		 "%s/k8s-real/pod-security/psa-testdata/%s/" PSA_VERSION "/%s",
		 shared, level, fail ? "fail" : "pass");
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d))) {
		const char *want = control_of(e->d_name);
		char path[2048];
		struct prun r;
		size_t i;

		if (!strstr(e->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		prun_path(&r, p, path);
		ck_assert_uint_ge(inventory_size(r.scan->inv), 1);
		if (fail) {
			ck_assert_msg(want != NULL,
				      "%s: no control for this fixture", path);
			if (!count_id(&r, want))
				dump(&r);
			ck_assert_msg(count_id(&r, want) >= 1,
				      "%s: %s does not fail %s", path, prof,
				      want);
			for (i = 0; i < NCONTROLS; i++)
				if (!strcmp(controls[i].check, want))
					seen[i] = true;
		} else {
			if (r.f.n)
				dump(&r);
			ck_assert_msg(r.f.n == 0,
				      "%s: %zu findings under %s, expected "
				      "none",
				      path, r.f.n, prof);
		}
		prun_release(&r);
		files++;
	}
	closedir(d);
	return files;
}

START_TEST(test_psa_baseline)
{
	bool seen[NCONTROLS] = { false };
	size_t i;
	TU_NEED_SHARED(shared);

	ck_assert_uint_ge(walk(shared, "baseline", true, seen), 30);
	ck_assert_uint_ge(walk(shared, "baseline", false, seen), 10);
	/* a fail fixture for every baseline control */
	for (i = 0; i < NCONTROLS; i++) {
		const struct check *c = check_find(controls[i].check);
		const struct check *const *b;
		bool in_baseline = false;

		for (b = profile_find("pss-baseline")->checks; *b; b++)
			in_baseline |= *b == c;
		if (in_baseline)
			ck_assert_msg(seen[i],
				      "no baseline fail fixture for %s",
				      controls[i].check);
	}
}
END_TEST

START_TEST(test_psa_restricted)
{
	bool seen[NCONTROLS] = { false };
	size_t i;
	TU_NEED_SHARED(shared);

	ck_assert_uint_ge(walk(shared, "restricted", true, seen), 70);
	ck_assert_uint_ge(walk(shared, "restricted", false, seen), 20);
	for (i = 0; i < NCONTROLS; i++)
		ck_assert_msg(seen[i], "no restricted fail fixture for %s",
			      controls[i].check);
}
END_TEST

/* A restricted-only violation passes baseline: the levels differ. */
START_TEST(test_psa_levels_differ)
{
	char path[1024];
	struct prun r;
	TU_NEED_SHARED(shared);

	snprintf(path, sizeof(path),
		 "%s/k8s-real/pod-security/psa-testdata/restricted/" PSA_VERSION
		 "/fail/runasnonroot0.yaml",
		 shared);
	prun_path(&r, profile_find("pss-baseline"), path);
	ck_assert_uint_eq(r.f.n, 0);
	prun_release(&r);
	prun_path(&r, profile_find("pss-restricted"), path);
	ck_assert_uint_eq(count_id(&r, "pss-run-as-non-root"), 2);
	prun_release(&r);
}
END_TEST

/* The seccomp rule of each level, for a pod's or container's type. */
START_TEST(test_seccomp_levels)
{
	static const struct {
		enum pss_level l;
		const char *t;
		bool allowed;
	} c[] = {
		{ PSS_PRIVILEGED, "Unconfined", true },
		{ PSS_BASELINE, NULL, true },
		{ PSS_BASELINE, "RuntimeDefault", true },
		{ PSS_BASELINE, "Localhost", true },
		{ PSS_BASELINE, "Unconfined", false },
		{ PSS_BASELINE, "unconfined", true },
		{ PSS_RESTRICTED, NULL, false },
		{ PSS_RESTRICTED, "RuntimeDefault", true },
		{ PSS_RESTRICTED, "Localhost", true },
		{ PSS_RESTRICTED, "Unconfined", false },
		{ PSS_RESTRICTED, "", false },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ck_assert_msg(pss_seccomp_allowed(c[i].l, c[i].t) ==
				  c[i].allowed,
			      "%s %s", pss_level_name(c[i].l),
			      c[i].t ? c[i].t : "(unset)");
}
END_TEST

Suite *suite_pss(void)
{
	Suite *s = suite_create("pss");
	TCase *tc = tcase_create("profiles");
	int n = (int)nprofile_checks();

	tcase_add_test(tc, test_profiles_table);
	tcase_add_test(tc, test_profile_checks_metadata);
	tcase_add_test(tc, test_seccomp_levels);
	tcase_add_loop_test(tc, test_own_fire, 0, n);
	tcase_add_loop_test(tc, test_own_silent, 0, n);
	suite_add_tcase(s, tc);
	tc = tcase_create("psa-testdata");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_psa_baseline);
	tcase_add_test(tc, test_psa_restricted);
	tcase_add_test(tc, test_psa_levels_differ);
	suite_add_tcase(s, tc);
	return s;
}
