/*
 * image_names.h - how the image checks read an image reference and judge
 * image volumes, as paragraphs their .details share, and the image volumes
 * whose reference can change under the same name.
 */
#ifndef THREATMAP_IMAGE_NAMES_H
#define THREATMAP_IMAGE_NAMES_H

#define IMAGE_NAMES_DETAILS                                                    \
	"- **Image names** are read as the container runtime resolves "        \
	"them: the\n"                                                          \
	"  first path component is a registry when it holds `.` or `:` or "    \
	"is\n"                                                                 \
	"  `localhost` (so `registry.local:5000/app` has no tag); anything "   \
	"else is\n"                                                            \
	"  Docker Hub (`nginx` is `docker.io/library/nginx`, and "             \
	"`index.docker.io`\n"                                                  \
	"  and `registry-1.docker.io` are Docker Hub too). A digest pins an "  \
	"image\n"                                                              \
	"  even when a tag is written beside it.\n"

#define IMAGE_VOLUMES_DETAILS                                                  \
	"- **Image volumes** (`volumes[].image.reference`, Kubernetes "        \
	"1.31+) are\n"                                                         \
	"  judged like containers' images: their content is mounted into "     \
	"the pod.\n"

#include <stdbool.h>
#include <stddef.h>

#include "image.h"
#include "node.h"
#include "workload.h"

/*
 * The next image volume of pv at or after *next (wl_next_image_volume())
 * whose reference parses and carries no digest, its parts in *r.
 */
static inline bool image_next_mutable_volume(const struct pod_view *pv,
					     size_t *next,
					     struct wl_image_volume *v,
					     struct image_ref *r)
{
	while (wl_next_image_volume(pv, next, v))
		if (image_parse(node_str(v->ref), r) && !image_pinned(r))
			return true;
	return false;
}

#endif
