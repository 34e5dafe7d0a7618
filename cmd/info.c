/*
 * info.c - what checks, matrix and explain print about checks and
 * techniques, as text and JSON.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "jsonw.h"
#include "matrix.h"
#include "sbuf.h"

bool cli_list_has(const char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

int cli_add_covering_checks(struct sbuf *sb, const char *technique_id)
{
	const struct check *const *c;
	size_t start = sbuf_pos(sb);
	int rc = 0;

	for (c = check_registry; *c; c++) {
		if (!cli_list_has((*c)->techniques, technique_id))
			continue;
		if (sbuf_pos(sb) > start)
			rc |= sbuf_adds(sb, ", ");
		rc |= sbuf_adds(sb, (*c)->id);
	}
	return rc ? -1 : 0;
}

static const char *attack_name(const char *id)
{
	const struct mx_attack *a = matrix_attack(id);

	return a ? a->name : NULL;
}

static const char *mitigation_name(const char *id)
{
	const struct mx_mitigation *m = matrix_mitigation(id);

	return m ? m->name : NULL;
}

/* key: [{"id": ID, "name": name_of(ID)}, ...] */
static void json_id_names(struct jsonw *w, const char *key,
			  const char *const *ids,
			  const char *(*name_of)(const char *id))
{
	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (; ids && *ids; ids++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", *ids);
		jsonw_kstr(w, "name", name_of(*ids));
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void json_needs(struct jsonw *w, unsigned needs)
{
	unsigned bit;

	jsonw_key(w, "needs");
	jsonw_arr_open(w);
	for (bit = 1; bit; bit <<= 1) {
		const char *const *k;

		if (!(needs & bit))
			continue;
		for (k = need_kinds(bit); *k; k++)
			jsonw_str(w, *k);
	}
	jsonw_arr_close(w);
}

void cli_severity_range(char *buf, size_t n, const struct check *c)
{
	if (c->severity_min != SEV_NONE && c->severity_min < c->severity)
		snprintf(buf, n, "%s-%s", severity_name(c->severity_min),
			 severity_name(c->severity));
	else
		snprintf(buf, n, "%s", severity_name(c->severity));
}

void cli_json_check(struct jsonw *w, const struct check *c, bool full)
{
	const char *const *p;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", c->id);
	jsonw_kstr(w, "title", c->title);
	jsonw_kstr(w, "severity", severity_name(c->severity));
	if (c->severity_min != SEV_NONE && c->severity_min != c->severity)
		jsonw_kstr(w, "severityMin", severity_name(c->severity_min));
	jsonw_key(w, "techniques");
	jsonw_arr_open(w);
	for (p = c->techniques; p && *p; p++) {
		const struct mx_technique *t = matrix_technique(*p);

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", *p);
		jsonw_kstr(w, "name", t ? t->name : NULL);
		jsonw_kstrv(w, "tactics", t ? t->tactics : NULL);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	json_id_names(w, "attack", c->attack, attack_name);
	json_needs(w, c->needs);
	if (full) {
		jsonw_kstr(w, "rationale", c->rationale);
		jsonw_kstr(w, "remediation", c->remediation);
		if (c->fix)
			jsonw_kstr(w, "fix", c->fix);
		jsonw_kstrv(w, "references", c->references);
	}
	jsonw_obj_close(w);
}

void cli_json_technique(struct jsonw *w, const struct mx_technique *t)
{
	const struct check *const *c;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", t->id);
	jsonw_kstr(w, "name", t->name);
	jsonw_kstrv(w, "tactics", t->tactics);
	json_id_names(w, "attack", t->attack_ids, attack_name);
	jsonw_kstr(w, "observability",
		   matrix_observability_name(t->observability));
	jsonw_kbool(w, "judgeable", matrix_judgeable(t));
	if (t->reveal)
		jsonw_kstr(w, "revealedBy", t->reveal);
	jsonw_kstr(w, "evidence", t->evidence);
	json_id_names(w, "mitigations", t->mitigations, mitigation_name);
	jsonw_key(w, "checks");
	jsonw_arr_open(w);
	for (c = check_registry; *c; c++)
		if (cli_list_has((*c)->techniques, t->id))
			jsonw_str(w, (*c)->id);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}
