/* image-not-pinned: images by a version tag but not by digest. */
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

static const char *const techniques[] = { "MS-TA9002", NULL };
static const char *const attack[] = { "T1195.002", "T1525", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Compromised%20images%20in%20registry/",
	"https://kubernetes.io/docs/concepts/containers/images/#image-names",
	NULL,
};

const struct check check_image_not_pinned = {
	.id = "image-not-pinned",
	.title = "Image not pinned by digest",
	.severity = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A version tag such as :1.4.2 is a convention, not a guarantee: "
	    "registries let a tag be pushed again, so a compromised "
	    "registry account can replace the build behind a tag that "
	    "manifests already trust.  Only a digest (@sha256:...) names "
	    "one immutable image.  Images by :latest or without a tag are "
	    "left to image-latest-tag.  Low: a supply-chain hardening "
	    "measure that nearly every manifest lacks.",
	.remediation =
	    "Append the digest of the tested build to the reference "
	    "(tools such as crane digest or skopeo inspect print it) and "
	    "update it through your release process.",
	.details = IMAGE_NAMES_DETAILS
	"- **Looks at:** images with a tag other than `latest` and "
	"no digest\n"
	"  (image-latest-tag has the rest, so never both on one "
	"container).\n" IMAGE_VOLUMES_DETAILS,
	.fix = "image: registry.example.com/shop/web:4.2.1@sha256:"
	       "<digest of the build>\n",
	.references = references,
	.pod = judge_volumes,
	.container = judge,
};

static void judge(struct findings *out, const struct wl_iter *it)
{
	const struct node *img = node_get(it->c, "image");
	char path[WL_PATH_MAX + 16];
	struct image_ref r;
	struct finding *fd;

	if (!node_str(img) || !image_parse(node_str(img), &r) ||
	    image_pinned(&r) || !strcmp(image_tag(&r), "latest"))
		return;
	fd = finding_add(out, &check_image_not_pinned, it->pv->obj, it->name,
			 "%s '%s' runs image '%s' by tag, not by digest",
			 wl_list_noun(it->list), it->name, node_str(img));
	fmt_snprintf(path, sizeof(path), "%s.image", it->path);
	finding_evidence(out, fd, img, path, "%s", node_str(img));
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
		struct finding *fd;

		if (!strcmp(image_tag(&r), "latest"))
			continue;
		fd = finding_add(out, &check_image_not_pinned, pv->obj, NULL,
				 "volume '%s' mounts image '%s' by tag, not by "
				 "digest",
				 v.name, node_str(v.ref));
		fmt_snprintf(path, sizeof(path), "%s.reference", v.path);
		finding_evidence(out, fd, v.ref, path, "%s", node_str(v.ref));
	}
}
