#include "analysis/webhook.h"

#include <string.h>

#include "arena.h"
#include "node.h"
#include "sbuf.h"

/* list holds s or "*" (or, for resources, "* / *"). */
static bool list_has(const struct node *list, const char *s, bool resources)
{
	size_t i;

	for (i = 0; i < node_count(list); i++) {
		const char *v = node_str(node_at(list, i));
		if (!v)
			continue;
		if (!strcmp(v, "*") || !strcmp(v, s) ||
		    (resources && !strcmp(v, "*/*")))
			return true;
	}
	return false;
}

bool webhook_rules_cover(const struct node *wh, const char *group,
			 const char *resource, const char *op, size_t *rule)
{
	const struct node *rules = node_get(wh, "rules");
	size_t i;

	for (i = 0; i < node_count(rules); i++) {
		const struct node *r = node_at(rules, i);
		if (list_has(node_get(r, "apiGroups"), group, false) &&
		    list_has(node_get(r, "resources"), resource, true) &&
		    list_has(node_get(r, "operations"), op, false)) {
			if (rule)
				*rule = i;
			return true;
		}
	}
	return false;
}

bool webhook_matches_all(const struct node *wh)
{
	const struct node *rules = node_get(wh, "rules");
	size_t i, j;

	for (i = 0; i < node_count(rules); i++) {
		const struct node *r = node_at(rules, i);
		const struct node *res = node_get(r, "resources");
		bool any_group = false;

		for (j = 0; j < node_count(node_get(r, "apiGroups")); j++)
			any_group |= node_str_eq(
			    node_at(node_get(r, "apiGroups"), j), "*");
		for (j = 0; any_group && j < node_count(res); j++)
			if (node_str_eq(node_at(res, j), "*") ||
			    node_str_eq(node_at(res, j), "*/*"))
				return true;
	}
	return false;
}

/* A label selector that selects everything: missing, or no terms. */
static bool selects_all(const struct node *sel)
{
	return !sel || (!node_count(node_get(sel, "matchExpressions")) &&
			!(node_get(sel, "matchLabels") &&
			  node_len(node_get(sel, "matchLabels"))));
}

bool webhook_exempts_nothing(const struct node *wh)
{
	return selects_all(node_get(wh, "namespaceSelector")) &&
	       selects_all(node_get(wh, "objectSelector")) &&
	       !node_count(node_get(wh, "matchConditions"));
}

static void join(struct sbuf *sb, const struct node *list)
{
	size_t i;

	for (i = 0; i < node_count(list); i++) {
		const char *v = node_str(node_at(list, i));
		if ((i && sbuf_addch(sb, ',')) ||
		    sbuf_addf(sb, "%s", v ? (*v ? v : "\"\"") : "?"))
			oom();
	}
}

const char *webhook_rule_text(struct arena *a, const struct node *wh,
			      size_t rule)
{
	const struct node *r = node_at(node_get(wh, "rules"), rule);
	struct sbuf sb = SBUF_INIT;
	const char *out;

	join(&sb, node_get(r, "operations"));
	if (sbuf_adds(&sb, " "))
		oom();
	join(&sb, node_get(r, "resources"));
	if (sbuf_adds(&sb, " in groups "))
		oom();
	join(&sb, node_get(r, "apiGroups"));
	out = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
	sbuf_release(&sb);
	return out;
}
