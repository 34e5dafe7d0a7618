/*
 * image-untrusted-registry: images from outside the trusted registries
 * (--trusted-registries, --trusted-registries-file).
 */
#include "check.h"

#include <stdio.h>

#include "fmt.h"
#include "image.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"
#include "checks/image_names.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9002", NULL };
static const char *const attack[] = { "T1195.002", "T1525", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Compromised%20images%20in%20registry/",
	"https://kubernetes.io/docs/concepts/containers/images/",
	NULL,
};

const struct check check_image_untrusted_registry = {
	.id = "image-untrusted-registry",
	.title = "Image from a registry outside the trusted list",
	.severity = SEV_MEDIUM,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Images pulled from registries the organisation does not "
	    "control (public hubs, personal namespaces, typo-squatted "
	    "hosts) bypass its scanning and signing, and are the usual way "
	    "a backdoored image enters a cluster.  The trusted list is "
	    "a TrustedRegistries document of the input, or is given with "
	    "--trusted-registries or in a file named by "
	    "--trusted-registries-file, which replace the input's (hosts, "
	    "host/repository "
	    "prefixes, or *.domain patterns; docker.io stands for Docker "
	    "Hub, whose unqualified images such as nginx are "
	    "docker.io/library/nginx).  Without a list the check reports "
	    "nothing: which registries are trusted is a decision of the "
	    "cluster's owners, not something to guess.  Every container is "
	    "judged, init and ephemeral ones included, and every image "
	    "volume (an image or artifact mounted into the pod, Kubernetes "
	    "1.31+).  Medium: an "
	    "unvetted supply chain, not yet a compromise.",
	.remediation =
	    "Mirror the images you need into a registry you control and "
	    "scan, reference them there, and enforce the allowed "
	    "registries with an admission policy (Kyverno, Gatekeeper or a "
	    "ValidatingAdmissionPolicy).",
	.details = IMAGE_NAMES_DETAILS
	"- **Needs a trusted list:** which registries to trust is "
	"the\n"
	"  cluster owner's decision, so without a list the check "
	"reports nothing.\n"
	"  The list is a document of the scanned input (a file next to "
	"the\n"
	"  manifests, kept by `snapshot -f` in a snapshot):\n"
	"  `apiVersion: threatmap.dev/v1`, `kind: TrustedRegistries`,\n"
	"  `trustedRegistries: [...]` (several such documents add up; the "
	"message\n"
	"  names them). `--trusted-registries` and "
	"`--trusted-registries-file`\n"
	"  (the same format, with or without apiVersion and kind) "
	"replace it, so\n"
	"  a pipeline's own list is never widened by the manifests it "
	"scans.\n"
	"  An entry is a host, a host/repository prefix (matched by "
	"whole path\n"
	"  components) or a `*.domain` pattern.\n" IMAGE_VOLUMES_DETAILS,
	.fix = "image: registry.example.com/mirror/nginx:1.27.0\n",
	.references = references,
	.pod = judge_view,
};

static void judge(const struct scan *s, const struct wl_iter *it,
		  struct findings *out)
{
	const struct node *img = node_get(it->c, "image");
	char path[WL_PATH_MAX + 16];
	struct image_ref r;
	struct finding *fd;

	if (!node_str(img) || !image_parse(node_str(img), &r) ||
	    image_trusted(&r, s->trusted_registries, s->ntrusted_registries))
		return;
	fd = finding_add(
	    out, &check_image_untrusted_registry, it->pv->obj, it->name,
	    "%s '%s' runs image '%s' from %s, outside the "
	    "trusted registries%s%s",
	    wl_list_noun(it->list), it->name, node_str(img), r.registry,
	    s->trusted_registries_from ? " of " : "",
	    s->trusted_registries_from ? s->trusted_registries_from : "");
	fmt_snprintf(path, sizeof(path), "%s.image", it->path);
	finding_evidence(out, fd, img, path, "%s/%s", r.registry, r.repository);
}

static void judge_volume(const struct scan *s, const struct pod_view *pv,
			 const struct wl_image_volume *v, struct findings *out)
{
	char path[WL_PATH_MAX + 16];
	struct image_ref r;
	struct finding *fd;

	if (!image_parse(node_str(v->ref), &r) ||
	    image_trusted(&r, s->trusted_registries, s->ntrusted_registries))
		return;
	fd = finding_add(out, &check_image_untrusted_registry, pv->obj, NULL,
			 "volume '%s' mounts image '%s' from %s, outside the "
			 "trusted registries%s%s",
			 v->name, node_str(v->ref), r.registry,
			 s->trusted_registries_from ? " of " : "",
			 s->trusted_registries_from ? s->trusted_registries_from
						    : "");
	fmt_snprintf(path, sizeof(path), "%s.reference", v->path);
	finding_evidence(out, fd, v->ref, path, "%s/%s", r.registry,
			 r.repository);
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct wl_image_volume v;
	struct wl_iter it;
	size_t next = 0;

	if (!s->ntrusted_registries)
		return;
	wl_iter_init(&it, pv);
	while (wl_next(&it))
		judge(s, &it, out);
	while (wl_next_image_volume(pv, &next, &v))
		judge_volume(s, pv, &v, out);
}
