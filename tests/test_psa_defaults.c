/*
 * The API server's PodSecurity defaults and namespace exemptions, read
 * once (adm_psa_level()) for psa-not-enforced and no-admission-control:
 * an unlabelled namespace is judged at defaults.enforce, an exempted one
 * at nothing, and the two checks agree on which namespaces Pod Security
 * guards.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/admission.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define FIX "testdata/checks/psa-not-enforced/"

static bool select_one(const struct check *c, void *ctx)
{
	return c == ctx;
}

/* Findings of check id on path, into f (released by the caller). */
static struct scan *run(const char *path, const char *id, struct findings *f)
{
	const char *p[1] = { path };
	const struct check *c = check_find(id);
	struct check_result *res = NULL;
	struct scan *s = tu_scan_paths(p, 1);
	size_t nres = 0;

	ck_assert_ptr_nonnull(c);
	findings_init(f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, select_one, (void *)c, f, &res, &nres),
	    0);
	free(res);
	return s;
}

static const struct {
	const char *file, *ns;
	enum pss_level level;
	const char *exempt_by, *default_by, *msg;
} cases[] = {
	{ FIX "silent/admission-config-default.yaml", "shop", PSS_RESTRICTED,
	  NULL, "admission-config-default.yaml", NULL },
	{ FIX "fire/admission-config-exempt.yaml", "shop", PSS_BASELINE, NULL,
	  "admission-config-exempt.yaml", NULL },
	{ FIX "fire/admission-config-exempt.yaml", "legacy", PSS_NONE,
	  "admission-config-exempt.yaml", NULL,
	  "AdmissionConfiguration 'admission-config-exempt.yaml' exempts it "
	  "from Pod Security" },
	{ FIX "fire/admission-config-two-servers.yaml", "shop", PSS_PRIVILEGED,
	  NULL, "admission-config-two-servers.yaml",
	  "default level 'privileged' of the API server's "
	  "AdmissionConfiguration" },
	{ FIX "fire/no-label.yaml", NULL, PSS_PRIVILEGED, NULL, NULL,
	  "privileged unless configured" },
};

START_TEST(test_defaults_and_exemptions)
{
	struct findings f;
	struct scan *s = run(cases[_i].file, "psa-not-enforced", &f);
	const struct kobj *ns = NULL;
	struct adm_psa q;
	size_t i, hits = 0;

	if (cases[_i].ns) {
		ns = inventory_find(s->inv, "Namespace", NULL, cases[_i].ns);
		ck_assert_ptr_nonnull(ns);
		adm_psa_level(s->inv, ns, &q);
		ck_assert_int_eq(q.level, cases[_i].level);
		ck_assert_uint_eq(q.nconfigs, 1 + (_i == 3));
		if (cases[_i].exempt_by)
			ck_assert_msg(
			    q.exempt_by &&
				strstr(q.exempt_by, cases[_i].exempt_by),
			    "%s", q.exempt_by ? q.exempt_by : "-");
		else
			ck_assert_ptr_null(q.exempt_by);
		if (cases[_i].default_by)
			ck_assert_msg(
			    q.default_by &&
				strstr(q.default_by, cases[_i].default_by),
			    "%s", q.default_by ? q.default_by : "-");
	}
	for (i = 0; i < f.n; i++) {
		if (ns && f.v[i]->obj != ns)
			continue;
		hits++;
		ck_assert_msg(strstr(f.v[i]->message, cases[_i].msg), "%s",
			      f.v[i]->message);
	}
	ck_assert_uint_eq(hits, cases[_i].msg ? 1 : 0);
	/* the exempt fixture: shop takes the default and is not reported */
	if (_i == 2)
		ck_assert_uint_eq(f.n, 1);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/*
 * Both checks read the same level: on every fixture of either, an
 * unlabelled namespace is psa-not-enforced's exactly when the level the
 * API server enforces there is below baseline.
 */
START_TEST(test_checks_agree)
{
	static const char *const files[] = {
		FIX "silent/admission-config-default.yaml",
		FIX "fire/admission-config-exempt.yaml",
		FIX "fire/admission-config-two-servers.yaml",
		"testdata/checks/no-admission-control/silent/"
		"admission-config-default.yaml",
		"testdata/checks/no-admission-control/fire/"
		"admission-config-exempt.yaml",
		"testdata/demo/control-plane/admission-config.yaml",
	};
	size_t k, checked = 0;

	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		struct findings f;
		struct scan *s = run(files[k], "psa-not-enforced", &f);
		const struct kobj *const *ns;
		size_t n, i, j;

		ns = inventory_kind(s->inv, "Namespace", &n);
		for (i = 0; i < n; i++) {
			struct adm_psa q;
			bool fired = false;

			adm_psa_level(s->inv, ns[i], &q);
			if (q.label != PSS_NONE)
				continue;
			for (j = 0; j < f.n; j++)
				fired |= f.v[j]->obj == ns[i];
			ck_assert_msg(fired == (q.level < PSS_BASELINE),
				      "%s: namespace %s", files[k],
				      ns[i]->name);
			checked++;
		}
		findings_release(&f);
		scan_free(s);
	}
	ck_assert_uint_ge(checked, 5);
}
END_TEST

Suite *suite_psa_defaults(void)
{
	Suite *s = suite_create("psa_defaults");
	TCase *tc = tcase_create("defaults");

	tcase_add_loop_test(tc, test_defaults_and_exemptions, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_checks_agree);
	suite_add_tcase(s, tc);
	return s;
}
