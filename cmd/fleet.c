/*
 * fleet.c - `scan --contexts a,b,c` and `scan --all-contexts`: one scan per
 * kubeconfig context, several at a time, then the fleet summary.
 *
 * Each cluster is scanned by a child process running this same binary with
 * the caller's flags plus `--context NAME`, so a cluster that hangs, fails
 * or crashes cannot take the others down, and each report is exactly what
 * a single-cluster scan writes.  For every `-o FORMAT=FILE` the child writes
 * FILE with the context's name before the extension (report.json →
 * report-prod.json), and FILE itself receives the fleet summary when the
 * format has one (text, json, markdown, html).  The per-cluster JSON
 * reports feed the summary; without a json file target they are kept in a
 * temporary directory that is removed afterwards.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fleet.h"
#include "kube/kubeconfig.h"
#include "render/renderers.h"
#include "sbuf.h"
#include "helpflags.h"

#define FLEET_MAX_CLUSTERS     256
#define FLEET_DEFAULT_PARALLEL 4

struct fleet_cli {
	const char *contexts; /* --contexts value, or NULL */
	bool all_contexts;
	long parallel;
	const char *kubeconfig;
	const char *scan_help; /* scan's --help: which flags take a value */
	struct cli_outputs out;
	/* argv passed to every child, NULL-terminated */
	const char **pass;
	size_t npass;
};

struct member {
	const char *context;
	const char *json;		   /* its JSON report */
	const char *log;		   /* its standard error */
	const char *outs[CLI_MAX_OUTPUTS]; /* "-o" values for the child */
	size_t nouts;
	pid_t pid;
	int status; /* exit code, or -1 */
};

/* --name, --name=value or --name value at argv[*i]; the value or NULL. */
static const char *long_value(char **argv, int argc, int *i, const char *name,
			      bool *matched)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	*matched = false;
	if (strncmp(a, "--", 2) || strncmp(a + 2, name, n))
		return NULL;
	if (a[2 + n] == '=') {
		*matched = true;
		return a + 3 + n;
	}
	if (a[2 + n])
		return NULL;
	*matched = true;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int parse(struct fleet_cli *c, struct arena *a, int argc, char **argv)
{
	int i;

	c->pass = arena_calloc(a, (size_t)argc + 2, sizeof(*c->pass));
	c->pass[c->npass++] = "scan";
	c->parallel = FLEET_DEFAULT_PARALLEL;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;
		char *end;
		bool m;

		if (!strcmp(arg, "--all-contexts")) {
			c->all_contexts = true;
			continue;
		}
		v = long_value(argv, argc, &i, "contexts", &m);
		if (m) {
			if (!v || !*v)
				return cli_usage("scan",
						 "--contexts needs a "
						 "comma-separated list");
			c->contexts = v;
			continue;
		}
		v = long_value(argv, argc, &i, "parallel", &m);
		if (m) {
			c->parallel = v ? strtol(v, &end, 10) : 0;
			if (!v || *end || c->parallel < 1 || c->parallel > 64)
				return cli_usage("scan",
						 "--parallel must be a number "
						 "from 1 to 64");
			continue;
		}
		long_value(argv, argc, &i, "context", &m);
		if (m)
			return cli_usage("scan", "--context and --contexts "
						 "exclude each other");
		v = long_value(argv, argc, &i, "output", &m);
		if (!m && !strncmp(arg, "-o", 2)) {
			m = true;
			v = arg[2] ? arg + 2
				   : (i + 1 < argc ? argv[++i] : NULL);
		}
		if (m) {
			if (!v)
				return cli_usage("scan", "-o needs a value");
			if (cli_outputs_opt(&c->out, "scan", 'o', v) != 1)
				return CLI_EXIT_USAGE;
			continue;
		}
		v = long_value(argv, argc, &i, "format", &m);
		if (m) {
			if (!v)
				return cli_usage("scan",
						 "--format needs a value");
			c->out.format = v;
			continue;
		}
		if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
			c->out.quiet = true;
			continue;
		}
		v = long_value(argv, argc, &i, "kubeconfig", &m);
		if (m) {
			if (!v)
				return cli_usage("scan",
						 "--kubeconfig needs a file");
			c->kubeconfig = v;
			c->pass[c->npass++] = "--kubeconfig";
			c->pass[c->npass++] = v;
			continue;
		}
		c->pass[c->npass++] = arg;
		if (help_flag_takes_value(c->scan_help, arg) && i + 1 < argc)
			c->pass[c->npass++] = argv[++i];
	}
	if (c->all_contexts && c->contexts)
		return cli_usage("scan",
				 "--contexts and --all-contexts exclude "
				 "each other");
	return 0;
}

/* Context names from --contexts, or every context of the kubeconfig. */
static int contexts(struct fleet_cli *c, struct arena *a, const char ***out,
		    size_t *n)
{
	const char **v = arena_calloc(a, FLEET_MAX_CLUSTERS, sizeof(*v));
	size_t i;

	*n = 0;
	*out = v;
	if (c->contexts) {
		const char *p = c->contexts;

		while (*p) {
			size_t w = strcspn(p, ",");

			if (w) {
				const char *name = arena_strndup(a, p, w);

				for (i = 0; i < *n; i++)
					if (!strcmp(v[i], name))
						break;
				if (i == *n) {
					if (*n == FLEET_MAX_CLUSTERS)
						return cli_usage(
						    "scan",
						    "at most %d contexts",
						    FLEET_MAX_CLUSTERS);
					v[(*n)++] = name;
				}
			}
			p += w + (p[w] == ',');
		}
		if (!*n)
			return cli_usage("scan", "--contexts names no context");
		return 0;
	} else {
		struct kubeconfig_opts o = {
			.kubeconfig = c->kubeconfig,
			.env_kubeconfig = getenv("KUBECONFIG"),
			.home = getenv("HOME"),
		};
		struct diag d = { 0 };
		char msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
		const char *const *names;
		size_t k;

		if (kubeconfig_contexts(a, &o, &names, &k, &d) < 0) {
			cli_error("%s", diag_format(&d, msg, sizeof(msg)));
			return CLI_EXIT_INPUT;
		}
		if (!k) {
			cli_error("--all-contexts: the kubeconfig has no "
				  "contexts");
			return CLI_EXIT_INPUT;
		}
		for (i = 0; i < k && i < FLEET_MAX_CLUSTERS; i++)
			v[(*n)++] = names[i];
	}
	return 0;
}

/* The context name as a file-name part: [A-Za-z0-9._-], the rest '_'. */
static const char *file_part(struct arena *a, const char *ctx)
{
	char *s = arena_strdup(a, ctx), *p;

	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		      *p == '-'))
			*p = '_';
	if (*s == '.')
		*s = '_';
	return s;
}

/* path with "-part" before its extension: report.json → report-prod.json. */
static const char *derive(struct arena *a, const char *path, const char *part)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (!dot || dot == (slash ? slash + 1 : path))
		return arena_printf(a, "%s-%s", path, part);
	return arena_printf(a, "%.*s-%s%s", (int)(dot - path), path, part, dot);
}

static const char *self_exe(void)
{
	static char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static pid_t spawn(const struct fleet_cli *c, const struct member *m,
		   const char *exe)
{
	const char **argv;
	size_t k = 0, i;
	pid_t pid;

	argv = calloc(c->npass + 2 * m->nouts + 8, sizeof(*argv));
	if (!argv)
		return -1;
	argv[k++] = PROG;
	for (i = 0; i < c->npass; i++)
		argv[k++] = c->pass[i];
	argv[k++] = "--context";
	argv[k++] = m->context;
	argv[k++] = "-q";
	for (i = 0; i < m->nouts; i++) {
		argv[k++] = "-o";
		argv[k++] = m->outs[i];
	}
	argv[k] = NULL;
	pid = fork();
	if (pid == 0) {
		int fd = open(m->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0600);
		int nul = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(127);
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	free(argv);
	return pid;
}

/* The last non-empty line of the child's stderr, for the summary. */
static const char *last_error(struct arena *a, const char *log)
{
	char buf[8192], *p, *line = NULL;
	FILE *fp = fopen(log, "rb");
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	for (p = buf; *p; p++) {
		if (*p == '\n') {
			*p = '\0';
			continue;
		}
		if (p == buf || p[-1] == '\0')
			line = p;
	}
	if (!line)
		return NULL;
	if (!strncmp(line, PROG ": ", sizeof(PROG ": ") - 1))
		line += sizeof(PROG ": ") - 1;
	if (!strncmp(line, "error: ", 7))
		line += 7;
	return arena_strdup(a, line);
}

static int run_all(struct fleet_cli *c, struct member *m, size_t n)
{
	const char *exe = self_exe();
	size_t next = 0, running = 0, i;

	if (!exe) {
		cli_error("cannot find this program's own path "
			  "(/proc/self/exe): %s",
			  strerror(errno));
		return CLI_EXIT_INPUT;
	}
	while (next < n || running) {
		int st;
		pid_t pid;

		while (next < n && running < (size_t)c->parallel) {
			m[next].pid = spawn(c, &m[next], exe);
			if (m[next].pid < 0) {
				m[next].status = -1;
			} else {
				running++;
			}
			next++;
		}
		if (!running)
			break;
		pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < n; i++)
			if (m[i].pid == pid) {
				m[i].status =
				    WIFEXITED(st) ? WEXITSTATUS(st) : -1;
				m[i].pid = 0;
				running--;
			}
	}
	return 0;
}

int cli_fleet_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--all-contexts") ||
		    !strcmp(argv[i], "--contexts") ||
		    !strncmp(argv[i], "--contexts=", 11))
			return 1;
	}
	return 0;
}

static const char *renderer_format(const char *name)
{
	const struct renderer *r = renderer_find(name);

	return r ? r->name : NULL;
}

int cli_fleet_scan(const char *scan_help, int argc, char **argv)
{
	struct arena *a = arena_new();
	struct fleet_cli c;
	struct cli_outputs sum;
	struct member *m = NULL;
	const char **ctx;
	const char *tmp = NULL, *json_target = NULL;
	struct fleet f;
	size_t n = 0, i, t;
	int rc, worst = CLI_EXIT_CLEAN;
	char tmpl[] = "/tmp/threatmap-fleet-XXXXXX";

	memset(&c, 0, sizeof(c));
	c.scan_help = scan_help;
	cli_outputs_init(&c.out);
	fleet_init(&f, a);
	if ((rc = parse(&c, a, argc, argv)))
		goto out;
	if ((rc = cli_outputs_resolve(&c.out, "scan", renderer_format,
				      "text, json, sarif, html, markdown, "
				      "junit")))
		goto out;
	for (t = 0; t < c.out.ntargets; t++)
		if (!c.out.targets[t].file &&
		    !cli_format_fleet(c.out.targets[t].format)) {
			rc = cli_usage("scan",
				       "with several clusters, %s goes to "
				       "files only (-o %s=FILE): standard "
				       "output carries the fleet summary",
				       c.out.targets[t].format,
				       c.out.targets[t].format);
			goto out;
		}
	if (cli_args_only)
		goto out; /* rc is 0 */
	if ((rc = contexts(&c, a, &ctx, &n)))
		goto out;
	if (!(tmp = mkdtemp(tmpl))) {
		cli_error("cannot create a temporary directory: %s",
			  strerror(errno));
		rc = CLI_EXIT_INPUT;
		goto out;
	}
	for (t = 0; t < c.out.ntargets; t++)
		if (c.out.targets[t].file &&
		    !strcmp(c.out.targets[t].format, "json"))
			json_target = c.out.targets[t].file;
	m = arena_calloc(a, n, sizeof(*m));
	for (i = 0; i < n; i++) {
		const char *part = file_part(a, ctx[i]);

		m[i].context = ctx[i];
		m[i].log = arena_printf(a, "%s/%zu.log", tmp, i);
		m[i].json = json_target
				? derive(a, json_target, part)
				: arena_printf(a, "%s/%zu.json", tmp, i);
		if (!json_target)
			m[i].outs[m[i].nouts++] =
			    arena_printf(a, "json=%s", m[i].json);
		for (t = 0; t < c.out.ntargets; t++)
			if (c.out.targets[t].file)
				m[i].outs[m[i].nouts++] = arena_printf(
				    a, "%s=%s", c.out.targets[t].format,
				    derive(a, c.out.targets[t].file, part));
	}
	if (!c.out.quiet && isatty(2))
		fprintf(stderr, "scanning %zu clusters, %ld at a time\n", n,
			c.parallel);
	if ((rc = run_all(&c, m, n)))
		goto out;
	for (i = 0; i < n; i++) {
		if (m[i].status == 0 || m[i].status == 1) {
			if (cli_fleet_read(&f, m[i].context, m[i].json) < 0)
				worst = CLI_EXIT_INPUT;
			else if (m[i].status == 1 && worst == CLI_EXIT_CLEAN)
				worst = CLI_EXIT_FINDINGS;
			continue;
		}
		{
			const char *why = last_error(a, m[i].log);
			char st[64];

			if (!why) {
				snprintf(st, sizeof(st), "exit status %d",
					 m[i].status);
				why = arena_strdup(a, st);
			}
			cli_error("context '%s': %s", m[i].context, why);
			fleet_add_failure(&f, m[i].context, why);
			worst = CLI_EXIT_INPUT;
		}
	}
	/* The summary goes to every target whose format has one. */
	cli_outputs_init(&sum);
	sum.quiet = c.out.quiet;
	for (t = 0; t < c.out.ntargets; t++)
		if (cli_format_fleet(c.out.targets[t].format))
			sum.targets[sum.ntargets++] = c.out.targets[t];
	if ((rc = cli_outputs_emit(&sum, cli_fleet_produce, &f)))
		goto out;
	rc = worst;
out:
	if (tmp) {
		for (i = 0; m && i < n; i++) {
			unlink(m[i].log);
			if (!json_target)
				unlink(m[i].json);
		}
		rmdir(tmp);
	}
	fleet_release(&f);
	arena_free(a);
	return rc;
}
