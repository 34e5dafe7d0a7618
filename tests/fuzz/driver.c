/*
 * driver.c - a plain main() for the fuzz harnesses: each argument is a
 * file whose bytes go to LLVMFuzzerTestOneInput once.  This lets every
 * build compile the harnesses and `make check` replay their corpora;
 * `make fuzz` links libFuzzer's main instead.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, alloc = 0, n;

	if (!fp) {
		fprintf(stderr, "cannot open '%s'\n", path);
		return 1;
	}
	do {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 4096;
			buf = realloc(buf, alloc);
			if (!buf) {
				fclose(fp);
				fprintf(stderr, "out of memory\n");
				return 1;
			}
		}
		n = fread(buf + len, 1, alloc - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		fprintf(stderr, "cannot read '%s'\n", path);
		fclose(fp);
		free(buf);
		return 1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++)
		status |= run_file(argv[i]);
	return status;
}
