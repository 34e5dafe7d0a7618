/*
 * netpol.h - which pods NetworkPolicies select.
 *
 * A NetworkPolicy applies to the pods of its own namespace that its
 * spec.podSelector selects; an empty selector ({}) selects every pod of the
 * namespace, and a missing one is treated the same (the API server stores
 * an omitted podSelector as the empty selector).  Objects written without a
 * namespace share the "unspecified" namespace (kobj_ns() == "").
 *
 * Policy types follow the API: spec.policyTypes when present; otherwise
 * Ingress always, plus Egress when spec.egress is present.  A pod selected
 * by a policy of a type is isolated for that direction: only what some
 * selecting policy allows gets through.  A policy with only Egress does not
 * isolate ingress.
 *
 * netpol_build() indexes policies by namespace (malloc'ed, netpol_free());
 * it borrows the inventory.  Read-only after build.
 */
#ifndef THREATMAP_NETPOL_H
#define THREATMAP_NETPOL_H

#include <stdbool.h>
#include <stddef.h>

struct inventory;
struct kobj;
struct node;
struct pod_view;

/* Directions a policy isolates. */
void netpol_types(const struct kobj *np, bool *ingress, bool *egress);

/* NetworkPolicy np selects pods with these template labels (may be NULL). */
bool netpol_selects(const struct kobj *np, const struct node *labels);

struct netpol;

struct netpol *netpol_build(const struct inventory *inv);
void netpol_free(struct netpol *n);

/* How the pods of one pod view are covered. */
struct netpol_cover {
	const struct kobj *ingress_by; /* first policy isolating ingress */
	const struct kobj *egress_by;  /* first policy isolating egress */
	size_t ns_policies;	       /* policies in the pod's namespace */
};

/* Fill c for pv. */
void netpol_cover(const struct netpol *n, const struct pod_view *pv,
		  struct netpol_cover *c);

#endif
