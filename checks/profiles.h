/*
 * profiles.h - named check tables (checks/profiles.c) that `scan
 * --profile ID` runs instead of the registry.  The registry looks checks
 * up here too; profiles know nothing of the registry.
 */
#ifndef THREATMAP_CHECKS_PROFILES_H
#define THREATMAP_CHECKS_PROFILES_H

struct check;

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

#endif
