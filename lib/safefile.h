/*
 * safefile.h - files written and read safely in directories others share.
 *
 * Writing: the content goes to an unpredictable temporary name in the
 * target's own directory, created with O_CREAT | O_EXCL | O_NOFOLLOW (a
 * planted file or symbolic link makes the create fail, it is never
 * followed), then is renamed over the target.  The new file's mode is the
 * requested mode less the umask, and never wider than the mode of the
 * regular file it replaces.
 *
 * Reading: at most cap bytes, checked while reading (a FIFO, a device or a
 * file that grows is cut off at the cap, not after it); the caller says
 * whether a non-regular file is acceptable at all.
 */
#ifndef THREATMAP_SAFEFILE_H
#define THREATMAP_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct diag;
struct sbuf;

/*
 * Write len bytes to name inside the directory open at dirfd (dirname is
 * used in messages only).  An existing name that is not a regular file
 * (symbolic link, directory, device) is refused.  Returns 0 or DIAG_IO.
 */
int safefile_write_at(int dirfd, const char *dirname, const char *name,
		      const char *buf, size_t len, mode_t mode, struct diag *d)
    __attribute__((warn_unused_result));

/* The same for a path: its directory is opened, then safefile_write_at(). */
int safefile_write(const char *path, const char *buf, size_t len, mode_t mode,
		   struct diag *d) __attribute__((warn_unused_result));

/*
 * The same, written in pieces: open creates the temporary file, every
 * safefile_out_write() appends to it (a failure is kept and reported by
 * commit), commit renames it over the target, abort removes it and leaves
 * the target alone.  Either commit or abort ends every successful open.
 */
struct safefile_out {
	int dirfd;
	bool own_dirfd;
	int fd;
	int err;	/* first write error (errno) */
	bool replacing; /* the target existed when opened */
	/* bytes written, and those of them whose writeback was started
	 * (replacing a file on Linux, every SAFEFILE_WRITEBACK_STEP bytes) */
	unsigned long long written, started;
	char dirname[4096];
	char name[256];
	char tmp[300];
};
#define SAFEFILE_WRITEBACK_STEP ((unsigned long long)8 << 20)
int safefile_open_at(int dirfd, const char *dirname, const char *name,
		     mode_t mode, struct safefile_out *o, struct diag *d)
    __attribute__((warn_unused_result));
int safefile_open(const char *path, mode_t mode, struct safefile_out *o,
		  struct diag *d) __attribute__((warn_unused_result));
/* 0, or -1 when this or an earlier write failed. */
int safefile_out_write(struct safefile_out *o, const char *buf, size_t len);
/*
 * A temporary file of no name in the directory open at dirfd, for reading
 * and writing (mode 0600): gone when closed.  Where the file system has no
 * unnamed files, it is created under a random name that is removed at
 * once.  Returns the descriptor, or DIAG_IO (negative) with d filled.
 */
int safefile_scratch_at(int dirfd, const char *dirname, struct diag *d)
    __attribute__((warn_unused_result));
/* What safefile_scratch_at() falls back to: a name, removed at once. */
int safefile_scratch_named_at(int dirfd, const char *dirname, struct diag *d)
    __attribute__((warn_unused_result));
/* Returns 0 or DIAG_IO (a write, close or rename failed). */
int safefile_commit(struct safefile_out *o, struct diag *d)
    __attribute__((warn_unused_result));
void safefile_abort(struct safefile_out *o);

/*
 * Write all len bytes of buf to fd, retrying writes that are interrupted
 * or short.  Returns 0, or the errno of the write that failed.
 */
int safefile_write_all(int fd, const char *buf, size_t len);

/*
 * Read the file open at fd (named path in messages) into out, at most cap
 * bytes (DIAG_LIMIT past it, "'path' is larger than N bytes").
 */
int safefile_read_fd(int fd, const char *path, size_t cap, struct sbuf *out,
		     struct diag *d) __attribute__((warn_unused_result));

/*
 * Ready fd, opened O_NONBLOCK so that opening a FIFO without a writer does
 * not hang, for blocking reads: a FIFO (fifo true) is first given
 * SAFEFILE_FIFO_WAIT_MS (or what safefile_fifo_wait_set() said) for its
 * writer to write, or to come and go.
 * Returns 0 or DIAG_IO ("nothing was written to the FIFO ...").
 */
int safefile_ready(int fd, const char *path, bool fifo, struct diag *d)
    __attribute__((warn_unused_result));

/* The wait of safefile_ready() in ms (0: SAFEFILE_FIFO_WAIT_MS again). */
void safefile_fifo_wait_set(int ms);

/*
 * Open and read path into out (appended, NUL-terminated), at most cap
 * bytes.  A non-regular file (FIFO, device, socket) is refused unless
 * allow_special; symbolic links are followed only when follow.  Opening
 * never blocks; a FIFO is then given SAFEFILE_FIFO_WAIT_MS for its writer
 * to write (a writer that is not there yet is waited for, not read as an
 * empty file).  Returns 0, DIAG_IO or DIAG_LIMIT.
 */
#define SAFEFILE_FIFO_WAIT_MS 30000
/*
 * The opening half of safefile_read(): *fdp gets a blocking descriptor for
 * the caller to read (and close), after the same refusals (a directory, a
 * special file unless allow_special, a symbolic link unless follow, a
 * regular file larger than cap) and the same wait for a FIFO's writer.
 */
int safefile_open_read(const char *path, size_t cap, bool allow_special,
		       bool follow, int *fdp, struct diag *d)
    __attribute__((warn_unused_result));
int safefile_read(const char *path, size_t cap, bool allow_special, bool follow,
		  struct sbuf *out, struct diag *d)
    __attribute__((warn_unused_result));

/*
 * Caps on one input, set by --max-input-size before any input is read.
 *
 * input_limit(): text held whole in memory while it is parsed -- a
 * baseline, an exceptions file, a diff input, an API response other than
 * a list page, one list page, one YAML document of a manifest stream.
 * 256 MiB unless set.
 *
 * stream_limit(): a manifest file or snapshot list read in pieces, whose
 * memory follows the objects kept rather than its size (a `kubectl get -A
 * -o json` dump of a large cluster is several GB).  64 GiB unless set;
 * when set, both caps are the value given.
 */
#define SAFEFILE_DEFAULT_MAX_INPUT ((size_t)256 << 20)
#define SAFEFILE_DEFAULT_MAX_STREAM                                            \
	(sizeof(size_t) > 4 ? (size_t)64 << 30 : (size_t)-1)
size_t input_limit(void);
size_t stream_limit(void);
/* --max-input-size was given (input_limit_set() since the last reset). */
bool input_limit_given(void);
void input_limit_set(size_t bytes);
/* The stream cap alone (tests; after input_limit_set()). */
void stream_limit_set(size_t bytes);
/* Back to the defaults, as if --max-input-size was never given. */
void input_limit_reset(void);

/*
 * A size with an optional unit: "1048576", "64K", "256M", "2G" (powers of
 * 1024; "KiB", "MiB", "GiB" too).  false when malformed or zero.
 */
bool parse_size(const char *s, size_t *out);

#endif
