/*
 * A FIFO named with -f: opening it never hangs.  A writer that comes a
 * moment later is waited for and read, like cat would; a FIFO nobody
 * writes to is an input error after a bounded wait, not a scan that hangs
 * for ever.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "inventory.h"
#include "load/load.h"
#include "safefile.h"
#include "scan.h"
#include "testutil.h"

/* A FIFO in a fresh directory; path into buf. */
static void make_fifo(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "/tmp/threatmap-fifo-%d", (int)getpid());
	ck_assert_int_eq(tu_shf(NULL, "rm -rf '%s' && mkdir -p '%s'", buf, buf),
			 0);
	snprintf(buf + strlen(buf), n - strlen(buf), "/%s", name);
	ck_assert_int_eq(mkfifo(buf, 0600), 0);
}

START_TEST(test_fifo_without_writer_is_an_error)
{
	struct scan *s = scan_new();
	char fifo[200];

	make_fifo(fifo, sizeof(fifo), "nobody.yaml");
	safefile_fifo_wait_set(300);
	alarm(20); /* a blocking open never returns */
	ck_assert_int_eq(
	    load_path(s->arena, s->inv, fifo, false, NULL, &s->errors), 0);
	alarm(0);
	safefile_fifo_wait_set(0);
	ck_assert_uint_eq(s->errors.n, 1);
	ck_assert_msg(strstr(s->errors.v[0].msg, "nothing was written to the "
						 "FIFO") &&
			  strstr(s->errors.v[0].msg, "within 300 ms"),
		      "%s", s->errors.v[0].msg);
	scan_free(s);
	ck_assert_int_eq(tu_shf(NULL, "rm -rf \"$(dirname '%s')\"", fifo), 0);
}
END_TEST

START_TEST(test_fifo_late_writer_is_read)
{
	char fifo[200], *out;
	int rc;

	make_fifo(fifo, sizeof(fifo), "late.yaml");
	rc = tu_runf(&out,
		     "scan -f '%s' --checks privileged-container --format json "
		     "2>/dev/null & (sleep 1; cat "
		     "testdata/checks/privileged-container/fire/"
		     "ephemeral-container.yaml > '%s'); wait $!",
		     fifo, fifo);
	ck_assert_msg(rc == 1, "exit %d: %.1500s", rc, out);
	ck_assert_ptr_nonnull(
	    strstr(out, "\"checkId\": \"privileged-container\""));
	free(out);
	ck_assert_int_eq(tu_shf(NULL, "rm -rf \"$(dirname '%s')\"", fifo), 0);
}
END_TEST

Suite *suite_fifo_input(void)
{
	Suite *s = suite_create("fifo_input");
	TCase *tc = tcase_create("fifo_input");

	tcase_add_test(tc, test_fifo_without_writer_is_an_error);
	tcase_add_test(tc, test_fifo_late_writer_is_read);
	suite_add_tcase(s, tc);
	return s;
}
