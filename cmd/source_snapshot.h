/*
 * source_snapshot.h - the snapshot source: a directory `snapshot` wrote.
 */
#ifndef THREATMAP_SOURCE_SNAPSHOT_H
#define THREATMAP_SOURCE_SNAPSHOT_H

struct diag;
struct scan;
struct source_opts;

/* Fill s from the snapshot directory o->snapshot (source.h's hook). */
int source_snapshot_load(struct scan *s, const struct source_opts *o,
			 struct diag *d);

#endif
