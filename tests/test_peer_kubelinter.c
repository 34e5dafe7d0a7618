/*
 * test_peer_kubelinter.c - threatmap's verdict on cases taken from the
 * check fixtures of kube-linter (stackrox/kube-linter tests/checks/), each
 * restated as a small manifest of ours in
 * testdata/verdicts/peers/kube-linter/.  An object named "dont-fire" in
 * those files is one kube-linter passes; every other object is one it
 * reports.
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
};

START_TEST(test_kubelinter)
{
	tu_peer_judge(&kubelinter[_i]);
}
END_TEST

/* The agreements counted; each disagreement is explained at its row. */
START_TEST(test_agreement_count)
{
	ck_assert_uint_eq(N(kubelinter), 29);
	ck_assert_uint_eq(tu_peer_agreed(kubelinter, N(kubelinter)), 25);
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
