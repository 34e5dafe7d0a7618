/*
 * A one-letter flag takes a password as the program reading it says:
 * "mysql -p x", "redis-cli -a x", "sshpass -p x" do; "nc -l -p 8080",
 * "ssh -p 2222" or a pod name after "kubectl port-forward -p" do not;
 * "-p x" of an unknown program still does (masked rather than kept).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cred.h"
#include "diag.h"
#include "sbuf.h"
#include "testutil.h"

#define PW "Rt7vQ2mX9kLp"

static const struct {
	const char *script, *redacted; /* NULL: nothing found */
} scripts[] = {
	{ "mysql -h db -u root -p " PW " shop",
	  "mysql -h db -u root -p *** shop" },
	{ "/usr/bin/mysqldump -p " PW, "/usr/bin/mysqldump -p ***" },
	{ "sudo -u app mariadb -p " PW, "sudo -u app mariadb -p ***" },
	{ "sshpass -p " PW " ssh backup@host",
	  "sshpass -p *** ssh backup@host" },
	{ "redis-cli -h cache -a " PW " ping",
	  "redis-cli -h cache -a *** ping" },
	{ "ldapsearch -x -D cn=admin -w " PW,
	  "ldapsearch -x -D cn=admin -w ***" },
	{ "nc -l -p 8080; mysql -p " PW, "nc -l -p 8080; mysql -p ***" },
	{ "nc -l -p " PW, NULL },
	{ "ssh -p " PW " backup@host", NULL },
	{ "kubectl port-forward -p web-5d8f7c9b4-x2k4q 8080:80", NULL },
	{ "mysql -u root; socat -p " PW, NULL },
	{ "mysql -u root && iperf3 -p " PW, NULL },
	{ "redis-cli -p " PW " ping", NULL },
	{ "mysql -a " PW, NULL },
	{ "/app/server -p " PW, "/app/server -p ***" },
	{ "ssh -p 2222 host; /app/server -p " PW,
	  "ssh -p 2222 host; /app/server -p ***" },
	/* the password attached to the flag of a program that takes it so */
	{ "mysql -u root -p" PW " shop", "mysql -u root -p*** shop" },
	{ "sshpass -p" PW " ssh backup@host", "sshpass -p*** ssh backup@host" },
	{ "ldapsearch -x -D cn=admin -w" PW,
	  "ldapsearch -x -D cn=admin -w***" },
	{ "mysql -u root -p", NULL },
	{ "nc -l -p8080", NULL },
	{ "/app/server -p" PW, NULL },
	/* curl's user:password, in each of its spellings */
	{ "curl -u admin:" PW " https://api", "curl -u admin:*** https://api" },
	{ "curl -uadmin:" PW " https://api", "curl -uadmin:*** https://api" },
	{ "curl --user admin:" PW " https://api",
	  "curl --user admin:*** https://api" },
	{ "curl --user=admin:" PW " https://api",
	  "curl --user=admin:*** https://api" },
	{ "curl -u admin https://api", NULL },
	{ "mysql -u admin:" PW, NULL },
};

struct seen {
	size_t n, arg;
	struct sbuf redacted;
	const char *script;
	size_t at;
};

/* Count the hits; with a script, copy it with each value as "***". */
static void on_hit(void *ctx, const struct cred_args_hit *h)
{
	struct seen *s = ctx;

	s->n++;
	s->arg = h->arg;
	if (s->script) {
		ck_assert_int_eq(
		    sbuf_add(&s->redacted, s->script + s->at, h->off - s->at),
		    0);
		ck_assert_int_eq(sbuf_adds(&s->redacted, "***"), 0);
		s->at = h->off + h->len;
	}
}

START_TEST(test_password_flag_by_program)
{
	const char *script = scripts[_i].script;
	struct seen s = { 0, 0, SBUF_INIT, script, 0 };
	struct diag d;
	struct cred *c = cred_new(&d);
	char *masked;

	ck_assert_ptr_nonnull(c);
	cred_args_for(c, NULL, &script, 1, on_hit, &s);
	ck_assert_int_eq(sbuf_adds(&s.redacted, script + s.at), 0);
	if (scripts[_i].redacted)
		ck_assert_msg(s.n &&
				  !strcmp(s.redacted.buf, scripts[_i].redacted),
			      "'%s': '%s'", script, s.redacted.buf);
	else
		ck_assert_msg(!s.n, "'%s': '%s'", script, s.redacted.buf);
	/* a snapshot masks what a scan reports, no more, no less */
	masked = cred_redact_args(c, script);
	if (scripts[_i].redacted)
		ck_assert_msg(masked && !strcmp(masked, scripts[_i].redacted),
			      "'%s': '%s'", script,
			      masked ? masked : "(nothing masked)");
	else
		ck_assert_msg(!masked, "'%s': '%s'", script, masked);
	free(masked);
	sbuf_release(&s.redacted);
	cred_free(c);
}
END_TEST

/* A container's args, judged by the command they are given to. */
START_TEST(test_args_judged_by_their_command)
{
	static const char *const args[] = { "-u", "backup", "-p", PW };
	struct diag d;
	struct cred *c = cred_new(&d);
	struct seen s = { 0, 0, SBUF_INIT, NULL, 0 };

	ck_assert_ptr_nonnull(c);
	cred_args_for(c, "/usr/bin/mysqldump", args, 4, on_hit, &s);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.arg, 3);
	s.n = 0;
	cred_args_for(c, "/usr/bin/ssh", args, 4, on_hit, &s);
	ck_assert_uint_eq(s.n, 0);
	/* a program of neither list: -p is taken for a password */
	cred_args_for(c, "/bin/tunnel", args, 4, on_hit, &s);
	ck_assert_uint_eq(s.n, 1);
	s.n = 0;
	cred_args_for(c, NULL, args, 4, on_hit, &s);
	ck_assert_uint_eq(s.n, 1);
	cred_free(c);
}
END_TEST

Suite *suite_cred_flags(void)
{
	Suite *s = suite_create("cred_flags");
	TCase *tc = tcase_create("cred_flags");

	tcase_add_loop_test(tc, test_password_flag_by_program, 0,
			    (int)(sizeof(scripts) / sizeof(*scripts)));
	tcase_add_test(tc, test_args_judged_by_their_command);
	suite_add_tcase(s, tc);
	return s;
}
