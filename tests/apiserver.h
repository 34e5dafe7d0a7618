/*
 * apiserver.h - start and stop tests/apiserver.py from a test.
 *
 * The certificates are generated once per test run (live_certs_setup, an
 * unchecked fixture run before the forks) into a temporary directory;
 * each test starts its own server with its own fault configuration.
 * Helpers that fail abort the current test (Check's ck_assert).
 */
#ifndef THREATMAP_TEST_APISERVER_H
#define THREATMAP_TEST_APISERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The run's certificates directory ("" when they could not be made). */
extern char live_certs[512];
/* The run's temporary directory. */
extern char live_tmp[256];

struct srv {
	pid_t pid;
	int port;
};

/* The unchecked fixture: certificates in a new temporary directory. */
void live_certs_setup(void);
void live_certs_teardown(void);

/* Write text to path (printf-style); aborts the test on failure. */
void write_filef(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A fresh directory under the run's temporary directory (static buffer). */
const char *live_dir(const char *name);

/* Start the server with a JSON config (NULL: the admin token only). */
bool srv_start(struct srv *s, const char *config);
/* The same, serving data (a directory as testdata/live) instead. */
bool srv_start_data(struct srv *s, const char *data, const char *config);

/* Start the CONNECT proxy, logging targets to log_path. */
bool proxy_start(struct srv *s, const char *log_path);

void srv_stop(struct srv *s);

/* GET /_test/log: every request the server saw, as JSON (caller frees). */
char *srv_log(const struct srv *s);

/* Count non-overlapping occurrences of needle in hay. */
size_t count_str(const char *hay, const char *needle);

/* A kubeconfig (JSON) for the server: cluster and user bodies given. */
void write_kubeconfig(const char *path, const char *cluster, const char *user);

#endif
