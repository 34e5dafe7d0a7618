/*
 * test_cred_env_names.c - a value that only names an environment variable
 * (VAULT_TOKEN under VAULT_TOKEN_ENV) tells a program where its secret
 * is; it is no credential.  Real secrets in upper case stay found.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred.h"
#include "diag.h"

static const struct {
	const char *key, *value;
	enum cred_strength want;
} cases[] = {
	/* names of variables */
	{ "VAULT_TOKEN_ENV", "VAULT_TOKEN", CRED_NONE },
	{ "PASSWORD_VARIABLE", "DB_PASSWORD", CRED_NONE },
	{ "API_KEY_FROM", "STRIPE_API_KEY", CRED_NONE },
	{ "secret.env", "AWS_SECRET_ACCESS_KEY", CRED_NONE },
	{ "TOKEN_ENV", "GITHUB_TOKEN_V2", CRED_NONE },
	/* one word may be the password itself */
	{ "DB_PASSWORD", "SUPERSECRET", CRED_WEAK },
	{ "DB_PASSWORD", "hunter22", CRED_WEAK },
	/* not an identifier: lower case, doubled or trailing underscores */
	{ "DB_PASSWORD", "Db_Password", CRED_WEAK },
	{ "DB_PASSWORD", "HUNTER__TWO", CRED_WEAK },
	{ "DB_PASSWORD", "HUNTER_TWO_", CRED_WEAK },
	/* random upper case with digits is a generated secret */
	{ "API_TOKEN", "K7Q2_ZP9X_M4LW_8RTB", CRED_STRONG },
	/* a known format wins whatever its shape */
	{ "AWS_ACCESS_KEY_ID", "AKIAQ3EGRSTUVWXY2Z4A", CRED_STRONG },
};

START_TEST(test_env_name_values)
{
	struct diag d;
	struct cred *c = cred_new(&d);
	struct cred_hit h;
	enum cred_strength got;

	ck_assert_ptr_nonnull(c);
	got = cred_match(c, cases[_i].key, cases[_i].value,
			 strlen(cases[_i].value), &h);
	ck_assert_msg(got == cases[_i].want, "'%s' = '%s': %d, want %d (%s)",
		      cases[_i].key, cases[_i].value, got, cases[_i].want,
		      got ? h.pattern : "-");
	cred_free(c);
}
END_TEST

Suite *suite_cred_env_names(void)
{
	Suite *s = suite_create("cred_env_names");
	TCase *t = tcase_create("env names");

	tcase_add_loop_test(t, test_env_name_values, 0,
			    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, t);
	return s;
}
