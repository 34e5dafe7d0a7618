/*
 * image-pull-policy: a mutable image reference that the kubelet runs from
 * its cache (IfNotPresent or Never, set or defaulted).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "image.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"
#include "checks/image_names.h"

static void judge(struct findings *out, const struct wl_iter *it);
static void judge_volumes(const struct scan *s, struct findings *out,
			  const struct pod_view *pv);
static const char *cached_policy(const struct node *pol,
				 const struct image_ref *r);

static const char *const techniques[] = { "MS-TA9002", NULL };
static const char *const attack[] = { "T1525", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/concepts/containers/images/"
	"#image-pull-policy",
	"https://kubernetes.io/docs/reference/access-authn-authz/"
	"admission-controllers/#alwayspullimages",
	NULL,
};

const struct check check_image_pull_policy = {
	.id = "image-pull-policy",
	.title = "Mutable image run from the node's cache",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "With imagePullPolicy IfNotPresent (the default for any tag "
	    "but latest) or Never, the kubelet starts whatever image a "
	    "node already holds under that tag: a build replaced in the "
	    "registry, or planted on the node, keeps running without any "
	    "check against the registry, and on a shared node a pod can "
	    "start a private image another tenant pulled without having "
	    "the pull secret (the reason for the AlwaysPullImages admission "
	    "plugin).  Images pinned by digest are immutable and not "
	    "reported.  Low: it takes a registry or node compromise to "
	    "matter; stricter tools flag every policy but Always, this "
	    "check only mutable references.",
	.remediation =
	    "Pin images by digest, or set imagePullPolicy: Always (and "
	    "enable the AlwaysPullImages admission plugin on multi-tenant "
	    "clusters).",
	.details = IMAGE_NAMES_DETAILS
	"- **Looks at:** a reference without a digest run with "
	"`IfNotPresent` or\n"
	"  `Never`, written or defaulted (the API defaults every tag but "
	"`latest` to\n"
	"  `IfNotPresent`).\n"
	"- **Image volumes** (`volumes[].image`, Kubernetes 1.31+): "
	"their\n"
	"  `pullPolicy` is read and defaulted the same way.\n"
	"- **Where peers differ:** stricter tools want `Always` "
	"everywhere, digests\n"
	"  included; a digest cannot change, so it is silent here.\n",
	.fix = "image: registry.example.com/shop/web:4.2.1\n"
	       "imagePullPolicy: Always\n",
	.references = references,
	.pod = judge_volumes,
	.container = judge,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	const struct node *img = node_get(it->c, "image");
	const struct node *pol = node_get(it->c, "imagePullPolicy");
	char path[WL_PATH_MAX + 32];
	const char *policy;
	struct image_ref r;
	struct finding *fd;

	if (!node_str(img) || !image_parse(node_str(img), &r) ||
	    image_pinned(&r))
		return;
	if (!(policy = cached_policy(pol, &r)))
		return;
	fd = finding_add(out, &check_image_pull_policy, it->pv->obj, it->name,
			 "%s '%s' runs mutable image '%s' from the node's "
			 "cache (imagePullPolicy %s%s)",
			 wl_list_noun(it->list), it->name, node_str(img),
			 policy, pol ? "" : " by default");
	fmt_snprintf(path, sizeof(path), "%s.imagePullPolicy", it->path);
	finding_evidence(out, fd, pol ? pol : img, path, "%s",
			 pol ? policy : "unset (IfNotPresent)");
}

/*
 * The pull policy of reference r written as pol (NULL when unset), with
 * the API's default: Always for latest, IfNotPresent for any other tag.
 * NULL when it is neither IfNotPresent nor Never.
 */
static const char *cached_policy(const struct node *pol,
				 const struct image_ref *r)
{
	const char *policy;

	if (node_str(pol))
		policy = node_str(pol);
	else
		policy =
		    strcmp(image_tag(r), "latest") ? "IfNotPresent" : "Always";
	if (strcmp(policy, "IfNotPresent") != 0 && strcmp(policy, "Never") != 0)
		return NULL;
	return policy;
}

static void judge_volumes(const struct scan *s, struct findings *out,
			  const struct pod_view *pv)
{
	struct wl_image_volume v;
	struct image_ref r;
	size_t next = 0;

	(void)s;
	while (image_next_mutable_volume(pv, &next, &v, &r)) {
		char path[WL_PATH_MAX + 16];
		const char *policy;
		struct finding *fd;

		if (!(policy = cached_policy(v.pull, &r)))
			continue;
		fd = finding_add(out, &check_image_pull_policy, pv->obj, NULL,
				 "volume '%s' mounts mutable image '%s' from "
				 "the node's cache (pullPolicy %s%s)",
				 v.name, node_str(v.ref), policy,
				 v.pull ? "" : " by default");
		fmt_snprintf(path, sizeof(path), "%s.pullPolicy", v.path);
		finding_evidence(out, fd, v.pull ? v.pull : v.ref, path, "%s",
				 v.pull ? policy : "unset (IfNotPresent)");
	}
}
