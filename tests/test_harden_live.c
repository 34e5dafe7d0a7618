/*
 * Hardening of the live client: no credential over plain HTTP or split
 * into a header of its own, no userinfo printed, server and plugin words
 * sanitized before they reach a terminal, exec plugins that misbehave
 * reported for what they did, and a test server that logs the method it
 * really received.
 */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "apiserver.h"
#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"
#include "sbuf.h"
#include "testutil.h"
#include "kube/sanitize.h"
#include "safefile.h"
#include "scan.h"

struct hrun {
	struct scan *s;
	struct kube_target t;
	struct kube_opts o;
	struct kube_report rep;
	struct diag d;
	int rc;
	double secs;
};

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Write a kubeconfig with cluster and user bodies, load it, collect. */
static int hrun(struct hrun *r, const char *name, const char *cluster,
		const char *user)
{
	struct kubeconfig_opts ko = { 0 };
	char path[600];
	extern char **environ;
	double t0;

	snprintf(path, sizeof(path), "%s/kubeconfig.json", live_dir(name));
	write_kubeconfig(path, cluster, user);
	ko.kubeconfig = path;
	memset(r, 0, sizeof(*r));
	r->s = scan_new();
	r->rc = kubeconfig_load(r->s->arena, &ko, &r->t, &r->d);
	if (r->rc)
		return r->rc;
	r->o.target = &r->t;
	r->o.request_timeout_ms = 10000;
	r->o.exec_timeout_ms = 10000;
	r->o.backoff_ms = 50;
	r->o.envp = (const char *const *)environ;
	t0 = mono();
	r->rc = kube_collect(r->s->arena, r->s->inv, &r->o, &r->rep,
			     &r->s->errors, &r->d);
	r->secs = mono() - t0;
	return r->rc;
}

static const char *cluster_at(const struct srv *s, const char *userinfo)
{
	static char buf[800];

	snprintf(buf, sizeof(buf),
		 "\"server\":\"https://%slocalhost:%d\","
		 "\"certificate-authority\":\"%s/ca.crt\"",
		 userinfo ? userinfo : "", s->port, live_certs);
	return buf;
}

/* An exec plugin script in a fresh directory; returns the user body. */
static const char *plugin(const char *name, const char *body)
{
	static char user[1200];
	char path[700];

	snprintf(path, sizeof(path), "%s/plugin.sh", live_dir(name));
	write_filef(path, "#!/bin/sh\n%s\n", body);
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(user, sizeof(user),
		 "\"exec\":{\"apiVersion\":\"client.authentication.k8s.io/"
		 "v1\",\"command\":\"%s\",\"interactiveMode\":\"Never\"}",
		 path);
	return user;
}

#define CRED(tok)                                                              \
	"printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","         \
	"\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" tok "\"}}'"

START_TEST(test_no_token_over_plain_http)
{
	struct hrun r;

	/* nothing listens there: the refusal comes before any connection */
	hrun(&r, "plainhttp", "\"server\":\"http://127.0.0.1:9\"",
	     "\"token\":\"admin-token\"");
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "over plain HTTP"), "%s", r.d.msg);
	ck_assert_ptr_null(strstr(r.d.msg, "admin-token"));
	scan_free(r.s);
	/* an exec plugin is not even run for a plain HTTP server */
	hrun(&r, "plainhttp-exec", "\"server\":\"http://127.0.0.1:9\"",
	     plugin("plainhttp-plugin", "touch \"$0.ran\"; " CRED("t")));
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	scan_free(r.s);
	/* without credentials (kubectl proxy) it is only a connection */
	hrun(&r, "plainhttp-anon", "\"server\":\"http://127.0.0.1:9\"", "");
	ck_assert_int_eq(r.rc, DIAG_NET);
	scan_free(r.s);
}
END_TEST

START_TEST(test_token_with_crlf_refused)
{
	struct srv s;
	struct hrun r;
	char *log;

	srv_start(&s, NULL);
	hrun(&r, "crlf", cluster_at(&s, NULL),
	     "\"token\":\"admin-token\\r\\nX-Injected: 1\"");
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "control character"), "%s", r.d.msg);
	scan_free(r.s);
	hrun(&r, "crlf-exec", cluster_at(&s, NULL),
	     plugin("crlf-plugin", CRED("admin-token\\\\r\\\\nX-Injected: 1")));
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "exec plugin"), "%s", r.d.msg);
	scan_free(r.s);
	log = srv_log(&s);
	srv_stop(&s);
	ck_assert_ptr_null(strstr(log, "X-Injected"));
	ck_assert_ptr_null(strstr(log, "x-injected"));
	free(log);
}
END_TEST

START_TEST(test_userinfo_stripped)
{
	struct srv s;
	struct hrun r;
	char cmd[2000], *out;
	int rc;

	srv_start(&s, NULL);
	hrun(&r, "userinfo", cluster_at(&s, "alice:hunter2@"),
	     "\"token\":\"admin-token\"");
	ck_assert_msg(r.rc == 0, "%s", r.d.msg);
	ck_assert_ptr_null(strstr(r.t.server, "hunter2"));
	ck_assert_ptr_null(strstr(r.t.server, "alice"));
	scan_free(r.s);
	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG HOME='%s' '%s' scan --kubeconfig "
		 "'%s/%d-userinfo/kubeconfig.json' -v 2 -o json 2>&1",
		 live_tmp, tu_bin(), live_tmp, (int)getpid());
	rc = tu_run(cmd, &out);
	srv_stop(&s);
	ck_assert_msg(rc == 0 || rc == 1, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "\"cluster\""));
	ck_assert_ptr_null(strstr(out, "hunter2"));
	free(out);
}
END_TEST

START_TEST(test_server_message_sanitized)
{
	struct srv s;
	struct hrun r;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"},\"faults\":"
		      "[{\"path\":\"/version\",\"type\":\"status\","
		      "\"code\":401,\"message\":\"\\u001b]0;owned\\u0007"
		      "\\u001b[2J denied; token=s3cr3tvalue \\u009b31m\"}]}");
	hrun(&r, "statusmsg", cluster_at(&s, NULL),
	     "\"token\":\"admin-token\"");
	srv_stop(&s);
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "denied"), "%s", r.d.msg);
	ck_assert_ptr_null(strchr(r.d.msg, '\033'));
	ck_assert_ptr_null(strchr(r.d.msg, '\007'));
	ck_assert_ptr_null(strstr(r.d.msg, "\xc2\x9b"));
	ck_assert_ptr_null(strstr(r.d.msg, "s3cr3tvalue"));
	ck_assert_ptr_nonnull(strstr(r.d.msg, "token=***"));
	scan_free(r.s);
}
END_TEST

START_TEST(test_plugin_stderr_sanitized)
{
	struct hrun r;

	hrun(&r, "pluginerr", "\"server\":\"https://127.0.0.1:9\"",
	     plugin("pluginerr-plugin",
		    "printf '\\033]0;owned\\007 login failed, "
		    "refresh_token=abcdef123456 Bearer eyJhbGciOiJIUzI1NiJ9."
		    "eyJzdWIiOiJ4In0.c2lnbmF0dXJl\\n' >&2; exit 1"));
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "login failed"), "%s", r.d.msg);
	ck_assert_ptr_null(strchr(r.d.msg, '\033'));
	ck_assert_ptr_null(strstr(r.d.msg, "abcdef123456"));
	ck_assert_ptr_null(strstr(r.d.msg, "c2lnbmF0dXJl"));
	scan_free(r.s);
}
END_TEST

/*
 * Whether a process whose command line is exactly line is still there,
 * waiting up to 10 s for one that was killed to be gone: a signal is
 * delivered when the process next runs, late on a loaded machine.
 */
static bool process_lives(const char *line)
{
	struct timespec tenth = { 0, 100 * 1000 * 1000 };
	char cmd[300];
	int i;

	snprintf(cmd, sizeof(cmd), "pgrep -fx '%s' >/dev/null", line);
	for (i = 0; i < 100; i++) {
		int rc = tu_run(cmd, NULL);

		ck_assert_msg(rc == 0 || rc == 1, "pgrep: exit %d", rc);
		if (rc == 1)
			return false;
		nanosleep(&tenth, NULL);
	}
	return true;
}

START_TEST(test_plugin_failures_named)
{
	struct hrun r;
	char body[300], line[64];

	/* a missing absolute path says so, not "exit status 127" */
	hrun(&r, "pluginmissing", "\"server\":\"https://127.0.0.1:9\"",
	     "\"exec\":{\"apiVersion\":\"client.authentication.k8s.io/v1\","
	     "\"command\":\"/nonexistent/dir/get-token\","
	     "\"interactiveMode\":\"Never\"}");
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "No such file or directory"), "%s",
		      r.d.msg);
	scan_free(r.s);
	/* too much output is not a timeout (the plugin is given 10 s) */
	hrun(&r, "pluginbig", "\"server\":\"https://127.0.0.1:9\"",
	     plugin("pluginbig-plugin", "head -c 100000000 /dev/zero"));
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_msg(strstr(r.d.msg, "printed more than"), "%s", r.d.msg);
	ck_assert_double_lt(r.secs, 10);
	scan_free(r.s);
	/* a grandchild holding stdout: success, well before the grandchild
	 * ends, and it is gone; its command line is this process's own, as
	 * other test runs may share the machine */
	snprintf(line, sizeof(line), "sleep 31.%d", (int)getpid());
	snprintf(body, sizeof(body), "(%s &)\n" CRED("admin-token"), line);
	hrun(&r, "plugingrand", "\"server\":\"https://127.0.0.1:9\"",
	     plugin("plugingrand-plugin", body));
	ck_assert_int_eq(r.rc, DIAG_NET); /* got past the plugin */
	ck_assert_double_lt(r.secs, 10);
	scan_free(r.s);
	ck_assert_msg(!process_lives(line), "'%s' outlived its plugin", line);
}
END_TEST

START_TEST(test_server_logs_real_method)
{
	struct srv s;
	char cmd[800], *log;

	srv_start(&s, NULL);
	snprintf(cmd, sizeof(cmd),
		 "curl -s --noproxy '*' --cacert '%s/ca.crt' -X DELETE "
		 "https://localhost:%d/api/v1/namespaces/web/pods/x "
		 ">/dev/null",
		 live_certs, s.port);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	log = srv_log(&s);
	srv_stop(&s);
	/* the read-only assertion of the live suite can fail */
	ck_assert_ptr_nonnull(strstr(log, "\"method\": \"DELETE\""));
	free(log);
}
END_TEST

START_TEST(test_snapshot_mask_key_created)
{
	struct srv s;
	struct hrun r;
	char cmd[2400], home[600], key[700], *out, *meta;
	struct stat st;
	int rc;

	srv_start(&s, NULL);
	hrun(&r, "maskkey", cluster_at(&s, NULL), "\"token\":\"admin-token\"");
	scan_free(r.s);
	snprintf(home, sizeof(home), "%s", live_dir("maskkey-home"));
	snprintf(key, sizeof(key), "%s/.config/threatmap/mask.key", home);
	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG -u XDG_CONFIG_HOME HOME='%s' '%s' snapshot "
		 "-d '%s/snap' --kubeconfig '%s/%d-maskkey/kubeconfig.json' "
		 "2>&1",
		 home, tu_bin(), home, live_tmp, (int)getpid());
	rc = tu_run(cmd, &out);
	srv_stop(&s);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, out);
	free(out);
	ck_assert_int_eq(stat(key, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(st.st_size, 32);
	snprintf(cmd, sizeof(cmd), "%s/snap/meta.json", home);
	meta = tu_read_file(cmd, NULL);
	ck_assert_ptr_nonnull(strstr(meta, "\"maskKeyId\": \""));
	free(meta);
}
END_TEST

START_TEST(test_api_response_capped_while_streaming)
{
	static const char *const faults[] = { "gzipbomb", "endless" };
	struct srv s;
	struct hrun r;
	char cfg[300];
	size_t i;

	input_limit_set((size_t)1 << 20);
	for (i = 0; i < 2; i++) {
		snprintf(cfg, sizeof(cfg),
			 "{\"tokens\":{\"admin-token\":\"admin\"},\"faults\":"
			 "[{\"path\":\"/api/v1/pods\",\"type\":\"%s\"}]}",
			 faults[i]);
		srv_start(&s, cfg);
		hrun(&r, faults[i], cluster_at(&s, NULL),
		     "\"token\":\"admin-token\"");
		srv_stop(&s);
		ck_assert_msg(r.rc == DIAG_LIMIT, "%s: %d %s", faults[i], r.rc,
			      r.d.msg);
		ck_assert_ptr_nonnull(strstr(r.d.msg, "too large"));
		ck_assert_double_lt(r.secs, 15);
		scan_free(r.s);
	}
	input_limit_reset();
}
END_TEST

START_TEST(test_tls_version_named)
{
	struct srv s;
	struct hrun r;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"},"
		      "\"tls_max\":\"1.1\"}");
	hrun(&r, "tlsold", cluster_at(&s, NULL), "\"token\":\"admin-token\"");
	srv_stop(&s);
	ck_assert_int_eq(r.rc, DIAG_NET);
	ck_assert_msg(strstr(r.d.msg, "no TLS version"), "%s", r.d.msg);
	ck_assert_ptr_null(strstr(r.d.msg, "certificate-authority"));
	scan_free(r.s);
}
END_TEST

/* A port whose accept queue is full: a connection never completes. */
static pid_t full_backlog(int *port, int *keep)
{
	static const char py[] =
	    "import socket, time\n"
	    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)\n"
	    "p = s.getsockname()[1]; held = []\n"
	    "for i in range(3):\n"
	    "    c = socket.socket(); c.setblocking(False)\n"
	    "    try: c.connect(('127.0.0.1', p))\n"
	    "    except BlockingIOError: pass\n"
	    "    held.append(c)\n"
	    "print(p, flush=True); time.sleep(60)\n";
	char line[32];
	int pfd[2];
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execlp("python3", "python3", "-c", py, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	n = read(pfd[0], line, sizeof(line) - 1);
	*keep = pfd[0]; /* open until the end: a closed pipe would kill it */
	ck_assert_int_gt(n, 0);
	line[n] = '\0';
	*port = atoi(line);
	return pid;
}

START_TEST(test_connect_timeout_named)
{
	struct kubeconfig_opts ko = { 0 };
	char path[600], cluster[200];
	extern char **environ;
	struct hrun r;
	int port, keep;
	pid_t pid = full_backlog(&port, &keep);

	snprintf(path, sizeof(path), "%s/kubeconfig.json",
		 live_dir("ctimeout"));
	snprintf(cluster, sizeof(cluster),
		 "\"server\":\"https://127.0.0.1:%d\","
		 "\"insecure-skip-tls-verify\":true",
		 port);
	write_kubeconfig(path, cluster, "\"token\":\"admin-token\"");
	ko.kubeconfig = path;
	memset(&r, 0, sizeof(r));
	r.s = scan_new();
	ck_assert_int_eq(kubeconfig_load(r.s->arena, &ko, &r.t, &r.d), 0);
	r.o.target = &r.t;
	r.o.request_timeout_ms = 1500;
	r.o.envp = (const char *const *)environ;
	r.rc = kube_collect(r.s->arena, r.s->inv, &r.o, &r.rep, &r.s->errors,
			    &r.d);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	close(keep);
	ck_assert_int_eq(r.rc, DIAG_NET);
	ck_assert_msg(strstr(r.d.msg, "cannot connect to the server") &&
			  strstr(r.d.msg, "within 1500 ms"),
		      "%s", r.d.msg);
	scan_free(r.s);
}
END_TEST

START_TEST(test_discovery_versions_stay_versions)
{
	struct srv s;
	struct hrun r;
	char *log;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"},"
		      "\"group_versions\":{\"apps\":"
		      "\"apps/../../api/v1/namespaces/web/pods/x/exec?y\"}}");
	hrun(&r, "discovery", cluster_at(&s, NULL),
	     "\"token\":\"admin-token\"");
	log = srv_log(&s);
	srv_stop(&s);
	ck_assert_msg(r.rc == 0, "%s", r.d.msg);
	/* the group is simply not served; no request follows its "version" */
	ck_assert_ptr_null(strstr(log, "exec"));
	ck_assert_ptr_null(strstr(log, "/apis/apps/.."));
	free(log);
	scan_free(r.s);
}
END_TEST

START_TEST(test_sanitize_text)
{
	struct arena *a = arena_new();
	static const char in[] = "a\033[31mb\r\nc\x7f password: \"hunter2\" "
				 "x\xffy Basic dXNlcjpwdw== ok";
	const char *s = sanitize_text(a, in, sizeof(in) - 1, 1000);

	ck_assert_str_eq(s, "a?[31mb  c? password: \"***\" x?y Basic *** ok");
	arena_free(a);
}
END_TEST

Suite *suite_harden_live(void)
{
	Suite *s = suite_create("harden_live");
	TCase *tc = tcase_create("credentials");

	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_no_token_over_plain_http);
	tcase_add_test(tc, test_token_with_crlf_refused);
	tcase_add_test(tc, test_userinfo_stripped);
	tcase_add_test(tc, test_server_message_sanitized);
	tcase_add_test(tc, test_plugin_stderr_sanitized);
	tcase_add_test(tc, test_plugin_failures_named);
	tcase_add_test(tc, test_server_logs_real_method);
	tcase_add_test(tc, test_sanitize_text);
	tcase_add_test(tc, test_discovery_versions_stay_versions);
	tcase_add_test(tc, test_tls_version_named);
	tcase_add_test(tc, test_connect_timeout_named);
	tcase_add_test(tc, test_api_response_capped_while_streaming);
	tcase_add_test(tc, test_snapshot_mask_key_created);
	suite_add_tcase(s, tc);
	return s;
}
