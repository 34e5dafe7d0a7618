/*
 * fuzz_kubeconfig.c - bytes as one kubeconfig file through
 * kubeconfig_load_buffer().  The file is named under a directory that does
 * not exist, so relative certificate and token paths resolve to nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "kube/kubeconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_target(const struct kube_target *t)
{
	/* A resolved target always names its server, without a '/' at the
	 * end, and its origin. */
	size_t n;

	if (!t->server || !t->origin || !t->context || !t->user_name)
		abort();
	n = strlen(t->server);
	if (n && t->server[n - 1] == '/')
		abort();
	if ((t->cert == NULL) != (t->key == NULL))
		abort();
}

static void one(const uint8_t *data, size_t size,
		const struct kubeconfig_opts *o)
{
	struct arena *a = arena_new();
	struct kube_target t;
	struct diag d;
	int rc;

	rc = kubeconfig_load_buffer(a, o, "/nonexistent-threatmap-fuzz/config",
				    (const char *)data, size, &t, &d);
	if (rc == 0)
		check_target(&t);
	else if (rc > 0 || d.code == DIAG_OK || !d.msg[0])
		abort();
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct kubeconfig_opts plain = { 0 };
	static const struct kubeconfig_opts picked = {
		.context = "fuzz",
		.cluster = "fuzz",
		.user = "fuzz",
	};

	one(data, size, &plain);
	one(data, size, &picked);
	return 0;
}
