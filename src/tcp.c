/*
 * tcp.c — frame the captured TLS streams in TCP/IPv4 segments. See tcp.h.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "tcp.h"
#include "util.h"

#define WSCALE 7
#define RTT_HALF_USEC 10000u   /* one-way delay of the imagined path: 10 ms */

typedef struct {
	tw_tcp *t;
	size_t cap;
	uint32_t next_seq[2];      /* next sequence number each side sends */
	uint32_t ts[2];            /* each side's timestamp clock (ms ticks) */
	uint32_t ts_recent[2];     /* TS.Recent (RFC 7323 §4.3): the TSval each side echoes */
	uint32_t last_ack_sent[2]; /* Last.ACK.sent: the latest ack each side sent */
	int acked[2];              /* the side has sent an ACK at all */
	uint16_t ip_id[2];
	uint32_t now_usec;
	int last_dir;
	const tw_wire *w;
} framer;

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* see tcp.h */
/* The client's SYN, or NULL. */
static const tw_packet *
client_syn(const tw_tcp *t)
{
	int i = tw_tcp_first(t, TW_PKT_SYN, TW_C2S);

	return i < 0 ? NULL : &t->pkt[i];
}

/* The TCP option at *o of p's header: its kind (the value at *o + 2, its
 * length into *vlen), *o moved past it; -1 at the end of the options or
 * at a malformed one. Kind 0 ends them, 1 is one byte, the others are
 * kind-length-value. */
static int
next_option(const tw_packet *p, size_t *o, size_t *vlen)
{
	size_t end = p->ip_hlen + p->tcp_hlen;
	int kind;

	if (end > p->len || *o >= end || p->data[*o] == 0)
		return -1;
	kind = p->data[*o];
	if (kind == 1) {
		(*o)++;
		*vlen = 0;
		return kind;
	}
	if (*o + 1 >= end || p->data[*o + 1] < 2 || *o + p->data[*o + 1] > end)
		return -1;
	*vlen = (size_t)p->data[*o + 1] - 2;
	*o += p->data[*o + 1];
	return kind;
}

unsigned
tw_tcp_mss(const tw_tcp *t)
{
	const tw_packet *p;
	size_t o, vlen;
	int kind;

	if (!t->cap.captured)
		return TW_TCP_MSS;
	if ((p = client_syn(t)) == NULL)
		return 0;
	for (o = p->ip_hlen + 20; (kind = next_option(p, &o, &vlen)) >= 0; )
		if (kind == 2 && vlen == 2)
			return (unsigned)p->data[o - 2] << 8 | p->data[o - 1];
	return 0;
}

/* see tcp.h */
size_t
tw_tcp_syn_options(const tw_tcp *t, uint8_t *kinds, size_t max)
{
	const tw_packet *p = client_syn(t);
	size_t o, vlen, n = 0;
	int kind;

	if (p == NULL)
		return 0;
	for (o = p->ip_hlen + 20; n < max && (kind = next_option(p, &o, &vlen)) >= 0; )
		if (kind != 1)
			kinds[n++] = (uint8_t)kind;
	return n;
}

/* see tcp.h */
uint16_t
tw_inet_sum(const uint8_t *data, size_t len, uint32_t initial)
{
	uint32_t s = initial;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += ((uint32_t)data[i] << 8) | data[i + 1];
	if (len & 1)
		s += (uint32_t)data[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Append one packet: flags, payload from stream[dir] at stream_off. */
static int
emit(framer *f, tw_dir dir, tw_pkt_kind kind, uint8_t flags,
	size_t stream_off, size_t payload_len)
{
	tw_tcp *t = f->t;
	tw_packet *p;
	uint8_t opts[20];
	size_t olen, hl;
	uint32_t pseudo;
	int syn = (flags & TW_TCP_SYN) != 0;
	uint8_t *b;
	const uint8_t *src_ip = dir == TW_C2S ? t->client_ip : t->server_ip;
	const uint8_t *dst_ip = dir == TW_C2S ? t->server_ip : t->client_ip;

	if (t->npkt == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 32;
		tw_packet *np = realloc(t->pkt, ncap * sizeof *np);
		if (np == NULL)
			return -1;
		t->pkt = np;
		f->cap = ncap;
	}
	/* Time: crossing to the other side costs one one-way delay. */
	if (t->npkt > 0)
		f->now_usec += (f->last_dir != (int)dir) ? RTT_HALF_USEC : 50;
	f->last_dir = (int)dir;

	if (syn) {
		/* MSS, SACK permitted, timestamps, NOP, window scale (Linux order). */
		opts[0] = 2; opts[1] = 4; put16(opts + 2, TW_TCP_MSS);
		opts[4] = 4; opts[5] = 2;
		opts[6] = 8; opts[7] = 10;
		opts[16] = 1;
		opts[17] = 3; opts[18] = 3; opts[19] = WSCALE;
		olen = 20;
	} else {
		opts[0] = 1; opts[1] = 1; opts[2] = 8; opts[3] = 10;
		olen = 12;
	}
	{
		/* TSval from this side's millisecond clock; TSecr echoes TS.Recent.
		 * The receiver adopts a TSval only from a segment starting at or
		 * before the last ack it sent (RFC 7323 §4.3), so an ACK covering
		 * two segments echoes the earlier one, as Linux does. */
		uint32_t tsval = f->ts[dir] + f->now_usec / 1000;
		uint32_t tsecr = (flags & TW_TCP_ACK) ? f->ts_recent[dir] : 0;
		uint8_t *ts = syn ? opts + 8 : opts + 4;
		tw_dir rcv = (tw_dir)(1 - dir);
		put32(ts, tsval);
		put32(ts + 4, tsecr);
		if (syn || !f->acked[rcv]
			|| (int32_t)(f->next_seq[dir] - f->last_ack_sent[rcv]) <= 0)
			f->ts_recent[rcv] = tsval;
	}

	hl = 20 + 20 + olen;
	p = &t->pkt[t->npkt];
	memset(p, 0, sizeof *p);
	p->data = calloc(1, hl + payload_len);
	if (p->data == NULL)
		return -1;
	t->npkt++;
	b = p->data;
	p->dir = dir;
	p->kind = kind;
	p->len = hl + payload_len;
	p->ip_hlen = 20;
	p->tcp_hlen = 20 + olen;
	p->flags = flags;
	p->seq = f->next_seq[dir];
	p->ack = (flags & TW_TCP_ACK) ? f->next_seq[1 - dir] : 0;
	p->stream_off = stream_off;
	p->payload_len = payload_len;
	p->ts_usec = f->now_usec;
	if (flags & TW_TCP_ACK) {
		f->last_ack_sent[dir] = p->ack;
		f->acked[dir] = 1;
	}

	/* IPv4 header (RFC 791): DF set, TTL 64, protocol 6. */
	b[0] = 0x45;
	put16(b + 2, (uint32_t)p->len);
	put16(b + 4, f->ip_id[dir]++);
	put16(b + 6, 0x4000);
	b[8] = 64;
	b[9] = 6;
	memcpy(b + 12, src_ip, 4);
	memcpy(b + 16, dst_ip, 4);
	put16(b + 10, (uint16_t)~tw_inet_sum(b, 20, 0));

	/* TCP header (RFC 793) and options. */
	b += 20;
	put16(b, dir == TW_C2S ? t->client_port : t->server_port);
	put16(b + 2, dir == TW_C2S ? t->server_port : t->client_port);
	put32(b + 4, p->seq);
	put32(b + 8, p->ack);
	b[12] = (uint8_t)(((20 + olen) / 4) << 4);
	b[13] = flags;
	/* Window: SYNs are never scaled; afterwards 64256 bytes >> WSCALE. */
	put16(b + 14, syn ? 64240 : 64256 >> WSCALE);
	memcpy(b + 20, opts, olen);
	if (payload_len)
		memcpy(b + 20 + olen, f->w->stream[dir] + stream_off, payload_len);
	/* Checksum over the pseudo-header (src, dst, zero, protocol, length). */
	pseudo = tw_inet_sum(src_ip, 4, 0);
	pseudo = tw_inet_sum(dst_ip, 4, pseudo);
	pseudo += 6 + (uint32_t)(p->len - 20);
	put16(b + 16, (uint16_t)~tw_inet_sum(b, p->len - 20, pseudo));

	f->next_seq[dir] += (uint32_t)payload_len + (syn ? 1 : 0)
		+ ((flags & TW_TCP_FIN) ? 1 : 0);
	return 0;
}

/* see tcp.h */
int
tw_tcp_build(const tw_wire *w, uint64_t seed, tw_tcp *t, tw_err *e)
{
	framer f;
	uint8_t rnd[32];
	size_t i;

	memset(t, 0, sizeof *t);
	memset(&f, 0, sizeof f);
	f.t = t;
	f.w = w;
	tw_seed_bytes(seed, "tlswalk tcp", rnd);
	/* TEST-NET-1 addresses (RFC 5737); an ephemeral client port. */
	memcpy(t->client_ip, (const uint8_t[]){ 192, 0, 2, 10 }, 4);
	memcpy(t->server_ip, (const uint8_t[]){ 192, 0, 2, 80 }, 4);
	t->client_port = (uint16_t)(49152 + (((unsigned)rnd[0] << 8 | rnd[1]) % 16384));
	t->server_port = 443;
	t->client_isn = (uint32_t)rnd[2] << 24 | (uint32_t)rnd[3] << 16
		| (uint32_t)rnd[4] << 8 | rnd[5];
	t->server_isn = (uint32_t)rnd[6] << 24 | (uint32_t)rnd[7] << 16
		| (uint32_t)rnd[8] << 8 | rnd[9];
	f.next_seq[0] = t->client_isn;
	f.next_seq[1] = t->server_isn;
	f.ts[0] = (uint32_t)rnd[10] << 24 | (uint32_t)rnd[11] << 16 | rnd[12];
	f.ts[1] = (uint32_t)rnd[13] << 24 | (uint32_t)rnd[14] << 16 | rnd[15];
	f.ip_id[0] = (uint16_t)(rnd[16] << 8 | rnd[17]);
	f.ip_id[1] = (uint16_t)(rnd[18] << 8 | rnd[19]);
	if (w->real_endpoints) {
		memcpy(t->client_ip, w->client_ip, 4);
		memcpy(t->server_ip, w->server_ip, 4);
		t->client_port = w->client_port;
		t->server_port = w->server_port;
		t->real_endpoints = 1;
	}

	if (emit(&f, TW_C2S, TW_PKT_SYN, TW_TCP_SYN, 0, 0) < 0
		|| emit(&f, TW_S2C, TW_PKT_SYNACK, TW_TCP_SYN | TW_TCP_ACK, 0, 0) < 0
		|| emit(&f, TW_C2S, TW_PKT_ACK3, TW_TCP_ACK, 0, 0) < 0)
		goto oom;

	/* Flights: runs of consecutive records from one side. A segment's
	 * payload plus its TCP options fits in the MSS (RFC 6691 §2, RFC 9293
	 * §3.7.1): with 12 bytes of timestamps that is 1448 bytes, and the IPv4
	 * packet is at most 1500 bytes, the Ethernet MTU the MSS came from. */
	for (i = 0; i < w->nrec; ) {
		tw_dir d = w->rec[i].dir;
		size_t start = w->rec[i].off, end, j = i, off, nseg = 0;

		while (j < w->nrec && w->rec[j].dir == d)
			j++;
		end = w->rec[j - 1].off + w->rec[j - 1].len;
		for (off = start; off < end; ) {
			size_t n = end - off > TW_TCP_MAX_PAYLOAD ? TW_TCP_MAX_PAYLOAD : end - off;
			uint8_t fl = TW_TCP_ACK | (off + n == end ? TW_TCP_PSH : 0);
			if (emit(&f, d, TW_PKT_DATA, fl, off, n) < 0)
				goto oom;
			off += n;
			nseg++;
		}
		/* The receiver acknowledges at once when it got two full segments
		 * (as Linux does); otherwise its reply carries the acknowledgement.
		 * After the last flight the receiver's reply is its FIN when it is
		 * the side that closes first (the client), else a pure ACK. */
		if ((j == w->nrec && d != TW_S2C) || nseg >= 2)
			if (emit(&f, (tw_dir)(1 - d), TW_PKT_PURE_ACK, TW_TCP_ACK, 0, 0) < 0)
				goto oom;
		i = j;
	}

	/* Teardown: the client closes first, as it sent close_notify first. */
	if (emit(&f, TW_C2S, TW_PKT_FIN, TW_TCP_FIN | TW_TCP_ACK, 0, 0) < 0
		|| emit(&f, TW_S2C, TW_PKT_FIN, TW_TCP_FIN | TW_TCP_ACK, 0, 0) < 0
		|| emit(&f, TW_C2S, TW_PKT_LAST_ACK, TW_TCP_ACK, 0, 0) < 0)
		goto oom;
	return 0;
oom:
	tw_tcp_free(t);
	return tw_err_set(e, "out of memory while framing TCP segments");
}

/* see tcp.h */
void
tw_tcp_free(tw_tcp *t)
{
	size_t i;

	for (i = 0; i < t->npkt; i++)
		free(t->pkt[i].data);
	free(t->pkt);
	memset(t, 0, sizeof *t);
}

/* see tcp.h */
int
tw_tcp_first(const tw_tcp *t, tw_pkt_kind kind, int dir)
{
	size_t i;

	for (i = 0; i < t->npkt; i++)
		if (t->pkt[i].kind == kind && (dir < 0 || (int)t->pkt[i].dir == dir))
			return (int)i;
	return -1;
}

/* see tcp.h */
int
tw_tcp_fin_first(const tw_tcp *t)
{
	int c = tw_tcp_first(t, TW_PKT_FIN, TW_C2S), s = tw_tcp_first(t, TW_PKT_FIN, TW_S2C);

	if (c < 0 && s < 0)
		return -1;
	return s >= 0 && (c < 0 || s < c) ? TW_S2C : TW_C2S;
}

/* see tcp.h */
size_t
tw_tcp_teardown(const tw_tcp *t, tw_pkt_kind kind[3], tw_dir dir[3])
{
	tw_dir first = tw_tcp_fin_first(t) == TW_S2C ? TW_S2C : TW_C2S;
	tw_dir fins[2] = { first, first == TW_C2S ? TW_S2C : TW_C2S };
	int la = tw_tcp_first(t, TW_PKT_LAST_ACK, -1), k;
	size_t n = 0;

	for (k = 0; k < 2; k++)
		if (tw_tcp_first(t, TW_PKT_FIN, fins[k]) >= 0) {
			kind[n] = TW_PKT_FIN;
			dir[n++] = fins[k];
		}
	if (la >= 0) {
		kind[n] = TW_PKT_LAST_ACK;
		dir[n++] = t->pkt[la].dir;
	}
	return n;
}
