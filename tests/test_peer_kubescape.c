/*
 * test_peer_kubescape.c - threatmap's verdict on cases taken from the test
 * inputs and expected results of Kubescape's controls
 * (kubescape/regolibrary rules/<rule>/test/<case>/), each restated as a
 * small manifest of ours in testdata/verdicts/peers/kubescape/.
 *
 * Each row names the rule's test case (or, where a case follows from the
 * rule's logic in raw.rego rather than a stored input, says so), the
 * threatmap check compared, what Kubescape says and what threatmap says.
 * Where the two differ the row says why threatmap's answer is the right
 * one.  Where a case showed threatmap wrong, threatmap was fixed and the
 * row says so ("since threatmap was fixed"), whether the fix made the two
 * agree or, both having flagged a case wrongly, disagree.  The count of
 * agreeing rows is pinned.
 */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct tu_peer_row kubescape[] = {
	/*
	 * Disagrees: Kubescape counts the resource string "pods/" plus a
	 * star as exec into pods.  The RBAC authorizer matches a lone star,
	 * an exact name, or a star, a slash and a subresource name; a star
	 * after "pods/" is compared as a literal subresource named "*",
	 * which no request has, so the rule grants nothing.
	 */
	{ "exec-into-container-v1/test/clusterrole",
	  "kubescape/pods-star-create.yaml", "rbac-exec", true, false, SEV_NONE,
	  NULL },
	/* "*" verbs on "*" in a namespace: reported once, as everything */
	{ "exec-into-container-v1/test/role", "kubescape/role-wildcards.yaml",
	  "rbac-wildcard", true, true, SEV_NONE,
	  "can do anything in namespace default" },
	{ "rule-can-list-get-secrets-v1/test/clusterrole-rolebinding",
	  "kubescape/secrets-core-wildcard.yaml", "rbac-read-secrets", true,
	  true, SEV_NONE, "kube-system" },
	{ "rule-excessive-delete-rights-v1/test/clusterrole-rolebinding",
	  "kubescape/secrets-core-wildcard.yaml", "rbac-delete-data", true,
	  true, SEV_NONE, "jane" },
	{ "rule-can-impersonate-users-groups-v1/test/role-rolebinding",
	  "kubescape/impersonate.yaml", "rbac-wildcard", true, true, SEV_NONE,
	  "can do anything in namespace kube-system" },
	{ "rule-can-bind-escalate/test/clusterrole-clusterrolebinding",
	  "kubescape/bind-roles-groups.yaml", "rbac-escalate", true, true,
	  SEV_NONE, "Group dev" },
	/* bind on clusterroles is checked in the binding's namespace, so a
	 * Role grants it there */
	{ "rule-can-bind-escalate/test/role-rolebinding",
	  "kubescape/bind-clusterroles-in-role.yaml", "rbac-escalate", true,
	  true, SEV_NONE, "namespace default" },
	{ "ensure-that-the-api-server-authorization-mode-argument-is-not-set-"
	  "to-AlwaysAllow/test/failed",
	  "kubescape/apiserver-always-allow.yaml",
	  "apiserver-authorization-mode", true, true, SEV_CRITICAL, NULL },
	{ "ensure-that-the-api-server-authorization-mode-argument-is-not-set-"
	  "to-AlwaysAllow/test/passed",
	  "kubescape/apiserver-node-rbac.yaml", "apiserver-authorization-mode",
	  false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: the rule (raw.rego) fails only when AlwaysAllow is
	 * written in --authorization-mode; its passed input with the flag
	 * removed passes.  Without the flag the API server's default is
	 * AlwaysAllow.
	 */
	{ "ensure-that-the-api-server-authorization-mode-argument-is-not-set-"
	  "to-AlwaysAllow/raw.rego (test/passed without the flag)",
	  "kubescape/apiserver-no-authz-flag.yaml",
	  "apiserver-authorization-mode", false, true, SEV_CRITICAL,
	  "defaults to AlwaysAllow" },
	{ "ensure-that-the-api-server-anonymous-auth-argument-is-set-to-false/"
	  "test/passed",
	  "kubescape/apiserver-node-rbac.yaml", "apiserver-anonymous-auth",
	  false, false, SEV_NONE, NULL },
	/* raw.rego fails a missing flag too: anonymous is on by default */
	{ "ensure-that-the-api-server-anonymous-auth-argument-is-set-to-false/"
	  "test/failed",
	  "kubescape/apiserver-anonymous-unset.yaml",
	  "apiserver-anonymous-auth", true, true, SEV_NONE,
	  "--anonymous-auth is not set" },
	/* /var holds the kubelet's and the runtime's state: the sensitive
	 * check reports it instead of the plain hostPath one */
	{ "alert-any-hostpath/test/pod", "kubescape/hostpath.yaml",
	  "sensitive-hostpath", true, true, SEV_NONE, "/var" },
	{ "rule-privileged-container/test/pod-initcontainer",
	  "kubescape/privileged-init.yaml", "privileged-container", true, true,
	  SEV_CRITICAL, "setup" },
	{ "rule-privileged-container/test/pod-ephemeralcontainer",
	  "kubescape/ephemeral-sys-admin.yaml", "dangerous-capabilities", true,
	  true, SEV_CRITICAL, "ephemeral container 'debugger'" },
	{ "host-network-access/test/workloads", "kubescape/host-network.yaml",
	  "host-namespaces", true, true, SEV_NONE, "hostNetwork" },
	{ "host-pid-ipc-privileges/test/pod", "kubescape/host-pid-ipc.yaml",
	  "host-namespaces", true, true, SEV_HIGH, "hostPID" },
	{ "non-root-containers/test/pod", "kubescape/run-as-root-unset.yaml",
	  "run-as-root", true, true, SEV_NONE, NULL },
	/*
	 * Disagrees: Kubescape says a container with a non-zero runAsUser
	 * "may run as root" when runAsGroup is unset.  Root is UID 0; the
	 * image's group (even GID 0) gives group file access, not root's
	 * capabilities or UID.  (low-uid still notes UID 1000 < 10000.)
	 */
	{ "non-root-containers/test/cronjob-runasuser",
	  "kubescape/run-as-user-no-group.yaml", "run-as-root", true, false,
	  SEV_NONE, NULL },
	{ "immutable-container-filesystem/test/pod",
	  "kubescape/writable-root.yaml", "writable-root-filesystem", true,
	  true, SEV_NONE, NULL },
	{ "ingress-and-egress-blocked/test/default-policy",
	  "kubescape/default-deny.yaml", "missing-network-policy", false, false,
	  SEV_NONE, NULL },
	{ "ingress-and-egress-blocked/test/only-egress-policy",
	  "kubescape/egress-only-deny.yaml", "missing-network-policy", true,
	  true, SEV_NONE, "ingress is open" },
	/*
	 * Disagrees: the rule (raw.rego) passes any selected pod whose policy
	 * lists both Ingress and Egress in policyTypes, whatever its rules.
	 * This one admits 0.0.0.0/0 both ways: ipBlock sources are addresses,
	 * and with the cluster's pod CIDR inside 0.0.0.0/0 every pod can
	 * still connect, so nothing is blocked.
	 */
	{ "ingress-and-egress-blocked/raw.rego (test/default-policy with "
	  "0.0.0.0/0 rules)",
	  "kubescape/ipblock-everything.yaml", "missing-network-policy", false,
	  true, SEV_LOW, "admits every pod of every namespace" },
	/*
	 * Disagrees: Kubescape takes port 2222 for SSH.  It is where SSH
	 * servers that cannot bind 22 often listen, but also where
	 * DirectAdmin serves its web panel, and kube-linter's own fixture
	 * (tests/checks/ssh-port.yml) leaves a bare 2222 alone: a number
	 * other than 22 says nothing without a name for SSH on the port.
	 */
	{ "rule-can-ssh-to-pod-v1/test/workloads",
	  "kubescape/ssh-alt-port-service.yaml", "ssh-server", true, false,
	  SEV_NONE, NULL },
	/* the same port named for SSH: the Service's finding names the
	 * Deployment it sends SSH to (Kubescape reports the Deployment) */
	{ "rule-can-ssh-to-pod-v1/raw.rego (port 2222 named git-ssh)",
	  "kubescape/ssh-named-port-service.yaml", "ssh-server", true, true,
	  SEV_MEDIUM,
	  "Service 'shell-box' publishes SSH (port 2222) to "
	  "Deployment shell-box" },
	{ "alert-mount-potential-credentials-paths/test/pod_eks_failed",
	  "kubescape/aws-dir-at-root.yaml", "sensitive-hostpath", true, true,
	  SEV_HIGH, "'/.aws/config' writable at '/mnt/aws': AWS credentials" },
	/*
	 * Disagrees: Kubescape passes a path below /.aws/config because its
	 * list names the files themselves.  Anything below a home's .aws lies
	 * in the directory the AWS CLI and SDKs read keys from; a node that
	 * has /.aws/config/... has made config a directory of its own, and
	 * what it holds is still in the credential directory.
	 */
	{ "alert-mount-potential-credentials-paths/test/pod_eks_passed",
	  "kubescape/aws-below-config.yaml", "sensitive-hostpath", false, true,
	  SEV_HIGH, "AWS credentials" },
	{ "exposure-to-internet/test/"
	  "failed_with_service_loadbalancer_named_targetport_wrong_protocol",
	  "kubescape/lb-named-port-udp.yaml", "exposed-workload", false, false,
	  SEV_NONE, NULL },
	{ "rule-credentials-in-env-var/test/pod-sensitive-key-name",
	  "kubescape/env-password-literal.yaml", "app-credentials", true, true,
	  SEV_MEDIUM, "env 'DB_PASSWORD' of container 'app'" },
	{ "rule-credentials-in-env-var/test/env-value-lowercase-bearer",
	  "kubescape/env-bearer-value.yaml", "app-credentials", true, true,
	  SEV_HIGH,
	  "env 'UPSTREAM_HEADER' of container 'forward' holds a "
	  "credential (HTTP authorization header)" },
	/*
	 * Disagrees: Kubescape flags the value "my_key_value" of a variable
	 * named some-name because the value contains the word "key".  The
	 * value is eleven letters of prose in no credential format, and the
	 * name announces no secret: nothing here is a key.
	 */
	{ "rule-credentials-in-env-var/test/pod-allowed-values-keys",
	  "kubescape/env-secret-word-value.yaml", "app-credentials", true,
	  false, SEV_NONE, NULL },
	{ "rule-can-ssh-to-pod-v1/raw.rego (a Service without port 22 or "
	  "2222)",
	  "kubescape/ssh-no-port.yaml", "ssh-server", false, false, SEV_NONE,
	  NULL }, /* ---- workloads: host ports, capabilities, host paths ---- */
	{ "container-hostPort/test/pod", "kubescape/hostport-pod.yaml",
	  "host-port", true, true, SEV_LOW,
	  "container 'tsdb' binds port 8086 on its node" },
	{ "container-hostPort/test/cronjob", "kubescape/hostport-cronjob.yaml",
	  "host-port", true, true, SEV_LOW,
	  "container 'sampler' binds port 8086" },
	{ "insecure-capabilities/test/pod-initcontainer",
	  "kubescape/cap-init-mac-override.yaml", "dangerous-capabilities",
	  true, true, SEV_HIGH,
	  "init container 'relabel' adds capability MAC_OVERRIDE" },
	/*
	 * Disagrees: SETPCAP is first in Kubescape's default list of insecure
	 * capabilities (default-config-inputs.json), so the same init
	 * container with SETPCAP alone fails there.  SETPCAP is in the
	 * runtimes' default set and in the Pod Security baseline set; it
	 * moves capabilities within the container's own bounding set and
	 * cannot lift a process above what the container already holds.
	 * (capabilities-not-dropped reports the default set.)
	 */
	{ "insecure-capabilities/test/pod-initcontainer (SETPCAP alone)",
	  "kubescape/cap-init-setpcap.yaml", "dangerous-capabilities", true,
	  false, SEV_NONE, NULL },
	/* AUDIT_CONTROL is reported too, low without hostPID */
	{ "insecure-capabilities/test/workloads",
	  "kubescape/cap-deploy-audit-control.yaml", "dangerous-capabilities",
	  true, true, SEV_HIGH,
	  "container 'php' adds capability MAC_OVERRIDE" },
	{ "rule-privileged-container/test/cronjob-initcontainer",
	  "kubescape/sys-admin-init-cronjob.yaml", "dangerous-capabilities",
	  true, true, SEV_CRITICAL,
	  "init container 'setup' adds capability SYS_ADMIN" },
	{ "rule-privileged-container/test/workloads-initcontainer",
	  "kubescape/privileged-init-deploy.yaml", "privileged-container", true,
	  true, SEV_CRITICAL, "init container 'setup' runs privileged" },
	/* /var holds the runtime's socket: critical, and sensitive-hostpath's */
	{ "alert-rw-hostpath/test/cronjob-initcontainer",
	  "kubescape/rw-var-init-cronjob.yaml", "sensitive-hostpath", true,
	  true, SEV_CRITICAL,
	  "init container 'sweep' mounts host path '/var' writable" },
	{ "containers-mounting-docker-socket/test/pod-crio",
	  "kubescape/socket-crio-pod.yaml", "sensitive-hostpath", true, true,
	  SEV_CRITICAL, "'/var/run/crio/crio.sock' writable" },
	/* a socket volume that no container mounts is still declared: low */
	{ "containers-mounting-docker-socket/test/workloads-crio",
	  "kubescape/socket-crio-unmounted.yaml", "sensitive-hostpath", true,
	  true, SEV_LOW,
	  "'crio-socket' ('/var/run/crio/crio.sock': the CRI-O "
	  "socket) is mounted by no container" },
	/*
	 * Agrees since threatmap was fixed: the rule (raw.rego) takes
	 * /var/run/docker for a runtime socket mount.  Where dockerd starts
	 * its own containerd (docker:dind and the like), that containerd's
	 * socket is /var/run/docker/containerd/containerd.sock, below the
	 * mount; threatmap's socket table lacked it.
	 */
	{ "containers-mounting-docker-socket/raw.rego (test/pod-crio with "
	  "/var/run/docker)",
	  "kubescape/socket-docker-run-dir.yaml", "sensitive-hostpath", true,
	  true, SEV_CRITICAL, "the containerd socket of dockerd" },
	{ "alert-mount-potential-credentials-paths/test/deployment_eks_failed",
	  "kubescape/aws-credentials-deploy.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "'/.aws/credentials' writable at '/creds-file'" },
	{ "set-procmount-default/test/workload",
	  "kubescape/procmount-unmasked-deploy.yaml", "proc-mount-unmasked",
	  true, true, SEV_HIGH, "container 'builder' mounts /proc unmasked" },

	/* ---- workloads: users, escalation, file systems, seccomp ---- */
	{ "rule-allow-privilege-escalation/test/workloads (mysql)",
	  "kubescape/privesc-true-and-unset.yaml", "privilege-escalation", true,
	  true, SEV_HIGH,
	  "container 'db' sets allowPrivilegeEscalation: true" },
	{ "rule-allow-privilege-escalation/test/workloads (php)",
	  "kubescape/privesc-true-and-unset.yaml", "privilege-escalation", true,
	  true, SEV_MEDIUM, "container 'php' does not set" },
	{ "non-root-containers/test/workloads-initcontainer",
	  "kubescape/nonroot-init-unset.yaml", "run-as-root", true, true,
	  SEV_MEDIUM, "init container 'init-setup' may run as root" },
	{ "immutable-container-filesystem/test/workloads-initcontainer",
	  "kubescape/readonly-root-init-unset.yaml", "writable-root-filesystem",
	  true, true, SEV_LOW, "init container 'init-setup'" },
	{ "linux-hardening/test/multiple-containers-mixed-seccomp",
	  "kubescape/seccomp-mixed-containers.yaml", "seccomp-unconfined", true,
	  true, SEV_LOW, "container 'main-app' sets no seccomp profile" },
	{ "linux-hardening/test/unsafe-initcontainer",
	  "kubescape/seccomp-unset-init.yaml", "seccomp-unconfined", true, true,
	  SEV_LOW, "init container 'prepare'" },
	{ "linux-hardening/test/pod-level-seccomp-container-without",
	  "kubescape/seccomp-pod-level.yaml", "seccomp-unconfined", false,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: set-seccomp-profile (raw.rego) fails every profile whose
	 * type is not RuntimeDefault, so a Localhost profile fails as if
	 * unset.  A Localhost profile is a seccomp filter the kubelet loads
	 * from the node; Pod Security 'restricted' accepts it beside
	 * RuntimeDefault, and it is usually stricter.
	 */
	{ "set-seccomp-profile/raw.rego (test/workloads with a Localhost "
	  "profile)",
	  "kubescape/seccomp-localhost.yaml", "seccomp-unconfined", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees since threatmap was fixed (both flagged it before):
	 * Kubescape takes the single command word "sudo cat" for sudo.  The
	 * runtime executes each word of command as it is, with no shell to
	 * split it, so it looks for a program named "sudo cat": the container
	 * fails to start and sudo never runs.
	 */
	{ "sudo-in-container-entrypoint/test/workloads",
	  "kubescape/sudo-one-word.yaml", "sudo-entrypoint", true, false,
	  SEV_NONE, NULL },
	{ "non-root-containers/test/pod-ephemeralcontainer",
	  "kubescape/ephemeral-debugger-pod.yaml", "run-as-root", true, true,
	  SEV_MEDIUM, "ephemeral container 'debugger' may run as root" },
	{ "immutable-container-filesystem/test/pod-ephemeralcontainer",
	  "kubescape/ephemeral-debugger-pod.yaml", "writable-root-filesystem",
	  true, true, SEV_LOW, "ephemeral container 'debugger'" },
	/*
	 * Disagrees since threatmap was fixed (both flagged it before):
	 * Kubescape judges an ephemeral container listed in a Deployment's
	 * pod template.  The API server refuses such a template ("ephemeral
	 * containers not allowed in pod template"); ephemeral containers are
	 * only ever added to running Pods, so this one never runs.
	 */
	{ "non-root-containers/test/deployment-ephemeral-containers",
	  "kubescape/ephemeral-in-template.yaml", "run-as-root", true, false,
	  SEV_NONE, NULL },

	/* ---- service-account tokens ---- */
	/* the pod's field wins over its ServiceAccount's */
	{ "automount-service-account/test/deployment-pod-true-sa-false",
	  "kubescape/automount-pod-true-sa-false.yaml", "sa-token-automount",
	  true, true, SEV_MEDIUM,
	  "asks for a token of service account 'report-writer'" },
	{ "automount-service-account/test/cronjob-pod-true-sa-false",
	  "kubescape/automount-cronjob-true-sa-false.yaml",
	  "sa-token-automount", true, true, SEV_MEDIUM,
	  "service account 'archiver'" },
	{ "automount-service-account/test/deployment-pod-false-sa-false",
	  "kubescape/automount-pod-false-sa-false.yaml", "sa-token-automount",
	  false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: the rule (raw.rego) judges a pod that leaves the field
	 * unset only against a ServiceAccount found in the input, so a
	 * manifest without its ServiceAccount passes.  The kubelet mounts the
	 * token unless the pod or the account says false; an account created
	 * without the field (as every namespace's default is) says nothing,
	 * so an unseen account is taken at that default and the message says
	 * so.
	 */
	{ "automount-service-account/raw.rego (test/deployment-pod-true-"
	  "sa-false, the pod's field and the ServiceAccount left out)",
	  "kubescape/automount-unset-no-sa.yaml", "sa-token-automount", false,
	  true, SEV_MEDIUM, "assumed its default, automount true" },

	/* ---- RBAC ---- */
	/* "*" on "*" in kube-system: reported once, as everything, delete
	 * on events included */
	{ "rule-can-delete-k8s-events-v1/test/role-rolebinding",
	  "kubescape/events-role-wildcards.yaml", "rbac-wildcard", true, true,
	  SEV_NONE, "User oona can do anything in namespace kube-system" },
	{ "rule-can-portforward-v1/test/role-rolebinding",
	  "kubescape/portforward-role.yaml", "rbac-exec", true, true, SEV_HIGH,
	  "port-forward to pods in namespace kube-system" },
	/*
	 * Disagrees, as at exec-into-container-v1/test/clusterrole: a star
	 * after "pods/" names a subresource called "*", which no request
	 * has, so create on that resource opens no port-forward.
	 */
	{ "rule-can-portforward-v1/test/clusterrole-clusterrolebinding",
	  "kubescape/portforward-pods-star.yaml", "rbac-exec", true, false,
	  SEV_NONE, NULL },
	/*
	 * update on every resource cluster-wide includes the coredns
	 * ConfigMap; it also includes webhook configurations, which make the
	 * groups effectively cluster-admin, so each is reported once, by
	 * rbac-webhooks, and rbac-coredns' grant is folded into that finding
	 * (its result is failed, with no finding of its own).
	 */
	{ "rule-can-update-configmap-v1/test/clusterrole-clusterrolebinding",
	  "kubescape/coredns-update-everything.yaml", "rbac-webhooks", true,
	  true, SEV_HIGH,
	  "Group qa can write admission webhook "
	  "configurations cluster-wide" },
	{ "rule-can-impersonate-users-groups-v1/test/clusterrole-"
	  "clusterrolebinding",
	  "kubescape/impersonate-users-events.yaml", "rbac-escalate", true,
	  true, SEV_HIGH, "Group observers can impersonate users" },
	{ "rule-can-list-get-secrets-v1/test/role-rolebinding",
	  "kubescape/secrets-list-role.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "User vera can read secrets in namespace kube-system" },
	/* delete on "*" in kube-system covers the namespace object itself */
	{ "rule-excessive-delete-rights-v1/test/role-rolebinding",
	  "kubescape/delete-core-role.yaml", "rbac-delete-data", true, true,
	  SEV_HIGH, "User wanda can delete namespace kube-system" },
	{ "rule-can-create-pod/test/role-rolebinding",
	  "kubescape/create-pod-role.yaml", "rbac-create-workloads", true, true,
	  SEV_HIGH, "User quinn can create pods" },
	{ "rule-list-all-cluster-admins-v1/test/role-rolebinding",
	  "kubescape/admin-role-wildcards.yaml", "rbac-wildcard", true, true,
	  SEV_NONE, "User sven can do anything in namespace kube-system" },
	{ "rule-list-all-cluster-admins-v1/test/clusterrole-clusterrolebinding",
	  "kubescape/admin-cluster-wildcards.yaml",
	  "rbac-cluster-admin-equivalent", true, true, SEV_CRITICAL,
	  "Group platform holds cluster-admin power" },
	/*
	 * Disagrees: the rule (raw.rego) fails update on
	 * certificatesigningrequests/approval alone.  The API server also
	 * asks for approve on the CSR's signer (signers, resourceNames the
	 * signer name) before it records an approval, so without it the
	 * subject cannot approve anything.
	 */
	{ "rule-can-approve-cert-signing-request/raw.rego (update on "
	  "certificatesigningrequests/approval only)",
	  "kubescape/csr-approval-only.yaml", "rbac-csr-approve", true, false,
	  SEV_NONE, NULL },
	{ "rule-can-approve-cert-signing-request/raw.rego (with approve on "
	  "the kube-apiserver-client signer)",
	  "kubescape/csr-approval-and-signer.yaml", "rbac-csr-approve", true,
	  true, SEV_HIGH, "User ulrich can approve certificate signing" },

	{ "workload-with-administrative-roles/test/fail-wl-creates-pod",
	  "kubescape/admin-role-pod-sa.yaml", "rbac-workload-sa", true, true,
	  SEV_HIGH,
	  "runs as ServiceAccount ledger/default (token automounted)" },
	/*
	 * Disagrees: the rule (raw.rego) counts only a rule of "*" verbs on
	 * "*" resources as administrative, and passes this account's "*" on
	 * secrets in every namespace.  That reads every Secret of the
	 * cluster (every credential stored there, service-account token
	 * Secrets included) and writes them: power over whatever those
	 * credentials open, from a token mounted in a pod.
	 */
	{ "workload-with-administrative-roles/test/pass-wl-limited-"
	  "permissions",
	  "kubescape/secrets-all-verbs-pod-sa.yaml", "rbac-workload-sa", false,
	  true, SEV_HIGH, "can read secrets cluster-wide" },

	/* ---- the dashboard ---- */
	/*
	 * Disagrees: Kubescape fails subjects bound to a role named
	 * kubernetes-dashboard.  No dashboard runs here and a role's name
	 * grants nothing: what this one grants (every verb on pods, so
	 * creating them) is rbac-create-workloads' finding for both groups.
	 */
	{ "rule-access-dashboard-subject-v1/test/clusterrole-"
	  "clusterrolebinding",
	  "kubescape/dashboard-named-role.yaml", "kubernetes-dashboard", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: Kubescape fails a pod that is not the dashboard but runs
	 * as a ServiceAccount named kubernetes-dashboard.  Accounts are per
	 * namespace: this one lives in default, not in the dashboard's
	 * namespace, and has no binding; a pod borrowing a powerful account
	 * is rbac-workload-sa's finding, from what the account can do.
	 */
	{ "rule-access-dashboard-wl-v1/test/pod",
	  "kubescape/dashboard-sa-borrowed.yaml", "kubernetes-dashboard", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: Kubescape fails every CronJob.  A schedule is no
	 * foothold by itself; this one prints the date with an image of no
	 * privilege and an account without bindings.  CronJobs with node or
	 * cluster power are reported, and creating them is
	 * rbac-create-workloads'.
	 */
	{ "rule-deny-cronjobs/test/test", "kubescape/cronjob-plain.yaml",
	  "cronjob-persistence", true, false, SEV_NONE, NULL },

	/* ---- exposure ---- */
	{ "exposure-to-internet/test/failed_with_service_loadbalancer",
	  "kubescape/lb-with-address.yaml", "exposed-workload", true, true,
	  SEV_MEDIUM, "LoadBalancer Service default/workflow-ui" },
	{ "exposure-to-internet/test/failed_with_ingress",
	  "kubescape/ingress-to-clusterip.yaml", "exposed-workload", true, true,
	  SEV_MEDIUM, "Ingress default/catalog-web -> Service" },
	{ "exposure-to-internet/test/success_with_ingress",
	  "kubescape/ingress-to-missing-service.yaml", "exposed-workload",
	  false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: the case's expected result flags the Deployment of one
	 * namespace through a NodePort Service of another.  A Service's
	 * selector picks pods of its own namespace only, so neither Service
	 * reaches the Deployment (external-service still reports both
	 * NodePorts, selecting nothing).
	 */
	{ "exposure-to-internet/test/failed_with_service_nodeport",
	  "kubescape/nodeport-other-namespace.yaml", "exposed-workload", true,
	  false, SEV_NONE, NULL },
	{ "exposure-to-internet/test/failed_with_httproute",
	  "kubescape/httproute-to-deployment.yaml", "exposed-workload", true,
	  true, SEV_MEDIUM, "HTTPRoute httpbin/httpbin on Gateway" },
	{ "ingress-and-egress-blocked/test/cronjob",
	  "kubescape/netpol-none-cronjob.yaml", "missing-network-policy", true,
	  true, SEV_MEDIUM, "namespace 'batch-jobs' has no NetworkPolicy" },

	/* ---- sensitive interfaces ---- */
	{ "exposed-sensitive-interfaces-v1/test/vllm",
	  "kubescape/sensitive-vllm-lb.yaml", "sensitive-interface-exposed",
	  true, true, SEV_HIGH, "vLLM model server" },
	{ "exposed-sensitive-interfaces-v1/test/workloads",
	  "kubescape/sensitive-argo-lb.yaml", "sensitive-interface-exposed",
	  true, true, SEV_HIGH, "Argo Workflows server" },
	/*
	 * Agrees since threatmap was fixed: "ray-head" and "ray-dashboard"
	 * are in Kubescape's default list of sensitive interfaces
	 * (default-config-inputs.json) and were missing from threatmap's
	 * table.  The Ray dashboard port serves the Jobs API, which runs
	 * any submitted code without authentication.
	 */
	{ "exposed-sensitive-interfaces-v1/raw.rego (test/vllm with a Ray "
	  "head)",
	  "kubescape/sensitive-ray-head-lb.yaml", "sensitive-interface-exposed",
	  true, true, SEV_HIGH, "Ray dashboard and Jobs API" },
	/* likewise "mlflow": a tracking server with no authentication */
	{ "exposed-sensitive-interfaces-v1/raw.rego (test/vllm with MLflow)",
	  "kubescape/sensitive-mlflow-lb.yaml", "sensitive-interface-exposed",
	  true, true, SEV_HIGH, "MLflow tracking server" },
	/*
	 * Disagrees: the rule (raw.rego) matches a workload whose name
	 * contains an interface's name, so a Jenkins metrics exporter called
	 * jenkins-metrics is taken for Jenkins.  Its image and ports are an
	 * exporter's: a page of metrics, not the build server.
	 */
	{ "exposed-sensitive-interfaces-v1/raw.rego (test/workloads with a "
	  "Jenkins exporter)",
	  "kubescape/sensitive-name-only-lb.yaml",
	  "sensitive-interface-exposed", true, false, SEV_NONE, NULL },

	/* ---- Cilium policies ---- */
	{ "ingress-and-egress-blocked/test/cnp-specs-empty-failed",
	  "kubescape/cnp-specs-empty.yaml", "missing-network-policy", true,
	  true, SEV_MEDIUM, "any pod can connect to these pods" },
	{ "ingress-and-egress-blocked/test/cnp-specs-list-passed",
	  "kubescape/cnp-specs-list.yaml", "missing-network-policy", false,
	  false, SEV_NONE, NULL },
	{ "ingress-and-egress-blocked/test/cnp-specs-multiple-passed",
	  "kubescape/cnp-specs-split.yaml", "missing-network-policy", false,
	  false, SEV_NONE, NULL },
	{ "ingress-and-egress-blocked/test/cnp-match-expressions-selective-"
	  "failed",
	  "kubescape/cnp-selective.yaml", "missing-network-policy", true, true,
	  SEV_MEDIUM, "any pod can connect to these pods" },
	{ "internal-networking/test/namespace-ccnp-match-expressions-"
	  "selective-failed (with a pod in the namespace)",
	  "kubescape/ccnp-selective-namespace.yaml",
	  "namespace-without-default-deny", true, true, SEV_MEDIUM,
	  "namespace 'cilium-e' has no default deny for ingress or egress" },
	/*
	 * Disagrees: internal-networking passes a namespace that has any
	 * policy.  This one limits the egress of pods labelled
	 * purpose=demonstrate-command and nothing else: every other pod of
	 * the namespace, and the ingress of all of them, stays open.
	 */
	{ "internal-networking/test/namespace-cnp-passed (with a pod in the "
	  "namespace)",
	  "kubescape/cnp-namespace-egress-some.yaml",
	  "namespace-without-default-deny", false, true, SEV_MEDIUM,
	  "namespace 'cilium-f' has no default deny for ingress or egress" },

	/* ---- credentials in configuration ---- */
	/*
	 * Disagrees: Kubescape fails envFrom.secretRef as sensitive
	 * information in the environment.  That is the way to pass a
	 * Secret's keys to a container: the manifest holds no value, and the
	 * Secret is read under its own RBAC.
	 */
	{ "rule-credentials-in-env-var/test/pod-envfrom-secretref",
	  "kubescape/env-from-secret.yaml", "app-credentials", true, false,
	  SEV_NONE, NULL },
	{ "rule-credentials-in-env-var/test/pod-envfrom-configmapref",
	  "kubescape/env-from-configmap.yaml", "app-credentials", false, false,
	  SEV_NONE, NULL },
	{ "rule-credentials-in-env-var/test/env-value-rsa-key",
	  "kubescape/env-rsa-key-value.yaml", "app-credentials", true, true,
	  SEV_HIGH,
	  "env 'SIGNER_MATERIAL' of container 'signer' holds a "
	  "credential (private key (PEM))" },
	{ "rule-credentials-in-env-var/test/env-value-akia-key",
	  "kubescape/env-akia-value.yaml", "app-credentials", true, true,
	  SEV_HIGH, "(AWS access key ID)" },
	{ "rule-credentials-configmap/test/test",
	  "kubescape/configmap-aws-pwd.yaml", "app-credentials", true, true,
	  SEV_HIGH, "ConfigMap key 'aws_access_key_id' holds a credential" },
	{ "rule-credentials-configmap/test/test (the pwd key)",
	  "kubescape/configmap-aws-pwd.yaml", "app-credentials", true, true,
	  SEV_MEDIUM, "ConfigMap key 'pwd' holds a credential" },
	{ "rule-credentials-configmap/test/env-value-akia-key",
	  "kubescape/configmap-akia-in-url.yaml", "app-credentials", true, true,
	  SEV_HIGH, "ConfigMap key 'DB_URL' holds a credential" },

	/* ---- control plane, flags in args (RKE2) or in command ---- */
	{ "ensure-that-the-api-server-profiling-argument-is-set-to-false/"
	  "test/rke2-args-fail",
	  "kubescape/apiserver-profiling-args.yaml", "control-plane-profiling",
	  true, true, SEV_LOW, "--profiling=true" },
	{ "ensure-that-the-api-server-profiling-argument-is-set-to-false/"
	  "test/rke2-args",
	  "kubescape/apiserver-hardened-args.yaml", "control-plane-profiling",
	  false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: the rule passes once --audit-log-path is set.  Without
	 * --audit-policy-file the API server has no policy to record events
	 * by, and records none: the log stays empty.
	 */
	{ "ensure-that-the-api-server-audit-log-path-argument-is-set/test/"
	  "rke2-args",
	  "kubescape/apiserver-hardened-args.yaml", "apiserver-audit-log",
	  false, true, SEV_MEDIUM, "--audit-policy-file is not set" },
	{ "ensure-that-the-api-server-anonymous-auth-argument-is-set-to-false/"
	  "test/rke2-args-fail",
	  "kubescape/apiserver-anonymous-true-args.yaml",
	  "apiserver-anonymous-auth", true, true, SEV_MEDIUM,
	  "--anonymous-auth=true" },
	{ "ensure-that-the-api-server-anonymous-auth-argument-is-set-to-false/"
	  "test/rke2-args",
	  "kubescape/apiserver-anonymous-false-args.yaml",
	  "apiserver-anonymous-auth", false, false, SEV_NONE, NULL },
	{ "ensure-that-the-admission-control-plugin-AlwaysAdmit-is-not-set/"
	  "test/rke2-args-fail",
	  "kubescape/apiserver-always-admit-args.yaml",
	  "apiserver-always-admit", true, true, SEV_LOW,
	  "AlwaysAdmit plugin is enabled" },
	{ "ensure-that-the-admission-control-plugin-AlwaysAdmit-is-not-set/"
	  "test/failed (2.yaml)",
	  "kubescape/apiserver-token-file-joined.yaml",
	  "apiserver-always-admit", true, true, SEV_LOW,
	  "AlwaysAdmit plugin is enabled" },
	/*
	 * Disagrees: the rule's pattern (raw.rego) finds --token-auth-file
	 * after a space inside one command word, as in the last word of
	 * AlwaysAdmit's test/failed/2.yaml.  The word reaches the API server
	 * as one argument: the value of --tls-private-key-file, spaces and
	 * all.  No token file is configured.
	 */
	{ "ensure-that-the-api-server-token-auth-file-parameter-is-not-set/"
	  "raw.rego (on AlwaysAdmit's test/failed/2.yaml)",
	  "kubescape/apiserver-token-file-joined.yaml",
	  "apiserver-token-auth-file", true, false, SEV_NONE, NULL },
	{ "ensure-that-the-api-server-token-auth-file-parameter-is-not-set/"
	  "test/rke2-args-fail",
	  "kubescape/apiserver-token-file-args.yaml",
	  "apiserver-token-auth-file", true, true, SEV_HIGH,
	  "/etc/kubernetes/tokens.csv" },
	{ "ensure-that-the-admission-control-plugin-NodeRestriction-is-set/"
	  "test/rke2-args-fail",
	  "kubescape/apiserver-no-node-restriction-args.yaml",
	  "apiserver-node-restriction", true, true, SEV_MEDIUM,
	  "NodeRestriction is not an enabled admission plugin" },
	/*
	 * Disagrees: the rule fails --insecure-port=1 on a v1.20.7 API
	 * server.  From 1.20 the flag accepts only 0: this API server
	 * refuses to start, and serves no insecure port.
	 */
	{ "insecure-port-flag/test/test",
	  "kubescape/apiserver-insecure-port-1.yaml", "apiserver-insecure-port",
	  true, false, SEV_NONE, NULL },
	{ "ensure-that-the-api-server-encryption-provider-config-argument-is-"
	  "set-as-appropriate/test/rke2-args-fail",
	  "kubescape/apiserver-no-encryption-args.yaml",
	  "apiserver-encryption-at-rest", true, true, SEV_MEDIUM,
	  "--encryption-provider-config is not set" },
	{ "ensure-that-the-api-server-encryption-provider-config-argument-is-"
	  "set-as-appropriate/test/failed",
	  "kubescape/encryption-config-no-secrets.yaml",
	  "apiserver-encryption-at-rest", true, true, SEV_MEDIUM,
	  "no resources entry names secrets" },
	/*
	 * Disagrees: the rule (raw.rego) passes any configuration with an
	 * entry for secrets.  The API server writes with the first provider
	 * of the entry; identity first stores Secrets unencrypted, and the
	 * aesgcm key behind it only reads what an earlier setting wrote.
	 */
	{ "ensure-that-the-api-server-encryption-provider-config-argument-is-"
	  "set-as-appropriate/raw.rego (test/failed with secrets, identity "
	  "first)",
	  "kubescape/encryption-config-identity-first.yaml",
	  "apiserver-encryption-at-rest", false, true, SEV_MEDIUM,
	  "the first provider for secrets is identity" },
	{ "etcd-peer-client-auth-cert/test/rke2-args-fail",
	  "kubescape/etcd-peer-auth-off-args.yaml", "etcd-peer-tls", true, true,
	  SEV_MEDIUM, "accepts peers without a certificate" },
	{ "etcd-client-auth-cert/test/rke2-args-fail",
	  "kubescape/etcd-client-cert-off-args.yaml", "etcd-client-cert-auth",
	  true, true, SEV_HIGH, "accepts clients without a certificate" },
	{ "etcd-client-auth-cert/test/rke2-args",
	  "kubescape/etcd-client-cert-on-args.yaml", "etcd-client-cert-auth",
	  false, false, SEV_NONE, NULL },
	{ "read-only-port-enabled-updated/test/config-fail",
	  "kubescape/kubelet-config-ro-port-1.yaml", "kubelet-read-only-port",
	  true, true, SEV_MEDIUM, "read-only port 1" },
	{ "read-only-port-enabled-updated/test/config-pass",
	  "kubescape/kubelet-config-ro-port-0.yaml", "kubelet-read-only-port",
	  false, false, SEV_NONE, NULL },

	{ "kubelet-authorization-mode-alwaysAllow/test/invalid-config-value",
	  "kubescape/kubelet-config-always-allow.yaml",
	  "kubelet-authorization-mode", true, true, SEV_CRITICAL,
	  "authorization mode AlwaysAllow" },
	{ "kubelet-authorization-mode-alwaysAllow/test/valid-config-value",
	  "kubescape/kubelet-config-webhook-authz.yaml",
	  "kubelet-authorization-mode", false, false, SEV_NONE, NULL },
	{ "kubelet-protect-kernel-defaults/test/deny-config-file-false",
	  "kubescape/kubelet-config-ro-port-1.yaml",
	  "kubelet-protect-kernel-defaults", true, true, SEV_LOW,
	  "protectKernelDefaults is not true" },
	{ "kubelet-event-qps/test/fail-eventRecordQPS=0-config",
	  "kubescape/kubelet-config-event-qps-0.yaml", "kubelet-event-qps",
	  true, true, SEV_LOW, "eventRecordQPS 0" },
	/*
	 * Disagrees: the rule (raw.rego) fails only rotateCertificates: false
	 * written in the file and passes a file without it.  The field
	 * defaults to false (as does serverTLSBootstrap), so a file that
	 * leaves both out renews neither certificate.
	 */
	{ "kubelet-rotate-certificates/test/pass-not-present-in-config-file",
	  "kubescape/kubelet-config-no-rotation.yaml", "kubelet-cert-rotation",
	  false, true, SEV_LOW,
	  "neither rotateCertificates nor serverTLSBootstrap is true" },

	/* ---- admission, nodes, names, registries ---- */
	{ "list-all-mutating-webhooks/test/test",
	  "kubescape/mutating-pods-unscoped.yaml", "webhook-pod-mutation", true,
	  true, SEV_MEDIUM, "can rewrite every pod created in any namespace" },
	/*
	 * Disagrees: Kubescape lists every validating webhook for review.
	 * This one can only accept or refuse pod creation, is served by a
	 * Service of the cluster and is sent no Secrets; what would make it
	 * a risk (a server outside the cluster, Secrets in its rules, who may
	 * change it) is webhook-endpoint's and rbac-webhooks'.
	 */
	{ "list-all-validating-webhooks/test/test",
	  "kubescape/validating-pods-in-cluster.yaml", "webhook-endpoint", true,
	  false, SEV_NONE, NULL },
	{ "CVE-2021-25741/test/pod", "kubescape/subpath-old-kubelet.yaml",
	  "kubelet-subpath-cve", true, true, SEV_HIGH,
	  "kubelet v1.21.1, vulnerable to CVE-2021-25741" },
	{ "rule-name-similarity/test/replicaset",
	  "kubescape/replicaset-named-kube-proxy.yaml", "name-mimicry", true,
	  true, SEV_MEDIUM, "ReplicaSet 'kube-proxy' is named like" },
	{ "image-pull-policy-is-not-set-to-always/test/pod",
	  "kubescape/pull-latest-never.yaml", "image-pull-policy", true, true,
	  SEV_LOW, "container 'server' runs mutable image" },
	{ "image-pull-policy-is-not-set-to-always/test/pod-configured-"
	  "floating-tag",
	  "kubescape/pull-floating-alpine.yaml", "image-pull-policy", true,
	  true, SEV_LOW, "registry.example.com/redis:alpine" },
	/*
	 * Disagrees: the rule passes the hash-like tag of test/pod, since
	 * only :latest, no tag and configured floating tags count.  A tag
	 * that looks like a commit hash is still a name the registry can
	 * move, and IfNotPresent runs whatever a node already holds under
	 * it; only a digest pins the content.
	 */
	{ "image-pull-policy-is-not-set-to-always/test/pod (the hash-like-tag "
	  "container alone)",
	  "kubescape/pull-hash-like-tag.yaml", "image-pull-policy", false, true,
	  SEV_LOW, "registry.example.com/tools/server:befacaad" },
	/* the case's blocklist (quay.io) as a trusted list that leaves it out */
	{ "rule-identify-blocklisted-image-registries/test/cronjob",
	  "kubescape/registry-quay-untrusted.yaml", "image-untrusted-registry",
	  true, true, SEV_MEDIUM, "from quay.io, outside the trusted" },
};

START_TEST(test_kubescape)
{
	tu_peer_judge(&kubescape[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_count)
{
	ck_assert_uint_eq(N(kubescape), 134);
	ck_assert_uint_eq(tu_peer_agreed(kubescape, N(kubescape)), 105);
}
END_TEST

Suite *suite_peer_kubescape(void)
{
	Suite *s = suite_create("peer_kubescape");
	TCase *tc = tcase_create("kubescape");

	tcase_add_loop_test(tc, test_kubescape, 0, (int)N(kubescape));
	tcase_add_test(tc, test_agreement_count);
	suite_add_tcase(s, tc);
	return s;
}
