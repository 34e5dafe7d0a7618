/*
 * image.h - container image references, parsed the way the container
 * runtime resolves them.
 *
 * A reference is [HOST[:PORT]/]PATH[:TAG][@DIGEST].  The first component
 * of the name is a registry host when it holds a '.' or a ':' or is
 * "localhost"; otherwise the image comes from Docker Hub ("docker.io"),
 * and a one-component path lives under "library/" ("nginx" is
 * docker.io/library/nginx).  "index.docker.io" and
 * "registry-1.docker.io" are Docker Hub too.  The tag is what follows the
 * last ':' after the last '/'; without tag and digest the runtime pulls
 * "latest".
 *
 * Everything writes into the caller's struct; no allocation, thread safe.
 */
#ifndef THREATMAP_IMAGE_H
#define THREATMAP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#define IMAGE_PART_MAX 256

struct image_ref {
	char registry[IMAGE_PART_MAX];	 /* "docker.io", "ghcr.io:443" */
	char repository[IMAGE_PART_MAX]; /* "library/nginx", "org/app" */
	char tag[IMAGE_PART_MAX];	 /* "" when none is written */
	char digest[IMAGE_PART_MAX];	 /* "sha256:...", "" when none */
	bool explicit_registry;		 /* the reference names its host */
};

/*
 * Parse ref into r.  False (r cleared) for an empty reference, one with
 * spaces, an empty component or a part longer than IMAGE_PART_MAX - 1.
 */
bool image_parse(const char *ref, struct image_ref *r);

/* Pinned by a digest: "@sha256:..." present. */
bool image_pinned(const struct image_ref *r);

/* The tag the runtime uses: r->tag, else "latest" (meaningless when pinned). */
const char *image_tag(const struct image_ref *r);

/*
 * The image comes from a trusted location.  Each entry of trusted (n
 * entries) is a registry host ("registry.example.com", "localhost:5000"),
 * a host and a repository prefix ("docker.io/library", "ghcr.io/acme",
 * matched by whole path components) or a host pattern "*.example.com"
 * (any subdomain, not example.com itself).  Docker Hub may be written
 * "docker.io" or "index.docker.io"; hosts compare case-insensitively.
 */
bool image_trusted(const struct image_ref *r, const char *const *trusted,
		   size_t n);

/*
 * e is a trusted-location entry image_trusted() can use: a host, an
 * optional "/repository/prefix", a leading "*." only as a whole host
 * label; no scheme, spaces, commas, tag or digest.  Otherwise *why (may
 * be NULL) says what is wrong, in lower case.
 */
bool image_trusted_entry_valid(const char *e, const char **why);

#endif
