/*
 * ssh-server: containers that run an SSH server (port 22 or named ssh, an
 * sshd image, a command that starts sshd or dropbear) and Services that
 * publish port 22.  A port number other than 22 is no evidence by itself
 * (2222 is where SSH servers without root often listen, and where
 * DirectAdmin serves its web panel); its name is: "ssh", "git-ssh",
 * "sftp".
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"
#include "image.h"
#include "inventory.h"
#include "node.h"
#include "analysis/exposure.h"
#include "scan.h"
#include "workload.h"

static int run(const struct scan *s, struct findings *out);
static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv);

static const char *const techniques[] = { "MS-TA9010", NULL };
static const char *const attack[] = { "T1133", NULL };
static const char *const references[] = {
	"https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/"
	"SSH%20server%20running%20inside%20container/",
	NULL,
};

const struct check check_ssh_server = {
	.id = "ssh-server",
	.title = "SSH server running inside a container",
	.severity = SEV_HIGH,
	.severity_min = SEV_MEDIUM,
	.needs = NEED_WORKLOADS | NEED_SERVICES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "An SSH server in a container is a second door next to the "
	    "application: it accepts passwords or keys that live outside "
	    "Kubernetes RBAC and audit, and a shell through it is invisible "
	    "to kubectl exec controls.  Attackers also start one to keep "
	    "access.  Reported for containers that declare port 22 or a "
	    "port named for SSH (ssh, sshd, sftp, git-ssh), run an image named "
	    "like an SSH server (sshd, "
	    "openssh-server, dropbear) or start sshd or dropbear in "
	    "command or args, and for Services with port or targetPort 22 "
	    "or a port named for SSH.  High when the workload or Service is "
	    "reachable "
	    "from outside the cluster, medium otherwise.",
	.remediation =
	    "Remove the SSH server; use kubectl exec (governed by RBAC on "
	    "pods/exec and recorded by the audit log) for debugging, and "
	    "close port 22 on Services.",
	.details = "- **Looks at:** containers declaring port 22 or a port "
		   "named for SSH\n"
		   "  (a name with the word `ssh`, `sshd` or `sftp`: "
		   "`git-ssh`),\n"
		   "  running an image such as `sshd`, `openssh-server` or "
		   "`dropbear`, or\n"
		   "  starting `sshd` or `dropbear` in `command`/`args` (`sh "
		   "-c` scripts\n"
		   "  included); Services with `port` or `targetPort` 22, or "
		   "a port or\n"
		   "  `targetPort` named for SSH. Another number alone (2222, "
		   "where SSH\n"
		   "  servers without root often listen, and DirectAdmin its "
		   "web panel) is\n"
		   "  not evidence.\n"
		   "- **Severity by case:** high when the workload or Service "
		   "is reachable\n"
		   "  from outside the cluster, medium otherwise.\n",
	.fix = "containers:\n"
	       "  - name: app\n"
	       "    image: registry.example.com/app:1.4.2\n"
	       "    command: [\"/app/server\"]   # no sshd, no dropbear\n"
	       "    ports:\n"
	       "      - {name: http, containerPort: 8080}   # no port 22\n",
	.references = references,
	.run = run,
	.pod = judge_view,
};

static bool ssh_word(const char *s)
{
	static const char *const words[] = { "sshd", "dropbear",
					     "openssh-server", "ssh start",
					     "ssh restart" };
	size_t i;

	for (i = 0; s && i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(s, words[i]))
			return true;
	return false;
}

static bool ssh_image(const char *ref)
{
	struct image_ref r;
	const char *base;

	if (!ref || !image_parse(ref, &r))
		return false;
	base = strrchr(r.repository, '/');
	base = base ? base + 1 : r.repository;
	return ssh_word(base) || !strcmp(base, "ssh-server") ||
	       !strcmp(base, "openssh");
}

/* A port name with the word ssh, sshd or sftp ("ssh", "git-ssh"). */
static bool ssh_name(const char *name)
{
	static const char *const words[] = { "ssh", "sshd", "sftp" };
	size_t i, n;

	while (name && *name) {
		n = strcspn(name, "-_.");
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (n == strlen(words[i]) &&
			    !strncasecmp(name, words[i], n))
				return true;
		name += n + (name[n] != '\0');
	}
	return false;
}

/* The first sign of an SSH server in the container; path written. */
static const struct node *ssh_sign(const struct wl_iter *it, char *path,
				   size_t n, const char **why)
{
	static const char *const lists[] = { "command", "args" };
	const struct node *ports = node_get(it->c, "ports");
	size_t i, l;

	for (i = 0; i < node_count(ports); i++) {
		const struct node *p = node_at(ports, i);
		long long port = 0;

		if ((node_int(node_get(p, "containerPort"), &port) &&
		     port == 22) ||
		    ssh_name(node_get_str(p, "name"))) {
			fmt_snprintf(path, n, "%s.ports[%zu]", it->path, i);
			*why = "declares an SSH port";
			return p;
		}
	}
	if (ssh_image(node_get_str(it->c, "image"))) {
		fmt_snprintf(path, n, "%s.image", it->path);
		*why = "runs an SSH server image";
		return node_get(it->c, "image");
	}
	for (l = 0; l < 2; l++) {
		const struct node *v = node_get(it->c, lists[l]);
		for (i = 0; i < node_count(v); i++) {
			if (!ssh_word(node_str(node_at(v, i))))
				continue;
			fmt_snprintf(path, n, "%s.%s[%zu]", it->path, lists[l],
				     i);
			*why = "starts an SSH server";
			return node_at(v, i);
		}
	}
	return NULL;
}

/* The containers of pv that run an SSH server. */
static void judge_view(const struct scan *s, struct findings *out,
		       const struct pod_view *pv)
{
	struct expose_route rt;
	struct wl_iter it;
	int exposed = -1; /* not asked yet: most views run no SSH server */

	wl_iter_init(&it, pv);
	while (wl_next(&it)) {
		char path[WL_PATH_MAX + 32];
		const char *why = "";
		const struct node *at = ssh_sign(&it, path, sizeof(path), &why);
		struct finding *fd;

		if (!at)
			continue;
		if (exposed < 0)
			exposed = exposure_public_route(s->exposure, pv, &rt);
		fd = finding_add(out, &check_ssh_server, pv->obj, it.name,
				 "%s '%s' %s%s", wl_list_noun(it.list), it.name,
				 why,
				 exposed ? " and is reachable from outside the "
					   "cluster"
					 : "");
		fd->severity = exposed ? SEV_HIGH : SEV_MEDIUM;
		finding_evidence(
		    out, fd, at, path, "%s",
		    node_scalar_text(at->type == NODE_OBJECT
					 ? node_get(at, "containerPort")
					 : at));
	}
}

/* A port (number or name) of SSH: 22, or a name for SSH. */
static bool is_ssh_port(const struct node *v)
{
	long long port = 0;

	return (node_int(v, &port) && port == 22) ||
	       (node_is(v, NODE_STRING) && ssh_name(node_str(v)));
}

/* " to Deployment web" (", and 2 more"): who the Service sends to; "". */
static const char *served_by(const struct scan *s, const struct kobj *svc,
			     char *buf, size_t n)
{
	const struct pod_view *pv[1];
	size_t k = exposure_selected(s->exposure, svc, pv, 1);

	if (!k)
		return "";
	if (k == 1)
		fmt_snprintf(buf, n, " to %s %s", pv[0]->obj->kind,
			     pv[0]->obj->name);
	else
		fmt_snprintf(buf, n, " to %s %s and %zu more", pv[0]->obj->kind,
			     pv[0]->obj->name, k - 1);
	return buf;
}

static void services(const struct scan *s, struct findings *out)
{
	const struct kobj *const *v;
	size_t n, i, j;

	v = inventory_kind(s->inv, "Service", &n);
	for (i = 0; i < n; i++) {
		const struct node *ports = node_path(v[i]->root, "spec.ports");
		struct svc_exposure e;
		bool external = service_exposure(v[i], &e);

		for (j = 0; j < node_count(ports); j++) {
			const struct node *p = node_at(ports, j);
			char path[64], who[300];
			struct finding *fd;

			if (!is_ssh_port(node_get(p, "port")) &&
			    !is_ssh_port(node_get(p, "targetPort")) &&
			    !ssh_name(node_get_str(p, "name")))
				continue;
			fd = finding_add(out, &check_ssh_server, v[i], NULL,
					 "Service '%s' publishes SSH (port "
					 "%s)%s%s",
					 v[i]->name,
					 node_scalar_text(node_get(p, "port")),
					 external ? " outside the cluster" : "",
					 served_by(s, v[i], who, sizeof(who)));
			fd->severity = external ? SEV_HIGH : SEV_MEDIUM;
			fmt_snprintf(path, sizeof(path), "spec.ports[%zu]", j);
			finding_evidence(out, fd, p, path, "%s",
					 node_scalar_text(node_get(p, "port")));
			break;
		}
	}
}

static int run(const struct scan *s, struct findings *out)
{
	services(s, out);
	return 0;
}
