#include "image.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"

#define DOCKER_HUB "docker.io"

static bool copy_part(char *dst, const char *src, size_t len)
{
	if (len >= IMAGE_PART_MAX)
		return false;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

static bool is_hub(const char *host, size_t len)
{
	static const char *const hub[] = { "docker.io", "index.docker.io",
					   "registry-1.docker.io" };
	size_t i;

	for (i = 0; i < sizeof(hub) / sizeof(hub[0]); i++)
		if (strlen(hub[i]) == len && !strncasecmp(host, hub[i], len))
			return true;
	return false;
}

/* A path of non-empty components separated by single slashes. */
static bool path_ok(const char *p, size_t len)
{
	size_t i;

	if (!len || p[0] == '/' || p[len - 1] == '/')
		return false;
	for (i = 1; i < len; i++)
		if (p[i] == '/' && p[i - 1] == '/')
			return false;
	return true;
}

bool image_parse(const char *ref, struct image_ref *r)
{
	const char *at, *name_end, *slash, *colon, *path;
	size_t name_len, host_len = 0;

	memset(r, 0, sizeof(*r));
	if (!ref || !*ref || strpbrk(ref, " \t\r\n"))
		return false;
	at = strchr(ref, '@');
	name_end = at ? at : ref + strlen(ref);
	if (at && (!at[1] || !copy_part(r->digest, at + 1, strlen(at + 1))))
		goto bad;
	name_len = (size_t)(name_end - ref);
	slash = memchr(ref, '/', name_len);
	if (slash) {
		size_t first = (size_t)(slash - ref);
		if (memchr(ref, '.', first) || memchr(ref, ':', first) ||
		    (first == 9 && !strncmp(ref, "localhost", 9)))
			host_len = first;
	}
	path = host_len ? ref + host_len + 1 : ref;
	/* the tag: after the last ':' that follows the last '/' */
	colon = NULL;
	for (const char *p = name_end; p-- > path;) {
		if (*p == '/')
			break;
		if (*p == ':') {
			colon = p;
			break;
		}
	}
	if (colon &&
	    (colon + 1 == name_end ||
	     !copy_part(r->tag, colon + 1, (size_t)(name_end - colon - 1))))
		goto bad;
	if (!colon)
		colon = name_end;
	if (!path_ok(path, (size_t)(colon - path)))
		goto bad;
	if (host_len && !is_hub(ref, host_len)) {
		if (!copy_part(r->registry, ref, host_len))
			goto bad;
		r->explicit_registry = true;
		if (copy_part(r->repository, path, (size_t)(colon - path)))
			return true;
		goto bad;
	}
	r->explicit_registry = host_len != 0;
	memcpy(r->registry, DOCKER_HUB, sizeof(DOCKER_HUB));
	if (!memchr(path, '/', (size_t)(colon - path))) {
		int w = fmt_snprintf(r->repository, sizeof(r->repository),
				     "library/%.*s", (int)(colon - path), path);
		if (w < 0 || (size_t)w >= sizeof(r->repository))
			goto bad;
		return true;
	}
	if (copy_part(r->repository, path, (size_t)(colon - path)))
		return true;
bad:
	memset(r, 0, sizeof(*r));
	return false;
}

bool image_pinned(const struct image_ref *r)
{
	return r->digest[0] != '\0';
}

const char *image_tag(const struct image_ref *r)
{
	return r->tag[0] ? r->tag : "latest";
}

/* Entry host (len hl) matches registry host h. */
static bool host_matches(const char *e, size_t hl, const char *h)
{
	size_t n = strlen(h);

	if (hl > 2 && e[0] == '*' && e[1] == '.')
		return n > hl - 1 &&
		       !strncasecmp(h + n - (hl - 1), e + 1, hl - 1);
	if (is_hub(e, hl))
		return !strcmp(h, DOCKER_HUB);
	return hl == n && !strncasecmp(e, h, n);
}

bool image_trusted(const struct image_ref *r, const char *const *trusted,
		   size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *e = trusted[i];
		size_t hl = strcspn(e, "/"), pl;
		const char *prefix;

		if (!hl || !host_matches(e, hl, r->registry))
			continue;
		if (!e[hl] || !e[hl + 1])
			return true;
		prefix = e + hl + 1;
		pl = strlen(prefix);
		while (pl && prefix[pl - 1] == '/')
			pl--;
		if (!strncmp(r->repository, prefix, pl) &&
		    (r->repository[pl] == '\0' || r->repository[pl] == '/'))
			return true;
	}
	return false;
}

bool image_trusted_entry_valid(const char *e, const char **why)
{
	const char *w = NULL;
	size_t hl = strcspn(e, "/");

	if (!*e)
		w = "it is empty";
	else if (strstr(e, "://"))
		w = "it has a scheme; write the host alone "
		    "(registry.example.com)";
	else if (e[strcspn(e, " \t\n,")])
		w = "it holds a space or a comma; give one registry per entry";
	else if (!hl)
		w = "it has no host before '/'";
	else if (e[strcspn(e, "@")])
		w = "it holds a digest; name a registry or repository prefix";
	else if (strchr(e + hl, ':'))
		w = "it holds a tag; name a registry or repository prefix";
	else if (strchr(e + (e[0] == '*' && e[1] == '.' && hl > 2 ? 2 : 0),
			'*'))
		w = "'*' may only open the host, as in *.example.com";
	else if (strstr(e, "//"))
		w = "it has an empty path component";
	if (why)
		*why = w;
	return !w;
}
