/*
 * kubernetes-dashboard: the Kubernetes Dashboard is deployed; worse when it
 * is exposed outside the cluster, skips login or runs as cluster-admin.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "analysis/exposure.h"
#include "analysis/escalation.h"
#include "analysis/rbac.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9005", NULL };
static const char *const attack[] = { "T1133", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/dashboard/blob/master/docs/common/"
	"arguments.md",
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Exposed%20sensitive%20interfaces/",
	NULL,
};

const struct check check_kubernetes_dashboard = {
	.id = "kubernetes-dashboard",
	.title = "Kubernetes Dashboard deployed or exposed",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "The Kubernetes Dashboard is a web UI that acts on the API "
	    "with its own service account or with the token a user "
	    "pastes in.  Reachable from outside the cluster (a "
	    "LoadBalancer, NodePort or externalIPs Service, or an Ingress) "
	    "it is an exposed sensitive interface (MS-TA9005, T1133), and "
	    "the classic breach: --enable-skip-login lets anyone in as the "
	    "dashboard's own service account, which is often bound to "
	    "cluster-admin.  --enable-insecure-login allows logins over "
	    "plain HTTP, --disable-settings-authorizer lets any user "
	    "change global settings, and a dashboard without "
	    "--auto-generate-certificates or --tls-cert-file serves plain "
	    "HTTP.  Severity grows with the evidence: low when deployed "
	    "inside the cluster only, medium with an insecure flag, high "
	    "when exposed or bound to cluster-admin, critical when "
	    "exposed and either skipping login or bound to cluster-admin.",
	.remediation =
	    "Do not expose the dashboard: keep its Service ClusterIP and "
	    "reach it with kubectl port-forward or an authenticating "
	    "proxy; remove --enable-skip-login, --enable-insecure-login "
	    "and --disable-settings-authorizer; serve TLS; give its "
	    "service account only the minimal Role of the recommended "
	    "install, never cluster-admin.",
	.details =
	    "- **Severity:** low when deployed inside the cluster only; medium "
	    "with an\n"
	    "  insecure setting; high when exposed outside the cluster or when "
	    "its\n"
	    "  service account is bound to cluster-admin; critical when "
	    "exposed and\n"
	    "  either skipping login or bound to cluster-admin.\n"
	    "- **Techniques:** MS-TA9005 Exposed sensitive interfaces; ATT&CK "
	    "T1133.\n"
	    "- **Looks at:** workloads in any namespace with a container whose "
	    "image is\n"
	    "  the Dashboard: a last path component starting with "
	    "`kubernetes-dashboard`\n"
	    "  (`k8s.gcr.io/kubernetes-dashboard-amd64`), the repository\n"
	    "  `kubernetesui/dashboard` or `kubernetesui/dashboard-*` (any "
	    "registry,\n"
	    "  tag or digest), or a `dashboard` image on `registry.k8s.io` or\n"
	    "  `k8s.gcr.io`. The metrics scraper "
	    "(`kubernetesui/metrics-scraper`) and\n"
	    "  other \"dashboard\" images are not it. Then:\n"
	    "  - exposure (lib/analysis/exposure): a LoadBalancer, NodePort or "
	    "externalIPs Service\n"
	    "    selecting its pods, or an Ingress routing to a Service that "
	    "selects\n"
	    "    them (each reported as a hop);\n"
	    "  - flags in `args` or `command`: `--enable-skip-login`,\n"
	    "    `--enable-insecure-login`, `--disable-settings-authorizer` (a "
	    "value of\n"
	    "    `=false` does not count), and plain HTTP when neither\n"
	    "    `--auto-generate-certificates` nor `--tls-cert-file` is "
	    "given;\n"
	    "  - its service account bound to `cluster-admin` by a "
	    "ClusterRoleBinding\n"
	    "    (a direct binding lookup; aggregated or indirect grants are "
	    "not seen\n"
	    "    yet, and when ClusterRoleBindings could not be read this part "
	    "is not\n"
	    "    judged).\n"
	    "- **Real manifests:** the recommended v2.7.0 install is "
	    "\"deployed, not\n"
	    "  exposed\" (low). The alternative v2.7.0 install has\n"
	    "  `--enable-insecure-login` and serves HTTP on 9090 (medium). "
	    "The\n"
	    "  alternative v1.10.1 install passes no flags at all but serves "
	    "plain HTTP\n"
	    "  (medium). None of them exposes the Service outside the "
	    "cluster.\n"
	    "- **Remediation:** keep the Service ClusterIP and use `kubectl\n"
	    "  port-forward` or an authenticating proxy; remove the three "
	    "flags; serve\n"
	    "  TLS; never bind its service account to cluster-admin.\n"
	    "- **Message:** says exactly why: the first way in from outside "
	    "(kind,\n"
	    "  object, Service and ports) and how many more; whether login "
	    "can be\n"
	    "  skipped and as which ServiceAccount; the insecure settings "
	    "found\n"
	    "  (`--enable-insecure-login`, `--disable-settings-authorizer`,\n"
	    "  `--authentication-mode=basic`, plain HTTP); and what its "
	    "service "
	    "account\n"
	    "  can do: cluster-admin (by which ClusterRoleBinding, or a chain "
	    "of RBAC\n"
	    "  steps), else which of reading Secrets (cluster-wide or in its "
	    "namespace),\n"
	    "  creating pods or Deployments, exec into pods and changing "
	    "nodes it holds.\n"
	    "- **False positives:** a dashboard behind an authenticating "
	    "Ingress is\n"
	    "  still reported as exposed: the Ingress controller's "
	    "authentication is not\n"
	    "  visible in the API objects.\n",
	.references = references,
	.pod = judge_view,
};

static const char *const dashboard_hosts[] = {
	"registry.k8s.io",
	"k8s.gcr.io",
};

/* Repository of an image without registry host, tag or digest. */
static void image_repo(const char *image, char *repo, size_t n, char *host,
		       size_t hn)
{
	const char *slash = strchr(image, '/');
	const char *p = image;
	size_t len;

	host[0] = '\0';
	if (slash && (memchr(image, '.', (size_t)(slash - image)) ||
		      memchr(image, ':', (size_t)(slash - image)) ||
		      !strncmp(image, "localhost/", 10))) {
		fmt_snprintf(host, hn, "%.*s", (int)(slash - image), image);
		p = slash + 1;
	}
	len = strcspn(p, "@");
	/* a ':' after the last '/' starts the tag */
	{
		const char *last = p;
		const char *q;
		for (q = p; q < p + len; q++)
			if (*q == '/')
				last = q + 1;
		q = memchr(last, ':', (size_t)(p + len - last));
		if (q)
			len = (size_t)(q - p);
	}
	fmt_snprintf(repo, n, "%.*s", (int)len, p);
}

/* The image is a Kubernetes Dashboard image (not its metrics scraper). */
static bool dashboard_image(const char *image)
{
	char repo[512], host[256];
	const char *last;
	size_t i;

	if (!image)
		return false;
	image_repo(image, repo, sizeof(repo), host, sizeof(host));
	last = strrchr(repo, '/');
	last = last ? last + 1 : repo;
	if (!strncmp(last, "kubernetes-dashboard", 20))
		return true;
	if (!strcmp(repo, "kubernetesui/dashboard") ||
	    !strncmp(repo, "kubernetesui/dashboard-", 23))
		return true;
	for (i = 0; i < sizeof(dashboard_hosts) / sizeof(dashboard_hosts[0]);
	     i++)
		if (!strcmp(host, dashboard_hosts[i]) &&
		    (!strncmp(repo, "dashboard/", 10) ||
		     !strncmp(last, "dashboard", 9)))
			return true;
	return false;
}

/* An argument "--flag" or "--flag=value" with value not false. */
static const struct node *flag_set(const struct node *c, const char *flag,
				   size_t *idx, const char **list)
{
	static const char *const lists[] = { "args", "command" };
	size_t l, i, fl = strlen(flag);

	for (l = 0; l < 2; l++) {
		const struct node *a = node_get(c, lists[l]);
		for (i = 0; i < node_count(a); i++) {
			const char *v = node_str(node_at(a, i));
			if (!v || strncmp(v, flag, fl) != 0)
				continue;
			if (v[fl] == '\0' ||
			    (v[fl] == '=' &&
			     strcmp(v + fl + 1, "false") != 0)) {
				*idx = i;
				*list = lists[l];
				return node_at(a, i);
			}
		}
	}
	return NULL;
}

struct verdict {
	bool exposed, skip_login, insecure_flag, admin;
	size_t ways;	     /* public ways in */
	char way[700];	     /* the first, as text */
	char insecure[160];  /* which insecure settings */
	char admin_via[300]; /* how its account is cluster-admin */
};

static void add_insecure(struct verdict *v, const char *what)
{
	size_t l = strlen(v->insecure);

	fmt_snprintf(v->insecure + l, sizeof(v->insecure) - l, "%s%s",
		     l ? ", " : "", what);
}

static void note_flags(struct findings *out, struct finding *fd,
		       const struct wl_iter *it, struct verdict *v)
{
	static const char *const bad[] = { "--enable-skip-login",
					   "--enable-insecure-login",
					   "--disable-settings-authorizer" };
	char path[WL_PATH_MAX + 64];
	const char *list;
	size_t f, idx;

	for (f = 0; f < 3; f++) {
		const struct node *a = flag_set(it->c, bad[f], &idx, &list);
		if (!a)
			continue;
		fmt_snprintf(path, sizeof(path), "%s.%s[%zu]", it->path, list,
			     idx);
		finding_evidence(out, fd, a, path, "%s", node_str(a));
		if (f == 0)
			v->skip_login = true;
		else
			add_insecure(v, bad[f]);
		v->insecure_flag = true;
	}
	{
		const struct node *a =
		    flag_set(it->c, "--authentication-mode", &idx, &list);
		if (a && strstr(node_str(a), "basic")) {
			fmt_snprintf(path, sizeof(path), "%s.%s[%zu]", it->path,
				     list, idx);
			finding_evidence(out, fd, a, path, "%s", node_str(a));
			add_insecure(v, "basic authentication");
			v->insecure_flag = true;
		}
	}
	if (!flag_set(it->c, "--auto-generate-certificates", &idx, &list) &&
	    !flag_set(it->c, "--tls-cert-file", &idx, &list)) {
		finding_evidence(out, fd, it->c, it->path,
				 "no --auto-generate-certificates or "
				 "--tls-cert-file: serves plain HTTP");
		add_insecure(v, "plain HTTP (no TLS certificate)");
		v->insecure_flag = true;
	}
}

static void note_exposure(const struct exposure *e, struct findings *out,
			  struct finding *fd, const struct pod_view *pv,
			  struct verdict *v)
{
	struct expose_route r[16];
	size_t n = exposure_routes(e, pv, r, 16), i;

	for (i = 0; i < n && i < 16; i++) {
		const struct kobj *via = expose_route_via(&r[i]);
		char label[512];

		if (r[i].internal)
			continue;
		if (!via)
			via = pv->obj;
		fmt_snprintf(label, sizeof(label), "%s %s/%s exposes it (%s)",
			     via->kind,
			     kobj_ns(via)[0] ? kobj_ns(via) : "unspecified",
			     via->name, expose_how_name(r[i].how));
		finding_hop(out, fd, via, r[i].at, r[i].path,
			    node_scalar_text(r[i].at), label);
		if (!v->ways++ && via == pv->obj)
			fmt_snprintf(v->way, sizeof(v->way), "its %s",
				     expose_how_name(r[i].how));
		else if (v->ways == 1 && r[i].front)
			fmt_snprintf(v->way, sizeof(v->way), "%s %s/%s",
				     via->kind, kobj_ns(via), via->name);
		else if (v->ways == 1)
			fmt_snprintf(v->way, sizeof(v->way), "%s Service %s/%s",
				     expose_how_name(r[i].how), kobj_ns(via),
				     via->name);
		v->exposed = true;
	}
}

static enum severity grade(const struct verdict *v)
{
	if (v->exposed && (v->skip_login || v->admin))
		return SEV_CRITICAL;
	if (v->exposed || v->admin)
		return SEV_HIGH;
	if (v->insecure_flag)
		return SEV_MEDIUM;
	return SEV_LOW;
}

/*
 * The dashboard's service account reaches cluster-admin through a chain
 * (escalation.h): its hops go on the finding.
 */
static bool effective_admin(const struct scan *s, struct findings *out,
			    struct finding *fd, const char *ns, const char *sa)
{
	struct rbac_subject subj = { .kind = RBAC_SERVICEACCOUNT };
	struct escal_hop h[8];
	size_t n, i;

	if (!s->escal)
		return false;
	subj.name = sa;
	subj.ns = ns;
	subj.user =
	    arena_printf(out->arena, "system:serviceaccount:%s:%s", ns, sa);
	n = escal_chain(s->escal, &subj, h, 8);
	for (i = 0; i < n; i++) {
		const struct rbac_binding *b = h[i].grant.binding;
		finding_hop(
		    out, fd, b->obj, node_get(b->role_ref, "name"),
		    "roleRef.name", b->role_name,
		    arena_printf(
			out->arena, "%s %s through %s %s (%s %s)%s%s",
			rbac_subject_text(out->arena, h[i].who),
			escal_hop_text(&h[i]), b->obj->kind, b->obj->name,
			b->role_kind, b->role_name,
			h[i].to ? ", reaching " : "",
			h[i].to ? rbac_subject_text(out->arena, h[i].to) : ""));
	}
	return n > 0;
}

/* What the dashboard's service account can do, for the message. */
static const char *powers(const struct scan *s, struct arena *a, const char *ns,
			  const char *sa)
{
	static const struct {
		const char *verb, *group, *resource;
		bool cluster;
		const char *text;
	} asks[] = {
		{ "get", "", "secrets", true,
		  "read Secrets in every namespace" },
		{ "get", "", "secrets", false,
		  "read the Secrets of its namespace" },
		{ "create", "", "pods", true,
		  "create pods in every namespace" },
		{ "create", "", "pods", false, "create pods in its namespace" },
		{ "create", "", "pods/exec", false, "exec into pods" },
		{ "create", "apps", "deployments", false,
		  "create Deployments" },
		{ "patch", "", "nodes", true, "change nodes" },
	};
	const char *groups[3];
	struct rbac_identity id;
	const char *res = NULL;
	size_t i;
	bool cluster_secrets = false, cluster_pods = false;

	if (!s->rbac)
		return NULL;
	groups[0] = "system:serviceaccounts";
	groups[1] = arena_printf(a, "system:serviceaccounts:%s", ns);
	groups[2] = "system:authenticated";
	id.user = arena_printf(a, "system:serviceaccount:%s:%s", ns, sa);
	id.groups = groups;
	id.ngroups = 3;
	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		struct rbac_request rq = { asks[i].verb,
					   asks[i].group,
					   asks[i].resource,
					   asks[i].cluster ? NULL : ns,
					   NULL,
					   NULL };
		if ((i == 1 && cluster_secrets) || (i == 3 && cluster_pods))
			continue;
		if (!rbac_can(s->rbac, &id, &rq, NULL))
			continue;
		cluster_secrets |= i == 0;
		cluster_pods |= i == 2;
		res = res ? arena_printf(a, "%s, %s", res, asks[i].text)
			  : asks[i].text;
	}
	return res;
}

/*
 * Why, in one message: how it is exposed, whether login can be skipped
 * and as whom, its insecure settings, and what its account can do.
 */
static const char *message(const struct scan *s, struct arena *a,
			   const char *head, const struct verdict *v,
			   const char *ns, const char *sa)
{
	const char *can = v->admin ? NULL : powers(s, a, ns, sa);
	const char *more = "";
	const char *m, *who;

	if (v->ways > 1)
		more = arena_printf(a, " and %zu more way%s in", v->ways - 1,
				    v->ways > 2 ? "s" : "");
	if (v->exposed)
		m = arena_printf(a,
				 "Kubernetes Dashboard is exposed through %s%s",
				 v->way, more);
	else
		m = arena_printf(a, "%s (not exposed outside the cluster)",
				 head);
	if (!v->skip_login)
		m = arena_printf(a, "%s; login needs a token", m);
	if (v->insecure[0])
		m = arena_printf(a, "%s; insecure settings: %s", m,
				 v->insecure);
	if (v->skip_login && v->admin)
		who = arena_printf(a,
				   "%s; --enable-skip-login lets anyone in as "
				   "its ServiceAccount, which",
				   m);
	else if (v->skip_login)
		who = arena_printf(a,
				   "%s; --enable-skip-login lets anyone in as "
				   "ServiceAccount %s/%s, which",
				   m, ns, sa);
	else
		who =
		    arena_printf(a, "%s; its service account %s/%s", m, ns, sa);
	if (v->admin)
		return arena_printf(a, "%s is cluster-admin%s", who,
				    v->admin_via[0] ? v->admin_via
						    : " through a chain of "
						      "RBAC steps");
	if (can)
		return arena_printf(a, "%s can %s", who, can);
	if (!s->rbac)
		return v->skip_login ? arena_printf(a,
						    "%s; --enable-skip-login "
						    "lets anyone in as "
						    "ServiceAccount %s/%s",
						    m, ns, sa)
				     : m;
	return arena_printf(a,
			    "%s holds no grant to read Secrets at large, "
			    "create pods or exec into pods",
			    who);
}

static void judge(const struct scan *s, const struct exposure *e,
		  const struct pod_view *pv, struct findings *out)
{
	const char *sa = wl_service_account(pv, NULL);
	char path[WL_PATH_MAX + 16], label[512];
	struct verdict v = { 0 };
	const struct rbac_binding *crb;
	const struct rbac_subject *subj;
	struct finding *fd;
	struct wl_iter it;

	wl_iter_init(&it, pv);
	while (wl_next(&it))
		if (dashboard_image(node_get_str(it.c, "image")))
			break;
	if (!it.c)
		return;
	fd = finding_add(out, &check_kubernetes_dashboard, pv->obj, it.name,
			 "Kubernetes Dashboard (image '%s') is deployed",
			 node_get_str(it.c, "image"));
	fmt_snprintf(path, sizeof(path), "%s.image", it.path);
	finding_evidence(out, fd, node_get(it.c, "image"), path, "%s",
			 node_get_str(it.c, "image"));
	note_flags(out, fd, &it, &v);
	note_exposure(e, out, fd, pv, &v);
	crb = rbac_sa_cluster_binding(s->rbac, kobj_ns(pv->obj), sa,
				      "cluster-admin", &subj);
	if (crb) {
		v.admin = true;
		fmt_snprintf(v.admin_via, sizeof(v.admin_via),
			     " (ClusterRoleBinding %s)", crb->obj->name);
		fmt_snprintf(
		    label, sizeof(label),
		    "ClusterRoleBinding %s binds its service account '%s' "
		    "to cluster-admin",
		    crb->obj->name, sa);
		fmt_snprintf(path, sizeof(path), "subjects[%zu]", subj->index);
		finding_hop(out, fd, crb->obj, subj->at, path, sa, label);
	} else if (effective_admin(s, out, fd, kobj_ns(pv->obj), sa)) {
		v.admin = true;
	}
	fd->severity = grade(&v);
	fd->message =
	    message(s, out->arena, fd->message, &v, kobj_ns(pv->obj), sa);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	judge(s, s->exposure, pv, out);
}
