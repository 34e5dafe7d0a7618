#include "analysis/program.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "node.h"

static const char *const names[PROGRAM_COUNT] = {
	[PROGRAM_OTHER] = "other",
	[PROGRAM_KUBE_APISERVER] = "kube-apiserver",
	[PROGRAM_ETCD] = "etcd",
	[PROGRAM_KUBE_CONTROLLER_MANAGER] = "kube-controller-manager",
	[PROGRAM_KUBE_SCHEDULER] = "kube-scheduler",
	[PROGRAM_KUBELET] = "kubelet",
	[PROGRAM_KUBE_PROXY] = "kube-proxy",
	[PROGRAM_CLOUD_CONTROLLER_MANAGER] = "cloud-controller-manager",
};

/* hyperkube's short names for the programs it holds. */
static const struct {
	const char *sub;
	enum program_id id;
} hyperkube_subs[] = {
	{ "apiserver", PROGRAM_KUBE_APISERVER },
	{ "controller-manager", PROGRAM_KUBE_CONTROLLER_MANAGER },
	{ "scheduler", PROGRAM_KUBE_SCHEDULER },
	{ "proxy", PROGRAM_KUBE_PROXY },
};

/* The suffixes of single-architecture images ("etcd-amd64"). */
static const char *const arches[] = {
	"-amd64", "-arm64", "-arm", "-ppc64le", "-s390x", NULL,
};

static const char *const shells[] = {
	"sh", "bash", "ash", "dash", "ksh", "zsh", NULL,
};

/* Words of a script after which a command name may still follow. */
static const char *const prefixes[] = {
	"exec", "env", "nohup", "time",	 "then", "do", "else",
	"elif", "if",  "while", "until", "!",	 "{",  NULL,
};

#define N(x) (sizeof(x) / sizeof((x)[0]))

const char *program_name(enum program_id id)
{
	return id < PROGRAM_COUNT ? names[id] : names[PROGRAM_OTHER];
}

/* ---- words --------------------------------------------------------------- */

/* A word of a command line: a list item, or a word of a script. */
struct word {
	const char *s;
	const struct node *at;
	const char *path;
	unsigned cmd;  /* which command of its script */
	bool starts;   /* a command name may stand here */
	bool dyn;      /* expands a variable or a placeholder */
	bool redirect; /* "2>&1", "1>>/x.log", or the file after ">" */
};

struct words {
	struct word *v;
	size_t n, alloc;
};

static struct word *words_push(struct words *w)
{
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 16;
		w->v = xrealloc_array(w->v, w->alloc, sizeof(*w->v));
	}
	memset(&w->v[w->n], 0, sizeof(w->v[w->n]));
	return &w->v[w->n++];
}

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/* Kubernetes expands $(VAR) in command and args; templates leave {{x}}. */
static bool dynamic(const char *s)
{
	return strchr(s, '$') || strstr(s, "{{");
}

/* The string items of list (field key of base) into w. */
static void list_words(struct words *w, struct arena *a,
		       const struct node *list, const char *base,
		       const char *key)
{
	size_t i;

	for (i = 0; i < node_count(list); i++) {
		const struct node *it = node_at(list, i);
		struct word *wd;

		if (!node_str(it))
			continue;
		wd = words_push(w);
		wd->s = node_str(it);
		wd->at = it;
		wd->path =
		    base ? arena_printf(a, "%s.%s[%zu]", base, key, i) : NULL;
		wd->dyn = dynamic(wd->s);
	}
}

static const char *basename_of(const char *s)
{
	const char *b = strrchr(s, '/');

	return b ? b + 1 : s;
}

static enum program_id by_name(const char *s)
{
	size_t k;

	for (k = PROGRAM_OTHER + 1; k < PROGRAM_COUNT; k++)
		if (!strcmp(s, names[k]))
			return (enum program_id)k;
	return PROGRAM_OTHER;
}

/* The program "hyperkube SUB" runs. */
static enum program_id hyperkube_sub(const char *sub)
{
	size_t i;

	for (i = 0; i < N(hyperkube_subs); i++)
		if (!strcmp(sub, hyperkube_subs[i].sub))
			return hyperkube_subs[i].id;
	return by_name(sub);
}

/* ---- images -------------------------------------------------------------- */

/* The last path component of image (length len) is name, or name-ARCH. */
static bool image_is(const char *b, size_t len, const char *name)
{
	size_t nl = strlen(name), i;

	if (len < nl || strncmp(b, name, nl))
		return false;
	if (len == nl)
		return true;
	for (i = 0; arches[i]; i++)
		if (len - nl == strlen(arches[i]) &&
		    !strncmp(b + nl, arches[i], len - nl))
			return true;
	return false;
}

/* The program image names; *hyper when it is a hyperkube image. */
static enum program_id image_program(const char *img, bool *hyper)
{
	const char *b;
	size_t len, k;

	*hyper = false;
	if (!img)
		return PROGRAM_OTHER;
	len = strcspn(img, "@"); /* a digest holds no '/' but may a ':' */
	for (b = img + len; b > img && b[-1] != '/'; b--)
		;
	len = strcspn(b, ":@");
	for (k = PROGRAM_OTHER + 1; k < PROGRAM_COUNT; k++)
		if (image_is(b, len, names[k]))
			return (enum program_id)k;
	*hyper = image_is(b, len, "hyperkube");
	return PROGRAM_OTHER;
}

/* ---- shell scripts ------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_sep(char c)
{
	return c == ';' || c == '\n' || c == '&' || c == '|' || c == '(' ||
	       c == ')';
}

static bool all_digits(const char *s, const char *end)
{
	for (; s < end; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* NAME=value, as sh reads a variable assignment before a command. */
static bool is_assignment(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	return *s == '=';
}

/*
 * One word of a script starting at *sp into o (room for it), *sp
 * advanced past it; *target is set when it is a redirection whose file is
 * the next word.
 */
static void script_word(const char **sp, char *o, struct word *wd, bool *target)
{
	const char *s = *sp, *start = o;
	char q = 0;

	for (; *s; s++) {
		char c = *s;
		if (q == '\'') {
			if (c == '\'')
				q = 0;
			else
				*o++ = c;
			continue;
		}
		if (c == '\\') {
			if (!s[1])
				continue;
			if (s[1] == '\n') {
				s++;
			} else if (q == '"' && !strchr("\"\\$`", s[1])) {
				*o++ = c;
			} else {
				*o++ = *++s;
			}
			continue;
		}
		if (q == '"') {
			if (c == '"')
				q = 0;
			else
				*o++ = c;
			wd->dyn |= c == '$' || c == '`';
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
			continue;
		}
		if (is_blank(c) || is_sep(c))
			break;
		if (c == '<' || c == '>') {
			if (o > start && !all_digits(start, o))
				break; /* "x>y": the redirection is a word */
			wd->redirect = true;
			*o++ = c;
			while (s[1] == '<' || s[1] == '>' || s[1] == '&')
				*o++ = *++s;
			*target = !s[1] || is_blank(s[1]) || is_sep(s[1]);
			continue;
		}
		wd->dyn |= c == '$' || c == '`';
		*o++ = c;
	}
	*o = '\0';
	wd->dyn |= strstr(start, "{{") != NULL;
	*sp = s;
}

/* The words of script s, a list item at at (path), into w. */
static void split_script(struct words *w, struct arena *a, const char *s,
			 const struct node *at, const char *path)
{
	char *buf = arena_alloc(a, 2 * strlen(s) + 2);
	unsigned cmd = 0;
	bool starts = true, target = false;

	for (;;) {
		struct word *wd;
		bool is_target = target;

		while (is_blank(*s) || (s[0] == '\\' && s[1] == '\n'))
			s += *s == '\\' ? 2 : 1;
		if (!*s)
			break;
		if (*s == '#') {
			s += strcspn(s, "\n");
			continue;
		}
		if (is_sep(*s)) {
			cmd++;
			starts = true;
			target = false;
			s++;
			continue;
		}
		wd = words_push(w);
		target = false;
		script_word(&s, buf, wd, &target);
		wd->s = buf;
		buf += strlen(buf) + 1;
		wd->at = at;
		wd->path = path;
		wd->cmd = cmd;
		wd->redirect |= is_target;
		wd->starts = starts;
		if (starts)
			starts = wd->redirect || in_list(prefixes, wd->s) ||
				 is_assignment(wd->s);
	}
}

/* Where the script of a shell command line (w, shell at 0) is, or 0. */
static size_t script_at(const struct words *w)
{
	bool c = false;
	size_t j;

	for (j = 1; j < w->n; j++) {
		const char *s = w->v[j].s;
		if (!strcmp(s, "--")) {
			j++;
			break;
		}
		if (s[0] != '-' && s[0] != '+')
			break;
		if (!strcmp(s + 1, "o")) /* -o pipefail */
			j++;
		else if (s[0] == '-' && strchr(s + 1, 'c'))
			c = true;
	}
	return c && j < w->n ? j : 0;
}

static bool is_all_args(const char *s)
{
	return !strcmp(s, "$@") || !strcmp(s, "${@}") || !strcmp(s, "$*") ||
	       !strcmp(s, "${*}");
}

/* ---- argv ---------------------------------------------------------------- */

static void argv_add(struct words *argv, const struct word *from)
{
	*words_push(argv) = *from;
}

static void set_argv(struct program *p, struct arena *a,
		     const struct words *argv)
{
	struct program_arg *v =
	    arena_calloc(a, argv->n ? argv->n : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < argv->n; i++) {
		v[i].s = argv->v[i].s;
		v[i].at = argv->v[i].at;
		v[i].path = argv->v[i].path;
		p->opaque |= argv->v[i].dyn;
	}
	p->argv = v;
	p->argc = argv->n;
}

/* The program a command name at t[i] (of n words) runs; *first its args. */
static enum program_id command_at(const struct word *t, size_t n, size_t i,
				  size_t *first)
{
	const char *b;

	if (t[i].dyn || t[i].redirect)
		return PROGRAM_OTHER;
	b = basename_of(t[i].s);
	*first = i + 1;
	if (strcmp(b, "hyperkube"))
		return by_name(b);
	/* the subcommand, in the same command */
	if (i + 1 >= n || t[i + 1].cmd != t[i].cmd || t[i + 1].dyn)
		return PROGRAM_OTHER;
	*first = i + 2;
	return hyperkube_sub(t[i + 1].s);
}

/*
 * The program the script of shell command line w runs: its first command
 * that is one.  "$@" stands for the words after the script and $0.
 */
static enum program_id from_shell(const struct words *w, struct arena *a,
				  struct program *p)
{
	size_t j = script_at(w), i, k, first = 0;
	struct words t = { 0 }, argv = { 0 };
	enum program_id id = PROGRAM_OTHER;

	if (!j)
		return PROGRAM_OTHER;
	split_script(&t, a, w->v[j].s, w->v[j].at, w->v[j].path);
	for (i = 0; i < t.n && id == PROGRAM_OTHER; i++)
		if (t.v[i].starts)
			id = command_at(t.v, t.n, i, &first);
	for (k = first; id != PROGRAM_OTHER && k < t.n; k++) {
		size_t m;
		if (t.v[k].cmd != t.v[first - 1].cmd)
			break;
		if (t.v[k].redirect)
			continue;
		if (!t.v[k].dyn || !is_all_args(t.v[k].s)) {
			argv_add(&argv, &t.v[k]);
			continue;
		}
		for (m = j + 2; m < w->n; m++)
			argv_add(&argv, &w->v[m]);
	}
	if (id != PROGRAM_OTHER) {
		p->shell = true;
		set_argv(p, a, &argv);
	}
	free(t.v);
	free(argv.v);
	return id;
}

/* The program list words w run (hyper: w follows an implied hyperkube). */
/*
 * Init processes and env run the command after their own words: tini and
 * dumb-init after their flags (and "--"), env after its flags and the
 * VAR=value words.  How many words of w they take before it; 0 when
 * w->v[0] is none of them.
 */
static size_t wrapper_words(const struct words *w)
{
	static const char *const inits[] = {
		"tini", "tini-static", "dumb-init", "catatonit", NULL,
	};
	const char *b = basename_of(w->v[0].s);
	bool env = !strcmp(b, "env");
	size_t i;

	if (!env && !in_list(inits, b))
		return 0;
	for (i = 1; i < w->n; i++) {
		const char *s = w->v[i].s;

		if (!strcmp(s, "--"))
			return i + 1;
		if (*s != '-' && !(env && strchr(s, '=')))
			break;
	}
	return i;
}

static enum program_id from_list(const struct words *w, struct arena *a,
				 bool hyper, struct program *p)
{
	struct words argv = { 0 };
	enum program_id id;
	size_t first, i, skip;

	if (!w->n || w->v[0].dyn)
		return PROGRAM_OTHER;
	if (!hyper && (skip = wrapper_words(w)) && skip < w->n) {
		/* the rest of the words, as if they were the whole list */
		struct words rest = { w->v + skip, w->n - skip, 0 };

		return from_list(&rest, a, false, p);
	}
	if (hyper) {
		id = hyperkube_sub(w->v[0].s);
		first = 1;
	} else if (in_list(shells, basename_of(w->v[0].s))) {
		return from_shell(w, a, p);
	} else {
		id = command_at(w->v, w->n, 0, &first);
	}
	if (id == PROGRAM_OTHER)
		return id;
	for (i = first; i < w->n; i++)
		argv_add(&argv, &w->v[i]);
	set_argv(p, a, &argv);
	free(argv.v);
	return id;
}

/* args[0] names a program rather than giving the image's one a flag. */
static bool looks_like_program(const char *s)
{
	return s && *s && *s != '-' && !strchr(s, '=') && !dynamic(s) &&
	       !strpbrk(s, " \t\n");
}

enum program_id program_of(const struct node *ctr, const char *base,
			   struct arena *a, struct program *out)
{
	const struct node *cmd = node_get(ctr, "command");
	const struct node *args = node_get(ctr, "args");
	struct program p = { 0 };
	struct words w = { 0 };
	enum program_id img;
	bool hyper;

	img = image_program(node_get_str(ctr, "image"), &hyper);
	p.list = node_count(cmd) ? cmd : args;
	if (node_count(cmd)) {
		list_words(&w, a, cmd, base, "command");
		list_words(&w, a, args, base, "args");
		p.from = PROGRAM_FROM_COMMAND;
		p.id = from_list(&w, a, false, &p);
	} else if (looks_like_program(node_str(node_at(args, 0)))) {
		list_words(&w, a, args, base, "args");
		p.from = PROGRAM_FROM_ARGS;
		p.id = from_list(&w, a,
				 hyper && w.n &&
				     hyperkube_sub(w.v[0].s) != PROGRAM_OTHER,
				 &p);
	} else if (img != PROGRAM_OTHER) {
		list_words(&w, a, args, base, "args");
		p.from = PROGRAM_FROM_IMAGE;
		p.id = img;
		set_argv(&p, a, &w);
	}
	free(w.v);
	if (out) {
		if (p.id == PROGRAM_OTHER) {
			memset(&p, 0, sizeof(p));
		} else if (base) {
			p.list_path =
			    arena_printf(a, "%s.%s", base,
					 node_count(cmd) ? "command" : "args");
		}
		*out = p;
	}
	return p.id;
}

/* ---- a cheap look first -------------------------------------------------- */

static bool names_any(const char *s)
{
	size_t k;

	if (!s)
		return false;
	if (strstr(s, "hyperkube"))
		return true;
	for (k = PROGRAM_OTHER + 1; k < PROGRAM_COUNT; k++)
		if (strstr(s, names[k]))
			return true;
	return false;
}

bool program_mentioned(const struct node *ctr)
{
	static const char *const keys[] = { "command", "args" };
	size_t k, i;

	if (names_any(node_get_str(ctr, "image")))
		return true;
	for (k = 0; k < N(keys); k++) {
		const struct node *l = node_get(ctr, keys[k]);
		for (i = 0; i < node_count(l); i++)
			if (names_any(node_str(node_at(l, i))))
				return true;
	}
	return false;
}

bool program_in_pod(const struct node *spec, enum program_id id)
{
	const struct node *cs = node_get(spec, "containers");
	struct arena *a = arena_new_small();
	bool found = false;
	size_t i;

	for (i = 0; i < node_count(cs) && !found; i++) {
		enum program_id p = program_of(node_at(cs, i), NULL, a, NULL);

		found = id == PROGRAM_OTHER ? p != PROGRAM_OTHER : p == id;
	}
	arena_free(a);
	return found;
}
