/*
 * capture.c — read a learner's capture into the model. See capture.h.
 */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include "capture.h"
#include "reasm.h"
#include "names.h"
#include "crypto.h"

#define MAX_CONNS 4096
#define HASH_SIZE 8192
/* Pass 1 keeps this much of each direction: a ClientHello with post-
 * quantum key shares is about 2 KB, a ServerHello flight with its
 * certificate chain rarely passes 16 KB before the ChangeCipherSpec. */
#define SCAN_LIMIT (32u << 10)
/* Pass 2, the connection walked: the model holds at most 64 records,
 * which never need more than this. */
#define STREAM_LIMIT (4u << 20)
#define MAX_PACKETS 20000
#define PROGRESS_MIN_BYTES (64u << 20)
#define SYSTEM_CA "/etc/ssl/certs/ca-certificates.crt"

/* TCP flags (RFC 9293 §3.1). */
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

/* One decoded TCP segment. */
typedef struct {
	uint64_t frame;
	uint64_t ts_us;
	int ipv;
	const uint8_t *ip;
	size_t ip_len;             /* captured bytes of the IP packet, up to its total length */
	size_t ip_hlen;            /* to the TCP header (extension headers included) */
	const uint8_t *src, *dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	size_t tcp_hlen;
	const uint8_t *payload;
	size_t payload_len;        /* captured payload bytes */
	size_t payload_cut;        /* payload bytes the snap length left out */
} seg;

typedef struct {
	uint64_t frames, tcp, fragments, other;
} read_stats;

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* IP and TCP headers from p (the IP header's first byte). */
static int
decode_ip(const uint8_t *p, size_t n, seg *s, read_stats *st)
{
	size_t hl, total, tl;
	const uint8_t *t;
	uint8_t nh;

	if (n < 1)
		return 0;
	if ((p[0] >> 4) == 4) {
		if (n < 20 || (p[0] & 15) < 5 || (size_t)(p[0] & 15) * 4 > n)
			return 0;
		hl = (size_t)(p[0] & 15) * 4;
		total = be16(p + 2);
		if (total < hl)
			return 0;
		if (be16(p + 6) & 0x3fff) {
			/* More fragments, or a fragment offset: not reassembled. */
			st->fragments++;
			return 0;
		}
		if (p[9] != 6)
			return 0;
		s->ipv = 4;
		s->src = p + 12;
		s->dst = p + 16;
	} else if ((p[0] >> 4) == 6) {
		if (n < 40)
			return 0;
		total = 40 + (size_t)be16(p + 4);
		if (total == 40 && p[6] != 59)
			return 0;   /* a jumbogram (RFC 2675), not on a link we read */
		hl = 40;
		nh = p[6];
		/* Skip hop-by-hop (0), routing (43), destination options (60)
		 * and AH (51); a fragment header (44) ends it. */
		while (nh == 0 || nh == 43 || nh == 60 || nh == 51) {
			size_t el;
			if (hl + 8 > n)
				return 0;
			el = nh == 51 ? ((size_t)p[hl + 1] + 2) * 4 : ((size_t)p[hl + 1] + 1) * 8;
			nh = p[hl];
			hl += el;
		}
		if (nh == 44) {
			st->fragments++;
			return 0;
		}
		if (nh != 6 || hl > n)
			return 0;
		s->ipv = 6;
		s->src = p + 8;
		s->dst = p + 24;
	} else
		return 0;
	if (total > hl && total - hl < 20)
		return 0;
	if (hl + 20 > n)
		return 0;
	t = p + hl;
	tl = (size_t)(t[12] >> 4) * 4;
	if (tl < 20 || hl + tl > n || hl + tl > total)
		return 0;
	s->ip = p;
	s->ip_len = n < total ? n : total;
	s->ip_hlen = hl;
	s->tcp_hlen = tl;
	s->sport = be16(t);
	s->dport = be16(t + 2);
	s->seq = be32(t + 4);
	s->ack = be32(t + 8);
	s->flags = t[13];
	s->payload = t + tl;
	s->payload_len = s->ip_len - hl - tl;
	s->payload_cut = total - hl - tl - s->payload_len;
	st->tcp++;
	return 1;
}

/* The link-layer header of dlt, then IP. 1: a TCP segment in s. */
static int
decode_link(int dlt, const uint8_t *p, size_t n, seg *s, read_stats *st)
{
	size_t off;
	uint16_t type;

	switch (dlt) {
	case DLT_EN10MB:
		if (n < 14)
			return 0;
		off = 12;
		type = be16(p + off);
		/* 802.1Q, 802.1ad and the old QinQ tag: 4 bytes each. */
		while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
			off += 4;
			if (off + 2 > n)
				return 0;
			type = be16(p + off);
		}
		off += 2;
		if (type != 0x0800 && type != 0x86dd)
			return 0;
		break;
	case DLT_LINUX_SLL:
		if (n < 16)
			return 0;
		type = be16(p + 14);
		if (type != 0x0800 && type != 0x86dd)
			return 0;
		off = 16;
		break;
	case DLT_LINUX_SLL2:
		if (n < 20)
			return 0;
		type = be16(p);
		if (type != 0x0800 && type != 0x86dd)
			return 0;
		off = 20;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		/* A 4-byte address family whose byte order depends on the
		 * capturing host; the IP version nibble says the same. */
		off = 4;
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
#if defined(DLT_RAW) && DLT_RAW != 12
	case 12:
#endif
#if DLT_RAW != 14
	case 14:
#endif
		off = 0;
		break;
	default:
		return 0;
	}
	if (off > n)
		return 0;
	return decode_ip(p + off, n - off, s, st);
}

/* ---- connections ---- */

typedef struct {
	tw_conn_info info;
	tw_reasm r[2];             /* pass 1: the first bytes of each side */
	int fin[2], rst;
	int summarised;            /* info final, r[] freed (memory stays bounded) */
	int next;                  /* hash chain */
	uint32_t isn[2];
	int have_isn[2];
} conn;

typedef struct {
	conn *c;
	size_t n;
	int head[HASH_SIZE];
	size_t ignored;            /* packets of connections beyond MAX_CONNS */
	int oom;
} conn_table;

static size_t
addr_len(int ipv)
{
	return ipv == 4 ? 4 : 16;
}

static unsigned
tuple_hash(const seg *s)
{
	/* Symmetric in the two ends, so both directions land together. */
	unsigned h = 2166136261u, a = 0, b = 0;
	size_t i, al = addr_len(s->ipv);

	for (i = 0; i < al; i++) {
		a = a * 31 + s->src[i];
		b = b * 31 + s->dst[i];
	}
	a = a * 65599 + s->sport;
	b = b * 65599 + s->dport;
	h ^= a + b;
	h *= 16777619u;
	h ^= a ^ b;
	return (h * 2654435761u) % HASH_SIZE;
}

/* The side of c that sent s: 0 client, 1 server, -1 not c. */
static int
side_of(const tw_conn_info *c, const seg *s)
{
	size_t al = addr_len(s->ipv);

	if (c->ip_version != s->ipv)
		return -1;
	if (c->port[0] == s->sport && c->port[1] == s->dport
		&& memcmp(c->addr[0], s->src, al) == 0 && memcmp(c->addr[1], s->dst, al) == 0)
		return 0;
	if (c->port[1] == s->sport && c->port[0] == s->dport
		&& memcmp(c->addr[1], s->src, al) == 0 && memcmp(c->addr[0], s->dst, al) == 0)
		return 1;
	return -1;
}

/* A port a server listens on: well-known, or one below the other. */
static int
server_port_is_dst(const seg *s)
{
	if (s->dport == 443 || s->dport == 8443 || s->dport == 4433)
		return 1;
	if (s->sport == 443 || s->sport == 8443 || s->sport == 4433)
		return 0;
	return s->dport <= s->sport;
}

static conn *
conn_new(conn_table *t, const seg *s, unsigned h)
{
	conn *c;
	int client_is_src;
	size_t al = addr_len(s->ipv);

	if (t->n == MAX_CONNS) {
		t->ignored++;
		return NULL;
	}
	if (t->c == NULL && (t->c = calloc(MAX_CONNS, sizeof *t->c)) == NULL) {
		t->oom = 1;
		return NULL;
	}
	c = &t->c[t->n];
	memset(c, 0, sizeof *c);
	c->info.ip_version = s->ipv;
	if ((s->flags & (TH_SYN | TH_ACK)) == TH_SYN)
		client_is_src = 1;
	else if ((s->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
		client_is_src = 0;
	else {
		client_is_src = server_port_is_dst(s);
		c->info.roles_guessed = 1;
	}
	memcpy(c->info.addr[client_is_src ? 0 : 1], s->src, al);
	memcpy(c->info.addr[client_is_src ? 1 : 0], s->dst, al);
	c->info.port[client_is_src ? 0 : 1] = s->sport;
	c->info.port[client_is_src ? 1 : 0] = s->dport;
	c->info.first_frame = s->frame;
	c->next = t->head[h];
	t->head[h] = (int)t->n;
	t->n++;
	return c;
}

/* The connection s belongs to, created when new; *side its sender. A SYN
 * on a tuple whose connection already carried data or closed starts a new
 * connection (the port was reused). */
static conn *
conn_find(conn_table *t, const seg *s, int *side)
{
	unsigned h = tuple_hash(s);
	int i;

	if (t->c != NULL)
		for (i = t->head[h]; i >= 0; i = t->c[i].next) {
			conn *c = &t->c[i];
			int sd = side_of(&c->info, s);
			if (sd < 0)
				continue;
			if ((s->flags & (TH_SYN | TH_ACK)) == TH_SYN && c->have_isn[sd]
				&& c->isn[sd] != s->seq
				&& (c->info.payload[0] + c->info.payload[1] > 0 || c->fin[0] || c->rst))
				break;
			*side = sd;
			return c;
		}
	{
		conn *c = conn_new(t, s, h);
		if (c != NULL)
			*side = side_of(&c->info, s);
		return c;
	}
}

/* Pass 1 and pass 2 share this: the sequence-number bookkeeping of one
 * segment of c from side sd. Returns 1 when the payload should go to the
 * reassembly (r[sd] initialised). */
static int
track(conn *c, tw_reasm *r, int sd, const seg *s, size_t limit)
{
	tw_conn_info *ci = &c->info;

	ci->npkt++;
	ci->last_frame = s->frame;
	if (s->flags & TH_SYN) {
		if (!c->have_isn[sd]) {
			c->isn[sd] = s->seq;
			c->have_isn[sd] = 1;
		}
		if (sd == 0 && !(s->flags & TH_ACK))
			ci->syn_seen = 1;
		if (!ci->based[sd]) {
			ci->first_seq[sd] = s->seq + 1;
			ci->based[sd] = 1;
			tw_reasm_init(&r[sd], ci->first_seq[sd], limit);
		}
	}
	if (s->flags & TH_FIN)
		c->fin[sd] = 1;
	if (s->flags & TH_RST)
		c->rst = 1;
	if (s->payload_len == 0 && s->payload_cut == 0)
		return 0;
	ci->payload[sd] += s->payload_len + s->payload_cut;
	if (!ci->based[sd]) {
		ci->first_seq[sd] = s->seq;
		ci->based[sd] = 1;
		tw_reasm_init(&r[sd], s->seq, limit);
	}
	return 1;
}

/* ---- reading ---- */

typedef int (*seg_fn)(void *ctx, const seg *s);

/* Read every packet of path through decode_link, streamed. -1 with e on
 * a file libpcap cannot open or a read error (the packets before it were
 * delivered: *truncated tells). */
static int
read_capture(const char *path, seg_fn fn, void *ctx, read_stats *st,
	int progress, int *truncated, tw_err *e)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;
	struct pcap_pkthdr *h;
	const u_char *data;
	int dlt, rc;
	struct stat sb;
	off_t size = 0;
	time_t last = 0;
	uint64_t frame = 0;

	memset(st, 0, sizeof *st);
	*truncated = 0;
	errbuf[0] = 0;
	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL) {
		FILE *f = fopen(path, "rb");
		if (f == NULL)
			return tw_err_set(e, "--read %s: cannot open: %s", path, strerror(errno));
		fclose(f);
		if (stat(path, &sb) == 0 && sb.st_size == 0)
			return tw_err_set(e, "--read %s: the file is empty, not a capture", path);
		return tw_err_set(e, "--read %s: not a pcap or pcapng capture (%s)", path,
			errbuf[0] ? errbuf : "libpcap cannot read it");
	}
	dlt = pcap_datalink(pc);
	switch (dlt) {
	case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_NULL:
	case DLT_LOOP: case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
		break;
	default:
		if (dlt == 12 || dlt == 14)
			break;
		pcap_close(pc);
		return tw_err_set(e, "--read %s: link type %d (%s) is not one tlswalk reads (Ethernet, raw IP, Linux cooked, BSD loopback)",
			path, dlt, pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "unknown");
	}
	if (progress && stat(path, &sb) == 0 && sb.st_size >= (off_t)PROGRESS_MIN_BYTES)
		size = sb.st_size;
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		seg s;
		frame++;
		st->frames++;
		if (size && (frame & 0xfff) == 0 && time(NULL) != last) {
			FILE *fp = pcap_file(pc);
			long pos = fp ? ftell(fp) : -1;
			last = time(NULL);
			if (pos >= 0)
				fprintf(stderr, "tlswalk: reading %s: %ld of %ld MB\n", path,
					pos >> 20, (long)(size >> 20));
		}
		memset(&s, 0, sizeof s);
		if (!decode_link(dlt, data, h->caplen, &s, st)) {
			st->other++;
			continue;
		}
		s.frame = frame;
		s.ts_us = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
		if (fn(ctx, &s) < 0) {
			pcap_close(pc);
			return tw_err_set(e, "--read %s: out of memory", path);
		}
	}
	if (rc == -1) {
		/* A capture cut short (a full disk, a copy interrupted):
		 * what was read is still worth a walk. */
		*truncated = 1;
		tw_err_set(e, "%s", pcap_geterr(pc));
	}
	pcap_close(pc);
	return 0;
}

/* ---- the first pass: connections and their hellos ---- */

static void summarise(conn *c);
static int switched(const uint8_t *p, size_t n);

/* A side's first bytes are a TLS record header? */
static int
tls_start(const tw_reasm *r)
{
	return r->len >= 5 && r->data[0] >= 20 && r->data[0] <= 24 && r->data[1] == 3;
}

static int
scan_seg(void *ctx, const seg *s)
{
	conn_table *t = ctx;
	int sd;
	conn *c = conn_find(t, s, &sd);
	size_t off;

	if (t->oom)
		return -1;
	if (c == NULL)
		return 0;
	if (c->summarised) {
		/* Only the bookkeeping now: what pass 1 needs is known. */
		c->info.npkt++;
		c->info.last_frame = s->frame;
		if (s->flags & TH_FIN)
			c->fin[sd] = 1;
		if (s->flags & TH_RST)
			c->rst = 1;
		c->info.payload[sd] += s->payload_len + s->payload_cut;
		return 0;
	}
	if (track(c, c->r, sd, s, SCAN_LIMIT)
		&& c->r[sd].len < SCAN_LIMIT
		&& tw_reasm_add(&c->r[sd], s->seq, s->payload, s->payload_len, &off) < 0)
		return -1;
	/* Summarise as soon as the hellos are in (both sides switched to
	 * encryption), or once both sides' first bytes show it is not TLS:
	 * the kept bytes are freed, so a long capture with many connections
	 * holds little more than their summaries. */
	if ((switched(c->r[0].data, c->r[0].len) && switched(c->r[1].data, c->r[1].len))
		|| (c->r[0].len >= 5 && c->r[1].len >= 5 && !tls_start(&c->r[0]) && !tls_start(&c->r[1]))) {
		summarise(c);
		tw_reasm_free(&c->r[0]);
		tw_reasm_free(&c->r[1]);
		c->summarised = 1;
	}
	return 0;
}

/* The handshake bytes of the records at the start of a stream, record
 * headers removed, up to the first non-handshake record. */
static size_t
hs_bytes(const uint8_t *p, size_t n, uint8_t *out, size_t cap, int *tls)
{
	size_t off = 0, got = 0;

	*tls = 0;
	while (off + 5 <= n && p[off] == 22 && p[off + 1] == 3) {
		size_t rl = be16(p + off + 3);
		size_t take;
		*tls = 1;
		if (off + 5 + rl > n)
			rl = n - off - 5;
		take = rl > cap - got ? cap - got : rl;
		memcpy(out + got, p + off + 5, take);
		got += take;
		off += 5 + rl;
	}
	return got;
}

/* ClientHello: random, SNI. ServerHello: random, suite, version (the
 * supported_versions extension, RFC 8446 §4.2.1, when present). */
static void
parse_hello(const uint8_t *h, size_t n, tw_conn_info *ci, int server)
{
	size_t len, p = 4, l;

	if (n < 4 || h[0] != (server ? 2 : 1))
		return;
	len = (size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3];
	if (len + 4 < n)
		n = len + 4;
	if (p + 34 > n)
		return;
	if (server) {
		ci->have_server_hello = 1;
		ci->version = be16(h + p);
	} else {
		ci->have_client_hello = 1;
		memcpy(ci->client_random, h + p + 2, 32);
	}
	p += 34;
	if (p + 1 > n || p + 1 + h[p] > n)
		return;
	p += 1 + h[p];
	if (server) {
		if (p + 3 > n)
			return;
		ci->suite = be16(h + p);
		p += 3;
	} else {
		if (p + 2 > n || p + 2 + be16(h + p) > n)
			return;
		p += 2 + be16(h + p);
		if (p + 1 > n || p + 1 + h[p] > n)
			return;
		p += 1 + h[p];
	}
	if (p + 2 > n)
		return;
	l = be16(h + p);
	p += 2;
	if (p + l < n)
		n = p + l;
	while (p + 4 <= n) {
		uint16_t et = be16(h + p);
		size_t el = be16(h + p + 2);
		const uint8_t *ed = h + p + 4;
		if (p + 4 + el > n)
			return;
		if (!server && et == 0 && el >= 5 && ed[2] == 0) {
			size_t nl = be16(ed + 3);
			if (5 + nl <= el && nl < sizeof ci->sni) {
				size_t i;
				for (i = 0; i < nl; i++)
					ci->sni[i] = (ed[5 + i] >= 0x21 && ed[5 + i] < 0x7f) ? (char)ed[5 + i] : '?';
				ci->sni[nl] = 0;
			}
		}
		if (server && et == 0x002b && el == 2)
			ci->version = be16(ed);
		p += 4 + el;
	}
}

/* Has side's stream switched to encryption (a ChangeCipherSpec, or
 * application data) within the bytes kept? */
static int
switched(const uint8_t *p, size_t n)
{
	size_t off = 0;

	while (off + 5 <= n && p[off + 1] == 3) {
		if (p[off] == 20 || p[off] == 23)
			return 1;
		off += 5 + be16(p + off + 3);
	}
	return 0;
}

static void
summarise(conn *c)
{
	tw_conn_info *ci = &c->info;
	uint8_t *hb = malloc(SCAN_LIMIT);
	int tls0 = 0, tls1 = 0;
	size_t n;

	if (hb == NULL)
		return;
	n = hs_bytes(c->r[0].data, c->r[0].len, hb, SCAN_LIMIT, &tls0);
	if (n >= 4 && hb[0] == 2) {
		/* The side taken for the client sent a ServerHello: the roles
		 * were guessed wrong (no SYN in the capture). */
		conn tmp = *c;
		memcpy(ci->addr[0], tmp.info.addr[1], 16);
		memcpy(ci->addr[1], tmp.info.addr[0], 16);
		ci->port[0] = tmp.info.port[1];
		ci->port[1] = tmp.info.port[0];
		ci->first_seq[0] = tmp.info.first_seq[1];
		ci->first_seq[1] = tmp.info.first_seq[0];
		ci->based[0] = tmp.info.based[1];
		ci->based[1] = tmp.info.based[0];
		ci->payload[0] = tmp.info.payload[1];
		ci->payload[1] = tmp.info.payload[0];
		c->r[0] = tmp.r[1];
		c->r[1] = tmp.r[0];
		n = hs_bytes(c->r[0].data, c->r[0].len, hb, SCAN_LIMIT, &tls0);
	}
	parse_hello(hb, n, ci, 0);
	n = hs_bytes(c->r[1].data, c->r[1].len, hb, SCAN_LIMIT, &tls1);
	parse_hello(hb, n, ci, 1);
	free(hb);
	/* A capture that starts after the handshake still carries TLS records. */
	ci->tls = tls0 || tls1 || tls_start(&c->r[0]) || tls_start(&c->r[1]);
	if (ci->have_client_hello && !ci->syn_seen)
		ci->roles_guessed = 0;
	ci->complete = ci->have_client_hello && ci->have_server_hello
		&& switched(c->r[0].data, c->r[0].len) && switched(c->r[1].data, c->r[1].len);
}

typedef struct {
	tw_conn_info *c;           /* TLS connections, in order of their first packet */
	size_t n;
	read_stats st;
	int truncated;
	tw_err trunc_err;
	tw_keylog kl;              /* --keys and the capture's secrets */
	size_t ignored;
} scan_result;

static void
scan_free(scan_result *r)
{
	free(r->c);
	tw_keylog_free(&r->kl);
	memset(r, 0, sizeof *r);
}

/* Keys, then pass 1. -1 with e and status set. */
static int
scan(const tw_capture_opts *o, scan_result *res, tw_capture_status *st, tw_err *e)
{
	conn_table t;
	size_t i;

	memset(res, 0, sizeof *res);
	memset(&t, 0, sizeof t);
	st->status = 2;
	if (o->keys_path && tw_keylog_load(&res->kl, o->keys_path, e) < 0)
		return -1;
	for (i = 0; i < HASH_SIZE; i++)
		t.head[i] = -1;
	tw_err_clear(&res->trunc_err);
	if (read_capture(o->path, scan_seg, &t, &res->st, !o->quiet, &res->truncated,
		&res->trunc_err) < 0) {
		snprintf(e->msg, sizeof e->msg, "%s", res->trunc_err.msg);
		free(t.c);
		tw_keylog_free(&res->kl);
		return -1;
	}
	if (tw_capture_dsb(o->path, &res->kl, e) < 0)
		goto fail;
	res->ignored = t.ignored;
	if (t.n > 0 && (res->c = calloc(t.n, sizeof *res->c)) == NULL) {
		tw_err_set(e, "--read %s: out of memory", o->path);
		goto fail;
	}
	for (i = 0; i < t.n; i++) {
		if (!t.c[i].summarised)
			summarise(&t.c[i]);
		if (t.c[i].info.have_client_hello)
			t.c[i].info.keys = tw_keylog_find(&res->kl, TW_KL_CLIENT_RANDOM, t.c[i].info.client_random) != NULL
				|| tw_keylog_find(&res->kl, TW_KL_SERVER_TRAFFIC_SECRET_0, t.c[i].info.client_random) != NULL;
		if (t.c[i].info.tls)
			res->c[res->n++] = t.c[i].info;
		tw_reasm_free(&t.c[i].r[0]);
		tw_reasm_free(&t.c[i].r[1]);
	}
	free(t.c);
	if (res->st.frames == 0 && res->truncated) {
		tw_err_set(e, "--read %s: the capture is cut short before its first packet (%s)",
			o->path, res->trunc_err.msg);
		scan_free(res);
		return -1;
	}
	if (res->n == 0) {
		st->status = 1;
		tw_err_set(e, "--read %s: no TLS connection in the capture (%" PRIu64 " packets, %" PRIu64 " of them TCP)",
			o->path, res->st.frames, res->st.tcp);
		scan_free(res);
		return -1;
	}
	return 0;
fail:
	for (i = 0; i < t.n; i++) {
		tw_reasm_free(&t.c[i].r[0]);
		tw_reasm_free(&t.c[i].r[1]);
	}
	free(t.c);
	scan_free(res);
	return -1;
}

static void
fmt_endpoint(const tw_conn_info *c, int side, char *buf, size_t n)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(c->ip_version == 4 ? AF_INET : AF_INET6, c->addr[side], a, sizeof a);
	if (c->ip_version == 6)
		snprintf(buf, n, "[%s]:%u", a, c->port[side]);
	else
		snprintf(buf, n, "%s:%u", a, c->port[side]);
}

static const char *
version_name(uint16_t v)
{
	switch (v) {
	case 0x0300: return "SSL 3.0";
	case 0x0301: return "TLS 1.0";
	case 0x0302: return "TLS 1.1";
	case 0x0303: return "TLS 1.2";
	case 0x0304: return "TLS 1.3";
	default: return "?";
	}
}

static void
conn_line(const tw_conn_info *c, size_t idx, char *buf, size_t n)
{
	char cl[64], sv[64], su[96];
	const char *sn = c->suite ? tw_name_suite(c->suite) : NULL;

	if (sn == NULL && c->suite)
		sn = tw_tls13_suite_name(c->suite);

	fmt_endpoint(c, 0, cl, sizeof cl);
	fmt_endpoint(c, 1, sv, sizeof sv);
	if (sn != NULL)
		snprintf(su, sizeof su, "%s", sn);
	else if (c->have_server_hello)
		snprintf(su, sizeof su, "suite 0x%04x", c->suite);
	else
		snprintf(su, sizeof su, "(no ServerHello)");
	/* A long SNI is cut, not an error: the line is for reading. */
	if (snprintf(buf, n, "%zu  %s -> %s  SNI %s  %s  %s  keys: %s%s%s",
		idx + 1, cl, sv, c->sni[0] ? c->sni : "(none)",
		c->have_server_hello ? version_name(c->version) : "-", su,
		c->keys ? "yes" : "no",
		c->complete ? "" : (c->have_client_hello ? "  (handshake incomplete)" : "  (starts after the handshake)"),
		c->roles_guessed ? "  (client and server guessed from the ports)" : "") >= (int)n)
		buf[n - 1] = 0;
}

/* see capture.h */
int
tw_capture_list(const tw_capture_opts *o, FILE *out, tw_capture_status *st, tw_err *e)
{
	scan_result r;
	size_t i;
	char line[512];

	if (scan(o, &r, st, e) < 0)
		return -1;
	for (i = 0; i < r.n; i++) {
		conn_line(&r.c[i], i, line, sizeof line);
		fprintf(out, "%s\n", line);
	}
	if (r.truncated)
		fprintf(stderr, "tlswalk: --read %s: the capture is cut short (%s); the connections above are those before the cut\n",
			o->path, r.trunc_err.msg);
	if (r.ignored)
		fprintf(stderr, "tlswalk: --read %s: only the first %d TCP connections are tracked; the %zu packets of later ones are not listed\n",
			o->path, MAX_CONNS, r.ignored);
	scan_free(&r);
	return 0;
}

/* ---- the second pass: one connection's packets and streams ---- */

typedef struct {
	size_t len;                /* stream length after ... */
	uint64_t pkt;              /* ... this packet of the connection (0-based) */
} milestone;

typedef struct {
	conn c;                    /* info from pass 1; counters restarted */
	tw_reasm r[2];
	tw_tcp *t;
	size_t cap;
	uint64_t npkt_all;         /* packets of the connection seen, kept or not */
	uint64_t t0_us;            /* the model's clock, in microseconds */
	int have_t0;
	milestone *ms[2];
	size_t nms[2], capms[2];
	uint64_t first_frame, last_frame;   /* the connection's frames, from pass 1 */
	int synack, ack3, data, last_ack;
} walk;

static int
add_milestone(walk *w, int d, size_t len)
{
	if (w->nms[d] == w->capms[d]) {
		size_t ncap = w->capms[d] ? w->capms[d] * 2 : 64;
		milestone *nm = realloc(w->ms[d], ncap * sizeof *nm);
		if (nm == NULL)
			return -1;
		w->ms[d] = nm;
		w->capms[d] = ncap;
	}
	w->ms[d][w->nms[d]].len = len;
	w->ms[d][w->nms[d]].pkt = w->npkt_all;
	w->nms[d]++;
	return 0;
}

static int
walk_seg(void *ctx, const seg *s)
{
	walk *w = ctx;
	tw_conn_info *ci = &w->c.info;
	int sd = side_of(ci, s);
	size_t off = 0, before;
	tw_packet *p;

	if (sd < 0 || s->frame < w->first_frame || s->frame > w->last_frame)
		return 0;
	if (!w->have_t0) {
		w->t0_us = s->ts_us - s->ts_us % 1000000u;
		w->have_t0 = 1;
	}
	before = w->r[sd].len;
	if (track(&w->c, w->r, sd, s, STREAM_LIMIT)) {
		if (tw_reasm_add(&w->r[sd], s->seq, s->payload, s->payload_len, &off) < 0)
			return -1;
		/* Bytes the snap length cut are missing from the capture:
		 * whatever follows waits behind that hole, a gap. */
	}
	if (w->r[sd].len > before && add_milestone(w, sd, w->r[sd].len) < 0)
		return -1;
	w->npkt_all++;
	if (w->t->npkt == MAX_PACKETS) {
		w->t->cap.packets_left_out++;
		return 0;
	}
	if (w->t->npkt == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 64;
		tw_packet *np = realloc(w->t->pkt, ncap * sizeof *np);
		if (np == NULL)
			return -1;
		w->t->pkt = np;
		w->cap = ncap;
	}
	p = &w->t->pkt[w->t->npkt];
	memset(p, 0, sizeof *p);
	if ((p->data = malloc(s->ip_len)) == NULL)
		return -1;
	memcpy(p->data, s->ip, s->ip_len);
	w->t->npkt++;
	p->dir = sd == 0 ? TW_C2S : TW_S2C;
	p->len = s->ip_len;
	p->ip_hlen = s->ip_hlen;
	p->tcp_hlen = s->tcp_hlen;
	p->seq = s->seq;
	p->ack = s->ack;
	p->flags = s->flags;
	p->stream_off = off;
	p->payload_len = s->payload_len;
	/* The stream stops at a gap: a packet beyond it carries no stream bytes. */
	{
		uint64_t us = s->ts_us - w->t0_us;
		p->ts_usec = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	}
	if ((s->flags & (TH_SYN | TH_ACK)) == TH_SYN)
		p->kind = TW_PKT_SYN;
	else if (s->flags & TH_SYN) {
		p->kind = TW_PKT_SYNACK;
		w->synack = 1;
	} else if (s->payload_len > 0 || s->payload_cut > 0) {
		p->kind = TW_PKT_DATA;
		w->data = 1;
	} else if (s->flags & TH_FIN)
		p->kind = TW_PKT_FIN;
	else if (sd == 0 && w->synack && !w->ack3 && !w->data && (s->flags & TH_ACK)
		&& !(s->flags & TH_RST)) {
		p->kind = TW_PKT_ACK3;
		w->ack3 = 1;
	} else if (w->c.fin[0] && w->c.fin[1] && !w->last_ack && !(s->flags & TH_RST)) {
		p->kind = TW_PKT_LAST_ACK;
		w->last_ack = 1;
	} else
		p->kind = TW_PKT_PURE_ACK;
	return 0;
}

typedef struct {
	tw_dir dir;
	size_t off, len;
	uint8_t type;
	uint16_t version;
	uint64_t done;             /* packet that completed it */
} prerec;

/* Cut a direction's stream into records; -1 on memory. */
static int
split(walk *w, tw_wire *wi, int d, prerec **out, size_t *nout, tw_tcp_capture *cap)
{
	size_t off = 0, n = 0, capr = 0, mi = 0;
	const uint8_t *s = wi->stream[d];
	size_t len = wi->stream_len[d];
	prerec *v = NULL;

	while (off + 5 <= len) {
		const uint8_t *h = s + off;
		size_t rl = be16(h + 3);
		if (h[0] < 20 || h[0] > 24 || h[1] != 3 || rl > 16384 + 2048) {
			cap->not_tls_at[d] = off + 1;
			break;
		}
		if (off + 5 + rl > len)
			break;
		if (n == capr) {
			size_t nc = capr ? capr * 2 : 32;
			prerec *nv = realloc(v, nc * sizeof *nv);
			if (nv == NULL) {
				free(v);
				return -1;
			}
			v = nv;
			capr = nc;
		}
		while (mi < w->nms[d] && w->ms[d][mi].len < off + 5 + rl)
			mi++;
		v[n].dir = (tw_dir)d;
		v[n].off = off;
		v[n].len = 5 + rl;
		v[n].type = h[0];
		v[n].version = be16(h + 1);
		v[n].done = mi < w->nms[d] ? w->ms[d][mi].pkt : UINT64_MAX;
		n++;
		off += 5 + rl;
	}
	if (!cap->not_tls_at[d] && off < len)
		cap->partial_record[d] = len - off;
	*out = v;
	*nout = n;
	return 0;
}

/* Records of both directions in the order their last byte was captured. */
static int
build_records(walk *w, tw_wire *wi, tw_tcp_capture *cap)
{
	prerec *v[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 }, i[2] = { 0, 0 };
	int ccs[2] = { 0, 0 };
	uint64_t seq[2] = { 0, 0 };

	if (split(w, wi, 0, &v[0], &n[0], cap) < 0 || split(w, wi, 1, &v[1], &n[1], cap) < 0) {
		free(v[0]);
		return -1;
	}
	while (i[0] < n[0] || i[1] < n[1]) {
		int d;
		prerec *p;
		tw_record *r;
		if (i[0] == n[0])
			d = 1;
		else if (i[1] == n[1])
			d = 0;
		else
			d = v[1][i[1]].done < v[0][i[0]].done;
		p = &v[d][i[d]++];
		if (wi->nrec == TW_WIRE_MAX_RECORDS) {
			cap->records_left_out++;
			continue;
		}
		r = &wi->rec[wi->nrec++];
		r->dir = p->dir;
		r->type = p->type;
		r->version = p->version;
		r->off = p->off;
		r->len = p->len;
		r->encrypted = ccs[d];
		r->seq = seq[d]++;
		if (r->type == TW_CT_CCS) {
			ccs[d] = 1;
			seq[d] = 0;
		}
	}
	free(v[0]);
	free(v[1]);
	return 0;
}

/* Trust anchors: --ca, else the system bundle; the built-in demo root
 * when the capture carries tlswalk's own demo chain (its --pcap output),
 * whose root no system trusts. The server's private key is kept only in
 * that last case: it is then truly the key of the server captured. */
static int
load_creds(tw_model *m, const tw_hs *hs, const tw_capture_opts *o, tw_err *e)
{
	tw_creds own;
	int ours = 0, t;

	/* tlswalk's own chains: the RSA one, then the ECDSA one. */
	for (t = TW_CERT_RSA; t <= TW_CERT_ECDSA; t++) {
		memset(&own, 0, sizeof own);
		if (tw_creds_load(&own, NULL, NULL, NULL, (tw_cert_type)t, e) < 0)
			return -1;
		ours = hs->ncert > 0 && own.chain_len > 0
			&& own.chain[0].data_len == hs->cert_len[0]
			&& memcmp(own.chain[0].data, hs->cert[0], hs->cert_len[0]) == 0;
		if (ours)
			break;
		if (t < TW_CERT_ECDSA)
			tw_creds_free(&own);
	}
	if (ours && o->ca_file == NULL) {
		m->creds = own;
		if (!o->quiet)
			fprintf(stderr, "tlswalk: %s carries tlswalk's built-in demo certificate chain: it is checked against the built-in demo root (give --ca to choose others)\n",
				o->path);
		return 0;
	}
	tw_creds_free(&own);
	if (tw_creds_load(&m->creds, NULL, NULL, o->ca_file ? o->ca_file : SYSTEM_CA, TW_CERT_RSA, e) < 0)
		return -1;
	/* Not the captured server's key: nothing may be opened with it. */
	free(m->creds.keybuf);
	m->creds.keybuf = NULL;
	memset(&m->creds.key, 0, sizeof m->creds.key);
	memset(&m->creds.ec_key, 0, sizeof m->creds.ec_key);
	m->creds.key_type = 0;
	return 0;
}

/* The path of the first HTTP request, once the key log opened it: the
 * lessons speak of "the page {path}". Left empty when it is not readable. */
static void
request_path(tw_model *m)
{
	size_t i, j, k;

	for (i = 0; i < m->keys.nopened; i++) {
		const tw_opened *o = &m->keys.opened[i];
		const tw_record *r = &m->wire.rec[o->rec];
		if (r->dir != TW_C2S || r->type != TW_CT_APPDATA || o->tag != TW_V_OK)
			continue;
		for (j = 0; j < o->plain_len && j < 16 && o->plain[j] >= 'A' && o->plain[j] <= 'Z'; j++)
			;
		if (j == 0 || j >= o->plain_len || o->plain[j] != ' ')
			return;
		for (k = j + 1; k < o->plain_len && o->plain[k] > 0x20 && o->plain[k] < 0x7f
			&& k - j < sizeof m->path - 1; k++)
			;
		if (k < o->plain_len && o->plain[k] == ' ' && o->plain[j + 1] == '/') {
			memcpy(m->path, o->plain + j + 1, k - j - 1);
			m->path[k - j - 1] = 0;
		}
		return;
	}
}

/* see capture.h */
int
tw_capture_build(tw_model *m, const tw_capture_opts *o, tw_capture_status *st,
	tw_err *e)
{
	scan_result r;
	walk w;
	size_t pick = 0, i;
	int d, trunc2 = 0;
	tw_err e2;
	tw_hs hs0;
	tw_tcp_capture *cap;
	const tw_kl_entry *ke;

	memset(m, 0, sizeof *m);
	if (scan(o, &r, st, e) < 0)
		return -1;
	st->status = 2;
	if (o->conn > 0) {
		if ((size_t)o->conn > r.n) {
			tw_err_set(e, "--conn %ld: the capture has %zu TLS connection%s (see --list-conns)",
				o->conn, r.n, r.n == 1 ? "" : "s");
			scan_free(&r);
			return -1;
		}
		pick = (size_t)o->conn - 1;
	} else {
		for (pick = 0; pick < r.n && !r.c[pick].complete; pick++)
			;
		if (pick == r.n)
			pick = 0;
		if (!o->quiet && r.ignored)
			fprintf(stderr, "tlswalk: --read %s: only the first %d TCP connections are tracked; the %zu packets of later ones are left out\n",
				o->path, MAX_CONNS, r.ignored);
		if (!o->quiet && r.n > 1) {
			char line[512];
			conn_line(&r.c[pick], pick, line, sizeof line);
			fprintf(stderr, "tlswalk: %s holds %zu TLS connections; walking %s connection %zu (--list-conns lists them, --conn N picks one):\n  %s\n",
				o->path, r.n, r.c[pick].complete ? "the first complete one," : "the first,",
				pick + 1, line);
		}
	}

	memset(&w, 0, sizeof w);
	w.c.info = r.c[pick];
	w.first_frame = w.c.info.first_frame;
	w.last_frame = w.c.info.last_frame;
	w.c.info.npkt = 0;
	w.c.info.based[0] = w.c.info.based[1] = 0;
	w.c.info.payload[0] = w.c.info.payload[1] = 0;
	w.t = &m->tcp;
	tw_err_clear(&e2);
	{
		read_stats rs;
		/* first_seq was learnt in pass 1; the same rules find it again. */
		if (read_capture(o->path, walk_seg, &w, &rs, !o->quiet, &trunc2, &e2) < 0) {
			snprintf(e->msg, sizeof e->msg, "%s", e2.msg);
			goto fail;
		}
	}
	cap = &m->tcp.cap;
	cap->captured = 1;
	cap->ip_version = w.c.info.ip_version;
	cap->no_syn = !w.c.info.syn_seen;
	for (d = 0; d < 2; d++) {
		cap->segments[d] = w.r[d].segments;
		cap->retransmitted[d] = w.r[d].retransmitted;
		cap->out_of_order[d] = w.r[d].out_of_order;
		cap->overlapping[d] = w.r[d].overlapping;
		cap->conflicts[d] = w.r[d].conflicts;
		cap->truncated[d] = w.r[d].truncated;
		cap->gap_len[d] = tw_reasm_gap(&w.r[d]);
		cap->gap_off[d] = w.r[d].len;
		m->wire.stream[d] = tw_reasm_take(&w.r[d], &m->wire.stream_len[d]);
		if (m->wire.stream[d] == NULL && (m->wire.stream[d] = malloc(1)) == NULL) {
			tw_err_set(e, "--read %s: out of memory", o->path);
			goto fail;
		}
	}
	/* Packets past a gap carry bytes the stream does not hold. */
	for (i = 0; i < m->tcp.npkt; i++) {
		tw_packet *p = &m->tcp.pkt[i];
		size_t sl = m->wire.stream_len[p->dir];
		if (p->stream_off >= sl)
			p->payload_len = 0;
		else if (p->stream_off + p->payload_len > sl)
			p->payload_len = sl - p->stream_off;
	}
	if (build_records(&w, &m->wire, cap) < 0) {
		tw_err_set(e, "--read %s: out of memory", o->path);
		goto fail;
	}
	for (d = 0; d < 2; d++)
		free(w.ms[d]);
	memset(w.ms, 0, sizeof w.ms);
	if (w.c.info.version == 0x0304) {
		/* TLS 1.3 encrypts everything after the ServerHello in
		 * application-data records (tls13.h opens them); the
		 * ChangeCipherSpec is only there for middleboxes. */
		tw_tls13 *t = &m->t13;
		t->suite = w.c.info.suite;
		switch (t->suite) {
		case 0x1301: t->hash = 256; t->key_len = 16; break;
		case 0x1302: t->hash = 384; t->key_len = 32; break;
		case 0x1303: t->hash = 256; t->key_len = 32; t->chacha = 1; break;
		default: break;
		}
		if (t->hash != 0) {
			t->present = 1;
			for (i = 0; i < m->wire.nrec; i++)
				if (m->wire.rec[i].type == TW_CT_APPDATA)
					m->wire.rec[i].encrypted = 1;
		} else {
			/* The CCM suites: not walked; only the clear hellos. */
			for (i = 0; i < m->wire.nrec && m->wire.rec[i].type == TW_CT_HANDSHAKE; i++)
				;
			cap->tls13_left_out = m->wire.nrec - i;
			m->wire.nrec = i;
		}
	}

	m->tcp.client_port = w.c.info.port[0];
	m->tcp.server_port = w.c.info.port[1];
	m->tcp.client_isn = w.c.info.first_seq[0] - 1;
	m->tcp.server_isn = w.c.info.first_seq[1] - 1;
	if (cap->ip_version == 4) {
		memcpy(m->tcp.client_ip, w.c.info.addr[0], 4);
		memcpy(m->tcp.server_ip, w.c.info.addr[1], 4);
	}
	memcpy(cap->client_ip6, w.c.info.addr[0], 16);
	memcpy(cap->server_ip6, w.c.info.addr[1], 16);

	m->source = TW_SOURCE_CAPTURE;
	snprintf(m->source_name, sizeof m->source_name, "%s, connection %zu of %zu",
		o->path, pick + 1, r.n);
	m->seeded = 1;
	m->now = (time_t)(w.t0_us / 1000000u);
	snprintf(m->host, sizeof m->host, "%s", w.c.info.sni);
	m->path[0] = 0;

	/* The client random picks the key log line. */
	if (tw_hs_parse(&m->wire, &hs0, e) < 0)
		goto fail;
	ke = tw_keylog_find(&r.kl, TW_KL_CLIENT_RANDOM, hs0.client_random);
	if (hs0.nmsg > 0 && ke != NULL && !m->t13.present) {
		memcpy(m->wire.given_ms, ke->secret, 48);
		m->wire.given_ms_known = 1;
	}
	if (m->t13.present && hs0.nmsg > 0) {
		static const tw_kl_kind kinds[TW_T13_NSECRETS] = {
			TW_KL_CLIENT_HANDSHAKE_TRAFFIC_SECRET, TW_KL_SERVER_HANDSHAKE_TRAFFIC_SECRET,
			TW_KL_CLIENT_TRAFFIC_SECRET_0, TW_KL_SERVER_TRAFFIC_SECRET_0
		};
		int k;
		for (k = 0; k < TW_T13_NSECRETS; k++) {
			const tw_kl_entry *en = tw_keylog_find(&r.kl, kinds[k], hs0.client_random);
			if (en != NULL && en->secret_len == tw_hash_len(m->t13.hash)) {
				memcpy(m->t13.secret[k], en->secret, en->secret_len);
				m->t13.have[k] = 1;
			}
		}
	}
	if (load_creds(m, &hs0, o, e) < 0) {
		tw_hs_free(&hs0);
		goto fail;
	}
	tw_hs_free(&hs0);

	m->wire_ok = 1;
	tw_err_clear(&m->wire_err);
	if (m->wire.nrec == 0) {
		m->wire_ok = 0;
		tw_err_set(&m->wire_err, "connection %zu of %s carries no complete TLS record", pick + 1, o->path);
	} else if (cap->tls13_left_out) {
		m->wire_ok = 0;
		tw_err_set(&m->wire_err, "connection %zu of %s is TLS 1.3: tlswalk walks its ClientHello and ServerHello; the %zu encrypted records after them are not walked yet",
			pick + 1, o->path, cap->tls13_left_out);
	} else if (!w.c.info.complete) {
		m->wire_ok = 0;
		tw_err_set(&m->wire_err, "%s",
			!w.c.info.have_client_hello
			? "the capture starts after this connection's TLS handshake: without the ClientHello and ServerHello nothing can be decrypted or checked"
			: "the capture holds only part of this connection's TLS handshake");
	}
	if (trunc2 && !o->quiet)
		fprintf(stderr, "tlswalk: --read %s: the capture is cut short (%s); walking what came before the cut\n",
			o->path, e2.msg);
	scan_free(&r);
	st->status = 1;
	{
		tw_err fe;
		int rc;
		tw_err_clear(&fe);
		rc = tw_model_finish(m, &fe);
		request_path(m);
		if (rc < 0) {
			snprintf(e->msg, sizeof e->msg, "%s", fe.msg);
			return m->wire.nrec > 0 ? -2 : -1;
		}
	}
	if (o->keys_path != NULL && m->t13.present && m->hs.nmsg > 0
		&& !m->t13.have[TW_T13_S_HS]) {
		tw_err_set(e, "--keys %s: no TLS 1.3 traffic secret lines (SERVER_HANDSHAKE_TRAFFIC_SECRET ...) for this connection's client random; the encrypted records stay closed",
			o->keys_path);
		return -2;
	}
	if (o->keys_path != NULL && !m->wire.given_ms_known && m->hs.nmsg > 0
		&& !cap->tls13_left_out && !m->t13.present) {
		char cr[65];
		for (i = 0; i < 32; i++)
			snprintf(cr + 2 * i, 3, "%02x", m->hs.client_random[i]);
		tw_err_set(e, "--keys %s: no CLIENT_RANDOM line for this connection's client random %s (the key log is for other connections); the encrypted records stay closed",
			o->keys_path, cr);
		return -2;
	}
	return 0;
fail:
	for (d = 0; d < 2; d++) {
		free(w.ms[d]);
		tw_reasm_free(&w.r[d]);
	}
	scan_free(&r);
	st->status = 1;
	return -1;
}

/* see capture.h */
void
tw_capture_notes(const tw_model *m, char *buf, size_t size)
{
	const tw_tcp_capture *c = &m->tcp.cap;
	static const char *const side[2] = { "client", "server" };
	size_t n = 0;
	int d;

#define ADD(...) do { if (n < size) n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__); } while (0)
	if (size)
		buf[0] = 0;
	if (!c->captured)
		return;
	ADD("Read from the capture %s: %zu TCP packets of this connection; the TCP steps show them as captured.\n",
		m->source_name, m->tcp.npkt);
	if (c->no_syn)
		ADD("The capture starts after the client's SYN: the TCP three-way handshake is not in it.\n");
	if (m->hs.nmsg == 0 && m->wire.nrec > 0)
		ADD("The capture starts after the TLS handshake: its %zu records cannot be opened or checked, because the two randoms of the hellos, which every key depends on, are not in it.\n",
			m->wire.nrec);
	for (d = 0; d < 2; d++) {
		if (c->retransmitted[d] || c->out_of_order[d] || c->overlapping[d])
			ADD("The %s's %zu data segments include %zu retransmitted, %zu out of order and %zu overlapping; reassembly kept the first copy of each byte%s.\n",
				side[d], c->segments[d], c->retransmitted[d], c->out_of_order[d],
				c->overlapping[d], c->conflicts[d] ? ", and some copies differed" : "");
		if (c->gap_len[d])
			ADD("%zu bytes of the %s's stream are missing from the capture after byte %zu: the %s's records stop there.\n",
				c->gap_len[d], side[d], c->gap_off[d], side[d]);
		if (c->truncated[d])
			ADD("The %s's stream is longer than tlswalk keeps (%u MB): the rest is left out.\n",
				side[d], STREAM_LIMIT >> 20);
		if (c->not_tls_at[d])
			ADD("The %s's bytes stop looking like TLS records at byte %zu: the walk stops there.\n",
				side[d], c->not_tls_at[d] - 1);
		if (c->partial_record[d] && !c->gap_len[d] && !c->truncated[d])
			ADD("The %s's last %zu bytes are an incomplete record (the capture ended first).\n",
				side[d], c->partial_record[d]);
	}
	if (c->tls13_left_out)
		ADD("This is a TLS 1.3 connection: everything after the ServerHello is encrypted with keys from the TLS 1.3 key schedule, which tlswalk does not walk yet; the %zu records after the hellos are left out.\n",
			c->tls13_left_out);
	if (c->records_left_out)
		ADD("The walk holds the first %d records; %zu more are left out.\n",
			TW_WIRE_MAX_RECORDS, c->records_left_out);
	if (c->packets_left_out)
		ADD("The first %d packets are kept; %zu more of this connection are left out of the TCP view.\n",
			MAX_PACKETS, c->packets_left_out);
	if (m->t13.present) {
		int k, n13 = 0;
		for (k = 0; k < TW_T13_NSECRETS; k++)
			n13 += m->t13.have[k];
		ADD("TLS 1.3: %d of the 4 traffic secrets are in the key log; the handshake and master secrets behind them need the (EC)DHE private keys, which a capture does not hold, so they stay missing.\n",
			n13);
	} else if (m->wire.given_ms_known)
		ADD("The master secret comes from the key log (CLIENT_RANDOM line): the pre-master secret behind it is unknown, so the key block, every record and both Finished are checked against it.\n");
	else if (m->hs.nmsg > 0 && !c->tls13_left_out)
		ADD("No key log line matches this connection's client random: the handshake is shown in clear; what was encrypted stays closed.\n");
#undef ADD
}

/* see capture.h */
void
tw_capture_endpoints(const tw_model *m, char *buf, size_t size)
{
	tw_conn_info ci;
	char a[80], b[80];

	memset(&ci, 0, sizeof ci);
	ci.ip_version = m->tcp.cap.ip_version == 6 ? 6 : 4;
	if (ci.ip_version == 6) {
		memcpy(ci.addr[0], m->tcp.cap.client_ip6, 16);
		memcpy(ci.addr[1], m->tcp.cap.server_ip6, 16);
	} else {
		memcpy(ci.addr[0], m->tcp.client_ip, 4);
		memcpy(ci.addr[1], m->tcp.server_ip, 4);
	}
	ci.port[0] = m->tcp.client_port;
	ci.port[1] = m->tcp.server_port;
	fmt_endpoint(&ci, 0, a, sizeof a);
	fmt_endpoint(&ci, 1, b, sizeof b);
	snprintf(buf, size, "client %s  <->  server %s", a, b);
}

/* ---- pcapng Decryption Secrets Blocks ---- */

static uint32_t
rd32(const uint8_t *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		: be32(p);
}

/* see capture.h */
int
tw_capture_dsb(const char *path, tw_keylog *kl, tw_err *e)
{
	FILE *f = fopen(path, "rb");
	uint8_t h[12];
	int le = 1, nblk = 0;
	char origin[300];

	if (f == NULL)
		return 0;
	snprintf(origin, sizeof origin, "%s: Decryption Secrets Block", path);
	for (;;) {
		uint32_t type, total;
		if (fread(h, 1, 8, f) != 8)
			break;
		if (nblk == 0 && memcmp(h, "\x0a\x0d\x0d\x0a", 4) != 0)
			break;   /* not pcapng */
		if (memcmp(h, "\x0a\x0d\x0d\x0a", 4) == 0) {
			if (fread(h + 8, 1, 4, f) != 4)
				break;
			if (memcmp(h + 8, "\x4d\x3c\x2b\x1a", 4) == 0)
				le = 1;
			else if (memcmp(h + 8, "\x1a\x2b\x3c\x4d", 4) == 0)
				le = 0;
			else
				break;
			total = rd32(h + 4, le);
			if (total < 28 || total % 4 || fseeko(f, (off_t)total - 12, SEEK_CUR) != 0)
				break;
			nblk++;
			continue;
		}
		type = rd32(h, le);
		total = rd32(h + 4, le);
		if (total < 12 || total % 4)
			break;
		nblk++;
		if (type == 0x0000000Au && total >= 20 && total <= (64u << 20)) {
			uint8_t *b = malloc(total - 8);
			uint32_t stype, slen;
			int rc = 0;
			if (b == NULL)
				break;
			if (fread(b, 1, total - 8, f) != total - 8) {
				free(b);
				break;
			}
			stype = rd32(b, le);
			slen = rd32(b + 4, le);
			if (stype == 0x544c534bu && slen <= total - 20)
				rc = tw_keylog_parse(kl, (const char *)b + 8, slen, origin, e);
			free(b);
			if (rc < 0) {
				fclose(f);
				return -1;
			}
			continue;
		}
		if (fseeko(f, (off_t)total - 8, SEEK_CUR) != 0)
			break;
	}
	fclose(f);
	return 0;
}

/* ---- fuzzing ---- */

struct tw_capture_fuzz {
	conn_table t;
	read_stats st;
	uint64_t frame;
};

/* see capture.h */
tw_capture_fuzz *
tw_capture_fuzz_new(void)
{
	tw_capture_fuzz *f = calloc(1, sizeof *f);
	size_t i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < HASH_SIZE; i++)
		f->t.head[i] = -1;
	return f;
}

/* see capture.h */
void
tw_capture_fuzz_packet(tw_capture_fuzz *f, int dlt, const uint8_t *p, size_t len)
{
	seg s;

	memset(&s, 0, sizeof s);
	if (!decode_link(dlt, p, len, &s, &f->st))
		return;
	s.frame = ++f->frame;
	(void)scan_seg(&f->t, &s);
}

/* see capture.h */
unsigned long
tw_capture_fuzz_tcp(const tw_capture_fuzz *f)
{
	return (unsigned long)f->st.tcp;
}

/* see capture.h */
void
tw_capture_fuzz_free(tw_capture_fuzz *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->t.n; i++) {
		if (!f->t.c[i].summarised)
			summarise(&f->t.c[i]);
		tw_reasm_free(&f->t.c[i].r[0]);
		tw_reasm_free(&f->t.c[i].r[1]);
	}
	free(f->t.c);
	free(f);
}
