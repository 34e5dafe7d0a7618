/*
 * The live API client against tests/apiserver.py: credentials, discovery,
 * paged parallel lists, metadata-only secrets, every fault, and the real
 * kubectl against the same server.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "apiserver.h"
#include "arena.h"
#include "checks/registry.h"
#include "diag.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"
#include "load/prune.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"
#include "testutil.h"

#define CANARY	   "THREATMAP-CANARY-7f3c9a"
#define CANARY_B64 "VEhSRUFUTUFQLUNBTkFSWS03ZjNjOWE="

struct run {
	struct scan *s;
	struct kube_target t;
	struct kube_opts o;
	struct kube_report rep;
	struct diag d;
	int rc;
	struct sbuf log;
	double secs;
};

static void log_line(void *ctx, enum kube_log_level lvl, const char *msg)
{
	struct sbuf *sb = ctx;

	if (sbuf_addf(sb, "%s %s\n", lvl == KUBE_LOG_WARN ? "W" : "D", msg))
		abort();
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resolve kubeconfig kc (as --kubeconfig) and prepare the options. */
static int run_prepare(struct run *r, const char *kc, const char *context)
{
	struct kubeconfig_opts ko = { .kubeconfig = kc, .context = context };
	extern char **environ;

	memset(r, 0, sizeof(*r));
	sbuf_init(&r->log, 0);
	r->s = scan_new();
	r->rc = kubeconfig_load(r->s->arena, &ko, &r->t, &r->d);
	r->o.target = &r->t;
	r->o.request_timeout_ms = 10000;
	r->o.backoff_ms = 50;
	r->o.envp = (const char *const *)environ;
	r->o.log = log_line;
	r->o.log_ctx = &r->log;
	return r->rc;
}

static int run_collect(struct run *r)
{
	double t0 = mono();

	r->rc = kube_collect(r->s->arena, r->s->inv, &r->o, &r->rep,
			     &r->s->errors, &r->d);
	r->secs = mono() - t0;
	if (!r->rc)
		scan_finish_input(r->s);
	if (getenv("LIVE_DEBUG"))
		fprintf(stderr, "%s", r->log.buf);
	return r->rc;
}

static int run_live(struct run *r, const char *kc)
{
	if (run_prepare(r, kc, NULL))
		return r->rc;
	return run_collect(r);
}

static void run_free(struct run *r)
{
	sbuf_release(&r->log);
	scan_free(r->s);
}

static size_t kind_count(const struct scan *s, const char *kind)
{
	size_t n = 0, i;

	for (i = 0; i < inventory_size(s->inv); i++)
		n += !strcmp(inventory_object(s->inv, i)->kind, kind);
	return n;
}

static const struct kube_resource *res(const struct run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->rep.nres; i++)
		if (!strcmp(r->rep.res[i].resource, name))
			return &r->rep.res[i];
	return NULL;
}

/* Any string in the tree containing s. */
static bool tree_has(const struct node *n, const char *s)
{
	size_t i;

	if (!n)
		return false;
	if (n->type == NODE_STRING)
		return strstr(node_text(n), s) != NULL;
	if (n->type == NODE_ARRAY) {
		for (i = 0; i < node_len(n); i++)
			if (tree_has(node_at(n, i), s))
				return true;
	}
	if (n->type == NODE_OBJECT) {
		for (i = 0; i < node_len(n); i++)
			if (strstr(node_member_i(n, i).key, s) ||
			    tree_has(node_member_i(n, i).val, s))
				return true;
	}
	return false;
}

/* printf into a static buffer (one at a time). */
static const char *fmt(const char *f, ...)
    __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char buf[4][4096];
	static int k;
	va_list ap;

	k = (k + 1) % 4;
	va_start(ap, f);
	vsnprintf(buf[k], sizeof(buf[k]), f, ap);
	va_end(ap);
	return buf[k];
}

/* The cluster part of a kubeconfig for server s. */
static const char *cluster_ok(const struct srv *s)
{
	return fmt("\"server\":\"https://localhost:%d\","
		   "\"certificate-authority\":\"%s/ca.crt\"",
		   s->port, live_certs);
}

/* A kubeconfig in a fresh directory; returns its path. */
static const char *kubeconfig(const char *name, const char *cluster,
			      const char *user)
{
	static char path[600];

	snprintf(path, sizeof(path), "%s/kubeconfig.json",
		 live_dir(fmt("%s-kc", name)));
	write_kubeconfig(path, cluster, user);
	return path;
}

static void expect_full_cluster(const struct run *r)
{
	size_t i;

	ck_assert_msg(r->rc == 0, "collect failed: %s", r->d.msg);
	ck_assert_uint_eq(kind_count(r->s, "Pod"), 4);
	ck_assert_uint_eq(kind_count(r->s, "Namespace"), 4);
	ck_assert_uint_eq(kind_count(r->s, "ClusterRoleBinding"), 3);
	ck_assert_uint_eq(kind_count(r->s, "Secret"), 2);
	ck_assert_uint_eq(kind_count(r->s, "Deployment"), 1);
	ck_assert_uint_eq(kind_count(r->s, "ClusterPolicy"), 1);
	ck_assert_uint_eq(kind_count(r->s, "ValidatingWebhookConfiguration"),
			  1);
	ck_assert_uint_eq(kind_count(r->s, "LimitRange"), 1);
	ck_assert_uint_eq(kind_count(r->s, "ResourceQuota"), 1);
	ck_assert_uint_eq(kind_count(r->s, "PersistentVolume"), 1);
	ck_assert_uint_eq(kind_count(r->s, "PersistentVolumeClaim"), 1);
	ck_assert_uint_eq(kind_count(r->s, "StorageClass"), 1);
	ck_assert_uint_eq(inventory_forbidden_count(r->s->inv), 0);
	ck_assert_str_eq(r->rep.server_version, "v1.30.2-threatmap-test");
	for (i = 0; i < inventory_size(r->s->inv); i++) {
		const struct kobj *o = inventory_object(r->s->inv, i);
		/* list items get apiVersion and kind from their list */
		ck_assert_ptr_nonnull(node_get_str(o->root, "kind"));
		ck_assert_ptr_null(
		    node_path(o->root, "metadata.managedFields"));
		ck_assert_msg(!tree_has(o->root, CANARY_B64) &&
				  !tree_has(o->root, CANARY),
			      "canary in %s/%s", o->kind, o->name);
		ck_assert_msg(o->file[0] == '/', "file '%s'", o->file);
	}
	ck_assert_msg(r->s->errors.n == 0, "errors: %s",
		      r->s->errors.n ? r->s->errors.v[0].msg : "");
}

START_TEST(test_token_collects_everything)
{
	struct srv s;
	struct run r;
	const struct kobj *o;
	char *log;

	srv_start(&s, NULL);
	run_live(&r, kubeconfig("token", cluster_ok(&s),
				"\"token\":\"admin-token\""));
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	o = inventory_find(r.s->inv, "Pod", "web", "web-5d8f-0");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->api_version, "v1");
	ck_assert_str_eq(o->file, "/api/v1/namespaces/web/pods/web-5d8f-0");
	o = inventory_find(r.s->inv, "Deployment", "web", "web");
	ck_assert_str_eq(o->api_version, "apps/v1");
	ck_assert_ptr_null(
	    node_path(o->root, "metadata.annotations")
		? node_get(node_path(o->root, "metadata.annotations"),
			   "kubectl.kubernetes.io/last-applied-configuration")
		: NULL);
	ck_assert_ptr_nonnull(
	    node_get(node_path(o->root, "metadata.annotations"),
		     "deployment.kubernetes.io/revision"));
	/* a controller of another project that discovery lists, with its
	 * pod template (judged as a Deployment's) */
	o = inventory_find(r.s->inv, "Rollout", "payments", "storefront");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->api_version, "argoproj.io/v1alpha1");
	ck_assert_ptr_nonnull(node_path(o->root, "spec.template.spec."
						 "containers"));
	/* OpenKruise's StatefulSet beside the apps one of the same name,
	 * and a Knative Service: each under its own group */
	o = inventory_find(r.s->inv, "StatefulSet.apps.kruise.io", "payments",
			   "ledger");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->api_version, "apps.kruise.io/v1beta1");
	ck_assert_ptr_nonnull(node_path(o->root, "spec.template.spec."
						 "hostIPC"));
	o = inventory_find(r.s->inv, "StatefulSet", "payments", "ledger");
	ck_assert_str_eq(o->api_version, "apps/v1");
	o = inventory_find(r.s->inv, "Service.serving.knative.dev", "payments",
			   "quotes");
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_nonnull(node_path(o->root, "spec.template.spec."
						 "containers"));
	ck_assert_ptr_null(
	    inventory_find(r.s->inv, "Service", "payments", "quotes"));
	/* the client only ever sends GET, pages with limit=500, and asks
	 * for secrets as metadata only */
	ck_assert_uint_eq(count_str(log, "\"method\": \"GET\""),
			  count_str(log, "\"method\""));
	ck_assert_ptr_nonnull(strstr(log, "\"path\": \"/api/v1/pods\", "
					  "\"query\": \"limit=500\""));
	ck_assert_ptr_nonnull(strstr(
	    log, "\"path\": \"/api/v1/secrets\", \"query\": \"limit=500\", "
		 "\"accept\": \"application/json;as=PartialObjectMetadataList;"
		 "g=meta.k8s.io;v=v1\""));
	/* nothing outside the needed groups is asked for */
	ck_assert_ptr_null(strstr(log, "/api/v1/events"));
	free(log);
	/* -v lines name method, URL, status and time, never the token */
	ck_assert_ptr_nonnull(strstr(r.log.buf, "D GET https://localhost:"));
	ck_assert_ptr_nonnull(strstr(r.log.buf, "/api/v1/pods?limit=500 200 "));
	ck_assert_ptr_null(strstr(r.log.buf, "admin-token"));
	run_free(&r);
}
END_TEST

START_TEST(test_client_certificate)
{
	struct srv s;
	struct run r;
	char *log;

	srv_start(&s, NULL);
	run_live(&r, kubeconfig("cert", cluster_ok(&s),
				fmt("\"client-certificate\":\"%s/client.crt\","
				    "\"client-key\":\"%s/client.key\"",
				    live_certs, live_certs)));
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(strstr(log, "\"user\": \"cert-user\""));
	ck_assert_ptr_null(strstr(log, "Bearer"));
	free(log);
	run_free(&r);
}
END_TEST

/*
 * Lists are asked for controllers first: ReplicaSets and Jobs after every
 * other resource, Pods last.  One request at a time, every ReplicaSet is
 * in the inventory before the first Pod is copied, so the Pods' specs are
 * never built (none is held and emptied later).
 */
START_TEST(test_controllers_listed_first)
{
	struct srv s;
	struct run r;
	char *log, *pods, *rs, *deploy;
	size_t i;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"}}");
	prune_set_reads(check_reads);
	run_prepare(
	    &r,
	    kubeconfig("order", cluster_ok(&s), "\"token\":\"admin-token\""),
	    NULL);
	r.o.parallel = 1;
	run_collect(&r);
	prune_set_reads(NULL);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	pods = strstr(log, "\"path\": \"/api/v1/pods\"");
	rs = strstr(log, "\"path\": \"/apis/apps/v1/replicasets\"");
	deploy = strstr(log, "\"path\": \"/apis/apps/v1/deployments\"");
	ck_assert_ptr_nonnull(pods);
	ck_assert_ptr_nonnull(rs);
	ck_assert_ptr_nonnull(deploy);
	ck_assert(deploy < rs);
	ck_assert(rs < pods);
	ck_assert_ptr_null(strstr(pods + 1, "/apis/apps/v1/replicasets\""));
	ck_assert_uint_eq(inventory_deferred_released(r.s->inv), 0);
	for (i = 0; i < 2; i++) {
		const struct kobj *o = inventory_find(
		    r.s->inv, "Pod", "web", i ? "web-5d8f-1" : "web-5d8f-0");

		ck_assert_ptr_nonnull(o);
		ck_assert_ptr_nonnull(o->owner);
		ck_assert_ptr_null(node_get(o->root, "spec"));
		ck_assert_ptr_null(o->labels);
		/* read to find the owner, then dropped */
		ck_assert_ptr_null(
		    node_path(o->root, "metadata.ownerReferences"));
	}
	/* a Pod without a controller keeps its labels */
	ck_assert_str_eq(node_get_str(inventory_find(r.s->inv, "Pod",
						     "kube-system", "coredns-1")
					  ->labels,
				      "k8s-app"),
			 "kube-dns");
	free(log);
	run_free(&r);
}
END_TEST

/*
 * Pods one a page while the ReplicaSets' list is slow (and, with deny,
 * forbidden), the specs the inventory may hold for controllers not read
 * yet bounded by hold_max.
 */
static void hold_run(struct run *r, size_t hold_max, bool deny)
{
	struct srv s;

	srv_start(&s,
		  fmt("{\"tokens\":{\"admin-token\":\"admin\"},%s"
		      "\"faults\":[{\"path\":\"/apis/apps/v1/"
		      "replicasets\",\"type\":\"slow\",\"seconds\":1,"
		      "\"times\":1}]}",
		      deny ? "\"forbid\":{\"admin\":[\"replicasets\"]}," : ""));
	prune_set_reads(check_reads);
	run_prepare(
	    r, kubeconfig("hold", cluster_ok(&s), "\"token\":\"admin-token\""),
	    NULL);
	r->o.page_limit = 1;
	r->o.hold_max = hold_max;
	run_collect(r);
	prune_set_reads(NULL);
	srv_stop(&s);
	ck_assert_msg(r->rc == 0, "collect failed: %s", r->d.msg);
	ck_assert_uint_eq(kind_count(r->s, "Pod"), 4);
	ck_assert_uint_eq(kind_count(r->s, "Deployment"), 1);
	ck_assert_uint_eq(kind_count(r->s, "ReplicaSet"), deny ? 0 : 1);
	ck_assert_msg(r->s->errors.n == 0, "errors: %s",
		      r->s->errors.n ? r->s->errors.v[0].msg : "");
	/* each wait ended with the lists it waited for */
	ck_assert_msg(!strstr(r->log.buf, "never ended"),
		      "a list waited for lists that never ended");
}

/* The containers of Pod web/web-5d8f-N as the checks see them. */
static const struct node *web_pod_containers(const struct run *r, int n)
{
	const struct kobj *o = inventory_find(r->s->inv, "Pod", "web",
					      n ? "web-5d8f-1" : "web-5d8f-0");

	ck_assert_ptr_nonnull(o);
	return node_path(o->root, "spec.containers");
}

START_TEST(test_pods_wait_for_controllers)
{
	struct run r;

	/* never waiting: both Pods arrive before their ReplicaSet and keep
	 * their specs until its list ends */
	hold_run(&r, SIZE_MAX, false);
	ck_assert_uint_eq(r.rep.waits, 0);
	ck_assert_uint_eq(inventory_deferred_released(r.s->inv), 2);
	ck_assert_uint_eq(inventory_deferred_held(r.s->inv), 0);
	ck_assert_ptr_null(web_pod_containers(&r, 0));
	ck_assert_ptr_null(web_pod_containers(&r, 1));
	run_free(&r);

	/* a byte: the first Pod held, the list of Pods waits for the
	 * ReplicaSets; the second Pod is read after them, never held */
	hold_run(&r, 1, false);
	ck_assert_uint_ge(r.rep.waits, 1);
	ck_assert_msg(strstr(r.log.buf, "list /api/v1/pods waits for the "
					"lists of its controllers"),
		      "the wait of the Pods is not logged");
	ck_assert_uint_eq(inventory_deferred_released(r.s->inv), 1);
	ck_assert_ptr_null(web_pod_containers(&r, 0));
	ck_assert_ptr_null(web_pod_containers(&r, 1));
	run_free(&r);

	/* the ReplicaSets denied: the Pods go on when that list ends, and
	 * both keep their specs, no controller having come */
	hold_run(&r, 1, true);
	ck_assert_uint_ge(r.rep.waits, 1);
	ck_assert_uint_eq(inventory_deferred_released(r.s->inv), 0);
	ck_assert_ptr_nonnull(web_pod_containers(&r, 0));
	ck_assert_ptr_nonnull(web_pod_containers(&r, 1));
	ck_assert(res(&r, "replicasets")->forbidden);
	run_free(&r);
}
END_TEST

START_TEST(test_paging_and_parallel)
{
	struct srv s;
	struct run r;
	char *log, *mi;
	unsigned maxin;

	/* every page of these lists is slow; 8 in flight keep it short */
	srv_start(
	    &s,
	    "{\"tokens\":{\"admin-token\":\"admin\"},\"faults\":["
	    "{\"path\":\"/api/v1/"
	    "pods\",\"type\":\"slow\",\"seconds\":0.6,\"times\":9},"
	    "{\"path\":\"/api/v1/"
	    "services\",\"type\":\"slow\",\"seconds\":0.6,\"times\":9},"
	    "{\"path\":\"/api/v1/"
	    "configmaps\",\"type\":\"slow\",\"seconds\":0.6,\"times\":9},"
	    "{\"path\":\"/apis/apps/v1/"
	    "deployments\",\"type\":\"slow\",\"seconds\":0.6,\"times\":9}]}");
	run_prepare(
	    &r,
	    kubeconfig("paging", cluster_ok(&s), "\"token\":\"admin-token\""),
	    NULL);
	r.o.page_limit = 1;
	run_collect(&r);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	/* 4 pods one per page: 4 requests, continue tokens on 3 */
	ck_assert_uint_eq(count_str(log, "\"path\": \"/api/v1/pods\""), 4);
	ck_assert_uint_eq(count_str(log,
				    "\"path\": \"/api/v1/pods\", \"query\": "
				    "\"limit=1&continue="),
			  3);
	/* parallel, and never more than 8 at once */
	mi = strstr(log, "\"max_inflight\": ");
	ck_assert_ptr_nonnull(mi);
	ck_assert_int_eq(sscanf(mi, "\"max_inflight\": %u", &maxin), 1);
	ck_assert_uint_ge(maxin, 2);
	ck_assert_uint_le(maxin, 8);
	free(log);
	run_free(&r);
}
END_TEST

/* Nodes of n's tree (n included) for which is() holds. */
static size_t count_nodes(const struct node *n, bool (*is)(const struct node *))
{
	size_t i, k;

	if (!n)
		return 0;
	k = is(n);
	for (i = 0; i < node_count(n); i++)
		k += count_nodes(node_at(n, i), is);
	for (i = 0; i < node_member_count(n); i++)
		k += count_nodes(node_member_i(n, i).val, is);
	return k;
}

/* A line or a column: a position (in a list page, for a live object). */
static bool has_position(const struct node *n)
{
	return n->line || node_col(n);
}

/* Strings and numbers whose text is interned. */
static bool shared(const struct node *n)
{
	return node_text_is_shared(n);
}

/*
 * An object read from the API is located by its path: neither it nor any
 * of its nodes keeps a line or column of the list page it came in (a
 * page is one line of JSON, so those were a column thousands of bytes
 * into a response), which is what the JSON report's evidence showed.
 */
START_TEST(test_live_objects_unplaced)
{
	struct srv s;
	struct run r;
	size_t i, placed = 0;

	srv_start(&s, NULL);
	run_prepare(
	    &r,
	    kubeconfig("unplaced", cluster_ok(&s), "\"token\":\"admin-token\""),
	    NULL);
	r.o.page_limit = 2;
	run_collect(&r);
	srv_stop(&s);
	expect_full_cluster(&r);
	for (i = 0; i < inventory_size(r.s->inv); i++) {
		const struct kobj *o = inventory_object(r.s->inv, i);

		ck_assert_uint_eq(o->line, 0);
		ck_assert_ptr_nonnull(strstr(o->file, "/"));
		placed += count_nodes(o->root, has_position);
	}
	ck_assert_uint_eq(placed, 0);
	run_free(&r);
}
END_TEST

/*
 * An item made as a live page's copy makes it (apiVersion and kind
 * first, nothing to prune or blank) is filed as it is; any other is
 * copied, put in order, pruned, its Secret values blanked.
 */
START_TEST(test_live_item_filed_uncopied)
{
	static const char *const docs[] = {
		/* as copy_item() makes it */
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
		"{\"name\":\"a\",\"namespace\":\"x\"},\"spec\":{}}",
		/* kind first */
		"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
		"{\"name\":\"b\",\"namespace\":\"x\"}}",
		/* neither: the list's */
		"{\"metadata\":{\"name\":\"c\",\"namespace\":\"x\"}}",
		/* managedFields to drop */
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
		"{\"name\":\"d\",\"namespace\":\"x\",\"managedFields\":[]}}",
		/* a Secret's value to blank */
		"{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":"
		"{\"name\":\"e\",\"namespace\":\"x\"},\"data\":{\"k\":"
		"\"" CANARY_B64 "\"}}",
	};
	struct kube_list_src src = { .api_prefix = "/api/v1",
				     .resource = "pods",
				     .api_version = "v1",
				     .kind = "Pod" };
	struct scan *s = scan_new();
	const struct node *it[5];
	struct diag d;
	size_t i;

	for (i = 0; i < 5; i++) {
		it[i] = load_tree_for_test(s->arena, docs[i], &d);
		ck_assert_msg(it[i] != NULL, "%s", d.msg);
	}
	ck_assert_uint_eq(kube_items_add(s->arena, s->inv, &src, it, 5, NULL,
					 NULL, &s->errors),
			  5);
	for (i = 0; i < 5; i++) {
		const struct kobj *o = inventory_object(s->inv, i);
		ck_assert_msg((o->root == it[i]) == (i == 0), "item %zu", i);
		ck_assert_str_eq(node_member_i(o->root, 0).key, "apiVersion");
		ck_assert_str_eq(node_member_i(o->root, 1).key, "kind");
		ck_assert_ptr_null(
		    node_path(o->root, "metadata.managedFields"));
		ck_assert(!tree_has(o->root, CANARY_B64));
	}
	ck_assert_str_eq(
	    node_get_str(node_path(inventory_object(s->inv, 4)->root, "data"),
			 "k"),
	    "");
	scan_free(s);
}
END_TEST

START_TEST(test_namespace_narrows)
{
	struct srv s;
	struct run r;
	char *log;

	srv_start(&s, NULL);
	run_prepare(
	    &r, kubeconfig("ns", cluster_ok(&s), "\"token\":\"admin-token\""),
	    NULL);
	r.o.namespace = "web";
	run_collect(&r);
	log = srv_log(&s);
	srv_stop(&s);
	ck_assert_msg(r.rc == 0, "%s", r.d.msg);
	ck_assert_uint_eq(kind_count(r.s, "Pod"), 2);
	ck_assert_uint_eq(kind_count(r.s, "Secret"), 0);
	/* cluster-scoped RBAC is read whatever -n says */
	ck_assert_uint_eq(kind_count(r.s, "ClusterRoleBinding"), 3);
	ck_assert_uint_eq(kind_count(r.s, "Namespace"), 4);
	ck_assert_ptr_nonnull(strstr(log, "/api/v1/namespaces/web/pods"));
	ck_assert_ptr_null(strstr(log, "\"path\": \"/api/v1/pods\""));
	free(log);
	run_free(&r);
}
END_TEST

START_TEST(test_kubectl_same_server)
{
	struct srv s;
	const char *kc;
	char *out = NULL, cmd[1200];
	int rc;

	tu_need_tool("kubectl", "kubernetes-client");
	srv_start(&s, NULL);
	kc = kubeconfig("kubectl", cluster_ok(&s), "\"token\":\"admin-token\"");
	snprintf(cmd, sizeof(cmd),
		 "HOME='%s' timeout 60 kubectl --kubeconfig '%s' get pods -A "
		 "-o json 2>&1",
		 live_tmp, kc);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "kubectl get pods failed: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "\"kind\": \"List\""));
	ck_assert_uint_eq(count_str(out, "\"kind\": \"Pod\""), 4);
	ck_assert_ptr_nonnull(strstr(out, "\"name\": \"web-5d8f-0\""));
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "HOME='%s' timeout 60 kubectl --kubeconfig '%s' get "
		 "clusterrolebindings -o json 2>&1",
		 live_tmp, kc);
	rc = tu_run(cmd, &out);
	srv_stop(&s);
	ck_assert_msg(rc == 0, "kubectl get clusterrolebindings failed: %s",
		      out);
	ck_assert_uint_eq(count_str(out, "\"kind\": \"ClusterRoleBinding\""),
			  3);
	ck_assert_ptr_nonnull(strstr(out, "\"name\": \"ci-admin\""));
	free(out);
}
END_TEST

/* Start a server with faults, collect with the admin token. */
static void fault_run(struct run *r, struct srv *s, const char *faults,
		      const char *cluster, long timeout_ms, unsigned page)
{
	srv_start(s, fmt("{\"tokens\":{\"admin-token\":\"admin\"},"
			 "\"faults\":[%s]}",
			 faults));
	run_prepare(r,
		    kubeconfig("fault", cluster ? cluster : cluster_ok(s),
			       "\"token\":\"admin-token\""),
		    NULL);
	if (timeout_ms)
		r->o.request_timeout_ms = timeout_ms;
	r->o.page_limit = page;
	run_collect(r);
}

START_TEST(test_401_names_user_and_context)
{
	struct srv s;
	struct run r;

	srv_start(&s, NULL);
	run_live(&r, kubeconfig("401", cluster_ok(&s),
				"\"token\":\"wrong-secret-token\""));
	srv_stop(&s);
	ck_assert_int_eq(r.rc, DIAG_AUTH);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "user 'tester'"));
	ck_assert_ptr_nonnull(strstr(r.d.msg, "context 'test'"));
	ck_assert_ptr_nonnull(strstr(r.d.msg, "401"));
	ck_assert_ptr_null(strstr(r.d.msg, "wrong-secret-token"));
	ck_assert_ptr_null(strstr(r.log.buf, "wrong-secret-token"));
	run_free(&r);
}
END_TEST

START_TEST(test_403_is_a_coverage_gap)
{
	struct srv s;
	struct run r;
	size_t i;
	bool saw_payments = false;

	srv_start(&s, "{\"tokens\":{\"limited-token\":\"limited\"},"
		      "\"forbid\":{\"limited\":[\"secrets\",\"clusterroles\","
		      "\"roles@payments\"]}}");
	run_live(&r, kubeconfig("403", cluster_ok(&s),
				"\"token\":\"limited-token\""));
	srv_stop(&s);
	ck_assert_msg(r.rc == 0, "%s", r.d.msg);
	ck_assert_uint_eq(kind_count(r.s, "Secret"), 0);
	ck_assert_uint_eq(kind_count(r.s, "ClusterRole"), 0);
	ck_assert_uint_eq(kind_count(r.s, "Pod"), 4);
	/* denied in every namespace: not visible at all */
	ck_assert(!inventory_can_see(r.s->inv, "Secret", "web"));
	ck_assert(!inventory_can_see(r.s->inv, "ClusterRole", NULL));
	/* roles: the all-namespaces list is denied, each namespace is tried,
	 * only payments stays a gap */
	ck_assert(!inventory_can_see(r.s->inv, "Role", "payments"));
	ck_assert(inventory_can_see(r.s->inv, "Role", "web"));
	ck_assert(res(&r, "secrets")->forbidden);
	ck_assert(!res(&r, "roles")->forbidden);
	ck_assert_uint_eq(res(&r, "roles")->forbidden_ns, 1);
	for (i = 0; i < r.rep.nnotes; i++)
		saw_payments |=
		    strstr(r.rep.notes[i], "could not list roles in "
					   "namespace 'payments'") != NULL;
	ck_assert(saw_payments);
	/* denied in all four namespaces: one note, not four */
	ck_assert_uint_eq(count_str(r.log.buf, "could not list secrets"), 1);
	ck_assert_ptr_nonnull(strstr(r.log.buf,
				     "W could not list secrets in any "
				     "namespace (403 Forbidden)"));
	ck_assert_ptr_nonnull(
	    strstr(r.log.buf, "W could not list clusterroles"));
	run_free(&r);
}
END_TEST

START_TEST(test_410_restarts_list)
{
	struct srv s;
	struct run r;
	char *log;

	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/pods\",\"type\":\"gone\","
		  "\"times\":1}",
		  NULL, 0, 1);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r); /* 4 pods, not 5 */
	ck_assert_uint_eq(r.rep.restarts, 1);
	/* the restarted list begins again without a continue token */
	ck_assert_uint_eq(count_str(log, "\"path\": \"/api/v1/pods\", "
					 "\"query\": \"limit=1\""),
			  2);
	free(log);
	run_free(&r);

	/* tokens that keep expiring: one unpaged list, as client-go */
	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/pods\",\"type\":\"gone\","
		  "\"times\":50}",
		  NULL, 0, 1);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_uint_eq(r.rep.restarts, 4);
	ck_assert_uint_eq(
	    count_str(log, "\"path\": \"/api/v1/pods\", \"query\": \"\""), 1);
	free(log);
	run_free(&r);
}
END_TEST

START_TEST(test_429_honours_retry_after)
{
	struct srv s;
	struct run r;

	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/pods\",\"type\":\"429\","
		  "\"times\":2,\"retry_after\":1}",
		  NULL, 0, 0);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_uint_eq(r.rep.retries, 2);
	/* backoff in this test is 50 ms: only Retry-After explains 2 s */
	ck_assert_msg(r.secs >= 1.9, "took %.2f s", r.secs);
	ck_assert_ptr_nonnull(strstr(r.log.buf, "in 1000 ms (HTTP 429)"));
	run_free(&r);
}
END_TEST

START_TEST(test_429_retry_after_http_date)
{
	struct srv s;
	struct run r;

	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/pods\",\"type\":\"429\","
		  "\"times\":1,\"retry_after_date\":3}",
		  NULL, 0, 0);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_uint_eq(r.rep.retries, 1);
	/* the date is 3 s ahead, to the second: the wait is 2 to 3 s, far
	 * more than this test's 50 ms backoff */
	ck_assert_msg(r.secs >= 1.5, "took %.2f s", r.secs);
	ck_assert_ptr_nonnull(strstr(r.log.buf, "(HTTP 429)"));
	run_free(&r);
}
END_TEST

/* node's HTTP/2 front for the test server; false when node is absent. */
static bool h2_start(struct srv *h2, const struct srv *upstream)
{
	char port[16], line[32];
	int pfd[2];
	size_t got = 0;

	if (tu_run("node -e \"require('http2')\" >/dev/null 2>&1", NULL))
		return false;
	snprintf(port, sizeof(port), "%d", upstream->port);
	ck_assert_int_eq(pipe(pfd), 0);
	h2->pid = fork();
	ck_assert_int_ge(h2->pid, 0);
	if (h2->pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execlp("node", "node", "tests/h2proxy.js", live_certs, port,
		       (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (got < sizeof(line) - 1 && read(pfd[0], line + got, 1) == 1 &&
	       line[got] != '\n')
		got++;
	line[got] = '\0';
	close(pfd[0]);
	h2->port = atoi(line);
	ck_assert_msg(h2->port > 0, "h2proxy.js did not start");
	return true;
}

START_TEST(test_http2_when_offered)
{
	struct srv s, h2;
	struct run r;

	srv_start(&s, NULL);
	if (!h2_start(&h2, &s)) {
		srv_stop(&s);
		ck_abort_msg("node with its http2 module is needed to run "
			     "this test: install nodejs");
	}
	run_live(
	    &r, kubeconfig("h2", cluster_ok(&h2), "\"token\":\"admin-token\""));
	srv_stop(&h2);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_msg(r.rep.http2, "no response came over HTTP/2");
	run_free(&r);
}
END_TEST

START_TEST(test_5xx_retried_then_bounded)
{
	struct srv s;
	struct run r;

	fault_run(&r, &s,
		  "{\"path\":\"/apis/apps/v1/deployments\","
		  "\"type\":\"500\",\"times\":1}",
		  NULL, 0, 0);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_uint_eq(r.rep.retries, 1);
	run_free(&r);

	fault_run(&r, &s,
		  "{\"path\":\"/apis/apps/v1/deployments\","
		  "\"type\":\"503\",\"times\":100}",
		  NULL, 0, 0);
	srv_stop(&s);
	ck_assert_int_eq(r.rc, DIAG_HTTP);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "giving up"));
	ck_assert_ptr_nonnull(strstr(r.d.msg, "6 attempts"));
	ck_assert_ptr_nonnull(strstr(r.d.msg, "HTTP 503"));
	run_free(&r);
}
END_TEST

START_TEST(test_slow_server_times_out)
{
	struct srv s;
	struct run r;

	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/nodes\",\"type\":\"slow\","
		  "\"seconds\":8,\"times\":1}",
		  NULL, 2500, 0);
	srv_stop(&s);
	/* 2.5 s: other requests must not time out on a loaded machine */
	ck_assert_int_eq(r.rc, DIAG_NET);
	ck_assert_msg(strstr(r.d.msg, "/api/v1/nodes") != NULL, "%s", r.d.msg);
	ck_assert_msg(strstr(r.d.msg, "timed out after 2500 ms") != NULL, "%s",
		      r.d.msg);
	run_free(&r);
}
END_TEST

START_TEST(test_dropped_connection)
{
	struct srv s;
	struct run r;
	char *log;

	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/services\",\"type\":\"drop\","
		  "\"times\":2}",
		  NULL, 0, 0);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	/* asked again after each drop (by libcurl for a reused connection,
	 * else by the client's own retry) */
	ck_assert_uint_eq(count_str(log, "\"path\": \"/api/v1/services\""), 3);
	free(log);
	run_free(&r);

	fault_run(&r, &s,
		  "{\"path\":\"/api/v1/services\",\"type\":\"drop\","
		  "\"times\":100}",
		  NULL, 0, 0);
	srv_stop(&s);
	ck_assert_int_eq(r.rc, DIAG_NET);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "connection dropped"));
	run_free(&r);
}
END_TEST

START_TEST(test_tls_fails_closed)
{
	struct srv s;
	struct run r;
	char *log;

	srv_start(&s, NULL);
	/* a CA that did not sign the server's certificate */
	run_live(&r,
		 kubeconfig("wrongca",
			    fmt("\"server\":\"https://localhost:%d\","
				"\"certificate-authority\":\"%s/other-ca.crt\"",
				s.port, live_certs),
			    "\"token\":\"admin-token\""));
	ck_assert_int_eq(r.rc, DIAG_NET);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "TLS verification"));
	ck_assert_ptr_nonnull(
	    strstr(r.d.msg, fmt("https://localhost:%d", s.port)));
	run_free(&r);
	/* the right CA, but the certificate does not name 127.0.0.1 */
	run_live(&r, kubeconfig("wronghost",
				fmt("\"server\":\"https://127.0.0.1:%d\","
				    "\"certificate-authority\":\"%s/ca.crt\"",
				    s.port, live_certs),
				"\"token\":\"admin-token\""));
	ck_assert_int_eq(r.rc, DIAG_NET);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "TLS verification"));
	ck_assert_ptr_nonnull(strstr(r.d.msg, "127.0.0.1"));
	run_free(&r);
	/* the token never went to a server that failed verification */
	log = srv_log(&s);
	ck_assert_ptr_null(strstr(log, "admin-token"));
	free(log);
	/* tls-server-name makes the same address verify */
	run_live(&r, kubeconfig("tlsname",
				fmt("\"server\":\"https://127.0.0.1:%d\","
				    "\"certificate-authority\":\"%s/ca.crt\","
				    "\"tls-server-name\":\"apiserver.test\"",
				    s.port, live_certs),
				"\"token\":\"admin-token\""));
	expect_full_cluster(&r);
	run_free(&r);
	/* insecure-skip-tls-verify works, loudly */
	run_live(&r, kubeconfig("insecure",
				fmt("\"server\":\"https://127.0.0.1:%d\","
				    "\"insecure-skip-tls-verify\":true",
				    s.port),
				"\"token\":\"admin-token\""));
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(
	    strstr(r.log.buf, "W WARNING: insecure-skip-tls-verify"));
	run_free(&r);
}
END_TEST

/* The test plugin copied into a fresh directory and made executable. */
static const char *plugin_dir(const char *name)
{
	static char d[600];
	char cmd[1500];

	snprintf(d, sizeof(d), "%s", live_dir(name));
	snprintf(cmd, sizeof(cmd),
		 "cp testdata/live/exec-plugin.sh '%s/get-token' && "
		 "chmod 0755 '%s/get-token'",
		 d, d);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	return d;
}

/* The user part of a kubeconfig running the plugin in mode. */
static const char *exec_user(const char *dir, const char *api, const char *mode,
			     const char *extra)
{
	return fmt(
	    "\"exec\":{\"apiVersion\":\"client.authentication.k8s.io/%s\","
	    "\"command\":\"%s/get-token\",\"args\":[\"%s\"],"
	    "\"env\":[{\"name\":\"TEST_REGION\",\"value\":\"eu-1\"},"
	    "{\"name\":\"EXEC_STATE\",\"value\":\"%s\"},"
	    "{\"name\":\"CERT_DIR\",\"value\":\"%s\"},"
	    "{\"name\":\"API_VERSION\",\"value\":\"%s\"}]%s}",
	    api, dir, mode, dir, live_certs, api, extra);
}

static size_t plugin_runs(const char *dir)
{
	char path[700], *text;
	size_t n;

	snprintf(path, sizeof(path), "%s/runs", dir);
	text = tu_read_file(path, NULL);
	n = count_str(text, "run");
	free(text);
	return n;
}

static char *plugin_file(const char *dir, const char *name)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return tu_read_file(path, NULL);
}

START_TEST(test_exec_token_v1_and_v1beta1)
{
	static const char *const apis[] = { "v1", "v1beta1" };
	struct srv s;
	struct run r;
	const char *d;
	char *info, *region, *log;

	srv_start(&s, NULL);
	d = plugin_dir(apis[_i]);
	run_live(&r,
		 kubeconfig(
		     "exec",
		     fmt("%s,\"extensions\":[{\"name\":\"client.authentication."
			 "k8s.io/exec\",\"extension\":{\"audience\":\"lab\"}}]",
			 cluster_ok(&s)),
		     exec_user(d, apis[_i], "token",
			       ",\"interactiveMode\":\"Never\","
			       "\"provideClusterInfo\":true")));
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(strstr(log, "\"user\": \"admin\""));
	free(log);
	/* the token does not expire until 2999: one run for every request */
	ck_assert_uint_eq(plugin_runs(d), 1);
	info = plugin_file(d, "exec-info.json");
	region = plugin_file(d, "region");
	ck_assert_ptr_nonnull(strstr(info, fmt("\"apiVersion\":\"client."
					       "authentication.k8s.io/%s\"",
					       apis[_i])));
	ck_assert_ptr_nonnull(strstr(info, "\"interactive\":false"));
	ck_assert_ptr_nonnull(strstr(info, fmt("\"server\":\"https://"
					       "localhost:%d\"",
					       s.port)));
	ck_assert_ptr_nonnull(
	    strstr(info, "\"certificate-authority-data\":\""));
	ck_assert_ptr_nonnull(
	    strstr(info, "\"config\":{\"audience\":\"lab\"}"));
	ck_assert_str_eq(region, "eu-1\n");
	free(info);
	free(region);
	run_free(&r);
}
END_TEST

START_TEST(test_exec_cert_and_no_cluster_info)
{
	struct srv s;
	struct run r;
	const char *d;
	char *info, *log;

	srv_start(&s, NULL);
	d = plugin_dir("execcert");
	run_live(&r, kubeconfig("execcert", cluster_ok(&s),
				exec_user(d, "v1beta1", "cert", "")));
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(strstr(log, "\"user\": \"cert-user\""));
	free(log);
	/* provideClusterInfo unset: no cluster in the exec info */
	info = plugin_file(d, "exec-info.json");
	ck_assert_ptr_null(strstr(info, "\"cluster\""));
	free(info);
	run_free(&r);
}
END_TEST

START_TEST(test_exec_expiry_and_401_rerun)
{
	struct srv s;
	struct run r;
	const char *d;

	srv_start(&s, NULL);
	d = plugin_dir("expired");
	run_live(&r, kubeconfig("expired", cluster_ok(&s),
				exec_user(d, "v1beta1", "expired", "")));
	expect_full_cluster(&r);
	/* an expired credential is fetched again before each request */
	ck_assert_uint_gt(plugin_runs(d), 10);
	run_free(&r);

	d = plugin_dir("stale");
	run_live(&r, kubeconfig("stale", cluster_ok(&s),
				exec_user(d, "v1beta1", "stale-first", "")));
	srv_stop(&s);
	expect_full_cluster(&r);
	/* the first token is rejected with 401: the plugin runs once more */
	ck_assert_uint_eq(plugin_runs(d), 2);
	run_free(&r);
}
END_TEST

static const struct {
	const char *mode, *extra, *msg;
	int rc;
	bool runs;
	long timeout_ms; /* 0: far more than a plugin run takes */
} exec_failures[] = {
	{ .mode = "token",
	  .extra = ",\"interactiveMode\":\"Always\"",
	  .msg = "interactive terminal",
	  .rc = DIAG_CONFIG,
	  .runs = false },
	{ .mode = "fail",
	  .extra = "",
	  .msg = "login required for tenant x",
	  .rc = DIAG_AUTH,
	  .runs = true },
	{ .mode = "slow",
	  .extra = "",
	  .msg = "did not finish within 3000 ms",
	  .rc = DIAG_AUTH,
	  .runs = true,
	  .timeout_ms = 3000 },
	{ .mode = "wrong-kind",
	  .extra = "",
	  .msg = "expected ExecCredential",
	  .rc = DIAG_AUTH,
	  .runs = true },
};

START_TEST(test_exec_failures)
{
	struct srv s;
	struct run r;
	const char *d;

	srv_start(&s, NULL);
	d = plugin_dir("execfail");
	run_prepare(&r,
		    kubeconfig("execfail", cluster_ok(&s),
			       exec_user(d, "v1beta1", exec_failures[_i].mode,
					 exec_failures[_i].extra)),
		    NULL);
	/* a plugin that answers must not be mistaken for a slow one on a
	 * loaded machine; the slow one sleeps a minute */
	r.o.exec_timeout_ms =
	    exec_failures[_i].timeout_ms ? exec_failures[_i].timeout_ms : 60000;
	run_collect(&r);
	srv_stop(&s);
	ck_assert_int_eq(r.rc, exec_failures[_i].rc);
	ck_assert_msg(strstr(r.d.msg, exec_failures[_i].msg), "%s", r.d.msg);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "user 'tester'"));
	ck_assert_uint_eq(plugin_runs(d), exec_failures[_i].runs);
	run_free(&r);
}
END_TEST

START_TEST(test_exec_found_through_path)
{
	struct srv s;
	struct run r;
	const char *d;
	const char *env[3];
	char *log;

	srv_start(&s, NULL);
	d = plugin_dir("execpath");
	run_prepare(
	    &r,
	    kubeconfig(
		"execpath", cluster_ok(&s),
		fmt("\"exec\":{\"apiVersion\":\"client.authentication.k8s.io/"
		    "v1beta1\",\"command\":\"get-token\",\"args\":[\"token\"],"
		    "\"env\":[{\"name\":\"EXEC_STATE\",\"value\":\"%s\"},"
		    "{\"name\":\"API_VERSION\",\"value\":\"v1beta1\"}]}",
		    d)),
	    NULL);
	env[0] = fmt("PATH=/nonexistent:%s:/usr/bin:/bin", d);
	env[1] = "TEST_REGION=from-parent";
	env[2] = NULL;
	r.o.envp = env;
	run_collect(&r);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(strstr(log, "\"user\": \"admin\""));
	free(log);
	/* the caller's environment reaches the plugin */
	log = plugin_file(d, "region");
	ck_assert_str_eq(log, "from-parent\n");
	free(log);
	run_free(&r);
}
END_TEST

START_TEST(test_proxy_url)
{
	struct srv s, px;
	struct run r;
	char logp[700], *plog;

	srv_start(&s, NULL);
	snprintf(logp, sizeof(logp), "%s/connects", live_dir("proxy"));
	proxy_start(&px, logp);
	run_live(&r, kubeconfig("proxied",
				fmt("%s,\"proxy-url\":\"http://127.0.0.1:%d\"",
				    cluster_ok(&s), px.port),
				"\"token\":\"admin-token\""));
	srv_stop(&px);
	srv_stop(&s);
	expect_full_cluster(&r);
	plog = tu_read_file(logp, NULL);
	ck_assert_ptr_nonnull(plog);
	ck_assert_ptr_nonnull(strstr(plog, fmt("localhost:%d", s.port)));
	free(plog);
	run_free(&r);
}
END_TEST

START_TEST(test_yaml_kubeconfig_relative_files)
{
	struct srv s;
	struct run r;
	char d[600], cmd[4096], *log;

	srv_start(&s, NULL);
	snprintf(d, sizeof(d), "%s", live_dir("yamlkc"));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/pki' && cp '%s/ca.crt' '%s/client.crt' "
		 "'%s/client.key' '%s/pki/'",
		 d, live_certs, live_certs, live_certs, d);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	write_filef(fmt("%s/config.yaml", d),
		    "apiVersion: v1\n"
		    "kind: Config\n"
		    "current-context: other\n"
		    "contexts:\n"
		    "- name: other\n"
		    "  context: {cluster: nowhere, user: cert}\n"
		    "- name: lab\n"
		    "  context:\n"
		    "    cluster: lab\n"
		    "    user: cert\n"
		    "clusters:\n"
		    "- name: lab\n"
		    "  cluster:\n"
		    "    server: https://localhost:%d\n"
		    "    certificate-authority: pki/ca.crt\n"
		    "users:\n"
		    "- name: cert\n"
		    "  user:\n"
		    "    client-certificate: pki/client.crt\n"
		    "    client-key: pki/client.key\n",
		    s.port);
	run_prepare(&r, fmt("%s/config.yaml", d), "lab");
	run_collect(&r);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(strstr(log, "\"user\": \"cert-user\""));
	/* responses were offered gzip */
	ck_assert_ptr_nonnull(strstr(log, "\"encoding\": \"deflate, gzip"));
	free(log);
	run_free(&r);
}
END_TEST

START_TEST(test_in_cluster_service_account)
{
	struct srv s;
	struct run r;
	struct kubeconfig_opts ko = { 0 };
	char d[600], port[16], cmd[4096], *log;
	extern char **environ;

	srv_start(&s, "{\"tokens\":{\"sa-token\":\"system:serviceaccount:"
		      "threatmap:scanner\"}}");
	snprintf(d, sizeof(d), "%s", live_dir("incluster"));
	snprintf(cmd, sizeof(cmd),
		 "cp '%s/ca.crt' '%s/ca.crt' && "
		 "printf 'sa-token\\n' > '%s/token' && "
		 "printf threatmap > '%s/namespace'",
		 live_certs, d, d, d);
	ck_assert_int_eq(tu_run(cmd, NULL), 0);
	snprintf(port, sizeof(port), "%d", s.port);
	memset(&r, 0, sizeof(r));
	sbuf_init(&r.log, 0);
	r.s = scan_new();
	ko.home = "/nonexistent-home";
	ko.incluster_host = "localhost";
	ko.incluster_port = port;
	ko.incluster_dir = d;
	ck_assert_int_eq(kubeconfig_load(r.s->arena, &ko, &r.t, &r.d), 0);
	r.o.target = &r.t;
	r.o.envp = (const char *const *)environ;
	run_collect(&r);
	log = srv_log(&s);
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(
	    strstr(log, "system:serviceaccount:threatmap:scanner"));
	free(log);
	run_free(&r);
}
END_TEST

START_TEST(test_secret_values_dropped_when_server_sends_them)
{
	struct srv s;
	struct run r;
	const struct kobj *o;
	const struct node *data;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"},"
		      "\"no_partial\":true}");
	run_live(&r, kubeconfig("nopartial", cluster_ok(&s),
				"\"token\":\"admin-token\""));
	srv_stop(&s);
	/* the canary came over the wire this time; it must not be kept */
	expect_full_cluster(&r);
	o = inventory_find(r.s->inv, "Secret", "payments", "payments-db");
	ck_assert_ptr_nonnull(o);
	data = node_get(o->root, "data");
	ck_assert_ptr_nonnull(node_get(data, "password"));
	ck_assert_str_eq(node_get_str(data, "password"), "");
	run_free(&r);
}
END_TEST

/*
 * Under the declaration, the text of a pod spec is kept once across the
 * items of every list, as a file's is: with owned workloads kept whole,
 * the image of the Deployment, its ReplicaSet and its Pods is one copy.
 * Nothing outside pod specs is shared, and without the declaration (a
 * snapshot) nothing is.
 */
START_TEST(test_podspec_text_shared)
{
	static const char *const owners[] = { "Deployment", "ReplicaSet" };
	struct prune_read reads[128];
	struct srv s;
	struct run r;
	const struct node *img[4];
	size_t i, n = 0;

	/* keeping owned workloads whole, as without PRUNE_OWNED */
	for (i = 0; check_reads[i].member; i++)
		if (check_reads[i].place != PRUNE_OWNED &&
		    check_reads[i].place != PRUNE_OWNED_META)
			reads[n++] = check_reads[i];
	ck_assert_uint_lt(n, 128);
	reads[n] = check_reads[i];
	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"}}");
	prune_set_reads(reads);
	run_live(&r, kubeconfig("shared", cluster_ok(&s),
				"\"token\":\"admin-token\""));
	prune_set_reads(NULL);
	expect_full_cluster(&r);
	for (i = 0; i < 2; i++)
		img[i] = node_get(
		    node_at(node_path(inventory_find(r.s->inv, owners[i], "web",
						     i ? "web-5d8f" : "web")
					  ->root,
				      "spec.template.spec.containers"),
			    0),
		    "image");
	for (i = 0; i < 2; i++)
		img[2 + i] = node_get(
		    node_at(node_path(
				inventory_find(r.s->inv, "Pod", "web",
					       i ? "web-5d8f-1" : "web-5d8f-0")
				    ->root,
				"spec.containers"),
			    0),
		    "image");
	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(node_str(img[i]), "nginx:1.25");
		ck_assert(node_text_is_shared(img[i]));
		ck_assert_ptr_eq(node_str(img[i]), node_str(img[0]));
	}
	for (i = 0; i < inventory_size(r.s->inv); i++) {
		const struct kobj *o = inventory_object(r.s->inv, i);

		ck_assert_uint_eq(
		    count_nodes(node_get(o->root, "metadata"), shared), 0);
		ck_assert_uint_eq(
		    count_nodes(node_get(o->root, "data"), shared), 0);
	}
	run_free(&r);
	/*
	 * The whole declaration: the ReplicaSet and its Pods, whose
	 * controllers are listed too, keep their metadata only, whichever
	 * list came first; the Deployment keeps its template.
	 */
	prune_set_reads(check_reads);
	run_live(&r, kubeconfig("owned", cluster_ok(&s),
				"\"token\":\"admin-token\""));
	prune_set_reads(NULL);
	expect_full_cluster(&r);
	ck_assert_str_eq(
	    node_get_str(
		node_at(node_path(
			    inventory_find(r.s->inv, "Deployment", "web", "web")
				->root,
			    "spec.template.spec.containers"),
			0),
		"image"),
	    "nginx:1.25");
	{
		static const char *const kinds[] = { "ReplicaSet", "Pod",
						     "Pod" };
		static const char *const names[] = { "web-5d8f", "web-5d8f-0",
						     "web-5d8f-1" };

		for (i = 0; i < 3; i++) {
			const struct kobj *o =
			    inventory_find(r.s->inv, kinds[i], "web", names[i]);

			ck_assert_ptr_nonnull(o);
			ck_assert_ptr_nonnull(o->owner);
			ck_assert_uint_eq(
			    node_member_count(node_get(o->root, "spec")), 0);
			ck_assert_ptr_nonnull(
			    node_get(node_get(o->root, "metadata"), "uid"));
			/* nor its labels (the Deployment's template has them) */
			ck_assert_uint_eq(node_member_count(o->labels), 0);
		}
		ck_assert_str_eq(
		    node_get_str(
			node_path(
			    inventory_find(r.s->inv, "Deployment", "web", "web")
				->root,
			    "spec.template.metadata.labels"),
			"app"),
		    "web");
	}
	run_free(&r);
	/* no declaration: every string keeps its own copy */
	run_live(&r, kubeconfig("unshared", cluster_ok(&s),
				"\"token\":\"admin-token\""));
	srv_stop(&s);
	expect_full_cluster(&r);
	for (i = 0; i < inventory_size(r.s->inv); i++)
		ck_assert_uint_eq(
		    count_nodes(inventory_object(r.s->inv, i)->root, shared),
		    0);
	run_free(&r);
}
END_TEST

/* Run the binary with a clean environment; stdout+stderr in *out. */
static int bin(char **out, const char *args)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG -u KUBERNETES_SERVICE_HOST HOME='%s' "
		 "'%s' %s 2>&1",
		 live_tmp, tu_bin(), args);
	return tu_run(cmd, out);
}

START_TEST(test_binary_errors_and_timeouts)
{
	/* the three requests a scan begins with, each held for a minute */
	static const char hang_all[] =
	    "{\"tokens\":{\"admin-token\":\"admin\"},\"faults\":["
	    "{\"path\":\"/version\",\"type\":\"slow\",\"seconds\":60},"
	    "{\"path\":\"/api\",\"type\":\"slow\",\"seconds\":60},"
	    "{\"path\":\"/apis\",\"type\":\"slow\",\"seconds\":60}]}";
	struct srv s;
	const char *kc;
	char *out;
	int rc;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"}}");
	kc =
	    kubeconfig("binerr", cluster_ok(&s), "\"token\":\"bad-token-xyz\"");
	rc = bin(&out, fmt("scan --kubeconfig '%s' -v 1", kc));
	ck_assert_int_eq(rc, 3);
	ck_assert_ptr_nonnull(strstr(out, "401 Unauthorized"));
	ck_assert_ptr_nonnull(strstr(out, "user 'tester'"));
	ck_assert_ptr_null(strstr(out, "bad-token-xyz"));
	free(out);
	rc =
	    bin(&out, fmt("scan --kubeconfig '%s' --request-timeout soon", kc));
	srv_stop(&s);
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(out, "--request-timeout 'soon'"));
	free(out);
	/* nothing but the three held requests is asked, so no other
	 * request can be the one that times out, however loaded the
	 * machine is */
	srv_start(&s, hang_all);
	kc = kubeconfig("bintimeout", cluster_ok(&s),
			"\"token\":\"admin-token\"");
	rc = bin(&out, fmt("scan --kubeconfig '%s' --request-timeout 2s", kc));
	srv_stop(&s);
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	ck_assert_msg(strstr(out, "/version timed out after 2000 ms") ||
			  strstr(out, "/api timed out after 2000 ms") ||
			  strstr(out, "/apis timed out after 2000 ms"),
		      "%s", out);
	free(out);
}
END_TEST

START_TEST(test_binary_in_cluster)
{
	struct srv s;
	const char *dir;
	char cmd[4096], *out;
	int rc;

	srv_start(&s, NULL);
	dir = live_dir("incluster-bin");
	write_filef(fmt("%s/token", dir), "admin-token\n");
	write_filef(fmt("%s/namespace", dir), "default");
	ck_assert_int_eq(
	    tu_run(fmt("cp '%s/ca.crt' '%s/ca.crt'", live_certs, dir), NULL),
	    0);
	/* no kubeconfig anywhere: the pod's service-account files are used */
	snprintf(cmd, sizeof(cmd),
		 "env -u KUBECONFIG HOME='%s/nohome' "
		 "KUBERNETES_SERVICE_HOST=localhost "
		 "KUBERNETES_SERVICE_PORT=%d THREATMAP_INCLUSTER_DIR='%s' "
		 "'%s' scan --format json -v 1 2>&1",
		 live_tmp, s.port, dir, tu_bin());
	rc = tu_run(cmd, &out);
	srv_stop(&s);
	ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "in-cluster service account"));
	ck_assert_ptr_nonnull(strstr(out, "\"findings\""));
	ck_assert_ptr_null(strstr(out, "admin-token"));
	free(out);
}
END_TEST

START_TEST(test_binary_forbidden_is_not_visible)
{
	struct srv s;
	const char *kc;
	char *out;
	int rc;

	srv_start(&s, "{\"tokens\":{\"limited-token\":\"limited\"},"
		      "\"forbid\":{\"limited\":[\"clusterrolebindings\"]}}");
	kc = kubeconfig("binforbid", cluster_ok(&s),
			"\"token\":\"limited-token\"");
	rc = bin(&out, fmt("scan --kubeconfig '%s' --format json "
			   "--checks cluster-admin-binding",
			   kc));
	srv_stop(&s);
	/* the only finding-bearing check could not see its kind */
	ck_assert_msg(rc == 0, "exit %d: %s", rc, out);
	ck_assert_ptr_nonnull(
	    strstr(out, "could not list clusterrolebindings"));
	ck_assert_ptr_nonnull(strstr(out, "\"not-visible\""));
	free(out);
}
END_TEST

START_TEST(test_server_behind_a_path)
{
	struct srv s;
	struct run r;

	srv_start(&s, "{\"tokens\":{\"admin-token\":\"admin\"},"
		      "\"prefix\":\"/k8s/clusters/c-1\"}");
	run_live(&r, kubeconfig("prefix",
				fmt("\"server\":\"https://localhost:%d/k8s/"
				    "clusters/c-1/\",\"certificate-authority\":"
				    "\"%s/ca.crt\"",
				    s.port, live_certs),
				"\"token\":\"admin-token\""));
	srv_stop(&s);
	expect_full_cluster(&r);
	ck_assert_ptr_nonnull(
	    strstr(r.log.buf, "/k8s/clusters/c-1/api/v1/pods?"));
	run_free(&r);
}
END_TEST

Suite *suite_live(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("live");

	tcase_add_unchecked_fixture(tc, live_certs_setup, live_certs_teardown);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_token_collects_everything);
	tcase_add_test(tc, test_client_certificate);
	tcase_add_test(tc, test_paging_and_parallel);
	tcase_add_test(tc, test_controllers_listed_first);
	tcase_add_test(tc, test_pods_wait_for_controllers);
	tcase_add_test(tc, test_namespace_narrows);
	tcase_add_test(tc, test_live_objects_unplaced);
	tcase_add_test(tc, test_live_item_filed_uncopied);
	tcase_add_test(tc, test_kubectl_same_server);
	tcase_add_test(tc, test_401_names_user_and_context);
	tcase_add_test(tc, test_403_is_a_coverage_gap);
	tcase_add_test(tc, test_410_restarts_list);
	tcase_add_test(tc, test_429_honours_retry_after);
	tcase_add_test(tc, test_429_retry_after_http_date);
	tcase_add_test(tc, test_http2_when_offered);
	tcase_add_test(tc, test_5xx_retried_then_bounded);
	tcase_add_test(tc, test_slow_server_times_out);
	tcase_add_test(tc, test_dropped_connection);
	tcase_add_test(tc, test_tls_fails_closed);
	tcase_add_loop_test(tc, test_exec_token_v1_and_v1beta1, 0, 2);
	tcase_add_test(tc, test_exec_cert_and_no_cluster_info);
	tcase_add_test(tc, test_exec_expiry_and_401_rerun);
	tcase_add_loop_test(tc, test_exec_failures, 0,
			    sizeof(exec_failures) / sizeof(exec_failures[0]));
	tcase_add_test(tc, test_exec_found_through_path);
	tcase_add_test(tc, test_proxy_url);
	tcase_add_test(tc, test_yaml_kubeconfig_relative_files);
	tcase_add_test(tc, test_in_cluster_service_account);
	tcase_add_test(tc, test_secret_values_dropped_when_server_sends_them);
	tcase_add_test(tc, test_podspec_text_shared);
	tcase_add_test(tc, test_binary_errors_and_timeouts);
	tcase_add_test(tc, test_server_behind_a_path);
	tcase_add_test(tc, test_binary_forbidden_is_not_visible);
	tcase_add_test(tc, test_binary_in_cluster);
	suite_add_tcase(s, tc);
	return s;
}
