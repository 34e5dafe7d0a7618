/*
 * yaml.h - YAML input through libyaml's event API into the tree builder
 * (internal to the loader).  Functions use the prefix yml_ since yaml_
 * belongs to libyaml.
 *
 * Plain scalars resolve as Kubernetes' YAML library (go-yaml v2, YAML 1.1)
 * does for the common cases: null, ~ and empty are null; true/false,
 * yes/no, on/off, y/n in their lower, Capitalised and UPPER forms are
 * booleans; decimal, 0x, 0o, 0b and leading-0 octal integers and decimal
 * floats are numbers (integers written in another base keep their decimal
 * value as text); quoted and block scalars are strings, as are .inf and
 * .nan (JSON has no such numbers).  Tags !!str, !!int, !!float, !!bool and
 * !!null are honoured; other tags are ignored.
 *
 * Anchors and aliases: an alias shares the anchored subtree by reference;
 * the nodes reached through aliases count against max_alias_nodes.  An
 * alias to an anchor inside a pruned field is an error.  Merge keys (<<)
 * are resolved when their mapping ends (see load.h for where they are
 * refused).
 */
#ifndef THREATMAP_YAML_H
#define THREATMAP_YAML_H

#include <stdbool.h>
#include <stddef.h>

struct lb;

/*
 * Parse a YAML stream into b; each document's root goes to b->on_doc and
 * each problem to b->on_error.  An error inside a document abandons that
 * document only; a syntax error ends the stream.  single makes a second
 * document an error.  Returns the number of documents seen, or a negative
 * diag code when the stream could not be read to its end.
 */
int yml_parse(struct lb *b, const char *buf, size_t len, bool single);

/*
 * The text of yml_parse_read(): up to size bytes into buf, returning how
 * many (0 at its end), or -1 to stop the parse with an error the function
 * reports itself.
 */
typedef long (*yml_read_fn)(void *ctx, char *buf, size_t size);

/*
 * yml_parse(b, text, len, false) of the text read pulls, which is never
 * held whole: libyaml reads it in small pieces as it goes.  The text must
 * hold no character lb_bad_char() finds (the caller checks it first: the
 * documents before such a character are parsed, the one holding it is
 * not, and that cannot be known without reading ahead).  Returns as
 * yml_parse() does, or DIAG_IO when read failed.
 */
int yml_parse_read(struct lb *b, yml_read_fn read, void *ctx);

/*
 * Back to the start of the text of yml_parse_pull(), to read it again:
 * 0, or -1 when it cannot (the function reports its own error).
 */
typedef int (*yml_rewind_fn)(void *ctx);

/*
 * yml_parse_read() with the scanner of yamlscan.c first: block YAML is
 * read there, fast; when it meets what it leaves to libyaml, the text is
 * read again from its start (rewind) and libyaml's events go on from
 * where the scanner's stopped.  Neither holds the text whole.
 */
int yml_parse_pull(struct lb *b, yml_read_fn read, yml_rewind_fn rewind,
		   void *ctx);

struct ysc_split;

/*
 * yml_parse_pull() with the hand-over of sp at its offset (yamlscan.h):
 * sp->ready() and sp->take() are called when the scanner stands there
 * inside the sequence of a root mapping, with nothing abandoned.
 */
int yml_parse_split(struct lb *b, yml_read_fn read, yml_rewind_fn rewind,
		    void *ctx, const struct ysc_split *sp);

/*
 * The entries of a block sequence, the root of the text read (from the
 * middle of a List, at an entry), to b, which stands in an items array
 * (lb_enter_items()): by the scanner alone, never libyaml, up to its
 * first mapping that is no entry, its end, an error or what the scanner
 * gives up at; sp->entry() is called at each entry.
 */
void yml_scan_items(struct lb *b, yml_read_fn read, void *ctx,
		    const struct ysc_split *sp);

/* The scanner is on (yml_set_fast(), THREATMAP_YAML_FAST). */
bool yml_fast_on(void);

/*
 * The message for a character lb_bad_char() found in YAML: byte, the
 * first of it, is not UTF-8 (cp -1), or code point cp is not allowed.
 */
void yml_bad_char_msg(char *out, size_t n, unsigned char byte, long cp);

/*
 * The scanner of yml_parse() and yml_parse_pull(): 1 on, 0 off (libyaml
 * alone), -1 (the default) on unless THREATMAP_YAML_FAST=0.
 */
void yml_set_fast(int on);

/*
 * Threads of yml_parse_read(): 1 (the default) parses and builds on the
 * caller's; 2 runs libyaml on a thread of its own, a few hundred events
 * ahead of the builder, and read is called there.  Set before loading.
 */
void yml_set_threads(unsigned n);

#endif
