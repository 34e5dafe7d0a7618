/*
 * test_catalog_targeted.c - what seventeen checks say: the object, severity,
 * message and evidence of a finding on their own fixtures and on small
 * manifests, the cases their documentation keeps silent or ranks lower, and
 * real manifests (../shared/k8s-real) where one fits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "sbuf.h"
#include "testutil.h"

#define FX "testdata/checks"

/* ---- running one check ---- */

/* Run check id alone on s, which r then owns; s must have loaded clean. */
static void run1(struct tu_checks *r, struct scan *s, const char *id)
{
	tu_check_one(r, s, id);
	ck_assert_uint_eq(r->nres, 1);
}

static void run_text(struct tu_checks *r, const char *id, const char *text)
{
	run1(r, tu_scan_text(text), id);
}

static void run_file(struct tu_checks *r, const char *id, const char *path)
{
	const char *p[1] = { path };

	run1(r, tu_scan_paths(p, 1), id);
}

/* The path (size n) of file under ../shared/k8s-real. */
static void real_path(char *path, size_t n, const char *shared,
		      const char *file)
{
	snprintf(path, n, "%s/k8s-real/%s", shared, file);
}

static void run_real(struct tu_checks *r, const char *id, const char *shared,
		     const char *file)
{
	char path[700];

	real_path(path, sizeof(path), shared, file);
	run_file(r, id, path);
}

/* ---- what a finding must say ---- */

struct want {
	const char *kind, *name;
	const char *container; /* NULL: about the whole object */
	enum severity sev;
	const char *msg[3];   /* parts of the message */
	const char *ev_path;  /* first evidence: path, value, line */
	const char *ev_value; /* NULL: not compared */
	unsigned line;	      /* 0: not compared */
};

/*
 * The finding of r about w's object and container whose first evidence
 * path is w's, checked against the rest of w.
 */
static const struct finding *expect(const struct tu_checks *r,
				    const struct want *w)
{
	const struct finding *fd = NULL;
	size_t i, k;

	for (i = 0; i < r->f.n && !fd; i++) {
		const struct finding *c = r->f.v[i];
		if (strcmp(c->obj->kind, w->kind) ||
		    strcmp(c->obj->name, w->name) || c->nev == 0 ||
		    strcmp(c->ev[0].path, w->ev_path))
			continue;
		if (w->container
			? !c->container || strcmp(c->container, w->container)
			: c->container != NULL)
			continue;
		fd = c;
	}
	if (!fd) {
		for (i = 0; i < r->f.n; i++)
			fprintf(stderr, "  have %s/%s [%s] %s: %s\n",
				r->f.v[i]->obj->kind, r->f.v[i]->obj->name,
				r->f.v[i]->container ? r->f.v[i]->container
						     : "-",
				r->f.v[i]->nev ? r->f.v[i]->ev[0].path : "-",
				r->f.v[i]->message);
		ck_abort_msg("no finding on %s/%s at %s", w->kind, w->name,
			     w->ev_path);
		return NULL;
	}
	ck_assert_msg(fd->severity == w->sev, "%s/%s: severity %s, not %s",
		      w->kind, w->name, severity_name(fd->severity),
		      severity_name(w->sev));
	for (k = 0; k < 3 && w->msg[k]; k++)
		ck_assert_msg(strstr(fd->message, w->msg[k]) != NULL,
			      "'%s' not in '%s'", w->msg[k], fd->message);
	if (w->ev_value)
		ck_assert_str_eq(fd->ev[0].value, w->ev_value);
	if (w->line)
		ck_assert_uint_eq(fd->ev[0].line, w->line);
	return fd;
}

/* r holds exactly n findings. */
static void count_is(const struct tu_checks *r, size_t n)
{
	size_t i;

	if (r->f.n != n)
		for (i = 0; i < r->f.n; i++)
			fprintf(stderr, "  %s %s/%s: %s\n",
				r->f.v[i]->check->id, r->f.v[i]->obj->kind,
				r->f.v[i]->obj->name, r->f.v[i]->message);
	ck_assert_uint_eq(r->f.n, n);
}

/* id finds nothing in text, and passes. */
static void silent_text(const char *id, const char *text)
{
	struct tu_checks r;

	run_text(&r, id, text);
	count_is(&r, 0);
	ck_assert_int_eq(r.res[0].status, CHECK_PASSED);
	tu_checks_release(&r);
}

/* id finds nothing in each of files (n of them). */
static void silent_files(const char *id, const char *const *files, size_t n)
{
	struct tu_checks r;
	size_t i;

	for (i = 0; i < n; i++) {
		run_file(&r, id, files[i]);
		count_is(&r, 0);
		tu_checks_release(&r);
	}
}

/* One Pod a/p with the given spec lines (indented by two). */
#define POD(spec)                                                              \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"       \
	"spec:\n" spec

/* ---- capabilities-not-dropped ---- */

START_TEST(test_caps_unset_fixture)
{
	struct tu_checks r;

	run_file(&r, "capabilities-not-dropped",
		 FX "/capabilities-not-dropped/fire/unset.yaml");
	count_is(&r, 1);
	/* no drop list: the evidence is the container itself */
	expect(&r, &(struct want){
		       "Deployment",
		       "api",
		       "api",
		       SEV_LOW,
		       { "container 'api' does not drop ALL capabilities",
			 "NET_RAW included (packet forgery)" },
		       "spec.template.spec.containers[0]",
		       "capabilities.drop unset",
		       23 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_caps_net_raw_dropped)
{
	struct tu_checks r;

	run_file(&r, "capabilities-not-dropped",
		 FX "/capabilities-not-dropped/fire/drops-net-raw.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Deployment",
				   "api",
				   "api",
				   SEV_LOW,
				   { "keeps CHOWN, DAC_OVERRIDE, FOWNER, "
				     "FSETID, KILL, SETGID, SETUID, SETPCAP, "
				     "MKNOD, NET_BIND_SERVICE, SYS_CHROOT, "
				     "AUDIT_WRITE and SETFCAP of the "
				     "runtime's default set" },
				   "spec.template.spec.containers[0]."
				   "securityContext.capabilities.drop",
				   NULL,
				   32 });
	tu_checks_release(&r);
}
END_TEST

/* ALL in any case drops everything; CAP_ALL is no capability at all. */
START_TEST(test_caps_all_spellings)
{
	struct tu_checks r;

	silent_text("capabilities-not-dropped",
		    POD("  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext: {capabilities: {drop: [all]}}\n"
			"  - name: d\n    image: nginx:1.27\n"
			"    securityContext:\n"
			"      capabilities: {drop: [NET_RAW, All]}\n"));
	run_text(&r, "capabilities-not-dropped",
		 POD("  containers:\n"
		     "  - name: c\n    image: nginx:1.27\n"
		     "    securityContext:\n"
		     "      capabilities:\n        drop: [CAP_ALL]\n"));
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Pod",
		       "p",
		       "c",
		       SEV_LOW,
		       { "NET_RAW included" },
		       "spec.containers[0].securityContext.capabilities.drop",
		       NULL,
		       10 });
	tu_checks_release(&r);
}
END_TEST

/* Privileged containers and Windows pods are left out; init containers not. */
START_TEST(test_caps_skipped_and_init)
{
	struct tu_checks r;

	silent_text("capabilities-not-dropped",
		    POD("  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext: {privileged: true}\n"));
	silent_text("capabilities-not-dropped",
		    POD("  os: {name: windows}\n  containers:\n"
			"  - {name: c, image: mcr.microsoft.com/iis:10}\n"));
	run_text(&r, "capabilities-not-dropped",
		 POD("  initContainers:\n"
		     "  - {name: init, image: busybox:1.36}\n"
		     "  containers:\n"
		     "  - name: c\n    image: nginx:1.27\n"
		     "    securityContext: {capabilities: {drop: [ALL]}}\n"));
	count_is(&r, 1);
	expect(&r, &(struct want){ "Pod",
				   "p",
				   "init",
				   SEV_LOW,
				   { "init container 'init' does not drop "
				     "ALL" },
				   "spec.initContainers[0]",
				   "capabilities.drop unset",
				   6 });
	tu_checks_release(&r);
}
END_TEST

/* The restricted level's own fixtures: drop ALL is what it demands. */
START_TEST(test_caps_real_psa)
{
	static const struct {
		const char *file, *container;
	} fail[] = {
		{ "fail/capabilities_restricted0.yaml", "container1" },
		{ "fail/capabilities_restricted1.yaml", "initcontainer1" },
	};
	struct tu_checks r;
	size_t i;
	TU_NEED_SHARED(shared);

	for (i = 0; i < 2; i++) {
		char f[200];
		snprintf(f, sizeof(f),
			 "pod-security/psa-testdata/restricted/v1.37/%s",
			 fail[i].file);
		run_real(&r, "capabilities-not-dropped", shared, f);
		count_is(&r, 1);
		ck_assert_str_eq(r.f.v[0]->container, fail[i].container);
		ck_assert_ptr_nonnull(
		    strstr(r.f.v[0]->message, "NET_RAW included"));
		tu_checks_release(&r);
	}
	/*
	 * every capability named but ALL, yet SETPCAP of the default set is
	 * missing from the list: the container keeps it, so this still fires
	 */
	run_real(&r, "capabilities-not-dropped", shared,
		 "pod-security/psa-testdata/restricted/v1.37/fail/"
		 "capabilities_restricted2.yaml");
	count_is(&r, 2);
	expect(&r, &(struct want){ "Pod",
				   "capabilities_restricted2",
				   "container1",
				   SEV_LOW,
				   { "keeps SETPCAP of the runtime's default "
				     "set" },
				   "spec.containers[0].securityContext."
				   "capabilities.drop",
				   NULL,
				   0 });
	tu_checks_release(&r);
	/* drop ALL and add back baseline capabilities: not this check's */
	run_real(&r, "capabilities-not-dropped", shared,
		 "pod-security/psa-testdata/restricted/v1.37/fail/"
		 "capabilities_restricted3.yaml");
	count_is(&r, 0);
	tu_checks_release(&r);
	run_real(&r, "capabilities-not-dropped", shared,
		 "pod-security/psa-testdata/restricted/v1.37/pass/"
		 "capabilities_restricted0.yaml");
	count_is(&r, 0);
	tu_checks_release(&r);
}
END_TEST

/* ---- apparmor-unconfined ---- */

START_TEST(test_apparmor_fixtures)
{
	struct tu_checks r;

	run_file(&r, "apparmor-unconfined",
		 FX "/apparmor-unconfined/fire/annotation.yaml");
	count_is(&r, 1);
	expect(&r,
	       &(struct want){ "Deployment",
			       "api",
			       "api",
			       SEV_MEDIUM,
			       { "container 'api' runs AppArmor-unconfined",
				 "(beta annotation)" },
			       "spec.template.metadata.annotations['container."
			       "apparmor.security.beta.kubernetes.io/api']",
			       "unconfined",
			       17 });
	tu_checks_release(&r);
	run_file(&r, "apparmor-unconfined",
		 FX "/apparmor-unconfined/fire/pod-field.yaml");
	count_is(&r, 1);
	/* the pod's profile is the container's when it sets none */
	expect(&r,
	       &(struct want){
		   "Deployment",
		   "api",
		   "api",
		   SEV_MEDIUM,
		   { "runs with appArmorProfile Unconfined" },
		   "spec.template.spec.securityContext.appArmorProfile.type",
		   "Unconfined",
		   23 });
	tu_checks_release(&r);
}
END_TEST

/*
 * The container's profile overrides the pod's; the annotation overrides
 * the field; unset, RuntimeDefault and Localhost profiles confine.
 */
START_TEST(test_apparmor_precedence)
{
	struct tu_checks r;

	silent_text("apparmor-unconfined",
		    POD("  securityContext: {appArmorProfile: {type: "
			"Unconfined}}\n"
			"  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext: {appArmorProfile: {type: "
			"RuntimeDefault}}\n"));
	silent_text("apparmor-unconfined",
		    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
		    "  namespace: a\n  annotations:\n"
		    "    container.apparmor.security.beta.kubernetes.io/c: "
		    "runtime/default\n"
		    "spec:\n  containers:\n"
		    "  - name: c\n    image: nginx:1.27\n"
		    "    securityContext: {appArmorProfile: {type: "
		    "Unconfined}}\n");
	silent_text("apparmor-unconfined",
		    POD("  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext: {appArmorProfile: {type: "
			"Localhost, localhostProfile: k8s-nginx}}\n"
			"  - {name: d, image: nginx:1.27}\n"));
	/* a privileged container is never confined: not reported here */
	silent_text("apparmor-unconfined",
		    POD("  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext:\n      privileged: true\n"
			"      appArmorProfile: {type: Unconfined}\n"));
	/* the annotation names one container; the other keeps its profile */
	run_text(&r, "apparmor-unconfined",
		 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
		 "  namespace: a\n  annotations:\n"
		 "    container.apparmor.security.beta.kubernetes.io/side: "
		 "unconfined\n"
		 "spec:\n  containers:\n"
		 "  - {name: c, image: nginx:1.27}\n"
		 "  - {name: side, image: envoyproxy/envoy:v1.30.1}\n");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Pod",
		       "p",
		       "side",
		       SEV_MEDIUM,
		       { "'side' runs AppArmor-unconfined" },
		       "metadata.annotations['container.apparmor.security."
		       "beta.kubernetes.io/side']",
		       "unconfined",
		       7 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_apparmor_real_psa)
{
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	run_real(&r, "apparmor-unconfined", shared,
		 "pod-security/psa-testdata/baseline/v1.37/fail/"
		 "apparmorprofile0.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Pod",
		       "apparmorprofile0",
		       "container1",
		       SEV_MEDIUM,
		       { "(beta annotation)" },
		       "metadata.annotations['container.apparmor.security."
		       "beta.kubernetes.io/container1']",
		       "unconfined",
		       5 });
	tu_checks_release(&r);
	run_real(&r, "apparmor-unconfined", shared,
		 "pod-security/psa-testdata/baseline/v1.37/fail/"
		 "apparmorprofile1.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Pod",
		       "apparmorprofile1",
		       "initcontainer1",
		       SEV_MEDIUM,
		       { "init container 'initcontainer1'" },
		       "metadata.annotations['container.apparmor.security."
		       "beta.kubernetes.io/initcontainer1']",
		       "unconfined",
		       0 });
	tu_checks_release(&r);
	/* localhost/foo is a profile */
	run_real(&r, "apparmor-unconfined", shared,
		 "pod-security/psa-testdata/baseline/v1.37/pass/"
		 "apparmorprofile0.yaml");
	count_is(&r, 0);
	tu_checks_release(&r);
}
END_TEST

/* ---- proc-mount-unmasked ---- */

START_TEST(test_procmount_fixtures)
{
	struct tu_checks r;

	run_file(&r, "proc-mount-unmasked",
		 FX "/proc-mount-unmasked/fire/host-users.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Deployment",
		       "builder",
		       "api",
		       SEV_HIGH,
		       { "container 'api' mounts /proc unmasked",
			 "with the node's users (no user namespace)" },
		       "spec.template.spec.containers[0].securityContext."
		       "procMount",
		       "Unmasked",
		       33 });
	tu_checks_release(&r);
	/* in a user namespace, as baseline allows: low */
	run_file(&r, "proc-mount-unmasked",
		 FX "/proc-mount-unmasked/fire/user-namespace.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Deployment",
		       "builder",
		       "api",
		       SEV_LOW,
		       { "inside a user namespace (hostUsers: false)" },
		       "spec.template.spec.containers[0].securityContext."
		       "procMount",
		       "Unmasked",
		       33 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_procmount_values)
{
	struct tu_checks r;

	silent_text("proc-mount-unmasked",
		    POD("  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext: {procMount: Default}\n"));
	/* hostUsers: true is the node's users, as is unset */
	run_text(&r, "proc-mount-unmasked",
		 POD("  hostUsers: true\n  containers:\n"
		     "  - name: c\n    image: nginx:1.27\n"
		     "    securityContext: {procMount: Unmasked}\n"));
	count_is(&r, 1);
	expect(&r, &(struct want){ "Pod",
				   "p",
				   "c",
				   SEV_HIGH,
				   { "with the node's users" },
				   "spec.containers[0].securityContext."
				   "procMount",
				   "Unmasked",
				   9 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_procmount_real_psa)
{
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	run_real(&r, "proc-mount-unmasked", shared,
		 "pod-security/psa-testdata/baseline/v1.37/fail/"
		 "procmount1.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Pod",
		       "procmount1",
		       "initcontainer1",
		       SEV_HIGH,
		       { "init container 'initcontainer1' mounts /proc "
			 "unmasked" },
		       "spec.initContainers[0].securityContext.procMount",
		       "Unmasked",
		       0 });
	tu_checks_release(&r);
	/* baseline passes it in a user namespace: reported low, twice */
	run_real(&r, "proc-mount-unmasked", shared,
		 "pod-security/psa-testdata/baseline/v1.37/pass/"
		 "procmount1.yaml");
	count_is(&r, 2);
	expect(&r,
	       &(struct want){ "Pod",
			       "procmount1",
			       "container1",
			       SEV_LOW,
			       { "inside a user namespace" },
			       "spec.containers[0].securityContext.procMount",
			       "Unmasked",
			       0 });
	expect(&r, &(struct want){
		       "Pod",
		       "procmount1",
		       "initcontainer1",
		       SEV_LOW,
		       { "inside a user namespace" },
		       "spec.initContainers[0].securityContext.procMount",
		       "Unmasked",
		       0 });
	tu_checks_release(&r);
	run_real(&r, "proc-mount-unmasked", shared,
		 "pod-security/psa-testdata/baseline/v1.37/pass/"
		 "procmount0.yaml");
	count_is(&r, 0);
	tu_checks_release(&r);
}
END_TEST

/* ---- unsafe-sysctls ---- */

START_TEST(test_sysctls_fixture)
{
	struct tu_checks r;

	run_file(&r, "unsafe-sysctls",
		 FX "/unsafe-sysctls/fire/kernel-msg.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Deployment",
		       "mq",
		       NULL,
		       SEV_MEDIUM,
		       { "the pod sets sysctl 'kernel.msgmax', outside the "
			 "safe set" },
		       "spec.template.spec.securityContext.sysctls[0].name",
		       "kernel.msgmax",
		       23 });
	tu_checks_release(&r);
}
END_TEST

/* Each unsafe name is its own finding; the safe ones beside it are not. */
START_TEST(test_sysctls_safe_set)
{
	struct tu_checks r;

	silent_text(
	    "unsafe-sysctls",
	    POD("  securityContext:\n    sysctls:\n"
		"    - {name: net.ipv4.ip_local_port_range, value: "
		"'1024 65535'}\n"
		"    - {name: net.ipv4.ip_local_reserved_ports, value: "
		"'8080'}\n"
		"    - {name: net.ipv4.tcp_keepalive_time, value: '60'}\n"
		"    - {name: kernel.shm_rmid_forced, value: '1'}\n"
		"  containers: [{name: c, image: nginx:1.27}]\n"));
	run_text(&r, "unsafe-sysctls",
		 POD("  securityContext:\n    sysctls:\n"
		     "    - {name: net.ipv4.tcp_syncookies, value: '1'}\n"
		     "    - {name: net.core.somaxconn, value: '4096'}\n"
		     "    - {name: kernel.shmmax, value: '68719476736'}\n"
		     "  containers: [{name: c, image: nginx:1.27}]\n"));
	count_is(&r, 2);
	expect(&r, &(struct want){ "Pod",
				   "p",
				   NULL,
				   SEV_MEDIUM,
				   { "'net.core.somaxconn'" },
				   "spec.securityContext.sysctls[1].name",
				   "net.core.somaxconn",
				   8 });
	expect(&r, &(struct want){ "Pod",
				   "p",
				   NULL,
				   SEV_MEDIUM,
				   { "'kernel.shmmax'" },
				   "spec.securityContext.sysctls[2].name",
				   "kernel.shmmax",
				   9 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_sysctls_real_psa)
{
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	run_real(&r, "unsafe-sysctls", shared,
		 "pod-security/psa-testdata/baseline/v1.37/fail/sysctls0.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Pod",
				   "sysctls0",
				   NULL,
				   SEV_MEDIUM,
				   { "'othersysctl'" },
				   "spec.securityContext.sysctls[0].name",
				   "othersysctl",
				   0 });
	tu_checks_release(&r);
	/* the two TCP tunables the newest policy added */
	run_real(&r, "unsafe-sysctls", shared,
		 "pod-security/psa-testdata/baseline/v1.37/pass/sysctls1.yaml");
	count_is(&r, 0);
	tu_checks_release(&r);
}
END_TEST

/* ---- ingress-snippet-annotation ---- */

#define INGRESS(meta, spec)                                                    \
	"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n"         \
	"  name: web\n  namespace: shop\n" meta "spec:\n" spec

#define INGRESS_RULE(host)                                                     \
	"  - host: " host "\n    http:\n      paths:\n"                        \
	"      - {path: /, pathType: Prefix, backend: {service: {name: web, "  \
	"port: {number: 80}}}}\n"

START_TEST(test_snippet_fixture)
{
	struct tu_checks r;

	run_file(&r, "ingress-snippet-annotation",
		 FX
		 "/ingress-snippet-annotation/fire/configuration-snippet.yaml");
	count_is(&r, 1);
	/* the snippet is cut at 60 characters in the evidence */
	expect(&r, &(struct want){
		       "Ingress",
		       "web",
		       NULL,
		       SEV_HIGH,
		       { "Ingress 'web' carries the ingress-nginx annotation "
			 "'nginx.ingress.kubernetes.io/configuration-snippet'",
			 "verbatim into the controller's configuration" },
		       "metadata.annotations.nginx.ingress.kubernetes.io/"
		       "configuration-snippet",
		       "location /t { alias /var/run/secrets/kubernetes.io/"
		       "serviceac...",
		       8 });
	tu_checks_release(&r);
}
END_TEST

/* Two snippets make one finding with two pieces of evidence. */
START_TEST(test_snippet_keys)
{
	struct tu_checks r;
	const struct finding *fd;

	run_text(&r, "ingress-snippet-annotation",
		 INGRESS("  annotations:\n"
			 "    nginx.ingress.kubernetes.io/rewrite-target: /\n"
			 "    nginx.ingress.kubernetes.io/auth-snippet: "
			 "'proxy_set_header X-A b;'\n"
			 "    nginx.ingress.kubernetes.io/server-snippet: "
			 "'location /x { return 200; }'\n",
			 "  rules:\n" INGRESS_RULE("shop.example.com")));
	count_is(&r, 1);
	fd = expect(&r, &(struct want){
			    "Ingress",
			    "web",
			    NULL,
			    SEV_HIGH,
			    { "'nginx.ingress.kubernetes.io/auth-snippet'" },
			    "metadata.annotations.nginx.ingress.kubernetes.io/"
			    "auth-snippet",
			    "proxy_set_header X-A b;",
			    8 });
	ck_assert_uint_eq(fd->nev, 2);
	ck_assert_str_eq(fd->ev[1].path, "metadata.annotations.nginx.ingress."
					 "kubernetes.io/server-snippet");
	ck_assert_uint_eq(fd->ev[1].line, 9);
	tu_checks_release(&r);
	/* other nginx annotations, and snippets of other controllers */
	silent_text("ingress-snippet-annotation",
		    INGRESS("  annotations:\n"
			    "    nginx.ingress.kubernetes.io/proxy-body-size: "
			    "8m\n"
			    "    nginx.ingress.kubernetes.io/"
			    "allow-snippet-annotations: 'false'\n"
			    "    example.com/server-snippet: 'x'\n",
			    "  rules:\n" INGRESS_RULE("shop.example.com")));
}
END_TEST

/* ---- ingress-without-tls ---- */

START_TEST(test_tls_fixtures)
{
	struct tu_checks r;

	run_file(&r, "ingress-without-tls",
		 FX "/ingress-without-tls/fire/no-tls.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Ingress",
				   "web",
				   NULL,
				   SEV_MEDIUM,
				   { "Ingress 'web' has no spec.tls",
				     "served over plain HTTP" },
				   "spec",
				   "no tls",
				   10 });
	tu_checks_release(&r);
	run_file(&r, "ingress-without-tls",
		 FX "/ingress-without-tls/fire/host-not-covered.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Ingress",
				   "web",
				   NULL,
				   SEV_MEDIUM,
				   { "serves host 'shop.example.com' without "
				     "TLS",
				     "no spec.tls entry lists it" },
				   "spec.rules[0].host",
				   "shop.example.com",
				   13 });
	tu_checks_release(&r);
}
END_TEST

/* A wildcard covers exactly one label, as in a certificate. */
START_TEST(test_tls_wildcard)
{
	struct tu_checks r;

	silent_text("ingress-without-tls",
		    INGRESS("",
			    "  tls: [{hosts: ['*.example.com'], secretName: "
			    "w}]\n"
			    "  rules:\n" INGRESS_RULE("shop.example.com")
				INGRESS_RULE("'*.example.com'")));
	run_text(&r, "ingress-without-tls",
		 INGRESS("", "  tls: [{hosts: ['*.example.com'], secretName: "
			     "w}]\n"
			     "  rules:\n" INGRESS_RULE("shop.example.com")
				 INGRESS_RULE("a.b.example.com")
				     INGRESS_RULE("example.com")));
	count_is(&r, 2);
	expect(&r, &(struct want){ "Ingress",
				   "web",
				   NULL,
				   SEV_MEDIUM,
				   { "host 'a.b.example.com'" },
				   "spec.rules[1].host",
				   "a.b.example.com",
				   13 });
	expect(&r, &(struct want){ "Ingress",
				   "web",
				   NULL,
				   SEV_MEDIUM,
				   { "host 'example.com'" },
				   "spec.rules[2].host",
				   "example.com",
				   17 });
	tu_checks_release(&r);
}
END_TEST

/* Kept on the private network by its cloud controller: low. */
START_TEST(test_tls_internal)
{
	struct tu_checks r;

	run_text(&r, "ingress-without-tls",
		 INGRESS("  annotations:\n"
			 "    alb.ingress.kubernetes.io/scheme: internal\n",
			 "  ingressClassName: alb\n"
			 "  rules:\n" INGRESS_RULE("shop.example.com")));
	count_is(&r, 1);
	/* an ALB judged by its listeners: HTTP 80 by default */
	expect(&r,
	       &(struct want){ "Ingress",
			       "web",
			       NULL,
			       SEV_LOW,
			       { "has no HTTPS listener on its ALB" },
			       "metadata.annotations.alb.ingress.kubernetes.io/"
			       "listen-ports",
			       "unset: HTTP 80",
			       0 });
	tu_checks_release(&r);
	run_text(&r, "ingress-without-tls",
		 INGRESS("  annotations:\n"
			 "    kubernetes.io/ingress.class: gce-internal\n",
			 "  tls: [{hosts: [admin.example.com], secretName: "
			 "t}]\n"
			 "  rules:\n" INGRESS_RULE("shop.example.com")));
	count_is(&r, 1);
	expect(&r, &(struct want){ "Ingress",
				   "web",
				   NULL,
				   SEV_LOW,
				   { "serves host 'shop.example.com'" },
				   "spec.rules[0].host",
				   "shop.example.com",
				   0 });
	tu_checks_release(&r);
	/* internet-facing is the ALB default: medium */
	run_text(&r, "ingress-without-tls",
		 INGRESS("  annotations:\n"
			 "    alb.ingress.kubernetes.io/scheme: "
			 "internet-facing\n",
			 "  rules:\n" INGRESS_RULE("shop.example.com")));
	count_is(&r, 1);
	ck_assert_int_eq(r.f.v[0]->severity, SEV_MEDIUM);
	tu_checks_release(&r);
}
END_TEST

/* ---- metadata-api-reachable ---- */

#define WEB_DEPLOY(ns, app)                                                    \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: " app ", namespace: " ns "}\n"                       \
	"spec:\n  selector: {matchLabels: {app: " app "}}\n  template:\n"      \
	"    metadata: {labels: {app: " app "}}\n"                             \
	"    spec:\n      containers: [{name: app, image: 'nginx:1.27'}]\n"

START_TEST(test_metadata_fixtures)
{
	struct tu_checks r;
	const struct finding *fd;

	run_file(&r, "metadata-api-reachable",
		 FX "/metadata-api-reachable/fire/no-egress-policy.yaml");
	count_is(&r, 1);
	fd = expect(&r,
		    &(struct want){ "Deployment",
				    "web",
				    NULL,
				    SEV_LOW,
				    { "may reach the instance metadata API at "
				      "169.254.169.254 and fd00:ec2::254",
				      "no policy isolates egress" },
				    "spec.template.metadata.labels",
				    "no egress policy selects it",
				    8 });
	ck_assert_uint_eq(fd->nhops, 0);
	tu_checks_release(&r);
	/* hostNetwork: no policy applies, and it is the node: medium */
	run_file(&r, "metadata-api-reachable",
		 FX "/metadata-api-reachable/fire/hostnetwork.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Deployment",
				   "agent",
				   NULL,
				   SEV_MEDIUM,
				   { "uses hostNetwork" },
				   "spec.template.spec.hostNetwork",
				   "true",
				   10 });
	tu_checks_release(&r);
	/* the rule that lets it through is a hop */
	run_file(&r, "metadata-api-reachable",
		 FX "/metadata-api-reachable/fire/ipblock-all.yaml");
	count_is(&r, 1);
	fd = expect(
	    &r, &(struct want){ "Deployment",
				"web",
				NULL,
				SEV_LOW,
				{ "at 169.254.169.254:",
				  "NetworkPolicy shop/egress-internet allows "
				  "egress" },
				"spec.template.metadata.labels",
				"{...}",
				8 });
	ck_assert_uint_eq(fd->nhops, 1);
	ck_assert_str_eq(fd->hops[0].obj->name, "egress-internet");
	ck_assert_str_eq(fd->hops[0].path, "spec.egress[0].to[0]");
	ck_assert_uint_eq(fd->hops[0].line, 20);
	tu_checks_release(&r);
}
END_TEST

/* Excepting the address, or allowing another port, keeps it silent. */
START_TEST(test_metadata_boundaries)
{
	static const char *const files[] = {
		FX "/metadata-api-reachable/silent/ipblock-except.yaml",
		FX "/metadata-api-reachable/silent/https-only.yaml",
		FX "/metadata-api-reachable/silent/dns-only.yaml",
	};
	struct tu_checks r;

	silent_files("metadata-api-reachable", files,
		     sizeof(files) / sizeof(files[0]));
	/* excepting only the IPv4 address leaves the IPv6 one */
	run_text(
	    &r, "metadata-api-reachable",
	    WEB_DEPLOY(
		"shop",
		"web") "---\n"
		       "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
		       "metadata: {name: out, namespace: shop}\n"
		       "spec:\n  podSelector: {}\n  policyTypes: [Egress]\n"
		       "  egress:\n  - to:\n"
		       "    - ipBlock: {cidr: 0.0.0.0/0, except: "
		       "[169.254.169.254/32]}\n"
		       "    - ipBlock: {cidr: '::/0'}\n");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Deployment",
				   "web",
				   NULL,
				   SEV_LOW,
				   { "at fd00:ec2::254:" },
				   "spec.template.metadata.labels",
				   "{...}",
				   0 });
	ck_assert_ptr_null(strstr(r.f.v[0]->message, "169.254.169.254"));
	tu_checks_release(&r);
}
END_TEST

/* Real recipes: DNS-only egress for app=foo; allow-all egress. */
START_TEST(test_metadata_real_recipes)
{
	char path[700];
	char *pol;
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	real_path(path, sizeof(path), shared,
		  "examples/network-policy-recipes/"
		  "11-deny-egress-traffic-from-an-application-2.yaml");
	pol = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(pol);
	run1(&r,
	     tu_scan_text2(
		 pol, "---\n" WEB_DEPLOY("default", "foo") "---\n" WEB_DEPLOY(
			  "default", "bar")),
	     "metadata-api-reachable");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Deployment",
				   "bar",
				   NULL,
				   SEV_LOW,
				   { "no policy isolates egress" },
				   "spec.template.metadata.labels",
				   "no egress policy selects it",
				   0 });
	tu_checks_release(&r);
	free(pol);

	real_path(
	    path, sizeof(path), shared,
	    "examples/website/network-policy-allow-all-egress.kyaml.yaml");
	pol = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(pol);
	run1(&r, tu_scan_text2(pol, "---\n" WEB_DEPLOY("default", "foo")),
	     "metadata-api-reachable");
	count_is(&r, 1);
	ck_assert_ptr_nonnull(
	    strstr(r.f.v[0]->message,
		   "NetworkPolicy default/allow-all-egress allows egress"));
	ck_assert_uint_eq(r.f.v[0]->nhops, 1);
	ck_assert_str_eq(r.f.v[0]->hops[0].obj->name, "allow-all-egress");
	tu_checks_release(&r);
	free(pol);
}
END_TEST

/* ---- apiserver-reachable ---- */

START_TEST(test_apiserver_reachable_fixtures)
{
	struct tu_checks r;
	const struct finding *fd;

	run_file(&r, "apiserver-reachable",
		 FX "/apiserver-reachable/fire/no-egress-policy.yaml");
	count_is(&r, 1);
	expect(&r,
	       &(struct want){ "Deployment",
			       "web",
			       NULL,
			       SEV_LOW,
			       { "holds the token of ServiceAccount shop/web "
				 "(automounted)",
				 "may reach the API server",
				 "no policy isolates egress" },
			       "spec.template.spec.serviceAccountName",
			       "web",
			       10 });
	tu_checks_release(&r);
	/* a projected token counts, even with automounting off */
	run_file(&r, "apiserver-reachable",
		 FX "/apiserver-reachable/fire/projected-token.yaml");
	count_is(&r, 1);
	fd = expect(&r, &(struct want){
			    "Deployment",
			    "web",
			    NULL,
			    SEV_LOW,
			    { "ServiceAccount shop/default (projected "
			      "serviceAccountToken volume)",
			      "NetworkPolicy shop/egress allows egress to the "
			      "API server" },
			    "spec.template.spec.serviceAccountName",
			    "unset (default)",
			    0 });
	ck_assert_uint_eq(fd->nhops, 1);
	ck_assert_str_eq(fd->hops[0].path, "spec.egress[0].to[0]");
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_apiserver_reachable_boundaries)
{
	static const char *const files[] = {
		FX "/apiserver-reachable/silent/no-token.yaml",
		FX "/apiserver-reachable/silent/other-port.yaml",
		FX "/apiserver-reachable/silent/public-only.yaml",
		FX "/apiserver-reachable/silent/dns-only.yaml",
	};
	struct tu_checks r;

	silent_files("apiserver-reachable", files,
		     sizeof(files) / sizeof(files[0]));
	/* 6443 is the other port the API server is looked for on */
	run_text(
	    &r, "apiserver-reachable",
	    WEB_DEPLOY(
		"shop",
		"web") "---\n"
		       "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
		       "metadata: {name: out, namespace: shop}\n"
		       "spec:\n  podSelector: {}\n  policyTypes: [Egress]\n"
		       "  egress: [{to: [{ipBlock: {cidr: 172.16.0.0/12}}], "
		       "ports: [{port: 6443}]}]\n");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Deployment",
				   "web",
				   NULL,
				   SEV_LOW,
				   { "ServiceAccount shop/default "
				     "(automounted)",
				     "NetworkPolicy shop/out allows egress" },
				   "spec.template.spec.serviceAccountName",
				   "unset (default)",
				   0 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_apiserver_reachable_real_recipe)
{
	char path[700];
	char *pol;
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	/* DNS only: foo may not reach the API server; bar is not selected */
	real_path(path, sizeof(path), shared,
		  "examples/network-policy-recipes/"
		  "11-deny-egress-traffic-from-an-application-2.yaml");
	pol = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(pol);
	run1(&r,
	     tu_scan_text2(
		 pol, "---\n" WEB_DEPLOY("default", "foo") "---\n" WEB_DEPLOY(
			  "default", "bar")),
	     "apiserver-reachable");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Deployment",
				   "bar",
				   NULL,
				   SEV_LOW,
				   { "ServiceAccount default/default" },
				   "spec.template.spec.serviceAccountName",
				   "unset (default)",
				   0 });
	tu_checks_release(&r);
	free(pol);
}
END_TEST

/* ---- API server and etcd flags ---- */

/*
 * One control-plane pod: a kube-apiserver (or etcd) container whose
 * command is the component and then args, one per line from line 10:
 * the Nth argument is command[N] on line 9 + N, and the command list
 * itself starts on line 9.
 */
/* The image tag of cp_pod()'s container. */
static const char *cp_tag = "v1.30.2";

static char *cp_pod(const char *component, const char *args)
{
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(
	    sbuf_addf(&sb,
		      "apiVersion: v1\nkind: Pod\n"
		      "metadata: {name: %s-cp1, namespace: kube-system}\n"
		      "spec:\n  containers:\n  - name: %s\n"
		      "    image: registry.k8s.io/%s:%s\n"
		      "    command:\n    - %s\n%s",
		      component, component, component, cp_tag, component, args),
	    0);
	return sbuf_detach(&sb, NULL);
}

struct cp_case {
	const char *args;  /* "    - --flag=value\n" lines */
	enum severity sev; /* SEV_NONE: silent */
	unsigned line;	   /* of the evidence */
	const char *msg;
	const char *ev_path; /* NULL: the command, "flag unset (default)" */
	const char *ev_value;
};

static void cp_cases(const char *id, const char *component,
		     const struct cp_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *text = cp_pod(component, c[i].args);
		char name[64];
		struct tu_checks r;

		snprintf(name, sizeof(name), "%s-cp1", component);
		run_text(&r, id, text);
		free(text);
		if (c[i].sev == SEV_NONE) {
			if (r.f.n)
				fprintf(stderr, "  case %zu: %s\n", i,
					r.f.v[0]->message);
			count_is(&r, 0);
			ck_assert_int_eq(r.res[0].status, CHECK_PASSED);
		} else {
			count_is(&r, 1);
			expect(&r, &(struct want){
				       "Pod",
				       name,
				       component,
				       c[i].sev,
				       { component, c[i].msg },
				       c[i].ev_path ? c[i].ev_path
						    : "spec.containers[0]."
						      "command",
				       c[i].ev_path ? c[i].ev_value
						    : "flag unset (default)",
				       c[i].line });
		}
		tu_checks_release(&r);
	}
}

#define ARG0 "spec.containers[0].command[1]"
#define ARG1 "spec.containers[0].command[2]"

START_TEST(test_authorization_mode)
{
	static const struct cp_case c[] = {
		/* the default is AlwaysAllow */
		{ "    - --secure-port=6443\n", SEV_CRITICAL, 9,
		  "--authorization-mode is not set, so it defaults to "
		  "AlwaysAllow",
		  NULL, NULL },
		/* AlwaysAllow anywhere in the list allows what RBAC does not */
		{ "    - --authorization-mode=Node,RBAC,AlwaysAllow\n",
		  SEV_CRITICAL, 10, "AlwaysAllow is an authorization mode",
		  ARG0, "--authorization-mode=Node,RBAC,AlwaysAllow" },
		{ "    - --authorization-mode=ABAC\n", SEV_HIGH, 10,
		  "RBAC is not an authorization mode, so Roles and bindings "
		  "have no effect",
		  ARG0, "--authorization-mode=ABAC" },
		{ "    - --authorization-mode=Node,Webhook\n", SEV_HIGH, 10,
		  "RBAC is not an authorization mode", ARG0,
		  "--authorization-mode=Node,Webhook" },
		{ "    - --authorization-mode=Node,RBAC\n", SEV_NONE, 0, NULL,
		  NULL, NULL },
		/* the value as the next word */
		{ "    - --authorization-mode\n    - RBAC,Webhook\n", SEV_NONE,
		  0, NULL, NULL, NULL },
		/* structured authorization replaces the flag */
		{ "    - --authorization-config=/etc/kubernetes/authz.yaml\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
	};

	cp_cases("apiserver-authorization-mode", "kube-apiserver", c,
		 sizeof(c) / sizeof(c[0]));
}
END_TEST

START_TEST(test_insecure_port)
{
	/* before 1.20: the port defaults to 8080 */
	static const struct cp_case old[] = {
		{ "    - --insecure-port=8080\n", SEV_CRITICAL, 10,
		  "--insecure-port=8080 serves the API without authentication "
		  "or authorization",
		  ARG0, "--insecure-port=8080" },
		{ "    - --insecure-bind-address=0.0.0.0\n"
		  "    - --insecure-port\n    - '8080'\n",
		  SEV_CRITICAL, 11, "or authorization on 0.0.0.0", ARG1,
		  "--insecure-port=8080" },
		{ "    - --insecure-port=0\n", SEV_NONE, 0, NULL, NULL, NULL },
		{ "    - --secure-port=6443\n", SEV_CRITICAL, 9,
		  "--insecure-port is not set, and before 1.20 it defaults to "
		  "8080: the API is served without authentication or "
		  "authorization on 127.0.0.1",
		  NULL, NULL },
	};
	/* from 1.20 only 0 starts; absent, there is no insecure port */
	static const struct cp_case cur[] = {
		{ "    - --insecure-port=8080\n", SEV_NONE, 0, NULL, NULL,
		  NULL },
		{ "    - --secure-port=6443\n", SEV_NONE, 0, NULL, NULL, NULL },
	};

	cp_tag = "v1.19.16";
	cp_cases("apiserver-insecure-port", "kube-apiserver", old,
		 sizeof(old) / sizeof(old[0]));
	cp_tag = "v1.30.2";
	cp_cases("apiserver-insecure-port", "kube-apiserver", cur,
		 sizeof(cur) / sizeof(cur[0]));
}
END_TEST

START_TEST(test_audit_log)
{
	static const struct cp_case c[] = {
		{ "    - --authorization-mode=Node,RBAC\n", SEV_MEDIUM, 9,
		  "neither --audit-log-path nor --audit-webhook-config-file "
		  "is set",
		  NULL, NULL },
		{ "    - --audit-log-path=/var/log/kubernetes/audit.log\n",
		  SEV_MEDIUM, 10,
		  "--audit-policy-file is not set: without a policy no event "
		  "is recorded",
		  ARG0, "--audit-log-path=/var/log/kubernetes/audit.log" },
		{ "    - "
		  "--audit-webhook-config-file=/etc/kubernetes/hook.yaml\n",
		  SEV_MEDIUM, 10, "--audit-policy-file is not set", ARG0,
		  "--audit-webhook-config-file=/etc/kubernetes/hook.yaml" },
		/* an empty path is no backend */
		{ "    - --audit-log-path=\n"
		  "    - --audit-policy-file=/etc/kubernetes/audit.yaml\n",
		  SEV_MEDIUM, 9, "neither --audit-log-path", NULL, NULL },
		{ "    - --audit-policy-file=/etc/kubernetes/audit.yaml\n"
		  "    - --audit-log-path=-\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
		{ "    - --audit-policy-file\n    - "
		  "/etc/kubernetes/audit.yaml\n"
		  "    - "
		  "--audit-webhook-config-file=/etc/kubernetes/hook.yaml\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
	};

	cp_cases("apiserver-audit-log", "kube-apiserver", c,
		 sizeof(c) / sizeof(c[0]));
}
END_TEST

START_TEST(test_token_auth_file)
{
	static const struct cp_case c[] = {
		{ "    - --token-auth-file=/etc/kubernetes/tokens.csv\n",
		  SEV_HIGH, 10,
		  "--token-auth-file accepts never-expiring credentials listed "
		  "in /etc/kubernetes/tokens.csv",
		  ARG0, "--token-auth-file=/etc/kubernetes/tokens.csv" },
		{ "    - --basic-auth-file\n    - /srv/kubernetes/basic.csv\n",
		  SEV_HIGH, 10, "--basic-auth-file accepts", ARG0,
		  "--basic-auth-file=/srv/kubernetes/basic.csv" },
		/* an empty token file does not hide the password file */
		{ "    - --token-auth-file=\n"
		  "    - --basic-auth-file=/srv/kubernetes/basic.csv\n",
		  SEV_HIGH, 11, "listed in /srv/kubernetes/basic.csv", ARG1,
		  "--basic-auth-file=/srv/kubernetes/basic.csv" },
		{ "    - --token-auth-file=\n", SEV_NONE, 0, NULL, NULL, NULL },
		{ "    - --authorization-mode=Node,RBAC\n", SEV_NONE, 0, NULL,
		  NULL, NULL },
	};

	cp_cases("apiserver-token-auth-file", "kube-apiserver", c,
		 sizeof(c) / sizeof(c[0]));
}
END_TEST

START_TEST(test_always_admit)
{
	static const struct cp_case c[] = {
		/* the legacy flag's list is all that runs */
		{ "    - --admission-control=AlwaysAdmit\n", SEV_HIGH, 10,
		  "--admission-control=AlwaysAdmit replaces every admission "
		  "plugin",
		  ARG0, "--admission-control=AlwaysAdmit" },
		/* beside other plugins it refuses nothing and overrides none */
		{ "    - --admission-control=NamespaceLifecycle,AlwaysAdmit\n",
		  SEV_LOW, 10, "the deprecated AlwaysAdmit plugin is enabled",
		  ARG0, "--admission-control=NamespaceLifecycle,AlwaysAdmit" },
		{ "    - --enable-admission-plugins=NodeRestriction,"
		  "AlwaysAdmit\n",
		  SEV_LOW, 10, "the other plugins still refuse", ARG0,
		  "--enable-admission-plugins=NodeRestriction,AlwaysAdmit" },
		{ "    - --enable-admission-plugins=NodeRestriction,"
		  "AlwaysAdmitX\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
		{ "    - --disable-admission-plugins=AlwaysAdmit\n", SEV_NONE,
		  0, NULL, NULL, NULL },
		{ "    - --authorization-mode=Node,RBAC\n", SEV_NONE, 0, NULL,
		  NULL, NULL },
	};

	cp_cases("apiserver-always-admit", "kube-apiserver", c,
		 sizeof(c) / sizeof(c[0]));
}
END_TEST

START_TEST(test_node_restriction)
{
	static const struct cp_case c[] = {
		/* not in the default plugin list */
		{ "    - --authorization-mode=Node,RBAC\n", SEV_MEDIUM, 9,
		  "NodeRestriction is not an enabled admission plugin", NULL,
		  NULL },
		{ "    - --enable-admission-plugins=PodSecurity,"
		  "ResourceQuota\n",
		  SEV_MEDIUM, 10,
		  "a kubelet may modify other nodes and their pods", ARG0,
		  "--enable-admission-plugins=PodSecurity,ResourceQuota" },
		/* disabling wins over enabling */
		{ "    - --enable-admission-plugins=NodeRestriction\n"
		  "    - --disable-admission-plugins=NodeRestriction\n",
		  SEV_MEDIUM, 11, "NodeRestriction is disabled", ARG1,
		  "--disable-admission-plugins=NodeRestriction" },
		{ "    - --enable-admission-plugins=NodeRestriction,"
		  "PodSecurity\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
		{ "    - --admission-control\n"
		  "    - NamespaceLifecycle,NodeRestriction\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
	};

	cp_cases("apiserver-node-restriction", "kube-apiserver", c,
		 sizeof(c) / sizeof(c[0]));
}
END_TEST

START_TEST(test_etcd_peer_tls)
{
	static const struct cp_case c[] = {
		{ "    - --listen-peer-urls=https://10.0.0.10:2380\n",
		  SEV_MEDIUM, 9,
		  "etcd accepts peers without a certificate "
		  "(--peer-client-cert-auth is not true)",
		  NULL, NULL },
		{ "    - --peer-client-cert-auth=false\n", SEV_MEDIUM, 10,
		  "--peer-client-cert-auth is not true", ARG0,
		  "--peer-client-cert-auth=false" },
		{ "    - --peer-client-cert-auth=true\n"
		  "    - --listen-peer-urls\n    - http://10.0.0.10:2380\n",
		  SEV_MEDIUM, 11, "peers are reached over plain http://", ARG1,
		  "--listen-peer-urls=http://10.0.0.10:2380" },
		{ "    - --peer-client-cert-auth=true\n    - --peer-auto-tls\n",
		  SEV_MEDIUM, 11,
		  "--peer-auto-tls=true: members use self-signed", ARG1,
		  "--peer-auto-tls=true" },
		{ "    - --peer-client-cert-auth=true\n"
		  "    - --listen-peer-urls=https://10.0.0.10:2380\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
		/* given a peer certificate, etcd ignores --peer-auto-tls */
		{ "    - --peer-auto-tls=true\n"
		  "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
		  "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
		  "    - --peer-client-cert-auth=true\n"
		  "    - "
		  "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n",
		  SEV_NONE, 0, NULL, NULL, NULL },
	};

	cp_cases("etcd-peer-tls", "etcd", c, sizeof(c) / sizeof(c[0]));
}
END_TEST

/*
 * A kube-up template (../shared/k8s-real/control-plane/kubernetes-gce)
 * with its {{ ... }} placeholders replaced as vars say (unlisted ones by
 * nothing), as its installer does before the kubelet reads it.
 */
struct var {
	const char *name, *value;
};

static char *render(const char *tmpl, const struct var *vars)
{
	struct sbuf sb = SBUF_INIT;
	const char *p = tmpl, *open, *close;

	while ((open = strstr(p, "{{")) != NULL) {
		const char *a, *b;
		const struct var *v;

		close = strstr(open, "}}");
		ck_assert_ptr_nonnull(close);
		ck_assert_int_eq(sbuf_add(&sb, p, (size_t)(open - p)), 0);
		for (a = open + 2; *a == ' '; a++)
			;
		for (b = close; b > a && b[-1] == ' '; b--)
			;
		for (v = vars; v->name; v++)
			if (strlen(v->name) == (size_t)(b - a) &&
			    !strncmp(v->name, a, (size_t)(b - a)))
				break;
		if (v->name)
			ck_assert_int_eq(sbuf_adds(&sb, v->value), 0);
		p = close + 2;
	}
	ck_assert_int_eq(sbuf_adds(&sb, p), 0);
	return sbuf_detach(&sb, NULL);
}

static struct scan *gce_scan(const char *shared, const char *file,
			     const struct var *vars)
{
	char path[700];
	char *tmpl, *text;
	struct scan *s;

	snprintf(path, sizeof(path),
		 "%s/k8s-real/control-plane/kubernetes-gce/%s", shared, file);
	tmpl = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(tmpl);
	text = render(tmpl, vars);
	s = tu_scan_text(text);
	free(text);
	free(tmpl);
	return s;
}

/*
 * kube-up's API server keeps its flags in {{params}}: the command cannot
 * be read, so none of the flag checks guesses a default.
 */
START_TEST(test_apiserver_real_gce_opaque)
{
	static const struct var vars[] = {
		{ "params", "{{params}}" },
		{ "pillar['kube_docker_registry']", "registry.k8s.io" },
		{ "pillar['kube-apiserver_docker_tag']", "v1.30.2" },
		{ "pillar['allow_privileged']", "true" },
		{ "secure_port", "443" },
		{ "liveness_probe_initial_delay", "15" },
		{ "srv_sshproxy_path", "/etc/srv/sshproxy" },
		{ NULL, NULL },
	};
	static const char *const ids[] = {
		"apiserver-authorization-mode", "apiserver-insecure-port",
		"apiserver-audit-log",		"apiserver-token-auth-file",
		"apiserver-always-admit",	"apiserver-node-restriction",
	};
	struct tu_checks r;
	size_t i;
	TU_NEED_SHARED(shared);

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		run1(&r, gce_scan(shared, "kube-apiserver.manifest", vars),
		     ids[i]);
		count_is(&r, 0);
		ck_assert_msg(r.res[0].status == CHECK_PASSED, "%s is %s",
			      ids[i], check_status_name(r.res[0].status));
		tu_checks_release(&r);
	}
}
END_TEST

/*
 * kube-up's etcd runs "if [ ... ]; then migrate; fi; exec
 * /usr/local/bin/etcd ...": the component is found past the script's
 * first command.  Rendered with plain-HTTP peers it fires; with TLS peers
 * and client certificates it passes.
 */
/* kube-up's etcd.manifest rendered with plain-HTTP peers. */
static const struct var gce_etcd_plain[] = {
	{ "suffix", "" },
	{ "hostname", "master-1" },
	{ "host_ip", "10.0.0.2" },
	{ "etcd_protocol", "http" },
	{ "etcd_apiserver_protocol", "http" },
	{ "server_port", "2380" },
	{ "port", "2379" },
	{ "listen_client_ip", "127.0.0.1" },
	{ "cluster_state", "new" },
	{ "etcd_cluster", "etcd-master-1=http://master-1:2380" },
	{ "cpulimit", "\"200m\"" },
	{ "liveness_probe_initial_delay", "15" },
	{ "pillar.get('etcd_docker_repository', "
	  "'registry.k8s.io/etcd')",
	  "registry.k8s.io/etcd" },
	{ "pillar.get('etcd_docker_tag', '3.5.17-0')", "3.5.17-0" },
	{ NULL, NULL },
};

START_TEST(test_etcd_real_gce_script)
{
	const struct var *plain = gce_etcd_plain;
	struct var tls[sizeof(gce_etcd_plain) / sizeof(gce_etcd_plain[0]) + 1];
	const struct finding *fd;
	struct tu_checks r;
	size_t i;
	TU_NEED_SHARED(shared);

	run1(&r, gce_scan(shared, "etcd.manifest", plain), "etcd-peer-tls");
	count_is(&r, 1);
	fd = r.f.v[0];
	ck_assert_str_eq(fd->obj->name, "etcd-server");
	ck_assert_ptr_nonnull(strstr(fd->message, "etcd: "));
	ck_assert_ptr_nonnull(strstr(fd->message, "http://"));
	ck_assert_str_eq(fd->ev[0].path, "spec.containers[0].command[2]");
	tu_checks_release(&r);

	/* TLS peers with client certificates, as a hardened kube-up sets */
	for (i = 0; plain[i].name; i++) {
		tls[i] = plain[i];
		if (!strcmp(plain[i].name, "etcd_protocol"))
			tls[i].value = "https";
	}
	tls[i].name = "etcd_creds";
	tls[i].value = "--peer-client-cert-auth=true "
		       "--peer-trusted-ca-file=/etc/srv/kubernetes/etcd-ca.crt "
		       "--peer-cert-file=/etc/srv/kubernetes/etcd-peer.crt "
		       "--peer-key-file=/etc/srv/kubernetes/etcd-peer.key";
	tls[i + 1].name = NULL;
	tls[i + 1].value = NULL;
	run1(&r, gce_scan(shared, "etcd.manifest", tls), "etcd-peer-tls");
	count_is(&r, 0);
	ck_assert_int_eq(r.res[0].status, CHECK_PASSED);
	tu_checks_release(&r);
}
END_TEST

/*
 * An etcd operator and an etcd backup job are no etcd (their images name
 * etcd only as a prefix): no etcd-* finding on them, while kube-up's etcd
 * static pod in the same scan still has its own.
 */
START_TEST(test_etcd_operator_is_no_etcd)
{
	static const char *const ids[] = { "etcd-peer-tls",
					   "etcd-client-cert-auth" };
	char dir[] = "/tmp/threatmap-etcd-XXXXXX";
	char path[700], tmp[64];
	const char *paths[2];
	char *tmpl, *text;
	struct tu_checks r;
	size_t i, j;
	FILE *f;
	TU_NEED_SHARED(shared);

	snprintf(path, sizeof(path),
		 "%s/k8s-real/control-plane/kubernetes-gce/etcd.manifest",
		 shared);
	tmpl = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(tmpl);
	text = render(tmpl, gce_etcd_plain);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(tmp, sizeof(tmp), "%s/etcd.json", dir);
	f = fopen(tmp, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	paths[0] = "testdata/rbac/node-escape/etcd-operator.yaml";
	paths[1] = tmp;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		run1(&r, tu_scan_paths(paths, 2), ids[i]);
		ck_assert_msg(r.f.n >= 1, "%s: no finding on etcd-server",
			      ids[i]);
		for (j = 0; j < r.f.n; j++)
			ck_assert_msg(
			    !strcmp(r.f.v[j]->obj->name, "etcd-server"),
			    "%s on %s %s", ids[i], r.f.v[j]->obj->kind,
			    r.f.v[j]->obj->name);
		tu_checks_release(&r);
	}
	unlink(tmp);
	rmdir(dir);
	free(text);
	free(tmpl);
}
END_TEST

/*
 * privilege-escalation: the API server refuses allowPrivilegeEscalation:
 * false only beside the literal CAP_SYS_ADMIN; beside SYS_ADMIN or ALL the
 * kubelet sets no_new_privs, which takes nothing away from the process.
 */
START_TEST(test_privesc_sys_admin_spellings)
{
	static const struct {
		const char *caps, *ape, *msg;
	} c[] = {
		{ "[SYS_ADMIN]", "false",
		  "container 'app' can escalate privileges: it adds SYS_ADMIN, "
		  "which allowPrivilegeEscalation: false (no_new_privs) does "
		  "not take away" },
		{ "[ALL]", "false",
		  "container 'app' can escalate privileges: it adds ALL, which "
		  "allowPrivilegeEscalation: false (no_new_privs) does not "
		  "take away" },
		{ "[SYS_ADMIN]", "true",
		  "container 'app' can escalate privileges: it is given "
		  "CAP_SYS_ADMIN, which forces allowPrivilegeEscalation on" },
		{ "[CAP_SYS_ADMIN]", "null",
		  "container 'app' can escalate privileges: it is given "
		  "CAP_SYS_ADMIN, which forces allowPrivilegeEscalation on" },
	};
	char text[1024];
	struct tu_checks r;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(text, sizeof(text),
			 "apiVersion: v1\nkind: Pod\n"
			 "metadata: {name: p, namespace: a}\n"
			 "spec:\n  containers:\n  - name: app\n"
			 "    image: reg.example.com/app:1\n"
			 "    securityContext:\n"
			 "      allowPrivilegeEscalation: %s\n"
			 "      capabilities: {add: %s}\n",
			 c[i].ape, c[i].caps);
		run_text(&r, "privilege-escalation", text);
		count_is(&r, 1);
		ck_assert_str_eq(r.f.v[0]->message, c[i].msg);
		ck_assert_int_eq(r.f.v[0]->severity, SEV_HIGH);
		tu_checks_release(&r);
	}
}
END_TEST

/*
 * dangerous-capabilities in a pod with its own user namespace: what the
 * kernel checks against the node's namespace is low, ALL and SYS_ADMIN are
 * high, the rest keep their severity; with the node's users nothing moves.
 */
START_TEST(test_caps_user_namespace)
{
	static const struct {
		const char *cap;
		enum severity host, userns;
	} c[] = {
		{ "ALL", SEV_CRITICAL, SEV_HIGH },
		{ "SYS_ADMIN", SEV_CRITICAL, SEV_HIGH },
		{ "CAP_SYS_MODULE", SEV_CRITICAL, SEV_LOW },
		{ "sys_time", SEV_MEDIUM, SEV_LOW },
		{ "DAC_READ_SEARCH", SEV_HIGH, SEV_LOW },
		{ "BPF", SEV_HIGH, SEV_LOW },
		{ "NET_RAW", SEV_MEDIUM, SEV_MEDIUM },
		{ "SYS_PTRACE", SEV_HIGH, SEV_HIGH },
		{ "WAKE_ALARM", SEV_LOW, SEV_LOW },
	};
	char text[1024];
	struct tu_checks r;
	size_t i, u;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		for (u = 0; u < 3; u++) {
			static const char *const users[] = {
				"", "  hostUsers: true\n",
				"  hostUsers: false\n"
			};
			enum severity want = u == 2 ? c[i].userns : c[i].host;

			snprintf(text, sizeof(text),
				 "apiVersion: v1\nkind: Pod\n"
				 "metadata: {name: p, namespace: a}\n"
				 "spec:\n%s  containers:\n  - name: app\n"
				 "    image: reg.example.com/app:1\n"
				 "    securityContext:\n"
				 "      capabilities: {add: [%s]}\n",
				 users[u], c[i].cap);
			run_text(&r, "dangerous-capabilities", text);
			count_is(&r, 1);
			ck_assert_msg(r.f.v[0]->severity == want,
				      "%s, hostUsers case %zu: %s", c[i].cap, u,
				      severity_name(r.f.v[0]->severity));
			ck_assert_msg(
			    (strstr(r.f.v[0]->message, "hostUsers: false") !=
			     NULL) == (u == 2 && want != c[i].host),
			    "%s", r.f.v[0]->message);
			tu_checks_release(&r);
		}
}
END_TEST

/*
 * AUDIT_CONTROL reaches the node's audit only from the initial PID
 * namespace: low without hostPID (privileged or not), medium with it,
 * low again in a pod with its own user namespace.
 */
START_TEST(test_caps_audit_control_pid)
{
	static const struct {
		const char *spec, *sc;
		enum severity sev;
		const char *msg;
	} c[] = {
		{ "", "", SEV_LOW, "no hostPID" },
		{ "  hostPID: false\n", "", SEV_LOW, "no hostPID" },
		{ "", "privileged: true, ", SEV_LOW, "no hostPID" },
		{ "  hostPID: true\n", "", SEV_MEDIUM, "kernel audit rules" },
		{ "  hostPID: true\n", "privileged: true, ", SEV_MEDIUM,
		  "kernel audit rules" },
		{ "  hostPID: true\n  hostUsers: false\n", "", SEV_LOW,
		  "hostUsers: false" },
	};
	char text[1024];
	struct tu_checks r;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(text, sizeof(text),
			 "apiVersion: v1\nkind: Pod\n"
			 "metadata: {name: p, namespace: a}\n"
			 "spec:\n%s  containers:\n  - name: app\n"
			 "    image: reg.example.com/app:1\n"
			 "    securityContext: {%scapabilities: "
			 "{add: [AUDIT_CONTROL]}}\n",
			 c[i].spec, c[i].sc);
		run_text(&r, "dangerous-capabilities", text);
		count_is(&r, 1);
		ck_assert_msg(r.f.v[0]->severity == c[i].sev, "case %zu: %s", i,
			      severity_name(r.f.v[0]->severity));
		ck_assert_msg(strstr(r.f.v[0]->message, c[i].msg), "%s",
			      r.f.v[0]->message);
		tu_checks_release(&r);
	}
}
END_TEST

/*
 * A drop list naming the fourteen default capabilities, in any order, case
 * and with or without CAP_, is drop ALL; one short of them is not, and
 * neither is CAP_ALL standing in for the missing one.
 */
START_TEST(test_caps_default_set_named)
{
	struct tu_checks r;

	silent_text("capabilities-not-dropped",
		    POD("  containers:\n"
			"  - name: c\n    image: nginx:1.27\n"
			"    securityContext:\n      capabilities:\n"
			"        drop: [setfcap, CAP_AUDIT_WRITE, MKNOD, "
			"SYS_CHROOT, net_bind_service, NET_RAW, SETPCAP, "
			"SETUID, CAP_SETGID, KILL, FSETID, FOWNER, "
			"DAC_OVERRIDE, CHOWN, CHOWN, SYS_ADMIN]\n"));
	run_text(
	    &r, "capabilities-not-dropped",
	    POD("  containers:\n"
		"  - name: c\n    image: nginx:1.27\n"
		"    securityContext:\n      capabilities:\n"
		"        drop: [SETFCAP, AUDIT_WRITE, CAP_ALL, SYS_CHROOT, "
		"NET_BIND_SERVICE, NET_RAW, SETPCAP, SETUID, SETGID, "
		"KILL, FSETID, FOWNER, DAC_OVERRIDE, CHOWN]\n"));
	count_is(&r, 1);
	/* CAP_ALL is a name of its own: MKNOD is kept */
	ck_assert_ptr_nonnull(strstr(
	    r.f.v[0]->message, "keeps MKNOD of the runtime's default set"));
	tu_checks_release(&r);
}
END_TEST

/* default-sa-automount: a null automountServiceAccountToken is unset. */
START_TEST(test_default_sa_null)
{
	struct tu_checks r;

	run_text(&r, "default-sa-automount",
		 "apiVersion: v1\nkind: ServiceAccount\n"
		 "metadata: {name: default, namespace: web}\n"
		 "automountServiceAccountToken: null\n");
	count_is(&r, 1);
	ck_assert_str_eq(r.f.v[0]->message,
			 "default service account of namespace 'web' leaves "
			 "token automounting on");
	ck_assert_str_eq(r.f.v[0]->ev[0].value, "unset (defaults to true)");
	tu_checks_release(&r);
	run_text(&r, "default-sa-automount",
		 "apiVersion: v1\nkind: ServiceAccount\n"
		 "metadata: {name: default, namespace: web}\n"
		 "automountServiceAccountToken: true\n");
	count_is(&r, 1);
	ck_assert_str_eq(r.f.v[0]->message,
			 "default service account of namespace 'web' turns "
			 "token automounting on");
	ck_assert_str_eq(r.f.v[0]->ev[0].value, "true");
	tu_checks_release(&r);
}
END_TEST

/* ---- kubelet-event-qps ---- */

#define KUBELET_CONFIG(body)                                                   \
	"apiVersion: kubelet.config.k8s.io/v1beta1\n"                          \
	"kind: KubeletConfiguration\n"                                         \
	"metadata: {name: node-1}\n" body

START_TEST(test_event_qps)
{
	struct tu_checks r;

	run_text(&r, "kubelet-event-qps",
		 KUBELET_CONFIG("authorization: {mode: Webhook}\n"
				"eventRecordQPS: 0\neventBurst: 100\n"));
	count_is(&r, 1);
	expect(&r, &(struct want){ "KubeletConfiguration",
				   "node-1",
				   NULL,
				   SEV_LOW,
				   { "kubelet: events are not rate limited "
				     "(eventRecordQPS 0)",
				     "flood the API server and etcd" },
				   "eventRecordQPS",
				   "0",
				   5 });
	tu_checks_release(&r);
	/* the default (unset), and any positive limit, however low */
	silent_text("kubelet-event-qps",
		    KUBELET_CONFIG("authorization: {mode: Webhook}\n"));
	silent_text("kubelet-event-qps", KUBELET_CONFIG("eventRecordQPS: 1\n"));
	silent_text("kubelet-event-qps",
		    KUBELET_CONFIG("eventRecordQPS: 50\neventBurst: 100\n"));
}
END_TEST

/* The command line wins over the file, both ways. */
START_TEST(test_event_qps_flag)
{
	struct tu_checks r;

	run_file(&r, "kubelet-event-qps",
		 FX "/kubelet-event-qps/fire/flag-zero.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){ "Pod",
				   "node-agent",
				   "kubelet",
				   SEV_LOW,
				   { "(eventRecordQPS 0)" },
				   "spec.containers[0].command[3]",
				   "--event-qps=0",
				   10 });
	tu_checks_release(&r);
	silent_text("kubelet-event-qps",
		    POD("  containers:\n  - name: kubelet\n"
			"    image: registry.example.com/node:v1\n"
			"    command: [kubelet, --event-qps=5]\n"));
}
END_TEST

/* EKS nodes keep the default limit. */
START_TEST(test_event_qps_real_eks)
{
	static const char *const files[] = {
		"control-plane/amazon-eks-ami/"
		"templates__al2__runtime__kubelet-config.json",
		"control-plane/amazon-eks-ami/nodeadm__test__e2e__cases__"
		"kubelet-config-dir__expected-kubelet-config.json",
		"control-plane/website/kubelet-config-file-1.yaml",
	};
	struct tu_checks r;
	size_t i;
	TU_NEED_SHARED(shared);

	for (i = 0; i < 3; i++) {
		run_real(&r, "kubelet-event-qps", shared, files[i]);
		count_is(&r, 0);
		ck_assert_msg(r.res[0].status == CHECK_PASSED, "%s is %s",
			      files[i], check_status_name(r.res[0].status));
		tu_checks_release(&r);
	}
}
END_TEST

/* ---- host-port ---- */

START_TEST(test_host_port_fixture)
{
	struct tu_checks r;

	run_file(&r, "host-port", FX "/host-port/fire/host-port.yaml");
	count_is(&r, 1);
	expect(&r, &(struct want){
		       "Deployment",
		       "ingress",
		       "api",
		       SEV_LOW,
		       { "container 'api' binds port 443 on its node" },
		       "spec.template.spec.containers[0].ports[0].hostPort",
		       "443",
		       27 });
	tu_checks_release(&r);
}
END_TEST

/* hostPort 0 means none; hostNetwork pods belong to host-namespaces. */
START_TEST(test_host_port_boundaries)
{
	struct tu_checks r;

	silent_text("host-port",
		    POD("  containers:\n  - name: c\n    image: nginx:1.27\n"
			"    ports: [{containerPort: 80, hostPort: 0}]\n"));
	silent_text("host-port",
		    POD("  hostNetwork: true\n"
			"  containers:\n  - name: c\n    image: nginx:1.27\n"
			"    ports: [{containerPort: 80, hostPort: 80}]\n"));
	run_text(&r, "host-port",
		 POD("  containers:\n  - name: c\n    image: coredns:1.11\n"
		     "    ports:\n"
		     "    - {containerPort: 8080}\n"
		     "    - {containerPort: 53, hostPort: 53, protocol: UDP}\n"
		     "    - {containerPort: 9153, hostPort: 9153}\n"));
	count_is(&r, 2);
	expect(&r, &(struct want){ "Pod",
				   "p",
				   "c",
				   SEV_LOW,
				   { "binds port 53 on its node" },
				   "spec.containers[0].ports[1].hostPort",
				   "53",
				   10 });
	expect(&r, &(struct want){ "Pod",
				   "p",
				   "c",
				   SEV_LOW,
				   { "binds port 9153" },
				   "spec.containers[0].ports[2].hostPort",
				   "9153",
				   11 });
	tu_checks_release(&r);
}
END_TEST

START_TEST(test_host_port_real)
{
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	run_real(&r, "host-port", shared,
		 "pod-security/psa-testdata/baseline/v1.37/fail/"
		 "hostports2.yaml");
	count_is(&r, 2);
	expect(&r, &(struct want){ "Pod",
				   "hostports2",
				   "container1",
				   SEV_LOW,
				   { "container 'container1' binds port "
				     "12345" },
				   "spec.containers[0].ports[0].hostPort",
				   "12345",
				   0 });
	expect(&r, &(struct want){ "Pod",
				   "hostports2",
				   "initcontainer1",
				   SEV_LOW,
				   { "init container 'initcontainer1' binds "
				     "port 12346" },
				   "spec.initContainers[0].ports[0].hostPort",
				   "12346",
				   0 });
	tu_checks_release(&r);
	/* konnectivity-server's hostPorts 8132-8134 are on hostNetwork */
	run_real(&r, "host-port", shared,
		 "control-plane/website/konnectivity-server.yaml");
	count_is(&r, 0);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_catalog_targeted(void)
{
	Suite *s = suite_create("catalog_targeted");
	TCase *tc = tcase_create("containers");
	tcase_add_test(tc, test_privesc_sys_admin_spellings);
	tcase_add_test(tc, test_default_sa_null);
	tcase_add_test(tc, test_caps_user_namespace);
	tcase_add_test(tc, test_caps_audit_control_pid);
	tcase_add_test(tc, test_caps_default_set_named);

	tcase_add_test(tc, test_caps_unset_fixture);
	tcase_add_test(tc, test_caps_net_raw_dropped);
	tcase_add_test(tc, test_caps_all_spellings);
	tcase_add_test(tc, test_caps_skipped_and_init);
	tcase_add_test(tc, test_caps_real_psa);
	tcase_add_test(tc, test_apparmor_fixtures);
	tcase_add_test(tc, test_apparmor_precedence);
	tcase_add_test(tc, test_apparmor_real_psa);
	tcase_add_test(tc, test_procmount_fixtures);
	tcase_add_test(tc, test_procmount_values);
	tcase_add_test(tc, test_procmount_real_psa);
	tcase_add_test(tc, test_sysctls_fixture);
	tcase_add_test(tc, test_sysctls_safe_set);
	tcase_add_test(tc, test_sysctls_real_psa);
	tcase_add_test(tc, test_host_port_fixture);
	tcase_add_test(tc, test_host_port_boundaries);
	tcase_add_test(tc, test_host_port_real);
	suite_add_tcase(s, tc);
	tc = tcase_create("network");
	tcase_add_test(tc, test_snippet_fixture);
	tcase_add_test(tc, test_snippet_keys);
	tcase_add_test(tc, test_tls_fixtures);
	tcase_add_test(tc, test_tls_wildcard);
	tcase_add_test(tc, test_tls_internal);
	tcase_add_test(tc, test_metadata_fixtures);
	tcase_add_test(tc, test_metadata_boundaries);
	tcase_add_test(tc, test_metadata_real_recipes);
	tcase_add_test(tc, test_apiserver_reachable_fixtures);
	tcase_add_test(tc, test_apiserver_reachable_boundaries);
	tcase_add_test(tc, test_apiserver_reachable_real_recipe);
	suite_add_tcase(s, tc);
	tc = tcase_create("control-plane");
	tcase_add_test(tc, test_authorization_mode);
	tcase_add_test(tc, test_insecure_port);
	tcase_add_test(tc, test_audit_log);
	tcase_add_test(tc, test_token_auth_file);
	tcase_add_test(tc, test_always_admit);
	tcase_add_test(tc, test_node_restriction);
	tcase_add_test(tc, test_etcd_peer_tls);
	tcase_add_test(tc, test_etcd_real_gce_script);
	tcase_add_test(tc, test_etcd_operator_is_no_etcd);
	tcase_add_test(tc, test_apiserver_real_gce_opaque);
	tcase_add_test(tc, test_event_qps);
	tcase_add_test(tc, test_event_qps_flag);
	tcase_add_test(tc, test_event_qps_real_eks);
	suite_add_tcase(s, tc);
	return s;
}
