/*
 * gateway-route-without-tls: a Gateway API route served on a listener that
 * terminates no TLS.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/exposure.h"
#include "finding.h"
#include "fmt.h"
#include "inventory.h"
#include "node.h"
#include "scan.h"

static int run(const struct scan *s, struct findings *out);

static const char *const techniques[] = { "MS-TA9004", NULL };
static const char *const attack[] = { "T1190", NULL };
static const char *const references[] = {
	"https://gateway-api.sigs.k8s.io/reference/spec/#listener",
	"https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/",
	NULL,
};

const struct check check_gateway_route_without_tls = {
	.id = "gateway-route-without-tls",
	.title = "Gateway API route served without TLS",
	.severity = SEV_MEDIUM,
	.severity_min = SEV_LOW,
	.needs = NEED_GATEWAY_ROUTES,
	.techniques = techniques,
	.attack = attack,
	.rationale =
	    "A Gateway listener of protocol HTTP terminates no TLS: the "
	    "requests of every HTTPRoute or GRPCRoute it takes, with their "
	    "credentials, cookies and tokens, cross the network readable "
	    "and alterable, and the application behind it is the "
	    "initial-access point (Application vulnerability, MS-TA9004, "
	    "T1190).  A route whose rules on that listener only redirect "
	    "(a RequestRedirect filter, which the API refuses beside "
	    "backendRefs) sends nothing to a backend and is not reported.  "
	    "Medium; low when the Gateway faces the private network only "
	    "(an internal load balancer, an internal class, or its "
	    "Services in the input all internal).",
	.remediation =
	    "Attach the route to an HTTPS listener only (parentRefs with "
	    "the listener's sectionName or port), and give the HTTP "
	    "listener a route that redirects to HTTPS.",
	.details = "- **Looks at:** each HTTPRoute and GRPCRoute, and the "
		   "listeners that take it as the\n"
		   "  exposure analysis attaches routes: a parentRef's "
		   "`sectionName` and `port` (both\n"
		   "  when both are given), the listener's `allowedRoutes` "
		   "and `hostname`, and for a\n"
		   "  ListenerSet its Gateway's `allowedListeners`.  "
		   "Reported for each listener of\n"
		   "  protocol `HTTP` that takes a route with a rule "
		   "sending to a backend\n"
		   "  (`backendRefs`).\n"
		   "- **Silent for:** routes on `HTTPS` or `TLS` listeners "
		   "only; routes whose rules\n"
		   "  all redirect; Gateways and ListenerSets absent from "
		   "the input (the route's\n"
		   "  listeners are unknown); a parentRef whose entry of "
		   "the route's `status.parents`\n"
		   "  says `Accepted` `\"False\"` (the route is not "
		   "attached there); a listener whose\n"
		   "  entry of `status.listeners` says `Accepted` or "
		   "`Programmed` `\"False\"` (it serves\n"
		   "  nothing); every listener of a Gateway or ListenerSet "
		   "whose `status.conditions`\n"
		   "  say `Accepted` or `Programmed` `\"False\"` (and of "
		   "the ListenerSets of such a\n"
		   "  Gateway).  Without status (manifests) the spec "
		   "decides, and so it does where a\n"
		   "  condition's `observedGeneration` is older than its "
		   "object's `metadata.generation`.\n"
		   "- **Severity:** medium; low for a Gateway on the "
		   "private network only.\n",
	.fix = "spec:\n"
	       "  parentRefs:\n"
	       "  - name: public\n"
	       "    sectionName: https\n",
	.references = references,
	.run = run,
};

/* Some rule of route sends requests to a backend. */
static bool has_backends(const struct kobj *route)
{
	const struct node *rules = node_path(route->root, "spec.rules");
	size_t i;

	for (i = 0; i < node_count(rules); i++)
		if (node_count(node_get(node_at(rules, i), "backendRefs")))
			return true;
	return false;
}

static void judge(const struct scan *s, struct findings *out,
		  const struct kobj *route)
{
	struct expose_clear *c;
	size_t n, i;

	if (!has_backends(route))
		return;
	n = exposure_clear_listeners(s->exposure, route, &c);
	for (i = 0; i < n; i++) {
		const char *lname = node_get_str(c[i].listener, "name");
		struct finding *fd;
		char path[64];

		fd = finding_add(
		    out, &check_gateway_route_without_tls, route, NULL,
		    "%s '%s' is served in clear text on listener '%s' (HTTP, "
		    "port %ld) of %s %s/%s",
		    route->kind, route->name, lname ? lname : "?", c[i].port,
		    c[i].owner->kind, kobj_ns(c[i].owner), c[i].owner->name);
		fmt_snprintf(path, sizeof(path), "spec.parentRefs[%zu]",
			     c[i].parent);
		finding_evidence(
		    out, fd,
		    node_at(node_path(route->root, "spec.parentRefs"),
			    c[i].parent),
		    path, "%s", c[i].owner->name);
		fmt_snprintf(path, sizeof(path), "spec.listeners[%zu].protocol",
			     c[i].index);
		finding_hop(out, fd, c[i].owner,
			    node_get(c[i].listener, "protocol"), path, "HTTP",
			    "the listener terminates no TLS");
		if (c[i].internal)
			fd->severity = SEV_LOW;
	}
	free(c);
}

static int run(const struct scan *s, struct findings *out)
{
	static const char *const kinds[] = { "HTTPRoute", "GRPCRoute" };
	size_t k, n, i;

	if (!s->exposure)
		return 0;
	for (k = 0; k < 2; k++) {
		const struct kobj *const *v =
		    inventory_kind(s->inv, kinds[k], &n);

		for (i = 0; i < n; i++)
			if (!strcmp(v[i]->group, "gateway.networking.k8s.io"))
				judge(s, out, v[i]);
	}
	return 0;
}
