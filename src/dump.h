/*
 * dump.h — the whole walkthrough as plain text (tlswalk --dump).
 */
#ifndef TW_DUMP_H
#define TW_DUMP_H

#include <stdio.h>
#include "model.h"
#include "lesson.h"

/* Print every stage and step in order: number, id, direction, the bytes in
 * hex with an offset column, the field tree, the lesson (when l is not
 * NULL), the secrets that became known and each verification result. */
void tw_dump(const tw_model *m, const tw_lessons *l, FILE *out);

/* The same for steps first..last (0-based, inclusive) only, with the
 * heading lines and the stage introduction of the first step shown. */
void tw_dump_range(const tw_model *m, const tw_lessons *l, size_t first,
	size_t last, FILE *out);

/* Print bytes as a hex dump: offset, 16 bytes in hex, ASCII. */
void tw_dump_hex(FILE *out, const uint8_t *b, size_t n, const char *indent);

/* A captured TLS 1.3 connection (dump13.c): what a step makes known, and
 * the closing summary, from m->t13. */
void tw_dump13_step(FILE *out, const tw_model *m, const tw_step *st, int zh);
void tw_dump13_summary(FILE *out, const tw_model *m, int zh);

/* A verdict as the dump writes it, in brackets and in the term list's words
 * of the language (zh non-zero: Chinese): "[verified]", "[已验证]". The
 * string is static and stays valid. */
const char *tw_dump_mark(tw_verdict v, int zh);

#endif
