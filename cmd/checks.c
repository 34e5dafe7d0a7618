/*
 * checks.c - `kubectl-threatmap checks`: the check table.
 */
#include "cli.h"

#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "jsonw.h"
#include "render/render.h"
#include "sbuf.h"

extern const struct subcmd subcmd_checks;

static const char checks_help[] =
    "Usage: " PROG " checks [FLAGS]\n"
    "\n"
    "List every check: its ID, severity, the Microsoft threat-matrix\n"
    "techniques it covers, and its title.  Use the IDs with 'scan\n"
    "--checks' and '--skip-checks', and '" PROG " explain ID' for a\n"
    "check's rationale and remediation.\n"
    "\n"
    "Flags:\n"
    "  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"
    "      --format FORMAT text (default) or json\n"
    "      --no-color      accepted for symmetry; this table has no colour\n"
    "      --color WHEN    auto, always or never\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n";

static int add_techniques(struct sbuf *sb, const struct check *c)
{
	const char *const *t;
	int rc = 0;

	for (t = c->techniques; t && *t; t++)
		rc |= sbuf_addf(sb, "%s%s", t == c->techniques ? "" : ",", *t);
	return rc;
}

/*
 * The profiles 'scan --profile' runs instead of the table above: each
 * check once, with the first (least strict) profile that holds it.
 */
static int add_profiles(struct sbuf *sb, size_t idw)
{
	const struct profile *const *p;
	const struct check *const *c;
	char sev[32];
	int rc = 0;

	for (c = profile_checks; *c; c++)
		if (strlen((*c)->id) > idw)
			idw = strlen((*c)->id);
	rc |= sbuf_adds(
	    sb, "\nProfiles (scan --profile NAME run these instead):\n");
	for (p = profile_registry; *p; p++)
		rc |= sbuf_addf(sb, "  %-16s %s\n", (*p)->id, (*p)->title);
	rc |= sbuf_addf(sb, "\n%-*s  %-15s  %-14s  %s\n", (int)idw, "ID",
			"SEVERITY", "FROM PROFILE", "TITLE");
	for (c = profile_checks; *c; c++) {
		cli_severity_range(sev, sizeof(sev), *c);
		rc |= sbuf_addf(sb, "%-*s  %-15s  %-14s  %s\n", (int)idw,
				(*c)->id, sev, profile_of(*c)->id, (*c)->title);
	}
	return rc;
}

static int produce_text(struct sbuf *sb)
{
	const struct check *const *c;
	struct sbuf tech = SBUF_INIT;
	char sev[32];
	size_t idw = 2, tw = 10;
	int rc = 0;

	for (c = check_registry; *c; c++) {
		sbuf_reset(&tech);
		rc |= add_techniques(&tech, *c);
		if (strlen((*c)->id) > idw)
			idw = strlen((*c)->id);
		if (tech.len > tw)
			tw = tech.len;
	}
	rc |= sbuf_addf(sb, "%-*s  %-15s  %-*s  %s\n", (int)idw, "ID",
			"SEVERITY", (int)tw, "TECHNIQUES", "TITLE");
	for (c = check_registry; *c; c++) {
		sbuf_reset(&tech);
		rc |= add_techniques(&tech, *c);
		cli_severity_range(sev, sizeof(sev), *c);
		rc |= sbuf_addf(sb, "%-*s  %-15s  %-*s  %s\n", (int)idw,
				(*c)->id, sev, (int)tw, tech.buf, (*c)->title);
	}
	rc |= sbuf_addf(sb, "\n%zu checks\n", check_count());
	rc |= add_profiles(sb, idw);
	sbuf_release(&tech);
	return rc ? -1 : 0;
}

/* "profiles": [{"id", "title", "checks": [check objects]}] */
static void json_profiles(struct jsonw *w)
{
	const struct profile *const *p;
	const struct check *const *c;

	jsonw_key(w, "profiles");
	jsonw_arr_open(w);
	for (p = profile_registry; *p; p++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", (*p)->id);
		jsonw_kstr(w, "title", (*p)->title);
		jsonw_key(w, "checks");
		jsonw_arr_open(w);
		for (c = (*p)->checks; *c; c++)
			cli_json_check(w, *c, false);
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static int produce_json(struct sbuf *sb)
{
	const struct check *const *c;
	struct jsonw w;

	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	jsonw_key(&w, "checks");
	jsonw_arr_open(&w);
	for (c = check_registry; *c; c++)
		cli_json_check(&w, *c, false);
	jsonw_arr_close(&w);
	json_profiles(&w);
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

static int run_checks(int argc, char **argv)
{
	return cli_info_main(argc, argv, &subcmd_checks, produce_text,
			     produce_json);
}

const struct subcmd subcmd_checks = {
	.name = "checks",
	.summary = "list the checks (ID, severity, techniques, title)",
	.help = checks_help,
	.run = run_checks,
};
