/*
 * sensitive-hostpath: hostPath volumes that expose sensitive parts of the
 * node (runtime sockets, kubelet and Kubernetes credentials, /etc, /, ...).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"
#include "hostpath.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"
#include "workload.h"

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9013", "MS-TA9026", "MS-TA9016",
					  "MS-TA9003", "MS-TA9021", NULL };
static const char *const attack[] = { "T1611", "T1552.001", "T1528", "T1070",
				      NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"Writable%20hostPath%20mount/",
	"https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
	NULL,
};

const struct check check_sensitive_hostpath = {
	.id = "sensitive-hostpath",
	.title = "Sensitive node path mounted through hostPath",
	.severity = SEV_CRITICAL,
	.severity_min = SEV_LOW,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A hostPath volume puts part of the node's filesystem inside "
	    "the container.  Writable mounts of /, /etc, /root, the "
	    "kubelet's directories or /etc/kubernetes let the container "
	    "plant files the node executes (static pod manifests, cron, "
	    "SSH keys): an escape to the host (Writable hostPath mount, "
	    "MS-TA9013, T1611).  A container runtime socket gives full "
	    "control of every container on the node even when mounted "
	    "read-only, since connecting to a socket ignores the mount's "
	    "read-only flag.  Read-only mounts of credential locations "
	    "still leak them: /var/lib/kubelet holds every pod's "
	    "service-account token (MS-TA9016, T1528), /etc/kubernetes "
	    "and cloud credential files hold kubeconfigs and service "
	    "principals (Kubeconfig file, MS-TA9003; Mount service "
	    "principal, MS-TA9026; T1552.001); this check owns those "
	    "mounts, so kubeconfig-exposed and cloud-credentials-mounted "
	    "report only the ones that come from Secrets or ConfigMaps.  A "
	    "writable /var/log lets "
	    "an attacker erase node logs (MS-TA9021, T1070); a writable "
	    "/usr, /lib, /bin or /sbin lets it replace a program the "
	    "node runs as root.  Severity: "
	    "critical for runtime sockets, the root filesystem, etcd data "
	    "and writable kubelet or Kubernetes configuration; high for "
	    "other writable sensitive paths and for read-only credential "
	    "paths; medium or low for other read-only mounts; low for a "
	    "sensitive hostPath volume no container mounts (an ephemeral "
	    "debug container may still mount it).",
	.remediation =
	    "Replace hostPath with emptyDir, a ConfigMap, a projected "
	    "volume or a CSI driver.  When a node agent needs host files, "
	    "mount the narrowest path, set readOnly: true on the "
	    "volumeMount, never mount runtime sockets or credential "
	    "directories, and enforce Pod Security 'baseline' (which "
	    "forbids hostPath) everywhere else.",
	.details =
	    "- **Severity:** per finding, from the path and whether the mount "
	    "is\n"
	    "  writable (a volumeMount without `readOnly: true`):\n"
	    "\n"
	    "  | host path (after normalisation) | writable | read-only |\n"
	    "  |---|---|---|\n"
	    "  | `/` | critical | high (critical when it contains a socket: "
	    "see below) |\n"
	    "  | runtime sockets: `/var/run/docker.sock`, `/run/docker.sock`, "
	    "`/var/run/docker/containerd/containerd.sock` (the containerd "
	    "dockerd starts when no other runs, so mounting `/var/run/docker` "
	    "reaches it), "
	    "`/run/containerd/containerd.sock`, "
	    "`/var/run/containerd/containerd.sock`, `/run/crio/crio.sock`, "
	    "`/var/run/crio/crio.sock`, `/run/k3s/containerd/containerd.sock`, "
	    "`/run/cri-dockerd.sock`, `/var/run/cri-dockerd.sock`, "
	    "`/run/podman/podman.sock`, and a socket of those names "
	    "anywhere else (`/var/run/crio.sock`, `/srv/docker.sock`) | "
	    "critical | critical |\n"
	    "  | `/var/lib/etcd` | critical | critical |\n"
	    "  | `/var/lib/kubelet`, `/etc/kubernetes`, "
	    "`/etc/kubernetes/azure.json`, `/etc/kubernetes/cloud.conf`, "
	    "`/var/lib/kubelet/kubeconfig` | critical | high |\n"
	    "  | `.aws`, `.azure`, `.config/gcloud`, `.kube` of any home "
	    "(`/root/.aws`,\n"
	    "  `/home/ci/.aws`, `/.aws`) | high | high |\n"
	    "  | `/etc`, `/root`, `/home`, `/proc`, `/sys`, `/dev`, "
	    "`/var/lib/docker`, `/var/lib/containerd`, `/var/lib/containers` | "
	    "high | medium |\n"
	    "  | `/boot`, `/var/log` | high | low |\n"
	    "  | `/usr`, `/lib` (`/lib/modules` named as kernel modules), "
	    "`/lib64`, `/bin`, `/sbin` (programs and "
	    "libraries the node runs as root) | high | not reported here "
	    "(hostpath-volume, low) |\n"
	    "  | Windows named pipes `\\\\.\\pipe\\docker_engine`, "
	    "`\\\\.\\pipe\\containerd-containerd` (matched as written, any "
	    "case) | critical | critical |\n"
	    "  | a sensitive hostPath volume that no container mounts | low | "
	    "low |\n"
	    "\n"
	    "- **Techniques:** MS-TA9013 Writable hostPath mount (T1611), "
	    "MS-TA9026\n"
	    "  Mount service principal (cloud credential files, T1552.001), "
	    "MS-TA9016\n"
	    "  Container service account (every pod's token under "
	    "`/var/lib/kubelet`,\n"
	    "  T1528), MS-TA9021 Clear container logs (writable `/var/log`, "
	    "T1070).\n"
	    "- **Looks at:** each volumeMount of each container whose volume "
	    "is a\n"
	    "  `hostPath`. The host path is normalised lexically: `//` and "
	    "`/./`\n"
	    "  collapse, `..` drops a component, a trailing slash goes, and a\n"
	    "  volumeMount `subPath` is joined below it (`/var/lib` + "
	    "`kubelet` is\n"
	    "  `/var/lib/kubelet`). A path below `/var/run` is also judged as "
	    "the same\n"
	    "  path below `/run`, which `/var/run` links to (the k3s and "
	    "Podman\n"
	    "  sockets). Matching is by whole path components, so\n"
	    "  `/etcetera` is not `/etc` and `/var/lib/kubelet-data` is not\n"
	    "  `/var/lib/kubelet`. A path matches an entry when it is the "
	    "entry, lies\n"
	    "  below an entry that covers its subtree (sockets and `/` cover "
	    "only\n"
	    "  themselves), or contains an entry (mounting `/run` contains the "
	    "containerd\n"
	    "  socket, `/var` contains the kubelet's directory). The most "
	    "severe match\n"
	    "  wins and the message says which (`which contains "
	    "/var/run/docker.sock`).\n"
	    "  One finding per (container, mount), with two pieces of "
	    "evidence: the\n"
	    "  volume's `hostPath.path` and the mount's `readOnly` (or the "
	    "mount itself\n"
	    "  when `readOnly` is unset).\n"
	    "- **Read-only is not safe for sockets:** connecting to a Unix "
	    "socket does\n"
	    "  not write to the file system, so `readOnly: true` on a runtime "
	    "socket\n"
	    "  mount still gives full control of the container runtime.\n"
	    "- **Unmounted volumes:** a sensitive hostPath volume that no "
	    "container\n"
	    "  mounts is reported at low severity, on the workload: the "
	    "kubelet still\n"
	    "  sets it up, and an ephemeral debug container (`kubectl debug`) "
	    "may mount\n"
	    "  any volume of the pod.\n"
	    "- **Silent for:** read-only mounts of paths node agents commonly "
	    "need and\n"
	    "  that hold nothing secret: `/etc/ssl/certs`, "
	    "`/etc/pki/tls/certs`,\n"
	    "  `/etc/ca-certificates`, `/usr/share/ca-certificates`, "
	    "`/etc/localtime`,\n"
	    "  `/etc/machine-id`, `/etc/os-release`, `/lib/modules`, "
	    "`/sys/fs/cgroup`.\n"
	    "  Paths outside the table (`/run/xtables.lock`, "
	    "`/var/lib/app-data`,\n"
	    "  `/mnt/...`) are not reported. `subPathExpr` is judged by its "
	    "volume's\n"
	    "  path.\n"
	    "- **Remediation:** use emptyDir, ConfigMaps, projected volumes or "
	    "CSI\n"
	    "  drivers; when a node agent needs host files, mount the "
	    "narrowest path\n"
	    "  read-only, never a runtime socket or a credential directory, "
	    "and enforce\n"
	    "  Pod Security `baseline` (which forbids hostPath).\n"
	    "- **False positives:** log shippers (read-only `/var/log`, low) "
	    "and\n"
	    "  monitoring agents (read-only `/proc` and `/sys`, medium) are "
	    "expected in\n"
	    "  a monitoring namespace; except them by namespace. A read-only "
	    "`/etc/passwd`\n"
	    "  mount is reported at medium because it sits under `/etc`.\n",
	.references = references,
	.pod = judge_view,
};

struct sensitive {
	const char *path;
	bool subtree; /* paths below path match too */
	const char *what;
	enum severity rw; /* writable mount */
	enum severity ro; /* read-only mount */
};

static const struct sensitive sensitive_paths[] = {
	{ "/", false, "the node's root filesystem", SEV_CRITICAL, SEV_HIGH },
	{ "/var/run/docker.sock", false, "the Docker socket", SEV_CRITICAL,
	  SEV_CRITICAL },
	{ "/run/docker.sock", false, "the Docker socket", SEV_CRITICAL,
	  SEV_CRITICAL },
	/* where dockerd runs its own containerd (docker:dind and the like) */
	{ "/var/run/docker/containerd/containerd.sock", false,
	  "the containerd socket of dockerd", SEV_CRITICAL, SEV_CRITICAL },
	{ "/run/docker/containerd/containerd.sock", false,
	  "the containerd socket of dockerd", SEV_CRITICAL, SEV_CRITICAL },
	{ "/run/containerd/containerd.sock", false, "the containerd socket",
	  SEV_CRITICAL, SEV_CRITICAL },
	{ "/var/run/containerd/containerd.sock", false, "the containerd socket",
	  SEV_CRITICAL, SEV_CRITICAL },
	{ "/run/crio/crio.sock", false, "the CRI-O socket", SEV_CRITICAL,
	  SEV_CRITICAL },
	{ "/var/run/crio/crio.sock", false, "the CRI-O socket", SEV_CRITICAL,
	  SEV_CRITICAL },
	{ "/run/k3s/containerd/containerd.sock", false,
	  "the k3s containerd socket", SEV_CRITICAL, SEV_CRITICAL },
	{ "/run/cri-dockerd.sock", false, "the cri-dockerd socket",
	  SEV_CRITICAL, SEV_CRITICAL },
	{ "/var/run/cri-dockerd.sock", false, "the cri-dockerd socket",
	  SEV_CRITICAL, SEV_CRITICAL },
	{ "/run/podman/podman.sock", false, "the Podman socket", SEV_CRITICAL,
	  SEV_CRITICAL },
	{ "/var/lib/etcd", true, "etcd data (every Secret of the cluster)",
	  SEV_CRITICAL, SEV_CRITICAL },
	{ "/var/lib/kubelet", true,
	  "kubelet state (pod service-account tokens, kubelet credentials)",
	  SEV_CRITICAL, SEV_HIGH },
	{ "/etc/kubernetes", true,
	  "Kubernetes node configuration (kubeconfigs, PKI, static pod "
	  "manifests)",
	  SEV_CRITICAL, SEV_HIGH },
	{ "/etc/kubernetes/azure.json", false,
	  "cloud provider credentials (Azure service principal)", SEV_CRITICAL,
	  SEV_HIGH },
	{ "/etc/kubernetes/cloud.conf", false, "cloud provider credentials",
	  SEV_CRITICAL, SEV_HIGH },
	{ "/var/lib/kubelet/kubeconfig", false, "the kubelet's kubeconfig",
	  SEV_CRITICAL, SEV_HIGH },
	{ "/root/.aws", true, "AWS credentials", SEV_HIGH, SEV_HIGH },
	{ "/root/.azure", true, "Azure credentials", SEV_HIGH, SEV_HIGH },
	{ "/root/.config/gcloud", true, "Google Cloud credentials", SEV_HIGH,
	  SEV_HIGH },
	{ "/root/.kube", true, "root's kubeconfig", SEV_HIGH, SEV_HIGH },
	{ "/etc/rancher/k3s", true, "the k3s admin kubeconfig and tokens",
	  SEV_CRITICAL, SEV_HIGH },
	{ "/etc", true, "the node's /etc", SEV_HIGH, SEV_MEDIUM },
	{ "/root", true, "root's home directory", SEV_HIGH, SEV_MEDIUM },
	{ "/home", true, "user home directories", SEV_HIGH, SEV_MEDIUM },
	{ "/proc", true, "the node's /proc", SEV_HIGH, SEV_MEDIUM },
	{ "/sys", true, "the node's /sys", SEV_HIGH, SEV_MEDIUM },
	{ "/dev", true, "the node's devices", SEV_HIGH, SEV_MEDIUM },
	{ "/boot", true, "the node's kernel and boot loader", SEV_HIGH,
	  SEV_LOW },
	{ "/var/log", true, "node and container logs", SEV_HIGH, SEV_LOW },
	/*
	 * Programs and libraries the node runs as root: writable, the
	 * container replaces one and runs on the host the next time it
	 * starts.  Read-only they hold nothing secret, so such a mount
	 * stays hostpath-volume's (SEV_NONE: no finding here).
	 */
	{ "/usr", true, "the node's programs and libraries", SEV_HIGH,
	  SEV_NONE },
	{ "/lib", true, "the node's system libraries", SEV_HIGH, SEV_NONE },
	{ "/lib/modules", true, "the node's kernel modules", SEV_HIGH,
	  SEV_NONE },
	{ "/lib64", true, "the node's system libraries", SEV_HIGH, SEV_NONE },
	{ "/bin", true, "the node's programs", SEV_HIGH, SEV_NONE },
	{ "/sbin", true, "the node's programs", SEV_HIGH, SEV_NONE },
	{ "/var/lib/docker", true, "container runtime storage", SEV_HIGH,
	  SEV_MEDIUM },
	{ "/var/lib/containerd", true, "container runtime storage", SEV_HIGH,
	  SEV_MEDIUM },
	{ "/var/lib/containers", true, "container runtime storage", SEV_HIGH,
	  SEV_MEDIUM },
};

/*
 * Read-only mounts node agents commonly need and that expose nothing
 * secret: silent when read-only (a writable one still matches above).
 */
static const char *const benign_readonly[] = {
	"/etc/ssl/certs",	"/etc/pki/tls/certs",
	"/etc/ca-certificates", "/usr/share/ca-certificates",
	"/etc/localtime",	"/etc/machine-id",
	"/etc/os-release",	"/lib/modules",
	"/sys/fs/cgroup",
};

/* Volumes tracked for "mounted by no container"; more are not judged. */
#define MAX_VOLUMES 256

struct match {
	const struct sensitive *e;
	const char *what; /* NULL: e's (a socket by name says its runtime) */
	bool contains;	  /* the mount is an ancestor of e->path */
	enum severity sev;
};

static bool benign(const char *p)
{
	size_t i;

	for (i = 0; i < sizeof(benign_readonly) / sizeof(benign_readonly[0]);
	     i++)
		if (wl_path_under(p, benign_readonly[i]))
			return true;
	return false;
}

/*
 * Higher severity wins; on a tie a direct match beats a contained one and
 * the most specific direct match wins; among contained ones the table order
 * decides (sockets first).
 */
static bool better(const struct sensitive *e, bool contains, enum severity sev,
		   const struct match *m)
{
	size_t l = strlen(e->path), ml = strlen(m->e->path);

	if (sev != m->sev)
		return sev > m->sev;
	if (contains != m->contains)
		return !contains;
	return !contains && l > ml;
}

/* Windows container runtime named pipes, matched as written. */
static const struct sensitive windows_pipes[] = {
	{ "\\\\.\\pipe\\docker_engine", false, "the Docker named pipe",
	  SEV_CRITICAL, SEV_CRITICAL },
	{ "\\\\.\\pipe\\containerd-containerd", false,
	  "the containerd named pipe", SEV_CRITICAL, SEV_CRITICAL },
};

/*
 * Credential directories of a home, wherever the home is: /root/.aws is
 * in the table above, and /home/ci/.aws or /.aws (the home of an account
 * whose HOME is /) hold the same keys.  Matched as a component of the
 * path and the paths below it; on a tie of severity they win over the
 * directory they sit in (/home), since they say what is exposed.
 */
static const struct sensitive home_credentials[] = {
	{ "/.aws", true, "AWS credentials", SEV_HIGH, SEV_HIGH },
	{ "/.azure", true, "Azure credentials", SEV_HIGH, SEV_HIGH },
	{ "/.config/gcloud", true, "Google Cloud credentials", SEV_HIGH,
	  SEV_HIGH },
	{ "/.kube", true, "a kubeconfig", SEV_HIGH, SEV_HIGH },
};

/*
 * A runtime socket where a distribution or an operator put it instead:
 * its file name decides, whatever the directory (wl_runtime_socket()).
 * match.what names the runtime.
 */
static const struct sensitive socket_by_name = { "", false,
						 "a container runtime socket",
						 SEV_CRITICAL, SEV_CRITICAL };

/* p has the components of comp ("/.aws") somewhere, then its end or '/'. */
static bool has_components(const char *p, const char *comp)
{
	size_t n = strlen(comp);
	const char *at;

	for (at = strstr(p, comp); at; at = strstr(at + 1, comp))
		if (at[n] == '\0' || at[n] == '/')
			return true;
	return false;
}

/* Most severe table entry that p is, lies under or contains, into *m. */
static void match_table(const char *p, bool readonly, struct match *m)
{
	const char *sock;
	size_t i;

	for (i = 0; i < sizeof(sensitive_paths) / sizeof(sensitive_paths[0]);
	     i++) {
		const struct sensitive *e = &sensitive_paths[i];
		bool direct = e->subtree ? wl_path_under(p, e->path)
					 : !strcmp(p, e->path);
		bool contains = !direct && wl_path_under(e->path, p);
		enum severity sev = readonly ? e->ro : e->rw;

		if (!direct && !contains)
			continue;
		if (m->e && !better(e, contains, sev, m))
			continue;
		m->e = e;
		m->what = NULL;
		m->contains = contains;
		m->sev = sev;
	}
	sock = wl_runtime_socket(p);
	if (sock && (!m->e || m->sev < SEV_CRITICAL)) {
		m->e = &socket_by_name;
		m->what = sock;
		m->contains = false;
		m->sev = SEV_CRITICAL;
	}
	for (i = 0; i < sizeof(home_credentials) / sizeof(home_credentials[0]);
	     i++) {
		const struct sensitive *e = &home_credentials[i];
		enum severity sev = readonly ? e->ro : e->rw;

		if (!has_components(p, e->path) || (m->e && sev < m->sev) ||
		    (m->e && sev == m->sev && !m->contains && !m->e->subtree))
			continue;
		m->e = e;
		m->what = NULL;
		m->contains = false;
		m->sev = sev;
	}
}

/* m was matched by a runtime socket's file name alone. */
static bool by_name(const struct match *m)
{
	return m->e == &socket_by_name;
}

/*
 * Most severe entry that p is, lies under or contains; false if none.
 * /var/run is a symbolic link to /run on current distributions and a bind
 * mount follows it, so a path below /var/run is also judged as the same
 * path below /run (the k3s and Podman sockets are listed under /run only).
 */
static bool classify(const char *p, bool readonly, struct match *m)
{
	char alias[1024];
	struct match am;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < sizeof(windows_pipes) / sizeof(windows_pipes[0]); i++)
		if (!strcasecmp(p, windows_pipes[i].path)) {
			m->e = &windows_pipes[i];
			m->sev = SEV_CRITICAL;
			return true;
		}
	if (readonly && benign(p))
		return false;
	match_table(p, readonly, m);
	if (wl_path_under(p, "/var/run") &&
	    (size_t)fmt_snprintf(alias, sizeof(alias), "/run%s", p + 8) <
		sizeof(alias)) {
		memset(&am, 0, sizeof(am));
		match_table(alias, readonly, &am);
		/* the alias's own entry names the socket better than its
		 * file name does */
		if (am.e && (!m->e || am.sev > m->sev ||
			     (am.sev == m->sev && by_name(m) && !by_name(&am))))
			*m = am;
	}
	return m->e && m->sev > SEV_NONE;
}

static void describe(char *buf, size_t n, const struct match *m)
{
	if (m->contains)
		fmt_snprintf(buf, n, "which contains %s (%s)", m->e->path,
			     m->e->what);
	else
		fmt_snprintf(buf, n, "%s", m->what ? m->what : m->e->what);
}

/*
 * The hostPath.path node of volume v, and in p its normalised path (a
 * Windows path such as a named pipe is kept as written).
 */
static const struct node *host_path(const struct node *v, const char *sub,
				    char *p, size_t n)
{
	const struct node *hp = node_path(v, "hostPath.path");
	const char *raw = node_str(hp);

	if (!raw)
		return NULL;
	if (raw[0] != '/') {
		fmt_snprintf(p, n, "%s", raw);
		return hp;
	}
	return wl_path_normalize(raw, sub, p, n) ? hp : NULL;
}

bool hostpath_is_sensitive(const struct node *volume, const char *sub,
			   bool readonly)
{
	char p[1024];
	struct match m;

	return host_path(volume, sub, p, sizeof(p)) &&
	       classify(p, readonly, &m);
}

static void check_mount(struct findings *out, const struct wl_iter *it,
			size_t mi, bool *mounted)
{
	const struct node *vm = node_at(node_get(it->c, "volumeMounts"), mi);
	const char *name = node_get_str(vm, "name");
	const char *sub = node_get_str(vm, "subPath");
	const struct node *ro = node_get(vm, "readOnly");
	const struct node *vol, *hp;
	char p[1024], what[512], vpath[WL_PATH_MAX + 64];
	char mpath[WL_PATH_MAX + 64];
	struct finding *fd;
	struct match m;
	size_t vi;

	vol = wl_volume(it->pv, name, &vi);
	if (!vol || !(hp = host_path(vol, sub, p, sizeof(p))))
		return;
	if (vi < MAX_VOLUMES)
		mounted[vi] = true;
	if (!classify(p, node_is_true(ro), &m))
		return;
	describe(what, sizeof(what), &m);
	fd = finding_add(
	    out, &check_sensitive_hostpath, it->pv->obj, it->name,
	    "%s '%s' mounts host path '%s' %s at '%s': %s",
	    wl_list_noun(it->list), it->name, p,
	    node_is_true(ro) ? "read-only" : "writable",
	    node_get_str(vm, "mountPath") ? node_get_str(vm, "mountPath") : "",
	    what);
	fd->severity = m.sev;
	fmt_snprintf(vpath, sizeof(vpath), "%s.volumes[%zu].hostPath.path",
		     it->pv->spec_path, vi);
	finding_evidence(out, fd, hp, vpath, "%s", node_str(hp));
	if (ro) {
		fmt_snprintf(mpath, sizeof(mpath),
			     "%s.volumeMounts[%zu].readOnly", it->path, mi);
		finding_evidence(out, fd, ro, mpath, "%s",
				 node_scalar_text(ro));
	} else {
		fmt_snprintf(mpath, sizeof(mpath), "%s.volumeMounts[%zu]",
			     it->path, mi);
		finding_evidence(out, fd, vm, mpath,
				 "readOnly unset (writable)");
	}
}

static void check_unmounted(struct findings *out, const struct pod_view *pv,
			    const bool *mounted)
{
	const struct node *vols = node_get(pv->spec, "volumes");
	size_t i;

	for (i = 0; i < node_count(vols) && i < MAX_VOLUMES; i++) {
		const struct node *hp;
		char p[1024], what[512], vpath[WL_PATH_MAX + 64];
		struct finding *fd;
		struct match m;

		if (mounted[i] ||
		    !(hp = host_path(node_at(vols, i), NULL, p, sizeof(p))) ||
		    !classify(p, false, &m))
			continue;
		describe(what, sizeof(what), &m);
		fd =
		    finding_add(out, &check_sensitive_hostpath, pv->obj, NULL,
				"hostPath volume '%s' ('%s': %s) is mounted by "
				"no container; a debug container could still "
				"mount it",
				node_get_str(node_at(vols, i), "name")
				    ? node_get_str(node_at(vols, i), "name")
				    : "",
				p, what);
		fd->severity = SEV_LOW;
		fmt_snprintf(vpath, sizeof(vpath),
			     "%s.volumes[%zu].hostPath.path", pv->spec_path, i);
		finding_evidence(out, fd, hp, vpath, "%s", node_str(hp));
	}
}

static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	bool mounted[MAX_VOLUMES] = { false };
	struct wl_iter it;
	size_t mi;

	(void)s;
	if (!node_count(node_get(pv->spec, "volumes")))
		return;
	wl_iter_init(&it, pv);
	while (wl_next(&it))
		for (mi = 0; mi < node_count(node_get(it.c, "volumeMounts"));
		     mi++)
			check_mount(out, &it, mi, mounted);
	check_unmounted(out, pv, mounted);
}
