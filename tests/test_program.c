/*
 * test_program.c - which program a container runs (program_of()): by
 * command, by args, through a shell script or hyperkube, or by image name
 * alone, and the words the program gets.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/program.h"
#include "arena.h"
#include "diag.h"
#include "node.h"
#include "sbuf.h"
#include "testutil.h"

struct prog_case {
	const char *ctr; /* the container, as YAML */
	enum program_id id;
	enum program_from from; /* when id is a program */
	const char *argv;	/* its words joined by '|' */
	bool opaque, shell;
};

#define APISERVER PROGRAM_KUBE_APISERVER
#define CMD	  PROGRAM_FROM_COMMAND
#define ARGS	  PROGRAM_FROM_ARGS
#define IMAGE	  PROGRAM_FROM_IMAGE

static const struct prog_case cases[] = {
	/* command, then args, as the runtime passes them */
	{ "{image: x, command: [kube-apiserver, --a=1], args: [--b]}",
	  APISERVER, CMD, "--a=1|--b", false, false },
	{ "{image: x, command: [/usr/local/bin/etcd]}", PROGRAM_ETCD, CMD, "",
	  false, false },
	{ "{image: x, command: [/bin/cloud-controller-manager, --v=2]}",
	  PROGRAM_CLOUD_CONTROLLER_MANAGER, CMD, "--v=2", false, false },
	/* args name the program when there is no command */
	{ "{image: x, args: [/usr/local/bin/kube-scheduler, "
	  "--profiling=false]}",
	  PROGRAM_KUBE_SCHEDULER, ARGS, "--profiling=false", false, false },
	/* the image decides only when neither says */
	{ "{image: 'registry.k8s.io/kube-scheduler:v1.30.2', "
	  "args: [--profiling=false]}",
	  PROGRAM_KUBE_SCHEDULER, IMAGE, "--profiling=false", false, false },
	{ "{image: 'registry.k8s.io/etcd:3.5.9-0'}", PROGRAM_ETCD, IMAGE, "",
	  false, false },
	{ "{image: 'gcr.io/google_containers/etcd-amd64:3.1.12'}", PROGRAM_ETCD,
	  IMAGE, "", false, false },
	{ "{image: 'quay.io/coreos/etcd-s390x'}", PROGRAM_ETCD, IMAGE, "",
	  false, false },
	{ "{image: 'localhost:5000/etcd'}", PROGRAM_ETCD, IMAGE, "", false,
	  false },
	{ "{image: 'registry.k8s.io/kube-apiserver@sha256:"
	  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}",
	  APISERVER, IMAGE, "", false, false },
	{ "{image: 'registry.k8s.io/kube-proxy-arm64:v1.30.2', "
	  "args: [--v=2]}",
	  PROGRAM_KUBE_PROXY, IMAGE, "--v=2", false, false },
	/* init processes and env run the command after their own words */
	{ "{image: x, command: [/sbin/tini, --, kube-apiserver, --a=1]}",
	  APISERVER, CMD, "--a=1", false, false },
	{ "{image: x, command: [dumb-init, --single-child, etcd, "
	  "--name=e]}",
	  PROGRAM_ETCD, CMD, "--name=e", false, false },
	{ "{image: x, command: [/usr/bin/env, -i, GOGC=50, kube-scheduler, "
	  "--v=2]}",
	  PROGRAM_KUBE_SCHEDULER, CMD, "--v=2", false, false },
	{ "{image: x, command: [tini, --, /bin/sh, -c, "
	  "'exec kube-controller-manager --profiling=false']}",
	  PROGRAM_KUBE_CONTROLLER_MANAGER, CMD, "--profiling=false", false,
	  true },
	{ "{image: x, command: [tini, --, /app/server]}", PROGRAM_OTHER, CMD,
	  NULL, false, false },
	{ "{image: 'registry.k8s.io/etcd:3.5', command: [tini]}", PROGRAM_OTHER,
	  CMD, NULL, false, false },
	/* a name that only starts like a program's is another program */
	{ "{image: 'quay.io/coreos/etcd-operator:v0.9.4', "
	  "args: [--cluster-wide]}",
	  PROGRAM_OTHER, CMD, NULL, false, false },
	{ "{image: 'bitnami/etcd-backup:3.5.9'}", PROGRAM_OTHER, CMD, NULL,
	  false, false },
	{ "{image: 'registry.k8s.io/etcd-amd64-debug:3.1'}", PROGRAM_OTHER, CMD,
	  NULL, false, false },
	{ "{image: 'reg.example/myetcd:1'}", PROGRAM_OTHER, CMD, NULL, false,
	  false },
	{ "{image: x, command: [etcd-operator]}", PROGRAM_OTHER, CMD, NULL,
	  false, false },
	{ "{image: x, command: [kube-apiserver-wrapper, --a]}", PROGRAM_OTHER,
	  CMD, NULL, false, false },
	/* a command or args naming another program replace the image's */
	{ "{image: 'registry.k8s.io/etcd:3.5.9-0', command: [/bin/sh, -c, "
	  "'etcdctl snapshot save /backup/db']}",
	  PROGRAM_OTHER, CMD, NULL, false, false },
	{ "{image: 'registry.k8s.io/etcd:3.5.9-0', "
	  "args: [etcdctl, snapshot, save, /b]}",
	  PROGRAM_OTHER, CMD, NULL, false, false },
	{ "{image: 'registry.k8s.io/etcd:3.5.9-0', "
	  "command: [/bin/sh, /start.sh]}",
	  PROGRAM_OTHER, CMD, NULL, false, false },
	/* hyperkube */
	{ "{image: x, command: [/hyperkube, apiserver, --a]}", APISERVER, CMD,
	  "--a", false, false },
	{ "{image: x, command: [hyperkube, kube-apiserver, --a]}", APISERVER,
	  CMD, "--a", false, false },
	{ "{image: x, command: [hyperkube, proxy, --v=2]}", PROGRAM_KUBE_PROXY,
	  CMD, "--v=2", false, false },
	{ "{image: x, command: [hyperkube, controller-manager]}",
	  PROGRAM_KUBE_CONTROLLER_MANAGER, CMD, "", false, false },
	{ "{image: 'gcr.io/google_containers/hyperkube-amd64:v1.9.0', "
	  "args: [apiserver, --a]}",
	  APISERVER, ARGS, "--a", false, false },
	{ "{image: 'gcr.io/google_containers/hyperkube-amd64:v1.9.0', "
	  "args: [kubelet, --v=2]}",
	  PROGRAM_KUBELET, ARGS, "--v=2", false, false },
	{ "{image: 'gcr.io/google_containers/hyperkube-amd64:v1.9.0', "
	  "args: [--v=2]}",
	  PROGRAM_OTHER, CMD, NULL, false, false },
	/* shell scripts: quoting, exec, where the command ends */
	{ "{image: x, command: [sh, -c, \"exec kube-apiserver --x=1 --y 'a "
	  "b'\"]}",
	  APISERVER, CMD, "--x=1|--y|a b", false, true },
	{ "{image: x, command: [/bin/sh, -c], "
	  "args: ['kube-controller-manager --v=2']}",
	  PROGRAM_KUBE_CONTROLLER_MANAGER, CMD, "--v=2", false, true },
	{ "{image: x, args: [/bin/sh, -c, 'exec etcd --a=1']}", PROGRAM_ETCD,
	  ARGS, "--a=1", false, true },
	{ "{image: x, command: [/bin/bash, -ec, 'if [ -e /m ]; then /m "
	  "1>>/l 2>&1; fi; exec /usr/local/bin/etcd --name x 1>>/var/log/e.log "
	  "2>&1']}",
	  PROGRAM_ETCD, CMD, "--name|x", false, true },
	{ "{image: x, command: [bash, -o, pipefail, -c, "
	  "'kube-apiserver --a=1 && echo done']}",
	  APISERVER, CMD, "--a=1", false, true },
	{ "{image: x, command: [sh, -c, \"exec etcd --name \\\"my etcd\\\" "
	  "--x='y z' --w=a\\\\ b\"]}",
	  PROGRAM_ETCD, CMD, "--name|my etcd|--x=y z|--w=a b", false, true },
	{ "{image: x, command: [sh, -c, \"exec kube-apiserver \\\\\\n  "
	  "--authorization-mode \\\\\\n  Node,RBAC\\n\"]}",
	  APISERVER, CMD, "--authorization-mode|Node,RBAC", false, true },
	{ "{image: x, command: [sh, -c, \"# kube-apiserver runs later\\n"
	  "exec kube-scheduler --v=2\"]}",
	  PROGRAM_KUBE_SCHEDULER, CMD, "--v=2", false, true },
	{ "{image: x, command: [sh, -c, 'ETCD_NAME=x env A=b etcd --a=1 > "
	  "/log']}",
	  PROGRAM_ETCD, CMD, "--a=1", false, true },
	{ "{image: x, command: [sh, -c, 'echo kube-apiserver; exec sleep "
	  "1d']}",
	  PROGRAM_OTHER, CMD, NULL, false, false },
	/* what the program gets is not all in sight */
	{ "{image: x, command: [sh, -c, 'exec kube-apiserver $EXTRA --a=1']}",
	  APISERVER, CMD, "$EXTRA|--a=1", true, true },
	{ "{image: x, command: [sh, -c, 'mkdir -p $D; exec kube-apiserver "
	  "--a=1']}",
	  APISERVER, CMD, "--a=1", false, true },
	{ "{image: x, command: [sh, -c, \"exec kube-apiserver '$literal'\"]}",
	  APISERVER, CMD, "$literal", false, true },
	{ "{image: x, command: [/bin/sh, -c, 'exec /usr/local/bin/"
	  "kube-scheduler {{params}} 1>>/var/log/kube-scheduler.log 2>&1']}",
	  PROGRAM_KUBE_SCHEDULER, CMD, "{{params}}", true, true },
	{ "{image: x, command: [kube-apiserver, '--advertise-address="
	  "$(POD_IP)']}",
	  APISERVER, CMD, "--advertise-address=$(POD_IP)", true, false },
	/* "$@" is the words after the script and $0 */
	{ "{image: x, command: [sh, -c, 'exec kube-scheduler \"$@\"', sh, "
	  "--profiling=false, --v=2]}",
	  PROGRAM_KUBE_SCHEDULER, CMD, "--profiling=false|--v=2", false, true },
};

static const char *from_name(enum program_from f)
{
	return f == CMD ? "command" : f == ARGS ? "args" : "image";
}

START_TEST(test_program_cases)
{
	const struct prog_case *c = &cases[_i];
	struct arena *a = arena_new();
	struct diag d;
	struct node *ctr = load_tree_for_test(a, c->ctr, &d);
	struct sbuf sb = SBUF_INIT;
	struct program p;
	enum program_id id;
	size_t i;

	ck_assert_msg(ctr != NULL, "case %d does not load", _i);
	id = program_of(ctr, "spec.containers[0]", a, &p);
	ck_assert_msg(id == c->id, "case %d (%s): %s, want %s", _i, c->ctr,
		      program_name(id), program_name(c->id));
	ck_assert_int_eq(p.id, id);
	ck_assert_int_eq(program_of(ctr, NULL, a, NULL), id);
	if (id == PROGRAM_OTHER) {
		ck_assert_uint_eq(p.argc, 0);
		arena_free(a);
		return;
	}
	ck_assert_msg(program_mentioned(ctr), "case %d not mentioned", _i);
	for (i = 0; i < p.argc; i++) {
		ck_assert_int_eq(
		    sbuf_addf(&sb, "%s%s", i ? "|" : "", p.argv[i].s), 0);
		ck_assert_ptr_nonnull(p.argv[i].at);
		ck_assert_ptr_nonnull(p.argv[i].path);
	}
	ck_assert_msg(!strcmp(sb.buf ? sb.buf : "", c->argv),
		      "case %d (%s): argv '%s', want '%s'", _i, c->ctr,
		      sb.buf ? sb.buf : "", c->argv);
	ck_assert_msg(p.from == c->from, "case %d: from %s, want %s", _i,
		      from_name(p.from), from_name(c->from));
	ck_assert_msg(p.opaque == c->opaque, "case %d: opaque %d", _i,
		      p.opaque);
	ck_assert_msg(p.shell == c->shell, "case %d: shell %d", _i, p.shell);
	sbuf_release(&sb);
	arena_free(a);
}
END_TEST

/* Each word points at the item it comes from, by field path. */
START_TEST(test_program_paths)
{
	struct arena *a = arena_new();
	struct diag d;
	struct node *ctr = load_tree_for_test(
	    a,
	    "{image: x, command: [/bin/sh, -c], args: ['exec kube-scheduler "
	    "--v=2 \"$@\"', sh, --profiling=false]}",
	    &d);
	struct program p;

	ck_assert_ptr_nonnull(ctr);
	ck_assert_int_eq(
	    program_of(ctr, "spec.template.spec.containers[1]", a, &p),
	    PROGRAM_KUBE_SCHEDULER);
	ck_assert_uint_eq(p.argc, 2);
	ck_assert_str_eq(p.argv[0].path,
			 "spec.template.spec.containers[1].args[0]");
	ck_assert_str_eq(p.argv[1].s, "--profiling=false");
	ck_assert_str_eq(p.argv[1].path,
			 "spec.template.spec.containers[1].args[2]");
	ck_assert_ptr_eq(p.argv[1].at, node_at(node_get(ctr, "args"), 2));
	ck_assert_ptr_eq(p.list, node_get(ctr, "command"));
	ck_assert_str_eq(p.list_path,
			 "spec.template.spec.containers[1].command");
	arena_free(a);
}
END_TEST

/* A container that names no program is not looked at twice. */
START_TEST(test_program_mentioned)
{
	struct arena *a = arena_new();
	struct diag d;
	struct node *web = load_tree_for_test(
	    a, "{image: 'nginx:1.27', command: [nginx, -g, 'daemon off;']}",
	    &d);
	struct node *hk = load_tree_for_test(
	    a, "{image: 'reg.example/hyperkube:v1.18.0', args: [--v=2]}", &d);

	ck_assert(!program_mentioned(web));
	ck_assert_int_eq(program_of(web, NULL, a, NULL), PROGRAM_OTHER);
	ck_assert(program_mentioned(hk));
	ck_assert_int_eq(program_of(hk, NULL, a, NULL), PROGRAM_OTHER);
	ck_assert_str_eq(program_name(PROGRAM_ETCD), "etcd");
	ck_assert_str_eq(program_name(PROGRAM_OTHER), "other");
	arena_free(a);
}
END_TEST

Suite *suite_program(void)
{
	Suite *s = suite_create("program");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_program_cases, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_program_paths);
	tcase_add_test(tc, test_program_mentioned);
	suite_add_tcase(s, tc);
	return s;
}
