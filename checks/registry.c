/*
 * registry.c - the check table.  A new check is one file in checks/ plus
 * one line in checks.def.  Order is the order of reports.
 */
#include "checks/registry.h"

#include "check.h"
#include "load/prune.h"

#define CHECK(name) extern const struct check check_##name;
#include "checks.def"
#undef CHECK

const struct check *const check_registry[] = {
#define CHECK(name) &check_##name,
#include "checks.def"
#undef CHECK
	NULL,
};

const struct check *check_find(const char *id)
{
	const struct check *c = check_table_find(check_registry, id);

	return c ? c : check_table_find(profile_checks, id);
}

size_t check_count(void)
{
	return sizeof(check_registry) / sizeof(check_registry[0]) - 1;
}

const struct prune_read check_reads[] = {
#define READ(place, kind, member) { PRUNE_##place, kind, member },
#include "fields.def"
#undef READ
	{ PRUNE_STATUS, NULL, NULL },
};
