/*
 * source.c - choosing the source of a scan and reading manifests.
 */
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "load.h"
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
	if (getenv("KUBERNETES_SERVICE_HOST") &&
	    is_file("/var/run/secrets/kubernetes.io/serviceaccount/token"))
		return "in-cluster";
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
