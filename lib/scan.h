/*
 * scan.h - one scan: its arena, inventory, analyses, and the check run.
 *
 * The caller (cmd/) creates a scan, loads sources into scan->inv (see
 * load.h, and later the live client), calls scan_finish_input() and then
 * scan_run().  Checks receive the scan read-only.
 */
#ifndef THREATMAP_SCAN_H
#define THREATMAP_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "finding.h"

struct arena;
struct check;
struct inventory;
struct kobj;
struct pod_view;
struct sa_token;
struct scan_lazy;
struct scan_local;

enum check_status {
	CHECK_PASSED,	   /* ran and found nothing */
	CHECK_FAILED,	   /* ran and found something */
	CHECK_NOT_VISIBLE, /* needed kinds could not be read */
	CHECK_SKIPPED,	   /* deselected by the user */
	CHECK_ERROR,	   /* the check itself failed */
};

const char *check_status_name(enum check_status st);

struct check_result {
	const struct check *check;
	enum check_status status;
	size_t findings;
	size_t folded;	 /* found, and reported by another check's finding */
	bool partial;	 /* some needed kinds unreadable in some namespaces */
	bool absent;	 /* NOT_VISIBLE: the manifests held none of its kinds */
	const char *why; /* NOT_VISIBLE, ERROR or partial: what was not seen */
	double cpu_s;	 /* CPU seconds the check took (for measuring) */
};

/* Where the objects came from, for reports. */
struct scan_meta {
	const char *source;	    /* "manifests", "snapshot", "live" */
	const char *context;	    /* kubeconfig context, or NULL */
	const char *cluster;	    /* cluster server URL, or NULL */
	const char *server_version; /* "v1.30.2", or NULL */
	const char *collected_at;   /* RFC 3339, or NULL */
};

struct scan {
	struct arena *arena;
	struct inventory *inv;
	struct diag_list errors; /* input errors; the scan goes on */
	/*
	 * Input warnings (DIAG_SKIPPED): reported like errors, but they
	 * leave the exit status alone.  scan_finish_input() moves them here
	 * from errors, where loaders put everything they meet, and adds the
	 * inventory's (objects kept under a made-up name, DIAG_SCHEMA).
	 */
	struct diag_list warnings;
	struct scan_meta meta;
	/*
	 * Registries (and repository prefixes) images may come from, set by
	 * the caller before scan_run() (see image_trusted() in image.h);
	 * NULL/0: no list, and the checks that need one stay silent.
	 */
	const char *const *trusted_registries;
	size_t ntrusted_registries;
	/*
	 * Where that list came from: the names of the TrustedRegistries
	 * documents of the input ("trusted-registries.yaml"), which
	 * scan_finish_input() reads, or NULL when the caller set it (the
	 * command line's list replaces the input's).
	 */
	const char *trusted_registries_from;
	/*
	 * Feature gates of the cluster the caller says are on (enum
	 * scan_feature bits), set before scan_run(); the API does not show
	 * them.  0: judge as the defaults of the API server do.
	 */
	unsigned features;
	/*
	 * Threads scan_finish_input() may build analyses on and scan_run()
	 * may run checks, fingerprint and sort on, set before them; the
	 * JSON and SARIF renderers write many findings on two threads when
	 * it is 2 or more.  0 or 1: one after another.  The analyses, the
	 * findings, their order and the reports are the same either way.
	 */
	unsigned threads;
	/*
	 * Analyses, built once by scan_finish_input() and shared read-only
	 * by every check; NULL until then.
	 */
	struct rbac *rbac;
	struct exposure *exposure;
	struct netpol *netpol;
	struct cred *cred;   /* credential patterns, compiled once per scan */
	struct escal *escal; /* paths to cluster-admin (escalation.h) */
	/* what analyses build on first use (scan_lazy_get()) */
	struct scan_lazy *lazy;
	/* what the thread running a check keeps (scan_local_get()) */
	struct scan_local *local;
};

/* Things an analysis builds on first use, one slot each. */
enum scan_lazy_slot {
	SCAN_LAZY_CP,	  /* control-plane containers (controlplane.h) */
	SCAN_LAZY_RANGES, /* LimitRanges by namespace (resources.h) */
	SCAN_LAZY_COUNT,
};

/*
 * What make(s) built for slot, making it on the first call: once per
 * scan, under a lock, as checks may run on several threads.  scan_free()
 * hands it to release().  NULL when s has no room for it (a struct scan
 * not made by scan_new()): the caller then does without.
 */
void *scan_lazy_get(const struct scan *s, enum scan_lazy_slot slot,
		    void *(*make)(const struct scan *s),
		    void (*release)(void *v));

/* What a check keeps across what it judges in one thread, a slot each. */
enum scan_local_slot {
	SCAN_LOCAL_CRED_MEMO, /* judged environment values (cred.h) */
	SCAN_LOCAL_ACCOUNT,   /* the last ServiceAccount looked up */
	SCAN_LOCAL_COUNT,
};

/*
 * What make() built for slot in the thread running the caller, made on
 * the first call there: each thread of scan_run() has its own, so a
 * check judging views one by one (check.pod) can remember what it
 * judged without a lock.  release() frees it when scan_run() is done.
 * NULL outside scan_run(): the caller then does without.
 */
void *scan_local_get(const struct scan *s, enum scan_local_slot slot,
		     void *(*make)(void), void (*release)(void *v));

/*
 * The ServiceAccount ns/name of the input (inventory_find()), or NULL.
 * The checks of the walk ask about one view's account in turn: the last
 * answer of the calling thread is kept (scan_local_get()) and given again
 * for the same ns and name.
 */
const struct kobj *scan_account(const struct scan *s, const char *ns,
				const char *name);

/*
 * sa_token_mounted() of pv, its ServiceAccount looked up with
 * scan_account(): the same answer and *t.
 */
bool scan_sa_token_mounted(const struct scan *s, const struct pod_view *pv,
			   struct sa_token *t);

/* A new scan with an empty inventory.  Caller frees with scan_free(). */
/* Feature gates a scan may be told about (struct scan.features). */
enum scan_feature {
	/*
	 * UserNamespacesPodSecurityStandards: Pod Security restricted
	 * relaxes "Running as Non-root" and "Running as Non-root user" for
	 * pods with spec.hostUsers: false.
	 */
	SCAN_FEATURE_USERNS_PSS = 1u << 0,
};

/* The bit of a feature gate name ("UserNamespacesPodSecurityStandards"),
 * or 0 for a gate no check reads. */
unsigned scan_feature_parse(const char *name);

/* Names of the known feature gates, NULL-terminated. */
extern const char *const scan_feature_names[];

struct scan *scan_new(void);
void scan_free(struct scan *s);

/* Record an input error (a DIAG_SKIPPED one: a warning); the scan goes on. */
void scan_add_error(struct scan *s, const struct diag *d);

/* Finish the inventory and build the analyses (rbac, exposure, netpol). */
void scan_finish_input(struct scan *s);

/*
 * Run the checks of table (NULL-terminated, see check.h) that select()
 * accepts (NULL: all) into out (initialised by the caller with s->arena or
 * another arena) and fill results, one per table entry, in table order
 * (*nresults set; caller frees results).  Findings are finished
 * (fingerprinted and sorted).
 */
int scan_run(struct scan *s, const struct check *const *table,
	     bool (*select)(const struct check *, void *), void *ctx,
	     struct findings *out, struct check_result **results,
	     size_t *nresults);

#endif
