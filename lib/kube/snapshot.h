/*
 * snapshot.h - write a collected cluster to a directory and read it back.
 *
 * A snapshot directory (mode 0700, files 0600) holds meta.json and one
 * JSON List per resource: core and *.k8s.io resources as RESOURCE.json
 * ("pods.json", "clusterrolebindings.json"), others as RESOURCE.GROUP.json
 * ("clusterpolicies.kyverno.io.json").  Every item carries apiVersion and
 * kind, one item per line, so the files are readable by jq and a finding's
 * location is file:line.  Nothing unredacted is written: the objects come
 * from the inventory or the collection, already without managedFields,
 * the last-applied annotation and Secret values, and are masked before
 * they reach a file.
 *
 * meta.json (formatVersion 1):
 *   formatVersion, tool, serverVersion, context, cluster (server URL),
 *   namespace (null: all), collectedAt (RFC 3339 UTC),
 *   resources: [{group, version, resource, kind, namespaced, file, count}],
 *   forbidden: [{kind, namespace (null: everywhere)}], notes: [text],
 *   maskKeyId, complete (true; false while the snapshot is being written)
 *
 * files/NAME: configuration documents no API serves (snapshot_info's
 * config_docs), the documents of each input file NAME (its base name;
 * two inputs of the same base name are refused) as one JSON object a
 * line, key material (any "secret" string, as EncryptionConfiguration's
 * keys[].secret) masked as below.  Reading loads them as files named
 * after NAME, so they are named and linked to the API server's flags as
 * when scanned from the files themselves.  meta.json lists them:
 *   files: [{file: "files/NAME", source (the path given), count}]
 *
 * Writing: the directory must not be a symbolic link and must belong to
 * the caller; every file is created exclusively under a random temporary
 * name and renamed (safefile.h).  meta.json is written first with
 * "complete": false and the list of files to come, last with "complete":
 * true; --force removes only the files an earlier meta.json lists.
 *
 * snapshot_read() refuses a meta.json with "complete": false, and a
 * directory without meta.json that does not have the layout of
 * `kubectl cluster-info dump --output-directory`: nodes.json and one
 * directory per namespace at the top (NS/pods.json, ...), which it reads
 * (pod logs and events skipped).  Only regular files are read, never
 * through a symbolic link.
 */
#ifndef THREATMAP_SNAPSHOT_H
#define THREATMAP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct diag_list;
struct inventory;
struct kobj;
struct kube_report;

#define SNAPSHOT_FORMAT_VERSION 1

/*
 * Values of env vars and ConfigMap keys that the credential table of
 * cred.h judges credentials (cred_match() with the var or key name) are
 * written masked:
 *   "threatmap-masked:v1:strong:len=8-15:hmac=<32 hex>"
 * (CRED_MASKED_PREFIX, then the strength of the hit, or for a kubeconfig
 * "kubeconfig:users[N].user.FIELD" as cred_kubeconfig() found it): that a literal
 * value was there, how strongly it looked like a credential, its length
 * class (1-7, 8-15, ..., 1024+) and the first 128 bits of
 * HMAC-SHA256(mask_key, value), so that two snapshots taken with the same
 * key show whether a value changed without revealing it.  cred_match()
 * reads the masked form back as a hit of that strength, so the checks
 * report on a snapshot what they reported live.  meta.json carries
 * maskKeyId (the first 64 bits of SHA-256 of the key) to tell whether
 * two snapshots are comparable.
 */

struct snapshot_info {
	const char *format; /* "threatmap" or "cluster-info-dump" */
	const char *context;
	const char *cluster; /* server URL */
	const char *server_version;
	const char *namespace;	  /* NULL: the whole cluster */
	const char *collected_at; /* RFC 3339 */
	const char *tool;	  /* "threatmap 0.1.0" */
	/* the HMAC key of masked values (writing; at least 16 bytes) */
	const unsigned char *mask_key;
	size_t mask_key_len;
	const char *mask_key_id; /* read back from meta.json, or NULL */
	/*
	 * Writing: configuration documents no API serves, given as files
	 * (inventory_is_config_doc(): the API server's audit Policy,
	 * AuthenticationConfiguration, AdmissionConfiguration,
	 * EncryptionConfiguration, a KubeletConfiguration, TrustedRegistries)
	 * and kept in the snapshot; NULL/0: none.
	 */
	const struct kobj *const *config_docs;
	size_t nconfig_docs;
};

/*
 * Write inv (as collected per rep) to dir.  dir is created (0700) when
 * missing; a symbolic link, a directory of another user, and an existing
 * non-empty dir are refused, the latter unless force, which first removes
 * the earlier snapshot's files.  Returns 0 or a negative diag code
 * (DIAG_USAGE for a refused directory, DIAG_IO).
 */
int snapshot_write(const char *dir, bool force, const struct snapshot_info *m,
		   const struct inventory *inv, const struct kube_report *rep,
		   struct diag *d) __attribute__((warn_unused_result));

/*
 * The same, written while the cluster is collected, so that the objects
 * are never held all at once (kube_opts.sink):
 *
 * snapshot_stream_open() takes dir as snapshot_write() does and refuses
 * what it refuses, before anything is collected, but removes nothing yet;
 * m's mask key masks the objects as they come, so m must outlive the
 * stream.  Each object goes masked to an unnamed scratch file in dir, and
 * only its place there and its kind are kept.
 *
 * snapshot_stream_finish() then removes the earlier snapshot (force),
 * writes the List files from the scratch file and meta.json, as
 * snapshot_write() does, for inv's forbidden kinds and rep's resources.
 *
 * snapshot_stream_free() ends it; a directory open made is removed again
 * when finish never ran.
 */
struct snapshot_stream;
struct kube_sink;
int snapshot_stream_open(const char *dir, bool force,
			 const struct snapshot_info *m,
			 struct snapshot_stream **out, struct diag *d)
    __attribute__((warn_unused_result));
const struct kube_sink *snapshot_stream_sink(struct snapshot_stream *ss);
int snapshot_stream_finish(struct snapshot_stream *ss,
			   const struct snapshot_info *m,
			   const struct inventory *inv,
			   const struct kube_report *rep, struct diag *d)
    __attribute__((warn_unused_result));
void snapshot_stream_free(struct snapshot_stream *ss);

/*
 * Read a snapshot or cluster-info dump directory into inv (not finished);
 * forbidden kinds are restored with inventory_forbid().  m is filled with
 * strings in a.  Object problems go to errs; returns 0 or a negative diag
 * code when the directory cannot be read as either.
 */
int snapshot_read(struct arena *a, struct inventory *inv, const char *dir,
		  struct snapshot_info *m, struct diag_list *errs,
		  struct diag *d) __attribute__((warn_unused_result));

/* The file name of a resource in a snapshot, in a. */
const char *snapshot_file_name(struct arena *a, const char *group,
			       const char *resource);

#endif
