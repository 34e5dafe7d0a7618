/*
 * admission.h - which admission policies refuse a pod created in a
 * namespace.
 *
 * A policy object of the input (a Kyverno ClusterPolicy or Policy, a
 * Gatekeeper constraint, a ValidatingAdmissionPolicyBinding, a
 * ValidatingWebhookConfiguration) is judged for one request: CREATE of a
 * Pod, by an identity the policy does not single out, in one namespace.
 * Whatever the pod's creator chooses (the pod's name, labels and
 * annotations) is taken as chosen to escape: a match narrowed by them
 * does not guard, an exclusion by them is an open door.  What the creator
 * does not choose (who it is) narrows a match to some users, which does
 * not guard the namespace either.
 *
 * Pure functions over the loaded tree; thread safe.
 */
#ifndef THREATMAP_ADMISSION_H
#define THREATMAP_ADMISSION_H

#include <stdbool.h>
#include <stddef.h>

#include "pss.h"

struct inventory;
struct kobj;
struct node;

/* From worst to best for the defender. */
enum adm_verdict {
	ADM_NOT_PODS, /* does not judge the creation of pods */
	ADM_NARROWED, /* judges only pods whose name, labels or creator fit */
	ADM_OUTSIDE,  /* the namespace is outside its match, or excluded */
	ADM_AUDIT,    /* judges the pod, never refuses it */
	ADM_ENFORCE,  /* refuses a pod that breaks it */
};

/*
 * o is one of the policy objects above (Kyverno, Gatekeeper constraint,
 * binding, validating webhook configuration).
 */
bool adm_is_policy(const struct kobj *o);

/*
 * How o treats a pod created in namespace ns (a Namespace object of the
 * input, or NULL: in some namespace, the one most favourable to o).  inv
 * gives what o refers to (the binding's policy, Gatekeeper's Config).
 * When the verdict is not ADM_ENFORCE, why (size n) gets a short reason
 * ("Kyverno ClusterPolicy 'x' only audits (validationFailureAction
 * Audit)").
 */
enum adm_verdict adm_judge(const struct inventory *inv, const struct kobj *o,
			   const struct kobj *ns, char *why, size_t n);

/*
 * Kyverno's resourceFilters (data.resourceFilters of its ConfigMap
 * kyverno/kyverno, "[Kind,Namespace,Name]..." entries) skip every pod of
 * namespace ns: an entry for Pod (or any kind), a namespace pattern that
 * matches ns and the name "*".  *where gets the ConfigMap's namespace.
 */
bool adm_kyverno_filtered(const struct inventory *inv, const char *ns,
			  const char **where);

/*
 * The kind a live scan records as forbidden when the discovery of
 * Gatekeeper's constraint group was denied (kube.h's
 * KUBE_GATEKEEPER_UNSEEN).
 */
#define ADM_GATEKEEPER_UNSEEN "*.constraints.gatekeeper.sh"

/*
 * A Gatekeeper ConstraintTemplate of inv whose constraints could not be
 * read (their kind, or the whole constraint group, forbidden), or NULL.
 * Objects given as files are never forbidden.
 */
const struct kobj *adm_gatekeeper_unread(const struct inventory *inv);

/*
 * Pod Security as the API server applies it to a namespace: its enforce
 * label, or where it has none (or an invalid one) defaults.enforce of the
 * PodSecurity plugin's configuration in the AdmissionConfiguration
 * documents of the input (privileged when unset); none where such a
 * document lists the namespace in exemptions.namespaces.  Several
 * documents (several API servers): the weakest, as a request may reach
 * any of them.
 */
struct adm_psa {
	enum pss_level level;	/* enforced on the namespace */
	enum pss_level label;	/* its enforce label; PSS_NONE: none/invalid */
	const char *default_by; /* the document whose default applies */
	const char *exempt_by;	/* the document exempting the namespace */
	size_t nconfigs;	/* PodSecurity configurations read */
};
void adm_psa_level(const struct inventory *inv, const struct kobj *ns,
		   struct adm_psa *out);

/*
 * The policy objects of an inventory (adm_is_policy()), gathered once, and
 * the Gatekeeper template standing in for constraints a live scan could
 * not read (adm_gatekeeper_unread()).
 */
struct adm_policies {
	const struct kobj **v;
	size_t n;
	const struct kobj *stand_in;
};
void adm_policies_collect(const struct inventory *inv, struct adm_policies *p);
void adm_policies_release(struct adm_policies *p);
/*
 * Something refuses a bad pod created in namespace ns (in some namespace
 * when ns is NULL, apart from Pod Security labels): the namespace
 * enforces baseline or restricted (adm_psa_level()), or a policy of p
 * enforces there (adm_judge()).  Otherwise why (size n, may be NULL) gets
 * the reason of the policy that came closest, or stays empty when there
 * is none.
 */
bool adm_guarded(const struct inventory *inv, const struct adm_policies *p,
		 const struct kobj *ns, char *why, size_t n);
/*
 * adm_guarded() without Pod Security: a policy of p (or the Gatekeeper
 * stand-in) refuses a bad pod created in ns.  Pod Security reads labels of
 * the Namespace, which whoever may update or patch that Namespace rewrites;
 * a policy object is not theirs to change.
 */
bool adm_policy_guarded(const struct inventory *inv,
			const struct adm_policies *p, const struct kobj *ns,
			char *why, size_t n);
/*
 * Kyverno and Gatekeeper pattern: '*' any run of characters, '?' one
 * character (Gatekeeper's "kube-*" and "*-system" are cases of it).
 */
bool adm_glob(const char *pat, const char *s);

#endif
