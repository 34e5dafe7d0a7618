/*
 * rbac.h - offline Kubernetes RBAC: who may do what, and through which
 * binding.
 *
 * rbac_build() indexes the Roles, ClusterRoles, RoleBindings and
 * ClusterRoleBindings of an inventory the way the API server's RBAC
 * authorizer reads them:
 *
 *  - a RoleBinding grants its role's rules in its own namespace only, also
 *    when the role is a ClusterRole; a ClusterRoleBinding grants them in
 *    every namespace and for cluster-scoped and non-resource requests;
 *  - a ClusterRole with an aggregationRule holds the union of the rules of
 *    every ClusterRole its clusterRoleSelectors select (matchLabels and
 *    matchExpressions), resolved to a fixpoint so chains and cycles work;
 *    the rules written in an aggregated role are ignored, as the controller
 *    overwrites them;
 *  - subjects are matched by user name and groups.  A ServiceAccount
 *    subject is the user "system:serviceaccount:NS:NAME"; without a
 *    namespace it takes the RoleBinding's (and matches nothing in a
 *    ClusterRoleBinding).  A service account is also in the groups
 *    system:serviceaccounts, system:serviceaccounts:NS and
 *    system:authenticated; every other user except system:anonymous is in
 *    system:authenticated; system:anonymous is in system:unauthenticated;
 *  - rule matching follows the authorizer exactly: "*" verbs, groups and
 *    resources; "*" + "/" + subresource; a rule with resourceNames matches
 *    only requests naming one of them (never a list or a create of the
 *    collection); nonResourceURLs match exactly or by a trailing "*" prefix.
 *
 * Bindings whose role does not exist are kept (role NULL): they grant
 * nothing now and everything the role gets once someone creates it.
 *
 * Cost: building is linear in roles, rules, bindings and subjects, plus
 * (aggregated ClusterRoles x ClusterRoles) selector tests.  rbac_can() looks
 * at the bindings of the identity's names only; rbac_who_can() tests each
 * role once per query.
 *
 * Memory: every struct here lives in the arena given to rbac_build(); the
 * indexes are malloc'ed and released by rbac_free().  After build the
 * struct is read-only and may be shared by threads.
 */
#ifndef THREATMAP_RBAC_H
#define THREATMAP_RBAC_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct findings;
struct inventory;
struct kobj;
struct node;
struct rbac;
struct rbac_role;

/* One PolicyRule; string lists are borrowed from the tree. */
struct rbac_rule {
	const char *const *verbs;
	size_t nverbs;
	const char *const *groups;
	size_t ngroups;
	const char *const *resources;
	size_t nresources;
	const char *const *names; /* resourceNames */
	size_t nnames;
	const char *const *urls; /* nonResourceURLs */
	size_t nurls;
	const struct rbac_role *origin; /* the role that wrote the rule */
	size_t index;			/* in origin's rules: rules[index] */
	const struct node *at;		/* the rule object */
	size_t id;			/* dense, for marks */
};

struct rbac_role {
	const struct kobj *obj;
	bool cluster;	/* ClusterRole */
	const char *ns; /* Role: namespace ("" unspecified); else NULL */
	const char *name;
	bool aggregated; /* has an aggregationRule */
	bool
	    is_default; /* labelled kubernetes.io/bootstrapping=rbac-defaults */
	/* not in the input: a bootstrap role every cluster has */
	bool implied;
	/* implied and aggregated: the label whose roles it collects */
	const char *collects;
	/* effective rules: its own, or for an aggregated role the union */
	const struct rbac_rule *const *rules;
	size_t nrules;
	size_t id;
};

enum rbac_subject_kind {
	RBAC_USER,
	RBAC_GROUP,
	RBAC_SERVICEACCOUNT,
	RBAC_OTHER, /* unknown kind: matches nobody */
};

struct rbac_subject {
	enum rbac_subject_kind kind;
	const char *kind_name; /* as written */
	const char *name;
	const char *ns;	   /* ServiceAccount: effective namespace or NULL */
	bool ns_defaulted; /* taken from the RoleBinding's namespace */
	const char *user;  /* RBAC_USER and service accounts: the user name */
	const struct node *at; /* subjects[index] */
	size_t index;
	size_t
	    refs; /* rbac_refs_at() id of the name it is filed under; 0 none */
};

struct rbac_binding {
	const struct kobj *obj;
	bool cluster;	       /* ClusterRoleBinding */
	const char *ns;	       /* RoleBinding: namespace ("" unspecified) */
	const char *role_kind; /* roleRef.kind as written */
	const char *role_name;
	const struct node *role_ref;
	const struct rbac_role *role; /* NULL: missing (dangling) or invalid */
	bool bad_ref; /* roleRef kind impossible for this binding */
	const struct rbac_subject *subjects;
	size_t nsubjects;
	bool is_default; /* a bootstrap binding to system components */
};

/*
 * Who asks: a user name and groups, as the authenticator would hand them
 * over.  rbac_identity_user() and rbac_identity_sa() add the implicit groups.
 */
struct rbac_identity {
	const char *user; /* may be "" for a group-only question */
	const char *const *groups;
	size_t ngroups;
};

/*
 * A request.  Resource requests set resource ("pods", or "pods/exec" for a
 * subresource); group "" is the core group.  ns NULL or "" asks cluster-wide
 * (cluster-scoped objects, or all namespaces at once).  name NULL means the
 * request names no object (list, watch, create, deletecollection).  A
 * non-resource request sets path ("/healthz") and leaves resource NULL.
 */
struct rbac_request {
	const char *verb;
	const char *group;
	const char *resource;
	const char *ns;
	const char *name;
	const char *path;
};

/* Why a request is allowed: the binding, its subject that matched, the rule. */
struct rbac_grant {
	const struct rbac_binding *binding;
	const struct rbac_subject *subject;
	const struct rbac_rule *rule;
};

/* Which bindings rbac_each_grant() walks. */
enum rbac_each {
	RBAC_EACH_NO_DEFAULT = 1u << 0, /* skip the bootstrap bindings */
	RBAC_EACH_WITH_ROLE = 1u << 1, /* skip bindings whose role is missing */
	RBAC_EACH_WITH_RULES = 1u << 2, /* skip roles without rules */
	RBAC_EACH_CLUSTER = 1u << 3,	/* ClusterRoleBindings only */
	RBAC_EACH_NAMESPACED = 1u << 4, /* RoleBindings only */
};

/*
 * The binding x subject walk of an RBAC check, as a const table in the
 * check's file.
 */
struct rbac_walk {
	unsigned flags; /* enum rbac_each bits */
	/*
	 * The rule of b's role that makes b worth reporting, or NULL to skip
	 * b.  Called once per binding, before fn sees its subjects, so it may
	 * leave more for fn in ctx.  A NULL rule_of keeps every binding, and
	 * fn then sees rule NULL.
	 */
	const struct rbac_rule *(*rule_of)(const struct rbac *r,
					   const struct rbac_binding *b,
					   void *ctx);
	/* One subject of a kept binding: g->binding, g->subject, g->rule. */
	void (*fn)(struct findings *out, const struct rbac *r,
		   const struct rbac_grant *g, void *ctx);
};

/*
 * Run w over every binding of r in inventory order and every subject of
 * each binding in subject order: the run function of most RBAC checks.
 */
void rbac_each_grant(const struct rbac *r, const struct rbac_walk *w, void *ctx,
		     struct findings *out);

/*
 * Index the RBAC objects of inv (which must be finished).  Malformed
 * objects (no roleRef, a rule that is no object) are skipped field by
 * field, as the API server would have refused them.  Never NULL; free with
 * rbac_free().
 */
struct rbac *rbac_build(struct arena *a, const struct inventory *inv);
void rbac_free(struct rbac *r);

/* Every role and binding, in inventory order. */
const struct rbac_role *const *rbac_roles(const struct rbac *r, size_t *n);
const struct rbac_binding *const *rbac_bindings(const struct rbac *r,
						size_t *n);

/* Role by kind ("Role" or "ClusterRole"), namespace (Role) and name. */
const struct rbac_role *rbac_find_role(const struct rbac *r, const char *kind,
				       const char *ns, const char *name);

/*
 * Identities, with strings and group lists in the rbac's arena.
 * rbac_identity_user(): user name plus extra groups (may be NULL/0); adds
 * system:authenticated, or system:unauthenticated for system:anonymous; a
 * name of the form system:serviceaccount:NS:NAME is treated as that service
 * account.  rbac_identity_sa(): the service account NS/NAME.
 * rbac_identity_group(): members of one group only, no user name.
 * Not thread safe (they allocate in the arena).
 */
void rbac_identity_user(struct rbac *r, const char *user,
			const char *const *groups, size_t ngroups,
			struct rbac_identity *out);
void rbac_identity_sa(struct rbac *r, const char *ns, const char *name,
		      struct rbac_identity *out);
void rbac_identity_group(struct rbac *r, const char *group,
			 struct rbac_identity *out);

/* The authorizer's match of one rule against a request. */
bool rbac_rule_allows(const struct rbac_rule *rule,
		      const struct rbac_request *rq);

/* A rule of role allows rq (first one in *rule when not NULL). */
bool rbac_role_allows(const struct rbac_role *role,
		      const struct rbac_request *rq,
		      const struct rbac_rule **rule);

/*
 * The binding applies to rq's namespace (a ClusterRoleBinding always; a
 * RoleBinding when rq names its namespace, for resource requests only) and
 * its role allows rq.
 */
bool rbac_binding_allows(const struct rbac_binding *b,
			 const struct rbac_request *rq,
			 const struct rbac_rule **rule);

/* Subject s of binding b names id. */
bool rbac_subject_matches(const struct rbac_subject *s,
			  const struct rbac_identity *id);

/*
 * The first ClusterRoleBinding (inventory order) whose roleRef names
 * ClusterRole clusterrole, as written (the role need not be in the input),
 * and whose subjects name ServiceAccount ns/name; *subj (may be NULL) gets
 * that subject.  NULL when there is none.
 */
const struct rbac_binding *
rbac_sa_cluster_binding(const struct rbac *r, const char *ns, const char *name,
			const char *clusterrole,
			const struct rbac_subject **subj);

/*
 * Can id do rq?  When allowed and why is not NULL, *why names the first
 * binding, subject and rule found (ClusterRoleBindings before
 * RoleBindings).
 */
bool rbac_can(const struct rbac *r, const struct rbac_identity *id,
	      const struct rbac_request *rq, struct rbac_grant *why);

/*
 * Who can do rq: one grant per (binding, subject) whose binding allows rq.
 * With any_ns, the RoleBindings of every namespace count too (rq->ns is
 * ignored): "who can do this somewhere".  Subjects are as written (a group
 * stays a group).  Returns the count; *out is malloc'ed (caller frees),
 * NULL when empty.  Order: inventory order of bindings, then subjects.
 */
size_t rbac_who_can(const struct rbac *r, const struct rbac_request *rq,
		    bool any_ns, struct rbac_grant **out);

/*
 * Every rule id holds: one grant per (binding, subject, rule) whose subject
 * names id; the binding's namespace (NULL for a ClusterRoleBinding) says
 * where the rule applies.  *out malloc'ed as above.
 */
size_t rbac_rules_of(const struct rbac *r, const struct rbac_identity *id,
		     struct rbac_grant **out);

/*
 * The index rbac_can() reads: the (binding, subject) pairs naming user name
 * (group false) or group name, in inventory order.  *out is borrowed from r
 * (NULL when none); returns the count.  For analyses that walk every
 * subject's bindings without collecting rules.
 */
struct rbac_ref {
	const struct rbac_binding *b;
	const struct rbac_subject *s;
};
size_t rbac_refs(const struct rbac *r, bool group, const char *name,
		 const struct rbac_ref **out);

/*
 * The same lists by dense id, 1 to rbac_refs_count(): a subject's refs
 * field, or rbac_refs_id() of a name (0 when no binding names it), so that
 * an analysis keeps per-name arrays instead of hashing names again.
 */
size_t rbac_refs_id(const struct rbac *r, bool group, const char *name);
size_t rbac_refs_at(const struct rbac *r, size_t id,
		    const struct rbac_ref **out);
size_t rbac_refs_count(const struct rbac *r);

/*
 * Text of a rule for messages and evidence, in the arena:
 * "verbs=[get,list] apiGroups=[\"\"] resources=[secrets]".
 */
const char *rbac_rule_text(struct arena *a, const struct rbac_rule *rule);

/*
 * "User alice", "Group g", "ServiceAccount ns/name"; a service account
 * whose namespace was not written adds "(namespace taken from the
 * binding)".
 */
const char *rbac_subject_text(struct arena *a, const struct rbac_subject *s);

/*
 * What names one subject wherever it is bound, for matching grants left
 * to a subject's finding with that finding (finding_fold()): "User
 * alice", "ServiceAccount ns/name" (the effective namespace), in buf of
 * RBAC_SUBJECT_KEY bytes (a longer one is cut, the same way each time).
 * rbac_subject_key_of() makes it from a subject's kind, effective
 * namespace (service accounts) and name.
 */
#define RBAC_SUBJECT_KEY 640
const char *rbac_subject_key(char *buf, const struct rbac_subject *s);
const char *rbac_subject_key_of(char *buf, const char *kind, const char *ns,
				const char *name);

/*
 * A system component: a user or group named "system:..." other than the
 * public groups and users (system:anonymous, system:unauthenticated,
 * system:authenticated, system:serviceaccounts[:NS]) and service accounts.
 */
bool rbac_subject_is_system(const struct rbac_subject *s);

/*
 * A subject everyone, or every pod, is in: system:anonymous,
 * system:unauthenticated, system:authenticated, system:serviceaccounts and
 * system:serviceaccounts:NS.
 */
bool rbac_subject_is_public(const struct rbac_subject *s);

/*
 * Resolve a kubectl resource argument offline, as discovery would:
 * "pods", "po", "deployments.apps", "deploy", "cronjobs.batch"...  Known
 * built-in names and short names give their plural resource, API group and
 * scope; "NAME.GROUP" of an unknown resource is split at the first dot;
 * an unknown bare name is taken as a core resource (*known false); "*" is
 * every resource of every group.
 * Strings are static or in arena a.
 */
void rbac_resolve_resource(struct arena *a, const char *arg,
			   const char **resource, const char **group,
			   bool *cluster_scoped, bool *known);

#endif
