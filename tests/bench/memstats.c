/*
 * memstats.c - where the memory of a scan goes, by place in the objects.
 *
 * usage: memstats FILE   loads FILE as `threatmap scan -f FILE` does (with
 * the declaration of checks/fields.def); memstats --live KUBECONFIG lists
 * the cluster of KUBECONFIG's current context as a live scan does.  Then
 * it attributes every byte of the
 * kept trees to the place it sits in (per kind; metadata by member; spec
 * outside pod specs; pod spec members; container members; status) and to
 * what it is (node headers, text, item and member vectors, hash indexes).
 * Then it runs every check and says what the analyses, the findings and
 * their evidence added.  A measuring program, not a test: make memstats.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "diag.h"
#include "finding.h"
#include "inventory.h"
#include "kube/kube.h"
#include "kube/kubeconfig.h"
#include "load/load.h"
#include "load/prune.h"
#include "node.h"
#include "sbuf.h"
#include "scan.h"
#include "strmap.h"

struct acc {
	size_t nodes, strings, header, text, items, members, index;
};

struct stats {
	struct strmap places; /* label -> struct acc */
	struct strmap kinds;  /* kind -> struct acc */
	struct strmap texts;  /* string value -> count (as a pointer) */
	/* key sequences of objects: its members' keys, each after its length */
	struct strmap shapes;
	size_t objects, obj_members, obj_bytes, shape_keys;
	struct acc all, *kind;
	size_t str_nodes, str_bytes, uniq_nodes, uniq_bytes;
};

static size_t acc_total(const struct acc *a)
{
	return a->header + a->text + a->items + a->members + a->index;
}

/* The map keeps the key pointer: labels are copied once each. */
static struct acc *acc_of(struct strmap *m, const char *label)
{
	struct acc *a = strmap_get(m, label, strlen(label));

	if (!a) {
		a = xmalloc(sizeof(*a));
		memset(a, 0, sizeof(*a));
		strmap_put(m, xstrdup(label), strlen(label), a);
	}
	return a;
}

static void acc_add(struct acc *a, const struct node_bytes *b, bool str)
{
	a->nodes++;
	a->strings += str;
	a->header += b->header;
	a->text += b->text;
	a->items += b->items;
	a->members += b->members;
	a->index += b->index;
}

static double mib(size_t n);

/*
 * An object's key sequence counted (the loaders keep each once per arena:
 * node_new_object_keys()), its members and what they take added up.
 */
static void shape_add(struct stats *st, const struct node *n,
		      const struct node_bytes *b)
{
	struct sbuf sig = SBUF_INIT;
	size_t i, k = node_member_count(n);
	void **slot;

	for (i = 0; i < k; i++) {
		const char *key;
		const struct node *v;
		size_t len;

		node_member_at(n, i, &key, &v);
		len = node_key_len(key);
		if (sbuf_add(&sig, &len, sizeof(len)) ||
		    sbuf_add(&sig, key, len))
			oom();
	}
	if (strmap_get(&st->shapes, sig.buf, sig.len)) {
		sbuf_release(&sig);
	} else {
		size_t siglen;
		char *kept = sbuf_detach(&sig, &siglen);

		slot = strmap_slot(&st->shapes, kept, siglen);
		*slot = kept; /* the map's key, freed at the end */
		st->shape_keys += k;
	}
	st->objects++;
	st->obj_members += k;
	st->obj_bytes += b->members + b->index;
}

/*
 * What the objects' members take, against what they would take with a
 * key and a value each (16 bytes a member and an index, as
 * node_new_object() makes them); each key sequence once (a shape's
 * record: 8 bytes and its keys, apart from the index it carries).
 */
static void shapes_print(struct stats *st)
{
	size_t i;

	printf("objects %zu with %zu members in %zu key sequences (%zu keys, "
	       "%.2f MiB kept once each): members and indexes %.2f MiB, "
	       "%.2f MiB at 16 bytes a member\n",
	       st->objects, st->obj_members, st->shapes.n, st->shape_keys,
	       mib(st->shapes.n * 8 + st->shape_keys * sizeof(void *)),
	       mib(st->obj_bytes),
	       mib(st->obj_members * sizeof(struct node_member)));
	for (i = 0; i < st->shapes.cap; i++)
		if (st->shapes.slots[i].key)
			free(st->shapes.slots[i].val);
	strmap_release(&st->shapes);
}

/* One node (not its children) at place label. */
static void account(struct stats *st, const struct node *n, const char *label)
{
	struct node_bytes b;
	bool str = node_is(n, NODE_STRING) || node_is(n, NODE_NUMBER);

	node_bytes(n, &b);
	acc_add(acc_of(&st->places, label), &b, str);
	acc_add(st->kind, &b, str);
	acc_add(&st->all, &b, str);
	if (node_is(n, NODE_OBJECT) && node_member_count(n))
		shape_add(st, n, &b);
	if (str) {
		size_t len = node_str_len(n);
		void **slot = strmap_slot(&st->texts, node_text(n), len);
		size_t bytes = b.header + b.text;

		st->str_nodes++;
		st->str_bytes += bytes;
		if (!*slot) {
			st->uniq_nodes++;
			st->uniq_bytes += bytes;
		}
		*slot = (void *)((char *)*slot + 1);
	}
}

struct marks {
	const struct node *podspec, *tmeta;
};

static void walk_podspec(struct stats *st, const struct node *ps);

static void walk(struct stats *st, const struct node *n, const char *label,
		 const struct marks *mk)
{
	size_t i;

	account(st, n, label);
	for (i = 0; i < node_len(n); i++) {
		const struct node *c;
		const char *k;

		if (node_is(n, NODE_ARRAY))
			c = node_at(n, i);
		else if (!node_member_at(n, i, &k, &c))
			break;
		if (mk && c == mk->podspec)
			walk_podspec(st, c);
		else if (mk && c == mk->tmeta)
			walk(st, c, "template.metadata", NULL);
		else
			walk(st, c, label, mk);
	}
}

static bool is_clist(const char *k)
{
	return !strcmp(k, "containers") || !strcmp(k, "initContainers") ||
	       !strcmp(k, "ephemeralContainers");
}

static void walk_podspec(struct stats *st, const struct node *ps)
{
	char label[128];
	size_t i, j;

	account(st, ps, "podspec (object)");
	for (i = 0; i < node_member_count(ps); i++) {
		const struct node *v;
		const char *k;

		node_member_at(ps, i, &k, &v);
		if (is_clist(k) && node_is(v, NODE_ARRAY)) {
			account(st, v, "podspec.containers (array)");
			for (j = 0; j < node_count(v); j++) {
				const struct node *c = node_at(v, j);
				const struct node *cv;
				const char *ck;
				size_t m;

				account(st, c, "container (object)");
				for (m = 0; node_member_at(c, m, &ck, &cv);
				     m++) {
					snprintf(label, sizeof(label),
						 "container.%s", ck);
					walk(st, cv, label, NULL);
				}
			}
			continue;
		}
		snprintf(label, sizeof(label), "podspec.%s", k);
		walk(st, v, label, NULL);
	}
}

/* Where the pod spec and the pod template's metadata of o sit. */
static void find_marks(const struct kobj *o, struct marks *mk)
{
	const char *base = NULL;
	char path[96];

	memset(mk, 0, sizeof(*mk));
	if (!strcmp(o->kind, "Pod")) {
		mk->podspec = node_get(o->root, "spec");
		return;
	}
	if (!strcmp(o->kind, "PodTemplate"))
		base = "template";
	else if (!strcmp(o->kind, "CronJob"))
		base = "spec.jobTemplate.spec.template";
	else if (kobj_is_workload(o))
		base = "spec.template";
	if (!base)
		return;
	snprintf(path, sizeof(path), "%s.spec", base);
	mk->podspec = node_path(o->root, path);
	snprintf(path, sizeof(path), "%s.metadata", base);
	mk->tmeta = node_path(o->root, path);
}

static void walk_object(struct stats *st, const struct kobj *o)
{
	const struct node *root = o->root;
	struct marks mk;
	char label[128];
	size_t i;

	st->kind = acc_of(&st->kinds, o->kind);
	find_marks(o, &mk);
	account(st, root, "root (object)");
	for (i = 0; i < node_member_count(root); i++) {
		const struct node *v, *mv;
		const char *k, *mkey;
		size_t m;

		node_member_at(root, i, &k, &v);
		if (!strcmp(k, "metadata") && node_is(v, NODE_OBJECT)) {
			account(st, v, "metadata (object)");
			for (m = 0; node_member_at(v, m, &mkey, &mv); m++) {
				snprintf(label, sizeof(label), "metadata.%s",
					 mkey);
				walk(st, mv, label, NULL);
			}
		} else if (!strcmp(k, "status")) {
			walk(st, v, "status", NULL);
		} else if (v == mk.podspec) {
			walk_podspec(st, v);
		} else if ((mk.podspec || mk.tmeta) &&
			   (!strcmp(k, "spec") || !strcmp(k, "template"))) {
			walk(st, v, "workload spec outside pod spec", &mk);
		} else if (!strcmp(k, "spec")) {
			walk(st, v, "spec of other kinds", NULL);
		} else {
			snprintf(label, sizeof(label), "root.%s", k);
			walk(st, v, label, NULL);
		}
	}
}

static double mib(size_t n)
{
	return n / (1024.0 * 1024.0);
}

struct row {
	const char *label;
	const struct acc *a;
};

static int by_total(const void *x, const void *y)
{
	size_t a = acc_total(((const struct row *)x)->a);
	size_t b = acc_total(((const struct row *)y)->a);

	return a < b   ? 1
	       : a > b ? -1
		       : strcmp(((const struct row *)x)->label,
				((const struct row *)y)->label);
}

static void print_table(const char *title, const struct strmap *m,
			size_t min_bytes, size_t whole)
{
	struct row *rows = xrealloc_array(NULL, m->n + 1, sizeof(*rows));
	size_t n = 0, i = 0, rest = 0, restn = 0, kl;
	const char *k;
	void *v;

	while (strmap_next(m, &i, &k, &kl, &v)) {
		rows[n].label = k;
		rows[n++].a = v;
	}
	qsort(rows, n, sizeof(*rows), by_total);
	printf("\n%-34s %9s %8s %7s %7s %7s %7s %7s %6s\n", title, "MiB",
	       "nodes", "hdr", "text", "items", "membrs", "index", "share");
	for (i = 0; i < n; i++) {
		const struct acc *a = rows[i].a;

		if (acc_total(a) < min_bytes) {
			rest += acc_total(a);
			restn += a->nodes;
			continue;
		}
		printf("%-34.34s %9.2f %8zu %7.2f %7.2f %7.2f %7.2f %7.2f "
		       "%5.1f%%\n",
		       rows[i].label, mib(acc_total(a)), a->nodes,
		       mib(a->header), mib(a->text), mib(a->items),
		       mib(a->members), mib(a->index),
		       100.0 * acc_total(a) / whole);
	}
	if (rest)
		printf("%-34s %9.2f %8zu %47s %5.1f%%\n", "(the rest)",
		       mib(rest), restn, "", 100.0 * rest / whole);
	free(rows);
}

/* Peak and current resident size of the process, in KiB. */
static void rss(size_t *hwm, size_t *now)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	*hwm = *now = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "VmHWM:", 6))
			*hwm = strtoul(line + 6, NULL, 10);
		if (!strncmp(line, "VmRSS:", 6))
			*now = strtoul(line + 6, NULL, 10);
	}
	fclose(f);
}

static void stage(const char *what, const struct scan *s)
{
	struct mallinfo2 mi = mallinfo2();
	size_t hwm, now;

	rss(&hwm, &now);
	/* uordblks leaves out blocks malloc took with mmap (large tables) */
	printf("%-26s arena %8.2f MiB  malloc in use %8.2f MiB (of which "
	       "mmap %6.2f)  free %6.2f MiB  rss %8.2f MiB  peak %8.2f MiB\n",
	       what, mib(arena_used(s->arena)), mib(mi.uordblks + mi.hblkhd),
	       mib(mi.hblkhd), mib(mi.fordblks), now / 1024.0, hwm / 1024.0);
}

static void free_accs(struct strmap *m)
{
	size_t i = 0, kl;
	const char *k;
	void *v;

	while (strmap_next(m, &i, &k, &kl, &v)) {
		free(v);
		free((char *)k);
	}
	strmap_release(m);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const char *const *)a;
	uintptr_t y = (uintptr_t) * (const char *const *)b;

	return x < y ? -1 : x > y;
}

struct texts {
	const char **v;
	size_t n, alloc, bytes; /* bytes: as if each were its own copy */
};

static void text_add(struct texts *t, const char *s)
{
	if (!s)
		return;
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 1024;
		t->v = xrealloc_array(t->v, t->alloc, sizeof(*t->v));
	}
	t->v[t->n++] = s;
	t->bytes += strlen(s) + 1;
}

/* Bytes of the distinct texts (a text kept once counts once). */
static size_t text_kept(struct texts *t)
{
	size_t i, kept = 0;

	qsort(t->v, t->n, sizeof(*t->v), cmp_ptr);
	for (i = 0; i < t->n; i++)
		if (!i || t->v[i] != t->v[i - 1])
			kept += strlen(t->v[i]) + 1;
	return kept;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Bytes of the distinct texts by what they say: what they would take if
 * every text of the scan were kept once.  Also the number of copies.
 */
static size_t text_distinct(struct texts *t, size_t *copies, size_t *ndist)
{
	size_t i, bytes = 0;

	*copies = *ndist = 0;
	qsort(t->v, t->n, sizeof(*t->v), cmp_str);
	for (i = 0; i < t->n; i++) {
		if (i && t->v[i] == t->v[i - 1])
			continue;
		(*copies)++;
		if (!i || strcmp(t->v[i], t->v[i - 1])) {
			bytes += strlen(t->v[i]) + 1;
			(*ndist)++;
		}
	}
	return bytes;
}

static void findings_bytes(const struct findings *out)
{
	struct texts t = { 0 };
	size_t i, k, ev = 0, hops = 0, kept, distinct, copies, ndist;

	for (i = 0; i < out->n; i++) {
		const struct finding *f = out->v[i];

		text_add(&t, f->message);
		text_add(&t, f->container);
		ev += f->nev;
		hops += f->nhops;
		for (k = 0; k < f->nev; k++) {
			text_add(&t, f->ev[k].path);
			text_add(&t, f->ev[k].value);
		}
		for (k = 0; k < f->nhops; k++) {
			text_add(&t, f->hops[k].label);
			text_add(&t, f->hops[k].path);
			text_add(&t, f->hops[k].value);
		}
	}
	kept = text_kept(&t);
	distinct = text_distinct(&t, &copies, &ndist);
	printf("findings %zu (%.2f MiB of structs), evidence %zu (%.2f MiB), "
	       "hops %zu (%.2f MiB), their text %.2f MiB (%.2f MiB kept, "
	       "each text once), pointer vector %.2f MiB\n",
	       out->n, mib(out->n * sizeof(struct finding)), ev,
	       mib(ev * sizeof(struct evidence)), hops,
	       mib(hops * sizeof(struct hop)), mib(t.bytes), mib(kept),
	       mib(out->alloc * sizeof(*out->v)));
	printf("texts %zu, kept in %zu copies of %zu distinct texts (%.2f "
	       "MiB if each were kept once)\n",
	       t.n, copies, ndist, mib(distinct));
	free(t.v);
}

/* The cluster of kubeconfig kc into s, as a live scan reads it. */
static void load_live(struct scan *s, const char *kc)
{
	struct kubeconfig_opts ko = { .kubeconfig = kc };
	struct kube_target t;
	struct kube_opts o = { .target = &t };
	struct kube_report rep;
	struct diag d;

	if (kube_global_init() || kubeconfig_load(s->arena, &ko, &t, &d) ||
	    kube_collect(s->arena, s->inv, &o, &rep, &s->errors, &d)) {
		fprintf(stderr, "memstats: %s\n", d.msg);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct stats st;
	struct scan *s;
	struct findings out;
	struct check_result *res = NULL;
	size_t i, nres = 0, tree, nobj, loaded;

	bool live = argc == 3 && !strcmp(argv[1], "--live");

	if (argc != 2 && !live) {
		fprintf(stderr, "usage: memstats FILE | --live KUBECONFIG\n");
		return 2;
	}
	memset(&st, 0, sizeof(st));
	s = scan_new();
	s->threads = 1;
	stage("start", s);
	prune_set_reads(check_reads);
	if (live)
		load_live(s, argv[2]);
	else
		load_path(s->arena, s->inv, argv[1], true, NULL, &s->errors);
	stage("loaded", s);
	loaded = arena_used(s->arena);
	/* the trees the checks read: the inventory has dropped what only
	 * resolving owners needed (inventory_transient()) */
	scan_finish_input(s);
	stage("indexes, analyses built", s);
	nobj = inventory_size(s->inv);
	for (i = 0; i < nobj; i++)
		walk_object(&st, inventory_object(s->inv, i));
	tree = acc_total(&st.all);
	printf("\n%zu objects, %zu errors; trees %.2f MiB in %zu nodes "
	       "(headers %.2f, text %.2f, items %.2f, members %.2f, "
	       "indexes %.2f); the arena's other %.2f MiB after loading: "
	       "keys, struct kobj (%.2f), padding\n",
	       nobj, s->errors.n, mib(tree), st.all.nodes, mib(st.all.header),
	       mib(st.all.text), mib(st.all.items), mib(st.all.members),
	       mib(st.all.index), mib(loaded > tree ? loaded - tree : 0),
	       mib(nobj * sizeof(struct kobj)));
	printf("string and number nodes %zu, %.2f MiB; distinct values %zu, "
	       "%.2f MiB if each were kept once\n",
	       st.str_nodes, mib(st.str_bytes), st.uniq_nodes,
	       mib(st.uniq_bytes));
	shapes_print(&st);
	print_table("by kind", &st.kinds, 0, tree);
	print_table("by place", &st.places, tree / 500, tree);
	printf("\n");
	findings_init(&out, s->arena);
	scan_run(s, check_registry, NULL, NULL, &out, &res, &nres);
	stage("checks run", s);
	findings_bytes(&out);
	free(res);
	findings_release(&out);
	scan_free(s);
	free_accs(&st.places);
	free_accs(&st.kinds);
	strmap_release(&st.texts);
	return 0;
}
