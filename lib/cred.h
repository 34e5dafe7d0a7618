/*
 * cred.h - does a configuration value look like a credential?
 *
 * A table of credential formats (PCRE2 patterns: PEM private keys, cloud
 * access keys, provider tokens, JSON Web Tokens, connection strings with an
 * embedded password, ...) and of key names that announce a secret
 * (PASSWORD, *_TOKEN, apiKey, client-secret, ...), compiled once by
 * cred_new().  cred_match() judges one key and its literal value:
 *
 *   - a value in a known credential format is a strong hit, whatever the
 *     key is called;
 *   - a value under a secret-like key is a strong hit when it looks random
 *     (Shannon entropy and character classes), a weak hit when it is a
 *     short or dictionary-like literal ("password", "hunter2");
 *   - placeholders stay silent: "", "${VAR}", "$(VAR)", "{{ .x }}",
 *     "<nil>", "true", numbers, paths, "changeme" and references to a
 *     secret store ("vault:...", "arn:aws:secretsmanager:...").
 *
 * A value is never copied in full: a hit carries the pattern's name and a
 * masked prefix and a length class ("AKIA... (16-31 chars)") fit for evidence.
 *
 * Memory and threads: struct cred owns its compiled patterns (PCRE2, malloc);
 * free it with cred_free().  After cred_new() it is read-only and may be
 * shared by threads (match data is per call).  This module is the PCRE2
 * boundary for credential patterns.
 */
#ifndef THREATMAP_CRED_H
#define THREATMAP_CRED_H

#include <stdbool.h>
#include <stddef.h>

struct diag;
struct cred;

enum cred_strength {
	CRED_NONE,
	CRED_WEAK,   /* a literal under a secret-like name, not random */
	CRED_STRONG, /* a known format, or a random value under such a name */
};

#define CRED_MASK_MAX 48

/*
 * A value a snapshot masked (kube/snapshot.h) starts with this, then
 * "strong:" or "weak:" (cred_match() and cred_match_format() take it as a
 * hit of that strength, pattern "value masked in a snapshot") or
 * "kubeconfig:users[N].user.FIELD:" (cred_kubeconfig() answers FIELD and
 * N as for the kubeconfig it replaced).
 */
#define CRED_MASKED_PREFIX "threatmap-masked:v1:"

struct cred_hit {
	enum cred_strength strength;
	const char *pattern;	    /* static: "AWS access key ID", ... */
	char masked[CRED_MASK_MAX]; /* "AK... (16-31 chars)" */
	/* For a hit on one line of a file: the line's key, else "". */
	char line_key[64];
};

/*
 * Compile the table.  NULL with d filled when a pattern does not compile
 * (a programmer error the test suite catches).
 */
struct cred *cred_new(struct diag *d);
void cred_free(struct cred *c);

/*
 * Judge key (may be NULL or "": judge the value alone) and value (len
 * bytes, need not be NUL-terminated).  Fills *hit and returns its strength
 * (CRED_NONE: nothing credential-like).  A multi-line value is judged as a
 * whole (formats) and line by line as "name = value", "name: value" or
 * "export NAME=value" (a properties, YAML, .env or INI file in a
 * ConfigMap); the first hit wins, strong before weak.
 */
enum cred_strength cred_match(const struct cred *c, const char *key,
			      const char *value, size_t len,
			      struct cred_hit *hit);

/*
 * cred_match() with its answers remembered by key and value: the pods of
 * a Deployment, its ReplicaSets and the Deployment itself carry the same
 * environment, judged once.  A memo has one owner (one check run, one
 * thread); the same answers as cred_match().
 */
struct cred_memo;
struct cred_memo *cred_memo_new(void);
void cred_memo_free(struct cred_memo *m);
enum cred_strength cred_match_memo(const struct cred *c, struct cred_memo *m,
				   const char *key, const char *value,
				   size_t len, struct cred_hit *hit);

/*
 * Known formats only (no key): for annotations and other free text where
 * a secret-like name proves little.  Same return and *hit as cred_match().
 */
enum cred_strength cred_match_format(const struct cred *c, const char *value,
				     size_t len, struct cred_hit *hit);

/*
 * The snapshot writer's question: would cred_match() report key and
 * value at all?  value is NUL-terminated.
 */
bool cred_looks_secret(const struct cred *c, const char *key,
		       const char *value);

/* key names a secret ("DB_PASSWORD", "apiKey"), not its file or name. */
bool cred_key_is_secret(const struct cred *c, const char *key);

/* value is a placeholder or a reference, never a credential itself. */
bool cred_is_placeholder(const char *value, size_t len);

/*
 * value (len bytes) parses as a kubeconfig (JSON or YAML, with "users"
 * and "clusters") whose users embed a credential: users[i].user.token,
 * client-key-data or password.  Returns the field ("token", ...) and sets
 * *user (may be NULL) to i; NULL when not such a kubeconfig.  A
 * kubeconfig without users (kube-public/cluster-info) or with only an
 * exec plugin, a tokenFile or key files is NULL.
 */
const char *cred_kubeconfig(const char *value, size_t len, size_t *user);

/* Shannon entropy of the bytes of s, in bits per byte. */
double cred_entropy(const char *s, size_t len);

/*
 * Masked form of a value for evidence: at most 4 leading characters (2
 * for values under 16 bytes, none under 6) and a length class, e.g.
 * "AKIA... (16-31 chars)", "hu... (8-15 chars)".  Never the whole value.
 */
void cred_mask(const char *v, size_t n, char *out, size_t outn);

/*
 * Credentials on a command line: v holds n words (a container's command
 * or args; NULL elements are skipped), and an element with white space in
 * it is a shell script, split into words.  A word in a known credential
 * format, the value of "--flag=value" or "KEY=value", and the word after
 * "--flag" when the flag names a secret ("--token abc", a one-letter
 * flag that takes a password: see cred_args_for()) are judged as
 * cred_match() judges a key and its value; fn is called for each hit with
 * the element and the byte span of the value in it (quotes left out), in
 * order.
 */
struct cred_args_hit {
	size_t arg, off, len;
	struct cred_hit hit;
};
typedef void (*cred_args_fn)(void *ctx, const struct cred_args_hit *h);
void cred_args(const struct cred *c, const char *const *v, size_t n,
	       cred_args_fn fn, void *ctx);

/*
 * cred_args() of words given to program prog (a container's args, prog
 * its command[0]; NULL: unknown).  A one-letter flag takes a password as
 * the program that reads it says: "mysql -p x", "sshpass -p x",
 * "redis-cli -a x" do; "nc -l -p 8080", "ssh -p 2222", "kubectl
 * port-forward -p pod" do not; "-p x" of any other program does, so that
 * a doubtful value is masked rather than kept in clear.  The program is
 * the nearest word before the flag, in the same command, that names one
 * of those, else prog.
 */
void cred_args_for(const struct cred *c, const char *prog, const char *const *v,
		   size_t n, cred_args_fn fn, void *ctx);

/*
 * s (one word or a script from a command line) with every credential value
 * cred_args() finds replaced by "***", malloc'ed; NULL when there is
 * nothing to hide.
 */
char *cred_redact_args(const struct cred *c, const char *s);

#endif
