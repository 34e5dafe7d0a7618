/*
 * cli.c - messages, getopt glue, output targets and file writing shared by
 * the subcommands.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "scan.h"
#include "safefile.h"
#include "sbuf.h"
#include "suggest.h"

/* How the user called us: "kubectl threatmap" or "kubectl-threatmap". */
static const char *prog_name = PROG;
bool cli_args_only;

/* dir (len bytes) is one of the directories of $PATH. */
static bool dir_in_path(const char *dir, size_t len)
{
	const char *p = getenv("PATH");

	while (p && *p) {
		size_t n = strcspn(p, ":");

		if (n == len && !strncmp(p, dir, len))
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/*
 * kubectl runs a plugin by the absolute path it found on $PATH (and
 * kubectl 1.36 and later also set KUBECTL_PATH); a shell passes the name
 * as typed.
 */
void cli_set_prog(const char *argv0)
{
	const char *kp = getenv("KUBECTL_PATH"), *slash;

	prog_name = PROG;
	if (kp && *kp) {
		prog_name = "kubectl threatmap";
		return;
	}
	if (!argv0 || argv0[0] != '/' || !(slash = strrchr(argv0, '/')))
		return;
	if (!strcmp(slash + 1, PROG) &&
	    dir_in_path(argv0, (size_t)(slash - argv0)))
		prog_name = "kubectl threatmap";
}

const char *cli_prog(void)
{
	return prog_name;
}

void cli_put_text(const char *text, FILE *fp)
{
	const size_t plen = strlen(PROG);
	const char *p;

	while ((p = strstr(text, PROG))) {
		fwrite(text, 1, (size_t)(p - text), fp);
		fputs(prog_name, fp);
		text = p + plen;
	}
	fputs(text, fp);
}

/* A progress line is on stderr (cli_progress()). */
static bool progress_shown;

void cli_progress(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "\r%s: %s\033[K", prog_name, buf);
	fflush(stderr);
	progress_shown = true;
}

void cli_progress_end(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = false;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char buf[4096];

	cli_progress_end();
	fprintf(stderr, "%s: %s", prog_name, prefix);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	cli_put_text(buf, stderr); /* "see 'kubectl-threatmap checks'" */
	fputc('\n', stderr);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "Run '%s %s --help' for usage.\n", prog_name,
			cmd);
	else
		fprintf(stderr, "Run '%s --help' for usage.\n", prog_name);
	return CLI_EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

void cli_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

double cli_clock_s(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum cli_env cli_env_num(const char *name, long *v)
{
	const char *e = getenv(name);
	char *end;

	if (!e || !*e)
		return CLI_ENV_UNSET;
	*v = strtol(e, &end, 10);
	return *end ? CLI_ENV_BAD : CLI_ENV_NUM;
}

void cli_phase(const char *name)
{
	static int on = -1;
	static double cpu0, wall0;
	double cpu, wall;

	if (on < 0)
		on = getenv("THREATMAP_PHASES") != NULL;
	if (!on)
		return;
	cpu = cli_clock_s(CLOCK_PROCESS_CPUTIME_ID);
	wall = cli_clock_s(CLOCK_MONOTONIC);
	if (name)
		cli_note("phase %s: %.3f s cpu, %.3f s wall", name, cpu - cpu0,
			 wall - wall0);
	cpu0 = cpu;
	wall0 = wall;
}

void cli_phase_checks(const struct check_result *r, size_t n)
{
	double sum = 0;
	size_t i;

	if (!getenv("THREATMAP_PHASES"))
		return;
	for (i = 0; i < n; i++) {
		sum += r[i].cpu_s;
		if (r[i].cpu_s >= 0.001)
			cli_note("check %s: %.3f s cpu", r[i].check->id,
				 r[i].cpu_s);
	}
	cli_note("checks: %.3f s cpu in their run functions", sum);
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return cli_usage(cmd, "option '%s' needs a value", arg);
	if (optopt && optopt < 0x100 && !(arg[0] == '-' && arg[1] == '-'))
		return cli_usage(cmd, "unknown option '-%c'", optopt);
	return cli_usage(cmd, "unknown option '%s'", arg);
}

void cli_print_help(const struct subcmd *sc)
{
	cli_put_text(sc->help, stdout);
}

void cli_getopt_reset(void)
{
	optind = 0; /* glibc: 0 also resets its internal state */
	opterr = 0;
}

static const struct option *long_exact(const struct option *lo,
				       const char *name, size_t len)
{
	for (; lo->name; lo++)
		if (strlen(lo->name) == len && !strncmp(lo->name, name, len))
			return lo;
	return NULL;
}

static int unknown_long(const char *cmd, const char *arg, size_t len,
			const struct option *lo)
{
	char want[128], cand[128];
	struct suggest sg;
	const char *best = NULL;

	snprintf(want, sizeof(want), "%.*s", (int)len, arg);
	suggest_init(&sg, want);
	for (; lo->name; lo++) {
		snprintf(cand, sizeof(cand), "--%s", lo->name);
		if (suggest_try(&sg, cand))
			best = lo->name; /* cand is reused */
	}
	if (best)
		return cli_usage(cmd,
				 "unknown option '%s' (did you mean '--%s'?)",
				 want, best);
	return cli_usage(cmd, "unknown option '%s'", want);
}

/* Short option c of shortopts takes a value. */
static bool short_takes_value(const char *shortopts, char c)
{
	const char *p = c != ':' ? strchr(shortopts, c) : NULL;

	return p && p[1] == ':';
}

int cli_check_args(const char *cmd, int argc, char **argv,
		   const char *shortopts, const struct option *longopts)
{
	int i;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!strcmp(a, "--"))
			break;
		if (a[0] == '-' && a[1] == '-') {
			size_t len = strcspn(a + 2, "=");
			const struct option *lo =
			    long_exact(longopts, a + 2, len);

			if (!lo)
				return unknown_long(cmd, a, len + 2, longopts);
			if (lo->has_arg == required_argument && !a[2 + len])
				i++;
			continue;
		}
		if (a[0] != '-' || !a[1])
			continue;
		if (short_takes_value(shortopts, a[1])) {
			/* kubectl's -f=FILE is -f FILE */
			if (a[2] == '=')
				memmove(a + 2, a + 3, strlen(a + 3) + 1);
			else if (!a[2])
				i++;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

void cli_outputs_init(struct cli_outputs *o)
{
	memset(o, 0, sizeof(*o));
	o->format = "text";
	o->color = CLI_COLOR_AUTO;
}

int cli_outputs_opt(struct cli_outputs *o, const char *cmd, int c,
		    const char *arg)
{
	switch (c) {
	case 'o':
		if (o->nspecs == CLI_MAX_OUTPUTS)
			return cli_usage(cmd, "at most %d -o options",
					 CLI_MAX_OUTPUTS);
		if (!*arg)
			return cli_usage(cmd, "-o needs a format or a file");
		o->specs[o->nspecs++] = arg;
		return 1;
	case CLI_OPT_FORMAT: o->format = arg; return 1;
	case CLI_OPT_NO_COLOR: o->color = CLI_COLOR_NEVER; return 1;
	case CLI_OPT_MAX_INPUT: {
		size_t v;

		if (!parse_size(arg, &v))
			return cli_usage(cmd,
					 "--max-input-size must be a size "
					 "such as 64M or 1G, not '%s'",
					 arg);
		input_limit_set(v);
		return 1;
	}
	case CLI_OPT_COLOR:
		if (!strcmp(arg, "auto"))
			o->color = CLI_COLOR_AUTO;
		else if (!strcmp(arg, "always"))
			o->color = CLI_COLOR_ALWAYS;
		else if (!strcmp(arg, "never"))
			o->color = CLI_COLOR_NEVER;
		else
			return cli_usage(cmd,
					 "--color must be auto, always "
					 "or never, not '%s'",
					 arg);
		return 1;
	case 'q': o->quiet = true; return 1;
	}
	return 0;
}

/* A spec with no path punctuation reads as a format name, not a file. */
static bool looks_like_format(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '.')
			return false;
	return n > 0;
}

static int add_target(struct cli_outputs *o, const char *cmd,
		      const char *format, const char *file)
{
	size_t i;

	if (file && !strcmp(file, "-"))
		file = NULL;
	for (i = 0; i < o->ntargets; i++)
		if (!file && !o->targets[i].file)
			return cli_usage(cmd,
					 "only one output can go to "
					 "standard output ('%s' and '%s')",
					 o->targets[i].format, format);
	o->targets[o->ntargets].format = format;
	o->targets[o->ntargets].file = file;
	o->ntargets++;
	return 0;
}

static int resolve_spec(struct cli_outputs *o, const char *cmd,
			const char *spec, cli_format_fn known,
			const char *known_list)
{
	const char *eq = strchr(spec, '=');
	const char *fmt;

	if (eq) {
		size_t n = (size_t)(eq - spec);
		char name[64];

		fmt = NULL;
		if (n < sizeof(name)) {
			memcpy(name, spec, n);
			name[n] = '\0';
			fmt = known(name);
		}
		if (fmt) {
			if (!eq[1])
				return cli_usage(cmd, "'-o %s' names no file",
						 spec);
			return add_target(o, cmd, fmt, eq + 1);
		}
		if (looks_like_format(spec, n))
			return cli_usage(cmd,
					 "unknown output format '%.*s' "
					 "(formats: %s)",
					 (int)n, spec, known_list);
		return add_target(o, cmd, o->format, spec);
	}
	if ((fmt = known(spec)))
		return add_target(o, cmd, fmt, NULL);
	if (strcmp(spec, "-") != 0 && looks_like_format(spec, strlen(spec)))
		return cli_usage(cmd,
				 "unknown output format '%s' (formats: "
				 "%s; write './%s' for a file of that "
				 "name)",
				 spec, known_list, spec);
	return add_target(o, cmd, o->format, spec);
}

int cli_outputs_resolve(struct cli_outputs *o, const char *cmd,
			cli_format_fn known, const char *known_list)
{
	const char *fmt = known(o->format);
	size_t i;
	int rc;

	if (!fmt)
		return cli_usage(cmd, "unknown format '%s' (formats: %s)",
				 o->format, known_list);
	o->format = fmt;
	o->ntargets = 0;
	if (!o->nspecs)
		return add_target(o, cmd, o->format, NULL);
	for (i = 0; i < o->nspecs; i++)
		if ((rc = resolve_spec(o, cmd, o->specs[i], known, known_list)))
			return rc;
	return 0;
}

bool cli_outputs_on_stdout(const struct cli_outputs *o, const char *format)
{
	size_t i;

	for (i = 0; i < o->ntargets; i++)
		if (!o->targets[i].file &&
		    !strcmp(o->targets[i].format, format))
			return !o->quiet;
	return false;
}

/* NO_COLOR (https://no-color.org): set and not empty turns colour off. */
static bool stdout_color(enum cli_color c)
{
	const char *nc;

	if (c != CLI_COLOR_AUTO)
		return c == CLI_COLOR_ALWAYS;
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(STDOUT_FILENO) == 1;
}

/*
 * A destination that exists and is not a regular file (/dev/null, a FIFO,
 * /dev/stdout, a symbolic link the caller trusts) is written in place:
 * renaming over it would replace the device or the link with a plain file.
 */
static int write_in_place(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC,
		      0666);
	int err;

	if (fd < 0) {
		cli_error("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	err = safefile_write_all(fd, buf, len);
	if (close(fd) < 0 && !err)
		err = errno;
	if (err) {
		cli_error("cannot write '%s': %s", path, strerror(err));
		return -1;
	}
	return 0;
}

/*
 * Whether the symbolic link at path (lstat in lst) may be followed: as
 * Linux's protected_symlinks, not when it lies in a sticky, world-writable
 * directory (/tmp) and belongs to neither the caller nor that directory's
 * owner -- someone else planted it there.
 */
static bool link_trusted(const char *path, const struct stat *lst)
{
	const char *slash = strrchr(path, '/');
	struct sbuf dir = SBUF_INIT;
	struct stat dst;
	bool ok;

	if (lst->st_uid == geteuid())
		return true;
	if (!slash ? sbuf_adds(&dir, ".")
		   : sbuf_add(&dir, path,
			      slash == path ? 1 : (size_t)(slash - path)))
		return false;
	ok = stat(dir.buf, &dst) == 0 &&
	     (!(dst.st_mode & 01000 /* sticky */) || !(dst.st_mode & S_IWOTH) ||
	      dst.st_uid == lst->st_uid);
	sbuf_release(&dir);
	return ok;
}

int cli_write_file(const char *path, const char *buf, size_t len)
{
	struct stat st;
	struct diag d;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISLNK(st.st_mode) && !link_trusted(path, &st)) {
			cli_error("'%s' is a symbolic link planted by another "
				  "user in a shared directory; not writing "
				  "through it",
				  path);
			return -1;
		}
		return write_in_place(path, buf, len);
	}
	if (safefile_write(path, buf, len, 0666, &d) < 0) {
		cli_error("%s", d.msg);
		return -1;
	}
	return 0;
}

/*
 * Where one target's bytes go while it is rendered: standard output, a
 * file written in place, or the exclusive temporary file that is renamed
 * over the target once the output is complete.
 */
struct out_stream {
	enum { OUT_STDOUT, OUT_IN_PLACE, OUT_SAFE } kind;
	const char *path;
	int fd;			/* OUT_IN_PLACE */
	struct safefile_out sf; /* OUT_SAFE */
	int err;		/* errno of the first failed write */
};

static int out_sink(void *ctx, const char *p, size_t n)
{
	struct out_stream *s = ctx;

	switch (s->kind) {
	case OUT_STDOUT:
		if (fwrite(p, 1, n, stdout) != n)
			s->err = errno ? errno : EIO;
		break;
	case OUT_IN_PLACE: s->err = safefile_write_all(s->fd, p, n); break;
	case OUT_SAFE:
		if (safefile_out_write(&s->sf, p, n))
			s->err = s->sf.err;
		break;
	}
	return s->err ? -1 : 0;
}

/* Open the destination of t; prints what failed and returns -1. */
static int out_open(struct out_stream *s, const struct cli_target *t)
{
	struct stat st;
	struct diag d;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->path = t->file;
	if (!t->file) {
		s->kind = OUT_STDOUT;
		return 0;
	}
	if (lstat(t->file, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISLNK(st.st_mode) && !link_trusted(t->file, &st)) {
			cli_error("'%s' is a symbolic link planted by another "
				  "user in a shared directory; not writing "
				  "through it",
				  t->file);
			return -1;
		}
		s->kind = OUT_IN_PLACE;
		s->fd = open(
		    t->file,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);
		if (s->fd < 0) {
			cli_error("cannot open '%s': %s", t->file,
				  strerror(errno));
			return -1;
		}
		return 0;
	}
	s->kind = OUT_SAFE;
	if (safefile_open(t->file, 0666, &s->sf, &d) < 0) {
		cli_error("%s", d.msg);
		return -1;
	}
	return 0;
}

/*
 * Finish the output: on success make it visible (rename, close, flush),
 * else drop the temporary file.  Prints what failed and returns -1.
 */
static int out_close(struct out_stream *s, bool ok)
{
	struct diag d;
	int err = s->err;

	switch (s->kind) {
	case OUT_STDOUT:
		if (fflush(stdout) != 0 && !err)
			err = errno ? errno : EIO;
		if (err) {
			cli_error("cannot write to standard output: %s",
				  strerror(err));
			return -1;
		}
		return 0;
	case OUT_IN_PLACE:
		if (close(s->fd) < 0 && !err)
			err = errno;
		if (err) {
			cli_error("cannot write '%s': %s", s->path,
				  strerror(err));
			return -1;
		}
		return 0;
	case OUT_SAFE:
		if (!ok && !err) {
			safefile_abort(&s->sf);
			return 0;
		}
		if (safefile_commit(&s->sf, &d) < 0) {
			cli_error("%s", d.msg);
			return -1;
		}
		return 0;
	}
	return -1;
}

int cli_outputs_emit(const struct cli_outputs *o,
		     int (*produce)(const char *format, bool color,
				    struct sbuf *sb, void *ctx),
		     void *ctx)
{
	int rc = 0;
	size_t i;

	cli_progress_end(); /* before a report on the same terminal */
	for (i = 0; i < o->ntargets; i++) {
		const struct cli_target *t = &o->targets[i];
		struct sbuf sb = SBUF_INIT;
		bool color = !t->file && stdout_color(o->color);
		struct out_stream os;
		bool made;

		if (!t->file && o->quiet)
			continue;
		if (out_open(&os, t)) {
			rc = CLI_EXIT_INPUT;
			continue;
		}
		/* the output goes to its destination as it is rendered */
		sbuf_set_sink(&sb, out_sink, &os);
		made = produce(t->format, color, &sb, ctx) == 0;
		if (sbuf_flush(&sb))
			made = false;
		if (!made && !os.err)
			cli_error("cannot produce the %s output", t->format);
		if (out_close(&os, made) || !made)
			rc = CLI_EXIT_INPUT;
		else if (t->file && !o->quiet)
			cli_note("wrote %s (%s)", t->file, t->format);
		sbuf_release(&sb);
	}
	return rc;
}

const char *cli_format_text_or_json(const char *format)
{
	if (!strcmp(format, "text"))
		return "text";
	if (!strcmp(format, "json"))
		return "json";
	return NULL;
}

/* ------------------------------------------------------------------ */

int cli_add_wrapped(struct sbuf *sb, const char *s, unsigned indent)
{
	const unsigned width = 78;
	unsigned col = 0;
	int rc = 0;

	while (*s && !rc) {
		size_t w = strcspn(s, " \n");

		if (col && col + 1 + w > width) {
			rc |= sbuf_addch(sb, '\n');
			col = 0;
		}
		if (!col) {
			rc |= sbuf_addf(sb, "%*s", (int)indent, "");
			col = indent;
		} else {
			rc |= sbuf_addch(sb, ' ');
			col++;
		}
		rc |= sbuf_add(sb, s, w);
		col += (unsigned)w;
		s += w;
		if (*s == '\n' && s[1] == '\n') {
			rc |= sbuf_adds(sb, "\n\n");
			col = 0;
		}
		s += strspn(s, " \n");
	}
	if (col)
		rc |= sbuf_addch(sb, '\n');
	return rc ? -1 : 0;
}

static const struct option info_longopts[] = {
	CLI_OUTPUT_LONGOPTS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_parse_info_args(int argc, char **argv, const struct subcmd *sc,
			struct cli_outputs *out, size_t nargs, char **args)
{
	size_t n = 0;
	int opt, rc;

	cli_outputs_init(out);
	if ((rc = cli_check_args(sc->name, argc, argv, ":o:qh", info_longopts)))
		return rc;
	cli_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":o:qh", info_longopts, NULL)) !=
	       -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option(sc->name, opt, argv);
		if (opt == 'h') {
			cli_print_help(sc);
			return -1;
		}
		rc = cli_outputs_opt(out, sc->name, opt, optarg);
		if (rc != 1)
			return rc ? rc : CLI_EXIT_USAGE;
	}
	for (; optind < argc; optind++) {
		if (n == nargs)
			return cli_usage(sc->name, "unexpected argument '%s'",
					 argv[optind]);
		args[n++] = argv[optind];
	}
	if (n < nargs)
		return cli_usage(sc->name, "missing argument");
	return cli_outputs_resolve(out, sc->name, cli_format_text_or_json,
				   "text, json");
}

struct info_ctx {
	int (*text)(struct sbuf *sb);
	int (*json)(struct sbuf *sb);
};

static int produce_info(const char *format, bool color, struct sbuf *sb,
			void *ctx)
{
	const struct info_ctx *ic = ctx;

	(void)color;
	return strcmp(format, "json") ? ic->text(sb) : ic->json(sb);
}

int cli_info_main(int argc, char **argv, const struct subcmd *sc,
		  int (*text)(struct sbuf *sb), int (*json)(struct sbuf *sb))
{
	struct info_ctx ic = { text, json };
	struct cli_outputs out;
	int rc = cli_parse_info_args(argc, argv, sc, &out, 0, NULL);

	if (rc)
		return rc < 0 ? CLI_EXIT_CLEAN : rc;
	if (cli_args_only)
		return CLI_EXIT_CLEAN;
	return cli_outputs_emit(&out, produce_info, &ic);
}
