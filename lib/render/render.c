#include "render/render.h"

#include <string.h>

#include "finding.h"
#include "scan.h"

#define RENDERER(name) extern const struct renderer renderer_##name;
#include "render/renderers.def"
#undef RENDERER

const struct renderer *const renderer_table[] = {
#define RENDERER(name) &renderer_##name,
#include "render/renderers.def"
#undef RENDERER
	NULL,
};

const struct renderer *renderer_find(const char *name)
{
	const struct renderer *const *r;

	for (r = renderer_table; *r; r++)
		if (!strcmp((*r)->name, name))
			return *r;
	return NULL;
}

_Static_assert(SEV_CRITICAL < 5 && CHECK_ERROR < 5,
	       "report_counts arrays cover every severity and status");

void report_count(const struct report *r, struct report_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->findings->n; i++) {
		const struct finding *fd = r->findings->v[i];

		if (fd->suppressed_by) {
			c->suppressed++;
			continue;
		}
		c->findings++;
		if ((unsigned)fd->severity <= SEV_CRITICAL)
			c->by_severity[fd->severity]++;
	}
	for (i = 0; i < r->nresults; i++)
		if ((unsigned)r->results[i].status <= CHECK_ERROR)
			c->by_status[r->results[i].status]++;
}
