/*
 * program.h - which Kubernetes program a container runs, and the words
 * that program is given.
 *
 * The one place that tells a kube-apiserver, etcd, kube-controller-manager,
 * kube-scheduler, kubelet, kube-proxy or cloud-controller-manager container
 * from any other.  The program is, in this order:
 *
 *  - the base name of command[0] ("/usr/local/bin/etcd" is etcd); args
 *    follow command's words, as the runtime passes them;
 *  - without a command, the base name of args[0] when it looks like a
 *    program (not a flag, no "=", no placeholder): the args then replace
 *    the image's command;
 *  - "hyperkube NAME ..." runs NAME ("apiserver" or "kube-apiserver",
 *    "controller-manager", "scheduler", "proxy", "kubelet"), also from a
 *    hyperkube image given the subcommand as args[0];
 *  - a shell given a script ("sh -c 'exec kube-apiserver --flag ...'",
 *    "/bin/bash -ec SCRIPT", the script in command or in args) runs the
 *    first command of the script that is one of the programs, whatever
 *    runs before it ("if ...; then migrate; fi; exec etcd ...").  The
 *    script is split as sh splits it: single and double quotes,
 *    backslashes, comments, and ";", "&&", "||", "|", "&" and new lines
 *    between commands; "exec", "env", variable assignments and keywords
 *    ("then", "do", ...) before a command name are skipped; redirections
 *    ("1>>/var/log/x.log", "2>&1") are no arguments.  "$@" in the script
 *    stands for the words after the script but the first ($0);
 *  - when neither command nor args name a program, the image: its last
 *    path component without tag or digest equals the program's name,
 *    alone or with an architecture suffix only ("registry.k8s.io/etcd:
 *    3.5.9-0", "gcr.io/google_containers/etcd-amd64:3.1.12"; never
 *    "quay.io/coreos/etcd-operator" or "bitnami/etcd-backup").  Its
 *    arguments are then the args.
 *
 * A command that names another program (a wrapper script, a shell whose
 * script runs none of them) is not judged by its image: the image's own
 * command is replaced.
 */
#ifndef THREATMAP_PROGRAM_H
#define THREATMAP_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct node;

enum program_id {
	PROGRAM_OTHER, /* none of the programs below, or not known */
	PROGRAM_KUBE_APISERVER,
	PROGRAM_ETCD,
	PROGRAM_KUBE_CONTROLLER_MANAGER,
	PROGRAM_KUBE_SCHEDULER,
	PROGRAM_KUBELET,
	PROGRAM_KUBE_PROXY,
	PROGRAM_CLOUD_CONTROLLER_MANAGER,
	PROGRAM_COUNT,
};

/* Where the program was read. */
enum program_from {
	PROGRAM_FROM_COMMAND,
	PROGRAM_FROM_ARGS,
	PROGRAM_FROM_IMAGE,
};

/* One word the program is given. */
struct program_arg {
	const char *s;	       /* quotes removed */
	const struct node *at; /* the command or args item it comes from */
	const char *path;      /* that item's field path; NULL without base */
};

struct program {
	enum program_id id;
	enum program_from from;
	const struct program_arg *argv; /* after the program's name */
	size_t argc;
	bool shell;  /* started by a shell script */
	bool opaque; /* a word of argv holds a shell variable, a $(VAR)
			reference or a template placeholder ("{{params}}"):
			what the program gets is not all in sight */
	const struct node *list; /* command, or args without a command */
	const char *list_path;	 /* its field path; NULL without base */
};

/*
 * The program container ctr (a container object of a pod template) runs.
 * With out, fills it: argv and the strings it holds are in arena a, or
 * borrowed from the tree; paths are base (".spec.containers[0]", NULL for
 * none) followed by ".command[2]".  out->id is PROGRAM_OTHER, with no argv,
 * for any other program.  Pure; thread safe with an arena per thread.
 */
enum program_id program_of(const struct node *ctr, const char *base,
			   struct arena *a, struct program *out);

/*
 * A cheap test that ctr may run one of the programs: its image, command or
 * args mention one's name or hyperkube.  False means program_of() says
 * PROGRAM_OTHER; true proves nothing.
 */
bool program_mentioned(const struct node *ctr);

/*
 * A container of the pod spec spec runs program id (any of the programs
 * when id is PROGRAM_OTHER).
 */
bool program_in_pod(const struct node *spec, enum program_id id);

/* "kube-apiserver", "etcd", ...; "other" for PROGRAM_OTHER. */
const char *program_name(enum program_id id);

#endif
