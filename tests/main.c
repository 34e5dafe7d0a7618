/*
 * The test runner: one Check suite per tests/test_<module>.c.  The list of
 * suites is generated from their constructors (build/suites.inc).
 *
 *   threatmap-tests            every suite
 *   threatmap-tests NAME...    only the suites named (tests/run-suites.sh
 *                              runs them a few processes at a time)
 *   threatmap-tests --list     the suite names, one a line
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define SUITE(name) Suite *suite_##name(void);
#include "suites.inc"
#undef SUITE

static const struct {
	const char *name;
	Suite *(*make)(void);
} suites[] = {
#define SUITE(name) { #name, suite_##name },
#include "suites.inc"
#undef SUITE
};

#define NSUITES (sizeof(suites) / sizeof(suites[0]))

/* Index of the suite called name, or -1. */
static int find_suite(const char *name)
{
	for (size_t i = 0; i < NSUITES; i++)
		if (!strcmp(suites[i].name, name))
			return (int)i;
	return -1;
}

int main(int argc, char **argv)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < NSUITES; i++)
			printf("%s\n", suites[i].name);
		srunner_free(sr);
		return EXIT_SUCCESS;
	}
	for (int a = 1; a < argc; a++) {
		if (find_suite(argv[a]) < 0) {
			fprintf(stderr,
				"%s: no suite '%s' (--list names them)\n",
				argv[0], argv[a]);
			srunner_free(sr);
			return 2;
		}
	}
	for (size_t i = 0; i < NSUITES; i++) {
		bool wanted = argc < 2;

		for (int a = 1; a < argc && !wanted; a++)
			wanted = !strcmp(argv[a], suites[i].name);
		if (wanted)
			srunner_add_suite(sr, suites[i].make());
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
