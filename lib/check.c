/*
 * check.c - what the check table's fields mean to the scan: the kinds behind
 * each need bit, and lookups over any table.
 */
#include "check.h"

#include <string.h>

static const char *const kinds_workloads[] = {
	"Pod",
	"Deployment",
	"StatefulSet",
	"DaemonSet",
	"ReplicaSet",
	"ReplicationController",
	"Job",
	"CronJob",
	"DeploymentConfig",
	"Rollout",
	"CloneSet",
	"StatefulSet.apps.kruise.io",
	"DaemonSet.apps.kruise.io",
	"BroadcastJob",
	"Service.serving.knative.dev",
	"Configuration",
	"Revision",
	NULL,
};
static const char *const kinds_services[] = { "Service", NULL };
/* Contour's HTTPProxy: an Ingress of its own, optional (a CRD) */
static const char *const kinds_ingresses[] = { "Ingress", "HTTPProxy", NULL };
static const char *const kinds_netpol[] = { "NetworkPolicy", NULL };
static const char *const kinds_sa[] = { "ServiceAccount", NULL };
static const char *const kinds_rbac[] = {
	"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", NULL,
};
static const char *const kinds_namespaces[] = { "Namespace", NULL };
static const char *const kinds_nodes[] = { "Node", NULL };
static const char *const kinds_webhooks[] = {
	"MutatingWebhookConfiguration",
	"ValidatingWebhookConfiguration",
	NULL,
};
static const char *const kinds_configmaps[] = { "ConfigMap", NULL };
static const char *const kinds_secrets[] = { "Secret", NULL };
static const char *const kinds_admission[] = {
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionPolicyBinding",
	"ClusterPolicy",
	"Policy",
	"ConstraintTemplate",
	NULL,
};
static const char *const kinds_resource_policy[] = {
	"LimitRange",
	"ResourceQuota",
	NULL,
};
static const char *const kinds_storage[] = {
	"PersistentVolume",
	"StorageClass",
	NULL,
};
static const char *const kinds_gateway_routes[] = {
	"HTTPRoute",   "GRPCRoute",    "Gateway",
	"ListenerSet", "XListenerSet", NULL,
};
static const char *const kinds_endpoints[] = {
	"Endpoints",
	"EndpointSlice",
	NULL,
};
static const char *const kinds_none[] = { NULL };

bool need_kind_optional(const char *kind)
{
	static const char *const optional[] = {
		"DeploymentConfig",
		"Rollout",
		"CloneSet",
		"StatefulSet.apps.kruise.io",
		"DaemonSet.apps.kruise.io",
		"BroadcastJob",
		"Service.serving.knative.dev",
		"Configuration",
		"Revision",
		"HTTPProxy",
	};
	size_t i;

	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (!strcmp(kind, optional[i]))
			return true;
	return false;
}

const char *const *need_kinds(unsigned need_bit)
{
	switch (need_bit) {
	case NEED_WORKLOADS: return kinds_workloads;
	case NEED_SERVICES: return kinds_services;
	case NEED_INGRESSES: return kinds_ingresses;
	case NEED_NETPOL: return kinds_netpol;
	case NEED_SERVICEACCOUNTS: return kinds_sa;
	case NEED_RBAC: return kinds_rbac;
	case NEED_NAMESPACES: return kinds_namespaces;
	case NEED_NODES: return kinds_nodes;
	case NEED_WEBHOOKS: return kinds_webhooks;
	case NEED_CONFIGMAPS: return kinds_configmaps;
	case NEED_SECRETS: return kinds_secrets;
	case NEED_ADMISSION: return kinds_admission;
	case NEED_RESOURCE_POLICY: return kinds_resource_policy;
	case NEED_STORAGE: return kinds_storage;
	case NEED_GATEWAY_ROUTES: return kinds_gateway_routes;
	case NEED_ENDPOINTS: return kinds_endpoints;
	}
	return kinds_none;
}

const char *need_name(unsigned need_bit)
{
	switch (need_bit) {
	case NEED_WORKLOADS: return "workloads";
	case NEED_SERVICES: return "Services";
	case NEED_INGRESSES: return "Ingresses";
	case NEED_NETPOL: return "NetworkPolicies";
	case NEED_SERVICEACCOUNTS: return "service accounts";
	case NEED_RBAC: return "RBAC";
	case NEED_NAMESPACES: return "Namespaces";
	case NEED_NODES: return "Nodes";
	case NEED_WEBHOOKS: return "admission webhooks";
	case NEED_CONFIGMAPS: return "ConfigMaps";
	case NEED_SECRETS: return "Secrets";
	case NEED_ADMISSION: return "admission policies";
	case NEED_RESOURCE_POLICY: return "LimitRanges and ResourceQuotas";
	case NEED_STORAGE: return "PersistentVolumes and StorageClasses";
	case NEED_GATEWAY_ROUTES: return "Gateway API routes and listeners";
	case NEED_ENDPOINTS: return "Endpoints and EndpointSlices";
	}
	return "?";
}

const struct check *check_table_find(const struct check *const *table,
				     const char *id)
{
	for (; *table; table++)
		if (!strcmp((*table)->id, id))
			return *table;
	return NULL;
}

size_t check_table_count(const struct check *const *table)
{
	size_t n = 0;

	while (table[n])
		n++;
	return n;
}
