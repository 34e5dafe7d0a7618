#include "kube/snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "arena.h"
#include "cred.h"
#include "diag.h"
#include "fmt.h"
#include "inventory.h"
#include "jsonw.h"
#include "kube/kube.h"
#include "load/load.h"
#include "node.h"
#include "safefile.h"
#include "sbuf.h"
#include "strmap.h"

#define SNAP_MAX_META ((size_t)64 << 20)

const char *snapshot_file_name(struct arena *a, const char *group,
			       const char *resource)
{
	size_t gl = strlen(group);

	if (!gl || !strchr(group, '.') ||
	    (gl > 7 && !strcmp(group + gl - 7, ".k8s.io")))
		return arena_printf(a, "%s.json", resource);
	return arena_printf(a, "%s.%s.json", resource, group);
}

/* ---- writing --------------------------------------------------------- */

static int write_file(int dirfd, const char *dir, const char *name,
		      const struct sbuf *sb, struct diag *d)
{
	return safefile_write_at(dirfd, dir, name, sb->buf, sb->len, 0600, d);
}

static bool plain_name(const char *f)
{
	return f && *f && !strchr(f, '/') && strcmp(f, ".") && strcmp(f, "..");
}

/* Configuration files live in FILES_DIR; meta.json names them "files/X". */
#define FILES_DIR    "files"
#define FILES_PREFIX FILES_DIR "/"

/* "files/NAME" with NAME a plain file name: NAME, else NULL. */
static const char *stored_name(const char *f)
{
	size_t l = strlen(FILES_PREFIX);

	return f && !strncmp(f, FILES_PREFIX, l) && plain_name(f + l) ? f + l
								      : NULL;
}

/* The meta.json at dirfd as a tree, or NULL (d filled) when unreadable. */
static const struct node *read_meta_at(struct arena *a, int dirfd,
				       const char *dir, struct diag *d)
{
	const char *path = arena_printf(a, "%s/meta.json", dir);
	struct load_limits lim = load_limits_default;
	struct sbuf sb;
	const struct node *n = NULL;
	int fd = openat(dirfd, "meta.json",
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd < 0) {
		diag_set(d, DIAG_IO, NULL, "cannot open '%s': %s", path,
			 strerror(errno));
		return NULL;
	}
	sbuf_init(&sb, SNAP_MAX_META + 1);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		diag_set(d, DIAG_IO, NULL, "'%s' is not a regular file", path);
	else if (!safefile_read_fd(fd, path, SNAP_MAX_META, &sb, d))
		n = load_tree(a, path, sb.buf, sb.len, &lim, d);
	close(fd);
	sbuf_release(&sb);
	return n;
}

/* --force in a directory that holds something else than a snapshot. */
static int not_a_snapshot(struct diag *d, const char *dir)
{
	return diag_set(d, DIAG_USAGE, NULL,
			"snapshot directory '%s' is not empty and holds no "
			"readable meta.json; --force replaces only an earlier "
			"snapshot, remove the directory yourself",
			dir);
}

/*
 * Remove what an earlier snapshot in dirfd wrote: the files its meta.json
 * lists, then meta.json.  Anything else stays.
 */
static int remove_snapshot(struct arena *a, int dirfd, const char *dir,
			   struct diag *d)
{
	const struct node *meta = read_meta_at(a, dirfd, dir, d);
	const struct node *res;
	size_t i;

	if (!meta)
		return not_a_snapshot(d, dir);
	res = node_get(meta, "resources");
	for (i = 0; i < node_count(res); i++) {
		const char *f = node_get_str(node_at(res, i), "file");
		size_t l = f ? strlen(f) : 0;

		/* only plain *.json names: meta.json is input, too */
		if (plain_name(f) && l > 5 && !strcmp(f + l - 5, ".json") &&
		    unlinkat(dirfd, f, 0) && errno != ENOENT)
			return diag_set(d, DIAG_IO, NULL,
					"cannot remove '%s/%s': %s", dir, f,
					strerror(errno));
	}
	res = node_get(meta, "files");
	if (node_count(res)) {
		int ffd =
		    openat(dirfd, FILES_DIR,
			   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		for (i = 0; i < node_count(res) && ffd >= 0; i++) {
			const char *f =
			    stored_name(node_get_str(node_at(res, i), "file"));

			if (f && unlinkat(ffd, f, 0) && errno != ENOENT) {
				close(ffd);
				return diag_set(
				    d, DIAG_IO, NULL,
				    "cannot remove '%s/" FILES_PREFIX "%s': %s",
				    dir, f, strerror(errno));
			}
		}
		if (ffd >= 0)
			close(ffd);
		/* anything else put there stays, and so does the directory */
		(void)unlinkat(dirfd, FILES_DIR, AT_REMOVEDIR);
	}
	if (unlinkat(dirfd, "meta.json", 0))
		return diag_set(d, DIAG_IO, NULL,
				"cannot remove '%s/meta.json': %s", dir,
				strerror(errno));
	return 0;
}

/*
 * Create dir (0700) or check the existing one: not a symbolic link, owned
 * by the caller, empty unless force.  *dirfd is the open directory; every
 * file goes through it.  *made: dir was created here; *replace: it holds
 * an earlier snapshot (force), whose meta.json is readable, to remove
 * before the new one is written.
 */
static int prepare_dir(struct arena *a, const char *dir, bool force, int *dirfd,
		       bool *made, bool *replace, struct diag *d)
{
	struct dirent *e;
	bool empty = true;
	struct stat st;
	DIR *dp;
	int fd, rc = 0;

	*dirfd = -1;
	*made = *replace = false;
	if (!mkdir(dir, 0700))
		*made = true;
	else if (errno != EEXIST)
		return diag_set(d, DIAG_IO, NULL, "cannot create '%s': %s", dir,
				strerror(errno));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
			return diag_set(d, DIAG_USAGE, NULL,
					"snapshot directory '%s' is a symbolic "
					"link; name the directory itself",
					dir);
		return diag_set(d, DIAG_IO, NULL, "cannot open '%s': %s", dir,
				strerror(errno));
	}
	if (fstat(fd, &st)) {
		rc = diag_set(d, DIAG_IO, NULL, "cannot stat '%s': %s", dir,
			      strerror(errno));
		goto fail;
	}
	if (st.st_uid != geteuid()) {
		rc = diag_set(d, DIAG_USAGE, NULL,
			      "snapshot directory '%s' belongs to uid %u, not "
			      "to you (uid %u); use a directory of your own",
			      dir, (unsigned)st.st_uid, (unsigned)geteuid());
		goto fail;
	}
	if ((st.st_mode & 07777) != 0700 && fchmod(fd, 0700)) {
		rc = diag_set(d, DIAG_IO, NULL, "cannot chmod '%s': %s", dir,
			      strerror(errno));
		goto fail;
	}
	dp = fdopendir(dup(fd));
	if (!dp) {
		rc = diag_set(d, DIAG_IO, NULL, "cannot read '%s': %s", dir,
			      strerror(errno));
		goto fail;
	}
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(dp);
	if (!empty && !force) {
		rc = diag_set(d, DIAG_USAGE, NULL,
			      "snapshot directory '%s' exists and is not "
			      "empty; use --force to replace the snapshot in "
			      "it",
			      dir);
		goto fail;
	}
	if (!empty && !read_meta_at(a, fd, dir, d)) {
		rc = not_a_snapshot(d, dir);
		goto fail;
	}
	*replace = !empty;
	*dirfd = fd;
	return 0;
fail:
	close(fd);
	return rc;
}

/* ---- masking --------------------------------------------------------- */

/* "0", "1-7", "8-15", ... "1024+": the length class of a value. */
static const char *length_class(size_t n)
{
	static const char *const cls[] = { "1-7",     "8-15",	 "16-31",
					   "32-63",   "64-127",	 "128-255",
					   "256-511", "512-1023" };
	size_t i, hi = 8;

	if (!n)
		return "0";
	for (i = 0; i < sizeof(cls) / sizeof(cls[0]); i++, hi *= 2)
		if (n < hi)
			return cls[i];
	return "1024+";
}

/* What masking needs: the key, the credential table, the scan's answer. */
struct masker {
	const struct snapshot_info *m;
	const struct cred *cred;
};

/* CRED_MASKED_PREFIX KIND:len=CLASS:hmac=HEX for the len bytes at v. */
static int add_masked(struct sbuf *sb, const struct masker *mk,
		      const char *kind, const char *v, size_t len)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	char hex[33];
	unsigned i;

	if (!HMAC(EVP_sha256(), mk->m->mask_key, (int)mk->m->mask_key_len,
		  (const unsigned char *)v, len, mac, &maclen) ||
	    maclen < 16)
		return -1;
	for (i = 0; i < 16; i++)
		fmt_snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	return sbuf_addf(sb, CRED_MASKED_PREFIX "%s:len=%s:hmac=%s", kind,
			 length_class(len), hex);
}

/*
 * The masked form of a value when the credential table judges it one
 * (see snapshot.h), else the value itself.
 */
static int add_value(struct sbuf *sb, const struct masker *mk, const char *key,
		     const struct node *v)
{
	enum cred_strength st;
	struct cred_hit hit;
	char kind[96];
	const char *kc;
	size_t user;

	if (v->type != NODE_STRING || !node_len(v))
		return jsonw_tree(sb, v);
	/* a kubeconfig keeps which user's field held the credential */
	if ((kc = cred_kubeconfig(node_text(v), node_len(v), &user))) {
		fmt_snprintf(kind, sizeof(kind),
			     "kubeconfig:users[%zu].user.%s", user, kc);
	} else {
		st = cred_match(mk->cred, key, node_text(v), node_len(v), &hit);
		if (st == CRED_NONE)
			return jsonw_tree(sb, v);
		fmt_snprintf(kind, sizeof(kind), "%s",
			     st == CRED_STRONG ? "strong" : "weak");
	}
	return sbuf_addch(sb, '"') ||
	       add_masked(sb, mk, kind, node_text(v), node_len(v)) ||
	       sbuf_addch(sb, '"');
}

/* The credential spans of a command line, in order (cred_args_for()). */
struct arg_spans {
	struct cred_args_hit *v;
	size_t n, alloc;
};

static void on_arg_span(void *ctx, const struct cred_args_hit *h)
{
	struct arg_spans *sp = ctx;

	if (sp->n == sp->alloc) {
		sp->alloc = sp->alloc ? sp->alloc * 2 : 8;
		sp->v = xrealloc_array(sp->v, sp->alloc, sizeof(*sp->v));
	}
	sp->v[sp->n++] = *h;
}

/*
 * A command or args array: each credential value inside a word is
 * replaced by its masked form, the rest of the word (the flag, the
 * script around it) is kept, so the checks read what they read live.
 */
static int args_masked(struct sbuf *sb, const struct node *n, const char *prog,
		       const struct masker *mk)
{
	struct arg_spans sp = { NULL, 0, 0 };
	size_t i, k = 0, cnt = node_count(n);
	const char **v;
	int rc = 0;

	for (i = 0; i < cnt; i++)
		if (!node_str(node_at(n, i)))
			return jsonw_tree(sb, n);
	v = xmalloc((cnt ? cnt : 1) * sizeof(*v));
	for (i = 0; i < cnt; i++)
		v[i] = node_str(node_at(n, i));
	cred_args_for(mk->cred, prog, v, cnt, on_arg_span, &sp);
	rc |= sbuf_addch(sb, '[');
	for (i = 0; i < cnt && !rc; i++) {
		const char *str = v[i];
		size_t len = strlen(str), at = 0;
		struct sbuf w = SBUF_INIT;

		if (i)
			rc |= sbuf_addch(sb, ',');
		if (k == sp.n || sp.v[k].arg != i) {
			rc |= jsonw_tree(sb, node_at(n, i));
			continue;
		}
		for (; k < sp.n && sp.v[k].arg == i && !rc; k++) {
			const struct cred_args_hit *h = &sp.v[k];

			if (h->off < at || h->off + h->len > len)
				continue;
			rc |= sbuf_add(&w, str + at, h->off - at);
			rc |= add_masked(
			    &w, mk,
			    h->hit.strength == CRED_STRONG ? "strong" : "weak",
			    str + h->off, h->len);
			at = h->off + h->len;
		}
		rc |= sbuf_add(&w, str + at, len - at);
		rc |= sbuf_add_json_str(sb, w.buf ? w.buf : "", w.len);
		sbuf_release(&w);
	}
	free(sp.v);
	free(v);
	return rc | sbuf_addch(sb, ']');
}

enum mask_at {
	MASK_NONE,
	MASK_ENV_LIST, /* an "env" array: items are {name, value} */
	MASK_ENV_ITEM, /* one of them */
	MASK_CM_DATA,  /* ConfigMap data: every key with its value */
	MASK_CONFIG,   /* a configuration document: every non-empty "secret"
			  string (EncryptionConfiguration's keys[].secret,
			  the key material of encryption at rest) */
};

static bool key_is(const struct node_member *mb, const char *key)
{
	size_t l = strlen(key);

	return node_key_len(mb->key) == l && !memcmp(mb->key, key, l);
}

static int json_masked(struct sbuf *sb, const struct node *n,
		       const struct masker *mk, enum mask_at at,
		       bool configmap_root)
{
	size_t i;
	int rc = 0;

	if (n->type == NODE_ARRAY) {
		rc |= sbuf_addch(sb, '[');
		for (i = 0; i < node_len(n) && !rc; i++) {
			if (i)
				rc |= sbuf_addch(sb, ',');
			rc |= json_masked(sb, node_at(n, i), mk,
					  at == MASK_ENV_LIST ? MASK_ENV_ITEM
					  : at == MASK_CONFIG ? MASK_CONFIG
							      : MASK_NONE,
					  false);
		}
		return rc | sbuf_addch(sb, ']');
	}
	if (n->type != NODE_OBJECT)
		return jsonw_tree(sb, n);
	rc |= sbuf_addch(sb, '{');
	for (i = 0; i < node_len(n) && !rc; i++) {
		const struct node_member mb = node_member_i(n, i);
		const char *name = node_get_str(n, "name");
		char key[256];

		if (i)
			rc |= sbuf_addch(sb, ',');
		rc |= sbuf_add_json_str(sb, mb.key, node_key_len(mb.key));
		rc |= sbuf_addch(sb, ':');
		if (at == MASK_CONFIG && key_is(&mb, "secret") &&
		    mb.val->type == NODE_STRING && node_len(mb.val)) {
			rc |= sbuf_addch(sb, '"') ||
			      add_masked(sb, mk, "strong", node_text(mb.val),
					 node_len(mb.val)) ||
			      sbuf_addch(sb, '"');
		} else if (at == MASK_CONFIG) {
			rc |= json_masked(sb, mb.val, mk, MASK_CONFIG, false);
		} else if (at == MASK_CM_DATA) {
			fmt_snprintf(key, sizeof(key), "%.*s",
				     (int)(node_key_len(mb.key) < 255
					       ? node_key_len(mb.key)
					       : 255),
				     mb.key);
			rc |= add_value(sb, mk, key, mb.val);
		} else if (at == MASK_ENV_ITEM && key_is(&mb, "value")) {
			rc |= add_value(sb, mk, name, mb.val);
		} else if (mb.val->type == NODE_ARRAY &&
			   (key_is(&mb, "args") || key_is(&mb, "command"))) {
			/* args go to the command: read as app-credentials
			 * reads them, so the snapshot scans the same */
			rc |= args_masked(
			    sb, mb.val,
			    key_is(&mb, "args")
				? node_str(node_at(node_get(n, "command"), 0))
				: NULL,
			    mk);
		} else if (key_is(&mb, "env")) {
			rc |= json_masked(sb, mb.val, mk, MASK_ENV_LIST, false);
		} else if (configmap_root &&
			   (key_is(&mb, "data") || key_is(&mb, "binaryData"))) {
			rc |= json_masked(sb, mb.val, mk, MASK_CM_DATA, false);
		} else {
			rc |= json_masked(sb, mb.val, mk, MASK_NONE, false);
		}
	}
	return rc | sbuf_addch(sb, '}');
}

/* One stored configuration file: an input file's documents. */
struct cfile {
	const char *source; /* the path given */
	const char *name;   /* its base name, the stored file's name */
	size_t count;
};

/* The stored files of m's configuration documents, in a. */
static int config_files(struct arena *a, const struct snapshot_info *m,
			struct cfile **out, size_t *n, struct diag *d)
{
	size_t k = 0, i, j, nd = m->nconfig_docs;
	struct cfile *v = arena_calloc(a, nd ? nd : 1, sizeof(*v));

	for (i = 0; i < nd; i++) {
		const char *src = m->config_docs[i]->file;
		const char *name = strrchr(src, '/');

		for (j = 0; j < k && strcmp(v[j].source, src); j++)
			;
		if (j < k) {
			v[j].count++;
			continue;
		}
		name = name ? name + 1 : src;
		if (!plain_name(name) || !strcmp(name, "-") ||
		    !strcmp(name, "<stdin>"))
			return diag_set(d, DIAG_USAGE, NULL,
					"'%s' has no file name to keep its "
					"configuration documents under; give "
					"it as a file",
					src);
		for (j = 0; j < k; j++)
			if (!strcmp(v[j].name, name))
				return diag_set(
				    d, DIAG_USAGE, NULL,
				    "'%s' and '%s' have the same name: a "
				    "snapshot keeps one configuration file of "
				    "each name (take one snapshot per "
				    "control-plane node)",
				    v[j].source, src);
		v[k].source = src;
		v[k].name = name;
		v[k].count = 1;
		k++;
	}
	*out = v;
	*n = k;
	return 0;
}

/* files/NAME for each of cf, through the directory open at dirfd. */
static int write_config_files(struct arena *a, int dirfd, const char *dir,
			      const struct snapshot_info *m,
			      const struct masker *mk, const struct cfile *cf,
			      size_t ncf, struct diag *d)
{
	const char *fdir = arena_printf(a, "%s/" FILES_DIR, dir);
	struct stat st;
	size_t i, j;
	int ffd, rc = 0;

	if (mkdirat(dirfd, FILES_DIR, 0700) && errno != EEXIST)
		return diag_set(d, DIAG_IO, NULL, "cannot create '%s': %s",
				fdir, strerror(errno));
	ffd = openat(dirfd, FILES_DIR,
		     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (ffd < 0 || fstat(ffd, &st) || st.st_uid != geteuid()) {
		if (ffd >= 0)
			close(ffd);
		return diag_set(d, DIAG_IO, NULL,
				"'%s' is not a directory of yours", fdir);
	}
	for (i = 0; i < ncf && !rc; i++) {
		struct sbuf sb = SBUF_INIT;

		for (j = 0; j < m->nconfig_docs && !rc; j++)
			if (!strcmp(m->config_docs[j]->file, cf[i].source))
				rc |= json_masked(&sb, m->config_docs[j]->root,
						  mk, MASK_CONFIG, false) ||
				      sbuf_addch(&sb, '\n');
		if (rc)
			rc = diag_set(d, DIAG_LIMIT, NULL, "'%s' is too large",
				      cf[i].source);
		else
			rc = safefile_write_at(ffd, fdir, cf[i].name, sb.buf,
					       sb.len, 0600, d);
		sbuf_release(&sb);
	}
	close(ffd);
	return rc;
}

/* The first 64 bits of SHA-256 of the mask key, in hex. */
static const char *mask_key_id(const struct snapshot_info *m, char out[17])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	unsigned i;

	if (!EVP_Digest(m->mask_key, m->mask_key_len, md, &mdlen, EVP_sha256(),
			NULL) ||
	    mdlen < 8)
		return NULL;
	for (i = 0; i < 8; i++)
		fmt_snprintf(out + 2 * i, 3, "%02x", md[i]);
	return out;
}

static void meta_head(struct jsonw *w, const struct snapshot_info *m)
{
	char idbuf[17];

	jsonw_obj_open(w);
	jsonw_kuint(w, "formatVersion", SNAPSHOT_FORMAT_VERSION);
	jsonw_kstr(w, "tool", m->tool);
	jsonw_kstr(w, "serverVersion", m->server_version);
	jsonw_kstr(w, "context", m->context);
	jsonw_kstr(w, "cluster", m->cluster);
	jsonw_kstr(w, "namespace", m->namespace);
	jsonw_kstr(w, "collectedAt", m->collected_at);
	jsonw_kstr(w, "maskKeyId", mask_key_id(m, idbuf));
}

static void meta_tail(struct jsonw *w, const struct inventory *inv,
		      const struct kube_report *rep, bool complete)
{
	size_t i;

	jsonw_key(w, "forbidden");
	jsonw_arr_open(w);
	for (i = 0; i < inventory_forbidden_count(inv); i++) {
		const char *kind, *ns;
		inventory_forbidden_at(inv, i, &kind, &ns);
		jsonw_obj_open(w);
		jsonw_kstr(w, "kind", kind);
		jsonw_kstr(w, "namespace", ns);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_key(w, "notes");
	jsonw_arr_open(w);
	for (i = 0; i < rep->nnotes; i++)
		jsonw_str(w, rep->notes[i]);
	jsonw_arr_close(w);
	/* the last key: a meta.json without it is an interrupted write */
	jsonw_kbool(w, "complete", complete);
	jsonw_obj_close(w);
}

/* meta.json for the resources written so far (counts NULL: none yet). */
static int meta_build(struct sbuf *out, const struct snapshot_info *m,
		      const struct inventory *inv,
		      const struct kube_report *rep, const char *const *names,
		      const size_t *counts, const struct cfile *cf, size_t ncf,
		      bool complete)
{
	struct jsonw w;
	size_t i;

	sbuf_reset(out);
	jsonw_init(&w, out);
	meta_head(&w, m);
	jsonw_key(&w, "resources");
	jsonw_arr_open(&w);
	for (i = 0; i < rep->nres; i++) {
		const struct kube_resource *r = &rep->res[i];

		if (!names[i])
			continue;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "group", r->group);
		jsonw_kstr(&w, "version", r->version);
		jsonw_kstr(&w, "resource", r->resource);
		jsonw_kstr(&w, "kind", r->kind);
		jsonw_kbool(&w, "namespaced", r->namespaced);
		jsonw_kstr(&w, "file", names[i]);
		jsonw_kuint(&w, "count", counts ? counts[i] : 0);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	if (ncf) {
		jsonw_key(&w, "files");
		jsonw_arr_open(&w);
		for (i = 0; i < ncf; i++) {
			char file[512];

			fmt_snprintf(file, sizeof(file), FILES_PREFIX "%s",
				     cf[i].name);
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "file", file);
			jsonw_kstr(&w, "source", cf[i].source);
			jsonw_kuint(&w, "count", cf[i].count);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
	}
	meta_tail(&w, inv, rep, complete);
	return jsonw_finish(&w);
}

/* ---- writing as objects come (snapshot_stream) --------------------- */

/* One object in the spool: its text, after ",\n", and its kind. */
struct spool_rec {
	uint64_t off;  /* of the ",\n" before it */
	uint32_t len;  /* with the ",\n" */
	uint32_t kind; /* index of its group and kind */
};

struct spool_recs {
	struct spool_rec *v;
	size_t n, alloc;
};

struct snapshot_stream {
	struct arena *a;
	const char *dir;
	int dirfd;
	bool made, replace;
	struct masker mk;
	struct cred *cred;
	struct cfile *cf;
	size_t ncf;
	/* the spool: an unnamed file in dir, the objects' masked text */
	int fd;
	struct sbuf out;
	int werr;	     /* errno of a failed write to it */
	struct strmap kinds; /* "LEN:group/kind" -> index + 1 */
	size_t nkinds;
	struct spool_recs *lists; /* what each list gave, not yet kept */
	size_t nlists;
	struct spool_recs kept; /* in the order the lists completed */
	struct kube_sink sink;
	char *copybuf;
};

#define SPOOL_COPY (1u << 20)

static int spool_sink(void *ctx, const char *p, size_t n)
{
	struct snapshot_stream *ss = ctx;
	int e = safefile_write_all(ss->fd, p, n);

	if (e && !ss->werr)
		ss->werr = e;
	return e ? -1 : 0;
}

static void recs_push(struct spool_recs *r, const struct spool_rec *rec)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 256;
		r->v = xrealloc_array(r->v, r->alloc, sizeof(*r->v));
	}
	r->v[r->n++] = *rec;
}

/*
 * "LEN:group/kind", the key of a kind, in buf (of size n) or, when longer,
 * in a; its length in *len.
 */
static const char *spool_key(struct arena *a, char *buf, size_t n,
			     const char *group, size_t glen, const char *kind,
			     size_t *len)
{
	int k = snprintf(buf, n, "%zu:%.*s/%s", glen, (int)glen, group, kind);

	if (k < 0)
		k = 0;
	*len = (size_t)k;
	if ((size_t)k < n)
		return buf;
	return arena_printf(a, "%zu:%.*s/%s", glen, (int)glen, group, kind);
}

/* The index of group and kind among those seen; new ones are added. */
static size_t kind_index(struct snapshot_stream *ss, const char *group,
			 size_t glen, const char *kind)
{
	char buf[256];
	size_t len;
	const char *key =
	    spool_key(ss->a, buf, sizeof(buf), group, glen, kind, &len);
	void *v = strmap_get(&ss->kinds, key, len);
	char *own;

	if (v)
		return (size_t)(uintptr_t)v - 1;
	/* a kind not seen before: the map borrows its key */
	own = arena_alloc(ss->a, len + 1);
	memcpy(own, key, len);
	strmap_put(&ss->kinds, own, len, (void *)(uintptr_t)++ss->nkinds);
	return ss->nkinds - 1;
}

/* The same for a kind no object may have had: SIZE_MAX then. */
static size_t kind_seen(const struct snapshot_stream *ss, struct arena *a,
			const char *group, const char *kind)
{
	char buf[256];
	size_t len;
	const char *key =
	    spool_key(a, buf, sizeof(buf), group, strlen(group), kind, &len);
	void *v = strmap_get(&ss->kinds, key, len);

	return v ? (size_t)(uintptr_t)v - 1 : SIZE_MAX;
}

static int stream_add(void *ctx, unsigned list, const struct node *obj,
		      const char *api, const char *kind, struct diag *d)
{
	struct snapshot_stream *ss = ctx;
	const char *slash = strchr(api, '/');
	size_t glen = slash ? (size_t)(slash - api) : 0;
	struct spool_rec rec;
	int rc;

	rec.off = sbuf_pos(&ss->out);
	rc = sbuf_adds(&ss->out, ",\n");
	rc |= json_masked(&ss->out, obj, &ss->mk, MASK_NONE,
			  !glen && !strcmp(kind, "ConfigMap"));
	if (rc)
		return diag_set(d, DIAG_IO, NULL,
				"cannot write the snapshot's scratch file in "
				"'%s': %s",
				ss->dir,
				strerror(ss->werr ? ss->werr : ENOSPC));
	if (sbuf_pos(&ss->out) - rec.off > UINT32_MAX ||
	    ss->nkinds >= UINT32_MAX)
		return diag_set(d, DIAG_LIMIT, NULL,
				"an object of %s is more than 4 GiB", kind);
	rec.len = (uint32_t)(sbuf_pos(&ss->out) - rec.off);
	rec.kind = (uint32_t)kind_index(ss, api, glen, kind);
	if (list >= ss->nlists) {
		size_t n = (size_t)list + 1 > 2 * ss->nlists ? (size_t)list + 1
							     : 2 * ss->nlists;

		ss->lists = xrealloc_array(ss->lists, n, sizeof(*ss->lists));
		memset(ss->lists + ss->nlists, 0,
		       (n - ss->nlists) * sizeof(*ss->lists));
		ss->nlists = n;
	}
	recs_push(&ss->lists[list], &rec);
	return 0;
}

static void stream_cut(void *ctx, unsigned list, size_t n)
{
	struct snapshot_stream *ss = ctx;

	if (list < ss->nlists && ss->lists[list].n > n)
		ss->lists[list].n = n;
}

static void stream_keep(void *ctx, unsigned list)
{
	struct snapshot_stream *ss = ctx;
	struct spool_recs *r;
	size_t i;

	if (list >= ss->nlists)
		return;
	r = &ss->lists[list];
	if (!ss->kept.n) { /* the first list kept: its vector as it is */
		free(ss->kept.v);
		ss->kept = *r;
		memset(r, 0, sizeof(*r));
		return;
	}
	for (i = 0; i < r->n; i++)
		recs_push(&ss->kept, &r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int snapshot_stream_open(const char *dir, bool force,
			 const struct snapshot_info *m,
			 struct snapshot_stream **out, struct diag *d)
{
	struct snapshot_stream *ss;
	int rc, fd;

	*out = NULL;
	if (!m->mask_key || m->mask_key_len < 16)
		return diag_set(d, DIAG_USAGE, NULL,
				"a snapshot needs a mask key of at least 16 "
				"bytes");
	ss = xmalloc(sizeof(*ss));
	memset(ss, 0, sizeof(*ss));
	ss->a = arena_new();
	ss->dir = arena_strdup(ss->a, dir);
	ss->dirfd = ss->fd = -1;
	/* the checks' own credential table decides what is masked */
	ss->mk.m = m;
	ss->mk.cred = ss->cred = cred_new(d);
	if (!ss->cred) {
		rc = d->code;
		goto fail;
	}
	rc = config_files(ss->a, m, &ss->cf, &ss->ncf, d);
	if (!rc)
		rc = prepare_dir(ss->a, dir, force, &ss->dirfd, &ss->made,
				 &ss->replace, d);
	if (rc)
		goto fail;
	fd = safefile_scratch_at(ss->dirfd, dir, d);
	if (fd < 0) {
		rc = fd;
		goto fail;
	}
	ss->fd = fd;
	sbuf_set_sink(&ss->out, spool_sink, ss);
	ss->sink.add = stream_add;
	ss->sink.cut = stream_cut;
	ss->sink.keep = stream_keep;
	ss->sink.ctx = ss;
	*out = ss;
	return 0;
fail:
	snapshot_stream_free(ss);
	return rc;
}

const struct kube_sink *snapshot_stream_sink(struct snapshot_stream *ss)
{
	return &ss->sink;
}

/* len bytes of the spool from off to out. */
static int spool_copy(struct snapshot_stream *ss, struct safefile_out *out,
		      uint64_t off, uint64_t len)
{
	if (!ss->copybuf)
		ss->copybuf = xmalloc(SPOOL_COPY);
	while (len) {
		size_t want = len < SPOOL_COPY ? (size_t)len : SPOOL_COPY;
		ssize_t got = pread(ss->fd, ss->copybuf, want, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? errno : EIO;
		if (safefile_out_write(out, ss->copybuf, (size_t)got))
			return 0; /* the commit reports it */
		off += (uint64_t)got;
		len -= (uint64_t)got;
	}
	return 0;
}

/*
 * One resource's List: the kept objects of its kind and group, in their
 * order, copied from the spool (the text of objects next to each other
 * there in one piece).  *count set to the items written.
 */
static int write_resource(struct snapshot_stream *ss, const char *name,
			  const struct kube_resource *r, size_t *count,
			  struct diag *d)
{
	static const char head[] = "{\"apiVersion\":\"v1\",\"kind\":\"List\","
				   "\"metadata\":{},\"items\":[\n";
	static const char tail[] = "\n]}\n";
	struct safefile_out out;
	size_t kind = kind_seen(ss, ss->a, r->group, r->kind), i;
	uint64_t from = 0, to = 0;
	bool run = false; /* from..to: objects next to each other */
	int rc, err = 0;

	*count = 0;
	rc = safefile_open_at(ss->dirfd, ss->dir, name, 0600, &out, d);
	if (rc)
		return rc;
	(void)safefile_out_write(&out, head, sizeof(head) - 1);
	for (i = 0; i < ss->kept.n && kind != SIZE_MAX && !err; i++) {
		const struct spool_rec *rec = &ss->kept.v[i];

		if (rec->kind != kind)
			continue;
		if (!run || rec->off != to) {
			if (run)
				err = spool_copy(ss, &out, from, to - from);
			/* the first item has no ",\n" before it */
			from = *count ? rec->off : rec->off + 2;
			run = true;
		}
		to = rec->off + rec->len;
		++*count;
	}
	if (!err && run)
		err = spool_copy(ss, &out, from, to - from);
	(void)safefile_out_write(&out, tail, sizeof(tail) - 1);
	if (err) {
		safefile_abort(&out);
		return diag_set(d, DIAG_IO, NULL,
				"cannot read the snapshot's scratch file in "
				"'%s': %s",
				ss->dir, strerror(err));
	}
	return safefile_commit(&out, d);
}

int snapshot_stream_finish(struct snapshot_stream *ss,
			   const struct snapshot_info *m,
			   const struct inventory *inv,
			   const struct kube_report *rep, struct diag *d)
{
	struct sbuf meta = SBUF_INIT;
	const char **names;
	size_t *counts, i;
	int rc = 0;

	if (sbuf_flush(&ss->out))
		return diag_set(d, DIAG_IO, NULL,
				"cannot write the snapshot's scratch file in "
				"'%s': %s",
				ss->dir,
				strerror(ss->werr ? ss->werr : ENOSPC));
	names = arena_alloc(ss->a, (rep->nres + 1) * sizeof(*names));
	counts = arena_alloc(ss->a, (rep->nres + 1) * sizeof(*counts));
	for (i = 0; i < rep->nres; i++) {
		const struct kube_resource *r = &rep->res[i];

		names[i] =
		    !r->served || r->forbidden
			? NULL
			: snapshot_file_name(ss->a, r->group, r->resource);
		counts[i] = 0;
	}
	/* the earlier snapshot goes only now that the new one is complete */
	if (ss->replace) {
		rc = remove_snapshot(ss->a, ss->dirfd, ss->dir, d);
		if (rc)
			return rc;
		ss->replace = false;
	}
	ss->made = false; /* it holds a snapshot from here on */
	/*
	 * First a meta.json marked incomplete that lists every file about to
	 * be written (so --force can remove them after an interruption), then
	 * the files, then the complete meta.json.
	 */
	if (meta_build(&meta, m, inv, rep, names, NULL, ss->cf, ss->ncf, false))
		rc = diag_set(d, DIAG_LIMIT, NULL, "meta.json is too large");
	if (!rc)
		rc = write_file(ss->dirfd, ss->dir, "meta.json", &meta, d);
	for (i = 0; i < rep->nres && !rc; i++)
		if (names[i])
			rc = write_resource(ss, names[i], &rep->res[i],
					    &counts[i], d);
	if (!rc && ss->ncf)
		rc = write_config_files(ss->a, ss->dirfd, ss->dir, m, &ss->mk,
					ss->cf, ss->ncf, d);
	if (!rc && meta_build(&meta, m, inv, rep, names, counts, ss->cf,
			      ss->ncf, true))
		rc = diag_set(d, DIAG_LIMIT, NULL, "meta.json is too large");
	if (!rc)
		rc = write_file(ss->dirfd, ss->dir, "meta.json", &meta, d);
	sbuf_release(&meta);
	return rc;
}

void snapshot_stream_free(struct snapshot_stream *ss)
{
	size_t i;

	if (!ss)
		return;
	if (ss->fd >= 0)
		close(ss->fd);
	if (ss->dirfd >= 0)
		close(ss->dirfd);
	/* nothing was written: a directory made for it goes again */
	if (ss->made)
		(void)rmdir(ss->dir);
	sbuf_release(&ss->out);
	for (i = 0; i < ss->nlists; i++)
		free(ss->lists[i].v);
	free(ss->lists);
	free(ss->kept.v);
	free(ss->copybuf);
	strmap_release(&ss->kinds);
	cred_free(ss->cred);
	arena_free(ss->a);
	free(ss);
}

int snapshot_write(const char *dir, bool force, const struct snapshot_info *m,
		   const struct inventory *inv, const struct kube_report *rep,
		   struct diag *d)
{
	struct snapshot_stream *ss = NULL;
	size_t i, n = inventory_size(inv);
	int rc = snapshot_stream_open(dir, force, m, &ss, d);

	if (rc || !ss)
		return rc;
	for (i = 0; i < n && !rc; i++) {
		const struct kobj *o = inventory_object(inv, i);

		rc = stream_add(ss, 0, o->root, o->api_version, o->kind, d);
	}
	if (!rc) {
		stream_keep(ss, 0);
		rc = snapshot_stream_finish(ss, m, inv, rep, d);
	}
	snapshot_stream_free(ss);
	return rc;
}

/* ---- reading --------------------------------------------------------- */

static const struct node *read_tree(struct arena *a, const char *path,
				    struct diag *d)
{
	struct load_limits lim = load_limits_default;
	struct sbuf sb;
	const struct node *n = NULL;

	/* regular files only: a FIFO or a device in a snapshot is not data,
	 * nor is a symbolic link out of it */
	sbuf_init(&sb, input_limit() + 1);
	if (!safefile_read(path, input_limit(), false, false, &sb, d)) {
		lim.max_file = input_limit();
		n = load_tree(a, path, sb.buf, sb.len, &lim, d);
	}
	sbuf_release(&sb);
	return n;
}

/*
 * A list file is read as a stream: each item goes to the inventory as soon
 * as it is parsed and pruned, so neither the file nor its whole tree is
 * held.  An item that names no apiVersion and kind, in a list whose
 * resource does not name them either, waits for the list's own kind
 * (written after the items by kubectl) and is filed at the end.
 */
struct list_sink {
	struct arena *a;
	struct inventory *inv;
	const struct kube_list_src *src;
	struct diag_list *errs;
	bool dump; /* a cluster-info dump file: may be one object */
};

static int sink_item(void *ctx, const struct node *it)
{
	struct list_sink *ls = ctx;
	const char *api = node_get_str(it, "apiVersion");
	const char *kind = node_get_str(it, "kind");
	bool own = api && kind && *api && *kind && !ls->src->force;

	if (!own && !(ls->src->api_version && ls->src->kind))
		return 0;
	kube_items_add(ls->a, ls->inv, ls->src, &it, 1, NULL, NULL, ls->errs);
	return 1;
}

static void sink_root(void *ctx, const struct node *root)
{
	struct list_sink *ls = ctx;

	if (!ls->dump || node_get(root, "items"))
		kube_list_add(ls->a, ls->inv, ls->src, root, ls->errs);
	else
		kube_items_add(ls->a, ls->inv, ls->src, &root, 1, NULL, NULL,
			       ls->errs);
}

/* Regular files only: a FIFO or a device in a snapshot is not data, nor
 * is a symbolic link out of it. */
static void read_list(struct arena *a, struct inventory *inv,
		      const struct kube_list_src *src, bool dump,
		      struct diag_list *errs)
{
	struct list_sink ls = { a, inv, src, errs, dump };
	/* every item is added as it is (copied, not changed), so the
	 * loader may ask the inventory about controllers */
	struct load_sink sink = { sink_item, sink_root, &ls,
				  src->force ? NULL : inv };
	struct diag d;
	int fd;

	if (safefile_open_read(src->file, stream_limit(), false, false, &fd,
			       &d)) {
		diag_list_add(errs, &d);
		return;
	}
	load_fd_sink(a, src->file, fd, NULL, &sink, errs);
	close(fd);
}

static const char *str_or_null(struct arena *a, const struct node *obj,
			       const char *key)
{
	const char *s = node_get_str(obj, key);

	return s ? arena_strdup(a, s) : NULL;
}

/* The configuration files meta.json lists (files), loaded as files. */
static void read_config_files(struct arena *a, struct inventory *inv,
			      const char *dir, const struct node *files,
			      struct diag_list *errs)
{
	const char *fdir = arena_printf(a, "%s/" FILES_DIR, dir);
	struct load_limits lim = load_limits_default;
	struct stat st;
	struct diag fd;
	size_t i;

	if (!node_count(files))
		return;
	/* the directory itself must be one, not a link out of the snapshot */
	if (lstat(fdir, &st) || !S_ISDIR(st.st_mode)) {
		diag_set(&fd, DIAG_IO, NULL, "'%s' is not a directory", fdir);
		diag_list_add(errs, &fd);
		return;
	}
	lim.max_file = input_limit();
	for (i = 0; i < node_count(files); i++) {
		const struct node *e = node_at(files, i);
		const char *name = stored_name(node_get_str(e, "file"));
		struct sbuf sb;
		const char *path;

		if (!name) {
			struct srcloc loc = { "meta.json", e->line,
					      node_col(e) };
			diag_set(&fd, DIAG_SCHEMA, &loc,
				 "expected a file '" FILES_PREFIX "NAME'");
			diag_list_add(errs, &fd);
			continue;
		}
		path = arena_printf(a, "%s/%s", fdir, name);
		sbuf_init(&sb, input_limit() + 1);
		if (safefile_read(path, input_limit(), false, false, &sb, &fd))
			diag_list_add(errs, &fd);
		else
			load_buffer(a, inv, path, sb.buf, sb.len, &lim, errs);
		sbuf_release(&sb);
	}
}

/*
 * In which of three passes a snapshot's resource is read: Pods last, and
 * ReplicaSets and Jobs after everything else, so that every workload's
 * controller is read before it and the loader keeps no more than its
 * metadata (prune.h, PRUNE_OWNED) instead of holding its spec until the
 * controller comes.  The objects are the same whatever the order.
 */
static size_t read_pass(const char *group, const char *kind)
{
	if (!group || !kind)
		return 0;
	if (!*group && !strcmp(kind, "Pod"))
		return 2;
	if (((!strcmp(group, "apps") || !strcmp(group, "extensions")) &&
	     !strcmp(kind, "ReplicaSet")) ||
	    (!strcmp(group, "batch") && !strcmp(kind, "Job")))
		return 1;
	return 0;
}

static int read_threatmap(struct arena *a, struct inventory *inv,
			  const char *dir, const struct node *meta,
			  struct snapshot_info *m, struct diag_list *errs,
			  struct diag *d)
{
	const struct node *res = node_get(meta, "resources");
	const struct node *forb = node_get(meta, "forbidden");
	long long ver;
	size_t i;

	if (!node_int(node_get(meta, "formatVersion"), &ver) ||
	    ver != SNAPSHOT_FORMAT_VERSION)
		return diag_set(
		    d, DIAG_SCHEMA, NULL,
		    "'%s/meta.json': formatVersion %s is not %d", dir,
		    node_scalar_text(node_get(meta, "formatVersion")),
		    SNAPSHOT_FORMAT_VERSION);
	if (node_get(meta, "complete") &&
	    !node_is(node_get(meta, "complete"), NODE_BOOL))
		return diag_set(d, DIAG_SCHEMA, NULL,
				"'%s/meta.json': complete must be true or "
				"false",
				dir);
	if (node_is_false(node_get(meta, "complete")))
		return diag_set(d, DIAG_USAGE, NULL,
				"snapshot '%s' is incomplete: it was "
				"interrupted while being written (meta.json "
				"says \"complete\": false); take it again "
				"with --force",
				dir);
	m->format = "threatmap";
	m->context = str_or_null(a, meta, "context");
	m->cluster = str_or_null(a, meta, "cluster");
	m->server_version = str_or_null(a, meta, "serverVersion");
	m->namespace = str_or_null(a, meta, "namespace");
	m->collected_at = str_or_null(a, meta, "collectedAt");
	m->tool = str_or_null(a, meta, "tool");
	m->mask_key_id = str_or_null(a, meta, "maskKeyId");
	for (i = 0; i < 3 * node_count(res); i++) {
		const struct node *r = node_at(res, i % node_count(res));
		const char *file = node_get_str(r, "file");
		const char *group = node_get_str(r, "group");
		const char *version = node_get_str(r, "version");
		struct kube_list_src src = { 0 };
		struct diag fd;

		if (read_pass(group, node_get_str(r, "kind")) !=
		    i / node_count(res))
			continue;
		if (!plain_name(file) || !group || !version) {
			struct srcloc loc = { "meta.json", r->line,
					      node_col(r) };
			diag_set(
			    &fd, DIAG_SCHEMA, &loc,
			    "expected a resource with group, version and a "
			    "plain file name");
			diag_list_add(errs, &fd);
			continue;
		}
		src.file = arena_printf(a, "%s/%s", dir, file);
		src.api_version =
		    *group ? arena_printf(a, "%s/%s", group, version) : version;
		src.kind = node_get_str(r, "kind");
		read_list(a, inv, &src, false, errs);
	}
	read_config_files(a, inv, dir, node_get(meta, "files"), errs);
	for (i = 0; i < node_count(forb); i++) {
		const struct node *f = node_at(forb, i);
		const char *kind = node_get_str(f, "kind");
		if (kind)
			inventory_forbid(inv, kind,
					 node_get_str(f, "namespace"));
	}
	return 0;
}

/*
 * A dump directory's files by name, but replicasets.json after the rest
 * and pods.json last (read_pass()): their items name no kind, the loader
 * takes it from the List's (a PodList's items are Pods), and a Pod read
 * after its ReplicaSet keeps its metadata only.
 */
static int dump_rank(const char *name)
{
	if (!strcmp(name, "pods.json"))
		return 2;
	return !strcmp(name, "replicasets.json");
}

static int cmp_dump_name(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;
	int ra = dump_rank(a), rb = dump_rank(b);

	return ra != rb ? ra - rb : strcmp(a, b);
}

/* One cluster-info dump file: a List (or a single object). */
static void read_dump_file(struct arena *a, struct inventory *inv,
			   const char *path, struct diag_list *errs)
{
	struct kube_list_src src = { .file = path };

	read_list(a, inv, &src, true, errs);
}

static int read_dump_dir(struct arena *a, struct inventory *inv,
			 const char *dir, int depth, size_t *files,
			 struct diag_list *errs)
{
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *e;
	DIR *dp = opendir(dir);

	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			names = xrealloc_array(names, alloc, sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_dump_name);
	for (i = 0; i < n; i++) {
		char *p = arena_printf(a, "%s/%s", dir, names[i]);
		size_t l = strlen(names[i]);
		struct stat st;

		if (lstat(p, &st) != 0) {
			struct diag fd;
			diag_set(&fd, DIAG_IO, NULL, "cannot stat '%s': %s", p,
				 strerror(errno));
			diag_list_add(errs, &fd);
		} else if (S_ISDIR(st.st_mode) && depth == 0) {
			read_dump_dir(a, inv, p, 1, files, errs);
		} else if (S_ISREG(st.st_mode) && l > 5 &&
			   !strcmp(names[i] + l - 5, ".json") &&
			   strcmp(names[i], "events.json")) {
			/* events say nothing about configuration */
			read_dump_file(a, inv, p, errs);
			++*files;
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

/*
 * The layout of `kubectl cluster-info dump --output-directory`: nodes.json
 * and one directory per namespace at the top.  The first top-level entry
 * that does not fit (a pods.json, a temporary file of an interrupted
 * snapshot), or NULL when the layout fits.
 */
static const char *not_dump_layout(struct arena *a, const char *dir)
{
	const char *stray = NULL;
	struct dirent *e;
	DIR *dp = opendir(dir);

	if (!dp)
		return NULL; /* read_dump_dir() reports it */
	while (!stray && (e = readdir(dp))) {
		const char *p;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, "nodes.json"))
			continue;
		p = arena_printf(a, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			continue;
		if (strstr(e->d_name, ".json"))
			stray = arena_strdup(a, e->d_name);
	}
	closedir(dp);
	return stray;
}

int snapshot_read(struct arena *a, struct inventory *inv, const char *dir,
		  struct snapshot_info *m, struct diag_list *errs,
		  struct diag *d)
{
	const char *mpath = arena_printf(a, "%s/meta.json", dir);
	const char *stray;
	struct stat st;
	size_t files = 0;

	memset(m, 0, sizeof(*m));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return diag_set(d, DIAG_IO, NULL,
				"snapshot '%s' is not a directory", dir);
	if (lstat(mpath, &st) == 0) {
		const struct node *meta = read_tree(a, mpath, d);
		if (!meta)
			return d->code;
		return read_threatmap(a, inv, dir, meta, m, errs, d);
	}
	stray = not_dump_layout(a, dir);
	if (stray)
		return diag_set(d, DIAG_USAGE, NULL,
				"'%s' has no meta.json but holds '%s': an "
				"interrupted threatmap snapshot (take it again "
				"with --force), not a kubectl cluster-info "
				"dump, which has only nodes.json and one "
				"directory per namespace at its top",
				dir, stray);
	m->format = "cluster-info-dump";
	if (read_dump_dir(a, inv, dir, 0, &files, errs))
		return diag_errno(d, DIAG_IO, errno, "cannot read '%s'", dir);
	if (!files)
		return diag_set(d, DIAG_USAGE, NULL,
				"'%s' holds neither a threatmap snapshot "
				"(meta.json) nor a kubectl cluster-info dump "
				"(*.json files)",
				dir);
	return 0;
}
