#include "analysis/sensitive.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "workload.h"

#define S(...)                                                                 \
	(const char *const[])                                                  \
	{                                                                      \
		__VA_ARGS__, NULL                                              \
	}
#define P(...)                                                                 \
	(const long[])                                                         \
	{                                                                      \
		__VA_ARGS__, 0                                                 \
	}
#define NONE_S                                                                 \
	(const char *const[])                                                  \
	{                                                                      \
		NULL                                                           \
	}
#define NONE_P                                                                 \
	(const long[])                                                         \
	{                                                                      \
		0                                                              \
	}

static const struct sensitive_if table[] = {
	{ "Kubernetes Dashboard", "the cluster API with the dashboard's token",
	  S("kubernetesui/dashboard*", "kubernetes-dashboard*"),
	  S("kubernetes-dashboard"), NONE_P, "kubernetes-dashboard" },
	{ "Jupyter notebook", "code execution in the notebook's pod",
	  S("jupyter/*", "jupyter*", "jupyterhub/*"),
	  S("jupyter", "jupyterhub", "jupyter-web-app"), NONE_P, NULL },
	{ "Kubeflow central dashboard", "notebooks and pipelines of every user",
	  S("kubeflow/centraldashboard*", "centraldashboard*"),
	  S("centraldashboard"), NONE_P, NULL },
	{ "Argo Workflows server", "workflow submission (pods of any image)",
	  S("argoproj/argocli"), S("argo-server"), NONE_P, NULL },
	{ "Argo CD server", "deployments to every managed cluster", NONE_S,
	  S("argocd-server"), NONE_P, NULL },
	{ "Weave Scope", "a shell in any container of the cluster",
	  S("weaveworks/scope"), S("weave-scope-app", "weave-scope"), NONE_P,
	  NULL },
	{ "Jenkins", "build jobs with the controller's credentials",
	  S("jenkins/jenkins", "jenkinsci/jenkins"), S("jenkins"), NONE_P,
	  NULL },
	{ "Grafana", "data sources and their credentials",
	  S("grafana/grafana*"), S("grafana"), NONE_P, NULL },
	{ "Prometheus", "every metric and target of the cluster",
	  S("prom/prometheus", "prometheus/prometheus"), S("prometheus"),
	  NONE_P, NULL },
	{ "Alertmanager", "silencing of every alert",
	  S("prom/alertmanager", "prometheus/alertmanager"), S("alertmanager"),
	  NONE_P, NULL },
	{ "Kibana", "the logs of the cluster",
	  S("kibana/kibana", "elastic/kibana"), S("kibana"), NONE_P, NULL },
	{ "Elasticsearch", "the stored data, often without authentication",
	  S("elasticsearch/elasticsearch", "elastic/elasticsearch"),
	  S("elasticsearch"), NONE_P, NULL },
	{ "Apache NiFi", "data flows that run commands", S("apache/nifi"),
	  S("nifi"), NONE_P, NULL },
	{ "Helm Tiller", "cluster-admin through Helm v2 releases",
	  S("kubernetes-helm/tiller", "helm/tiller"), S("tiller"), P(44134),
	  NULL },
	{ "etcd", "every object of the cluster, Secrets included",
	  S("etcd", "coreos/etcd", "etcd-amd64", "etcd-arm64", "etcd-arm",
	    "etcd-ppc64le", "etcd-s390x"),
	  S("etcd"), P(2379, 2380), NULL },
	{ "kubelet API", "exec into the node's pods", NONE_S, NONE_S,
	  P(10250, 10255), NULL },
	{ "Docker API", "root on the node", S("library/docker", "docker"),
	  NONE_S, P(2375, 2376), NULL },
	{ "Ollama model server", "unauthenticated model and prompt access",
	  S("ollama/ollama"), S("ollama"), P(11434), NULL },
	{ "vLLM model server", "unauthenticated model and prompt access",
	  S("vllm/vllm-openai*", "vllm/vllm*"), S("vllm"), NONE_P, NULL },
	{ "Ray dashboard and Jobs API",
	  "job submission that runs any code on the Ray cluster, without "
	  "authentication",
	  S("rayproject/ray*"), NONE_S, P(8265), NULL },
	{ "MLflow tracking server",
	  "experiments, models and artifacts, without authentication by "
	  "default",
	  S("mlflow/mlflow", "bitnami/mlflow"), S("mlflow"), NONE_P, NULL },
};

const struct sensitive_if *sensitive_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

void sensitive_image_repo(const char *image, char *repo, size_t n)
{
	const char *slash = strchr(image, '/');
	const char *p = image, *last, *q;
	size_t len;

	if (slash && (memchr(image, '.', (size_t)(slash - image)) ||
		      memchr(image, ':', (size_t)(slash - image)) ||
		      !strncmp(image, "localhost/", 10)))
		p = slash + 1;
	len = strcspn(p, "@");
	last = p;
	for (q = p; q < p + len; q++)
		if (*q == '/')
			last = q + 1;
	q = memchr(last, ':', (size_t)(p + len - last));
	if (q)
		len = (size_t)(q - p);
	fmt_snprintf(repo, n, "%.*s", (int)len, p);
}

bool sensitive_image_matches(const char *repo, const char *pattern)
{
	size_t pl = strlen(pattern);
	bool prefix = pl && pattern[pl - 1] == '*';
	size_t plen = prefix ? pl - 1 : pl, last = plen, lastlen;
	const char *r = repo + strlen(repo);

	while (last && pattern[last - 1] != '/')
		last--; /* start of the pattern's last component */
	while (r > repo && r[-1] != '/')
		r--; /* start of the repository's last component */
	lastlen = plen - last;
	if (strncmp(r, pattern + last, lastlen) != 0 ||
	    (!prefix && strlen(r) != lastlen))
		return false;
	if (!last)
		return true;
	/* the components before it end with the pattern's head */
	if ((size_t)(r - repo) < last || strncmp(r - last, pattern, last) != 0)
		return false;
	return r - last == repo || r[-(ptrdiff_t)last - 1] == '/';
}

/*
 * An image pattern taken apart as sensitive_image_matches() does it: the
 * bytes before its last component, the length of that component (without
 * a trailing '*'), whether it ends with '*'.  any_candidate() tries every
 * pattern on every container; the table's patterns are taken apart once,
 * and a repository's last component once per container.
 */
struct image_pat {
	const char *pattern;
	size_t last, lastlen;
	bool prefix;
};

#define IMAGE_PATS_MAX 128

static struct image_pat image_pats[IMAGE_PATS_MAX];
static size_t n_image_pats;
static bool image_pats_all; /* every pattern of the table is in image_pats */
static pthread_once_t image_pats_once = PTHREAD_ONCE_INIT;

static void image_pats_init(void)
{
	const char *const *pat;
	size_t i;

	image_pats_all = true;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (pat = table[i].images; *pat; pat++) {
			struct image_pat *ip = &image_pats[n_image_pats];
			size_t pl = strlen(*pat), plen, last;

			if (n_image_pats == IMAGE_PATS_MAX) {
				image_pats_all = false;
				return;
			}
			ip->pattern = *pat;
			ip->prefix = pl && (*pat)[pl - 1] == '*';
			plen = ip->prefix ? pl - 1 : pl;
			for (last = plen; last && (*pat)[last - 1] != '/';)
				last--;
			ip->last = last;
			ip->lastlen = plen - last;
			n_image_pats++;
		}
}

/*
 * sensitive_image_matches(repo, ip->pattern), given r, the start of the
 * repository's last component, and rlen, its length.
 */
static bool image_pat_matches(const struct image_pat *ip, const char *repo,
			      const char *r, size_t rlen)
{
	const char *head = ip->pattern;

	if (ip->prefix ? rlen < ip->lastlen : rlen != ip->lastlen)
		return false;
	if (memcmp(r, head + ip->last, ip->lastlen) != 0)
		return false;
	if (!ip->last)
		return true;
	if ((size_t)(r - repo) < ip->last ||
	    memcmp(r - ip->last, head, ip->last) != 0)
		return false;
	return r - ip->last == repo || r[-(ptrdiff_t)ip->last - 1] == '/';
}

/* Some image pattern of the table matches repo. */
static bool any_image_matches(const char *repo)
{
	const size_t n = sizeof(table) / sizeof(table[0]);
	const char *r = repo + strlen(repo);
	const char *const *pat;
	size_t i, rlen = 0;

	pthread_once(&image_pats_once, image_pats_init);
	if (!image_pats_all) {
		for (i = 0; i < n; i++)
			for (pat = table[i].images; *pat; pat++)
				if (sensitive_image_matches(repo, *pat))
					return true;
		return false;
	}
	while (r > repo && r[-1] != '/') {
		r--; /* start of the repository's last component */
		rlen++;
	}
	for (i = 0; i < n_image_pats; i++)
		if (image_pat_matches(&image_pats[i], repo, r, rlen))
			return true;
	return false;
}

static bool in_list(const char *const *l, const char *v)
{
	for (; v && *l; l++)
		if (!strcmp(*l, v))
			return true;
	return false;
}

static bool match_label(const struct pod_view *pv, const struct sensitive_if *s,
			struct sensitive_match *m)
{
	static const char *const keys[] = { "app.kubernetes.io/name", "app",
					    "k8s-app" };
	const struct node *labels = node_get(pv->meta, "labels");
	size_t k;

	for (k = 0; k < 3; k++) {
		const struct node *v = node_get(labels, keys[k]);
		if (!in_list(s->labels, node_str(v)))
			continue;
		m->at = v;
		wl_meta_path(pv, "labels", m->path, sizeof(m->path));
		fmt_snprintf(m->path + strlen(m->path),
			     sizeof(m->path) - strlen(m->path), ".%s", keys[k]);
		fmt_snprintf(m->why, sizeof(m->why), "label %s=%s", keys[k],
			     node_str(v));
		return true;
	}
	return false;
}

static bool match_container(const struct wl_iter *it,
			    const struct sensitive_if *s,
			    struct sensitive_match *m)
{
	const struct node *img = node_get(it->c, "image");
	const struct node *ps = node_get(it->c, "ports");
	const char *const *pat;
	const long *p;
	char repo[512];
	size_t j;

	if (node_str(img)) {
		sensitive_image_repo(node_str(img), repo, sizeof(repo));
		for (pat = s->images; *pat; pat++) {
			if (!sensitive_image_matches(repo, *pat))
				continue;
			m->at = img;
			fmt_snprintf(m->path, sizeof(m->path), "%s.image",
				     it->path);
			fmt_snprintf(m->why, sizeof(m->why), "image %s",
				     node_str(img));
			return true;
		}
	}
	for (j = 0; j < node_count(ps); j++) {
		const struct node *cp =
		    node_get(node_at(ps, j), "containerPort");
		long long v;
		if (!node_int(cp, &v))
			continue;
		for (p = s->ports; *p; p++) {
			if (*p != v)
				continue;
			m->at = cp;
			fmt_snprintf(m->path, sizeof(m->path),
				     "%s.ports[%zu].containerPort", it->path,
				     j);
			fmt_snprintf(m->why, sizeof(m->why),
				     "container port %lld", v);
			return true;
		}
	}
	return false;
}

/*
 * Whether any interface of the table could match pv: an image or a
 * container port of a container, or a label, names one.  Each container's
 * repository is worked out once here, so the common pod that runs none
 * costs one pass; sensitive_find() then looks for the first match in
 * table order.
 */
static bool any_candidate(const struct pod_view *pv)
{
	static const char *const keys[] = { "app.kubernetes.io/name", "app",
					    "k8s-app" };
	const struct node *labels = node_get(pv->meta, "labels");
	const size_t n = sizeof(table) / sizeof(table[0]);
	struct wl_iter it;
	size_t i, j, k;

	for (k = 0; k < 3; k++) {
		const char *v = node_str(node_get(labels, keys[k]));
		for (i = 0; v && i < n; i++)
			if (in_list(table[i].labels, v))
				return true;
	}
	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		const char *img = node_str(node_get(it.c, "image"));
		const struct node *ps = node_get(it.c, "ports");
		char repo[512];

		if (!wl_runs_with_pod(&it))
			continue;
		if (img) {
			sensitive_image_repo(img, repo, sizeof(repo));
			if (any_image_matches(repo))
				return true;
		}
		for (j = 0; j < node_count(ps); j++) {
			long long v;
			const long *p;

			if (!node_int(node_get(node_at(ps, j), "containerPort"),
				      &v))
				continue;
			for (i = 0; i < n; i++)
				for (p = table[i].ports; *p; p++)
					if (*p == v)
						return true;
		}
	}
	return false;
}

bool sensitive_find(const struct pod_view *pv, struct sensitive_match *m)
{
	size_t i;

	m->iface = NULL;
	m->at = NULL;
	m->path[0] = m->why[0] = '\0';
	if (!any_candidate(pv))
		return false;
	memset(m, 0, sizeof(*m));
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct wl_iter it;

		m->iface = &table[i];
		wl_iter_init(&it, pv);
		while (wl_next(&it))
			if (wl_runs_with_pod(&it) &&
			    match_container(&it, &table[i], m))
				return true;
		if (match_label(pv, &table[i], m))
			return true;
	}
	m->iface = NULL;
	return false;
}
