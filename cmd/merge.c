/*
 * merge.c - `kubectl-threatmap merge REPORT.json...`: the fleet summary of
 * JSON reports collected elsewhere (each cluster's in-cluster CronJob, or
 * scans run by hand), so Kubernetes runs the audits and threatmap only adds
 * them up.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "fleet.h"
#include "load/load.h"
#include "sbuf.h"

extern const struct subcmd subcmd_merge;

static const char merge_help[] =
    "Usage: " PROG " merge REPORT.json... [FLAGS]\n"
    "\n"
    "Sum up JSON reports (scan -o json=FILE) of several clusters: one row\n"
    "per cluster with its score, findings by severity and coverage gaps.\n"
    "A cluster is named by the report's context, else its cluster, else\n"
    "the file name; NAME=FILE names it explicitly.  A report that cannot\n"
    "be read is listed as failed and the others are still summed up.\n"
    "\n"
    "Flags:\n"
    "  -o, --output SPEC   text, json, markdown or html; FORMAT=FILE; or\n"
    "                      FILE (format from the extension); repeatable\n"
    "      --format FORMAT the format on standard output (default text)\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n"
    "\n"
    "Examples:\n"
    "  " PROG " merge prod.json staging.json -o html=fleet.html\n"
    "  " PROG " merge eu=reports/eu.json us=reports/us.json --format json\n"
    "\n"
    "Exit status: 0 every report read, 2 usage error, 3 a report could not\n"
    "be read (the summary still lists the others).\n";

const char *cli_format_fleet(const char *format)
{
	static const char *const names[] = { "text", "json", "markdown",
					     "html" };
	size_t i;

	if (!strcmp(format, "md"))
		return "markdown";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(format, names[i]))
			return names[i];
	return NULL;
}

int cli_fleet_produce(const char *format, bool color, struct sbuf *sb,
		      void *ctx)
{
	const struct fleet *f = ctx;

	(void)color;
	if (!strcmp(format, "json"))
		return fleet_render_json(f, sb);
	if (!strcmp(format, "markdown"))
		return fleet_render_markdown(f, sb);
	if (!strcmp(format, "html"))
		return fleet_render_html(f, NULL, sb);
	return fleet_render_text(f, sb);
}

/* Read one report into the fleet; a failure becomes a failed row. */
int cli_fleet_read(struct fleet *f, const char *name, const char *path)
{
	struct sbuf sb = SBUF_INIT;
	struct diag d = { 0 };
	char buf[65536], msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	const struct node *tree;
	struct stat st;
	FILE *fp = fopen(path, "rb");
	size_t n;
	int err = 0;

	if (!fp) {
		snprintf(msg, sizeof(msg), "cannot open '%s': %s", path,
			 strerror(errno));
		goto fail;
	}
	/* a regular file in pieces; whole as before when that fails */
	if (!fstat(fileno(fp), &st) && S_ISREG(st.st_mode)) {
		if (!fleet_read_fd(f, path, name, fileno(fp))) {
			fclose(fp);
			return 0;
		}
		rewind(fp);
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (sbuf_add(&sb, buf, n)) {
			err = ENOMEM;
			break;
		}
	if (ferror(fp) || err) {
		snprintf(msg, sizeof(msg), "cannot read '%s': %s", path,
			 strerror(err ? err : errno));
		fclose(fp);
		goto fail;
	}
	fclose(fp);
	tree = load_tree(f->a, path, sb.buf ? sb.buf : "", sb.len, NULL, &d);
	if (!tree || fleet_add_report(f, path, name, tree, &d) < 0) {
		diag_format(&d, msg, sizeof(msg));
		goto fail;
	}
	sbuf_release(&sb);
	return 0;
fail:
	sbuf_release(&sb);
	cli_error("%s", msg);
	fleet_add_failure(f, name ? name : path, msg);
	return -1;
}

enum { OPT_HELP = 'h' };

static const struct option merge_longopts[] = {
	CLI_OUTPUT_LONGOPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int run_merge(int argc, char **argv)
{
	struct cli_outputs out;
	struct arena *a;
	struct fleet f;
	int opt, rc, i, failed = 0;

	cli_outputs_init(&out);
	cli_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":o:qh", merge_longopts, NULL)) !=
	       -1) {
		if (opt == 'h') {
			cli_print_help(&subcmd_merge);
			return CLI_EXIT_CLEAN;
		}
		rc = cli_outputs_opt(&out, "merge", opt, optarg);
		if (rc == 1)
			continue;
		if (rc)
			return rc;
		return cli_bad_option("merge", opt, argv);
	}
	if (optind >= argc)
		return cli_usage("merge", "no report given (merge "
					  "REPORT.json...)");
	rc = cli_outputs_resolve(&out, "merge", cli_format_fleet,
				 "text, json, markdown, html");
	if (rc || cli_args_only)
		return rc;
	a = arena_new();
	fleet_init(&f, a);
	for (i = optind; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		const char *name = NULL, *path = argv[i];

		if (eq && eq != argv[i]) {
			name =
			    arena_strndup(a, argv[i], (size_t)(eq - argv[i]));
			path = eq + 1;
		}
		failed |= cli_fleet_read(&f, name, path) < 0;
	}
	rc = cli_outputs_emit(&out, cli_fleet_produce, &f);
	if (!rc && failed)
		rc = CLI_EXIT_INPUT;
	fleet_release(&f);
	arena_free(a);
	return rc;
}

const struct subcmd subcmd_merge = {
	.name = "merge",
	.summary = "fleet summary of several clusters' JSON reports",
	.help = merge_help,
	.run = run_merge,
};
