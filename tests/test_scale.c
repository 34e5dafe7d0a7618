/*
 * Scale: a generated cluster of about 3000 objects, as one JSON List and as
 * a stream of YAML documents, scanned by the binary; the JSON report (less
 * its clock and command line) must hash to the digests in
 * testdata/golden/scale-3000.sha256.  The loader, the tree layout and the
 * indexes may change how a scan runs, never what it finds or where.
 *
 * Regenerate on purpose with THREATMAP_UPDATE_GOLDEN=1 make check when the
 * findings on the generated cluster change (a new check, say).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "sbuf.h"
#include "testutil.h"

#define SCALE_N	      3000
#define SCALE_DIGESTS "testdata/golden/scale-3000.sha256"

static const char *build_dir(void)
{
	const char *b = getenv("THREATMAP_BUILD");

	return b && *b ? b : "build";
}

/* The generated inputs, made once per build directory. */
static void make_inputs(char *dir, size_t n)
{
	char cmd[2048];

	snprintf(dir, n, "%s/scale", build_dir());
	mkdir(dir, 0755);
	tu_need_tool("python3", "python3");
	snprintf(cmd, sizeof(cmd),
		 "test -s '%s/cluster.json' || { python3 tests/gen_cluster.py "
		 "%d > '%s/cluster.json.tmp' 2>/dev/null && "
		 "mv '%s/cluster.json.tmp' '%s/cluster.json'; }",
		 dir, SCALE_N, dir, dir, dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	snprintf(cmd, sizeof(cmd),
		 "test -s '%s/cluster.yaml' || { python3 tests/json2yaml.py "
		 "< '%s/cluster.json' > '%s/cluster.yaml.tmp' && "
		 "mv '%s/cluster.yaml.tmp' '%s/cluster.yaml'; }",
		 dir, dir, dir, dir, dir);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
}

/* Digest of the JSON report of a scan of dir/cluster.EXT. */
static char *report_digest(const char *dir, const char *ext)
{
	char cmd[2048], *out = NULL;
	int rc;

	/* relative names, so the report names the same file everywhere */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && '%s' scan -f cluster.%s --format json "
		 "-o report-%s.json 2>/dev/null; rc=$?; [ $rc -le 1 ] && "
		 "grep -v -e '\"generatedAt\":' -e '\"commandLine\":' "
		 "report-%s.json | sha256sum | cut -d' ' -f1",
		 dir, tu_bin(), ext, ext, ext);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "scan of %s/cluster.%s failed", dir, ext);
	ck_assert_ptr_nonnull(out);
	out[strcspn(out, "\n")] = '\0';
	ck_assert_uint_eq(strlen(out), 64);
	return out;
}

/* The digest recorded for ext ("json", "yaml"), or NULL. */
static char *recorded(const char *ext)
{
	char *all = tu_read_file(SCALE_DIGESTS, NULL), *p, *res = NULL;
	size_t el = strlen(ext);

	ck_assert_msg(all != NULL, "missing %s", SCALE_DIGESTS);
	for (p = all; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, ext, el) && p[el] == ' ') {
			res = strndup(p + el + 1, 64);
			break;
		}
	}
	free(all);
	return res;
}

static const char *const scale_exts[] = { "json", "yaml" };

START_TEST(test_scale_findings_unchanged)
{
	const char *upd = getenv("THREATMAP_UPDATE_GOLDEN");
	char dir[1024], *got[2], *want;
	size_t i;

	make_inputs(dir, sizeof(dir));
	for (i = 0; i < 2; i++)
		got[i] = report_digest(dir, scale_exts[i]);
	if (upd && *upd && strcmp(upd, "0")) {
		FILE *fp = fopen(SCALE_DIGESTS, "w");

		ck_assert_ptr_nonnull(fp);
		for (i = 0; i < 2; i++)
			fprintf(fp, "%s %s\n", scale_exts[i], got[i]);
		fclose(fp);
		fprintf(stderr, "updated %s\n", SCALE_DIGESTS);
	}
	for (i = 0; i < 2; i++) {
		want = recorded(scale_exts[i]);
		ck_assert_msg(want != NULL, "no %s digest in %s", scale_exts[i],
			      SCALE_DIGESTS);
		ck_assert_msg(!strcmp(want, got[i]),
			      "the report on the generated cluster (%s) "
			      "changed: %s/report-%s.json hashes to %s, "
			      "recorded %s",
			      scale_exts[i], dir, scale_exts[i], got[i], want);
		free(want);
		free(got[i]);
	}
}
END_TEST

/* The same objects as JSON and as YAML give the same findings. */
START_TEST(test_scale_yaml_matches_json)
{
	char dir[1024], cmd[2048], *out = NULL;

	make_inputs(dir, sizeof(dir));
	free(report_digest(dir, "json"));
	free(report_digest(dir, "yaml"));
	snprintf(
	    cmd, sizeof(cmd),
	    "cd '%s' && for e in json yaml; do "
	    "jq -c '[.findings[] | [.checkId, .object.kind, "
	    ".object.namespace, .object.name]]' report-$e.json "
	    "> ids-$e.json || exit 1; done; cmp ids-json.json ids-yaml.json"
	    " && jq length ids-json.json",
	    dir);
	tu_need_tool("jq", "jq");
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_gt(atoi(out), 1000);
	free(out);
}
END_TEST

/*
 * A List of about 1.5 MB (several of the loader's 256 KiB pieces) with
 * multi-byte characters, a string longer than a piece, and, from about
 * 700 KB on, the fault of case i.
 */
static const char *const fault_names[] = {
	"none",	     "duplicate key", "bad word",      "bad UTF-8",
	"cut short", "bad escape",    "missing comma", "non-object item",
};

static char *fault_text(int fault, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, k;

	sbuf_adds(&sb, "{\"apiVersion\": \"v1\", \"kind\": \"List\",\n"
		       " \"items\": [\n");
	for (i = 0; i < 3000; i++) {
		bool here = fault && i == 1500;

		if (i)
			sbuf_adds(&sb, here && fault == 6 ? "\n" : ",\n");
		if (here && fault == 7) {
			sbuf_adds(&sb, "  [1, 2],\n");
		}
		sbuf_addf(
		    &sb,
		    "  {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n"
		    "   \"metadata\": {\"name\": \"cm-%zu\", "
		    "\"namespace\": \"ns-%zu\"%s},\n"
		    "   \"data\": {\"k\u00e9y\": \"v\u00e4l\u00fc\u00e9 "
		    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 %s\"",
		    i, i % 7, here && fault == 1 ? ", \"name\": \"x\"" : "",
		    here && fault == 3 ? "\xc3\x28" : "");
		if (i == 10) {
			sbuf_adds(&sb, ", \"long\": \"");
			for (k = 0; k < 300000; k++)
				sbuf_addch(&sb,
					   k % 80 ? 'a' + (char)(k % 26) : ' ');
			sbuf_adds(&sb, "\"");
		}
		if (here && fault == 2)
			sbuf_adds(&sb, ", \"b\": tru");
		if (here && fault == 5)
			sbuf_adds(&sb, ", \"b\": \"\\q\"");
		sbuf_adds(&sb, "}}");
		if (here && fault == 4)
			break;
	}
	if (fault != 4)
		sbuf_adds(&sb, "\n ]\n}\n");
	*len = sb.len;
	return sbuf_detach(&sb, NULL);
}

struct loaded {
	struct arena *a;
	struct inventory *inv;
	struct diag_list errs;
	int n;
};

static void loaded_free(struct loaded *l)
{
	diag_list_release(&l->errs);
	inventory_free(l->inv);
	arena_free(l->a);
}

/* Read in pieces (a file) and whole (a buffer): the same objects, errors
 * and error positions. */
START_TEST(test_scale_pieces_match_whole)
{
	struct loaded w = { 0 }, p = { 0 };
	char path[1024], a[512], b[512];
	size_t len, i;
	char *text = fault_text(_i, &len);
	FILE *fp;

	snprintf(path, sizeof(path), "%s/scale-fault-%d.json", build_dir(), _i);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	fclose(fp);
	w.a = arena_new();
	w.inv = inventory_new(w.a);
	p.a = arena_new();
	p.inv = inventory_new(p.a);
	w.n = load_buffer(w.a, w.inv, path, text, len, NULL, &w.errs);
	p.n = load_file(p.a, p.inv, path, NULL, &p.errs);
	ck_assert_msg(w.n == p.n, "%s: %d objects whole, %d in pieces",
		      fault_names[_i], w.n, p.n);
	ck_assert_msg(w.errs.n == p.errs.n, "%s: %zu errors whole, %zu",
		      fault_names[_i], w.errs.n, p.errs.n);
	if (_i == 0 || _i == 7)
		ck_assert_int_eq(p.n, 3000);
	else
		ck_assert_uint_ge(p.errs.n, 1);
	for (i = 0; i < p.errs.n; i++) {
		diag_format(&w.errs.v[i], a, sizeof(a));
		diag_format(&p.errs.v[i], b, sizeof(b));
		ck_assert_msg(!strcmp(a, b), "%s: '%s' whole, '%s' in pieces",
			      fault_names[_i], a, b);
		/* every fault sits far past the first piece */
		ck_assert_uint_gt(p.errs.v[i].line, 4000);
	}
	loaded_free(&w);
	loaded_free(&p);
	free(text);
	unlink(path);
}
END_TEST

/* The same for a YAML stream of documents (pieces are whole documents). */
static const char *const yfault_names[] = {
	"none",	     "duplicate key", "unclosed flow", "bad UTF-8",
	"cut short", "unknown alias", "end markers",   "bad indent",
};

static char *yfault_text(int fault, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, k;

	sbuf_adds(&sb, "# generated\n%YAML 1.1\n");
	for (i = 0; i < 3000; i++) {
		bool here = fault && i == 1500;

		sbuf_addf(&sb,
			  "---\napiVersion: v1\nkind: ConfigMap\n"
			  "metadata:\n  name: cm-%zu\n  namespace: ns-%zu\n"
			  "%s  labels: &l {app: \"v\u00e4l\"}\n"
			  "data:\n  k\xc3\xa9y: \"\xc3\xa9\xe2\x82\xac "
			  "\xf0\x9f\x98\x80%s\"\n  copy: *l\n",
			  i, i % 7, here && fault == 1 ? "  name: again\n" : "",
			  here && fault == 3 ? "\xc3\x28" : "");
		if (i == 10) {
			sbuf_adds(&sb, "  long: |\n");
			for (k = 0; k < 4000; k++)
				sbuf_adds(&sb, "    ------ a line of a long "
					       "block scalar, --- inside\n");
		}
		if (here && fault == 2)
			sbuf_adds(&sb, "  bad: [1, 2\n");
		if (here && fault == 4) {
			sbuf_adds(&sb, "  cut: \"open");
			break;
		}
		if (here && fault == 5)
			sbuf_adds(&sb, "  other: *nope\n");
		if (fault == 6 && i % 100 == 0)
			sbuf_adds(&sb, "...\n# after the end\n");
		if (here && fault == 7)
			sbuf_adds(&sb, "   x: 1\n  y: 2\n");
	}
	*len = sb.len;
	return sbuf_detach(&sb, NULL);
}

START_TEST(test_scale_yaml_pieces_match_whole)
{
	struct loaded w = { 0 }, p = { 0 };
	char path[1024], a[512], b[512];
	size_t len, i;
	char *text = yfault_text(_i, &len);
	FILE *fp;

	snprintf(path, sizeof(path), "%s/scale-fault-%d.yaml", build_dir(), _i);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	fclose(fp);
	w.a = arena_new();
	w.inv = inventory_new(w.a);
	p.a = arena_new();
	p.inv = inventory_new(p.a);
	w.n = load_buffer(w.a, w.inv, path, text, len, NULL, &w.errs);
	p.n = load_file(p.a, p.inv, path, NULL, &p.errs);
	ck_assert_msg(w.n == p.n, "%s: %d objects whole, %d in pieces",
		      yfault_names[_i], w.n, p.n);
	ck_assert_msg(w.errs.n == p.errs.n, "%s: %zu errors whole, %zu",
		      yfault_names[_i], w.errs.n, p.errs.n);
	if (_i == 0 || _i == 6)
		ck_assert_int_eq(p.n, 3000);
	else
		ck_assert_uint_ge(p.errs.n, 1);
	for (i = 0; i < p.errs.n; i++) {
		diag_format(&w.errs.v[i], a, sizeof(a));
		diag_format(&p.errs.v[i], b, sizeof(b));
		ck_assert_msg(!strcmp(a, b), "%s: '%s' whole, '%s' in pieces",
			      yfault_names[_i], a, b);
		ck_assert_uint_gt(p.errs.v[i].line, 10000);
	}
	/* objects keep their lines */
	for (i = 0; i < inventory_size(p.inv); i += 97)
		ck_assert_uint_eq(inventory_object(p.inv, i)->line,
				  inventory_object(w.inv, i)->line);
	loaded_free(&w);
	loaded_free(&p);
	free(text);
	unlink(path);
}
END_TEST

Suite *suite_scale(void)
{
	Suite *s = suite_create("scale");
	TCase *tc = tcase_create("generated");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_scale_findings_unchanged);
	tcase_add_test(tc, test_scale_yaml_matches_json);
	tcase_add_loop_test(
	    tc, test_scale_pieces_match_whole, 0,
	    (int)(sizeof(fault_names) / sizeof(fault_names[0])));
	tcase_add_loop_test(
	    tc, test_scale_yaml_pieces_match_whole, 0,
	    (int)(sizeof(yfault_names) / sizeof(yfault_names[0])));
	suite_add_tcase(s, tc);
	return s;
}
