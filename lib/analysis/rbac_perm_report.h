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

/*
 * For the RBAC checks outside the catalogue that report one permission
 * the same way.  rbac_perm_rule_wild(): the rule of role that grants p
 * for a binding of that scope, full wildcards included; *wild says
 * whether only a "*" on "*" rule does.  NULL when none does.
 */
struct escal;
struct rbac_binding;
struct rbac_role;
struct rbac_rule;
struct rbac_subject;
const struct rbac_rule *rbac_perm_rule_wild(const struct rbac_role *role,
					    const struct rbac_perm *p,
					    const char *ns, bool cluster,
					    bool *wild);

/*
 * Check c found s's grant through b.  True when the grant is said by
 * another finding and was folded into it (finding_fold()): a "*" on "*"
 * rule (wild), whose finding is the wildcard checks', or a subject that
 * escal (may be NULL) finds effectively cluster-admin, said once by the
 * escalation checks.  The caller reports the grant when false.
 */
bool rbac_grant_folded(struct findings *out, const struct check *c,
		       const struct escal *escal, const struct rbac_subject *s,
		       const struct rbac_binding *b, bool wild);

/*
 * The run function of a check outside the catalogue that reports one
 * permission p: each grant of p through a non-bootstrap binding, to a
 * subject that can authenticate, is folded (rbac_grant_folded()) or
 * handed to say(), which adds the finding on the binding (and may raise
 * or lower its severity); the grant's evidence is then added to it.
 */
struct rbac_grant;
struct finding;
struct rbac;
struct rbac_one {
	const struct check *check;
	const struct rbac_perm *perm;
	struct finding *(*say)(struct findings *out, const struct rbac *r,
			       const struct rbac_grant *g);
};
int rbac_one_report(const struct scan *s, const struct rbac_one *one,
		    struct findings *out);

/*
 * Where binding b applies, for a message: "in every namespace", "in
 * namespace N", "in the binding's (unspecified) namespace".
 */
const char *rbac_binding_where(struct arena *a, const struct rbac_binding *b);

#endif
