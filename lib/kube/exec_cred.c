#include "kube/exec_cred.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "base64.h"
#include "diag.h"
#include "jsonw.h"
#include "kube/kubeconfig.h"
#include "kube/sanitize.h"
#include "load/load.h"
#include "node.h"
#include "sbuf.h"

#define EXEC_MAX_OUTPUT (1u << 20)

bool exec_cred_expired(const struct exec_cred *c, time_t now)
{
	return c->expires && c->expiry <= now;
}

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

bool exec_cred_parse_time(const char *s, time_t *out)
{
	unsigned Y, M, D, h, m, sec;
	long long t;
	int n = 0, off = 0;
	const char *p;

	if (!s ||
	    sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%n", &Y, &M, &D, &h, &m, &sec,
		   &n) != 6 ||
	    n != 19)
		return false;
	if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
		return false;
	p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		unsigned oh, om;
		int k = 0;
		if (sscanf(p + 1, "%2u:%2u%n", &oh, &om, &k) != 2 || k != 5)
			return false;
		off = (int)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	t = days_from_civil(Y, M, D) * 86400 + h * 3600 + m * 60 + sec - off;
	*out = (time_t)t;
	return true;
}

/* KUBERNETES_EXEC_INFO: what the plugin may know about this request. */
static char *exec_info(struct arena *a, const struct kube_target *t)
{
	const struct kube_exec *x = t->exec;
	struct sbuf sb = SBUF_INIT;
	char *s;
	int rc = 0;

	rc |= sbuf_adds(&sb, "{\"kind\":\"ExecCredential\",\"apiVersion\":");
	rc |= sbuf_add_json_str(&sb, x->api_version, strlen(x->api_version));
	rc |= sbuf_adds(&sb, ",\"spec\":{\"interactive\":false");
	if (x->provide_cluster_info) {
		rc |= sbuf_adds(&sb, ",\"cluster\":{\"server\":");
		rc |= sbuf_add_json_str(&sb, t->server, strlen(t->server));
		if (t->tls_server_name) {
			rc |= sbuf_adds(&sb, ",\"tls-server-name\":");
			rc |= sbuf_add_json_str(&sb, t->tls_server_name,
						strlen(t->tls_server_name));
		}
		if (t->insecure)
			rc |= sbuf_adds(&sb,
					",\"insecure-skip-tls-verify\":true");
		if (t->ca) {
			const char *b = base64_encode(a, t->ca, t->ca_len);
			rc |=
			    sbuf_adds(&sb, ",\"certificate-authority-data\":");
			rc |= sbuf_add_json_str(&sb, b, strlen(b));
		}
		if (t->proxy_url) {
			rc |= sbuf_adds(&sb, ",\"proxy-url\":");
			rc |= sbuf_add_json_str(&sb, t->proxy_url,
						strlen(t->proxy_url));
		}
		if (x->cluster_config) {
			rc |= sbuf_adds(&sb, ",\"config\":");
			rc |= jsonw_tree(&sb, x->cluster_config);
		}
		rc |= sbuf_addch(&sb, '}');
	}
	rc |= sbuf_adds(&sb, "}}");
	s = rc ? NULL : arena_strdup(a, sb.buf);
	sbuf_release(&sb);
	return s;
}

static const char *env_get(const char *const *envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* envp with the exec env entries replacing same-named ones, plus info. */
static char **build_env(struct arena *a, const char *const *envp,
			const struct kube_exec *x, const char *info)
{
	size_t n = 0, i, j, k = 0;
	char **env;

	while (envp && envp[n])
		n++;
	env = arena_calloc(a, n + x->nenv + 2, sizeof(*env));
	for (i = 0; i < n; i++) {
		const char *eq = strchr(envp[i], '=');
		size_t nl = eq ? (size_t)(eq - envp[i]) : strlen(envp[i]);
		bool replaced = !strncmp(envp[i], "KUBERNETES_EXEC_INFO=", 21);
		for (j = 0; j < x->nenv && !replaced; j++)
			replaced = !strncmp(x->env[j], envp[i], nl) &&
				   x->env[j][nl] == '=';
		if (!replaced)
			env[k++] = (char *)envp[i];
	}
	for (j = 0; j < x->nenv; j++)
		env[k++] = (char *)x->env[j];
	env[k++] = arena_printf(a, "KUBERNETES_EXEC_INFO=%s", info);
	env[k] = NULL;
	return env;
}

static const char *find_command(struct arena *a, const char *cmd,
				const char *const *envp)
{
	const char *path = env_get(envp, "PATH"), *p;

	if (strchr(cmd, '/'))
		return cmd;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *cand = arena_printf(a, "%.*s/%s", (int)(len ? len : 1),
					  len ? p : ".", cmd);
		struct stat st;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(cand, X_OK) == 0)
			return cand;
		p += len;
		if (*p == ':')
			p++;
	}
	return NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum { DRAIN_TIMEOUT = -1, DRAIN_TOO_MUCH = -2 };

/* After the plugin exits, how long output still held open is awaited. */
#define EXEC_LINGER_MS 200
/* What a pipe holds (Linux's default capacity): all an exited plugin can
 * have left unread in it. */
#define EXEC_PIPE_BYTES 65536

/*
 * Read both pipes until EOF, the deadline, or shortly after the plugin
 * exited: a detached grandchild that inherited stdout must not turn a
 * finished plugin into a timeout.  Once the plugin is reaped the deadline
 * no longer applies, and what it wrote before exiting is read in full
 * even when this process ran late.  *reaped and *status tell whether the
 * plugin was waited for.  Returns 0, DRAIN_TIMEOUT or DRAIN_TOO_MUCH.
 */
static int drain(pid_t pid, int outfd, int errfd, struct sbuf *out,
		 struct sbuf *err, long long deadline, bool *reaped,
		 int *status)
{
	struct pollfd p[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	long long linger = 0;
	size_t late = 0; /* bytes read past the linger */
	char tmp[4096];
	int open_fds = 2;

	*reaped = false;
	while (open_fds) {
		long long now = now_ms(), left;
		int i, r;

		if (!*reaped && waitpid(pid, status, WNOHANG) == pid) {
			*reaped = true;
			linger = now + EXEC_LINGER_MS;
		}
		left = (*reaped ? linger : deadline) - now;
		if (left < 0)
			left = 0;
		if (!left && !*reaped)
			return DRAIN_TIMEOUT;
		/* past the linger: no more waiting, only what the plugin left
		 * in the pipes, not what a grandchild goes on writing */
		if (!left && late > 2 * EXEC_PIPE_BYTES)
			return 0;
		r = poll(p, 2, (int)(left > 50 ? 50 : left));
		if (r < 0 && errno != EINTR)
			return DRAIN_TIMEOUT;
		if (!r && !left)
			return 0;
		for (i = 0; i < 2 && r > 0; i++) {
			ssize_t n;
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			n = read(p[i].fd, tmp, sizeof(tmp));
			if (n > 0) {
				if (sbuf_add(i ? err : out, tmp, (size_t)n))
					return DRAIN_TOO_MUCH;
				if (!left)
					late += (size_t)n;
			} else if (n == 0 || errno != EINTR) {
				p[i].fd = -1;
				open_fds--;
			}
		}
	}
	return 0;
}

static const char *last_line(struct arena *a, const struct sbuf *sb)
{
	size_t end = sb->len, start;

	while (end && (sb->buf[end - 1] == '\n' || sb->buf[end - 1] == '\r'))
		end--;
	start = end;
	while (start && sb->buf[start - 1] != '\n')
		start--;
	if (end - start > 300)
		start = end - 300;
	/* a plugin's words reach a terminal: no control sequence, no
	 * refresh_token=... echoed */
	return end > start ? sanitize_text(a, sb->buf + start, end - start, 300)
			   : "(no message)";
}

struct child {
	pid_t pid;
	int out, err;
};

/*
 * Start the plugin.  Returns 0, or -1 with errno set: also when execve()
 * itself failed (a missing or non-executable absolute path), which the
 * child reports through a close-on-exec pipe.
 */
static int spawn(const char *path, char **argv, char **env, struct child *c)
{
	int po[2], pe[2], px[2], err = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(po))
		return -1;
	if (pipe(pe)) {
		close(po[0]), close(po[1]);
		return -1;
	}
	if (pipe(px)) {
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
		return -1;
	}
	fcntl(px[0], F_SETFD, FD_CLOEXEC);
	fcntl(px[1], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid < 0) {
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
		close(px[0]), close(px[1]);
		return -1;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);
		/* its own process group: a timeout kills what it started too */
		setpgid(0, 0);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
		close(px[0]);
		execve(path, argv, env);
		err = errno;
		if (write(px[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no race with the kill below */
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	while ((n = read(px[0], &err, sizeof(err))) < 0 && errno == EINTR)
		;
	close(px[0]);
	if (n == (ssize_t)sizeof(err)) {
		close(po[0]), close(pe[0]);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		errno = err;
		return -1;
	}
	c->pid = pid;
	c->out = po[0];
	c->err = pe[0];
	return 0;
}

int exec_cred_parse(struct arena *a, const struct kube_target *t,
		    const char *buf, size_t len, struct exec_cred *cred,
		    struct diag *d)
{
	const struct kube_exec *x = t->exec;
	const struct node *root, *st;
	const char *exp, *certb, *keyb;
	struct diag pd;

	memset(cred, 0, sizeof(*cred));
	root = load_tree(a, "exec plugin output", buf, len, NULL, &pd);
	if (!root || root->type != NODE_OBJECT)
		return diag_set(d, DIAG_AUTH, NULL,
				"exec plugin '%s' for user '%s' printed no "
				"ExecCredential%s%s",
				x->command, t->user_name, root ? "" : ": ",
				root ? "" : pd.msg);
	if (!node_str_eq(node_get(root, "kind"), "ExecCredential") ||
	    !node_str_eq(node_get(root, "apiVersion"), x->api_version))
		return diag_set(d, DIAG_AUTH, NULL,
				"exec plugin '%s' for user '%s' printed kind "
				"'%s' apiVersion '%s', expected ExecCredential "
				"'%s'",
				x->command, t->user_name,
				node_get_str(root, "kind")
				    ? node_get_str(root, "kind")
				    : "",
				node_get_str(root, "apiVersion")
				    ? node_get_str(root, "apiVersion")
				    : "",
				x->api_version);
	st = node_get(root, "status");
	cred->token = node_get_str(st, "token");
	certb = node_get_str(st, "clientCertificateData");
	keyb = node_get_str(st, "clientKeyData");
	if (cred->token && !*cred->token)
		cred->token = NULL;
	if (certb && keyb && *certb && *keyb) {
		cred->cert = certb;
		cred->cert_len = strlen(certb);
		cred->key = keyb;
		cred->key_len = strlen(keyb);
	} else if (certb || keyb) {
		return diag_set(
		    d, DIAG_AUTH, NULL,
		    "exec plugin '%s' for user '%s' returned a client "
		    "certificate without its key (or the reverse)",
		    x->command, t->user_name);
	}
	if (!cred->token && !cred->cert)
		return diag_set(
		    d, DIAG_AUTH, NULL,
		    "exec plugin '%s' for user '%s' returned neither "
		    "status.token nor a client certificate",
		    x->command, t->user_name);
	exp = node_get_str(st, "expirationTimestamp");
	if (exp) {
		if (!exec_cred_parse_time(exp, &cred->expiry))
			return diag_set(d, DIAG_AUTH, NULL,
					"exec plugin '%s' for user '%s': bad "
					"expirationTimestamp '%s'",
					x->command, t->user_name, exp);
		cred->expires = true;
	}
	return 0;
}

int exec_cred_run(struct arena *a, const struct kube_target *t,
		  const char *const *envp, long timeout_ms,
		  struct exec_cred *out, struct diag *d)
{
	const struct kube_exec *x = t->exec;
	struct sbuf sout, serr;
	struct child c;
	const char *path, *hint;
	char **argv, **env, *info;
	int rc = 0, status = 0, dr;
	bool reaped;
	size_t i;

	memset(out, 0, sizeof(*out));
	hint = x->install_hint ? x->install_hint : "";
	if (!strcmp(x->interactive_mode, "Always"))
		return diag_set(
		    d, DIAG_CONFIG, NULL,
		    "exec plugin '%s' for user '%s' needs an "
		    "interactive terminal (interactiveMode: Always); "
		    "a scan has none, so get a credential first or "
		    "use a plugin that works non-interactively",
		    x->command, t->user_name);
	path = find_command(a, x->command, envp);
	if (!path)
		return diag_set(
		    d, DIAG_AUTH, NULL,
		    "exec plugin '%s' for user '%s' not found in PATH"
		    "%s%s",
		    x->command, t->user_name, *hint ? ": " : "", hint);
	info = exec_info(a, t);
	if (!info)
		return diag_set(d, DIAG_INTERNAL, NULL, "exec info too large");
	argv = arena_calloc(a, x->nargs + 2, sizeof(*argv));
	argv[0] = (char *)x->command;
	for (i = 0; i < x->nargs; i++)
		argv[i + 1] = (char *)x->args[i];
	env = build_env(a, envp, x, info);
	if (spawn(path, argv, env, &c))
		return diag_set(d, DIAG_AUTH, NULL,
				"cannot run exec plugin '%s' for user '%s': "
				"%s%s%s",
				path, t->user_name, strerror(errno),
				*hint ? "; " : "", hint);
	sbuf_init(&sout, EXEC_MAX_OUTPUT);
	sbuf_init(&serr, EXEC_MAX_OUTPUT);
	dr = drain(c.pid, c.out, c.err, &sout, &serr, now_ms() + timeout_ms,
		   &reaped, &status);
	close(c.out);
	close(c.err);
	if (dr && !reaped && kill(-c.pid, SIGKILL))
		kill(c.pid, SIGKILL);
	while (!reaped && waitpid(c.pid, &status, 0) < 0 && errno == EINTR)
		;
	/* what is left of its process group (a grandchild still holding
	 * its output) does not outlive the plugin */
	kill(-c.pid, SIGKILL);
	if (dr == DRAIN_TOO_MUCH) {
		rc = diag_set(d, DIAG_AUTH, NULL,
			      "exec plugin '%s' for user '%s' printed more "
			      "than %u bytes",
			      x->command, t->user_name, EXEC_MAX_OUTPUT);
	} else if (dr) {
		rc = diag_set(d, DIAG_AUTH, NULL,
			      "exec plugin '%s' for user '%s' did not finish "
			      "within %ld ms",
			      x->command, t->user_name, timeout_ms);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		rc = diag_set(
		    d, DIAG_AUTH, NULL,
		    "exec plugin '%s' for user '%s' failed (%s %d): %s"
		    "%s%s",
		    x->command, t->user_name,
		    WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? code : WTERMSIG(status),
		    last_line(a, &serr), code == 127 && *hint ? "; " : "",
		    code == 127 ? hint : "");
	} else {
		rc = exec_cred_parse(a, t, sout.buf, sout.len, out, d);
	}
	sbuf_release(&sout);
	sbuf_release(&serr);
	return rc;
}
