/*
 * aws-auth-mapping: IAM roles and users that the aws-auth ConfigMap (or the
 * aws-iam-authenticator's config.yaml) maps to system:masters, to groups
 * that are effectively cluster-admin through RBAC chains, to groups
 * holding dangerous RBAC permissions, or node roles mapped wider than
 * system:nodes.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "node.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9001", "MS-TA9019", NULL };
static const char *const attack[] = { "T1078.004", NULL };
static const char *const references[] = {
	"https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html",
	"https://github.com/kubernetes-sigs/aws-iam-authenticator"
	"#full-configuration-format",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Using%20cloud%20credentials/",
	NULL,
};

const struct check check_aws_auth_mapping = {
	.id = "aws-auth-mapping",
	.title = "Cloud IAM identity mapped to powerful Kubernetes groups",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_CONFIGMAPS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "On EKS (and clusters running aws-iam-authenticator) the "
	    "aws-auth ConfigMap in kube-system turns IAM roles and users "
	    "into Kubernetes users and groups. An IAM principal mapped to "
	    "system:masters is cluster-admin through a group RBAC cannot "
	    "restrict or revoke, and whoever can assume that role in the "
	    "AWS account (a CI system, a compromised laptop, an "
	    "over-broad trust policy) owns the cluster without any "
	    "Kubernetes credential (critical). A mapping whose groups or "
	    "user name are effectively cluster-admin through RBAC, "
	    "directly or by a chain of steps the API server allows (the "
	    "paths of rbac-cluster-admin-equivalent), is critical too, "
	    "with the shortest chain as its path. A mapping to a group "
	    "that RBAC bindings make powerful short of that is high, as "
	    "is a node role "
	    "mapped to more than system:bootstrappers and system:nodes "
	    "(every EC2 instance of that role gets it). mapAccounts lets "
	    "every IAM identity of an account log in (medium: it then "
	    "holds what system:authenticated holds).",
	.remediation =
	    "Map administrators to a named group bound to the roles they "
	    "need, never system:masters; keep node roles at "
	    "system:bootstrappers and system:nodes; drop mapAccounts; on "
	    "EKS prefer access entries with scoped access policies, and "
	    "restrict who may assume the mapped IAM roles.",
	.fix = "data:\n"
	       "  mapRoles: |\n"
	       "    - rolearn: arn:aws:iam::111122223333:role/platform-admins\n"
	       "      username: platform-admin:{{SessionName}}\n"
	       "      groups:\n"
	       "        - platform-admins   # bound to the roles it needs\n",
	.references = references,
	.run = run,
};

/* Member of an object by key, ignoring case (the mapper's JSON decoding
 * does). */
static const struct node *get_ci(const struct node *o, const char *key)
{
	const char *k;
	const struct node *v;
	size_t i;

	for (i = 0; node_member_at(o, i, &k, &v); i++)
		if (!strcasecmp(k, key))
			return v;
	return NULL;
}

/* A list of mappings: a YAML string to parse, or already a list. */
static const struct node *mapping_list(struct arena *a, const struct kobj *o,
				       const struct node *v)
{
	struct diag d;
	const char *str = node_str(v);

	if (!str)
		return node_is(v, NODE_ARRAY) ? v : NULL;
	/* a broken list is ignored by the authenticator too */
	return load_tree(a, o->file, str, strlen(str), NULL, &d);
}

/* The identity a mapping stands for; groups in caller storage. */
static void mapping_identity(const char *user, const struct node *groups,
			     const char **gv, size_t max,
			     struct rbac_identity *id)
{
	size_t i;

	id->user = user ? user : "";
	id->groups = gv;
	id->ngroups = 0;
	for (i = 0; i < node_count(groups) && id->ngroups + 1 < max; i++)
		if (node_str(node_at(groups, i)))
			gv[id->ngroups++] = node_str(node_at(groups, i));
	gv[id->ngroups++] = "system:authenticated";
}

static const enum rbac_perm_id worst_first[] = {
	RBAC_PERM_WILDCARD,	    RBAC_PERM_ESCALATE,
	RBAC_PERM_CSR_APPROVE,	    RBAC_PERM_WEBHOOKS,
	RBAC_PERM_NODES_PROXY,	    RBAC_PERM_SA_TOKEN,
	RBAC_PERM_READ_SECRETS,	    RBAC_PERM_EXEC,
	RBAC_PERM_CREATE_WORKLOADS,
};

static bool has_group(const struct node *groups, const char *g)
{
	size_t i;

	for (i = 0; i < node_count(groups); i++)
		if (node_str_eq(node_at(groups, i), g))
			return true;
	return false;
}

/* A group beyond what a node needs, or NULL. */
static const char *extra_node_group(const struct node *groups)
{
	size_t i;

	for (i = 0; i < node_count(groups); i++) {
		const char *g = node_str(node_at(groups, i));
		/* "a - b" is a mis-indented list, not a group anyone binds */
		if (g && strcmp(g, "system:nodes") &&
		    strcmp(g, "system:bootstrappers") && !strchr(g, ' '))
			return g;
	}
	return NULL;
}

/*
 * The shortest chain to cluster-admin of the names a mapping hands out:
 * its user name, then its groups in order, then system:authenticated
 * (first found wins a tie).  *via is the name the chain starts at.
 */
#define MAX_HOPS 16
static size_t admin_chain(const struct scan *s, const char *user,
			  const struct node *groups, struct escal_hop *best,
			  const struct rbac_subject **via)
{
	struct escal_hop h[MAX_HOPS];
	size_t nbest = 0, i, n, ng = node_count(groups);

	if (!s->escal)
		return 0;
	for (i = 0; i <= ng + 1; i++) {
		struct rbac_subject subj = { .kind = RBAC_GROUP };
		if (i == 0) {
			if (!user || strchr(user, '{'))
				continue;
			subj.kind = RBAC_USER;
			subj.name = subj.user = user;
		} else {
			subj.name = i <= ng ? node_str(node_at(groups, i - 1))
					    : "system:authenticated";
			if (!subj.name)
				continue;
		}
		n = escal_chain(s->escal, &subj, h, MAX_HOPS);
		if (n && (!nbest || n < nbest)) {
			memcpy(best, h, n * sizeof(*h));
			nbest = n;
			*via = h[0].who;
		}
	}
	return nbest;
}

struct where {
	const struct kobj *obj;
	const char *key;	 /* "data.mapRoles" */
	const struct node *at;	 /* the key's value node */
	const struct node *list; /* its mappings */
};

static void judge(const struct scan *s, struct findings *out,
		  const struct where *w, size_t idx, bool role)
{
	const struct node *m = node_at(w->list, idx);
	const struct node *groups = get_ci(m, "groups");
	const char *arn = node_str(get_ci(m, role ? "rolearn" : "userarn"));
	const char *user = node_str(get_ci(m, "username"));
	const char *what = role ? "IAM role" : "IAM user";
	const char *gv[34];
	struct rbac_identity id;
	struct finding *fd = NULL;
	struct rbac_grant g;
	struct escal_hop h[MAX_HOPS];
	const struct rbac_subject *via = NULL;
	size_t i, nh = 0;

	if (!arn)
		return;
	if (has_group(groups, "system:masters")) {
		fd = finding_add(out, &check_aws_auth_mapping, w->obj, NULL,
				 "%s %s is mapped to system:masters: whoever "
				 "can assume it is cluster-admin, beyond "
				 "RBAC",
				 what, arn);
		fd->severity = SEV_CRITICAL;
	} else if ((nh = admin_chain(s, user, groups, h, &via))) {
		fd = finding_add(
		    out, &check_aws_auth_mapping, w->obj, NULL,
		    "%s %s is mapped to %s, which is effectively "
		    "cluster-admin%s: %s",
		    what, arn, rbac_subject_text(out->arena, via),
		    nh > 1 ? arena_printf(out->arena, " in %zu steps", nh) : "",
		    escal_chain_text(out->arena, h, nh));
		fd->severity = SEV_CRITICAL;
	} else if (user && !strncmp(user, "system:node:", 12) &&
		   extra_node_group(groups)) {
		fd = finding_add(out, &check_aws_auth_mapping, w->obj, NULL,
				 "node %s %s is also mapped to group %s: every "
				 "instance of it holds that group",
				 what, arn, extra_node_group(groups));
		fd->severity = SEV_HIGH;
	} else if (s->rbac) {
		mapping_identity(user, groups, gv, 34, &id);
		for (i = 0; i < sizeof(worst_first) / sizeof(worst_first[0]);
		     i++) {
			const struct rbac_perm *p = &rbac_perms[worst_first[i]];
			if (!rbac_perm_held(s->rbac, &id, p, &g, NULL))
				continue;
			fd = finding_add(
			    out, &check_aws_auth_mapping, w->obj, NULL,
			    "%s %s is mapped to %s, which can %s through %s "
			    "%s",
			    what, arn, rbac_subject_text(out->arena, g.subject),
			    rbac_perm_granted(out->arena, g.binding->role, p,
					      g.binding->ns, g.binding->cluster,
					      false),
			    g.binding->obj->kind, g.binding->obj->name);
			fd->severity = SEV_HIGH;
			break;
		}
	}
	if (fd)
		finding_evidence(
		    out, fd, w->at,
		    arena_printf(out->arena, "%s[%zu]", w->key, idx), "%s",
		    arn);
	if (fd && nh)
		escal_hops(out, fd, h, nh);
}

static void accounts(struct findings *out, const struct where *w,
		     const struct node *l)
{
	size_t i;

	for (i = 0; i < node_count(l); i++) {
		const struct node *a = node_at(l, i);
		struct finding *fd;
		if (!node_str(a) && !node_is(a, NODE_NUMBER))
			continue;
		fd = finding_add(out, &check_aws_auth_mapping, w->obj, NULL,
				 "every IAM identity of AWS account %s may "
				 "authenticate (mapAccounts) and holds what "
				 "system:authenticated holds",
				 node_scalar_text(a));
		fd->severity = SEV_MEDIUM;
		finding_evidence(out, fd, w->at,
				 arena_printf(out->arena, "%s[%zu]", w->key, i),
				 "%s", node_scalar_text(a));
	}
}

/* mapRoles, mapUsers and mapAccounts of one mapping object. */
static void scan_maps(const struct scan *s, struct findings *out,
		      const struct kobj *o, const struct node *maps,
		      const char *prefix)
{
	static const char *const keys[] = { "mapRoles", "mapUsers",
					    "mapAccounts" };
	size_t k, i;

	for (k = 0; k < 3; k++) {
		const struct node *v = get_ci(maps, keys[k]);
		const struct node *l = mapping_list(out->arena, o, v);
		struct where w = { o, NULL, v, l };

		if (!l)
			continue;
		w.key = arena_printf(out->arena, "%s.%s", prefix, keys[k]);
		if (k == 2) {
			accounts(out, &w, l);
			continue;
		}
		for (i = 0; i < node_count(l); i++)
			judge(s, out, &w, i, k == 0);
	}
}

static int run(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	v = inventory_kind(s->inv, "ConfigMap", &n);
	for (i = 0; i < n; i++) {
		const struct kobj *o = v[i];
		const struct node *data = node_get(o->root, "data");
		const char *cfg;
		struct diag d;

		if (strcmp(kobj_ns(o), "kube-system") != 0)
			continue;
		if (!strcmp(o->name, "aws-auth")) {
			scan_maps(s, out, o, data, "data");
			continue;
		}
		/* the authenticator's own file: server.mapRoles and friends */
		cfg = node_get_str(data, "config.yaml");
		if (cfg && strstr(o->name, "aws-iam-authenticator")) {
			const struct node *t = load_tree(
			    out->arena, o->file, cfg, strlen(cfg), NULL, &d);
			scan_maps(s, out, o, node_get(t, "server"),
				  "data.config.yaml:server");
		}
	}
	return 0;
}
