/*
 * test_audit_stages.c - apiserver-audit-policy and the stages an audit
 * Policy omits (omitStages of the policy and of each rule, together).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "scan.h"
#include "testutil.h"

#define ADIR "testdata/checks/apiserver-audit-policy"

static bool only_audit(const struct check *c, void *ctx)
{
	(void)ctx;
	return !strcmp(c->id, "apiserver-audit-policy");
}

static void run_path(struct tu_checks *r, const char *path)
{
	tu_checks_run(r, tu_scan_paths(&path, 1), check_registry, only_audit,
		      NULL);
}

static const struct {
	const char *file;
	size_t count;
	enum severity sev;
	const char *ev_path, *ev_value, *msg;
} cases[] = {
	/* both ends omitted everywhere: one finding, nothing else judged */
	{ ADIR "/fire/omit-all-stages.yaml", 1, SEV_MEDIUM, "omitStages",
	  "omitStages [RequestReceived, ResponseComplete]",
	  "nothing is audited" },
	/* outcome never recorded: low, the rules are still judged (fine) */
	{ ADIR "/fire/omit-response-complete.yaml", 1, SEV_LOW, "omitStages",
	  "omitStages [ResponseComplete]", "not their status" },
	/* the rule's and the policy's stages together silence Secrets */
	{ ADIR "/fire/rule-omits-secrets.yaml", 1, SEV_MEDIUM,
	  "rules[0].omitStages", "omitStages [ResponseComplete]",
	  "reading Secrets is matched by rules[0] (level Metadata)" },
	/* RequestReceived alone is the usual choice */
	{ ADIR "/silent/recommended.yaml", 0, SEV_NONE, NULL, NULL, NULL },
	/* exec keeps its ResponseStarted event */
	{ ADIR "/silent/exec-keeps-response-started.yaml", 0, SEV_NONE, NULL,
	  NULL, NULL },
};

START_TEST(test_stages)
{
	struct tu_checks r;

	run_path(&r, cases[_i].file);
	ck_assert_uint_eq(r.s->errors.n, 0);
	ck_assert_uint_eq(r.f.n, cases[_i].count);
	if (cases[_i].count) {
		const struct finding *fd = r.f.v[0];
		ck_assert_int_eq(fd->severity, cases[_i].sev);
		ck_assert_str_eq(fd->ev[0].path, cases[_i].ev_path);
		ck_assert_str_eq(fd->ev[0].value, cases[_i].ev_value);
		ck_assert_msg(strstr(fd->message, cases[_i].msg), "%s",
			      fd->message);
	}
	tu_checks_release(&r);
}
END_TEST

Suite *suite_audit_stages(void)
{
	Suite *s = suite_create("audit_stages");
	TCase *t = tcase_create("stages");

	tcase_add_loop_test(t, test_stages, 0,
			    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, t);
	return s;
}
