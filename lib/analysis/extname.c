#include "analysis/extname.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"

static const char *const target_names[] = {
	[EXT_OUTSIDE] = "a host outside the cluster",
	[EXT_PRIVATE] = "a private address or internal name",
	[EXT_CLUSTER_SERVICE] = "a Service of the cluster",
	[EXT_LOOPBACK] = "the proxy's own loopback",
	[EXT_APISERVER] = "the Kubernetes API server",
	[EXT_METADATA] = "the cloud instance metadata endpoint",
};

const char *ext_target_name(enum ext_target t)
{
	return (size_t)t < sizeof(target_names) / sizeof(target_names[0])
		   ? target_names[t]
		   : "unknown";
}

/* Instance metadata endpoints of the clouds, by address and name. */
static const char *const metadata_names[] = {
	"169.254.169.254",	    /* AWS, GCP, Azure, OCI, OpenStack */
	"fd00:ec2::254",	    /* AWS IPv6 */
	"169.254.170.2",	    /* AWS ECS task metadata */
	"100.100.100.200",	    /* Alibaba Cloud */
	"metadata.google.internal", /* GCP */
	"metadata",		    /* GCP short name */
	"instance-data",	    /* AWS */
	"instance-data.ec2.internal",
};

/* Name suffixes that only resolve inside a private network. */
static const char *const private_suffixes[] = {
	".internal", ".local",	  ".localdomain", ".lan",
	".corp",     ".intranet", ".home.arpa",
};

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcasecmp(s + a - b, suf);
}

static enum ext_target classify_v4(const unsigned char *a)
{
	if (a[0] == 127 || (a[0] == 0 && !a[1] && !a[2] && !a[3]))
		return EXT_LOOPBACK;
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	    (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64))
		return EXT_PRIVATE;
	return EXT_OUTSIDE;
}

/* An address: its class in *t; false when name is no address. */
static bool classify_addr(const char *name, enum ext_target *t)
{
	unsigned char a[16];
	static const unsigned char lo6[16] = { [15] = 1 }, any6[16] = { 0 };

	if (inet_pton(AF_INET, name, a) == 1) {
		*t = classify_v4(a);
		return true;
	}
	if (inet_pton(AF_INET6, name, a) != 1)
		return false;
	if (!memcmp(a, lo6, 16) || !memcmp(a, any6, 16))
		*t = EXT_LOOPBACK;
	else if ((a[0] & 0xfe) == 0xfc ||
		 (a[0] == 0xfe && (a[1] & 0xc0) == 0x80))
		*t = EXT_PRIVATE;
	else
		*t = EXT_OUTSIDE;
	return true;
}

/* "NAME.NS.svc" or "NAME.NS.svc.DOMAIN": copy NAME and NS. */
static bool service_name(const char *h, char *ns, size_t nn, char *svc,
			 size_t sn)
{
	const char *d1 = strchr(h, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;

	if (!d1 || !d2 || strncasecmp(d2, ".svc", 4) != 0 ||
	    (d2[4] != '\0' && d2[4] != '.'))
		return false;
	fmt_snprintf(svc, sn, "%.*s", (int)(d1 - h), h);
	fmt_snprintf(ns, nn, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
	return true;
}

enum ext_target ext_classify(const char *name, char *ns, size_t nn, char *svc,
			     size_t sn,
			     int (*has_ns)(void *ctx, const char *ns),
			     void *ctx)
{
	char h[256];
	const char *dot;
	enum ext_target t;
	size_t i, len;

	ns[0] = svc[0] = '\0';
	fmt_snprintf(h, sizeof(h), "%s", name ? name : "");
	len = strlen(h);
	if (len && h[len - 1] == '.')
		h[--len] = '\0';
	for (i = 0; i < len; i++)
		h[i] = (char)tolower((unsigned char)h[i]);
	for (i = 0; i < sizeof(metadata_names) / sizeof(metadata_names[0]); i++)
		if (!strcmp(h, metadata_names[i]))
			return EXT_METADATA;
	if (classify_addr(h, &t))
		return t;
	if (!strcmp(h, "localhost") || ends_with(h, ".localhost") ||
	    !strcmp(h, "localhost.localdomain"))
		return EXT_LOOPBACK;
	if (!strcmp(h, "kubernetes") || !strcmp(h, "kubernetes.default") ||
	    !strcmp(h, "kubernetes.default.svc") ||
	    !strncmp(h, "kubernetes.default.svc.", 23))
		return EXT_APISERVER;
	if (service_name(h, ns, nn, svc, sn))
		return EXT_CLUSTER_SERVICE;
	dot = strchr(h, '.');
	if (dot && !strchr(dot + 1, '.') && has_ns) {
		char n[254];
		fmt_snprintf(n, sizeof(n), "%s", dot + 1);
		if (has_ns(ctx, n)) {
			fmt_snprintf(svc, sn, "%.*s", (int)(dot - h), h);
			fmt_snprintf(ns, nn, "%s", n);
			return EXT_CLUSTER_SERVICE;
		}
	}
	if (!dot)
		return EXT_PRIVATE; /* a single label: the search path decides */
	for (i = 0; i < sizeof(private_suffixes) / sizeof(private_suffixes[0]);
	     i++)
		if (ends_with(h, private_suffixes[i]))
			return EXT_PRIVATE;
	return EXT_OUTSIDE;
}
