/*
 * util.h — a growable byte buffer and whole-file reading, shared by the
 * modules that collect bytes (the wire, the PEM loader, the lesson loader).
 */
#ifndef TW_UTIL_H
#define TW_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "tw_err.h"

typedef struct {
	uint8_t *buf;
	size_t len, cap;
	int oom;          /* an append failed: the contents are incomplete */
} tw_buf;

/* Append n bytes. Returns -1 (and sets b->oom) when memory runs out. */
int tw_buf_add(tw_buf *b, const void *p, size_t n);

/* The same, in the form of BearSSL's decoder callbacks (ctx is a tw_buf *). */
void tw_buf_append_cb(void *ctx, const void *data, size_t len);

void tw_buf_free(tw_buf *b);

/* Read a whole file into a malloc'd, NUL-terminated buffer. Only regular
 * files are read (a FIFO, a device or a directory is refused at once, never
 * waited on), and files larger than max bytes are refused. Errors name the
 * file. */
int tw_read_file(const char *path, size_t max, char **out, size_t *outlen,
	tw_err *e);

/* ---- output files (--keylog, --pcap) ----
 *
 * Outputs may hold secrets (the key log; the pcapng embeds it), so they are
 * written mode 0600 into a temporary file beside the target and renamed
 * into place: a full disk or a failed run leaves no empty or partial file.
 * A target that exists and is not a regular file (/dev/stdout, a FIFO) is
 * written in place. opt names the option in error messages ("--keylog"). */

/* Before anything runs: can path be written? Refuses a directory, a missing
 * or unwritable directory (by creating and removing a temporary file). */
int tw_out_check(const char *opt, const char *path, tw_err *e);

/* 1 when a and b name the same file: the same device and inode when both
 * exist, else the same resolved directory and last component. */
int tw_same_file(const char *a, const char *b);

/* Write len bytes to path as described above. */
int tw_out_write(const char *opt, const char *path, const void *data, size_t len,
	tw_err *e);

/* HTML: the entity that stands for character c in text or in a quoted
 * attribute ("&lt;", "&gt;", "&amp;", "&quot;", "&#39;"), or NULL when c
 * is safe as it is. Shared by the demo server's page (the path it echoes)
 * and the handout (--html), where host, path, HTTP body and certificate
 * names come from outside and may hold markup. */
const char *tw_html_entity(int c);

/* 32 bytes derived from the run's seed for one purpose: SHA-256 of label
 * followed by the seed as 8 big-endian bytes. Everything random in a run
 * (engine entropy, TCP numbers) comes from here, so a seed repeats it. */
void tw_seed_bytes(uint64_t seed, const char *label, uint8_t out[32]);

#endif
