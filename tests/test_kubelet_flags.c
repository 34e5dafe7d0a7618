/*
 * test_kubelet_flags.c - the kubelet's command line judged with its config
 * file: pods running kubelet, EKS NodeConfig flags and drop-ins, flags
 * overriding the file, flag defaults without a file, unknown settings.
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

static void run_on(struct tu_checks *r, struct scan *s)
{
	tu_checks_run(r, s, check_registry, tu_kubelet_checks, NULL);
}

#define KDIR "testdata/controlplane/kubelet"

/*
 * The pod's flags override its config file: anonymous off (the file says
 * on), read-only port 10255 (the file says 0); the file's TLS 1.0 stands.
 * One kubelet, reported on the pod; the file is not judged again.
 */
START_TEST(test_flags_override_linked_config)
{
	const char *p[2] = { KDIR "/kubelet-pod.yaml", KDIR "/config.yaml" };
	const struct finding *fd;
	struct tu_checks r;
	size_t i;

	run_on(&r, tu_scan_paths(p, 2));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-anonymous-auth"));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-cert-rotation"));
	ck_assert_ptr_null(
	    tu_checks_find(&r, "kubelet-protect-kernel-defaults"));
	fd = tu_checks_find(&r, "kubelet-read-only-port");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->ev[0].path, "spec.containers[0].command[3]");
	ck_assert_str_eq(fd->ev[0].value, "--read-only-port=10255");
	fd = tu_checks_find(&r, "kubelet-tls");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->ev[0].path, "tlsMinVersion");
	ck_assert_uint_eq(r.f.n, 2);
	for (i = 0; i < r.f.n; i++) {
		ck_assert_str_eq(r.f.v[i]->obj->kind, "Pod");
		ck_assert_str_eq(r.f.v[i]->container, "kubelet");
	}
	tu_checks_release(&r);
}
END_TEST

/* Alone, the file is its own kubelet: anonymous on and TLS 1.0. */
START_TEST(test_config_alone)
{
	const char *p = KDIR "/config.yaml";
	struct tu_checks r;

	run_on(&r, tu_scan_paths(&p, 1));
	ck_assert_ptr_nonnull(tu_checks_find(&r, "kubelet-anonymous-auth"));
	ck_assert_ptr_nonnull(tu_checks_find(&r, "kubelet-tls"));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-read-only-port"));
	ck_assert_uint_eq(r.f.n, 2);
	tu_checks_release(&r);
}
END_TEST

static const struct {
	const char *args; /* flow list of the command after "kubelet" */
	const char *fires, *silent;
} cmdlines[] = {
	/* no config file: the command line's defaults (anonymous on,
	 * AlwaysAllow, port 10255) hold */
	{ "[]", "kubelet-authorization-mode", NULL },
	{ "[--anonymous-auth=T, --authorization-mode=Webhook]",
	  "kubelet-anonymous-auth", "kubelet-authorization-mode" },
	/* pflag: a boolean never takes the next word, so this is true */
	{ "[--anonymous-auth, \"false\"]", "kubelet-anonymous-auth", NULL },
	{ "[--anonymous-auth=0, --read-only-port=0]", NULL,
	  "kubelet-anonymous-auth" },
	{ "[--read-only-port=0]", "kubelet-anonymous-auth",
	  "kubelet-read-only-port" },
	{ "[--rotate-certificates]", NULL, "kubelet-cert-rotation" },
	{ "[--protect-kernel-defaults=true, "
	  "\"--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA\"]",
	  "kubelet-tls", "kubelet-protect-kernel-defaults" },
	/* a file the input lacks: what the flags do not say is unknown */
	{ "[--config=/var/lib/kubelet/config.yaml]", NULL,
	  "kubelet-anonymous-auth" },
	/* a shell variable may hide flags: only shown flags count */
	{ "[\"$KUBELET_ARGS\", --read-only-port=10255]",
	  "kubelet-read-only-port", "kubelet-authorization-mode" },
};

START_TEST(test_command_lines)
{
	char text[1024];
	struct tu_checks r;

	snprintf(text, sizeof(text),
		 "apiVersion: v1\nkind: Pod\n"
		 "metadata: {name: k, namespace: infra}\n"
		 "spec:\n  containers:\n  - name: kubelet\n"
		 "    image: registry.example.com/node:v1\n"
		 "    command: [kubelet]\n    args: %s\n",
		 cmdlines[_i].args);
	run_on(&r, tu_scan_text(text));
	if (cmdlines[_i].fires)
		ck_assert_msg(tu_checks_find(&r, cmdlines[_i].fires) != NULL,
			      "case %d: %s silent", _i, cmdlines[_i].fires);
	if (cmdlines[_i].silent)
		ck_assert_msg(tu_checks_find(&r, cmdlines[_i].silent) == NULL,
			      "case %d: %s fired", _i, cmdlines[_i].silent);
	tu_checks_release(&r);
}
END_TEST

/*
 * The real nodeadm NodeConfig (a drop-in over nodeadm's own config) sets
 * none of the judged fields: every kubelet check runs, none fires, none is
 * "not visible"; its rendered real config passes too.
 */
START_TEST(test_real_nodeconfig)
{
	char a[600], b[600];
	const char *p[2] = { a, b };
	struct tu_checks r;
	size_t i;
	TU_NEED_SHARED(shared);

	snprintf(a, sizeof(a),
		 "%s/k8s-real/control-plane/amazon-eks-ami/"
		 "nodeadm__test__e2e__cases__kubelet-config-dir__config."
		 "kubelet-config-yaml.yaml",
		 shared);
	snprintf(b, sizeof(b),
		 "%s/k8s-real/control-plane/amazon-eks-ami/"
		 "nodeadm__test__e2e__cases__kubelet-config-dir__expected-"
		 "kubelet-config.json",
		 shared);
	run_on(&r, tu_scan_paths(p, 1));
	ck_assert_uint_eq(inventory_size(r.s->inv), 1);
	ck_assert_uint_eq(r.f.n, 0);
	for (i = 0; i < r.nres; i++)
		if (tu_kubelet_checks(r.res[i].check, NULL))
			ck_assert_int_eq(r.res[i].status, CHECK_PASSED);
	tu_checks_release(&r);
	run_on(&r, tu_scan_paths(p, 2));
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_kubelet_flags(void)
{
	Suite *s = suite_create("kubelet_flags");
	TCase *t = tcase_create("flags");

	tcase_add_test(t, test_flags_override_linked_config);
	tcase_add_test(t, test_config_alone);
	tcase_add_loop_test(t, test_command_lines, 0,
			    (int)(sizeof(cmdlines) / sizeof(cmdlines[0])));
	tcase_add_test(t, test_real_nodeconfig);
	suite_add_tcase(s, t);
	return s;
}
