/*
 * privilege-escalation: containers whose processes may gain privileges
 * (setuid binaries, file capabilities) because no_new_privs is not set.
 */
#include "check.h"

#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", "T1611", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/security/pod-security-standards/"
	"#restricted",
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"security-context/",
	NULL,
};

const struct check check_privilege_escalation = {
	.id = "privilege-escalation",
	.title = "Container allows privilege escalation",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "allowPrivilegeEscalation controls the no_new_privs flag of "
	    "the container's processes.  Unless it is false, a process "
	    "can gain privileges through setuid binaries or file "
	    "capabilities, turning an unprivileged foothold into root in "
	    "the container, the first step of Privileged container "
	    "(MS-TA9018) escapes (T1611).  It is true by default, and "
	    "always effectively true for privileged containers and "
	    "containers adding CAP_SYS_ADMIN (the API server rejects "
	    "false with either).  High when set to true explicitly or "
	    "forced by privileged/SYS_ADMIN; medium when merely unset.",
	.remediation =
	    "Set securityContext.allowPrivilegeEscalation: false on every "
	    "container, and drop privileged and CAP_SYS_ADMIN.  Windows "
	    "pods are skipped.",
	.details =
	    "- **Severity:** high when `allowPrivilegeEscalation: true` is "
	    "set, or when\n"
	    "  the container is privileged or adds `SYS_ADMIN` (or `ALL`), "
	    "which forces\n"
	    "  it on; medium when it is merely unset (the default is to "
	    "allow).\n"
	    "- **Techniques:** MS-TA9018 Privileged container; ATT&CK T1610, "
	    "T1611.\n"
	    "- **Looks at:** the container's "
	    "`securityContext.allowPrivilegeEscalation`\n"
	    "  (a container-only field). Windows pods (`spec.os.name: "
	    "windows`) are\n"
	    "  skipped.\n"
	    "- **Why:** unless it is false, the container's processes lack\n"
	    "  `no_new_privs` and can gain privileges through setuid binaries "
	    "and file\n"
	    "  capabilities: an unprivileged foothold becomes root in the "
	    "container, the\n"
	    "  first step of most escapes.\n"
	    "- **Remediation:** `allowPrivilegeEscalation: false` on every "
	    "container;\n"
	    "  drop privileged and `SYS_ADMIN`.\n"
	    "- **False positives:** few; images that rely on `sudo` or setuid "
	    "helpers\n"
	    "  need rework rather than an exception.\n",
	.fix = "securityContext:\n"
	       "  allowPrivilegeEscalation: false\n",
	.references = references,
	.container = judge,
	.container_linux_only = true,
};

/* The container adds SYS_ADMIN (or ALL), with or without CAP_, any case. */
static const struct node *adds_sys_admin(const struct wl_iter *it)
{
	const struct node *add =
	    wl_container_sc(it, "capabilities.add", NULL, 0);
	size_t i;

	for (i = 0; i < node_count(add); i++) {
		const char *c = node_str(node_at(add, i));
		if (wl_cap_is(c, "SYS_ADMIN") || wl_cap_is(c, "ALL"))
			return node_at(add, i);
	}
	return NULL;
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 64];
	const struct node *ape =
	    wl_container_sc(it, "allowPrivilegeEscalation", path, sizeof(path));
	const struct node *priv = wl_container_sc(it, "privileged", NULL, 0);
	const struct node *sa = node_is_true(priv) ? NULL : adds_sys_admin(it);
	struct finding *fd;

	if (sa && node_is_false(ape) && !node_str_eq(sa, "CAP_SYS_ADMIN")) {
		/*
		 * The API server refuses false only beside the literal
		 * CAP_SYS_ADMIN; spelled otherwise, the kubelet sets
		 * no_new_privs, which does not take away what the process
		 * already holds.
		 */
		fd = finding_add(
		    out, &check_privilege_escalation, it->pv->obj, it->name,
		    "%s '%s' can escalate privileges: it adds %s, which "
		    "allowPrivilegeEscalation: false (no_new_privs) does "
		    "not take away",
		    wl_list_noun(it->list), it->name, node_str(sa));
		fd->severity = SEV_HIGH;
	} else if (node_is_true(priv) || sa) {
		fd = finding_add(
		    out, &check_privilege_escalation, it->pv->obj, it->name,
		    "%s '%s' can escalate privileges: it is %s, "
		    "which forces allowPrivilegeEscalation on",
		    wl_list_noun(it->list), it->name,
		    node_is_true(priv) ? "privileged" : "given CAP_SYS_ADMIN");
		fd->severity = SEV_HIGH;
	} else if (node_is_false(ape)) {
		return;
	} else if (node_is_true(ape)) {
		fd = finding_add(out, &check_privilege_escalation, it->pv->obj,
				 it->name,
				 "%s '%s' sets allowPrivilegeEscalation: true",
				 wl_list_noun(it->list), it->name);
		fd->severity = SEV_HIGH;
	} else {
		fd = finding_add(
		    out, &check_privilege_escalation, it->pv->obj, it->name,
		    "%s '%s' does not set allowPrivilegeEscalation: "
		    "false (the default allows escalation)",
		    wl_list_noun(it->list), it->name);
		fd->severity = SEV_MEDIUM;
	}
	if (ape)
		finding_evidence(out, fd, ape, path, "%s",
				 node_scalar_text(ape));
	else
		finding_evidence(out, fd, it->c, it->path,
				 "allowPrivilegeEscalation unset");
}
