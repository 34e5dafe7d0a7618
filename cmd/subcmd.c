/*
 * subcmd.c - the subcommand table, built from subcmds.def, and the help
 * that lists it.
 */
#include "subcmd.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"

#define SUBCMD(name) extern const struct subcmd subcmd_##name;
#include "subcmds.def"
#undef SUBCMD

const struct subcmd *const subcmd_table[] = {
#define SUBCMD(name) &subcmd_##name,
#include "subcmds.def"
#undef SUBCMD
	NULL,
};

const struct subcmd *subcmd_find(const char *name)
{
	const struct subcmd *const *sc;

	for (sc = subcmd_table; *sc; sc++)
		if (!strcmp((*sc)->name, name))
			return *sc;
	return NULL;
}

int subcmd_unknown(const char *name)
{
	const struct subcmd *const *sc;
	struct suggest sg;

	suggest_init(&sg, name);
	for (sc = subcmd_table; *sc; sc++)
		suggest_try(&sg, (*sc)->name);
	suggest_try(&sg, "help");
	if (sg.best)
		return cli_usage(NULL,
				 "unknown command '%s' (did you mean '%s'?)",
				 name, sg.best);
	return cli_usage(NULL, "unknown command '%s'", name);
}

void subcmd_print_main_help(void)
{
	const struct subcmd *const *sc;
	const char *p = cli_prog();

	printf(
	    "%s - audit Kubernetes configuration against the Microsoft Threat\n"
	    "Matrix for Kubernetes and MITRE ATT&CK.\n\n"
	    "Usage:\n"
	    "  %s [COMMAND] [FLAGS]\n"
	    "  kubectl threatmap [COMMAND] [FLAGS]   (as a kubectl plugin)\n\n"
	    "Commands:\n",
	    p, PROG);
	for (sc = subcmd_table; *sc; sc++)
		if (!(*sc)->hidden)
			printf("  %-10s %s\n", (*sc)->name, (*sc)->summary);
	printf("  %-10s %s\n", "help", "show help for a command");
	printf("\n"
	       "With no command, or when the first argument is a flag, the\n"
	       "command is 'scan'.\n\n"
	       "Examples:\n"
	       "  %s scan -f deploy.yaml\n"
	       "  kubectl get all,roles,rolebindings -A -o json | %s -f -\n"
	       "  %s -R -f manifests/ -o text -o json=report.json\n"
	       "  %s explain MS-TA9018\n\n"
	       "Exit status: 0 no findings, 1 findings, 2 usage error,\n"
	       "3 input or output error (see docs/exit-codes.md).\n\n"
	       "Run '%s help COMMAND' or '%s COMMAND --help'\n"
	       "for a command's flags.\n",
	       p, p, p, p, p, p);
}

int subcmd_help(int argc, char **argv)
{
	const struct subcmd *sc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		subcmd_print_main_help();
		return CLI_EXIT_CLEAN;
	}
	if (argc > 2)
		return cli_usage(NULL, "help takes one command name");
	sc = subcmd_find(argv[1]);
	if (!sc)
		return subcmd_unknown(argv[1]);
	cli_print_help(sc);
	return CLI_EXIT_CLEAN;
}

int subcmd_main(int argc, char **argv)
{
	const struct subcmd *sc;
	const char *first = argc > 1 ? argv[1] : NULL;

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
