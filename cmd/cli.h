/*
 * cli.h - what the subcommands of kubectl-threatmap share.
 *
 * Each cmd/<name>.c exports one const struct subcmd; cmd/subcmds.def lists
 * them (one SUBCMD(name) line each) and cmd/subcmd.c builds the table from
 * that list.  Only cmd/ prints, reads the environment, looks at the
 * terminal and chooses exit codes (docs/exit-codes.md).
 */
#ifndef THREATMAP_CLI_H
#define THREATMAP_CLI_H

#include <stdbool.h>
#include <time.h>
#include <stddef.h>
#include <stdio.h>

struct jsonw;
struct sbuf;
struct check;
struct mx_technique;

#define PROG "kubectl-threatmap"

enum cli_exit {
	CLI_EXIT_CLEAN = 0,    /* no findings at or above --fail-on */
	CLI_EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	CLI_EXIT_USAGE = 2,    /* bad command line */
	CLI_EXIT_INPUT = 3,    /* input, output or connection error */
};

struct subcmd {
	const char *name;
	const char *summary; /* one line for the command list */
	const char *help;    /* full text for --help and `help NAME` */
	bool hidden;	     /* left out of the command list */
	/*
	 * argv[0] is the subcommand name; returns an enum cli_exit.  The
	 * default subcommand (scan) may also get argv[0] == PROG.
	 */
	int (*run)(int argc, char **argv);
};

/*
 * Set by a test harness before it runs commands: each command returns 0
 * as soon as its command line is parsed and checked, before it reads an
 * input, reads a kubeconfig, connects or writes a file.  Help, usage
 * errors and everything up to that point behave as always.
 */
extern bool cli_args_only;

/* Print the subcommand's help to stdout. */
void cli_print_help(const struct subcmd *sc);

/*
 * "kubectl-threatmap: <message>" and a pointer to --help on stderr;
 * returns CLI_EXIT_USAGE.
 */
int cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "kubectl-threatmap: error: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "kubectl-threatmap: <message>" on stderr (notes, warnings). */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A progress line on stderr, "kubectl-threatmap: <message>" after a
 * carriage return, each replacing the one before; the caller shows it
 * only when stderr is a terminal.  cli_progress_end() clears it, as does
 * every message above before it prints, so no line is left half
 * overwritten.
 */
void cli_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_progress_end(void);

/* Seconds on clock id (CLOCK_MONOTONIC, ...); 0 when it cannot be read. */
double cli_clock_s(clockid_t id);

/*
 * A THREATMAP_* tuning variable read as a decimal number: CLI_ENV_NUM with
 * *v set when it is one, CLI_ENV_BAD when it is set to anything else,
 * CLI_ENV_UNSET when it is unset or empty.
 */
enum cli_env { CLI_ENV_UNSET, CLI_ENV_BAD, CLI_ENV_NUM };
enum cli_env cli_env_num(const char *name, long *v);

/*
 * With THREATMAP_PHASES set in the environment: "kubectl-threatmap:
 * phase NAME: X s cpu, Y s wall" on stderr, the time since the previous
 * call (name NULL only starts the clock).  CPU time is the process's, all
 * threads.  For measuring where a scan spends its time; reports and
 * exit status are unchanged.
 */
void cli_phase(const char *name);
/*
 * With THREATMAP_PHASES: "kubectl-threatmap: check ID: X s cpu" for each
 * check that took a millisecond or more, and their sum.
 */
struct check_result;
void cli_phase_checks(const struct check_result *r, size_t n);

/*
 * Report getopt_long's complaint about argv (returned '?' or ':') as a
 * usage error for cmd.
 */
int cli_bad_option(const char *cmd, int c, char **argv);

/* Reset getopt_long before a subcommand parses its own argv. */
void cli_getopt_reset(void);

struct option;

/*
 * Before getopt_long: every long option must be spelled in full (getopt's
 * silent prefix matching would take "--recursiv" for "--recursive"); an
 * unknown one is a usage error naming the nearest ("did you mean").
 * kubectl's "-f=FILE" becomes "-fFILE" in argv, for every short option
 * that takes a value.  Returns 0 or CLI_EXIT_USAGE (printed).
 */
int cli_check_args(const char *cmd, int argc, char **argv,
		   const char *shortopts, const struct option *longopts);

/*
 * The program as the user called it: "kubectl threatmap" when kubectl ran
 * it as a plugin, else "kubectl-threatmap".  cli_set_prog() decides from
 * argv[0] and the environment, once, in main().
 */
void cli_set_prog(const char *argv0);
const char *cli_prog(void);

/* Write text with every "kubectl-threatmap" spelled as cli_prog(). */
void cli_put_text(const char *text, FILE *fp);

/* ------------------------------------------------------------------ */
/* Outputs: -o SPEC (repeatable), --format, --no-color, --color, -q.    */

enum cli_color {
	CLI_COLOR_AUTO, /* on a terminal unless NO_COLOR is set */
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER,
};

#define CLI_MAX_OUTPUTS 16

struct cli_target {
	const char *format;
	const char *file; /* NULL: standard output */
};

struct cli_outputs {
	const char *format;		    /* --format, default "text" */
	const char *specs[CLI_MAX_OUTPUTS]; /* -o arguments */
	size_t nspecs;
	enum cli_color color;
	bool quiet;
	struct cli_target targets[CLI_MAX_OUTPUTS];
	size_t ntargets;
};

/* Option codes of the shared output flags, and their getopt_long entries. */
enum {
	CLI_OPT_FORMAT = 0x100,
	CLI_OPT_NO_COLOR,
	CLI_OPT_COLOR,
	CLI_OPT_KUBECONFIG, /* source flags: see source.h */
	CLI_OPT_CONTEXT,
	CLI_OPT_CLUSTER,
	CLI_OPT_USER,
	CLI_OPT_REQUEST_TIMEOUT,
	CLI_OPT_KUBELET_CONFIG,
	CLI_OPT_SNAPSHOT,
	CLI_OPT_MAX_INPUT,  /* shared by every command: see safefile.h */
	CLI_OPT_FIRST_FREE, /* subcommands number their own long options here */
};
#define CLI_OUTPUT_LONGOPTS                                                    \
	{ "output", required_argument, NULL, 'o' },                            \
	    { "format", required_argument, NULL, CLI_OPT_FORMAT },             \
	    { "no-color", no_argument, NULL, CLI_OPT_NO_COLOR },               \
	    { "color", required_argument, NULL, CLI_OPT_COLOR },               \
	    { "max-input-size", required_argument, NULL, CLI_OPT_MAX_INPUT },  \
	{                                                                      \
		"quiet", no_argument, NULL, 'q'                                \
	}

void cli_outputs_init(struct cli_outputs *o);

/*
 * Handle one of the shared output options (c is getopt's return).  Returns
 * 1 when c was one of them, 0 when not, or CLI_EXIT_USAGE (after printing
 * the error) for a bad value.
 */
int cli_outputs_opt(struct cli_outputs *o, const char *cmd, int c,
		    const char *arg);

/* The canonical (static) name of a format, or NULL when unknown. */
typedef const char *(*cli_format_fn)(const char *format);

/*
 * Turn --format and the -o specs into targets, checking every format with
 * known(); at most one target may be standard output.  Prints the problem
 * and returns CLI_EXIT_USAGE, or 0.  Target formats are known()'s names.
 */
int cli_outputs_resolve(struct cli_outputs *o, const char *cmd,
			cli_format_fn known, const char *known_list)
    __attribute__((warn_unused_result));

/* Whether format goes to standard output among the targets. */
bool cli_outputs_on_stdout(const struct cli_outputs *o, const char *format);

/*
 * Produce every target and write it: standard output directly (nothing
 * when quiet), files atomically (an exclusive temporary file in the same
 * directory, then rename; mode 0666 less the umask, never wider than the
 * file replaced).
 * produce() appends the output for format to sb.  Returns 0, or
 * CLI_EXIT_INPUT after printing what failed.
 */
int cli_outputs_emit(const struct cli_outputs *o,
		     int (*produce)(const char *format, bool color,
				    struct sbuf *sb, void *ctx),
		     void *ctx);

/*
 * Parse the flags of an informational subcommand (checks, matrix,
 * explain, version): the output flags and -h, then exactly nargs
 * positional arguments into args.  Returns 0, CLI_EXIT_USAGE (printed),
 * or -1 when the help was printed.  Outputs are resolved (text, json).
 */
int cli_parse_info_args(int argc, char **argv, const struct subcmd *sc,
			struct cli_outputs *out, size_t nargs, char **args);

/*
 * The whole run function of an informational command without arguments:
 * parse the flags, then write text() or json() output to every target.
 */
int cli_info_main(int argc, char **argv, const struct subcmd *sc,
		  int (*text)(struct sbuf *sb), int (*json)(struct sbuf *sb));

/* "text" and "json": the formats of the informational subcommands. */
const char *cli_format_text_or_json(const char *format);

/*
 * Write len bytes to path atomically (see safefile.h).  A path that exists
 * and is not a regular file (device, FIFO, a symbolic link not planted by
 * another user in a sticky directory) is written in place instead.  Prints
 * the error and returns -1 on failure.
 */
int cli_write_file(const char *path, const char *buf, size_t len)
    __attribute__((warn_unused_result));

/* ------------------------------------------------------------------ */
/* Text helpers for the informational subcommands.                    */

/* Append s wrapped at 78 columns, every line indented by indent spaces. */
int cli_add_wrapped(struct sbuf *sb, const char *s, unsigned indent);

/* JSON descriptions shared by checks, matrix and explain. */
void cli_json_check(struct jsonw *w, const struct check *c, bool full);

/* "high", or "medium-critical" for a check whose severity varies. */
void cli_severity_range(char *buf, size_t n, const struct check *c);
void cli_json_technique(struct jsonw *w, const struct mx_technique *t);

/* Fleet summaries (merge, scan --contexts): formats, rows, output. */
struct fleet;
const char *cli_format_fleet(const char *format);
int cli_fleet_produce(const char *format, bool color, struct sbuf *sb,
		      void *ctx);
/* Read the JSON report at path as cluster name (NULL: from the report). */
int cli_fleet_read(struct fleet *f, const char *name, const char *path);

/* scan --contexts/--all-contexts: argv asks for it; run the fleet scan. */
int cli_fleet_wanted(int argc, char **argv);
/* scan_help is scan's --help text: which of its flags take a value. */
int cli_fleet_scan(const char *scan_help, int argc, char **argv);

/*
 * Hidden commands: __complete WORDS... and __man (completion.c), over the
 * subcommand table the caller hands them (NULL-terminated).
 */
int cli_complete_main(const struct subcmd *const *table, int argc, char **argv);
int cli_man_main(const struct subcmd *const *table, int argc, char **argv);

/* v (NULL-terminated, may be NULL) holds s. */
bool cli_list_has(const char *const *v, const char *s);

/* Check ids covering technique id, comma-separated, into sb ("" if none). */
int cli_add_covering_checks(struct sbuf *sb, const char *technique_id);

#endif
