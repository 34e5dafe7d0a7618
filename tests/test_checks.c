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
#include "workload.h"

#define FIXTURES "testdata/checks"

/* ---- helpers ---- */

/* The registries every run of this suite trusts (--trusted-registries). */
static const char *const test_trusted[] = { "registry.example.com",
					    "docker.io/library" };

/* Load paths, run only check c (all checks when NULL). */
static void run_paths(struct tu_checks *r, const struct check *c,
		      const char *const *paths, size_t n)
{
	const struct check *one[] = { c, NULL };
	size_t i;

	r->s = tu_scan_paths(paths, n);
	r->s->trusted_registries = test_trusted;
	r->s->ntrusted_registries = 2;
	for (i = 0; i < r->s->errors.n; i++) {
		char buf[1024];
		ck_abort_msg("load error: %s",
			     diag_format(&r->s->errors.v[i], buf, sizeof(buf)));
	}
	tu_checks_run(r, r->s, c ? one : check_registry, NULL, NULL);
}

static size_t count_check(const struct tu_checks *r, const struct check *c)
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
		ck_assert_msg((*c)->run || (*c)->pod || (*c)->container,
			      "%s: no run, pod or container function",
			      (*c)->id);
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
		struct tu_checks r;
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
		tu_checks_release(&r);
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

/*
 * What check c (with pod() or container()) finds walking the views
 * alone, then running its run() when it has one.
 */
static void walk_alone(const struct scan *s, const struct check *c,
		       struct findings *out)
{
	const struct pod_view *pv;
	size_t n, i;

	if (!c->pod) {
		wl_each_container(s->inv, c->container_linux_only, c->container,
				  out);
		if (c->run)
			ck_assert_int_eq(c->run(s, out), 0);
		return;
	}
	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct wl_iter it;

		c->pod(s, out, &pv[i]);
		if (!c->container ||
		    (c->container_linux_only && wl_is_windows(&pv[i])))
			continue;
		wl_iter_init(&it, &pv[i]);
		while (wl_next(&it))
			c->container(out, &it);
	}
	if (c->run)
		ck_assert_int_eq(c->run(s, out), 0);
}

/*
 * The walk (every check with pod() or container() in one walk of the pod
 * views) gives each such check the findings, in the order, of the check
 * walking the pods alone, with one thread and with two (each taking half
 * of the views).  _i: 0 the fixtures of every such check loaded at once
 * (each check fires there), 1 the demo, 2 the same as 0 for the checks of
 * the profiles.
 */
START_TEST(test_walk)
{
	static char dirs[2 * 64][256];
	const char *paths[2 * 64];
	const struct check *const *table =
	    _i == 2 ? profile_checks : check_registry;
	size_t np = 0, i, j, k;
	unsigned threads;

	if (_i == 1) {
		paths[np++] = "testdata/demo";
	} else {
		for (i = 0; table[i]; i++) {
			const struct check *c = table[i];

			if (!c->pod && !c->container)
				continue;
			ck_assert_uint_lt(np + 2,
					  sizeof(dirs) / sizeof(dirs[0]));
			snprintf(dirs[np], sizeof(dirs[np]), "%s/%s/fire",
				 FIXTURES, c->id);
			paths[np] = dirs[np];
			np++;
			snprintf(dirs[np], sizeof(dirs[np]), "%s/%s/silent",
				 FIXTURES, c->id);
			paths[np] = dirs[np];
			np++;
		}
		ck_assert_uint_ge(np, 2 * (_i == 2 ? 19 : 39));
	}
	for (threads = 1; threads <= 2; threads++) {
		struct tu_checks r;

		r.s = tu_scan_paths(paths, np);
		r.s->trusted_registries = test_trusted;
		r.s->ntrusted_registries = 2;
		r.s->threads = threads;
		tu_checks_run(&r, r.s, table, NULL, NULL);
		for (i = 0; table[i]; i++) {
			const struct check *c = table[i];
			struct findings alone;

			if (!c->pod && !c->container)
				continue;
			findings_init(&alone, r.s->arena);
			walk_alone(r.s, c, &alone);
			findings_finish(&alone);
			for (j = 0, k = 0; j < r.f.n; j++) {
				const struct finding *a = r.f.v[j], *b;

				if (a->check != c)
					continue;
				ck_assert_uint_lt(k, alone.n);
				b = alone.v[k++];
				ck_assert_ptr_eq(a->obj, b->obj);
				ck_assert_str_eq(
				    a->container ? a->container : "",
				    b->container ? b->container : "");
				ck_assert_int_eq(a->severity, b->severity);
				ck_assert_uint_eq(a->nev, b->nev);
				ck_assert_int_eq(memcmp(a->fingerprint,
							b->fingerprint,
							sizeof(a->fingerprint)),
						 0);
			}
			ck_assert_msg(k == alone.n,
				      "%s: %zu findings, alone %zu", c->id, k,
				      alone.n);
			if (_i == 0)
				ck_assert_msg(k > 0, "%s: no finding", c->id);
			findings_release(&alone);
		}
		tu_checks_release(&r);
	}
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

static void dump(const struct tu_checks *r)
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
	struct tu_checks r;
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
	tu_checks_release(&r);
}

static const struct expect cases[] = {
	/* privileged-container */
	{ .file = "privileged-container/fire/second-container.yaml",
	  .check = "privileged-container",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Deployment",
	  .name = "web",
	  .container = "sidecar",
	  .ev_path =
	      "spec.template.spec.containers[1].securityContext.privileged",
	  .ev_value = "true",
	  .msg = "container 'sidecar' runs privileged" },
	{ .file = "privileged-container/fire/init-container.yaml",
	  .check = "privileged-container",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Pod",
	  .name = "setup",
	  .container = "sysctl",
	  .ev_path = "spec.initContainers[0].securityContext.privileged",
	  .ev_value = "true",
	  .msg = "init container 'sysctl'" },
	{ .file = "privileged-container/fire/ephemeral-container.yaml",
	  .check = "privileged-container",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Pod",
	  .name = "api",
	  .container = "debugger",
	  .ev_path = "spec.ephemeralContainers[0].securityContext.privileged",
	  .ev_value = "true",
	  .msg = "ephemeral container 'debugger'" },
	{ .file = "privileged-container/fire/cronjob.yaml",
	  .check = "privileged-container",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "CronJob",
	  .name = "node-cleanup",
	  .container = "cleanup",
	  .ev_path = "spec.jobTemplate.spec.template.spec.containers[0]."
		     "securityContext."
		     "privileged",
	  .ev_value = "true",
	  .msg = NULL },
	{ .file = "privileged-container/fire/windows-hostprocess.yaml",
	  .check = "privileged-container",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "DaemonSet",
	  .name = "win-agent",
	  .container = "agent",
	  .ev_path =
	      "spec.template.spec.securityContext.windowsOptions.hostProcess",
	  .ev_value = "true",
	  .msg = "Windows HostProcess" },
	/* owned pods fold into their Deployment: one finding */
	{ .file = "privileged-container/fire/owned-pods.yaml",
	  .check = "privileged-container",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Deployment",
	  .name = "agent",
	  .container = "agent",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = NULL },
	/* host-namespaces */
	{ .file = "host-namespaces/fire/all-three.yaml",
	  .check = "host-namespaces",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "DaemonSet",
	  .name = "node-agent",
	  .container = NULL,
	  .ev_path = "spec.template.spec.hostPID",
	  .ev_value = "true",
	  .msg = "hostPID" },
	{ .file = "host-namespaces/fire/all-three.yaml",
	  .check = "host-namespaces",
	  .count = 3,
	  .sev = SEV_MEDIUM,
	  .kind = "DaemonSet",
	  .name = "node-agent",
	  .container = NULL,
	  .ev_path = "spec.template.spec.hostNetwork",
	  .ev_value = "true",
	  .msg = "NetworkPolicy" },
	{ .file = "host-namespaces/fire/all-three.yaml",
	  .check = "host-namespaces",
	  .count = 3,
	  .sev = SEV_MEDIUM,
	  .kind = NULL,
	  .name = NULL,
	  .container = NULL,
	  .ev_path = "spec.template.spec.hostIPC",
	  .ev_value = "true",
	  .msg = NULL },
	{ .file = "host-namespaces/fire/host-network-pod.yaml",
	  .check = "host-namespaces",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Pod",
	  .name = "sniffer",
	  .container = NULL,
	  .ev_path = "spec.hostNetwork",
	  .ev_value = "true",
	  .msg = NULL },
	/* sensitive-hostpath */
	{ .file = "sensitive-hostpath/fire/docker-sock-readonly.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Deployment",
	  .name = "ci-runner",
	  .container = "runner",
	  .ev_path = "spec.template.spec.volumes[1].hostPath.path",
	  .ev_value = "/var/run/docker.sock",
	  .msg = "read-only" },
	{ .file = "sensitive-hostpath/fire/docker-sock-readonly.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = NULL,
	  .name = NULL,
	  .container = NULL,
	  .ev_path =
	      "spec.template.spec.containers[0].volumeMounts[1].readOnly",
	  .ev_value = "true",
	  .msg = "the Docker socket" },
	{ .file = "sensitive-hostpath/fire/etc-trailing-slash.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Pod",
	  .name = "etc-editor",
	  .container = "edit",
	  .ev_path = "spec.volumes[0].hostPath.path",
	  .ev_value = "/etc/",
	  .msg = "host path '/etc' writable at '/host/etc': which contains "
		 "/etc/kubernetes (" },
	{ .file = "sensitive-hostpath/fire/kubelet-unclean-path.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "DaemonSet",
	  .name = "token-reader",
	  .container = "reader",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "'/var/lib/kubelet/pods' writable" },
	{ .file = "sensitive-hostpath/fire/subpath.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Pod",
	  .name = "subpath",
	  .container = "app",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "'/var/lib/kubelet' read-only" },
	{ .file = "sensitive-hostpath/fire/cloud-credentials.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Deployment",
	  .name = "cloud-tool",
	  .container = "tool",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "cloud provider credentials" },
	{ .file = "sensitive-hostpath/fire/socket-elsewhere.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "DaemonSet",
	  .name = "image-gc",
	  .container = "gc",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "'/var/run/containerd.sock' read-only at "
		 "'/run/containerd/containerd.sock': the containerd socket" },
	{ .file = "sensitive-hostpath/fire/home-credentials.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "DaemonSet",
	  .name = "ci-runner",
	  .container = "runner",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "'/home/ci/.aws' read-only at '/home/runner/.aws': AWS "
		 "credentials" },
	{ .file = "sensitive-hostpath/fire/parent-directory.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Pod",
	  .name = "run-reader",
	  .container = "app",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "which contains /run/" },
	{ .file = "sensitive-hostpath/fire/unmounted.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_LOW,
	  .kind = "Pod",
	  .name = "latent",
	  .container = NULL,
	  .ev_path = "spec.volumes[0].hostPath.path",
	  .ev_value = "/etc/kubernetes",
	  .msg = "mounted by no container" },
	{ .file = "sensitive-hostpath/fire/init-var-log.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Job",
	  .name = "log-rotate",
	  .container = "rotate",
	  .ev_path = "spec.template.spec.initContainers[0].volumeMounts[0]",
	  .ev_value = NULL,
	  .msg = "init container 'rotate'" },
	{ .file = "sensitive-hostpath/fire/windows-named-pipe.yaml",
	  .check = "sensitive-hostpath",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Pod",
	  .name = "win-builder",
	  .container = "builder",
	  .ev_path = "spec.volumes[0].hostPath.path",
	  .ev_value = "\\\\.\\pipe\\docker_engine",
	  .msg = "the Docker named pipe" },
	/* writable programs and kernel modules of the node, one each */
	{ .file = "sensitive-hostpath/fire/system-programs-writable.yaml",
	  .check = "sensitive-hostpath",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "DaemonSet",
	  .name = "tool-installer",
	  .container = "install",
	  .ev_path = "spec.template.spec.volumes[0].hostPath.path",
	  .ev_value = "/usr/local/bin",
	  .msg = "writable at '/host/usr/local/bin': the node's programs "
		 "and libraries" },
	{ .file = "sensitive-hostpath/fire/system-programs-writable.yaml",
	  .check = "sensitive-hostpath",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "DaemonSet",
	  .name = "tool-installer",
	  .container = "install",
	  .ev_path = "spec.template.spec.volumes[1].hostPath.path",
	  .ev_value = "/lib/modules",
	  .msg = "the node's kernel modules" },
	{ .file = "sensitive-hostpath/fire/system-programs-writable.yaml",
	  .check = "sensitive-hostpath",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "DaemonSet",
	  .name = "tool-installer",
	  .container = "install",
	  .ev_path = "spec.template.spec.containers[0].volumeMounts[2]."
		     "readOnly",
	  .ev_value = "false",
	  .msg = "'/sbin' writable" },
	/* rbac-read-secrets: patch, delete and deletecollection answer with
	 * data */
	{ .file = "rbac-read-secrets/fire/answered-with-data.yaml",
	  .check = "rbac-read-secrets",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "RoleBinding",
	  .name = "renewer-patches-secrets",
	  .container = NULL,
	  .ev_path = NULL, /* the rule, which has no line */
	  .ev_value = "Role certs/secret-patcher rules[0]: verbs=[patch] "
		      "apiGroups=[\"\"] resources=[secrets]",
	  .msg = "can read secrets in namespace certs" },
	{ .file = "rbac-read-secrets/fire/answered-with-data.yaml",
	  .check = "rbac-read-secrets",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "ClusterRoleBinding",
	  .name = "janitor-sweeps-secrets",
	  .container = NULL,
	  .ev_path = NULL, /* the rule, which has no line */
	  .ev_value = "ClusterRole secret-sweeper rules[0]: "
		      "verbs=[deletecollection] apiGroups=[\"\"] "
		      "resources=[secrets]",
	  .msg = "can read secrets in all namespaces" },
	{ .file = "rbac-read-secrets/fire/answered-with-data.yaml",
	  .check = "rbac-read-secrets",
	  .count = 3,
	  .sev = SEV_HIGH,
	  .kind = "RoleBinding",
	  .name = "rotator-deletes-secrets",
	  .container = NULL,
	  .ev_path = NULL, /* the rule, which has no line */
	  .ev_value = "Role certs/secret-deleter rules[0]: verbs=[delete] "
		      "apiGroups=[\"\"] resources=[secrets]",
	  .msg = "can read secrets in namespace certs" },
	/* sa-token-automount */
	{ .file = "sa-token-automount/fire/sa-missing.yaml",
	  .check = "sa-token-automount",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Deployment",
	  .name = "web",
	  .container = NULL,
	  .ev_path = "spec.template.spec.automountServiceAccountToken",
	  .ev_value = NULL,
	  .msg = "not in the input; assumed its default" },
	{ .file = "sa-token-automount/fire/sa-true.yaml",
	  .check = "sa-token-automount",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Job",
	  .name = "build",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "service account 'builder' has automounting on" },
	{ .file = "sa-token-automount/fire/pod-overrides-sa.yaml",
	  .check = "sa-token-automount",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Pod",
	  .name = "reporter",
	  .container = NULL,
	  .ev_path = "spec.automountServiceAccountToken",
	  .ev_value = "true",
	  .msg = "the pod asks" },
	{ .file = "sa-token-automount/fire/deprecated-field.yaml",
	  .check = "sa-token-automount",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "ReplicationController",
	  .name = "legacy",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "'legacy' is mounted automatically (neither the pod nor" },
	{ .file = "sa-token-automount/fire/projected-token.yaml",
	  .check = "sa-token-automount",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "StatefulSet",
	  .name = "vault-agent",
	  .container = NULL,
	  .ev_path = "spec.template.spec.volumes[0].projected.sources[0]."
		     "serviceAccountToken",
	  .ev_value = NULL,
	  .msg = "projected volume" },
	/* run-as-root */
	{ .file = "run-as-root/fire/nothing-set.yaml",
	  .check = "run-as-root",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Deployment",
	  .name = "web",
	  .container = "app",
	  .ev_path = "spec.template.spec.containers[0]",
	  .ev_value = NULL,
	  .msg = "may run as root" },
	{ .file = "run-as-root/fire/pod-uid-zero.yaml",
	  .check = "run-as-root",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "DaemonSet",
	  .name = "root-agent",
	  .container = "agent",
	  .ev_path = "spec.template.spec.securityContext.runAsUser",
	  .ev_value = "0",
	  .msg = "runAsUser 0" },
	{ .file = "run-as-root/fire/container-overrides-pod.yaml",
	  .check = "run-as-root",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Pod",
	  .name = "mixed",
	  .container = "helper",
	  .ev_path = "spec.containers[1].securityContext.runAsUser",
	  .ev_value = "0",
	  .msg = NULL },
	{ .file = "run-as-root/fire/nonroot-false.yaml",
	  .check = "run-as-root",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Pod",
	  .name = "explicit",
	  .container = "app",
	  .ev_path = "spec.securityContext.runAsNonRoot",
	  .ev_value = "false",
	  .msg = NULL },
	/* privilege-escalation */
	{ .file = "privilege-escalation/fire/unset.yaml",
	  .check = "privilege-escalation",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Deployment",
	  .name = "web",
	  .container = "app",
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "does not set allowPrivilegeEscalation" },
	{ .file = "privilege-escalation/fire/explicit-true.yaml",
	  .check = "privilege-escalation",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Pod",
	  .name = "sudo",
	  .container = "app",
	  .ev_path =
	      "spec.containers[0].securityContext.allowPrivilegeEscalation",
	  .ev_value = "true",
	  .msg = NULL },
	{ .file = "privilege-escalation/fire/forced-by-sys-admin.yaml",
	  .check = "privilege-escalation",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Pod",
	  .name = "fuse",
	  .container = "app",
	  .ev_path =
	      "spec.containers[0].securityContext.allowPrivilegeEscalation",
	  .ev_value = "false",
	  .msg = "given CAP_SYS_ADMIN" },
	/* dangerous-capabilities */
	{ .file = "dangerous-capabilities/fire/mixed-case.yaml",
	  .check = "dangerous-capabilities",
	  .count = 2,
	  .sev = SEV_CRITICAL,
	  .kind = "Deployment",
	  .name = "vpn",
	  .container = "vpn",
	  .ev_path = "spec.template.spec.containers[0].securityContext."
		     "capabilities.add["
		     "0]",
	  .ev_value = "cap_sys_admin",
	  .msg = "adds capability SYS_ADMIN" },
	{ .file = "dangerous-capabilities/fire/mixed-case.yaml",
	  .check = "dangerous-capabilities",
	  .count = 2,
	  .sev = SEV_MEDIUM,
	  .kind = NULL,
	  .name = NULL,
	  .container = "vpn",
	  .ev_path = "spec.template.spec.containers[0].securityContext."
		     "capabilities.add["
		     "1]",
	  .ev_value = "NET_RAW",
	  .msg = NULL },
	{ .file = "dangerous-capabilities/fire/init-all.yaml",
	  .check = "dangerous-capabilities",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Pod",
	  .name = "tuner",
	  .container = "tune",
	  .ev_path =
	      "spec.initContainers[0].securityContext.capabilities.add[0]",
	  .ev_value = "ALL",
	  .msg = NULL },
	{ .file = "dangerous-capabilities/fire/net-admin.yaml",
	  .check = "dangerous-capabilities",
	  .count = 2,
	  .sev = SEV_HIGH,
	  .kind = NULL,
	  .name = NULL,
	  .container = "helper",
	  .ev_path = NULL,
	  .ev_value = "SYS_PTRACE",
	  .msg = NULL },
	/* AUDIT_CONTROL counts on the node only with hostPID */
	{ .file = "dangerous-capabilities/fire/audit-control-host-pid.yaml",
	  .check = "dangerous-capabilities",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "DaemonSet",
	  .name = "audit-agent",
	  .container = "agent",
	  .ev_path = "spec.template.spec.containers[0].securityContext."
		     "capabilities.add[0]",
	  .ev_value = "AUDIT_CONTROL",
	  .msg = "changes or disables the node's kernel audit rules" },
	{ .file = "dangerous-capabilities/fire/audit-control-own-pid.yaml",
	  .check = "dangerous-capabilities",
	  .count = 1,
	  .sev = SEV_LOW,
	  .kind = "Deployment",
	  .name = "audit-agent",
	  .container = "agent",
	  .ev_path = "spec.template.spec.containers[0].securityContext."
		     "capabilities.add[0]",
	  .ev_value = "cap_audit_control",
	  .msg = "its own PID namespace (no hostPID)" },
	/* capabilities-not-dropped: thirteen of the fourteen is not ALL */
	{ .file = "capabilities-not-dropped/fire/thirteen-of-fourteen.yaml",
	  .check = "capabilities-not-dropped",
	  .count = 1,
	  .sev = SEV_LOW,
	  .kind = "Deployment",
	  .name = "api",
	  .container = "api",
	  .ev_path = "spec.template.spec.containers[0].securityContext."
		     "capabilities.drop",
	  .ev_value = NULL,
	  .msg = "keeps SETFCAP of the runtime's default set" },
	/* cluster-admin-binding */
	{ .file = "cluster-admin-binding/fire/user.yaml",
	  .check = "cluster-admin-binding",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "ClusterRoleBinding",
	  .name = "alice-admin",
	  .container = NULL,
	  .ev_path = "subjects[0]",
	  .ev_value = "User alice@example.com",
	  .msg = "on the whole cluster" },
	{ .file = "cluster-admin-binding/fire/service-account.yaml",
	  .check = "cluster-admin-binding",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "ClusterRoleBinding",
	  .name = "ci-deployer",
	  .container = NULL,
	  .ev_path = "subjects[0]",
	  .ev_value = "ServiceAccount ci/deployer",
	  .msg = NULL },
	{ .file = "cluster-admin-binding/fire/rolebinding.yaml",
	  .check = "cluster-admin-binding",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "RoleBinding",
	  .name = "team-a-admins",
	  .container = NULL,
	  .ev_path = "subjects[0]",
	  .ev_value = "Group team-a",
	  .msg = "namespace-scoped" },
	{ .file = "cluster-admin-binding/fire/default-binding-extended.yaml",
	  .check = "cluster-admin-binding",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "ClusterRoleBinding",
	  .name = "cluster-admin",
	  .container = NULL,
	  .ev_path = "subjects[1]",
	  .ev_value = "Group system:authenticated",
	  .msg = NULL },
	/* same-named Role and ClusterRole: roleRef kind decides */
	{ .file =
	      "cluster-admin-binding/fire/same-name-role-and-clusterrole.yaml",
	  .check = "cluster-admin-binding",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "RoleBinding",
	  .name = "admins",
	  .container = NULL,
	  .ev_path = "subjects[0]",
	  .ev_value = "ServiceAccount team-c/ci",
	  .msg = "in namespace 'team-c'" },
	/* kubernetes-dashboard */
	{ .file = "kubernetes-dashboard/fire/nodeport-skip-login.yaml",
	  .check = "kubernetes-dashboard",
	  .count = 1,
	  .sev = SEV_CRITICAL,
	  .kind = "Deployment",
	  .name = "kubernetes-dashboard",
	  .container = "kubernetes-dashboard",
	  .ev_path = "spec.template.spec.containers[0].args[2]",
	  .ev_value = "--enable-skip-login",
	  .msg = "--enable-skip-login lets anyone in as ServiceAccount "
		 "kubernetes-dashboard/kubernetes-dashboard" },
	{ .file = "kubernetes-dashboard/fire/internal.yaml",
	  .check = "kubernetes-dashboard",
	  .count = 1,
	  .sev = SEV_LOW,
	  .kind = "Deployment",
	  .name = "dashboard",
	  .container = "dashboard",
	  .ev_path = "spec.template.spec.containers[0].image",
	  .ev_value = NULL,
	  .msg = "(not exposed outside the cluster)" },
	{ .file = "kubernetes-dashboard/fire/ingress.yaml",
	  .check = "kubernetes-dashboard",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Deployment",
	  .name = "kubernetes-dashboard",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "is exposed through Ingress kube-system/dashboard" },
	{ .file = "kubernetes-dashboard/fire/cluster-admin-sa.yaml",
	  .check = "kubernetes-dashboard",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Deployment",
	  .name = "kubernetes-dashboard",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "its service account kubernetes-dashboard/dashboard-admin "
		 "is cluster-admin (ClusterRoleBinding dashboard-admin)" },
	/* external-service */
	{ .file = "external-service/fire/loadbalancer-open.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Service",
	  .name = "storefront",
	  .container = NULL,
	  .ev_path = "spec.type",
	  .ev_value = "LoadBalancer",
	  .msg = "no loadBalancerSourceRanges); it selects "
		 "Deployment/storefront" },
	{ .file = "external-service/fire/loadbalancer-ranges.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Service",
	  .name = "partner-api",
	  .container = NULL,
	  .ev_path = "spec.type",
	  .ev_value = "LoadBalancer",
	  .msg = "selects no workload" },
	{ .file = "external-service/fire/loadbalancer-ranges-everyone.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_HIGH,
	  .kind = "Service",
	  .name = "open-api",
	  .container = NULL,
	  .ev_path = "spec.type",
	  .ev_value = "LoadBalancer",
	  .msg = "(LoadBalancer, no loadBalancerSourceRanges)" },
	{ .file = "external-service/fire/loadbalancer-private-ranges.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_LOW,
	  .kind = "Service",
	  .name = "admin-api",
	  .container = NULL,
	  .ev_path = "spec.type",
	  .ev_value = "LoadBalancer",
	  .msg = "(LoadBalancer, loadBalancerSourceRanges in private ranges "
		 "only)" },
	{ .file = "external-service/fire/loadbalancer-internal.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_LOW,
	  .kind = "Service",
	  .name = "billing-internal",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "internal load balancer" },
	{ .file = "external-service/fire/nodeport.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Service",
	  .name = "metrics",
	  .container = NULL,
	  .ev_path = "spec.type",
	  .ev_value = "NodePort",
	  .msg = NULL },
	{ .file = "external-service/fire/external-ips.yaml",
	  .check = "external-service",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Service",
	  .name = "legacy-gw",
	  .container = NULL,
	  .ev_path = "spec.externalIPs",
	  .ev_value = NULL,
	  .msg = "externalIPs" },
	/* missing-network-policy */
	{ .file = "missing-network-policy/fire/no-policy.yaml",
	  .check = "missing-network-policy",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Deployment",
	  .name = "web",
	  .container = NULL,
	  .ev_path = "spec.template.metadata.labels",
	  .ev_value = NULL,
	  .msg = "namespace 'shop' has no NetworkPolicy" },
	{ .file = "missing-network-policy/fire/egress-only.yaml",
	  .check = "missing-network-policy",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Deployment",
	  .name = "api",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "'api-egress' (egress only)" },
	/* the same with Cilium: the policy is named, not "no NetworkPolicy" */
	{ .file = "missing-network-policy/fire/cilium-egress-only.yaml",
	  .check = "missing-network-policy",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "Deployment",
	  .name = "api",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "only CiliumNetworkPolicy 'api-egress-cilium' (egress only) "
		 "selects these pods; their ingress is open" },
	{ .file = "missing-network-policy/fire/other-pods.yaml",
	  .check = "missing-network-policy",
	  .count = 1,
	  .sev = SEV_MEDIUM,
	  .kind = "StatefulSet",
	  .name = "cache",
	  .container = NULL,
	  .ev_path = NULL,
	  .ev_value = NULL,
	  .msg = "none of the 1 NetworkPolicies" },
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
	{ .files = { "examples/kubernetes-goat/health-check__deployment.yaml" },
	  .x = { .file = "goat health-check",
		 .check = "privileged-container",
		 .count = 1,
		 .sev = SEV_CRITICAL,
		 .kind = "Deployment",
		 .name = "health-check-deployment",
		 .container = "health-check",
		 .ev_path = "spec.template.spec.containers[0].securityContext."
			    "privileged",
		 .ev_value = "true",
		 .msg = NULL } },
	{ .files = { "examples/kubernetes-goat/health-check__deployment.yaml" },
	  .x = { .file = "goat health-check",
		 .check = "sensitive-hostpath",
		 .count = 1,
		 .sev = SEV_CRITICAL,
		 .kind = "Deployment",
		 .name = "health-check-deployment",
		 .container = "health-check",
		 .ev_path = "spec.template.spec.volumes[0].hostPath.path",
		 .ev_value = "/run/containerd/containerd.sock",
		 .msg = "the containerd socket" } },
	/* system-monitor: hostPID, hostIPC, privileged, / writable */
	{ .files = { "examples/kubernetes-goat/"
		     "system-monitor__deployment.yaml" },
	  .x = { .file = "goat system-monitor",
		 .check = "host-namespaces",
		 .count = 2,
		 .sev = SEV_HIGH,
		 .kind = "Deployment",
		 .name = "system-monitor-deployment",
		 .container = NULL,
		 .ev_path = "spec.template.spec.hostPID",
		 .ev_value = "true",
		 .msg = NULL } },
	{ .files = { "examples/kubernetes-goat/"
		     "system-monitor__deployment.yaml" },
	  .x = { .file = "goat system-monitor",
		 .check = "sensitive-hostpath",
		 .count = 1,
		 .sev = SEV_CRITICAL,
		 .kind = "Deployment",
		 .name = "system-monitor-deployment",
		 .container = "system-monitor",
		 .ev_path = "spec.template.spec.volumes[0].hostPath.path",
		 .ev_value = "/",
		 .msg = "writable" } },
	{ .files = { "examples/kubernetes-goat/"
		     "system-monitor__deployment.yaml" },
	  .x = { .file = "goat system-monitor",
		 .check = "privilege-escalation",
		 .count = 1,
		 .sev = SEV_HIGH,
		 .kind = "Deployment",
		 .name = "system-monitor-deployment",
		 .container = "system-monitor",
		 .ev_path = "spec.template.spec.containers[0].securityContext."
			    "allowPrivilegeEscalation",
		 .ev_value = "true",
		 .msg = "privileged" } },
	/* docker-bench: DaemonSet, three host namespaces, runAsUser 0 */
	{ .files = { "examples/kubernetes-goat/"
		     "docker-bench-security__deployment.yaml" },
	  .x = { .file = "goat docker-bench",
		 .check = "host-namespaces",
		 .count = 3,
		 .sev = SEV_MEDIUM,
		 .kind = "DaemonSet",
		 .name = "docker-bench-security",
		 .container = NULL,
		 .ev_path = "spec.template.spec.hostNetwork",
		 .ev_value = "true",
		 .msg = NULL } },
	{ .files = { "examples/kubernetes-goat/"
		     "docker-bench-security__deployment.yaml" },
	  .x = { .file = "goat docker-bench",
		 .check = "run-as-root",
		 .count = 1,
		 .sev = SEV_HIGH,
		 .kind = "DaemonSet",
		 .name = "docker-bench-security",
		 .container = "docker-bench",
		 .ev_path = "spec.template.spec.securityContext.runAsUser",
		 .ev_value = "0",
		 .msg = NULL } },
	/*
	 * read-only docker.sock is still critical; /etc and /var/lib too.
	 * The read-only /usr/bin/runc, /usr/lib/systemd and
	 * /lib/systemd/system mounts are not counted: nothing there to
	 * read or replace (hostpath-volume reports them at low).
	 */
	{ .files = { "examples/kubernetes-goat/"
		     "docker-bench-security__deployment.yaml" },
	  .x = { .file = "goat docker-bench",
		 .check = "sensitive-hostpath",
		 .count = 3,
		 .sev = SEV_CRITICAL,
		 .kind = "DaemonSet",
		 .name = "docker-bench-security",
		 .container = "docker-bench",
		 .ev_path = "spec.template.spec.volumes[6].hostPath.path",
		 .ev_value = "/var/run/docker.sock",
		 .msg = "read-only" } },
	{ .files = { "examples/kubernetes-goat/"
		     "docker-bench-security__deployment.yaml" },
	  .x = { .file = "goat docker-bench",
		 .check = "sensitive-hostpath",
		 .count = 3,
		 .sev = SEV_HIGH,
		 .kind = "DaemonSet",
		 .name = "docker-bench-security",
		 .container = "docker-bench",
		 .ev_path = "spec.template.spec.volumes[2].hostPath.path",
		 .ev_value = "/etc",
		 .msg = "which contains /etc/kubernetes" } },
	/* the read-only program mounts stay hostpath-volume's, at low */
	{ .files = { "examples/kubernetes-goat/"
		     "docker-bench-security__deployment.yaml" },
	  .x = { .file = "goat docker-bench",
		 .check = "hostpath-volume",
		 .count = 4,
		 .sev = SEV_LOW,
		 .kind = "DaemonSet",
		 .name = "docker-bench-security",
		 .container = NULL,
		 .ev_path = "spec.template.spec.volumes[5].hostPath.path",
		 .ev_value = "/usr/bin/runc",
		 .msg = "(read-only)" } },
	/* AUDIT_CONTROL with hostPID: the kernel takes its audit control
	 * messages, so the container can rewrite the node's audit */
	{ .files = { "examples/kubernetes-goat/"
		     "docker-bench-security__deployment.yaml" },
	  .x = { .file = "goat docker-bench",
		 .check = "dangerous-capabilities",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "DaemonSet",
		 .name = "docker-bench-security",
		 .container = "docker-bench",
		 .ev_path = "spec.template.spec.containers[0].securityContext."
			    "capabilities."
			    "add[0]",
		 .ev_value = "AUDIT_CONTROL",
		 .msg = "kernel audit" } },
	{ .files = { "examples/kubernetes-goat/insecure-rbac__setup.yaml" },
	  .x = { .file = "goat insecure-rbac",
		 .check = "cluster-admin-binding",
		 .count = 1,
		 .sev = SEV_CRITICAL,
		 .kind = "ClusterRoleBinding",
		 .name = "superadmin",
		 .container = NULL,
		 .ev_path = "subjects[0]",
		 .ev_value = "ServiceAccount kube-system/superadmin",
		 .msg = NULL } },
	{ .files = { "examples/kubernetes-goat/"
		     "internal-proxy__deployment.yaml" },
	  .x = { .file = "goat internal-proxy",
		 .check = "external-service",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "Service",
		 .name = "internal-proxy-info-app-service",
		 .container = NULL,
		 .ev_path = "spec.type",
		 .ev_value = "NodePort",
		 .msg = "selects Deployment/internal-proxy-deployment" } },
	/* bootstrap RBAC: no cluster-admin finding at all */
	{ .files = { "rbac-bootstrap" },
	  .x = { .file = "rbac-bootstrap",
		 .check = "cluster-admin-binding",
		 .count = 0,
		 .sev = SEV_NONE,
		 .kind = NULL,
		 .name = NULL,
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	/* dashboard: recommended v2.7.0 is internal (low) */
	{ .files = { "dashboard/recommended-v2.7.0.yaml" },
	  .x = { .file = "dashboard recommended-v2.7.0",
		 .check = "kubernetes-dashboard",
		 .count = 1,
		 .sev = SEV_LOW,
		 .kind = "Deployment",
		 .name = "kubernetes-dashboard",
		 .container = "kubernetes-dashboard",
		 .ev_path = "spec.template.spec.containers[0].image",
		 .ev_value = "kubernetesui/dashboard:v2.7.0",
		 .msg = "(not exposed" } },
	/* alternative v2.7.0: --enable-insecure-login, plain HTTP */
	{ .files = { "dashboard/alternative-v2.7.0.yaml" },
	  .x = { .file = "dashboard alternative-v2.7.0",
		 .check = "kubernetes-dashboard",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "Deployment",
		 .name = "kubernetes-dashboard",
		 .container = NULL,
		 .ev_path = "spec.template.spec.containers[0].args[1]",
		 .ev_value = "--enable-insecure-login",
		 .msg = "insecure settings: --enable-insecure-login, plain "
			"HTTP" } },
	/* alternative v1.10.1: no flags at all, but no TLS either */
	{ .files = { "dashboard/alternative-v1.10.1.yaml" },
	  .x = { .file = "dashboard alternative-v1.10.1",
		 .check = "kubernetes-dashboard",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "Deployment",
		 .name = "kubernetes-dashboard",
		 .container = NULL,
		 .ev_path = "spec.template.spec.containers[0]",
		 .ev_value = "no --auto-generate-certificates or "
			     "--tls-cert-file: serves plain "
			     "HTTP",
		 .msg =
		     "(not exposed outside the cluster); login needs a token; "
		     "insecure settings: plain HTTP (no TLS certificate)" } },
	{ .files = { "dashboard/recommended-v1.10.1.yaml" },
	  .x = { .file = "dashboard recommended-v1.10.1",
		 .check = "kubernetes-dashboard",
		 .count = 1,
		 .sev = SEV_LOW,
		 .kind = "Deployment",
		 .name = "kubernetes-dashboard",
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = "k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1",
		 .msg = NULL } },
	/* newrelic agent: writable /dev, /sys, /var/log and the socket */
	{ .files = { "examples/kubernetes-examples/"
		     "newrelic__newrelic-daemonset.yaml" },
	  .x = { .file = "newrelic",
		 .check = "sensitive-hostpath",
		 .count = 4,
		 .sev = SEV_CRITICAL,
		 .kind = "DaemonSet",
		 .name = "newrelic-agent",
		 .container = "newrelic",
		 .ev_path = "spec.template.spec.containers[0].volumeMounts[2]",
		 .ev_value = "readOnly unset (writable)",
		 .msg = "the Docker socket" } },
	{ .files = { "examples/kubernetes-examples/"
		     "newrelic__newrelic-daemonset.yaml" },
	  .x = { .file = "newrelic",
		 .check = "privileged-container",
		 .count = 1,
		 .sev = SEV_CRITICAL,
		 .kind = "DaemonSet",
		 .name = "newrelic-agent",
		 .container = "newrelic",
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	/* Kubernetes documentation examples */
	{ .files = { "examples/website/security-context.yaml" },
	  .x = { .file = "website security-context",
		 .check = "run-as-root",
		 .count = 0,
		 .sev = SEV_NONE,
		 .kind = NULL,
		 .name = NULL,
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	{ .files = { "examples/website/security-context.yaml" },
	  .x = { .file = "website security-context",
		 .check = "privilege-escalation",
		 .count = 0,
		 .sev = SEV_NONE,
		 .kind = NULL,
		 .name = NULL,
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	{ .files = { "examples/website/security-context-2.yaml" },
	  .x = { .file = "website security-context-2",
		 .check = "run-as-root",
		 .count = 0,
		 .sev = SEV_NONE,
		 .kind = NULL,
		 .name = NULL,
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	{ .files = { "examples/website/security-context-3.kyaml.yaml" },
	  .x = { .file = "website security-context-3",
		 .check = "run-as-root",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "Pod",
		 .name = "security-context-demo-3",
		 .container = "sec-ctx-3",
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	{ .files = { "examples/website/security-context-4.kyaml.yaml" },
	  .x = { .file = "website security-context-4",
		 .check = "dangerous-capabilities",
		 .count = 2,
		 .sev = SEV_MEDIUM,
		 .kind = "Pod",
		 .name = "security-context-demo-4",
		 .container = "sec-ctx-4",
		 .ev_path =
		     "spec.containers[0].securityContext.capabilities.add[0]",
		 .ev_value = "NET_ADMIN",
		 .msg = NULL } },
	/* network-policy-recipes with our workloads */
	{ .files = { "examples/network-policy-recipes/"
		     "01-deny-all-traffic-to-an-application.yaml",
		     "td:checks/missing-network-policy/recipes/"
		     "web-unspecified.yaml" },
	  .x = { .file = "recipe 01 + web",
		 .check = "missing-network-policy",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "Deployment",
		 .name = "other",
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg =
		     "none of the 1 NetworkPolicies in namespace 'default'" } },
	{ .files = { "examples/network-policy-recipes/"
		     "03-deny-all-non-whitelisted-traffic-in-the-namespace."
		     "yaml",
		     "td:checks/missing-network-policy/recipes/"
		     "default-ns.yaml" },
	  .x = { .file = "recipe 03 + default ns",
		 .check = "missing-network-policy",
		 .count = 0,
		 .sev = SEV_NONE,
		 .kind = NULL,
		 .name = NULL,
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = NULL } },
	{ .files = { "examples/network-policy-recipes/"
		     "11-deny-egress-traffic-from-an-application-1.yaml",
		     "td:checks/missing-network-policy/recipes/"
		     "foo-unspecified.yaml" },
	  .x = { .file = "recipe 11 + foo",
		 .check = "missing-network-policy",
		 .count = 1,
		 .sev = SEV_MEDIUM,
		 .kind = "Deployment",
		 .name = "foo",
		 .container = NULL,
		 .ev_path = NULL,
		 .ev_value = NULL,
		 .msg = "'foo-deny-egress' (egress only)" } },
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

static const struct check_result *result_of(const struct tu_checks *r,
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
	struct tu_checks r;

	ck_assert_ptr_nonnull(c);
	r.s = tu_scan_paths(
	    (const char *const[]){
		FIXTURES "/cluster-admin-binding/silent/bootstrap.yaml" },
	    1);
	inventory_forbid(r.s->inv, "ClusterRoleBinding", NULL);
	inventory_forbid(r.s->inv, "RoleBinding", "team-a");
	/* a listing: kinds it holds none of are truly absent */
	r.s->meta.source = "snapshot";
	findings_init(&r.f, r.s->arena);
	ck_assert_int_eq(
	    scan_run(r.s, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	res = result_of(&r, c);
	ck_assert_ptr_nonnull(res);
	ck_assert_int_eq(res->status, CHECK_NOT_VISIBLE);
	ck_assert_ptr_nonnull(strstr(res->why, "ClusterRoleBinding"));
	/* a check that does not need RBAC still runs */
	res = result_of(&r, check_find("privileged-container"));
	ck_assert_int_eq(res->status, CHECK_PASSED);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_forbidden_in_one_namespace_partial)
{
	const struct check *c = check_find("missing-network-policy");
	const struct check_result *res;
	struct tu_checks r;

	r.s = tu_scan_paths(
	    (const char *const[]){
		FIXTURES "/missing-network-policy/silent/default-deny.yaml" },
	    1);
	inventory_forbid(r.s->inv, "NetworkPolicy", "payments");
	findings_init(&r.f, r.s->arena);
	ck_assert_int_eq(
	    scan_run(r.s, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	res = result_of(&r, c);
	ck_assert_int_eq(res->status, CHECK_PASSED);
	ck_assert(res->partial);
	ck_assert_ptr_nonnull(strstr(res->why, "payments"));
	tu_checks_release(&r);
}
END_TEST

/* HTTPProxy, a CRD beside Ingress, forbidden: the Ingresses are judged */
START_TEST(test_forbidden_httpproxy_partial)
{
	const struct check *c = check_find("ingress-without-tls");
	const struct check_result *res;
	struct tu_checks r;

	r.s = tu_scan_paths((const char *const[]){ FIXTURES
						   "/ingress-without-tls/fire/"
						   "no-tls.yaml" },
			    1);
	inventory_forbid(r.s->inv, "HTTPProxy", NULL);
	r.s->meta.source = "snapshot";
	findings_init(&r.f, r.s->arena);
	ck_assert_int_eq(
	    scan_run(r.s, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	res = result_of(&r, c);
	ck_assert_ptr_nonnull(res);
	ck_assert_int_eq(res->status, CHECK_FAILED);
	ck_assert(res->partial);
	ck_assert_ptr_nonnull(strstr(res->why, "HTTPProxy"));
	/* Ingress forbidden too: not visible */
	tu_checks_release(&r);
	r.s = tu_scan_paths((const char *const[]){ FIXTURES
						   "/ingress-without-tls/fire/"
						   "no-tls.yaml" },
			    1);
	inventory_forbid(r.s->inv, "Ingress", NULL);
	r.s->meta.source = "snapshot";
	findings_init(&r.f, r.s->arena);
	ck_assert_int_eq(
	    scan_run(r.s, check_registry, NULL, NULL, &r.f, &r.res, &r.nres),
	    0);
	ck_assert_int_eq(result_of(&r, c)->status, CHECK_NOT_VISIBLE);
	tu_checks_release(&r);
}
END_TEST

/* ---- demo cluster ---- */

#define HARDENED_LABEL "demo.threatmap.dev/hardened"

START_TEST(test_demo_every_check_fires)
{
	const char *p[1] = { "testdata/demo" };
	const struct check *const *c;
	struct tu_checks r;

	run_paths(&r, NULL, p, 1);
	ck_assert_uint_ge(inventory_size(r.s->inv), 15);
	ck_assert_uint_le(inventory_size(r.s->inv), 200);
	/* the API server's files are in testdata/demo/control-plane */
	for (c = check_registry; *c; c++)
		ck_assert_msg(count_check(&r, *c) > 0,
			      "check '%s' does not fire on the demo cluster",
			      (*c)->id);
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_demo_hardened_clean)
{
	const char *p[1] = { "testdata/demo" };
	struct tu_checks r;
	size_t i, hardened = 0, workloads = 0;

	run_paths(&r, NULL, p, 1);
	for (i = 0; i < inventory_size(r.s->inv); i++) {
		const struct kobj *o = inventory_object(r.s->inv, i);
		if (node_str_eq(node_get(o->labels, HARDENED_LABEL), "true")) {
			hardened++;
			workloads += kobj_is_workload(o);
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
	tu_checks_release(&r);
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
	tcase_add_loop_test(tc, test_walk, 0, 3);
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
	tcase_add_test(tc, test_forbidden_httpproxy_partial);
	suite_add_tcase(s, tc);
	tc = tcase_create("demo");
	tcase_add_test(tc, test_demo_every_check_fires);
	tcase_add_test(tc, test_demo_hardened_clean);
	suite_add_tcase(s, tc);
	return s;
}
