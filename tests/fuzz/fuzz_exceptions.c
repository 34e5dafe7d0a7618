/*
 * fuzz_exceptions.c - bytes as an exceptions file through policy_load(),
 * then applied to a few findings so the compiled patterns and the date
 * comparison run too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char objects[] =
    "apiVersion: apps/v1\n"
    "kind: DaemonSet\n"
    "metadata: {name: calico-node, namespace: kube-system}\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers: [{name: calico-node, image: calico/node}]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: break-glass}\n"
    "roleRef: {kind: ClusterRole, name: cluster-admin}\n";

static void add_findings(struct findings *f, const struct inventory *inv)
{
	static const char *const ids[] = { "privileged-container",
					   "cluster-admin-binding" };
	size_t i, k;

	for (i = 0; i < inventory_size(inv); i++) {
		const struct kobj *o = inventory_object(inv, i);
		for (k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
			const struct check *c = check_find(ids[k]);
			if (c)
				finding_add(f, c, o, k ? NULL : "calico-node",
					    "fuzz finding %zu", k);
		}
	}
	findings_finish(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = DIAG_LIST_INIT;
	struct policy *p = policy_new();
	struct findings f;
	struct diag d;
	size_t i, n;
	int rc;

	load_buffer(a, inv, "objects.yaml", objects, sizeof(objects) - 1, NULL,
		    &errs);
	inventory_finish(inv);
	findings_init(&f, a);
	add_findings(&f, inv);
	rc = policy_load(p, a, "exceptions.yaml", (const char *)data, size, &d);
	if (rc) {
		if (rc > 0 || d.code == DIAG_OK || !d.msg[0] || policy_count(p))
			abort();
	} else {
		rc = policy_apply(p, &f, "2026-06-01", &d);
		if (rc < 0)
			abort();
		for (i = n = 0; i < f.n; i++) {
			const struct policy_exception *e =
			    policy_match(p, f.v[i]);
			if ((e != NULL) != (f.v[i]->suppressed_by != NULL))
				abort();
			n += e != NULL;
		}
		if (n != (size_t)rc)
			abort();
	}
	policy_free(p);
	findings_release(&f);
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
	return 0;
}
