/*
 * escalation.h - paths to cluster-admin: which subjects can make
 * themselves cluster-admin through steps the API server allows, and the
 * shortest chain of each.
 *
 * Every subject named by a binding is a node (users, groups, service
 * accounts).  A node reaches the goal in one step when it holds, through
 * a ClusterRoleBinding:
 *   - "*" on "*" (cluster-admin under any name);
 *   - bind on ClusterRoles together with create on ClusterRoleBindings, or
 *     escalate on ClusterRoles together with update on them (the API
 *     server's escalation check lets nothing less through);
 *   - impersonate on users or groups (system:masters is a group);
 *   - approval of CSRs and approve on signers (a client certificate for
 *     O=system:masters);
 *   - writes to mutating admission webhook configurations (every request,
 *     Secrets included, passes through the attacker's webhook, which
 *     rewrites pods to run what it likes; a validating webhook only
 *     watches, so it is no step);
 *   - nodes/proxy (the kubelet API: exec into every pod of every node,
 *     control-plane pods included).
 * A node reaches a service account of namespace NS (or of every
 * namespace, through a ClusterRoleBinding) when it can:
 *   - administer NS ("*" on "*" there, or bind plus create RoleBindings),
 *     create pods or any pod controller, create serviceaccounts/token, or
 *     impersonate serviceaccounts: any service account of NS;
 *   - read Secrets: the accounts whose legacy token Secret is in the input;
 *   - exec into pods, add ephemeral containers to them or change their
 *     images: the accounts whose token is mounted into a pod of the input;
 *   - attach to pods: the same, where a container of the pod keeps stdin
 *     open (stdin: true), the only way an attach runs anything.
 *   When such a pod belongs to a DaemonSet placed on every node (no node
 *   selector or required node affinity) whose pods hand over their node
 *   (wl_pod_escape(): privileged, SYS_ADMIN or SYS_MODULE, a hostPath
 *   volume of node credentials or mounted writable; not hostPID alone,
 *   which reads no other process's files), the step
 *   takes every node, and so the token of every pod of the input, in any
 *   namespace.  A pod of another controller runs on a node the input does
 *   not name, so it reaches its own token only.
 *   A rule restricted by resourceNames does all this to the Pods it names
 *   only (their names are known for Pod objects of the input only).
 *     Port-forward reaches a pod's ports, never its token: no step.
 * Creating pods in a namespace that admits privileged ones (nothing
 * refuses them) takes the node a pod lands on; so does creating them in a
 * namespace that Pod Security alone guards when the creator may also update
 * or patch that Namespace, as the enforce label is then theirs to rewrite.
 * Writes to Roles and bindings are not steps on their own: the API server
 * refuses a role or binding granting more than the writer holds unless it
 * also has escalate or bind, which are steps above.  Node objects are not
 * a step either (patching a node moves pods, it hands over nothing).
 *
 * The distances are solved backwards from the goal with per-namespace
 * indexes of the best service account, in a few linear rounds (one per
 * hop of the longest chain), so the cost is linear in bindings, rules,
 * pods and Secrets.  No name is hashed per subject: nodes are found by the
 * id of the rbac's binding list of their name (rbac_refs_at()), namespaces
 * by dense ids, the groups every user or every account of a namespace is
 * in are looked up once, and what a role allows is worked out once per role
 * behind a sieve of verb and resource bits that spares most string
 * matching.
 *
 * Memory: the struct and its chains live in malloc'ed storage released by
 * escal_free(); subjects and grants point into the rbac.  Read-only after
 * build; thread safe to query.
 */
#ifndef THREATMAP_ESCALATION_H
#define THREATMAP_ESCALATION_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/rbac.h"

struct arena;
struct escal;
struct inventory;
struct kobj;

enum escal_step {
	/* to the goal */
	ESC_WILDCARD,
	ESC_BIND,
	ESC_IMPERSONATE,
	ESC_CSR,
	ESC_WEBHOOKS,
	ESC_NODES_PROXY,
	/*
	 * ESC_NODE_ESCAPE onto a control-plane node: a Pod of kube-system
	 * runs the API server or etcd (kubeadm's static pods), whose keys
	 * are files of the node
	 */
	ESC_CP_NODE,
	/* to a service account */
	ESC_NS_ADMIN,
	ESC_CREATE_PODS,
	ESC_SA_TOKEN,
	ESC_IMPERSONATE_SA,
	ESC_READ_SECRETS,
	ESC_EXEC,
	ESC_ATTACH,
	/*
	 * create pods where nothing refuses a privileged one: the node it
	 * is placed on, and the tokens of the pods there (any namespace)
	 */
	ESC_NODE_ESCAPE,
	/*
	 * exec into (or otherwise run code in) the pods of a DaemonSet that
	 * hand over their node, on every node: the tokens of the pods there
	 * (any namespace)
	 */
	ESC_EXEC_NODE,
	ESC_NSTEPS,
};

/* One hop: who takes it, how, through which grant, and where it leads. */
struct escal_hop {
	const struct rbac_subject *who;
	enum escal_step step;
	struct rbac_grant grant; /* binding, subject and rule allowing it */
	const char *ns; /* where the grant applies; NULL cluster-wide */
	const struct rbac_subject *to; /* service account reached, or NULL */
	const struct kobj *via;	       /* token Secret or pod used, or NULL */
	const char *via_container;     /* attach: its container reading stdin */
	/*
	 * ESC_NODE_ESCAPE or ESC_CP_NODE in namespace ns, which only Pod
	 * Security guards: the grant to update or patch that Namespace, so
	 * that its enforce label says privileged first.  Binding NULL when
	 * the namespace admits privileged pods as it is.
	 */
	struct rbac_grant relabel;
	/*
	 * ESC_NODE_ESCAPE or ESC_CP_NODE in namespace ns, which admits no
	 * privileged pod: the grant to create PersistentVolumes.  A hostPath
	 * one, bound to a claim made in ns, mounts a directory of the node
	 * into a pod there, and Pod Security sees only the claim.  Binding
	 * NULL when the step needs no volume.
	 */
	struct rbac_grant volume;
	/*
	 * ESC_EXEC_NODE: the workload whose pods the step runs code in, and
	 * whose setting (privileged, a hostPath volume, ...) hands over the
	 * node.  NULL otherwise.
	 */
	const struct kobj *entry;
};

/* Build from a built rbac and its inventory (finished).  Never NULL. */
struct escal *escal_build(const struct rbac *r, const struct inventory *inv);
void escal_free(struct escal *e);

/*
 * The shortest chain from subject s to cluster-admin into out (at most
 * max hops, the last one a step to the goal).  Returns the number of hops,
 * 0 when s cannot reach the goal (or names nobody).
 */
size_t escal_chain(const struct escal *e, const struct rbac_subject *s,
		   struct escal_hop *out, size_t max);

/*
 * Which check says that s is effectively cluster-admin, once:
 *  - ESC_OWNER_NONE: s does not reach the goal, is a system component, or
 *    its chain starts at a bootstrap default or a direct binding to the
 *    cluster-admin ClusterRole (cluster-admin-binding reports those);
 *  - ESC_OWNER_PERM: a one-hop chain whose permission has a catalogue
 *    check of its own (*pid: webhooks, nodes/proxy, CSR approval, bind or
 *    escalate or impersonate); that check says so in its finding;
 *  - ESC_OWNER_CHAIN: rbac-cluster-admin-equivalent reports the chain.
 * Other per-permission findings of s are folded into that one finding.
 */
enum escal_owner {
	ESC_OWNER_NONE,
	ESC_OWNER_PERM,
	ESC_OWNER_CHAIN,
};
enum escal_owner escal_owner(const struct escal *e,
			     const struct rbac_subject *s, int *pid);

/* "can do anything (* on *) cluster-wide", ... (after the subject). */
const char *escal_step_text(enum escal_step st);

/*
 * The step of hop h as escal_step_text() says it, told more exactly where
 * its grant does: an exec step taken by adding an ephemeral container or
 * changing a pod's image says so, and a create-pods step
 * taken by changing a controller's template.
 */
const char *escal_hop_text(const struct escal_hop *h);

/*
 * who-can --effective: the subjects that cannot do rq themselves but reach
 * a subject that can (or cluster-admin, which can do anything) through the
 * steps above.  One entry per subject, with its shortest chain; the last
 * hop leads to a subject that rbac_who_can() lists (direct true) or is a
 * step to cluster-admin (direct false).  *out malloc'ed (caller frees),
 * NULL when empty; returns the count.
 */
#define ESCAL_MAX_HOPS 16
struct escal_reach {
	const struct rbac_subject *who;
	struct escal_hop hops[ESCAL_MAX_HOPS];
	size_t nhops;
	bool direct; /* ends at a subject allowed rq directly */
};
size_t escal_who_can(const struct escal *e, const struct rbac *r,
		     const struct rbac_request *rq, bool any_ns,
		     struct escal_reach **out);

/*
 * A chain in one sentence, after "SUBJECT is effectively cluster-admin:":
 * "it can ... in namespace NS, so it runs a pod as ServiceAccount NS/NAME;
 * then ServiceAccount NS/NAME can do anything ...", with a "; then it
 * can ..., so it ..." for each step between the first and the last.  In
 * arena a.
 */
const char *escal_chain_text(struct arena *a, const struct escal_hop *h,
			     size_t n);

/* Each hop of a chain as a path step of finding fd (finding_hop()). */
struct finding;
struct findings;
void escal_hops(struct findings *out, struct finding *fd,
		const struct escal_hop *h, size_t n);

/* Number of subject nodes and how many reach the goal (for benchmarks). */
void escal_stats(const struct escal *e, size_t *nodes, size_t *admins);

#endif
