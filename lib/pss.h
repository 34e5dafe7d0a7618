/*
 * pss.h - the Pod Security Standards as data.
 *
 * The allowed values of the upstream Pod Security Standards (the policy the
 * built-in PodSecurity admission plugin enforces, newest version), so that
 * the profile checks (checks/pss_*.c) and the default catalogue judge a
 * capability, a sysctl or a volume the same way.  Comparisons are exact,
 * as the admission plugin's are: "chown" and "CAP_CHOWN" are not CHOWN.
 *
 * Pure functions over constant tables; thread safe.
 */
#ifndef THREATMAP_PSS_H
#define THREATMAP_PSS_H

#include <stdbool.h>
#include <stddef.h>

struct kobj;
struct node;

enum pss_level {
	PSS_NONE = 0, /* label missing or not a level */
	PSS_PRIVILEGED,
	PSS_BASELINE,
	PSS_RESTRICTED,
};

/* "privileged", "baseline", "restricted"; "none" for PSS_NONE. */
const char *pss_level_name(enum pss_level l);

/* The level a label value names, PSS_NONE for anything else. */
enum pss_level pss_level_parse(const char *s);

/*
 * Namespace label pod-security.kubernetes.io/<mode> ("enforce", "audit",
 * "warn") of ns: its level and, through *at (may be NULL), its node.
 */
enum pss_level pss_namespace_level(const struct kobj *ns, const char *mode,
				   const struct node **at);

/* Label key of a mode: "pod-security.kubernetes.io/enforce". */
const char *pss_label_key(const char *mode);

/* cap (as written in capabilities.add) is in the baseline set. */
bool pss_baseline_capability(const char *cap);

/* The baseline capability set, comma-separated, for messages. */
extern const char pss_baseline_capabilities[];

/* name is one of the sysctls baseline allows (the "safe" set). */
bool pss_safe_sysctl(const char *name);

/* The safe sysctls, comma-separated, for messages. */
extern const char pss_safe_sysctls[];

/* seLinuxOptions.type value t is allowed by baseline ("" included). */
bool pss_selinux_type_allowed(const char *t);

/* The allowed SELinux types, comma-separated, for messages. */
extern const char pss_selinux_types[];

/*
 * The volume source key of volume v that restricted forbids ("hostPath",
 * "nfs", ...), or NULL when v uses an allowed type or none at all.
 */
const char *pss_restricted_volume(const struct node *v);

/* The volume types restricted allows, comma-separated, for messages. */
extern const char pss_restricted_volume_types[];

/* seccompProfile.type / appArmorProfile.type t is RuntimeDefault/Localhost. */
bool pss_profile_type_confined(const char *t);

/*
 * seccompProfile.type t (NULL: unset or not a string) is allowed at level
 * l: privileged allows any, baseline any but Unconfined, restricted only
 * RuntimeDefault and Localhost.  A container that leaves it unset takes
 * its pod's: pass the pod's type for it.
 */
bool pss_seccomp_allowed(enum pss_level l, const char *t);

#endif
