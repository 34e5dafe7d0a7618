/*
 * markup.h - escaping for the text, HTML, XML and Markdown reports.
 *
 * Every string a report did not write itself (object names, messages,
 * evidence values, exception reasons, file paths) goes through one of
 * these.  A reader sees every character the input holds: controls and
 * the invisible characters utf8_is_hidden() names (bidirectional
 * overrides, zero-width characters) are written as their code point,
 * never passed through, so a value cannot reorder, hide or recolour the
 * text around it.  In HTML, XML and Markdown such a character becomes
 * the visible text "<U+202E>" (entities in the markup) and invalid UTF-8
 * becomes U+FFFD; tab and, except in Markdown, newline stay.  Appends to
 * sb; returns 0, or -1 when sb's cap would be passed.  NULL s appends
 * nothing.
 */
#ifndef THREATMAP_MARKUP_H
#define THREATMAP_MARKUP_H

#include <stddef.h>

struct sbuf;

/* Text and attribute values: & < > " ' become entities. */
int markup_html(struct sbuf *sb, const char *s);

/* Same escapes, for XML 1.0 text and attributes (JUnit). */
int markup_xml(struct sbuf *sb, const char *s);

/*
 * Markdown inline text for GitHub (never at the start of a line):
 * & < > become entities, \ ` * _ [ ] | ~ get a
 * backslash, newlines become spaces, so a value cannot open a link, table
 * cell, emphasis or code span.
 */
int markup_md(struct sbuf *sb, const char *s);

/*
 * Text for a terminal: C0 controls (tab and newline too), DEL and bytes
 * that are not UTF-8 become \x1b, C1 controls and hidden characters
 * \u202e (\U000e0041 past U+FFFF); everything else as it is.
 */
int markup_term(struct sbuf *sb, const char *s);

/*
 * A report being written: the buffer, the escaper for foreign text, and a
 * sticky error so a renderer checks once at the end.
 */
struct mout {
	struct sbuf *sb;
	int (*escape)(struct sbuf *sb, const char *s);
	int err;
};

/* Markup the report writes itself, unescaped. */
void mout_raw(struct mout *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Text from the input, escaped; NULL writes nothing. */
void mout_text(struct mout *o, const char *s);

/*
 * Percent-encode s for a URI path: unreserved characters and '/' stay,
 * everything else becomes %XX.
 */
int markup_uri_path(struct sbuf *sb, const char *s);

#endif
