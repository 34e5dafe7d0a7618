/*
 * hostpath.h - what sensitive-hostpath judges, for hostpath-volume: a
 * hostPath volume is reported by exactly one of the two checks.
 */
#ifndef THREATMAP_HOSTPATH_H
#define THREATMAP_HOSTPATH_H

#include <stdbool.h>

struct node;

/*
 * sensitive-hostpath reports hostPath volume `volume` (a spec.volumes[]
 * item) mounted with subPath sub (may be NULL) and readonly as given.
 */
bool hostpath_is_sensitive(const struct node *volume, const char *sub,
			   bool readonly);

#endif
