/*
 * der.h — one DER element read from a byte string: the reader the X.509
 * dissector and the certificate-link check share.
 */
#ifndef TW_DER_H
#define TW_DER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	size_t off;      /* tag byte */
	size_t hlen;     /* tag + length bytes */
	size_t len;      /* content length */
	unsigned tag;
} tw_tlv;

/* Read the element at offset o of p, within [o, end): single-byte tags,
 * definite lengths of at most 4 bytes. 0, or -1 when it is not valid DER
 * or does not fit. */
int tw_der_read(const uint8_t *p, size_t o, size_t end, tw_tlv *t);

#endif
