/*
 * whocan.c - `who-can` and `can-i`: RBAC questions answered offline from
 * any source (manifests, a snapshot, the live cluster's objects), the way
 * `kubectl auth can-i` would be answered by the API server's RBAC
 * authorizer.  The engine is lib/rbac.h; this file parses arguments and
 * prints.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "jsonw.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "render/render.h"
#include "sbuf.h"
#include "scan.h"
#include "source.h"

extern const struct subcmd subcmd_who_can;
extern const struct subcmd subcmd_can_i;

#define SOURCE_HELP                                                            \
	"Source (as for scan):\n"                                              \
	"  -f, --filename PATH manifests: file, directory or - (repeatable)\n" \
	"  -R, --recursive     descend into directories given with -f\n"       \
	"      --snapshot DIR  a snapshot directory\n"                         \
	"      --kubeconfig, --context, --cluster, --user, -v N: live "        \
	"cluster\n"

#define REQUEST_HELP                                                           \
	"RESOURCE is written as for kubectl: a plural or short name with an\n" \
	"optional group (pods, po, deploy, cronjobs.batch), TYPE/NAME for "    \
	"one\n"                                                                \
	"object, or a non-resource URL starting with '/' (/healthz).  "        \
	"Built-in\n"                                                           \
	"resources resolve from a table, since there is no discovery "         \
	"offline;\n"                                                           \
	"an unknown name without a group is taken as a core resource.\n"       \
	"\n"                                                                   \
	"Request flags:\n"                                                     \
	"  -n, --namespace NS  the namespace asked about (default: default)\n" \
	"      --subresource S a subresource (exec, log, scale, token, ...)\n"

#define OUTPUT_HELP                                                            \
	"Output:\n"                                                            \
	"  -o, --output SPEC   text or json, FORMAT=FILE, or FILE\n"           \
	"      --format FORMAT text (default) or json\n"                       \
	"  -q, --quiet         nothing on standard output\n"                   \
	"  -h, --help          this help\n"

static const char who_can_help[] =
    "Usage: " PROG " who-can VERB RESOURCE [-n NS | -A] [FLAGS]\n"
    "\n"
    "List the users, groups and service accounts that may do VERB on\n"
    "RESOURCE, each with the binding and role that allow it.  Groups are\n"
    "listed as groups (system:authenticated is everyone logged in).  With\n"
    "-A, RoleBindings of every namespace count too: who can do it\n"
    "anywhere.  Cluster-scoped resources and URLs ignore -n.  With\n"
    "--effective, also the subjects that get there through steps the API\n"
    "server allows (creating pods as a stronger service account, reading\n"
    "its token, impersonating, binding roles, ...), each with its\n"
    "shortest chain; see docs/rbac.md.\n"
    "\n" REQUEST_HELP "  -A, --all-namespaces in any namespace\n"
    "      --effective     also who reaches it through a chain of steps\n"
    "\n" SOURCE_HELP "\n" OUTPUT_HELP "\n"
    "Exit status: 0, 2 usage, 3 input errors (the answer may be partial).\n";

static const char can_i_help[] =
    "Usage: " PROG " can-i VERB RESOURCE --as USER [--as-group G] [-n NS]\n"
    "       " PROG " can-i --list --as USER [-n NS]\n"
    "\n"
    "Answer yes or no as 'kubectl auth can-i' would for USER, and name the\n"
    "binding, role and rule that allow it.  --as "
    "system:serviceaccount:NS:NAME\n"
    "asks for a service account; the implicit groups (system:authenticated,\n"
    "system:serviceaccounts, system:serviceaccounts:NS, or\n"
    "system:unauthenticated for system:anonymous) are added as the API\n"
    "server adds them.  --list prints every rule USER holds and where.\n"
    "\n" REQUEST_HELP
    "  -A, --all-namespaces ask cluster-wide (ClusterRoleBindings only)\n"
    "      --as USER       the user asking (required offline)\n"
    "      --as-group G    an extra group of the user (repeatable)\n"
    "      --list          list the user's rules instead of one answer\n"
    "\n" SOURCE_HELP "\n" OUTPUT_HELP "\n"
    "Exit status: 0 yes (or --list), 1 no, 2 usage, 3 input errors.\n";

enum {
	OPT_SUBRESOURCE = CLI_OPT_FIRST_FREE + 40,
	OPT_AS,
	OPT_AS_GROUP,
	OPT_LIST,
	OPT_EFFECTIVE,
};

static const struct option longopts[] = {
	SOURCE_LONGOPTS,
	CLI_OUTPUT_LONGOPTS,
	{ "subresource", required_argument, NULL, OPT_SUBRESOURCE },
	{ "as", required_argument, NULL, OPT_AS },
	{ "as-group", required_argument, NULL, OPT_AS_GROUP },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "effective", no_argument, NULL, OPT_EFFECTIVE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_GROUPS 32

struct rq_cli {
	const struct subcmd *sc;
	struct cli_outputs out;
	struct source_opts src;
	const char *sub;
	const char *as;
	const char *groups[MAX_GROUPS];
	size_t ngroups;
	bool list;
	bool effective;
	char *args[2];
	size_t nargs;
	/* the request, resolved */
	struct rbac_request rq;
	bool cluster_scoped;
	bool known;
	struct scan *scan;
};

static int parse_opt(struct rq_cli *c, int opt, const char *arg)
{
	const char *cmd = c->sc->name;

	switch (opt) {
	case OPT_SUBRESOURCE: c->sub = arg; return 0;
	case OPT_AS: c->as = arg; return 0;
	case OPT_AS_GROUP:
		if (c->ngroups == MAX_GROUPS)
			return cli_usage(cmd, "at most %d --as-group options",
					 MAX_GROUPS);
		c->groups[c->ngroups++] = arg;
		return 0;
	case OPT_LIST: c->list = true; return 0;
	case OPT_EFFECTIVE:
		if (strcmp(cmd, "who-can") != 0)
			return cli_usage(cmd, "--effective is a who-can flag");
		c->effective = true;
		return 0;
	}
	return cli_usage(cmd, "unhandled option");
}

/* 0, CLI_EXIT_USAGE (printed), or -1 after printing the help. */
static int parse_args(struct rq_cli *c, int argc, char **argv)
{
	const char *cmd = c->sc->name;
	int opt, rc;

	cli_outputs_init(&c->out);
	if ((rc = cli_check_args(cmd, argc, argv, ":" SOURCE_SHORTOPTS "o:qh",
				 longopts)))
		return rc;
	cli_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":" SOURCE_SHORTOPTS "o:qh",
				  longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option(cmd, opt, argv);
		if (opt == 'h') {
			cli_print_help(c->sc);
			return -1;
		}
		rc = cli_outputs_opt(&c->out, cmd, opt, optarg);
		if (rc == 1)
			continue;
		if (rc)
			return rc;
		rc = source_opt(&c->src, cmd, opt, optarg);
		if (rc == 1)
			continue;
		if (rc || (rc = parse_opt(c, opt, optarg)))
			return rc;
	}
	for (; optind < argc; optind++) {
		if (c->nargs == 2)
			return cli_usage(cmd, "unexpected argument '%s'",
					 argv[optind]);
		c->args[c->nargs++] = argv[optind];
	}
	if (c->list ? c->nargs != 0 : c->nargs != 2)
		return cli_usage(cmd, c->list ? "--list takes no VERB or "
						"RESOURCE"
					      : "need VERB and RESOURCE");
	if (c->sc == &subcmd_can_i && (!c->as || !*c->as))
		return cli_usage(cmd, "--as USER is required: offline there "
				      "is no current user");
	if (c->sc == &subcmd_who_can && (c->as || c->ngroups || c->list))
		return cli_usage(cmd, "--as, --as-group and --list belong to "
				      "can-i");
	return cli_outputs_resolve(&c->out, cmd, cli_format_text_or_json,
				   "text, json");
}

/* Fill c->rq from VERB, RESOURCE[/NAME], --subresource, -n and -A. */
static int resolve_request(struct rq_cli *c)
{
	struct arena *a = c->scan->arena;
	const char *arg = c->args[1], *slash, *res;

	memset(&c->rq, 0, sizeof(c->rq));
	c->rq.verb = c->args[0];
	if (arg[0] == '/') {
		if (c->sub)
			return cli_usage(c->sc->name, "--subresource needs a "
						      "resource, not a URL");
		c->rq.path = arg;
		c->cluster_scoped = true;
		c->known = true;
		return 0;
	}
	slash = strchr(arg, '/');
	if (slash) {
		if (!slash[1])
			return cli_usage(c->sc->name, "empty name in '%s'",
					 arg);
		c->rq.name = slash + 1;
		arg = arena_strndup(a, arg, (size_t)(slash - arg));
	}
	rbac_resolve_resource(a, arg, &res, &c->rq.group, &c->cluster_scoped,
			      &c->known);
	c->rq.resource = c->sub ? arena_printf(a, "%s/%s", res, c->sub) : res;
	if (!c->cluster_scoped && !c->src.all_namespaces)
		c->rq.ns = c->src.ns && *c->src.ns ? c->src.ns : "default";
	return 0;
}

/* ---- printing ------------------------------------------------------- */

static const char *subject_kind(const struct rbac_subject *s)
{
	return *s->kind_name ? s->kind_name : "?";
}

static const char *subject_name(struct arena *a, const struct rbac_subject *s)
{
	if (s->kind == RBAC_SERVICEACCOUNT)
		return arena_printf(a, "%s/%s", s->ns, s->name);
	return s->name;
}

static const char *binding_text(struct arena *a, const struct rbac_binding *b)
{
	if (b->cluster)
		return arena_printf(a, "ClusterRoleBinding/%s", b->obj->name);
	return arena_printf(a, "RoleBinding/%s/%s", b->ns, b->obj->name);
}

static const char *role_text(struct arena *a, const struct rbac_binding *b)
{
	return arena_printf(a, "%s/%s", b->role_kind, b->role_name);
}

static void json_request(struct jsonw *w, const struct rq_cli *c)
{
	jsonw_key(w, "request");
	jsonw_obj_open(w);
	jsonw_kstr(w, "verb", c->rq.verb);
	if (c->rq.path) {
		jsonw_kstr(w, "nonResourceURL", c->rq.path);
	} else {
		jsonw_kstr(w, "group", c->rq.group);
		jsonw_kstr(w, "resource", c->rq.resource);
		jsonw_kstr(w, "namespace", c->rq.ns);
		jsonw_kstr(w, "name", c->rq.name);
	}
	jsonw_obj_close(w);
}

static void json_grant(struct jsonw *w, struct arena *a,
		       const struct rbac_grant *g)
{
	const struct rbac_binding *b = g->binding;

	jsonw_key(w, "subject");
	jsonw_obj_open(w);
	jsonw_kstr(w, "kind", subject_kind(g->subject));
	jsonw_kstr(w, "name", g->subject->name);
	jsonw_kstr(w, "namespace",
		   g->subject->kind == RBAC_SERVICEACCOUNT ? g->subject->ns
							   : NULL);
	jsonw_obj_close(w);
	jsonw_key(w, "binding");
	jsonw_obj_open(w);
	jsonw_kstr(w, "kind", b->obj->kind);
	jsonw_kstr(w, "namespace", b->cluster ? NULL : b->ns);
	jsonw_kstr(w, "name", b->obj->name);
	jsonw_kstr(w, "file", b->obj->file);
	jsonw_kpos(w, "line", b->obj->line);
	jsonw_obj_close(w);
	jsonw_key(w, "role");
	jsonw_obj_open(w);
	jsonw_kstr(w, "kind", b->role_kind);
	jsonw_kstr(w, "name", b->role_name);
	jsonw_obj_close(w);
	jsonw_kstr(w, "rule", rbac_rule_text(a, g->rule));
}

struct who_out {
	struct rq_cli *c;
	struct rbac_grant *g;
	size_t n;
	struct escal_reach *reach; /* --effective */
	size_t nreach;
};

/* One hop of a chain as text: "can create pods in namespace ci
 * (RoleBinding/ci/dev) -> ServiceAccount ci/deployer". */
static const char *hop_text(struct arena *a, const struct escal_hop *h)
{
	const struct rbac_binding *b = h->grant.binding;
	const char *where =
	    h->ns ? arena_printf(a, " in namespace %s", h->ns) : "";

	if (!h->to)
		return arena_printf(a, "%s (%s)", escal_hop_text(h),
				    binding_text(a, b));
	return arena_printf(a, "%s%s (%s) -> %s %s", escal_hop_text(h), where,
			    binding_text(a, b), subject_kind(h->to),
			    subject_name(a, h->to));
}

static int reach_text(struct who_out *o, struct sbuf *sb)
{
	struct arena *a = o->c->scan->arena;
	size_t i, j;
	int rc = 0;

	if (!o->c->effective)
		return 0;
	rc |= sbuf_adds(sb, o->nreach ? "\nthrough a chain of steps:\n"
				      : "\nthrough a chain of steps: nobody\n");
	for (i = 0; i < o->nreach; i++) {
		const struct escal_reach *x = &o->reach[i];
		rc |= sbuf_addf(sb, "%s %s\n", subject_kind(x->who),
				subject_name(a, x->who));
		for (j = 0; j < x->nhops; j++)
			rc |= sbuf_addf(sb, "  %zu. %s\n", j + 1,
					hop_text(a, &x->hops[j]));
		if (!x->direct)
			rc |= sbuf_adds(sb, "  -> cluster-admin, which may do "
					    "anything\n");
	}
	return rc ? -1 : 0;
}

static void json_reach(struct jsonw *w, struct arena *a,
		       const struct escal_reach *x)
{
	size_t j;

	jsonw_obj_open(w);
	jsonw_key(w, "subject");
	jsonw_obj_open(w);
	jsonw_kstr(w, "kind", subject_kind(x->who));
	jsonw_kstr(w, "name", x->who->name);
	jsonw_kstr(w, "namespace",
		   x->who->kind == RBAC_SERVICEACCOUNT ? x->who->ns : NULL);
	jsonw_obj_close(w);
	jsonw_kbool(w, "throughClusterAdmin", !x->direct);
	jsonw_key(w, "steps");
	jsonw_arr_open(w);
	for (j = 0; j < x->nhops; j++) {
		const struct escal_hop *h = &x->hops[j];
		jsonw_obj_open(w);
		jsonw_kstr(w, "subject", subject_name(a, h->who));
		jsonw_kstr(w, "step", escal_hop_text(h));
		jsonw_kstr(w, "namespace", h->ns);
		jsonw_kstr(w, "binding", binding_text(a, h->grant.binding));
		jsonw_kstr(w, "role", role_text(a, h->grant.binding));
		jsonw_kstr(w, "to", h->to ? subject_name(a, h->to) : NULL);
		jsonw_kstr(w, "via", h->via ? h->via->name : NULL);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

static int who_text(struct who_out *o, struct sbuf *sb)
{
	struct arena *a = o->c->scan->arena;
	size_t i, kw = 4, nw = 4, bw = 7;
	int rc = 0;

	for (i = 0; i < o->n; i++) {
		const char *name = subject_name(a, o->g[i].subject);
		size_t bl = strlen(binding_text(a, o->g[i].binding));
		if (strlen(subject_kind(o->g[i].subject)) > kw)
			kw = strlen(subject_kind(o->g[i].subject));
		if (strlen(name) > nw)
			nw = strlen(name);
		if (bl > bw)
			bw = bl;
	}
	if (!o->n)
		return sbuf_adds(sb, "nobody\n") || reach_text(o, sb) ? -1 : 0;
	rc |= sbuf_addf(sb, "%-*s  %-*s  %-*s  %s\n", (int)kw, "KIND", (int)nw,
			"NAME", (int)bw, "BINDING", "ROLE");
	for (i = 0; i < o->n; i++)
		rc |= sbuf_addf(sb, "%-*s  %-*s  %-*s  %s\n", (int)kw,
				subject_kind(o->g[i].subject), (int)nw,
				subject_name(a, o->g[i].subject), (int)bw,
				binding_text(a, o->g[i].binding),
				role_text(a, o->g[i].binding));
	rc |= reach_text(o, sb);
	return rc ? -1 : 0;
}

static int who_produce(const char *format, bool color, struct sbuf *sb,
		       void *ctx)
{
	struct who_out *o = ctx;
	struct jsonw w;
	size_t i;

	(void)color;
	if (strcmp(format, "json"))
		return who_text(o, sb);
	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	json_request(&w, o->c);
	jsonw_kbool(&w, "allNamespaces", o->c->src.all_namespaces);
	jsonw_key(&w, "grants");
	jsonw_arr_open(&w);
	for (i = 0; i < o->n; i++) {
		jsonw_obj_open(&w);
		json_grant(&w, o->c->scan->arena, &o->g[i]);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	if (o->c->effective) {
		jsonw_key(&w, "effective");
		jsonw_arr_open(&w);
		for (i = 0; i < o->nreach; i++)
			json_reach(&w, o->c->scan->arena, &o->reach[i]);
		jsonw_arr_close(&w);
	}
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

struct can_out {
	struct rq_cli *c;
	bool allowed;
	struct rbac_grant why;
	struct rbac_grant *rules; /* --list */
	size_t nrules;
};

static int can_text(struct can_out *o, struct sbuf *sb)
{
	struct arena *a = o->c->scan->arena;
	size_t i;
	int rc = 0;

	if (!o->c->list) {
		if (!o->allowed)
			return sbuf_adds(sb, "no\n");
		return sbuf_addf(sb,
				 "yes\n  through %s (%s) for %s %s\n  rule: "
				 "%s\n",
				 binding_text(a, o->why.binding),
				 role_text(a, o->why.binding),
				 subject_kind(o->why.subject),
				 subject_name(a, o->why.subject),
				 rbac_rule_text(a, o->why.rule));
	}
	if (!o->nrules)
		return sbuf_adds(sb, "no rules\n");
	for (i = 0; i < o->nrules; i++) {
		const struct rbac_binding *b = o->rules[i].binding;
		rc |= sbuf_addf(
		    sb, "%-20s %s\n    via %s (%s) for %s %s\n",
		    b->cluster ? "cluster-wide"
			       : arena_printf(a, "namespace %s", b->ns),
		    rbac_rule_text(a, o->rules[i].rule), binding_text(a, b),
		    role_text(a, b), subject_kind(o->rules[i].subject),
		    subject_name(a, o->rules[i].subject));
	}
	return rc ? -1 : 0;
}

static int can_produce(const char *format, bool color, struct sbuf *sb,
		       void *ctx)
{
	struct can_out *o = ctx;
	struct jsonw w;
	size_t i;

	(void)color;
	if (strcmp(format, "json"))
		return can_text(o, sb);
	jsonw_init(&w, sb);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schemaVersion", RENDER_JSON_SCHEMA_VERSION);
	jsonw_kstr(&w, "user", o->c->as);
	jsonw_key(&w, "groups");
	jsonw_arr_open(&w);
	for (i = 0; i < o->c->ngroups; i++)
		jsonw_str(&w, o->c->groups[i]);
	jsonw_arr_close(&w);
	if (o->c->list) {
		jsonw_key(&w, "rules");
		jsonw_arr_open(&w);
		for (i = 0; i < o->nrules; i++) {
			jsonw_obj_open(&w);
			json_grant(&w, o->c->scan->arena, &o->rules[i]);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
	} else {
		json_request(&w, o->c);
		jsonw_kbool(&w, "allowed", o->allowed);
		if (o->allowed)
			json_grant(&w, o->c->scan->arena, &o->why);
	}
	jsonw_obj_close(&w);
	return jsonw_finish(&w);
}

/* ---- commands ------------------------------------------------------- */

static void print_input_errors(const struct scan *s)
{
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i;

	for (i = 0; i < s->errors.n; i++)
		cli_note("%s", diag_format(&s->errors.v[i], buf, sizeof(buf)));
	for (i = 0; i < s->warnings.n; i++)
		cli_note("warning: %s",
			 diag_format(&s->warnings.v[i], buf, sizeof(buf)));
}

/* Parse, load the source and resolve the request; 0 or an exit code. */
static int setup(struct rq_cli *c, const struct subcmd *sc, int argc,
		 char **argv)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->sc = sc;
	/* -n names the question's namespace; every binding still counts */
	c->src.ns_keeps_all = true;
	rc = parse_args(c, argc, argv);
	if (rc)
		return rc < 0 ? CLI_EXIT_CLEAN : rc;
	if (cli_args_only)
		return CLI_EXIT_CLEAN; /* no scan */
	c->scan = source_scan(&c->src, sc->name, &rc);
	if (!c->scan)
		return rc;
	print_input_errors(c->scan);
	if (!c->list && (rc = resolve_request(c)) != 0)
		return rc;
	if (!c->list && !c->known)
		cli_note("'%s' is no built-in resource; asking about it in "
			 "group '%s'",
			 c->rq.resource, c->rq.group);
	return 0;
}

static int run_who_can(int argc, char **argv)
{
	struct rq_cli c;
	struct who_out o;
	int rc = setup(&c, &subcmd_who_can, argc, argv);

	if (rc || !c.scan) {
		scan_free(c.scan);
		return rc;
	}
	o.c = &c;
	o.n = rbac_who_can(c.scan->rbac, &c.rq,
			   c.src.all_namespaces && !c.cluster_scoped, &o.g);
	o.reach = NULL;
	o.nreach = 0;
	if (c.effective)
		o.nreach = escal_who_can(
		    c.scan->escal, c.scan->rbac, &c.rq,
		    c.src.all_namespaces && !c.cluster_scoped, &o.reach);
	rc = cli_outputs_emit(&c.out, who_produce, &o);
	free(o.reach);
	if (!rc && c.scan->errors.n)
		rc = CLI_EXIT_INPUT;
	free(o.g);
	scan_free(c.scan);
	return rc;
}

static int run_can_i(int argc, char **argv)
{
	struct rq_cli c;
	struct can_out o;
	struct rbac_identity id;
	int rc = setup(&c, &subcmd_can_i, argc, argv);

	if (rc || !c.scan) {
		scan_free(c.scan);
		return rc;
	}
	memset(&o, 0, sizeof(o));
	o.c = &c;
	rbac_identity_user(c.scan->rbac, c.as, c.groups, c.ngroups, &id);
	if (c.list)
		o.nrules = rbac_rules_of(c.scan->rbac, &id, &o.rules);
	else
		o.allowed = rbac_can(c.scan->rbac, &id, &c.rq, &o.why);
	rc = cli_outputs_emit(&c.out, can_produce, &o);
	if (!rc && c.scan->errors.n)
		rc = CLI_EXIT_INPUT;
	else if (!rc && !c.list && !o.allowed)
		rc = CLI_EXIT_FINDINGS;
	free(o.rules);
	scan_free(c.scan);
	return rc;
}

const struct subcmd subcmd_who_can = {
	.name = "who-can",
	.summary = "who may do VERB on RESOURCE, and through which binding",
	.help = who_can_help,
	.run = run_who_can,
};

const struct subcmd subcmd_can_i = {
	.name = "can-i",
	.summary = "may USER do VERB on RESOURCE (offline kubectl auth can-i)",
	.help = can_i_help,
	.run = run_can_i,
};
