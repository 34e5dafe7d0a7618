/*
 * fuzz_snapshot.c - bytes as a snapshot's meta.json next to a small
 * pods.json, read back by snapshot_read(): a malformed meta.json is an
 * error with a message, never a crash, and file names it lists never
 * leave the directory.  The input is written to a private temporary
 * directory, created once per process and removed when it exits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "inventory.h"
#include "kube/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void rm(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static void cleanup(void)
{
	rm("meta.json");
	rm("pods.json");
	rmdir(dir);
}

static void put(const char *name, const void *p, size_t n)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(p, 1, n, fp) != n)
		abort();
	fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pods[] =
	    "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n"
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
	    "\"p\",\"namespace\":\"a\"},\"spec\":{\"containers\":[{\"name\":"
	    "\"c\",\"image\":\"i\"}]}}\n]}\n";
	struct arena *a = arena_new();
	struct inventory *inv = inventory_new(a);
	struct diag_list errs = DIAG_LIST_INIT;
	struct snapshot_info m;
	struct diag d;
	size_t i;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/threatmap-fuzz-snap-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		atexit(cleanup);
		put("pods.json", pods, sizeof(pods) - 1);
	}
	put("meta.json", data, size);
	if (snapshot_read(a, inv, dir, &m, &errs, &d)) {
		if (d.code == DIAG_OK || !d.msg[0])
			abort();
	}
	for (i = 0; i < errs.n; i++)
		if (errs.v[i].code == DIAG_OK || !errs.v[i].msg[0])
			abort();
	for (i = 0; i < inventory_size(inv); i++)
		if (strncmp(inventory_object(inv, i)->file, dir, strlen(dir)))
			abort();
	diag_list_release(&errs);
	inventory_free(inv);
	arena_free(a);
	return 0;
}
