/*
 * renderers.c - the renderer table, built from renderers.def.
 */
#include "render/renderers.h"

#include <string.h>

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
