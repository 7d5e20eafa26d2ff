/*
 * pcap.c — write the connection as pcapng with its TLS secrets. See pcap.h.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pcap.h"
#include "util.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BT_DSB 0x0000000Au
#define SECRETS_TLSK 0x544c534bu
#define LINKTYPE_RAW 101u

/* The file is assembled in memory (a tw_buf), then written in one go. */
typedef tw_buf buf;

static void
put(buf *o, const void *p, size_t n)
{
	tw_buf_add(o, p, n);
}

static void
le16(buf *o, uint32_t v)
{
	uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	put(o, x, 2);
}

static void
le32(buf *o, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	put(o, x, 4);
}

static void
pad4(buf *o)
{
	static const uint8_t z[3];
	if (o->len % 4)
		put(o, z, 4 - o->len % 4);
}

/* An option: code, length, value, padding to 32 bits. */
static void
opt(buf *o, uint32_t code, const void *v, size_t n)
{
	le16(o, code);
	le16(o, (uint32_t)n);
	put(o, v, n);
	pad4(o);
}

/* Start a block: type and a length patched by end_block(). */
static size_t
begin_block(buf *o, uint32_t type)
{
	size_t start = o->len;
	le32(o, type);
	le32(o, 0);
	return start;
}

static void
end_block(buf *o, size_t start)
{
	uint32_t total;

	pad4(o);
	total = (uint32_t)(o->len - start + 4);
	le32(o, total);
	if (o->oom)
		return;
	o->buf[start + 4] = (uint8_t)total;
	o->buf[start + 5] = (uint8_t)(total >> 8);
	o->buf[start + 6] = (uint8_t)(total >> 16);
	o->buf[start + 7] = (uint8_t)(total >> 24);
}

/* The master secret to embed: both engines' when they agree; in a live
 * run (one engine here) the one it reported. NULL: none. */
static const uint8_t *
secret(const tw_model *m)
{
	static const uint8_t zero[48];
	const tw_wire *w = &m->wire;

	/* A capture read back (--read): the key log's master secret. */
	if (m->source == TW_SOURCE_CAPTURE)
		return w->given_ms_known ? w->given_ms : NULL;
	if (m->source != TW_SOURCE_ENGINES) {
		int d = w->engine_ms_known[0] ? 0 : 1;
		return w->engine_ms_known[d] && memcmp(w->engine_ms[d], zero, 48) != 0
			? w->engine_ms[d] : NULL;
	}
	return memcmp(w->engine_ms[0], w->engine_ms[1], 48) == 0
		&& memcmp(w->engine_ms[0], zero, 48) != 0 ? w->engine_ms[0] : NULL;
}

/* see pcap.h */
int
tw_pcap_write(const tw_model *m, const char *path, tw_err *e)
{
	buf o = { 0 };
	size_t s, i;
	char app[64];
	int rc;
	const tw_model *c;
	uint64_t base;

	/* Section Header Block: byte-order magic, version 1.0, length unknown. */
	s = begin_block(&o, BT_SHB);
	le32(&o, 0x1A2B3C4Du);
	le16(&o, 1);
	le16(&o, 0);
	le32(&o, 0xffffffffu);
	le32(&o, 0xffffffffu);
	snprintf(app, sizeof app, "tlswalk %s", PACKAGE_VERSION);
	opt(&o, 4, app, strlen(app));           /* shb_userappl */
	opt(&o, 0, NULL, 0);                     /* opt_endofopt */
	end_block(&o, s);

	/* Interface Description Block: raw IPv4, no snap limit; default
	 * time resolution (microseconds). */
	s = begin_block(&o, BT_IDB);
	le16(&o, LINKTYPE_RAW);
	le16(&o, 0);
	le32(&o, 0);
	opt(&o, 2, "tlswalk", 7);                /* if_name */
	opt(&o, 0, NULL, 0);
	end_block(&o, s);

	/* Decryption Secrets Block: the NSS key log lines (one per
	 * connection: --resume makes two), before any packet. */
	for (c = m; c != NULL; c = c->next) {
		if (secret(c) == NULL)
			continue;
		{
		char line[14 + 64 + 1 + 96 + 2];
		size_t n = 0;
		n += (size_t)snprintf(line + n, sizeof line - n, "CLIENT_RANDOM ");
		for (i = 0; i < 32; i++)
			n += (size_t)snprintf(line + n, sizeof line - n, "%02x", c->hs.client_random[i]);
		line[n++] = ' ';
		for (i = 0; i < 48; i++)
			n += (size_t)snprintf(line + n, sizeof line - n, "%02x", secret(c)[i]);
		line[n++] = '\n';
		s = begin_block(&o, BT_DSB);
		le32(&o, SECRETS_TLSK);
		le32(&o, (uint32_t)n);
		put(&o, line, n);
		end_block(&o, s);
		}
	}

	/* One Enhanced Packet Block per segment; a second connection starts
	 * a tenth of a second after the first one ended. */
	for (c = m, base = (uint64_t)m->now * 1000000u; c != NULL;
		base += (c->tcp.npkt ? c->tcp.pkt[c->tcp.npkt - 1].ts_usec : 0) + 100000u, c = c->next)
	for (i = 0; i < c->tcp.npkt; i++) {
		const tw_packet *p = &c->tcp.pkt[i];
		uint64_t ts = base + p->ts_usec;
		s = begin_block(&o, BT_EPB);
		le32(&o, 0);                         /* interface 0 */
		le32(&o, (uint32_t)(ts >> 32));
		le32(&o, (uint32_t)ts);
		le32(&o, (uint32_t)p->len);          /* captured */
		le32(&o, (uint32_t)p->len);          /* original */
		put(&o, p->data, p->len);
		pad4(&o);
		end_block(&o, s);
	}
	if (o.oom) {
		tw_buf_free(&o);
		return tw_err_set(e, "--pcap %s: out of memory", path);
	}

	/* It holds the master secret: 0600, and never half written. */
	rc = tw_out_write("--pcap", path, o.buf, o.len, e);
	tw_buf_free(&o);
	return rc;
}
