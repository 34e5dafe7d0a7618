/*
 * source_snapshot.c - hook for reading a snapshot directory (--snapshot).
 *
 * Not implemented yet: it says so, and the scan stops with a usage error.
 * The snapshot reader replaces this file.
 */
#include "source.h"

#include "diag.h"

int source_snapshot_load(struct scan *s, const struct source_opts *o,
			 struct diag *d)
{
	(void)s;
	return diag_set(d, DIAG_USAGE, NULL,
			"reading snapshots (--snapshot '%s') is not available "
			"in this version; scan the snapshot's JSON files with "
			"-R -f DIR instead",
			o->snapshot);
}
