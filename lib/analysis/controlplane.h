/*
 * controlplane.h - the settings of the control plane and of the kubelet, as
 * far as the input shows them.
 *
 * Control-plane processes (kube-apiserver, etcd, kube-controller-manager,
 * kube-scheduler) are found in the pod templates of the input: kubeadm's
 * static pods and their mirror pods in kube-system, self-hosted control
 * planes run by a DaemonSet or Deployment, hosted control planes in tenant
 * namespaces.  A container is a component when the program it runs is the
 * component's binary, as program_of() (analysis/program.h) tells: command,
 * args, a "hyperkube NAME" prefix, "sh -c 'exec /usr/local/bin/NAME ...'",
 * or the image name when neither command nor args say.
 *
 * Flags are read from the words program_of() says the program gets, in
 * both "--flag=value" and "--flag value" forms; boolean flags never take
 * the next word (as pflag parses them); the last occurrence wins, but the
 * occurrences of a list flag add up (pflag string slices, cp_list_flag()).
 * A command whose words hold template placeholders ("{{params}}") or shell
 * variables is "opaque": flags it does show are judged, flags it does not
 * show are unknown rather than defaulted.
 *
 * The kubelet is judged from its config file (a KubeletConfiguration given
 * as input or read live from /configz, an EKS NodeConfig's drop-in) and its
 * command line (a pod running kubelet, NodeConfig's flags, a systemd unit
 * and its drop-ins with the environment files they read, as lib/load/unit.h
 * loads them); flags override the file (cp_kubelets(), cp_kubelet_get()).  The API server's own files
 * (audit Policy, AuthenticationConfiguration, AdmissionConfiguration,
 * EncryptionConfiguration) are linked to the pod whose flag names them
 * (cp_files()).
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
	CP_KUBELET, /* a kubelet run by a pod (kind, hyperkube): flags only */
	CP_COMPONENTS,
};

/* Bits of components for cp_report() and cp_unseen(). */
#define CP_BIT(c) (1u << (c))

struct cp_flag {
	const char *name;      /* without dashes: "anonymous-auth" */
	const char *value;     /* "false"; "true" for a bare boolean flag */
	const struct node *at; /* the command or args item */
	const char *path;      /* "spec.containers[0].command[3]" */
	/* the object holding at when it is not the process's own (a
	 * kubelet's environment file), else NULL */
	const struct kobj *obj;
};

/* One component process: a container of a pod template. */
struct cp_proc {
	enum cp_component comp;
	const struct kobj *obj;
	const char *container;	     /* container name */
	const char *image;	     /* container image, or NULL */
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
 * Every process of component c in the scan's inventory, in inventory
 * order.  *out is in arena a (strings too); returns the count.  Only the
 * containers that mention a component are looked at, found by the first
 * call of the scan; safe to call from several threads at once.
 */
size_t cp_find(const struct scan *s, struct arena *a, enum cp_component c,
	       const struct cp_proc **out);

/* How many containers mention a component (what cp_find() looks at). */
size_t cp_index_count(const struct scan *s);

/*
 * The Kubernetes minor version the image tag names ("...:v1.19.16" is
 * 19, "...:v1.30.2-eks-1" 30), or -1 when the tag names none.
 */
int cp_minor(const struct cp_proc *p);

/* The last occurrence of flag name ("anonymous-auth"), or NULL. */
const struct cp_flag *cp_flag(const struct cp_proc *p, const char *name);

/* A comma-separated list ("Node,RBAC") holds item exactly. */
bool cp_list_has(const char *list, const char *item);

/*
 * List flags (--authorization-mode, --enable-admission-plugins,
 * --disable-admission-plugins, --admission-control) are pflag string
 * slices: a second occurrence adds to the first instead of replacing it,
 * so every occurrence counts.  The last occurrence of list flag name whose
 * list holds item, or NULL.
 */
const struct cp_flag *cp_list_flag(const struct cp_proc *p, const char *name,
				   const char *item);

/* The items of every occurrence of list flag name, joined by commas; NULL
 * when the flag is not given. */
const char *cp_list_all(const struct cp_proc *p, struct arena *a,
			const char *name);

/*
 * A boolean flag or setting value is true as the components read it (Go's
 * strconv.ParseBool): "1", "t", "T", "TRUE", "true" or "True".  NULL and
 * anything else are not.
 */
bool cp_true(const char *v);

/*
 * Why the components of mask (CP_BIT()s) cannot be judged: NULL when the
 * input holds at least one of them, else a sentence for the coverage
 * report.
 */
const char *cp_unseen(const struct scan *s, unsigned mask);

/*
 * One kubelet as the input shows it: a config file (KubeletConfiguration,
 * or the inline config of an EKS NodeConfig) and/or a command line (a pod
 * running kubelet, or NodeConfig's spec.kubelet.flags).  A command line
 * whose --config names a KubeletConfiguration of the input (same path or
 * base name) is one kubelet with it; that file is not judged again alone.
 * Flags override the file, as the kubelet applies them.
 *
 * A systemd unit (SystemdUnit objects of one directory: NAME.service, then
 * the drop-ins of NAME.service.d by name) whose last ExecStart runs kubelet
 * is one kubelet: "$VAR" words are replaced by the variable's words and
 * "${VAR}" inside a word by its value, from the EnvironmentFile= files given
 * as input (same path or base name; they override Environment=, as in
 * systemd), else Environment=.  A variable that a file missing from the
 * input may set makes the command line opaque.  Each flag points at the
 * assignment it comes from, in its own file (cp_flag.obj).  An environment
 * file holding KUBELET_ variables that no unit of the input reads is a
 * kubelet of its own: the flags it shows are judged, the rest is unknown.
 */
struct cp_kubelet {
	const struct kobj *obj;	     /* reported on */
	const char *container;	     /* a pod's container, or NULL */
	const struct node *cfg;	     /* KubeletConfiguration fields, or NULL */
	const char *cfg_path;	     /* prefix of their field paths: "" ... */
	const struct cp_flag *flags; /* command line, or NULL */
	size_t nflags;
	bool opaque;	   /* the command line hides flags */
	bool flags_only;   /* a command line without --config: flag defaults */
	bool base_unknown; /* fields cfg leaves unset are unknown: --config
			      names a file the input lacks, --config-dir
			      names drop-ins, or cfg is a NodeConfig's
			      drop-in */
	const struct node *cmd_at; /* the command (list) */
	const char *cmd_path;
};

/* Every kubelet of the input; *out in arena a; returns the count. */
size_t cp_kubelets(const struct scan *s, struct arena *a,
		   const struct cp_kubelet **out);

/*
 * A setting of kubelet k by its config field ("readOnlyPort",
 * "authentication.anonymous.enabled"): the flag when the command line
 * gives it ("--read-only-port"), else the field.  value is its text
 * (booleans as "true"/"false", lists joined by commas), NULL when unset;
 * unknown (returns false) when the command line is opaque and the flag is
 * not shown.  Strings in arena a.
 */
struct cp_setting {
	const char *value;
	const struct node *at; /* the field or the flag's word */
	const char *path;      /* field path, or "command[3]" for a flag */
	bool from_flag;
	const char *flag;	/* its name, from_flag */
	bool defaulted;		/* unset: the command line's default */
	const struct kobj *obj; /* holding at, when not the kubelet's obj */
};
bool cp_kubelet_get(const struct cp_kubelet *k, struct arena *a,
		    const char *field, struct cp_setting *out);

/* Why no kubelet can be judged: NULL when the input shows one. */
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
 * Verdict of one kubelet: true when weak, *why a sentence (in a) and *at the
 * setting to point at (value NULL: unset, its default is weak).
 */
typedef bool cp_kubelet_fn(const struct cp_kubelet *k, struct arena *a,
			   const char **why, struct cp_setting *at);

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
 * The object of kind kind (API group group) that a file path names, as
 * a flag or a plugin's "path:" would: the same path, or the same base name.
 * NULL when the input lacks it.
 */
const struct kobj *cp_file_named(const struct scan *s, const char *path,
				 const char *kind, const char *group);

/*
 * The object of kind kind (API group group) that flag of p names, as
 * cp_file_named() matches it; NULL when the flag is not given or the
 * input lacks the file.
 */
const struct kobj *cp_proc_file(const struct cp_proc *p, const char *flag,
				const char *kind, const char *group);

/*
 * " (--FLAG of kube-apiserver in Pod NS/NAME)", or "" when no API server
 * names the file.  In arena a.
 */
const char *cp_file_user_text(struct arena *a, const struct cp_file *f);

/* The run function of a kubelet check: one finding per weak kubelet. */
int cp_kubelet_report(const struct scan *s, const struct check *c,
		      cp_kubelet_fn *judge, struct findings *out);

#endif
