/*
 * git-sync-exec: git-sync containers that run a command after every sync
 * (--exec, GITSYNC_EXEC; v3 --sync-hook-command, GIT_SYNC_HOOK_COMMAND),
 * or that run another program in place of git (--git, GITSYNC_GIT,
 * GIT_SYNC_GIT).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "analysis/exposure.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9009", NULL };
static const char *const attack[] = { "T1190", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Application%20exploit%20(RCE)/",
	"https://github.com/kubernetes/git-sync#manual",
	NULL,
};

const struct check check_git_sync_exec = {
	.id = "git-sync-exec",
	.title = "git-sync runs a command from the synced repository",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS | NEED_SERVICES | NEED_INGRESSES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "git-sync's exec hook (--exec or GITSYNC_EXEC in v4, "
	    "--sync-hook-command or GIT_SYNC_HOOK_COMMAND in v3) runs a "
	    "command after every sync, typically a script from the synced "
	    "repository itself: whoever can push to that repository or "
	    "branch, or answer for its host, executes code in the pod with "
	    "the pod's service account and volumes.  The --git setting "
	    "(GITSYNC_GIT, v3 GIT_SYNC_GIT) is the same door: git-sync "
	    "runs the program it names on every sync, and one that is not "
	    "git (a file on a volume, such as a path under the synced "
	    "tree or an emptyDir) runs whatever was written there.  "
	    "Airflow and similar "
	    "charts ship it for DAG and config updates.  High when the "
	    "workload is reachable from outside the cluster, medium "
	    "otherwise.",
	.remediation =
	    "Drop the exec hook and let the application reload files "
	    "itself, or point it at a fixed command in the image; pin "
	    "--ref to a reviewed commit or protected branch and require "
	    "signed commits.",
	.details =
	    "- **Looks at:** git-sync containers (by image or name) with an "
	    "exec\n"
	    "  hook: `--exec`/`GITSYNC_EXEC` in v4, `--sync-hook-command`/\n"
	    "  `GIT_SYNC_HOOK_COMMAND` in v3. `--webhook-url` calls out and "
	    "runs\n"
	    "  nothing, so it is no hook. A git binary other than `git` "
	    "(`--git`,\n"
	    "  `GITSYNC_GIT`, `GIT_SYNC_GIT`; any path whose last part is "
	    "not `git`)\n"
	    "  counts as a hook too.\n"
	    "- **Severity by case:** high when the workload is exposed, "
	    "medium\n"
	    "  otherwise.\n",
	.fix = "args:\n"
	       "  - --repo=https://git.example.com/team/dags\n"
	       "  - --ref=v1.4.2\n"
	       "  - --root=/git\n",
	.references = references,
	.pod = judge_view,
};

static bool is_git_sync(const struct wl_iter *it)
{
	const char *img = node_get_str(it->c, "image");

	return (img && strstr(img, "git-sync")) || strstr(it->name, "git-sync");
}

static bool hook_flag(const char *a)
{
	static const char *const flags[] = { "--exec", "-exec",
					     "--sync-hook-command",
					     "-sync-hook-command" };
	size_t i, l;

	for (i = 0; a && i < sizeof(flags) / sizeof(flags[0]); i++) {
		l = strlen(flags[i]);
		/* "--exec=" sets the empty command: no hook */
		if (!strncmp(a, flags[i], l) &&
		    (a[l] == '\0' || (a[l] == '=' && a[l + 1])))
			return true;
	}
	return false;
}

/* The hook setting of a git-sync container; path written. */
static const struct node *hook(const struct wl_iter *it, char *path, size_t n)
{
	static const char *const lists[] = { "command", "args" };
	const struct node *env = node_get(it->c, "env");
	size_t l, i;

	for (l = 0; l < 2; l++) {
		const struct node *v = node_get(it->c, lists[l]);
		for (i = 0; i < node_count(v); i++)
			if (hook_flag(node_str(node_at(v, i)))) {
				fmt_snprintf(path, n, "%s.%s[%zu]", it->path,
					     lists[l], i);
				return node_at(v, i);
			}
	}
	for (i = 0; i < node_count(env); i++) {
		const struct node *e = node_at(env, i);
		const char *name = node_get_str(e, "name");
		const struct node *v;

		if (!name || (strcmp(name, "GITSYNC_EXEC") &&
			      strcmp(name, "GIT_SYNC_HOOK_COMMAND")))
			continue;
		/* an empty value (or none, and no valueFrom) is no hook */
		v = node_get(e, "value");
		if (!node_get(e, "valueFrom") &&
		    (!node_str(v) || !*node_str(v)))
			continue;
		fmt_snprintf(path, n, "%s.env[%zu]", it->path, i);
		return node_get(e, "name");
	}
	return NULL;
}

/* A git binary setting names a program that is not git itself. */
static bool not_git(const char *v)
{
	const char *base;

	if (!v || !*v)
		return false;
	base = strrchr(v, '/');
	return strcmp(base ? base + 1 : v, "git") != 0;
}

/*
 * The word holding V of a "--git=V" or "--git V" at i of list v, or NULL;
 * its index in *at.
 */
static const struct node *git_flag(const struct node *v, size_t i, size_t *at)
{
	const char *a = node_str(node_at(v, i));
	const char *val;

	if (!a || *a != '-')
		return NULL;
	a += a[1] == '-' ? 2 : 1;
	if (strncmp(a, "git", 3) || (a[3] != '=' && a[3] != '\0'))
		return NULL;
	*at = a[3] == '=' ? i : i + 1;
	val = a[3] == '=' ? a + 4 : node_str(node_at(v, i + 1));
	return not_git(val) ? node_at(v, *at) : NULL;
}

/*
 * The setting that makes a git-sync container run a program other than
 * git in its place; path written, its value in *value.
 */
static const struct node *git_binary(const struct wl_iter *it, char *path,
				     size_t n, const char **value)
{
	static const char *const lists[] = { "command", "args" };
	const struct node *env = node_get(it->c, "env");
	const struct node *w;
	size_t l, i, at;

	for (l = 0; l < 2; l++) {
		const struct node *v = node_get(it->c, lists[l]);
		for (i = 0; i < node_count(v); i++)
			if ((w = git_flag(v, i, &at)) != NULL) {
				fmt_snprintf(path, n, "%s.%s[%zu]", it->path,
					     lists[l], at);
				*value = node_str(w);
				if (at == i)
					*value = strchr(*value, '=') + 1;
				return w;
			}
	}
	for (i = 0; i < node_count(env); i++) {
		const struct node *e = node_at(env, i);
		const char *name = node_get_str(e, "name");
		const struct node *v;

		if (!name || (strcmp(name, "GITSYNC_GIT") &&
			      strcmp(name, "GIT_SYNC_GIT")))
			continue;
		v = node_get(e, "value");
		if (!not_git(node_str(v)))
			continue;
		fmt_snprintf(path, n, "%s.env[%zu].value", it->path, i);
		*value = node_str(v);
		return v;
	}
	return NULL;
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct expose_route rt;
	struct wl_iter it;
	int exposed = -1; /* not asked yet: most views run no git-sync */

	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		char path[WL_PATH_MAX + 32];
		const struct node *h;
		const char *git = NULL;
		struct finding *fd;

		if (!is_git_sync(&it))
			continue;
		if (!(h = hook(&it, path, sizeof(path))) &&
		    !(h = git_binary(&it, path, sizeof(path), &git)))
			continue;
		if (exposed < 0)
			exposed = exposure_public_route(s->exposure, pv, &rt);
		if (git)
			fd = finding_add(
			    out, &check_git_sync_exec, pv->obj, it.name,
			    "%s '%s' runs git-sync with '%s' in place of "
			    "git, run on every sync%s",
			    wl_list_noun(it.list), it.name, git,
			    exposed ? "; the workload is reachable from "
				      "outside the cluster"
				    : "");
		else
			fd = finding_add(
			    out, &check_git_sync_exec, pv->obj, it.name,
			    "%s '%s' runs git-sync with an exec hook%s",
			    wl_list_noun(it.list), it.name,
			    exposed ? "; the workload is reachable from "
				      "outside the cluster"
				    : "");
		fd->severity = exposed ? SEV_HIGH : SEV_MEDIUM;
		finding_evidence(out, fd, h, path, "%s", node_scalar_text(h));
	}
}
