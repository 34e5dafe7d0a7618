/*
 * The check registry and every check: table invariants, the firing and
 * silent fixtures of each check (testdata/checks/<id>/{fire,silent}),
 * targeted assertions per check, real public manifests, and the demo
 * cluster.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "matrix.h"
#include "node.h"
#include "scan.h"
#include "testutil.h"

#define FIXTURES "testdata/checks"

/* ---- helpers ---- */

struct run {
	struct scan *scan;
	struct findings f;
	struct check_result *res;
	size_t nres;
};

/* The registries every run of this suite trusts (--trusted-registries). */
static const char *const test_trusted[] = { "registry.example.com",
					    "docker.io/library" };

/* Load paths, run only check c (all checks when NULL). */
static void run_paths(struct run *r, const struct check *c,
		      const char *const *paths, size_t n)
{
	const struct check *one[] = { c, NULL };
	size_t i;

	r->scan = tu_scan_paths(paths, n);
	r->scan->trusted_registries = test_trusted;
	r->scan->ntrusted_registries = 2;
	for (i = 0; i < r->scan->errors.n; i++) {
		char buf[1024];
		ck_abort_msg(
		    "load error: %s",
		    diag_format(&r->scan->errors.v[i], buf, sizeof(buf)));
	}
	findings_init(&r->f, r->scan->arena);
	ck_assert_int_eq(scan_run(r->scan, c ? one : check_registry, NULL, NULL,
				  &r->f, &r->res, &r->nres),
			 0);
}

static void run_release(struct run *r)
{
	findings_release(&r->f);
	free(r->res);
	scan_free(r->scan);
}

static size_t count_check(const struct run *r, const struct check *c)
{
	size_t i, n = 0;

	for (i = 0; i < r->f.n; i++)
		if (r->f.v[i]->check == c)
			n++;
	return n;
}

static bool is_kebab(const char *s)
{
	const char *p;

	if (!s[0] || s[0] == '-' || s[strlen(s) - 1] == '-')
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      (*p == '-' && p[1] != '-')))
			return false;
	return true;
}

/*
 * ATT&CK ids a check may list: Microsoft's mapping of its techniques, plus
 * the ids the reference data allows checks to claim as their own.
 */
static const char *const extra_attack[] = {
	"T1098.006",
	"T1611",
	"T1609",
	"T1059.013",
	"T1204.003",
	"T1543.005",
	"T1612",
	"T1078.001",
	/* kubeconfig files: MS-TA9003 has no ATT&CK mapping of its own */
	"T1552.001",
	/* SSH servers: MS-TA9010 has no ATT&CK mapping of its own */
	"T1133",
	NULL,
};

static bool attack_allowed(const struct check *c, const char *id)
{
	const char *const *t, *const *a;

	for (a = extra_attack; *a; a++)
		if (!strcmp(*a, id))
			return true;
	for (t = c->techniques; *t; t++) {
		const struct mx_technique *mt = matrix_technique(*t);
		for (a = mt ? mt->attack_ids : NULL; a && *a; a++)
			if (!strcmp(*a, id))
				return true;
	}
	return false;
}

/* ---- (a) the registry ---- */

START_TEST(test_registry_table)
{
	const struct check *const *c, *const *d;
	size_t n = 0;

	for (c = check_registry; *c; c++, n++) {
		const char *const *t;
		size_t nt = 0, na = 0;

		ck_assert_msg(is_kebab((*c)->id), "id '%s' not kebab-case",
			      (*c)->id);
		for (d = check_registry; d != c; d++)
			ck_assert_msg(strcmp((*d)->id, (*c)->id) != 0,
				      "duplicate id '%s'", (*c)->id);
		ck_assert_ptr_eq(check_find((*c)->id), *c);
		ck_assert_msg((*c)->title && (*c)->title[0], "%s: no title",
			      (*c)->id);
		ck_assert_msg((*c)->rationale && strlen((*c)->rationale) > 80,
			      "%s: rationale missing or short", (*c)->id);
		ck_assert_msg((*c)->remediation &&
				  strlen((*c)->remediation) > 40,
			      "%s: remediation missing or short", (*c)->id);
		ck_assert_msg((*c)->needs != 0, "%s: needs nothing", (*c)->id);
		ck_assert_msg((*c)->severity > SEV_NONE &&
				  (*c)->severity <= SEV_CRITICAL,
			      "%s: severity", (*c)->id);
		ck_assert_ptr_nonnull((*c)->run);
		ck_assert_ptr_nonnull((*c)->techniques);
		for (t = (*c)->techniques; *t; t++, nt++)
			ck_assert_msg(matrix_technique(*t) != NULL,
				      "%s: unknown technique '%s'", (*c)->id,
				      *t);
		ck_assert_msg(nt > 0, "%s: no technique", (*c)->id);
		ck_assert_ptr_nonnull((*c)->attack);
		for (t = (*c)->attack; *t; t++, na++) {
			ck_assert_msg(matrix_attack(*t) != NULL,
				      "%s: unknown ATT&CK id '%s'", (*c)->id,
				      *t);
			ck_assert_msg(attack_allowed(*c, *t),
				      "%s: ATT&CK '%s' is neither mapped from "
				      "its techniques nor an allowed extra",
				      (*c)->id, *t);
		}
		ck_assert_msg(na > 0, "%s: no ATT&CK id", (*c)->id);
		for (t = (*c)->references; t && *t; t++)
			ck_assert_msg(!strncmp(*t, "https://", 8),
				      "%s: reference '%s'", (*c)->id, *t);
	}
	ck_assert_uint_eq(n, check_count());
	ck_assert_uint_ge(n, 11);
}
END_TEST

/* ---- (b) fixtures of every registered check ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted YAML and JSON files of dir (malloc'ed); *n set. */
static char **list_fixtures(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *p;
		if (!((len > 5 && !strcmp(e->d_name + len - 5, ".yaml")) ||
		      (len > 4 && !strcmp(e->d_name + len - 4, ".yml")) ||
		      (len > 5 && !strcmp(e->d_name + len - 5, ".json"))))
			continue;
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			v = realloc(v, alloc * sizeof(*v));
			ck_assert_ptr_nonnull(v);
		}
		p = malloc(strlen(dir) + len + 2);
		ck_assert_ptr_nonnull(p);
		sprintf(p, "%s/%s", dir, e->d_name);
		v[(*n)++] = p;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void fixtures_of(const struct check *c, bool fire)
{
	char dir[512];
	char **files;
	size_t n, i;

	snprintf(dir, sizeof(dir), "%s/%s/%s", FIXTURES, c->id,
		 fire ? "fire" : "silent");
	files = list_fixtures(dir, &n);
	ck_assert_msg(n > 0, "check '%s' has no fixtures in %s", c->id, dir);
	for (i = 0; i < n; i++) {
		const char *p[1] = { files[i] };
		struct run r;
		size_t got;

		run_paths(&r, c, p, 1);
		got = count_check(&r, c);
		if (fire)
			ck_assert_msg(got >= 1, "%s: %s gave no finding", c->id,
				      files[i]);
		else
			ck_assert_msg(got == 0, "%s: %s gave %zu findings",
				      c->id, files[i], got);
		ck_assert_uint_eq(r.f.n, got); /* only c ran */
		run_release(&r);
	}
	free_list(files, n);
}

START_TEST(test_fixtures_fire)
{
	ck_assert_uint_lt((size_t)_i, check_count());
	fixtures_of(check_registry[_i], true);
}
END_TEST

START_TEST(test_fixtures_silent)
{
	ck_assert_uint_lt((size_t)_i, check_count());
	fixtures_of(check_registry[_i], false);
}
END_TEST

/* ---- (c) targeted assertions ---- */

/*
 * One expectation: loading file and running check gives count findings of
 * the check, and one of them matches every non-NULL field below.
 */
struct expect {
	const char *file; /* under testdata/checks, or shared: "@/..." */
	const char *check;
	size_t count;
	enum severity sev; /* SEV_NONE: any */
	const char *kind, *name, *container;
	const char *ev_path; /* evidence path of the finding */
	const char *ev_value;
	const char *msg; /* substring of the message */
};

static bool matches(const struct finding *fd, const struct expect *x)
{
	size_t e;
	bool ev = !x->ev_path && !x->ev_value;

	if (x->sev != SEV_NONE && fd->severity != x->sev)
		return false;
	if (x->kind && strcmp(fd->obj->kind, x->kind) != 0)
		return false;
	if (x->name && strcmp(fd->obj->name, x->name) != 0)
		return false;
	if (x->container &&
	    (!fd->container || strcmp(fd->container, x->container) != 0))
		return false;
	if (x->msg && !strstr(fd->message, x->msg))
		return false;
	for (e = 0; e < fd->nev && !ev; e++)
		if ((!x->ev_path || !strcmp(fd->ev[e].path, x->ev_path)) &&
		    (!x->ev_value || !strcmp(fd->ev[e].value, x->ev_value)))
			ev = fd->ev[e].line > 0 || !x->ev_path;
	return ev;
}

static void dump(const struct run *r)
{
	size_t i, e;

	for (i = 0; i < r->f.n; i++) {
		const struct finding *fd = r->f.v[i];
		fprintf(stderr, "  %s %s %s/%s [%s] %s\n", fd->check->id,
			severity_name(fd->severity), fd->obj->kind,
			fd->obj->name, fd->container ? fd->container : "-",
			fd->message);
		for (e = 0; e < fd->nev; e++)
			fprintf(stderr, "    %s = %s (%u:%u)\n", fd->ev[e].path,
				fd->ev[e].value, fd->ev[e].line, fd->ev[e].col);
	}
}

static void expect_one(const struct expect *x, const char *const *paths,
		       size_t npaths)
{
	const struct check *c = check_find(x->check);
	struct run r;
	size_t i;
	bool found = false;

	ck_assert_msg(c != NULL, "no check '%s'", x->check);
	run_paths(&r, c, paths, npaths);
	for (i = 0; i < r.f.n; i++)
		if (matches(r.f.v[i], x))
			found = true;
	if (count_check(&r, c) != x->count || (!found && x->count))
		dump(&r);
	ck_assert_msg(count_check(&r, c) == x->count,
		      "%s on %s: %zu findings, expected %zu", x->check, x->file,
		      count_check(&r, c), x->count);
	ck_assert_msg(found || !x->count,
		      "%s on %s: no finding matches the expectation", x->check,
		      x->file);
	run_release(&r);
}

static const struct expect cases[] = {
	/* privileged-container */
	{ "privileged-container/fire/second-container.yaml",
	  "privileged-container", 1, SEV_CRITICAL, "Deployment", "web",
	  "sidecar",
	  "spec.template.spec.containers[1].securityContext.privileged", "true",
	  "container 'sidecar' runs privileged" },
	{ "privileged-container/fire/init-container.yaml",
	  "privileged-container", 1, SEV_CRITICAL, "Pod", "setup", "sysctl",
	  "spec.initContainers[0].securityContext.privileged", "true",
	  "init container 'sysctl'" },
	{ "privileged-container/fire/ephemeral-container.yaml",
	  "privileged-container", 1, SEV_CRITICAL, "Pod", "api", "debugger",
	  "spec.ephemeralContainers[0].securityContext.privileged", "true",
	  "ephemeral container 'debugger'" },
	{ "privileged-container/fire/cronjob.yaml", "privileged-container", 1,
	  SEV_CRITICAL, "CronJob", "node-cleanup", "cleanup",
	  "spec.jobTemplate.spec.template.spec.containers[0].securityContext."
	  "privileged",
	  "true", NULL },
	{ "privileged-container/fire/windows-hostprocess.yaml",
	  "privileged-container", 1, SEV_CRITICAL, "DaemonSet", "win-agent",
	  "agent",
	  "spec.template.spec.securityContext.windowsOptions.hostProcess",
	  "true", "Windows HostProcess" },
	/* owned pods fold into their Deployment: one finding */
	{ "privileged-container/fire/owned-pods.yaml", "privileged-container",
	  1, SEV_CRITICAL, "Deployment", "agent", "agent", NULL, NULL, NULL },
	/* host-namespaces */
	{ "host-namespaces/fire/all-three.yaml", "host-namespaces", 3, SEV_HIGH,
	  "DaemonSet", "node-agent", NULL, "spec.template.spec.hostPID", "true",
	  "hostPID" },
	{ "host-namespaces/fire/all-three.yaml", "host-namespaces", 3,
	  SEV_MEDIUM, "DaemonSet", "node-agent", NULL,
	  "spec.template.spec.hostNetwork", "true", "NetworkPolicy" },
	{ "host-namespaces/fire/all-three.yaml", "host-namespaces", 3,
	  SEV_MEDIUM, NULL, NULL, NULL, "spec.template.spec.hostIPC", "true",
	  NULL },
	{ "host-namespaces/fire/host-network-pod.yaml", "host-namespaces", 1,
	  SEV_MEDIUM, "Pod", "sniffer", NULL, "spec.hostNetwork", "true",
	  NULL },
	/* sensitive-hostpath */
	{ "sensitive-hostpath/fire/docker-sock-readonly.yaml",
	  "sensitive-hostpath", 1, SEV_CRITICAL, "Deployment", "ci-runner",
	  "runner", "spec.template.spec.volumes[1].hostPath.path",
	  "/var/run/docker.sock", "read-only" },
	{ "sensitive-hostpath/fire/docker-sock-readonly.yaml",
	  "sensitive-hostpath", 1, SEV_CRITICAL, NULL, NULL, NULL,
	  "spec.template.spec.containers[0].volumeMounts[1].readOnly", "true",
	  "the Docker socket" },
	{ "sensitive-hostpath/fire/etc-trailing-slash.yaml",
	  "sensitive-hostpath", 1, SEV_CRITICAL, "Pod", "etc-editor", "edit",
	  "spec.volumes[0].hostPath.path", "/etc/",
	  "host path '/etc' writable at '/host/etc': which contains "
	  "/etc/kubernetes (" },
	{ "sensitive-hostpath/fire/kubelet-unclean-path.yaml",
	  "sensitive-hostpath", 1, SEV_CRITICAL, "DaemonSet", "token-reader",
	  "reader", NULL, NULL, "'/var/lib/kubelet/pods' writable" },
	{ "sensitive-hostpath/fire/subpath.yaml", "sensitive-hostpath", 1,
	  SEV_HIGH, "Pod", "subpath", "app", NULL, NULL,
	  "'/var/lib/kubelet' read-only" },
	{ "sensitive-hostpath/fire/cloud-credentials.yaml",
	  "sensitive-hostpath", 1, SEV_HIGH, "Deployment", "cloud-tool", "tool",
	  NULL, NULL, "cloud provider credentials" },
	{ "sensitive-hostpath/fire/parent-directory.yaml", "sensitive-hostpath",
	  1, SEV_CRITICAL, "Pod", "run-reader", "app", NULL, NULL,
	  "which contains /run/" },
	{ "sensitive-hostpath/fire/unmounted.yaml", "sensitive-hostpath", 1,
	  SEV_LOW, "Pod", "latent", NULL, "spec.volumes[0].hostPath.path",
	  "/etc/kubernetes", "mounted by no container" },
	{ "sensitive-hostpath/fire/init-var-log.yaml", "sensitive-hostpath", 1,
	  SEV_HIGH, "Job", "log-rotate", "rotate",
	  "spec.template.spec.initContainers[0].volumeMounts[0]", NULL,
	  "init container 'rotate'" },
	{ "sensitive-hostpath/fire/windows-named-pipe.yaml",
	  "sensitive-hostpath", 1, SEV_CRITICAL, "Pod", "win-builder",
	  "builder", "spec.volumes[0].hostPath.path",
	  "\\\\.\\pipe\\docker_engine", "the Docker named pipe" },
	/* sa-token-automount */
	{ "sa-token-automount/fire/sa-missing.yaml", "sa-token-automount", 1,
	  SEV_MEDIUM, "Deployment", "web", NULL,
	  "spec.template.spec.automountServiceAccountToken", NULL,
	  "not in the input; assumed its default" },
	{ "sa-token-automount/fire/sa-true.yaml", "sa-token-automount", 1,
	  SEV_MEDIUM, "Job", "build", NULL, NULL, NULL,
	  "service account 'builder' has automounting on" },
	{ "sa-token-automount/fire/pod-overrides-sa.yaml", "sa-token-automount",
	  1, SEV_MEDIUM, "Pod", "reporter", NULL,
	  "spec.automountServiceAccountToken", "true", "the pod asks" },
	{ "sa-token-automount/fire/deprecated-field.yaml", "sa-token-automount",
	  1, SEV_MEDIUM, "ReplicationController", "legacy", NULL, NULL, NULL,
	  "'legacy' is mounted automatically (neither the pod nor" },
	{ "sa-token-automount/fire/projected-token.yaml", "sa-token-automount",
	  1, SEV_MEDIUM, "StatefulSet", "vault-agent", NULL,
	  "spec.template.spec.volumes[0].projected.sources[0]."
	  "serviceAccountToken",
	  NULL, "projected volume" },
	/* run-as-root */
	{ "run-as-root/fire/nothing-set.yaml", "run-as-root", 1, SEV_MEDIUM,
	  "Deployment", "web", "app", "spec.template.spec.containers[0]", NULL,
	  "may run as root" },
	{ "run-as-root/fire/pod-uid-zero.yaml", "run-as-root", 1, SEV_HIGH,
	  "DaemonSet", "root-agent", "agent",
	  "spec.template.spec.securityContext.runAsUser", "0", "runAsUser 0" },
	{ "run-as-root/fire/container-overrides-pod.yaml", "run-as-root", 1,
	  SEV_HIGH, "Pod", "mixed", "helper",
	  "spec.containers[1].securityContext.runAsUser", "0", NULL },
	{ "run-as-root/fire/nonroot-false.yaml", "run-as-root", 1, SEV_MEDIUM,
	  "Pod", "explicit", "app", "spec.securityContext.runAsNonRoot",
	  "false", NULL },
	/* privilege-escalation */
	{ "privilege-escalation/fire/unset.yaml", "privilege-escalation", 1,
	  SEV_MEDIUM, "Deployment", "web", "app", NULL, NULL,
	  "does not set allowPrivilegeEscalation" },
	{ "privilege-escalation/fire/explicit-true.yaml",
	  "privilege-escalation", 1, SEV_HIGH, "Pod", "sudo", "app",
	  "spec.containers[0].securityContext.allowPrivilegeEscalation", "true",
	  NULL },
	{ "privilege-escalation/fire/forced-by-sys-admin.yaml",
	  "privilege-escalation", 1, SEV_HIGH, "Pod", "fuse", "app",
	  "spec.containers[0].securityContext.allowPrivilegeEscalation",
	  "false", "given CAP_SYS_ADMIN" },
	/* dangerous-capabilities */
	{ "dangerous-capabilities/fire/mixed-case.yaml",
	  "dangerous-capabilities", 2, SEV_CRITICAL, "Deployment", "vpn", "vpn",
	  "spec.template.spec.containers[0].securityContext.capabilities.add["
	  "0]",
	  "cap_sys_admin", "adds capability SYS_ADMIN" },
	{ "dangerous-capabilities/fire/mixed-case.yaml",
	  "dangerous-capabilities", 2, SEV_MEDIUM, NULL, NULL, "vpn",
	  "spec.template.spec.containers[0].securityContext.capabilities.add["
	  "1]",
	  "NET_RAW", NULL },
	{ "dangerous-capabilities/fire/init-all.yaml", "dangerous-capabilities",
	  1, SEV_CRITICAL, "Pod", "tuner", "tune",
	  "spec.initContainers[0].securityContext.capabilities.add[0]", "ALL",
	  NULL },
	{ "dangerous-capabilities/fire/net-admin.yaml",
	  "dangerous-capabilities", 2, SEV_HIGH, NULL, NULL, "helper", NULL,
	  "SYS_PTRACE", NULL },
	/* cluster-admin-binding */
	{ "cluster-admin-binding/fire/user.yaml", "cluster-admin-binding", 1,
	  SEV_HIGH, "ClusterRoleBinding", "alice-admin", NULL, "subjects[0]",
	  "User alice@example.com", "on the whole cluster" },
	{ "cluster-admin-binding/fire/service-account.yaml",
	  "cluster-admin-binding", 1, SEV_CRITICAL, "ClusterRoleBinding",
	  "ci-deployer", NULL, "subjects[0]", "ServiceAccount ci/deployer",
	  NULL },
	{ "cluster-admin-binding/fire/rolebinding.yaml",
	  "cluster-admin-binding", 1, SEV_MEDIUM, "RoleBinding",
	  "team-a-admins", NULL, "subjects[0]", "Group team-a",
	  "namespace-scoped" },
	{ "cluster-admin-binding/fire/default-binding-extended.yaml",
	  "cluster-admin-binding", 1, SEV_CRITICAL, "ClusterRoleBinding",
	  "cluster-admin", NULL, "subjects[1]", "Group system:authenticated",
	  NULL },
	/* same-named Role and ClusterRole: roleRef kind decides */
	{ "cluster-admin-binding/fire/same-name-role-and-clusterrole.yaml",
	  "cluster-admin-binding", 1, SEV_MEDIUM, "RoleBinding", "admins", NULL,
	  "subjects[0]", "ServiceAccount team-c/ci", "in namespace 'team-c'" },
	/* kubernetes-dashboard */
	{ "kubernetes-dashboard/fire/nodeport-skip-login.yaml",
	  "kubernetes-dashboard", 1, SEV_CRITICAL, "Deployment",
	  "kubernetes-dashboard", "kubernetes-dashboard",
	  "spec.template.spec.containers[0].args[2]", "--enable-skip-login",
	  "exposed outside the cluster; login can be skipped" },
	{ "kubernetes-dashboard/fire/internal.yaml", "kubernetes-dashboard", 1,
	  SEV_LOW, "Deployment", "dashboard", "dashboard",
	  "spec.template.spec.containers[0].image", NULL,
	  "(not exposed outside the cluster)" },
	{ "kubernetes-dashboard/fire/ingress.yaml", "kubernetes-dashboard", 1,
	  SEV_HIGH, "Deployment", "kubernetes-dashboard", NULL, NULL, NULL,
	  "and exposed outside the cluster" },
	{ "kubernetes-dashboard/fire/cluster-admin-sa.yaml",
	  "kubernetes-dashboard", 1, SEV_HIGH, "Deployment",
	  "kubernetes-dashboard", NULL, NULL, NULL,
	  "its service account is cluster-admin" },
	/* external-service */
	{ "external-service/fire/loadbalancer-open.yaml", "external-service", 1,
	  SEV_HIGH, "Service", "storefront", NULL, "spec.type", "LoadBalancer",
	  "no loadBalancerSourceRanges); it selects Deployment/storefront" },
	{ "external-service/fire/loadbalancer-ranges.yaml", "external-service",
	  1, SEV_MEDIUM, "Service", "partner-api", NULL, "spec.type",
	  "LoadBalancer", "selects no workload" },
	{ "external-service/fire/loadbalancer-internal.yaml",
	  "external-service", 1, SEV_LOW, "Service", "billing-internal", NULL,
	  NULL, NULL, "internal load balancer" },
	{ "external-service/fire/nodeport.yaml", "external-service", 1,
	  SEV_MEDIUM, "Service", "metrics", NULL, "spec.type", "NodePort",
	  NULL },
	{ "external-service/fire/external-ips.yaml", "external-service", 1,
	  SEV_MEDIUM, "Service", "legacy-gw", NULL, "spec.externalIPs", NULL,
	  "externalIPs" },
	/* missing-network-policy */
	{ "missing-network-policy/fire/no-policy.yaml",
	  "missing-network-policy", 1, SEV_MEDIUM, "Deployment", "web", NULL,
	  "spec.template.metadata.labels", NULL,
	  "namespace 'shop' has no NetworkPolicy" },
	{ "missing-network-policy/fire/egress-only.yaml",
	  "missing-network-policy", 1, SEV_MEDIUM, "Deployment", "api", NULL,
	  NULL, NULL, "'api-egress' (egress only)" },
	{ "missing-network-policy/fire/other-pods.yaml",
	  "missing-network-policy", 1, SEV_MEDIUM, "StatefulSet", "cache", NULL,
	  NULL, NULL, "none of the 1 NetworkPolicies" },
};

START_TEST(test_targeted)
{
	const struct expect *x = &cases[_i];
	char path[512];
	const char *p[1] = { path };

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, x->file);
	expect_one(x, p, 1);
}
END_TEST

/* ---- (d) real public manifests (../shared/k8s-real) ---- */

struct real_case {
	const char *files[3]; /* under k8s-real/, or testdata/ with "td:" */
	struct expect x;
};

static const struct real_case real_cases[] = {
	/* kubernetes-goat: privileged + containerd socket */
	{ { "examples/kubernetes-goat/health-check__deployment.yaml" },
	  { "goat health-check", "privileged-container", 1, SEV_CRITICAL,
	    "Deployment", "health-check-deployment", "health-check",
	    "spec.template.spec.containers[0].securityContext.privileged",
	    "true", NULL } },
	{ { "examples/kubernetes-goat/health-check__deployment.yaml" },
	  { "goat health-check", "sensitive-hostpath", 1, SEV_CRITICAL,
	    "Deployment", "health-check-deployment", "health-check",
	    "spec.template.spec.volumes[0].hostPath.path",
	    "/run/containerd/containerd.sock", "the containerd socket" } },
	/* system-monitor: hostPID, hostIPC, privileged, / writable */
	{ { "examples/kubernetes-goat/system-monitor__deployment.yaml" },
	  { "goat system-monitor", "host-namespaces", 2, SEV_HIGH, "Deployment",
	    "system-monitor-deployment", NULL, "spec.template.spec.hostPID",
	    "true", NULL } },
	{ { "examples/kubernetes-goat/system-monitor__deployment.yaml" },
	  { "goat system-monitor", "sensitive-hostpath", 1, SEV_CRITICAL,
	    "Deployment", "system-monitor-deployment", "system-monitor",
	    "spec.template.spec.volumes[0].hostPath.path", "/", "writable" } },
	{ { "examples/kubernetes-goat/system-monitor__deployment.yaml" },
	  { "goat system-monitor", "privilege-escalation", 1, SEV_HIGH,
	    "Deployment", "system-monitor-deployment", "system-monitor",
	    "spec.template.spec.containers[0].securityContext."
	    "allowPrivilegeEscalation",
	    "true", "privileged" } },
	/* docker-bench: DaemonSet, three host namespaces, runAsUser 0 */
	{ { "examples/kubernetes-goat/docker-bench-security__deployment.yaml" },
	  { "goat docker-bench", "host-namespaces", 3, SEV_MEDIUM, "DaemonSet",
	    "docker-bench-security", NULL, "spec.template.spec.hostNetwork",
	    "true", NULL } },
	{ { "examples/kubernetes-goat/docker-bench-security__deployment.yaml" },
	  { "goat docker-bench", "run-as-root", 1, SEV_HIGH, "DaemonSet",
	    "docker-bench-security", "docker-bench",
	    "spec.template.spec.securityContext.runAsUser", "0", NULL } },
	/* read-only docker.sock is still critical; /etc and /var/lib too */
	{ { "examples/kubernetes-goat/docker-bench-security__deployment.yaml" },
	  { "goat docker-bench", "sensitive-hostpath", 3, SEV_CRITICAL,
	    "DaemonSet", "docker-bench-security", "docker-bench",
	    "spec.template.spec.volumes[6].hostPath.path",
	    "/var/run/docker.sock", "read-only" } },
	{ { "examples/kubernetes-goat/docker-bench-security__deployment.yaml" },
	  { "goat docker-bench", "sensitive-hostpath", 3, SEV_HIGH, "DaemonSet",
	    "docker-bench-security", "docker-bench",
	    "spec.template.spec.volumes[2].hostPath.path", "/etc",
	    "which contains /etc/kubernetes" } },
	/* AUDIT_CONTROL lets the container rewrite the node's audit */
	{ { "examples/kubernetes-goat/docker-bench-security__deployment.yaml" },
	  { "goat docker-bench", "dangerous-capabilities", 1, SEV_MEDIUM,
	    "DaemonSet", "docker-bench-security", "docker-bench",
	    "spec.template.spec.containers[0].securityContext.capabilities."
	    "add[0]",
	    "AUDIT_CONTROL", "kernel audit" } },
	{ { "examples/kubernetes-goat/insecure-rbac__setup.yaml" },
	  { "goat insecure-rbac", "cluster-admin-binding", 1, SEV_CRITICAL,
	    "ClusterRoleBinding", "superadmin", NULL, "subjects[0]",
	    "ServiceAccount kube-system/superadmin", NULL } },
	{ { "examples/kubernetes-goat/internal-proxy__deployment.yaml" },
	  { "goat internal-proxy", "external-service", 1, SEV_MEDIUM, "Service",
	    "internal-proxy-info-app-service", NULL, "spec.type", "NodePort",
	    "selects Deployment/internal-proxy-deployment" } },
	/* bootstrap RBAC: no cluster-admin finding at all */
	{ { "rbac-bootstrap" },
	  { "rbac-bootstrap", "cluster-admin-binding", 0, SEV_NONE, NULL, NULL,
	    NULL, NULL, NULL, NULL } },
	/* dashboard: recommended v2.7.0 is internal (low) */
	{ { "dashboard/recommended-v2.7.0.yaml" },
	  { "dashboard recommended-v2.7.0", "kubernetes-dashboard", 1, SEV_LOW,
	    "Deployment", "kubernetes-dashboard", "kubernetes-dashboard",
	    "spec.template.spec.containers[0].image",
	    "kubernetesui/dashboard:v2.7.0", "(not exposed" } },
	/* alternative v2.7.0: --enable-insecure-login, plain HTTP */
	{ { "dashboard/alternative-v2.7.0.yaml" },
	  { "dashboard alternative-v2.7.0", "kubernetes-dashboard", 1,
	    SEV_MEDIUM, "Deployment", "kubernetes-dashboard", NULL,
	    "spec.template.spec.containers[0].args[1]",
	    "--enable-insecure-login", "insecure settings" } },
	/* alternative v1.10.1: no flags at all, but no TLS either */
	{ { "dashboard/alternative-v1.10.1.yaml" },
	  { "dashboard alternative-v1.10.1", "kubernetes-dashboard", 1,
	    SEV_MEDIUM, "Deployment", "kubernetes-dashboard", NULL,
	    "spec.template.spec.containers[0]",
	    "no --auto-generate-certificates or --tls-cert-file: serves plain "
	    "HTTP",
	    "(not exposed outside the cluster); insecure settings" } },
	{ { "dashboard/recommended-v1.10.1.yaml" },
	  { "dashboard recommended-v1.10.1", "kubernetes-dashboard", 1, SEV_LOW,
	    "Deployment", "kubernetes-dashboard", NULL, NULL,
	    "k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1", NULL } },
	/* newrelic agent: writable /dev, /sys, /var/log and the socket */
	{ { "examples/kubernetes-examples/newrelic__newrelic-daemonset.yaml" },
	  { "newrelic", "sensitive-hostpath", 4, SEV_CRITICAL, "DaemonSet",
	    "newrelic-agent", "newrelic",
	    "spec.template.spec.containers[0].volumeMounts[2]",
	    "readOnly unset (writable)", "the Docker socket" } },
	{ { "examples/kubernetes-examples/newrelic__newrelic-daemonset.yaml" },
	  { "newrelic", "privileged-container", 1, SEV_CRITICAL, "DaemonSet",
	    "newrelic-agent", "newrelic", NULL, NULL, NULL } },
	/* Kubernetes documentation examples */
	{ { "examples/website/security-context.yaml" },
	  { "website security-context", "run-as-root", 0, SEV_NONE, NULL, NULL,
	    NULL, NULL, NULL, NULL } },
	{ { "examples/website/security-context.yaml" },
	  { "website security-context", "privilege-escalation", 0, SEV_NONE,
	    NULL, NULL, NULL, NULL, NULL, NULL } },
	{ { "examples/website/security-context-2.yaml" },
	  { "website security-context-2", "run-as-root", 0, SEV_NONE, NULL,
	    NULL, NULL, NULL, NULL, NULL } },
	{ { "examples/website/security-context-3.kyaml.yaml" },
	  { "website security-context-3", "run-as-root", 1, SEV_MEDIUM, "Pod",
	    "security-context-demo-3", "sec-ctx-3", NULL, NULL, NULL } },
	{ { "examples/website/security-context-4.kyaml.yaml" },
	  { "website security-context-4", "dangerous-capabilities", 2,
	    SEV_MEDIUM, "Pod", "security-context-demo-4", "sec-ctx-4",
	    "spec.containers[0].securityContext.capabilities.add[0]",
	    "NET_ADMIN", NULL } },
	/* network-policy-recipes with our workloads */
	{ { "examples/network-policy-recipes/"
	    "01-deny-all-traffic-to-an-application.yaml",
	    "td:checks/missing-network-policy/recipes/web-unspecified.yaml" },
	  { "recipe 01 + web", "missing-network-policy", 1, SEV_MEDIUM,
	    "Deployment", "other", NULL, NULL, NULL,
	    "none of the 1 NetworkPolicies in namespace 'default'" } },
	{ { "examples/network-policy-recipes/"
	    "03-deny-all-non-whitelisted-traffic-in-the-namespace.yaml",
	    "td:checks/missing-network-policy/recipes/default-ns.yaml" },
	  { "recipe 03 + default ns", "missing-network-policy", 0, SEV_NONE,
	    NULL, NULL, NULL, NULL, NULL, NULL } },
	{ { "examples/network-policy-recipes/"
	    "11-deny-egress-traffic-from-an-application-1.yaml",
	    "td:checks/missing-network-policy/recipes/foo-unspecified.yaml" },
	  { "recipe 11 + foo", "missing-network-policy", 1, SEV_MEDIUM,
	    "Deployment", "foo", NULL, NULL, NULL,
	    "'foo-deny-egress' (egress only)" } },
};

START_TEST(test_real)
{
	const struct real_case *rc = &real_cases[_i];
	char paths[3][512];
	const char *p[3];
	size_t n = 0, i;
	TU_NEED_SHARED(shared);

	for (i = 0; i < 3 && rc->files[i]; i++) {
		if (!strncmp(rc->files[i], "td:", 3))
			snprintf(paths[i], sizeof(paths[i]), "testdata/%s",
				 rc->files[i] + 3);
		else
			snprintf(paths[i], sizeof(paths[i]), "%s/k8s-real/%s",
				 shared, rc->files[i]);
		p[n++] = paths[i];
	}
	expect_one(&rc->x, p, n);
}
END_TEST

/* ---- coverage: a forbidden list is "not visible", never "passed" ---- */

static const struct check_result *result_of(const struct run *r,
					    const struct check *c)
{
	size_t i;

	for (i = 0; i < r->nres; i++)
		if (r->res[i].check == c)
			return &r->res[i];
	return NULL;
}

START_TEST(test_forbidden_rbac_not_visible)
{
	const struct check *c = check_find("cluster-admin-binding");
	const struct check_result *res;
	struct run r;

	ck_assert_ptr_nonnull(c);
	r.scan = tu_scan_paths(
	    (const char *const[]){
		FIXTURES "/cluster-admin-binding/silent/bootstrap.yaml" },
	    1);
	inventory_forbid(r.scan->inv, "ClusterRoleBinding", NULL);
	inventory_forbid(r.scan->inv, "RoleBinding", "team-a");
	/* a listing: kinds it holds none of are truly absent */
	r.scan->meta.source = "snapshot";
	findings_init(&r.f, r.scan->arena);
	ck_assert_int_eq(
	    scan_run(r.scan, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	res = result_of(&r, c);
	ck_assert_ptr_nonnull(res);
	ck_assert_int_eq(res->status, CHECK_NOT_VISIBLE);
	ck_assert_ptr_nonnull(strstr(res->why, "ClusterRoleBinding"));
	/* a check that does not need RBAC still runs */
	res = result_of(&r, check_find("privileged-container"));
	ck_assert_int_eq(res->status, CHECK_PASSED);
	run_release(&r);
}
END_TEST

START_TEST(test_forbidden_in_one_namespace_partial)
{
	const struct check *c = check_find("missing-network-policy");
	const struct check_result *res;
	struct run r;

	r.scan = tu_scan_paths(
	    (const char *const[]){
		FIXTURES "/missing-network-policy/silent/default-deny.yaml" },
	    1);
	inventory_forbid(r.scan->inv, "NetworkPolicy", "payments");
	findings_init(&r.f, r.scan->arena);
	ck_assert_int_eq(
	    scan_run(r.scan, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	res = result_of(&r, c);
	ck_assert_int_eq(res->status, CHECK_PASSED);
	ck_assert(res->partial);
	ck_assert_ptr_nonnull(strstr(res->why, "payments"));
	run_release(&r);
}
END_TEST

/* ---- demo cluster ---- */

#define HARDENED_LABEL "demo.threatmap.dev/hardened"

START_TEST(test_demo_every_check_fires)
{
	const char *p[1] = { "testdata/demo" };
	const struct check *const *c;
	struct run r;

	run_paths(&r, NULL, p, 1);
	ck_assert_uint_ge(inventory_size(r.scan->inv), 15);
	ck_assert_uint_le(inventory_size(r.scan->inv), 200);
	for (c = check_registry; *c; c++) {
		/*
		 * shop and payments enforce Pod Security: the demo cluster
		 * has admission control, and the check must see it.
		 */
		if (!strcmp((*c)->id, "no-admission-control")) {
			ck_assert_uint_eq(count_check(&r, *c), 0);
			continue;
		}
		ck_assert_msg(count_check(&r, *c) > 0,
			      "check '%s' does not fire on the demo cluster",
			      (*c)->id);
	}
	run_release(&r);
}
END_TEST

START_TEST(test_demo_hardened_clean)
{
	const char *p[1] = { "testdata/demo" };
	struct run r;
	size_t i, hardened = 0, workloads = 0;

	run_paths(&r, NULL, p, 1);
	for (i = 0; i < inventory_size(r.scan->inv); i++) {
		const struct kobj *o = inventory_object(r.scan->inv, i);
		if (node_str_eq(node_get(o->labels, HARDENED_LABEL), "true")) {
			hardened++;
			workloads += kind_is_workload(o->kind);
		}
	}
	ck_assert_uint_ge(hardened, 4);
	ck_assert_uint_ge(workloads, 2);
	for (i = 0; i < r.f.n; i++) {
		const struct kobj *o = r.f.v[i]->obj;
		if (node_str_eq(node_get(o->labels, HARDENED_LABEL), "true")) {
			dump(&r);
			ck_abort_msg("hardened %s/%s has a %s finding: %s",
				     o->kind, o->name, r.f.v[i]->check->id,
				     r.f.v[i]->message);
		}
	}
	run_release(&r);
}
END_TEST

Suite *suite_checks(void)
{
	Suite *s = suite_create("checks");
	TCase *tc = tcase_create("registry");
	int n = (int)check_count();

	tcase_add_test(tc, test_registry_table);
	tcase_add_loop_test(tc, test_fixtures_fire, 0, n);
	tcase_add_loop_test(tc, test_fixtures_silent, 0, n);
	suite_add_tcase(s, tc);
	tc = tcase_create("targeted");
	tcase_add_loop_test(tc, test_targeted, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_add_loop_test(tc, test_real, 0,
			    (int)(sizeof(real_cases) / sizeof(real_cases[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("coverage");
	tcase_add_test(tc, test_forbidden_rbac_not_visible);
	tcase_add_test(tc, test_forbidden_in_one_namespace_partial);
	suite_add_tcase(s, tc);
	tc = tcase_create("demo");
	tcase_add_test(tc, test_demo_every_check_fires);
	tcase_add_test(tc, test_demo_hardened_clean);
	suite_add_tcase(s, tc);
	return s;
}
