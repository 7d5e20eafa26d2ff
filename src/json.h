/*
 * json.h — the whole model as one JSON document (tlswalk --json).
 *
 * For programs and for checking tlswalk against other tools: the steps in
 * order with their bytes and field trees, the TLS records, the TCP
 * segments, every secret with how it was derived (PRF traces included) and
 * every verification verdict. Byte strings are lowercase hex. The layout is
 * documented in README.md, section "JSON format"; "format" in the document
 * is bumped when a key changes meaning or disappears.
 */
#ifndef TW_JSON_H
#define TW_JSON_H

#include <stdio.h>
#include "model.h"

#define TW_JSON_FORMAT 2

/* Write m to out as indented JSON followed by a newline. Returns -1 with e
 * set on allocation or write failure. */
int tw_json_write(const tw_model *m, FILE *out, tw_err *e);

/* The "tls13" object of a captured TLS 1.3 connection (json13.c); a
 * new jansson reference. */
struct json_t;
struct json_t *tw_json13(const tw_model *m);

#endif
