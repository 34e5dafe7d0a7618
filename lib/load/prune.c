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
	/* no rule's key is empty: the first byte rules most keys out */
	return r->at == at && len && r->key[0] == key[0] &&
	       strlen(r->key) == len && !memcmp(r->key, key, len);
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
 * The declaration by place and length, for prune_keeps(), which runs for
 * every key at a pruned place: entries of place p whose members are len
 * bytes long (LEN_ALL or longer: all of those) are grouped[at[b]] up to
 * grouped[at[b + 1]] for b = bucket(p, len), with their members' lengths,
 * so that a key is compared with members of its length only.  A
 * declaration longer than GROUPED_MAX is searched whole.
 */
#define GROUPED_MAX 256
#define LEN_ALL	    32
static const struct prune_read *grouped[GROUPED_MAX];
static size_t grouped_len[GROUPED_MAX];
static size_t at[PRUNE_PLACES * (LEN_ALL + 1) + 1];
static bool is_grouped;

static size_t bucket(enum prune_place place, size_t len)
{
	return (size_t)place * (LEN_ALL + 1) + (len < LEN_ALL ? len : LEN_ALL);
}

void prune_set_reads(const struct prune_read *reads)
{
	size_t fill[PRUNE_PLACES * (LEN_ALL + 1)];
	size_t n = 0, b;
	const struct prune_read *r;

	declared = reads;
	places = 0;
	memset(at, 0, sizeof(at));
	for (r = reads; r && r->member; r++, n++) {
		places |= 1u << r->place;
		at[bucket(r->place, strlen(r->member)) + 1]++;
	}
	is_grouped = reads && n <= GROUPED_MAX;
	if (!is_grouped)
		return;
	for (b = 0; b < PRUNE_PLACES * (LEN_ALL + 1); b++) {
		at[b + 1] += at[b];
		fill[b] = at[b];
	}
	for (r = reads; r->member; r++) {
		size_t len = strlen(r->member);

		b = bucket(r->place, len);
		grouped_len[fill[b]] = len;
		grouped[fill[b]++] = r;
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
		size_t b = bucket(place, len), i;

		for (i = at[b]; i < at[b + 1]; i++) {
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
