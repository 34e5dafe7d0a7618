/*
 * explain.c - `kubectl-threatmap explain ID`: everything about one check,
 * one threat-matrix technique (MS-TA9xxx) or one ATT&CK technique (T1234).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "checks/registry.h"
#include "jsonw.h"
#include "matrix.h"
#include "render/render.h"
#include "sbuf.h"
#include "suggest.h"

extern const struct subcmd subcmd_explain;

static const char explain_help[] =
    "Usage: " PROG " explain ID [FLAGS]\n"
    "\n"
    "Explain a check, a threat-matrix technique or an ATT&CK technique.\n"
    "\n"
    "  check ID (see '" PROG " checks'): title, severity, the techniques\n"
    "    and ATT&CK techniques it maps to, the kinds it reads, why it\n"
    "    matters, how to fix it, and references\n"
    "  technique ID (MS-TA9018): name, tactics, ATT&CK mapping, how far\n"
    "    configuration can judge it, mitigations, and covering checks\n"
    "  ATT&CK ID (T1611): name, ATT&CK tactics, the matrix techniques\n"
    "    mapped to it, and the checks that name it\n"
    "\n"
    "Flags:\n"
    "  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"
    "      --format FORMAT text (default) or json\n"
    "  -q, --quiet         nothing on standard output\n"
    "  -h, --help          this help\n";

static const char *const observability_text[] = {
	[MX_OBS_CONFIG] = "the technique is a state of API objects",
	[MX_OBS_PARTIAL] = "objects show who could; the act itself is runtime",
	[MX_OBS_RUNTIME] = "nothing in the API bears on it",
	[MX_OBS_CLOUD] = "decided by cloud IAM or metadata services",
};
_Static_assert(sizeof(observability_text) / sizeof(*observability_text) ==
		   MX_OBS_CLOUD + 1,
	       "one text per observability");

struct subject {
	const struct check *check;
	const struct mx_technique *technique;
	const struct mx_attack *attack;
};

static const struct mx_technique *technique_ci(const char *id)
{
	size_t i;

	for (i = 0; i < mx_ntechniques; i++)
		if (!strcasecmp(mx_techniques[i].id, id))
			return &mx_techniques[i];
	return NULL;
}

static const struct mx_attack *attack_ci(const char *id)
{
	size_t i;

	for (i = 0; i < mx_nattack; i++)
		if (!strcasecmp(mx_attack[i].id, id))
			return &mx_attack[i];
	return NULL;
}

static int add_tactic_names(struct sbuf *sb, const char *const *tactics)
{
	const char *const *p;
	int rc = 0;

	for (p = tactics; p && *p; p++) {
		const struct mx_tactic *ta = matrix_tactic(*p);

		rc |= sbuf_addf(sb, "%s%s", p == tactics ? "" : ", ",
				ta ? ta->name : *p);
	}
	return rc;
}

/* "Runs with: scan --profile A, B" for a profile check, else nothing. */
static int add_profiles(struct sbuf *sb, const struct check *c)
{
	const struct profile *const *p;
	const struct check *const *k;
	int rc = 0, n = 0;

	if (!profile_of(c))
		return 0;
	for (p = profile_registry; *p; p++)
		for (k = (*p)->checks; *k; k++)
			if (*k == c)
				rc |= sbuf_addf(
				    sb, "%s%s",
				    n++ ? ", " : "\nRuns with: scan --profile ",
				    (*p)->id);
	return rc | sbuf_adds(sb, " (not in the default catalogue)\n");
}

/* A heading, then text line by line, indented by two spaces. */
static int add_indented(struct sbuf *sb, const char *heading, const char *text)
{
	const char *q = text, *nl;
	int rc = sbuf_adds(sb, heading);

	for (; *q; q = *nl ? nl + 1 : nl) {
		nl = strchr(q, '\n');
		if (!nl)
			nl = q + strlen(q);
		rc |= sbuf_addf(sb, "  %.*s\n", (int)(nl - q), q);
	}
	return rc;
}

static int text_check(struct sbuf *sb, const struct check *c)
{
	struct sbuf kinds = SBUF_INIT;
	const char *const *p;
	char sev[32];
	unsigned bit;
	int rc = 0;

	cli_severity_range(sev, sizeof(sev), c);
	rc |= sbuf_addf(sb, "%s: %s\n\nSeverity: %s%s\n", c->id, c->title, sev,
			strchr(sev, '-') ? " (by what is found)" : "");
	rc |= add_profiles(sb, c);
	rc |= sbuf_adds(sb, "\nTechniques:\n");
	for (p = c->techniques; p && *p; p++) {
		const struct mx_technique *t = matrix_technique(*p);

		rc |= sbuf_addf(sb, "  %-10s %s (", *p, t ? t->name : "?");
		rc |= add_tactic_names(sb, t ? t->tactics : NULL);
		rc |= sbuf_adds(sb, ")\n");
	}
	rc |= sbuf_adds(sb, "\nATT&CK:\n");
	for (p = c->attack; p && *p; p++) {
		const struct mx_attack *a = matrix_attack(*p);

		rc |= sbuf_addf(sb, "  %-10s %s\n", *p, a ? a->name : "?");
	}
	rc |= sbuf_adds(sb, "\nReads:\n");
	for (bit = 1; bit; bit <<= 1) {
		const char *const *k;

		if (!(c->needs & bit))
			continue;
		for (k = need_kinds(bit); *k; k++)
			rc |= sbuf_addf(&kinds, "%s%s", kinds.len ? ", " : "",
					*k);
	}
	rc |= cli_add_wrapped(sb, kinds.len ? kinds.buf : "-", 2);
	sbuf_release(&kinds);
	rc |= sbuf_adds(sb, "\nWhy it matters:\n");
	rc |= cli_add_wrapped(sb, c->rationale ? c->rationale : "-", 2);
	rc |= sbuf_adds(sb, "\nRemediation:\n");
	rc |= cli_add_wrapped(sb, c->remediation ? c->remediation : "-", 2);
	if (c->details)
		rc |= add_indented(sb, "\nDetails:\n", c->details);
	if (c->fix)
		rc |= add_indented(sb, "\nCorrected YAML:\n", c->fix);
	if (c->references && *c->references) {
		rc |= sbuf_adds(sb, "\nReferences:\n");
		for (p = c->references; *p; p++)
			rc |= sbuf_addf(sb, "  %s\n", *p);
	}
	return rc;
}

static int text_technique(struct sbuf *sb, const struct mx_technique *t)
{
	const char *const *p;
	int rc = 0;

	rc |= sbuf_addf(sb, "%s: %s\n\nTactics: ", t->id, t->name);
	rc |= add_tactic_names(sb, t->tactics);
	rc |= sbuf_addf(sb, "\nObservability: %s: %s\n",
			matrix_observability_name(t->observability),
			observability_text[t->observability]);
	if (t->reveal)
		rc |= sbuf_addf(sb,
				"Not judgeable from configuration; revealed "
				"by %s\n",
				t->reveal);
	rc |= sbuf_adds(sb, "\nATT&CK:\n");
	if (!*t->attack_ids)
		rc |= sbuf_adds(sb, "  (no ATT&CK technique mapped)\n");
	for (p = t->attack_ids; *p; p++) {
		const struct mx_attack *a = matrix_attack(*p);

		rc |= sbuf_addf(sb, "  %-10s %s\n", *p, a ? a->name : "?");
	}
	rc |= sbuf_adds(sb, "\nWhat configuration shows:\n");
	rc |= cli_add_wrapped(sb, *t->evidence ? t->evidence : "-", 2);
	rc |= sbuf_adds(sb, "\nMitigations:\n");
	for (p = t->mitigations; *p; p++) {
		const struct mx_mitigation *m = matrix_mitigation(*p);

		rc |= sbuf_addf(sb, "  %-12s %s\n", *p, m ? m->name : "?");
	}
	rc |= sbuf_adds(sb, "\nChecks: ");
	{
		size_t before = sbuf_pos(sb);

		rc |= cli_add_covering_checks(sb, t->id);
		if (sbuf_pos(sb) == before)
			rc |= sbuf_adds(sb, "none");
	}
	rc |= sbuf_adds(sb, "\n");
	return rc;
}

static int text_attack(struct sbuf *sb, const struct mx_attack *a)
{
	const struct check *const *c;
	const char *const *p;
	size_t i, n = 0;
	int rc = 0;

	rc |= sbuf_addf(sb, "%s: %s\n\nATT&CK tactics: ", a->id, a->name);
	for (p = a->tactic_ids; *p; p++)
		rc |= sbuf_addf(sb, "%s%s", p == a->tactic_ids ? "" : ", ", *p);
	rc |= sbuf_addf(sb, "\nContainers platform: %s\n\nMatrix techniques:\n",
			a->containers_platform ? "yes" : "no");
	for (i = 0; i < mx_ntechniques; i++)
		if (cli_list_has(mx_techniques[i].attack_ids, a->id)) {
			rc |= sbuf_addf(sb, "  %-10s %s\n", mx_techniques[i].id,
					mx_techniques[i].name);
			n++;
		}
	if (!n)
		rc |= sbuf_adds(sb, "  none\n");
	rc |= sbuf_adds(sb, "\nChecks:\n");
	n = 0;
	for (c = check_registry; *c; c++)
		if (cli_list_has((*c)->attack, a->id)) {
			rc |= sbuf_addf(sb, "  %s\n", (*c)->id);
			n++;
		}
	if (!n)
		rc |= sbuf_adds(sb, "  none\n");
	return rc;
}

static void json_attack(struct jsonw *w, const struct mx_attack *a)
{
	const struct check *const *c;
	size_t i;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", a->id);
	jsonw_kstr(w, "name", a->name);
	jsonw_kstrv(w, "tactics", a->tactic_ids);
	jsonw_kbool(w, "containersPlatform", a->containers_platform);
	jsonw_key(w, "techniques");
	jsonw_arr_open(w);
	for (i = 0; i < mx_ntechniques; i++)
		if (cli_list_has(mx_techniques[i].attack_ids, a->id))
			jsonw_str(w, mx_techniques[i].id);
	jsonw_arr_close(w);
	jsonw_key(w, "checks");
	jsonw_arr_open(w);
	for (c = check_registry; *c; c++)
		if (cli_list_has((*c)->attack, a->id))
			jsonw_str(w, (*c)->id);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

static int produce(const char *format, bool color, struct sbuf *sb, void *ctx)
{
	const struct subject *s = ctx;
	struct jsonw w;

	(void)color;
	if (strcmp(format, "json") != 0) {
		if (s->check)
			return text_check(sb, s->check) ? -1 : 0;
		if (s->technique)
			return text_technique(sb, s->technique) ? -1 : 0;
		return text_attack(sb, s->attack) ? -1 : 0;
	}
	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	if (s->check) {
		jsonw_key(&w, "check");
		cli_json_check(&w, s->check, true);
	} else if (s->technique) {
		jsonw_key(&w, "technique");
		cli_json_technique(&w, s->technique);
	} else {
		jsonw_key(&w, "attack");
		json_attack(&w, s->attack);
	}
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

static int run_explain(int argc, char **argv)
{
	struct cli_outputs out;
	struct subject s = { 0 };
	char *id = NULL;
	const char *near;
	int rc = cli_parse_info_args(argc, argv, &subcmd_explain, &out, 1, &id);

	if (rc)
		return rc < 0 ? CLI_EXIT_CLEAN : rc;
	s.check = check_find(id);
	if (!s.check)
		s.technique = technique_ci(id);
	if (!s.check && !s.technique)
		s.attack = attack_ci(id);
	if (!s.check && !s.technique && !s.attack &&
	    (near = suggest_check_or_technique(check_registry, id)))
		return cli_usage("explain",
				 "unknown ID '%s' (did you mean '%s'?)", id,
				 near);
	if (!s.check && !s.technique && !s.attack)
		return cli_usage("explain",
				 "'%s' is no check ID (see '" PROG
				 " checks'), matrix technique ID "
				 "(MS-TA9xxx) or ATT&CK technique ID "
				 "(see '" PROG " matrix')",
				 id);
	if (cli_args_only)
		return CLI_EXIT_CLEAN;
	return cli_outputs_emit(&out, produce, &s);
}

const struct subcmd subcmd_explain = {
	.name = "explain",
	.summary = "explain a check, a technique or an ATT&CK ID",
	.help = explain_help,
	.run = run_explain,
};
