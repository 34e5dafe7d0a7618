/*
 * prune.h - what is dropped or blanked from every object read, by the
 * loader (files, snapshots) and by the live client alike.
 *
 * managedFields and the last-applied-configuration annotation repeat the
 * object and would double the memory of a scan; Secret values are never
 * kept, so no report or snapshot can leak them (their keys stay, for the
 * checks that look at which keys exist).  One table says it for both.
 */
#ifndef THREATMAP_PRUNE_H
#define THREATMAP_PRUNE_H

#include <stdbool.h>
#include <stddef.h>

/* Where a member sits in an object. */
enum prune_at {
	PRUNE_AT_ROOT,	      /* a member of the object itself */
	PRUNE_AT_METADATA,    /* a member of metadata */
	PRUNE_AT_ANNOTATIONS, /* a member of metadata.annotations */
};

enum prune_action {
	PRUNE_KEEP,
	PRUNE_DROP,	    /* leave the member out */
	PRUNE_BLANK_VALUES, /* keep the keys of the object, values "" */
};

/*
 * What happens to member (key, len) at at of an object of kind (NULL:
 * not known yet).  A rule for one kind only (Secret data) answers
 * PRUNE_KEEP while the kind is unknown; prune_depends_on_kind() tells the
 * streaming loader to look again once it is.
 */
enum prune_action prune_member(enum prune_at at, const char *kind,
			       const char *key, size_t len);

/* Does a rule for (key, len) at at apply to one kind only? */
bool prune_depends_on_kind(enum prune_at at, const char *key, size_t len);

/*
 * Pruning by declaration: what no check reads is dropped while parsing.
 * The program hands the loader the members its checks and analyses read
 * at these places of an object -- the status of each kind, a pod spec
 * (spec of a Pod, spec.template.spec of a controller, template.spec of a
 * PodTemplate, spec.jobTemplate.spec.template.spec of a CronJob, of the
 * built-in API groups), a container of a pod spec (containers,
 * initContainers, ephemeralContainers), a probe of a container and the
 * httpGet or tcpSocket of a probe, the source of a volume (the value of
 * each key of a volume, hostPath, secret, projected..., and of each entry
 * of a projected volume's sources), and the metadata of an object and
 * each of its ownerReferences, and the members of a built-in workload
 * (a Pod, a ReplicaSet, a Job...) whose controlling owner, a workload of
 * the same namespace with the uid its controller reference names, was
 * read before it -- and every other member there is left out.  Findings
 * about such a workload are reported on its controller, whose template
 * says what it runs, so its spec and status are not built: of the pods of
 * a Deployment read after their ReplicaSet, only apiVersion, kind,
 * metadata and what the declaration names are kept.  The loader asks the
 * inventory (inventory_controller_read()) whether the owner was read and
 * will be added; the metadata must come before spec, as the API server
 * and kubectl write them.  The status of a kind with no declared member is dropped whole.
 * Of the metadata of such a workload, what is not named at
 * PRUNE_OWNED_META (its labels and annotations) is left out too, and its
 * arrays and objects are emptied when the controller comes later: the
 * loader builds them in an arena of the object's own until the answer is
 * known (ownerReferences follow labels in what the API server and kubectl
 * write), then leaves them out, hands them to the inventory with the
 * spec, or copies them back.
 * The spec of such a workload outside its template (replicas, selector,
 * strategy of a Deployment; parallelism of a Job) is a place too, and so
 * is the spec of a kind of the core group (apiVersion v1) the declaration
 * names members of (a Service: the members exposure reads); another
 * group's kind of the same name (a Knative Service) keeps its spec.
 * The metadata, owner, probe, volume and workload spec places are pruned
 * only when the declaration names a member there; the metadata
 * of a document that may be a List (its kind unknown when metadata starts,
 * or ending in "List") is kept whole, since a List's metadata says how to
 * fetch the next page.  The loader (files, snapshots) and the live client
 * prune this way; it changes no
 * finding as long as the declaration is complete, which the test suite
 * proves by scanning every fixture with and without it.
 */
enum prune_place {
	PRUNE_STATUS,	 /* status of kind */
	PRUNE_PODSPEC,	 /* a pod spec */
	PRUNE_CONTAINER, /* a container of a pod spec */
	PRUNE_METADATA,	 /* metadata of an object */
	/* livenessProbe, readinessProbe, startupProbe of a container */
	PRUNE_PROBE,
	PRUNE_PROBE_ACTION,  /* httpGet, tcpSocket of such a probe */
	PRUNE_VOLUME_SOURCE, /* hostPath, secret, ... of a volume */
	PRUNE_OWNER_REF,     /* an entry of metadata.ownerReferences */
	/* a member of a built-in workload whose controller was read first */
	PRUNE_OWNED,
	/* a member of the metadata of such a workload */
	PRUNE_OWNED_META,
	/*
	 * a member of the spec of a built-in workload with a pod template
	 * (a Deployment's, a Job's...): template, replicas, strategy...
	 */
	PRUNE_WORKLOAD_SPEC,
	/* a member of the spec of an object of the core group (kind) */
	PRUNE_SPEC,
	PRUNE_PLACES, /* the number of places */
};

struct prune_read {
	enum prune_place place;
	/*
	 * PRUNE_STATUS: the kind; PRUNE_METADATA: the kind, or NULL for
	 * every kind; else NULL
	 */
	const char *kind;
	const char *member;
};

/*
 * Install a declaration, terminated by an entry whose member is NULL, for
 * the loads that follow (NULL: prune nothing by declaration, the default).
 * The table is borrowed and must outlive the loads; set it before loading.
 */
void prune_set_reads(const struct prune_read *reads);
const struct prune_read *prune_reads(void);

/*
 * Is (key, len) kept at place (kind: the object's kind, for status and
 * metadata; NULL while unknown, and then a member declared for some kind
 * is kept)?  true for everything when no declaration is installed.
 */
bool prune_keeps(enum prune_place place, const char *kind, const char *key,
		 size_t len);

/* Is anything of kind's status kept?  true with no declaration. */
bool prune_keeps_status(const char *kind);

/* Does the declaration name a member of kind at place (false with none)? */
bool prune_names_kind(enum prune_place place, const char *kind);

/* Does the declaration name a member at place (false with none)? */
bool prune_declares(enum prune_place place);

#endif
