#include "matrix.h"

#include <string.h>

const struct mx_tactic *matrix_tactic(const char *id)
{
	size_t i;

	for (i = 0; i < mx_ntactics; i++)
		if (!strcmp(mx_tactics[i].id, id) ||
		    !strcmp(mx_tactics[i].name, id))
			return &mx_tactics[i];
	return NULL;
}

const struct mx_technique *matrix_technique(const char *id)
{
	size_t i;

	for (i = 0; i < mx_ntechniques; i++)
		if (!strcmp(mx_techniques[i].id, id))
			return &mx_techniques[i];
	return NULL;
}

const struct mx_mitigation *matrix_mitigation(const char *id)
{
	size_t i;

	for (i = 0; i < mx_nmitigations; i++)
		if (!strcmp(mx_mitigations[i].id, id))
			return &mx_mitigations[i];
	return NULL;
}

const struct mx_attack *matrix_attack(const char *id)
{
	size_t i;

	for (i = 0; i < mx_nattack; i++)
		if (!strcmp(mx_attack[i].id, id))
			return &mx_attack[i];
	return NULL;
}

bool matrix_technique_in_tactic(const struct mx_technique *t,
				const char *tactic_id)
{
	const char *const *p;

	for (p = t->tactics; *p; p++)
		if (!strcmp(*p, tactic_id))
			return true;
	return false;
}

const char *matrix_observability_name(enum mx_observability o)
{
	switch (o) {
	case MX_OBS_CONFIG: return "config";
	case MX_OBS_PARTIAL: return "partial";
	case MX_OBS_RUNTIME: return "runtime";
	case MX_OBS_CLOUD: return "cloud";
	}
	return "unknown";
}

bool matrix_judgeable(const struct mx_technique *t)
{
	return t->observability == MX_OBS_CONFIG ||
	       t->observability == MX_OBS_PARTIAL;
}
