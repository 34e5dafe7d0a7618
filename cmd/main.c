/*
 * kubectl-threatmap: audit a Kubernetes cluster's configuration and map each
 * weakness to the Microsoft Threat Matrix for Kubernetes.
 *
 * main() only dispatches: it finds the subcommand in the table built from
 * subcmds.def and hands it the rest of argv.  A first argument that is a
 * flag (or none at all) means `scan`, so `kubectl threatmap -f x.yaml` works.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

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

void subcmd_print_help(const struct subcmd *sc)
{
	cli_put_text(sc->help, stdout);
}

/* "unknown command 'x'", with the nearest command when there is one. */
static int unknown_command(const char *name)
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

static void print_main_help(void)
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

static int run_help(int argc, char **argv)
{
	const struct subcmd *sc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_main_help();
		return CLI_EXIT_CLEAN;
	}
	if (argc > 2)
		return cli_usage(NULL, "help takes one command name");
	sc = subcmd_find(argv[1]);
	if (!sc)
		return unknown_command(argv[1]);
	subcmd_print_help(sc);
	return CLI_EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	const struct subcmd *sc;
	const char *first = argc > 1 ? argv[1] : NULL;

	cli_set_prog(argv[0]);
	if (first && (!strcmp(first, "-h") || !strcmp(first, "--help"))) {
		print_main_help();
		return CLI_EXIT_CLEAN;
	}
	if (first && !strcmp(first, "--version"))
		return subcmd_find("version")->run(
		    1, (char *[]){ "version", NULL });
	if (first && !strcmp(first, "help"))
		return run_help(argc - 1, argv + 1);
	if (!first || first[0] == '-')
		return subcmd_find("scan")->run(argc, argv);
	sc = subcmd_find(first);
	if (!sc)
		return unknown_command(first);
	return sc->run(argc - 1, argv + 1);
}
