/*
 * Shell completion and the manual page: both are generated from the
 * subcommands' --help texts; these tests run the generated bash script in
 * bash, the plugin completion through the real kubectl, and hold the
 * manual page and the option tables to the help texts.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define ENV                                                                    \
	"env -u NO_COLOR -u KUBERNETES_SERVICE_HOST "                          \
	"HOME=/nonexistent-threatmap-home "

static const char *abs_bin(void)
{
	static char path[4096];
	const char *b = tu_bin();
	char cwd[2048];

	if (b[0] == '/')
		return b;
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(path, sizeof(path), "%s/%s", cwd, b);
	return path;
}

/* COMPREPLY of the generated bash completion for the words given. */
static char *bash_complete(const char *words, int cword)
{
	char *out = NULL;
	int rc = tu_shf(&out,
			ENV "KUBECONFIG=testdata/cli/kubeconfig-contexts.yaml "
			    "bash -c 'source <(\"%s\" completion bash) && "
			    "COMP_WORDS=(\"%s\" %s) && COMP_CWORD=%d && "
			    "_kubectl_threatmap && printf \"%%s\\n\" "
			    "\"${COMPREPLY[@]}\"' 2>&1",
			abs_bin(), abs_bin(), words, cword);

	ck_assert_msg(rc == 0, "bash completion failed: %s", out);
	return out;
}

START_TEST(test_bash_completion)
{
	char *out;

	out = bash_complete("ex", 1);
	ck_assert_str_eq(out, "explain\n");
	free(out);
	out = bash_complete("scan --fail-on \"\"", 3);
	ck_assert_str_eq(out, "low\nmedium\nhigh\ncritical\n");
	free(out);
	out = bash_complete("explain privileged-c", 2);
	ck_assert_str_eq(out, "privileged-container\n");
	free(out);
	out = bash_complete("explain MS-TA901", 2);
	ck_assert_ptr_nonnull(strstr(out, "MS-TA9018\n"));
	free(out);
	out = bash_complete("scan --checks privileged-container,run-as-r", 3);
	ck_assert_str_eq(out, "privileged-container,run-as-root\n");
	free(out);
	out = bash_complete("scan --no-c", 2);
	ck_assert_str_eq(out, "--no-color\n");
	free(out);
	out = bash_complete("scan --context \"\"", 3);
	ck_assert_str_eq(out, "prod\nstaging\n");
	free(out);
	out = bash_complete("scan -n \"\"", 3);
	ck_assert_str_eq(out, "payments\n");
	free(out);
	out = bash_complete("completion \"\"", 2);
	ck_assert_str_eq(out, "bash\nzsh\nfish\n");
	free(out);
	/* a file argument falls back to file names */
	out = bash_complete("scan -f testdata/cli/cle", 3);
	ck_assert_str_eq(out, "testdata/cli/clean.yaml\n");
	free(out);
}
END_TEST

/* The zsh script, with compadd and compdef standing in for compsys. */
START_TEST(test_zsh_completion)
{
	char *out;
	int rc;

	rc = tu_shf(&out,
		    ENV "zsh -c 'compdef() { :; }; compadd() { print -l -- "
			"\"${@[3,-1]}\"; }; source <(\"%s\" completion zsh) "
			"&& words=(\"%s\" scan --fail-on hi) && CURRENT=4 && "
			"_kubectl_threatmap' 2>&1",
		    abs_bin(), abs_bin());
	ck_assert_msg(rc == 0, "zsh: %s", out);
	ck_assert_str_eq(out, "high\n");
	free(out);
}
END_TEST

/* The fish script, through fish's own `complete -C`. */
START_TEST(test_fish_completion)
{
	char dir[4096], *out, *slash;
	int rc;

	snprintf(dir, sizeof(dir), "%s", abs_bin());
	slash = strrchr(dir, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	rc = tu_shf(&out,
		    ENV
		    "PATH='%s':\"$PATH\" fish -c 'source (kubectl-threatmap "
		    "completion fish | psub); complete -C \"kubectl-threatmap "
		    "explain privileged-c\"' 2>&1",
		    dir);
	ck_assert_msg(rc == 0, "fish: %s", out);
	ck_assert_str_eq(out, "privileged-container\n");
	free(out);
}
END_TEST

/* `kubectl threatmap <TAB>`: the real kubectl runs kubectl_complete-threatmap. */
START_TEST(test_kubectl_plugin_completion)
{
	char dir[] = "/tmp/threatmap-compl-XXXXXX";
	char *out;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	rc = tu_shf(&out,
		    "ln -s '%s' '%s/kubectl-threatmap' && "
		    "printf '#!/bin/sh\\nexec kubectl-threatmap __complete "
		    "\"$@\"\\n' > '%s/kubectl_complete-threatmap' && "
		    "chmod 0755 '%s/kubectl_complete-threatmap'",
		    abs_bin(), dir, dir, dir);
	ck_assert_int_eq(rc, 0);
	free(out);
	rc = tu_shf(&out, "command -v kubectl");
	ck_assert_msg(rc == 0, "kubectl is not on PATH");
	free(out);
	rc = tu_shf(&out,
		    ENV "PATH='%s':\"$PATH\" kubectl __complete threatmap sc "
			"2>/dev/null",
		    dir);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "scan\n:4\n");
	free(out);
	rc = tu_shf(&out,
		    ENV "PATH='%s':\"$PATH\" kubectl __complete threatmap scan "
			"--format s 2>/dev/null",
		    dir);
	ck_assert_str_eq(out, "sarif\n:4\n");
	free(out);
	tu_shf(NULL, "rm -rf '%s'", dir);
}
END_TEST

/* Lines of the help text as the manual page shows them, de-roffed. */
START_TEST(test_man_page_is_the_help)
{
	static const char *const cmds[] = {
		"scan", "snapshot", "checks", "matrix",	   "explain",
		"diff", "who-can",  "merge",  "completion"
	};
	char *man, *plain, *q;
	const char *p;
	size_t i;
	int rc;

	rc = tu_shf(&man, ENV "'%s' __man", tu_bin());
	ck_assert_int_eq(rc, 0);
	ck_assert(!strncmp(man, ".TH KUBECTL\\-THREATMAP 1", 24));
	plain = malloc(strlen(man) + 1);
	for (p = man, q = plain; *p; p++) {
		if (p[0] == '\\' && p[1] == '-') {
			*q++ = '-';
			p++;
		} else if (p[0] == '\\' && p[1] == 'e') {
			*q++ = '\\';
			p++;
		} else if (p[0] == '\\' && p[1] == '&') {
			p++;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *help = NULL, *line, *save = NULL;

		rc = tu_shf(&help, ENV "'%s' %s --help", tu_bin(), cmds[i]);

		ck_assert_msg(rc == 0, "%s --help exits %d", cmds[i], rc);
		for (line = strtok_r(help, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			ck_assert_msg(strstr(plain, line) != NULL,
				      "man page lacks '%s' of %s --help", line,
				      cmds[i]);
		free(help);
	}
	free(plain);
	free(man);
}
END_TEST

/* Every flag a help text lists is one the command accepts. */
START_TEST(test_help_flags_exist)
{
	static const char *const cmds[] = { "scan",    "snapshot", "checks",
					    "matrix",  "explain",  "diff",
					    "who-can", "can-i",	   "merge" };
	size_t i, total = 0;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *flags = NULL, *f, *save = NULL;

		ck_assert_int_eq(tu_shf(&flags, ENV "'%s' __complete %s --",
					tu_bin(), cmds[i]),
				 0);

		for (f = strtok_r(flags, "\n", &save); f;
		     f = strtok_r(NULL, "\n", &save)) {
			char *out;

			if (f[0] == ':')
				continue;
			/* a flag that takes a value takes "--help" */
			tu_shf(&out, ENV "'%s' %s %s --help 2>&1", tu_bin(),
			       cmds[i], f);
			ck_assert_msg(!strstr(out, "unknown flag") &&
					  !strstr(out, "unknown option") &&
					  !strstr(out, "unrecognized") &&
					  !strstr(out, "did you mean"),
				      "%s --help lists %s, which %s refuses: "
				      "%.300s",
				      cmds[i], f, cmds[i], out);
			free(out);
			total++;
		}
		free(flags);
	}
	ck_assert_uint_gt(total, 40);
}
END_TEST

Suite *suite_completion(void)
{
	Suite *s = suite_create("completion");
	TCase *tc = tcase_create("completion");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bash_completion);
	tcase_add_test(tc, test_zsh_completion);
	tcase_add_test(tc, test_fish_completion);
	tcase_add_test(tc, test_kubectl_plugin_completion);
	tcase_add_test(tc, test_man_page_is_the_help);
	tcase_add_test(tc, test_help_flags_exist);
	suite_add_tcase(s, tc);
	return s;
}
