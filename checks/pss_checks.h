/*
 * pss_checks.h - shared by the Pod Security Standards profile checks
 * (checks/pss_*.c): the table of each level and the helpers that word a
 * failing control the same way everywhere.
 *
 * A profile check reports one finding per offending field: the message
 * names the control, the field's value and the values the standard
 * allows; the evidence is the field path.
 */
#ifndef THREATMAP_PSS_CHECKS_H
#define THREATMAP_PSS_CHECKS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct check;
struct findings;
struct kobj;
struct node;
struct pod_view;
struct wl_iter;

/*
 * One failing field: finding of c on obj (container may be NULL) with the
 * printf message, evidence at (path, value).
 */
void pss_fail(struct findings *out, const struct check *c,
	      const struct kobj *obj, const char *container,
	      const struct node *at, const char *path, const char *value,
	      const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* "container 'x'" style subject of the current container into buf. */
const char *pss_who(const struct wl_iter *it, char *buf, size_t n);

/* Pod-level securityContext field of pv, its path into path. */
const struct node *pss_pod_sc(const struct pod_view *pv, const char *field,
			      char *path, size_t n);

/*
 * Control "Capabilities", the added ones: each entry of the container's
 * capabilities.add that allowed() refuses fails c, its message naming
 * allowed_text ("undefined or NET_BIND_SERVICE").
 */
void pss_caps_added(struct findings *out, const struct check *c,
		    const struct wl_iter *it, bool (*allowed)(const char *cap),
		    const char *allowed_text);

/*
 * Control "/proc Mount Type": a procMount other than Default fails c;
 * with userns_unmasked (baseline), Unmasked passes in a pod with
 * hostUsers: false.
 */
void pss_proc_mount(struct findings *out, const struct check *c,
		    const struct wl_iter *it, bool userns_unmasked);

#endif
