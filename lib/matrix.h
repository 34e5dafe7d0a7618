/*
 * matrix.h - the Microsoft Threat Matrix for Kubernetes, as data.
 *
 * The tables are generated at build time from the matrix TSV files (facts from the
 * published matrix and MITRE ATT&CK) and are read-only.  Tactic ids are the
 * path segments of the published site ("InitialAccess"): Microsoft gives
 * tactics no IDs of their own.  Technique ids are "MS-TA9001"...; they are
 * technique ids despite the "TA".
 */
#ifndef THREATMAP_MATRIX_H
#define THREATMAP_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

/* How a technique can be judged. */
enum mx_observability {
	MX_OBS_CONFIG,	/* the technique is a state of API objects */
	MX_OBS_PARTIAL, /* objects show who could; the act is runtime */
	MX_OBS_RUNTIME, /* nothing in the API bears on it */
	MX_OBS_CLOUD,	/* decided by cloud IAM or metadata services */
};

struct mx_tactic {
	const char *id;	       /* "InitialAccess" */
	const char *name;      /* "Initial Access" */
	const char *attack_id; /* "TA0001" */
};

struct mx_technique {
	const char *id;		    /* "MS-TA9018" */
	const char *name;	    /* "Privileged container" */
	const char *const *tactics; /* tactic ids, matrix column order */
	const char *const
	    *attack_ids; /* Microsoft's ATT&CK mapping, may be empty */
	enum mx_observability observability;
	const char *evidence; /* objects and fields an auditor reads */
	const char *const *mitigations; /* "MS-M9013", ... */
	/*
	 * What would reveal a technique configuration cannot judge (runtime
	 * or cloud): one line; NULL for config and partial ones.
	 */
	const char *reveal;
};

/* Configuration can judge t: observability config or partial. */
bool matrix_judgeable(const struct mx_technique *t);

struct mx_mitigation {
	const char *id;
	const char *name;
	const char *const *attack_ids;
};

struct mx_attack {
	const char *id;		       /* "T1610" */
	const char *name;	       /* "Deploy Container" */
	const char *const *tactic_ids; /* "TA0002", ... */
	bool containers_platform;
};

extern const struct mx_tactic mx_tactics[];
extern const size_t mx_ntactics;
extern const struct mx_technique mx_techniques[];
extern const size_t mx_ntechniques;
extern const struct mx_mitigation mx_mitigations[];
extern const size_t mx_nmitigations;
extern const struct mx_attack mx_attack[];
extern const size_t mx_nattack;

/* Lookups by id; NULL when unknown.  matrix_tactic also takes the name. */
const struct mx_tactic *matrix_tactic(const char *id);
const struct mx_technique *matrix_technique(const char *id);
const struct mx_mitigation *matrix_mitigation(const char *id);
const struct mx_attack *matrix_attack(const char *id);

/* Technique sits under tactic (by tactic id). */
bool matrix_technique_in_tactic(const struct mx_technique *t,
				const char *tactic_id);

const char *matrix_observability_name(enum mx_observability o);

#endif
