/*
 * test_peer_kubehound.c - threatmap's verdict on the attacks KubeHound
 * (DataDog/KubeHound) models as edges of its graph: the scenarios of its
 * test cluster (test/setup/test-cluster/attacks/) and the conditions of
 * its edge builders (pkg/kubehound/graph/edge/), each restated as a small
 * manifest of ours in testdata/verdicts/peers/kubehound/.
 *
 * Each row names the edge and the case, the threatmap check that should
 * report it, whether KubeHound builds the edge and what threatmap says.
 * Where the two differ the row says why threatmap's answer is the right
 * one; the count of agreeing rows is pinned.
 */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "inventory.h"
#include "scan.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct tu_peer_row kubehound[] = {
	/* ---- container escapes: container -> node ---- */
	{ "CE_PRIV_MOUNT (privileged container)",
	  "kubehound/ce-priv-mount.yaml", "privileged-container", true, true,
	  SEV_CRITICAL, "runs privileged" },
	{ "CE_NSENTER (privileged, hostPID)", "kubehound/ce-nsenter.yaml",
	  "host-namespaces", true, true, SEV_HIGH, "hostPID" },
	{ "CE_MODULE_LOAD (adds SYS_MODULE)", "kubehound/ce-module-load.yaml",
	  "dangerous-capabilities", true, true, SEV_CRITICAL,
	  "adds capability SYS_MODULE" },
	{ "CE_SYS_PTRACE (hostPID, SYS_PTRACE and SYS_ADMIN)",
	  "kubehound/ce-sys-ptrace.yaml", "dangerous-capabilities", true, true,
	  SEV_CRITICAL, "adds capability SYS_ADMIN" },
	/*
	 * Disagrees: the edge wants SYS_ADMIN beside SYS_PTRACE.  With the
	 * node's process namespace shared, SYS_PTRACE alone traces and
	 * injects code into the node's processes wherever no AppArmor or
	 * seccomp profile forbids ptrace, which nothing here sets.
	 */
	{ "CE_SYS_PTRACE (hostPID, SYS_PTRACE without SYS_ADMIN)",
	  "kubehound/ce-sys-ptrace-no-admin.yaml", "dangerous-capabilities",
	  false, true, SEV_HIGH, "adds capability SYS_PTRACE" },
	/*
	 * Disagrees: no edge leaves a pod that only shares the node's
	 * process namespace.  Every process of the node is visible to it,
	 * command lines (and the credentials some pass there) included, as
	 * Pod Security 'baseline' says by refusing hostPID.
	 */
	{ "CE_NSENTER / CE_SYS_PTRACE (hostPID, nothing else)",
	  "kubehound/host-pid-unprivileged.yaml", "host-namespaces", false,
	  true, SEV_HIGH, "hostPID" },
	{ "CE_UMH_CORE_PATTERN (hostPath /proc/sys/kernel)",
	  "kubehound/ce-umh-core-pattern.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "'/proc/sys/kernel' writable" },
	{ "EXPLOIT_HOST_READ (hostPath / read-only)",
	  "kubehound/host-read-root.yaml", "sensitive-hostpath", true, true,
	  SEV_CRITICAL, "'/' read-only" },
	{ "EXPLOIT_HOST_READ (hostPath /home read-only)",
	  "kubehound/host-read-home.yaml", "sensitive-hostpath", true, true,
	  SEV_MEDIUM, "user home directories" },
	{ "EXPLOIT_HOST_READ (hostPath /root/.ssh read-only)",
	  "kubehound/host-read-root-ssh.yaml", "sensitive-hostpath", true, true,
	  SEV_MEDIUM, "root's home directory" },
	{ "EXPLOIT_HOST_WRITE (hostPath / writable)",
	  "kubehound/host-write-root.yaml", "sensitive-hostpath", true, true,
	  SEV_CRITICAL, "the node's root filesystem" },
	/* any other writable directory: KubeHound assumes it exploitable */
	{ "EXPLOIT_HOST_WRITE (hostPath /srv/appdata writable)",
	  "kubehound/host-write-data.yaml", "hostpath-volume", true, true,
	  SEV_MEDIUM, "'/srv/appdata' (writable)" },
	/*
	 * Disagrees: the edge skips a vendor's directories it lists as
	 * safe.  A writable /etc/datadog-agent rewrites the configuration
	 * a privileged agent on the node loads, checks that run commands
	 * included; no path is safe by the name of the product using it.
	 */
	{ "EXPLOIT_HOST_WRITE (allow-listed /etc/datadog-agent writable)",
	  "kubehound/host-write-agent-conf.yaml", "sensitive-hostpath", false,
	  true, SEV_HIGH, "'/etc/datadog-agent' writable" },
	{ "EXPLOIT_HOST_TRAVERSE (hostPath /var/lib/kubelet/pods)",
	  "kubehound/host-traverse-kubelet-pods.yaml", "sensitive-hostpath",
	  true, true, SEV_HIGH, "pod service-account tokens" },
	{ "EXPLOIT_HOST_TRAVERSE (hostPath /var)",
	  "kubehound/host-traverse-var.yaml", "sensitive-hostpath", true, true,
	  SEV_CRITICAL, "'/var' read-only" },
	{ "TOKEN_VAR_LOG_SYMLINK (hostPath /var/log writable)",
	  "kubehound/var-log-writable.yaml", "sensitive-hostpath", true, true,
	  SEV_HIGH, "node and container logs" },
	{ "CE_VAR_LOG_SYMLINK (hostPath /var/log, get pods/log)",
	  "kubehound/var-log-read-logs.yaml", "sensitive-hostpath", true, true,
	  SEV_HIGH, "'/var/log' writable" },
	/*
	 * The edge ignores readOnly; the symlink it plants needs a writable
	 * mount, so threatmap reports the read-only one low, for the logs
	 * it reads.
	 */
	{ "CE_VAR_LOG_SYMLINK (hostPath /var/log read-only)",
	  "kubehound/var-log-read-only.yaml", "sensitive-hostpath", true, true,
	  SEV_LOW, "'/var/log' read-only" },
	/*
	 * Disagrees: SHARE_PS_NAMESPACE links the containers of one pod.
	 * They share the pod's process namespace, not the node's, and
	 * already share its network and volumes; no boundary of the node
	 * or of another pod is crossed.
	 */
	{ "SHARE_PS_NAMESPACE (shareProcessNamespace: true)",
	  "kubehound/share-ps-namespace.yaml", "host-namespaces", true, false,
	  SEV_NONE, NULL },
	{ "container escapes (a plain pod: no CE_* edge)",
	  "kubehound/plain-pod.yaml", "privileged-container", false, false,
	  SEV_NONE, NULL },
	/* ---- ENDPOINT_EXPLOIT: outside -> container -> node ---- */
	{ "ENDPOINT_EXPLOIT then CE_PRIV_MOUNT (LoadBalancer, privileged)",
	  "kubehound/endpoint-exploit-privileged.yaml", "path-exposed-node",
	  true, true, SEV_CRITICAL, "container 'web' is privileged" },
	{ "ENDPOINT_EXPLOIT then CE_MODULE_LOAD (LoadBalancer, SYS_MODULE)",
	  "kubehound/endpoint-exploit-module-load.yaml", "path-exposed-node",
	  true, true, SEV_CRITICAL, "adds capability SYS_MODULE" },
	/* read-only, but the directory holds every pod's token */
	{ "ENDPOINT_EXPLOIT then EXPLOIT_HOST_TRAVERSE (/var/lib/kubelet/pods)",
	  "kubehound/endpoint-exploit-kubelet-pods.yaml", "path-exposed-node",
	  true, true, SEV_CRITICAL,
	  "volume 'kpods' mounts the node's /var/lib/kubelet/pods" },
	{ "ENDPOINT_EXPLOIT (LoadBalancer, no escape: no node)",
	  "kubehound/endpoint-exploit-plain.yaml", "path-exposed-node", false,
	  false, SEV_NONE, NULL },
	/* ---- RBAC edges ---- */
	{ "POD_CREATE (create pods in default)", "kubehound/pod-create.yaml",
	  "rbac-create-workloads", true, true, SEV_HIGH,
	  "can create pods in namespace kh-rbac" },
	{ "POD_CREATE then IDENTITY_ASSUME (cluster-admin account there)",
	  "kubehound/pod-create-chain.yaml", "rbac-cluster-admin-equivalent",
	  true, true, SEV_CRITICAL,
	  "runs a pod as ServiceAccount kh-rbac/kh-pod-create-admin" },
	{ "POD_PATCH (get, list, patch pods)", "kubehound/pod-patch.yaml",
	  "rbac-exec", true, true, SEV_HIGH,
	  "can change the images of running pods" },
	{ "POD_PATCH then TOKEN_STEAL (a pod mounts a cluster-admin token)",
	  "kubehound/pod-patch-chain.yaml", "rbac-cluster-admin-equivalent",
	  true, true, SEV_CRITICAL,
	  "changes an image of Deployment kh-pod-patch-admin" },
	{ "POD_EXEC (create pods/exec)", "kubehound/pod-exec.yaml", "rbac-exec",
	  true, true, SEV_HIGH, "can exec into pods in namespace kh-rbac" },
	{ "POD_EXEC then TOKEN_STEAL (a pod mounts a cluster-admin token)",
	  "kubehound/pod-exec-chain.yaml", "rbac-cluster-admin-equivalent",
	  true, true, SEV_CRITICAL, "execs into Deployment kh-pod-exec-admin" },
	{ "TOKEN_BRUTEFORCE (get secrets)", "kubehound/token-bruteforce.yaml",
	  "rbac-read-secrets", true, true, SEV_HIGH,
	  "can read secrets in namespace kh-rbac" },
	{ "TOKEN_LIST (list secrets)", "kubehound/token-list.yaml",
	  "rbac-read-secrets", true, true, SEV_HIGH,
	  "can read secrets in namespace kh-rbac" },
	{ "TOKEN_LIST (a legacy token Secret of a cluster-admin account)",
	  "kubehound/token-list-chain.yaml", "rbac-cluster-admin-equivalent",
	  true, true, SEV_CRITICAL, "reads Secret kh-token-list-admin-token" },
	/*
	 * Disagrees: TOKEN_BRUTEFORCE links secret readers to every account
	 * of the namespace.  Tokens mounted since 1.24 are projected, never
	 * stored in a Secret; without a legacy token Secret in the input no
	 * get or list returns one.
	 */
	{ "TOKEN_BRUTEFORCE (cluster-admin account, no token Secret)",
	  "kubehound/token-bruteforce-no-secret.yaml",
	  "rbac-cluster-admin-equivalent", true, false, SEV_NONE, NULL },
	/*
	 * Disagrees: users and groups are not namespaced; the API server
	 * authorizes impersonating them cluster-wide, which a RoleBinding
	 * never grants.  The Role of KubeHound's fixture grants nothing.
	 */
	{ "IDENTITY_IMPERSONATE (users, groups through a RoleBinding)",
	  "kubehound/impersonate-role.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	{ "IDENTITY_IMPERSONATE (users, groups through a ClusterRoleBinding)",
	  "kubehound/impersonate-clusterrole.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "which makes it effectively cluster-admin" },
	/*
	 * Disagrees: resourceNames match names exactly, and "*" there is
	 * the name of a role nobody made, not a wildcard.  The fixture's
	 * bind reaches no role.
	 */
	{ "ROLE_BIND (bind with resourceNames: [\"*\"])",
	  "kubehound/role-bind-star-name.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	{ "ROLE_BIND (CRB: create clusterrolebindings, bind clusterroles)",
	  "kubehound/role-bind-crb-clusterroles.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "which makes it effectively cluster-admin" },
	{ "ROLE_BIND (CRB: create rolebindings, bind clusterroles)",
	  "kubehound/role-bind-crb-rolebindings.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "can bind cluster roles cluster-wide" },
	/*
	 * Disagrees: the fixture KubeHound expects no edge from holds bind on
	 * Roles, which a ClusterRoleBinding cannot reference.  threatmap
	 * reports the grant as a permission (bind hands out roles the holder
	 * lacks the moment any binding write joins it); it finds no chain,
	 * as the next row says.
	 */
	{ "ROLE_BIND crb-cr-crb-r-fail (bind roles, create CRBs)",
	  "kubehound/role-bind-crb-roles-only.yaml", "rbac-escalate", false,
	  true, SEV_HIGH, "can bind roles cluster-wide" },
	{ "ROLE_BIND crb-cr-crb-r-fail (no chain to cluster-admin)",
	  "kubehound/role-bind-crb-roles-only.yaml",
	  "rbac-cluster-admin-equivalent", false, false, SEV_NONE, NULL },
	/*
	 * Disagrees, as above: a RoleBinding cannot grant the cluster-scoped
	 * create on ClusterRoleBindings, so only the bind grant in the
	 * namespace is left, which threatmap reports as a permission.
	 */
	{ "ROLE_BIND rb-cr-crb-cr-fail (RoleBinding: create CRBs, bind)",
	  "kubehound/role-bind-rb-clusterrolebindings.yaml", "rbac-escalate",
	  false, true, SEV_HIGH,
	  "can bind cluster roles in namespace kh-rbac" },
	{ "ROLE_BIND rb-cr-crb-cr-fail (no chain to cluster-admin)",
	  "kubehound/role-bind-rb-clusterrolebindings.yaml",
	  "rbac-cluster-admin-equivalent", false, false, SEV_NONE, NULL },
	{ "ROLE_BIND_NAMESPACE (RoleBinding: create rolebindings, bind)",
	  "kubehound/role-bind-rb-rolebindings.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "can bind cluster roles in namespace kh-rbac" },
	{ "ROLE_BIND_NAMESPACE (RoleBinding: create rolebindings, bind roles)",
	  "kubehound/role-bind-rb-roles.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "can bind roles in namespace kh-rbac" },
	/* ---- POD_EXEC -> CE_* -> node -> TOKEN_STEAL, any namespace ---- */
	{ "POD_EXEC, CE_PRIV_MOUNT, TOKEN_STEAL (privileged DaemonSet)",
	  "kubehound/exec-daemonset-privileged.yaml",
	  "rbac-cluster-admin-equivalent", true, true, SEV_CRITICAL,
	  "execs into DaemonSet kh-mon/kh-exec-ds-priv-agent, where container "
	  "'agent' is privileged, so it takes every node and the token that "
	  "Deployment kh-ops/kh-exec-ds-priv-ctl mounts" },
	{ "POD_EXEC, CE_MODULE_LOAD, TOKEN_STEAL (DaemonSet adds SYS_MODULE)",
	  "kubehound/exec-daemonset-module-load.yaml",
	  "rbac-cluster-admin-equivalent", true, true, SEV_CRITICAL,
	  "adds capability SYS_MODULE, so it takes every node" },
	{ "POD_EXEC, EXPLOIT_HOST_TRAVERSE, TOKEN_STEAL "
	  "(/var/lib/kubelet/pods)",
	  "kubehound/exec-daemonset-kubelet-pods.yaml",
	  "rbac-cluster-admin-equivalent", true, true, SEV_CRITICAL,
	  "mounts the node's /var/lib/kubelet/pods, so it takes every node" },
	{ "POD_EXEC into a DaemonSet with no escape (no CE_* edge)",
	  "kubehound/exec-daemonset-plain.yaml",
	  "rbac-cluster-admin-equivalent", false, false, SEV_NONE, NULL },
	/* hostPID shows the node's processes; it reads none of their files */
	{ "POD_EXEC into a DaemonSet with hostPID alone (no CE_NSENTER)",
	  "kubehound/exec-daemonset-host-pid.yaml",
	  "rbac-cluster-admin-equivalent", false, false, SEV_NONE, NULL },
	{ "POD_EXEC in another namespace than the privileged DaemonSet",
	  "kubehound/exec-daemonset-other-namespace.yaml",
	  "rbac-cluster-admin-equivalent", false, false, SEV_NONE, NULL },
};

START_TEST(test_kubehound)
{
	tu_peer_judge(&kubehound[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_count)
{
	ck_assert_uint_eq(N(kubehound), 51);
	ck_assert_uint_eq(tu_peer_agreed(kubehound, N(kubehound)), 42);
}
END_TEST

/*
 * KubeHound joins a container to the tokens of the pods on its own node,
 * as a live cluster places them.  A Deployment's pods and a DaemonSet kept
 * to some nodes run where the manifests do not say, so threatmap takes no
 * node through them: exec reaches their own tokens only.
 */
START_TEST(test_exec_node_unplaced)
{
	static const char *const files[] = {
		"testdata/verdicts/peers/kubehound/"
		"exec-deployment-privileged.yaml",
		"testdata/verdicts/peers/kubehound/"
		"exec-daemonset-node-selector.yaml",
	};
	const struct check *one[2] = {
		check_find("rbac-cluster-admin-equivalent"), NULL
	};
	size_t i;

	ck_assert_ptr_nonnull(one[0]);
	for (i = 0; i < N(files); i++) {
		const char *p[1] = { files[i] };
		struct tu_checks r;

		tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
		ck_assert_msg(r.s->errors.n == 0, "%s: input errors", files[i]);
		ck_assert_msg(r.f.n == 0, "%s: %s", files[i],
			      r.f.n ? r.f.v[0]->message : "");
		tu_checks_release(&r);
	}
}
END_TEST

/*
 * weave-scope as published: its agent is a privileged DaemonSet on every
 * node.  Whoever may exec into the pods of its namespace takes the nodes,
 * and the cluster-admin token a pod of another namespace mounts; without
 * weave-scope the same grants reach nothing.
 */
START_TEST(test_real_weave_scope_agent)
{
	const struct check *one[2] = {
		check_find("rbac-cluster-admin-equivalent"), NULL
	};
	const char *ours = "testdata/rbac/exec-node/weave-exec.yaml";
	char weave[1024];
	const char *p[2] = { ours, weave };
	const struct finding *f;
	struct tu_checks r;
	TU_NEED_SHARED(shared);

	snprintf(weave, sizeof(weave),
		 "%s/k8s-real/sensitive-apps/weave-scope/k8s-scope.yaml",
		 shared);
	tu_checks_run(&r, tu_scan_paths(p, 2), one, NULL, NULL);
	ck_assert_msg(r.s->errors.n == 0, "input errors");
	ck_assert_uint_eq(r.f.n, 1);
	f = r.f.v[0];
	ck_assert_str_eq(f->obj->name, "weave-support-exec");
	ck_assert_msg(strstr(f->message,
			     "it can exec into pods in namespace weave, so it "
			     "execs into DaemonSet weave/weave-scope-agent, "
			     "where container 'scope-agent' is privileged, so "
			     "it takes every node and the token that "
			     "Deployment fleet/fleet-operator mounts") != NULL,
		      "%s", f->message);
	tu_checks_release(&r);

	tu_checks_run(&r, tu_scan_paths(p, 1), one, NULL, NULL);
	ck_assert_uint_eq(r.f.n, 0);
	tu_checks_release(&r);
}
END_TEST

Suite *suite_peer_kubehound(void)
{
	Suite *s = suite_create("peer_kubehound");
	TCase *tc = tcase_create("kubehound");

	tcase_add_loop_test(tc, test_kubehound, 0, (int)N(kubehound));
	tcase_add_test(tc, test_agreement_count);
	tcase_add_test(tc, test_exec_node_unplaced);
	tcase_add_test(tc, test_real_weave_scope_agent);
	suite_add_tcase(s, tc);
	return s;
}
