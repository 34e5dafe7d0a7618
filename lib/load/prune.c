#include "load/prune.h"

#include <string.h>

static const struct prune_rule {
	const char *key;
	const char *kind; /* NULL: every kind */
	enum prune_at at;
	enum prune_action action;
} rules[] = {
	{ .at = PRUNE_AT_METADATA,
	  .key = "managedFields",
	  .action = PRUNE_DROP },
	{ .at = PRUNE_AT_ANNOTATIONS,
	  .key = "kubectl.kubernetes.io/last-applied-configuration",
	  .action = PRUNE_DROP },
	{ .at = PRUNE_AT_ROOT,
	  .key = "data",
	  .kind = "Secret",
	  .action = PRUNE_BLANK_VALUES },
	{ .at = PRUNE_AT_ROOT,
	  .key = "stringData",
	  .kind = "Secret",
	  .action = PRUNE_BLANK_VALUES },
};

static bool rule_is(const struct prune_rule *r, enum prune_at at,
		    const char *key, size_t len)
{
	return r->at == at && strlen(r->key) == len &&
	       !memcmp(r->key, key, len);
}

enum prune_action prune_member(enum prune_at at, const char *kind,
			       const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rule_is(&rules[i], at, key, len) &&
		    (!rules[i].kind || (kind && !strcmp(kind, rules[i].kind))))
			return rules[i].action;
	return PRUNE_KEEP;
}

bool prune_depends_on_kind(enum prune_at at, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rule_is(&rules[i], at, key, len) && rules[i].kind)
			return true;
	return false;
}

static const struct prune_read *declared;
static unsigned places; /* bit per place the declaration names */

/*
 * The declaration by place, for prune_keeps(), which runs for every key
 * at a pruned place: entries of place p are grouped[group_at[p]] up to
 * grouped[group_at[p + 1]], with their members' lengths.  A declaration
 * longer than GROUPED_MAX is searched whole.
 */
#define GROUPED_MAX 256
static const struct prune_read *grouped[GROUPED_MAX];
static size_t grouped_len[GROUPED_MAX];
static size_t group_at[PRUNE_PLACES + 1];
static bool is_grouped;

void prune_set_reads(const struct prune_read *reads)
{
	size_t fill[PRUNE_PLACES], n = 0, p;
	const struct prune_read *r;

	declared = reads;
	places = 0;
	memset(group_at, 0, sizeof(group_at));
	for (r = reads; r && r->member; r++, n++) {
		places |= 1u << r->place;
		group_at[r->place + 1]++;
	}
	is_grouped = reads && n <= GROUPED_MAX;
	if (!is_grouped)
		return;
	for (p = 0; p < PRUNE_PLACES; p++) {
		group_at[p + 1] += group_at[p];
		fill[p] = group_at[p];
	}
	for (r = reads; r->member; r++) {
		grouped_len[fill[r->place]] = strlen(r->member);
		grouped[fill[r->place]++] = r;
	}
}

bool prune_declares(enum prune_place place)
{
	return declared && (places >> place & 1);
}

const struct prune_read *prune_reads(void)
{
	return declared;
}

bool prune_keeps(enum prune_place place, const char *kind, const char *key,
		 size_t len)
{
	const struct prune_read *r;

	if (!declared)
		return true;
	if (is_grouped) {
		size_t i;

		for (i = group_at[place]; i < group_at[place + 1]; i++) {
			r = grouped[i];
			if (grouped_len[i] == len &&
			    !memcmp(r->member, key, len) &&
			    (!r->kind || !kind || !strcmp(kind, r->kind)))
				return true;
		}
		return false;
	}
	/* a few dozen entries: the first byte rules most of them out */
	for (r = declared; r->member; r++)
		if (len && r->member[0] == key[0] && r->place == place &&
		    strlen(r->member) == len && !memcmp(r->member, key, len) &&
		    (!r->kind || !kind || !strcmp(kind, r->kind)))
			return true;
	return false;
}

bool prune_names_kind(enum prune_place place, const char *kind)
{
	const struct prune_read *r;

	if (!declared || !kind || !prune_declares(place))
		return false;
	for (r = declared; r->member; r++)
		if (r->place == place && r->kind && !strcmp(kind, r->kind))
			return true;
	return false;
}

bool prune_keeps_status(const char *kind)
{
	return !declared || prune_names_kind(PRUNE_STATUS, kind);
}
