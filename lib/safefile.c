/* sync_file_range() is Linux's */
#define _GNU_SOURCE

#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "fmt.h"
#include "sbuf.h"

/* 16 hex digits from /dev/urandom, or from the clock when it is missing. */
static void random_suffix(char out[17])
{
	static unsigned long counter;
	unsigned char b[8];
	struct timespec ts;
	uint64_t v = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	int i;

	if (fd < 0 || read(fd, b, sizeof(b)) != (ssize_t)sizeof(b)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
		    ((uint64_t)getpid() << 40) ^ (uint64_t)++counter;
	} else {
		for (i = 0; i < 8; i++)
			v = v << 8 | b[i];
	}
	if (fd >= 0)
		close(fd);
	for (i = 15; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
	out[16] = '\0';
}

int safefile_write_all(int fd, const char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		off += (size_t)n;
	}
	return 0;
}

/*
 * A new file ".PREFIX.RANDOM.tmp" in dirfd, created exclusively and never
 * through a symbolic link, opened with flags as well; its name in name
 * (of size n).  The descriptor, or -1 with errno set.
 */
static int create_random(int dirfd, const char *prefix, char *name, size_t n,
			 int flags, mode_t mode)
{
	int fd = -1, tries;

	for (tries = 0; tries < 100 && fd < 0; tries++) {
		char sfx[17];

		random_suffix(sfx);
		fmt_snprintf(name, n, ".%.200s.%s.tmp", prefix, sfx);
		fd = openat(dirfd, name,
			    flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    mode);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	return fd;
}

int safefile_open_at(int dirfd, const char *dirname, const char *name,
		     mode_t mode, struct safefile_out *o, struct diag *d)
{
	struct stat st;
	bool st_ok = false;
	int fd;

	memset(o, 0, sizeof(*o));
	o->fd = o->dirfd = -1;
	if (strlen(name) > 255 || strchr(name, '/'))
		return diag_set(d, DIAG_USAGE, NULL,
				"'%s' is not a plain file name", name);
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		st_ok = true;
		if (!S_ISREG(st.st_mode))
			return diag_set(d, DIAG_IO, NULL,
					"'%s/%s' exists and is not a regular "
					"file; it is left alone",
					dirname, name);
		mode &= st.st_mode & 07777; /* never widen */
	}
	fd = create_random(dirfd, name, o->tmp, sizeof(o->tmp), O_WRONLY, mode);
	if (fd < 0)
		return diag_set(d, DIAG_IO, NULL,
				"cannot create a temporary file in '%s': %s",
				dirname, strerror(errno));
	/* created with mode less the umask: nothing to widen afterwards */
	o->fd = fd;
	o->replacing = st_ok;
	o->dirfd = dirfd;
	fmt_snprintf(o->dirname, sizeof(o->dirname), "%s", dirname);
	fmt_snprintf(o->name, sizeof(o->name), "%s", name);
	return 0;
}

int safefile_scratch_at(int dirfd, const char *dirname, struct diag *d)
{
#ifdef O_TMPFILE
	int fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0)
		return fd;
#endif
	/* no unnamed files on this file system: a name, removed at once */
	return safefile_scratch_named_at(dirfd, dirname, d);
}

int safefile_scratch_named_at(int dirfd, const char *dirname, struct diag *d)
{
	char name[64];
	int fd =
	    create_random(dirfd, "scratch", name, sizeof(name), O_RDWR, 0600);

	if (fd < 0)
		return diag_set(d, DIAG_IO, NULL,
				"cannot create a temporary file in '%s': %s",
				dirname, strerror(errno));
	if (unlinkat(dirfd, name, 0)) {
		int e = errno;

		close(fd);
		return diag_set(d, DIAG_IO, NULL, "cannot remove '%s/%s': %s",
				dirname, name, strerror(e));
	}
	return fd;
}

/*
 * Replacing a file, rename() makes the file system write out what is
 * still only in memory of the new one first (ext4's auto_da_alloc, btrfs
 * likewise), and waits while the disk takes it: about 0.13 s for a
 * report of 233 MB.  Writing it out as the file grows instead, every
 * SAFEFILE_WRITEBACK_STEP bytes, lets the disk take it while the rest is
 * made.  Only started (SYNC_FILE_RANGE_WRITE), never waited for.
 */
static void start_writeback(struct safefile_out *o)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
	/* advice only: a failure changes nothing written */
	(void)sync_file_range(o->fd, (off_t)o->started,
			      (off_t)(o->written - o->started),
			      SYNC_FILE_RANGE_WRITE);
	o->started = o->written;
#else
	(void)o;
#endif
}

int safefile_out_write(struct safefile_out *o, const char *buf, size_t len)
{
	if (!o->err && o->fd >= 0)
		o->err = safefile_write_all(o->fd, buf, len);
	if (o->err || o->fd < 0)
		return o->err ? -1 : 0;
	o->written += len;
	if (o->replacing && o->written - o->started >= SAFEFILE_WRITEBACK_STEP)
		start_writeback(o);
	return 0;
}

/* Close and remove the temporary file; the target is left as it was. */
static void out_discard(struct safefile_out *o)
{
	if (o->fd >= 0) {
		close(o->fd);
		unlinkat(o->dirfd, o->tmp, 0);
	}
	o->fd = -1;
	if (o->own_dirfd && o->dirfd >= 0)
		close(o->dirfd);
	o->dirfd = -1;
}

int safefile_commit(struct safefile_out *o, struct diag *d)
{
	int err = o->err;

	if (o->fd < 0)
		return diag_set(d, DIAG_IO, NULL, "'%s/%s' is not open",
				o->dirname, o->name);
	if (close(o->fd) < 0 && !err)
		err = errno;
	if (!err && renameat(o->dirfd, o->tmp, o->dirfd, o->name) < 0)
		err = errno;
	if (err)
		unlinkat(o->dirfd, o->tmp, 0);
	o->fd = -1;
	out_discard(o);
	if (err)
		return diag_set(d, DIAG_IO, NULL, "cannot write '%s/%s': %s",
				o->dirname, o->name, strerror(err));
	return 0;
}

void safefile_abort(struct safefile_out *o)
{
	out_discard(o);
}

int safefile_write_at(int dirfd, const char *dirname, const char *name,
		      const char *buf, size_t len, mode_t mode, struct diag *d)
{
	struct safefile_out o;
	int rc = safefile_open_at(dirfd, dirname, name, mode, &o, d);

	if (rc)
		return rc;
	(void)safefile_out_write(&o, buf, len); /* commit reports it */
	return safefile_commit(&o, d);
}

int safefile_open(const char *path, mode_t mode, struct safefile_out *o,
		  struct diag *d)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int dirfd, rc;

	memset(o, 0, sizeof(*o));
	o->fd = o->dirfd = -1;
	if (!slash) {
		fmt_snprintf(dir, sizeof(dir), ".");
	} else if (slash == path) {
		fmt_snprintf(dir, sizeof(dir), "/");
	} else {
		if ((size_t)(slash - path) >= sizeof(dir))
			return diag_set(d, DIAG_USAGE, NULL,
					"path '%s' is too long", path);
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	if (!slash ? !*path : !slash[1])
		return diag_set(d, DIAG_USAGE, NULL,
				"'%s' names a directory, not a file", path);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return diag_set(d, DIAG_IO, NULL, "cannot create '%s': %s",
				path, strerror(errno));
	rc = safefile_open_at(dirfd, dir, slash ? slash + 1 : path, mode, o, d);
	if (rc)
		close(dirfd);
	else
		o->own_dirfd = true;
	return rc;
}

int safefile_write(const char *path, const char *buf, size_t len, mode_t mode,
		   struct diag *d)
{
	struct safefile_out o;
	int rc = safefile_open(path, mode, &o, d);

	if (rc)
		return rc;
	(void)safefile_out_write(&o, buf, len); /* commit reports it */
	return safefile_commit(&o, d);
}

int safefile_read_fd(int fd, const char *path, size_t cap, struct sbuf *out,
		     struct diag *d)
{
	char tmp[65536];
	size_t got = 0;

	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return diag_set(d, DIAG_IO, NULL,
					"cannot read '%s': %s", path,
					strerror(errno));
		if (n == 0)
			return 0;
		if ((size_t)n > cap - got)
			return diag_set(d, DIAG_LIMIT, NULL,
					"'%s' is larger than %zu bytes (raise "
					"--max-input-size to read it)",
					path, cap);
		got += (size_t)n;
		if (sbuf_add(out, tmp, (size_t)n))
			return diag_set(d, DIAG_LIMIT, NULL,
					"'%s' is too large", path);
	}
}

static int fifo_wait_ms = SAFEFILE_FIFO_WAIT_MS;

void safefile_fifo_wait_set(int ms)
{
	fifo_wait_ms = ms > 0 ? ms : SAFEFILE_FIFO_WAIT_MS;
}

int safefile_ready(int fd, const char *path, bool fifo, struct diag *d)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	/* a FIFO opened without a writer reads as empty at once: wait for
	 * its writer's first bytes, or for the writer to come and go */
	do
		r = fifo ? poll(&p, 1, fifo_wait_ms) : 1;
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return diag_set(d, DIAG_IO, NULL, "cannot read '%s': %s", path,
				strerror(errno));
	if (r == 0)
		return diag_set(d, DIAG_IO, NULL,
				"nothing was written to the FIFO '%s' within "
				"%d %s",
				path,
				fifo_wait_ms % 1000 ? fifo_wait_ms
						    : fifo_wait_ms / 1000,
				fifo_wait_ms % 1000 ? "ms" : "s");
	/* back to blocking reads: a FIFO's writer may be slow */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return 0;
}

int safefile_open_read(const char *path, size_t cap, bool allow_special,
		       bool follow, int *fdp, struct diag *d)
{
	struct stat st;
	int fd, rc;

	*fdp = -1;
	/* O_NONBLOCK: opening a FIFO without a writer must not hang */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
			    (follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return diag_set(d, DIAG_IO, NULL, "cannot open '%s': %s", path,
				errno == ELOOP ? "it is a symbolic link"
					       : strerror(errno));
	if (fstat(fd, &st) < 0) {
		rc = diag_set(d, DIAG_IO, NULL, "cannot stat '%s': %s", path,
			      strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = diag_set(d, DIAG_IO, NULL, "'%s' is a directory", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !allow_special) {
		rc = diag_set(d, DIAG_IO, NULL,
			      "'%s' is not a regular file (FIFO, device or "
			      "socket); it is not read",
			      path);
		goto fail;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > cap) {
		rc = diag_set(d, DIAG_LIMIT, NULL,
			      "'%s' is larger than %zu bytes (raise "
			      "--max-input-size to read it)",
			      path, cap);
		goto fail;
	}
	if ((rc = safefile_ready(fd, path, S_ISFIFO(st.st_mode), d)))
		goto fail;
	*fdp = fd;
	return 0;
fail:
	close(fd);
	return rc;
}

int safefile_read(const char *path, size_t cap, bool allow_special, bool follow,
		  struct sbuf *out, struct diag *d)
{
	int fd, rc;

	if ((rc = safefile_open_read(path, cap, allow_special, follow, &fd, d)))
		return rc;
	rc = safefile_read_fd(fd, path, cap, out, d);
	close(fd);
	return rc;
}

static size_t max_input = SAFEFILE_DEFAULT_MAX_INPUT;
static size_t max_stream = SAFEFILE_DEFAULT_MAX_STREAM;
static bool max_given;

size_t input_limit(void)
{
	return max_input;
}

size_t stream_limit(void)
{
	return max_stream;
}

bool input_limit_given(void)
{
	return max_given;
}

void input_limit_set(size_t bytes)
{
	max_input = bytes;
	max_stream = bytes;
	max_given = true;
}

void stream_limit_set(size_t bytes)
{
	max_stream = bytes;
}

void input_limit_reset(void)
{
	max_input = SAFEFILE_DEFAULT_MAX_INPUT;
	max_stream = SAFEFILE_DEFAULT_MAX_STREAM;
	max_given = false;
}

bool parse_size(const char *s, size_t *out)
{
	static const struct {
		const char *unit;
		unsigned shift;
	} units[] = {
		{ "", 0 },     { "K", 10 },   { "KiB", 10 },
		{ "M", 20 },   { "MiB", 20 }, { "G", 30 },
		{ "GiB", 30 }, { "T", 40 },   { "TiB", 40 },
	};
	unsigned long long v;
	char *end;
	size_t i;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || !v)
		return false;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v > (unsigned long long)SIZE_MAX >> units[i].shift)
			return false;
		*out = (size_t)(v << units[i].shift);
		return true;
	}
	return false;
}
