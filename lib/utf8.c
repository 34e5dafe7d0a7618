#include "utf8.h"

size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;
	unsigned long v;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		len = 1, v = s[0];
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, v = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, v = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, v = s[0] & 0x07u;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	if (cp)
		*cp = v;
	return len;
}

bool utf8_is_hidden(unsigned long cp)
{
	static const struct {
		unsigned long lo, hi;
	} ranges[] = {
		{ 0x00ad, 0x00ad },   { 0x061c, 0x061c }, { 0x180e, 0x180e },
		{ 0x200b, 0x200f },   { 0x2028, 0x202e }, { 0x2060, 0x2064 },
		{ 0x2066, 0x206f },   { 0xfeff, 0xfeff }, { 0xfff9, 0xfffb },
		{ 0xe0000, 0xe007f },
	};
	size_t i;

	if (cp < 0xad)
		return false;
	for (i = 0; i < sizeof(ranges) / sizeof(*ranges); i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return true;
	return false;
}
