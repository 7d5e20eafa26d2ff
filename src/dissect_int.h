/*
 * dissect_int.h — what the dissector's files share; private to dissect*.c.
 *
 * Reading through a window. Every decoder reads the bytes through a cursor
 * D: offset o (in step coordinates) reads p[o - base]. For the step's own
 * bytes base is 0; for the decrypted content of an encrypted record p is
 * the plaintext and base the ciphertext's offset, so the same decoders
 * (a Finished message, an alert, HTTP lines) decode plaintext while the
 * fields they add point at the ciphertext bytes that encrypt it.
 *
 * Every decoder receives a parent node and a byte range [o, end) and MUST
 * cover that range exactly with children; what it cannot decode becomes one
 * undecoded leaf covering the rest. That keeps the coverage invariant of
 * field.h by construction. The readers below do no bounds check: a decoder
 * checks (tw_d_short_of, a length against end) before it reads.
 *
 * Who calls whom, one way only:
 *   dissect.c (model in) -> dissect_tls.c -> dissect_x509.c, dissect_http.c
 *                        -> dissect_ip.c
 *   dissect_tls.c, dissect_x509.c, dissect_http.c -> dissect_cursor.c
 */
#ifndef TW_DISSECT_INT_H
#define TW_DISSECT_INT_H

#include <stddef.h>
#include <stdint.h>
#include "field.h"
#include "keysched.h"
#include "tcp.h"

#define FAIL ((size_t)-1)
#define HEXMAX 48   /* bytes shown in a hex value before it is cut */

/* Name of code c in a tw_name_entry table (names.h), or NULL. */
#define LOOKUP(t, c) tw_name_lookup(t, sizeof t / sizeof t[0], c)

/* A window on the bytes being decoded: offset o (in step coordinates) reads
 * p[o - base]; readable offsets are [base, lim). */
typedef struct {
	tw_fb *b;
	const uint8_t *p;
	size_t base, lim;
	int dir;            /* 0 client→server, 1 server→client */
	int decrypted;      /* reading plaintext laid over the ciphertext */
	int kx;             /* the suite's key exchange (tw_kx), 0 when unknown */
} D;

/* ------------------------------------------------ readers (in-bounds only) */

static inline unsigned
u8(const D *d, size_t o)
{
	return d->p[o - d->base];
}

static inline unsigned
u16(const D *d, size_t o)
{
	return (u8(d, o) << 8) | u8(d, o + 1);
}

static inline size_t
u24(const D *d, size_t o)
{
	return ((size_t)u8(d, o) << 16) | ((size_t)u8(d, o + 1) << 8) | u8(d, o + 2);
}

static inline const uint8_t *
at(const D *d, size_t o)
{
	return d->p + (o - d->base);
}

/* Cover [o, end) with one undecoded leaf saying why. */
static inline void
undec(D *d, tw_field *par, size_t o, size_t end, const char *why)
{
	tw_field_add_undecoded(d->b, par, o, end - o, why);
}

/* ------------------------------------------------------ dissect_cursor.c */

/* Fewer than k bytes in [o, end)? Then cover them as undecoded, say so and
 * return 1; else 0. what names the structure that needs them. */
int tw_d_short_of(D *d, tw_field *par, size_t o, size_t end, size_t k,
	const char *what);

/* Cover leftover bytes [o, end) of a structure (named by what) whose own
 * length said it was shorter than its container; nothing when o >= end. */
void tw_d_rest(D *d, tw_field *par, size_t o, size_t end, const char *what);

/* Hex of n bytes at o into buf, cut after HEXMAX bytes; returns buf. */
const char *tw_d_hex(const D *d, size_t o, size_t n, char *buf, size_t size);

/* Printable text of n bytes at o into buf: ASCII controls and (unless utf8
 * and the bytes are valid UTF-8) non-ASCII bytes escaped as \xNN; cut at
 * max bytes. Returns buf. */
const char *tw_d_text(const D *d, size_t o, size_t n, int utf8, size_t max,
	char *buf, size_t size);

/* -------------------------------------- decoders one file gives another */

/* One DER X.509 certificate in [o, end) (dissect_x509.c). */
void tw_d_x509(D *d, tw_field *par, size_t o, size_t end);

/* A DER Name (a SEQUENCE of RDNs) in [o, end) as one field id / label
 * (dissect_x509.c): the CA names of a CertificateRequest. */
void tw_d_x509_name(D *d, tw_field *par, size_t o, size_t end, const char *id,
	const char *label);

/* Application data in [o, end), o < end: HTTP/1.1 when it looks like it,
 * else one opaque leaf (dissect_http.c). */
void tw_d_http(D *d, tw_field *par, size_t o, size_t end);

/* --------------------------- model-free walkers, called by dissect.c */

/* One record of a TLS step's direction, as the step walker reads it: the
 * per-record facts of the wire and the key schedule, nothing else. */
typedef struct {
	size_t off, len;           /* in the direction's stream, header included */
	unsigned type;             /* content type from the header */
	int encrypted;             /* sent after its direction's ChangeCipherSpec */
	const tw_opened *opened;   /* the key schedule's opening of it, or NULL */
} tw_tls_rec;

/* The TLS step whose len bytes p start at stream_off in the stream of
 * direction dir (0 client→server, 1 server→client); rec lists, in stream
 * order, the nrec records of that direction the bytes overlap; kx the
 * negotiated key exchange (tw_kx, 0 unknown), which decides how a
 * ClientKeyExchange reads. Bytes no record covers become undecoded. Returns -1 only on allocation failure
 * (dissect_tls.c). */
int tw_dissect_tls_step(const uint8_t *p, size_t len, int dir, size_t stream_off,
	const tw_tls_rec *rec, size_t nrec, int kx, tw_field *out);

/* Packet pkt of the connection t, with relative sequence numbers and the
 * scaled window; -1 when pkt is not below t->npkt or on allocation failure
 * (dissect_ip.c). */
int tw_dissect_tcp_conn(const tw_tcp *t, size_t pkt, tw_field *out);

#endif
