/*
 * unit.c - systemd units and environment files of the kubelet as objects.
 */
#include "load/unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "node.h"

#define UNIT_API "systemd.threatmap.dev/v1"

/* ---- detection ------------------------------------------------------------ */

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);

	return n >= l && !memcmp(s + n - l, suffix, l);
}

/* The next line of buf from *off: its start and length, no newline. */
static bool next_line(const char *buf, size_t len, size_t *off, const char **s,
		      size_t *n)
{
	const char *nl;

	if (*off >= len)
		return false;
	*s = buf + *off;
	nl = memchr(*s, '\n', len - *off);
	*n = nl ? (size_t)(nl - *s) : len - *off;
	*off += *n + (nl != NULL);
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

/* Length of the variable name at s (up to n), 0 when none. */
static size_t name_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && is_name_char(s[i], i == 0); i++)
		;
	return i;
}

/* "export " before an assignment in an environment file. */
static void skip_export(const char **s, size_t *n)
{
	if (*n > 7 && !memcmp(*s, "export", 6) &&
	    ((*s)[6] == ' ' || (*s)[6] == '\t')) {
		*s += 7;
		*n -= 7;
		trim(s, n);
	}
}

static enum unit_type by_content(const char *buf, size_t len)
{
	size_t off = 0, n, nl;
	const char *s;
	bool kubelet = false, any = false;

	while (next_line(buf, len, &off, &s, &n)) {
		trim(&s, &n);
		if (!n || *s == '#' || *s == ';')
			continue;
		if (!any && *s == '[')
			return (n == 6 && !memcmp(s, "[Unit]", 6)) ||
				       (n == 9 && !memcmp(s, "[Service]", 9)) ||
				       (n == 9 && !memcmp(s, "[Install]", 9))
				   ? UNIT_SYSTEMD
				   : UNIT_NONE;
		any = true;
		skip_export(&s, &n);
		nl = name_len(s, n);
		if (!nl || nl >= n || s[nl] != '=')
			return UNIT_NONE;
		if (nl > 8 && !memcmp(s, "KUBELET_", 8))
			kubelet = true;
		/* a continued line may hold anything: stop judging here */
		if (s[n - 1] == '\\')
			break;
	}
	return kubelet ? UNIT_ENV : UNIT_NONE;
}

enum unit_type unit_detect(const char *file, const char *buf, size_t len)
{
	const char *base, *dir = NULL;
	size_t bl, dl = 0;

	if (!file)
		file = "";
	base = strrchr(file, '/');
	if (base) {
		const char *d = base;
		while (d > file && d[-1] != '/')
			d--;
		dir = d;
		dl = (size_t)(base - d);
		base++;
	} else {
		base = file;
	}
	bl = strlen(base);
	if (ends_with(base, bl, ".service") ||
	    (ends_with(base, bl, ".conf") && dir &&
	     ends_with(dir, dl, ".service.d")))
		return UNIT_SYSTEMD;
	if (ends_with(base, bl, ".env") ||
	    (!strcmp(base, "kubelet") && dir &&
	     ((dl == 7 && !memcmp(dir, "default", 7)) ||
	      (dl == 9 && !memcmp(dir, "sysconfig", 9)))))
		return UNIT_ENV;
	return by_content(buf, len);
}

/* ---- parsing -------------------------------------------------------------- */

struct nodes {
	const struct node **v;
	size_t n, alloc;
};

static void nodes_add(struct nodes *l, const struct node *x)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->v = xrealloc_array(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = x;
}

static struct node *nodes_array(struct arena *a, const struct nodes *l,
				unsigned line)
{
	struct node *arr = node_new_array(a, line, 1, l->n);
	size_t i;

	for (i = 0; i < l->n; i++)
		node_push(arr, l->v[i]);
	return arr;
}

struct uctx {
	struct arena *a;
	const char *file;
	struct diag_list *errs;
	int bad;
};

static void error_at(struct uctx *u, unsigned line, unsigned col,
		     const char *msg)
{
	struct srcloc loc = { u->file, line, col };
	struct diag d;

	diag_set(&d, DIAG_PARSE, &loc, "%s", msg);
	diag_list_add(u->errs, &d);
	u->bad++;
}

/* A logical line: physical lines joined where one ends in a backslash. */
struct lline {
	char *s; /* in the arena, NUL-terminated, trimmed */
	size_t n;
	unsigned line, col; /* of its first character */
};

static bool next_logical(struct uctx *u, const char *buf, size_t len,
			 size_t *off, unsigned *lineno, struct lline *out)
{
	const char *s, *raw;
	size_t n;
	char *acc = NULL;
	size_t an = 0;

	while (next_line(buf, len, off, &s, &n)) {
		++*lineno;
		raw = s;
		trim(&s, &n);
		if (!acc && (!n || *s == '#' || *s == ';'))
			continue;
		if (!acc) {
			out->line = *lineno;
			out->col = (unsigned)(s - raw) + 1;
		}
		acc = realloc(acc, an + n + 2);
		if (!acc)
			oom();
		if (n && s[n - 1] == '\\') {
			memcpy(acc + an, s, n - 1);
			an += n - 1;
			acc[an++] = ' ';
			continue;
		}
		memcpy(acc + an, s, n);
		an += n;
		break;
	}
	if (!acc)
		return false;
	while (an && (acc[an - 1] == ' ' || acc[an - 1] == '\t'))
		an--;
	out->s = arena_strndup(u->a, acc, an);
	out->n = an;
	free(acc);
	return true;
}

/*
 * The next word of s from *i, as systemd splits a command line or an
 * Environment= value: white space separates, double and single quotes
 * group, a backslash takes the next character as it is.  NULL at the end,
 * or (with *bad set) at an unterminated quote.
 */
static char *next_word(struct arena *a, const char *s, size_t n, size_t *i,
		       size_t *start, bool *bad)
{
	char *w, q = 0;
	size_t o = 0;

	*bad = false;
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	if (*i >= n)
		return NULL;
	*start = *i;
	w = arena_alloc(a, n - *i + 1);
	for (; *i < n; (*i)++) {
		char c = s[*i];
		if (!q && (c == ' ' || c == '\t'))
			break;
		if (q && c == q) {
			q = 0;
		} else if (!q && (c == '"' || c == '\'')) {
			q = c;
		} else if (c == '\\' && q != '\'' && *i + 1 < n) {
			w[o++] = s[++*i];
		} else {
			w[o++] = c;
		}
	}
	w[o] = '\0';
	if (q)
		*bad = true;
	return w;
}

static struct node *str_node(struct arena *a, const char *s, unsigned line,
			     unsigned col)
{
	return node_new_str(a, NODE_STRING, s, strlen(s), line, col);
}

/* {name, value} at line:col. */
static struct node *assignment(struct arena *a, const char *name, size_t nl,
			       const char *value, unsigned line, unsigned col)
{
	struct node *o = node_new_object(a, line, col, 2);
	char *nm = arena_strndup(a, name, nl);

	node_add_str(a, o, "name", str_node(a, nm, line, col));
	node_add_str(a, o, "value",
		     str_node(a, value, line, col + (unsigned)nl + 1));
	return o;
}

/* The words of an Environment= value, each NAME=VALUE. */
static void environment(struct uctx *u, const struct lline *l, size_t vstart,
			struct nodes *env)
{
	size_t i = vstart, start;
	bool bad;
	char *w;

	while ((w = next_word(u->a, l->s, l->n, &i, &start, &bad))) {
		unsigned col = l->col + (unsigned)start;
		size_t nl = name_len(w, strlen(w));
		if (bad) {
			error_at(u, l->line, col,
				 "unterminated quote in Environment=");
			return;
		}
		if (!nl || w[nl] != '=') {
			error_at(u, l->line, col,
				 "expected NAME=VALUE in Environment=");
			continue;
		}
		nodes_add(env,
			  assignment(u->a, w, nl, w + nl + 1, l->line, col));
	}
}

static struct node *exec_start(struct uctx *u, const struct lline *l,
			       size_t vstart)
{
	struct nodes words = { 0 };
	struct node *arr;
	size_t i = vstart, start;
	bool bad;
	char *w;

	while ((w = next_word(u->a, l->s, l->n, &i, &start, &bad))) {
		if (bad) {
			error_at(u, l->line, l->col + (unsigned)start,
				 "unterminated quote in ExecStart=");
			break;
		}
		nodes_add(&words,
			  str_node(u->a, w, l->line, l->col + (unsigned)start));
	}
	arr = nodes_array(u->a, &words, l->line);
	free(words.v);
	return arr;
}

static struct node *new_object(struct uctx *u, const char *kind, size_t cap)
{
	struct node *root = node_new_object(u->a, 1, 1, cap);
	struct node *meta = node_new_object(u->a, 1, 1, 1);
	const char *base = strrchr(u->file, '/');

	base = base ? base + 1 : u->file;
	node_add_str(u->a, meta, "name", str_node(u->a, base, 1, 1));
	node_add_str(u->a, root, "apiVersion", str_node(u->a, UNIT_API, 1, 1));
	node_add_str(u->a, root, "kind", str_node(u->a, kind, 1, 1));
	node_add_str(u->a, root, "metadata", meta);
	return root;
}

static struct node *parse_unit(struct uctx *u, const char *buf, size_t len)
{
	struct nodes env = { 0 }, files = { 0 };
	struct node *root, *exec = NULL;
	struct lline l;
	size_t off = 0;
	unsigned lineno = 0;
	bool service = false, reset = false;

	while (next_logical(u, buf, len, &off, &lineno, &l)) {
		const char *eq;
		size_t kl, v;
		if (l.s[0] == '[') {
			if (l.s[l.n - 1] != ']')
				error_at(u, l.line, l.col,
					 "expected ']' closing the section "
					 "name");
			service = !strcmp(l.s, "[Service]");
			continue;
		}
		eq = strchr(l.s, '=');
		if (!eq) {
			error_at(u, l.line, l.col,
				 "expected KEY=VALUE or [Section]");
			continue;
		}
		kl = (size_t)(eq - l.s);
		while (kl && (l.s[kl - 1] == ' ' || l.s[kl - 1] == '\t'))
			kl--;
		for (v = (size_t)(eq - l.s) + 1;
		     v < l.n && (l.s[v] == ' ' || l.s[v] == '\t'); v++)
			;
		if (!service)
			continue;
		if (kl == 11 && !memcmp(l.s, "Environment", 11)) {
			environment(u, &l, v, &env);
		} else if (kl == 15 && !memcmp(l.s, "EnvironmentFile", 15)) {
			struct node *f, *o;
			bool opt = l.s[v] == '-';
			if (v + opt >= l.n) {
				env.n = 0; /* an empty assignment resets */
				files.n = 0;
				continue;
			}
			f = node_new_object(u->a, l.line, l.col, 2);
			node_add_str(u->a, f, "path",
				     str_node(u->a, l.s + v + opt, l.line,
					      l.col + (unsigned)(v + opt)));
			o = node_new(u->a, NODE_BOOL, l.line,
				     l.col + (unsigned)v);
			o->b = opt;
			node_add_str(u->a, f, "optional", o);
			nodes_add(&files, f);
		} else if (kl == 9 && !memcmp(l.s, "ExecStart", 9)) {
			if (v >= l.n) {
				exec = NULL;
				reset = true;
			} else {
				exec = exec_start(u, &l, v);
			}
		}
	}
	root = new_object(u, "SystemdUnit", 8);
	node_add_str(u->a, root, "environment", nodes_array(u->a, &env, 1));
	node_add_str(u->a, root, "environmentFiles",
		     nodes_array(u->a, &files, 1));
	if (exec)
		node_add_str(u->a, root, "execStart", exec);
	if (reset) {
		struct node *b = node_new(u->a, NODE_BOOL, 1, 1);
		b->b = true;
		node_add_str(u->a, root, "execStartReset", b);
	}
	free(env.v);
	free(files.v);
	return root;
}

/* The value of an environment file's assignment, unquoted. */
static bool env_value(struct uctx *u, const struct lline *l, size_t v,
		      char **out)
{
	const char *s = l->s + v;
	size_t n = l->n - v, i, o = 0;
	char *w = arena_alloc(u->a, n + 1), q = 0;

	if (n && (s[0] == '"' || s[0] == '\'')) {
		q = s[0];
		for (i = 1; i < n && s[i] != q; i++) {
			if (q == '"' && s[i] == '\\' && i + 1 < n)
				i++;
			w[o++] = s[i];
		}
		if (i >= n) {
			error_at(u, l->line, l->col + (unsigned)v,
				 "unterminated quote");
			return false;
		}
	} else {
		for (i = 0; i < n; i++) {
			if (s[i] == '\\' && i + 1 < n)
				i++;
			w[o++] = s[i];
		}
	}
	w[o] = '\0';
	*out = w;
	return true;
}

static struct node *parse_env(struct uctx *u, const char *buf, size_t len)
{
	struct nodes env = { 0 };
	struct node *root;
	struct lline l;
	size_t off = 0;
	unsigned lineno = 0;

	while (next_logical(u, buf, len, &off, &lineno, &l)) {
		const char *s = l.s;
		size_t n = l.n, nl, v;
		char *val;
		skip_export(&s, &n);
		nl = name_len(s, n);
		v = (size_t)(s - l.s) + nl;
		while (v < l.n && (l.s[v] == ' ' || l.s[v] == '\t'))
			v++;
		if (!nl || v >= l.n || l.s[v] != '=') {
			error_at(u, l.line, l.col, "expected NAME=VALUE");
			continue;
		}
		for (v++; v < l.n && (l.s[v] == ' ' || l.s[v] == '\t'); v++)
			;
		if (!env_value(u, &l, v, &val))
			continue;
		nodes_add(&env, assignment(u->a, s, nl, val, l.line,
					   l.col + (unsigned)(s - l.s)));
	}
	root = new_object(u, "EnvironmentFile", 4);
	node_add_str(u->a, root, "environment", nodes_array(u->a, &env, 1));
	free(env.v);
	return root;
}

int unit_load(struct arena *a, struct inventory *inv, const char *file,
	      enum unit_type t, const char *buf, size_t len,
	      struct diag_list *errs)
{
	struct uctx u = { a, file ? file : "<stdin>", errs, 0 };
	struct node *root;
	struct diag d;

	if (t == UNIT_NONE)
		return 0;
	root = t == UNIT_SYSTEMD ? parse_unit(&u, buf, len)
				 : parse_env(&u, buf, len);
	if (inventory_add(inv, u.file, root, &d)) {
		diag_list_add(errs, &d);
		return 0;
	}
	return 1;
}
