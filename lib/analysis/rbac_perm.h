/*
 * rbac_perm.h - the catalogue of dangerous RBAC permissions, and the
 * helpers the rbac-* checks share.
 *
 * A permission is held when any one of its requests is allowed (and, for
 * a permission with an "also" part such as CSR approval, every request of
 * that part too, possibly through other bindings of the same subject).
 * Requests about cluster-scoped objects (cluster_any) carry no namespace,
 * so a RoleBinding never grants them.
 * Requests name no object unless the permission is about one object (the
 * coredns ConfigMap) or one of its requests is (impersonating the group
 * system:masters), so a rule restricted by resourceNames grants the
 * permission only when it names that object.
 *
 * Everything here reads a built struct rbac and allocates findings in the
 * caller's struct findings; no other state, so checks may run in parallel.
 */
#ifndef THREATMAP_RBAC_PERM_H
#define THREATMAP_RBAC_PERM_H

#include <stdbool.h>
#include <stddef.h>

struct findings;
struct rbac;
struct rbac_binding;
struct rbac_grant;
struct rbac_identity;
struct rbac_role;
struct rbac_rule;
struct rbac_subject;

struct rbac_perm_req {
	const char *verb;
	const char *group;
	const char *resource;
};

enum rbac_perm_id {
	RBAC_PERM_READ_SECRETS,
	RBAC_PERM_EXEC,
	RBAC_PERM_CREATE_WORKLOADS,
	RBAC_PERM_ESCALATE,
	RBAC_PERM_NODES_PROXY,
	RBAC_PERM_SA_TOKEN,
	RBAC_PERM_CSR_APPROVE,
	RBAC_PERM_WEBHOOKS,
	RBAC_PERM_COREDNS,
	RBAC_PERM_DELETE_EVENTS,
	RBAC_PERM_WILDCARD,
	RBAC_PERM_COUNT,
};

struct rbac_perm {
	const char *id;	       /* "read-secrets" */
	const char *what;      /* "read secrets" (after "can") */
	bool cluster_scoped;   /* only ClusterRoleBindings can grant it */
	const char *ns, *name; /* one object only (coredns), else NULL */
	const struct rbac_perm_req *any;
	size_t nany;
	/* more of any, about cluster-scoped objects: ClusterRoleBinding only */
	const struct rbac_perm_req *cluster_any;
	size_t ncluster_any;
	const struct rbac_perm_req *also; /* all required as well */
	size_t nalso;
	/* the objects the also requests name (any one will do); none: none */
	const char *const *also_names;
	size_t nalso_names;
	/*
	 * more of any, each about one object it names (cluster_names[i] for
	 * cluster_named[i]), asked with no namespace: ClusterRoleBinding
	 * only.  A rule restricted by resourceNames to that object grants
	 * it, as an unrestricted one does.
	 */
	const struct rbac_perm_req *cluster_named;
	const char *const *cluster_names;
	size_t ncluster_named;
};

extern const struct rbac_perm rbac_perms[RBAC_PERM_COUNT];

/* The rule is `*` verbs on `*` resources of `*` groups. */
bool rbac_rule_is_wildcard(const struct rbac_rule *rule);

/*
 * A rule of role grants the "any" part of p for a binding of scope ns
 * (NULL: a ClusterRoleBinding).  With skip_wildcard, full-wildcard rules
 * do not count (they are reported by the wildcard checks instead).  NULL
 * when none does or the scope cannot hold p.
 */
const struct rbac_rule *rbac_perm_rule(const struct rbac_role *role,
				       const struct rbac_perm *p,
				       const char *ns, bool cluster,
				       bool skip_wildcard);

/*
 * What the rules of role grant of p through a binding of that scope, in
 * words (after "can") for the permissions of several kinds of request
 * (exec, create-workloads, escalate): the phrases of the requests
 * allowed, each once, in catalogue order, joined ("exec into pods and
 * attach to pods"); p->what for the others or when none is allowed.
 * Allocated in a.
 */
struct arena;
const char *rbac_perm_granted(struct arena *a, const struct rbac_role *role,
			      const struct rbac_perm *p, const char *ns,
			      bool cluster, bool skip_wildcard);

/*
 * A rule of role restricted by resourceNames that grants p, for a binding
 * of that scope, on the objects it names (asked about its first name: the
 * others share its verbs and resources), or NULL.  Only requests that name
 * their object count (not create, list or deletecollection of an object,
 * which resourceNames never grants), and never for a permission about one
 * object of its own (p->name).  rbac_perm_rule() leaves such rules out:
 * they reach the objects named, not every one.
 */
const struct rbac_rule *rbac_perm_rule_named(const struct rbac_role *role,
					     const struct rbac_perm *p,
					     const char *ns, bool cluster);

/* rbac_perm_granted() of that one rule, on the objects it names. */
const char *rbac_perm_granted_named(struct arena *a,
				    const struct rbac_rule *rule,
				    const struct rbac_perm *p, const char *ns,
				    bool cluster);

/*
 * The identity a binding subject stands for, built in caller storage:
 * groups[4] and buf (for "system:serviceaccounts:NS") of n bytes.  False
 * for subjects that match nobody.
 */
bool rbac_subject_identity(const struct rbac_subject *s, const char **groups,
			   char *buf, size_t n, struct rbac_identity *id);

/*
 * Does id hold p anywhere (any binding, any namespace)?  The first grant
 * found goes to *why (may be NULL); *ns_out (may be NULL) receives the
 * namespace it applies in, NULL for cluster-wide.
 */
bool rbac_perm_held(const struct rbac *r, const struct rbac_identity *id,
		    const struct rbac_perm *p, struct rbac_grant *why,
		    const char **ns_out);

/*
 * rbac_perm_held() on the rules of one identity, g and n as
 * rbac_rules_of() gives them: for asking about several permissions of one
 * identity without gathering its rules again each time.
 */
bool rbac_perm_held_in(const struct rbac_grant *g, size_t n,
		       const struct rbac_perm *p, struct rbac_grant *why,
		       const char **ns_out);

/*
 * Can subject s hold p through binding b?  It names someone who can
 * authenticate (a user, a group, a service account with a namespace) and,
 * when p needs companion permissions ("also" parts), holds them in the
 * binding's scope as well.
 */
bool rbac_perm_subject_fits(const struct rbac *r, const struct rbac_subject *s,
			    const struct rbac_perm *p,
			    const struct rbac_binding *b);

/*
 * The first catalogue permission (wildcard included, "also" parts ignored)
 * a rule of role grants for a binding of that scope, or NULL.
 */
const struct rbac_perm *rbac_perm_any(const struct rbac_role *role,
				      const char *ns, bool cluster);

/* Evidence for one (binding, subject, rule) grant on finding fd. */
struct finding;
void rbac_grant_evidence(struct findings *out, struct finding *fd,
			 const struct rbac_binding *b,
			 const struct rbac_subject *s,
			 const struct rbac_rule *rule);

#endif
