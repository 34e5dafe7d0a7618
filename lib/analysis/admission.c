#include "analysis/admission.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/webhook.h"
#include "arena.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "selector.h"

#define GK_IGNORE_LABEL "admission.gatekeeper.sh/ignore"

bool adm_glob(const char *p, const char *s)
{
	const char *star = NULL, *back = NULL;

	/* linear backtracking to the last star: no blow-up on "*a*a*a" */
	while (*s) {
		if (*p == '*') {
			star = p++;
			back = s;
		} else if (*p && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++back;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

static void say(char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!why || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
}

/* Some string of list l matches name as a glob. */
static bool list_glob(const struct node *l, const char *name)
{
	size_t i;

	for (i = 0; i < node_count(l); i++) {
		const char *p = node_str(node_at(l, i));
		if (p && adm_glob(p, name))
			return true;
	}
	return false;
}

/* List l holds one of the strings of want (NULL-terminated). */
static bool list_has(const struct node *l, const char *const *want)
{
	size_t i, j;

	for (i = 0; i < node_count(l); i++)
		for (j = 0; want[j]; j++)
			if (node_str_eq(node_at(l, i), want[j]))
				return true;
	return false;
}

static const char *const create_ops[] = { "CREATE", "*", NULL };
static const char *const core_group[] = { "", "*", NULL };
static const char *const pod_res[] = { "pods", "*", "*/*", NULL };

/* A LabelSelector that selects something less than everything. */
static bool selector_narrows(const struct node *sel)
{
	return node_member_count(node_get(sel, "matchLabels")) ||
	       node_count(node_get(sel, "matchExpressions"));
}

/* ---- Kyverno ---------------------------------------------------------- */

/* "Pod", "v1/Pod", "*", "Pod/ephemeralcontainers" is not the pod. */
static bool kyverno_kind_pod(const char *k)
{
	size_t n = strlen(k);

	return !strcmp(k, "*") || !strcmp(k, "Pod") ||
	       (n > 4 && !strcmp(k + n - 4, "/Pod")) ||
	       (n > 2 && !strcmp(k + n - 2, "/*"));
}

static bool kyverno_kinds_pod(const struct node *kinds)
{
	size_t i;

	for (i = 0; i < node_count(kinds); i++) {
		const char *k = node_str(node_at(kinds, i));
		if (k && kyverno_kind_pod(k))
			return true;
	}
	return false;
}

/* Fields of a ResourceDescription that the pod's creator chooses. */
static bool kyverno_creator_fields(const struct node *rd)
{
	return node_count(node_get(rd, "names")) || node_get_str(rd, "name") ||
	       selector_narrows(node_get(rd, "selector")) ||
	       node_member_count(node_get(rd, "annotations"));
}

/* A filter names users, groups, service accounts or roles. */
static bool kyverno_user_fields(const struct node *f)
{
	return node_count(node_get(f, "subjects")) ||
	       node_count(node_get(f, "roles")) ||
	       node_count(node_get(f, "clusterRoles"));
}

/* One ResourceFilter of match: does it take every pod created in ns? */
static enum adm_verdict kyverno_filter_match(const struct node *f,
					     const struct kobj *ns)
{
	const struct node *rd = node_get(f, "resources");
	const struct node *ops = node_get(rd, "operations");
	const struct node *nss = node_get(rd, "namespaces");
	const struct node *sel = node_get(rd, "namespaceSelector");

	if (!rd || !kyverno_kinds_pod(node_get(rd, "kinds")) ||
	    (node_count(ops) && !list_has(ops, create_ops)))
		return ADM_NOT_PODS;
	if (kyverno_user_fields(f) || kyverno_creator_fields(rd))
		return ADM_NARROWED;
	if (ns && ((node_count(nss) && !list_glob(nss, ns->name)) ||
		   (sel && !selector_matches_ns(sel, ns->labels, ns->name))))
		return ADM_OUTSIDE;
	return ADM_ENFORCE; /* matched; the action is decided later */
}

static enum adm_verdict kyverno_match(const struct node *m,
				      const struct kobj *ns)
{
	const struct node *any = node_get(m, "any"), *all = node_get(m, "all");
	enum adm_verdict v, best = ADM_NOT_PODS, worst = ADM_ENFORCE;
	size_t i;

	if (node_count(any)) {
		for (i = 0; i < node_count(any); i++)
			if ((v = kyverno_filter_match(node_at(any, i), ns)) >
			    best)
				best = v;
		return best;
	}
	if (node_count(all)) {
		for (i = 0; i < node_count(all); i++)
			if ((v = kyverno_filter_match(node_at(all, i), ns)) <
			    worst)
				worst = v;
		return worst;
	}
	return kyverno_filter_match(m, ns);
}

/*
 * One ResourceFilter of exclude: can the creator of a pod in ns (any
 * namespace when ns is NULL) make it hold?  *by_creator is set when it
 * holds through the pod's name, labels or annotations.
 */
static bool kyverno_filter_excludes(const struct node *f, const struct kobj *ns,
				    bool *by_creator)
{
	const struct node *rd = node_get(f, "resources");
	const struct node *kinds = node_get(rd, "kinds");
	const struct node *ops = node_get(rd, "operations");
	const struct node *nss = node_get(rd, "namespaces");
	const struct node *sel = node_get(rd, "namespaceSelector");
	static const char *const star[] = { "*", NULL };

	if (!rd || kyverno_user_fields(f) ||
	    (node_count(kinds) && !kyverno_kinds_pod(kinds)) ||
	    (node_count(ops) && !list_has(ops, create_ops)))
		return false;
	if (node_count(nss) &&
	    (ns ? !list_glob(nss, ns->name) : !list_has(nss, star)))
		return false;
	if (sel && (ns ? !selector_matches_ns(sel, ns->labels, ns->name)
		       : selector_narrows(sel)))
		return false;
	*by_creator |= kyverno_creator_fields(rd);
	return true;
}

static bool kyverno_exclude(const struct node *x, const struct kobj *ns,
			    bool *by_creator)
{
	const struct node *any = node_get(x, "any"), *all = node_get(x, "all");
	size_t i;

	if (!x)
		return false;
	if (node_count(any)) {
		for (i = 0; i < node_count(any); i++)
			if (kyverno_filter_excludes(node_at(any, i), ns,
						    by_creator))
				return true;
		return false;
	}
	if (node_count(all)) {
		for (i = 0; i < node_count(all); i++)
			if (!kyverno_filter_excludes(node_at(all, i), ns,
						     by_creator))
				return false;
		return true;
	}
	return kyverno_filter_excludes(x, ns, by_creator);
}

static bool enforce_word(const char *s)
{
	return s && !strcasecmp(s, "enforce");
}

/*
 * The rule refuses in ns: its validate.failureAction, else the policy's
 * validationFailureAction (default Audit), unless an override for the
 * namespace says otherwise.  In some namespace (ns NULL): enforced
 * anywhere.
 */
static bool kyverno_enforces(const struct node *spec, const struct node *val,
			     const struct kobj *ns, const char **action)
{
	const char *act = node_get_str(val, "failureAction");
	const struct node *ovs = node_get(val, "failureActionOverrides");
	bool enf;
	size_t i;

	if (!act)
		act = node_get_str(spec, "validationFailureAction");
	if (!node_count(ovs))
		ovs = node_get(spec, "validationFailureActionOverrides");
	*action = act ? act : "Audit, the default";
	enf = enforce_word(act);
	for (i = 0; i < node_count(ovs); i++) {
		const struct node *ov = node_at(ovs, i);
		const struct node *nss = node_get(ov, "namespaces");
		const struct node *sel = node_get(ov, "namespaceSelector");
		bool here;

		if (!ns) {
			if (enforce_word(node_get_str(ov, "action")))
				return true;
			continue;
		}
		here = (node_count(nss) && list_glob(nss, ns->name)) ||
		       (sel && selector_matches_ns(sel, ns->labels, ns->name));
		if (here) {
			*action = node_get_str(ov, "action")
				      ? node_get_str(ov, "action")
				      : *action;
			return enforce_word(node_get_str(ov, "action"));
		}
	}
	return enf;
}

/*
 * One "[Kind,Namespace,Name]" entry of Kyverno's resourceFilters (text of
 * len bytes) skips every pod of namespace ns.
 */
static bool kyverno_filter_entry(const char *t, size_t len, const char *ns)
{
	char f[3][256];
	size_t k = 0, i = 0, w = 0;

	memset(f, 0, sizeof(f));
	for (i = 0; i < len && k < 3; i++) {
		if (t[i] == ',') {
			k++;
			w = 0;
		} else if (t[i] != ' ' && w + 1 < sizeof(f[0])) {
			f[k][w++] = t[i];
		}
	}
	if (k != 2)
		return false;
	return (kyverno_kind_pod(f[0]) || !strcmp(f[0], "Pod/*")) &&
	       adm_glob(f[1], ns) && !strcmp(f[2], "*");
}

bool adm_kyverno_filtered(const struct inventory *inv, const char *ns,
			  const char **where)
{
	const struct kobj *cm =
	    inventory_find(inv, "ConfigMap", "kyverno", "kyverno");
	const char *t, *open, *close;

	t = cm ? node_get_str(node_get(cm->root, "data"), "resourceFilters")
	       : NULL;
	while (t && (open = strchr(t, '[')) && (close = strchr(open, ']'))) {
		if (kyverno_filter_entry(open + 1, (size_t)(close - open - 1),
					 ns)) {
			*where = "kyverno";
			return true;
		}
		t = close + 1;
	}
	return false;
}

static enum adm_verdict kyverno(const struct inventory *inv,
				const struct kobj *o, const struct kobj *ns,
				char *why, size_t n)
{
	const struct node *spec = node_get(o->root, "spec");
	const struct node *rules = node_get(spec, "rules");
	enum adm_verdict best = ADM_NOT_PODS;
	const char *what =
	    !strcmp(o->kind, "Policy") ? "Policy" : "ClusterPolicy";
	const char *action = NULL, *where = NULL;
	bool by_creator = false;
	size_t i;

	say(why, n,
	    "Kyverno %s '%s' has no validate rule that matches the "
	    "creation of pods",
	    what, o->name);
	if (!strcmp(o->kind, "Policy") && ns &&
	    (!o->ns || strcmp(o->ns, ns->name))) {
		say(why, n, "Kyverno Policy '%s' acts only in namespace '%s'",
		    o->name, o->ns ? o->ns : "?");
		return ADM_OUTSIDE;
	}
	if (ns && adm_kyverno_filtered(inv, ns->name, &where)) {
		say(why, n,
		    "Kyverno's resourceFilters (ConfigMap %s/kyverno) skip "
		    "the namespace",
		    where);
		return ADM_OUTSIDE;
	}
	if (node_is_false(node_get(spec, "admission"))) {
		say(why, n,
		    "Kyverno %s '%s' runs in the background only "
		    "(admission: false)",
		    what, o->name);
		return ADM_NOT_PODS;
	}
	for (i = 0; i < node_count(rules); i++) {
		const struct node *r = node_at(rules, i);
		const struct node *val = node_get(r, "validate");
		enum adm_verdict v;

		if (!val)
			continue;
		v = kyverno_match(node_get(r, "match"), ns);
		if (v == ADM_ENFORCE &&
		    kyverno_exclude(node_get(r, "exclude"), ns, &by_creator))
			v = ADM_OUTSIDE;
		if (v == ADM_ENFORCE &&
		    !kyverno_enforces(spec, val, ns, &action))
			v = ADM_AUDIT;
		if (v == ADM_ENFORCE)
			return v;
		if (v <= best)
			continue;
		best = v;
		if (v == ADM_NARROWED)
			say(why, n,
			    "Kyverno %s '%s' matches only pods of some names, "
			    "labels or users",
			    what, o->name);
		else if (v == ADM_OUTSIDE && by_creator)
			say(why, n,
			    "Kyverno %s '%s' excludes pods by name or label, "
			    "which their creator chooses",
			    what, o->name);
		else if (v == ADM_OUTSIDE)
			say(why, n,
			    "Kyverno %s '%s' does not match or excludes the "
			    "namespace",
			    what, o->name);
		else if (v == ADM_AUDIT)
			say(why, n,
			    "Kyverno %s '%s' only audits (failure action %s)",
			    what, o->name, action);
	}
	return best;
}

/* ---- Gatekeeper --------------------------------------------------------- */

/* Gatekeeper's Config exempts ns from its admission webhook. */
static bool gatekeeper_config_exempts(const struct inventory *inv,
				      const char *ns, const char **cfg)
{
	static const char *const procs[] = { "*", "webhook", NULL };
	const struct kobj *const *o;
	size_t n, i, j;

	o = inventory_kind(inv, "Config", &n);
	for (i = 0; i < n; i++) {
		const struct node *m;

		if (strcmp(o[i]->group, "config.gatekeeper.sh"))
			continue;
		m = node_get(node_get(o[i]->root, "spec"), "match");
		for (j = 0; j < node_count(m); j++) {
			const struct node *e = node_at(m, j);
			if (list_has(node_get(e, "processes"), procs) &&
			    list_glob(node_get(e, "excludedNamespaces"), ns)) {
				*cfg = o[i]->name;
				return true;
			}
		}
	}
	return false;
}

static bool gatekeeper_kinds_pod(const struct node *kinds)
{
	static const char *const pod_kind[] = { "Pod", "*", NULL };
	size_t i;

	if (!node_count(kinds))
		return true; /* no kinds: every kind */
	for (i = 0; i < node_count(kinds); i++) {
		const struct node *k = node_at(kinds, i);
		const struct node *g = node_get(k, "apiGroups");
		if ((!g || list_has(g, core_group)) &&
		    list_has(node_get(k, "kinds"), pod_kind))
			return true;
	}
	return false;
}

/* enforcementAction deny (the default), or scoped with deny at admission. */
static bool gatekeeper_denies(const struct node *spec, const char **action)
{
	const char *a = node_get_str(spec, "enforcementAction");
	const struct node *sc = node_get(spec, "scopedEnforcementActions");
	size_t i, j;

	*action = a ? a : "deny";
	if (!a || !strcasecmp(a, "deny"))
		return true;
	if (strcasecmp(a, "scoped"))
		return false;
	for (i = 0; i < node_count(sc); i++) {
		const struct node *e = node_at(sc, i);
		const struct node *pts = node_get(e, "enforcementPoints");

		if (!node_str(node_get(e, "action")) ||
		    strcasecmp(node_get_str(e, "action"), "deny"))
			continue;
		for (j = 0; j < node_count(pts); j++) {
			const char *p = node_get_str(node_at(pts, j), "name");
			if (p && (!strcmp(p, "*") ||
				  !strcmp(p, "validation.gatekeeper.sh")))
				return true;
		}
	}
	*action = "scoped, without deny at validation.gatekeeper.sh";
	return false;
}

static enum adm_verdict gatekeeper(const struct inventory *inv,
				   const struct kobj *o, const struct kobj *ns,
				   char *why, size_t n)
{
	const struct node *spec = node_get(o->root, "spec");
	const struct node *m = node_get(spec, "match");
	const struct node *nss = node_get(m, "namespaces");
	const struct node *sel = node_get(m, "namespaceSelector");
	const char *scope = node_get_str(m, "scope");
	const char *action, *cfg = NULL;

	if (!gatekeeper_kinds_pod(node_get(m, "kinds")) ||
	    (scope && !strcmp(scope, "Cluster"))) {
		say(why, n, "Gatekeeper %s '%s' does not match pods", o->kind,
		    o->name);
		return ADM_NOT_PODS;
	}
	if (selector_narrows(node_get(m, "labelSelector")) ||
	    node_get_str(m, "name")) {
		say(why, n,
		    "Gatekeeper %s '%s' matches only pods of some names or "
		    "labels, which their creator chooses",
		    o->kind, o->name);
		return ADM_NARROWED;
	}
	if (ns && ((node_count(nss) && !list_glob(nss, ns->name)) ||
		   list_glob(node_get(m, "excludedNamespaces"), ns->name) ||
		   (sel && !selector_matches_ns(sel, ns->labels, ns->name)))) {
		say(why, n,
		    "Gatekeeper %s '%s' does not match or excludes the "
		    "namespace",
		    o->kind, o->name);
		return ADM_OUTSIDE;
	}
	if (ns && label_value(ns->labels, GK_IGNORE_LABEL)) {
		say(why, n,
		    "the namespace is labelled " GK_IGNORE_LABEL
		    ", which Gatekeeper's webhook skips");
		return ADM_OUTSIDE;
	}
	if (ns && gatekeeper_config_exempts(inv, ns->name, &cfg)) {
		say(why, n,
		    "Gatekeeper Config '%s' exempts the namespace from its "
		    "webhook",
		    cfg);
		return ADM_OUTSIDE;
	}
	if (!gatekeeper_denies(spec, &action)) {
		say(why, n,
		    "Gatekeeper %s '%s' does not deny (enforcementAction %s)",
		    o->kind, o->name, action);
		return ADM_AUDIT;
	}
	return ADM_ENFORCE;
}

const struct kobj *adm_gatekeeper_unread(const struct inventory *inv)
{
	const struct kobj *const *t;
	bool group = inventory_forbidden_any(inv, ADM_GATEKEEPER_UNSEEN);
	size_t n, i;

	t = inventory_kind(inv, "ConstraintTemplate", &n);
	for (i = 0; i < n; i++) {
		const char *kind =
		    node_str(node_path(t[i]->root, "spec.crd.spec.names.kind"));

		if (strcmp(t[i]->group, "templates.gatekeeper.sh"))
			continue;
		if (group || (kind && inventory_forbidden_any(inv, kind)))
			return t[i];
	}
	return NULL;
}

/* ---- Pod Security defaults and exemptions -------------------------------- */

static void psa_config(const struct kobj *o, const struct node *cfg,
		       const struct kobj *ns, struct adm_psa *q)
{
	const struct node *ex =
	    node_get(node_get(cfg, "exemptions"), "namespaces");
	const char *def = node_get_str(node_get(cfg, "defaults"), "enforce");
	const char *by = NULL;
	enum pss_level l = q->label;
	size_t i;

	if (l == PSS_NONE) {
		l = def ? pss_level_parse(def) : PSS_PRIVILEGED;
		/* an unknown default level: the plugin refuses to start */
		if (l == PSS_NONE)
			l = PSS_PRIVILEGED;
		by = o->name;
	}
	for (i = 0; i < node_count(ex); i++)
		if (node_str_eq(node_at(ex, i), ns->name)) {
			l = PSS_NONE;
			q->exempt_by = o->name;
		}
	if (!q->nconfigs++ || l < q->level) {
		q->level = l;
		q->default_by = by;
	}
}

void adm_psa_level(const struct inventory *inv, const struct kobj *ns,
		   struct adm_psa *q)
{
	const struct kobj *const *o;
	size_t n, i, k;

	memset(q, 0, sizeof(*q));
	q->label = pss_namespace_level(ns, "enforce", NULL);
	o = inventory_kind(inv, "AdmissionConfiguration", &n);
	for (i = 0; i < n; i++) {
		const struct node *pl = node_get(o[i]->root, "plugins");

		if (strcmp(o[i]->group, "apiserver.config.k8s.io"))
			continue;
		for (k = 0; k < node_count(pl); k++) {
			const struct node *p = node_at(pl, k);
			const struct node *cfg = node_get(p, "configuration");

			if (node_str_eq(node_get(p, "name"), "PodSecurity") &&
			    cfg)
				psa_config(o[i], cfg, ns, q);
		}
	}
	if (!q->nconfigs)
		q->level = q->label;
}

/* ---- ValidatingAdmissionPolicy ------------------------------------------ */

/* Some NamedRuleWithOperations of rules matches CREATE of any pod. */
static bool rules_take_pods(const struct node *rules, bool *by_name)
{
	size_t i;

	for (i = 0; i < node_count(rules); i++) {
		const struct node *r = node_at(rules, i);
		if (list_has(node_get(r, "apiGroups"), core_group) &&
		    list_has(node_get(r, "resources"), pod_res) &&
		    list_has(node_get(r, "operations"), create_ops)) {
			if (!node_count(node_get(r, "resourceNames")))
				return true;
			if (by_name)
				*by_name = true;
		}
	}
	return false;
}

/*
 * A MatchResources (the policy's matchConstraints or the binding's
 * matchResources) for a pod created in ns.
 */
static enum adm_verdict match_resources(const struct node *mr,
					const struct kobj *ns, bool need_rules)
{
	const struct node *sel = node_get(mr, "namespaceSelector");
	const struct node *rr = node_get(mr, "resourceRules");
	bool by_name = false;

	if ((need_rules || node_count(rr)) && !rules_take_pods(rr, &by_name))
		return by_name ? ADM_NARROWED : ADM_NOT_PODS;
	if (selector_narrows(node_get(mr, "objectSelector")))
		return ADM_NARROWED;
	by_name = false;
	if (rules_take_pods(node_get(mr, "excludeResourceRules"), &by_name) ||
	    by_name)
		return ADM_OUTSIDE;
	if (ns && sel && !selector_matches_ns(sel, ns->labels, ns->name))
		return ADM_OUTSIDE;
	return ADM_ENFORCE;
}

static enum adm_verdict binding(const struct inventory *inv,
				const struct kobj *o, const struct kobj *ns,
				char *why, size_t n)
{
	static const char *const deny[] = { "Deny", NULL };
	const struct node *spec = node_get(o->root, "spec");
	const char *pname = node_get_str(spec, "policyName");
	const struct node *acts = node_get(spec, "validationActions");
	const struct kobj *pol =
	    pname
		? inventory_find(inv, "ValidatingAdmissionPolicy", NULL, pname)
		: NULL;
	enum adm_verdict v, w;

	if (!pol) {
		say(why, n,
		    "ValidatingAdmissionPolicyBinding '%s' names no policy "
		    "of the input",
		    o->name);
		return ADM_NOT_PODS;
	}
	v = match_resources(
	    node_get(node_get(pol->root, "spec"), "matchConstraints"), ns,
	    true);
	w = match_resources(node_get(spec, "matchResources"), ns, false);
	if (w < v)
		v = w;
	if (v == ADM_NOT_PODS)
		say(why, n,
		    "ValidatingAdmissionPolicy '%s' does not match the "
		    "creation of pods",
		    pname);
	else if (v == ADM_NARROWED)
		say(why, n,
		    "ValidatingAdmissionPolicy '%s' (binding '%s') matches "
		    "only pods of some names or labels",
		    pname, o->name);
	else if (v == ADM_OUTSIDE)
		say(why, n,
		    "ValidatingAdmissionPolicy '%s' (binding '%s') does not "
		    "match or excludes the namespace",
		    pname, o->name);
	if (v != ADM_ENFORCE)
		return v;
	/* v1alpha1 bindings had no validationActions and always denied */
	if (node_count(acts) && !list_has(acts, deny)) {
		say(why, n,
		    "ValidatingAdmissionPolicyBinding '%s' does not deny "
		    "(validationActions without Deny)",
		    o->name);
		return ADM_AUDIT;
	}
	return ADM_ENFORCE;
}

/* ---- webhooks ------------------------------------------------------------- */

/* Kyverno's and Gatekeeper's own webhooks: judged by their policies. */
static bool engine_webhook(const struct kobj *cfg, const struct node *wh)
{
	const char *name = node_get_str(wh, "name");
	size_t n = name ? strlen(name) : 0;

	return !strncmp(cfg->name, "kyverno-", 8) ||
	       !strncmp(cfg->name, "gatekeeper-", 11) ||
	       (name && (strstr(name, ".kyverno.svc") ||
			 (n > 14 && !strcmp(name + n - 14, ".gatekeeper.sh"))));
}

static enum adm_verdict webhooks(const struct kobj *o, const struct kobj *ns,
				 char *why, size_t n)
{
	const struct node *hooks = node_get(o->root, "webhooks");
	enum adm_verdict best = ADM_NOT_PODS;
	size_t h;

	say(why, n,
	    "ValidatingWebhookConfiguration '%s' has no webhook on pods",
	    o->name);
	for (h = 0; h < node_count(hooks); h++) {
		const struct node *wh = node_at(hooks, h);
		const struct node *sel = node_get(wh, "namespaceSelector");

		if (engine_webhook(o, wh) ||
		    !webhook_rules_cover(wh, "", "pods", "CREATE", NULL))
			continue;
		if (selector_narrows(node_get(wh, "objectSelector"))) {
			if (best < ADM_NARROWED)
				say(why, n,
				    "webhook '%s' sees only pods whose labels "
				    "fit its objectSelector",
				    node_get_str(wh, "name")
					? node_get_str(wh, "name")
					: "?");
			best = best < ADM_NARROWED ? ADM_NARROWED : best;
			continue;
		}
		if (ns && sel &&
		    !selector_matches_ns(sel, ns->labels, ns->name)) {
			if (best < ADM_OUTSIDE)
				say(why, n,
				    "the namespaceSelector of webhook '%s' "
				    "leaves the namespace out",
				    node_get_str(wh, "name")
					? node_get_str(wh, "name")
					: "?");
			best = ADM_OUTSIDE;
			continue;
		}
		return ADM_ENFORCE;
	}
	return best;
}

/* ---- dispatch ------------------------------------------------------------- */

static bool kyverno_policy(const struct kobj *o)
{
	return !strcmp(o->group, "kyverno.io") &&
	       (!strcmp(o->kind, "ClusterPolicy") ||
		!strcmp(o->kind, "Policy"));
}

bool adm_is_policy(const struct kobj *o)
{
	return kyverno_policy(o) ||
	       !strcmp(o->group, "constraints.gatekeeper.sh") ||
	       (!strcmp(o->group, "admissionregistration.k8s.io") &&
		(!strcmp(o->kind, "ValidatingAdmissionPolicyBinding") ||
		 !strcmp(o->kind, "ValidatingWebhookConfiguration")));
}

enum adm_verdict adm_judge(const struct inventory *inv, const struct kobj *o,
			   const struct kobj *ns, char *why, size_t n)
{
	if (why && n)
		*why = '\0';
	if (kyverno_policy(o))
		return kyverno(inv, o, ns, why, n);
	if (!strcmp(o->group, "constraints.gatekeeper.sh"))
		return gatekeeper(inv, o, ns, why, n);
	if (!strcmp(o->kind, "ValidatingAdmissionPolicyBinding"))
		return binding(inv, o, ns, why, n);
	if (!strcmp(o->kind, "ValidatingWebhookConfiguration"))
		return webhooks(o, ns, why, n);
	return ADM_NOT_PODS;
}

void adm_policies_collect(const struct inventory *inv, struct adm_policies *p)
{
	size_t i, n = inventory_size(inv);

	p->n = 0;
	p->v = xrealloc_array(NULL, n ? n : 1, sizeof(*p->v));
	for (i = 0; i < n; i++) {
		const struct kobj *o = inventory_object(inv, i);
		if (adm_is_policy(o))
			p->v[p->n++] = o;
	}
	p->stand_in = adm_gatekeeper_unread(inv);
}

void adm_policies_release(struct adm_policies *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

bool adm_policy_guarded(const struct inventory *inv,
			const struct adm_policies *p, const struct kobj *ns,
			char *why, size_t n)
{
	enum adm_verdict best = ADM_NOT_PODS;
	char w[256];
	size_t i;

	if (why && n)
		*why = '\0';
	if (p->stand_in)
		return true;
	for (i = 0; i < p->n; i++) {
		enum adm_verdict v = adm_judge(inv, p->v[i], ns, w, sizeof(w));

		if (v == ADM_ENFORCE)
			return true;
		if (why && n && (v > best || !*why)) {
			best = v;
			fmt_snprintf(why, n, "%s", w);
		}
	}
	return false;
}

bool adm_guarded(const struct inventory *inv, const struct adm_policies *p,
		 const struct kobj *ns, char *why, size_t n)
{
	struct adm_psa q;

	if (why && n)
		*why = '\0';
	if (ns) {
		adm_psa_level(inv, ns, &q);
		if (q.level >= PSS_BASELINE)
			return true;
	}
	return adm_policy_guarded(inv, p, ns, why, n);
}
