/*
 * json.h - JSON input through the loader's streaming tokenizer into the
 * tree builder (internal to the loader).
 *
 * The tokenizer counts lines and columns as it reads (columns count
 * characters, as libyaml's marks do), checks UTF-8 and escapes once, and
 * accepts exactly RFC 8259 JSON: no comments, no white space but space,
 * tab, CR and LF, no unpaired surrogate escape.  Errors name the token
 * that is wrong and, at the end of the input, the container left open.
 */
#ifndef THREATMAP_JSON_H
#define THREATMAP_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct lb;

/*
 * Parse buf (len bytes) into b; each top-level value goes to b->on_doc.
 * multi allows several values separated by white space.  Returns 0, or a
 * negative diag code after passing b->err to b->on_error (one error: JSON
 * cannot resume).
 */
int json_parse(struct lb *b, const char *buf, size_t len, bool multi);

/*
 * The same for input that arrives in pieces (a file read in chunks, an HTTP
 * body as it is received): feed the pieces in order, then end.  Only the
 * text from the last token on is kept between pieces.  feed and end return
 * 0 or the negative diag code of the error that stopped the stream (passed
 * to b->on_error once); after an error further pieces are ignored.
 */
struct json_stream;
struct json_stream *json_stream_new(struct lb *b, bool multi);
int json_stream_feed(struct json_stream *j, const char *buf, size_t len);
int json_stream_end(struct json_stream *j);
void json_stream_free(struct json_stream *j);
/*
 * Bytes the stream holds between pieces (the unfinished token and the
 * decoding buffer).  A string the builder drops, or one past the scalar
 * limit, is passed over rather than held, so this stays near the limit
 * whatever the input.
 */
size_t json_stream_held(const struct json_stream *j);

/*
 * Reading the items of a List from the middle (load.c, a large file on
 * two threads).  json_stream_items(): a stream that starts inside the
 * items array of a document root's object, after a ',' (a value must
 * come), at line and col; b is at the same place (lb_enter_items()).
 * json_stream_between_items(): the stream is exactly there, nothing
 * held, no error.  json_stream_resume(): a stream that was there goes on
 * after an item ending before line and col (',' or ']' must come), as if
 * it had read the text in between.  json_stream_punct(): the byte of the
 * punctuation being acted on (during a builder call for it, within the
 * piece being fed) and its line and column.
 */
struct json_stream *json_stream_items(struct lb *b, unsigned line,
				      unsigned col);
bool json_stream_between_items(const struct json_stream *j);
void json_stream_resume(struct json_stream *j, unsigned line, unsigned col);
const char *json_stream_punct(const struct json_stream *j, unsigned *line,
			      unsigned *col);

/*
 * For tests: streams created after this pass over a string once n bytes
 * of it are held (0: the default, 64 KiB).  Not thread safe.
 */
void json_cut_set(size_t n);

#endif
