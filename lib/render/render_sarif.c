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
#include "jout.h"
#include "matrix.h"
#include "policy.h"
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

static void tags(struct jout *w, const struct check *c)
{
	const char *const *p, *const *q;
	const char *seen[32];
	size_t nseen = 0, i;

	jout_open(w, "tags", '[');
	jout_str(w, NULL, "security");
	jout_str(w, NULL, "kubernetes");
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
			jout_str(w, NULL, name);
		}
	}
	for (p = c->techniques; p && *p; p++)
		jout_str(w, NULL, *p);
	for (p = c->attack; p && *p; p++)
		jout_str(w, NULL, *p);
	jout_close(w, ']');
}

static void help(struct jout *w, const struct check *c)
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
	jout_open(w, "help", '{');
	jout_str(w, "text", text.buf);
	jout_str(w, "markdown", md.buf);
	jout_close(w, '}');
	sbuf_release(&text);
	sbuf_release(&md);
}

static void rule(struct jout *w, const struct check *c)
{
	struct sbuf sb = SBUF_INIT;

	jout_open(w, NULL, '{');
	jout_str(w, "id", c->id);
	pascal(&sb, c->id);
	jout_str(w, "name", sb.buf);
	sbuf_reset(&sb);
	jout_open(w, "shortDescription", '{');
	jout_str(w, "text", c->title ? c->title : c->id);
	jout_close(w, '}');
	jout_open(w, "fullDescription", '{');
	jout_str(w, "text",
		 c->rationale ? c->rationale : (c->title ? c->title : c->id));
	jout_close(w, '}');
	help(w, c);
	if (sbuf_addf(&sb, "%s%s", RENDER_CHECK_DOCS, c->id))
		oom();
	jout_str(w, "helpUri", sb.buf);
	jout_open(w, "defaultConfiguration", '{');
	jout_str(w, "level", level_of(c->severity));
	jout_close(w, '}');
	jout_open(w, "properties", '{');
	tags(w, c);
	jout_num(w, "security-severity", score_security_severity(c->severity));
	jout_str(w, "precision", "high");
	jout_str(w, "problem.severity", level_of(c->severity));
	jout_str(w, "severity", severity_name(c->severity));
	jout_close(w, '}');
	jout_close(w, '}');
	sbuf_release(&sb);
}

static void physical(struct jout *w, const struct report *r,
		     const struct kobj *o, unsigned line, unsigned col)
{
	struct sbuf uri = SBUF_INIT;
	const char *base_id;
	bool synthetic;

	if (render_artifact_uri(&uri, r, o, &synthetic, &base_id))
		oom();
	if (synthetic || !line)
		line = 1, col = 0;
	jout_open(w, "physicalLocation", '{');
	jout_open(w, "artifactLocation", '{');
	jout_str(w, "uri", uri.buf);
	if (base_id)
		jout_str(w, "uriBaseId", base_id);
	jout_close(w, '}');
	jout_open(w, "region", '{');
	jout_int(w, "startLine", line);
	if (col)
		jout_int(w, "startColumn", col);
	jout_close(w, '}');
	jout_close(w, '}');
	sbuf_release(&uri);
}

static void logical(struct jout *w, const struct kobj *o, const char *container)
{
	struct sbuf fq = SBUF_INIT;

	if (!o)
		return;
	if (sbuf_addf(&fq, "%s/%s/%s", o->ns ? o->ns : "_cluster", o->kind,
		      o->name))
		oom();
	jout_open(w, "logicalLocations", '[');
	jout_open(w, NULL, '{');
	jout_str(w, "name", o->name);
	jout_str(w, "fullyQualifiedName", fq.buf);
	jout_str(w, "kind", "resource");
	jout_close(w, '}');
	if (container) {
		if (sbuf_addf(&fq, "/%s", container))
			oom();
		jout_open(w, NULL, '{');
		jout_str(w, "name", container);
		jout_str(w, "fullyQualifiedName", fq.buf);
		jout_str(w, "kind", "object");
		jout_close(w, '}');
	}
	jout_close(w, ']');
	sbuf_release(&fq);
}

static void code_flow(struct jout *w, const struct report *r,
		      const struct finding *fd)
{
	size_t i;

	jout_open(w, "codeFlows", '[');
	jout_open(w, NULL, '{');
	jout_open(w, "message", '{');
	jout_str(w, "text", fd->message);
	jout_close(w, '}');
	jout_open(w, "threadFlows", '[');
	jout_open(w, NULL, '{');
	jout_open(w, "locations", '[');
	for (i = 0; i < fd->nhops; i++) {
		const struct hop *h = &fd->hops[i];
		const struct kobj *o = h->obj ? h->obj : fd->obj;

		jout_open(w, NULL, '{');
		jout_open(w, "location", '{');
		physical(w, r, o, h->obj ? (h->line ? h->line : o->line) : 0,
			 h->obj ? h->col : 0);
		logical(w, h->obj, NULL);
		jout_open(w, "message", '{');
		jout_str(w, "text", h->label);
		jout_close(w, '}');
		jout_close(w, '}');
		jout_close(w, '}');
	}
	jout_close(w, ']');
	jout_close(w, '}');
	jout_close(w, ']');
	jout_close(w, '}');
	jout_close(w, ']');
}

static void suppression(struct jout *w, const struct report *r,
			const struct finding *fd)
{
	const struct policy_exception *e = policy_match(r->policy, fd);

	jout_open(w, "suppressions", '[');
	jout_open(w, NULL, '{');
	jout_str(w, "kind", "external");
	jout_str(w, "status", "accepted");
	jout_str(w, "justification", fd->suppressed_by);
	if (e) {
		jout_open(w, "properties", '{');
		if (e->owner)
			jout_str(w, "owner", e->owner);
		if (e->expires)
			jout_str(w, "expires", e->expires);
		jout_str(w, "exceptionsFile", e->file);
		jout_int(w, "exceptionLine", e->line);
		jout_close(w, '}');
	}
	jout_close(w, '}');
	jout_close(w, ']');
}

static void result(struct jout *w, const struct report *r,
		   const struct check *const *rules, size_t nrules,
		   const struct finding *fd)
{
	unsigned line, col;
	size_t i;

	finding_location(fd, &line, &col);
	jout_open(w, NULL, '{');
	jout_str(w, "ruleId", fd->check ? fd->check->id : "unknown");
	jout_int(w, "ruleIndex", render_check_index(rules, nrules, fd->check));
	jout_str(w, "level", level_of(fd->severity));
	jout_open(w, "message", '{');
	jout_str(w, "text", fd->message);
	jout_close(w, '}');
	jout_open(w, "locations", '[');
	jout_open(w, NULL, '{');
	physical(w, r, fd->obj, line, col);
	logical(w, fd->obj, fd->container);
	jout_close(w, '}');
	jout_close(w, ']');
	jout_open(w, "partialFingerprints", '{');
	jout_str(w, "threatmap/v1", fd->fingerprint);
	jout_close(w, '}');
	if (fd->suppressed_by)
		suppression(w, r, fd);
	if (fd->nhops)
		code_flow(w, r, fd);
	jout_open(w, "properties", '{');
	jout_str(w, "severity", severity_name(fd->severity));
	jout_num(w, "security-severity", score_security_severity(fd->severity));
	if (fd->nev) {
		jout_open(w, "evidence", '[');
		for (i = 0; i < fd->nev; i++) {
			jout_open(w, NULL, '{');
			jout_str(w, "path", fd->ev[i].path);
			jout_str(w, "value", fd->ev[i].value);
			jout_close(w, '}');
		}
		jout_close(w, ']');
	}
	jout_close(w, '}');
	jout_close(w, '}');
}

static void notification(struct jout *w, const char *level, const char *text,
			 const char *rule_id, long index)
{
	jout_open(w, NULL, '{');
	jout_str(w, "level", level);
	jout_open(w, "message", '{');
	jout_str(w, "text", text);
	jout_close(w, '}');
	if (rule_id) {
		jout_open(w, "associatedRule", '{');
		jout_str(w, "id", rule_id);
		jout_int(w, "index", index);
		jout_close(w, '}');
	}
	jout_close(w, '}');
}

/* Expired exceptions: they no longer apply, and say so. */
static void expired_notes(struct jout *w, const struct report *r)
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

static void invocation(struct jout *w, const struct report *r,
		       const struct check *const *rules, size_t nrules)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
	struct sbuf sb = SBUF_INIT;
	size_t i, n = 0;

	jout_open(w, "invocations", '[');
	jout_open(w, NULL, '{');
	jout_bool(w, "executionSuccessful", true);
	if (r->opts && r->opts->command_line)
		jout_str(w, "commandLine", r->opts->command_line);
	if (r->opts && r->opts->generated_at)
		jout_str(w, "endTimeUtc", r->opts->generated_at);
	for (i = 0; i < r->nresults; i++)
		n += r->results[i].status == CHECK_NOT_VISIBLE ||
		     r->results[i].status == CHECK_ERROR;
	if (r->scan)
		n += r->scan->errors.n;
	n += policy_expired_count(r->policy);
	if (n) {
		jout_open(w, "toolExecutionNotifications", '[');
		expired_notes(w, r);
		for (i = 0; r->scan && i < r->scan->errors.n; i++)
			notification(w, "error",
				     diag_format(&r->scan->errors.v[i], buf,
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
		jout_close(w, ']');
	}
	jout_close(w, '}');
	jout_close(w, ']');
	sbuf_release(&sb);
}

static void run_properties(struct jout *w, const struct report *r)
{
	const struct score *sc = r->score;
	const struct scan_meta *m = r->scan ? &r->scan->meta : NULL;
	size_t i;

	jout_open(w, "properties", '{');
	if (m) {
		jout_str(w, "source", m->source);
		if (m->context)
			jout_str(w, "context", m->context);
		if (m->cluster)
			jout_str(w, "cluster", m->cluster);
		if (m->server_version)
			jout_str(w, "serverVersion", m->server_version);
		if (m->collected_at)
			jout_str(w, "collectedAt", m->collected_at);
	}
	if (sc) {
		jout_int(w, "score", sc->overall);
		jout_int(w, "findings", (long long)sc->findings);
		jout_int(w, "suppressed", (long long)sc->suppressed);
		jout_int(w, "filtered", (long long)sc->filtered);
		jout_int(w, "excluded", (long long)sc->excluded);
		jout_open(w, "tactics", '[');
		for (i = 0; i < sc->ntactics; i++) {
			jout_open(w, NULL, '{');
			jout_str(w, "id", sc->tactics[i].tactic->id);
			jout_int(w, "score", sc->tactics[i].score);
			jout_close(w, '}');
		}
		jout_close(w, ']');
		jout_open(w, "techniques", '{');
		for (i = 0; i < sc->ntech; i++)
			jout_str(w, sc->tech[i].t->id,
				 tech_status_name(sc->tech[i].status));
		jout_close(w, '}');
	}
	jout_close(w, '}');
}

static int render_sarif(const struct report *r, struct sbuf *out)
{
	const char *version = r->opts && r->opts->tool_version
				  ? r->opts->tool_version
				  : THREATMAP_VERSION;
	const struct check **rules;
	struct jout w;
	size_t nrules, i;

	rules = render_checks(r, &nrules);
	jout_init(&w, out);
	jout_open(&w, NULL, '{');
	jout_str(&w, "$schema", SARIF_SCHEMA);
	jout_str(&w, "version", "2.1.0");
	jout_open(&w, "runs", '[');
	jout_open(&w, NULL, '{');
	jout_open(&w, "tool", '{');
	jout_open(&w, "driver", '{');
	jout_str(&w, "name", "threatmap");
	jout_str(&w, "version", version);
	jout_str(&w, "semanticVersion", version);
	jout_str(&w, "informationUri", RENDER_HOME);
	jout_open(&w, "rules", '[');
	for (i = 0; i < nrules; i++)
		rule(&w, rules[i]);
	jout_close(&w, ']');
	jout_close(&w, '}');
	jout_close(&w, '}');
	invocation(&w, r, rules, nrules);
	jout_open(&w, "results", '[');
	for (i = 0; r->findings && i < r->findings->n; i++)
		result(&w, r, rules, nrules, r->findings->v[i]);
	jout_close(&w, ']');
	jout_str(&w, "columnKind", "unicodeCodePoints");
	run_properties(&w, r);
	jout_close(&w, '}');
	jout_close(&w, ']');
	jout_close(&w, '}');
	free(rules);
	return jout_finish(&w) ? DIAG_LIMIT : 0;
}

const struct renderer renderer_sarif = {
	.name = "sarif",
	.extension = "sarif",
	.render = render_sarif,
};
