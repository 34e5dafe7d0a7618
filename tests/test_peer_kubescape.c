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
 * one; the count of agreeing rows is pinned.
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
	  NULL },
};

START_TEST(test_kubescape)
{
	tu_peer_judge(&kubescape[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_count)
{
	ck_assert_uint_eq(N(kubescape), 32);
	ck_assert_uint_eq(tu_peer_agreed(kubescape, N(kubescape)), 25);
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
