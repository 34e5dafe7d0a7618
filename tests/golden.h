/*
 * golden.h - compare a renderer's output with testdata/reports/golden/NAME.
 *
 * Regenerate on purpose with THREATMAP_UPDATE_GOLDEN=1 make check (then
 * review the diff).  On a mismatch the output is written to
 * build/golden/NAME so `diff` shows what changed.
 */
#ifndef THREATMAP_GOLDEN_H
#define THREATMAP_GOLDEN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#define GOLDEN_DIR "testdata/reports/golden/"

static inline void golden_write(const char *path, const char *s, size_t n)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "cannot write '%s'", path);
	ck_assert_uint_eq(fwrite(s, 1, n, fp), n);
	fclose(fp);
}

static inline void golden_check(const char *name, const char *got, size_t n)
{
	char path[512], outp[512];
	const char *upd = getenv("THREATMAP_UPDATE_GOLDEN");
	size_t wantn = 0, line = 1, i;
	char *want;

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
	if (upd && *upd && strcmp(upd, "0")) {
		golden_write(path, got, n);
		fprintf(stderr, "updated %s\n", path);
		return;
	}
	want = tu_read_file(path, &wantn);
	ck_assert_msg(want != NULL,
		      "missing golden file '%s' (create it "
		      "with THREATMAP_UPDATE_GOLDEN=1 make check)",
		      path);
	if (wantn == n && !memcmp(want, got, n)) {
		free(want);
		return;
	}
	for (i = 0; i < n && i < wantn && got[i] == want[i]; i++)
		line += got[i] == '\n';
	mkdir("build", 0755);
	mkdir("build/golden", 0755);
	snprintf(outp, sizeof(outp), "build/golden/%s", name);
	golden_write(outp, got, n);
	free(want);
	ck_abort_msg("%s differs from the golden file at line %zu: "
		     "diff %s %s",
		     name, line, path, outp);
}

#endif
