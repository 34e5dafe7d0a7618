/*
 * source.c - choosing the source of a scan and reading manifests.
 */
#include "source.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "inventory.h"
#include "checks/registry.h"
#include "load/load.h"
#include "load/prune.h"
#include "sbuf.h"
#include "scan.h"

/*
 * `kubectl kustomize DIR` into out: kubectl renders the kustomization as
 * `kubectl apply -k DIR` would.  Its errors go to our standard error.
 */
static int kustomize(const char *dir, struct sbuf *out, struct diag *d)
{
	int fds[2], status = 0;
	char buf[65536];
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0)
		return diag_set(d, DIAG_IO, NULL, "cannot run kubectl: %s",
				strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return diag_set(d, DIAG_IO, NULL, "cannot run kubectl: %s",
				strerror(errno));
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("kubectl", "kubectl", "kustomize", dir, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sbuf_add(out, buf, (size_t)n))
			break;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return diag_set(d, DIAG_IO, NULL,
				"-k '%s' needs kubectl on PATH (it runs "
				"'kubectl kustomize %s')",
				dir, dir);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return diag_set(d, DIAG_IO, NULL,
				"'kubectl kustomize %s' failed", dir);
	return 0;
}

static void load_kustomizations(struct scan *s, const struct source_opts *o)
{
	size_t i;

	for (i = 0; i < o->nkustomize; i++) {
		struct sbuf sb = SBUF_INIT;
		struct diag d;
		const char *name =
		    arena_printf(s->arena, "kustomize:%s", o->kustomize[i]);

		diag_clear(&d);
		if (kustomize(o->kustomize[i], &sb, &d) == 0) {
			/* the tree may point into the text: keep it */
			const char *text = arena_strndup(
			    s->arena, sb.buf ? sb.buf : "", sb.len);

			load_buffer(s->arena, s->inv, name, text, sb.len, NULL,
				    &s->errors);
		} else {
			scan_add_error(s, &d);
		}
		sbuf_release(&sb);
	}
}

static int load_manifests(struct scan *s, const struct source_opts *o)
{
	size_t i;

	s->meta.source = "manifests";
	load_kustomizations(s, o);
	for (i = 0; i < o->nfiles; i++) {
		if (!strcmp(o->files[i], "-"))
			load_file(s->arena, s->inv, "-", NULL, &s->errors);
		else
			load_path(s->arena, s->inv, o->files[i], o->recursive,
				  NULL, &s->errors);
	}
	return 0;
}

static bool is_file(const char *path)
{
	struct stat st;

	return path && *path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* First existing file of a colon-separated KUBECONFIG list. */
static const char *kubeconfig_env(void)
{
	static char found[4096];
	const char *env = getenv("KUBECONFIG");

	while (env && *env) {
		size_t n = strcspn(env, ":");

		if (n && n < sizeof(found)) {
			memcpy(found, env, n);
			found[n] = '\0';
			if (is_file(found))
				return found;
		}
		env += n + (env[n] == ':');
	}
	return NULL;
}

const char *source_kubeconfig(const struct source_opts *o)
{
	static char home_cfg[4096];
	const char *home = getenv("HOME"), *p;

	if (o->kubeconfig)
		return o->kubeconfig;
	if ((p = kubeconfig_env()))
		return p;
	if (home && *home &&
	    snprintf(home_cfg, sizeof(home_cfg), "%s/.kube/config", home) <
		(int)sizeof(home_cfg) &&
	    is_file(home_cfg))
		return home_cfg;
	if (getenv("KUBERNETES_SERVICE_HOST")) {
		/* THREATMAP_INCLUSTER_DIR moves the pod's credential files */
		const char *dir = getenv("THREATMAP_INCLUSTER_DIR");
		char tok[4096];

		if (!dir || !*dir)
			dir = "/var/run/secrets/kubernetes.io/serviceaccount";
		if (snprintf(tok, sizeof(tok), "%s/token", dir) <
			(int)sizeof(tok) &&
		    is_file(tok))
			return "in-cluster";
	}
	return NULL;
}

/*
 * The progress line of a load from files or a snapshot: the objects read
 * so far, from half a second on (THREATMAP_PROGRESS_MS sets another
 * delay, for tests), then five times a second.
 */
struct load_progress {
	double start, last, delay;
	size_t most; /* the most objects told so far */
	bool shown;
};

static void load_progress(void *ctx, size_t objects)
{
	struct load_progress *p = ctx;
	double t;

	if (objects % 64 || objects <= p->most)
		return;
	t = cli_clock_s(CLOCK_MONOTONIC);
	if (t - p->start < p->delay || (p->shown && t - p->last < 0.2))
		return;
	cli_progress("%zu objects read", objects);
	p->most = objects;
	p->last = t;
	p->shown = true;
}

static void load_progress_start(struct scan *s, const struct source_opts *o,
				struct load_progress *p)
{
	long ms;
	bool set = cli_env_num("THREATMAP_PROGRESS_MS", &ms) == CLI_ENV_NUM;

	if (!o->progress || o->verbosity > 0 || !isatty(STDERR_FILENO))
		return;
	memset(p, 0, sizeof(*p));
	p->start = cli_clock_s(CLOCK_MONOTONIC);
	p->delay = set && ms >= 0 ? (double)ms / 1000 : 0.5;
	inventory_on_add(s->inv, load_progress, p);
}

/* Loading is over: what comes next, on the same line, until a report. */
static void load_progress_done(struct scan *s, const struct load_progress *p)
{
	inventory_on_add(s->inv, NULL, NULL);
	if (p->shown && inventory_size(s->inv))
		cli_progress("%zu objects read; judging them",
			     inventory_size(s->inv));
	else
		cli_progress_end();
}

static int load_files(struct scan *s, const struct source_opts *o,
		      struct diag *d)
{
	struct load_progress p = { 0 };
	int rc;

	load_progress_start(s, o, &p);
	rc = o->snapshot && !o->nfiles && !o->nkustomize
		 ? source_snapshot_load(s, o, d)
		 : load_manifests(s, o);
	load_progress_done(s, &p);
	return rc;
}

int source_load(struct scan *s, const struct source_opts *o, struct diag *d)
{
	const char *kc;

	/* what no check reads is dropped while files and snapshots load */
	prune_set_reads(check_reads);
	if (o->nfiles || o->nkustomize || o->snapshot)
		/* as kubectl apply -n NS and get -n NS would */
		inventory_set_namespace(
		    s->inv, o->all_namespaces ? NULL : o->ns,
		    !o->all_namespaces && o->ns && !o->ns_keeps_all);
	if (o->nfiles || o->nkustomize || o->snapshot)
		return load_files(s, o, d);
	kc = source_kubeconfig(o);
	if (!kc)
		return diag_set(
		    d, DIAG_USAGE, NULL,
		    "nothing to scan: give manifests with -f FILE, "
		    "-f DIR or -f - (standard input), a snapshot "
		    "with --snapshot DIR, or a kubeconfig "
		    "(--kubeconfig, $KUBECONFIG or ~/.kube/config)");
	return source_live_load(s, o, kc, d);
}

static int parse_verbosity(struct source_opts *o, const char *cmd,
			   const char *arg)
{
	const char *p = *arg == '=' ? arg + 1 : arg; /* kubectl's -v=N */
	char *end;
	long v = strtol(p, &end, 10);

	if (!*p || *end || v < 0 || v > 10)
		return cli_usage(cmd, "-v needs a level from 0 to 10, not '%s'",
				 p);
	o->verbosity = (int)v;
	return 1;
}

int source_opt(struct source_opts *o, const char *cmd, int c, const char *arg)
{
	switch (c) {
	case 'f':
		if (o->nfiles == SOURCE_MAX_FILES)
			return cli_usage(cmd, "at most %d -f options",
					 SOURCE_MAX_FILES);
		o->files[o->nfiles++] = arg;
		return 1;
	case 'k':
		if (o->nkustomize == SOURCE_MAX_FILES)
			return cli_usage(cmd, "at most %d -k options",
					 SOURCE_MAX_FILES);
		o->kustomize[o->nkustomize++] = arg;
		return 1;
	case 'R': o->recursive = true; return 1;
	case 'n': o->ns = arg; return 1;
	case 'A': o->all_namespaces = true; return 1;
	case 'v': return parse_verbosity(o, cmd, arg);
	case CLI_OPT_KUBECONFIG: o->kubeconfig = arg; return 1;
	case CLI_OPT_CONTEXT: o->context = arg; return 1;
	case CLI_OPT_CLUSTER: o->cluster = arg; return 1;
	case CLI_OPT_USER: o->user = arg; return 1;
	case CLI_OPT_REQUEST_TIMEOUT: o->request_timeout = arg; return 1;
	case CLI_OPT_KUBELET_CONFIG: o->kubelet_config = true; return 1;
	case CLI_OPT_SNAPSHOT: o->snapshot = arg; return 1;
	}
	return 0;
}

/*
 * Threads for the analyses and the checks (struct scan.threads):
 * THREATMAP_THREADS (1 to 8) when set; else two when the machine has two
 * CPUs or more and the input SCAN_THREADS_MIN objects or more, one
 * otherwise.  Below that the work after loading takes a tenth of a
 * second or less, and a second thread saved nothing (docs/performance.md).
 */
#define SCAN_THREADS_MIN 10000

static unsigned scan_threads(size_t objects)
{
	long v;

	switch (cli_env_num("THREATMAP_THREADS", &v)) {
	case CLI_ENV_NUM: return v < 1 ? 1 : v > 8 ? 8 : (unsigned)v;
	case CLI_ENV_BAD: return 1;
	case CLI_ENV_UNSET: break;
	}
	return objects >= SCAN_THREADS_MIN && sysconf(_SC_NPROCESSORS_ONLN) >= 2
		   ? 2
		   : 1;
}

/*
 * Threads a YAML file is parsed on: THREATMAP_YAML_THREADS (1 or 2) when
 * set, else 1.
 */
static unsigned yaml_threads(void)
{
	long v;

	return cli_env_num("THREATMAP_YAML_THREADS", &v) == CLI_ENV_NUM &&
		       v >= 2
		   ? 2
		   : 1;
}

/*
 * Threads a large JSON List file is read on (load_set_threads()): one
 * with THREATMAP_THREADS=1, else two when it asks for more or, unset,
 * when the machine has two CPUs or more.
 */
static unsigned load_threads(void)
{
	long v;

	switch (cli_env_num("THREATMAP_THREADS", &v)) {
	case CLI_ENV_NUM: return v < 2 ? 1 : 2;
	case CLI_ENV_BAD: return 1;
	case CLI_ENV_UNSET: break;
	}
	return sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
}

struct scan *source_scan(const struct source_opts *o, const char *cmd,
			 int *exit_code)
{
	struct scan *s = scan_new();
	struct diag d;
	int rc;

	diag_clear(&d);
	load_set_yaml_threads(yaml_threads());
	load_set_threads(load_threads());
	cli_phase(NULL);
	rc = source_load(s, o, &d);
	cli_phase("load");
	if (rc) {
		char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];

		diag_format(&d, buf, sizeof(buf));
		if (rc == DIAG_USAGE) {
			*exit_code = cli_usage(cmd, "%s", buf);
		} else {
			cli_error("%s", buf);
			*exit_code = CLI_EXIT_INPUT;
		}
		scan_free(s);
		return NULL;
	}
	s->threads = scan_threads(inventory_size(s->inv));
	scan_finish_input(s);
	cli_phase("analyses");
	if (o->verbosity >= 1)
		cli_note("loaded %zu object(s) from %s, %zu input error(s)",
			 inventory_size(s->inv), s->meta.source, s->errors.n);
	return s;
}
