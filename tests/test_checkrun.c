/*
 * What the check run keeps or defers gives what it stood for: the
 * ServiceAccount remembered across the checks of one view, fingerprints
 * made by the checks' threads before the sort, the count of evidence that
 * quotes a command line (the only evidence redacted), a redacted text
 * shared with another finding copied rather than changed, and the keys of
 * the exposure analysis built without formatting.
 */
#include <check.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "analysis/sa_token.h"
#include "arena.h"
#include "check.h"
#include "checks/registry.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "testutil.h"

/*
 * One ServiceAccount name in two namespaces, automounting off in one of
 * them only, and pods of both in turn: a memo that kept the name without
 * its namespace answers the second namespace with the first's account.
 */
static const char accounts[] =
    "apiVersion: v1\nkind: ServiceAccount\n"
    "metadata: {name: x, namespace: a}\n"
    "automountServiceAccountToken: false\n"
    "---\n"
    "apiVersion: v1\nkind: ServiceAccount\n"
    "metadata: {name: x, namespace: b}\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: a}\n"
    "spec: {serviceAccountName: x, containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p2, namespace: b}\n"
    "spec: {serviceAccountName: x, containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p3, namespace: a}\n"
    "spec: {serviceAccountName: x, containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p4, namespace: b}\n"
    "spec: {containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p5, namespace: a}\n"
    "spec:\n"
    "  serviceAccountName: x\n"
    "  automountServiceAccountToken: true\n"
    "  containers: [{name: c, image: i}]\n";

static atomic_uint probe_views, probe_wrong, probe_mounted;

static bool same_token(const struct sa_token *a, const struct sa_token *b)
{
	return !strcmp(a->ns, b->ns) && !strcmp(a->name, b->name) &&
	       a->sa_at == b->sa_at && a->sa_path == b->sa_path &&
	       (a->how == b->how ||
		(a->how && b->how && !strcmp(a->how, b->how)));
}

/* Asks each view as the checks of the walk do, against the direct answers. */
static void probe_pod(const struct scan *s, struct findings *out,
		      const struct pod_view *pv)
{
	static const char long_name[] =
	    "a-service-account-name-longer-than-what-the-memo-keeps-"
	    "a-service-account-name-longer-than-what-the-memo-keeps-"
	    "a-service-account-name-longer-than-what-the-memo-keeps-"
	    "a-service-account-name-longer-than-what-the-memo-keeps-"
	    "a-service-account-name-longer-than-what-the-memo-keeps";
	const char *ns = kobj_ns(pv->obj);
	struct sa_token direct, kept;
	bool d = sa_token_mounted(s->inv, pv, &direct);
	unsigned k;

	(void)out;
	atomic_fetch_add(&probe_views, 1);
	for (k = 0; k < 2; k++) { /* the second from the memo */
		if (scan_sa_token_mounted(s, pv, &kept) != d ||
		    !same_token(&direct, &kept))
			atomic_fetch_add(&probe_wrong, 1);
		if (scan_account(s, ns, "x") !=
		    inventory_find(s->inv, "ServiceAccount", ns, "x"))
			atomic_fetch_add(&probe_wrong, 1);
	}
	/* the last view only: a name the memo does not keep forgets it */
	for (k = 0; !strcmp(pv->obj->name, "p5") && k < 2; k++)
		if (scan_account(s, ns, long_name) !=
		    inventory_find(s->inv, "ServiceAccount", ns, long_name))
			atomic_fetch_add(&probe_wrong, 1);
	if (d)
		atomic_fetch_add(&probe_mounted, 1);
}

static const struct check probe = {
	.id = "probe",
	.title = "probe",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.pod = probe_pod,
};

static const struct check *const probe_table[] = { &probe, &probe, NULL };

START_TEST(test_checkrun_account_memo)
{
	unsigned threads;

	for (threads = 1; threads <= 2; threads++) {
		struct scan *s = tu_scan_text(accounts);
		struct findings f;
		struct check_result *r;
		size_t nr;

		atomic_store(&probe_views, 0);
		atomic_store(&probe_wrong, 0);
		atomic_store(&probe_mounted, 0);
		s->threads = threads;
		findings_init(&f, s->arena);
		ck_assert_int_eq(
		    scan_run(s, probe_table, NULL, NULL, &f, &r, &nr), 0);
		/* two probes, five views */
		ck_assert_uint_eq(atomic_load(&probe_views), 10);
		ck_assert_uint_eq(atomic_load(&probe_wrong), 0);
		/* p2, p4 (default, not in the input), p5 (the pod's true) */
		ck_assert_uint_eq(atomic_load(&probe_mounted), 6);
		free(r);
		findings_release(&f);
		scan_free(s);
	}
}
END_TEST

/*
 * Fingerprints made in pieces with a hasher, then only sorted: the order
 * and the fingerprints findings_finish_threads() gives.
 */
START_TEST(test_checkrun_fingerprints_before_sort)
{
	unsigned threads;

	for (threads = 1; threads <= 2; threads++) {
		struct arena *a = arena_new();
		struct findings whole, parts;
		struct finding_hasher *h = finding_hasher_new();
		size_t i, from;

		findings_init(&whole, a);
		findings_init(&parts, a);
		tu_findings_ties(&whole, 3000, 11, 3000);
		tu_findings_ties(&parts, 3000, 11, 3000);
		findings_finish_threads(&whole, threads);
		for (from = 0; from < parts.n; from += 37) {
			size_t n = parts.n;

			/* as if the first from + 37 were all there was */
			parts.n = from + 37 < n ? from + 37 : n;
			findings_fingerprint(&parts, from, h);
			parts.n = n;
		}
		findings_sort_threads(&parts, threads);
		ck_assert_uint_eq(whole.n, parts.n);
		for (i = 0; i < whole.n; i++) {
			ck_assert_str_eq(whole.v[i]->message,
					 parts.v[i]->message);
			ck_assert_str_eq(finding_fp(whole.v[i]),
					 finding_fp(parts.v[i]));
		}
		finding_hasher_free(h);
		findings_release(&whole);
		findings_release(&parts);
		arena_free(a);
	}
}
END_TEST

START_TEST(test_checkrun_quoting)
{
	struct arena *a = arena_new();
	struct findings f, g;
	struct finding *fd;

	findings_init(&f, a);
	findings_init(&g, a);
	fd = finding_add(&f, NULL, NULL, NULL, "m");
	finding_evidence(&f, fd, NULL, "spec.containers[0].args[2]", "x");
	finding_evidence(&f, fd, NULL, "spec.containers[0].image", "x");
	finding_evidence(&f, fd, NULL, "command[0]", "x");
	ck_assert_uint_eq(f.quoting, 2);
	fd = finding_add(&g, NULL, NULL, NULL, "m");
	finding_evidence(&g, fd, NULL, "spec.containers[1].args[0]", "x");
	findings_merge(&f, &g);
	ck_assert_uint_eq(f.quoting, 3);
	ck_assert_uint_eq(g.quoting, 0);
	ck_assert(finding_path_quotes_args("initContainers[0].command[1]"));
	ck_assert(!finding_path_quotes_args("spec.arguments"));
	ck_assert(!finding_path_quotes_args(NULL));
	findings_release(&g);
	findings_release(&f);
	ck_assert_uint_eq(f.quoting, 0);
	arena_free(a);
}
END_TEST

/* A password on a command line a check quotes is redacted in the scan. */
START_TEST(test_checkrun_redacted)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
	    "spec:\n  containers:\n  - name: c\n    image: mysql:8\n"
	    "    command: [sh, -c, sudo mysql -u root -p hunter2secret db]\n");
	struct findings f;
	struct check_result *r;
	size_t nr, i, k, quoted = 0;

	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, check_registry, NULL, NULL, &f, &r, &nr),
			 0);
	for (i = 0; i < f.n; i++)
		for (k = 0; k < f.v[i]->nev; k++) {
			const struct evidence *ev = &f.v[i]->ev[k];

			if (!ev->value)
				continue;
			ck_assert_ptr_null(strstr(ev->value, "hunter2secret"));
			quoted += strstr(ev->value, "-p ***") != NULL;
		}
	ck_assert_uint_gt(quoted, 0);
	free(r);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/*
 * A check that says one command line twice on the first object: quoted
 * from the container's args (redacted) and from an annotation (not), in
 * two findings whose texts are equal.  It keeps what it made, to be
 * compared after the scan.
 */
static const char shared_line[] = "sudo mysql -u root -p hunter2secret db";
static const struct finding *shared_fd[2];
static bool shared_one_copy;

static int shared_run(const struct scan *s, struct findings *out);

static const struct check shared = {
	.id = "shared",
	.title = "shared",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.run = shared_run,
};

static const struct check *const shared_table[] = { &shared, NULL };

static int shared_run(const struct scan *s, struct findings *out)
{
	const struct kobj *o = inventory_object(s->inv, 0);
	static const char *const path[2] = { "spec.containers[0].args[0]",
					     "metadata.annotations.run" };
	struct finding *fd[2];
	unsigned k;

	for (k = 0; k < 2; k++) {
		fd[k] = finding_add(out, &shared, o, "c", "runs %s", "mysql");
		finding_evidence(out, fd[k], NULL, path[k], "%s", shared_line);
		shared_fd[k] = fd[k];
	}
	shared_one_copy = fd[0]->message == fd[1]->message &&
			  fd[0]->container == fd[1]->container &&
			  fd[0]->ev[0].value == fd[1]->ev[0].value;
	return 0;
}

/*
 * Two findings share one copy of each text, and redacting the command
 * line one of them quotes gives that one a copy of its own: the other
 * still says what the object says, and so does the shared copy.
 */
START_TEST(test_checkrun_redact_shared)
{
	struct scan *s = tu_scan_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
	    "spec: {containers: [{name: c, image: i}]}\n");
	struct findings f;
	struct check_result *r;
	size_t nr;

	shared_one_copy = false;
	findings_init(&f, s->arena);
	ck_assert_int_eq(scan_run(s, shared_table, NULL, NULL, &f, &r, &nr), 0);
	ck_assert(shared_one_copy);
	ck_assert_uint_eq(f.n, 2);
	ck_assert_str_eq(shared_fd[0]->ev[0].value,
			 "sudo mysql -u root -p *** db");
	ck_assert_str_eq(shared_fd[1]->ev[0].value, shared_line);
	ck_assert_ptr_ne(shared_fd[0]->ev[0].value, shared_fd[1]->ev[0].value);
	/* the texts nobody changed are still one copy */
	ck_assert_ptr_eq(shared_fd[0]->message, shared_fd[1]->message);
	ck_assert_str_eq(shared_fd[1]->message, "runs mysql");
	free(r);
	findings_release(&f);
	scan_free(s);
}
END_TEST

/* The keys written by hand are fmt_snprintf()'s, cut where it cuts. */
START_TEST(test_checkrun_ns_name_key)
{
	char ns[40], name[40], want[48], got[48];
	size_t a, b, n;

	for (a = 0; a < 30; a += 3)
		for (b = 0; b < 30; b += 4) {
			memset(ns, 'n', a);
			ns[a] = '\0';
			memset(name, 'm', b);
			name[b] = '\0';
			for (n = 1; n <= sizeof(want); n++) {
				size_t len;

				memset(got, '?', sizeof(got));
				fmt_snprintf(want, n, "%s\x1f%s", ns, name);
				len = exposure_ns_name_key(got, n, ns, name);
				ck_assert_str_eq(got, want);
				ck_assert_uint_eq(len, strlen(want));
			}
		}
}
END_TEST

Suite *suite_checkrun(void)
{
	Suite *s = suite_create("checkrun");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_checkrun_account_memo);
	tcase_add_test(tc, test_checkrun_fingerprints_before_sort);
	tcase_add_test(tc, test_checkrun_quoting);
	tcase_add_test(tc, test_checkrun_redacted);
	tcase_add_test(tc, test_checkrun_redact_shared);
	tcase_add_test(tc, test_checkrun_ns_name_key);
	suite_add_tcase(s, tc);
	return s;
}
