/*
 * capture.h — a learner's own capture (pcap or pcapng, read with libpcap)
 * as the source of the model, instead of the in-process engines.
 *
 * Reading is streamed and done in two passes, so memory stays bounded
 * whatever the file's size: the first pass finds the TCP connections and
 * keeps only the first bytes of each direction (enough for the
 * ClientHello and ServerHello: SNI, version, suite, client random); the
 * second keeps the packets and the reassembled streams (reasm.h) of the
 * one connection walked. Link types: Ethernet (with 802.1Q / 802.1ad VLAN
 * tags), raw IP, Linux cooked capture v1 and v2, BSD loopback (null and
 * loop). IPv4 and IPv6 (hop-by-hop, routing and destination options
 * headers skipped); fragments are not reassembled (TCP on loopback and
 * LANs does not fragment) and are counted.
 *
 * Keys: a pcapng Decryption Secrets Block (libpcap does not expose them,
 * so the file's blocks are walked here) and/or --keys FILE (keylog.h).
 * The master secret of a TLS 1.2 connection goes into the transcript as
 * given_ms; engine facts stay empty: nothing of the capture claims to
 * know a private key.
 */
#ifndef TW_CAPTURE_H
#define TW_CAPTURE_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "model.h"
#include "keylog.h"

/* One TCP connection seen in a capture. [0] is the client, [1] the server. */
typedef struct {
	int ip_version;
	uint8_t addr[2][16];
	uint16_t port[2];
	int syn_seen;                /* the client's SYN is in the capture */
	int roles_guessed;           /* no SYN, no ClientHello: the port decided */
	uint64_t first_frame, last_frame;   /* 1-based frame numbers */
	uint32_t first_seq[2];       /* ISN + 1 (or first seen) of each side */
	int based[2];
	size_t npkt;
	uint64_t payload[2];         /* TCP payload bytes carried */
	int have_client_hello, have_server_hello;
	char sni[256];
	uint16_t version;            /* negotiated; 0x0304 from supported_versions */
	uint16_t suite;
	uint8_t client_random[32];
	int complete;                /* both hellos and both sides switched to encryption */
	int keys;                    /* the key log has this connection's secret(s) */
	int tls;                     /* the first bytes of a side are TLS records */
} tw_conn_info;

typedef struct {
	const char *path;            /* the capture */
	const char *keys_path;       /* --keys, or NULL */
	const char *ca_file;         /* --ca, or NULL: the system bundle */
	long conn;                   /* --conn N (1-based), or 0: the first complete one */
	int quiet;                   /* do not print the choice on stderr */
} tw_capture_opts;

/* Where a capture was read wrong: 2 for bad input (a file that is not a
 * capture, a malformed key log, no such connection), 1 otherwise. */
typedef struct {
	int status;
} tw_capture_status;

/* Print one line per TCP connection that carries TLS (--list-conns).
 * Returns 0, or -1 with e and st->status set. */
int tw_capture_list(const tw_capture_opts *o, FILE *out, tw_capture_status *st,
	tw_err *e);

/* Build the model of one connection of the capture. Returns 0; -1 with e
 * and st->status when the input is bad (the model is then empty but must
 * be freed); -2 when the model is built but the connection is incomplete
 * (e says why, as tw_model_build's -1 does). */
int tw_capture_build(tw_model *m, const tw_capture_opts *o, tw_capture_status *st,
	tw_err *e);

/* The lines a frontend prints about the capture (what was read, gaps,
 * retransmissions...), one sentence each, into buf (NUL-terminated,
 * lines end in '\n'). Empty for the in-process source. */
void tw_capture_notes(const tw_model *m, char *buf, size_t size);

/* "client A:P  <->  server B:Q" with the captured addresses (IPv4 or IPv6). */
void tw_capture_endpoints(const tw_model *m, char *buf, size_t size);

/* Walk a pcapng file's Decryption Secrets Blocks of type TLSK and add
 * their key log lines to kl. A file that is not pcapng adds nothing.
 * Returns -1 with e only on a malformed key log inside a block. */
int tw_capture_dsb(const char *path, tw_keylog *kl, tw_err *e);

/* The parser of the packet bytes the capture reader uses, for the fuzz
 * target: feed one link-layer frame of link type dlt; it goes through the
 * same decoding and (for the first connection seen) reassembly as a
 * capture's packets. ctx from tw_capture_fuzz_new. */
typedef struct tw_capture_fuzz tw_capture_fuzz;
tw_capture_fuzz *tw_capture_fuzz_new(void);
void tw_capture_fuzz_packet(tw_capture_fuzz *f, int dlt, const uint8_t *p, size_t len);
/* TCP segments decoded so far (for tests). */
unsigned long tw_capture_fuzz_tcp(const tw_capture_fuzz *f);
void tw_capture_fuzz_free(tw_capture_fuzz *f);

#endif
