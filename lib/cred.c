#include "cred.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "sbuf.h"
#include "load/load.h"
#include "node.h"
#include "strmap.h"

/*
 * Credential formats.  Each pattern names a format precise enough that a
 * match is a credential whatever the key is called; capture group 1, when
 * the pattern has one, is the secret part, which must not be a
 * placeholder ("postgres://app:${DB_PASSWORD}@db" is not a leak).
 */
struct cred_format {
	const char *name;
	const char *re;
};

static const struct cred_format formats[] = {
	/* any run of three dashes or more: a mangled armour keeps the key */
	{ "private key (PEM)",
	  "-{3,}BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-{3,}" },
	{ "AWS access key ID",
	  "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])" },
	{ "Google service-account key",
	  "\"type\"\\s*:\\s*\"service_account\"" },
	{ "Google API key", "(?<![\\w-])AIza[0-9A-Za-z_-]{35}(?![\\w-])" },
	{ "Azure storage account key",
	  "(?i)AccountKey=([A-Za-z0-9+/]{40,}={0,2})" },
	{ "Azure shared access signature",
	  "[?&]sv=\\d{4}-\\d\\d-\\d\\d&.*\\bsig=([A-Za-z0-9%+/=]{20,})" },
	{ "Azure AD client secret",
	  "(?<![\\w~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}"
	  "(?![\\w~.-])" },
	{ "GitHub token",
	  "(?<!\\w)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{"
	  "22,255})" },
	{ "GitLab token", "(?<!\\w)glpat-[A-Za-z0-9_-]{20,}" },
	{ "Slack token", "(?<!\\w)xox[abposr]-[A-Za-z0-9-]{10,}" },
	{ "Slack webhook URL",
	  "https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/"
	  "[A-Za-z0-9]{16,}" },
	{ "Stripe live key", "(?<!\\w)[rs]k_live_[0-9A-Za-z]{20,}" },
	{ "SendGrid API key",
	  "(?<!\\w)SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,50}" },
	{ "npm token", "(?<!\\w)npm_[A-Za-z0-9]{36}(?!\\w)" },
	{ "JSON Web Token",
	  "(?<![\\w-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\."
	  "[A-Za-z0-9_-]{16,}" },
	/*
	 * An Authorization header's value.  Bearer, then a token with a
	 * digit in it ("Bearer token-from-the-login-flow" is prose, "Bearer
	 * $TOKEN" a reference); Basic, then base64 of user:password (whole
	 * groups of four, with a digit, +, /, = or a capital past the first
	 * character, which words such as "Basic Settings" do not have).
	 */
	{ "HTTP authorization header",
	  "(?<![\\w-])(?:[Bb]earer|BEARER)[ \\t]+"
	  "((?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{12,}={0,2})"
	  "(?![\\w.~+/=-])" },
	{ "HTTP authorization header",
	  "(?<![\\w-])(?:[Bb]asic|BASIC)[ \\t]+"
	  "((?=[A-Za-z0-9+/][A-Za-z0-9+/]*[0-9+/A-Z=])(?:[A-Za-z0-9+/]{4}){3,}"
	  "(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)(?![\\w+/=-])" },
	{ "registry credentials (docker config)",
	  "\"auth\"\\s*:\\s*\"([A-Za-z0-9+/]{8,}={0,2})\"" },
	{ "connection string with password",
	  "(?<![\\w+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://[^/\\s:@\"']{0,128}:"
	  "([^/\\s@\"']{1,256})@" },
	{ "connection string with password",
	  "(?i)(?:^|;)\\s*(?:password|pwd)\\s*=\\s*([^;\\s\"']{1,256})" },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/*
 * Key names that announce a secret.  Matched case-insensitively on the
 * whole key; camelCase, snake_case, kebab-case and dotted names all work
 * because the words may sit anywhere.  Keys that only name or locate a
 * secret (SECRET_NAME, TOKEN_FILE, password-min-length) are excluded by
 * the second pattern, which looks at the last word.  The Azure SDKs and
 * tools name account keys AZURE_<SERVICE>_KEY (AZURE_STORAGE_KEY,
 * AZURE_BATCH_KEY); OCI_CLI_KEY_CONTENT holds the OCI CLI's signing key.
 */
static const char key_secret_re[] =
    "(?i)(?:passw(?:or)?d|passphrase|(?<![a-z])pwd(?![a-z])|secret|token(?!i["
    "sz])|"
    "api[_.-]?key|private[_.-]?key|secret[_.-]?key|"
    "auth[_.-]?key|session[_.-]?key|signing[_.-]?key|encryption[_.-]?key|"
    "master[_.-]?key|credential|conn(?:ection)?[_.-]?str(?:ing)?|"
    "(?<![a-z])dsn(?![a-z])|^azure.*key$|key[_.-]?content)";

static const char key_not_value_re[] =
    "(?:^|[_.-]|(?<=[a-z])(?=[A-Z]))(?i:file|files|path|dir|directory|name|"
    "names|namespace|ns|ref|"
    "url|uri|endpoint|host|ttl|expiry|expires|expiration|lifetime|length|"
    "len|timeout|type|enabled|enable|disabled|required|mode|policy|header|"
    "field|id|version|format|rotation|period|interval|audience|issuer|"
    "provider|store|location|mount|hash|rounds|min|max|count|size|prefix|"
    "suffix|kind|key[_.-]?id|ttl[_.-]?seconds|secs|seconds|duration|"
    "strategy|source|method|scope|scopes|class|selector|label)$";

struct cred {
	pcre2_code *fmt[NFORMATS];
	pcre2_code *key_secret;
	pcre2_code *key_not_value;
};

/* ---- PCRE2 boundary ---------------------------------------------------- */

static pcre2_code *compile(const char *re, struct diag *d)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off = 0;
	int err = 0;
	pcre2_code *code;

	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
			     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off,
			     NULL);
	if (!code) {
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			fmt_snprintf((char *)msg, sizeof(msg), "error %d", err);
		diag_set(d, DIAG_INTERNAL, NULL,
			 "credential pattern '%s': %s at offset %zu", re,
			 (const char *)msg, (size_t)off);
		return NULL;
	}
	/*
	 * No JIT: the patterns are short and the values small, and code
	 * generated at run time cannot be checked by valgrind.
	 */
	return code;
}

/*
 * Match re against s (n bytes); true on a match, with the span of group 1
 * (or of the whole match when the pattern has no group) in *g, *gl.
 */
static bool re_find(const pcre2_code *re, pcre2_match_data *md, const char *s,
		    size_t n, const char **g, size_t *gl)
{
	PCRE2_SIZE *ov;
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	if (rc < 0)
		return false;
	ov = pcre2_get_ovector_pointer(md);
	if (rc >= 2 && ov[2] != PCRE2_UNSET) {
		*g = s + ov[2];
		*gl = ov[3] - ov[2];
	} else {
		*g = s + ov[0];
		*gl = ov[1] - ov[0];
	}
	return true;
}

static pcre2_match_data *md_new(void)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);

	if (!md)
		oom();
	return md;
}

struct cred *cred_new(struct diag *d)
{
	struct cred *c = xmalloc(sizeof(*c));
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NFORMATS; i++)
		if (!(c->fmt[i] = compile(formats[i].re, d)))
			goto out_free;
	if (!(c->key_secret = compile(key_secret_re, d)) ||
	    !(c->key_not_value = compile(key_not_value_re, d)))
		goto out_free;
	return c;
out_free:
	cred_free(c);
	return NULL;
}

void cred_free(struct cred *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < NFORMATS; i++)
		pcre2_code_free(c->fmt[i]);
	pcre2_code_free(c->key_secret);
	pcre2_code_free(c->key_not_value);
	free(c);
}

/* ---- values ------------------------------------------------------------ */

double cred_entropy(const char *s, size_t len)
{
	size_t freq[256] = { 0 }, i;
	double h = 0;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		freq[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double p;
		if (!freq[i])
			continue;
		p = (double)freq[i] / (double)len;
		h -= p * log2(p);
	}
	return h;
}

static const char *const placeholder_words[] = {
	"true",	      "false",	    "yes",	   "no",
	"on",	      "off",	    "null",	   "nil",
	"none",	      "n/a",	    "na",	   "undefined",
	"changeme",   "change-me",  "change_me",   "replaceme",
	"replace-me", "replace_me", "placeholder", "redacted",
	"todo",	      "tbd",	    "example",	   "dummy",
	"your-token", "your_token", "yourtoken",   "your-password",
	"enabled",    "disabled",   "required",	   "optional",
	"auto",	      "default",
};

static const char *const reference_prefixes[] = {
	"vault:",	 "ref+",	 "arn:aws:secretsmanager:",
	"arn:aws:ssm:",	 "arn:aws:kms:", "@microsoft.keyvault(",
	"azurekeyvault", "sm://",	 "gcp:secretmanager:",
	"projects/",	 "secretref:",	 "file://",
	"env:",		 "https://",	 "http://",
};

static bool all_same(const char *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] != v[0])
			return false;
	return n > 0;
}

/* ${X}, $(X), {{ x }}, <x>, %(x)s, #{x}, @x@: a template, not a value. */
static bool is_template(const char *v, size_t n)
{
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>')
		return true;
	if (n >= 3 && v[0] == '$' && (v[1] == '{' || v[1] == '('))
		return true;
	if (n >= 4 && v[0] == '{' && v[1] == '{')
		return true;
	if (n >= 3 && v[0] == '#' && v[1] == '{')
		return true;
	if (n >= 3 && v[0] == '@' && v[n - 1] == '@')
		return true;
	if (n >= 3 && v[0] == '%' && v[1] == '(')
		return true;
	if (n >= 2 && v[0] == '$' &&
	    (isupper((unsigned char)v[1]) || v[1] == '_'))
		return true; /* $DB_PASSWORD */
	return false;
}

/*
 * scheme://...: a location.  One with a password in it is a connection
 * string, which the formats find before any name is asked.
 */
static bool is_url(const char *v, size_t n)
{
	size_t i = 1;

	if (!n || !isalpha((unsigned char)v[0]))
		return false;
	while (i < n && i <= 20 &&
	       (isalnum((unsigned char)v[i]) || strchr("+.-", v[i])))
		i++;
	return n - i > 3 && !strncmp(v + i, "://", 3);
}

/*
 * A relative path to a file: "../pw", "~/pw", or names joined by slashes
 * whose last one ends in an extension files of keys and settings carry
 * ("secrets/db-password.txt", "certs/tls.key").  A password may hold a
 * slash ("Tr0ub4dor/3xq"), so a bare "conf/smtp" still counts as a value.
 */
static bool is_relative_file(const char *v, size_t n)
{
	static const char *const exts[] = {
		"txt",	    "pem",  "key",	  "crt",    "cert",  "cer",
		"der",	    "json", "yaml",	  "yml",    "conf",  "cfg",
		"ini",	    "env",  "properties", "p12",    "pfx",   "jks",
		"keystore", "pass", "passwd",	  "secret", "token", "asc",
		"gpg",	    "toml", "xml",
	};
	size_t i, slashes = 0, dot = 0, seg = 0;

	if ((n > 3 && !strncmp(v, "../", 3)) || (n > 2 && !strncmp(v, "~/", 2)))
		return true;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch == '/') {
			if (!seg)
				return false; /* "a//b" or a trailing slash */
			slashes++;
			seg = 0;
			dot = 0;
			continue;
		}
		if (!isalnum(ch) && !strchr("._-", ch))
			return false;
		seg++;
		if (ch == '.')
			dot = i + 1;
	}
	if (!slashes || !seg || !dot || dot == n)
		return false;
	for (i = 0; i < sizeof(exts) / sizeof(*exts); i++)
		if (strlen(exts[i]) == n - dot &&
		    !strncasecmp(v + dot, exts[i], n - dot))
			return true;
	return false;
}

bool cred_is_placeholder(const char *v, size_t n)
{
	size_t i, digits = 0;

	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
		v++, n -= 2;
	if (n < 4 || is_template(v, n) || all_same(v, n))
		return true;
	if (v[0] == '/' || (n > 2 && v[0] == '.' && v[1] == '/') ||
	    is_relative_file(v, n))
		return true; /* a path */
	if (is_url(v, n))
		return true;
	for (i = 0; i < n; i++)
		digits += isdigit((unsigned char)v[i]) != 0;
	if (digits == n)
		return true;
	for (i = 0; i < sizeof(placeholder_words) / sizeof(*placeholder_words);
	     i++)
		if (strlen(placeholder_words[i]) == n &&
		    !strncasecmp(v, placeholder_words[i], n))
			return true;
	for (i = 0;
	     i < sizeof(reference_prefixes) / sizeof(*reference_prefixes); i++)
		if (n >= strlen(reference_prefixes[i]) &&
		    !strncasecmp(v, reference_prefixes[i],
				 strlen(reference_prefixes[i])))
			return true;
	return false;
}

/*
 * Random-looking: long enough, high entropy, and either hex or a mix of at
 * least three character classes.  Paths, words and sentences fail.
 */
static bool looks_random(const char *v, size_t n)
{
	bool up = false, lo = false, dig = false, sym = false, hex = true;
	size_t i;

	if (n < 16 || n > 4096 || cred_entropy(v, n) < 3.5)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (isspace(ch))
			return false;
		up |= isupper(ch) != 0;
		lo |= islower(ch) != 0;
		dig |= isdigit(ch) != 0;
		sym |= !isalnum(ch);
		hex &= isxdigit(ch) != 0;
	}
	if (hex && n >= 32)
		return true;
	return up + lo + dig + sym >= 3;
}

void cred_mask(const char *v, size_t n, char *out, size_t outn)
{
	static const char *const cls[] = { "under 8", "8-15", "16-31", "32-63",
					   "64 or more" };
	size_t show = n >= 16 ? 4 : n >= 6 ? 2 : 0, c, i;
	char pre[8];

	c = n < 8 ? 0 : n < 16 ? 1 : n < 32 ? 2 : n < 64 ? 3 : 4;
	for (i = 0; i < show; i++)
		pre[i] =
		    isprint((unsigned char)v[i]) && v[i] != '"' && v[i] != '\\'
			? v[i]
			: '?';
	pre[show] = '\0';
	fmt_snprintf(out, outn, "%s... (%s chars)", pre, cls[c]);
}

/* ---- keys -------------------------------------------------------------- */

/*
 * Whether key_secret_re might match key: every alternative of it holds
 * one of these words, and an ASCII key holds them in ASCII letters (a
 * key with other bytes could match through Unicode case folding, "ſ" for
 * "s", so it always goes to the pattern).  Most keys hold none, and this
 * is far cheaper than the pattern.
 */
static bool key_may_be_secret(const char *key, size_t n)
{
	static const char *const words[] = { "pass",  "pwd", "secret",
					     "token", "key", "credential",
					     "conn",  "dsn" };
	char low[256];
	size_t i, w;

	if (n >= sizeof(low))
		return true;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)key[i];
		if (ch >= 0x80)
			return true;
		low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
	}
	low[n] = '\0';
	for (w = 0; w < sizeof(words) / sizeof(*words); w++)
		if (strstr(low, words[w]))
			return true;
	return false;
}

static bool key_secret(const struct cred *c, pcre2_match_data *md,
		       const char *key)
{
	const char *g;
	size_t gl, n = key ? strlen(key) : 0;

	return n && key_may_be_secret(key, n) &&
	       re_find(c->key_secret, md, key, n, &g, &gl) &&
	       !re_find(c->key_not_value, md, key, n, &g, &gl);
}

bool cred_key_is_secret(const struct cred *c, const char *key)
{
	pcre2_match_data *md = md_new();
	bool yes = key_secret(c, md, key);

	pcre2_match_data_free(md);
	return yes;
}

/* ---- matching ---------------------------------------------------------- */

static enum cred_strength hit_set(struct cred_hit *hit, enum cred_strength s,
				  const char *pattern, const char *v, size_t n)
{
	hit->strength = s;
	hit->pattern = pattern;
	hit->line_key[0] = '\0';
	cred_mask(v, n, hit->masked, sizeof(hit->masked));
	return s;
}

static enum cred_strength formats_in(const struct cred *c, pcre2_match_data *md,
				     const char *v, size_t n,
				     struct cred_hit *hit)
{
	size_t i, gl;
	const char *g;

	for (i = 0; i < NFORMATS; i++) {
		if (!re_find(c->fmt[i], md, v, n, &g, &gl))
			continue;
		if (cred_is_placeholder(g, gl))
			continue;
		return hit_set(hit, CRED_STRONG, formats[i].name, g, gl);
	}
	return CRED_NONE;
}

/*
 * The value only names an environment variable, in the upper-case words
 * joined by underscores that POSIX shells and every twelve-factor
 * convention use (VAULT_TOKEN, DB_PASSWORD): a setting that tells the
 * program which variable to read the secret from, not the secret.  A
 * single word (SECRET, HUNTER) is no such name: it may be the password.
 */
static bool is_env_name(const char *v, size_t n)
{
	size_t i;
	bool words = false;

	if (!n || !isupper((unsigned char)v[0]) || v[n - 1] == '_')
		return false;
	for (i = 1; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (ch == '_') {
			if (v[i - 1] == '_')
				return false;
			words = true;
		} else if (!isupper(ch) && !isdigit(ch)) {
			return false;
		}
	}
	return words;
}

/* A literal value under a secret-like key. */
static enum cred_strength named(const struct cred *c, pcre2_match_data *md,
				const char *key, const char *v, size_t n,
				struct cred_hit *hit)
{
	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
		v++, n -= 2;
	if (!key || !*key || cred_is_placeholder(v, n) ||
	    !key_secret(c, md, key))
		return CRED_NONE;
	if (looks_random(v, n))
		return hit_set(hit, CRED_STRONG,
			       "random value under a credential name", v, n);
	if (is_env_name(v, n))
		return CRED_NONE;
	return hit_set(hit, CRED_WEAK, "literal value under a credential name",
		       v, n);
}

/*
 * One line of a configuration file: "key = value", "key: value",
 * "export KEY=value", "\"key\": \"value\",".  Key and value spans out.
 */
static bool split_line(const char *l, size_t n, const char **k, size_t *kl,
		       const char **v, size_t *vl)
{
	size_t i = 0, ks, ke, sep;

	while (i < n && isspace((unsigned char)l[i]))
		i++;
	if (n - i > 7 && !strncmp(l + i, "export ", 7))
		i += 7;
	if (i < n && (l[i] == '#' || l[i] == ';' || l[i] == '/'))
		return false; /* comment */
	ks = i;
	for (sep = i; sep < n && l[sep] != '=' && l[sep] != ':'; sep++)
		if (isspace((unsigned char)l[sep]) && l[sep] != ' ')
			return false;
	if (sep >= n)
		return false;
	ke = sep;
	while (ke > ks &&
	       (l[ke - 1] == ' ' || l[ke - 1] == '"' || l[ke - 1] == '\''))
		ke--;
	while (ks < ke &&
	       (l[ks] == '"' || l[ks] == '\'' || l[ks] == '-' || l[ks] == ' '))
		ks++;
	if (ke <= ks || memchr(l + ks, ' ', ke - ks))
		return false;
	*k = l + ks;
	*kl = ke - ks;
	i = sep + 1;
	while (i < n && isspace((unsigned char)l[i]))
		i++;
	n -= (n > i && l[n - 1] == ',');
	*v = l + i;
	*vl = n - i;
	return *vl > 0;
}

static enum cred_strength lines(const struct cred *c, pcre2_match_data *md,
				const char *v, size_t n, struct cred_hit *hit)
{
	const char *p = v, *end = v + n;
	enum cred_strength best = CRED_NONE;
	struct cred_hit h;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *k, *val;
		size_t kl, vl;
		char key[128];

		if (split_line(p, ln, &k, &kl, &val, &vl) && kl < sizeof(key)) {
			memcpy(key, k, kl);
			key[kl] = '\0';
			if (named(c, md, key, val, vl, &h) > best) {
				best = h.strength;
				*hit = h;
				fmt_snprintf(hit->line_key,
					     sizeof(hit->line_key), "%.63s",
					     key);
				if (best == CRED_STRONG)
					break;
			}
		}
		p += ln + 1;
	}
	return best;
}

/*
 * A value the snapshot writer masked because this table judged it a
 * credential: a hit of the strength it recorded, so a scan of the
 * snapshot reports what the live scan did.
 */
static bool masked_in_snapshot(const char *v, size_t n, struct cred_hit *hit)
{
	size_t pl = sizeof(CRED_MASKED_PREFIX) - 1;
	const char *len;

	if (n < pl + 5 || memcmp(v, CRED_MASKED_PREFIX, pl))
		return false;
	if ((n >= pl + 7 && !memcmp(v + pl, "strong:", 7)) ||
	    (n >= pl + 11 && !memcmp(v + pl, "kubeconfig:", 11)))
		hit->strength = CRED_STRONG;
	else if (!memcmp(v + pl, "weak:", 5))
		hit->strength = CRED_WEAK;
	else
		return false;
	hit->pattern = "value masked in a snapshot";
	len = memchr(v + pl, '=', n - pl);
	if (len) {
		size_t rest = n - (size_t)(len + 1 - v), k = 0;

		while (k < rest && len[1 + k] != ':')
			k++;
		fmt_snprintf(hit->masked, sizeof(hit->masked),
			     "masked (%.*s chars)", (int)(k < 16 ? k : 16),
			     len + 1);
	} else {
		fmt_snprintf(hit->masked, sizeof(hit->masked), "masked");
	}
	return true;
}

/*
 * A value the snapshot writer masked ("threatmap-masked:v1:strong:...")
 * keeps the verdict it had, so a snapshot scan finds what a manifest scan
 * finds.
 */
static enum cred_strength masked_verdict(const char *v, size_t n,
					 struct cred_hit *hit)
{
	static const char pfx[] = "threatmap-masked:v1:";
	size_t pl = sizeof(pfx) - 1;

	if (n < pl || memcmp(v, pfx, pl) != 0)
		return CRED_NONE;
	v += pl;
	n -= pl;
	hit->pattern = "credential (masked in the snapshot)";
	fmt_snprintf(hit->masked, sizeof(hit->masked), "masked");
	if (n >= 6 && !memcmp(v, "strong", 6))
		return hit->strength = CRED_STRONG;
	if (n >= 4 && !memcmp(v, "weak", 4))
		return hit->strength = CRED_WEAK;
	return CRED_NONE;
}

enum cred_strength cred_match_format(const struct cred *c, const char *value,
				     size_t len, struct cred_hit *hit)
{
	pcre2_match_data *md;
	enum cred_strength s;

	memset(hit, 0, sizeof(*hit));
	if ((s = masked_verdict(value, len, hit)) != CRED_NONE)
		return s;
	md = md_new();
	if (masked_in_snapshot(value, len, hit)) {
		pcre2_match_data_free(md);
		return hit->strength;
	}
	s = formats_in(c, md, value, len, hit);
	pcre2_match_data_free(md);
	return s;
}

enum cred_strength cred_match(const struct cred *c, const char *key,
			      const char *value, size_t len,
			      struct cred_hit *hit)
{
	pcre2_match_data *md;
	enum cred_strength s;

	memset(hit, 0, sizeof(*hit));
	if ((s = masked_verdict(value, len, hit)) != CRED_NONE)
		return s;
	md = md_new();
	s = formats_in(c, md, value, len, hit);
	if (s == CRED_NONE && memchr(value, '\n', len))
		s = lines(c, md, value, len, hit);
	if (s == CRED_NONE)
		s = named(c, md, key, value, len, hit);
	pcre2_match_data_free(md);
	return s;
}

struct cred_memo {
	struct arena *arena; /* keys and answers */
	struct strmap map;   /* key '\0' value -> struct memo_answer */
	struct sbuf scratch; /* the key of a lookup */
};

struct memo_answer {
	enum cred_strength strength;
	struct cred_hit hit;
};

/* Values longer than this are judged each time, not kept. */
#define MEMO_VALUE_MAX 4096

struct cred_memo *cred_memo_new(void)
{
	struct cred_memo *m = xmalloc(sizeof(*m));

	memset(m, 0, sizeof(*m));
	m->arena = arena_new();
	sbuf_init(&m->scratch, 0);
	return m;
}

void cred_memo_free(struct cred_memo *m)
{
	if (!m)
		return;
	strmap_release(&m->map);
	sbuf_release(&m->scratch);
	arena_free(m->arena);
	free(m);
}

enum cred_strength cred_match_memo(const struct cred *c, struct cred_memo *m,
				   const char *key, const char *value,
				   size_t len, struct cred_hit *hit)
{
	size_t kl = key ? strlen(key) : 0;
	struct sbuf *k = m ? &m->scratch : NULL;
	struct memo_answer *a;

	if (!m || len > MEMO_VALUE_MAX)
		return cred_match(c, key, value, len, hit);
	sbuf_reset(k);
	if (sbuf_add(k, key ? key : "", kl + 1) || sbuf_add(k, value, len))
		oom();
	a = strmap_get(&m->map, k->buf, k->len);
	if (a) {
		*hit = a->hit;
		return a->strength;
	}
	a = arena_alloc(m->arena, sizeof(*a));
	a->strength = cred_match(c, key, value, len, &a->hit);
	strmap_put(&m->map, arena_strndup(m->arena, k->buf, k->len), k->len, a);
	*hit = a->hit;
	return a->strength;
}

bool cred_looks_secret(const struct cred *c, const char *key, const char *value)
{
	struct cred_hit hit;

	return value &&
	       cred_match(c, key, value, strlen(value), &hit) != CRED_NONE;
}

/* ---- kubeconfigs ------------------------------------------------------- */

static const char *const kubeconfig_secrets[] = {
	"token",
	"client-key-data",
	"password",
};

static bool contains(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= n; i++)
		if (s[i] == word[0] && !memcmp(s + i, word, wl))
			return true;
	return false;
}

/*
 * A kubeconfig the snapshot writer masked: CRED_MASKED_PREFIX
 * "kubeconfig:users[N].user.FIELD:len=...".  The field (static), or NULL.
 */
static const char *masked_kubeconfig(const char *v, size_t n, size_t *user)
{
	static const char head[] = CRED_MASKED_PREFIX "kubeconfig:users[";
	size_t hl = sizeof(head) - 1, i, k = 0, idx = 0;

	if (n <= hl || memcmp(v, head, hl))
		return NULL;
	for (i = hl; i < n && v[i] >= '0' && v[i] <= '9' && idx < 100000; i++)
		idx = idx * 10 + (size_t)(v[i] - '0');
	if (i == hl || n - i < 7 || memcmp(v + i, "].user.", 7))
		return NULL;
	i += 7;
	for (k = 0;
	     k < sizeof(kubeconfig_secrets) / sizeof(*kubeconfig_secrets);
	     k++) {
		size_t fl = strlen(kubeconfig_secrets[k]);
		if (n - i > fl && !memcmp(v + i, kubeconfig_secrets[k], fl) &&
		    v[i + fl] == ':') {
			if (user)
				*user = idx;
			return kubeconfig_secrets[k];
		}
	}
	return NULL;
}

const char *cred_kubeconfig(const char *value, size_t len, size_t *user)
{
	struct load_limits lim = load_limits_default;
	const char *what = NULL;
	struct arena *a;
	struct node *root;
	struct diag d;
	size_t i, j;

	if ((what = masked_kubeconfig(value, len, user)))
		return what;

	/* cheap test first: most ConfigMap values are not kubeconfigs */
	if (len < 40 || !contains(value, len, "users") ||
	    !contains(value, len, "clusters"))
		return NULL;
	lim.max_file = len + 1;
	a = arena_new();
	root = load_tree(a, "kubeconfig", value, len, &lim, &d);
	for (i = 0; root && !what && i < node_count(node_get(root, "users"));
	     i++) {
		const struct node *u =
		    node_get(node_at(node_get(root, "users"), i), "user");
		for (j = 0; j < sizeof(kubeconfig_secrets) /
				    sizeof(*kubeconfig_secrets);
		     j++) {
			const char *v = node_get_str(u, kubeconfig_secrets[j]);
			if (v && !cred_is_placeholder(v, strlen(v))) {
				what = kubeconfig_secrets[j];
				if (user)
					*user = i;
				break;
			}
		}
	}
	arena_free(a);
	return what;
}

/* ---- command lines ----------------------------------------------------- */

/* One word of a command line: where it is and the word itself. */
struct cl_word {
	size_t arg, off, len;
	const char *p;
	bool ends_cmd; /* a shell operator, or ends in one ("x;") */
};

static bool cl_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* A word without the quotes a shell script puts around it. */
static void cl_unquote(struct cl_word *w)
{
	if (w->len >= 2 && (w->p[0] == '\'' || w->p[0] == '"') &&
	    w->p[w->len - 1] == w->p[0]) {
		w->p++;
		w->off++;
		w->len -= 2;
	} else if (w->len >= 1 && (w->p[0] == '\'' || w->p[0] == '"')) {
		w->p++;
		w->off++;
		w->len--;
	} else if (w->len >= 1 &&
		   (w->p[w->len - 1] == '\'' || w->p[w->len - 1] == '"' ||
		    w->p[w->len - 1] == ';')) {
		w->len--;
	}
}

/* Every word of v: an element with white space is a script, split. */
static struct cl_word *cl_words(const char *const *v, size_t n, size_t *nw)
{
	struct cl_word *w = NULL;
	size_t i, k = 0, alloc = 0;

	for (i = 0; i < n; i++) {
		const char *s = v[i];
		size_t j = 0, len = s ? strlen(s) : 0;

		if (!s)
			continue;
		do {
			size_t start;

			while (j < len && cl_space(s[j]))
				j++;
			start = j;
			while (j < len && !cl_space(s[j]))
				j++;
			if (j == start && len)
				break;
			if (k == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				w = xrealloc_array(w, alloc, sizeof(*w));
			}
			w[k] = (struct cl_word){ i, start, j - start, s + start,
						 false };
			/* "a;", "&&", "|", "&": the next word begins a command */
			w[k].ends_cmd = j > start && strchr(";&|", s[j - 1]);
			cl_unquote(&w[k]);
			k++;
		} while (j < len);
	}
	*nw = k;
	return w;
}

static void cl_report(const struct cred *c, const char *key,
		      const struct cl_word *w, size_t off, size_t len,
		      cred_args_fn fn, void *ctx)
{
	struct cred_args_hit ah;

	if (!len)
		return;
	if (w->p[off] == '\'' || w->p[off] == '"') {
		off++;
		len--;
		if (len && w->p[off + len - 1] == w->p[off - 1])
			len--;
	}
	if (!len)
		return;
	if (cred_match(c, key, w->p + off, len, &ah.hit) == CRED_NONE)
		return;
	ah.arg = w->arg;
	ah.off = w->off + off;
	ah.len = len;
	fn(ctx, &ah);
}

/*
 * Programs whose one-letter flag takes a password: "-p" of the MySQL and
 * MariaDB clients, sshpass, the MongoDB tools and cqlsh, "-a" of
 * redis-cli, "-w" of the OpenLDAP clients, "-P" of sqlcmd and zip.
 */
static const struct {
	const char *prog;
	char flag;
} cl_password_flags[] = {
	{ "mysql", 'p' },	  { "mysqladmin", 'p' },
	{ "mysqldump", 'p' },	  { "mysqlimport", 'p' },
	{ "mysqlcheck", 'p' },	  { "mysqlshow", 'p' },
	{ "mysqlpump", 'p' },	  { "mysqlsh", 'p' },
	{ "mariadb", 'p' },	  { "mariadb-admin", 'p' },
	{ "mariadb-dump", 'p' },  { "mariadb-import", 'p' },
	{ "mariadb-check", 'p' }, { "mariadb-show", 'p' },
	{ "sshpass", 'p' },	  { "mongo", 'p' },
	{ "mongosh", 'p' },	  { "mongodump", 'p' },
	{ "mongorestore", 'p' },  { "mongoexport", 'p' },
	{ "mongoimport", 'p' },	  { "cqlsh", 'p' },
	{ "redis-cli", 'a' },	  { "keydb-cli", 'a' },
	{ "ldapsearch", 'w' },	  { "ldapadd", 'w' },
	{ "ldapmodify", 'w' },	  { "ldapdelete", 'w' },
	{ "ldapwhoami", 'w' },	  { "ldappasswd", 'w' },
	{ "sqlcmd", 'P' },	  { "bcp", 'P' },
	{ "zip", 'P' },		  { "unzip", 'P' },
};

/*
 * Programs whose "-p" is a port, a process, a pod, a path or a pattern,
 * never a password ("nc -l -p 8080", "ssh -p 2222", "psql -p 5432",
 * "kubectl port-forward -p web-5d8f", "mkdir -p /data").
 */
static const char cl_p_not_password[] =
    "|nc|ncat|netcat|socat|ssh|iperf|iperf3|nmap|hping3|telnet|ping|"
    "redis-server|redis-benchmark|psql|pg_dump|pg_dumpall|pg_restore|"
    "pg_isready|pg_basebackup|createdb|dropdb|kubectl|oc|docker|podman|"
    "nerdctl|mkdir|cp|install|rsync|tar|ps|pgrep|pkill|kill|top|lsof|"
    "strace|gdb|perf|xargs|java|";

/*
 * What program word (p, len), with or without its directory, says of its
 * one-letter flag: 1 a password, 0 not one, -1 nothing (a program of
 * neither list).
 */
/* Program word (p, *len) without its directory; *len shortened to match. */
static const char *cl_base(const char *p, size_t *len)
{
	size_t i;

	for (i = *len; i > 0; i--)
		if (p[i - 1] == '/')
			break;
	*len -= i;
	return p + i;
}

static int cl_prog_flag(const char *p, size_t len, char flag)
{
	const char *bar;
	size_t i;

	p = cl_base(p, &len);
	for (i = 0; i < sizeof(cl_password_flags) / sizeof(*cl_password_flags);
	     i++)
		if (strlen(cl_password_flags[i].prog) == len &&
		    !memcmp(cl_password_flags[i].prog, p, len))
			return cl_password_flags[i].flag == flag;
	if (flag != 'p' || !len || memchr(p, '|', len))
		return -1;
	for (bar = cl_p_not_password; (bar = strchr(bar, '|')) && bar[1]; bar++)
		if (!strncmp(bar + 1, p, len) && bar[1 + len] == '|')
			return 0;
	return -1;
}

/*
 * Whether "-flag" at word i takes a password, by the program it is given
 * to: the nearest word before it in the same command that is a program of
 * either list ("mysql -h db -p x", "sudo mysql -p x", "sh -c 'nc -l -p
 * 80'"), else prog (the command a container's args go to).  A program of
 * neither list: "-p" is taken for a password, so that a doubtful value is
 * masked rather than kept in clear; other letters are not.
 */
static int cl_flag_says(const struct cl_word *w, size_t i, const char *prog,
			char flag)
{
	int says;

	while (i-- > 0) {
		if (w[i].ends_cmd)
			break;
		if ((says = cl_prog_flag(w[i].p, w[i].len, flag)) >= 0)
			return says;
	}
	if (prog && (says = cl_prog_flag(prog, strlen(prog), flag)) >= 0)
		return says;
	return -1;
}

static bool cl_flag_is_password(const struct cl_word *w, size_t i,
				const char *prog, char flag)
{
	int says = cl_flag_says(w, i, prog, flag);

	return says >= 0 ? says : flag == 'p';
}

/* Word (p, len), with or without its directory, is program name. */
static bool cl_is_prog(const char *p, size_t len, const char *name)
{
	p = cl_base(p, &len);
	return len == strlen(name) && !memcmp(p, name, len);
}

/* Word i belongs to a command of program name ("sudo curl -u ..."). */
static bool cl_command_is(const struct cl_word *w, size_t i, const char *prog,
			  const char *name)
{
	while (i-- > 0) {
		if (w[i].ends_cmd)
			break;
		if (cl_is_prog(w[i].p, w[i].len, name))
			return true;
	}
	return prog && cl_is_prog(prog, strlen(prog), name);
}

/*
 * curl's user flag, "-u user:password", "-uuser:password", "--user
 * user:password" or "--user=user:password": the part after the first
 * colon of the value at (vw, off) is the password; without a colon curl
 * asks for it.  True when word i was such a flag (its value is then
 * reported and *used says whether the next word was the value).
 */
static bool cl_curl_user(const struct cred *c, const struct cl_word *w,
			 size_t i, size_t nw, const char *prog, size_t skip,
			 const char *key, cred_args_fn fn, void *ctx,
			 bool *used)
{
	const struct cl_word *vw = &w[i];
	size_t off, n = w[i].len;
	const char *colon;

	*used = false;
	if (!(skip == 1 && key[0] == 'u') &&
	    !(skip == 2 && (!strcmp(key, "user") || !strncmp(key, "user=", 5))))
		return false;
	if (!cl_command_is(w, i, prog, "curl"))
		return false;
	if (skip == 2 && key[4] == '=') {
		off = 7;
	} else if (skip == 1 && key[1]) {
		off = 2;
	} else {
		if (i + 1 == nw)
			return true;
		vw = &w[i + 1];
		n = vw->len;
		off = 0;
		*used = true;
	}
	colon = off < n ? memchr(vw->p + off, ':', n - off) : NULL;
	if (colon)
		cl_report(c, "password", vw, (size_t)(colon - vw->p) + 1,
			  n - (size_t)(colon - vw->p) - 1, fn, ctx);
	return true;
}

void cred_args_for(const struct cred *c, const char *prog, const char *const *v,
		   size_t n, cred_args_fn fn, void *ctx)
{
	size_t nw, i;
	struct cl_word *w = cl_words(v, n, &nw);

	for (i = 0; i < nw; i++) {
		const struct cl_word *cw = &w[i];
		const char *p = cw->p, *eq;
		char key[128];
		size_t kl, skip = 0;
		struct cred_args_hit ah;

		if (!cw->len)
			continue;
		if (cred_match_format(c, p, cw->len, &ah.hit) != CRED_NONE) {
			ah.arg = cw->arg;
			ah.off = cw->off;
			ah.len = cw->len;
			fn(ctx, &ah);
			continue;
		}
		if (p[0] == '-')
			skip = cw->len > 1 && p[1] == '-' ? 2 : 1;
		eq = memchr(p + skip, '=', cw->len - skip);
		kl = eq ? (size_t)(eq - p) - skip : cw->len - skip;
		if (!kl || kl >= sizeof(key))
			continue;
		memcpy(key, p + skip, kl);
		key[kl] = '\0';
		if (skip) {
			char full[128];
			bool used;
			size_t fl = cw->len - skip < sizeof(full)
					? cw->len - skip
					: sizeof(full) - 1;

			memcpy(full, p + skip, fl);
			full[fl] = '\0';
			if (cl_curl_user(c, w, i, nw, prog, skip, full, fn, ctx,
					 &used)) {
				i += used;
				continue;
			}
		}
		/* -pSECRET: the password attached to the short flag of a
		 * program that takes it there (mysql, sshpass, ldapsearch) */
		if (skip == 1 && !eq && kl > 1 &&
		    cl_flag_says(w, i, prog, key[0]) == 1) {
			cl_report(c, "password", cw, 2, cw->len - 2, fn, ctx);
			continue;
		}
		if (eq) {
			/* --password=x, or PASSWORD=x in a script */
			cl_report(c, key, cw, skip + kl + 1,
				  cw->len - skip - kl - 1, fn, ctx);
			continue;
		}
		if (!skip || i + 1 == nw || !w[i + 1].len ||
		    w[i + 1].p[0] == '-')
			continue;
		/* -p secret: the short password flag of mysql and others */
		if (skip == 1 && kl == 1 &&
		    cl_flag_is_password(w, i, prog, key[0]))
			fmt_snprintf(key, sizeof(key), "password");
		else if (!cred_key_is_secret(c, key))
			continue;
		cl_report(c, key, &w[i + 1], 0, w[i + 1].len, fn, ctx);
		i++;
	}
	free(w);
}

void cred_args(const struct cred *c, const char *const *v, size_t n,
	       cred_args_fn fn, void *ctx)
{
	cred_args_for(c, NULL, v, n, fn, ctx);
}

struct redact {
	struct sbuf sb;
	const char *s;
	size_t at;
	int rc;
};

static void on_redact(void *ctx, const struct cred_args_hit *h)
{
	struct redact *r = ctx;

	if (h->off < r->at)
		return;
	r->rc |= sbuf_add(&r->sb, r->s + r->at, h->off - r->at);
	r->rc |= sbuf_adds(&r->sb, "***");
	r->at = h->off + h->len;
}

char *cred_redact_args(const struct cred *c, const char *s)
{
	struct redact r = { SBUF_INIT, s, 0, 0 };
	const char *v[1] = { s };

	cred_args(c, v, 1, on_redact, &r);
	if (!r.at || r.rc) {
		sbuf_release(&r.sb);
		return NULL;
	}
	if (sbuf_adds(&r.sb, s + r.at)) {
		sbuf_release(&r.sb);
		return NULL;
	}
	return sbuf_detach(&r.sb, NULL);
}
