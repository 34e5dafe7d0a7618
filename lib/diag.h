/*
 * diag.h - error reports from lib/ to its caller.
 *
 * lib/ never prints or exits.  A failing action function returns a negative
 * enum diag_code and fills the caller's struct diag with the code, a message
 * and, for input problems, where in which file.  diag_set() returns the code,
 * so a failure reads: return diag_set(d, DIAG_PARSE, &loc, "expected ...");
 *
 * Messages: lower case, no final period, what failed first, the subject in
 * single quotes.  Input errors are collected in a struct diag_list so one bad
 * file does not stop the scan of the others.
 */
#ifndef THREATMAP_DIAG_H
#define THREATMAP_DIAG_H

#include <stddef.h>

enum diag_code {
	DIAG_OK = 0,
	DIAG_IO = -1,	     /* cannot open or read a file */
	DIAG_PARSE = -2,     /* malformed JSON or YAML */
	DIAG_SCHEMA = -3,    /* well-formed, but not what a field must be */
	DIAG_LIMIT = -4,     /* depth, size or alias limit passed */
	DIAG_ENCODING = -5,  /* not UTF-8, binary data */
	DIAG_USAGE = -6,     /* bad arguments from the caller */
	DIAG_NET = -7,	     /* connection, TLS, timeout */
	DIAG_AUTH = -8,	     /* 401, credentials missing or rejected */
	DIAG_FORBIDDEN = -9, /* 403 */
	DIAG_HTTP = -10,     /* other HTTP status */
	DIAG_CONFIG = -11,   /* kubeconfig, exceptions file semantics */
	DIAG_INTERNAL = -12,
	/*
	 * An input left out on purpose (a FIFO or device among the files of
	 * a directory): a warning, reported but never an input error.
	 */
	DIAG_SKIPPED = -13,
};

/* A place in an input: file may be NULL for none; line/col 1-based, 0 unknown. */
struct srcloc {
	const char *file;
	unsigned line;
	unsigned col;
};

#define DIAG_MSG_MAX  512
#define DIAG_FILE_MAX 512

struct diag {
	enum diag_code code;
	char file[DIAG_FILE_MAX]; /* copied, so the diag outlives its input */
	unsigned line, col;
	char msg[DIAG_MSG_MAX];
};

/* Fill d (if not NULL) and return code.  loc may be NULL. */
int diag_set(struct diag *d, enum diag_code code, const struct srcloc *loc,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * diag_set() for a failed system call: the message, ": ", and the text of
 * errno value err (strerror_r, so thread safe).  Returns code.
 */
int diag_errno(struct diag *d, enum diag_code code, int err, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));

/* Clear d to DIAG_OK. */
void diag_clear(struct diag *d);

/* "file:line:col: msg" (parts omitted when unknown) into buf of size n. */
const char *diag_format(const struct diag *d, char *buf, size_t n);

/* Short stable name of a code ("parse", "io", ...), used in JSON output. */
const char *diag_code_name(enum diag_code code);

/* An append-only list of diagnostics (input errors of a scan). */
struct diag_list {
	struct diag *v;
	size_t n, alloc;
};
#define DIAG_LIST_INIT                                                         \
	{                                                                      \
		0                                                              \
	}

/* Append a copy of d. */
void diag_list_add(struct diag_list *l, const struct diag *d);
void diag_list_release(struct diag_list *l);

#endif
