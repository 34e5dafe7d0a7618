/*
 * inventory.h - every loaded Kubernetes object, indexed.
 *
 * The loader hands each top-level object to inventory_add(); after the last
 * one, inventory_finish() builds the indexes, resolves controlling owners and
 * derives one pod view per reported workload.  After finish the inventory is
 * read-only and may be shared by threads.
 *
 * Namespaces: a namespaced object of a built-in kind written without
 * metadata.namespace lands where `kubectl apply` would put it: in the
 * namespace given to inventory_set_namespace() ("default" unless set), with
 * ns_defaulted set, so a finding about "the default namespace" can tell an
 * object placed there on purpose from one that only fell there.  So do the
 * namespaced kinds of well-known custom resource groups (Gateway API,
 * Istio networking and security, Cilium and Calico policies, the
 * workloads of OpenShift, Argo Rollouts, OpenKruise and Knative).  Other
 * custom resources without a namespace keep ns == NULL ("unspecified");
 * kobj_ns() gives "" for them.  Cluster-scoped kinds always have ns == NULL.
 *
 * One object per definition: an object of the same API group, kind,
 * namespace (as above: "unspecified" is not "default"), name and contents
 * as one added before it is the same object given again (two installs
 * that share objects, a file read twice).  inventory_finish() keeps the
 * first in input order, the one whose location findings then point at,
 * drops the others from every walk and lookup, and records a warning for
 * each (inventory_warnings()).  A copy whose contents differ (an overlay,
 * another environment's values) is kept and judged as well, with a
 * warning naming the first.  Objects named after their generateName are
 * distinct objects; configuration documents (inventory_is_config_doc())
 * are no API objects; Pods of one name may be the static Pods of several
 * nodes: all of these are kept.  A live cluster or its snapshot has no
 * such repeats.
 *
 * Memory: kobj and pod_view live in the arena given to inventory_new(); the
 * indexes are malloc'ed and released by inventory_free().
 */
#ifndef THREATMAP_INVENTORY_H
#define THREATMAP_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct diag_list;
struct node;

/*
 * 96 bytes, one per object: its uid is read from its metadata where
 * owners are resolved, and the last three fields share a word.
 */
struct kobj {
	const struct node *root;
	const char *api_version; /* as written: "apps/v1", "v1" */
	const char *group;	 /* "" for the core group */
	const char *kind;
	const char *ns; /* NULL: cluster-scoped or unspecified */
	const char *name;
	const char *file;   /* manifest path, snapshot file or API path */
	unsigned line, col; /* where the object starts in file */
	const struct node *labels;	/* metadata.labels or NULL */
	const struct node *annotations; /* metadata.annotations or NULL */
	const struct kobj *owner; /* controlling owner present in the input */
	unsigned pods; /* pods in the input reported on this object */
	/* insertion order; inventory_object(index) (INVENTORY_MAX) */
	unsigned index : 30;
	/* metadata.namespace absent; ns is the default */
	unsigned ns_defaulted : 1;
	/* no metadata.name: named after generateName */
	unsigned name_made_up : 1;
};

/* Objects an inventory takes at most (struct kobj's index). */
#define INVENTORY_MAX ((size_t)1 << 30)

/* One pod template of a workload that findings are reported on. */
struct pod_view {
	const struct kobj *obj;
	const struct node *meta; /* pod (template) metadata, may be NULL */
	const struct node *spec; /* the PodSpec */
	const char *spec_path;	 /* "spec", "spec.template.spec", ... */
};

struct inventory;

struct inventory *inventory_new(struct arena *a);
void inventory_free(struct inventory *inv);

/*
 * Add a top-level object loaded from file.  root must be an object with
 * string apiVersion and kind and an object metadata.  Fails with
 * DIAG_SCHEMA and a message naming the field otherwise, or for a kind that
 * a built-in API group does not define.  Objects of other groups (custom
 * resources) are kept as they are.  Not after inventory_finish().
 *
 * An object without metadata.name (missing, null or "": written with
 * generateName, or half-written) is kept under the name the API server
 * would show for it, generateName followed by "*" ("web-*"; "*" without a
 * generateName), and a warning with its file, line and column is recorded
 * (inventory_warnings()).
 */
int inventory_add(struct inventory *inv, const char *file,
		  const struct node *root, struct diag *d);

/*
 * What inventory_add() would do with root, without adding it: 0 when it
 * would be added (*skip false) or skipped as outside the only namespace
 * (*skip true), with *api and *kind its apiVersion and kind (strings of
 * root's tree); otherwise inventory_add()'s error.  For a writer that
 * passes objects through and keeps none (a snapshot being collected).
 */
int inventory_admit(const struct inventory *inv, const char *file,
		    const struct node *root, const char **api,
		    const char **kind, bool *skip, struct diag *d);

/*
 * Before the first inventory_add(): the namespace given to namespaced
 * objects written without one (NULL: "default"), and, when only is true,
 * keep only cluster-scoped objects and those in that namespace (kubectl's
 * -n); the others are counted by inventory_skipped().  ns is borrowed.
 */
void inventory_set_namespace(struct inventory *inv, const char *ns, bool only);

/*
 * While loading, so that a workload whose findings are reported on its
 * controller keeps no more than its metadata (prune.h, PRUNE_OWNED).
 *
 * Each object inventory_add() takes counts as read; inventory_expect()
 * counts an object the loader will hand over when its List ends, if
 * inventory_add() will take it, until inventory_expect_end() says whether
 * the List was added (else those expected since the last call are
 * forgotten).  The loader calls inventory_expect_end() at the end of each
 * document.
 *
 * inventory_expect_ahead(): the same for an item a look ahead found
 * further on in the List being read (root and its text may be freed when
 * it returns).  inventory_expect_end() answers how many of those the List
 * did not hand over after all (the file changed between the readings).
 *
 * inventory_controller_read(): for a workload (apiVersion api, kind, with
 * metadata meta) with a controller reference (controller true, a workload
 * kind, a name and a uid), INV_OWNER_READ when a workload of that kind
 * and uid was read before it in its namespace (inventory_finish() will
 * give it that owner or another one, never none), else INV_OWNER_LATER;
 * INV_OWNER_NONE for other objects.
 *
 * inventory_defer(): such an object, INV_OWNER_LATER when it was read,
 * whose members nodes (arrays or objects) hold what is in arena own, which
 * the inventory now owns.  When its controller is read (and will be
 * added: an item of a List counts from when its List ends, or at once for
 * objects of the same List), the nodes are emptied (node_hollow()) and own
 * is freed; inventory_finish() keeps those whose controller never came
 * (own merged into the inventory's arena).  A reference to the object's
 * own kind and uid settles nothing: inventory_finish() ignores it.
 */
enum { INV_OWNER_NONE, INV_OWNER_LATER, INV_OWNER_READ };
void inventory_expect(struct inventory *inv, const char *file,
		      const struct node *root);
void inventory_expect_ahead(struct inventory *inv, const char *file,
			    const struct node *root);
size_t inventory_expect_end(struct inventory *inv, bool added);
int inventory_controller_read(const struct inventory *inv, const char *api,
			      const char *kind, const struct node *meta);
void inventory_defer(struct inventory *inv, const char *api, const char *kind,
		     const struct node *meta, struct node *const *nodes,
		     size_t n, struct arena *own);
/*
 * What inventory_controller_read() would answer were the controllers read
 * those whose uid (len bytes) seen() knows (any kind, any namespace): INV_OWNER_NONE
 * exactly when it answers that; INV_OWNER_READ or INV_OWNER_LATER a guess
 * to be checked against it.  Reads no inventory: safe on any thread.
 */
int inventory_owner_guess(const char *api, const char *kind,
			  const struct node *meta,
			  bool (*seen)(void *ctx, const char *uid, size_t len),
			  void *ctx);
/*
 * Where the loader builds the ownerReferences of a workload whose
 * controller was read (INV_OWNER_READ; struct lb's transient): only the
 * owner's lookup in inventory_finish() reads them, which then takes them
 * out of the object's metadata and frees the arena, so that what the
 * checks never read is not held while they run.  The object's owner says
 * it had a controlling one.
 */
struct arena *inventory_transient(struct inventory *inv);
/* Objects inventory_defer() took whose members were emptied. */
size_t inventory_deferred_released(const struct inventory *inv);
/*
 * Bytes the arenas inventory_defer() took still hold: members of objects
 * waiting for a controller not read yet.
 */
size_t inventory_deferred_held(const struct inventory *inv);

/*
 * fn(ctx, n) after each object inventory_add() takes and each item
 * inventory_expect() hears of (a List hands its items over at its end),
 * n the objects taken so far, with those expected: a progress report
 * while a large input loads.  n may go back when a List ends (its items
 * counted once as expected, then as taken).  fn NULL: none.
 */
void inventory_on_add(struct inventory *inv,
		      void (*fn)(void *ctx, size_t objects), void *ctx);

/* Objects inventory_add() left out because of the namespace filter. */
size_t inventory_skipped(const struct inventory *inv);

/* Objects inventory_finish() dropped as identical copies. */
size_t inventory_repeated(const struct inventory *inv);

/*
 * Drop identical copies (see above), then build indexes, owners and pod
 * views.  Call once.
 */
void inventory_finish(struct inventory *inv);

/*
 * inventory_finish() on up to threads threads, the calling one among
 * them: the same inventory, built in less time.
 */
void inventory_finish_threads(struct inventory *inv, unsigned threads);

/*
 * o is a configuration document no API server stores: its API group ends
 * in config.k8s.io, or is audit.k8s.io, node.eks.aws or threatmap.dev
 * (KubeletConfiguration, an audit Policy, AuthenticationConfiguration,
 * EncryptionConfiguration, NodeConfig, TrustedRegistries).  Given
 * without metadata, such a document is named after its file.
 */
bool inventory_is_config_doc(const struct kobj *o);

/* All objects in insertion order, identical copies dropped. */
size_t inventory_size(const struct inventory *inv);
const struct kobj *inventory_object(const struct inventory *inv, size_t i);

/*
 * Objects of one kind (any group), in insertion order; *n set.  kind as
 * kind_key() gives it: "StatefulSet" are the apps ones (and those of
 * groups that define no StatefulSet of their own), OpenKruise's are
 * "StatefulSet.apps.kruise.io".
 */
const struct kobj *const *inventory_kind(const struct inventory *inv,
					 const char *kind, size_t *n);

/*
 * Object by kind (as kind_key() gives it), namespace and name; ns NULL or
 * "" for cluster-scoped and unspecified.  The first one added wins when a
 * name repeats.
 */
const struct kobj *inventory_find(const struct inventory *inv, const char *kind,
				  const char *ns, const char *name);

/*
 * Pod views of every workload reported on: Pods and controllers whose own
 * controlling owner is absent from the input.  A Pod owned by a present
 * ReplicaSet owned by a present Deployment is reported on the Deployment,
 * whose pods counter counts it.
 */
const struct pod_view *inventory_pods(const struct inventory *inv, size_t *n);

/*
 * Coverage: record that kind could not be read in ns (NULL: anywhere), e.g.
 * after a 403.  inventory_can_see() answers false for a kind forbidden in ns
 * or everywhere; inventory_forbidden_any() for a kind forbidden anywhere.
 */
void inventory_forbid(struct inventory *inv, const char *kind, const char *ns);
bool inventory_can_see(const struct inventory *inv, const char *kind,
		       const char *ns);
bool inventory_forbidden_any(const struct inventory *inv, const char *kind);

/* Forbidden (kind, ns) pairs for reports; ns NULL means all namespaces. */
size_t inventory_forbidden_count(const struct inventory *inv);
void inventory_forbidden_at(const struct inventory *inv, size_t i,
			    const char **kind, const char **ns);

/*
 * Problems that did not stop an object from being added (objects named
 * after their generateName; after inventory_finish(), objects defined
 * again), in the order found.  Borrowed; lives as long as inv.
 */
const struct diag_list *inventory_warnings(const struct inventory *inv);

/* "" for unspecified/cluster-scoped, else the namespace. */
const char *kobj_ns(const struct kobj *o);

/* Kinds stored without a namespace. */
bool kind_is_cluster_scoped(const char *kind);

/*
 * Whether o's kind lives in a namespace, by its group and kind: not the
 * cluster-scoped kinds (built-in ones, ClusterPolicy of kyverno.io,
 * AdminNetworkPolicy, ...), nor the configuration files of components
 * (KubeletConfiguration, an audit.k8s.io Policy, EncryptionConfiguration,
 * EKS's NodeConfig), which the API server never stores; a kyverno.io
 * Policy does.  An object that does and has none is "unspecified".
 */
bool kobj_is_namespaced(const struct kobj *o);

/*
 * Kinds with a pod template, by group ("" for the core group): Pod,
 * Deployment, ..., CronJob of any group; OpenShift's DeploymentConfig,
 * Argo Rollouts' Rollout, OpenKruise's CloneSet, StatefulSet, DaemonSet
 * and BroadcastJob, Knative's Service, Configuration and Revision, of
 * their own groups only.
 */
bool kind_is_workload(const char *group, const char *kind);
bool kobj_is_workload(const struct kobj *o);

/*
 * The kind an object of group and kind is indexed under
 * (inventory_kind(), inventory_find(), inventory_forbid()): kind, but
 * "Kind.group" for a kind a project defines again under the name of a
 * built-in one (StatefulSet.apps.kruise.io, DaemonSet.apps.kruise.io,
 * Service.serving.knative.dev), so that neither is taken for the other.
 * group NULL counts as none.  Borrowed: kind itself or a static string.
 */
const char *kind_key(const char *group, const char *kind);
const char *kobj_kind_key(const struct kobj *o);

#endif
