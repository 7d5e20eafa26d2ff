/*
 * tcp.h — the two TLS byte streams framed in real TCP/IPv4 segments.
 *
 * Client 192.0.2.10:<ephemeral port> ↔ server 192.0.2.80:443 (TEST-NET-1,
 * RFC 5737, so nothing here is anyone's real address); for a live
 * connection (tw_wire.real_endpoints) the real addresses and ports, with
 * segments still reconstructed from the streams. SYN and SYN/ACK
 * carry the options a current Linux stack sends (MSS, SACK permitted,
 * timestamps, window scale); every later segment carries timestamps.
 * Initial sequence numbers and the client port come from the seed. Each
 * flight is cut into segments of at most MSS payload bytes, the receiver
 * acknowledges each flight with a pure ACK, and after the close_notify
 * alerts the connection ends with FIN/ACK, FIN/ACK, ACK. IPv4 and TCP
 * checksums are computed (RFC 791, RFC 793 with the pseudo-header).
 */
#ifndef TW_TCP_H
#define TW_TCP_H

#include <stdint.h>
#include <stddef.h>
#include "wire.h"

enum { TW_TCP_FIN = 0x01, TW_TCP_SYN = 0x02, TW_TCP_RST = 0x04,
	TW_TCP_PSH = 0x08, TW_TCP_ACK = 0x10 };

typedef enum {
	TW_PKT_SYN, TW_PKT_SYNACK, TW_PKT_ACK3,   /* the three-way handshake */
	TW_PKT_DATA,                              /* carries TLS bytes */
	TW_PKT_PURE_ACK,                          /* acknowledges data, no payload */
	TW_PKT_FIN, TW_PKT_LAST_ACK               /* teardown */
} tw_pkt_kind;

typedef struct {
	tw_dir dir;
	tw_pkt_kind kind;
	uint8_t *data;            /* the whole IPv4 packet (owned) */
	size_t len;
	size_t ip_hlen, tcp_hlen; /* header lengths; payload starts at ip_hlen + tcp_hlen */
	uint32_t seq, ack;
	uint8_t flags;
	size_t stream_off;        /* payload: offset in the wire's stream[dir] */
	size_t payload_len;
	uint32_t ts_usec;         /* capture time, microseconds from the SYN */
} tw_packet;

#define TW_TCP_MSS 1460
/* Payload of a full data segment: the MSS less the 12 bytes of timestamp
 * options every such segment carries (RFC 6691), so packets stay within
 * the 1500-byte MTU the MSS was derived from. */
#define TW_TCP_MAX_PAYLOAD (TW_TCP_MSS - 12)

/* What a capture said about its connection; all zero when tw_tcp_build
 * framed the streams here. Filled by capture.c (see capture.h). */
typedef struct {
	int captured;             /* the packets are the captured ones, not framed here */
	int ip_version;           /* 4 or 6 */
	uint8_t client_ip6[16], server_ip6[16];   /* IPv6: the addresses */
	int no_syn;               /* the capture starts after the client's SYN */
	/* Per direction, [TW_C2S] and [TW_S2C], from the reassembly (reasm.h). */
	size_t segments[2], retransmitted[2], out_of_order[2], overlapping[2], conflicts[2];
	size_t gap_off[2], gap_len[2];   /* the first hole: the stream stops at gap_off */
	int truncated[2];         /* the stream was longer than tlswalk keeps */
	size_t packets_left_out;  /* packets of the connection beyond the packet limit */
	size_t records_left_out;  /* complete records beyond TW_WIRE_MAX_RECORDS */
	size_t partial_record[2]; /* bytes of an incomplete last record, not walked */
	size_t not_tls_at[2];     /* +1: where a byte run stopped looking like TLS records */
	size_t tls13_left_out;    /* TLS 1.3: records after the hellos, not walked yet */
} tw_tcp_capture;

typedef struct {
	tw_packet *pkt;
	size_t npkt;
	uint32_t client_isn, server_isn;
	uint16_t client_port, server_port;
	uint8_t client_ip[4], server_ip[4];
	/* The addresses and ports are the connection's real ones (a live
	 * peer); the segments are still reconstructed from the byte streams. */
	int real_endpoints;
	tw_tcp_capture cap;
} tw_tcp;

/* Frame the wire's streams. Returns -1 with e set on allocation failure. */
int tw_tcp_build(const tw_wire *w, uint64_t seed, tw_tcp *t, tw_err *e);

/* The MSS the lessons speak of: the one tlswalk frames with (TW_TCP_MSS),
 * or for a capture the one in the client's SYN; 0 when the capture has no
 * SYN or its SYN no MSS option. */
unsigned tw_tcp_mss(const tw_tcp *t);

/* The index of the first packet of this kind (from side dir, or from
 * either when dir is -1), or -1. */
int tw_tcp_first(const tw_tcp *t, tw_pkt_kind kind, int dir);

/* The kinds of the options in the client's SYN, in order, NOPs left out
 * (2 MSS, 4 SACK permitted, 8 timestamps, 3 window scale...): at most max;
 * 0 without a SYN. */
size_t tw_tcp_syn_options(const tw_tcp *t, uint8_t *kinds, size_t max);

/* The side whose FIN came first: TW_C2S, TW_S2C, or -1 when neither sent
 * one. tlswalk's own client closes first; in a capture either may. */
int tw_tcp_fin_first(const tw_tcp *t);

/* The closing steps in the order their packets came: the side of the first
 * FIN, then the other's, then the last ACK (from whichever side sent it;
 * in a capture the server may close first, and the last ACK is then its
 * own). A packet a connection lacks is left out. Fills kind[] and dir[],
 * returns how many (at most 3). */
size_t tw_tcp_teardown(const tw_tcp *t, tw_pkt_kind kind[3], tw_dir dir[3]);

/* The Internet checksum (RFC 1071) of data, folded, not inverted. */
uint16_t tw_inet_sum(const uint8_t *data, size_t len, uint32_t initial);

void tw_tcp_free(tw_tcp *t);

#endif
