/*
 * image_names.h - how the image checks read an image reference, as a
 * paragraph their .details share.
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

#endif
