#include "kube/kube.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "kube/discovery.h"
#include "kube/exec_cred.h"
#include "inventory.h"
#include "kube/kubeconfig.h"
#include "kube/sanitize.h"
#include "load/load.h"
#include "load/prune.h"
#include "node.h"
#include "safefile.h"
#include "sbuf.h"

#define KUBE_MAX_NS_FANOUT 5000
#define ACCEPT_JSON	   "Accept: application/json"
#define ACCEPT_META                                                            \
	"Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;" \
	"v=v1"

/* What threatmap reads; discovery fills in version, kind and scope. */
static const struct {
	const char *group, *resource;
	bool metadata_only;
} wanted[] = {
	{ "", "namespaces", false },
	{ "", "pods", false },
	{ "", "services", false },
	{ "", "serviceaccounts", false },
	{ "", "nodes", false },
	{ "", "configmaps", false },
	{ "", "secrets", true },
	{ "", "endpoints", false },
	{ "", "replicationcontrollers", false },
	{ "", "limitranges", false },
	{ "", "resourcequotas", false },
	{ "", "persistentvolumes", false },
	{ "", "persistentvolumeclaims", false },
	{ "storage.k8s.io", "storageclasses", false },
	{ "apps", "deployments", false },
	{ "apps", "daemonsets", false },
	{ "apps", "statefulsets", false },
	{ "apps", "replicasets", false },
	{ "batch", "jobs", false },
	{ "batch", "cronjobs", false },
	{ "apps.openshift.io", "deploymentconfigs", false },
	{ "argoproj.io", "rollouts", false },
	{ "apps.kruise.io", "clonesets", false },
	{ "apps.kruise.io", "statefulsets", false },
	{ "apps.kruise.io", "daemonsets", false },
	{ "apps.kruise.io", "broadcastjobs", false },
	{ "serving.knative.dev", "services", false },
	{ "serving.knative.dev", "configurations", false },
	{ "serving.knative.dev", "revisions", false },
	{ "rbac.authorization.k8s.io", "roles", false },
	{ "rbac.authorization.k8s.io", "rolebindings", false },
	{ "rbac.authorization.k8s.io", "clusterroles", false },
	{ "rbac.authorization.k8s.io", "clusterrolebindings", false },
	{ "networking.k8s.io", "networkpolicies", false },
	{ "networking.k8s.io", "ingresses", false },
	{ "admissionregistration.k8s.io", "mutatingwebhookconfigurations",
	  false },
	{ "admissionregistration.k8s.io", "validatingwebhookconfigurations",
	  false },
	{ "admissionregistration.k8s.io", "validatingadmissionpolicies",
	  false },
	{ "admissionregistration.k8s.io", "validatingadmissionpolicybindings",
	  false },
	{ "discovery.k8s.io", "endpointslices", false },
	{ "gateway.networking.k8s.io", "gateways", false },
	{ "gateway.networking.k8s.io", "httproutes", false },
	{ "gateway.networking.k8s.io", "grpcroutes", false },
	{ "gateway.networking.k8s.io", "tlsroutes", false },
	{ "gateway.networking.k8s.io", "tcproutes", false },
	{ "gateway.networking.k8s.io", "udproutes", false },
	{ "gateway.networking.k8s.io", "referencegrants", false },
	{ "gateway.networking.k8s.io", "listenersets", false },
	{ "gateway.networking.x-k8s.io", "xlistenersets", false },
	{ "networking.istio.io", "gateways", false },
	{ "networking.istio.io", "virtualservices", false },
	{ "projectcontour.io", "httpproxies", false },
	{ "policy.networking.k8s.io", "adminnetworkpolicies", false },
	{ "policy.networking.k8s.io", "baselineadminnetworkpolicies", false },
	{ "policy.networking.k8s.io", "clusternetworkpolicies", false },
	{ "projectcalico.org", "networkpolicies", false },
	{ "projectcalico.org", "globalnetworkpolicies", false },
	{ "kyverno.io", "clusterpolicies", false },
	{ "kyverno.io", "policies", false },
	{ "templates.gatekeeper.sh", "constrainttemplates", false },
	{ "crd.projectcalico.org", "networkpolicies", false },
	{ "crd.projectcalico.org", "globalnetworkpolicies", false },
	{ "cilium.io", "ciliumnetworkpolicies", false },
	{ "cilium.io", "ciliumclusterwidenetworkpolicies", false },
	{ "config.gatekeeper.sh", "configs", false },
	/* every resource of the group: one per ConstraintTemplate */
	{ KUBE_GATEKEEPER_CONSTRAINTS, "*", false },
};
#define NWANTED (sizeof(wanted) / sizeof(wanted[0]))
/* report slots: wanted[], the kubelet configurations, then the group's */
#define NSLOTS (NWANTED + 1 + KUBE_MAX_GROUP_RESOURCES)

enum job_type {
	JOB_VERSION,
	JOB_API,
	JOB_APIS,
	JOB_GROUP,
	JOB_LIST,
	JOB_CONFIGZ,
};

struct job {
	enum job_type type;
	const char *path; /* "/api/v1/pods", "/apis/apps/v1", ... */
	struct kube_resource *res;
	size_t wi;	  /* index into rep->res (and wanted[] below NWANTED) */
	const char *ns;	  /* list in this namespace, or NULL */
	const char *cont; /* continue token of the next page */
	unsigned round;	  /* list_round() of res */
	bool ctl;	  /* a list of controllers, counted in open_ctl */
	unsigned attempt, restarts;
	bool full; /* one list without paging, after expired tokens */
	bool reauthed;
	long long not_before;	   /* monotonic ms */
	const struct node **items; /* pages so far (malloc'ed array) */
	size_t nitems, alloc;
	const char *list_api_version, *list_kind;
	/*
	 * With a sink: the list's number, and what it gave the sink so far:
	 * objects, problems of its items and the names kept of Namespaces
	 * and Nodes; each also as of its last complete page (_ok)
	 */
	unsigned list;
	size_t sunk, sunk_ok;
	struct diag_list errs;
	size_t errs_ok;
	const char **names; /* malloc'ed array, strings in the arena */
	size_t nnames, names_ok, anames;
	struct kube_list_src src; /* set on the first item (src_set) */
	bool src_set;
	const char *group; /* JOB_GROUP: the group; JOB_CONFIGZ: the node */
	struct job *next;
	struct job *all_next;
};

struct req {
	CURL *h;
	struct job *job;
	struct sbuf body;
	/* a page of a list (HTTP 200) is parsed as it arrives, into page */
	struct load_stream *ls;
	struct arena *page;
	const char *item_api; /* apiVersion of the items of the list */
	size_t streamed;
	/* items of the page, copied out as each was parsed; filed only once
	 * the page is complete */
	const struct node **items;
	size_t nitems, aitems;
	struct client *c;
	bool decided; /* whether the body streams is settled */
	struct curl_slist *hdrs;
	struct curl_slist *connect;
	char *url;
	long long start;
	long retry_after; /* seconds, -1 none */
	unsigned gen;	  /* credential generation the request used */
	char errbuf[CURL_ERROR_SIZE];
};

struct client {
	struct arena *a;
	struct inventory *inv;
	const struct kube_opts *o;
	const struct kube_target *t;
	struct kube_report *rep;
	struct diag_list *errs;
	struct diag *d;
	int rc;
	CURLM *multi;
	CURLU *base;		/* server URL, host possibly rewritten */
	const char *connect_to; /* tls-server-name mapping, or NULL */
	struct job *qhead, *qtail;
	unsigned inflight;
	struct exec_cred cred; /* from an exec plugin */
	bool have_cred;
	unsigned cred_gen; /* bumped by each plugin run */
	const char *token; /* current bearer token or NULL */
	const char *cert, *key;
	size_t cert_len, key_len;
	const char **ns_names; /* namespaces seen (for 403 fan-out) */
	size_t nns;
	const char **node_names; /* with a sink: the Nodes kept */
	size_t nnodes;
	unsigned nlists; /* lists numbered for the sink */
	bool ns_ok;
	size_t notes_alloc;
	struct job *all;	      /* every job, for cleanup */
	struct req **active;	      /* o->parallel slots */
	unsigned fanout_left[NSLOTS]; /* per-namespace lists still running */
	unsigned open_ctl[3]; /* lists of controllers not ended, by round */
	struct job *parked;   /* lists waiting for them (list_waits()) */
	const char **denied[NSLOTS]; /* namespaces that answered 403 */
	size_t nres_alloc;	     /* slots of rep->res */
	bool group_full;	     /* a note said the slots ran out */
	const char *url_base;	     /* scheme://host:port/prefix */
	long timeout_ms;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void klog(struct client *c, enum kube_log_level lvl, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));
static void klog(struct client *c, enum kube_log_level lvl, const char *fmt,
		 ...)
{
	char buf[1024];
	va_list ap;

	if (!c->o->log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->o->log(c->o->log_ctx, lvl, buf);
}

static void add_note(struct client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add_note(struct client *c, const char *fmt, ...)
{
	struct kube_report *r = c->rep;
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r->nnotes == c->notes_alloc) {
		const char **nv;
		c->notes_alloc = c->notes_alloc ? c->notes_alloc * 2 : 16;
		nv = arena_calloc(c->a, c->notes_alloc, sizeof(*nv));
		if (r->nnotes)
			memcpy(nv, r->notes, r->nnotes * sizeof(*nv));
		r->notes = nv;
	}
	r->notes[r->nnotes++] = arena_strdup(c->a, buf);
	klog(c, KUBE_LOG_WARN, "%s", buf);
}

static int fail(struct client *c, enum diag_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct client *c, enum diag_code code, const char *fmt, ...)
{
	char buf[DIAG_MSG_MAX];
	va_list ap;

	if (c->rc)
		return c->rc;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->rc = diag_set(c->d, code, NULL, "%s", buf);
	return c->rc;
}

int kube_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* ---- items into the inventory ------------------------------------- */

static struct node *str_node(struct arena *a, const char *s, unsigned line,
			     unsigned col)
{
	return node_new_str(a, NODE_STRING, s, strlen(s), line, col);
}

static bool member_is(const struct node_member *m, const char *key)
{
	return strlen(key) == node_key_len(m->key) &&
	       !memcmp(m->key, key, node_key_len(m->key));
}

/* An empty object with room for the members of o and extra more. */
/* An empty object at line:col with room for o's members and extra more. */
static struct node *copy_obj_at(struct arena *a, const struct node *o,
				size_t extra, unsigned line, unsigned col)
{
	return node_new_object(a, line, col, node_member_count(o) + extra);
}

static struct node *copy_obj(struct arena *a, const struct node *o,
			     size_t extra)
{
	return copy_obj_at(a, o, extra, o->line, node_col(o));
}

static void put(struct arena *a, struct node *n, const char *key,
		struct node *val)
{
	node_add_str(a, n, key, val);
}

/*
 * The members of an object being copied, made whole at its end
 * (members_end()), so that objects of the same keys share them
 * (node_new_object_keys()).
 */
struct members {
	const char *ks[16], **k;
	struct node *vs[16], **v;
	size_t n;
};

/* Room for cap members. */
static void members_init(struct members *m, size_t cap)
{
	m->n = 0;
	if (cap <= 16) {
		m->k = m->ks;
		m->v = m->vs;
	} else {
		m->k = xrealloc_array(NULL, cap, sizeof(*m->k));
		m->v = xrealloc_array(NULL, cap, sizeof(*m->v));
	}
}

static void members_put(struct members *m, const char *key, struct node *v)
{
	m->k[m->n] = key;
	m->v[m->n++] = v;
}

/* The object in a, its keys (interned in ka) kept once there. */
static struct node *members_end(struct members *m, struct arena *a,
				struct arena *ka, unsigned line, unsigned col)
{
	struct node *n =
	    node_new_object_keys(a, ka, line, col, m->k, m->v, m->n);

	if (m->k != m->ks) {
		free(m->k);
		free(m->v);
	}
	return n;
}

/* Metadata m has a member, or an annotation, that prune_meta() drops. */
static bool meta_prunes(const struct node *m)
{
	size_t i, j;

	for (i = 0; i < node_len(m); i++) {
		const struct node_member mm = node_member_i(m, i);

		if (prune_member(PRUNE_AT_METADATA, NULL, mm.key,
				 node_key_len(mm.key)) == PRUNE_DROP)
			return true;
		if (!member_is(&mm, "annotations") ||
		    mm.val->type != NODE_OBJECT)
			continue;
		for (j = 0; j < node_len(mm.val); j++) {
			const struct node_member am = node_member_i(mm.val, j);

			if (prune_member(PRUNE_AT_ANNOTATIONS, NULL, am.key,
					 node_key_len(am.key)) == PRUNE_DROP)
				return true;
		}
	}
	return false;
}

/*
 * Metadata m without what the inventory never keeps; m itself when it
 * holds none of that (a live item was pruned as it was copied).
 */
static struct node *prune_meta(struct arena *a, const struct node *m)
{
	struct node *n;
	size_t i;

	if (!m || m->type != NODE_OBJECT || !meta_prunes(m))
		return (struct node *)m;
	n = copy_obj(a, m, 0);
	for (i = 0; i < node_len(m); i++) {
		const struct node_member mm = node_member_i(m, i);
		if (prune_member(PRUNE_AT_METADATA, NULL, mm.key,
				 node_key_len(mm.key)) == PRUNE_DROP)
			continue;
		if (member_is(&mm, "annotations") &&
		    mm.val->type == NODE_OBJECT) {
			struct node *an = copy_obj(a, mm.val, 0);
			size_t j;
			for (j = 0; j < node_len(mm.val); j++) {
				const struct node_member am =
				    node_member_i(mm.val, j);
				if (prune_member(
					PRUNE_AT_ANNOTATIONS, NULL, am.key,
					node_key_len(am.key)) == PRUNE_DROP)
					continue;
				node_add(an, am.key, am.val);
			}
			node_add(n, mm.key, an);
			continue;
		}
		node_add(n, mm.key, mm.val);
	}
	return n;
}

/* Secret data values become "" (keys kept), as the loader does. */
static struct node *blank_values(struct arena *a, const struct node *m)
{
	struct node *n;
	size_t i;

	if (!m || m->type != NODE_OBJECT)
		return node_new(a, NODE_NULL, m ? m->line : 0, node_col(m));
	n = copy_obj(a, m, 0);
	for (i = 0; i < node_len(m); i++) {
		const struct node_member mm = node_member_i(m, i);
		node_add(n, mm.key,
			 str_node(a, "", mm.val->line, node_col(mm.val)));
	}
	return n;
}

/* m is the apiVersion or kind of an item. */
static bool member_names_type(const struct node_member *m)
{
	return member_is(m, "apiVersion") || member_is(m, "kind");
}

/* v is a string node of text s. */
static bool str_is(const struct node *v, const char *s)
{
	return v->type == NODE_STRING && !strcmp(node_text(v), s);
}

/*
 * Item it is as fix_item() would make it without positions: apiVersion
 * api and kind first, then no other, no metadata to prune, no values to
 * blank.  So is a live item as copy_item() made it.
 */
static bool item_is_fixed(const struct node *it, const char *api,
			  const char *kind, const char *pkind)
{
	struct node_member m0 = node_member_i(it, 0), m1 = node_member_i(it, 1);
	size_t i;

	if (node_len(it) < 2 || !member_is(&m0, "apiVersion") ||
	    !member_is(&m1, "kind") || !str_is(m0.val, api) ||
	    !str_is(m1.val, kind))
		return false;
	for (i = 2; i < node_len(it); i++) {
		struct node_member m = node_member_i(it, i);

		if (member_names_type(&m))
			return false;
		if (member_is(&m, "metadata")) {
			if (m.val->type == NODE_OBJECT && meta_prunes(m.val))
				return false;
		} else if (prune_member(PRUNE_AT_ROOT, pkind, m.key,
					node_key_len(m.key)) ==
			   PRUNE_BLANK_VALUES) {
			return false;
		}
	}
	return true;
}

static struct node *fix_item(struct arena *a, const struct node *it,
			     const char *api, const char *kind, bool keep_pos)
{
	unsigned line = keep_pos ? it->line : 0,
		 col = keep_pos ? node_col(it) : 0;
	const char *pkind = strcmp(api, "v1") ? NULL : kind; /* core kinds */
	struct members ms;
	size_t i;

	/* a live item, copied so: not copied again */
	if (!keep_pos && item_is_fixed(it, api, kind, pkind))
		return (struct node *)it;
	members_init(&ms, node_len(it) + 2);
	members_put(&ms, node_intern(a, "apiVersion", 10),
		    str_node(a, api, line, col));
	members_put(&ms, node_intern(a, "kind", 4),
		    str_node(a, kind, line, col));
	for (i = 0; i < node_len(it); i++) {
		const struct node_member m = node_member_i(it, i);
		if (member_is(&m, "apiVersion") || member_is(&m, "kind"))
			continue;
		if (member_is(&m, "metadata"))
			members_put(&ms, m.key, prune_meta(a, m.val));
		else if (prune_member(PRUNE_AT_ROOT, pkind, m.key,
				      node_key_len(m.key)) ==
			 PRUNE_BLANK_VALUES)
			members_put(&ms, m.key, blank_values(a, m.val));
		else
			members_put(&ms, m.key, m.val);
	}
	return members_end(&ms, a, a, line, col);
}

static const char *list_item_kind(struct arena *a, const char *list_kind)
{
	size_t n = list_kind ? strlen(list_kind) : 0;

	if (n > 4 && !strcmp(list_kind + n - 4, "List"))
		return arena_strndup(a, list_kind, n - 4);
	return NULL;
}

/*
 * Item it of a list from src, made as the inventory gets it (fix_item(),
 * in a), with dapi and dkind for an item that names no apiVersion and
 * kind; *file is where it is filed, its API path made in path (valid
 * until path changes: the inventory keeps a copy).  NULL with d filled
 * when it cannot be.
 */
static const struct node *item_ready(struct arena *a,
				     const struct kube_list_src *src,
				     const struct node *it, const char *dapi,
				     const char *dkind, struct sbuf *path,
				     const char **file, struct diag *d)
{
	const char *api = node_get_str(it, "apiVersion");
	const char *kind = node_get_str(it, "kind");

	*file = src->file;
	if (src->force || !api || !kind || !*api || !*kind) {
		api = dapi;
		kind = dkind;
	}
	if (!it || it->type != NODE_OBJECT || !api || !kind) {
		struct srcloc loc = { src->file, it ? it->line : 0,
				      node_col(it) };
		diag_set(d, DIAG_SCHEMA, &loc,
			 "list item without apiVersion and kind in a list "
			 "that does not name them");
		return NULL;
	}
	it = fix_item(a, it, api, kind, !src->api_prefix);
	if (src->api_prefix) {
		const struct node *m = node_get(it, "metadata");
		const char *ns = node_get_str(m, "namespace");
		const char *name = node_get_str(m, "name");
		int rc;

		sbuf_reset(path);
		rc = ns ? sbuf_addf(path, "%s/namespaces/%s/%s/%s",
				    src->api_prefix, ns, src->resource,
				    name ? name : "")
			: sbuf_addf(path, "%s/%s/%s", src->api_prefix,
				    src->resource, name ? name : "");
		if (rc)
			oom();
		*file = path->buf;
	}
	return it;
}

size_t kube_items_add(struct arena *a, struct inventory *inv,
		      const struct kube_list_src *src,
		      const struct node *const *items, size_t n,
		      const char *list_api_version, const char *list_kind,
		      struct diag_list *errs)
{
	const char *dapi =
	    src->api_version ? src->api_version : list_api_version;
	const char *dkind =
	    src->kind ? src->kind : list_item_kind(a, list_kind);
	struct sbuf path = SBUF_INIT;
	size_t i, added = 0;

	for (i = 0; i < n; i++) {
		const char *file;
		struct diag d;
		const struct node *it =
		    item_ready(a, src, items[i], dapi, dkind, &path, &file, &d);

		if (!it) {
			diag_list_add(errs, &d);
			continue;
		}
		if (inventory_add(inv, file, it, &d)) {
			diag_list_add(errs, &d);
			continue;
		}
		added++;
	}
	sbuf_release(&path);
	return added;
}

size_t kube_list_add(struct arena *a, struct inventory *inv,
		     const struct kube_list_src *src, const struct node *list,
		     struct diag_list *errs)
{
	const struct node *items = node_get(list, "items");

	if (!items || items->type != NODE_ARRAY)
		return 0;
	return kube_items_add(a, inv, src, node_items(items), node_len(items),
			      node_get_str(list, "apiVersion"),
			      node_get_str(list, "kind"), errs);
}

/* ---- requests ----------------------------------------------------- */

static struct job *new_job(struct client *c, enum job_type type,
			   const char *path)
{
	struct job *j = arena_alloc(c->a, sizeof(*j));

	j->type = type;
	j->path = path;
	j->list = c->nlists++;
	j->all_next = c->all;
	c->all = j;
	return j;
}

static void enqueue(struct client *c, struct job *j)
{
	j->next = NULL;
	if (c->qtail)
		c->qtail->next = j;
	else
		c->qhead = j;
	c->qtail = j;
}

/* Listed as PartialObjectMetadata (Secrets): values never arrive. */
static bool metadata_only(const struct job *j)
{
	return j->wi < NWANTED && wanted[j->wi].metadata_only;
}

static const struct node *copy_item(struct client *c, const struct node *it,
				    const char *api, const char *kind);
static void sink_item(struct client *c, struct job *j, const struct node *it);
static void sink_back(struct client *c, struct job *j, bool all);

/*
 * An item of a list page, as soon as it is parsed: a pruned copy, or
 * with a sink, the item itself to the sink.
 */
static int page_item(void *ctx, const struct node *it)
{
	struct req *r = ctx;
	const char *api, *kind;

	if (r->c->o->sink) {
		sink_item(r->c, r->job, it);
		return 1;
	}
	if (r->nitems == r->aitems) {
		r->aitems = r->aitems ? r->aitems * 2 : 64;
		r->items =
		    xrealloc_array(r->items, r->aitems, sizeof(*r->items));
	}
	api = node_get_str(it, "apiVersion");
	kind = node_get_str(it, "kind");
	/* a typed list's item, or one filed as its list's kind whatever it
	 * says (kube_list_src.force) */
	if (!api || !kind || !*api || !*kind || metadata_only(r->job)) {
		api = r->item_api;
		kind = r->job->res->kind;
	}
	r->items[r->nitems++] = copy_item(r->c, it, api, kind);
	return 1;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct req *r = ctx;
	long status = 0;

	if (!r->decided) {
		/* headers are in: a list page that succeeded streams, other
		 * answers (errors, discovery) are read whole */
		r->decided = true;
		if (r->job->type == JOB_LIST &&
		    curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &status) ==
			CURLE_OK &&
		    status == 200) {
			struct kube_resource *kr = r->job->res;
			struct load_items li = {
				.on_item = page_item,
				.ctx = r,
				.kind = kr->kind,
				.api_version =
				    kr->group && *kr->group
					? arena_printf(r->c->a, "%s/%s",
						       kr->group, kr->version)
					: kr->version,
				/* a scan drops what no check reads (a
				 * snapshot installs no declaration) */
				.declared = true,
			};

			r->item_api = li.api_version;
			r->page = arena_new();
			r->ls =
			    load_stream_new_items(r->page, r->url, NULL, &li);
		}
	}
	if (r->ls) {
		if (size * n > input_limit() - r->streamed)
			return 0; /* as the capped sbuf: CURLE_WRITE_ERROR */
		if (r->c->rc)
			return 0; /* the sink failed: stop reading */
		r->streamed += size * n;
		load_stream_feed(r->ls, p, size * n);
		return size * n;
	}
	if (sbuf_add(&r->body, p, size * n))
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	return size * n;
}

long kube_retry_after(const char *p, size_t len, time_t now)
{
	char tmp[64];
	size_t k;
	char *end;
	long v;

	if (len <= 12 || strncasecmp(p, "retry-after:", 12))
		return -1;
	k = len - 12 < sizeof(tmp) - 1 ? len - 12 : sizeof(tmp) - 1;
	memcpy(tmp, p + 12, k);
	tmp[k] = '\0';
	while (k && (tmp[k - 1] == ' ' || tmp[k - 1] == '\r' ||
		     tmp[k - 1] == '\n' || tmp[k - 1] == '\t'))
		tmp[--k] = '\0';
	if (memchr(p + 12, '\0', len - 12))
		return -1;
	errno = 0;
	v = strtol(tmp, &end, 10);
	if (end != tmp && !*end && v >= 0 && !errno)
		return v > KUBE_RETRY_AFTER_MAX ? KUBE_RETRY_AFTER_MAX : v;
	{
		/* Retry-After may also be an HTTP date */
		time_t when = curl_getdate(tmp, NULL);

		if (when == (time_t)-1)
			return -1;
		if (when <= now)
			return 0;
		return when - now > KUBE_RETRY_AFTER_MAX ? KUBE_RETRY_AFTER_MAX
							 : (long)(when - now);
	}
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct req *r = ctx;
	size_t len = size * n;
	long v = kube_retry_after(p, len, time(NULL));

	if (v >= 0)
		r->retry_after = v;
	return len;
}

/* A token that would split the Authorization header is never sent. */
static int check_token(struct client *c, const char *from)
{
	if (!c->token || kube_header_value_ok(c->token))
		return 0;
	c->rc = diag_set(c->d, DIAG_AUTH, NULL,
			 "the bearer token from %s contains a control "
			 "character (CR, LF or another); refusing to send it",
			 from);
	return c->rc;
}

static int ensure_cred(struct client *c, bool force)
{
	const struct kube_target *t = c->t;
	struct diag d;
	time_t now = time(NULL);

	if (!strncmp(t->server, "http://", 7) &&
	    (t->token || t->cert || t->exec)) {
		/* as kubectl: no credential crosses an unencrypted link */
		c->rc = diag_set(
		    c->d, DIAG_AUTH, NULL,
		    "refusing to send the credentials of user '%s' to %s "
		    "over plain HTTP, where anyone on the path can read "
		    "them; use an https:// server (or a user without "
		    "credentials, as for kubectl proxy)",
		    t->user_name ? t->user_name : "", t->server);
		return c->rc;
	}
	if (!t->exec) {
		c->token = t->token;
		c->cert = t->cert, c->cert_len = t->cert_len;
		c->key = t->key, c->key_len = t->key_len;
		return check_token(
		    c, arena_printf(c->a, "user '%s'",
				    t->user_name ? t->user_name : ""));
	}
	if (c->have_cred && !force && !exec_cred_expired(&c->cred, now))
		return 0;
	if (c->have_cred)
		klog(c, KUBE_LOG_DEBUG, "running exec plugin '%s' again (%s)",
		     t->exec->command,
		     force ? "credential rejected" : "credential expired");
	if (exec_cred_run(c->a, t, c->o->envp,
			  c->o->exec_timeout_ms ? c->o->exec_timeout_ms : 60000,
			  &c->cred, &d)) {
		c->rc = diag_set(c->d, d.code, NULL, "%s", d.msg);
		return c->rc;
	}
	c->have_cred = true;
	c->cred_gen++;
	c->token = c->cred.token ? c->cred.token : t->token;
	c->cert = c->cred.cert ? c->cred.cert : t->cert;
	c->cert_len = c->cred.cert ? c->cred.cert_len : t->cert_len;
	c->key = c->cred.key ? c->cred.key : t->key;
	c->key_len = c->cred.key ? c->cred.key_len : t->key_len;
	return check_token(
	    c, arena_printf(c->a, "exec plugin '%s'", t->exec->command));
}

static char *job_url(struct client *c, struct job *j)
{
	unsigned limit = c->o->page_limit ? c->o->page_limit : 500;
	char *url, *esc;

	if (j->type != JOB_LIST || j->full)
		return arena_printf(c->a, "%s%s", c->url_base, j->path);
	if (!j->cont)
		return arena_printf(c->a, "%s%s?limit=%u", c->url_base, j->path,
				    limit);
	esc = curl_easy_escape(NULL, j->cont, 0);
	if (!esc)
		oom();
	url = arena_printf(c->a, "%s%s?limit=%u&continue=%s", c->url_base,
			   j->path, limit, esc);
	curl_free(esc);
	return url;
}

static long connect_timeout_ms(const struct client *c)
{
	return c->timeout_ms < 30000 ? c->timeout_ms : 30000L;
}

static void set_tls(struct client *c, CURL *h)
{
	const struct kube_target *t = c->t;

	if (t->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	}
	if (t->ca) {
		struct curl_blob ca = { (void *)t->ca, t->ca_len,
					CURL_BLOB_COPY };
		/* only the kubeconfig's CA, as kubectl: no system store */
		curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
		curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
	}
	if (c->cert) {
		struct curl_blob cert = { (void *)c->cert, c->cert_len,
					  CURL_BLOB_COPY };
		struct curl_blob key = { (void *)c->key, c->key_len,
					 CURL_BLOB_COPY };
		curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
		curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
		curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
		curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
	}
}

static int start_job(struct client *c, struct job *j, unsigned slot)
{
	struct req *r;
	CURL *h;

	if (ensure_cred(c, false))
		return c->rc;
	r = xmalloc(sizeof(*r));
	memset(r, 0, sizeof(*r));
	/* the cap applies while the body streams in, after decompression:
	 * an endless chunked body or a gzip bomb stops at it */
	sbuf_init(&r->body, input_limit());
	r->job = j;
	r->c = c;
	r->retry_after = -1;
	r->gen = c->cred_gen;
	r->url = job_url(c, j);
	if (c->token) {
		char *auth =
		    arena_printf(c->a, "Authorization: Bearer %s", c->token);
		r->hdrs = curl_slist_append(r->hdrs, auth);
	}
	r->hdrs = curl_slist_append(
	    r->hdrs, j->type == JOB_LIST && metadata_only(j) ? ACCEPT_META
							     : ACCEPT_JSON);
	h = r->h = curl_easy_init();
	if (!h || !r->hdrs)
		oom();
	curl_easy_setopt(h, CURLOPT_URL, r->url);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT,
			 "kubectl-threatmap/" THREATMAP_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(h, CURLOPT_PRIVATE, r);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms(c));
	/* as kubectl: nothing older than TLS 1.2 */
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	if (c->connect_to) {
		r->connect = curl_slist_append(NULL, c->connect_to);
		if (!r->connect)
			oom();
		curl_easy_setopt(h, CURLOPT_CONNECT_TO, r->connect);
	}
	if (c->t->proxy_url)
		curl_easy_setopt(h, CURLOPT_PROXY, c->t->proxy_url);
	else if (!c->o->proxy_from_env)
		curl_easy_setopt(h, CURLOPT_PROXY, "");
	set_tls(c, h);
	r->start = now_ms();
	c->active[slot] = r;
	c->inflight++;
	c->rep->requests++;
	curl_multi_add_handle(c->multi, h);
	return 0;
}

static void free_req(struct client *c, struct req *r)
{
	curl_multi_remove_handle(c->multi, r->h);
	curl_easy_cleanup(r->h);
	curl_slist_free_all(r->hdrs);
	curl_slist_free_all(r->connect);
	sbuf_release(&r->body);
	if (r->ls) {
		struct diag d;
		load_stream_end(r->ls, &d);
	}
	free(r->items);
	arena_free(r->page);
	/* a page that did not complete: its items go back */
	if (c->o->sink && r->job->type == JOB_LIST)
		sink_back(c, r->job, false);
	free(r);
}

static const char *who(struct client *c)
{
	return arena_printf(
	    c->a, "user '%s' (context '%s', cluster '%s' at %s)",
	    c->t->user_name ? c->t->user_name : "",
	    c->t->context ? c->t->context : "",
	    c->t->cluster_name ? c->t->cluster_name : "", c->t->server);
}

/* The message of a Status body, or "". */
static const char *status_msg(struct client *c, const struct req *r)
{
	struct diag d;
	const struct node *root;

	if (!r->body.len)
		return "";
	root = load_tree(c->a, "status", r->body.buf, r->body.len, NULL, &d);
	if (!root || !node_str_eq(node_get(root, "kind"), "Status"))
		return "";
	/* the server's words reach a terminal: no control sequence, no
	 * credential echoed back */
	return node_get_str(root, "message")
		   ? sanitize_text(c->a, node_get_str(root, "message"),
				   strlen(node_get_str(root, "message")), 1000)
		   : "";
}

static void retry(struct client *c, struct job *j, const struct req *r,
		  const char *why)
{
	long base = c->o->backoff_ms ? c->o->backoff_ms : 500;
	long cap = c->o->max_backoff_ms ? c->o->max_backoff_ms : 30000;
	unsigned max = c->o->max_retries ? c->o->max_retries : 5;
	long delay;

	if (++j->attempt > max) {
		fail(c,
		     r->retry_after >= 0 || strstr(why, "HTTP") ? DIAG_HTTP
								: DIAG_NET,
		     "giving up on GET %s after %u attempts: %s", r->url,
		     j->attempt, why);
		return;
	}
	if (r->retry_after >= 0)
		delay = r->retry_after * 1000;
	else
		delay = base << (j->attempt - 1 < 16 ? j->attempt - 1 : 16);
	if (delay > cap)
		delay = cap;
	c->rep->retries++;
	klog(c, KUBE_LOG_DEBUG, "retrying GET %s in %ld ms (%s)", r->url, delay,
	     why);
	j->not_before = now_ms() + delay;
	enqueue(c, j);
}

static bool curl_is_tls(CURLcode e)
{
	return e == CURLE_PEER_FAILED_VERIFICATION ||
	       e == CURLE_SSL_CACERT_BADFILE || e == CURLE_SSL_CONNECT_ERROR ||
	       e == CURLE_SSL_CERTPROBLEM || e == CURLE_SSL_CIPHER ||
	       e == CURLE_SSL_ISSUER_ERROR ||
	       e == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
	       e == CURLE_SSL_INVALIDCERTSTATUS || e == CURLE_SSL_CRL_BADFILE;
}

static bool curl_is_drop(CURLcode e)
{
	return e == CURLE_GOT_NOTHING || e == CURLE_RECV_ERROR ||
	       e == CURLE_SEND_ERROR || e == CURLE_PARTIAL_FILE ||
	       e == CURLE_HTTP2 || e == CURLE_HTTP2_STREAM;
}

/* Whether OpenSSL's words say the TLS versions did not meet. */
static bool tls_version_problem(const char *detail)
{
	return strstr(detail, "protocol version") ||
	       strstr(detail, "unsupported protocol") ||
	       strstr(detail, "wrong version number") ||
	       strstr(detail, "no protocols available") ||
	       strstr(detail, "version too low");
}

/* Transport failures: retry a drop, stop on anything else. */
static void transport_error(struct client *c, struct req *r, CURLcode e)
{
	const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(e);
	long sent = 0;
	bool connected;

	/* no request sent (a reused connection sends one too): the timeout
	 * struck while connecting, the connect timeout */
	connected =
	    curl_easy_getinfo(r->h, CURLINFO_REQUEST_SIZE, &sent) == CURLE_OK &&
	    sent > 0;

	if (curl_is_drop(e)) {
		char why[CURL_ERROR_SIZE + 32];
		fmt_snprintf(why, sizeof(why), "connection dropped: %s",
			     detail);
		retry(c, r->job, r, why);
	} else if (e == CURLE_OPERATION_TIMEDOUT && !connected) {
		fail(c, DIAG_NET,
		     "cannot connect to the server %s within %ld ms: %s",
		     c->t->server, connect_timeout_ms(c), detail);
	} else if (e == CURLE_OPERATION_TIMEDOUT) {
		fail(c, DIAG_NET,
		     "GET %s timed out after %ld ms (raise --request-timeout "
		     "if the server is just slow): %s",
		     r->url, c->timeout_ms, detail);
	} else if (curl_is_tls(e) && tls_version_problem(detail)) {
		fail(c, DIAG_NET,
		     "TLS handshake with the server %s failed: it offers no "
		     "TLS version threatmap accepts (1.2 or later, as "
		     "kubectl): %s",
		     c->t->server, detail);
	} else if (curl_is_tls(e)) {
		fail(c, DIAG_NET,
		     "TLS verification of the server %s failed, refusing to "
		     "talk to it (check certificate-authority and the host "
		     "name or tls-server-name of cluster '%s'): %s",
		     c->t->server, c->t->cluster_name ? c->t->cluster_name : "",
		     detail);
	} else if (e == CURLE_WRITE_ERROR) {
		fail(c, DIAG_LIMIT,
		     "response to GET %s is too large: more than %zu bytes "
		     "(raise --max-input-size to read it)",
		     r->url, input_limit());
	} else {
		fail(c, DIAG_NET, "cannot reach the server %s: %s",
		     c->t->server, detail);
	}
}

static const struct node *parse_body(struct client *c, struct req *r,
				     struct arena *a)
{
	struct diag d;
	const struct node *root;

	if (r->ls) {
		/* parsed while it arrived; an empty body fed nothing */
		root = load_stream_end(r->ls, &d);
		r->ls = NULL;
	} else {
		root = load_tree(a, r->url, r->body.buf, r->body.len, NULL, &d);
	}

	if (!root || root->type != NODE_OBJECT) {
		fail(c, DIAG_PARSE,
		     "GET %s: the response is not a JSON object%s%s", r->url,
		     root ? "" : ": ", root ? "" : d.msg);
		return NULL;
	}
	return root;
}

static bool want_group(const char *group)
{
	size_t i;

	for (i = 0; i < NWANTED; i++)
		if (!strcmp(wanted[i].group, group))
			return true;
	return false;
}

static void on_group(void *ctx, const char *name, const char *gv)
{
	struct client *c = ctx;
	struct job *gj;

	if (!want_group(name))
		return;
	gj = new_job(c, JOB_GROUP, arena_printf(c->a, "/apis/%s", gv));
	gj->group = name;
	enqueue(c, gj);
}

struct group_ctx {
	struct client *c;
	const char *group;
};

/* A resource name the server gave, safe in a request path. */
static bool resource_name_ok(const char *n)
{
	size_t len =
	    n ? strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789-.") : 0;

	return len && !n[len] && len < 64 && *n != '.' && !strstr(n, "..");
}

/* A resource of a group read whole (wanted[] resource "*"). */
static void add_group_resource(struct client *c, const char *group,
			       const struct discovery_resource *dr)
{
	struct kube_report *rep = c->rep;
	struct kube_resource *kr;
	size_t k;

	if (!dr->kind || !resource_name_ok(dr->name))
		return;
	for (k = NWANTED + 1; k < rep->nres; k++)
		if (!strcmp(rep->res[k].group, group) &&
		    !strcmp(rep->res[k].resource, dr->name))
			return;
	if (rep->nres == c->nres_alloc) {
		if (!c->group_full)
			add_note(c,
				 "%s serves more than %d resources; only the "
				 "first %d are read",
				 group, KUBE_MAX_GROUP_RESOURCES,
				 KUBE_MAX_GROUP_RESOURCES);
		c->group_full = true;
		return;
	}
	kr = &rep->res[rep->nres++];
	kr->group = group;
	kr->version = arena_strdup(c->a, dr->version);
	kr->resource = arena_strdup(c->a, dr->name);
	kr->kind = arena_strdup(c->a, dr->kind);
	kr->namespaced = dr->namespaced;
	kr->served = true;
}

static void on_resource(void *ctx, const struct discovery_resource *dr)
{
	const struct group_ctx *g = ctx;
	size_t k;

	for (k = 0; k < NWANTED; k++) {
		struct kube_resource *kr = &g->c->rep->res[k];
		if (!strcmp(wanted[k].group, g->group) &&
		    !strcmp(wanted[k].resource, "*")) {
			add_group_resource(g->c, wanted[k].group, dr);
			continue;
		}
		if (strcmp(wanted[k].group, g->group) ||
		    strcmp(wanted[k].resource, dr->name) || kr->served)
			continue;
		kr->version = arena_strdup(g->c->a, dr->version);
		kr->kind = dr->kind;
		kr->namespaced = dr->namespaced;
		kr->served = kr->kind != NULL;
	}
}

static void on_discovery(struct client *c, struct job *j,
			 const struct node *root)
{
	struct group_ctx g = { c, j->group };
	size_t i, n;

	switch (j->type) {
	case JOB_VERSION:
		if (discovery_server_version(root))
			c->rep->server_version = discovery_server_version(root);
		break;
	case JOB_API:
		n = discovery_core_v1(root);
		for (i = 0; i < n; i++) {
			struct job *gj = new_job(c, JOB_GROUP, "/api/v1");
			gj->group = "";
			enqueue(c, gj);
		}
		break;
	case JOB_APIS: discovery_groups(root, on_group, c); break;
	case JOB_GROUP: discovery_resources(root, on_resource, &g); break;
	case JOB_LIST:
	case JOB_CONFIGZ: break;
	}
}

static const char *res_prefix(struct client *c, const struct kube_resource *r)
{
	return *r->group
		   ? arena_printf(c->a, "/apis/%s/%s", r->group, r->version)
		   : arena_printf(c->a, "/api/%s", r->version);
}

static const char *res_name(const struct kube_resource *r)
{
	return r->resource;
}

/*
 * Which of three rounds lists resource r: Pods last, ReplicaSets and Jobs
 * just before them, so that a workload's controller is usually read
 * before it and only its metadata is kept (copy_item()) instead of its
 * spec being held until the controller's list completes.
 */
static size_t list_round(const struct kube_resource *r)
{
	if (!*r->group && !strcmp(r->resource, "pods"))
		return 2;
	if ((!strcmp(r->group, "apps") &&
	     !strcmp(r->resource, "replicasets")) ||
	    (!strcmp(r->group, "batch") && !strcmp(r->resource, "jobs")))
		return 1;
	return 0;
}

/*
 * The job listing r (index wi of rep->res) at path, in namespace ns or
 * in all.  A list of a kind that may control workloads (every workload
 * kind but Pod) counts as open in its round until list_ended().
 */
static struct job *new_list(struct client *c, struct kube_resource *r,
			    size_t wi, const char *path, const char *ns)
{
	struct job *j = new_job(c, JOB_LIST, path);

	j->res = r;
	j->wi = wi;
	j->ns = ns;
	j->round = (unsigned)list_round(r);
	j->ctl = r->kind && strcmp(r->kind, "Pod") &&
		 kind_is_workload(r->group, r->kind);
	if (j->ctl)
		c->open_ctl[j->round]++;
	return j;
}

static void list_forbidden(struct client *c, struct job *j, const char *msg)
{
	struct kube_resource *r = j->res;

	if (j->ns) {
		inventory_forbid(c->inv, kind_key(r->group, r->kind), j->ns);
		c->denied[j->wi][r->forbidden_ns++] = j->ns;
		return;
	}
	if (r->namespaced && !c->o->namespace && c->ns_ok && c->nns &&
	    c->nns <= KUBE_MAX_NS_FANOUT) {
		size_t i;
		const char *pre = res_prefix(c, r);
		klog(
		    c, KUBE_LOG_DEBUG,
		    "listing %s in all namespaces is forbidden; trying each of "
		    "%zu namespaces",
		    res_name(r), c->nns);
		c->fanout_left[j->wi] = (unsigned)c->nns;
		c->denied[j->wi] = arena_calloc(c->a, c->nns, sizeof(char *));
		for (i = 0; i < c->nns; i++) {
			enqueue(c, new_list(c, r, j->wi,
					    arena_printf(c->a,
							 "%s/namespaces/%s/%s",
							 pre, c->ns_names[i],
							 r->resource),
					    c->ns_names[i]));
		}
		return;
	}
	inventory_forbid(c->inv, kind_key(r->group, r->kind),
			 c->o->namespace && r->namespaced ? c->o->namespace
							  : NULL);
	if (c->o->namespace && r->namespaced) {
		r->forbidden_ns++;
		add_note(
		    c,
		    "could not list %s in namespace '%s' (403 Forbidden%s%s)",
		    res_name(r), c->o->namespace, *msg ? ": " : "", msg);
	} else {
		r->forbidden = true;
		add_note(c, "could not list %s%s (403 Forbidden%s%s)",
			 res_name(r), r->namespaced ? " in any namespace" : "",
			 *msg ? ": " : "", msg);
	}
}

/* One note for the namespaces where a resource was denied. */
static void note_namespaces(struct client *c, const struct kube_resource *r,
			    const char **ns)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, n = r->forbidden_ns, shown = n < 10 ? n : 10;
	int rc = 0;

	for (i = 0; i < shown; i++)
		rc |= sbuf_addf(&sb, "%s'%s'", i ? ", " : "", ns[i]);
	if (n > shown)
		rc |= sbuf_addf(&sb, " and %zu more", n - shown);
	if (!rc)
		add_note(c,
			 "could not list %s in namespace%s %s (403 Forbidden)",
			 res_name(r), n > 1 ? "s" : "", sb.buf);
	sbuf_release(&sb);
}

static void fanout_done(struct client *c, struct job *j)
{
	struct kube_resource *r = j->res;

	if (!j->ns || !c->fanout_left[j->wi] || --c->fanout_left[j->wi])
		return;
	if (r->forbidden_ns == c->nns) {
		/* denied everywhere: the kind is not visible at all */
		inventory_forbid(c->inv, kind_key(r->group, r->kind), NULL);
		r->forbidden = true;
		add_note(c,
			 "could not list %s in any namespace (403 Forbidden)",
			 res_name(r));
	} else if (r->forbidden_ns) {
		note_namespaces(c, r, c->denied[j->wi]);
	}
}

/*
 * Whether the next page of list j waits: the inventory holds more than
 * hold_max bytes of workloads' specs for controllers not read yet, and
 * lists of kinds that may control j's are still open (an earlier round;
 * never the lists of round 0, so that nothing waits for itself).  Its
 * items read so far keep their specs only until those lists end; the
 * next pages, read after, keep only what a controlled object needs.
 */
static bool list_waits(const struct client *c, const struct job *j)
{
	size_t max = c->o->hold_max ? c->o->hold_max : (size_t)16 << 20;
	unsigned r;

	if (c->o->sink || inventory_deferred_held(c->inv) <= max)
		return false;
	for (r = 0; r < j->round; r++)
		if (c->open_ctl[r])
			return true;
	return false;
}

/* Queue again the parked lists that need not wait any more (all: each). */
static bool unpark(struct client *c, bool all)
{
	struct job **p = &c->parked, *j;
	bool any = false;

	while ((j = *p)) {
		if (all || !list_waits(c, j)) {
			if (all)
				klog(c, KUBE_LOG_DEBUG,
				     "list %s waited for lists that never "
				     "ended; it goes on",
				     j->path);
			*p = j->next;
			enqueue(c, j);
			any = true;
		} else {
			p = &j->next;
		}
	}
	return any;
}

/* List j ended: read whole, forbidden or not served. */
static void list_ended(struct client *c, struct job *j)
{
	fanout_done(c, j);
	if (j->ctl) {
		j->ctl = false;
		c->open_ctl[j->round]--;
	}
	unpark(c, false);
}

enum copy_at { AT_ANY, AT_ITEM, AT_META, AT_ANNOTATIONS };

/*
 * A deep copy into a, without managedFields and last-applied; keys, and
 * text the item's builder interned (in a pod spec), are interned in keys.
 * Nodes of a live item have no line and column: where they sat in a list
 * page's response is nowhere a reader can look, and an object read from
 * the API is located by its API path alone.
 */
static struct node *copy_pruned(struct arena *a, struct arena *keys,
				const struct node *n, enum copy_at at)
{
	struct members ms;
	struct node *c;
	size_t i;

	switch (n->type) {
	case NODE_NULL:
	case NODE_BOOL:
		c = node_new(a, n->type, 0, 0);
		c->b = n->b;
		return c;
	case NODE_NUMBER:
	case NODE_STRING:
		/* the item's builder shared the text of its pod spec only */
		if (node_text_is_shared(n))
			return node_new_shared_str_in(
			    a, keys, n->type, node_text(n), node_len(n), 0, 0);
		return node_new_str(a, n->type, node_text(n), node_len(n), 0,
				    0);
	case NODE_ARRAY:
		c = node_new_array(a, 0, 0, node_len(n));
		for (i = 0; i < node_len(n); i++)
			node_push(c,
				  copy_pruned(a, keys, node_at(n, i), AT_ANY));
		return c;
	case NODE_OBJECT: break;
	}
	members_init(&ms, node_len(n));
	for (i = 0; i < node_len(n); i++) {
		const struct node_member m = node_member_i(n, i);
		size_t klen = node_key_len(m.key);
		enum copy_at next = AT_ANY;

		if ((at == AT_META || at == AT_ANNOTATIONS) &&
		    prune_member(at == AT_META ? PRUNE_AT_METADATA
					       : PRUNE_AT_ANNOTATIONS,
				 NULL, m.key, klen) == PRUNE_DROP)
			continue;
		if (at == AT_ITEM && member_is(&m, "metadata"))
			next = AT_META;
		else if (at == AT_META && member_is(&m, "annotations"))
			next = AT_ANNOTATIONS;
		members_put(&ms, node_intern(keys, m.key, klen),
			    copy_pruned(a, keys, m.val, next));
	}
	return members_end(&ms, a, keys, 0, 0);
}

/*
 * A member of a workload whose controller may still be listed: the array
 * or object itself in a (to be emptied, node_hollow()), what it holds in
 * own.
 */
/* What copy_aside() takes of its own arena for v: what v holds. */
static size_t aside_bytes(const struct node *v)
{
	size_t i, sum = 0;

	for (i = 0; i < node_count(v); i++)
		sum += node_copy_bytes(node_at(v, i));
	for (i = 0; i < node_member_count(v); i++)
		sum += node_copy_bytes(node_member_i(v, i).val);
	return sum;
}

/*
 * The arena of item it's parts set aside, of the size they take, since
 * thousands of them may wait at once for their controllers (in blocks of
 * 4 KiB, items of 1 KiB held 110 MiB for a cluster of 100,005 objects).
 * The parts are those copy_item() and copy_owned_meta() set aside: the
 * item's containers but its metadata, and the containers of its metadata
 * that a controlled object does not keep; a part they keep after all
 * (more than eight) only leaves room unused.
 */
static struct arena *aside_arena(const struct node *it)
{
	const struct node *meta = node_get(it, "metadata");
	size_t i, n = 0;

	for (i = 0; i < node_member_count(it); i++) {
		const struct node_member m = node_member_i(it, i);

		if (!member_is(&m, "metadata"))
			n += aside_bytes(m.val);
	}
	for (i = 0; i < node_member_count(meta); i++) {
		const struct node_member m = node_member_i(meta, i);

		if (!prune_keeps(PRUNE_OWNED_META, NULL, m.key,
				 node_key_len(m.key)))
			n += aside_bytes(m.val);
	}
	return arena_new_sized(n);
}

static struct node *copy_aside(struct arena *a, struct arena *own,
			       const struct node *v)
{
	struct members ms;
	struct node *c;
	size_t i;

	if (v->type == NODE_ARRAY) {
		c = node_new_array(a, 0, 0, node_len(v));
		for (i = 0; i < node_len(v); i++)
			node_push(c,
				  copy_pruned(own, a, node_at(v, i), AT_ANY));
		return c;
	}
	members_init(&ms, node_len(v));
	for (i = 0; i < node_len(v); i++) {
		const struct node_member m = node_member_i(v, i);

		members_put(&ms, node_intern(a, m.key, node_key_len(m.key)),
			    copy_pruned(own, a, m.val, AT_ANY));
	}
	return members_end(&ms, a, a, 0, 0);
}

/*
 * The metadata of a workload whose controller was listed (st
 * INV_OWNER_READ): what the declaration names at PRUNE_OWNED_META; or may
 * still be (INV_OWNER_LATER): its arrays and objects not named there
 * (labels, annotations) put aside as copy_item() puts the spec.
 */
static struct node *copy_owned_meta(struct client *c, const struct node *it,
				    const struct node *meta, int st,
				    struct arena **own, struct node **aside,
				    size_t *naside, size_t max)
{
	struct members ms;
	size_t i;

	if (meta->type != NODE_OBJECT || !prune_declares(PRUNE_OWNED_META))
		return copy_pruned(c->a, c->a, meta, AT_META);
	members_init(&ms, node_len(meta));
	for (i = 0; i < node_len(meta); i++) {
		const struct node_member m = node_member_i(meta, i);
		size_t klen = node_key_len(m.key);
		struct node *v;

		if (prune_member(PRUNE_AT_METADATA, NULL, m.key, klen) ==
			PRUNE_DROP ||
		    (st == INV_OWNER_READ &&
		     !prune_keeps(PRUNE_OWNED_META, NULL, m.key, klen)))
			continue;
		if (st == INV_OWNER_READ && member_is(&m, "ownerReferences") &&
		    m.val->type == NODE_ARRAY) {
			/* read by the owner's lookup only (as loadb.c does) */
			struct arena *t = inventory_transient(c->inv);

			v = copy_pruned(t, t, m.val, AT_ANY);
			node_set_transient(v);
		} else if ((m.val->type != NODE_OBJECT &&
			    m.val->type != NODE_ARRAY) ||
			   prune_keeps(PRUNE_OWNED_META, NULL, m.key, klen) ||
			   (st == INV_OWNER_LATER && *naside == max)) {
			v = copy_pruned(c->a, c->a, m.val,
					member_is(&m, "annotations")
					    ? AT_ANNOTATIONS
					    : AT_ANY);
		} else if (st == INV_OWNER_READ) {
			continue;
		} else {
			if (!*own)
				*own = aside_arena(it);
			v = aside[(*naside)++] = copy_aside(c->a, *own, m.val);
		}
		members_put(&ms, node_intern(c->a, m.key, klen), v);
	}
	return members_end(&ms, c->a, c->a, 0, 0);
}

/* apiVersion of a built-in group whose workloads have pod specs. */
static bool workload_api(const char *api)
{
	return !strcmp(api, "v1") || !strncmp(api, "apps/", 5) ||
	       !strncmp(api, "batch/", 6) || !strncmp(api, "extensions/", 11);
}

/*
 * The start of the root of the copy of object it of apiVersion api and
 * kind kind in ms: those two first, as item_ready() puts them (fix_item()
 * then finds nothing to do), with room for the other members of it.
 */
static void item_root(struct client *c, const struct node *it, const char *api,
		      const char *kind, struct members *ms)
{
	size_t i, n = 2;

	for (i = 0; i < node_len(it); i++) {
		struct node_member m = node_member_i(it, i);

		n += !member_names_type(&m);
	}
	members_init(ms, n);
	members_put(ms, node_intern(c->a, "apiVersion", 10),
		    str_node(c->a, api, 0, 0));
	members_put(ms, node_intern(c->a, "kind", 4),
		    str_node(c->a, kind, 0, 0));
}

/*
 * The copy of a listed item kept for the scan.  A workload whose
 * controller was listed before it keeps only apiVersion, kind and
 * metadata without its labels and annotations (and what the declaration
 * names for it, prune.h PRUNE_OWNED and PRUNE_OWNED_META);
 * one whose controller may come later keeps its other arrays and objects
 * in an arena of its own, for the inventory to free when the controller
 * is added (inventory_defer()).  api and kind: the item's, or its list's,
 * put first (item_root()); with neither known, a plain pruned copy.
 */
static const struct node *copy_item(struct client *c, const struct node *it,
				    const char *api, const char *kind)
{
	const struct node *meta = node_get(it, "metadata");
	int st = INV_OWNER_NONE;
	struct members ms;
	struct node *root, *aside[8];
	struct arena *own = NULL;
	size_t i, naside = 0;

	if (it->type != NODE_OBJECT || !api || !kind || !*api || !*kind)
		return copy_pruned(c->a, c->a, it, AT_ITEM);
	if (prune_declares(PRUNE_OWNED) && workload_api(api) &&
	    node_is(meta, NODE_OBJECT))
		st = inventory_controller_read(c->inv, api, kind, meta);
	item_root(c, it, api, kind, &ms);
	for (i = 0; i < node_len(it); i++) {
		const struct node_member m = node_member_i(it, i);
		size_t klen = node_key_len(m.key);
		struct node *v;

		if (member_names_type(&m))
			continue;
		if (st == INV_OWNER_NONE)
			v = copy_pruned(c->a, c->a, m.val,
					member_is(&m, "metadata") ? AT_META
								  : AT_ANY);
		else if (member_is(&m, "metadata"))
			v = copy_owned_meta(c, it, m.val, st, &own, aside,
					    &naside,
					    sizeof(aside) / sizeof(aside[0]));
		else if (prune_keeps(PRUNE_OWNED, NULL, m.key, klen))
			v = copy_pruned(c->a, c->a, m.val, AT_ANY);
		else if (st == INV_OWNER_READ)
			continue;
		else if ((m.val->type == NODE_OBJECT ||
			  m.val->type == NODE_ARRAY) &&
			 naside < sizeof(aside) / sizeof(aside[0])) {
			if (!own)
				own = aside_arena(it);
			v = aside[naside++] = copy_aside(c->a, own, m.val);
		} else {
			v = copy_pruned(c->a, c->a, m.val, AT_ANY);
		}
		members_put(&ms, node_intern(c->a, m.key, klen), v);
	}
	root = members_end(&ms, c->a, c->a, 0, 0);
	if (own)
		inventory_defer(c->inv, api, kind, node_get(root, "metadata"),
				aside, naside, own);
	return root;
}

/* ---- a sink instead of the inventory (kube_sink) ------------------ */

/* The source job j's items are filed under, made once. */
static const struct kube_list_src *job_src(struct client *c, struct job *j)
{
	struct kube_resource *r = j->res;

	if (!j->src_set) {
		j->src_set = true;
		j->src.api_prefix = res_prefix(c, r);
		j->src.resource = r->resource;
		j->src.api_version =
		    *r->group
			? arena_printf(c->a, "%s/%s", r->group, r->version)
			: r->version;
		j->src.kind = r->kind;
		j->src.force = metadata_only(j);
	}
	return &j->src;
}

/* The sink failed with d: the collection stops with its message. */
static void sink_failed(struct client *c, const struct diag *d)
{
	if (!c->rc) {
		*c->d = *d;
		c->rc = d->code ? d->code : DIAG_IO;
	}
}

/* Namespaces (for a denied list's fan-out) and Nodes (kubelet configz). */
static bool job_keeps_names(const struct job *j)
{
	return (j->wi == 0 && !j->ns) ||
	       (!*j->res->group && !strcmp(j->res->resource, "nodes"));
}

static void job_name(struct client *c, struct job *j, const char *name)
{
	if (j->nnames == j->anames) {
		j->anames = j->anames ? j->anames * 2 : 64;
		j->names =
		    xrealloc_array(j->names, j->anames, sizeof(*j->names));
	}
	j->names[j->nnames++] = arena_strdup(c->a, name);
}

/*
 * Item it of job j's list to the sink, made as kube_items_add() makes it,
 * in an arena of its own freed here: the sink keeps what it needs.
 */
static void sink_item(struct client *c, struct job *j, const struct node *it)
{
	const struct kube_sink *sk = c->o->sink;
	const struct kube_list_src *src = job_src(c, j);
	struct arena *t;
	const struct node *obj;
	const char *file, *api, *kind, *name;
	struct sbuf path = SBUF_INIT;
	bool skip;
	struct diag d;

	if (c->rc)
		return;
	t = arena_new_small();
	it = copy_pruned(t, t, it, AT_ITEM);
	name = node_get_str(node_get(it, "metadata"), "name");
	if (j->wi == 0 && !j->ns && name)
		job_name(c, j, name); /* as list_page() takes them */
	obj = item_ready(t, src, it, src->api_version, src->kind, &path, &file,
			 &d);
	if (!obj ||
	    inventory_admit(c->inv, file, obj, &api, &kind, &skip, &d)) {
		diag_list_add(&j->errs, &d);
	} else if (!skip) {
		if (sk->add(sk->ctx, j->list, obj, api, kind, &d)) {
			sink_failed(c, &d);
		} else {
			j->sunk++;
			if (j->wi != 0 && job_keeps_names(j) && name)
				job_name(c, j, name);
		}
	}
	sbuf_release(&path);
	arena_free(t);
}

/* A page of job j is complete: what it gave the sink stays. */
static void sink_page_done(struct job *j)
{
	j->sunk_ok = j->sunk;
	j->errs_ok = j->errs.n;
	j->names_ok = j->nnames;
}

/*
 * Take back what job j gave the sink since its last complete page (a
 * request that failed halfway), or since it started (all).
 */
static void sink_back(struct client *c, struct job *j, bool all)
{
	const struct kube_sink *sk = c->o->sink;

	if (all)
		j->sunk_ok = j->errs_ok = j->names_ok = 0;
	if (j->sunk != j->sunk_ok || all)
		sk->cut(sk->ctx, j->list, j->sunk_ok);
	j->sunk = j->sunk_ok;
	j->errs.n = j->errs_ok;
	j->nnames = j->names_ok;
}

/* Job j's list is complete: its objects are final; how many. */
static size_t sink_list_done(struct client *c, struct job *j)
{
	const struct kube_sink *sk = c->o->sink;
	size_t i;

	sk->keep(sk->ctx, j->list);
	for (i = 0; i < j->errs.n; i++)
		diag_list_add(c->errs, &j->errs.v[i]);
	diag_list_release(&j->errs);
	j->errs_ok = 0;
	if (j->wi == 0 && !j->ns) {
		c->ns_names =
		    arena_calloc(c->a, j->nnames + 1, sizeof(*c->ns_names));
		for (i = 0; i < j->nnames; i++)
			c->ns_names[c->nns++] = j->names[i];
		c->ns_ok = true;
	} else if (job_keeps_names(j) && j->nnames) {
		const char **was = c->node_names;

		c->node_names = arena_calloc(c->a, c->nnodes + j->nnames + 1,
					     sizeof(*c->node_names));
		if (c->nnodes)
			memcpy(c->node_names, was,
			       c->nnodes * sizeof(*c->node_names));
		for (i = 0; i < j->nnames; i++)
			c->node_names[c->nnodes++] = j->names[i];
	}
	j->nnames = j->names_ok = 0;
	return j->sunk;
}

static void job_item(struct job *j, const struct node *it)
{
	if (j->nitems == j->alloc) {
		j->alloc = j->alloc ? j->alloc * 2 : 64;
		j->items =
		    xrealloc_array(j->items, j->alloc, sizeof(*j->items));
	}
	j->items[j->nitems++] = it;
}

/*
 * A complete page: its items copied while it streamed (streamed), then
 * whatever its root still holds (the items of a body parsed whole).
 */
static void list_page(struct client *c, struct job *j, const struct node *root,
		      const struct node *const *streamed, size_t nstreamed)
{
	const struct node *items = node_get(root, "items");
	const char *cont = node_get_str(node_get(root, "metadata"), "continue");
	size_t i;

	if (items && items->type != NODE_ARRAY) {
		fail(c, DIAG_PARSE, "GET %s: 'items' is not an array", j->path);
		return;
	}
	if (!j->list_kind) {
		const char *av = node_get_str(root, "apiVersion");
		const char *k = node_get_str(root, "kind");
		j->list_api_version = av ? arena_strdup(c->a, av) : NULL;
		j->list_kind = k ? arena_strdup(c->a, k) : NULL;
	}
	for (i = 0; i < nstreamed; i++)
		job_item(j, streamed[i]);
	for (i = 0; items && i < node_len(items); i++) {
		if (c->o->sink)
			sink_item(c, j, node_at(items, i));
		else
			job_item(j,
				 copy_item(c, node_at(items, i), NULL, NULL));
	}
	if (c->rc)
		return;
	if (c->o->sink)
		sink_page_done(j);
	if (cont && *cont) {
		j->cont = arena_strdup(c->a, cont);
		j->attempt = 0;
		if (list_waits(c, j)) {
			klog(c, KUBE_LOG_DEBUG,
			     "list %s waits for the lists of its controllers "
			     "(%zu KiB of specs held for them)",
			     j->path, inventory_deferred_held(c->inv) >> 10);
			c->rep->waits++;
			j->next = c->parked;
			c->parked = j;
		} else {
			enqueue(c, j);
		}
		return;
	}
	if (c->o->sink) {
		size_t added = sink_list_done(c, j);

		j->res->count += added;
		c->rep->objects += added;
	} else {
		struct kube_resource *r = j->res;
		size_t added = kube_items_add(
		    c->a, c->inv, job_src(c, j), j->items, j->nitems,
		    j->list_api_version, j->list_kind, c->errs);
		r->count += added;
		c->rep->objects += added;
		if (j->wi == 0 && !j->ns) { /* namespaces: keep the names */
			c->ns_names = arena_calloc(c->a, j->nitems + 1,
						   sizeof(*c->ns_names));
			for (i = 0; i < j->nitems; i++) {
				const char *n = node_get_str(
				    node_get(j->items[i], "metadata"), "name");
				if (n)
					c->ns_names[c->nns++] = n;
			}
			c->ns_ok = true;
		}
	}
	free(j->items);
	j->items = NULL;
	j->nitems = j->alloc = 0;
	list_ended(c, j);
}

/* ---- kubelet configuration (nodes/proxy/configz) ------------------- */

#define KUBELET_API "kubelet.config.k8s.io/v1beta1"

/*
 * The answer of one kubelet, {"kubeletconfig": {...}}, as a
 * KubeletConfiguration named after its node.  A kubelet that cannot be
 * reached (the API server answers 5xx) or a denied proxy is a note, never
 * a failure: the other nodes still count.
 */
static void configz_done(struct client *c, struct job *j, struct req *r,
			 long status)
{
	struct kube_resource *res = &c->rep->res[NWANTED];
	const struct node *root, *kc;
	struct node *obj, *meta;
	struct diag d;
	size_t i;

	if (status != 200) {
		add_note(c,
			 "could not read the kubelet configuration of node %s "
			 "(HTTP %ld%s)",
			 j->group, status,
			 status == 403 ? ": nodes/proxy is not allowed" : "");
		return;
	}
	/* one odd kubelet does not stop the scan: no fail() here */
	root = load_tree(c->a, r->url, r->body.buf, r->body.len, NULL, &d);
	kc = node_get(root, "kubeletconfig");
	if (!kc || kc->type != NODE_OBJECT) {
		add_note(c, "node %s: the configz answer has no kubeletconfig",
			 j->group);
		return;
	}
	obj = copy_obj_at(c->a, kc, 3, 0, 0);
	meta = node_new_object(c->a, 0, 0, 1);
	put(c->a, meta, "name", str_node(c->a, j->group, 0, 0));
	put(c->a, obj, "apiVersion", str_node(c->a, KUBELET_API, 0, 0));
	put(c->a, obj, "kind", str_node(c->a, "KubeletConfiguration", 0, 0));
	put(c->a, obj, "metadata", meta);
	for (i = 0; i < node_len(kc); i++) {
		const struct node_member m = node_member_i(kc, i);
		if (!member_is(&m, "apiVersion") && !member_is(&m, "kind") &&
		    !member_is(&m, "metadata"))
			node_add(obj, m.key, m.val);
	}
	if (c->o->sink) {
		const struct kube_sink *sk = c->o->sink;
		const char *api, *kind;
		bool skip;

		if (inventory_admit(c->inv, j->path, obj, &api, &kind, &skip,
				    &d)) {
			diag_list_add(c->errs, &d);
			return;
		}
		if (skip)
			return;
		if (sk->add(sk->ctx, j->list, obj, api, kind, &d)) {
			sink_failed(c, &d);
			return;
		}
		sk->keep(sk->ctx, j->list);
	} else if (inventory_add(c->inv, j->path, obj, &d)) {
		diag_list_add(c->errs, &d);
		return;
	}
	res->count++;
	c->rep->objects++;
}

/* One configz job per Node collected so far. */
static void configz_all(struct client *c)
{
	size_t i, n = c->o->sink ? c->nnodes : inventory_size(c->inv);

	for (i = 0; i < n; i++) {
		const char *name;
		struct job *j;
		char *esc;

		if (c->o->sink) {
			name = c->node_names[i];
		} else {
			const struct kobj *o = inventory_object(c->inv, i);

			if (strcmp(o->kind, "Node") || *o->group)
				continue;
			name = o->name;
		}
		esc = curl_easy_escape(NULL, name, 0);
		if (!esc)
			oom();
		j = new_job(
		    c, JOB_CONFIGZ,
		    arena_printf(c->a, "/api/v1/nodes/%s/proxy/configz", esc));
		curl_free(esc);
		j->group = name;
		enqueue(c, j);
	}
}

/* Status of a finished request, logged and counted. */
static long response_status(struct client *c, struct req *r, CURLcode e)
{
	long status = 0, ver = 0;

	curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(r->h, CURLINFO_HTTP_VERSION, &ver);
	if (ver == CURL_HTTP_VERSION_2_0)
		c->rep->http2 = true;
	klog(c, KUBE_LOG_DEBUG, "GET %s %ld %lld ms%s", r->url, status,
	     now_ms() - r->start, e ? " (transport error)" : "");
	if (c->o->progress)
		c->o->progress(c->o->progress_ctx, c->rep->requests,
			       c->rep->objects);
	return status;
}

static void on_unauthorized(struct client *c, struct req *r)
{
	struct job *j = r->job;

	if (c->t->exec && !j->reauthed) {
		/* like client-go: a rejected plugin token is renewed once */
		j->reauthed = true;
		/* parallel requests share one renewal */
		if (!ensure_cred(c, r->gen == c->cred_gen))
			enqueue(c, j);
		return;
	}
	fail(c, DIAG_AUTH,
	     "the server rejected the credentials of %s: 401 "
	     "Unauthorized%s%s",
	     who(c), *status_msg(c, r) ? ": " : "", status_msg(c, r));
}

/*
 * The continue token of a paged list expired (410 Gone): the pages so far
 * may be from an older state, so the whole list starts again.
 */
static void restart_list(struct client *c, struct job *j)
{
	unsigned max = c->o->max_restarts ? c->o->max_restarts : 3;

	/* the continue token expired: the pages so far may be from an
	 * older state, so the whole list starts again */
	if (++j->restarts > max) {
		/* as client-go's pager: one full list, unpaged, is
		 * consistent by itself */
		j->full = true;
		klog(c, KUBE_LOG_DEBUG,
		     "list %s expired (410 Gone) %u times; reading it in one "
		     "unpaged request",
		     j->path, j->restarts);
	} else {
		klog(c, KUBE_LOG_DEBUG,
		     "list %s expired (410 Gone); restarting", j->path);
	}
	c->rep->restarts++;
	j->cont = NULL;
	j->nitems = 0;
	if (c->o->sink)
		sink_back(c, j, true);
	j->list_kind = NULL;
	j->attempt = 0;
	enqueue(c, j);
}

static bool retryable(long status)
{
	return status == 429 || status == 500 || status == 502 ||
	       status == 503 || status == 504;
}

/* Any status but 200. */
static void on_error_status(struct client *c, struct req *r, long status)
{
	struct job *j = r->job;
	const char *m;
	char why[64];

	if (status == 401) {
		on_unauthorized(c, r);
	} else if (retryable(status)) {
		fmt_snprintf(why, sizeof(why), "HTTP %ld", status);
		retry(c, j, r, why);
	} else if (j->type == JOB_LIST && status == 410 && j->cont) {
		restart_list(c, j);
	} else if (j->type == JOB_LIST && status == 403) {
		list_forbidden(c, j, status_msg(c, r));
		list_ended(c, j);
	} else if (status == 404 &&
		   (j->type == JOB_LIST || j->type == JOB_GROUP ||
		    j->type == JOB_VERSION)) {
		klog(c, KUBE_LOG_DEBUG, "%s is not served (404)", j->path);
		if (j->type == JOB_LIST)
			list_ended(c, j);
	} else if (status == 403 && j->type == JOB_GROUP) {
		/* a group that cannot be discovered is not visible */
		add_note(c,
			 "could not discover the resources of %s (403 "
			 "Forbidden)",
			 *j->group ? j->group : "the core API");
		if (!strcmp(j->group, KUBE_GATEKEEPER_CONSTRAINTS))
			inventory_forbid(c->inv, KUBE_GATEKEEPER_UNSEEN, NULL);
	} else if (status == 403 && j->type == JOB_VERSION) {
		add_note(c,
			 "could not read the server version (403 Forbidden)");
	} else {
		m = status_msg(c, r);
		fail(c, status == 403 ? DIAG_FORBIDDEN : DIAG_HTTP,
		     "GET %s: HTTP %ld%s%s", r->url, status, *m ? ": " : "", m);
	}
}

/* 200: a discovery document, or one page of a list. */
static void on_ok(struct client *c, struct req *r)
{
	struct job *j = r->job;
	const struct node *root;
	struct arena *page;

	if (j->type != JOB_LIST) {
		root = parse_body(c, r, c->a);
		if (root)
			on_discovery(c, j, root);
		return;
	}
	/* a page is parsed aside (as it arrived) and only its pruned items
	 * are kept, so managedFields and last-applied copies never pile up
	 * in memory */
	page = r->page ? r->page : arena_new();
	r->page = NULL;
	root = parse_body(c, r, page);
	if (root)
		list_page(c, j, root, r->items, r->nitems);
	arena_free(page);
}

static void on_done(struct client *c, struct req *r, CURLcode e)
{
	long status = response_status(c, r, e);

	if (e)
		transport_error(c, r, e);
	else if (r->job->type == JOB_CONFIGZ && status != 401)
		configz_done(c, r->job, r, status);
	else if (status == 200)
		on_ok(c, r);
	else
		on_error_status(c, r, status);
}

/* Take the first job that may start now; *wait gets ms until the next. */
static struct job *next_ready(struct client *c, long long *wait)
{
	struct job *j, *prev = NULL;
	long long now = now_ms();

	*wait = -1;
	for (j = c->qhead; j; prev = j, j = j->next) {
		if (j->not_before <= now) {
			if (prev)
				prev->next = j->next;
			else
				c->qhead = j->next;
			if (c->qtail == j)
				c->qtail = prev;
			j->next = NULL;
			return j;
		}
		if (*wait < 0 || j->not_before - now < *wait)
			*wait = j->not_before - now;
	}
	return NULL;
}

/* ms until the first queued job may start; -1 for an empty queue. */
static long long queue_wait(const struct client *c)
{
	long long now = now_ms(), w = -1;
	const struct job *j;

	for (j = c->qhead; j; j = j->next) {
		long long d = j->not_before > now ? j->not_before - now : 0;
		if (w < 0 || d < w)
			w = d;
	}
	return w;
}

static void run(struct client *c)
{
	unsigned par = c->o->parallel ? c->o->parallel : 8;
	unsigned i;

	/* parked lists wait for lists in the queue or in flight; should
	 * none be left, they go on rather than be lost */
	while (!c->rc && (c->qhead || c->inflight || unpark(c, true))) {
		long long wait = -1;
		CURLMsg *msg;
		int running, left;
		unsigned done;

		while (c->inflight < par) {
			struct job *j = next_ready(c, &wait);
			if (!j)
				break;
			for (i = 0; i < par && c->active[i]; i++)
				;
			if (start_job(c, j, i))
				break;
		}
		if (c->rc)
			break;
		curl_multi_perform(c->multi, &running);
		done = 0;
		while ((msg = curl_multi_info_read(c->multi, &left))) {
			struct req *r;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&r);
			on_done(c, r, msg->data.result);
			for (i = 0; i < par; i++)
				if (c->active[i] == r)
					c->active[i] = NULL;
			c->inflight--;
			free_req(c, r);
			done++;
			if (c->rc)
				break;
		}
		if (c->rc)
			break;
		if (done || (!c->inflight && !c->qhead))
			continue; /* new work may be ready, or none left */
		wait = queue_wait(c);
		if (wait == 0 && c->inflight >= par)
			wait = -1; /* ready, but no slot: wait for a transfer */
		curl_multi_poll(c->multi, NULL, 0,
				wait < 0 || wait > 1000 ? 1000 : (int)wait,
				NULL);
	}
	for (i = 0; i < par; i++) {
		if (c->active[i]) {
			free_req(c, c->active[i]);
			c->active[i] = NULL;
		}
	}
	c->inflight = 0;
}

static int setup_url(struct client *c)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *out = NULL, *path = NULL;
	int rc = 0;

	if (!u)
		oom();
	if (curl_url_set(u, CURLUPART_URL, c->t->server, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)) {
		rc = fail(c, DIAG_CONFIG, "server '%s' is not a valid URL",
			  c->t->server);
		goto out;
	}
	if (c->t->tls_server_name) {
		/* verify (and send SNI for) tls-server-name, connect to host */
		c->connect_to =
		    arena_printf(c->a, "%s:%s:%s:%s", c->t->tls_server_name,
				 port, host, port);
		curl_url_set(u, CURLUPART_HOST, c->t->tls_server_name, 0);
	}
	/* credentials in the URL would end up in logs: none are sent */
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &out, 0)) {
		rc = fail(c, DIAG_CONFIG, "server '%s' is not a valid URL",
			  c->t->server);
		goto out;
	}
	{
		size_t n = strlen(out);
		while (n && out[n - 1] == '/')
			n--;
		c->url_base = arena_strndup(c->a, out, n);
	}
out:
	curl_free(host);
	curl_free(port);
	curl_free(out);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

static void list_one(struct client *c, size_t i)
{
	struct kube_resource *r = &c->rep->res[i];
	const char *pre = res_prefix(c, r);

	if (r->namespaced && c->o->namespace)
		enqueue(c,
			new_list(c, r, i,
				 arena_printf(c->a, "%s/namespaces/%s/%s", pre,
					      c->o->namespace, r->resource),
				 NULL));
	else
		enqueue(c,
			new_list(c, r, i,
				 arena_printf(c->a, "%s/%s", pre, r->resource),
				 NULL));
}

static void list_all(struct client *c, bool namespaces_only)
{
	size_t i, round;

	for (round = 0; round < 3; round++)
		for (i = 0; i < c->rep->nres; i++) {
			const struct kube_resource *r = &c->rep->res[i];

			if (i != NWANTED && r->served &&
			    namespaces_only == (i == 0) &&
			    list_round(r) == round)
				list_one(c, i);
		}
}

int kube_collect(struct arena *a, struct inventory *inv,
		 const struct kube_opts *o, struct kube_report *rep,
		 struct diag_list *errs, struct diag *d)
{
	struct client c;
	struct job *j;
	unsigned par = o->parallel ? o->parallel : 8;
	size_t i;

	memset(&c, 0, sizeof(c));
	memset(rep, 0, sizeof(*rep));
	c.a = a;
	c.inv = inv;
	c.o = o;
	c.t = o->target;
	c.rep = rep;
	c.errs = errs;
	c.d = d;
	c.timeout_ms =
	    o->request_timeout_ms > 0 ? o->request_timeout_ms : 60000;
	rep->nres = NWANTED + 1;
	c.nres_alloc = NSLOTS;
	rep->res = arena_calloc(a, NSLOTS, sizeof(*rep->res));
	for (i = 0; i < NWANTED; i++) {
		rep->res[i].group = wanted[i].group;
		rep->res[i].resource = wanted[i].resource;
	}
	rep->res[NWANTED].group = "kubelet.config.k8s.io";
	rep->res[NWANTED].version = "v1beta1";
	rep->res[NWANTED].resource = "kubeletconfigurations";
	rep->res[NWANTED].kind = "KubeletConfiguration";
	if (setup_url(&c))
		return c.rc;
	if (c.t->insecure)
		klog(&c, KUBE_LOG_WARN,
		     "WARNING: insecure-skip-tls-verify is set for cluster "
		     "'%s': "
		     "the identity of %s is NOT verified, so anyone on the "
		     "network path can read the credentials sent and forge "
		     "every answer",
		     c.t->cluster_name ? c.t->cluster_name : "", c.t->server);
	if (ensure_cred(&c, false))
		return c.rc;
	c.multi = curl_multi_init();
	c.active = xmalloc(par * sizeof(*c.active));
	memset(c.active, 0, par * sizeof(*c.active));
	if (!c.multi)
		oom();
	curl_multi_setopt(c.multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	curl_multi_setopt(c.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)par);
	enqueue(&c, new_job(&c, JOB_VERSION, "/version"));
	enqueue(&c, new_job(&c, JOB_API, "/api"));
	enqueue(&c, new_job(&c, JOB_APIS, "/apis"));
	run(&c);
	if (!c.rc && !rep->res[0].served && !rep->res[1].served)
		fail(&c, DIAG_HTTP,
		     "the server %s offers no core v1 API (is it a Kubernetes "
		     "API server?)",
		     c.t->server);
	/* namespaces first: a forbidden all-namespaces list fans out */
	if (!c.rc && !o->namespace) {
		list_all(&c, true);
		run(&c);
	}
	if (!c.rc) {
		list_all(&c, false);
		if (o->namespace)
			list_all(&c, true);
		run(&c);
	}
	if (!c.rc && o->kubelet_config) {
		rep->res[NWANTED].served = true;
		configz_all(&c);
		run(&c);
	}
	for (j = c.all; j; j = j->all_next) {
		free(j->items);
		free(j->names);
		diag_list_release(&j->errs);
	}
	free(c.active);
	curl_multi_cleanup(c.multi);
	return c.rc;
}

bool kube_wanted(size_t i, const char **group, const char **resource,
		 bool *metadata_only)
{
	if (i >= NWANTED)
		return false;
	*group = wanted[i].group;
	*resource = wanted[i].resource;
	*metadata_only = wanted[i].metadata_only;
	return true;
}
