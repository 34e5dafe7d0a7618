/*
 * bench_rbac.c - time the RBAC index and the paths to cluster-admin on a
 * generated RBAC set (tests/gen_rbac.py), apart from loading.
 *
 * usage: bench-rbac FILE    prints one line per stage, in milliseconds.
 * The analyses are run REPEAT times and the fastest run is printed, as
 * wall time and as the process's CPU time: on a shared machine the
 * minimum CPU time is the figure that says what the code costs.
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

#define REPEAT 5

static double clock_ms(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

static double cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

int main(int argc, char **argv)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };
	struct rbac_request rq = { "get", "", "secrets", "ns-0", NULL, NULL };
	struct escal_reach *reach;
	struct rbac *r;
	struct escal *e = NULL;
	size_t nodes, admins, n = 0, nb, i;
	double t0, t1, t2, t3, c0, c1, tr, best, cbest = 0, who = 0, cwho = 0;

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
	tr = t2 - t1;
	for (i = 0, best = 0; i < REPEAT; i++) {
		escal_free(e);
		t2 = now_ms();
		c0 = cpu_ms();
		e = escal_build(r, inv);
		c1 = cpu_ms();
		t3 = now_ms();
		if (!i || t3 - t2 < best)
			best = t3 - t2;
		if (!i || c1 - c0 < cbest)
			cbest = c1 - c0;
	}
	escal_stats(e, &nodes, &admins);
	rbac_bindings(r, &nb);
	printf("load+inventory %10.1f ms  %zu objects, %zu errors\n", t1 - t0,
	       inventory_size(inv), errs.n);
	printf("rbac index     %10.1f ms  %zu bindings\n", tr, nb);
	printf("paths to admin %10.1f ms  (%.1f ms CPU)  %zu subjects, %zu "
	       "reach cluster-admin\n",
	       best, cbest, nodes, admins);
	for (i = 0; i < REPEAT; i++) {
		t0 = now_ms();
		c0 = cpu_ms();
		n = escal_who_can(e, r, &rq, false, &reach);
		c1 = cpu_ms();
		t1 = now_ms();
		free(reach);
		if (!i || t1 - t0 < who)
			who = t1 - t0;
		if (!i || c1 - c0 < cwho)
			cwho = c1 - c0;
	}
	printf("who-can --effective %5.1f ms  (%.1f ms CPU)  %zu through "
	       "chains\n",
	       who, cwho, n);
	escal_free(e);
	rbac_free(r);
	inventory_free(inv);
	diag_list_release(&errs);
	arena_free(a);
	return 0;
}
