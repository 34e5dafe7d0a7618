/* HTML, Markdown and JUnit reports; escaping helpers; golden files. */
#include <check.h>
#include <stdlib.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <yajl/yajl_tree.h>
#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "golden.h"
#include "render/markup.h"
#include "render/render_util.h"
#include "triage.h"
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

static const struct {
	int (*fn)(struct sbuf *, const char *);
	const char *in, *want;
} esc_cases[] = {
	{ .fn = markup_html,
	  .in = "<script>alert('x')</script>",
	  .want = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
	{ .fn = markup_html,
	  .in = "a & \"b\"",
	  .want = "a &amp; &quot;b&quot;" },
	{ .fn = markup_html,
	  .in = "bad \xff utf8",
	  .want = "bad \xef\xbf\xbd utf8" },
	{ .fn = markup_html,
	  .in = "over\xc0\xaflong",
	  .want = "over\xef\xbf\xbd\xef\xbf\xbdlong" },
	{ .fn = markup_html, .in = "caf\xc3\xa9", .want = "caf\xc3\xa9" },
	{ .fn = markup_xml,
	  .in = "a\x01"
		"b\x1f",
	  .want = "a&lt;U+0001&gt;b&lt;U+001F&gt;" },
	{ .fn = markup_xml,
	  .in = "]]><x a=\"1\"/>",
	  .want = "]]&gt;&lt;x a=&quot;1&quot;/&gt;" },
	{ .fn = markup_xml,
	  .in = "line1\nline2\ttab",
	  .want = "line1\nline2\ttab" },
	{ .fn = markup_md, .in = "a|b", .want = "a\\|b" },
	{ .fn = markup_md, .in = "[x](http://e)", .want = "\\[x\\](http://e)" },
	{ .fn = markup_md,
	  .in = "*bold* _i_ `code`",
	  .want = "\\*bold\\* \\_i\\_ \\`code\\`" },
	{ .fn = markup_md, .in = "<img src=x>", .want = "&lt;img src=x&gt;" },
	{ .fn = markup_md, .in = "two\nlines", .want = "two lines" },
	{ .fn = markup_md, .in = "kube-system/web", .want = "kube-system/web" },
	{ .fn = markup_uri_path, .in = "a b/c<d>", .want = "a%20b/c%3Cd%3E" },
	{ .fn = markup_uri_path,
	  .in = "deploy/web-1_x.yaml",
	  .want = "deploy/web-1_x.yaml" },
};

START_TEST(test_escape)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(esc_cases[_i].fn(&sb, esc_cases[_i].in), 0);
	ck_assert_str_eq(sb.buf, esc_cases[_i].want);
	sbuf_release(&sb);
}
END_TEST

static void render(const struct report *r, const char *name, struct sbuf *out)
{
	const struct renderer *rd = renderer_find(name);

	ck_assert_ptr_nonnull(rd);
	ck_assert_int_eq(rd->render(r, out), 0);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

START_TEST(test_html_escaped_and_self_contained)
{
	const char *p;
	struct sbuf out = SBUF_INIT;
	struct fx x;

	fx_build(&x, "live");
	fx_policy(&x);
	fx_score(&x);
	render(&x.rep, "html", &out);
	/* the object named x<script>... is shown, escaped */
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "x&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_null(strstr(out.buf, "<script"));
	ck_assert_ptr_null(strstr(out.buf, "<img"));
	ck_assert_ptr_nonnull(strstr(out.buf, "c&amp;&quot;&#39;&lt;b&gt;"));
	/*
	 * nothing to fetch: no src or href attribute, url() or @import at
	 * all (escaped text cannot produce src=" since quotes are escaped)
	 */
	ck_assert_ptr_nonnull(strstr(out.buf, "&lt;img src=x&gt;"));
	ck_assert_ptr_null(strstr(out.buf, "src=\""));
	/* links only within the page: href="#..." */
	for (p = strstr(out.buf, "href=\""); p; p = strstr(p + 1, "href=\""))
		ck_assert_msg(p[6] == '#', "link out of the page: %.40s", p);
	ck_assert_ptr_null(strstr(out.buf, "url("));
	ck_assert_ptr_null(strstr(out.buf, "@import"));
	ck_assert_ptr_nonnull(strstr(out.buf, "@media print"));
	/* metadata, heat map, not visible, exceptions */
	ck_assert_ptr_nonnull(strstr(out.buf, "<td>prod-admin</td>"));
	ck_assert_ptr_nonnull(strstr(out.buf, "<td>v1.30.2</td>"));
	/* an exposed cell: its intensity class, and a link to its findings */
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "<a href=\"#t-MS-TA9018\"><b>MS-TA9018</b>"));
	ck_assert_ptr_nonnull(strstr(out.buf, "<h3 id=\"t-MS-TA9018\">"));
	ck_assert_ptr_nonnull(strstr(
	    out.buf,
	    "<td class=\"not-visible\" title=\"not visible\"><b>MS-TA9025"));
	ck_assert_uint_eq(count(out.buf, "<th>Initial Access<br>score"), 1);
	ck_assert_ptr_nonnull(strstr(out.buf, "could not list Secret"));
	ck_assert_ptr_nonnull(strstr(out.buf, "<b>expired</b>, not applied"));
	ck_assert_ptr_nonnull(strstr(out.buf, "Suppressed findings (1)"));
	ck_assert_ptr_nonnull(strstr(
	    out.buf,
	    "CNI agent &lt;needs&gt; the host&#39;s network &amp; /var/run"));
	/* every finding is shown once: 4 open + 1 suppressed */
	ck_assert_uint_eq(count(out.buf, "<div class=\"finding"), 5);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

START_TEST(test_junit)
{
	struct sbuf out = SBUF_INIT;
	struct fx x;

	fx_build(&x, "manifests");
	fx_policy(&x);
	fx_score(&x);
	render(&x.rep, "junit", &out);
	ck_assert_uint_eq(count(out.buf, "<testcase "), 5);
	/* 5 findings, one suppressed: 4 failures, the suppressed one listed */
	ck_assert_uint_eq(count(out.buf, "<failure "), 4);
	ck_assert_uint_eq(count(out.buf, "suppressed: DaemonSet "
					 "kube-system/calico-node"),
			  1);
	ck_assert_uint_eq(count(out.buf, "<skipped message=\"could not list "
					 "Secret\"/>"),
			  1);
	ck_assert_ptr_nonnull(strstr(out.buf, "tests=\"5\" failures=\"3\" "
					      "errors=\"0\" skipped=\"1\""));
	ck_assert_ptr_null(strstr(out.buf, "<script"));
	ck_assert_ptr_nonnull(strstr(out.buf, "x&lt;script&gt;"));
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "classname=\"threatmap.PrivilegeEscalation\""));
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/* xmllint, when installed, must accept the JUnit output. */
START_TEST(test_junit_well_formed)
{
	struct sbuf out = SBUF_INIT;
	char *res = NULL;
	FILE *fp;
	struct fx x;

	tu_need_tool("xmllint", "libxml2-utils");
	fx_build(&x, "manifests");
	fx_policy(&x);
	fx_score(&x);
	render(&x.rep, "junit", &out);
	mkdir("build", 0755);
	fp = fopen("build/junit-test.xml", "wb");
	ck_assert_ptr_nonnull(fp);
	fwrite(out.buf, 1, out.len, fp);
	fclose(fp);
	ck_assert_int_eq(
	    tu_run("xmllint --noout build/junit-test.xml 2>&1", &res), 0);
	free(res);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

START_TEST(test_markdown)
{
	struct sbuf out = SBUF_INIT;
	struct fx x;

	fx_build(&x, "manifests");
	fx_policy(&x);
	fx_score(&x);
	render(&x.rep, "markdown", &out);
	ck_assert_ptr_nonnull(strstr(out.buf, "## threatmap: score "));
	ck_assert_ptr_nonnull(strstr(out.buf, "| Privilege Escalation | "));
	ck_assert_ptr_nonnull(strstr(out.buf, "### Suppressed by exceptions "
					      "(1)"));
	ck_assert_ptr_nonnull(strstr(out.buf, "### Expired exceptions"));
	ck_assert_ptr_nonnull(strstr(out.buf,
				     "`test-list-secrets` "
				     "(not-visible): could not list Secret"));
	ck_assert_ptr_nonnull(strstr(out.buf, "x&lt;script&gt;"));
	ck_assert_ptr_null(strstr(out.buf, "<script"));
	ck_assert_ptr_null(strstr(out.buf, "Truncated"));
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/* Many findings: the summary stays under GitHub's comment limit. */
START_TEST(test_markdown_truncates)
{
	struct sbuf out = SBUF_INIT;
	const struct kobj *o;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	o = fx_find(&x, "Deployment", "shop", "web");
	for (i = 0; i < 3000; i++)
		finding_add(&x.f, &fx_check_priv, o, NULL,
			    "finding number %zu with a | pipe", i);
	findings_finish(&x.f);
	fx_score(&x);
	render(&x.rep, "markdown", &out);
	ck_assert_uint_lt(out.len, 65536);
	ck_assert_uint_gt(out.len, 60000);
	ck_assert_ptr_nonnull(strstr(out.buf, "> **Truncated:** "));
	ck_assert_ptr_nonnull(strstr(out.buf, "a \\| pipe"));
	ck_assert_ptr_nonnull(strstr(out.buf, "</sub>\n"));
	sbuf_reset(&out);
	ck_assert_int_eq(render_markdown_limited(&x.rep, &out, 4000), 0);
	ck_assert_uint_le(out.len, 4000);
	ck_assert_ptr_nonnull(strstr(out.buf, "more rows did not fit"));
	{
		/* the rows shown and those counted: one per finding */
		static const char *const sev[] = { "critical", "high", "medium",
						   "low" };
		const char *p = strstr(out.buf, "> **Truncated:** ");
		size_t shown = 0, omitted, k;
		char pat[32];

		ck_assert_ptr_nonnull(p);
		omitted = strtoul(p + strlen("> **Truncated:** "), NULL, 10);
		for (k = 0; k < 4; k++) {
			snprintf(pat, sizeof(pat), "\n| %s | `", sev[k]);
			for (p = strstr(out.buf, pat); p;
			     p = strstr(p + 1, pat))
				shown++;
		}
		ck_assert_uint_gt(shown, 0);
		ck_assert_uint_eq(shown + omitted, x.f.n);
	}
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

START_TEST(test_golden)
{
	static const char *const names[] = { "html", "markdown", "junit" };
	static const char *const ext[] = { "html", "md", "xml" };
	struct sbuf out = SBUF_INIT;
	char name[64];
	struct fx x;

	fx_build(&x, _i < 3 ? "manifests" : "live");
	fx_policy(&x);
	fx_score(&x);
	render(&x.rep, names[_i % 3], &out);
	snprintf(name, sizeof(name), "%s.%s", _i < 3 ? "manifests" : "live",
		 ext[_i % 3]);
	golden_check(name, out.buf, out.len);
	sbuf_release(&out);
	fx_free(&x);
}
END_TEST

/* An empty scan still renders every format. */
START_TEST(test_empty)
{
	static const char *const names[] = { "sarif", "html", "markdown",
					     "junit" };
	struct sbuf out = SBUF_INIT;
	struct report rep = { 0 };
	struct findings f;
	struct score sc;
	struct scan *s = scan_new();

	scan_finish_input(s);
	findings_init(&f, s->arena);
	score_compute(&sc, NULL, 0, &f);
	rep.scan = s;
	rep.findings = &f;
	rep.score = &sc;
	render(&rep, names[_i], &out);
	ck_assert_uint_gt(out.len, 0);
	if (_i == 2)
		ck_assert_ptr_nonnull(strstr(out.buf, "No open findings."));
	sbuf_release(&out);
	score_release(&sc);
	findings_release(&f);
	scan_free(s);
}
END_TEST

static struct baseline *load_baseline(struct arena *a, const char *name,
				      int *rc, char *msg, size_t n)
{
	struct baseline *b = baseline_new();
	struct diag d = { 0 };
	char path[256];
	size_t len = 0;
	char *buf;

	snprintf(path, sizeof(path), "testdata/reports/baseline/%s", name);
	buf = tu_read_file(path, &len);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	*rc = baseline_load(b, a, path, buf, len, &d);
	diag_format(&d, msg, n);
	free(buf);
	return b;
}

START_TEST(test_baseline_diff)
{
	struct arena *a = arena_new();
	struct baseline *old, *new_;
	struct baseline_diff d;
	struct sbuf out = SBUF_INIT;
	char msg[700];
	int rc;

	old = load_baseline(a, "old.json", &rc, msg, sizeof(msg));
	ck_assert_msg(rc == 0, "%s", msg);
	new_ = load_baseline(a, "new.json", &rc, msg, sizeof(msg));
	ck_assert_msg(rc == 0, "%s", msg);
	ck_assert_uint_eq(baseline_count(old), 3);
	ck_assert(baseline_at(old, 1)->suppressed);
	ck_assert_str_eq(baseline_at(old, 2)->ns, "");
	baseline_diff(old, new_, &d);
	ck_assert_uint_eq(d.nadded, 1);
	ck_assert_str_eq(d.added[0]->check, "automount-token");
	ck_assert_uint_eq(d.nfixed, 1);
	ck_assert_str_eq(d.fixed[0]->name, "ops-admin");
	ck_assert_uint_eq(d.nunchanged, 2);
	ck_assert_int_eq(baseline_diff_text(&d, &out), 0);
	golden_check("diff.txt", out.buf, out.len);
	sbuf_reset(&out);
	ck_assert_int_eq(baseline_diff_json(&d, "old.json", "new.json", &out),
			 0);
	golden_check("diff.json", out.buf, out.len);
	baseline_diff_release(&d);
	sbuf_release(&out);
	baseline_free(old);
	baseline_free(new_);
	arena_free(a);
}
END_TEST

START_TEST(test_baseline_errors)
{
	struct arena *a = arena_new();
	struct baseline *b;
	char msg[700];
	int rc;

	b = load_baseline(a, "no-fingerprint.json", &rc, msg, sizeof(msg));
	ck_assert_int_eq(rc, DIAG_SCHEMA);
	ck_assert_msg(strstr(msg, "no-fingerprint.json:4:5: expected "
				  "'findings[1].fingerprint'"),
		      "%s", msg);
	ck_assert_uint_eq(baseline_count(b), 0);
	baseline_free(b);
	b = load_baseline(a, "not-a-report.json", &rc, msg, sizeof(msg));
	ck_assert_int_eq(rc, DIAG_SCHEMA);
	ck_assert_msg(strstr(msg, "'findings' array"), "%s", msg);
	baseline_free(b);
	arena_free(a);
}
END_TEST

/* scan --baseline: findings already known are dropped, new ones kept. */
START_TEST(test_baseline_filter)
{
	struct baseline *old = baseline_new();
	struct fx x, y;
	size_t i;

	fx_build(&x, "manifests");
	fx_build(&y, "live"); /* same weaknesses, other source */
	for (i = 0; i < x.f.n; i++)
		ck_assert_str_eq(finding_fp(x.f.v[i]), finding_fp(y.f.v[i]));
	/* the old scan knew all but the attack path */
	for (i = 0; i < x.f.n; i++)
		if (x.f.v[i]->check == &fx_check_path)
			break;
	ck_assert_uint_lt(i, x.f.n);
	x.f.v[i] = x.f.v[--x.f.n];
	baseline_add_findings(old, x.scan->arena, &x.f);
	ck_assert_uint_eq(baseline_filter(&y.f, old, NULL), 4);
	ck_assert_uint_eq(y.f.n, 1);
	ck_assert_ptr_eq(y.f.v[0]->check, &fx_check_path);
	baseline_free(old);
	fx_free(&x);
	fx_free(&y);
}
END_TEST

/* exclusion -> exceptions -> score -> baseline -> min severity; fail-on */
START_TEST(test_triage)
{
	struct triage_opts o = { 0 };
	struct baseline *old = baseline_new();
	struct diag d = { 0 };
	struct policy_re *re = policy_re_new("evil", NULL, 0, 0, &d);
	struct score sc;
	struct fx x;
	size_t i;

	fx_build(&x, "manifests");
	fx_policy(&x); /* suppresses calico-node's hostPath */
	/* the baseline knows the cluster-admin binding */
	for (i = 0; i < x.f.n; i++)
		if (x.f.v[i]->check == &fx_check_admin) {
			struct findings one = { .arena = x.f.arena,
						.v = &x.f.v[i],
						.n = 1,
						.alloc = 1 };
			baseline_add_findings(old, x.scan->arena, &one);
		}
	ck_assert_uint_eq(baseline_count(old), 1);
	o.exclude_ns = re;
	o.policy = x.policy;
	o.today = "2026-11-23";
	o.baseline = old;
	o.min_severity = SEV_CRITICAL;
	ck_assert_int_eq(triage_run(&o, &x.f, x.res, x.nres, &sc, &d), 0);
	ck_assert_uint_eq(sc.excluded, 1); /* Pod in namespace evil */
	ck_assert_uint_eq(sc.suppressed, 1);
	ck_assert_uint_eq(sc.findings, 3); /* scored before hiding */
	ck_assert_uint_eq(sc.baselined, 1);
	ck_assert_uint_eq(sc.filtered,
			  2); /* attack path, suppressed hostPath */
	ck_assert_uint_eq(x.f.n, 1);
	ck_assert_ptr_eq(x.f.v[0]->check, &fx_check_priv);
	ck_assert(triage_fails(&x.f, SEV_CRITICAL));
	x.f.v[0]->suppressed_by = "accepted";
	ck_assert(!triage_fails(&x.f, SEV_LOW));
	o.today = "23.11.2026";
	ck_assert_int_lt(triage_run(&o, &x.f, x.res, x.nres, &sc, &d), 0);
	score_release(&sc);
	policy_re_free(re);
	baseline_free(old);
	fx_free(&x);
}
END_TEST

/* ---- end to end through the binary ---- */

#define E2E_IN	"-R -f testdata/reports/manifests "
#define E2E_EXC "--exceptions testdata/reports/exceptions.yaml "

/* Run the binary with args (stderr folded into the output). */
static int bin(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int bin(char **out, const char *fmt, ...)
{
	struct sbuf cmd = SBUF_INIT;
	va_list ap;
	int rc;

	ck_assert_int_eq(sbuf_addf(&cmd, "%s ", tu_bin()), 0);
	va_start(ap, fmt);
	ck_assert_int_eq(sbuf_vaddf(&cmd, fmt, ap), 0);
	va_end(ap);
	ck_assert_int_eq(sbuf_adds(&cmd, " 2>&1"), 0);
	rc = tu_run(cmd.buf, out);
	sbuf_release(&cmd);
	return rc;
}

static yajl_val parse_file(const char *path)
{
	char err[256];
	char *buf = tu_read_file(path, NULL);
	yajl_val v;

	ck_assert_msg(buf != NULL, "no file %s", path);
	v = yajl_tree_parse(buf, err, sizeof(err));
	ck_assert_msg(v != NULL, "%s: %s", path, err);
	free(buf);
	return v;
}

static size_t array_len(yajl_val v, const char *k1, const char *k2,
			const char *k3)
{
	const char *path[] = { k1, k2, k3, NULL };
	yajl_val a = yajl_tree_get(v, path, yajl_t_array);

	ck_assert_ptr_nonnull(a);
	return a->u.array.len;
}

/* Several outputs in one run; JSON and SARIF hold the same findings. */
START_TEST(test_cli_outputs)
{
	yajl_val json, sarif;
	char *out = NULL;
	size_t n;

	mkdir("build", 0755);
	mkdir("build/e2e", 0755);
	ck_assert_int_eq(
	    bin(&out, "scan " E2E_IN E2E_EXC "-o text "
		      "-o sarif=build/e2e/a.sarif -o json=build/e2e/a.json "
		      "-o html=build/e2e/a.html -o markdown=build/e2e/a.md "
		      "-o junit=build/e2e/a.xml"),
	    1);
	ck_assert_msg(strstr(out, "Suppressed by exceptions"), "%s", out);
	ck_assert_msg(strstr(out, "exceptions.yaml:9: exception expired on "
				  "2000-01-01"),
		      "%s", out);
	free(out);
	json = parse_file("build/e2e/a.json");
	sarif = parse_file("build/e2e/a.sarif");
	n = array_len(json, "findings", NULL, NULL);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_eq(
	    array_len(yajl_tree_get(sarif, (const char *[]){ "runs", NULL },
				    yajl_t_array)
			  ->u.array.values[0],
		      "results", NULL, NULL),
	    n);
	ck_assert_uint_gt(array_len(json, "exceptions", NULL, NULL), 0);
	ck_assert_ptr_nonnull(yajl_tree_get(
	    json, (const char *[]){ "score", "overall", NULL }, yajl_t_number));
	yajl_tree_free(json);
	yajl_tree_free(sarif);
	out = tu_read_file("build/e2e/a.html", NULL);
	ck_assert_ptr_nonnull(strstr(out, "Suppressed findings ("));
	free(out);
	out = tu_read_file("build/e2e/a.md", NULL);
	ck_assert_ptr_nonnull(strstr(out, "## threatmap: score "));
	free(out);
	out = tu_read_file("build/e2e/a.xml", NULL);
	ck_assert_ptr_nonnull(strstr(out, "<testsuites name=\"threatmap\""));
	free(out);
}
END_TEST

START_TEST(test_cli_thresholds)
{
	yajl_val json;
	char *out = NULL;
	size_t all, crit;

	/* everything out of scope: nothing left to fail on */
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "--exclude-namespaces '.*' "
				   "-q"),
			 0);
	free(out);
	/* the calico exception leaves criticals in shop and the binding */
	ck_assert_int_eq(bin(&out, "scan " E2E_IN E2E_EXC "--fail-on critical "
				   "-q"),
			 1);
	free(out);
	ck_assert_int_eq(bin(&out,
			     "scan " E2E_IN E2E_EXC
			     "--exclude-namespaces 'shop|' --fail-on critical "
			     "-q"),
			 0);
	free(out);
	ck_assert_int_eq(
	    bin(&out, "scan " E2E_IN "-q -o json=build/e2e/b.json"), 1);
	free(out);
	json = parse_file("build/e2e/b.json");
	all = array_len(json, "findings", NULL, NULL);
	yajl_tree_free(json);
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "--min-severity critical -q "
				   "-o json=build/e2e/c.json"),
			 1);
	free(out);
	json = parse_file("build/e2e/c.json");
	crit = array_len(json, "findings", NULL, NULL);
	ck_assert_uint_lt(crit, all);
	ck_assert_uint_gt(crit, 0);
	ck_assert_uint_eq(
	    YAJL_GET_INTEGER(yajl_tree_get(
		json, (const char *[]){ "score", "filtered", NULL },
		yajl_t_number)),
	    all - crit);
	yajl_tree_free(json);
	/* usage and input errors */
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "--exclude-namespaces '(' "
				   "-q"),
			 2);
	ck_assert_msg(strstr(out, "bad regular expression '('"), "%s", out);
	free(out);
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "--min-severity severe -q"),
			 2);
	free(out);
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "--exceptions "
				   "testdata/exceptions/bad-regex.yaml -q"),
			 3);
	ck_assert_msg(strstr(out, "testdata/exceptions/bad-regex.yaml:4:11: "
				  "bad regular expression"),
		      "%s", out);
	free(out);
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "--exceptions "
				   "testdata/exceptions/none.yaml -q"),
			 3);
	free(out);
}
END_TEST

START_TEST(test_cli_baseline_and_diff)
{
	yajl_val json;
	char *out = NULL;

	ck_assert_int_eq(bin(&out, "scan " E2E_IN "-q "
				   "-o json=build/e2e/old.json"),
			 1);
	free(out);
	/* same input: nothing new, exit 0 */
	ck_assert_int_eq(bin(&out,
			     "scan " E2E_IN "-q --baseline "
			     "build/e2e/old.json -o json=build/e2e/new.json"),
			 0);
	free(out);
	json = parse_file("build/e2e/new.json");
	/* every finding is kept, each marked as already known */
	ck_assert_uint_gt(array_len(json, "findings", NULL, NULL), 0);
	ck_assert_str_eq(
	    YAJL_GET_STRING(yajl_tree_get(
		YAJL_GET_ARRAY(
		    yajl_tree_get(json, (const char *[]){ "findings", NULL },
				  yajl_t_array))
		    ->values[0],
		(const char *[]){ "baselineState", NULL }, yajl_t_string)),
	    "unchanged");
	ck_assert_uint_gt(
	    YAJL_GET_INTEGER(yajl_tree_get(
		json, (const char *[]){ "score", "baselined", NULL },
		yajl_t_number)),
	    0);
	yajl_tree_free(json);
	/* a report without kube-system: those findings are fixed */
	ck_assert_int_eq(bin(&out, "scan " E2E_IN "-q --exclude-namespaces "
				   "kube-system -o json=build/e2e/less.json"),
			 1);
	free(out);
	ck_assert_int_eq(bin(&out, "diff build/e2e/old.json "
				   "build/e2e/less.json"),
			 0);
	ck_assert_msg(!strncmp(out, "0 new, 13 fixed, ", 17), "%.300s", out);
	ck_assert_ptr_nonnull(strstr(out, "fixed     critical "
					  "privileged-container DaemonSet "
					  "kube-system/calico-node"));
	free(out);
	ck_assert_int_eq(bin(&out, "diff -o json build/e2e/less.json "
				   "build/e2e/old.json"),
			 1);
	ck_assert_ptr_nonnull(strstr(out, "\"new\": 13"));
	free(out);
	ck_assert_int_eq(bin(&out,
			     "diff build/e2e/old.json "
			     "testdata/reports/baseline/no-fingerprint.json"),
			 3);
	ck_assert_ptr_nonnull(strstr(out, "no-fingerprint.json:4:5: "));
	free(out);
	ck_assert_int_eq(bin(&out, "diff build/e2e/old.json"), 2);
	free(out);
}
END_TEST

/*
 * The heat map of the demo under --min-severity high: every exposed
 * cell counts the findings the report lists under its technique, and
 * the report says findings are hidden.
 */
START_TEST(test_html_heatmap_min_severity)
{
	static const char *const sev[] = { "", " --min-severity high" };
	size_t k;

	for (k = 0; k < 2; k++) {
		char *out = NULL;
		const char *p;
		size_t cells = 0;

		tu_runf(&out, "scan -R -f testdata/demo -o html%s 2>/dev/null",
			sev[k]);
		ck_assert_ptr_nonnull(out);
		ck_assert_int_eq(strstr(out, "below the minimum severity are "
					     "hidden") != NULL,
				 k == 1);
		for (p = out; (p = strstr(p, "finding")) != NULL; p++) {
			const char *a = strstr(p, " listed\"><a href=\"#t-");
			char id[32], head[64];
			const char *h, *end;
			unsigned long n;
			size_t li = 0;

			/* "exposed: worst high; 3 findings listed" */
			if (!a || a > p + 12 || p < out + 3)
				continue;
			for (h = p - 2; h > out && h[-1] != ' '; h--)
				;
			n = strtoul(h, NULL, 10);
			ck_assert_int_eq(
			    sscanf(a + strlen(" listed\"><a href=\"#t-"),
				   "%31[A-Z0-9-]", id),
			    1);
			snprintf(head, sizeof(head), "<h3 id=\"t-%s\">", id);
			h = strstr(out, head);
			if (!n) {
				ck_assert_ptr_null(h);
				continue;
			}
			ck_assert_msg(h != NULL, "%s: no list", id);
			end = strstr(h, "</ul>");
			for (h = strstr(h, "<li>"); h && h < end;
			     h = strstr(h + 1, "<li>"))
				li += !strstr(h, "(accepted)") ||
				      strstr(h, "(accepted)") >
					  strstr(h, "</li>");
			ck_assert_msg(li == n, "%s%s: cell %lu, listed %zu", id,
				      sev[k], n, li);
			cells++;
		}
		ck_assert_uint_gt(cells, 5);
		free(out);
	}
}
END_TEST

Suite *suite_reports(void)
{
	Suite *s = suite_create("reports");
	TCase *tc = tcase_create("reports");

	tcase_add_loop_test(tc, test_escape, 0,
			    sizeof(esc_cases) / sizeof(esc_cases[0]));
	tcase_add_test(tc, test_html_escaped_and_self_contained);
	tcase_add_test(tc, test_html_heatmap_min_severity);
	tcase_add_test(tc, test_junit);
	tcase_add_test(tc, test_junit_well_formed);
	tcase_add_test(tc, test_markdown);
	tcase_add_test(tc, test_markdown_truncates);
	tcase_add_loop_test(tc, test_golden, 0, 6);
	tcase_add_loop_test(tc, test_empty, 0, 4);
	suite_add_tcase(s, tc);
	tc = tcase_create("baseline");
	tcase_add_test(tc, test_baseline_diff);
	tcase_add_test(tc, test_baseline_errors);
	tcase_add_test(tc, test_baseline_filter);
	tcase_add_test(tc, test_triage);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cli_outputs);
	tcase_add_test(tc, test_cli_thresholds);
	tcase_add_test(tc, test_cli_baseline_and_diff);
	suite_add_tcase(s, tc);
	return s;
}
