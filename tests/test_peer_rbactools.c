/*
 * test_peer_rbactools.c - threatmap's verdict on the RBAC cases of two
 * peers, each restated as a small manifest of ours in
 * testdata/verdicts/peers/rbactools/: the risky roles of KubiScan
 * (cyberark/KubiScan risky_roles.yaml, with the ways its engine matches
 * them) and the analysis rules and exclusions of rbac-tool
 * (alcideio/rbac-tool pkg/analysis/default-rules.yaml and its tests).
 * Files named kubi-* were written after KubiScan's cases and rbt-* after
 * rbac-tool's; rows of either peer may share a file.
 *
 * Each row names the peer's case, the threatmap check compared, what the
 * peer says and what threatmap says.  Where the two differ, the row says
 * why, from how the API server's RBAC authorizer and its escalation and
 * impersonation checks decide; the count of agreeing rows is pinned.
 */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct tu_peer_row rbactools[] = {
	{ "KubiScan risky_roles.yaml (risky-get-secrets)",
	  "rbactools/kubi-get-secrets.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "can read secrets in namespace kubi-lab" },
	{ "KubiScan risky_roles.yaml (risky-list-secrets)",
	  "rbactools/kubi-list-secrets.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "can read secrets in namespace kubi-lab" },
	/*
	 * Disagrees: KubiScan rates impersonate on groups critical whatever
	 * binds it.  A group name has no namespace: the API server asks about it
	 * with none, which a RoleBinding never grants, so this Role impersonates
	 * no group (the next row grants it cluster-wide).
	 */
	{ "KubiScan risky_roles.yaml (risky-impersonate-groups, Role and "
	  "RoleBinding)",
	  "rbactools/kubi-impersonate-groups-role.yaml", "rbac-escalate", true,
	  false, SEV_NONE, NULL },
	/*
	 * reported, but not as cluster-admin: the API server refuses
	 * Impersonate-Group without Impersonate-User, and this role impersonates
	 * no user or service account (testdata/checks/rbac-cluster-admin-equivalent
	 * holds the chains with and without one)
	 */
	{ "KubiScan risky_roles.yaml (risky-impersonate-groups, cluster-wide)",
	  "rbactools/kubi-impersonate-groups-cluster.yaml", "rbac-escalate",
	  true, true, SEV_HIGH, "can impersonate groups cluster-wide" },
	{ "KubiScan risky_roles.yaml (risky-any-verb, in a namespace)",
	  "rbactools/kubi-any-any-role.yaml", "rbac-wildcard", true, true,
	  SEV_HIGH, "can do anything in namespace kubi-lab" },
	{ "KubiScan risky_roles.yaml (risky-any-verb, cluster-wide)",
	  "rbactools/kubi-any-any-cluster.yaml",
	  "rbac-cluster-admin-equivalent", true, true, SEV_CRITICAL,
	  "holds cluster-admin power" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-secrets)",
	  "rbactools/kubi-any-verb-secrets.yaml", "rbac-read-secrets", true,
	  true, SEV_HIGH, "can read secrets" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-pods)",
	  "rbactools/kubi-any-verb-pods.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "can create pods" },
	/* every verb on pods holds update: a container's image may change */
	{ "KubiScan risky_roles.yaml (risky-any-verb-pods)",
	  "rbactools/kubi-any-verb-pods.yaml", "rbac-exec", true, true,
	  SEV_HIGH, "change the images of running pods" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-deployments)",
	  "rbactools/kubi-any-verb-deployments.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-daemonsets)",
	  "rbactools/kubi-any-verb-daemonsets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-statefulsets)",
	  "rbactools/kubi-any-verb-statefulsets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-replicationcontrollers)",
	  "rbactools/kubi-any-verb-replicationcontrollers.yaml",
	  "rbac-create-workloads", true, true, SEV_HIGH,
	  "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-replicasets)",
	  "rbactools/kubi-any-verb-replicasets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-cronjobs)",
	  "rbactools/kubi-any-verb-cronjobs.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-jobs)",
	  "rbactools/kubi-any-verb-jobs.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-any-verb-roles)",
	  "rbactools/kubi-any-verb-roles.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "can bind roles and escalate roles" },
	/*
	 * Disagrees: every verb on RoleBindings, without bind on a role.  The API
	 * server lets a binding through only when its writer may bind its role or
	 * holds every permission the role grants, on create and on update alike:
	 * no binding can hand out more than the writer has.
	 */
	{ "KubiScan risky_roles.yaml (risky-any-verb-rolebindings)",
	  "rbactools/kubi-any-verb-rolebindings.yaml", "rbac-escalate", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: ClusterRoleBindings have no namespace; a Role, bound in one,
	 * grants nothing on them.
	 */
	{ "KubiScan risky_roles.yaml (risky-any-verb-clusterrolebindings, in a "
	  "Role)",
	  "rbactools/kubi-any-verb-crb-role.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: as for groups, impersonating a user is asked with no
	 * namespace; a Role grants it nowhere.
	 */
	{ "KubiScan risky_roles.yaml (risky-any-verb-users, in a Role)",
	  "rbactools/kubi-any-verb-users-role.yaml", "rbac-escalate", true,
	  false, SEV_NONE, NULL },
	{ "KubiScan risky_roles.yaml (risky-any-verb-users, cluster-wide)",
	  "rbactools/kubi-any-verb-users-cluster.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "can impersonate users cluster-wide" },
	/* delete answers with the Secret it marks for deletion */
	{ "KubiScan risky_roles.yaml (risky-any-resource-delete)",
	  "rbactools/kubi-any-resource-delete.yaml", "rbac-read-secrets", true,
	  true, SEV_HIGH, "can read secrets in namespace kubi-lab" },
	/* a RoleBinding's namespace is itself a resource of that namespace */
	{ "KubiScan risky_roles.yaml (risky-any-resource-delete)",
	  "rbactools/kubi-any-resource-delete.yaml", "rbac-delete-data", true,
	  true, SEV_HIGH, "can delete namespace kubi-lab" },
	{ "KubiScan risky_roles.yaml (risky-any-resource-delete, "
	  "deletecollection)",
	  "rbactools/kubi-any-resource-deletecollection.yaml",
	  "rbac-read-secrets", true, true, SEV_HIGH, "can read secrets" },
	{ "KubiScan risky_roles.yaml (risky-any-resource-create)",
	  "rbactools/kubi-any-resource-create.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "can create pods" },
	/* `*` takes in subresources: create on pods/exec */
	{ "KubiScan risky_roles.yaml (risky-any-resource-create)",
	  "rbactools/kubi-any-resource-create.yaml", "rbac-exec", true, true,
	  SEV_HIGH, "can exec into pods" },
	{ "KubiScan risky_roles.yaml (risky-any-resource-list)",
	  "rbactools/kubi-any-resource-list.yaml", "rbac-read-secrets", true,
	  true, SEV_HIGH, "can read secrets" },
	{ "KubiScan risky_roles.yaml (risky-any-resource-get)",
	  "rbactools/kubi-any-resource-get.yaml", "rbac-read-secrets", true,
	  true, SEV_HIGH, "can read secrets" },
	/* impersonate on every resource of a namespace reaches its service accounts */
	{ "KubiScan risky_roles.yaml (risky-any-resource-impersonate)",
	  "rbactools/kubi-any-resource-impersonate.yaml", "rbac-escalate", true,
	  true, SEV_HIGH,
	  "can impersonate service accounts in namespace kubi-lab" },
	{ "KubiScan risky_roles.yaml (risky-create-deployments)",
	  "rbactools/kubi-create-deployments.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-create-daemonsets)",
	  "rbactools/kubi-create-daemonsets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-create-statefulsets)",
	  "rbactools/kubi-create-statefulsets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-create-replicationcontrollers)",
	  "rbactools/kubi-create-replicationcontrollers.yaml",
	  "rbac-create-workloads", true, true, SEV_HIGH,
	  "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-create-replicasets)",
	  "rbactools/kubi-create-replicasets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-create-jobs)",
	  "rbactools/kubi-create-jobs.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-create-cronjobs)",
	  "rbactools/kubi-create-cronjobs.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "can create workloads" },
	{ "KubiScan risky_roles.yaml (risky-update-deployments)",
	  "rbactools/kubi-update-deployments.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-update-daemonsets)",
	  "rbactools/kubi-update-daemonsets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-update-statefulsets)",
	  "rbactools/kubi-update-statefulsets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-update-replicationcontrollers)",
	  "rbactools/kubi-update-replicationcontrollers.yaml",
	  "rbac-create-workloads", true, true, SEV_HIGH,
	  "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-update-replicasets)",
	  "rbactools/kubi-update-replicasets.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "change workloads' pod templates" },
	/*
	 * Disagrees: a Job's pod template cannot change once the Job exists (the
	 * API server refuses the update), so update on Jobs starts no pod of
	 * another service account.
	 */
	{ "KubiScan risky_roles.yaml (risky-update-jobs, jobs)",
	  "rbactools/kubi-update-jobs.yaml", "rbac-create-workloads", true,
	  false, SEV_NONE, NULL },
	/* a CronJob's template does change: its next Job takes the new one */
	{ "KubiScan risky_roles.yaml (risky-update-jobs, cronjobs)",
	  "rbactools/kubi-update-cronjobs.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "change workloads' pod templates" },
	{ "KubiScan risky_roles.yaml (risky-create-pod)",
	  "rbactools/kubi-create-pod.yaml", "rbac-create-workloads", true, true,
	  SEV_HIGH, "can create pods in namespace kubi-lab" },
	{ "KubiScan risky_roles.yaml (risky-exec-pods)",
	  "rbactools/kubi-exec-pods.yaml", "rbac-exec", true, true, SEV_HIGH,
	  "can exec into pods" },
	{ "KubiScan risky_roles.yaml (risky-attach-pods)",
	  "rbactools/kubi-attach-pods.yaml", "rbac-exec", true, true, SEV_HIGH,
	  "can attach to pods" },
	/*
	 * Disagrees: KubiScan holds exec risky only beside get on pods.  The
	 * exec request is a create on pods/exec and asks nothing else; a client
	 * that knows the pod's name needs no read of it.
	 */
	{ "KubiScan risky_roles.yaml (risky-exec-pods, pods/exec alone)",
	  "rbactools/kubi-exec-without-get.yaml", "rbac-exec", false, true,
	  SEV_HIGH, "can exec into pods" },
	/*
	 * Disagrees: KubiScan's risky role writes resourceNames: ["*"] for "any
	 * role".  resourceNames hold names, compared as they are written: the rule
	 * binds only a Role named "*", so it cannot hand out any existing role.
	 */
	{ "KubiScan risky_roles.yaml (risky-create-rolebinding-role, "
	  "resourceNames *)",
	  "rbactools/kubi-bind-star-name.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	{ "KubiScan risky_roles.yaml (risky-create-rolebinding-role, "
	  "unrestricted bind)",
	  "rbactools/kubi-bind-any-role.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "can bind roles in namespace kubi-lab" },
	{ "KubiScan risky_roles.yaml "
	  "(risky-create-clusterrolebinding-clusterrole)",
	  "rbactools/kubi-bind-clusterroles-cluster.yaml", "rbac-escalate",
	  true, true, SEV_HIGH, "can bind cluster roles cluster-wide" },
	/*
	 * Disagrees: patching a RoleBinding passes the same escalation check as
	 * creating one; without bind on its role the writer may add no subject
	 * (and may repoint it only at a role whose permissions it holds).
	 */
	{ "KubiScan risky_roles.yaml (risky-add-rolebinding)",
	  "rbactools/kubi-add-rolebinding.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees (KubiScan engine/utils.py matches a binding's role by name
	 * alone): the RoleBinding names the harmless Role of its own namespace,
	 * not the same-named Role that reads Secrets elsewhere.
	 */
	{ "KubiScan engine/utils.py (role matched by name)",
	  "rbactools/kubi-same-name-two-namespaces.yaml", "rbac-read-secrets",
	  true, false, SEV_NONE, NULL },
	/*
	 * Disagrees: roleRef.kind says ClusterRole; the same-named Role of the
	 * namespace, which reads Secrets, is bound by nothing.
	 */
	{ "KubiScan engine/utils.py (roleRef kind ignored)",
	  "rbactools/kubi-clusterrole-named-like-role.yaml",
	  "rbac-read-secrets", true, false, SEV_NONE, NULL },
	/*
	 * Disagrees: a ClusterRoleBinding may reference only a ClusterRole; one
	 * naming a Role grants nothing (the API server refuses to store it).
	 */
	{ "KubiScan engine/utils.py (ClusterRoleBinding to a Role)",
	  "rbactools/kubi-crb-to-role.yaml", "rbac-read-secrets", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: KubiScan drops apiGroups.  secrets of vault.example.com is a
	 * custom resource; the rule grants nothing on the core group's Secrets.
	 */
	{ "KubiScan (apiGroups dropped)",
	  "rbactools/kubi-secrets-other-group.yaml", "rbac-read-secrets", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: KubiScan drops resourceNames.  bind limited to a role that
	 * reads ConfigMaps hands out only that role.
	 */
	{ "KubiScan (resourceNames dropped, bind)",
	  "rbactools/kubi-bind-named-view.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: get on one named Secret reads that Secret, not the
	 * namespace's.
	 */
	{ "KubiScan (resourceNames dropped, get)",
	  "rbactools/kubi-get-named-secret.yaml", "rbac-read-secrets", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: KubiScan compares resources literally.  A rule for the
	 * resource "*" followed by "/exec" covers the exec subresource of every
	 * resource, pods/exec included.
	 */
	{ "KubiScan (literal *, */exec)", "rbactools/kubi-star-exec.yaml",
	  "rbac-exec", false, true, SEV_HIGH, "can exec into pods" },
	/* a subresource of pods literally named * is no real one (pods slash star) */
	{ "KubiScan (literal *, pods/*)", "rbactools/kubi-pods-star.yaml",
	  "rbac-exec", false, false, SEV_NONE, NULL },
	/* verbs are compared exactly; requests carry them in lower case */
	{ "KubiScan (literal verbs, GET)", "rbactools/kubi-upper-verbs.yaml",
	  "rbac-read-secrets", false, false, SEV_NONE, NULL },
	/*
	 * impersonate limited to the group system:masters (and one user name to
	 * carry it): every request may then claim that group, which RBAC never
	 * restricts, so resourceNames narrows nothing that matters
	 */
	{ "KubiScan (resourceNames dropped, impersonate)",
	  "rbactools/kubi-impersonate-masters.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "system:masters" },
	/*
	 * Disagrees: impersonation limited to a group that no binding makes
	 * powerful, and to one user name, acts as that group and user only.
	 */
	{ "KubiScan (resourceNames dropped, impersonate a named group)",
	  "rbactools/kubi-impersonate-named-group.yaml", "rbac-escalate", true,
	  false, SEV_NONE, NULL },
	/*
	 * impersonating one named account of the namespace is as strong as that
	 * account, which holds nothing here
	 */
	{ "KubiScan (risky-any-resource-impersonate, one named account)",
	  "rbactools/kubi-impersonate-named-sa.yaml", "rbac-escalate", false,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: rbac-tool's global exclusions drop every subject whose name
	 * starts with system:.  system:anonymous is anyone who can reach the API
	 * server, without credentials.
	 */
	{ "rbac-tool default-rules.yaml (GlobalExclusions, system:anonymous)",
	  "rbactools/rbt-anonymous-view.yaml", "rbac-public-binding", false,
	  true, SEV_CRITICAL, "User system:anonymous" },
	/* Disagrees: system:authenticated, excluded by name, is every identity. */
	{ "rbac-tool default-rules.yaml (GlobalExclusions, "
	  "system:authenticated)",
	  "rbactools/rbt-authenticated-secrets.yaml", "rbac-public-binding",
	  false, true, SEV_CRITICAL, "which can read secrets" },
	/* Disagrees: as above, for Secret Readers. */
	{ "rbac-tool default-rules.yaml (Secret Readers, system:authenticated)",
	  "rbactools/rbt-authenticated-secrets.yaml", "rbac-read-secrets",
	  false, true, SEV_HIGH, "can read secrets in all namespaces" },
	/* Disagrees: system:serviceaccounts holds every pod's token. */
	{ "rbac-tool default-rules.yaml (GlobalExclusions, "
	  "system:serviceaccounts)",
	  "rbactools/rbt-all-sa-create-pods.yaml", "rbac-public-binding", false,
	  true, SEV_CRITICAL, "which can create pods" },
	/*
	 * Disagrees: a service account named as a User is still an ordinary
	 * workload's account; its name starts with system: as every account's
	 * does.
	 */
	{ "rbac-tool default-rules.yaml (GlobalExclusions, User "
	  "system:serviceaccount:...)",
	  "rbactools/rbt-sa-as-user.yaml", "rbac-read-secrets", false, true,
	  SEV_HIGH, "can read secrets in namespace rbt-lab" },
	/*
	 * Disagrees: rbac-tool skips all of kube-system.  Only the bootstrap
	 * policy's own bindings are defaults; an account installed there later
	 * reads every Secret like any other.
	 */
	{ "rbac-tool default-rules.yaml (GlobalExclusions, kube-system)",
	  "rbactools/rbt-kube-system-sa-secrets.yaml", "rbac-read-secrets",
	  false, true, SEV_HIGH, "can read secrets in all namespaces" },
	/*
	 * Disagrees: rbac-tool exempts gatekeeper-system/gatekeeper-admin by
	 * name.  Its token is as good as any other holder's; a mutating webhook
	 * sees and rewrites every request.
	 */
	{ "rbac-tool default-rules.yaml (GlobalExclusions, gatekeeper-admin)",
	  "rbactools/rbt-gatekeeper-admin-webhooks.yaml", "rbac-webhooks",
	  false, true, SEV_HIGH, "effectively cluster-admin" },
	/*
	 * Disagrees: Secret Readers counts get and * only.  list and watch
	 * answer with whole Secrets, data included.
	 */
	{ "rbac-tool default-rules.yaml (Secret Readers, list and watch)",
	  "rbactools/rbt-watch-secrets.yaml", "rbac-read-secrets", false, true,
	  SEV_HIGH, "can read secrets in namespace rbt-lab" },
	{ "rbac-tool default-rules.yaml (Secret Readers, get)",
	  "rbactools/rbt-get-secrets.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "can read secrets in namespace rbt-lab" },
	{ "rbac-tool default_rules_test.go (Test__Analyzer: get on */*)",
	  "rbactools/rbt-get-everything.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "can read secrets" },
	/*
	 * Disagrees: Workload Creators & Editors asks for the core, batch or *
	 * group; Deployments, StatefulSets, DaemonSets and ReplicaSets are of
	 * apps.
	 */
	{ "rbac-tool default-rules.yaml (Workload Creators, apps group)",
	  "rbactools/rbt-create-deployments-apps.yaml", "rbac-create-workloads",
	  false, true, SEV_HIGH, "can create workloads" },
	{ "rbac-tool default-rules.yaml (Workload Creators, cronjobs)",
	  "rbactools/rbt-create-cronjobs.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "can create workloads" },
	{ "rbac-tool default-rules.yaml (Workload Editors, patch pods)",
	  "rbactools/rbt-patch-pods.yaml", "rbac-exec", true, true, SEV_HIGH,
	  "change the images of running pods" },
	/*
	 * Disagrees: as KubiScan's risky-update-jobs: a Job's template does not
	 * change.
	 */
	{ "rbac-tool default-rules.yaml (Workload Editors, patch jobs)",
	  "rbactools/rbt-patch-jobs.yaml", "rbac-create-workloads", true, false,
	  SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (impersonate, serviceaccounts)",
	  "rbactools/rbt-impersonate-sa.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "can impersonate service accounts in namespace rbt-lab" },
	{ "rbac-tool default-rules.yaml (impersonate, users)",
	  "rbactools/rbt-impersonate-users.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "effectively cluster-admin" },
	/* serviceaccounts of another group is a custom resource */
	{ "rbac-tool default-rules.yaml (impersonate, apiGroup other than "
	  "core)",
	  "rbactools/rbt-impersonate-sa-core-only.yaml", "rbac-escalate", false,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: the escalators rule counts create, update and patch on
	 * Roles.  Without escalate the API server refuses a role holding anything
	 * its writer does not hold itself.
	 */
	{ "rbac-tool default-rules.yaml (bind or escalate, create roles)",
	  "rbactools/rbt-create-roles.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (bind or escalate, escalate roles)",
	  "rbactools/rbt-escalate-roles.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "can escalate roles in namespace rbt-lab" },
	{ "rbac-tool default-rules.yaml (bind or escalate, bind clusterroles)",
	  "rbactools/rbt-bind-clusterroles.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "can bind cluster roles cluster-wide" },
	/*
	 * Disagrees: claims in one's own namespace draw on the storage classes
	 * an administrator set up; deleting them is deleting one's own data.
	 * Claims in every namespace are reported (below).
	 */
	{ "rbac-tool default-rules.yaml (Storage, persistentvolumeclaims in a "
	  "namespace)",
	  "rbactools/rbt-create-pvc.yaml", "rbac-delete-data", true, false,
	  SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (Storage, create persistentvolumes)",
	  "rbactools/rbt-create-pv.yaml", "rbac-create-pv", true, true,
	  SEV_MEDIUM, "can create PersistentVolumes" },
	{ "rbac-tool default-rules.yaml (Storage, delete claims everywhere)",
	  "rbactools/rbt-delete-pvc-all.yaml", "rbac-delete-data", true, true,
	  SEV_MEDIUM, "can delete PersistentVolumeClaims in every namespace" },
	/*
	 * Disagrees: rbac-tool reports create and update on Services, which the
	 * built-in edit role grants in every namespace it is bound in.  The
	 * external IPs such a Service may claim (CVE-2020-8554) are judged on the
	 * Services themselves by service-ip-hijack; what the status of a
	 * LoadBalancer Service claims is guarded by the status subresource, next
	 * row.
	 */
	{ "rbac-tool default-rules.yaml (Networking, create services)",
	  "rbactools/rbt-create-services.yaml", "rbac-service-status", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: services/status is no resource the networking rule lists,
	 * yet whoever writes it claims any address for a load balancer.
	 */
	{ "rbac-tool default-rules.yaml (Networking, services/status)",
	  "rbactools/rbt-patch-service-status.yaml", "rbac-service-status",
	  false, true, SEV_HIGH,
	  "can write the status of Services in every namespace" },
	{ "rbac-tool default-rules.yaml (Admission Controllers, mutating)",
	  "rbactools/rbt-mutating-webhooks.yaml", "rbac-webhooks", true, true,
	  SEV_HIGH, "effectively cluster-admin" },
	{ "rbac-tool default-rules.yaml (Admission Controllers, validating)",
	  "rbactools/rbt-validating-webhooks.yaml", "rbac-webhooks", true, true,
	  SEV_HIGH, "can write admission webhook configurations" },
	/*
	 * Disagrees: in the Gatekeeper rule the verb test binds only the first
	 * alternative (a && b || c || d), so get and list on Gatekeeper's configs
	 * and mutators are reported; reading policy changes nothing.
	 */
	{ "rbac-tool default-rules.yaml (OPA GateKeeper Administration, get "
	  "only)",
	  "rbactools/rbt-read-gatekeeper-config.yaml", "rbac-webhooks", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: rbac-tool has no rule for exec.  Over a websocket the API
	 * server authorizes exec as get on pods/exec (clusters before the
	 * create-only check of 1.35).
	 */
	{ "rbac-tool default-rules.yaml (no exec rule, get pods/exec)",
	  "rbactools/rbt-get-pods-exec.yaml", "rbac-exec", false, true,
	  SEV_HIGH, "can exec into pods" },
	/*
	 * Disagrees: rbac-tool's rules test verb, group and resource of each
	 * flattened rule (pkg/rbac/subject_permissions.go) and never its
	 * resourceNames; one named Secret is all this rule reads.
	 */
	{ "rbac-tool default-rules.yaml (Secret Readers, resourceNames not "
	  "read)",
	  "rbactools/kubi-get-named-secret.yaml", "rbac-read-secrets", true,
	  false, SEV_NONE, NULL },
	/* Disagrees: as above, for a bind limited to a harmless ClusterRole. */
	{ "rbac-tool default-rules.yaml (bind or escalate, resourceNames not "
	  "read)",
	  "rbactools/kubi-bind-named-view.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (impersonate, groups limited to "
	  "system:masters)",
	  "rbactools/kubi-impersonate-masters.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "(only system:masters)" },
	/*
	 * Disagrees: rbac-tool's impersonate rule reads no scope; in a Role,
	 * impersonating groups is granted nowhere.
	 */
	{ "rbac-tool default-rules.yaml (impersonate, groups in a Role)",
	  "rbactools/kubi-impersonate-groups-role.yaml", "rbac-escalate", true,
	  false, SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (Secret Readers, verbs in capitals)",
	  "rbactools/kubi-upper-verbs.yaml", "rbac-read-secrets", false, false,
	  SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (Secret Readers, secrets of another "
	  "group)",
	  "rbactools/kubi-secrets-other-group.yaml", "rbac-read-secrets", false,
	  false, SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (bind or escalate, every verb on "
	  "rolebindings)",
	  "rbactools/kubi-any-verb-rolebindings.yaml", "rbac-escalate", false,
	  false, SEV_NONE, NULL },
	{ "rbac-tool default-rules.yaml (Secret Readers, ServiceAccount "
	  "subject without namespace)",
	  "rbactools/rbt-sa-no-namespace.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "(namespace taken from the binding)" },
};

START_TEST(test_rbactools)
{
	tu_peer_judge(&rbactools[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_count)
{
	ck_assert_uint_eq(N(rbactools), 100);
	ck_assert_uint_eq(tu_peer_agreed(rbactools, N(rbactools)), 65);
}
END_TEST

Suite *suite_peer_rbactools(void)
{
	Suite *s = suite_create("peer_rbactools");
	TCase *tc = tcase_create("rbactools");

	tcase_add_loop_test(tc, test_rbactools, 0, (int)N(rbactools));
	tcase_add_test(tc, test_agreement_count);
	suite_add_tcase(s, tc);
	return s;
}
