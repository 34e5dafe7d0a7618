/*
 * utf8.h - decoding one UTF-8 sequence, and the code points a report
 * must not print as they are.
 *
 * Pure functions of their arguments: thread safe, no allocation.
 */
#ifndef THREATMAP_UTF8_H
#define THREATMAP_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Length (1..4) of the valid UTF-8 sequence at s, of at most n bytes, and
 * its code point in *cp (cp may be NULL); 0 when the bytes there are not
 * UTF-8 (overlong forms, surrogates, values past U+10FFFF, a truncated
 * sequence).  Bytes are read one by one up to the first that does not
 * fit, so a NUL-terminated string may pass n = 4 at any position.
 */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp);

/*
 * True for code points that display as nothing yet change the text
 * around them: the bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069) that can reorder what a reader sees,
 * zero-width and other invisible format characters (U+00AD, U+180E,
 * U+200B-U+200D, U+2060-U+2064, U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB,
 * the tag characters U+E0000-U+E007F) and the line and paragraph
 * separators U+2028, U+2029.  C0, DEL and C1 controls are not included:
 * each format handles those on its own.
 */
bool utf8_is_hidden(unsigned long cp);

#endif
