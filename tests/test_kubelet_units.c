/*
 * test_kubelet_units.c - the kubelet as systemd starts it: a unit, its
 * drop-ins and the environment files they read, loaded from their own
 * formats, expanded as systemd does and judged like any kubelet command
 * line (flags over the config file), with errors at file:line.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/controlplane.h"
#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "load/unit.h"
#include "node.h"
#include "scan.h"
#include "testutil.h"

#define UDIR	"testdata/kubelet-units/kubeadm"
#define DROPIN	UDIR "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
#define SERVICE UDIR "/etc/systemd/system/kubelet.service"
#define FLAGS	UDIR "/var/lib/kubelet/kubeadm-flags.env"
#define CONFIG	UDIR "/var/lib/kubelet/config.yaml"
#define EXTRA	UDIR "/etc/default/kubelet"
#define QUIET	"testdata/kubelet-units/quiet/etc/default/kubelet"

static void run_on(struct tu_checks *r, struct scan *s)
{
	tu_checks_run(r, s, check_registry, tu_kubelet_checks, NULL);
}

static size_t kubelets(const struct tu_checks *r, const struct cp_kubelet **k)
{
	return cp_kubelets(r->s, r->s->arena, k);
}

START_TEST(test_detect)
{
	static const char unit[] = "# x\n[Service]\nExecStart=/bin/true\n";
	static const char env[] = "# flags\nKUBELET_EXTRA_ARGS=--v=2\n";
	static const char yaml[] = "apiVersion: v1\nkind: Pod\n";
	static const char other_env[] = "PATH=/bin\n";

	ck_assert_int_eq(unit_detect("a/kubelet.service.d/x.conf", "", 0),
			 UNIT_SYSTEMD);
	ck_assert_int_eq(unit_detect("kubelet.service", "", 0), UNIT_SYSTEMD);
	ck_assert_int_eq(unit_detect("/etc/default/kubelet", "", 0), UNIT_ENV);
	ck_assert_int_eq(unit_detect("/etc/sysconfig/kubelet", "", 0),
			 UNIT_ENV);
	ck_assert_int_eq(unit_detect("kubeadm-flags.env", "", 0), UNIT_ENV);
	ck_assert_int_eq(unit_detect("x.txt", unit, strlen(unit)),
			 UNIT_SYSTEMD);
	ck_assert_int_eq(unit_detect("x.txt", env, strlen(env)), UNIT_ENV);
	ck_assert_int_eq(unit_detect("x.yaml", yaml, strlen(yaml)), UNIT_NONE);
	ck_assert_int_eq(unit_detect("x", other_env, strlen(other_env)),
			 UNIT_NONE);
	/* a .conf outside a unit's drop-in directory is not a unit */
	ck_assert_int_eq(
	    unit_detect("etc/kubernetes/kubelet.conf", yaml, strlen(yaml)),
	    UNIT_NONE);
}
END_TEST

/*
 * The kubeadm unit, its drop-in, kubeadm-flags.env, /etc/default/kubelet
 * and the config file are one kubelet: the drop-in's ExecStart replaces the
 * unit's; --config links the file (safe); KUBELET_EXTRA_ARGS turns
 * anonymous on (--flag=value) and opens the read-only port (--flag value).
 * Both findings point at the line of /etc/default/kubelet that says so.
 */
START_TEST(test_kubeadm_fires)
{
	const char *p[5] = { SERVICE, DROPIN, FLAGS, EXTRA, CONFIG };
	const struct cp_kubelet *k;
	const struct finding *fd;
	struct tu_checks r;

	run_on(&r, tu_scan_paths(p, 5));
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_uint_eq(kubelets(&r, &k), 1);
	ck_assert_str_eq(k[0].obj->name, "10-kubeadm.conf");
	ck_assert_ptr_nonnull(k[0].cfg);
	ck_assert(!k[0].opaque);
	fd = tu_checks_find(&r, "kubelet-anonymous-auth");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->obj->kind, "EnvironmentFile");
	ck_assert_str_eq(fd->obj->file, EXTRA);
	ck_assert_str_eq(fd->ev[0].path, "KUBELET_EXTRA_ARGS");
	ck_assert_str_eq(fd->ev[0].value, "--anonymous-auth=true");
	ck_assert_uint_eq(fd->ev[0].line, 2);
	fd = tu_checks_find(&r, "kubelet-read-only-port");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->ev[0].value, "--read-only-port=10255");
	ck_assert_uint_eq(fd->ev[0].line, 2);
	ck_assert_uint_eq(r.f.n, 2);
	tu_checks_release(&r);
}
END_TEST

/* The same node without extra flags: every kubelet check passes. */
START_TEST(test_kubeadm_silent)
{
	const char *p[5] = { SERVICE, DROPIN, FLAGS, QUIET, CONFIG };
	const struct cp_kubelet *k;
	struct tu_checks r;
	size_t i, judged = 0;

	run_on(&r, tu_scan_paths(p, 5));
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_uint_eq(kubelets(&r, &k), 1);
	ck_assert_uint_eq(r.f.n, 0);
	for (i = 0; i < r.nres; i++)
		if (tu_kubelet_checks(r.res[i].check, NULL)) {
			ck_assert_int_eq(r.res[i].status, CHECK_PASSED);
			judged++;
		}
	ck_assert_uint_gt(judged, 4);
	tu_checks_release(&r);
}
END_TEST

/*
 * Without the environment files the drop-in names, $KUBELET_EXTRA_ARGS may
 * hold anything: the config file's unsafe settings are unknown, not
 * findings; a flag the unit itself shows is still judged.
 */
START_TEST(test_missing_env_file_is_opaque)
{
	static const char unit[] =
	    "[Service]\n"
	    "EnvironmentFile=-/etc/default/kubelet\n"
	    "Environment=\"KUBELET_PORT=--read-only-port=10255\"\n"
	    "ExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/c.yaml "
	    "$KUBELET_PORT $KUBELET_EXTRA_ARGS\n";
	const struct cp_kubelet *k;
	const struct finding *fd;
	struct tu_checks r;

	run_on(&r, tu_scan_text(unit));
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_uint_eq(kubelets(&r, &k), 1);
	ck_assert(k[0].opaque);
	fd = tu_checks_find(&r, "kubelet-read-only-port");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->obj->kind, "SystemdUnit");
	ck_assert_str_eq(fd->ev[0].path, "KUBELET_PORT");
	ck_assert_uint_eq(fd->ev[0].line, 3);
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-anonymous-auth"));
	ck_assert_uint_eq(r.f.n, 1);
	tu_checks_release(&r);
}
END_TEST

/*
 * A unit with everything on its ExecStart and no --config: the command
 * line's defaults hold (AlwaysAllow), "${VAR}" inside a word is expanded,
 * an empty ExecStart= drops the earlier one, quotes group words.
 */
START_TEST(test_unit_flags_only)
{
	static const char unit[] =
	    "[Unit]\nDescription=kubelet\n[Service]\n"
	    "Environment=AUTHZ=Webhook 'X=a b'\n"
	    "ExecStart=/usr/bin/kubelet --anonymous-auth=true\n"
	    "ExecStart=\n"
	    "ExecStart=-/usr/local/bin/kubelet \\\n"
	    "  --anonymous-auth=false --authorization-mode=${AUTHZ} \\\n"
	    "  --read-only-port \"0\" --rotate-certificates\n";
	const struct cp_kubelet *k;
	const struct finding *fd;
	struct tu_checks r;

	run_on(&r, tu_scan_text(unit));
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_uint_eq(kubelets(&r, &k), 1);
	ck_assert(k[0].flags_only);
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-anonymous-auth"));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-authorization-mode"));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-read-only-port"));
	ck_assert_ptr_null(tu_checks_find(&r, "kubelet-cert-rotation"));
	/* protect-kernel-defaults is off by default on a command line */
	fd = tu_checks_find(&r, "kubelet-protect-kernel-defaults");
	ck_assert_ptr_nonnull(fd);
	ck_assert_str_eq(fd->ev[0].path, "execStart");
	ck_assert_uint_eq(fd->ev[0].line, 7);
	tu_checks_release(&r);
}
END_TEST

/*
 * An environment file given alone is a kubelet whose other flags are
 * unknown: what it shows is judged, nothing else.
 */
START_TEST(test_env_file_alone)
{
	static const char fires[] =
	    "export KUBELET_EXTRA_ARGS=\"--anonymous-auth=true \\\n"
	    "  --v=2\"\n";
	static const char quiet[] = "KUBELET_KUBEADM_ARGS='--v=2'\n";
	struct tu_checks r;

	run_on(&r, tu_scan_text(fires));
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_ptr_nonnull(tu_checks_find(&r, "kubelet-anonymous-auth"));
	ck_assert_uint_eq(
	    tu_checks_find(&r, "kubelet-anonymous-auth")->ev[0].line, 1);
	ck_assert_uint_eq(r.f.n, 1);
	tu_checks_release(&r);
	run_on(&r, tu_scan_text(quiet));
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

#define ENVF  "/etc/default/kubelet"
#define UNITF "/etc/systemd/system/kubelet.service.d/20-x.conf"

static const struct {
	const char *file, *text;
	unsigned line, col;
	const char *msg;
} bad[] = {
	{ ENVF, "KUBELET_EXTRA_ARGS=\"--v=2\n", 1, 20, "unterminated quote" },
	{ ENVF, "# c\nKUBELET_X=1\nnot an assignment\n", 3, 1, "NAME=VALUE" },
	{ UNITF, "[Service]\nExecStart=/usr/bin/kubelet \"--v=2\n", 2, 28,
	  "unterminated quote in ExecStart" },
	{ UNITF, "[Service]\nEnvironment=A=1 B\n", 2, 17, "NAME=VALUE" },
	{ UNITF, "[Service]\nType=simple\nRestart\n", 3, 1, "KEY=VALUE" },
};

/* Errors carry the file, line and column. */
START_TEST(test_errors)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = { 0 };

	load_buffer(a, inv, bad[_i].file, bad[_i].text, strlen(bad[_i].text),
		    NULL, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].file, bad[_i].file);
	ck_assert_uint_eq(errs.v[0].line, bad[_i].line);
	ck_assert_uint_eq(errs.v[0].col, bad[_i].col);
	ck_assert_msg(strstr(errs.v[0].msg, bad[_i].msg), "%s", errs.v[0].msg);
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
}
END_TEST

Suite *suite_kubelet_units(void)
{
	Suite *s = suite_create("kubelet_units");
	TCase *t = tcase_create("units");

	tcase_add_test(t, test_detect);
	tcase_add_test(t, test_kubeadm_fires);
	tcase_add_test(t, test_kubeadm_silent);
	tcase_add_test(t, test_missing_env_file_is_opaque);
	tcase_add_test(t, test_unit_flags_only);
	tcase_add_test(t, test_env_file_alone);
	tcase_add_loop_test(t, test_errors, 0, sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, t);
	return s;
}
