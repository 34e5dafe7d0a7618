/*
 * name-mimicry: bare pods named like controller-generated pods, and
 * workloads or containers named like system components outside their
 * usual namespace or owner.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "analysis/program.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9023", NULL };
static const char *const attack[] = { "T1036.005", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Pod%20or%20container%20name%20similarity/",
	NULL,
};

const struct check check_name_mimicry = {
	.id = "name-mimicry",
	.title = "Pod or container named to blend in",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Attackers name their pods like the ones around them so that "
	    "kubectl get pods shows nothing odd: a bare pod called "
	    "web-7d4b9c8f5-x2k9p looks like a Deployment's replica, and "
	    "one called kube-proxy-abcde or coredns-... looks like the "
	    "cluster's own.  Reported: pods without ownerReferences whose "
	    "names have the ReplicaSet form NAME-HASH-XXXXX (both parts "
	    "drawn from the alphabet the controllers use); workloads and "
	    "containers named kube-apiserver, kube-controller-manager, "
	    "kube-scheduler, kube-proxy or kube-dns outside kube-system; "
	    "bare pods named etcd or coredns outside kube-system (those "
	    "names are also ordinary applications when a controller runs "
	    "them); and, in kube-system, bare pods named like kube-proxy or "
	    "coredns (which run from a DaemonSet and a Deployment) or like "
	    "a control-plane component without being a static pod.  High "
	    "for a disguise inside kube-system, medium elsewhere.",
	.remediation =
	    "Find out who created the pod (audit log, "
	    "metadata.managedFields) and delete it if it is not yours; run "
	    "workloads through controllers, restrict who can create pods in "
	    "kube-system, and do not reuse system component names.",
	.details = "- **Looks at:**\n"
		   "  - bare pods (no `ownerReferences`) named "
		   "`NAME-HASH-XXXXX` from the\n"
		   "    alphabet controllers use for generated names;\n"
		   "  - workloads and containers called `kube-apiserver`,\n"
		   "    `kube-controller-manager`, `kube-scheduler`, "
		   "`kube-proxy` or `kube-dns`\n"
		   "    outside `kube-system`;\n"
		   "  - bare pods called `etcd` or `coredns` outside "
		   "`kube-system` (a\n"
		   "    StatefulSet named `etcd` in an application namespace "
		   "is a database, so\n"
		   "    controllers of those names are left alone);\n"
		   "  - bare pods in `kube-system` named like a system "
		   "component that are\n"
		   "    neither static pods (mirror annotation, or label "
		   "`tier: control-plane`\n"
		   "    on a pod one of whose containers runs a control-plane "
		   "program) nor\n"
		   "    owned by a controller.\n"
		   "- **Severity by case:** high inside `kube-system`, medium "
		   "elsewhere.\n",
	.fix = "# run it through a controller, under a name of its own\n"
	       "apiVersion: apps/v1\n"
	       "kind: Deployment\n"
	       "metadata: {name: report-worker, namespace: shop}\n"
	       "spec:\n"
	       "  selector: {matchLabels: {app: report-worker}}\n"
	       "  template:\n"
	       "    metadata: {labels: {app: report-worker}}\n"
	       "    spec:\n"
	       "      containers:\n"
	       "        - {name: report-worker, image: "
	       "registry.example.com/report:1.2}\n",
	.references = references,
	.pod = judge_view,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Characters of the names controllers generate (k8s.io/apimachinery rand). */
static bool gen_chars(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("bcdfghjklmnpqrstvwxz2456789", s[i]))
			return false;
	return true;
}

/* NAME-HASH-XXXXX: a hash of 6 to 10 and a suffix of 5 generated chars. */
static bool replica_like(const char *name)
{
	const char *last = strrchr(name, '-'), *prev;
	size_t hl;

	if (!last || last == name || strlen(last + 1) != 5 ||
	    !gen_chars(last + 1, 5))
		return false;
	for (prev = last - 1; prev > name && *prev != '-'; prev--)
		;
	if (prev == name)
		return false;
	hl = (size_t)(last - prev - 1);
	return hl >= 6 && hl <= 10 && gen_chars(prev + 1, hl);
}

static bool name_is(const char *name, const char *comp)
{
	size_t l = strlen(comp);

	return !strncmp(name, comp, l) && (name[l] == '\0' || name[l] == '-');
}

static const char *const system_only[] = {
	"kube-apiserver", "kube-controller-manager",
	"kube-scheduler", "kube-proxy",
	"kube-dns",
};
static const char *const system_bare[] = { "etcd", "coredns" };
static const char *const control_plane[] = {
	"etcd",
	"kube-apiserver",
	"kube-controller-manager",
	"kube-scheduler",
};

static const char *match(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (name_is(name, list[i]))
			return list[i];
	return NULL;
}

static bool is_bare_pod(const struct kobj *o)
{
	return !strcmp(o->kind, "Pod") &&
	       !node_count(node_path(o->root, "metadata.ownerReferences"));
}

/*
 * A static pod: its mirror annotation, or the label kubeadm's manifests
 * carry (tier: control-plane) on a pod that runs a control-plane program;
 * a label anyone may write does not make a shell the API server.
 */
static bool is_static(const struct kobj *o)
{
	return node_get(o->annotations, "kubernetes.io/config.mirror") ||
	       (node_str_eq(node_get(o->labels, "tier"), "control-plane") &&
		program_in_pod(node_get(o->root, "spec"), PROGRAM_OTHER));
}

static void judge_object(const struct pod_view *pv, struct findings *out)
{
	const struct kobj *o = pv->obj;
	bool sys = !strcmp(kobj_ns(o), "kube-system");
	bool bare = is_bare_pod(o);
	const char *comp;
	struct finding *fd = NULL;

	if (!sys &&
	    ((comp = match(o->name, system_only, N(system_only))) ||
	     (bare && (comp = match(o->name, system_bare, N(system_bare)))))) {
		fd = finding_add(out, &check_name_mimicry, o, NULL,
				 "%s '%s' is named like the system component "
				 "%s but runs in namespace '%s'",
				 o->kind, o->name, comp,
				 o->ns ? o->ns : "unspecified");
	} else if (sys && bare && !is_static(o) &&
		   ((comp = match(o->name, control_plane, N(control_plane))) ||
		    (comp = match(o->name, system_only, N(system_only))) ||
		    (comp = match(o->name, system_bare, N(system_bare))))) {
		fd = finding_add(out, &check_name_mimicry, o, NULL,
				 "Pod '%s' in kube-system is named like %s but "
				 "is neither a static pod nor owned by a "
				 "controller",
				 o->name, comp);
		fd->severity = SEV_HIGH;
	} else if (bare && replica_like(o->name)) {
		fd = finding_add(out, &check_name_mimicry, o, NULL,
				 "Pod '%s' has no owner but a name of the form "
				 "a ReplicaSet gives its pods",
				 o->name);
		if (sys)
			fd->severity = SEV_HIGH;
	}
	if (!fd)
		return;
	if (!sys && fd->severity == SEV_HIGH)
		fd->severity = SEV_MEDIUM;
	finding_evidence(out, fd, node_path(o->root, "metadata.name"),
			 "metadata.name", "%s", o->name);
}

static void judge_containers(const struct pod_view *pv, struct findings *out)
{
	struct wl_iter it;

	if (!strcmp(kobj_ns(pv->obj), "kube-system"))
		return;
	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		const char *comp = match(it.name, system_only, N(system_only));
		char path[WL_PATH_MAX + 16];
		struct finding *fd;

		if (!comp || name_is(pv->obj->name, comp))
			continue;
		fd = finding_add(out, &check_name_mimicry, pv->obj, it.name,
				 "%s '%s' is named like the system component "
				 "%s outside kube-system",
				 wl_list_noun(it.list), it.name, comp);
		fd->severity = SEV_MEDIUM;
		fmt_snprintf(path, sizeof(path), "%s.name", it.path);
		finding_evidence(out, fd, node_get(it.c, "name"), path, "%s",
				 it.name);
	}
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	size_t before = out->n;

	(void)s;
	judge_object(pv, out);
	if (out->n == before)
		judge_containers(pv, out);
}
