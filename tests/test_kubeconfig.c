/*
 * kubeconfig resolution as kubectl does it: KUBECONFIG merging, overrides,
 * relative paths, credential fields, refused fields, in-cluster.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "base64.h"
#include "diag.h"
#include "kube/kubeconfig.h"
#include "load/load.h"
#include "node.h"
#include "testutil.h"

static char dir[256];

static void kc_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/threatmap-kc-XXXXXX");
	if (!mkdtemp(dir))
		abort();
}

static void kc_teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	tu_run(cmd, NULL);
}

static const char *put(const char *name, const char *text)
{
	static char paths[8][512];
	static int k;
	char *p = paths[k++ % 8];
	FILE *fp;

	snprintf(p, 512, "%s/%s", dir, name);
	if (strchr(name, '/')) {
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "mkdir -p '%.*s'",
			 (int)(strrchr(p, '/') - p), p);
		ck_assert_int_eq(tu_run(cmd, NULL), 0);
	}
	fp = fopen(p, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return p;
}

/* Two files: A defines ctx-a (current), cluster c1, user u1; B redefines
 * c1 (ignored: first file wins), adds ctx-b, c2, u2 and its own
 * current-context (ignored: A set it first). */
static const char file_a[] =
    "apiVersion: v1\n"
    "kind: Config\n"
    "current-context: ctx-a\n"
    "clusters:\n"
    "- name: c1\n"
    "  cluster:\n"
    "    server: https://a.example:6443/\n"
    "    certificate-authority: certs/ca.pem\n"
    "contexts:\n"
    "- name: ctx-a\n"
    "  context: {cluster: c1, user: u1, namespace: team-a}\n"
    "users:\n"
    "- name: u1\n"
    "  user:\n"
    "    tokenFile: tok\n";

static const char file_b[] =
    "apiVersion: v1\n"
    "kind: Config\n"
    "current-context: ctx-b\n"
    "clusters:\n"
    "- name: c1\n"
    "  cluster: {server: 'https://b-shadowed.example'}\n"
    "- name: c2\n"
    "  cluster:\n"
    "    server: https://c2.example\n"
    "    certificate-authority-data: SGVsbG8gQ0E=\n"
    "    tls-server-name: api.internal\n"
    "    proxy-url: socks5://proxy.example:1080\n"
    "contexts:\n"
    "- name: ctx-b\n"
    "  context: {cluster: c2, user: u2}\n"
    "users:\n"
    "- name: u2\n"
    "  user:\n"
    "    client-certificate-data: Q0VSVA==\n"
    "    client-key-data: S0VZ\n"
    "- name: u1\n"
    "  user: {token: shadowed}\n";

static int load(struct kube_target *t, struct diag *d,
		const struct kubeconfig_opts *o, struct arena **a)
{
	*a = arena_new();
	return kubeconfig_load(*a, o, t, d);
}

START_TEST(test_merge_first_wins)
{
	struct kubeconfig_opts o = { 0 };
	struct kube_target t;
	struct diag d;
	struct arena *a;
	char list[1200];
	const char *pa, *pb;

	put("a/certs/ca.pem", "CA-PEM-A\n");
	put("a/tok", "token-from-file\n");
	pa = put("a/config", file_a);
	pb = put("b.yaml", file_b);
	snprintf(list, sizeof(list), "%s/missing.yaml::%s:%s", dir, pa, pb);
	o.env_kubeconfig = list;
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert_str_eq(t.context, "ctx-a");
	ck_assert_str_eq(t.cluster_name, "c1");
	/* trailing slash dropped; c1 from the first file */
	ck_assert_str_eq(t.server, "https://a.example:6443");
	/* certificate-authority relative to a/config's directory */
	ck_assert_str_eq(t.ca, "CA-PEM-A\n");
	ck_assert_str_eq(t.token, "token-from-file");
	ck_assert_str_eq(t.namespace, "team-a");
	ck_assert_ptr_nonnull(strstr(t.origin, "b.yaml"));
	arena_free(a);

	/* --context picks the second file's context */
	o.context = "ctx-b";
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert_str_eq(t.server, "https://c2.example");
	ck_assert_str_eq(t.ca, "Hello CA");
	ck_assert_str_eq(t.cert, "CERT");
	ck_assert_str_eq(t.key, "KEY");
	ck_assert_uint_eq(t.key_len, 3);
	ck_assert_str_eq(t.tls_server_name, "api.internal");
	ck_assert_str_eq(t.proxy_url, "socks5://proxy.example:1080");
	ck_assert_ptr_null(t.token);
	arena_free(a);

	/* --user and --cluster replace the context's */
	o.context = "ctx-b";
	o.user = "u1";
	o.cluster = "c1";
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert_str_eq(t.server, "https://a.example:6443");
	ck_assert_str_eq(t.token, "token-from-file");
	arena_free(a);

	/* --kubeconfig wins over KUBECONFIG */
	memset(&o, 0, sizeof(o));
	o.env_kubeconfig = list;
	o.kubeconfig = pb;
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert_str_eq(t.context, "ctx-b");
	arena_free(a);
}
END_TEST

START_TEST(test_home_default_and_errors)
{
	struct kubeconfig_opts o = { 0 };
	struct kube_target t;
	struct diag d;
	struct arena *a;
	char home[300];

	put("home/.kube/tok", "x");
	snprintf(home, sizeof(home), "%s/home", dir);
	mkdir(home, 0700);
	put("home/.kube/config",
	    "{\"current-context\":\"c\",\"contexts\":[{\"name\":\"c\","
	    "\"context\":{\"cluster\":\"k\",\"user\":\"u\"}}],"
	    "\"clusters\":[{\"name\":\"k\",\"cluster\":{\"server\":"
	    "\"https://json.example\"}}],\"users\":[{\"name\":\"u\","
	    "\"user\":{\"token\":\"t\"}}]}");
	o.home = home;
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert_str_eq(t.server, "https://json.example");
	arena_free(a);

	o.context = "nope";
	ck_assert_int_eq(load(&t, &d, &o, &a), DIAG_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "context 'nope' not found"));
	arena_free(a);

	memset(&o, 0, sizeof(o));
	o.kubeconfig = "/nonexistent/kubeconfig";
	ck_assert_int_eq(load(&t, &d, &o, &a), DIAG_IO);
	ck_assert_ptr_nonnull(strstr(d.msg, "/nonexistent/kubeconfig"));
	arena_free(a);

	memset(&o, 0, sizeof(o));
	o.home = "/nonexistent-home";
	ck_assert_int_eq(load(&t, &d, &o, &a), DIAG_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "no kubeconfig found"));
	arena_free(a);
}
END_TEST

static const struct {
	const char *user;
	const char *field; /* must be named by the error */
} refused[] = {
	{ .user = "auth-provider: {name: oidc, config: {idp-issuer-url: x}}",
	  .field = "'auth-provider'" },
	{ .user = "username: admin\n    password: secret",
	  .field = "'username'" },
	{ .user = "password: secret", .field = "'password'" },
	{ .user = "as: someone-else", .field = "'as'" },
	{ .user = "client-certificate-data: Q0VSVA==",
	  .field = "no client key" },
	{ .user = "token: a\n    tokenFile: /nonexistent/token",
	  .field = "/nonexistent/token" },
	{ .user = "exec: {command: x}", .field = "exec apiVersion" },
	{ .user =
	      "exec: {apiVersion: client.authentication.k8s.io/v1, command: x}",
	  .field = "interactiveMode is required" },
	{ .user = "exec: {apiVersion: client.authentication.k8s.io/v1beta1, "
		  "command: "
		  "x, interactiveMode: Sometimes}",
	  .field = "'Sometimes'" },
	{ .user =
	      "client-key-data: '%%%'\n    client-certificate-data: Q0VSVA==",
	  .field = "not valid base64" },
};

START_TEST(test_refused_fields)
{
	struct kubeconfig_opts o = { 0 };
	struct kube_target t;
	struct diag d;
	struct arena *a;
	char text[1024];
	int rc;

	snprintf(text, sizeof(text),
		 "current-context: c\n"
		 "contexts: [{name: c, context: {cluster: k, user: u}}]\n"
		 "clusters: [{name: k, cluster: {server: 'https://k'}}]\n"
		 "users:\n"
		 "- name: u\n"
		 "  user:\n"
		 "    %s\n",
		 refused[_i].user);
	o.kubeconfig = put("refused.yaml", text);
	rc = load(&t, &d, &o, &a);
	ck_assert_msg(rc < 0, "case %d accepted", _i);
	ck_assert_msg(strstr(d.msg, refused[_i].field), "case %d: '%s'", _i,
		      d.msg);
	arena_free(a);
}
END_TEST

START_TEST(test_insecure_and_exec_fields)
{
	struct kubeconfig_opts o = { 0 };
	struct kube_target t;
	struct diag d;
	struct arena *a;

	put("plugins/get-token", "#!/bin/sh\n");
	o.kubeconfig =
	    put("exec.yaml",
		"current-context: c\n"
		"contexts: [{name: c, context: {cluster: k, user: u}}]\n"
		"clusters:\n"
		"- name: k\n"
		"  cluster:\n"
		"    server: https://k\n"
		"    insecure-skip-tls-verify: true\n"
		"    extensions:\n"
		"    - name: client.authentication.k8s.io/exec\n"
		"      extension: audience-x\n"
		"users:\n"
		"- name: u\n"
		"  user:\n"
		"    exec:\n"
		"      apiVersion: client.authentication.k8s.io/v1beta1\n"
		"      command: plugins/get-token\n"
		"      args: [--audience, k]\n"
		"      env: [{name: REGION, value: eu-1}]\n"
		"      provideClusterInfo: true\n");
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert(t.insecure);
	ck_assert_ptr_nonnull(t.exec);
	ck_assert_ptr_nonnull(strstr(t.exec->command, "/plugins/get-token"));
	ck_assert_int_eq(t.exec->command[0], '/');
	ck_assert_uint_eq(t.exec->nargs, 2);
	ck_assert_str_eq(t.exec->env[0], "REGION=eu-1");
	/* v1beta1 defaults interactiveMode to IfAvailable */
	ck_assert_str_eq(t.exec->interactive_mode, "IfAvailable");
	ck_assert(t.exec->provide_cluster_info);
	ck_assert_str_eq(node_text(t.exec->cluster_config), "audience-x");
	arena_free(a);

	/* a CA together with insecure-skip-tls-verify is refused, as kubectl */
	o.kubeconfig =
	    put("both.yaml",
		"current-context: c\n"
		"contexts: [{name: c, context: {cluster: k, user: u}}]\n"
		"clusters: [{name: k, cluster: {server: 'https://k', "
		"insecure-skip-tls-verify: true, certificate-authority-data: "
		"SGVsbG8=}}]\n"
		"users: [{name: u, user: {token: t}}]\n");
	ck_assert_int_eq(load(&t, &d, &o, &a), DIAG_CONFIG);
	arena_free(a);
}
END_TEST

START_TEST(test_in_cluster)
{
	struct kubeconfig_opts o = { 0 };
	struct kube_target t;
	struct diag d;
	struct arena *a;
	char sa[300];

	put("sa/token", "sa-token\n");
	put("sa/ca.crt", "SA-CA\n");
	put("sa/namespace", "payments\n");
	snprintf(sa, sizeof(sa), "%s/sa", dir);
	o.home = "/nonexistent-home";
	o.incluster_host = "10.96.0.1";
	o.incluster_port = "443";
	o.incluster_dir = sa;
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert(t.in_cluster);
	ck_assert_str_eq(t.server, "https://10.96.0.1:443");
	ck_assert_str_eq(t.token, "sa-token");
	ck_assert_str_eq(t.ca, "SA-CA\n");
	ck_assert_str_eq(t.namespace, "payments");
	arena_free(a);

	o.incluster_host = "fd00::1";
	ck_assert_msg(load(&t, &d, &o, &a) == 0, "%s", d.msg);
	ck_assert_str_eq(t.server, "https://[fd00::1]:443");
	arena_free(a);
}
END_TEST

START_TEST(test_base64)
{
	struct arena *a = arena_new();
	size_t n;
	const char *s = base64_encode(a, "any carnal pleas", 16);

	ck_assert_str_eq(s, "YW55IGNhcm5hbCBwbGVhcw==");
	ck_assert_str_eq(base64_decode(a, s, strlen(s), &n),
			 "any carnal pleas");
	ck_assert_uint_eq(n, 16);
	ck_assert_str_eq(base64_encode(a, "ab", 2), "YWI=");
	ck_assert_ptr_null(base64_decode(a, "a=b", 3, NULL));
	arena_free(a);
}
END_TEST

/* One kubeconfig in memory: relative paths resolve against its name. */
START_TEST(test_load_buffer)
{
	static const char cfg[] =
	    "current-context: m\n"
	    "clusters: [{name: m, cluster: {server: 'https://m.example/',"
	    " certificate-authority: ca.pem}}]\n"
	    "contexts: [{name: m, context: {cluster: m, user: m}}]\n"
	    "users: [{name: m, user: {token: t0k}}]\n";
	struct kubeconfig_opts o = { 0 };
	struct kube_target t;
	struct diag d;
	struct arena *a = arena_new();
	char name[300], bad[600];

	put("mem/ca.pem", "CA-MEM\n");
	snprintf(name, sizeof(name), "%s/mem/config", dir);
	ck_assert_msg(
	    kubeconfig_load_buffer(a, &o, name, cfg, strlen(cfg), &t, &d) == 0,
	    "%s", d.msg);
	ck_assert_str_eq(t.server, "https://m.example");
	ck_assert_str_eq(t.ca, "CA-MEM\n");
	ck_assert_str_eq(t.token, "t0k");
	ck_assert_str_eq(t.origin, name);

	/* a server URL without a host is refused where it is written */
	snprintf(bad, sizeof(bad),
		 "current-context: m\n"
		 "clusters: [{name: m, cluster: {server: 'https://'}}]\n"
		 "contexts: [{name: m, context: {cluster: m}}]\n");
	ck_assert_int_eq(
	    kubeconfig_load_buffer(a, &o, "k.yaml", bad, strlen(bad), &t, &d),
	    DIAG_CONFIG);
	ck_assert_ptr_nonnull(strstr(d.msg, "names no host"));
	ck_assert_str_eq(d.file, "k.yaml");
	ck_assert_uint_eq(d.line, 2);
	arena_free(a);
}
END_TEST

Suite *suite_kubeconfig(void)
{
	Suite *s = suite_create("kubeconfig");
	TCase *tc = tcase_create("kubeconfig");

	tcase_add_checked_fixture(tc, kc_setup, kc_teardown);
	tcase_add_test(tc, test_merge_first_wins);
	tcase_add_test(tc, test_home_default_and_errors);
	tcase_add_loop_test(tc, test_refused_fields, 0,
			    sizeof(refused) / sizeof(refused[0]));
	tcase_add_test(tc, test_insecure_and_exec_fields);
	tcase_add_test(tc, test_in_cluster);
	tcase_add_test(tc, test_base64);
	tcase_add_test(tc, test_load_buffer);
	suite_add_tcase(s, tc);
	return s;
}
