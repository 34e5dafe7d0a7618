#include "inventory.h"

#include <assert.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "node.h"
#include "strmap.h"

struct kind_list {
	const struct kobj **v;
	size_t n, alloc;
};

struct forbidden {
	const char *kind;
	const char *ns; /* NULL: everywhere */
};

/* A workload read: its namespace ("" for none), where, and whether it is
 * a List item of a List not ended yet. */
struct ctl {
	const char *ns;
	unsigned doc;
	bool pending;
	bool ahead; /* found by a look ahead, not read yet */
	/* its key in read_ctl (kind \x1f uid, ctl_key()), which follows it
	 * in the same allocation (ctl_text()) */
	unsigned short len;
};

static const char *ctl_text(const struct ctl *c)
{
	return (const char *)(c + 1);
}

/*
 * Objects by kind, namespace and name, the first of each: open
 * addressing over the objects themselves, a pointer per slot, no key
 * copied.  Each slot holds its object's hash beside the pointer, which a
 * probe reads first: one cache line, where two arrays took two.
 */
struct name_slot {
	const struct kobj *o;
	uint32_t hash;
};

struct name_index {
	struct name_slot *slot;
	size_t cap, n;
};

/*
 * Workloads by kind and uid, the first of each, while owners are
 * resolved: the same open addressing, each slot with the uid its object
 * was filed under (the kind is the object's kobj_kind_key()).
 */
struct uid_slot {
	const struct kobj *o;
	const char *uid;
	uint32_t hash;
};

struct uid_index {
	struct uid_slot *slot;
	size_t cap;
};

/* An object whose members wait for its controller (inventory_defer()). */
struct waiter {
	struct node **nodes;
	size_t n;
	struct arena *own;
	size_t bytes; /* what own holds (inventory_deferred_held()) */
	/* its own kind \x1f uid: a reference to itself settles nothing */
	const char *self;
	size_t self_len;
	const char *ns; /* "" for none */
	unsigned doc;
	bool done;
};

struct wait_link {
	struct waiter *w;
	struct wait_link *next;
};

struct inventory {
	struct arena *arena;
	struct kobj **objs;
	size_t n, alloc;
	/* by kind, namespace and name: the first of each (by_name()) */
	struct name_index by_key;
	/* kind and uid -> workload (first of each), while
	 * inventory_finish() resolves owners */
	struct uid_index by_uid;
	struct strmap by_kind; /* kind -> struct kind_list */
	/*
	 * Workloads read so far, for the loader's question whether an
	 * object's controller was read (inventory_controller_read()):
	 * kind \x1f uid -> struct ctl, the first of each as by_uid will
	 * hold them.  Those of items whose List has not ended are pending
	 * and listed in pend until inventory_expect_end().
	 */
	struct strmap read_ctl;
	struct ctl **pend;
	size_t npend, apend;
	unsigned doc; /* documents ended so far */
	/* objects waiting for their controller (inventory_defer()) */
	struct strmap waits; /* kind \x1f uid -> struct wait_link list */
	/* what only loading needs (the maps' keys, waiters), freed by
	 * inventory_finish() */
	struct arena *loading;
	/* ownerReferences the loader built for owner lookup only
	 * (inventory_transient()), taken out and freed by inventory_finish() */
	struct arena *transient;
	struct waiter **waiters;
	size_t nwait, await;
	size_t released; /* waiters emptied */
	size_t held;	 /* bytes the waiters not emptied hold */
	struct pod_view *pods;
	size_t npods;
	struct forbidden *forb;
	size_t nforb, allocforb;
	struct diag_list warnings;
	const char *default_ns; /* for objects written without one */
	/* the file name and group the last object added shares */
	const char *last_file, *last_group;
	bool only_ns;	 /* keep only default_ns (and cluster scope) */
	size_t skipped;	 /* left out by only_ns */
	size_t repeated; /* dropped by inventory_finish() as given again */
	bool finished;
	/* inventory_on_add(), and the items expected since the last end */
	void (*on_add)(void *ctx, size_t objects);
	void *on_add_ctx;
	size_t expected;
	/*
	 * Items of the List being read whose head read_head() found valid
	 * when they were expected, in their order, to be taken from at
	 * next_checked as inventory_add() adds them: it does not check them
	 * again, nor find its namespace or look its controller entry up
	 * again (NULL: it has none).  Emptied by inventory_expect_end().
	 */
	struct checked {
		const struct node *root;
		struct ctl *c;
		const char *ns; /* land_ns() */
		bool defaulted;
	} * checked;
	size_t nchecked, achecked, next_checked;
};

/* Kinds of the built-in API groups; a kind outside its group is an error. */
static const struct {
	const char *group;
	const char *kinds;
} builtin_groups[] = {
	{ "", "|Binding|ComponentStatus|ConfigMap|Endpoints|Event|LimitRange|"
	      "Namespace|Node|PersistentVolume|PersistentVolumeClaim|Pod|"
	      "PodTemplate|ReplicationController|ResourceQuota|Secret|Service|"
	      "ServiceAccount|" },
	{ "apps", "|ControllerRevision|DaemonSet|Deployment|ReplicaSet|"
		  "StatefulSet|" },
	{ "batch", "|CronJob|Job|" },
	{ "rbac.authorization.k8s.io",
	  "|ClusterRole|ClusterRoleBinding|Role|RoleBinding|" },
	{ "networking.k8s.io", "|IPAddress|Ingress|IngressClass|NetworkPolicy|"
			       "ServiceCIDR|" },
	{ "extensions", "|DaemonSet|Deployment|Ingress|NetworkPolicy|"
			"PodSecurityPolicy|ReplicaSet|" },
	{ "policy", "|Eviction|PodDisruptionBudget|PodSecurityPolicy|" },
	{ "admissionregistration.k8s.io",
	  "|MutatingAdmissionPolicy|MutatingAdmissionPolicyBinding|"
	  "MutatingWebhookConfiguration|ValidatingAdmissionPolicy|"
	  "ValidatingAdmissionPolicyBinding|ValidatingWebhookConfiguration|" },
	{ "autoscaling", "|HorizontalPodAutoscaler|" },
	{ "storage.k8s.io",
	  "|CSIDriver|CSINode|CSIStorageCapacity|StorageClass|"
	  "VolumeAttachment|VolumeAttributesClass|" },
	{ "apiextensions.k8s.io", "|CustomResourceDefinition|" },
	{ "scheduling.k8s.io", "|PriorityClass|" },
	{ "coordination.k8s.io", "|Lease|LeaseCandidate|" },
	{ "certificates.k8s.io",
	  "|CertificateSigningRequest|ClusterTrustBundle|" },
	{ "discovery.k8s.io", "|EndpointSlice|" },
	{ "events.k8s.io", "|Event|" },
	{ "node.k8s.io", "|RuntimeClass|" },
	{ "apiregistration.k8s.io", "|APIService|" },
	{ "flowcontrol.apiserver.k8s.io",
	  "|FlowSchema|PriorityLevelConfiguration|" },
	{ "authentication.k8s.io",
	  "|SelfSubjectReview|TokenRequest|TokenReview|" },
	{ "authorization.k8s.io",
	  "|LocalSubjectAccessReview|SelfSubjectAccessReview|"
	  "SelfSubjectRulesReview|SubjectAccessReview|" },
	{ "resource.k8s.io", "|DeviceClass|ResourceClaim|ResourceClaimTemplate|"
			     "ResourceSlice|" },
	{ "internal.apiserver.k8s.io", "|StorageVersion|" },
	{ "storagemigration.k8s.io", "|StorageVersionMigration|" },
};

/* Built-in kinds without a namespace, in strcmp order: looked up by bisection. */
static const char *const cluster_scoped[] = {
	"APIService",
	"CSIDriver",
	"CSINode",
	"CertificateSigningRequest",
	"ClusterRole",
	"ClusterRoleBinding",
	"ClusterTrustBundle",
	"ComponentStatus",
	"CustomResourceDefinition",
	"DeviceClass",
	"FlowSchema",
	"IPAddress",
	"IngressClass",
	"MutatingAdmissionPolicy",
	"MutatingAdmissionPolicyBinding",
	"MutatingWebhookConfiguration",
	"Namespace",
	"Node",
	"PersistentVolume",
	"PodSecurityPolicy",
	"PriorityClass",
	"PriorityLevelConfiguration",
	"ResourceSlice",
	"RuntimeClass",
	"ServiceCIDR",
	"StorageClass",
	"StorageVersionMigration",
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionPolicyBinding",
	"ValidatingWebhookConfiguration",
	"VolumeAttachment",
	"VolumeAttributesClass",
};

/*
 * Kinds with a pod template: where the pod spec and its metadata sit.
 * group NULL: the kind in any group (the built-in kinds, as ever); else
 * that group only.  Entries of one group come first, so that a kind that
 * another project defines again (OpenKruise's StatefulSet and DaemonSet,
 * Knative's Service) is told from the built-in one by its group, and a
 * custom resource of yet another group that reuses a project's kind
 * (a Rollout, a Revision of its own) is no workload.  key: the kind the
 * inventory indexes such an object under (kind_key()).
 */
#define TMPL	"spec.template.spec", "spec.template.metadata"
#define K(kind) kind, sizeof(kind) - 1
static const struct workload_def {
	const char *group, *kind;
	size_t klen;
	const char *key, *spec, *meta;
} workload_defs[] = {
	/* OpenKruise: CloneSet, Advanced StatefulSet and DaemonSet,
	 * BroadcastJob */
	{ "apps.kruise.io", K("CloneSet"), "CloneSet", TMPL },
	{ "apps.kruise.io", K("StatefulSet"), "StatefulSet.apps.kruise.io",
	  TMPL },
	{ "apps.kruise.io", K("DaemonSet"), "DaemonSet.apps.kruise.io", TMPL },
	{ "apps.kruise.io", K("BroadcastJob"), "BroadcastJob", TMPL },
	/* Knative Serving: a Revision's spec is a pod spec */
	{ "serving.knative.dev", K("Service"), "Service.serving.knative.dev",
	  TMPL },
	{ "serving.knative.dev", K("Configuration"), "Configuration", TMPL },
	{ "serving.knative.dev", K("Revision"), "Revision", "spec",
	  "metadata" },
	/* OpenShift's DeploymentConfig, Argo Rollouts' Rollout */
	{ "apps.openshift.io", K("DeploymentConfig"), "DeploymentConfig",
	  TMPL },
	{ "argoproj.io", K("Rollout"), "Rollout", TMPL },
	{ NULL, K("Pod"), "Pod", "spec", "metadata" },
	{ NULL, K("Deployment"), "Deployment", TMPL },
	{ NULL, K("StatefulSet"), "StatefulSet", TMPL },
	{ NULL, K("DaemonSet"), "DaemonSet", TMPL },
	{ NULL, K("ReplicaSet"), "ReplicaSet", TMPL },
	{ NULL, K("ReplicationController"), "ReplicationController", TMPL },
	{ NULL, K("Job"), "Job", TMPL },
	{ NULL, K("CronJob"), "CronJob", "spec.jobTemplate.spec.template.spec",
	  "spec.jobTemplate.spec.template.metadata" },
};
#undef TMPL
#undef K

/*
 * The entry of kind in group (gl bytes); group NULL: a group not known
 * (an owner reference without an apiVersion), which only entries of any
 * group answer.
 */
static const struct workload_def *workload_def_in(const char *group, size_t gl,
						  const char *kind)
{
	size_t i, kl;

	if (!kind)
		return NULL;
	kl = strlen(kind);
	for (i = 0; i < sizeof(workload_defs) / sizeof(workload_defs[0]); i++) {
		const struct workload_def *w = &workload_defs[i];

		/* length and first letter rule out most entries */
		if (w->klen != kl || w->kind[0] != kind[0] ||
		    memcmp(w->kind, kind, kl))
			continue;
		if (!w->group)
			return w;
		if (group && strlen(w->group) == gl &&
		    !strncmp(group, w->group, gl))
			return w;
	}
	return NULL;
}

/* The same by apiVersion ("apps.kruise.io/v1beta1", "v1"; NULL). */
static const struct workload_def *workload_def(const char *api,
					       const char *kind)
{
	const char *slash = api ? strchr(api, '/') : NULL;

	return workload_def_in(api, slash ? (size_t)(slash - api) : 0, kind);
}

/* The kind a workload of kind in api's group is keyed by, or NULL. */
static const char *workload_key(const char *api, const char *kind)
{
	const struct workload_def *w = workload_def(api, kind);

	return w ? w->key : NULL;
}

/* The same by group ("" for the core group; NULL: not known). */
static const struct workload_def *workload_def_group(const char *group,
						     const char *kind)
{
	return workload_def_in(group, group ? strlen(group) : 0, kind);
}

/*
 * word is one of the |-separated words of list: "|word|" is in it.  No
 * kind of a list is longer than KIND_WORD_MAX.
 */
#define KIND_WORD_MAX 64

static bool in_list(const char *list, const char *word)
{
	char pat[KIND_WORD_MAX + 3];
	size_t len = strnlen(word, KIND_WORD_MAX + 1);

	if (!len || len > KIND_WORD_MAX || memchr(word, '|', len))
		return false;
	pat[0] = '|';
	memcpy(pat + 1, word, len);
	pat[len + 1] = '|';
	pat[len + 2] = '\0';
	return strstr(list, pat) != NULL;
}

static int cmp_kind(const void *key, const void *entry)
{
	const unsigned char *k = key;
	const unsigned char *e = *(const unsigned char *const *)entry;

	/* most steps of the search are decided by the first letter */
	if (k[0] != e[0])
		return k[0] - e[0];
	return strcmp(key, *(const char *const *)entry);
}

bool kind_is_cluster_scoped(const char *kind)
{
	return bsearch(kind, cluster_scoped,
		       sizeof(cluster_scoped) / sizeof(cluster_scoped[0]),
		       sizeof(cluster_scoped[0]), cmp_kind) != NULL;
}

bool kind_is_workload(const char *group, const char *kind)
{
	return workload_def_group(group, kind) != NULL;
}

bool kobj_is_workload(const struct kobj *o)
{
	return workload_def_group(o->group, o->kind) != NULL;
}

const char *kind_key(const char *group, const char *kind)
{
	const struct workload_def *w;

	/*
	 * only these groups define a kind again under a built-in name; the
	 * first byte picks the one name a group can be, so most groups
	 * ("", "batch", ...) need no comparison and none needs two
	 */
	if (!group || (group[0] == 'a'	 ? strcmp(group, "apps.kruise.io")
		       : group[0] == 's' ? strcmp(group, "serving.knative.dev")
					 : 1))
		return kind;
	w = workload_def_group(group, kind);
	return w ? w->key : kind;
}

const char *kobj_kind_key(const struct kobj *o)
{
	return kind_key(o->group, o->kind);
}

const char *kobj_ns(const struct kobj *o)
{
	return o->ns ? o->ns : "";
}

struct inventory *inventory_new(struct arena *a)
{
	struct inventory *inv = xmalloc(sizeof(*inv));

	memset(inv, 0, sizeof(*inv));
	inv->arena = a;
	inv->default_ns = "default";
	return inv;
}

void inventory_set_namespace(struct inventory *inv, const char *ns, bool only)
{
	inv->default_ns = ns && *ns ? ns : "default";
	inv->only_ns = only && ns && *ns;
}

size_t inventory_skipped(const struct inventory *inv)
{
	return inv->skipped;
}

size_t inventory_repeated(const struct inventory *inv)
{
	return inv->repeated;
}

/*
 * Namespaced kinds of well-known custom resource groups: `kubectl apply`
 * puts them in the default namespace like built-in kinds, and the network
 * model must find a route, a policy and the Service it names in the same
 * place.
 */
static const struct {
	const char *group, *kinds;
} crd_namespaced[] = {
	{ "gateway.networking.k8s.io",
	  "|Gateway|HTTPRoute|GRPCRoute|TLSRoute|TCPRoute|UDPRoute|"
	  "ReferenceGrant|BackendTLSPolicy|ListenerSet|" },
	{ "gateway.networking.x-k8s.io", "|XListenerSet|ListenerSet|" },
	{ "networking.istio.io",
	  "|Gateway|VirtualService|DestinationRule|ServiceEntry|Sidecar|" },
	{ "security.istio.io",
	  "|AuthorizationPolicy|PeerAuthentication|RequestAuthentication|" },
	{ "cilium.io", "|CiliumNetworkPolicy|" },
	{ "projectcalico.org", "|NetworkPolicy|NetworkSet|" },
	{ "crd.projectcalico.org", "|NetworkPolicy|NetworkSet|" },
	/* workloads of other projects (workload_defs) */
	{ "apps.openshift.io", "|DeploymentConfig|" },
	{ "argoproj.io", "|Rollout|" },
	{ "apps.kruise.io", "|CloneSet|StatefulSet|DaemonSet|BroadcastJob|" },
	{ "serving.knative.dev", "|Service|Configuration|Revision|" },
};

/*
 * api ("apps/v1", "v1") is of group g: its part before the slash is g,
 * or it has no slash and g is the core group "".  Without measuring g.
 */
static bool api_in_group(const char *api, const char *slash, const char *g)
{
	size_t gl = slash ? (size_t)(slash - api) : 0;

	/* the first letter rules out most groups */
	if (!gl)
		return !g[0];
	return g[0] == api[0] && !strncmp(api, g, gl) && g[gl] == '\0';
}

static bool crd_is_namespaced(const char *api, const char *kind)
{
	const char *slash = strchr(api, '/');
	size_t i;

	for (i = 0;
	     slash && i < sizeof(crd_namespaced) / sizeof(crd_namespaced[0]);
	     i++)
		if (api_in_group(api, slash, crd_namespaced[i].group))
			return in_list(crd_namespaced[i].kinds, kind);
	return false;
}

/*
 * The kinds of the built-in group of api (slash: its '/', or NULL for
 * the core group), or NULL for a group not built in.  Each group is in
 * builtin_groups once.
 */
static const char *builtin_group_kinds(const char *api, const char *slash)
{
	size_t gl = slash ? (size_t)(slash - api) : 0, i;

	for (i = 0; i < sizeof(builtin_groups) / sizeof(builtin_groups[0]);
	     i++) {
		const char *g = builtin_groups[i].group;

		/* the first letter rules out most groups */
		if (gl ? g[0] == api[0] && !strncmp(api, g, gl) && !g[gl]
		       : !g[0])
			return builtin_groups[i].kinds;
	}
	return NULL;
}

/* A kind of a built-in group (by apiVersion) that lives in a namespace. */
static bool builtin_namespaced(const char *api, const char *kind)
{
	const char *kinds;

	if (!api || kind_is_cluster_scoped(kind))
		return false;
	kinds = builtin_group_kinds(api, strchr(api, '/'));
	return kinds && in_list(kinds, kind);
}

void inventory_free(struct inventory *inv)
{
	size_t i = 0;
	const char *k;
	size_t kl;
	void *v;

	if (!inv)
		return;
	while (strmap_next(&inv->by_kind, &i, &k, &kl, &v)) {
		struct kind_list *l = v;
		free(l->v);
		free(l);
	}
	strmap_release(&inv->by_kind);
	free(inv->by_key.slot);
	free(inv->by_uid.slot);
	strmap_release(&inv->read_ctl);
	free(inv->checked);
	free(inv->pend);
	for (i = 0; i < inv->nwait; i++)
		if (!inv->waiters[i]->done)
			arena_free(inv->waiters[i]->own);
	free(inv->waiters);
	strmap_release(&inv->waits);
	arena_free(inv->loading);
	arena_free(inv->transient);
	free(inv->objs);
	free(inv->pods);
	free(inv->forb);
	diag_list_release(&inv->warnings);
	free(inv);
}

static int field_error(struct diag *d, const char *file, const struct node *at,
		       const char *what)
{
	struct srcloc loc = { file, at ? at->line : 0, node_col(at) };
	return diag_set(d, DIAG_SCHEMA, &loc, "%s", what);
}

/*
 * A required string field, n (parent's member at path, looked up by the
 * caller so that a literal key is hashed at compile time): missing or of
 * another type is an error.
 */
static int want_string(struct diag *d, const char *file,
		       const struct node *parent, const struct node *n,
		       const char *path, const char **out)
{
	struct srcloc loc = { file, parent->line, node_col(parent) };

	if (!n)
		return diag_set(d, DIAG_SCHEMA, &loc,
				"expected '%s' (a string), found none", path);
	if (n->type != NODE_STRING || !node_len(n)) {
		loc.line = n->line, loc.col = node_col(n);
		return diag_set(
		    d, DIAG_SCHEMA, &loc,
		    "expected '%s' to be a non-empty string, found %s", path,
		    n->type == NODE_STRING ? "\"\"" : node_type_name(n->type));
	}
	if (memchr(node_text(n), '\0', node_len(n))) {
		loc.line = n->line, loc.col = node_col(n);
		return diag_set(d, DIAG_SCHEMA, &loc,
				"expected '%s' without a NUL character "
				"(\\u0000): it would be cut short there",
				path);
	}
	*out = node_text(n);
	return 0;
}

/*
 * Shape rules for the fields that checks read: wrong types are errors.
 * key: the last step of path; parent: the rule whose node holds it (-1:
 * the object checked), an earlier rule, so each node is looked up once.
 */
struct shape {
	const char *path, *key;
	int parent;
	enum node_type type;
	bool items_objects; /* for arrays: every item an object */
};

#define TOP(path)	      path, path, -1
#define UNDER(p, key, parent) p "." key, key, parent
static const struct shape podspec_shape[] = {
	{ TOP("containers"), NODE_ARRAY, true },
	{ TOP("initContainers"), NODE_ARRAY, true },
	{ TOP("ephemeralContainers"), NODE_ARRAY, true },
	{ TOP("volumes"), NODE_ARRAY, true },
	{ TOP("securityContext"), NODE_OBJECT, false },
	{ TOP("hostPID"), NODE_BOOL, false },
	{ TOP("hostIPC"), NODE_BOOL, false },
	{ TOP("hostNetwork"), NODE_BOOL, false },
	{ TOP("automountServiceAccountToken"), NODE_BOOL, false },
	{ TOP("serviceAccountName"), NODE_STRING, false },
	{ TOP("serviceAccount"), NODE_STRING, false },
}, container_shape[] = {
	{ TOP("name"), NODE_STRING, false },
	{ TOP("image"), NODE_STRING, false },
	{ TOP("securityContext"), NODE_OBJECT, false },
	{ UNDER("securityContext", "privileged", 2), NODE_BOOL, false },
	{ UNDER("securityContext", "allowPrivilegeEscalation", 2), NODE_BOOL,
	  false },
	{ UNDER("securityContext", "runAsNonRoot", 2), NODE_BOOL, false },
	{ UNDER("securityContext", "runAsUser", 2), NODE_NUMBER, false },
	{ UNDER("securityContext", "capabilities", 2), NODE_OBJECT, false },
	{ UNDER("securityContext.capabilities", "add", 7), NODE_ARRAY, false },
	{ TOP("args"), NODE_ARRAY, false },
	{ TOP("command"), NODE_ARRAY, false },
	{ TOP("env"), NODE_ARRAY, true },
	{ TOP("volumeMounts"), NODE_ARRAY, true },
	{ TOP("ports"), NODE_ARRAY, true },
};
#undef TOP
#undef UNDER

#define SHAPE_MAX 16
_Static_assert(sizeof(podspec_shape) / sizeof(podspec_shape[0]) <= SHAPE_MAX &&
		   sizeof(container_shape) / sizeof(container_shape[0]) <=
		       SHAPE_MAX,
	       "a shape's nodes fit its array");

/*
 * Check base against the rules t (n of them): base is path, or item i of
 * its member list when list is set.  That name is written only for an
 * error.
 */
static int shape_check(struct diag *d, const char *file, const struct shape *t,
		       size_t n, const struct node *base, const char *path,
		       const char *list, size_t i)
{
	const struct node *at[SHAPE_MAX];
	char buf[256], msg[DIAG_MSG_MAX];
	const char *prefix = path;
	const struct node *bad = NULL;
	size_t r, j = 0;

	for (r = 0; r < n && !bad; r++) {
		const struct node *v = node_get(
		    t[r].parent < 0 ? base : at[t[r].parent], t[r].key);

		at[r] = v;
		if (v && v->type != NODE_NULL && v->type != t[r].type)
			bad = v;
		else if (v && t[r].items_objects)
			for (j = 0; j < node_len(v); j++)
				if (node_at(v, j)->type != NODE_OBJECT) {
					bad = node_at(v, j);
					break;
				}
	}
	if (!bad)
		return 0;
	r--;
	if (list) {
		fmt_snprintf(buf, sizeof(buf), "%s.%s[%zu]", path, list, i);
		prefix = buf;
	}
	if (bad == at[r])
		fmt_snprintf(
		    msg, sizeof(msg), "expected '%s.%s' to be %s %s, found %s",
		    prefix, t[r].path,
		    t[r].type == NODE_ARRAY || t[r].type == NODE_OBJECT ? "an"
									: "a",
		    node_type_name(t[r].type), node_type_name(bad->type));
	else
		fmt_snprintf(msg, sizeof(msg),
			     "expected '%s.%s[%zu]' to be an object, found %s",
			     prefix, t[r].path, j, node_type_name(bad->type));
	return field_error(d, file, bad, msg);
}

#define SHAPE_CHECK(table, base, path, list, i)                                \
	shape_check(d, file, table, sizeof(table) / sizeof(table[0]), base,    \
		    path, list, i)

static int check_podspec(struct diag *d, const char *file,
			 const struct node *spec, const char *path)
{
	static const char *const lists[] = { "containers", "initContainers",
					     "ephemeralContainers" };
	char msg[DIAG_MSG_MAX];
	size_t l, i;
	int rc;

	if (spec->type != NODE_OBJECT) {
		fmt_snprintf(msg, sizeof(msg),
			     "expected '%s' to be an object, found %s", path,
			     node_type_name(spec->type));
		return field_error(d, file, spec, msg);
	}
	if ((rc = SHAPE_CHECK(podspec_shape, spec, path, NULL, 0)))
		return rc;
	for (l = 0; l < 3; l++) {
		const struct node *cs = node_get(spec, lists[l]);
		for (i = 0; i < node_count(cs); i++)
			if ((rc = SHAPE_CHECK(container_shape, node_at(cs, i),
					      path, lists[l], i)))
				return rc;
	}
	return 0;
}

static void kind_list_add(struct inventory *inv, const struct kobj *o)
{
	const char *key = kobj_kind_key(o);
	void **slot = strmap_slot(&inv->by_kind, key, strlen(key));
	struct kind_list *l = *slot;

	if (!l) {
		l = xmalloc(sizeof(*l));
		memset(l, 0, sizeof(*l));
		*slot = l;
	}
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = o;
}

/*
 * The object vector and the lists by kind, grown by doubling while
 * loading, cut to what they hold: they stay as they are to the end.
 */
static void fit_lists(struct inventory *inv)
{
	size_t i = 0, kl;
	const char *k;
	void *v;

	while (strmap_next(&inv->by_kind, &i, &k, &kl, &v)) {
		struct kind_list *l = v;

		l->v = xrealloc_array(l->v, l->n, sizeof(*l->v));
		l->alloc = l->n;
	}
	if (inv->n) {
		inv->objs =
		    xrealloc_array(inv->objs, inv->n, sizeof(*inv->objs));
		inv->alloc = inv->n;
	}
}

/* The fields every object needs, read and checked. */
struct head {
	const char *api, *kind, *name; /* name NULL: none written */
	const struct node *meta, *ns, *name_at;
	bool config; /* a component configuration file: no metadata */
};

/* The apiVersion names a built-in group that has no such kind. */
static int check_builtin_kind(struct diag *d, const char *file,
			      const struct node *root, const struct head *h)
{
	const char *kinds = builtin_group_kinds(h->api, strchr(h->api, '/'));

	if (kinds && !in_list(kinds, h->kind)) {
		const struct node *kn = node_get(root, "kind");
		struct srcloc loc = { file, kn->line, node_col(kn) };
		return diag_set(d, DIAG_SCHEMA, &loc,
				"unknown kind '%s' for apiVersion '%s'",
				h->kind, h->api);
	}
	return 0;
}

/*
 * Component configuration files (KubeletConfiguration, EncryptionConfiguration,
 * an audit Policy, EKS's NodeConfig...) carry no metadata: the API server
 * never stores them.
 */
static bool is_component_config(const char *api)
{
	const char *slash = api ? strchr(api, '/') : NULL;
	size_t gl = slash ? (size_t)(slash - api) : 0;
	static const char suffix[] = "config.k8s.io";

	if (gl == strlen("audit.k8s.io") && !strncmp(api, "audit.k8s.io", gl))
		return true;
	/* threatmap's own settings carried in the input (TrustedRegistries) */
	if (gl == strlen("threatmap.dev") && !strncmp(api, "threatmap.dev", gl))
		return true;
	/* EKS nodeadm's NodeConfig: a node's kubelet config and flags */
	if (gl == strlen("node.eks.aws") && !strncmp(api, "node.eks.aws", gl))
		return true;
	/* the EventRateLimit admission plugin's file */
	if (gl == strlen("eventratelimit.admission.k8s.io") &&
	    !strncmp(api, "eventratelimit.admission.k8s.io", gl))
		return true;
	return gl >= sizeof(suffix) - 1 &&
	       !strncmp(api + gl - (sizeof(suffix) - 1), suffix,
			sizeof(suffix) - 1);
}

bool inventory_is_config_doc(const struct kobj *o)
{
	return is_component_config(o->api_version);
}

/*
 * Cluster-scoped kinds of well-known custom resource groups, whose names
 * say nothing of their scope ("*": every kind of the group).
 */
static const struct {
	const char *group, *kinds;
} crd_cluster_scoped[] = {
	{ "kyverno.io", "|ClusterPolicy|ClusterCleanupPolicy|" },
	{ "wgpolicyk8s.io", "|ClusterPolicyReport|" },
	{ "policy.networking.k8s.io",
	  "|AdminNetworkPolicy|BaselineAdminNetworkPolicy|"
	  "ClusterNetworkPolicy|" },
	{ "gateway.networking.k8s.io", "|GatewayClass|" },
	{ "cert-manager.io", "|ClusterIssuer|" },
	{ "templates.gatekeeper.sh", "|ConstraintTemplate|" },
	{ "constraints.gatekeeper.sh", "*" },
	{ "projectcalico.org",
	  "|GlobalNetworkPolicy|GlobalNetworkSet|HostEndpoint|Tier|" },
	{ "crd.projectcalico.org",
	  "|GlobalNetworkPolicy|GlobalNetworkSet|HostEndpoint|Tier|" },
	{ "cilium.io",
	  "|CiliumClusterwideNetworkPolicy|CiliumNode|CiliumIdentity|"
	  "CiliumCIDRGroup|" },
	{ "snapshot.storage.k8s.io", "|VolumeSnapshotClass|"
				     "VolumeSnapshotContent|" },
};

bool kobj_is_namespaced(const struct kobj *o)
{
	const char *api = o->api_version;
	const char *slash = api ? strchr(api, '/') : NULL;
	size_t i;

	/* a kubelet's or API server's configuration file, not an object */
	if (api && is_component_config(api))
		return false;
	/* a node's systemd unit or environment file (lib/load/unit.c) */
	if (slash && (size_t)(slash - api) == strlen("systemd.threatmap.dev") &&
	    !strncmp(api, "systemd.threatmap.dev", (size_t)(slash - api)))
		return false;
	for (i = 0; slash && i < sizeof(crd_cluster_scoped) /
				     sizeof(crd_cluster_scoped[0]);
	     i++)
		if (api_in_group(api, slash, crd_cluster_scoped[i].group))
			return strcmp(crd_cluster_scoped[i].kinds, "*") &&
			       !in_list(crd_cluster_scoped[i].kinds, o->kind);
	return !kind_is_cluster_scoped(o->kind);
}

/* The base name of file ("kubelet-config.yaml"), or "-" for stdin. */
static const char *config_name(struct arena *a, const char *file)
{
	const char *base = file ? strrchr(file, '/') : NULL;

	base = base ? base + 1 : file;
	return arena_strdup(a, base && *base ? base : "-");
}

/* Validation: everything inventory_add() refuses, with where and why. */
/*
 * checked: root passed these checks before (as an item expected; its
 * tree has not changed since but for members node_hollow() emptied), so
 * its kind and pod spec are not checked again.
 */
static int read_head(struct diag *d, const char *file, const struct node *root,
		     struct head *h, bool checked)
{
	const struct workload_def *w;
	int rc;

	memset(h, 0, sizeof(*h));
	if (!root || root->type != NODE_OBJECT)
		return field_error(d, file, root,
				   "expected a Kubernetes object (a mapping "
				   "with apiVersion and kind)");
	if ((rc = want_string(d, file, root, node_get(root, "apiVersion"),
			      "apiVersion", &h->api)) ||
	    (rc = want_string(d, file, root, node_get(root, "kind"), "kind",
			      &h->kind)))
		return rc;
	if (!h->api || !h->kind) /* want_string() set them */
		return diag_set(d, DIAG_INTERNAL, NULL,
				"object without a kind");
	h->meta = node_get(root, "metadata");
	if (!h->meta && h->api && is_component_config(h->api)) {
		h->config = true; /* named after its file by add_object() */
		return 0;
	}
	if (!h->meta || h->meta->type != NODE_OBJECT)
		return field_error(
		    d, file, h->meta ? h->meta : root,
		    h->meta ? "expected 'metadata' to be an object"
			    : "expected 'metadata' (an object), found none");
	/* missing, null or "": named by add_object(), with a warning */
	h->name_at = node_get(h->meta, "name");
	if (h->name_at && h->name_at->type != NODE_NULL &&
	    !(h->name_at->type == NODE_STRING && !node_len(h->name_at)) &&
	    (rc = want_string(d, file, h->meta, h->name_at, "metadata.name",
			      &h->name)))
		return rc;
	/* a checked root's kind and pod spec were found valid */
	if (!checked && (rc = check_builtin_kind(d, file, root, h)))
		return rc;
	if (!checked && (w = workload_def(h->api, h->kind))) {
		const struct node *spec = node_path(root, w->spec);
		if (spec && (rc = check_podspec(d, file, spec, w->spec)))
			return rc;
	}
	h->ns = node_get(h->meta, "namespace");
	if (h->ns && h->ns->type != NODE_STRING)
		return field_error(
		    d, file, h->ns,
		    "expected 'metadata.namespace' to be a string");
	if (h->ns && memchr(node_text(h->ns), '\0', node_len(h->ns)))
		return field_error(d, file, h->ns,
				   "expected 'metadata.namespace' without a "
				   "NUL character (\\u0000)");
	return 0;
}

static void add_warning(struct inventory *inv, const char *file,
			const struct node *at, const char *msg)
{
	struct srcloc loc = { file, at ? at->line : 0, node_col(at) };
	struct diag w;

	diag_set(&w, DIAG_SCHEMA, &loc, "%s", msg);
	diag_list_add(&inv->warnings, &w);
}

/*
 * The name the API server would show for an object without
 * metadata.name: generateName followed by "*" (the random suffix), "*"
 * when neither is set.  Such an object is kept, with a warning.
 */
static const char *made_up_name(struct inventory *inv, const char *file,
				const struct head *h)
{
	const char *gen = node_get_str(h->meta, "generateName");
	const char *name = arena_printf(inv->arena, "%s*", gen ? gen : "");
	char msg[DIAG_MSG_MAX];

	if (gen && *gen)
		fmt_snprintf(msg, sizeof(msg),
			     "%s without metadata.name: named '%s' after its "
			     "generateName",
			     h->kind, name);
	else
		fmt_snprintf(
		    msg, sizeof(msg),
		    "%s without metadata.name or generateName: named '%s'",
		    h->kind, name);
	add_warning(inv, file, h->name_at ? h->name_at : h->meta, msg);
	return name;
}

/*
 * The namespace an object with this head lands in (NULL: cluster-scoped
 * or unspecified), *defaulted set when it was not written.
 */
static const char *land_ns(const struct inventory *inv, const char *api,
			   const char *kind, const struct node *ns_at,
			   bool *defaulted)
{
	const char *ns = ns_at && ns_at->type == NODE_STRING &&
				 node_len(ns_at) &&
				 !kind_is_cluster_scoped(kind)
			     ? node_text(ns_at)
			     : NULL;

	*defaulted =
	    !ns && api &&
	    (builtin_namespaced(api, kind) || crd_is_namespaced(api, kind));
	return *defaulted ? inv->default_ns : ns;
}

/* "kind\x1fuid" in buf (of size n), its length; 0 when it does not fit. */
/* The arena of what loading needs only, made on first use. */
static struct arena *loading(struct inventory *inv)
{
	if (!inv->loading)
		inv->loading = arena_new();
	return inv->loading;
}

static size_t ctl_key(char *buf, size_t n, const char *kind, const char *uid)
{
	size_t kl = strlen(kind), ul = strlen(uid);

	if (kl + 1 + ul > n)
		return 0;
	memcpy(buf, kind, kl);
	buf[kl] = '\x1f';
	memcpy(buf + kl + 1, uid, ul);
	return kl + 1 + ul;
}

/* Empty the objects waiting for controller c (key, len) that it settles. */
static void settle(struct inventory *inv, const char *key, size_t len,
		   const struct ctl *c)
{
	struct wait_link *l = strmap_get(&inv->waits, key, len);

	for (; l; l = l->next) {
		struct waiter *w = l->w;
		size_t i;

		/* a pending controller settles only its own List's items:
		 * if that List is dropped, so are they */
		if (w->done || strcmp(w->ns, c->ns) ||
		    (c->pending && w->doc != c->doc) ||
		    (w->self_len == len && !memcmp(w->self, key, len)))
			continue;
		for (i = 0; i < w->n; i++)
			node_hollow(w->nodes[i]);
		arena_free(w->own);
		w->own = NULL;
		w->done = true;
		inv->released++;
		inv->held -= w->bytes;
	}
}

/* The workload of entry c was read again (note_read()). */
static void read_again(struct inventory *inv, struct ctl *c, bool pending,
		       bool ahead)
{
	/* the first one wins, as in by_uid */
	if (!ahead)
		c->ahead = false;
	if (c->pending && !pending) {
		c->pending = false;
		settle(inv, ctl_text(c), c->len, c);
	}
}

/*
 * Record that the workload of key (workload_key(); NULL: no workload)
 * and uid in ns was read; pending: its List has not ended yet; ahead:
 * found by a look ahead (ns is copied).  Returns its entry in read_ctl
 * (the first of its key), NULL when it has none: the same object read
 * again with the same head may go to read_again() with it instead.
 */
static struct ctl *note_read(struct inventory *inv, const char *kind,
			     const char *uid, const char *ns, bool pending,
			     bool ahead)
{
	char buf[256];
	size_t len;
	struct ctl *c;
	char *key;

	_Static_assert(sizeof(buf) <= USHRT_MAX, "a key's length fits ctl");
	if (!kind || !uid || !*uid ||
	    !(len = ctl_key(buf, sizeof(buf), kind, uid)))
		return NULL;
	c = strmap_get(&inv->read_ctl, buf, len);
	if (c) {
		read_again(inv, c, pending, ahead);
		return c;
	}
	/* zeroed: the key's NUL is there */
	c = arena_alloc(loading(inv), sizeof(*c) + len + 1);
	key = (char *)(c + 1);
	memcpy(key, buf, len);
	c->len = (unsigned short)len;
	c->ns = !ns ? "" : ahead ? arena_strdup(loading(inv), ns) : ns;
	c->doc = inv->doc;
	c->pending = pending;
	c->ahead = ahead;
	strmap_put(&inv->read_ctl, key, len, c);
	if (pending) {
		if (inv->npend == inv->apend) {
			inv->apend = inv->apend ? inv->apend * 2 : 64;
			inv->pend = xrealloc_array(inv->pend, inv->apend,
						   sizeof(*inv->pend));
		}
		inv->pend[inv->npend++] = c;
	}
	settle(inv, key, len, c);
	return c;
}

/* The copy of the file name objects share: that of the object before
 * when it is the same (a file's objects come one after another). */
static const char *file_of(struct inventory *inv, const char *file)
{
	if (!inv->last_file || strcmp(inv->last_file, file))
		inv->last_file = arena_strdup(inv->arena, file);
	return inv->last_file;
}

/* The same for an apiVersion's group (len bytes of api). */
static const char *group_of(struct inventory *inv, const char *api, size_t len)
{
	const char *g = inv->last_group;

	if (!g || strlen(g) != len || memcmp(g, api, len))
		inv->last_group = g = arena_strndup(inv->arena, api, len);
	return g;
}

/*
 * Construction: the object from a validated head, appended to inv.
 * checked: it was expected (inventory_expect()) with this head, and its
 * entry in read_ctl is ctl (NULL: none).
 */
static void add_object(struct inventory *inv, const char *file,
		       const struct node *root, const struct head *h,
		       const struct checked *checked)
{
	const char *slash = h->api ? strchr(h->api, '/') : NULL;
	bool defaulted = checked && checked->defaulted;
	/* defaulted: where kubectl apply puts it */
	const char *ns = checked
			     ? checked->ns
			     : land_ns(inv, h->api, h->kind, h->ns, &defaulted);
	struct kobj *o;

	if (inv->only_ns && ns && strcmp(ns, inv->default_ns)) {
		inv->skipped++;
		return;
	}
	o = arena_alloc(inv->arena, sizeof(*o));
	o->root = root;
	o->api_version = h->api;
	o->group = slash ? group_of(inv, h->api, (size_t)(slash - h->api)) : "";
	o->kind = h->kind;
	o->name = h->config ? config_name(inv->arena, file)
		  : h->name ? h->name
			    : made_up_name(inv, file, h);
	o->name_made_up = !h->config && !h->name;
	o->ns = ns;
	o->ns_defaulted = defaulted;
	o->file = file_of(inv, file ? file : "");
	o->line = root->line;
	o->col = node_col(root);
	o->labels = node_get(h->meta, "labels");
	o->annotations = node_get(h->meta, "annotations");
	o->index = inv->n;
	if (checked) {
		if (checked->c)
			read_again(inv, checked->c, false, false);
	} else {
		note_read(inv, workload_key(h->api, h->kind),
			  node_get_str(h->meta, "uid"), o->ns, false, false);
	}
	if (inv->n == inv->alloc) {
		inv->alloc = inv->alloc ? inv->alloc * 2 : 256;
		inv->objs =
		    xrealloc_array(inv->objs, inv->alloc, sizeof(*inv->objs));
	}
	inv->objs[inv->n++] = o;
}

int inventory_add(struct inventory *inv, const char *file,
		  const struct node *root, struct diag *d)
{
	struct head h;
	const struct checked *checked =
	    inv->next_checked < inv->nchecked &&
		    inv->checked[inv->next_checked].root == root
		? &inv->checked[inv->next_checked]
		: NULL;
	int rc;

	if (checked)
		inv->next_checked++;
	if ((rc = read_head(d, file, root, &h, checked != NULL)))
		return rc;
	if (inv->n >= INVENTORY_MAX - 1)
		return diag_set(d, DIAG_LIMIT, NULL, "more than %zu objects",
				INVENTORY_MAX - 1);
	/*
	 * read_head() sets apiVersion and kind or fails (the analyzer cannot
	 * tell); a missing name is given by add_object().
	 */
	if (!h.api || !h.kind) {
		diag_set(d, DIAG_INTERNAL, NULL, "object without a kind");
		return DIAG_INTERNAL;
	}
	add_object(inv, file, root, &h, checked);
	if (inv->on_add)
		inv->on_add(inv->on_add_ctx, inv->n);
	return 0;
}

int inventory_admit(const struct inventory *inv, const char *file,
		    const struct node *root, const char **api,
		    const char **kind, bool *skip, struct diag *d)
{
	struct head h;
	bool defaulted;
	const char *ns;
	int rc;

	*api = *kind = NULL;
	*skip = false;
	if ((rc = read_head(d, file, root, &h, false)))
		return rc;
	if (!h.api || !h.kind)
		return diag_set(d, DIAG_INTERNAL, NULL,
				"object without a kind");
	ns = land_ns(inv, h.api, h.kind, h.ns, &defaulted);
	*skip = inv->only_ns && ns && strcmp(ns, inv->default_ns);
	*api = h.api;
	*kind = h.kind;
	return 0;
}

void inventory_on_add(struct inventory *inv,
		      void (*fn)(void *ctx, size_t objects), void *ctx)
{
	inv->on_add = fn;
	inv->on_add_ctx = ctx;
}

static void expect(struct inventory *inv, const char *file,
		   const struct node *root, bool ahead)
{
	const struct workload_def *w = workload_def(
	    node_get_str(root, "apiVersion"), node_get_str(root, "kind"));
	struct head h;
	struct diag d;
	bool defaulted;
	const char *ns;
	struct checked *ck = NULL;
	struct ctl *c;

	/*
	 * only a workload with a uid can be asked about: validate no other
	 * (read_head() sets the kind or fails; the analyzer cannot tell)
	 */
	if (inv->finished || !w ||
	    !node_get_str(node_get(root, "metadata"), "uid") ||
	    read_head(&d, file, root, &h, false) || h.config || !h.kind)
		return;
	if (!ahead) {
		if (inv->nchecked == inv->achecked) {
			inv->achecked = inv->achecked ? inv->achecked * 2 : 64;
			inv->checked = xrealloc_array(
			    inv->checked, inv->achecked, sizeof(*inv->checked));
		}
		ck = &inv->checked[inv->nchecked++];
		ck->root = root;
		ck->c = NULL;
	}
	ns = land_ns(inv, h.api, h.kind, h.ns, &defaulted);
	if (ck) {
		ck->ns = ns;
		ck->defaulted = defaulted;
	}
	if (inv->only_ns && ns && strcmp(ns, inv->default_ns))
		return;
	/* h.api and h.kind are the strings w was found by */
	c = note_read(inv, w->key, node_get_str(h.meta, "uid"), ns, true,
		      ahead);
	if (ck)
		ck->c = c;
}

void inventory_expect(struct inventory *inv, const char *file,
		      const struct node *root)
{
	expect(inv, file, root, false);
	inv->expected++;
	if (inv->on_add)
		inv->on_add(inv->on_add_ctx, inv->n + inv->expected);
}

void inventory_expect_ahead(struct inventory *inv, const char *file,
			    const struct node *root)
{
	expect(inv, file, root, true);
}

size_t inventory_expect_end(struct inventory *inv, bool added)
{
	size_t i, unread = 0;

	inv->expected = 0;
	/* a pending entry is its key's in read_ctl until here */
	for (i = 0; i < inv->npend; i++) {
		struct ctl *c = inv->pend[i];

		if (!added) {
			*strmap_slot(&inv->read_ctl, ctl_text(c), c->len) =
			    NULL;
		} else if (c->ahead) { /* looked ahead, never read */
			*strmap_slot(&inv->read_ctl, ctl_text(c), c->len) =
			    NULL;
			unread++;
		} else if (c->pending) {
			c->pending = false;
			settle(inv, ctl_text(c), c->len, c);
		}
	}
	inv->npend = 0;
	inv->nchecked = inv->next_checked = 0;
	inv->doc++;
	return unread;
}

/*
 * Each controller reference of meta that inventory_finish() may resolve
 * by uid (controller true, a workload kind, a name and a uid): fn(key of
 * read_ctl, its length, arg); stops at the first non-zero answer.
 */
static int each_controller(const struct node *meta,
			   int (*fn)(const char *key, size_t len, void *arg),
			   void *arg)
{
	const struct node *refs = node_get(meta, "ownerReferences");
	size_t i;
	int rc;

	for (i = 0; i < node_count(refs); i++) {
		const struct node *r = node_at(refs, i);
		const char *rkind, *uid;
		char buf[256];
		size_t len;

		/* the cheap tests first: most references are no controller's */
		if (!node_is_true(node_get(r, "controller")) ||
		    !node_get_str(r, "name") ||
		    !(uid = node_get_str(r, "uid")) || !*uid ||
		    !(rkind = workload_key(node_get_str(r, "apiVersion"),
					   node_get_str(r, "kind"))) ||
		    !(len = ctl_key(buf, sizeof(buf), rkind, uid)))
			continue;
		if ((rc = fn(buf, len, arg)))
			return rc;
	}
	return 0;
}

struct ask {
	const struct inventory *inv;
	/* the object asked about; set: what follows is known */
	const char *api, *kind, *key;
	const struct node *meta;
	bool set;
	const char *ns;
	/* the object's own kind \x1f uid: naming itself, it has no owner */
	char self[256];
	size_t self_len;
};

/* What read_in_ns() compares with, found at its first call. */
static void ask_set(struct ask *q)
{
	bool defaulted;
	const char *ns = land_ns(q->inv, q->api, q->kind,
				 node_get(q->meta, "namespace"), &defaulted);
	const char *uid = node_get_str(q->meta, "uid");

	q->ns = ns ? ns : "";
	q->self_len = uid ? ctl_key(q->self, sizeof(q->self), q->key, uid) : 0;
	q->set = true;
}

static int read_in_ns(const char *key, size_t len, void *arg)
{
	struct ask *q = arg;
	const struct ctl *c;

	if (!q->set)
		ask_set(q);
	if (len == q->self_len && !memcmp(key, q->self, len))
		return 0; /* found ahead (load.c), it is no controller */
	c = strmap_get(&q->inv->read_ctl, key, len);
	return c && !strcmp(c->ns, q->ns);
}

static int any(const char *key, size_t len, void *arg)
{
	(void)key;
	(void)len;
	(void)arg;
	return 1;
}

int inventory_controller_read(const struct inventory *inv, const char *api,
			      const char *kind, const struct node *meta)
{
	struct ask q;

	q.inv = inv;
	q.api = api;
	q.kind = kind;
	q.key = workload_key(api, kind);
	q.meta = meta;
	q.set = false;
	if (inv->finished || !q.key)
		return INV_OWNER_NONE; /* (nothing is loaded after finish) */
	/* one pass: read_in_ns() runs for each controller reference */
	if (each_controller(meta, read_in_ns, &q))
		return INV_OWNER_READ;
	return q.set ? INV_OWNER_LATER : INV_OWNER_NONE;
}

struct guess {
	bool (*seen)(void *ctx, const char *uid, size_t len);
	void *ctx;
	const char *self; /* the object's own uid */
};

static int guess_seen(const char *key, size_t len, void *arg)
{
	const struct guess *g = arg;
	const char *uid = memchr(key, '\x1f', len);
	size_t n = uid ? len - (size_t)(uid + 1 - key) : 0;

	return uid &&
	       (!g->self || strlen(g->self) != n ||
		memcmp(uid + 1, g->self, n)) &&
	       g->seen(g->ctx, uid + 1, n);
}

int inventory_owner_guess(const char *api, const char *kind,
			  const struct node *meta,
			  bool (*seen)(void *ctx, const char *uid, size_t len),
			  void *ctx)
{
	struct guess g = { seen, ctx, node_get_str(meta, "uid") };

	if (!workload_key(api, kind) || !each_controller(meta, any, NULL))
		return INV_OWNER_NONE;
	return each_controller(meta, guess_seen, &g) ? INV_OWNER_READ
						     : INV_OWNER_LATER;
}

struct defer_arg {
	struct inventory *inv;
	struct waiter *w;
};

static int wait_on(const char *key, size_t len, void *arg)
{
	struct defer_arg *d = arg;
	struct inventory *inv = d->inv;
	struct wait_link *l = arena_alloc(loading(inv), sizeof(*l));
	const struct ctl *c;

	l->w = d->w;
	l->next = strmap_get(&inv->waits, key, len);
	/* the map keeps the key it was first given: an arena copy */
	strmap_put(&inv->waits,
		   l->next ? key : arena_strndup(loading(inv), key, len), len,
		   l);
	if ((c = strmap_get(&inv->read_ctl, key, len)))
		settle(inv, key, len, c);
	return 0;
}

void inventory_defer(struct inventory *inv, const char *api, const char *kind,
		     const struct node *meta, struct node *const *nodes,
		     size_t n, struct arena *own)
{
	struct waiter *w = arena_alloc(loading(inv), sizeof(*w));
	struct defer_arg d = { inv, w };
	bool defaulted;
	const char *ns =
	    land_ns(inv, api, kind, node_get(meta, "namespace"), &defaulted);

	w->nodes = arena_calloc(loading(inv), n ? n : 1, sizeof(*w->nodes));
	memcpy(w->nodes, nodes, n * sizeof(*nodes));
	w->n = n;
	w->own = own;
	w->bytes = arena_used(own);
	inv->held += w->bytes;
	w->ns = ns ? ns : "";
	w->doc = inv->doc;
	{
		const char *uid = node_get_str(meta, "uid");
		const char *key = workload_key(api, kind);
		char buf[256];

		w->self_len =
		    uid && key ? ctl_key(buf, sizeof(buf), key, uid) : 0;
		w->self = w->self_len
			      ? arena_strndup(loading(inv), buf, w->self_len)
			      : NULL;
	}
	if (inv->nwait == inv->await) {
		inv->await = inv->await ? inv->await * 2 : 256;
		inv->waiters =
		    xrealloc_array(inv->waiters, inv->await, sizeof(*w));
	}
	inv->waiters[inv->nwait++] = w;
	each_controller(meta, wait_on, &d);
}

size_t inventory_deferred_released(const struct inventory *inv)
{
	return inv->released;
}

size_t inventory_deferred_held(const struct inventory *inv)
{
	return inv->held;
}

static bool same_ns(const struct kobj *a, const struct kobj *b)
{
	if (!a->ns || !b->ns)
		return a->ns == b->ns;
	return !strcmp(a->ns, b->ns);
}

/* FNV-1a of kind, ns ("" for NULL) and name, each ended by 0x1f. */
static uint32_t name_hash(const char *kind, const char *ns, const char *name)
{
	const char *part[3] = { kind, ns ? ns : "", name };
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < 3; i++) {
		const unsigned char *p = (const unsigned char *)part[i];

		for (; *p; p++) {
			h ^= *p;
			h *= 1099511628211ull;
		}
		h ^= 0x1f;
		h *= 1099511628211ull;
	}
	return (uint32_t)(h ^ (h >> 29));
}

static bool names(const struct kobj *o, const char *kind, const char *ns,
		  const char *name)
{
	return !strcmp(o->name, name) && !strcmp(kobj_ns(o), ns ? ns : "") &&
	       !strcmp(kobj_kind_key(o), kind);
}

/*
 * The slot of kind/ns/name (hash h): the object there, or an empty slot.
 * A slot whose hash differs is passed over without reading its object,
 * which lies elsewhere in memory.
 */
static size_t name_first(const struct name_index *x, uint32_t h)
{
	return (size_t)(((uint64_t)h * x->cap) >> 32);
}

static size_t name_next(const struct name_index *x, size_t i)
{
	return i + 1 < x->cap ? i + 1 : 0;
}

static size_t name_slot(const struct name_index *x, const char *kind,
			const char *ns, const char *name, uint32_t h)
{
	size_t i = name_first(x, h);

	while (x->slot[i].o &&
	       (x->slot[i].hash != h || !names(x->slot[i].o, kind, ns, name)))
		i = name_next(x, i);
	return i;
}

static const struct kobj *by_name(const struct name_index *x, const char *kind,
				  const char *ns, const char *name)
{
	return x->cap ? x->slot[name_slot(x, kind, ns, name,
					  name_hash(kind, ns, name))]
			    .o
		      : NULL;
}

/*
 * Room for n objects at most two thirds full, made once: nothing is
 * moved.  Any number of slots, not a power of two (a slot is found by
 * multiplying the hash, not masking it): at 100,000 objects that is 1.8
 * MiB where the next power of two at half full took 3.
 */
static void name_reserve(struct name_index *x, size_t n)
{
	size_t cap = n + n / 2 + 64;

	x->cap = cap;
	x->slot = xrealloc_array(NULL, cap, sizeof(*x->slot));
	memset(x->slot, 0, cap * sizeof(*x->slot));
}

/*
 * a and b, of one group, kind, namespace and name, are copies of one
 * definition: their trees hold the same values (members in any order),
 * metadata.namespace apart (their namespaces, written or defaulted, are
 * the same already).  Copies that differ are variants (an overlay,
 * another environment's values): both are judged.
 */
static bool same_copy(const struct kobj *a, const struct kobj *b)
{
	return node_equal_except(a->root, b->root, "metadata") &&
	       node_equal_except(node_get(a->root, "metadata"),
				 node_get(b->root, "metadata"), "namespace");
}

/*
 * Add o unless an object of its kind, namespace and name is there; with
 * once set, unless a copy of it (same group, same_copy()) is there, which
 * is then answered (o repeats it).  With once, objects of one kind,
 * namespace and name but other groups (a Calico NetworkPolicy named as a
 * networking.k8s.io one) or other contents are all added, and *variant is
 * the first of the same group with other contents: linear probing puts
 * each after those added before it, so by_name() still finds the first.
 * Only the first few of one key are compared, so that many variants of
 * one key make no quadratic work of tree compares.  Without once nothing
 * more is added, so that many objects of one made-up name make no long
 * probe.
 */
static const struct kobj *name_add(struct name_index *x, const struct kobj *o,
				   uint32_t h, bool once,
				   const struct kobj **variant)
{
	const char *key = kobj_kind_key(o);
	size_t i = name_first(x, h);
	unsigned compared = 0;

	*variant = NULL;
	for (; x->slot[i].o; i = name_next(x, i)) {
		const struct kobj *at = x->slot[i].o;

		if (x->slot[i].hash != h || !names(at, key, o->ns, o->name))
			continue;
		if (!once)
			return NULL;
		if (strcmp(at->group, o->group) || compared >= 8)
			continue;
		compared++;
		if (same_copy(at, o))
			return at;
		if (!*variant)
			*variant = at;
	}
	x->slot[i].o = o;
	x->slot[i].hash = h;
	x->n++;
	return NULL;
}

/*
 * The uid slot of kind and uid (hash h, uid_hash()): its object's, or an
 * empty one.  Kinds are keys of workload_defs, which hold no 0x1f, so
 * these compare as the joined "kind \x1f uid" keys did.
 */
static uint32_t uid_hash(const char *kind, const char *uid)
{
	return name_hash(kind, NULL, uid);
}

static struct uid_slot *uid_slot(const struct uid_index *x, const char *kind,
				 const char *uid, uint32_t h)
{
	size_t i = (size_t)(((uint64_t)h * x->cap) >> 32);

	while (x->slot[i].o &&
	       (x->slot[i].hash != h || strcmp(x->slot[i].uid, uid) ||
		strcmp(kobj_kind_key(x->slot[i].o), kind)))
		i = i + 1 < x->cap ? i + 1 : 0;
	return &x->slot[i];
}

/* Room for n workloads at most two thirds full, made once. */
static void uid_reserve(struct uid_index *x, size_t n)
{
	x->cap = n + n / 2 + 64;
	x->slot = xrealloc_array(NULL, x->cap, sizeof(*x->slot));
	memset(x->slot, 0, x->cap * sizeof(*x->slot));
}

/*
 * o is given again after first: a copy, dropped (identical true), or a
 * variant with other contents, kept.  Noted where the loader's other
 * warnings are, with both places, so that a reader can tell which copy
 * was judged.
 */
static void note_repeat(struct inventory *inv, const struct kobj *o,
			const struct kobj *first, bool identical)
{
	struct srcloc loc = { o->file, o->line, o->col };
	struct diag w;

	diag_set(&w, DIAG_SCHEMA, &loc,
		 identical ? "%s %s%s%s defined again (first at %s:%u): "
			     "identical, judged once"
			   : "%s %s%s%s defined again (first at %s:%u) with "
			     "other contents: both judged",
		 o->kind, kobj_ns(o), *kobj_ns(o) ? "/" : "", o->name,
		 first->file, first->line);
	diag_list_add(&inv->warnings, &w);
	inv->repeated += identical;
}

/*
 * The controlling owner of o: the object of the referenced kind with the
 * referenced uid, else the one with the referenced kind and name in o's
 * namespace.  uids are keyed with their kind, so an unrelated object of
 * another kind that happens to share the uid neither hides the real owner
 * nor stops the name lookup.
 */
static const struct kobj *find_owner(const struct inventory *inv,
				     const struct kobj *o)
{
	/* literal keys: hashed at compile time */
	const struct node *refs =
	    node_get(node_get(o->root, "metadata"), "ownerReferences");
	size_t i;

	for (i = 0; i < node_count(refs); i++) {
		const struct node *r = node_at(refs, i);
		/* of the referenced group: a Kruise StatefulSet is no
		 * apps one of the same name */
		const char *kind = workload_key(node_get_str(r, "apiVersion"),
						node_get_str(r, "kind"));
		const char *name = node_get_str(r, "name");
		const char *uid = node_get_str(r, "uid");
		const struct kobj *ow;

		if (!node_is_true(node_get(r, "controller")) || !kind || !name)
			continue;
		if (uid) {
			ow = uid_slot(&inv->by_uid, kind, uid,
				      uid_hash(kind, uid))
				 ->o;
			if (ow && ow != o && same_ns(ow, o))
				return ow;
		}
		ow = by_name(&inv->by_key, kind, o->ns, name);
		if (ow && ow != o)
			return ow;
	}
	return NULL;
}

struct arena *inventory_transient(struct inventory *inv)
{
	if (!inv->transient)
		inv->transient = arena_new();
	return inv->transient;
}

/* What the steps of inventory_finish() hand on, object by object. */
struct finish {
	struct inventory *inv;
	/* the objects kept, in their order (the next inv->objs) */
	struct kobj **kept;
	/* by kept object: its workload_def (NULL: no workload), whether it
	 * is a Pod, its owner's index (NO_OWNER: none) and the pods
	 * counted on it */
	const struct workload_def **wd;
	unsigned char *pod;
	uint32_t *up;
	uint32_t *pods;
};

#define NO_OWNER UINT32_MAX

/* Objects whose slots in the index by name are asked for at once. */
#define AHEAD 16

/*
 * o goes into the index by name, or is dropped as a copy of an object
 * before it (see name_add()): whether it was kept.
 */
static bool keep(struct finish *f, size_t *k, struct kobj *o, uint32_t h)
{
	struct inventory *inv = f->inv;
	const struct kobj *variant;
	bool pod = !strcmp(o->kind, "Pod");
	const struct kobj *first = name_add(
	    &inv->by_key, o, h,
	    !o->name_made_up && !inventory_is_config_doc(o) && !pod, &variant);

	if (first) {
		note_repeat(inv, o, first, true);
		return false;
	}
	if (variant)
		note_repeat(inv, o, variant, false);
	o->index = *k;
	f->wd[*k] = workload_def_group(o->group, o->kind);
	f->pod[*k] = pod;
	f->kept[(*k)++] = o;
	kind_list_add(inv, o);
	return true;
}

/*
 * o, a workload (w) with a uid, goes into by_uid unless one of its kind
 * and uid is there.  On a thread of its own it runs on every object, kept
 * or not: a copy keep() drops has the kind and uid of the first it
 * repeats, which comes before it, so by_uid holds what it would hold of
 * the kept objects alone.
 */
static void uid_add(struct finish *f, const struct kobj *o,
		    const struct workload_def *w)
{
	const char *uid, *kind;
	uint32_t h;
	struct uid_slot *slot;

	if (!w || !(uid = node_get_str(node_get(o->root, "metadata"), "uid")))
		return;
	kind = kobj_kind_key(o);
	h = uid_hash(kind, uid);
	slot = uid_slot(&f->inv->by_uid, kind, uid, h);
	if (!slot->o) {
		slot->o = o;
		slot->uid = uid;
		slot->hash = h;
	}
}

static void *uid_all(void *arg)
{
	struct finish *f = arg;
	size_t i;

	for (i = 0; i < f->inv->n; i++) {
		const struct kobj *o = f->inv->objs[i];

		uid_add(f, o, workload_def_group(o->group, o->kind));
	}
	return NULL;
}

/*
 * fn on first here and, when second has objects, on second on a thread
 * beside it; on second here after first when no thread starts.
 */
static void both_halves(void *(*fn)(void *), void *first, void *second,
			bool second_has_work)
{
	pthread_t t;
	bool two = second_has_work && pthread_create(&t, NULL, fn, second) == 0;

	fn(first);
	if (two)
		pthread_join(t, NULL);
	else
		fn(second);
}

/* Where the second half of n objects starts: n with one thread. */
static size_t second_half(size_t n, unsigned threads)
{
	return threads > 1 ? n / 2 : n;
}

/* Kept objects from .. to: their owners, found; loader-only nodes, out. */
struct owner_part {
	struct finish *f;
	size_t from, to;
};

static void *owners(void *arg)
{
	const struct owner_part *p = arg;
	const struct finish *f = p->f;
	struct inventory *inv = f->inv;
	size_t i;

	for (i = p->from; i < p->to; i++) {
		struct kobj *o = inv->objs[i];

		o->owner = f->wd[i] ? find_owner(inv, o) : NULL;
		f->up[i] = o->owner ? (uint32_t)o->owner->index : NO_OWNER;
		/*
		 * The ownerReferences and uids built in the transient arena
		 * go out of o's metadata, before the arena does: only o's
		 * own were read for its owner.  The tree is the
		 * inventory's until the checks read it.
		 */
		if (inv->transient)
			node_remove_transient(
			    (struct node *)node_get(o->root, "metadata"));
	}
	return NULL;
}

/* Kept objects from .. to: their pods counted, their pod views in v. */
struct view_part {
	struct finish *f;
	size_t from, to;
	struct pod_view *v;
	size_t n;
};

static void *views(void *arg)
{
	struct view_part *p = arg;
	const struct finish *f = p->f;
	size_t i;

	for (i = p->from; i < p->to; i++) {
		struct kobj *o = f->inv->objs[i];
		const struct workload_def *w = f->wd[i];
		struct pod_view *v;

		if (f->pods[i])
			o->pods += f->pods[i];
		if (!w || f->up[i] != NO_OWNER)
			continue;
		/* a Rollout with a workloadRef runs the template of the
		 * Deployment it names, which is judged there */
		if (!strcmp(w->kind, "Rollout") && !node_path(o->root, w->spec))
			continue;
		v = &p->v[p->n++];
		v->obj = o;
		v->spec_path = w->spec;
		v->spec = node_path(o->root, w->spec);
		v->meta = node_path(o->root, w->meta);
	}
	return NULL;
}

/*
 * Pods count toward the top of their owner chain; then the pod views, of
 * the second half of the objects on a second thread with threads.
 */
static void pod_views(struct finish *f, unsigned threads)
{
	struct inventory *inv = f->inv;
	struct view_part part[2];
	size_t i, np, n = inv->n ? inv->n : 1;

	for (i = 0; i < inv->n; i++) {
		uint32_t top = (uint32_t)i;
		size_t guard = 0;

		if (!f->pod[i])
			continue;
		while (f->up[top] != NO_OWNER && guard++ < 16)
			top = f->up[top];
		f->pods[top]++;
	}
	inv->pods = xrealloc_array(NULL, n, sizeof(*inv->pods));
	part[0].f = part[1].f = f;
	part[0].from = 0;
	part[0].to = part[1].from = second_half(inv->n, threads);
	part[1].to = inv->n;
	part[0].v = inv->pods;
	part[1].v = inv->pods + part[1].from;
	part[0].n = part[1].n = 0;
	both_halves(views, &part[0], &part[1], part[1].from < part[1].to);
	/* the second half's views follow the first's */
	memmove(inv->pods + part[0].n, part[1].v,
		part[1].n * sizeof(*inv->pods));
	np = part[0].n + part[1].n;
	inv->npods = np;
	if (np < inv->n) /* most workloads have an owner */
		inv->pods =
		    xrealloc_array(inv->pods, np ? np : 1, sizeof(*inv->pods));
}

/*
 * Whatever loading kept only to answer its own questions (the maps of
 * controllers read and awaited, the waiters) goes; objects whose
 * controller never came keep their members.
 */
static void end_loading(struct inventory *inv)
{
	size_t i;

	for (i = 0; i < inv->nwait; i++) {
		struct waiter *w = inv->waiters[i];

		if (!w->done) {
			arena_merge(inv->arena, w->own);
			arena_free(w->own);
			w->own = NULL;
			w->done = true;
		}
	}
	inv->held = 0;
	strmap_release(&inv->read_ctl);
	strmap_release(&inv->waits);
	free(inv->pend);
	inv->pend = NULL;
	inv->npend = inv->apend = 0;
	free(inv->checked);
	inv->checked = NULL;
	inv->nchecked = inv->achecked = inv->next_checked = 0;
	free(inv->waiters);
	inv->waiters = NULL;
	inv->nwait = inv->await = 0;
	arena_free(inv->loading);
	inv->loading = NULL;
}

/*
 * With two threads or more, by_uid is filled on a second thread while
 * this one drops copies and builds the index by name (both read every
 * object, neither the other's map); then the owners, and later the pod
 * views, of the second half of the objects are found on a second
 * thread.  The results are those of one thread: each object's owner is
 * looked up in complete maps, and every step that depends on the order
 * of objects (first of a name, variants, warnings, the order of the pod
 * views) stays on one thread or is put back in order.
 */
void inventory_finish_threads(struct inventory *inv, unsigned threads)
{
	struct finish f;
	struct owner_part part[2];
	size_t i, k = 0, n = inv->n ? inv->n : 1;
	pthread_t t;
	bool two;

	if (inv->finished)
		return;
	inv->finished = true;
	end_loading(inv);
	f.inv = inv;
	f.kept = xrealloc_array(NULL, n, sizeof(*f.kept));
	f.wd = xrealloc_array(NULL, n, sizeof(*f.wd));
	f.pod = xrealloc_array(NULL, n, sizeof(*f.pod));
	f.up = xrealloc_array(NULL, n, sizeof(*f.up));
	f.pods = xrealloc_array(NULL, n, sizeof(*f.pods));
	memset(f.pods, 0, n * sizeof(*f.pods));
	name_reserve(&inv->by_key, inv->n);
	uid_reserve(&inv->by_uid, inv->n);
	two = threads > 1 && inv->n > 1 &&
	      pthread_create(&t, NULL, uid_all, &f) == 0;
	for (i = 0; i < inv->n; i += AHEAD) {
		size_t j, end = i + AHEAD < inv->n ? i + AHEAD : inv->n;
		uint32_t h[AHEAD];

		/*
		 * The slots of the next few objects, asked for before the
		 * first is probed: their cache misses overlap.
		 */
		for (j = i; j < end; j++) {
			const struct kobj *o = inv->objs[j];

			h[j - i] = name_hash(kobj_kind_key(o), o->ns, o->name);
			__builtin_prefetch(
			    &inv->by_key
				 .slot[name_first(&inv->by_key, h[j - i])]);
		}
		for (j = i; j < end; j++)
			if (keep(&f, &k, inv->objs[j], h[j - i]) && !two)
				uid_add(&f, inv->objs[j], f.wd[k - 1]);
	}
	if (two)
		pthread_join(t, NULL);
	free(inv->objs);
	inv->objs = f.kept;
	inv->n = k;
	inv->alloc = n;
	fit_lists(inv);
	part[0].f = part[1].f = &f;
	part[0].from = 0;
	part[0].to = part[1].from = second_half(inv->n, threads);
	part[1].to = inv->n;
	both_halves(owners, &part[0], &part[1], part[1].from < part[1].to);
	arena_free(inv->transient);
	inv->transient = NULL;
	/* owners are resolved: only the checks' lookups by name remain */
	free(inv->by_uid.slot);
	inv->by_uid.slot = NULL;
	inv->by_uid.cap = 0;
	pod_views(&f, threads);
	free(f.wd);
	free(f.pod);
	free(f.up);
	free(f.pods);
}

void inventory_finish(struct inventory *inv)
{
	inventory_finish_threads(inv, 1);
}

size_t inventory_size(const struct inventory *inv)
{
	return inv->n;
}

const struct kobj *inventory_object(const struct inventory *inv, size_t i)
{
	return i < inv->n ? inv->objs[i] : NULL;
}

const struct kobj *const *inventory_kind(const struct inventory *inv,
					 const char *kind, size_t *n)
{
	const struct kind_list *l =
	    strmap_get(&inv->by_kind, kind, strlen(kind));

	*n = l ? l->n : 0;
	return l ? l->v : NULL;
}

const struct kobj *inventory_find(const struct inventory *inv, const char *kind,
				  const char *ns, const char *name)
{
	return by_name(&inv->by_key, kind,
		       ns && !kind_is_cluster_scoped(kind) ? ns : NULL, name);
}

const struct pod_view *inventory_pods(const struct inventory *inv, size_t *n)
{
	*n = inv->npods;
	return inv->pods;
}

void inventory_forbid(struct inventory *inv, const char *kind, const char *ns)
{
	size_t i;

	for (i = 0; i < inv->nforb; i++)
		if (!strcmp(inv->forb[i].kind, kind) &&
		    ((!ns && !inv->forb[i].ns) ||
		     (ns && inv->forb[i].ns && !strcmp(ns, inv->forb[i].ns))))
			return;
	if (inv->nforb == inv->allocforb) {
		inv->allocforb = inv->allocforb ? inv->allocforb * 2 : 8;
		inv->forb = xrealloc_array(inv->forb, inv->allocforb,
					   sizeof(*inv->forb));
	}
	inv->forb[inv->nforb].kind = arena_strdup(inv->arena, kind);
	inv->forb[inv->nforb].ns = ns ? arena_strdup(inv->arena, ns) : NULL;
	inv->nforb++;
}

bool inventory_can_see(const struct inventory *inv, const char *kind,
		       const char *ns)
{
	size_t i;

	for (i = 0; i < inv->nforb; i++) {
		if (strcmp(inv->forb[i].kind, kind) != 0)
			continue;
		if (!inv->forb[i].ns || (ns && !strcmp(ns, inv->forb[i].ns)))
			return false;
	}
	return true;
}

bool inventory_forbidden_any(const struct inventory *inv, const char *kind)
{
	size_t i;

	for (i = 0; i < inv->nforb; i++)
		if (!strcmp(inv->forb[i].kind, kind))
			return true;
	return false;
}

size_t inventory_forbidden_count(const struct inventory *inv)
{
	return inv->nforb;
}

void inventory_forbidden_at(const struct inventory *inv, size_t i,
			    const char **kind, const char **ns)
{
	*kind = inv->forb[i].kind;
	*ns = inv->forb[i].ns;
}

const struct diag_list *inventory_warnings(const struct inventory *inv)
{
	return &inv->warnings;
}
