/*
 * testutil.h - helpers shared by the test suites.
 */
#ifndef THREATMAP_TESTUTIL_H
#define THREATMAP_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct scan;

/* Path of ../shared (or $THREATMAP_SHARED) when it exists, else NULL. */
const char *tu_shared_dir(void);

/*
 * Note that test fn skipped its assertions: "skipped FN: WHY" on stderr, and
 * a line in the file $THREATMAP_SKIP_LOG names when set, so CI can refuse a
 * run with skips.  The only legitimate skip is a missing ../shared; any
 * other inability to run an assertion fails the test.
 */
void tu_skip(const char *fn, const char *why);

/* Skip the current test when ../shared is absent. */
#define TU_NEED_SHARED(var)                                                    \
	const char *var = tu_shared_dir();                                     \
	if (!var) {                                                            \
		tu_skip(__func__, "../shared not found");                      \
		return;                                                        \
	}

/*
 * Whether a data-driven loop takes its next input: every one, but only
 * every eighth when THREATMAP_TEST_QUICK is set (make valgrind, where an
 * input costs some fifty times what it does natively; make check and
 * make asan take them all).  *seen counts the inputs offered.
 */
bool tu_sample(size_t *seen);

/* Fail the current test unless the shell command `command -v tool` finds it. */
void tu_need_tool(const char *tool, const char *package);

/* Path of the built binary ($THREATMAP_BIN, else ./kubectl-threatmap). */
const char *tu_bin(void);

/* Read a whole file into a malloc'ed NUL-terminated buffer; NULL on error. */
char *tu_read_file(const char *path, size_t *len);

/*
 * Run a shell command, capture stdout into a malloc'ed buffer (*out), and
 * return its exit status (or -1).
 */
int tu_run(const char *cmd, char **out);

/*
 * The environment the binary runs in under tu_runf(): none of the user's
 * kubeconfig, cluster, colour choice, terminal width or home.
 */
#define TU_ENV                                                                 \
	"env -u KUBECONFIG -u NO_COLOR -u KUBERNETES_SERVICE_HOST "            \
	"-u KUBECTL_PATH -u COLUMNS HOME=/nonexistent-threatmap-home "

/*
 * Run a printf-formatted shell command, stdout into *out (caller frees;
 * out may be NULL).  Returns its exit status; fails the test when the
 * command cannot run at all.
 */
int tu_shf(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Run the built binary under TU_ENV with printf-formatted arguments,
 * stdout and stderr together into *out (caller frees; may be NULL).
 * The arguments may redirect: "... 2>/dev/null" keeps stderr out of *out.
 * Returns the exit status; fails the test when the binary cannot run.
 */
#define tu_runf(out, ...) tu_runf_opts(out, NULL, __VA_ARGS__)

/* How tu_runf_opts() runs the binary; NULL fields mean tu_runf()'s way. */
struct tu_run_opts {
	const char *sh;	    /* shell commands run first: "umask 077; " */
	const char *env;    /* words env(1) reads before the binary:
			       NAME=VALUE settings that add to or override
			       TU_ENV's ("COLUMNS=72"), then maybe a command
			       that runs the binary ("timeout 30") */
	const char *err_to; /* where its stderr goes instead of into *out:
			       "/dev/null", a file, "&2" (the test's) */
};

/* tu_runf() run as o says (o may be NULL). */
int tu_runf_opts(char **out, const struct tu_run_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Load files or directories (recursive) into a new, finished scan. */
struct scan *tu_scan_paths(const char *const *paths, size_t n);

/* Load an in-memory YAML/JSON text into a new, finished scan. */
struct scan *tu_scan_text(const char *text);

/*
 * Load ../shared's k8s-real/network-policies/FILE and, as a document after
 * it, the text objs into a new, finished scan.  Fails the test when the
 * file cannot be read or the scan has input errors.
 */
struct scan *tu_scan_netpol_real(const char *shared, const char *file,
				 const char *objs);

/* Load text a followed by text b into a new, finished scan. */
struct scan *tu_scan_text2(const char *a, const char *b);

struct np_end;
struct pod_view;

/* The pod view of pod id ("NS/NAME") in s, or NULL. */
const struct pod_view *tu_find_pod(const struct scan *s, const char *id);

/*
 * The network-policy query end id names: "internet", "apiserver", a pod
 * "NS/NAME" of s (failing the test when s has none), else an address.
 */
void tu_np_end(const struct scan *s, const char *id, struct np_end *e);

struct check;

/* A scan and what the checks run on it found. */
struct tu_checks {
	struct scan *s;
	struct findings f;
	struct check_result *res;
	size_t nres;
};

/*
 * Run the checks of table that select picks (every one when NULL) on s,
 * which r then owns; fails the test when the run fails.
 */
void tu_checks_run(struct tu_checks *r, struct scan *s,
		   const struct check *const *table,
		   bool (*select)(const struct check *, void *), void *ctx);

/* Run check id alone on s, which must have loaded clean; r owns s. */
void tu_check_one(struct tu_checks *r, struct scan *s, const char *id);

/*
 * One case from a peer tool's own test fixtures, restated as a manifest of
 * ours: what the peer says of it and what threatmap says, for one check.
 */
struct tu_peer_row {
	const char *source; /* the peer's fixture, repository path */
	const char *file;   /* our manifest, under testdata/verdicts/peers/ */
	const char *check;  /* the threatmap check whose verdict is compared */
	bool peer;	    /* the peer flags the case */
	bool fires;	    /* threatmap's check reports it */
	int sev;	 /* enum severity of that finding; 0 (SEV_NONE): any */
	const char *msg; /* part of that finding's message; NULL: any */
};

/*
 * Scan row->file with the whole default catalogue, as the command does,
 * and assert row->check's verdict (and severity and message when given).
 */
void tu_peer_judge(const struct tu_peer_row *row);

/* How many of the n rows threatmap and the peer agree on. */
size_t tu_peer_agreed(const struct tu_peer_row *rows, size_t n);

/* Release r's findings, results and scan. */
void tu_checks_release(struct tu_checks *r);

/* The first finding of check id in r, or NULL. */
const struct finding *tu_checks_find(const struct tu_checks *r, const char *id);

/* The first finding in r whose message holds sub, or NULL. */
const struct finding *tu_checks_with(const struct tu_checks *r,
				     const char *sub);

/* Select for tu_checks_run(): the kubelet-* checks but kubelet-subpath-cve. */
bool tu_kubelet_checks(const struct check *c, void *ctx);

struct arena;
struct diag;
struct node;

/* One YAML/JSON document as a plain tree in arena a; NULL on error. */
struct node *load_tree_for_test(struct arena *a, const char *text,
				struct diag *d);

struct sbuf;
struct inventory;
struct diag_list;
/*
 * A tree, every node with its type, line and column and a scalar's value,
 * one line per node, indented by depth: for comparing two loads.
 */
void tu_dump_tree(struct sbuf *sb, const struct node *n, int depth);
/* Every object of inv (kind, position, tree) and every error, as text. */
char *tu_load_digest(struct inventory *inv, const struct diag_list *errs);
/* name ends in .yaml or .yml. */
bool tu_is_yaml_name(const char *name);

/*
 * n findings for the sort's tests, added to f (initialised): three checks
 * (two of one severity), nine objects (kinds, namespaces and names that
 * are prefixes of each other, empty, NULL, longer than a sort record's
 * bytes, one name twice), five containers and three evidence paths,
 * picked by a generator started at seed, so that every field decides
 * some comparisons and many findings tie; a fifth raised to critical.
 * Each message is the finding's place in the input.  Finding no_obj
 * (none if n or more) has no object.
 */
void tu_findings_ties(struct findings *f, unsigned n, unsigned seed,
		      unsigned no_obj);

#endif
