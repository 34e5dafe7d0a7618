/*
 * render_util.h - pieces the SARIF, HTML, Markdown and JUnit renderers
 * share: the rule list, object references and artifact locations.
 */
#ifndef THREATMAP_RENDER_UTIL_H
#define THREATMAP_RENDER_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonw.h"
#include "sbuf.h"

struct check;
struct check_result;
struct finding;
struct jsonw;
struct kobj;
struct report;

/* Given by the Makefile; a fallback for tools that compile files alone. */
#ifndef THREATMAP_VERSION
#define THREATMAP_VERSION "unknown"
#endif

/* Where the project documents itself; check docs are anchors below it. */
#define RENDER_HOME	  "https://github.com/threatmap/threatmap"
#define RENDER_CHECK_DOCS RENDER_HOME "/blob/main/docs/checks.md#"

/*
 * Every check of the report: those in results (their order), then checks
 * that only findings name.  malloc'ed, NULL-terminated; *n set.
 */
const struct check **render_checks(const struct report *r, size_t *n);

/* Index of c in a render_checks() list, or -1. */
long render_check_index(const struct check *const *list, size_t n,
			const struct check *c);

/* Result of check c in r, or NULL. */
const struct check_result *render_result(const struct report *r,
					 const struct check *c);

/* "Deployment shop/web", "ClusterRole admin", "Pod web (namespace unset)". */
int render_objref(struct sbuf *sb, const struct kobj *o);

/* True when o was read from standard input (scan -f -). */
bool render_from_stdin(const struct report *r, const struct kobj *o);

/*
 * Artifact URI of o for SARIF and links.  An object read from standard
 * input: "-", the name it was given on the command line (its lines are
 * those of the input stream).  When the scan read manifests
 * and the object came from a named file: its path made absolute against
 * opts->base_dir and normalized (no ".", ".." or "//"), then, when it lies
 * under base_dir, written relative to it with *base_id "%SRCROOT%",
 * else as a file:// URI (*base_id NULL); percent-encoded.  Otherwise the
 * stable per-object URI k8s/<namespace or _cluster>/<Kind>/<name>.yaml.
 * *synthetic tells which.  synthetic and base_id may be NULL.
 */
int render_artifact_uri(struct sbuf *sb, const struct report *r,
			const struct kobj *o, bool *synthetic,
			const char **base_id);

/*
 * render_artifact_uri() into m->uri, worked out again only when o's file
 * is not the one of the object before (the URI of an object read from a
 * named manifest is its file's).  Start m zeroed with uri SBUF_INIT; one
 * memo per thread; render_uri_memo_release() frees it.
 */
struct render_uri_memo {
	const char *file; /* whose URI m->uri is, when valid */
	const char *base_id;
	bool valid;
	struct sbuf uri;
};

int render_artifact_uri_memo(struct render_uri_memo *m, const struct report *r,
			     const struct kobj *o, bool *synthetic,
			     const char **base_id);
void render_uri_memo_release(struct render_uri_memo *m);

/*
 * The fix of finding fd, for every renderer that shows one.  Into path:
 * the field the finding is about, the first evidence path that names a
 * field of the object, cut after the container, volume, RBAC rule,
 * subject or pod securityContext it lies in ("spec.containers[0]",
 * "spec.volumes[2]", "rules[1]"); other fields as they are ("spec.type");
 * empty when no evidence names a field.  Into yaml: the check's corrected
 * fragment, placed in the finding's container under the list the path
 * names ("ephemeralContainers:\n  - name: debug\n    securityContext:
 * ...") when it holds container fields, else as the check wrote it (a pod
 * spec, a pod's securityContext or a whole object); empty when the check
 * has none.  False when both are empty.
 */
bool render_fix(const struct finding *fd, struct sbuf *path, struct sbuf *yaml);

/*
 * render_fix() into m->path and m->yaml, worked out again only when fd's
 * check, container or fix path (texts a set of findings keeps once) is
 * not the finding's before: consecutive findings of one check mostly
 * share their fix.  Start m zeroed with both buffers SBUF_INIT; one
 * memo per thread; render_fix_memo_release() frees it.
 */
struct render_fix_memo {
	const struct check *check;
	const char *container;
	const char *field; /* the evidence path the fix path is cut from */
	bool valid, has;
	struct sbuf path, yaml;
	/*
	 * How many times the texts were worked out: a caller that keeps
	 * what it made of them knows it still holds while this is the same.
	 */
	unsigned long made;
};

bool render_fix_memo(struct render_fix_memo *m, const struct finding *fd);
void render_fix_memo_release(struct render_fix_memo *m);

/*
 * A finding's "fix" object as the JSON and SARIF reports write it, kept
 * with the bytes written for it: while the memo's texts are those the
 * bytes were written from (same made), the bytes are copied again.
 * Start with RENDER_FIX_JSON_INIT; render_fix_json_release() frees it.
 */
struct render_fix_json {
	struct render_fix_memo fix;
	struct jsonw_memo w;
	unsigned long made; /* fix.made when w was written */
};

#define RENDER_FIX_JSON_INIT                                                   \
	((struct render_fix_json){                                             \
	    .fix = { .path = SBUF_INIT, .yaml = SBUF_INIT },                   \
	    .w = JSONW_MEMO_INIT,                                              \
	})

/*
 * Write "fix": {"path", "yaml"} for fd, if it has one; an empty text is
 * null when nulls is set, left out when not.
 */
void render_fix_json(struct jsonw *w, const struct finding *fd,
		     struct render_fix_json *f, bool nulls);
void render_fix_json_release(struct render_fix_json *f);

/*
 * fd's fingerprint in hex into buf (33 bytes), as finding_fp_hex() writes
 * it: 32 digits, sixteen at a time where the machine has SSE2.  buf
 * returned.
 */
const char *render_fp_hex(const struct finding *fd, char *buf);

/* Findings of check c that survive in the report (suppressed or not). */
/* Counts every renderer's summary shows; see render_tally(). */
struct render_tally {
	size_t findings; /* not suppressed */
	size_t suppressed;
	size_t by_severity[5]; /* enum severity: not suppressed */
	size_t by_status[5];   /* enum check_status */
};

/* Count findings per severity and check results per status. */
void render_tally(const struct report *r, struct render_tally *c);

size_t render_count(const struct report *r, const struct check *c,
		    bool suppressed);

/*
 * The Markdown summary with at most limit bytes (the renderer uses a
 * limit under GitHub's 65536-character comment size; tests use small ones).
 */
int render_markdown_limited(const struct report *r, struct sbuf *out,
			    size_t limit);

/*
 * For the text report: score per tactic, the suppressed findings with
 * their reasons, expired exceptions and what was hidden.  Control
 * characters in input strings are replaced.  Nothing when r->score and
 * r->policy are NULL and nothing is suppressed.
 */
int render_text_extras(const struct report *r, struct sbuf *out);

/*
 * For the JSON report: "score" (overall, per tactic, per technique
 * status, hidden counts) and "exceptions" (every entry, applied or
 * expired, with matches).  Scores of nothing judged are null.
 */
void render_json_extras(struct jsonw *w, const struct report *r);

#endif
