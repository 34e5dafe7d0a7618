/*
 * report_opts.c - load exceptions, namespace exclusion and baseline for
 * `scan` (see report_opts.h).
 */
#include "report_opts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "baseline.h"
#include "checks/registry.h"
#include "cli.h"
#include "diag.h"
#include "policy.h"
#include "safefile.h"
#include "sbuf.h"

/* Whole file into sb, at most --max-input-size; prints the error. */
static int slurp(const char *path, struct sbuf *sb)
{
	char msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	struct diag d = { 0 };

	if (safefile_read(path, input_limit(), true, true, sb, &d)) {
		cli_error("%s", diag_format(&d, msg, sizeof(msg)));
		return CLI_EXIT_INPUT;
	}
	return 0;
}

static int fail(const struct diag *d, int code)
{
	char msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];

	cli_error("%s", diag_format(d, msg, sizeof(msg)));
	return code;
}

static int load_exceptions(struct report_opts *ro, const char *path)
{
	struct sbuf sb = SBUF_INIT;
	struct diag d = { 0 };
	int rc;

	ro->policy = policy_new();
	if ((rc = slurp(path, &sb)) == 0 &&
	    (policy_load(ro->policy, ro->arena, path, sb.buf, sb.len, &d) < 0 ||
	     policy_validate_checks(ro->policy, check_registry, &d) < 0))
		rc = fail(&d, CLI_EXIT_INPUT);
	sbuf_release(&sb);
	return rc;
}

static int load_baseline(struct report_opts *ro, const char *path)
{
	struct diag d = { 0 };

	ro->baseline = baseline_new();
	if (baseline_load_file(ro->baseline, ro->arena, path, &d))
		return fail(&d, CLI_EXIT_INPUT);
	return 0;
}

int report_opts_load(struct report_opts *ro, const char *exceptions,
		     const char *exclude_ns, const char *baseline,
		     enum severity min_severity)
{
	time_t now = time(NULL);
	struct diag d = { 0 };
	struct tm tm;
	int rc = 0;

	memset(ro, 0, sizeof(*ro));
	ro->arena = arena_new();
	if (!gmtime_r(&now, &tm) ||
	    !strftime(ro->today, sizeof(ro->today), "%Y-%m-%d", &tm))
		ro->today[0] = '\0';
	if (exclude_ns) {
		ro->exclude =
		    policy_re_new(exclude_ns, "--exclude-namespaces", 0, 0, &d);
		if (!ro->exclude)
			return fail(&d, CLI_EXIT_USAGE);
	}
	if (exceptions && (rc = load_exceptions(ro, exceptions)))
		return rc;
	if (baseline && (rc = load_baseline(ro, baseline)))
		return rc;
	ro->triage.exclude_ns = ro->exclude;
	ro->triage.policy = ro->policy;
	ro->triage.today = ro->today[0] ? ro->today : NULL;
	ro->triage.baseline = ro->baseline;
	ro->triage.min_severity = min_severity;
	return 0;
}

void report_opts_notes(const struct report_opts *ro)
{
	size_t i;

	for (i = 0; i < policy_count(ro->policy); i++) {
		const struct policy_exception *e = policy_at(ro->policy, i);

		if (e->expired)
			cli_note("%s:%u: exception expired on %s and no longer "
				 "applies (%zu finding%s)",
				 e->file, e->line, e->expires, e->matched,
				 e->matched == 1 ? "" : "s");
	}
}

void report_opts_release(struct report_opts *ro)
{
	policy_free(ro->policy);
	policy_re_free(ro->exclude);
	baseline_free(ro->baseline);
	arena_free(ro->arena);
	memset(ro, 0, sizeof(*ro));
}
