/*
 * apiserver-audit-policy: an audit Policy (the file --audit-policy-file
 * names) that records nothing for the requests an investigation needs.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "analysis/controlplane.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);
static const char *unseen(const struct scan *s);

static const char *const techniques[] = { "MS-TA9022", NULL };
static const char *const attack[] = { "T1070", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/"
	"#audit-policy",
	"https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/",
	NULL,
};

const struct check check_apiserver_audit_policy = {
	.id = "apiserver-audit-policy",
	.title = "Audit policy leaves sensitive requests unrecorded",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The API server records a request at the level of the first "
	    "rule of its audit Policy that matches it, and not at all when "
	    "no rule matches. A policy whose first rule is a catch-all "
	    "level None records nothing (medium), and one that records "
	    "reading Secrets, requesting service account tokens or exec "
	    "into pods at level None leaves no trace of the steps that "
	    "steal credentials or run code (medium). Stages omitted "
	    "(omitStages, the policy's and the rule's together) count too: "
	    "omitting RequestReceived is usual, since ResponseComplete "
	    "records the same request with its outcome, but a request whose "
	    "rule omits both records nothing, as at level None (medium "
	    "for the requests above, and for every request when the "
	    "policy's own omitStages holds both); omitting ResponseComplete "
	    "for every request leaves a log of requests arriving with no "
	    "status, allowed and denied alike, and no response bodies "
	    "(low). RBAC writes recorded below RequestResponse show that a "
	    "binding changed but not which role or subject it granted "
	    "(low).",
	.details =
	    "- **Looks at:** audit.k8s.io Policy objects given as "
	    "input (the "
	    "file `--audit-policy-file` names; a kube-apiserver pod in the "
	    "input naming the same path, or the same base name, is named "
	    "in the message). The policy is evaluated the way the API "
	    "server does for a user in `system:authenticated` working in an "
	    "ordinary namespace: rules restricted to other users, groups, "
	    "namespaces or resource names do not match. Asked: `get "
	    "secrets`, `create serviceaccounts/token`, `create pods/exec` "
	    "(Metadata at least, with RequestReceived or ResponseComplete "
	    "kept; pods/exec also by ResponseStarted), and create, update, "
	    "patch and delete of Roles, ClusterRoles, RoleBindings and "
	    "ClusterRoleBindings (RequestResponse). The policy's "
	    "`omitStages`: ResponseComplete omitted for every request.\n",
	.remediation =
	    "Start the policy with the requests to drop (health checks, "
	    "watch of high-volume objects), then record Secrets, ConfigMaps "
	    "and TokenReviews at Metadata, pods/exec, attach, portforward "
	    "and serviceaccounts/token at Metadata or Request, RBAC writes "
	    "at RequestResponse, and end with a catch-all at Metadata.",
	.fix = "apiVersion: audit.k8s.io/v1\n"
	       "kind: Policy\n"
	       "omitStages: [RequestReceived]\n"
	       "rules:\n"
	       "- level: Metadata\n"
	       "  resources:\n"
	       "  - group: \"\"\n"
	       "    resources: [secrets, configmaps, serviceaccounts/token]\n"
	       "- level: RequestResponse\n"
	       "  verbs: [create, update, patch, delete]\n"
	       "  resources:\n"
	       "  - group: rbac.authorization.k8s.io\n"
	       "- level: Metadata\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

enum level { L_NONE, L_METADATA, L_REQUEST, L_RESPONSE };

static const char *const level_names[] = {
	[L_NONE] = "None",
	[L_METADATA] = "Metadata",
	[L_REQUEST] = "Request",
	[L_RESPONSE] = "RequestResponse",
};

struct req {
	const char *verb, *group, *resource, *ns;
	bool long_running; /* also has a ResponseStarted stage (exec) */
};

/* Audit stages, as bits of an omitStages list. */
enum {
	ST_RECEIVED = 1, /* RequestReceived */
	ST_STARTED = 2,	 /* ResponseStarted: long-running requests only */
	ST_COMPLETE = 4, /* ResponseComplete */
	ST_PANIC = 8,
};

static unsigned stages(const struct node *l)
{
	static const char *const names[] = { "RequestReceived",
					     "ResponseStarted",
					     "ResponseComplete", "Panic" };
	unsigned m = 0;
	size_t i, k;

	for (i = 0; i < node_count(l); i++)
		for (k = 0; k < 4; k++)
			if (node_str_eq(node_at(l, i), names[k]))
				m |= 1u << k;
	return m;
}

/* No stage that writes an event for rq is left by omitted. */
static bool silenced(unsigned omitted, const struct req *rq)
{
	unsigned need = ST_RECEIVED | ST_COMPLETE;

	if (rq->long_running)
		need |= ST_STARTED;
	return (omitted & need) == need;
}

static bool has(const struct node *l, const char *s)
{
	size_t i;

	for (i = 0; i < node_count(l); i++)
		if (node_str_eq(node_at(l, i), s))
			return true;
	return false;
}

/* One entry of a rule's resources (a GroupResources) matches rq. */
static bool group_resources(const struct node *gr, const struct req *rq)
{
	const struct node *rs = node_get(gr, "resources");
	const char *slash = strchr(rq->resource, '/');
	size_t i, base = slash ? (size_t)(slash - rq->resource)
			       : strlen(rq->resource);

	if (strcmp(node_get_str(gr, "group") ? node_get_str(gr, "group") : "",
		   rq->group))
		return false;
	/* the request names one object: a name list only matches others */
	if (node_count(node_get(gr, "resourceNames")))
		return false;
	if (!node_count(rs))
		return true;
	for (i = 0; i < node_count(rs); i++) {
		const char *r = node_str(node_at(rs, i));
		size_t rl = r ? strlen(r) : 0;
		if (!r)
			continue;
		if (!strcmp(r, "*") || !strcmp(r, rq->resource))
			return true;
		if (slash && !strncmp(r, "*/", 2) && !strcmp(r + 1, slash))
			return true;
		if (rl == base + 2 && !strncmp(r, rq->resource, base) &&
		    !strcmp(r + base, "/*") && slash)
			return true;
	}
	return false;
}

/* The audit policy checker's match of one rule (a resource request). */
static bool rule_matches(const struct node *rule, const struct req *rq)
{
	const struct node *rs = node_get(rule, "resources");
	size_t i;

	if (node_count(node_get(rule, "users")))
		return false;
	if (node_count(node_get(rule, "userGroups")) &&
	    !has(node_get(rule, "userGroups"), "system:authenticated"))
		return false;
	if (node_count(node_get(rule, "verbs")) &&
	    !has(node_get(rule, "verbs"), rq->verb))
		return false;
	if (node_count(node_get(rule, "nonResourceURLs")))
		return false;
	if (node_count(node_get(rule, "namespaces")) &&
	    !has(node_get(rule, "namespaces"), rq->ns))
		return false;
	if (!node_count(rs))
		return true;
	for (i = 0; i < node_count(rs); i++)
		if (group_resources(node_at(rs, i), rq))
			return true;
	return false;
}

static enum level level_of(const struct node *rule)
{
	const char *l = node_get_str(rule, "level");
	size_t i;

	for (i = 0; l && i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (!strcmp(l, level_names[i]))
			return (enum level)i;
	return L_NONE;
}

/* Level of rq under the policy; *idx the rule (SIZE_MAX: none matched). */
static enum level evaluate(const struct node *rules, const struct req *rq,
			   size_t *idx)
{
	size_t i;

	for (i = 0; i < node_count(rules); i++)
		if (rule_matches(node_at(rules, i), rq)) {
			*idx = i;
			return level_of(node_at(rules, i));
		}
	*idx = (size_t)-1;
	return L_NONE;
}

static bool catch_all(const struct node *rule)
{
	static const char *const keys[] = {
		"users",     "userGroups", "verbs",
		"resources", "namespaces", "nonResourceURLs",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (node_count(node_get(rule, keys[i])))
			return false;
	return true;
}

static const struct req sensitive[] = {
	{ "get", "", "secrets", "app", false },
	{ "create", "", "serviceaccounts/token", "app", false },
	{ "create", "", "pods/exec", "app", true },
};
static const char *const sensitive_text[] = {
	"reading Secrets",
	"requesting service account tokens",
	"exec into pods",
};

static const struct req rbac_writes[] = {
	{ "create", "rbac.authorization.k8s.io", "clusterrolebindings", "",
	  false },
	{ "create", "rbac.authorization.k8s.io", "rolebindings", "app", false },
	{ "update", "rbac.authorization.k8s.io", "clusterroles", "", false },
	{ "patch", "rbac.authorization.k8s.io", "roles", "app", false },
	{ "delete", "rbac.authorization.k8s.io", "clusterrolebindings", "",
	  false },
};

static struct finding *report(struct findings *out, const struct cp_file *f,
			      const struct node *rules, size_t idx,
			      enum severity sev, const char *msg)
{
	struct finding *fd = finding_add(out, &check_apiserver_audit_policy,
					 f->obj, NULL, "audit policy%s: %s",
					 cp_file_user_text(out->arena, f), msg);

	fd->severity = sev;
	if (idx == (size_t)-1)
		finding_evidence(out, fd, rules, "rules", "%s",
				 "no rule matches (not recorded)");
	else
		finding_evidence(out, fd, node_at(rules, idx),
				 arena_printf(out->arena, "rules[%zu]", idx),
				 "level %s",
				 level_names[level_of(node_at(rules, idx))]);
	return fd;
}

/* A finding on omitted stages, pointing at the omitStages list at. */
static void report_stages(struct findings *out, const struct cp_file *f,
			  const struct node *at, const char *path,
			  enum severity sev, const char *msg)
{
	struct finding *fd = finding_add(out, &check_apiserver_audit_policy,
					 f->obj, NULL, "audit policy%s: %s",
					 cp_file_user_text(out->arena, f), msg);

	const char *t = NULL;
	size_t i;

	fd->severity = sev;
	for (i = 0; i < node_count(at); i++)
		t = arena_printf(out->arena, "%s%s%s", t ? t : "",
				 t ? ", " : "",
				 node_scalar_text(node_at(at, i)));
	finding_evidence(out, fd, at, path, "omitStages [%s]", t ? t : "");
}

/*
 * Reads of Secrets, token requests and exec recorded at level None, or by
 * a rule whose omitted stages (with the policy's, global) leave no event.
 */
static void judge_sensitive(struct findings *out, const struct cp_file *f,
			    const struct node *rules, unsigned global)
{
	const char *what[3];
	size_t i, n = 0, first = 0;

	for (i = 0; i < sizeof(sensitive) / sizeof(sensitive[0]); i++) {
		size_t at;
		if (evaluate(rules, &sensitive[i], &at) != L_NONE) {
			const struct node *rule = node_at(rules, at);
			const struct node *om = node_get(rule, "omitStages");
			if (!silenced(global | stages(om), &sensitive[i]))
				continue;
			report_stages(
			    out, f, om ? om : node_at(rules, at),
			    arena_printf(out->arena, "rules[%zu].omitStages",
					 at),
			    SEV_MEDIUM,
			    arena_printf(out->arena,
					 "%s is matched by rules[%zu] "
					 "(level %s), but its "
					 "omitStages and the "
					 "policy's leave no stage "
					 "that writes an event: not "
					 "recorded",
					 sensitive_text[i], at,
					 level_names[level_of(rule)]));
			continue;
		}
		if (!n)
			first = at;
		what[n++] = sensitive_text[i];
	}
	if (!n)
		return;
	report(out, f, rules, first, SEV_MEDIUM,
	       arena_printf(out->arena,
			    "%s%s%s%s%s %s not recorded (level None): "
			    "stolen credentials and commands run in pods "
			    "leave no trace",
			    what[0],
			    n == 3   ? ", "
			    : n == 2 ? " and "
				     : "",
			    n > 1 ? what[1] : "", n == 3 ? " and " : "",
			    n == 3 ? what[2] : "", n > 1 ? "are" : "is"));
}

static void judge_rbac(struct findings *out, const struct cp_file *f,
		       const struct node *rules)
{
	size_t i, idx;

	for (i = 0; i < sizeof(rbac_writes) / sizeof(rbac_writes[0]); i++) {
		const struct req *rq = &rbac_writes[i];
		enum level l = evaluate(rules, rq, &idx);
		if (l == L_RESPONSE || l == L_NONE)
			continue;
		report(out, f, rules, idx, SEV_LOW,
		       arena_printf(out->arena,
				    "%s of %s is recorded at level %s, not "
				    "RequestResponse: the role or subjects it "
				    "grants are not recorded",
				    rq->verb, rq->resource, level_names[l]));
		return;
	}
}

static int run(const struct scan *s, struct findings *out)
{
	const struct cp_file *f;
	size_t n, i;

	n = cp_files(s, out->arena, "Policy", "audit.k8s.io",
		     "audit-policy-file", &f);
	for (i = 0; i < n; i++) {
		const struct node *rules = node_get(f[i].obj->root, "rules");
		const struct node *om = node_get(f[i].obj->root, "omitStages");
		unsigned global = stages(om);
		if ((global & (ST_RECEIVED | ST_COMPLETE)) ==
		    (ST_RECEIVED | ST_COMPLETE)) {
			report_stages(out, &f[i], om, "omitStages", SEV_MEDIUM,
				      "RequestReceived and ResponseComplete "
				      "are omitted for every request: no "
				      "event is written for ordinary "
				      "requests (only long-running ones "
				      "leave their start), nothing is "
				      "audited");
			continue;
		}
		if (global & ST_COMPLETE)
			report_stages(out, &f[i], om, "omitStages", SEV_LOW,
				      "ResponseComplete is omitted for every "
				      "request: the log shows requests "
				      "arriving but not their status, so "
				      "denied and allowed requests look "
				      "alike, and no response is recorded");
		if (!node_count(rules) || catch_all(node_at(rules, 0))) {
			if (!node_count(rules) ||
			    level_of(node_at(rules, 0)) == L_NONE) {
				report(out, &f[i], rules,
				       node_count(rules) ? 0 : (size_t)-1,
				       SEV_MEDIUM,
				       "every request is recorded at level "
				       "None: nothing is audited");
				continue;
			}
		}
		judge_sensitive(out, &f[i], rules, global);
		judge_rbac(out, &f[i], rules);
	}
	return 0;
}

static const char *unseen(const struct scan *s)
{
	const struct cp_file *f;
	struct arena *a = arena_new();
	size_t n =
	    cp_files(s, a, "Policy", "audit.k8s.io", "audit-policy-file", &f);

	arena_free(a);
	return n ? NULL : "no audit Policy file in the input";
}
