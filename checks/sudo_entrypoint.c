/* sudo-entrypoint: containers whose command or args start with sudo. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge(struct findings *out, const struct wl_iter *it);

static const char *const techniques[] = { "MS-TA9018", NULL };
static const char *const attack[] = { "T1610", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/tasks/configure-pod-container/"
	"security-context/",
	"https://attack.mitre.org/techniques/T1548/003/",
	NULL,
};

const struct check check_sudo_entrypoint = {
	.id = "sudo-entrypoint",
	.title = "Container starts its process through sudo",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A container whose command or args start with sudo (directly "
	    "or as the first word of a shell -c script) ships a setuid-root "
	    "binary and a sudoers policy and expects to become root after "
	    "start: anyone who gets code execution as its user can do the "
	    "same, and runAsNonRoot no longer means the process stays "
	    "unprivileged.  It only works while allowPrivilegeEscalation "
	    "is allowed, which the privilege-escalation check reports; this "
	    "check names the intent.  Medium.",
	.remediation =
	    "Run the process as the user it needs from the start "
	    "(securityContext.runAsUser), remove sudo from the image, and "
	    "set allowPrivilegeEscalation: false.",
	.details =
	    "- **Looks at:** a `command` (or `args` without a command) "
	    "whose first word\n"
	    "  is `sudo` (or a path ending in `/sudo`), and a shell run "
	    "with `-c` (alone or\n"
	    "  among other options, `-ec`, `-lc`) whose script starts with "
	    "`sudo`.\n"
	    "- **Silent for:** a first word that merely begins with "
	    "`sudo` and a space\n"
	    "  (`[\"sudo cat\"]`): the runtime executes each word of "
	    "`command` as it is,\n"
	    "  never split by a shell, so it looks for a program named "
	    "`sudo cat` and\n"
	    "  the container fails to start without running sudo.\n"
	    "- **Why medium:** sudo works only while privilege "
	    "escalation is allowed,\n"
	    "  which privilege-escalation reports; what this adds is a "
	    "container built\n"
	    "  to become root.\n",
	.fix = "command: [\"/app/server\"]\n"
	       "securityContext:\n"
	       "  runAsUser: 10001\n"
	       "  allowPrivilegeEscalation: false\n",
	.references = references,
	.container = judge,
};

static bool is_sudo(const char *w, size_t len)
{
	const char *base = w;
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] == '/')
			base = w + i + 1;
	return (size_t)(w + len - base) == 4 && !strncmp(base, "sudo", 4);
}

/* First word of a shell script is sudo ("sudo -E app", "/usr/bin/sudo"). */
static bool starts_with_sudo(const char *s)
{
	if (!s)
		return false;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return is_sudo(s, strcspn(s, " \t\n;&|"));
}

static bool is_shell(const char *s)
{
	static const char *const shells[] = { "sh", "bash", "ash", "dash",
					      "zsh" };
	const char *base = s ? strrchr(s, '/') : NULL;
	size_t i;

	base = base ? base + 1 : s;
	for (i = 0; base && i < sizeof(shells) / sizeof(shells[0]); i++)
		if (!strcmp(base, shells[i]))
			return true;
	return false;
}

/*
 * A shell option word that makes the next word the script: "-c", or a
 * cluster of single-letter options holding c ("-ec", "-lc", "-xec").
 */
static bool is_script_opt(const char *s)
{
	size_t i;

	if (!s || s[0] != '-' || !s[1] || !strchr(s, 'c'))
		return false;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

#define ARGV_MAX 16

/* The sudo of command then args, or NULL; path written. */
static const struct node *sudo_in(const struct wl_iter *it, char *path,
				  size_t n)
{
	static const char *const keys[] = { "command", "args" };
	const struct node *argv[ARGV_MAX];
	size_t idx[ARGV_MAX], key[ARGV_MAX], na = 0, k, i;

	for (k = 0; k < 2; k++) {
		const struct node *l = node_get(it->c, keys[k]);
		for (i = 0; i < node_count(l) && na < ARGV_MAX; i++) {
			argv[na] = node_at(l, i);
			idx[na] = i;
			key[na++] = k;
		}
	}
	if (!na)
		return NULL;
	/*
	 * The runtime executes the first word as one path, never split at
	 * spaces: "sudo cat" names a program called "sudo cat", not sudo.
	 */
	if (node_str(argv[0]) &&
	    is_sudo(node_str(argv[0]), strlen(node_str(argv[0])))) {
		i = 0;
		goto found;
	}
	if (!is_shell(node_str(argv[0])))
		return NULL;
	/* sh -c "sudo ...", the script possibly in args after a command */
	for (i = 2; i < na; i++)
		if (is_script_opt(node_str(argv[i - 1])) &&
		    starts_with_sudo(node_str(argv[i])))
			goto found;
	return NULL;
found:
	fmt_snprintf(path, n, "%s.%s[%zu]", it->path, keys[key[i]], idx[i]);
	return argv[i];
}

static void judge(struct findings *out, const struct wl_iter *it)
{
	char path[WL_PATH_MAX + 32];
	const struct node *at = sudo_in(it, path, sizeof(path));
	struct finding *fd;

	if (!at)
		return;
	fd = finding_add(out, &check_sudo_entrypoint, it->pv->obj, it->name,
			 "%s '%s' starts its process through sudo",
			 wl_list_noun(it->list), it->name);
	finding_evidence(out, fd, at, path, "%s", node_str(at));
}
