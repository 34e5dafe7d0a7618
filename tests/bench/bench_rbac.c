/*
 * bench_rbac.c - time the RBAC index and the paths to cluster-admin on a
 * generated RBAC set (tests/gen_rbac.py), apart from loading.
 *
 * usage: bench-rbac FILE    prints one line per stage, in milliseconds.
 * A benchmark is a program, not a test: make bench runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };
	struct rbac_request rq = { "get", "", "secrets", "ns-0", NULL, NULL };
	struct escal_reach *reach;
	struct rbac *r;
	struct escal *e;
	size_t nodes, admins, n, nb;
	double t0, t1, t2, t3;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-rbac FILE\n");
		return 2;
	}
	t0 = now_ms();
	load_path(a, inv, argv[1], false, NULL, &errs);
	inventory_finish(inv);
	t1 = now_ms();
	r = rbac_build(a, inv);
	t2 = now_ms();
	e = escal_build(r, inv);
	t3 = now_ms();
	escal_stats(e, &nodes, &admins);
	rbac_bindings(r, &nb);
	printf("load+inventory %10.1f ms  %zu objects, %zu errors\n", t1 - t0,
	       inventory_size(inv), errs.n);
	printf("rbac index     %10.1f ms  %zu bindings\n", t2 - t1, nb);
	printf("paths to admin %10.1f ms  %zu subjects, %zu reach "
	       "cluster-admin\n",
	       t3 - t2, nodes, admins);
	t0 = now_ms();
	n = escal_who_can(e, r, &rq, false, &reach);
	t1 = now_ms();
	printf("who-can --effective %5.1f ms  %zu through chains\n", t1 - t0,
	       n);
	free(reach);
	escal_free(e);
	rbac_free(r);
	inventory_free(inv);
	diag_list_release(&errs);
	arena_free(a);
	return 0;
}
