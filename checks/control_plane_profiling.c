/* control-plane-profiling: profiling endpoints of the control plane are on. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "analysis/controlplane.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);
static const char *unseen(const struct scan *s);

static const char *const techniques[] = { "MS-TA9005", NULL };
static const char *const attack[] = { "T1133", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-scheduler/",
	NULL,
};

const struct check check_control_plane_profiling = {
	.id = "control-plane-profiling",
	.title = "Control-plane component serves profiling endpoints",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "kube-apiserver, kube-controller-manager and kube-scheduler "
	    "serve /debug/pprof while --profiling is true, its default. "
	    "The endpoints reveal the program's internals and let whoever "
	    "may read them (any identity with the right non-resource URL, "
	    "or anyone on a scheduler's or controller-manager's port when "
	    "authentication is loose) slow the component down. Low: it "
	    "needs access first, and the CIS benchmark asks for it off.",
	.remediation =
	    "Start the component with --profiling=false (kube-scheduler "
	    "with --config: enableProfiling: false in that file, since the "
	    "scheduler then ignores --profiling).",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: kube-scheduler\n"
	       "    command:\n"
	       "    - kube-scheduler\n"
	       "    - --profiling=false\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

#define MASK                                                                   \
	(CP_BIT(CP_APISERVER) | CP_BIT(CP_CONTROLLER_MANAGER) |                \
	 CP_BIT(CP_SCHEDULER))

/*
 * A scheduler started with --config sets enableProfiling there (default
 * true).  The KubeSchedulerConfiguration of the input that --config names
 * (same path or base name), else the only one of the input, is judged;
 * without one, or among several none named, the setting is unknown.
 */
static const struct kobj *scheduler_config(const struct cp_proc *p,
					   bool *profiling)
{
	const struct kobj *const *v;
	const struct kobj *o;
	size_t n;

	o = cp_proc_file(p, "config", "KubeSchedulerConfiguration",
			 "kubescheduler.config.k8s.io");
	v = inventory_kind(p->inv, "KubeSchedulerConfiguration", &n);
	if (!o && n == 1)
		o = v[0];
	if (!o)
		return NULL;
	*profiling = !node_is_false(node_get(o->root, "enableProfiling"));
	return o;
}

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "profiling");
	const struct kobj *cfg;
	bool on = false;

	/*
	 * The scheduler's --profiling is one of its deprecated flags, which
	 * it ignores when --config names a file: only the file counts.
	 */
	if (p->comp == CP_SCHEDULER && cp_flag(p, "config")) {
		cfg = scheduler_config(p, &on);
		if (!cfg || !on)
			return false;
		*at = cp_flag(p, "config");
		*why = arena_printf(a,
				    "KubeSchedulerConfiguration %s does not "
				    "set enableProfiling: false, so "
				    "/debug/pprof is served%s",
				    cfg->name,
				    f ? " (--profiling is ignored when "
					"--config is given)"
				      : "");
		return true;
	}
	if (f && !cp_true(f->value))
		return false;
	if (!f && (p->opaque || cp_flag(p, "config")))
		return false;
	*at = f;
	*why = f ? "--profiling=true serves /debug/pprof"
		 : "--profiling is not set, so /debug/pprof is served";
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, MASK);
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_control_plane_profiling, MASK, judge, out);
}
