/*
 * source_snapshot.c - scanning a snapshot directory (--snapshot DIR): one
 * written by `kubectl-threatmap snapshot`, or a `kubectl cluster-info dump
 * --output-directory` folder.
 */
#include "source_snapshot.h"

#include "source_opts.h"

#include "diag.h"
#include "scan.h"
#include "kube/snapshot.h"

int source_snapshot_load(struct scan *s, const struct source_opts *o,
			 struct diag *d)
{
	struct snapshot_info m;
	int rc;

	rc = snapshot_read(s->arena, s->inv, o->snapshot, &m, &s->errors, d);
	if (rc)
		return rc;
	s->meta.source = "snapshot";
	s->meta.context = m.context;
	s->meta.cluster = m.cluster;
	s->meta.server_version = m.server_version;
	s->meta.collected_at = m.collected_at;
	return 0;
}
