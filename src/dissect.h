/*
 * dissect.h — every byte of a step explained as a tree of fields (field.h
 * says what a field is and holds the invariant every tree keeps).
 *
 * The entry points that read a built model are in dissect.c; the ones that
 * read bytes are in the file of their protocol: dissect_tls.c (with
 * dissect_x509.c and dissect_http.c below it) and dissect_ip.c.
 */
#ifndef TW_DISSECT_H
#define TW_DISSECT_H

#include <stddef.h>
#include <stdint.h>
#include "field.h"

struct tw_model;

/* Dissect step i of a built model into *out (root covers all the step's
 * bytes). Returns -1 only on allocation failure; malformed bytes
 * give undecoded fields, never an error or a read outside the buffer. */
int tw_dissect_step(const struct tw_model *m, size_t i, tw_field *out);

/* Dissect raw bytes of TLS records (dissect_tls.c; untrusted input: the fuzz
 * target's entry point). dir is 0 client→server, 1 server→client. Records
 * after a ChangeCipherSpec count as encrypted and are not decrypted. */
int tw_dissect_tls_bytes(const uint8_t *data, size_t len, int dir, tw_field *out);

/* An IPv4 packet carrying TCP (dissect_ip.c): IPv4 header, TCP header with
 * its options, payload as one field; both checksums verified. Untrusted
 * input: bad or truncated bytes give undecoded fields. Returns -1 only on
 * allocation failure. Sequence numbers are absolute here; the model variant
 * knows the connection and adds relative numbers and the scaled window. */
int tw_dissect_ip_packet(const uint8_t *p, size_t len, tw_field *out);

/* Packet pkt of m->tcp (a TCP step's bytes are m->tcp.pkt[st->pkt_first]),
 * with relative sequence numbers and the scaled window. -1 also when pkt is
 * not below m->tcp.npkt. */
int tw_dissect_tcp_packet(const struct tw_model *m, size_t pkt, tw_field *out);

/* Every field id dissect_ip.c can produce, NULL-terminated. */
extern const char *const tw_dissect_ip_ids[];

/* Every field id the TLS dissector (dissect_tls.c, dissect_x509.c,
 * dissect_http.c) can produce, NULL-terminated (lessons test). */
extern const char *const tw_dissect_all_ids[];

#endif
