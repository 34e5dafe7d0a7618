/*
 * fuzz_execcred.c - bytes as an exec credential plugin's standard output
 * through exec_cred_parse(), for both apiVersions; then the same bytes as
 * its standard error through sanitize_text(), whose output must hold no
 * control character and only valid UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "kube/exec_cred.h"
#include "kube/kubeconfig.h"
#include "kube/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u; u++) {
		if (*u < 0x20 || *u == 0x7f)
			abort();
		if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] < 0xa0)
			abort(); /* a C1 control survived */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = {
		"client.authentication.k8s.io/v1",
		"client.authentication.k8s.io/v1beta1",
	};
	struct arena *a = arena_new();
	struct kube_exec x = { 0 };
	struct kube_target t = { 0 };
	struct exec_cred c;
	struct diag d;
	size_t i;

	x.command = "plugin";
	x.interactive_mode = "Never";
	t.exec = &x;
	t.user_name = "fuzz";
	for (i = 0; i < 2; i++) {
		x.api_version = versions[i];
		if (exec_cred_parse(a, &t, (const char *)data, size, &c, &d)) {
			if (d.code != DIAG_AUTH || !d.msg[0])
				abort();
		} else if (!c.token && !c.cert) {
			abort();
		}
	}
	check_clean(sanitize_text(a, (const char *)data, size, 1 << 20));
	arena_free(a);
	return 0;
}
