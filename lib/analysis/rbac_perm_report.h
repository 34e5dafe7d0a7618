/*
 * rbac_perm_report.h - the run function of the RBAC catalogue checks.
 *
 * It sits above the permission catalogue (rbac_perm.h) and the escalation
 * graph (escalation.h), which both sit below it: a subject whose
 * permission makes it effectively cluster-admin is reported here, a
 * subject that reaches cluster-admin only through a chain is left to
 * rbac-cluster-admin-equivalent.
 */
#ifndef THREATMAP_RBAC_PERM_REPORT_H
#define THREATMAP_RBAC_PERM_REPORT_H

#include "analysis/rbac_perm.h"

struct check;
struct findings;
struct scan;

/*
 * The run function of a catalogue check: one finding per (non-default
 * binding, subject) granting p, on the binding, naming subject, scope, role
 * and rule.  Full-wildcard rules are left to the wildcard checks.
 */
int rbac_perm_report(const struct scan *s, const struct check *c,
		     enum rbac_perm_id p, struct findings *out);

#endif
