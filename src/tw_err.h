/*
 * tw_err.h — how errors travel in tlswalk.
 *
 * Every fallible function takes a tw_err * and, on failure, writes one
 * sentence naming what is wrong (the file, option or value at fault) and
 * returns -1. The first error sticks: tw_err_set() does nothing when a
 * message is already there, so the innermost, most precise cause wins.
 */
#ifndef TW_ERR_H
#define TW_ERR_H

#include <stddef.h>

typedef struct {
	char msg[512];
	int code;   /* optional numeric detail, e.g. a BearSSL error code; 0 if none */
} tw_err;

/* Clear *e. */
void tw_err_clear(tw_err *e);

/* Record a printf-style message unless one is already recorded. Returns -1
 * so callers can write `return tw_err_set(e, ...);`. e may be NULL. */
int tw_err_set(tw_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Copy s into out (size bytes, NUL-terminated) with control characters
 * (C0, DEL and C1) written as \xNN or \u00NN, so text from outside (an
 * option value, a file name, a line of a file) printed to a terminal cannot
 * move the cursor, change colours or split a one-sentence message. At most
 * max_in bytes of s are copied; a longer s is cut at a character boundary
 * and ends in "...". Returns the length written. tw_err_set applies it to
 * every message. */
size_t tw_escape(char *out, size_t size, const char *s, size_t max_in);

/* Name and one-sentence meaning of a BearSSL error code (SSL or X.509).
 * Never NULL: unknown codes give "BR_ERR_UNKNOWN" / "unknown error". */
const char *tw_br_err_name(int code);
const char *tw_br_err_text(int code);

#endif
