/*
 * report_fixture.c - the hand-built scan of the report tests.
 */
#include "report_fixture.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "policy.h"
#include "render/render.h"
#include "scan.h"
#include "score.h"

struct node *fx_str(struct arena *a, const char *s, unsigned line, unsigned col)
{
	return node_new_str(a, NODE_STRING, s, strlen(s), line, col);
}

/* A mapping from (const char *key, struct node *val) pairs, NULL-ended. */
struct node *fx_map(struct arena *a, unsigned line, unsigned col, ...)
{
	const char *keys[32];
	struct node *vals[32], *n;
	const char *key;
	size_t k = 0, i;
	va_list ap;

	va_start(ap, col);
	while ((key = va_arg(ap, const char *)) && k < 32) {
		keys[k] = key;
		vals[k++] = va_arg(ap, struct node *);
	}
	va_end(ap);
	n = node_new_object(a, line, col, k);
	for (i = 0; i < k; i++)
		node_add_str(a, n, keys[i], vals[i]);
	return n;
}

/* A sequence of struct node *, NULL-ended. */
struct node *fx_list(struct arena *a, unsigned line, unsigned col, ...)
{
	struct node *it[32], *n, *v;
	size_t k = 0, i;
	va_list ap;

	va_start(ap, col);
	while ((v = va_arg(ap, struct node *)) && k < 32)
		it[k++] = v;
	va_end(ap);
	n = node_new_array(a, line, col, k);
	for (i = 0; i < k; i++)
		node_push(n, it[i]);
	return n;
}

/* Add apiVersion/kind/metadata{name,namespace} starting at line. */
int fx_object(struct scan *s, const char *file, unsigned line, const char *api,
	      const char *kind, const char *ns, const char *name)
{
	struct arena *a = s->arena;
	struct node *meta =
	    ns ? fx_map(a, line + 2, 3, "name", fx_str(a, name, line + 3, 9),
			"namespace", fx_str(a, ns, line + 4, 14), NULL)
	       : fx_map(a, line + 2, 3, "name", fx_str(a, name, line + 3, 9),
			NULL);
	struct node *root =
	    fx_map(a, line, 1, "apiVersion", fx_str(a, api, line, 13), "kind",
		   fx_str(a, kind, line + 1, 7), "metadata", meta, NULL);
	struct diag d;

	return inventory_add(s->inv, file, root, &d);
}

/* ---- test-only checks ---- */

static const char *const fx_t_priv[] = { "MS-TA9018", NULL };
static const char *const fx_a_priv[] = { "T1610", "T1611", NULL };
static const char *const fx_t_hostpath[] = { "MS-TA9013", NULL };
static const char *const fx_a_hostpath[] = { "T1611", NULL };
static const char *const fx_t_admin[] = { "MS-TA9019", NULL };
static const char *const fx_a_admin[] = { "T1078.003", NULL };
static const char *const fx_t_secrets[] = { "MS-TA9025", NULL };
static const char *const fx_a_secrets[] = { "T1552.007", NULL };
static const char *const fx_t_path[] = { "MS-TA9005", "MS-TA9016", NULL };
static const char *const fx_a_path[] = { "T1133", "T1528", NULL };
static const char *const fx_refs[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
	NULL,
};

const struct check fx_check_priv = {
	.id = "test-privileged",
	.title = "Privileged container",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS,
	.techniques = fx_t_priv,
	.attack = fx_a_priv,
	.rationale = "A privileged container shares the node's devices and "
		     "kernel capabilities.",
	.remediation = "Set securityContext.privileged to false.",
	.references = fx_refs,
};
const struct check fx_check_hostpath = {
	.id = "test-hostpath",
	.title = "Writable hostPath mount",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS,
	.techniques = fx_t_hostpath,
	.attack = fx_a_hostpath,
	.rationale = "A writable hostPath lets a container change the node.",
	.remediation = "Mount hostPath volumes read-only or not at all.",
};
const struct check fx_check_admin = {
	.id = "test-cluster-admin",
	.title = "Binding to cluster-admin",
	.severity = SEV_HIGH,
	.needs = NEED_RBAC,
	.techniques = fx_t_admin,
	.attack = fx_a_admin,
	.rationale = "cluster-admin can do anything.",
	.remediation = "Bind a narrower role.",
};
const struct check fx_check_secrets = {
	.id = "test-list-secrets",
	.title = "Subjects that can list secrets",
	.severity = SEV_MEDIUM,
	.needs = NEED_RBAC | NEED_SECRETS,
	.techniques = fx_t_secrets,
	.attack = fx_a_secrets,
	.rationale = "Listing secrets returns their values.",
	.remediation = "Grant get on named secrets only.",
};
const struct check fx_check_path = {
	.id = "test-attack-path",
	.title = "Exposed pod with a powerful token",
	.severity = SEV_HIGH,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_RBAC,
	.techniques = fx_t_path,
	.attack = fx_a_path,
	.rationale = "An exposed pod whose token can create pods is a path to "
		     "the cluster.",
	.remediation = "Disable token automount or narrow the role.",
};

const struct kobj *fx_find(struct fx *x, const char *kind, const char *ns,
			   const char *name)
{
	return inventory_find(x->scan->inv, kind, ns, name);
}

/*
 * The standard scenario: a privileged Deployment (critical), a DaemonSet
 * in kube-system with a hostPath (high), an object whose name carries
 * markup, a cluster-admin binding, an attack path with three hops, and a
 * secrets check that could not see Secrets.
 */
void fx_build(struct fx *x, const char *source)
{
	struct finding *fd;
	struct scan *s;

	memset(x, 0, sizeof(*x));
	x->scan = s = scan_new();
	s->meta.source = source;
	if (strcmp(source, "manifests")) {
		s->meta.context = "prod-admin";
		s->meta.cluster = "https://10.0.0.1:6443";
		s->meta.server_version = "v1.30.2";
		s->meta.collected_at = "2026-11-20T10:00:00Z";
	}
	fx_object(s, "deploy/web.yaml", 1, "apps/v1", "Deployment", "shop",
		  "web");
	fx_object(s, "deploy/calico.yaml", 1, "apps/v1", "DaemonSet",
		  "kube-system", "calico-node");
	fx_object(s, "deploy/evil.yaml", 1, "v1", "Pod", "evil",
		  "x<script>alert(1)</script>");
	fx_object(s, "deploy/rbac.yaml", 1, "rbac.authorization.k8s.io/v1",
		  "ClusterRoleBinding", NULL, "ops-admin");
	fx_object(s, "deploy/web.yaml", 20, "v1", "Service", "shop", "web");
	inventory_forbid(s->inv, "Secret", NULL);
	scan_finish_input(s);

	findings_init(&x->f, s->arena);
	fd = finding_add(&x->f, &fx_check_priv,
			 fx_find(x, "Deployment", "shop", "web"), "app",
			 "container 'app' runs privileged");
	finding_evidence(&x->f, fd, NULL,
			 "spec.template.spec.containers[0].securityContext."
			 "privileged",
			 "true");
	fd->ev[0].line = 14, fd->ev[0].col = 25;
	fd = finding_add(&x->f, &fx_check_hostpath,
			 fx_find(x, "DaemonSet", "kube-system", "calico-node"),
			 "calico-node", "hostPath '/' mounted writable");
	finding_evidence(&x->f, fd, NULL,
			 "spec.template.spec.volumes[0].hostPath.path", "/");
	fd = finding_add(
	    &x->f, &fx_check_priv,
	    fx_find(x, "Pod", "evil", "x<script>alert(1)</script>"), "c&\"'<b>",
	    "container 'c&\"'<b>' runs privileged <img src=x>");
	finding_evidence(&x->f, fd, NULL,
			 "spec.containers[0].securityContext.privileged",
			 "true");
	fd = finding_add(&x->f, &fx_check_admin,
			 fx_find(x, "ClusterRoleBinding", NULL, "ops-admin"),
			 NULL, "group 'ops' is bound to cluster-admin");
	finding_evidence(&x->f, fd, NULL, "roleRef.name", "cluster-admin");
	fd = finding_add(&x->f, &fx_check_path,
			 fx_find(x, "Service", "shop", "web"), NULL,
			 "Service/web exposes a pod whose token is "
			 "cluster-admin");
	finding_hop(&x->f, fd, fx_find(x, "Service", "shop", "web"), NULL,
		    "spec.type", "LoadBalancer", "exposed via LoadBalancer");
	finding_hop(&x->f, fd, fx_find(x, "Deployment", "shop", "web"), NULL,
		    "spec.template.spec.serviceAccountName", "web",
		    "selects pods of Deployment/web");
	finding_hop(&x->f, fd, NULL, NULL, NULL, NULL,
		    "ServiceAccount shop/web is bound to cluster-admin");
	findings_finish(&x->f);

	x->res[0] = (struct check_result){ .check = &fx_check_priv,
					   .status = CHECK_FAILED,
					   .findings = 2 };
	x->res[1] = (struct check_result){ .check = &fx_check_hostpath,
					   .status = CHECK_FAILED,
					   .findings = 1 };
	x->res[2] = (struct check_result){ .check = &fx_check_admin,
					   .status = CHECK_FAILED,
					   .findings = 1 };
	x->res[3] = (struct check_result){ .check = &fx_check_secrets,
					   .status = CHECK_NOT_VISIBLE,
					   .why = "could not list Secret" };
	x->res[4] = (struct check_result){ .check = &fx_check_path,
					   .status = CHECK_FAILED,
					   .findings = 1 };
	x->nres = 5;

	x->opts.tool_version = "0.1.0";
	x->opts.generated_at = "2026-11-23T09:00:00Z";
	x->opts.command_line = "kubectl-threatmap scan -f deploy";
	x->rep.scan = s;
	x->rep.findings = &x->f;
	x->rep.results = x->res;
	x->rep.nresults = x->nres;
	x->rep.opts = &x->opts;
}

/* Compute the score into the report (after any suppression). */
void fx_score(struct fx *x)
{
	score_release(&x->score);
	score_compute(&x->score, x->res, x->nres, &x->f);
	x->rep.score = &x->score;
}

/*
 * Exceptions: calico-node's hostPath is accepted until 2026-12-31; an
 * exception for the cluster-admin binding expired on 2026-01-31.  Applied
 * on 2026-11-23.
 */
void fx_policy(struct fx *x)
{
	struct arena *a = x->scan->arena;
	struct node *root, *ok, *old;
	struct diag d;

	ok = fx_map(a, 2, 5, "checks",
		    fx_list(a, 2, 13, fx_str(a, "test-hostpath", 2, 14), NULL),
		    "namespace", fx_str(a, "kube-system", 3, 16), "name",
		    fx_str(a, "calico-.*", 4, 11), "reason",
		    fx_str(a,
			   "CNI agent <needs> the host's network & "
			   "/var/run",
			   5, 13),
		    "owner", fx_str(a, "platform-team", 6, 12), "expires",
		    fx_str(a, "2026-12-31", 7, 14), NULL);
	old = fx_map(a, 8, 5, "checks", fx_str(a, "test-cluster-admin", 8, 13),
		     "name", fx_str(a, "ops-admin", 9, 11), "reason",
		     fx_str(a, "migration window", 10, 13), "expires",
		     fx_str(a, "2026-01-31", 11, 14), NULL);
	root = fx_map(a, 1, 1, "exceptions", fx_list(a, 2, 3, ok, old, NULL),
		      NULL);
	x->policy = policy_new();
	if (policy_load_tree(x->policy, a, "exceptions.yaml", root, &d) ||
	    policy_apply(x->policy, &x->f, "2026-11-23", &d) != 1)
		abort();
	x->rep.policy = x->policy;
}

void fx_free(struct fx *x)
{
	policy_free(x->policy);
	score_release(&x->score);
	findings_release(&x->f);
	scan_free(x->scan);
}
