/*
 * helpflags.c - the flags a subcommand's --help text lists.
 */
#include "helpflags.h"

#include <ctype.h>
#include <string.h>

size_t help_flags_parse(const char *help, struct help_flag *out, size_t max)
{
	const char *line = help;
	size_t n = 0;

	while (line && *line && n < max) {
		const char *p = line, *end = strchr(line, '\n');
		struct help_flag f = { 0 };

		line = end ? end + 1 : NULL;
		if (p[0] != ' ' || p[1] != ' ')
			continue;
		while (*p == ' ')
			p++;
		if (p[0] == '-' && p[1] && p[1] != '-' && p[2] == ',' &&
		    p[3] == ' ') {
			f.shortname = p[1];
			p += 4;
		} else if (p[0] == '-' && p[1] && p[1] != '-' &&
			   (p[2] == ' ' || p[2] == '\n')) {
			f.shortname = p[1];
			p += 2;
			f.value = p[0] == ' ' && isupper((unsigned char)p[1]);
			out[n++] = f;
			continue;
		}
		if (p[0] != '-' || p[1] != '-')
			continue;
		p += 2;
		{
			size_t w = 0;

			while ((isalnum((unsigned char)p[w]) || p[w] == '-') &&
			       w < sizeof(f.name) - 1)
				w++;
			if (!w)
				continue;
			memcpy(f.name, p, w);
			f.name[w] = '\0';
			p += w;
		}
		if (*p == '=')
			p++;
		else if (*p == ' ')
			p++;
		f.value = isupper((unsigned char)*p) != 0;
		out[n++] = f;
	}
	return n;
}

const struct help_flag *help_flags_find(const struct help_flag *fl, size_t n,
					const char *word)
{
	size_t i;

	if (word[0] != '-')
		return NULL;
	for (i = 0; i < n; i++) {
		/* "-" alone is no flag (and word[2] lies past its end) */
		if (word[1] && word[1] != '-' && word[1] == fl[i].shortname &&
		    !word[2])
			return &fl[i];
		if (word[1] == '-' && !strcmp(word + 2, fl[i].name))
			return &fl[i];
	}
	return NULL;
}

bool help_flag_takes_value(const char *help, const char *arg)
{
	struct help_flag fl[HELP_FLAGS_MAX];
	size_t n = help_flags_parse(help, fl, HELP_FLAGS_MAX);
	const struct help_flag *f = help_flags_find(fl, n, arg);

	return f && f->value;
}
