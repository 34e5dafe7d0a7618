#include "scan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <assert.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>

#include "analysis/escalation.h"
#include "analysis/exposure.h"
#include "analysis/netpol.h"
#include "analysis/rbac.h"
#include "analysis/sa_token.h"
#include "arena.h"
#include "check.h"
#include "cred.h"
#include "inventory.h"
#include "node.h"
#include "policy.h"
#include "sbuf.h"
#include "workload.h"

const char *check_status_name(enum check_status st)
{
	switch (st) {
	case CHECK_PASSED: return "passed";
	case CHECK_FAILED: return "failed";
	case CHECK_NOT_VISIBLE: return "not-visible";
	case CHECK_SKIPPED: return "skipped";
	case CHECK_ERROR: return "error";
	}
	return "unknown";
}

struct scan_lazy {
	pthread_mutex_t mu;
	void *v[SCAN_LAZY_COUNT];
	void (*release[SCAN_LAZY_COUNT])(void *v);
	/* set, with release order, once v is: read without the lock */
	atomic_bool made[SCAN_LAZY_COUNT];
};

static struct scan_lazy *lazy_new(void)
{
	struct scan_lazy *l = xmalloc(sizeof(*l));
	size_t i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < SCAN_LAZY_COUNT; i++)
		atomic_init(&l->made[i], false);
	pthread_mutex_init(&l->mu, NULL);
	return l;
}

static void lazy_free(struct scan_lazy *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < SCAN_LAZY_COUNT; i++)
		if (atomic_load(&l->made[i]) && l->release[i])
			l->release[i](l->v[i]);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

void *scan_lazy_get(const struct scan *s, enum scan_lazy_slot slot,
		    void *(*make)(const struct scan *s),
		    void (*release)(void *v))
{
	struct scan_lazy *l = s->lazy;
	void *v;

	if (!l || (size_t)slot >= SCAN_LAZY_COUNT)
		return NULL;
	/* made once: later calls (a check asks for each view) take no lock */
	if (atomic_load_explicit(&l->made[slot], memory_order_acquire))
		return l->v[slot];
	pthread_mutex_lock(&l->mu);
	if (!atomic_load_explicit(&l->made[slot], memory_order_relaxed)) {
		l->v[slot] = make(s);
		l->release[slot] = release;
		atomic_store_explicit(&l->made[slot], true,
				      memory_order_release);
	}
	v = l->v[slot];
	pthread_mutex_unlock(&l->mu);
	return v;
}

struct scan_local {
	void *v[SCAN_LOCAL_COUNT];
	void (*release[SCAN_LOCAL_COUNT])(void *v);
	bool made[SCAN_LOCAL_COUNT];
};

/* Free what l holds and empty it. */
static void local_release(struct scan_local *l)
{
	size_t i;

	for (i = 0; i < SCAN_LOCAL_COUNT; i++)
		if (l->made[i] && l->release[i])
			l->release[i](l->v[i]);
	memset(l, 0, sizeof(*l));
}

void *scan_local_get(const struct scan *s, enum scan_local_slot slot,
		     void *(*make)(void), void (*release)(void *v))
{
	struct scan_local *l = s->local;

	if (!l || (size_t)slot >= SCAN_LOCAL_COUNT)
		return NULL;
	if (!l->made[slot]) {
		l->v[slot] = make();
		l->release[slot] = release;
		l->made[slot] = true;
	}
	return l->v[slot];
}

/* The last ServiceAccount a thread looked up, by namespace and name. */
struct account_memo {
	char ns[128], name[256]; /* longer names are not kept */
	const struct kobj *sa;
	bool set;
};

static void *account_memo_make(void)
{
	struct account_memo *m = xmalloc(sizeof(*m));

	m->set = false;
	return m;
}

/* Copy s into buf[n] when it fits. */
static bool keep_str(char *buf, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len >= n)
		return false;
	memcpy(buf, s, len + 1);
	return true;
}

const struct kobj *scan_account(const struct scan *s, const char *ns,
				const char *name)
{
	struct account_memo *m =
	    scan_local_get(s, SCAN_LOCAL_ACCOUNT, account_memo_make, free);

	if (m && m->set && !strcmp(m->ns, ns) && !strcmp(m->name, name))
		return m->sa;
	if (!m)
		return inventory_find(s->inv, "ServiceAccount", ns, name);
	m->sa = inventory_find(s->inv, "ServiceAccount", ns, name);
	m->set = keep_str(m->ns, sizeof(m->ns), ns) &&
		 keep_str(m->name, sizeof(m->name), name);
	return m->sa;
}

bool scan_sa_token_mounted(const struct scan *s, const struct pod_view *pv,
			   struct sa_token *t)
{
	const struct kobj *sa;

	sa_token_account(pv, t);
	sa = scan_account(s, t->ns, t->name);
	return sa_token_mounted_known(
	    pv, t,
	    sa && node_is_false(
		      node_get(sa->root, "automountServiceAccountToken")));
}

/*
 * glibc serves an allocation of at least its mmap threshold with pages of
 * its own, given back when it is freed, and raises the threshold to the
 * size of each such block freed (up to 32 MiB).  A scan frees blocks of
 * a few MiB while it loads (the reader's pieces, tables grown), and after
 * that the buffers the checks and the report grow come from the heap,
 * where realloc() copies instead of remapping and what is freed stays
 * resident: at 1 GB that was 4 MiB of the peak in List order and 11 in
 * kubectl's, whose load freed a larger block.  The threshold is kept at
 * its starting value, 128 KiB, unless MALLOC_MMAP_THRESHOLD_ says
 * otherwise.
 */
static void fix_mmap_threshold(void)
{
#ifdef __GLIBC__
	if (!getenv("MALLOC_MMAP_THRESHOLD_"))
		mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

struct scan *scan_new(void)
{
	struct scan *s = xmalloc(sizeof(*s));

	fix_mmap_threshold();
	memset(s, 0, sizeof(*s));
	s->lazy = lazy_new();
	s->arena = arena_new();
	s->inv = inventory_new(s->arena);
	s->meta.source = "manifests";
	return s;
}

const char *const scan_feature_names[] = {
	"UserNamespacesPodSecurityStandards",
	NULL,
};

unsigned scan_feature_parse(const char *name)
{
	if (name && !strcmp(name, "UserNamespacesPodSecurityStandards"))
		return SCAN_FEATURE_USERNS_PSS;
	return 0;
}

void scan_free(struct scan *s)
{
	if (!s)
		return;
	lazy_free(s->lazy);
	escal_free(s->escal);
	netpol_free(s->netpol);
	exposure_free(s->exposure);
	rbac_free(s->rbac);
	cred_free(s->cred);
	inventory_free(s->inv);
	diag_list_release(&s->errors);
	diag_list_release(&s->warnings);
	arena_free(s->arena);
	free(s);
}

void scan_add_error(struct scan *s, const struct diag *d)
{
	diag_list_add(d->code == DIAG_SKIPPED ? &s->warnings : &s->errors, d);
}

/* Warnings out of s->errors, both in the order they were met. */
static void split_warnings(struct scan *s)
{
	size_t i, k = 0;

	for (i = 0; i < s->errors.n; i++) {
		if (s->errors.v[i].code == DIAG_SKIPPED)
			diag_list_add(&s->warnings, &s->errors.v[i]);
		else
			s->errors.v[k++] = s->errors.v[i];
	}
	s->errors.n = k;
}

/*
 * The TrustedRegistries documents of the input (threatmap.dev): their
 * entries together become the scan's trusted list.  A malformed one is
 * an input error and adds nothing.
 */
static void input_registries(struct scan *s)
{
	const struct kobj *const *o;
	const char **all = NULL, **v;
	const char *from = NULL;
	size_t n, i, j, k, total = 0;

	o = inventory_kind(s->inv, "TrustedRegistries", &n);
	for (i = 0; i < n; i++) {
		struct diag d;

		if (strcmp(o[i]->group, "threatmap.dev"))
			continue;
		diag_clear(&d);
		v = policy_registries_tree(s->arena, o[i]->file, o[i]->root, &k,
					   &d);
		if (!v) {
			scan_add_error(s, &d);
			continue;
		}
		if (k) {
			const char **grown =
			    arena_calloc(s->arena, total + k, sizeof(*grown));
			for (j = 0; j < total; j++)
				grown[j] = all[j];
			for (j = 0; j < k; j++)
				grown[total + j] = v[j];
			all = grown;
			total += k;
		}
		from = from ? arena_printf(s->arena, "%s, %s", from, o[i]->name)
			    : o[i]->name;
	}
	if (!from)
		return;
	s->trusted_registries = all;
	s->ntrusted_registries = total;
	s->trusted_registries_from = from;
}

/*
 * The analyses in two groups that share nothing: RBAC with the paths to
 * cluster-admin built on it, the credential patterns (s->arena is
 * theirs) and network policy (malloc'ed); exposure (malloc'ed).  Both
 * only read the finished inventory, so with threads the second runs
 * beside the first.  Exposure takes the longest, about as long as the
 * rest together.
 */
static void build_identity(struct scan *s)
{
	struct diag d;

	s->rbac = rbac_build(s->arena, s->inv);
	s->escal = escal_build(s->rbac, s->inv);
	/* NULL only if a built-in pattern is broken; the checks then fail */
	s->cred = cred_new(&d);
	s->netpol = netpol_build(s->inv);
}

static void *build_network(void *arg)
{
	struct scan *s = arg;

	s->exposure = exposure_build(s->inv);
	return NULL;
}

void scan_finish_input(struct scan *s)
{
	const struct diag_list *unnamed;
	pthread_t t;
	size_t i;

	split_warnings(s);
	inventory_finish_threads(s->inv, s->threads);
#ifdef __GLIBC__
	/*
	 * The loader freed the pod specs of workloads whose controllers came
	 * after them (inventory_defer()): give those pages back before the
	 * checks allocate elsewhere (their arena's blocks are mapped).
	 */
	if (inventory_deferred_released(s->inv))
		malloc_trim(0);
#endif
	input_registries(s);
	/* objects kept under a made-up name: noted where skipped inputs are */
	unnamed = inventory_warnings(s->inv);
	for (i = 0; i < unnamed->n; i++)
		diag_list_add(&s->warnings, &unnamed->v[i]);
	if (s->threads > 1 && pthread_create(&t, NULL, build_network, s) == 0) {
		build_identity(s);
		pthread_join(t, NULL);
	} else {
		build_identity(s);
		build_network(s);
	}
}

/* Whether kind is forbidden everywhere (a cluster-wide 403). */
static bool forbidden_everywhere(const struct scan *s, const char *kind)
{
	size_t i, n = inventory_forbidden_count(s->inv);

	for (i = 0; i < n; i++) {
		const char *k, *ns;

		inventory_forbidden_at(s->inv, i, &k, &ns);
		if (!ns && !strcmp(k, kind))
			return true;
	}
	return false;
}

/*
 * Need groups whose kinds are judged one object at a time: a check reads
 * each workload for what it is, so the workloads that could be read
 * (Deployments when Pods are forbidden) are enough to run on, partial.
 * In every other group a check may reason about what is absent (no
 * NetworkPolicy, no admission policy, a binding to a role that does not
 * exist), so one kind forbidden everywhere makes it blind.
 */
#define NEED_PER_OBJECT NEED_WORKLOADS

/* Whether the check cannot judge with what group bit lacks. */
static bool group_blind(const struct scan *s, unsigned bit)
{
	const char *const *k = need_kinds(bit);
	bool any = false, all = true;

	for (; *k; k++) {
		bool f = forbidden_everywhere(s, *k);
		size_t n = 0;

		/* a kind of an API the cluster may lack counts only when
		 * some object of it was read */
		if (!f && need_kind_optional(*k) &&
		    (inventory_kind(s->inv, *k, &n), !n))
			continue;
		/* such a kind beside the group's own (Contour's HTTPProxy
		 * beside Ingress) leaves the others judged: partial */
		if (need_kind_optional(*k) && !(bit & NEED_PER_OBJECT))
			continue;
		any |= f;
		all &= f;
	}
	return (bit & NEED_PER_OBJECT) ? any && all : any;
}

/*
 * What the check cannot see: kinds it needs that were forbidden everywhere
 * or in some namespaces.  *blind when a whole needed group was unreadable
 * (not visible); otherwise the check runs on what was read and is partial.
 * NULL when all is visible.
 */
static const char *visibility(const struct scan *s, const struct check *c,
			      bool *blind)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, n = inventory_forbidden_count(s->inv);
	const char *why = NULL;
	unsigned bit;

	*blind = false;
	for (bit = 1; bit; bit <<= 1)
		if ((c->needs & bit) && group_blind(s, bit))
			*blind = true;
	for (i = 0; i < n; i++) {
		const char *kind, *ns;

		inventory_forbidden_at(s->inv, i, &kind, &ns);
		for (bit = 1; bit; bit <<= 1) {
			const char *const *k;
			if (!(c->needs & bit))
				continue;
			for (k = need_kinds(bit); *k; k++) {
				if (strcmp(*k, kind) != 0)
					continue;
				if (sb.len && sbuf_adds(&sb, "; "))
					oom();
				if (ns ? sbuf_addf(&sb,
						   "could not list %s in "
						   "namespace %s",
						   kind, ns)
				       : sbuf_addf(&sb, "could not list %s",
						   kind))
					oom();
			}
		}
	}
	if (sb.len)
		why = arena_strndup(s->arena, sb.buf, sb.len);
	sbuf_release(&sb);
	return why;
}

/* "no workload", "no Service", "no Role, ClusterRole, ... or ...". */
static int add_need_label(struct sbuf *sb, unsigned bit)
{
	const char *const *k = need_kinds(bit);
	int rc = sbuf_adds(sb, "no ");

	if (bit == NEED_WORKLOADS)
		return rc | sbuf_adds(sb, "workload");
	if (bit == NEED_INGRESSES)
		return rc | sbuf_adds(sb, "Ingress");
	for (; *k; k++)
		rc |= sbuf_addf(sb, "%s%s", *k,
				!k[1]	? ""
				: !k[2] ? " or "
					: ", ");
	return rc;
}

/*
 * A manifest input holds what someone chose to write down, not what the
 * cluster holds: a need none of whose kinds is in the input was not seen.
 * (A live scan or a snapshot lists every kind it can read, so there an
 * absent kind really means none.)  Returns what is missing, "no Service in
 * the input", or NULL; *all is set when no need of c has an object.
 */
static const char *absent_needs(const struct scan *s, const struct check *c,
				bool *all)
{
	struct sbuf sb = SBUF_INIT;
	const char *why = NULL;
	unsigned bit;
	int rc = 0;

	*all = c->needs != 0;
	if (!s->meta.source || strcmp(s->meta.source, "manifests") != 0) {
		*all = false;
		return NULL;
	}
	for (bit = 1; bit; bit <<= 1) {
		const char *const *k;
		size_t n = 0;

		if (!(c->needs & bit))
			continue;
		for (k = need_kinds(bit); *k && !n; k++)
			inventory_kind(s->inv, *k, &n);
		if (n) {
			*all = false;
			continue;
		}
		if (sb.len)
			rc |= sbuf_adds(&sb, ", ");
		rc |= add_need_label(&sb, bit);
	}
	if (rc || (sb.len && sbuf_adds(&sb, " in the input")))
		oom();
	if (sb.len)
		why = arena_strndup(s->arena, sb.buf, sb.len);
	sbuf_release(&sb);
	return why;
}

/* a, or b, or "a; b" in the arena. */
static const char *join_why(struct arena *a, const char *x, const char *y)
{
	if (!x || !y)
		return x ? x : y;
	return arena_printf(a, "%s; %s", x, y);
}

/*
 * Evidence quoting a command line ("containers[0].args[2]") never carries
 * a credential on it: whatever check quoted it, each value cred_args()
 * finds becomes "***".
 */
static void redact_args(const struct scan *s, struct findings *out)
{
	size_t i, k;

	/* counted where the evidence was added: mostly none */
	for (i = 0; s->cred && out->quoting && i < out->n; i++) {
		struct finding *fd = out->v[i];

		for (k = 0; k < fd->nev; k++) {
			struct evidence *ev = &fd->ev[k];
			char *safe;

			if (!ev->value || !finding_path_quotes_args(ev->path))
				continue;
			safe = cred_redact_args(s->cred, ev->value);
			if (safe)
				ev->value = arena_strdup(out->arena, safe);
			free(safe);
		}
	}
}

/* CPU seconds this thread has used. */
static double thread_cpu_s(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Whether check c is to run: false with *r filled when it cannot judge the
 * input (not visible); true with r->why and r->partial set when it runs.
 */
static bool check_prepare(const struct scan *s, const struct check *c,
			  struct check_result *r)
{
	bool blind;

	if (!inventory_size(s->inv)) {
		/* nothing was read: no check can vouch for anything */
		r->status = CHECK_NOT_VISIBLE;
		r->why = "no objects were read";
		return false;
	}
	r->why = visibility(s, c, &blind);
	if (blind) {
		r->status = CHECK_NOT_VISIBLE;
		return false;
	}
	if (c->unseen) {
		const char *why = c->unseen(s);
		if (why) {
			r->status = CHECK_NOT_VISIBLE;
			r->why = why;
			return false;
		}
	}
	if (!c->unseen) {
		/* a check with unseen() judges its own visibility */
		bool none;
		const char *gone = absent_needs(s, c, &none);

		if (none) {
			r->status = CHECK_NOT_VISIBLE;
			r->absent = true;
			r->why = gone;
			return false;
		}
		r->why = join_why(s->arena, r->why, gone);
	}
	r->partial = r->why != NULL;
	return true;
}

/*
 * Fill *r from what check c's run returned (rc) and found (found, and
 * folded into other checks' findings).
 */
static void check_done(const struct scan *s, const struct check *c,
		       struct check_result *r, int rc, size_t found,
		       size_t folded)
{
	if (rc < 0) {
		r->status = CHECK_ERROR;
		if (!r->why)
			r->why = "the check failed";
		return;
	}
	if (rc == CHECK_RUN_UNJUDGEABLE) {
		r->status = CHECK_NOT_VISIBLE;
		r->why = "the input is not a view of the whole "
			 "cluster (a live scan, a snapshot, or "
			 "objects including Namespaces)";
		return;
	}
	r->findings = found;
	r->folded = folded;
	r->status = r->findings || folded ? CHECK_FAILED : CHECK_PASSED;
	if (folded && !found && !r->why)
		r->why = "what it found is reported once, by the finding of "
			 "each subject that is effectively cluster-admin or "
			 "holds every permission (rbac-cluster-admin-"
			 "equivalent, rbac-wildcard or the permission that "
			 "makes it so)";
	if (c->unjudged) {
		const char *why = c->unjudged(s);

		if (why) {
			r->why = join_why(s->arena, r->why, why);
			r->partial = true;
		}
	}
}

/*
 * c->run() into out: what it returned; its CPU time is added to
 * r->cpu_s, the findings it added are fingerprinted with h and the texts
 * of out are done with.
 */
static int run_part(const struct scan *s, const struct check *c,
		    struct check_result *r, struct findings *out,
		    struct finding_hasher *h)
{
	size_t before = out->n;
	double t0 = thread_cpu_s();
	int rc = c->run(s, out);

	r->cpu_s += thread_cpu_s() - t0;
	findings_fingerprint(out, before, h);
	findings_texts_done(out);
	return rc;
}

/*
 * Run check c into out and fill *r (whose check and status the caller
 * set).  s->arena takes what the check and its verdict allocate, out its
 * findings: with threads, a worker's own arenas.
 */
static void run_check(const struct scan *s, const struct check *c,
		      struct check_result *r, struct findings *out,
		      struct finding_hasher *h)
{
	size_t before = out->n, folded = out->folded;
	int rc;

	if (!check_prepare(s, c, r))
		return;
	rc = run_part(s, c, r, out, h);
	check_done(s, c, r, rc, out->n - before, out->folded - folded);
}

/* c judges pod views or containers: the walk runs it, or nobody. */
static bool walks(const struct check *c)
{
	return c->pod || c->container;
}

/*
 * The walk: the checks that judge pod views (check.pod) or containers
 * (check.container) and are to run, idx[0..nwalk) in table order, over
 * the pod views [from, to): on each view every pod() in table order, then
 * on each of its containers every container().  Check idx[j]'s findings
 * go to per[idx[j]] in the order a walk of its own would give them,
 * fingerprinted with h soon after their view is judged (their texts are
 * still in the cache then).  Returns the CPU time taken.  The texts of each
 * list are done with (findings_texts_done()) when the views are.
 */
static double walk_views(const struct scan *s, const struct check *const *table,
			 const size_t *idx, size_t nwalk, struct findings *per,
			 size_t from, size_t to, struct finding_hasher *h)
{
	const struct pod_view *pv;
	size_t npv, i, j;
	bool any_container = false;
	double t0 = thread_cpu_s();
	/* per check, its findings up to the view being judged */
	size_t *done = xrealloc_array(NULL, nwalk ? nwalk : 1, sizeof(*done));

	for (j = 0; j < nwalk; j++)
		done[j] = per[idx[j]].n;

	for (j = 0; j < nwalk; j++)
		any_container |= table[idx[j]]->container != NULL;
	pv = inventory_pods(s->inv, &npv);
	if (to > npv)
		to = npv;
	for (i = from; nwalk && i < to; i++) {
		bool windows;
		struct wl_iter it;

		for (j = 0; j < nwalk; j++)
			if (table[idx[j]]->pod)
				table[idx[j]]->pod(s, &per[idx[j]], &pv[i]);
		if (any_container) {
			windows = wl_is_windows(&pv[i]);
			wl_iter_init(&it, &pv[i]);
			while (wl_next(&it))
				for (j = 0; j < nwalk; j++) {
					const struct check *c = table[idx[j]];

					if (c->container &&
					    !(windows &&
					      c->container_linux_only))
						c->container(&per[idx[j]], &it);
				}
		}
		/*
		 * The views up to this one are judged: what was found on them
		 * is complete.  Sixteen views at a time, their findings still
		 * in the cache, the digest's code not between every view's.
		 */
		if (((i - from) & 15) != 15 && i + 1 != to)
			continue;
		for (j = 0; j < nwalk; j++) {
			struct findings *f = &per[idx[j]];

			if (f->n != done[j]) {
				findings_fingerprint(f, done[j], h);
				done[j] = f->n;
			}
		}
	}
	for (j = 0; j < nwalk; j++)
		findings_texts_done(&per[idx[j]]);
	free(done);
	return thread_cpu_s() - t0;
}

/*
 * Which checks the walk takes: those with pod() or container() that are
 * selected and can judge the input (the others have their status in r
 * already).  walk[] and r[] are indexed like table; idx[] gets the
 * indexes of the taken ones, and the result is how many.
 */
static size_t walk_prepare(const struct scan *s,
			   const struct check *const *table,
			   struct check_result *r, size_t n, bool *walk,
			   size_t *idx)
{
	size_t i, nwalk = 0;

	for (i = 0; i < n; i++) {
		walk[i] = walks(table[i]) && r[i].status != CHECK_SKIPPED &&
			  check_prepare(s, table[i], &r[i]);
		if (walk[i])
			idx[nwalk++] = i;
	}
	return nwalk;
}

/*
 * The verdicts of the walking checks once the walk and their run() (the
 * part of a check that walks and also has run: rc[k] what it returned)
 * are over: parts[p][k] holds what part p of the walk found for check k,
 * rest[k] (rest may be NULL) what its run() found apart.  The CPU time of
 * the walk (cpu) is shared out evenly.
 */
static void walk_done(const struct scan *s, const struct check *const *table,
		      struct check_result *r, const size_t *idx, size_t nwalk,
		      struct findings *const *parts, size_t nparts,
		      const struct findings *rest, const int *rc, double cpu)
{
	size_t j, p, found;

	for (j = 0; j < nwalk; j++) {
		size_t k = idx[j];

		for (p = 0, found = rest ? rest[k].n : 0; p < nparts; p++)
			found += parts[p][k].n;
		r[k].cpu_s += cpu / (double)nwalk;
		check_done(s, table[k], &r[k], rc[k], found, 0);
	}
}

/* The checks of one scan_run() shared by its workers. */
struct run_job {
	const struct scan *s;
	const struct check *const *table;
	struct check_result *r;
	struct findings *per; /* each check's findings, merged in order */
	int *rc;	      /* what run() returned, for the walking checks */
	const bool *walk;     /* taken by the walk */
	const size_t *idx;    /* their indexes */
	size_t nwalk, n;
	/*
	 * The walk in nparts parts of the pod views, each with findings of
	 * its own for each walking check (parts[p], indexed like table) and
	 * its CPU time.
	 */
	struct findings **parts;
	double *part_cpu;
	size_t nparts, npv;
	/* the next job to take: first the parts of the walk, then check i */
	atomic_size_t next;
};

/*
 * A worker: the scan as the checks see it, with arenas of its own for
 * what they allocate (merged into the scan's and the findings' arenas
 * afterwards), so no two threads ever allocate from one arena.
 */
struct run_worker {
	struct run_job *job;
	struct scan view;
	struct arena *scan_arena, *out_arena;
	struct finding_hasher *hasher;
	pthread_t thread;
	bool started;
};

static void *run_worker(void *arg)
{
	struct run_worker *w = arg;
	struct run_job *job = w->job;
	const struct check *c;
	size_t i, j;

	while ((i = atomic_fetch_add(&job->next, 1)) < job->nparts + job->n) {
		if (i < job->nparts) {
			/* the longest jobs first */
			size_t from = job->npv * i / job->nparts;
			size_t to = job->npv * (i + 1) / job->nparts;

			for (j = 0; j < job->nwalk; j++)
				findings_init(&job->parts[i][job->idx[j]],
					      w->out_arena);
			job->part_cpu[i] = walk_views(
			    &w->view, job->table, job->idx, job->nwalk,
			    job->parts[i], from, to, w->hasher);
			continue;
		}
		i -= job->nparts;
		c = job->table[i];
		if (job->r[i].status == CHECK_SKIPPED || !c->run ||
		    (walks(c) && !job->walk[i]))
			continue;
		findings_init(&job->per[i], w->out_arena);
		if (job->walk[i]) /* its verdict when the walk is over */
			job->rc[i] = run_part(&w->view, c, &job->r[i],
					      &job->per[i], w->hasher);
		else
			run_check(&w->view, c, &job->r[i], &job->per[i],
				  w->hasher);
	}
	return NULL;
}

/* n findings lists, zeroed (findings_init() is done where they fill). */
static struct findings *findings_vec(size_t n)
{
	struct findings *v = xrealloc_array(NULL, n ? n : 1, sizeof(*v));

	memset(v, 0, (n ? n : 1) * sizeof(*v));
	return v;
}

/*
 * The selected checks on nthreads threads (the calling one among them),
 * each check's findings kept apart and appended to out in table order,
 * so out holds what one thread would have put there, in the same order.
 * The walk is cut in nthreads parts of the pod views.
 */
static void run_parallel(struct scan *s, const struct check *const *table,
			 struct check_result *r, const bool *walk,
			 const size_t *idx, size_t nwalk, size_t n,
			 unsigned nthreads, struct findings *out)
{
	struct run_worker *w = xrealloc_array(NULL, nthreads, sizeof(*w));
	struct scan_local *local =
	    xrealloc_array(NULL, nthreads, sizeof(*local));
	struct run_job job = { .s = s,
			       .table = table,
			       .r = r,
			       .walk = walk,
			       .idx = idx,
			       .nwalk = nwalk,
			       .n = n };
	double cpu = 0;
	unsigned k;
	size_t i, p;

	inventory_pods(s->inv, &job.npv);
	job.nparts = nwalk ? nthreads : 0;
	job.per = findings_vec(n);
	job.rc = xrealloc_array(NULL, n ? n : 1, sizeof(*job.rc));
	memset(job.rc, 0, (n ? n : 1) * sizeof(*job.rc));
	job.parts = xrealloc_array(NULL, nthreads, sizeof(*job.parts));
	job.part_cpu = xrealloc_array(NULL, nthreads, sizeof(*job.part_cpu));
	for (p = 0; p < job.nparts; p++) {
		job.parts[p] = findings_vec(n);
		job.part_cpu[p] = 0;
	}
	atomic_init(&job.next, 0);
	for (k = 0; k < nthreads; k++) {
		w[k].job = &job;
		w[k].view = *s;
		memset(&local[k], 0, sizeof(local[k]));
		w[k].view.local = &local[k];
		w[k].scan_arena = w[k].view.arena = arena_new();
		w[k].out_arena = arena_new();
		/* here: OpenSSL is set up before another thread uses it */
		w[k].hasher = finding_hasher_new();
		w[k].started = false;
	}
	/* worker 0 is this thread; one that cannot start leaves its share */
	for (k = 1; k < nthreads; k++)
		w[k].started =
		    pthread_create(&w[k].thread, NULL, run_worker, &w[k]) == 0;
	run_worker(&w[0]);
	for (k = 1; k < nthreads; k++)
		if (w[k].started)
			pthread_join(w[k].thread, NULL);
	for (k = 0; k < nthreads; k++) {
		local_release(&local[k]);
		arena_merge(s->arena, w[k].scan_arena);
		arena_merge(out->arena, w[k].out_arena);
		arena_free(w[k].scan_arena);
		arena_free(w[k].out_arena);
		finding_hasher_free(w[k].hasher);
	}
	for (p = 0; p < job.nparts; p++)
		cpu += job.part_cpu[p];
	walk_done(s, table, r, idx, nwalk, job.parts, job.nparts, job.per,
		  job.rc, cpu);
	for (i = 0; i < n; i++) {
		struct findings *f;

		/* the walk's findings first, then run()'s */
		for (p = 0; walk[i] && p < job.nparts; p++) {
			f = &job.parts[p][i];
			f->arena = out->arena; /* merged above */
			findings_merge(out, f);
			findings_release(f);
		}
		f = &job.per[i];
		f->arena = out->arena;
		findings_merge(out, f);
		findings_release(f);
	}
	for (p = 0; p < job.nparts; p++)
		free(job.parts[p]);
	free(job.parts);
	free(job.part_cpu);
	free(job.rc);
	free(job.per);
	free(local);
	free(w);
}

/*
 * The selected checks on this thread, in table order, the walk first;
 * out gets each check's findings in table order.
 */
static void run_serial(struct scan *s, const struct check *const *table,
		       struct check_result *r, const bool *walk,
		       const size_t *idx, size_t nwalk, size_t n,
		       struct findings *out)
{
	struct findings *per = NULL;
	struct scan_local local = { 0 };
	struct finding_hasher *h = finding_hasher_new();
	int *rc = NULL;
	size_t i, k, npv;
	double cpu;

	s->local = &local;
	if (nwalk) {
		per = findings_vec(n);
		rc = xrealloc_array(NULL, n, sizeof(*rc));
		memset(rc, 0, n * sizeof(*rc));
		for (i = 0; i < nwalk; i++)
			findings_init(&per[idx[i]], out->arena);
		inventory_pods(s->inv, &npv);
		cpu = walk_views(s, table, idx, nwalk, per, 0, npv, h);
		/* then the run() of those that have one, after their walk */
		for (i = 0; i < nwalk; i++)
			if (table[k = idx[i]]->run)
				rc[k] =
				    run_part(s, table[k], &r[k], &per[k], h);
		walk_done(s, table, r, idx, nwalk, &per, 1, NULL, rc, cpu);
	}
	for (i = 0; i < n; i++) {
		if (walk[i]) {
			findings_merge(out, &per[i]);
			findings_release(&per[i]);
		} else if (r[i].status != CHECK_SKIPPED && table[i]->run &&
			   !walks(table[i])) {
			run_check(s, table[i], &r[i], out, h);
		}
	}
	finding_hasher_free(h);
	local_release(&local);
	s->local = NULL;
	free(rc);
	free(per);
}
int scan_run(struct scan *s, const struct check *const *table,
	     bool (*select)(const struct check *, void *), void *ctx,
	     struct findings *out, struct check_result **results,
	     size_t *nresults)
{
	size_t n = check_table_count(table), i, nrun = 0;
	struct check_result *r;
	size_t *idx, nwalk;
	bool *walk;

	assert(s->rbac && s->exposure && s->netpol); /* scan_finish_input() */
	r = xrealloc_array(NULL, n ? n : 1, sizeof(*r));
	for (i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].check = table[i];
		if (select && !select(table[i], ctx))
			r[i].status = CHECK_SKIPPED;
		else
			nrun++;
	}
	walk = xrealloc_array(NULL, n ? n : 1, sizeof(*walk));
	idx = xrealloc_array(NULL, n ? n : 1, sizeof(*idx));
	nwalk = walk_prepare(s, table, r, n, walk, idx);
	if (s->threads > 1 && nrun > 1)
		run_parallel(s, table, r, walk, idx, nwalk, n,
			     s->threads < nrun ? s->threads : (unsigned)nrun,
			     out);
	else
		run_serial(s, table, r, walk, idx, nwalk, n, out);
	free(idx);
	free(walk);
	redact_args(s, out);
#ifdef __GLIBC__
	/*
	 * What the checks freed (their scratch, the sets of texts) goes back
	 * before the findings are sorted, at the scan's largest.
	 */
	malloc_trim(0);
#endif
	/* fingerprinted by the checks' threads: sorted here */
	findings_sort_threads(out, s->threads);
	*results = r;
	*nresults = n;
	return 0;
}
