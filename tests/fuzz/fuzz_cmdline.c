/*
 * fuzz_cmdline.c - bytes as a whole command line: split on NUL into
 * arguments after the program name and run through the real dispatcher
 * (subcmd_main()) with cli_args_only set, so every subcommand parses and
 * checks its flags and then stops before reading, connecting or writing.
 * Whatever the arguments, the command returns an exit status it
 * documents (0, 1, 2 or 3) and leaves nothing allocated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/subcmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char *argv[MAX_ARGS + 2];
	char *buf = malloc(size + 1);
	size_t i, start = 0;
	int argc = 1, rc;

	if (!buf)
		return 0;
	if (!ready) {
		/* reports and help go nowhere; usage errors stay on stderr */
		if (!freopen("/dev/null", "w", stdout))
			abort();
		cli_args_only = true;
		ready = 1;
	}
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "kubectl-threatmap";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (i < size && buf[i])
			continue;
		argv[argc++] = buf + start;
		start = i + 1;
	}
	/* a trailing NUL ends the last argument, it adds no empty one */
	if (size && !data[size - 1] && argc > 1 && !*argv[argc - 1])
		argc--;
	argv[argc] = NULL;
	rc = subcmd_main(argc, argv);
	if (rc < 0 || rc > 3)
		abort();
	fflush(stdout);
	free(buf);
	return 0;
}
