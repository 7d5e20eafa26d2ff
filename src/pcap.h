/*
 * pcap.h — the connection as a pcapng capture Wireshark decrypts unaided.
 *
 * tlswalk --pcap FILE writes: a Section Header Block; an Interface
 * Description Block with link type LINKTYPE_RAW (101: each packet starts
 * with its IPv4 header, no Ethernet); a Decryption Secrets Block (type
 * 0x0000000A, secrets type "TLSK") holding the NSS key log line
 * "CLIENT_RANDOM <client random> <master secret>\n", placed before the
 * packets so a reader has the key before the first encrypted record; then
 * one Enhanced Packet Block per TCP segment of m->tcp, in order, time
 * stamped at the model's clock plus the segment's ts_usec. Integers are
 * written little-endian (the byte-order magic says so). Format:
 * draft-ietf-opsawg-pcapng (the pcapng specification).
 */
#ifndef TW_PCAP_H
#define TW_PCAP_H

#include "model.h"

/* Write the capture of a built model to path. The secrets block is left
 * out when the two engines disagree on the master secret (then Wireshark
 * shows the handshake but decrypts nothing). Returns -1 with e naming the
 * file on failure. */
int tw_pcap_write(const tw_model *m, const char *path, tw_err *e);

#endif
