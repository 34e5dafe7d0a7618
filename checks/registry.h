/*
 * registry.h - every check the tool knows, in report order.
 *
 * The table is const and static; lookups are thread safe.
 */
#ifndef THREATMAP_CHECKS_REGISTRY_H
#define THREATMAP_CHECKS_REGISTRY_H

#include <stddef.h>

#include "checks/profiles.h"
#include "load/prune.h"

struct check;

/* Every check, NULL-terminated, in a stable order. */
extern const struct check *const check_registry[];

/* Check by id, in the registry or in any profile, or NULL. */
const struct check *check_find(const char *id);

/*
 * What the checks and analyses read of a status, a pod spec and a
 * container (checks/fields.def), for prune_set_reads() before loading.
 */
extern const struct prune_read check_reads[];

/* Number of checks in the registry. */
size_t check_count(void);

#endif
