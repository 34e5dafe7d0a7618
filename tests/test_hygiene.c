/*
 * Workload hygiene: image references, resource defaults from LimitRanges,
 * objects named after their generateName, the hygiene checks on fixtures
 * and real manifests, and every container check on Job and CronJob pod
 * templates.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "image.h"
#include "inventory.h"
#include "node.h"
#include "resources.h"
#include "scan.h"
#include "testutil.h"

#define FIXTURES "testdata/checks"

/* ---- image references ---- */

static const struct {
	const char *ref;
	bool ok;
	const char *registry, *repository, *tag, *digest;
	bool explicit_registry;
} refs[] = {
	{ "nginx", true, "docker.io", "library/nginx", "", "", false },
	{ "nginx:1.27", true, "docker.io", "library/nginx", "1.27", "", false },
	{ "bitnami/redis:7.2", true, "docker.io", "bitnami/redis", "7.2", "",
	  false },
	{ "docker.io/library/nginx:latest", true, "docker.io", "library/nginx",
	  "latest", "", true },
	{ "index.docker.io/nginx", true, "docker.io", "library/nginx", "", "",
	  true },
	{ "registry.local:5000/tools/runner", true, "registry.local:5000",
	  "tools/runner", "", "", true },
	{ "registry.local:5000/tools/runner:2.1", true, "registry.local:5000",
	  "tools/runner", "2.1", "", true },
	{ "localhost/app:dev", true, "localhost", "app", "dev", "", true },
	{ "ghcr.io/acme/app@sha256:abc", true, "ghcr.io", "acme/app", "",
	  "sha256:abc", true },
	{ "quay.io/a/b:v1@sha256:def", true, "quay.io", "a/b", "v1",
	  "sha256:def", true },
	{ "", false, "", "", "", "", false },
	{ "nginx:", false, "", "", "", "", false },
	{ "a//b", false, "", "", "", "", false },
	{ "nginx latest", false, "", "", "", "", false },
	{ "nginx@", false, "", "", "", "", false },
};

START_TEST(test_image_parse)
{
	struct image_ref r;
	bool ok = image_parse(refs[_i].ref, &r);

	ck_assert_msg(ok == refs[_i].ok, "'%s'", refs[_i].ref);
	ck_assert_str_eq(r.registry, refs[_i].registry);
	ck_assert_str_eq(r.repository, refs[_i].repository);
	ck_assert_str_eq(r.tag, refs[_i].tag);
	ck_assert_str_eq(r.digest, refs[_i].digest);
	ck_assert(r.explicit_registry == refs[_i].explicit_registry);
	ck_assert(image_pinned(&r) == (refs[_i].digest[0] != '\0'));
}
END_TEST

START_TEST(test_image_trusted)
{
	static const char *const list[] = { "registry.example.com",
					    "docker.io/library", "*.corp.io",
					    "ghcr.io/acme/" };
	static const struct {
		const char *ref;
		bool trusted;
	} cases[] = {
		{ "registry.example.com/shop/web:1", true },
		{ "REGISTRY.example.com/x", true },
		{ "registry.example.com.evil.io/shop/web", false },
		{ "nginx", true },
		{ "index.docker.io/library/redis", true },
		{ "bitnami/redis", false },
		{ "docker.io/libraryx/redis", false },
		{ "eu.corp.io/team/app", true },
		{ "corp.io/team/app", false },
		{ "ghcr.io/acme/app", true },
		{ "ghcr.io/acmex/app", false },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct image_ref r;
		ck_assert(image_parse(cases[i].ref, &r));
		ck_assert_msg(image_trusted(&r, list, 4) == cases[i].trusted,
			      "'%s'", cases[i].ref);
	}
	ck_assert(!image_trusted(&(struct image_ref){ 0 }, list, 0));
}
END_TEST

/* ---- resources with LimitRange defaults ---- */

START_TEST(test_resources_defaults)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: LimitRange\nmetadata: {name: a, namespace: "
	    "ns}\n"
	    "spec:\n  limits:\n  - type: Container\n    default: {memory: "
	    "1Gi}\n"
	    "  - type: Container\n    default: {cpu: '1'}\n    "
	    "defaultRequest: {cpu: 100m}\n"
	    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: "
	    "ns}\n"
	    "spec:\n  containers:\n  - name: c\n    image: x\n    "
	    "resources:\n      limits: {memory: 2Gi}\n");
	const struct kobj *p = inventory_find(s->inv, "Pod", "ns", "p");
	const struct node *c =
	    node_at(node_path(p->root, "spec.containers"), 0);
	struct res_ranges *lr = res_ranges_build(s->inv);
	struct res_value v;

	ck_assert_uint_eq(s->errors.n, 0);
	res_effective(lr, "ns", c, "memory", true, &v);
	ck_assert_int_eq(v.from, RES_CONTAINER);
	ck_assert_str_eq(node_str(v.at), "2Gi");
	res_effective(lr, "ns", c, "memory", false, &v);
	ck_assert_int_eq(v.from, RES_FROM_LIMIT);
	res_effective(lr, "ns", c, "cpu", true, &v);
	ck_assert_int_eq(v.from, RES_LIMITRANGE);
	ck_assert_str_eq(node_str(v.at), "1");
	res_effective(lr, "ns", c, "cpu", false, &v);
	ck_assert_int_eq(v.from, RES_LIMITRANGE);
	ck_assert_str_eq(node_str(v.at), "100m");
	/* another namespace sees no LimitRange */
	res_effective(lr, "other", c, "cpu", true, &v);
	ck_assert_int_eq(v.from, RES_NONE);
	ck_assert(res_has_limitrange(s->inv, "ns", NULL));
	ck_assert(!res_quota_caps_compute(s->inv, "ns", NULL, NULL));
	res_ranges_free(lr);
	scan_free(s);
}
END_TEST

/*
 * Pod-level resources (spec.resources of the pod spec, Kubernetes 1.32+)
 * bound a pod's containers together: a container with no limit or request
 * of its own is covered by the pod's, and only what neither sets is
 * reported.
 */
START_TEST(test_resources_pod_level)
{
	static const char yaml[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: api, namespace: shop}\n"
	    "spec:\n  selector: {matchLabels: {app: api}}\n"
	    "  template:\n    metadata: {labels: {app: api}}\n"
	    "    spec:\n"
	    "      resources: {limits: {cpu: '2', memory: 1Gi}}\n"
	    "      containers:\n      - {name: api, image: x}\n"
	    "      - {name: shipper, image: w}\n"
	    "---\napiVersion: v1\nkind: Pod\n"
	    "metadata: {name: half, namespace: shop}\n"
	    "spec:\n  resources: {requests: {cpu: 250m}}\n"
	    "  containers:\n  - {name: app, image: z}\n"
	    "---\napiVersion: v1\nkind: Pod\n"
	    "metadata: {name: none, namespace: shop}\n"
	    "spec:\n  containers:\n  - {name: app, image: z}\n";
	struct tu_checks r;
	const struct kobj *d, *half;
	struct res_value v;
	const struct node *spec;
	size_t i, limits = 0, requests = 0;

	tu_checks_run(&r, tu_scan_text(yaml), check_registry, NULL, NULL);
	ck_assert_uint_eq(r.s->errors.n, 0);
	d = inventory_find(r.s->inv, "Deployment", "shop", "api");
	half = inventory_find(r.s->inv, "Pod", "shop", "half");
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(half);

	/* the helper: a limit, a request copied from the limit, nothing */
	spec = node_path(d->root, "spec.template.spec");
	res_pod_effective(spec, "memory", true, &v);
	ck_assert_int_eq(v.from, RES_POD);
	ck_assert_str_eq(node_str(v.at), "1Gi");
	res_pod_effective(spec, "cpu", false, &v);
	ck_assert_int_eq(v.from, RES_POD);
	ck_assert_str_eq(node_str(v.at), "2");
	spec = node_get(half->root, "spec");
	res_pod_effective(spec, "cpu", false, &v);
	ck_assert_int_eq(v.from, RES_POD);
	ck_assert_str_eq(node_str(v.at), "250m");
	res_pod_effective(spec, "cpu", true, &v);
	ck_assert_int_eq(v.from, RES_NONE);
	ck_assert_ptr_null(v.at);

	for (i = 0; i < r.f.n; i++) {
		const struct finding *fd = r.f.v[i];
		const char *id = fd->check->id;

		if (strcmp(id, "resource-limits") &&
		    strcmp(id, "resource-requests"))
			continue;
		/* the Deployment's pod-level limits cover both containers */
		ck_assert_msg(fd->obj != d, "%s on the Deployment: %s", id,
			      fd->message);
		if (fd->obj == half && !strcmp(id, "resource-limits")) {
			ck_assert_str_eq(fd->message, "container 'app' has no "
						      "memory limit and no CPU "
						      "limit");
			ck_assert_int_eq(fd->severity, SEV_MEDIUM);
		}
		if (fd->obj == half && !strcmp(id, "resource-requests")) {
			ck_assert_str_eq(
			    fd->message,
			    "container 'app' has no memory request");
			ck_assert_str_eq(
			    fd->ev[0].path,
			    "spec.containers[0].resources.requests");
			ck_assert_str_eq(fd->ev[0].value, "memory unset");
		}
		limits += !strcmp(id, "resource-limits");
		requests += !strcmp(id, "resource-requests");
	}
	/* half and none each have one of each */
	ck_assert_uint_eq(limits, 2);
	ck_assert_uint_eq(requests, 2);
	tu_checks_release(&r);
}
END_TEST

/* ---- objects without metadata.name ---- */

START_TEST(test_generate_name)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\n"
	    "  namespace: x\nspec: {containers: [{name: a, image: b}]}\n"
	    "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name:\n"
	    "spec: {template: {spec: {containers: [{name: a, image: b}]}}}\n"
	    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"\"}\n");
	const struct diag_list *w = inventory_warnings(s->inv);

	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(inventory_size(s->inv), 3);
	ck_assert_str_eq(inventory_object(s->inv, 0)->name, "web-*");
	ck_assert_str_eq(inventory_object(s->inv, 1)->name, "*");
	ck_assert_str_eq(inventory_object(s->inv, 2)->name, "*");
	ck_assert_ptr_nonnull(inventory_find(s->inv, "Pod", "x", "web-*"));
	ck_assert_uint_eq(w->n, 3);
	ck_assert_str_eq(w->v[0].file, "<test>");
	ck_assert_uint_eq(w->v[0].line, 4);
	ck_assert_ptr_nonnull(strstr(w->v[0].msg, "named 'web-*'"));
	ck_assert_uint_eq(w->v[1].line, 11);
	ck_assert_ptr_nonnull(strstr(w->v[1].msg, "Job without"));
	ck_assert_uint_eq(w->v[2].line, 16);
	scan_free(s);
}
END_TEST

START_TEST(test_generate_name_cli)
{
	char cmd[1024], *out = NULL;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "%s scan -f " FIXTURES
		 "/../loader/generate-name.yaml --checks privileged-container "
		 "--format json 2>&1",
		 tu_bin());
	rc = tu_run(cmd, &out);
	ck_assert_int_eq(rc, 1); /* a finding, no input error */
	ck_assert_ptr_nonnull(strstr(out, "warning: "));
	ck_assert_ptr_nonnull(
	    strstr(out, "generate-name.yaml:5:3: Pod without metadata.name: "
			"named 'debug-*'"));
	ck_assert_ptr_nonnull(strstr(out, "\"name\": \"debug-*\""));
	ck_assert_ptr_null(strstr(out, "no Kubernetes objects"));
	free(out);
}
END_TEST

/* ---- targeted expectations ---- */

static const char *const trusted[] = { "registry.example.com",
				       "docker.io/library" };

static void run_paths(struct tu_checks *r, const struct check *c,
		      const char *const *paths, size_t n)
{
	const struct check *one[] = { c, NULL };

	r->s = tu_scan_paths(paths, n);
	r->s->trusted_registries = trusted;
	r->s->ntrusted_registries = 2;
	ck_assert_uint_eq(r->s->errors.n, 0);
	tu_checks_run(r, r->s, c ? one : check_registry, NULL, NULL);
}

struct expect {
	const char *file; /* under testdata/checks, or "@" + k8s-real path */
	const char *check;
	size_t count;
	enum severity sev;
	const char *kind, *name, *container;
	const char *ev_path, *ev_value;
	const char *msg;
};

static bool matches(const struct finding *fd, const struct expect *x)
{
	size_t e;
	bool ev = !x->ev_path && !x->ev_value;

	if ((x->sev && fd->severity != x->sev) ||
	    (x->kind && strcmp(fd->obj->kind, x->kind)) ||
	    (x->name && strcmp(fd->obj->name, x->name)) ||
	    (x->container &&
	     (!fd->container || strcmp(fd->container, x->container))) ||
	    (x->msg && !strstr(fd->message, x->msg)))
		return false;
	for (e = 0; e < fd->nev && !ev; e++)
		ev = (!x->ev_path || !strcmp(fd->ev[e].path, x->ev_path)) &&
		     (!x->ev_value || !strcmp(fd->ev[e].value, x->ev_value));
	return ev;
}

static void expect_one(const struct expect *x, const char *path)
{
	const struct check *c = check_find(x->check);
	const char *p[1] = { path };
	struct tu_checks r;
	size_t i, n = 0;
	bool found = false;

	ck_assert_msg(c != NULL, "no check '%s'", x->check);
	run_paths(&r, c, p, 1);
	for (i = 0; i < r.f.n; i++) {
		n += r.f.v[i]->check == c;
		if (matches(r.f.v[i], x))
			found = true;
		if (!found || n != x->count)
			fprintf(stderr, "  %s %s %s/%s [%s] %s\n", c->id,
				severity_name(r.f.v[i]->severity),
				r.f.v[i]->obj->kind, r.f.v[i]->obj->name,
				r.f.v[i]->container ? r.f.v[i]->container : "-",
				r.f.v[i]->message);
	}
	ck_assert_msg(n == x->count, "%s on %s: %zu findings, expected %zu",
		      x->check, x->file, n, x->count);
	ck_assert_msg(found || !x->count, "%s on %s: no finding matches",
		      x->check, x->file);
	tu_checks_release(&r);
}

static const struct expect cases[] = {
	{ "resource-limits/fire/no-resources.yaml", "resource-limits", 1,
	  SEV_MEDIUM, "Deployment", "web", "web",
	  "spec.template.spec.containers[0].resources.limits", "memory unset",
	  "has no memory limit and no CPU limit" },
	{ "resource-limits/fire/cpu-only-init.yaml", "resource-limits", 1,
	  SEV_LOW, "CronJob", "report", "fetch",
	  "spec.jobTemplate.spec.template.spec.initContainers[0].resources."
	  "limits",
	  NULL, "init container 'fetch' has no memory limit" },
	{ "resource-limits/fire/limitrange-elsewhere.yaml", "resource-limits",
	  1, SEV_MEDIUM, "Pod", "api", "api", NULL, NULL, NULL },
	{ "resource-requests/fire/sidecar-init.yaml", "resource-requests", 1,
	  SEV_LOW, "Pod", "app", "proxy", NULL, "memory unset",
	  "init container 'proxy' has no memory request" },
	{ "namespace-resource-quota/fire/nothing.yaml",
	  "namespace-resource-quota", 1, SEV_MEDIUM, "Namespace", "team-a",
	  NULL, "metadata.name", "team-a",
	  "runs 1 workload with no ResourceQuota and no LimitRange" },
	{ "namespace-resource-quota/fire/limitrange-object-quota.yaml",
	  "namespace-resource-quota", 1, SEV_LOW, "Namespace", "team-b", NULL,
	  "LimitRange", "defaults", "(its ResourceQuota counts objects only)" },
	{ "image-latest-tag/fire/latest-with-port.yaml", "image-latest-tag", 2,
	  SEV_MEDIUM, "Pod", "tool", "fetch", "spec.initContainers[0].image",
	  "registry.local:5000/tools/fetch", "without a tag" },
	{ "image-latest-tag/fire/latest-with-port.yaml", "image-latest-tag", 2,
	  SEV_MEDIUM, "Pod", "tool", "tool", NULL, NULL,
	  "by its mutable :latest tag" },
	{ "image-not-pinned/fire/tag.yaml", "image-not-pinned", 1, SEV_LOW,
	  "Job", "migrate", "migrate", "spec.template.spec.containers[0].image",
	  "registry.example.com/shop/migrate:1.4.2", NULL },
	{ "image-pull-policy/fire/default-if-not-present.yaml",
	  "image-pull-policy", 1, SEV_LOW, "Deployment", "api", "api", NULL,
	  "unset (IfNotPresent)", "IfNotPresent by default" },
	{ "image-pull-policy/fire/latest-explicit.yaml", "image-pull-policy", 1,
	  SEV_LOW, "Pod", "tool", "tool", "spec.containers[0].imagePullPolicy",
	  "IfNotPresent", NULL },
	{ "image-untrusted-registry/fire/public.yaml",
	  "image-untrusted-registry", 2, SEV_MEDIUM, "Deployment", "web",
	  "lookalike", NULL, "registry.example.com.evil.io/shop/web",
	  "from registry.example.com.evil.io" },
	{ "ssh-server/fire/port-22-exposed.yaml", "ssh-server", 2, SEV_HIGH,
	  "Deployment", "legacy", "app",
	  "spec.template.spec.containers[0]."
	  "ports[1]",
	  "22", "and is reachable from outside the cluster" },
	{ "ssh-server/fire/port-22-exposed.yaml", "ssh-server", 2, SEV_HIGH,
	  "Service", "legacy", NULL, "spec.ports[0]", "2222",
	  "outside the cluster" },
	{ "ssh-server/fire/sshd-command.yaml", "ssh-server", 2, SEV_MEDIUM,
	  "Pod", "debug", "shell", "spec.containers[0].args[0]", NULL,
	  "starts an SSH server" },
	{ "ssh-server/fire/named-port.yaml", "ssh-server", 2, SEV_MEDIUM,
	  "StatefulSet", "git", "git",
	  "spec.template.spec.containers[0]."
	  "ports[1]",
	  "2222", "declares an SSH port" },
	{ "ssh-server/fire/named-port.yaml", "ssh-server", 2, SEV_MEDIUM,
	  "Service", "git-shell", NULL, "spec.ports[0]", "2222",
	  "Service 'git-shell' publishes SSH (port 2222) to StatefulSet git" },
	{ "ssh-server/fire/sshd-command.yaml", "ssh-server", 2, SEV_MEDIUM,
	  "Pod", "debug", "jump", "spec.containers[1].image", NULL,
	  "SSH server image" },
	{ "static-pod/fire/mirror-pod.yaml", "static-pod", 1, SEV_MEDIUM, "Pod",
	  "backdoor-node-1", NULL, "metadata.ownerReferences[0]", NULL,
	  "static pod of node 'node-1'" },
	{ "static-pod/fire/writable-manifests.yaml", "static-pod", 1, SEV_HIGH,
	  "DaemonSet", "config-sync", "sync",
	  "spec.template.spec.containers[0].volumeMounts[0]",
	  "/etc/kubernetes writable", "kubeadm static pod directory" },
	{ "name-mimicry/fire/bare-replica-name.yaml", "name-mimicry", 1,
	  SEV_MEDIUM, "Pod", "storefront-7d4b9c8f5-x2k9p", NULL,
	  "metadata.name", NULL, "a ReplicaSet gives its pods" },
	{ "name-mimicry/fire/kube-system-coredns.yaml", "name-mimicry", 1,
	  SEV_HIGH, "Pod", NULL, NULL, NULL, NULL, "named like coredns" },
	{ "name-mimicry/fire/kube-proxy-elsewhere.yaml", "name-mimicry", 1,
	  SEV_MEDIUM, "DaemonSet", "node-helper", "kube-proxy",
	  "spec.template.spec.containers[0].name", "kube-proxy", NULL },
	{ "rbac-delete-data/fire/namespaces.yaml", "rbac-delete-data", 1,
	  SEV_HIGH, "ClusterRoleBinding", "ci-cleanup", NULL, "subjects[0]",
	  "ServiceAccount ci/janitor",
	  "delete namespaces or PersistentVolumes" },
	{ "rbac-delete-data/fire/claims-cluster-wide.yaml", "rbac-delete-data",
	  1, SEV_MEDIUM, "ClusterRoleBinding", "storage-team", NULL, NULL, NULL,
	  "in every namespace" },
	{ "storage-reclaim-delete/fire/default-class.yaml",
	  "storage-reclaim-delete", 1, SEV_LOW, "StorageClass", "standard",
	  NULL, "reclaimPolicy", "unset (Delete)", "1 bound volume in the" },
	{ "storage-reclaim-delete/fire/static-pv.yaml",
	  "storage-reclaim-delete", 1, SEV_LOW, "PersistentVolume", "reports",
	  NULL, "spec.persistentVolumeReclaimPolicy", "Delete",
	  "bound to claim finance/reports" },
	{ "git-sync-exec/fire/v4-exec-exposed.yaml", "git-sync-exec", 1,
	  SEV_HIGH, "Deployment", "docs", "git-sync",
	  "spec.template.spec.containers[1].args[2]",
	  "--exec=/git/docs/build.sh", "reachable from outside" },
	{ "git-sync-exec/fire/v3-env.yaml", "git-sync-exec", 1, SEV_MEDIUM,
	  "StatefulSet", "scheduler", "dags-sync",
	  "spec.template.spec.containers[1].env[1]", "GIT_SYNC_HOOK_COMMAND",
	  NULL },
	{ "kubelet-subpath-cve/fire/old-node.yaml", "kubelet-subpath-cve", 1,
	  SEV_HIGH, "Node", "worker-1", NULL, "status.nodeInfo.kubeletVersion",
	  "v1.21.2", "CVE-2021-25741" },
	{ "kubelet-subpath-cve/fire/windows-node.yaml", "kubelet-subpath-cve",
	  1, SEV_MEDIUM, "Node", "win-1", NULL, NULL, NULL, "CVE-2023-3676" },
	{ "exposed-unhardened/fire/ingress-uid-zero.yaml", "exposed-unhardened",
	  1, SEV_MEDIUM, "Deployment", "api", "api", NULL, NULL, "(Ingress)" },
	{ "cronjob-persistence/fire/privileged-hostpath.yaml",
	  "cronjob-persistence", 1, SEV_HIGH, "CronJob", "node-maintenance",
	  NULL, "spec.jobTemplate.spec.template.spec", NULL,
	  "a privileged container; hostPID; host path '/'" },
	{ "cronjob-persistence/fire/powerful-sa.yaml", "cronjob-persistence", 1,
	  SEV_HIGH, "CronJob", "nightly-report", NULL, NULL, NULL,
	  "a service account token that can read secrets" },
	{ "sudo-entrypoint/fire/command.yaml", "sudo-entrypoint", 1, SEV_MEDIUM,
	  "Deployment", "legacy", "app",
	  "spec.template.spec.containers[0].command[0]", "/usr/bin/sudo",
	  NULL },
	{ "sudo-entrypoint/fire/shell-script.yaml", "sudo-entrypoint", 1,
	  SEV_MEDIUM, "Pod", "tool", "tool", "spec.containers[0].args[0]", NULL,
	  NULL },
	/* real manifests (../shared/k8s-real) */
	{ "@examples/kubernetes-goat/poor-registry__deployment.yaml",
	  "image-latest-tag", 1, SEV_MEDIUM, "Deployment",
	  "poor-registry-deployment", "poor-registry", NULL,
	  "madhuakula/k8s-goat-poor-registry", "without a tag" },
	{ "@examples/kubernetes-goat/kube-bench-security__node-job.yaml",
	  "image-latest-tag", 1, SEV_MEDIUM, "Job", "kube-bench-node",
	  "kube-bench", NULL, "docker.io/aquasec/kube-bench:latest", NULL },
	{ "@examples/kubernetes-goat/system-monitor__deployment.yaml",
	  "static-pod", 1, SEV_HIGH, "Deployment", "system-monitor-deployment",
	  "system-monitor", NULL, "/ writable", NULL },
	/* argocd-server may delete anything, but it is an effective
	 * cluster-admin: said once, by the escalation checks */
	{ "@sensitive-apps/argo-cd", "rbac-delete-data", 0, SEV_NONE, NULL,
	  NULL, NULL, NULL, NULL, NULL },
	{ "@sensitive-apps/argo-workflows", "rbac-delete-data", 1, SEV_MEDIUM,
	  "ClusterRoleBinding", "argo-binding", NULL, NULL, NULL,
	  "PersistentVolumeClaims in every namespace" },
	{ "@sensitive-apps/kube-prometheus", "resource-limits", 0, SEV_NONE,
	  NULL, NULL, NULL, NULL, NULL, NULL },
	{ "@control-plane/website/konnectivity-server.yaml", "static-pod", 0,
	  SEV_NONE, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "@control-plane/website/konnectivity-server.yaml", "name-mimicry", 0,
	  SEV_NONE, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "@rbac-bootstrap", "rbac-delete-data", 0, SEV_NONE, NULL, NULL, NULL,
	  NULL, NULL, NULL },
	{ "rbac-service-status/fire/lb-controller.yaml", "rbac-service-status",
	  1, SEV_HIGH, "ClusterRoleBinding", "lb-status-writer", NULL,
	  "subjects[0]", "ServiceAccount lb-system/lb-controller",
	  "in every namespace" },
	{ "rbac-service-status/fire/any-status-in-namespace.yaml",
	  "rbac-service-status", 1, SEV_MEDIUM, "RoleBinding",
	  "service-operator", NULL, NULL, NULL, "in namespace storefront" },
	/* the service controller's bootstrap binding, the one that needs it */
	{ "@rbac-bootstrap", "rbac-service-status", 0, SEV_NONE, NULL, NULL,
	  NULL, NULL, NULL, NULL },
	{ "service-ip-hijack/fire/cluster-ip-of-dns.yaml", "service-ip-hijack",
	  1, SEV_HIGH, "Service", "resolver-cache", NULL, "spec.externalIPs[0]",
	  "10.96.0.10", "the cluster IP of Service kube-system/kube-dns" },
	{ "service-ip-hijack/fire/node-kubelet.yaml", "service-ip-hijack", 2,
	  SEV_HIGH, "Service", "metrics-proxy", NULL, "spec.externalIPs[0]",
	  "192.168.10.22", "an address of Node worker-2, on port 10250" },
	/* 2001:0db8:0000::0010 is 2001:db8::10: each claims the other's */
	{ "service-ip-hijack/fire/status-claims-other-lb.yaml",
	  "service-ip-hijack", 2, SEV_HIGH, "Service", "tap", NULL,
	  "status.loadBalancer.ingress[0].ip", "2001:0db8:0000::0010",
	  "may send" },
	/* real installs publish Services, none claims another's address */
	{ "@sensitive-apps", "service-ip-hijack", 0, SEV_NONE, NULL, NULL, NULL,
	  NULL, NULL, NULL },
	{ "@examples", "service-ip-hijack", 0, SEV_NONE, NULL, NULL, NULL, NULL,
	  NULL, NULL },
	{ "rbac-create-pv/fire/provisioner.yaml", "rbac-create-pv", 1,
	  SEV_MEDIUM, "ClusterRoleBinding", "nfs-provisioner-runner", NULL,
	  "subjects[0]", "ServiceAccount storage/nfs-provisioner",
	  "with anyone's claim and pod" },
	{ "rbac-create-pv/fire/volumes-and-pods.yaml", "rbac-create-pv", 1,
	  SEV_HIGH, "ClusterRoleBinding", "volume-maker-maya", NULL, NULL, NULL,
	  "claims and pods in namespace analytics" },
	/* weave-scope reads PersistentVolumes; the binder is bootstrap */
	{ "@sensitive-apps/weave-scope", "rbac-create-pv", 0, SEV_NONE, NULL,
	  NULL, NULL, NULL, NULL, NULL },
	{ "@rbac-bootstrap", "rbac-create-pv", 0, SEV_NONE, NULL, NULL, NULL,
	  NULL, NULL, NULL },
	/* argocd-server may do anything: said once, folded */
	{ "@sensitive-apps/argo-cd", "rbac-service-status", 0, SEV_NONE, NULL,
	  NULL, NULL, NULL, NULL, NULL },
	{ "rbac-endpoints-write/fire/mesh-slice-writer.yaml",
	  "rbac-endpoints-write", 1, SEV_HIGH, "ClusterRoleBinding",
	  "mesh-endpoint-sync", NULL, "subjects[0]",
	  "ServiceAccount mesh-system/mesh-endpoint-sync",
	  "write EndpointSlices in every namespace" },
	{ "rbac-endpoints-write/fire/legacy-edit-in-namespace.yaml",
	  "rbac-endpoints-write", 1, SEV_MEDIUM, "RoleBinding",
	  "catalog-editors", NULL, NULL, NULL,
	  "write Endpoints in namespace catalog" },
	/* the endpoint controllers' bootstrap bindings; edit and admin of a
	 * current cluster no longer write endpoints */
	{ "@rbac-bootstrap", "rbac-endpoints-write", 0, SEV_NONE, NULL, NULL,
	  NULL, NULL, NULL, NULL },
	{ "@sensitive-apps", "rbac-endpoints-write", 0, SEV_NONE, NULL, NULL,
	  NULL, NULL, NULL, NULL },
	{ "endpoints-redirect/fire/node-and-metadata.yaml",
	  "endpoints-redirect", 2, SEV_HIGH, "Endpoints", "legacy-billing",
	  NULL, "subsets[0].addresses[0].ip", "10.20.0.11",
	  "an address of Node redirect-node-a, on port 10250 (the kubelet)" },
	{ "endpoints-redirect/fire/node-and-metadata.yaml",
	  "endpoints-redirect", 2, SEV_HIGH, "EndpointSlice",
	  "instance-info-manual", NULL, "endpoints[0].addresses[0]",
	  "fd00:ec2::254", "the cloud instance metadata address" },
	/* the pod is a Deployment's, read after its ReplicaSet */
	{ "endpoints-redirect/fire/pod-of-other-namespace.yaml",
	  "endpoints-redirect", 2, SEV_MEDIUM, "Endpoints", "ledger-shadow",
	  NULL, "subsets[0].addresses[0].ip", "10.244.7.31",
	  "the address of Pod payments/ledger-api-6d4f9-x2kq7" },
	{ "endpoints-redirect/fire/pod-of-other-namespace.yaml",
	  "endpoints-redirect", 2, SEV_MEDIUM, "EndpointSlice",
	  "ledger-by-ref-1", NULL, NULL, NULL,
	  "Pod payments/ledger-api-old by its targetRef" },
	{ "@sensitive-apps", "endpoints-redirect", 0, SEV_NONE, NULL, NULL,
	  NULL, NULL, NULL, NULL },
	{ "@examples", "endpoints-redirect", 0, SEV_NONE, NULL, NULL, NULL,
	  NULL, NULL, NULL },
};

START_TEST(test_targeted)
{
	const struct expect *x = &cases[_i];
	char path[512];

	if (x->file[0] == '@') {
		TU_NEED_SHARED(shared);
		snprintf(path, sizeof(path), "%s/k8s-real/%s", shared,
			 x->file + 1);
	} else {
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, x->file);
	}
	expect_one(x, path);
}
END_TEST

/* ---- every container check on Job and CronJob templates ---- */

/* A pod spec that every container check should fire on. */
static const char bad_spec[] =
    "hostPID: true\n"
    "hostNetwork: true\n"
    "containers:\n"
    "  - name: app\n"
    "    image: docker.io/someone/tool\n"
    "    command: [sudo, /usr/sbin/sshd, -D]\n"
    "    ports: [{containerPort: 22}]\n"
    "    securityContext:\n"
    "      privileged: true\n"
    "      runAsUser: 0\n"
    "      capabilities: {add: [SYS_ADMIN]}\n"
    "    volumeMounts: [{name: root, mountPath: /host}]\n"
    "  - name: kube-proxy\n"
    "    image: registry.k8s.io/git-sync/git-sync:v4.2.1\n"
    "    args: [--exec=/git/run.sh]\n"
    "volumes:\n"
    "  - name: root\n"
    "    hostPath: {path: /}\n";

/* kind's manifest around bad_spec, indented to depth. */
static char *wrap(const char *head, int depth)
{
	size_t n = strlen(head) + 2 * sizeof(bad_spec) * 4, len;
	char *out = malloc(n);
	const char *p;

	ck_assert_ptr_nonnull(out);
	len = (size_t)snprintf(out, n, "%s", head);
	for (p = bad_spec; *p;) {
		size_t l = strcspn(p, "\n");
		len += (size_t)snprintf(out + len, n - len, "%*s%.*s\n", depth,
					"", (int)l, p);
		p += l + (p[l] == '\n');
	}
	return out;
}

static const char *const heads[][2] = {
	{ "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, "
	  "namespace: ops}\nspec:\n  selector: {matchLabels: {a: b}}\n  "
	  "template:\n    metadata: {labels: {a: b}}\n    spec:\n",
	  "6" },
	{ "apiVersion: batch/v1\nkind: Job\nmetadata: {name: w, namespace: "
	  "ops}\nspec:\n  template:\n    spec:\n",
	  "6" },
	{ "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w, "
	  "namespace: ops}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n "
	  "   spec:\n      template:\n        spec:\n",
	  "10" },
};

/* Sorted, comma-joined ids of the checks with findings on text. */
static void fired(const char *text, char *out, size_t n)
{
	struct scan *s = tu_scan_text(text);
	struct check_result *res;
	struct findings f;
	size_t nres, i;
	char buf[1024];

	ck_assert_msg(
	    s->errors.n == 0, "%s in\n%s",
	    s->errors.n ? diag_format(&s->errors.v[0], buf, sizeof(buf)) : "",
	    text);
	s->trusted_registries = trusted;
	s->ntrusted_registries = 2;
	findings_init(&f, s->arena);
	scan_run(s, check_registry, NULL, NULL, &f, &res, &nres);
	out[0] = '\0';
	for (i = 0; i < nres; i++)
		if (res[i].findings && (res[i].check->needs & NEED_WORKLOADS) &&
		    strcmp(res[i].check->id, "cronjob-persistence") != 0) {
			strncat(out, res[i].check->id, n - strlen(out) - 1);
			strncat(out, ",", n - strlen(out) - 1);
		}
	findings_release(&f);
	free(res);
	scan_free(s);
}

START_TEST(test_job_templates_covered)
{
	char want[4096], got[4096];
	size_t k;

	for (k = 0; k < 3; k++) {
		char *text = wrap(heads[k][0], atoi(heads[k][1]));
		fired(text, k ? got : want, sizeof(want));
		free(text);
		if (k)
			ck_assert_msg(!strcmp(want, got),
				      "kind %zu: %s\nDeployment: %s", k, got,
				      want);
	}
	/* the template is bad enough to reach most container checks */
	ck_assert_ptr_nonnull(strstr(want, "privileged-container,"));
	ck_assert_ptr_nonnull(strstr(want, "ssh-server,"));
	ck_assert_ptr_nonnull(strstr(want, "sudo-entrypoint,"));
	ck_assert_ptr_nonnull(strstr(want, "git-sync-exec,"));
	ck_assert_ptr_nonnull(strstr(want, "name-mimicry,"));
	ck_assert_ptr_nonnull(strstr(want, "image-untrusted-registry,"));
}
END_TEST

/* ---- the option on the command line ---- */

START_TEST(test_trusted_registries_cli)
{
	char cmd[1024], *out = NULL;

	snprintf(cmd, sizeof(cmd),
		 "%s scan -q -f " FIXTURES
		 "/image-untrusted-registry/fire/public.yaml "
		 "--checks image-untrusted-registry -o json=-",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0); /* no list: silent */
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "%s scan -f " FIXTURES
		 "/image-untrusted-registry/fire/public.yaml "
		 "--checks image-untrusted-registry --trusted-registries "
		 "registry.example.com --trusted-registries docker.io/library",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 1);
	ck_assert_ptr_nonnull(strstr(out, "docker.io/someuser/xmrig"));
	ck_assert_ptr_null(strstr(out, "container 'web'"));
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "%s scan -f " FIXTURES
		 "/image-untrusted-registry/fire/public.yaml "
		 "--checks image-untrusted-registry --trusted-registries "
		 "registry.example.com,docker.io,*.evil.io",
		 tu_bin());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	free(out);
}
END_TEST

Suite *suite_hygiene(void)
{
	Suite *s = suite_create("hygiene");
	TCase *tc = tcase_create("units");

	tcase_add_loop_test(tc, test_image_parse, 0,
			    (int)(sizeof(refs) / sizeof(refs[0])));
	tcase_add_test(tc, test_image_trusted);
	tcase_add_test(tc, test_resources_defaults);
	tcase_add_test(tc, test_resources_pod_level);
	tcase_add_test(tc, test_generate_name);
	tcase_add_test(tc, test_generate_name_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("checks");
	tcase_add_loop_test(tc, test_targeted, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_job_templates_covered);
	tcase_add_test(tc, test_trusted_registries_cli);
	suite_add_tcase(s, tc);
	return s;
}
