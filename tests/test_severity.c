/*
 * A check's declared severity is honest: no finding is above its check's
 * .severity, none is below .severity_min, and a check without a
 * .severity_min reports at its .severity only.  Every fixture of every
 * check (testdata/checks/<id>/{fire,silent}) and the demo cluster are
 * scanned with the registry and with every profile's checks.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "scan.h"
#include "testutil.h"

#define FIXTURES "testdata/checks"

/* The highest severity seen per check, over every scan of the suite. */
struct seen {
	const struct check *check;
	enum severity max;
};

static struct seen seen[512];
static size_t nseen;

static void note(const struct check *c, enum severity sev)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i].check == c)
			break;
	if (i == nseen) {
		ck_assert_uint_lt(nseen, sizeof(seen) / sizeof(seen[0]));
		seen[nseen++] = (struct seen){ .check = c, .max = SEV_NONE };
	}
	if (sev > seen[i].max)
		seen[i].max = sev;
}

/* As test_checks.c trusts them, so image-untrusted-registry can judge. */
static const char *const trusted[] = { "registry.example.com",
				       "docker.io/library" };

/*
 * Scan path with table; every finding within its check's bounds.  source
 * NULL: as manifests; "snapshot": as a whole cluster's copy (checks that
 * judge what is absent, such as sa-unused-powerful, say more of one).
 */
static size_t scan_within_bounds(const char *path,
				 const struct check *const *table,
				 const char *source)
{
	const char *paths[] = { path };
	struct scan *s = tu_scan_paths(paths, 1);
	struct check_result *res = NULL;
	struct findings f;
	size_t nres = 0, i, n;

	s->trusted_registries = trusted;
	s->ntrusted_registries = sizeof(trusted) / sizeof(trusted[0]);
	if (source)
		s->meta.source = source;
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, table, NULL, NULL, &f, &res, &nres), 0);
	for (i = 0; i < f.n; i++) {
		const struct finding *fd = f.v[i];
		const struct check *c = fd->check;
		enum severity lo =
		    c->severity_min ? c->severity_min : c->severity;

		ck_assert_msg(fd->severity <= c->severity,
			      "%s: %s reports %s above its declared %s: %s",
			      path, c->id, severity_name(fd->severity),
			      severity_name(c->severity), fd->message);
		ck_assert_msg(fd->severity >= lo,
			      "%s: %s reports %s below its lowest %s: %s", path,
			      c->id, severity_name(fd->severity),
			      severity_name(lo), fd->message);
		note(c, fd->severity);
	}
	n = f.n;
	findings_release(&f);
	free(res);
	scan_free(s);
	return n;
}

static void scan_fixtures(void)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	size_t dirs = 0, findings = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		static const char *const sides[] = { "fire", "silent" };
		size_t k;

		if (e->d_name[0] == '.')
			continue;
		for (k = 0; k < 2; k++) {
			char path[512];
			DIR *sub;

			snprintf(path, sizeof(path), FIXTURES "/%s/%s",
				 e->d_name, sides[k]);
			if (!(sub = opendir(path)))
				continue;
			closedir(sub);
			findings +=
			    scan_within_bounds(path, check_registry, NULL);
			findings +=
			    scan_within_bounds(path, profile_checks, NULL);
			scan_within_bounds(path, check_registry, "snapshot");
			dirs++;
		}
	}
	closedir(d);
	/* the fixtures are there and fire: the bounds were really tested */
	ck_assert_uint_gt(dirs, check_count());
	ck_assert_uint_gt(findings, check_count());
}

/*
 * Both directions: no finding outside its check's bounds, and each
 * check's declared severity reached by some finding (a check declaring
 * more than it ever reports overstates it: the table, --fail-on and the
 * SARIF rules read .severity).
 */
START_TEST(test_severity_declared_honest)
{
	const struct check *const *c;
	char bad[4096];
	size_t len = 0;

	scan_fixtures();
	ck_assert_uint_gt(
	    scan_within_bounds("testdata/demo", check_registry, NULL), 100);
	scan_within_bounds("testdata/demo", profile_checks, NULL);
	scan_within_bounds("testdata/demo", check_registry, "snapshot");
	for (c = check_registry; *c; c++) {
		size_t i;

		for (i = 0; i < nseen && seen[i].check != *c; i++)
			;
		if (i == nseen)
			len +=
			    (size_t)snprintf(bad + len, sizeof(bad) - len,
					     "\n  %s fires on none", (*c)->id);
		else if (seen[i].max != (*c)->severity)
			len += (size_t)snprintf(
			    bad + len, sizeof(bad) - len,
			    "\n  %s declares %s, reports %s at most", (*c)->id,
			    severity_name((*c)->severity),
			    severity_name(seen[i].max));
		if (len >= sizeof(bad))
			len = sizeof(bad) - 1;
	}
	ck_assert_msg(len == 0,
		      "declared severity not reached on the "
		      "fixtures and the demo:%s",
		      bad);
}
END_TEST

Suite *suite_severity(void)
{
	Suite *s = suite_create("severity");
	TCase *tc = tcase_create("severity");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_severity_declared_honest);
	suite_add_tcase(s, tc);
	return s;
}
