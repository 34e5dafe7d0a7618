/*
 * report_fixture.h - a small scan built by hand for the report tests:
 * objects made with node constructors (no loader needed), test-only
 * checks, findings and check results.
 */
#ifndef THREATMAP_REPORT_FIXTURE_H
#define THREATMAP_REPORT_FIXTURE_H

#include <stddef.h>

#include "finding.h"
#include "render/render.h"
#include "scan.h"
#include "score.h"

struct arena;
struct check;
struct kobj;
struct node;
struct policy;

/* A string scalar at line:col, in arena a. */
struct node *fx_str(struct arena *a, const char *s, unsigned line,
		    unsigned col);

/* A mapping from (const char *key, struct node *val) pairs, NULL-ended. */
struct node *fx_map(struct arena *a, unsigned line, unsigned col, ...);

/* A sequence of struct node *, NULL-ended. */
struct node *fx_list(struct arena *a, unsigned line, unsigned col, ...);

/* Add apiVersion/kind/metadata{name,namespace} starting at line. */
int fx_object(struct scan *s, const char *file, unsigned line, const char *api,
	      const char *kind, const char *ns, const char *name);

/* The test-only checks the scenario reports. */
extern const struct check fx_check_priv;
extern const struct check fx_check_hostpath;
extern const struct check fx_check_admin;
extern const struct check fx_check_secrets;
extern const struct check fx_check_path;

/* A finished scan with findings and results; release with fx_free(). */
struct fx {
	struct scan *scan;
	struct findings f;
	struct check_result res[5];
	size_t nres;
	struct score score;
	struct render_opts opts;
	struct report rep;
	struct policy *policy;
};

/* Object of the scenario by kind, namespace and name. */
const struct kobj *fx_find(struct fx *x, const char *kind, const char *ns,
			   const char *name);

/*
 * The standard scenario: a privileged Deployment (critical), a DaemonSet
 * in kube-system with a hostPath (high), an object whose name carries
 * markup, a cluster-admin binding, an attack path with three hops, and a
 * secrets check that could not see Secrets.  source names the scan's
 * source ("manifests", "snapshot", "live").
 */
void fx_build(struct fx *x, const char *source);

/* Compute the score into the report (after any suppression). */
void fx_score(struct fx *x);

/*
 * Exceptions: calico-node's hostPath is accepted until 2026-12-31; an
 * exception for the cluster-admin binding expired on 2026-01-31.  Applied
 * on 2026-11-23.
 */
void fx_policy(struct fx *x);

void fx_free(struct fx *x);

#endif
