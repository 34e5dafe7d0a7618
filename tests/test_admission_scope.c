/*
 * The scope of admission policies (lib/analysis/admission.c) and what
 * no-admission-control makes of it: Kyverno match/exclude and failure
 * actions, Gatekeeper match, enforcementAction and Config, binding
 * matchResources and validationActions, held against the real objects
 * of ../shared/k8s-real/admission and the fixtures.
 */
#include <check.h>
#include <dirent.h>
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

#define FIX "testdata/checks/no-admission-control/"
/* shop (restricted) and builds (privileged) */
#define NS_PAIR FIX "silent/privileged-namespace-covered.yaml"

START_TEST(test_glob)
{
	ck_assert(adm_glob("kube-*", "kube-system"));
	ck_assert(adm_glob("*-system", "kube-system"));
	ck_assert(adm_glob("*", ""));
	ck_assert(adm_glob("b?ild*", "builds"));
	ck_assert(!adm_glob("kube-*", "kubes"));
	ck_assert(!adm_glob("builds", "builds-2"));
	ck_assert(!adm_glob("", "x"));
	/* many stars on a long miss stay linear */
	ck_assert(
	    !adm_glob("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
		      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}
END_TEST

static const struct kobj *find_kind(const struct scan *s, const char *kind)
{
	const struct kobj *const *o;
	size_t n;

	o = inventory_kind(s->inv, kind, &n);
	ck_assert_msg(n > 0, "no %s in the input", kind);
	return o[0];
}

static const struct kobj *ns_of(const struct scan *s, const char *name)
{
	const struct kobj *ns = inventory_find(s->inv, "Namespace", NULL, name);

	ck_assert_ptr_nonnull(ns);
	return ns;
}

/*
 * The Kyverno pod-security policies as published: all but one are in
 * Audit mode, so they judge every pod and refuse none.
 */
START_TEST(test_real_kyverno)
{
	char dir[1024], path[1400], why[256];
	const char *p[2];
	size_t audit = 0, enforce = 0;
	struct dirent *e;
	DIR *d;
	TU_NEED_SHARED(shared);

	snprintf(dir, sizeof(dir), "%s/k8s-real/admission/kyverno", shared);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		const struct kobj *pol;
		struct scan *s;
		enum adm_verdict v, any;

		if (!strstr(e->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		p[0] = path;
		p[1] = NS_PAIR;
		s = tu_scan_paths(p, 2);
		ck_assert_uint_eq(s->errors.n, 0);
		pol = find_kind(s, "ClusterPolicy");
		ck_assert(adm_is_policy(pol));
		v = adm_judge(s->inv, pol, ns_of(s, "builds"), why,
			      sizeof(why));
		any = adm_judge(s->inv, pol, NULL, NULL, 0);
		ck_assert_int_eq(v, any);
		if (v == ADM_AUDIT) {
			ck_assert_ptr_nonnull(strstr(why, "only audits"));
			ck_assert_ptr_nonnull(strstr(why, pol->name));
			audit++;
		} else {
			ck_assert_msg(v == ADM_ENFORCE, "%s: %d (%s)",
				      e->d_name, v, why);
			ck_assert_str_eq(pol->name,
					 "restrict-apparmor-profiles");
			enforce++;
		}
		scan_free(s);
	}
	closedir(d);
	ck_assert_uint_eq(audit, 17);
	ck_assert_uint_eq(enforce, 1);
}
END_TEST

/* The library's sample constraint excludes kube-system only. */
START_TEST(test_real_gatekeeper)
{
	char c1[1024], c2[1024], t[1024], why[256];
	const char *p[4] = { c1, c2, t, NS_PAIR };
	const struct kobj *const *o;
	const struct kobj *priv = NULL, *anon = NULL, *tmpl;
	struct scan *s;
	size_t i, n;
	TU_NEED_SHARED(shared);

	snprintf(c1, sizeof(c1),
		 "%s/k8s-real/admission/gatekeeper/"
		 "pod-security-policy__privileged-containers__samples__psp-"
		 "privileged-container__constraint.yaml",
		 shared);
	snprintf(c2, sizeof(c2),
		 "%s/k8s-real/admission/gatekeeper/"
		 "general__disallowanonymous__samples__no-anonymous-bindings__"
		 "constraint.yaml",
		 shared);
	snprintf(t, sizeof(t),
		 "%s/k8s-real/admission/gatekeeper/"
		 "pod-security-policy__privileged-containers__template.yaml",
		 shared);
	s = tu_scan_paths(p, 4);
	ck_assert_uint_eq(s->errors.n, 0);
	n = inventory_size(s->inv);
	for (i = 0; i < n; i++) {
		const struct kobj *x = inventory_object(s->inv, i);
		if (!strcmp(x->kind, "K8sPSPPrivilegedContainer"))
			priv = x;
		if (!strcmp(x->kind, "K8sDisallowAnonymous"))
			anon = x;
	}
	ck_assert_ptr_nonnull(priv);
	ck_assert_ptr_nonnull(anon);
	o = inventory_kind(s->inv, "ConstraintTemplate", &n);
	ck_assert_uint_eq(n, 1);
	tmpl = o[0];
	ck_assert(!adm_is_policy(tmpl));
	ck_assert(adm_is_policy(priv));
	ck_assert_int_eq(
	    adm_judge(s->inv, priv, ns_of(s, "builds"), why, sizeof(why)),
	    ADM_ENFORCE);
	ck_assert_int_eq(
	    adm_judge(s->inv, anon, ns_of(s, "builds"), why, sizeof(why)),
	    ADM_NOT_PODS);
	ck_assert_ptr_nonnull(strstr(why, "does not match pods"));
	scan_free(s);

	/* the same constraint on kube-system, as a namespace of the input */
	p[3] = FIX "silent/privileged-system-namespace.yaml";
	s = tu_scan_paths(p, 4);
	ck_assert_uint_eq(s->errors.n, 0);
	n = inventory_size(s->inv);
	for (i = 0; i < n; i++)
		if (!strcmp(inventory_object(s->inv, i)->kind,
			    "K8sPSPPrivilegedContainer"))
			priv = inventory_object(s->inv, i);
	ck_assert_int_eq(
	    adm_judge(s->inv, priv, ns_of(s, "kube-system"), why, sizeof(why)),
	    ADM_OUTSIDE);
	ck_assert_ptr_nonnull(strstr(why, "excludes the namespace"));
	scan_free(s);
}
END_TEST

/* The upstream deny-privileged binding leaves kube-system out. */
START_TEST(test_real_vap)
{
	char f[1024], why[256];
	const char *p[3] = { f, NS_PAIR,
			     FIX "silent/privileged-system-namespace.yaml" };
	const struct kobj *b;
	struct scan *s;
	TU_NEED_SHARED(shared);

	snprintf(f, sizeof(f),
		 "%s/k8s-real/admission/website-vap/"
		 "access__manifest-admission-control__deny-privileged-policy."
		 "yaml",
		 shared);
	s = tu_scan_paths(p, 3);
	ck_assert_uint_eq(s->errors.n, 0);
	b = find_kind(s, "ValidatingAdmissionPolicyBinding");
	ck_assert_int_eq(
	    adm_judge(s->inv, b, ns_of(s, "builds"), why, sizeof(why)),
	    ADM_ENFORCE);
	ck_assert_int_eq(
	    adm_judge(s->inv, b, ns_of(s, "kube-system"), why, sizeof(why)),
	    ADM_OUTSIDE);
	ck_assert_ptr_nonnull(strstr(why, "excludes the namespace"));
	scan_free(s);
}
END_TEST

/* What no-admission-control says on a fixture: one finding. */
struct want {
	const char *file;
	const char *name; /* object of the finding */
	enum severity sev;
	const char *msg; /* substring of its message */
};

static const struct want wants[] = {
	{ FIX "fire/kyverno-audit.yaml", "shop", SEV_HIGH,
	  "Kyverno ClusterPolicy 'disallow-privileged' only audits "
	  "(failure action Audit)" },
	{ FIX "fire/kyverno-rule-audit.yaml", "shop", SEV_HIGH,
	  "only audits (failure action Audit)" },
	{ FIX "fire/kyverno-deployments-only.yaml", "shop", SEV_HIGH,
	  "has no validate rule that matches the creation of pods" },
	{ FIX "fire/kyverno-admission-false.yaml", "shop", SEV_HIGH,
	  "background only (admission: false)" },
	{ FIX "fire/kyverno-exclude-namespace.yaml", "builds", SEV_MEDIUM,
	  "does not match or excludes the namespace" },
	{ FIX "fire/kyverno-exclude-label.yaml", "builds", SEV_MEDIUM,
	  "excludes pods by name or label, which their creator chooses" },
	{ FIX "fire/kyverno-override-audit.yaml", "builds", SEV_MEDIUM,
	  "only audits (failure action Audit)" },
	{ FIX "fire/kyverno-match-selector.yaml", "builds", SEV_MEDIUM,
	  "does not match or excludes the namespace" },
	{ FIX "fire/kyverno-webhook-audit.yaml", "shop", SEV_HIGH,
	  "only audits" },
	{ FIX "fire/gatekeeper-dryrun.yaml", "shop", SEV_HIGH,
	  "does not deny (enforcementAction dryrun)" },
	{ FIX "fire/gatekeeper-template-only.yaml", "shop", SEV_HIGH,
	  "1 Gatekeeper ConstraintTemplates have no constraint" },
	{ FIX "fire/gatekeeper-excluded-namespace.yaml", "builds", SEV_MEDIUM,
	  "Gatekeeper K8sPSPPrivilegedContainer 'psp-privileged-container' "
	  "does not match or excludes the namespace" },
	{ FIX "fire/gatekeeper-config-exempt.yaml", "builds", SEV_MEDIUM,
	  "Gatekeeper Config 'config' exempts the namespace" },
	{ FIX "fire/gatekeeper-ignore-label.yaml", "builds", SEV_MEDIUM,
	  "admission.gatekeeper.sh/ignore" },
	{ FIX "fire/vap-audit-only.yaml", "shop", SEV_HIGH,
	  "validationActions without Deny" },
	{ FIX "fire/vap-excluded.yaml", "builds", SEV_MEDIUM,
	  "(binding 'no-privileged') does not match or excludes" },
	{ FIX "fire/vap-object-selector.yaml", "shop", SEV_HIGH,
	  "matches only pods of some names or labels" },
	{ FIX "fire/webhook-object-selector.yaml", "shop", SEV_HIGH,
	  "fit its objectSelector" },
	{ FIX "fire/kyverno-resource-filters.yaml", "builds", SEV_MEDIUM,
	  "Kyverno's resourceFilters (ConfigMap kyverno/kyverno) skip the "
	  "namespace" },
	{ FIX "fire/admission-config-exempt.yaml", "builds", SEV_MEDIUM,
	  "its label says 'restricted', but the API server's "
	  "AdmissionConfiguration admission-config-exempt.yaml exempts it" },
	{ FIX "fire/admission-config-two-servers.yaml", "shop", SEV_HIGH,
	  "none of 1 namespaces enforces a Pod Security level" },
	{ FIX "fire/webhook-excludes.yaml", "builds", SEV_MEDIUM,
	  "namespaceSelector of webhook 'pods.policy.example.com'" },
};

static bool select_one(const struct check *c, void *ctx)
{
	return c == ctx;
}

START_TEST(test_fixture_reasons)
{
	const struct want *w = &wants[_i];
	const char *p[1] = { w->file };
	const struct check *c = check_find("no-admission-control");
	struct check_result *res = NULL;
	struct findings f;
	struct scan *s;
	size_t nres = 0;

	ck_assert_ptr_nonnull(c);
	s = tu_scan_paths(p, 1);
	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(
	    scan_run(s, check_registry, select_one, (void *)c, &f, &res, &nres),
	    0);
	ck_assert_msg(f.n == 1, "%s: %zu findings", w->file, f.n);
	ck_assert_str_eq(f.v[0]->obj->name, w->name);
	ck_assert_int_eq(f.v[0]->severity, w->sev);
	ck_assert_msg(strstr(f.v[0]->message, w->msg), "%s: %s", w->file,
		      f.v[0]->message);
	findings_release(&f);
	free(res);
	scan_free(s);
}
END_TEST

/*
 * A template without a constraint judges nothing, in manifests as on a
 * snapshot (which keeps the constraints); only where its constraints
 * could not be read (their kind or the constraint group forbidden) does
 * it stand for one.
 */
START_TEST(test_template_stand_in)
{
	const char *p[1] = { FIX "fire/gatekeeper-template-only.yaml" };
	const struct check *c = check_find("no-admission-control");
	/* another kind forbidden does not hide this template's */
	static const char *const forbid[] = { NULL, NULL, "K8sDenyAll",
					      "K8sPSPPrivilegedContainer",
					      ADM_GATEKEEPER_UNSEEN };
	int pass;

	for (pass = 0; pass < 5; pass++) {
		struct check_result *res = NULL;
		struct findings f;
		struct scan *s = tu_scan_paths(p, 1);
		size_t nres = 0;
		bool stands = pass >= 3;

		if (pass)
			s->meta.source = "snapshot";
		if (forbid[pass])
			inventory_forbid(s->inv, forbid[pass], NULL);
		ck_assert_int_eq(adm_gatekeeper_unread(s->inv) != NULL, stands);
		findings_init(&f, s->arena);
		ck_assert_int_eq(scan_run(s, check_registry, select_one,
					  (void *)c, &f, &res, &nres),
				 0);
		ck_assert_uint_eq(f.n, stands ? 0 : 1);
		for (size_t i = 0; i < nres; i++)
			if (res[i].check == c)
				ck_assert_int_eq(res[i].status,
						 stands ? CHECK_PASSED
							: CHECK_FAILED);
		findings_release(&f);
		free(res);
		scan_free(s);
	}
}
END_TEST

Suite *suite_admission_scope(void)
{
	Suite *s = suite_create("admission_scope");
	TCase *tc = tcase_create("scope");

	tcase_add_test(tc, test_glob);
	tcase_add_test(tc, test_real_kyverno);
	tcase_add_test(tc, test_real_gatekeeper);
	tcase_add_test(tc, test_real_vap);
	tcase_add_test(tc, test_template_stand_in);
	tcase_add_loop_test(tc, test_fixture_reasons, 0,
			    (int)(sizeof(wants) / sizeof(wants[0])));
	suite_add_tcase(s, tc);
	return s;
}
