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
 * Is a projected serviceAccountToken source (t, the source's value) a token
 * the API server takes?  Its audience defaults to the API server's; a token
 * asked for another audience (sts.amazonaws.com, api://AzureADTokenExchange,
 * vault) is refused by the API server's authenticator unless
 * --api-audiences lists that audience.  Without the flag in view, an
 * audience naming the in-cluster API ("kubernetes.default.svc...") is taken
 * as the API server's and any other as another recipient's.
 */
bool sa_token_for_api(const struct node *t);

/*
 * Is a token of the pod's service account mounted into pv?  It is when a
 * projected volume holds a serviceAccountToken source the API server takes
 * (sa_token_for_api()), or when
 * automountServiceAccountToken is true on the pod, or unset on the pod and
 * not false on the ServiceAccount object (when present in inv).  Never for
 * a mirror pod (wl_is_mirror_pod()): static pods get no token.  Fills *t
 * (strings borrowed from the tree or static, paths in a static table).
 */
bool sa_token_mounted(const struct inventory *inv, const struct pod_view *pv,
		      struct sa_token *t);

/*
 * Only the account pv runs as (t->ns, t->name, t->sa_at, t->sa_path; t->how
 * NULL): cheap, no lookup, for callers that skip pods whose account does not
 * matter to them before asking sa_token_mounted().
 */
void sa_token_account(const struct pod_view *pv, struct sa_token *t);

/*
 * sa_token_mounted() for a caller that knows the account object's
 * automountServiceAccountToken already: account_off is true when the
 * ServiceAccount object pv runs as is in the input and sets it false.
 */
bool sa_token_mounted_known(const struct pod_view *pv, struct sa_token *t,
			    bool account_off);

#endif
