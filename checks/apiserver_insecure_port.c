/* apiserver-insecure-port: the API server serves plain HTTP without authentication. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "analysis/controlplane.h"
#include "finding.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);
static const char *unseen(const struct scan *s);

static const char *const techniques[] = { "MS-TA9005", "MS-TA9029", NULL };
static const char *const attack[] = { "T1133", NULL };
static const char *const references[] = {
	"https://kubernetes.io/docs/reference/command-line-tools-reference/"
	"kube-apiserver/",
	"https://kubernetes.io/docs/concepts/security/controlling-access/"
	"#api-server-ports-and-ips",
	NULL,
};

const struct check check_apiserver_insecure_port = {
	.id = "apiserver-insecure-port",
	.title = "API server serves an insecure port",
	.severity = SEV_CRITICAL,
	.needs = NEED_WORKLOADS,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "--insecure-port other than 0 opens a plain HTTP port on "
	    "which every request skips authentication and authorization: "
	    "anyone who reaches it is cluster-admin. Before 1.20 it "
	    "defaults to 8080 on 127.0.0.1 (every process of the node and "
	    "every host-network pod reaches it), so an API server whose "
	    "image tag names such a version is reported without the flag "
	    "too; --insecure-bind-address other than 127.0.0.1 makes it "
	    "reachable from the network. From 1.20 only 0 is accepted and "
	    "from 1.24 the flag is gone: an API server of such a version "
	    "given another port does not start, and is not reported. "
	    "Without a version in the tag, a port other than 0 is "
	    "reported and an absent flag is judged as on current versions "
	    "(no insecure port), unless --insecure-bind-address names an "
	    "address other than loopback: that flag serves only the "
	    "insecure port, and an API server that starts with it is "
	    "older than 1.24, so it is reported as the network exposure "
	    "it asks for.",
	.remediation =
	    "Start kube-apiserver with --insecure-port=0 (or upgrade to a "
	    "version without it) and remove --insecure-bind-address.",
	.fix = "spec:\n"
	       "  containers:\n"
	       "  - name: kube-apiserver\n"
	       "    command:\n"
	       "    - kube-apiserver\n"
	       "    - --insecure-port=0\n",
	.references = references,
	.run = run,
	.unseen = unseen,
};

static bool is_loopback(const char *addr)
{
	return !strcmp(addr, "127.0.0.1") || !strcmp(addr, "localhost") ||
	       !strcmp(addr, "::1") || !strcmp(addr, "[::1]");
}

static bool judge(const struct cp_proc *p, struct arena *a, const char **why,
		  const struct cp_flag **at)
{
	const struct cp_flag *f = cp_flag(p, "insecure-port");
	const struct cp_flag *b = cp_flag(p, "insecure-bind-address");
	int minor = cp_minor(p);

	/*
	 * Before 1.20 the port defaults to 8080 (on 127.0.0.1); from 1.20
	 * only 0 is accepted and from 1.24 the flag is unknown: either way
	 * an API server given another port refuses to start.
	 */
	if (!f && minor >= 0 && minor < 20 && !p->opaque) {
		*why = arena_printf(a,
				    "--insecure-port is not set, and before "
				    "1.20 it defaults to 8080: the API is "
				    "served without authentication or "
				    "authorization on %s",
				    b ? b->value : "127.0.0.1");
		return true;
	}
	if (!f && minor < 0 && b && !is_loopback(b->value) && !p->opaque) {
		*at = b;
		*why = arena_printf(a,
				    "--insecure-bind-address=%s puts the "
				    "insecure port on the network: the image "
				    "names no version, and before 1.20 that "
				    "port defaults to 8080, served without "
				    "authentication or authorization",
				    b->value);
		return true;
	}
	if (!f || !strcmp(f->value, "0") || minor >= 20)
		return false;
	*at = f;
	*why = arena_printf(a,
			    "--insecure-port=%s serves the API without "
			    "authentication or authorization%s%s",
			    f->value, b ? " on " : "", b ? b->value : "");
	return true;
}

static const char *unseen(const struct scan *s)
{
	return cp_unseen(s, CP_BIT(CP_APISERVER));
}

static int run(const struct scan *s, struct findings *out)
{
	return cp_report(s, &check_apiserver_insecure_port,
			 CP_BIT(CP_APISERVER), judge, out);
}
