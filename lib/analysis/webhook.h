/*
 * webhook.h - reading admission webhook configurations.
 *
 * Helpers over one entry of webhooks[] of a MutatingWebhookConfiguration
 * or ValidatingWebhookConfiguration: which requests its rules match, and
 * whether its selectors exempt anything.  Pure functions over the loaded
 * tree; thread safe.
 */
#ifndef THREATMAP_WEBHOOK_H
#define THREATMAP_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct node;

/*
 * Some rule of webhook wh matches operation op ("CREATE") on resource
 * ("pods") of API group group ("" for core), wildcards honoured ("*",
 * "* / *"; a subresource such as "pods/status" is not the resource).
 * *rule (may be NULL) gets the index of the first matching rule.
 */
bool webhook_rules_cover(const struct node *wh, const char *group,
			 const char *resource, const char *op, size_t *rule);

/* Some rule matches every resource of every group ("*" or "* / *"). */
bool webhook_matches_all(const struct node *wh);

/*
 * Nothing narrows the webhook: namespaceSelector and objectSelector are
 * missing or empty and there are no matchConditions.
 */
bool webhook_exempts_nothing(const struct node *wh);

/* "CREATE,UPDATE pods in groups \"\"" for evidence, in arena a. */
const char *webhook_rule_text(struct arena *a, const struct node *wh,
			      size_t rule);

#endif
