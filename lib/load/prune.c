#include "load/prune.h"

#include <string.h>

/* A small constant table: field order follows reading order. */
static const struct
    prune_rule { /* NOLINT(clang-analyzer-optin.performance.Padding) */
	enum prune_at at;
	const char *key;
	const char *kind; /* NULL: every kind */
	enum prune_action action;
} rules[] = {
	{ PRUNE_AT_METADATA, "managedFields", NULL, PRUNE_DROP },
	{ PRUNE_AT_ANNOTATIONS,
	  "kubectl.kubernetes.io/last-applied-configuration", NULL,
	  PRUNE_DROP },
	{ PRUNE_AT_ROOT, "data", "Secret", PRUNE_BLANK_VALUES },
	{ PRUNE_AT_ROOT, "stringData", "Secret", PRUNE_BLANK_VALUES },
};

static bool rule_is(const struct prune_rule *r, enum prune_at at,
		    const char *key, size_t len)
{
	return r->at == at && strlen(r->key) == len &&
	       !memcmp(r->key, key, len);
}

enum prune_action prune_member(enum prune_at at, const char *kind,
			       const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rule_is(&rules[i], at, key, len) &&
		    (!rules[i].kind || (kind && !strcmp(kind, rules[i].kind))))
			return rules[i].action;
	return PRUNE_KEEP;
}

bool prune_depends_on_kind(enum prune_at at, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rule_is(&rules[i], at, key, len) && rules[i].kind)
			return true;
	return false;
}
