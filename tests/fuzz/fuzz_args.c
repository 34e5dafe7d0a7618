/*
 * fuzz_args.c - bytes as the values of command-line flags that reach the
 * library: --max-input-size (parse_size), --fail-on and --min-severity
 * (severity_parse), --exclude-namespaces (a PCRE2 pattern, compiled and
 * matched under its limits against a long name).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "finding.h"
#include "policy.h"
#include "safefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *s = arena_strndup(a, (const char *)data, size);
	struct policy_re *re;
	enum severity sev;
	struct diag d;
	size_t v;

	if (parse_size(s, &v) && !v)
		abort();
	(void)severity_parse(s, &sev);
	re = policy_re_new(s, "--exclude-namespaces", 0, 0, &d);
	if (re) {
		(void)policy_re_match(re,
				      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
		(void)policy_re_match(re, "kube-system");
		policy_re_free(re);
	} else if (d.code == DIAG_OK || !d.msg[0]) {
		abort();
	}
	arena_free(a);
	return 0;
}
