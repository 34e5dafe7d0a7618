/*
 * kube.h - a read-only Kubernetes API client that fills the inventory.
 *
 * kube_collect() asks /version, /api and /apis (plus the group versions it
 * needs) which resources the server has, then lists each resource threatmap
 * reads, in parallel over one libcurl multi handle (bounded concurrency,
 * HTTP/2 where offered, gzip), 500 objects a page with limit/continue.  It
 * only ever sends GET.  Items are added to the inventory once their list is
 * complete (a snapshot's go to a kube_sink as each is parsed), with
 * apiVersion and kind set from the list (the API leaves them out of typed
 * list items) and managedFields, last-applied-configuration and Secret
 * values pruned.  Secrets are asked for as PartialObjectMetadataList,
 * so their values never reach the process.
 *
 * Faults: a 403 is a coverage gap (inventory_forbid and a note; a denied
 * all-namespaces list is retried namespace by namespace), not a failure.
 * 401 fails naming the user and context; 410 Gone on a continue token
 * restarts that list (bounded); 429 and 5xx are retried with bounded
 * exponential backoff honouring Retry-After; dropped connections are retried
 * the same way; timeouts, TLS verification failures (wrong CA, wrong host
 * name) and connection failures stop the collection with a message naming
 * the server.
 *
 * lib/ never prints: each request (method, URL, status, time; never a
 * credential) and each warning go to the log callback.  One thread.
 */
#ifndef THREATMAP_KUBE_H
#define THREATMAP_KUBE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct arena;
struct diag;
struct diag_list;
struct inventory;
struct kube_sink;
struct kube_target;
struct node;
struct sbuf;

enum kube_log_level {
	KUBE_LOG_DEBUG, /* one line per request: -v */
	KUBE_LOG_WARN,	/* always shown: insecure TLS, coverage gaps */
};

struct kube_opts {
	const struct kube_target *target;
	const char *namespace;	 /* -n: narrow namespaced lists; NULL all */
	long request_timeout_ms; /* per request; 0: 60 s */
	unsigned parallel;	 /* requests in flight; 0: 8 */
	unsigned page_limit;	 /* limit=; 0: 500 */
	unsigned max_retries;	 /* per request for 429/5xx/drops; 0: 5 */
	unsigned max_restarts;	 /* per list after 410 Gone; 0: 3 */
	long backoff_ms;	 /* first retry delay; 0: 500 */
	long max_backoff_ms;	 /* cap of a delay (Retry-After too); 0: 30 s */
	bool proxy_from_env;	 /* let libcurl honour https_proxy & co */
	/*
	 * Also GET /api/v1/nodes/NAME/proxy/configz for every node listed
	 * and add each answer as a KubeletConfiguration named after its
	 * node.  Off by default: it needs nodes/proxy, itself a sensitive
	 * permission, and reaches every kubelet through the API server.
	 */
	bool kubelet_config;
	const char *const *envp; /* environment for exec plugins */
	long exec_timeout_ms;	 /* exec plugin run time; 0: 60 s */
	void (*log)(void *ctx, enum kube_log_level lvl, const char *msg);
	void *log_ctx;
	/* after each response: requests done, objects kept so far; may be NULL */
	void (*progress)(void *ctx, unsigned requests, size_t objects);
	void *progress_ctx;
	/* objects go here instead of the inventory; NULL: the inventory */
	const struct kube_sink *sink;
	/*
	 * Bytes of workloads' specs the inventory may hold while their
	 * controllers' lists are still read (inventory_deferred_held())
	 * before the next page of a list of Pods, ReplicaSets or Jobs waits
	 * for the lists of the kinds that may control them to complete
	 * (kube_report.waits); 0: 16 MiB, SIZE_MAX: never wait.
	 */
	size_t hold_max;
};

/*
 * Where a snapshot's objects go while they are collected, so that it
 * holds one object at a time, never the cluster.  Each object is offered
 * to add() as soon as it is parsed, whole (no pruning declaration applies)
 * and made as the inventory would get it (apiVersion and kind set,
 * managedFields, last-applied-configuration and Secret values gone); only
 * objects inventory_add() would take are offered, with their apiVersion
 * and kind.  list numbers the list (or kubelet answer) it came from.
 * What a list offered is provisional until keep(): cut() takes back all
 * but its first n objects (a page that failed halfway, n the objects of
 * its complete pages; a list started again after 410 Gone, n 0).  keep()
 * makes a list's objects final, lists in the order they complete (the
 * order inventory_add() would have seen them).  add() returns 0, or a
 * negative diag code with d filled, which stops the collection.
 *
 * With a sink, the inventory gets only forbidden kinds; kube_report's
 * counts are those of the objects kept.
 */
struct kube_sink {
	int (*add)(void *ctx, unsigned list, const struct node *obj,
		   const char *api, const char *kind, struct diag *d);
	void (*cut)(void *ctx, unsigned list, size_t n);
	void (*keep)(void *ctx, unsigned list);
	void *ctx;
};

/* One resource threatmap reads, and what became of it. */
struct kube_resource {
	const char *group;    /* "" for core */
	const char *version;  /* discovered preferred version, or NULL */
	const char *resource; /* "pods" */
	const char *kind;     /* "Pod" (from discovery) */
	bool namespaced;
	bool served;	     /* discovery lists it with the list verb */
	bool forbidden;	     /* 403 everywhere it was asked */
	size_t forbidden_ns; /* namespaces where it was denied */
	size_t count;	     /* objects added to the inventory */
};

/*
 * Gatekeeper's constraints: each ConstraintTemplate makes a resource of
 * its own in this group, so the group's discovery document says what to
 * list, and every listable resource there is read (at most
 * KUBE_MAX_GROUP_RESOURCES).  When that document is denied (403), the
 * kind KUBE_GATEKEEPER_UNSEEN is recorded as forbidden everywhere; a
 * denied constraint list records its own kind, as any other list.
 */
#define KUBE_GATEKEEPER_CONSTRAINTS "constraints.gatekeeper.sh"
#define KUBE_GATEKEEPER_UNSEEN	    "*.constraints.gatekeeper.sh"
#define KUBE_MAX_GROUP_RESOURCES    256

/*
 * The report's resources are the lists threatmap reads (kube_wanted()
 * order; the entry of resource "*" stands for its group and is never
 * served), then one entry for the kubelet configurations (group
 * kubelet.config.k8s.io, resource "kubeletconfigurations"), served only
 * with kube_opts.kubelet_config, then one entry per resource discovered in
 * KUBE_GATEKEEPER_CONSTRAINTS.
 */
struct kube_report {
	const char *server_version; /* /version gitVersion, or NULL */
	struct kube_resource *res;  /* nres entries, in the arena */
	size_t nres;
	const char **notes; /* coverage notes, in the arena */
	size_t nnotes;
	unsigned requests, retries, restarts;
	unsigned waits; /* lists that waited for their controllers' lists */
	size_t objects; /* added to the inventory (or kept by the sink) */
	bool http2;	/* some response came over HTTP/2 */
};

/*
 * Collect into inv (not finished).  Strings and report arrays live in a.
 * Returns 0, or a negative diag code with d filled (DIAG_AUTH, DIAG_NET,
 * DIAG_HTTP, DIAG_PARSE, ...).  Per-object problems go to errs.
 * curl_global_init() must have run.
 */
int kube_collect(struct arena *a, struct inventory *inv,
		 const struct kube_opts *o, struct kube_report *rep,
		 struct diag_list *errs, struct diag *d)
    __attribute__((warn_unused_result));

/* curl_global_init() for a program that never called it; 0 on success. */
int kube_global_init(void);

/*
 * The i-th resource a live scan lists (group "" is the core group;
 * resource "*": every resource its group's discovery lists); false past
 * the end.  metadata_only: listed as PartialObjectMetadata
 * (Secrets), so values never reach the process.
 */
bool kube_wanted(size_t i, const char **group, const char **resource,
		 bool *metadata_only);

/*
 * Add the items of a List (a parsed API or `kubectl get -o json` body) to
 * inv.  Items without apiVersion/kind take api_version and kind (NULL:
 * derived from the list, "PodList" giving "Pod"); force replaces them even
 * when present (metadata-only lists).  Each item is copied without
 * managedFields and last-applied-configuration, Secret values blanked.
 * Objects are filed under file, or with api_prefix ("/apis/apps/v1") and
 * resource under their API path (line and column then unknown).  Returns
 * the number of objects added; problems go to errs.
 */
struct kube_list_src {
	const char *file;
	const char *api_prefix;
	const char *resource;
	const char *api_version;
	const char *kind;
	bool force;
};
size_t kube_list_add(struct arena *a, struct inventory *inv,
		     const struct kube_list_src *src, const struct node *list,
		     struct diag_list *errs);

/* The same for an array of items (kube_list_add on list.items). */
size_t kube_items_add(struct arena *a, struct inventory *inv,
		      const struct kube_list_src *src,
		      const struct node *const *items, size_t n,
		      const char *list_api_version, const char *list_kind,
		      struct diag_list *errs);

/* The longest wait a Retry-After is taken at, in seconds (a day). */
#define KUBE_RETRY_AFTER_MAX 86400L

/*
 * The seconds a response header line (len bytes, "Retry-After: 5" or an
 * HTTP date) asks to wait, at most KUBE_RETRY_AFTER_MAX; -1 when the line
 * is another header or the value is malformed.
 */
long kube_retry_after(const char *line, size_t len, time_t now);

#endif
