#include "score.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "inventory.h"
#include "matrix.h"
#include "scan.h"

static const struct {
	const char *name, *label;
} status_names[TECH_NSTATUS] = {
	[TECH_EXPOSED] = { "exposed", "exposed" },
	[TECH_CLEAN] = { "clean", "clean" },
	[TECH_NOT_VISIBLE] = { "not-visible", "not visible" },
	[TECH_NOT_JUDGEABLE] = { "not-judgeable",
				 "not judgeable from configuration" },
	[TECH_NOT_CHECKED] = { "not-checked", "not checked" },
};

/* Risk of an exposed technique by its worst severity; see docs/scoring.md. */
static const unsigned sev_weight[SEV_CRITICAL + 1] = {
	[SEV_NONE] = 10, [SEV_LOW] = 25,       [SEV_MEDIUM] = 50,
	[SEV_HIGH] = 75, [SEV_CRITICAL] = 100,
};

static const char *const sev_security[SEV_CRITICAL + 1] = {
	[SEV_NONE] = "0.0", [SEV_LOW] = "3.0",	    [SEV_MEDIUM] = "5.5",
	[SEV_HIGH] = "8.0", [SEV_CRITICAL] = "9.5",
};

/* Risk of a technique nobody could see: half of the scale. */
#define RISK_NOT_VISIBLE 50u

const char *tech_status_name(enum tech_status st)
{
	return (unsigned)st < TECH_NSTATUS ? status_names[st].name : "unknown";
}

const char *tech_status_label(enum tech_status st)
{
	return (unsigned)st < TECH_NSTATUS ? status_names[st].label : "unknown";
}

unsigned score_severity_weight(enum severity s)
{
	return (unsigned)s <= SEV_CRITICAL ? sev_weight[s]
					   : sev_weight[SEV_NONE];
}

const char *score_security_severity(enum severity s)
{
	return (unsigned)s <= SEV_CRITICAL ? sev_security[s] : "0.0";
}

static bool check_covers(const struct check *c, const char *tech_id)
{
	const char *const *p;

	if (!c || !c->techniques)
		return false;
	for (p = c->techniques; *p; p++)
		if (!strcmp(*p, tech_id))
			return true;
	return false;
}

static size_t tech_index(const char *id)
{
	size_t i;

	for (i = 0; i < mx_ntechniques; i++)
		if (!strcmp(mx_techniques[i].id, id))
			return i;
	return (size_t)-1;
}

/*
 * What the grants a check folded into other findings still say, once
 * exceptions are applied: FOLD_LIVE when a finding they went to is
 * reported (or none was found: the grant is then still counted),
 * FOLD_SUPPRESSED when every one still in the findings is suppressed,
 * FOLD_NONE when none is left (its namespace excluded) or nothing was
 * folded.
 */
enum fold_state { FOLD_NONE, FOLD_SUPPRESSED, FOLD_LIVE };

struct fold_target {
	const struct fold *fo;
	bool present, suppressed;
};

static int target_cmp(const void *a, const void *b)
{
	const struct fold_target *x = a, *y = b;
	int c = strcmp(x->fo->subject, y->fo->subject);

	if (c)
		return c;
	if (x->fo->binding != y->fo->binding)
		return (uintptr_t)x->fo->binding < (uintptr_t)y->fo->binding
			   ? -1
			   : 1;
	return 0;
}

static int target_ptr_cmp(const void *a, const void *b)
{
	const struct fold_target *const *x = a, *const *y = b;
	uintptr_t p = (uintptr_t)(*x)->fo->target;
	uintptr_t q = (uintptr_t)(*y)->fo->target;

	return p < q ? -1 : p > q;
}

/* The state of the targets t[0..n) whose binding is binding. */
static enum fold_state targets_state(const struct fold_target *t, size_t n,
				     const struct kobj *binding, bool *any)
{
	enum fold_state st = FOLD_NONE;
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].fo->binding != binding)
			continue;
		*any = true;
		if (!t[i].present)
			continue;
		if (!t[i].suppressed)
			return FOLD_LIVE;
		st = FOLD_SUPPRESSED;
	}
	return st;
}

static enum fold_state fold_resolve(const struct fold *g,
				    const struct fold_target *t, size_t nt)
{
	const struct fold_target *lo = t, *hi = t + nt;
	enum fold_state st;
	bool any = false;

	/* the run of targets naming g's subject */
	while (lo < hi) {
		const struct fold_target *mid = lo + (hi - lo) / 2;

		if (strcmp(mid->fo->subject, g->subject) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < t + nt && !strcmp(hi->fo->subject, g->subject); hi++)
		;
	/* the subject's own finding first, then "*" on "*" on g's binding */
	st = targets_state(lo, (size_t)(hi - lo), NULL, &any);
	if (!any && g->binding)
		st = targets_state(lo, (size_t)(hi - lo), g->binding, &any);
	return any ? st : FOLD_LIVE;
}

/*
 * states[i]: what the grants results[i].check folded still say, read off
 * f's folds and which of their findings f still holds and suppresses.
 */
static void fold_states(const struct findings *f, const struct check_result *r,
			size_t nr, enum fold_state *states)
{
	struct fold_target *t, **byptr;
	size_t i, j, nt = 0;

	memset(states, 0, nr * sizeof(*states));
	if (!f || !f->nfolds)
		return;
	t = xrealloc_array(NULL, f->nfolds, sizeof(*t));
	for (i = 0; i < f->nfolds; i++)
		if (f->folds[i].target)
			t[nt++] = (struct fold_target){ .fo = &f->folds[i] };
	byptr = xrealloc_array(NULL, nt ? nt : 1, sizeof(*byptr));
	for (i = 0; i < nt; i++)
		byptr[i] = &t[i];
	qsort(byptr, nt, sizeof(*byptr), target_ptr_cmp);
	/* which targets are still among the findings, and suppressed */
	for (i = 0; i < f->n && nt; i++) {
		struct fold_target probe = { 0 }, *pp = &probe, **hit;
		struct fold pf = { .target = f->v[i] };

		probe.fo = &pf;
		hit = bsearch(&pp, byptr, nt, sizeof(*byptr), target_ptr_cmp);
		if (!hit)
			continue;
		/* the run of equal pointers around hit */
		while (hit > byptr && hit[-1]->fo->target == f->v[i])
			hit--;
		for (; hit < byptr + nt && (*hit)->fo->target == f->v[i];
		     hit++) {
			(*hit)->present = true;
			(*hit)->suppressed = f->v[i]->suppressed_by != NULL;
		}
	}
	free(byptr);
	qsort(t, nt, sizeof(*t), target_cmp);
	for (i = 0; i < f->nfolds; i++) {
		const struct fold *g = &f->folds[i];
		enum fold_state st;

		if (g->target || !g->check)
			continue;
		for (j = 0; j < nr && r[j].check != g->check; j++)
			;
		if (j == nr || states[j] == FOLD_LIVE)
			continue;
		st = fold_resolve(g, t, nt);
		if (st > states[j])
			states[j] = st;
	}
	free(t);
}

static void count_checks(struct score_technique *st,
			 const struct check_result *r, size_t nr,
			 const enum fold_state *folds)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (!check_covers(r[i].check, st->t->id) ||
		    r[i].status == CHECK_SKIPPED)
			continue;
		st->checks++;
		switch (r[i].status) {
		case CHECK_PASSED:
		case CHECK_FAILED:
			st->checks_run++;
			if (r[i].partial)
				st->partial = true;
			if (r[i].folded && folds[i] == FOLD_LIVE &&
			    r[i].check->severity > st->folded)
				st->folded = r[i].check->severity;
			else if (r[i].folded && folds[i] == FOLD_SUPPRESSED)
				st->suppressed++;
			break;
		case CHECK_NOT_VISIBLE:
			if (r[i].absent) {
				st->checks_absent++;
				break;
			}
			st->checks_blind++;
			break;
		default: st->checks_blind++; break;
		}
	}
}

/*
 * tech_index() of the technique ids of checks, remembered by the id's
 * address: each finding names its check's ids, the same few pointers.
 */
struct tech_cache {
	const char *id[64];
	size_t index[64];
};

static size_t tech_cached(struct tech_cache *c, const char *id)
{
	size_t k = ((uintptr_t)id / sizeof(void *)) % 64;

	if (c->id[k] != id) {
		c->id[k] = id;
		c->index[k] = tech_index(id);
	}
	return c->index[k];
}

static int finding_obj_cmp(const void *a, const void *b)
{
	const struct kobj *x = (*(const struct finding *const *)a)->obj;
	const struct kobj *y = (*(const struct finding *const *)b)->obj;

	if (x != y)
		return (uintptr_t)x < (uintptr_t)y ? -1 : 1;
	return 0;
}

/*
 * Count each technique once per object among the findings of one object,
 * v[0..n): seen[t] holds the stamp of the last object it was counted on.
 */
static void count_objects(struct score *sc, struct tech_cache *tc,
			  const struct finding *const *v, size_t n,
			  size_t *seen, size_t stamp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *const *p;

		for (p = v[i]->check->techniques; *p; p++) {
			size_t t = tech_cached(tc, *p);

			if (t == (size_t)-1 || seen[t] == stamp)
				continue;
			seen[t] = stamp;
			sc->tech[t].findings++;
		}
	}
}

/* An object's techniques so far, at the object's inventory index. */
struct obj_techs {
	const struct kobj *obj;
	uint64_t techs; /* bit t: sc->tech[t] */
};

/*
 * Each object's techniques, gathered as bits in a table by the object's
 * inventory index as the findings go by, then counted: a sort by object
 * took most of the triage phase of a large scan, each comparison reading
 * two findings scattered through the arena.  The table is given up (and
 * the findings sorted after all) where it cannot serve: more techniques
 * than bits, an index far beyond the findings' number (a table mostly
 * empty), or two objects under one index (objects of two inventories).
 */
struct obj_table {
	struct obj_techs *v;
	size_t n;     /* entries, all zeroed */
	size_t limit; /* indexes past this give the table up */
	const struct check *last;
	uint64_t last_techs; /* last's techniques */
	bool failed;
};

/* The techniques of c as bits of sc->tech (ntech is at most 64). */
static uint64_t check_techs(struct tech_cache *tc, const struct check *c)
{
	const char *const *p;
	uint64_t bits = 0;

	for (p = c->techniques; *p; p++) {
		size_t t = tech_cached(tc, *p);

		if (t != (size_t)-1)
			bits |= (uint64_t)1 << t;
	}
	return bits;
}

static void table_add(struct obj_table *ot, struct tech_cache *tc,
		      const struct finding *fd)
{
	size_t i = fd->obj->index;
	struct obj_techs *o;

	if (ot->failed)
		return;
	if (i >= ot->n) {
		size_t n = ot->n ? ot->n : 1024;

		if (i > ot->limit) {
			ot->failed = true;
			return;
		}
		while (n <= i)
			n *= 2;
		ot->v = xrealloc_array(ot->v, n, sizeof(*ot->v));
		memset(ot->v + ot->n, 0, (n - ot->n) * sizeof(*ot->v));
		ot->n = n;
	}
	o = &ot->v[i];
	if (o->obj != fd->obj) {
		if (o->obj) {
			ot->failed = true;
			return;
		}
		o->obj = fd->obj;
	}
	/* the findings come sorted by check: one lookup per run */
	if (fd->check != ot->last) {
		ot->last = fd->check;
		ot->last_techs = check_techs(tc, fd->check);
	}
	o->techs |= ot->last_techs;
}

static void table_count(struct score *sc, const struct obj_table *ot)
{
	size_t i;
	uint64_t bits;

	for (i = 0; i < ot->n; i++)
		for (bits = ot->v[i].techs; bits; bits &= bits - 1)
			sc->tech[__builtin_ctzll(bits)].findings++;
}

/* Whether fd counts against one of its techniques on its object. */
static bool counts_on_obj(struct tech_cache *tc, const struct finding *fd)
{
	const char *const *p;

	if (fd->suppressed_by || !fd->obj || !fd->check ||
	    !fd->check->techniques)
		return false;
	for (p = fd->check->techniques; *p; p++)
		if (tech_cached(tc, *p) != (size_t)-1)
			return true;
	return false;
}

/* The findings on objects grouped by object with a sort, then counted. */
static void count_sorted(struct score *sc, struct tech_cache *tc,
			 const struct findings *f)
{
	const struct finding **v = xrealloc_array(NULL, f->n, sizeof(*v));
	size_t *seen, i, j, n = 0, stamp = 0;

	for (i = 0; i < f->n; i++)
		if (counts_on_obj(tc, f->v[i]))
			v[n++] = f->v[i];
	qsort(v, n, sizeof(*v), finding_obj_cmp);
	seen = xrealloc_array(NULL, sc->ntech ? sc->ntech : 1, sizeof(*seen));
	memset(seen, 0, (sc->ntech ? sc->ntech : 1) * sizeof(*seen));
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j]->obj == v[i]->obj; j++)
			;
		count_objects(sc, tc, v + i, j - i, seen, ++stamp);
	}
	free(seen);
	free(v);
}

/*
 * A technique's findings count objects, not findings: two checks that
 * report the same technique on one object (hostpath-volume and
 * cloud-credentials-mounted on one volume, both MS-TA9026) expose it
 * once there.  Its worst severity is still the worst of all findings.
 */
static void count_findings(struct score *sc, const struct findings *f)
{
	struct obj_table ot = { .failed = sc->ntech > 64 };
	struct tech_cache tc;
	size_t i;

	if (!f || !f->n)
		return;
	ot.limit = 8 * f->n + 8192;
	memset(&tc, 0, sizeof(tc));
	for (i = 0; i < f->n; i++) {
		const struct finding *fd = f->v[i];
		const char *const *p;
		bool on_obj = false;

		/* the findings lie scattered: ask for them ahead */
		if (i + 16 < f->n)
			__builtin_prefetch(f->v[i + 16]);
		if (i + 8 < f->n)
			__builtin_prefetch(f->v[i + 8]->obj);
		if (fd->suppressed_by) {
			sc->suppressed++;
		} else {
			sc->findings++;
			if ((unsigned)fd->severity <= SEV_CRITICAL)
				sc->by_severity[fd->severity]++;
		}
		if (!fd->check || !fd->check->techniques)
			continue;
		for (p = fd->check->techniques; *p; p++) {
			size_t t = tech_cached(&tc, *p);
			struct score_technique *st;

			if (t == (size_t)-1)
				continue;
			st = &sc->tech[t];
			if (fd->suppressed_by) {
				st->suppressed++;
				continue;
			}
			if (fd->severity > st->worst)
				st->worst = fd->severity;
			if (!fd->obj) {
				st->findings++;
				continue;
			}
			on_obj = true;
		}
		if (on_obj)
			table_add(&ot, &tc, fd);
	}
	if (ot.failed)
		count_sorted(sc, &tc, f);
	else
		table_count(sc, &ot);
	free(ot.v);
}

/*
 * The status order matters for the "suppression never lowers a score"
 * rule: a technique with only suppressed findings is clean (risk 0), never
 * dropped from the denominator.  A runtime or cloud technique stays not
 * judgeable even when a check mapped to it reports something (the finding
 * counts under its judgeable techniques), so every report agrees with
 * `matrix` on what configuration can judge.
 */
static void rate(struct score_technique *st)
{
	if (!matrix_judgeable(st->t)) {
		st->status = TECH_NOT_JUDGEABLE;
		st->risk = 0;
	} else if (st->findings) {
		st->status = TECH_EXPOSED;
		st->risk = score_severity_weight(st->worst);
	} else if (st->folded) {
		/* found, and said by another check's finding */
		st->status = TECH_EXPOSED;
		st->risk = score_severity_weight(st->folded);
	} else if (st->suppressed || st->checks_run) {
		st->status = TECH_CLEAN;
		st->risk = 0;
	} else if (st->checks_blind) {
		st->status = TECH_NOT_VISIBLE;
		st->risk = RISK_NOT_VISIBLE;
	} else if (st->checks_absent) {
		/* the input did not hold it: not a verdict, not a penalty */
		st->status = TECH_NOT_VISIBLE;
		st->risk = 0;
		st->unweighted = true;
	} else {
		st->status = TECH_NOT_CHECKED;
		st->risk = 0;
	}
}

/* The technique weighs in the score. */
static bool weighs(const struct score_technique *st)
{
	return st->status != TECH_NOT_JUDGEABLE &&
	       st->status != TECH_NOT_CHECKED && !st->unweighted;
}

/* Some check of the table the scan ran (skipped ones too) covers t. */
static bool table_covers(const struct mx_technique *t,
			 const struct check_result *r, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (check_covers(r[i].check, t->id))
			return true;
	return false;
}

static void coverage(struct score *sc, const struct score_technique *st,
		     const struct check_result *r, size_t nr)
{
	if (!matrix_judgeable(st->t) || !table_covers(st->t, r, nr))
		return;
	sc->judgeable++;
	if (st->status == TECH_EXPOSED ||
	    (st->status == TECH_CLEAN && !st->partial))
		sc->judged++;
}

/* 100 minus the mean risk of the judged techniques, rounded; -1 if none. */
static int mean_score(unsigned long risk_sum, size_t judged)
{
	if (!judged)
		return -1;
	return 100 - (int)((risk_sum + judged / 2) / judged);
}

static void rate_tactics(struct score *sc)
{
	size_t i, j;

	for (i = 0; i < sc->ntactics; i++) {
		struct score_tactic *ta = &sc->tactics[i];
		unsigned long sum = 0;
		size_t judged = 0;

		ta->tactic = &mx_tactics[i];
		for (j = 0; j < sc->ntech; j++) {
			const struct score_technique *st = &sc->tech[j];

			if (!matrix_technique_in_tactic(st->t, ta->tactic->id))
				continue;
			ta->count[st->status]++;
			ta->findings += st->findings;
			if (!weighs(st))
				continue;
			judged++;
			sum += st->risk;
		}
		ta->score = mean_score(sum, judged);
	}
}

int score_compute(struct score *sc, const struct check_result *results,
		  size_t nresults, const struct findings *f)
{
	enum fold_state *folds;
	unsigned long sum = 0;
	size_t i, judged = 0;

	memset(sc, 0, sizeof(*sc));
	sc->ntech = mx_ntechniques;
	sc->tech =
	    xrealloc_array(NULL, sc->ntech ? sc->ntech : 1, sizeof(*sc->tech));
	memset(sc->tech, 0, (sc->ntech ? sc->ntech : 1) * sizeof(*sc->tech));
	sc->ntactics = mx_ntactics;
	sc->tactics = xrealloc_array(NULL, sc->ntactics ? sc->ntactics : 1,
				     sizeof(*sc->tactics));
	memset(sc->tactics, 0,
	       (sc->ntactics ? sc->ntactics : 1) * sizeof(*sc->tactics));

	for (i = 0; i < nresults; i++) {
		switch (results[i].status) {
		case CHECK_PASSED:
		case CHECK_FAILED: sc->checks_run++; break;
		case CHECK_NOT_VISIBLE: sc->checks_not_visible++; break;
		case CHECK_SKIPPED: sc->checks_skipped++; break;
		case CHECK_ERROR: sc->checks_error++; break;
		}
	}
	folds = xrealloc_array(NULL, nresults ? nresults : 1, sizeof(*folds));
	fold_states(f, results, nresults, folds);
	for (i = 0; i < sc->ntech; i++) {
		sc->tech[i].t = &mx_techniques[i];
		count_checks(&sc->tech[i], results, nresults, folds);
	}
	free(folds);
	count_findings(sc, f);
	for (i = 0; i < sc->ntech; i++) {
		rate(&sc->tech[i]);
		sc->count[sc->tech[i].status]++;
		if (weighs(&sc->tech[i])) {
			judged++;
			sum += sc->tech[i].risk;
		}
		coverage(sc, &sc->tech[i], results, nresults);
	}
	sc->partial_coverage = sc->judged < sc->judgeable;
	sc->overall = mean_score(sum, judged);
	rate_tactics(sc);
	return 0;
}

void score_release(struct score *sc)
{
	free(sc->tech);
	free(sc->tactics);
	memset(sc, 0, sizeof(*sc));
}

const struct score_technique *score_technique(const struct score *sc,
					      const char *id)
{
	size_t i;

	for (i = 0; i < sc->ntech; i++)
		if (!strcmp(sc->tech[i].t->id, id))
			return &sc->tech[i];
	return NULL;
}
