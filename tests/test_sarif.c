/* SARIF: structure GitHub needs, locations, suppressions, code flows. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "golden.h"
#include "report_fixture.h"
#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "policy.h"
#include "render/renderers.h"
#include "scan.h"
#include "score.h"
#include "sbuf.h"
#include "testutil.h"

/* Render r with renderer name; returns the parsed tree (caller frees). */
static yajl_val render_parse(const struct report *r, const char *name,
			     struct sbuf *out)
{
	const struct renderer *rd = renderer_find(name);
	char err[256];
	yajl_val v;

	ck_assert_ptr_nonnull(rd);
	ck_assert_int_eq(rd->render(r, out), 0);
	v = yajl_tree_parse(out->buf, err, sizeof(err));
	ck_assert_msg(v != NULL, "%s output is not JSON: %s", name, err);
	return v;
}

static yajl_val get(yajl_val v, const char *p1, const char *p2, const char *p3)
{
	const char *path[] = { p1, p2, p3, NULL };
	return yajl_tree_get(v, path, yajl_t_any);
}

static const char *str(yajl_val v, const char *p1, const char *p2,
		       const char *p3)
{
	return YAJL_GET_STRING(get(v, p1, p2, p3));
}

static yajl_val at(yajl_val arr, size_t i)
{
	ck_assert(YAJL_IS_ARRAY(arr));
	ck_assert_uint_lt(i, arr->u.array.len);
	return arr->u.array.values[i];
}

static size_t len(yajl_val arr)
{
	return YAJL_IS_ARRAY(arr) ? arr->u.array.len : 0;
}

/* The result for the finding about object name with rule id. */
static yajl_val result_for(yajl_val results, const char *rule, const char *name)
{
	size_t i;

	for (i = 0; i < len(results); i++) {
		yajl_val r = at(results, i);
		yajl_val loc = at(get(r, "locations", NULL, NULL), 0);
		yajl_val lg = at(get(loc, "logicalLocations", NULL, NULL), 0);

		if (!strcmp(str(r, "ruleId", NULL, NULL), rule) &&
		    !strcmp(str(lg, "name", NULL, NULL), name))
			return r;
	}
	ck_abort_msg("no result for %s on %s", rule, name);
	return NULL;
}

START_TEST(test_sarif_structure)
{
	struct sbuf out = SBUF_INIT;
	yajl_val root, run, rules, results;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	fx_policy(&x);
	fx_score(&x);
	root = render_parse(&x.rep, "sarif", &out);
	ck_assert_str_eq(str(root, "version", NULL, NULL), "2.1.0");
	run = at(get(root, "runs", NULL, NULL), 0);
	ck_assert_uint_eq(len(get(root, "runs", NULL, NULL)), 1);
	ck_assert_str_eq(str(run, "tool", "driver", "name"), "threatmap");
	ck_assert_str_eq(str(run, "tool", "driver", "version"), "0.1.0");
	ck_assert_ptr_nonnull(str(run, "tool", "driver", "informationUri"));
	rules = get(run, "tool", "driver", "rules");
	ck_assert_uint_eq(len(rules), 5);
	for (i = 0; i < len(rules); i++) {
		yajl_val ru = at(rules, i);
		const char *sev =
		    str(ru, "properties", "security-severity", NULL);

		ck_assert_ptr_null(sev); /* a number, not a string */
		ck_assert(YAJL_IS_NUMBER(
		    get(ru, "properties", "security-severity", NULL)));
		ck_assert_ptr_nonnull(
		    str(ru, "shortDescription", "text", NULL));
		ck_assert_ptr_nonnull(str(ru, "fullDescription", "text", NULL));
		ck_assert_ptr_nonnull(str(ru, "help", "markdown", NULL));
		ck_assert_ptr_nonnull(
		    strstr(str(ru, "help", "text", NULL), "Remediation: "));
		ck_assert_ptr_nonnull(strstr(str(ru, "helpUri", NULL, NULL),
					     str(ru, "id", NULL, NULL)));
		ck_assert_str_ne(str(ru, "name", NULL, NULL),
				 str(ru, "id", NULL, NULL));
	}
	ck_assert_str_eq(str(at(rules, 0), "id", NULL, NULL),
			 "test-privileged");
	ck_assert_str_eq(
	    str(at(rules, 0), "defaultConfiguration", "level", NULL), "error");
	/* tags: tactic, Microsoft technique, ATT&CK */
	{
		yajl_val tg = get(at(rules, 0), "properties", "tags", NULL);
		bool tactic = false, ms = false, attack = false;

		for (i = 0; i < len(tg); i++) {
			const char *t = YAJL_GET_STRING(at(tg, i));
			tactic |= !strcmp(t, "Privilege Escalation");
			ms |= !strcmp(t, "MS-TA9018");
			attack |= !strcmp(t, "T1610");
		}
		ck_assert(tactic && ms && attack);
	}
	ck_assert(YAJL_IS_TRUE(get(at(get(run, "invocations", NULL, NULL), 0),
				   "executionSuccessful", NULL, NULL)));
	results = get(run, "results", NULL, NULL);
	/* every finding, suppressed included */
	ck_assert_uint_eq(len(results), x.f.n);
	for (i = 0; i < len(results); i++) {
		yajl_val r = at(results, i);
		yajl_val loc = at(get(r, "locations", NULL, NULL), 0);
		long long idx =
		    YAJL_GET_INTEGER(get(r, "ruleIndex", NULL, NULL));

		ck_assert_ptr_nonnull(
		    str(loc, "physicalLocation", "artifactLocation", "uri"));
		ck_assert_int_ge(
		    YAJL_GET_INTEGER(
			get(get(loc, "physicalLocation", "region", NULL),
			    "startLine", NULL, NULL)),
		    1);
		ck_assert_str_eq(str(r, "ruleId", NULL, NULL),
				 str(at(rules, (size_t)idx), "id", NULL, NULL));
		ck_assert_str_eq(
		    str(r, "partialFingerprints", "threatmap/v1", NULL),
		    finding_fp(x.f.v[i]));
	}
	yajl_tree_free(root);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

START_TEST(test_sarif_locations)
{
	struct sbuf out = SBUF_INIT;
	yajl_val root, results, r, loc;
	struct fx x;

	fx_build(&x, "manifests");
	fx_score(&x);
	root = render_parse(&x.rep, "sarif", &out);
	results =
	    get(at(get(root, "runs", NULL, NULL), 0), "results", NULL, NULL);
	r = result_for(results, "test-privileged", "web");
	loc = get(at(get(r, "locations", NULL, NULL), 0), "physicalLocation",
		  NULL, NULL);
	ck_assert_str_eq(str(loc, "artifactLocation", "uri", NULL),
			 "deploy/web.yaml");
	ck_assert_int_eq(
	    YAJL_GET_INTEGER(get(loc, "region", "startLine", NULL)), 14);
	ck_assert_int_eq(
	    YAJL_GET_INTEGER(get(loc, "region", "startColumn", NULL)), 25);
	loc = at(get(r, "locations", NULL, NULL), 0);
	ck_assert_str_eq(str(at(get(loc, "logicalLocations", NULL, NULL), 0),
			     "fullyQualifiedName", NULL, NULL),
			 "shop/Deployment/web");
	ck_assert_str_eq(str(at(get(loc, "logicalLocations", NULL, NULL), 1),
			     "fullyQualifiedName", NULL, NULL),
			 "shop/Deployment/web/app");
	/* no evidence line: the object's own line */
	r = result_for(results, "test-hostpath", "calico-node");
	loc = get(at(get(r, "locations", NULL, NULL), 0), "physicalLocation",
		  NULL, NULL);
	ck_assert_str_eq(str(loc, "artifactLocation", "uri", NULL),
			 "deploy/calico.yaml");
	ck_assert_int_eq(
	    YAJL_GET_INTEGER(get(loc, "region", "startLine", NULL)), 1);
	/* attack path: one thread flow with a location per hop */
	r = result_for(results, "test-attack-path", "web");
	{
		yajl_val tf = at(get(at(get(r, "codeFlows", NULL, NULL), 0),
				     "threadFlows", NULL, NULL),
				 0);
		yajl_val locs = get(tf, "locations", NULL, NULL);

		ck_assert_uint_eq(len(locs), 3);
		ck_assert_str_eq(
		    str(get(at(locs, 0), "location", "physicalLocation", NULL),
			"artifactLocation", "uri", NULL),
		    "deploy/web.yaml");
		ck_assert_str_eq(
		    YAJL_GET_STRING(
			get(get(at(locs, 2), "location", "message", NULL),
			    "text", NULL, NULL)),
		    "ServiceAccount shop/web is bound to cluster-admin");
	}
	yajl_tree_free(root);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/* Live and snapshot scans: a stable URI per object, line 1. */
START_TEST(test_sarif_snapshot_uri)
{
	struct sbuf out = SBUF_INIT;
	yajl_val root, results, r, loc;
	struct fx x;

	fx_build(&x, "snapshot");
	fx_score(&x);
	root = render_parse(&x.rep, "sarif", &out);
	results =
	    get(at(get(root, "runs", NULL, NULL), 0), "results", NULL, NULL);
	r = result_for(results, "test-privileged", "web");
	loc = get(at(get(r, "locations", NULL, NULL), 0), "physicalLocation",
		  NULL, NULL);
	ck_assert_str_eq(str(loc, "artifactLocation", "uri", NULL),
			 "k8s/shop/Deployment/web.yaml");
	ck_assert_int_eq(
	    YAJL_GET_INTEGER(get(loc, "region", "startLine", NULL)), 1);
	ck_assert_ptr_null(get(loc, "region", "startColumn", NULL));
	r = result_for(results, "test-privileged",
		       "x<script>alert(1)</script>");
	loc = get(at(get(r, "locations", NULL, NULL), 0), "physicalLocation",
		  NULL, NULL);
	ck_assert_str_eq(str(loc, "artifactLocation", "uri", NULL),
			 "k8s/evil/Pod/x%3Cscript%3Ealert%281%29%3C%2Fscript"
			 "%3E.yaml");
	r = result_for(results, "test-cluster-admin", "ops-admin");
	loc = get(at(get(r, "locations", NULL, NULL), 0), "physicalLocation",
		  NULL, NULL);
	ck_assert_str_eq(str(loc, "artifactLocation", "uri", NULL),
			 "k8s/_cluster/ClusterRoleBinding/ops-admin.yaml");
	ck_assert_str_eq(str(at(get(root, "runs", NULL, NULL), 0), "properties",
			     "context", NULL),
			 "prod-admin");
	yajl_tree_free(root);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

START_TEST(test_sarif_suppression)
{
	struct sbuf out = SBUF_INIT;
	yajl_val root, results, r, s;
	struct fx x;

	fx_build(&x, "manifests");
	fx_policy(&x);
	fx_score(&x);
	root = render_parse(&x.rep, "sarif", &out);
	results =
	    get(at(get(root, "runs", NULL, NULL), 0), "results", NULL, NULL);
	r = result_for(results, "test-hostpath", "calico-node");
	s = at(get(r, "suppressions", NULL, NULL), 0);
	ck_assert_str_eq(str(s, "kind", NULL, NULL), "external");
	ck_assert_str_eq(str(s, "justification", NULL, NULL),
			 "CNI agent <needs> the host's network & /var/run");
	ck_assert_str_eq(str(s, "properties", "owner", NULL), "platform-team");
	/* the expired exception is a notification */
	ck_assert_ptr_nonnull(strstr(out.buf, "exceptions.yaml:8: exception "
					      "expired on 2026-01-31"));
	/* the expired exception does not suppress */
	r = result_for(results, "test-cluster-admin", "ops-admin");
	ck_assert_ptr_null(get(r, "suppressions", NULL, NULL));
	yajl_tree_free(root);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/* JSON and SARIF count the same findings (when the JSON renderer exists). */
START_TEST(test_sarif_json_counts)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	yajl_val sarif, json, jf;
	struct fx x;

	ck_assert_msg(renderer_find("json") != NULL, "no json renderer");
	fx_build(&x, "manifests");
	fx_policy(&x);
	fx_score(&x);
	sarif = render_parse(&x.rep, "sarif", &a);
	json = render_parse(&x.rep, "json", &b);
	jf = get(json, "findings", NULL, NULL);
	ck_assert_msg(YAJL_IS_ARRAY(jf), "json output has no findings array");
	ck_assert_uint_eq(len(jf),
			  len(get(at(get(sarif, "runs", NULL, NULL), 0),
				  "results", NULL, NULL)));
	yajl_tree_free(sarif);
	yajl_tree_free(json);
	sbuf_release(&a);
	sbuf_release(&b);
	fx_free(&x);
}
END_TEST

START_TEST(test_sarif_golden)
{
	static const char *const src[] = { "manifests", "snapshot" };
	struct sbuf out = SBUF_INIT;
	char name[64];
	struct fx x;

	fx_build(&x, src[_i]);
	fx_policy(&x);
	fx_score(&x);
	ck_assert_int_eq(renderer_find("sarif")->render(&x.rep, &out), 0);
	snprintf(name, sizeof(name), "%s.sarif", src[_i]);
	golden_check(name, out.buf, out.len);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/*
 * A scan of standard input: the artifact is "-", the name the input has
 * on the command line, described as standard input, at the line of the
 * evidence in the stream; never a made-up per-object file.
 */
START_TEST(test_sarif_stdin)
{
	static const char pod[] =
	    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
	    "---\n"
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
	    "  namespace: shop\nspec:\n  containers:\n  - name: app\n"
	    "    image: nginx:1\n    securityContext:\n"
	    "      privileged: true\n";
	char dir[] = "/tmp/threatmap-sarif-XXXXXX", path[64], err[256];
	yajl_val root, results, r, loc;
	char *out = NULL;
	size_t i;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/in.yaml", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(pod, fp);
	ck_assert_int_eq(fclose(fp), 0);
	tu_runf(&out, "scan -f - -o sarif <'%s' 2>/dev/null", path);
	tu_shf(NULL, "rm -rf '%s'", dir);
	root = yajl_tree_parse(out, err, sizeof(err));
	ck_assert_msg(root != NULL, "not JSON: %s", err);
	results =
	    get(at(get(root, "runs", NULL, NULL), 0), "results", NULL, NULL);
	ck_assert(YAJL_IS_ARRAY(results) && results->u.array.len > 0);
	for (i = 0; i < results->u.array.len; i++) {
		loc = get(
		    at(get(results->u.array.values[i], "locations", NULL, NULL),
		       0),
		    "physicalLocation", NULL, NULL);
		ck_assert_str_eq(str(loc, "artifactLocation", "uri", NULL),
				 "-");
		ck_assert_str_eq(
		    str(loc, "artifactLocation", "description", "text"),
		    "standard input");
		ck_assert_ptr_null(
		    get(loc, "artifactLocation", "uriBaseId", NULL));
	}
	r = result_for(results, "privileged-container", "web");
	loc = get(at(get(r, "locations", NULL, NULL), 0), "physicalLocation",
		  NULL, NULL);
	/* "privileged: true" is line 16 of the stream, its value column 19 */
	ck_assert_int_eq(
	    YAJL_GET_INTEGER(get(loc, "region", "startLine", NULL)), 16);
	ck_assert_int_eq(
	    YAJL_GET_INTEGER(get(loc, "region", "startColumn", NULL)), 19);
	ck_assert_ptr_null(strstr(out, "k8s/shop/Pod/web.yaml"));
	yajl_tree_free(root);
	free(out);
}
END_TEST

/*
 * The golden SARIF files against the SARIF 2.1.0 JSON schema, when
 * python3 with jsonschema is at hand (.ci/sarif-validate.sh installs it
 * and also runs Microsoft's validator).
 */
START_TEST(test_sarif_schema)
{
	char cmd[1024];
	char *out = NULL;
	int rc;

	TU_NEED_SHARED(shared);
	ck_assert_msg(
	    !tu_run("python3 -c 'import jsonschema' 2>/dev/null", NULL),
	    "python3 jsonschema is needed to run this test: "
	    "install python3-jsonschema");
	snprintf(
	    cmd, sizeof(cmd),
	    "python3 -c 'import json, sys, jsonschema\n"
	    "v = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))\n"
	    "n = 0\n"
	    "for f in sys.argv[2:]:\n"
	    "    for e in v.iter_errors(json.load(open(f))):\n"
	    "        n += 1; print(f, list(e.absolute_path), e.message)\n"
	    "sys.exit(1 if n else 0)' "
	    "%s/reference/sarif-schema-2.1.0.json " GOLDEN_DIR
	    "manifests.sarif " GOLDEN_DIR "snapshot.sarif 2>&1",
	    shared);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "schema errors: %s", out ? out : "");
	free(out);
}
END_TEST

Suite *suite_sarif(void)
{
	Suite *s = suite_create("sarif");
	TCase *tc = tcase_create("sarif");

	tcase_add_test(tc, test_sarif_structure);
	tcase_add_test(tc, test_sarif_locations);
	tcase_add_test(tc, test_sarif_snapshot_uri);
	tcase_add_test(tc, test_sarif_stdin);
	tcase_add_test(tc, test_sarif_suppression);
	tcase_add_test(tc, test_sarif_json_counts);
	tcase_add_loop_test(tc, test_sarif_golden, 0, 2);
	tcase_add_test(tc, test_sarif_schema);
	suite_add_tcase(s, tc);
	return s;
}
