#include "analysis/rbac.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "sbuf.h"
#include "selector.h"
#include "strmap.h"

#define RBAC_GROUP_NAME "rbac.authorization.k8s.io"
#define SA_PREFIX	"system:serviceaccount:"
#define SA_GROUP	"system:serviceaccounts"

/* One subject of one binding, filed under the user or group it names. */
struct sref_list {
	struct rbac_ref *v;
	size_t n, alloc;
	size_t id; /* in rbac.lists */
};

struct rbac {
	struct arena *arena;
	const struct rbac_role **roles;
	size_t nroles, aroles;
	const struct rbac_binding **bindings;
	size_t nbindings, abindings;
	size_t nrules;
	struct strmap role_by_key; /* "Kind\x1fns\x1fname" -> role */
	struct strmap subj;	   /* "u\x1fuser" / "g\x1fgroup" -> sref_list */
	const struct sref_list **lists; /* by id */
	size_t nlists, alists;
};

static void *grow(void *v, size_t *alloc, size_t n, size_t size)
{
	if (n < *alloc)
		return v;
	*alloc = *alloc ? *alloc * 2 : 16;
	return xrealloc_array(v, *alloc, size);
}

static bool has_prefix(const char *s, const char *p)
{
	return s && !strncmp(s, p, strlen(p));
}

static bool streq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The strings of a string array node, in the arena. */
static const char *const *str_list(struct arena *a, const struct node *arr,
				   size_t *n)
{
	size_t i, cnt = node_count(arr), k = 0;
	const char **v;

	*n = 0;
	if (!cnt)
		return NULL;
	v = arena_calloc(a, cnt, sizeof(*v));
	for (i = 0; i < cnt; i++) {
		const char *s = node_str(node_at(arr, i));
		if (s)
			v[k++] = s;
	}
	*n = k;
	return v;
}

static char *role_key(struct arena *a, const char *kind, const char *ns,
		      const char *name)
{
	return arena_printf(a, "%s\x1f%s\x1f%s", kind,
			    strcmp(kind, "Role") ? "" : (ns ? ns : ""), name);
}

/* ---- roles ---------------------------------------------------------- */

static struct rbac_rule *parse_rule(struct rbac *r, struct rbac_role *role,
				    const struct node *n, size_t index)
{
	struct rbac_rule *rule = arena_alloc(r->arena, sizeof(*rule));

	rule->verbs = str_list(r->arena, node_get(n, "verbs"), &rule->nverbs);
	rule->groups =
	    str_list(r->arena, node_get(n, "apiGroups"), &rule->ngroups);
	rule->resources =
	    str_list(r->arena, node_get(n, "resources"), &rule->nresources);
	rule->names =
	    str_list(r->arena, node_get(n, "resourceNames"), &rule->nnames);
	rule->urls =
	    str_list(r->arena, node_get(n, "nonResourceURLs"), &rule->nurls);
	rule->origin = role;
	rule->index = index;
	rule->at = n;
	rule->id = r->nrules++;
	return rule;
}

static void add_role(struct rbac *r, const struct kobj *o, bool cluster)
{
	struct rbac_role *role = arena_alloc(r->arena, sizeof(*role));
	const struct node *rules = node_get(o->root, "rules");
	const struct rbac_rule **v;
	size_t i, n = node_count(rules);
	char *key;
	void **slot;

	role->obj = o;
	role->cluster = cluster;
	role->implied = false;
	role->collects = NULL;
	role->ns = cluster ? NULL : kobj_ns(o);
	role->name = o->name;
	role->aggregated =
	    cluster && node_get(o->root, "aggregationRule") &&
	    !node_is(node_get(o->root, "aggregationRule"), NODE_NULL);
	role->is_default =
	    node_str_eq(node_get(o->labels, "kubernetes.io/bootstrapping"),
			"rbac-defaults");
	role->id = r->nroles;
	v = n ? arena_calloc(r->arena, n, sizeof(*v)) : NULL;
	for (i = 0; i < n; i++)
		if (node_is(node_at(rules, i), NODE_OBJECT))
			v[role->nrules++] =
			    parse_rule(r, role, node_at(rules, i), i);
	role->rules = v;
	r->roles = grow(r->roles, &r->aroles, r->nroles, sizeof(*r->roles));
	r->roles[r->nroles++] = role;
	key = role_key(r->arena, cluster ? "ClusterRole" : "Role", role->ns,
		       role->name);
	slot = strmap_slot(&r->role_by_key, key, strlen(key));
	if (!*slot)
		*slot = role;
}

/*
 * The bootstrap ClusterRoles every cluster has, for an input that binds
 * them without holding them (manifests, a chart): the API server writes
 * them back when they are missing.  A rule is "VERBS|GROUPS|RESOURCES|
 * URLS", each a space-separated list; "-" is the core group "".  admin,
 * edit and view collect their rules through aggregation labels, as in a
 * cluster: a ClusterRole of the input labelled aggregate-to-edit adds to
 * the implied edit.
 */
#define AGG_LABEL(to) "rbac.authorization.k8s.io/aggregate-to-" to

struct boot_role {
	const char *name;
	const char *carries;  /* the aggregation label it is marked with */
	const char *collects; /* the label its aggregationRule selects */
	const char *const *rules;
};

static const char *const boot_cluster_admin[] = {
	"*|*|*|",
	"*|||*",
	NULL,
};

#define RW  "create delete deletecollection patch update"
#define RO  "get list watch"
#define RWO "create delete deletecollection get list patch update watch"
static const char *const boot_to_admin[] = {
	"create|authorization.k8s.io|localsubjectaccessreviews|",
	RWO "|rbac.authorization.k8s.io|rolebindings roles|",
	NULL,
};

static const char *const boot_to_edit[] = {
	RO "|-|pods/attach pods/exec pods/portforward pods/proxy secrets "
	   "services/proxy|",
	"impersonate|-|serviceaccounts|",
	RW "|-|pods pods/attach pods/exec pods/portforward pods/proxy|",
	"create|-|pods/eviction|",
	RW "|-|configmaps events persistentvolumeclaims replicationcontrollers "
	   "replicationcontrollers/scale secrets serviceaccounts services "
	   "services/proxy|",
	"create|-|serviceaccounts/token|",
	RW "|apps|daemonsets deployments deployments/rollback "
	   "deployments/scale replicasets replicasets/scale statefulsets "
	   "statefulsets/scale|",
	RW "|autoscaling|horizontalpodautoscalers|",
	RW "|batch|cronjobs jobs|",
	RW "|extensions|daemonsets deployments deployments/rollback "
	   "deployments/scale ingresses networkpolicies replicasets "
	   "replicasets/scale replicationcontrollers/scale|",
	RW "|policy|poddisruptionbudgets|",
	RW "|networking.k8s.io|ingresses networkpolicies|",
	RWO "|coordination.k8s.io|leases|",
	NULL,
};

static const char *const boot_to_view[] = {
	RO "|-|configmaps endpoints persistentvolumeclaims "
	   "persistentvolumeclaims/status pods replicationcontrollers "
	   "replicationcontrollers/scale serviceaccounts services "
	   "services/status|",
	RO "|-|bindings events limitranges namespaces/status pods/log "
	   "pods/status replicationcontrollers/status resourcequotas "
	   "resourcequotas/status|",
	RO "|-|namespaces|",
	RO "|discovery.k8s.io|endpointslices|",
	RO "|apps|controllerrevisions daemonsets daemonsets/status deployments "
	   "deployments/scale deployments/status replicasets replicasets/scale "
	   "replicasets/status statefulsets statefulsets/scale "
	   "statefulsets/status|",
	RO "|autoscaling|horizontalpodautoscalers "
	   "horizontalpodautoscalers/status|",
	RO "|batch|cronjobs cronjobs/status jobs jobs/status|",
	RO "|extensions|daemonsets daemonsets/status deployments "
	   "deployments/scale deployments/status ingresses ingresses/status "
	   "networkpolicies replicasets replicasets/scale replicasets/status "
	   "replicationcontrollers/scale|",
	RO "|policy|poddisruptionbudgets poddisruptionbudgets/status|",
	RO "|networking.k8s.io|ingresses ingresses/status networkpolicies|",
	NULL,
};
#undef RW
#undef RO
#undef RWO

static const struct boot_role boot_roles[] = {
	{ "cluster-admin", NULL, NULL, boot_cluster_admin },
	{ "admin", NULL, AGG_LABEL("admin"), NULL },
	{ "edit", AGG_LABEL("admin"), AGG_LABEL("edit"), NULL },
	{ "view", AGG_LABEL("edit"), AGG_LABEL("view"), NULL },
	{ "system:aggregate-to-admin", AGG_LABEL("admin"), NULL,
	  boot_to_admin },
	{ "system:aggregate-to-edit", AGG_LABEL("edit"), NULL, boot_to_edit },
	{ "system:aggregate-to-view", AGG_LABEL("view"), NULL, boot_to_view },
};

/* The words of s[0, len) separated by spaces, in the arena; "-" is "". */
static const char *const *boot_words(struct arena *a, const char *s, size_t len,
				     size_t *n)
{
	const char **v;
	size_t i, k = 0, cap = 1;

	*n = 0;
	if (!len)
		return NULL;
	for (i = 0; i < len; i++)
		cap += s[i] == ' ';
	v = arena_calloc(a, cap, sizeof(*v));
	while (len) {
		size_t w = 0;
		while (w < len && s[w] != ' ')
			w++;
		v[k++] = w == 1 && s[0] == '-' ? "" : arena_strndup(a, s, w);
		s += w;
		len -= w;
		if (len) {
			s++;
			len--;
		}
	}
	*n = k;
	return v;
}

static void boot_rule(struct arena *a, struct rbac_rule *rule, const char *s)
{
	const char *f[4];
	size_t i, len[4];

	for (i = 0; i < 4; i++) {
		const char *bar = strchr(s, '|');
		f[i] = s;
		len[i] = bar ? (size_t)(bar - s) : strlen(s);
		s = bar ? bar + 1 : s + len[i];
	}
	rule->verbs = boot_words(a, f[0], len[0], &rule->nverbs);
	rule->groups = boot_words(a, f[1], len[1], &rule->ngroups);
	rule->resources = boot_words(a, f[2], len[2], &rule->nresources);
	rule->urls = boot_words(a, f[3], len[3], &rule->nurls);
}

/*
 * One bootstrap role the input lacks.  It has no object in the input: its
 * kobj has no tree (only the aggregation label it carries, for selectors
 * of the input's own aggregated roles), and its file says where it comes
 * from.
 */
static void implied_role(struct rbac *r, const struct boot_role *br)
{
	struct rbac_role *role = arena_calloc(r->arena, 1, sizeof(*role));
	struct kobj *o = arena_calloc(r->arena, 1, sizeof(*o));
	const struct rbac_rule **v = NULL;
	size_t i, n = 0;
	char *key;

	o->api_version = RBAC_GROUP_NAME "/v1";
	o->group = RBAC_GROUP_NAME;
	o->kind = "ClusterRole";
	o->name = br->name;
	o->file = "(bootstrap policy)";
	if (br->carries) {
		struct node *labels = node_new_object(r->arena, 0, 0, 1);
		node_add_str(
		    r->arena, labels, br->carries,
		    node_new_str(r->arena, NODE_STRING, "true", 4, 0, 0));
		o->labels = labels;
	}
	role->obj = o;
	role->cluster = true;
	role->name = o->name;
	role->is_default = true;
	role->implied = true;
	role->collects = br->collects;
	role->aggregated = br->collects != NULL;
	role->id = r->nroles;
	while (br->rules && br->rules[n])
		n++;
	if (n) {
		struct rbac_rule *rules =
		    arena_calloc(r->arena, n, sizeof(*rules));
		v = arena_calloc(r->arena, n, sizeof(*v));
		for (i = 0; i < n; i++) {
			boot_rule(r->arena, &rules[i], br->rules[i]);
			rules[i].origin = role;
			rules[i].index = i;
			rules[i].id = r->nrules++;
			v[i] = &rules[i];
		}
	}
	role->rules = v;
	role->nrules = n;
	r->roles = grow(r->roles, &r->aroles, r->nroles, sizeof(*r->roles));
	r->roles[r->nroles++] = role;
	key = role_key(r->arena, "ClusterRole", NULL, role->name);
	*strmap_slot(&r->role_by_key, key, strlen(key)) = role;
}

static void implied_roles(struct rbac *r)
{
	size_t i;

	for (i = 0; i < sizeof(boot_roles) / sizeof(boot_roles[0]); i++)
		if (!rbac_find_role(r, "ClusterRole", NULL, boot_roles[i].name))
			implied_role(r, &boot_roles[i]);
}

/* The ClusterRoles an aggregated role selects. */
static bool selects(const struct rbac_role *agg, const struct rbac_role *c)
{
	const struct node *sels;
	size_t i;

	if (agg->collects)
		return node_str_eq(node_get(c->obj->labels, agg->collects),
				   "true");
	sels =
	    node_path(agg->obj->root, "aggregationRule.clusterRoleSelectors");

	for (i = 0; i < node_count(sels); i++)
		if (selector_matches(node_at(sels, i), c->obj->labels))
			return true;
	return false;
}

struct agg {
	struct rbac_role *role;
	const struct rbac_role **sel;
	size_t nsel;
	const struct rbac_rule **rules;
	size_t nrules, alloc;
};

/* Union of the selected roles' current rules; true when it grew. */
static bool agg_step(struct agg *g, size_t *mark, size_t stamp)
{
	size_t i, j, before = g->nrules;

	for (i = 0; i < g->nrules; i++)
		mark[g->rules[i]->id] = stamp;
	for (i = 0; i < g->nsel; i++) {
		const struct rbac_role *c = g->sel[i];
		/* its own rules are in the set already (and move as it grows) */
		if (c == g->role)
			continue;
		for (j = 0; j < c->nrules; j++) {
			const struct rbac_rule *rule = c->rules[j];
			if (mark[rule->id] == stamp)
				continue;
			mark[rule->id] = stamp;
			g->rules = grow(g->rules, &g->alloc, g->nrules,
					sizeof(*g->rules));
			g->rules[g->nrules++] = rule;
		}
	}
	return g->nrules != before;
}

/*
 * Resolve aggregationRules to a fixpoint.  Each aggregated role's rule set
 * only grows, so iteration stops after at most (chain length + 1) rounds;
 * a cycle adds nothing new on its second turn.
 */
static void aggregate(struct rbac *r)
{
	struct agg *g = NULL;
	size_t ng = 0, i, j, stamp = 0, *mark;
	bool changed = true;

	for (i = 0; i < r->nroles; i++)
		if (r->roles[i]->aggregated)
			ng++;
	if (!ng)
		return;
	g = xrealloc_array(NULL, ng, sizeof(*g));
	memset(g, 0, ng * sizeof(*g));
	ng = 0;
	for (i = 0; i < r->nroles; i++) {
		struct rbac_role *role = (struct rbac_role *)r->roles[i];
		if (!role->aggregated)
			continue;
		g[ng].role = role;
		g[ng].sel = xrealloc_array(NULL, r->nroles ? r->nroles : 1,
					   sizeof(*g[ng].sel));
		for (j = 0; j < r->nroles; j++)
			if (r->roles[j]->cluster && selects(role, r->roles[j]))
				g[ng].sel[g[ng].nsel++] = r->roles[j];
		/* the controller replaces the written rules */
		role->rules = NULL;
		role->nrules = 0;
		ng++;
	}
	mark = xrealloc_array(NULL, r->nrules ? r->nrules : 1, sizeof(*mark));
	memset(mark, 0, (r->nrules ? r->nrules : 1) * sizeof(*mark));
	while (changed) {
		changed = false;
		for (i = 0; i < ng; i++) {
			if (agg_step(&g[i], mark, ++stamp))
				changed = true;
			g[i].role->rules = g[i].rules;
			g[i].role->nrules = g[i].nrules;
		}
	}
	for (i = 0; i < ng; i++) {
		const struct rbac_rule **v = NULL;
		if (g[i].nrules) {
			v = arena_calloc(r->arena, g[i].nrules, sizeof(*v));
			memcpy(v, g[i].rules, g[i].nrules * sizeof(*v));
		}
		g[i].role->rules = v;
		free(g[i].rules);
		free(g[i].sel);
	}
	free(mark);
	free(g);
}

/* ---- bindings ------------------------------------------------------- */

static void file_subject(struct rbac *r, const char *tag, const char *name,
			 const struct rbac_binding *b, struct rbac_subject *s)
{
	char *key = arena_printf(r->arena, "%s\x1f%s", tag, name);
	void **slot = strmap_slot(&r->subj, key, strlen(key));
	struct sref_list *l = *slot;

	if (!l) {
		l = xmalloc(sizeof(*l));
		memset(l, 0, sizeof(*l));
		*slot = l;
		l->id = r->nlists;
		r->lists =
		    grow(r->lists, &r->alists, r->nlists, sizeof(*r->lists));
		r->lists[r->nlists++] = l;
	}
	s->refs = l->id + 1;
	l->v = grow(l->v, &l->alloc, l->n, sizeof(*l->v));
	l->v[l->n].b = b;
	l->v[l->n].s = s;
	l->n++;
}

static void parse_subject(struct rbac *r, struct rbac_binding *b,
			  struct rbac_subject *s, const struct node *n)
{
	const char *kind = node_get_str(n, "kind");
	const char *ns = node_get_str(n, "namespace");

	s->at = n;
	s->kind_name = kind ? kind : "";
	s->name = node_get_str(n, "name");
	if (!s->name)
		s->name = "";
	s->kind = RBAC_OTHER;
	if (kind && !strcmp(kind, "User")) {
		s->kind = RBAC_USER;
		s->user = s->name;
	} else if (kind && !strcmp(kind, "Group")) {
		s->kind = RBAC_GROUP;
	} else if (kind && !strcmp(kind, "ServiceAccount")) {
		s->kind = RBAC_SERVICEACCOUNT;
		if (ns && *ns) {
			s->ns = ns;
		} else if (!b->cluster) {
			/* the authorizer's default; "" when unspecified */
			s->ns = b->ns;
			s->ns_defaulted = true;
		}
		if (s->ns && *s->name)
			s->user = arena_printf(r->arena, SA_PREFIX "%s:%s",
					       s->ns, s->name);
	}
}

static bool default_subject(const struct rbac_subject *s)
{
	if (s->kind == RBAC_SERVICEACCOUNT)
		return s->ns && !strcmp(s->ns, "kube-system");
	return (s->kind == RBAC_USER || s->kind == RBAC_GROUP) &&
	       has_prefix(s->name, "system:");
}

/*
 * A binding the API server itself creates: labelled as bootstrap policy,
 * bound to a bootstrap role, and naming only system users and groups or
 * kube-system service accounts.  The label alone can be forged; the other
 * two conditions keep a forged label from hiding a grant to a person.
 */
static bool binding_is_default(const struct rbac_binding *b)
{
	size_t i;

	if (!node_str_eq(
		node_get(b->obj->labels, "kubernetes.io/bootstrapping"),
		"rbac-defaults"))
		return false;
	if (b->role && !b->role->is_default)
		return false;
	for (i = 0; i < b->nsubjects; i++)
		if (!default_subject(&b->subjects[i]))
			return false;
	return true;
}

static void add_binding(struct rbac *r, const struct kobj *o, bool cluster)
{
	struct rbac_binding *b = arena_alloc(r->arena, sizeof(*b));
	const struct node *subs = node_get(o->root, "subjects");
	struct rbac_subject *sv;
	size_t i, n = node_count(subs);
	char *key;

	b->obj = o;
	b->cluster = cluster;
	b->ns = cluster ? NULL : kobj_ns(o);
	b->role_ref = node_get(o->root, "roleRef");
	b->role_kind = node_get_str(b->role_ref, "kind");
	b->role_name = node_get_str(b->role_ref, "name");
	if (b->role_kind && b->role_name &&
	    (!strcmp(b->role_kind, "ClusterRole") ||
	     (!cluster && !strcmp(b->role_kind, "Role")))) {
		key = role_key(r->arena, b->role_kind, b->ns, b->role_name);
		b->role = strmap_get(&r->role_by_key, key, strlen(key));
	} else {
		b->bad_ref = true;
	}
	sv = arena_calloc(r->arena, n ? n : 1, sizeof(*sv));
	for (i = 0; i < n; i++) {
		if (!node_is(node_at(subs, i), NODE_OBJECT))
			continue;
		sv[b->nsubjects].index = i;
		parse_subject(r, b, &sv[b->nsubjects], node_at(subs, i));
		b->nsubjects++;
	}
	b->subjects = sv;
	b->is_default = binding_is_default(b);
	for (i = 0; i < b->nsubjects; i++) {
		struct rbac_subject *s = &sv[i];
		if (s->user)
			file_subject(r, "u", s->user, b, s);
		else if (s->kind == RBAC_GROUP)
			file_subject(r, "g", s->name, b, s);
	}
	r->bindings = grow(r->bindings, &r->abindings, r->nbindings,
			   sizeof(*r->bindings));
	r->bindings[r->nbindings++] = b;
}

struct rbac *rbac_build(struct arena *a, const struct inventory *inv)
{
	struct rbac *r = xmalloc(sizeof(*r));
	size_t i, n = inventory_size(inv);

	memset(r, 0, sizeof(*r));
	r->arena = a;
	for (i = 0; i < n; i++) {
		const struct kobj *o = inventory_object(inv, i);
		if (!o->group || strcmp(o->group, RBAC_GROUP_NAME) || !o->name)
			continue;
		if (!strcmp(o->kind, "ClusterRole"))
			add_role(r, o, true);
		else if (!strcmp(o->kind, "Role"))
			add_role(r, o, false);
	}
	implied_roles(r);
	aggregate(r);
	for (i = 0; i < n; i++) {
		const struct kobj *o = inventory_object(inv, i);
		if (!o->group || strcmp(o->group, RBAC_GROUP_NAME) || !o->name)
			continue;
		if (!strcmp(o->kind, "ClusterRoleBinding"))
			add_binding(r, o, true);
		else if (!strcmp(o->kind, "RoleBinding"))
			add_binding(r, o, false);
	}
	return r;
}

void rbac_free(struct rbac *r)
{
	size_t i = 0, kl;
	const char *k;
	void *v;

	if (!r)
		return;
	while (strmap_next(&r->subj, &i, &k, &kl, &v)) {
		struct sref_list *l = v;
		free(l->v);
		free(l);
	}
	strmap_release(&r->subj);
	free(r->lists);
	strmap_release(&r->role_by_key);
	free(r->roles);
	free(r->bindings);
	free(r);
}

const struct rbac_role *const *rbac_roles(const struct rbac *r, size_t *n)
{
	*n = r->nroles;
	return r->roles;
}

const struct rbac_binding *const *rbac_bindings(const struct rbac *r, size_t *n)
{
	*n = r->nbindings;
	return r->bindings;
}

const struct rbac_role *rbac_find_role(const struct rbac *r, const char *kind,
				       const char *ns, const char *name)
{
	struct sbuf sb = SBUF_INIT;
	const struct rbac_role *role;

	if (sbuf_addf(&sb, "%s\x1f%s\x1f%s", kind,
		      strcmp(kind, "Role") ? "" : (ns ? ns : ""), name))
		oom();
	role = strmap_get(&r->role_by_key, sb.buf, sb.len);
	sbuf_release(&sb);
	return role;
}

/* ---- identities ----------------------------------------------------- */

static void identity(struct rbac *r, const char *user, const char *const *extra,
		     size_t nextra, const char *const *implied, size_t nimplied,
		     struct rbac_identity *out)
{
	const char **g =
	    arena_calloc(r->arena, nextra + nimplied + 1, sizeof(*g));
	size_t i;

	for (i = 0; i < nextra; i++)
		g[i] = extra[i];
	for (i = 0; i < nimplied; i++)
		g[nextra + i] = implied[i];
	out->user = user;
	out->groups = g;
	out->ngroups = nextra + nimplied;
}

void rbac_identity_sa(struct rbac *r, const char *ns, const char *name,
		      struct rbac_identity *out)
{
	const char *implied[3];

	implied[0] = SA_GROUP;
	implied[1] = arena_printf(r->arena, SA_GROUP ":%s", ns);
	implied[2] = "system:authenticated";
	identity(r, arena_printf(r->arena, SA_PREFIX "%s:%s", ns, name), NULL,
		 0, implied, 3, out);
}

void rbac_identity_user(struct rbac *r, const char *user,
			const char *const *groups, size_t ngroups,
			struct rbac_identity *out)
{
	const char *implied[3];
	const char *rest, *colon;

	if (has_prefix(user, SA_PREFIX)) {
		rest = user + strlen(SA_PREFIX);
		colon = strchr(rest, ':');
		if (colon && colon > rest && colon[1]) {
			char *ns = arena_strndup(r->arena, rest,
						 (size_t)(colon - rest));
			implied[0] = SA_GROUP;
			implied[1] = arena_printf(r->arena, SA_GROUP ":%s", ns);
			implied[2] = "system:authenticated";
			identity(r, user, groups, ngroups, implied, 3, out);
			return;
		}
	}
	implied[0] = strcmp(user, "system:anonymous")
			 ? "system:authenticated"
			 : "system:unauthenticated";
	identity(r, user, groups, ngroups, implied, 1, out);
}

void rbac_identity_group(struct rbac *r, const char *group,
			 struct rbac_identity *out)
{
	identity(r, "", &group, 1, NULL, 0, out);
}

/* ---- matching ------------------------------------------------------- */

static bool in(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static bool verb_matches(const struct rbac_rule *rule, const char *verb)
{
	return in(rule->verbs, rule->nverbs, "*") ||
	       in(rule->verbs, rule->nverbs, verb);
}

static bool resource_matches(const struct rbac_rule *rule, const char *combined,
			     const char *sub)
{
	size_t i, sl = sub ? strlen(sub) : 0;

	for (i = 0; i < rule->nresources; i++) {
		const char *res = rule->resources[i];
		if (!strcmp(res, "*") || !strcmp(res, combined))
			return true;
		/* "*" "/" subresource: the only other wildcard form */
		if (sl && strlen(res) == sl + 2 && res[0] == '*' &&
		    res[1] == '/' && !strcmp(res + 2, sub))
			return true;
	}
	return false;
}

static bool url_matches(const struct rbac_rule *rule, const char *path)
{
	size_t i;

	for (i = 0; i < rule->nurls; i++) {
		const char *u = rule->urls[i];
		size_t len = strlen(u);
		if (!strcmp(u, "*") || !strcmp(u, path))
			return true;
		if (len && u[len - 1] == '*') {
			while (len && u[len - 1] == '*')
				len--;
			if (!strncmp(path, u, len))
				return true;
		}
	}
	return false;
}

bool rbac_rule_allows(const struct rbac_rule *rule,
		      const struct rbac_request *rq)
{
	const char *sub;

	if (!rq->verb || !verb_matches(rule, rq->verb))
		return false;
	if (!rq->resource)
		return rq->path && url_matches(rule, rq->path);
	if (!in(rule->groups, rule->ngroups, "*") &&
	    !in(rule->groups, rule->ngroups, rq->group ? rq->group : ""))
		return false;
	sub = strchr(rq->resource, '/');
	if (!resource_matches(rule, rq->resource, sub ? sub + 1 : NULL))
		return false;
	return !rule->nnames ||
	       in(rule->names, rule->nnames, rq->name ? rq->name : "");
}

bool rbac_role_allows(const struct rbac_role *role,
		      const struct rbac_request *rq,
		      const struct rbac_rule **rule)
{
	size_t i;

	if (!role)
		return false;
	for (i = 0; i < role->nrules; i++)
		if (rbac_rule_allows(role->rules[i], rq)) {
			if (rule)
				*rule = role->rules[i];
			return true;
		}
	return false;
}

static bool binding_in_scope(const struct rbac_binding *b,
			     const struct rbac_request *rq)
{
	if (b->cluster)
		return true;
	/* non-resource requests have no namespace */
	return rq->resource && rq->ns && *rq->ns && streq(rq->ns, b->ns);
}

bool rbac_binding_allows(const struct rbac_binding *b,
			 const struct rbac_request *rq,
			 const struct rbac_rule **rule)
{
	return b->role && binding_in_scope(b, rq) &&
	       rbac_role_allows(b->role, rq, rule);
}

bool rbac_subject_matches(const struct rbac_subject *s,
			  const struct rbac_identity *id)
{
	switch (s->kind) {
	case RBAC_USER:
	case RBAC_SERVICEACCOUNT:
		return s->user && id->user && *id->user &&
		       !strcmp(s->user, id->user);
	case RBAC_GROUP: return in(id->groups, id->ngroups, s->name);
	case RBAC_OTHER: break;
	}
	return false;
}

static bool walk_keeps(const struct rbac_binding *b, unsigned flags)
{
	if ((flags & RBAC_EACH_NO_DEFAULT) && b->is_default)
		return false;
	if ((flags & RBAC_EACH_WITH_ROLE) && !b->role)
		return false;
	if ((flags & RBAC_EACH_WITH_RULES) && b->role && !b->role->nrules)
		return false;
	if ((flags & RBAC_EACH_CLUSTER) && !b->cluster)
		return false;
	return !(flags & RBAC_EACH_NAMESPACED) || !b->cluster;
}

void rbac_each_grant(const struct rbac *r, const struct rbac_walk *w, void *ctx,
		     struct findings *out)
{
	size_t i, j;

	for (i = 0; i < r->nbindings; i++) {
		struct rbac_grant g = { .binding = r->bindings[i] };

		if (!walk_keeps(g.binding, w->flags))
			continue;
		if (w->rule_of && !(g.rule = w->rule_of(r, g.binding, ctx)))
			continue;
		for (j = 0; j < g.binding->nsubjects; j++) {
			g.subject = &g.binding->subjects[j];
			w->fn(out, r, &g, ctx);
		}
	}
}

/* The (binding, subject) pairs filed under one user or group name. */
static const struct sref_list *lookup(const struct rbac *r, const char *tag,
				      const char *name)
{
	char buf[256];
	size_t tl = strlen(tag), nl = strlen(name);
	const struct sref_list *l;
	struct sbuf sb = SBUF_INIT;

	/* the common case without an allocation: lookups run per subject */
	if (tl + nl + 1 <= sizeof(buf)) {
		memcpy(buf, tag, tl);
		buf[tl] = '\x1f';
		memcpy(buf + tl + 1, name, nl);
		return strmap_get(&r->subj, buf, tl + 1 + nl);
	}
	if (sbuf_addf(&sb, "%s\x1f%s", tag, name))
		oom();
	l = strmap_get(&r->subj, sb.buf, sb.len);
	sbuf_release(&sb);
	return l;
}

size_t rbac_refs(const struct rbac *r, bool group, const char *name,
		 const struct rbac_ref **out)
{
	const struct sref_list *l = lookup(r, group ? "g" : "u", name);

	*out = l ? l->v : NULL;
	return l ? l->n : 0;
}

size_t rbac_refs_id(const struct rbac *r, bool group, const char *name)
{
	const struct sref_list *l = lookup(r, group ? "g" : "u", name);

	return l ? l->id + 1 : 0;
}

size_t rbac_refs_at(const struct rbac *r, size_t id,
		    const struct rbac_ref **out)
{
	const struct sref_list *l =
	    id && id <= r->nlists ? r->lists[id - 1] : NULL;

	*out = l ? l->v : NULL;
	return l ? l->n : 0;
}

size_t rbac_refs_count(const struct rbac *r)
{
	return r->nlists;
}

static bool can_pass(const struct rbac *r, const struct rbac_identity *id,
		     const struct rbac_request *rq, bool cluster,
		     struct rbac_grant *why)
{
	size_t k, i;

	for (k = 0; k <= id->ngroups; k++) {
		const struct sref_list *l;
		if (k == 0 && (!id->user || !*id->user))
			continue;
		l = k == 0 ? lookup(r, "u", id->user)
			   : lookup(r, "g", id->groups[k - 1]);
		for (i = 0; l && i < l->n; i++) {
			const struct rbac_rule *rule;
			if (l->v[i].b->cluster != cluster ||
			    !rbac_binding_allows(l->v[i].b, rq, &rule))
				continue;
			if (why) {
				why->binding = l->v[i].b;
				why->subject = l->v[i].s;
				why->rule = rule;
			}
			return true;
		}
	}
	return false;
}

const struct rbac_binding *
rbac_sa_cluster_binding(const struct rbac *r, const char *ns, const char *name,
			const char *clusterrole,
			const struct rbac_subject **subj)
{
	struct sbuf sb = SBUF_INIT;
	const struct sref_list *l;
	size_t i;

	if (sbuf_addf(&sb, SA_PREFIX "%s:%s", ns, name))
		oom();
	l = lookup(r, "u", sb.buf);
	sbuf_release(&sb);
	for (i = 0; l && i < l->n; i++) {
		const struct rbac_binding *b = l->v[i].b;
		if (!b->cluster || l->v[i].s->kind != RBAC_SERVICEACCOUNT ||
		    !streq(b->role_kind, "ClusterRole") ||
		    !streq(b->role_name, clusterrole))
			continue;
		if (subj)
			*subj = l->v[i].s;
		return b;
	}
	return NULL;
}

bool rbac_can(const struct rbac *r, const struct rbac_identity *id,
	      const struct rbac_request *rq, struct rbac_grant *why)
{
	return can_pass(r, id, rq, true, why) ||
	       can_pass(r, id, rq, false, why);
}

struct grants {
	struct rbac_grant *v;
	size_t n, alloc;
};

static void grant_push(struct grants *g, const struct rbac_binding *b,
		       const struct rbac_subject *s,
		       const struct rbac_rule *rule)
{
	g->v = grow(g->v, &g->alloc, g->n, sizeof(*g->v));
	g->v[g->n].binding = b;
	g->v[g->n].subject = s;
	g->v[g->n].rule = rule;
	g->n++;
}

/* memo[role id]: 0 unknown, 1 allows (rule in rules[]), 2 denies */
static void who_binding(const struct rbac_binding *b,
			const struct rbac_request *rq, unsigned char *memo,
			const struct rbac_rule **rules, struct grants *g)
{
	size_t id, i;

	if (!b->role)
		return;
	id = b->role->id;
	if (!memo[id])
		memo[id] = rbac_role_allows(b->role, rq, &rules[id]) ? 1 : 2;
	if (memo[id] != 1)
		return;
	for (i = 0; i < b->nsubjects; i++) {
		const struct rbac_subject *s = &b->subjects[i];
		if (s->kind == RBAC_OTHER ||
		    (s->kind == RBAC_SERVICEACCOUNT && !s->user))
			continue;
		grant_push(g, b, s, rules[id]);
	}
}

size_t rbac_who_can(const struct rbac *r, const struct rbac_request *rq,
		    bool any_ns, struct rbac_grant **out)
{
	size_t n = r->nroles ? r->nroles : 1, i;
	unsigned char *memo = xmalloc(n);
	const struct rbac_rule **rules =
	    xrealloc_array(NULL, n, sizeof(*rules));
	struct grants g = { 0 };

	memset(memo, 0, n);
	for (i = 0; i < r->nbindings; i++) {
		const struct rbac_binding *b = r->bindings[i];
		if (any_ns ? (b->cluster || rq->resource)
			   : binding_in_scope(b, rq))
			who_binding(b, rq, memo, rules, &g);
	}
	free(memo);
	free(rules);
	*out = g.v;
	return g.n;
}

static void rules_from(const struct sref_list *l, struct grants *g)
{
	size_t i, j;

	for (i = 0; l && i < l->n; i++) {
		const struct rbac_role *role = l->v[i].b->role;
		for (j = 0; role && j < role->nrules; j++)
			grant_push(g, l->v[i].b, l->v[i].s, role->rules[j]);
	}
}

size_t rbac_rules_of(const struct rbac *r, const struct rbac_identity *id,
		     struct rbac_grant **out)
{
	struct grants g = { 0 };
	size_t k;

	if (id->user && *id->user)
		rules_from(lookup(r, "u", id->user), &g);
	for (k = 0; k < id->ngroups; k++)
		rules_from(lookup(r, "g", id->groups[k]), &g);
	*out = g.v;
	return g.n;
}

/* ---- text ----------------------------------------------------------- */

static void add_list(struct sbuf *sb, const char *label, const char *const *v,
		     size_t n)
{
	size_t i;
	int err = 0;

	if (!n)
		return;
	if (sb->len)
		err |= sbuf_addch(sb, ' ');
	err |= sbuf_addf(sb, "%s=[", label);
	for (i = 0; i < n; i++)
		err |=
		    sbuf_addf(sb, "%s%s", i ? "," : "", *v[i] ? v[i] : "\"\"");
	err |= sbuf_addch(sb, ']');
	if (err)
		oom();
}

const char *rbac_rule_text(struct arena *a, const struct rbac_rule *rule)
{
	struct sbuf sb = SBUF_INIT;
	const char *s;

	add_list(&sb, "verbs", rule->verbs, rule->nverbs);
	add_list(&sb, "apiGroups", rule->groups, rule->ngroups);
	add_list(&sb, "resources", rule->resources, rule->nresources);
	add_list(&sb, "resourceNames", rule->names, rule->nnames);
	add_list(&sb, "nonResourceURLs", rule->urls, rule->nurls);
	s = arena_strndup(a, sb.buf, sb.len);
	sbuf_release(&sb);
	return s;
}

const char *rbac_subject_text(struct arena *a, const struct rbac_subject *s)
{
	if (s->kind == RBAC_SERVICEACCOUNT)
		return arena_printf(
		    a, "ServiceAccount %s/%s%s", s->ns ? s->ns : "?", s->name,
		    s->ns_defaulted ? " (namespace taken from the binding)"
				    : "");
	return arena_printf(a, "%s %s", *s->kind_name ? s->kind_name : "?",
			    s->name);
}

const char *rbac_subject_key_of(char *buf, const char *kind, const char *ns,
				const char *name)
{
	if (!strcmp(kind, "ServiceAccount"))
		fmt_snprintf(buf, RBAC_SUBJECT_KEY, "ServiceAccount %s/%s",
			     ns ? ns : "", name);
	else
		fmt_snprintf(buf, RBAC_SUBJECT_KEY, "%s %s", kind, name);
	return buf;
}

const char *rbac_subject_key(char *buf, const struct rbac_subject *s)
{
	return rbac_subject_key_of(
	    buf,
	    s->kind == RBAC_SERVICEACCOUNT ? "ServiceAccount" : s->kind_name,
	    s->ns, s->name);
}

bool rbac_subject_is_public(const struct rbac_subject *s)
{
	if (s->kind == RBAC_USER)
		return !strcmp(s->name, "system:anonymous");
	if (s->kind != RBAC_GROUP)
		return false;
	return !strcmp(s->name, "system:unauthenticated") ||
	       !strcmp(s->name, "system:authenticated") ||
	       !strcmp(s->name, SA_GROUP) || has_prefix(s->name, SA_GROUP ":");
}

bool rbac_subject_is_system(const struct rbac_subject *s)
{
	if (s->kind != RBAC_USER && s->kind != RBAC_GROUP)
		return false;
	if (rbac_subject_is_public(s) || has_prefix(s->name, SA_PREFIX))
		return false;
	return has_prefix(s->name, "system:");
}

/* ---- resource names ------------------------------------------------- */

/* Built-in resources: plural, short names (|-separated), group, scope. */
static const struct {
	const char *plural;
	const char *shorts;
	const char *group;
	bool cluster;
} resources[] = {
	{ "pods", "|po|pod|", "", false },
	{ "services", "|svc|service|", "", false },
	{ "secrets", "|secret|", "", false },
	{ "configmaps", "|cm|configmap|", "", false },
	{ "serviceaccounts", "|sa|serviceaccount|", "", false },
	{ "namespaces", "|ns|namespace|", "", true },
	{ "nodes", "|no|node|", "", true },
	{ "persistentvolumes", "|pv|persistentvolume|", "", true },
	{ "persistentvolumeclaims", "|pvc|persistentvolumeclaim|", "", false },
	{ "endpoints", "|ep|", "", false },
	{ "events", "|ev|event|", "", false },
	{ "replicationcontrollers", "|rc|replicationcontroller|", "", false },
	{ "limitranges", "|limits|limitrange|", "", false },
	{ "resourcequotas", "|quota|resourcequota|", "", false },
	{ "podtemplates", "|podtemplate|", "", false },
	{ "deployments", "|deploy|deployment|", "apps", false },
	{ "daemonsets", "|ds|daemonset|", "apps", false },
	{ "statefulsets", "|sts|statefulset|", "apps", false },
	{ "replicasets", "|rs|replicaset|", "apps", false },
	{ "controllerrevisions", "|controllerrevision|", "apps", false },
	{ "jobs", "|job|", "batch", false },
	{ "cronjobs", "|cj|cronjob|", "batch", false },
	{ "deploymentconfigs", "|dc|deploymentconfig|", "apps.openshift.io",
	  false },
	{ "rollouts", "|ro|rollout|", "argoproj.io", false },
	/* plain statefulsets, daemonsets and services are the built-in
	 * ones, found first: these only by short name or with the group */
	{ "clonesets", "|clone|cloneset|", "apps.kruise.io", false },
	{ "statefulsets", "|asts|", "apps.kruise.io", false },
	{ "daemonsets", "|ads|daemon|", "apps.kruise.io", false },
	{ "broadcastjobs", "|bcj|broadcastjob|", "apps.kruise.io", false },
	{ "services", "|ksvc|kservice|", "serving.knative.dev", false },
	{ "configurations", "|config|cfg|configuration|", "serving.knative.dev",
	  false },
	{ "revisions", "|rev|revision|", "serving.knative.dev", false },
	{ "roles", "|role|", RBAC_GROUP_NAME, false },
	{ "rolebindings", "|rolebinding|", RBAC_GROUP_NAME, false },
	{ "clusterroles", "|clusterrole|", RBAC_GROUP_NAME, true },
	{ "clusterrolebindings", "|clusterrolebinding|", RBAC_GROUP_NAME,
	  true },
	{ "ingresses", "|ing|ingress|", "networking.k8s.io", false },
	{ "networkpolicies", "|netpol|networkpolicy|", "networking.k8s.io",
	  false },
	{ "ingressclasses", "|ingressclass|", "networking.k8s.io", true },
	{ "horizontalpodautoscalers", "|hpa|", "autoscaling", false },
	{ "poddisruptionbudgets", "|pdb|", "policy", false },
	{ "certificatesigningrequests", "|csr|", "certificates.k8s.io", true },
	{ "signers", "||", "certificates.k8s.io", true },
	{ "mutatingwebhookconfigurations", "||", "admissionregistration.k8s.io",
	  true },
	{ "validatingwebhookconfigurations", "||",
	  "admissionregistration.k8s.io", true },
	{ "customresourcedefinitions", "|crd|crds|", "apiextensions.k8s.io",
	  true },
	{ "storageclasses", "|sc|storageclass|", "storage.k8s.io", true },
	{ "priorityclasses", "|pc|priorityclass|", "scheduling.k8s.io", true },
	{ "leases", "|lease|", "coordination.k8s.io", false },
	{ "endpointslices", "|endpointslice|", "discovery.k8s.io", false },
	{ "tokenreviews", "||", "authentication.k8s.io", true },
	{ "selfsubjectaccessreviews", "||", "authorization.k8s.io", true },
	{ "selfsubjectrulesreviews", "||", "authorization.k8s.io", true },
	{ "subjectaccessreviews", "||", "authorization.k8s.io", true },
	{ "localsubjectaccessreviews", "||", "authorization.k8s.io", false },
	{ "users", "||", "", true },
	{ "groups", "||", "", true },
};

void rbac_resolve_resource(struct arena *a, const char *arg,
			   const char **resource, const char **group,
			   bool *cluster_scoped, bool *known)
{
	const char *dot = strchr(arg, '.');
	size_t i, len = dot ? (size_t)(dot - arg) : strlen(arg);
	char word[128];

	*known = false;
	*cluster_scoped = false;
	if (!strcmp(arg, "*")) {
		/* every resource of every group, as the access review means */
		*resource = "*";
		*group = "*";
		*known = true;
		return;
	}
	if (!len || strchr(arg, '|')) {
		*resource = arena_strdup(a, arg);
		*group = "";
		return;
	}
	if (len + 3 > sizeof(word))
		len = sizeof(word) - 3;
	word[0] = '|';
	memcpy(word + 1, arg, len);
	word[len + 1] = '|';
	word[len + 2] = '\0';
	for (i = 0; i < sizeof(resources) / sizeof(resources[0]); i++) {
		if (strncmp(resources[i].plural, arg, len) ||
		    resources[i].plural[len]) {
			if (!strstr(resources[i].shorts, word))
				continue;
		}
		if (dot && strcmp(dot + 1, resources[i].group))
			continue;
		*resource = resources[i].plural;
		*group = resources[i].group;
		*cluster_scoped = resources[i].cluster;
		*known = true;
		return;
	}
	*resource = arena_strndup(a, arg, len);
	*group = dot ? dot + 1 : "";
}
