/*
 * profiles.c - the check tables `scan --profile` runs instead of the
 * default catalogue: the Pod Security Standards, level by level.  The
 * restricted profile is baseline plus the controls restricted adds, as in
 * the standard; each level also judges the namespaces' enforce labels.
 */
#include "checks/profiles.h"

#include "check.h"

#include <string.h>

#define PSS_BASELINE_CHECKS                                                    \
	X(pss_host_process)                                                    \
	X(pss_host_namespaces)                                                 \
	X(pss_privileged)                                                      \
	X(pss_capabilities)                                                    \
	X(pss_host_path)                                                       \
	X(pss_host_ports)                                                      \
	X(pss_host_probes)                                                     \
	X(pss_apparmor)                                                        \
	X(pss_selinux)                                                         \
	X(pss_proc_mount)                                                      \
	X(pss_seccomp)                                                         \
	X(pss_sysctls)

#define PSS_RESTRICTED_CHECKS                                                  \
	X(pss_volume_types)                                                    \
	X(pss_privilege_escalation)                                            \
	X(pss_run_as_non_root)                                                 \
	X(pss_run_as_user)                                                     \
	X(pss_seccomp_restricted)                                              \
	X(pss_capabilities_restricted)                                         \
	X(pss_proc_mount_restricted)

#define X(name) extern const struct check check_##name;
PSS_BASELINE_CHECKS
PSS_RESTRICTED_CHECKS
X(pss_namespace_baseline)
X(pss_namespace_restricted)
#undef X

#define X(name) &check_##name,
static const struct check *const pss_baseline[] = {
	PSS_BASELINE_CHECKS & check_pss_namespace_baseline,
	NULL,
};

static const struct check *const pss_restricted[] = {
	PSS_BASELINE_CHECKS PSS_RESTRICTED_CHECKS &
	    check_pss_namespace_restricted,
	NULL,
};

/* Every profile check once, for check_find() and the tests. */
const struct check *const profile_checks[] = {
	PSS_BASELINE_CHECKS PSS_RESTRICTED_CHECKS &
	    check_pss_namespace_baseline,
	&check_pss_namespace_restricted,
	NULL,
};
#undef X

const struct profile profile_pss_baseline = {
	.id = "pss-baseline",
	.title = "Pod Security Standards: baseline",
	.checks = pss_baseline,
};

const struct profile profile_pss_restricted = {
	.id = "pss-restricted",
	.title = "Pod Security Standards: restricted",
	.checks = pss_restricted,
};

const struct profile *const profile_registry[] = {
	&profile_pss_baseline,
	&profile_pss_restricted,
	NULL,
};

const struct profile *profile_find(const char *id)
{
	const struct profile *const *p;

	for (p = profile_registry; *p; p++)
		if (!strcmp((*p)->id, id))
			return *p;
	return NULL;
}

const struct profile *profile_of(const struct check *c)
{
	const struct profile *const *p;
	const struct check *const *k;

	for (p = profile_registry; *p; p++)
		for (k = (*p)->checks; *k; k++)
			if (*k == c)
				return *p;
	return NULL;
}
