/*
 * sensitive.h - admin UIs and APIs that must not face the outside.
 *
 * A table of interfaces (Kubernetes Dashboard, Jupyter and Kubeflow
 * notebooks, Argo Workflows and Argo CD servers, Weave Scope, Jenkins,
 * Grafana, Prometheus, Alertmanager, Kibana, Elasticsearch, NiFi, Tiller,
 * etcd, the kubelet API, the Docker API, model servers such as Ollama and
 * vLLM, the Ray dashboard, MLflow), each recognised by image repository,
 * container port or the app.kubernetes.io/name, app or k8s-app label of
 * the pod template.
 *
 * Image patterns compare whole path components of the repository, without
 * registry host, tag or digest, from the right: "grafana/grafana" matches
 * "docker.io/grafana/grafana:10" but "prometheus/prometheus" does not match
 * "prometheus-operator/prometheus-config-reloader"; a final '*' matches a
 * component prefix ("jupyter*" matches "kubeflownotebookswg/jupyter-scipy").
 * Ports are only listed where the number alone names the interface (2379
 * etcd, 10250 kubelet, 2375 Docker, 44134 Tiller, 11434 Ollama, 8265
 * the Ray dashboard).
 *
 * Pure functions over the tree; thread safe.
 */
#ifndef THREATMAP_SENSITIVE_H
#define THREATMAP_SENSITIVE_H

#include <stdbool.h>
#include <stddef.h>

struct node;
struct pod_view;

struct sensitive_if {
	const char *name;	   /* "Grafana" */
	const char *what;	   /* what an attacker gets */
	const char *const *images; /* patterns, NULL-terminated */
	const char *const *labels; /* label values, NULL-terminated */
	const long *ports;	   /* 0-terminated */
	const char *own_check;	   /* a check of its own, or NULL */
};

/* Why pv was recognised: the node (image, port or label) and its path. */
struct sensitive_match {
	const struct sensitive_if *iface;
	const struct node *at;
	char path[320];
	char why[160]; /* "image grafana/grafana:10.2" */
};

/* The first interface of the table pv runs, in *m; false when none. */
bool sensitive_find(const struct pod_view *pv, struct sensitive_match *m);

/* The table, and its length. */
const struct sensitive_if *sensitive_table(size_t *n);

/* Repository of image without host, tag and digest, into repo (size n). */
void sensitive_image_repo(const char *image, char *repo, size_t n);

/* Repository repo matches pattern (see above). */
bool sensitive_image_matches(const char *repo, const char *pattern);

#endif
