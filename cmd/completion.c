/*
 * completion.c - shell completion and the manual page, both built from
 * the subcommands' own --help texts, so neither can drift from them.
 *
 *   completion bash|zsh|fish   a script for the shell; it asks
 *                              `kubectl-threatmap __complete WORDS...`
 *   __complete WORDS...        candidates for the last word, one per line,
 *                              then ":N" (the directive kubectl's plugin
 *                              completion and cobra-style scripts read:
 *                              0 default, 4 no file completion)
 *   __man                      the manual page kubectl-threatmap(1), roff
 *
 * kubectl completes `kubectl threatmap ...` by running the executable
 * kubectl_complete-threatmap, which `make install` puts beside the binary;
 * it is a two-line script calling __complete.
 */
#include "cli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "kube/kubeconfig.h"
#include "matrix.h"
#include "node.h"
#include "checks/registry.h"
#include "sbuf.h"
#include "helpflags.h"

extern const struct subcmd subcmd_completion;

enum {
	DIR_DEFAULT = 0,  /* the shell may complete file names */
	DIR_NO_FILES = 4, /* only the candidates given */
};

/* The subcommand of table named name, or NULL. */
static const struct subcmd *find_cmd(const struct subcmd *const *table,
				     const char *name)
{
	for (; *table; table++)
		if (!strcmp((*table)->name, name))
			return *table;
	return NULL;
}

static const struct subcmd *command_of(const struct subcmd *const *table,
				       char **words, int n, int *at)
{
	int i;

	*at = -1;
	for (i = 0; i < n; i++) {
		const struct subcmd *sc;

		if (words[i][0] == '-')
			return find_cmd(table, "scan");
		sc = find_cmd(table, words[i]);
		if (sc) {
			*at = i;
			return sc;
		}
		if (!strcmp(words[i], "help"))
			return NULL;
	}
	return NULL;
}

static void put(const char *cand, const char *prefix)
{
	if (!strncmp(cand, prefix, strlen(prefix)))
		printf("%s\n", cand);
}

static void put_contexts(const char *prefix, bool namespaces)
{
	struct arena *a = arena_new();
	struct kubeconfig_opts o = {
		.env_kubeconfig = getenv("KUBECONFIG"),
		.home = getenv("HOME"),
	};
	struct diag d = { 0 };
	const char *const *names;
	size_t n, i;

	if (cli_args_only) { /* no kubeconfig is read */
		arena_free(a);
		return;
	}
	if (!namespaces && kubeconfig_contexts(a, &o, &names, &n, &d) == 0) {
		for (i = 0; i < n; i++)
			put(names[i], prefix);
	}
	if (namespaces && kubeconfig_namespaces(a, &o, &names, &n, &d) == 0) {
		for (i = 0; i < n; i++)
			put(names[i], prefix);
	}
	arena_free(a);
}

/* The last element of a comma list is the one being completed. */
static void put_checks(const char *word)
{
	const char *comma = strrchr(word, ',');
	const char *last = comma ? comma + 1 : word;
	const struct check *const *c;

	for (c = check_registry; *c; c++)
		if (!strncmp((*c)->id, last, strlen(last)))
			printf("%.*s%s\n", (int)(last - word), word, (*c)->id);
}

static void put_techniques(const char *prefix)
{
	size_t i;

	for (i = 0; i < mx_ntechniques; i++)
		put(mx_techniques[i].id, prefix);
}

static int value_of(const struct help_flag *f, const char *word)
{
	static const char *const formats[] = { "text", "json",	   "sarif",
					       "html", "markdown", "junit",
					       NULL };
	static const char *const sev[] = { "low", "medium", "high", "critical",
					   NULL };
	const char *const *p;

	if (!strcmp(f->name, "context")) {
		put_contexts(word, false);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "namespace")) {
		put_contexts(word, true);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "checks") || !strcmp(f->name, "skip-checks")) {
		put_checks(word);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "format")) {
		for (p = formats; *p; p++)
			put(*p, word);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "output")) {
		/* FORMAT, or FORMAT=FILE: after '=' the shell completes files */
		if (strchr(word, '='))
			return DIR_DEFAULT;
		for (p = formats; *p; p++)
			put(*p, word);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "fail-on") || !strcmp(f->name, "min-severity")) {
		for (p = sev; *p; p++)
			put(*p, word);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "color")) {
		put("auto", word);
		put("always", word);
		put("never", word);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "profile")) {
		put("pss-baseline", word);
		put("pss-restricted", word);
		return DIR_NO_FILES;
	}
	if (!strcmp(f->name, "filename") || !strcmp(f->name, "kubeconfig") ||
	    !strcmp(f->name, "exceptions") || !strcmp(f->name, "baseline") ||
	    !strcmp(f->name, "snapshot") || !strcmp(f->name, "dir") ||
	    !strcmp(f->name, "kustomize"))
		return DIR_DEFAULT;
	return DIR_NO_FILES;
}

static int complete(const struct subcmd *const *table, char **words, int n)
{
	const char *word = n ? words[n - 1] : "";
	const struct subcmd *sc;
	struct help_flag fl[HELP_FLAGS_MAX];
	size_t nf, i;
	int at;

	sc = command_of(table, words, n - 1, &at);
	if (!sc && at < 0 && n >= 2 && !strcmp(words[0], "help")) {
		const struct subcmd *const *t;

		for (t = table; *t; t++)
			put((*t)->name, word);
		return DIR_NO_FILES;
	}
	if (!sc && word[0] != '-') {
		const struct subcmd *const *t;

		for (t = table; *t; t++)
			put((*t)->name, word);
		put("help", word);
		return DIR_NO_FILES;
	}
	if (!sc)
		sc = find_cmd(table, "scan");
	nf = help_flags_parse(sc->help, fl, HELP_FLAGS_MAX);
	if (n >= 2) {
		const struct help_flag *f =
		    help_flags_find(fl, nf, words[n - 2]);

		if (f && f->value)
			return value_of(f, word);
	}
	if (!strncmp(word, "--", 2) && strchr(word, '=')) {
		/* --flag=value */
		char name[64];
		size_t w = (size_t)(strchr(word, '=') - word);

		snprintf(name, sizeof(name), "%.*s", (int)w, word);
		for (i = 0; i < nf; i++)
			if (!strcmp(name + 2, fl[i].name) && fl[i].value)
				return value_of(&fl[i], word + w + 1);
		return DIR_NO_FILES;
	}
	if (word[0] == '-') {
		for (i = 0; i < nf; i++) {
			char buf[64];

			snprintf(buf, sizeof(buf), "--%s", fl[i].name);
			if (fl[i].name[0])
				put(buf, word);
		}
		return DIR_NO_FILES;
	}
	if (!strcmp(sc->name, "explain")) {
		const struct check *const *c;

		for (c = check_registry; *c; c++)
			put((*c)->id, word);
		put_techniques(word);
		return DIR_NO_FILES;
	}
	if (!strcmp(sc->name, "completion")) {
		put("bash", word);
		put("zsh", word);
		put("fish", word);
		return DIR_NO_FILES;
	}
	if (!strcmp(sc->name, "diff") || !strcmp(sc->name, "merge"))
		return DIR_DEFAULT;
	return DIR_NO_FILES;
}

int cli_complete_main(const struct subcmd *const *table, int argc, char **argv)
{
	int dir = complete(table, argv + 1, argc - 1);

	printf(":%d\n", dir);
	return CLI_EXIT_CLEAN;
}

/* ---- scripts ------------------------------------------------------- */

static const char bash_script[] =
    "# bash completion for kubectl-threatmap\n"
    "#   source <(kubectl-threatmap completion bash)\n"
    "_kubectl_threatmap()\n"
    "{\n"
    "    local cur words cword out directive\n"
    "    cur=${COMP_WORDS[COMP_CWORD]}\n"
    "    words=(\"${COMP_WORDS[@]:1:COMP_CWORD}\")\n"
    "    [ ${#words[@]} -eq 0 ] && words=(\"\")\n"
    "    out=$(\"${COMP_WORDS[0]}\" __complete \"${words[@]}\" 2>/dev/null) "
    "|| return\n"
    "    directive=${out##*:}\n"
    "    out=${out%:*}\n"
    "    COMPREPLY=()\n"
    "    local IFS=$'\\n'\n"
    "    local c\n"
    "    for c in $out; do [ -n \"$c\" ] && COMPREPLY+=(\"$c\"); done\n"
    "    if [ ${#COMPREPLY[@]} -eq 0 ] && [ \"$directive\" = 0 ]; then\n"
    "        local v=${cur#*=}\n"
    "        COMPREPLY=($(compgen -f -- \"$v\"))\n"
    "    fi\n"
    "}\n"
    "complete -o default -F _kubectl_threatmap kubectl-threatmap\n";

static const char zsh_script[] =
    "#compdef kubectl-threatmap\n"
    "# zsh completion for kubectl-threatmap\n"
    "#   source <(kubectl-threatmap completion zsh)\n"
    "_kubectl_threatmap() {\n"
    "  local -a cands\n"
    "  local out directive\n"
    "  out=$(\"${words[1]}\" __complete \"${(@)words[2,CURRENT]}\" "
    "2>/dev/null) || return 1\n"
    "  directive=${out##*:}\n"
    "  cands=(${(f)${out%:*}})\n"
    "  if (( ${#cands} )); then\n"
    "    compadd -Q -- \"${cands[@]}\"\n"
    "  elif [[ $directive == 0 ]]; then\n"
    "    _files\n"
    "  fi\n"
    "}\n"
    "compdef _kubectl_threatmap kubectl-threatmap\n";

static const char fish_script[] =
    "# fish completion for kubectl-threatmap\n"
    "#   kubectl-threatmap completion fish | source\n"
    "function __kubectl_threatmap_complete\n"
    "    set -l args (commandline -opc)[2..-1] (commandline -ct)\n"
    "    set -l out (kubectl-threatmap __complete $args 2>/dev/null)\n"
    "    set -l directive (string replace -r '^:' '' -- $out[-1])\n"
    "    set -e out[-1]\n"
    "    if test (count $out) -gt 0\n"
    "        printf '%s\\n' $out\n"
    "    else if test \"$directive\" = 0\n"
    "        __fish_complete_path (commandline -ct)\n"
    "    end\n"
    "end\n"
    "complete -c kubectl-threatmap -f -a '(__kubectl_threatmap_complete)'\n";

static const char completion_help[] =
    "Usage: " PROG " completion bash|zsh|fish\n"
    "\n"
    "Print a shell completion script: subcommands, flags, check and\n"
    "technique IDs, formats, and the contexts and namespaces of your\n"
    "kubeconfig.\n"
    "\n"
    "  source <(" PROG " completion bash)     # in ~/.bashrc\n"
    "  source <(" PROG " completion zsh)      # in ~/.zshrc\n"
    "  " PROG " completion fish | source      # in config.fish\n"
    "\n"
    "`kubectl threatmap <TAB>` completes through the executable\n"
    "kubectl_complete-threatmap, which make install puts beside the\n"
    "binary.\n"
    "\n"
    "Flags:\n"
    "  -h, --help          this help\n";

static int run_completion(int argc, char **argv)
{
	if (argc == 2 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		cli_print_help(&subcmd_completion);
		return CLI_EXIT_CLEAN;
	}
	if (argc != 2)
		return cli_usage("completion",
				 "name one shell: bash, zsh or fish");
	if (!strcmp(argv[1], "bash"))
		fputs(bash_script, stdout);
	else if (!strcmp(argv[1], "zsh"))
		fputs(zsh_script, stdout);
	else if (!strcmp(argv[1], "fish"))
		fputs(fish_script, stdout);
	else
		return cli_usage("completion",
				 "unknown shell '%s' (bash, zsh or fish)",
				 argv[1]);
	return CLI_EXIT_CLEAN;
}

const struct subcmd subcmd_completion = {
	.name = "completion",
	.summary = "print a shell completion script (bash, zsh, fish)",
	.help = completion_help,
	.run = run_completion,
};

/* ---- manual page ---------------------------------------------------- */

/* Text as roff: backslashes doubled, a leading '.' or '\'' guarded. */
static void roff_text(const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
		bol = *s == '\n';
	}
}

int cli_man_main(const struct subcmd *const *table, int argc, char **argv)
{
	const struct subcmd *const *sc;

	(void)argc;
	(void)argv;
	printf(".TH KUBECTL\\-THREATMAP 1 \"\" \"threatmap %s\" "
	       "\"User Commands\"\n",
	       THREATMAP_VERSION);
	printf(".SH NAME\nkubectl\\-threatmap \\- audit Kubernetes "
	       "configuration against the threat matrix\n");
	printf(".SH SYNOPSIS\n.B kubectl\\-threatmap\n[\\fICOMMAND\\fR] "
	       "[\\fIFLAGS\\fR]\n.br\n.B kubectl threatmap\n"
	       "[\\fICOMMAND\\fR] [\\fIFLAGS\\fR]\n");
	printf(".SH DESCRIPTION\nkubectl\\-threatmap audits the "
	       "configuration of a Kubernetes cluster (live, from a "
	       "snapshot, or from manifests) and maps every weakness to the "
	       "technique it enables in the Microsoft Threat Matrix for "
	       "Kubernetes and MITRE ATT&CK.  With no command, or when the "
	       "first argument is a flag, the command is \\fBscan\\fR.\n");
	printf(".SH COMMANDS\n");
	for (sc = table; *sc; sc++) {
		printf(".SS %s\n", (*sc)->name);
		roff_text((*sc)->summary);
		printf(".PP\n.nf\n");
		roff_text((*sc)->help);
		printf(".fi\n");
	}
	printf(".SH EXIT STATUS\n0 no findings at or above \\-\\-fail\\-on; 1 "
	       "findings; 2 usage error; 3 input, output or connection "
	       "error.\n");
	printf(".SH ENVIRONMENT\n.TP\n.B KUBECONFIG\nkubeconfig files, "
	       "merged as kubectl merges them.\n.TP\n.B NO_COLOR\nno colour "
	       "in the text report.\n");
	printf(".SH SEE ALSO\n.BR kubectl (1)\n");
	return CLI_EXIT_CLEAN;
}
