/*
 * lib/workload, lib/exposure and lib/netpol: container iteration with
 * field paths, securityContext merge, host path normalisation, capability
 * names, Service/Ingress exposure and NetworkPolicy selection.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "analysis/netpol.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"
#include "workload.h"

/* ---- path normalisation (case table) ---- */

static const struct {
	const char *in, *sub, *out; /* out NULL: rejected */
} norm_cases[] = {
	{ .in = "/etc", .sub = NULL, .out = "/etc" },
	{ .in = "/etc/", .sub = NULL, .out = "/etc" },
	{ .in = "//etc//kubernetes///", .sub = NULL, .out = "/etc/kubernetes" },
	{ .in = "/var/./lib/./kubelet",
	  .sub = NULL,
	  .out = "/var/lib/kubelet" },
	{ .in = "/var/lib/../run/docker.sock",
	  .sub = NULL,
	  .out = "/var/run/docker.sock" },
	{ .in = "/../..", .sub = NULL, .out = "/" },
	{ .in = "/", .sub = NULL, .out = "/" },
	{ .in = "///", .sub = NULL, .out = "/" },
	{ .in = "/var/lib", .sub = "kubelet", .out = "/var/lib/kubelet" },
	{ .in = "/var/lib/",
	  .sub = "./kubelet/pods/",
	  .out = "/var/lib/kubelet/pods" },
	{ .in = "/", .sub = "etc", .out = "/etc" },
	{ .in = "/data", .sub = "", .out = "/data" },
	{ .in = "etc", .sub = NULL, .out = NULL },
	{ .in = "", .sub = NULL, .out = NULL },
};

START_TEST(test_normalize)
{
	char out[64];
	bool ok = wl_path_normalize(norm_cases[_i].in, norm_cases[_i].sub, out,
				    sizeof(out));

	if (!norm_cases[_i].out) {
		ck_assert_msg(!ok, "'%s' accepted", norm_cases[_i].in);
		return;
	}
	ck_assert_msg(ok, "'%s' rejected", norm_cases[_i].in);
	ck_assert_str_eq(out, norm_cases[_i].out);
}
END_TEST

START_TEST(test_normalize_too_long)
{
	char out[8];

	ck_assert(
	    !wl_path_normalize("/var/lib/kubelet", NULL, out, sizeof(out)));
}
END_TEST

static const struct {
	const char *p, *dir;
	bool under;
} under_cases[] = {
	{ .p = "/etc", .dir = "/etc", .under = true },
	{ .p = "/etc/ssl", .dir = "/etc", .under = true },
	{ .p = "/etcetera", .dir = "/etc", .under = false },
	{ .p = "/et", .dir = "/etc", .under = false },
	{ .p = "/var/lib/kubelet/pods",
	  .dir = "/var/lib/kubelet",
	  .under = true },
	{ .p = "/var/lib/kubelet-data",
	  .dir = "/var/lib/kubelet",
	  .under = false },
	{ .p = "/anything", .dir = "/", .under = true },
	{ .p = "/", .dir = "/", .under = true },
	{ .p = "/", .dir = "/etc", .under = false },
};

START_TEST(test_under)
{
	ck_assert_msg(wl_path_under(under_cases[_i].p, under_cases[_i].dir) ==
			  under_cases[_i].under,
		      "'%s' under '%s'", under_cases[_i].p,
		      under_cases[_i].dir);
}
END_TEST

START_TEST(test_cap_names)
{
	ck_assert(wl_cap_is("SYS_ADMIN", "SYS_ADMIN"));
	ck_assert(wl_cap_is("CAP_SYS_ADMIN", "SYS_ADMIN"));
	ck_assert(wl_cap_is("cap_sys_admin", "SYS_ADMIN"));
	ck_assert(wl_cap_is("sys_admin", "CAP_SYS_ADMIN"));
	ck_assert(!wl_cap_is("SYS_ADMINX", "SYS_ADMIN"));
	ck_assert(!wl_cap_is("CAP_", "SYS_ADMIN"));
	ck_assert(!wl_cap_is(NULL, "SYS_ADMIN"));
}
END_TEST

/* ---- iteration and merge on loaded objects ---- */

static const char cronjob[] =
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: cj, namespace: ns1}\n"
    "spec:\n"
    "  schedule: '@daily'\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        metadata: {labels: {app: cj}}\n"
    "        spec:\n"
    "          serviceAccount: old-sa\n"
    "          securityContext: {runAsUser: 1000, runAsNonRoot: true}\n"
    "          initContainers:\n"
    "            - name: init\n"
    "              image: busybox\n"
    "          containers:\n"
    "            - name: a\n"
    "              image: busybox\n"
    "            - name: b\n"
    "              image: busybox\n"
    "              securityContext: {runAsUser: 0, privileged: true}\n"
    "          ephemeralContainers:\n"
    "            - name: dbg\n"
    "              image: busybox\n"
    "          volumes:\n"
    "            - name: v0\n"
    "              emptyDir: {}\n"
    "            - name: v1\n"
    "              hostPath: {path: /tmp}\n";

static const struct pod_view *only_view(struct scan *s)
{
	size_t n;
	const struct pod_view *pv = inventory_pods(s->inv, &n);

	ck_assert_uint_eq(s->errors.n, 0);
	ck_assert_uint_eq(n, 1);
	return pv;
}

/*
 * The template's ephemeral container "dbg" is not walked: the API server
 * refuses a pod template that lists one, so it never runs.
 */
START_TEST(test_iterate_paths)
{
	static const char *const names[] = { "a", "b", "init" };
	static const char *const paths[] = {
		"spec.jobTemplate.spec.template.spec.containers[0]",
		"spec.jobTemplate.spec.template.spec.containers[1]",
		"spec.jobTemplate.spec.template.spec.initContainers[0]",
	};
	static const enum wl_list lists[] = { WL_CONTAINERS, WL_CONTAINERS,
					      WL_INIT_CONTAINERS };
	struct scan *s = tu_scan_text(cronjob);
	const struct pod_view *pv = only_view(s);
	struct wl_iter it;
	size_t i = 0;
	char meta[128];

	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		ck_assert_uint_lt(i, 3);
		ck_assert_str_eq(it.name, names[i]);
		ck_assert_str_eq(it.path, paths[i]);
		ck_assert_int_eq(it.list, lists[i]);
		i++;
	}
	ck_assert_uint_eq(i, 3);
	ck_assert(!wl_next(&it)); /* stays at the end */
	ck_assert_str_eq(wl_service_account(pv, NULL), "old-sa");
	wl_meta_path(pv, "labels", meta, sizeof(meta));
	ck_assert_str_eq(meta,
			 "spec.jobTemplate.spec.template.metadata.labels");
	scan_free(s);
}
END_TEST

/* A Pod's ephemeral containers (kubectl debug) are walked, last. */
START_TEST(test_iterate_pod_ephemeral)
{
	static const char pod[] = "apiVersion: v1\n"
				  "kind: Pod\n"
				  "metadata: {name: debugged, namespace: ns}\n"
				  "spec:\n"
				  "  containers:\n"
				  "    - {name: app, image: busybox}\n"
				  "  ephemeralContainers:\n"
				  "    - {name: dbg, image: busybox}\n";
	struct scan *s = tu_scan_text(pod);
	const struct pod_view *pv = only_view(s);
	struct wl_iter it;

	wl_iter_init(&it, pv);
	ck_assert(wl_next(&it));
	ck_assert_str_eq(it.name, "app");
	ck_assert(wl_next(&it));
	ck_assert_str_eq(it.name, "dbg");
	ck_assert_int_eq(it.list, WL_EPHEMERAL_CONTAINERS);
	ck_assert_str_eq(it.path, "spec.ephemeralContainers[0]");
	ck_assert(!wl_next(&it));
	scan_free(s);
}
END_TEST

/*
 * Image volumes (volumes[].image, Kubernetes 1.31+): only a volume whose
 * image.reference is a string is one; its pull policy is read, and the
 * image checks judge it like a container's image.
 */
START_TEST(test_image_volumes)
{
	static const char yaml[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: inf, namespace: ml}\n"
	    "spec:\n  selector: {matchLabels: {app: inf}}\n"
	    "  template:\n    metadata: {labels: {app: inf}}\n"
	    "    spec:\n"
	    "      containers:\n"
	    "      - {name: s, image: 'reg.example.com/s@sha256:"
	    "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'}"
	    "\n"
	    "      volumes:\n"
	    "      - {name: tmp, emptyDir: {}}\n"
	    "      - {name: odd, image: {reference: 7}}\n"
	    "      - {name: none, image: {}}\n"
	    "      - name: weights\n"
	    "        image: {reference: 'reg.example.com/w', "
	    "pullPolicy: IfNotPresent}\n"
	    "      - name: tools\n"
	    "        image: {reference: 'reg.example.com/t:1.2'}\n";
	struct tu_checks r;
	struct wl_image_volume v;
	const struct pod_view *pv;
	const struct finding *fd;
	size_t next = 0;

	tu_checks_run(&r, tu_scan_text(yaml), check_registry, NULL, NULL);
	pv = only_view(r.s);
	ck_assert(wl_next_image_volume(pv, &next, &v));
	ck_assert_uint_eq(v.index, 3);
	ck_assert_uint_eq(next, 4);
	ck_assert_str_eq(v.name, "weights");
	ck_assert_str_eq(node_str(v.ref), "reg.example.com/w");
	ck_assert_str_eq(node_str(v.pull), "IfNotPresent");
	ck_assert_str_eq(v.path, "spec.template.spec.volumes[3].image");
	ck_assert(wl_next_image_volume(pv, &next, &v));
	ck_assert_uint_eq(v.index, 4);
	ck_assert_str_eq(v.name, "tools");
	ck_assert_ptr_null(v.pull);
	ck_assert(!wl_next_image_volume(pv, &next, &v));
	ck_assert(!wl_next_image_volume(pv, &next, &v)); /* stays at the end */

	/* untagged: image-latest-tag, with the reference as evidence */
	fd = tu_checks_with(&r, "volume 'weights' mounts image");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->check->id, "image-latest-tag");
	ck_assert_str_eq(fd->message,
			 "volume 'weights' mounts image 'reg.example.com/w' "
			 "without a tag (pulled as :latest)");
	ck_assert_ptr_null(fd->container);
	ck_assert_str_eq(fd->ev[0].path,
			 "spec.template.spec.volumes[3].image.reference");
	ck_assert_uint_eq(fd->ev[0].line, 16);
	/* an explicit IfNotPresent on an untagged reference */
	fd = tu_checks_with(&r, "volume 'weights' mounts mutable image");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->check->id, "image-pull-policy");
	ck_assert_str_eq(fd->ev[0].path,
			 "spec.template.spec.volumes[3].image.pullPolicy");
	ck_assert_str_eq(fd->ev[0].value, "IfNotPresent");
	/* a version tag: not pinned, and cached by default */
	fd = tu_checks_with(&r, "volume 'tools' mounts image");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->check->id, "image-not-pinned");
	fd = tu_checks_with(&r, "volume 'tools' mounts mutable image");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->message,
			 "volume 'tools' mounts mutable image "
			 "'reg.example.com/t:1.2' from the node's cache "
			 "(pullPolicy IfNotPresent by default)");
	ck_assert_str_eq(fd->ev[0].value, "unset (IfNotPresent)");
	/* nothing about the pinned container or the other volumes */
	ck_assert_ptr_null(tu_checks_with(&r, "container 's' runs"));
	ck_assert_ptr_null(tu_checks_with(&r, "volume 'odd'"));
	ck_assert_ptr_null(tu_checks_with(&r, "volume 'none'"));
	ck_assert_ptr_null(tu_checks_with(&r, "volume 'tmp'"));
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_effective_merge)
{
	struct scan *s = tu_scan_text(cronjob);
	const struct pod_view *pv = only_view(s);
	struct wl_iter it;
	char path[WL_PATH_MAX + 64];
	const struct node *v;
	long long u;
	size_t vi = 99;

	wl_iter_init(&it, pv);
	ck_assert(wl_next(&it)); /* a: inherits the pod's UID */
	v = wl_effective(&it, "runAsUser", path, sizeof(path));
	ck_assert(node_int(v, &u));
	ck_assert_int_eq(u, 1000);
	ck_assert_str_eq(
	    path,
	    "spec.jobTemplate.spec.template.spec.securityContext.runAsUser");
	ck_assert_ptr_null(wl_effective(&it, "privileged", path, sizeof(path)));
	ck_assert(wl_next(&it)); /* b: overrides it */
	v = wl_effective(&it, "runAsUser", path, sizeof(path));
	ck_assert(node_int(v, &u));
	ck_assert_int_eq(u, 0);
	ck_assert_str_eq(path, "spec.jobTemplate.spec.template.spec."
			       "containers[1].securityContext.runAsUser");
	/* runAsNonRoot still comes from the pod */
	ck_assert(node_is_true(wl_effective(&it, "runAsNonRoot", NULL, 0)));
	/* privileged has no pod-level fallback, the container's is found */
	ck_assert(node_is_true(wl_container_sc(&it, "privileged", NULL, 0)));
	ck_assert_ptr_nonnull(wl_volume(pv, "v1", &vi));
	ck_assert_uint_eq(vi, 1);
	ck_assert_ptr_null(wl_volume(pv, "v2", NULL));
	ck_assert_ptr_null(wl_volume(pv, NULL, NULL));
	scan_free(s);
}
END_TEST

START_TEST(test_default_service_account)
{
	struct scan *s = tu_scan_text("apiVersion: v1\nkind: Pod\n"
				      "metadata: {name: p}\n"
				      "spec:\n  containers: [{name: c}]\n"
				      "  os: {name: windows}\n");
	const struct pod_view *pv = only_view(s);
	const struct node *at = (const struct node *)1;

	ck_assert_str_eq(wl_service_account(pv, &at), "default");
	ck_assert_ptr_null(at);
	ck_assert(wl_is_windows(pv));
	scan_free(s);
}
END_TEST

/* ---- exposure ---- */

static const char exposed[] =
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web, tier: fe}}\n"
    "    spec: {containers: [{name: c, image: nginx}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: web-np, namespace: shop}\n"
    "spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: web-int, namespace: "
    "shop}\n"
    "spec: {selector: {app: web, tier: fe}, ports: [{port: 80}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: shop}\n"
    "spec: {type: LoadBalancer, selector: {app: db}, ports: [{port: 80}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: web-np, namespace: "
    "elsewhere}\n"
    "spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}\n"
    "---\n"
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
    "metadata: {name: ing, namespace: shop}\n"
    "spec:\n  rules:\n  - http:\n      paths:\n"
    "      - {path: /, pathType: Prefix, backend: {service: {name: web-int, "
    "port: {number: 80}}}}\n"
    "      - {path: /b, pathType: Prefix, backend: {service: {name: web-int, "
    "port: {number: 80}}}}\n";

START_TEST(test_exposure_routes)
{
	struct scan *s = tu_scan_text(exposed);
	struct exposure *e;
	struct expose_route r[8];
	const struct pod_view *pv;
	const struct kobj *ing[4];
	const struct pod_view *sel[4];
	const struct kobj *svc;
	size_t n;

	ck_assert_uint_eq(s->errors.n, 0);
	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 1);
	e = exposure_build(s->inv);
	n = exposure_routes(e, pv, r, 8);
	/* NodePort web-np, and the Ingress in front of web-int (once) */
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(r[0].service->name, "web-np");
	ck_assert_int_eq(r[0].how, EXPOSE_NODEPORT);
	ck_assert_str_eq(r[0].path, "spec.type");
	ck_assert_str_eq(r[1].service->name, "web-int");
	ck_assert_int_eq(r[1].how, EXPOSE_INGRESS);
	ck_assert_str_eq(r[1].front->name, "ing");
	ck_assert_str_eq(r[1].path,
			 "spec.rules[0].http.paths[0].backend.service.name");
	ck_assert_uint_eq(exposure_routes(e, pv, r, 1),
			  2); /* count beyond max */
	svc = inventory_find(s->inv, "Service", "shop", "web-int");
	ck_assert_uint_eq(exposure_fronts(e, svc, ing, 4), 1);
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 1);
	ck_assert_ptr_eq(sel[0], &pv[0]);
	svc = inventory_find(s->inv, "Service", "shop", "other");
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 0);
	/* same name and selector, other namespace: selects nothing here */
	svc = inventory_find(s->inv, "Service", "elsewhere", "web-np");
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 0);
	exposure_free(e);
	scan_free(s);
}
END_TEST

/*
 * One namespace of n pods, each with a Service selecting it, an
 * ExternalName Service, an Ingress of class nginx and a VirtualService on
 * one Istio Gateway in front of its Service; the Gateway's pod; and two
 * Services reaching a pod through an EndpointSlice only: "manual" (no
 * selector) and "stale" (a selector no pod carries).  Malloc'ed.
 */
static char *one_namespace(size_t n)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	ck_assert_int_eq(
	    sbuf_adds(
		&sb,
		"apiVersion: networking.istio.io/v1\nkind: Gateway\n"
		"metadata: {name: gw, namespace: one}\n"
		"spec: {selector: {istio: ingressgateway}, servers: [{port: "
		"{number: 80, name: http, protocol: HTTP}, hosts: ['*']}]}\n"
		"---\napiVersion: v1\nkind: Pod\n"
		"metadata: {name: gwpod, namespace: one, labels: {istio: "
		"ingressgateway}}\n"
		"spec: {containers: [{name: c, image: 'istio/proxyv2:1.20', "
		"ports: [{containerPort: 8080, hostPort: 80}]}]}\n"
		"---\napiVersion: v1\nkind: Service\n"
		"metadata: {name: manual, namespace: one}\n"
		"spec: {ports: [{port: 80}]}\n"
		"---\napiVersion: v1\nkind: Service\n"
		"metadata: {name: stale, namespace: one}\n"
		"spec: {selector: {app: gone}, ports: [{port: 80}]}\n"),
	    0);
	ck_assert_int_eq(
	    sbuf_adds(&sb, "---\napiVersion: discovery.k8s.io/v1\n"
			   "kind: EndpointSlice\nmetadata: {name: manual-1, "
			   "namespace: one, labels: "
			   "{kubernetes.io/service-name: manual}}\n"
			   "addressType: IPv4\nendpoints: [{addresses: "
			   "[10.0.0.1], targetRef: {kind: Pod, name: p0, "
			   "namespace: one}}]\n"
			   "---\napiVersion: discovery.k8s.io/v1\n"
			   "kind: EndpointSlice\nmetadata: {name: stale-1, "
			   "namespace: one, labels: "
			   "{kubernetes.io/service-name: stale}}\n"
			   "addressType: IPv4\nendpoints: [{addresses: "
			   "[10.0.0.2], targetRef: {kind: Pod, name: p1, "
			   "namespace: one}}]\n"),
	    0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(
		    sbuf_addf(
			&sb,
			"---\napiVersion: v1\nkind: Pod\n"
			"metadata: {name: p%zu, namespace: one, labels: {app: "
			"a%zu}}\n"
			"spec: {containers: [{name: c, image: 'nginx:1.27', "
			"ports: [{containerPort: 8080}]}]}\n"
			"---\napiVersion: v1\nkind: Service\n"
			"metadata: {name: s%zu, namespace: one}\n"
			"spec: {selector: {app: a%zu}, ports: [{port: 80, "
			"targetPort: 8080}]}\n"
			"---\napiVersion: v1\nkind: Service\n"
			"metadata: {name: e%zu, namespace: one}\n"
			"spec: {type: ExternalName, externalName: "
			"s%zu.one.svc.cluster.local}\n"
			"---\napiVersion: networking.k8s.io/v1\nkind: Ingress\n"
			"metadata: {name: i%zu, namespace: one}\n"
			"spec: {ingressClassName: nginx, rules: [{http: "
			"{paths: "
			"[{path: /, pathType: Prefix, backend: {service: "
			"{name: "
			"s%zu, port: {number: 80}}}}]}}]}\n"
			"---\napiVersion: networking.istio.io/v1\n"
			"kind: VirtualService\n"
			"metadata: {name: v%zu, namespace: one}\n"
			"spec: {hosts: [h%zu.example], gateways: [gw], http: "
			"[{route: [{destination: {host: s%zu}}]}]}\n",
			i, i, i, i, i, (i + 1) % n, i, i, i, i, i),
		    0);
	return sbuf_detach(&sb, NULL);
}

/* Work of exposure_build() on one_namespace(n), after checking its reach. */
static size_t one_namespace_work(size_t n)
{
	char *text = one_namespace(n);
	struct scan *s = tu_scan_text(text);
	const struct pod_view *sel[4];
	const struct kobj *svc;
	struct exposure *e;
	size_t work;

	ck_assert_uint_eq(s->errors.n, 0);
	e = exposure_build(s->inv);
	/* an EndpointSlice connects a Service with no selector, and one
	 * whose selector matches nothing, to the pod it names */
	svc = inventory_find(s->inv, "Service", "one", "manual");
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 1);
	ck_assert_str_eq(sel[0]->obj->name, "p0");
	svc = inventory_find(s->inv, "Service", "one", "stale");
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 1);
	ck_assert_str_eq(sel[0]->obj->name, "p1");
	/* an ExternalName Service selects no pod */
	svc = inventory_find(s->inv, "Service", "one", "e0");
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 0);
	svc = inventory_find(s->inv, "Service", "one", "s3");
	ck_assert_uint_eq(exposure_selected(e, svc, sel, 4), 1);
	ck_assert_str_eq(sel[0]->obj->name, "p3");
	work = exposure_build_work(e);
	exposure_free(e);
	scan_free(s);
	free(text);
	return work;
}

/*
 * Four times the namespace, four times the work: Services without a
 * selector (ExternalName here) are no candidates for every pod, and the
 * pods of an Ingress controller or an Istio Gateway are looked for once
 * per controller or Gateway, not once per Ingress or VirtualService.
 */
START_TEST(test_exposure_one_namespace_linear)
{
	size_t small = one_namespace_work(60), big = one_namespace_work(240);

	ck_assert_uint_gt(small, 60);
	ck_assert_uint_le(big, 5 * small);
}
END_TEST

/* ---- netpol ---- */

static const struct {
	const char *policy_spec; /* YAML flow mapping of spec */
	bool ingress, egress;	 /* expected isolation of app=web pods */
} np_cases[] = {
	{ .policy_spec = "{podSelector: {}}",
	  .ingress = true,
	  .egress = false },
	{ .policy_spec = "{podSelector: {}, policyTypes: [Egress]}",
	  .ingress = false,
	  .egress = true },
	{ .policy_spec = "{podSelector: {}, egress: [{}]}",
	  .ingress = true,
	  .egress = true },
	{ .policy_spec =
	      "{podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress, "
	      "Egress]}",
	  .ingress = true,
	  .egress = true },
	{ .policy_spec = "{podSelector: {matchLabels: {app: db}}}",
	  .ingress = false,
	  .egress = false },
	{ .policy_spec =
	      "{podSelector: {matchExpressions: [{key: app, operator: NotIn, "
	      "values: [db]}]}}",
	  .ingress = true,
	  .egress = false },
	{ .policy_spec =
	      "{podSelector: {matchExpressions: [{key: app, operator: "
	      "DoesNotExist}]}}",
	  .ingress = false,
	  .egress = false },
	{ .policy_spec = "{policyTypes: [Ingress]}",
	  .ingress = true,
	  .egress = false },
};

START_TEST(test_netpol_cases)
{
	char text[1024];
	struct scan *s;
	struct netpol *np;
	struct netpol_cover c;
	const struct pod_view *pv;
	size_t n;

	snprintf(text, sizeof(text),
		 "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
		 "metadata: {name: p, namespace: shop}\nspec: %s\n---\n"
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: web, namespace: shop, labels: {app: web}}\n"
		 "spec: {containers: [{name: c}]}\n---\n"
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: web, labels: {app: web}}\n"
		 "spec: {containers: [{name: c}]}\n",
		 np_cases[_i].policy_spec);
	s = tu_scan_text(text);
	ck_assert_uint_eq(s->errors.n, 0);
	np = netpol_build(s->inv);
	pv = inventory_pods(s->inv, &n);
	ck_assert_uint_eq(n, 2);
	netpol_cover(np, &pv[0], &c);
	ck_assert_msg((c.ingress_by != NULL) == np_cases[_i].ingress,
		      "ingress for %s", np_cases[_i].policy_spec);
	ck_assert_msg((c.egress_by != NULL) == np_cases[_i].egress,
		      "egress for %s", np_cases[_i].policy_spec);
	ck_assert_uint_eq(c.ns_policies, 1);
	/* the pod without namespace is in another ("unspecified") one */
	netpol_cover(np, &pv[1], &c);
	ck_assert_ptr_null(c.ingress_by);
	ck_assert_uint_eq(c.ns_policies, 0);
	netpol_free(np);
	scan_free(s);
}
END_TEST

Suite *suite_workload(void)
{
	Suite *s = suite_create("workload");
	TCase *tc = tcase_create("paths");

	tcase_add_loop_test(tc, test_normalize, 0,
			    (int)(sizeof(norm_cases) / sizeof(norm_cases[0])));
	tcase_add_test(tc, test_normalize_too_long);
	tcase_add_loop_test(
	    tc, test_under, 0,
	    (int)(sizeof(under_cases) / sizeof(under_cases[0])));
	tcase_add_test(tc, test_cap_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("pod views");
	tcase_add_test(tc, test_iterate_paths);
	tcase_add_test(tc, test_iterate_pod_ephemeral);
	tcase_add_test(tc, test_image_volumes);
	tcase_add_test(tc, test_effective_merge);
	tcase_add_test(tc, test_default_service_account);
	suite_add_tcase(s, tc);
	tc = tcase_create("analyses");
	tcase_add_test(tc, test_exposure_routes);
	tcase_add_test(tc, test_exposure_one_namespace_linear);
	tcase_add_loop_test(tc, test_netpol_cases, 0,
			    (int)(sizeof(np_cases) / sizeof(np_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
