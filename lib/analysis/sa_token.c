#include "analysis/sa_token.h"

#include <string.h>

#include "inventory.h"
#include "node.h"
#include "workload.h"

bool sa_token_for_api(const struct node *t)
{
	const char *aud = node_get_str(t, "audience");

	return !aud || !*aud || strstr(aud, "kubernetes.default.svc");
}

static const struct node *projected_token(const struct node *spec,
					  const char **vol)
{
	const struct node *vols = node_get(spec, "volumes");
	size_t i, j;

	for (i = 0; i < node_count(vols); i++) {
		const struct node *v = node_at(vols, i);
		const struct node *src = node_path(v, "projected.sources");
		for (j = 0; j < node_count(src); j++) {
			const struct node *t =
			    node_get(node_at(src, j), "serviceAccountToken");
			if (t && sa_token_for_api(t)) {
				*vol = node_get_str(v, "name");
				return t;
			}
		}
	}
	return NULL;
}

void sa_token_account(const struct pod_view *pv, struct sa_token *t)
{
	const struct node *spec = pv->spec, *n;

	memset(t, 0, sizeof(*t));
	t->ns = kobj_ns(pv->obj);
	t->name = "default";
	if ((n = node_get(spec, "serviceAccountName")) && node_str(n) &&
	    *node_str(n)) {
		t->name = node_str(n);
		t->sa_at = n;
		t->sa_path = "serviceAccountName";
	} else if ((n = node_get(spec, "serviceAccount")) && node_str(n) &&
		   *node_str(n)) {
		t->name = node_str(n);
		t->sa_at = n;
		t->sa_path = "serviceAccount";
	}
}

/* inv NULL: the caller says what the account object says (account_off). */
static bool mounted(const struct inventory *inv, const struct pod_view *pv,
		    struct sa_token *t, bool account_off)
{
	const struct node *spec = pv->spec, *am;
	const struct kobj *sa;
	const char *vol = NULL;

	sa_token_account(pv, t);
	/*
	 * A static pod runs as no service account: the ServiceAccount
	 * admission plugin leaves mirror pods alone and refuses any that
	 * name an account or project a token, so none is mounted.
	 */
	if (wl_is_mirror_pod(pv))
		return false;
	if (projected_token(spec, &vol)) {
		t->how = "projected serviceAccountToken volume";
		return true;
	}
	am = node_get(spec, "automountServiceAccountToken");
	if (node_is_false(am))
		return false;
	if (!node_is_true(am)) {
		if (inv) {
			sa = inventory_find(inv, "ServiceAccount", t->ns,
					    t->name);
			account_off =
			    sa &&
			    node_is_false(node_get(
				sa->root, "automountServiceAccountToken"));
		}
		if (account_off)
			return false;
	}
	t->how = "automounted";
	return true;
}

bool sa_token_mounted(const struct inventory *inv, const struct pod_view *pv,
		      struct sa_token *t)
{
	return mounted(inv, pv, t, false);
}

bool sa_token_mounted_known(const struct pod_view *pv, struct sa_token *t,
			    bool account_off)
{
	return mounted(NULL, pv, t, account_off);
}
