/*
 * controlplane.h - the settings of the control plane and of the kubelet, as
 * far as the input shows them.
 *
 * Control-plane processes (kube-apiserver, etcd, kube-controller-manager,
 * kube-scheduler) are found in the pod templates of the input: kubeadm's
 * static pods and their mirror pods in kube-system, self-hosted control
 * planes run by a DaemonSet or Deployment, hosted control planes in tenant
 * namespaces.  A container is a component when the program it runs is the
 * component's binary: command (or, without a command, the image name), a
 * "hyperkube NAME" prefix, or "sh -c 'exec /usr/local/bin/NAME ...'".
 *
 * Flags are read from command and args, in both "--flag=value" and
 * "--flag value" forms; boolean flags never take the next word (as pflag
 * parses them); the last occurrence wins.  A command with template
 * placeholders ("{{params}}") or shell variables is "opaque": flags it
 * does show are judged, flags it does not show are unknown rather than
 * defaulted.
 *
 * The kubelet is judged from KubeletConfiguration objects (a config file
 * given as input, or the live /configz of a node), whose defaults are the
 * config file's, not the command line's.
 *
 * Managed clusters (EKS, GKE, AKS) hide the control plane: no process is
 * found, and the checks say "not visible" (cp_unseen()), never "passed".
 */
#ifndef THREATMAP_CONTROLPLANE_H
#define THREATMAP_CONTROLPLANE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct check;
struct findings;
struct inventory;
struct kobj;
struct node;
struct scan;

enum cp_component {
	CP_APISERVER,
	CP_ETCD,
	CP_CONTROLLER_MANAGER,
	CP_SCHEDULER,
	CP_COMPONENTS,
};

/* Bits of components for cp_report() and cp_unseen(). */
#define CP_BIT(c) (1u << (c))

struct cp_flag {
	const char *name;      /* without dashes: "anonymous-auth" */
	const char *value;     /* "false"; "true" for a bare boolean flag */
	const struct node *at; /* the command or args item */
	const char *path;      /* "spec.containers[0].command[3]" */
};

/* One component process: a container of a pod template. */
struct cp_proc {
	enum cp_component comp;
	const struct kobj *obj;
	const char *container;	     /* container name */
	const struct node *cmd_at;   /* its command (or args) list */
	const char *cmd_path;	     /* field path of cmd_at */
	const struct cp_flag *flags; /* in command-line order */
	size_t nflags;
	bool opaque; /* placeholders or shell variables hide flags */
	const struct inventory *inv; /* for config files the flags name */
};

/* "kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler". */
const char *cp_component_name(enum cp_component c);

/*
 * Every process of component c in inv, in inventory order.  *out is in
 * arena a (strings too); returns the count.
 */
size_t cp_find(const struct inventory *inv, struct arena *a,
	       enum cp_component c, const struct cp_proc **out);

/* The last occurrence of flag name ("anonymous-auth"), or NULL. */
const struct cp_flag *cp_flag(const struct cp_proc *p, const char *name);

/* A comma-separated list ("Node,RBAC") holds item exactly. */
bool cp_list_has(const char *list, const char *item);

/*
 * Why the components of mask (CP_BIT()s) cannot be judged: NULL when the
 * input holds at least one of them, else a sentence for the coverage
 * report.
 */
const char *cp_unseen(const struct scan *s, unsigned mask);

/* Why no kubelet can be judged: NULL when a KubeletConfiguration is read. */
const char *cp_kubelet_unseen(const struct scan *s);

/*
 * Verdict of one process for a check: return true when weak, with *why a
 * sentence (in a) and *at the flag to point at (NULL: the flag is unset and
 * its default is weak; the finding then points at the command).
 */
typedef bool cp_judge_fn(const struct cp_proc *p, struct arena *a,
			 const char **why, const struct cp_flag **at);

/*
 * The run function of a control-plane check: one finding per process of
 * the components in mask that judge() calls weak, on its pod, naming its
 * container, with the flag (or the command) as evidence.
 */
int cp_report(const struct scan *s, const struct check *c, unsigned mask,
	      cp_judge_fn *judge, struct findings *out);

/*
 * Verdict of one KubeletConfiguration: true when weak, *why a sentence,
 * *at the field (NULL: unset, default weak) and *path its field path.
 */
typedef bool cp_kubelet_fn(const struct node *cfg, struct arena *a,
			   const char **why, const struct node **at,
			   const char **path);

/*
 * A configuration file of the API server given as input (an audit Policy,
 * AuthenticationConfiguration, AdmissionConfiguration,
 * EncryptionConfiguration): an object of the input of that kind, linked to
 * the kube-apiserver process whose flag names its file.  A flag names a file
 * when the paths are equal or, as the input rarely keeps the node's
 * directories, when their base names are.
 */
struct cp_file {
	const struct kobj *obj;
	const struct cp_proc *user; /* NULL: no API server names it */
	const struct cp_flag *flag; /* user's flag naming it */
};

/*
 * Every object of kind whose API group is group, in inventory order, with
 * its user.  *out in arena a; returns the count.
 */
size_t cp_files(const struct scan *s, struct arena *a, const char *kind,
		const char *group, const char *flag,
		const struct cp_file **out);

/*
 * " (--FLAG of kube-apiserver in Pod NS/NAME)", or "" when no API server
 * names the file.  In arena a.
 */
const char *cp_file_user_text(struct arena *a, const struct cp_file *f);

/* The run function of a kubelet check: one finding per weak config. */
int cp_kubelet_report(const struct scan *s, const struct check *c,
		      cp_kubelet_fn *judge, struct findings *out);

#endif
