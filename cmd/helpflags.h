/*
 * helpflags.h - the flags a subcommand's --help text lists.
 *
 * Completion and the fleet scan both read the help texts rather than a
 * second list of flags, so neither can drift from what --help says.  This
 * reads a text only: it knows no subcommand.
 */
#ifndef THREATMAP_HELPFLAGS_H
#define THREATMAP_HELPFLAGS_H

#include <stdbool.h>
#include <stddef.h>

#define HELP_FLAGS_MAX 96

struct help_flag {
	char shortname; /* 'f', or 0 */
	char name[48];	/* "filename", without the dashes */
	bool value;	/* takes a value */
};

/*
 * The flags help lists, at most max into out: lines "  -f, --filename PATH
 * ..." and "      --no-color ...".  A flag takes a value when the word
 * after it starts with a capital letter (PATH, SEVERITY, ID, ...).
 */
size_t help_flags_parse(const char *help, struct help_flag *out, size_t max);

/* The flag word ("-f", "--checks") names among fl[0..n), or NULL. */
const struct help_flag *help_flags_find(const struct help_flag *fl, size_t n,
					const char *word);

/* Whether arg is a flag of help that takes a value. */
bool help_flag_takes_value(const char *help, const char *arg);

#endif
