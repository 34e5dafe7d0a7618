/*
 * registry.h - every check the tool knows, in report order.
 *
 * The table is const and static; lookups are thread safe.
 */
#ifndef THREATMAP_CHECKS_REGISTRY_H
#define THREATMAP_CHECKS_REGISTRY_H

#include <stddef.h>

struct check;

/* Every check, NULL-terminated, in a stable order. */
extern const struct check *const check_registry[];

/* Check by id, in the registry or in any profile, or NULL. */
const struct check *check_find(const char *id);

/*
 * A profile: a named check table that `scan --profile ID` runs instead of
 * the registry (checks/profiles.c).
 */
struct profile {
	const char *id;	   /* "pss-restricted" */
	const char *title; /* "Pod Security Standards: restricted" */
	const struct check *const *checks; /* NULL-terminated */
};

/* Every profile, NULL-terminated. */
extern const struct profile *const profile_registry[];

/* Every check of any profile, once each, NULL-terminated. */
extern const struct check *const profile_checks[];

/* Profile by id, or NULL. */
const struct profile *profile_find(const char *id);

/* The first profile holding check c, or NULL for registry checks. */
const struct profile *profile_of(const struct check *c);

/* Number of checks in the registry. */
size_t check_count(void);

#endif
