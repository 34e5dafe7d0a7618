/*
 * renderers.h - the table of renderers (renderers.def).  The renderers
 * know only render.h; the table knows them all.
 */
#ifndef THREATMAP_RENDERERS_H
#define THREATMAP_RENDERERS_H

#include "render/render.h"

/* Every renderer, NULL-terminated (see renderers.def). */
extern const struct renderer *const renderer_table[];

/* Renderer by name, or NULL. */
const struct renderer *renderer_find(const char *name);

#endif
