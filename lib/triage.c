#include "triage.h"

#include "baseline.h"
#include "diag.h"
#include "policy.h"
#include "score.h"

int triage_run(const struct triage_opts *o, struct findings *f,
	       const struct check_result *results, size_t nresults,
	       struct score *sc, struct diag *d)
{
	size_t excluded, baselined = 0, filtered = 0;
	int rc;

	excluded = policy_exclude_namespaces(f, o->exclude_ns);
	if (o->policy && (rc = policy_apply(o->policy, f, o->today, d)) < 0)
		return rc;
	score_compute(sc, results, nresults, f);
	if (o->baseline)
		baselined = baseline_filter(f, o->baseline, o->unchanged);
	if (o->min_severity > SEV_NONE)
		filtered = policy_min_severity(f, o->min_severity);
	sc->excluded = excluded;
	sc->baselined = baselined;
	sc->filtered = filtered;
	return 0;
}

bool triage_fails(const struct findings *f, enum severity fail_on)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!f->v[i]->suppressed_by && f->v[i]->severity >= fail_on)
			return true;
	return false;
}
