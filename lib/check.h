/*
 * check.h - the check table.
 *
 * Each file in checks/ defines exactly one const struct check; the registry
 * (checks/registry.h) lists them all, NULL-terminated.  Nothing in lib/
 * names a check: the scan runs whatever table its caller hands it.  A check reads the
 * scan (inventory and analyses) and appends findings; it does no I/O and
 * keeps no state, so checks may run in parallel.
 *
 * needs says which kinds the check must see.  When a needed kind could not
 * be read anywhere (a 403 everywhere), the check is "not visible" rather
 * than "passed"; when it was forbidden in some namespaces only, the check
 * runs and is "partial".  Workloads are judged one by one, so a check
 * needing them runs (partial) on the workload kinds that were read (the
 * Deployments when Pods are forbidden) and is not visible only when none
 * of them was.
 */
#ifndef THREATMAP_CHECK_H
#define THREATMAP_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "severity.h"

struct findings;
struct pod_view;
struct scan;
struct wl_iter;

enum need {
	NEED_WORKLOADS = 1u << 0, /* Pod and every controller kind */
	NEED_SERVICES = 1u << 1,
	NEED_INGRESSES = 1u << 2,
	NEED_NETPOL = 1u << 3,
	NEED_SERVICEACCOUNTS = 1u << 4,
	NEED_RBAC = 1u << 5, /* Roles, ClusterRoles and their bindings */
	NEED_NAMESPACES = 1u << 6,
	NEED_NODES = 1u << 7,
	NEED_WEBHOOKS = 1u << 8,
	NEED_CONFIGMAPS = 1u << 9,
	NEED_SECRETS = 1u << 10,
	/* ValidatingAdmissionPolicies and their bindings, Kyverno policies,
	 * Gatekeeper constraint templates */
	NEED_ADMISSION = 1u << 11,
	NEED_RESOURCE_POLICY = 1u << 12, /* LimitRange, ResourceQuota */
	NEED_STORAGE = 1u << 13,	 /* PersistentVolume, StorageClass */
	/* HTTPRoute, GRPCRoute, and the Gateways and ListenerSets they use */
	NEED_GATEWAY_ROUTES = 1u << 14,
	NEED_ENDPOINTS = 1u << 15, /* Endpoints, EndpointSlices */
};

struct check {
	const char *id;		/* stable, kebab-case: "privileged-container" */
	const char *title;	/* one line */
	enum severity severity; /* the highest severity it reports */
	/*
	 * The lowest severity it reports when the severity depends on what
	 * was found (a hostPath's target, a role's reach); SEV_NONE when
	 * every finding has .severity.
	 */
	enum severity severity_min;
	unsigned needs;		       /* enum need bits */
	const char *const *techniques; /* Microsoft IDs, NULL-terminated */
	const char *const *attack;     /* ATT&CK IDs, NULL-terminated */
	const char *rationale; /* why it matters, and why this severity */
	const char *remediation;
	/* Corrected YAML (a fragment a reader can paste), or NULL. */
	const char *fix;
	/*
	 * Markdown for the reference page (docs/checks.md is generated from
	 * the table): what exactly it looks at, severity tables, what it is
	 * silent for, false positives.  NULL: the page shows the rationale
	 * and remediation instead.
	 */
	const char *details;
	const char *const *references; /* URLs, NULL-terminated, may be NULL */
	/*
	 * A check has run(), pod(), container(), or several of them.
	 *
	 * run() appends findings; returns 0, CHECK_RUN_UNJUDGEABLE when the
	 * input cannot show what the check judges (a manifest set is no
	 * cluster view: the check is then "not visible"), or -1 on failure.
	 *
	 * pod() judges one pod view (inventory_pods()) on its own: from the
	 * view and what the scan built before the checks (its analyses and
	 * indexes), never from what it saw of other views, and with nothing
	 * to report once all were seen.  container() judges one container of
	 * a view (init and ephemeral ones too) on its own, from what the
	 * iterator shows and nothing else; container_linux_only: it skips
	 * Windows pods.
	 *
	 * scan_run() walks the pod views once for every check with pod() or
	 * container(): on each view every pod(), then on each of its
	 * containers every container(), so a view's tree is read by all of
	 * them while it is in the cache.  With threads the views are shared
	 * out between them, each check's findings still in the order of the
	 * views.  Such a check's run(), when it has one, judges the rest
	 * (ssh-server's Services) and its findings come after the walk's.
	 */
	int (*run)(const struct scan *s, struct findings *out);
	void (*pod)(const struct scan *s, struct findings *out,
		    const struct pod_view *pv);
	void (*container)(struct findings *out, const struct wl_iter *it);
	bool container_linux_only;
	/*
	 * Optional: why the check cannot judge this input although every
	 * kind it needs was readable (a managed cluster hides its control
	 * plane), or NULL when it can.  Non-NULL makes it "not visible".
	 */
	const char *(*unseen)(const struct scan *s);
	/*
	 * Optional: what the check ran on but cannot tell (a vendor's kubelet
	 * build that may carry a backported fix), as one sentence in s's
	 * arena, or NULL.  Called after run() succeeded; non-NULL makes the
	 * result partial with that reason and changes no finding.
	 */
	const char *(*unjudged)(const struct scan *s);
};

#define CHECK_RUN_UNJUDGEABLE 1

/*
 * A check table is a NULL-terminated array of checks; the tool passes the
 * registry (checks/registry.h), a test may pass a table of one.
 */

/* The check in table whose id is id, or NULL. */
const struct check *check_table_find(const struct check *const *table,
				     const char *id);

/* Number of checks in table. */
size_t check_table_count(const struct check *const *table);

/* Kinds behind one need bit, NULL-terminated ("Pod", "Deployment", ...). */
const char *const *need_kinds(unsigned need_bit);

/*
 * kind (as kind_key() gives it) belongs to a project's API that a
 * cluster may not have (DeploymentConfig, Rollout, OpenKruise's and
 * Knative's workloads): one not read is no view of its own.
 */
bool need_kind_optional(const char *kind);

/* A short plural name of one need bit ("workloads", "Services"). */
const char *need_name(unsigned need_bit);

#endif
