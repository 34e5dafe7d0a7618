/*
 * version.c - `kubectl-threatmap version` (also `--version`).
 */
#include "cli.h"

#include "check.h"
#include "checks/registry.h"
#include "jsonw.h"
#include "matrix.h"
#include "render/render.h"
#include "sbuf.h"

extern const struct subcmd subcmd_version;

static const char version_help[] =
    "Usage: " PROG " version [FLAGS]\n"
    "\n"
    "Print the version of threatmap, of its JSON report schema, and the\n"
    "size of its check table and threat matrix.\n"
    "\n"
    "Flags:\n"
    "  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"
    "      --format FORMAT text (default) or json\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n";

static int produce_text(struct sbuf *sb)
{
	return sbuf_addf(sb,
			 "%s %s (JSON schema %s, %zu checks, %zu techniques)\n",
			 PROG, THREATMAP_VERSION, RENDER_JSON_SCHEMA_VERSION,
			 check_count(), mx_ntechniques);
}

static int produce_json(struct sbuf *sb)
{
	struct jsonw w;

	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "name", "threatmap");
	jsonw_kstr(&w, "version", THREATMAP_VERSION);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	jsonw_kuint(&w, "checks", check_count());
	jsonw_kuint(&w, "techniques", mx_ntechniques);
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

static int run_version(int argc, char **argv)
{
	return cli_info_main(argc, argv, &subcmd_version, produce_text,
			     produce_json);
}

const struct subcmd subcmd_version = {
	.name = "version",
	.summary = "print the version",
	.help = version_help,
	.run = run_version,
};
