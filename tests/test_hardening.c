/*
 * Container hardening and admission checks of the default catalogue held
 * against real manifests (../shared/k8s-real): the admission objects
 * clusters really run count as admission control, what a manifest set
 * cannot show is "not visible", and real installs give what a reader
 * expects.  Also `scan --profile` on the command line.
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

struct hrun {
	struct scan *scan;
	struct findings f;
	struct check_result *res;
	size_t nres;
};

static bool select_one(const struct check *c, void *ctx)
{
	return c == ctx;
}

/* Load up to 3 paths ("td:" for testdata/, else under k8s-real/). */
static void hrun(struct hrun *r, const char *shared, const char *const *files,
		 const char *check, const char *forbid)
{
	char paths[3][1024];
	const char *p[3];
	size_t n = 0, i;

	for (i = 0; i < 3 && files[i]; i++) {
		if (!strncmp(files[i], "td:", 3))
			snprintf(paths[i], sizeof(paths[i]), "testdata/%s",
				 files[i] + 3);
		else
			snprintf(paths[i], sizeof(paths[i]), "%s/k8s-real/%s",
				 shared, files[i]);
		p[n++] = paths[i];
	}
	r->scan = tu_scan_paths(p, n);
	for (i = 0; i < r->scan->errors.n; i++) {
		char buf[1024];
		ck_abort_msg(
		    "load error: %s",
		    diag_format(&r->scan->errors.v[i], buf, sizeof(buf)));
	}
	if (forbid)
		inventory_forbid(r->scan->inv, forbid, NULL);
	findings_init(&r->f, r->scan->arena);
	ck_assert_int_eq(scan_run(r->scan, check_registry, select_one,
				  (void *)check_find(check), &r->f, &r->res,
				  &r->nres),
			 0);
}

static void hrelease(struct hrun *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->scan);
}

static enum check_status status_of(const struct hrun *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nres; i++)
		if (!strcmp(r->res[i].check->id, id))
			return r->res[i].status;
	ck_abort_msg("no result for %s", id);
	return CHECK_ERROR;
}

struct hcase {
	const char *files[3];
	const char *check;
	size_t count;
	enum severity sev;	  /* of one finding; SEV_NONE: any */
	const char *name;	  /* object of that finding, or NULL */
	const char *msg;	  /* substring of its message, or NULL */
	enum check_status status; /* expected */
	const char *forbid;	  /* kind made unreadable, or NULL */
};

#define NS_ONLY "td:checks/psa-not-enforced/fire/no-label.yaml"

static const struct hcase cases[] = {
	/* real admission objects count as admission control */
	{ .files = { "admission/kyverno", NS_ONLY },
	  .check = "no-admission-control",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_PASSED },
	{ .files = { "admission/gatekeeper", NS_ONLY },
	  .check = "no-admission-control",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_PASSED },
	{ .files = { "admission/website-vap", NS_ONLY },
	  .check = "no-admission-control",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_PASSED },
	/* a Gatekeeper template alone judges nothing: no constraint uses it */
	{ .files = { "admission/gatekeeper/"
		     "pod-security-policy__privileged-containers__template."
		     "yaml",
		     NS_ONLY },
	  .check = "no-admission-control",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .name = "shop",
	  .msg = "1 Gatekeeper ConstraintTemplates have no constraint",
	  .status = CHECK_FAILED },
	/* an unbound policy is not: only the binding makes it act */
	{ .files = { "admission/website-vap/"
		     "access__manifest-admission-control__vap-min-replicas."
		     "yaml",
		     NS_ONLY },
	  .check = "no-admission-control",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .name = "shop",
	  .msg = "1 ValidatingAdmissionPolicies have no binding",
	  .status = CHECK_FAILED },
	/* admission objects without any Namespace: no cluster view */
	{ .files = { "admission/kyverno" },
	  .check = "no-admission-control",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_NOT_VISIBLE },
	/* an install that creates its Namespace is judged on it */
	{ .files = { "dashboard/recommended-v2.7.0.yaml" },
	  .check = "no-admission-control",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .name = "kubernetes-dashboard",
	  .msg = "none of 1 namespaces",
	  .status = CHECK_FAILED },
	/* application manifests alone: not visible, never passed */
	{ .files = { "examples/kubernetes-goat/health-check__deployment.yaml" },
	  .check = "no-admission-control",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_NOT_VISIBLE },
	/* Kyverno policies unreadable: the absence cannot be claimed */
	{ .files = { NS_ONLY },
	  .check = "no-admission-control",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_NOT_VISIBLE,
	  .forbid = "ClusterPolicy" },
	/* the Dashboard's own namespace enforces nothing */
	{ .files = { "dashboard/recommended-v2.7.0.yaml" },
	  .check = "psa-not-enforced",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .name = "kubernetes-dashboard",
	  .msg = "has no pod-security.kubernetes.io/enforce",
	  .status = CHECK_FAILED },
	/* the hardened Dashboard: seccomp and read-only root are set */
	{ .files = { "dashboard/recommended-v2.7.0.yaml" },
	  .check = "seccomp-unconfined",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_PASSED },
	{ .files = { "dashboard/recommended-v2.7.0.yaml" },
	  .check = "writable-root-filesystem",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_PASSED },
	/* ... but both containers run as UID 1001 */
	{ .files = { "dashboard/recommended-v2.7.0.yaml" },
	  .check = "low-uid",
	  .count = 2,
	  .sev = SEV_LOW,
	  .name = "dashboard-metrics-scraper",
	  .msg = "runs as UID 1001",
	  .status = CHECK_FAILED },
	/* kube-prometheus' node-exporter may set the node's clock */
	{ .files = { "sensitive-apps/kube-prometheus/"
		     "nodeExporter-daemonset.yaml" },
	  .check = "dangerous-capabilities",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .name = "node-exporter",
	  .msg = "SYS_TIME",
	  .status = CHECK_FAILED },
	/* Weave Scope's agents write a node directory */
	{ .files = { "sensitive-apps/weave-scope/k8s__ds.yaml" },
	  .check = "hostpath-volume",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .name = "weave-scope-agent",
	  .msg = "'/var/run/scope/plugins' (writable)",
	  .status = CHECK_FAILED },
	/* a default component: the GCE kube-scheduler sets no profile */
	{ .files = { "control-plane/kubernetes-gce/kube-scheduler.manifest" },
	  .check = "seccomp-unconfined",
	  .count = 1,
	  .sev = SEV_LOW,
	  .name = "kube-scheduler",
	  .msg = "sets no seccomp profile",
	  .status = CHECK_FAILED },
	/* newrelic's hostPaths are all sensitive: reported once, there */
	{ .files = { "examples/kubernetes-examples/"
		     "newrelic__newrelic-daemonset.yaml" },
	  .check = "hostpath-volume",
	  .count = 0,
	  .sev = SEV_NONE,
	  .status = CHECK_PASSED },
};

START_TEST(test_real_hardening)
{
	const struct hcase *x = &cases[_i];
	struct hrun r;
	size_t i, n = 0;
	bool found = !x->count;
	TU_NEED_SHARED(shared);

	hrun(&r, shared, x->files, x->check, x->forbid);
	for (i = 0; i < r.f.n; i++) {
		const struct finding *fd = r.f.v[i];

		if (strcmp(fd->check->id, x->check) != 0)
			continue;
		n++;
		if ((x->sev == SEV_NONE || fd->severity == x->sev) &&
		    (!x->name || !strcmp(fd->obj->name, x->name)) &&
		    (!x->msg || strstr(fd->message, x->msg)))
			found = true;
		else
			fprintf(stderr, "  %s %s: %s\n", fd->check->id,
				fd->obj->name, fd->message);
	}
	ck_assert_msg(n == x->count, "%s on %s: %zu findings, expected %zu",
		      x->check, x->files[0], n, x->count);
	ck_assert_msg(found, "%s on %s: no finding matches", x->check,
		      x->files[0]);
	ck_assert_int_eq(status_of(&r, x->check), x->status);
	hrelease(&r);
}
END_TEST

/* A snapshot without Namespaces is still a cluster view. */
START_TEST(test_admission_snapshot_source)
{
	struct hrun r;

	r.scan = tu_scan_paths(
	    (const char *const[]){ "testdata/checks/no-admission-control/"
				   "silent/manifests-only.yaml" },
	    1);
	r.scan->meta.source = "snapshot";
	findings_init(&r.f, r.scan->arena);
	ck_assert_int_eq(scan_run(r.scan, check_registry, select_one,
				  (void *)check_find("no-admission-control"),
				  &r.f, &r.res, &r.nres),
			 0);
	ck_assert_int_eq(status_of(&r, "no-admission-control"), CHECK_FAILED);
	ck_assert_uint_eq(r.f.n, 1);
	hrelease(&r);
}
END_TEST

/* ---- the command line ---- */

static int strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_cli_profile)
{
	char *out = NULL;
	int rc;

	rc = tu_runf(
	    &out, "scan --profile pss-restricted -o json -f "
		  "testdata/checks/pss-run-as-user/fire/container-zero.yaml");
	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(strstr(out, "\"checkId\": \"pss-run-as-user\""));
	ck_assert_ptr_nonnull(
	    strstr(out, "spec.template.spec.containers[0].securityContext."
			"runAsUser"));
	/* the default catalogue does not run */
	ck_assert_ptr_null(strstr(out, "\"checkId\": \"run-as-root\""));
	free(out);
	rc = tu_runf(
	    &out, "scan --profile pss-baseline -o json -f "
		  "testdata/checks/pss-run-as-user/fire/container-zero.yaml");
	ck_assert_int_eq(rc, 0); /* runAsUser 0 is restricted's */
	free(out);
	rc = tu_runf(&out, "scan --profile pss-privileged -f testdata/demo");
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "pss-baseline or pss-restricted"));
	free(out);
	rc =
	    tu_runf(&out, "scan --profile pss-baseline --checks run-as-root -f "
			  "testdata/demo");
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "not part of pss-baseline"));
	free(out);
	rc = tu_runf(
	    &out, "scan --profile pss-baseline --checks pss-host-path -o json "
		  "-R -f testdata/demo");
	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(strstr(out, "\"total\": 1"));
	free(out);
	rc = tu_runf(&out, "explain pss-capabilities");
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "SYS_CHROOT"));
	free(out);
}
END_TEST

/* Sorted "fingerprint" values of a JSON report text, one per line. */
static char *fingerprints(const char *json)
{
	const char *p = json;
	char **v = NULL, *out;
	size_t n = 0, i, len = 0;

	while ((p = strstr(p, "\"fingerprint\": \""))) {
		p += 16;
		v = realloc(v, (n + 1) * sizeof(*v));
		ck_assert_ptr_nonnull(v);
		v[n] = strndup(p, strcspn(p, "\""));
		len += strlen(v[n]) + 1;
		n++;
	}
	qsort(v, n, sizeof(*v), strcmp_p);
	out = calloc(len + 1, 1);
	ck_assert_ptr_nonnull(out);
	for (i = 0, len = 0; i < n; i++) {
		size_t l = strlen(v[i]);

		memcpy(out + len, v[i], l);
		out[len + l] = '\n';
		len += l + 1;
		free(v[i]);
	}
	free(v);
	return out;
}

/* The profile gives the same findings on the demo's manifests and on its
 * snapshot, as the default catalogue does. */
START_TEST(test_cli_profile_snapshot_parity)
{
	char *a = NULL, *b = NULL, *fa, *fb;

	ck_assert_int_eq(tu_runf(&a,
				 "scan --profile pss-restricted -o json -R -f "
				 "testdata/demo"),
			 1);
	ck_assert_int_eq(tu_runf(&b, "scan --profile pss-restricted -o json "
				     "--snapshot testdata/snapshots/demo"),
			 1);
	fa = fingerprints(a);
	fb = fingerprints(b);
	ck_assert_uint_gt(strlen(fa), 100);
	ck_assert_str_eq(fa, fb);
	free(fa);
	free(fb);
	free(a);
	free(b);
}
END_TEST

Suite *suite_hardening(void)
{
	Suite *s = suite_create("hardening");
	TCase *tc = tcase_create("real");

	tcase_add_loop_test(tc, test_real_hardening, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_admission_snapshot_source);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_add_test(tc, test_cli_profile);
	tcase_add_test(tc, test_cli_profile_snapshot_parity);
	suite_add_tcase(s, tc);
	return s;
}
