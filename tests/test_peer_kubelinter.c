/*
 * test_peer_kubelinter.c - threatmap's verdict on cases taken from the
 * check fixtures of kube-linter (stackrox/kube-linter tests/checks/), and
 * of the cases and default parameters of its templates
 * (pkg/templates/, pkg/builtinchecks/yamls/), each restated as a small
 * manifest of ours in testdata/verdicts/peers/kube-linter/.  An object
 * named "dont-fire" in those files is one kube-linter passes; every other
 * object is one it reports.
 *
 * Each row names the fixture, the threatmap check compared, what
 * kube-linter says and what threatmap says.  Where the two differ the row
 * says why threatmap's answer is the right one; the count of agreeing rows
 * is pinned.
 */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct tu_peer_row kubelinter[] = {
	/* a bare 2222 is no SSH port without a name that says so */
	{ "ssh-port.yml (dont-fire, containerPort 2222)",
	  "kube-linter/ssh-bare-2222.yaml", "ssh-server", false, false,
	  SEV_NONE, NULL },
	{ "ssh-port.yml (app3, containerPort 22 without protocol)",
	  "kube-linter/ssh-port-22.yaml", "ssh-server", true, true, SEV_MEDIUM,
	  "declares an SSH port" },
	/* a socket of no container runtime: an ordinary hostPath */
	{ "container-runtime-sock.yml (dont-fire, /var/run/thing.sock)",
	  "kube-linter/socket-other.yaml", "sensitive-hostpath", false, false,
	  SEV_NONE, NULL },
	{ "container-runtime-sock.yml (appcontainerd)",
	  "kube-linter/socket-containerd-flat.yaml", "sensitive-hostpath", true,
	  true, SEV_CRITICAL, "the containerd socket" },
	{ "container-runtime-sock.yml (appcrio)",
	  "kube-linter/socket-crio-flat.yaml", "sensitive-hostpath", true, true,
	  SEV_CRITICAL, "the CRI-O socket" },
	{ "sensitive-host-mounts.yml (app1, /etc)", "kube-linter/host-etc.yaml",
	  "sensitive-hostpath", true, true, SEV_CRITICAL,
	  "which contains /etc/kubernetes" },
	{ "writable-host-mount.yml (app1, /config)",
	  "kube-linter/host-config-writable.yaml", "hostpath-volume", true,
	  true, SEV_MEDIUM, "'/config' (writable)" },
	{ "unsafe-sysctls.yml (app1, kernel.sem)",
	  "kube-linter/sysctl-kernel-sem.yaml", "unsafe-sysctls", true, true,
	  SEV_MEDIUM, "kernel.sem" },
	{ "drop-net-raw-capability.yml (app, adds NET_RAW)",
	  "kube-linter/capabilities-add-net-raw.yaml", "dangerous-capabilities",
	  true, true, SEV_MEDIUM, "adds capability NET_RAW" },
	/*
	 * Disagrees: kube-linter passes a container whose capabilities are
	 * left empty, as if NET_RAW had to be added to be there.  Container
	 * runtimes give every container their default set, NET_RAW included,
	 * unless it is dropped; nothing here drops it.
	 */
	{ "drop-net-raw-capability.yml (dont-fire, empty capabilities)",
	  "kube-linter/capabilities-empty.yaml", "capabilities-not-dropped",
	  false, true, SEV_LOW, "NET_RAW included" },
	/* impersonation limited to a named user grants only that user */
	{ "impersonate-without-resource-names.yml (dont-fire, resourceNames)",
	  "kube-linter/impersonate-named-user.yaml", "rbac-unbound-role", false,
	  false, SEV_NONE, NULL },
	{ "impersonate-without-resource-names.yml "
	  "(fire-impersonate-no-restriction)",
	  "kube-linter/impersonate-anyone.yaml", "rbac-unbound-role", true,
	  true, SEV_MEDIUM,
	  "impersonate service accounts, impersonate users and impersonate "
	  "groups" },
	{ "impersonate-without-resource-names.yml (fire-wildcard-verb)",
	  "kube-linter/users-every-verb.yaml", "rbac-unbound-role", true, true,
	  SEV_MEDIUM, "(impersonate users)" },
	{ "webhook-failure-policy-ignore.yml (fire-ignore-policy)",
	  "kube-linter/webhook-fail-open.yaml", "webhook-endpoint", true, true,
	  SEV_LOW, "fails open (failurePolicy: Ignore)" },
	{ "webhook-failure-policy-ignore.yml (dont-fire)",
	  "kube-linter/webhook-fail-closed.yaml", "webhook-endpoint", false,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter reports approve on every signer.  Approving
	 * a certificate signing request takes update on
	 * certificatesigningrequests/approval as well; approve on signers
	 * alone lets nobody approve anything, so the role holds no dangerous
	 * permission (given the other half too, it is reported: "approve
	 * certificate signing requests").
	 */
	{ "approve-signers-without-resource-names.yml "
	  "(fire-approve-no-restriction)",
	  "kube-linter/signers-approve-only.yaml", "rbac-unbound-role", true,
	  false, SEV_NONE, NULL },
	{ "env-var-secret.yml (dont-fire, BLAH)",
	  "kube-linter/env-plain-name.yaml", "app-credentials", false, false,
	  SEV_NONE, NULL },
	{ "env-var-secret.yml (app, SECRET_BLAH)",
	  "kube-linter/env-secret-name.yaml", "app-credentials", true, true,
	  SEV_MEDIUM, "env 'SECRET_GREETING'" },
	{ "configmap-with-credentials.yml (dont-fire)",
	  "kube-linter/configmap-plain.yaml", "app-credentials", false, false,
	  SEV_NONE, NULL },
	/* the password fires; the address beside it holds none */
	{ "configmap-with-credentials.yml (fire-password-key)",
	  "kube-linter/configmap-password.yaml", "app-credentials", true, true,
	  SEV_MEDIUM, "key 'database_password'" },
	/*
	 * Disagrees: kube-linter reports every ExternalName Service.  Inside
	 * the cluster one is a DNS alias (CNAME) its clients chose to call;
	 * the danger is a proxy that sends outside traffic through it to
	 * an address the Service names (the API server, the metadata
	 * service), which externalname-backend reports when an Ingress,
	 * Gateway route or VirtualService fronts it.
	 */
	{ "externalname-service-redirect.yml (fire-externalname)",
	  "kube-linter/externalname-only.yaml", "externalname-backend", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter reports an init container without a
	 * securityContext of its own when the pod sets runAsNonRoot.  The
	 * pod's securityContext applies to init containers as to the others:
	 * the kubelet refuses to start it as root, so there is no gap.
	 */
	{ "init-container-security-gap.yml (fire-init-no-security-context)",
	  "kube-linter/init-inherits-pod-context.yaml", "run-as-root", true,
	  false, SEV_NONE, NULL },
	{ "access-to-secrets.yml (dont-fire, get pods)",
	  "kube-linter/role-get-pods.yaml", "rbac-read-secrets", false, false,
	  SEV_NONE, NULL },
	{ "access-to-secrets.yml (role1 bound by role-binding1)",
	  "kube-linter/role-get-secrets.yaml", "rbac-read-secrets", true, true,
	  SEV_HIGH, "can read secrets in namespace team-dev" },
	{ "cluster-wide-secrets-access.yml (fire-cluster-secrets)",
	  "kube-linter/clusterrole-read-secrets.yaml", "rbac-read-secrets",
	  true, true, SEV_HIGH, "can read secrets in all namespaces" },
	{ "non-isolated-pod.yml (dont-fire, selected by a policy)",
	  "kube-linter/policy-selects-pods.yaml", "missing-network-policy",
	  false, false, SEV_NONE, NULL },
	{ "non-isolated-pod.yml (app1, selected by none)",
	  "kube-linter/policy-misses-pods.yaml", "missing-network-policy", true,
	  true, SEV_MEDIUM, "none of the 1 NetworkPolicies" },
	{ "run-as-non-root.yml (dont-fire)",
	  "kube-linter/run-as-non-root-true.yaml", "run-as-root", false, false,
	  SEV_NONE, NULL },
	/* runAsUser beside the container's fields is no field of the API */
	{ "run-as-non-root.yml (app1, runAsUser: 0 outside securityContext)",
	  "kube-linter/run-as-user-misplaced.yaml", "run-as-root", true, true,
	  SEV_MEDIUM, "neither runAsNonRoot: true nor a non-zero runAsUser" },
	/* the kube-linter checks below, with a threatmap counterpart */
	{ "access-to-create-pods.yml (dont-fire, get pods; bound here)",
	  "kube-linter/role-view-pods.yaml", "rbac-create-workloads", false,
	  false, SEV_NONE, NULL },
	{ "access-to-create-pods.yml (role1 bound by role-binding1)",
	  "kube-linter/role-create-pods.yaml", "rbac-create-workloads", true,
	  true, SEV_HIGH, "can create pods in namespace batch-dev" },
	{ "access-to-create-pods.yaml resources (^deployments$)",
	  "kube-linter/role-create-deployments.yaml", "rbac-create-workloads",
	  true, true, SEV_HIGH, "can create workloads in namespace batch-dev" },
	/*
	 * Disagrees: kube-linter's list holds "^cronjob$", which no rule
	 * matches: the resource is "cronjobs".  A CronJob's pods run as any
	 * service account of the namespace, as a Deployment's do.
	 */
	{ "access-to-create-pods.yaml resources (^cronjob$, rule: cronjobs)",
	  "kube-linter/role-create-cronjobs.yaml", "rbac-create-workloads",
	  false, true, SEV_HIGH,
	  "can create workloads in namespace batch-dev" },
	/*
	 * Disagrees: access-to-secrets counts create, whose answer is what
	 * the caller sent, never a stored value.
	 */
	{ "access-to-secrets.yaml verbs (^create$)",
	  "kube-linter/role-create-secrets.yaml", "rbac-read-secrets", true,
	  false, SEV_NONE, NULL },
	/*
	 * delete reads: asked with foreground propagation, it is answered
	 * with the Secret it marks for deletion, data included
	 */
	{ "access-to-secrets.yaml verbs (^delete$)",
	  "kube-linter/role-delete-secrets.yaml", "rbac-read-secrets", true,
	  true, SEV_HIGH, "can read secrets in namespace team-dev" },
	{ "access-to-secrets.yaml verbs (^watch$)",
	  "kube-linter/role-watch-secrets.yaml", "rbac-read-secrets", true,
	  true, SEV_HIGH, "can read secrets in namespace team-dev" },
	/*
	 * Disagrees: kube-linter's access-to-resources ignores
	 * resourceNames.  get on one named Secret is the narrow grant the
	 * check's remediation asks for; no other Secret is readable.
	 */
	{ "access-to-resources template (get, resourceNames: one Secret)",
	  "kube-linter/role-get-named-secret.yaml", "rbac-read-secrets", true,
	  false, SEV_NONE, NULL },
	/*
	 * Disagrees: for a RoleBinding the template looks only for a Role
	 * of the referenced name, whatever roleRef.kind says.  A RoleBinding
	 * to a ClusterRole grants that ClusterRole in its namespace, and a
	 * same-named Role it does not reference grants nothing.
	 */
	{ "access-to-resources template (RoleBinding to a ClusterRole)",
	  "kube-linter/rolebinding-clusterrole-secrets.yaml",
	  "rbac-read-secrets", false, true, SEV_HIGH,
	  "can read secrets in namespace payments" },
	{ "access-to-resources template (roleRef kind ClusterRole, same-named "
	  "Role)",
	  "kube-linter/rolebinding-kind-mismatch.yaml", "rbac-read-secrets",
	  true, false, SEV_NONE, NULL },
	/*
	 * Disagrees: the template resolves aggregation through matchLabels
	 * only; the API server honours matchExpressions too.
	 */
	{ "access-to-resources template (aggregation by matchExpressions)",
	  "kube-linter/aggregate-match-expressions.yaml", "rbac-read-secrets",
	  false, true, SEV_HIGH, "can read secrets in all namespaces" },
	{ "deletecollection-verb-in-role.yml (dont-fire, delete pods)",
	  "kube-linter/delete-pods-only.yaml", "rbac-unbound-role", false,
	  false, SEV_NONE, NULL },
	/* the answer to a deletecollection lists the deleted Secrets */
	{ "deletecollection-verb-in-role.yml (fire-deletecollection)",
	  "kube-linter/deletecollection-secrets.yaml", "rbac-unbound-role",
	  true, true, SEV_LOW, "(read secrets)" },
	/*
	 * admin bound cluster-wide is no cluster-admin binding; the secrets,
	 * exec and pod creation it grants are reported by their own checks
	 */
	{ "cluster-admin-role-binding.yml (dont-fire, ClusterRole admin)",
	  "kube-linter/bind-admin-cluster-wide.yaml", "cluster-admin-binding",
	  false, false, SEV_NONE, NULL },
	{ "cluster-admin-role-binding.yml (role-binding1, cluster-admin)",
	  "kube-linter/bind-cluster-admin.yaml", "cluster-admin-binding", true,
	  true, SEV_CRITICAL, "grants cluster-admin on the whole cluster" },
	{ "wildcard-in-rules.yml (role1, get pods)",
	  "kube-linter/rules-no-wildcard.yaml", "rbac-unbound-role", false,
	  false, SEV_NONE, NULL },
	{ "wildcard-in-rules.yml (role1, every verb on secrets)",
	  "kube-linter/rules-wildcard-secrets.yaml", "rbac-unbound-role", true,
	  true, SEV_LOW, "(read secrets)" },
	{ "wildcard-resource-verb-combo.yml (fire-triple-wildcard)",
	  "kube-linter/rules-triple-wildcard.yaml", "rbac-unbound-role", true,
	  true, SEV_MEDIUM, "do anything (* on *)" },
	{ "bind-verb-in-role.yml (dont-fire, get and list roles)",
	  "kube-linter/rbac-read-roles.yaml", "rbac-unbound-role", false, false,
	  SEV_NONE, NULL },
	{ "bind-verb-in-role.yml (fire-bind)",
	  "kube-linter/rbac-bind-clusterroles.yaml", "rbac-unbound-role", true,
	  true, SEV_MEDIUM, "(bind cluster roles)" },
	{ "escalate-verb-in-role.yml (fire-escalate)",
	  "kube-linter/rbac-escalate-roles.yaml", "rbac-unbound-role", true,
	  true, SEV_MEDIUM, "(escalate roles)" },
	/*
	 * kube-linter flags escalate through the wildcard; in a Role only
	 * bind has an effect on ClusterRoles (checked in the binding's
	 * namespace), and that is what is reported
	 */
	{ "escalate-verb-in-role.yml (fire-wildcard-verb-on-clusterroles)",
	  "kube-linter/rbac-role-on-clusterroles.yaml", "rbac-unbound-role",
	  true, true, SEV_MEDIUM, "(bind cluster roles)" },
	{ "docker-sock.yml (app, /var/run/docker.sock)",
	  "kube-linter/docker-socket.yaml", "sensitive-hostpath", true, true,
	  SEV_CRITICAL, "the Docker socket" },
	{ "host-ipc.yml (dont-fire, hostIPC: false)",
	  "kube-linter/host-ipc-off.yaml", "host-namespaces", false, false,
	  SEV_NONE, NULL },
	{ "host-ipc.yml (app, hostIPC: true)", "kube-linter/host-ipc-on.yaml",
	  "host-namespaces", true, true, SEV_MEDIUM, "hostIPC" },
	{ "host-network.yml (dont-fire, hostNetwork: false)",
	  "kube-linter/host-network-off.yaml", "host-namespaces", false, false,
	  SEV_NONE, NULL },
	{ "host-network.yml (app, hostNetwork: true)",
	  "kube-linter/host-network-on.yaml", "host-namespaces", true, true,
	  SEV_MEDIUM, "hostNetwork" },
	{ "host-pid.yml (dont-fire, hostPID: false)",
	  "kube-linter/host-pid-off.yaml", "host-namespaces", false, false,
	  SEV_NONE, NULL },
	{ "host-pid.yml (app, hostPID: true)", "kube-linter/host-pid-on.yaml",
	  "host-namespaces", true, true, SEV_HIGH, "hostPID" },
	{ "privileged-container.yml (dont-fire, privileged: false)",
	  "kube-linter/privileged-off.yaml", "privileged-container", false,
	  false, SEV_NONE, NULL },
	{ "privileged-container.yml (app1, privileged: true)",
	  "kube-linter/privileged-on.yaml", "privileged-container", true, true,
	  SEV_CRITICAL, "runs privileged" },
	{ "privilege-escalation-container.yml (dont-fire, false)",
	  "kube-linter/escalation-off.yaml", "privilege-escalation", false,
	  false, SEV_NONE, NULL },
	{ "privilege-escalation-container.yml (app1, true)",
	  "kube-linter/escalation-on.yaml", "privilege-escalation", true, true,
	  SEV_HIGH, "sets allowPrivilegeEscalation: true" },
	/*
	 * Disagrees: kube-linter's template reports the field only when it
	 * is true.  Left unset it is no safer: the kubelet sets
	 * no_new_privs only for an explicit false, so a setuid binary in
	 * the image still raises the process's privileges.
	 */
	{ "privilege-escalation-container template (field unset)",
	  "kube-linter/escalation-unset.yaml", "privilege-escalation", false,
	  true, SEV_MEDIUM, "the default allows escalation" },
	{ "no-read-only-root-fs.yml (dont-fire, readOnlyRootFilesystem)",
	  "kube-linter/rootfs-read-only.yaml", "writable-root-filesystem",
	  false, false, SEV_NONE, NULL },
	{ "no-read-only-root-fs.yml (app1, readOnlyRootFilesystem: false)",
	  "kube-linter/rootfs-writable.yaml", "writable-root-filesystem", true,
	  true, SEV_LOW, "(readOnlyRootFilesystem is false)" },
	/* a writable /usr or /lib lets the pod replace what the node runs */
	{ "hostmounts template_test (one-sensitive-volume, /usr)",
	  "kube-linter/host-usr-writable.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "the node's programs and libraries" },
	{ "host-mounts.yaml dirs (^/lib$)",
	  "kube-linter/host-lib-writable.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "the node's system libraries" },
	{ "host-mounts.yaml dirs (^/$)", "kube-linter/host-root-writable.yaml",
	  "sensitive-hostpath", true, true, SEV_CRITICAL,
	  "the node's root filesystem" },
	{ "host-mounts.yaml dirs (^/boot$)",
	  "kube-linter/host-boot-writable.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "the node's kernel and boot loader" },
	{ "host-mounts.yaml dirs (^/dev$)",
	  "kube-linter/host-dev-writable.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "the node's devices" },
	{ "host-mounts.yaml dirs (^/proc$)",
	  "kube-linter/host-proc-writable.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "the node's /proc" },
	{ "host-mounts.yaml dirs (^/sys$)",
	  "kube-linter/host-sys-writable.yaml", "sensitive-hostpath", true,
	  true, SEV_HIGH, "the node's /sys" },
	{ "hostmounts template_test (one-non-sensitive-volume, /mydata)",
	  "kube-linter/host-data-dir.yaml", "sensitive-hostpath", false, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter matches sysctl names by prefix (kernel.shm,
	 * net.), which takes in sysctls Kubernetes lists as safe: namespaced
	 * per pod and accepted by every kubelet.
	 */
	{ "unsafe-sysctls (kernel.shm prefix: kernel.shm_rmid_forced)",
	  "kube-linter/sysctl-shm-rmid.yaml", "unsafe-sysctls", true, false,
	  SEV_NONE, NULL },
	{ "unsafe-sysctls (net. prefix: net.ipv4.ip_local_port_range)",
	  "kube-linter/sysctl-port-range.yaml", "unsafe-sysctls", true, false,
	  SEV_NONE, NULL },
	{ "unsafe-sysctls (kernel.msg prefix: kernel.msgmax)",
	  "kube-linter/sysctl-msgmax.yaml", "unsafe-sysctls", true, true,
	  SEV_MEDIUM, "kernel.msgmax" },
	{ "unsafe-proc-mount.yml (app1, procMount: Unmasked)",
	  "kube-linter/proc-unmasked.yaml", "proc-mount-unmasked", true, true,
	  SEV_HIGH, "mounts /proc unmasked" },
	{ "unsafe-proc-mount (procMount: Default)",
	  "kube-linter/proc-default.yaml", "proc-mount-unmasked", false, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter reports any variable taken from a Secret
	 * (CIS 5.4.1 prefers files).  The manifest holds a reference, not
	 * the value; whoever can read the variable (exec, /proc of the
	 * container) can read a mounted file as well.  secretKeyRef is the
	 * remedy app-credentials points to.
	 */
	{ "read-secret-from-env-var.yml (app1, secretKeyRef)",
	  "kube-linter/env-from-secret-ref.yaml", "app-credentials", true,
	  false, SEV_NONE, NULL },
	{ "env-var-secret (SECRET_ name, value from secretKeyRef)",
	  "kube-linter/env-secret-name-ref.yaml", "app-credentials", false,
	  false, SEV_NONE, NULL },
	{ "exposed-services.yml (dont-fire, ClusterIP)",
	  "kube-linter/service-clusterip.yaml", "external-service", false,
	  false, SEV_NONE, NULL },
	{ "exposed-services.yml (app, NodePort)",
	  "kube-linter/service-nodeport.yaml", "external-service", true, true,
	  SEV_MEDIUM, "(NodePort)" },
	{ "exposed-services (forbiddenServiceTypes: LoadBalancer)",
	  "kube-linter/service-loadbalancer.yaml", "external-service", true,
	  true, SEV_HIGH, "(LoadBalancer, no loadBalancerSourceRanges)" },
	{ "default-service-account.yml (dont-fire, serviceAccountName app)",
	  "kube-linter/sa-named.yaml", "rbac-default-sa", false, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter reports naming the default account.  It
	 * holds no permission unless one is bound to it; then every pod of
	 * the namespace shares it, and rbac-default-sa reports that (next
	 * row).  Its mounted token is sa-token-automount's.
	 */
	{ "default-service-account.yml (app, serviceAccountName default)",
	  "kube-linter/sa-default-named.yaml", "rbac-default-sa", true, false,
	  SEV_NONE, NULL },
	{ "default-service-account.yml (app; default bound to a Role here)",
	  "kube-linter/sa-default-bound.yaml", "rbac-default-sa", true, true,
	  SEV_HIGH, "which can read secrets" },
	{ "automount-service-account-token.yml (dont-fire, false)",
	  "kube-linter/automount-off.yaml", "sa-token-automount", false, false,
	  SEV_NONE, NULL },
	{ "automount-service-account-token.yml (fire-default-mount)",
	  "kube-linter/automount-unset.yaml", "sa-token-automount", true, true,
	  SEV_LOW, "mounted automatically" },
	{ "automount-service-account-token.yml (fire-explicit-true)",
	  "kube-linter/automount-on.yaml", "sa-token-automount", true, true,
	  SEV_LOW, "asks for a token" },
	{ "latest-tag.yml (dont-fire, app:v1)",
	  "kube-linter/tag-versioned.yaml", "image-latest-tag", false, false,
	  SEV_NONE, NULL },
	{ "latest-tag.yml (app, app:latest)", "kube-linter/tag-latest.yaml",
	  "image-latest-tag", true, true, SEV_MEDIUM, "mutable :latest tag" },
	{ "image-not-pinned-by-digest.yml (dont-fire, @sha256)",
	  "kube-linter/digest-pinned.yaml", "image-not-pinned", false, false,
	  SEV_NONE, NULL },
	{ "image-not-pinned-by-digest.yml (fire-tag-only)",
	  "kube-linter/digest-tag-only.yaml", "image-not-pinned", true, true,
	  SEV_LOW, "by tag, not by digest" },
	/* no tag at all is the :latest case; image-latest-tag owns it */
	{ "image-not-pinned-by-digest.yml (fire-no-tag)",
	  "kube-linter/digest-no-tag.yaml", "image-latest-tag", true, true,
	  SEV_MEDIUM, "without a tag (pulled as :latest)" },
	{ "ssh-port.yml (app1, containerPort 22, TCP)",
	  "kube-linter/ssh-port-22-tcp.yaml", "ssh-server", true, true,
	  SEV_MEDIUM, "declares an SSH port" },
	{ "run-as-non-root template (pod runAsNonRoot, runAsGroup 2000)",
	  "kube-linter/runasnonroot-pod.yaml", "run-as-root", false, false,
	  SEV_NONE, NULL },
	{ "run-as-non-root template (container runAsUser, runAsGroup 1000)",
	  "kube-linter/runasuser-container.yaml", "run-as-root", false, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: the current run-as-non-root template also wants a
	 * non-zero runAsGroup.  Group 0 is no root: it reaches only what
	 * files grant their group, Pod Security 'restricted' does not ask
	 * for it, and the kubelet already refuses UID 0 here.
	 */
	{ "run-as-non-root template (runAsNonRoot, runAsGroup unset)",
	  "kube-linter/nonroot-no-group.yaml", "run-as-root", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter asks only whether a hostPath mount is
	 * writable.  A read-only one still reads node files, its readOnly
	 * does not reach mounts below it unless recursiveReadOnly says so,
	 * and Pod Security 'baseline' refuses every hostPath: low.
	 */
	{ "writable-host-mount (the mount set readOnly: true)",
	  "kube-linter/host-config-readonly.yaml", "hostpath-volume", false,
	  true, SEV_LOW, "(read-only)" },
	/*
	 * Disagrees: dropping NET_RAW alone satisfies kube-linter; the
	 * container keeps the rest of the runtime's default set (SETUID,
	 * SETGID, DAC_OVERRIDE, ...), which drop: [ALL] removes.
	 */
	{ "drop-net-raw-capability (drop: [NET_RAW] only)",
	  "kube-linter/capabilities-drop-net-raw.yaml",
	  "capabilities-not-dropped", false, true, SEV_LOW,
	  "keeps CHOWN, DAC_OVERRIDE" },
	{ "containercapabilities template_test (TestDropListHasAll)",
	  "kube-linter/capabilities-drop-all.yaml", "capabilities-not-dropped",
	  false, false, SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter's env-var-secret matches only names that
	 * hold "secret"; a literal password under another credential name
	 * is as exposed to whoever reads the workload.
	 */
	{ "env-var-secret (name pattern (?i).*secret.*: DB_PASSWORD)",
	  "kube-linter/env-password-literal.yaml", "app-credentials", false,
	  true, SEV_MEDIUM, "env 'DB_PASSWORD'" },
	/*
	 * Disagrees: kube-linter reports any non-empty value under such a
	 * name; "true" is a switch, not a credential.
	 */
	{ "env-var-secret (name pattern, value: \"true\")",
	  "kube-linter/env-secret-flag.yaml", "app-credentials", true, false,
	  SEV_NONE, NULL },
	/*
	 * Disagrees: kube-linter reports Secret writes aggregated into
	 * admin.  The built-in admin role already creates and deletes
	 * Secrets in its namespace, so the aggregation grants no one
	 * anything new.
	 */
	{ "aggregate-to-admin-escalation.yml (fire-aggregate-admin-secrets)",
	  "kube-linter/aggregate-admin-secrets.yaml", "rbac-unbound-role", true,
	  false, SEV_NONE, NULL },
};

START_TEST(test_kubelinter)
{
	tu_peer_judge(&kubelinter[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_count)
{
	ck_assert_uint_eq(N(kubelinter), 104);
	ck_assert_uint_eq(tu_peer_agreed(kubelinter, N(kubelinter)), 83);
}
END_TEST

Suite *suite_peer_kubelinter(void)
{
	Suite *s = suite_create("peer_kubelinter");
	TCase *tc = tcase_create("kubelinter");

	tcase_add_loop_test(tc, test_kubelinter, 0, (int)N(kubelinter));
	tcase_add_test(tc, test_agreement_count);
	suite_add_tcase(s, tc);
	return s;
}
