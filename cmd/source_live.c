/*
 * source_live.c - scanning the cluster of a kubeconfig.
 *
 * cmd/ owns the environment: KUBECONFIG, HOME, the in-cluster variables
 * and the environment handed to exec credential plugins are read here and
 * passed to lib/ (kubeconfig.h, kube.h), which never reads them itself.
 * Warnings (insecure TLS, coverage gaps) always go to standard error;
 * with -v 1 or more every request is logged too.  Neither ever holds a
 * credential: lib/ logs method, URL, status and time only.
 */
#include "source_live.h"

#include "source_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"
#include "scan.h"

extern char **environ;

static void log_stderr(void *ctx, enum kube_log_level lvl, const char *msg)
{
	const struct source_opts *o = ctx;

	if (lvl == KUBE_LOG_WARN || o->verbosity >= 1)
		cli_note("%s", msg);
}

/*
 * A one-line progress report on stderr while the lists come in, only on a
 * terminal and never together with -v request logs.
 */
static void progress_stderr(void *ctx, unsigned requests, size_t objects)
{
	(void)ctx;
	cli_progress("%u requests, %zu objects", requests, objects);
}

/*
 * kubectl's --request-timeout: "0" (none), a number of seconds, or a
 * duration such as 500ms, 30s, 1m30s, 1h.  -1 when malformed.
 */
long source_parse_timeout(const char *s)
{
	static const struct {
		const char *unit;
		long ms;
	} units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }
	};
	long total = 0;
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	total = strtol(s, &end, 10);
	if (!*end && !errno && total >= 0)
		return total > 86400 ? -1 : total * 1000;
	total = 0;
	while (*s) {
		long v = strtol(s, &end, 10);
		size_t i, ul = 0;
		long mul = 0;

		if (end == s || v < 0 || errno)
			return -1;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].unit);
			if (!strncmp(end, units[i].unit, l) && l > ul &&
			    !(l == 1 && end[1] == 's' && end[0] == 'm')) {
				ul = l;
				mul = units[i].ms;
			}
		}
		if (!mul || v > 86400000 / mul)
			return -1;
		total += v * mul;
		s = end + ul;
	}
	return total;
}

static const char *now_rfc3339(struct arena *a)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[32];

	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, buf);
}

int source_live_collect(struct scan *s, const struct source_opts *o,
			const struct kube_sink *sink, struct kube_report *rep,
			struct diag *d)
{
	static bool curl_ready;
	struct kubeconfig_opts ko = {
		.kubeconfig = o->kubeconfig,
		.env_kubeconfig = getenv("KUBECONFIG"),
		.home = getenv("HOME"),
		.context = o->context,
		.cluster = o->cluster,
		.user = o->user,
		.incluster_host = getenv("KUBERNETES_SERVICE_HOST"),
		.incluster_port = getenv("KUBERNETES_SERVICE_PORT"),
		.incluster_dir = getenv("THREATMAP_INCLUSTER_DIR"),
	};
	struct kube_target *t = arena_alloc(s->arena, sizeof(*t));
	struct kube_opts kopts = {
		.target = t,
		.proxy_from_env = true,
		.envp = (const char *const *)environ,
		.log = log_stderr,
		.log_ctx = (void *)o,
		.kubelet_config = o->kubelet_config,
		.sink = sink,
	};
	int rc;

	if (o->progress && o->verbosity == 0 && isatty(STDERR_FILENO))
		kopts.progress = progress_stderr;
	if (o->request_timeout) {
		long ms = source_parse_timeout(o->request_timeout);
		if (ms < 0)
			return diag_set(d, DIAG_USAGE, NULL,
					"--request-timeout '%s' is not a "
					"duration such as 30s, 1m or 500ms",
					o->request_timeout);
		/* kubectl's 0 means no timeout; a day is close enough */
		kopts.request_timeout_ms = ms ? ms : 86400000L;
	}
	if (!o->all_namespaces && o->ns && *o->ns)
		kopts.namespace = o->ns;
	if (!curl_ready) {
		curl_ready = true;
		if (kube_global_init())
			return diag_set(d, DIAG_INTERNAL, NULL,
					"cannot initialise libcurl");
	}
	rc = kubeconfig_load(s->arena, &ko, t, d);
	if (rc)
		return rc;
	if (o->verbosity >= 1)
		cli_note("context '%s', cluster '%s' at %s, user '%s'%s",
			 t->context ? t->context : "", t->cluster_name,
			 t->server, t->user_name,
			 t->in_cluster ? " (in-cluster service account)" : "");
	rc = kube_collect(s->arena, s->inv, &kopts, rep, &s->errors, d);
	cli_progress_end();
	if (rc)
		return rc;
	s->meta.source = "live";
	s->meta.context = t->context;
	s->meta.cluster = t->server;
	s->meta.server_version = rep->server_version;
	s->meta.collected_at = now_rfc3339(s->arena);
	return 0;
}

int source_live_load(struct scan *s, const struct source_opts *o,
		     const char *kubeconfig, struct diag *d)
{
	struct kube_report rep;

	(void)kubeconfig; /* resolved again, with kubectl's merging */
	return source_live_collect(s, o, NULL, &rep, d);
}
