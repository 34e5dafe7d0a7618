/*
 * paths.h - attack paths: chains of hops from an entry point to a prize.
 *
 * Three chains are built, each reported as one finding whose hops carry
 * the evidence of every step:
 *
 *  - exposed Service or Ingress -> pod -> mounted service account token ->
 *    dangerous permission of that service account;
 *  - exposed pod -> privileged or host-namespace or host-mounting container
 *    -> node;
 *  - pod -> mounted token of a service account that can create pods ->
 *    every service account of that namespace (the most powerful one named).
 *
 * Exposure comes from exposure.h (LoadBalancer, NodePort, externalIPs,
 * Ingress; internal load balancers do not count).  Cutting any hop (no
 * exposure, automountServiceAccountToken false, the binding removed, no
 * privileged setting) removes the path.
 *
 * Everything reads the scan (inventory and RBAC) and keeps no state, so
 * the path checks may run in parallel.
 */
#ifndef THREATMAP_PATHS_H
#define THREATMAP_PATHS_H

#include <stdbool.h>
#include <stddef.h>

struct check;
struct findings;
struct scan;

/* Run functions of the path checks (checks/path_*.c). */
int paths_exposed_token(const struct scan *s, const struct check *c,
			struct findings *out);
int paths_exposed_node(const struct scan *s, const struct check *c,
		       struct findings *out);
int paths_pod_create_pivot(const struct scan *s, const struct check *c,
			   struct findings *out);

#endif
