/* fuzz_json.c - the loader on JSON-looking input. */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;

	/* Keep the input JSON: an input that would be read as YAML gets '['. */
	if (size && (data[0] == '{' || data[0] == '[')) {
		fuzz_load(data, size);
		return 0;
	}
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	buf[0] = '[';
	if (size)
		memcpy(buf + 1, data, size);
	fuzz_load(buf, size + 1);
	free(buf);
	return 0;
}
