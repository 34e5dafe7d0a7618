/*
 * cloud-credentials-mounted: static cloud credential files given to pods
 * from Secrets, ConfigMaps or projected volumes (AWS shared credentials,
 * Azure service principals, Google service-account keys), found by where
 * they are mounted and by the SDK variables that name them.  The same
 * files mounted from the node through hostPath (/etc/kubernetes/azure.json,
 * /root/.aws, ...) are reported by sensitive-hostpath, once.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9026", "MS-TA9020", NULL };
static const char *const attack[] = { "T1552.001", "T1078.004", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Mount%20service%20principal/",
	"https://docs.aws.amazon.com/eks/latest/userguide/"
	"iam-roles-for-service-accounts.html",
	"https://cloud.google.com/kubernetes-engine/docs/how-to/"
	"workload-identity",
	"https://learn.microsoft.com/azure/aks/workload-identity-overview",
	NULL,
};

const struct check check_cloud_credentials_mounted = {
	.id = "cloud-credentials-mounted",
	.title = "Static cloud credentials mounted into a pod",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A cloud credential file in a pod (an AWS shared credentials "
	    "file, an Azure service principal such as azure.json, a Google "
	    "service-account key) is a long-lived key to the cloud account: "
	    "anyone who runs code in the container can copy it and use it "
	    "from anywhere, with no expiry (Mount service principal, "
	    "MS-TA9026, T1552.001; the cloud access that follows, "
	    "MS-TA9020, is judged in the cloud account).  Found by the mount "
	    "path (~/.aws, ~/.azure, ~/.config/gcloud, "
	    "/etc/kubernetes/azure.json or cloud.conf, "
	    "application_default_credentials.json) of a Secret, ConfigMap "
	    "or projected volume, and by GOOGLE_APPLICATION_CREDENTIALS, "
	    "AWS_SHARED_CREDENTIALS_FILE and AZURE_AUTH_LOCATION.  High for "
	    "the cluster's own cloud-provider configuration "
	    "(azure.json, cloud.conf), which usually holds a service "
	    "principal with rights over the cluster's cloud resources; "
	    "medium for application credentials.  Workload identity "
	    "(AWS_WEB_IDENTITY_TOKEN_FILE, AZURE_FEDERATED_TOKEN_FILE) is "
	    "short-lived and stays silent.  hostPath mounts of the same "
	    "files belong to sensitive-hostpath.",
	.remediation =
	    "Replace static keys with workload identity: IAM roles for "
	    "service accounts or EKS Pod Identity on AWS, GKE Workload "
	    "Identity, Azure Workload Identity; if a key must stay, scope "
	    "it to the least cloud permissions, rotate it, and keep its "
	    "Secret readable by nobody but the workload.",
	.details =
	    "- **Severity by case:** high for the cluster's cloud-provider\n"
	    "  configuration (`/etc/kubernetes/azure.json`, `cloud.conf`,\n"
	    "  `cloud-config`) mounted from a Secret or ConfigMap, which "
	    "usually holds\n"
	    "  the cluster's service principal; medium for application "
	    "credentials: a\n"
	    "  Secret, ConfigMap, projected or CSI volume mounted at "
	    "`~/.aws`,\n"
	    "  `~/.azure`, `~/.config/gcloud`, "
	    "`application_default_credentials.json`\n"
	    "  or any `azure.json`, and `GOOGLE_APPLICATION_CREDENTIALS`,\n"
	    "  `AWS_SHARED_CREDENTIALS_FILE`, `AZURE_AUTH_LOCATION` or\n"
	    "  `AZURE_CLIENT_CERTIFICATE_PATH` naming a file.\n"
	    "- **Techniques:** MS-TA9020 Access cloud resources is a cloud "
	    "technique:\n"
	    "  reports keep it *not judgeable from configuration* and count "
	    "the\n"
	    "  findings under MS-TA9026.\n"
	    "- **Silent for:** workload identity "
	    "(`AWS_WEB_IDENTITY_TOKEN_FILE`,\n"
	    "  `AZURE_FEDERATED_TOKEN_FILE`, projected service-account "
	    "tokens),\n"
	    "  emptyDir volumes, and the same files mounted through hostPath\n"
	    "  (sensitive-hostpath's).\n",
	.fix = "# AWS: IAM role for the service account, no key file\n"
	       "apiVersion: v1\n"
	       "kind: ServiceAccount\n"
	       "metadata:\n"
	       "  name: uploader\n"
	       "  annotations:\n"
	       "    eks.amazonaws.com/role-arn: "
	       "arn:aws:iam::111122223333:role/uploader\n",
	.references = references,
	.container = judge,
};

/* A small constant table: field order follows reading order. */
struct cloud_path {	  /* NOLINT(clang-analyzer-optin.performance.Padding) */
	const char *part; /* matched as a path component sequence */
	const char *what;
	enum severity sev;
	bool file; /* part is the last component */
};

static const struct cloud_path cloud_paths[] = {
	{ "/etc/kubernetes/azure.json",
	  "the cluster's Azure service principal (azure.json)", SEV_HIGH,
	  true },
	{ "/etc/kubernetes/cloud.conf",
	  "the cluster's cloud-provider configuration (cloud.conf)", SEV_HIGH,
	  true },
	{ "/etc/kubernetes/cloud-config",
	  "the cluster's cloud-provider configuration", SEV_HIGH, true },
	{ "/.aws", "AWS shared credentials (~/.aws)", SEV_MEDIUM, false },
	{ "/.azure", "Azure CLI credentials (~/.azure)", SEV_MEDIUM, false },
	{ "/.config/gcloud", "Google Cloud credentials (gcloud)", SEV_MEDIUM,
	  false },
	{ "/application_default_credentials.json",
	  "Google application default credentials", SEV_MEDIUM, true },
	{ "/azure.json", "an Azure service principal (azure.json)", SEV_MEDIUM,
	  true },
};

static const char *const sdk_vars[] = {
	"GOOGLE_APPLICATION_CREDENTIALS",
	"AWS_SHARED_CREDENTIALS_FILE",
	"AZURE_AUTH_LOCATION",
	"AZURE_CLIENT_CERTIFICATE_PATH",
};

/* p (normalised) is or contains part as whole components. */
static bool has_part(const char *p, const struct cloud_path *c)
{
	const char *at = p;
	size_t n = strlen(c->part);

	if (c->part[1] == 'e' && !strncmp(c->part, "/etc/", 5))
		return !strcmp(p, c->part);
	while ((at = strstr(at, c->part))) {
		char next = at[n];
		if (next == '\0' || (!c->file && next == '/'))
			return true;
		at++;
	}
	return false;
}

/* mount is where the file appears in the container (subPath only picks
 * what of the volume appears there). */
static const struct cloud_path *classify(const char *mount, const char *sub)
{
	char p[1024];
	size_t i;

	if (!mount || !wl_path_normalize(mount, sub, p, sizeof(p)))
		return NULL;
	for (i = 0; i < sizeof(cloud_paths) / sizeof(*cloud_paths); i++)
		if (has_part(p, &cloud_paths[i]))
			return &cloud_paths[i];
	return NULL;
}

/* Secret, ConfigMap, projected or CSI volume: not hostPath, not emptyDir. */
static bool carries_files(const struct node *vol)
{
	return node_get(vol, "secret") || node_get(vol, "configMap") ||
	       node_get(vol, "projected") || node_get(vol, "csi");
}

static void mounts(struct findings *out, const struct wl_iter *it)
{
	const struct node *vms = node_get(it->c, "volumeMounts");
	size_t i;

	for (i = 0; i < node_count(vms); i++) {
		const struct node *vm = node_at(vms, i);
		const char *mp = node_get_str(vm, "mountPath");
		const struct node *vol =
		    wl_volume(it->pv, node_get_str(vm, "name"), NULL);
		const struct cloud_path *c;
		char path[WL_PATH_MAX + 64];
		struct finding *fd;

		if (!carries_files(vol) || !(c = classify(mp, NULL)))
			continue;
		fd = finding_add(out, &check_cloud_credentials_mounted,
				 it->pv->obj, it->name,
				 "%s '%s' mounts volume '%s' at '%s': %s",
				 wl_list_noun(it->list), it->name,
				 node_get_str(vm, "name"), mp, c->what);
		fd->severity = c->sev;
		fmt_snprintf(path, sizeof(path),
			     "%s.volumeMounts[%zu].mountPath", it->path, i);
		finding_evidence(out, fd, node_get(vm, "mountPath"), path, "%s",
				 mp);
	}
}

static void sdk_env(struct findings *out, const struct wl_iter *it)
{
	const struct node *env = node_get(it->c, "env");
	size_t i, k;

	for (i = 0; i < node_count(env); i++) {
		const struct node *e = node_at(env, i);
		const struct node *name = node_get(e, "name"), *v;
		char path[WL_PATH_MAX + 64];
		struct finding *fd;

		for (k = 0; k < sizeof(sdk_vars) / sizeof(*sdk_vars); k++)
			if (node_str_eq(name, sdk_vars[k]))
				break;
		if (k == sizeof(sdk_vars) / sizeof(*sdk_vars))
			continue;
		/* the value only of a variable the SDKs read */
		v = node_get(e, "value");
		if (!node_str(v) || !*node_str(v))
			continue;
		if (classify(node_str(v), NULL))
			continue; /* the mount is reported already */
		fd = finding_add(out, &check_cloud_credentials_mounted,
				 it->pv->obj, it->name,
				 "%s '%s' points %s at the credential file "
				 "'%s'",
				 wl_list_noun(it->list), it->name, sdk_vars[k],
				 node_str(v));
		fd->severity = SEV_MEDIUM;
		fmt_snprintf(path, sizeof(path), "%s.env[%zu].value", it->path,
			     i);
		finding_evidence(out, fd, v, path, "%s", node_str(v));
	}
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	mounts(out, it);
	sdk_env(out, it);
}
