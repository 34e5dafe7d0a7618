/*
 * snapshot.c - `kubectl-threatmap snapshot -d DIR`: read the cluster once
 * and save a redacted copy that `scan --snapshot DIR` reads later (for a
 * pre-audit, or to scan where the cluster cannot be reached).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/snapshot.h"
#include "load/load.h"
#include "node.h"
#include "arena.h"
#include "safefile.h"
#include "sbuf.h"
#include "scan.h"
#include "source.h"

static const char snapshot_help[] =
    "Usage: " PROG " snapshot -d DIR [FLAGS]\n"
    "\n"
    "Read every resource the checks use from the cluster of a kubeconfig\n"
    "(GET requests only) and write them to DIR: meta.json (server version,\n"
    "context, time, what was collected and what was forbidden) and one JSON\n"
    "List per resource.  Secrets are read as metadata only; managedFields\n"
    "and the last-applied-configuration annotation are dropped.  DIR is\n"
    "created with mode 0700, its files with 0600, and checked before the\n"
    "cluster is read.  Objects are masked into DIR as they arrive, so the\n"
    "memory used does not grow with the cluster; DIR's disk needs room for\n"
    "them twice while the files are written.  Scan it later with\n"
    "'" PROG " scan --snapshot DIR'.\n"
    "\n"
    "Values of env vars and ConfigMap keys that look like credentials\n"
    "(known formats, PASSWORD/TOKEN/API_KEY names, kubeconfigs with a\n"
    "token) are masked: the\n"
    "snapshot keeps that a value was there, its length class and a keyed\n"
    "hash (HMAC-SHA256) that tells two snapshots taken with the same key\n"
    "apart without revealing the value.  The key is read from\n"
    "--mask-key FILE, else from ~/.config/threatmap/mask.key (created with\n"
    "32 random bytes, mode 0600, on first use).\n"
    "\n"
    "Flags:\n"
    "  -d, --dir DIR            where to write (required)\n"
    "      --force              replace the snapshot in an existing,\n"
    "                           non-empty DIR (only the files its\n"
    "                           meta.json lists are removed)\n"
    "      --mask-key FILE      key of the masked values' hashes (at\n"
    "                           least 16 bytes)\n"
    "      --max-input-size N   largest API response read (default 256M)\n"
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
    "  -f, --filename PATH      also keep the configuration documents of\n"
    "                           these files (repeatable; a directory: its\n"
    "                           *.yaml, *.yml and *.json files, -R for\n"
    "                           subdirectories) in DIR/files: what no API\n"
    "                           serves, such as the API server's audit\n"
    "                           Policy, AuthenticationConfiguration,\n"
    "                           AdmissionConfiguration and\n"
    "                           EncryptionConfiguration (key material\n"
    "                           masked) copied off a control-plane node,\n"
    "                           a KubeletConfiguration, or a\n"
    "                           TrustedRegistries list; API objects in\n"
    "                           them are not kept\n"
    "  -R, --recursive          with -f, descend into subdirectories\n"
    "  -v, --v LEVEL            1 or more: log every request on standard\n"
    "                           error (never a credential)\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit status: 0 written, 2 usage error, 3 input, connection or output\n"
    "error.\n"
    "\n"
    "Examples:\n"
    "  " PROG " snapshot -d ./prod-2026-01-10 --context prod\n"
    "  " PROG " snapshot -d ./prod-2026-01-10 -f ./cp-1/audit-policy.yaml\n"
    "  " PROG " scan --snapshot ./prod-2026-01-10 -o html=report.html\n";

enum {
	OPT_FORCE = CLI_OPT_FIRST_FREE,
	OPT_MASK_KEY,
};

static const struct option snapshot_longopts[] = {
	SOURCE_LONGOPTS,
	{ "dir", required_argument, NULL, 'd' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "mask-key", required_argument, NULL, OPT_MASK_KEY },
	{ "max-input-size", required_argument, NULL, CLI_OPT_MAX_INPUT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct snapshot_cli {
	struct source_opts src;
	const char *dir;
	const char *mask_key;
	bool force, help;
};

static int parse_args(struct snapshot_cli *c, int argc, char **argv)
{
	size_t max;
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
		else if (opt == OPT_MASK_KEY)
			c->mask_key = optarg;
		else if (opt == CLI_OPT_MAX_INPUT && parse_size(optarg, &max))
			input_limit_set(max);
		else if (opt == CLI_OPT_MAX_INPUT)
			return cli_usage("snapshot",
					 "--max-input-size must be a size such "
					 "as 64M or 1G, not '%s'",
					 optarg);
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
	if (c->src.snapshot)
		return cli_usage("snapshot",
				 "a snapshot reads a cluster; --snapshot "
				 "belongs to 'scan'");
	if (c->src.recursive && !c->src.nfiles)
		return cli_usage("snapshot", "-R needs -f");
	if (!c->dir || !*c->dir)
		return cli_usage("snapshot", "missing -d DIR");
	return 0;
}

#define MASK_KEY_MAX 4096

/* mkdir -p with mode for the directories it creates; 0 or -1 (errno). */
static int mkdir_p(const char *path, mode_t mode)
{
	struct sbuf p = SBUF_INIT;
	size_t i;
	int rc = 0;

	if (sbuf_adds(&p, path))
		return -1;
	for (i = 1; i <= p.len && !rc; i++) {
		if (p.buf[i] != '/' && p.buf[i] != '\0')
			continue;
		p.buf[i] = '\0';
		if (mkdir(p.buf, mode) && errno != EEXIST)
			rc = -1;
		if (i < p.len)
			p.buf[i] = '/';
	}
	sbuf_release(&p);
	return rc;
}

/*
 * The mask key: --mask-key FILE, else $XDG_CONFIG_HOME/threatmap/mask.key
 * or ~/.config/threatmap/mask.key, created (32 random bytes, 0600) when
 * missing.  Prints the problem and returns -1.
 */
static int load_mask_key(const char *given, struct sbuf *key)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct sbuf dir = SBUF_INIT, path = SBUF_INIT;
	unsigned char fresh[32];
	struct diag d;
	int rc = -1, fd;

	diag_clear(&d);
	if (given) {
		if (safefile_read(given, MASK_KEY_MAX, false, true, key, &d)) {
			cli_error("%s", d.msg);
			return -1;
		}
		if (key->len < 16) {
			cli_error("mask key '%s' is shorter than 16 bytes",
				  given);
			return -1;
		}
		return 0;
	}
	if (xdg && *xdg	    ? sbuf_addf(&dir, "%s/threatmap", xdg)
	    : home && *home ? sbuf_addf(&dir, "%s/.config/threatmap", home)
			    : -1) {
		cli_error("no HOME to keep the mask key in; give one with "
			  "--mask-key FILE");
		goto out;
	}
	if (sbuf_addf(&path, "%s/mask.key", dir.buf))
		goto out;
	if (!safefile_read(path.buf, MASK_KEY_MAX, false, false, key, &d) &&
	    key->len >= 16) {
		rc = 0;
		goto out;
	}
	if (key->len || d.code != DIAG_IO || access(path.buf, F_OK) == 0) {
		cli_error("mask key '%s' is unusable (%s); remove it or give "
			  "one with --mask-key FILE",
			  path.buf, key->len ? "shorter than 16 bytes" : d.msg);
		goto out;
	}
	/* first use: make one */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 ||
	    read(fd, fresh, sizeof(fresh)) != (ssize_t)sizeof(fresh)) {
		cli_error("cannot read /dev/urandom for a mask key");
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if (mkdir_p(dir.buf, 0700) ||
	    safefile_write(path.buf, (const char *)fresh, sizeof(fresh), 0600,
			   &d)) {
		cli_error("cannot keep the mask key in '%s': %s", path.buf,
			  d.code ? d.msg : strerror(errno));
		goto out;
	}
	sbuf_reset(key);
	if (sbuf_add(key, (const char *)fresh, sizeof(fresh)))
		goto out;
	cli_note("created the mask key '%s'", path.buf);
	rc = 0;
out:
	sbuf_release(&dir);
	sbuf_release(&path);
	return rc;
}

/*
 * The configuration documents of the -f files (inventory_is_config_doc()),
 * into m; API objects in them are counted in *skipped (the cluster is
 * read for those).  Prints the problem and returns an exit status.
 */
static int load_config_docs(struct scan *s, const struct source_opts *o,
			    struct snapshot_info *m, size_t *skipped)
{
	struct inventory *cfg = inventory_new(s->arena);
	struct diag_list errs = { 0 };
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	const struct kobj **v;
	size_t i, n;
	int rc = CLI_EXIT_CLEAN;

	*skipped = 0;
	for (i = 0; i < o->nfiles; i++)
		load_path(s->arena, cfg, o->files[i], o->recursive, NULL,
			  &errs);
	for (i = 0; i < errs.n; i++)
		cli_error("%s", diag_format(&errs.v[i], buf, sizeof(buf)));
	if (errs.n)
		rc = CLI_EXIT_INPUT;
	n = inventory_size(cfg);
	v = arena_calloc(s->arena, n ? n : 1, sizeof(*v));
	for (i = 0; i < n && !rc; i++) {
		const struct kobj *obj = inventory_object(cfg, i);

		/* as a node's file holds it: without metadata (one with a
		 * name stands for what the API shows, /configz) */
		if (inventory_is_config_doc(obj) &&
		    !node_get(obj->root, "metadata"))
			v[m->nconfig_docs++] = obj;
		else
			++*skipped;
	}
	if (!rc && !m->nconfig_docs)
		rc = cli_usage("snapshot",
			       "the -f files hold no configuration document "
			       "(audit Policy, AuthenticationConfiguration, "
			       "AdmissionConfiguration, "
			       "EncryptionConfiguration, "
			       "KubeletConfiguration, TrustedRegistries): API "
			       "objects are read from the cluster");
	m->config_docs = v;
	diag_list_release(&errs);
	inventory_free(cfg);
	return rc;
}

static int run_snapshot(int argc, char **argv)
{
	struct snapshot_cli c;
	struct sbuf key = SBUF_INIT;
	struct kube_report rep;
	struct snapshot_info m;
	struct snapshot_stream *ss = NULL;
	struct scan *s;
	struct diag d;
	char buf[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	size_t i, files = 0, skipped = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = parse_args(&c, argc, argv);
	if (rc)
		return rc;
	if (c.help) {
		cli_put_text(snapshot_help, stdout);
		return CLI_EXIT_CLEAN;
	}
	if (cli_args_only)
		return CLI_EXIT_CLEAN;
	if (load_mask_key(c.mask_key, &key)) {
		sbuf_release(&key);
		return CLI_EXIT_INPUT;
	}
	s = scan_new();
	memset(&m, 0, sizeof(m));
	if (c.src.nfiles && (rc = load_config_docs(s, &c.src, &m, &skipped))) {
		scan_free(s);
		sbuf_release(&key);
		return rc;
	}
	c.src.nfiles = 0;
	c.src.recursive = false;
	diag_clear(&d);
	c.src.progress = true;
	m.namespace = c.src.all_namespaces ? NULL : c.src.ns;
	m.tool = "threatmap " THREATMAP_VERSION;
	m.mask_key = (const unsigned char *)key.buf;
	m.mask_key_len = key.len;
	/*
	 * The directory is checked before the cluster is asked, and each
	 * object is masked into it as it arrives: the cluster is never held
	 * in memory whole.
	 */
	rc = snapshot_stream_open(c.dir, c.force, &m, &ss, &d);
	if (!rc)
		rc = source_live_collect(s, &c.src, snapshot_stream_sink(ss),
					 &rep, &d);
	if (!rc) {
		m.context = s->meta.context;
		m.cluster = s->meta.cluster;
		m.server_version = s->meta.server_version;
		m.collected_at = s->meta.collected_at;
		rc = snapshot_stream_finish(ss, &m, s->inv, &rep, &d);
	}
	snapshot_stream_free(ss);
	if (rc) {
		diag_format(&d, buf, sizeof(buf));
		if (rc == DIAG_USAGE) {
			rc = cli_usage("snapshot", "%s", buf);
		} else {
			cli_error("%s", buf);
			rc = CLI_EXIT_INPUT;
		}
		scan_free(s);
		sbuf_release(&key);
		return rc;
	}
	for (i = 0; i < rep.nres; i++)
		files += rep.res[i].served && !rep.res[i].forbidden;
	for (i = 0; i < s->errors.n; i++)
		cli_note("%s", diag_format(&s->errors.v[i], buf, sizeof(buf)));
	cli_note("wrote %zu object(s) in %zu list(s) to '%s' (context '%s', "
		 "%zu forbidden)",
		 rep.objects, files, c.dir,
		 s->meta.context ? s->meta.context : "",
		 inventory_forbidden_count(s->inv));
	if (m.nconfig_docs)
		cli_note("kept %zu configuration document(s) of the files in "
			 "'%s/files'%s",
			 m.nconfig_docs, c.dir,
			 skipped ? "; their API objects were not kept (the "
				   "cluster's own were read)"
				 : "");
	scan_free(s);
	sbuf_release(&key);
	return CLI_EXIT_CLEAN;
}

const struct subcmd subcmd_snapshot = {
	.name = "snapshot",
	.summary = "save a redacted copy of a cluster for later scans",
	.help = snapshot_help,
	.run = run_snapshot,
};
