/*
 * apparmor-unconfined: containers whose AppArmor profile is Unconfined,
 * through the securityContext field or the beta annotation.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tutorials/security/apparmor/",
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#baseline",
	NULL,
};

#define ANNOTATION "container.apparmor.security.beta.kubernetes.io/"

const struct check check_apparmor_unconfined = {
	.id = "apparmor-unconfined",
	.title = "Container runs without AppArmor confinement",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "On nodes with AppArmor the runtime confines every "
	    "unprivileged container with its default profile, which "
	    "denies mounts, writes to /proc and /sys and other moves "
	    "container escapes rely on.  appArmorProfile.type: "
	    "Unconfined (container or pod securityContext) or the beta "
	    "annotation container.apparmor.security.beta.kubernetes.io/"
	    "<container>: unconfined removes it (Privileged container, "
	    "MS-TA9018, T1611); the Pod Security 'baseline' level refuses "
	    "both.  Medium: it removes a defence layer, not a boundary "
	    "of its own.  An unset profile is not reported, since it "
	    "means the runtime default.  The annotation wins over the "
	    "field, as the kubelet reads it.  Privileged containers "
	    "(never confined) and Windows pods are skipped.",
	.remediation = "Remove the Unconfined profile and the unconfined "
		       "annotation; use RuntimeDefault or a Localhost "
		       "profile loaded on the nodes.",
	.details =
	    "- **Severity:** medium. **Techniques:** MS-TA9018; ATT&CK T1610, "
	    "T1611.\n"
	    "- **Looks at:** the beta annotation\n"
	    "  `container.apparmor.security.beta.kubernetes.io/<container>: "
	    "unconfined`\n"
	    "  (it wins, as in the kubelet) and the effective "
	    "`appArmorProfile.type:\n"
	    "  Unconfined`. An unset profile is not reported: it means the "
	    "runtime\n"
	    "  default. Privileged containers and Windows pods are skipped.\n",
	.fix = "securityContext:\n  appArmorProfile:\n"
	       "    type: RuntimeDefault\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	char key[256], path[WL_PATH_MAX + 320];
	const struct node *ann, *v;
	struct finding *fd;

	if (node_is_true(wl_container_sc(it, "privileged", NULL, 0)))
		return;
	fmt_snprintf(key, sizeof(key), ANNOTATION "%s", it->name);
	ann = node_get(node_get(it->pv->meta, "annotations"), key);
	if (ann) {
		if (!node_str_eq(ann, "unconfined"))
			return;
		wl_meta_path(it->pv, "annotations", path, sizeof(path));
		fmt_snprintf(path + strlen(path), sizeof(path) - strlen(path),
			     "['%s']", key);
		fd = finding_add(out, &check_apparmor_unconfined, it->pv->obj,
				 it->name,
				 "%s '%s' runs AppArmor-unconfined (beta "
				 "annotation)",
				 wl_list_noun(it->list), it->name);
		finding_evidence(out, fd, ann, path, "unconfined");
		return;
	}
	v = wl_effective(it, "appArmorProfile.type", path, sizeof(path));
	if (!node_str_eq(v, "Unconfined"))
		return;
	fd = finding_add(out, &check_apparmor_unconfined, it->pv->obj, it->name,
			 "%s '%s' runs with appArmorProfile Unconfined",
			 wl_list_noun(it->list), it->name);
	finding_evidence(out, fd, v, path, "Unconfined");
}
