/*
 * kubectl-threatmap: audit a Kubernetes cluster's configuration and map each
 * weakness to the Microsoft Threat Matrix for Kubernetes.
 *
 * main() only dispatches: it finds the subcommand in the table (subcmd.h)
 * and hands it the rest of argv.  A first argument that is a flag (or none
 * at all) means `scan`, so `kubectl threatmap -f x.yaml` works.
 */
#include "cli.h"

#include <string.h>

#include "subcmd.h"

int main(int argc, char **argv)
{
	const struct subcmd *sc;
	const char *first = argc > 1 ? argv[1] : NULL;

	cli_set_prog(argv[0]);
	if (first && (!strcmp(first, "-h") || !strcmp(first, "--help"))) {
		subcmd_print_main_help();
		return CLI_EXIT_CLEAN;
	}
	if (first && !strcmp(first, "--version"))
		return subcmd_find("version")->run(
		    1, (char *[]){ "version", NULL });
	/* hidden: shell completion and the manual page (completion.c) */
	if (first && !strcmp(first, "__complete"))
		return cli_complete_main(subcmd_table, argc - 1, argv + 1);
	if (first && !strcmp(first, "__man"))
		return cli_man_main(subcmd_table, argc - 1, argv + 1);
	if (first && !strcmp(first, "help"))
		return subcmd_help(argc - 1, argv + 1);
	if (!first || first[0] == '-')
		return subcmd_find("scan")->run(argc, argv);
	sc = subcmd_find(first);
	if (!sc)
		return subcmd_unknown(first);
	return sc->run(argc - 1, argv + 1);
}
