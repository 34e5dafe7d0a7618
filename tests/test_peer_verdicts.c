/*
 * test_peer_verdicts.c - threatmap's verdict on cases taken from the test
 * fixtures of Polaris (FairwindsOps/polaris test/checks/), kube-score
 * (zegl/kube-score score/testdata/ and its score tests) and Checkov
 * (bridgecrewio/checkov tests/kubernetes/checks/example_*), each restated
 * as a small manifest of ours in testdata/verdicts/peers/.
 *
 * Each row names the peer's fixture, the threatmap check compared, what
 * the peer says and what threatmap says.  Where the two differ the row
 * says why threatmap's answer is the right one; the counts of agreeing
 * rows are pinned so that a verdict moving either way is noticed.
 */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* FairwindsOps/polaris test/checks/<check>/<case>.yaml */
static const struct tu_peer_row polaris[] = {
	{ "privilegeEscalationAllowed/failure.pod.yaml",
	  "polaris/escalation-container-true.yaml", "privilege-escalation",
	  true, true, SEV_HIGH, "allowPrivilegeEscalation" },
	/*
	 * Disagrees: Polaris passes a pod whose allowPrivilegeEscalation:
	 * false sits in the pod's securityContext.  PodSecurityContext has no
	 * such field (it is a container field only); the API server drops it,
	 * so the container runs with the default, which allows escalation.
	 */
	{ "privilegeEscalationAllowed/success.pod_no_cont.yaml",
	  "polaris/escalation-pod-level-only.yaml", "privilege-escalation",
	  false, true, SEV_MEDIUM, "does not set allowPrivilegeEscalation" },
	{ "privilegeEscalationAllowed/success.pod.yaml",
	  "polaris/escalation-container-false.yaml", "privilege-escalation",
	  false, false, SEV_NONE, NULL },
	{ "runAsRootAllowed/failure.yaml", "polaris/run-as-non-root-false.yaml",
	  "run-as-root", true, true, SEV_NONE, NULL },
	{ "runAsRootAllowed/success.yaml", "polaris/run-as-non-root-true.yaml",
	  "run-as-root", false, false, SEV_NONE, NULL },
	/* thirteen of the fourteen default capabilities: AUDIT_WRITE kept */
	{ "insecureCapabilities/failure.drop-most.yaml",
	  "polaris/drop-thirteen.yaml", "capabilities-not-dropped", true, true,
	  SEV_LOW, "keeps AUDIT_WRITE of the runtime's default set" },
	/* all fourteen named, in any case: what drop ALL leaves */
	{ "insecureCapabilities/success.case.yaml",
	  "polaris/drop-default-set-mixed-case.yaml",
	  "capabilities-not-dropped", false, false, SEV_NONE, NULL },
	{ "insecureCapabilities/failure.add.yaml", "polaris/add-all.yaml",
	  "dangerous-capabilities", true, true, SEV_CRITICAL,
	  "adds capability ALL" },
	{ "dangerousCapabilities/failure.case.yaml",
	  "polaris/add-net-admin-odd-case.yaml", "dangerous-capabilities", true,
	  true, SEV_MEDIUM, "adds capability NET_ADMIN" },
	{ "hostPathSet/failure.yaml", "polaris/hostpath.yaml",
	  "hostpath-volume", true, true, SEV_NONE, "/srv/agent" },
	{ "hostIPCSet/failure.yaml", "polaris/host-ipc.yaml", "host-namespaces",
	  true, true, SEV_MEDIUM, "hostIPC" },
	{ "hostPIDSet/failure.yaml", "polaris/host-pid.yaml", "host-namespaces",
	  true, true, SEV_HIGH, "hostPID" },
	{ "hostNetworkSet/success.yaml", "polaris/host-network-false.yaml",
	  "host-namespaces", false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: Polaris exempts a RoleBinding because its name starts
	 * with "system:".  Anyone who may create RoleBindings can pick that
	 * name; the API server gives it no meaning, so the user still holds
	 * every permission in the namespace.
	 */
	{ "rolebindingClusterRolePodExecAttach/"
	  "success.system_prefix_binding.yaml",
	  "polaris/system-named-rolebinding.yaml", "rbac-wildcard", false, true,
	  SEV_NONE, "ops-user" },
	{ "clusterrolePodExecAttach/success.exec_wrong_verb.yaml",
	  "polaris/exec-list-only.yaml", "rbac-exec", false, false, SEV_NONE,
	  NULL },
	/* a WebSocket exec is an HTTP GET, authorized as get on pods/exec */
	{ "clusterrolePodExecAttach/"
	  "failure.get_exec_using_apigroup_wildcard.yaml",
	  "polaris/exec-get-any-group.yaml", "rbac-exec", true, true, SEV_NONE,
	  "dev-user" },
	/*
	 * Disagrees: Polaris skips a ClusterRoleBinding named cluster-admin
	 * as a default one, by name alone.  This one binds a user to a role
	 * with create on pods/exec; the name does not make it the default
	 * binding (which binds the system:masters group).
	 */
	{ "clusterrolebindingPodExecAttach/"
	  "success.defaultclusterrolebinding_clusteradmin.yaml",
	  "polaris/binding-named-cluster-admin.yaml", "rbac-exec", false, true,
	  SEV_NONE, "contractor" },
	{ "clusterrolebindingClusterAdmin/"
	  "failure.default_clusteradmin_clusterrole.yaml",
	  "polaris/cluster-admin-to-user.yaml", "cluster-admin-binding", true,
	  true, SEV_NONE, "contractor" },
	/*
	 * Disagrees: Polaris passes get and list on every resource as "not
	 * cluster-admin".  get on nodes/proxy reaches the kubelet API, whose
	 * exec endpoint a WebSocket GET opens in any pod of any node, and
	 * get on secrets reads every service account token: the subject is
	 * cluster-admin in effect.
	 */
	{ "clusterrolebindingClusterAdmin/success.explicit_verbs.yaml",
	  "polaris/read-everything.yaml", "rbac-nodes-proxy", false, true,
	  SEV_NONE, "effectively cluster-admin" },
	/* every plain verb on everything: threatmap names the shortest way */
	{ "clusterrolebindingClusterAdmin/failure.all_verbs.yaml",
	  "polaris/all-plain-verbs.yaml", "rbac-webhooks", true, true, SEV_NONE,
	  "effectively cluster-admin" },
};

/* zegl/kube-score score/testdata/ and the cases of its score tests */
static const struct tu_peer_row kube_score[] = {
	/*
	 * Disagrees: kube-score reports "The container is privileged" for an
	 * empty securityContext (security_test.go, "all null values").
	 * privileged defaults to false; an unset field is not privileged.
	 */
	{ "security_test.go TestPodSecurityContext (empty context)",
	  "kube-score/empty-security-context.yaml", "privileged-container",
	  true, false, SEV_NONE, NULL },
	{ "pod-security-context-privilegied.yaml", "kube-score/privileged.yaml",
	  "privileged-container", true, true, SEV_CRITICAL, NULL },
	{ "security_test.go TestPodSecurityContext (container UID 4)",
	  "kube-score/low-uid-over-pod.yaml", "low-uid", true, true, SEV_NONE,
	  "UID 4" },
	{ "security-inherit-pod-security-context.yaml",
	  "kube-score/uid-from-pod.yaml", "low-uid", false, false, SEV_NONE,
	  NULL },
	{ "security_test.go TestPodSecurityContext (readOnlyRootFilesystem "
	  "false)",
	  "kube-score/writable-root.yaml", "writable-root-filesystem", true,
	  true, SEV_NONE, NULL },
	{ "pod-security-context-all-good.yaml", "kube-score/hardened.yaml",
	  "writable-root-filesystem", false, false, SEV_NONE, NULL },
	{ "pod-security-context-all-good.yaml", "kube-score/hardened.yaml",
	  "run-as-root", false, false, SEV_NONE, NULL },
	{ "pod-image-pullpolicy-never.yaml", "kube-score/pull-never.yaml",
	  "image-pull-policy", true, true, SEV_NONE, NULL },
	{ "pod-image-pullpolicy-undefined.yaml",
	  "kube-score/pull-unset-fixed-tag.yaml", "image-pull-policy", true,
	  true, SEV_NONE, NULL },
	{ "pod-image-pullpolicy-undefined-latest-tag.yaml",
	  "kube-score/pull-unset-latest.yaml", "image-pull-policy", false,
	  false, SEV_NONE, NULL },
	{ "pod-image-tag-latest.yaml", "kube-score/tag-latest.yaml",
	  "image-latest-tag", true, true, SEV_NONE, NULL },
	/*
	 * Disagrees: kube-score counts any policy selecting the pod
	 * (podSelector: {}, issue #293).  This one selects the pod and then
	 * admits all ingress and egress, so it isolates nothing.
	 */
	{ "networkpolicy-targets-all-pods.yaml",
	  "kube-score/netpol-allow-all.yaml", "missing-network-policy", false,
	  true, SEV_LOW, "admits every pod of every namespace" },
	{ "networkpolicy-matching-only-ingress.yaml",
	  "kube-score/netpol-ingress-only.yaml", "missing-network-policy", true,
	  true, SEV_LOW, "admits every pod of every namespace" },
	{ "pod-test-resources-no-limits.yaml", "kube-score/requests-only.yaml",
	  "resource-limits", true, true, SEV_NONE, NULL },
	/*
	 * Disagrees: kube-score warns that requests are missing.  When a
	 * container sets limits and no requests, the API server copies each
	 * limit into the request, so the container has both.
	 */
	{ "deployment-test-resources.yaml", "kube-score/limits-only.yaml",
	  "resource-requests", true, false, SEV_NONE, NULL },
};

/* bridgecrewio/checkov tests/kubernetes/checks/example_<Check>/<case> */
static const struct tu_peer_row checkov[] = {
	/*
	 * Disagrees: CKV_K8S_157 fails bind on rolebindings.  The bind verb
	 * is checked only on the roles and clusterroles a binding refers to
	 * (the API server's escalation check); on rolebindings it grants
	 * nothing, and delete on rolebindings raises no privilege.
	 */
	{ "RbacBindRoleBindings/clusterrole-failed-1.yaml",
	  "checkov/bind-rolebindings.yaml", "rbac-escalate", true, false,
	  SEV_NONE, NULL },
	{ "RbacBindRoleBindings/role-passed-2.yaml",
	  "checkov/roles-without-bind.yaml", "rbac-escalate", false, false,
	  SEV_NONE, NULL },
	{ "RbacEscalateRoles/clusterrole-failed-1.yaml",
	  "checkov/escalate-roles.yaml", "rbac-escalate", true, true, SEV_NONE,
	  "release-bot" },
	/*
	 * Disagrees: CKV_K8S_74 passes a kube-apiserver without
	 * --authorization-mode.  Its default is AlwaysAllow: every
	 * authenticated request is allowed.
	 */
	{ "ApiServerAuthorizationModeNotAlwaysAllow/ApiServer-PASSED-2.yaml",
	  "checkov/apiserver-bare.yaml", "apiserver-authorization-mode", false,
	  true, SEV_CRITICAL, "defaults to AlwaysAllow" },
	{ "ApiServerAuthorizationModeNotAlwaysAllow/ApiServer-FAILED.yaml",
	  "checkov/apiserver-always-allow.yaml", "apiserver-authorization-mode",
	  true, true, SEV_CRITICAL, NULL },
	{ "ApiServerAnonymousAuth/ApiServer-AnonymousAuth-True-FAILED.yaml",
	  "checkov/apiserver-anonymous-true.yaml", "apiserver-anonymous-auth",
	  true, true, SEV_NONE, NULL },
	{ "ApiServerAnonymousAuth/ApiServer-AnonymousAuth-False-PASSED.yaml",
	  "checkov/apiserver-anonymous-false.yaml", "apiserver-anonymous-auth",
	  false, false, SEV_NONE, NULL },
	{ "ApiServerTokenAuthFile/ApiServerTokenAuthFile-FAILED.yaml",
	  "checkov/apiserver-token-file.yaml", "apiserver-token-auth-file",
	  true, true, SEV_NONE, NULL },
	{ "EtcdClientCertAuth/Etcd-FAILED.yaml",
	  "checkov/etcd-client-cert-auth-false.yaml", "etcd-client-cert-auth",
	  true, true, SEV_NONE, NULL },
	{ "HostPort/nginx-app-FAILED.yaml", "checkov/host-port.yaml",
	  "host-port", true, true, SEV_NONE, NULL },
	{ "AllowPrivilegeEscalation/ds-nginx-ingress-FAILED.yaml",
	  "checkov/privileged-escalation-true.yaml", "privilege-escalation",
	  true, true, SEV_HIGH, NULL },
	{ "AllowedCapabilitiesSysAdmin/pod-FAILED.yaml",
	  "checkov/sys-admin.yaml", "dangerous-capabilities", true, true,
	  SEV_CRITICAL, "SYS_ADMIN" },
	{ "AllowPrivilegeEscalation/pod-runas1000-PASSED.yaml",
	  "checkov/escalation-pod-false.yaml", "privilege-escalation", false,
	  false, SEV_NONE, NULL },
	{ "AllowPrivilegeEscalation/pod-to-node-FAILED.yaml",
	  "checkov/node-takeover.yaml", "privilege-escalation", true, true,
	  SEV_HIGH, "it is privileged" },
	{ "PrivilegedContainers/privilegedEphemeralContainer-FAILED.yaml",
	  "checkov/privileged-ephemeral.yaml", "privileged-container", true,
	  true, SEV_CRITICAL, "ephemeral container 'probe'" },
	{ "AllowedCapabilities/cassandra-FAILED.yaml",
	  "checkov/add-ipc-lock.yaml", "dangerous-capabilities", true, true,
	  SEV_LOW, "IPC_LOCK" },
	{ "AllowedCapabilities/cronjob-PASSED.yaml",
	  "checkov/cronjob-plain.yaml", "dangerous-capabilities", false, false,
	  SEV_NONE, NULL },
	{ "DropCapabilities/pod-drop-NET_RAW-capabilities-FAILED-MISSING.yaml",
	  "checkov/capabilities-empty.yaml", "capabilities-not-dropped", true,
	  true, SEV_LOW, "NET_RAW" },
	/*
	 * Disagrees: CKV_K8S_28 asks only that NET_RAW be dropped.  The
	 * container keeps the rest of the runtime's default set (SETUID,
	 * SETGID, DAC_OVERRIDE, FOWNER, MKNOD, ...), which the Pod Security
	 * 'restricted' level removes with drop ALL: they are what a process
	 * inside uses to take over files and identities after a foothold.
	 */
	{ "DropCapabilities/pod-drop-NET_RAW-capabilities-PASSED.yaml",
	  "checkov/drop-net-raw.yaml", "capabilities-not-dropped", false, true,
	  SEV_LOW, "keeps CHOWN" },
	/* containerd and CRI-O match ALL in any case */
	{ "DropCapabilities/pod-drop-all-capabilities-PASSED2.yaml",
	  "checkov/drop-all-lower.yaml", "capabilities-not-dropped", false,
	  false, SEV_NONE, NULL },
	{ "RootContainers/rootContainersFAILED.yaml (pod1)",
	  "checkov/root-unset.yaml", "run-as-root", true, true, SEV_MEDIUM,
	  "the image decides" },
	{ "RootContainers/rootContainersFAILED.yaml (pod2)",
	  "checkov/root-container-overrides-pod.yaml", "run-as-root", true,
	  true, SEV_NONE, NULL },
	{ "RootContainers/rootContainersFAILED.yaml (pod3)",
	  "checkov/root-uid0-pod.yaml", "run-as-root", true, true, SEV_HIGH,
	  "runAsUser 0" },
	{ "RootContainers/rootContainersFAILED.yaml (pod4)",
	  "checkov/root-uid0-one-container.yaml", "run-as-root", true, true,
	  SEV_HIGH, "'helper'" },
	{ "RootContainers/rootContainersPASSED.yaml (pod1)",
	  "checkov/nonroot-pod.yaml", "run-as-root", false, false, SEV_NONE,
	  NULL },
	{ "RootContainers/rootContainersPASSED.yaml (pod3)",
	  "checkov/nonroot-containers.yaml", "run-as-root", false, false,
	  SEV_NONE, NULL },
	{ "RootContainers/rootContainersPASSED.yaml (pod5)",
	  "checkov/uid1000-containers.yaml", "run-as-root", false, false,
	  SEV_NONE, NULL },
	{ "DefaultServiceAccount/DefaultServiceAccount-FAILED.yaml",
	  "checkov/default-sa-automount-true.yaml", "default-sa-automount",
	  true, true, SEV_NONE, NULL },
	{ "DefaultServiceAccount/DefaultServiceAccount-FAILED2.yaml",
	  "checkov/default-sa-automount-unset.yaml", "default-sa-automount",
	  true, true, SEV_NONE, NULL },
	{ "DefaultServiceAccount/DefaultServiceAccount-PASSED.yaml",
	  "checkov/default-sa-automount-false.yaml", "default-sa-automount",
	  false, false, SEV_NONE, NULL },
	{ "DefaultServiceAccountBinding/"
	  "DefaultServiceAccountBinding-FAILED.yaml "
	  "(RoleBinding)",
	  "checkov/default-sa-rolebinding.yaml", "rbac-default-sa", true, true,
	  SEV_NONE, "view-pods" },
	{ "DefaultServiceAccountBinding/"
	  "DefaultServiceAccountBinding-FAILED.yaml "
	  "(ClusterRoleBinding)",
	  "checkov/default-sa-cluster-admin.yaml", "rbac-default-sa", true,
	  true, SEV_HIGH, "cluster-admin" },
	{ "DefaultServiceAccountBinding/"
	  "DefaultServiceAccountBinding-PASSED.yaml",
	  "checkov/named-sa-bindings.yaml", "rbac-default-sa", false, false,
	  SEV_NONE, NULL },
	{ "ReadOnlyFilesystem/frontend-replicaset-FAILED.yaml",
	  "checkov/writable-root-replicaset.yaml", "writable-root-filesystem",
	  true, true, SEV_NONE, "unset" },
	{ "ReadOnlyFilesystem/pod-readonly-PASSED.yaml",
	  "checkov/readonly-root.yaml", "writable-root-filesystem", false,
	  false, SEV_NONE, NULL },
	{ "ReadOnlyFilesystem/pod-readonly-false-FAILED.yaml",
	  "checkov/readonly-root-false.yaml", "writable-root-filesystem", true,
	  true, SEV_NONE, "is false" },
	{ "Seccomp/pod-seccomp-FAILED.yaml", "checkov/seccomp-unset.yaml",
	  "seccomp-unconfined", true, true, SEV_LOW, NULL },
	{ "Seccomp/pod-seccomp-FAILED3.yaml", "checkov/seccomp-one-of-two.yaml",
	  "seccomp-unconfined", true, true, SEV_LOW, "'second'" },
	{ "Seccomp/cronjob-seccomp-FAILED.yaml",
	  "checkov/seccomp-cronjob-unset.yaml", "seccomp-unconfined", true,
	  true, SEV_LOW, NULL },
	/* the API server fills the unset field from the annotation */
	{ "Seccomp/pod-seccomp-PASSED2.yaml",
	  "checkov/seccomp-annotation-only.yaml", "seccomp-unconfined", false,
	  false, SEV_NONE, NULL },
	{ "Seccomp/pod-seccomp-PASSED6.yaml",
	  "checkov/seccomp-template-annotation.yaml", "seccomp-unconfined",
	  false, false, SEV_NONE, NULL },
	{ "Seccomp/pod-seccomp-PASSED3.yaml",
	  "checkov/seccomp-pod-runtime-default.yaml", "seccomp-unconfined",
	  false, false, SEV_NONE, NULL },
	{ "Seccomp/pod-seccomp-PASSED7.yaml",
	  "checkov/seccomp-container-runtime-default.yaml",
	  "seccomp-unconfined", false, false, SEV_NONE, NULL },
	{ "ImageDigest/imageWithTagAndDigest-PASSED.yaml",
	  "checkov/image-tag-and-digest.yaml", "image-not-pinned", false, false,
	  SEV_NONE, NULL },
	/* threatmap reports a latest tag as such, not also as "not pinned" */
	{ "ImageDigest/job-ImageTagLatest-FAILED.yaml",
	  "checkov/image-latest-job.yaml", "image-latest-tag", true, true,
	  SEV_NONE, NULL },
	{ "ImageTagFixed/ephemeralContainer-ImageTagLatest-FAILED.yaml",
	  "checkov/image-latest-ephemeral.yaml", "image-latest-tag", true, true,
	  SEV_NONE, "ephemeral container 'probe'" },
	/* a read-only mount does not stop connect() on a socket */
	{ "DockerSocketVolume/cloudwatch-agent-1PASSED-1FAILED.yaml (agent)",
	  "checkov/docker-socket-readonly.yaml", "sensitive-hostpath", true,
	  true, SEV_CRITICAL, "the Docker socket" },
	/*
	 * Disagrees: CKV_K8S_27 looks for the Docker socket only.  The log
	 * shipper mounts the node's /var/log writable: the kubelet follows
	 * the log symlinks under it when serving logs, so a planted link
	 * reads any file of the node.
	 */
	{ "DockerSocketVolume/cloudwatch-agent-1PASSED-1FAILED.yaml (shipper)",
	  "checkov/log-shipper-hostpaths.yaml", "sensitive-hostpath", false,
	  true, SEV_HIGH, "'/var/log' writable" },
	{ "KubeletAnonymousAuth/KubeletAnonymousAuth-FAILED.yaml",
	  "checkov/kubelet-anonymous-true.yaml", "kubelet-anonymous-auth", true,
	  true, SEV_HIGH, NULL },
	{ "KubeletAnonymousAuth/KubeletAnonymousAuth-PASSED.yaml",
	  "checkov/kubelet-anonymous-false.yaml", "kubelet-anonymous-auth",
	  false, false, SEV_NONE, NULL },
	{ "KubeletReadOnlyPort/KubeletReadOnlyPort-FAILED.yaml",
	  "checkov/kubelet-read-only-port-1.yaml", "kubelet-read-only-port",
	  true, true, SEV_NONE, "port 1 " },
	{ "KubeletReadOnlyPort/KubeletReadOnlyPort-PASSED.yaml",
	  "checkov/kubelet-read-only-port-0.yaml", "kubelet-read-only-port",
	  false, false, SEV_NONE, NULL },
	{ "KubeletAuthorizationModeNotAlwaysAllow/"
	  "KubeletAuthorizationModeNotAlwaysAllow-FAILED.yaml",
	  "checkov/kubelet-authz-always-allow.yaml",
	  "kubelet-authorization-mode", true, true, SEV_CRITICAL, NULL },
	/*
	 * Agrees for another reason: the kubelet knows only AlwaysAllow and
	 * Webhook, so "RBAC,node" stops it at start-up and nothing is served.
	 */
	{ "KubeletAuthorizationModeNotAlwaysAllow/"
	  "KubeletAuthorizationModeNotAlwaysAllow-PASSED.yaml",
	  "checkov/kubelet-authz-rbac-node.yaml", "kubelet-authorization-mode",
	  false, false, SEV_NONE, NULL },
	{ "KubletRotateCertificates/KubletRotateCertificates-FAILED.yaml",
	  "checkov/kubelet-rotate-false.yaml", "kubelet-cert-rotation", true,
	  true, SEV_NONE, NULL },
	{ "KubletRotateCertificates/KubletRotateCertificates-PASSED.yaml",
	  "checkov/kubelet-rotate-true.yaml", "kubelet-cert-rotation", false,
	  false, SEV_NONE, NULL },
	{ "ApiServerProfiling/ApiServer-FAILED-2.yaml",
	  "checkov/apiserver-bare.yaml", "control-plane-profiling", true, true,
	  SEV_LOW, "kube-apiserver" },
	{ "ApiServerProfiling/ApiServer-PASSED.yaml",
	  "checkov/apiserver-profiling-false.yaml", "control-plane-profiling",
	  false, false, SEV_NONE, NULL },
	{ "KubeControllerManagerBlockProfiles/ApiServer-FAILED_2.yaml",
	  "checkov/controller-manager-bare.yaml", "control-plane-profiling",
	  true, true, SEV_LOW, "kube-controller-manager" },
	{ "KubeControllerManagerBlockProfiles/ApiServer-PASSED.yaml",
	  "checkov/controller-manager-profiling-false.yaml",
	  "control-plane-profiling", false, false, SEV_NONE, NULL },
	{ "ApiServerInsecurePort/api-server-insecure-port-FAILED.yaml",
	  "checkov/apiserver-insecure-port-80.yaml", "apiserver-insecure-port",
	  true, true, SEV_CRITICAL, "--insecure-port=80" },
	{ "ApiServerInsecurePort/api-server-insecure-port-PASSED.yaml",
	  "checkov/apiserver-insecure-port-0.yaml", "apiserver-insecure-port",
	  false, false, SEV_NONE, NULL },
	{ "ApiServerAdmissionControlAlwaysAdmit/"
	  "ApiServerAdmissionControlAlwaysAdmit-FAILED.yaml",
	  "checkov/apiserver-always-admit.yaml", "apiserver-always-admit", true,
	  true, SEV_NONE, NULL },
	{ "ApiServerAdmissionControlAlwaysAdmit/"
	  "ApiServerAdmissionControlAlwaysAdmit-PASSED.yaml",
	  "checkov/apiserver-admission-other.yaml", "apiserver-always-admit",
	  false, false, SEV_NONE, NULL },
	{ "ApiServerAuditLog/ApiServer-FAILED.yaml",
	  "checkov/apiserver-bare.yaml", "apiserver-audit-log", true, true,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: CKV_K8S_91 passes --audit-log-path alone.  Without
	 * --audit-policy-file the API server records no event (it logs "no
	 * audit policy file provided"), so the log stays empty.
	 */
	{ "ApiServerAuditLog/ApiServer-PASSED.yaml",
	  "checkov/apiserver-audit-log-path-only.yaml", "apiserver-audit-log",
	  false, true, SEV_NONE, "--audit-policy-file" },
	/* the file is not in the input: not judged, not reported */
	{ "ApiServerEncryptionProviders/"
	  "ApiServerEncryptionProviders-PASSED.yaml",
	  "checkov/apiserver-encryption-config-unseen.yaml",
	  "apiserver-encryption-at-rest", false, false, SEV_NONE, NULL },
	{ "ApiServerNodeRestrictionPlugin/"
	  "ApiServerNodeRestrictionPlugin-PASSED."
	  "yaml",
	  "checkov/apiserver-node-restriction.yaml",
	  "apiserver-node-restriction", false, false, SEV_NONE, NULL },
	{ "PeerClientCertAuthTrue/PeerClientCertAuthTrue-FAILED.yaml",
	  "checkov/etcd-peer-auth-false.yaml", "etcd-peer-tls", true, true,
	  SEV_NONE, NULL },
	{ "PeerClientCertAuthTrue/PeerClientCertAuthTrue-FAILED2.yaml",
	  "checkov/etcd-peer-auth-unset.yaml", "etcd-peer-tls", true, true,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: CKV_K8S_121 passes --peer-client-cert-auth=true, but the
	 * member listens for peers on plain http:// and has no peer
	 * certificate: no TLS, so no client certificate is ever asked for,
	 * and the raft traffic (every key, Secrets included) goes in clear.
	 */
	{ "PeerClientCertAuthTrue/PeerClientCertAuthTrue-PASSED.yaml",
	  "checkov/etcd-peer-auth-true-http.yaml", "etcd-peer-tls", false, true,
	  SEV_NONE, "plain http://" },
	{ "RbacApproveCertificateSigningRequests/clusterrole-failed-1.yaml",
	  "checkov/csr-approve-exact.yaml", "rbac-csr-approve", true, true,
	  SEV_HIGH, "cert-operator" },
	/*
	 * Disagrees: CKV_K8S_156 reads the resource "star slash star" as
	 * everything.  RBAC matches "*" against every resource, and a star,
	 * a slash and a name x against subresource x of any resource: this
	 * one names only a subresource called "*", which no request carries,
	 * so the role grants nothing.
	 */
	{ "RbacApproveCertificateSigningRequests/clusterrole-failed-2.yaml",
	  "checkov/csr-star-slash-star.yaml", "rbac-csr-approve", true, false,
	  SEV_NONE, NULL },
	{ "RbacApproveCertificateSigningRequests/clusterrole-failed-3.yaml",
	  "checkov/csr-approve-wildcards.yaml", "rbac-csr-approve", true, true,
	  SEV_HIGH, "cert-operator" },
	{ "RbacApproveCertificateSigningRequests/clusterrole-passed-1.yaml",
	  "checkov/csr-approve-only.yaml", "rbac-csr-approve", false, false,
	  SEV_NONE, NULL },
	{ "RbacApproveCertificateSigningRequests/clusterrole-passed-2.yaml",
	  "checkov/empty-verb.yaml", "rbac-csr-approve", false, false, SEV_NONE,
	  NULL },
	{ "RbacControlWebhooks/clusterrole-failed-1.yaml",
	  "checkov/webhook-create-mutating.yaml", "rbac-webhooks", true, true,
	  SEV_HIGH, "platform-bot" },
	{ "RbacControlWebhooks/clusterrole-failed-2.yaml",
	  "checkov/webhook-patch-validating.yaml", "rbac-webhooks", true, true,
	  SEV_HIGH, "platform-bot" },
	{ "RbacControlWebhooks/clusterrole-passed-1.yaml",
	  "checkov/get-everything.yaml", "rbac-webhooks", false, false,
	  SEV_NONE, NULL },
	{ "RbacControlWebhooks/clusterrole-passed-2.yaml",
	  "checkov/webhook-read-only.yaml", "rbac-webhooks", false, false,
	  SEV_NONE, NULL },
	{ "DangerousGitSync/Deployment-FAILED.yaml",
	  "checkov/gitsync-git-env.yaml", "git-sync-exec", true, true,
	  SEV_MEDIUM, "in place of git" },
	{ "DangerousGitSync/Deployment2-FAILED.yaml",
	  "checkov/gitsync-git-env-init.yaml", "git-sync-exec", true, true,
	  SEV_MEDIUM, "init container" },
	{ "DangerousGitSync/Deployment-PASSED.yaml",
	  "checkov/gitsync-plain.yaml", "git-sync-exec", false, false, SEV_NONE,
	  NULL },
	/*
	 * Disagrees: CKV_K8S_35 prefers Secret files to Secret environment
	 * variables.  A secretKeyRef or secretRef keeps the value in the
	 * Secret, behind its RBAC, which is what app-credentials asks; the
	 * value is in the process's environment either way once it runs.
	 */
	{ "Secrets/pod-secretEnvironment-FAILED.yaml",
	  "checkov/secret-env.yaml", "app-credentials", true, false, SEV_NONE,
	  NULL },
	{ "Secrets/pod-secretVolume-PASSED.yaml", "checkov/secret-volume.yaml",
	  "app-credentials", false, false, SEV_NONE, NULL },
	{ "ServiceAccountTokens/ServiceAccountTokensFAILED.yaml (pod1)",
	  "checkov/sa-token-pod-unset.yaml", "sa-token-automount", true, true,
	  SEV_NONE, NULL },
	{ "ServiceAccountTokens/ServiceAccountTokensFAILED.yaml (pod2)",
	  "checkov/sa-token-pod-true.yaml", "sa-token-automount", true, true,
	  SEV_NONE, "asks for a token" },
	{ "ServiceAccountTokens/ServiceAccountTokensPASSED.yaml",
	  "checkov/sa-token-pod-false.yaml", "sa-token-automount", false, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: CKV_K8S_33 flags anything labelled kubernetes-dashboard.
	 * This Deployment runs nginx under that label; the label runs no
	 * dashboard, and a real one is recognised by what it runs.
	 */
	{ "KubernetesDashboard/nginx-deployment-FAILED.yaml",
	  "checkov/dashboard-label-only.yaml", "kubernetes-dashboard", true,
	  false, SEV_NONE, NULL },
	{ "KubeletProtectKernelDefaults/"
	  "KubeletProtectKernelDefaults-FAILED.yaml",
	  "checkov/kubelet-protect-kernel-false.yaml",
	  "kubelet-protect-kernel-defaults", true, true, SEV_NONE, NULL },
	{ "KubeletProtectKernelDefaults/"
	  "KubeletProtectKernelDefaults-PASSED.yaml",
	  "checkov/kubelet-protect-kernel-true.yaml",
	  "kubelet-protect-kernel-defaults", false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: CKV_K8S_142 fails an event rate of 6 a second and passes
	 * 2.  A higher cap records more events, not fewer; what floods the
	 * API server and etcd is no cap at all (0), which is what
	 * kubelet-event-qps reports.
	 */
	{ "KubletEventCapture/KubletEventCapture-FAILED.yaml",
	  "checkov/kubelet-event-qps-6.yaml", "kubelet-event-qps", true, false,
	  SEV_NONE, NULL },
	{ "KubletEventCapture/KubletEventCapture-PASSED.yaml",
	  "checkov/kubelet-event-qps-2.yaml", "kubelet-event-qps", false, false,
	  SEV_NONE, NULL },
	{ "ApiServerAuthorizationModeRBAC/ApiServer-FAILED.yaml",
	  "checkov/apiserver-authz-node-only.yaml",
	  "apiserver-authorization-mode", true, true, SEV_HIGH, "RBAC is not" },
	{ "ApiServerAuthorizationModeRBAC/ApiServer-FAILED-2.yaml",
	  "checkov/apiserver-bare.yaml", "apiserver-authorization-mode", true,
	  true, SEV_CRITICAL, "defaults to AlwaysAllow" },
	{ "EtcdAutoTls/Etcd-FAILED.yaml", "checkov/etcd-auto-tls.yaml",
	  "etcd-client-cert-auth", true, true, SEV_NONE, "--auto-tls" },
	{ "ApiServerBasicAuthFile/ApiServerBasicAuthFile-FAILED.yaml",
	  "checkov/apiserver-basic-auth-file.yaml", "apiserver-token-auth-file",
	  true, true, SEV_HIGH, "--basic-auth-file" },
	{ "ApiServerInsecureBindAddress/"
	  "api-server-insecure-bind-address-FAILED.yaml",
	  "checkov/apiserver-insecure-bind-address.yaml",
	  "apiserver-insecure-port", true, true, SEV_CRITICAL,
	  "--insecure-bind-address=192.168.1.1" },
	/*
	 * Disagrees: CKV_K8S_86 passes an API server that sets no insecure
	 * bind address.  Its image is 1.6, where the insecure port is 8080
	 * on 127.0.0.1 by default: every process and host-network pod of the
	 * node reaches an API that skips authentication and authorization.
	 */
	{ "ApiServerInsecureBindAddress/"
	  "api-server-secure-bind-address-PASSED.yaml",
	  "checkov/apiserver-bind-address-only.yaml", "apiserver-insecure-port",
	  false, true, SEV_CRITICAL, "defaults to 8080" },
	{ "EtcdPeerFiles/EtcdPeerFiles-FAILED.yaml",
	  "checkov/etcd-peer-cert-no-key.yaml", "etcd-peer-tls", true, true,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: CKV_K8S_119 asks only that a peer certificate and key be
	 * given.  Without --peer-client-cert-auth the member still admits any
	 * peer that connects, and its peer URL is the default plain one.
	 */
	{ "EtcdPeerFiles/EtcdPeerFiles-PASSED.yaml",
	  "checkov/etcd-peer-cert-and-key.yaml", "etcd-peer-tls", false, true,
	  SEV_NONE, "--peer-client-cert-auth" },
	/* graph checks: tests/kubernetes/graph/checks/resources/<Check>/ */
	{ "graph ReadAllSecrets/Failing/ClusterRoleEmptyResourceNames.yaml",
	  "checkov/secrets-empty-names.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "all namespaces" },
	{ "graph ReadAllSecrets/Failing/MixedResourceNamesClusterRole.yaml",
	  "checkov/secrets-mixed-names.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "all namespaces" },
	{ "graph ReadAllSecrets/Failing/RoleNullResourceNames.yaml",
	  "checkov/secrets-null-names.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "namespace vault-apps" },
	{ "graph ReadAllSecrets/Passing/RoleResourceName.yaml",
	  "checkov/secrets-one-name.yaml", "rbac-read-secrets", false, false,
	  SEV_NONE, NULL },
	{ "graph ReadAllSecrets/Passing/ClusterRole.yaml",
	  "checkov/pods-read-only.yaml", "rbac-read-secrets", false, false,
	  SEV_NONE, NULL },
	{ "graph NoCreateNodesProxyOrPodsExec/Failing/1",
	  "checkov/exec-all-verbs-any-group.yaml", "rbac-exec", true, true,
	  SEV_HIGH, "node-operator" },
	{ "graph NoCreateNodesProxyOrPodsExec/Failing/2",
	  "checkov/nodes-proxy-create.yaml", "rbac-nodes-proxy", true, true,
	  SEV_HIGH, "node-operator" },
	/*
	 * Disagrees: nodes are cluster-scoped, and a Role grants nothing on
	 * cluster-scoped resources, so this Role gives no nodes/proxy.  Its
	 * create on pods in kube-system is reported by rbac-create-workloads.
	 */
	{ "graph NoCreateNodesProxyOrPodsExec/Failing/3",
	  "checkov/role-nodes-proxy.yaml", "rbac-nodes-proxy", true, false,
	  SEV_NONE, NULL },
	{ "graph NoCreateNodesProxyOrPodsExec/Failing/4",
	  "checkov/rbac-bind-create.yaml", "rbac-escalate", true, true,
	  SEV_HIGH, "bind" },
	/*
	 * Disagrees: the graph check passes get on nodes/proxy.  The kubelet
	 * authorizes a WebSocket upgrade to its exec endpoint as get on
	 * nodes/proxy, so get runs commands in every pod of every node.
	 */
	{ "graph NoCreateNodesProxyOrPodsExec/Passing/2",
	  "checkov/nodes-proxy-get.yaml", "rbac-nodes-proxy", false, true,
	  SEV_HIGH, "node-operator" },
	{ "graph ImpersonatePermissions/Failing/1", "checkov/sa-all-verbs.yaml",
	  "rbac-escalate", true, true, SEV_HIGH, "impersonate" },
	{ "graph ImpersonatePermissions/Passing/1",
	  "checkov/sa-create-only.yaml", "rbac-escalate", false, false,
	  SEV_NONE, NULL },
	{ "graph PodIsPubliclyAccessibleExample/Failing",
	  "checkov/lb-selects-pod.yaml", "exposed-workload", true, true,
	  SEV_NONE, "LoadBalancer Service shop/storefront" },
	{ "graph PodIsPubliclyAccessibleExample/Passing",
	  "checkov/lb-selects-nothing.yaml", "exposed-workload", false, false,
	  SEV_NONE, NULL },
	/* patch on pods swaps the image of a running container */
	{ "graph NoExecuteCommandsInExistingPods/Failing/1",
	  "checkov/all-verbs-on-pods.yaml", "rbac-exec", true, true, SEV_HIGH,
	  "change the images of running pods" },
	{ "graph RequireAllPodsToHaveNetworkPolicy (internal-proxy)",
	  "checkov/netpol-selected.yaml", "missing-network-policy", false,
	  false, SEV_NONE, NULL },
	{ "graph RequireAllPodsToHaveNetworkPolicy (external-proxy)",
	  "checkov/netpol-unselected.yaml", "missing-network-policy", true,
	  true, SEV_NONE, "selects these pods" },
	{ "graph RoleBindingPE/Failing2", "checkov/rbac-writer-sa.yaml",
	  "rbac-escalate", true, true, SEV_HIGH, "prod/deployer" },
	/*
	 * Disagrees: RoleBindingPE looks only at service accounts and nodes.
	 * A user given bind and create on every RBAC resource binds itself
	 * cluster-admin just the same.
	 */
	{ "graph RoleBindingPE/Passing2", "checkov/rbac-writer-user.yaml",
	  "rbac-escalate", false, true, SEV_HIGH, "release-manager" },
	/* bind on rolebindings grants nothing, as for CKV_K8S_157 above */
	{ "graph RoleBindingPE/Failing3", "checkov/role-bind-rolebindings.yaml",
	  "rbac-escalate", true, false, SEV_NONE, NULL },
	/*
	 * Disagrees: RoleBindingPE passes a binding to a ClusterRole that does
	 * not exist.  The grant is already in place: whoever may create a
	 * ClusterRole of that name decides what the subject may do.
	 */
	{ "graph RoleBindingPE/Passing3", "checkov/binding-missing-role.yaml",
	  "rbac-dangling-binding", false, true, SEV_NONE, "not-yet-created" },
	/*
	 * The port is on the node through hostNetwork already; threatmap
	 * reports that (host-port stays silent on host-network pods).
	 */
	{ "HostPort/DS-node-exporter-FAILED.yaml",
	  "checkov/node-exporter-host-port.yaml", "host-namespaces", true, true,
	  SEV_MEDIUM, "hostNetwork" },
	{ "HostPort/nginx-app-PASSED.yaml",
	  "checkov/container-port-behind-lb.yaml", "host-port", false, false,
	  SEV_NONE, NULL },
};

START_TEST(test_polaris)
{
	tu_peer_judge(&polaris[_i]);
}
END_TEST

START_TEST(test_kube_score)
{
	tu_peer_judge(&kube_score[_i]);
}
END_TEST

START_TEST(test_checkov)
{
	tu_peer_judge(&checkov[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_counts)
{
	ck_assert_uint_eq(N(polaris), 20);
	ck_assert_uint_eq(tu_peer_agreed(polaris, N(polaris)), 16);
	ck_assert_uint_eq(N(kube_score), 15);
	ck_assert_uint_eq(tu_peer_agreed(kube_score, N(kube_score)), 12);
	ck_assert_uint_eq(N(checkov), 124);
	ck_assert_uint_eq(tu_peer_agreed(checkov, N(checkov)), 107);
}
END_TEST

Suite *suite_peer_verdicts(void)
{
	Suite *s = suite_create("peer_verdicts");
	TCase *tc = tcase_create("peers");

	tcase_add_loop_test(tc, test_polaris, 0, (int)N(polaris));
	tcase_add_loop_test(tc, test_kube_score, 0, (int)N(kube_score));
	tcase_add_loop_test(tc, test_checkov, 0, (int)N(checkov));
	tcase_add_test(tc, test_agreement_counts);
	suite_add_tcase(s, tc);
	return s;
}
