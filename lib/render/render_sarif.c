/*
 * render_sarif.c - SARIF 2.1.0 for GitHub code scanning (docs/sarif.md).
 *
 * One run.  One rule per check, with the tactic names, Microsoft technique
 * ids and ATT&CK ids as tags and GitHub's security-severity.  Every result
 * has a physical location (GitHub rejects results without one): the
 * manifest and line when the scan read files, else a stable per-object
 * URI.  Suppressed findings are results with an external suppression, so
 * SARIF and JSON always count the same findings.
 */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "jsonw.h"
#include "matrix.h"
#include "policy.h"
#include "render/render_par.h"
#include "render/render_util.h"
#include "sbuf.h"
#include "scan.h"
#include "score.h"

#define SARIF_SCHEMA                                                           \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/"                      \
	"errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *level_of(enum severity s)
{
	return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

/* "privileged-container" -> "PrivilegedContainer" */
static void pascal(struct sbuf *sb, const char *id)
{
	bool up = true;

	for (; *id; id++) {
		if (*id == '-' || *id == '_' || *id == '.') {
			up = true;
			continue;
		}
		if (sbuf_addch(sb, up && *id >= 'a' && *id <= 'z'
				       ? (char)(*id - 'a' + 'A')
				       : *id))
			oom();
		up = false;
	}
}

static void tags(struct jsonw *w, const struct check *c)
{
	const char *const *p, *const *q;
	const char *seen[32];
	size_t nseen = 0, i;

	jsonw_karr_open(w, "tags");
	jsonw_str(w, "security");
	jsonw_str(w, "kubernetes");
	for (p = c->techniques; p && *p; p++) {
		const struct mx_technique *t = matrix_technique(*p);

		for (q = t ? t->tactics : NULL; q && *q; q++) {
			const struct mx_tactic *ta = matrix_tactic(*q);
			const char *name = ta ? ta->name : *q;

			for (i = 0; i < nseen; i++)
				if (!strcmp(seen[i], name))
					break;
			if (i < nseen || nseen == 32)
				continue;
			seen[nseen++] = name;
			jsonw_str(w, name);
		}
	}
	for (p = c->techniques; p && *p; p++)
		jsonw_str(w, *p);
	for (p = c->attack; p && *p; p++)
		jsonw_str(w, *p);
	jsonw_arr_close(w);
}

static void help(struct jsonw *w, const struct check *c)
{
	struct sbuf text = SBUF_INIT, md = SBUF_INIT;
	const char *const *p;
	int rc = 0;

	rc |= sbuf_addf(&text, "%s\n\nRemediation: %s\n",
			c->rationale ? c->rationale : c->title,
			c->remediation ? c->remediation
				       : "see the check's documentation");
	rc |= sbuf_addf(&md, "%s\n\n**Remediation:** %s\n\n",
			c->rationale ? c->rationale : c->title,
			c->remediation ? c->remediation
				       : "see the check's documentation");
	rc |= sbuf_adds(&md, "**Threat matrix:**");
	for (p = c->techniques; p && *p; p++) {
		const struct mx_technique *t = matrix_technique(*p);
		rc |=
		    sbuf_addf(&md, "%s %s (%s)", p == c->techniques ? "" : ",",
			      *p, t ? t->name : "unknown technique");
	}
	rc |= sbuf_adds(&md, "\n\n**MITRE ATT&CK:**");
	for (p = c->attack; p && *p; p++)
		rc |= sbuf_addf(&md, "%s %s", p == c->attack ? "" : ",", *p);
	rc |= sbuf_adds(&md, "\n");
	if (c->references && *c->references) {
		rc |= sbuf_adds(&text, "\nReferences:\n");
		rc |= sbuf_adds(&md, "\n**References:**\n\n");
		for (p = c->references; *p; p++) {
			rc |= sbuf_addf(&text, "- %s\n", *p);
			rc |= sbuf_addf(&md, "- <%s>\n", *p);
		}
	}
	if (rc)
		oom();
	jsonw_kobj_open(w, "help");
	jsonw_kstr(w, "text", text.buf);
	jsonw_kstr(w, "markdown", md.buf);
	jsonw_obj_close(w);
	sbuf_release(&text);
	sbuf_release(&md);
}

static void rule(struct jsonw *w, const struct check *c)
{
	struct sbuf sb = SBUF_INIT;

	jsonw_obj_open(w);
	jsonw_kstr(w, "id", c->id);
	pascal(&sb, c->id);
	jsonw_kstr(w, "name", sb.buf);
	sbuf_reset(&sb);
	jsonw_kobj_open(w, "shortDescription");
	jsonw_kstr(w, "text", c->title ? c->title : c->id);
	jsonw_obj_close(w);
	jsonw_kobj_open(w, "fullDescription");
	jsonw_kstr(w, "text",
		   c->rationale ? c->rationale : (c->title ? c->title : c->id));
	jsonw_obj_close(w);
	help(w, c);
	if (sbuf_addf(&sb, "%s%s", RENDER_CHECK_DOCS, c->id))
		oom();
	jsonw_kstr(w, "helpUri", sb.buf);
	jsonw_kobj_open(w, "defaultConfiguration");
	jsonw_kstr(w, "level", level_of(c->severity));
	jsonw_obj_close(w);
	jsonw_kobj_open(w, "properties");
	tags(w, c);
	jsonw_knum(w, "security-severity",
		   score_security_severity(c->severity));
	jsonw_kstr(w, "precision", "high");
	jsonw_kstr(w, "problem.severity", level_of(c->severity));
	jsonw_kstr(w, "severity", severity_name(c->severity));
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	sbuf_release(&sb);
}

/*
 * What a thread keeps from result to result: the fix and artifact URI of
 * the result before (the next mostly shares them) and the bytes written
 * for that fix, the rule index of its check (results come sorted by
 * check), and a scratch buffer.
 */
struct result_memo {
	struct render_fix_json fix; /* empty texts left out */
	struct render_uri_memo artifact;
	const struct check *rule; /* whose index rule_index is, when set */
	long rule_index;
	bool rule_set;
	struct sbuf fq;
};

static void physical(struct jsonw *w, const struct report *r,
		     const struct kobj *o, unsigned line, unsigned col,
		     struct result_memo *rm)
{
	const struct sbuf *uri = &rm->artifact.uri;
	const char *base_id;
	bool synthetic;

	if (render_artifact_uri_memo(&rm->artifact, r, o, &synthetic, &base_id))
		oom();
	if (synthetic || !line)
		line = 1, col = 0;
	jsonw_kobj_open(w, "physicalLocation");
	jsonw_kobj_open(w, "artifactLocation");
	jsonw_kstrl(w, "uri", uri->buf, uri->len);
	if (base_id)
		jsonw_kstr(w, "uriBaseId", base_id);
	if (render_from_stdin(r, o)) {
		jsonw_kobj_open(w, "description");
		jsonw_kstr(w, "text", "standard input");
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
	jsonw_kobj_open(w, "region");
	jsonw_kint(w, "startLine", line);
	if (col)
		jsonw_kint(w, "startColumn", col);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void logical(struct jsonw *w, const struct kobj *o,
		    const char *container, struct sbuf *fq)
{
	if (!o)
		return;
	/* namespace/Kind/name, then /container */
	sbuf_reset(fq);
	if (sbuf_adds(fq, o->ns ? o->ns : "_cluster") || sbuf_addch(fq, '/') ||
	    sbuf_adds(fq, kobj_kind_key(o)) || sbuf_addch(fq, '/') ||
	    sbuf_adds(fq, o->name))
		oom();
	jsonw_karr_open(w, "logicalLocations");
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", o->name);
	jsonw_kstrl(w, "fullyQualifiedName", fq->buf, fq->len);
	jsonw_kstr(w, "kind", "resource");
	jsonw_obj_close(w);
	if (container) {
		if (sbuf_addch(fq, '/') || sbuf_adds(fq, container))
			oom();
		jsonw_obj_open(w);
		jsonw_kstr(w, "name", container);
		jsonw_kstrl(w, "fullyQualifiedName", fq->buf, fq->len);
		jsonw_kstr(w, "kind", "object");
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void code_flow(struct jsonw *w, const struct report *r,
		      const struct finding *fd, struct result_memo *rm)
{
	size_t i;

	jsonw_karr_open(w, "codeFlows");
	jsonw_obj_open(w);
	jsonw_kobj_open(w, "message");
	jsonw_kstr(w, "text", fd->message);
	jsonw_obj_close(w);
	jsonw_karr_open(w, "threadFlows");
	jsonw_obj_open(w);
	jsonw_karr_open(w, "locations");
	for (i = 0; i < fd->nhops; i++) {
		const struct hop *h = &fd->hops[i];
		const struct kobj *o = h->obj ? h->obj : fd->obj;

		jsonw_obj_open(w);
		jsonw_kobj_open(w, "location");
		physical(w, r, o, h->obj ? (h->line ? h->line : o->line) : 0,
			 h->obj ? h->col : 0, rm);
		logical(w, h->obj, NULL, &rm->fq);
		jsonw_kobj_open(w, "message");
		jsonw_kstr(w, "text", h->label);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

static void suppression(struct jsonw *w, const struct report *r,
			const struct finding *fd)
{
	const struct policy_exception *e = policy_match(r->policy, fd);

	jsonw_karr_open(w, "suppressions");
	jsonw_obj_open(w);
	jsonw_kstr(w, "kind", "external");
	jsonw_kstr(w, "status", "accepted");
	jsonw_kstr(w, "justification", fd->suppressed_by);
	if (e) {
		jsonw_kobj_open(w, "properties");
		if (e->owner)
			jsonw_kstr(w, "owner", e->owner);
		if (e->expires)
			jsonw_kstr(w, "expires", e->expires);
		jsonw_kstr(w, "exceptionsFile", e->file);
		jsonw_kint(w, "exceptionLine", e->line);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

/* render_check_index() of c, looked up again only for another check. */
static long rule_index(struct result_memo *rm, const struct check *const *rules,
		       size_t nrules, const struct check *c)
{
	if (!rm->rule_set || rm->rule != c) {
		rm->rule_index = render_check_index(rules, nrules, c);
		rm->rule = c;
		rm->rule_set = true;
	}
	return rm->rule_index;
}

static void result(struct jsonw *w, const struct report *r,
		   const struct check *const *rules, size_t nrules,
		   const struct finding *fd, struct result_memo *rm)
{
	char fp[33];
	unsigned line, col;
	size_t i;

	finding_location(fd, &line, &col);
	jsonw_obj_open(w);
	jsonw_kstr(w, "ruleId", fd->check ? fd->check->id : "unknown");
	jsonw_kint(w, "ruleIndex", rule_index(rm, rules, nrules, fd->check));
	jsonw_kstr(w, "level", level_of(fd->severity));
	jsonw_kobj_open(w, "message");
	jsonw_kstr(w, "text", fd->message);
	jsonw_obj_close(w);
	jsonw_karr_open(w, "locations");
	jsonw_obj_open(w);
	physical(w, r, fd->obj, line, col, rm);
	logical(w, fd->obj, fd->container, &rm->fq);
	jsonw_obj_close(w);
	jsonw_arr_close(w);
	jsonw_kobj_open(w, "partialFingerprints");
	jsonw_kstrl(w, "threatmap/v1", render_fp_hex(fd, fp), 32);
	jsonw_obj_close(w);
	if (fd->suppressed_by)
		suppression(w, r, fd);
	if (r->unchanged) /* only what the baseline lacks is listed */
		jsonw_kstr(w, "baselineState", "new");
	if (fd->nhops)
		code_flow(w, r, fd, rm);
	jsonw_kobj_open(w, "properties");
	jsonw_kstr(w, "severity", severity_name(fd->severity));
	jsonw_knum(w, "security-severity",
		   score_security_severity(fd->severity));
	if (fd->nev) {
		jsonw_karr_open(w, "evidence");
		for (i = 0; i < fd->nev; i++) {
			jsonw_obj_open(w);
			jsonw_kstr(w, "path", fd->ev[i].path);
			jsonw_kstr(w, "value", fd->ev[i].value);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
	}
	/*
	 * The fix as JSON and text carry it, in the result's property bag: a
	 * SARIF fix object needs byte regions to replace, which a corrected
	 * YAML fragment does not have.
	 */
	render_fix_json(w, fd, &rm->fix, false);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

/* What every result reads: the report and its rule list. */
struct result_ctx {
	const struct report *r;
	const struct check *const *rules;
	size_t nrules;
};

static void write_item(struct jsonw *w, size_t i, const void *ctx, void *local)
{
	const struct result_ctx *x = ctx;

	result(w, x->r, x->rules, x->nrules, x->r->findings->v[i], local);
}

static void notification(struct jsonw *w, const char *level, const char *text,
			 const char *rule_id, long index)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "level", level);
	jsonw_kobj_open(w, "message");
	jsonw_kstr(w, "text", text);
	jsonw_obj_close(w);
	if (rule_id) {
		jsonw_kobj_open(w, "associatedRule");
		jsonw_kstr(w, "id", rule_id);
		jsonw_kint(w, "index", index);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
}

/* Expired exceptions: they no longer apply, and say so. */
static void expired_notes(struct jsonw *w, const struct report *r)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	for (i = 0; i < policy_count(r->policy); i++) {
		const struct policy_exception *e = policy_at(r->policy, i);

		if (!e->expired)
			continue;
		sbuf_reset(&sb);
		if (sbuf_addf(&sb,
			      "%s:%u: exception expired on %s and no "
			      "longer applies (%zu matching finding%s): %s",
			      e->file, e->line, e->expires, e->matched,
			      e->matched == 1 ? "" : "s", e->reason))
			oom();
		notification(w, "warning", sb.buf, NULL, 0);
	}
	sbuf_release(&sb);
}

static void invocation(struct jsonw *w, const struct report *r,
		       const struct check *const *rules, size_t nrules)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	struct sbuf sb = SBUF_INIT;
	size_t i, n = 0;

	jsonw_karr_open(w, "invocations");
	jsonw_obj_open(w);
	jsonw_kbool(w, "executionSuccessful", true);
	if (r->opts && r->opts->command_line)
		jsonw_kstr(w, "commandLine", r->opts->command_line);
	if (r->opts && r->opts->generated_at)
		jsonw_kstr(w, "endTimeUtc", r->opts->generated_at);
	for (i = 0; i < r->nresults; i++)
		n += r->results[i].status == CHECK_NOT_VISIBLE ||
		     r->results[i].status == CHECK_ERROR;
	if (r->scan)
		n += r->scan->errors.n + r->scan->warnings.n;
	n += policy_expired_count(r->policy);
	if (n) {
		jsonw_karr_open(w, "toolExecutionNotifications");
		expired_notes(w, r);
		for (i = 0; r->scan && i < r->scan->errors.n; i++)
			notification(w, "error",
				     diag_format(&r->scan->errors.v[i], buf,
						 sizeof(buf)),
				     NULL, 0);
		for (i = 0; r->scan && i < r->scan->warnings.n; i++)
			notification(w, "warning",
				     diag_format(&r->scan->warnings.v[i], buf,
						 sizeof(buf)),
				     NULL, 0);
		for (i = 0; i < r->nresults; i++) {
			const struct check_result *cr = &r->results[i];

			if (cr->status != CHECK_NOT_VISIBLE &&
			    cr->status != CHECK_ERROR)
				continue;
			sbuf_reset(&sb);
			if (sbuf_addf(
				&sb, "check '%s' %s: %s", cr->check->id,
				cr->status == CHECK_ERROR ? "failed"
							  : "could not run",
				cr->why ? cr->why
					: "needed objects were not readable"))
				oom();
			notification(
			    w, "warning", sb.buf, cr->check->id,
			    render_check_index(rules, nrules, cr->check));
		}
		jsonw_arr_close(w);
	}
	jsonw_obj_close(w);
	jsonw_arr_close(w);
	sbuf_release(&sb);
}

static void run_properties(struct jsonw *w, const struct report *r)
{
	const struct score *sc = r->score;
	const struct scan_meta *m = r->scan ? &r->scan->meta : NULL;
	struct render_tally c;
	size_t i;

	render_tally(r, &c);
	jsonw_kobj_open(w, "properties");
	if (m) {
		jsonw_kstr(w, "source", m->source);
		if (m->context)
			jsonw_kstr(w, "context", m->context);
		if (m->cluster)
			jsonw_kstr(w, "cluster", m->cluster);
		if (m->server_version)
			jsonw_kstr(w, "serverVersion", m->server_version);
		if (m->collected_at)
			jsonw_kstr(w, "collectedAt", m->collected_at);
	}
	if (sc) {
		jsonw_kint(w, "score", sc->overall);
		/* the results listed, as summary.findings in JSON */
		jsonw_kint(w, "findings", (long long)c.findings);
		jsonw_kint(w, "suppressed", (long long)sc->suppressed);
		jsonw_kint(w, "filtered", (long long)sc->filtered);
		jsonw_kint(w, "excluded", (long long)sc->excluded);
		jsonw_karr_open(w, "tactics");
		for (i = 0; i < sc->ntactics; i++) {
			jsonw_obj_open(w);
			jsonw_kstr(w, "id", sc->tactics[i].tactic->id);
			jsonw_kint(w, "score", sc->tactics[i].score);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		jsonw_kobj_open(w, "techniques");
		for (i = 0; i < sc->ntech; i++)
			jsonw_kstr(w, sc->tech[i].t->id,
				   tech_status_name(sc->tech[i].status));
		jsonw_obj_close(w);
		/* what would reveal the techniques configuration cannot judge */
		jsonw_kobj_open(w, "notJudgeable");
		for (i = 0; i < sc->ntech; i++)
			if (sc->tech[i].status == TECH_NOT_JUDGEABLE)
				jsonw_kstr(w, sc->tech[i].t->id,
					   sc->tech[i].t->reveal
					       ? sc->tech[i].t->reveal
					       : "");
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
}

static int render_sarif(const struct report *r, struct sbuf *out)
{
	const char *version = r->opts && r->opts->tool_version
				  ? r->opts->tool_version
				  : THREATMAP_VERSION;
	const struct check **rules;
	struct result_ctx x = { .r = r };
	struct render_items it = {
		.item = write_item,
		.ctx = &x,
		.threads = r->scan ? r->scan->threads : 1,
		.chunk = r->opts ? r->opts->report_chunk : 0,
	};
	struct result_memo rm[RENDER_PAR_WORKERS + 1];
	struct jsonw w;
	size_t nrules, i;
	int rc;

	for (i = 0; i < RENDER_PAR_WORKERS + 1; i++) {
		rm[i] = (struct result_memo){
			.fix = RENDER_FIX_JSON_INIT,
			.artifact = { .uri = SBUF_INIT },
			.fq = SBUF_INIT,
		};
		it.local[i] = &rm[i];
	}
	rules = render_checks(r, &nrules);
	jsonw_init(&w, out);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "$schema", SARIF_SCHEMA);
	jsonw_kstr(&w, "version", "2.1.0");
	jsonw_karr_open(&w, "runs");
	jsonw_obj_open(&w);
	jsonw_kobj_open(&w, "tool");
	jsonw_kobj_open(&w, "driver");
	jsonw_kstr(&w, "name", "threatmap");
	jsonw_kstr(&w, "version", version);
	jsonw_kstr(&w, "semanticVersion", version);
	jsonw_kstr(&w, "informationUri", RENDER_HOME);
	jsonw_karr_open(&w, "rules");
	for (i = 0; i < nrules; i++)
		rule(&w, rules[i]);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	invocation(&w, r, rules, nrules);
	jsonw_karr_open(&w, "results");
	x.rules = rules;
	x.nrules = nrules;
	it.n = r->findings ? r->findings->n : 0;
	render_items(&w, &it);
	jsonw_arr_close(&w);
	jsonw_kstr(&w, "columnKind", "unicodeCodePoints");
	run_properties(&w, r);
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	free(rules);
	rc = jsonw_finish(&w) ? DIAG_LIMIT : 0;
	for (i = 0; i < RENDER_PAR_WORKERS + 1; i++) {
		render_fix_json_release(&rm[i].fix);
		render_uri_memo_release(&rm[i].artifact);
		sbuf_release(&rm[i].fq);
	}
	return rc;
}

const struct renderer renderer_sarif = {
	.name = "sarif",
	.extension = "sarif",
	.render = render_sarif,
};
