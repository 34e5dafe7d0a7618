/*
 * diff.c - `kubectl-threatmap diff OLD.json NEW.json`: which findings are
 * new, fixed or unchanged between two JSON reports, by fingerprint.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "baseline.h"
#include "diag.h"
#include "sbuf.h"

extern const struct subcmd subcmd_diff;

static const char diff_help[] =
    "Usage: " PROG " diff OLD.json NEW.json [FLAGS]\n"
    "\n"
    "Compare two JSON reports (scan -o json=FILE) by finding fingerprint:\n"
    "findings only in NEW are new, only in OLD fixed, in both unchanged.\n"
    "Fingerprints ignore files and lines, so a manifest scan compares with\n"
    "a live or snapshot scan of the same objects.\n"
    "\n"
    "Flags:\n"
    "  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"
    "      --format FORMAT text (default) or json\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 nothing new, 1 new findings that no exception\n"
    "suppresses, 2 usage error, 3 a report cannot be read.\n";

struct diff_ctx {
	const struct baseline_diff *d;
	const char *old_name, *new_name;
};

static int produce(const char *format, bool color, struct sbuf *sb, void *ctx)
{
	const struct diff_ctx *c = ctx;

	(void)color;
	if (!strcmp(format, "json"))
		return baseline_diff_json(c->d, c->old_name, c->new_name, sb);
	return baseline_diff_text(c->d, sb);
}

static int load_report(struct baseline *b, struct arena *a, const char *path)
{
	struct diag d = { 0 };
	char msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];

	if (baseline_load_file(b, a, path, &d)) {
		cli_error("%s", diag_format(&d, msg, sizeof(msg)));
		return CLI_EXIT_INPUT;
	}
	return 0;
}

static int run_diff(int argc, char **argv)
{
	struct baseline *old = baseline_new(), *new_ = baseline_new();
	struct arena *a = arena_new();
	struct cli_outputs out;
	struct baseline_diff d = { 0 };
	struct diff_ctx ctx;
	char *args[2];
	size_t i;
	int rc;

	rc = cli_parse_info_args(argc, argv, &subcmd_diff, &out, 2, args);
	if (rc) {
		rc = rc < 0 ? CLI_EXIT_CLEAN : rc;
		goto out;
	}
	if (cli_args_only)
		goto out; /* rc is 0 */
	if ((rc = load_report(old, a, args[0])) ||
	    (rc = load_report(new_, a, args[1])))
		goto out;
	baseline_diff(old, new_, &d);
	ctx.d = &d;
	ctx.old_name = args[0];
	ctx.new_name = args[1];
	if ((rc = cli_outputs_emit(&out, produce, &ctx)))
		goto out;
	rc = CLI_EXIT_CLEAN;
	for (i = 0; i < d.nadded; i++)
		if (!d.added[i]->suppressed)
			rc = CLI_EXIT_FINDINGS;
out:
	baseline_diff_release(&d);
	baseline_free(old);
	baseline_free(new_);
	arena_free(a);
	return rc;
}

const struct subcmd subcmd_diff = {
	.name = "diff",
	.summary = "compare two JSON reports: new, fixed, unchanged findings",
	.help = diff_help,
	.run = run_diff,
};
