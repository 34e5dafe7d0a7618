#include "severity.h"

#include <strings.h>

static const char *const sev_names[] = { "none", "low", "medium", "high",
					 "critical" };

const char *severity_name(enum severity s)
{
	return (unsigned)s < 5 ? sev_names[s] : "unknown";
}

bool severity_parse(const char *s, enum severity *out)
{
	unsigned i;

	for (i = 0; i < 5; i++)
		if (!strcasecmp(s, sev_names[i])) {
			*out = (enum severity)i;
			return true;
		}
	return false;
}
