/*
 * Renderers: the text and JSON reports of a small hand-built scan are
 * compared with golden files in testdata/golden/.  The checks are defined
 * here, so the tests do not depend on the real check table.
 *
 * To change a golden file on purpose, run the suite with
 * THREATMAP_UPDATE_GOLDEN=1 and review the diff.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "render/renderers.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

#define GOLDEN_DIR "testdata/golden/"

static int run_nothing(const struct scan *s, struct findings *out)
{
	(void)s, (void)out;
	return 0;
}

/* Maps to MS-TA9018 and MS-TA9013: one finding, several places. */
static const struct check tc_priv = {
	.id = "test-privileged",
	.title = "Container runs privileged",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9018", "MS-TA9013", NULL },
	.attack = (const char *const[]){ "T1610", "T1611", NULL },
	.run = run_nothing,
};

static const struct check tc_admin = {
	.id = "test-cluster-admin",
	.title = "Subject bound to cluster-admin",
	.severity = SEV_CRITICAL,
	.needs = NEED_RBAC,
	.techniques = (const char *const[]){ "MS-TA9019", NULL },
	.attack = (const char *const[]){ "T1078", NULL },
	.run = run_nothing,
};

static const struct check tc_unmapped = {
	.id = "test-unmapped",
	.title = "A check without a technique",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.run = run_nothing,
};

static const struct check tc_clean = {
	.id = "test-clean",
	.title = "A check that found nothing",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9005", NULL },
	.run = run_nothing,
};

static const struct check tc_blind = {
	.id = "test-blind",
	.title = "A check that could not see its kinds",
	.severity = SEV_HIGH,
	.needs = NEED_SECRETS,
	.techniques = (const char *const[]){ "MS-TA9025", NULL },
	.run = run_nothing,
};

static const struct check tc_skipped = {
	.id = "test-skipped",
	.title = "A check the user deselected",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9018", NULL },
	.run = run_nothing,
};

static const struct check tc_broken = {
	.id = "test-broken",
	.title = "A check that failed to run",
	.severity = SEV_MEDIUM,
	.needs = NEED_RBAC,
	.techniques = (const char *const[]){ "MS-TA9019", NULL },
	.run = run_nothing,
};

static const struct kobj obj_web = {
	.api_version = "apps/v1",
	.group = "apps",
	.kind = "Deployment",
	.ns = "team-a",
	.name = "web",
	.file = "manifests/web.yaml",
	.line = 1,
	.col = 1,
	.pods = 3,
};

static const struct kobj obj_crb = {
	.api_version = "rbac.authorization.k8s.io/v1",
	.group = "rbac.authorization.k8s.io",
	.kind = "ClusterRoleBinding",
	.name = "ops-admin",
	.file = "manifests/rbac.yaml",
	.line = 12,
	.col = 1,
};

/* Unspecified namespace; the name carries a terminal escape and a quote. */
static const struct kobj obj_evil = {
	.api_version = "v1",
	.group = "",
	.kind = "Pod",
	.name = "evil\033[2J\"pod",
	.file = "manifests/evil.yaml",
	.line = 1,
	.col = 1,
};

static const struct kobj obj_sa = {
	.api_version = "v1",
	.group = "",
	.kind = "ServiceAccount",
	.ns = "team-a",
	.name = "deployer",
	.file = "manifests/rbac.yaml",
	.line = 3,
	.col = 1,
};

struct fixture {
	struct scan *scan;
	struct findings f;
	struct check_result res[7];
	struct render_opts opts;
	struct report rep;
};

static void add_findings(struct fixture *fx)
{
	struct arena *a = fx->scan->arena;
	struct findings *f = &fx->f;
	struct finding *fd;

	fd = finding_add(f, &tc_priv, &obj_web, "app",
			 "container \"app\" runs privileged");
	finding_evidence(f, fd, node_new(a, NODE_BOOL, 21, 13),
			 "spec.template.spec.containers[0].securityContext."
			 "privileged",
			 "true");
	fd = finding_add(f, &tc_admin, &obj_crb, NULL,
			 "ServiceAccount team-a/deployer is bound to "
			 "cluster-admin");
	finding_evidence(f, fd, node_new(a, NODE_STRING, 18, 9), "roleRef.name",
			 "cluster-admin");
	finding_hop(f, fd, &obj_sa, node_new(a, NODE_OBJECT, 3, 1), NULL, NULL,
		    "service account used by Deployment team-a/web");
	finding_hop(f, fd, &obj_crb, node_new(a, NODE_STRING, 18, 9),
		    "roleRef.name", "cluster-admin",
		    "ClusterRoleBinding ops-admin grants cluster-admin");
	fd = finding_add(f, &tc_unmapped, &obj_evil, NULL,
			 "value with a control character: a\001b, a C1 "
			 "control \302\233, a bad byte \377, and UTF-8: "
			 "\303\251");
	finding_evidence(f, fd, NULL, "metadata.name", "%s", obj_evil.name);
	fd = finding_add(f, &tc_priv, &obj_evil, "side",
			 "container \"side\" runs privileged");
	finding_evidence(f, fd, node_new(a, NODE_BOOL, 9, 7),
			 "spec.containers[1].securityContext.privileged",
			 "true");
	fd->suppressed_by = "exceptions.yaml:4";
}

static void fixture_init(struct fixture *fx, bool color)
{
	struct diag d;
	struct srcloc loc = { "manifests/broken.yaml", 3, 7 };

	memset(fx, 0, sizeof(*fx));
	fx->scan = scan_new();
	diag_set(&d, DIAG_PARSE, &loc, "expected a mapping value, found ':'");
	scan_add_error(fx->scan, &d);
	scan_finish_input(fx->scan);
	findings_init(&fx->f, fx->scan->arena);
	add_findings(fx);
	findings_finish(&fx->f);

	fx->res[0] = (struct check_result){ .check = &tc_admin,
					    .status = CHECK_FAILED,
					    .findings = 1 };
	fx->res[1] = (struct check_result){ .check = &tc_priv,
					    .status = CHECK_FAILED,
					    .findings = 2 };
	fx->res[2] = (struct check_result){ .check = &tc_unmapped,
					    .status = CHECK_FAILED,
					    .findings = 1 };
	fx->res[3] =
	    (struct check_result){ .check = &tc_clean, .status = CHECK_PASSED };
	fx->res[4] = (struct check_result){ .check = &tc_blind,
					    .status = CHECK_NOT_VISIBLE,
					    .why = "could not list Secret" };
	fx->res[3].partial = true;
	fx->res[3].why = "could not list Pod in namespace kube-system";
	fx->res[5] = (struct check_result){ .check = &tc_skipped,
					    .status = CHECK_SKIPPED };
	fx->res[6] = (struct check_result){ .check = &tc_broken,
					    .status = CHECK_ERROR,
					    .why = "the check failed" };
	fx->opts.color = color;
	fx->opts.tool_version = "9.9.9-test";
	fx->rep.scan = fx->scan;
	fx->rep.findings = &fx->f;
	fx->rep.results = fx->res;
	fx->rep.nresults = 7;
	fx->rep.opts = &fx->opts;
}

static void fixture_release(struct fixture *fx)
{
	findings_release(&fx->f);
	scan_free(fx->scan);
}

static char *render_with(const char *name, bool color, bool verbose)
{
	const struct renderer *r = renderer_find(name);
	struct sbuf sb = SBUF_INIT;
	struct fixture fx;

	ck_assert_ptr_nonnull(r);
	fixture_init(&fx, color);
	fx.opts.verbose = verbose;
	ck_assert_int_eq(r->render(&fx.rep, &sb), 0);
	fixture_release(&fx);
	return sbuf_detach(&sb, NULL);
}

static char *render(const char *name, bool color)
{
	return render_with(name, color, false);
}

/* Line number (1-based) where a and b first differ. */
static unsigned first_diff_line(const char *a, const char *b)
{
	unsigned line = 1;

	for (; *a && *a == *b; a++, b++)
		line += *a == '\n';
	return line;
}

static void golden(const char *file, const char *got)
{
	char path[256], actual[512];
	const char *upd = getenv("THREATMAP_UPDATE_GOLDEN");
	const char *build = getenv("THREATMAP_BUILD");
	char *want;
	FILE *fp;

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", file);
	if (upd && !strcmp(upd, "1")) {
		fp = fopen(path, "wb");
		ck_assert_msg(fp != NULL, "cannot write %s", path);
		fputs(got, fp);
		fclose(fp);
		fprintf(stderr, "updated %s\n", path);
		return;
	}
	want = tu_read_file(path, NULL);
	ck_assert_msg(want != NULL,
		      "cannot read %s (create it with "
		      "THREATMAP_UPDATE_GOLDEN=1)",
		      path);
	if (strcmp(want, got) != 0) {
		snprintf(actual, sizeof(actual), "%s/%s.actual",
			 build && *build ? build : "/tmp", file);
		fp = fopen(actual, "wb");
		if (fp) {
			fputs(got, fp);
			fclose(fp);
		}
		ck_abort_msg("%s differs from the output at line %u (output "
			     "in %s); if the change is meant, regenerate with "
			     "THREATMAP_UPDATE_GOLDEN=1 make check",
			     path, first_diff_line(want, got), actual);
	}
	free(want);
}

/* A scan loaded from YAML, with one test check run on it by hand. */
static const struct check tc_pods;

static int run_every_pod(const struct scan *s, struct findings *out)
{
	size_t n, i;
	const struct kobj *const *pods = inventory_kind(s->inv, "Pod", &n);

	for (i = 0; i < n; i++) {
		const struct node *c = node_at(
		    node_get(node_get(pods[i]->root, "spec"), "containers"), 0);
		const struct node *img = node_get(c, "image");
		struct finding *fd =
		    finding_add(out, &tc_pods, pods[i], node_get_str(c, "name"),
				"pod runs image '%s'", node_str(img));

		finding_evidence(out, fd, img, "spec.containers[0].image", "%s",
				 node_str(img));
	}
	return 0;
}

static const struct check tc_pods = {
	.id = "test-every-pod",
	.title = "Every pod is reported",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = (const char *const[]){ "MS-TA9002", NULL },
	.attack = (const char *const[]){ "T1525", NULL },
	.run = run_every_pod,
};

static const char scan_yaml[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata:\n"
				"  name: api\n"
				"  namespace: prod\n"
				"spec:\n"
				"  containers:\n"
				"    - name: app\n"
				"      image: registry.example/app:1.2\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: ConfigMap\n"
				"metadata:\n"
				"  name: settings\n"
				"  namespace: prod\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: Pod\n"
				"metadata:\n"
				"  name: batch\n"
				"spec:\n"
				"  containers:\n"
				"    - name: job\n"
				"      image: \"busybox\\u001b[31m\"\n";

static char *render_scan(const char *name)
{
	struct scan *s = tu_scan_text(scan_yaml);
	/* every finding in full: the place of its evidence is checked */
	struct render_opts opts = { .tool_version = "9.9.9-test",
				    .generated_at = "2026-01-02T03:04:05Z",
				    .verbose = true };
	struct check_result res = { .check = &tc_pods };
	struct report rep = {
		.scan = s, .results = &res, .nresults = 1, .opts = &opts
	};
	struct sbuf sb = SBUF_INIT;
	struct findings f;

	ck_assert_uint_eq(s->errors.n, 0);
	findings_init(&f, s->arena);
	ck_assert_int_eq(tc_pods.run(s, &f), 0);
	findings_finish(&f);
	res.findings = f.n;
	res.status = f.n ? CHECK_FAILED : CHECK_PASSED;
	rep.findings = &f;
	ck_assert_int_eq(renderer_find(name)->render(&rep, &sb), 0);
	findings_release(&f);
	scan_free(s);
	return sbuf_detach(&sb, NULL);
}

START_TEST(test_scan_golden)
{
	char *txt = render_scan("text"), *json = render_scan("json");

	golden("scan.txt", txt);
	golden("scan.json", json);
	ck_assert_ptr_nonnull(strstr(txt, "objects:       3 scanned"));
	ck_assert_ptr_nonnull(strstr(txt, "at <test>:9:14"));
	ck_assert_ptr_nonnull(strstr(json, "\"generatedAt\": \"2026-01-02"));
	ck_assert_ptr_null(strchr(txt, '\033'));
	free(txt);
	free(json);
}
END_TEST

START_TEST(test_renderer_table)
{
	ck_assert_ptr_nonnull(renderer_find("text"));
	ck_assert_ptr_nonnull(renderer_find("json"));
	ck_assert_str_eq(renderer_find("json")->extension, "json");
	ck_assert_ptr_null(renderer_find("yaml"));
}
END_TEST

START_TEST(test_text_golden)
{
	char *out = render("text", false);

	golden("report.txt", out);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
}
END_TEST

START_TEST(test_text_color_golden)
{
	char *out = render("text", true);

	golden("report-color.txt", out);
	ck_assert_ptr_nonnull(strstr(out, "\033[1;31mCRITICAL"));
	free(out);
}
END_TEST

/* --verbose: every finding in full, low ones too */
START_TEST(test_text_verbose_golden)
{
	char *out = render_with("text", false, true);

	golden("report-verbose.txt", out);
	free(out);
}
END_TEST

START_TEST(test_json_golden)
{
	char *out = render("json", false);

	golden("report.json", out);
	free(out);
}
END_TEST

/* One finding under several techniques: full once, counted once. */
START_TEST(test_text_counts_once)
{
	char *out = render_with("text", false, true);
	const char *full = "container \"app\" runs privileged";
	char *first = strstr(out, full);

	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_null(strstr(first + 1, full));
	/* its techniques are listed on it, not copied under each */
	ck_assert_ptr_nonnull(strstr(first, "techniques: "));
	ck_assert_ptr_nonnull(
	    strstr(strstr(first, "techniques: "), "MS-TA9013"));
	ck_assert_ptr_nonnull(strstr(out, "findings:      3 (critical 1, "
					  "high 1, medium 0, low 1)"));
	ck_assert_ptr_nonnull(strstr(out, "suppressed:    1"));
	/* the suppressed finding is not listed */
	ck_assert_ptr_null(strstr(out, "\"side\""));
	free(out);
}
END_TEST

/* Input text cannot reach the terminal raw. */
START_TEST(test_text_escapes_input)
{
	char *out = render_with("text", true, true);

	ck_assert_ptr_null(strstr(out, "\033[2J"));
	ck_assert_ptr_null(strchr(out, '\001'));
	ck_assert_ptr_nonnull(strstr(out, "evil\\x1b[2J\"pod"));
	ck_assert_ptr_nonnull(strstr(out, "a\\x01b"));
	ck_assert_ptr_nonnull(strstr(out, "control \\u009b"));
	ck_assert_ptr_nonnull(strstr(out, "bad byte \\xff"));
	ck_assert_ptr_nonnull(strstr(out, "UTF-8: \303\251"));
	free(out);
}
END_TEST

START_TEST(test_json_with_jq)
{
	char *out = render("json", false), *res = NULL;
	char path[] = "/tmp/threatmap-render-XXXXXX";
	char cmd[1024];
	int fd = mkstemp(path), rc;
	FILE *fp;

	tu_need_tool("jq", "jq");
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs(out, fp);
	fclose(fp);
	snprintf(
	    cmd, sizeof(cmd),
	    "jq -e '.schemaVersion == \"1\" and .generatedAt == null"
	    " and (.findings | length) == 4"
	    " and .summary.findings == 3 and .summary.suppressed == 1"
	    " and .summary.checks.notVisible == 1"
	    " and ([.findings[].fingerprint | length == 32] | all)"
	    " and (.findings[] | select(.checkId == \"test-unmapped\")"
	    "      | .object.namespace == null and .location.line == 1)"
	    " and (.findings[] | select(.checkId == \"test-cluster-admin\")"
	    "      | (.hops | length) == 2 and .attack == [\"T1078\"]"
	    "        and .techniques[0].tactics[0].attackId == \"TA0004\")"
	    " and .errors[0].code == \"parse\" and .errors[0].line == 3'"
	    " %s",
	    path);
	rc = tu_run(cmd, &res);
	ck_assert_msg(rc == 0, "jq assertions failed: %s", res);
	free(res);
	free(out);
	unlink(path);
}
END_TEST

Suite *suite_render(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");

	tcase_add_test(tc, test_renderer_table);
	tcase_add_test(tc, test_text_golden);
	tcase_add_test(tc, test_text_color_golden);
	tcase_add_test(tc, test_text_verbose_golden);
	tcase_add_test(tc, test_json_golden);
	tcase_add_test(tc, test_text_counts_once);
	tcase_add_test(tc, test_text_escapes_input);
	tcase_add_test(tc, test_json_with_jq);
	tcase_add_test(tc, test_scan_golden);
	suite_add_tcase(s, tc);
	return s;
}
