/* image-latest-tag: images by :latest or with no tag at all. */
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

const struct check check_image_latest_tag = {
	.id = "image-latest-tag",
	.title = "Image by :latest or without a tag",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "An image named without a tag is pulled as :latest, and "
	    ":latest moves with every push: whoever can push to the "
	    "repository (a stolen CI token, a compromised upstream) decides "
	    "what the next pod start runs, and nobody can tell from the "
	    "manifest which build is running.  Images pinned by digest "
	    "(@sha256:...) are not reported even when they also carry "
	    "latest.  Every container is judged, init and ephemeral ones "
	    "included, and every image volume (an image or artifact "
	    "mounted into the pod, Kubernetes 1.31+).  Medium: it is the "
	    "easiest road for a compromised "
	    "image into the cluster, but needs a registry compromise first.",
	.remediation =
	    "Reference images by an immutable version tag and, better, by "
	    "digest (repo/app:1.4.2@sha256:...); enforce it with an "
	    "admission policy.",
	.details = IMAGE_NAMES_DETAILS
	"- **Looks at:** `:latest` and untagged images. "
	"image-not-pinned reports\n"
	"  the other undigested ones; the two never fire on the "
	"same container.\n" IMAGE_VOLUMES_DETAILS,
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
	    image_pinned(&r) || strcmp(image_tag(&r), "latest") != 0)
		return;
	fd = finding_add(out, &check_image_latest_tag, it->pv->obj, it->name,
			 "%s '%s' runs image '%s' %s", wl_list_noun(it->list),
			 it->name, node_str(img),
			 r.tag[0] ? "by its mutable :latest tag"
				  : "without a tag (pulled as :latest)");
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

		if (strcmp(image_tag(&r), "latest") != 0)
			continue;
		fd = finding_add(
		    out, &check_image_latest_tag, pv->obj, NULL,
		    "volume '%s' mounts image '%s' %s", v.name, node_str(v.ref),
		    r.tag[0] ? "by its mutable :latest tag"
			     : "without a tag (pulled as :latest)");
		fmt_snprintf(path, sizeof(path), "%s.reference", v.path);
		finding_evidence(out, fd, v.ref, path, "%s", node_str(v.ref));
	}
}
