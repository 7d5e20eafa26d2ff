/*
 * check_tcp.c — the TCP/IPv4 framing and its dissection.
 *
 * Checksums are held against published worked examples (RFC 1071 §3, the
 * IPv4 header used by Wikipedia's "Internet checksum" article) and against
 * an independent way of summing (RFC 1071 §2(B): sum in swapped byte order,
 * swap the result). The segments must carry both TLS streams exactly once,
 * in order, within the MSS, each acknowledging what the peer has sent.
 */
#include "config.h"
#include <stdlib.h>
#include <unistd.h>
#include "suites.h"
#include "testutil.h"
#include "field.h"
#include "pcap.h"

/* RFC 1071 §2(B) byte-order independence: summing little-endian words and
 * swapping the folded result gives the big-endian sum. An implementation
 * sharing nothing with tw_inet_sum. */
static uint16_t
swapped_sum(const uint8_t *d, size_t n, uint32_t initial_be)
{
	uint64_t s = (uint16_t)(initial_be << 8 | initial_be >> 8);
	size_t i;

	for (i = 0; i < n; i += 2)
		s += (uint32_t)d[i] | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)((s & 0xff) << 8 | s >> 8);
}

START_TEST(rfc1071_worked_example)
{
	/* RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 2ddf0, folded ddf2. */
	static const uint8_t d[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	ck_assert_uint_eq(tw_inet_sum(d, 8, 0), 0xddf2);
	ck_assert_uint_eq(swapped_sum(d, 8, 0), 0xddf2);
	/* Odd length: the last byte is padded with a zero byte on the right. */
	ck_assert_uint_eq(tw_inet_sum(d, 7, 0), (0xddf2u - 0xf7u));
	ck_assert_uint_eq(tw_inet_sum(d, 7, 0), swapped_sum(d, 7, 0));
	/* Carries fold back in. */
	{
		static const uint8_t ff[4] = { 0xff, 0xff, 0x00, 0x01 };
		ck_assert_uint_eq(tw_inet_sum(ff, 4, 0), 0x0001);
	}
}
END_TEST

START_TEST(known_ipv4_header)
{
	/* 192.168.0.1 -> 192.168.0.199, UDP, DF, TTL 64, total length 115:
	 * the header checksum is b861 (worked by hand in Wikipedia's "IPv4
	 * header checksum" article; recomputed independently below). */
	uint8_t h[20];

	tu_unhex("450000730000400040110000c0a80001c0a800c7", h, sizeof h);
	ck_assert_uint_eq((uint16_t)~tw_inet_sum(h, 20, 0), 0xb861);
	ck_assert_uint_eq((uint16_t)~swapped_sum(h, 20, 0), 0xb861);
	h[10] = 0xb8;
	h[11] = 0x61;
	ck_assert_uint_eq(tw_inet_sum(h, 20, 0), 0xffff);
}
END_TEST

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

START_TEST(every_packet_checksums)
{
	tw_model m;
	size_t i;

	tu_build(&m, (uint64_t)_i + 1);
	ck_assert_uint_gt(m.tcp.npkt, 10);
	for (i = 0; i < m.tcp.npkt; i++) {
		const tw_packet *p = &m.tcp.pkt[i];
		const uint8_t *b = p->data;
		size_t seglen = p->len - p->ip_hlen;
		uint32_t pseudo;
		uint8_t ph[12];

		ck_assert_uint_eq(p->ip_hlen, 20);
		ck_assert_uint_eq(b[0], 0x45);
		ck_assert_uint_eq(get16(b + 2), p->len);
		ck_assert_uint_eq(b[9], 6);
		/* With the checksum field included the header sums to 0xffff. */
		ck_assert_msg(tw_inet_sum(b, 20, 0) == 0xffff, "packet %zu: IPv4 checksum", i);
		ck_assert_msg(swapped_sum(b, 20, 0) == 0xffff, "packet %zu: IPv4 checksum (swapped)", i);
		/* TCP: pseudo-header (src, dst, 0, 6, TCP length) + segment. */
		memcpy(ph, b + 12, 8);
		ph[8] = 0;
		ph[9] = 6;
		ph[10] = (uint8_t)(seglen >> 8);
		ph[11] = (uint8_t)seglen;
		pseudo = tw_inet_sum(ph, 12, 0);
		ck_assert_msg(tw_inet_sum(b + 20, seglen, pseudo) == 0xffff,
			"packet %zu: TCP checksum", i);
		ck_assert_msg(swapped_sum(b + 20, seglen, swapped_sum(ph, 12, 0)) == 0xffff,
			"packet %zu: TCP checksum (swapped)", i);
		/* Header fields agree with the packet's record. */
		ck_assert_uint_eq(get32(b + 24), p->seq);
		ck_assert_uint_eq(get32(b + 28), p->ack);
		ck_assert_uint_eq(b[33], p->flags);
		ck_assert_uint_eq((size_t)(b[32] >> 4) * 4, p->tcp_hlen);
		ck_assert_uint_eq(p->ip_hlen + p->tcp_hlen + p->payload_len, p->len);
	}
	tw_model_free(&m);
}
END_TEST

/* Every byte of both streams carried exactly once, in order; each ack is
 * the peer's next sequence number; no payload over the MSS. */
START_TEST(streams_and_acks)
{
	tw_model m;
	size_t i, carried[2] = { 0, 0 }, full = 0;
	uint32_t next[2];
	int fin[2] = { 0, 0 };

	tu_build(&m, (uint64_t)_i + 1);
	next[0] = m.tcp.client_isn;
	next[1] = m.tcp.server_isn;
	for (i = 0; i < m.tcp.npkt; i++) {
		const tw_packet *p = &m.tcp.pkt[i];
		int d = p->dir, syn = (p->flags & TW_TCP_SYN) != 0;

		ck_assert_msg(p->seq == next[d], "packet %zu: seq %u, expected %u",
			i, p->seq, next[d]);
		if (p->flags & TW_TCP_ACK)
			ck_assert_msg(p->ack == next[1 - d], "packet %zu: ack %u, peer's next %u",
				i, p->ack, next[1 - d]);
		else
			ck_assert_uint_eq(p->ack, 0);
		ck_assert_msg(!fin[d] || p->payload_len == 0, "data after FIN");
		if (p->payload_len) {
			ck_assert_uint_eq(p->stream_off, carried[d]);
			ck_assert_uint_eq(p->seq, (uint32_t)((d ? m.tcp.server_isn : m.tcp.client_isn)
				+ 1 + p->stream_off));
			ck_assert(memcmp(p->data + p->ip_hlen + p->tcp_hlen,
				m.wire.stream[d] + p->stream_off, p->payload_len) == 0);
			carried[d] += p->payload_len;
		}
		/* Options count against the MSS (RFC 6691); the packet fits 1500. */
		ck_assert_uint_le(p->payload_len + (p->tcp_hlen - 20), TW_TCP_MSS);
		ck_assert_uint_le(p->len, 1500);
		if (p->payload_len == TW_TCP_MAX_PAYLOAD)
			full++;
		next[d] += (uint32_t)p->payload_len + (syn ? 1u : 0u)
			+ ((p->flags & TW_TCP_FIN) ? 1u : 0u);
		if (p->flags & TW_TCP_FIN)
			fin[d] = 1;
	}
	ck_assert_uint_eq(carried[0], m.wire.stream_len[0]);
	ck_assert_uint_eq(carried[1], m.wire.stream_len[1]);
	ck_assert_uint_ge(full, 1);   /* the certificate flight needs more than one segment */
	ck_assert(fin[0] && fin[1]);
	/* The last packet acknowledges the server's FIN. */
	ck_assert_uint_eq(m.tcp.pkt[m.tcp.npkt - 1].ack, next[1]);
	ck_assert_uint_eq(m.tcp.pkt[m.tcp.npkt - 1].flags, TW_TCP_ACK);
	tw_model_free(&m);
}
END_TEST

/* Find TCP option kind in a packet's options; returns its offset or 0. */
static size_t
find_option(const tw_packet *p, uint8_t kind)
{
	const uint8_t *t = p->data + p->ip_hlen;
	size_t i = 20;

	while (i < p->tcp_hlen) {
		if (t[i] == 0)
			return 0;
		if (t[i] == 1) {
			i++;
			continue;
		}
		if (t[i] == kind)
			return i;
		i += t[i + 1];
	}
	return 0;
}

START_TEST(handshake_and_options)
{
	tw_model m;
	const tw_packet *syn, *synack, *ack3, *last;
	size_t o, i;

	tu_build(&m, 1);
	syn = &m.tcp.pkt[0];
	synack = &m.tcp.pkt[1];
	ack3 = &m.tcp.pkt[2];
	ck_assert_uint_eq(syn->flags, TW_TCP_SYN);
	ck_assert_uint_eq(synack->flags, TW_TCP_SYN | TW_TCP_ACK);
	ck_assert_uint_eq(ack3->flags, TW_TCP_ACK);
	ck_assert_uint_eq(syn->seq, m.tcp.client_isn);
	ck_assert_uint_eq(synack->seq, m.tcp.server_isn);
	ck_assert_uint_eq(synack->ack, m.tcp.client_isn + 1);
	ck_assert_uint_eq(ack3->ack, m.tcp.server_isn + 1);
	for (i = 0; i < 2; i++) {
		const tw_packet *p = &m.tcp.pkt[i];
		const uint8_t *t = p->data + p->ip_hlen;
		ck_assert((o = find_option(p, 2)) != 0);
		ck_assert_uint_eq(t[o + 1], 4);
		ck_assert_uint_eq(get16(t + o + 2), TW_TCP_MSS);
		ck_assert((o = find_option(p, 4)) != 0);
		ck_assert_uint_eq(t[o + 1], 2);
		ck_assert((o = find_option(p, 3)) != 0);
		ck_assert_uint_eq(t[o + 1], 3);
		ck_assert_uint_le(t[o + 2], 14);
		ck_assert((o = find_option(p, 8)) != 0);
		ck_assert_uint_eq(t[o + 1], 10);
		/* The SYN has nothing to echo; the SYN/ACK echoes the SYN's TSval. */
		if (i == 0)
			ck_assert_uint_eq(get32(t + o + 6), 0);
		else {
			size_t so = find_option(syn, 8);
			ck_assert_uint_eq(get32(t + o + 6),
				get32(syn->data + syn->ip_hlen + so + 2));
		}
		/* A SYN's window is never scaled. */
		ck_assert_uint_gt(get16(t + 14), 1024);
	}
	/* Later segments: timestamps only (NOP, NOP, TS), no MSS or window scale. */
	for (i = 2; i < m.tcp.npkt; i++) {
		const tw_packet *p = &m.tcp.pkt[i];
		ck_assert_uint_eq(p->tcp_hlen, 32);
		ck_assert(find_option(p, 8) != 0);
		ck_assert(find_option(p, 2) == 0 && find_option(p, 3) == 0);
	}
	/* Teardown after both close_notify alerts: FIN/ACK, FIN/ACK, ACK. */
	last = &m.tcp.pkt[m.tcp.npkt - 1];
	ck_assert_uint_eq(last[-2].flags, TW_TCP_FIN | TW_TCP_ACK);
	ck_assert_uint_eq(last[-2].dir, TW_C2S);
	ck_assert_uint_eq(last[-1].flags, TW_TCP_FIN | TW_TCP_ACK);
	ck_assert_uint_eq(last[-1].dir, TW_S2C);
	ck_assert_uint_eq(last->dir, TW_C2S);
	ck_assert_uint_eq(m.wire.rec[m.wire.nrec - 1].type, TW_CT_ALERT);
	ck_assert_uint_eq(m.wire.rec[m.wire.nrec - 2].type, TW_CT_ALERT);
	/* Time runs forward. */
	for (i = 1; i < m.tcp.npkt; i++)
		ck_assert_uint_gt(m.tcp.pkt[i].ts_usec, m.tcp.pkt[i - 1].ts_usec);
	tw_model_free(&m);
}
END_TEST

START_TEST(isn_from_seed)
{
	tw_model a, b;

	tu_build(&a, 1);
	tu_build(&b, 2);
	ck_assert(a.tcp.client_isn != b.tcp.client_isn || a.tcp.server_isn != b.tcp.server_isn);
	tw_model_free(&b);
	tu_build(&b, 1);
	ck_assert_uint_eq(a.tcp.client_isn, b.tcp.client_isn);
	ck_assert_uint_eq(a.tcp.server_isn, b.tcp.server_isn);
	ck_assert_uint_eq(a.tcp.client_port, b.tcp.client_port);
	tw_model_free(&a);
	tw_model_free(&b);
}
END_TEST

static int
id_known(const char *id)
{
	size_t i;

	for (i = 0; tw_dissect_ip_ids[i]; i++)
		if (strcmp(tw_dissect_ip_ids[i], id) == 0)
			return 1;
	return 0;
}

/* Every node's id is listed; counts undecoded leaves. */
static size_t
walk_ids(const tw_field *f)
{
	size_t i, u = f->undecoded ? 1 : 0;

	ck_assert_msg(f->id && id_known(f->id), "field id '%s' not in tw_dissect_ip_ids",
		f->id ? f->id : "(null)");
	ck_assert_ptr_nonnull(f->label);
	for (i = 0; i < f->nchild; i++)
		u += walk_ids(&f->child[i]);
	return u;
}

static const tw_field *
find_field(const tw_field *f, const char *id)
{
	size_t i;

	if (strcmp(f->id, id) == 0)
		return f;
	for (i = 0; i < f->nchild; i++) {
		const tw_field *r = find_field(&f->child[i], id);
		if (r)
			return r;
	}
	return NULL;
}

START_TEST(dissection_covers_every_packet)
{
	tw_model m;
	size_t i;
	char why[256];

	tu_build(&m, 1);
	for (i = 0; i < m.tcp.npkt; i++) {
		const tw_packet *p = &m.tcp.pkt[i];
		tw_field f, g;
		const tw_field *x;

		ck_assert_int_eq(tw_dissect_tcp_packet(&m, i, &f), 0);
		ck_assert_msg(tw_field_check_coverage(&f, why, sizeof why) == 0,
			"packet %zu: %s", i, why);
		ck_assert_uint_eq(f.off, 0);
		ck_assert_uint_eq(f.len, p->len);
		ck_assert_uint_eq(walk_ids(&f), 0);
		x = find_field(&f, "ip.checksum");
		ck_assert_ptr_nonnull(strstr(x->value, "correct"));
		x = find_field(&f, "tcp.checksum");
		ck_assert_ptr_nonnull(strstr(x->value, "correct"));
		x = find_field(&f, "tcp.seq");
		ck_assert_ptr_nonnull(strstr(x->value, "relative"));
		x = find_field(&f, "tcp.payload");
		if (p->payload_len) {
			ck_assert_ptr_nonnull(x);
			ck_assert_uint_eq(x->len, p->payload_len);
			ck_assert_str_eq(x->label, "TLS payload");
		} else
			ck_assert_ptr_null(x);
		if (p->flags & TW_TCP_SYN)
			ck_assert_ptr_nonnull(find_field(&f, "tcp.option.mss"));
		/* The context-free variant covers the same bytes. */
		ck_assert_int_eq(tw_dissect_ip_packet(p->data, p->len, &g), 0);
		ck_assert(tw_field_check_coverage(&g, why, sizeof why) == 0);
		ck_assert_uint_eq(walk_ids(&g), 0);
		tw_field_free(&f);
		tw_field_free(&g);
	}
	tw_model_free(&m);
}
END_TEST

START_TEST(dissection_explains_values)
{
	tw_model m;
	tw_field f;
	const tw_field *x;
	char want[128];

	tu_build(&m, 1);
	/* Packet 3 (the third ACK): relative seq 1 and ack 1. */
	ck_assert_int_eq(tw_dissect_tcp_packet(&m, 2, &f), 0);
	x = find_field(&f, "tcp.seq");
	snprintf(want, sizeof want, "relative 1, absolute %lu", (unsigned long)(m.tcp.client_isn + 1));
	ck_assert_msg(strstr(x->value, want) != NULL, "tcp.seq: %s", x->value);
	x = find_field(&f, "tcp.ack");
	ck_assert_ptr_nonnull(strstr(x->value, "next byte expected from the peer"));
	x = find_field(&f, "tcp.flags");
	ck_assert_msg(strncmp(x->value, "0x010: ACK ", 11) == 0, "tcp.flags: %s", x->value);
	x = find_field(&f, "tcp.window");
	ck_assert_msg(strstr(x->value, "= 64256 bytes") != NULL, "tcp.window: %s", x->value);
	x = find_field(&f, "ip.flags");
	ck_assert_ptr_nonnull(strstr(x->value, "DF"));
	x = find_field(&f, "ip.ttl");
	ck_assert_uint_eq(x->len, 1);
	tw_field_free(&f);
	/* The SYN/ACK's flags, MSS and timestamps. */
	ck_assert_int_eq(tw_dissect_tcp_packet(&m, 1, &f), 0);
	x = find_field(&f, "tcp.flags");
	ck_assert_msg(strncmp(x->value, "0x012: SYN, ACK ", 16) == 0, "tcp.flags: %s", x->value);
	x = find_field(&f, "tcp.option.mss.value");
	ck_assert_msg(strncmp(x->value, "1460:", 5) == 0, "mss: %s", x->value);
	ck_assert_ptr_nonnull(find_field(&f, "tcp.option.timestamps.tsecr"));
	ck_assert_ptr_nonnull(find_field(&f, "tcp.option.sack_perm"));
	ck_assert_ptr_nonnull(find_field(&f, "tcp.option.wscale.shift"));
	tw_field_free(&f);
	tw_model_free(&m);
}
END_TEST

/* The checksum a segment should carry, by the independent method. */
static uint16_t
tcp_checksum_swapped(const uint8_t *b, size_t len)
{
	uint8_t ph[12], *seg = malloc(len - 20);
	uint16_t c;

	memcpy(ph, b + 12, 8);
	ph[8] = 0;
	ph[9] = 6;
	ph[10] = (uint8_t)((len - 20) >> 8);
	ph[11] = (uint8_t)(len - 20);
	memcpy(seg, b + 20, len - 20);
	seg[16] = seg[17] = 0;
	c = (uint16_t)~swapped_sum(seg, len - 20, swapped_sum(ph, 12, 0));
	free(seg);
	return c;
}

START_TEST(wrong_checksums_are_flagged)
{
	tw_model m;
	tw_field f;
	uint8_t buf[1600];
	const tw_packet *p;
	const tw_field *x;
	char want[32];
	uint32_t s;
	uint16_t c;

	tu_build(&m, 1);
	p = &m.tcp.pkt[3];   /* the ClientHello segment */
	memcpy(buf, p->data, p->len);
	buf[8]++;            /* TTL: the IPv4 checksum breaks, TCP's does not */
	ck_assert_int_eq(tw_dissect_ip_packet(buf, p->len, &f), 0);
	x = find_field(&f, "ip.checksum");
	/* RFC 1624: raising the word holding TTL by 0x0100 lowers the checksum
	 * by 0x0100 in one's complement arithmetic. */
	s = (uint32_t)(uint16_t)~get16(p->data + 10) + 0x0100;
	s = (s & 0xffff) + (s >> 16);
	snprintf(want, sizeof want, "WRONG: should be 0x%04x", (unsigned)(uint16_t)~s);
	ck_assert_msg(strstr(x->value, want) != NULL, "%s; want %s", x->value, want);
	x = find_field(&f, "tcp.checksum");
	ck_assert_ptr_nonnull(strstr(x->value, "correct"));
	tw_field_free(&f);

	memcpy(buf, p->data, p->len);
	buf[p->len - 1] ^= 0x80;   /* a payload bit: TCP's checksum breaks */
	ck_assert_int_eq(tw_dissect_ip_packet(buf, p->len, &f), 0);
	x = find_field(&f, "tcp.checksum");
	c = tcp_checksum_swapped(buf, p->len);
	snprintf(want, sizeof want, "WRONG: should be 0x%04x", (unsigned)c);
	ck_assert_msg(strstr(x->value, want) != NULL, "%s; want %s", x->value, want);
	x = find_field(&f, "ip.checksum");
	ck_assert_ptr_nonnull(strstr(x->value, "correct"));
	tw_field_free(&f);
	/* With the checksum the independent method gives, it is correct again. */
	buf[36] = (uint8_t)(c >> 8);
	buf[37] = (uint8_t)c;
	ck_assert_int_eq(tw_dissect_ip_packet(buf, p->len, &f), 0);
	x = find_field(&f, "tcp.checksum");
	ck_assert_msg(strstr(x->value, "correct") != NULL, "%s", x->value);
	tw_field_free(&f);
	tw_model_free(&m);
}
END_TEST

/* Untrusted input: every truncation and random corruption gives a tree
 * that covers the bytes given, never a read past them (valgrind checks). */
START_TEST(bad_input_never_overreads)
{
	tw_model m;
	size_t i, n;
	char why[256];
	uint32_t r = 12345;

	tu_build(&m, 1);
	for (i = 0; i < 2; i++) {
		const tw_packet *p = &m.tcp.pkt[i == 0 ? 0 : 3];
		for (n = 0; n <= p->len; n++) {
			uint8_t *b = malloc(n ? n : 1);
			tw_field f;
			memcpy(b, p->data, n);
			ck_assert_int_eq(tw_dissect_ip_packet(b, n, &f), 0);
			ck_assert_msg(tw_field_check_coverage(&f, why, sizeof why) == 0,
				"length %zu: %s", n, why);
			walk_ids(&f);
			tw_field_free(&f);
			free(b);
		}
	}
	for (i = 0; i < tu_iters(3000); i++) {
		const tw_packet *p = &m.tcp.pkt[i % 3];
		uint8_t *b = malloc(p->len);
		tw_field f;
		int k;
		memcpy(b, p->data, p->len);
		for (k = 0; k < 3; k++) {
			r = r * 1103515245u + 12345u;
			b[(r >> 8) % p->len] = (uint8_t)(r >> 20);
		}
		ck_assert_int_eq(tw_dissect_ip_packet(b, p->len, &f), 0);
		ck_assert_msg(tw_field_check_coverage(&f, why, sizeof why) == 0, "fuzz %zu: %s", i, why);
		walk_ids(&f);
		tw_field_free(&f);
		free(b);
	}
	tw_model_free(&m);
}
END_TEST

static uint32_t
le32at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The pcapng file, block by block (tests/tshark.sh has Wireshark read it;
 * this holds where tshark is absent). */
START_TEST(pcapng_blocks)
{
	tw_model m;
	tw_err e;
	char path[] = "/tmp/tw-pcap-XXXXXX";
	int fd;
	FILE *f;
	static uint8_t buf[1 << 16];
	size_t n, flen, off = 0, epb = 0, i;
	int dsb_at = -1, block = 0;
	char want[256];

	tu_build(&m, 1);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	tw_err_clear(&e);
	ck_assert_msg(tw_pcap_write(&m, path, &e) == 0, "%s", e.msg);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	flen = fread(buf, 1, sizeof buf, f);
	fclose(f);
	unlink(path);
	ck_assert_uint_lt(flen, sizeof buf);

	/* NSS key log line of the engines' master secret. */
	n = (size_t)snprintf(want, sizeof want, "CLIENT_RANDOM ");
	for (i = 0; i < 32; i++)
		n += (size_t)snprintf(want + n, sizeof want - n, "%02x", m.hs.client_random[i]);
	want[n++] = ' ';
	for (i = 0; i < 48; i++)
		n += (size_t)snprintf(want + n, sizeof want - n, "%02x", m.wire.engine_ms[0][i]);
	want[n++] = '\n';
	want[n] = 0;
	while (off < flen) {
		uint32_t type, len;
		ck_assert_uint_le(off + 12, flen);
		type = le32at(buf + off);
		len = le32at(buf + off + 4);
		ck_assert_uint_eq(len % 4, 0);
		ck_assert_uint_ge(len, 12);
		ck_assert_uint_le(off + len, flen);
		ck_assert_uint_eq(le32at(buf + off + len - 4), len);   /* trailing length */
		if (block == 0) {
			ck_assert_uint_eq(type, 0x0A0D0D0Au);
			ck_assert_uint_eq(le32at(buf + off + 8), 0x1A2B3C4Du);
		} else if (block == 1) {
			ck_assert_uint_eq(type, 1);
			ck_assert_uint_eq(buf[off + 8] | buf[off + 9] << 8, 101);   /* LINKTYPE_RAW */
		} else if (type == 0x0000000Au) {
			ck_assert_int_eq(dsb_at, -1);
			ck_assert_uint_eq(epb, 0);   /* before every packet */
			dsb_at = block;
			ck_assert_uint_eq(le32at(buf + off + 8), 0x544c534bu);   /* "TLSK" */
			ck_assert_uint_eq(le32at(buf + off + 12), strlen(want));
			ck_assert(memcmp(buf + off + 16, want, strlen(want)) == 0);
		} else {
			const tw_packet *p;
			uint64_t ts;
			ck_assert_uint_eq(type, 6);
			ck_assert_uint_lt(epb, m.tcp.npkt);
			p = &m.tcp.pkt[epb];
			ts = (uint64_t)le32at(buf + off + 12) << 32 | le32at(buf + off + 16);
			ck_assert_uint_eq(ts, (uint64_t)m.now * 1000000u + p->ts_usec);
			ck_assert_uint_eq(le32at(buf + off + 20), p->len);
			ck_assert_uint_eq(le32at(buf + off + 24), p->len);
			ck_assert(memcmp(buf + off + 28, p->data, p->len) == 0);
			epb++;
		}
		off += len;
		block++;
	}
	ck_assert_int_eq(dsb_at, 2);
	ck_assert_uint_eq(epb, m.tcp.npkt);
	tw_model_free(&m);
}
END_TEST

Suite *
tcp_suite(void)
{
	Suite *s = suite_create("tcp");
	TCase *tc = tcase_create("tcp");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, rfc1071_worked_example);
	tcase_add_test(tc, known_ipv4_header);
	tcase_add_loop_test(tc, every_packet_checksums, 0, 3);
	tcase_add_loop_test(tc, streams_and_acks, 0, 3);
	tcase_add_test(tc, handshake_and_options);
	tcase_add_test(tc, isn_from_seed);
	tcase_add_test(tc, dissection_covers_every_packet);
	tcase_add_test(tc, dissection_explains_values);
	tcase_add_test(tc, wrong_checksums_are_flagged);
	tcase_add_test(tc, bad_input_never_overreads);
	tcase_add_test(tc, pcapng_blocks);
	suite_add_tcase(s, tc);
	return s;
}
