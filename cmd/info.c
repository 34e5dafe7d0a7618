/*
 * info.c - what checks, matrix and explain print about checks and
 * techniques, as text and JSON.
 */
#include "cli.h"

#include <string.h>

#include "check.h"
#include "jsonw.h"
#include "matrix.h"
#include "sbuf.h"

int cli_add_covering_checks(struct sbuf *sb, const char *technique_id)
{
	const struct check *const *c;
	const char *const *t;
	size_t start = sb->len;
	int rc = 0;

	for (c = check_registry; *c; c++)
		for (t = (*c)->techniques; t && *t; t++)
			if (!strcmp(*t, technique_id)) {
				if (sb->len > start)
					rc |= sbuf_adds(sb, ", ");
				rc |= sbuf_adds(sb, (*c)->id);
				break;
			}
	return rc ? -1 : 0;
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

void cli_json_check(struct jsonw *w, const struct check *c, bool full)
{
	const char *const *p;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", c->id);
	jsonw_kstr(w, "title", c->title);
	jsonw_kstr(w, "severity", severity_name(c->severity));
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
	jsonw_key(w, "attack");
	jsonw_arr_open(w);
	for (p = c->attack; p && *p; p++) {
		const struct mx_attack *a = matrix_attack(*p);

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", *p);
		jsonw_kstr(w, "name", a ? a->name : NULL);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	json_needs(w, c->needs);
	if (full) {
		jsonw_kstr(w, "rationale", c->rationale);
		jsonw_kstr(w, "remediation", c->remediation);
		jsonw_kstrv(w, "references", c->references);
	}
	jsonw_obj_close(w);
}

void cli_json_technique(struct jsonw *w, const struct mx_technique *t)
{
	const struct check *const *c;
	const char *const *p;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", t->id);
	jsonw_kstr(w, "name", t->name);
	jsonw_kstrv(w, "tactics", t->tactics);
	jsonw_key(w, "attack");
	jsonw_arr_open(w);
	for (p = t->attack_ids; *p; p++) {
		const struct mx_attack *a = matrix_attack(*p);

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", *p);
		jsonw_kstr(w, "name", a ? a->name : NULL);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_kstr(w, "observability",
		   matrix_observability_name(t->observability));
	jsonw_kbool(w, "observabilityUncertain", t->observability_uncertain);
	jsonw_kstr(w, "evidence", t->evidence);
	jsonw_key(w, "mitigations");
	jsonw_arr_open(w);
	for (p = t->mitigations; *p; p++) {
		const struct mx_mitigation *m = matrix_mitigation(*p);

		jsonw_obj_open(w);
		jsonw_kstr(w, "id", *p);
		jsonw_kstr(w, "name", m ? m->name : NULL);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "checks");
	jsonw_arr_open(w);
	for (c = check_registry; *c; c++)
		for (p = (*c)->techniques; p && *p; p++)
			if (!strcmp(*p, t->id)) {
				jsonw_str(w, (*c)->id);
				break;
			}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}
