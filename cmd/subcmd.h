/*
 * subcmd.h - the table of subcommands (cmd/subcmds.def) and the top-level
 * help.  main() dispatches through it; nothing else in cmd/ needs it.
 */
#ifndef THREATMAP_SUBCMD_H
#define THREATMAP_SUBCMD_H

struct subcmd;

/* The table, NULL-terminated, in subcmds.def order. */
extern const struct subcmd *const subcmd_table[];

/*
 * Everything main() does after cli_set_prog(): argv[0] is the program;
 * a first argument that is a flag (or none) means scan.  Returns an enum
 * cli_exit.
 */
int subcmd_main(int argc, char **argv);

/* Subcommand by name, or NULL. */
const struct subcmd *subcmd_find(const char *name);

/* The command list and examples, on stdout. */
void subcmd_print_main_help(void);

/*
 * The `help [COMMAND]` command: argv[0] is "help".  Returns an enum
 * cli_exit.
 */
int subcmd_help(int argc, char **argv);

/* "unknown command 'x'" naming the nearest command; CLI_EXIT_USAGE. */
int subcmd_unknown(const char *name);

#endif
