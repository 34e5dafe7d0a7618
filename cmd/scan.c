/*
 * scan.c - `kubectl-threatmap scan`: load the input, run the checks, write
 * the reports, and turn the result into the exit status.
 */
#include "cli.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "baseline.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "image.h"
#include "inventory.h"
#include "policy.h"
#include "render/renderers.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"
#include "report_opts.h"
#include "safefile.h"
#include "source.h"
#include "suggest.h"
#include "triage.h"

#define MAX_SELECT 64

static const char scan_help[] =
    "Usage: " PROG " scan [FLAGS]\n"
    "\n"
    "Load Kubernetes objects, run the checks, and report each weakness\n"
    "under the threat-matrix tactic and technique it enables.  'scan' is\n"
    "the default command: '" PROG " -f x.yaml' is the same as\n"
    "'" PROG " scan -f x.yaml'.\n"
    "\n"
    "Input:\n"
    "  -f, --filename PATH      manifest file, directory, or - for standard\n"
    "                           input; repeatable.  YAML (multi-document) and\n"
    "                           JSON, List kinds, 'kubectl get -o json|yaml'\n"
    "                           output.  Directories: *.yaml, *.yml, *.json\n"
    "  -R, --recursive          descend into subdirectories of -f DIR\n"
    "                           (each directory once, however many links\n"
    "                           reach it; FIFOs and devices skipped)\n"
    "      --max-input-size N   largest input read (K, M, G suffixes).\n"
    "                           Default 64G for a manifest file or\n"
    "                           snapshot list, read in pieces (memory\n"
    "                           follows what is kept, not the size), and\n"
    "                           256M for text held whole: a YAML line,\n"
    "                           an API response, a baseline or\n"
    "                           exceptions file.  N sets both.  A YAML\n"
    "                           document from a pipe is held up to 16M\n"
    "                           (N when given), the rest read as it comes\n"
    "  -k, --kustomize DIR      scan what 'kubectl kustomize DIR' renders\n"
    "                           (kubectl on PATH); repeatable.  For Helm:\n"
    "                           helm template ... | " PROG " -f -\n"
    "  -n, --namespace NS       with -f/-k: only NS (and cluster-scoped\n"
    "                           objects); objects without a namespace go\n"
    "                           to NS, as 'kubectl apply -n NS' puts them\n"
    "\n"
    "Output:\n"
    "  -o, --output SPEC        FORMAT (to standard output), FORMAT=FILE, or\n"
    "                           FILE (in the --format format); repeatable,\n"
    "                           e.g. -o text -o json=report.json.  At most\n"
    "                           one output goes to standard output.  Files\n"
    "                           are replaced atomically.\n"
    "      --format FORMAT      default format: text (default), json,\n"
    "                           sarif, html, markdown or junit\n"
    "      --no-color           no colour (also: NO_COLOR set in the\n"
    "                           environment); colour is used only on a\n"
    "                           terminal\n"
    "      --color WHEN         auto (default), always or never\n"
    "  -q, --quiet              nothing on standard output and no notes;\n"
    "                           files are still written, errors still shown\n"
    "\n"
    "Checks:\n"
    "      --profile NAME       run a profile instead of the default\n"
    "                           catalogue: pss-baseline or pss-restricted\n"
    "                           (every control of the Pod Security\n"
    "                           Standards, one check per control)\n"
    "      --checks ID,...      run only these checks (repeatable)\n"
    "      --skip-checks ID,... do not run these checks (repeatable)\n"
    "      --fail-on SEVERITY   exit 1 only for findings of this severity or\n"
    "                           higher: low (default), medium, high, critical\n"
    "      --min-severity SEV   hide findings below SEV from every report\n"
    "                           (counted as filtered; the score is kept)\n"
    "      --exclude-namespaces REGEX\n"
    "                           drop findings in namespaces the PCRE2\n"
    "                           pattern matches in full (out of scope)\n"
    "      --exceptions FILE    accepted risks (YAML): matching findings\n"
    "                           are reported as suppressed, with the reason;\n"
    "                           see docs/exceptions.md\n"
    "      --baseline OLD.json  report only findings that the JSON report\n"
    "                           OLD.json does not hold (by fingerprint)\n"
    "      --trusted-registries LIST\n"
    "                           registries images may come from, comma-\n"
    "                           separated, repeatable: hosts\n"
    "                           (registry.example.com), host/repository\n"
    "                           prefixes (docker.io/library) or\n"
    "                           *.example.com; without it (or a\n"
    "                           TrustedRegistries document in the input)\n"
    "                           image-untrusted-registry reports nothing\n"
    "      --trusted-registries-file FILE\n"
    "                           the same list from a file (YAML or JSON):\n"
    "                           trustedRegistries: [registry.example.com,\n"
    "                           docker.io/library]; adds to the option;\n"
    "                           either replaces the list of the input's\n"
    "                           TrustedRegistries documents\n"
    "      --assume-feature GATE\n"
    "                           judge as if the API server runs with the\n"
    "                           feature gate GATE on (the API does not\n"
    "                           show gates); known:\n"
    "                           UserNamespacesPodSecurityStandards, which\n"
    "                           relaxes the restricted non-root controls\n"
    "                           for pods with hostUsers: false\n"
    "  See '" PROG " checks' for the IDs.\n"
    "\n"
    "Report:\n"
    "      --group-by KEY       text details by object (default), technique\n"
    "                           or check; the summary is always by object\n"
    "      --verbose            text: every finding in full (evidence,\n"
    "                           techniques, fix, place), low ones too;\n"
    "                           without it one line each, low-severity\n"
    "                           findings counted by check (also listed\n"
    "                           with --min-severity low)\n"
    "      --report-date DATE   the report's date (YYYY-MM-DD or RFC 3339\n"
    "                           UTC) instead of now, for reproducible output\n"
    "      --show-fingerprints  HTML: show each finding's fingerprint\n"
    "\n"
    "Cluster (kubectl flags; for live and snapshot scans):\n"
    "      --kubeconfig PATH    kubeconfig file\n"
    "      --context NAME       kubeconfig context\n"
    "      --cluster NAME       kubeconfig cluster\n"
    "      --user NAME          kubeconfig user\n"
    "  -n, --namespace NS       only this namespace (see Input)\n"
    "  -A, --all-namespaces     every namespace\n"
    "      --request-timeout D  timeout of one API request (e.g. 30s)\n"
    "      --kubelet-config     also read each node's kubelet configuration\n"
    "                           (GET nodes/NAME/proxy/configz)\n"
    "      --snapshot DIR       scan a directory written by 'snapshot'\n"
    "  -v, --v LEVEL            log level on standard error (0-10); 1 or\n"
    "                           more logs every API request\n"
    "  Without -f or --snapshot, scan reads the cluster of the kubeconfig\n"
    "  (GET requests only; see docs/live.md).\n"
    "\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit status: 0 no findings, 1 findings (at or above --fail-on),\n"
    "2 usage error, 3 input or output error (wins over 1; reports are\n"
    "still written).\n"
    "\n"
    "Examples:\n"
    "  " PROG " scan -f deploy.yaml\n"
    "  " PROG " scan -R -f manifests/ -o text -o json=report.json\n"
    "  kubectl get pods,deployments,roles,rolebindings -A -o json | \\\n"
    "    " PROG " scan -f - --format json\n";

enum {
	OPT_CHECKS = CLI_OPT_FIRST_FREE,
	OPT_SKIP_CHECKS,
	OPT_FAIL_ON,
	OPT_MIN_SEVERITY,
	OPT_EXCLUDE_NS,
	OPT_EXCEPTIONS,
	OPT_BASELINE,
	OPT_TRUSTED_REGISTRIES,
	OPT_TRUSTED_REGISTRIES_FILE,
	OPT_ASSUME_FEATURE,
	OPT_GROUP_BY,
	OPT_REPORT_DATE,
	OPT_SHOW_FINGERPRINTS,
	OPT_PROFILE,
	OPT_VERBOSE,
};

static const struct option scan_longopts[] = {
	SOURCE_LONGOPTS,
	CLI_OUTPUT_LONGOPTS,
	{ "checks", required_argument, NULL, OPT_CHECKS },
	{ "skip-checks", required_argument, NULL, OPT_SKIP_CHECKS },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "min-severity", required_argument, NULL, OPT_MIN_SEVERITY },
	{ "exclude-namespaces", required_argument, NULL, OPT_EXCLUDE_NS },
	{ "exceptions", required_argument, NULL, OPT_EXCEPTIONS },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "trusted-registries", required_argument, NULL,
	  OPT_TRUSTED_REGISTRIES },
	{ "trusted-registries-file", required_argument, NULL,
	  OPT_TRUSTED_REGISTRIES_FILE },
	{ "assume-feature", required_argument, NULL, OPT_ASSUME_FEATURE },
	{ "group-by", required_argument, NULL, OPT_GROUP_BY },
	{ "report-date", required_argument, NULL, OPT_REPORT_DATE },
	{ "show-fingerprints", no_argument, NULL, OPT_SHOW_FINGERPRINTS },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Check selection: comma-separated lists from --checks / --skip-checks. */
struct selection {
	const char *only[MAX_SELECT];
	size_t nonly;
	const char *skip[MAX_SELECT];
	size_t nskip;
};

struct scan_cli {
	struct cli_outputs out;
	struct source_opts src;
	struct selection sel;
	enum severity fail_on;
	bool help;
	enum severity min_severity;
	const char *exclude_ns;
	const char *exceptions;
	const char *baseline;
	const char *trusted[MAX_SELECT]; /* --trusted-registries values */
	size_t ntrusted;
	const char *trusted_file; /* --trusted-registries-file */
	unsigned features;	  /* --assume-feature bits */
	enum render_group group;
	const char *report_date;
	char report_date_buf[24];
	bool fingerprints;
	bool verbose;		       /* --verbose */
	const struct profile *profile; /* NULL: the default catalogue */
};

static bool in_lists(const char *const *lists, size_t n, const char *id)
{
	size_t i, len = strlen(id);

	for (i = 0; i < n; i++) {
		const char *p = lists[i];

		while (*p) {
			size_t w = strcspn(p, ",");

			if (w == len && !strncmp(p, id, len))
				return true;
			p += w + (p[w] == ',');
		}
	}
	return false;
}

static bool select_check(const struct check *c, void *ctx)
{
	const struct selection *sel = ctx;

	if (sel->nonly && !in_lists(sel->only, sel->nonly, c->id))
		return false;
	return !in_lists(sel->skip, sel->nskip, c->id);
}

/* Every ID of a --checks/--skip-checks value must name a check. */
static int add_selection(const char **lists, size_t *n, const char *flag,
			 const char *arg)
{
	const char *p = arg;
	size_t ids = 0;

	if (*n == MAX_SELECT)
		return cli_usage("scan", "too many %s options", flag);
	while (*p) {
		size_t w = strcspn(p, ",");
		char id[128];

		ids += w != 0;
		if (w && w < sizeof(id)) {
			const char *near;

			memcpy(id, p, w);
			id[w] = '\0';
			near = check_find(id)
				   ? NULL
				   : suggest_check(check_registry, id);
			if (near)
				return cli_usage("scan",
						 "%s: unknown check '%s' (did "
						 "you mean '%s'?)",
						 flag, id, near);
			if (!check_find(id))
				return cli_usage("scan",
						 "%s: unknown check '%s' (see "
						 "'" PROG " checks')",
						 flag, id);
		} else if (w) {
			return cli_usage("scan", "%s: unknown check '%.*s'",
					 flag, (int)w, p);
		}
		p += w + (p[w] == ',');
	}
	/* '' and ',,,' alike: selecting nothing is a mistake, not a pass */
	if (!ids)
		return cli_usage("scan", "%s needs at least one check ID",
				 flag);
	lists[(*n)++] = arg;
	return 0;
}

/* The table scan runs: the profile's, else the default catalogue. */
static const struct check *const *scan_table(const struct scan_cli *c)
{
	return c->profile ? c->profile->checks : check_registry;
}

static bool in_table(const struct check *const *t, const char *id)
{
	for (; *t; t++)
		if (!strcmp((*t)->id, id))
			return true;
	return false;
}

/* Every --checks/--skip-checks ID must be in the table that runs. */
static int check_selection_table(const struct scan_cli *c)
{
	const struct check *const *t = scan_table(c);
	const char *const *lists[2] = { c->sel.only, c->sel.skip };
	size_t counts[2] = { c->sel.nonly, c->sel.nskip }, l, i;

	for (l = 0; l < 2; l++)
		for (i = 0; i < counts[l]; i++) {
			const char *p = lists[l][i];

			while (*p) {
				size_t w = strcspn(p, ",");
				char id[128];

				if (w && w < sizeof(id)) {
					memcpy(id, p, w);
					id[w] = '\0';
					if (!in_table(t, id))
						return cli_usage(
						    "scan",
						    "check '%s' is not part of "
						    "%s",
						    id,
						    c->profile
							? c->profile->id
							: "the default "
							  "catalogue (see "
							  "--profile)");
				}
				p += w + (p[w] == ',');
			}
		}
	return 0;
}

static int parse_fail_on(struct scan_cli *c, const char *arg)
{
	if (!severity_parse(arg, &c->fail_on) || c->fail_on == SEV_NONE)
		return cli_usage("scan",
				 "--fail-on must be low, medium, high "
				 "or critical, not '%s'",
				 arg);
	return 0;
}

/* --report-date: RFC 3339 ("2026-01-10T09:30:00Z") or a date. */
static int parse_report_date(struct scan_cli *c, const char *arg)
{
	size_t n = strlen(arg), i;
	bool ok = n == 10 || (n == 20 && arg[10] == 'T' && arg[19] == 'Z');

	for (i = 0; ok && i < n; i++) {
		bool digit = arg[i] >= '0' && arg[i] <= '9';

		if (i == 4 || i == 7)
			ok = arg[i] == '-';
		else if (i == 13 || i == 16)
			ok = arg[i] == ':';
		else if (i != 10 && i != 19)
			ok = digit;
	}
	if (!ok)
		return cli_usage("scan",
				 "--report-date must be YYYY-MM-DD or "
				 "YYYY-MM-DDThh:mm:ssZ, not '%s'",
				 arg);
	/* a date alone is its midnight, so SARIF's date-time stays valid */
	snprintf(c->report_date_buf, sizeof(c->report_date_buf), "%s%s", arg,
		 n == 10 ? "T00:00:00Z" : "");
	c->report_date = c->report_date_buf;
	return 0;
}

/* --assume-feature NAME: a feature gate the cluster runs with. */
static int assume_feature(struct scan_cli *c, const char *arg)
{
	unsigned bit = scan_feature_parse(arg);

	if (!bit)
		return cli_usage("scan",
				 "--assume-feature: unknown feature gate '%s' "
				 "(known: %s)",
				 arg, scan_feature_names[0]);
	c->features |= bit;
	return 0;
}

/* One --trusted-registries value: comma-separated entries, each valid. */
static int check_trusted_arg(const char *arg)
{
	while (*arg) {
		size_t w = strcspn(arg, ",");
		char e[256];
		const char *why;

		if (w) {
			snprintf(e, sizeof(e), "%.*s", (int)w, arg);
			if (!image_trusted_entry_valid(e, &why))
				return cli_usage("scan",
						 "--trusted-registries: '%s' "
						 "is not a trusted registry: "
						 "%s",
						 e, why);
		}
		arg += w + (arg[w] == ',');
	}
	return 0;
}

static int scan_opt(struct scan_cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'h': c->help = true; return 0;
	case OPT_CHECKS:
		return add_selection(c->sel.only, &c->sel.nonly, "--checks",
				     arg);
	case OPT_SKIP_CHECKS:
		return add_selection(c->sel.skip, &c->sel.nskip,
				     "--skip-checks", arg);
	case OPT_FAIL_ON: return parse_fail_on(c, arg);
	case OPT_MIN_SEVERITY:
		if (!severity_parse(arg, &c->min_severity) ||
		    c->min_severity == SEV_NONE)
			return cli_usage("scan",
					 "--min-severity must be low, "
					 "medium, high or critical, not '%s'",
					 arg);
		return 0;
	case OPT_EXCLUDE_NS: c->exclude_ns = arg; return 0;
	case OPT_EXCEPTIONS: c->exceptions = arg; return 0;
	case OPT_BASELINE: c->baseline = arg; return 0;
	case OPT_TRUSTED_REGISTRIES:
		if (!*arg || c->ntrusted == MAX_SELECT)
			return cli_usage("scan",
					 "--trusted-registries needs a "
					 "registry (at most %d options)",
					 MAX_SELECT);
		c->trusted[c->ntrusted++] = arg;
		return check_trusted_arg(arg);
	case OPT_TRUSTED_REGISTRIES_FILE: c->trusted_file = arg; return 0;
	case OPT_ASSUME_FEATURE: return assume_feature(c, arg);
	case OPT_GROUP_BY:
		if (!strcmp(arg, "technique"))
			c->group = RENDER_GROUP_TECHNIQUE;
		else if (!strcmp(arg, "object"))
			c->group = RENDER_GROUP_OBJECT;
		else if (!strcmp(arg, "check"))
			c->group = RENDER_GROUP_CHECK;
		else
			return cli_usage("scan",
					 "--group-by must be technique, object "
					 "or check, not '%s'",
					 arg);
		return 0;
	case OPT_REPORT_DATE: return parse_report_date(c, arg);
	case OPT_SHOW_FINGERPRINTS: c->fingerprints = true; return 0;
	case OPT_VERBOSE: c->verbose = true; return 0;
	case OPT_PROFILE:
		if (!(c->profile = profile_find(arg)))
			return cli_usage("scan",
					 "--profile must be pss-baseline or "
					 "pss-restricted, not '%s'",
					 arg);
		return 0;
	}
	return cli_usage("scan", "unhandled option");
}

static int parse_args(struct scan_cli *c, int argc, char **argv)
{
	int opt, rc;

	if ((rc = cli_check_args("scan", argc, argv,
				 ":" SOURCE_SHORTOPTS "o:qh", scan_longopts)))
		return rc;
	cli_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":" SOURCE_SHORTOPTS "o:qh",
				  scan_longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option("scan", opt, argv);
		rc = cli_outputs_opt(&c->out, "scan", opt, optarg);
		if (rc == 0)
			rc = source_opt(&c->src, "scan", opt, optarg);
		if (rc == 1)
			continue;
		if (rc || (rc = scan_opt(c, opt, optarg)))
			return rc;
	}
	if (optind < argc)
		return cli_usage("scan",
				 "unexpected argument '%s' (input "
				 "files are given with -f)",
				 argv[optind]);
	return check_selection_table(c);
}

static const char *renderer_format(const char *name)
{
	const struct renderer *r = renderer_find(name);

	return r ? r->name : NULL;
}

/* "text, json, ..." from the renderer table. */
static void renderer_list(char *buf, size_t n)
{
	const struct renderer *const *r;
	size_t len = 0;

	buf[0] = '\0';
	for (r = renderer_table; *r && len < n; r++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					r == renderer_table ? "" : ", ",
					(*r)->name);
}

static int produce_report(const char *format, bool color, struct sbuf *sb,
			  void *ctx)
{
	const struct report *base = ctx;
	struct render_opts opts = *base->opts;
	struct report r = *base;

	opts.color = color;
	r.opts = &opts;
	return renderer_find(format)->render(&r, sb);
}

static void print_input_errors(const struct scan *s)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i;

	for (i = 0; i < s->errors.n; i++)
		cli_note("%s", diag_format(&s->errors.v[i], buf, sizeof(buf)));
}

/*
 * Inputs skipped on purpose, and objects kept under a made-up name:
 * file:line:col, one line each.
 */
static void print_input_warnings(const struct scan *s)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i;

	for (i = 0; i < s->warnings.n; i++)
		cli_note("warning: %s",
			 diag_format(&s->warnings.v[i], buf, sizeof(buf)));
}

/* The entries of --trusted-registries-file path, into a; prints errors. */
static int read_trusted_file(struct arena *a, const char *path, const char ***v,
			     size_t *n)
{
	char msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	struct sbuf sb = SBUF_INIT;
	struct diag d = { 0 };
	int rc = 0;

	if (safefile_read(path, input_limit(), true, true, &sb, &d) ||
	    !(*v = policy_load_registries(a, path, sb.buf, sb.len, n, &d))) {
		cli_error("%s", diag_format(&d, msg, sizeof(msg)));
		rc = CLI_EXIT_INPUT;
	}
	sbuf_release(&sb);
	return rc;
}

/*
 * The trusted registries of s: the entries of --trusted-registries-file
 * (file, nfile), then the --trusted-registries values split at commas, in
 * s's arena.
 */
static void set_trusted(struct scan *s, const struct scan_cli *c,
			const char *const *file, size_t nfile)
{
	const char **v = NULL;
	size_t n = 0, i, pass;

	/* no option: the input's TrustedRegistries documents, if any */
	if (!c->trusted_file && !c->ntrusted)
		return;
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			v = arena_calloc(s->arena, n ? n : 1, sizeof(*v));
		for (n = 0; n < nfile; n++)
			if (pass)
				v[n] = file[n];
		for (i = 0; i < c->ntrusted; i++) {
			const char *p = c->trusted[i];
			while (*p) {
				size_t w = strcspn(p, ",");
				if (w && pass)
					v[n] = arena_strndup(s->arena, p, w);
				n += w != 0;
				p += w + (p[w] == ',');
			}
		}
	}
	s->trusted_registries = v;
	s->ntrusted_registries = n;
	s->trusted_registries_from = NULL;
}

static int exit_status(const struct scan *s, const struct findings *f,
		       const struct check_result *res, size_t nres,
		       enum severity fail_on)
{
	size_t i;

	if (s->errors.n)
		return CLI_EXIT_INPUT;
	for (i = 0; i < nres; i++)
		if (res[i].status == CHECK_ERROR)
			return CLI_EXIT_INPUT;
	for (i = 0; i < f->n; i++)
		if (!f->v[i]->suppressed_by && f->v[i]->severity >= fail_on)
			return CLI_EXIT_FINDINGS;
	return CLI_EXIT_CLEAN;
}

static char *join_argv(int argc, char **argv)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	if (sbuf_adds(&sb, cli_prog()))
		return NULL;
	for (i = 1; i < argc; i++)
		if (sbuf_addf(&sb, " %s", argv[i]))
			break;
	return sbuf_detach(&sb, NULL);
}

/* A -f directory that holds subdirectories, when -R was not given. */
static const char *flat_dir(const struct source_opts *o)
{
	size_t i;

	if (o->recursive)
		return NULL;
	for (i = 0; i < o->nfiles; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *de;
		bool sub = false;

		if (stat(o->files[i], &st) || !S_ISDIR(st.st_mode) ||
		    !(dir = opendir(o->files[i])))
			continue;
		while (!sub && (de = readdir(dir))) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			sub = snprintf(path, sizeof(path), "%s/%s", o->files[i],
				       de->d_name) < (int)sizeof(path) &&
			      !stat(path, &st) && S_ISDIR(st.st_mode);
		}
		closedir(dir);
		if (sub)
			return o->files[i];
	}
	return NULL;
}

/*
 * Nothing read: no check saw anything, so there is no verdict and no
 * score to give.  Say why and what might help; exit 3.
 */
static int nothing_read(const struct scan *s, const struct source_opts *o)
{
	const char *dir = flat_dir(o);
	size_t skipped = inventory_skipped(s->inv);

	print_input_errors(s);
	print_input_warnings(s);
	cli_error("no Kubernetes objects were read, so there is nothing to "
		  "report");
	if (dir)
		cli_note("hint: '%s' has subdirectories; -R reads them too",
			 dir);
	if (skipped)
		cli_note("hint: %zu object(s) outside namespace '%s' were left "
			 "out; -A keeps every namespace",
			 skipped, o->ns);
	if (!dir && !skipped && !s->errors.n)
		cli_note("hint: -f reads *.yaml, *.yml and *.json files and "
			 "'-' (standard input)");
	return CLI_EXIT_INPUT;
}

/* Columns of the terminal on standard output, $COLUMNS, or 0. */
static unsigned term_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	char *end;
	long v;

	if (isatty(STDOUT_FILENO) == 1 &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	if (!env || !*env)
		return 0;
	v = strtol(env, &end, 10);
	return !*end && v > 0 && v < 10000 ? (unsigned)v : 0;
}

/* The report's time: --report-date, else now (UTC). */
static const char *report_time(const struct scan_cli *c, char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	if (c->report_date)
		return c->report_date;
	if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
	    !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return buf;
}

/*
 * Findings a thread writes at a time in JSON and SARIF
 * (render_opts.report_chunk): THREATMAP_REPORT_CHUNK (1 to 65536) when
 * set, so tests can write small reports on several threads; else 0, the
 * default.
 */
static size_t report_chunk(void)
{
	long v;

	if (cli_env_num("THREATMAP_REPORT_CHUNK", &v) != CLI_ENV_NUM || v < 1)
		return 0;
	return v > 65536 ? 65536 : (size_t)v;
}

static int run_scan_cli(struct scan_cli *c, int argc, char **argv)
{
	char when[32];
	struct check_result *res = NULL;
	struct findings f, unchanged;
	size_t nres = 0;
	int rc, wrc;
	struct scan *s;
	char *cmdline, cwd[4096];
	struct render_opts ropts = { .tool_version = THREATMAP_VERSION };
	struct report rep = { .opts = &ropts };
	struct report_opts ro;
	struct score sc;
	struct diag d = { 0 };
	const char **file = NULL;
	size_t nfile = 0;

	if ((rc = report_opts_load(&ro, c->exceptions, c->exclude_ns,
				   c->baseline, c->min_severity))) {
		report_opts_release(&ro);
		return rc;
	}
	if (c->trusted_file &&
	    (rc =
		 read_trusted_file(ro.arena, c->trusted_file, &file, &nfile))) {
		report_opts_release(&ro);
		return rc;
	}
	c->src.progress = !c->out.quiet;
	if (!(s = source_scan(&c->src, "scan", &rc))) {
		report_opts_release(&ro);
		return rc;
	}
	set_trusted(s, c, file, nfile);
	s->features = c->features;
	if (!inventory_size(s->inv)) {
		rc = nothing_read(s, &c->src);
		scan_free(s);
		report_opts_release(&ro);
		return rc;
	}
	cmdline = join_argv(argc, argv);
	ropts.command_line = cmdline;
	/* SARIF: paths under here are relative to %SRCROOT% */
	if (getcwd(cwd, sizeof(cwd)))
		ropts.base_dir = cwd;
	ropts.generated_at = report_time(c, when, sizeof(when));
	ropts.width = term_width();
	ropts.group = c->group;
	ropts.fingerprints = c->fingerprints;
	ropts.verbose = c->verbose;
	ropts.report_chunk = report_chunk();
	/* --min-severity low asks to see the low findings themselves */
	ropts.expand_low = c->min_severity == SEV_LOW;
	findings_init(&f, s->arena);
	findings_init(&unchanged, s->arena);
	if (ro.triage.baseline) {
		ro.triage.unchanged = &unchanged;
		rep.unchanged = &unchanged;
	}
	scan_run(s, scan_table(c), select_check, &c->sel, &f, &res, &nres);
	cli_phase("checks");
	cli_phase_checks(res, nres);
	if (triage_run(&ro.triage, &f, res, nres, &sc, &d) < 0)
		cli_error("%s", d.msg); /* only a bad clock date */
	cli_phase("triage");
	rep.scan = s;
	rep.findings = &f;
	rep.results = res;
	rep.nresults = nres;
	rep.score = &sc;
	rep.policy = ro.policy;
	if (!cli_outputs_on_stdout(&c->out, "text"))
		print_input_errors(s);
	if (!c->out.quiet)
		print_input_warnings(s);
	if (!inventory_size(s->inv) && !c->out.quiet)
		cli_note("no Kubernetes objects in the input");
	if (!c->out.quiet)
		report_opts_notes(&ro);
	wrc = cli_outputs_emit(&c->out, produce_report, &rep);
	cli_phase("report");
	rc = exit_status(s, &f, res, nres, c->fail_on);
	if (wrc)
		rc = wrc;
	score_release(&sc);
	free(res);
	findings_release(&unchanged);
	findings_release(&f);
	scan_free(s);
	report_opts_release(&ro);
	free(cmdline);
	cli_phase("free");
	return rc;
}

static int run_scan(int argc, char **argv)
{
	struct scan_cli c;
	char formats[256];
	int rc;

	if (cli_fleet_wanted(argc, argv))
		return cli_fleet_scan(scan_help, argc, argv);
	memset(&c, 0, sizeof(c));
	cli_outputs_init(&c.out);
	c.fail_on = SEV_LOW;
	if ((rc = parse_args(&c, argc, argv)))
		return rc;
	if (c.help) {
		cli_put_text(scan_help, stdout);
		return CLI_EXIT_CLEAN;
	}
	renderer_list(formats, sizeof(formats));
	if ((rc =
		 cli_outputs_resolve(&c.out, "scan", renderer_format, formats)))
		return rc;
	if (cli_args_only)
		return CLI_EXIT_CLEAN;
	return run_scan_cli(&c, argc, argv);
}

const struct subcmd subcmd_scan = {
	.name = "scan",
	.summary = "scan manifests (or a cluster) and report findings",
	.help = scan_help,
	.run = run_scan,
};
