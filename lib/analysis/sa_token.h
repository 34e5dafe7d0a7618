/*
 * sa_token.h - whether a pod carries its service account's token.
 *
 * The attack paths, the escalation graph and several checks ask the same
 * question; it lives here, below all of them.
 */
#ifndef THREATMAP_SA_TOKEN_H
#define THREATMAP_SA_TOKEN_H

#include <stdbool.h>

struct inventory;
struct node;
struct pod_view;

/* How a pod gets its service account token. */
struct sa_token {
	const char *ns;		  /* the pod's namespace ("" unspecified) */
	const char *name;	  /* service account name */
	const struct node *sa_at; /* serviceAccountName node, NULL if implied */
	const char *sa_path;	  /* its field path, NULL if implied */
	const char *how;	  /* "automounted", "projected volume 'x'" */
};

/*
 * Is a token of the pod's service account mounted into pv?  It is when a
 * projected volume holds a serviceAccountToken source, or when
 * automountServiceAccountToken is true on the pod, or unset on the pod and
 * not false on the ServiceAccount object (when present in inv).  Fills *t
 * (strings borrowed from the tree or static, paths in a static table).
 */
bool sa_token_mounted(const struct inventory *inv, const struct pod_view *pv,
		      struct sa_token *t);

#endif
