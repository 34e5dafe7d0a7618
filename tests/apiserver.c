/*
 * apiserver.c - start and stop tests/apiserver.py from a test.
 */
#include "apiserver.h"

#include <check.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sbuf.h"
#include "testutil.h"

char live_certs[512];
char live_tmp[256];

void live_certs_setup(void)
{
	char cmd[1024];

	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(live_tmp, sizeof(live_tmp), "/tmp/threatmap-live-XXXXXX");
	if (!mkdtemp(live_tmp))
		abort();
	snprintf(live_certs, sizeof(live_certs), "%s/certs", live_tmp);
	snprintf(cmd, sizeof(cmd),
		 "python3 tests/apiserver.py gen-certs %s >/dev/null 2>&1",
		 live_certs);
	if (tu_run(cmd, NULL) != 0)
		live_certs[0] = '\0';
}

void live_certs_teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", live_tmp);
	tu_run(cmd, NULL);
	curl_global_cleanup();
}

/* Write text to path (printf-style); aborts the test on failure. */
void write_filef(const char *path, const char *fmt, ...)
{
	FILE *fp = fopen(path, "w");
	va_list ap;

	ck_assert_msg(fp != NULL, "cannot write %s", path);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fclose(fp);
}

/* A fresh directory under the run's temporary directory. */
const char *live_dir(const char *name)
{
	static char buf[512];
	char cmd[1200];

	snprintf(buf, sizeof(buf), "%s/%d-%s", live_tmp, (int)getpid(), name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", buf, buf);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	return buf;
}

/* Run tests/apiserver.py with args; its first stdout line is the port. */
static bool srv_spawn(struct srv *s, const char *const *args)
{
	const char *argv[16] = { "python3", "tests/apiserver.py" };
	char line[32];
	int pfd[2];
	ssize_t n;
	size_t got = 0, i;

	for (i = 0; args[i] && i < 13; i++)
		argv[i + 2] = args[i];
	ck_assert_int_eq(pipe(pfd), 0);
	s->pid = fork();
	ck_assert_int_ge(s->pid, 0);
	if (s->pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	while (got < sizeof(line) - 1 &&
	       (n = read(pfd[0], line + got, 1)) == 1 && line[got] != '\n')
		got++;
	line[got] = '\0';
	close(pfd[0]);
	s->port = atoi(line);
	ck_assert_msg(s->port > 0, "%s did not start", args[0]);
	return true;
}

/* Start the server with a JSON config (NULL: the admin token only). */
bool srv_start(struct srv *s, const char *config)
{
	return srv_start_data(s, "testdata/live", config);
}

/* The same, serving the data directory data. */
bool srv_start_data(struct srv *s, const char *data, const char *config)
{
	char cfg[600];
	const char *args[] = { "serve", "--certs",  live_certs, "--data",
			       data,	"--config", cfg,	NULL };

	ck_assert_msg(live_certs[0], "certificates could not be generated");
	snprintf(cfg, sizeof(cfg), "%s/config-%d.json", live_tmp,
		 (int)getpid());
	write_filef(cfg, "%s",
		    config ? config
			   : "{\"tokens\":{\"admin-token\":\"admin\"}}");
	return srv_spawn(s, args);
}

/* Start the CONNECT proxy, logging targets to log_path. */
bool proxy_start(struct srv *s, const char *log_path)
{
	const char *args[] = { "proxy", "--log", log_path, NULL };

	return srv_spawn(s, args);
}

void srv_stop(struct srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

static size_t srv_sink(char *p, size_t size, size_t n, void *ctx)
{
	return sbuf_add(ctx, p, size * n) ? 0 : size * n;
}

/* GET /_test/log: every request the server saw, as JSON (caller frees). */
char *srv_log(const struct srv *s)
{
	struct sbuf sb = SBUF_INIT;
	char url[128], ca[600];
	CURL *h = curl_easy_init();

	snprintf(url, sizeof(url), "https://localhost:%d/_test/log", s->port);
	snprintf(ca, sizeof(ca), "%s/ca.crt", live_certs);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, srv_sink);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sb);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	ck_assert_int_eq(curl_easy_perform(h), CURLE_OK);
	curl_easy_cleanup(h);
	return sbuf_detach(&sb, NULL);
}

/* Count non-overlapping occurrences of needle in hay. */
size_t count_str(const char *hay, const char *needle)
{
	size_t n = 0, l = strlen(needle);

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += l;
	}
	return n;
}

/* A kubeconfig (JSON) for the server: cluster and user bodies given. */
void write_kubeconfig(const char *path, const char *cluster, const char *user)
{
	write_filef(path,
		    "{\"apiVersion\":\"v1\",\"kind\":\"Config\","
		    "\"current-context\":\"test\","
		    "\"clusters\":[{\"name\":\"test\",\"cluster\":{%s}}],"
		    "\"users\":[{\"name\":\"tester\",\"user\":{%s}}],"
		    "\"contexts\":[{\"name\":\"test\",\"context\":"
		    "{\"cluster\":\"test\",\"user\":\"tester\"}}]}\n",
		    cluster, user);
}
