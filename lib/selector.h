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
#include <stddef.h>

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

/*
 * An index of selectors by the first pair of their label map, so the
 * selectors a set of labels may match are found without trying them all.
 * Items are numbered by the caller (0, 1, ... in the order that matters
 * to it).  A selector matches only labels that carry its first pair, so
 * selidx_candidates() returns every item that can match -- those filed
 * under a pair the labels carry plus those filed without one -- sorted and
 * each once; the caller still judges each candidate with the matching
 * function it always used, and gets the same answer as trying every item.
 * Malloc'ed; not thread safe while being filled.
 */
struct selidx;
struct selidx *selidx_new(void);
void selidx_free(struct selidx *x);
/*
 * File item under the first member of map (Service selector, matchLabels)
 * when that is a string; else (NULL, empty, not a map) as a candidate for
 * any labels.
 */
void selidx_add(struct selidx *x, size_t item, const struct node *map);
/*
 * Candidates for labels into *v (grown as needed, *alloc its size);
 * returns how many.
 */
size_t selidx_candidates(const struct selidx *x, const struct node *labels,
			 size_t **v, size_t *alloc);
/* v[0..n) sorted and each item once (candidates of several sources
 * merged); returns how many are left. */
size_t selidx_unique(size_t *v, size_t n);

#endif
