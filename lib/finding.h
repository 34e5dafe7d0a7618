/*
 * finding.h - what a check reports.
 *
 * A finding names a check, the object it is about (and container, if any),
 * a message, one or more pieces of evidence (field path and value, with the
 * line and column of the node) and, for attack paths, the hops of the path.
 * Its fingerprint hashes what identifies the weakness (check, group, kind,
 * namespace, name, container, evidence paths), never a file location, so
 * the same weakness has the same fingerprint in a live scan, a snapshot and
 * a manifest scan.
 *
 * Findings live in the arena of their struct findings; the pointer array is
 * malloc'ed.  One struct findings per thread; findings_merge() joins them.
 * Their texts (message, container, evidence paths and values, hop labels)
 * are kept once per struct findings however many findings repeat them: a
 * check that fires on every workload says the same thing each time, and
 * the text of 100,000 findings would otherwise be most of their memory.
 * The set that finds them again is forgotten after each check
 * (findings_texts_done()): one check's texts seldom repeat another's, and
 * the set would otherwise grow with every finding of the scan.
 * Texts are never modified once added: one may be another finding's, so
 * whatever changes a finding's text afterwards (the scan's redaction of
 * command lines) points the finding at a new copy.
 */
#ifndef THREATMAP_FINDING_H
#define THREATMAP_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "severity.h"

struct arena;
struct check;
struct kobj;
struct node;
struct strmap;

struct evidence {
	const char *
	    path; /* "spec.template.spec.containers[0].securityContext.privileged" */
	const char *value;  /* "true" */
	unsigned line, col; /* of the node in the object's file; 0 unknown */
};

/* One step of an attack path. */
struct hop {
	const struct kobj *obj; /* may be NULL for a subject (user, group) */
	const char *label; /* "Service/web exposes pod via NodePort 30080" */
	const char *path;  /* field path of the evidence, may be NULL */
	const char *value;
	unsigned line, col;
};

struct finding {
	const struct check *check;
	const struct kobj *obj;
	const char *container; /* NULL when about the whole object */
	const char *message;
	struct evidence *ev;
	struct hop *hops;
	/* set by policy (exceptions); NULL when not suppressed */
	const char *suppressed_by;
	unsigned nev;
	unsigned short nhops;	/* finding_hop() stops at USHRT_MAX */
	unsigned char severity; /* enum severity: the check's unless raised */
	/* set by findings_finish(); in hex: finding_fp() */
	unsigned char fingerprint[16];
};

/*
 * A finding's fingerprint in hex (32 digits), in a buffer that lives to
 * the end of the caller's block.
 */
#define finding_fp(fd) finding_fp_hex((fd), (char[33]){ 0 })
const char *finding_fp_hex(const struct finding *fd, char *buf);

struct findings {
	struct arena *arena;
	struct finding **v;
	size_t n, alloc;
	struct strmap *texts; /* each text once: malloc'ed, NULL until used */
	/*
	 * What a check found but left to another check's finding (a
	 * subject that is effectively cluster-admin is said once): the
	 * check failed, with no finding of its own for it.
	 */
	size_t folded;
	/* each grant folded, and each finding grants are folded into */
	struct fold *folds; /* malloc'ed */
	size_t nfolds, afolds;
	/*
	 * How many pieces of evidence quote a command line (a path with
	 * "args[" or "command["): the scan redacts credentials in those,
	 * and looks at none when there are none.
	 */
	size_t quoting;
};

/*
 * A grant one check found and left to another's finding, or a finding
 * such grants go to.  The finding a grant goes to is the one said about
 * its subject (rbac-cluster-admin-equivalent, or the one per-permission
 * finding that is the subject's whole chain) or, for "*" on "*" held by a
 * subject said about nowhere else, the finding on that binding
 * (rbac-wildcard, cluster-admin-binding).  Whether an exception
 * suppresses that finding decides whether the grant still exposes the
 * folded check's techniques: the score resolves them after triage.
 */
struct fold {
	const struct check *check;    /* a grant: the check it was found by */
	const struct finding *target; /* a finding grants go to */
	const char *subject;	      /* rbac_subject_key() of the subject */
	/* a grant of "*" on "*", or a finding on a binding: that binding */
	const struct kobj *binding;
};

void findings_init(struct findings *f, struct arena *a);

/*
 * Check c found a grant to subject (rbac_subject_key()) and left it to
 * the subject's finding or, when binding is not NULL ("*" on "*"), to
 * the finding on binding if the subject has none; counts f->folded.
 */
void finding_fold(struct findings *f, const struct check *c,
		  const char *subject, const struct kobj *binding);

/*
 * fd is the finding said about subject (on_binding false), or the one
 * about subject's "*" on "*" through fd->obj (on_binding true).
 */
void finding_fold_into(struct findings *f, const struct finding *fd,
		       const char *subject, bool on_binding);
void findings_release(struct findings *f);

/*
 * New finding for check c on obj (container may be NULL) with a printf
 * message; severity starts as the check's.  Never NULL.
 */
struct finding *finding_add(struct findings *f, const struct check *c,
			    const struct kobj *obj, const char *container,
			    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Evidence: field path and the printf value.  at (may be NULL) gives the
 * line and column.
 */
void finding_evidence(struct findings *f, struct finding *fd,
		      const struct node *at, const char *path, const char *fmt,
		      ...) __attribute__((format(printf, 5, 6)));

/*
 * Whether evidence at path quotes a command line ("containers[0].args[2]",
 * "command[1]"), where a credential may be written: counted in
 * findings.quoting.
 */
bool finding_path_quotes_args(const char *path);

/*
 * For an object written without metadata.namespace (kobj.ns_defaulted):
 * evidence "metadata.namespace = unset: in 'NS', where kubectl apply
 * puts it", so a verdict about its namespace says where that namespace
 * came from.  Nothing for other objects.
 */
void finding_ns_defaulted(struct findings *f, struct finding *fd,
			  const struct kobj *obj);

/* Append one hop to an attack path; strings are copied. */
void finding_hop(struct findings *f, struct finding *fd, const struct kobj *obj,
		 const struct node *at, const char *path, const char *value,
		 const char *label);

/*
 * Forget which texts f keeps (they stay): texts added from now on get
 * copies of their own, kept once among themselves.  After each check.
 */
void findings_texts_done(struct findings *f);

/* Move all findings of src into dst (arenas merged too). */
void findings_merge(struct findings *dst, struct findings *src);

/*
 * Compute fingerprints and sort: severity (high first), check id, kind,
 * namespace, name, container, first evidence path, fingerprint; findings
 * equal in all of these stay in the order they were added.
 * Deterministic.
 */
void findings_finish(struct findings *f);

/*
 * findings_finish() on up to threads threads (two at most: each takes
 * half of the fingerprints and sorts its half, then the halves are
 * merged).  The result is the same as findings_finish()'s.
 */
void findings_finish_threads(struct findings *f, unsigned threads);

/*
 * What fingerprints are made with on one thread (a digest context and
 * scratch).  Make every thread's on the thread that starts the others:
 * OpenSSL sets itself up on first use.
 */
struct finding_hasher;
struct finding_hasher *finding_hasher_new(void);
void finding_hasher_free(struct finding_hasher *h);

/*
 * The fingerprints of f->v[from..f->n), made with h: once those findings
 * are complete, while their texts are fresh in the cache.
 */
void findings_fingerprint(struct findings *f, size_t from,
			  struct finding_hasher *h);

/*
 * findings_finish_threads() for findings whose fingerprints are all made
 * (findings_fingerprint()): the same order.
 */
void findings_sort_threads(struct findings *f, unsigned threads);

/* Line and column of a finding: its first evidence's, else its object's. */
void finding_location(const struct finding *fd, unsigned *line, unsigned *col);

#endif
