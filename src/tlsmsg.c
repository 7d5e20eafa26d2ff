/*
 * tlsmsg.c — locate the plaintext handshake messages in the transcript and
 * read the values the key schedule needs. See tlsmsg.h.
 */
#include "config.h"
#include <string.h>
#include "tlsmsg.h"

static unsigned
be16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8) | p[1];
}

static size_t
be24(const uint8_t *p)
{
	return ((size_t)p[0] << 16) | ((size_t)p[1] << 8) | p[2];
}

static int
parse_client_hello(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	if (n < 2 + 32 + 1)
		return tw_err_set(e, "ClientHello is too short (%zu bytes)", n);
	hs->client_version = (uint16_t)be16(b);
	memcpy(hs->client_random, b + 2, 32);
	return 0;
}

static int
parse_server_hello(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t sid;

	if (n < 2 + 32 + 1)
		return tw_err_set(e, "ServerHello is too short (%zu bytes)", n);
	hs->server_version = (uint16_t)be16(b);
	memcpy(hs->server_random, b + 2, 32);
	sid = b[34];
	if (sid > 32 || n < 35 + sid + 3)
		return tw_err_set(e, "ServerHello session id length %zu runs past the message", sid);
	memcpy(hs->session_id, b + 35, sid);
	hs->session_id_len = sid;
	hs->suite = (uint16_t)be16(b + 35 + sid);
	return 0;
}

static int
parse_certificate(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t total, off;

	if (n < 3 || (total = be24(b)) != n - 3)
		return tw_err_set(e, "Certificate list length does not match the message");
	for (off = 3; off < n; ) {
		size_t cl;
		if (n - off < 3 || (cl = be24(b + off)) > n - off - 3)
			return tw_err_set(e, "a certificate length runs past the Certificate message");
		if (hs->ncert < TW_MAX_CHAIN) {
			hs->cert[hs->ncert] = b + off + 3;
			hs->cert_len[hs->ncert] = cl;
			hs->ncert++;
		}
		off += 3 + cl;
	}
	return 0;
}

static int
parse_ske(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t plen, slen;

	/* ECParameters: curve_type named_curve(3) + NamedCurve; then ECPoint. */
	if (n < 4 || b[0] != 3)
		return tw_err_set(e, "ServerKeyExchange does not hold named-curve ECDHE parameters");
	plen = b[3];
	if (n < 4 + plen + 4)
		return tw_err_set(e, "ServerKeyExchange public key runs past the message");
	hs->curve = (uint16_t)be16(b + 1);
	hs->server_point = b + 4;
	hs->server_point_len = plen;
	hs->ske_params = b;
	hs->ske_params_len = 4 + plen;
	hs->sig_alg = (uint16_t)be16(b + 4 + plen);
	slen = be16(b + 6 + plen);
	if (8 + plen + slen != n)
		return tw_err_set(e, "ServerKeyExchange signature length does not match the message");
	hs->sig = b + 8 + plen;
	hs->sig_len = slen;
	hs->have_ske = 1;
	return 0;
}

static int
parse_cke(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	if (n < 1 || (size_t)b[0] + 1 != n)
		return tw_err_set(e, "ClientKeyExchange point length does not match the message");
	hs->client_point = b + 1;
	hs->client_point_len = b[0];
	hs->have_cke = 1;
	return 0;
}

/* see tlsmsg.h */
int
tw_hs_parse(const tw_wire *w, tw_hs *hs, tw_err *e)
{
	size_t i;

	memset(hs, 0, sizeof *hs);
	for (i = 0; i < w->nrec; i++) {
		const tw_record *r = &w->rec[i];
		const uint8_t *rb = tw_wire_record_bytes(w, i);
		size_t off = 5;

		if (r->type != TW_CT_HANDSHAKE || r->encrypted)
			continue;
		while (off < r->len) {
			tw_hs_msg *m;
			const uint8_t *b;
			size_t blen;
			int rc = 0;

			if (r->len - off < 4 || be24(rb + off + 1) > r->len - off - 4)
				return tw_err_set(e, "record %zu: a handshake message runs past its record (fragmented messages are not supported)", i);
			if (hs->nmsg == TW_MAX_HS_MSGS)
				return tw_err_set(e, "more than %d handshake messages", TW_MAX_HS_MSGS);
			m = &hs->msg[hs->nmsg++];
			m->dir = r->dir;
			m->type = rb[off];
			m->rec = (int)i;
			m->stream_off = r->off + off;
			m->len = 4 + be24(rb + off + 1);
			m->bytes = rb + off;
			b = rb + off + 4;
			blen = m->len - 4;
			switch (m->type) {
			case TW_HS_CLIENT_HELLO: rc = parse_client_hello(hs, b, blen, e); break;
			case TW_HS_SERVER_HELLO: rc = parse_server_hello(hs, b, blen, e); break;
			case TW_HS_CERTIFICATE: rc = parse_certificate(hs, b, blen, e); break;
			case TW_HS_SERVER_KEY_EXCHANGE: rc = parse_ske(hs, b, blen, e); break;
			case TW_HS_CLIENT_KEY_EXCHANGE: rc = parse_cke(hs, b, blen, e); break;
			default: break;
			}
			if (rc < 0)
				return -1;
			off += m->len;
		}
	}
	return 0;
}

/* see tlsmsg.h */
const tw_hs_msg *
tw_hs_find(const tw_hs *hs, tw_dir dir, uint8_t type)
{
	size_t i;

	for (i = 0; i < hs->nmsg; i++)
		if (hs->msg[i].dir == dir && hs->msg[i].type == type)
			return &hs->msg[i];
	return NULL;
}
