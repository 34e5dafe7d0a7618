#include "analysis/rbac_perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/rbac.h"

#define RBAC_API "rbac.authorization.k8s.io"
#define N(a)	 (sizeof(a) / sizeof((a)[0]))

/*
 * patch, delete and deletecollection too: the API server answers them with
 * the objects, data included.  A patch is answered with the whole patched
 * object, so an empty one reads a Secret and changes nothing; a delete
 * asking for foreground (or orphan) propagation with the Secret as it is
 * marked for deletion; a deletecollection with every object it deleted.
 * create and update are answered with what the caller sent.
 */
static const struct rbac_perm_req read_secrets[] = {
	{ "get", "", "secrets" },    { "list", "", "secrets" },
	{ "watch", "", "secrets" },  { "patch", "", "secrets" },
	{ "delete", "", "secrets" }, { "deletecollection", "", "secrets" },
};

/*
 * get too: exec and attach over a websocket are authorized as get.  An
 * ephemeral container (kubectl debug) is added with update or patch on
 * pods/ephemeralcontainers: it runs any image and command inside the pod,
 * can mount the pod's volumes (its service account token among them) and
 * join a container's process namespace, which is exec by another name.
 * So is update or patch on pods: a running pod's containers may be given
 * another image (the one field of a container the API lets change), and
 * the kubelet restarts the container with it, inside the same pod, with
 * its service account, volumes and privileges.
 */
static const struct rbac_perm_req exec[] = {
	{ "create", "", "pods/exec" },
	{ "get", "", "pods/exec" },
	{ "create", "", "pods/attach" },
	{ "get", "", "pods/attach" },
	{ "create", "", "pods/portforward" },
	{ "get", "", "pods/portforward" },
	{ "update", "", "pods/ephemeralcontainers" },
	{ "patch", "", "pods/ephemeralcontainers" },
	{ "update", "", "pods" },
	{ "patch", "", "pods" },
};

/*
 * Changing a controller's pod template is creating pods: the controller
 * rolls out pods of the new template, whatever image, command, service
 * account and privileges it asks for.  Not Jobs: their template cannot
 * change once created.
 */
static const struct rbac_perm_req workloads[] = {
	{ "create", "", "pods" },
	{ "create", "apps", "deployments" },
	{ "create", "apps", "daemonsets" },
	{ "create", "apps", "statefulsets" },
	{ "create", "apps", "replicasets" },
	{ "create", "batch", "jobs" },
	{ "create", "batch", "cronjobs" },
	{ "create", "", "replicationcontrollers" },
	{ "update", "apps", "deployments" },
	{ "patch", "apps", "deployments" },
	{ "update", "apps", "daemonsets" },
	{ "patch", "apps", "daemonsets" },
	{ "update", "apps", "statefulsets" },
	{ "patch", "apps", "statefulsets" },
	{ "update", "apps", "replicasets" },
	{ "patch", "apps", "replicasets" },
	{ "update", "batch", "cronjobs" },
	{ "patch", "batch", "cronjobs" },
	{ "update", "", "replicationcontrollers" },
	{ "patch", "", "replicationcontrollers" },
	/* OpenShift's and Argo Rollouts' controllers of pod templates */
	{ "create", "apps.openshift.io", "deploymentconfigs" },
	{ "update", "apps.openshift.io", "deploymentconfigs" },
	{ "patch", "apps.openshift.io", "deploymentconfigs" },
	{ "create", "argoproj.io", "rollouts" },
	{ "update", "argoproj.io", "rollouts" },
	{ "patch", "argoproj.io", "rollouts" },
	/*
	 * OpenKruise's: a BroadcastJob's template may change (no check
	 * holds it) and is what the pods of nodes joining later run
	 */
	{ "create", "apps.kruise.io", "clonesets" },
	{ "update", "apps.kruise.io", "clonesets" },
	{ "patch", "apps.kruise.io", "clonesets" },
	{ "create", "apps.kruise.io", "statefulsets" },
	{ "update", "apps.kruise.io", "statefulsets" },
	{ "patch", "apps.kruise.io", "statefulsets" },
	{ "create", "apps.kruise.io", "daemonsets" },
	{ "update", "apps.kruise.io", "daemonsets" },
	{ "patch", "apps.kruise.io", "daemonsets" },
	{ "create", "apps.kruise.io", "broadcastjobs" },
	{ "update", "apps.kruise.io", "broadcastjobs" },
	{ "patch", "apps.kruise.io", "broadcastjobs" },
	/*
	 * Knative Serving's: a Service or Configuration stamps out a
	 * Revision of its template; a Revision runs pods of its own spec,
	 * which cannot change once created (as a Job's)
	 */
	{ "create", "serving.knative.dev", "services" },
	{ "update", "serving.knative.dev", "services" },
	{ "patch", "serving.knative.dev", "services" },
	{ "create", "serving.knative.dev", "configurations" },
	{ "update", "serving.knative.dev", "configurations" },
	{ "patch", "serving.knative.dev", "configurations" },
	{ "create", "serving.knative.dev", "revisions" },
};

/*
 * bind is asked in the namespace of the binding being written, for a
 * ClusterRole too, and impersonating a service account in its namespace;
 * escalate on a ClusterRole and impersonating a user or group name no
 * namespace.
 */
static const struct rbac_perm_req escalate[] = {
	{ "bind", RBAC_API, "roles" },
	{ "bind", RBAC_API, "clusterroles" },
	{ "escalate", RBAC_API, "roles" },
	{ "impersonate", "", "serviceaccounts" },
};

static const struct rbac_perm_req escalate_cluster[] = {
	{ "escalate", RBAC_API, "clusterroles" },
	{ "impersonate", "", "users" },
	{ "impersonate", "", "groups" },
};

/*
 * Impersonation is authorized per name: a rule limited to the group
 * system:masters lets every impersonated request claim it, and RBAC never
 * restricts that group.
 */
static const struct rbac_perm_req escalate_named[] = {
	{ "impersonate", "", "groups" },
};
static const char *const escalate_named_names[] = { "system:masters" };

static const struct rbac_perm_req nodes_proxy[] = {
	{ "get", "", "nodes/proxy" },
	{ "create", "", "nodes/proxy" },
};

static const struct rbac_perm_req sa_token[] = {
	{ "create", "", "serviceaccounts/token" },
};

static const struct rbac_perm_req csr_approval[] = {
	{ "update", "certificates.k8s.io",
	  "certificatesigningrequests/approval" },
	{ "patch", "certificates.k8s.io",
	  "certificatesigningrequests/approval" },
};

static const struct rbac_perm_req csr_signers[] = {
	{ "approve", "certificates.k8s.io", "signers" },
};

/*
 * The signer whose certificates the API server takes for any user and
 * group, system:masters included.  The approval plugin asks for its name,
 * then for the name's domain followed by "/" and "*".
 */
static const char *const csr_signer_names[] = {
	"kubernetes.io/kube-apiserver-client",
	"kubernetes.io/*",
};

static const struct rbac_perm_req webhooks[] = {
	{ "create", "admissionregistration.k8s.io",
	  "mutatingwebhookconfigurations" },
	{ "update", "admissionregistration.k8s.io",
	  "mutatingwebhookconfigurations" },
	{ "patch", "admissionregistration.k8s.io",
	  "mutatingwebhookconfigurations" },
	{ "create", "admissionregistration.k8s.io",
	  "validatingwebhookconfigurations" },
	{ "update", "admissionregistration.k8s.io",
	  "validatingwebhookconfigurations" },
	{ "patch", "admissionregistration.k8s.io",
	  "validatingwebhookconfigurations" },
};

static const struct rbac_perm_req coredns[] = {
	{ "update", "", "configmaps" },
	{ "patch", "", "configmaps" },
};

static const struct rbac_perm_req del_events[] = {
	{ "delete", "", "events" },
	{ "deletecollection", "", "events" },
	{ "delete", "events.k8s.io", "events" },
	{ "deletecollection", "events.k8s.io", "events" },
};

static const struct rbac_perm_req wildcard[] = {
	{ "*", "*", "*" },
};

const struct rbac_perm rbac_perms[RBAC_PERM_COUNT] = {
	[RBAC_PERM_READ_SECRETS] = { .id = "read-secrets",
				     .what = "read secrets",
				     .any = read_secrets,
				     .nany = N(read_secrets) },
	[RBAC_PERM_EXEC] = { .id = "exec",
			     .what = "exec, attach, port-forward, add "
				     "ephemeral containers to pods or change "
				     "their images",
			     .any = exec,
			     .nany = N(exec) },
	[RBAC_PERM_CREATE_WORKLOADS] = { .id = "create-workloads",
					 .what =
					     "create pods, or create or update "
					     "workloads",
					 .any = workloads,
					 .nany = N(workloads) },
	[RBAC_PERM_ESCALATE] = { .id = "escalate",
				 .what = "bind or escalate roles or "
					 "impersonate identities",
				 .any = escalate,
				 .nany = N(escalate),
				 .cluster_any = escalate_cluster,
				 .ncluster_any = N(escalate_cluster),
				 .cluster_named = escalate_named,
				 .cluster_names = escalate_named_names,
				 .ncluster_named = N(escalate_named) },
	[RBAC_PERM_NODES_PROXY] = { .id = "nodes-proxy",
				    .what = "reach the kubelet API through "
					    "nodes/proxy",
				    .cluster_scoped = true,
				    .any = nodes_proxy,
				    .nany = N(nodes_proxy) },
	[RBAC_PERM_SA_TOKEN] = { .id = "sa-token",
				 .what = "create service account tokens",
				 .any = sa_token,
				 .nany = N(sa_token) },
	[RBAC_PERM_CSR_APPROVE] = { .id = "csr-approve",
				    .what =
					"approve certificate signing requests",
				    .cluster_scoped = true,
				    .any = csr_approval,
				    .nany = N(csr_approval),
				    .also = csr_signers,
				    .nalso = N(csr_signers),
				    .also_names = csr_signer_names,
				    .nalso_names = N(csr_signer_names) },
	[RBAC_PERM_WEBHOOKS] = { .id = "webhooks",
				 .what =
				     "write admission webhook configurations",
				 .cluster_scoped = true,
				 .any = webhooks,
				 .nany = N(webhooks) },
	[RBAC_PERM_COREDNS] = { .id = "coredns",
				.what = "modify the coredns ConfigMap",
				.ns = "kube-system",
				.name = "coredns",
				.any = coredns,
				.nany = N(coredns) },
	[RBAC_PERM_DELETE_EVENTS] = { .id = "delete-events",
				      .what = "delete events",
				      .any = del_events,
				      .nany = N(del_events) },
	[RBAC_PERM_WILDCARD] = { .id = "wildcard",
				 .what = "do anything (* on *)",
				 .any = wildcard,
				 .nany = N(wildcard) },
};

bool rbac_rule_is_wildcard(const struct rbac_rule *rule)
{
	struct rbac_request rq = { "*", "*", "*", NULL, NULL, NULL };

	/* a literal "*" request matches only rules written with "*" */
	return !rule->nnames && rbac_rule_allows(rule, &rq);
}

/* A binding of this scope can grant p at all. */
static bool scope_fits(const struct rbac_perm *p, const char *ns, bool cluster)
{
	if (cluster)
		return true;
	if (p->cluster_scoped)
		return false;
	return !p->ns || !strcmp(ns ? ns : "", p->ns);
}

static bool rule_grants(const struct rbac_rule *rule,
			const struct rbac_perm_req *reqs, size_t n,
			const struct rbac_perm *p, const char *ns)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct rbac_request rq = { reqs[i].verb,     reqs[i].group,
					   reqs[i].resource, p->ns ? p->ns : ns,
					   p->name,	     NULL };
		if (rbac_rule_allows(rule, &rq))
			return true;
	}
	return false;
}

/* rule grants p's request about one object, cluster_named[i]. */
static bool rule_grants_named(const struct rbac_rule *rule,
			      const struct rbac_perm *p, size_t i)
{
	const struct rbac_perm_req *q = &p->cluster_named[i];
	struct rbac_request rq = {
		q->verb, q->group, q->resource, NULL, p->cluster_names[i], NULL
	};

	return rbac_rule_allows(rule, &rq);
}

/* rule grants the "any" part of p through a binding of that scope. */
static bool rule_grants_any(const struct rbac_rule *rule,
			    const struct rbac_perm *p, const char *ns,
			    bool cluster)
{
	size_t i;

	if (rule_grants(rule, p->any, p->nany, p, ns))
		return true;
	if (!cluster)
		return false;
	if (rule_grants(rule, p->cluster_any, p->ncluster_any, p, ns))
		return true;
	for (i = 0; i < p->ncluster_named; i++)
		if (rule_grants_named(rule, p, i))
			return true;
	return false;
}

/* rule grants request q of p's "also" part, for one of its names. */
static bool rule_grants_also(const struct rbac_rule *rule,
			     const struct rbac_perm_req *q,
			     const struct rbac_perm *p, const char *ns)
{
	size_t i;

	if (!p->nalso_names)
		return rule_grants(rule, q, 1, p, ns);
	for (i = 0; i < p->nalso_names; i++) {
		struct rbac_request rq = { q->verb,	     q->group,
					   q->resource,	     p->ns ? p->ns : ns,
					   p->also_names[i], NULL };
		if (rbac_rule_allows(rule, &rq))
			return true;
	}
	return false;
}

const struct rbac_rule *rbac_perm_rule(const struct rbac_role *role,
				       const struct rbac_perm *p,
				       const char *ns, bool cluster,
				       bool skip_wildcard)
{
	size_t i;

	if (!role || !scope_fits(p, ns, cluster))
		return NULL;
	for (i = 0; i < role->nrules; i++) {
		const struct rbac_rule *rule = role->rules[i];
		if (skip_wildcard && rbac_rule_is_wildcard(rule))
			continue;
		if (rule_grants_any(rule, p, ns, cluster))
			return rule;
	}
	return NULL;
}

/*
 * Request q of p in words (after "can"), for the permissions whose
 * requests differ enough to say which one a role grants; NULL for the
 * others.
 */
static const char *req_say(const struct rbac_perm *p,
			   const struct rbac_perm_req *q)
{
	static const struct {
		const char *verb; /* NULL: any */
		const char *resource, *say;
	} says[] = {
		{ NULL, "pods/exec", "exec into pods" },
		{ NULL, "pods/attach", "attach to pods" },
		{ NULL, "pods/portforward", "port-forward to pods" },
		{ NULL, "pods/ephemeralcontainers",
		  "add ephemeral containers to pods" },
		{ "update", "pods", "change the images of running pods" },
		{ "patch", "pods", "change the images of running pods" },
		{ "create", "pods", "create pods" },
		{ "bind", "roles", "bind roles" },
		{ "bind", "clusterroles", "bind cluster roles" },
		{ "escalate", "roles", "escalate roles" },
		{ "escalate", "clusterroles", "escalate cluster roles" },
		{ "impersonate", "serviceaccounts",
		  "impersonate service accounts" },
		{ "impersonate", "users", "impersonate users" },
		{ "impersonate", "groups", "impersonate groups" },
	};
	size_t i;

	if (p != &rbac_perms[RBAC_PERM_EXEC] &&
	    p != &rbac_perms[RBAC_PERM_CREATE_WORKLOADS] &&
	    p != &rbac_perms[RBAC_PERM_ESCALATE])
		return NULL;
	for (i = 0; i < N(says); i++)
		if ((!says[i].verb || !strcmp(says[i].verb, q->verb)) &&
		    !strcmp(says[i].resource, q->resource))
			return says[i].say;
	/* the workload controllers */
	return !strcmp(q->verb, "create") ? "create workloads"
					  : "change workloads' pod templates";
}

/*
 * One of rules (n of them) grants request q of p through a binding of
 * that scope, for the object named name (NULL: the one p is about, else
 * none).
 */
static bool rules_grant(const struct rbac_rule *const *rules, size_t n,
			const struct rbac_perm_req *q,
			const struct rbac_perm *p, const char *ns,
			bool skip_wildcard, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct rbac_request rq = { q->verb,
					   q->group,
					   q->resource,
					   p->ns ? p->ns : ns,
					   name ? name : p->name,
					   NULL };
		if (skip_wildcard && rbac_rule_is_wildcard(rules[i]))
			continue;
		if (rbac_rule_allows(rules[i], &rq))
			return true;
	}
	return false;
}

/*
 * Request q names its object, so that resourceNames can grant it: not
 * create of an object (its name is in the body, not the request), nor
 * list or deletecollection.
 */
static bool names_reach(const struct rbac_perm_req *q)
{
	if (strchr(q->resource, '/'))
		return true;
	return strcmp(q->verb, "create") && strcmp(q->verb, "list") &&
	       strcmp(q->verb, "deletecollection");
}

/* rbac_perm_granted() of rules, asked about the object named name. */
/*
 * The requests of p about one object each that rules grant, said after
 * the n phrases of said (of max) unless said already holds the request
 * unrestricted ("impersonate groups (only system:masters)").  The new
 * count.
 */
static size_t granted_named(struct arena *a,
			    const struct rbac_rule *const *rules, size_t nrules,
			    const struct rbac_perm *p, bool skip_wildcard,
			    const char **said, size_t n, size_t max)
{
	size_t i, j, r;

	for (i = 0; i < p->ncluster_named && n < max; i++) {
		const char *say = req_say(p, &p->cluster_named[i]);

		if (!say)
			continue;
		for (j = 0; j < n && strcmp(said[j], say); j++)
			;
		if (j < n)
			continue;
		for (r = 0; r < nrules; r++)
			if (!(skip_wildcard &&
			      rbac_rule_is_wildcard(rules[r])) &&
			    rule_grants_named(rules[r], p, i))
				break;
		if (r < nrules)
			said[n++] = arena_printf(a, "%s (only %s)", say,
						 p->cluster_names[i]);
	}
	return n;
}

static const char *granted(struct arena *a,
			   const struct rbac_rule *const *rules, size_t nrules,
			   const struct rbac_perm *p, const char *ns,
			   bool cluster, bool skip_wildcard, const char *name)
{
	const char *said[24], *text = "";
	size_t n = 0, i, j, k;

	if (!scope_fits(p, ns, cluster))
		return p->what;
	for (k = 0; k < 2 && (!k || cluster); k++) {
		const struct rbac_perm_req *reqs = k ? p->cluster_any : p->any;
		size_t nreqs = k ? p->ncluster_any : p->nany;

		for (i = 0; i < nreqs && n < N(said); i++) {
			const char *say = req_say(p, &reqs[i]);

			if (!say || (name && !names_reach(&reqs[i])) ||
			    !rules_grant(rules, nrules, &reqs[i], p, ns,
					 skip_wildcard, name))
				continue;
			for (j = 0; j < n && strcmp(said[j], say); j++)
				;
			if (j == n)
				said[n++] = say;
		}
	}
	if (cluster && !name)
		n = granted_named(a, rules, nrules, p, skip_wildcard, said, n,
				  N(said));
	if (!n)
		return p->what;
	for (i = 0; i < n; i++)
		text = arena_printf(a, "%s%s%s", text,
				    !i		? ""
				    : i + 1 < n ? ", "
						: " and ",
				    said[i]);
	return text;
}

const char *rbac_perm_granted(struct arena *a, const struct rbac_role *role,
			      const struct rbac_perm *p, const char *ns,
			      bool cluster, bool skip_wildcard)
{
	if (!role)
		return p->what;
	return granted(a, role->rules, role->nrules, p, ns, cluster,
		       skip_wildcard, NULL);
}

const struct rbac_rule *rbac_perm_rule_named(const struct rbac_role *role,
					     const struct rbac_perm *p,
					     const char *ns, bool cluster)
{
	size_t i, k;

	if (!role || p->name || !scope_fits(p, ns, cluster))
		return NULL;
	for (i = 0; i < role->nrules; i++) {
		const struct rbac_rule *rule = role->rules[i];

		if (!rule->nnames)
			continue;
		for (k = 0; k < 2 && (!k || cluster); k++) {
			const struct rbac_perm_req *reqs =
			    k ? p->cluster_any : p->any;
			size_t j, nreqs = k ? p->ncluster_any : p->nany;

			for (j = 0; j < nreqs; j++)
				if (names_reach(&reqs[j]) &&
				    rules_grant(&rule, 1, &reqs[j], p, ns,
						false, rule->names[0]))
					return rule;
		}
	}
	return NULL;
}

const char *rbac_perm_granted_named(struct arena *a,
				    const struct rbac_rule *rule,
				    const struct rbac_perm *p, const char *ns,
				    bool cluster)
{
	return granted(a, &rule, 1, p, ns, cluster, false,
		       rule->nnames ? rule->names[0] : NULL);
}

const struct rbac_perm *rbac_perm_any(const struct rbac_role *role,
				      const char *ns, bool cluster)
{
	size_t i;

	for (i = 0; i < RBAC_PERM_COUNT; i++)
		if (rbac_perm_rule(role, &rbac_perms[i], ns, cluster, false))
			return &rbac_perms[i];
	return NULL;
}

/* "system:serviceaccounts:NS" into buf, cut to n - 1 bytes like snprintf. */
static void sa_group(char *buf, size_t n, const char *ns)
{
	static const char pre[] = "system:serviceaccounts:";
	size_t p = sizeof(pre) - 1, nl = strlen(ns);

	if (!n)
		return;
	if (p >= n) {
		memcpy(buf, pre, n - 1);
		buf[n - 1] = 0;
		return;
	}
	memcpy(buf, pre, p);
	if (nl > n - 1 - p)
		nl = n - 1 - p;
	memcpy(buf + p, ns, nl);
	buf[p + nl] = 0;
}

bool rbac_subject_identity(const struct rbac_subject *s, const char **groups,
			   char *buf, size_t n, struct rbac_identity *id)
{
	id->groups = groups;
	id->ngroups = 0;
	switch (s->kind) {
	case RBAC_USER:
		id->user = s->user;
		groups[id->ngroups++] = strcmp(s->name, "system:anonymous")
					    ? "system:authenticated"
					    : "system:unauthenticated";
		return true;
	case RBAC_SERVICEACCOUNT:
		if (!s->user)
			return false;
		id->user = s->user;
		sa_group(buf, n, s->ns);
		groups[id->ngroups++] = "system:serviceaccounts";
		groups[id->ngroups++] = buf;
		groups[id->ngroups++] = "system:authenticated";
		return true;
	case RBAC_GROUP:
		id->user = "";
		groups[id->ngroups++] = s->name;
		if (strcmp(s->name, "system:unauthenticated") != 0)
			groups[id->ngroups++] = "system:authenticated";
		return true;
	case RBAC_OTHER: break;
	}
	return false;
}

/* The "also" part of p through any cluster-wide grant (or same ns). */
static bool also_held(const struct rbac_grant *g, size_t n,
		      const struct rbac_perm *p, const char *ns)
{
	size_t i, k;

	for (k = 0; k < p->nalso; k++) {
		bool ok = false;
		for (i = 0; i < n && !ok; i++) {
			const struct rbac_binding *b = g[i].binding;
			if (!b->cluster && (!ns || strcmp(ns, b->ns)))
				continue;
			ok = rule_grants_also(g[i].rule, &p->also[k], p,
					      b->cluster ? ns : b->ns);
		}
		if (!ok)
			return false;
	}
	return true;
}

bool rbac_perm_held(const struct rbac *r, const struct rbac_identity *id,
		    const struct rbac_perm *p, struct rbac_grant *why,
		    const char **ns_out)
{
	struct rbac_grant *g;
	size_t n = rbac_rules_of(r, id, &g);
	bool held = rbac_perm_held_in(g, n, p, why, ns_out);

	free(g);
	return held;
}

bool rbac_perm_held_in(const struct rbac_grant *g, size_t n,
		       const struct rbac_perm *p, struct rbac_grant *why,
		       const char **ns_out)
{
	size_t i;
	bool held = false;

	for (i = 0; i < n && !held; i++) {
		const struct rbac_binding *b = g[i].binding;
		const char *ns = b->cluster ? NULL : b->ns;
		if (!scope_fits(p, ns, b->cluster) ||
		    !rule_grants_any(g[i].rule, p, ns, b->cluster))
			continue;
		if (p->nalso && !also_held(g, n, p, ns))
			continue;
		held = true;
		if (why)
			*why = g[i];
		if (ns_out)
			*ns_out = ns;
	}
	return held;
}

void rbac_grant_evidence(struct findings *out, struct finding *fd,
			 const struct rbac_binding *b,
			 const struct rbac_subject *s,
			 const struct rbac_rule *rule)
{
	const struct rbac_role *role = rule ? rule->origin : NULL;

	finding_evidence(out, fd, node_get(b->role_ref, "name"), "roleRef.name",
			 "%s %s", b->role_kind ? b->role_kind : "?",
			 b->role_name ? b->role_name : "?");
	if (s) {
		char path[48];
		fmt_snprintf(path, sizeof(path), "subjects[%zu]", s->index);
		finding_evidence(out, fd, s->at, path, "%s",
				 rbac_subject_text(out->arena, s));
	}
	if (rule)
		finding_evidence(
		    out, fd, NULL, "rule", "%s %s%s%s rules[%zu]: %s",
		    role->cluster ? "ClusterRole" : "Role",
		    role->cluster ? "" : role->ns, role->cluster ? "" : "/",
		    role->name, rule->index, rbac_rule_text(out->arena, rule));
}

bool rbac_perm_subject_fits(const struct rbac *r, const struct rbac_subject *s,
			    const struct rbac_perm *p,
			    const struct rbac_binding *b)
{
	const char *groups[4];
	char buf[320];
	struct rbac_identity id;
	struct rbac_grant *g;
	size_t n;
	bool ok;

	if (s->kind == RBAC_OTHER ||
	    (s->kind == RBAC_SERVICEACCOUNT && !s->user))
		return false;
	if (!p->nalso)
		return true;
	if (!rbac_subject_identity(s, groups, buf, sizeof(buf), &id))
		return false;
	n = rbac_rules_of(r, &id, &g);
	ok = also_held(g, n, p, b->cluster ? NULL : b->ns);
	free(g);
	return ok;
}
