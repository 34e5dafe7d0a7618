/*
 * An object's scope comes from its group and kind: a component's
 * configuration file (KubeletConfiguration, an audit Policy, ...) has no
 * namespace to miss, a kyverno.io Policy does, and reports say
 * "(namespace unspecified)" only of the second.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "scan.h"
#include "testutil.h"

static const struct {
	const char *api, *kind;
	bool namespaced;
} kinds[] = {
	{ "kubelet.config.k8s.io/v1beta1", "KubeletConfiguration", false },
	{ "audit.k8s.io/v1", "Policy", false },
	{ "apiserver.config.k8s.io/v1", "AuthenticationConfiguration", false },
	{ "apiserver.config.k8s.io/v1", "AdmissionConfiguration", false },
	{ "apiserver.config.k8s.io/v1", "EncryptionConfiguration", false },
	{ "node.eks.aws/v1alpha1", "NodeConfig", false },
	{ "systemd.threatmap.dev/v1", "SystemdUnit", false },
	{ "systemd.threatmap.dev/v1", "EnvironmentFile", false },
	{ "kyverno.io/v1", "Policy", true },
	{ "kyverno.io/v1", "ClusterPolicy", false },
	{ "policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", false },
	{ "constraints.gatekeeper.sh/v1beta1", "K8sRequiredLabels", false },
	{ "rbac.authorization.k8s.io/v1", "ClusterRole", false },
	{ "rbac.authorization.k8s.io/v1", "Role", true },
	{ "v1", "Pod", true },
	{ "v1", "Node", false },
	{ "example.com/v1", "Widget", true },
};

START_TEST(test_scope_by_group_and_kind)
{
	struct scan *s;
	char text[512];
	size_t n;

	snprintf(text, sizeof(text),
		 "apiVersion: %s\nkind: %s\nmetadata: {name: x}\n",
		 kinds[_i].api, kinds[_i].kind);
	s = tu_scan_text(text);
	n = inventory_size(s->inv);
	ck_assert_msg(n == 1, "%s %s: %zu objects", kinds[_i].api,
		      kinds[_i].kind, n);
	ck_assert_msg(kobj_is_namespaced(inventory_object(s->inv, 0)) ==
			  kinds[_i].namespaced,
		      "%s %s", kinds[_i].api, kinds[_i].kind);
	scan_free(s);
}
END_TEST

/* The text report on a kubelet's configuration and a kyverno Policy. */
START_TEST(test_text_names_only_a_missing_namespace)
{
	char *out;
	int rc;

	rc = tu_runf(&out, "scan -f testdata/scope --no-color --verbose "
			   "2>/dev/null");
	ck_assert_msg(rc == 0 || rc == 1, "exit %d: %.1500s", rc, out);
	ck_assert_msg(strstr(out, "KubeletConfiguration node-a"), "%.1500s",
		      out);
	ck_assert_msg(!strstr(out, "KubeletConfiguration node-a (namespace"),
		      "%.1500s", out);
	free(out);
}
END_TEST

/* A kubelet's systemd unit and environment file are a node's files. */
START_TEST(test_text_units_have_no_namespace)
{
	char *out;
	int rc;

	rc = tu_runf(&out,
		     "scan --no-color -f testdata/kubelet-units/kubeadm/etc/"
		     "default/kubelet 2>/dev/null");
	ck_assert_msg(rc == 0 || rc == 1, "exit %d: %.1500s", rc, out);
	ck_assert_msg(strstr(out, "EnvironmentFile kubelet"), "%.1500s", out);
	ck_assert_msg(!strstr(out, "(namespace unspecified)"), "%.1500s", out);
	free(out);
}
END_TEST

Suite *suite_scope(void)
{
	Suite *s = suite_create("scope");
	TCase *tc = tcase_create("scope");

	tcase_add_test(tc, test_text_units_have_no_namespace);
	tcase_add_loop_test(tc, test_scope_by_group_and_kind, 0,
			    (int)(sizeof(kinds) / sizeof(*kinds)));
	tcase_add_test(tc, test_text_names_only_a_missing_namespace);
	suite_add_tcase(s, tc);
	return s;
}
