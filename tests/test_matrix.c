/*
 * The matrix tables: the TSV files equal the reference facts, the tables
 * generated from them hold what the facts say, and every check in the
 * registry names techniques and ATT&CK IDs that exist.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks/registry.h"
#include "matrix.h"
#include "testutil.h"

/*
 * matrix/<ours> must equal ../shared/reference/<theirs>, byte for byte;
 * techniques.tsv is compared by its reference columns (see
 * same_techniques()).
 */
static const struct {
	const char *ours, *theirs;
} tsv_pairs[] = {
	{ .ours = "matrix/tactics.tsv", .theirs = "tactics.tsv" },
	{ .ours = "matrix/techniques.tsv", .theirs = "threat-matrix.tsv" },
	{ .ours = "matrix/mitigations.tsv", .theirs = "mitigations.tsv" },
	{ .ours = "matrix/attack-techniques.tsv",
	  .theirs = "attack-techniques.tsv" },
};

/* Next tab-separated cell of *p (up to a tab or newline); *p advances. */
static size_t cell(const char **p, const char **start)
{
	size_t n = strcspn(*p, "\t\n");

	*start = *p;
	*p += n + ((*p)[n] == '\t');
	return n;
}

/*
 * techniques.tsv is the reference's threat-matrix.tsv plus a last column
 * (reveal), with one documented decision: an uncertain observability
 * ("partial?") is settled without its "?" (docs/matrix.md).
 */
static void same_techniques(const char *ours, const char *theirs)
{
	size_t line = 1;

	while (*theirs && *ours) {
		int col;

		for (col = 1; col <= 7; col++) {
			const char *a, *b;
			size_t la = cell(&ours, &a), lb = cell(&theirs, &b);

			if (col == 5 && lb && b[lb - 1] == '?')
				lb--;
			ck_assert_msg(la == lb && !memcmp(a, b, la),
				      "techniques.tsv line %zu column %d "
				      "differs from the reference",
				      line, col);
		}
		ck_assert_msg(!*theirs || *theirs == '\n',
			      "reference line %zu has more columns", line);
		theirs += *theirs == '\n';
		ours += strcspn(ours, "\n");
		ours += *ours == '\n';
		line++;
	}
	ck_assert_msg(!*ours && !*theirs, "techniques.tsv has %s lines",
		      *ours ? "more" : "fewer");
}

START_TEST(test_tsv_equals_reference)
{
	char ref[512];
	char *a, *b;
	size_t la, lb;

	TU_NEED_SHARED(shared);
	snprintf(ref, sizeof(ref), "%s/reference/%s", shared,
		 tsv_pairs[_i].theirs);
	a = tu_read_file(tsv_pairs[_i].ours, &la);
	b = tu_read_file(ref, &lb);
	ck_assert_msg(a != NULL, "cannot read %s", tsv_pairs[_i].ours);
	ck_assert_msg(b != NULL, "cannot read %s", ref);
	if (!strcmp(tsv_pairs[_i].ours, "matrix/techniques.tsv"))
		same_techniques(a, b);
	else
		ck_assert_msg(la == lb && !memcmp(a, b, la),
			      "%s differs from %s", tsv_pairs[_i].ours, ref);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_counts)
{
	size_t i, n = 0;

	ck_assert_uint_eq(mx_ntactics, 10);
	ck_assert_uint_eq(mx_ntechniques, 40);
	ck_assert_uint_eq(mx_nmitigations, 35);
	ck_assert_uint_eq(mx_nattack, 57);
	for (i = 0; i < mx_nattack; i++)
		n += mx_attack[i].containers_platform;
	ck_assert_uint_eq(n, 48);
	ck_assert_str_eq(mx_tactics[0].id, "InitialAccess");
	ck_assert_str_eq(mx_tactics[9].attack_id, "TA0040");
}
END_TEST

START_TEST(test_techniques_consistent)
{
	size_t i, j;

	for (i = 0; i < mx_ntechniques; i++) {
		const struct mx_technique *t = &mx_techniques[i];
		const char *const *p;

		ck_assert_msg(!strncmp(t->id, "MS-TA9", 6), "bad id %s", t->id);
		ck_assert_ptr_eq(matrix_technique(t->id), t);
		for (j = i + 1; j < mx_ntechniques; j++)
			ck_assert_str_ne(t->id, mx_techniques[j].id);
		ck_assert_msg(t->tactics[0] != NULL, "%s has no tactic", t->id);
		for (p = t->tactics; *p; p++)
			ck_assert_msg(matrix_tactic(*p) != NULL,
				      "%s: unknown tactic %s", t->id, *p);
		for (p = t->attack_ids; *p; p++)
			ck_assert_msg(matrix_attack(*p) != NULL,
				      "%s: ATT&CK %s not in the table", t->id,
				      *p);
		for (p = t->mitigations; *p; p++)
			ck_assert_msg(matrix_mitigation(*p) != NULL,
				      "%s: unknown mitigation %s", t->id, *p);
	}
}
END_TEST

/* Split one TSV line in place; returns the number of cells. */
static size_t split_tabs(char *line, char **cells, size_t max)
{
	size_t n = 0;

	while (n < max) {
		cells[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* Does the comma list cell contain item? */
static bool cell_has(const char *cell, const char *item)
{
	size_t len = strlen(item);

	while (*cell) {
		size_t w = strcspn(cell, ",");

		if (w == len && !strncmp(cell, item, len))
			return true;
		cell += w + (cell[w] == ',');
	}
	return false;
}

static size_t cell_count(const char *cell)
{
	size_t n = *cell != '\0';

	for (; *cell; cell++)
		n += *cell == ',';
	return n;
}

/* Every row of the reference matrix is a technique with those facts. */
START_TEST(test_generated_matches_reference)
{
	char path[512], *buf, *line, *save = NULL;
	size_t rows = 0;

	TU_NEED_SHARED(shared);
	snprintf(path, sizeof(path), "%s/reference/threat-matrix.tsv", shared);
	buf = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(buf);
	line = strtok_r(buf, "\n", &save); /* header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *c[8];
		const struct mx_technique *t;
		const char *const *p;
		size_t n = split_tabs(line, c, 8), k = 0;

		ck_assert_uint_eq(n, 7);
		t = matrix_technique(c[0]);
		ck_assert_msg(t != NULL, "%s missing", c[0]);
		ck_assert_str_eq(t->name, c[2]);
		for (p = t->tactics; *p; p++, k++)
			ck_assert_msg(cell_has(c[1], matrix_tactic(*p)->name),
				      "%s: tactic %s not in reference", c[0],
				      *p);
		ck_assert_uint_eq(k, cell_count(c[1]));
		for (p = t->attack_ids; *p; p++)
			ck_assert(cell_has(c[3], *p));
		rows++;
	}
	ck_assert_uint_eq(rows, mx_ntechniques);
	free(buf);
}
END_TEST

/* The ATT&CK table's MS-technique column agrees with the techniques. */
START_TEST(test_attack_reverse_mapping)
{
	char *buf = tu_read_file("matrix/attack-techniques.tsv", NULL);
	char *line, *save = NULL;
	size_t mapped = 0;

	ck_assert_ptr_nonnull(buf);
	line = strtok_r(buf, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *c[6], *ms;
		size_t n = split_tabs(line, c, 6);

		ck_assert_uint_eq(n, 5);
		for (ms = c[4]; *ms;) {
			size_t w = strcspn(ms, ",");
			char id[16];
			const struct mx_technique *t;
			const char *const *p;
			bool found = false;

			ck_assert_uint_lt(w, sizeof(id));
			memcpy(id, ms, w);
			id[w] = '\0';
			t = matrix_technique(id);
			ck_assert_msg(t != NULL, "%s: unknown %s", c[0], id);
			for (p = t->attack_ids; *p; p++)
				found |= !strcmp(*p, c[0]);
			ck_assert_msg(found,
				      "%s lists %s, which does not map "
				      "to it",
				      c[0], id);
			mapped++;
			ms += w + (ms[w] == ',');
		}
	}
	ck_assert_uint_gt(mapped, 0);
	free(buf);
}
END_TEST

static bool is_kebab(const char *s)
{
	if (!islower((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) &&
		    !(*s == '-' && s[1] && s[1] != '-'))
			return false;
	return true;
}

static bool technique_maps(const struct check *c, const char *attack_id)
{
	const char *const *t, *const *a;

	for (t = c->techniques; t && *t; t++) {
		const struct mx_technique *q = matrix_technique(*t);

		for (a = q ? q->attack_ids : NULL; a && *a; a++)
			if (!strcmp(*a, attack_id))
				return true;
	}
	return false;
}

/* One iteration per registered check (none while the registry is empty). */
START_TEST(test_registry_entry)
{
	const struct check *c = check_registry[_i];
	const char *const *p;
	size_t j;

	ck_assert_ptr_nonnull(c);
	ck_assert_msg(is_kebab(c->id), "check id '%s' is not kebab-case",
		      c->id);
	ck_assert_ptr_eq(check_find(c->id), c);
	for (j = (size_t)_i + 1; check_registry[j]; j++)
		ck_assert_str_ne(c->id, check_registry[j]->id);
	ck_assert_msg(c->title && *c->title, "%s: no title", c->id);
	ck_assert_msg(c->severity >= SEV_LOW && c->severity <= SEV_CRITICAL,
		      "%s: bad severity", c->id);
	ck_assert_msg(c->run || c->pod || c->container,
		      "%s: no run, pod or container function", c->id);
	ck_assert_msg(c->rationale && *c->rationale, "%s: no rationale", c->id);
	ck_assert_msg(c->remediation && *c->remediation, "%s: no remediation",
		      c->id);
	ck_assert_msg(c->techniques && *c->techniques, "%s: no technique",
		      c->id);
	for (p = c->techniques; *p; p++)
		ck_assert_msg(matrix_technique(*p) != NULL,
			      "%s: unknown technique %s", c->id, *p);
	for (p = c->attack; p && *p; p++)
		ck_assert_msg(matrix_attack(*p) != NULL ||
				  technique_maps(c, *p),
			      "%s: unknown ATT&CK id %s", c->id, *p);
}
END_TEST

Suite *suite_matrix(void)
{
	Suite *s = suite_create("matrix");
	TCase *tc = tcase_create("matrix");

	tcase_add_loop_test(tc, test_tsv_equals_reference, 0,
			    sizeof(tsv_pairs) / sizeof(tsv_pairs[0]));
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_techniques_consistent);
	tcase_add_test(tc, test_generated_matches_reference);
	tcase_add_test(tc, test_attack_reverse_mapping);
	tcase_add_loop_test(tc, test_registry_entry, 0, (int)check_count());
	suite_add_tcase(s, tc);
	return s;
}
