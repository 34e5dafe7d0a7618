/*
 * prune.h - what is dropped or blanked from every object read, by the
 * loader (files, snapshots) and by the live client alike.
 *
 * managedFields and the last-applied-configuration annotation repeat the
 * object and would double the memory of a scan; Secret values are never
 * kept, so no report or snapshot can leak them (their keys stay, for the
 * checks that look at which keys exist).  One table says it for both.
 */
#ifndef THREATMAP_PRUNE_H
#define THREATMAP_PRUNE_H

#include <stdbool.h>
#include <stddef.h>

/* Where a member sits in an object. */
enum prune_at {
	PRUNE_AT_ROOT,	      /* a member of the object itself */
	PRUNE_AT_METADATA,    /* a member of metadata */
	PRUNE_AT_ANNOTATIONS, /* a member of metadata.annotations */
};

enum prune_action {
	PRUNE_KEEP,
	PRUNE_DROP,	    /* leave the member out */
	PRUNE_BLANK_VALUES, /* keep the keys of the object, values "" */
};

/*
 * What happens to member (key, len) at at of an object of kind (NULL:
 * not known yet).  A rule for one kind only (Secret data) answers
 * PRUNE_KEEP while the kind is unknown; prune_depends_on_kind() tells the
 * streaming loader to look again once it is.
 */
enum prune_action prune_member(enum prune_at at, const char *kind,
			       const char *key, size_t len);

/* Does a rule for (key, len) at at apply to one kind only? */
bool prune_depends_on_kind(enum prune_at at, const char *key, size_t len);

#endif
