/*
 * snapshot.c - `kubectl-threatmap snapshot -d DIR`: read the cluster once
 * and save a redacted copy that `scan --snapshot DIR` reads later (for a
 * pre-audit, or to scan where the cluster cannot be reached).
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "inventory.h"
#include "kube/kube.h"
#include "scan.h"
#include "kube/snapshot.h"
#include "source.h"

static const char snapshot_help[] =
    "Usage: " PROG " snapshot -d DIR [FLAGS]\n"
    "\n"
    "Read every resource the checks use from the cluster of a kubeconfig\n"
    "(GET requests only) and write them to DIR: meta.json (server version,\n"
    "context, time, what was collected and what was forbidden) and one JSON\n"
    "List per resource.  Secrets are read as metadata only; managedFields\n"
    "and the last-applied-configuration annotation are dropped.  DIR is\n"
    "created with mode 0700, its files with 0600.  Scan it later with\n"
    "'" PROG " scan --snapshot DIR'.\n"
    "\n"
    "Flags:\n"
    "  -d, --dir DIR            where to write (required)\n"
    "      --force              replace the snapshot in an existing,\n"
    "                           non-empty DIR\n"
    "      --kubeconfig PATH    kubeconfig file (default: $KUBECONFIG, then\n"
    "                           ~/.kube/config, then in-cluster)\n"
    "      --context NAME       kubeconfig context\n"
    "      --cluster NAME       kubeconfig cluster\n"
    "      --user NAME          kubeconfig user\n"
    "  -n, --namespace NS       only this namespace's namespaced objects\n"
    "                           (cluster-scoped ones such as RBAC are always\n"
    "                           read)\n"
    "  -A, --all-namespaces     every namespace (the default)\n"
    "      --request-timeout D  timeout of one API request (e.g. 30s)\n"
    "      --kubelet-config     also read each node's kubelet configuration\n"
    "                           (GET nodes/NAME/proxy/configz)\n"
    "  -v, --v LEVEL            1 or more: log every request on standard\n"
    "                           error (never a credential)\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit status: 0 written, 2 usage error, 3 input, connection or output\n"
    "error.\n"
    "\n"
    "Examples:\n"
    "  " PROG " snapshot -d ./prod-2026-01-10 --context prod\n"
    "  " PROG " scan --snapshot ./prod-2026-01-10 -o html=report.html\n";

enum {
	OPT_FORCE = CLI_OPT_FIRST_FREE,
};

static const struct option snapshot_longopts[] = {
	SOURCE_LONGOPTS,
	{ "dir", required_argument, NULL, 'd' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct snapshot_cli {
	struct source_opts src;
	const char *dir;
	bool force, help;
};

static int parse_args(struct snapshot_cli *c, int argc, char **argv)
{
	int opt, rc;

	if ((rc =
		 cli_check_args("snapshot", argc, argv,
				":" SOURCE_SHORTOPTS "d:h", snapshot_longopts)))
		return rc;
	cli_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":" SOURCE_SHORTOPTS "d:h",
				  snapshot_longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option("snapshot", opt, argv);
		if (opt == 'd')
			c->dir = optarg;
		else if (opt == OPT_FORCE)
			c->force = true;
		else if (opt == 'h')
			c->help = true;
		else if ((rc = source_opt(&c->src, "snapshot", opt, optarg)) !=
			 1)
			return rc ? rc
				  : cli_usage("snapshot", "unhandled option");
	}
	if (c->help)
		return 0;
	if (optind < argc)
		return cli_usage("snapshot", "unexpected argument '%s'",
				 argv[optind]);
	if (c->src.nfiles || c->src.snapshot || c->src.recursive)
		return cli_usage("snapshot",
				 "a snapshot reads a cluster; -f, -R and "
				 "--snapshot belong to 'scan'");
	if (!c->dir || !*c->dir)
		return cli_usage("snapshot", "missing -d DIR");
	return 0;
}

static int run_snapshot(int argc, char **argv)
{
	struct snapshot_cli c;
	struct kube_report rep;
	struct snapshot_info m;
	struct scan *s;
	struct diag d;
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i, files = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = parse_args(&c, argc, argv);
	if (rc)
		return rc;
	if (c.help) {
		cli_put_text(snapshot_help, stdout);
		return CLI_EXIT_CLEAN;
	}
	s = scan_new();
	diag_clear(&d);
	c.src.progress = true;
	rc = source_live_collect(s, &c.src, &rep, &d);
	if (!rc) {
		memset(&m, 0, sizeof(m));
		m.context = s->meta.context;
		m.cluster = s->meta.cluster;
		m.server_version = s->meta.server_version;
		m.collected_at = s->meta.collected_at;
		m.namespace = c.src.all_namespaces ? NULL : c.src.ns;
		m.tool = "threatmap " THREATMAP_VERSION;
		rc = snapshot_write(c.dir, c.force, &m, s->inv, &rep, &d);
	}
	if (rc) {
		diag_format(&d, buf, sizeof(buf));
		if (rc == DIAG_USAGE) {
			rc = cli_usage("snapshot", "%s", buf);
		} else {
			cli_error("%s", buf);
			rc = CLI_EXIT_INPUT;
		}
		scan_free(s);
		return rc;
	}
	for (i = 0; i < rep.nres; i++)
		files += rep.res[i].served && !rep.res[i].forbidden;
	for (i = 0; i < s->errors.n; i++)
		cli_note("%s", diag_format(&s->errors.v[i], buf, sizeof(buf)));
	cli_note("wrote %zu object(s) in %zu list(s) to '%s' (context '%s', "
		 "%zu forbidden)",
		 inventory_size(s->inv), files, c.dir,
		 s->meta.context ? s->meta.context : "",
		 inventory_forbidden_count(s->inv));
	scan_free(s);
	return CLI_EXIT_CLEAN;
}

const struct subcmd subcmd_snapshot = {
	.name = "snapshot",
	.summary = "save a redacted copy of a cluster for later scans",
	.help = snapshot_help,
	.run = run_snapshot,
};
