/*
 * matrix.c - `kubectl-threatmap matrix`: tactics, their techniques, and the
 * checks that cover each technique.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "matrix.h"
#include "render/render.h"
#include "sbuf.h"

extern const struct subcmd subcmd_matrix;

static const char matrix_help[] =
    "Usage: " PROG " matrix [FLAGS]\n"
    "\n"
    "Print the Microsoft Threat Matrix for Kubernetes: each tactic (with\n"
    "its ATT&CK tactic ID), its techniques (MS-TA9xxx) with their ATT&CK\n"
    "technique IDs, how far configuration can judge each technique, and the\n"
    "checks that cover it.  A technique under several tactics is listed\n"
    "under each.\n"
    "\n"
    "Observability:\n"
    "  config    the technique is a state of API objects\n"
    "  partial   objects show who could; the act itself is runtime\n"
    "  runtime   nothing in the API bears on it\n"
    "  cloud     decided by cloud IAM or metadata services\n"
    "  Runtime and cloud techniques are not judgeable from configuration;\n"
    "  a line under each says what would reveal them.\n"
    "\n"
    "Flags:\n"
    "  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"
    "      --format FORMAT text (default) or json\n"
    "      --no-color      accepted for symmetry; this table has no colour\n"
    "      --color WHEN    auto, always or never\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n";

static int add_technique_line(struct sbuf *sb, const struct mx_technique *t)
{
	struct sbuf ids = SBUF_INIT, checks = SBUF_INIT;
	const char *const *a;
	int rc = 0;

	for (a = t->attack_ids; *a; a++)
		rc |=
		    sbuf_addf(&ids, "%s%s", a == t->attack_ids ? "" : ",", *a);
	rc |= cli_add_covering_checks(&checks, t->id);
	rc |= sbuf_addf(sb, "  %-9s  %-46s  %-15s  %-8s  %s\n", t->id, t->name,
			ids.len ? ids.buf : "-",
			matrix_observability_name(t->observability),
			checks.len ? checks.buf : "-");
	if (!matrix_judgeable(t))
		rc |=
		    sbuf_addf(sb,
			      "             not judgeable from configuration; "
			      "revealed by %s\n",
			      t->reveal);
	sbuf_release(&ids);
	sbuf_release(&checks);
	return rc;
}

static int produce_text(struct sbuf *sb)
{
	size_t i, q, covered = 0;
	int rc = 0;

	for (i = 0; i < mx_ntactics; i++) {
		const struct mx_tactic *ta = &mx_tactics[i];

		rc |= sbuf_addf(sb, "%s%s (%s)\n", i ? "\n" : "", ta->name,
				ta->attack_id);
		rc |= sbuf_addf(sb, "  %-9s  %-46s  %-15s  %-8s  %s\n", "ID",
				"TECHNIQUE", "ATT&CK", "OBSERVE", "CHECKS");
		for (q = 0; q < mx_ntechniques; q++)
			if (matrix_technique_in_tactic(&mx_techniques[q],
						       ta->id))
				rc |= add_technique_line(sb, &mx_techniques[q]);
	}
	for (q = 0; q < mx_ntechniques; q++) {
		struct sbuf c = SBUF_INIT;

		rc |= cli_add_covering_checks(&c, mx_techniques[q].id);
		covered += c.len > 0;
		sbuf_release(&c);
	}
	rc |= sbuf_addf(sb,
			"\n%zu tactics, %zu techniques, %zu covered by "
			"checks\n",
			mx_ntactics, mx_ntechniques, covered);
	return rc ? -1 : 0;
}

static int produce_json(struct sbuf *sb)
{
	struct jsonw w;
	size_t i, q;

	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	jsonw_key(&w, "tactics");
	jsonw_arr_open(&w);
	for (i = 0; i < mx_ntactics; i++) {
		const struct mx_tactic *ta = &mx_tactics[i];

		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", ta->id);
		jsonw_kstr(&w, "name", ta->name);
		jsonw_kstr(&w, "attackId", ta->attack_id);
		jsonw_key(&w, "techniques");
		jsonw_arr_open(&w);
		for (q = 0; q < mx_ntechniques; q++)
			if (matrix_technique_in_tactic(&mx_techniques[q],
						       ta->id))
				jsonw_str(&w, mx_techniques[q].id);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "techniques");
	jsonw_arr_open(&w);
	for (q = 0; q < mx_ntechniques; q++)
		cli_json_technique(&w, &mx_techniques[q]);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

static int run_matrix(int argc, char **argv)
{
	return cli_info_main(argc, argv, &subcmd_matrix, produce_text,
			     produce_json);
}

const struct subcmd subcmd_matrix = {
	.name = "matrix",
	.summary = "print the threat matrix and the checks covering it",
	.help = matrix_help,
	.run = run_matrix,
};
