/*
 * source.c - choosing the source of a scan and reading manifests.
 */
#include "source.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "scan.h"

static int load_manifests(struct scan *s, const struct source_opts *o)
{
	size_t i;

	s->meta.source = "manifests";
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

int source_load(struct scan *s, const struct source_opts *o, struct diag *d)
{
	const char *kc;

	if (o->nfiles)
		return load_manifests(s, o);
	if (o->snapshot)
		return source_snapshot_load(s, o, d);
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

struct scan *source_scan(const struct source_opts *o, const char *cmd,
			 int *exit_code)
{
	struct scan *s = scan_new();
	struct diag d;
	int rc;

	diag_clear(&d);
	rc = source_load(s, o, &d);
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
	scan_finish_input(s);
	if (o->verbosity >= 1)
		cli_note("loaded %zu object(s) from %s, %zu input error(s)",
			 inventory_size(s->inv), s->meta.source, s->errors.n);
	return s;
}
