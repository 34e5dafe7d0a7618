/*
 * kubelet-subpath-cve: nodes whose kubelet version has a known subPath
 * escape (CVE-2021-25741, CVE-2017-1002101; on Windows CVE-2023-3676 and
 * CVE-2023-3955), judged from status.nodeInfo.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static int run(const struct scan *s, struct findings *out);
static const char *unjudged(const struct scan *s);

static const char *const techniques[] = { "MS-TA9009", NULL };
static const char *const attack[] = { "T1190", "T1611", NULL };
static const char *const references[] = {
	"https://github.com/kubernetes/kubernetes/issues/104980",
	"https://github.com/kubernetes/kubernetes/issues/118257",
	"https://github.com/kubernetes/kubernetes/issues/60813",
	NULL,
};

const struct check check_kubelet_subpath_cve = {
	.id = "kubelet-subpath-cve",
	.title = "Node kubelet vulnerable to a subPath escape",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_NODES | NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "Old kubelets let a volumeMount subPath reach outside its "
	    "volume: a symlink swapped in during mount gives the container "
	    "any file of the node (CVE-2021-25741, fixed in 1.19.15, "
	    "1.20.11, 1.21.5 and 1.22.2; CVE-2017-1002101 before it), and "
	    "on Windows nodes a crafted subPath runs commands as SYSTEM "
	    "(CVE-2023-3676 and CVE-2023-3955, fixed in 1.24.17, 1.25.13, "
	    "1.26.8, 1.27.5 and 1.28.1).  Anyone who can create a pod, or "
	    "exploit an application that writes into a volume, becomes "
	    "root on the node.  Judged from each Node's "
	    "status.nodeInfo.kubeletVersion.  A vendor build (-eks-, "
	    "-gke., +k3s, +rke2, -aks or any other suffix that is not an "
	    "upstream pre-release) of a vulnerable version is not "
	    "reported: vendors backport such fixes without changing the "
	    "upstream number, so the check cannot tell, and says so as a "
	    "partial result naming the node.  High "
	    "when workloads of the input use subPath, medium otherwise.",
	.details =
	    "- **Severity:** high when workloads of the input use `subPath` "
	    "or\n"
	    "  `subPathExpr`, medium otherwise. **Techniques:** MS-TA9009; "
	    "ATT&CK T1190,\n"
	    "  T1611.\n"
	    "- **Looks at:** each Node's `status.nodeInfo.kubeletVersion` "
	    "(and\n"
	    "  `operatingSystem` for the Windows-only CVE-2023-3676 and\n"
	    "  CVE-2023-3955) against the first fixed patch of each minor "
	    "release;\n"
	    "  minors older than the first fixed one never got the fix.\n"
	    "- **Vendor builds (decision):** a version with a vendor suffix "
	    "(`-eks-`,\n"
	    "  `-gke.`, `+k3s`, `+rke2`, `-aks`, or any suffix that is not an "
	    "upstream\n"
	    "  `-alpha.`/`-beta.`/`-rc.` pre-release) is judged only when its "
	    "upstream\n"
	    "  base already has the fix. When the base is vulnerable the check "
	    "reports\n"
	    "  nothing for that node and the result is *partial*: \"cannot "
	    "tell whether\n"
	    "  kubelet v1.21.2-eks-0389ca3 of node 'x' has the fix\". "
	    "Vendors backport\n"
	    "  security fixes into builds that keep the upstream number (a "
	    "GKE or EKS\n"
	    "  build of 1.21.2 may carry the CVE-2021-25741 fix), and the "
	    "tool keeps no\n"
	    "  table of vendor patch levels that it could not keep current; "
	    "the\n"
	    "  vendor's security bulletin for the CVE decides.\n",
	.remediation =
	    "Upgrade the kubelet to a fixed patch release; until then keep "
	    "pod creation to trusted users and avoid subPath mounts of "
	    "volumes that untrusted code can write.",
	.fix = "# until the node runs a fixed kubelet: mount whole volumes\n"
	       "volumeMounts:\n"
	       "  - name: config\n"
	       "    mountPath: /etc/app   # no subPath or subPathExpr\n"
	       "    readOnly: true\n",
	.references = references,
	.run = run,
	.unjudged = unjudged,
};

struct fix {
	int minor, patch; /* first fixed patch of a minor release */
};

struct cve {
	const char *id;
	bool windows_only;
	const struct fix *fixes; /* ascending minors; older minors vulnerable */
	size_t nfixes;
};

static const struct fix fix_25741[] = {
	{ 19, 15 }, { 20, 11 }, { 21, 5 }, { 22, 2 }
};
static const struct fix fix_3676[] = {
	{ 24, 17 }, { 25, 13 }, { 26, 8 }, { 27, 5 }, { 28, 1 }
};
static const struct fix fix_1002101[] = { { 7, 14 }, { 8, 9 }, { 9, 4 } };

static const struct cve cves[] = {
	{ "CVE-2021-25741", false, fix_25741, 4 },
	{ "CVE-2017-1002101", false, fix_1002101, 3 },
	{ "CVE-2023-3676", true, fix_3676, 5 },
};

/*
 * "v1.21.2-eks-0389ca3" -> 1, 21, 2 and *rest "-eks-0389ca3" (may be
 * NULL).
 */
static bool parse_version(const char *v, int *maj, int *min, int *patch,
			  const char **rest)
{
	char *end;
	long x;

	if (!v)
		return false;
	if (*v == 'v')
		v++;
	x = strtol(v, &end, 10);
	if (end == v || *end != '.' || x < 0 || x > 100)
		return false;
	*maj = (int)x;
	v = end + 1;
	x = strtol(v, &end, 10);
	if (end == v || *end != '.' || x < 0 || x > 1000)
		return false;
	*min = (int)x;
	v = end + 1;
	x = strtol(v, &end, 10);
	if (end == v || x < 0 || x > 100000)
		return false;
	*patch = (int)x;
	if (rest)
		*rest = end;
	return true;
}

/*
 * Who built a kubelet whose version carries rest after x.y.z: NULL for
 * an upstream release or pre-release ("", "-rc.1", "-beta.0",
 * "-alpha.2"), else the vendor ("EKS", "GKE", "k3s", "RKE2", "AKS", or
 * "a vendor").  Vendors backport security fixes into their builds
 * without moving the upstream patch number.
 */
static const char *vendor_build(const char *rest)
{
	static const struct {
		const char *mark, *name;
	} vendors[] = {
		{ "-eks-", "EKS" },  { "-gke.", "GKE" }, { "+k3s", "k3s" },
		{ "+rke2", "RKE2" }, { "-aks", "AKS" },
	};
	size_t i;

	if (!*rest || !strncmp(rest, "-rc.", 4) ||
	    !strncmp(rest, "-beta.", 6) || !strncmp(rest, "-alpha.", 7))
		return NULL;
	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (!strncmp(rest, vendors[i].mark, strlen(vendors[i].mark)))
			return vendors[i].name;
	return "a vendor";
}

static bool vulnerable(const struct cve *c, int min, int patch)
{
	size_t i;

	if (min < c->fixes[0].minor)
		return true; /* older minors never got the fix */
	for (i = 0; i < c->nfixes; i++)
		if (c->fixes[i].minor == min)
			return patch < c->fixes[i].patch;
	return false;
}

static size_t subpath_workloads(const struct scan *s)
{
	const struct pod_view *pv;
	size_t n, i, k = 0;

	pv = inventory_pods(s->inv, &n);
	for (i = 0; i < n; i++) {
		struct wl_iter it;
		bool uses = false;

		wl_iter_init(&it, &pv[i]);
		while (!uses && wl_next(&it)) {
			const struct node *vms = node_get(it.c, "volumeMounts");
			size_t m;
			for (m = 0; m < node_count(vms); m++)
				if (node_get_str(node_at(vms, m), "subPath") ||
				    node_get_str(node_at(vms, m),
						 "subPathExpr"))
					uses = true;
		}
		k += uses;
	}
	return k;
}

static int run(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i, c, users = 0;
	bool counted = false;

	v = inventory_kind(s->inv, "Node", &n);
	for (i = 0; i < n; i++) {
		const struct node *info =
		    node_path(v[i]->root, "status.nodeInfo");
		const struct node *kv = node_get(info, "kubeletVersion");
		bool windows =
		    node_str_eq(node_get(info, "operatingSystem"), "windows");
		int maj, min, patch;
		const char *rest;

		if (!parse_version(node_str(kv), &maj, &min, &patch, &rest) ||
		    maj != 1 || vendor_build(rest))
			continue; /* a vendor build: see unjudged() */
		for (c = 0; c < sizeof(cves) / sizeof(cves[0]); c++) {
			struct finding *fd;

			if ((cves[c].windows_only && !windows) ||
			    !vulnerable(&cves[c], min, patch))
				continue;
			if (!counted) {
				users = subpath_workloads(s);
				counted = true;
			}
			fd = finding_add(
			    out, &check_kubelet_subpath_cve, v[i], NULL,
			    "node '%s' runs kubelet %s, vulnerable to %s "
			    "(subPath escape to the node); %zu workload%s "
			    "of the input use%s subPath",
			    v[i]->name, node_str(kv), cves[c].id, users,
			    users == 1 ? "" : "s", users == 1 ? "s" : "");
			fd->severity = users ? SEV_HIGH : SEV_MEDIUM;
			finding_evidence(out, fd, kv,
					 "status.nodeInfo.kubeletVersion", "%s",
					 node_str(kv));
			break;
		}
	}
	return 0;
}

/* The first CVE that upstream version 1.min.patch lacks, or NULL. */
static const struct cve *first_cve(int min, int patch, bool windows)
{
	size_t c;

	for (c = 0; c < sizeof(cves) / sizeof(cves[0]); c++)
		if ((!cves[c].windows_only || windows) &&
		    vulnerable(&cves[c], min, patch))
			return &cves[c];
	return NULL;
}

/*
 * Nodes whose kubelet is a vendor build of a vulnerable upstream
 * version: the build may carry the fix, so the check cannot tell.
 */
static const char *unjudged(const struct scan *s)
{
	const struct kobj *const *v;
	const char *first = NULL, *why = NULL;
	size_t n, i, k = 0;

	v = inventory_kind(s->inv, "Node", &n);
	for (i = 0; i < n; i++) {
		const struct node *info =
		    node_path(v[i]->root, "status.nodeInfo");
		const char *kv = node_get_str(info, "kubeletVersion");
		bool windows =
		    node_str_eq(node_get(info, "operatingSystem"), "windows");
		const struct cve *c;
		const char *rest, *vendor;
		int maj, min, patch;

		if (!parse_version(kv, &maj, &min, &patch, &rest) || maj != 1 ||
		    !(vendor = vendor_build(rest)) ||
		    !(c = first_cve(min, patch, windows)))
			continue;
		if (!k++) {
			first = v[i]->name;
			why = arena_printf(
			    s->arena,
			    "cannot tell whether kubelet %s of node '%s' "
			    "has the fix for %s: it is a build of %s, "
			    "which may backport the fix without changing "
			    "the upstream version 1.%d.%d",
			    kv, first, c->id, vendor, min, patch);
		}
	}
	if (k > 1)
		why = arena_printf(s->arena, "%s (and %zu other node%s alike)",
				   why, k - 1, k == 2 ? "" : "s");
	return why;
}
