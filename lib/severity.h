/*
 * severity.h - how bad a finding is, from none to critical.
 *
 * Both the check table (a check's declared severity) and findings use it;
 * it sits below both so neither header needs the other.
 */
#ifndef THREATMAP_SEVERITY_H
#define THREATMAP_SEVERITY_H

#include <stdbool.h>

enum severity {
	SEV_NONE = 0,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};

/* "low", "medium", ...; severity_parse accepts them in any case. */
const char *severity_name(enum severity s);
bool severity_parse(const char *s, enum severity *out);

#endif
