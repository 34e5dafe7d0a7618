/*
 * selector.h - Kubernetes label selector semantics.
 *
 * Two forms exist: a plain map (Service.spec.selector, ReplicationController)
 * and a LabelSelector (matchLabels plus matchExpressions with In, NotIn,
 * Exists, DoesNotExist).  An empty LabelSelector ({}) selects everything; a
 * missing one (NULL) selects nothing; an empty plain map selects nothing, as
 * a Service without selector has no endpoints chosen by labels.
 */
#ifndef THREATMAP_SELECTOR_H
#define THREATMAP_SELECTOR_H

#include <stdbool.h>

struct node;

/* LabelSelector sel matches labels (an object of strings, or NULL). */
bool selector_matches(const struct node *sel, const struct node *labels);

/* Plain map selector (Service): every pair present in labels; {} is false. */
bool selector_map_matches(const struct node *sel, const struct node *labels);

/*
 * LabelSelector sel matches a Namespace named name with labels: the
 * API server adds the immutable label kubernetes.io/metadata.name = name to
 * every Namespace, so it matches even when the Namespace object is absent
 * from the input (labels NULL).
 */
bool selector_matches_ns(const struct node *sel, const struct node *labels,
			 const char *name);

/*
 * LabelSelector sel against labels given by a lookup function: value(ctx,
 * key) returns the label's value or NULL.  For label sets that are not one
 * object (a Cilium endpoint's pod labels plus its namespace pseudo-labels).
 */
bool selector_matches_fn(const struct node *sel,
			 const char *(*value)(void *ctx, const char *key),
			 void *ctx);

/* Value of label key in labels, or NULL. */
const char *label_value(const struct node *labels, const char *key);

#endif
