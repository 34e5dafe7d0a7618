/*
 * test_controlplane.c - control-plane flags read from pod templates, the
 * kubelet from KubeletConfiguration files and from a live /configz, real
 * manifests (../shared/k8s-real/control-plane), and "not visible" for a
 * control plane the input does not show.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "analysis/controlplane.h"
#include "testutil.h"

static const struct cp_proc *one_proc(struct scan *s, enum cp_component c)
{
	const struct cp_proc *p;
	size_t n = cp_find(s, s->arena, c, &p);

	ck_assert_uint_eq(n, 1);
	return p;
}

static const char *flag(const struct cp_proc *p, const char *name)
{
	const struct cp_flag *f = cp_flag(p, name);

	return f ? f->value : NULL;
}

START_TEST(test_flag_forms)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	    "kube-system}\nspec:\n  containers:\n  - name: kube-apiserver\n"
	    "    image: registry.k8s.io/kube-apiserver:v1.30.2\n"
	    "    command: [/usr/local/bin/kube-apiserver]\n"
	    "    args: [--profiling, --authorization-mode, 'Node,RBAC',\n"
	    "           --anonymous-auth=true, --anonymous-auth=false,\n"
	    "           --anonymous-auth, --v=2, -secure-port, '6443']\n");
	const struct cp_proc *p = one_proc(s, CP_APISERVER);

	ck_assert_str_eq(flag(p, "profiling"), "true");
	ck_assert_str_eq(flag(p, "authorization-mode"), "Node,RBAC");
	/* a bare boolean never takes the next word; the last one wins */
	ck_assert_str_eq(flag(p, "anonymous-auth"), "true");
	ck_assert_str_eq(flag(p, "secure-port"), "6443");
	ck_assert_str_eq(cp_flag(p, "authorization-mode")->path,
			 "spec.containers[0].args[1]");
	ck_assert(!p->opaque);
	ck_assert_str_eq(p->container, "kube-apiserver");
	ck_assert(cp_list_has("Node, RBAC", "RBAC"));
	ck_assert(!cp_list_has("Node,RBACX", "RBAC"));
	ck_assert_uint_eq(cp_find(s, s->arena, CP_ETCD, &p), 0);
	scan_free(s);
}
END_TEST

/* The same processes, flags and paths as found with and without the index. */
static void same_procs(const struct cp_proc *a, size_t na,
		       const struct cp_proc *b, size_t nb)
{
	size_t i, j;

	ck_assert_uint_eq(na, nb);
	for (i = 0; i < na; i++) {
		ck_assert_ptr_eq(a[i].obj, b[i].obj);
		ck_assert_str_eq(a[i].container, b[i].container);
		ck_assert_str_eq(a[i].cmd_path, b[i].cmd_path);
		ck_assert_uint_eq(a[i].nflags, b[i].nflags);
		for (j = 0; j < a[i].nflags; j++) {
			ck_assert_str_eq(a[i].flags[j].name,
					 b[i].flags[j].name);
			ck_assert_str_eq(a[i].flags[j].value,
					 b[i].flags[j].value);
			ck_assert_str_eq(a[i].flags[j].path,
					 b[i].flags[j].path);
		}
	}
}

START_TEST(test_index)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a}\n"
	    "spec:\n  containers:\n  - {name: web, image: nginx:1.27}\n"
	    "  - {name: proxy, image: registry.k8s.io/kube-proxy:v1.30.2}\n"
	    "---\napiVersion: v1\nkind: Pod\n"
	    "metadata: {name: cp, namespace: kube-system}\nspec:\n"
	    "  containers:\n  - name: etcd\n"
	    "    image: registry.k8s.io/etcd:3.5.12-0\n"
	    "    command: [etcd, --client-cert-auth=true]\n"
	    "  - name: api\n    image: registry.k8s.io/pause:3.9\n"
	    "    command: [sh, -c, 'exec kube-apiserver --profiling=false']\n"
	    "---\napiVersion: apps/v1\nkind: DaemonSet\n"
	    "metadata: {name: h, namespace: kube-system}\nspec:\n"
	    "  template:\n    spec:\n      containers:\n"
	    "      - {name: s, image: hyperkube:v1.18.0,\n"
	    "         command: [hyperkube, scheduler, --profiling]}\n");
	struct scan_lazy *lazy = s->lazy;
	const struct cp_proc *a, *b;
	size_t k, na, nb;

	ck_assert_ptr_nonnull(lazy);
	/* the etcd, apiserver and hyperkube containers, not the rest */
	ck_assert_uint_eq(cp_index_count(s), 3);
	for (k = 0; k < CP_COMPONENTS; k++) {
		na = cp_find(s, s->arena, (enum cp_component)k, &a);
		s->lazy = NULL; /* no index: every container of every pod */
		ck_assert_uint_eq(cp_index_count(s), 0);
		nb = cp_find(s, s->arena, (enum cp_component)k, &b);
		s->lazy = lazy;
		same_procs(a, na, b, nb);
		ck_assert_uint_eq(na, k == CP_APISERVER || k == CP_ETCD ||
					  k == CP_SCHEDULER);
	}
	ck_assert_str_eq(flag(one_proc(s, CP_APISERVER), "profiling"), "false");
	ck_assert_str_eq(one_proc(s, CP_SCHEDULER)->container, "s");
	scan_free(s);
}
END_TEST

START_TEST(test_shell_and_templates)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: e}\n"
	    "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n"
	    "    metadata: {labels: {a: b}}\n    spec:\n      containers:\n"
	    "      - name: etcd\n        image: etcd\n"
	    "        command: [/bin/sh, -c, \"exec /usr/local/bin/etcd "
	    "--client-cert-auth=false --data-dir '/var/etcd/data' "
	    "{{etcd_extra}} 1>>/var/log/etcd.log 2>&1\"]\n");
	const struct cp_proc *p = one_proc(s, CP_ETCD);

	ck_assert_str_eq(flag(p, "client-cert-auth"), "false");
	ck_assert_str_eq(flag(p, "data-dir"), "/var/etcd/data");
	ck_assert(p->opaque);
	ck_assert_str_eq(cp_flag(p, "data-dir")->path,
			 "spec.template.spec.containers[0].command[2]");
	scan_free(s);
}
END_TEST

/*
 * A script whose first command is not the component: the component is the
 * first command after "exec", a ";", "&&", "||", "then", "do" or "else";
 * a component's name given to another program is not one.
 */
START_TEST(test_script_commands)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: e, namespace: "
	    "kube-system}\nspec:\n  containers:\n"
	    "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.17-0\n"
	    "    command: [/bin/sh, -c, \"if [ -e /m.sh ]; then /m.sh; fi; "
	    "exec /usr/local/bin/etcd --listen-peer-urls "
	    "http://10.0.0.2:2380 --data-dir /var/etcd/data\"]\n"
	    "  - name: side\n    image: busybox:1.36\n"
	    "    command: [sh, -c, \"echo kube-apiserver; sleep 10 && "
	    "echo kube-scheduler\"]\n");
	const struct cp_proc *p = one_proc(s, CP_ETCD);

	ck_assert_str_eq(flag(p, "listen-peer-urls"), "http://10.0.0.2:2380");
	ck_assert_str_eq(flag(p, "data-dir"), "/var/etcd/data");
	ck_assert_ptr_null(cp_flag(p, "e"));
	ck_assert_str_eq(p->container, "etcd");
	ck_assert(!p->opaque);
	ck_assert_uint_eq(cp_find(s, s->arena, CP_APISERVER, &p), 0);
	ck_assert_uint_eq(cp_find(s, s->arena, CP_SCHEDULER, &p), 0);
	scan_free(s);
}
END_TEST

/* Run every check on a scan; count one check's findings. */
static size_t run_count(struct scan *s, const char *id, enum check_status *st,
			const char **why)
{
	struct findings f;
	struct check_result *res;
	size_t n, i, cnt = 0;

	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &res, &n),
			 0);
	for (i = 0; i < f.n; i++)
		cnt += !strcmp(f.v[i]->check->id, id);
	for (i = 0; i < n; i++)
		if (!strcmp(res[i].check->id, id)) {
			*st = res[i].status;
			if (why)
				*why = res[i].why;
		}
	free(res);
	findings_release(&f);
	return cnt;
}

/*
 * Boolean flags are read as the components parse them (Go's ParseBool):
 * --anonymous-auth=1 serves anonymous requests, --peer-client-cert-auth=T
 * requires peer certificates.
 */
START_TEST(test_flag_booleans)
{
	static const char *const yes[] = {
		"1", "t", "T", "TRUE", "true", "True"
	};
	static const char *const no[] = {
		"0",	 "f",	"F", "FALSE", "false",
		"False", "yes", "",  "on",    "tRUE"
	};
	enum check_status st;
	struct scan *s;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(cp_true(yes[i]), "%s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!cp_true(no[i]), "%s", no[i]);
	ck_assert(!cp_true(NULL));

	s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	    "kube-system}\nspec:\n  containers:\n  - name: kube-apiserver\n"
	    "    image: registry.k8s.io/kube-apiserver:v1.30.2\n"
	    "    command: [kube-apiserver, --anonymous-auth=1]\n"
	    "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.17-0\n"
	    "    command: [etcd, --peer-client-cert-auth=T,\n"
	    "              '--listen-peer-urls=https://10.0.0.2:2380']\n");
	ck_assert_uint_eq(run_count(s, "apiserver-anonymous-auth", &st, NULL),
			  1);
	scan_free(s);
	s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: "
	    "kube-system}\nspec:\n  containers:\n"
	    "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.17-0\n"
	    "    command: [etcd, --peer-client-cert-auth=T,\n"
	    "              '--listen-peer-urls=https://10.0.0.2:2380']\n");
	ck_assert_uint_eq(run_count(s, "etcd-peer-tls", &st, NULL), 0);
	ck_assert_int_eq(st, CHECK_PASSED);
	scan_free(s);
}
END_TEST

START_TEST(test_managed_not_visible)
{
	static const char *const ids[] = {
		"apiserver-anonymous-auth",	"etcd-client-cert-auth",
		"control-plane-profiling",	"kubelet-read-only-port",
		"apiserver-encryption-at-rest",
	};
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: "
	    "kube-system}\nspec:\n  containers:\n  - {name: app, image: "
	    "nginx}\n");
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		enum check_status st = CHECK_PASSED;
		const char *why = NULL;
		ck_assert_uint_eq(run_count(s, ids[i], &st, &why), 0);
		ck_assert_msg(st == CHECK_NOT_VISIBLE, "%s is %s", ids[i],
			      check_status_name(st));
		ck_assert_ptr_nonnull(why);
	}
	scan_free(s);
}
END_TEST

/* ---- real manifests ---- */

static struct scan *shared_scan(const char *shared, const char *file)
{
	char path[700];
	const char *p = path;

	snprintf(path, sizeof(path), "%s/k8s-real/control-plane/%s", shared,
		 file);
	return tu_scan_paths(&p, 1);
}

START_TEST(test_real_gce_scheduler)
{
	TU_NEED_SHARED(shared);
	struct scan *s =
	    shared_scan(shared, "kubernetes-gce/kube-scheduler.manifest");
	const struct cp_proc *p = one_proc(s, CP_SCHEDULER);
	enum check_status st;

	/* "exec /usr/local/bin/kube-scheduler {{params}} ..." */
	ck_assert(p->opaque);
	ck_assert_str_eq(p->container, "kube-scheduler");
	ck_assert_uint_eq(run_count(s, "control-plane-profiling", &st, NULL),
			  0);
	ck_assert_int_eq(st, CHECK_PASSED);
	ck_assert_uint_eq(run_count(s, "apiserver-anonymous-auth", &st, NULL),
			  0);
	ck_assert_int_eq(st, CHECK_NOT_VISIBLE);
	scan_free(s);
}
END_TEST

START_TEST(test_real_konnectivity_is_no_component)
{
	TU_NEED_SHARED(shared);
	struct scan *s =
	    shared_scan(shared, "website/konnectivity-server.yaml");
	const struct cp_proc *p;
	size_t k;

	ck_assert_uint_ge(inventory_size(s->inv), 1);
	for (k = 0; k < CP_COMPONENTS; k++)
		ck_assert_uint_eq(
		    cp_find(s, s->arena, (enum cp_component)k, &p), 0);
	scan_free(s);
}
END_TEST

static const char *const kubelet_ids[] = {
	"kubelet-anonymous-auth",
	"kubelet-authorization-mode",
	"kubelet-read-only-port",
	"kubelet-cert-rotation",
};

START_TEST(test_real_eks_kubelet)
{
	static const char *const files[] = {
		"amazon-eks-ami/templates__al2__runtime__kubelet-config.json",
		"amazon-eks-ami/nodeadm__test__e2e__cases__kubelet-config-dir__"
		"expected-kubelet-config.json",
	};
	size_t f, i;
	TU_NEED_SHARED(shared);

	for (f = 0; f < 2; f++) {
		struct scan *s = shared_scan(shared, files[f]);
		size_t n;
		inventory_kind(s->inv, "KubeletConfiguration", &n);
		ck_assert_msg(n == 1, "%s: %zu configs", files[f], n);
		for (i = 0; i < 4; i++) {
			enum check_status st;
			size_t got = run_count(s, kubelet_ids[i], &st, NULL);
			/* the nodeadm config leaves certificates to flags */
			if (f == 1 && i == 3)
				continue;
			ck_assert_msg(got == 0 && st == CHECK_PASSED,
				      "%s on %s: %zu", kubelet_ids[i], files[f],
				      got);
		}
		scan_free(s);
	}
}
END_TEST

START_TEST(test_real_minimal_kubelet)
{
	TU_NEED_SHARED(shared);
	struct scan *s =
	    shared_scan(shared, "website/kubelet-config-file-1.yaml");
	enum check_status st;
	size_t i;

	/* only evictionHard: the config file defaults are safe except that
	 * certificates are not rotated */
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(run_count(s, kubelet_ids[i], &st, NULL), 0);
	ck_assert_uint_eq(run_count(s, "kubelet-cert-rotation", &st, NULL), 1);
	ck_assert_str_eq(inventory_object(s->inv, 0)->name,
			 "kubelet-config-file-1.yaml");
	scan_free(s);
}
END_TEST

/* ---- live: /configz only with --kubelet-config ---- */

static int bin_run(char **out, const char *args)
{
	char home[600];
	const struct tu_run_opts o = { .env = home };

	snprintf(home, sizeof(home), "HOME='%s'", live_tmp);
	return tu_runf_opts(out, &o, "%s", args);
}

static void live_kubeconfig(const struct srv *s, char *kc, size_t n)
{
	char cluster[1200];

	snprintf(kc, n, "%s/kc.json", live_dir("cp-kc"));
	snprintf(cluster, sizeof(cluster),
		 "\"server\":\"https://localhost:%d\","
		 "\"certificate-authority\":\"%s/ca.crt\"",
		 s->port, live_certs);
	write_kubeconfig(kc, cluster, "\"token\":\"admin-token\"");
}

START_TEST(test_live_configz)
{
	struct srv s;
	char kc[700], args[1400], *out, *log;
	int rc;

	srv_start(&s, NULL);
	live_kubeconfig(&s, kc, sizeof(kc));
	snprintf(args, sizeof(args),
		 "scan --kubeconfig %s --checks kubelet-read-only-port -o json",
		 kc);
	rc = bin_run(&out, args);
	log = srv_log(&s);
	ck_assert_msg(!strstr(log, "configz"), "configz read by default");
	ck_assert_msg(strstr(out, "\"notVisible\": 1") ||
			  strstr(out, "\"notVisible\":1"),
		      "kubelet check visible without configs: %s", out);
	free(out);
	free(log);
	snprintf(args, sizeof(args),
		 "scan --kubeconfig %s --kubelet-config --checks "
		 "kubelet-read-only-port -o json",
		 kc);
	rc = bin_run(&out, args);
	ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "read-only port 10255"));
	ck_assert_ptr_nonnull(
	    strstr(out, "/api/v1/nodes/node-1/proxy/configz"));
	log = srv_log(&s);
	ck_assert_ptr_nonnull(
	    strstr(log, "/api/v1/nodes/node-1/proxy/configz"));
	free(out);
	free(log);
	srv_stop(&s);
}
END_TEST

START_TEST(test_live_configz_forbidden)
{
	struct srv s;
	char kc[700], args[1400], *out;
	int rc;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"},"
		      "\"forbid\":{\"admin\":[\"nodes/proxy\"]}}");
	live_kubeconfig(&s, kc, sizeof(kc));
	snprintf(args, sizeof(args),
		 "scan --kubeconfig %s --kubelet-config --checks "
		 "kubelet-read-only-port",
		 kc);
	rc = bin_run(&out, args);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "nodes/proxy is not allowed"));
	ck_assert_ptr_nonnull(strstr(out, "not visible"));
	free(out);
	srv_stop(&s);
}
END_TEST

Suite *suite_controlplane(void)
{
	Suite *s = suite_create("controlplane");
	TCase *tc = tcase_create("flags");
	TCase *live = tcase_create("live");

	tcase_add_test(tc, test_flag_forms);
	tcase_add_test(tc, test_index);
	tcase_add_test(tc, test_shell_and_templates);
	tcase_add_test(tc, test_script_commands);
	tcase_add_test(tc, test_flag_booleans);
	tcase_add_test(tc, test_managed_not_visible);
	tcase_add_test(tc, test_real_gce_scheduler);
	tcase_add_test(tc, test_real_konnectivity_is_no_component);
	tcase_add_test(tc, test_real_eks_kubelet);
	tcase_add_test(tc, test_real_minimal_kubelet);
	suite_add_tcase(s, tc);
	tcase_add_unchecked_fixture(live, live_certs_setup,
				    live_certs_teardown);
	tcase_set_timeout(live, 60);
	tcase_add_test(live, test_live_configz);
	tcase_add_test(live, test_live_configz_forbidden);
	suite_add_tcase(s, live);
	return s;
}
