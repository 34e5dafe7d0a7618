/*
 * sa-legacy-token: a Secret of type kubernetes.io/service-account-token,
 * which the token controller fills with a token of the account it names
 * that never expires.
 */
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "analysis/rbac_perm.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9016", NULL };
static const char *const attack[] = { "T1528", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/configuration/secret/"
	"#serviceaccount-token-secrets",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"service-accounts-admin/#legacy-serviceaccount-token-cleaner",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Container%20service%20account/",
	NULL,
};

#define TOKEN_TYPE "kubernetes.io/service-account-token"
#define SA_ANN	   "kubernetes.io/service-account.name"

const struct check check_sa_legacy_token = {
	.id = "sa-legacy-token",
	.title = "Long-lived service account token stored in a Secret",
	.severity = SEV_HIGH,
	.severity_min = SEV_LOW,
	.needs = NEED_SECRETS | NEED_RBAC,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "For a Secret of type " TOKEN_TYPE " the token controller "
	    "writes a token of the ServiceAccount its " SA_ANN " annotation "
	    "names.  Unlike the tokens the kubelet mounts (TokenRequest, "
	    "bound to the pod and rotated), this one has no expiry and "
	    "stays valid until the Secret or the account is deleted; the "
	    "cleaner of Kubernetes 1.29+ removes only tokens the "
	    "controller generated itself, not Secrets someone created.  "
	    "Whoever reads the Secret once, or finds the token in a log or "
	    "a backup, keeps the account's permissions for good "
	    "(Container service account, MS-TA9016).  High when the "
	    "account is effectively cluster-admin, medium when it holds "
	    "another permission of the dangerous catalogue, low "
	    "otherwise.  On manifests a Secret counts by its type; a live "
	    "cluster or snapshot lists Secrets as metadata only, so there "
	    "the annotation decides.",
	.remediation =
	    "Delete the Secret and let clients ask for short-lived tokens "
	    "(kubectl create token, the TokenRequest API, a projected "
	    "serviceAccountToken volume); where a client outside the "
	    "cluster cannot, give the account only the rules it needs and "
	    "rotate the Secret by deleting and recreating it.",
	.references = references,
	.run = run,
};

/*
 * Catalogue permissions worth naming, worst first: creating pods reaches
 * every account of the namespace, exec only those a pod mounts.
 */
static const enum rbac_perm_id worst_first[] = {
	RBAC_PERM_WILDCARD,
	RBAC_PERM_ESCALATE,
	RBAC_PERM_CSR_APPROVE,
	RBAC_PERM_WEBHOOKS,
	RBAC_PERM_NODES_PROXY,
	RBAC_PERM_SA_TOKEN,
	RBAC_PERM_CREATE_WORKLOADS,
	RBAC_PERM_READ_SECRETS,
	RBAC_PERM_EXEC,
	RBAC_PERM_COREDNS,
	RBAC_PERM_DELETE_EVENTS,
};

/*
 * The Secret holds a long-lived token: its type says so, or, where
 * Secrets are listed as metadata only (live, snapshot), it has no type
 * and the annotation says so.  A manifest Secret without a type is
 * Opaque: the token controller leaves it alone.
 */
static bool is_token_secret(const struct scan *s, const struct kobj *o)
{
	const struct node *type = node_get(o->root, "type");
	bool metadata_only =
	    s->meta.source && (!strcmp(s->meta.source, "live") ||
			       !strcmp(s->meta.source, "snapshot"));

	if (type)
		return node_str_eq(type, TOKEN_TYPE);
	return metadata_only;
}

/* What the account can do: its chain to cluster-admin or worst grant. */
struct power {
	enum severity sev;
	const char *text;
	struct escal_hop h[ESCAL_MAX_HOPS];
	size_t nhops;
	struct rbac_grant g; /* binding NULL: none */
};

static void power_of(const struct scan *s, struct arena *a,
		     const struct rbac_subject *subj, struct power *pw)
{
	const char *groups[4];
	char buf[320];
	struct rbac_identity id;
	const char *ns;
	size_t i;

	memset(pw, 0, sizeof(*pw));
	pw->nhops =
	    s->escal ? escal_chain(s->escal, subj, pw->h, ESCAL_MAX_HOPS) : 0;
	if (pw->nhops) {
		pw->sev = SEV_HIGH;
		pw->text = arena_printf(
		    a, "the account is effectively cluster-admin: %s",
		    escal_chain_text(a, pw->h, pw->nhops));
		return;
	}
	pw->sev = SEV_LOW;
	pw->text =
	    "the account holds no permission of the dangerous catalogue in "
	    "the input";
	if (!rbac_subject_identity(subj, groups, buf, sizeof(buf), &id))
		return;
	for (i = 0; i < sizeof(worst_first) / sizeof(worst_first[0]); i++) {
		const struct rbac_perm *p = &rbac_perms[worst_first[i]];

		if (!rbac_perm_held(s->rbac, &id, p, &pw->g, &ns))
			continue;
		pw->sev = SEV_MEDIUM;
		pw->text = arena_printf(
		    a, "the account can %s %s%s through %s %s",
		    rbac_perm_granted(a, pw->g.binding->role, p,
				      pw->g.binding->ns, pw->g.binding->cluster,
				      false),
		    ns ? "in namespace " : "cluster-wide", ns ? ns : "",
		    pw->g.binding->obj->kind, pw->g.binding->obj->name);
		return;
	}
	pw->g.binding = NULL;
}

static void judge(const struct scan *s, struct findings *out,
		  const struct kobj *o)
{
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };
	const struct node *ann = node_get(o->annotations, SA_ANN);
	const struct node *type = node_get(o->root, "type");
	const char *sa = node_str(ann), *ns = kobj_ns(o);
	const char *shown = *ns ? ns : "(unspecified)";
	struct power *pw;
	struct finding *fd;

	if (!sa || !*sa || !is_token_secret(s, o))
		return;
	subj.name = sa;
	subj.ns = ns;
	subj.user =
	    arena_printf(out->arena, "system:serviceaccount:%s:%s", ns, sa);
	pw = xmalloc(sizeof(*pw)); /* sixteen hops: not on the stack */
	power_of(s, out->arena, &subj, pw);
	fd = finding_add(out, &check_sa_legacy_token, o, NULL,
			 "Secret %s/%s holds a token of ServiceAccount %s/%s "
			 "that never expires; %s",
			 shown, o->name, shown, sa, pw->text);
	fd->severity = pw->sev;
	finding_evidence(out, fd, type, "type", "%s",
			 type ? TOKEN_TYPE : "unseen (metadata only)");
	finding_evidence(out, fd, ann, "metadata.annotations['" SA_ANN "']",
			 "%s", sa);
	if (pw->nhops)
		escal_hops(out, fd, pw->h, pw->nhops);
	else if (pw->g.binding)
		rbac_grant_evidence(out, fd, pw->g.binding, pw->g.subject,
				    pw->g.rule);
	free(pw);
}

static int run(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i;

	if (!s->rbac)
		return 0;
	v = inventory_kind(s->inv, "Secret", &n);
	for (i = 0; i < n; i++)
		judge(s, out, v[i]);
	return 0;
}
