/*
 * fuzz_headers.c - bytes as one HTTP response header line through
 * kube_retry_after() (a number of seconds or an HTTP date), and as a
 * credential through kube_header_value_ok() and a server URL through
 * kube_url_strip_userinfo(): a wait is never negative beyond -1 nor past
 * the cap, an accepted header value holds no control character, a
 * stripped URL keeps no '@' before its path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *s = arena_strndup(a, (const char *)data, size);
	char *line = arena_printf(a, "Retry-After: %s\r\n", s);
	const char *url, *auth;
	long v;
	size_t i;

	v = kube_retry_after((const char *)data, size, 1700000000);
	if (v < -1 || v > KUBE_RETRY_AFTER_MAX)
		abort();
	v = kube_retry_after(line, strlen(line), 1700000000);
	if (v < -1 || v > KUBE_RETRY_AFTER_MAX)
		abort();
	if (kube_header_value_ok(s))
		for (i = 0; s[i]; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				abort();
	url = kube_url_strip_userinfo(a, arena_printf(a, "https://%s", s));
	auth = strstr(url, "://");
	if (!auth)
		abort();
	auth += 3;
	if (memchr(auth, '@', strcspn(auth, "/?#")))
		abort();
	arena_free(a);
	return 0;
}
