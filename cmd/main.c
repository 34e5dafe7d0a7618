/*
 * kubectl-threatmap: audit a Kubernetes cluster's configuration and map each
 * weakness to the Microsoft Threat Matrix for Kubernetes.
 *
 * main() only dispatches: it finds the subcommand in the table (subcmd.h)
 * and hands it the rest of argv.  A first argument that is a flag (or none
 * at all) means `scan`, so `kubectl threatmap -f x.yaml` works.
 */
#include "cli.h"
#include "subcmd.h"

int main(int argc, char **argv)
{
	cli_set_prog(argv[0]);
	return subcmd_main(argc, argv);
}
