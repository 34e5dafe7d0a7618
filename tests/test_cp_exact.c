/*
 * test_cp_exact.c - control-plane command lines read as the components
 * parse them: list flags that add up over their occurrences, flags a
 * config file makes ignored, what the kubelet's drop-in directory leaves
 * unknown, etcd's flags from its environment, the insecure port by the
 * version of the API server's image.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

static bool cp_checks(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strncmp(c->id, "apiserver-", 10) ||
	       !strncmp(c->id, "control-plane-", 14) ||
	       !strncmp(c->id, "etcd-", 5) ||
	       (!strncmp(c->id, "kubelet-", 8) &&
		strcmp(c->id, "kubelet-subpath-cve") != 0);
}

static const struct {
	const char *prog; /* container name and program */
	const char *args; /* flow list after the program */
	const char *fires, *silent;
} lines[] = {
	/* pflag string slices: a second occurrence adds to the first */
	{ "kube-apiserver",
	  "[--authorization-mode=AlwaysAllow, --authorization-mode=Node,RBAC]",
	  "apiserver-authorization-mode", NULL },
	{ "kube-apiserver",
	  "[--authorization-mode=Node, --authorization-mode=RBAC]", NULL,
	  "apiserver-authorization-mode" },
	{ "kube-apiserver",
	  "[--authorization-mode, Node, --authorization-mode, RBAC]", NULL,
	  "apiserver-authorization-mode" },
	{ "kube-apiserver",
	  "[--enable-admission-plugins=NodeRestriction, "
	  "--enable-admission-plugins=PodSecurity]",
	  NULL, "apiserver-node-restriction" },
	{ "kube-apiserver",
	  "[--enable-admission-plugins=PodSecurity, "
	  "--disable-admission-plugins=NodeRestriction, "
	  "--disable-admission-plugins=DefaultStorageClass]",
	  "apiserver-node-restriction", NULL },
	{ "kube-apiserver",
	  "[--enable-admission-plugins=AlwaysAdmit, "
	  "--enable-admission-plugins=NodeRestriction]",
	  "apiserver-always-admit", NULL },
	/* NodeRestriction is not among the default-on plugins */
	{ "kube-apiserver", "[--enable-admission-plugins=PodSecurity]",
	  "apiserver-node-restriction", NULL },
	/* a hidden occurrence may add RBAC or NodeRestriction */
	{ "kube-apiserver",
	  "[--authorization-mode=Node, \"$EXTRA\", "
	  "--enable-admission-plugins=PodSecurity]",
	  NULL, "apiserver-node-restriction" },
	{ "kube-apiserver", "[--authorization-mode=Node, \"$EXTRA\"]", NULL,
	  "apiserver-authorization-mode" },
	/* the kubelet's cipher suites are a string slice too */
	{ "kubelet",
	  "[--config=/var/lib/kubelet/config.yaml, "
	  "--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA, "
	  "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]",
	  "kubelet-tls", NULL },
	/* its --authorization-mode is a plain string: the last one wins */
	{ "kubelet",
	  "[--config=/var/lib/kubelet/config.yaml, "
	  "--authorization-mode=AlwaysAllow, --authorization-mode=Webhook]",
	  NULL, "kubelet-authorization-mode" },
	/* drop-ins of --config-dir override the file and the defaults: what
	 * flags do not say is unknown; an empty value names no directory */
	{ "kubelet", "[--config-dir=/etc/kubernetes/kubelet.conf.d]", NULL,
	  "kubelet-authorization-mode" },
	{ "kubelet",
	  "[--config-dir, /etc/kubernetes/kubelet.conf.d, "
	  "--read-only-port=10255]",
	  "kubelet-read-only-port", "kubelet-anonymous-auth" },
	{ "kubelet", "[--config-dir=]", "kubelet-authorization-mode", NULL },
};

START_TEST(test_command_lines)
{
	char text[1400];
	struct tu_checks r;

	snprintf(text, sizeof(text),
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: cp, namespace: kube-system}\n"
		 "spec:\n  containers:\n  - name: %s\n"
		 "    image: registry.k8s.io/%s:v1.30.2\n"
		 "    command: [%s]\n    args: %s\n",
		 lines[_i].prog, lines[_i].prog, lines[_i].prog,
		 lines[_i].args);
	tu_checks_run(&r, tu_scan_text(text), check_registry, cp_checks, NULL);
	if (lines[_i].fires)
		ck_assert_msg(tu_checks_find(&r, lines[_i].fires) != NULL,
			      "case %d: %s silent", _i, lines[_i].fires);
	if (lines[_i].silent)
		ck_assert_msg(tu_checks_find(&r, lines[_i].silent) == NULL,
			      "case %d: %s fired", _i, lines[_i].silent);
	tu_checks_release(&r);
}
END_TEST

/*
 * The evidence of a repeated list flag is the occurrence that holds the
 * item: the AlwaysAllow word, not the later, harmless one.
 */
START_TEST(test_list_evidence)
{
	const char *p = "testdata/checks/apiserver-authorization-mode/fire/"
			"repeated-flag.yaml";
	const struct finding *fd;
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(&p, 1), check_registry, cp_checks,
		      NULL);
	fd = tu_checks_find(&r, "apiserver-authorization-mode");
	ck_assert_ptr_nonnull(fd);
	ck_assert_int_eq(fd->severity, SEV_CRITICAL);
	ck_assert_str_eq(fd->ev[0].value, "--authorization-mode=AlwaysAllow");
	tu_checks_release(&r);
}
END_TEST

/*
 * kube-scheduler ignores --profiling when --config names a file: the
 * file's enableProfiling (true unless written false) decides either way.
 */
START_TEST(test_scheduler_config_over_flag)
{
	const char *fire = "testdata/checks/control-plane-profiling/fire/"
			   "scheduler-config-ignores-flag.yaml";
	const char *silent = "testdata/checks/control-plane-profiling/silent/"
			     "scheduler-config-over-flag.yaml";
	const struct finding *fd;
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(&fire, 1), check_registry, cp_checks,
		      NULL);
	fd = tu_checks_find(&r, "control-plane-profiling");
	ck_assert_ptr_nonnull(fd);
	ck_assert_ptr_nonnull(strstr(fd->message, "--profiling is ignored"));
	ck_assert_str_eq(fd->ev[0].value,
			 "--config=/etc/kubernetes/scheduler-config.yaml");
	tu_checks_release(&r);
	tu_checks_run(&r, tu_scan_paths(&silent, 1), check_registry, cp_checks,
		      NULL);
	ck_assert_ptr_null(tu_checks_find(&r, "control-plane-profiling"));
	tu_checks_release(&r);
}
END_TEST

/*
 * Each scheduler is judged by the configuration its --config names, not
 * by the first one of the input: cp1's file turns profiling off, cp2's
 * leaves it on.
 */
START_TEST(test_scheduler_config_named)
{
	const char *p[3] = {
		"testdata/controlplane/scheduler/sched-default.yaml",
		"testdata/controlplane/scheduler/sched-quiet.yaml",
		"testdata/controlplane/scheduler/pod.yaml"
	};
	const struct finding *fd;
	struct tu_checks r;
	size_t i;

	tu_checks_run(&r, tu_scan_paths(p, 3), check_registry, cp_checks, NULL);
	fd = tu_checks_find(&r, "control-plane-profiling");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->obj->name, "kube-scheduler-cp2");
	ck_assert_ptr_nonnull(strstr(fd->message, "sched-default.yaml"));
	for (i = 0; i < r.f.n; i++)
		ck_assert(
		    strcmp(r.f.v[i]->check->id, "control-plane-profiling") ||
		    r.f.v[i] == fd);
	tu_checks_release(&r);
}
END_TEST

/*
 * A KubeletConfiguration from a drop-in directory ("*.d/", or a ".conf"
 * file) is judged for what it sets; what it leaves unset is the base
 * file's, which the input lacks.
 */
START_TEST(test_kubelet_dropin_alone)
{
	const char *p = "testdata/controlplane/kubelet.conf.d/20-logging.yaml";
	struct tu_checks r;

	tu_checks_run(&r, tu_scan_paths(&p, 1), check_registry, cp_checks,
		      NULL);
	ck_assert_ptr_nonnull(tu_checks_find(&r, "kubelet-read-only-port"));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-cert-rotation"));
	ck_assert_ptr_null(
	    tu_checks_find(&r, "kubelet-protect-kernel-defaults"));
	tu_checks_release(&r);
}
END_TEST

static const struct {
	const char *env; /* flow list of the etcd container's env */
	const char *args;
	const char *fires, *silent;
} etcds[] = {
	/* etcd reads ETCD_<FLAG> for a flag its command line lacks */
	{ "[{name: ETCD_CLIENT_CERT_AUTH, value: \"true\"}]", "[]", NULL,
	  "etcd-client-cert-auth" },
	{ "[{name: ETCD_CLIENT_CERT_AUTH, value: \"1\"}, "
	  "{name: ETCD_AUTO_TLS, value: \"true\"}]",
	  "[]", "etcd-client-cert-auth", NULL },
	{ "[{name: ETCD_CLIENT_CERT_AUTH, value: \"false\"}]", "[]",
	  "etcd-client-cert-auth", NULL },
	/* an empty value is not used */
	{ "[{name: ETCD_CLIENT_CERT_AUTH, value: \"\"}]", "[]",
	  "etcd-client-cert-auth", NULL },
	/* a value the input does not show */
	{ "[{name: ETCD_CLIENT_CERT_AUTH, valueFrom: {configMapKeyRef: "
	  "{name: etcd, key: cca}}}]",
	  "[]", NULL, "etcd-client-cert-auth" },
	/* a config file replaces flags and variables alike */
	{ "[{name: ETCD_CONFIG_FILE, value: /etc/etcd/etcd.yaml}]",
	  "[--client-cert-auth=false]", NULL, "etcd-client-cert-auth" },
	{ "[]", "[--config-file, /etc/etcd/etcd.yaml, --peer-auto-tls]", NULL,
	  "etcd-peer-tls" },
	{ "[]", "[--config-file=, --client-cert-auth=false]",
	  "etcd-client-cert-auth", NULL },
};

START_TEST(test_etcd_env)
{
	char text[1400];
	struct tu_checks r;

	snprintf(text, sizeof(text),
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: etcd-cp1, namespace: kube-system}\n"
		 "spec:\n  containers:\n  - name: etcd\n"
		 "    image: registry.k8s.io/etcd:3.5.15-0\n"
		 "    command: [etcd]\n    args: %s\n    env: %s\n",
		 etcds[_i].args, etcds[_i].env);
	tu_checks_run(&r, tu_scan_text(text), check_registry, cp_checks, NULL);
	if (etcds[_i].fires)
		ck_assert_msg(tu_checks_find(&r, etcds[_i].fires) != NULL,
			      "case %d: %s silent", _i, etcds[_i].fires);
	if (etcds[_i].silent)
		ck_assert_msg(tu_checks_find(&r, etcds[_i].silent) == NULL,
			      "case %d: %s fired", _i, etcds[_i].silent);
	tu_checks_release(&r);
}
END_TEST

static const struct {
	const char *image, *args;
	bool fires;
} ports[] = {
	/* the tag's version decides: before 1.20 the port defaults to 8080,
	 * from 1.20 a port other than 0 keeps the API server from starting */
	{ "k8s.gcr.io/kube-apiserver:v1.19.16", "[]", true },
	{ "k8s.gcr.io/hyperkube:v1.17.0", "[]", true },
	{ "registry.k8s.io/kube-apiserver:v1.30.2-eks-1", "[]", false },
	{ "registry.k8s.io/kube-apiserver:v1.23.0", "[--insecure-port=8080]",
	  false },
	{ "k8s.gcr.io/kube-apiserver:v1.19.16", "[--insecure-port=0]", false },
	/* no version: a port other than 0 counts, an absent flag does not */
	{ "registry.k8s.io/kube-apiserver@sha256:0123", "[--insecure-port=1]",
	  true },
	{ "registry.k8s.io/kube-apiserver:latest", "[]", false },
	{ "registry.example.com/kube-apiserver:v1.19.16", "[\"$FLAGS\"]",
	  false },
};

START_TEST(test_insecure_port_versions)
{
	char text[1000];
	struct tu_checks r;
	bool hyper = strstr(ports[_i].image, "hyperkube") != NULL;

	snprintf(text, sizeof(text),
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: api, namespace: kube-system}\n"
		 "spec:\n  containers:\n  - name: kube-apiserver\n"
		 "    image: %s\n"
		 "    command: [%s]\n    args: %s\n",
		 ports[_i].image,
		 hyper ? "hyperkube, apiserver" : "kube-apiserver",
		 ports[_i].args);
	tu_checks_run(&r, tu_scan_text(text), check_registry, cp_checks, NULL);
	ck_assert_msg((tu_checks_find(&r, "apiserver-insecure-port") != NULL) ==
			  ports[_i].fires,
		      "case %d", _i);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_cp_exact(void)
{
	Suite *s = suite_create("cp_exact");
	TCase *t = tcase_create("flags");

	tcase_add_loop_test(t, test_command_lines, 0,
			    (int)(sizeof(lines) / sizeof(lines[0])));
	tcase_add_test(t, test_list_evidence);
	tcase_add_test(t, test_scheduler_config_over_flag);
	tcase_add_test(t, test_scheduler_config_named);
	tcase_add_test(t, test_kubelet_dropin_alone);
	tcase_add_loop_test(t, test_insecure_port_versions, 0,
			    (int)(sizeof(ports) / sizeof(ports[0])));
	tcase_add_loop_test(t, test_etcd_env, 0,
			    (int)(sizeof(etcds) / sizeof(etcds[0])));
	suite_add_tcase(s, t);
	return s;
}
